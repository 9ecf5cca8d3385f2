#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "core/roles.h"
#include "lib/err.h"

static void test_r_role_1_general_manager_only_at_hq(void **state)
{
	const char *why = NULL;

	(void)state;
	assert_int_equal(role_check_assignment(ROLE_GENERAL_MANAGER, UNIT_HQ,
					       &why), 0);
	assert_int_equal(role_check_assignment(ROLE_GENERAL_MANAGER,
					       UNIT_STATION, &why), MM_ERULE);
	assert_non_null(why);
	assert_non_null(strstr(why, "統括運用管理者"));
	assert_int_equal(role_check_assignment(ROLE_GENERAL_MANAGER,
					       UNIT_STATION, NULL), MM_ERULE);
}

/* 第2: the two parties outside the juvenile division sit at HQ. */
static void test_r_svc_2_r_cmp_6_hq_parties_only_at_hq(void **state)
{
	static const struct {
		enum role r;
		const char *name;
	} t[] = {
		{ ROLE_INFOSEC_MANAGER, "情報セキュリティ管理者" },
		{ ROLE_IT_DIVISION_HEAD, "情報管理課長" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		const char *why = NULL;

		assert_int_equal(role_check_assignment(t[i].r, UNIT_HQ, &why),
				 0);
		assert_int_equal(role_check_assignment(t[i].r, UNIT_STATION,
						       &why), MM_ERULE);
		assert_non_null(why);
		assert_non_null(strstr(why, t[i].name));
	}
}

static void test_other_roles_anywhere(void **state)
{
	static const enum role r[] = { ROLE_MANAGER, ROLE_ASSISTANT,
				       ROLE_OPERATIONS_OFFICER,
				       ROLE_COMM_OFFICER };

	(void)state;
	for (size_t i = 0; i < sizeof(r) / sizeof(r[0]); i++) {
		assert_int_equal(role_check_assignment(r[i], UNIT_HQ, NULL), 0);
		assert_int_equal(role_check_assignment(r[i], UNIT_STATION,
						       NULL), 0);
	}
}

static void test_unknown_role_or_kind(void **state)
{
	const char *why = NULL;

	(void)state;
	assert_int_equal(role_check_assignment(ROLE_NONE, UNIT_HQ, &why),
			 MM_EINVAL);
	assert_non_null(why);
	assert_int_equal(role_check_assignment(ROLE__COUNT, UNIT_HQ, NULL),
			 MM_EINVAL);
	assert_int_equal(role_check_assignment(ROLE_MANAGER,
					       (enum unit_kind)0, NULL),
			 MM_EINVAL);
}

static void test_r_role_2_3_single_holders(void **state)
{
	(void)state;
	assert_true(role_single_holder(ROLE_GENERAL_MANAGER));
	assert_true(role_single_holder(ROLE_MANAGER));      /* R-ROLE-2 */
	assert_true(role_single_holder(ROLE_ASSISTANT));    /* R-ROLE-3 */
	assert_false(role_single_holder(ROLE_OPERATIONS_OFFICER));
	assert_false(role_single_holder(ROLE_COMM_OFFICER));
	assert_false(role_single_holder(ROLE_NONE));
	assert_true(role_prefecture_wide(ROLE_GENERAL_MANAGER));
	assert_false(role_prefecture_wide(ROLE_MANAGER));
	assert_false(role_prefecture_wide(ROLE_ASSISTANT));
	assert_false(role_prefecture_wide(ROLE_OPERATIONS_OFFICER));
	assert_false(role_prefecture_wide(ROLE_COMM_OFFICER));
}

static void test_r_svc_2_r_cmp_6_hq_parties_single_prefecture_wide(void **state)
{
	(void)state;
	assert_true(role_single_holder(ROLE_INFOSEC_MANAGER));
	assert_true(role_single_holder(ROLE_IT_DIVISION_HEAD));
	assert_true(role_prefecture_wide(ROLE_INFOSEC_MANAGER));
	assert_true(role_prefecture_wide(ROLE_IT_DIVISION_HEAD));
	assert_false(role_single_holder(ROLE__COUNT));
	assert_false(role_prefecture_wide(ROLE__COUNT));
}

static void test_r_role_1_general_manager_not_vacated(void **state)
{
	(void)state;
	assert_false(role_may_vacate(ROLE_GENERAL_MANAGER));
	assert_true(role_may_vacate(ROLE_MANAGER));
	assert_true(role_may_vacate(ROLE_ASSISTANT));
	assert_true(role_may_vacate(ROLE_OPERATIONS_OFFICER));
	assert_true(role_may_vacate(ROLE_COMM_OFFICER));
	assert_true(role_may_vacate(ROLE_INFOSEC_MANAGER));
	assert_true(role_may_vacate(ROLE_IT_DIVISION_HEAD));
}

/* R-ROLE-4, R-ROLE-5: officers only through a designation (form 1). */
static void test_r_role_4_5_officers_only_by_designation(void **state)
{
	const char *why = NULL;

	(void)state;
	assert_true(role_by_designation(ROLE_OPERATIONS_OFFICER));
	assert_true(role_by_designation(ROLE_COMM_OFFICER));
	assert_int_equal(role_check_direct(ROLE_OPERATIONS_OFFICER, &why),
			 MM_ERULE);
	assert_non_null(strstr(why, "交信担当者指定簿（様式第1号）"));
	assert_int_equal(role_check_direct(ROLE_COMM_OFFICER, NULL), MM_ERULE);
	for (int r = ROLE_NONE; r <= ROLE__COUNT; r++) {
		if (r == ROLE_OPERATIONS_OFFICER || r == ROLE_COMM_OFFICER)
			continue;
		assert_false(role_by_designation((enum role)r));
		assert_int_equal(role_check_direct((enum role)r, NULL), 0);
	}
}

static void test_role_names(void **state)
{
	static const struct {
		enum role r;
		const char *key, *label;
	} t[] = {
		{ ROLE_GENERAL_MANAGER, "general_manager", "統括運用管理者" },
		{ ROLE_MANAGER, "manager", "運用管理者" },
		{ ROLE_ASSISTANT, "assistant", "運用管理補助者" },
		{ ROLE_OPERATIONS_OFFICER, "operations_officer", "運用担当者" },
		{ ROLE_COMM_OFFICER, "communication_officer", "交信担当者" },
		{ ROLE_INFOSEC_MANAGER, "infosec_manager",
		  "情報セキュリティ管理者" },
		{ ROLE_IT_DIVISION_HEAD, "it_division_head", "情報管理課長" },
	};

	(void)state;
	assert_int_equal(sizeof(t) / sizeof(t[0]), ROLE__COUNT - 1);
	assert_int_equal(ROLE_INFOSEC_MANAGER, 6);  /* stored values */
	assert_int_equal(ROLE_IT_DIVISION_HEAD, 7);
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		assert_int_equal(t[i].r, (enum role)(i + 1));
		assert_string_equal(role_key(t[i].r), t[i].key);
		assert_string_equal(role_label(t[i].r), t[i].label);
		assert_int_equal(role_from_key(t[i].key), t[i].r);
	}
	assert_null(role_key(ROLE_NONE));
	assert_string_equal(role_label(ROLE__COUNT), "");
	assert_int_equal(role_from_key("Manager"), ROLE_NONE);
	assert_int_equal(role_from_key(""), ROLE_NONE);
	assert_int_equal(role_from_key(NULL), ROLE_NONE);
}

