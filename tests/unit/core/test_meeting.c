/*
 * test_meeting.c - a meeting of a protective contact case (core/meeting.h):
 * its chain (R-CASE-3, R-CASE-8, R-CASE-11), the staffing rule
 * (R-CASE-5), the outcome's rules (R-CASE-4, R-CASE-7, R-CASE-9) and the
 * follow-up's (R-CASE-11), through the core checks and the descriptors.
 */
#include "fsm_check.h"

#include "core/case.h"
#include "core/meeting.h"
#include "core/record.h"
#include "core/records.h"
#include "lib/err.h"

#define NOW 1780000000 /* 2026-05-29 05:26 in Tokyo */

static const struct fsm_check_edge allowed[] = {
	{ MEETING_NONE, MEETING_EV_REPORT, MEETING_REPORTED },
	{ MEETING_REPORTED, MEETING_EV_FORWARD, MEETING_FORWARDED },
	{ MEETING_FORWARDED, MEETING_EV_INSTRUCT, MEETING_INSTRUCTED },
	{ MEETING_FORWARDED, MEETING_EV_SEND_BACK, MEETING_SENT_BACK },
	{ MEETING_INSTRUCTED, MEETING_EV_OUTCOME, MEETING_HELD },
	{ MEETING_HELD, MEETING_EV_REPORT_RESULTS, MEETING_RESULTS_REPORTED },
	{ MEETING_RESULTS_REPORTED, MEETING_EV_ASSESS, MEETING_FOLLOW_UP },
	{ MEETING_FOLLOW_UP, MEETING_EV_MEASURE, MEETING_FOLLOW_UP },
	{ MEETING_RESULTS_REPORTED, MEETING_EV_CLOSE, MEETING_CLOSED },
	{ MEETING_FOLLOW_UP, MEETING_EV_CLOSE, MEETING_CLOSED },
};

/* R-CASE-3, R-CASE-8, R-CASE-11: who does each step. */
static const int fires[MEETING_EV__COUNT] = {
	[MEETING_EV_REPORT] = ROLE_COMM_OFFICER,
	[MEETING_EV_FORWARD] = ROLE_ASSISTANT,
	[MEETING_EV_INSTRUCT] = ROLE_MANAGER,
	[MEETING_EV_SEND_BACK] = ROLE_MANAGER,
	[MEETING_EV_OUTCOME] = ROLE_COMM_OFFICER,
	[MEETING_EV_REPORT_RESULTS] = ROLE_COMM_OFFICER,
	[MEETING_EV_ASSESS] = ROLE_MANAGER,
	[MEETING_EV_MEASURE] = ROLE_MANAGER,
	[MEETING_EV_CLOSE] = ROLE_MANAGER,
};

FSM_CHECK_STEP(meeting_step, enum meeting_state, enum meeting_event)
FSM_CHECK_STEP_ALLOWED(meeting_step_allowed, enum meeting_state,
		       enum meeting_event)
FSM_CHECK_NAMES(meeting_state, enum meeting_state);
FSM_CHECK_NAMES(meeting_event, enum meeting_event);
FSM_CHECK_NAMES(guidance_kind, enum guidance_kind);
FSM_CHECK_NAMES(followup_measure, enum followup_measure);

static const struct fsm_check_machine machine = {
	.step = meeting_step_int, .step_allowed = meeting_step_allowed_int,
	.allowed = allowed, .n_allowed = COUNT(allowed),
	.n_states = MEETING__COUNT, .n_events = MEETING_EV__COUNT,
	.none = MEETING_NONE, .fires = fires, .any_role = ROLE_MANAGER,
};

static void test_r_case_3_transition_table(void **state)
{
	(void)state;
	fsm_check_table(&machine);
	fsm_check_wrong_roles(&machine);
}

