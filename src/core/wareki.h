/*
 * wareki.h - dates in the Japanese era calendar (和暦) through ICU's
 * japanese calendar, never a hand-made era table: a new era arrives as a
 * library update.  Civil dates are computed in Asia/Tokyo.
 */
#ifndef MM_CORE_WAREKI_H
#define MM_CORE_WAREKI_H
#ifndef MM_SEES_CORE /* the layers: HACKING.md */
#error "layer: core/ is seen only by core/, store/ and the front end"
#endif

#include <stdint.h>
#include "../lib/buf.h"

/* A civil date (no time zone). */
struct civil_date {
	int year;   /* Gregorian */
	int month;  /* 1-12 */
	int day;    /* 1-31 */
};

/*
 * wareki_format - appends the date in full official style, "令和7年4月1日",
 * with 元年 for the first year of an era.  Returns 0, MM_EINVAL for an
 * impossible date or one before 1873-01-01 (Japan's adoption of the
 * Gregorian calendar: earlier era dates were lunisolar), MM_ENOMEM when
 * ICU cannot be set up, or the buffer's error.  Nothing is appended on
 * error.  Thread-safe (each thread keeps its own ICU formatters).
 */
int wareki_format(const struct civil_date *d, struct buf *out);

/*
 * wareki_format_unix - appends the Asia/Tokyo civil date of t in full
 * style; with_time adds " 9時05分".  As wareki_format.
 */
int wareki_format_unix(int64_t t, int with_time, struct buf *out);

/*
 * civil_from_unix - the Asia/Tokyo civil date of t.  Returns 0, MM_EINVAL
 * outside the years 1-9999, or MM_ENOMEM when ICU cannot be set up.
 */
int civil_from_unix(int64_t t, struct civil_date *out);

/*
 * civil_parse_iso - parses "YYYY-MM-DD" (exactly) into a valid date.
 * Returns 0 or MM_EINVAL.
 */
int civil_parse_iso(const char *s, struct civil_date *out);

/*
 * civil_valid - 1 when the date exists in the (proleptic) Gregorian
 * calendar and its year is 1-9999.
 */
int civil_valid(const struct civil_date *d);

#endif
