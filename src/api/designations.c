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
#include "lib/banned.h"

/*
 * No "rank": the rank a designation rests on is the user's recorded rank
 * (R-ROLE-4), which the server reads; a body that says one is refused as
 * an unknown field.
 */
static const char *const create_fields[] = {"user_id", "role",
	"exception_reason", "knowledge", "aptitude", NULL};
static const char *const redesignate_fields[] = {"version",
	"exception_reason", "knowledge", "aptitude", NULL};
static const char *const revoke_fields[] = {"version", "reason", NULL};

/* The grounds' texts, held for the duration of one request. */
struct grounds_text {
	char exception_reason[MM_TEXT_MAX];
	char knowledge[MM_TEXT_MAX];
	char aptitude[MM_TEXT_MAX];
};


static json_t *designation_json(const struct designation *d)
{
	return json_pack("{s:I,s:I,s:I,s:s,s:s,s:s?,s:s,s:s,s:s,s:s,"
			 "s:I,s:o,s:I,s:o,s:I}",
		"id", (json_int_t)d->id, "unit_id", (json_int_t)d->unit_id,
		"user_id", (json_int_t)d->user_id, "role", role_key(d->role),
		"state", designation_state_key(d->state),
		"rank", rank_key(d->rank),
		"exception_reason", d->exception_reason,
		"knowledge", d->knowledge, "aptitude", d->aptitude,
		"state_label", designation_state_label(d->state),
		"designated_by", (json_int_t)d->designated_by,
		"designated_at", api_time_json(d->designated_at),
		"revoked_by", (json_int_t)d->revoked_by,
		"revoked_at", api_time_json(d->revoked_at),
		"version", (json_int_t)d->version);
}

API_KIND(designation_kind, struct designation, store_designation_get, designation_authz_object,
	 designation_json);

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