/* R-CASE-3: no outcome before the manager's instructions. */
static void test_r_case_3_outcome_only_after_instructions(void **state)
{
	enum meeting_state next = MEETING_NONE;

	(void)state;
	assert_int_equal(meeting_step(MEETING_REPORTED, MEETING_EV_OUTCOME,
				      ROLE_COMM_OFFICER, &next), MM_ESTATE);
	assert_int_equal(meeting_step(MEETING_FORWARDED, MEETING_EV_OUTCOME,
				      ROLE_COMM_OFFICER, &next), MM_ESTATE);
	assert_int_equal(meeting_step(MEETING_SENT_BACK, MEETING_EV_OUTCOME,
				      ROLE_COMM_OFFICER, &next), MM_ESTATE);
	/* the assistant's step is the assistant's alone */
	assert_int_equal(meeting_step(MEETING_REPORTED, MEETING_EV_FORWARD,
				      ROLE_MANAGER, &next), MM_EDENIED);
	assert_int_equal(meeting_step(MEETING_INSTRUCTED, MEETING_EV_OUTCOME,
				      ROLE_COMM_OFFICER, &next), 0);
	assert_int_equal(next, MEETING_HELD);
}

static void test_r_case_5_two_or_more_staff(void **state)
{
	struct meeting_staff s[MEETING_STAFF_MAX] = {
		{ 7, SEX_MALE, ROLE_COMM_OFFICER },
	};
	const char *why = NULL;

	(void)state;
	/* one named */
	assert_int_equal(meeting_check_staff(s, MEETING_STAFF_MAX, 0, 1, &why),
			 MM_ERULE);
	assert_string_equal(why, "接触には2人以上の職員で対応してください");
	/* the same one twice is one */
	s[1] = s[0];
	assert_int_equal(meeting_check_staff(s, MEETING_STAFF_MAX, 0, 1, &why),
			 MM_ERULE);
	/* none at all, and before the sexes are known */
	memset(s, 0, sizeof s);
	assert_int_equal(meeting_check_staff(s, MEETING_STAFF_MAX, 0, 0, &why),
			 MM_ERULE);
	s[0] = (struct meeting_staff){ 7, SEX_MALE, ROLE_COMM_OFFICER };
	s[2] = (struct meeting_staff){ 8, SEX_MALE, ROLE_ASSISTANT };
	assert_int_equal(meeting_check_staff(s, MEETING_STAFF_MAX, 0, 1, &why),
			 0);
}

static void test_r_case_5_female_officer_for_female_person(void **state)
{
	struct meeting_staff s[MEETING_STAFF_MAX] = {
		{ 7, SEX_MALE, ROLE_COMM_OFFICER },
		{ 8, SEX_UNKNOWN, ROLE_ASSISTANT },
	};
	const char *why = NULL;

	(void)state;
	assert_int_equal(meeting_check_staff(s, MEETING_STAFF_MAX, 1, 1, &why),
			 MM_ERULE);
	assert_string_equal(why, "対象者が女性と思料されるため、女性職員を"
			    "同行させてください");
	/* not weighed before the server has read the sexes */
	assert_int_equal(meeting_check_staff(s, MEETING_STAFF_MAX, 1, 0, &why),
			 0);
	/* a person not thought female: two men suffice */
	assert_int_equal(meeting_check_staff(s, MEETING_STAFF_MAX, 0, 1, &why),
			 0);
	s[3] = (struct meeting_staff){ 9, SEX_FEMALE, ROLE_COMM_OFFICER };
	assert_int_equal(meeting_check_staff(s, MEETING_STAFF_MAX, 1, 1, &why),
			 0);
}

/* A complete pre-meeting report, met tomorrow. */
static struct meeting good_report(void)
{
	struct meeting m = {
		.case_id = 1, .unit_id = 2, .place = "熊本駅前広場",
		.meet_at = NOW + 86400, .staff = { 7, 8 },
		.escape_plan = "出入口2か所に職員を配置",
		.setup_plan = "周辺に男性の同行者がいないか確認",
		.division_notified = 1,
	};
	return m;
}

