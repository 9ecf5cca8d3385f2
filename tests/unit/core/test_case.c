/*
 * test_case.c - the case of a protective contact (core/case.h): its one
 * transition table (R-CASE-1: only a case judged high goes on), the
 * checks its descriptors call, and what the store checks last.
 */
#include "fsm_check.h"

#include "core/case.h"
#include "core/record.h"
#include "core/records.h"
#include "lib/err.h"

static const struct fsm_check_edge allowed[] = {
	{ CASE_NONE, CASE_EV_REPORT, CASE_REPORTED },
	{ CASE_REPORTED, CASE_EV_TRIAGE_HIGH, CASE_HIGH },
	{ CASE_REPORTED, CASE_EV_TRIAGE_NOT_HIGH, CASE_CLOSED_NOT_HIGH },
	{ CASE_HIGH, CASE_EV_ASSIGN, CASE_ASSIGNED },
	{ CASE_ASSIGNED, CASE_EV_ASSIGN, CASE_ASSIGNED },
	{ CASE_COMMUNICATING, CASE_EV_ASSIGN, CASE_COMMUNICATING },
	{ CASE_ASSIGNED, CASE_EV_LOG, CASE_COMMUNICATING },
	{ CASE_COMMUNICATING, CASE_EV_LOG, CASE_COMMUNICATING },
	/* R-CASE-3..11 (the meetings branch): meetings, then the close */
	{ CASE_COMMUNICATING, CASE_EV_MEETING, CASE_MEETING },
	{ CASE_MEETING, CASE_EV_MEETING, CASE_MEETING },
	{ CASE_MEETING, CASE_EV_LOG, CASE_MEETING },
	{ CASE_MEETING, CASE_EV_CLOSE, CASE_CLOSED },
};

FSM_CHECK_TRANSITION(case_transition, enum case_state, enum case_event)
FSM_CHECK_NAMES(case_state, enum case_state);
FSM_CHECK_NAMES(case_event, enum case_event);
FSM_CHECK_NAMES(case_crime, enum case_crime);

static const struct fsm_check_machine machine = {
	.step = case_transition_int, .allowed = allowed,
	.n_allowed = COUNT(allowed), .n_states = CASE__COUNT,
	.n_events = CASE_EV__COUNT, .none = CASE_NONE,
	.any_role = ROLE_GENERAL_MANAGER,
};

static void test_r_case_1_transition_table(void **state)
{
	(void)state;
	fsm_check_table(&machine);
}

/* Judged once; a case not judged high never reaches communication. */
static void test_r_case_1_only_high_goes_on(void **state)
{
	enum case_state s = CASE_NONE;
	const char *why = NULL;

	(void)state;
	assert_int_equal(case_transition(s, CASE_EV_REPORT, &s), 0);
	assert_int_equal(case_check_communicable(s, &why), MM_ERULE);
	assert_non_null(strstr(why, "必要性が高い"));
	assert_int_equal(case_transition(s, CASE_EV_ASSIGN, &s), MM_ESTATE);
	assert_int_equal(case_transition(s, case_triage_event(CASE_NEED_NOT_HIGH),
					 &s), 0);
	assert_int_equal(s, CASE_CLOSED_NOT_HIGH);
	assert_int_equal(case_check_communicable(s, NULL), MM_ERULE);
	for (int e = 1; e < CASE_EV__COUNT; e++) {
		enum case_state t = s;
		assert_int_equal(case_transition(s, (enum case_event)e, &t),
				 MM_ESTATE);
	}
	s = CASE_REPORTED;
	assert_int_equal(case_transition(s, case_triage_event(CASE_NEED_HIGH),
					 &s), 0);
	assert_int_equal(s, CASE_HIGH);
	assert_int_equal(case_check_communicable(s, NULL), 0);
	assert_int_equal(case_transition(s, CASE_EV_TRIAGE_HIGH, &s), MM_ESTATE);
	assert_int_equal(case_transition(s, CASE_EV_LOG, &s), MM_ESTATE);
	assert_int_equal(case_transition(s, CASE_EV_ASSIGN, &s), 0);
	assert_int_equal(case_reviewable(s), 0);
	assert_int_equal(case_reviewable(CASE_HIGH), MM_ESTATE);
	assert_int_equal(case_transition(s, CASE_EV_LOG, &s), 0);
	assert_int_equal(s, CASE_COMMUNICATING);
	assert_int_equal(case_transition(s, CASE_EV_LOG, &s), 0);
	assert_int_equal(s, CASE_COMMUNICATING);
}

