/*
 * steps.c - the generic parts of a step and the steps of each workflow.
 */
#include "steps.h"

#include "app.h"
#include "../core/breach.h"
#include "../core/designation.h"
#include "../core/exception.h"
#include "../core/loan.h"
#include "../core/service.h"
#include "../core/takeout.h"
#include "../core/records.h"
#include "../lib/err.h"
#include "../store/store_compliance.h"
#include "../store/store_designations.h"
#include "../store/store_devices.h"
#include "../lib/banned.h"

int step_event(const struct step *st, enum role role)
{
	return st->event_of ? st->event_of(role) : st->event;
}

const char *step_noun(const struct step *st)
{
	return st->noun ? st->noun : st->record->label;
}

int step_check(const struct step *st, const void *rec, enum role role,
	       const char **state_label, const char **event_label)
{
	const struct field_desc *f = record_field(st->record, "state");
	int state = f ? (int)field_int(f, rec) : 0;
	int event = step_event(st, role);
	int rc;

	if (state_label)
		*state_label = f ? field_choice_label(f, state) : "";
	if (event_label)
		*event_label = st->event_label(event);
	rc = st->allowed(state, event, role);
	if (rc == 0 && st->pending && !st->pending(rec))
		rc = MM_ESTATE;
	return rc;
}

int step_open_to(const struct principal *who, const struct step *st,
		 const struct authz_object *o, const void *rec)
{
	struct authz_grant g;

	return authz_check(who, st->act, o, &g) == 0 &&
	       step_check(st, rec, g.role, NULL, NULL) == 0;
}

size_t step_body_keys(const struct step *st, const char **keys)
{
	const struct record_desc *d = st->input;
	size_t n = 0;

	keys[n++] = "version";
	for (size_t i = 0; d && i < d->n_fields && n <= STEP_INPUT_MAX; i++)
		if (!(d->fields[i].flags & FIELD_SERVER))
			keys[n++] = d->fields[i].key;
	keys[n] = NULL;
	return n;
}

/* ---- breach reports (R-CMP-6) ---- */

/* Which acknowledgement the granted role gives. */
static int breach_ack_event(enum role role)
{
	return role == ROLE_IT_DIVISION_HEAD ? BREACH_EV_ACK_IT_HEAD
					     : BREACH_EV_ACK_GENERAL_MANAGER;
}

static int breach_allowed(int from, int event, enum role role)
{
	return breach_step_allowed((enum breach_state)from,
				   (enum breach_event)event, role);
}

static const char *breach_label(int event)
{
	return breach_event_label((enum breach_event)event);
}

static int breach_perform(struct store *s, const struct actor *a, int64_t id,
			  int64_t version, int event, const void *in)
{
	(void)in;
	return store_breach_step(s, a, id, version, (enum breach_event)event);
}

const struct step breach_forward_step = {
	.record = &breach_record, .act = ACT_BREACH_FORWARD,
	.event = BREACH_EV_FORWARD, .allowed = breach_allowed,
	.event_label = breach_label, .perform = breach_perform,
};

const struct step breach_forward_incident_step = {
	.record = &breach_record, .act = ACT_BREACH_FORWARD,
	.event = BREACH_EV_FORWARD_INCIDENT, .allowed = breach_allowed,
	.event_label = breach_label, .perform = breach_perform,
};

const struct step breach_acknowledge_step = {
	.record = &breach_record, .act = ACT_BREACH_ACK,
	.event_of = breach_ack_event, .allowed = breach_allowed,
	.event_label = breach_label, .perform = breach_perform,
};

/* ---- borrowing applications, form 3 (R-DEV-2, R-DEV-8) ---- */

static int application_allowed(int from, int event, enum role role)
{
	enum application_state next;

	(void)role;
	return application_transition((enum application_state)from,
				      (enum application_event)event, &next);
}

static const char *application_label(int event)
{
	return application_event_label((enum application_event)event);
}

int application_decision_facts(struct store *s,
			       const struct borrow_application *a,
			       enum application_event ev,
			       struct application_decision *d,
			       int *loan_state)
{
	struct loan loan;
	int rc;

	d->event = ev;
	d->kind = a->kind;
	d->from = a->start;
	d->due = a->due;
	if (ev != APPLICATION_EV_APPROVE ||
	    a->kind != APPLICATION_KIND_EXTENSION)
		return 0;
	rc = store_loan_get(s, a->loan_id, &loan);
	if (rc < 0)
		return rc;
	*loan_state = (int)loan.state;
	if (!loan_open(loan.state))
		return MM_ESTATE;
	d->from = loan.due;
	return 0;
}

