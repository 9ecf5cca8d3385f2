#include "breaches.h"

#include <stdio.h>
#include <string.h>

#include "core/breach.h"
#include "core/roles.h"
#include "lib/err.h"
#include "lib/util.h"
#include "store/store_compliance.h"
#include "json_in.h"
#include "json_out.h"
#include "lending.h"
#include "api.h"
#include "app/objects.h"
#include "steps.h"
#include "record_json.h"
#include "core/records.h"
#include "lib/banned.h"

static const char *const create_fields[] = {"unit_id", "rule", "what", "who",
	"occurred_at", NULL};


static json_t *id_json(int64_t id)
{
	return id ? json_integer((json_int_t)id) : json_null();
}

static json_t *timeline_json(const struct breach *b)
{
	json_t *arr = json_array();

	for (size_t i = 0; arr && i < b->n_steps; i++) {
		const struct breach_step_entry *e = &b->steps[i];
		json_t *it = json_pack("{s:s,s:s,s:o,s:s,s:s?,s:o}",
				       "event", breach_event_key(e->event),
				       "event_label", breach_event_label(e->event),
				       "actor_id", id_json(e->actor_id),
				       "actor_name", e->actor_name,
				       "role", role_key(e->role),
				       "at", api_time_json(e->at));
		if (api_list_add(arr, it) < 0) {
			json_decref(arr);
			arr = NULL;
		}
	}
	return arr;
}

json_t *api_breach_json(const struct breach *b)
{
	json_t *o = api_record_json(&breach_record, b);

	if (o && json_object_set_new(o, "timeline", timeline_json(b)) < 0) {
		json_decref(o);
		o = NULL;
	}
	return o;
}

/* Pooled (store_breach_get takes the request's pool), and extern. */


static void send_breach(struct ctx *c, int status, int64_t id)
{
	api_send_current(c, &breach_kind, id, status);
}

/* R-CMP-6: the order and the role that fires each step. */
static int check_step(struct ctx *c, enum breach_state from,
		      enum breach_event ev, enum role role)
{
	int rc = breach_step_allowed(from, ev, role);

	if (rc == MM_ESTATE)
		return api_refuse_state(c, "違反報告", breach_state_label(from),
					breach_event_label(ev));
	if (rc < 0)
		ctx_fail(c, rc, NULL, NULL);
	return rc;
}

/* R-CMP-6: the report's fields and rule, through its descriptor. */
static int read_report(struct ctx *c, json_t *in, struct breach *b)
{
	return api_record_read(c, in, &breach_record, b, RECORD_CREATE);
}

void api_breaches_create(struct ctx *c)
{
	struct authz_object o = {0};
	struct authz_grant g;
	struct breach b;
	struct actor act;
	json_t *in;
	int rc;

	memset(&b, 0, sizeof(b));
	if (!c->who) {
		ctx_authorize(c, ACT_BREACH_REPORT, NULL, NULL);
		return;
	}
	if (api_body(c, create_fields, &in) < 0)
		return;
	/* the reporter's own unit unless named (authz decides either way) */
	o.unit_id = c->who->unit_id;
	rc = api_int64(c, in, "unit_id", 0, &o.unit_id);
	if (rc == 0)
		rc = ctx_authorize(c, ACT_BREACH_REPORT, &o, &g);
	if (rc == 0)
		rc = check_step(c, BREACH_NONE, BREACH_EV_REPORT, g.role);
	if (rc == 0)
		rc = read_report(c, in, &b);
	json_decref(in);
	if (rc < 0)
		return;
	b.unit_id = o.unit_id;
	act = ctx_actor(c, &g);
	rc = store_breach_report(c->app->store, &act, &b);
	if (rc < 0) {
		ctx_fail(c, rc, NULL, NULL);
		return;
	}
	send_breach(c, 201, b.id);
}

static int load_breach(struct ctx *c, enum action act, struct breach *b,
		       struct authz_grant *g)
{
	return api_load_path(c, &breach_kind, act, b, g);
}

void api_breaches_get(struct ctx *c)
{
	struct breach b;

	if (load_breach(c, ACT_BREACH_VIEW, &b, NULL) < 0)
		return;
	api_send(c, 200, api_breach_json(&b));
}
