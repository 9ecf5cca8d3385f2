/*
 * stats.c - the statistics' periods, months and sums (stats.h).
 */
#include "stats.h"

#include <stdio.h>
#include <string.h>

#include "../lib/err.h"
#include "civil.h"
#include "wareki.h"
#include "../lib/banned.h"

const struct stats_figure_name stats_figures[STATS__COUNT] = {
	[STATS_REPORTS] = { "reports", "書き込み発見報告" },
	[STATS_HIGH] = { "judged_high", "保護の必要性が高い事案" },
	[STATS_SENT] = { "messages_sent", "交信（送信）" },
	[STATS_MEETINGS] = { "meetings", "面会" },
	[STATS_GUIDED_ENTERTAINMENT] = { "guided_entertainment",
					 "補導（不健全娯楽）" },
	[STATS_GUIDED_SEXUAL] = { "guided_sexual_conduct",
				  "補導（不健全性的行為）" },
	[STATS_GUARDIANS] = { "guardians_told", "保護者への連絡" },
	[STATS_MEASURES] = { "measures", "継続的な措置" },
};

/* Tokyo's offset from UTC; no summer time since 1951 (see stats.h). */
#define TOKYO_OFFSET (9 * 3600)

/* "YYYY-MM" exactly, a month of the years 1873-9999, as a month index. */
static int parse_month(const char *s, int *m)
{
	int y = 0, mo = 0;

	if (!s || strlen(s) != 7 || s[4] != '-')
		return MM_EINVAL;
	for (int i = 0; i < 7; i++) {
		if (i == 4)
			continue;
		if (s[i] < '0' || s[i] > '9')
			return MM_EINVAL;
	}
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
		(s[3] - '0');
	mo = (s[5] - '0') * 10 + (s[6] - '0');
	/* the era calendar begins with the Gregorian one, 1873 */
	if (y < 1873 || mo < 1 || mo > 12)
		return MM_EINVAL;
	*m = y * 12 + mo - 1;
	return 0;
}

static int parse_year(const char *s, int *y)
{
	if (!s || strlen(s) != 4)
		return MM_EINVAL;
	for (int i = 0; i < 4; i++)
		if (s[i] < '0' || s[i] > '9')
			return MM_EINVAL;
	*y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
		(s[3] - '0');
	return *y < 1873 ? MM_EINVAL : 0;
}

static int refuse(const char **field, const char **why, const char *f,
		  const char *w)
{
	*field = f;
	*why = w;
	return MM_EINVAL;
}

static int empty(const char *s)
{
	return !s || !*s;
}

int stats_period_read(const char *from, const char *to, const char *year,
		      const char *basis, int today_month,
		      struct stats_period *out, const char **field,
		      const char **why)
{
	int fiscal = 0, y;

	if (!empty(basis)) {
		if (strcmp(basis, "fiscal") == 0)
			fiscal = 1;
		else if (strcmp(basis, "calendar") != 0)
			return refuse(field, why, "basis",
				      "集計の単位は calendar（暦年）または fiscal（年度）で指定してください。");
	}
	if (!empty(from) || !empty(to)) {
		if (!empty(year))
			return refuse(field, why, "year",
				      "年と期間（from・to）は同時に指定できません。");
		if (parse_month(from, &out->from) < 0)
			return refuse(field, why, "from",
				      "期間の始めは YYYY-MM の形（例：2026-04）で指定してください。");
		if (parse_month(to, &out->to) < 0)
			return refuse(field, why, "to",
				      "期間の終わりは YYYY-MM の形（例：2027-03）で指定してください。");
		if (out->to < out->from)
			return refuse(field, why, "to",
				      "期間の終わりは始め以後の月にしてください。");
		if (out->to - out->from + 1 > STATS_MONTHS_MAX)
			return refuse(field, why, "to",
				      "期間は24か月以内で指定してください。");
		return 0;
	}
	if (!empty(year)) {
		if (parse_year(year, &y) < 0)
			return refuse(field, why, "year",
				      "年は西暦4桁（例：2026）で指定してください。");
	} else {
		/* today's fiscal year (年度) unless a basis says otherwise */
		y = today_month / 12;
		if (empty(basis))
			fiscal = 1;
		if (fiscal && today_month % 12 < 3)
			y--;
	}
	out->from = y * 12 + (fiscal ? 3 : 0);
	out->to = out->from + 11;
	return 0;
}

