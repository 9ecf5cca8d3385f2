#!/usr/bin/env bash
# scripts/test.sh - runs every test of Mamori on both store backends and
# ends with one line "N passed, N failed" (individual test cases), exiting
# non-zero when any failed:
#   SQLite (the default backend):
#   1. unit tests (cmocka, meson test) in build/ and again in build-asan/
#      under AddressSanitizer + UndefinedBehaviorSanitizer;
#   2. the HTTP suite (node:test) against build/mamori and build-asan/mamori;
#   3. the crash suite (tests/crash: 200 kill -9 rounds, MAMORI_CRASH_ROUNDS;
#      the Nth read, write, sync and allocation failing for every N over
#      each mutating API operation, at least 10,000 of each family) and the
#      browser suite against
#      build/mamori, and
#      the Debian package suite (tests/package: dpkg-buildpackage, lintian,
#      systemd-analyze verify, the installed binary);
#   PostgreSQL 15 (a throwaway server, scripts/pg-test-server.sh):
#   4. the store unit tests and front_cli (mamori migrate) with
#      MAMORI_TEST_PG, in build/ and build-asan/;
#   5. the HTTP suite, the crash suite (200 kill -9 rounds of mamori, every
#      8th also killing a durable PostgreSQL of its own mid-write; the
#      connection cut before each statement of each mutating operation) and the
#      two-server cluster suite
#      (tests/cluster/) against build/mamori, each server on a fresh
#      database.  The HTTP suite must pass as many tests as on SQLite.
# Installs missing Debian packages and node modules first.  Environment:
# MAMORI_BUILD_DIR, MAMORI_ASAN_DIR (build directories), MAMORI_PG_PORT
# (the test server's port, default 55432).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# The build directories (overridable, e.g. to test this script beside
# someone else's build/).
BUILD="${MAMORI_BUILD_DIR:-build}"
ASAN="${MAMORI_ASAN_DIR:-build-asan}"

PASSED=0
FAILED=0
LOGS="$ROOT/$BUILD/test-logs"
T0=$SECONDS

# Per backend, for the summary: the counts when a backend part began.
declare -A BACKEND_PASSED BACKEND_FAILED
backend_begin() { B_P0=$PASSED; B_F0=$FAILED; }
backend_end() {
	BACKEND_PASSED[$1]=$((PASSED - B_P0))
	BACKEND_FAILED[$1]=$((FAILED - B_F0))
}

note() { printf '\n=== %s\n' "$*"; }
fail_step() {
	# A step that could not run counts as one failed test, so a broken
	# build can never end in "0 failed".
	echo "test.sh: FAILED: $*" >&2
	FAILED=$((FAILED + 1))
}

# The SQLite part must not inherit a developer's PostgreSQL URL; the
# PostgreSQL part below sets it itself.
unset MAMORI_TEST_PG

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
# Third-party caches that outlive pdf_release(): tests/lsan.supp says which.
export LSAN_OPTIONS="suppressions=$ROOT/tests/lsan.supp"

# ---- dependencies ---------------------------------------------------------
note "dependencies"
"$ROOT/scripts/install-deps.sh" || fail_step "install-deps.sh"

# node_modules is stale when the lock file changed after the last install.
if [ ! -f node_modules/.package-lock.json ] ||
	[ package-lock.json -nt node_modules/.package-lock.json ]; then
	npm ci --no-audit --no-fund || fail_step "npm ci"
else
	echo "node_modules up to date"
fi

# ---- builds ---------------------------------------------------------------
# build_dir DIR [meson options...]: configures DIR once, then builds it.
build_dir() {
	local dir="$1"
	shift
	if [ ! -f "$dir/build.ninja" ]; then
		meson setup "$dir" "$@" || return 1
	fi
	ninja -C "$dir"
}

note "build (normal)"
BUILD_OK=1
build_dir "$BUILD" || { BUILD_OK=0; fail_step "build of $BUILD/"; }
note "build (ASan + UBSan)"
ASAN_OK=1
build_dir "$ASAN" -Db_sanitize=address,undefined -Db_lundef=false ||
	{ ASAN_OK=0; fail_step "build of $ASAN/"; }
