/*
 * loan.h - a loan of a device to a unit, as the lending register (form
 * 2) records it (R-DEV-1, R-DEV-3): its states, the period rules of the
 * borrowing application and its extensions (R-DEV-2, R-DEV-8), the
 * due-date reminder and the return checklist (R-DEV-9).  Pure; no I/O,
 * no clock: "today" is always passed in (an Asia/Tokyo civil date).
 */
#ifndef MM_CORE_LOAN_H
#define MM_CORE_LOAN_H
#ifndef MM_SEES_CORE /* the layers: HACKING.md */
#error "layer: core/ is seen only by core/, store/ and the front end"
#endif

#include <stddef.h>
#include <stdint.h>

#include "fsm.h"
#include "policy.h"
#include "service.h"
#include "types.h"
#include "wareki.h"

/* States of a loan.  Values are stored in the database. */
enum loan_state {
	LOAN_NONE = 0,
	LOAN_LENT = 1,             /* entered in form 2, handed over (R-DEV-3) */
	LOAN_RECEIVED = 2,         /* receipt confirmed, training recorded (R-DEV-4) */
	LOAN_RETURNED_BY_UNIT = 3, /* checklist submitted, awaiting HQ (R-DEV-9) */
	LOAN_CLOSED = 4,           /* HQ checked the device and closed the entry */
	LOAN__COUNT
};

enum loan_event {
	LOAN_EV_NONE = 0,
	LOAN_EV_RECEIVE = 1,       /* the officer confirms receipt + training */
	LOAN_EV_EXTEND = 2,        /* an approved extension moves the due date */
	LOAN_EV_SUBMIT_RETURN = 3, /* the manager submits a complete checklist */
	LOAN_EV_CLOSE = 4,         /* the general manager checks and closes */
	LOAN_EV__COUNT
};

/* loan_transition: the loan's one transition table (fsm.h says how). */
FSM_TRANSITION_DECLARE(loan, enum loan_state, enum loan_event);

/* loan_open - 1 in LENT and RECEIVED: the unit holds the device. */
int loan_open(enum loan_state state);

/* The names of the states, indexed by value (record descriptors). */
extern const struct fsm_name loan_states[LOAN__COUNT];

/* Key, label and value of each name (fsm.h). */
FSM_NAMES_DECLARE(loan_state, enum loan_state);
FSM_NAMES_DECLARE(loan_event, enum loan_event);

/*
 * loan_period_limit - the last due date allowed without an exception for
 * a period starting on start: start plus p->loan_max_months calendar
 * months (2024-02-29 + 1 year = 2025-02-28).  0 or MM_EINVAL.
 */
int loan_period_limit(const struct policy *p, const struct civil_date *start,
		      struct civil_date *limit);

/*
 * loan_check_period - R-DEV-2: a borrowing period from start to due.
 * due before start is MM_EINVAL.  A due date after loan_period_limit()
 * (one year "in principle") is MM_ERULE unless exception_reason holds
 * something other than spaces: the general manager's recorded reason.
 * On error *why (may be NULL) is a static Japanese message.
 */
int loan_check_period(const struct policy *p, const struct civil_date *start,
		      const struct civil_date *due,
		      const char *exception_reason, const char **why);

/*
 * loan_check_extension - R-DEV-8: an extension is a new application under
 * the same rule, counted from the current due date: new_due must be after
 * current_due (else MM_EINVAL) and within the limit from current_due
 * unless a reason is given (else MM_ERULE).  *why as above.
 */
int loan_check_extension(const struct policy *p,
			 const struct civil_date *current_due,
			 const struct civil_date *new_due,
			 const char *exception_reason, const char **why);

/* The home-page reminder state of a loan's due date. */
enum loan_due {
	LOAN_DUE_NONE = 0,    /* the loan is not open: nothing to remind */
	LOAN_DUE_OK = 1,
	LOAN_DUE_SOON = 2,    /* due today or within loan_due_soon_days */
	LOAN_DUE_OVERDUE = 3, /* today is after the due date */
};

/*
 * loan_due_status - the reminder state on the civil date today of a loan
 * in state s due on due.  Returns 0 and sets *out, or MM_EINVAL for an
 * invalid date.
 */
int loan_due_status(const struct policy *p, enum loan_state s,
		    const struct civil_date *due,
		    const struct civil_date *today, enum loan_due *out);

/* Key, label and value of each name (fsm.h). */
FSM_NAMES_DECLARE(loan_due, enum loan_due);

/* At most this many SNS accounts are listed on one return checklist. */
#define RETURN_ACCOUNTS_MAX 32

