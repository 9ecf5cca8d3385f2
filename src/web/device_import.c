/*
 * device_import.c - the CSV import of the device registry (R-DEV-1):
 * upload form (file, encoding UTF-8 or CP932, dry run), then a table of
 * every row's errors, or the count imported.  Nothing is imported unless
 * every row is valid (store_device_import is one transaction).
 */
#include "devices.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/charset.h"
#include "../core/csv.h"
#include "../core/text.h"
#include "../http/multipart.h"
#include "../lib/err.h"
#include "../lib/util.h"
#include "common.h"
#include "fields.h"
#include "layout.h"
#include "lending.h"
#include "steps.h"
#include "../lib/banned.h"

#define IMPORT_FILE_MAX ((size_t)1 << 20)
#define IMPORT_ERRORS_MAX 200

/* The registry's columns, by Japanese or English header. */
enum column { COL_MODEL, COL_PHONE, COL_SERIAL, COL_CONTRACT, COL_REMARKS,
	      COL__COUNT };

static const char *const col_ja[COL__COUNT] = {
	"機種", "電話番号", "製造番号", "契約番号", "備考"
};
static const char *const col_en[COL__COUNT] = {
	"model", "phone", "serial", "contract_ref", "remarks"
};

struct row_error {
	size_t line;
	const char *column;   /* "" for the whole row or file */
	const char *message;
};

struct import {
	struct row_error errors[IMPORT_ERRORS_MAX];
	size_t n_errors, n_rows;
	int dry_run;
	struct device *items;
	int col[COL__COUNT];  /* field index of each column, -1 when absent */
};

static void add_error(struct import *im, size_t line, const char *column,
		      const char *message)
{
	if (im->n_errors < IMPORT_ERRORS_MAX) {
		im->errors[im->n_errors].line = line;
		im->errors[im->n_errors].column = column;
		im->errors[im->n_errors].message = message;
	}
	im->n_errors++;
}

static void write_upload_form(struct page *p)
{
	html_open(&p->h, "form", "method", "post", "action", "/devices/import",
		  "enctype", "multipart/form-data", "class", "stack",
		  "novalidate", "", NULL);
	form_hidden(&p->h, "csrf", p->c->csrf);
	html_open(&p->h, "div", "class", "field", NULL);
	html_elem(&p->h, "label", "for", "f-file", NULL, "CSVファイル");
	html_elem(&p->h, "span", "class", "hint", "id", "f-file-hint", NULL,
		  "1行目は見出し（機種,電話番号,製造番号,契約番号,備考）");
	html_void(&p->h, "input", "type", "file", "id", "f-file", "name", "file",
		  "accept", ".csv,text/csv", "aria-describedby", "f-file-hint",
		  NULL);
	html_close(&p->h, "div");
	field_select_begin(&p->h, NULL, "encoding", "文字コード");
	field_option(&p->h, "utf-8", "UTF-8", 1);
	field_option(&p->h, "cp932", "Shift_JIS（Excelの「CSV（コンマ区切り）」）", 0);
	field_select_end(&p->h);
	field_check(&p->h, NULL, "dry_run", "確認のみ（取り込まずに誤りを一覧する）", 1);
	form_submit(&p->h, "送信する");
	html_close(&p->h, "form");
}

void web_device_import_form(struct ctx *c)
{
	struct page p;

	if (ctx_authorize(c, ACT_DEVICE_MANAGE, NULL, NULL) < 0)
		return;
	page_begin(&p, c, "端末一覧の取込み", "/devices");
	html_elem(&p.h, "h1", NULL, "端末一覧の取込み（CSV）");
	html_elem(&p.h, "p", NULL,
		  "すべての行に誤りがない場合に限り、まとめて取り込みます。");
	write_upload_form(&p);
	page_end(&p, 200);
}

