/*
 * exports.c - the registers as CSV and XLSX (exports.h).
 */
#include "exports.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "../core/charset.h"
#include "../core/civil.h"
#include "../core/wareki.h"
#include "../lib/buf.h"
#include "../lib/err.h"
#include "../lib/util.h"
#include "disposal.h"
#include "documents.h"
#include "listing.h"
#include "../lib/banned.h"

const struct export_register export_designations = {
	&designation_kind, ACT_HOME_VIEW, "designations", "交信担当者指定簿", NULL, NULL };
const struct export_register export_loans = {
	&loan_kind, ACT_HOME_VIEW, "lending-register", "貸出管理簿", NULL, NULL };
const struct export_register export_applications = {
	&application_kind, ACT_HOME_VIEW, "applications", "借用申請書", NULL, NULL };
const struct export_register export_takeouts = {
	&takeout_kind, ACT_HOME_VIEW, "takeouts",
	"モバイル端末等利用管理簿", NULL, NULL };
const struct export_register export_services = {
	&service_kind, ACT_HOME_VIEW, "services", "外部サービス利用申請", NULL, NULL };
const struct export_register export_exceptions = {
	&exception_kind, ACT_EXCEPTION_VIEW, "exceptions", "例外措置適用申請書", NULL, NULL };
const struct export_register export_devices = {
	&device_kind, ACT_HOME_VIEW, "devices", "端末", NULL, NULL };
/* The cases list (R-CASE-1): only its listed, non-identifying columns. */
const struct export_register export_cases = {
	&case_kind, ACT_HOME_VIEW, "cases", "事案一覧", NULL, NULL };

/* R-RET-2: the disposal register (app/disposal.c gives its rows). */
const struct export_register export_disposals = {
	NULL, ACT_DISPOSAL_VIEW, "disposal-register", "廃棄簿",
	disposal_export_table, "disposal" };

const struct export_register *export_register_of(const struct record_kind *k)
{
	static const struct export_register *const all[] = {
		&export_designations, &export_loans, &export_applications,
		&export_takeouts, &export_services, &export_exceptions,
		&export_devices, &export_cases,
	};

	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		if (all[i]->kind == k)
			return all[i];
	return NULL;
}

/* What identifies a person: never in an export, whatever the register. */
#define IDENTIFYING (FIELD_PERSONAL | FIELD_SEALED | FIELD_LOOKUP)

/*
 * The columns: every field but the version, the policy's id and what
 * identifies a person.  A kind whose every read is on record (read_audit:
 * a case, R-CASE-1) holds a child's circumstances in its free texts too
 * (the post's address, the signals, the reasons), so it exports only the
 * columns its list shows (FIELD_LISTED): a new field of such a record
 * stays out unless it is listed and not marked identifying.
 */
int export_column(const struct record_kind *k, const struct field_desc *f)
{
	if (k->read_audit && !(f->flags & FIELD_LISTED))
		return 0;
	return strcmp(f->key, "version") != 0 &&
		strcmp(f->key, "policy_id") != 0 &&
		strcmp(f->key, "policy_version") != 0 &&
		!(f->flags & IDENTIFYING);
}

int export_cell_push(const char ***cells, size_t *n, size_t *cap,
		     const char *s)
{
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 256;
		const char **p = realloc(*cells, ncap * sizeof *p);

		if (!p)
			return MM_ENOMEM;
		*cells = p;
		*cap = ncap;
	}
	(*cells)[(*n)++] = s ? s : "";
	return 0;
}

/* Grows a malloc'd array of ids by one. */
static int push_id(int64_t **ids, size_t *n, size_t *cap, int64_t id)
{
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 64;
		int64_t *p = realloc(*ids, ncap * sizeof *p);

		if (!p)
			return MM_ENOMEM;
		*ids = p;
		*cap = ncap;
	}
	(*ids)[(*n)++] = id;
	return 0;
}

