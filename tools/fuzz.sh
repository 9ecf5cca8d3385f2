#!/usr/bin/env bash
# tools/fuzz.sh - fuzzes the parsers Mamori owns with libFuzzer, each for a
# bounded time, and keeps what it finds in the corpora the suite replays.
#
#   tools/fuzz.sh [SECONDS] [HARNESS ...]
#
# SECONDS per harness (default 60); HARNESS names from tests/fuzz/meson.build
# (form json multipart forwarded headers csv field config image; default all).
# Builds the harnesses with clang -fsanitize=fuzzer,address,undefined in
# their own build directory (build-fuzz, or $FUZZ_BUILD), apart from the
# normal build.  Each harness runs as one process at low priority (the CI
# machine is shared), from a scratch copy of its corpus; afterwards
# libFuzzer's -merge=1 adds to tests/fuzz/corpus/NAME only the inputs that
# reach new code, so the corpus stays small.  A crash, leak, timeout or
# UBSan report is copied into tests/fuzz/corpus/NAME as well: then
# `meson test` fails on it (replay.c, no clang needed) until the bug is
# fixed, and the reproducer stays as a regression test.  Exit status 1
# when any harness found something.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
secs="${1:-60}"
shift || true
all=(form json multipart forwarded headers csv field config image)
names=("$@")
[ ${#names[@]} -gt 0 ] || names=("${all[@]}")
build="${FUZZ_BUILD:-build-fuzz}"
CC="${CC:-clang}"
command -v "$CC" >/dev/null || {
	echo "fuzz: $CC not found (Debian: apt-get install clang libclang-rt-dev)" >&2
	exit 2
}

if [ ! -f "$build/build.ninja" ]; then
	CC="$CC" meson setup "$build" -Dfuzzing=true \
		-Db_sanitize=address,undefined -Db_lundef=false \
		-Dbuildtype=debugoptimized -Dwerror=false \
		-Dc_args="-fsanitize=fuzzer-no-link -fno-sanitize-recover=undefined" \
		>/dev/null
fi
targets=()
for n in "${names[@]}"; do targets+=("tests/fuzz/fuzz_$n"); done
nice -n 10 ninja -C "$build" -j 1 "${targets[@]}"

export ASAN_OPTIONS="abort_on_error=0:detect_leaks=1:symbolize=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
found=0
for n in "${names[@]}"; do
	corpus="tests/fuzz/corpus/$n"
	work="$build/fuzz-work/$n"
	art="$build/fuzz-artifacts/$n/"
	rm -rf "$work"
	mkdir -p "$work" "$art" "$corpus"
	cp "$corpus"/* "$work"/ 2>/dev/null || true
	before=$(ls "$corpus" | wc -l)
	echo "fuzz: $n for ${secs}s"
	rc=0
	nice -n 19 "$build/tests/fuzz/fuzz_$n" "$work" \
		-max_total_time="$secs" -max_len=8192 -timeout=10 \
		-rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$art" >"$build/fuzz-$n.log" 2>&1 || rc=$?
	grep -E '^stat::number_of_executed_units|^#[0-9]+ *DONE' \
		"$build/fuzz-$n.log" | tail -n 2 || true
	# The merge reruns every input: a crasher met there is an artifact too.
	nice -n 19 "$build/tests/fuzz/fuzz_$n" -merge=1 -timeout=10 \
		-rss_limit_mb=2048 -artifact_prefix="$art" "$corpus" "$work" \
		>>"$build/fuzz-$n.log" 2>&1 || true
	echo "fuzz: $n corpus $before -> $(ls "$corpus" | wc -l) inputs"
	this=0
	for f in "$art"*; do
		[ -e "$f" ] || continue
		cp "$f" "$corpus/"
		echo "fuzz: $n FOUND $(basename "$f") (kept in $corpus; see $build/fuzz-$n.log)"
		this=1
	done
	rm -f "$art"*
	if [ "$rc" != 0 ] && [ "$this" = 0 ]; then
		echo "fuzz: $n exited $rc without an artifact; see $build/fuzz-$n.log"
		this=1
	fi
	[ "$this" = 0 ] || found=1
done
exit "$found"
