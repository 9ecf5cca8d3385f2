/*
 * The access matrix, written out by hand.  It is deliberately not derived
 * from the table in src/core/authz.c: a change there that is not also
 * made here fails this test, so every change of who may do what is made
 * twice, on purpose.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "core/authz.h"
#include "lib/err.h"

enum { HQ = 1, OWN_STATION = 2, OTHER_STATION = 3 };
enum { ME = 10, SOMEONE_ELSE = 20 };

/* The rows of the matrix, in the order of the letters in each entry. */
enum who { ADMIN, GENERAL_MANAGER, MANAGER, ASSISTANT, OPS_OFFICER,
	   COMM_OFFICER, INFOSEC_MANAGER, IT_DIVISION_HEAD, NO_ROLE,
	   WHO__COUNT };

/* The role each row holds; ADMIN and NO_ROLE hold none. */
static const enum role role_of[WHO__COUNT] = {
	[GENERAL_MANAGER] = ROLE_GENERAL_MANAGER,
	[MANAGER] = ROLE_MANAGER,
	[ASSISTANT] = ROLE_ASSISTANT,
	[OPS_OFFICER] = ROLE_OPERATIONS_OFFICER,
	[COMM_OFFICER] = ROLE_COMM_OFFICER,
	[INFOSEC_MANAGER] = ROLE_INFOSEC_MANAGER,
	[IT_DIVISION_HEAD] = ROLE_IT_DIVISION_HEAD,
};

/*
 * A row per role plus the administrator and the user with no role: a new
 * role without its row (and its column in every line below) stops the
 * build here, and test_matrix_covers_every_role names the role missing.
 */
_Static_assert(WHO__COUNT == (ROLE__COUNT - 1) + 2,
	       "the authz matrix must have one row per role");

/*
 * One line per action: allowed (Y) or not (N) for each row, first on an
 * object of the principal's own unit that the principal owns, then on an
 * object of another unit owned by someone else.
 * ism is the information-security manager, itd the head of the IT
 * management division; both sit at HQ.
 *                     admin gm  mgr ast ops com ism itd none
 */
