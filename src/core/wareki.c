#include "wareki.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucal.h>
#include <unicode/udat.h>
#include <unicode/ustring.h>

#include "../lib/err.h"
#include "../lib/banned.h"

/*
 * Japan adopted the Gregorian calendar on 明治6年1月1日 (1873-01-01).
 * Era dates before it were lunisolar, so a Gregorian day cannot be
 * written as one: those dates are refused rather than shown wrongly.
 */
#define WAREKI_FIRST_YEAR 1873

#define MILLIS_PER_SECOND 1000.0

/*
 * ICU's date formatters and calendars are not thread-safe and are costly
 * to open, so each server thread keeps its own, freed when it exits.
 */
struct icu_set {
	UDateFormat *date;   /* japanese calendar, long style: 令和元年5月1日 */
	UDateFormat *time;   /* 9時05分 */
	UCalendar *greg;     /* Gregorian fields <-> instants, Asia/Tokyo */
	/* the last date format_date wrote, and its text: every page's footer
	 * and a list's rows ask for the same few dates (issue 12) */
	struct civil_date last;
	char last_text[192];
};

static pthread_key_t icu_key;
static pthread_once_t icu_once = PTHREAD_ONCE_INIT;
static int icu_key_ok;

static const UChar tokyo[] = u"Asia/Tokyo";

static void icu_set_free(void *v)
{
	struct icu_set *s = v;

	if (!s)
		return;
	if (s->date)
		udat_close(s->date);
	if (s->time)
		udat_close(s->time);
	if (s->greg)
		ucal_close(s->greg);
	free(s);
}

static void icu_key_create(void)
{
	icu_key_ok = pthread_key_create(&icu_key, icu_set_free) == 0;
}

/*
 * The long date style of the japanese calendar is the one that writes
 * the first year of an era as 元年 (ICU 72, see japan-notes.md); a plain
 * "y年" pattern relies on ICU applying the jpanyear numbering by itself.
 */
static int icu_set_open(struct icu_set *s)
{
	UErrorCode st = U_ZERO_ERROR;

	s->date = udat_open(UDAT_NONE, UDAT_LONG, "ja_JP@calendar=japanese",
			    tokyo, -1, NULL, 0, &st);
	s->time = udat_open(UDAT_PATTERN, UDAT_PATTERN, "ja_JP", tokyo, -1,
			    u"H時mm分", -1, &st);
	s->greg = ucal_open(tokyo, -1, "ja_JP@calendar=gregorian",
			    UCAL_GREGORIAN, &st);
	if (U_SUCCESS(st))
		/* Proleptic: no switch to the Julian calendar in 1582. */
		ucal_setGregorianChange(s->greg, -1.8e17, &st);
	return U_SUCCESS(st) ? 0 : MM_EIO;
}

/* This thread's ICU objects, opened on first use; NULL on failure. */
static struct icu_set *icu_get(void)
{
	struct icu_set *s;

	pthread_once(&icu_once, icu_key_create);
	if (!icu_key_ok)
		return NULL;
	s = pthread_getspecific(icu_key);
	if (s)
		return s;
	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	if (icu_set_open(s) < 0 || pthread_setspecific(icu_key, s) != 0) {
		icu_set_free(s);
		return NULL;
	}
	return s;
}

int civil_valid(const struct civil_date *d)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30,
				      31, 31, 30, 31, 30, 31 };
	int leap, last;

	if (!d || d->year < 1 || d->year > 9999 || d->month < 1 ||
	    d->month > 12 || d->day < 1)
		return 0;
	leap = (d->year % 4 == 0 && d->year % 100 != 0) || d->year % 400 == 0;
	last = days[d->month - 1] + (d->month == 2 && leap);
	return d->day <= last;
}

int civil_parse_iso(const char *s, struct civil_date *out)
{
	struct civil_date d;

	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return MM_EINVAL;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return MM_EINVAL;
	d.year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 +
		 (s[2] - '0') * 10 + (s[3] - '0');
	d.month = (s[5] - '0') * 10 + (s[6] - '0');
	d.day = (s[8] - '0') * 10 + (s[9] - '0');
	if (!civil_valid(&d))
		return MM_EINVAL;
	if (out)
		*out = d;
	return 0;
}

