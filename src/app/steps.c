/*
 * steps.c - the generic parts of a step and the steps of each workflow.
 */
#include "steps.h"

#include <string.h>

#include "app.h"
#include "../core/breach.h"
#include "../core/case.h"
#include "../core/designation.h"
#include "../core/exception.h"
#include "../core/loan.h"
#include "../core/photo.h"
#include "../core/meeting.h"
#include "../core/service.h"
#include "../core/takeout.h"
#include "../core/records.h"
#include "../lib/buf.h"
#include "../lib/err.h"
#include "../lib/pool.h"
#include "../store/store_cases.h"
#include "../store/store_compliance.h"
#include "../store/store_designations.h"
#include "../store/store_devices.h"
#include "../store/store_photos.h"
#include "../store/store_meetings.h"
#include "../lib/banned.h"

/* prefix_label - the label of a workflow's event, for struct step. */
#define STEP_EVENT_LABEL(prefix, event_t)                                   \
	static const char *prefix##_label(int event)                        \
	{                                                                   \
		return prefix##_event_label((event_t)event);                \
	}

/*
 * prefix_allowed and prefix_label of a workflow whose state machine
 * (prefix_transition) names no role: authz alone says who takes a step.
 */
#define STEP_TRANSITIONS(prefix, state_t, event_t)                          \
	static int prefix##_allowed(int from, int event, enum role role)    \
	{                                                                   \
		state_t next;                                               \
									    \
		(void)role;                                                 \
		return prefix##_transition((state_t)from, (event_t)event,   \
					   &next);                          \
	}                                                                   \
	STEP_EVENT_LABEL(prefix, event_t)

/*
 * STEP - a struct step of the workflow prefix (its prefix_allowed and
 * prefix_label) on the records rec describes; the other members follow
 * as designated initializers.
 */