static void test_rank_names(void **state)
{
	static const struct {
		enum rank r;
		const char *key, *label;
	} t[] = {
		{ RANK_JUNSA, "junsa", "巡査" },
		{ RANK_JUNSACHO, "junsacho", "巡査長" },
		{ RANK_JUNSABUCHO, "junsabucho", "巡査部長" },
		{ RANK_KEIBUHO, "keibuho", "警部補" },
		{ RANK_KEIBU, "keibu", "警部" },
		{ RANK_KEISHI, "keishi", "警視" },
		{ RANK_KEISHISEI, "keishisei", "警視正" },
		{ RANK_KEISHICHO, "keishicho", "警視長" },
		{ RANK_CIVILIAN, "civilian", "一般職員" },
	};

	(void)state;
	assert_int_equal(sizeof(t) / sizeof(t[0]), RANK__COUNT - 1);
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		assert_string_equal(rank_key(t[i].r), t[i].key);
		assert_string_equal(rank_label(t[i].r), t[i].label);
		assert_int_equal(rank_from_key(t[i].key), t[i].r);
	}
	assert_null(rank_key(RANK_NONE));
	assert_string_equal(rank_label(RANK__COUNT), "");
	assert_int_equal(rank_from_key("keiji"), RANK_NONE);
	assert_int_equal(rank_from_key(NULL), RANK_NONE);
}

