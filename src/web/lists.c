#include "lists.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/exports.h"
#include "../app/listing.h"
#include "../lib/err.h"
#include "../lib/util.h"
#include "common.h"
#include "fields.h"
#include "lending.h"
#include "../app/documents.h"
#include "record_form.h"
#include "steps.h"
#include "../lib/banned.h"

/*
 * Whether f is a column of the list: LISTED, but not the id, which the
 * first column stands for (第N号, or the link of the first field).
 */
static int is_column(const struct field_desc *f)
{
	return (f->flags & FIELD_LISTED) && strcmp(f->key, "id");
}

/* How many labels a table of LISTED fields may have (番号 and the end). */
#define HEADS_MAX 16

/* The heads of r's table: its own, or 番号 and the LISTED labels. */
static const char *const *list_heads(const struct web_list_route *r,
				     const char *out[HEADS_MAX])
{
	const struct record_desc *d = r->kind->desc;
	size_t n = 0;

	if (r->heads)
		return r->heads;
	if (r->numbered)
		out[n++] = "番号";
	for (size_t i = 0; i < d->n_fields && n < HEADS_MAX - 1; i++)
		if (is_column(&d->fields[i]))
			out[n++] = d->fields[i].label;
	out[n] = NULL;
	return out;
}

/* The name a reference to another record shows: joined by the list. */
static void ref_cell(struct page *p, const struct field_desc *f,
		     const struct row_joined *j)
{
	char dev[2 * MM_NAME_MAX + 8];
	const char *name = "";

	if (!strcmp(f->key, "unit_id")) {
		name = j->unit_name;
	} else if (!strcmp(f->key, "device_id")) {
		if (*j->device_model || *j->device_serial)
			snprintf(dev, sizeof(dev), "%s（%s）", j->device_model,
				 j->device_serial);
		else
			dev[0] = '\0';
		name = dev;
	} else {
		name = j->user_name;   /* user_id, officer_id: the row's person */
	}
	html_elem(&p->h, "td", NULL, *name ? name : "—");
}

/*
 * The text of field f of rec as a screen shows it: an enum's label, a
 * text, else its canonical form in text (size bytes).
 */
static const char *field_shown(const struct field_desc *f, const void *rec,
			       char *text, size_t size)
{
	switch (f->type) {
	case FIELD_ENUM:
		return field_choice_label(f, (int)field_int(f, rec));
	case FIELD_TEXT:
	case FIELD_NOTE:
	case FIELD_KANA:
		return field_text(f, rec);
	default:
		field_format(f, rec, text, size);
		return text;
	}
}

/* The cell of field f of rec; linked to href when href is not NULL. */
static void field_cell(struct page *p, const struct field_desc *f,
		       const void *rec, const struct row_joined *j,
		       const char *href)
{
	char text[64];
	const char *v;
	struct civil_date d;

	switch (f->type) {
	case FIELD_REF:
		ref_cell(p, f, j);
		return;
	case FIELD_MOMENT:
	case FIELD_DATE:
		html_open(&p->h, "td", NULL);
		if (f->type == FIELD_MOMENT) {
			page_wareki(p, field_int(f, rec), 1);
		} else {
			memcpy(&d, (const char *)rec + f->offset, sizeof(d));
			page_civil(p, &d);
		}
		html_close(&p->h, "td");
		return;
	default:
		v = field_shown(f, rec, text, sizeof(text));
		break;
	}
	if (!href) {
		html_elem(&p->h, "td", NULL, v);
		return;
	}
	html_open(&p->h, "td", NULL);
	html_elem(&p->h, "a", "href", href, NULL, v);
	html_close(&p->h, "td");
}

/* The row of rec with the cells of the LISTED fields of its kind. */
static void listed_row(struct page *p, const struct web_list_route *r,
		       const void *rec, const struct row_joined *j)
{
	const struct record_desc *d = r->kind->desc;
	const struct field_desc *id = record_field(d, "id");
	int64_t n = field_int(id, rec);
	char href[80], num[24];
	int linked = r->numbered;

	href_of(href, r->kind->path, n, NULL);
	html_open(&p->h, "tr", NULL);
	if (r->numbered) {
		html_open(&p->h, "td", NULL);
		html_open(&p->h, "a", "href", href, NULL);
		html_textf(&p->h, "第%s号", i64s(num, n));
		html_close(&p->h, "a");
		html_close(&p->h, "td");
	}
	for (size_t i = 0; i < d->n_fields; i++) {
		if (!is_column(&d->fields[i]))
			continue;
		field_cell(p, &d->fields[i], rec, j, linked ? NULL : href);
		linked = 1;
	}
	html_close(&p->h, "tr");
}

