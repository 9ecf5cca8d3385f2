/*
 * test_checkpoint.c - signed audit checkpoints (core/checkpoint.h):
 * round trip, every altered field, another key, garbage.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include <sodium.h>

#include "core/checkpoint.h"
#include "core/identity.h"
#include "lib/buf.h"
#include "lib/err.h"

#define HASH "00112233445566778899aabbccddeeff" \
	     "00112233445566778899aabbccddeeff"

static unsigned char pk[CHECKPOINT_PUBLIC_BYTES], sk[CHECKPOINT_SECRET_BYTES];
static char text[CHECKPOINT_TEXT_MAX + 1];

static int setup(void **state)
{
	struct checkpoint c;
	struct buf b;
	int rc;

	(void)state;
	if (identity_init() < 0 || checkpoint_keypair(pk, sk) < 0)
		return -1;
	if (checkpoint_init(&c, 1234, HASH, 1796049294) < 0)
		return -1;
	buf_init(&b, CHECKPOINT_TEXT_MAX);
	rc = checkpoint_sign(&c, sk, &b);
	if (rc == 0 && b.len < sizeof text)
		memcpy(text, buf_cstr(&b), b.len + 1);
	buf_release(&b);
	return rc;
}

static int parse_text(const char *t, struct checkpoint *c)
{
	return checkpoint_parse(t, strlen(t), pk, c);
}

static void test_roundtrip(void **state)
{
	struct checkpoint c;

	(void)state;
	assert_int_equal(parse_text(text, &c), 0);
	assert_int_equal(c.seq, 1234);
	assert_string_equal(c.hash, HASH);
	assert_string_equal(c.at, "2026-11-30T14:34:54Z");
	assert_non_null(strstr(text, "mamori-audit-checkpoint 1\nseq 1234\n"));
	/* without the final line end it is the same checkpoint */
	assert_int_equal(checkpoint_parse(text, strlen(text) - 1, pk, &c), 0);
}

/* Replaces the first occurrence of from in text by to (same length). */
static void altered(const char *from, const char *to, char *dst)
{
	char *p;

	memcpy(dst, text, sizeof text);
	p = strstr(dst, from);
	assert_non_null(p);
	assert_int_equal(strlen(from), strlen(to));
	memcpy(p, to, strlen(to));
}

static void test_altered_field_is_refused(void **state)
{
	static const char *const edits[][2] = {
		{ "seq 1234", "seq 1235" },
		{ "hash 0011", "hash 0012" },
		{ "at 2026-11-30", "at 2026-12-30" },
	};
	char t[sizeof text];
	struct checkpoint c;
	char *sig;

	(void)state;
	for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
		altered(edits[i][0], edits[i][1], t);
		assert_int_equal(parse_text(t, &c), MM_ECORRUPT);
		assert_int_equal(c.seq, 0);
	}
	/* one flipped signature digit */
	memcpy(t, text, sizeof t);
	sig = strstr(t, "sig ") + 4;
	*sig = *sig == '0' ? '1' : '0';
	assert_int_equal(parse_text(t, &c), MM_ECORRUPT);
}

static void test_wrong_key_is_refused(void **state)
{
	unsigned char pk2[CHECKPOINT_PUBLIC_BYTES], sk2[CHECKPOINT_SECRET_BYTES];
	struct checkpoint c;

	(void)state;
	assert_int_equal(checkpoint_keypair(pk2, sk2), 0);
	assert_int_equal(checkpoint_parse(text, strlen(text), pk2, &c),
			 MM_ECORRUPT);
}

static void test_garbage_is_refused(void **state)
{
	static const char *const bad[] = {
		"", "\n", "sig 00\n", "mamori-audit-checkpoint 1\n",
		"mamori-audit-checkpoint 2\nseq 1\nhash " HASH
		"\nat 2026-11-30T14:34:54Z\nsig 00\n",
	};
	char t[sizeof text];
	struct checkpoint c;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(parse_text(bad[i], &c), MM_EINVAL);
	/* a leading zero is another spelling of the seq: refused, not signed */
	altered("seq 1234", "seq 0123", t);
	assert_int_equal(parse_text(t, &c), MM_EINVAL);
	altered("hash 00", "hash 0A", t);
	assert_int_equal(parse_text(t, &c), MM_EINVAL);
	/* trailing bytes after the signature */
	memcpy(t, text, sizeof t);
	t[strlen(t)] = 'x';
	t[strlen(text) + 1] = '\0';
	assert_int_equal(parse_text(t, &c), MM_EINVAL);
	/* an embedded NUL */
	assert_int_equal(checkpoint_parse(text, strlen(text) + 1, pk, &c),
			 MM_EINVAL);
	/* invalid fields are not signed */
	assert_int_equal(checkpoint_init(&c, 0, HASH, 0), MM_EINVAL);
	assert_int_equal(checkpoint_init(&c, 1, "00ff", 0), MM_EINVAL);
	assert_int_equal(checkpoint_init(&c, 1, HASH "0", 0), MM_EINVAL);
}

static void test_key_text_roundtrip(void **state)
{
	char kt[CHECKPOINT_KEY_TEXT_MAX + 1];
	unsigned char back[CHECKPOINT_SECRET_BYTES];

	(void)state;
	checkpoint_key_text(sk, sizeof sk, kt);
	assert_int_equal(strlen(kt), 2 * sizeof sk + 1);
	assert_int_equal(checkpoint_key_parse(kt, strlen(kt), back, sizeof back), 0);
	assert_memory_equal(back, sk, sizeof sk);
	checkpoint_key_text(pk, sizeof pk, kt);
	assert_int_equal(checkpoint_key_parse(kt, strlen(kt), back, sizeof pk), 0);
	assert_memory_equal(back, pk, sizeof pk);
	/* a public key is not a secret key */
	assert_int_equal(checkpoint_key_parse(kt, strlen(kt), back, sizeof sk),
			 MM_EINVAL);
	kt[0] = 'G';
	assert_int_equal(checkpoint_key_parse(kt, strlen(kt), back, sizeof pk),
			 MM_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_altered_field_is_refused),
		cmocka_unit_test(test_wrong_key_is_refused),
		cmocka_unit_test(test_garbage_is_refused),
		cmocka_unit_test(test_key_text_roundtrip),
	};
	return cmocka_run_group_tests_name("core_checkpoint", tests, setup,
					   NULL);
}