static const struct {
	enum action action;
	const char *name;
	const char *allowed;
} expected[] = {
	{ ACT_HOME_VIEW, "home.view",          "YY YY YY YY YY YY YY YY YY" },
	{ ACT_RULES_VIEW, "rules.view",        "YY YY YY YY YY YY YY YY YY" },
	{ ACT_UNIT_VIEW, "unit.view",          "YY YY YN YN YN YN NN NN NN" },
	{ ACT_UNIT_CREATE, "unit.create",      "YY NN NN NN NN NN NN NN NN" },
	{ ACT_UNIT_UPDATE, "unit.update",      "YY NN NN NN NN NN NN NN NN" },
	{ ACT_USER_VIEW, "user.view",          "YY YY YN YN YN YN NN NN NN" },
	{ ACT_USER_CREATE, "user.create",      "YY NN NN NN NN NN NN NN NN" },
	{ ACT_USER_UPDATE, "user.update",      "YY NN NN NN NN NN NN NN NN" },
	{ ACT_USER_DEACTIVATE, "user.deactivate", "YY NN NN NN NN NN NN NN NN" },
	{ ACT_USER_SET_PASSWORD, "user.set_password", "YY NN NN NN NN NN NN NN NN" },
	{ ACT_ROLE_ASSIGN, "role.assign",      "YY NN NN NN NN NN NN NN NN" },
	{ ACT_ROLE_REVOKE, "role.revoke",      "YY NN NN NN NN NN NN NN NN" },
	{ ACT_TOKEN_CREATE, "token.create",    "YY YN YN YN YN YN YN YN YN" },
	{ ACT_TOKEN_VIEW, "token.view",        "YY YN YN YN YN YN YN YN YN" },
	{ ACT_TOKEN_REVOKE, "token.revoke",    "YY YN YN YN YN YN YN YN YN" },
	{ ACT_PASSWORD_CHANGE, "password.change", "YN YN YN YN YN YN YN YN YN" },
	{ ACT_AUDIT_VIEW, "audit.view",        "YY YY YN NN NN NN NN NN NN" },
	/* Device lending, R-DEV-1..9: the administrator has no part in it. */
	{ ACT_DEVICE_VIEW, "device.view",      "NN YY YN YN YN YN NN NN NN" },
	{ ACT_DEVICE_MANAGE, "device.manage",  "NN YY NN NN NN NN NN NN NN" },
	{ ACT_APPLICATION_VIEW, "application.view", "NN YY YN YN NN NN NN NN NN" },
	{ ACT_APPLICATION_CREATE, "application.create", "NN NN YN NN NN NN NN NN NN" },
	{ ACT_APPLICATION_DECIDE, "application.decide", "NN YY NN NN NN NN NN NN NN" },
	{ ACT_APPLICATION_WITHDRAW, "application.withdraw", "NN NN YN NN NN NN NN NN NN" },
	{ ACT_LOAN_VIEW, "loan.view",          "NN YY YN YN YN YN NN NN NN" },
	{ ACT_LOAN_LEND, "loan.lend",          "NN YY NN NN NN NN NN NN NN" },
	{ ACT_LOAN_RECEIVE, "loan.receive",    "NN NN NN NN YN NN NN NN NN" },
	{ ACT_LOAN_RETURN, "loan.return",      "NN NN YN NN NN NN NN NN NN" },
	{ ACT_LOAN_CLOSE, "loan.close",        "NN YY NN NN NN NN NN NN NN" },
	{ ACT_CHECK_VIEW, "check.view",        "NN YY YN YN NN NN NN NN NN" },
	{ ACT_CHECK_RECORD, "check.record",    "NN NN NN YN NN NN NN NN NN" },
	{ ACT_TAKEOUT_VIEW, "takeout.view",    "NN YY YN YN NN YN NN NN NN" },
	{ ACT_TAKEOUT_REQUEST, "takeout.request", "NN NN NN NN NN YN NN NN NN" },
	{ ACT_TAKEOUT_DECIDE, "takeout.decide", "NN NN NN YN NN NN NN NN NN" },
	/* R-DEV-7: only the officer who took the device out reports. */
	{ ACT_TAKEOUT_REPORT, "takeout.report", "YN YN YN YN YN YN YN YN YN" },
	/* R-ROLE-4, R-ROLE-5 */
	{ ACT_DESIGNATION_VIEW, "designation.view", "NN YY YN YN NN NN NN NN NN" },
	{ ACT_DESIGNATION_MANAGE, "designation.manage", "NN NN YN NN NN NN NN NN NN" },
	/* R-SVC-1..4 */
	{ ACT_SERVICE_VIEW, "service.view",    "NN YY YN YN NN NN YY NN NN" },
	{ ACT_SERVICE_APPLY, "service.apply",  "NN NN NN YN NN NN NN NN NN" },
	{ ACT_SERVICE_PERMIT, "service.permit", "NN NN YN NN NN NN NN NN NN" },
	{ ACT_SERVICE_FORWARD, "service.forward", "NN YY NN NN NN NN NN NN NN" },
	{ ACT_SERVICE_MEASURES, "service.measures", "NN NN NN NN NN NN YY NN NN" },
	/* R-EXC-1..3 */
	{ ACT_EXCEPTION_VIEW, "exception.view", "NN YY YY YY YY YY YY NN NN" },
	{ ACT_EXCEPTION_APPLY, "exception.apply", "NN YY NN NN NN NN NN NN NN" },
	{ ACT_EXCEPTION_DECIDE, "exception.decide", "NN NN NN NN NN NN YY NN NN" },
	{ ACT_SCREENSHOT_VIEW, "screenshot.view", "NN YY YN YN YN YN NN NN NN" },
	{ ACT_SCREENSHOT_RECORD, "screenshot.record", "NN NN NN YN YN YN NN NN NN" },
	/* R-CMP-6 */
	/* itd: only incidents (state bit), see test_r_cmp_6_it_head_incidents */
	{ ACT_BREACH_VIEW, "breach.view",      "NN YY YN YN NN NN NN NN NN" },
	{ ACT_BREACH_REPORT, "breach.report",  "NN NN NN YN NN NN NN NN NN" },
	{ ACT_BREACH_FORWARD, "breach.forward", "NN NN YN NN NN NN NN NN NN" },
	{ ACT_BREACH_ACK, "breach.ack",        "NN YY NN NN NN NN NN NN NN" },
	/* R-CASE-1: stations report, the division judges and assigns */
	{ ACT_CASE_VIEW, "case.view",          "NN YY YN YN YN YN NN NN NN" },
	{ ACT_CASE_REPORT, "case.report",      "NN NN YN YN YN NN NN NN NN" },
	{ ACT_CASE_TRIAGE, "case.triage",      "NN YY NN NN NN NN NN NN NN" },
	{ ACT_CASE_ASSIGN, "case.assign",      "NN YY NN NN NN NN NN NN NN" },
	/* the assigned officer (owner) and the unit's assistant log */
	{ ACT_CASE_LOG, "case.log",            "YN YN YN YN YN YN YN YN YN" },
	{ ACT_CASE_REVIEW, "case.review",      "NN NN NN YN NN NN NN NN NN" },
	{ ACT_CASE_READS_VIEW, "case.reads",   "NN YY NN NN NN NN NN NN NN" },
	/* R-CASE-2: who writes to the person or answers for the contact */
	{ ACT_MESSAGE_CHECK, "message.check",  "NN YY YY YY NN YY NN NN NN" },
	/* R-CASE-3..11: the unit's chain; the general manager reads all. */
	{ ACT_MEETING_VIEW, "meeting.view",    "NN YY YN YN YN YN NN NN NN" },
	{ ACT_MEETING_REPORT, "meeting.report", "NN NN NN NN NN YN NN NN NN" },
	{ ACT_MEETING_FORWARD, "meeting.forward", "NN NN NN YN NN NN NN NN NN" },
	{ ACT_MEETING_INSTRUCT, "meeting.instruct", "NN NN YN NN NN NN NN NN NN" },
	/* R-CASE-10: every manager is asked; the answer is the unit's */
	{ ACT_SUPPORT_VIEW, "support.view",    "NN YY YY YN NN YN NN NN NN" },
	{ ACT_SUPPORT_REQUEST, "support.request", "NN NN YN NN NN NN NN NN NN" },
	{ ACT_SUPPORT_ARRANGE, "support.arrange", "NN YY NN NN NN NN NN NN NN" },
	{ ACT_SUPPORT_ANSWER, "support.answer", "NN NN YY NN NN NN NN NN NN" },
	/* R-PHOTO-2: officer applies, manager approves, GM reads (HQ) */
	{ ACT_PHOTO_VIEW, "photo.view",        "NN YY YN YN NN YN NN NN NN" },
	{ ACT_PHOTO_APPLY, "photo.apply",      "NN NN NN NN NN YN NN NN NN" },
	{ ACT_PHOTO_DECIDE, "photo.decide",    "NN NN YN NN NN NN NN NN NN" },
	{ ACT_PHOTO_PROCESS, "photo.process",  "NN NN NN YN NN YN NN NN NN" },
	/* issue 11: the statistics, read as cases are */
	{ ACT_STATS_VIEW, "stats.view",        "NN YY YN YN YN YN NN NN NN" },
	/* R-RET-2: the general manager disposes and holds */
	{ ACT_DISPOSAL_VIEW, "disposal.view",  "NN YY NN NN NN NN NN NN NN" },
	{ ACT_DISPOSAL_DISPOSE, "disposal.dispose", "NN YY NN NN NN NN NN NN NN" },
	{ ACT_HOLD_MANAGE, "hold.manage",      "NN YY NN NN NN NN NN NN NN" },
};

