#include "token_ops.h"

#include "../lib/err.h"
#include "../lib/banned.h"

int token_revoke(struct ctx *c, int64_t id, struct token_info *t)
{
	struct authz_object o;
	struct authz_grant g;
	struct actor a;
	int rc = store_token_get(c->app->store, id, t);

	if (rc < 0) {
		ctx_fail(c, rc, NULL, NULL);
		return rc;
	}
	o = (struct authz_object){ .unit_id = t->unit_id,
				   .owner_user_id = t->user_id };
	rc = ctx_authorize(c, ACT_TOKEN_REVOKE, &o, &g);
	if (rc < 0)
		return rc;
	a = ctx_actor(c, &g);
	rc = store_token_revoke(c->app->store, &a, t->id);
	if (rc < 0)
		ctx_fail(c, rc, NULL, NULL);
	return rc;
}
