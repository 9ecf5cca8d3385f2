/*
 * test_refusal.c - refusal_rule() (core/refusal.h): each check of core
 * is driven into its refusal and the message it returns must map to the
 * rule the check enforces.  A reworded message that no longer matches
 * its table entry fails here, not silently in the audit trail.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "core/application.h"
#include "core/case.h"
#include "core/designation.h"
#include "core/device.h"
#include "core/doctype.h"
#include "core/exception.h"
#include "core/loan.h"
#include "core/photo.h"
#include "core/meeting.h"
#include "core/policy.h"
#include "core/record.h"
#include "core/records.h"
#include "core/refusal.h"
#include "core/roles.h"
#include "core/service.h"
#include "core/takeout.h"
#include "lib/err.h"

#define D(y, m, d) ((struct civil_date){ (y), (m), (d) })

/* rc must be a refusal and its why map to rule. */
static void expect_rule(int rc, const char *why, const char *rule)
{
	assert_true(rc < 0);
	assert_non_null(why);
	assert_string_equal(refusal_rule(why), rule);
}

/*
 * call (which sets the test's local why) must refuse with a message of
 * rule; a macro, so why is read after the call has set it.
 */
#define EXPECT_RULE(call, rule)                                          \
	do {                                                             \
		int rc_;                                                 \
		why = NULL;                                              \
		rc_ = (call);                                            \
		expect_rule(rc_, why, rule);                             \
	} while (0)

static void test_r_dev_2_period_and_consultation(void **state)
{
	const struct policy *p = policy_default();
	struct civil_date start = D(2025, 4, 1), due = D(2026, 4, 2);
	struct civil_date cur = D(2026, 3, 31), later = D(2027, 4, 1);
	const char *why = NULL;

	(void)state;
	EXPECT_RULE(loan_check_period(p, &start, &due, NULL, &why), "R-DEV-2");
	/* R-DEV-8: an extension is refused under the same one-year rule. */
	EXPECT_RULE(loan_check_extension(p, &cur, &later, "", &why),
		    "R-DEV-2");
	EXPECT_RULE(application_check_consultation(&due, &start, &why),
		    "R-DEV-2");
	/* an impossible period is plain validation: no rule */
	assert_int_equal(loan_check_period(p, &due, &start, NULL, &why),
			 MM_EINVAL);
	assert_string_equal(refusal_rule(why), "");
}

static void test_r_dev_4_6_device_usable(void **state)
{
	struct device_use_facts f = { LOAN_CLOSED, 0, 0, 0 };
	const char *why = NULL;

	(void)state;
	/* not on loan at all */
	EXPECT_RULE(device_usable(&f, &why), "R-DEV-6");
	/* lent but its receipt not confirmed (R-DEV-4) */
	f.loan_state = LOAN_LENT;
	EXPECT_RULE(device_usable(&f, &why), "R-DEV-4");
	f.loan_state = LOAN_RECEIVED;
	EXPECT_RULE(device_usable(&f, &why), "R-DEV-4");
	f.receipt_confirmed = 1;
	EXPECT_RULE(device_usable(&f, &why), "R-DEV-4");
	f.training_recorded = 1;
	f.services_without_permission = 1;
	EXPECT_RULE(device_usable(&f, &why), "R-DEV-6");
}

static void test_r_dev_7_takeout_report(void **state)
{
	const char *why = NULL;

	(void)state;
	EXPECT_RULE(takeout_check_incident(0, "", &why), "R-DEV-7");
	/* the results are a required field with R-DEV-7's message */
	EXPECT_RULE(record_valid(&takeout_report_record,
				 &(struct takeout_report){ 1, "", "　" }, 0,
				 NULL, &why), "R-DEV-7");
	/* the planned times are plain validation: no rule */
	assert_int_equal(takeout_check_request(100, 50, &why), MM_EINVAL);
	assert_string_equal(refusal_rule(why), "");
}

