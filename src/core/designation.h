/*
 * designation.h - a unit's operations manager designates operations
 * officers (R-ROLE-4) and communication officers (R-ROLE-5).  Each
 * designation, re-designation and revocation is an entry of the
 * communication-officer designation register (交信担当者指定簿, form 1),
 * a copy of which goes to the general manager; the entry's kind is the
 * event below.  Only a designation in force lets its holder act as an
 * officer (take a device out, log communications), so a revocation takes
 * effect at once.  Pure; no I/O.
 */
#ifndef MM_CORE_DESIGNATION_H
#define MM_CORE_DESIGNATION_H
#ifndef MM_SEES_CORE /* the layers: HACKING.md */
#error "layer: core/ is seen only by core/, store/ and the front end"
#endif

#include "fsm.h"
#include "types.h"

/* States of one designation of one person.  Stored in the database. */
enum designation_state {
	DESIGNATION_NONE = 0,
	DESIGNATION_ACTIVE = 1,  /* 指定中 */
	DESIGNATION_REVOKED = 2, /* 指定解除 */
	DESIGNATION__COUNT
};

/* Events, and so the kinds of entry in form 1.  Stored in the database. */
enum designation_event {
	DESIGNATION_EV_NONE = 0,
	DESIGNATION_EV_DESIGNATE = 1,   /* 指定: creates the designation */
	DESIGNATION_EV_REDESIGNATE = 2, /* 再指定: a revoked one, again */
	DESIGNATION_EV_REVOKE = 3,      /* 指定解除 */
	DESIGNATION_EV__COUNT
};

/*
 * designation_step, designation_step_allowed, designation_event_role:
 * the chain's steps (fsm.h says how).  Only the operations manager
 * designates, re-designates and revokes (R-ROLE-4, R-ROLE-5); designating
 * someone already designated or revoking twice is MM_ESTATE.
 */
FSM_CHAIN_DECLARE(designation, enum designation_state, enum designation_event);

/* designation_in_force - 1 when a designation in state s lets its holder act. */
int designation_in_force(enum designation_state s);

/* The names of the states, indexed by value (record descriptors). */
extern const struct fsm_name designation_states[DESIGNATION__COUNT];

/* Key, label and value of each name (fsm.h). */
FSM_NAMES_DECLARE(designation_state, enum designation_state);
FSM_NAMES_DECLARE(designation_event, enum designation_event);

/*
 * What a designation records besides who and which unit.  Strings are
 * borrowed; NULL is the same as "".
 */
struct designation_grounds {
	enum role role;               /* OPERATIONS_OFFICER or COMM_OFFICER */
	enum rank rank;               /* the person's recorded rank (user.rank) */
	const char *exception_reason; /* R-ROLE-4: why not an inspector */
	const char *knowledge;        /* R-ROLE-5: knowledge of cyber patrol */
	const char *aptitude;         /* R-ROLE-5: aptitude */
};

/*
 * designation_check - the grounds of a designation or re-designation.
 * R-ROLE-4: an operations officer is an inspector (警部補) or of
 * equivalent rank, or else the reason for the exception is given.
 * R-ROLE-5: a communication officer's designation states the knowledge
 * of cyber patrol and the aptitude it rests on.  Returns 0; MM_EINVAL for
 * another role, an unknown rank or a missing text; *why (may be NULL) is
 * a static Japanese message.
 */
int designation_check(const struct designation_grounds *g, const char **why);

/*
 * designation_blame - the field of a designation whose grounds g
 * designation_check() refuses ("exception_reason", "knowledge",
 * "aptitude", "role"), or NULL when the fault is the person's rank not
 * being recorded (the user, not any field of the grounds).
 */
const char *designation_blame(const struct designation_grounds *g);

/* ---- a designation as the register holds it ---- */

/*
 * One person's designation to one officer role in one unit.  What the
 * manager enters (user_id, role and the grounds' texts) is read through
 * designation_record, the grounds of a re-designation through
 * designation_grounds_record (records.h); the unit and the rank are the
 * user's, set by the server.
 */
struct designation {
	int64_t id;
	int64_t unit_id;
	int64_t user_id;
	enum role role;                      /* OPERATIONS_OFFICER or COMM_OFFICER */
	enum designation_state state;
	/* The grounds of the latest designation or re-designation. */
	enum rank rank;
	/* Text in the pool of whoever holds the record (FIELD_POOLED). */
	const char *exception_reason;        /* R-ROLE-4 */
	const char *knowledge;               /* R-ROLE-5 */
	const char *aptitude;                /* R-ROLE-5 */
	int64_t designated_by, designated_at;
	int64_t revoked_by, revoked_at;      /* 0 while in force */
	int64_t version;
	/* R-META-1: the version of the rules in force when made (server) */
	int64_t policy_version;
};

/* designation_grounds_of - the grounds d records, borrowing its texts. */
struct designation_grounds designation_grounds_of(const struct designation *d);

/* The body of a revocation: why, optional. */
struct designation_revocation {
	const char *reason;                  /* pooled, as the input's text */
};

/* The front ends' answer when the user to designate is unknown or inactive. */
#define MM_DESIGNATION_NO_USER_MSG "職員が見つかりません"

#endif
