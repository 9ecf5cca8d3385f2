#include "msgcheck.h"

#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "../lib/buf.h"
#include "../lib/err.h"
#include "../store/store.h"
#include "../lib/banned.h"

/* {"flagged","categories","hits"}: what a check found, not what it read. */
static char *audit_detail(const struct msgcheck_result *r)
{
	struct buf keys = BUF_INIT_MAX(4096);
	json_t *j = NULL;
	char *detail = NULL;

	if (msgcheck_category_keys(r, &keys) == 0)
		j = json_pack("{s:b, s:s, s:I}", "flagged", r->flagged,
			      "categories", buf_cstr(&keys), "hits",
			      (json_int_t)r->n_hits);
	if (j)
		detail = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	buf_release(&keys);
	return detail;
}

int app_message_check(struct ctx *c, const struct authz_grant *g,
		      const char *text, struct msgcheck_result *r)
{
	struct actor act = ctx_actor(c, g);
	char *detail;
	int rc;

	memset(r, 0, sizeof(*r));
	if (!c->app->msgcheck.n_categories) {
		/* fail closed: an unloaded policy would pass every text */
		ctx_fail(c, MM_EUNSUPPORTED, MM_MSG_MSGCHECK_NO_POLICY, NULL);
		return MM_EUNSUPPORTED;
	}
	rc = msgcheck_run(&c->app->msgcheck, text, r);
	if (rc < 0) {
		ctx_fail(c, rc, rc == MM_EINVAL ?
			 "文面: 使用できない文字が含まれています" : NULL,
			 rc == MM_EINVAL ? "text" : NULL);
		return rc;
	}
	detail = audit_detail(r);
	rc = detail ? store_audit_record(c->app->store, &act, "message.check",
					 "", 0, detail) : MM_ENOMEM;
	free(detail);
	if (rc < 0) {
		msgcheck_result_release(r);
		ctx_fail(c, rc, NULL, NULL);
		return rc;
	}
	c->log_action = "message.check";
	return 0;
}
