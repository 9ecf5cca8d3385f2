#include "tokens.h"

#include <sodium.h>

#include "core/identity.h"
#include "core/validate.h"
#include "lib/err.h"
#include "json_in.h"
#include "json_out.h"
#include "api.h"
#include "lib/banned.h"

static const char *const token_fields[] = {"label", NULL};

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

static void send_token(struct ctx *c, int64_t id, const char *label,
		       const char *token)
{
	json_t *body = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id,
				 "label", label, "token", token);

	/* app_dispatch marks every answer no-store, so it is never cached. */
	api_send(c, 201, body);
}

void api_tokens_create(struct ctx *c)
{
	struct authz_object o = {0};
	struct authz_grant g;
	struct actor a;
	char token[MM_TOKEN_HEX];
	unsigned char hash[MM_HASH_BYTES];
	const char *label = NULL;
	int64_t id = 0;
	json_t *in;
	int rc;

	if (c->who) {
		o.unit_id = c->who->unit_id;
		o.owner_user_id = c->who->user_id;
	}
	if (ctx_authorize(c, ACT_TOKEN_CREATE, &o, &g) < 0 ||
	    api_body(c, token_fields, &in) < 0)
		return;
	if (read_label(c, in, &label) < 0) {
		json_decref(in);
		return;
	}
	token_new(token);
	token_hash(token, hash);
	a = ctx_actor(c, &g);
	rc = store_token_create(c->app->store, &a, o.owner_user_id, label,
				hash, &id);
	if (rc < 0)
		api_fail(c, rc, NULL, NULL);
	else
		send_token(c, id, label, token);
	json_decref(in);
	sodium_memzero(token, sizeof(token));
}
