#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <pthread.h>
#include <string.h>
#include <cmocka.h>
#include <sodium.h>

#include "core/identity.h"
#include "lib/err.h"

static int setup(void **state)
{
	(void)state;
	return identity_init() == 0 ? 0 : -1;
}

static int is_lower_hex(const char *s, size_t n)
{
	if (strlen(s) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!strchr("0123456789abcdef", s[i]))
			return 0;
	return 1;
}

static void test_hash_verify_roundtrip(void **state)
{
	char h[MM_PWHASH_MAX];
	int rehash = -1;

	(void)state;
	assert_int_equal(password_hash("正しいパスワード horse", h), 0);
	assert_non_null(strstr(h, "$argon2id$"));
	/* 64 MiB and 2 passes: libsodium's INTERACTIVE preset. */
	assert_non_null(strstr(h, "m=65536,t=2"));
	assert_int_equal(password_verify(h, "正しいパスワード horse", &rehash), 0);
	assert_int_equal(rehash, 0);
	assert_int_equal(password_verify(h, "正しいパスワード horse", NULL), 0);
}

static void test_wrong_password(void **state)
{
	char h[MM_PWHASH_MAX], h2[MM_PWHASH_MAX];
	int rehash = -1;

	(void)state;
	assert_int_equal(password_hash("correct horse battery", h), 0);
	assert_int_equal(password_verify(h, "correct horse batterY", &rehash),
			 MM_EAUTH);
	assert_int_equal(rehash, 0);
	assert_int_equal(password_verify(h, "", NULL), MM_EAUTH);
	assert_int_equal(password_verify(h, NULL, NULL), MM_EAUTH);
	assert_int_equal(password_verify(NULL, "x", NULL), MM_EAUTH);
	assert_int_equal(password_verify("garbage", "x", NULL), MM_EAUTH);
	/* Salted: the same password never hashes the same way twice. */
	assert_int_equal(password_hash("correct horse battery", h2), 0);
	assert_string_not_equal(h, h2);
}

/* A hash made with lighter parameters is accepted, then replaced. */
static void test_needs_rehash_for_weaker_hash(void **state)
{
	char old[crypto_pwhash_STRBYTES];
	int rehash = 0;

	(void)state;
	assert_int_equal(crypto_pwhash_str(old, "old password", 12,
					   crypto_pwhash_OPSLIMIT_MIN,
					   8192 * 1024), 0);
	assert_int_equal(password_verify(old, "old password", &rehash), 0);
	assert_int_equal(rehash, 1);
	rehash = 0;
	assert_int_equal(password_verify(old, "wrong password", &rehash),
			 MM_EAUTH);
	assert_int_equal(rehash, 0);
}

/* issue 13: the cost comes from config, never below the documented floor */
static void test_cost_floor_and_rehash(void **state)
{
	char h[MM_PWHASH_MAX];
	int rehash = 0;

	(void)state;
	assert_int_equal(identity_set_cost(1, 64), MM_EINVAL);
	assert_int_equal(identity_set_cost(2, 63), MM_EINVAL);
	assert_int_equal(identity_set_cost(11, 64), MM_EINVAL);
	assert_int_equal(identity_set_cost(2, 4097), MM_EINVAL);
	assert_int_equal(password_hash("floor password", h), 0);
	assert_non_null(strstr(h, "m=65536,t=2"));
	/* a dearer cost: hashes of the floor are replaced at next login */
	assert_int_equal(identity_set_cost(3, 64), 0);
	assert_int_equal(password_verify(h, "floor password", &rehash), 0);
	assert_int_equal(rehash, 1);
	assert_int_equal(password_hash("floor password", h), 0);
	assert_non_null(strstr(h, "m=65536,t=3"));
	assert_int_equal(password_verify(h, "floor password", &rehash), 0);
	assert_int_equal(rehash, 0);
	assert_int_equal(identity_set_cost(2, 64), 0);
}

static void test_dummy_verify_returns(void **state)
{
	(void)state;
	password_dummy_verify("anything");
	password_dummy_verify(NULL);
}

/*
 * A wrong password costs one Argon2id, like an unknown login's dummy
 * verify and a right password: were it two, the time of a failed login
 * would tell a known login from an unknown one (R-SEC login, issue 12).
 */
static void test_one_hash_per_verify(void **state)
{
	char h[MM_PWHASH_MAX];
	unsigned long before;

	(void)state;
	assert_int_equal(password_hash("one hash only", h), 0);
	before = password_hashes_run();
	assert_int_equal(password_verify(h, "one hash only", NULL), 0);
	assert_int_equal(password_hashes_run(), before + 1);
	assert_int_equal(password_verify(h, "one hash onlY", NULL), MM_EAUTH);
	assert_int_equal(password_hashes_run(), before + 2);
	password_dummy_verify("one hash onlY");
	assert_int_equal(password_hashes_run(), before + 3);
}

/* A hash not of crypto_pwhash_str's Argon2id form (argon2i, a cut key, a
 * changed byte) is still judged by libsodium and never matches wrongly. */
