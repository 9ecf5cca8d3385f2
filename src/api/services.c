#include "services.h"

#include <string.h>

#include "lib/err.h"
#include "json_in.h"
#include "json_out.h"
#include "lending.h"
#include "api.h"
#include "../store/store_designations.h"
#include "app/objects.h"
#include "steps.h"
#include "lib/banned.h"

static const char *const create_fields[] = {"device_id", "service", "handle",
	"purpose", NULL};
static const char *const change_fields[] = {"version", "device_id",
	"service", "handle", "purpose", NULL};
static const char *const version_fields[] = {"version", NULL};
static const char *const refuse_fields[] = {"version", "reason", NULL};
static const char *const delete_fields[] = {"version", "note", NULL};
static const char *const measures_fields[] = {"version", "measures",
	"agreed_with_manager", "agreed_with_general_manager", NULL};


static json_t *service_json(const struct service_application *x)
{
	return json_pack("{s:I,s:I,s:I,s:I,s:s,s:s,s:I,s:s,s:s,s:s,s:I,s:o,"
			 "s:I,s:o,s:s,s:I,s:o,s:s,s:b,s:b,s:I,s:o,s:I,s:o,s:s,"
			 "s:I,s:o,s:I}",
		"id", (json_int_t)x->id, "account_id", (json_int_t)x->account_id,
		"replaces_id", (json_int_t)x->replaces_id,
		"unit_id", (json_int_t)x->unit_id, "service", x->service,
		"handle", x->handle, "device_id", (json_int_t)x->device_id,
		"purpose", x->purpose, "state", service_state_key(x->state),
		"state_label", service_state_label(x->state),
		"applied_by", (json_int_t)x->applied_by,
		"applied_at", api_time_json(x->applied_at),
		"decided_by", (json_int_t)x->decided_by,
		"decided_at", api_time_json(x->decided_at),
		"refusal_reason", x->refusal_reason,
		"forwarded_by", (json_int_t)x->forwarded_by,
		"forwarded_at", api_time_json(x->forwarded_at),
		"measures", x->measures,
		"agreed_with_manager", x->agreed_with_manager,
		"agreed_with_general_manager", x->agreed_with_general_manager,
		"measures_by", (json_int_t)x->measures_by,
		"measures_at", api_time_json(x->measures_at),
		"ended_by", (json_int_t)x->ended_by,
		"ended_at", api_time_json(x->ended_at),
		"deletion_note", x->deletion_note,
		"deletion_acknowledged_by", (json_int_t)x->deletion_ack_by,
		"deletion_acknowledged_at", api_time_json(x->deletion_ack_at),
		"version", (json_int_t)x->version);
}

API_KIND(service_kind, struct service_application, store_service_get, service_authz_object,
	 service_json);

/* R-SVC-1..4: a page of detail form 9 the caller may see. */
void api_services_list(struct ctx *c)
{
	struct authz_view view = ctx_list_view(c, ACT_SERVICE_VIEW);
	struct service_filter f = {0};
	struct service_list l = {0};
	struct page_req req;
	int64_t state = 0;
	int rc;

	if (ctx_authorize(c, ACT_HOME_VIEW, NULL, NULL) < 0 ||
	    api_query_int64(c, "unit_id", 1, INT64_MAX, &f.unit_id) < 0 ||
	    api_query_int64(c, "device_id", 1, INT64_MAX, &f.device_id) < 0 ||
	    api_query_int64(c, "state", 1, SERVICE__COUNT - 1, &state) < 0 ||
	    api_page_req(c, &req) < 0)
		return;
	f.state = (enum service_state)state;
	rc = store_service_list(c->app->store, &view, &f, &req, &l);
	if (rc < 0) {
		ctx_list_failed(c, rc, "services");
		return;
	}
	api_send_page(c, "services", &service_kind, ACT_SERVICE_VIEW, l.items,
		      l.n, &l.at);
	service_list_release(&l);
}

/* What detail form 9 applies for; the texts held in *held. */
struct request_text {
	char service[MM_SERVICE_NAME_MAX];
	char handle[MM_SERVICE_NAME_MAX];
	char purpose[MM_TEXT_MAX];
	int64_t device_id;
};

static int read_request(struct ctx *c, json_t *in, int required,
			struct request_text *t)
{
	if (api_int64(c, in, "device_id", required, &t->device_id) < 0 ||
	    api_text(c, in, "service", required, 64, t->service,
		     sizeof(t->service)) < 0 ||
	    api_text(c, in, "handle", required, 64, t->handle,
		     sizeof(t->handle)) < 0 ||
	    api_text(c, in, "purpose", required, 500, t->purpose,
		     sizeof(t->purpose)) < 0)
		return MM_EINVAL;
	return 0;
}

