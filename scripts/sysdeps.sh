#!/usr/bin/env bash
# Install the Debian packages the tests use, when they are missing:
#   chromium + chromium-driver (browser tests), gdal-bin (ogrinfo reads our exports),
#   poppler-utils (pdftotext/pdffonts/pdftoppm read our reports), postgresql (monitoring store),
#   espeak-ng (Turkish and English speech for the audio series; its voices come with it).
# Idempotent; does nothing when everything is there. Needs root (or sudo) to install.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
command -v ogrinfo >/dev/null 2>&1 || need+=(gdal-bin)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v espeak-ng >/dev/null 2>&1 || need+=(espeak-ng)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
echo "sysdeps: installing ${need[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "sysdeps: please install as root: apt-get install -y ${need[*]}" >&2; exit 1; fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
