#include "applications.h"

#include <stdio.h>
#include <string.h>

#include "core/application.h"
#include "core/loan.h"
#include "core/policy.h"
#include "core/validate.h"
#include "lib/err.h"
#include "json_in.h"
#include "json_out.h"
#include "lending.h"
#include "api.h"
#include "app/objects.h"
#include "steps.h"
#include "lib/banned.h"

API_KIND(application_kind, struct borrow_application, store_application_get, application_authz_object,
	 api_application_json);

static const char *const create_fields[] = {"kind", "unit_id", "loan_id",
	"device_id", "consulted_on", "consulted_with", "consultation",
	"start", "due", "purpose", NULL};
static const char *const decide_fields[] = {"version", "reason",
	"exception_reason", NULL};

/* R-DEV-2: a page of form 3 the caller may see. */
void api_applications_list(struct ctx *c)
{
	struct authz_view view = ctx_list_view(c, ACT_APPLICATION_VIEW);
	struct application_list l = {0};
	enum application_state state = APPLICATION_NONE;
	const char *state_key = http_query(c->req, "state");
	struct page_req req;
	int64_t unit_id = 0;
	int rc;

	if (ctx_authorize(c, ACT_HOME_VIEW, NULL, NULL) < 0 ||
	    api_query_int64(c, "unit_id", 1, INT64_MAX, &unit_id) < 0)
		return;
	if (state_key &&
	    (state = application_state_from_key(state_key)) == APPLICATION_NONE) {
		api_error(c, 400, "bad_request", "unknown state", "state");
		return;
	}
	if (api_page_req(c, &req) < 0)
		return;
	rc = store_application_list(c->app->store, &view, unit_id, state, &req,
				    &l);
	if (rc < 0) {
		ctx_list_failed(c, rc, "applications");
		return;
	}
	api_send_page(c, "applications", &application_kind,
		      ACT_APPLICATION_VIEW, l.items, l.n, &l.at);
	application_list_release(&l);
}

/*
 * The kind, and for an extension the loan it extends (which fixes the
 * unit and the current due date); 0 or the error after answering.
 */
static int read_kind(struct ctx *c, json_t *in, struct borrow_application *a,
		     struct loan *loan)
{
	const char *kind = NULL;
	int64_t unit_id = 0;
	int rc;

	if (api_string(c, in, "kind", 0, &kind) < 0 ||
	    api_int64(c, in, "unit_id", 0, &unit_id) < 0 ||
	    api_int64(c, in, "loan_id", 0, &a->loan_id) < 0)
		return MM_EINVAL;
	a->kind = kind ? application_kind_from_key(kind) : APPLICATION_KIND_NEW;
	if (a->kind == APPLICATION_KIND_NONE)
		return api_invalid(c, "kind", "種別は new か extension です");
	a->unit_id = unit_id ? unit_id : c->who->unit_id;
	if (a->kind == APPLICATION_KIND_NEW) {
		if (a->loan_id)
			return api_invalid(c, "loan_id",
					   "新規の申請に貸出は指定できません");
		return 0;
	}
	/* R-DEV-8: an extension is of one open loan of the unit. */
	if (!a->loan_id)
		return api_invalid(c, "loan_id", "延長する貸出を指定してください");
	rc = store_loan_get(c->app->store, a->loan_id, loan);
	if (rc == MM_ENOTFOUND)
		return api_invalid(c, "loan_id", "貸出が見つかりません");
	if (rc < 0) {
		ctx_fail(c, rc, NULL, NULL);
		return rc;
	}
	if (unit_id && unit_id != loan->unit_id)
		return api_invalid(c, "unit_id", "貸出先の所属と違います");
	a->unit_id = loan->unit_id;
	a->start = loan->due;
	return 0;
}

static int read_consultation(struct ctx *c, json_t *in,
			     struct borrow_application *a)
{
	struct civil_date today;
	const char *why = NULL;