/* One record's cells. */
static int push_row(struct ctx *c, const struct record_kind *k,
		    const void *rec, const char ***cells, size_t *n,
		    size_t *cap, struct buf *b)
{
	const struct record_desc *d = k->desc;
	int rc = 0;

	for (size_t i = 0; !rc && i < d->n_fields; i++) {
		if (!export_column(k, &d->fields[i]))
			continue;
		buf_reset(b);
		if (strcmp(d->fields[i].key, "id") == 0)
			buf_addf(b, "%lld", (long long)field_int(&d->fields[i],
								 rec));
		else
			document_field_text(c, &d->fields[i], rec, 1, b);
		rc = buf_error(b) < 0 ? buf_error(b) :
			export_cell_push(cells, n, cap, pool_strdup(&c->pool, buf_cstr(b)));
	}
	return rc;
}

int export_table(struct ctx *c, const struct export_register *r,
		 const char ***cells, size_t *n_rows, size_t *n_cols,
		 int64_t **ids, size_t *n_ids)
{
	const struct record_kind *k = r->kind;
	const struct record_desc *d;
	struct authz_view view;
	struct kind_filter f = { 0 };
	struct page_req req = { 0, 0, STORE_PAGE_MAX };
	size_t n = 0, cap = 0, cols = 0, ids_cap = 0;
	struct buf b;
	int rc = 0;

	*cells = NULL;
	*ids = NULL;
	*n_ids = 0;
	if (r->table)
		return r->table(c, cells, n_rows, n_cols);
	d = k->desc;
	view = ctx_list_view(c, k->view);
	for (size_t i = 0; !rc && i < d->n_fields; i++)
		if (export_column(k, &d->fields[i])) {
			cols++;
			rc = export_cell_push(cells, &n, &cap, strcmp(d->fields[i].key, "id") ?
				  d->fields[i].label : "番号");
		}
	*n_rows = 1;
	buf_init(&b, 0);
	while (!rc) {
		struct kind_rows rows = { 0 };

		rc = kind_list(k, c->app->store, &view, &f, &req, &rows);
		for (size_t i = 0; !rc && i < rows.n; i++) {
			const void *rec = (const char *)rows.items + i * k->size;
			struct authz_object o = k->object(rec);

			/* The view chose the rows; each is checked again. */
			if (!ctx_can(c, k->view, &o))
				continue;
			rc = push_row(c, k, rec, cells, &n, &cap, &b);
			if (!rc && k->read_audit)
				rc = push_id(ids, n_ids, &ids_cap,
					     kind_int(k, rec, "id"));
			(*n_rows)++;
		}
		req.after = rows.at.next;
		kind_rows_release(&rows);
		if (!req.after)
			break;
	}
	buf_release(&b);
	*n_cols = cols;
	if (rc < 0) {
		free(*cells);
		*cells = NULL;
		free(*ids);
		*ids = NULL;
		*n_ids = 0;
	}
	return rc;
}

int export_csv_cell(const char *text, struct buf *out)
{
	const char *s = text ? text : "";
	int quote = strpbrk(s, ",\"\r\n") != NULL;

	if (quote)
		buf_addch(out, '"');
	/* CSV injection: Excel runs a cell that starts like a formula; the
	 * apostrophe is inside the cell, so it stays one cell. */
	if (s[0] && strchr("=+-@\t\r", s[0]))
		buf_addch(out, '\'');
	if (!quote)
		return buf_adds(out, s);
	for (; *s; s++) {
		if (*s == '"')
			buf_addch(out, '"');
		buf_addch(out, *s);
	}
	return buf_addch(out, '"');
}

static int csv_text(const char **cells, size_t n_rows, size_t n_cols,
		    struct buf *out)
{
	for (size_t r = 0; r < n_rows; r++) {
		for (size_t i = 0; i < n_cols; i++) {
			if (i)
				buf_addch(out, ',');
			export_csv_cell(cells[r * n_cols + i], out);
		}
		buf_adds(out, "\r\n");
	}
	return buf_error(out);
}

