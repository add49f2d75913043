#!/usr/bin/env bash
# Install the system tools linesim uses, from Debian only, and only when missing:
#   dwarves (pahole: layout import/from-c and its tests), chromium (HTML→PNG report
#   rendering via playwright-core), fonts-dejavu-core (text in resvg/chromium output),
#   redis-server (the queue tests start a private one: `linesim run --queue`, `linesim worker`).
# Idempotent and quiet: nothing is fetched when everything is already installed.
# `npm test` runs it first (script `pretest`), so the suite passes on a fresh Debian
# machine with only Node installed. Without root or sudo it says what is missing and
# exits 0: the tests that need a tool then fail and name it.
set -euo pipefail

need=()
command -v pahole >/dev/null 2>&1 || need+=(dwarves)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || need+=(fonts-dejavu-core)
command -v gcc >/dev/null 2>&1 || need+=(gcc)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"
  else
    echo "setup-tools: missing ${need[*]}; not root and no password-less sudo: install them with apt-get" >&2
    exit 0
  fi
fi
echo "setup-tools: installing ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
