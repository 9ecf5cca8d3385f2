#include "fsm_check.h"

#include <stdio.h>

#include "core/loan.h"
#include "core/policy.h"
#include "lib/err.h"

#define D(y, m, d) ((struct civil_date){ (y), (m), (d) })

static const struct fsm_check_edge allowed[] = {
	{ LOAN_LENT, LOAN_EV_RECEIVE, LOAN_RECEIVED },
	{ LOAN_LENT, LOAN_EV_EXTEND, LOAN_LENT },
	{ LOAN_RECEIVED, LOAN_EV_EXTEND, LOAN_RECEIVED },
	{ LOAN_RECEIVED, LOAN_EV_SUBMIT_RETURN, LOAN_RETURNED_BY_UNIT },
	{ LOAN_RETURNED_BY_UNIT, LOAN_EV_CLOSE, LOAN_CLOSED },
};

FSM_CHECK_TRANSITION(loan_transition, enum loan_state, enum loan_event)
FSM_CHECK_NAMES(loan_state, enum loan_state);
FSM_CHECK_NAMES(loan_event, enum loan_event);

static const struct fsm_check_machine machine = {
	.step = loan_transition_int,
	.allowed = allowed, .n_allowed = COUNT(allowed),
	.n_states = LOAN__COUNT, .n_events = LOAN_EV__COUNT,
	.none = LOAN_NONE,
};

static void test_r_dev_3_loan_transition_table(void **state)
{
	(void)state;
	fsm_check_table(&machine);
}

static void test_r_dev_9_no_return_before_receipt_or_twice(void **state)
{
	enum loan_state next = LOAN_NONE;

	(void)state;
	assert_int_equal(loan_transition(LOAN_LENT, LOAN_EV_SUBMIT_RETURN,
					 &next), MM_ESTATE);
	assert_int_equal(loan_transition(LOAN_RECEIVED, LOAN_EV_CLOSE, &next),
			 MM_ESTATE);
	assert_int_equal(loan_transition(LOAN_CLOSED, LOAN_EV_EXTEND, &next),
			 MM_ESTATE);
	assert_int_equal(loan_transition(LOAN_RETURNED_BY_UNIT,
					 LOAN_EV_EXTEND, &next), MM_ESTATE);
	assert_int_equal(loan_transition(LOAN_RECEIVED, LOAN_EV_RECEIVE,
					 &next), MM_ESTATE);
	assert_int_equal(next, LOAN_NONE);
}

static void test_loan_open_and_names(void **state)
{
	static const char *const keys[] = {
		NULL, "lent", "received", "returned_by_unit", "closed",
	};
	static const char *const events[] = {
		NULL, "receive", "extend", "submit_return", "close",
	};

	(void)state;
	assert_true(loan_open(LOAN_LENT));
	assert_true(loan_open(LOAN_RECEIVED));
	assert_false(loan_open(LOAN_RETURNED_BY_UNIT));
	assert_false(loan_open(LOAN_CLOSED));
	assert_false(loan_open(LOAN_NONE));
	fsm_check_names(&loan_state_names, keys, NULL, COUNT(keys),
			LOAN__COUNT);
	assert_string_equal(loan_state_label(LOAN_RECEIVED), "受領・教養済");
	assert_int_equal(loan_state_from_key("open"), LOAN_NONE);
	fsm_check_names(&loan_event_names, events, NULL, COUNT(events),
			LOAN_EV__COUNT);
}

static int period(struct civil_date start, struct civil_date due,
		  const char *reason)
{
	return loan_check_period(policy_default(), &start, &due, reason, NULL);
}

