#include "fsm_check.h"

#include "core/designation.h"
#include "lib/err.h"

static const struct fsm_check_edge allowed[] = {
	{ DESIGNATION_NONE, DESIGNATION_EV_DESIGNATE, DESIGNATION_ACTIVE },
	{ DESIGNATION_ACTIVE, DESIGNATION_EV_REVOKE, DESIGNATION_REVOKED },
	{ DESIGNATION_REVOKED, DESIGNATION_EV_REDESIGNATE, DESIGNATION_ACTIVE },
};

FSM_CHECK_STEP(designation_step, enum designation_state,
	       enum designation_event)
FSM_CHECK_NAMES(designation_state, enum designation_state);
FSM_CHECK_NAMES(designation_event, enum designation_event);

/* R-ROLE-4, R-ROLE-5: the operations manager does every step. */
static const struct fsm_check_machine machine = {
	.step = designation_step_int,
	.allowed = allowed, .n_allowed = COUNT(allowed),
	.n_states = DESIGNATION__COUNT, .n_events = DESIGNATION_EV__COUNT,
	.none = DESIGNATION_NONE, .any_role = ROLE_MANAGER,
};

static void test_r_role_5_transition_table(void **state)
{
	(void)state;
	fsm_check_table(&machine);
}

static void test_r_role_4_5_only_the_manager_designates(void **state)
{
	(void)state;
	fsm_check_wrong_roles(&machine);
}

/* Revoking takes effect at once; a re-designation restores it. */
static void test_r_role_5_register_lifecycle(void **state)
{
	enum designation_state s = DESIGNATION_NONE;

	(void)state;
	assert_false(designation_in_force(s));
	assert_int_equal(designation_step(s, DESIGNATION_EV_DESIGNATE,
					  ROLE_MANAGER, &s), 0);
	assert_true(designation_in_force(s));
	assert_int_equal(designation_step(s, DESIGNATION_EV_DESIGNATE,
					  ROLE_MANAGER, &s), MM_ESTATE);
	assert_int_equal(designation_step(s, DESIGNATION_EV_REDESIGNATE,
					  ROLE_MANAGER, &s), MM_ESTATE);
	assert_int_equal(designation_step(s, DESIGNATION_EV_REVOKE,
					  ROLE_MANAGER, &s), 0);
	assert_false(designation_in_force(s));
	assert_int_equal(designation_step(s, DESIGNATION_EV_REVOKE,
					  ROLE_MANAGER, &s), MM_ESTATE);
	assert_int_equal(designation_step(s, DESIGNATION_EV_REDESIGNATE,
					  ROLE_MANAGER, &s), 0);
	assert_true(designation_in_force(s));
	assert_false(designation_in_force(DESIGNATION__COUNT));
}

static void test_r_role_4_inspector_needs_no_reason(void **state)
{
	static const enum rank ok[] = { RANK_KEIBUHO, RANK_KEIBU, RANK_KEISHI,
					RANK_KEISHISEI, RANK_KEISHICHO };
	struct designation_grounds g = { ROLE_OPERATIONS_OFFICER, RANK_KEIBUHO,
					 NULL, NULL, NULL };

	(void)state;
	for (size_t i = 0; i < COUNT(ok); i++) {
		g.rank = ok[i];
		assert_int_equal(designation_check(&g, NULL), 0);
	}
}

/* R-ROLE-4 ただし書: another rank or post only with the reason. */
static void test_r_role_4_exception_needs_reason(void **state)
{
	static const enum rank below[] = { RANK_JUNSA, RANK_JUNSACHO,
					   RANK_JUNSABUCHO, RANK_CIVILIAN };
	struct designation_grounds g = { ROLE_OPERATIONS_OFFICER, RANK_JUNSA,
					 NULL, NULL, NULL };
	const char *why = NULL;

	(void)state;
	for (size_t i = 0; i < COUNT(below); i++) {
		g.rank = below[i];
		g.exception_reason = NULL;
		assert_int_equal(designation_check(&g, &why), MM_EINVAL);
		assert_non_null(strstr(why, "理由"));
		g.exception_reason = "　 ";
		assert_int_equal(designation_check(&g, NULL), MM_EINVAL);
		g.exception_reason = "少年担当係に警部補が不在のため";
		assert_int_equal(designation_check(&g, NULL), 0);
	}
	g.rank = RANK_NONE;
	assert_int_equal(designation_check(&g, &why), MM_EINVAL);
	assert_non_null(strstr(why, "階級"));
	g.rank = RANK__COUNT;
	assert_int_equal(designation_check(&g, NULL), MM_EINVAL);
}

