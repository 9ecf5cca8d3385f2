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
static const char *const approve_fields[] = {"version", "scope",
	"valid_from", "valid_until", NULL};
static const char *const end_fields[] = {"version", "reason", NULL};

static json_t *exception_json(const struct security_exception *e)
{
	return api_record_json(&exception_record, e);
}

API_KIND(exception_kind, struct security_exception, store_exception_get, exception_authz_object,
	 exception_json);

static int query_state(struct ctx *c, enum exception_state *out)
{
	const char *v = http_query(c->req, "state");

	*out = EXCEPTION_NONE;
	if (!v)
		return 0;
	*out = exception_state_from_key(v);
	if (*out == EXCEPTION_NONE)
		return api_unknown_state(c);
	return 0;
}

/* R-EXC-1..3: a page of detail form 12 the caller may see. */
void api_exceptions_list(struct ctx *c)
{
	struct authz_view view = ctx_list_view(c, ACT_EXCEPTION_VIEW);
	struct exception_list l = {0};
	enum exception_state st;
	struct page_req req;
	int rc;

	if (ctx_authorize(c, ACT_EXCEPTION_VIEW, NULL, NULL) < 0 ||
	    query_state(c, &st) < 0 || api_page_req(c, &req) < 0)
		return;
	rc = store_exception_list(c->app->store, &view, st, &req, &l);
	if (rc < 0) {
		ctx_list_failed(c, rc, "exceptions");
		return;
	}
	api_send_page(c, "exceptions", &exception_kind, ACT_EXCEPTION_VIEW,
		      l.items, l.n, &l.at);
	exception_list_release(&l);
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

/* R-EXC-1..3: each approval records its scope and period. */
static int read_approval(struct ctx *c, int64_t *version,
			 struct exception_approval *a)
{
	json_t *in;
	int rc;

	if (api_body(c, approve_fields, &in) < 0)
		return MM_EINVAL;
	rc = api_int64(c, in, "version", 1, version);
	if (rc == 0)
		rc = api_record_read(c, in, &exception_approval_record, a,
				     RECORD_CREATE);
	json_decref(in);
	return rc;
}

void api_exceptions_approve(struct ctx *c)
{
	struct security_exception e;
	struct exception_approval a;
	struct authz_grant g;
	struct actor act;
	int64_t version = 0;
	int rc;

	memset(&a, 0, sizeof(a));
	if (load_exception(c, ACT_EXCEPTION_DECIDE, &e, &g) < 0 ||
	    check_step(c, e.state, EXCEPTION_EV_APPROVE, g.role) < 0 ||
	    read_approval(c, &version, &a) < 0)
		return;
	act = ctx_actor(c, &g);
	rc = store_exception_approve(c->app->store, &act, e.id, version,
				     a.scope, &a.valid_from, &a.valid_until);
	if (rc < 0) {
		ctx_fail(c, rc, NULL, NULL);
		return;
	}
	send_exception(c, 200, e.id);
}

static void end(struct ctx *c, enum action action, enum exception_event ev)
{
	struct exception_end r = { "" };
	struct security_exception e;
	struct authz_grant g;
	struct actor act;
	const char *why = NULL;
	int64_t version = 0;
	json_t *in = NULL;
	int rc;

	if (load_exception(c, action, &e, &g) < 0 ||
	    check_step(c, e.state, ev, g.role) < 0 ||
	    api_body(c, end_fields, &in) < 0)
		return;
	rc = api_int64(c, in, "version", 1, &version);
	/* a refusal and a revocation say why; a withdrawal need not */
	if (rc == 0)
		rc = api_record_read(c, in, ev == EXCEPTION_EV_WITHDRAW ?
				     &exception_withdrawal_record :
				     &exception_end_record, &r, RECORD_CREATE);
	json_decref(in);
	if (rc == 0 && exception_check_end(ev, r.reason, &why) < 0)
		rc = api_invalid(c, "reason", why);
	if (rc < 0)
		return;
	act = ctx_actor(c, &g);
	rc = store_exception_end(c->app->store, &act, e.id, version, ev,
				 r.reason);
	if (rc < 0) {
		ctx_fail(c, rc, NULL, NULL);
		return;
	}
	send_exception(c, 200, e.id);
}

void api_exceptions_refuse(struct ctx *c)
{
	end(c, ACT_EXCEPTION_DECIDE, EXCEPTION_EV_REFUSE);
}

void api_exceptions_revoke(struct ctx *c)
{
	end(c, ACT_EXCEPTION_DECIDE, EXCEPTION_EV_REVOKE);
}

void api_exceptions_withdraw(struct ctx *c)
{
	end(c, ACT_EXCEPTION_APPLY, EXCEPTION_EV_WITHDRAW);
}
