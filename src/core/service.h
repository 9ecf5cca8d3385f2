/*
 * service.h - the application to use an external service under terms of
 * service (約款による外部サービスの利用申請書, detail form 9): one SNS or
 * other service account on one device (R-SVC-1..4).  The chain runs in
 * one order, each step by one role:
 *
 *   apply            the unit's assistant, to the unit's manager (R-SVC-1)
 *   permit / refuse  the unit's manager
 *   forward          the general manager, on to the information-security
 *                    manager (R-SVC-2)
 *   record measures  the information-security manager records the
 *                    security measures agreed with the manager and the
 *                    general manager: the permission is now in force
 *
 * A change to anything applied for is a new application running the same
 * chain (R-SVC-3); the old one stays in force until the new one is, and is
 * then superseded.  An account no longer needed is deleted and the
 * deletion reported to the manager (R-SVC-4); returning the device
 * (R-DEV-9) deletes every account on it that has not ended.  Whether a
 * device may be used (R-DEV-6) is device_usable() (device.h), fed with
 * the count of the device's accounts that have no application in force.
 * Pure; no I/O.
 */
#ifndef MM_CORE_SERVICE_H
#define MM_CORE_SERVICE_H
#ifndef MM_SEES_CORE /* the layers: HACKING.md */
#error "layer: core/ is seen only by core/, store/ and the front end"
#endif

#include <stddef.h>
#include <stdint.h>

#include "fsm.h"
#include "types.h"

/* States of one application.  Values are stored in the database. */
enum service_state {
	SERVICE_NONE = 0,
	SERVICE_APPLIED = 1,    /* waiting for the unit's manager */
	SERVICE_PERMITTED = 2,  /* permitted, waiting for the general manager */
	SERVICE_FORWARDED = 3,  /* with the information-security manager */
	SERVICE_IN_FORCE = 4,   /* measures recorded: the account may be used */
	SERVICE_REFUSED = 5,    /* the manager refused */
	SERVICE_WITHDRAWN = 6,  /* the assistant took it back before the end */
	SERVICE_SUPERSEDED = 7, /* a changed application came into force */
	SERVICE_DELETED = 8,    /* R-SVC-4: account deleted, manager told */
	SERVICE__COUNT
};

enum service_event {
	SERVICE_EV_NONE = 0,
	SERVICE_EV_APPLY = 1,     /* assistant: creates the application */
	SERVICE_EV_PERMIT = 2,    /* manager */
	SERVICE_EV_REFUSE = 3,    /* manager, with a reason */
	SERVICE_EV_FORWARD = 4,   /* general manager */
	SERVICE_EV_RECORD_MEASURES = 5, /* information-security manager */
	SERVICE_EV_WITHDRAW = 6,  /* assistant, before the chain ends */
	/*
	 * Information-security manager, only in the same step that puts the
	 * changed application in force (service_check_supersede).
	 */
	SERVICE_EV_SUPERSEDE = 7,
	SERVICE_EV_DELETE = 8,    /* assistant: R-SVC-4, reported to the manager */
	/*
	 * Manager, only inside the return of the device (R-DEV-9): the
	 * return checklist confirms the account deleted, and the manager it
	 * would be reported to is the one confirming.  It also ends a chain
	 * still running: the account applied for may already be on the
	 * device, and a permission must not come into force for a device
	 * the unit no longer holds.
	 */
	SERVICE_EV_DELETE_AT_RETURN = 9,
	SERVICE_EV__COUNT
};

/*
 * service_step, service_step_allowed, service_event_role: the chain's
 * steps (fsm.h says how), each fired by one role (R-SVC-1, R-SVC-2).  No
 * step follows the end of an application (MM_ESTATE).
 */
FSM_CHAIN_DECLARE(service, enum service_state, enum service_event);

/* service_in_force - 1 when an application in state s permits the account. */
int service_in_force(enum service_state s);

/* service_open - 1 while the chain of an application in state s runs. */
int service_open(enum service_state s);

/* The names of the states, indexed by value (record descriptors). */
extern const struct fsm_name service_states[SERVICE__COUNT];

/* Key, label and value of each name (fsm.h). */
FSM_NAMES_DECLARE(service_state, enum service_state);
FSM_NAMES_DECLARE(service_event, enum service_event);

/*
 * What detail form 9 applies for.  Strings are borrowed; NULL is "".
 * What must be given and how long it may be are the descriptor's
 * (service_record, records.h), which the store checks last too.
 */