/*
 * The XLSX of the table: libxlsxwriter 1.1 writes only to a file, so it
 * goes to a fresh file of the temporary directory, read back and removed.
 */
static int xlsx_bytes(const char *title, const char **cells,
		      size_t n_rows, size_t n_cols, struct buf *out)
{
	char dir[1024], path[1100];
	lxw_workbook_options opt = { 0 };
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *head;
	int fd, rc;

	temp_dir(dir, sizeof dir);
	if (!dir[0])
		return MM_EIO;
	snprintf(path, sizeof path, "%s/mamori-export-XXXXXX", dir);
	fd = mkstemp(path);
	if (fd < 0)
		return MM_EIO;
	close(fd);
	opt.tmpdir = dir;
	wb = workbook_new_opt(path, &opt);
	if (!wb) {
		unlink(path);
		return MM_ENOMEM;
	}
	ws = workbook_add_worksheet(wb, title);
	head = workbook_add_format(wb);
	format_set_bold(head);
	format_set_bg_color(head, 0xEEEEEE);
	format_set_border(head, LXW_BORDER_THIN);
	worksheet_set_column(ws, 0, (lxw_col_t)(n_cols ? n_cols - 1 : 0), 18,
			     NULL);
	for (size_t row = 0; ws && row < n_rows; row++)
		for (size_t i = 0; i < n_cols; i++)
			worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)i,
					       cells[row * n_cols + i],
					       row ? NULL : head);
	if (ws)
		worksheet_freeze_panes(ws, 1, 0);
	rc = workbook_close(wb) == LXW_NO_ERROR && ws ? 0 : MM_EIO;
	if (rc == 0)
		rc = buf_add_file(out, path);
	unlink(path);
	return rc;
}

/* 422 for a character CP932 cannot hold, naming it and its line. */
static void refuse_cp932(struct ctx *c, const struct charset_fault *f)
{
	char msg[256];

	snprintf(msg, sizeof msg,
		 "「%.*s」（%zu行目）はCP932（Shift_JIS）で表せない文字です。"
		 "文字コードをUTF-8にして出力してください。",
		 (int)f->n_bytes, (const char *)f->bytes, f->line);
	ctx_fail(c, MM_EINVAL, msg, "charset");
}

static void answer_file(struct ctx *c, const char *file, const char *ext,
			const char *type)
{
	char name[160], disp[200], day[16];
	struct civil_date today;

	if (civil_from_unix(now_unix(), &today) < 0 ||
	    civil_format_iso(&today, day, sizeof day) < 0)
		snprintf(day, sizeof day, "today");
	snprintf(name, sizeof name, "%s-%s.%s", file, day, ext);
	snprintf(disp, sizeof disp, "attachment; filename=\"%s\"", name);
	snprintf(c->res->content_type, sizeof c->res->content_type, "%s",
		 type);
	http_response_header(c->res, "Content-Disposition", disp);
	c->res->status = 200;
}

int export_format_read(struct ctx *c, struct export_format *f)
{
	const char *format = http_query(c->req, "format");
	const char *cs_key = http_query(c->req, "charset");

	f->xlsx = 0;
	f->cs = CHARSET_UTF8;
	if (format && strcmp(format, "csv") != 0) {
		if (strcmp(format, "xlsx") != 0) {
			ctx_fail(c, MM_EINVAL, "出力形式は csv または xlsx で指定してください。",
				 "format");
			return MM_EINVAL;
		}
		f->xlsx = 1;
	}
	if (cs_key) {
		f->cs = charset_from_key(cs_key);
		if (f->cs == CHARSET_NONE || f->xlsx) {
			ctx_fail(c, MM_EINVAL, f->xlsx ?
				 "文字コードを指定できるのはCSVの出力だけです。" :
				 "文字コードは utf-8 または cp932 で指定してください。",
				 "charset");
			return MM_EINVAL;
		}
	}
	return 0;
}

