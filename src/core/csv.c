#include "csv.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/buf.h"
#include "../lib/err.h"
#include "../lib/banned.h"

/* The parser's position and the row being built. */
struct reader {
	const char *p, *end;
	size_t line;
	struct buf field;
	struct csv_row row;
	const char *why;
};

static void row_free(struct csv_row *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->fields[i]);
	free(r->fields);
	memset(r, 0, sizeof(*r));
}

void csv_release(struct csv *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++)
		row_free(&c->rows[i]);
	free(c->rows);
	c->rows = NULL;
	c->n = 0;
}

/* Moves the field text into the row being built. */
static int end_field(struct reader *r)
{
	char **grown;
	char *s;

	if (buf_error(&r->field))
		return buf_error(&r->field);
	if (r->row.n >= CSV_MAX_FIELDS) {
		r->why = "列が多すぎます";
		return MM_EOVERFLOW;
	}
	s = strdup(buf_cstr(&r->field));
	grown = realloc(r->row.fields, (r->row.n + 1) * sizeof(*grown));
	if (!s || !grown) {
		free(s);
		if (grown)
			r->row.fields = grown;
		return MM_ENOMEM;
	}
	r->row.fields = grown;
	r->row.fields[r->row.n++] = s;
	buf_reset(&r->field);
	return 0;
}

/* Appends the finished row to out, unless it is an empty line. */
static int end_row(struct reader *r, struct csv *out)
{
	struct csv_row *grown;

	if (r->row.n == 1 && r->row.fields[0][0] == '\0') {
		row_free(&r->row);
		return 0;
	}
	if (out->n >= CSV_MAX_ROWS) {
		r->why = "行が多すぎます";
		return MM_EOVERFLOW;
	}
	grown = realloc(out->rows, (out->n + 1) * sizeof(*grown));
	if (!grown)
		return MM_ENOMEM;
	out->rows = grown;
	out->rows[out->n++] = r->row;
	memset(&r->row, 0, sizeof(r->row));
	return 0;
}

static int fail(struct reader *r, int rc, const char *why)
{
	r->why = why;
	return rc;
}

/* A quoted field: from after the opening quote to after the closing one. */
static int read_quoted(struct reader *r)
{
	size_t opened = r->line;

	for (;;) {
		if (r->p >= r->end) {
			/* Name the line where the runaway field began. */
			r->line = opened;
			return fail(r, MM_EINVAL, "引用符が閉じられていません");
		}
		if (*r->p == '"') {
			if (r->p + 1 < r->end && r->p[1] == '"') {
				buf_addch(&r->field, '"');
				r->p += 2;
				continue;
			}
			r->p++;
			break;
		}
		if (*r->p == '\0')
			return fail(r, MM_EINVAL, "NUL文字が含まれています");
		if (*r->p == '\n')
			r->line++;
		buf_addch(&r->field, *r->p++);
	}
	/* After the closing quote only a separator or a line end may come. */
	if (r->p < r->end && *r->p != ',' && *r->p != '\n' &&
	    !(*r->p == '\r' && r->p + 1 < r->end && r->p[1] == '\n'))
		return fail(r, MM_EINVAL, "引用符の後に文字があります");
	return 0;
}

static int read_plain(struct reader *r)
{
	while (r->p < r->end && *r->p != ',' && *r->p != '\n') {
		if (*r->p == '\r' && r->p + 1 < r->end && r->p[1] == '\n')
			break;
		if (*r->p == '"')
			return fail(r, MM_EINVAL,
				    "引用符で囲まれていない項目に引用符があります");
		if (*r->p == '\0')
			return fail(r, MM_EINVAL, "NUL文字が含まれています");
		buf_addch(&r->field, *r->p++);
	}
	return 0;
}

/*
 * One field and the separator after it.  *row_done is set when the
 * field ended its row (a line end or the end of the text).
 */
static int read_field(struct reader *r, int *row_done)
{
	int rc;

	if (r->p < r->end && *r->p == '"') {
		r->p++;
		rc = read_quoted(r);
	} else {
		rc = read_plain(r);
	}
	/* a field that could not grow for want of memory is not too long
	 * (issue 14): the caller answers MM_ENOMEM as the server's failure */
	if (rc == 0 && buf_error(&r->field) == MM_ENOMEM)
		rc = fail(r, MM_ENOMEM, "メモリが不足しています");
	else if (rc == 0 && (buf_error(&r->field) ||
			     r->field.len >= CSV_MAX_FIELD))
		rc = fail(r, MM_EOVERFLOW, "項目が長すぎます");
	if (rc == 0)
		rc = end_field(r);
	if (rc < 0)
		return rc;
	*row_done = 1;
	if (r->p >= r->end)
		return 0;
	if (*r->p == ',') {
		*row_done = 0;
		r->p++;
		return 0;
	}
	r->p += *r->p == '\r' ? 2 : 1;
	r->line++;
	return 0;
}

static int parse_rows(struct reader *r, struct csv *out)
{
	while (r->p < r->end) {
		int done = 0;
		size_t start = r->line;
		int rc;

		while (!done) {
			rc = read_field(r, &done);
			if (rc < 0)
				return rc;
		}
		r->row.line = start;
		rc = end_row(r, out);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int csv_parse(const char *text, size_t len, struct csv *out,
	      size_t *err_line, const char **why)
{
	static const char bom[] = "\xEF\xBB\xBF";
	struct reader r;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&r, 0, sizeof(r));
	if (!text)
		return MM_EINVAL;
	r.p = text;
	r.end = text + len;
	r.line = 1;
	buf_init(&r.field, CSV_MAX_FIELD * 2);
	if (len >= 3 && memcmp(text, bom, 3) == 0)
		r.p += 3;
	rc = parse_rows(&r, out);
	if (rc < 0) {
		if (err_line)
			*err_line = r.line;
		if (why)
			*why = r.why ? r.why : "CSVを読み取れません";
	}
	row_free(&r.row);
	buf_release(&r.field);
	return rc;
}
