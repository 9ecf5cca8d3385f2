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

/*
 * The macros every module defines its lookups with (FSM_NAMES,
 * FSM_TRANSITION, FSM_CHAIN_STEPS), over the chain above: the
 * declarations must match the definitions, and each function must answer
 * as the fsm_* call it wraps.
 */
enum toy_state { TOY_NONE, TOY_ASKED, TOY_SIGNED };
enum toy_event { TOY_EV_NONE, TOY_EV_ASK, TOY_EV_SIGN };

FSM_NAMES_DECLARE(toy_state, enum toy_state);
FSM_TRANSITION_DECLARE(toy, enum toy_state, enum toy_event);
FSM_CHAIN_DECLARE(toy, enum toy_state, enum toy_event);

static const struct fsm_name toy_states[] = {
	[TOY_ASKED] = { "asked", "申請中" },
	[TOY_SIGNED] = { "signed", "決裁済" },
};

FSM_NAMES(toy_state, enum toy_state, toy_states);
FSM_TRANSITION(toy, enum toy_state, enum toy_event, edges);
FSM_CHAIN_STEPS(toy, enum toy_state, enum toy_event, edges, by_role);

static void test_fsm_names_macro(void **state)
{
	(void)state;
	assert_string_equal(toy_state_key(TOY_SIGNED), "signed");
	assert_null(toy_state_key(TOY_NONE));
	assert_null(toy_state_key((enum toy_state)3));
	assert_string_equal(toy_state_label(TOY_ASKED), "申請中");
	assert_string_equal(toy_state_label((enum toy_state)-1), "");
	assert_int_equal(toy_state_from_key("asked"), TOY_ASKED);
	assert_int_equal(toy_state_from_key("nope"), TOY_NONE);
	assert_int_equal(toy_state_from_key(NULL), TOY_NONE);
}

static void test_fsm_transition_macro(void **state)
{
	enum toy_state next = TOY_NONE;

	(void)state;
	assert_int_equal(toy_transition(TOY_ASKED, TOY_EV_SIGN, &next), 0);
	assert_int_equal(next, TOY_SIGNED);
	assert_int_equal(toy_transition(TOY_SIGNED, TOY_EV_SIGN, &next),
			 MM_ESTATE);
	assert_int_equal(next, TOY_SIGNED);
}

static void test_fsm_chain_macro(void **state)
{
	enum toy_state next = TOY_NONE;

	(void)state;
	assert_int_equal(toy_step(TOY_NONE, TOY_EV_ASK, ROLE_ASSISTANT, &next),
			 0);
	assert_int_equal(next, TOY_ASKED);
	assert_int_equal(toy_step(TOY_ASKED, TOY_EV_SIGN, ROLE_ASSISTANT,
				  &next), MM_EDENIED);
	assert_int_equal(next, TOY_ASKED);
	assert_int_equal(toy_step_allowed(TOY_ASKED, TOY_EV_SIGN, ROLE_MANAGER),
			 0);
	assert_int_equal(toy_step_allowed(TOY_SIGNED, TOY_EV_SIGN,
					  ROLE_MANAGER), MM_ESTATE);
	assert_int_equal(toy_event_role(TOY_EV_SIGN), ROLE_MANAGER);
	assert_int_equal(toy_event_role(TOY_EV_NONE), ROLE_NONE);
	assert_int_equal(toy_event_role((enum toy_event)E_UNUSED), ROLE_NONE);
	assert_int_equal(toy_event_role((enum toy_event)E__COUNT), ROLE_NONE);
	assert_int_equal(toy_event_role((enum toy_event)-1), ROLE_NONE);
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
		cmocka_unit_test(test_fsm_names_macro),
		cmocka_unit_test(test_fsm_transition_macro),
		cmocka_unit_test(test_fsm_chain_macro),
	};

	return cmocka_run_group_tests_name("core_fsm", tests, NULL, NULL);
}
