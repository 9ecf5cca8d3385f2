/*
 * pg.h - the PostgreSQL backend's internals (not for callers of the
 * store: they use store.h; the domain operations use db.h).
 *
 * The backend is a thin driver (driver.c): a pool of libpq connections,
 * each call on a connection of its own.  Several app servers may share
 * the database, so a write transaction is BEGIN ISOLATION LEVEL
 * SERIALIZABLE followed by LOCK TABLE audit_head before the first query
 * (the snapshot is taken after the lock and sees every earlier write).
 * Writers therefore append to the audit chain one after another and the
 * chain cannot fork; a serialization failure or deadlock that still
 * happens is retried by store_write up to PG_WRITE_TRIES times.  Reads run
 * in READ ONLY REPEATABLE READ transactions.  Migrations, maintenance and
 * the import from SQLite (migrate.c, maint.c, import.c) use the libpq
 * helpers below directly.
 */
#ifndef MM_STORE_PG_H
#define MM_STORE_PG_H
#ifndef MM_SEES_STORE_INTERNALS /* the layers: HACKING.md */
#error "layer: store internals: outside store/ use store.h, store_*.h"
#endif

#include <stddef.h>
#include <stdint.h>

#include <libpq-fe.h>

#include "../backend.h"

#define PG_POOL_SIZE 8
/* Attempts of one transaction on serialization failure/deadlock. */
#define PG_WRITE_TRIES 10

/* Statements kept prepared per connection (a page needs about ten). */
#define PG_STMT_CACHE 64

/* A statement prepared on a connection, found by its SQL and types. */
struct pg_stmt {
	uint32_t hash;             /* of the text and types; 0: empty slot */
	uint32_t used;             /* the connection's clock when last run */
	char *sql;                 /* the text as ops/ wrote it (malloc) */
	int n;
	Oid types[32];             /* PG_MAX_PARAMS of driver.c */
	char name[16];             /* its server-side name, "mm<k>" */
};

/*
 * One connection of the pool (what struct db's conn points at), used by
 * one thread at a time.  The server forgets its prepared statements when
 * the connection is reset: the cache is emptied then.
 */
struct pg_conn {
	PGconn *c;
	uint32_t clock, named;
	struct pg_stmt cache[PG_STMT_CACHE];
};

struct pg_sealer;

struct pg_store {
	struct store base;         /* first: a struct store * is a pg_store * */
	char *url;                 /* what it was opened with (the sealer's) */
	struct pg_sealer *sealer;  /* NULL until pg_sealer_start */
};

/* pg_db - the libpq connection of the connection of a transaction. */
static inline PGconn *pg_db(const struct db *d)
{
	return ((const struct pg_conn *)d->conn)->c;
}

/* pg_of - the backend struct behind s. */
static inline struct pg_store *pg_of(struct store *s)
{
	return (struct pg_store *)s;
}

/* The driver table (driver.c). */
extern const struct store_driver pg_driver;

/*
 * pg_connect - one connection to url (a postgresql:// or postgres:// URL
 * or a libpq key=value string) with the session settings every
 * connection needs (UTF8, UTC, lock timeout).  Returns 0 and *out (the
 * caller's, PQfinish), MM_EINVAL for a malformed url, or MM_EIO when the
 * server cannot be reached or refuses the connection.
 */
int pg_connect(const char *url, PGconn **out);
/*
 * pg_connect_as - the same under application_name name (unless url
 * names one): the audit sealer's own connection is "mamori-sealer", so
 * pg_stat_activity (and tests/crash/pg_cut.test.mjs) tell it apart.
 */
int pg_connect_as(const char *url, const char *name, PGconn **out);

/*
 * pg_pool_open - connects n connections to url, migrating the database to
 * the newest schema through the first (pg/migrate.h; create: 0 refuses a
 * database without Mamori's schema with MM_ENOTFOUND).  *out is the
 * caller's, freed with pg_pool_close(); its driver is pg_driver.
 */
int pg_pool_open(const char *url, int create, size_t n, struct pg_store **out);
/* pg_pool_open_as - pg_pool_open, migrating only when migrate is 1. */
int pg_pool_open_as(const char *url, int create, int migrate, size_t n,
		    struct pg_store **out);
void pg_pool_close(struct pg_store *s);

/* pg_acquire / pg_release - takes and gives back a connection. */
PGconn *pg_acquire(struct pg_store *s);
void pg_release(struct pg_store *s, PGconn *c);

/*
 * pg_result_err - the enum mm_err for a result (0 for success): unique
 * violation MM_EEXIST, foreign key MM_ENOTFOUND, other constraint or bad
 * data MM_EINVAL, serialization failure/deadlock/lock timeout MM_EBUSY,
 * connection trouble MM_EIO.  r may be NULL (no result: MM_EIO).
 */
int pg_result_err(const PGresult *r);

/*
 * pg_run - runs sql ($1..$n placeholders) with parameters described by
 * types, one letter per parameter, values following as variadic
 * arguments: 'i' int64_t, 'n' int, 't' const char * (NULL is sent as "").
 * res: NULL to discard the result, else *res receives it on success (the
 * caller's, PQclear) and NULL on failure.  Returns 0 or the mapped error.
 */
int pg_run(PGconn *c, PGresult **res, const char *sql, const char *types, ...);

/* pg_exec - runs sql text without parameters (may hold several statements). */
int pg_exec(PGconn *c, const char *sql);

/* pg_int - the integer value at row, col of r (0 for NULL or junk). */
int64_t pg_int(const PGresult *r, int row, int col);

/* maint.c: contracts in store.h (store_schema_version and so on). */
/*
 * pg_sealer_start / pg_sealer_stop / pg_sealer_status - the audit sealer
 * of store.h (store_sealer_start), sealer.c.
 */
int pg_sealer_start(struct store *s);
void pg_sealer_stop(struct store *s);
void pg_sealer_status(struct store *s, struct store_sealer_status *out);
/* pg_seal_after_write - backend.h's seal_after_write (sealer.c). */
void pg_seal_after_write(struct db *d);

int pg_backup(struct store *s, const char *path, store_progress_fn progress,
	      void *arg);
int pg_integrity_check(struct store *s);
int pg_restore(const char *from, const char *url);
int pg_schema_version(struct store *s, int *version);

#endif
