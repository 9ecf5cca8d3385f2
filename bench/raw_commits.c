/*
 * raw_commits.c - the reference of bench/run.sh's write row on SQLite:
 * one connection committing one row per transaction (BEGIN IMMEDIATE,
 * INSERT, COMMIT) with the pragmas Mamori opens its database with (WAL,
 * synchronous=FULL, foreign keys), for SECS seconds.  Prints
 * "COMMITS_PER_SEC AVG_MS".  Not part of the build: bench/lib.sh compiles
 * it with cc ... -lsqlite3.
 *
 *   raw_commits FILE SECS
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <sqlite3.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void check(sqlite3 *db, int rc, const char *what)
{
	if (rc != SQLITE_OK && rc != SQLITE_DONE) {
		fprintf(stderr, "raw_commits: %s: %s\n", what, sqlite3_errmsg(db));
		exit(1);
	}
}

int main(int argc, char **argv)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *ins;
	double secs, t0, t;
	long n = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: raw_commits FILE SECS\n");
		return 2;
	}
	secs = atof(argv[2]);
	remove(argv[1]);
	if (sqlite3_open(argv[1], &db) != SQLITE_OK)
		check(db, SQLITE_CANTOPEN, "open");
	check(db, sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
			       " PRAGMA foreign_keys=ON;"
			       " CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)",
			       NULL, NULL, NULL), "setup");
	check(db, sqlite3_prepare_v2(db, "INSERT INTO t (v) VALUES (?)", -1, &ins,
				     NULL), "prepare");
	t0 = now();
	do {
		check(db, sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL), "begin");
		sqlite3_bind_text(ins, 1, "a row of about the size of a unit", -1,
				  SQLITE_STATIC);
		check(db, sqlite3_step(ins), "insert");
		sqlite3_reset(ins);
		check(db, sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), "commit");
		n++;
		t = now() - t0;
	} while (t < secs);
	sqlite3_finalize(ins);
	sqlite3_close(db);
	printf("%.0f %.3f\n", (double)n / t, 1000.0 * t / (double)n);
	return 0;
}