#define N_EXPECTED (sizeof(expected) / sizeof(expected[0]))

/* Adding an action without its line above stops the build here. */
_Static_assert(N_EXPECTED == ACTION__COUNT,
	       "the authz matrix must have one line per action");

static void add_role(struct principal *p, enum role role, int64_t unit,
		     enum unit_kind kind)
{
	p->roles[p->n_roles].role = role;
	p->roles[p->n_roles].unit_id = unit;
	p->roles[p->n_roles].unit_kind = kind;
	p->n_roles++;
}

/* Roles that can be held only at HQ (R-ROLE-1, 第2) are made there. */
static int at_hq(enum who w)
{
	return w == GENERAL_MANAGER || w == INFOSEC_MANAGER ||
	       w == IT_DIVISION_HEAD;
}

static struct principal make(enum who w)
{
	struct principal p;

	memset(&p, 0, sizeof(p));
	p.user_id = ME;
	p.unit_id = at_hq(w) ? HQ : OWN_STATION;
	p.is_admin = w == ADMIN;
	if (role_of[w] != ROLE_NONE)
		add_role(&p, role_of[w], p.unit_id,
			 at_hq(w) ? UNIT_HQ : UNIT_STATION);
	return p;
}

static int allowed(const struct principal *p, enum action a, int64_t unit,
		   int64_t owner)
{
	struct authz_object o = { unit, owner, 0, 0 };
	struct authz_grant g;
	int rc = authz_check(p, a, &o, &g);

	assert_true(rc == 0 || rc == MM_EDENIED);
	return rc == 0;
}