	if (api_date(c, in, "consulted_on", 1, &a->consulted_on, NULL) < 0 ||
	    api_text(c, in, "consulted_with", 1, 64, a->consulted_with,
		     sizeof(a->consulted_with)) < 0 ||
	    api_text(c, in, "consultation", 1, 500, a->consultation,
		     sizeof(a->consultation)) < 0 ||
	    api_today(c, &today) < 0)
		return MM_EINVAL;
	/* R-DEV-2: the consultation comes before the application. */
	if (application_check_consultation(&a->consulted_on, &today, &why) < 0)
		return api_invalid(c, "consulted_on", why);
	return 0;
}

/*
 * The period: malformed (due before start, or not after the current due
 * of an extension) is 422; over the limit is left to the general manager.
 */
static int read_period(struct ctx *c, json_t *in, struct borrow_application *a,
		       const struct loan *loan)
{
	const struct policy *p = policy_default();
	const char *why = NULL;
	int rc;

	if ((a->kind == APPLICATION_KIND_NEW &&
	     api_date(c, in, "start", 1, &a->start, NULL) < 0) ||
	    api_date(c, in, "due", 1, &a->due, NULL) < 0 ||
	    api_text(c, in, "purpose", 1, 500, a->purpose,
		     sizeof(a->purpose)) < 0)
		return MM_EINVAL;
	if (a->kind == APPLICATION_KIND_NEW)
		rc = loan_check_period(p, &a->start, &a->due, NULL, &why);
	else
		rc = loan_check_extension(p, &loan->due, &a->due, NULL, &why);
	if (rc == MM_EINVAL)
		return api_invalid(c, "due", why);
	return 0;
}

static int read_device_wanted(struct ctx *c, json_t *in,
			      struct borrow_application *a)
{
	struct device d;
	int rc;

	if (api_int64(c, in, "device_id", 0, &a->device_id) < 0)
		return MM_EINVAL;
	if (!a->device_id)
		return 0;
	rc = store_device_get(c->app->store, a->device_id, &d);
	if (rc == MM_ENOTFOUND)
		return api_invalid(c, "device_id", "端末が見つかりません");
	if (rc < 0)
		ctx_fail(c, rc, NULL, NULL);
	return rc;
}

void api_applications_create(struct ctx *c)
{
	struct borrow_application a;
	struct authz_object o;
	struct authz_grant g;
	struct loan loan;
	struct actor act;
	json_t *in;
	int rc;

	memset(&a, 0, sizeof(a));
	memset(&loan, 0, sizeof(loan));
	if (!c->who) {
		ctx_authorize(c, ACT_APPLICATION_CREATE, NULL, NULL);
		return;
	}
	if (api_body(c, create_fields, &in) < 0)
		return;
	rc = read_kind(c, in, &a, &loan);
	if (rc == 0) {
		/* R-DEV-2: the manager of the borrowing unit applies. */
		o = (struct authz_object){ .unit_id = a.unit_id };
		rc = ctx_authorize(c, ACT_APPLICATION_CREATE, &o, &g);
	}
	if (rc == 0 && a.kind == APPLICATION_KIND_EXTENSION && !loan_open(loan.state))
		rc = api_refuse_state(c, "貸出", loan_state_label(loan.state),
				      "延長");
	if (rc == 0)
		rc = read_consultation(c, in, &a);
	if (rc == 0)
		rc = read_period(c, in, &a, &loan);
	if (rc == 0)
		rc = read_device_wanted(c, in, &a);
	json_decref(in);
	if (rc < 0)
		return;
	act = ctx_actor(c, &g);
	rc = store_application_create(c->app->store, &act, &a);
	if (rc == 0)
		rc = store_application_get(c->app->store, a.id, &a);
	if (rc < 0) {
		ctx_fail(c, rc, NULL, NULL);
		return;
	}
	api_send(c, 201, api_application_json(&a));
}

static int load_application(struct ctx *c, enum action act,
			    struct borrow_application *a, struct authz_grant *g)
{
	return api_load_path(c, &application_kind, act, a, g);
}

