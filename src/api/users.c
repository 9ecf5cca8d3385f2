#include "users.h"

#include <stdio.h>
#include <string.h>

#include "core/roles.h"
#include "core/validate.h"
#include "core/identity.h"
#include "lib/err.h"
#include "store/store_mfa.h"
#include "json_in.h"
#include "json_out.h"
#include "forms.h"
#include "api.h"
#include "app/objects.h"
#include "steps.h"
#include "record_json.h"
#include "core/records.h"
#include "lib/banned.h"


static const char *const create_fields[] = {"login", "name", "name_kana",
	"rank", "sex", "unit_id", "is_admin", "password", NULL};
static const char *const update_fields[] = {"version", "name", "name_kana",
	"rank", "sex", "unit_id", "is_admin", NULL};
static const char *const version_fields[] = {"version", NULL};
static const char *const password_fields[] = {"password", NULL};


/* The new password of body in, validated and hashed into hash. */
static int read_password(struct ctx *c, json_t *in, char hash[MM_PWHASH_MAX])
{
	const char *password = NULL, *why = NULL;
	int rc;

	if (api_string(c, in, "password", 1, &password) < 0)
		return MM_EINVAL;
	if (validate_password(password, &why) < 0)
		return api_invalid(c, "password", why);
	rc = password_hash(password, hash);
	if (rc < 0)
		api_fail(c, rc, NULL, NULL);
	return rc;
}

/*
 * Reads the new user through its descriptor, as the web form and the CLI
 * read it, then the password; 0, or the error after answering.
 */
static int read_new_user(struct ctx *c, json_t *in, struct user *u,
			 char hash[MM_PWHASH_MAX])
{
	if (api_record_read(c, in, &user_record, u, RECORD_CREATE) < 0)
		return MM_EINVAL;
	return read_password(c, in, hash);
}

/*
 * Answers a failed create or update: the record was loaded (or is new),
 * so "not found" can only be the unit named in the body.
 */
static void fail_write(struct ctx *c, int rc)
{
	if (rc == MM_ENOTFOUND)
		api_invalid(c, "unit_id", MM_NO_UNIT_MSG);
	else
		api_fail(c, rc, rc == MM_EEXIST ?
			 "このログインIDは既に使われています。" : NULL,
			 rc == MM_EEXIST ? "login" : NULL);
}

void api_users_create(struct ctx *c)
{
	struct user u = { .active = 1 };
	char hash[MM_PWHASH_MAX];
	struct authz_grant g;
	struct authz_object o;
	struct actor a;
	json_t *in;
	int rc;

	if (ctx_authorize(c, ACT_USER_CREATE, NULL, &g) < 0 ||
	    api_body(c, create_fields, &in) < 0)
		return;
	rc = read_new_user(c, in, &u, hash);
	json_decref(in);
	if (rc < 0)
		return;
	/* Creating someone in a unit is also a decision about that unit. */
	o = user_authz_object(&u);
	if (ctx_authorize(c, ACT_USER_CREATE, &o, &g) < 0)
		return;
	a = ctx_actor(c, &g);
	rc = store_user_create(c->app->store, &a, &u, hash);
	if (rc < 0) {
		fail_write(c, rc);
		return;
	}
	api_send(c, 201, api_user_json(&u));
}

/* Loads the user of the path and authorizes action on it. */
static int load_user(struct ctx *c, enum action act, struct user *u,
		     struct authz_grant *g)
{
	struct authz_object o;
	int rc = store_user_get(c->app->store, c->req->params[0], u);

	if (rc < 0) {
		api_fail(c, rc, NULL, NULL);
		return rc;
	}
	o = user_authz_object(u);
	return ctx_authorize(c, act, &o, g);
}

void api_users_get(struct ctx *c)
{
	struct user u;

	if (load_user(c, ACT_USER_VIEW, &u, NULL) < 0)
		return;
	api_send(c, 200, api_user_json(&u));
}

