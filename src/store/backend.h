/*
 * backend.h - what a storage backend provides (not for callers of the
 * store: they use store.h; the domain operations use db.h).
 *
 * A backend is a driver: a pool of connections, transactions begun its
 * own way, SQL run with bound parameters, rows read by column, errors
 * mapped to enum mm_err.  Plus what is truly per engine: opening, schema
 * version, backup, restore and integrity checks.  struct store is the
 * first member of every backend's own struct.
 */
#ifndef MM_STORE_BACKEND_H
#define MM_STORE_BACKEND_H
#ifndef MM_SEES_STORE_INTERNALS /* the layers: HACKING.md */
#error "layer: store internals: outside store/ use store.h, store_*.h"
#endif

#include <pthread.h>

#include "store.h"
#include "db.h"
#include "core/seal.h"

typedef void (*store_progress_fn)(int64_t done, int64_t total, void *arg);

enum db_tx { DB_TX_READ, DB_TX_WRITE };

struct store_driver {
	/* attempts of one transaction that keeps failing with a retryable
	   MM_EBUSY (1: no retry) */
	int tries;
	/* a connection from the pool (waits while all are in use) and back */
	void *(*acquire)(struct store *s);
	void (*release)(struct store *s, void *conn);
	int (*begin)(struct db *d, enum db_tx kind);
	/* commit (1) or roll back (0) the open transaction */
	int (*end)(struct db *d, int commit);
	int (*exec)(struct db *d, const char *sql, const struct db_param *p,
		    int n, int64_t *changes);
	int (*query)(struct db *d, const char *sql, const struct db_param *p,
		     int n, db_row_fn fn, void *arg);
	/* db_scan: a query read in batches; NULL: query does */
	int (*scan)(struct db *d, const char *sql, const struct db_param *p,
		    int n, db_row_fn fn, void *arg);
	enum db_type (*col_type)(const struct db_row *r, int col);
	int64_t (*col_int)(const struct db_row *r, int col);
	/* the bytes of a text column and their length; NULL for SQL NULL,
	 * or NULL with *len SIZE_MAX when the engine ran out of memory */
	const char *(*col_text)(const struct db_row *r, int col, size_t *len);

	void (*close)(struct store *s);
	int (*schema_version)(struct store *s, int *version);
	int (*backup)(struct store *s, const char *path,
		      store_progress_fn progress, void *arg);
	int (*integrity_check)(struct store *s);
	/*
	 * 1: a write inserts its audit entry unsealed and the backend's
	 * sealer chains it later (PostgreSQL, pg/sealer.c); 0: the writing
	 * transaction chains it (one writer at a time: SQLite).
	 */
	int deferred_audit;
	/*
	 * Group commit (db.c): when set, the writes that wait for the one
	 * writer are run by it in one transaction, each inside a savepoint
	 * opened by savepoint and closed by savepoint_end, keeping (1) or
	 * undoing (0) its work; in_tx answers 1 while the transaction is
	 * still open (SQLite ends one itself on some I/O and memory
	 * errors).  NULL: each write commits alone (PostgreSQL runs writers
	 * side by side).
	 */
	int (*savepoint)(struct db *d);
	int (*savepoint_end)(struct db *d, int keep);
	int (*in_tx)(struct db *d);
	/*
	 * After a committed write, on its connection: a process that runs
	 * no sealer thread (a CLI command, a store test) seals the pending
	 * entries itself, so its writes never wait for a server that may
	 * not be running.  Its failure leaves them for the next sealer.
	 * NULL: none (entries are chained in the write).
	 */
	void (*seal_after_write)(struct db *d);
	/* the sealer (store.h, store_sealer_start); NULL: none */
	int (*sealer_start)(struct store *s);
	void (*sealer_stop)(struct store *s);
	void (*sealer_status)(struct store *s,
			      struct store_sealer_status *out);
};

/*
 * store_group_init / store_group_release - the group commit's queue of
 * a store whose driver has savepoints: init before the store is shared
 * between threads, release when no write runs any more.
 */
void store_group_init(struct store *s);
void store_group_release(struct store *s);

/* The connections of a store: all n, and the nfree not in use. */
struct store_pool {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	size_t n, nfree;
	void **conns;
	void **free;
};

/* A write waiting for (or being run by) the group's writer: db.c. */
struct write_job;

/* The writes of a store with group commit, in arrival order. */
struct write_group {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct write_job *head, *tail;
	int leading; /* a thread is running a batch */
};

struct store {
	const struct store_driver *drv;
	struct store_pool pool;
	struct write_group group; /* with drv->savepoint: store_group_init */
	/*
	 * The subkeys of the field key (store_seal.h): set once by
	 * store_set_field_key() before the store is shared between threads,
	 * wiped by store_close().  has_keys 0: sealed fields are refused.
	 */
	int has_keys;
	struct seal_keys keys;
};

/*
 * How a backend opens connection number i of its pool (the first one also
 * migrates the schema); *conn is the pool's on success.
 */
typedef int (*store_connect_fn)(void *ctx, size_t i, void **conn);

/*
 * store_pool_fill - makes room for n connections in p and opens them one
 * by one with connect.  On failure the ones opened stay in p for the
 * caller's store_pool_release.  Returns 0, MM_ENOMEM or connect's error.
 */
int store_pool_fill(struct store_pool *p, size_t n, store_connect_fn connect,
		    void *ctx);
/* store_pool_take / store_pool_give - waits for a free one / returns it. */
void *store_pool_take(struct store_pool *p);
void store_pool_give(struct store_pool *p, void *conn);
/* store_pool_release - closes every connection with close_conn, frees all. */
void store_pool_release(struct store_pool *p, void (*close_conn)(void *conn));

/*
 * A backend: how to open a database (migrated, or as it is: one
 * connection, read-only where the engine can, for store_open_unmigrated),
 * restore one, given its location, and the newest schema version it knows.
 */
struct store_backend {
	int (*open)(const char *location, int create, struct store **out);
	int (*open_unmigrated)(const char *location, struct store **out);
	int (*restore)(const char *from, const char *location);
	int (*schema_newest)(void);
};

/* The SQLite backend (sqlite/); location is a file path. */
extern const struct store_backend sqlite_backend;
/* The PostgreSQL backend (pg/); location is the whole postgresql:// URL. */
extern const struct store_backend pg_backend;

#endif
