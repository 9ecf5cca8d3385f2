#include "civil.h"

#include <stdio.h>

#include "../lib/err.h"
#include "../lib/banned.h"

#define YEAR_MIN 1
#define YEAR_MAX 9999

static int is_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int civil_days_in_month(int year, int month)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30,
				      31, 31, 30, 31, 30, 31 };

	if (month < 1 || month > 12)
		return 0;
	if (month == 2 && is_leap(year))
		return 29;
	return days[month - 1];
}

int civil_compare(const struct civil_date *a, const struct civil_date *b)
{
	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	if (a->month != b->month)
		return a->month < b->month ? -1 : 1;
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	return 0;
}

/*
 * Howard Hinnant's days_from_civil: years counted from March, so the leap
 * day falls at the end of each 400-year era's year and needs no branch.
 */
int64_t civil_to_days(const struct civil_date *d)
{
	int64_t y = d->year - (d->month <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t mp = (d->month + 9) % 12;
	int64_t doy = (153 * mp + 2) / 5 + d->day - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

/* Bounds of civil_to_days over the years 1-9999, computed once by hand. */
#define DAYS_MIN (-719162)   /* 0001-01-01 */
#define DAYS_MAX 2932896     /* 9999-12-31 */

int civil_from_days(int64_t days, struct civil_date *out)
{
	int64_t z, era, doe, yoe, doy, mp;

	if (days < DAYS_MIN || days > DAYS_MAX)
		return MM_EINVAL;
	z = days + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	out->day = (int)(doy - (153 * mp + 2) / 5 + 1);
	out->month = (int)(mp < 10 ? mp + 3 : mp - 9);
	out->year = (int)(yoe + era * 400 + (out->month <= 2));
	return 0;
}

int civil_days_between(const struct civil_date *a, const struct civil_date *b,
		       int64_t *out)
{
	if (!civil_valid(a) || !civil_valid(b))
		return MM_EINVAL;
	*out = civil_to_days(b) - civil_to_days(a);
	return 0;
}

int civil_add_days(const struct civil_date *d, int64_t n,
		   struct civil_date *out)
{
	if (!civil_valid(d) || n < DAYS_MIN - DAYS_MAX || n > DAYS_MAX - DAYS_MIN)
		return MM_EINVAL;
	return civil_from_days(civil_to_days(d) + n, out);
}

int civil_add_months(const struct civil_date *d, int n,
		     struct civil_date *out)
{
	int64_t index;
	struct civil_date r;
	int last;

	if (!civil_valid(d))
		return MM_EINVAL;
	index = (int64_t)d->year * 12 + (d->month - 1) + n;
	if (index < (int64_t)YEAR_MIN * 12 || index > (int64_t)YEAR_MAX * 12 + 11)
		return MM_EINVAL;
	r.year = (int)(index / 12);
	r.month = (int)(index % 12) + 1;
	last = civil_days_in_month(r.year, r.month);
	r.day = d->day > last ? last : d->day;
	*out = r;
	return 0;
}

int civil_add_years(const struct civil_date *d, int n, struct civil_date *out)
{
	if (n < -YEAR_MAX || n > YEAR_MAX)
		return MM_EINVAL;
	return civil_add_months(d, n * 12, out);
}

int civil_month_index(const struct civil_date *d)
{
	return d->year * 12 + d->month - 1;
}

int civil_format_iso(const struct civil_date *d, char *out, size_t size)
{
	int n;

	if (!civil_valid(d))
		return MM_EINVAL;
	n = snprintf(out, size, "%04d-%02d-%02d", d->year, d->month, d->day);
	if (n < 0 || (size_t)n >= size) {
		if (size > 0)
			out[0] = '\0';
		return MM_EOVERFLOW;
	}
	return 0;
}
