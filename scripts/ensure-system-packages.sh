#!/usr/bin/env bash
# WeasyPrint (consent PDFs) needs Pango and a font from the system; the message catalogues
# are compiled (and collected) by GNU gettext. Install them when missing.
set -euo pipefail
if ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so.0" && fc-list 2>/dev/null | grep -qi "dejavu" \
  && command -v msgfmt >/dev/null && command -v xgettext >/dev/null; then
  exit 0
fi
echo "ensure-system-packages: installing Pango and DejaVu fonts for PDF generation" >&2
packages="libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fontconfig gettext"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq $packages >/dev/null
elif command -v sudo >/dev/null && command -v apt-get >/dev/null; then
  sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $packages >/dev/null
else
  echo "ensure-system-packages: cannot install $packages; PDFs and translations will fail" >&2
  exit 1
fi
