#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "lib/pool.h"
#include "lib/err.h"

static void test_strdup_and_release(void **state)
{
	struct pool p;
	char *a, *b, *c;
	(void)state;
	pool_init(&p, 0);
	a = pool_strdup(&p, "貸出の目的");
	b = pool_strdup(&p, "");
	c = pool_strndup(&p, "abcdef", 3);
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(c);
	assert_string_equal(a, "貸出の目的");
	assert_string_equal(b, "");
	assert_string_equal(c, "abc");
	/* strndup stops at the end of a shorter string. */
	assert_string_equal(pool_strndup(&p, "ab", 10), "ab");
	assert_null(pool_strdup(&p, NULL));
	assert_int_equal(pool_error(&p), 0);
	pool_release(&p);
	assert_null(p.head);
	assert_int_equal(p.total, 0);
	/* Usable again after release. */
	assert_string_equal(pool_strdup(&p, "再利用"), "再利用");
	pool_release(&p);
	pool_release(NULL);
}

static void test_alignment_and_many_chunks(void **state)
{
	struct pool p;
	char *prev[500];
	size_t i;
	(void)state;
	pool_init(&p, 0);
	for (i = 0; i < 500; i++) {
		char text[64];
		void *q = pool_alloc(&p, i % 7 + 1);
		assert_non_null(q);
		assert_int_equal((uintptr_t)q % _Alignof(max_align_t), 0);
		snprintf(text, sizeof text, "row %zu", i);
		prev[i] = pool_strdup(&p, text);
		assert_non_null(prev[i]);
	}
	/* Nothing was overwritten by later allocations or chunks. */
	for (i = 0; i < 500; i++) {
		char text[64];
		snprintf(text, sizeof text, "row %zu", i);
		assert_string_equal(prev[i], text);
	}
	pool_release(&p);
}

static void test_large_allocation_keeps_head(void **state)
{
	struct pool p;
	char *small, *big, *after;
	(void)state;
	pool_init(&p, 0);
	small = pool_strdup(&p, "small");
	big = pool_alloc(&p, POOL_CHUNK_SIZE * 3);
	assert_non_null(big);
	memset(big, 'x', POOL_CHUNK_SIZE * 3);
	after = pool_strdup(&p, "after");
	assert_string_equal(small, "small");
	assert_string_equal(after, "after");
	/* The small ones share the first chunk. */
	assert_true(after > small && after < small + POOL_CHUNK_SIZE);
	pool_release(&p);
}

static void test_zero_size(void **state)
{
	struct pool p;
	void *a, *b;
	(void)state;
	pool_init(&p, 0);
	a = pool_alloc(&p, 0);
	b = pool_alloc(&p, 0);
	assert_non_null(a);
	assert_non_null(b);
	assert_ptr_not_equal(a, b);
	pool_release(&p);
}

/* Past its maximum the pool fails closed, and stays failed. */
static void test_maximum_fails_closed(void **state)
{
	struct pool p;
	char *a;
	(void)state;
	pool_init(&p, POOL_CHUNK_SIZE + 256);
	a = pool_strdup(&p, "kept");
	assert_non_null(a);
	assert_null(pool_alloc(&p, POOL_CHUNK_SIZE + 1));
	assert_int_equal(pool_error(&p), MM_ENOMEM);
	/* Sticky: even a small allocation that would fit is refused. */
	assert_null(pool_alloc(&p, 1));
	assert_null(pool_strdup(&p, "x"));
	assert_null(pool_strndup(&p, "x", 1));
	/* What was handed out before stays valid until release. */
	assert_string_equal(a, "kept");
	pool_release(&p);
	assert_int_equal(pool_error(&p), 0);
	assert_non_null(pool_strdup(&p, "again"));
	pool_release(&p);
}

/* A maximum below one chunk still serves allocations that fit it. */
static void test_small_maximum(void **state)
{
	struct pool p;
	(void)state;
	pool_init(&p, 512);
	assert_non_null(pool_alloc(&p, 64));
	assert_null(pool_alloc(&p, 1024));
	assert_int_equal(pool_error(&p), MM_ENOMEM);
	pool_release(&p);
}

/* A size no malloc can give fails, without wrapping around. */
static void test_huge_allocation_fails(void **state)
{
	struct pool p;
	(void)state;
	pool_init(&p, SIZE_MAX);
	assert_null(pool_alloc(&p, SIZE_MAX));
	assert_int_equal(pool_error(&p), MM_ENOMEM);
	pool_release(&p);
	assert_null(pool_alloc(&p, SIZE_MAX - 8));
	assert_int_equal(pool_error(&p), MM_ENOMEM);
	assert_null(pool_strdup(&p, "x"));
	pool_release(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strdup_and_release),
		cmocka_unit_test(test_alignment_and_many_chunks),
		cmocka_unit_test(test_large_allocation_keeps_head),
		cmocka_unit_test(test_zero_size),
		cmocka_unit_test(test_maximum_fails_closed),
		cmocka_unit_test(test_small_maximum),
		cmocka_unit_test(test_huge_allocation_fails),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
