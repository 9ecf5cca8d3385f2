#!/usr/bin/env bash
# bench/run.sh - every benchmark of Mamori on both store backends, each
# figure beside a reference measured in the same run on the same machine,
# in one table: figure, Mamori, reference, ratio, target, met?  (issue 12)
#
#   list page   GET /users logged in (50 rows of 250 users), 16 keep-alive
#               connections, against nginx serving the very same bytes from
#               a file; on PostgreSQL against the SQLite figure
#   writes      POST /api/v1/units with a bearer token (rule check, row,
#               audit entry, synced commit): on SQLite at 16 connections
#               against one connection committing one row per transaction
#               with the same pragmas (bench/raw_commits.c); on PostgreSQL
#               at 1 and 16 connections against pgbench inserting one row
#               per transaction with as many clients
#   audit       `mamori audit verify` against sha256sum over the trail's rows
#               (of the grown trail)
#   memory      the server's RSS sampled over the list-page run
#   growth      each list page, the home page and an API list (one
#               connection) after bench/seed.py grew the database to 10 k
#               users, 100 k loans and 1 M audit entries, against the same
#               at demo size (--quick: a tenth of that), and against the
#               demo with one full page of each seeded list (PAGE_FILL):
#               the demo has 2 loans, so its /loans shows 2 rows where the
#               grown one shows 50, and that ratio is mostly the 48 rows
#               more; the second one compares pages of the same rows
#
# PostgreSQL is a throwaway server with durable commits (bench/lib.sh).
# Not a test; the last quiet run's table is in the README.
#
#   bench/run.sh [--quick]      (--quick: 4 s per figure, < 5 min)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SECS=15
GROW=(--users 10000 --loans 100000 --audit 1000000)
if [ "${1:-}" = --quick ]; then
	SECS=4
	GROW=(--users 1000 --loans 10000 --audit 100000)
fi
USERS=200
PAGES=(/ /users /units /devices /loans /applications /audit /api/v1/loans)
GROW_SECS=$((SECS < 5 ? 2 : 4))
# one page (50) and some of each list seed.py grows
PAGE_FILL=(--users 60 --loans 60 --audit 60)

# page_times NAME: ms per request of each page of PAGES, one connection,
# as the general manager (who sees every list), into NAME_<index>.
page_times() {
	local name="$1" i=0 page out
	COOKIE="$(login_cookie gm)"
	[ -n "$COOKIE" ] || bench_die "login of gm failed"
	for page in "${PAGES[@]}"; do
		out="$(run_wrk "$GROW_SECS" 1 "$URL$page" -H "Cookie: $COOKIE" 2>/dev/null)"
		printf -v "${name}_$i" '%s' "$(echo "$out" | awk '{printf "%.2f", 1000 / $1}')"
		[ "$(echo "$out" | awk '{print $3}')" = 0 ] || bench_log "warning: $page answered non-2xx"
		i=$((i + 1))
	done
}

bench_init
pg_up