static void test_matrix_covers_every_action(void **state)
{
	(void)state;
	assert_int_equal(N_EXPECTED, ACTION__COUNT);
	for (size_t i = 0; i < N_EXPECTED; i++) {
		assert_int_equal(expected[i].action, (int)i);
		assert_string_equal(action_name(expected[i].action),
				    expected[i].name);
		assert_int_equal(strlen(expected[i].allowed), 3 * WHO__COUNT - 1);
	}
}

static void test_matrix_covers_every_role(void **state)
{
	(void)state;
	for (int r = ROLE_NONE + 1; r < ROLE__COUNT; r++) {
		int rows = 0;

		for (int w = 0; w < WHO__COUNT; w++)
			rows += role_of[w] == (enum role)r;
		if (rows != 1)
			fail_msg("role %d has %d rows in the matrix", r, rows);
	}
	assert_int_equal(role_of[ADMIN], ROLE_NONE);
	assert_int_equal(role_of[NO_ROLE], ROLE_NONE);
}

static void test_matrix(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_EXPECTED; i++) {
		for (int w = 0; w < WHO__COUNT; w++) {
			struct principal p = make((enum who)w);
			const char *cell = expected[i].allowed + 3 * w;
			int own = allowed(&p, expected[i].action, p.unit_id, ME);
			int other = allowed(&p, expected[i].action,
					    OTHER_STATION, SOMEONE_ELSE);

			if (own != (cell[0] == 'Y') || other != (cell[1] == 'Y'))
				fail_msg("%s row %d: got %c%c, want %.2s",
					 expected[i].name, w, own ? 'Y' : 'N',
					 other ? 'Y' : 'N', cell);
		}
	}
}

static void test_unknown_action_denied(void **state)
{
	struct principal p = make(ADMIN);
	struct authz_object o = { OWN_STATION, ME, 0, 0 };

	(void)state;
	assert_int_equal(authz_check(&p, ACTION__COUNT, &o, NULL), MM_EDENIED);
	assert_int_equal(authz_check(&p, (enum action)-1, &o, NULL),
			 MM_EDENIED);
	assert_string_equal(action_name(ACTION__COUNT), "unknown");
}

static void test_null_principal_denied(void **state)
{
	struct authz_object o = { OWN_STATION, ME, 0, 0 };

	(void)state;
	for (int a = 0; a < ACTION__COUNT; a++) {
		assert_int_equal(authz_check(NULL, (enum action)a, &o, NULL),
				 MM_EDENIED);
		assert_int_equal(authz_check(NULL, (enum action)a, NULL, NULL),
				 MM_EDENIED);
	}
}

/* The head of the HQ division is general manager and HQ manager at once. */
static void test_r_role_1_multi_role_prefers_specific(void **state)
{
	struct principal p = make(GENERAL_MANAGER);
	struct authz_object hq = { HQ, 0, 0, 0 }, station = { OTHER_STATION, 0, 0, 0 };
	struct authz_grant g;

	(void)state;
	add_role(&p, ROLE_MANAGER, HQ, UNIT_HQ);
	assert_int_equal(authz_check(&p, ACT_UNIT_VIEW, &hq, &g), 0);
	assert_int_equal(g.role, ROLE_MANAGER);
	assert_int_equal(g.unit_id, HQ);
	assert_false(g.by_admin);
	assert_int_equal(authz_check(&p, ACT_AUDIT_VIEW, &station, &g), 0);
	assert_int_equal(g.role, ROLE_GENERAL_MANAGER);
	assert_int_equal(g.unit_id, HQ);
}

static void test_multi_role_any_role_allows(void **state)
{
	struct principal p = make(COMM_OFFICER);
	struct authz_object other = { OTHER_STATION, 0, 0, 0 };
	struct authz_grant g;

	(void)state;
	assert_int_equal(authz_check(&p, ACT_UNIT_VIEW, &other, &g),
			 MM_EDENIED);
	add_role(&p, ROLE_OPERATIONS_OFFICER, OTHER_STATION, UNIT_STATION);
	assert_int_equal(authz_check(&p, ACT_UNIT_VIEW, &other, &g), 0);
	assert_int_equal(g.role, ROLE_OPERATIONS_OFFICER);
	assert_int_equal(g.unit_id, OTHER_STATION);
	/* Still nothing the roles do not give. */
	assert_int_equal(authz_check(&p, ACT_AUDIT_VIEW, &other, &g),
			 MM_EDENIED);
}