/* The rows of r that pass the second check; the number written. */
static size_t list_rows(struct page *p, const struct web_list_route *r,
			const struct kind_rows *rows)
{
	static const struct row_joined none = ROW_JOINED_NONE;
	const struct record_kind *k = r->kind;
	const char *rec = rows->items;
	size_t shown = 0;

	for (size_t i = 0; i < rows->n; i++, rec += k->size) {
		struct authz_object o = k->object(rec);
		const struct row_joined *j = rows->joined ? &rows->joined[i]
							  : &none;
		if (!ctx_list_row_ok(p->c, k->view, &o))
			continue;
		if (r->row)
			r->row(p, rec, j);
		else
			listed_row(p, r, rec, j);
		shown++;
	}
	return shown;
}

/* The register as a spreadsheet (issue 11; app/exports.h). */
static void export_links(struct page *p, const struct record_kind *k)
{
	char href[96];

	if (!export_register_of(k))
		return;
	html_open(&p->h, "p", "class", "exports", NULL);
	html_text(&p->h, "出力：");
	snprintf(href, sizeof href, "/%s/export", k->path);
	html_elem(&p->h, "a", "href", href, NULL, "CSV（Excel用）");
	html_text(&p->h, "　");
	snprintf(href, sizeof href, "/%s/export?charset=cp932", k->path);
	html_elem(&p->h, "a", "href", href, NULL, "CSV（Shift_JIS）");
	html_text(&p->h, "　");
	snprintf(href, sizeof href, "/%s/export?format=xlsx", k->path);
	html_elem(&p->h, "a", "href", href, NULL, "Excel（XLSX）");
	html_close(&p->h, "p");
}

/*
 * R-CASE-1: every record of a kind whose reads are audited that the page
 * shows (those the user may view), one entry each, before it is shown.
 */
static int audit_list_reads(struct ctx *c, const struct record_kind *k,
			    const struct kind_rows *rows)
{
	int64_t *ids;
	size_t n = 0;
	struct actor a;
	int rc;

	if (!k->read_audit || rows->n == 0)
		return 0;
	ids = calloc(rows->n, sizeof *ids);
	if (!ids)
		return MM_ENOMEM;
	for (size_t i = 0; i < rows->n; i++) {
		const void *rec = (const char *)rows->items + i * k->size;
		struct authz_object o = k->object(rec);

		if (ctx_can(c, k->view, &o))
			ids[n++] = kind_int(k, rec, "id");
	}
	a = ctx_actor(c, NULL);
	rc = kind_audit_reads(k, c->app->store, &a, ids, n, "list");
	free(ids);
	return rc;
}

void web_list(struct ctx *c)
{
	const struct web_list_route *r = c->route_arg;
	const struct record_kind *k = r->kind;
	struct authz_object gate = r->gate ? r->gate(c) : own_unit(c);
	struct authz_view view = ctx_list_view(c, k->view);
	const char *heads[HEADS_MAX];
	struct kind_rows rows = { 0 };
	struct page_req req;
	char base[64];
	struct page p;
	int rc;

	struct kind_filter filter = { 0 };
	const char *q = r->by_case ? http_query(c->req, "case_id") : NULL;
	char n[24];

	if (ctx_authorize(c, k->view, &gate, NULL) < 0 ||
	    web_page_req(c, &req) < 0)
		return;
	if (!str_empty(q) && parse_id(q, &filter.case_id) < 0) {
		ctx_fail(c, MM_EINVAL, "検索条件が正しくありません", "case_id");
		return;
	}
	if ((rc = kind_list(k, c->app->store, &view, &filter, &req,
			    &rows)) < 0) {
		ctx_list_failed(c, rc, k->path);
		kind_rows_release(&rows);
		return;
	}
	if ((rc = audit_list_reads(c, k, &rows)) < 0) {
		ctx_fail(c, rc, NULL, NULL);
		kind_rows_release(&rows);
		return;
	}
	snprintf(base, sizeof(base), "/%s", k->path);
	page_begin(&p, c, r->title, base);
	html_elem(&p.h, "h1", NULL, r->heading);
	if (filter.case_id) {
		char href[80];

		html_open(&p.h, "p", NULL);
		html_textf(&p.h, "事案 第%s号の記録です。",
			   i64s(n, filter.case_id));
		html_elem(&p.h, "a", "href", href_of(href, "cases",
			  filter.case_id, NULL), NULL, "事案へ戻る");
		html_close(&p.h, "p");
		snprintf(base, sizeof(base), "/%s?case_id=%s", k->path,
			 i64s(n, filter.case_id));
	}
	if (r->actions)
		r->actions(&p);
	export_links(&p, r->kind);
	table_begin(&p.h, list_heads(r, heads));
	table_end(&p.h, list_rows(&p, r, &rows), r->empty);
	web_pager(&p, base, &rows.at);
	kind_rows_release(&rows);
	page_end(&p, 200);
}

