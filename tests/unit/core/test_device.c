#include "fsm_check.h"

#include "core/device.h"
#include "core/policy.h"
#include "lib/err.h"

/*
 * The whole transition table as the issue describes it; every pair not
 * listed must be refused.
 */
static const struct fsm_check_edge allowed[] = {
	{ DEVICE_IN_STOCK, DEVICE_EV_LEND, DEVICE_ON_LOAN },
	{ DEVICE_IN_STOCK, DEVICE_EV_RETIRE, DEVICE_OUT_OF_SERVICE },
	{ DEVICE_ON_LOAN, DEVICE_EV_RETURN, DEVICE_RETURNED_AWAITING_CHECK },
	{ DEVICE_RETURNED_AWAITING_CHECK, DEVICE_EV_ACCEPT, DEVICE_IN_STOCK },
	{ DEVICE_RETURNED_AWAITING_CHECK, DEVICE_EV_RETIRE,
	  DEVICE_OUT_OF_SERVICE },
	{ DEVICE_OUT_OF_SERVICE, DEVICE_EV_REINSTATE, DEVICE_IN_STOCK },
};

FSM_CHECK_TRANSITION(device_transition, enum device_state, enum device_event)
FSM_CHECK_NAMES(device_state, enum device_state);
FSM_CHECK_NAMES(device_event, enum device_event);

static const struct fsm_check_machine machine = {
	.step = device_transition_int,
	.allowed = allowed, .n_allowed = COUNT(allowed),
	.n_states = DEVICE__COUNT, .n_events = DEVICE_EV__COUNT,
	.none = DEVICE_NONE,
};

static void test_r_dev_1_device_transition_table(void **state)
{
	(void)state;
	fsm_check_table(&machine);
}

static void test_r_dev_3_lent_device_not_lent_again(void **state)
{
	enum device_state next = DEVICE_NONE;

	(void)state;
	assert_int_equal(device_transition(DEVICE_ON_LOAN, DEVICE_EV_LEND,
					   &next), MM_ESTATE);
	assert_int_equal(device_transition(DEVICE_RETURNED_AWAITING_CHECK,
					   DEVICE_EV_LEND, &next), MM_ESTATE);
	assert_int_equal(device_transition(DEVICE_OUT_OF_SERVICE,
					   DEVICE_EV_LEND, &next), MM_ESTATE);
	/* R-DEV-9: no return to stock without HQ's check. */
	assert_int_equal(device_transition(DEVICE_ON_LOAN, DEVICE_EV_ACCEPT,
					   &next), MM_ESTATE);
	assert_int_equal(device_transition(DEVICE_ON_LOAN, DEVICE_EV_RETIRE,
					   &next), MM_ESTATE);
	assert_int_equal(next, DEVICE_NONE);
}

static void test_device_names(void **state)
{
	static const char *const keys[] = {
		NULL, "in_stock", "on_loan", "returned_awaiting_check",
		"out_of_service",
	};
	static const char *const labels[] = {
		NULL, "在庫", "貸出中", "返却済（本部確認待ち）", "使用停止",
	};
	static const char *const events[] = {
		NULL, "lend", "return", "accept", "retire", "reinstate",
	};

	(void)state;
	assert_int_equal(COUNT(labels), COUNT(keys));
	fsm_check_names(&device_state_names, keys, labels, COUNT(keys),
			DEVICE__COUNT);
	assert_int_equal(device_state_from_key("In_stock"), DEVICE_NONE);
	fsm_check_names(&device_event_names, events, NULL, COUNT(events),
			DEVICE_EV__COUNT);
	assert_int_equal(device_event_from_key("lent"), DEVICE_EV_NONE);
}

static const struct device_use_facts ready = {
	.loan_state = LOAN_RECEIVED,
	.receipt_confirmed = 1,
	.training_recorded = 1,
	.services_without_permission = 0,
};

static void test_r_dev_6_usable_after_receipt_and_training(void **state)
{
	const char *why = "unchanged";

	(void)state;
	assert_int_equal(device_usable(&ready, &why), 0);
	assert_string_equal(why, "unchanged");
	assert_int_equal(device_usable(&ready, NULL), 0);
}

static void expect_unusable(struct device_use_facts f, const char *word)
{
	const char *why = NULL;

	assert_int_equal(device_usable(&f, &why), MM_ERULE);
	assert_non_null(why);
	assert_non_null(strstr(why, word));
	assert_int_equal(device_usable(&f, NULL), MM_ERULE);
}

