/*
 * pg.h - the PostgreSQL backend's shared internals (not for callers of
 * the store: they use store.h).
 *
 * struct pg_store holds a pool of libpq connections to one database.  A
 * call takes a connection (waiting while all are in use), runs one
 * transaction on it and gives it back, so threads never share one.
 *
 * Several app servers may share the database, so writes go through
 * pg_write(): BEGIN ISOLATION LEVEL SERIALIZABLE, then LOCK TABLE
 * audit_head before the first query (so the snapshot is taken after the
 * lock and sees every earlier write), the work, its audit entry
 * (pg_audit_append, which also locks the head row FOR UPDATE), COMMIT.
 * Writers therefore append to the audit chain one after another and the
 * chain cannot fork; a serialization failure or deadlock that still
 * happens is retried a bounded number of times.  Reads run in READ ONLY
 * REPEATABLE READ transactions, which never fail to serialize.
 */
#ifndef MM_STORE_PG_H
#define MM_STORE_PG_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include <libpq-fe.h>

#include "../backend.h"

#define PG_POOL_SIZE 8
/* Attempts of one write transaction on serialization failure/deadlock. */
#define PG_WRITE_TRIES 10

struct pg_store {
	struct store base;         /* first: a struct store * is a pg_store * */
	char *url;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	size_t n;                  /* connections opened */
	size_t nfree;
	PGconn **conns;            /* all n */
	PGconn **free;             /* nfree available */
};

/* pg_of - the backend struct behind s. */
static inline struct pg_store *pg_of(struct store *s)
{
	return (struct pg_store *)s;
}

/*
 * pg_connect - one connection to url (a postgresql:// or postgres:// URL
 * or a libpq key=value string) with the session settings every
 * connection needs (UTF8, UTC, lock timeout).  Returns 0 and *out (the
 * caller's, PQfinish), MM_EINVAL for a malformed url, or MM_EIO when the
 * server cannot be reached or refuses the connection.
 */
int pg_connect(const char *url, PGconn **out);

/*
 * pg_pool_open - connects n connections to url, migrating the database to
 * the newest schema through the first (pg/migrate.h; create: 0 refuses a
 * database without Mamori's schema with MM_ENOTFOUND).  *out is the
 * caller's, freed with pg_pool_close().
 */
int pg_pool_open(const char *url, int create, size_t n, struct pg_store **out);
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
 * pg_run - runs sql with parameters described by types, one letter per
 * parameter, values following as variadic arguments:
 *   'i' int64_t, 'n' int, 't' const char * (NULL is sent as ""),
 *   'h' const unsigned char[MM_HASH_BYTES] (sent as binary bytea).
 * Parameters are always bound, never pasted into sql.  res: NULL to
 * discard the result, else *res receives it on success (the caller's,
 * PQclear) and NULL on failure.  Returns 0 or the mapped error.
 */
int pg_run(PGconn *c, PGresult **res, const char *sql, const char *types, ...);

/* pg_exec - runs sql text without parameters (may hold several statements). */
int pg_exec(PGconn *c, const char *sql);

/* pg_changes - rows affected by the command of r. */
int64_t pg_changes(const PGresult *r);

/* pg_int - the integer value at row, col of r (0 for NULL or junk). */
int64_t pg_int(const PGresult *r, int row, int col);

/*
 * pg_text - copies the text value at row, col of r into out (cap bytes).
 * Returns 0 or MM_EOVERFLOW when it does not fit (out is then "").
 */
int pg_text(const PGresult *r, int row, int col, char *out, size_t cap);

typedef int (*pg_fn)(PGconn *c, void *arg);

/*
 * pg_write - runs fn in a serializable write transaction (see above); a
 * negative result of fn or a failed commit rolls back.  fn must leave
 * its output untouched or restore it when it fails, because it is run
 * again after a serialization failure.  Returns fn's result or the
 * commit's error (MM_EBUSY when every attempt failed to serialize).
 */
int pg_write(struct pg_store *s, pg_fn fn, void *arg);

/* pg_read - runs fn in a READ ONLY REPEATABLE READ transaction. */
int pg_read(struct pg_store *s, pg_fn fn, void *arg);

/*
 * pg_audit_append - appends an audit entry inside the caller's write
 * transaction: locks and reads the head, hashes the entry after it
 * (audit.h), inserts it and moves the head.  detail: JSON text or NULL.
 */
int pg_audit_append(PGconn *c, const struct actor *a, const char *action,
		    const char *object_type, int64_t object_id,
		    const char *detail);

