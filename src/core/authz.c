#include "authz.h"

#include <stddef.h>
#include <string.h>

#include "roles.h"
#include "../lib/err.h"
#include "../lib/banned.h"

/* How far a role's (or the administrator's) reach extends for an action. */
enum scope {
	DENY = 0,
	OWN_UNIT,  /* only objects of the unit where the role is held */
	ANY_UNIT,  /* objects of every unit, and objects of no unit */
	/* Objects of every unit, but only those whose state carries
	 * AUTHZ_STATE_INCIDENT: what was reported to this role (R-CMP-6). */
	ANY_INCIDENT,
	/* Objects of the role's unit or whose also_unit_id is that unit. */
	OWN_OR_ALSO,
	/*
	 * Reaches that depend on where the role is held (the table's
	 * words; reach() turns them into one of the above): a role held at
	 * HQ (the juvenile division) reaches every object, one held at a
	 * station its own unit's, and also those its unit reads too
	 * (R-CASE-1: a case is the division's and its units').
	 */
	HQ_ANY_ELSE_OWN_OR_ALSO,
	HQ_ANY_ELSE_DENY,       /* only the division decides */
	STATION_OWN_ELSE_DENY,  /* only a station does it, for itself */
};

/* Rules that need no role or administrator flag at all. */
enum anyone {
	NOBODY = 0,
	EVERYONE,  /* every authenticated principal, even with no role */
	OWNER,     /* the principal who owns the object (own API token) */
};

struct rule {
	const char *name;
	enum anyone anyone;
	enum scope admin;               /* the system administrator flag */
	enum scope role[ROLE__COUNT];   /* indexed by enum role */
};

#define GM ROLE_GENERAL_MANAGER
#define MGR ROLE_MANAGER
#define AST ROLE_ASSISTANT
#define OPS ROLE_OPERATIONS_OFFICER
#define COM ROLE_COMM_OFFICER
#define ISM ROLE_INFOSEC_MANAGER
#define ITD ROLE_IT_DIVISION_HEAD

/*
 * Viewing a unit or its people: the general manager runs the prefecture
 * (R-ROLE-1); everyone else with a role sees only the unit where it is
 * held, because a station is a tenant (ASVS 8.2.2).
 */
#define UNIT_READERS { [GM] = ANY_UNIT, [MGR] = OWN_UNIT, [AST] = OWN_UNIT, \
		       [OPS] = OWN_UNIT, [COM] = OWN_UNIT }

/* R-CASE-1: a case is read by its units and by the juvenile division. */
#define CASE_READERS { [GM] = ANY_UNIT, [MGR] = HQ_ANY_ELSE_OWN_OR_ALSO, \
		       [AST] = HQ_ANY_ELSE_OWN_OR_ALSO, \
		       [OPS] = HQ_ANY_ELSE_OWN_OR_ALSO, \
		       [COM] = HQ_ANY_ELSE_OWN_OR_ALSO }

/*
 * THE table.  Keyed by action so a missing row is a NULL name, which
 * authz_check refuses; the static assertion below keeps it as long as
 * the enum.  Account and organisation maintenance belongs to the system
 * administrator, which is not a directive role.
 */
