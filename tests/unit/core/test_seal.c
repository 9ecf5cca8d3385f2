/*
 * test_seal.c - values sealed under the field key (core/seal.h, issue 9):
 * a round trip, the wrong key, a value moved to another column (other
 * associated data), altered and truncated bytes, the stored text form,
 * subkeys that differ from each other and from the field key, and the
 * key check value.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include <sodium.h>

#include "core/seal.h"
#include "lib/buf.h"
#include "lib/err.h"

static const unsigned char key_a[32] = { 1, 2, 3, 4, 5, 6, 7, 8 };
static const unsigned char key_b[32] = { 1, 2, 3, 4, 5, 6, 7, 9 };

static void test_bytes_round_trip(void **state)
{
	struct seal_keys k;
	unsigned char sealed[5 + SEAL_OVERHEAD], back[5];
	size_t n = 99;

	(void)state;
	seal_keys_derive(key_a, &k);
	seal_bytes(&k, "cases.name", "山田太郎", 5, sealed);
	assert_null(memmem(sealed, sizeof sealed, "山田", 5));
	assert_int_equal(seal_open_bytes(&k, "cases.name", sealed,
					 sizeof sealed, back, &n), 0);
	assert_int_equal(n, 5);
	assert_memory_equal(back, "山田太郎", 5);
	seal_keys_clear(&k);
}

static void test_wrong_key_does_not_open(void **state)
{
	struct seal_keys a, b;
	struct buf s = BUF_INIT_MAX(4096);
	char out[64] = "x";

	(void)state;
	seal_keys_derive(key_a, &a);
	seal_keys_derive(key_b, &b);
	assert_int_equal(seal_text(&a, "cases.name", "山田 花子", &s), 0);
	assert_int_equal(seal_text_open(&b, "cases.name", buf_cstr(&s), out,
					sizeof out), MM_ECORRUPT);
	assert_string_equal(out, ""); /* never the plaintext, never stale */
	assert_int_equal(seal_text_open(&a, "cases.name", buf_cstr(&s), out,
					sizeof out), 0);
	assert_string_equal(out, "山田 花子");
	buf_release(&s);
}

static void test_moved_value_does_not_open(void **state)
{
	struct seal_keys k;
	struct buf s = BUF_INIT_MAX(4096);
	char out[64];

	(void)state;
	seal_keys_derive(key_a, &k);
	assert_int_equal(seal_text(&k, "cases.name", "山田花子", &s), 0);
	/* the same ciphertext in another column or another table */
	assert_int_equal(seal_text_open(&k, "cases.school", buf_cstr(&s), out,
					sizeof out), MM_ECORRUPT);
	assert_int_equal(seal_text_open(&k, "meetings.name", buf_cstr(&s),
					out, sizeof out), MM_ECORRUPT);
	buf_release(&s);
}

static void test_tampered_or_truncated_does_not_open(void **state)
{
	struct seal_keys k;
	struct buf s = BUF_INIT_MAX(4096);
	unsigned char sealed[8 + SEAL_OVERHEAD], back[8];
	char text[256], out[64];
	size_t n;

	(void)state;
	seal_keys_derive(key_a, &k);
	seal_bytes(&k, "t.c", "abcdefgh", 8, sealed);
	for (size_t i = 0; i < sizeof sealed; i++) {
		sealed[i] ^= 0x20;
		assert_int_equal(seal_open_bytes(&k, "t.c", sealed,
						 sizeof sealed, back, &n),
				 MM_ECORRUPT);
		sealed[i] ^= 0x20;
	}
	assert_int_equal(seal_open_bytes(&k, "t.c", sealed, sizeof sealed - 1,
					 back, &n), MM_ECORRUPT);
	assert_int_equal(seal_open_bytes(&k, "t.c", sealed, 3, back, &n),
			 MM_ECORRUPT);
	assert_int_equal(seal_text(&k, "t.c", "秘密の学校", &s), 0);
	snprintf(text, sizeof text, "%s", buf_cstr(&s));
	text[strlen(text) - 3] = text[strlen(text) - 3] == 'A' ? 'B' : 'A';
	assert_int_equal(seal_text_open(&k, "t.c", text, out, sizeof out),
			 MM_ECORRUPT);
	assert_int_equal(seal_text_open(&k, "t.c", "秘密の学校", out,
					sizeof out), MM_ECORRUPT);
	assert_int_equal(seal_text_open(&k, "t.c", "seal1:!!", out,
					sizeof out), MM_ECORRUPT);
	/* fits only with room for its NUL */
	assert_int_equal(seal_text_open(&k, "t.c", buf_cstr(&s), out, 15),
			 MM_EOVERFLOW);
	assert_int_equal(seal_text_open(&k, "t.c", buf_cstr(&s), out, 16), 0);
	buf_release(&s);
}

static void test_text_form(void **state)
{
	struct seal_keys k;
	struct buf s = BUF_INIT_MAX(4096);

	(void)state;
	seal_keys_derive(key_a, &k);
	assert_int_equal(seal_text(&k, "t.c", "090-1234-5678", &s), 0);
	assert_true(seal_is_text(buf_cstr(&s)));
	assert_false(seal_is_text("090-1234-5678"));
	assert_int_equal(strlen(buf_cstr(&s)), seal_text_len(13));
	assert_null(strstr(buf_cstr(&s), "1234"));
	buf_release(&s);
	/* two seals of one value differ (random nonce) */
	{
		struct buf t = BUF_INIT_MAX(4096), u = BUF_INIT_MAX(4096);

		seal_text(&k, "t.c", "同じ値", &t);
		seal_text(&k, "t.c", "同じ値", &u);
		assert_string_not_equal(buf_cstr(&t), buf_cstr(&u));
		buf_release(&t);
		buf_release(&u);
	}
}

static void test_subkeys_and_check(void **state)
{
	struct seal_keys a, a2, b;
	unsigned char ca[32], ca2[32], cb[32];

	(void)state;
	seal_keys_derive(key_a, &a);
	seal_keys_derive(key_a, &a2);
	seal_keys_derive(key_b, &b);
	assert_memory_not_equal(a.seal, a.person, 32);
	assert_memory_not_equal(a.seal, a.check, 32);
	assert_memory_not_equal(a.person, a.check, 32);
	assert_memory_not_equal(a.seal, key_a, 32);
	assert_memory_not_equal(a.person, key_a, 32);
	seal_key_check(&a, ca);
	seal_key_check(&a2, ca2);
	seal_key_check(&b, cb);
	assert_memory_equal(ca, ca2, 32);
	assert_memory_not_equal(ca, cb, 32);
	seal_keys_clear(&a);
	for (size_t i = 0; i < sizeof a; i++)
		assert_int_equal(((unsigned char *)&a)[i], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bytes_round_trip),
		cmocka_unit_test(test_wrong_key_does_not_open),
		cmocka_unit_test(test_moved_value_does_not_open),
		cmocka_unit_test(test_tampered_or_truncated_does_not_open),
		cmocka_unit_test(test_text_form),
		cmocka_unit_test(test_subkeys_and_check),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
