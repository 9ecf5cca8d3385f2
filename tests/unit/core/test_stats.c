/*
 * test_stats.c - the statistics' periods, Tokyo months and sums
 * (core/stats.h, issue 11).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/stats.h"
#include "lib/buf.h"
#include "lib/err.h"

/* 2026-03-31T15:30:00Z: 2026-04-01 00:30 in Tokyo. */
#define LATE_MARCH_UTC INT64_C(1774971000)

static int month(int y, int m)
{
	return y * 12 + m - 1;
}

static void test_issue_11_tokyo_month_boundary(void **state)
{
	struct stats_period p = { month(2026, 3), month(2026, 4) };
	struct stats_table *t = calloc(1, sizeof *t);

	(void)state;
	assert_non_null(t);
	stats_table_init(t, &p);
	assert_int_equal(t->n_months, 2);
	assert_int_equal(stats_table_unit(t, 7), 0);
	/* 15:30Z on 31 March is April in Japan */
	assert_int_equal(stats_table_add(t, STATS_REPORTS, 7,
					 stats_tokyo_day(LATE_MARCH_UTC), 1), 0);
	/* 14:59:59Z is still 31 March in Tokyo (23:59:59) */
	assert_int_equal(stats_table_add(t, STATS_REPORTS, 7,
					 stats_tokyo_day(LATE_MARCH_UTC - 1801),
					 1), 0);
	assert_int_equal(stats_count(t, 0, 0, STATS_REPORTS), 1);
	assert_int_equal(stats_count(t, 0, 1, STATS_REPORTS), 1);
	/* April begins at 15:00Z the day before */
	assert_int_equal(stats_month_start(month(2026, 4)),
			 LATE_MARCH_UTC - 1800);
	free(t);
}

static void test_issue_11_units_outside_and_totals(void **state)
{
	struct stats_period p = { month(2026, 4), month(2026, 4) };
	struct stats_table *t = calloc(1, sizeof *t);
	int64_t april = stats_tokyo_day(stats_month_start(month(2026, 4)));

	(void)state;
	assert_non_null(t);
	stats_table_init(t, &p);
	assert_int_equal(stats_table_unit(t, 1), 0);
	assert_int_equal(stats_table_unit(t, 2), 0);
	assert_int_equal(stats_table_unit(t, 2), 0);
	assert_int_equal(t->n_units, 2);
	assert_int_equal(stats_table_add(t, STATS_SENT, 1, april, 3), 0);
	assert_int_equal(stats_table_add(t, STATS_SENT, 2, april + 29, 2), 0);
	/* May, and a unit not shown: left out */
	assert_int_equal(stats_table_add(t, STATS_SENT, 2, april + 30, 5), 0);
	assert_int_equal(stats_table_add(t, STATS_SENT, 9, april, 5), 0);
	assert_int_equal(stats_table_add(t, STATS__COUNT, 1, april, 1),
			 MM_EINVAL);
	assert_int_equal(stats_count(t, (size_t)-1, 0, STATS_SENT), 5);
	assert_int_equal(stats_sum(t, 1, STATS_SENT), 2);
	assert_int_equal(stats_sum(t, (size_t)-1, STATS_REPORTS), 0);
	free(t);
}

static void test_issue_11_period_read(void **state)
{
	struct stats_period p;
	const char *field = NULL, *why = NULL;
	int today = month(2026, 2);

	(void)state;
	/* nothing given: today's fiscal year (年度), April to March */
	assert_int_equal(stats_period_read(NULL, NULL, NULL, NULL, today, &p,
					   &field, &why), 0);
	assert_int_equal(p.from, month(2025, 4));
	assert_int_equal(p.to, month(2026, 3));
	assert_int_equal(stats_period_read(NULL, NULL, "2026", "calendar",
					   today, &p, &field, &why), 0);
	assert_int_equal(p.from, month(2026, 1));
	assert_int_equal(p.to, month(2026, 12));
	assert_int_equal(stats_period_read("", "", "2026", "fiscal", today, &p,
					   &field, &why), 0);
	assert_int_equal(p.from, month(2026, 4));
	assert_int_equal(p.to, month(2027, 3));
	assert_int_equal(stats_period_read("2026-03", "2026-05", NULL, NULL,
					   today, &p, &field, &why), 0);
	assert_int_equal(stats_period_months(&p), 3);
	/* refused, each naming its field */
	assert_int_equal(stats_period_read("2026-13", "2026-12", NULL, NULL,
					   today, &p, &field, &why), MM_EINVAL);
	assert_string_equal(field, "from");
	assert_int_equal(stats_period_read("2026-05", "2026-04", NULL, NULL,
					   today, &p, &field, &why), MM_EINVAL);
	assert_string_equal(field, "to");
	assert_int_equal(stats_period_read("2024-01", "2026-01", NULL, NULL,
					   today, &p, &field, &why), MM_EINVAL);
	assert_string_equal(why, "期間は24か月以内で指定してください。");
	assert_int_equal(stats_period_read("2026-01", NULL, NULL, NULL, today,
					   &p, &field, &why), MM_EINVAL);
	assert_string_equal(field, "to");
	assert_int_equal(stats_period_read(NULL, NULL, "26", NULL, today, &p,
					   &field, &why), MM_EINVAL);
	assert_string_equal(field, "year");
	assert_int_equal(stats_period_read(NULL, NULL, "2026", "weekly", today,
					   &p, &field, &why), MM_EINVAL);
	assert_string_equal(field, "basis");
}

static void test_issue_11_month_labels(void **state)
{
	struct buf b;
	char key[16];

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(stats_month_label(month(2026, 4), &b), 0);
	assert_string_equal(buf_cstr(&b), "令和8年4月");
	buf_reset(&b);
	assert_int_equal(stats_month_label(month(2019, 5), &b), 0);
	assert_string_equal(buf_cstr(&b), "令和元年5月");
	buf_release(&b);
	stats_month_key(month(2026, 4), key, sizeof key);
	assert_string_equal(key, "2026-04");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_issue_11_tokyo_month_boundary),
		cmocka_unit_test(test_issue_11_units_outside_and_totals),
		cmocka_unit_test(test_issue_11_period_read),
		cmocka_unit_test(test_issue_11_month_labels),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
