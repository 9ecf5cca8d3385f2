#!/usr/bin/env bash
# bench/backends.sh - the list-page and write benchmarks of Mamori on both
# store backends, side by side with references measured in the same run:
#
#   list page  GET /users logged in (200+ users), Mamori on SQLite and on
#              PostgreSQL, against nginx serving the very same HTML bytes;
#   writes     POST /api/v1/units with a bearer token (each a committed
#              transaction with its audit entry), against the raw commit
#              rate of each engine: the sqlite3 CLI inserting one row per
#              transaction (WAL, synchronous=FULL, as Mamori opens it) and
#              pgbench inserting one row per transaction.
#
# PostgreSQL is a throwaway server with durable commits (fsync on, unlike
# the test server) from scripts/pg-test-server.sh on port
# MAMORI_BENCH_PG_PORT (default 55442), in /tmp like the SQLite files, so
# both engines commit to the same disk.  Not a test; the reference run is
# in the README's performance section.
#
#   bench/backends.sh [SECONDS]      (default 10; needs build/mamori or $MAMORI_BIN)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${MAMORI_BIN:-$ROOT/build/mamori}"
SECS="${1:-10}"
SECS="${SECS%s}"
USERS=200
PASSWORD=mamori-demo-2026
PG_PORT="${MAMORI_BENCH_PG_PORT:-55442}"
PG_SERVER="$ROOT/scripts/pg-test-server.sh"
PG_BIN=/usr/lib/postgresql/15/bin
RAW_SQLITE_ROWS=2000

for cmd in wrk nginx curl python3 sqlite3 psql "$PG_BIN/pgbench" "$BIN"; do
	command -v "$cmd" >/dev/null || { echo "bench: $cmd is missing" >&2; exit 1; }
done

