#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "core/exception.h"
#include "core/policy.h"
#include "lib/err.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define DAY(y, m, d) (&(struct civil_date){ (y), (m), (d) })

static const struct {
	enum exception_state from;
	enum exception_event event;
	enum exception_state to;
} allowed[] = {
	{ EXCEPTION_NONE, EXCEPTION_EV_APPLY, EXCEPTION_APPLIED },
	{ EXCEPTION_APPLIED, EXCEPTION_EV_APPROVE, EXCEPTION_APPROVED },
	{ EXCEPTION_APPLIED, EXCEPTION_EV_REFUSE, EXCEPTION_REFUSED },
	{ EXCEPTION_APPLIED, EXCEPTION_EV_WITHDRAW, EXCEPTION_WITHDRAWN },
	{ EXCEPTION_APPROVED, EXCEPTION_EV_REVOKE, EXCEPTION_REVOKED },
};

/* 第3-3: the general manager applies, the infosec manager decides. */
static const enum role fires[EXCEPTION_EV__COUNT] = {
	[EXCEPTION_EV_APPLY] = ROLE_GENERAL_MANAGER,
	[EXCEPTION_EV_APPROVE] = ROLE_INFOSEC_MANAGER,
	[EXCEPTION_EV_REFUSE] = ROLE_INFOSEC_MANAGER,
	[EXCEPTION_EV_WITHDRAW] = ROLE_GENERAL_MANAGER,
	[EXCEPTION_EV_REVOKE] = ROLE_INFOSEC_MANAGER,
};

static int expected(int from, int event, enum exception_state *to)
{
	for (size_t i = 0; i < COUNT(allowed); i++) {
		if ((int)allowed[i].from == from &&
		    (int)allowed[i].event == event) {
			*to = allowed[i].to;
			return 1;
		}
	}
	return 0;
}

static enum role right_role(int e)
{
	return e > 0 && e < EXCEPTION_EV__COUNT ? fires[e]
						 : ROLE_GENERAL_MANAGER;
}

static void test_r_exc_transition_table(void **state)
{
	size_t n_allowed = 0;

	(void)state;
	for (int s = 0; s <= EXCEPTION__COUNT; s++) {
		for (int e = 0; e <= EXCEPTION_EV__COUNT; e++) {
			enum exception_state want, next = EXCEPTION_NONE;
			int rc = exception_step((enum exception_state)s,
						(enum exception_event)e,
						right_role(e), &next);

			if (expected(s, e, &want)) {
				assert_int_equal(rc, 0);
				assert_int_equal(next, want);
				n_allowed++;
			} else {
				assert_int_equal(rc, MM_ESTATE);
				assert_int_equal(next, EXCEPTION_NONE);
			}
		}
	}
	assert_int_equal(n_allowed, COUNT(allowed));
}

