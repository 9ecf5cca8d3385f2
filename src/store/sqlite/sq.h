/*
 * sq.h - the SQLite backend's shared internals (not for callers of the
 * store: they use store.h).
 *
 * struct sq_store holds a pool of connections to one database file.  A
 * call takes a connection (waiting while all are in use), runs one
 * transaction on it and gives it back, so threads never share a
 * connection.  Writes go through sq_write(): BEGIN IMMEDIATE, the work,
 * its audit entry (sq_audit_append), COMMIT, or ROLLBACK on any error.
 */
#ifndef MM_STORE_SQ_H
#define MM_STORE_SQ_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "../backend.h"

#define SQ_POOL_SIZE 8

struct sq_store {
	struct store base;         /* first: a struct store * is a sq_store * */
	char *path;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	size_t n;                  /* connections opened */
	size_t nfree;
	sqlite3 **conns;           /* all n */
	sqlite3 **free;            /* nfree available */
};

/* sq_of - the backend struct behind s. */
static inline struct sq_store *sq_of(struct store *s)
{
	return (struct sq_store *)s;
}

/*
 * sq_connect - opens one connection to path and applies the settings every
 * connection needs (WAL, synchronous=FULL, foreign keys, busy timeout,
 * defensive mode, untrusted schema).  readonly: open without write access
 * and leave the journal mode alone.  Returns 0 and *out, MM_ENOTFOUND when
 * the file is missing and !create, MM_ECORRUPT for a file that is not a
 * database, or MM_EIO.
 */
int sq_connect(const char *path, int create, int readonly, sqlite3 **out);

/*
 * sq_pool_open - connects n connections to path, migrating the database to
 * the newest schema through the first (unless readonly).  *out is the
 * caller's, freed with sq_pool_close().
 */
int sq_pool_open(const char *path, int create, int readonly, size_t n,
		 struct sq_store **out);
void sq_pool_close(struct sq_store *s);

/* sq_acquire / sq_release - takes and gives back a connection. */
sqlite3 *sq_acquire(struct sq_store *s);
void sq_release(struct sq_store *s, sqlite3 *db);

/* sq_err - the enum mm_err for an SQLite result code (0 for OK/DONE/ROW). */
int sq_err(int rc);

/* sq_prepare - prepares sql on db; returns 0 or the mapped error. */
int sq_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st);

/* sq_exec - runs a statement without parameters or results. */
int sq_exec(sqlite3 *db, const char *sql);

/*
 * sq_done - steps st once expecting no row, finalizes it; returns 0 or
 * the mapped error (MM_EEXIST for a unique key, ...).
 */
int sq_done(sqlite3_stmt *st);

/*
 * sq_text - copies column col of st into out (cap bytes).  Returns 0 or
 * MM_EOVERFLOW when the value does not fit (out is then "").
 */
int sq_text(sqlite3_stmt *st, int col, char *out, size_t cap);

/* sq_bind_text - binds s ("" for NULL) as a transient text parameter. */
int sq_bind_text(sqlite3_stmt *st, int idx, const char *s);

typedef int (*sq_fn)(sqlite3 *db, void *arg);

/*
 * sq_write - runs fn on a connection inside BEGIN IMMEDIATE ... COMMIT; a
 * negative result of fn or a failed commit rolls back.  Returns fn's
 * result or the commit's error (MM_EBUSY when the database stayed busy).
 */
int sq_write(struct sq_store *s, sq_fn fn, void *arg);

/* sq_read - runs fn on a connection inside a read transaction. */
int sq_read(struct sq_store *s, sq_fn fn, void *arg);

/*
 * sq_audit_append - appends an audit entry inside the caller's write
 * transaction: reads the head, hashes the entry after it (audit.h),
 * inserts it and moves the head.  detail: JSON object text or NULL.
 */
int sq_audit_append(sqlite3 *db, const struct actor *a, const char *action,
		    const char *object_type, int64_t object_id,
		    const char *detail);

/*
 * sq_stale_or_missing - after an UPDATE ... WHERE id = ? AND version = ?
 * changed nothing: MM_ESTALE when exists_sql (one parameter, the id)
 * finds the row, MM_ENOTFOUND when not.
 */
int sq_stale_or_missing(sqlite3 *db, const char *exists_sql, int64_t id);