/* The decision's facts; an extension of a loan no longer open is 409. */
static int application_facts(struct ctx *c, const void *rec, int event,
			     void *in)
{
	int loan_state = 0;
	int rc = application_decision_facts(c->app->store, rec,
					    (enum application_event)event, in,
					    &loan_state);

	if (rc == MM_ESTATE)
		return ctx_refuse_state(c, "貸出", loan_state_label(
						(enum loan_state)loan_state),
					"延長");
	if (rc < 0)
		ctx_fail(c, rc, NULL, NULL);
	return rc;
}

static int application_perform(struct store *s, const struct actor *a,
			       int64_t id, int64_t version, int event,
			       const void *in)
{
	const struct application_decision *d = in;

	return store_application_decide(s, a, id, version,
					(enum application_event)event,
					d->reason, d->exception_reason);
}

#define APPLICATION_STEP(action, ev)                                        \
	{ .record = &application_record, .noun = "申請", .act = action,     \
	  .event = ev, .allowed = application_allowed,                      \
	  .event_label = application_label,                                 \
	  .input = &application_decision_record,                            \
	  .input_size = sizeof(struct application_decision),                \
	  .facts = application_facts, .perform = application_perform }

const struct step application_approve_step =
	APPLICATION_STEP(ACT_APPLICATION_DECIDE, APPLICATION_EV_APPROVE);
const struct step application_refuse_step =
	APPLICATION_STEP(ACT_APPLICATION_DECIDE, APPLICATION_EV_REFUSE);
const struct step application_withdraw_step =
	APPLICATION_STEP(ACT_APPLICATION_WITHDRAW, APPLICATION_EV_WITHDRAW);

#undef APPLICATION_STEP

/* ---- loans, the lending register (R-DEV-4, R-DEV-9) ---- */

static int loan_allowed(int from, int event, enum role role)
{
	enum loan_state next;

	(void)role;
	return loan_transition((enum loan_state)from, (enum loan_event)event,
			       &next);
}

static const char *loan_label(int event)
{
	return loan_event_label((enum loan_event)event);
}

static int loan_receive(struct store *s, const struct actor *a, int64_t id,
			int64_t version, int event, const void *in)
{
	(void)event;
	return store_loan_receive(s, a, id, version, in);
}

const struct step loan_receive_step = {
	.record = &loan_record, .act = ACT_LOAN_RECEIVE,
	.event = LOAN_EV_RECEIVE, .allowed = loan_allowed,
	.event_label = loan_label, .input = &loan_training_record,
	.input_size = sizeof(struct training_record), .perform = loan_receive,
};

const struct step loan_return_step = {
	.record = &loan_record, .act = ACT_LOAN_RETURN,
	.event = LOAN_EV_SUBMIT_RETURN, .allowed = loan_allowed,
	.event_label = loan_label,
};

const struct step loan_close_step = {
	.record = &loan_record, .act = ACT_LOAN_CLOSE, .event = LOAN_EV_CLOSE,
	.allowed = loan_allowed, .event_label = loan_label,
};

/* ---- take-outs, detail form 1 (R-DEV-7) ---- */

static int takeout_allowed(int from, int event, enum role role)
{
	enum takeout_state next;

	(void)role;
	return takeout_transition((enum takeout_state)from,
				  (enum takeout_event)event, &next);
}

static const char *takeout_label(int event)
{
	return takeout_event_label((enum takeout_event)event);
}

/* A decision's rule weighs which it is (takeout_check_decision). */
static int takeout_decision_facts(struct ctx *c, const void *rec, int event,
				  void *in)
{
	(void)c;
	(void)rec;
	((struct takeout_decision *)in)->event = (enum takeout_event)event;
	return 0;
}

static int takeout_decide(struct store *s, const struct actor *a, int64_t id,
			  int64_t version, int event, const void *in)
{
	return store_takeout_decide(s, a, id, version,
				    (enum takeout_event)event,
				    ((const struct takeout_decision *)in)->reason);
}