/*
 * pg_stale_or_missing - after an UPDATE ... WHERE id = $ AND version = $
 * changed nothing: MM_ESTALE when exists_sql (one parameter, the id)
 * finds the row, MM_ENOTFOUND when not.
 */
int pg_stale_or_missing(PGconn *c, const char *exists_sql, int64_t id);

/*
 * pg_grow - makes room for one more item of size bytes in the array
 * *items holding n of *cap.  Returns 0 or MM_ENOMEM (array unchanged).
 */
int pg_grow(void **items, size_t *cap, size_t n, size_t size);

/* pg_now - the time stamped on rows and audit entries. */
int64_t pg_now(void);

/* The operations, one file per group (units.c, users.c, ...). */
int pg_unit_create(struct store *s, const struct actor *a, struct unit *u);
int pg_unit_get(struct store *s, int64_t id, struct unit *out);
int pg_unit_list(struct store *s, struct unit_list *out);
int pg_unit_update(struct store *s, const struct actor *a, struct unit *u);
/* pg_unit_kind - the kind of unit id within a transaction, or MM_ENOTFOUND. */
int pg_unit_kind(PGconn *c, int64_t id, enum unit_kind *kind);

int pg_user_create(struct store *s, const struct actor *a, struct user *u,
		   const char *password_hash);
int pg_user_get(struct store *s, int64_t id, struct user *out);
int pg_user_get_by_login(struct store *s, const char *login, struct user *out);
int pg_user_list(struct store *s, int64_t unit_id, int include_inactive,
		 struct user_list *out);
int pg_user_update(struct store *s, const struct actor *a, struct user *u);
int pg_user_set_active(struct store *s, const struct actor *a, int64_t id,
		       int64_t version, int active);
int pg_user_password_hash(struct store *s, int64_t id, char out[MM_PWHASH_MAX]);
int pg_user_set_password(struct store *s, const struct actor *a, int64_t id,
			 const char *password_hash);

int pg_role_assign(struct store *s, const struct actor *a, int64_t user_id,
		   enum role role, int64_t unit_id, int64_t *id);
int pg_role_revoke(struct store *s, const struct actor *a, int64_t id);
int pg_role_get(struct store *s, int64_t id, struct role_assignment *out);
int pg_role_list(struct store *s, int64_t user_id, struct role_list *out);
int pg_role_list_unit(struct store *s, int64_t unit_id, struct role_list *out);
int pg_principal_load(struct store *s, int64_t user_id, struct principal *out);
/*
 * pg_roles_end_for_user - revokes every current role of user_id within a
 * transaction (deactivation); refuses with MM_ERULE when one of them may
 * not be vacated.  *n receives how many were ended.
 */
int pg_roles_end_for_user(PGconn *c, int64_t user_id, int64_t *n);

int pg_session_create(struct store *s, const struct actor *a,
		      const unsigned char hash[MM_HASH_BYTES],
		      struct session_info *out);
int pg_session_touch(struct store *s, const unsigned char hash[MM_HASH_BYTES],
		     int64_t now, int64_t idle_secs, int64_t absolute_secs,
		     struct session_info *out);
int pg_session_delete(struct store *s, const struct actor *a,
		      const unsigned char hash[MM_HASH_BYTES]);
int pg_token_create(struct store *s, const struct actor *a, int64_t user_id,
		    const char *label, const unsigned char hash[MM_HASH_BYTES],
		    int64_t *id);
int pg_token_lookup(struct store *s, const unsigned char hash[MM_HASH_BYTES],
		    int64_t *user_id);
/*
 * pg_access_end_for_user - deletes the sessions and revokes the API tokens
 * of user_id within a transaction; *sessions and *tokens receive counts.
 */
int pg_access_end_for_user(PGconn *c, int64_t user_id, int64_t *sessions,
			   int64_t *tokens);
int pg_login_failure(struct store *s, const char *login, const char *addr,
		     int64_t now);
int pg_login_failures(struct store *s, const char *login, const char *addr,
		      int64_t since, int *by_login, int *by_addr);
int pg_login_success(struct store *s, const char *login);

int pg_audit_record(struct store *s, const struct actor *a, const char *action,
		    const char *object_type, int64_t object_id,
		    const char *detail);
int pg_audit_list(struct store *s, int64_t unit_id, int64_t before_seq,
		  size_t limit, struct audit_list *out);
int pg_audit_verify(struct store *s, struct audit_verify_result *r,
		    store_progress_fn progress, void *arg);

int pg_backup(struct store *s, const char *path, store_progress_fn progress,
	      void *arg);
int pg_integrity_check(struct store *s);
int pg_restore(const char *from, const char *url);
int pg_schema_version(struct store *s, int *version);

#endif
