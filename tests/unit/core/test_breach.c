#include "fsm_check.h"

#include "core/breach.h"
#include "core/record.h"
#include "core/records.h"
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

static void test_r_cmp_6_check_time(void **state)
{
	const int64_t now = 1700000000;
	const char *why = NULL;

	(void)state;
	assert_int_equal(breach_check_time(now - 3600, now, &why), 0);
	/* reported the moment it happened */
	assert_int_equal(breach_check_time(now, now, &why), 0);
	assert_int_equal(breach_check_time(now + 1, now, &why), MM_EINVAL);
	assert_non_null(strstr(why, "発生日時"));
	assert_int_equal(breach_check_time(0, now, NULL), MM_EINVAL);
	assert_int_equal(breach_check_time(-1, now, NULL), MM_EINVAL);
}

/* What the store checks last (record_valid): the descriptor and its rule. */
static void assert_report_refused(const struct breach *b, int64_t now,
				  const char *key)
{
	const char *field = NULL, *why = NULL;

	assert_int_equal(record_valid(&breach_record, b, now, &field, &why),
			 MM_EINVAL);
	assert_string_equal(field, key);
	assert_non_null(why);
}

static void test_r_cmp_6_report_valid(void **state)
{
	const int64_t now = 1700000000;
	struct breach b = { .rule = BREACH_RULE_CONNECTION,
			    .what = "私物のパソコンに接続した",
			    .who = "巡査 甲", .occurred_at = now - 3600 };
	char long_name[4 * 65 + 1] = "";

	(void)state;
	assert_int_equal(record_valid(&breach_record, &b, now, NULL, NULL), 0);
	b.occurred_at = now;  /* reported the moment it happened */
	assert_int_equal(record_valid(&breach_record, &b, now, NULL, NULL), 0);
	b.occurred_at = now + 1;
	assert_report_refused(&b, now, "occurred_at");
	b.occurred_at = 0;
	assert_report_refused(&b, now, "occurred_at");
	b.occurred_at = now;
	b.who = "　";
	assert_report_refused(&b, now, "who");
	/* 65 characters of 4 bytes: the limit is in characters */
	for (int i = 0; i < 65; i++)
		strcat(long_name, "𠮷");
	b.who = long_name;
	assert_report_refused(&b, now, "who");
	long_name[4 * 64] = '\0';
	assert_int_equal(record_valid(&breach_record, &b, now, NULL, NULL), 0);
	b.who = "巡査 甲";
	b.what = NULL;
	assert_report_refused(&b, now, "what");
	b.what = "一行目\n二行目";  /* a note may hold line breaks */
	assert_int_equal(record_valid(&breach_record, &b, now, NULL, NULL), 0);
	b.who = "巡査\n甲";        /* a name may not */
	assert_report_refused(&b, now, "who");
	b.who = "巡査 甲";
	for (int k = 1; k < BREACH_RULE__COUNT; k++) {
		b.rule = (enum breach_rule)k;  /* R-CMP-1 .. R-CMP-5 */
		assert_int_equal(record_valid(&breach_record, &b, now, NULL,
					      NULL), 0);
	}
	b.rule = BREACH_RULE_NONE;
	assert_report_refused(&b, now, "rule");
	b.rule = BREACH_RULE__COUNT;
	assert_report_refused(&b, now, "rule");
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
		cmocka_unit_test(test_r_cmp_6_check_time),
		cmocka_unit_test(test_r_cmp_6_report_valid),
		cmocka_unit_test(test_r_cmp_1_5_rule_names),
		cmocka_unit_test(test_breach_names),
	};

	return cmocka_run_group_tests_name("core_breach", tests, NULL, NULL);
}