static void test_admin_with_role_records_role_first(void **state)
{
	struct principal p = make(ASSISTANT);
	struct authz_object own = { OWN_STATION, 0, 0, 0 };
	struct authz_object other = { OTHER_STATION, 0, 0, 0 };
	struct authz_grant g;

	(void)state;
	p.is_admin = 1;
	assert_int_equal(authz_check(&p, ACT_UNIT_VIEW, &own, &g), 0);
	assert_int_equal(g.role, ROLE_ASSISTANT);
	assert_false(g.by_admin);
	assert_int_equal(authz_check(&p, ACT_UNIT_VIEW, &other, &g), 0);
	assert_int_equal(g.role, ROLE_NONE);
	assert_true(g.by_admin);
	assert_int_equal(authz_check(&p, ACT_USER_CREATE, &own, &g), 0);
	assert_true(g.by_admin);
}

static void test_any_user_rule_grant(void **state)
{
	struct principal p = make(ADMIN);
	struct authz_grant g = { ROLE_MANAGER, 99, 1 };

	(void)state;
	assert_int_equal(authz_check(&p, ACT_HOME_VIEW, NULL, &g), 0);
	assert_int_equal(g.role, ROLE_NONE);
	assert_int_equal(g.unit_id, 0);
	assert_false(g.by_admin);
}

static void test_null_object_is_unit_zero(void **state)
{
	struct principal mgr = make(MANAGER), gm = make(GENERAL_MANAGER);
	struct principal admin = make(ADMIN), none = make(NO_ROLE);

	(void)state;
	assert_int_equal(authz_check(&mgr, ACT_UNIT_VIEW, NULL, NULL),
			 MM_EDENIED);
	assert_int_equal(authz_check(&gm, ACT_UNIT_VIEW, NULL, NULL), 0);
	assert_int_equal(authz_check(&admin, ACT_UNIT_CREATE, NULL, NULL), 0);
	assert_int_equal(authz_check(&none, ACT_RULES_VIEW, NULL, NULL), 0);
	assert_int_equal(authz_check(&mgr, ACT_AUDIT_VIEW, NULL, NULL),
			 MM_EDENIED);
}

static void test_token_owner_rule(void **state)
{
	struct principal p = make(NO_ROLE);
	struct authz_object mine = { 0, ME, 0, 0 }, theirs = { 0, SOMEONE_ELSE, 0, 0 };
	struct authz_object nobody = { 0, 0, 0, 0 };
	struct authz_grant g;

	(void)state;
	assert_int_equal(authz_check(&p, ACT_TOKEN_CREATE, &mine, &g), 0);
	assert_int_equal(g.role, ROLE_NONE);
	assert_false(g.by_admin);
	assert_int_equal(authz_check(&p, ACT_TOKEN_CREATE, &theirs, &g),
			 MM_EDENIED);
	assert_int_equal(authz_check(&p, ACT_TOKEN_CREATE, NULL, &g),
			 MM_EDENIED);
	/* A principal without an id owns nothing, not even "no owner". */
	p.user_id = 0;
	assert_int_equal(authz_check(&p, ACT_TOKEN_CREATE, &nobody, &g),
			 MM_EDENIED);
	p = make(ADMIN);
	assert_int_equal(authz_check(&p, ACT_TOKEN_CREATE, &theirs, &g), 0);
	assert_true(g.by_admin);
}

/* A general manager grant outside HQ cannot exist, so it gives nothing. */
static void test_r_role_1_general_manager_outside_hq_ignored(void **state)
{
	struct principal p = make(NO_ROLE);
	struct authz_object other = { OTHER_STATION, 0, 0, 0 };

	(void)state;
	add_role(&p, ROLE_GENERAL_MANAGER, OWN_STATION, UNIT_STATION);
	assert_int_equal(authz_check(&p, ACT_UNIT_VIEW, &other, NULL),
			 MM_EDENIED);
	assert_int_equal(authz_check(&p, ACT_AUDIT_VIEW, &other, NULL),
			 MM_EDENIED);
}