static const struct rule rules[] = {
	[ACT_HOME_VIEW] = { "home.view", EVERYONE, DENY, { 0 } },
	/* R-META-2: units without devices still read the rules. */
	[ACT_RULES_VIEW] = { "rules.view", EVERYONE, DENY, { 0 } },
	[ACT_UNIT_VIEW] = { "unit.view", NOBODY, ANY_UNIT, UNIT_READERS },
	[ACT_UNIT_CREATE] = { "unit.create", NOBODY, ANY_UNIT, { 0 } },
	[ACT_UNIT_UPDATE] = { "unit.update", NOBODY, ANY_UNIT, { 0 } },
	[ACT_USER_VIEW] = { "user.view", NOBODY, ANY_UNIT, UNIT_READERS },
	[ACT_USER_CREATE] = { "user.create", NOBODY, ANY_UNIT, { 0 } },
	[ACT_USER_UPDATE] = { "user.update", NOBODY, ANY_UNIT, { 0 } },
	[ACT_USER_DEACTIVATE] = { "user.deactivate", NOBODY, ANY_UNIT, { 0 } },
	[ACT_USER_SET_PASSWORD] = { "user.set_password", NOBODY, ANY_UNIT,
				    { 0 } },
	[ACT_ROLE_ASSIGN] = { "role.assign", NOBODY, ANY_UNIT, { 0 } },
	[ACT_ROLE_REVOKE] = { "role.revoke", NOBODY, ANY_UNIT, { 0 } },
	[ACT_TOKEN_CREATE] = { "token.create", OWNER, ANY_UNIT, { 0 } },
	/* issue 13: one's own tokens, and the administrator's oversight */
	[ACT_TOKEN_VIEW] = { "token.view", OWNER, ANY_UNIT, { 0 } },
	[ACT_TOKEN_REVOKE] = { "token.revoke", OWNER, ANY_UNIT, { 0 } },
	/* only ever one's own: somebody else's is ACT_USER_SET_PASSWORD */
	[ACT_PASSWORD_CHANGE] = { "password.change", OWNER, DENY, { 0 } },
	[ACT_AUDIT_VIEW] = { "audit.view", NOBODY, ANY_UNIT,
			     { [GM] = ANY_UNIT, [MGR] = OWN_UNIT } },
	/*
	 * Device lending.  The general manager keeps the registry and the
	 * lending register and reads every unit's registers (the "copy
	 * sent", R-DEV-1, R-DEV-5); each step inside a unit belongs to the
	 * role the directive names.  The system administrator maintains
	 * accounts, not operations: no access here.
	 */
	[ACT_DEVICE_VIEW] = { "device.view", NOBODY, DENY, UNIT_READERS },
	[ACT_DEVICE_MANAGE] = { "device.manage", NOBODY, DENY,
				{ [GM] = ANY_UNIT } },
	[ACT_APPLICATION_VIEW] = { "application.view", NOBODY, DENY,
				   { [GM] = ANY_UNIT, [MGR] = OWN_UNIT,
				     [AST] = OWN_UNIT } },
	[ACT_APPLICATION_CREATE] = { "application.create", NOBODY, DENY,
				     { [MGR] = OWN_UNIT } },
	[ACT_APPLICATION_DECIDE] = { "application.decide", NOBODY, DENY,
				     { [GM] = ANY_UNIT } },
	[ACT_APPLICATION_WITHDRAW] = { "application.withdraw", NOBODY, DENY,
				       { [MGR] = OWN_UNIT } },
	[ACT_LOAN_VIEW] = { "loan.view", NOBODY, DENY, UNIT_READERS },
	[ACT_LOAN_LEND] = { "loan.lend", NOBODY, DENY, { [GM] = ANY_UNIT } },
	[ACT_LOAN_RECEIVE] = { "loan.receive", NOBODY, DENY,
			       { [OPS] = OWN_UNIT } },
	[ACT_LOAN_RETURN] = { "loan.return", NOBODY, DENY,
			      { [MGR] = OWN_UNIT } },
	[ACT_LOAN_CLOSE] = { "loan.close", NOBODY, DENY, { [GM] = ANY_UNIT } },
	[ACT_CHECK_VIEW] = { "check.view", NOBODY, DENY,
			     { [GM] = ANY_UNIT, [MGR] = OWN_UNIT,
			       [AST] = OWN_UNIT } },
	[ACT_CHECK_RECORD] = { "check.record", NOBODY, DENY,
			       { [AST] = OWN_UNIT } },
	[ACT_TAKEOUT_VIEW] = { "takeout.view", NOBODY, DENY,
			       { [GM] = ANY_UNIT, [MGR] = OWN_UNIT,
				 [AST] = OWN_UNIT, [COM] = OWN_UNIT } },
	[ACT_TAKEOUT_REQUEST] = { "takeout.request", NOBODY, DENY,
				  { [COM] = OWN_UNIT } },
	[ACT_TAKEOUT_DECIDE] = { "takeout.decide", NOBODY, DENY,
				 { [AST] = OWN_UNIT } },
	/* The officer who took the device out reports its return. */
	[ACT_TAKEOUT_REPORT] = { "takeout.report", OWNER, DENY, { 0 } },
	/* R-ROLE-4, R-ROLE-5: the manager designates; form 1's copy goes
	 * to the general manager. */
	[ACT_DESIGNATION_VIEW] = { "designation.view", NOBODY, DENY,
				   { [GM] = ANY_UNIT, [MGR] = OWN_UNIT,
				     [AST] = OWN_UNIT } },
	[ACT_DESIGNATION_MANAGE] = { "designation.manage", NOBODY, DENY,
				     { [MGR] = OWN_UNIT } },
	/* R-SVC-1..3: assistant -> manager -> general manager -> the
	 * information-security manager, each step its own action. */
	[ACT_SERVICE_VIEW] = { "service.view", NOBODY, DENY,
			       { [GM] = ANY_UNIT, [MGR] = OWN_UNIT,
				 [AST] = OWN_UNIT, [ISM] = ANY_UNIT } },
	[ACT_SERVICE_APPLY] = { "service.apply", NOBODY, DENY,
				{ [AST] = OWN_UNIT } },
	[ACT_SERVICE_PERMIT] = { "service.permit", NOBODY, DENY,
				 { [MGR] = OWN_UNIT } },
	[ACT_SERVICE_FORWARD] = { "service.forward", NOBODY, DENY,
				  { [GM] = ANY_UNIT } },
	[ACT_SERVICE_MEASURES] = { "service.measures", NOBODY, DENY,
				   { [ISM] = ANY_UNIT } },
	/* R-EXC-1..3: prefecture-wide approvals every role may read. */
	[ACT_EXCEPTION_VIEW] = { "exception.view", NOBODY, DENY,
				 { [GM] = ANY_UNIT, [MGR] = ANY_UNIT,
				   [AST] = ANY_UNIT, [OPS] = ANY_UNIT,
				   [COM] = ANY_UNIT, [ISM] = ANY_UNIT } },
	[ACT_EXCEPTION_APPLY] = { "exception.apply", NOBODY, DENY,
				  { [GM] = ANY_UNIT } },
	[ACT_EXCEPTION_DECIDE] = { "exception.decide", NOBODY, DENY,
				   { [ISM] = ANY_UNIT } },
	[ACT_SCREENSHOT_VIEW] = { "screenshot.view", NOBODY, DENY,
				  { [GM] = ANY_UNIT, [MGR] = OWN_UNIT,
				    [AST] = OWN_UNIT, [OPS] = OWN_UNIT,
				    [COM] = OWN_UNIT } },
	[ACT_SCREENSHOT_RECORD] = { "screenshot.record", NOBODY, DENY,
				    { [AST] = OWN_UNIT, [OPS] = OWN_UNIT,
				      [COM] = OWN_UNIT } },
	/* R-CMP-6: assistant -> manager -> general manager (and the head
	 * of the IT management division for a reportable incident). */
	[ACT_BREACH_VIEW] = { "breach.view", NOBODY, DENY,
			      { [GM] = ANY_UNIT, [MGR] = OWN_UNIT,
				[AST] = OWN_UNIT, [ITD] = ANY_INCIDENT } },
	[ACT_BREACH_REPORT] = { "breach.report", NOBODY, DENY,
				{ [AST] = OWN_UNIT } },
	[ACT_BREACH_FORWARD] = { "breach.forward", NOBODY, DENY,
				 { [MGR] = OWN_UNIT } },
	[ACT_BREACH_ACK] = { "breach.ack", NOBODY, DENY,
			     { [GM] = ANY_UNIT, [ITD] = ANY_INCIDENT } },
	/*
	 * R-CASE-1: the stations report posts found (第4-1); the juvenile
	 * division - its head, who is the general manager (R-ROLE-1) and
	 * HQ's operations manager (R-ROLE-2) - judges the need to protect
	 * and gives the case to a unit.  The designated officer the case
	 * is given to logs the communication, under the command of the
	 * unit's assistant (R-ROLE-3, R-ROLE-5), who may log it too and
	 * reviews what the message check flags (R-CASE-2).
	 */
	[ACT_CASE_VIEW] = { "case.view", NOBODY, DENY, CASE_READERS },
	[ACT_CASE_REPORT] = { "case.report", NOBODY, DENY,
			      { [MGR] = STATION_OWN_ELSE_DENY,
				[AST] = STATION_OWN_ELSE_DENY,
				[OPS] = STATION_OWN_ELSE_DENY } },
	[ACT_CASE_TRIAGE] = { "case.triage", NOBODY, DENY,
			      { [GM] = ANY_UNIT, [MGR] = HQ_ANY_ELSE_DENY } },
	[ACT_CASE_ASSIGN] = { "case.assign", NOBODY, DENY,
			      { [GM] = ANY_UNIT, [MGR] = HQ_ANY_ELSE_DENY } },
	[ACT_CASE_LOG] = { "case.log", OWNER, DENY, { [AST] = OWN_UNIT } },
	[ACT_CASE_REVIEW] = { "case.review", NOBODY, DENY,
			      { [AST] = OWN_UNIT } },
	[ACT_CASE_READS_VIEW] = { "case.reads", NOBODY, DENY,
				  { [GM] = ANY_UNIT } },
	/* R-CASE-2: the communication officers who write to the person, the
	 * unit's manager and assistant who answer for the contact, and HQ's
	 * general manager.  A check touches no unit's record: every unit. */
	[ACT_MESSAGE_CHECK] = { "message.check", NOBODY, DENY,
				{ [GM] = ANY_UNIT, [MGR] = ANY_UNIT,
				  [AST] = ANY_UNIT, [COM] = ANY_UNIT } },
	/* R-CASE-3, R-CASE-8: officer -> assistant -> manager; the general
	 * manager reads every unit's (form 5's copy). */
	[ACT_MEETING_VIEW] = { "meeting.view", NOBODY, DENY, UNIT_READERS },
	[ACT_MEETING_REPORT] = { "meeting.report", NOBODY, DENY,
				 { [COM] = OWN_UNIT } },
	[ACT_MEETING_FORWARD] = { "meeting.forward", NOBODY, DENY,
				  { [AST] = OWN_UNIT } },
	[ACT_MEETING_INSTRUCT] = { "meeting.instruct", NOBODY, DENY,
				   { [MGR] = OWN_UNIT } },
	/* R-CASE-10: the manager asks the general manager, who asks the
	 * other units; each unit's manager answers for that unit. */
	[ACT_SUPPORT_VIEW] = { "support.view", NOBODY, DENY,
			       { [GM] = ANY_UNIT, [MGR] = ANY_UNIT,
				 [AST] = OWN_UNIT, [COM] = OWN_UNIT } },
	[ACT_SUPPORT_REQUEST] = { "support.request", NOBODY, DENY,
				  { [MGR] = OWN_UNIT } },
	[ACT_SUPPORT_ARRANGE] = { "support.arrange", NOBODY, DENY,
				  { [GM] = ANY_UNIT } },
	[ACT_SUPPORT_ANSWER] = { "support.answer", NOBODY, DENY,
				 { [MGR] = ANY_UNIT } },
	/* R-PHOTO-2: the officer applies, the unit's manager approves, the
	 * general manager reads every unit's (the copy); the photos are
	 * served only to the unit and HQ. */
	[ACT_PHOTO_VIEW] = { "photo.view", NOBODY, DENY,
			     { [GM] = ANY_UNIT, [MGR] = OWN_UNIT,
			       [AST] = OWN_UNIT, [COM] = OWN_UNIT } },
	[ACT_PHOTO_APPLY] = { "photo.apply", NOBODY, DENY,
			      { [COM] = OWN_UNIT } },
	[ACT_PHOTO_DECIDE] = { "photo.decide", NOBODY, DENY,
			       { [MGR] = OWN_UNIT } },
	[ACT_PHOTO_PROCESS] = { "photo.process", NOBODY, DENY,
				{ [AST] = OWN_UNIT, [COM] = OWN_UNIT } },
	/* Issue 11: the statistics count cases, so their readers read them:
	 * the division (HQ) every unit and the total, a station its own
	 * (the object's also_unit_id is always 0 here, so "or also" is own). */
	[ACT_STATS_VIEW] = { "stats.view", NOBODY, DENY, CASE_READERS },
	/* R-RET-2: the general manager keeps the documents (第5) */
	[ACT_DISPOSAL_VIEW] = { "disposal.view", NOBODY, DENY,
				{ [GM] = ANY_UNIT } },
	[ACT_DISPOSAL_DISPOSE] = { "disposal.dispose", NOBODY, DENY,
				   { [GM] = ANY_UNIT } },
	[ACT_HOLD_MANAGE] = { "hold.manage", NOBODY, DENY,
			      { [GM] = ANY_UNIT } },
};

