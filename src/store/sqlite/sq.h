/*
 * sq.h - the SQLite backend's internals (not for callers of the store:
 * they use store.h; the domain operations use db.h).
 *
 * The backend is a thin driver (driver.c): a pool of connections to one
 * database file, each call on a connection of its own; write transactions
 * are BEGIN IMMEDIATE, so writers take the database lock up front and run
 * one after another.  What SQLite does its own way stays here too:
 * migrations (migrate.c), backup, restore and integrity (maint.c).
 */
#ifndef MM_STORE_SQ_H
#define MM_STORE_SQ_H
#ifndef MM_SEES_STORE_INTERNALS /* the layers: HACKING.md */
#error "layer: store internals: outside store/ use store.h, store_*.h"
#endif

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "../backend.h"

#define SQ_POOL_SIZE 8
/* Statements kept prepared per connection (a page needs about ten). */
#define SQ_STMT_CACHE 64

/* A statement kept prepared on a connection, found by its SQL text. */
struct sq_stmt {
	uint32_t hash;             /* of the SQL text; 0: the slot is empty */
	int busy;                  /* handed out and not yet given back */
	uint32_t used;             /* the connection's clock when last taken */
	char *sql;                 /* the text as ops/ wrote it (malloc) */
	sqlite3_stmt *st;
};

/*
 * One connection of the pool (what struct db's conn points at): used by
 * one thread at a time (opened SQLITE_OPEN_NOMUTEX), so its statement
 * cache needs no lock.
 */
struct sq_conn {
	sqlite3 *db;
	int in_write;              /* holds its store's write_mu */
	uint32_t clock;
	struct sq_stmt cache[SQ_STMT_CACHE];
};

struct sq_store {
	struct store base;         /* first: a struct store * is a sq_store * */
	/*
	 * Write transactions of this process run one after another under
	 * this lock, from BEGIN IMMEDIATE to COMMIT or ROLLBACK: queued here
	 * in order, writers do not poll SQLite's lock through the busy
	 * handler, whose growing sleeps made a tail of a second (issue 12).
	 * Other processes (the CLI) still meet the busy timeout.
	 */
	pthread_mutex_t write_mu;
};

/* sq_db - the SQLite handle of the connection of a transaction. */
static inline sqlite3 *sq_db(const struct db *d)
{
	return ((const struct sq_conn *)d->conn)->db;
}

/* sq_of - the backend struct behind s. */
static inline struct sq_store *sq_of(struct store *s)
{
	return (struct sq_store *)s;
}

/* The driver table (driver.c). */
extern const struct store_driver sq_driver;

/*
 * sq_connect - opens one connection to path and applies the settings every
 * connection needs (WAL, synchronous=FULL, foreign keys, busy timeout,
 * defensive mode, untrusted schema, the "C" collation).  readonly: open
 * without write access and leave the journal mode alone.  Returns 0 and
 * *out, MM_ENOTFOUND when the file is missing and !create, MM_ECORRUPT for
 * a file that is not a database, or MM_EIO.
 */
int sq_connect(const char *path, int create, int readonly, sqlite3 **out);

/*
 * sq_pool_open - connects n connections to path, migrating the database to
 * the newest schema through the first (unless readonly).  *out is the
 * caller's, freed with sq_pool_close(); its driver is sq_driver.
 */
int sq_pool_open(const char *path, int create, int readonly, size_t n,
		 struct sq_store **out);
void sq_pool_close(struct sq_store *s);

/* sq_acquire / sq_release - takes and gives back a connection. */
sqlite3 *sq_acquire(struct sq_store *s);
void sq_release(struct sq_store *s, sqlite3 *db);

/*
 * sq_err - the enum mm_err for an SQLite result code (0 for OK/DONE/ROW):
 * unique MM_EEXIST, foreign key MM_ENOTFOUND, other constraint MM_EINVAL,
 * busy/locked MM_EBUSY, corrupt MM_ECORRUPT, other MM_EIO.
 */
int sq_err(int rc);

/*
 * sq_err_running - the enum mm_err for the result code rc of a statement
 * on an open database whose files last failed with os_errno (0: none
 * known).  A file, journal, directory or disk failing under a running
 * server is the database being unreachable (MM_EUNAVAIL, 503, issue 14):
 * SQLITE_IOERR, CANTOPEN, FULL, READONLY, PROTOCOL, and SQLITE_CORRUPT
 * when the last OS error was EIO, ENXIO or ERANGE (SQLite 3.40 reports a
 * read's EIO as IOERR_CORRUPTFS and hands it to the caller as plain
 * SQLITE_CORRUPT: the disk failed, not the bytes).  Everything else as
 * sq_err().
 */
int sq_err_running(int rc, int os_errno);

/* sq_prepare - prepares sql on db; returns 0 or the mapped error. */
int sq_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st);

/* sq_exec - runs statements without parameters or results. */
int sq_exec(sqlite3 *db, const char *sql);

/* maint.c: contracts in store.h (store_schema_version and so on). */
int sq_schema_version(struct store *s, int *version);
int sq_backup(struct store *s, const char *path, store_progress_fn progress,
	      void *arg);
int sq_integrity_check(struct store *s);
int sq_restore(const char *from, const char *path);

#endif
