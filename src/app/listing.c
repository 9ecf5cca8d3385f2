/*
 * listing.c - the lists' shared view and failure answer.  Contract:
 * listing.h.
 */
#include "listing.h"

#include <stdio.h>
#include <stdlib.h>
#include <jansson.h>

#include "lib/err.h"
#include "lib/banned.h"

struct authz_view ctx_list_view(const struct ctx *c, enum action view)
{
	struct authz_view v;

	/* an empty view is an answer too: the list is empty */
	(void)authz_view(c->who, view, &v);
	return v;
}

/* Records the failed list; the answer stands if this fails too. */
static void audit_failed(struct ctx *c, int rc, const char *list)
{
	struct actor act = ctx_actor(c, NULL);
	json_t *j = json_pack("{s:s, s:s, s:s}", "list", list, "path",
			      c->req->path, "error", mm_errname(rc));
	char *detail = j ? json_dumps(j, JSON_COMPACT) : NULL;

	if (!detail || store_audit_record(c->app->store, &act, "list.failed",
					  "", 0, detail) < 0)
		fprintf(stderr, "mamori: could not audit the failed list %s\n",
			list);
	free(detail);
	json_decref(j);
}

void ctx_list_failed(struct ctx *c, int rc, const char *list)
{
	if (rc == MM_ENOTFOUND || rc == MM_EINVAL) {
		ctx_fail(c, MM_EINVAL, MM_MSG_BAD_CURSOR, NULL);
		return;
	}
	fprintf(stderr, "mamori: list %s (%s) failed: %s\n", list,
		c->req->path, mm_strerror(rc));
	audit_failed(c, rc, list);
	if (rc == MM_EBUSY || rc == MM_ENOMEM) /* 503: try again (issue 14) */
		ctx_fail(c, rc, NULL, NULL);
	else if (rc == MM_EUNAVAIL) /* 503: the database, not the list */
		ctx_fail(c, rc, "一覧を読み込めませんでした。データベースに接続できません。しばらくしてからやり直してください。",
			 NULL);
	else
		ctx_fail(c, MM_EIO, "一覧を読み込めませんでした。時間をおいてやり直してください。",
			 NULL);
}

int ctx_list_row_ok(const struct ctx *c, enum action view,
		    const struct authz_object *o)
{
	if (ctx_can(c, view, o))
		return 1;
	fprintf(stderr, "mamori: %s list row of unit %lld outside the view\n",
		action_name(view), (long long)(o ? o->unit_id : 0));
	return 0;
}
