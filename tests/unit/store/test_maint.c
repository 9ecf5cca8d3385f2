#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <pthread.h>
#include <cmocka.h>

#include "fixture.h"
#include "store/sqlite/migrate.h"
#include "store/pg/migrate.h"

/* The whole file, for "untouched" comparisons. */
static char *slurp(const char *path, size_t *n)
{
	FILE *fp = fopen(path, "rb");
	char *p = NULL;
	long len;

	assert_non_null(fp);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	len = ftell(fp);
	assert_true(len > 0);
	rewind(fp);
	p = malloc((size_t)len);
	assert_non_null(p);
	assert_int_equal(fread(p, 1, (size_t)len, fp), (size_t)len);
	fclose(fp);
	*n = (size_t)len;
	return p;
}

static int64_t pages_seen;

static void progress(int64_t done, int64_t total, void *arg)
{
	(void)arg;
	assert_true(done <= total);
	pages_seen = done;
}

/*
 * PostgreSQL: backups are pg_dump's business (README); the store refuses
 * rather than writing a file nothing could restore, and writes nothing.
 */
static void pg_backup_unsupported(struct fx *f)
{
	char bpath[160];
	struct user u;

	fx_path(f, "backup.sqlite", bpath, sizeof bpath);
	assert_int_equal(store_backup(f->s, bpath, progress, NULL),
			 MM_EUNSUPPORTED);
	assert_int_equal(access(bpath, F_OK), -1);
	assert_int_equal(store_restore(bpath, f->path), MM_EUNSUPPORTED);
	assert_int_equal(store_user_get_by_login(f->s, "suzuki", &u), 0);
	assert_int_equal(store_integrity_check(f->s), 0);
}

static void test_backup_restore_roundtrip(void **state)
{
	struct fx *f = *state;
	struct audit_verify_result r;
	struct user u;
	char bpath[160];
	int64_t uid;

	fx_units(f);
	uid = fx_user(f, "suzuki", f->kita);
	if (fx_pg(f)) {
		pg_backup_unsupported(f);
		return;
	}
	fx_path(f, "backup.sqlite", bpath, sizeof bpath);
	pages_seen = 0;
	assert_int_equal(store_backup(f->s, bpath, progress, NULL), 0);
	assert_true(pages_seen > 0);
	/* changes after the backup are gone after the restore */
	fx_user(f, "later", f->kita);
	store_close(f->s);
	f->s = NULL;
	assert_int_equal(store_restore(bpath, f->path), 0);
	assert_int_equal(store_open(f->path, 0, &f->s), 0);
	assert_int_equal(store_user_get(f->s, uid, &u), 0);
	assert_string_equal(u.login, "suzuki");
	assert_int_equal(store_user_get_by_login(f->s, "later", &u), MM_ENOTFOUND);
	assert_int_equal(store_integrity_check(f->s), 0);
	assert_int_equal(store_audit_verify(f->s, &r, NULL, NULL), 0);
	assert_int_equal(r.entries, 4);
	/* and the chain continues */
	assert_true(fx_user(f, "after", f->hq) > 0);
	assert_int_equal(store_audit_verify(f->s, &r, NULL, NULL), 0);
	assert_int_equal(r.entries, 5);
}

static void test_restore_refuses_corrupt_source(void **state)
{
	struct fx *f = *state;
	char bpath[160], junk[160];
	char *before, *after;
	size_t nb, na;
	FILE *fp;

	fx_units(f);
	if (fx_pg(f)) {
		fx_user(f, "suzuki", f->kita);
		pg_backup_unsupported(f);
		return;
	}
	fx_path(f, "backup.sqlite", bpath, sizeof bpath);
	assert_int_equal(store_backup(f->s, bpath, NULL, NULL), 0);
	fx_user(f, "suzuki", f->kita);
	store_close(f->s);
	f->s = NULL;
	before = slurp(f->path, &nb);

	/* tampered audit trail in the backup */
	assert_int_equal(fx_raw(bpath, "UPDATE audit_log SET detail = '{}'"
				" WHERE seq = 2"), SQLITE_OK);
	assert_int_equal(store_restore(bpath, f->path), MM_ECORRUPT);
	/* not a database at all */
	fx_path(f, "junk.sqlite", junk, sizeof junk);
	fp = fopen(junk, "w");
	assert_non_null(fp);
	for (int i = 0; i < 200; i++)
		fputs("definitely not SQLite\n", fp);
	fclose(fp);
	assert_int_equal(store_restore(junk, f->path), MM_ECORRUPT);
	fx_path(f, "missing.sqlite", junk, sizeof junk);
	assert_int_equal(store_restore(junk, f->path), MM_ENOTFOUND);

	after = slurp(f->path, &na);
	assert_int_equal(na, nb);
	assert_memory_equal(before, after, nb);
	free(before);
	free(after);
	assert_int_equal(store_open(f->path, 0, &f->s), 0);
	struct user u;
	assert_int_equal(store_user_get_by_login(f->s, "suzuki", &u), 0);
}

static void test_backup_detects_tampered_source(void **state)
{
	struct fx *f = *state;
	char bpath[160];

	fx_units(f);
	assert_int_equal(store_integrity_check(f->s), 0);
	assert_int_equal(fx_raw(f->path, "DELETE FROM audit_log WHERE seq = 2"),
			 SQLITE_OK);
	fx_path(f, "backup.sqlite", bpath, sizeof bpath);
	/* PostgreSQL: the integrity check includes the audit chain */
	if (fx_pg(f))
		assert_int_equal(store_integrity_check(f->s), MM_ECORRUPT);
	else
		assert_int_equal(store_backup(f->s, bpath, NULL, NULL), MM_ECORRUPT);
}