/* The form of r, filled with what was posted in f (may be NULL). */
static void new_form(struct ctx *c, const struct web_new_route *r,
		     const struct form *f, const struct form_errors *e,
		     const void *rec, int status)
{
	char path[64];
	struct page p;

	snprintf(path, sizeof(path), "/%s", r->kind->path);
	page_begin(&p, c, r->title, path);
	html_elem(&p.h, "h1", NULL, r->heading);
	if (r->intro)
		html_elem(&p.h, "p", NULL, r->intro);
	form_error_summary(&p, e);
	form_begin(&p.h, c, path, "stack");
	for (size_t i = 0; r->fields[i]; i++)
		if (!r->field || !r->field(&p, r->fields[i], f, e, rec))
			web_record_field(&p.h, e, r->kind->desc, r->fields[i],
					 f, rec);
	form_submit(&p.h, r->submit);
	form_end(&p.h);
	page_end(&p, status);
}

/*
 * Whether the user may make a record of r now: its made_by step's act on
 * the gate *o, and the state machine from no state (rec, zeroed).  0, or
 * answered.
 */
static int may_make(struct ctx *c, const struct web_new_route *r,
		    const void *rec, struct authz_object *o,
		    struct authz_grant *g)
{
	const struct step *st = r->kind->made_by;

	*o = r->gate ? r->gate(c) : own_unit(c);
	if (ctx_authorize(c, st->act, o, g) < 0)
		return MM_EDENIED;
	return ctx_check_step(c, st, rec, g->role);
}

/*
 * ?case_id= of a link from a case's page into rec's "case_id" (only a
 * default of the form: the post is read and checked as any).  0, or
 * answered.
 */
static int prefill(struct ctx *c, const struct web_new_route *r, void *rec)
{
	const char *q = http_query(c->req, "case_id");
	int64_t id = 0;

	if (str_empty(q) || !record_field(r->kind->desc, "case_id"))
		return 0;
	if (parse_id(q, &id) < 0) {
		ctx_fail(c, MM_EINVAL, "検索条件が正しくありません", "case_id");
		return MM_EINVAL;
	}
	kind_set_int(r->kind, rec, "case_id", id);
	return 0;
}

void web_new(struct ctx *c)
{
	const struct web_new_route *r = c->route_arg;
	void *rec = calloc(1, r->kind->size);
	struct authz_object o;
	struct authz_grant g;

	if (!rec)
		web_store_fail(c, MM_ENOMEM);
	else if (may_make(c, r, rec, &o, &g) == 0 && prefill(c, r, rec) == 0)
		new_form(c, r, NULL, NULL, rec, 200);
	free(rec);
}

/*
 * A refusal rc of k's create that its made_by step's explain turns into
 * faults beside the fields (the rules run again over what the server
 * set into rec, or its message): 1 when e holds one, else 0.
 */
static int create_explained(struct ctx *c, const struct record_kind *k,
			    int rc, void *rec, struct form_errors *e)
{
	const struct step *st = k->made_by;
	const char *field = NULL, *why = NULL;
	const struct field_desc *fd;

	if (!st->explain)
		return 0;
	if (st->explain(c->app->store, rc, rec, &field, &why) == 1)
		return web_record_check(k->desc, rec, e) < 0;
	if (!why)
		return 0;
	fd = field ? record_field(k->desc, field) : NULL;
	form_errors_add(e, fd ? fd->key : "", fd ? fd->label : "", why);
	ctx_note_refusal(c, rc, why, field);
	return 1;
}