static void test_r_dev_2_loan_up_to_one_year_allowed(void **state)
{
	struct civil_date limit;

	(void)state;
	assert_int_equal(period(D(2025, 4, 1), D(2026, 4, 1), NULL), 0);
	assert_int_equal(period(D(2025, 4, 1), D(2025, 4, 1), NULL), 0);
	assert_int_equal(period(D(2025, 4, 1), D(2025, 9, 30), ""), 0);
	assert_int_equal(period(D(2024, 2, 29), D(2025, 2, 28), NULL), 0);
	assert_int_equal(loan_period_limit(policy_default(), &D(2024, 2, 29),
					   &limit), 0);
	assert_int_equal(limit.year, 2025);
	assert_int_equal(limit.month, 2);
	assert_int_equal(limit.day, 28);
}

static void test_r_dev_2_loan_over_one_year_refused_without_reason(void **state)
{
	struct civil_date start = D(2025, 4, 1), due = D(2026, 4, 2);
	const char *why = NULL;

	(void)state;
	assert_int_equal(loan_check_period(policy_default(), &start, &due,
					   NULL, &why), MM_ERULE);
	assert_non_null(why);
	assert_non_null(strstr(why, "理由"));
	assert_int_equal(period(D(2025, 4, 1), D(2026, 4, 2), ""), MM_ERULE);
	assert_int_equal(period(D(2025, 4, 1), D(2026, 4, 2), " \t　"),
			 MM_ERULE);
	assert_int_equal(period(D(2024, 2, 29), D(2025, 3, 1), NULL),
			 MM_ERULE);
	assert_int_equal(period(D(2025, 4, 1), D(2030, 1, 1), NULL), MM_ERULE);
}

static void test_r_dev_2_loan_over_one_year_allowed_with_reason(void **state)
{
	(void)state;
	assert_int_equal(period(D(2025, 4, 1), D(2026, 4, 2),
				"交信作業が継続中のため"), 0);
	assert_int_equal(period(D(2024, 2, 29), D(2025, 3, 1), "x"), 0);
}

static void test_r_dev_2_loan_period_invalid(void **state)
{
	const char *why = NULL;
	struct civil_date start = D(2025, 4, 2), due = D(2025, 4, 1);

	(void)state;
	assert_int_equal(loan_check_period(policy_default(), &start, &due,
					   "理由", &why), MM_EINVAL);
	assert_non_null(why);
	assert_int_equal(period(D(2025, 2, 29), D(2025, 4, 1), NULL),
			 MM_EINVAL);
	assert_int_equal(period(D(2025, 4, 1), D(2025, 4, 31), NULL),
			 MM_EINVAL);
	assert_int_equal(period(D(9999, 1, 1), D(9999, 2, 1), NULL),
			 MM_EINVAL);
}

static void test_r_dev_2_policy_sets_the_limit(void **state)
{
	struct policy p = *policy_default();
	struct civil_date start = D(2025, 4, 1), due = D(2025, 10, 2);

	(void)state;
	p.loan_max_months = 6;
	assert_int_equal(loan_check_period(&p, &start, &due, NULL, NULL),
			 MM_ERULE);
	due = D(2025, 10, 1);
	assert_int_equal(loan_check_period(&p, &start, &due, NULL, NULL), 0);
}

static int extension(struct civil_date cur, struct civil_date next,
		     const char *reason)
{
	return loan_check_extension(policy_default(), &cur, &next, reason,
				    NULL);
}

static void test_r_dev_8_extension_counts_from_current_due(void **state)
{
	const char *why = NULL;
	struct civil_date cur = D(2026, 3, 31), next = D(2027, 4, 1);

	(void)state;
	assert_int_equal(extension(D(2026, 3, 31), D(2027, 3, 31), NULL), 0);
	assert_int_equal(extension(D(2026, 3, 31), D(2026, 4, 1), NULL), 0);
	assert_int_equal(loan_check_extension(policy_default(), &cur, &next,
					      NULL, &why), MM_ERULE);
	assert_non_null(strstr(why, "理由"));
	assert_int_equal(extension(D(2026, 3, 31), D(2027, 4, 1), "継続"), 0);
	assert_int_equal(extension(D(2028, 2, 29), D(2029, 2, 28), NULL), 0);
	assert_int_equal(extension(D(2028, 2, 29), D(2029, 3, 1), NULL),
			 MM_ERULE);
}