static void test_other_encodings(void **state)
{
	char h[crypto_pwhash_STRBYTES], cut[crypto_pwhash_STRBYTES];
	size_t n;

	(void)state;
	assert_int_equal(crypto_pwhash_str_alg(h, "argon2i pass", 12, 3,
					       crypto_pwhash_MEMLIMIT_MIN * 4,
					       crypto_pwhash_ALG_ARGON2I13), 0);
	assert_int_equal(password_verify(h, "argon2i pass", NULL), 0);
	assert_int_equal(password_verify(h, "argon2i pasS", NULL), MM_EAUTH);
	assert_int_equal(password_hash("cut pass", h), 0);
	n = strlen(h);
	memcpy(cut, h, n + 1);
	cut[n - 5] = '\0';
	assert_int_equal(password_verify(cut, "cut pass", NULL), MM_EAUTH);
	memcpy(cut, h, n + 1);
	cut[n - 2] = cut[n - 2] == 'A' ? 'B' : 'A';
	assert_int_equal(password_verify(cut, "cut pass", NULL), MM_EAUTH);
	assert_int_equal(password_verify(h, "cut pass", NULL), 0);
}

static void test_generate(void **state)
{
	char a[21], b[21];

	(void)state;
	password_generate(a);
	password_generate(b);
	assert_int_equal(strlen(a), 20);
	assert_string_not_equal(a, b);
	for (int i = 0; i < 20; i++)
		assert_null(strchr("0O1lI", a[i]));
}

static void test_tokens(void **state)
{
	char a[MM_TOKEN_HEX], b[MM_TOKEN_HEX];
	unsigned char ha[MM_HASH_BYTES], ha2[MM_HASH_BYTES], hb[MM_HASH_BYTES];

	(void)state;
	token_new(a);
	token_new(b);
	assert_true(is_lower_hex(a, 64));
	assert_true(is_lower_hex(b, 64));
	assert_string_not_equal(a, b);
	token_hash(a, ha);
	token_hash(a, ha2);
	token_hash(b, hb);
	assert_memory_equal(ha, ha2, sizeof(ha));
	assert_memory_not_equal(ha, hb, sizeof(ha));
}

static void test_token_hash_is_sha256(void **state)
{
	unsigned char h[MM_HASH_BYTES];
	char hex[2 * MM_HASH_BYTES + 1];

	(void)state;
	token_hash("abc", h);
	hex_encode(h, sizeof(h), hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223"
				 "b00361a396177a9cb410ff61f20015ad");
}

static void test_hex_encode(void **state)
{
	static const unsigned char in[] = { 0x00, 0x0f, 0xa5, 0xff };
	char out[9];

	(void)state;
	hex_encode(in, sizeof(in), out);
	assert_string_equal(out, "000fa5ff");
	hex_encode(in, 0, out);
	assert_string_equal(out, "");
}

static void test_csrf(void **state)
{
	char s1[MM_TOKEN_HEX], s2[MM_TOKEN_HEX];
	char c1[MM_TOKEN_HEX], c1b[MM_TOKEN_HEX], c2[MM_TOKEN_HEX];

	(void)state;
	token_new(s1);
	token_new(s2);
	csrf_token(s1, c1);
	csrf_token(s1, c1b);
	csrf_token(s2, c2);
	assert_true(is_lower_hex(c1, 64));
	assert_string_equal(c1, c1b);          /* derived, stable */
	assert_string_not_equal(c1, c2);
	assert_string_not_equal(c1, s1);       /* not the session itself */
	assert_true(csrf_check(s1, c1));
	assert_false(csrf_check(s1, c2));
	assert_false(csrf_check(s2, c1));
	assert_false(csrf_check(s1, s1));
	assert_false(csrf_check(s1, ""));
	assert_false(csrf_check(s1, NULL));
	assert_false(csrf_check(NULL, c1));
	assert_false(csrf_check("", c1));
	c1b[63] = c1b[63] == '0' ? '1' : '0';
	assert_false(csrf_check(s1, c1b));
	c1b[63] = '\0';                        /* a prefix is not enough */
	assert_false(csrf_check(s1, c1b));
}

/* More hashers than slots: all still finish and agree. */
static void *verify_in_thread(void *arg)
{
	const char *h = arg;

	return password_verify(h, "concurrent pass", NULL) == 0 ? arg : NULL;
}

static void test_concurrent_verify(void **state)
{
	char h[MM_PWHASH_MAX];
	pthread_t t[4];

	(void)state;
	assert_int_equal(password_hash("concurrent pass", h), 0);
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, verify_in_thread,
						h), 0);
	for (int i = 0; i < 4; i++) {
		void *res = NULL;

		pthread_join(t[i], &res);
		assert_ptr_equal(res, h);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash_verify_roundtrip),
		cmocka_unit_test(test_wrong_password),
		cmocka_unit_test(test_needs_rehash_for_weaker_hash),
		cmocka_unit_test(test_cost_floor_and_rehash),
		cmocka_unit_test(test_dummy_verify_returns),
		cmocka_unit_test(test_one_hash_per_verify),
		cmocka_unit_test(test_other_encodings),
		cmocka_unit_test(test_generate),
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_token_hash_is_sha256),
		cmocka_unit_test(test_hex_encode),
		cmocka_unit_test(test_csrf),
		cmocka_unit_test(test_concurrent_verify),
	};

	return cmocka_run_group_tests_name("core_identity", tests, setup,
					   NULL);
}