static void test_bogus_grants_ignored(void **state)
{
	struct principal p = make(NO_ROLE);
	struct authz_object own = { OWN_STATION, 0, 0, 0 };

	(void)state;
	add_role(&p, ROLE_NONE, OWN_STATION, UNIT_STATION);
	add_role(&p, ROLE__COUNT, OWN_STATION, UNIT_STATION);
	add_role(&p, (enum role)-3, OWN_STATION, UNIT_STATION);
	assert_int_equal(authz_check(&p, ACT_UNIT_VIEW, &own, NULL),
			 MM_EDENIED);
	/* A count past the array is clamped, not followed. */
	p.n_roles = (size_t)-1;
	assert_int_equal(authz_check(&p, ACT_UNIT_VIEW, &own, NULL),
			 MM_EDENIED);
}

/* A role in unit 0 must not match objects that belong to no unit. */
/*
 * R-CMP-6: the head of the IT management division sees and acknowledges
 * only breach reports forwarded as incidents (AUTHZ_STATE_INCIDENT), of
 * any unit; the flag changes nothing for the others.
 */
static void test_r_cmp_6_it_head_incidents(void **state)
{
	struct principal itd = { .user_id = ME }, mgr = { .user_id = ME };
	struct authz_object plain = { OTHER_STATION, SOMEONE_ELSE, 0, 0 };
	struct authz_object incident = { OTHER_STATION, SOMEONE_ELSE,
					 AUTHZ_STATE_INCIDENT, 0 };
	(void)state;
	add_role(&itd, ROLE_IT_DIVISION_HEAD, HQ, UNIT_HQ);
	add_role(&mgr, ROLE_MANAGER, OWN_STATION, UNIT_STATION);
	assert_int_equal(authz_check(&itd, ACT_BREACH_VIEW, &plain, NULL),
			 MM_EDENIED);
	assert_int_equal(authz_check(&itd, ACT_BREACH_VIEW, &incident, NULL), 0);
	assert_int_equal(authz_check(&itd, ACT_BREACH_ACK, &plain, NULL),
			 MM_EDENIED);
	assert_int_equal(authz_check(&itd, ACT_BREACH_ACK, &incident, NULL), 0);
	assert_int_equal(authz_check(&itd, ACT_BREACH_REPORT, &incident, NULL),
			 MM_EDENIED);
	/* Another station's incident is still another station's. */
	assert_int_equal(authz_check(&mgr, ACT_BREACH_VIEW, &incident, NULL),
			 MM_EDENIED);
}

/*
 * R-CASE-1: the juvenile division's roles (held at HQ) read every case
 * and its head's manager role judges; a station's roles read the cases
 * it reported, also once assigned to another unit, and those assigned
 * to it; a station's manager never judges, HQ never files a report.
 */
static void test_r_case_1_who_reads_a_case(void **state)
{
	struct principal hq_mgr = make(NO_ROLE), hq_ast = make(NO_ROLE);
	struct principal st_mgr = make(MANAGER);
	struct authz_object reported_here = { OWN_STATION, 0, 0, OWN_STATION };
	struct authz_object sent_elsewhere = { OTHER_STATION, SOMEONE_ELSE, 0,
					       OWN_STATION };
	struct authz_object assigned_here = { OWN_STATION, SOMEONE_ELSE, 0,
					      OTHER_STATION };
	struct authz_object elsewhere = { OTHER_STATION, 0, 0, OTHER_STATION };
	struct authz_view v;

	(void)state;
	add_role(&hq_mgr, ROLE_MANAGER, HQ, UNIT_HQ);
	add_role(&hq_ast, ROLE_ASSISTANT, HQ, UNIT_HQ);
	assert_int_equal(authz_check(&hq_mgr, ACT_CASE_VIEW, &elsewhere, NULL), 0);
	assert_int_equal(authz_check(&hq_ast, ACT_CASE_VIEW, &elsewhere, NULL), 0);
	assert_int_equal(authz_check(&hq_mgr, ACT_CASE_TRIAGE, &elsewhere, NULL), 0);
	assert_int_equal(authz_check(&hq_mgr, ACT_CASE_ASSIGN, &elsewhere, NULL), 0);
	assert_int_equal(authz_check(&hq_ast, ACT_CASE_TRIAGE, &elsewhere, NULL),
			 MM_EDENIED);
	assert_int_equal(authz_check(&hq_mgr, ACT_CASE_REPORT, NULL, NULL),
			 MM_EDENIED);
	assert_int_equal(authz_check(&st_mgr, ACT_CASE_VIEW, &reported_here, NULL), 0);
	assert_int_equal(authz_check(&st_mgr, ACT_CASE_VIEW, &sent_elsewhere, NULL), 0);
	assert_int_equal(authz_check(&st_mgr, ACT_CASE_VIEW, &assigned_here, NULL), 0);
	assert_int_equal(authz_check(&st_mgr, ACT_CASE_VIEW, &elsewhere, NULL),
			 MM_EDENIED);
	assert_int_equal(authz_check(&st_mgr, ACT_CASE_TRIAGE, &reported_here, NULL),
			 MM_EDENIED);
	/* the reporting station reads it, but logs nothing once it is away */
	st_mgr = make(ASSISTANT);
	assert_int_equal(authz_check(&st_mgr, ACT_CASE_LOG, &sent_elsewhere, NULL),
			 MM_EDENIED);
	assert_int_equal(authz_check(&st_mgr, ACT_CASE_LOG, &assigned_here, NULL), 0);
	/* the list's view says the same */
	assert_int_equal(authz_view(&st_mgr, ACT_CASE_VIEW, &v), 0);
	assert_true(authz_view_allows(&v, &sent_elsewhere));
	assert_true(authz_view_allows(&v, &assigned_here));
	assert_false(authz_view_allows(&v, &elsewhere));
	assert_int_equal(authz_view(&hq_ast, ACT_CASE_VIEW, &v), 0);
	assert_true(v.all);
}

