#!/usr/bin/env bash
# Builds what goes to Maven Central: every published module (the parent POM, lockstep-bom, -core, -explorer, -junit,
# -agent, -redis) with its sources and Javadoc jars, checksums, and signatures when a key is named, laid out as a
# repository and zipped as the Central Portal's upload bundle: target/central-bundle.zip.
#   scripts/release-bundle.sh                      unsigned (what CI builds)
#   scripts/release-bundle.sh -Dgpg.keyname=KEY    signed with that gpg key (the release-signing profile)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
staging="$PWD/target/central-staging"
rm -rf "$staging" target/central-bundle.zip
mkdir -p "$staging"
./mvnw -B -q -ntp -Dstyle.color=never -Prelease -DskipTests \
  -pl lockstep-bom,lockstep-core,lockstep-explorer,lockstep-junit,lockstep-agent,lockstep-redis -am \
  deploy -DaltDeploymentRepository="staging::file:$staging" "$@"
(cd "$staging" && "$JAVA_HOME/bin/jar" --create --no-manifest --file ../central-bundle.zip .)
echo "target/central-bundle.zip"