static int takeout_report(struct store *s, const struct actor *a, int64_t id,
			  int64_t version, int event, const void *in)
{
	const struct takeout_report *r = in;

	(void)event;
	return store_takeout_report(s, a, id, version, r->no_loss_or_damage,
				    r->incident, r->results);
}

#define TAKEOUT_DECISION(action, ev)                                        \
	{ .record = &takeout_record, .act = action, .event = ev,            \
	  .allowed = takeout_allowed, .event_label = takeout_label,         \
	  .input = &takeout_decision_record,                                \
	  .input_size = sizeof(struct takeout_decision),                    \
	  .facts = takeout_decision_facts, .perform = takeout_decide }

const struct step takeout_permit_step =
	TAKEOUT_DECISION(ACT_TAKEOUT_DECIDE, TAKEOUT_EV_PERMIT);
const struct step takeout_refuse_step =
	TAKEOUT_DECISION(ACT_TAKEOUT_DECIDE, TAKEOUT_EV_REFUSE);
/* Only the officer who asked may withdraw the request. */
const struct step takeout_cancel_step =
	TAKEOUT_DECISION(ACT_TAKEOUT_REPORT, TAKEOUT_EV_CANCEL);

#undef TAKEOUT_DECISION

const struct step takeout_report_step = {
	.record = &takeout_record, .act = ACT_TAKEOUT_REPORT,
	.event = TAKEOUT_EV_REPORT, .allowed = takeout_allowed,
	.event_label = takeout_label, .input = &takeout_report_record,
	.input_size = sizeof(struct takeout_report), .perform = takeout_report,
};

/* ---- external services, detail form 9 (R-SVC-1..4) ---- */

/* The chain's order and the role whose turn it is (R-SVC-1, R-SVC-2). */
static int service_allowed(int from, int event, enum role role)
{
	return service_step_allowed((enum service_state)from,
				    (enum service_event)event, role);
}

static const char *service_label(int event)
{
	return service_event_label((enum service_event)event);
}

static int service_step_of(struct store *s, const struct actor *a,
			   int64_t id, int64_t version, int event,
			   const char *text)
{
	return store_service_step(s, a, id, version,
				  (enum service_event)event, text);
}

static int service_plain(struct store *s, const struct actor *a, int64_t id,
			 int64_t version, int event, const void *in)
{
	(void)in;
	return service_step_of(s, a, id, version, event, "");
}

static int service_refuse(struct store *s, const struct actor *a, int64_t id,
			  int64_t version, int event, const void *in)
{
	return service_step_of(s, a, id, version, event,
			       ((const struct service_refusal *)in)->reason);
}

static int service_delete(struct store *s, const struct actor *a, int64_t id,
			  int64_t version, int event, const void *in)
{
	return service_step_of(s, a, id, version, event,
			       ((const struct service_deletion *)in)->note);
}

static int service_measures(struct store *s, const struct actor *a,
			    int64_t id, int64_t version, int event,
			    const void *in)
{
	const struct service_measures *m = in;

	(void)event;
	return store_service_record_measures(s, a, id, version, m->measures,
					     m->agreed_with_manager,
					     m->agreed_with_general_manager);
}

#define SERVICE_STEP(action, ev, desc, T, fn)                               \
	{ .record = &service_record, .noun = "申請", .act = action,         \
	  .event = ev, .allowed = service_allowed,                          \
	  .event_label = service_label, .input = desc, .input_size = T,     \
	  .perform = fn }

const struct step service_permit_step = SERVICE_STEP(ACT_SERVICE_PERMIT,
	SERVICE_EV_PERMIT, NULL, 0, service_plain);
const struct step service_refuse_step = SERVICE_STEP(ACT_SERVICE_PERMIT,
	SERVICE_EV_REFUSE, &service_refusal_record,
	sizeof(struct service_refusal), service_refuse);
const struct step service_forward_step = SERVICE_STEP(ACT_SERVICE_FORWARD,
	SERVICE_EV_FORWARD, NULL, 0, service_plain);
/* R-SVC-2: agreed with the manager and the general manager */
const struct step service_measures_step = SERVICE_STEP(ACT_SERVICE_MEASURES,
	SERVICE_EV_RECORD_MEASURES, &service_measures_record,
	sizeof(struct service_measures), service_measures);
