/*
 * test_authz_view.c - the set a list query filters by (authz_view) and
 * THE access decision (authz_check) never disagree: for every action,
 * for every principal of up to two grants (every role, in every unit
 * and unit kind, usable or not, with and without the administrator flag
 * and a user id) and every object of a small world (units, owners,
 * state bits, and none), authz_view_allows() answers as authz_check().
 * A list filtered in its query thus shows exactly the records a record
 * page would let the same user open (issue 8: pagination with the scope
 * pushed into the query).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "core/authz.h"
#include "lib/err.h"

enum { ME = 10, SOMEONE_ELSE = 20 };
#define N_UNITS 5     /* objects: units 0..4; grants: units 0..3 */
#define N_OWNERS 3
#define N_STATES 4

static const int64_t owners[N_OWNERS] = { 0, ME, SOMEONE_ELSE };

/* One grant of the world: every role value (and one past), unit, kind. */
#define N_GRANT_ROLES (ROLE__COUNT + 1)
#define N_GRANT_UNITS 4
#define N_GRANTS (N_GRANT_ROLES * N_GRANT_UNITS * 2)

static struct role_grant grant_of(int i)
{
	struct role_grant g;

	g.role = (enum role)(i % N_GRANT_ROLES);
	g.unit_id = (i / N_GRANT_ROLES) % N_GRANT_UNITS;
	g.unit_kind = (i / (N_GRANT_ROLES * N_GRANT_UNITS)) ? UNIT_STATION
							     : UNIT_HQ;
	return g;
}

/*
 * Compares view and check for principal p and action a over every
 * object; also that authz_view() reports an empty set exactly when no
 * object is allowed.
 */
static void compare(const struct principal *p, enum action a)
{
	struct authz_view v;
	int rc = authz_view(p, a, &v), any;

	any = authz_check(p, a, NULL, NULL) == 0;
	if (authz_view_allows(&v, NULL) != any)
		fail_msg("action %s, no object: view and check disagree",
			 action_name(a));
	for (int u = 0; u < N_UNITS; u++)
		for (int w = 0; w < N_OWNERS; w++)
			for (int s = 0; s < N_STATES; s++) {
				struct authz_object o = { u, owners[w], s, 0 };
				int check = authz_check(p, a, &o, NULL) == 0;

				if (authz_view_allows(&v, &o) != check)
					fail_msg("action %s, unit %d owner %lld"
						 " state %d: view %d, check %d",
						 action_name(a), u,
						 (long long)owners[w], s, !check,
						 check);
				any |= check;
			}
	assert_int_equal(rc, any ? 0 : MM_EDENIED);
}

static void compare_all_actions(const struct principal *p)
{
	for (int a = 0; a <= ACTION__COUNT; a++)
		compare(p, (enum action)a);
	compare(p, (enum action)-1);
}

/* Every principal of no, one or two grants, admin or not, id or none. */
static void test_view_matches_check_exhaustively(void **state)
{
	(void)state;
	for (int flags = 0; flags < 4; flags++) {
		struct principal p;

		memset(&p, 0, sizeof p);
		p.is_admin = flags & 1;
		p.user_id = (flags & 2) ? ME : 0;
		p.unit_id = 2;
		compare_all_actions(&p);
		for (int i = 0; i < N_GRANTS; i++) {
			p.n_roles = 1;
			p.roles[0] = grant_of(i);
			compare_all_actions(&p);
			for (int j = i + 1; j < N_GRANTS; j++) {
				p.n_roles = 2;
				p.roles[1] = grant_of(j);
				compare_all_actions(&p);
			}
		}
	}
}

/* A count past the array is clamped as authz_check clamps it. */
static void test_view_clamps_role_count(void **state)
{
	struct principal p;

	(void)state;
	memset(&p, 0, sizeof p);
	p.user_id = ME;
	for (int i = 0; i < MM_PRINCIPAL_ROLES; i++) {
		p.roles[i].role = ROLE_MANAGER;
		p.roles[i].unit_id = 1 + i % 3;
		p.roles[i].unit_kind = UNIT_STATION;
	}
	p.n_roles = (size_t)-1;
	compare_all_actions(&p);
	p.n_roles = MM_PRINCIPAL_ROLES;
	compare_all_actions(&p);
}

static void test_null_principal_sees_nothing(void **state)
{
	struct authz_view v;
	struct authz_object o = { 1, ME, AUTHZ_STATE_INCIDENT, 0 };

	(void)state;
	for (int a = 0; a < ACTION__COUNT; a++) {
		assert_int_equal(authz_view(NULL, (enum action)a, &v),
				 MM_EDENIED);
		assert_false(authz_view_allows(&v, &o));
		assert_false(authz_view_allows(&v, NULL));
	}
}

/* The shapes the list queries rely on, spelled out for the reader. */
static void test_view_shapes(void **state)
{
	struct principal gm = { .user_id = ME }, mgr = { .user_id = ME };
	struct principal itd = { .user_id = ME };
	struct authz_view v;

	(void)state;
	gm.roles[0] = (struct role_grant){ ROLE_GENERAL_MANAGER, 1, UNIT_HQ };
	gm.n_roles = 1;
	mgr.roles[0] = (struct role_grant){ ROLE_MANAGER, 2, UNIT_STATION };
	mgr.roles[1] = (struct role_grant){ ROLE_ASSISTANT, 2, UNIT_STATION };
	mgr.n_roles = 2;
	itd.roles[0] = (struct role_grant){ ROLE_IT_DIVISION_HEAD, 1, UNIT_HQ };
	itd.n_roles = 1;
	/* R-ROLE-1: the general manager reads every unit's register */
	assert_int_equal(authz_view(&gm, ACT_LOAN_VIEW, &v), 0);
	assert_true(v.all);
	assert_int_equal(v.n_units, 0);
	/* a station reads its own, once however many roles it holds there */
	assert_int_equal(authz_view(&mgr, ACT_BREACH_VIEW, &v), 0);
	assert_false(v.all);
	assert_int_equal(v.n_units, 1);
	assert_int_equal(v.units[0], 2);
	/* R-CMP-6: the IT division head, incidents of any unit only */
	assert_int_equal(authz_view(&itd, ACT_BREACH_VIEW, &v), 0);
	assert_false(v.all);
	assert_true(v.incidents);
	assert_int_equal(v.n_units, 0);
	assert_int_equal(authz_view(&itd, ACT_LOAN_VIEW, &v), MM_EDENIED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_view_matches_check_exhaustively),
		cmocka_unit_test(test_view_clamps_role_count),
		cmocka_unit_test(test_null_principal_sees_nothing),
		cmocka_unit_test(test_view_shapes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
