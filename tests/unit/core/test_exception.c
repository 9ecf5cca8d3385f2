#include "fsm_check.h"

#include "core/exception.h"
#include "core/record.h"
#include "core/records.h"
#include "core/policy.h"
#include "core/civil.h"
#include "lib/err.h"

#define DAY(y, m, d) (&(struct civil_date){ (y), (m), (d) })

static const struct fsm_check_edge allowed[] = {
	{ EXCEPTION_NONE, EXCEPTION_EV_APPLY, EXCEPTION_APPLIED },
	{ EXCEPTION_APPLIED, EXCEPTION_EV_APPROVE, EXCEPTION_APPROVED },
	{ EXCEPTION_APPLIED, EXCEPTION_EV_REFUSE, EXCEPTION_REFUSED },
	{ EXCEPTION_APPLIED, EXCEPTION_EV_WITHDRAW, EXCEPTION_WITHDRAWN },
	{ EXCEPTION_APPROVED, EXCEPTION_EV_REVOKE, EXCEPTION_REVOKED },
};

/* 第3-3: the general manager applies, the infosec manager decides. */
static const int fires[EXCEPTION_EV__COUNT] = {
	[EXCEPTION_EV_APPLY] = ROLE_GENERAL_MANAGER,
	[EXCEPTION_EV_APPROVE] = ROLE_INFOSEC_MANAGER,
	[EXCEPTION_EV_REFUSE] = ROLE_INFOSEC_MANAGER,
	[EXCEPTION_EV_WITHDRAW] = ROLE_GENERAL_MANAGER,
	[EXCEPTION_EV_REVOKE] = ROLE_INFOSEC_MANAGER,
};

FSM_CHECK_STEP(exception_step, enum exception_state, enum exception_event)
FSM_CHECK_TRANSITION(screenshot_transition, enum screenshot_state,
		     enum screenshot_event)
FSM_CHECK_NAMES(exception_kind, enum exception_kind);
FSM_CHECK_NAMES(exception_state, enum exception_state);
FSM_CHECK_NAMES(exception_event, enum exception_event);
FSM_CHECK_NAMES(screenshot_state, enum screenshot_state);
FSM_CHECK_NAMES(screenshot_event, enum screenshot_event);

static const struct fsm_check_machine machine = {
	.step = exception_step_int,
	.allowed = allowed, .n_allowed = COUNT(allowed),
	.n_states = EXCEPTION__COUNT, .n_events = EXCEPTION_EV__COUNT,
	.none = EXCEPTION_NONE, .fires = fires,
	.any_role = ROLE_GENERAL_MANAGER,
};

static void test_r_exc_transition_table(void **state)
{
	(void)state;
	fsm_check_table(&machine);
}

static void test_r_exc_every_wrong_role_refused(void **state)
{
	(void)state;
	fsm_check_wrong_roles(&machine);
}

static void test_r_exc_no_approval_without_application(void **state)
{
	enum exception_state s = EXCEPTION_NONE;

	(void)state;
	assert_int_equal(exception_step(s, EXCEPTION_EV_APPROVE,
					ROLE_INFOSEC_MANAGER, &s), MM_ESTATE);
	assert_int_equal(exception_step(s, EXCEPTION_EV_APPLY,
					ROLE_GENERAL_MANAGER, &s), 0);
	assert_int_equal(exception_step(s, EXCEPTION_EV_APPROVE,
					ROLE_INFOSEC_MANAGER, &s), 0);
	assert_int_equal(s, EXCEPTION_APPROVED);
	assert_int_equal(exception_step(s, EXCEPTION_EV_WITHDRAW,
					ROLE_GENERAL_MANAGER, &s), MM_ESTATE);
	assert_int_equal(exception_step(s, EXCEPTION_EV_APPROVE,
					ROLE_INFOSEC_MANAGER, &s), MM_ESTATE);
}