static void test_r_dev_4_6_unusable_before_training(void **state)
{
	struct device_use_facts f;

	(void)state;
	f = ready;
	f.training_recorded = 0;
	expect_unusable(f, "教養");
	f = ready;
	f.receipt_confirmed = 0;
	expect_unusable(f, "受領");
	/* R-DEV-4: lent but not received says so, not "not on loan" */
	f = ready;
	f.loan_state = LOAN_LENT;
	f.receipt_confirmed = f.training_recorded = 0;
	expect_unusable(f, "端末の受領が確認されていないため使用できません");
	f = ready;
	f.loan_state = LOAN_LENT;
	expect_unusable(f, "受領");
	f.loan_state = LOAN_RETURNED_BY_UNIT;
	expect_unusable(f, "貸出中の端末ではない");
	expect_unusable(f, "使用できません");
	f.loan_state = LOAN_CLOSED;
	expect_unusable(f, "使用できません");
	f.loan_state = LOAN_NONE;
	expect_unusable(f, "使用できません");
	assert_int_equal(device_usable(NULL, NULL), MM_EINVAL);
}

static void test_r_dev_6_unusable_with_unpermitted_service(void **state)
{
	struct device_use_facts f = ready;

	(void)state;
	f.services_without_permission = 1;
	expect_unusable(f, "外部サービス");
	f.services_without_permission = 3;
	expect_unusable(f, "外部サービス");
}

/* location_check_status with dates as y, m, d triples; 0 year = none. */
static enum location_check check_at(const struct policy *p,
				    struct civil_date since,
				    struct civil_date last,
				    struct civil_date today)
{
	enum location_check out = LOCATION_CHECK_NONE;

	assert_int_equal(location_check_status(p, &since,
					       last.year ? &last : NULL,
					       &today, &out), 0);
	return out;
}

#define D(y, m, d) ((struct civil_date){ (y), (m), (d) })
#define NONE D(0, 0, 0)

static void test_r_dev_5_checked_this_month_ok(void **state)
{
	const struct policy *p = policy_default();

	(void)state;
	assert_int_equal(check_at(p, D(2024, 4, 1), D(2025, 5, 1),
				  D(2025, 5, 31)), LOCATION_CHECK_OK);
	assert_int_equal(check_at(p, D(2024, 4, 1), D(2025, 5, 20),
				  D(2025, 5, 20)), LOCATION_CHECK_OK);
	assert_int_equal(check_at(p, D(2025, 5, 10), D(2025, 5, 10),
				  D(2025, 5, 10)), LOCATION_CHECK_OK);
}

static void test_r_dev_5_unchecked_month_due(void **state)
{
	const struct policy *p = policy_default();

	(void)state;
	/* Checked last month: this month's check is due, not late. */
	assert_int_equal(check_at(p, D(2024, 4, 1), D(2025, 4, 30),
				  D(2025, 5, 1)), LOCATION_CHECK_DUE);
	assert_int_equal(check_at(p, D(2024, 4, 1), D(2025, 4, 1),
				  D(2025, 5, 31)), LOCATION_CHECK_DUE);
	/* Received this month and not yet checked. */
	assert_int_equal(check_at(p, D(2025, 5, 31), NONE, D(2025, 5, 31)),
			 LOCATION_CHECK_DUE);
	assert_int_equal(check_at(p, D(2025, 5, 1), NONE, D(2025, 5, 31)),
			 LOCATION_CHECK_DUE);
	/* Across the year end. */
	assert_int_equal(check_at(p, D(2024, 4, 1), D(2024, 12, 31),
				  D(2025, 1, 1)), LOCATION_CHECK_DUE);
}

static void test_r_dev_5_missed_month_overdue(void **state)
{
	const struct policy *p = policy_default();

	(void)state;
	/* April passed without a check. */
	assert_int_equal(check_at(p, D(2024, 4, 1), D(2025, 3, 31),
				  D(2025, 5, 1)), LOCATION_CHECK_OVERDUE);
	/* Received in April, never checked, now May. */
	assert_int_equal(check_at(p, D(2025, 4, 30), NONE, D(2025, 5, 1)),
			 LOCATION_CHECK_OVERDUE);
	/* Across the year end: December missed. */
	assert_int_equal(check_at(p, D(2024, 4, 1), D(2024, 11, 30),
				  D(2025, 1, 15)), LOCATION_CHECK_OVERDUE);
	/* A check this month clears it. */
	assert_int_equal(check_at(p, D(2024, 4, 1), D(2025, 5, 2),
				  D(2025, 5, 3)), LOCATION_CHECK_OK);
}

