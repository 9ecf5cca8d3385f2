/*
 * fuzz_field.c - libFuzzer harness for field_parse_in() (core/record.h),
 * the one reader of a field's text for every front end and the CSV
 * import: dates, moments (Asia/Tokyo), whole numbers, enums, references,
 * booleans, text with its character limit and kana.  The input's first
 * two bytes pick a record descriptor of record_descs[] and one of its
 * fields; the rest is the text.
 *
 * Beyond "does not crash", it checks that what is accepted can be shown
 * and sent back: field_format() of an accepted value is accepted again
 * and formats the same (the edit form shows it and posts it back), text
 * stays valid UTF-8 within the field's limit in characters, and a
 * refusal gives a message and leaves the record as it was.  See
 * replay.c for running it.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/record.h"
#include "core/records.h"
#include "lib/err.h"
#include "lib/pool.h"
#include "lib/util.h"

#include "lib/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Bigger than any record's struct (checked against the descriptor). */
#define REC_MAX 65536

static size_t n_descs(void)
{
	size_t n = 0;

	while (record_descs[n])
		n++;
	return n;
}

static size_t chars_of(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static int is_text(enum field_type t)
{
	return t == FIELD_TEXT || t == FIELD_NOTE || t == FIELD_KANA;
}

static void check_round_trip(const struct field_desc *f, const char *rec,
			     char *again, struct pool *pool)
{
	char shown[8192], shown2[8192];
	const char *why = NULL;

	field_format(f, rec, shown, sizeof(shown));
	if (is_text(f->type)) {
		const char *t = field_text(f, rec);

		if (!utf8_valid(t, strlen(t)) || chars_of(t) > f->max_chars)
			abort();
	}
	if (field_parse_in(f, shown, again, pool, &why) != 0)
		abort();
	field_format(f, again, shown2, sizeof(shown2));
	if (strcmp(shown, shown2))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char rec[REC_MAX], again[REC_MAX], before[REC_MAX];
	const struct record_desc *d;
	const struct field_desc *f;
	struct pool pool;
	const char *why = NULL;
	char *text;
	int rc;

	if (size < 2)
		return 0;
	d = record_descs[data[0] % n_descs()];
	f = &d->fields[data[1] % d->n_fields];
	/* The server sets these; no input is ever read into them. */
	if (f->flags & FIELD_SERVER)
		return 0;
	if (f->offset + f->size > REC_MAX)
		abort();
	text = malloc(size - 1);
	if (!text)
		return 0;
	memcpy(text, data + 2, size - 2);
	text[size - 2] = '\0';
	memset(rec, 0, sizeof(rec));
	memset(again, 0, sizeof(again));
	memset(before, 0, sizeof(before));
	pool_init(&pool, 0);
	rc = field_parse_in(f, text, rec, &pool, &why);
	if (rc == 0)
		check_round_trip(f, rec, again, &pool);
	else if ((rc != MM_EINVAL && rc != MM_ENOMEM) || !why || !why[0] ||
		 memcmp(rec, before, sizeof(rec)))
		abort();
	pool_release(&pool);
	free(text);
	return 0;
}
