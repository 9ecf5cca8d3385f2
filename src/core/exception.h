/*
 * exception.h - security exceptions (例外措置適用申請書, detail form 12,
 * 第3-3) and the screenshots one of them allows.
 *
 * The general manager applies to the information-security manager for
 * each of three kinds (R-EXC-1..3); the approval records its scope and
 * period.  Outside an approved exception the device's camera, storage and
 * sending stay forbidden (R-CMP-4).  Screenshots (R-EXC-3) are kept on the
 * device only temporarily: each one taken is logged, and ends moved to
 * the investigation laptop or deleted.  Pure; no I/O, no clock: dates are
 * Asia/Tokyo civil dates passed in.
 */
#ifndef MM_CORE_EXCEPTION_H
#define MM_CORE_EXCEPTION_H
#ifndef MM_SEES_CORE /* the layers: HACKING.md */
#error "layer: core/ is seen only by core/, store/ and the front end"
#endif

#include <stddef.h>
#include <stdint.h>

#include "fsm.h"
#include "policy.h"
#include "types.h"
#include "wareki.h"

/* The kinds of exception.  Values are stored in the database. */
enum exception_kind {
	EXCEPTION_KIND_NONE = 0,
	EXCEPTION_KIND_PHOTO_STORE = 1, /* R-EXC-1 加工した顔写真の保存 */
	EXCEPTION_KIND_PHOTO_SEND = 2,  /* R-EXC-2 顔写真の送信 */
	EXCEPTION_KIND_SCREENSHOT = 3,  /* R-EXC-3 スクリーンショットの一時保存 */
	EXCEPTION_KIND__COUNT
};

/* States of an exception application.  Stored in the database. */
enum exception_state {
	EXCEPTION_NONE = 0,
	EXCEPTION_APPLIED = 1,   /* with the information-security manager */
	EXCEPTION_APPROVED = 2,  /* in force within its period */
	EXCEPTION_REFUSED = 3,
	EXCEPTION_WITHDRAWN = 4, /* the general manager took it back */
	EXCEPTION_REVOKED = 5,   /* the information-security manager ended it */
	EXCEPTION__COUNT
};

enum exception_event {
	EXCEPTION_EV_NONE = 0,
	EXCEPTION_EV_APPLY = 1,    /* general manager: creates the application */
	EXCEPTION_EV_APPROVE = 2,  /* information-security manager, scope+period */
	EXCEPTION_EV_REFUSE = 3,   /* information-security manager, with reason */
	EXCEPTION_EV_WITHDRAW = 4, /* general manager, before a decision */
	EXCEPTION_EV_REVOKE = 5,   /* information-security manager, with reason */
	EXCEPTION_EV__COUNT
};

/*
 * exception_step, exception_step_allowed, exception_event_role: the
 * chain's steps (fsm.h says how).  第3-3: the general manager applies,
 * the information-security manager decides.
 */
FSM_CHAIN_DECLARE(exception, enum exception_state, enum exception_event);

/* The names of kinds and states, indexed by value (record descriptors). */
extern const struct fsm_name exception_kinds[EXCEPTION_KIND__COUNT];
extern const struct fsm_name exception_states[EXCEPTION__COUNT];

/* Key, label and value of each name (fsm.h). */
FSM_NAMES_DECLARE(exception_kind, enum exception_kind);
FSM_NAMES_DECLARE(exception_state, enum exception_state);
FSM_NAMES_DECLARE(exception_event, enum exception_event);

/*
 * exception_check_period - the period an approval records: valid dates
 * with from not after until (both days included).  Returns 0 or
 * MM_EINVAL with *why (may be NULL) a static Japanese message.  The rule
 * of exception_approval_record, whose fields require the scope and the
 * dates.
 */
int exception_check_period(const struct civil_date *from,
			   const struct civil_date *until, const char **why);

/*
 * exception_check_end - the reason a step that ends an application gives:
 * a refusal and a revocation say why (第3-3), a withdrawal need not.
 * Returns 0 or MM_EINVAL with *why (may be NULL) a static Japanese
 * message.
 */
int exception_check_end(enum exception_event ev, const char *reason,
			const char **why);

/* One exception as exception_active() weighs it. */
struct exception_grant {
	enum exception_kind kind;
	enum exception_state state;
	struct civil_date from;   /* first day of the approved period */
	struct civil_date until;  /* last day of the approved period */
};

/*
 * exception_active - 1 when one of the n exceptions is of this kind,
 * approved, and its period contains the civil date d (from and until
 * included); 0 otherwise, also for an invalid d.
 */
int exception_active(const struct exception_grant *g, size_t n,
		     enum exception_kind kind, const struct civil_date *d);

/* States of one screenshot (R-EXC-3).  Stored in the database. */
enum screenshot_state {
	SCREENSHOT_NONE = 0,
	SCREENSHOT_TAKEN = 1,   /* on the device */
	SCREENSHOT_MOVED = 2,   /* moved to the investigation laptop */
	SCREENSHOT_DELETED = 3, /* deleted from the device */
	SCREENSHOT__COUNT
};

enum screenshot_event {
	SCREENSHOT_EV_NONE = 0,
	SCREENSHOT_EV_MOVE = 1,   /* 捜査用携帯パソコンへ移管 */
	SCREENSHOT_EV_DELETE = 2, /* 削除 */
	SCREENSHOT_EV__COUNT
};