WORK="$(mktemp -d /tmp/mamori-bench.XXXXXX)"
chmod 755 "$WORK"
SERVER_PID=""
NGINX_PID=""
PG_STARTED=0
cleanup() {
	stop_mamori
	[ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null
	[ "$PG_STARTED" = 1 ] && MAMORI_PG_PORT="$PG_PORT" "$PG_SERVER" stop
	rm -rf "$WORK"
}
stop_mamori() {
	if [ -n "$SERVER_PID" ]; then
		kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
		SERVER_PID=""
	fi
	return 0
}
trap cleanup EXIT

# ---- PostgreSQL with durable commits ----------------------------------------
if PG_URL="$(MAMORI_PG_PORT="$PG_PORT" "$PG_SERVER" status)"; then
	echo "bench: using the running PostgreSQL $PG_URL"
else
	PG_URL="$(MAMORI_PG_PORT="$PG_PORT" MAMORI_PG_FSYNC=on "$PG_SERVER" start)"
	PG_STARTED=1
fi
[ "$(psql -XAtq -d "$PG_URL" -c 'SHOW fsync')" = on ] ||
	echo "bench: warning: the PostgreSQL on port $PG_PORT runs with fsync off" >&2
# pg_db NAME: a new empty database; prints its URL.
pg_db() {
	psql -XAtq -d "$PG_URL" -c "SET client_min_messages = warning" \
		-c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1"
	echo "${PG_URL%/*}/$1"
}

# ---- measuring --------------------------------------------------------------
# run_wrk URL [wrk options...]: prints "REQ_PER_SEC P99 NON_2XX".
run_wrk() {
	local url="$1" out rps p99 bad
	shift
	out="$(wrk -t2 -c16 -d"${SECS}s" --latency "$@" "$url")"
	echo "$out" >&2
	rps="$(echo "$out" | awk '/^Requests\/sec:/ {print $2}')"
	p99="$(echo "$out" | awk '$1 == "99%" {print $2}')"
	bad="$(echo "$out" | awk '/Non-2xx/ {print $NF}')"
	[ -n "$rps" ] || { echo "bench: wrk failed on $url" >&2; exit 1; }
	echo "$rps $p99 ${bad:-0}"
}

# ---- Mamori on one backend --------------------------------------------------
# start_mamori DB: init --demo, a token for admin, serve; sets URL, TOKEN.
start_mamori() {
	"$BIN" init --db "$1" --demo >/dev/null
	TOKEN="$("$BIN" token create --db "$1" --user admin | tail -n 1 | awk '{print $NF}')"
	"$BIN" serve --db "$1" --listen 127.0.0.1:0 >"$WORK/serve.log" 2>&1 &
	SERVER_PID=$!
	URL=""
	for _ in $(seq 100); do
		URL="$(grep -o 'http://[0-9.:]*' "$WORK/serve.log" | head -n 1 || true)"
		[ -n "$URL" ] && break
		sleep 0.1
	done
	[ -n "$URL" ] || { echo "bench: server did not start" >&2; cat "$WORK/serve.log" >&2; exit 1; }
}

api() { curl -sS -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$@"; }

seed_users() {
	local kita i
	kita="$(api "$URL/api/v1/units" | python3 -c '
import json, sys
d = json.load(sys.stdin)
items = d if isinstance(d, list) else next(v for v in d.values() if isinstance(v, list))
print(next(u["id"] for u in items if u["code"] == "KITA"))')"
	for i in $(seq "$USERS"); do
		api -o /dev/null -w '%{http_code}\n' -X POST "$URL/api/v1/users" -d "{
			\"login\": \"bench-$i\", \"name\": \"性能 試験$i\", \"name_kana\": \"せいのう しけん\",
			\"rank\": \"junsa\", \"sex\": \"male\", \"unit_id\": $kita,
			\"password\": \"bench-password-$i-long\"}" | grep -q 201 ||
			{ echo "bench: creating user $i failed" >&2; exit 1; }
	done
}

login_cookie() {
	curl -sS -D - -o /dev/null -H 'Content-Type: application/json' \
		-d "{\"login\":\"admin\",\"password\":\"$PASSWORD\"}" "$URL/api/v1/session" |
		grep -i '^set-cookie: mamori_session=' | sed -E 's/^[^:]*: *([^;]*).*/\1/' | tr -d '\r'
}

# bench_backend NAME DB: both Mamori measurements on one backend; sets
# RESULT_<NAME>_LIST and RESULT_<NAME>_WRITE; keeps the page in WORK.
bench_backend() {
	local name="$1" db="$2" cookie list write
	echo "bench: $name: seeding $USERS users"
	start_mamori "$db"
	seed_users
	cookie="$(login_cookie)"
	[ -n "$cookie" ] || { echo "bench: login failed" >&2; exit 1; }
	curl -sS -H "Cookie: $cookie" -o "$WORK/users-$name.html" -w '%{http_code}' "$URL/users" |
		grep -q 200 || { echo "bench: GET /users failed" >&2; exit 1; }
	echo "bench: $name: list page $URL/users"
	list="$(run_wrk "$URL/users" -H "Cookie: $cookie")"
	echo "bench: $name: writes POST $URL/api/v1/units"
	write="$(run_wrk "$URL/api/v1/units" -s "$ROOT/bench/write_units.lua" \
		-H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json')"
	printf -v "RESULT_${name}_LIST" '%s' "$list"
	printf -v "RESULT_${name}_WRITE" '%s' "$write"
	stop_mamori
	# Every acknowledged write kept the audit chain whole.
	"$BIN" audit verify --db "$db" >&2 || { echo "bench: $name: audit verify failed" >&2; exit 1; }
}

bench_backend sqlite "$WORK/mamori.db"
bench_backend postgresql "$(pg_db mm_bench)"

# ---- nginx serving the same bytes ---------------------------------------------
NGINX_PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
mkdir -p "$WORK/nginx/logs" "$WORK/www"
cp "$WORK/users-sqlite.html" "$WORK/www/users"
BYTES="$(stat -c %s "$WORK/www/users")"
USER_LINE=""
[ "$(id -u)" = 0 ] && USER_LINE="user root;"
cat >"$WORK/nginx/nginx.conf" <<EOF
$USER_LINE
worker_processes 2;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
	access_log off;
	keepalive_requests 100000;
	client_body_temp_path $WORK/nginx/body;
	proxy_temp_path $WORK/nginx/proxy;
	fastcgi_temp_path $WORK/nginx/fastcgi;
	uwsgi_temp_path $WORK/nginx/uwsgi;
	scgi_temp_path $WORK/nginx/scgi;
	server {
		listen 127.0.0.1:$NGINX_PORT;
		root $WORK/www;
		location / { default_type "text/html; charset=utf-8"; }
	}
}
EOF
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" &
NGINX_PID=$!
for _ in $(seq 50); do
	curl -sf -o /dev/null "http://127.0.0.1:$NGINX_PORT/users" && break
	sleep 0.1
done
echo "bench: nginx http://127.0.0.1:$NGINX_PORT/users (same bytes)"
NGINX_RESULT="$(run_wrk "http://127.0.0.1:$NGINX_PORT/users")"

# ---- raw commits of each engine -----------------------------------------------
# sqlite3 CLI, one connection, one row per transaction: prints "COMMITS/S MS".
raw_sqlite() {
	local f="$WORK/raw.db" t0 t1
	sqlite3 "$f" 'PRAGMA journal_mode=WAL;' \
		'CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL);' >/dev/null
	{
		echo 'PRAGMA synchronous=FULL;'
		for i in $(seq "$RAW_SQLITE_ROWS"); do
			echo "INSERT INTO t (v) VALUES ('row $i');"
		done
	} >"$WORK/raw.sql"
	t0="$(date +%s.%N)"
	sqlite3 "$f" <"$WORK/raw.sql"
	t1="$(date +%s.%N)"
	python3 -c "import sys; n, t = $RAW_SQLITE_ROWS, $t1 - $t0; print('%.0f %.3f' % (n / t, 1000 * t / n))"
}

# The same through the SQLite library in one process (python3's sqlite3
# module): the CLI pays for parsing its input line by line, so this is the
# engine's own commit rate.  Prints "COMMITS/S MS".
raw_sqlite_lib() {
	python3 - "$WORK/raw-lib.db" "$RAW_SQLITE_ROWS" <<'PY'
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA synchronous=FULL")
db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)")
n = int(sys.argv[2])
t0 = time.monotonic()
for i in range(n):
    db.execute("INSERT INTO t (v) VALUES (?)", ("row %d" % i,))
t = time.monotonic() - t0
print("%.0f %.3f" % (n / t, 1000 * t / n))
PY
}

