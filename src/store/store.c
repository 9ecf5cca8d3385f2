#include "store.h"

#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "lib/err.h"
#include "lib/banned.h"

/*
 * Picks the backend for url and the location it understands.  A URL with
 * a scheme other than sqlite: is refused rather than taken for a file
 * name, so a typo in a PostgreSQL URL cannot create a stray file.
 */
static int pick_backend(const char *url, const struct store_backend **be,
			const char **location)
{
	if (!url || !*url)
		return MM_EINVAL;
	if (!strncmp(url, "sqlite:", 7)) {
		*be = &sqlite_backend;
		*location = url + 7;
		return **location ? 0 : MM_EINVAL;
	}
	if (!strncmp(url, "postgresql://", 13) || !strncmp(url, "postgres://", 11)) {
		*be = &pg_backend;
		*location = url;
		return 0;
	}
	if (!strncmp(url, "postgresql:", 11) || !strncmp(url, "postgres:", 9))
		return MM_EINVAL;
	if (strstr(url, "://"))
		return MM_EUNSUPPORTED;
	*be = &sqlite_backend;
	*location = url;
	return 0;
}

int store_open(const char *url, int create, struct store **out)
{
	const struct store_backend *be;
	const char *location;
	int rc = pick_backend(url, &be, &location);

	*out = NULL;
	if (rc < 0)
		return rc;
	return be->open(location, create, out);
}

void store_close(struct store *s)
{
	if (s)
		s->ops->close(s);
}

int store_restore(const char *from, const char *url)
{
	const struct store_backend *be;
	const char *location;
	int rc = pick_backend(url, &be, &location);

	if (rc < 0)
		return rc;
	return be->restore(from, location);
}

int store_schema_version(struct store *s, int *version)
{
	return s->ops->schema_version(s, version);
}

/* ---- lists ---- */

void unit_list_release(struct unit_list *l)
{
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

void user_list_release(struct user_list *l)
{
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

void role_list_release(struct role_list *l)
{
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

void audit_list_release(struct audit_list *l)
{
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

/* ---- forwarders: the contracts are in store.h ---- */

int store_unit_create(struct store *s, const struct actor *a, struct unit *u)
{
	return s->ops->unit_create(s, a, u);
}

int store_unit_get(struct store *s, int64_t id, struct unit *out)
{
	return s->ops->unit_get(s, id, out);
}

int store_unit_list(struct store *s, struct unit_list *out)
{
	return s->ops->unit_list(s, out);
}

int store_unit_update(struct store *s, const struct actor *a, struct unit *u)
{
	return s->ops->unit_update(s, a, u);
}

int store_user_create(struct store *s, const struct actor *a, struct user *u,
		      const char *password_hash)
{
	return s->ops->user_create(s, a, u, password_hash);
}

int store_user_get(struct store *s, int64_t id, struct user *out)
{
	return s->ops->user_get(s, id, out);
}

int store_user_get_by_login(struct store *s, const char *login,
			    struct user *out)
{
	return s->ops->user_get_by_login(s, login, out);
}

int store_user_list(struct store *s, int64_t unit_id, int include_inactive,
		    struct user_list *out)
{
	return s->ops->user_list(s, unit_id, include_inactive, out);
}

int store_user_update(struct store *s, const struct actor *a, struct user *u)
{
	return s->ops->user_update(s, a, u);
}

int store_user_set_active(struct store *s, const struct actor *a,
			  int64_t id, int64_t version, int active)
{
	return s->ops->user_set_active(s, a, id, version, active);
}

int store_user_password_hash(struct store *s, int64_t id,
			     char out[MM_PWHASH_MAX])
{
	return s->ops->user_password_hash(s, id, out);
}

int store_user_set_password(struct store *s, const struct actor *a,
			    int64_t id, const char *password_hash)
{
	return s->ops->user_set_password(s, a, id, password_hash);
}

int store_role_assign(struct store *s, const struct actor *a, int64_t user_id,
		      enum role role, int64_t unit_id, int64_t *id)
{
	return s->ops->role_assign(s, a, user_id, role, unit_id, id);
}

int store_role_revoke(struct store *s, const struct actor *a, int64_t id)
{
	return s->ops->role_revoke(s, a, id);
}

int store_role_get(struct store *s, int64_t id, struct role_assignment *out)
{
	return s->ops->role_get(s, id, out);
}

int store_role_list(struct store *s, int64_t user_id, struct role_list *out)
{
	return s->ops->role_list(s, user_id, out);
}

int store_role_list_unit(struct store *s, int64_t unit_id,
			 struct role_list *out)
{
	return s->ops->role_list_unit(s, unit_id, out);
}

int store_principal_load(struct store *s, int64_t user_id,
			 struct principal *out)
{
	return s->ops->principal_load(s, user_id, out);
}

int store_session_create(struct store *s, const struct actor *a,
			 const unsigned char hash[MM_HASH_BYTES],
			 struct session_info *out)
{
	return s->ops->session_create(s, a, hash, out);
}

int store_session_touch(struct store *s, const unsigned char hash[MM_HASH_BYTES],
			int64_t now, int64_t idle_secs, int64_t absolute_secs,
			struct session_info *out)
{
	return s->ops->session_touch(s, hash, now, idle_secs, absolute_secs, out);
}

int store_session_delete(struct store *s, const struct actor *a,
			 const unsigned char hash[MM_HASH_BYTES])
{
	return s->ops->session_delete(s, a, hash);
}

int store_token_create(struct store *s, const struct actor *a, int64_t user_id,
		       const char *label, const unsigned char hash[MM_HASH_BYTES],
		       int64_t *id)
{
	return s->ops->token_create(s, a, user_id, label, hash, id);
}

int store_token_lookup(struct store *s, const unsigned char hash[MM_HASH_BYTES],
		       int64_t *user_id)
{
	return s->ops->token_lookup(s, hash, user_id);
}

int store_login_failure(struct store *s, const char *login, const char *addr,
			int64_t now)
{
	return s->ops->login_failure(s, login, addr, now);
}

int store_login_failures(struct store *s, const char *login, const char *addr,
			 int64_t since, int *by_login, int *by_addr)
{
	return s->ops->login_failures(s, login, addr, since, by_login, by_addr);
}

int store_login_success(struct store *s, const char *login)
{
	return s->ops->login_success(s, login);
}

int store_audit_record(struct store *s, const struct actor *a,
		       const char *action, const char *object_type,
		       int64_t object_id, const char *detail)
{
	return s->ops->audit_record(s, a, action, object_type, object_id, detail);
}

int store_audit_list(struct store *s, int64_t unit_id, int64_t before_seq,
		     size_t limit, struct audit_list *out)
{
	return s->ops->audit_list(s, unit_id, before_seq, limit, out);
}

int store_audit_verify(struct store *s, struct audit_verify_result *r,
		       void (*progress)(int64_t done, int64_t total, void *arg),
		       void *arg)
{
	return s->ops->audit_verify(s, r, progress, arg);
}

int store_backup(struct store *s, const char *path,
		 void (*progress)(int64_t done, int64_t total, void *arg),
		 void *arg)
{
	return s->ops->backup(s, path, progress, arg);
}

int store_integrity_check(struct store *s)
{
	return s->ops->integrity_check(s);
}
