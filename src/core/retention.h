/*
 * retention.h - how long a document is kept (R-RET-1..3): the rule of
 * a document type (N years counted by calendar year 暦年 or by fiscal
 * year 年度, or kept for good) and the arithmetic from the date a
 * document was made - for a register, the date of its last entry - to
 * the last day it is kept and the first day it may be disposed of.
 *
 * The rule is stored, not only a computed date (japan-notes.md), so a
 * document's due date is always derived from its base date and its rule.
 * Civil dates in Asia/Tokyo (callers take today with civil_from_unix);
 * no time_t midnights.  Pure; no I/O.
 */
#ifndef MM_CORE_RETENTION_H
#define MM_CORE_RETENTION_H
#ifndef MM_SEES_CORE /* the layers: HACKING.md */
#error "layer: core/ is seen only by core/, store/ and the front end"
#endif

#include <stddef.h>

#include "civil.h"

struct buf;

enum retention_basis {
	RETENTION_CALENDAR = 0, /* 暦年: counted from 1 January */
	RETENTION_FISCAL = 1,   /* 年度: counted from 1 April */
	RETENTION_PERMANENT = 2 /* 常用/無期限: never due */
};

#define RETENTION_YEARS_MAX 100

struct retention_rule {
	int years;                  /* 1-RETENTION_YEARS_MAX; 0 when permanent */
	enum retention_basis basis;
};

/*
 * retention_rule_valid - 1 when r is a rule: a permanent one with 0
 * years, or 1-RETENTION_YEARS_MAX years of a calendar or fiscal basis.
 */
int retention_rule_valid(const struct retention_rule *r);

/*
 * retention_ends - the last day the document is kept (R-RET-1):
 * 暦年: base year Y -> Y+N-12-31; 年度: fiscal year FY (Y when the month
 * is April or later, else Y-1) -> FY+1+N-03-31.  Returns 0, MM_EINVAL
 * for an invalid date or rule (a permanent rule has no end: MM_EINVAL)
 * or an end past 9999; *out is untouched on error.
 */
int retention_ends(const struct retention_rule *r,
		   const struct civil_date *made, struct civil_date *out);

/*
 * retention_disposable_from - the day after retention_ends: the first
 * day disposal is allowed (R-RET-2).  As retention_ends.
 */
int retention_disposable_from(const struct retention_rule *r,
			      const struct civil_date *made,
			      struct civil_date *out);

/*
 * retention_due - 1 when a document made on `made` under r may be
 * disposed of on `today` (today >= disposable_from), 0 when not yet or
 * never (permanent), MM_EINVAL for an invalid date or rule.
 */
int retention_due(const struct retention_rule *r,
		  const struct civil_date *made,
		  const struct civil_date *today);

/*
 * retention_format - appends the rule as the rules write it: 「3年（暦年）」,
 * 「1年（年度）」 or 「常用」.  Returns 0, MM_EINVAL for an invalid rule, or
 * the buffer's error (nothing appended on error).
 */
int retention_format(const struct retention_rule *r, struct buf *out);

/*
 * retention_basis_key, retention_basis_from_key - "calendar", "fiscal",
 * "permanent" for storage and the API.  from_key returns 0 or MM_EINVAL.
 */
const char *retention_basis_key(enum retention_basis b);
int retention_basis_from_key(const char *key, enum retention_basis *out);

#endif
