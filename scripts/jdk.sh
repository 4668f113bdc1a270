# Finds a JDK 25 or newer and exports JAVA_HOME; sourced by every script of the project.
# Order: $JAVA_HOME if it is 25+, then `java` on the PATH if it is, then the newest 25+ under /usr/lib/jvm.

lockstep_java_version() { # prints the feature version of the java binary $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

lockstep_find_jdk() {
  local v candidate best="" bestv=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    v=$(lockstep_java_version "$JAVA_HOME/bin/java")
    if [ "${v:-0}" -ge 25 ]; then echo "$JAVA_HOME"; return 0; fi
  fi
  if command -v java >/dev/null 2>&1; then
    candidate=$(readlink -f "$(command -v java)")
    v=$(lockstep_java_version "$candidate")
    if [ "${v:-0}" -ge 25 ]; then dirname "$(dirname "$candidate")"; return 0; fi
  fi
  for candidate in /usr/lib/jvm/*/bin/java /usr/java/*/bin/java /opt/java/*/bin/java; do
    [ -x "$candidate" ] || continue
    v=$(lockstep_java_version "$candidate")
    if [ "${v:-0}" -ge 25 ] && [ "$v" -gt "$bestv" ]; then bestv=$v; best=$(dirname "$(dirname "$candidate")"); fi
  done
  if [ -n "$best" ]; then echo "$best"; return 0; fi
  return 1
}

if ! LOCKSTEP_JAVA_HOME=$(lockstep_find_jdk); then
  echo "Lockstep needs a JDK 25 or newer, and none was found: JAVA_HOME is unset or older," >&2
  echo "'java' on the PATH is older, and /usr/lib/jvm holds no JDK 25+." >&2
  echo "Install one (for example Temurin 25) or point JAVA_HOME at it, then run this again." >&2
  exit 1
fi
export JAVA_HOME="$LOCKSTEP_JAVA_HOME"
export PATH="$JAVA_HOME/bin:$PATH"
# Maven's own libraries call sun.misc.Unsafe; JDK 25 warns about it on every build.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
