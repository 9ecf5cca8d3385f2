/*
 * steps.h - the steps of the directive's workflows as data.
 *
 * A step is what a route to "/<records>/{id}/<step>" does: authorize an
 * action on the record, ask the record's state machine whether the event
 * follows from its state for the role authz granted, read the step's
 * input (the version read, and the fields its request descriptor names,
 * over what the server knows), perform the step in the store and answer
 * the record as it now is.  That flow is the same for every workflow and
 * for both front ends, so a step is a struct step and the front ends
 * each have one generic handler (web_step, api_step) that a route names
 * with the step and the front end's kind of record (struct step_route).
 * Adding a step to a workflow is one struct step here and one line in
 * each front end's step table; no handler is written for it.
 *
 * A step whose input no request descriptor can describe (the return
 * checklist's one confirmation per account, the closing check's explicit
 * yes or no) keeps a dedicated handler; its struct step still says who
 * may take it and from which state (ctx_check_step, step_open_to).
 */
#ifndef MM_APP_STEPS_H
#define MM_APP_STEPS_H
#ifndef MM_SEES_APP /* the layers: HACKING.md */
#error "layer: app/ is seen only by the front end (app, web, api, cli)"
#endif

#include <stddef.h>
#include <stdint.h>

#include "../core/application.h"
#include "../core/authz.h"
#include "../core/record.h"
#include "../core/types.h"
#include "../store/store.h"

struct ctx;

/* The most fields a step's input may have (the body also has "version"). */
#define STEP_INPUT_MAX 24

struct step {
	/* the record's descriptor: its "state" field names the state */
	const struct record_desc *record;
	/* what refusals call the record ("申請"); NULL: record->label */
	const char *noun;
	enum action act;     /* who may take it: authz_check() */
	int event;           /* the state-machine event it fires */
	/* when the event depends on the role granted (acknowledge), else NULL */
	int (*event_of)(enum role role);
	/* the state machine: 0, MM_ESTATE (not from this state), MM_EDENIED */
	int (*allowed)(int from, int event, enum role role);
	/*
	 * Whether rec still awaits the step beyond what its state says (a
	 * deletion reported but not yet acknowledged): 1 or 0 (MM_ESTATE).
	 * NULL: the state says.
	 */
	int (*pending)(const void *rec);
	/* the event's label (the record's own names), for refusals */
	const char *(*event_label)(int event);
	/*
	 * The step's input: its request descriptor, read over a zeroed
	 * struct of input_size bytes with the descriptor's rules; NULL: the
	 * body is the version read and nothing else.
	 */
	const struct record_desc *input;
	size_t input_size;
	/*
	 * Sets what the server knows into the input before its fields are
	 * read and its rules run (the application's period for a decision,
	 * the event): rec is the record loaded.  0, or the error after
	 * answering on c (ctx_fail, ctx_refuse_state).  NULL: nothing.
	 */
	int (*facts)(struct ctx *c, const void *rec, int event, void *in);
	/*
	 * Performs the step in one store transaction at version, the state
	 * machine checked again inside it; in is the input read (NULL when
	 * the step has none).
	 */
	int (*perform)(struct store *s, const struct actor *a, int64_t id,
		       int64_t version, int event, const void *in);
	/*
	 * Instead of perform, for the many steps whose store operation takes
	 * the event and one text of the input (a reason, a note): that
	 * operation, given the input's field named text (read through the
	 * input's descriptor; "" when text is NULL).  step_perform() calls
	 * whichever is set.
	 */
	int (*perform_text)(struct store *s, const struct actor *a, int64_t id,
			    int64_t version, int event, const char *text);
	const char *text;
	/*
	 * Explains a refusal rc of perform() that the input's rules could not
	 * foresee, because what the server knows changed since facts() set
	 * it: returns 1 after setting it anew in in, to have the input's
	 * rules run again (their fault is the answer); else 0, with *why
	 * (and *field, NULL for the whole input) set when it has a message
	 * for rc.  NULL: the store's messages.
	 */
	int (*explain)(struct store *s, int rc, void *in, const char **field,
		       const char **why);
	/*
	 * When the state machine refuses the step from state from: the rule
	 * of the directive that says why better than the state's name does
	 * (R-CASE-1: a case judged not high never goes on to communication),
	 * a static Japanese message of core/refusal.c, answered 422 under
	 * that rule; NULL (or a NULL answer): the refusal of the state.
	 */
	const char *(*state_why)(int from);
	/*
	 * After the input is read and before it is performed: what the
	 * server derives from the input itself (R-CASE-2: the message check
	 * of an outgoing message logged, which marks it flagged - never
	 * refuses it), set into in (its text into the request's pool).  0,
	 * or the error after answering.  NULL: nothing.
	 */
	int (*checked)(struct ctx *c, void *in);
};

