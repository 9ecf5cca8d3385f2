/*
 * driver.c - the SQLite driver of db.h: connections and their settings,
 * the pool, transactions (BEGIN IMMEDIATE for writes), statements with
 * bound parameters, rows, and the mapping of result codes.  Contracts:
 * sq.h and backend.h.
 */
#include "sq.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "migrate.h"
#include "lib/err.h"
#include "lib/banned.h"

/* Attempts of a transaction still busy after the 5 s busy timeout. */
#define SQ_TRIES 3

int sq_err(int rc)
{
	switch (rc) {
	case SQLITE_OK: case SQLITE_DONE: case SQLITE_ROW:
		return 0;
	case SQLITE_CONSTRAINT_UNIQUE: case SQLITE_CONSTRAINT_PRIMARYKEY:
		return MM_EEXIST;
	case SQLITE_CONSTRAINT_FOREIGNKEY:
		return MM_ENOTFOUND;
	}
	switch (rc & 0xff) {
	case SQLITE_CONSTRAINT: case SQLITE_MISMATCH: case SQLITE_RANGE:
	case SQLITE_TOOBIG:
		return MM_EINVAL;
	case SQLITE_BUSY: case SQLITE_LOCKED:
		return MM_EBUSY;
	case SQLITE_NOMEM:
		return MM_ENOMEM;
	case SQLITE_CORRUPT: case SQLITE_NOTADB:
		return MM_ECORRUPT;
	case SQLITE_CANTOPEN:
		return MM_ENOTFOUND;
	default:
		return MM_EIO;
	}
}

int sq_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st)
{
	return sq_err(sqlite3_prepare_v2(db, sql, -1, st, NULL));
}

int sq_exec(sqlite3 *db, const char *sql)
{
	return sq_err(sqlite3_exec(db, sql, NULL, NULL, NULL));
}

/* Byte order, as PostgreSQL's "C": the SQL of ops/ says COLLATE "C". */
static int compare_bytes(void *arg, int na, const void *a, int nb,
			 const void *b)
{
	int rc = memcmp(a, b, (size_t)(na < nb ? na : nb));

	(void)arg;
	return rc ? rc : na - nb;
}

static int configure(sqlite3 *db, int readonly)
{
	int rc;

	sqlite3_extended_result_codes(db, 1);
	sqlite3_busy_timeout(db, 5000);
	sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	rc = sq_err(sqlite3_create_collation_v2(db, "C", SQLITE_UTF8, NULL,
						compare_bytes, NULL));
	/* reading the schema first tells a non-database file apart */
	if (rc == 0)
		rc = sq_exec(db, "SELECT count(*) FROM sqlite_schema");
	if (rc == 0 && !readonly)
		rc = sq_exec(db, "PRAGMA journal_mode=WAL");
	if (rc < 0)
		return rc;
	return sq_exec(db, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
		       "PRAGMA trusted_schema=OFF");
}

int sq_connect(const char *path, int create, int readonly, sqlite3 **out)
{
	struct stat sb;
	sqlite3 *db = NULL;
	int flags = SQLITE_OPEN_NOMUTEX;
	int rc;

	*out = NULL;
	if (stat(path, &sb) != 0 && (!create || readonly))
		return MM_ENOTFOUND;
	flags |= readonly ? SQLITE_OPEN_READONLY :
		SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
	rc = sqlite3_open_v2(path, &db, flags, NULL);
	if (rc != SQLITE_OK) {
		sqlite3_close(db);
		return sq_err(rc) == MM_ENOTFOUND ? MM_ENOTFOUND : MM_EIO;
	}
	rc = configure(db, readonly);
	if (rc < 0) {
		sqlite3_close(db);
		return rc;
	}
	*out = db;
	return 0;
}

/* ---- the pool ---- */

static void close_conn(void *conn)
{
	sqlite3_close(conn);
}

