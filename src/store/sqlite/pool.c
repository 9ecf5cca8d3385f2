#include "sq.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <sodium.h>

#include "migrate.h"
#include "../audit.h"
#include "lib/err.h"
#include "lib/banned.h"

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

int64_t sq_now(void)
{
	return (int64_t)time(NULL);
}

int sq_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st)
{
	return sq_err(sqlite3_prepare_v2(db, sql, -1, st, NULL));
}

int sq_exec(sqlite3 *db, const char *sql)
{
	return sq_err(sqlite3_exec(db, sql, NULL, NULL, NULL));
}

int sq_done(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		rc = SQLITE_DONE;
	if (rc != SQLITE_DONE)
		rc = sqlite3_extended_errcode(sqlite3_db_handle(st));
	sqlite3_finalize(st);
	return sq_err(rc);
}

int sq_text(sqlite3_stmt *st, int col, char *out, size_t cap)
{
	const unsigned char *p = sqlite3_column_text(st, col);
	size_t n = (size_t)sqlite3_column_bytes(st, col);

	if (n >= cap) {
		out[0] = '\0';
		return MM_EOVERFLOW;
	}
	memcpy(out, p ? (const char *)p : "", p ? n : 0);
	out[p ? n : 0] = '\0';
	return 0;
}

int sq_bind_text(sqlite3_stmt *st, int idx, const char *s)
{
	return sq_err(sqlite3_bind_text(st, idx, s ? s : "", -1,
					SQLITE_TRANSIENT));
}

static int configure(sqlite3 *db, int readonly)
{
	int rc;

	sqlite3_extended_result_codes(db, 1);
	sqlite3_busy_timeout(db, 5000);
	sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	/* reading the schema first tells a non-database file apart */
	rc = sq_exec(db, "SELECT count(*) FROM sqlite_schema");
	if (rc < 0)
		return rc;
	if (!readonly) {
		rc = sq_exec(db, "PRAGMA journal_mode=WAL");
		if (rc < 0)
			return rc;
	}
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

void sq_pool_close(struct sq_store *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		sqlite3_close(s->conns[i]);
	pthread_cond_destroy(&s->cv);
	pthread_mutex_destroy(&s->mu);
	free(s->conns);
	free(s->free);
	free(s->path);
	free(s);
}

static struct sq_store *pool_alloc(const char *path, size_t n)
{
	struct sq_store *s = calloc(1, sizeof *s);

	if (!s)
		return NULL;
	s->conns = calloc(n, sizeof *s->conns);
	s->free = calloc(n, sizeof *s->free);
	s->path = strdup(path);
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv, NULL);
	if (!s->conns || !s->free || !s->path) {
		sq_pool_close(s);
		return NULL;
	}
	return s;
}

int sq_pool_open(const char *path, int create, int readonly, size_t n,
		 struct sq_store **out)
{
	struct sq_store *s = pool_alloc(path, n);
	int rc = 0;

	*out = NULL;
	if (!s)
		return MM_ENOMEM;
	for (size_t i = 0; i < n && rc == 0; i++) {
		rc = sq_connect(path, create, readonly, &s->conns[i]);
		if (rc == 0) {
			s->free[s->nfree++] = s->conns[i];
			s->n++;
		}
		/* migrate once, before the other connections cache a schema */
		if (rc == 0 && i == 0 && !readonly)
			rc = sq_migrate(s->conns[0], 0);
	}
	if (rc < 0) {
		sq_pool_close(s);
		return rc;
	}
	*out = s;
	return 0;
}

sqlite3 *sq_acquire(struct sq_store *s)
{
	sqlite3 *db;

	pthread_mutex_lock(&s->mu);
	while (s->nfree == 0)
		pthread_cond_wait(&s->cv, &s->mu);
	db = s->free[--s->nfree];
	pthread_mutex_unlock(&s->mu);
	return db;
}

void sq_release(struct sq_store *s, sqlite3 *db)
{
	pthread_mutex_lock(&s->mu);
	s->free[s->nfree++] = db;
	pthread_cond_signal(&s->cv);
	pthread_mutex_unlock(&s->mu);
}

static int run_tx(struct sq_store *s, const char *begin, sq_fn fn, void *arg)
{
	sqlite3 *db = sq_acquire(s);
	int rc = sq_exec(db, begin);

	if (rc == 0) {
		rc = fn(db, arg);
		if (rc >= 0) {
			int crc = sq_exec(db, "COMMIT");

			if (crc < 0)
				rc = crc;
		}
		if (rc < 0 && !sqlite3_get_autocommit(db))
			sq_exec(db, "ROLLBACK");
	}
	sq_release(s, db);
	return rc;
}