/*
 * step_perform - performs st (its perform, or its perform_text with the
 * input's text) on record id at version; in is the input read (NULL when
 * it has none).  The store's answer.
 */
int step_perform(const struct step *st, struct store *s,
		 const struct actor *a, int64_t id, int64_t version, int event,
		 const void *in);

/* A front end's route to a step: POST pattern -> step, on kind. */
struct step_route {
	const char *pattern;      /* "/breaches/{id}/forward" */
	const struct step *step;
	const void *kind;         /* a web_step_kind / an api_step_kind */
	/*
	 * The web form's input names where they are not the input's keys
	 * (a struct web_field_name list: two forms of one page that share a
	 * key); NULL for the API and most forms.
	 */
	const void *names;
};

/*
 * step_event - the event st fires for a holder of role: st->event_of's
 * answer when set, else st->event.
 */
int step_event(const struct step *st, enum role role);

/* step_noun - what refusals of st call its record. */
const char *step_noun(const struct step *st);

/*
 * step_check - whether st may be taken on rec (the struct of
 * st->record) by a holder of role: st->allowed on the record's state,
 * then st->pending.  Returns 0, MM_ESTATE or MM_EDENIED; *state_label
 * and *event_label (either may be NULL) are set to the labels of the
 * record's state and of the event, for the refusal message.
 */
int step_check(const struct step *st, const void *rec, enum role role,
	       const char **state_label, const char **event_label);

/*
 * step_open_to - 1 when who may take st on rec now: authz_check() allows
 * st->act on o (rec's authz object) and the state machine allows the
 * event for the role granted.  For showing a step's button or a home-page
 * reminder; the step itself checks again.
 */
int step_open_to(const struct principal *who, const struct step *st,
		 const struct authz_object *o, const void *rec);

/*
 * ctx_check_step - the state machine's word on step st for rec (its
 * record) and the role granted, before the store is asked: 0, or the
 * error after answering (409 with ctx_refuse_state()'s message naming
 * the state and the step, or ctx_fail()).  What web_step and api_step
 * share, and the handlers of steps whose input is their own.
 */
int ctx_check_step(struct ctx *c, const struct step *st, const void *rec,
		   enum role role);

/*
 * step_body_keys - the keys a body of st may hold: "version" and the
 * input fields of st->input (not the server's), into keys (at least
 * STEP_INPUT_MAX + 2 entries), NULL-ended.  Returns how many.
 */
size_t step_body_keys(const struct step *st, const char **keys);

/*
 * application_decision_facts - what the rules of a decision ev on a
 * weigh (application_decision_record): the event, the kind and the
 * period, counted for an extension's approval from its loan's due date
 * now (R-DEV-8).  Returns 0; MM_ESTATE when that loan is no longer open
 * (*loan_state set, for the refusal; d->from stays a's start); or the
 * store's error.
 */
int application_decision_facts(struct store *s,
			       const struct borrow_application *a,
			       enum application_event ev,
			       struct application_decision *d,
			       int *loan_state);

/* ---- the steps of each workflow ---- */

/*
 * Protective-contact cases (R-CASE-1, R-CASE-2): a station reports (the
 * kind's made_by), the division judges (a case_triage_record; high or
 * not high is the body's "need"), HQ assigns (a case_assignment_record,
 * weighed against the designations and the loan, R-ROLE-5, R-DEV-6),
 * and the officer logs each message (a case_message_record).
 */
extern const struct step case_report_step;
extern const struct step case_triage_step;
extern const struct step case_assign_step;
extern const struct step case_log_step;
/*
 * R-CASE-2: the unit's assistant records the review of a flagged
 * outgoing message (a case_review_record: the message and a note).
 */
extern const struct step case_review_step;

/* Breach reports (R-CMP-6): forward, forward as an incident, acknowledge. */
extern const struct step breach_forward_step;
extern const struct step breach_forward_incident_step;
extern const struct step breach_acknowledge_step;
/*
 * The first step of a report, which makes it (no route of its own: the
 * kind's made_by, taken by api_create / web_create): the unit's assistant
 * reports.
 */
extern const struct step breach_report_step;

/*
 * Staff face photos (R-PHOTO-2, R-PHOTO-3): the unit's manager approves
 * or refuses form 4; a processed photo is removed from its device.  The
 * application is made by its first step (the kind's made_by): the
 * unit's communication officer applies.
 */
