#!/usr/bin/env bash
# Install what the report's browser tests and `reckon report --pdf` need, when missing:
# Debian's Chromium (driven by Playwright; no browser is downloaded) and poppler-utils
# (pdftoppm, to check the PDF's pages). Tests marked `browser` skip with a reason otherwise.
set -u
need=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null 2>&1 || true
  apt-get install -y -qq "${need[@]}" >/dev/null 2>&1 \
    || echo "browser: could not install ${need[*]}; browser tests will be skipped" >&2
else
  echo "browser: ${need[*]} missing (install as root); browser tests will be skipped" >&2
fi
exit 0