/*
 * screenshot_transition (fsm.h says how): a screenshot leaves the device
 * once.
 */
FSM_TRANSITION_DECLARE(screenshot, enum screenshot_state,
	enum screenshot_event);

/* The names of the states, indexed by value (record descriptors). */
extern const struct fsm_name screenshot_states[SCREENSHOT__COUNT];

/* Key, label and value of each name (fsm.h). */
FSM_NAMES_DECLARE(screenshot_state, enum screenshot_state);
FSM_NAMES_DECLARE(screenshot_event, enum screenshot_event);

/*
 * screenshot_check_taken - logging a screenshot taken on the civil date
 * taken_on for the stated reason: R-EXC-3 allows it only under an
 * approved screenshot exception covering that day (R-CMP-4 forbids it
 * otherwise), and the log says why.  Returns 0; MM_EINVAL for an invalid
 * date or no reason; MM_ERULE when no exception covers the day; *why (may
 * be NULL) is a static Japanese message.
 */
int screenshot_check_taken(const struct exception_grant *g, size_t n,
			   const struct civil_date *taken_on,
			   const char *reason, const char **why);

/*
 * screenshot_check_time - a screenshot is logged after it was taken:
 * taken_at (unix time) is set and not after now.  Returns 0 or MM_EINVAL
 * with *why (may be NULL) a static Japanese message.
 */
int screenshot_check_time(int64_t taken_at, int64_t now, const char **why);

/* The front ends' answers for a loan they cannot find or a bad time. */
#define MM_SCREENSHOT_NO_LOAN_MSG "撮影した端末の貸出が見つかりません"
#define MM_SCREENSHOT_BAD_TIME_MSG "撮影日時が正しくありません"

/*
 * screenshot_overdue - 1 when a screenshot in state s, taken on the civil
 * date taken_on, is still on the device on the civil date today more
 * than p->screenshot_max_days days later; 0 otherwise, also for invalid
 * dates.  These are listed on the home pages of the unit's assistant and
 * the general manager.
 */
int screenshot_overdue(const struct policy *p, enum screenshot_state s,
		       const struct civil_date *taken_on,
		       const struct civil_date *today);

/*
 * screenshot_overdue_before - the day *out such that a screenshot still
 * on the device is overdue on today exactly when it was taken before
 * *out (screenshot_overdue() as a bound a list query can select by).
 * Returns 0 or MM_EINVAL for an invalid today.
 */
int screenshot_overdue_before(const struct policy *p,
			      const struct civil_date *today,
			      struct civil_date *out);

/* ---- the records as the registers hold them ---- */

#define MM_CASE_REF_MAX MM_NAME_MAX /* bytes: 64 characters of up to 4 */

/*
 * One application for an exception (detail form 12).  What is applied for
 * (kind, scope, purpose) is read through exception_record (records.h).
 */
struct security_exception {
	int64_t id;
	enum exception_kind kind;
	/* Text in the pool of whoever holds the record (FIELD_POOLED). */
	const char *scope;                /* the scope applied for */
	const char *purpose;              /* why it is needed */
	enum exception_state state;
	int64_t applicant_id;             /* the general manager */
	int64_t applied_at;
	const char *approved_scope;       /* as the approval records it */
	struct civil_date valid_from;     /* approved period, both days in */
	struct civil_date valid_until;
	int64_t decided_by, decided_at;   /* approval or refusal */
	int64_t ended_by, ended_at;       /* withdrawal or revocation */
	const char *reason;               /* refusal, withdrawal, revocation */
	int64_t version;
	/* R-META-1: the version of the rules in force when made (server) */
	int64_t policy_version;
};

/* The body of an approval: the scope and period approved (R-EXC-1..3). */
struct exception_approval {
	const char *scope;                /* pooled, as the input's text */
	struct civil_date valid_from, valid_until;
};

/* The body of a refusal, revocation or withdrawal (exception_check_end). */
struct exception_end {
	enum exception_event event; /* server: the step taken */
	const char *reason;         /* pooled, as the input's text */
};

/*
 * One screenshot logged (R-EXC-3).  What the user logs (loan_id,
 * case_ref, taken_at, reason) is read through screenshot_record.
 */
struct screenshot {
	int64_t id;
	int64_t loan_id;                  /* the unit's device on loan */
	int64_t unit_id;                  /* set from the loan */
	int64_t device_id;                /* set from the loan */
	int64_t exception_id;             /* the exception that allowed it */
	/* Text in the pool of whoever holds the record (FIELD_POOLED). */
	const char *case_ref;             /* the case, free text */
	int64_t taken_at;
	struct civil_date taken_on;       /* Asia/Tokyo day of taken_at */
	const char *reason;               /* why it was taken */
	enum screenshot_state state;
	int64_t recorded_by, recorded_at;
	int64_t disposed_by, disposed_at; /* moved or deleted */
	const char *disposal_note;
	int64_t version;
	/* R-META-1: the version of the rules in force when made (server) */
	int64_t policy_version;
};

/* The body of a move or deletion: what was done, optional. */
struct screenshot_disposal {
	const char *note;                 /* pooled, as the input's text */
};

#endif