static void test_r_role_5_grounds_required(void **state)
{
	struct designation_grounds g = { ROLE_COMM_OFFICER, RANK_JUNSA, NULL,
					 "サイバーパトロール研修修了",
					 "対象者への配慮ある文面が書ける" };
	const char *why = NULL;

	(void)state;
	/* Any rank: R-ROLE-5 asks for knowledge and aptitude, not rank. */
	assert_int_equal(designation_check(&g, &why), 0);
	g.knowledge = "";
	assert_int_equal(designation_check(&g, &why), MM_EINVAL);
	assert_non_null(strstr(why, "知識"));
	g.knowledge = "研修修了";
	g.aptitude = NULL;
	assert_int_equal(designation_check(&g, &why), MM_EINVAL);
	assert_non_null(strstr(why, "適性"));
}

static void test_designation_other_roles_refused(void **state)
{
	static const enum role other[] = { ROLE_NONE, ROLE_GENERAL_MANAGER,
					   ROLE_MANAGER, ROLE_ASSISTANT,
					   ROLE_INFOSEC_MANAGER,
					   ROLE_IT_DIVISION_HEAD, ROLE__COUNT };
	struct designation_grounds g = { ROLE_NONE, RANK_KEIBU, "理由",
					 "知識", "適性" };
	const char *why = NULL;

	(void)state;
	for (size_t i = 0; i < COUNT(other); i++) {
		g.role = other[i];
		assert_int_equal(designation_check(&g, &why), MM_EINVAL);
		assert_non_null(why);
	}
	assert_int_equal(designation_check(NULL, NULL), MM_EINVAL);
}

static void test_designation_names(void **state)
{
	static const char *const states[] = { NULL, "active", "revoked" };
	static const char *const events[] = {
		NULL, "designate", "redesignate", "revoke",
	};

	(void)state;
	fsm_check_names(&designation_state_names, states, NULL, COUNT(states),
			DESIGNATION__COUNT);
	assert_string_equal(designation_state_label(DESIGNATION_ACTIVE),
			    "指定中");
	assert_int_equal(designation_state_from_key("x"), DESIGNATION_NONE);
	fsm_check_names(&designation_event_names, events, NULL, COUNT(events),
			DESIGNATION_EV__COUNT);
	assert_string_equal(designation_event_label(DESIGNATION_EV_REDESIGNATE),
			    "再指定");
}

/* R-ROLE-4, R-ROLE-5: the field to blame for refused grounds. */
static void test_r_role_4_5_blame(void **state)
{
	struct designation d;
	struct designation_grounds g;

	(void)state;
	memset(&d, 0, sizeof(d));
	d.role = ROLE_OPERATIONS_OFFICER;
	g = designation_grounds_of(&d);
	assert_null(designation_blame(&g)); /* no rank recorded: the user's */
	d.rank = RANK_JUNSABUCHO;
	g = designation_grounds_of(&d);
	assert_string_equal(designation_blame(&g), "exception_reason");
	d.role = ROLE_COMM_OFFICER;
	g = designation_grounds_of(&d);
	assert_string_equal(designation_blame(&g), "knowledge");
	d.knowledge = "研修修了";
	g = designation_grounds_of(&d);
	assert_string_equal(designation_blame(&g), "aptitude");
	assert_string_equal(g.knowledge, "研修修了");
	d.role = ROLE_MANAGER;
	g = designation_grounds_of(&d);
	assert_string_equal(designation_blame(&g), "role");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_r_role_5_transition_table),
		cmocka_unit_test(test_r_role_4_5_only_the_manager_designates),
		cmocka_unit_test(test_r_role_5_register_lifecycle),
		cmocka_unit_test(test_r_role_4_inspector_needs_no_reason),
		cmocka_unit_test(test_r_role_4_exception_needs_reason),
		cmocka_unit_test(test_r_role_5_grounds_required),
		cmocka_unit_test(test_designation_other_roles_refused),
		cmocka_unit_test(test_designation_names),
		cmocka_unit_test(test_r_role_4_5_blame),
	};

	return cmocka_run_group_tests_name("core_designation", tests, NULL,
					   NULL);
}
