/*
 * record.c - reading and checking a record's fields from its descriptor.
 * One message per kind of fault, so every front end says the same thing.
 */
#include "record.h"

#include <stdio.h>
#include <string.h>

#include "civil.h"
#include "text.h"
#include "wareki.h"
#include "lib/err.h"
#include "lib/pool.h"
#include "lib/util.h"
#include "lib/banned.h"

static const char msg_required[] = "入力してください";
static const char msg_choose[] = "選んでください";
static const char msg_too_long[] = "入力できる文字数を超えています";
static const char msg_bad_char[] = "使用できない文字が含まれています";
static const char msg_one_line[] = "改行は入力できません";
static const char msg_ascii[] = "半角英数字で入力してください";
static const char msg_kana[] = "ひらがな・カタカナで入力してください";
static const char msg_date[] = "日付を「2026-04-01」の形で入力してください";
static const char msg_moment[] =
	"日時を「2026-04-01T09:00」の形で入力してください";
static const char msg_int[] = "半角数字で入力してください";
static const char msg_range[] = "入力できる範囲を超えています";
static const char msg_choice[] = "選択肢から選んでください";
static const char msg_ref[] = "番号が正しくありません";
static const char msg_bool[] = "はい・いいえで入力してください";
/* Only when the request's memory is exhausted: the input is not kept. */
static const char msg_no_room[] = "入力が大きすぎるため受け付けられません";

void record_faults_add(struct record_faults *e, const char *key,
		       const char *label, const char *why)
{
	if (e->n < RECORD_FAULTS_MAX)
		e->items[e->n] = (struct record_fault){ key, label, why };
	/* n stays at the maximum: callers only need to know there were faults */
	if (e->n < RECORD_FAULTS_MAX)
		e->n++;
}

static int fail(const char **why, const char *msg)
{
	*why = msg;
	return MM_EINVAL;
}

/*
 * Control characters (C0, DEL and the C1 range U+0080-U+009F) other
 * than line breaks and tabs in notes.  s is valid UTF-8.
 */
static int has_control(const char *s, int note)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (note && (*p == '\n' || *p == '\r' || *p == '\t'))
			continue;
		if (*p < 0x20 || *p == 0x7f ||
		    (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f))
			return 1;
	}
	return 0;
}

/* Hiragana, katakana, the long-vowel mark, middle dot and spaces. */
static int is_kana(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		uint32_t cp;
		if (*p == ' ') {
			p++;
			continue;
		}
		if ((p[0] & 0xf0) != 0xe0 || !p[1] || !p[2])
			return 0;
		cp = ((uint32_t)(p[0] & 0x0f) << 12) |
		     ((uint32_t)(p[1] & 0x3f) << 6) | (uint32_t)(p[2] & 0x3f);
		if (!((cp >= 0x3041 && cp <= 0x309f) ||  /* hiragana */
		      (cp >= 0x30a0 && cp <= 0x30ff) ||  /* katakana, ー, ・ */
		      cp == 0x3000))                     /* ideographic space */
			return 0;
		p += 3;
	}
	return 1;
}

static int is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

static int check_text(const struct field_desc *f, const char *s,
		      const char **why)
{
	size_t n = strlen(s);

	if (!utf8_valid(s, n))
		return fail(why, msg_bad_char);
	if (f->type != FIELD_NOTE && strpbrk(s, "\r\n"))
		return fail(why, msg_one_line);
	if (has_control(s, f->type == FIELD_NOTE))
		return fail(why, msg_bad_char);
	if (utf8_chars(s) > f->max_chars ||
	    (!(f->flags & FIELD_POOLED) && n >= f->size))
		return fail(why, msg_too_long);
	if ((f->flags & FIELD_REQUIRED) && !text_present(s))
		return fail(why, f->why_missing ? f->why_missing : msg_required);
	if ((f->flags & FIELD_ASCII) && !is_ascii(s))
		return fail(why, msg_ascii);
	if (f->type == FIELD_KANA && !is_kana(s))
		return fail(why, msg_kana);
	return 0;
}


