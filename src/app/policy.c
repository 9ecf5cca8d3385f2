/*
 * policy.c (app/) - the version in force of one request.
 * Contract: policy.h.
 */
#include "policy.h"

#include <string.h>

#include "../lib/err.h"
#include "../lib/banned.h"

struct request_policy {
	struct policy p;
	struct policy_version meta;
};

const struct policy *app_policy(struct ctx *c,
				const struct policy_version **meta)
{
	static struct policy_version first_meta = { .version = 1 };
	struct request_policy *rp = c->policy;

	if (!rp) {
		rp = pool_alloc(&c->pool, sizeof *rp);
		if (rp && store_policy_in_force(c->app->store, &rp->p,
						&rp->meta) == 0)
			c->policy = rp;
	}
	if (!c->policy) {
		if (meta)
			*meta = &first_meta;
		return policy_default();
	}
	if (meta)
		*meta = &rp->meta;
	return &rp->p;
}
