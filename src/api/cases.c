#include "cases.h"

#include <stdlib.h>
#include <string.h>

#include "core/roles.h"
#include "app/history.h"
#include "app/kinds.h"
#include "lib/err.h"
#include "json_in.h"
#include "json_out.h"
#include "api.h"
#include "steps.h"
#include "lib/banned.h"

/* The way of a read from its entry's detail ({"way":"open"}). */
static const char *way_of(const struct audit_entry *e)
{
	return strstr(e->detail, "\"list\"") ? "list" : "open";
}

static json_t *read_json(const struct audit_entry *e)
{
	return json_pack("{s:I, s:o, s:I, s:s, s:s, s:I, s:I, s:s}",
			 "seq", (json_int_t)e->seq, "at", api_time_json(e->at),
			 "user_id", (json_int_t)e->actor_user_id,
			 "login", e->actor_login,
			 "role", role_key(e->role) ? role_key(e->role) : "",
			 "unit_id", (json_int_t)e->unit_id,
			 "case_id", (json_int_t)e->object_id,
			 "way", way_of(e));
}

void api_case_reads(struct ctx *c)
{
	struct audit_page l = { 0 };
	struct page_req req;
	int64_t case_id = 0;
	json_t *arr;
	int rc;

	if (ctx_authorize(c, ACT_CASE_READS_VIEW, NULL, NULL) < 0 ||
	    api_query_int64(c, "case_id", 1, INT64_MAX, &case_id) < 0 ||
	    api_page_req(c, &req) < 0)
		return;
	rc = store_audit_action_page(c->app->store, "case.read", case_id,
				     &req, &l);
	if (rc < 0) {
		ctx_list_failed(c, rc, "reads");
		return;
	}
	arr = json_array();
	for (size_t i = 0; arr && i < l.n; i++)
		if (api_list_add(arr, read_json(&l.items[i])) < 0) {
			json_decref(arr);
			arr = NULL;
		}
	api_send(c, 200, arr ? json_pack("{s:o, s:o}", "reads", arr, "next",
					 l.at.next ? json_integer(l.at.next)
						   : json_null()) : NULL);
	audit_page_release(&l);
}

static json_t *history_json(const struct history_entry *e)
{
	const char *g = guidance_kind_key(e->guidance);

	return json_pack("{s:I, s:I, s:I, s:s, s:o, s:o, s:b, s:s?}",
			 "meeting_id", (json_int_t)e->meeting_id,
			 "case_id", (json_int_t)e->case_id,
			 "unit_id", (json_int_t)e->unit_id,
			 "state", meeting_state_key(e->state),
			 "meet_at", api_time_json(e->meet_at),
			 "outcome_at", api_time_json(e->outcome_at),
			 "juvenile", e->juvenile, "guidance",
			 e->guidance ? g : NULL);
}

void api_meeting_history(struct ctx *c)
{
	struct meeting *m = calloc(1, sizeof *m);
	struct meeting_history *h = calloc(1, sizeof *h);
	json_t *arr = NULL;
	int rc;

	if (!m || !h) {
		ctx_fail(c, MM_ENOMEM, NULL, NULL);
		goto out;
	}
	if (api_load_path(c, &meeting_kind, ACT_MEETING_VIEW, m, NULL) < 0)
		goto out;
	if ((rc = meeting_history_read(c, m, h)) < 0) {
		ctx_fail(c, rc, NULL, NULL);
		goto out;
	}
	arr = json_array();
	for (size_t i = 0; arr && i < h->n; i++)
		if (api_list_add(arr, history_json(&h->e[i])) < 0) {
			json_decref(arr);
			arr = NULL;
		}
	api_send(c, 200, arr ? json_pack("{s:b, s:o}", "looked", h->looked,
					 "items", arr) : NULL);
out:
	free(m);
	free(h);
}