#define STEP(prefix, rec, ...)                                              \
	{ .record = &(rec), .allowed = prefix##_allowed,                    \
	  .event_label = prefix##_label, __VA_ARGS__ }

/*
 * STEP_EVENT_FACTS - the facts hook name of an input T whose rules weigh
 * which step it is (its member event, an E).
 */
#define STEP_EVENT_FACTS(name, T, E)                                        \
	static int name(struct ctx *c, const void *rec, int event, void *in) \
	{                                                                   \
		((T *)in)->event = (E)event;                                \
		return 0;                                                   \
	}

/*
 * STEP_TEXT - the perform_text name of the store operation fn(s, a, id,
 * version, event as an event_t, text): the shape of most steps' store
 * calls.
 */
#define STEP_TEXT(name, fn, event_t)                                        \
	static int name(struct store *s, const struct actor *a, int64_t id, \
			int64_t version, int event, const char *text)       \
	{                                                                   \
		return fn(s, a, id, version, (event_t)event, text);         \
	}

/* STEP_INPUT - the members of a step's input: desc read into a T. */
#define STEP_INPUT(desc, T) .input = &(desc), .input_size = sizeof(T)

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

int ctx_check_step(struct ctx *c, const struct step *st, const void *rec,
		   enum role role)
{
	const char *state = "", *event = "", *why;
	const struct field_desc *f = record_field(st->record, "state");
	int rc = step_check(st, rec, role, &state, &event);

	if (rc == MM_ESTATE && st->state_why && f &&
	    (why = st->state_why((int)field_int(f, rec))) != NULL) {
		ctx_fail(c, MM_ERULE, why, NULL);
		return MM_ERULE;
	}
	if (rc == MM_ESTATE)
		return ctx_refuse_state(c, step_noun(st), state, event);
	if (rc < 0)
		ctx_fail(c, rc, NULL, NULL);
	return rc;
}

int step_perform(const struct step *st, struct store *s,
		 const struct actor *a, int64_t id, int64_t version, int event,
		 const void *in)
{
	const struct field_desc *f = st->text && in && st->input ?
		record_field(st->input, st->text) : NULL;

	if (st->perform)
		return st->perform(s, a, id, version, event, in);
	return st->perform_text(s, a, id, version, event,
				f ? field_text(f, in) : "");
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

STEP_EVENT_LABEL(breach, enum breach_event)

static int breach_perform(struct store *s, const struct actor *a, int64_t id,
			  int64_t version, int event, const char *text)
{
	(void)text;
	return store_breach_step(s, a, id, version, (enum breach_event)event);
}

const struct step breach_forward_step = STEP(breach, breach_record,
	.act = ACT_BREACH_FORWARD, .event = BREACH_EV_FORWARD,
	.perform_text = breach_perform);
const struct step breach_forward_incident_step = STEP(breach, breach_record,
	.act = ACT_BREACH_FORWARD, .event = BREACH_EV_FORWARD_INCIDENT,
	.perform_text = breach_perform);
const struct step breach_acknowledge_step = STEP(breach, breach_record,
	.act = ACT_BREACH_ACK, .event_of = breach_ack_event,
	.perform_text = breach_perform);
const struct step breach_report_step = STEP(breach, breach_record,
	.act = ACT_BREACH_REPORT, .event = BREACH_EV_REPORT);

/* ---- protective-contact cases (R-CASE-1, R-CASE-2) ---- */

STEP_TRANSITIONS(case, enum case_state, enum case_event)

/* R-CASE-1: judged high or not, the body says; one step, either event. */
static int case_triage(struct store *s, const struct actor *a, int64_t id,
		       int64_t version, int event, const void *in)
{
	(void)event;
	return store_case_triage(s, a, id, version, in);
}

static const char *case_triage_label(int event)
{
	(void)event;
	return "少年課の判断";
}

/* The judgement's check: the state allows either of its events. */
static int case_triage_allowed(int from, int event, enum role role)
{
	(void)event;
	return case_allowed(from, CASE_EV_TRIAGE_HIGH, role);
}

static int case_assign(struct store *s, const struct actor *a, int64_t id,
		       int64_t version, int event, const void *in)
{
	(void)event;
	return store_case_assign(s, a, id, version, in);
}

/* R-CASE-1: a case not judged high: the rule, not just its state. */
static const char *case_not_communicable(int from)
{
	const char *why = NULL;

	return case_check_communicable((enum case_state)from, &why) ? why
								    : NULL;
}

/* R-ROLE-5, R-DEV-6: which condition of the assignment was unmet. */
static int case_assign_explain(struct store *s, int rc, void *in,
			       const char **field, const char **why)
{
	if (rc == MM_ERULE &&
	    store_case_assignable(s, in, NULL, field, why) == MM_ERULE)
		return 0;
	if (rc == MM_ERULE)
		*why = "少年課が保護等の必要性が高いと判断した事案ではないため"
		       "交信することはできません";
	return 0;
}

/*
 * R-CASE-2: the message as it was really sent or received, never
 * refused for what it says; an outgoing one flagged by the check goes
 * with its finding.
 */
static int case_log(struct store *s, const struct actor *a, int64_t id,
		    int64_t version, int event, const void *in)
{
	struct case_message m = *(const struct case_message *)in;

	(void)version;
	(void)event;
	return store_case_log(s, a, id, &m, m.flagged, m.flag_detail);
}

/*
 * "label：term、term／label：term" of r's hits into b: what the assistant
 * reviews beside the message (the message holds the terms already).
 */
static void hits_text(struct buf *b, const struct msgcheck_result *r)
{
	const char *label = NULL;

	for (size_t i = 0; i < r->n_hits; i++) {
		const struct msgcheck_hit *h = &r->hits[i];

		if (!label || strcmp(label, h->label) != 0)
			buf_addf(b, "%s%s：", label ? "／" : "", h->label);
		else
			buf_adds(b, "、");
		buf_adds(b, h->term);
		label = h->label;
	}
}

/*
 * R-CASE-2: every outgoing message logged is checked against the policy
 * (a received one is not: the officer did not write it).  A flagged one
 * is still recorded, marked with its categories and terms, for the
 * review of the unit's assistant.  Without a policy, or for a text the
 * check cannot read, it is marked for review all the same: never
 * refused, never passed unchecked.
 */
static int case_log_check(struct ctx *c, void *in)
{
	struct case_message *m = in;
	struct msgcheck_result r = { 0 };
	struct buf b = BUF_INIT_MAX(MM_TEXT_MAX);
	int rc;

	m->flagged = 0;
	m->flag_detail = "";
	if (m->direction != CASE_DIR_SENT)
		return 0;
	if (c->app->msgcheck.n_categories == 0) {
		m->flagged = 1;
		m->flag_detail = "文面チェックの規則が読み込まれていないため未確認";
		return 0;
	}
	rc = msgcheck_run(&c->app->msgcheck, m->text ? m->text : "", &r);
	if (rc == MM_ENOMEM) {
		ctx_fail(c, rc, NULL, NULL);
		return rc;
	}
	if (rc < 0 || r.flagged) {
		m->flagged = 1;
		if (rc < 0)
			buf_adds(&b, "文面チェックができなかったため未確認");
		else
			hits_text(&b, &r);
		m->flag_detail = buf_error(&b) ? "（該当語が長すぎるため省略）"
			: pool_strdup(&c->pool, buf_cstr(&b));
		if (!m->flag_detail)
			m->flag_detail = "";
	}
	buf_release(&b);
	msgcheck_result_release(&r);
	return 0;
}

static int case_log_explain(struct store *s, int rc, void *in,
			    const char **field, const char **why)
{
	(void)s;
	(void)in;
	(void)field;
	if (rc == MM_ERULE)
		*why = "交信担当者の指定が解除されているため記録できません";
	return 0;
}

/* R-CASE-2: a flagged message's review, whatever the case's step. */
static int case_review_allowed(int from, int event, enum role role)
{
	(void)event;
	(void)role;
	return case_reviewable((enum case_state)from);
}

static const char *case_review_step_label(int event)
{
	(void)event;
	return "送信内容の確認";
}

static int case_review_pending(const void *rec)
{
	return ((const struct protect_case *)rec)->pending_reviews > 0;
}

static int case_review(struct store *s, const struct actor *a, int64_t id,
		       int64_t version, int event, const void *in)
{
	const struct case_review_note *r = in;

	(void)version;
	(void)event;
	return store_case_review(s, a, id, r->message_id, r->note);
}

static int case_review_explain(struct store *s, int rc, void *in,
			       const char **field, const char **why)
{
	(void)s;
	(void)in;
	if (rc == MM_EINVAL) {
		*field = "message_id";
		*why = "この事案の交信記録ではありません";
	} else if (rc == MM_ESTATE) {
		*field = "message_id";
		*why = "この交信記録は確認を待っていません";
	}
	return 0;
}

const struct step case_report_step = STEP(case, case_record,
	.act = ACT_CASE_REPORT, .event = CASE_EV_REPORT);
const struct step case_triage_step = {
	.record = &case_record, .act = ACT_CASE_TRIAGE,
	.event = CASE_EV_TRIAGE_HIGH, .allowed = case_triage_allowed,
	.event_label = case_triage_label,
	STEP_INPUT(case_triage_record, struct case_triage),
	.perform = case_triage,
};
const struct step case_assign_step = STEP(case, case_record,
	.act = ACT_CASE_ASSIGN, .event = CASE_EV_ASSIGN,
	STEP_INPUT(case_assignment_record, struct case_assignment),
	.perform = case_assign, .explain = case_assign_explain,
	.state_why = case_not_communicable);
const struct step case_log_step = STEP(case, case_record,
	.act = ACT_CASE_LOG, .event = CASE_EV_LOG,
	STEP_INPUT(case_message_record, struct case_message),
	.perform = case_log, .explain = case_log_explain,
	.state_why = case_not_communicable, .checked = case_log_check);
const struct step case_review_step = {
	.record = &case_record, .noun = "事案", .act = ACT_CASE_REVIEW,
	.allowed = case_review_allowed, .pending = case_review_pending,
	.event_label = case_review_step_label,
	STEP_INPUT(case_review_record, struct case_review_note),
	.perform = case_review, .explain = case_review_explain,
};

/* ---- staff face photos (R-PHOTO-2, R-PHOTO-3) ---- */

static int photo_approval_allowed(int from, int event, enum role role)
{
	return photo_approval_step_allowed((enum photo_approval_state)from,
					   (enum photo_approval_event)event,
					   role);
}

STEP_EVENT_LABEL(photo_approval, enum photo_approval_event)

static int photo_approval_perform(struct store *s, const struct actor *a,
				  int64_t id, int64_t version, int event,
				  const char *text)
{
	(void)text;
	return store_photo_approval_decide(s, a, id, version,
					   (enum photo_approval_event)event);
}

/* What store_photo_approval_apply's refusals mean (store_photos.h). */
static int photo_approval_explain(struct store *s, int rc, void *in,
				  const char **field, const char **why)
{
	(void)s;
	(void)in;
	*field = NULL;
	if (rc == MM_ENOTFOUND) {
		*field = "staff_id";
		*why = MM_PHOTO_STAFF_MSG;
	} else if (rc == MM_EEXIST) {
		*field = "device_id";
		*why = MM_PHOTO_DEVICE_MSG;
	} else if (rc == MM_ERULE) {
		*why = MM_PHOTO_NO_EXCEPTION_MSG;
	}
	return 0;
}

const struct step photo_approval_apply_step = STEP(photo_approval,
	photo_approval_record, .act = ACT_PHOTO_APPLY,
	.event = PHOTO_APPROVAL_EV_APPLY, .explain = photo_approval_explain);
const struct step photo_approval_approve_step = STEP(photo_approval,
	photo_approval_record, .act = ACT_PHOTO_DECIDE,
	.event = PHOTO_APPROVAL_EV_APPROVE,
	.perform_text = photo_approval_perform);
const struct step photo_approval_refuse_step = STEP(photo_approval,
	photo_approval_record, .act = ACT_PHOTO_DECIDE,
	.event = PHOTO_APPROVAL_EV_REFUSE,
	.perform_text = photo_approval_perform);

STEP_TRANSITIONS(photo, enum photo_state, enum photo_event)

static int photo_remove(struct store *s, const struct actor *a, int64_t id,
			int64_t version, int event, const char *text)
{
	(void)event;
	(void)text;
	return store_photo_remove(s, a, id, version);
}

const struct step photo_remove_step = STEP(photo, photo_record,
	.act = ACT_PHOTO_PROCESS, .event = PHOTO_EV_REMOVE,
	.perform_text = photo_remove);

/* ---- borrowing applications, form 3 (R-DEV-2, R-DEV-8) ---- */

STEP_TRANSITIONS(application, enum application_state, enum application_event)

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
	{
		/* Only the loan's state and due date are weighed: no text. */
		struct pool pool = POOL_INIT_MAX(0);

		rc = store_loan_get(s, a->loan_id, &pool, &loan);
		pool_release(&pool);
	}
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

/* A decision, read through application_decision_record. */
#define APPLICATION_DECISION .noun = "申請", .facts = application_facts,     \
	STEP_INPUT(application_decision_record, struct application_decision), \
	.perform = application_perform

const struct step application_approve_step = STEP(application,
	application_record, .act = ACT_APPLICATION_DECIDE,
	.event = APPLICATION_EV_APPROVE, APPLICATION_DECISION);
const struct step application_refuse_step = STEP(application,
	application_record, .act = ACT_APPLICATION_DECIDE,
	.event = APPLICATION_EV_REFUSE, APPLICATION_DECISION);
const struct step application_withdraw_step = STEP(application,
	application_record, .act = ACT_APPLICATION_WITHDRAW,
	.event = APPLICATION_EV_WITHDRAW, APPLICATION_DECISION);

#undef APPLICATION_DECISION

/* ---- loans, the lending register (R-DEV-4, R-DEV-9) ---- */

STEP_TRANSITIONS(loan, enum loan_state, enum loan_event)

static int loan_receive(struct store *s, const struct actor *a, int64_t id,
			int64_t version, int event, const void *in)
{
	(void)event;
	return store_loan_receive(s, a, id, version, in);
}

const struct step loan_receive_step = STEP(loan, loan_record,
	.act = ACT_LOAN_RECEIVE, .event = LOAN_EV_RECEIVE,
	STEP_INPUT(loan_training_record, struct training_record),
	.perform = loan_receive);
const struct step loan_return_step = STEP(loan, loan_record,
	.act = ACT_LOAN_RETURN, .event = LOAN_EV_SUBMIT_RETURN);
const struct step loan_close_step = STEP(loan, loan_record,
	.act = ACT_LOAN_CLOSE, .event = LOAN_EV_CLOSE);

/* ---- take-outs, detail form 1 (R-DEV-7) ---- */

STEP_TRANSITIONS(takeout, enum takeout_state, enum takeout_event)

/* A decision's rule weighs which it is (takeout_check_decision). */
STEP_EVENT_FACTS(takeout_decision_facts, struct takeout_decision,
		 enum takeout_event)

STEP_TEXT(takeout_decide, store_takeout_decide, enum takeout_event)

static int takeout_report(struct store *s, const struct actor *a, int64_t id,
			  int64_t version, int event, const void *in)
{
	const struct takeout_report *r = in;

	(void)event;
	return store_takeout_report(s, a, id, version, r->no_loss_or_damage,
				    r->incident, r->results);
}

/* A decision, read through takeout_decision_record. */
#define TAKEOUT_DECISION .facts = takeout_decision_facts,                   \
	STEP_INPUT(takeout_decision_record, struct takeout_decision),      \
	.perform_text = takeout_decide, .text = "reason"

const struct step takeout_permit_step = STEP(takeout, takeout_record,
	.act = ACT_TAKEOUT_DECIDE, .event = TAKEOUT_EV_PERMIT, TAKEOUT_DECISION);
const struct step takeout_refuse_step = STEP(takeout, takeout_record,
	.act = ACT_TAKEOUT_DECIDE, .event = TAKEOUT_EV_REFUSE, TAKEOUT_DECISION);
/* Only the officer who asked may withdraw the request. */
const struct step takeout_cancel_step = STEP(takeout, takeout_record,
	.act = ACT_TAKEOUT_REPORT, .event = TAKEOUT_EV_CANCEL, TAKEOUT_DECISION);
const struct step takeout_report_step = STEP(takeout, takeout_record,
	.act = ACT_TAKEOUT_REPORT, .event = TAKEOUT_EV_REPORT,
	STEP_INPUT(takeout_report_record, struct takeout_report),
	.perform = takeout_report);

#undef TAKEOUT_DECISION

/* ---- external services, detail form 9 (R-SVC-1..4) ---- */

/* The chain's order and the role whose turn it is (R-SVC-1, R-SVC-2). */
static int service_allowed(int from, int event, enum role role)
{
	return service_step_allowed((enum service_state)from,
				    (enum service_event)event, role);
}

STEP_EVENT_LABEL(service, enum service_event)

/* Every step of the chain but the measures: the event and its text. */
STEP_TEXT(service_step_of, store_service_step, enum service_event)

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

const struct step service_permit_step = STEP(service, service_record,
	.noun = "申請", .act = ACT_SERVICE_PERMIT, .event = SERVICE_EV_PERMIT,
	.perform_text = service_step_of);
const struct step service_refuse_step = STEP(service, service_record,
	.noun = "申請", .act = ACT_SERVICE_PERMIT, .event = SERVICE_EV_REFUSE,
	STEP_INPUT(service_refusal_record, struct service_refusal),
	.perform_text = service_step_of, .text = "reason");
const struct step service_forward_step = STEP(service, service_record,
	.noun = "申請", .act = ACT_SERVICE_FORWARD,
	.event = SERVICE_EV_FORWARD, .perform_text = service_step_of);
/* R-SVC-2: agreed with the manager and the general manager */
const struct step service_measures_step = STEP(service, service_record,
	.noun = "申請", .act = ACT_SERVICE_MEASURES,
	.event = SERVICE_EV_RECORD_MEASURES,
	STEP_INPUT(service_measures_record, struct service_measures),
	.perform = service_measures);
const struct step service_withdraw_step = STEP(service, service_record,
	.noun = "申請", .act = ACT_SERVICE_APPLY, .event = SERVICE_EV_WITHDRAW,
	.perform_text = service_step_of);
/* R-SVC-4 */
const struct step service_delete_step = STEP(service, service_record,
	.noun = "申請", .act = ACT_SERVICE_APPLY, .event = SERVICE_EV_DELETE,
	STEP_INPUT(service_deletion_record, struct service_deletion),
	.perform_text = service_step_of, .text = "note");

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

STEP_EVENT_LABEL(exception, enum exception_event)

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
STEP_EVENT_FACTS(exception_end_facts, struct exception_end,
		 enum exception_event)

STEP_TEXT(exception_end, store_exception_end, enum exception_event)

const struct step exception_approve_step = STEP(exception, exception_record,
	.noun = "例外措置", .act = ACT_EXCEPTION_DECIDE,
	.event = EXCEPTION_EV_APPROVE,
	STEP_INPUT(exception_approval_record, struct exception_approval),
	.perform = exception_approve);
const struct step exception_refuse_step = STEP(exception, exception_record,
	.noun = "例外措置", .act = ACT_EXCEPTION_DECIDE,
	.event = EXCEPTION_EV_REFUSE, .facts = exception_end_facts,
	STEP_INPUT(exception_end_record, struct exception_end),
	.perform_text = exception_end, .text = "reason");
const struct step exception_revoke_step = STEP(exception, exception_record,
	.noun = "例外措置", .act = ACT_EXCEPTION_DECIDE,
	.event = EXCEPTION_EV_REVOKE, .facts = exception_end_facts,
	STEP_INPUT(exception_end_record, struct exception_end),
	.perform_text = exception_end, .text = "reason");
const struct step exception_apply_step = STEP(exception, exception_record,
	.noun = "例外措置", .act = ACT_EXCEPTION_APPLY,
	.event = EXCEPTION_EV_APPLY);
/* the reason optional */
const struct step exception_withdraw_step = STEP(exception, exception_record,
	.noun = "例外措置", .act = ACT_EXCEPTION_APPLY,
	.event = EXCEPTION_EV_WITHDRAW, .facts = exception_end_facts,
	STEP_INPUT(exception_withdrawal_record, struct exception_end),
	.perform_text = exception_end, .text = "reason");

/* ---- screenshots (R-EXC-3): a screenshot leaves the device once ---- */

STEP_TRANSITIONS(screenshot, enum screenshot_state, enum screenshot_event)

STEP_TEXT(screenshot_dispose, store_screenshot_dispose,
	  enum screenshot_event)

const struct step screenshot_move_step = STEP(screenshot, screenshot_record,
	.noun = "スクリーンショット", .act = ACT_SCREENSHOT_RECORD,
	.event = SCREENSHOT_EV_MOVE,
	STEP_INPUT(screenshot_disposal_record, struct screenshot_disposal),
	.perform_text = screenshot_dispose, .text = "note");
const struct step screenshot_delete_step = STEP(screenshot, screenshot_record,
	.noun = "スクリーンショット", .act = ACT_SCREENSHOT_RECORD,
	.event = SCREENSHOT_EV_DELETE,
	STEP_INPUT(screenshot_disposal_record, struct screenshot_disposal),
	.perform_text = screenshot_dispose, .text = "note");

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

STEP_EVENT_LABEL(designation, enum designation_event)

static int designation_revoke(struct store *s, const struct actor *a,
			      int64_t id, int64_t version, int event,
			      const char *reason)
{
	(void)event;
	return store_designation_revoke(s, a, id, version, reason);
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

const struct step designation_revoke_step = STEP(designation,
	designation_record, .noun = "指定", .act = ACT_DESIGNATION_MANAGE,
	.event = DESIGNATION_EV_REVOKE,
	STEP_INPUT(designation_revoke_record, struct designation_revocation),
	.perform_text = designation_revoke, .text = "reason");
const struct step designation_redesignate_step = STEP(designation,
	designation_record, .noun = "指定", .act = ACT_DESIGNATION_MANAGE,
	.event = DESIGNATION_EV_REDESIGNATE, .facts = designation_facts,
	STEP_INPUT(designation_grounds_record, struct designation),
	.perform = designation_redesignate, .explain = designation_explain);

/* ---- meetings of protective contact cases (R-CASE-3..11) ---- */

static int meeting_allowed(int from, int event, enum role role)
{
	return meeting_step_allowed((enum meeting_state)from,
				    (enum meeting_event)event, role);
}

STEP_EVENT_LABEL(meeting, enum meeting_event)

STEP_TEXT(meeting_text_step, store_meeting_step, enum meeting_event)

/*
 * R-CASE-3, R-CASE-5: a report the store refused.  A case not the unit's
 * or not in communication, and staff outside the unit, are named;
 * otherwise the staff's sexes and roles as the server knows them go
 * into the report, whose rules run again (their fault - no female
 * officer for a person thought female - is the answer).
 */
static int meeting_report_explain(struct store *s, int rc, void *in,
				  const char **field, const char **why)
{
	if (rc != MM_ERULE)
		return 0;
	rc = store_meeting_check(s, in, field, why);
	return rc == 0;
}

/* R-CASE-11: a guided child is weighed (and helped) before it closes. */
static int meeting_close_facts(struct ctx *c, const void *rec, int event,
			       void *in)
{
	const struct meeting *m = rec;
	const char *why = NULL;
	int rc = meeting_check_close(meeting_guided(m->met, m->juvenile,
						    m->guidance),
				     m->assessed_at != 0, m->support_needed,
				     m->n_measures, &why);

	int64_t pending = 0;

	(void)event;
	(void)in;
	/* R-PHOTO-5: every photo sent in the case has its outcome (the
	 * store checks again when the case closes with this meeting) */
	if (rc == 0)
		rc = store_photo_sends_pending(c->app->store, m->case_id,
					       &pending);
	if (rc == 0)
		rc = photo_check_closing(pending, &why);
	if (rc < 0)
		ctx_fail(c, rc, why, NULL);
	return rc;
}

static int meeting_outcome(struct store *s, const struct actor *a,
			   int64_t id, int64_t version, int event,
			   const void *in)
{
	(void)event;
	return store_meeting_outcome(s, a, id, version, in);
}

static int meeting_assess(struct store *s, const struct actor *a, int64_t id,
			  int64_t version, int event, const void *in)
{
	(void)event;
	return store_meeting_assess(s, a, id, version, in);
}

static int meeting_measure(struct store *s, const struct actor *a, int64_t id,
			   int64_t version, int event, const void *in)
{
	(void)event;
	return store_meeting_measure(s, a, id, version, in);
}

const struct step meeting_report_step = STEP(meeting, meeting_record,
	.noun = "接触", .act = ACT_MEETING_REPORT, .event = MEETING_EV_REPORT,
	.explain = meeting_report_explain);
const struct step meeting_forward_step = STEP(meeting, meeting_record,
	.noun = "接触", .act = ACT_MEETING_FORWARD,
	.event = MEETING_EV_FORWARD, .perform_text = meeting_text_step);
const struct step meeting_instruct_step = STEP(meeting, meeting_record,
	.noun = "接触", .act = ACT_MEETING_INSTRUCT,
	.event = MEETING_EV_INSTRUCT,
	STEP_INPUT(meeting_instruction_record, struct meeting_instruction),
	.perform_text = meeting_text_step, .text = "instructions");
const struct step meeting_send_back_step = STEP(meeting, meeting_record,
	.noun = "接触", .act = ACT_MEETING_INSTRUCT,
	.event = MEETING_EV_SEND_BACK,
	STEP_INPUT(meeting_send_back_record, struct meeting_instruction),
	.perform_text = meeting_text_step, .text = "reason");
const struct step meeting_outcome_step = STEP(meeting, meeting_record,
	.noun = "接触", .act = ACT_MEETING_REPORT, .event = MEETING_EV_OUTCOME,
	STEP_INPUT(meeting_outcome_record, struct meeting),
	.perform = meeting_outcome);
const struct step meeting_results_step = STEP(meeting, meeting_record,
	.noun = "接触", .act = ACT_MEETING_REPORT,
	.event = MEETING_EV_REPORT_RESULTS, .perform_text = meeting_text_step);
const struct step meeting_assess_step = STEP(meeting, meeting_record,
	.noun = "接触", .act = ACT_MEETING_INSTRUCT,
	.event = MEETING_EV_ASSESS,
	STEP_INPUT(meeting_assessment_record, struct meeting),
	.perform = meeting_assess);
const struct step meeting_measure_step = STEP(meeting, meeting_record,
	.noun = "接触", .act = ACT_MEETING_INSTRUCT,
	.event = MEETING_EV_MEASURE,
	STEP_INPUT(meeting_measure_record, struct meeting_measure),
	.perform = meeting_measure);
const struct step meeting_close_step = STEP(meeting, meeting_record,
	.noun = "接触", .act = ACT_MEETING_INSTRUCT, .event = MEETING_EV_CLOSE,
	.facts = meeting_close_facts,
	STEP_INPUT(meeting_close_record, struct meeting_instruction),
	.perform_text = meeting_text_step, .text = "closing_note");

/* ---- support requests (R-CASE-10) ---- */

static int support_allowed(int from, int event, enum role role)
{
	return support_step_allowed((enum support_state)from,
				    (enum support_event)event, role);
}

STEP_EVENT_LABEL(support, enum support_event)

STEP_TEXT(support_text_step, store_support_step, enum support_event)

/* R-CASE-10: the case is the unit's and in communication. */
static int support_request_explain(struct store *s, int rc, void *in,
				   const char **field, const char **why)
{
	(void)s;
	(void)in;
	if (rc != MM_ERULE)
		return 0;
	*field = "case_id";
	*why = "この所属に割り当てられた交信中の事案ではありません";
	return 0;
}

static int support_answer_perform(struct store *s, const struct actor *a,
				  int64_t id, int64_t version, int event,
				  const void *in)
{
	(void)event;
	return store_support_answer(s, a, id, version, in);
}

/* The store's refusals of an answer, in the unit's words. */
static int support_answer_explain(struct store *s, int rc, void *in,
				  const char **field, const char **why)
{
	(void)s;
	(void)in;
	if (rc == MM_EEXIST) {
		*why = "この所属は既に回答しています";
	} else if (rc == MM_ERULE) {
		*field = "lent_user_id";
		*why = "派遣する職員は回答する所属の職員を指定してください";
	}
	return 0;
}

const struct step support_request_step = STEP(support, support_record,
	.noun = "応援の調整依頼", .act = ACT_SUPPORT_REQUEST,
	.event = SUPPORT_EV_REQUEST, .explain = support_request_explain);
const struct step support_ask_step = STEP(support, support_record,
	.noun = "応援の調整依頼", .act = ACT_SUPPORT_ARRANGE,
	.event = SUPPORT_EV_ASK,
	STEP_INPUT(support_note_record, struct support_note),
	.perform_text = support_text_step, .text = "note");
const struct step support_answer_step = STEP(support, support_record,
	.noun = "応援の調整依頼", .act = ACT_SUPPORT_ANSWER,
	.event = SUPPORT_EV_ANSWER,
	STEP_INPUT(support_answer_record, struct support_reply),
	.perform = support_answer_perform, .explain = support_answer_explain);
const struct step support_close_step = STEP(support, support_record,
	.noun = "応援の調整依頼", .act = ACT_SUPPORT_ARRANGE,
	.event = SUPPORT_EV_CLOSE,
	STEP_INPUT(support_note_record, struct support_note),
	.perform_text = support_text_step, .text = "note");