static void assert_report_refused(const struct meeting *m, const char *key)
{
	const char *field = NULL, *why = NULL;

	assert_true(record_valid(&meeting_record, m, NOW, &field, &why) < 0);
	assert_non_null(why);
	assert_string_equal(field, key);
}

/* R-CASE-3, R-CASE-5, R-CASE-6 through the descriptor (the store's line). */
static void test_r_case_3_5_6_report_valid(void **state)
{
	struct meeting m = good_report();

	(void)state;
	assert_int_equal(record_valid(&meeting_record, &m, NOW, NULL, NULL), 0);
	m.meet_at = NOW - 60; /* R-CASE-3: before it, not after */
	assert_report_refused(&m, "meet_at");
	m = good_report();
	m.division_notified = 0;
	assert_report_refused(&m, "division_notified");
	m = good_report();
	m.escape_plan = ""; /* R-CASE-6 */
	assert_report_refused(&m, "escape_plan");
	m = good_report();
	m.setup_plan = NULL;
	assert_report_refused(&m, "setup_plan");
	m = good_report();
	m.staff[1] = 0; /* R-CASE-5 */
	assert_report_refused(&m, "staff_2");
	m = good_report();
	m.person_female = 1;
	m.staff_known = 1;
	m.staff_sex[0] = SEX_MALE;
	m.staff_sex[1] = SEX_MALE;
	assert_report_refused(&m, "staff_1");
	m.staff_sex[1] = SEX_FEMALE;
	assert_int_equal(record_valid(&meeting_record, &m, NOW, NULL, NULL), 0);
}

/* A juvenile met, guided for inappropriate posting, guardians told. */
static struct meeting good_outcome(void)
{
	struct meeting m = {
		.met = 1, .juvenile = 1, .guidance = GUIDANCE_ENTERTAINMENT,
		.child_name = "（架空）熊本 花子", .guardians_told = 1, .guardian = "母",
		.guardians_told_at = NOW - 3600, .guardians_told_how = "電話",
		.guardians_urged = 1,
	};
	return m;
}

static void assert_outcome_refused(const struct meeting *m, const char *key,
				   const char *msg)
{
	const char *field = NULL, *why = NULL;

	assert_true(record_valid(&meeting_outcome_record, m, NOW, &field,
				 &why) < 0);
	assert_string_equal(field, key);
	if (msg)
		assert_string_equal(why, msg);
}

static void test_r_case_4_juvenile_guided_guardians_told(void **state)
{
	struct meeting m = good_outcome();

	(void)state;
	assert_int_equal(record_valid(&meeting_outcome_record, &m, NOW, NULL,
				      NULL), 0);
	m.guidance = GUIDANCE_NONE;
	assert_outcome_refused(&m, "guidance", NULL);
	m = good_outcome();
	m.guardians_told = 0;
	assert_outcome_refused(&m, "guardians_told", NULL);
	m = good_outcome();
	m.guardian = " ";
	assert_outcome_refused(&m, "guardian", NULL);
	m = good_outcome();
	m.guardians_told_at = NOW + 3600; /* not yet */
	assert_outcome_refused(&m, "guardians_told_at", NULL);
	m = good_outcome();
	m.guardians_told_how = NULL;
	assert_outcome_refused(&m, "guardians_told_how", NULL);
	m = good_outcome();
	m.guardians_urged = 0;
	assert_outcome_refused(&m, "guardians_urged", NULL);
	/* not met: nobody found to be a juvenile, no guidance */
	m = (struct meeting){ .juvenile = 1 };
	assert_outcome_refused(&m, "juvenile", NULL);
	m = (struct meeting){ .met = 1, .guidance = GUIDANCE_ENTERTAINMENT };
	assert_outcome_refused(&m, "guidance", NULL);
	m = (struct meeting){ .met = 0 };
	assert_int_equal(record_valid(&meeting_outcome_record, &m, NOW, NULL,
				      NULL), 0);
	/* an adult met: nothing owed to guardians */
	m = (struct meeting){ .met = 1 };
	assert_int_equal(record_valid(&meeting_outcome_record, &m, NOW, NULL,
				      NULL), 0);
	assert_false(meeting_guided(1, 0, GUIDANCE_NONE));
	assert_true(meeting_guided(1, 1, GUIDANCE_ENTERTAINMENT));
}

