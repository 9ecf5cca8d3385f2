# bench/lib.sh - what the benchmarks share (sourced, not run): a work
# directory removed on exit, Mamori started on a free port over a fresh
# demo database (SQLite file or a new PostgreSQL database), seeded users,
# a login cookie, nginx serving given bytes from a file, a throwaway
# PostgreSQL with durable commits, wrk, the raw-commit references and the
# server's memory.  Every function prints what it measured on stdout and
# its chatter on stderr.
#
#   . "$(dirname "$0")/lib.sh"; bench_init
#
# Environment: MAMORI_BIN (default build/mamori), MAMORI_BENCH_PG_PORT
# (default 55442: not the test server's, whose commits are not the point).

BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${MAMORI_BIN:-$BENCH_ROOT/build/mamori}"
PASSWORD=mamori-demo-2026
PG_BIN=/usr/lib/postgresql/15/bin
PG_PORT="${MAMORI_BENCH_PG_PORT:-55442}"
PG_SERVER="$BENCH_ROOT/scripts/pg-test-server.sh"

SERVER_PID=""
NGINX_PID=""
PG_STARTED=0
WORK=""

bench_log() { echo "bench: $*" >&2; }
bench_die() { echo "bench: $*" >&2; exit 1; }

# bench_init: checks the tools, makes WORK and the exit trap.
bench_init() {
	local cmd
	for cmd in wrk nginx curl python3 sqlite3 psql cc "$PG_BIN/pgbench" "$BIN"; do
		command -v "$cmd" >/dev/null ||
			bench_die "$cmd is missing (apt-get install -y wrk nginx)"
	done
	WORK="$(mktemp -d /tmp/mamori-bench.XXXXXX)"
	chmod 755 "$WORK"
	trap bench_cleanup EXIT
}

bench_cleanup() {
	mamori_stop
	nginx_stop
	[ "$PG_STARTED" = 1 ] && MAMORI_PG_PORT="$PG_PORT" "$PG_SERVER" stop
	[ -n "$WORK" ] && rm -rf "$WORK"
	return 0
}

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# ---- PostgreSQL ---------------------------------------------------------

# pg_up: a PostgreSQL with fsync on (started here unless one runs on
# PG_PORT); sets PG_URL.
pg_up() {
	if PG_URL="$(MAMORI_PG_PORT="$PG_PORT" "$PG_SERVER" status)"; then
		bench_log "using the running PostgreSQL $PG_URL"
	else
		PG_URL="$(MAMORI_PG_PORT="$PG_PORT" MAMORI_PG_FSYNC=on "$PG_SERVER" start)"
		PG_STARTED=1
	fi
	[ "$(psql -XAtq -d "$PG_URL" -c 'SHOW fsync')" = on ] ||
		bench_log "warning: the PostgreSQL on port $PG_PORT runs with fsync off"
}

# pg_db NAME: a new empty database; prints its URL.
pg_db() {
	psql -XAtq -d "$PG_URL" -c "SET client_min_messages = warning" \
		-c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1" >&2
	echo "${PG_URL%/*}/$1"
}

# ---- Mamori ---------------------------------------------------------------

# mamori_start DB: init --demo, then mamori_serve DB.
mamori_start() {
	"$BIN" init --db "$1" --demo >/dev/null
	mamori_serve "$1"
}

# mamori_serve DB: a token for admin, serve on a free port; sets URL,
# TOKEN, SERVER_PID.
mamori_serve() {
	local _
	TOKEN="$("$BIN" token create --db "$1" --user admin | tail -n 1 | awk '{print $NF}')"
	rm -f "$WORK/serve.log" # an earlier server's address is not this one's
	"$BIN" serve --db "$1" --listen "127.0.0.1:$(free_port)" >"$WORK/serve.log" 2>&1 &
	SERVER_PID=$!
	URL=""
	for _ in $(seq 200); do
		grep -q "listening on" "$WORK/serve.log" 2>/dev/null &&
			URL="$(grep -o 'http://[0-9.:]*' "$WORK/serve.log" | head -n 1 || true)"
		[ -n "$URL" ] && break
		sleep 0.1
	done
	[ -n "$URL" ] || { cat "$WORK/serve.log" >&2; bench_die "server did not start"; }
}

mamori_stop() {
	if [ -n "$SERVER_PID" ]; then
		kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
		SERVER_PID=""
	fi
	return 0
}

# db_sql DB SQL: runs SQL on a SQLite path or a PostgreSQL URL.
db_sql() {
	case "$1" in
	postgres*) psql -XAtq -v ON_ERROR_STOP=1 -d "$1" -c "$2" ;;
	*) sqlite3 "$1" "$2" ;;
	esac
}

# seed_users DB N: N more users in unit KITA, straight into the table
# (each with admin's password hash: hashing N passwords is not what is
# measured).  They have no audit entries; the chain stays whole.
seed_users() {
	db_sql "$1" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $2)
		INSERT INTO users (login, password_hash, name, name_kana, rank, sex, unit_id, created_at)
		SELECT 'bench-' || i, u.password_hash, '性能 試験' || i, 'せいのう しけん',
			u.rank, u.sex, (SELECT id FROM units WHERE code = 'KITA'), u.created_at
		FROM n, users u WHERE u.login = 'admin'" >/dev/null
}