static void test_r_dev_9_return_checklist(void **state)
{
	struct return_checklist c;
	struct return_confirmation in;
	struct return_fault f;

	(void)state;
	memset(&c, 0, sizeof(c));
	memset(&in, 0, sizeof(in));
	c.n_accounts = 1;
	c.accounts[0].service_id = 7;
	c.accounts[0].service = "X";
	c.accounts[0].account = "@kita";
	/* the account listed by the server but not confirmed */
	assert_int_not_equal(return_checklist_confirm(&c, &in, &f), 0);
	assert_string_equal(refusal_rule(f.message), "R-DEV-9");
	in.n = 2;
	in.items[0] = (struct return_confirm){ 7, 1 };
	in.items[1] = (struct return_confirm){ 7, 1 };
	assert_int_not_equal(return_checklist_confirm(&c, &in, &f), 0);
	assert_string_equal(refusal_rule(f.message), "R-DEV-9");
	in.items[1] = (struct return_confirm){ 99, 1 };
	assert_int_not_equal(return_checklist_confirm(&c, &in, &f), 0);
	assert_string_equal(refusal_rule(f.message), "R-DEV-9");
	in.n = 1;
	assert_int_not_equal(return_checklist_confirm(&c, &in, &f), 0);
	assert_string_equal(refusal_rule(f.message), "R-DEV-9");
	in.apps_uninstalled = 1;
	assert_int_not_equal(return_checklist_confirm(&c, &in, &f), 0);
	assert_string_equal(refusal_rule(f.message), "R-DEV-9");
	in.device_restored = 1;
	assert_int_not_equal(return_checklist_confirm(&c, &in, &f), 0);
	assert_string_equal(refusal_rule(f.message), "R-DEV-9");
	in.accessories_present = 1;
	assert_int_equal(return_checklist_confirm(&c, &in, &f), 0);
}

static void test_r_role_designation_and_assignment(void **state)
{
	struct designation_grounds g = { ROLE_OPERATIONS_OFFICER, RANK_JUNSA,
					 NULL, NULL, NULL };
	const char *why = NULL;

	(void)state;
	EXPECT_RULE(designation_check(&g, &why), "R-ROLE-4");
	g.role = ROLE_COMM_OFFICER;
	EXPECT_RULE(designation_check(&g, &why), "R-ROLE-5");
	g.knowledge = "SNSの検索に習熟";
	EXPECT_RULE(designation_check(&g, &why), "R-ROLE-5");
	EXPECT_RULE(role_check_assignment(ROLE_GENERAL_MANAGER, UNIT_STATION,
					  &why), "R-ROLE-1");
}

static void test_r_svc_measures_and_supersede(void **state)
{
	struct service_version in_force = { 2, SERVICE_IN_FORCE };
	struct service_version applied = { 3, SERVICE_APPLIED };
	struct service_version refused = { 1, SERVICE_REFUSED };
	const char *why = NULL;

	(void)state;
	EXPECT_RULE(service_check_agreement(0, 1, &why), "R-SVC-2");
	EXPECT_RULE(service_check_agreement(1, 0, &why), "R-SVC-2");
	EXPECT_RULE(service_check_supersede(&refused, &in_force, &why),
		    "R-SVC-3");
	EXPECT_RULE(service_check_supersede(&in_force, &applied, &why),
		    "R-SVC-3");
}

static void test_r_exc_3_screenshot(void **state)
{
	struct civil_date day = D(2025, 6, 1);
	const char *why = NULL;

	(void)state;
	EXPECT_RULE(screenshot_check_taken(NULL, 0, &day, "", &why),
		    "R-EXC-3");
	EXPECT_RULE(screenshot_check_taken(NULL, 0, &day, "交信の記録",
					   &why), "R-EXC-3");
}

