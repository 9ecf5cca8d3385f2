#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "core/fsm.h"
#include "core/types.h"
#include "lib/err.h"

/* A two-step chain: the assistant asks (1 -> 2), the manager signs (2 -> 3). */
enum { S_NONE, S_ASKED, S_SIGNED };
enum { E_NONE, E_ASK, E_SIGN, E_UNUSED, E__COUNT };

static const struct fsm_edge edges[] = {
	{ S_NONE, E_ASK, S_ASKED },
	{ S_ASKED, E_SIGN, S_SIGNED },
};

static const int by_role[E__COUNT] = {
	[E_ASK] = ROLE_ASSISTANT,
	[E_SIGN] = ROLE_MANAGER,
};

static const struct fsm_chain chain = { edges, 2, by_role, E__COUNT };

static void test_fsm_step_in_order_by_the_right_role(void **state)
{
	int to = -1;

	(void)state;
	assert_int_equal(fsm_step(&chain, S_NONE, E_ASK, ROLE_ASSISTANT, &to),
			 0);
	assert_int_equal(to, S_ASKED);
	assert_int_equal(fsm_step(&chain, S_ASKED, E_SIGN, ROLE_MANAGER, &to),
			 0);
	assert_int_equal(to, S_SIGNED);
}

static void test_fsm_step_wrong_role_denied_in_any_state(void **state)
{
	int to = -1;

	(void)state;
	assert_int_equal(fsm_step(&chain, S_ASKED, E_SIGN, ROLE_ASSISTANT,
				  &to), MM_EDENIED);
	assert_int_equal(fsm_step(&chain, S_NONE, E_ASK, ROLE_MANAGER, &to),
			 MM_EDENIED);
	/* Denied also where the state would refuse: no state is revealed. */
	assert_int_equal(fsm_step(&chain, S_SIGNED, E_SIGN, ROLE_GENERAL_MANAGER,
				  &to), MM_EDENIED);
	assert_int_equal(to, -1);
}

static void test_fsm_step_nobody_fires_unassigned_events(void **state)
{
	int to = -1;

	(void)state;
	assert_int_equal(fsm_step(&chain, S_ASKED, E_UNUSED, ROLE_NONE, &to),
			 MM_EDENIED);
	assert_int_equal(fsm_step(&chain, S_ASKED, E_SIGN, ROLE_NONE, &to),
			 MM_EDENIED);
	assert_int_equal(fsm_step(&chain, S_ASKED, E_SIGN, -2, &to),
			 MM_EDENIED);
	assert_int_equal(to, -1);
}

static void test_fsm_step_skipped_or_repeated_is_state_error(void **state)
{
	int to = -1;

	(void)state;
	assert_int_equal(fsm_step(&chain, S_NONE, E_SIGN, ROLE_MANAGER, &to),
			 MM_ESTATE);
	assert_int_equal(fsm_step(&chain, S_SIGNED, E_SIGN, ROLE_MANAGER, &to),
			 MM_ESTATE);
	assert_int_equal(fsm_step(&chain, S_ASKED, E_ASK, ROLE_ASSISTANT, &to),
			 MM_ESTATE);
	assert_int_equal(to, -1);
}

static void test_fsm_step_unknown_event(void **state)
{
	int to = -1;

	(void)state;
	assert_int_equal(fsm_step(&chain, S_NONE, E_NONE, ROLE_ASSISTANT, &to),
			 MM_ESTATE);
	assert_int_equal(fsm_step(&chain, S_NONE, E__COUNT, ROLE_ASSISTANT,
				  &to), MM_ESTATE);
	assert_int_equal(fsm_step(&chain, S_NONE, -1, ROLE_ASSISTANT, &to),
			 MM_ESTATE);
	assert_int_equal(to, -1);
}

static void test_fsm_names(void **state)
{
	static const struct fsm_name names[] = {
		[1] = { "one", "一" },
		[3] = { "three", "三" },
	};

	(void)state;
	assert_string_equal(fsm_key(names, 4, 1), "one");
	assert_null(fsm_key(names, 4, 2));
	assert_null(fsm_key(names, 4, 0));
	assert_null(fsm_key(names, 4, 4));
	assert_string_equal(fsm_label(names, 4, 3), "三");
	assert_string_equal(fsm_label(names, 4, -1), "");
	assert_int_equal(fsm_from_key(names, 4, "three"), 3);
	assert_int_equal(fsm_from_key(names, 4, "two"), 0);
	assert_int_equal(fsm_from_key(names, 4, NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fsm_step_in_order_by_the_right_role),
		cmocka_unit_test(test_fsm_step_wrong_role_denied_in_any_state),
		cmocka_unit_test(test_fsm_step_nobody_fires_unassigned_events),
		cmocka_unit_test(test_fsm_step_skipped_or_repeated_is_state_error),
		cmocka_unit_test(test_fsm_step_unknown_event),
		cmocka_unit_test(test_fsm_names),
	};

	return cmocka_run_group_tests_name("core_fsm", tests, NULL, NULL);
}
