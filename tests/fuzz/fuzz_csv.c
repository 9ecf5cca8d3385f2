/*
 * fuzz_csv.c - libFuzzer harness for the device list import (R-DEV-1):
 * charset_to_utf8() (core/charset.h, CP932 through ICU and UTF-8),
 * csv_parse() (core/csv.h) and device_import_read()
 * (core/device_import.h), in the order the import runs them.  The
 * input's first byte picks the charset (odd: CP932), the rest is the
 * file.
 *
 * Beyond "does not crash", it checks what the headers promise: a
 * conversion that succeeds gives well-formed UTF-8 and one that fails appends
 * nothing and says where (an offset inside the input); a parse that
 * succeeds keeps the limits (rows, fields, field bytes), each field is
 * well-formed UTF-8 when the text was, line numbers never go back; the import
 * keeps at most DEVICE_IMPORT_FAULTS_MAX faults, each with a message,
 * and its rows are NUL-terminated within their arrays.  See replay.c
 * for running it.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/charset.h"
#include "core/csv.h"
#include "core/device_import.h"
#include "lib/buf.h"
#include "lib/err.h"
#include "lib/util.h"

#include "lib/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Well-formed UTF-8, control bytes allowed: the conversion keeps them
 * (a field's own rule refuses them later), so utf8_valid(), which also
 * refuses them, is asked about a copy with each C0 byte and DEL made a
 * space.
 */
static int well_formed(const char *p, size_t n)
{
	char *copy = malloc(n + 1);
	int ok;

	if (!copy)
		return 1;
	for (size_t i = 0; i < n; i++)
		copy[i] = ((unsigned char)p[i] < 0x20 && p[i]) || p[i] == 0x7F ?
			  ' ' : p[i];
	ok = utf8_valid(copy, n);
	free(copy);
	return ok;
}

static void check_csv(const struct csv *c)
{
	size_t line = 0;

	if (c->n > CSV_MAX_ROWS)
		abort();
	for (size_t i = 0; i < c->n; i++) {
		const struct csv_row *r = &c->rows[i];

		if (r->n == 0 || r->n > CSV_MAX_FIELDS || r->line <= line)
			abort();
		line = r->line;
		for (size_t j = 0; j < r->n; j++) {
			size_t len = strlen(r->fields[j]);

			if (len > CSV_MAX_FIELD ||
			    !well_formed(r->fields[j], len))
				abort();
		}
	}
}

/* A char array member must hold its NUL: strnlen below its size. */
#define TERMINATED(a) (strnlen((a), sizeof(a)) < sizeof(a))

static void check_import(const struct device_import *d)
{
	if (d->n_kept > DEVICE_IMPORT_FAULTS_MAX || d->n_kept > d->n_faults ||
	    d->n_rows > d->n_records)
		abort();
	for (size_t i = 0; i < d->n_kept; i++)
		if (!d->faults[i].message || !d->faults[i].message[0] ||
		    !d->faults[i].field)
			abort();
	for (size_t i = 0; i < d->n_rows; i++) {
		const struct device_row *r = &d->rows[i];

		if (!TERMINATED(r->model) || !TERMINATED(r->phone) ||
		    !TERMINATED(r->serial) || !TERMINATED(r->contract_ref) ||
		    !TERMINATED(r->remarks) || !r->model[0] || !r->serial[0])
			abort();
	}
}

static void parse_text(const char *text, size_t len)
{
	struct csv c = {0};
	struct device_import d;
	size_t line = 0;
	const char *why = NULL;
	int rc = csv_parse(text, len, &c, &line, &why);

	if (rc == 0)
		check_csv(&c);
	else if ((rc != MM_EINVAL && rc != MM_EOVERFLOW && rc != MM_ENOMEM) ||
		 (rc != MM_ENOMEM && (!why || line == 0)))
		abort();
	csv_release(&c);
	if (c.n != 0)
		abort();
	memset(&d, 0, sizeof(d));
	if (device_import_read(text, len, &d) == 0)
		check_import(&d);
	device_import_release(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf out = BUF_INIT_MAX(1 << 22);
	struct charset_fault fault;
	enum charset cs;
	const char *in;
	size_t len;
	int rc;

	if (size == 0)
		return 0;
	cs = (data[0] & 1) ? CHARSET_CP932 : CHARSET_UTF8;
	in = (const char *)data + 1;
	len = size - 1;
	memset(&fault, 0, sizeof(fault));
	rc = charset_to_utf8(cs, in, len, &out, &fault);
	if (rc == 0) {
		if (!well_formed(buf_cstr(&out), out.len))
			abort();
		parse_text(buf_cstr(&out), out.len);
	} else if (rc == MM_EINVAL) {
		if (out.len != 0 || fault.offset >= len || fault.line == 0 ||
		    fault.n_bytes == 0 || fault.n_bytes > sizeof(fault.bytes))
			abort();
	} else if (rc != MM_ENOMEM && rc != MM_EOVERFLOW) {
		abort();
	}
	buf_release(&out);
	return 0;
}
