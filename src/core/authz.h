/*
 * authz.h - THE access decision.  Every access Mamori grants or refuses,
 * from the web UI, the JSON API and list filtering alike, is decided by
 * authz_check().  Nothing else in the program compares roles or units to
 * decide access.  Pure: no I/O, no allocation.
 */
#ifndef MM_CORE_AUTHZ_H
#define MM_CORE_AUTHZ_H
#ifndef MM_SEES_CORE /* the layers: HACKING.md */
#error "layer: core/ is seen only by core/, store/ and the front end"
#endif

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
	ACT_TOKEN_VIEW,        /* list tokens; owner, or the administrator */
	ACT_TOKEN_REVOKE,      /* owner, or the administrator */
	ACT_PASSWORD_CHANGE,   /* one's own password (object owner: oneself) */
	ACT_AUDIT_VIEW,        /* object unit: the entry's unit */
	/*
	 * Device lending (R-DEV-1..9).  Object unit: the unit the device,
	 * application, loan, check or take-out belongs to (0 for a device
	 * in stock at HQ).
	 */
	ACT_DEVICE_VIEW,          /* registry entry and its history */
	ACT_DEVICE_MANAGE,        /* register, edit, import, retire (HQ) */
	ACT_APPLICATION_VIEW,     /* form 3 */
	ACT_APPLICATION_CREATE,   /* R-DEV-2, R-DEV-8: the unit's manager */
	ACT_APPLICATION_DECIDE,   /* the general manager */
	ACT_APPLICATION_WITHDRAW, /* the applicant unit's manager */
	ACT_LOAN_VIEW,            /* form 2 entry, detail form 5 */
	ACT_LOAN_LEND,            /* R-DEV-3 */
	ACT_LOAN_RECEIVE,         /* R-DEV-4: the unit's operations officer */
	ACT_LOAN_RETURN,          /* R-DEV-9: the unit's manager */
	ACT_LOAN_CLOSE,           /* R-DEV-9: the general manager */
	ACT_CHECK_VIEW,           /* detail form 6 */
	ACT_CHECK_RECORD,         /* R-DEV-5: the unit's assistant */
	ACT_TAKEOUT_VIEW,         /* detail form 1 */
	ACT_TAKEOUT_REQUEST,      /* R-DEV-7: a communication officer */
	ACT_TAKEOUT_DECIDE,       /* R-DEV-7: the unit's assistant */
	ACT_TAKEOUT_REPORT,       /* object owner: the requesting officer */
	/* Designations, form 1 (R-ROLE-4, R-ROLE-5). */
	ACT_DESIGNATION_VIEW,
	ACT_DESIGNATION_MANAGE,   /* designate, re-designate, revoke */
	/* SNS and other external services, detail form 9 (R-SVC-1..4). */
	ACT_SERVICE_VIEW,
	ACT_SERVICE_APPLY,        /* apply, change, withdraw, delete: assistant */
	ACT_SERVICE_PERMIT,       /* permit or refuse: the unit's manager */
	ACT_SERVICE_FORWARD,      /* the general manager */
	ACT_SERVICE_MEASURES,     /* the information-security manager */
	/* Security exceptions, detail form 12 (R-EXC-1..3); object unit 0. */
	ACT_EXCEPTION_VIEW,
	ACT_EXCEPTION_APPLY,      /* apply, withdraw: the general manager */
	ACT_EXCEPTION_DECIDE,     /* approve, refuse, revoke: infosec manager */
	ACT_SCREENSHOT_VIEW,      /* R-EXC-3 log */
	ACT_SCREENSHOT_RECORD,    /* taken, moved to the laptop, deleted */
	/* Breach reports (R-CMP-1..6). */
	ACT_BREACH_VIEW,
	ACT_BREACH_REPORT,        /* the unit's assistant */
	ACT_BREACH_FORWARD,       /* the unit's manager */
	ACT_BREACH_ACK,           /* general manager, head of IT division */
	/*
	 * Protective-contact cases (R-CASE-1, R-CASE-2).  Object unit: the
	 * unit holding the case (the assigned unit once assigned, else the
	 * station that reported it); also_unit_id: the reporting station.
	 */
	ACT_CASE_VIEW,            /* the case's units and HQ's roles */
	ACT_CASE_REPORT,          /* a station's manager, assistant, officer */
	ACT_CASE_TRIAGE,          /* the HQ juvenile division's head */
	ACT_CASE_ASSIGN,          /* the HQ juvenile division's head */
	ACT_CASE_LOG,             /* object owner: the assigned officer; the
				     unit's assistant */
	ACT_CASE_REVIEW,          /* a flagged message: the unit's assistant */
	ACT_CASE_READS_VIEW,      /* who read which case: the general manager */
	/* R-CASE-2: check a draft (or a logged message) against the policy;
	 * on no object: the roles that write to or answer for the contact. */
	ACT_MESSAGE_CHECK,
	/*
	 * Meetings of protective contact cases (R-CASE-3..11): the unit's
	 * staff and the general manager read them (form 5's copy, R-CASE-8).
	 */
	ACT_MEETING_VIEW,
	ACT_MEETING_REPORT,       /* report, outcome, results: comm. officer */
	ACT_MEETING_FORWARD,      /* the unit's assistant */
	ACT_MEETING_INSTRUCT,     /* instruct, send back, follow-up: manager */
	/*
	 * Support requests (R-CASE-10): every unit's manager reads them (the
	 * other units are asked), the requesting unit's staff too.
	 */
	ACT_SUPPORT_VIEW,
	ACT_SUPPORT_REQUEST,      /* the unit's manager */
	ACT_SUPPORT_ARRANGE,      /* ask the units, close: general manager */
	ACT_SUPPORT_ANSWER,       /* another unit's manager */
	/* Staff face photos (R-PHOTO-1..4): form 4 and processed photos. */
	ACT_PHOTO_VIEW,           /* the unit's and HQ's; each image audited */
	ACT_PHOTO_APPLY,          /* the unit's communication officer */
	ACT_PHOTO_DECIDE,         /* the unit's manager */
	ACT_PHOTO_PROCESS,        /* upload, preview, remove from a device */
	/*
	 * The division's statistics (issue 11), read and exported.  Object
	 * unit: the unit counted (0: every unit and their total).
	 */
	ACT_STATS_VIEW,           /* HQ's case readers every unit; a station its own */
	/*
	 * Retention (R-RET-2): the general manager sees what is due, places
	 * and lifts holds and disposes of documents; the register is HQ's.
	 */
	ACT_DISPOSAL_VIEW,        /* due documents, holds, the register */
	ACT_DISPOSAL_DISPOSE,     /* dispose of documents past retention */
	ACT_HOLD_MANAGE,          /* place and lift holds */
	ACTION__COUNT
};

