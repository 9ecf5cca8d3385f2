/*
 * import.c - store_migrate(): a SQLite database copied into PostgreSQL.
 * Lives with the PostgreSQL backend because that is the side it writes;
 * it reads the SQLite file through the SQLite backend's pool.
 */
#include "pg.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "migrate.h"
#include "../sqlite/sq.h"
#include "../sqlite/migrate.h"
#include "lib/buf.h"
#include "lib/err.h"
#include "lib/banned.h"

typedef void (*copy_progress_fn)(const char *table, int64_t done,
				 int64_t total, void *arg);

/* Rows between two progress reports. */
#define PROGRESS_EVERY 500

/* Parents before children, so foreign keys hold at every insert. */
static const struct table {
	const char *name;
	const char *cols;
	int ncols;
	const char *key;        /* identity column whose sequence is set, or NULL */
} tables[STORE_MIGRATE_TABLES] = {
	{ "units", "id, code, name, kind, active, version, created_at", 7, "id" },
	{ "users", "id, login, password_hash, name, name_kana, rank, sex,"
	  " unit_id, is_admin, active, version, created_at", 12, "id" },
	{ "role_assignments", "id, user_id, role, unit_id, since, revoked_at", 6,
	  "id" },
	{ "sessions", "id, token_hash, user_id, created_at, last_seen_at", 5, "id" },
	{ "api_tokens", "id, token_hash, user_id, label, created_at, revoked_at", 6,
	  "id" },
	{ "login_failures", "id, login, addr, at", 4, "id" },
	{ "audit_log", "seq, at, actor_user_id, actor_login, role, unit_id, addr,"
	  " action, object_type, object_id, detail, prev_hash, hash", 13, NULL },
	{ "audit_head", "id, seq, hash", 3, NULL },
};

struct copy {
	sqlite3 *src;
	PGconn *dst;
	copy_progress_fn progress;
	void *arg;
	struct store_migrate_report *rep;
};

static int sq_count(sqlite3 *db, const char *table, int64_t *n)
{
	char sql[96];
	sqlite3_stmt *st;
	int rc;

	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
	rc = sq_prepare(db, sql, &st);
	if (rc < 0)
		return rc;
	rc = sqlite3_step(st);
	*n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	rc = rc == SQLITE_ROW ? 0 : sq_err(rc);
	sqlite3_finalize(st);
	return rc;
}

static int pg_count(PGconn *c, const char *table, int64_t *n)
{
	char sql[96];
	PGresult *r;
	int rc;

	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
	rc = pg_run(c, &r, sql, NULL);
	*n = rc == 0 ? pg_int(r, 0, 0) : 0;
	PQclear(r);
	return rc;
}

/* Binds row st as it is: integers and text as text, blobs as bytea. */
static int insert_row(PGconn *c, const char *sql, sqlite3_stmt *st, int ncols)
{
	const char *values[16];
	int lengths[16], formats[16];
	PGresult *r;
	int rc;

	for (int i = 0; i < ncols; i++) {
		int type = sqlite3_column_type(st, i);

		formats[i] = type == SQLITE_BLOB;
		values[i] = type == SQLITE_NULL ? NULL : type == SQLITE_BLOB ?
			sqlite3_column_blob(st, i) :
			(const char *)sqlite3_column_text(st, i);
		lengths[i] = sqlite3_column_bytes(st, i);
	}
	r = PQexecParams(c, sql, ncols, NULL, values, lengths, formats, 0);
	rc = pg_result_err(r);
	PQclear(r);
	return rc;
}

static int copy_rows(struct copy *cp, const struct table *t, sqlite3_stmt *st,
		     const char *insert, int64_t total)
{
	int64_t done = 0;
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		rc = insert_row(cp->dst, insert, st, t->ncols);
		if (rc < 0)
			return rc;
		if (cp->progress && ++done % PROGRESS_EVERY == 0)
			cp->progress(t->name, done, total, cp->arg);
	}
	if (cp->progress)
		cp->progress(t->name, done, total, cp->arg);
	return rc == SQLITE_DONE ? 0 : sq_err(rc);
}

static int copy_table(struct copy *cp, const struct table *t)
{
	struct buf sel = BUF_INIT_MAX(1024), ins = BUF_INIT_MAX(1024);
	sqlite3_stmt *st = NULL;
	int64_t total = 0;
	int rc = sq_count(cp->src, t->name, &total);

	buf_addf(&sel, "SELECT %s FROM %s ORDER BY 1", t->cols, t->name);
	buf_addf(&ins, "INSERT INTO %s (%s) VALUES (", t->name, t->cols);
	for (int i = 1; i <= t->ncols; i++)
		buf_addf(&ins, i > 1 ? ", $%d" : "$%d", i);
	buf_addch(&ins, ')');
	if (rc == 0)
		rc = buf_error(&sel) < 0 || buf_error(&ins) < 0 ? MM_ENOMEM : 0;
	if (rc == 0)
		rc = sq_prepare(cp->src, buf_cstr(&sel), &st);
	if (rc == 0)
		rc = copy_rows(cp, t, st, buf_cstr(&ins), total);
	sqlite3_finalize(st);
	buf_release(&sel);
	buf_release(&ins);
	return rc;
}

/* New rows on PostgreSQL continue after the copied ids. */
static int reset_identity(PGconn *c, const struct table *t)
{
	char sql[256];

	if (!t->key)
		return 0;
	snprintf(sql, sizeof sql, "SELECT setval(pg_get_serial_sequence('%s',"
		 " '%s'), coalesce((SELECT max(%s) FROM %s), 0) + 1, false)",
		 t->name, t->key, t->key, t->name);
	return pg_run(c, NULL, sql, NULL);
}

