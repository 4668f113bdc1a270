#!/usr/bin/env bash
# Installs what the test suite needs from Debian's packages when it is missing:
# redis-server (lockstep-redis starts its own servers on loopback) and chromium (the HTML report is checked in a real
# headless browser). Needs root, as on CI; otherwise it says what to install.
set -euo pipefail
missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "The tests need: ${missing[*]} (Debian packages). Install them, e.g. 'sudo apt-get install -y ${missing[*]}'." >&2
  exit 1
fi
echo "Installing ${missing[*]} from Debian's packages..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