/* The device named; its open loan's unit is the application's unit. */
static int read_device(struct ctx *c, int64_t id, struct device *d)
{
	int rc = store_device_get(c->app->store, id, d);

	if (rc == MM_ENOTFOUND)
		return api_invalid(c, "device_id", "端末が見つかりません");
	if (rc < 0)
		ctx_fail(c, rc, NULL, NULL);
	return rc;
}

static int check_request(struct ctx *c, const struct request_text *t,
			 struct service_request *r)
{
	const char *why = NULL;

	*r = (struct service_request){ t->service, t->handle, t->device_id,
				       t->purpose };
	if (service_check_request(r, &why) < 0)
		return api_invalid(c, !t->service[0] ? "service" :
				   !t->handle[0] ? "handle" : "purpose", why);
	return 0;
}

static void send_service(struct ctx *c, int status, int64_t id)
{
	api_send_current(c, &service_kind, id, status);
}

static const char *rule_message(int rc)
{
	return rc == MM_ERULE ? "この端末は所属に貸し出されていません" : NULL;
}

void api_services_create(struct ctx *c)
{
	struct request_text t;
	struct service_request r;
	struct authz_object o = {0};
	struct authz_grant g;
	struct service_application x;
	struct device d;
	struct actor act;
	json_t *in;
	int rc;

	memset(&t, 0, sizeof(t));
	if (!c->who) {
		ctx_authorize(c, ACT_SERVICE_APPLY, NULL, NULL);
		return;
	}
	if (api_body(c, create_fields, &in) < 0)
		return;
	rc = read_request(c, in, 1, &t);
	json_decref(in);
	if (rc == 0)
		rc = read_device(c, t.device_id, &d);
	if (rc == 0) {
		/* R-SVC-1: the assistant of the unit holding the device */
		o.unit_id = d.unit_id;
		rc = ctx_authorize(c, ACT_SERVICE_APPLY, &o, &g);
	}
	if (rc == 0)
		rc = check_request(c, &t, &r);
	if (rc < 0)
		return;
	act = ctx_actor(c, &g);
	rc = store_service_apply(c->app->store, &act, d.unit_id, &r, &x);
	if (rc < 0) {
		ctx_fail(c, rc, rule_message(rc), rc == MM_ERULE ? "device_id" : NULL);
		return;
	}
	send_service(c, 201, x.id);
}

static int load_for(struct ctx *c, enum action act,
		    struct service_application *x, struct authz_grant *g)
{
	return api_load_path(c, &service_kind, act, x, g);
}

void api_services_get(struct ctx *c)
{
	struct service_application x;

	if (load_for(c, ACT_SERVICE_VIEW, &x, NULL) < 0)
		return;
	api_send(c, 200, service_json(&x));
}

/* The step's order, by the role authz granted (answers 409 when not). */
static int check_step(struct ctx *c, const struct service_application *x,
		      enum service_event ev, const struct authz_grant *g)
{
	int rc = service_step_allowed(x->state, ev, g->role);

	if (rc == MM_EDENIED) {
		ctx_fail(c, rc, NULL, NULL);
		return rc;
	}
	if (rc < 0)
		return api_refuse_state(c, "申請", service_state_label(x->state),
					service_event_label(ev));
	return 0;
}

/* Fills the fields absent from the body with the old application's. */
static void keep_unchanged(struct request_text *t,
			   const struct service_application *x)
{
	if (!t->device_id)
		t->device_id = x->device_id;
	if (!t->service[0])
		memcpy(t->service, x->service, sizeof(t->service));
	if (!t->handle[0])
		memcpy(t->handle, x->handle, sizeof(t->handle));
	if (!t->purpose[0])
		memcpy(t->purpose, x->purpose, sizeof(t->purpose));
}

void api_services_change(struct ctx *c)
{
	struct request_text t;
	struct service_request r, old;
	struct service_application x, n;
	struct authz_grant g;
	struct actor act;
	int64_t version = 0;
	json_t *in;
	int rc;

	memset(&t, 0, sizeof(t));
	if (load_for(c, ACT_SERVICE_APPLY, &x, &g) < 0 ||
	    api_body(c, change_fields, &in) < 0)
		return;
	rc = api_int64(c, in, "version", 1, &version);
	if (rc == 0)
		rc = read_request(c, in, 0, &t);
	json_decref(in);
	if (rc < 0)
		return;
	keep_unchanged(&t, &x);
	if (check_request(c, &t, &r) < 0)
		return;
	old = (struct service_request){ x.service, x.handle, x.device_id,
					x.purpose };
	if (!service_changed(&old, &r)) {
		api_invalid(c, "", "変更する内容がありません");
		return;
	}
	if (!service_in_force(x.state)) {
		api_refuse_state(c, "申請", service_state_label(x.state), "変更");
		return;
	}
	act = ctx_actor(c, &g);
	rc = store_service_change(c->app->store, &act, x.id, version, &r, &n);
	if (rc < 0) {
		ctx_fail(c, rc, rule_message(rc), rc == MM_ERULE ? "device_id" : NULL);
		return;
	}
	send_service(c, 201, n.id);
}