void api_applications_get(struct ctx *c)
{
	struct borrow_application a;

	if (load_application(c, ACT_APPLICATION_VIEW, &a, NULL) < 0)
		return;
	api_send(c, 200, api_application_json(&a));
}

/*
 * R-DEV-2, R-DEV-8: approving a period over the limit needs the general
 * manager's recorded reason; the same rule as at application, now with
 * the exception_reason given.
 */
static int check_approval(struct ctx *c, const struct borrow_application *a,
			  const char *exception_reason)
{
	const struct policy *p = policy_default();
	const char *why = NULL;
	struct loan loan;
	int rc;

	if (a->kind == APPLICATION_KIND_NEW) {
		rc = loan_check_period(p, &a->start, &a->due, exception_reason,
				       &why);
	} else {
		rc = store_loan_get(c->app->store, a->loan_id, &loan);
		if (rc < 0) {
			ctx_fail(c, rc, NULL, NULL);
			return rc;
		}
		if (!loan_open(loan.state))
			return api_refuse_state(c, "貸出",
						loan_state_label(loan.state),
						"延長");
		rc = loan_check_extension(p, &loan.due, &a->due,
					  exception_reason, &why);
	}
	if (rc == MM_ERULE)
		ctx_fail(c, rc, why, "exception_reason");
	else if (rc < 0)
		ctx_fail(c, rc, why, "due");
	return rc;
}

struct decision {
	int64_t version;
	char reason[MM_TEXT_MAX];
	char exception_reason[MM_TEXT_MAX];
};

static int read_decision(struct ctx *c, enum application_event ev,
			 struct decision *d)
{
	const char *why = NULL;
	json_t *in;
	int rc;

	if (api_body(c, decide_fields, &in) < 0)
		return MM_EINVAL;
	rc = api_int64(c, in, "version", 1, &d->version);
	if (rc == 0)
		rc = api_text(c, in, "reason", 0, 500, d->reason,
			      sizeof(d->reason));
	if (rc == 0)
		rc = api_text(c, in, "exception_reason", 0, 500,
			      d->exception_reason, sizeof(d->exception_reason));
	json_decref(in);
	if (rc == 0 && ev == APPLICATION_EV_WITHDRAW && d->exception_reason[0])
		rc = api_invalid(c, "exception_reason",
				 "取下げには指定できません");
	if (rc == 0 && ev != APPLICATION_EV_WITHDRAW &&
	    application_check_decision(ev, d->reason, &why) < 0)
		rc = api_invalid(c, "reason", why);
	return rc;
}

static void decide(struct ctx *c, enum action act, enum application_event ev)
{
	struct borrow_application a;
	enum application_state next;
	struct decision d;
	struct authz_grant g;
	struct actor who;
	int rc;

	memset(&d, 0, sizeof(d));
	if (load_application(c, act, &a, &g) < 0 ||
	    read_decision(c, ev, &d) < 0)
		return;
	if (application_transition(a.state, ev, &next) < 0) {
		api_refuse_state(c, "申請", application_state_label(a.state),
				 application_event_label(ev));
		return;
	}
	if (ev == APPLICATION_EV_APPROVE &&
	    check_approval(c, &a, d.exception_reason) < 0)
		return;
	who = ctx_actor(c, &g);
	rc = store_application_decide(c->app->store, &who, a.id, d.version, ev,
				      d.reason, d.exception_reason);
	if (rc == 0)
		rc = store_application_get(c->app->store, a.id, &a);
	if (rc < 0) {
		ctx_fail(c, rc, NULL, NULL);
		return;
	}
	api_send(c, 200, api_application_json(&a));
}

void api_applications_approve(struct ctx *c)
{
	decide(c, ACT_APPLICATION_DECIDE, APPLICATION_EV_APPROVE);
}

void api_applications_refuse(struct ctx *c)
{
	decide(c, ACT_APPLICATION_DECIDE, APPLICATION_EV_REFUSE);
}

void api_applications_withdraw(struct ctx *c)
{
	decide(c, ACT_APPLICATION_WITHDRAW, APPLICATION_EV_WITHDRAW);
}