static void test_r_case_7_sexual_conduct_needs_its_facts(void **state)
{
	struct meeting m = good_outcome();

	(void)state;
	m.guidance = GUIDANCE_SEXUAL_CONDUCT;
	assert_outcome_refused(&m, "guidance_facts",
			       "不健全性的行為として補導する場合は、"
			       "認めた事実を入力してください");
	m.guidance_facts = "　"; /* an ideographic space is no fact */
	assert_outcome_refused(&m, "guidance_facts", NULL);
	m.guidance_facts = "自ら買春の相手方となることを申し出る書き込み";
	assert_int_equal(record_valid(&meeting_outcome_record, &m, NOW, NULL,
				      NULL), 0);
	/* 不健全娯楽 in principle: no facts asked for */
	assert_string_equal(guidance_kind_label(GUIDANCE_ENTERTAINMENT),
			    "不健全娯楽");
}

static void test_r_case_9_free_call_only_when_called(void **state)
{
	struct meeting m = good_outcome();
	const char *why = NULL;

	(void)state;
	assert_int_equal(meeting_check_free_call(0, 0, &why), 0);
	assert_int_equal(meeting_check_free_call(1, 1, &why), 0);
	assert_int_equal(meeting_check_free_call(1, 0, &why), MM_ERULE);
	m.free_call_used = 1;
	assert_outcome_refused(&m, "free_call_used",
			       "無料通話アプリは現場接触時に交信相手から"
			       "連絡があった場合に限り使用できます");
	m.free_call_person_called = 1;
	assert_int_equal(record_valid(&meeting_outcome_record, &m, NOW, NULL,
				      NULL), 0);
}

static void test_r_case_11_measures(void **state)
{
	static const char *const kinds[] = {
		NULL, "continued_guidance", "recovery_support",
		"child_guidance_centre",
	};
	struct meeting_measure x = { .kind = MEASURE_CHILD_GUIDANCE_CENTRE,
				     .decided_on = { 2026, 5, 29 } };
	const char *field = NULL, *why = NULL;

	(void)state;
	fsm_check_names(&followup_measure_names, kinds, NULL, COUNT(kinds),
			MEASURE__COUNT);
	assert_int_equal(record_valid(&meeting_measure_record, &x, NOW, NULL,
				      NULL), 0);
	x.decided_on.day = 30; /* tomorrow in Tokyo */
	assert_true(record_valid(&meeting_measure_record, &x, NOW, &field,
				 &why) < 0);
	assert_string_equal(field, "decided_on");
	x.decided_on.day = 29;
	x.kind = MEASURE_NONE;
	assert_true(record_valid(&meeting_measure_record, &x, NOW, &field,
				 &why) < 0);
	assert_string_equal(field, "kind");
}

static void test_r_case_11_close(void **state)
{
	const char *why = NULL;

	(void)state;
	/* nobody guided: nothing to weigh */
	assert_int_equal(meeting_check_close(0, 0, 0, 0, &why), 0);
	assert_int_equal(meeting_check_close(1, 0, 0, 0, &why), MM_ERULE);
	assert_int_equal(meeting_check_close(1, 1, 0, 0, &why), 0);
	assert_int_equal(meeting_check_close(1, 1, 1, 0, &why), MM_ERULE);
	assert_int_equal(meeting_check_close(1, 1, 1, 2, &why), 0);
}

