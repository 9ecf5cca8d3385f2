/*
 * test_totp.c - the second factor's core (issue 13): RFC 6238 Appendix B
 * (the SHA-1 vectors, last six of the eight digits), the ±1 step window,
 * no code accepted twice, base32 (RFC 4648 test vector), the sealed
 * secret and recovery codes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include <sodium.h>

#include "core/totp.h"
#include "lib/err.h"

static const unsigned char rfc_secret[] = "12345678901234567890";

static void test_rfc6238_appendix_b_sha1(void **state)
{
	static const struct { int64_t t; int64_t code; } v[] = {
		{ 59, 94287082 % 1000000 },
		{ 1111111109, 7081804 % 1000000 },
		{ 1111111111, 14050471 % 1000000 },
		{ 1234567890, 89005924 % 1000000 },
		{ 2000000000, 69279037 % 1000000 },
		{ 20000000000LL, 65353130 % 1000000 },
	};
	(void)state;
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		assert_int_equal(totp_code(rfc_secret, 20, totp_step(v[i].t)),
				 v[i].code);
}

static void test_window_is_one_step_either_side(void **state)
{
	(void)state;
	/* 287082 is the code of step 1 (t = 30..59) */
	assert_int_equal(totp_check(rfc_secret, 20, "287082", 59, 0), 1);
	assert_int_equal(totp_check(rfc_secret, 20, "287082", 89, 0), 1);
	assert_int_equal(totp_check(rfc_secret, 20, "287082", 5, -5), 1);
	assert_int_equal(totp_check(rfc_secret, 20, "287082", 90, 0), MM_EAUTH);
}

static void test_code_never_accepted_twice(void **state)
{
	(void)state;
	assert_int_equal(totp_check(rfc_secret, 20, "287082", 59, 1), MM_EAUTH);
	assert_int_equal(totp_check(rfc_secret, 20, "287082", 59, 2), MM_EAUTH);
}

static void test_malformed_codes_refused(void **state)
{
	(void)state;
	assert_int_equal(totp_check(rfc_secret, 20, "28708", 59, 0), MM_EAUTH);
	assert_int_equal(totp_check(rfc_secret, 20, "2870821", 59, 0), MM_EAUTH);
	assert_int_equal(totp_check(rfc_secret, 20, "28708a", 59, 0), MM_EAUTH);
	assert_int_equal(totp_check(rfc_secret, 20, "", 59, 0), MM_EAUTH);
	assert_int_equal(totp_check(rfc_secret, 20, NULL, 59, 0), MM_EAUTH);
	assert_false(totp_is_code("12 456"));
	assert_true(totp_is_code("012345"));
}

static void test_base32_rfc4648(void **state)
{
	char out[TOTP_SECRET_B32];
	(void)state;
	totp_base32(rfc_secret, out);
	assert_string_equal(out, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
}

static void test_seal_opens_only_with_its_key(void **state)
{
	unsigned char key[TOTP_KEY_BYTES], other[TOTP_KEY_BYTES];
	unsigned char sealed[TOTP_SEALED_BYTES], back[TOTP_SECRET_BYTES];
	(void)state;
	randombytes_buf(key, sizeof key);
	randombytes_buf(other, sizeof other);
	totp_seal(rfc_secret, key, sealed);
	assert_null(memmem(sealed, sizeof sealed, rfc_secret, 20));
	assert_int_equal(totp_open(sealed, sizeof sealed, key, back), 0);
	assert_memory_equal(back, rfc_secret, 20);
	assert_int_equal(totp_open(sealed, sizeof sealed, other, back), MM_EINVAL);
	sealed[30] ^= 1;
	assert_int_equal(totp_open(sealed, sizeof sealed, key, back), MM_EINVAL);
	assert_int_equal(totp_open(sealed, 10, key, back), MM_EINVAL);
}

/*
 * A secret sealed by the first form (issue 13: secretbox under the field
 * key itself, 60 bytes) still opens, so a factor enrolled before core/seal.c
 * keeps working; one sealed now is bound to its column (AD) and opens
 * with the same key.
 */
static void test_legacy_sealed_secret_still_opens(void **state)
{
	unsigned char key[TOTP_KEY_BYTES], other[TOTP_KEY_BYTES];
	unsigned char old[TOTP_LEGACY_SEALED_BYTES], back[TOTP_SECRET_BYTES];
	(void)state;
	randombytes_buf(key, sizeof key);
	randombytes_buf(other, sizeof other);
	randombytes_buf(old, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(old + crypto_secretbox_NONCEBYTES, rfc_secret,
			      TOTP_SECRET_BYTES, old, key);
	assert_int_equal(totp_open(old, sizeof old, key, back), 0);
	assert_memory_equal(back, rfc_secret, 20);
	assert_int_equal(totp_open(old, sizeof old, other, back), MM_EINVAL);
	old[40] ^= 1;
	assert_int_equal(totp_open(old, sizeof old, key, back), MM_EINVAL);
	assert_int_equal(TOTP_SEALED_BYTES, TOTP_LEGACY_SEALED_BYTES + 1);
}

static void test_recovery_codes(void **state)
{
	char a[TOTP_RECOVERY_TEXT], b[TOTP_RECOVERY_TEXT];
	unsigned char ha[32], hb[32];
	char upper[TOTP_RECOVERY_TEXT + 4];
	(void)state;
	totp_recovery_new(a);
	totp_recovery_new(b);
	assert_int_equal(strlen(a), TOTP_RECOVERY_LEN);
	assert_int_equal(a[4], '-');
	assert_string_not_equal(a, b);
	assert_int_equal(totp_recovery_hash(a, ha), 0);
	/* typed from paper: upper case, blanks for dashes */
	for (size_t i = 0; i <= strlen(a); i++)
		upper[i] = a[i] == '-' ? ' ' :
			(char)(a[i] >= 'a' && a[i] <= 'z' ? a[i] - 32 : a[i]);
	assert_int_equal(totp_recovery_hash(upper, hb), 0);
	assert_memory_equal(ha, hb, 32);
	assert_int_equal(totp_recovery_hash("abcd", hb), MM_EINVAL);
	assert_int_equal(totp_recovery_hash("abcd-efgh-ijkl-mno1", hb), MM_EINVAL);
	assert_int_equal(totp_recovery_hash("123456", hb), MM_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc6238_appendix_b_sha1),
		cmocka_unit_test(test_window_is_one_step_either_side),
		cmocka_unit_test(test_code_never_accepted_twice),
		cmocka_unit_test(test_malformed_codes_refused),
		cmocka_unit_test(test_base32_rfc4648),
		cmocka_unit_test(test_seal_opens_only_with_its_key),
		cmocka_unit_test(test_legacy_sealed_secret_still_opens),
		cmocka_unit_test(test_recovery_codes),
	};
	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