int sq_write(struct sq_store *s, sq_fn fn, void *arg)
{
	return run_tx(s, "BEGIN IMMEDIATE", fn, arg);
}

int sq_read(struct sq_store *s, sq_fn fn, void *arg)
{
	return run_tx(s, "BEGIN", fn, arg);
}

static int read_head(sqlite3 *db, int64_t *seq, unsigned char prev[MM_HASH_BYTES])
{
	sqlite3_stmt *st;
	int rc = sq_prepare(db, "SELECT seq, hash FROM audit_head WHERE id = 1", &st);

	if (rc < 0)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*seq = sqlite3_column_int64(st, 0);
		/* a damaged head must not be chained onto: verify reports it */
		rc = audit_hex_decode((const char *)sqlite3_column_text(st, 1),
				      prev) < 0 ? MM_ECORRUPT : 0;
	} else {
		rc = rc == SQLITE_DONE ? MM_ECORRUPT : sq_err(rc);
	}
	sqlite3_finalize(st);
	return rc;
}

static int insert_entry(sqlite3 *db, const struct audit_entry *e,
			const char *prev_hex)
{
	sqlite3_stmt *st;
	int rc = sq_prepare(db,
		"INSERT INTO audit_log (seq, at, actor_user_id, actor_login, role,"
		" unit_id, addr, action, object_type, object_id, detail,"
		" prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", &st);

	if (rc < 0)
		return rc;
	sqlite3_bind_int64(st, 1, e->seq);
	sqlite3_bind_int64(st, 2, e->at);
	sqlite3_bind_int64(st, 3, e->actor_user_id);
	sq_bind_text(st, 4, e->actor_login);
	sqlite3_bind_int64(st, 5, e->role);
	sqlite3_bind_int64(st, 6, e->unit_id);
	sq_bind_text(st, 7, e->addr);
	sq_bind_text(st, 8, e->action);
	sq_bind_text(st, 9, e->object_type);
	sqlite3_bind_int64(st, 10, e->object_id);
	sq_bind_text(st, 11, e->detail);
	sq_bind_text(st, 12, prev_hex);
	sq_bind_text(st, 13, e->hash);
	rc = sq_done(st);
	if (rc < 0)
		return rc;
	rc = sq_prepare(db, "UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1",
			&st);
	if (rc < 0)
		return rc;
	sqlite3_bind_int64(st, 1, e->seq);
	sq_bind_text(st, 2, e->hash);
	return sq_done(st);
}

int sq_audit_append(sqlite3 *db, const struct actor *a, const char *action,
		    const char *object_type, int64_t object_id,
		    const char *detail)
{
	struct audit_entry *e = malloc(sizeof *e);
	unsigned char prev[MM_HASH_BYTES], hash[MM_HASH_BYTES];
	char prev_hex[2 * MM_HASH_BYTES + 1];
	int64_t seq = 0;
	int rc;

	if (!e)
		return MM_ENOMEM;
	rc = audit_entry_fill(e, a, action, object_type, object_id, detail);
	if (rc == 0)
		rc = read_head(db, &seq, prev);
	if (rc == 0) {
		e->seq = seq + 1;
		e->at = sq_now();
		audit_hash(prev, e, hash);
		sodium_bin2hex(e->hash, sizeof e->hash, hash, sizeof hash);
		sodium_bin2hex(prev_hex, sizeof prev_hex, prev, sizeof prev);
		rc = insert_entry(db, e, prev_hex);
	}
	free(e);
	return rc;
}

int sq_stale_or_missing(sqlite3 *db, const char *exists_sql, int64_t id)
{
	sqlite3_stmt *st;
	int rc = sq_prepare(db, exists_sql, &st);

	if (rc < 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	rc = rc == SQLITE_ROW ? MM_ESTALE : rc == SQLITE_DONE ? MM_ENOTFOUND :
		sq_err(rc);
	sqlite3_finalize(st);
	return rc;
}

int sq_grow(void **items, size_t *cap, size_t n, size_t size)
{
	size_t ncap;
	void *p;

	if (n < *cap)
		return 0;
	ncap = *cap ? 2 * *cap : 16;
	p = realloc(*items, ncap * size);
	if (!p)
		return MM_ENOMEM;
	*items = p;
	*cap = ncap;
	return 0;
}
