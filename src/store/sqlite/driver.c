/*
 * driver.c - the SQLite driver of db.h: connections and their settings,
 * the pool, transactions (BEGIN IMMEDIATE for writes, one at a time per
 * process), statements with bound parameters kept prepared per
 * connection, rows, and the mapping of result codes.  Contracts: sq.h
 * and backend.h.
 */
#include "sq.h"

#include <pthread.h>
#include <errno.h>
#include <stdint.h>
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
		       "PRAGMA trusted_schema=OFF; "
		       /* the savepoints of a group commit (db.c) keep their
		        * undo in memory: never a temporary file, which the
		        * sandbox would not let the server create */
		       "PRAGMA temp_store=MEMORY; "
		       /* disposal (R-RET-2): a removed text is zeroed, not left
		        * in the free space of its page */
		       "PRAGMA secure_delete=ON");
}

/*
 * Before SQLite's first use in the process: no memory statistics, whose
 * global mutex every allocation of every connection took (issue 12's
 * profile).  Refused harmlessly (SQLITE_MISUSE) if SQLite already runs.
 */
static void tune_once(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int sq_connect(const char *path, int create, int readonly, sqlite3 **out)
{
	static pthread_once_t tuned = PTHREAD_ONCE_INIT;
	struct stat sb;
	sqlite3 *db = NULL;
	int flags = SQLITE_OPEN_NOMUTEX;
	int rc;

	pthread_once(&tuned, tune_once);
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
	struct sq_conn *c = conn;

	for (size_t i = 0; i < SQ_STMT_CACHE; i++) {
		sqlite3_finalize(c->cache[i].st);
		free(c->cache[i].sql);
	}
	sqlite3_close(c->db);
	free(c);
}

void sq_pool_close(struct sq_store *s)
{
	if (!s)
		return;
	store_pool_release(&s->base.pool, close_conn);
	pthread_mutex_destroy(&s->write_mu);
	store_group_release(&s->base);
	free(s);
}

struct open_args {
	const char *path;
	int create, readonly;
};

static int connect_one(void *ctx, size_t i, void **conn)
{
	const struct open_args *o = ctx;
	struct sq_conn *c = calloc(1, sizeof *c);
	sqlite3 *db = NULL;
	int rc = c ? sq_connect(o->path, o->create, o->readonly, &db) :
		MM_ENOMEM;

	/* migrate once, before the other connections cache a schema */
	if (rc == 0 && i == 0 && !o->readonly)
		rc = sq_migrate(db, 0);
	if (rc < 0) {
		sqlite3_close(db);
		free(c);
		return rc;
	}
	c->db = db;
	*conn = c;
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
	pthread_mutex_init(&s->write_mu, NULL);
	store_group_init(&s->base);
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
	return ((struct sq_conn *)store_pool_take(&s->base.pool))->db;
}

void sq_release(struct sq_store *s, sqlite3 *db)
{
	struct store_pool *p = &s->base.pool;

	for (size_t i = 0; i < p->n; i++)
		if (((struct sq_conn *)p->conns[i])->db == db) {
			store_pool_give(p, p->conns[i]);
			return;
		}
}

/* ---- statements kept prepared ---- */

static uint32_t sql_hash(const char *sql)
{
	uint32_t h = 2166136261u; /* FNV-1a */

	for (const unsigned char *p = (const unsigned char *)sql; *p; p++)
		h = (h ^ *p) * 16777619u;
	return h ? h : 1;
}

/*
 * Prepares sql as SQLite should run it: `COLLATE "C"` (the byte order
 * ops/ asks of both engines) is dropped, as SQLite's own BINARY is that
 * order, so an index of the column (built BINARY) serves the ORDER BY
 * and the keyset of a list (issue 12) where the driver's "C" never would.
 */
static int prepare_text(sqlite3 *db, const char *sql, unsigned flags,
			sqlite3_stmt **st)
{
	static const char collate[] = " COLLATE \"C\"";
	const char *at = strstr(sql, collate);
	char *text;
	size_t k = 0;
	int rc;

	if (!at)
		return sqlite3_prepare_v3(db, sql, -1, flags, st, NULL);
	text = malloc(strlen(sql) + 1);
	if (!text)
		return SQLITE_NOMEM;
	for (const char *p = sql; *p;) {
		if (p == at) {
			p += sizeof collate - 1;
			at = strstr(p, collate);
			continue;
		}
		text[k++] = *p++;
	}
	text[k] = '\0';
	rc = sqlite3_prepare_v3(db, text, -1, flags, st, NULL);
	free(text);
	return rc;
}

/*
 * The statement of sql on c, prepared once and kept (two slots a text may
 * sit in; the older is replaced).  *cached 0: a statement of its own
 * (the kept one is in use further up the stack, or it could not be kept),
 * finalized by stmt_done.  Returns SQLite's result code.
 */
static int stmt_take(struct sq_conn *c, const char *sql, sqlite3_stmt **st,
		     struct sq_stmt **cached)
{
	uint32_t h = sql_hash(sql);
	struct sq_stmt *a = &c->cache[h % SQ_STMT_CACHE];
	struct sq_stmt *b = &c->cache[(h + 1) % SQ_STMT_CACHE];
	struct sq_stmt *e = NULL;
	int rc;

	*cached = NULL;
	*st = NULL;
	for (struct sq_stmt *x = a; x; x = x == a ? b : NULL)
		if (x->hash == h && !strcmp(x->sql, sql)) {
			e = x;
			break;
		}
	if (e && e->busy)
		return prepare_text(c->db, sql, 0, st);
	if (!e) {
		e = !a->busy && (!a->hash || b->busy || a->used <= b->used) ? a : b;
		if (e->busy)
			return prepare_text(c->db, sql, 0, st);
		sqlite3_finalize(e->st);
		free(e->sql);
		memset(e, 0, sizeof *e);
		e->sql = strdup(sql);
		if (!e->sql)
			return prepare_text(c->db, sql, 0, st);
		rc = prepare_text(c->db, sql, SQLITE_PREPARE_PERSISTENT, &e->st);
		if (rc != SQLITE_OK || !e->st) {
			sqlite3_finalize(e->st);
			free(e->sql);
			memset(e, 0, sizeof *e);
			return rc == SQLITE_OK ? SQLITE_MISUSE : rc;
		}
		e->hash = h;
	}
	e->busy = 1;
	e->used = ++c->clock;
	*st = e->st;
	*cached = e;
	return SQLITE_OK;
}

/* Gives back a statement of stmt_take: reset, unbound, or finalized. */
static void stmt_done(sqlite3_stmt *st, struct sq_stmt *cached)
{
	if (!cached) {
		sqlite3_finalize(st);
		return;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	cached->busy = 0;
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
	/* d->conn is the driver's struct sq_conn, not the sqlite3 handle
	 * (passing it crashed the server on the first read error) */
	return sq_err_running(rc, (rc & 0xff) == SQLITE_CORRUPT ?
			      last_os_errno(sq_db(d)) : 0);
}


/* Runs one parameterless statement (BEGIN, COMMIT ...) kept prepared. */
static int run_simple(struct db *d, const char *sql)
{
	struct sq_stmt *cached;
	sqlite3_stmt *st;
	int rc = stmt_take(d->conn, sql, &st, &cached);

	if (rc != SQLITE_OK)
		return fail(d, rc);
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE)
		rc = sqlite3_extended_errcode(sq_db(d));
	stmt_done(st, cached);
	return rc == SQLITE_DONE ? 0 : fail(d, rc);
}

/* Lets the next writer of the process in once no transaction is open. */
static void write_done(struct db *d)
{
	struct sq_conn *c = d->conn;

	if (c->in_write && sqlite3_get_autocommit(c->db)) {
		c->in_write = 0;
		pthread_mutex_unlock(&sq_of(d->s)->write_mu);
	}
}

/*
 * A write takes the process's write lock first (released by drv_end,
 * which run_once calls after a failed begin too).
 */
static int drv_begin(struct db *d, enum db_tx kind)
{
	struct sq_conn *c = d->conn;

	if (kind == DB_TX_WRITE && !c->in_write) {
		pthread_mutex_lock(&sq_of(d->s)->write_mu);
		c->in_write = 1;
	}
	return run_simple(d, kind == DB_TX_WRITE ? "BEGIN IMMEDIATE" : "BEGIN");
}

static int drv_savepoint(struct db *d)
{
	return run_simple(d, "SAVEPOINT mm_write");
}

static int drv_savepoint_end(struct db *d, int keep)
{
	int rc = keep ? 0 : run_simple(d, "ROLLBACK TO mm_write");

	return rc < 0 ? rc : run_simple(d, "RELEASE mm_write");
}

static int drv_in_tx(struct db *d)
{
	return !sqlite3_get_autocommit(sq_db(d));
}

static int drv_end(struct db *d, int commit)
{
	int rc = 0;

	if (!sqlite3_get_autocommit(sq_db(d)))
		rc = commit ? run_simple(d, "COMMIT") :
			sq_exec(sq_db(d), "ROLLBACK");
	write_done(d);
	return rc;
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
			 const struct db_param *p, int n, sqlite3_stmt **st,
			 struct sq_stmt **cached)
{
	int rc = stmt_take(d->conn, sql, st, cached);

	for (int i = 0; rc == SQLITE_OK && i < n; i++)
		rc = bind_one(*st, i + 1, &p[i]);
	if (rc != SQLITE_OK) {
		if (*st)
			stmt_done(*st, *cached);
		*st = NULL;
		return fail(d, rc);
	}
	return 0;
}

static int drv_exec(struct db *d, const char *sql, const struct db_param *p,
		    int n, int64_t *changes)
{
	struct sq_stmt *cached;
	sqlite3_stmt *st;
	int rc = prepare_bound(d, sql, p, n, &st, &cached);

	*changes = 0;
	if (rc < 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		;
	rc = rc == SQLITE_DONE ? 0 : fail(d, sqlite3_extended_errcode(sq_db(d)));
	if (rc == 0)
		*changes = sqlite3_changes64(sq_db(d));
	stmt_done(st, cached);
	return rc;
}

static int drv_query(struct db *d, const char *sql, const struct db_param *p,
		     int n, db_row_fn fn, void *arg)
{
	struct db_row row = { d, NULL, 0 };
	struct sq_stmt *cached;
	sqlite3_stmt *st;
	int step, rc = prepare_bound(d, sql, p, n, &st, &cached);

	if (rc < 0)
		return rc;
	row.impl = st;
	while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW)
		rc = fn(&row, arg);
	if (rc == 0 && step != SQLITE_DONE)
		rc = fail(d, sqlite3_extended_errcode(sq_db(d)));
	stmt_done(st, cached);
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

	/* NULL is a NULL column, or SQLite out of memory converting the
	 * value (sqlite3_errcode says which): SIZE_MAX tells db_text */
	if (!t && sqlite3_errcode(sqlite3_db_handle(r->impl)) == SQLITE_NOMEM) {
		*len = SIZE_MAX;
		return NULL;
	}
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
	.savepoint = drv_savepoint,
	.savepoint_end = drv_savepoint_end,
	.in_tx = drv_in_tx,
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