const struct step service_withdraw_step = SERVICE_STEP(ACT_SERVICE_APPLY,
	SERVICE_EV_WITHDRAW, NULL, 0, service_plain);
/* R-SVC-4 */
const struct step service_delete_step = SERVICE_STEP(ACT_SERVICE_APPLY,
	SERVICE_EV_DELETE, &service_deletion_record,
	sizeof(struct service_deletion), service_delete);

#undef SERVICE_STEP

/*
 * R-SVC-4: the report of a deletion goes to the unit's manager, once.
 * No event of the chain: a deleted application whose report is not yet
 * acknowledged.
 */
static int service_ack_allowed(int from, int event, enum role role)
{
	(void)event;
	(void)role;
	return from == SERVICE_DELETED ? 0 : MM_ESTATE;
}

static int service_ack_pending(const void *rec)
{
	return !((const struct service_application *)rec)->deletion_ack_at;
}

static const char *service_ack_label(int event)
{
	(void)event;
	return "削除報告の確認";
}

static int service_acknowledge(struct store *s, const struct actor *a,
			       int64_t id, int64_t version, int event,
			       const void *in)
{
	(void)event;
	(void)in;
	return store_service_ack_deletion(s, a, id, version);
}

const struct step service_acknowledge_step = {
	.record = &service_record, .noun = "申請", .act = ACT_SERVICE_PERMIT,
	.allowed = service_ack_allowed, .pending = service_ack_pending,
	.event_label = service_ack_label, .perform = service_acknowledge,
};

/* ---- security exceptions, detail form 12 (R-EXC-1..3) ---- */

static int exception_allowed(int from, int event, enum role role)
{
	enum exception_state next;

	return exception_step((enum exception_state)from,
			      (enum exception_event)event, role, &next);
}

static const char *exception_label(int event)
{
	return exception_event_label((enum exception_event)event);
}

static int exception_approve(struct store *s, const struct actor *a,
			     int64_t id, int64_t version, int event,
			     const void *in)
{
	const struct exception_approval *ap = in;

	(void)event;
	return store_exception_approve(s, a, id, version, ap->scope,
				       &ap->valid_from, &ap->valid_until);
}

/* Whether the ending says why depends on which it is (exception_check_end). */
static int exception_end_facts(struct ctx *c, const void *rec, int event,
			       void *in)
{
	(void)c;
	(void)rec;
	((struct exception_end *)in)->event = (enum exception_event)event;
	return 0;
}

static int exception_end(struct store *s, const struct actor *a, int64_t id,
			 int64_t version, int event, const void *in)
{
	return store_exception_end(s, a, id, version,
				   (enum exception_event)event,
				   ((const struct exception_end *)in)->reason);
}

#define EXCEPTION_END(action, ev, desc)                                     \
	{ .record = &exception_record, .noun = "例外措置", .act = action,   \
	  .event = ev, .allowed = exception_allowed,                        \
	  .event_label = exception_label, .input = desc,                    \
	  .input_size = sizeof(struct exception_end),                       \
	  .facts = exception_end_facts, .perform = exception_end }

const struct step exception_approve_step = {
	.record = &exception_record, .noun = "例外措置",
	.act = ACT_EXCEPTION_DECIDE, .event = EXCEPTION_EV_APPROVE,
	.allowed = exception_allowed, .event_label = exception_label,
	.input = &exception_approval_record,
	.input_size = sizeof(struct exception_approval),
	.perform = exception_approve,
};
const struct step exception_refuse_step = EXCEPTION_END(ACT_EXCEPTION_DECIDE,
	EXCEPTION_EV_REFUSE, &exception_end_record);
const struct step exception_revoke_step = EXCEPTION_END(ACT_EXCEPTION_DECIDE,
	EXCEPTION_EV_REVOKE, &exception_end_record);
const struct step exception_withdraw_step = EXCEPTION_END(ACT_EXCEPTION_APPLY,
	EXCEPTION_EV_WITHDRAW, &exception_withdrawal_record);

#undef EXCEPTION_END

/* ---- screenshots (R-EXC-3): a screenshot leaves the device once ---- */

static int screenshot_allowed(int from, int event, enum role role)
{
	enum screenshot_state next;

	(void)role;
	return screenshot_transition((enum screenshot_state)from,
				     (enum screenshot_event)event, &next);
}