struct service_request {
	const char *service;  /* the SNS or other service: "X", "LINE" */
	const char *handle;   /* the account's handle or id on it */
	int64_t device_id;    /* the device it is used on */
	const char *purpose;  /* 利用目的 */
};

/*
 * service_changed - R-SVC-3: 1 when b differs from a in anything applied
 * for (so b needs the whole chain again), 0 when they are the same.
 */
int service_changed(const struct service_request *a,
		    const struct service_request *b);

/*
 * service_check_change - R-SVC-3: a change applies for something other
 * than what the old application did (service_changed()).  0 or MM_EINVAL
 * with *why (may be NULL) a static Japanese message.
 */
int service_check_change(const struct service_request *old,
			 const struct service_request *changed,
			 const char **why);

/* The front ends' answer when the device an application names is unknown. */
#define MM_SERVICE_NO_DEVICE_MSG "端末が見つかりません"

/*
 * service_check_agreement - R-SVC-2: the measures were agreed with both
 * the manager and the general manager.  0 or MM_EINVAL with *why as
 * above.  The rule of service_measures_record: to its fields an unticked
 * box is a valid "no", and that the measures are given is theirs.
 */
int service_check_agreement(int agreed_with_manager,
			    int agreed_with_general_manager, const char **why);

/* ---- an application as the register holds it ---- */

#define MM_SERVICE_NAME_MAX MM_NAME_MAX /* bytes: 64 characters of up to 4 */

/*
 * One application for one account.  The applications of the same account
 * (the first and its changes, R-SVC-3) share account_id, the id of the
 * first; a later one names the one it changes in replaces_id.  What is
 * applied for (service, handle, device_id, purpose) is read through the
 * descriptor service_record (records.h).
 */
struct service_application {
	int64_t id;
	int64_t account_id;
	int64_t replaces_id;                  /* 0 for a first application */
	int64_t unit_id;
	/* Text in the pool of whoever holds the record (FIELD_POOLED). */
	const char *service;                  /* "X", "LINE" */
	const char *handle;                   /* the account */
	int64_t device_id;
	const char *purpose;
	enum service_state state;
	int64_t applied_by, applied_at;
	int64_t decided_by, decided_at;       /* manager: permit or refuse */
	const char *refusal_reason;
	int64_t forwarded_by, forwarded_at;   /* general manager */
	const char *measures;                 /* R-SVC-2: agreed measures */
	int agreed_with_manager;
	int agreed_with_general_manager;
	int64_t measures_by, measures_at;     /* information-security manager */
	int64_t ended_by, ended_at;           /* withdrawn, superseded or deleted */
	const char *deletion_note;            /* R-SVC-4 */
	int64_t deletion_ack_by, deletion_ack_at; /* the manager was told */
	int64_t version;
	/* R-META-1: the version of the rules in force when made (server) */
	int64_t policy_version;
};

/*
 * service_request_of - what application x applies for, borrowing its
 * texts (for service_changed()).
 */
struct service_request service_request_of(const struct service_application *x);

/*
 * The bodies of the steps that carry more than the version read, each
 * read through its descriptor (records.h).
 */
struct service_refusal {              /* the manager refuses: why */
	const char *reason;           /* pooled, as the input's text */
};
struct service_deletion {             /* R-SVC-4: what was deleted, optional */
	const char *note;
};
struct service_measures {             /* R-SVC-2 */
	const char *measures;
	int agreed_with_manager;
	int agreed_with_general_manager;
};

/*
 * One application for an account, as R-SVC-3 weighs it: seq orders the
 * applications for the same account (a later application has a larger
 * seq, e.g. its id).
 */
struct service_version {
	int64_t seq;
	enum service_state state;
};

/*
 * service_version_in_force - R-SVC-3: of the n applications for one
 * account, the one whose permission is in force: the latest one in state
 * IN_FORCE.  An older one keeps the account usable while a changed
 * application runs its chain, and stops counting the moment the new one
 * is in force, even before the store has marked it superseded.  Returns
 * 0 and sets *index, or MM_ENOTFOUND when none is in force.
 */
int service_version_in_force(const struct service_version *v, size_t n,
			     size_t *index);

/*
 * service_check_supersede - R-SVC-3: `older` may be superseded only by a
 * later application for the same account that is in force, and only
 * while it is itself in force.  Returns 0 or MM_ERULE with *why (may be
 * NULL) a static Japanese message.
 */
int service_check_supersede(const struct service_version *older,
			    const struct service_version *newer,
			    const char **why);

#endif