static void test_r_case_1_checks(void **state)
{
	const int64_t now = 1700000000;
	const char *why = NULL, *field = NULL;

	(void)state;
	assert_int_equal(case_check_found(now, now, &why), 0);
	assert_int_equal(case_check_found(now + 1, now, &why), MM_EINVAL);
	assert_int_equal(case_check_found(0, now, NULL), MM_EINVAL);
	assert_int_equal(case_check_logged_at(now + 1, now, &why), MM_EINVAL);
	assert_int_equal(case_check_triage(CASE_CRIME_OTHER, "", &field, &why),
			 MM_EINVAL);
	assert_string_equal(field, "crime_other");
	assert_int_equal(case_check_triage(CASE_CRIME_OTHER, "名称", &field, &why),
			 0);
	assert_int_equal(case_check_triage(CASE_CRIME_ABDUCTION, NULL, &field,
					   &why), 0);
}

/* What the store checks last (record_valid): the report's descriptor. */
static void test_r_case_1_report_valid(void **state)
{
	const int64_t now = 1700000000;
	struct protect_case c = { .found_at = now - 60, .service = "SNS",
		.post_ref = "https://sns.example/1", .post_text = "（架空）",
		.risk_signals = "家出" };
	struct case_message m = { .at = now, .direction = CASE_DIR_SENT,
		.text = "お小遣い（記録のための架空の例）" };
	const char *field = NULL;

	(void)state;
	assert_int_equal(record_valid(&case_record, &c, now, NULL, NULL), 0);
	c.found_at = now + 1;
	assert_int_equal(record_valid(&case_record, &c, now, &field, NULL),
			 MM_EINVAL);
	assert_string_equal(field, "found_at");
	c.found_at = now;
	c.post_text = " ";
	assert_int_equal(record_valid(&case_record, &c, now, &field, NULL),
			 MM_EINVAL);
	assert_string_equal(field, "post_text");
	/* R-CASE-2: a message is valid whatever it says */
	assert_int_equal(record_valid(&case_message_record, &m, now, NULL,
				      NULL), 0);
	m.direction = CASE_DIR_NONE;
	assert_int_equal(record_valid(&case_message_record, &m, now, &field,
				      NULL), MM_EINVAL);
	assert_string_equal(field, "direction");
}

static void test_case_names(void **state)
{
	static const char *const states[] = {
		NULL, "reported", "high", "closed_not_high", "assigned",
		"communicating", "meeting", "closed",
	};
	static const char *const events[] = {
		NULL, "report", "triage_high", "triage_not_high", "assign", "log",
		"meeting", "close",
	};
	static const char *const crimes[] = {
		NULL, "abduction", "child_prostitution", "child_pornography",
		"other",
	};

	(void)state;
	fsm_check_names(&case_state_names, states, NULL, COUNT(states),
			CASE__COUNT);
	fsm_check_names(&case_event_names, events, NULL, COUNT(events),
			CASE_EV__COUNT);
	fsm_check_names(&case_crime_names, crimes, NULL, COUNT(crimes),
			CASE_CRIME__COUNT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_r_case_1_transition_table),
		cmocka_unit_test(test_r_case_1_only_high_goes_on),
		cmocka_unit_test(test_r_case_1_checks),
		cmocka_unit_test(test_r_case_1_report_valid),
		cmocka_unit_test(test_case_names),
	};

	return cmocka_run_group_tests_name("core_case", tests, NULL, NULL);
}
