#!/usr/bin/env bash
# scripts/demo.sh - installs what is missing, builds Mamori, creates the
# demo database (once) and serves it on http://127.0.0.1:8080.
# Log in as any demo user (see README) with the password mamori-demo-2026.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

scripts/install-deps.sh
if [ ! -f build/build.ninja ]; then
	meson setup build
fi
ninja -C build

mkdir -p demo
# The field key seals the demo child's identity (issue 9); init makes the
# key file beside the database, serve reads it.
if [ ! -f demo/mamori.ini ]; then
	printf '[keys]\nfield_key = %s\n' "$ROOT/demo/field.key" > demo/mamori.ini
fi
if [ ! -f demo/mamori.db ]; then
	build/mamori init --db demo/mamori.db --demo --config demo/mamori.ini
fi
echo "demo: open http://127.0.0.1:8080 (password mamori-demo-2026); Ctrl-C stops"
exec build/mamori serve --db demo/mamori.db --config demo/mamori.ini \
	--listen 127.0.0.1:8080
