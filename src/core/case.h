/*
 * case.h - a protective-contact case (事案, 第4-1, R-CASE-1): a post found
 * on a social network that may draw a child into a serious or malicious
 * crime, and what the police do about it.
 *
 *   report          a station files the "report of a post found about
 *                   child sexual victimisation" (書き込み発見報告書, under
 *                   熊少第119号): when, where, the post, what signals risk
 *   triage          the HQ juvenile division (少年課) judges which crime the
 *                   post may lead to and whether the need to protect is
 *                   high; only a case judged high goes on (R-CASE-1), the
 *                   others are closed with the reason and stay on record
 *   assign          HQ gives the case to a unit, a designated communication
 *                   officer of that unit (R-ROLE-5) and a device the unit
 *                   may use (R-DEV-6)
 *   log             the officer records each message sent or received on
 *                   the device (struct case_message); the first one moves
 *                   the case to "communicating".  The phone sends, not
 *                   Mamori, so a log entry is never refused for its content.
 *
 * Later states (issue 9, steps 6-): the meetings branch adds the
 * pre-meeting report (R-CASE-3), the support request (R-CASE-10), the
 * meeting outcome (R-CASE-4, R-CASE-7), the results report (form 5,
 * R-CASE-8), the follow-up (R-CASE-11) and the closing.  They go AFTER
 * CASE_COMMUNICATING in enum case_state (values from 6 on; the values
 * below are stored and never renumbered), with their events after
 * CASE_EV_LOG and their edges appended to the table in case.c
 * (CASE_COMMUNICATING -> ...).  A state in which messages may still be
 * logged gets a LOG edge to itself; a flagged message stays reviewable
 * in every state from CASE_ASSIGNED on (case_reviewable()).  cases.state
 * has no upper bound in migration 0009, so new states need no change of
 * that table.  Pure; no I/O.
 */
#ifndef MM_CORE_CASE_H
#define MM_CORE_CASE_H
#ifndef MM_SEES_CORE /* the layers: HACKING.md */
#error "layer: core/ is seen only by core/, store/ and the front end"
#endif

#include <stdint.h>

#include "fsm.h"
#include "types.h"

/* The crime a post may lead to (第1, R-CASE-1).  Stored values. */
enum case_crime {
	CASE_CRIME_NONE = 0,
	CASE_CRIME_ABDUCTION = 1,     /* 未成年者略取誘拐 */
	CASE_CRIME_PROSTITUTION = 2,  /* 低年齢児童（13歳未満）対象の児童買春 */
	CASE_CRIME_PORNOGRAPHY = 3,   /* 児童ポルノ事犯 */
	CASE_CRIME_OTHER = 4,         /* その他の重大・悪質な犯罪 (named) */
	CASE_CRIME__COUNT
};

/* The need to protect as the division judged it.  Stored values. */
enum case_need {
	CASE_NEED_NONE = 0,
	CASE_NEED_HIGH = 1,     /* 保護の必要性が高い */
	CASE_NEED_NOT_HIGH = 2, /* 高いとは認められない */
	CASE_NEED__COUNT
};

/* States of a case.  Values are stored in the database. */
enum case_state {
	CASE_NONE = 0,
	CASE_REPORTED = 1,        /* with the division for its judgement */
	CASE_HIGH = 2,            /* judged high: awaiting assignment */
	CASE_CLOSED_NOT_HIGH = 3, /* not high: closed, kept on record */
	CASE_ASSIGNED = 4,        /* unit, officer and device given */
	CASE_COMMUNICATING = 5,   /* a message logged */
	/*
	 * R-CASE-3..11: a meeting reported (core/meeting.h has its own
	 * chain: instructions, outcome, form 5, follow-up); messages may
	 * still be logged and another meeting reported (after one sent back)
	 */
	CASE_MEETING = 6,
	CASE_CLOSED = 7,          /* its last open meeting closed */
	CASE__COUNT
};

enum case_event {
	CASE_EV_NONE = 0,
	CASE_EV_REPORT = 1,          /* a station files the report */
	CASE_EV_TRIAGE_HIGH = 2,     /* the division: the need is high */
	CASE_EV_TRIAGE_NOT_HIGH = 3, /* the division: it is not; closed */
	CASE_EV_ASSIGN = 4,          /* HQ: unit, officer, device */
	CASE_EV_LOG = 5,             /* a message sent or received */
	CASE_EV_MEETING = 6,         /* a pre-meeting report filed (R-CASE-3) */
	CASE_EV_CLOSE = 7,           /* the last open meeting closed (R-CASE-11) */
	CASE_EV__COUNT
};

/* Direction of a logged message.  Stored values. */
enum case_direction {
	CASE_DIR_NONE = 0,
	CASE_DIR_SENT = 1,     /* 送信 */
	CASE_DIR_RECEIVED = 2, /* 受信 */
	CASE_DIR__COUNT
};

/*
 * case_transition - the state after ev from state from: 0 and *next
 * set, or MM_ESTATE.  Who may fire each event is authz_check()'s (the
 * division judges and assigns; the stations report; the officer logs).
 */
FSM_TRANSITION_DECLARE(case, enum case_state, enum case_event);