# login_cookie [LOGIN]: a session of LOGIN (default admin), as NAME=VALUE.
login_cookie() {
	curl -sS -D - -o /dev/null -H 'Content-Type: application/json' \
		-d "{\"login\":\"${1:-admin}\",\"password\":\"$PASSWORD\"}" "$URL/api/v1/session" |
		grep -i '^set-cookie: mamori_session=' | sed -E 's/^[^:]*: *([^;]*).*/\1/' | tr -d '\r'
}

# rss_kib PID: the resident set now and its peak (VmRSS VmHWM, KiB).
# The peak includes the login's Argon2id (its memory cost), given back
# after it: rss_watch samples the run itself.
rss_kib() {
	awk '/^VmRSS:/ {r = $2} /^VmHWM:/ {h = $2} END {print r, h}' "/proc/$1/status"
}

# rss_watch PID FILE: samples VmRSS every 0.2 s into FILE (the largest,
# KiB) until killed; prints the watcher's pid.
rss_watch() {
	(
		max=0
		while [ -r "/proc/$1/status" ]; do
			r="$(awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0)"
			[ "${r:-0}" -gt "$max" ] && max="$r" && echo "$max" >"$2"
			sleep 0.2
		done
	) >/dev/null 2>&1 &
	echo $!
}

# ---- nginx ----------------------------------------------------------------

# nginx_start FILE: serves FILE's bytes as /page (text/html); sets NGINX_URL.
nginx_start() {
	local port _ user_line=""
	port="$(free_port)"
	mkdir -p "$WORK/nginx/logs" "$WORK/www"
	cp "$1" "$WORK/www/page"
	[ "$(id -u)" = 0 ] && user_line="user root;"
	cat >"$WORK/nginx/nginx.conf" <<EOF
$user_line
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
		listen 127.0.0.1:$port;
		root $WORK/www;
		location / { default_type "text/html; charset=utf-8"; }
	}
}
EOF
	nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" &
	NGINX_PID=$!
	NGINX_URL="http://127.0.0.1:$port/page"
	for _ in $(seq 50); do
		curl -sf -o /dev/null "$NGINX_URL" && return 0
		sleep 0.1
	done
	bench_die "nginx did not start"
}

nginx_stop() {
	if [ -n "$NGINX_PID" ]; then
		kill "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null
		NGINX_PID=""
	fi
	return 0
}

# ---- measuring --------------------------------------------------------------

# run_wrk SECS CONNS URL [wrk options...]: prints "REQ_PER_SEC P99_MS NON_2XX".
run_wrk() {
	local secs="$1" conns="$2" url="$3" out rps p99 bad threads=2
	shift 3
	[ "$conns" -lt 2 ] && threads=1
	out="$(wrk -t"$threads" -c"$conns" -d"${secs}s" --latency "$@" "$url")"
	echo "$out" >&2
	rps="$(echo "$out" | awk '/^Requests\/sec:/ {printf "%.0f", $2}')"
	p99="$(echo "$out" | awk '$1 == "99%" {v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
		m = (u == "us") ? 0.001 : (u == "s") ? 1000 : (u == "m") ? 60000 : 1; printf "%.2f", v * m}')"
	bad="$(echo "$out" | awk '/Non-2xx/ {print $NF}')"
	[ -n "$rps" ] || bench_die "wrk failed on $url"
	echo "$rps $p99 ${bad:-0}"
}

# write_run SECS CONNS: POST /api/v1/units with the bearer token.
write_run() {
	BENCH_RUN="C$2X" run_wrk "$1" "$2" "$URL/api/v1/units" -s "$BENCH_ROOT/bench/write_units.lua" \
		-H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json'
}

# raw_sqlite SECS: one connection committing one row per transaction with
# Mamori's pragmas (bench/raw_commits.c); prints "COMMITS/S AVG_MS".
raw_sqlite() {
	[ -x "$WORK/raw_commits" ] ||
		cc -O2 -o "$WORK/raw_commits" "$BENCH_ROOT/bench/raw_commits.c" -lsqlite3
	"$WORK/raw_commits" "$WORK/raw.db" "$1"
}

# raw_pg SECS CLIENTS: pgbench inserting one row per transaction; prints "TPS AVG_MS".
raw_pg() {
	local url out
	url="$(pg_db mm_bench_raw)"
	psql -XAtq -d "$url" -c 'CREATE TABLE t (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, v TEXT NOT NULL)'
	echo "INSERT INTO t (v) VALUES ('row');" >"$WORK/raw-pg.sql"
	out="$("$PG_BIN/pgbench" -n -c "$2" -j "$(($2 < 2 ? 1 : 2))" -T "$1" -f "$WORK/raw-pg.sql" "$url" 2>&1)"
	echo "$out" >&2
	echo "$(echo "$out" | awk '/^tps =/ {printf "%.0f", $3}') $(echo "$out" | awk '/^latency average/ {print $4}')"
}

# secs_of CMD...: runs CMD (output to stderr) and prints its wall time in seconds.
secs_of() {
	local t0 t1
	t0="$(date +%s.%N)"
	"$@" >&2
	t1="$(date +%s.%N)"
	python3 -c "print('%.3f' % ($t1 - $t0))"
}

# audit_bytes DB FILE: the audit trail's rows as text, about the bytes
# `audit verify` hashes.
audit_bytes() {
	case "$1" in
	postgres*) psql -XAtq -d "$1" -c "COPY (SELECT * FROM audit_log ORDER BY seq) TO STDOUT" >"$2" ;;
	*) sqlite3 "$1" "SELECT * FROM audit_log ORDER BY seq" >"$2" ;;
	esac
}
