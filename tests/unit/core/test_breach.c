#include "fsm_check.h"

#include "core/breach.h"
#include "lib/err.h"

static const struct fsm_check_edge allowed[] = {
	{ BREACH_NONE, BREACH_EV_REPORT, BREACH_REPORTED },
	{ BREACH_REPORTED, BREACH_EV_FORWARD, BREACH_FORWARDED },
	{ BREACH_REPORTED, BREACH_EV_FORWARD_INCIDENT, BREACH_INCIDENT },
	{ BREACH_FORWARDED, BREACH_EV_ACK_GENERAL_MANAGER, BREACH_CLOSED },
	{ BREACH_INCIDENT, BREACH_EV_ACK_GENERAL_MANAGER, BREACH_AWAIT_IT_HEAD },
	{ BREACH_INCIDENT, BREACH_EV_ACK_IT_HEAD, BREACH_AWAIT_GENERAL_MANAGER },
	{ BREACH_AWAIT_IT_HEAD, BREACH_EV_ACK_IT_HEAD, BREACH_CLOSED },
	{ BREACH_AWAIT_GENERAL_MANAGER, BREACH_EV_ACK_GENERAL_MANAGER,
	  BREACH_CLOSED },
};

/* R-CMP-6: who does each step. */
static const int fires[BREACH_EV__COUNT] = {
	[BREACH_EV_REPORT] = ROLE_ASSISTANT,
	[BREACH_EV_FORWARD] = ROLE_MANAGER,
	[BREACH_EV_FORWARD_INCIDENT] = ROLE_MANAGER,
	[BREACH_EV_ACK_GENERAL_MANAGER] = ROLE_GENERAL_MANAGER,
	[BREACH_EV_ACK_IT_HEAD] = ROLE_IT_DIVISION_HEAD,
};

FSM_CHECK_STEP(breach_step, enum breach_state, enum breach_event)
FSM_CHECK_STEP_ALLOWED(breach_step_allowed, enum breach_state,
		       enum breach_event)
FSM_CHECK_NAMES(breach_state, enum breach_state);
FSM_CHECK_NAMES(breach_event, enum breach_event);
FSM_CHECK_NAMES(breach_rule, enum breach_rule);

static const struct fsm_check_machine machine = {
	.step = breach_step_int, .step_allowed = breach_step_allowed_int,
	.allowed = allowed, .n_allowed = COUNT(allowed),
	.n_states = BREACH__COUNT, .n_events = BREACH_EV__COUNT,
	.none = BREACH_NONE, .fires = fires, .any_role = ROLE_ASSISTANT,
};

static void test_r_cmp_6_transition_table(void **state)
{
	(void)state;
	fsm_check_table(&machine);
}

static void test_r_cmp_6_every_wrong_role_refused(void **state)
{
	(void)state;
	fsm_check_wrong_roles(&machine);
	for (int e = 1; e < BREACH_EV__COUNT; e++)
		assert_int_equal(breach_event_role((enum breach_event)e),
				 fires[e]);
	assert_int_equal(breach_event_role(BREACH_EV__COUNT), ROLE_NONE);
}

/* Not an incident: the general manager's acknowledgement closes it. */
static void test_r_cmp_6_plain_chain(void **state)
{
	enum breach_state s = BREACH_NONE;

	(void)state;
	assert_int_equal(breach_step(s, BREACH_EV_REPORT, ROLE_ASSISTANT, &s),
			 0);
	/* The manager first: nobody acknowledges before forwarding. */
	assert_int_equal(breach_step_allowed(s, BREACH_EV_ACK_GENERAL_MANAGER,
					     ROLE_GENERAL_MANAGER), MM_ESTATE);
	assert_int_equal(breach_step(s, BREACH_EV_FORWARD, ROLE_MANAGER, &s),
			 0);
	assert_false(breach_goes_to_it_head(s));
	/* Not sent to the IT head, so he has nothing to acknowledge. */
	assert_int_equal(breach_step_allowed(s, BREACH_EV_ACK_IT_HEAD,
					     ROLE_IT_DIVISION_HEAD), MM_ESTATE);
	assert_int_equal(breach_step(s, BREACH_EV_FORWARD_INCIDENT,
				     ROLE_MANAGER, &s), MM_ESTATE);
	assert_int_equal(breach_step(s, BREACH_EV_ACK_GENERAL_MANAGER,
				     ROLE_GENERAL_MANAGER, &s), 0);
	assert_int_equal(s, BREACH_CLOSED);
	for (int e = 1; e < BREACH_EV__COUNT; e++)
		assert_int_equal(breach_step_allowed(s, (enum breach_event)e,
						     fires[e]), MM_ESTATE);
}