static void test_r_dev_5_quarterly_policy(void **state)
{
	struct policy p = *policy_default();

	(void)state;
	p.location_check_months = 3;    /* periods Jan-Mar, Apr-Jun ... */
	assert_int_equal(check_at(&p, D(2024, 4, 1), D(2025, 4, 2),
				  D(2025, 6, 30)), LOCATION_CHECK_OK);
	assert_int_equal(check_at(&p, D(2024, 4, 1), D(2025, 1, 2),
				  D(2025, 6, 30)), LOCATION_CHECK_DUE);
	assert_int_equal(check_at(&p, D(2024, 4, 1), D(2024, 12, 31),
				  D(2025, 4, 1)), LOCATION_CHECK_OVERDUE);
}

static void test_r_dev_5_refuses_inconsistent_dates(void **state)
{
	const struct policy *p = policy_default();
	enum location_check out = LOCATION_CHECK_NONE;
	struct civil_date since = D(2025, 4, 1), today = D(2025, 5, 1),
			  future = D(2025, 5, 2), bad = D(2025, 2, 29);

	(void)state;
	assert_int_equal(location_check_status(p, &today, NULL, &since, &out),
			 MM_EINVAL);
	assert_int_equal(location_check_status(p, &since, &future, &today,
					       &out), MM_EINVAL);
	assert_int_equal(location_check_status(p, &bad, NULL, &today, &out),
			 MM_EINVAL);
	assert_int_equal(location_check_status(p, &since, &bad, &today, &out),
			 MM_EINVAL);
	assert_int_equal(location_check_status(p, &since, NULL, &bad, &out),
			 MM_EINVAL);
	assert_int_equal(out, LOCATION_CHECK_NONE);
}

static void test_location_check_names(void **state)
{
	(void)state;
	assert_string_equal(location_check_key(LOCATION_CHECK_OK), "ok");
	assert_string_equal(location_check_key(LOCATION_CHECK_DUE), "due");
	assert_string_equal(location_check_key(LOCATION_CHECK_OVERDUE),
			    "overdue");
	assert_string_equal(location_check_label(LOCATION_CHECK_OVERDUE),
			    "点検遅延");
	assert_null(location_check_key(LOCATION_CHECK_NONE));
	assert_string_equal(location_check_label((enum location_check)9), "");
}

static void test_r_dev_5_check_dated_while_held(void **state)
{
	const char *why = NULL;

	(void)state;
	assert_int_equal(location_check_date(&D(2026, 4, 1), &D(2026, 3, 1),
					     &D(2026, 4, 1), NULL), 0);
	assert_int_equal(location_check_date(&D(2026, 4, 2), &D(2026, 3, 1),
					     &D(2026, 4, 1), &why), MM_EINVAL);
	assert_non_null(strstr(why, "未来"));
	assert_int_equal(location_check_date(&D(2026, 2, 28), &D(2026, 3, 1),
					     &D(2026, 4, 1), &why), MM_EINVAL);
	assert_non_null(strstr(why, "貸出日"));
	assert_int_equal(location_check_date(&D(2026, 2, 30), &D(2026, 3, 1),
					     &D(2026, 4, 1), NULL), MM_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_r_dev_1_device_transition_table),
		cmocka_unit_test(test_r_dev_3_lent_device_not_lent_again),
		cmocka_unit_test(test_device_names),
		cmocka_unit_test(test_r_dev_6_usable_after_receipt_and_training),
		cmocka_unit_test(test_r_dev_4_6_unusable_before_training),
		cmocka_unit_test(test_r_dev_6_unusable_with_unpermitted_service),
		cmocka_unit_test(test_r_dev_5_checked_this_month_ok),
		cmocka_unit_test(test_r_dev_5_unchecked_month_due),
		cmocka_unit_test(test_r_dev_5_missed_month_overdue),
		cmocka_unit_test(test_r_dev_5_quarterly_policy),
		cmocka_unit_test(test_r_dev_5_refuses_inconsistent_dates),
		cmocka_unit_test(test_location_check_names),
		cmocka_unit_test(test_r_dev_5_check_dated_while_held),
	};

	return cmocka_run_group_tests_name("core_device", tests, NULL, NULL);
}
