/*
 * retention.c - retention periods of documents (R-RET-1..3).
 * The arithmetic is that of japan-notes.md: civil-code counting
 * (民法140-143条) starting the next 1 January (暦年) or the next 1 April
 * after the fiscal year (年度), ending on the day before the
 * corresponding date N years later.
 */
#include "retention.h"

#include <stdio.h>
#include <string.h>

#include "../lib/buf.h"
#include "../lib/err.h"
#include "wareki.h"
#include "../lib/banned.h"

int retention_rule_valid(const struct retention_rule *r)
{
	if (!r)
		return 0;
	switch (r->basis) {
	case RETENTION_PERMANENT:
		return r->years == 0;
	case RETENTION_CALENDAR:
	case RETENTION_FISCAL:
		return r->years >= 1 && r->years <= RETENTION_YEARS_MAX;
	}
	return 0;
}

int retention_ends(const struct retention_rule *r,
		   const struct civil_date *made, struct civil_date *out)
{
	struct civil_date end;

	if (!retention_rule_valid(r) || r->basis == RETENTION_PERMANENT ||
	    !made || !civil_valid(made) || !out)
		return MM_EINVAL;
	if (r->basis == RETENTION_CALENDAR) {
		/* R-RET-1: from Y+1-01-01 for N years: ends Y+N-12-31. */
		end = (struct civil_date){ made->year + r->years, 12, 31 };
	} else {
		/* 年度: the fiscal year of April..March; from FY+1-04-01. */
		int fy = made->month >= 4 ? made->year : made->year - 1;

		end = (struct civil_date){ fy + 1 + r->years, 3, 31 };
	}
	if (!civil_valid(&end))
		return MM_EINVAL;
	*out = end;
	return 0;
}

int retention_disposable_from(const struct retention_rule *r,
			      const struct civil_date *made,
			      struct civil_date *out)
{
	struct civil_date end;
	int rc = retention_ends(r, made, &end);

	if (rc < 0)
		return rc;
	return civil_add_days(&end, 1, out);
}

int retention_due(const struct retention_rule *r,
		  const struct civil_date *made,
		  const struct civil_date *today)
{
	struct civil_date from;
	int rc;

	if (!retention_rule_valid(r) || !made || !civil_valid(made) ||
	    !today || !civil_valid(today))
		return MM_EINVAL;
	if (r->basis == RETENTION_PERMANENT)
		return 0;
	rc = retention_disposable_from(r, made, &from);
	if (rc < 0)
		return rc;
	return civil_compare(today, &from) >= 0;
}

int retention_format(const struct retention_rule *r, struct buf *out)
{
	char s[48];

	if (!retention_rule_valid(r))
		return MM_EINVAL;
	if (r->basis == RETENTION_PERMANENT)
		return buf_adds(out, "常用");
	snprintf(s, sizeof s, "%d年（%s）", r->years,
		 r->basis == RETENTION_CALENDAR ? "暦年" : "年度");
	return buf_adds(out, s);
}

static const char *const basis_keys[] = {
	[RETENTION_CALENDAR] = "calendar",
	[RETENTION_FISCAL] = "fiscal",
	[RETENTION_PERMANENT] = "permanent",
};

const char *retention_basis_key(enum retention_basis b)
{
	if ((unsigned)b >= sizeof basis_keys / sizeof basis_keys[0])
		return "";
	return basis_keys[b];
}

int retention_basis_from_key(const char *key, enum retention_basis *out)
{
	for (size_t i = 0; key && i < sizeof basis_keys / sizeof basis_keys[0];
	     i++) {
		if (strcmp(key, basis_keys[i]) == 0) {
			*out = (enum retention_basis)i;
			return 0;
		}
	}
	return MM_EINVAL;
}
