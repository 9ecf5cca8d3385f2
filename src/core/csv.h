/*
 * csv.h - a strict RFC 4180 reader for the device list import (R-DEV-1):
 * comma-separated fields, double-quoted fields with "" for a quote and
 * line breaks inside, CRLF or LF line ends, an optional UTF-8 byte order
 * mark (Excel writes one).  Input is UTF-8 text (convert first with
 * charset.h).  Pure: no I/O; the parsed table is allocated and owned by
 * the caller's struct csv.
 */
#ifndef MM_CORE_CSV_H
#define MM_CORE_CSV_H
#ifndef MM_SEES_CORE /* the layers: HACKING.md */
#error "layer: core/ is seen only by core/, store/ and the front end"
#endif

#include <stddef.h>

/* Limits that keep a hostile file from exhausting memory. */
#define CSV_MAX_FIELDS 64      /* fields per row */
#define CSV_MAX_ROWS 10000     /* rows per file, header included */
#define CSV_MAX_FIELD 4096     /* bytes per field */

/* One record; line is the 1-based line of the file where it starts. */
struct csv_row {
	char **fields;   /* n NUL-terminated UTF-8 strings */
	size_t n;
	size_t line;
};

struct csv {
	struct csv_row *rows;
	size_t n;
};

/*
 * csv_parse - parses len bytes of text into *out (set empty first; the
 * caller releases it with csv_release, also after an error).  Lines
 * that are entirely empty are skipped.  Returns 0; MM_EINVAL for a
 * malformed file (a quote inside an unquoted field, text after a closing
 * quote, an unterminated quoted field, a NUL byte) with *err_line (may
 * be NULL) the 1-based line and *why (may be NULL) a static Japanese
 * message; MM_EOVERFLOW past the limits above (same outputs); MM_ENOMEM.
 */
int csv_parse(const char *text, size_t len, struct csv *out,
	      size_t *err_line, const char **why);

/* csv_release - frees every row of c; c is empty and reusable after. */
void csv_release(struct csv *c);

#endif
