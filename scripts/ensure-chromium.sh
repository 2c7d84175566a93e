#!/usr/bin/env bash
# The browser tests drive Debian's Chromium through Playwright; Playwright's own
# browser download is neither wanted nor possible here. Install it when missing.
set -euo pipefail
CHROMIUM=${MESODESK_CHROMIUM:-/usr/bin/chromium}
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
echo "ensure-chromium: $CHROMIUM is missing; installing Debian's chromium" >&2
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
elif command -v sudo >/dev/null && command -v apt-get >/dev/null; then
  sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi
if [ ! -x "$CHROMIUM" ]; then
  echo "ensure-chromium: cannot install Chromium; the browser tests will fail. Install the 'chromium' package." >&2
  exit 1
fi
