/*
 * db.h - the small SQL interface the domain operations (ops/) are written
 * against, once for every backend.
 *
 * A backend is a driver (backend.h): it hands out connections from its
 * pool, begins transactions its own way, runs SQL and maps its errors.
 * Above this line nothing knows which engine it talks to.
 *
 * SQL text uses `?` placeholders, one per bound value in order (a value
 * used twice is bound twice); the PostgreSQL driver rewrites them to
 * $1..$n outside string literals and quoted identifiers.  Only SQL that
 * both SQLite 3.40 and PostgreSQL 15 accept is written here: RETURNING
 * for new ids, `COLLATE "C"` for byte order (the SQLite driver defines
 * that collation), no row locks (a write transaction already excludes
 * every other writer, see store_write).
 *
 * Errors from db_exec/db_query: 0 or a negative enum mm_err: a unique
 * violation is MM_EEXIST, a busy database, serialization failure or
 * deadlock MM_EBUSY, a foreign key MM_ENOTFOUND, other constraints
 * MM_EINVAL, anything else MM_EIO.
 */
#ifndef MM_STORE_DB_H
#define MM_STORE_DB_H
#ifndef MM_SEES_STORE_INTERNALS /* the layers: HACKING.md */
#error "layer: store internals: outside store/ use store.h, store_*.h"
#endif

#include <stddef.h>
#include <stdint.h>

struct store;

/* One connection of a store inside a transaction (store_write/read). */
struct db {
	struct store *s;
	void *conn;             /* the driver's connection */
	int retryable;          /* set by the driver: the last error may pass
				   when the whole transaction is run again */
};

enum db_type { DB_NULL, DB_INT, DB_TEXT, DB_BLOB, DB_OTHER };

/* A bound parameter; build them with the DB_* macros below. */
struct db_param {
	enum db_type type;
	int64_t i;
	const void *p;          /* text (NUL-terminated) or blob bytes */
	size_t len;             /* blob length */
};

#define DB_I(v) ((struct db_param){ .type = DB_INT, .i = (int64_t)(v) })
/* Text; NULL is bound as "" (the columns are NOT NULL text). */
#define DB_T(v) ((struct db_param){ .type = DB_TEXT, .p = (v) })
#define DB_B(v, n) ((struct db_param){ .type = DB_BLOB, .p = (v), .len = (n) })
#define DB_N ((struct db_param){ .type = DB_NULL })

/* The parameter list of a call: DB_P(DB_I(id), DB_T(code)) or DB_NONE. */
#define DB_P(...) (const struct db_param[]){ __VA_ARGS__ }, \
	(int)(sizeof((const struct db_param[]){ __VA_ARGS__ }) / \
	      sizeof(struct db_param))
#define DB_NONE NULL, 0

/* The current row of a query; valid only inside the row callback. */
struct db_row {
	const struct db *d;
	void *impl;             /* the driver's statement or result */
	int index;              /* the row within impl, where it matters */
};

/*
 * A row callback: 0 for the next row, a positive value to stop (success),
 * a negative enum mm_err to stop and fail the query with it.
 */
typedef int (*db_row_fn)(const struct db_row *r, void *arg);

/* db_exec - runs sql; *changes (may be NULL) receives the rows changed. */
int db_exec(struct db *d, const char *sql, const struct db_param *p, int n,
	    int64_t *changes);

/* db_query - runs sql and calls fn for each row in order (see db_row_fn). */
int db_query(struct db *d, const char *sql, const struct db_param *p, int n,
	     db_row_fn fn, void *arg);

/*
 * db_scan - db_query for a walk over a whole table (audit verify): the
 * backend may fetch the rows in batches - PostgreSQL from a cursor, many
 * thousand rows a round trip, the next batch asked for before this one
 * is read, instead of one result per row.  Needs a transaction (a
 * store_read).  Same rows, order, callbacks and errors as db_query.
 */
int db_scan(struct db *d, const char *sql, const struct db_param *p, int n,
	    db_row_fn fn, void *arg);

/*
 * db_first - like db_query but calls fn for the first row only.  Returns
 * fn's result (0 when it returns a positive value) or MM_ENOTFOUND when
 * there is no row.
 */
int db_first(struct db *d, const char *sql, const struct db_param *p, int n,
	     db_row_fn fn, void *arg);

/*
 * db_int_of - the integer in the first column of the first row into *out.
 * MM_ENOTFOUND when there is no row.
 */
int db_int_of(struct db *d, const char *sql, const struct db_param *p, int n,
	      int64_t *out);

/* db_type - the type of column col of the row (DB_NULL for NULL). */
enum db_type db_type(const struct db_row *r, int col);

/* db_int - column col as an integer (0 for NULL). */
int64_t db_int(const struct db_row *r, int col);

/*
 * db_text - copies column col into out (cap bytes, NUL-terminated; NULL
 * reads as "").  Returns 0, MM_EOVERFLOW when it does not fit, or
 * MM_ENOMEM when the engine could not convert the value (out is then "").
 */
int db_text(const struct db_row *r, int col, char *out, size_t cap);

/*
 * db_text_ref - the bytes of text column col where the engine holds them
 * (no copy: valid until the row callback returns), *len their number.
 * NULL for NULL, or when the engine could not convert the value.  For
 * walks over many rows (audit verify); db_text is the safe default.
 */
const char *db_text_ref(const struct db_row *r, int col, size_t *len);

