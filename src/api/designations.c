#include "designations.h"

#include <string.h>

#include "core/roles.h"
#include "core/text.h"
#include "lib/err.h"
#include "json_in.h"
#include "json_out.h"
#include "lending.h"
#include "api.h"
#include "../store/store_designations.h"
#include "app/objects.h"
#include "steps.h"
#include "record_json.h"
#include "core/records.h"
#include "lib/banned.h"

/*
 * No "rank": the rank a designation rests on is the user's recorded rank
 * (R-ROLE-4), which the server reads; a body that says one is refused as
 * an unknown field.
 */
static const char *const create_fields[] = {"user_id", "role",
	"exception_reason", "knowledge", "aptitude", NULL};


static json_t *entry_json(const struct designation_entry *e)
{
	return json_pack("{s:I,s:I,s:I,s:I,s:s,s:s,s:s,s:s?,s:s,s:s,s:s,s:s,"
			 "s:I,s:o}",
		"id", (json_int_t)e->id,
		"designation_id", (json_int_t)e->designation_id,
		"unit_id", (json_int_t)e->unit_id,
		"user_id", (json_int_t)e->user_id, "role", role_key(e->role),
		"event", designation_event_key(e->event),
		"event_label", designation_event_label(e->event),
		"rank", rank_key(e->rank),
		"exception_reason", e->exception_reason,
		"knowledge", e->knowledge, "aptitude", e->aptitude,
		"reason", e->reason, "by", (json_int_t)e->by,
		"at", api_time_json(e->at));
}

/* R-ROLE-5: a page of form 1's entries the caller may see, in order. */
void api_designation_register(struct ctx *c)
{
	struct authz_view view = ctx_list_view(c, ACT_DESIGNATION_VIEW);
	struct designation_entry_list l = {0};
	struct page_req req;
	int64_t unit_id = 0;
	json_t *arr;
	int rc;

	if (ctx_authorize(c, ACT_HOME_VIEW, NULL, NULL) < 0 ||
	    api_query_int64(c, "unit_id", 1, INT64_MAX, &unit_id) < 0 ||
	    api_page_req(c, &req) < 0)
		return;
	rc = store_designation_register(c->app->store, &view, unit_id, &req,
					&l);
	if (rc < 0) {
		ctx_list_failed(c, rc, "designation-register");
		return;
	}
	arr = json_array();
	for (size_t i = 0; arr && i < l.n; i++) {
		struct authz_object o = { .unit_id = l.items[i].unit_id };
		if (ctx_list_row_ok(c, ACT_DESIGNATION_VIEW, &o) &&
		    api_list_add(arr, entry_json(&l.items[i])) < 0) {
			json_decref(arr);
			arr = NULL;
		}
	}
	api_send(c, 200, arr ? json_pack("{s:o, s:o}", "entries", arr, "next",
					 l.at.next ? json_integer(l.at.next)
						   : json_null()) : NULL);
	designation_entry_list_release(&l);
}

/*
 * Answers a refused store step.  MM_EINVAL is the rule failing on the rank
 * the store read, which may have changed since this request read it: the
 * user is read again and the rules run on the rank recorded now (d, the
 * designation as sent, for the message; desc, its descriptor).
 */
static void fail_step(struct ctx *c, int rc, struct designation *d,
		      const struct record_desc *desc)
{
	struct user u;

	if (rc == MM_EINVAL &&
	    store_user_get(c->app->store, d->user_id, &u) == 0) {
		d->rank = u.rank;
		if (api_record_check(c, desc, d) < 0)
			return;
	}
	ctx_fail(c, rc, rc == MM_EEXIST ?
		 "この職員はこの役割に既に指定されています" : NULL, NULL);
}

/* The user the designation names: its unit is the designation's. */
static int read_user(struct ctx *c, int64_t id, struct user *u)
{
	int rc = store_user_get(c->app->store, id, u);

	if (rc == MM_ENOTFOUND || (rc == 0 && !u->active))
		return api_invalid(c, "user_id", MM_DESIGNATION_NO_USER_MSG);
	if (rc < 0)
		ctx_fail(c, rc, NULL, NULL);
	return rc;
}

static void send_designation(struct ctx *c, int status, int64_t id)
{
	api_send_current(c, &designation_kind, id, status);
}

void api_designations_create(struct ctx *c)
{
	struct designation_grounds g;
	struct authz_object o = {0};
	struct authz_grant gr;
	struct designation d, made;
	struct actor act;
	struct user u;
	json_t *in;
	int rc;

	memset(&d, 0, sizeof(d));
	if (!c->who) {
		ctx_authorize(c, ACT_DESIGNATION_MANAGE, NULL, NULL);
		return;
	}
	if (api_body(c, create_fields, &in) < 0)
		return;
	/* the rules wait for the rank recorded for the user named */
	rc = api_record_read(c, in, &designation_record, &d,
			     RECORD_CREATE | RECORD_FIELDS_ONLY);
	json_decref(in);
	if (rc == 0)
		rc = read_user(c, d.user_id, &u);
	if (rc == 0) {
		o.unit_id = u.unit_id;
		rc = ctx_authorize(c, ACT_DESIGNATION_MANAGE, &o, &gr);
	}
	if (rc < 0)
		return;
	/* R-ROLE-4, R-ROLE-5: on the user's recorded rank (the store checks again) */
	d.unit_id = u.unit_id;
	d.rank = u.rank;
	if (api_record_check(c, &designation_record, &d) < 0)
		return;
	g = designation_grounds_of(&d);
	act = ctx_actor(c, &gr);
	rc = store_designation_create(c->app->store, &act, u.unit_id, u.id, &g,
				      &made);
	if (rc < 0) {
		fail_step(c, rc, &d, &designation_record);
		return;
	}
	send_designation(c, 201, made.id);
}