static void write_errors(struct page *p, const struct import *im)
{
	size_t i, shown = im->n_errors < IMPORT_ERRORS_MAX ? im->n_errors
							    : IMPORT_ERRORS_MAX;

	html_open(&p->h, "div", "class", "error-summary", "role", "alert", NULL);
	html_open(&p->h, "h2", NULL);
	html_textf(&p->h, "%zu件の誤りがあります。取り込みは行っていません。",
		   im->n_errors);
	html_close(&p->h, "h2");
	html_close(&p->h, "div");
	table_begin(&p->h, (const char *const[]){ "行", "項目", "内容", NULL });
	for (i = 0; i < shown; i++) {
		html_open(&p->h, "tr", NULL);
		html_open(&p->h, "td", NULL);
		if (im->errors[i].line)
			html_textf(&p->h, "%zu", im->errors[i].line);
		else
			html_text(&p->h, "—");
		html_close(&p->h, "td");
		html_elem(&p->h, "td", NULL, *im->errors[i].column ?
			  im->errors[i].column : "—");
		html_elem(&p->h, "td", NULL, im->errors[i].message);
		html_close(&p->h, "tr");
	}
	html_close(&p->h, "tbody");
	html_close(&p->h, "table");
}

static void render_result(struct ctx *c, const struct import *im, int status)
{
	struct page p;

	page_begin(&p, c, "端末一覧の取込み", "/devices");
	html_elem(&p.h, "h1", NULL, "端末一覧の取込み（CSV）");
	if (im->n_errors) {
		write_errors(&p, im);
	} else {
		html_open(&p.h, "p", "class", "notice", "role", "status", NULL);
		html_textf(&p.h, im->dry_run ?
			   "%zu件すべてに誤りはありません（確認のみ。取り込んでいません）。" :
			   "%zu件を取り込みました。", im->n_rows);
		html_close(&p.h, "p");
		html_elem(&p.h, "a", "href", "/devices", NULL, "端末一覧へ");
	}
	html_elem(&p.h, "h2", NULL, "もう一度送信する");
	write_upload_form(&p);
	page_end(&p, status);
}

/* Maps the header row's names to columns. */
static void read_header(struct import *im, const struct csv_row *h)
{
	size_t i, k;

	for (k = 0; k < COL__COUNT; k++)
		im->col[k] = -1;
	for (i = 0; i < h->n; i++)
		for (k = 0; k < COL__COUNT; k++)
			if (!strcmp(h->fields[i], col_ja[k]) ||
			    !strcmp(h->fields[i], col_en[k]))
				im->col[k] = (int)i;
	for (k = 0; k <= COL_SERIAL; k++)
		if (im->col[k] < 0)
			add_error(im, h->line, col_ja[k],
				  "見出しにこの列がありません。");
}

static void copy_field(struct import *im, const struct csv_row *r,
		       enum column k, char *dst, size_t size, int required)
{
	const char *v = im->col[k] >= 0 && (size_t)im->col[k] < r->n ?
			r->fields[im->col[k]] : "";

	if (strlen(v) >= size)
		add_error(im, r->line, col_ja[k], "長すぎます。");
	else if (required && !text_present(v))
		add_error(im, r->line, col_ja[k], "入力がありません。");
	else
		snprintf(dst, size, "%s", v);
}

/* copy_field for a pooled member: points it at the file's text. */
static void point_field(struct import *im, const struct csv_row *r,
			enum column k, const char **dst, size_t size,
			int required)
{
	const char *v = im->col[k] >= 0 && (size_t)im->col[k] < r->n ?
			r->fields[im->col[k]] : "";

	if (strlen(v) >= size)
		add_error(im, r->line, col_ja[k], "長すぎます。");
	else if (required && !text_present(v))
		add_error(im, r->line, col_ja[k], "入力がありません。");
	else
		*dst = v; /* the file's rows outlive the import */
}

static void read_rows(struct import *im, const struct csv *t)
{
	size_t i, j;

	for (i = 1; i < t->n; i++) {
		struct device *d = &im->items[i - 1];
		const struct csv_row *r = &t->rows[i];
		point_field(im, r, COL_MODEL, &d->model, MM_NAME_MAX, 1);
		copy_field(im, r, COL_PHONE, d->phone, sizeof(d->phone), 1);
		copy_field(im, r, COL_SERIAL, d->serial, sizeof(d->serial), 1);
		point_field(im, r, COL_CONTRACT, &d->contract_ref, MM_NAME_MAX,
			    0);
		point_field(im, r, COL_REMARKS, &d->remarks, MM_TEXT_MAX, 0);
		for (j = 0; j + 1 < i && *d->serial; j++)
			if (!strcmp(im->items[j].serial, d->serial)) {
				add_error(im, r->line, col_ja[COL_SERIAL],
					  "同じ製造番号がファイル内で重複しています。");
				break;
			}
	}
	im->n_rows = t->n - 1;
}

