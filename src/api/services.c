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
#include "record_json.h"
#include "core/records.h"
#include "lib/banned.h"

static const char *const create_fields[] = {"device_id", "service", "handle",
	"purpose", NULL};
static const char *const change_fields[] = {"version", "device_id",
	"service", "handle", "purpose", NULL};



/* The device named; its open loan's unit is the application's unit. */
static int read_device(struct ctx *c, int64_t id, struct device *d)
{
	int rc = store_device_get(c->app->store, id, &c->pool, d);

	if (rc == MM_ENOTFOUND)
		return api_invalid(c, "device_id", MM_SERVICE_NO_DEVICE_MSG);
	if (rc < 0)
		ctx_fail(c, rc, NULL, NULL);
	return rc;
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
	struct service_request r;
	struct authz_object o = {0};
	struct authz_grant g;
	struct service_application x;
	struct device d;
	struct actor act;
	json_t *in;
	int rc;

	memset(&x, 0, sizeof(x));
	if (!c->who) {
		ctx_authorize(c, ACT_SERVICE_APPLY, NULL, NULL);
		return;
	}
	if (api_body(c, create_fields, &in) < 0)
		return;
	/* R-SVC-1: what is applied for, as the web form reads it */
	rc = api_record_read(c, in, &service_record, &x, RECORD_CREATE);
	json_decref(in);
	if (rc == 0)
		rc = read_device(c, x.device_id, &d);
	if (rc == 0) {
		/* R-SVC-1: the assistant of the unit holding the device */
		o.unit_id = d.unit_id;
		rc = ctx_authorize(c, ACT_SERVICE_APPLY, &o, &g);
	}
	if (rc < 0)
		return;
	r = service_request_of(&x);
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

void api_services_change(struct ctx *c)
{
	struct service_request r, old;
	struct service_application x, n;
	struct authz_grant g;
	struct actor act;
	const char *why = NULL;
	int64_t version = 0;
	json_t *in;
	int rc;

	if (load_for(c, ACT_SERVICE_APPLY, &x, &g) < 0 ||
	    api_body(c, change_fields, &in) < 0)
		return;
	/* R-SVC-3: what the body changes; the rest as the old application */
	n = x;
	rc = api_int64(c, in, "version", 1, &version);
	if (rc == 0)
		rc = api_record_read(c, in, &service_record, &n, RECORD_UPDATE);
	json_decref(in);
	if (rc < 0)
		return;
	old = service_request_of(&x);
	r = service_request_of(&n);
	if (service_check_change(&old, &r, &why) < 0) {
		api_invalid(c, "", why);
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