/* The names, indexed by value (record descriptors). */
extern const struct fsm_name case_crimes[CASE_CRIME__COUNT];
extern const struct fsm_name case_needs[CASE_NEED__COUNT];
extern const struct fsm_name case_states[CASE__COUNT];
extern const struct fsm_name case_directions[CASE_DIR__COUNT];

FSM_NAMES_DECLARE(case_crime, enum case_crime);
FSM_NAMES_DECLARE(case_need, enum case_need);
FSM_NAMES_DECLARE(case_state, enum case_state);
FSM_NAMES_DECLARE(case_event, enum case_event);
FSM_NAMES_DECLARE(case_direction, enum case_direction);

/*
 * case_reviewable - R-CASE-2: a flagged message of a case in state s may
 * be reviewed (the case was assigned: it has a log).  0 or MM_ESTATE.
 * The meetings' later states are all past CASE_ASSIGNED.
 */
int case_reviewable(enum case_state s);

/* case_triage_event - the event of a judgement: high or not high. */
enum case_event case_triage_event(enum case_need need);

/*
 * case_check_found - R-CASE-1: the post was found at a time after the
 * epoch and not after now (when it is reported).  0 or MM_EINVAL with
 * *why (may be NULL) a static Japanese message.
 */
int case_check_found(int64_t found_at, int64_t now, const char **why);

/*
 * case_check_triage - R-CASE-1: a crime named "other" is named
 * (crime_other given); *field the key to blame.  0 or MM_EINVAL.
 */
int case_check_triage(enum case_crime crime, const char *crime_other,
		      const char **field, const char **why);

/*
 * case_check_communicable - R-CASE-1: only a case the division judged
 * high goes on to communication: 0 for a case in state s that was
 * judged high, MM_ERULE with *why (may be NULL) a static Japanese
 * message for a case not yet judged or judged not high.
 */
int case_check_communicable(enum case_state s, const char **why);

/*
 * case_check_logged_at - a message logged was sent or received after
 * the epoch and not after now.  0 or MM_EINVAL with *why.
 */
int case_check_logged_at(int64_t at, int64_t now, const char **why);

/* ---- a case as the store holds it ---- */

struct case_message;

struct protect_case {
	int64_t id;
	int64_t unit_id;            /* the station that filed the report */
	/* the report (R-CASE-1); text in the pool of whoever holds it */
	int64_t found_at;
	const char *service;        /* the SNS */
	const char *post_ref;       /* post URL or id */
	const char *post_text;
	const char *risk_signals;   /* what in it signals risk */
	int64_t reported_by, reported_at;
	/* the division's judgement */
	enum case_crime crime;
	const char *crime_other;
	enum case_need need;
	const char *triage_reason;
	int64_t triaged_by, triaged_at;
	/* the assignment */
	int64_t assigned_unit_id;
	int64_t officer_id;
	int64_t device_id;
	int64_t loan_id;            /* the loan that makes the device usable */
	int64_t assigned_by, assigned_at;
	enum case_state state;
	int64_t version;
	/* R-META-1: the version of the rules in force when made (server) */
	int64_t policy_version;
	/* the communication log, oldest first, in the same pool; may be NULL */
	const struct case_message *messages;
	size_t n_messages;
	/* R-CASE-2: flagged messages awaiting review (the store counts) */
	int64_t pending_reviews;
};

/*
 * One message sent or received on the case's device (R-CASE-2, R-EXC-3).
 * flagged and review are the message check's (R-CASE-2): an outgoing
 * message the check flags is recorded all the same and put before the
 * unit's assistant, who records a review with a note.
 */
enum case_review {
	CASE_REVIEW_NONE = 0,     /* not flagged: nothing to review */
	CASE_REVIEW_PENDING = 1,  /* flagged, awaiting the assistant */
	CASE_REVIEW_DONE = 2,     /* reviewed, with a note */
	CASE_REVIEW__COUNT
};

extern const struct fsm_name case_reviews[CASE_REVIEW__COUNT];
FSM_NAMES_DECLARE(case_review, enum case_review);

struct case_message {
	int64_t id;
	int64_t case_id;
	int64_t at;                   /* when sent or received */
	enum case_direction direction;
	const char *text;             /* what was really sent or received */
	const char *screenshot_ref;   /* R-EXC-3: where the screenshot is */
	int64_t recorded_by, recorded_at;
	int flagged;                  /* R-CASE-2: the check flagged it */
	const char *flag_detail;      /* its categories and terms */
	enum case_review review;
	const char *review_note;
	int64_t reviewed_by, reviewed_at;
	const char *recorded_by_name; /* joined; "" when gone */
};

/* The division's judgement, the triage step's input (R-CASE-1). */
struct case_triage {
	enum case_crime crime;
	const char *crime_other;   /* the crime named, for "other" */
	enum case_need need;
	const char *reason;
};

/*
 * The assignment's input: the unit, its designated communication
 * officer (R-ROLE-5) and a device the unit may use (R-DEV-6).  What the
 * designation and the device's usability are, the server reads.
 */
struct case_assignment {
	int64_t unit_id;
	int64_t officer_id;
	int64_t device_id;
};

/* A flagged message's review by the unit's assistant (R-CASE-2). */
struct case_review_note {
	int64_t message_id;
	const char *note;
};

#endif