mkdir -p "$LOGS"

# ---- unit tests -----------------------------------------------------------
# count_cmocka DIR RC: adds the cmocka results of DIR's last `meson test`.
# An executable that printed no summary (it crashed) counts as one failed
# test; one that printed its summary but still failed (a leak report at
# exit) adds one failure too.
count_cmocka() {
	local counts rc="$2"
	counts="$(python3 - "$1/meson-logs/testlog.json" <<'PY'
import json, re, sys
passed = failed = 0
try:
    lines = open(sys.argv[1], encoding="utf-8", errors="replace").read().splitlines()
except OSError:
    lines = []
for line in lines:
    if not line.strip():
        continue
    t = json.loads(line)
    out = (t.get("stdout") or "") + "\n" + (t.get("stderr") or "")
    p = sum(int(n) for n in re.findall(r"\[  PASSED  \] (\d+) test", out))
    f = sum(int(n) for n in re.findall(r"\[  FAILED  \] (\d+) test", out))
    ok = t.get("result") in ("OK", "EXPECTEDFAIL", "SKIP")
    if p == 0 and f == 0 and not ok:
        f = 1
    elif not ok and f == 0:
        f = 1
    passed += p
    failed += f
print(passed, failed)
PY
)" || counts="0 1"
	set -- $counts
	# meson itself failed (no log, a reconfigure error) yet no test did.
	if [ "$rc" != 0 ] && [ "$2" = 0 ]; then
		set -- "$1" 1
		echo "test.sh: FAILED: meson test exited $rc" >&2
	fi
	echo "cmocka: $1 passed, $2 failed"
	PASSED=$((PASSED + $1))
	FAILED=$((FAILED + $2))
}

backend_begin
if [ "$BUILD_OK" = 1 ]; then
	note "unit tests ($BUILD/)"
	rm -f "$BUILD/meson-logs/testlog.json"
	meson test -C "$BUILD" --print-errorlogs
	count_cmocka "$BUILD" $?
fi
if [ "$ASAN_OK" = 1 ]; then
	note "unit tests ($ASAN/, ASan + UBSan)"
	rm -f "$ASAN/meson-logs/testlog.json"
	meson test -C "$ASAN" --print-errorlogs --timeout-multiplier 4
	count_cmocka "$ASAN" $?
fi