/*
 * sq_grow - makes room for one more item of size bytes in the array
 * *items holding n of *cap.  Returns 0 or MM_ENOMEM (array unchanged).
 */
int sq_grow(void **items, size_t *cap, size_t n, size_t size);

/* sq_now - the time stamped on rows and audit entries. */
int64_t sq_now(void);

/* The operations, one file per group (units.c, users.c, ...). */
int sq_unit_create(struct store *s, const struct actor *a, struct unit *u);
int sq_unit_get(struct store *s, int64_t id, struct unit *out);
int sq_unit_list(struct store *s, struct unit_list *out);
int sq_unit_update(struct store *s, const struct actor *a, struct unit *u);
/* sq_unit_kind - the kind of unit id within a transaction, or MM_ENOTFOUND. */
int sq_unit_kind(sqlite3 *db, int64_t id, enum unit_kind *kind);

int sq_user_create(struct store *s, const struct actor *a, struct user *u,
		   const char *password_hash);
int sq_user_get(struct store *s, int64_t id, struct user *out);
int sq_user_get_by_login(struct store *s, const char *login, struct user *out);
int sq_user_list(struct store *s, int64_t unit_id, int include_inactive,
		 struct user_list *out);
int sq_user_update(struct store *s, const struct actor *a, struct user *u);
int sq_user_set_active(struct store *s, const struct actor *a, int64_t id,
		       int64_t version, int active);
int sq_user_password_hash(struct store *s, int64_t id, char out[MM_PWHASH_MAX]);
int sq_user_set_password(struct store *s, const struct actor *a, int64_t id,
			 const char *password_hash);

int sq_role_assign(struct store *s, const struct actor *a, int64_t user_id,
		   enum role role, int64_t unit_id, int64_t *id);
int sq_role_revoke(struct store *s, const struct actor *a, int64_t id);
int sq_role_get(struct store *s, int64_t id, struct role_assignment *out);
int sq_role_list(struct store *s, int64_t user_id, struct role_list *out);
int sq_role_list_unit(struct store *s, int64_t unit_id, struct role_list *out);
int sq_principal_load(struct store *s, int64_t user_id, struct principal *out);
/*
 * sq_roles_end_for_user - revokes every current role of user_id within a
 * transaction (deactivation); refuses with MM_ERULE when one of them may
 * not be vacated.  *n receives how many were ended.
 */
int sq_roles_end_for_user(sqlite3 *db, int64_t user_id, int64_t *n);

int sq_session_create(struct store *s, const struct actor *a,
		      const unsigned char hash[MM_HASH_BYTES],
		      struct session_info *out);
int sq_session_touch(struct store *s, const unsigned char hash[MM_HASH_BYTES],
		     int64_t now, int64_t idle_secs, int64_t absolute_secs,
		     struct session_info *out);
int sq_session_delete(struct store *s, const struct actor *a,
		      const unsigned char hash[MM_HASH_BYTES]);
int sq_token_create(struct store *s, const struct actor *a, int64_t user_id,
		    const char *label, const unsigned char hash[MM_HASH_BYTES],
		    int64_t *id);
int sq_token_lookup(struct store *s, const unsigned char hash[MM_HASH_BYTES],
		    int64_t *user_id);
/*
 * sq_access_end_for_user - deletes the sessions and revokes the API tokens
 * of user_id within a transaction; *sessions and *tokens receive counts.
 */
int sq_access_end_for_user(sqlite3 *db, int64_t user_id, int64_t *sessions,
			   int64_t *tokens);
int sq_login_failure(struct store *s, const char *login, const char *addr,
		     int64_t now);
int sq_login_failures(struct store *s, const char *login, const char *addr,
		      int64_t since, int *by_login, int *by_addr);
int sq_login_success(struct store *s, const char *login);

int sq_audit_record(struct store *s, const struct actor *a, const char *action,
		    const char *object_type, int64_t object_id,
		    const char *detail);
int sq_audit_list(struct store *s, int64_t unit_id, int64_t before_seq,
		  size_t limit, struct audit_list *out);
int sq_audit_verify(struct store *s, struct audit_verify_result *r,
		    store_progress_fn progress, void *arg);

int sq_backup(struct store *s, const char *path, store_progress_fn progress,
	      void *arg);
int sq_integrity_check(struct store *s);
int sq_restore(const char *from, const char *path);
int sq_schema_version(struct store *s, int *version);

#endif