static void test_r_exc_approval_scope_and_period(void **state)
{
	struct exception_approval a = { "北警察署の端末1台",
					*DAY(2022, 4, 1), *DAY(2023, 3, 31) };
	const char *why = NULL, *field = NULL;

	(void)state;
	assert_int_equal(exception_check_period(DAY(2022, 4, 1),
						DAY(2023, 3, 31), &why), 0);
	/* One day is a period. */
	assert_int_equal(exception_check_period(DAY(2022, 4, 1),
						DAY(2022, 4, 1), NULL), 0);
	assert_int_equal(exception_check_period(DAY(2022, 4, 2),
						DAY(2022, 4, 1), &why),
			 MM_EINVAL);
	assert_non_null(strstr(why, "終了日"));
	assert_int_equal(exception_check_period(DAY(2022, 2, 29),
						DAY(2022, 4, 1), &why),
			 MM_EINVAL);
	assert_int_equal(exception_check_period(NULL, DAY(2022, 4, 1), NULL),
			 MM_EINVAL);
	/* The approval as the store checks it last: descriptor and rule. */
	assert_int_equal(record_valid(&exception_approval_record, &a, 0, NULL,
				      NULL), 0);
	a.scope = "　";
	assert_int_equal(record_valid(&exception_approval_record, &a, 0,
				      &field, &why), MM_EINVAL);
	assert_string_equal(field, "scope");
	a.scope = "全端末";
	a.valid_until = *DAY(2022, 3, 31);
	assert_int_equal(record_valid(&exception_approval_record, &a, 0,
				      &field, &why), MM_EINVAL);
	assert_string_equal(field, "valid_until");
	assert_non_null(strstr(why, "終了日"));
	a.valid_from = (struct civil_date){ 0 };
	assert_int_equal(record_valid(&exception_approval_record, &a, 0,
				      &field, &why), MM_EINVAL);
	assert_string_equal(field, "valid_from");
}

static const struct exception_grant grants[] = {
	{ EXCEPTION_KIND_SCREENSHOT, EXCEPTION_APPROVED,
	  { 2022, 4, 1 }, { 2022, 9, 30 } },
	{ EXCEPTION_KIND_PHOTO_STORE, EXCEPTION_REVOKED,
	  { 2022, 4, 1 }, { 2023, 3, 31 } },
	{ EXCEPTION_KIND_PHOTO_SEND, EXCEPTION_APPLIED,
	  { 2022, 4, 1 }, { 2023, 3, 31 } },
	{ EXCEPTION_KIND_SCREENSHOT, EXCEPTION_APPROVED,
	  { 2022, 11, 1 }, { 2022, 11, 30 } },
};

static int active(enum exception_kind k, const struct civil_date *d)
{
	return exception_active(grants, COUNT(grants), k, d);
}

static void test_r_exc_active_within_period(void **state)
{
	(void)state;
	assert_false(active(EXCEPTION_KIND_SCREENSHOT, DAY(2022, 3, 31)));
	assert_true(active(EXCEPTION_KIND_SCREENSHOT, DAY(2022, 4, 1)));
	assert_true(active(EXCEPTION_KIND_SCREENSHOT, DAY(2022, 9, 30)));
	assert_false(active(EXCEPTION_KIND_SCREENSHOT, DAY(2022, 10, 1)));
	assert_false(active(EXCEPTION_KIND_SCREENSHOT, DAY(2022, 10, 31)));
	assert_true(active(EXCEPTION_KIND_SCREENSHOT, DAY(2022, 11, 1)));
	assert_true(active(EXCEPTION_KIND_SCREENSHOT, DAY(2022, 11, 30)));
	assert_false(active(EXCEPTION_KIND_SCREENSHOT, DAY(2022, 12, 1)));
	/* Only approved ones count, and only for their own kind. */
	assert_false(active(EXCEPTION_KIND_PHOTO_STORE, DAY(2022, 6, 1)));
	assert_false(active(EXCEPTION_KIND_PHOTO_SEND, DAY(2022, 6, 1)));
	assert_false(active(EXCEPTION_KIND_NONE, DAY(2022, 6, 1)));
	assert_false(active(EXCEPTION_KIND_SCREENSHOT, DAY(2022, 6, 31)));
	assert_false(active(EXCEPTION_KIND_SCREENSHOT, NULL));
	assert_false(exception_active(grants, 0, EXCEPTION_KIND_SCREENSHOT,
				      DAY(2022, 6, 1)));
}

