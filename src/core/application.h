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
 * application_transition - the state after event in state from.  Returns
 * 0 and sets *next, or MM_ESTATE (a decided application stays decided).
 */
int application_transition(enum application_state from,
			   enum application_event event,
			   enum application_state *next);

const char *application_state_key(enum application_state s);   /* "submitted" ...; NULL if unknown */
const char *application_state_label(enum application_state s); /* 申請中 ...; "" if unknown */
enum application_state application_state_from_key(const char *key); /* APPLICATION_NONE if unknown */
const char *application_event_key(enum application_event e);   /* "approve" ...; NULL if unknown */
const char *application_event_label(enum application_event e); /* 承認 ...; "" if unknown */
enum application_event application_event_from_key(const char *key); /* APPLICATION_EV_NONE if unknown */
const char *application_kind_key(enum application_kind k);     /* "new", "extension"; NULL if unknown */
const char *application_kind_label(enum application_kind k);   /* 新規, 延長; "" if unknown */
enum application_kind application_kind_from_key(const char *key); /* APPLICATION_KIND_NONE if unknown */

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

#endif