/* Opens url (at an older schema) and checks it was brought up to date. */
static void expect_upgraded(const char *url, int newest, int has_old)
{
	struct store *s = NULL;
	struct unit_list l;
	int v = -1;

	assert_int_equal(store_open(url, 0, &s), 0);
	assert_int_equal(store_schema_version(s, &v), 0);
	assert_int_equal(v, newest);
	assert_int_equal(store_unit_list(s, &l), 0);
	assert_int_equal(l.n, has_old ? 1 : 0);
	if (has_old)
		assert_string_equal(l.items[0].code, "OLD");
	unit_list_release(&l);
	assert_int_equal(store_integrity_check(s), 0);
	store_close(s);
}

/* The same on PostgreSQL: a database per older version, built by pg_migrate. */
static void pg_migration_upgrade(struct fx *f)
{
	int newest = pg_migration_count();
	char db[96], url[300], sql[160];

	assert_true(newest >= 1);
	for (int k = 1; k <= newest; k++) {
		PGconn *c;

		snprintf(db, sizeof db, "%s_v%d", f->pgdb, k);
		snprintf(sql, sizeof sql, "CREATE DATABASE %s", db);
		assert_int_equal(fx_pg_exec(fx_pg_server(), sql), 0);
		assert_int_equal(fx_pg_url(fx_pg_server(), db, url, sizeof url), 0);
		c = PQconnectdb(url);
		assert_int_equal(PQstatus(c), CONNECTION_OK);
		/* no schema and create = 0: not a Mamori database */
		assert_int_equal(pg_migrate(c, 0, k), MM_ENOTFOUND);
		assert_int_equal(pg_migrate(c, 1, k), 0);
		PQfinish(c);
		assert_int_equal(fx_raw(url, "INSERT INTO units (code, name, kind,"
					" created_at) VALUES ('OLD', '旧署', 2, 0)"), 0);
		expect_upgraded(url, newest, 1);
		snprintf(sql, sizeof sql, "DROP DATABASE %s WITH (FORCE)", db);
		assert_int_equal(fx_pg_exec(fx_pg_server(), sql), 0);
	}
}

/* Builds a database at each older schema version and opens it. */
static void test_migration_upgrade(void **state)
{
	struct fx *f = *state;
	int newest = sq_migration_count();
	char path[160];

	if (fx_pg(f)) {
		pg_migration_upgrade(f);
		return;
	}
	assert_true(newest >= 1);
	for (int k = 0; k <= newest; k++) {
		sqlite3 *db;
		int v = -1;

		snprintf(path, sizeof path, "%s/v%d.sqlite", f->dir, k);
		assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
		if (k > 0) {
			assert_int_equal(sq_migrate(db, k), 0);
			assert_int_equal(sq_user_version(db, &v), 0);
			assert_int_equal(v, k);
			/* data written under version k */
			assert_int_equal(sqlite3_exec(db, "INSERT INTO units (code,"
				" name, kind, created_at) VALUES ('OLD', '旧署', 2, 0)",
				NULL, NULL, NULL), SQLITE_OK);
		}
		sqlite3_close(db);
		expect_upgraded(path, newest, k > 0);
	}
}

static void test_newer_schema_refused(void **state)
{
	struct fx *f = *state;
	struct store *s = NULL;
	char sql[64];

	store_close(f->s);
	f->s = NULL;
	if (fx_pg(f))
		snprintf(sql, sizeof sql, "UPDATE schema_version SET version = %d",
			 pg_migration_count() + 1);
	else
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d",
			 sq_migration_count() + 1);
	assert_int_equal(fx_raw(f->path, sql), SQLITE_OK);
	assert_int_equal(store_open(f->path, 0, &s), MM_EUNSUPPORTED);
	assert_null(s);
}

struct worker {
	struct fx *f;
	int id;
	int failures;
};

static void *write_many(void *arg)
{
	struct worker *w = arg;
	struct actor a = { w->id, "worker", ROLE_NONE, 0, "cli" };
	char code[16];

	for (int i = 0; i < 20; i++) {
		struct unit u = { .kind = UNIT_STATION, .active = 1 };

		snprintf(code, sizeof code, "W%dU%d", w->id, i);
		snprintf(u.code, sizeof u.code, "%s", code);
		snprintf(u.name, sizeof u.name, "%s", code);
		if (store_unit_create(w->f->s, &a, &u) != 0)
			w->failures++;
		if (store_unit_get(w->f->s, u.id, &u) != 0)
			w->failures++;
	}
	return NULL;
}

static void test_concurrent_writers(void **state)
{
	struct fx *f = *state;
	struct worker w[6];
	pthread_t t[6];
	struct audit_verify_result r;
	struct unit_list l;

	for (int i = 0; i < 6; i++) {
		w[i] = (struct worker){ f, i + 1, 0 };
		assert_int_equal(pthread_create(&t[i], NULL, write_many, &w[i]), 0);
	}
	for (int i = 0; i < 6; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(w[i].failures, 0);
	}
	assert_int_equal(store_unit_list(f->s, &l), 0);
	assert_int_equal(l.n, 120);
	unit_list_release(&l);
	assert_int_equal(store_audit_verify(f->s, &r, NULL, NULL), 0);
	assert_int_equal(r.entries, 120);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_backup_restore_roundtrip),
		T(test_restore_refuses_corrupt_source),
		T(test_backup_detects_tampered_source),
		T(test_migration_upgrade),
		T(test_newer_schema_refused),
		T(test_concurrent_writers),
	};

	return cmocka_run_group_tests_name("store_maint", tests, NULL, NULL);
}