static void test_r_exc_3_screenshot_needs_exception_and_reason(void **state)
{
	const char *why = NULL;

	(void)state;
	assert_int_equal(screenshot_check_taken(grants, COUNT(grants),
						DAY(2022, 9, 30),
						"交信状況の記録", &why), 0);
	assert_int_equal(screenshot_check_taken(grants, COUNT(grants),
						DAY(2022, 10, 1),
						"交信状況の記録", &why),
			 MM_ERULE);
	assert_non_null(strstr(why, "例外措置"));
	assert_int_equal(screenshot_check_taken(grants, COUNT(grants),
						DAY(2022, 9, 30), " ", &why),
			 MM_EINVAL);
	assert_non_null(strstr(why, "理由"));
	assert_int_equal(screenshot_check_taken(grants, COUNT(grants),
						DAY(2022, 13, 1), "記録",
						NULL), MM_EINVAL);
	assert_int_equal(screenshot_check_taken(grants, COUNT(grants), NULL,
						"記録", NULL), MM_EINVAL);
}

static void test_r_exc_3_screenshot_lifecycle(void **state)
{
	static const struct fsm_check_edge ok[] = {
		{ SCREENSHOT_TAKEN, SCREENSHOT_EV_MOVE, SCREENSHOT_MOVED },
		{ SCREENSHOT_TAKEN, SCREENSHOT_EV_DELETE, SCREENSHOT_DELETED },
	};
	const struct fsm_check_machine shots = {
		.step = screenshot_transition_int,
		.allowed = ok, .n_allowed = COUNT(ok),
		.n_states = SCREENSHOT__COUNT, .n_events = SCREENSHOT_EV__COUNT,
		.none = SCREENSHOT_NONE,
	};

	(void)state;
	fsm_check_table(&shots);
}

/* The policy's 7 days: listed from the 8th day after it was taken. */
static void test_r_exc_3_screenshot_overdue_after_policy_days(void **state)
{
	const struct policy *p = policy_default();
	struct policy same_day = *p;

	(void)state;
	assert_int_equal(p->screenshot_max_days, 7);
	assert_false(screenshot_overdue(p, SCREENSHOT_TAKEN, DAY(2022, 5, 1),
					DAY(2022, 5, 1)));
	assert_false(screenshot_overdue(p, SCREENSHOT_TAKEN, DAY(2022, 5, 1),
					DAY(2022, 5, 8)));
	assert_true(screenshot_overdue(p, SCREENSHOT_TAKEN, DAY(2022, 5, 1),
				       DAY(2022, 5, 9)));
	/* Across a month and a leap day. */
	assert_false(screenshot_overdue(p, SCREENSHOT_TAKEN, DAY(2024, 2, 25),
					DAY(2024, 3, 3)));
	assert_true(screenshot_overdue(p, SCREENSHOT_TAKEN, DAY(2024, 2, 25),
				       DAY(2024, 3, 4)));
	/* Moved or deleted ones are never overdue. */
	assert_false(screenshot_overdue(p, SCREENSHOT_MOVED, DAY(2022, 5, 1),
					DAY(2022, 6, 1)));
	assert_false(screenshot_overdue(p, SCREENSHOT_DELETED,
					DAY(2022, 5, 1), DAY(2022, 6, 1)));
	/* The number is policy data. */
	same_day.screenshot_max_days = 0;
	assert_false(screenshot_overdue(&same_day, SCREENSHOT_TAKEN,
					DAY(2022, 5, 1), DAY(2022, 5, 1)));
	assert_true(screenshot_overdue(&same_day, SCREENSHOT_TAKEN,
				       DAY(2022, 5, 1), DAY(2022, 5, 2)));
	assert_false(screenshot_overdue(p, SCREENSHOT_TAKEN, DAY(2022, 5, 1),
					DAY(2022, 5, 32)));
	assert_false(screenshot_overdue(p, SCREENSHOT_TAKEN, NULL,
					DAY(2022, 5, 30)));
}