static void test_r_photo_rules(void **state)
{
	const char *why = NULL;

	(void)state;
	EXPECT_RULE(photo_check_usable(PHOTO_APPROVAL_APPLIED, 1, 1, &why),
		    "R-PHOTO-2");
	EXPECT_RULE(photo_check_usable(PHOTO_APPROVAL_APPROVED, 1, 0, &why),
		    "R-PHOTO-2");
	EXPECT_RULE(photo_check_usable(PHOTO_APPROVAL_APPROVED, 0, 1, &why),
		    "R-PHOTO-2");
	assert_int_equal(photo_check_usable(PHOTO_APPROVAL_APPROVED, 1, 1,
					    &why), 0);
	EXPECT_RULE(photo_check_room(5, &why), "R-PHOTO-3");
	assert_int_equal(photo_check_room(4, &why), 0);
	{
		/* R-META-1: a version's own limit, named in the message */
		struct policy three = *policy_default();

		three.photo_max = 3;
		EXPECT_RULE(photo_check_room_under(&three, 3, &why),
			    "R-PHOTO-3");
		assert_string_equal(why, "この端末に保存できる加工済みの"
				    "顔写真は3枚までです");
		assert_int_equal(photo_check_room_under(&three, 2, &why), 0);
		EXPECT_RULE(photo_check_room_under(policy_default(), 5, &why),
			    "R-PHOTO-3");
		assert_string_equal(why, MM_PHOTO_LIMIT_MSG);
	}
	EXPECT_RULE(photo_check_consent(0, &why), "R-PHOTO-1");
	EXPECT_RULE(photo_check_send(0, 1, &why), "R-PHOTO-1");
	EXPECT_RULE(photo_check_send(1, 0, &why), "R-PHOTO-1");
	assert_int_equal(photo_check_send(1, 1, &why), 0);
	EXPECT_RULE(photo_check_closing(1, &why), "R-PHOTO-5");
	assert_int_equal(photo_check_closing(0, &why), 0);
}

static void test_r_ret_2_disposal_rules(void **state)
{
	const char *why = NULL;

	(void)state;
	EXPECT_RULE(doctype_check_disposal(1, 0, 1, &why), "R-RET-2");
	EXPECT_RULE(doctype_check_disposal(0, 1, 1, &why), "R-RET-2");
	EXPECT_RULE(doctype_check_disposal(0, 0, 0, &why), "R-RET-2");
	assert_int_equal(doctype_check_disposal(0, 0, 1, &why), 0);
	assert_null(why);
}

static void test_refusal_rule_prefix_and_unknown(void **state)
{
	size_t n = 0;
	const struct rule_refusal *t = refusal_table(&n);

	(void)state;
	assert_true(n > 0);
	for (size_t i = 0; i < n; i++) {
		assert_true(!strncmp(t[i].rule, "R-", 2));
		/* an entry ending in "。" would not match the front end's
		 * message without it */
		assert_null(strstr(t[i].why + strlen(t[i].why) -
				   strlen("。"), "。"));
		assert_string_equal(refusal_rule(t[i].why), t[i].rule);
	}
	/* a front end's context and final "。" after the message still match */
	assert_string_equal(refusal_rule("アカウント「X @kita」の削除が確認されていません"),
			    "R-DEV-9");
	assert_string_equal(refusal_rule("この端末は所属に貸し出されていません。"),
			    "R-SVC-1");
	assert_string_equal(refusal_rule("日付が正しくありません"), "");
	assert_string_equal(refusal_rule(""), "");
	assert_string_equal(refusal_rule(NULL), "");
}

/*
 * R-CASE-1: a case not judged high is not communicated with; a crime
 * "other" is named.  R-ROLE-5: the store's words for an officer who is
 * not (or no longer) designated.
 */
