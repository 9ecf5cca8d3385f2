/*
 * takeout.h - taking a device out of the police building (R-DEV-7,
 * detail form 1 モバイル端末・外部記録媒体等利用管理簿): a communication
 * officer asks, the assistant permits or refuses, and after use the
 * officer reports that nothing was lost or damaged (or what happened) and
 * the results.  Whether the device may be used at all is device_usable()
 * (R-DEV-6, device.h).  Pure; no I/O, no clock: times are unix seconds
 * passed in.
 */
#ifndef MM_CORE_TAKEOUT_H
#define MM_CORE_TAKEOUT_H
#ifndef MM_SEES_CORE /* the layers: HACKING.md */
#error "layer: core/ is seen only by core/, store/ and the front end"
#endif

#include <stdint.h>

#include "fsm.h"
#include "policy.h"
#include "types.h"

/* States of a take-out.  Values are stored in the database. */
enum takeout_state {
	TAKEOUT_NONE = 0,
	TAKEOUT_REQUESTED = 1, /* entered in detail form 1, awaiting the assistant */
	TAKEOUT_PERMITTED = 2, /* permitted: the device may be (and is) out */
	TAKEOUT_REFUSED = 3,
	TAKEOUT_RETURNED = 4,  /* back, loss/damage and results reported */
	TAKEOUT_CANCELLED = 5, /* withdrawn by the officer before a decision */
	TAKEOUT__COUNT
};

enum takeout_event {
	TAKEOUT_EV_NONE = 0,
	TAKEOUT_EV_PERMIT = 1,  /* the assistant */
	TAKEOUT_EV_REFUSE = 2,  /* the assistant */
	TAKEOUT_EV_REPORT = 3,  /* the officer, on return */
	TAKEOUT_EV_CANCEL = 4,  /* the officer, while still requested */
	TAKEOUT_EV__COUNT
};

/*
 * takeout_transition (fsm.h says how).  A permitted take-out ends only
 * with the officer's report: it cannot be cancelled, so no device leaves
 * the building without the report R-DEV-7 requires.
 */
FSM_TRANSITION_DECLARE(takeout, enum takeout_state, enum takeout_event);

/* The names of the states, indexed by value (record descriptors). */
extern const struct fsm_name takeout_states[TAKEOUT__COUNT];

/* Key, label and value of each name (fsm.h). */
FSM_NAMES_DECLARE(takeout_state, enum takeout_state);
FSM_NAMES_DECLARE(takeout_event, enum takeout_event);

/*
 * takeout_check_request - the planned times of a take-out: expected_back
 * must be after out_at.  Returns 0 or MM_EINVAL with *why (may be NULL)
 * a static Japanese message.
 */
int takeout_check_request(int64_t out_at, int64_t expected_back,
			  const char **why);

/*
 * takeout_check_incident - R-DEV-7: unless nothing was lost or damaged,
 * the report after use states what happened (text other than spaces).
 * Returns 0 or MM_EINVAL with *why as above.  The rule of
 * takeout_report_record, whose fields require the results.
 */
int takeout_check_incident(int no_loss_or_damage, const char *incident,
			   const char **why);

/*
 * takeout_check_decision - the assistant's decision: a refusal tells the
 * officer why (text other than spaces); a permission or the officer's
 * withdrawal may.  Returns 0 or MM_EINVAL with *why as above.
 */
int takeout_check_decision(enum takeout_event event, const char *reason,
			   const char **why);

/*
 * takeout_overdue - 1 when a take-out in state s is still out (PERMITTED)
 * at time now, later than expected_back plus the policy's grace; else 0.
 */
int takeout_overdue(const struct policy *p, enum takeout_state s,
		    int64_t expected_back, int64_t now);

/* ---- a take-out as detail form 1 holds it ---- */

struct takeout {
	int64_t id;
	int64_t loan_id;
	int64_t unit_id;
	int64_t officer_id;               /* the communication officer */
	int64_t out_at;                   /* planned departure */
	int64_t expected_back;
	/* Text in the pool of whoever holds the record (FIELD_POOLED). */
	const char *destination;
	const char *reason;
	enum takeout_state state;
	int64_t requested_at;
	int64_t decided_by, decided_at;
	const char *decision_reason;
	int64_t returned_at;
	int no_loss_or_damage;
	const char *incident;
	const char *results;
	int64_t version;
	/* R-META-1: the version of the rules in force when made (server) */
	int64_t policy_version;
};

/*
 * The assistant's decision (permit, refuse) or the officer's withdrawal
 * as sent (TakeoutDecision); event is the server's: the step taken.
 */
struct takeout_decision {
	enum takeout_event event;
	const char *reason;               /* pooled, as the input's text */
};

/* The officer's report after use (R-DEV-7) as sent (TakeoutReport). */
struct takeout_report {
	int no_loss_or_damage;
	const char *incident;             /* pooled, as the input's text */
	const char *results;
};

#endif