static void test_own_unit_needs_a_unit(void **state)
{
	struct principal p = make(NO_ROLE);
	struct authz_object none = { 0, 0, 0, 0 };

	(void)state;
	add_role(&p, ROLE_MANAGER, 0, UNIT_STATION);
	assert_int_equal(authz_check(&p, ACT_AUDIT_VIEW, &none, NULL),
			 MM_EDENIED);
}

/*
 * Issue 11: the statistics - HQ's case readers count every unit and the
 * total (unit 0), a station only its own unit, never the total.
 */
static void test_issue_11_who_reads_statistics(void **state)
{
	struct principal hq_mgr = make(NO_ROLE), st_mgr = make(MANAGER);
	struct authz_object all = { 0, 0, 0, 0 };
	struct authz_object own = { OWN_STATION, 0, 0, 0 };
	struct authz_object other = { OTHER_STATION, 0, 0, 0 };

	(void)state;
	add_role(&hq_mgr, ROLE_MANAGER, HQ, UNIT_HQ);
	assert_int_equal(authz_check(&hq_mgr, ACT_STATS_VIEW, &all, NULL), 0);
	assert_int_equal(authz_check(&hq_mgr, ACT_STATS_VIEW, &other, NULL), 0);
	assert_int_equal(authz_check(&st_mgr, ACT_STATS_VIEW, &own, NULL), 0);
	assert_int_equal(authz_check(&st_mgr, ACT_STATS_VIEW, &other, NULL),
			 MM_EDENIED);
	assert_int_equal(authz_check(&st_mgr, ACT_STATS_VIEW, &all, NULL),
			 MM_EDENIED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matrix_covers_every_action),
		cmocka_unit_test(test_matrix_covers_every_role),
		cmocka_unit_test(test_matrix),
		cmocka_unit_test(test_unknown_action_denied),
		cmocka_unit_test(test_null_principal_denied),
		cmocka_unit_test(test_r_role_1_multi_role_prefers_specific),
		cmocka_unit_test(test_multi_role_any_role_allows),
		cmocka_unit_test(test_admin_with_role_records_role_first),
		cmocka_unit_test(test_any_user_rule_grant),
		cmocka_unit_test(test_null_object_is_unit_zero),
		cmocka_unit_test(test_token_owner_rule),
		cmocka_unit_test(test_r_role_1_general_manager_outside_hq_ignored),
		cmocka_unit_test(test_bogus_grants_ignored),
		cmocka_unit_test(test_own_unit_needs_a_unit),
		cmocka_unit_test(test_r_case_1_who_reads_a_case),
		cmocka_unit_test(test_issue_11_who_reads_statistics),
		cmocka_unit_test(test_r_cmp_6_it_head_incidents),
	};

	return cmocka_run_group_tests_name("core_authz", tests, NULL, NULL);
}