extern const struct step photo_approval_apply_step;
extern const struct step photo_approval_approve_step;
extern const struct step photo_approval_refuse_step;
extern const struct step photo_remove_step;

/*
 * Borrowing applications, form 3 (R-DEV-2, R-DEV-8): the general
 * manager approves or refuses, the unit's manager withdraws; the body is
 * an application_decision_record (a refusal says why, an approval over
 * the limit records the reason).
 */
extern const struct step application_approve_step;
extern const struct step application_refuse_step;
extern const struct step application_withdraw_step;

/*
 * Loans, the lending register (R-DEV-4, R-DEV-9): the operations officer
 * confirms receipt with the training (a loan_training_record).  The
 * return and the close keep dedicated handlers - the return's one
 * confirmation per account the register lists, the close's explicit
 * yes or no (a yes/no field absent is "no") - and these steps say who
 * takes them from which state.
 */
extern const struct step loan_receive_step;
extern const struct step loan_return_step;
extern const struct step loan_close_step;

/*
 * Take-outs, detail form 1 (R-DEV-7): the assistant permits or refuses
 * (a takeout_decision_record: a refusal says why), the requesting
 * officer withdraws the request (cancel) or reports after use (a
 * takeout_report_record).
 */
extern const struct step takeout_permit_step;
extern const struct step takeout_refuse_step;
extern const struct step takeout_cancel_step;
extern const struct step takeout_report_step;

/*
 * Applications to use an external service, detail form 9 (R-SVC-1..4):
 * the unit's manager permits or refuses (a service_refusal_record), the
 * general manager forwards, the information-security manager records
 * the measures agreed with both (a service_measures_record), the
 * assistant withdraws or reports the account deleted (a
 * service_deletion_record), and the manager acknowledges that report.
 */
extern const struct step service_permit_step;
extern const struct step service_refuse_step;
extern const struct step service_forward_step;
extern const struct step service_measures_step;
extern const struct step service_withdraw_step;
extern const struct step service_delete_step;
extern const struct step service_acknowledge_step;

/*
 * Security exceptions, detail form 12 (R-EXC-1..3): the
 * information-security manager approves with scope and period (an
 * exception_approval_record), refuses or revokes with a reason (an
 * exception_end_record); the general manager withdraws the application
 * (an exception_withdrawal_record: the reason optional).
 */
extern const struct step exception_approve_step;
extern const struct step exception_refuse_step;
extern const struct step exception_revoke_step;
extern const struct step exception_withdraw_step;
/* The application itself, which makes one (the kind's made_by). */
extern const struct step exception_apply_step;

/*
 * Screenshots (R-EXC-3): the unit's assistant records the move to the
 * investigation laptop or the deletion (a screenshot_disposal_record).
 */
extern const struct step screenshot_move_step;
extern const struct step screenshot_delete_step;

/*
 * Designations, form 1 (R-ROLE-4, R-ROLE-5): the unit's manager revokes
 * (a designation_revoke_record) or re-designates on the grounds again (a
 * designation_grounds_record read over the designation, whose rank is
 * the one recorded for the user now).
 */
extern const struct step designation_revoke_step;
extern const struct step designation_redesignate_step;

/*
 * Meetings of protective contact cases (R-CASE-3..11, core/meeting.h):
 * the officer reports before the meeting (the kind's made_by; a refusal
 * for the staff explained by the server's knowledge of them), the
 * assistant forwards, the manager instructs (a meeting_instruction_record)
 * or sends back (a meeting_send_back_record), the officer records the
 * outcome (a meeting_outcome_record) and reports the results (form 5),
 * the manager assesses a guided child (a meeting_assessment_record),
 * records each measure (a meeting_measure_record) and closes.
 */
extern const struct step meeting_report_step;
extern const struct step meeting_forward_step;
extern const struct step meeting_instruct_step;
extern const struct step meeting_send_back_step;
extern const struct step meeting_outcome_step;
extern const struct step meeting_results_step;
extern const struct step meeting_assess_step;
extern const struct step meeting_measure_step;
extern const struct step meeting_close_step;

/*
 * Support requests (R-CASE-10): the unit's manager requests (the kind's
 * made_by; a case not the unit's or not in communication explained),
 * the general manager asks the other units and closes (a
 * support_note_record), another unit's manager answers (a
 * support_answer_record; the unit is the server's).
 */
extern const struct step support_request_step;
extern const struct step support_ask_step;
extern const struct step support_answer_step;
extern const struct step support_close_step;

#endif
