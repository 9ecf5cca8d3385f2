#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/validate.h"
#include "core/password_list.h"
#include "lib/err.h"

static void test_login(void **state)
{
	const char *why = NULL;

	(void)state;
	assert_int_equal(validate_login("abc", &why), 0);
	assert_int_equal(validate_login("k.tanaka_01-x", &why), 0);
	assert_int_equal(validate_login("a2345678901234567890123456789012",
					&why), 0);
	assert_int_equal(validate_login("a23456789012345678901234567890123",
					&why), MM_EINVAL);
	assert_string_equal(why, "ログインIDは英字で始まる2〜32文字の英数字・記号(._-)で入力してください");
	assert_int_equal(validate_login("gm", &why), 0);
	assert_int_equal(validate_login("g", &why), MM_EINVAL);
	assert_int_equal(validate_login("1abc", &why), MM_EINVAL);
	assert_int_equal(validate_login("_abc", &why), MM_EINVAL);
	assert_int_equal(validate_login("ab c", &why), MM_EINVAL);
	assert_int_equal(validate_login("ab@c", &why), MM_EINVAL);
	assert_int_equal(validate_login("田中太郎", &why), MM_EINVAL);
	why = NULL;
	assert_int_equal(validate_login("", &why), MM_EINVAL);
	assert_non_null(why);
	assert_int_equal(validate_login(NULL, NULL), MM_EINVAL);
}

static void test_unit_code(void **state)
{
	const char *why = NULL;

	(void)state;
	assert_int_equal(validate_unit_code("HQ", &why), 0);
	assert_int_equal(validate_unit_code("K", &why), 0);
	assert_int_equal(validate_unit_code("KITA-2", &why), 0);
	assert_int_equal(validate_unit_code("ABCDEFGHIJKLMNOP", &why), 0);
	assert_int_equal(validate_unit_code("ABCDEFGHIJKLMNOPQ", &why),
			 MM_EINVAL);
	assert_int_equal(validate_unit_code("kita", &why), MM_EINVAL);
	assert_int_equal(validate_unit_code("KI TA", &why), MM_EINVAL);
	assert_int_equal(validate_unit_code("KI_TA", &why), MM_EINVAL);
	assert_int_equal(validate_unit_code("", &why), MM_EINVAL);
	assert_int_equal(validate_unit_code(NULL, &why), MM_EINVAL);
}

static void test_name(void **state)
{
	char longest[MM_NAME_MAX + 8] = "";
	const char *why = NULL;

	(void)state;
	assert_int_equal(validate_name("熊本北警察署", &why), 0);
	assert_int_equal(validate_name("田中 太郎", &why), 0);
	assert_int_equal(validate_name("𠮷田", &why), 0);
	assert_int_equal(validate_name("", &why), MM_EINVAL);
	assert_int_equal(validate_name(NULL, &why), MM_EINVAL);
	assert_int_equal(validate_name("   ", &why), MM_EINVAL);
	assert_int_equal(validate_name("\xE3\x80\x80 \xE3\x80\x80", &why),
			 MM_EINVAL);                       /* 全角空白だけ */
	assert_int_equal(validate_name("田中\t太郎", &why), MM_EINVAL);
	assert_int_equal(validate_name("田中\n", &why), MM_EINVAL);
	assert_int_equal(validate_name("a\xC2\x85", &why), MM_EINVAL); /* NEL */
	assert_int_equal(validate_name("\xC3\x28", &why), MM_EINVAL);
	for (int i = 0; i < 64; i++)
		memcpy(longest + 3 * i, "あ", 4);
	assert_int_equal(validate_name(longest, &why), 0);
	memcpy(longest + 3 * 64, "あ", 4);
	assert_int_equal(validate_name(longest, &why), MM_EINVAL);
	/* The limit is in characters (issue 8): 64 four-byte ones fit. */
	for (int i = 0; i < 64; i++)
		memcpy(longest + 4 * i, "𠮷", 5);
	assert_int_equal(validate_name(longest, &why), 0);
	memcpy(longest + 4 * 64, "𠮷", 5);
	assert_int_equal(validate_name(longest, &why), MM_EINVAL);
}

static void test_text(void **state)
{
	const char *why = NULL;

	(void)state;
	assert_int_equal(validate_text(NULL, 10, &why), 0);
	assert_int_equal(validate_text("", 0, &why), 0);
	assert_int_equal(validate_text("一行目\n二行目", 10, &why), 0);
	assert_int_equal(validate_text("あいう", 3, &why), 0);
	assert_int_equal(validate_text("あいうえ", 3, &why), MM_EINVAL);
	assert_int_equal(validate_text("\xFF", 3, &why), MM_EINVAL);
	assert_int_equal(validate_text("a\x07", 3, &why), MM_EINVAL);
}

static void test_password(void **state)
{
	char s[200];
	const char *why = NULL;

	(void)state;
	assert_int_equal(validate_password("correct horse", &why), 0);
	assert_int_equal(validate_password("ぱすわーどぱすわーどぱす", &why),
			 0);                          /* 12 characters */
	assert_int_equal(validate_password("12345678901", &why), MM_EINVAL);
	assert_string_equal(why, "パスワードは12〜128文字で入力してください");
	assert_int_equal(validate_password("", &why), MM_EINVAL);
	assert_int_equal(validate_password(NULL, &why), MM_EINVAL);
	/* 128 characters that repeat no short unit */
	for (int i = 0; i < 128; i++)
		s[i] = (char)('a' + (i * i + i / 7) % 26);
	s[128] = '\0';
	assert_int_equal(validate_password(s, &why), 0);
	s[128] = 'x';
	s[129] = '\0';
	assert_int_equal(validate_password(s, &why), MM_EINVAL);
}

