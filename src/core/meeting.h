/*
 * meeting.h - a meeting with the person of a protective contact case
 * (事案) and what follows it (第4-1 last paragraph, 第4-2, 第4-3, 第4-5,
 * 第4-6: R-CASE-3..11), as one record with a chain:
 *
 *   report          the communication officer files the pre-meeting
 *                   report (place, time, staff, plans) before the
 *                   meeting (R-CASE-3, R-CASE-5, R-CASE-6)
 *   forward         the unit's assistant, to the unit's manager
 *   instruct        the manager records the instructions (指揮); or
 *   send_back       the manager sends the report back (it ends there: a
 *                   new report is filed)
 *   outcome         the officer records the meeting's outcome
 *                   (R-CASE-4, R-CASE-7, R-CASE-9)
 *   report_results  the officer reports the results (form 5) to the
 *                   manager; the general manager reads it (R-CASE-8)
 *   assess          the manager weighs the guided child's history and
 *                   circumstances (R-CASE-11)
 *   measure         the manager records a measure decided (any number)
 *   close           the manager closes it (and with it the case)
 *
 * The staffing rule, the free-call rule, the guidance-kind rule and the
 * follow-up's rules are here; what a field can say (a text is given, a
 * choice valid) is its descriptor's (core/records.c).  Pure; no I/O.
 */
#ifndef MM_CORE_MEETING_H
#define MM_CORE_MEETING_H
#ifndef MM_SEES_CORE /* the layers: HACKING.md */
#error "layer: core/ is seen only by core/, store/ and the front end"
#endif

#include <stddef.h>
#include <stdint.h>

#include "civil.h"
#include "fsm.h"
#include "types.h"

/* States of a meeting.  Values are stored in the database. */
enum meeting_state {
	MEETING_NONE = 0,
	MEETING_REPORTED = 1,   /* with the assistant */
	MEETING_FORWARDED = 2,  /* awaiting the manager's instructions */
	MEETING_INSTRUCTED = 3, /* instructed: the meeting may take place */
	MEETING_SENT_BACK = 4,  /* the manager sent it back (ends it) */
	MEETING_HELD = 5,       /* outcome recorded, results not reported */
	MEETING_RESULTS_REPORTED = 6, /* form 5 with the manager */
	MEETING_FOLLOW_UP = 7,  /* assessed: measures being decided */
	MEETING_CLOSED = 8,
	MEETING__COUNT
};

enum meeting_event {
	MEETING_EV_NONE = 0,
	MEETING_EV_REPORT = 1,         /* communication officer: creates it */
	MEETING_EV_FORWARD = 2,        /* assistant */
	MEETING_EV_INSTRUCT = 3,       /* manager */
	MEETING_EV_SEND_BACK = 4,      /* manager */
	MEETING_EV_OUTCOME = 5,        /* communication officer */
	MEETING_EV_REPORT_RESULTS = 6, /* communication officer: form 5 */
	MEETING_EV_ASSESS = 7,         /* manager */
	MEETING_EV_MEASURE = 8,        /* manager: one measure decided */
	MEETING_EV_CLOSE = 9,          /* manager */
	MEETING_EV__COUNT
};

/*
 * meeting_step, meeting_step_allowed, meeting_event_role: the chain's
 * steps (fsm.h says how).  R-CASE-3: no outcome before the manager's
 * instructions.
 */
FSM_CHAIN_DECLARE(meeting, enum meeting_state, enum meeting_event);

/* R-CASE-7: the kind of delinquency the guidance is given for. */
enum guidance_kind {
	GUIDANCE_NONE = 0,
	GUIDANCE_ENTERTAINMENT = 1, /* 不健全娯楽: inappropriate posting */
	GUIDANCE_SEXUAL_CONDUCT = 2, /* 不健全性的行為: with its facts */
	GUIDANCE__COUNT
};