static const char *screenshot_label(int event)
{
	return screenshot_event_label((enum screenshot_event)event);
}

static int screenshot_dispose(struct store *s, const struct actor *a,
			      int64_t id, int64_t version, int event,
			      const void *in)
{
	return store_screenshot_dispose(s, a, id, version,
					(enum screenshot_event)event,
					((const struct screenshot_disposal *)
					 in)->note);
}

#define SCREENSHOT_STEP(ev)                                                 \
	{ .record = &screenshot_record, .noun = "スクリーンショット",       \
	  .act = ACT_SCREENSHOT_RECORD, .event = ev,                        \
	  .allowed = screenshot_allowed, .event_label = screenshot_label,   \
	  .input = &screenshot_disposal_record,                             \
	  .input_size = sizeof(struct screenshot_disposal),                 \
	  .perform = screenshot_dispose }

const struct step screenshot_move_step = SCREENSHOT_STEP(SCREENSHOT_EV_MOVE);
const struct step screenshot_delete_step =
	SCREENSHOT_STEP(SCREENSHOT_EV_DELETE);

#undef SCREENSHOT_STEP

/* ---- designations, form 1 (R-ROLE-4, R-ROLE-5) ---- */

/* 運用管理者が指定する: the manager's steps, whichever role granted it. */
static int designation_allowed(int from, int event, enum role role)
{
	enum designation_state next;

	(void)role;
	return designation_step((enum designation_state)from,
				(enum designation_event)event, ROLE_MANAGER,
				&next);
}

static const char *designation_label(int event)
{
	return designation_event_label((enum designation_event)event);
}

static int designation_revoke(struct store *s, const struct actor *a,
			      int64_t id, int64_t version, int event,
			      const void *in)
{
	(void)event;
	return store_designation_revoke(s, a, id, version,
					((const struct designation_revocation *)
					 in)->reason);
}

/*
 * R-ROLE-4: the grounds are read over the designation (its role), on the
 * rank recorded for the user now.
 */
static int designation_facts(struct ctx *c, const void *rec, int event,
			     void *in)
{
	struct designation *d = in;
	struct user u;
	int rc;

	(void)event;
	*d = *(const struct designation *)rec;
	rc = store_user_get(c->app->store, d->user_id, &u);
	if (rc < 0) {
		ctx_fail(c, rc, NULL, NULL);
		return rc;
	}
	d->rank = u.rank;
	return 0;
}

static int designation_redesignate(struct store *s, const struct actor *a,
				   int64_t id, int64_t version, int event,
				   const void *in)
{
	struct designation_grounds g = designation_grounds_of(in);

	(void)event;
	return store_designation_redesignate(s, a, id, version, &g);
}

/*
 * MM_EINVAL is the rule failing on the rank the store read, which may
 * have changed since the facts were set: the rules run again on the rank
 * recorded now.  The others are the store's facts about the user.
 */
static int designation_explain(struct store *s, int rc, void *in,
			       const char **field, const char **why)
{
	struct designation *d = in;
	struct user u;

	(void)field;
	if (rc == MM_EINVAL && store_user_get(s, d->user_id, &u) == 0) {
		d->rank = u.rank;
		return 1;
	}
	if (rc == MM_EEXIST)
		*why = "この職員はこの役割に既に指定されています";
	else if (rc == MM_ERULE)
		*why = "所属の職員のみ指定できます";
	return 0;
}

const struct step designation_revoke_step = {
	.record = &designation_record, .noun = "指定",
	.act = ACT_DESIGNATION_MANAGE, .event = DESIGNATION_EV_REVOKE,
	.allowed = designation_allowed, .event_label = designation_label,
	.input = &designation_revoke_record,
	.input_size = sizeof(struct designation_revocation),
	.perform = designation_revoke,
};

const struct step designation_redesignate_step = {
	.record = &designation_record, .noun = "指定",
	.act = ACT_DESIGNATION_MANAGE, .event = DESIGNATION_EV_REDESIGNATE,
	.allowed = designation_allowed, .event_label = designation_label,
	.input = &designation_grounds_record,
	.input_size = sizeof(struct designation), .facts = designation_facts,
	.perform = designation_redesignate, .explain = designation_explain,
};