/* issue 13: long enough but common (john-data's list), in every disguise */
static void test_password_common(void **state)
{
	const char *why = NULL;

	(void)state;
	assert_true(common_passwords_n > 1000);
	assert_int_equal(validate_password("winniethepooh", &why), MM_EINVAL);
	assert_string_equal(why, MM_COMMON_PASSWORD_MSG);
	assert_int_equal(validate_password("WinnieThePooh", &why), MM_EINVAL);
	assert_int_equal(validate_password("password1234", &why), MM_EINVAL);
	assert_int_equal(validate_password("!!Dragon2026!!", &why), MM_EINVAL);
	assert_int_equal(validate_password("qwerty123456", &why), MM_EINVAL);
	assert_int_equal(validate_password("111111111111", &why), MM_EINVAL);
	assert_int_equal(validate_password("abcabcabcabc", &why), MM_EINVAL);
	assert_int_equal(validate_password("ああああああああああああ", &why),
			 MM_EINVAL);
	/* a listed word inside other letters is a passphrase, not padding */
	assert_int_equal(validate_password("dragon under the bridge", &why), 0);
	assert_int_equal(validate_password("mamori-demo-2026", &why), 0);
	assert_false(password_is_common("xq-7b-93z-kfw"));
	assert_false(password_is_common(""));
	assert_false(password_is_common(NULL));
}

static struct unit good_unit(void)
{
	struct unit u;

	memset(&u, 0, sizeof(u));
	snprintf(u.code, sizeof(u.code), "KITA");
	snprintf(u.name, sizeof(u.name), "熊本北警察署");
	u.kind = UNIT_STATION;
	return u;
}

static void test_unit(void **state)
{
	struct unit u = good_unit();
	const char *field = NULL, *why = NULL;

	(void)state;
	assert_int_equal(validate_unit(&u, &field, &why), 0);
	u.code[0] = 'k';
	assert_int_equal(validate_unit(&u, &field, &why), MM_EINVAL);
	assert_string_equal(field, "code");
	u = good_unit();
	u.name[0] = '\0';
	assert_int_equal(validate_unit(&u, &field, &why), MM_EINVAL);
	assert_string_equal(field, "name");
	u = good_unit();
	u.kind = (enum unit_kind)0;
	assert_int_equal(validate_unit(&u, &field, &why), MM_EINVAL);
	assert_string_equal(field, "kind");
	u = good_unit();
	memset(u.name, 'a', sizeof(u.name));     /* no NUL in the field */
	assert_int_equal(validate_unit(&u, &field, &why), MM_EINVAL);
	assert_int_equal(validate_unit(NULL, &field, &why), MM_EINVAL);
}

static struct user good_user(void)
{
	struct user u;

	memset(&u, 0, sizeof(u));
	snprintf(u.login, sizeof(u.login), "tanaka");
	snprintf(u.name, sizeof(u.name), "田中 太郎");
	snprintf(u.name_kana, sizeof(u.name_kana), "たなか たろう");
	u.rank = RANK_KEIBUHO;
	u.sex = SEX_MALE;
	u.unit_id = 2;
	return u;
}

static void test_user(void **state)
{
	struct user u = good_user();
	const char *field = NULL, *why = NULL;

	(void)state;
	assert_int_equal(validate_user(&u, &field, &why), 0);
	u.name_kana[0] = '\0';                    /* the reading is optional */
	assert_int_equal(validate_user(&u, &field, &why), 0);
	u = good_user();
	u.login[0] = '9';
	assert_int_equal(validate_user(&u, &field, &why), MM_EINVAL);
	assert_string_equal(field, "login");
	u = good_user();
	snprintf(u.name, sizeof(u.name), " ");
	assert_int_equal(validate_user(&u, &field, &why), MM_EINVAL);
	assert_string_equal(field, "name");
	u = good_user();
	snprintf(u.name_kana, sizeof(u.name_kana), "た\tなか");
	assert_int_equal(validate_user(&u, &field, &why), MM_EINVAL);
	assert_string_equal(field, "name_kana");
	u = good_user();
	u.rank = RANK__COUNT;
	assert_int_equal(validate_user(&u, &field, &why), MM_EINVAL);
	assert_string_equal(field, "rank");
	u = good_user();
	u.sex = (enum sex)3;
	assert_int_equal(validate_user(&u, &field, &why), MM_EINVAL);
	assert_string_equal(field, "sex");
	u = good_user();
	u.unit_id = 0;
	assert_int_equal(validate_user(&u, &field, &why), MM_EINVAL);
	assert_string_equal(field, "unit_id");
	assert_int_equal(validate_user(NULL, &field, &why), MM_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_login),
		cmocka_unit_test(test_unit_code),
		cmocka_unit_test(test_name),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_password),
		cmocka_unit_test(test_password_common),
		cmocka_unit_test(test_unit),
		cmocka_unit_test(test_user),
	};

	return cmocka_run_group_tests_name("core_validate", tests, NULL, NULL);
}