/* R-CASE-11: a measure for a guided child.  Stored in the database. */
enum followup_measure {
	MEASURE_NONE = 0,
	MEASURE_CONTINUED_GUIDANCE = 1, /* 継続補導 */
	MEASURE_RECOVERY_SUPPORT = 2,   /* 立ち直り支援 */
	MEASURE_CHILD_GUIDANCE_CENTRE = 3, /* 児童相談所への通告 */
	MEASURE__COUNT
};

/* The names, indexed by value (record descriptors). */
extern const struct fsm_name meeting_states[MEETING__COUNT];
extern const struct fsm_name guidance_kinds[GUIDANCE__COUNT];
extern const struct fsm_name followup_measures[MEASURE__COUNT];
/* The directive roles a staff member holds, by enum role. */
extern const struct fsm_name meeting_staff_roles[ROLE__COUNT];

FSM_NAMES_DECLARE(meeting_state, enum meeting_state);
FSM_NAMES_DECLARE(meeting_event, enum meeting_event);
FSM_NAMES_DECLARE(guidance_kind, enum guidance_kind);
FSM_NAMES_DECLARE(followup_measure, enum followup_measure);

/* R-CASE-5: the refusal of fewer than two staff (meeting_check_staff). */
#define MEETING_TWO_STAFF_MSG "接触には2人以上の職員で対応してください"

/* The most staff a pre-meeting report names. */
#define MEETING_STAFF_MAX 4

/*
 * One staff member going, as the server knows them: the user named, the
 * sex recorded for that user and the directive role held (both read by
 * the server, never taken from the client).
 */
struct meeting_staff {
	int64_t user_id; /* 0: not named */
	enum sex sex;
	enum role role;
};

/*
 * meeting_check_staff - R-CASE-5: a meeting is made by two or more
 * distinct staff, and where the person is thought to be female, a female
 * officer goes.  staff holds n entries (0 ids are not named; a repeated
 * id counts once).  known: whether the staff's sexes are the server's
 * (0 before it has read them: only the count is weighed).  Returns 0, or
 * MM_ERULE with *why a static Japanese message.
 */
int meeting_check_staff(const struct meeting_staff *staff, size_t n,
			int person_female, int known, const char **why);

/*
 * meeting_check_before - R-CASE-3: the report comes before the meeting:
 * meet_at is after now.  0 or MM_ERULE with *why.
 */
int meeting_check_before(int64_t meet_at, int64_t now, const char **why);

/*
 * meeting_check_notified - R-CASE-3: the juvenile division has been told
 * (notified is 1).  0 or MM_ERULE with *why.
 */
int meeting_check_notified(int notified, const char **why);

/*
 * meeting_check_free_call - R-CASE-9: a free-call app is used only when
 * the person called at the time of the meeting.  0 or MM_ERULE with *why.
 */
int meeting_check_free_call(int used, int person_called, const char **why);

/* What a meeting's outcome says (the rules below weigh it). */
struct meeting_outcome {
	int met;                 /* 接触した */
	int juvenile;            /* 少年と判明した */
	enum guidance_kind guidance; /* GUIDANCE_NONE: no guidance given */
	const char *guidance_facts;  /* 不健全性的行為と認めた事実 */
	const char *guidance_note;   /* 補導・保護の内容 */
	int guardians_told;      /* R-CASE-4 */
	const char *guardian;    /* who was told (続柄, e.g. 母) */
	int64_t guardians_told_at;
	const char *guardians_told_how;
	int guardians_urged;     /* 監護・指導上の措置を促した */
	int free_call_used;      /* R-CASE-9 */
	int free_call_person_called;
	const char *note;        /* 接触の状況 */
	/* set by the server, for the clock rule */
	int64_t meet_at;
};

/*
 * meeting_check_outcome - R-CASE-4, R-CASE-7, R-CASE-9 over an outcome
 * at time now: only a person met can be found to be a juvenile; a
 * juvenile met is guided (a kind given), a kind needs a juvenile met;
 * 不健全性的行為 needs the facts that justify it; the guardians of a
 * juvenile are told (who, when - not in the future - and how) and urged
 * to supervise; the free-call rule.  Returns 0, or MM_ERULE / MM_EINVAL
 * with *field the key to blame and *why a static Japanese message.
 */
