/*
 * breach.h - a report of a breach of the compliance rules (遵守事項,
 * 第3-4: R-CMP-1..5) and the chain it runs (第3-5, R-CMP-6):
 *
 *   report            the unit's assistant, to the unit's manager
 *   forward           the manager, to the general manager; or
 *   forward_incident  the manager, to the general manager and, as an
 *                     information-security incident that must be
 *                     reported, also to the head of the IT division
 *   acknowledge       each recipient, in either order
 *
 * The report is closed when every recipient has acknowledged.  The
 * timeline (who did what when) is the store's.  Pure; no I/O.
 */
#ifndef MM_CORE_BREACH_H
#define MM_CORE_BREACH_H
#ifndef MM_SEES_CORE /* the layers: HACKING.md */
#error "layer: core/ is seen only by core/, store/ and the front end"
#endif

#include <stdint.h>

#include "fsm.h"
#include "types.h"

/* The rule broken.  Values are stored in the database. */
enum breach_rule {
	BREACH_RULE_NONE = 0,
	BREACH_RULE_PURPOSE = 1,    /* R-CMP-1 目的外使用 */
	BREACH_RULE_LENDING = 2,    /* R-CMP-2 関係のない者への貸与 */
	BREACH_RULE_CONNECTION = 3, /* R-CMP-3 警察情報システム等への接続 */
	BREACH_RULE_FUNCTIONS = 4,  /* R-CMP-4 カメラ・通話・保存・送信 */
	BREACH_RULE_CONTRACT = 5,   /* R-CMP-5 付随する新たな契約 */
	BREACH_RULE__COUNT
};

/* States of a report.  Values are stored in the database. */
enum breach_state {
	BREACH_NONE = 0,
	BREACH_REPORTED = 1,      /* with the unit's manager */
	BREACH_FORWARDED = 2,     /* awaiting the general manager */
	BREACH_INCIDENT = 3,      /* awaiting the general manager and IT head */
	BREACH_AWAIT_IT_HEAD = 4, /* incident: general manager acknowledged */
	BREACH_AWAIT_GENERAL_MANAGER = 5, /* incident: IT head acknowledged */
	BREACH_CLOSED = 6,        /* every recipient acknowledged */
	BREACH__COUNT
};

enum breach_event {
	BREACH_EV_NONE = 0,
	BREACH_EV_REPORT = 1,           /* assistant: creates the report */
	BREACH_EV_FORWARD = 2,          /* manager */
	BREACH_EV_FORWARD_INCIDENT = 3, /* manager: also to the IT head */
	BREACH_EV_ACK_GENERAL_MANAGER = 4,
	BREACH_EV_ACK_IT_HEAD = 5,
	BREACH_EV__COUNT
};

/*
 * breach_step, breach_step_allowed, breach_event_role: the chain's steps
 * (fsm.h says how).  Each step is fired by one role (R-CMP-6); the IT
 * head acknowledging a report never sent to him is MM_ESTATE.
 */
FSM_CHAIN_DECLARE(breach, enum breach_state, enum breach_event);

/*
 * breach_goes_to_it_head - 1 when a report in state s has been (or is
 * being) sent to the head of the IT division, i.e. it was forwarded as a
 * reportable information-security incident.  A CLOSED report does not
 * tell: the store keeps that mark.
 */
int breach_goes_to_it_head(enum breach_state s);

/* The names of rules and states, indexed by value (record descriptors). */
extern const struct fsm_name breach_rules[BREACH_RULE__COUNT];
extern const struct fsm_name breach_states[BREACH__COUNT];

/* Key, label and value of each name (fsm.h). */
FSM_NAMES_DECLARE(breach_rule, enum breach_rule);
FSM_NAMES_DECLARE(breach_state, enum breach_state);
FSM_NAMES_DECLARE(breach_event, enum breach_event);

/*
 * breach_check_time - R-CMP-6: the breach reported happened at a time
 * after the epoch and not after now (when it is reported).  Returns 0 or
 * MM_EINVAL with *why (may be NULL) a static Japanese message.  The rest
 * of a report (the rule broken is one of R-CMP-1..5, what happened and
 * who are stated) is its descriptor's (breach_record, records.c), which
 * calls this as its rule.
 */
int breach_check_time(int64_t occurred_at, int64_t now, const char **why);

/* ---- a report as the register holds it ---- */

#define MM_BREACH_STEPS_MAX 8

/* One step of a report's timeline. */
struct breach_step_entry {
	enum breach_event event;
	int64_t actor_id;
	/* in the pool of whoever holds the report; "" when the user is gone */
	const char *actor_name;
	enum role role;
	int64_t at;
};

struct breach {
	int64_t id;
	int64_t unit_id;
	enum breach_rule rule;
	/* Text in the pool of whoever holds the record (FIELD_POOLED). */
	const char *what;
	const char *who;
	int64_t occurred_at;
	enum breach_state state;
	int incident;                     /* forwarded as a reportable incident */
	int64_t reported_by, reported_at;
	int64_t version;
	struct breach_step_entry steps[MM_BREACH_STEPS_MAX]; /* oldest first */
	size_t n_steps;
	/* R-META-1: the version of the rules in force when made (server) */
	int64_t policy_version;
};

#endif
