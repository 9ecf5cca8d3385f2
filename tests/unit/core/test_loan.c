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

/* The register lists two accounts on the device (R-DEV-9). */
static void listed(struct return_checklist *c)
{
	memset(c, 0, sizeof(*c));
	c->n_accounts = 2;
	c->accounts[0].service_id = 12;
	c->accounts[0].service = "X";
	c->accounts[0].account = "patrol_kita_01";
	c->accounts[0].state = SERVICE_IN_FORCE;
	c->accounts[1].service_id = 15;
	c->accounts[1].service = "LINE";
	c->accounts[1].account = "北署パトロール";
	c->accounts[1].state = SERVICE_FORWARDED;
}

/* The manager confirms both, in the other order, and ticks every item. */
static void complete(struct return_confirmation *in)
{
	memset(in, 0, sizeof(*in));
	in->n = 2;
	in->items[0] = (struct return_confirm){ 15, 1 };
	in->items[1] = (struct return_confirm){ 12, 1 };
	in->apps_uninstalled = 1;
	in->device_restored = 1;
	in->accessories_present = 1;
}

/* Refused with rc at field, naming words; the listing is left as it was. */
static void expect_refused(const struct return_confirmation *in, int rc,
			   const char *field, size_t account, int64_t id,
			   const char *words)
{
	struct return_checklist c, before;
	struct return_fault f;

	listed(&c);
	before = c;
	memset(&f, 0x5a, sizeof(f));
	assert_int_equal(return_checklist_confirm(&c, in, &f), rc);
	assert_string_equal(f.field, field);
	assert_int_equal(f.account, account);
	assert_int_equal(f.service_id, id);
	assert_non_null(strstr(f.message, words));
	assert_memory_equal(&c, &before, sizeof(c));
	assert_int_equal(return_checklist_confirm(&c, in, NULL), rc);
}

static void test_r_dev_9_complete_confirmation_accepted(void **state)
{
	struct return_checklist c;
	struct return_confirmation in;

	(void)state;
	listed(&c);
	complete(&in);
	assert_int_equal(return_checklist_confirm(&c, &in, NULL), 0);
	assert_int_equal(c.n_accounts, 2);
	assert_true(c.accounts[0].deleted && c.accounts[1].deleted);
	assert_string_equal(c.accounts[1].account, "北署パトロール");
	assert_true(c.apps_uninstalled && c.device_restored &&
		    c.accessories_present);
	/* a device with no accounts returns with an empty list */
	memset(&c, 0, sizeof(c));
	in.n = 0;
	assert_int_equal(return_checklist_confirm(&c, &in, NULL), 0);
	assert_int_equal(c.n_accounts, 0);
}

/* R-DEV-9, R-SVC-4: an account on the device left out is not returned. */
static void test_r_dev_9_account_left_out_refused(void **state)
{
	struct return_confirmation in;
	const size_t none = RETURN_ACCOUNTS_MAX;

	(void)state;
	complete(&in);
	in.n = 1; /* only LINE: the X account in force is left out */
	expect_refused(&in, MM_ERULE, "accounts", 0, 12,
		       "アカウント「X patrol_kita_01」の削除が確認されていません");
	complete(&in);
	in.items[1].deleted = 0;
	expect_refused(&in, MM_ERULE, "accounts", 0, 12, "「X patrol_kita_01」");
	complete(&in);
	in.n = 0;
	expect_refused(&in, MM_ERULE, "accounts", 0, 12, "削除が確認されていません");
	complete(&in);
	in.apps_uninstalled = 0;
	expect_refused(&in, MM_ERULE, "apps_uninstalled", none, 0, "アンインストール");
	complete(&in);
	in.device_restored = 0;
	expect_refused(&in, MM_ERULE, "device_restored", none, 0, "借用前");
	complete(&in);
	in.accessories_present = 0;
	expect_refused(&in, MM_ERULE, "accessories_present", none, 0, "付属品");
}

/* R-DEV-9: only the device's own accounts, each once. */
static void test_r_dev_9_foreign_or_repeated_id_refused(void **state)
{
	struct return_confirmation in;
	const size_t none = RETURN_ACCOUNTS_MAX;

	(void)state;
	complete(&in);
	in.items[in.n++] = (struct return_confirm){ 99, 1 };
	expect_refused(&in, MM_EINVAL, "accounts", none, 99,
		       "この端末に登録されていないアカウントが指定されています（ID 99）");
	complete(&in);
	in.items[1].service_id = 15; /* LINE twice, X never */
	expect_refused(&in, MM_EINVAL, "accounts", 1, 15,
		       "アカウント「LINE 北署パトロール」が重複して指定されています");
	complete(&in);
	in.items[0].service_id = 0;
	expect_refused(&in, MM_EINVAL, "accounts", none, 0, "指定が正しくありません");
	complete(&in);
	in.items[0].service_id = -15;
	expect_refused(&in, MM_EINVAL, "accounts", none, 0, "指定が正しくありません");
	complete(&in);
	in.n = RETURN_ACCOUNTS_MAX + 1;
	expect_refused(&in, MM_EINVAL, "accounts", none, 0, "入力が正しくありません");
}

/* A listing that is itself unsound is refused, not trusted. */
static void test_r_dev_9_unsound_listing_refused(void **state)
{
	struct return_checklist c;
	struct return_confirmation in;

	(void)state;
	complete(&in);
	listed(&c);
	c.accounts[1].service_id = 12;
	assert_int_equal(return_checklist_confirm(&c, &in, NULL), MM_EINVAL);
	listed(&c);
	c.accounts[0].account = "";
	assert_int_equal(return_checklist_confirm(&c, &in, NULL), MM_EINVAL);
	listed(&c);
	/* a name the register does not hold (pooled text: NULL) */
	c.accounts[1].service = NULL;
	assert_int_equal(return_checklist_confirm(&c, &in, NULL), MM_EINVAL);
	listed(&c);
	c.n_accounts = RETURN_ACCOUNTS_MAX + 1;
	assert_int_equal(return_checklist_confirm(&c, &in, NULL), MM_EINVAL);
	listed(&c);
	assert_int_equal(return_checklist_confirm(NULL, &in, NULL), MM_EINVAL);
	assert_int_equal(return_checklist_confirm(&c, NULL, NULL), MM_EINVAL);
}

static void test_r_dev_4_training_not_in_the_future(void **state)
{
	struct training_record t = { .trained_on = D(2026, 4, 1) };
	const char *why = NULL;

	(void)state;
	assert_int_equal(loan_check_training(&t, &D(2026, 4, 1), NULL), 0);
	assert_int_equal(loan_check_training(&t, &D(2026, 3, 31), &why),
			 MM_EINVAL);
	assert_non_null(strstr(why, "未来"));
	t.trained_on = D(2026, 2, 30);
	assert_int_equal(loan_check_training(&t, &D(2026, 4, 1), NULL),
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
		cmocka_unit_test(test_r_dev_4_training_not_in_the_future),
		cmocka_unit_test(test_loan_due_soon_window_30_days),
		cmocka_unit_test(test_loan_due_invalid_and_names),
		cmocka_unit_test(test_r_dev_9_complete_confirmation_accepted),
		cmocka_unit_test(test_r_dev_9_account_left_out_refused),
		cmocka_unit_test(test_r_dev_9_foreign_or_repeated_id_refused),
		cmocka_unit_test(test_r_dev_9_unsound_listing_refused),
	};

	return cmocka_run_group_tests_name("core_loan", tests, NULL, NULL);
}