void field_set_int(const struct field_desc *f, void *rec, int64_t v)
{
	char *m = (char *)rec + f->offset;

	if (f->size == sizeof(int)) {
		int i = (int)v;
		memcpy(m, &i, sizeof(i));
	} else {
		memcpy(m, &v, sizeof(v));
	}
}

int64_t field_int(const struct field_desc *f, const void *rec)
{
	const char *m = (const char *)rec + f->offset;

	if (f->size == sizeof(int)) {
		int i;
		memcpy(&i, m, sizeof(i));
		return i;
	}
	int64_t v;
	memcpy(&v, m, sizeof(v));
	return v;
}

const char *field_text(const struct field_desc *f, const void *rec)
{
	const char *p;

	if (!(f->flags & FIELD_POOLED))
		return (const char *)rec + f->offset;
	memcpy(&p, (const char *)rec + f->offset, sizeof(p));
	return p ? p : "";
}

void field_set_pooled(const struct field_desc *f, void *rec, const char *p)
{
	memcpy((char *)rec + f->offset, &p, sizeof(p));
}

/* Parses a non-empty text as f's value into *v (or the date into *d). */
static int parse_value(const struct field_desc *f, const char *s, int64_t *v,
		       struct civil_date *d, const char **why)
{
	int value;

	switch (f->type) {
	case FIELD_DATE:
		return civil_parse_iso(s, d) < 0 ? fail(why, msg_date) : 0;
	case FIELD_MOMENT:
		return moment_parse(s, v) < 0 ? fail(why, msg_moment) : 0;
	case FIELD_INT:
		if (parse_int64(s, INT64_MIN, INT64_MAX, v) < 0)
			return fail(why, msg_int);
		return *v < f->min || *v > f->max ? fail(why, msg_range) : 0;
	case FIELD_REF:
		return parse_int64(s, 1, INT64_MAX, v) < 0 ?
			fail(why, msg_ref) : 0;
	case FIELD_ENUM:
		value = fsm_from_key(f->names, f->n_names, s);
		if (value <= 0)
			return fail(why, msg_choice);
		*v = value;
		return 0;
	case FIELD_BOOL:
		if (!strcmp(s, "1") || !strcmp(s, "on") || !strcmp(s, "true"))
			*v = 1;
		else if (!strcmp(s, "0") || !strcmp(s, "false"))
			*v = 0;
		else
			return fail(why, msg_bool);
		return 0;
	default:
		return fail(why, msg_bad_char);
	}
}

static int is_text_type(enum field_type t)
{
	return t == FIELD_TEXT || t == FIELD_NOTE || t == FIELD_KANA;
}

/* The value of a field given as "" (not given). */
static int parse_empty(const struct field_desc *f, void *rec,
		       const char **why)
{
	/* rec may be NULL (a check only): no arithmetic on it then (UB;
	 * tests/fuzz/corpus/csv/crash-ub-null-rec-offset) */
	char *m = rec ? (char *)rec + f->offset : NULL;

	if (f->type == FIELD_BOOL) {
		if (rec)
			field_set_int(f, rec, 0);
		return 0;
	}
	if ((f->flags & FIELD_REQUIRED) && f->why_missing)
		return fail(why, f->why_missing);
	/* a choice or another record is chosen, not typed */
	if (f->flags & FIELD_REQUIRED)
		return fail(why, f->type == FIELD_ENUM || f->type == FIELD_REF ?
			    msg_choose : msg_required);
	if (rec && is_text_type(f->type) && (f->flags & FIELD_POOLED))
		field_set_pooled(f, rec, NULL);
	else if (rec && (is_text_type(f->type) || f->type == FIELD_DATE))
		memset(m, 0, f->size);
	else if (rec)
		field_set_int(f, rec, 0);
	return 0;
}

int field_parse(const struct field_desc *f, const char *text, void *rec,
		const char **why)
{
	return field_parse_in(f, text, rec, NULL, why);
}