/*
 * Bits of authz_object.state that rules look at.  AUTHZ_STATE_INCIDENT:
 * a breach report the unit's manager forwarded as an information-security
 * incident, which is all the head of the IT management division may see
 * (R-CMP-6).  It stays set once set, also after the report is closed.
 */
#define AUTHZ_STATE_INCIDENT 1

/* What an action is done to.  unit_id 0: the object belongs to no unit. */
struct authz_object {
	int64_t unit_id;
	int64_t owner_user_id;  /* 0 when the object has no owning user */
	int state;              /* AUTHZ_STATE_* bits of the object */
	/*
	 * A second unit that reads the object too, where a rule says so
	 * (the station that reported a case now held by another unit);
	 * 0: none.
	 */
	int64_t also_unit_id;
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
 * struct authz_view - every object a principal may do one action to, as a
 * set a list query can select by (R-ROLE-1..3: a station's lists hold only
 * its own records): all objects; or the union of the objects of some
 * units, the objects carrying AUTHZ_STATE_INCIDENT in any unit, and the
 * objects the principal owns.  It is read off THE table by authz_view(),
 * and authz_view_allows() answers for an object exactly as authz_check()
 * does (tests/unit/core/test_authz.c checks every action, principal and
 * object against it), so a list filtered in its query and a record read
 * on its own are decided alike.
 */
#define AUTHZ_VIEW_UNITS MM_PRINCIPAL_ROLES
struct authz_view {
	int all;                /* every object, of any unit or of none */
	int incidents;          /* objects with AUTHZ_STATE_INCIDENT */
	int64_t owner_user_id;  /* objects this user owns; 0: none */
	size_t n_units;
	int64_t units[AUTHZ_VIEW_UNITS];  /* objects of these units (not 0) */
	/* objects of these units or whose also_unit_id is one of them */
	size_t n_also;
	int64_t also_units[AUTHZ_VIEW_UNITS];
};

/*
 * authz_view - fills *out with what principal p may do action a to (an
 * empty set for a NULL principal or an unknown action).  Returns 0, or
 * MM_EDENIED when the set is empty (nothing at all is allowed).
 */
int authz_view(const struct principal *p, enum action a,
	       struct authz_view *out);

/*
 * authz_view_allows - 1 when o (NULL: unit 0, no owner, no state) is in
 * the set v, which is when authz_check() allows the action v was made for.
 */
int authz_view_allows(const struct authz_view *v,
		      const struct authz_object *o);

/*
 * action_name - stable English name of an action ("unit.view"), for the
 * audit trail; "unknown" for a value outside the enum.
 */
const char *action_name(enum action a);

#endif