# bench_backend NAME DB: the Mamori figures of one backend, as variables
# NAME_list, NAME_rss, NAME_w1, NAME_w16, NAME_verify, NAME_sha (the
# measured "rate p99 non2xx" or seconds).
bench_backend() {
	local name="$1" db="$2" rows watcher
	bench_log "$name: demo data and $USERS more users"
	"$BIN" init --db "$db" --demo >/dev/null
	seed_users "$db" "$USERS"
	mamori_serve "$db"
	COOKIE="$(login_cookie)"
	[ -n "$COOKIE" ] || bench_die "login failed"
	curl -sS -H "Cookie: $COOKIE" -o "$WORK/users-$name.html" -w '%{http_code}' \
		"$URL/users" | grep -q 200 || bench_die "GET /users failed"
	rows="$(grep -o '<tr' "$WORK/users-$name.html" | wc -l)"
	bench_log "$name: /users is $(stat -c %s "$WORK/users-$name.html") bytes, $((rows - 1)) rows"
	bench_log "$name: list page"
	watcher="$(rss_watch "$SERVER_PID" "$WORK/rss-$name")"
	printf -v "${name}_list" '%s' "$(run_wrk "$SECS" 16 "$URL/users" -H "Cookie: $COOKIE")"
	kill "$watcher"
	printf -v "${name}_rss" '%s %s' "$(cat "$WORK/rss-$name")" "$(rss_kib "$SERVER_PID" | cut -d ' ' -f 2)"
	# Each reference is measured right beside its figure: a disk or CPU
	# busy with something else a minute later (PostgreSQL's checkpoint
	# after pgbench, another program) made an earlier reference several
	# times slower than the figure it was put against.
	if [ "$name" = sqlite ]; then
		bench_log "nginx, the same bytes"
		nginx_start "$WORK/users-sqlite.html"
		nginx_list="$(run_wrk "$SECS" 16 "$NGINX_URL")"
		nginx_stop
		bench_log "raw commits"
		raw_sq="$(raw_sqlite "$SECS")"
	else
		bench_log "pgbench, 16 clients"
		raw_pg16="$(raw_pg "$SECS" 16)"
	fi
	bench_log "$name: writes, 16 connections"
	printf -v "${name}_w16" '%s' "$(write_run "$SECS" 16)"
	if [ "$name" = pg ]; then
		bench_log "pgbench, 1 client"
		raw_pg1="$(raw_pg "$SECS" 1)"
	fi
	bench_log "$name: writes, 1 connection"
	printf -v "${name}_w1" '%s' "$(write_run "$SECS" 1)"
	bench_log "$name: pages at demo size"
	page_times "${name}_small"
	mamori_stop
	bench_log "$name: one full page of each list (${PAGE_FILL[*]})"
	python3 "$BENCH_ROOT/bench/seed.py" "$db" "${PAGE_FILL[@]}"
	mamori_serve "$db"
	page_times "${name}_page"
	mamori_stop
	bench_log "$name: growing the database (${GROW[*]})"
	python3 "$BENCH_ROOT/bench/seed.py" "$db" "${GROW[@]}"
	mamori_serve "$db"
	bench_log "$name: pages grown"
	page_times "${name}_grown"
	mamori_stop
	bench_log "$name: audit verify"
	printf -v "${name}_verify" '%s' "$(secs_of "$BIN" audit verify --db "$db")"
	audit_bytes "$db" "$WORK/audit-$name.txt"
	printf -v "${name}_sha" '%s' "$(secs_of sha256sum "$WORK/audit-$name.txt")"
	printf -v "${name}_audit_mb" '%s' "$(stat -c %s "$WORK/audit-$name.txt" |
		awk '{printf "%.1f", $1 / 1048576}')"
}

START="$(date -u '+%Y-%m-%d %H:%M UTC')"
LOAD0="$(cut -d ' ' -f 1-3 /proc/loadavg)"

bench_backend sqlite "$WORK/mamori.db"
bench_backend pg "$(pg_db mm_bench)"

LOAD1="$(cut -d ' ' -f 1-3 /proc/loadavg)"

# ---- the table ----------------------------------------------------------------
f1() { echo "$1" | awk '{print $1}'; }
f2() { echo "$1" | awk '{print $2}'; }
# row FIGURE MAMORI REFERENCE RATIO TARGET MET
row() { printf '| %-38s | %22s | %26s | %6s | %-14s | %-4s |\n' "$@"; }
# at_least VALUE BOUND / at_most VALUE BOUND: yes or no
at_least() { awk -v a="$1" -v b="$2" 'BEGIN {print (a + 0 >= b + 0) ? "yes" : "no"}'; }
at_most() { awk -v a="$1" -v b="$2" 'BEGIN {print (a + 0 <= b + 0) ? "yes" : "no"}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", (b > 0) ? a / b : 0}'; }
rate() { printf '%s/s, p99 %s ms' "$(f1 "$1")" "$(f2 "$1")"; }

bad2xx="$(echo "$sqlite_list $pg_list $sqlite_w16 $sqlite_w1 $pg_w16 $pg_w1" |
	awk '{print $3 + $6 + $9 + $12 + $15 + $18}')"