/* Decodes and checks the file; errors go to im. */
static int check_file(struct import *im, enum charset cs,
		      const struct multipart_part *file, struct buf *text,
		      struct csv *t)
{
	struct charset_fault fault;
	const char *why = NULL;
	size_t line = 0;
	int rc;

	if ((rc = charset_to_utf8(cs, file->data, file->len, text, &fault)) < 0) {
		add_error(im, rc == MM_EINVAL ? fault.line : 0, "",
			  "指定の文字コードで読めない文字があります。文字コードの選択を確認してください。");
		return rc;
	}
	if ((rc = csv_parse(buf_cstr(text), strlen(buf_cstr(text)), t, &line,
			    &why)) < 0) {
		add_error(im, line, "", why ? why : "CSVの形式が正しくありません。");
		return rc;
	}
	if (t->n < 2) {
		add_error(im, 0, "", "取り込む行がありません。");
		return MM_EINVAL;
	}
	read_header(im, &t->rows[0]);
	if (im->n_errors)
		return MM_EINVAL;
	im->items = calloc(t->n - 1, sizeof(*im->items));
	if (!im->items)
		return MM_ENOMEM;
	read_rows(im, t);
	return im->n_errors ? MM_EINVAL : 0;
}

static const char *const import_parts[] = {
	"csrf", "file", "encoding", "dry_run", NULL
};

static int parts_known(const struct multipart *m)
{
	size_t i, k;

	for (i = 0; i < m->n; i++) {
		for (k = 0; import_parts[k]; k++)
			if (!strcmp(m->parts[i].name, import_parts[k]))
				break;
		if (!import_parts[k])
			return 0;
	}
	return 1;
}

/* The value of a small text part as a C string ("" when absent). */
static const char *part_text(const struct multipart *m, const char *name,
			     char *out, size_t size)
{
	const struct multipart_part *p = multipart_get(m, name);

	out[0] = '\0';
	if (p && !p->is_file && p->len < size) {
		memcpy(out, p->data, p->len);
		out[p->len] = '\0';
	}
	return out;
}

static void run_import(struct ctx *c, const struct authz_grant *g,
		       struct import *im, const struct multipart *m)
{
	const struct multipart_part *file = multipart_get(m, "file");
	struct csv t = { NULL, 0 };
	struct buf text;
	char enc[16], flag[4];
	enum charset cs = charset_from_key(part_text(m, "encoding", enc,
						     sizeof(enc)));
	size_t bad = 0;
	int rc;

	im->dry_run = !strcmp(part_text(m, "dry_run", flag, sizeof(flag)), "1");
	buf_init(&text, 4 * IMPORT_FILE_MAX);
	if (!file || !file->is_file || !file->len)
		add_error(im, 0, "", "CSVファイルを選択してください。");
	else if (cs == CHARSET_NONE)
		add_error(im, 0, "", "文字コードを選択してください。");
	rc = im->n_errors ? MM_EINVAL : check_file(im, cs, file, &text, &t);
	if (rc == 0 && !im->dry_run) {
		struct actor a = ctx_actor(c, g);
		rc = store_device_import(c->app->store, &a, im->items,
					 im->n_rows, &bad);
		if (rc == MM_EEXIST && bad < im->n_rows)
			add_error(im, t.rows[bad + 1].line, col_ja[COL_SERIAL],
				  "この製造番号は既に登録されています。");
	}
	if (rc == 0 || im->n_errors)
		render_result(c, im, rc == 0 ? 200 : 422);
	else
		lending_fail(c, rc, NULL);
	csv_release(&t);
	buf_release(&text);
}

void web_device_import(struct ctx *c)
{
	struct authz_grant g;
	struct multipart m;
	struct import *im;

	if (ctx_authorize(c, ACT_DEVICE_MANAGE, NULL, &g) < 0)
		return;
	if (multipart_parse(c->req->content_type, c->req->body,
			    c->req->body_len, IMPORT_FILE_MAX, &m) < 0 ||
	    !parts_known(&m)) {
		ctx_fail(c, MM_EINVAL, "送信された内容を読み取れませんでした。", NULL);
		return;
	}
	im = calloc(1, sizeof(*im));
	if (!im) {
		web_store_fail(c, MM_ENOMEM);
		return;
	}
	run_import(c, &g, im, &m);
	free(im->items);
	free(im);
}
