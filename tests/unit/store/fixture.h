/*
 * fixture.h - a fresh database for each test, shared by the store tests.
 *
 * By default a SQLite file in a temporary directory.  With the environment
 * variable MAMORI_TEST_PG set to a server URL (scripts/pg-test-server.sh
 * prints one, e.g. postgresql://mamori@127.0.0.1:55432/postgres) each test
 * gets a new PostgreSQL database mm_test_<pid>_<n> instead, dropped at
 * teardown; f->path is then its URL.  The temporary directory exists in
 * both cases, for files a test writes itself.
 */
#ifndef MM_TEST_STORE_FIXTURE_H
#define MM_TEST_STORE_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>
#include <libpq-fe.h>

#include "store/store.h"
#include "lib/err.h"

struct fx {
	char dir[64];
	char path[256];         /* SQLite file or PostgreSQL URL */
	char pgdb[64];          /* PostgreSQL database name, "" for SQLite */
	struct store *s;
	int64_t hq, kita, minami;   /* unit ids */
};

static const struct actor fx_admin = { 0, "admin", ROLE_NONE, 0, "cli" };

static inline void fx_path(const struct fx *f, const char *name, char *out,
			   size_t cap)
{
	snprintf(out, cap, "%s/%s", f->dir, name);
}

/* The PostgreSQL server of this run, or NULL for SQLite. */
static inline const char *fx_pg_server(void)
{
	const char *url = getenv("MAMORI_TEST_PG");

	return url && *url ? url : NULL;
}

/* 1 when the tests run against PostgreSQL. */
static inline int fx_pg(const struct fx *f)
{
	return f->pgdb[0] != '\0';
}

/* Runs sql on the server URL (or a libpq string); 0 on success. */
static inline int fx_pg_exec(const char *url, const char *sql)
{
	PGconn *c = PQconnectdb(url);
	PGresult *r;
	int rc = 1;

	if (PQstatus(c) == CONNECTION_OK) {
		r = PQexec(c, sql);
		rc = PQresultStatus(r) == PGRES_COMMAND_OK ||
			PQresultStatus(r) == PGRES_TUPLES_OK ? 0 : 1;
		if (rc)
			fprintf(stderr, "fixture: %s", PQerrorMessage(c));
		PQclear(r);
	} else {
		fprintf(stderr, "fixture: %s", PQerrorMessage(c));
	}
	PQfinish(c);
	return rc;
}

/*
 * url with its database name replaced by db (the part after the host up
 * to '?'; the query string is kept).
 */
static inline int fx_pg_url(const char *url, const char *db, char *out,
			    size_t cap)
{
	const char *host = strstr(url, "://");
	const char *slash, *query;
	int n;

	if (!host)
		return -1;
	slash = strchr(host + 3, '/');
	query = strchr(host + 3, '?');
	if (!slash || (query && query < slash))
		slash = query ? query : url + strlen(url);
	n = snprintf(out, cap, "%.*s/%s%s", (int)(slash - url), url, db,
		     query ? query : "");
	return n > 0 && (size_t)n < cap ? 0 : -1;
}

/* A new, empty PostgreSQL database for one test. */
static inline int fx_pg_create(struct fx *f, const char *server)
{
	static unsigned counter;
	char sql[128];

	snprintf(f->pgdb, sizeof f->pgdb, "mm_test_%ld_%u_%u", (long)getpid(),
		 ++counter, (unsigned)rand() % 100000);
	snprintf(sql, sizeof sql, "CREATE DATABASE %s", f->pgdb);
	if (fx_pg_exec(server, sql) != 0)
		return -1;
	return fx_pg_url(server, f->pgdb, f->path, sizeof f->path);
}

static inline int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	const char *server = fx_pg_server();

	if (!f)
		return -1;
	snprintf(f->dir, sizeof f->dir, "/tmp/mm-store-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	if (server) {
		if (fx_pg_create(f, server) != 0)
			return -1;
	} else {
		fx_path(f, "db.sqlite", f->path, sizeof f->path);
	}
	if (store_open(f->path, 1, &f->s) != 0)
		return -1;
	*state = f;
	return 0;
}

static inline int fx_teardown(void **state)
{
	struct fx *f = *state;
	char cmd[128];

	store_close(f->s);
	if (fx_pg(f)) {
		snprintf(cmd, sizeof cmd, "DROP DATABASE %s WITH (FORCE)", f->pgdb);
		if (fx_pg_exec(fx_pg_server(), cmd) != 0)
			return -1;
	}
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

static inline int64_t fx_unit(struct fx *f, const char *code, enum unit_kind kind)
{
	struct unit u = { 0 };

	snprintf(u.code, sizeof u.code, "%s", code);
	snprintf(u.name, sizeof u.name, "%s署", code);
	u.kind = kind;
	u.active = 1;
	if (store_unit_create(f->s, &fx_admin, &u) != 0)
		return -1;
	return u.id;
}

/* HQ and two stations. */
static inline void fx_units(struct fx *f)
{
	f->hq = fx_unit(f, "HQ", UNIT_HQ);
	f->kita = fx_unit(f, "KITA", UNIT_STATION);
	f->minami = fx_unit(f, "MINAMI", UNIT_STATION);
}

static inline int64_t fx_user(struct fx *f, const char *login, int64_t unit)
{
	struct user u = { 0 };

	snprintf(u.login, sizeof u.login, "%s", login);
	snprintf(u.name, sizeof u.name, "山田 %s", login);
	snprintf(u.name_kana, sizeof u.name_kana, "やまだ %s", login);
	u.rank = RANK_KEIBUHO;
	u.sex = SEX_FEMALE;
	u.unit_id = unit;
	if (store_user_create(f->s, &fx_admin, &u, "$argon2id$v=19$fake") != 0)
		return -1;
	return u.id;
}

/* Number of entries in the trail, by listing it. */
static inline size_t fx_audit_count(struct fx *f)
{
	struct audit_list l;
	size_t n;

	if (store_audit_list(f->s, 0, 0, 10000, &l) != 0)
		return (size_t)-1;
	n = l.n;
	audit_list_release(&l);
	return n;
}

/*
 * Runs raw SQL on the database (file or PostgreSQL URL), as an attacker
 * on the host could.  Returns SQLITE_OK (0) on success.
 */
static inline int fx_raw(const char *path, const char *sql)
{
	sqlite3 *db;
	int rc;

	if (!strncmp(path, "postgresql://", 13))
		return fx_pg_exec(path, sql);
	rc = sqlite3_open(path, &db);

	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc;
}

#endif