echo
echo "bench/run.sh ${1:-} - $START, $(nproc) cores, load $LOAD0 -> $LOAD1," \
	"$SECS s per figure, /users $(stat -c %s "$WORK/users-sqlite.html") bytes"
echo
row figure Mamori reference ratio target met?
row ------ ------ --------- ----- ------ ----
r="$(ratio "$(f1 "$sqlite_list")" "$(f1 "$nginx_list")")"
row "list page, SQLite" "$(rate "$sqlite_list")" "nginx $(rate "$nginx_list")" "$r" '>= 0.40' \
	"$(at_least "$r" 0.40)"
row "list page p99, SQLite" "$(f2 "$sqlite_list") ms" "" "" '<= 5 ms' \
	"$(at_most "$(f2 "$sqlite_list")" 5)"
r="$(ratio "$(f1 "$pg_list")" "$(f1 "$sqlite_list")")"
row "list page, PostgreSQL" "$(rate "$pg_list")" "SQLite $(f1 "$sqlite_list")/s" "$r" \
	'>= 0.60' "$(at_least "$r" 0.60)"
r="$(ratio "$(f1 "$sqlite_w16")" "$(f1 "$raw_sq")")"
row "write, SQLite, 16 conns" "$(rate "$sqlite_w16")" "raw commits $(f1 "$raw_sq")/s" "$r" \
	'>= 0.70' "$(at_least "$r" 0.70)"
row "write p99, SQLite, 16 conns" "$(f2 "$sqlite_w16") ms" "" "" '<= 20 ms' \
	"$(at_most "$(f2 "$sqlite_w16")" 20)"
r="$(ratio "$(f1 "$sqlite_w1")" "$(f1 "$raw_sq")")"
row "write, SQLite, 1 conn" "$(rate "$sqlite_w1")" "raw commits $(f1 "$raw_sq")/s" "$r" \
	'(info)' ''
r="$(ratio "$(f1 "$pg_w1")" "$(f1 "$raw_pg1")")"
row "write, PostgreSQL, 1 conn" "$(rate "$pg_w1")" "pgbench 1: $(f1 "$raw_pg1")/s" "$r" \
	'>= 0.60' "$(at_least "$r" 0.60)"
r="$(ratio "$(f1 "$pg_w16")" "$(f1 "$raw_pg16")")"
row "write, PostgreSQL, 16 conns" "$(rate "$pg_w16")" "pgbench 16: $(f1 "$raw_pg16")/s" "$r" \
	'>= 0.60' "$(at_least "$r" 0.60)"
for b in sqlite pg; do
	v="${b}_verify"; s="${b}_sha"; mb="${b}_audit_mb"
	r="$(ratio "${!s}" "${!v}")"
	row "audit verify, $b (${!mb} MB)" "${!v} s" "sha256sum ${!s} s" "$r" '>= 0.50' \
		"$(at_least "$r" 0.50)"
done
for b in sqlite pg; do
	v="${b}_rss"
	peak="$(echo "${!v}" | awk '{printf "%.1f", $1 / 1024}')"
	hwm="$(echo "${!v}" | awk '{printf "%.1f", $2 / 1024}')"
	row "server RSS in the list run, $b" "$peak MiB" "since start $hwm MiB" "" '<= 64 MiB' \
		"$(at_most "$peak" 64)"
done
for b in sqlite pg; do
	i=0
	for page in "${PAGES[@]}"; do
		g="${b}_grown_$i"; d="${b}_small_$i"
		r="$(ratio "${!g}" "${!d}")"
		row "grown, $b, GET $page" "${!g} ms" "demo size ${!d} ms" "$r" '<= 1.50' \
			"$(at_most "$r" 1.5)"
		d="${b}_page_$i"
		r="$(ratio "${!g}" "${!d}")"
		row "  same rows shown" "${!g} ms" "one page ${!d} ms" "$r" '<= 1.50' \
			"$(at_most "$r" 1.5)"
		i=$((i + 1))
	done
done
[ "$bad2xx" = 0 ] || echo "warning: $bad2xx answers were not 2xx"
