/*
 * civil.h - arithmetic on civil dates (struct civil_date, core/wareki.h)
 * in the proleptic Gregorian calendar: compare, add days, months and
 * years, count days.  Pure; no time zone (callers first take the
 * Asia/Tokyo date with civil_from_unix).  Era names stay in wareki.h.
 *
 * Every function that returns a date refuses (MM_EINVAL) an input that
 * civil_valid() rejects or a result outside the years 1-9999, and leaves
 * *out untouched on error.
 */
#ifndef MM_CORE_CIVIL_H
#define MM_CORE_CIVIL_H
#ifndef MM_SEES_CORE /* the layers: HACKING.md */
#error "layer: core/ is seen only by core/, store/ and the front end"
#endif

#include <stddef.h>
#include <stdint.h>

#include "wareki.h"

/* civil_days_in_month - 28-31, or 0 for a month outside 1-12. */
int civil_days_in_month(int year, int month);

/*
 * civil_compare - -1, 0 or 1 as a is before, the same day as, or after
 * b.  Compares the fields as given (callers validate first).
 */
int civil_compare(const struct civil_date *a, const struct civil_date *b);

/*
 * civil_to_days - days since 1970-01-01 (negative before), for a valid
 * date.  The result for an invalid date is unspecified.
 */
int64_t civil_to_days(const struct civil_date *d);

/* civil_from_days - the inverse of civil_to_days.  0 or MM_EINVAL. */
int civil_from_days(int64_t days, struct civil_date *out);

/*
 * civil_days_between - b minus a in days (negative when b is before a).
 * Returns 0 or MM_EINVAL for an invalid date.
 */
int civil_days_between(const struct civil_date *a, const struct civil_date *b,
		       int64_t *out);

/* civil_add_days - d plus n days (n may be negative).  0 or MM_EINVAL. */
int civil_add_days(const struct civil_date *d, int64_t n,
		   struct civil_date *out);

/*
 * civil_add_months - the same day n calendar months later (n may be
 * negative); a day the target month lacks becomes its last day, so
 * 2024-01-31 + 1 month is 2024-02-29.  0 or MM_EINVAL.
 */
int civil_add_months(const struct civil_date *d, int n,
		     struct civil_date *out);

/*
 * civil_add_years - civil_add_months(d, 12 * n): 2024-02-29 + 1 year is
 * 2025-02-28.  0 or MM_EINVAL.
 */
int civil_add_years(const struct civil_date *d, int n, struct civil_date *out);

/*
 * civil_month_index - year * 12 + month - 1: consecutive calendar months
 * have consecutive indexes, whatever the day.
 */
int civil_month_index(const struct civil_date *d);

/*
 * civil_format_iso - writes "YYYY-MM-DD" into out (at least 11 bytes).
 * Returns 0, MM_EINVAL for an invalid date, MM_EOVERFLOW when out is too
 * small (out then holds "").
 */
int civil_format_iso(const struct civil_date *d, char *out, size_t size);

#endif