int meeting_check_outcome(const struct meeting_outcome *o, int64_t now,
			  const char **field, const char **why);

/*
 * meeting_guided - 1 when the outcome records guidance given (a juvenile
 * met and guided): the follow-up of R-CASE-11 is owed.
 */
int meeting_guided(int met, int juvenile, enum guidance_kind g);

/*
 * meeting_check_measure - R-CASE-11: a measure is one of its kinds,
 * decided on a date that is not after today.  0 or MM_EINVAL / MM_ERULE
 * with *field and *why.
 */
int meeting_check_measure(enum followup_measure kind,
			  const struct civil_date *decided_on,
			  const struct civil_date *today, const char **field,
			  const char **why);

/*
 * meeting_check_close - R-CASE-11: a meeting whose child was guided
 * closes only after the assessment (assessed) and, where it found that
 * support is needed, at least one measure decided (n_measures).
 * 0 or MM_ERULE with *why.
 */
int meeting_check_close(int guided, int assessed, int support_needed,
			size_t n_measures, const char **why);

/* ---- support requests (R-CASE-10, 第4-6 (2)) ---- */

/*
 * A unit that cannot staff a meeting alone: its manager asks the general
 * manager to arrange support (request), the general manager asks the
 * other units (ask), each answers - help with the staff member it lends,
 * or cannot (answer, once per unit) - and the general manager closes it
 * once arranged (close).  A staff member lent may go to the case's
 * meetings (store_meeting_check).  Values are stored.
 */
enum support_state {
	SUPPORT_NONE = 0,
	SUPPORT_REQUESTED = 1, /* with the general manager */
	SUPPORT_ASKED = 2,     /* other units asked; answers come in */
	SUPPORT_CLOSED = 3,    /* arranged (or given up) */
	SUPPORT__COUNT
};

enum support_event {
	SUPPORT_EV_NONE = 0,
	SUPPORT_EV_REQUEST = 1, /* the unit's manager */
	SUPPORT_EV_ASK = 2,     /* the general manager */
	SUPPORT_EV_ANSWER = 3,  /* another unit's manager */
	SUPPORT_EV_CLOSE = 4,   /* the general manager */
	SUPPORT_EV__COUNT
};

enum support_answer {
	SUPPORT_ANSWER_NONE = 0,
	SUPPORT_ANSWER_HELP = 1,   /* 応援する */
	SUPPORT_ANSWER_CANNOT = 2, /* 応援できない */
	SUPPORT_ANSWER__COUNT
};

FSM_CHAIN_DECLARE(support, enum support_state, enum support_event);

extern const struct fsm_name support_states[SUPPORT__COUNT];
extern const struct fsm_name support_answers[SUPPORT_ANSWER__COUNT];
FSM_NAMES_DECLARE(support_state, enum support_state);
FSM_NAMES_DECLARE(support_event, enum support_event);
FSM_NAMES_DECLARE(support_answer, enum support_answer);

/*
 * support_check_answer - R-CASE-10: a unit that helps names the staff
 * member it lends; one that cannot lends nobody.  0 or MM_ERULE with
 * *field and *why.
 */
int support_check_answer(enum support_answer answer, int64_t lent_user_id,
			 const char **field, const char **why);

/* One unit's answer, as the register holds it. */
struct support_reply {
	int64_t id;
	int64_t request_id;
	int64_t unit_id;            /* the server's: the answering manager's */
	enum support_answer answer;
	int64_t lent_user_id;
	const char *note;
	int64_t answered_by, answered_at;
	const char *unit_name;      /* joined, in the holder's pool */
	const char *lent_name;      /* joined, in the holder's pool */
};

#define SUPPORT_REPLIES_MAX 16

