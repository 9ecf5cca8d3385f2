#!/usr/bin/env bash
# bench/list_page.sh - how fast Mamori serves a logged-in list page
# (/users with 200+ users), against nginx serving the very same HTML bytes
# from a file: the ratio says what the application costs over the
# cheapest possible server.  Not a test; the reference run is in the
# README's performance section.
#
#   bench/list_page.sh [DURATION]      (default 10s; needs build/mamori)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${MAMORI_BIN:-$ROOT/build/mamori}"
DURATION="${1:-10s}"
USERS=200
PASSWORD=mamori-demo-2026

for cmd in wrk nginx curl python3 "$BIN"; do
	command -v "$cmd" >/dev/null || { echo "bench: $cmd is missing" >&2; exit 1; }
done

WORK="$(mktemp -d /tmp/mamori-bench.XXXXXX)"
chmod 755 "$WORK"
SERVER_PID=""
NGINX_PID=""
cleanup() {
	[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
	[ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT

# ---- Mamori with 200 more users -------------------------------------------
"$BIN" init --db "$WORK/mamori.db" --demo >/dev/null
TOKEN="$("$BIN" token create --db "$WORK/mamori.db" --user admin | tail -n 1 | awk '{print $NF}')"
"$BIN" serve --db "$WORK/mamori.db" --listen 127.0.0.1:0 >"$WORK/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 100); do
	grep -q 'listening on' "$WORK/serve.log" && break
	sleep 0.1
done
URL="$(grep -o 'http://[0-9.:]*' "$WORK/serve.log" | head -n 1)"
[ -n "$URL" ] || { echo "bench: server did not start" >&2; cat "$WORK/serve.log" >&2; exit 1; }

api() { curl -sS -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$@"; }
KITA_ID="$(api "$URL/api/v1/units" | python3 -c '
import json, sys
d = json.load(sys.stdin)
items = d if isinstance(d, list) else next(v for v in d.values() if isinstance(v, list))
print(next(u["id"] for u in items if u["code"] == "KITA"))')"
echo "bench: seeding $USERS users"
for i in $(seq "$USERS"); do
	api -o /dev/null -w '%{http_code}\n' -X POST "$URL/api/v1/users" -d "{
		\"login\": \"bench-$i\", \"name\": \"性能 試験$i\", \"name_kana\": \"せいのう しけん\",
		\"rank\": \"junsa\", \"sex\": \"male\", \"unit_id\": $KITA_ID,
		\"password\": \"bench-password-$i-long\"}" | grep -q 201 ||
		{ echo "bench: creating user $i failed" >&2; exit 1; }
done

COOKIE="$(curl -sS -D - -o /dev/null -H 'Content-Type: application/json' \
	-d "{\"login\":\"admin\",\"password\":\"$PASSWORD\"}" "$URL/api/v1/session" |
	grep -i '^set-cookie: mamori_session=' | sed -E 's/^[^:]*: *([^;]*).*/\1/' | tr -d '\r')"
[ -n "$COOKIE" ] || { echo "bench: login failed" >&2; exit 1; }
curl -sS -H "Cookie: $COOKIE" -o "$WORK/users.html" -w '%{http_code}' "$URL/users" | grep -q 200 ||
	{ echo "bench: GET /users failed" >&2; exit 1; }
BYTES="$(stat -c %s "$WORK/users.html")"

# ---- nginx serving the same bytes -----------------------------------------
NGINX_PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
mkdir -p "$WORK/nginx/logs" "$WORK/www"
cp "$WORK/users.html" "$WORK/www/users"
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

# ---- measure ----------------------------------------------------------------
# run_wrk URL [HEADER]: prints "REQ_PER_SEC P99".
run_wrk() {
	local out
	if [ $# -gt 1 ]; then
		out="$(wrk -t2 -c16 -d"$DURATION" --latency -H "$2" "$1")"
	else
		out="$(wrk -t2 -c16 -d"$DURATION" --latency "$1")"
	fi
	echo "$out" >&2
	if echo "$out" | grep -q 'Non-2xx'; then
		echo "bench: non-2xx answers from $1" >&2
		exit 1
	fi
	local rps p99
	rps="$(echo "$out" | awk '/^Requests\/sec:/ {print $2}')"
	p99="$(echo "$out" | awk '$1 == "99%" {print $2}')"
	echo "$rps $p99"
}

echo "bench: Mamori $URL/users ($BYTES bytes, $USERS+ users)"
read -r M_RPS M_P99 < <(run_wrk "$URL/users" "Cookie: $COOKIE")
echo "bench: nginx http://127.0.0.1:$NGINX_PORT/users (same bytes)"
read -r N_RPS N_P99 < <(run_wrk "http://127.0.0.1:$NGINX_PORT/users")
[ -n "${M_RPS:-}" ] && [ -n "${N_RPS:-}" ] || { echo "bench: a run failed" >&2; exit 1; }

echo
printf '%-8s %12s %10s\n' server 'req/s' p99
printf '%-8s %12s %10s\n' mamori "$M_RPS" "$M_P99"
printf '%-8s %12s %10s\n' nginx "$N_RPS" "$N_P99"
python3 -c "print('ratio mamori/nginx: %.2f' % ($M_RPS / $N_RPS))"
