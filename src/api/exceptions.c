#include "exceptions.h"

#include <stdio.h>
#include <string.h>

#include "core/exception.h"
#include "core/text.h"
#include "lib/err.h"
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

static const char *const create_fields[] = {"kind", "scope", "purpose", NULL};

static json_t *exception_json(const struct security_exception *e)
{
	return api_record_json(&exception_record, e);
}


static void send_exception(struct ctx *c, int status, int64_t id)
{
	api_send_current(c, &exception_kind, id, status);
}

/* The state machine's answer to a step in role (R-EXC-1..3). */
static int check_step(struct ctx *c, enum exception_state from,
		      enum exception_event ev, enum role role)
{
	enum exception_state next;
	int rc = exception_step(from, ev, role, &next);

	if (rc == MM_ESTATE)
		return api_refuse_state(c, "例外措置", exception_state_label(from),
					exception_event_label(ev));
	if (rc < 0)
		ctx_fail(c, rc, NULL, NULL);
	return rc;
}

/* R-EXC-1..3: what is applied for, as the web form reads it. */
static int read_application(struct ctx *c, struct security_exception *e)
{
	json_t *in;
	int rc;

	if (api_body(c, create_fields, &in) < 0)
		return MM_EINVAL;
	rc = api_record_read(c, in, &exception_record, e, RECORD_CREATE);
	json_decref(in);
	return rc;
}

void api_exceptions_create(struct ctx *c)
{
	struct security_exception e;
	struct authz_grant g;
	struct actor act;
	int rc;

	memset(&e, 0, sizeof(e));
	if (ctx_authorize(c, ACT_EXCEPTION_APPLY, NULL, &g) < 0 ||
	    check_step(c, EXCEPTION_NONE, EXCEPTION_EV_APPLY, g.role) < 0 ||
	    read_application(c, &e) < 0)
		return;
	act = ctx_actor(c, &g);
	rc = store_exception_apply(c->app->store, &act, &e);
	if (rc < 0) {
		ctx_fail(c, rc, NULL, NULL);
		return;
	}
	send_exception(c, 201, e.id);
}

static int load_exception(struct ctx *c, enum action act,
			  struct security_exception *e, struct authz_grant *g)
{
	return api_load_path(c, &exception_kind, act, e, g);
}

void api_exceptions_get(struct ctx *c)
{
	struct security_exception e;

	if (load_exception(c, ACT_EXCEPTION_VIEW, &e, NULL) < 0)
		return;
	api_send(c, 200, exception_json(&e));
}
