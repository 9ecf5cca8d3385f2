#!/bin/sh
# pg-test-server.sh - a throwaway PostgreSQL 15 for the test suite.
#
#   scripts/pg-test-server.sh         start it (if not running); prints the URL
#   scripts/pg-test-server.sh stop    stop it and delete its data
#
# Listens on 127.0.0.1 only (port MAMORI_PG_PORT, default 55432), trusts
# the user "mamori" (a superuser, so tests may CREATE DATABASE) on loopback,
# keeps its data in a temporary directory and runs as the "postgres"
# system user when started by root (PostgreSQL refuses to run as root).
# Tests use it through MAMORI_TEST_PG=<printed URL>.
set -eu

PORT=${MAMORI_PG_PORT:-55432}
BIN=${MAMORI_PG_BIN:-/usr/lib/postgresql/15/bin}
STATE=${TMPDIR:-/tmp}/mamori-pg-$PORT
DATA=$STATE/data
URL="postgresql://mamori@127.0.0.1:$PORT/postgres"

as_owner() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

running() {
	[ -f "$DATA/postmaster.pid" ] && as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

stop() {
	if running; then
		as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
	fi
	rm -rf "$STATE"
}

start() {
	if running; then
		echo "$URL"
		return 0
	fi
	rm -rf "$STATE"
	mkdir -p "$STATE"
	if [ "$(id -u)" = 0 ]; then
		chown postgres "$STATE"
	fi
	as_owner "$BIN/initdb" -D "$DATA" -U mamori --auth=trust \
		--encoding=UTF8 --locale=C.UTF-8 >"$STATE/initdb.log" 2>&1 || {
		cat "$STATE/initdb.log" >&2
		exit 1
	}
	# loopback only, no Unix socket in a shared place
	cat >"$DATA/pg_hba.conf" <<HBA
host all mamori 127.0.0.1/32 trust
HBA
	as_owner "$BIN/pg_ctl" -D "$DATA" -l "$STATE/server.log" -w \
		-o "-c listen_addresses=127.0.0.1 -p $PORT -c unix_socket_directories=$STATE -c fsync=off -c max_connections=300" \
		start >/dev/null || {
		cat "$STATE/server.log" >&2
		exit 1
	}
	echo "$URL"
}

case "${1:-start}" in
start) start ;;
stop) stop ;;
*) echo "usage: $0 [start|stop]" >&2; exit 2 ;;
esac
