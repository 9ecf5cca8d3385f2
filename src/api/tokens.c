#include "tokens.h"

#include <stdio.h>
#include <sodium.h>

#include "app/auth.h"
#include "app/listing.h"
#include "app/token_ops.h"
#include "app/objects.h"
#include "core/identity.h"
#include "core/validate.h"
#include "lib/err.h"
#include "json_in.h"
#include "json_out.h"
#include "api.h"
#include "lib/banned.h"

static const char *const token_fields[] = {"label", "expires_in_days", NULL};

/* The label: a required name-like text (1-64 characters). */
static int read_label(struct ctx *c, json_t *in, const char **label)
{
	const char *why = NULL;

	if (api_string(c, in, "label", 1, label) < 0)
		return MM_EINVAL;
	if (validate_name(*label, &why) < 0)
		return api_invalid(c, "label", why);
	return 0;
}

/* The lifetime asked for (absent: the configured default), as an expiry. */
static int read_expiry(struct ctx *c, json_t *in, int64_t *expires_at)
{
	char why[160];
	int64_t days = 0;

	if (api_int64(c, in, "expires_in_days", 0, &days) < 0)
		return MM_EINVAL;
	if (json_object_get(in, "expires_in_days") && days == 0)
		days = -1; /* 0 is no lifetime, not "the default" */
	if (auth_token_expiry(c, days, expires_at) == 0)
		return 0;
	snprintf(why, sizeof(why), AUTH_TOKEN_DAYS_MSG,
		 c->app->cfg.token_max_secs / 86400);
	return api_invalid(c, "expires_in_days", why);
}

static void send_token(struct ctx *c, int64_t id, const char *label,
		       const char *token, int64_t expires_at)
{
	json_t *body = json_pack("{s:I, s:s, s:s, s:o}", "id", (json_int_t)id,
				 "label", label, "token", token, "expires_at",
				 api_time_json(expires_at));

	/* app_dispatch marks every answer no-store, so it is never cached. */
	api_send(c, 201, body);
}

/* The object of a user's tokens: the user's unit, owned by the user. */
static struct authz_object own_object(const struct ctx *c)
{
	struct authz_object o = {0};

	if (c->who) {
		o.unit_id = c->who->unit_id;
		o.owner_user_id = c->who->user_id;
	}
	return o;
}

void api_tokens_create(struct ctx *c)
{
	struct authz_object o = own_object(c);
	struct authz_grant g;
	struct actor a;
	char token[MM_TOKEN_HEX];
	unsigned char hash[MM_HASH_BYTES];
	const char *label = NULL;
	int64_t id = 0, expires_at = 0;
	json_t *in;
	int rc;

	if (ctx_authorize(c, ACT_TOKEN_CREATE, &o, &g) < 0)
		return;
	if (auth_token_mint_check(c) < 0)
		return;
	if (api_body(c, token_fields, &in) < 0)
		return;
	if (read_label(c, in, &label) < 0 || read_expiry(c, in, &expires_at) < 0) {
		json_decref(in);
		return;
	}
	token_new(token);
	token_hash(token, hash);
	a = ctx_actor(c, &g);
	rc = store_token_create(c->app->store, &a, o.owner_user_id, label,
				hash, expires_at, &id);
	if (rc < 0)
		api_fail(c, rc, NULL, NULL);
	else
		send_token(c, id, label, token, expires_at);
	json_decref(in);
	sodium_memzero(token, sizeof(token));
}

static json_t *token_json(const struct token_info *t)
{
	return json_pack("{s:I, s:I, s:s, s:o, s:o, s:o}", "id",
			 (json_int_t)t->id, "user_id", (json_int_t)t->user_id,
			 "label", t->label, "created_at",
			 api_time_json(t->created_at), "expires_at",
			 api_time_json(t->expires_at), "last_used_at",
			 api_time_json(t->last_used_at));
}

/* The object of user_id's tokens, for the caller or read from the store. */
static int object_of_user(struct ctx *c, int64_t user_id,
			  struct authz_object *o)
{
	struct user u;
	int rc;

	if (user_id == c->who->user_id) {
		*o = own_object(c);
		return 0;
	}
	rc = store_user_get(c->app->store, user_id, &u);
	if (rc == 0)
		*o = user_authz_object(&u);
	return rc;
}

void api_tokens_list(struct ctx *c)
{
	struct token_list l = {0};
	struct authz_object o;
	int64_t user_id = c->who ? c->who->user_id : 0;
	json_t *arr, *body;
	int rc;

	if (ctx_authorize(c, ACT_HOME_VIEW, NULL, NULL) < 0 ||
	    api_query_int64(c, "user_id", 1, INT64_MAX, &user_id) < 0)
		return;
	rc = object_of_user(c, user_id, &o);
	/* an unknown user is refused like another's: nothing to learn */
	if (rc == MM_ENOTFOUND)
		o = (struct authz_object){ .unit_id = 0, .owner_user_id = user_id };
	else if (rc < 0) {
		api_fail(c, rc, NULL, NULL);
		return;
	}
	if (ctx_authorize(c, ACT_TOKEN_VIEW, &o, NULL) < 0)
		return;
	if (rc == MM_ENOTFOUND) { /* the administrator may know it is none */
		api_fail(c, rc, NULL, NULL);
		return;
	}
	rc = store_token_list(c->app->store, user_id, &l);
	if (rc < 0) {
		ctx_list_failed(c, rc, "tokens");
		return;
	}
	arr = json_array();
	for (size_t i = 0; arr && i < l.n; i++)
		if (api_list_add(arr, token_json(&l.items[i])) < 0) {
			json_decref(arr);
			arr = NULL;
		}
	token_list_release(&l);
	body = arr ? json_pack("{s:o, s:n}", "tokens", arr, "next") : NULL;
	if (!body) {
		api_fail(c, MM_ENOMEM, NULL, NULL);
		return;
	}
	api_send(c, 200, body);
}

void api_tokens_revoke(struct ctx *c)
{
	struct token_info t;

	if (token_revoke(c, c->req->params[0], &t) == 0)
		api_no_content(c);
}
