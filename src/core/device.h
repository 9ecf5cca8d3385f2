/*
 * device.h - a cyber-patrol smartphone as HQ's device registry holds it:
 * its states (R-DEV-1), whether a unit may use it (R-DEV-6) and whether
 * its monthly location check is due (R-DEV-5).  Pure; no I/O, no clock:
 * dates are Asia/Tokyo civil dates passed in.
 */
#ifndef MM_CORE_DEVICE_H
#define MM_CORE_DEVICE_H
#ifndef MM_SEES_CORE /* the layers: HACKING.md */
#error "layer: core/ is seen only by core/, store/ and the front end"
#endif

#include "fsm.h"
#include "loan.h"
#include "policy.h"
#include "wareki.h"

/* States of a device.  Values are stored in the database. */
enum device_state {
	DEVICE_NONE = 0,
	DEVICE_IN_STOCK = 1,                /* at HQ, may be lent */
	DEVICE_ON_LOAN = 2,                 /* on a loan to a unit */
	DEVICE_RETURNED_AWAITING_CHECK = 3, /* returned, HQ to check (R-DEV-9) */
	DEVICE_OUT_OF_SERVICE = 4,          /* broken, anomalous or retired */
	DEVICE__COUNT
};

enum device_event {
	DEVICE_EV_NONE = 0,
	DEVICE_EV_LEND = 1,      /* R-DEV-3: entered in form 2 and lent */
	DEVICE_EV_RETURN = 2,    /* R-DEV-9: the unit's return is submitted */
	DEVICE_EV_ACCEPT = 3,    /* R-DEV-9: HQ checked it, back in stock */
	DEVICE_EV_RETIRE = 4,    /* taken out of service */
	DEVICE_EV_REINSTATE = 5, /* repaired: back in stock */
	DEVICE_EV__COUNT
};

/*
 * device_transition (fsm.h says how): a device on loan cannot be lent
 * again, at most one loan per device (R-DEV-3).
 */
FSM_TRANSITION_DECLARE(device, enum device_state, enum device_event);

/* The names of the states, indexed by value (for record descriptors). */
extern const struct fsm_name device_states[DEVICE__COUNT];

/* Key, label and value of each name (fsm.h). */
FSM_NAMES_DECLARE(device_state, enum device_state);
FSM_NAMES_DECLARE(device_event, enum device_event);

/*
 * The facts device_usable() weighs, gathered by the caller from the
 * store for one device and the unit holding it.
 *
 * services_without_permission is room for the SNS-approval workflow
 * (R-SVC-1..3, a later issue): the number of services installed on the
 * device that have no permission in force.  Until that workflow exists
 * callers set it to 0; when it does, it fills the count (and may add
 * fields here) and device_usable() stays the one decision.
 */
struct device_use_facts {
	enum loan_state loan_state;      /* the unit's loan of the device */
	int receipt_confirmed;           /* R-DEV-4 */
	int training_recorded;           /* R-DEV-4 */
	int services_without_permission; /* R-DEV-6, R-SVC-1..3 */
};

/*
 * device_usable - R-DEV-6: THE decision whether the unit may use the
 * device (and so take it out, R-DEV-7): its loan is received, receipt and
 * training are recorded, and no service on it lacks a permission.
 * Returns 0, or MM_ERULE with *why (may be NULL) a static Japanese
 * message naming the first unmet condition; MM_EINVAL when f is NULL.
 */
int device_usable(const struct device_use_facts *f, const char **why);

/* The monthly location check (R-DEV-5, detail form 6) of a device. */
enum location_check {
	LOCATION_CHECK_NONE = 0,
	LOCATION_CHECK_OK = 1,      /* checked in the current period */
	LOCATION_CHECK_DUE = 2,     /* current period not yet checked */
	LOCATION_CHECK_OVERDUE = 3, /* the previous period of custody was missed */
};

/*
 * location_check_status - R-DEV-5 on the civil date today, for a device
 * in the unit's custody since `since` (the receipt date) whose latest
 * check was on last_check (NULL when none).  A period is
 * p->location_check_months calendar months (one month under 熊少第121号),
 * and custody counts from the period that contains `since`:
 *   OK       last_check lies in today's period;
 *   OVERDUE  the period before today's was in custody and was not
 *            checked (the device went a whole month unchecked);
 *   DUE      otherwise (this period still needs its check).
 * Only the latest check is known, so an older gap followed by a check
 * last period shows as DUE: the status is about now, not history.
 * Returns 0 and sets *out, or MM_EINVAL for an invalid date, today
 * before since, or last_check after today.
 */
int location_check_status(const struct policy *p,
			  const struct civil_date *since,
			  const struct civil_date *last_check,
			  const struct civil_date *today,
			  enum location_check *out);

/*
 * location_check_date - R-DEV-5: a check is dated on a day the unit held
 * the device: not before the loan's start, not after today.  Returns 0
 * or MM_EINVAL with *why (may be NULL) a static Japanese message.
 */
int location_check_date(const struct civil_date *checked_on,
			const struct civil_date *loan_start,
			const struct civil_date *today, const char **why);

/* Key, label and value of each name (fsm.h). */
FSM_NAMES_DECLARE(location_check, enum location_check);

#define MM_PHONE_MAX 32
#define MM_SERIAL_MAX 64

/* The limits of the registry's fields (descriptor and CSV import). */
#define DEVICE_PHONE_MAX 32     /* bytes incl. NUL */
#define DEVICE_SERIAL_MAX 64    /* bytes incl. NUL */
#define DEVICE_REMARKS_CHARS 500

/* ---- a device of the registry (R-DEV-1) ---- */

struct device {
	int64_t id;
	/*
	 * The free text in the pool of whoever holds the device (NULL: "");
	 * the short ASCII fields sized as the registry keeps them.
	 */
	const char *model;                /* 機種 */
	char phone[MM_PHONE_MAX];         /* 電話番号 */
	char serial[MM_SERIAL_MAX];       /* 製造番号 / IMEI, unique */
	const char *contract_ref;         /* carrier contract reference */
	const char *remarks;
	enum device_state state;
	int64_t unit_id;                  /* unit holding it on loan, else 0 */
	int64_t loan_id;                  /* its open loan, else 0 */
	int64_t version;
};

/*
 * The registry's rules for a device's fields, used by its descriptor
 * (core/records.c) and the CSV import (device_import.c); here, below
 * both, so neither file calls into the other (issue 8).
 * device_import_check_serial - a serial/IMEI: 1-63 ASCII letters,
 * digits or '-'.  0 or MM_EINVAL with *why.
 */
int device_import_check_serial(const char *s, const char **why);

/* device_import_check_phone - "" or digits with '-' and a leading '+'. */
int device_import_check_phone(const char *s, const char **why);

/* ---- a monthly location check, detail form 6 (R-DEV-5) ---- */

struct location_check_entry {
	int64_t id;
	int64_t loan_id;
	int64_t unit_id;
	struct civil_date checked_on;
	int in_cabinet;                   /* in the locked cabinet */
	const char *remarks;              /* in the pool of whoever holds it */
	int64_t checked_by;
	int64_t recorded_at;
	/* server: the loan's start, for location_check_date(); not stored */
	struct civil_date loan_start;
	/* R-META-1: the version of the rules in force when made (server) */
	int64_t policy_version;
};

#endif