_Static_assert(sizeof(rules) / sizeof(rules[0]) == ACTION__COUNT,
	       "every action needs a row in the authz table");

static const struct rule *rule_of(enum action a)
{
	if ((int)a < 0 || a >= ACTION__COUNT || !rules[a].name)
		return NULL;
	return &rules[a];
}

const char *action_name(enum action a)
{
	const struct rule *r = rule_of(a);

	return r ? r->name : "unknown";
}

/*
 * A grant that could never have been made (an unknown role, or a general
 * manager outside HQ, R-ROLE-1) gives nothing, whatever the store says.
 */
static int grant_usable(const struct role_grant *g)
{
	return role_check_assignment(g->role, g->unit_kind, NULL) == 0;
}

static int scope_allows(enum scope s, int64_t grant_unit,
			const struct authz_object *o)
{
	int64_t obj_unit = o ? o->unit_id : 0;

	if (s == ANY_UNIT)
		return 1;
	if (s == ANY_INCIDENT)
		return o && (o->state & AUTHZ_STATE_INCIDENT);
	if (s == OWN_OR_ALSO && o && o->also_unit_id != 0 &&
	    grant_unit == o->also_unit_id)
		return 1;
	return (s == OWN_UNIT || s == OWN_OR_ALSO) && obj_unit != 0 &&
	       grant_unit == obj_unit;
}