static void test_r_case_1_refusals(void **state)
{
	const char *why = NULL, *field = NULL;

	(void)state;
	EXPECT_RULE(case_check_communicable(CASE_CLOSED_NOT_HIGH, &why),
		    "R-CASE-1");
	EXPECT_RULE(case_check_communicable(CASE_REPORTED, &why), "R-CASE-1");
	EXPECT_RULE(case_check_triage(CASE_CRIME_OTHER, "", &field, &why),
		    "R-CASE-1");
	assert_string_equal(refusal_rule("交信担当者に指定されていない職員には"
					 "事案を割り当てられません"), "R-ROLE-5");
	assert_string_equal(refusal_rule("交信担当者の指定が解除されているため"
					 "記録できません"), "R-ROLE-5");
}

/* A meeting of a protective contact case (R-CASE-3..11). */
static void test_r_case_meeting_rules(void **state)
{
	struct meeting_staff one[2] = { { 5, SEX_MALE, ROLE_COMM_OFFICER },
					{ 5, SEX_MALE, ROLE_COMM_OFFICER } };
	struct meeting_staff men[2] = { { 5, SEX_MALE, ROLE_COMM_OFFICER },
					{ 6, SEX_MALE, ROLE_MANAGER } };
	struct meeting_outcome o = { .met = 1, .juvenile = 1 };
	const char *why = NULL, *field = NULL;

	(void)state;
	EXPECT_RULE(meeting_check_before(100, 100, &why), "R-CASE-3");
	EXPECT_RULE(meeting_check_notified(0, &why), "R-CASE-3");
	EXPECT_RULE(meeting_check_staff(one, 2, 0, 1, &why), "R-CASE-5");
	EXPECT_RULE(meeting_check_staff(men, 2, 1, 1, &why), "R-CASE-5");
	EXPECT_RULE(meeting_check_free_call(1, 0, &why), "R-CASE-9");
	EXPECT_RULE(meeting_check_outcome(&o, 1000, &field, &why), "R-CASE-4");
	o.guidance = GUIDANCE_SEXUAL_CONDUCT;
	EXPECT_RULE(meeting_check_outcome(&o, 1000, &field, &why), "R-CASE-7");
	o.guidance_facts = "自ら対償を求める書き込み";
	EXPECT_RULE(meeting_check_outcome(&o, 1000, &field, &why), "R-CASE-4");
	o.guardians_told = 1;
	EXPECT_RULE(meeting_check_outcome(&o, 1000, &field, &why), "R-CASE-4");
	o.guardian = "母";
	EXPECT_RULE(meeting_check_outcome(&o, 1000, &field, &why), "R-CASE-4");
	o.guardians_told_at = 900;
	EXPECT_RULE(meeting_check_outcome(&o, 1000, &field, &why), "R-CASE-4");
	o.guardians_told_how = "電話";
	EXPECT_RULE(meeting_check_outcome(&o, 1000, &field, &why), "R-CASE-4");
	o.guardians_urged = 1;
	o.free_call_used = 1;
	EXPECT_RULE(meeting_check_outcome(&o, 1000, &field, &why), "R-CASE-9");
	EXPECT_RULE(meeting_check_close(1, 0, 0, 0, &why), "R-CASE-11");
	EXPECT_RULE(meeting_check_close(1, 1, 1, 0, &why), "R-CASE-11");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_r_case_1_refusals),
		cmocka_unit_test(test_r_dev_2_period_and_consultation),
		cmocka_unit_test(test_r_dev_4_6_device_usable),
		cmocka_unit_test(test_r_dev_7_takeout_report),
		cmocka_unit_test(test_r_dev_9_return_checklist),
		cmocka_unit_test(test_r_role_designation_and_assignment),
		cmocka_unit_test(test_r_svc_measures_and_supersede),
		cmocka_unit_test(test_r_exc_3_screenshot),
		cmocka_unit_test(test_r_photo_rules),
		cmocka_unit_test(test_r_ret_2_disposal_rules),
		cmocka_unit_test(test_r_case_meeting_rules),
		cmocka_unit_test(test_refusal_rule_prefix_and_unknown),
	};

	return cmocka_run_group_tests_name("core_refusal", tests, NULL, NULL);
}