/*
 * R-CASE-3, R-CASE-11: the case's states after the cases branch's: a
 * meeting is reported only for a case in communication (or already in
 * its meetings), messages are still logged, and it closes from there.
 */
static void test_r_case_3_11_case_states(void **state)
{
	enum case_state next = CASE_NONE;

	(void)state;
	assert_int_equal(case_transition(CASE_COMMUNICATING, CASE_EV_MEETING,
					 &next), 0);
	assert_int_equal(next, CASE_MEETING);
	assert_int_equal(case_transition(CASE_MEETING, CASE_EV_MEETING, &next),
			 0);
	assert_int_equal(case_transition(CASE_MEETING, CASE_EV_LOG, &next), 0);
	assert_int_equal(next, CASE_MEETING);
	assert_int_equal(case_transition(CASE_MEETING, CASE_EV_CLOSE, &next), 0);
	assert_int_equal(next, CASE_CLOSED);
	for (int s = CASE_NONE; s < CASE__COUNT; s++) {
		if (s != CASE_COMMUNICATING && s != CASE_MEETING)
			assert_int_equal(case_transition((enum case_state)s,
							 CASE_EV_MEETING,
							 &next), MM_ESTATE);
		if (s != CASE_MEETING)
			assert_int_equal(case_transition((enum case_state)s,
							 CASE_EV_CLOSE, &next),
					 MM_ESTATE);
	}
	/* closed is the end */
	for (int e = CASE_EV_NONE; e < CASE_EV__COUNT; e++)
		assert_int_equal(case_transition(CASE_CLOSED,
						 (enum case_event)e, &next),
				 MM_ESTATE);
	assert_string_equal(case_state_key(CASE_CLOSED), "closed");
}

static void test_meeting_names_and_descriptors(void **state)
{
	static const char *const states[] = {
		NULL, "reported", "forwarded", "instructed", "sent_back",
		"held", "results_reported", "follow_up", "closed",
	};
	static const char *const events[] = {
		NULL, "report", "forward", "instruct", "send_back", "outcome",
		"report_results", "assess", "measure", "close",
	};
	static const char *const kinds[] = {
		NULL, "unwholesome_entertainment", "unwholesome_sexual_conduct",
	};
	const struct record_desc *d[] = {
		&meeting_record, &meeting_instruction_record,
		&meeting_send_back_record, &meeting_close_record,
		&meeting_outcome_record,
		&meeting_assessment_record, &meeting_measure_record,
	};
	const char *bad = NULL;

	(void)state;
	fsm_check_names(&meeting_state_names, states, NULL, COUNT(states),
			MEETING__COUNT);
	fsm_check_names(&meeting_event_names, events, NULL, COUNT(events),
			MEETING_EV__COUNT);
	fsm_check_names(&guidance_kind_names, kinds, NULL, COUNT(kinds),
			GUIDANCE__COUNT);
	for (size_t i = 0; i < COUNT(d); i++)
		assert_int_equal(record_desc_check(d[i], &bad), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_r_case_3_transition_table),
		cmocka_unit_test(test_r_case_3_outcome_only_after_instructions),
		cmocka_unit_test(test_r_case_5_two_or_more_staff),
		cmocka_unit_test(test_r_case_5_female_officer_for_female_person),
		cmocka_unit_test(test_r_case_3_5_6_report_valid),
		cmocka_unit_test(test_r_case_4_juvenile_guided_guardians_told),
		cmocka_unit_test(test_r_case_7_sexual_conduct_needs_its_facts),
		cmocka_unit_test(test_r_case_9_free_call_only_when_called),
		cmocka_unit_test(test_r_case_11_measures),
		cmocka_unit_test(test_r_case_11_close),
		cmocka_unit_test(test_r_case_3_11_case_states),
		cmocka_unit_test(test_meeting_names_and_descriptors),
	};

	return cmocka_run_group_tests_name("core_meeting", tests, NULL, NULL);
}