static void test_r_dev_8_extension_must_move_due_later(void **state)
{
	const char *why = NULL;
	struct civil_date cur = D(2026, 3, 31);

	(void)state;
	assert_int_equal(loan_check_extension(policy_default(), &cur, &cur,
					      "理由", &why), MM_EINVAL);
	assert_non_null(strstr(why, "延長"));
	assert_int_equal(extension(D(2026, 3, 31), D(2026, 3, 1), NULL),
			 MM_EINVAL);
	assert_int_equal(extension(D(2026, 3, 32), D(2026, 4, 1), NULL),
			 MM_EINVAL);
}

static enum loan_due due_at(enum loan_state s, struct civil_date due,
			    struct civil_date today)
{
	enum loan_due out = (enum loan_due)99;

	assert_int_equal(loan_due_status(policy_default(), s, &due, &today,
					 &out), 0);
	return out;
}

static void test_loan_due_soon_window_30_days(void **state)
{
	(void)state;
	assert_int_equal(due_at(LOAN_RECEIVED, D(2026, 3, 31), D(2026, 2, 28)),
			 LOAN_DUE_OK);            /* 31 days ahead */
	assert_int_equal(due_at(LOAN_RECEIVED, D(2026, 3, 31), D(2026, 3, 1)),
			 LOAN_DUE_SOON);          /* 30 days ahead */
	assert_int_equal(due_at(LOAN_LENT, D(2026, 3, 31), D(2026, 3, 31)),
			 LOAN_DUE_SOON);          /* due today */
	assert_int_equal(due_at(LOAN_LENT, D(2026, 3, 31), D(2026, 4, 1)),
			 LOAN_DUE_OVERDUE);
	assert_int_equal(due_at(LOAN_RECEIVED, D(2026, 3, 31), D(2027, 1, 1)),
			 LOAN_DUE_OVERDUE);
	assert_int_equal(due_at(LOAN_RETURNED_BY_UNIT, D(2026, 3, 31),
				D(2026, 4, 1)), LOAN_DUE_NONE);
	assert_int_equal(due_at(LOAN_CLOSED, D(2026, 3, 31), D(2026, 4, 1)),
			 LOAN_DUE_NONE);
}

static void test_loan_due_invalid_and_names(void **state)
{
	enum loan_due out = LOAN_DUE_OK;
	struct civil_date bad = D(2026, 2, 29), ok = D(2026, 3, 1);

	(void)state;
	assert_int_equal(loan_due_status(policy_default(), LOAN_LENT, &bad,
					 &ok, &out), MM_EINVAL);
	assert_int_equal(loan_due_status(policy_default(), LOAN_LENT, &ok,
					 &bad, &out), MM_EINVAL);
	assert_int_equal(out, LOAN_DUE_OK);
	assert_string_equal(loan_due_key(LOAN_DUE_OK), "ok");
	assert_string_equal(loan_due_key(LOAN_DUE_SOON), "due_soon");
	assert_string_equal(loan_due_key(LOAN_DUE_OVERDUE), "overdue");
	assert_string_equal(loan_due_label(LOAN_DUE_OVERDUE), "返却期限超過");
	assert_null(loan_due_key(LOAN_DUE_NONE));
	assert_string_equal(loan_due_label(LOAN_DUE_NONE), "");
}

static void complete(struct return_checklist *c)
{
	memset(c, 0, sizeof(*c));
	c->n_accounts = 2;
	snprintf(c->accounts[0].service, MM_NAME_MAX, "%s", "X");
	snprintf(c->accounts[0].account, MM_NAME_MAX, "%s", "patrol_kita_01");
	c->accounts[0].deleted = 1;
	snprintf(c->accounts[1].service, MM_NAME_MAX, "%s", "LINE");
	snprintf(c->accounts[1].account, MM_NAME_MAX, "%s", "北署パトロール");
	c->accounts[1].deleted = 1;
	c->apps_uninstalled = 1;
	c->device_restored = 1;
	c->accessories_present = 1;
}

