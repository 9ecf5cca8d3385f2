#!/usr/bin/env bash
# tests/package/verify-units.sh UNITDIR PREFIX_FROM PREFIX_TO
# `systemd-analyze verify` on the Mamori units in UNITDIR (the service and
# the timers with their services), on copies whose paths starting with
# PREFIX_FROM (where they will be installed, e.g. /usr) are rewritten to
# PREFIX_TO (where the files are now: an extracted package, a build
# directory), since verify checks that each ExecStart= program exists.
# Exit 0 clean, 1 with systemd-analyze's complaints, 77 (skipped, with the
# reason) when systemd-analyze is missing or cannot run here.
set -uo pipefail
UNITDIR="$1" FROM="$2" TO="$3"
if ! command -v systemd-analyze >/dev/null 2>&1; then
	echo "verify-units: SKIP: systemd-analyze is not installed (package systemd)"
	exit 77
fi
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
units=()
for u in mamori.service mamori-backup.service mamori-backup.timer \
	mamori-checkpoint.service mamori-checkpoint.timer; do
	if [ ! -f "$UNITDIR/$u" ]; then
		echo "verify-units: $UNITDIR/$u is missing"
		exit 1
	fi
	sed "s|=$FROM/|=$TO/|g" "$UNITDIR/$u" >"$TMP/$u"
	units+=("$TMP/$u")
done
# A probe: an empty valid unit must verify, or this machine cannot run it.
printf '[Service]\nType=oneshot\nExecStart=/bin/true\n' >"$TMP/probe.service"
if ! systemd-analyze verify --man=no "$TMP/probe.service" >"$TMP/probe.log" 2>&1; then
	echo "verify-units: SKIP: systemd-analyze cannot verify a trivial unit here:"
	cat "$TMP/probe.log"
	exit 77
fi
if out="$(systemd-analyze verify --man=no "${units[@]}" 2>&1)" && [ -z "$out" ]; then
	echo "verify-units: ${#units[@]} units verified"
	exit 0
fi
echo "verify-units: systemd-analyze verify complained:"
echo "$out"
exit 1
