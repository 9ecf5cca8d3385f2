/*
 * password_list.h - the common passwords no account may take (issue 13;
 * ASVS 6.2.4 / NIST SP 800-63B 3.1.1.2: a list of commonly used and
 * breached passwords).  The table is generated at build time from
 * Debian's john-data list (tools/common_passwords.py, meson option
 * common_passwords) and compiled in, so the check needs no file or
 * network at run time.
 */
#ifndef MM_CORE_PASSWORD_LIST_H
#define MM_CORE_PASSWORD_LIST_H
#ifndef MM_SEES_CORE /* the layers: HACKING.md */
#error "layer: core/ is seen only by core/, store/ and the front end"
#endif

#include <stddef.h>

/* The list, lower-cased, sorted by bytes (strcmp), without duplicates. */
extern const char *const common_passwords[];
extern const size_t common_passwords_n;

/*
 * password_is_common - 1 when password (UTF-8) is too easy to guess
 * although long enough: a listed password whatever its ASCII case; a
 * listed word of at least 4 characters padded with digits and symbols
 * only ("password1234", "!!dragon2026!!"); or one short unit repeated
 * ("abcabcabcabc", "111111111111").  0 otherwise.
 */
int password_is_common(const char *password);

#endif