void sq_pool_close(struct sq_store *s)
{
	if (!s)
		return;
	store_pool_release(&s->base.pool, close_conn);
	free(s);
}

struct open_args {
	const char *path;
	int create, readonly;
};

static int connect_one(void *ctx, size_t i, void **conn)
{
	const struct open_args *o = ctx;
	sqlite3 *db;
	int rc = sq_connect(o->path, o->create, o->readonly, &db);

	/* migrate once, before the other connections cache a schema */
	if (rc == 0 && i == 0 && !o->readonly)
		rc = sq_migrate(db, 0);
	if (rc < 0) {
		sqlite3_close(db);
		return rc;
	}
	*conn = db;
	return 0;
}

int sq_pool_open(const char *path, int create, int readonly, size_t n,
		 struct sq_store **out)
{
	struct open_args o = { path, create, readonly };
	struct sq_store *s = calloc(1, sizeof *s);
	int rc;

	*out = NULL;
	if (!s)
		return MM_ENOMEM;
	s->base.drv = &sq_driver;
	rc = store_pool_fill(&s->base.pool, n, connect_one, &o);
	if (rc < 0) {
		sq_pool_close(s);
		return rc;
	}
	*out = s;
	return 0;
}

sqlite3 *sq_acquire(struct sq_store *s)
{
	return store_pool_take(&s->base.pool);
}

void sq_release(struct sq_store *s, sqlite3 *db)
{
	store_pool_give(&s->base.pool, db);
}

/* ---- the driver ---- */

static void *drv_acquire(struct store *s)
{
	return store_pool_take(&s->pool);
}

static void drv_release(struct store *s, void *conn)
{
	store_pool_give(&s->pool, conn);
}

int sq_err_running(int rc, int os_errno)
{
	switch (rc & 0xff) {
	case SQLITE_IOERR: case SQLITE_CANTOPEN: case SQLITE_FULL:
	case SQLITE_READONLY: case SQLITE_PROTOCOL:
		return MM_EUNAVAIL;
	case SQLITE_CORRUPT:
		if (os_errno == EIO || os_errno == ENXIO || os_errno == ERANGE)
			return MM_EUNAVAIL;
		return MM_ECORRUPT;
	default:
		return sq_err(rc);
	}
}

/* The errno of the last failed system call on the database's file or
 * its WAL (or rollback journal), the newer being unknown: EIO of either
 * wins, else the main file's. */
static int last_os_errno(sqlite3 *conn)
{
	int main_errno = 0, log_errno = 0;
	sqlite3_file *log = NULL;

	if (sqlite3_file_control(conn, "main", SQLITE_FCNTL_LAST_ERRNO,
				 &main_errno) != SQLITE_OK)
		main_errno = 0;
	if (sqlite3_file_control(conn, "main", SQLITE_FCNTL_JOURNAL_POINTER,
				 &log) == SQLITE_OK && log && log->pMethods &&
	    log->pMethods->xFileControl(log, SQLITE_FCNTL_LAST_ERRNO,
					&log_errno) != SQLITE_OK)
		log_errno = 0;
	return log_errno == EIO ? log_errno : main_errno ? main_errno : log_errno;
}

/*
 * The mapped error of rc of a statement on an open database; remembers
 * whether a rerun may pass.  The file (or its journal, its directory, its
 * disk) failing under a running server is the database being unreachable
 * (503, issue 14), not "not found", "corrupt" nor a bug: sq_err_running.
 */
static int fail(struct db *d, int rc)
{
	d->retryable = (rc & 0xff) == SQLITE_BUSY;
	return sq_err_running(rc, (rc & 0xff) == SQLITE_CORRUPT ?
			      last_os_errno(d->conn) : 0);
}

static int drv_begin(struct db *d, enum db_tx kind)
{
	int rc = sqlite3_exec(d->conn, kind == DB_TX_WRITE ? "BEGIN IMMEDIATE" :
			      "BEGIN", NULL, NULL, NULL);

	return rc == SQLITE_OK ? 0 : fail(d, rc);
}

