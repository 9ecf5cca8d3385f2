/*
 * application.h - the borrowing application (借用申請書, form 3): a new
 * loan (R-DEV-2) or the extension of one (R-DEV-8), made by a unit's
 * manager after consulting the general manager, who approves or refuses
 * it.  Its states, and the checks of its consultation and decision.
 * The period rules are in loan.h.  Pure; no I/O.
 */
#ifndef MM_CORE_APPLICATION_H
#define MM_CORE_APPLICATION_H
#ifndef MM_SEES_CORE /* the layers: HACKING.md */
#error "layer: core/ is seen only by core/, store/ and the front end"
#endif

#include <stdint.h>

#include "fsm.h"
#include "policy.h"
#include "types.h"
#include "wareki.h"

/* What is applied for.  Values are stored in the database. */
enum application_kind {
	APPLICATION_KIND_NONE = 0,
	APPLICATION_KIND_NEW = 1,       /* R-DEV-2: borrow a device */
	APPLICATION_KIND_EXTENSION = 2, /* R-DEV-8: extend a loan */
	APPLICATION_KIND__COUNT
};

/*
 * States of an application.  There is no draft: the form is submitted
 * whole, after the consultation it records.
 */
enum application_state {
	APPLICATION_NONE = 0,
	APPLICATION_SUBMITTED = 1,  /* waiting for the general manager */
	APPLICATION_APPROVED = 2,
	APPLICATION_REFUSED = 3,
	APPLICATION_WITHDRAWN = 4,  /* the applicant took it back */
	APPLICATION__COUNT
};

enum application_event {
	APPLICATION_EV_NONE = 0,
	APPLICATION_EV_APPROVE = 1,  /* general manager (R-DEV-2, R-DEV-8) */
	APPLICATION_EV_REFUSE = 2,   /* general manager, with a reason */
	APPLICATION_EV_WITHDRAW = 3, /* applicant, before a decision */
	APPLICATION_EV__COUNT
};

/*
 * application_transition (fsm.h says how): a decided application stays
 * decided.
 */
FSM_TRANSITION_DECLARE(application, enum application_state,
	enum application_event);

/* The names of kinds and states, indexed by value (record descriptors). */
extern const struct fsm_name application_kinds[APPLICATION_KIND__COUNT];
extern const struct fsm_name application_states[APPLICATION__COUNT];

/* Key, label and value of each name (fsm.h). */
FSM_NAMES_DECLARE(application_state, enum application_state);
FSM_NAMES_DECLARE(application_event, enum application_event);
FSM_NAMES_DECLARE(application_kind, enum application_kind);

/*
 * application_check_consultation - R-DEV-2, R-DEV-8: the consultation
 * with the general manager comes first (事前に協議): consulted_on must be
 * on or before applied_on.  Returns 0, MM_EINVAL for an invalid date, or
 * MM_ERULE; *why (may be NULL) is a static Japanese message.
 */
int application_check_consultation(const struct civil_date *consulted_on,
				   const struct civil_date *applied_on,
				   const char **why);

/*
 * application_check_decision - a refusal carries a reason (text other
 * than spaces); an approval may.  Returns 0, MM_EINVAL for a refusal
 * without reason or an event that is not a decision; *why as above.
 */
int application_check_decision(enum application_event event,
			       const char *reason, const char **why);

/*
 * application_check_extension_terms - R-DEV-8: an extension is of the
 * device on loan, counted from the loan's current due date, so the
 * server derives both and an extension that names a device or a start
 * date is refused rather than quietly overruled.  named_device,
 * named_start: whether the request gave them.  Returns 0, or MM_EINVAL
 * with *field ("device_id" or "start") and *why a static Japanese
 * message (either may be NULL).
 */
int application_check_extension_terms(int named_device, int named_start,
				      const char **field, const char **why);

/*
 * application_check_exception_reason - R-DEV-2: the reason for a period
 * over the limit is the general manager's, recorded with the approval:
 * with any other event exception_reason must be blank.  Returns 0 or
 * MM_EINVAL; *why as above.
 */
int application_check_exception_reason(enum application_event event,
				       const char *exception_reason,
				       const char **why);

/* ---- the application as the register holds it ---- */

struct borrow_application {
	int64_t id;
	enum application_kind kind;       /* new, or extension of loan_id */
	int64_t unit_id;                  /* the borrowing unit */
	int64_t loan_id;                  /* extension: the loan; else 0 */
	int64_t device_id;                /* the device wanted, 0 = any */
	/* The prior consultation with the general manager (事前協議). */
	struct civil_date consulted_on;
	/* Text in the pool of whoever holds the record (FIELD_POOLED). */
	const char *consulted_with;
	const char *consultation;         /* what was agreed */
	/* new: the start wanted; extension: the loan's due date then */
	struct civil_date start;
	struct civil_date due;            /* end wanted; extension: new due */
	const char *purpose;
	enum application_state state;
	int64_t applicant_id;             /* the unit's manager */
	int64_t applied_at;
	int64_t decided_by;
	int64_t decided_at;
	const char *decision_reason;
	/* The general manager's reason for a period over the limit. */
	const char *exception_reason;
	char policy_id[POLICY_ID_MAX];
	int64_t version;
	/* R-META-1: the version of the rules in force when made (server) */
	int64_t policy_version;
};

/*
 * A decision on an application - approve, refuse, or withdraw - as it is
 * sent (ApplicationDecision), with the facts its rules weigh, which the
 * server sets from the application (and an extension's loan) before the
 * input is read.
 */
struct application_decision {
	enum application_event event;     /* server: the step taken */
	enum application_kind kind;       /* server: of the application */
	/* server: where the period counts from: the start (new) or the
	 * extended loan's current due date (R-DEV-8); and its end */
	struct civil_date from;
	struct civil_date due;
	const char *reason;               /* pooled, as the input's text */
	const char *exception_reason;
};

#endif
