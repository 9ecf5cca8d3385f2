#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "core/policy.h"
#include "core/takeout.h"
#include "lib/err.h"

static const struct {
	enum takeout_state from;
	enum takeout_event event;
	enum takeout_state to;
} allowed[] = {
	{ TAKEOUT_REQUESTED, TAKEOUT_EV_PERMIT, TAKEOUT_PERMITTED },
	{ TAKEOUT_REQUESTED, TAKEOUT_EV_REFUSE, TAKEOUT_REFUSED },
	{ TAKEOUT_REQUESTED, TAKEOUT_EV_CANCEL, TAKEOUT_CANCELLED },
	{ TAKEOUT_PERMITTED, TAKEOUT_EV_REPORT, TAKEOUT_RETURNED },
};

static int expected(int from, int event, enum takeout_state *to)
{
	for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++) {
		if ((int)allowed[i].from == from &&
		    (int)allowed[i].event == event) {
			*to = allowed[i].to;
			return 1;
		}
	}
	return 0;
}

static void test_r_dev_7_takeout_transition_table(void **state)
{
	size_t n_allowed = 0;

	(void)state;
	for (int s = 0; s <= TAKEOUT__COUNT; s++) {
		for (int e = 0; e <= TAKEOUT_EV__COUNT; e++) {
			enum takeout_state want, next = TAKEOUT_NONE;
			int rc = takeout_transition((enum takeout_state)s,
						    (enum takeout_event)e,
						    &next);

			if (expected(s, e, &want)) {
				assert_int_equal(rc, 0);
				assert_int_equal(next, want);
				n_allowed++;
			} else {
				assert_int_equal(rc, MM_ESTATE);
				assert_int_equal(next, TAKEOUT_NONE);
			}
		}
	}
	assert_int_equal(n_allowed, sizeof(allowed) / sizeof(allowed[0]));
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
	assert_int_equal(sizeof(states) / sizeof(states[0]), TAKEOUT__COUNT);
	for (int s = 1; s < TAKEOUT__COUNT; s++) {
		enum takeout_state st = (enum takeout_state)s;

		assert_string_equal(takeout_state_key(st), states[s]);
		assert_true(strlen(takeout_state_label(st)) > 0);
		assert_int_equal(takeout_state_from_key(states[s]), s);
	}
	assert_null(takeout_state_key(TAKEOUT_NONE));
	assert_string_equal(takeout_state_label(TAKEOUT__COUNT), "");
	assert_int_equal(takeout_state_from_key("out"), TAKEOUT_NONE);
	assert_int_equal(sizeof(events) / sizeof(events[0]), TAKEOUT_EV__COUNT);
	for (int e = 1; e < TAKEOUT_EV__COUNT; e++) {
		enum takeout_event ev = (enum takeout_event)e;

		assert_string_equal(takeout_event_key(ev), events[e]);
		assert_true(strlen(takeout_event_label(ev)) > 0);
		assert_int_equal(takeout_event_from_key(events[e]), e);
	}
	assert_int_equal(takeout_event_from_key(NULL), TAKEOUT_EV_NONE);
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

	(void)state;
	assert_int_equal(takeout_check_report(1, NULL, "対象者と接触", NULL),
			 0);
	assert_int_equal(takeout_check_report(0, "画面にひび", "接触なし",
					      NULL), 0);
	assert_int_equal(takeout_check_report(0, "", "接触なし", &why),
			 MM_EINVAL);
	assert_non_null(strstr(why, "紛失"));
	assert_int_equal(takeout_check_report(1, NULL, "　", &why), MM_EINVAL);
	assert_non_null(strstr(why, "実施結果"));
	assert_int_equal(takeout_check_report(1, NULL, NULL, NULL), MM_EINVAL);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_r_dev_7_takeout_transition_table),
		cmocka_unit_test(test_r_dev_7_takeout_needs_permission),
		cmocka_unit_test(test_takeout_names),
		cmocka_unit_test(test_r_dev_7_request_times),
		cmocka_unit_test(test_r_dev_7_report_states_loss_and_results),
		cmocka_unit_test(test_r_dev_7_takeout_overdue_after_expected_return),
	};

	return cmocka_run_group_tests_name("core_takeout", tests, NULL, NULL);
}