/* The reach of s for a role held as g: where it is held may matter. */
static enum scope reach(enum scope s, const struct role_grant *g)
{
	int hq = g->unit_kind == UNIT_HQ;

	switch (s) {
	case HQ_ANY_ELSE_OWN_OR_ALSO:
		return hq ? ANY_UNIT : OWN_OR_ALSO;
	case HQ_ANY_ELSE_DENY:
		return hq ? ANY_UNIT : DENY;
	case STATION_OWN_ELSE_DENY:
		return g->unit_kind == UNIT_STATION ? OWN_UNIT : DENY;
	default:
		return s;
	}
}

/*
 * The first of the principal's roles whose reach for this rule is want
 * and that covers the object, or NULL.
 */
static const struct role_grant *find_role(const struct principal *p,
					  const struct rule *r,
					  enum scope want,
					  const struct authz_object *o)
{
	size_t n = p->n_roles < MM_PRINCIPAL_ROLES ? p->n_roles
						   : MM_PRINCIPAL_ROLES;

	for (size_t i = 0; i < n; i++) {
		const struct role_grant *g = &p->roles[i];

		if (!grant_usable(g) || reach(r->role[g->role], g) != want)
			continue;
		if (scope_allows(want, g->unit_id, o))
			return g;
	}
	return NULL;
}