int field_parse_in(const struct field_desc *f, const char *text, void *rec,
		   struct pool *pool, const char **why)
{
	char *copy;

	struct civil_date d = {0};
	int64_t v = 0;

	if (!text || !*text)
		return parse_empty(f, rec, why);
	if (is_text_type(f->type)) {
		if (check_text(f, text, why) < 0)
			return MM_EINVAL;
		if (f->rule && f->rule(text, why) < 0)
			return MM_EINVAL;
		if (rec && (f->flags & FIELD_POOLED)) {
			/* Without a pool (or out of it) nothing is stored. */
			copy = pool ? pool_strdup(pool, text) : NULL;
			if (!copy) {
				/* the server short of memory is no fault of
				   the input: no reason then (record_read) */
				*why = !pool || pool_full(pool) ? msg_no_room :
					NULL;
				return MM_ENOMEM;
			}
			field_set_pooled(f, rec, copy);
		} else if (rec) {
			memcpy((char *)rec + f->offset, text, strlen(text) + 1);
		}
		return 0;
	}
	if (parse_value(f, text, &v, &d, why) < 0)
		return MM_EINVAL;
	if (f->rule && f->rule(text, why) < 0)
		return MM_EINVAL;
	if (rec && f->type == FIELD_DATE)
		memcpy((char *)rec + f->offset, &d, sizeof(d));
	else if (rec)
		field_set_int(f, rec, v);
	return 0;
}

/* Whether a field is input in this mode (without RECORD_FIELDS_ONLY). */
static int is_input(const struct field_desc *f, int mode)
{
	if (f->flags & FIELD_SERVER)
		return 0;
	if (mode == RECORD_CREATE)
		return !(f->flags & FIELD_UPDATE_ONLY);
	return !(f->flags & FIELD_CREATE_ONLY);
}

int record_read(const struct record_desc *d, const struct field_source *src,
		void *rec, enum record_mode mode, struct record_faults *faults)
{
	int how = (int)mode & ~RECORD_FIELDS_ONLY;
	size_t before = faults->n;

	for (size_t i = 0; i < d->n_fields; i++) {
		const struct field_desc *f = &d->fields[i];
		const char *text = NULL, *why = NULL;
		int rc;

		if (!is_input(f, how))
			continue;
		rc = src->get(src->src, f, &text, &why);
		if (rc == MM_ENOTFOUND) {
			if (how == RECORD_UPDATE)
				continue;
			text = NULL;
		} else if (rc == MM_EINVAL) {
			record_faults_add(faults, f->key, f->label,
					  why ? why : msg_bad_char);
			continue;
		} else if (rc < 0) {
			return rc; /* the server's fault, not the field's */
		}
		rc = field_parse_in(f, text, rec, src->pool, &why);
		/*
		 * A pool that cannot copy the text is out of memory (its cap is
		 * far above any body): a 503, never a fault of the input
		 * (issue 14, fail_io_steps.test.mjs).
		 */
		if (rc == MM_ENOMEM)
			return rc;
		if (rc < 0)
			record_faults_add(faults, f->key, f->label, why);
	}
	return faults->n > before ? MM_EINVAL : 0;
}

int record_check(const struct record_desc *d, const void *rec, int64_t now,
		 struct record_faults *faults)
{
	const char *field = NULL, *why = NULL;
	const struct field_desc *f;
	int rc;

	if (!d->rules)
		return 0;
	rc = d->rules(rec, now, &field, &why);
	if (rc < 0) {
		f = field ? record_field(d, field) : NULL;
		record_faults_add(faults, field ? field : "",
				  f ? f->label : "", why ? why : msg_bad_char);
	}
	return rc;
}

/* Whether the value of f in the struct at rec reads back as valid. */
static int value_valid(const struct field_desc *f, const void *rec,
		       const char **why)
{
	char text[64];

	if (is_text_type(f->type))
		return field_parse(f, field_text(f, rec), NULL, why);
	field_format(f, rec, text, sizeof(text));
	return field_parse(f, text, NULL, why);
}