int export_encode(struct ctx *c, const struct export_format *f,
		  const char *title, const char **cells, size_t n_rows,
		  size_t n_cols)
{
	struct buf text;
	int rc;

	buf_init(&text, 0);
	buf_reset(&c->res->body);
	if (f->xlsx) {
		rc = xlsx_bytes(title, cells, n_rows, n_cols, &c->res->body);
	} else {
		struct charset_fault fault = { 0 };

		rc = csv_text(cells, n_rows, n_cols, &text);
		if (rc == 0 && f->cs == CHARSET_UTF8) {
			/* The BOM: without it Excel reads the file as CP932. */
			buf_adds(&c->res->body, "\xEF\xBB\xBF");
			rc = buf_add(&c->res->body, text.data, text.len);
		} else if (rc == 0) {
			rc = charset_from_utf8(f->cs, buf_cstr(&text), text.len,
					       &c->res->body, &fault);
			if (rc == MM_EINVAL) {
				buf_reset(&c->res->body);
				refuse_cp932(c, &fault);
				buf_release(&text);
				return rc;
			}
		}
	}
	buf_release(&text);
	if (rc < 0) {
		buf_reset(&c->res->body);
		ctx_fail(c, rc, NULL, NULL);
	}
	return rc;
}

void export_format_detail(const struct export_format *f, char *out,
			  size_t size)
{
	snprintf(out, size, "\"format\":\"%s\",\"charset\":\"%s\"",
		 f->xlsx ? "xlsx" : "csv", f->xlsx ? "" :
		 f->cs == CHARSET_CP932 ? "cp932" : "utf-8");
}

void export_attach(struct ctx *c, const char *file,
		   const struct export_format *f)
{
	if (f->xlsx)
		answer_file(c, file, "xlsx", "application/vnd.openxmlformats-"
			    "officedocument.spreadsheetml.sheet");
	else
		answer_file(c, file, "csv", f->cs == CHARSET_CP932 ?
			    "text/csv; charset=Shift_JIS" :
			    "text/csv; charset=utf-8");
}

void export_answer(struct ctx *c)
{
	const struct export_register *r = c->route_arg;
	struct export_format f;
	const char **cells = NULL;
	int64_t *ids = NULL;
	size_t n_rows = 0, n_cols = 0, n_ids = 0;
	struct actor act;
	char detail[160], fmt[80];
	int rc;

	if (ctx_authorize(c, r->gate, NULL, NULL) < 0 ||
	    export_format_read(c, &f) < 0)
		return;
	rc = export_table(c, r, &cells, &n_rows, &n_cols, &ids, &n_ids);
	if (rc < 0) {
		ctx_list_failed(c, rc, r->kind ? r->kind->path : r->object);
		return;
	}
	if (export_encode(c, &f, r->title, cells, n_rows, n_cols) < 0)
		goto out;
	act = ctx_actor(c, NULL);
	export_format_detail(&f, fmt, sizeof fmt);
	snprintf(detail, sizeof detail, "{%s,\"rows\":%zu}", fmt, n_rows - 1);
	c->log_action = "register.export";
	/* R-CASE-1: each case exported is a case read, as a list row is. */
	if (store_audit_record(c->app->store, &act, "register.export",
			       r->kind ? r->kind->path : r->object, 0,
			       detail) < 0 ||
	    (r->kind && kind_audit_reads(r->kind, c->app->store, &act, ids,
					 n_ids, "export") < 0)) {
		/* An export unaudited is not made: nothing goes out. */
		buf_reset(&c->res->body);
		ctx_fail(c, MM_EIO, NULL, NULL);
		goto out;
	}
	export_attach(c, r->file, &f);
out:
	free(cells);
	free(ids);
}