static int anyone_allows(const struct principal *p, const struct rule *r,
			 const struct authz_object *o)
{
	if (r->anyone == EVERYONE)
		return 1;
	return r->anyone == OWNER && o && p->user_id != 0 &&
	       o->owner_user_id == p->user_id;
}

static void set_grant(struct authz_grant *grant, enum role role,
		      int64_t unit_id, int by_admin)
{
	if (!grant)
		return;
	grant->role = role;
	grant->unit_id = unit_id;
	grant->by_admin = by_admin;
}

/*
 * Rules are tried from the least to the most privileged, so the grant
 * recorded in the audit names the narrowest reason the access was
 * allowed: no privilege at all, then a role held in the object's own
 * unit, then a prefecture-wide role, then the administrator flag.
 */
int authz_check(const struct principal *p, enum action a,
		const struct authz_object *o, struct authz_grant *grant)
{
	const struct rule *r = rule_of(a);
	const struct role_grant *g;

	if (!p || !r)
		return MM_EDENIED;
	if (anyone_allows(p, r, o)) {
		set_grant(grant, ROLE_NONE, 0, 0);
		return 0;
	}
	g = find_role(p, r, OWN_UNIT, o);
	if (!g)
		g = find_role(p, r, OWN_OR_ALSO, o);
	if (!g)
		g = find_role(p, r, ANY_UNIT, o);
	if (!g)
		g = find_role(p, r, ANY_INCIDENT, o);
	if (g) {
		set_grant(grant, g->role, g->unit_id, 0);
		return 0;
	}
	if (p->is_admin && scope_allows(r->admin, 0, o)) {
		set_grant(grant, ROLE_NONE, 0, 1);
		return 0;
	}
	return MM_EDENIED;
}