# ---- node suites ----------------------------------------------------------
# node_suite NAME BIN FILES...: runs node:test with the TAP reporter and
# adds its "# pass N" / "# fail N" (cancelled tests count as failed).
node_suite() {
	local name="$1" bin="$2"
	shift 2
	local log="$LOGS/$name.tap"
	note "node suite: $name ($bin)"
	if [ $# -eq 0 ]; then
		fail_step "$name: no test files"
		return
	fi
	MAMORI_BIN="$bin" node --test --test-reporter=tap "$@" 2>&1 | tee "$log"
	local rc=${PIPESTATUS[0]}
	local p f c
	p="$(grep -E '^# pass [0-9]+' "$log" | tail -1 | awk '{print $3}')"
	f="$(grep -E '^# fail [0-9]+' "$log" | tail -1 | awk '{print $3}')"
	c="$(grep -E '^# cancelled [0-9]+' "$log" | tail -1 | awk '{print $3}')"
	if [ -z "$p" ] || [ -z "$f" ]; then
		fail_step "$name: node printed no summary (exit $rc)"
		return
	fi
	f=$((f + ${c:-0}))
	if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		fail_step "$name: node exited $rc"
	fi
	echo "$name: $p passed, $f failed"
	PASSED=$((PASSED + p))
	FAILED=$((FAILED + f))
	SUITE_PASSED[$name]=$p
}
declare -A SUITE_PASSED

shopt -s nullglob
if [ "$BUILD_OK" = 1 ]; then
	node_suite http "$ROOT/$BUILD/mamori" tests/http/*.test.mjs
	node_suite crash "$ROOT/$BUILD/mamori" tests/crash/*.test.mjs
	node_suite browser "$ROOT/$BUILD/mamori" tests/browser/*.test.mjs
	# Issue 15: the Debian package (built from the tree, lintian, its
	# units, the binary it installs); about a minute.
	node_suite package "$ROOT/$BUILD/mamori" tests/package/*.test.mjs
fi
if [ "$ASAN_OK" = 1 ]; then
	node_suite http-asan "$ROOT/$ASAN/mamori" tests/http/*.test.mjs
fi
backend_end sqlite

# ---- PostgreSQL -------------------------------------------------------------
# The test server is started once for the whole part.  One that was
# already running (a developer's, or a parallel run's) is used and left
# running; one started here is stopped on exit, whatever happens.
PG_SERVER="$ROOT/scripts/pg-test-server.sh"
PG_URL=""
stop_pg() { "$PG_SERVER" stop >/dev/null 2>&1 || true; }

note "PostgreSQL test server"
backend_begin
if PG_URL="$("$PG_SERVER" status)"; then
	echo "using the running server $PG_URL"
elif PG_URL="$("$PG_SERVER" start)"; then
	trap stop_pg EXIT
	echo "started $PG_URL"
else
	PG_URL=""
	fail_step "scripts/pg-test-server.sh could not start PostgreSQL"
fi

# pg_unit_tests DIR [meson test options]: the store tests and front_cli
# (migrate to PostgreSQL) of DIR again, now on PostgreSQL.
pg_unit_tests() {
	local dir="$1" names
	shift
	names="$(meson test -C "$dir" --no-rebuild --list 2>/dev/null |
		sed 's|^.* / ||; s/^.*://' |
		grep -E '^(store_[a-z0-9_]+|front_cli)$')"
	if [ -z "$names" ]; then
		fail_step "$dir: no store tests found"
		return
	fi
	note "unit tests on PostgreSQL ($dir/): $(echo $names)"
	rm -f "$dir/meson-logs/testlog.json"
	# shellcheck disable=SC2086
	MAMORI_TEST_PG="$PG_URL" meson test -C "$dir" --no-rebuild \
		--print-errorlogs "$@" $names
	count_cmocka "$dir" $?
}

if [ -n "$PG_URL" ]; then
	[ "$BUILD_OK" = 1 ] && pg_unit_tests "$BUILD"
	[ "$ASAN_OK" = 1 ] && pg_unit_tests "$ASAN" --timeout-multiplier 4
	if [ "$BUILD_OK" = 1 ]; then
		export MAMORI_TEST_PG="$PG_URL"
		node_suite http-pg "$ROOT/$BUILD/mamori" tests/http/*.test.mjs
		node_suite crash-pg "$ROOT/$BUILD/mamori" tests/crash/*.test.mjs
		node_suite cluster-pg "$ROOT/$BUILD/mamori" tests/cluster/*.test.mjs
		unset MAMORI_TEST_PG
		# Issue 3: the suite passes as many tests on PostgreSQL as on SQLite.
		note "HTTP suite on both backends"
		echo "http (sqlite): ${SUITE_PASSED[http]:-?} passed;" \
			"http (postgresql): ${SUITE_PASSED[http-pg]:-?} passed"
		if [ "${SUITE_PASSED[http]:-x}" != "${SUITE_PASSED[http-pg]:-y}" ]; then
			fail_step "the HTTP suite passed ${SUITE_PASSED[http]:-?} tests on" \
				"SQLite but ${SUITE_PASSED[http-pg]:-?} on PostgreSQL"
		fi
	fi
fi
backend_end postgresql

echo
printf '%-12s %8s %8s\n' backend passed failed
for b in sqlite postgresql; do
	printf '%-12s %8s %8s\n' "$b" "${BACKEND_PASSED[$b]}" "${BACKEND_FAILED[$b]}"
done
# Steps outside both parts (dependencies, builds) that failed.
printf '%-12s %8s %8s\n' other 0 \
	"$((FAILED - BACKEND_FAILED[sqlite] - BACKEND_FAILED[postgresql]))"
echo "test.sh: $(( (SECONDS - T0) / 60 )) min $(( (SECONDS - T0) % 60 )) s"
echo
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