void web_create(struct ctx *c)
{
	const struct web_new_route *r = c->route_arg;
	const struct record_kind *k = r->kind;
	void *rec = calloc(1, k->size);
	struct form f = { .n = 0 };
	struct authz_object o;
	struct authz_grant g;
	struct form_errors e;
	struct actor a;
	int rc;

	if (!rec) {
		web_store_fail(c, MM_ENOMEM);
		return;
	}
	if (may_make(c, r, rec, &o, &g) < 0 || form_read(c, &f, r->fields) < 0)
		goto out;
	form_errors_init(&e);
	if (web_record_read(&f, k->desc, rec, RECORD_CREATE, &e) == 0) {
		kind_set_int(k, rec, "unit_id", o.unit_id);
		a = ctx_actor(c, &g);
		rc = k->create(c->app->store, &a, rec);
		if (rc < 0 && create_explained(c, k, rc, rec, &e))
			goto shown;
		if (rc != MM_EINVAL) {
			web_step_done(c, k, kind_int(k, rec, "id"),
				      rc, NULL);
			goto out;
		}
		form_errors_add(&e, "", "", store_message(rc));
	}
shown:
	new_form(c, r, &f, &e, rec, 422);
out:
	form_release(&f);
	free(rec);
}

size_t web_step_buttons(struct page *p, const struct record_kind *k,
			const void *rec, const struct web_step_button *buttons)
{
	struct authz_object o = k->object(rec);
	int64_t id = kind_int(k, rec, "id");
	size_t n = 0;
	char href[80];

	for (const struct web_step_button *b = buttons; b && b->step; b++) {
		if (!step_open_to(p->c->who, b->step, &o, rec))
			continue;
		if (!n++) {
			html_elem(&p->h, "h2", NULL, "あなたの対応");
			html_open(&p->h, "div", "class", "actions", NULL);
		}
		post_button(p, href_of(href, k->path, id, b->suffix),
			    kind_int(k, rec, "version"), b->label, NULL);
	}
	if (n)
		html_close(&p->h, "div");
	return n;
}

void web_details(struct page *p, const struct record_kind *k,
		 const void *rec, const char *const *keys)
{
	char name[MM_NAME_MAX], text[64];

	for (size_t i = 0; keys[i]; i++) {
		const struct field_desc *f = record_field(k->desc, keys[i]);
		const char *v;

		switch (f->type) {
		case FIELD_MOMENT:
			html_elem(&p->h, "dt", NULL, f->label);
			html_open(&p->h, "dd", NULL);
			page_wareki(p, field_int(f, rec), 1);
			html_close(&p->h, "dd");
			continue;
		case FIELD_REF: /* the one a page names is its unit */
			unit_name_of(p->c->app->store, field_int(f, rec), name,
				     sizeof(name));
			v = name;
			break;
		default:
			v = field_shown(f, rec, text, sizeof(text));
			break;
		}
		dl_row(p, f->label, v);
	}
}

void web_show(struct ctx *c)
{
	const struct web_show_route *r = c->route_arg;
	const struct record_kind *k = r->kind;
	void *rec = calloc(1, k->size);
	char title[96], n[24], path[64];
	struct page p;

	if (!rec) {
		web_store_fail(c, MM_ENOMEM);
		return;
	}
	if (web_load(c, k, k->view, rec, NULL) < 0)
		goto out;
	snprintf(title, sizeof(title), "%s 第%s号", k->desc->label,
		 i64s(n, kind_int(k, rec, "id")));
	snprintf(path, sizeof(path), "/%s", k->path);
	page_begin(&p, c, title, path);
	html_elem(&p.h, "h1", NULL, title);
	/* A kind with a printed form (form 4): its 印刷（PDF）. */
	if (document_form_of(k))
		print_link(&p, k->path, kind_int(k, rec, "id"));
	html_open(&p.h, "dl", "class", "details", NULL);
	web_details(&p, k, rec, r->keys);
	if (r->more)
		r->more(&p, rec);
	html_close(&p.h, "dl");
	if (r->after)
		r->after(&p, rec);
	web_step_buttons(&p, k, rec, r->buttons);
	page_end(&p, 200);
out:
	free(rec);
}

size_t web_waiting(struct page *p, const struct waiting *w)
{
	const struct record_kind *k = w->kind;
	struct waiting_items items = { 0 };
	size_t shown;

	if (waiting_list(p->c, w, &items) < 0)
		items.n = 0;
	if (items.n)
		html_open(&p->h, "ul", "class", "reminders", NULL);
	for (size_t i = 0; i < items.n; i++) {
		const struct waiting_item *it = &items.items[i];
		char href[80], n[24];

		html_open(&p->h, "li", NULL);
		html_open(&p->h, "a", "href", href_of(href, k->path, it->id,
						     NULL), NULL);
		html_textf(&p->h, "%s 第%s号（%s）：%s", w->noun,
			   i64s(n, it->id), it->about, it->step->label);
		html_close(&p->h, "a");
		html_close(&p->h, "li");
	}
	shown = items.n;
	if (shown)
		html_close(&p->h, "ul");
	waiting_items_release(&items);
	return shown;
}