int record_valid(const struct record_desc *d, const void *rec, int64_t now,
		 const char **field, const char **why)
{
	const char *key = NULL, *msg = NULL;
	int rc = 0;

	for (size_t i = 0; i < d->n_fields && rc == 0; i++) {
		if (d->fields[i].flags & FIELD_SERVER)
			continue;
		key = d->fields[i].key;
		rc = value_valid(&d->fields[i], rec, &msg);
	}
	if (rc == 0 && d->rules)
		rc = d->rules(rec, now, &key, &msg);
	if (rc < 0 && field)
		*field = key;
	if (rc < 0 && why)
		*why = msg ? msg : msg_bad_char;
	return rc < 0 ? rc : 0;
}

int record_input(const struct record_desc *d, const struct field_source *src,
		 void *rec, enum record_mode mode, int64_t now,
		 struct record_faults *faults)
{
	int rc = record_read(d, src, rec, mode, faults);

	if (rc < 0 || ((int)mode & RECORD_FIELDS_ONLY))
		return rc;
	return record_check(d, rec, now, faults);
}

void field_format(const struct field_desc *f, const void *rec, char *out,
		  size_t size)
{
	const char *key;
	struct civil_date d;
	int64_t v;

	out[0] = '\0';
	if (is_text_type(f->type)) {
		snprintf(out, size, "%s", field_text(f, rec));
		return;
	}
	if (f->type == FIELD_DATE) {
		memcpy(&d, (const char *)rec + f->offset, sizeof(d));
		if (d.year && civil_format_iso(&d, out, size) < 0)
			out[0] = '\0';
		return;
	}
	v = field_int(f, rec);
	if (f->type == FIELD_ENUM) {
		key = field_choice_key(f, (int)v);
		snprintf(out, size, "%s", key ? key : "");
	} else if (f->type == FIELD_MOMENT) {
		if (v)
			moment_format(v, out, size);
	} else if (f->type == FIELD_BOOL) {
		snprintf(out, size, "%s", v ? "1" : "0");
	} else if (v || f->type == FIELD_INT) {
		snprintf(out, size, "%lld", (long long)v);
	}
}

const char *field_choice_label(const struct field_desc *f, int v)
{
	return fsm_label(f->names, f->n_names, v);
}

const char *field_choice_key(const struct field_desc *f, int v)
{
	return fsm_key(f->names, f->n_names, v);
}

const struct field_desc *record_field(const struct record_desc *d,
				      const char *key)
{
	for (size_t i = 0; i < d->n_fields; i++)
		if (!strcmp(d->fields[i].key, key))
			return &d->fields[i];
	return NULL;
}

/* Whether the member size suits the field's type. */
static int size_fits(const struct field_desc *f)
{
	switch (f->type) {
	case FIELD_TEXT: case FIELD_NOTE: case FIELD_KANA:
		if (f->flags & FIELD_POOLED)
			return f->max_chars > 0 && f->size == sizeof(char *);
		return f->max_chars > 0 && f->size >= f->max_chars *
			((f->flags & FIELD_ASCII) ? 1 : 4) + 1;
	case FIELD_DATE:
		return f->size == sizeof(struct civil_date);
	case FIELD_ENUM:
		return f->size == sizeof(int) && f->names && f->n_names > 1;
	case FIELD_BOOL:
		return f->size == sizeof(int);
	case FIELD_INT:
		return f->size == sizeof(int64_t) && f->min <= f->max;
	case FIELD_MOMENT: case FIELD_REF:
		return f->size == sizeof(int64_t);
	}
	return 0;
}

/*
 * FIELD_SEALED on a text or a date (what the store can seal as text);
 * FIELD_LOOKUP on a name (FIELD_TEXT), a reading (FIELD_KANA) or a birth
 * date (FIELD_DATE), at most one of each in a record (core/person.h).
 */