# pgbench, CLIENTS connections, one row per transaction: prints "TPS MS".
raw_pg() {
	local url out
	url="$(pg_db mm_bench_raw)"
	psql -XAtq -d "$url" -c 'CREATE TABLE t (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, v TEXT NOT NULL)'
	echo "INSERT INTO t (v) VALUES ('row');" >"$WORK/raw-pg.sql"
	out="$("$PG_BIN/pgbench" -n -c "$1" -j "$(( $1 < 2 ? 1 : 2 ))" -T "$SECS" -f "$WORK/raw-pg.sql" "$url" 2>&1)"
	echo "$out" >&2
	echo "$(echo "$out" | awk '/^tps =/ {printf "%.0f", $3}') $(echo "$out" | awk '/^latency average/ {print $4}')"
}

echo "bench: raw commits"
RAW_SQLITE="$(raw_sqlite)"
RAW_SQLITE_LIB="$(raw_sqlite_lib)"
RAW_PG1="$(raw_pg 1)"
RAW_PG16="$(raw_pg 16)"

# ---- side by side ---------------------------------------------------------------
row() { printf '%-44s %10s %10s %8s\n' "$@"; }
ratio() { python3 -c "print('%.2f' % ($1 / $2))"; }
set -- $RESULT_sqlite_LIST; L_S=("$@")
set -- $RESULT_postgresql_LIST; L_P=("$@")
set -- $NGINX_RESULT; L_N=("$@")
set -- $RESULT_sqlite_WRITE; W_S=("$@")
set -- $RESULT_postgresql_WRITE; W_P=("$@")
set -- $RAW_SQLITE; R_S=("$@")
set -- $RAW_SQLITE_LIB; R_SL=("$@")
set -- $RAW_PG1; R_P1=("$@")
set -- $RAW_PG16; R_P16=("$@")

echo
echo "list page: GET /users, logged in, $BYTES bytes, $USERS+ users (wrk -t2 -c16 ${SECS}s)"
row '' 'req/s' 'p99' 'non-2xx'
row 'mamori, SQLite' "${L_S[0]}" "${L_S[1]}" "${L_S[2]}"
row 'mamori, PostgreSQL' "${L_P[0]}" "${L_P[1]}" "${L_P[2]}"
row 'nginx, the same bytes from a file' "${L_N[0]}" "${L_N[1]}" "${L_N[2]}"
echo "ratio mamori/nginx: SQLite $(ratio "${L_S[0]}" "${L_N[0]}"), PostgreSQL $(ratio "${L_P[0]}" "${L_N[0]}")"
echo
echo "writes: POST /api/v1/units, bearer token (wrk -t2 -c16 ${SECS}s)"
row '' 'req/s' 'p99' 'non-2xx'
row 'mamori, SQLite' "${W_S[0]}" "${W_S[1]}" "${W_S[2]}"
row 'mamori, PostgreSQL' "${W_P[0]}" "${W_P[1]}" "${W_P[2]}"
echo
echo "raw commits, one row per transaction"
row '' 'commits/s' 'avg ms' ''
row 'sqlite3 CLI, WAL, synchronous=FULL, 1 conn' "${R_S[0]}" "${R_S[1]}" ''
row 'SQLite library (python3), same pragmas' "${R_SL[0]}" "${R_SL[1]}" ''
row 'pgbench, fsync on, 1 client' "${R_P1[0]}" "${R_P1[1]}" ''
row 'pgbench, fsync on, 16 clients' "${R_P16[0]}" "${R_P16[1]}" ''
# Mamori appends every write to one audit chain (the head row is locked
# in each writing transaction), so its writes are one stream on either
# backend: the one-connection raw rate is the fair reference.
echo "ratio mamori writes/raw commits (1 connection): SQLite $(ratio "${W_S[0]}" "${R_SL[0]}")," \
	"PostgreSQL $(ratio "${W_P[0]}" "${R_P1[0]}")"