static void test_r_role_4_inspector_or_above(void **state)
{
	(void)state;
	assert_false(rank_is_inspector_or_above(RANK_NONE));
	assert_false(rank_is_inspector_or_above(RANK_JUNSA));
	assert_false(rank_is_inspector_or_above(RANK_JUNSACHO));
	assert_false(rank_is_inspector_or_above(RANK_JUNSABUCHO));
	assert_true(rank_is_inspector_or_above(RANK_KEIBUHO));
	assert_true(rank_is_inspector_or_above(RANK_KEIBU));
	assert_true(rank_is_inspector_or_above(RANK_KEISHI));
	assert_true(rank_is_inspector_or_above(RANK_KEISHISEI));
	assert_true(rank_is_inspector_or_above(RANK_KEISHICHO));
	assert_false(rank_is_inspector_or_above(RANK_CIVILIAN));
}

/* R-ROLE-4, R-ROLE-5: the designated roles' table names them as roles[] does. */
static void test_r_role_4_5_designated_role_names(void **state)
{
	(void)state;
	for (int r = ROLE_NONE + 1; r < ROLE__COUNT; r++) {
		if (!role_by_designation((enum role)r)) {
			assert_null(designated_roles[r].key);
			continue;
		}
		assert_string_equal(designated_roles[r].key,
				    role_key((enum role)r));
		assert_string_equal(designated_roles[r].label,
				    role_label((enum role)r));
	}
}

static void test_sex_and_unit_kind_names(void **state)
{
	(void)state;
	assert_string_equal(sex_label(SEX_MALE), "男性");
	assert_string_equal(sex_label(SEX_FEMALE), "女性");
	assert_string_equal(sex_label(SEX_UNKNOWN), "");
	assert_string_equal(sex_key(SEX_MALE), "male");
	assert_string_equal(sex_key(SEX_FEMALE), "female");
	assert_null(sex_key(SEX_UNKNOWN));
	assert_int_equal(sex_from_key("male"), SEX_MALE);
	assert_int_equal(sex_from_key("female"), SEX_FEMALE);
	assert_int_equal(sex_from_key("other"), SEX_UNKNOWN);
	assert_int_equal(sex_from_key(NULL), SEX_UNKNOWN);

	assert_string_equal(unit_kind_label(UNIT_HQ), "本部");
	assert_string_equal(unit_kind_label(UNIT_STATION), "警察署");
	assert_string_equal(unit_kind_label((enum unit_kind)7), "");
	assert_string_equal(unit_kind_key(UNIT_HQ), "hq");
	assert_string_equal(unit_kind_key(UNIT_STATION), "station");
	assert_null(unit_kind_key((enum unit_kind)0));
	assert_int_equal(unit_kind_from_key("hq"), UNIT_HQ);
	assert_int_equal(unit_kind_from_key("station"), UNIT_STATION);
	assert_int_equal(unit_kind_from_key("HQ"), 0);
	assert_int_equal(unit_kind_from_key(NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_r_role_1_general_manager_only_at_hq),
		cmocka_unit_test(test_r_svc_2_r_cmp_6_hq_parties_only_at_hq),
		cmocka_unit_test(test_other_roles_anywhere),
		cmocka_unit_test(test_unknown_role_or_kind),
		cmocka_unit_test(test_r_role_2_3_single_holders),
		cmocka_unit_test(test_r_svc_2_r_cmp_6_hq_parties_single_prefecture_wide),
		cmocka_unit_test(test_r_role_1_general_manager_not_vacated),
		cmocka_unit_test(test_r_role_4_5_officers_only_by_designation),
		cmocka_unit_test(test_role_names),
		cmocka_unit_test(test_rank_names),
		cmocka_unit_test(test_r_role_4_inspector_or_above),
		cmocka_unit_test(test_sex_and_unit_kind_names),
		cmocka_unit_test(test_r_role_4_5_designated_role_names),
	};

	return cmocka_run_group_tests_name("core_roles", tests, NULL, NULL);
}
