#include "fsm_check.h"

#include "core/policy.h"
#include "core/record.h"
#include "core/records.h"
#include "core/takeout.h"
#include "lib/err.h"

static const struct fsm_check_edge allowed[] = {
	{ TAKEOUT_REQUESTED, TAKEOUT_EV_PERMIT, TAKEOUT_PERMITTED },
	{ TAKEOUT_REQUESTED, TAKEOUT_EV_REFUSE, TAKEOUT_REFUSED },
	{ TAKEOUT_REQUESTED, TAKEOUT_EV_CANCEL, TAKEOUT_CANCELLED },
	{ TAKEOUT_PERMITTED, TAKEOUT_EV_REPORT, TAKEOUT_RETURNED },
};

FSM_CHECK_TRANSITION(takeout_transition, enum takeout_state,
		     enum takeout_event)
FSM_CHECK_NAMES(takeout_state, enum takeout_state);
FSM_CHECK_NAMES(takeout_event, enum takeout_event);

static const struct fsm_check_machine machine = {
	.step = takeout_transition_int,
	.allowed = allowed, .n_allowed = COUNT(allowed),
	.n_states = TAKEOUT__COUNT, .n_events = TAKEOUT_EV__COUNT,
	.none = TAKEOUT_NONE,
};

static void test_r_dev_7_takeout_transition_table(void **state)
{
	(void)state;
	fsm_check_table(&machine);
}

static void test_r_dev_7_takeout_needs_permission(void **state)
{
	enum takeout_state next = TAKEOUT_NONE;

	(void)state;
	/* No report without permission; a permitted take-out must report. */
	assert_int_equal(takeout_transition(TAKEOUT_REQUESTED,
					    TAKEOUT_EV_REPORT, &next),
			 MM_ESTATE);
	assert_int_equal(takeout_transition(TAKEOUT_PERMITTED,
					    TAKEOUT_EV_CANCEL, &next),
			 MM_ESTATE);
	assert_int_equal(takeout_transition(TAKEOUT_REFUSED,
					    TAKEOUT_EV_PERMIT, &next),
			 MM_ESTATE);
	assert_int_equal(takeout_transition(TAKEOUT_RETURNED,
					    TAKEOUT_EV_REPORT, &next),
			 MM_ESTATE);
	assert_int_equal(next, TAKEOUT_NONE);
}

static void test_takeout_names(void **state)
{
	static const char *const states[] = {
		NULL, "requested", "permitted", "refused", "returned",
		"cancelled",
	};
	static const char *const events[] = {
		NULL, "permit", "refuse", "report", "cancel",
	};

	(void)state;
	fsm_check_names(&takeout_state_names, states, NULL, COUNT(states),
			TAKEOUT__COUNT);
	assert_int_equal(takeout_state_from_key("out"), TAKEOUT_NONE);
	fsm_check_names(&takeout_event_names, events, NULL, COUNT(events),
			TAKEOUT_EV__COUNT);
}

static void test_r_dev_7_request_times(void **state)
{
	const char *why = NULL;

	(void)state;
	assert_int_equal(takeout_check_request(1000, 1001, NULL), 0);
	assert_int_equal(takeout_check_request(1000, 1000, &why), MM_EINVAL);
	assert_non_null(why);
	assert_int_equal(takeout_check_request(1000, 999, NULL), MM_EINVAL);
	assert_int_equal(takeout_check_request(0, 10, NULL), MM_EINVAL);
}

static void test_r_dev_7_report_states_loss_and_results(void **state)
{
	const char *why = NULL;
	struct takeout_report r = { 1, NULL, "対象者と接触" };
	const char *field = NULL;

	(void)state;
	/* the rule alone, then the report as the store checks it last */
	assert_int_equal(takeout_check_incident(1, NULL, NULL), 0);
	assert_int_equal(takeout_check_incident(0, "画面にひび", NULL), 0);
	assert_int_equal(takeout_check_incident(0, "", &why), MM_EINVAL);
	assert_non_null(strstr(why, "紛失"));
	assert_int_equal(record_valid(&takeout_report_record, &r, 0, NULL,
				      NULL), 0);
	r.no_loss_or_damage = 0;
	r.incident = "　";
	assert_int_equal(record_valid(&takeout_report_record, &r, 0, &field,
				      &why), MM_EINVAL);
	assert_string_equal(field, "incident");
	assert_non_null(strstr(why, "紛失"));
	r.incident = "画面にひび";
	assert_int_equal(record_valid(&takeout_report_record, &r, 0, NULL,
				      NULL), 0);
	r.results = "　";
	assert_int_equal(record_valid(&takeout_report_record, &r, 0, &field,
				      &why), MM_EINVAL);
	assert_string_equal(field, "results");
	assert_non_null(strstr(why, "実施結果"));
	r.results = NULL;
	assert_int_equal(record_valid(&takeout_report_record, &r, 0, NULL,
				      NULL), MM_EINVAL);
}

static void test_r_dev_7_takeout_overdue_after_expected_return(void **state)
{
	const struct policy *p = policy_default();
	struct policy late = *p;
	const int64_t back = 1750000000;

	(void)state;
	assert_false(takeout_overdue(p, TAKEOUT_PERMITTED, back, back - 1));
	assert_false(takeout_overdue(p, TAKEOUT_PERMITTED, back, back));
	assert_true(takeout_overdue(p, TAKEOUT_PERMITTED, back, back + 1));
	/* Only a take-out that is out can be late. */
	assert_false(takeout_overdue(p, TAKEOUT_REQUESTED, back, back + 9999));
	assert_false(takeout_overdue(p, TAKEOUT_RETURNED, back, back + 9999));
	assert_false(takeout_overdue(p, TAKEOUT_REFUSED, back, back + 9999));
	/* A policy grace moves the flag. */
	late.takeout_grace_minutes = 30;
	assert_false(takeout_overdue(&late, TAKEOUT_PERMITTED, back,
				     back + 30 * 60));
	assert_true(takeout_overdue(&late, TAKEOUT_PERMITTED, back,
				    back + 30 * 60 + 1));
	assert_false(takeout_overdue(&late, TAKEOUT_PERMITTED, INT64_MAX,
				     INT64_MAX));
}

static void test_r_dev_7_refusal_says_why(void **state)
{
	const char *why = NULL;

	(void)state;
	assert_int_equal(takeout_check_decision(TAKEOUT_EV_PERMIT, NULL, NULL),
			 0);
	assert_int_equal(takeout_check_decision(TAKEOUT_EV_CANCEL, "", NULL),
			 0);
	assert_int_equal(takeout_check_decision(TAKEOUT_EV_REFUSE, "必要性なし",
						NULL), 0);
	assert_int_equal(takeout_check_decision(TAKEOUT_EV_REFUSE, "　", &why),
			 MM_EINVAL);
	assert_non_null(strstr(why, "不許可の理由"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_r_dev_7_takeout_transition_table),
		cmocka_unit_test(test_r_dev_7_takeout_needs_permission),
		cmocka_unit_test(test_takeout_names),
		cmocka_unit_test(test_r_dev_7_request_times),
		cmocka_unit_test(test_r_dev_7_report_states_loss_and_results),
		cmocka_unit_test(test_r_dev_7_takeout_overdue_after_expected_return),
		cmocka_unit_test(test_r_dev_7_refusal_says_why),
	};

	return cmocka_run_group_tests_name("core_takeout", tests, NULL, NULL);
}