/*
 * One SNS account on the device, as the server's register of service
 * applications (detail form 9) lists it for the return, and whether the
 * manager confirmed it deleted.  service_id is that application's id
 * (0 in rows recorded before the register built the checklist).
 */
struct return_account {
	int64_t service_id;
	/* Text in the pool of whoever holds the checklist (see core/record.h). */
	const char *service;         /* the SNS or service, e.g. "X" */
	const char *account;         /* the account's handle on it */
	enum service_state state;    /* when listed; SERVICE_NONE once recorded */
	int deleted;
};

/*
 * The return checklist (R-DEV-9) of a loan: the accounts the register
 * lists on the device, each confirmed deleted, and the three items.  A
 * device that never had an account lists none (n_accounts 0).
 */
struct return_checklist {
	size_t n_accounts;
	struct return_account accounts[RETURN_ACCOUNTS_MAX];
	int apps_uninstalled;     /* the services' apps are uninstalled */
	int device_restored;      /* restored to its pre-loan state */
	int accessories_present;  /* charger, case ... all returned */
};

/* The manager's word on one listed account, keyed by the server's id. */
struct return_confirm {
	int64_t service_id;
	int deleted;
};

/*
 * What the unit's manager sends for a return: a confirmation per
 * account the server listed, and the three items.  It never names an
 * account: the names come from the register.
 */
struct return_confirmation {
	size_t n;
	struct return_confirm items[RETURN_ACCOUNTS_MAX];
	int apps_uninstalled;
	int device_restored;
	int accessories_present;
};

/* Room for a fault message naming an account (two names and the text). */
#define RETURN_MESSAGE_MAX (3 * MM_NAME_MAX)

/* Where a return confirmation failed, for the answer to the manager. */
struct return_fault {
	const char *field;   /* "accounts", "apps_uninstalled", ...; NULL if none */
	size_t account;      /* index of the listed account, else RETURN_ACCOUNTS_MAX */
	int64_t service_id;  /* the id the fault is about, else 0 */
	char message[RETURN_MESSAGE_MAX]; /* Japanese, names the account */
};

/*
 * return_checklist_confirm - R-DEV-9, R-SVC-4: whether the manager's
 * confirmation in is complete for the accounts the server listed in c
 * (n_accounts, and each account's service_id, service and account;
 * their deleted flags are ignored).  Complete means: every listed
 * account confirmed deleted exactly once, no other id confirmed, and
 * every item ticked.  A device with no accounts needs an empty list.
 *
 * Returns 0 and completes c (every account deleted, the items ticked).
 * Otherwise c is unchanged and the error is MM_EINVAL (malformed: NULL,
 * too many entries, an id that is not positive, an id not listed for
 * this device, the same id twice, or a listing that is itself malformed)
 * or MM_ERULE (a listed account missing or not confirmed deleted, an
 * item not ticked).  f (may be NULL) then says where: its field, the
 * listed account at fault and its id, and a Japanese message that names
 * the account by its registered service and handle.  An id not listed
 * is named by its number only: it may be another station's account.
 */
int return_checklist_confirm(struct return_checklist *c,
			     const struct return_confirmation *in,
			     struct return_fault *f);

/* ---- receipt and training (R-DEV-4) ---- */

struct training_record {
	struct civil_date trained_on;
	/* Text in the pool of whoever holds the record (FIELD_POOLED). */
	const char *trainer;   /* juvenile-division staff named by the GM */
	const char *topics;
};

/*
 * loan_check_training - R-DEV-4: the training recorded with the receipt
 * has taken place: trained_on is not after today.  Returns 0 or
 * MM_EINVAL with *why (may be NULL) a static Japanese message.
 */
int loan_check_training(const struct training_record *t,
			const struct civil_date *today, const char **why);

/* ---- a loan as the lending register (form 2) holds it ---- */

struct loan {
	int64_t id;
	int64_t device_id;
	int64_t unit_id;
	int64_t application_id;
	struct civil_date start;
	struct civil_date due;            /* current due date */
	struct civil_date original_due;   /* before any extension */
	enum loan_state state;
	int64_t lent_by, lent_at;
	int64_t received_by, received_at; /* R-DEV-4 */
	struct training_record training;
	int64_t returned_by, returned_at; /* R-DEV-9: checklist submitted */
	struct return_checklist checklist;
	int64_t closed_by, closed_at;
	int anomaly;                      /* HQ check found an anomaly */
	const char *anomaly_text;         /* pooled, as the training's text */
	char policy_id[POLICY_ID_MAX];
	int64_t version;
	/* R-META-1: the version of the rules in force when made (server) */
	int64_t policy_version;
};

#endif
