#!/usr/bin/env bash
# Installs every Debian 12 package Mamori needs to build, test and serve.
# Idempotent: packages already present are skipped by apt-get; runs as root
# (or through sudo when not root).
set -euo pipefail

PKGS=(
  build-essential pkg-config meson ninja-build git
  libmicrohttpd-dev libsqlite3-dev sqlite3 libpq-dev libjansson-dev
  libsodium-dev libinih-dev libicu-dev libseccomp-dev
  libcairo2-dev libpango1.0-dev fonts-noto-cjk libvips-dev libxlsxwriter-dev
  libcmocka-dev libssl-dev libqrencode-dev
  poppler-utils            # tests: pdftotext, pdffonts, pdfinfo, pdftoppm of the printed forms
  imagemagick              # bench/photo.sh: the reference (/usr/bin/convert)
  dpkg-dev debhelper fakeroot lintian scdoc systemd
  john-data
  clang libclang-rt-dev    # tools/fuzz.sh: clang and its libFuzzer
  postgresql postgresql-contrib
  locales
  chromium
  nginx-light wrk curl
)

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

# Node.js may come from another packaging that bundles npm (and conflicts
# with Debian's npm package): ask for Debian's only when the commands are absent.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${#missing[@]} package(s): ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "install-deps: all Debian packages present"
fi