/* Formats instant t with f into out as UTF-8. */
static int format_instant(UDateFormat *f, UDate t, char *out, size_t size)
{
	UChar u[64];
	UErrorCode st = U_ZERO_ERROR;
	int32_t n = udat_format(f, t, u, (int32_t)(sizeof(u) / sizeof(u[0])),
				NULL, &st);

	if (U_FAILURE(st) || st == U_STRING_NOT_TERMINATED_WARNING || n < 0)
		return MM_EIO;
	u_strToUTF8(out, (int32_t)size, NULL, u, n, &st);
	if (U_FAILURE(st) || st == U_STRING_NOT_TERMINATED_WARNING)
		return MM_EIO;
	return 0;
}

/* Noon in Tokyo on date d: well inside the day whatever the offset. */
static int civil_to_instant(struct icu_set *s, const struct civil_date *d,
			    UDate *t)
{
	UErrorCode st = U_ZERO_ERROR;

	ucal_clear(s->greg);
	ucal_setDateTime(s->greg, d->year, d->month - 1, d->day, 12, 0, 0,
			 &st);
	*t = ucal_getMillis(s->greg, &st);
	return U_SUCCESS(st) ? 0 : MM_EIO;
}

/* Appends the wareki date of d; nothing is appended on error. */
static int format_date(struct icu_set *s, const struct civil_date *d,
		       char *out, size_t size)
{
	UDate t;
	int rc;

	if (!civil_valid(d) || d->year < WAREKI_FIRST_YEAR)
		return MM_EINVAL;
	if (s->last_text[0] && s->last.year == d->year &&
	    s->last.month == d->month && s->last.day == d->day) {
		if (strlen(s->last_text) >= size)
			return MM_EIO; /* as format_instant says it */
		memcpy(out, s->last_text, strlen(s->last_text) + 1);
		return 0;
	}
	rc = civil_to_instant(s, d, &t);
	if (rc == 0)
		rc = format_instant(s->date, t, out, size);
	if (rc < 0)
		return rc;
	if (strlen(out) < sizeof(s->last_text)) {
		s->last = *d;
		memcpy(s->last_text, out, strlen(out) + 1);
	}
	return 0;
}

int wareki_format(const struct civil_date *d, struct buf *out)
{
	struct icu_set *s = icu_get();
	char text[192];
	int rc;

	if (!s)
		return MM_ENOMEM;
	rc = format_date(s, d, text, sizeof(text));
	if (rc < 0)
		return rc;
	return buf_adds(out, text);
}

static int civil_of_instant(struct icu_set *s, int64_t t,
			    struct civil_date *out)
{
	UErrorCode st = U_ZERO_ERROR;
	struct civil_date d;

	/* Beyond ±9999 years the double below stops being exact. */
	if (t < -62135596800 - 86400 || t > 253402300799 + 86400)
		return MM_EINVAL;
	ucal_setMillis(s->greg, (UDate)t * MILLIS_PER_SECOND, &st);
	d.year = ucal_get(s->greg, UCAL_EXTENDED_YEAR, &st);
	d.month = ucal_get(s->greg, UCAL_MONTH, &st) + 1;
	d.day = ucal_get(s->greg, UCAL_DATE, &st);
	if (U_FAILURE(st))
		return MM_EIO;
	if (!civil_valid(&d))
		return MM_EINVAL;
	*out = d;
	return 0;
}

int civil_from_unix(int64_t t, struct civil_date *out)
{
	struct icu_set *s = icu_get();

	if (!s)
		return MM_ENOMEM;
	return civil_of_instant(s, t, out);
}

int wareki_format_unix(int64_t t, int with_time, struct buf *out)
{
	struct icu_set *s = icu_get();
	struct civil_date d;
	char date[192], time[64] = "";
	int rc;

	if (!s)
		return MM_ENOMEM;
	rc = civil_of_instant(s, t, &d);
	if (rc == 0)
		rc = format_date(s, &d, date, sizeof(date));
	if (rc == 0 && with_time)
		rc = format_instant(s->time, (UDate)t * MILLIS_PER_SECOND, time,
				    sizeof(time));
	if (rc < 0)
		return rc;
	if (!with_time)
		return buf_adds(out, date);
	return buf_addf(out, "%s %s", date, time);
}
