/*
 * exports.h - the registers as spreadsheets (issue 11): CSV (UTF-8 with
 * a byte order mark, so Excel reads it as UTF-8; or CP932 on request,
 * refusing a character CP932 cannot hold) and XLSX (libxlsxwriter).
 * The columns are the record's descriptor (core/records.c), without its
 * personal, sealed and lookup fields (the cases list: only its listed
 * columns, each case exported audited as a case.read); the rows those the viewer's unit may see (the list's
 * authz view, then ctx_can on each row).  Every export is audited
 * (register.export).  The same handler answers the web's
 * GET /<records>/export and the API's GET /api/v1/<records>/export.
 */
#ifndef MM_APP_EXPORTS_H
#define MM_APP_EXPORTS_H
#ifndef MM_SEES_APP /* the layers: HACKING.md */
#error "layer: app/ is seen only by the front end (app, web, api, cli)"
#endif

#include "../core/authz.h"
#include "../core/charset.h"
#include "app.h"
#include "kinds.h"

/* A register that exports: its kind, the gate of its list, its names. */
struct export_register {
	const struct record_kind *kind;
	enum action gate;      /* as its list's LIST line (api/routes.c) */
	const char *file;      /* file name stem: "lending-register" */
	const char *title;     /* the sheet's name: 貸出管理簿 */
	/*
	 * A register that is no described record (kind NULL): its rows as
	 * export_table gives them, and the audit object type of its export.
	 */
	int (*table)(struct ctx *c, const char ***cells, size_t *n_rows,
		     size_t *n_cols);
	const char *object;
};

extern const struct export_register export_designations, export_loans,
	export_applications, export_takeouts, export_services,
	export_exceptions, export_devices, export_cases, export_disposals;

/*
 * export_column - 1 when field f of kind k is a column of its export:
 * never a personal, sealed or lookup field (what identifies a person),
 * the version or the policy's id; for a kind whose reads are audited (a
 * case) only a listed field.  Decided from the flags alone, so a new
 * identifying field stays out without a line here.
 */
int export_column(const struct record_kind *k, const struct field_desc *f);

/*
 * export_cell_push - appends s (a pool string or a literal; NULL is "")
 * to the malloc'd array *cells of *n cells with room for *cap, growing
 * it by doubling.  0, or MM_ENOMEM (the array is unchanged).
 */
int export_cell_push(const char ***cells, size_t *n, size_t *cap,
		     const char *s);

/* export_register_of - the register of kind k, or NULL. */
const struct export_register *export_register_of(const struct record_kind *k);

/*
 * export_table - the rows of r that c may see, as text: the header (the
 * fields' labels) then one line per record, each n_cols cells, into
 * cells (malloc'd array of pool strings; free() it), and, for a kind
 * whose reads are audited (a case), the ids of its rows into ids
 * (malloc'd, n_ids; free() it; NULL otherwise): the caller audits them
 * before it answers.  A kind whose reads are audited exports only its
 * listed columns; no register exports a personal, sealed or lookup
 * field.  0, or the store's error.  For tests and the handler.
 */
int export_table(struct ctx *c, const struct export_register *r,
		 const char ***cells, size_t *n_rows, size_t *n_cols,
		 int64_t **ids, size_t *n_ids);

/*
 * export_csv_cell - appends text as one CSV cell (RFC 4180 quoting); a
 * cell that a spreadsheet would take for a formula (=, +, -, @, tab, CR
 * first) gets a leading apostrophe, so an exported name never runs as
 * a formula.  0 or out's error.
 */
int export_csv_cell(const char *text, struct buf *out);

/* What a request asks an export to be: ?format= and ?charset=. */
struct export_format {
	int xlsx;          /* 1: XLSX; 0: CSV */
	enum charset cs;   /* CSV's: CHARSET_UTF8 (with a BOM) or CP932 */
};

/*
 * export_format_read - reads ?format=csv|xlsx and ?charset=utf-8|cp932
 * (CSV only) into f.  0, or MM_EINVAL after answering 422 with the
 * Japanese message naming the field.
 */
int export_format_read(struct ctx *c, struct export_format *f);

/*
 * export_encode - the table (n_rows lines of n_cols cells, the first the
 * header) as f asks, into c->res->body; title names the XLSX sheet.  0,
 * or the error after answering it (422 naming a character CP932 cannot
 * hold and its line; 500): nothing goes out then.  The caller audits,
 * then export_attach().
 */
int export_encode(struct ctx *c, const struct export_format *f,
		  const char *title, const char **cells, size_t n_rows,
		  size_t n_cols);

/* export_format_detail - "\"format\":...,\"charset\":..." for an audit. */
void export_format_detail(const struct export_format *f, char *out,
			  size_t size);

/*
 * export_attach - answers 200 with the encoded body as an attachment
 * named "<file>-<today>.csv|xlsx" and its content type.
 */
void export_attach(struct ctx *c, const char *file,
		   const struct export_format *f);

/*
 * export_answer - the route handler (route arg: a struct
 * export_register): ?format=csv (default) or xlsx, ?charset=utf-8
 * (default) or cp932 for CSV.  A bad choice or a character CP932
 * cannot hold is refused (422, a Japanese message naming it); the list
 * refused is the front end's error.  Audited as register.export.
 */
void export_answer(struct ctx *c);

#endif