struct pool;

/*
 * db_text_in - copies column col into pool (which must outlive *out):
 * *out the copy, NULL for NULL.  At most cap - 1 bytes are accepted:
 * MM_EOVERFLOW past it (a text the record's limits never allowed),
 * MM_ENOMEM when the pool is exhausted or the engine could not convert
 * the value; *out is NULL then.
 */
int db_text_in(const struct db_row *r, int col, struct pool *pool, size_t cap,
	       const char **out);

/*
 * db_stale_or_missing - after an UPDATE ... WHERE id = ? AND version = ?
 * changed nothing: MM_ESTALE when exists_sql (one parameter, the id)
 * finds the row, MM_ENOTFOUND when not.
 */
int db_stale_or_missing(struct db *d, const char *exists_sql, int64_t id);

/*
 * db_grow - makes room for one more item of size bytes in the array
 * *items holding n of *cap.  Returns 0 or MM_ENOMEM (array unchanged).
 */
int db_grow(void **items, size_t *cap, size_t n, size_t size);

/* db_now - the time stamped on rows and audit entries (Unix seconds). */
int64_t db_now(void);

typedef int (*db_tx_fn)(struct db *d, void *arg);

/*
 * store_write - runs fn in one write transaction on a connection of s:
 * begun the backend's way (SQLite BEGIN IMMEDIATE; PostgreSQL SERIALIZABLE
 * with the audit head locked first), so write transactions run one after
 * another.  A negative result of fn or a failed commit rolls back.  When
 * that error is MM_EBUSY and the driver says it may pass, the whole fn is
 * run again (bounded, with a short growing pause): fn must restore any
 * output it changed before it touches it again.  A positive result of fn
 * commits and is returned as it is.
 */
int store_write(struct store *s, db_tx_fn fn, void *arg);

/* store_read - the same for a read-only transaction (one snapshot). */
int store_read(struct store *s, db_tx_fn fn, void *arg);

/*
 * store_read_single - runs fn on a connection of s outside a transaction:
 * fn must run ONE statement, which is its own snapshot on either engine,
 * so the read costs no BEGIN and COMMIT (on PostgreSQL one round trip
 * instead of three; issue 12).  Returns fn's result.
 */
int store_read_single(struct store *s, db_tx_fn fn, void *arg);

/* Loads the record id into out inside a transaction: 0 or MM_ENOTFOUND ... */
typedef int (*db_load_fn)(struct db *d, int64_t id, void *out);

/*
 * store_read_one - store_read() of load(d, id, out): what every
 * store_<record>_get() of store.h is.  Returns load's result.
 */
int store_read_one(struct store *s, db_load_fn load, int64_t id, void *out);

/*
 * STORE_GETTER(name, T, load) - defines the store.h function
 * int name(struct store *s, int64_t id, T *out) that reads record id
 * with the typed loader int load(struct db *, int64_t, T *) in one read
 * transaction (wrapped, so no function is called through the wrong type).
 */
#define STORE_GETTER(name, T, load)                                        \
	static int name##_load(struct db *d, int64_t id, void *out)         \
	{ return load(d, id, (T *)out); }                                   \
	int name(struct store *s, int64_t id, T *out)                       \
	{ return store_read_one(s, name##_load, id, out); }

/* Loads record id into out, its text into pool: 0 or MM_ENOTFOUND ... */
typedef int (*db_pooled_load_fn)(struct db *d, int64_t id, struct pool *pool,
				 void *out);

/*
 * store_read_pooled - store_read() of load(d, id, pool, out): what every
 * store_<record>_get() of a record whose text lives in a pool is.
 * Returns load's result.
 */
int store_read_pooled(struct store *s, db_pooled_load_fn load, int64_t id,
		      struct pool *pool, void *out);

/*
 * STORE_POOLED_GETTER(name, T, load) - STORE_GETTER for a pooled record:
 * defines int name(struct store *s, int64_t id, struct pool *pool, T *out)
 * with the typed loader int load(struct db *, int64_t, struct pool *, T *);
 * the record's text goes to pool, which must outlive *out.
 */
#define STORE_POOLED_GETTER(name, T, load)                                 \
	static int name##_load(struct db *d, int64_t id, struct pool *pool, \
			       void *out)                                   \
	{ return load(d, id, pool, (T *)out); }                             \
	int name(struct store *s, int64_t id, struct pool *pool, T *out)    \
	{ return store_read_pooled(s, name##_load, id, pool, out); }

/*
 * STORE_LIST_RELEASE(list) - defines the store.h function
 * void list_release(struct list *l): frees its items and empties it.
 * STORE_PAGE_RELEASE(list) does the same for a page of a list, which
 * also carries the names it joined (l->joined).
 */
#define STORE_LIST_RELEASE(list)                                           \
	void list##_release(struct list *l)                                 \
	{ free(l->items); memset(l, 0, sizeof *l); }
#define STORE_PAGE_RELEASE(list)                                           \
	void list##_release(struct list *l)                                 \
	{ free(l->items); free(l->joined); memset(l, 0, sizeof *l); }
/* STORE_POOLED_PAGE_RELEASE(list) - also frees the items' text (l->pool). */
#define STORE_POOLED_PAGE_RELEASE(list)                                    \
	void list##_release(struct list *l)                                 \
	{ free(l->items); free(l->joined); pool_release(&l->pool);          \
	  memset(l, 0, sizeof *l); }

#endif