static int seal_flags_fit(const struct record_desc *d, size_t i)
{
	const struct field_desc *f = &d->fields[i];

	if ((f->flags & FIELD_SEALED) && !is_text_type(f->type) &&
	    f->type != FIELD_DATE)
		return 0;
	if (!(f->flags & FIELD_LOOKUP))
		return 1;
	if (f->type != FIELD_TEXT && f->type != FIELD_KANA &&
	    f->type != FIELD_DATE)
		return 0;
	for (size_t j = 0; j < i; j++)
		if ((d->fields[j].flags & FIELD_LOOKUP) &&
		    d->fields[j].type == f->type)
			return 0;
	return 1;
}

int record_desc_check(const struct record_desc *d, const char **bad)
{
	for (size_t i = 0; i < d->n_fields; i++) {
		const struct field_desc *f = &d->fields[i];
		*bad = f->key;
		if (!f->key || !*f->key || !f->label || !*f->label ||
		    !seal_flags_fit(d, i) ||
		    !size_fits(f) || (f->schema && f->type != FIELD_ENUM) ||
		    ((f->flags & FIELD_POOLED) && !is_text_type(f->type)) ||
		    ((f->flags & FIELD_CREATE_ONLY) &&
		     (f->flags & FIELD_UPDATE_ONLY)))
			return MM_EINVAL;
		for (size_t j = 0; j < i; j++)
			if (!strcmp(d->fields[j].key, f->key))
				return MM_EINVAL;
	}
	*bad = NULL;
	return 0;
}

/* ---- moments ---- */

static int two_digits(const char *s, int *out)
{
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return MM_EINVAL;
	*out = (s[0] - '0') * 10 + (s[1] - '0');
	return 0;
}

/* "", "Z", "+09:00", "-05:30" (the whole rest of s) into seconds east. */
static int parse_zone(const char *s, int64_t *east)
{
	int h, m;

	if (!*s) {
		*east = 9 * 3600; /* Asia/Tokyo has no daylight saving */
		return 0;
	}
	if (!strcmp(s, "Z")) {
		*east = 0;
		return 0;
	}
	if ((s[0] != '+' && s[0] != '-') || strlen(s) != 6 || s[3] != ':' ||
	    two_digits(s + 1, &h) < 0 || two_digits(s + 4, &m) < 0 ||
	    h > 23 || m > 59)
		return MM_EINVAL;
	*east = (h * 3600 + m * 60) * (s[0] == '-' ? -1 : 1);
	return 0;
}

int moment_parse(const char *s, int64_t *out)
{
	char day[11];
	struct civil_date d;
	int hh, mm, ss = 0;
	int64_t east;
	size_t at = 16;

	if (!s || strlen(s) < 16 || s[10] != 'T' || s[13] != ':')
		return MM_EINVAL;
	memcpy(day, s, 10);
	day[10] = '\0';
	if (civil_parse_iso(day, &d) < 0 || two_digits(s + 11, &hh) < 0 ||
	    two_digits(s + 14, &mm) < 0 || hh > 23 || mm > 59)
		return MM_EINVAL;
	if (s[16] == ':') {
		if (two_digits(s + 17, &ss) < 0 || ss > 59)
			return MM_EINVAL;
		at = 19;
	}
	if (parse_zone(s + at, &east) < 0)
		return MM_EINVAL;
	*out = civil_to_days(&d) * 86400 + hh * 3600 + mm * 60 + ss - east;
	return 0;
}

void moment_format(int64_t t, char *out, size_t size)
{
	int64_t local = t + 9 * 3600, days, secs;
	struct civil_date d;
	char day[11];

	days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
	secs = local - days * 86400;
	if (civil_from_days(days, &d) < 0 ||
	    civil_format_iso(&d, day, sizeof(day)) < 0) {
		out[0] = '\0';
		return;
	}
	snprintf(out, size, "%sT%02d:%02d", day, (int)(secs / 3600),
		 (int)(secs / 60 % 60));
}
