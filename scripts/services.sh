#!/usr/bin/env bash
# Makes sure the Debian packages the test suite uses are present (installs them when run as root).
# Usage: scripts/services.sh ensure
set -euo pipefail

packages=(chromium redis-server postgresql)
binaries=(/usr/bin/chromium /usr/bin/redis-server /usr/lib/postgresql/15/bin/initdb)

missing=()
for i in "${!packages[@]}"; do
  if ! ls ${binaries[$i]} >/dev/null 2>&1 && ! dpkg -s "${packages[$i]}" >/dev/null 2>&1; then
    missing+=("${packages[$i]}")
  fi
done

case "${1:-ensure}" in
  ensure)
    if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
    if [ "$(id -u)" -eq 0 ]; then
      echo "installing Debian packages: ${missing[*]}"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    elif [ "${CI:-}" = "true" ]; then
      echo "missing Debian packages (run as root or install them): ${missing[*]}" >&2
      exit 1
    else
      echo "note: tests that need ${missing[*]} will fail; install with: sudo apt-get install -y ${missing[*]}" >&2
    fi
    ;;
  *) echo "usage: $0 ensure" >&2; exit 2 ;;
esac