struct support_request {
	int64_t id;
	int64_t case_id;
	int64_t unit_id;            /* the requesting unit (the case's) */
	int64_t meet_at;
	const char *need;           /* what the unit lacks */
	enum support_state state;
	int64_t requested_by, requested_at;
	int64_t asked_by, asked_at;
	const char *ask_note;       /* the general manager's, to the units */
	int64_t closed_by, closed_at;
	int64_t version;
	struct support_reply replies[SUPPORT_REPLIES_MAX];
	size_t n_replies;
};

/* The general manager's note when asking or closing. */
struct support_note {
	const char *text;
};

/* ---- the record ---- */

/* One measure decided (R-CASE-11), as the register holds it. */
struct meeting_measure {
	int64_t id;
	int64_t meeting_id;
	enum followup_measure kind;
	struct civil_date decided_on;
	const char *note;           /* in the holder's pool */
	int64_t decided_by;         /* the server's: who recorded it */
	const char *decided_by_name; /* in the holder's pool */
	int64_t recorded_at;
};

#define MEETING_MEASURES_MAX 16

/*
 * A meeting: the pre-meeting report, the chain, the outcome, form 5 and
 * the follow-up.  Text in the pool of whoever holds it (FIELD_POOLED).
 */
struct meeting {
	int64_t id;
	int64_t case_id;
	int64_t unit_id;             /* the server's: the case's unit */
	/* the pre-meeting report (R-CASE-3, R-CASE-5, R-CASE-6) */
	const char *place;
	int64_t meet_at;
	int64_t staff[MEETING_STAFF_MAX];
	enum sex staff_sex[MEETING_STAFF_MAX];   /* the server's */
	enum role staff_role[MEETING_STAFF_MAX]; /* the server's */
	int staff_known;             /* the server read the staff */
	int person_female;
	const char *escape_plan;
	const char *setup_plan;
	int division_notified;
	const char *report_note;
	enum meeting_state state;
	int64_t reported_by, reported_at;
	int64_t forwarded_by, forwarded_at;
	int64_t instructed_by, instructed_at;
	const char *instructions;    /* the manager's, or why sent back */
	/* the outcome (R-CASE-4, R-CASE-7, R-CASE-9) */
	/* the child met: identifying, sealed at rest (FIELD_SEALED) */
	const char *child_name;
	const char *child_kana;
	struct civil_date child_birth;
	const char *child_contact;
	const char *child_school;
	const char *guardian_name;
	const char *guardian_contact;
	int met;
	int juvenile;
	enum guidance_kind guidance;
	const char *guidance_facts;
	const char *guidance_note;
	int guardians_told;
	const char *guardian;
	int64_t guardians_told_at;
	const char *guardians_told_how;
	int guardians_urged;
	int free_call_used;
	int free_call_person_called;
	const char *outcome_note;
	int64_t outcome_by, outcome_at;
	/* form 5 (R-CASE-8) */
	int64_t results_by, results_at;
	/* the follow-up (R-CASE-11) */
	const char *victim_history;
	const char *delinquency_history;
	const char *guidance_history;
	const char *guardian_capacity;
	const char *friendships;
	int support_needed;
	int64_t assessed_by, assessed_at;
	int64_t closed_by, closed_at;
	const char *closing_note;
	int64_t version;
	struct meeting_measure measures[MEETING_MEASURES_MAX];
	size_t n_measures;
	/* R-META-1: the version of the rules in force when made (server) */
	int64_t policy_version;
};

/* The instructions a manager records, or why the report is sent back. */
struct meeting_instruction {
	const char *text;
	enum meeting_event event;   /* the server's */
};

/*
 * meeting_outcome_of - the outcome members of m as a struct
 * meeting_outcome (texts borrowed from m).
 */
struct meeting_outcome meeting_outcome_of(const struct meeting *m);

/*
 * meeting_staff_of - m's staff as n = MEETING_STAFF_MAX entries of
 * struct meeting_staff into out.
 */
void meeting_staff_of(const struct meeting *m,
		      struct meeting_staff out[MEETING_STAFF_MAX]);

#endif