/* A reportable incident waits for both, in either order, once each. */
static void test_r_cmp_6_incident_needs_both_acknowledgements(void **state)
{
	enum breach_state a = BREACH_REPORTED, b;

	(void)state;
	assert_int_equal(breach_step(a, BREACH_EV_FORWARD_INCIDENT,
				     ROLE_MANAGER, &a), 0);
	assert_true(breach_goes_to_it_head(a));
	b = a;
	/* General manager first. */
	assert_int_equal(breach_step(a, BREACH_EV_ACK_GENERAL_MANAGER,
				     ROLE_GENERAL_MANAGER, &a), 0);
	assert_int_equal(a, BREACH_AWAIT_IT_HEAD);
	assert_true(breach_goes_to_it_head(a));
	assert_int_equal(breach_step_allowed(a, BREACH_EV_ACK_GENERAL_MANAGER,
					     ROLE_GENERAL_MANAGER), MM_ESTATE);
	assert_int_equal(breach_step(a, BREACH_EV_ACK_IT_HEAD,
				     ROLE_IT_DIVISION_HEAD, &a), 0);
	assert_int_equal(a, BREACH_CLOSED);
	/* IT head first. */
	assert_int_equal(breach_step(b, BREACH_EV_ACK_IT_HEAD,
				     ROLE_IT_DIVISION_HEAD, &b), 0);
	assert_int_equal(b, BREACH_AWAIT_GENERAL_MANAGER);
	assert_int_equal(breach_step_allowed(b, BREACH_EV_ACK_IT_HEAD,
					     ROLE_IT_DIVISION_HEAD), MM_ESTATE);
	assert_int_equal(breach_step(b, BREACH_EV_ACK_GENERAL_MANAGER,
				     ROLE_GENERAL_MANAGER, &b), 0);
	assert_int_equal(b, BREACH_CLOSED);
	assert_false(breach_goes_to_it_head(BREACH_REPORTED));
	assert_false(breach_goes_to_it_head(BREACH_CLOSED));
}

static void test_r_cmp_6_check_report(void **state)
{
	const int64_t now = 1700000000;
	struct breach_report r = { BREACH_RULE_CONNECTION,
				   "私物のパソコンに接続した", "巡査 甲",
				   now - 3600 };
	const char *why = NULL;

	(void)state;
	assert_int_equal(breach_check_report(&r, now, &why), 0);
	r.occurred_at = now;  /* reported the moment it happened */
	assert_int_equal(breach_check_report(&r, now, &why), 0);
	r.occurred_at = now + 1;
	assert_int_equal(breach_check_report(&r, now, &why), MM_EINVAL);
	assert_non_null(strstr(why, "発生日時"));
	r.occurred_at = 0;
	assert_int_equal(breach_check_report(&r, now, NULL), MM_EINVAL);
	r.occurred_at = now;
	r.who = "　";
	assert_int_equal(breach_check_report(&r, now, &why), MM_EINVAL);
	assert_non_null(strstr(why, "違反した者"));
	r.who = "巡査 甲";
	r.what = NULL;
	assert_int_equal(breach_check_report(&r, now, &why), MM_EINVAL);
	assert_non_null(strstr(why, "内容"));
	r.what = "接続";
	for (int k = 1; k < BREACH_RULE__COUNT; k++) {
		r.rule = (enum breach_rule)k;  /* R-CMP-1 .. R-CMP-5 */
		assert_int_equal(breach_check_report(&r, now, NULL), 0);
	}
	r.rule = BREACH_RULE_NONE;
	assert_int_equal(breach_check_report(&r, now, &why), MM_EINVAL);
	assert_non_null(strstr(why, "遵守事項"));
	r.rule = BREACH_RULE__COUNT;
	assert_int_equal(breach_check_report(&r, now, NULL), MM_EINVAL);
	assert_int_equal(breach_check_report(NULL, now, NULL), MM_EINVAL);
}

static void test_r_cmp_1_5_rule_names(void **state)
{
	static const char *const rules[] = {
		NULL, "purpose", "lending", "connection", "functions",
		"contract",
	};

	(void)state;
	assert_int_equal(BREACH_RULE__COUNT, 6);  /* R-CMP-1..5 */
	fsm_check_names(&breach_rule_names, rules, NULL, COUNT(rules),
			BREACH_RULE__COUNT);
	assert_string_equal(breach_rule_label(BREACH_RULE_PURPOSE),
			    "目的外使用");
	assert_int_equal(breach_rule_from_key("camera"), BREACH_RULE_NONE);
}

static void test_breach_names(void **state)
{
	static const char *const states[] = {
		NULL, "reported", "forwarded", "incident", "await_it_head",
		"await_general_manager", "closed",
	};
	static const char *const events[] = {
		NULL, "report", "forward", "forward_incident",
		"ack_general_manager", "ack_it_head",
	};

	(void)state;
	fsm_check_names(&breach_state_names, states, NULL, COUNT(states),
			BREACH__COUNT);
	assert_string_equal(breach_state_label(BREACH_CLOSED), "確認完了");
	fsm_check_names(&breach_event_names, events, NULL, COUNT(events),
			BREACH_EV__COUNT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_r_cmp_6_transition_table),
		cmocka_unit_test(test_r_cmp_6_every_wrong_role_refused),
		cmocka_unit_test(test_r_cmp_6_plain_chain),
		cmocka_unit_test(test_r_cmp_6_incident_needs_both_acknowledgements),
		cmocka_unit_test(test_r_cmp_6_check_report),
		cmocka_unit_test(test_r_cmp_1_5_rule_names),
		cmocka_unit_test(test_breach_names),
	};

	return cmocka_run_group_tests_name("core_breach", tests, NULL, NULL);
}
