/*
 * test_person.c - keyed hashes of who a record is about (core/person.h,
 * issue 9, R-CASE-11's history): spellings of one name fold to one hash
 * (full/half width, katakana/hiragana, spaces), other names and other
 * birth dates do not, the hash depends on the field key, and only the
 * hashes whose parts are given are made.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include <sodium.h>

#include "core/person.h"
#include "lib/err.h"

static const unsigned char key_a[32] = { 7 };
static const unsigned char key_b[32] = { 8 };
static struct seal_keys ka, kb;

static const char *hash_of(const struct seal_keys *k, const char *name,
			   const char *kana, const char *birth,
			   const char *which, char out[PERSON_HASH_HEX])
{
	struct person_keys pk;
	const char *h;

	assert_int_equal(person_keys_make(k, name, kana, birth, &pk), 0);
	h = person_key_find(&pk, which);
	if (!h)
		return NULL;
	memcpy(out, h, PERSON_HASH_HEX);
	return out;
}

static void test_r_case_11_spellings_of_one_name_hash_alike(void **state)
{
	static const char *kana[] = {
		"やまだ はなこ", "やまだはなこ", "ヤマダ　ハナコ", "ヤマダハナコ",
		"ﾔﾏﾀﾞ ﾊﾅｺ", "ﾔﾏﾀﾞﾊﾅｺ", " やまだ　はなこ ",
	};
	static const char *names[] = {
		"山田 花子", "山田花子", "山田　花子", " 山田花子\t",
	};
	char first[PERSON_HASH_HEX], h[PERSON_HASH_HEX];

	(void)state;
	assert_non_null(hash_of(&ka, NULL, kana[0], "2011-04-02", "kana_birth",
				first));
	for (size_t i = 1; i < sizeof kana / sizeof *kana; i++) {
		assert_non_null(hash_of(&ka, NULL, kana[i], "2011-04-02",
					"kana_birth", h));
		assert_string_equal(h, first);
	}
	assert_non_null(hash_of(&ka, names[0], NULL, "2011-04-02",
				"name_birth", first));
	for (size_t i = 1; i < sizeof names / sizeof *names; i++) {
		assert_non_null(hash_of(&ka, names[i], NULL, "2011-04-02",
					"name_birth", h));
		assert_string_equal(h, first);
	}
	/* full-width Latin letters and digits too */
	assert_non_null(hash_of(&ka, "Ｍａｒｉａ　Ｓ", NULL, NULL, "name", first));
	assert_non_null(hash_of(&ka, "maria s", NULL, NULL, "name", h));
	assert_string_equal(h, first);
}

static void test_other_person_other_hash(void **state)
{
	char a[PERSON_HASH_HEX], b[PERSON_HASH_HEX];

	(void)state;
	hash_of(&ka, "山田花子", NULL, "2011-04-02", "name_birth", a);
	hash_of(&ka, "山田花子", NULL, "2011-04-03", "name_birth", b);
	assert_string_not_equal(a, b);
	hash_of(&ka, "山田華子", NULL, "2011-04-02", "name_birth", b);
	assert_string_not_equal(a, b);  /* kanji are not read */
	hash_of(&ka, "山田花子", NULL, NULL, "name", b);
	assert_string_not_equal(a, b);  /* which part is hashed in */
	/* a name and a reading of the same letters are different hashes */
	hash_of(&ka, "はなこ", NULL, NULL, "name", a);
	hash_of(&ka, NULL, "はなこ", NULL, "kana", b);
	assert_string_not_equal(a, b);
}

static void test_hash_is_keyed(void **state)
{
	char a[PERSON_HASH_HEX], b[PERSON_HASH_HEX];
	unsigned char plain[32];
	char plain_hex[65];

	(void)state;
	hash_of(&ka, NULL, "やまだはなこ", "2011-04-02", "kana_birth", a);
	hash_of(&kb, NULL, "やまだはなこ", "2011-04-02", "kana_birth", b);
	assert_string_not_equal(a, b);
	/* not the unkeyed hash of the same input */
	crypto_generichash(plain, 32, (const unsigned char *)
			   "kana_birth\x1fやまだはなこ\x1f" "2011-04-02",
			   strlen("kana_birth\x1fやまだはなこ\x1f" "2011-04-02"),
			   NULL, 0);
	sodium_bin2hex(plain_hex, sizeof plain_hex, plain, 32);
	assert_string_not_equal(a, plain_hex);
	assert_int_equal(strlen(a), 64);
}

static void test_only_given_parts(void **state)
{
	struct person_keys pk;

	(void)state;
	assert_int_equal(person_keys_make(&ka, "山田花子", "やまだはなこ",
					  "2011-04-02", &pk), 0);
	assert_int_equal(pk.n, 4);
	assert_int_equal(person_keys_make(&ka, "山田花子", "  ", NULL, &pk), 0);
	assert_int_equal(pk.n, 1);
	assert_non_null(person_key_find(&pk, "name"));
	assert_null(person_key_find(&pk, "kana"));
	assert_null(person_key_find(&pk, "name_birth"));
	assert_int_equal(person_keys_make(&ka, NULL, NULL, "2011-04-02", &pk), 0);
	assert_int_equal(pk.n, 0);  /* no hash of a birth date alone */
	assert_int_equal(person_keys_make(&ka, "\xff\xfe", NULL, NULL, &pk),
			 MM_EINVAL);
	assert_int_equal(pk.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_r_case_11_spellings_of_one_name_hash_alike),
		cmocka_unit_test(test_other_person_other_hash),
		cmocka_unit_test(test_hash_is_keyed),
		cmocka_unit_test(test_only_given_parts),
	};

	if (sodium_init() < 0)
		return 1;
	seal_keys_derive(key_a, &ka);
	seal_keys_derive(key_b, &kb);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