static void test_r_exc_every_wrong_role_refused(void **state)
{
	(void)state;
	for (size_t i = 0; i < COUNT(allowed); i++) {
		for (int r = -1; r <= ROLE__COUNT; r++) {
			enum exception_state next = EXCEPTION_NONE;

			if ((enum role)r == fires[allowed[i].event])
				continue;
			assert_int_equal(exception_step(allowed[i].from,
							allowed[i].event,
							(enum role)r, &next),
					 MM_EDENIED);
			assert_int_equal(next, EXCEPTION_NONE);
		}
	}
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
	const char *why = NULL;

	(void)state;
	assert_int_equal(exception_check_approval("北警察署の端末1台",
						  DAY(2022, 4, 1),
						  DAY(2023, 3, 31), &why), 0);
	/* One day is a period. */
	assert_int_equal(exception_check_approval("全端末", DAY(2022, 4, 1),
						  DAY(2022, 4, 1), NULL), 0);
	assert_int_equal(exception_check_approval("全端末", DAY(2022, 4, 2),
						  DAY(2022, 4, 1), &why),
			 MM_EINVAL);
	assert_non_null(strstr(why, "終了日"));
	assert_int_equal(exception_check_approval("　", DAY(2022, 4, 1),
						  DAY(2022, 4, 1), &why),
			 MM_EINVAL);
	assert_non_null(strstr(why, "適用範囲"));
	assert_int_equal(exception_check_approval("全端末", DAY(2022, 2, 29),
						  DAY(2022, 4, 1), &why),
			 MM_EINVAL);
	assert_int_equal(exception_check_approval("全端末", NULL,
						  DAY(2022, 4, 1), NULL),
			 MM_EINVAL);
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
	static const struct {
		enum screenshot_state from;
		enum screenshot_event event;
		enum screenshot_state to;
	} ok[] = {
		{ SCREENSHOT_TAKEN, SCREENSHOT_EV_MOVE, SCREENSHOT_MOVED },
		{ SCREENSHOT_TAKEN, SCREENSHOT_EV_DELETE, SCREENSHOT_DELETED },
	};
	size_t n_allowed = 0;

	(void)state;
	for (int s = 0; s <= SCREENSHOT__COUNT; s++) {
		for (int e = 0; e <= SCREENSHOT_EV__COUNT; e++) {
			enum screenshot_state next = SCREENSHOT_NONE;
			int rc = screenshot_transition((enum screenshot_state)s,
						       (enum screenshot_event)e,
						       &next);
			int hit = 0;

			for (size_t i = 0; i < COUNT(ok); i++) {
				if ((int)ok[i].from == s &&
				    (int)ok[i].event == e) {
					assert_int_equal(rc, 0);
					assert_int_equal(next, ok[i].to);
					hit = 1;
				}
			}
			if (!hit) {
				assert_int_equal(rc, MM_ESTATE);
				assert_int_equal(next, SCREENSHOT_NONE);
			}
			n_allowed += (size_t)hit;
		}
	}
	assert_int_equal(n_allowed, COUNT(ok));
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
	assert_int_equal(COUNT(kinds), EXCEPTION_KIND__COUNT);
	for (int i = 1; i < EXCEPTION_KIND__COUNT; i++) {
		assert_string_equal(exception_kind_key((enum exception_kind)i),
				    kinds[i]);
		assert_true(strlen(exception_kind_label((enum exception_kind)i)));
		assert_int_equal(exception_kind_from_key(kinds[i]), i);
	}
	assert_int_equal(COUNT(states), EXCEPTION__COUNT);
	for (int i = 1; i < EXCEPTION__COUNT; i++) {
		assert_string_equal(exception_state_key((enum exception_state)i),
				    states[i]);
		assert_true(strlen(exception_state_label((enum exception_state)i)));
		assert_int_equal(exception_state_from_key(states[i]), i);
	}
	assert_int_equal(COUNT(events), EXCEPTION_EV__COUNT);
	for (int i = 1; i < EXCEPTION_EV__COUNT; i++) {
		assert_string_equal(exception_event_key((enum exception_event)i),
				    events[i]);
		assert_true(strlen(exception_event_label((enum exception_event)i)));
		assert_int_equal(exception_event_from_key(events[i]), i);
	}
	assert_int_equal(COUNT(shot_states), SCREENSHOT__COUNT);
	for (int i = 1; i < SCREENSHOT__COUNT; i++) {
		assert_string_equal(screenshot_state_key((enum screenshot_state)i),
				    shot_states[i]);
		assert_true(strlen(screenshot_state_label((enum screenshot_state)i)));
		assert_int_equal(screenshot_state_from_key(shot_states[i]), i);
	}
	assert_int_equal(COUNT(shot_events), SCREENSHOT_EV__COUNT);
	for (int i = 1; i < SCREENSHOT_EV__COUNT; i++) {
		assert_string_equal(screenshot_event_key((enum screenshot_event)i),
				    shot_events[i]);
		assert_true(strlen(screenshot_event_label((enum screenshot_event)i)));
		assert_int_equal(screenshot_event_from_key(shot_events[i]), i);
	}
	assert_string_equal(screenshot_state_label(SCREENSHOT_MOVED),
			    "捜査用携帯パソコンへ移管済");
	assert_null(exception_kind_key(EXCEPTION_KIND_NONE));
	assert_string_equal(exception_state_label(EXCEPTION__COUNT), "");
	assert_int_equal(screenshot_event_from_key(NULL), SCREENSHOT_EV_NONE);
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
		cmocka_unit_test(test_exception_names),
	};

	return cmocka_run_group_tests_name("core_exception", tests, NULL, NULL);
}