/* Answers with the user as stored now (its new version). */
static void send_current(struct ctx *c, int64_t id)
{
	struct user u;
	int rc = store_user_get(c->app->store, id, &u);

	if (rc < 0) {
		api_fail(c, rc, NULL, NULL);
		return;
	}
	api_send(c, 200, api_user_json(&u));
}

/* Reads version and the changes; 0 or the error after answering. */
static int read_update(struct ctx *c, json_t *in, struct user *u)
{
	int64_t version = 0;

	/* only the fields present change; the whole user is checked */
	if (api_int64(c, in, "version", 1, &version) < 0 ||
	    api_record_read(c, in, &user_record, u, RECORD_UPDATE) < 0)
		return MM_EINVAL;
	u->version = version;
	return 0;
}

void api_users_update(struct ctx *c)
{
	struct authz_grant g;
	struct authz_object o;
	struct user u;
	struct actor a;
	json_t *in;
	int rc;

	if (load_user(c, ACT_USER_UPDATE, &u, &g) < 0 ||
	    api_body(c, update_fields, &in) < 0)
		return;
	rc = read_update(c, in, &u);
	json_decref(in);
	if (rc < 0)
		return;
	/* Moving someone into another unit needs the right there too. */
	o = user_authz_object(&u);
	if (ctx_authorize(c, ACT_USER_UPDATE, &o, &g) < 0)
		return;
	a = ctx_actor(c, &g);
	rc = store_user_update(c->app->store, &a, &u);
	if (rc < 0) {
		fail_write(c, rc);
		return;
	}
	send_current(c, u.id);
}

static void set_active(struct ctx *c, int active)
{
	struct authz_grant g;
	struct user u;
	struct actor a;
	int64_t version = 0;
	json_t *in;
	int rc;

	if (load_user(c, ACT_USER_DEACTIVATE, &u, &g) < 0 ||
	    api_body(c, version_fields, &in) < 0)
		return;
	rc = api_int64(c, in, "version", 1, &version);
	json_decref(in);
	if (rc < 0)
		return;
	a = ctx_actor(c, &g);
	/* The general manager must be replaced first: R-ROLE-1, MM_ERULE. */
	rc = store_user_set_active(c->app->store, &a, u.id, version, active);
	if (rc < 0) {
		api_fail(c, rc, NULL, NULL);
		return;
	}
	send_current(c, u.id);
}

void api_users_deactivate(struct ctx *c)
{
	set_active(c, 0);
}

void api_users_activate(struct ctx *c)
{
	set_active(c, 1);
}

/*
 * The administrator's password for a user: the user's sessions and
 * tokens end, and the user must choose their own at the next login.
 */
void api_users_password(struct ctx *c)
{
	static const struct password_set admin_set = { .must_change = 1 };
	char hash[MM_PWHASH_MAX];
	struct authz_grant g;
	struct user u;
	struct actor a;
	json_t *in;
	int rc;

	if (load_user(c, ACT_USER_SET_PASSWORD, &u, &g) < 0 ||
	    api_body(c, password_fields, &in) < 0)
		return;
	rc = read_password(c, in, hash);
	json_decref(in);
	if (rc < 0)
		return;
	a = ctx_actor(c, &g);
	rc = store_user_set_password(c->app->store, &a, u.id, hash,
				     &admin_set);
	if (rc < 0) {
		api_fail(c, rc, NULL, NULL);
		return;
	}
	api_no_content(c);
}

void api_users_mfa_reset(struct ctx *c)
{
	struct authz_grant g;
	struct user u;
	struct actor a;
	int rc;

	/* the power to set the password is the power to reset the factor */
	if (load_user(c, ACT_USER_SET_PASSWORD, &u, &g) < 0)
		return;
	a = ctx_actor(c, &g);
	rc = store_mfa_reset(c->app->store, &a, u.id);
	if (rc == MM_ENOTFOUND)
		api_fail(c, rc, "この職員は二要素認証を登録していません。", NULL);
	else if (rc < 0)
		api_fail(c, rc, NULL, NULL);
	else
		api_no_content(c);
}
