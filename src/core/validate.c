#include "validate.h"

#include <stddef.h>
#include <string.h>

#include "password_list.h"
#include "../lib/err.h"
#include "../lib/util.h"
#include "../lib/banned.h"

#define NAME_MAX_CHARS 64
#define PASSWORD_MIN_CHARS 12
#define PASSWORD_MAX_CHARS 128

static int fail(const char **why, const char *msg)
{
	if (why)
		*why = msg;
	return MM_EINVAL;
}

static int is_alpha(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int validate_login(const char *s, const char **why)
{
	static const char msg[] = "ログインIDは英字で始まる2〜32文字の英数字・記号(._-)で入力してください";
	size_t n;

	if (str_empty(s))
		return fail(why, "ログインIDを入力してください");
	n = strlen(s);
	if (n < 2 || n > 32 || !is_alpha(s[0]))
		return fail(why, msg);
	for (size_t i = 0; i < n; i++)
		if (!is_alpha(s[i]) && !is_digit(s[i]) && !strchr("._-", s[i]))
			return fail(why, msg);
	return 0;
}

int validate_unit_code(const char *s, const char **why)
{
	static const char msg[] = "所属コードは1〜16文字の英大文字・数字・ハイフン(-)で入力してください";
	size_t n;

	if (str_empty(s))
		return fail(why, "所属コードを入力してください");
	n = strlen(s);
	if (n > 16)
		return fail(why, msg);
	for (size_t i = 0; i < n; i++)
		if (!(s[i] >= 'A' && s[i] <= 'Z') && !is_digit(s[i]) &&
		    s[i] != '-')
			return fail(why, msg);
	return 0;
}

/*
 * Characters a name may not contain although utf8_valid() lets them
 * through: tab and line breaks, and the C1 controls U+0080-U+009F (two
 * bytes, C2 80 to C2 9F), which some legacy converters emit.
 */
static int has_control(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20)
			return 1;
		if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
			return 1;
	}
	return 0;
}

/* 1 when s holds nothing but ASCII spaces and ideographic spaces (U+3000). */
static int only_spaces(const char *s)
{
	while (*s) {
		if (*s == ' ')
			s++;
		else if (strncmp(s, "\xE3\x80\x80", 3) == 0)
			s += 3;
		else
			return 0;
	}
	return 1;
}

int validate_name(const char *s, const char **why)
{
	size_t n;

	if (str_empty(s) || only_spaces(s))
		return fail(why, "名称を入力してください");
	n = strlen(s);
	if (!utf8_valid(s, n) || has_control(s))
		return fail(why, "使用できない文字が含まれています");
	/* 64 four-byte characters would not fit the fixed-size fields. */
	if (utf8_chars(s) > NAME_MAX_CHARS || n >= MM_NAME_MAX)
		return fail(why, "64文字以内で入力してください");
	return 0;
}

int validate_text(const char *s, size_t max_chars, const char **why)
{
	if (!s)
		return 0;
	if (!utf8_valid(s, strlen(s)))
		return fail(why, "使用できない文字が含まれています");
	if (utf8_chars(s) > max_chars)
		return fail(why, "入力できる文字数を超えています");
	return 0;
}

int validate_password(const char *s, const char **why)
{
	size_t chars;

	if (str_empty(s))
		return fail(why, "パスワードを入力してください");
	if (!utf8_valid(s, strlen(s)))
		return fail(why, "パスワードに使用できない文字が含まれています");
	chars = utf8_chars(s);
	if (chars < PASSWORD_MIN_CHARS || chars > PASSWORD_MAX_CHARS)
		return fail(why, "パスワードは12〜128文字で入力してください");
	/* issue 13: long is not enough when everyone tries it first */
	if (password_is_common(s))
		return fail(why, MM_COMMON_PASSWORD_MSG);
	return 0;
}

/* Fixed-size struct fields must hold their NUL before strlen() reads them. */
#define TERMINATED(arr) (memchr((arr), '\0', sizeof(arr)) != NULL)

static int fields_terminated_unit(const struct unit *u)
{
	return TERMINATED(u->code) && TERMINATED(u->name);
}

static int fields_terminated_user(const struct user *u)
{
	return TERMINATED(u->login) && TERMINATED(u->name) &&
	       TERMINATED(u->name_kana);
}

static int field_fail(const char **field, const char *name, int rc)
{
	if (field)
		*field = name;
	return rc;
}

int validate_unit(const struct unit *u, const char **field, const char **why)
{
	int rc;

	if (!u || !fields_terminated_unit(u))
		return field_fail(field, "", fail(why, "入力が正しくありません"));
	if ((rc = validate_unit_code(u->code, why)) < 0)
		return field_fail(field, "code", rc);
	if ((rc = validate_name(u->name, why)) < 0)
		return field_fail(field, "name", rc);
	if (u->kind != UNIT_HQ && u->kind != UNIT_STATION)
		return field_fail(field, "kind",
				  fail(why, "所属の種別を選択してください"));
	return 0;
}

static int user_kana_check(const char *kana, const char **why)
{
	/* The reading is optional; when given it follows the name rules. */
	if (str_empty(kana))
		return 0;
	return validate_name(kana, why);
}

int validate_user(const struct user *u, const char **field, const char **why)
{
	int rc;

	if (!u || !fields_terminated_user(u))
		return field_fail(field, "", fail(why, "入力が正しくありません"));
	if ((rc = validate_login(u->login, why)) < 0)
		return field_fail(field, "login", rc);
	if ((rc = validate_name(u->name, why)) < 0)
		return field_fail(field, "name", rc);
	if ((rc = user_kana_check(u->name_kana, why)) < 0)
		return field_fail(field, "name_kana", rc);
	if ((int)u->rank < RANK_NONE || u->rank >= RANK__COUNT)
		return field_fail(field, "rank",
				  fail(why, "階級を選択してください"));
	if (u->sex != SEX_UNKNOWN && u->sex != SEX_MALE && u->sex != SEX_FEMALE)
		return field_fail(field, "sex",
				  fail(why, "性別を選択してください"));
	/* Every user belongs to a unit (所属); it is their home for authz. */
	if (u->unit_id <= 0)
		return field_fail(field, "unit_id",
				  fail(why, "所属を選択してください"));
	return 0;
}
