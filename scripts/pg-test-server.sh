#!/bin/sh
# pg-test-server.sh - a throwaway PostgreSQL 15 for the test suite.
#
#   scripts/pg-test-server.sh          start it (if not running); prints the URL
#   scripts/pg-test-server.sh status   prints the URL and exits 0 if running
#   scripts/pg-test-server.sh stop     stop it and delete its data
#   scripts/pg-test-server.sh halt     stop it, keeping its data (a test of
#                                      an unreachable database)
#   scripts/pg-test-server.sh resume   start a halted server on its data
#                                      (a new one if there is none)
#
# Listens on 127.0.0.1 only (port MAMORI_PG_PORT, default 55432), trusts
# the user "mamori" (a superuser, so tests may CREATE DATABASE) on loopback,
# keeps its data in a temporary directory and runs as the "postgres"
# system user when started by root (PostgreSQL refuses to run as root).
# Tests use it through MAMORI_TEST_PG=<printed URL>.
#
# Idempotent: starting a running server only prints its URL; a leftover
# directory of a server that died is wiped and the server made anew.
# Concurrent calls are serialised by a lock file.
#
# Commits are durable (fsync, synchronous_commit and full_page_writes on):
# an acknowledged write must survive the server being killed, which the
# crash and injection tests do (issue 14).  MAMORI_PG_FSYNC=off trades
# that for speed on a developer's machine.
set -eu

PORT=${MAMORI_PG_PORT:-55432}
BIN=${MAMORI_PG_BIN:-/usr/lib/postgresql/15/bin}
FSYNC=${MAMORI_PG_FSYNC:-on}
URL="postgresql://mamori@127.0.0.1:$PORT/postgres"

as_owner() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

# The state directory must be reachable by the server's user: under root
# that is "postgres", which cannot enter a TMPDIR below /root (mode 700),
# so root always uses /tmp.
state_parent() {
	if [ "$(id -u)" = 0 ]; then
		echo /tmp
	else
		echo "${TMPDIR:-/tmp}"
	fi
}
STATE=$(state_parent)/mamori-pg-$PORT
# The postgres user may not enter the caller's directory (a clone under
# /root is mode 700); every path below is absolute.
cd /
DATA=$STATE/data
LOCK=$(state_parent)/mamori-pg-$PORT.lock

running() {
	[ -f "$DATA/postmaster.pid" ] || return 1
	# A postmaster killed with SIGKILL (the crash tests) stays a zombie
	# until its parent, init, reaps it; pg_ctl status counts a zombie as
	# running, and resume would wait for it forever.
	pid=$(head -n 1 "$DATA/postmaster.pid")
	[ "$(cut -d ' ' -f 3 "/proc/$pid/stat" 2>/dev/null)" != Z ] || return 1
	as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

# Accepting connections (pg_ctl status only says the postmaster lives).
ready() {
	"$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" -U mamori -d postgres
}

stop() {
	if running; then
		as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
	fi
	rm -rf "$STATE"
}

start() {
	if running; then
		for _ in $(seq 100); do
			ready && { echo "$URL"; return 0; }
			sleep 0.1
		done
		echo "pg-test-server: the server in $DATA does not answer" >&2
		exit 1
	fi
	[ -x "$BIN/initdb" ] || {
		echo "pg-test-server: $BIN/initdb missing (install postgresql-15)" >&2
		exit 1
	}
	rm -rf "$STATE"
	mkdir -p "$STATE"
	chmod 700 "$STATE"
	if [ "$(id -u)" = 0 ]; then
		chown postgres: "$STATE"
	fi
	as_owner "$BIN/initdb" -D "$DATA" -U mamori --auth=trust \
		--encoding=UTF8 --locale=C.UTF-8 >"$STATE/initdb.log" 2>&1 || {
		cat "$STATE/initdb.log" >&2
		exit 1
	}
	# loopback only, no Unix socket in a shared place
	echo "host all mamori 127.0.0.1/32 trust" >"$DATA/pg_hba.conf"
	chmod 644 "$DATA/pg_hba.conf"
	launch
}

# Starts the postmaster on $DATA and prints the URL.
launch() {
	as_owner "$BIN/pg_ctl" -D "$DATA" -l "$STATE/server.log" -w -t 60 \
		-o "-c listen_addresses=127.0.0.1 -p $PORT -c unix_socket_directories=$STATE -c fsync=$FSYNC -c synchronous_commit=$FSYNC -c full_page_writes=$FSYNC -c max_connections=300" \
		start >/dev/null 9>&- || {
		cat "$STATE/server.log" >&2
		exit 1
	}
	echo "$URL"
}

halt() {
	if running; then
		as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
	fi
}

resume() {
	if running || [ ! -f "$DATA/PG_VERSION" ]; then
		start
		return
	fi
	# A killed postmaster leaves its pid and socket lock files; while it
	# is an unreaped zombie its pid still "exists" to the new one.
	rm -f "$DATA/postmaster.pid" "$STATE/.s.PGSQL.$PORT.lock"
	launch
}

cmd=${1:-start}
case "$cmd" in
start | stop | status | halt | resume) ;;
*) echo "usage: $0 [start|status|stop|halt|resume]" >&2; exit 2 ;;
esac

# One caller at a time (flock is in util-linux, always on Debian).  The
# server must not inherit fd 9 (pg_ctl start above closes it), or it would
# hold the lock for its whole life.
exec 9>"$LOCK"
flock 9

case "$cmd" in
start) start ;;
stop) stop ;;
halt) halt ;;
resume) resume ;;
status) running && ready && echo "$URL" ;;
esac