static void test_exception_names(void **state)
{
	static const char *const kinds[] = {
		NULL, "photo_store", "photo_send", "screenshot",
	};
	static const char *const states[] = {
		NULL, "applied", "approved", "refused", "withdrawn", "revoked",
	};
	static const char *const events[] = {
		NULL, "apply", "approve", "refuse", "withdraw", "revoke",
	};
	static const char *const shot_states[] = {
		NULL, "taken", "moved", "deleted",
	};
	static const char *const shot_events[] = { NULL, "move", "delete" };

	(void)state;
	fsm_check_names(&exception_kind_names, kinds, NULL, COUNT(kinds),
			EXCEPTION_KIND__COUNT);
	fsm_check_names(&exception_state_names, states, NULL, COUNT(states),
			EXCEPTION__COUNT);
	fsm_check_names(&exception_event_names, events, NULL, COUNT(events),
			EXCEPTION_EV__COUNT);
	fsm_check_names(&screenshot_state_names, shot_states, NULL,
			COUNT(shot_states), SCREENSHOT__COUNT);
	fsm_check_names(&screenshot_event_names, shot_events, NULL,
			COUNT(shot_events), SCREENSHOT_EV__COUNT);
	assert_string_equal(screenshot_state_label(SCREENSHOT_MOVED),
			    "捜査用携帯パソコンへ移管済");
}

/* 第3-3: a refusal and a revocation say why; R-EXC-3: no shot from the future. */
static void test_end_reason_and_shot_time(void **state)
{
	const char *why = NULL;

	(void)state;
	assert_int_equal(exception_check_end(EXCEPTION_EV_REFUSE, " ", &why),
			 MM_EINVAL);
	assert_string_equal(why, "理由を入力してください");
	assert_int_equal(exception_check_end(EXCEPTION_EV_REVOKE, NULL, NULL),
			 MM_EINVAL);
	assert_int_equal(exception_check_end(EXCEPTION_EV_REVOKE, "不要", NULL),
			 0);
	assert_int_equal(exception_check_end(EXCEPTION_EV_WITHDRAW, "", NULL), 0);
	assert_int_equal(screenshot_check_time(1000, 1000, NULL), 0);
	assert_int_equal(screenshot_check_time(1001, 1000, &why), MM_EINVAL);
	assert_string_equal(why, "これから先の日時は記録できません");
	assert_int_equal(screenshot_check_time(0, 1000, NULL), MM_EINVAL);
}

/*
 * The bound a list selects overdue screenshots by agrees with
 * screenshot_overdue() for every day taken around it (issue 8).
 */
static void test_r_exc_3_overdue_bound_matches(void **state)
{
	const struct policy *p = policy_default();
	struct civil_date today = { 2024, 3, 4 }, bound, taken;

	(void)state;
	assert_int_equal(screenshot_overdue_before(p, &today, &bound), 0);
	for (int64_t d = -40; d <= 2; d++) {
		assert_int_equal(civil_add_days(&today, d, &taken), 0);
		assert_int_equal(screenshot_overdue(p, SCREENSHOT_TAKEN, &taken,
						    &today),
				 civil_compare(&taken, &bound) < 0);
	}
	assert_int_equal(screenshot_overdue_before(p, DAY(2024, 2, 30), &bound),
			 MM_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_r_exc_transition_table),
		cmocka_unit_test(test_r_exc_every_wrong_role_refused),
		cmocka_unit_test(test_r_exc_no_approval_without_application),
		cmocka_unit_test(test_r_exc_approval_scope_and_period),
		cmocka_unit_test(test_r_exc_active_within_period),
		cmocka_unit_test(test_r_exc_3_screenshot_needs_exception_and_reason),
		cmocka_unit_test(test_r_exc_3_screenshot_lifecycle),
		cmocka_unit_test(test_r_exc_3_screenshot_overdue_after_policy_days),
		cmocka_unit_test(test_r_exc_3_overdue_bound_matches),
		cmocka_unit_test(test_exception_names),
		cmocka_unit_test(test_end_reason_and_shot_time),
	};

	return cmocka_run_group_tests_name("core_exception", tests, NULL, NULL);
}