/* Adds a unit to the view once; a unit of 0 reaches nothing (OWN_UNIT). */
static void view_add_unit(struct authz_view *v, int64_t unit_id)
{
	if (unit_id == 0 || v->n_units >= AUTHZ_VIEW_UNITS)
		return;
	for (size_t i = 0; i < v->n_units; i++)
		if (v->units[i] == unit_id)
			return;
	v->units[v->n_units++] = unit_id;
}

/* Adds a unit whose objects are reached also through also_unit_id. */
static void view_add_also(struct authz_view *v, int64_t unit_id)
{
	if (unit_id == 0 || v->n_also >= AUTHZ_VIEW_UNITS)
		return;
	for (size_t i = 0; i < v->n_also; i++)
		if (v->also_units[i] == unit_id)
			return;
	v->also_units[v->n_also++] = unit_id;
}

/* What one reach of the table adds to the view, as scope_allows() reads it. */
static void view_add_scope(struct authz_view *v, enum scope s,
			   int64_t grant_unit)
{
	if (s == OWN_OR_ALSO)
		view_add_also(v, grant_unit);
	else if (s == ANY_UNIT)
		v->all = 1;
	else if (s == ANY_INCIDENT)
		v->incidents = 1;
	else if (s == OWN_UNIT)
		view_add_unit(v, grant_unit);
}

/*
 * The same walk as authz_check(), collecting every reach instead of
 * stopping at the first that covers one object.  The administrator's
 * OWN_UNIT is held in unit 0, which reaches nothing (scope_allows).
 */
int authz_view(const struct principal *p, enum action a,
	       struct authz_view *out)
{
	const struct rule *r = rule_of(a);
	size_t n;

	memset(out, 0, sizeof *out);
	if (!p || !r)
		return MM_EDENIED;
	if (r->anyone == EVERYONE)
		out->all = 1;
	else if (r->anyone == OWNER)
		out->owner_user_id = p->user_id;
	n = p->n_roles < MM_PRINCIPAL_ROLES ? p->n_roles : MM_PRINCIPAL_ROLES;
	for (size_t i = 0; i < n; i++) {
		const struct role_grant *g = &p->roles[i];

		if (grant_usable(g))
			view_add_scope(out, reach(r->role[g->role], g),
				       g->unit_id);
	}
	if (p->is_admin)
		view_add_scope(out, r->admin, 0);
	if (out->all) {
		/* everything: the parts would only repeat it */
		memset(out, 0, sizeof *out);
		out->all = 1;
	}
	return out->all || out->incidents || out->owner_user_id ||
	       out->n_units || out->n_also ? 0 : MM_EDENIED;
}

int authz_view_allows(const struct authz_view *v,
		      const struct authz_object *o)
{
	if (v->all || (v->incidents && scope_allows(ANY_INCIDENT, 0, o)))
		return 1;
	if (v->owner_user_id && o && o->owner_user_id == v->owner_user_id)
		return 1;
	for (size_t i = 0; i < v->n_units && i < AUTHZ_VIEW_UNITS; i++)
		if (scope_allows(OWN_UNIT, v->units[i], o))
			return 1;
	for (size_t i = 0; i < v->n_also && i < AUTHZ_VIEW_UNITS; i++)
		if (scope_allows(OWN_OR_ALSO, v->also_units[i], o))
			return 1;
	return 0;
}