/* A step with a version and, per fields, one optional or required text. */
static void step(struct ctx *c, enum action a, enum service_event ev,
		 const char *const *fields, const char *text_key, int must)
{
	char text[MM_TEXT_MAX] = "";
	struct service_application x;
	struct authz_grant g;
	struct actor act;
	int64_t version = 0;
	json_t *in;
	int rc;

	if (load_for(c, a, &x, &g) < 0 || api_body(c, fields, &in) < 0)
		return;
	rc = api_int64(c, in, "version", 1, &version);
	if (rc == 0 && text_key)
		rc = api_text(c, in, text_key, must, 500, text, sizeof(text));
	json_decref(in);
	if (rc < 0 || check_step(c, &x, ev, &g) < 0)
		return;
	act = ctx_actor(c, &g);
	rc = store_service_step(c->app->store, &act, x.id, version, ev, text);
	if (rc < 0)
		ctx_fail(c, rc, NULL, NULL);
	else
		send_service(c, 200, x.id);
}

void api_services_permit(struct ctx *c)
{
	step(c, ACT_SERVICE_PERMIT, SERVICE_EV_PERMIT, version_fields, NULL, 0);
}

void api_services_refuse(struct ctx *c)
{
	step(c, ACT_SERVICE_PERMIT, SERVICE_EV_REFUSE, refuse_fields, "reason", 1);
}

void api_services_forward(struct ctx *c)
{
	step(c, ACT_SERVICE_FORWARD, SERVICE_EV_FORWARD, version_fields, NULL, 0);
}

void api_services_withdraw(struct ctx *c)
{
	step(c, ACT_SERVICE_APPLY, SERVICE_EV_WITHDRAW, version_fields, NULL, 0);
}

void api_services_delete(struct ctx *c)
{
	step(c, ACT_SERVICE_APPLY, SERVICE_EV_DELETE, delete_fields, "note", 0);
}

void api_services_measures(struct ctx *c)
{
	char measures[MM_TEXT_MAX] = "";
	struct service_application x;
	struct authz_grant g;
	struct actor act;
	int64_t version = 0;
	int by_mgr = 0, by_gm = 0;
	const char *why = NULL;
	json_t *in;
	int rc;

	if (load_for(c, ACT_SERVICE_MEASURES, &x, &g) < 0 ||
	    api_body(c, measures_fields, &in) < 0)
		return;
	rc = api_int64(c, in, "version", 1, &version);
	if (rc == 0)
		rc = api_text(c, in, "measures", 1, 1000, measures,
			      sizeof(measures));
	if (rc == 0)
		rc = api_bool(c, in, "agreed_with_manager", 1, &by_mgr);
	if (rc == 0)
		rc = api_bool(c, in, "agreed_with_general_manager", 1, &by_gm);
	json_decref(in);
	/* R-SVC-2: agreed with the manager and the general manager */
	if (rc == 0 && service_check_measures(measures, by_mgr, by_gm, &why) < 0)
		rc = api_invalid(c, !by_mgr ? "agreed_with_manager" :
				 "agreed_with_general_manager", why);
	if (rc < 0 || check_step(c, &x, SERVICE_EV_RECORD_MEASURES, &g) < 0)
		return;
	act = ctx_actor(c, &g);
	rc = store_service_record_measures(c->app->store, &act, x.id, version,
					   measures, by_mgr, by_gm);
	if (rc < 0)
		ctx_fail(c, rc, NULL, NULL);
	else
		send_service(c, 200, x.id);
}

void api_services_acknowledge(struct ctx *c)
{
	struct service_application x;
	struct authz_grant g;
	struct actor act;
	int64_t version = 0;
	json_t *in;
	int rc;

	/* R-SVC-4: the report goes to the unit's manager */
	if (load_for(c, ACT_SERVICE_PERMIT, &x, &g) < 0 ||
	    api_body(c, version_fields, &in) < 0)
		return;
	rc = api_int64(c, in, "version", 1, &version);
	json_decref(in);
	if (rc < 0)
		return;
	if (x.state != SERVICE_DELETED || x.deletion_ack_at) {
		api_refuse_state(c, "申請", service_state_label(x.state),
				 "削除報告の確認");
		return;
	}
	act = ctx_actor(c, &g);
	rc = store_service_ack_deletion(c->app->store, &act, x.id, version);
	if (rc < 0)
		ctx_fail(c, rc, NULL, NULL);
	else
		send_service(c, 200, x.id);
}