static int target_empty(PGconn *c)
{
	PGresult *r;
	int rc = pg_run(c, &r, "SELECT EXISTS (SELECT 1 FROM units) OR EXISTS"
			" (SELECT 1 FROM users) OR EXISTS (SELECT 1 FROM audit_log)"
			" OR (SELECT seq FROM audit_head WHERE id = 1) <> 0", NULL);

	if (rc < 0)
		return rc;
	rc = strcmp(PQgetvalue(r, 0, 0), "f") == 0 ? 0 : MM_EEXIST;
	PQclear(r);
	return rc;
}

static int copy_all(struct copy *cp)
{
	int rc = pg_exec(cp->dst, "BEGIN ISOLATION LEVEL SERIALIZABLE;"
			 " LOCK TABLE audit_head IN SHARE ROW EXCLUSIVE MODE");

	if (rc == 0)
		rc = target_empty(cp->dst);
	if (rc == 0)
		rc = pg_exec(cp->dst, "DELETE FROM audit_head");
	for (size_t i = 0; rc == 0 && i < STORE_MIGRATE_TABLES; i++)
		rc = copy_table(cp, &tables[i]);
	for (size_t i = 0; rc == 0 && i < STORE_MIGRATE_TABLES; i++)
		rc = reset_identity(cp->dst, &tables[i]);
	if (rc == 0)
		rc = pg_exec(cp->dst, "COMMIT");
	if (rc < 0 && PQtransactionStatus(cp->dst) != PQTRANS_IDLE)
		pg_exec(cp->dst, "ROLLBACK");
	return rc;
}

/* Row counts equal on both sides, table by table. */
static int compare_counts(struct copy *cp)
{
	struct store_migrate_report *rep = cp->rep;

	rep->n = 0;
	for (size_t i = 0; i < STORE_MIGRATE_TABLES; i++) {
		int64_t a = 0, b = -1;
		int rc = sq_count(cp->src, tables[i].name, &a);

		if (rc == 0)
			rc = pg_count(cp->dst, tables[i].name, &b);
		if (rc < 0)
			return rc;
		if (a != b)
			return MM_ECORRUPT;
		rep->tables[rep->n].table = tables[i].name;
		rep->tables[rep->n++].rows = a;
	}
	return 0;
}

/* The source must be whole and of this binary's schema before copying. */
static int check_source(struct sq_store *src)
{
	struct audit_verify_result r;
	sqlite3 *db = sq_acquire(src);
	int version = 0;
	int rc = sq_user_version(db, &version);

	sq_release(src, db);
	if (rc < 0)
		return rc;
	if (version != sq_migration_count())
		return MM_EUNSUPPORTED;
	rc = store_audit_verify(&src->base, &r, NULL, NULL);
	return rc == MM_ECORRUPT ? MM_ECORRUPT : rc;
}

/* Copies and compares on one source connection inside a read snapshot. */
static int copy_from(struct sq_store *src, struct pg_store *dst,
		     struct copy *cp)
{
	int rc;

	cp->src = sq_acquire(src);
	cp->dst = pg_acquire(dst);
	rc = sq_exec(cp->src, "BEGIN");
	if (rc == 0)
		rc = copy_all(cp);
	if (rc == 0)
		rc = compare_counts(cp);
	sq_exec(cp->src, "COMMIT");
	pg_release(dst, cp->dst);
	sq_release(src, cp->src);
	return rc;
}

/* store_audit_verify and the sanity check on the target. */
static int verify_target(const char *to, struct store_migrate_report *rep)
{
	struct audit_verify_result r;
	struct store *s;
	int rc = pg_backend.open(to, 0, &s);

	if (rc < 0)
		return rc;
	rc = store_audit_verify(s, &r, NULL, NULL);
	rep->audit_entries = r.entries;
	/* every copied entry is on the verified chain */
	if (rc == 0 && r.entries != rep->tables[6].rows)
		rc = MM_ECORRUPT;
	if (rc == 0)
		rc = store_integrity_check(s);
	store_close(s);
	return rc;
}

int store_migrate(const char *from, const char *to,
		  void (*progress)(const char *table, int64_t done,
				   int64_t total, void *arg),
		  void *arg, struct store_migrate_report *rep)
{
	struct store_migrate_report local;
	struct copy cp = { .progress = progress, .arg = arg };
	struct sq_store *src = NULL;
	struct pg_store *dst = NULL;
	int rc;

	cp.rep = rep ? rep : &local;
	memset(cp.rep, 0, sizeof *cp.rep);
	if (!from || !to || (strncmp(to, "postgresql://", 13) &&
			     strncmp(to, "postgres://", 11)))
		return MM_EINVAL;
	if (!strncmp(from, "sqlite:", 7))
		from += 7;
	if (!*from || strstr(from, "://"))
		return MM_EINVAL;
	rc = sq_pool_open(from, 0, 1, 1, &src);
	if (rc == 0)
		rc = check_source(src);
	if (rc == 0)
		rc = pg_pool_open(to, 1, 1, &dst);
	if (rc == 0)
		rc = copy_from(src, dst, &cp);
	pg_pool_close(dst);
	sq_pool_close(src);
	if (rc == 0)
		rc = verify_target(to, cp.rep);
	return rc;
}
