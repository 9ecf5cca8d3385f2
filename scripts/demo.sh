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
if [ ! -f demo/mamori.db ]; then
	build/mamori init --db demo/mamori.db --demo
fi
echo "demo: open http://127.0.0.1:8080 (password mamori-demo-2026); Ctrl-C stops"
exec build/mamori serve --db demo/mamori.db --listen 127.0.0.1:8080
