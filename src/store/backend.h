/*
 * backend.h - what a storage backend provides to store.c.
 *
 * struct store is the first member of every backend's own struct; its ops
 * table has one entry per store.h operation with the same signature, so
 * store.c only forwards.  A new backend (PostgreSQL) adds a struct
 * store_backend and one line in store.c; callers do not change.
 */
#ifndef MM_STORE_BACKEND_H
#define MM_STORE_BACKEND_H

#include "store.h"

typedef void (*store_progress_fn)(int64_t done, int64_t total, void *arg);

struct store_ops {
	void (*close)(struct store *s);
	int (*schema_version)(struct store *s, int *version);

	int (*unit_create)(struct store *s, const struct actor *a, struct unit *u);
	int (*unit_get)(struct store *s, int64_t id, struct unit *out);
	int (*unit_list)(struct store *s, struct unit_list *out);
	int (*unit_update)(struct store *s, const struct actor *a, struct unit *u);

	int (*user_create)(struct store *s, const struct actor *a, struct user *u,
			   const char *password_hash);
	int (*user_get)(struct store *s, int64_t id, struct user *out);
	int (*user_get_by_login)(struct store *s, const char *login,
				 struct user *out);
	int (*user_list)(struct store *s, int64_t unit_id, int include_inactive,
			 struct user_list *out);
	int (*user_update)(struct store *s, const struct actor *a, struct user *u);
	int (*user_set_active)(struct store *s, const struct actor *a, int64_t id,
			       int64_t version, int active);
	int (*user_password_hash)(struct store *s, int64_t id,
				  char out[MM_PWHASH_MAX]);
	int (*user_set_password)(struct store *s, const struct actor *a,
				 int64_t id, const char *password_hash);

	int (*role_assign)(struct store *s, const struct actor *a, int64_t user_id,
			   enum role role, int64_t unit_id, int64_t *id);
	int (*role_revoke)(struct store *s, const struct actor *a, int64_t id);
	int (*role_get)(struct store *s, int64_t id, struct role_assignment *out);
	int (*role_list)(struct store *s, int64_t user_id, struct role_list *out);
	int (*role_list_unit)(struct store *s, int64_t unit_id,
			      struct role_list *out);
	int (*principal_load)(struct store *s, int64_t user_id,
			      struct principal *out);

	int (*session_create)(struct store *s, const struct actor *a,
			      const unsigned char hash[MM_HASH_BYTES],
			      struct session_info *out);
	int (*session_touch)(struct store *s, const unsigned char hash[MM_HASH_BYTES],
			     int64_t now, int64_t idle_secs, int64_t absolute_secs,
			     struct session_info *out);
	int (*session_delete)(struct store *s, const struct actor *a,
			      const unsigned char hash[MM_HASH_BYTES]);
	int (*token_create)(struct store *s, const struct actor *a, int64_t user_id,
			    const char *label,
			    const unsigned char hash[MM_HASH_BYTES], int64_t *id);
	int (*token_lookup)(struct store *s, const unsigned char hash[MM_HASH_BYTES],
			    int64_t *user_id);

	int (*login_failure)(struct store *s, const char *login, const char *addr,
			     int64_t now);
	int (*login_failures)(struct store *s, const char *login, const char *addr,
			      int64_t since, int *by_login, int *by_addr);
	int (*login_success)(struct store *s, const char *login);

	int (*audit_record)(struct store *s, const struct actor *a,
			    const char *action, const char *object_type,
			    int64_t object_id, const char *detail);
	int (*audit_list)(struct store *s, int64_t unit_id, int64_t before_seq,
			  size_t limit, struct audit_list *out);
	int (*audit_verify)(struct store *s, struct audit_verify_result *r,
			    store_progress_fn progress, void *arg);

	int (*backup)(struct store *s, const char *path, store_progress_fn progress,
		      void *arg);
	int (*integrity_check)(struct store *s);
};

struct store {
	const struct store_ops *ops;
};

/* A backend: how to open a database and restore one, given its location. */
struct store_backend {
	int (*open)(const char *location, int create, struct store **out);
	int (*restore)(const char *from, const char *location);
};

/* The SQLite backend (sqlite/); location is a file path. */
extern const struct store_backend sqlite_backend;
/* The PostgreSQL backend (pg/); location is the whole postgresql:// URL. */
extern const struct store_backend pg_backend;

#endif
