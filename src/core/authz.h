/*
 * authz.h - THE access decision.  Every access Mamori grants or refuses,
 * from the web UI, the JSON API and list filtering alike, is decided by
 * authz_check().  Nothing else in the program compares roles or units to
 * decide access.  Pure: no I/O, no allocation.
 */
#ifndef MM_CORE_AUTHZ_H
#define MM_CORE_AUTHZ_H

#include "types.h"

/*
 * Every action a user can attempt.  Adding one without adding its rows to
 * the table in authz.c and to the matrix in tests/unit/core/test_authz.c
 * fails the build's tests (the matrix test counts ACTION__COUNT).
 */
enum action {
	ACT_HOME_VIEW = 0,     /* own home page */
	ACT_RULES_VIEW,        /* R-META-2: the rules, for every unit */
	ACT_UNIT_VIEW,         /* a unit's page and its staff */
	ACT_UNIT_CREATE,
	ACT_UNIT_UPDATE,
	ACT_USER_VIEW,         /* object unit: the user's home unit */
	ACT_USER_CREATE,
	ACT_USER_UPDATE,
	ACT_USER_DEACTIVATE,
	ACT_USER_SET_PASSWORD, /* somebody else's password */
	ACT_ROLE_ASSIGN,
	ACT_ROLE_REVOKE,
	ACT_TOKEN_CREATE,      /* object owner: the token's user */
	ACT_AUDIT_VIEW,        /* object unit: the entry's unit */
	ACTION__COUNT
};

/* What an action is done to.  unit_id 0: the object belongs to no unit. */
struct authz_object {
	int64_t unit_id;
	int64_t owner_user_id;  /* 0 when the object has no owning user */
	int state;              /* the object's state, for state-dependent rules */
};

/* Which of the principal's roles allowed the access (for the audit). */
struct authz_grant {
	enum role role;         /* ROLE_NONE for administrator or any-user rules */
	int64_t unit_id;
	int by_admin;
};

/*
 * authz_check - may principal p perform action a on object o?
 * o may be NULL for actions on no particular object (then unit checks
 * see unit 0).  On success fills *grant (may be NULL) and returns 0;
 * otherwise returns MM_EDENIED.  A NULL principal is always refused.
 */
int authz_check(const struct principal *p, enum action a,
		const struct authz_object *o, struct authz_grant *grant);

/*
 * action_name - stable English name of an action ("unit.view"), for the
 * audit trail; "unknown" for a value outside the enum.
 */
const char *action_name(enum action a);

#endif
