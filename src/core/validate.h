/*
 * validate.h - checks of user-entered values before they reach the store.
 * Pure.  Each returns 0 or MM_EINVAL and, on error, sets *why to a static
 * Japanese message naming the problem (the caller adds the field name).
 */
#ifndef MM_CORE_VALIDATE_H
#define MM_CORE_VALIDATE_H
#ifndef MM_SEES_CORE /* the layers: HACKING.md */
#error "layer: core/ is seen only by core/, store/ and the front end"
#endif

#include "types.h"

/* A login: 2-32 ASCII letters, digits, '.', '_' or '-', starting with a letter. */
int validate_login(const char *s, const char **why);
/* A unit code: 1-16 ASCII upper-case letters, digits or '-'. */
int validate_unit_code(const char *s, const char **why);
/*
 * A person's or unit's name: 1-64 characters of valid UTF-8 without
 * control characters, not only spaces.
 */
int validate_name(const char *s, const char **why);
/* Optional text (remarks): 0-max_chars characters, valid UTF-8. */
int validate_text(const char *s, size_t max_chars, const char **why);
/*
 * A new password: 12-128 characters, not on the list of common passwords
 * (password_is_common: MM_COMMON_PASSWORD_MSG).
 */
int validate_password(const char *s, const char **why);

/* The refusal of a password on the list of common ones (password_list.h). */
#define MM_COMMON_PASSWORD_MSG \
	"よく使われるパスワードや推測されやすいパスワードは使用できません"

/*
 * validate_unit - all fields of a unit to be created or updated.  On
 * error *field names the first bad struct field ("code", "name", "kind";
 * "" when u is NULL or a field lacks its NUL).
 */
int validate_unit(const struct unit *u, const char **field, const char **why);
/* The front ends' answer when the unit a user is put in is unknown. */
#define MM_NO_UNIT_MSG "所属が見つかりません"

/*
 * validate_user - all fields of a user to be created or updated: login,
 * name, name_kana (optional), rank and sex within their enums, unit_id > 0.
 * *field as for validate_unit ("login", "name", "name_kana", "rank",
 * "sex", "unit_id").
 */
int validate_user(const struct user *u, const char **field, const char **why);

#endif
