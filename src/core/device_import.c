#include "device_import.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csv.h"
#include "records.h"
#include "validate.h"
#include "../lib/err.h"
#include "../lib/banned.h"

enum column { COL_NONE = -1, COL_MODEL, COL_SERIAL, COL_PHONE, COL_CONTRACT,
	      COL_REMARKS, COL__COUNT };

static const char *const column_keys[COL__COUNT] = {
	"model", "serial", "phone", "contract_ref", "remarks",
};

struct heading {
	const char *text;
	enum column col;
};

static const struct heading headings[] = {
	{"model", COL_MODEL}, {"機種", COL_MODEL},
	{"serial", COL_SERIAL}, {"imei", COL_SERIAL}, {"製造番号", COL_SERIAL},
	{"phone", COL_PHONE}, {"電話番号", COL_PHONE},
	{"contract_ref", COL_CONTRACT}, {"契約番号", COL_CONTRACT},
	{"remarks", COL_REMARKS}, {"備考", COL_REMARKS},
};

void device_import_release(struct device_import *d)
{
	if (!d)
		return;
	free(d->rows);
	free(d->faults);
	memset(d, 0, sizeof(*d));
}

static int add_fault(struct device_import *d, size_t row, size_t line,
		     const char *field, const char *message)
{
	struct device_import_fault *f;

	d->n_faults++;
	if (d->n_kept >= DEVICE_IMPORT_FAULTS_MAX)
		return 0;
	f = &d->faults[d->n_kept++];
	f->row = row;
	f->line = line;
	f->field = field;
	f->message = message;
	return 0;
}

/* Copies s without surrounding ASCII white space; 0 or MM_EOVERFLOW. */
static int copy_trimmed(char *dst, size_t size, const char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n >= size)
		return MM_EOVERFLOW;
	memcpy(dst, s, n);
	dst[n] = '\0';
	return 0;
}

static enum column column_of(const char *text)
{
	char t[64];

	if (copy_trimmed(t, sizeof(t), text) < 0)
		return COL_NONE;
	for (size_t i = 0; i < sizeof(headings) / sizeof(headings[0]); i++)
		if (!strcasecmp(t, headings[i].text))
			return headings[i].col;
	return COL_NONE;
}

/* The header: map[i] is the column of field i.  Faults are row 1's. */
static void read_header(const struct csv_row *h, enum column *map,
			struct device_import *d)
{
	int seen[COL__COUNT] = {0};

	for (size_t i = 0; i < h->n; i++) {
		map[i] = column_of(h->fields[i]);
		if (map[i] == COL_NONE)
			add_fault(d, 1, h->line, "", "不明な列見出しがあります");
		else if (seen[map[i]]++)
			add_fault(d, 1, h->line, column_keys[map[i]],
				  "同じ列が二度あります");
	}
	if (!seen[COL_MODEL])
		add_fault(d, 1, h->line, "model", "機種の列がありません");
	if (!seen[COL_SERIAL])
		add_fault(d, 1, h->line, "serial", "製造番号の列がありません");
}

/* The destination and size of a column in a row. */
static char *column_dst(struct device_row *r, enum column col, size_t *size)
{
	switch (col) {
	case COL_MODEL: *size = sizeof(r->model); return r->model;
	case COL_SERIAL: *size = sizeof(r->serial); return r->serial;
	case COL_PHONE: *size = sizeof(r->phone); return r->phone;
	case COL_CONTRACT:
		*size = sizeof(r->contract_ref);
		return r->contract_ref;
	default: *size = sizeof(r->remarks); return r->remarks;
	}
}

/*
 * The rule of one column's value: the device descriptor's, so a file is
 * checked as the web form and the API check (R-DEV-1).  0 or MM_EINVAL
 * with *why.
 */
static int check_column(enum column col, const char *v, const char **why)
{
	const struct field_desc *f = record_field(&device_record,
						  column_keys[col]);

	return f ? field_parse(f, v, NULL, why) : MM_EINVAL;
}

static int serial_seen(const struct device_import *d, const char *serial)
{
	for (size_t i = 0; i < d->n_rows; i++)
		if (!strcmp(d->rows[i].serial, serial))
			return 1;
	return 0;
}

/* One data record; a valid one is appended to d->rows. */
static void read_record(const struct csv_row *rec, size_t row,
			const enum column *map, size_t n_cols,
			struct device_import *d)
{
	struct device_row *r = &d->rows[d->n_rows];
	size_t before = d->n_faults;

	memset(r, 0, sizeof(*r));
	r->row = row;
	if (rec->n != n_cols) {
		add_fault(d, row, rec->line, "", "列の数が見出しと違います");
		return;
	}
	for (size_t i = 0; i < n_cols; i++) {
		const char *why = NULL;
		size_t size;
		char *dst = column_dst(r, map[i], &size);

		if (map[i] == COL_NONE)
			continue;
		if (copy_trimmed(dst, size, rec->fields[i]) < 0)
			add_fault(d, row, rec->line, column_keys[map[i]],
				  "長すぎます");
		else if (check_column(map[i], dst, &why) < 0)
			add_fault(d, row, rec->line, column_keys[map[i]], why);
	}
	if (d->n_faults == before && serial_seen(d, r->serial))
		add_fault(d, row, rec->line, "serial",
			  "同じ製造番号がファイル内にあります");
	if (d->n_faults == before)
		d->n_rows++;
}

static void read_records(const struct csv *c, struct device_import *d)
{
	enum column map[CSV_MAX_FIELDS];

	read_header(&c->rows[0], map, d);
	if (d->n_faults > 0)
		return;
	for (size_t i = 1; i < c->n; i++) {
		d->n_records++;
		read_record(&c->rows[i], i + 1, map, c->rows[0].n, d);
	}
	if (d->n_records == 0)
		add_fault(d, 2, c->rows[0].line + 1, "",
			  "データの行がありません");
}

int device_import_read(const char *text, size_t len,
		       struct device_import *out)
{
	struct csv c;
	size_t line = 0;
	const char *why = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	out->faults = calloc(DEVICE_IMPORT_FAULTS_MAX, sizeof(*out->faults));
	if (!out->faults)
		return MM_ENOMEM;
	rc = csv_parse(text, len, &c, &line, &why);
	if (rc == MM_ENOMEM) {
		csv_release(&c);
		return rc;
	}
	if (rc < 0)
		add_fault(out, 0, line, "", why);
	else if (c.n == 0)
		add_fault(out, 1, 1, "", "見出しの行がありません");
	else if ((out->rows = calloc(c.n, sizeof(*out->rows))) == NULL)
		rc = MM_ENOMEM;
	else
		read_records(&c, out);
	csv_release(&c);
	return rc == MM_ENOMEM ? rc : 0;
}