int stats_period_months(const struct stats_period *p)
{
	return p->to - p->from + 1;
}

int64_t stats_month_start(int m)
{
	struct civil_date d = { m / 12, m % 12 + 1, 1 };

	return civil_to_days(&d) * 86400 - TOKYO_OFFSET;
}

int64_t stats_tokyo_day(int64_t t)
{
	int64_t s = t + TOKYO_OFFSET;

	/* floor division: an instant before 1970 is on an earlier day */
	return s >= 0 ? s / 86400 : -((-s + 86399) / 86400);
}

int stats_month_of_day(int64_t day, int *m)
{
	struct civil_date d;
	int rc = civil_from_days(day, &d);

	if (rc == 0)
		*m = civil_month_index(&d);
	return rc;
}

void stats_month_key(int m, char *out, size_t size)
{
	snprintf(out, size, "%04d-%02d", m / 12, m % 12 + 1);
}

int stats_month_label(int m, struct buf *out)
{
	struct civil_date d = { m / 12, m % 12 + 1, 1 };
	struct buf day;
	int rc;

	/* ICU writes the whole date; the month is all before its day */
	buf_init(&day, 0);
	rc = wareki_format(&d, &day);
	if (rc == 0) {
		const char *s = buf_cstr(&day);
		const char *end = strstr(s, "月");

		rc = end ? buf_add(out, s, (size_t)(end - s) + strlen("月")) :
			MM_EINVAL;
	}
	buf_release(&day);
	return rc;
}

void stats_table_init(struct stats_table *t, const struct stats_period *p)
{
	memset(t, 0, sizeof *t);
	t->period = *p;
	t->n_months = stats_period_months(p);
	if (t->n_months > STATS_MONTHS_MAX)
		t->n_months = STATS_MONTHS_MAX;
}

static int column(const struct stats_table *t, int64_t unit_id, size_t *u)
{
	for (size_t i = 0; i < t->n_units; i++)
		if (t->units[i] == unit_id) {
			*u = i;
			return 0;
		}
	return MM_ENOTFOUND;
}

int stats_table_unit(struct stats_table *t, int64_t unit_id)
{
	size_t u;

	if (column(t, unit_id, &u) == 0)
		return 0;
	if (t->n_units == STATS_UNITS_MAX)
		return MM_EOVERFLOW;
	t->units[t->n_units++] = unit_id;
	return 0;
}

int stats_table_add(struct stats_table *t, enum stats_figure f,
		    int64_t unit_id, int64_t day, uint32_t n)
{
	size_t u;
	int m;

	if ((int)f < 0 || f >= STATS__COUNT)
		return MM_EINVAL;
	if (column(t, unit_id, &u) < 0 || stats_month_of_day(day, &m) < 0)
		return 0;
	if (m < t->period.from || m - t->period.from >= t->n_months)
		return 0;
	t->counts[u][m - t->period.from][f] += n;
	return 0;
}

uint64_t stats_count(const struct stats_table *t, size_t u, int m,
		     enum stats_figure f)
{
	uint64_t sum = 0;

	if (m < 0 || m >= t->n_months || (int)f < 0 || f >= STATS__COUNT)
		return 0;
	if (u != (size_t)-1)
		return u < t->n_units ? t->counts[u][m][f] : 0;
	for (size_t i = 0; i < t->n_units; i++)
		sum += t->counts[i][m][f];
	return sum;
}

uint64_t stats_sum(const struct stats_table *t, size_t u, enum stats_figure f)
{
	uint64_t sum = 0;

	for (int m = 0; m < t->n_months; m++)
		sum += stats_count(t, u, m, f);
	return sum;
}
