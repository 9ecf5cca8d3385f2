#include "audit.h"

#include "lib/err.h"
#include "json_in.h"
#include "json_out.h"
#include "api.h"
#include "steps.h"
#include "lib/banned.h"

/*
 * The trail a page at a time in one query selected by the caller's view
 * (issue 8): a manager's pages hold the station's entries only, and are
 * full.  ?before= is the trail's own name of the cursor; ?after= (the
 * name every other list uses) means the same here, the list being
 * newest first.
 */
void api_audit_list(struct ctx *c)
{
	struct authz_view view = ctx_list_view(c, ACT_AUDIT_VIEW);
	struct audit_page l = {0};
	struct page_req req;
	int64_t before = 0;
	json_t *arr;
	int rc;

	/* Any logged-in user; the view may be empty. */
	if (ctx_authorize(c, ACT_HOME_VIEW, NULL, NULL) < 0 ||
	    api_query_int64(c, "before", 1, INT64_MAX, &before) < 0 ||
	    api_page_req(c, &req) < 0)
		return;
	if (before)
		req.after = before;
	rc = store_audit_page(c->app->store, &view, &req, &l);
	if (rc < 0) {
		ctx_list_failed(c, rc, "audit");
		return;
	}
	arr = json_array();
	for (size_t i = 0; arr && i < l.n; i++) {
		struct authz_object o = { .unit_id = l.items[i].unit_id };
		if (ctx_list_row_ok(c, ACT_AUDIT_VIEW, &o) &&
		    api_list_add(arr, api_audit_json(&l.items[i])) < 0) {
			json_decref(arr);
			arr = NULL;
		}
	}
	api_send(c, 200, arr ? json_pack("{s:o, s:o, s:o}", "entries", arr,
					 "next_before", l.at.next ?
					 json_integer(l.at.next) : json_null(),
					 "next", l.at.next ?
					 json_integer(l.at.next) : json_null())
			     : NULL);
	audit_page_release(&l);
}