static int drv_end(struct db *d, int commit)
{
	int rc;

	if (sqlite3_get_autocommit(d->conn))
		return 0;
	if (!commit)
		return sq_exec(d->conn, "ROLLBACK");
	rc = sqlite3_exec(d->conn, "COMMIT", NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : fail(d, rc);
}

static int bind_one(sqlite3_stmt *st, int i, const struct db_param *p)
{
	switch (p->type) {
	case DB_INT:
		return sqlite3_bind_int64(st, i, p->i);
	case DB_TEXT:
		return sqlite3_bind_text(st, i, p->p ? p->p : "", -1,
					 SQLITE_TRANSIENT);
	case DB_BLOB:
		return sqlite3_bind_blob(st, i, p->p, (int)p->len,
					 SQLITE_TRANSIENT);
	default:
		return sqlite3_bind_null(st, i);
	}
}

static int prepare_bound(struct db *d, const char *sql,
			 const struct db_param *p, int n, sqlite3_stmt **st)
{
	int rc = sqlite3_prepare_v2(d->conn, sql, -1, st, NULL);

	for (int i = 0; rc == SQLITE_OK && i < n; i++)
		rc = bind_one(*st, i + 1, &p[i]);
	if (rc != SQLITE_OK) {
		sqlite3_finalize(*st);
		*st = NULL;
		return fail(d, rc);
	}
	return 0;
}

static int drv_exec(struct db *d, const char *sql, const struct db_param *p,
		    int n, int64_t *changes)
{
	sqlite3_stmt *st;
	int rc = prepare_bound(d, sql, p, n, &st);

	*changes = 0;
	if (rc < 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		;
	rc = rc == SQLITE_DONE ? 0 : fail(d, sqlite3_extended_errcode(d->conn));
	if (rc == 0)
		*changes = sqlite3_changes64(d->conn);
	sqlite3_finalize(st);
	return rc;
}

static int drv_query(struct db *d, const char *sql, const struct db_param *p,
		     int n, db_row_fn fn, void *arg)
{
	struct db_row row = { d, NULL, 0 };
	sqlite3_stmt *st;
	int step, rc = prepare_bound(d, sql, p, n, &st);

	if (rc < 0)
		return rc;
	row.impl = st;
	while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW)
		rc = fn(&row, arg);
	if (rc == 0 && step != SQLITE_DONE)
		rc = fail(d, sqlite3_extended_errcode(d->conn));
	sqlite3_finalize(st);
	return rc > 0 ? 0 : rc;
}

static enum db_type drv_col_type(const struct db_row *r, int col)
{
	switch (sqlite3_column_type(r->impl, col)) {
	case SQLITE_INTEGER: return DB_INT;
	case SQLITE_TEXT: return DB_TEXT;
	case SQLITE_BLOB: return DB_BLOB;
	case SQLITE_NULL: return DB_NULL;
	default: return DB_OTHER;
	}
}

static int64_t drv_col_int(const struct db_row *r, int col)
{
	return sqlite3_column_int64(r->impl, col);
}

static const char *drv_col_text(const struct db_row *r, int col, size_t *len)
{
	const unsigned char *t = sqlite3_column_text(r->impl, col);

	*len = t ? (size_t)sqlite3_column_bytes(r->impl, col) : 0;
	return (const char *)t;
}

static void drv_close(struct store *s)
{
	sq_pool_close(sq_of(s));
}

const struct store_driver sq_driver = {
	.tries = SQ_TRIES,
	.acquire = drv_acquire,
	.release = drv_release,
	.begin = drv_begin,
	.end = drv_end,
	.exec = drv_exec,
	.query = drv_query,
	.col_type = drv_col_type,
	.col_int = drv_col_int,
	.col_text = drv_col_text,
	.close = drv_close,
	.schema_version = sq_schema_version,
	.backup = sq_backup,
	.integrity_check = sq_integrity_check,
};