/* R-ROLE-4, R-ROLE-5: a page of the designations the caller may see. */
void api_designations_list(struct ctx *c)
{
	struct authz_view view = ctx_list_view(c, ACT_DESIGNATION_VIEW);
	struct designation_list l = {0};
	struct page_req req;
	int64_t unit_id = 0;
	int rc;

	if (ctx_authorize(c, ACT_HOME_VIEW, NULL, NULL) < 0 ||
	    api_query_int64(c, "unit_id", 1, INT64_MAX, &unit_id) < 0 ||
	    api_page_req(c, &req) < 0)
		return;
	rc = store_designation_list(c->app->store, &view, unit_id, &req, &l);
	if (rc < 0) {
		ctx_list_failed(c, rc, "designations");
		return;
	}
	api_send_page(c, "designations", &designation_kind,
		      ACT_DESIGNATION_VIEW, l.items, l.n, &l.at);
	designation_list_release(&l);
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

/* The texts of the grounds; role and rank are set by the caller. */
static int read_grounds(struct ctx *c, json_t *in,
			struct designation_grounds *g, struct grounds_text *t)
{
	if (api_text(c, in, "exception_reason", 0, 500, t->exception_reason,
		     sizeof(t->exception_reason)) < 0 ||
	    api_text(c, in, "knowledge", 0, 500, t->knowledge,
		     sizeof(t->knowledge)) < 0 ||
	    api_text(c, in, "aptitude", 0, 500, t->aptitude,
		     sizeof(t->aptitude)) < 0)
		return MM_EINVAL;
	g->exception_reason = t->exception_reason;
	g->knowledge = t->knowledge;
	g->aptitude = t->aptitude;
	return 0;
}

/*
 * R-ROLE-4, R-ROLE-5: the grounds checked on rank, the user's recorded
 * one, naming the field at fault (user_field for a user with no rank
 * recorded; NULL where the body names no user).  The store checks again
 * in its transaction on the rank it reads there.
 */
static int check_grounds(struct ctx *c, struct designation_grounds *g,
			 enum rank rank, const char *user_field)
{
	const char *why = NULL, *field;

	g->rank = rank;
	if (designation_check(g, &why) == 0)
		return 0;
	if (!*rank_label(rank) && g->role == ROLE_OPERATIONS_OFFICER)
		field = user_field;
	else if (g->role == ROLE_OPERATIONS_OFFICER)
		field = "exception_reason";
	else
		field = text_present(g->knowledge) ? "aptitude" : "knowledge";
	return api_invalid(c, field, why);
}

/*
 * Answers a refused store step.  MM_EINVAL is the rule failing on the rank
 * the store read, which may have changed since this request read it: the
 * user is read again for the message.
 */
static void fail_step(struct ctx *c, int rc, int64_t user_id,
		      struct designation_grounds *g, const char *user_field)
{
	struct user u;

	if (rc == MM_EINVAL &&
	    store_user_get(c->app->store, user_id, &u) == 0 &&
	    check_grounds(c, g, u.rank, user_field) < 0)
		return;
	ctx_fail(c, rc, rc == MM_EEXIST ?
		 "この職員はこの役割に既に指定されています" : NULL, NULL);
}

/* The user named in the body: the designation's unit is the user's. */
static int read_user(struct ctx *c, json_t *in, struct user *u)
{
	int64_t id = 0;
	int rc;

	if (api_int64(c, in, "user_id", 1, &id) < 0)
		return MM_EINVAL;
	rc = store_user_get(c->app->store, id, u);
	if (rc == MM_ENOTFOUND || (rc == 0 && !u->active))
		return api_invalid(c, "user_id", "職員が見つかりません");
	if (rc < 0)
		ctx_fail(c, rc, NULL, NULL);
	return rc;
}

static int read_role(struct ctx *c, json_t *in, enum role *role)
{
	const char *key = NULL;

	if (api_string(c, in, "role", 1, &key) < 0)
		return MM_EINVAL;
	*role = role_from_key(key);
	if (*role != ROLE_OPERATIONS_OFFICER && *role != ROLE_COMM_OFFICER)
		return api_invalid(c, "role",
				   "指定できる役割は運用担当者と交信担当者です");
	return 0;
}

static void send_designation(struct ctx *c, int status, int64_t id)
{
	api_send_current(c, &designation_kind, id, status);
}

void api_designations_create(struct ctx *c)
{
	struct designation_grounds g = {0};
	struct grounds_text t;
	struct authz_object o = {0};
	struct authz_grant gr;
	struct designation d;
	struct actor act;
	struct user u;
	json_t *in;
	int rc;

	memset(&t, 0, sizeof(t));
	if (!c->who) {
		ctx_authorize(c, ACT_DESIGNATION_MANAGE, NULL, NULL);
		return;
	}
	if (api_body(c, create_fields, &in) < 0)
		return;
	rc = read_user(c, in, &u);
	if (rc == 0) {
		o.unit_id = u.unit_id;
		rc = ctx_authorize(c, ACT_DESIGNATION_MANAGE, &o, &gr);
	}
	if (rc == 0)
		rc = read_role(c, in, &g.role);
	if (rc == 0)
		rc = read_grounds(c, in, &g, &t);
	json_decref(in);
	if (rc < 0 || check_grounds(c, &g, u.rank, "user_id") < 0)
		return;
	act = ctx_actor(c, &gr);
	rc = store_designation_create(c->app->store, &act, u.unit_id, u.id, &g,
				      &d);
	if (rc < 0) {
		fail_step(c, rc, u.id, &g, "user_id");
		return;
	}
	send_designation(c, 201, d.id);
}

void api_designations_get(struct ctx *c)
{
	struct designation d;
	struct authz_object o;
	int rc = store_designation_get(c->app->store, c->req->params[0], &d);

	if (rc < 0) {
		ctx_fail(c, rc, NULL, NULL);
		return;
	}
	o = designation_authz_object(&d);
	if (ctx_authorize(c, ACT_DESIGNATION_VIEW, &o, NULL) < 0)
		return;
	api_send(c, 200, designation_json(&d));
}

/* The designation of the path, authorized for managing it. */
static int load_for_manage(struct ctx *c, struct designation *d,
			   struct authz_grant *g)
{
	return api_load_path(c, &designation_kind, ACT_DESIGNATION_MANAGE, d, g);
}

static int check_step(struct ctx *c, const struct designation *d,
		      enum designation_event ev)
{
	enum designation_state next;

	if (designation_step(d->state, ev, ROLE_MANAGER, &next) < 0)
		return api_refuse_state(c, "指定", designation_state_label(d->state),
					designation_event_label(ev));
	return 0;
}

static void answer(struct ctx *c, int rc, int64_t id)
{
	if (rc < 0)
		ctx_fail(c, rc, NULL, NULL);
	else
		send_designation(c, 200, id);
}

void api_designations_revoke(struct ctx *c)
{
	char reason[MM_TEXT_MAX] = "";
	struct authz_grant g;
	struct designation d;
	struct actor act;
	int64_t version = 0;

	if (load_for_manage(c, &d, &g) < 0 ||
	    api_read_step(c, revoke_fields, &version, "reason", reason,
			  sizeof(reason)) < 0 ||
	    check_step(c, &d, DESIGNATION_EV_REVOKE) < 0)
		return;
	act = ctx_actor(c, &g);
	answer(c, store_designation_revoke(c->app->store, &act, d.id, version,
					   reason), d.id);
}

void api_designations_redesignate(struct ctx *c)
{
	struct designation_grounds gr = {0};
	struct grounds_text t;
	struct authz_grant g;
	struct designation d;
	struct actor act;
	struct user u;
	int64_t version = 0;
	json_t *in;
	int rc;

	memset(&t, 0, sizeof(t));
	if (load_for_manage(c, &d, &g) < 0 ||
	    api_body(c, redesignate_fields, &in) < 0)
		return;
	gr.role = d.role;
	rc = api_int64(c, in, "version", 1, &version);
	if (rc == 0)
		rc = read_grounds(c, in, &gr, &t);
	json_decref(in);
	if (rc < 0 || check_step(c, &d, DESIGNATION_EV_REDESIGNATE) < 0)
		return;
	/* R-ROLE-4: the rank recorded for the user now */
	rc = store_user_get(c->app->store, d.user_id, &u);
	if (rc < 0) {
		ctx_fail(c, rc, NULL, NULL);
		return;
	}
	if (check_grounds(c, &gr, u.rank, NULL) < 0)
		return;
	act = ctx_actor(c, &g);
	rc = store_designation_redesignate(c->app->store, &act, d.id, version,
					   &gr);
	if (rc < 0)
		fail_step(c, rc, d.user_id, &gr, NULL);
	else
		send_designation(c, 200, d.id);
}