static void expect_incomplete(const struct return_checklist *c, int rc,
			      const char *field, size_t account)
{
	const char *f = NULL, *why = NULL;
	size_t a = 12345;

	assert_int_equal(return_checklist_check(c, &f, &a, &why), rc);
	assert_string_equal(f, field);
	assert_int_equal(a, account);
	assert_non_null(why);
	assert_int_equal(return_checklist_check(c, NULL, NULL, NULL), rc);
}

static void test_r_dev_9_complete_checklist_submittable(void **state)
{
	struct return_checklist c;
	const char *f = "unchanged";

	(void)state;
	complete(&c);
	assert_int_equal(return_checklist_check(&c, &f, NULL, NULL), 0);
	assert_string_equal(f, "unchanged");
	c.n_accounts = 0;     /* a device that never had an account */
	assert_int_equal(return_checklist_check(&c, NULL, NULL, NULL), 0);
}

static void test_r_dev_9_incomplete_checklist_refused(void **state)
{
	struct return_checklist c;
	const size_t none = RETURN_ACCOUNTS_MAX;

	(void)state;
	complete(&c);
	c.accounts[1].deleted = 0;
	expect_incomplete(&c, MM_ERULE, "accounts", 1);
	complete(&c);
	c.apps_uninstalled = 0;
	expect_incomplete(&c, MM_ERULE, "apps_uninstalled", none);
	complete(&c);
	c.device_restored = 0;
	expect_incomplete(&c, MM_ERULE, "device_restored", none);
	complete(&c);
	c.accessories_present = 0;
	expect_incomplete(&c, MM_ERULE, "accessories_present", none);
}

static void test_r_dev_9_each_account_named(void **state)
{
	struct return_checklist c;

	(void)state;
	complete(&c);
	c.accounts[0].account[0] = '\0';
	expect_incomplete(&c, MM_EINVAL, "accounts", 0);
	complete(&c);
	snprintf(c.accounts[1].service, MM_NAME_MAX, "%s", "　 ");
	expect_incomplete(&c, MM_EINVAL, "accounts", 1);
	complete(&c);
	memset(c.accounts[1].account, 'a', MM_NAME_MAX);
	expect_incomplete(&c, MM_EINVAL, "accounts", 1);
	complete(&c);
	c.n_accounts = RETURN_ACCOUNTS_MAX + 1;
	expect_incomplete(&c, MM_EINVAL, "accounts", RETURN_ACCOUNTS_MAX);
	assert_int_equal(return_checklist_check(NULL, NULL, NULL, NULL),
			 MM_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_r_dev_3_loan_transition_table),
		cmocka_unit_test(test_r_dev_9_no_return_before_receipt_or_twice),
		cmocka_unit_test(test_loan_open_and_names),
		cmocka_unit_test(test_r_dev_2_loan_up_to_one_year_allowed),
		cmocka_unit_test(test_r_dev_2_loan_over_one_year_refused_without_reason),
		cmocka_unit_test(test_r_dev_2_loan_over_one_year_allowed_with_reason),
		cmocka_unit_test(test_r_dev_2_loan_period_invalid),
		cmocka_unit_test(test_r_dev_2_policy_sets_the_limit),
		cmocka_unit_test(test_r_dev_8_extension_counts_from_current_due),
		cmocka_unit_test(test_r_dev_8_extension_must_move_due_later),
		cmocka_unit_test(test_loan_due_soon_window_30_days),
		cmocka_unit_test(test_loan_due_invalid_and_names),
		cmocka_unit_test(test_r_dev_9_complete_checklist_submittable),
		cmocka_unit_test(test_r_dev_9_incomplete_checklist_refused),
		cmocka_unit_test(test_r_dev_9_each_account_named),
	};

	return cmocka_run_group_tests_name("core_loan", tests, NULL, NULL);
}
