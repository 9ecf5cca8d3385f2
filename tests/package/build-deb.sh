#!/usr/bin/env bash
# tests/package/build-deb.sh OUTDIR - builds the Debian package of the
# source tree (its tracked and new files, not build/ or node_modules/)
# in a copy under OUTDIR, so dpkg-buildpackage's files (obj-*/,
# debian/mamori/, ../mamori_*) never land in the tree or beside it.
# Prints the path of the .deb on its last line.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$1"
rm -rf "$OUT/src"
mkdir -p "$OUT/src"
# What git knows (committed, changed or new and not ignored); a tracked
# file deleted in the tree is skipped (--ignore-failed-read).
# Without git (a tarball), the tree but the build directories.
if git -C "$ROOT" rev-parse --git-dir >/dev/null 2>&1; then
	(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard |
		tar -cf - --null --ignore-failed-read -T - 2>/dev/null)
else
	tar -C "$ROOT" -cf - --exclude='./build*' --exclude=./node_modules \
		--exclude='./obj-*' --exclude=./.git .
fi | tar -xf - -C "$OUT/src"
cd "$OUT/src"
DEB_BUILD_OPTIONS="nocheck parallel=$(nproc)" dpkg-buildpackage -us -uc -b >"$OUT/build.log" 2>&1 ||
	{ tail -n 40 "$OUT/build.log" >&2; echo "build-deb: dpkg-buildpackage failed (log: $OUT/build.log)" >&2; exit 1; }
for deb in "$OUT"/mamori_*.deb; do :; done
echo "$deb"
