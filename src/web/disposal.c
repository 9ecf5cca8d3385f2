#include "disposal.h"

#include <stdio.h>
#include <string.h>

#include "../app/disposal.h"
#include "../app/listing.h"
#include "../core/wareki.h"
#include "../lib/buf.h"
#include "../lib/err.h"
#include "../lib/util.h"
#include "common.h"
#include "fields.h"
#include "layout.h"
#include "steps.h"
#include "../lib/banned.h"

static void date_cell(struct page *p, const struct civil_date *d)
{
	struct buf b;

	buf_init(&b, 64);
	if (wareki_format(d, &b) < 0)
		buf_adds(&b, "—");
	html_elem(&p->h, "td", NULL, buf_cstr(&b));
	buf_release(&b);
}

static void doc_label(char *out, size_t size, const struct due_doc *x)
{
	snprintf(out, size, "%s（%s）第%lld号", x->type ? x->type->name : "",
		 x->type ? x->type->form : "", (long long)x->doc.id);
}

static void due_row(struct page *p, const struct due_doc *x, int with_box)
{
	char value[48], label[MM_DISPOSAL_NAME_MAX];

	doc_label(label, sizeof label, x);
	snprintf(value, sizeof value, "%s:%lld", x->doc.doctype,
		 (long long)x->doc.id);
	html_open(&p->h, "tr", NULL);
	html_open(&p->h, "td", NULL);
	if (with_box)
		field_check_item(&p->h, NULL, "doc", value, label, 0, 0);
	else
		html_text(&p->h, label);
	html_close(&p->h, "td");
	html_elem(&p->h, "td", NULL, x->type ? x->type->form : "");
	date_cell(p, &x->doc.base);
	html_elem(&p->h, "td", NULL, x->rule);
	date_cell(p, &x->from);
	html_close(&p->h, "tr");
}

static const char *const due_heads[] = { "文書", "様式", "作成日・最終記載日",
	"保存期間", "廃棄可能日", NULL };

static void due_table(struct page *p, const struct due_list *l, int held)
{
	size_t shown = 0;

	table_begin(&p->h, due_heads);
	for (size_t i = 0; i < l->n; i++)
		if (!!l->items[i].doc.hold_id == held) {
			due_row(p, &l->items[i], !held);
			shown++;
		}
	table_end(&p->h, shown, held ? "廃棄保留中の文書はありません。" :
			       "保存期間が満了した文書はありません。");
}

static void hold_row(struct page *p, const struct hold *h)
{
	const struct doctype *t = doctype_find(h->doctype);
	char href[64], id[24];

	html_open(&p->h, "tr", NULL);
	html_open(&p->h, "td", NULL);
	html_textf(&p->h, "%s（%s）第%lld号", t ? t->name : h->doctype,
		   t ? t->form : "", (long long)h->doc_id);
	html_close(&p->h, "td");
	html_elem(&p->h, "td", NULL, hold_kind_label(h->kind));
	html_elem(&p->h, "td", NULL, h->reason);
	html_open(&p->h, "td", NULL);
	page_wareki(p, h->placed_at, 1);
	html_textf(&p->h, "（%s）", *h->placed_by_name ? h->placed_by_name : "—");
	html_close(&p->h, "td");
	html_open(&p->h, "td", NULL);
	snprintf(href, sizeof href, "/holds/%s/lift", i64s(id, h->id));
	form_begin(&p->h, p->c, href, NULL);
	html_elem(&p->h, "button", "type", "submit", "class",
		  "button button-small", NULL, "保留を解除する");
	form_end(&p->h);
	html_close(&p->h, "td");
	html_close(&p->h, "tr");
}

static void hold_form(struct page *p, const struct form_errors *e,
		      const struct form *f)
{
	const char *type = f ? form_value(f, "type") : "";
	const char *kind = f ? form_value(f, "kind") : "";

	html_elem(&p->h, "h2", NULL, "廃棄保留の登録");
	html_elem(&p->h, "p", NULL, "捜査又は照会等のため保存が必要な文書は、"
		  "保留を解除するまで廃棄されません。");
	form_begin(&p->h, p->c, "/holds", "stack");
	field_select_begin(&p->h, e, "type", "文書の種類");
	for (const struct doctype *t = doctypes; t->key; t++) {
		char label[160];

		snprintf(label, sizeof label, "%s（%s）", t->name, t->form);
		field_option(&p->h, t->key, label, !strcmp(type, t->key));
	}
	field_select_end(&p->h);
	field_input(&p->h, e, "id", "文書の番号", "text",
		    f ? form_value(f, "id") : NULL, "記録の番号（第N号のN）", "off");
	field_select_begin(&p->h, e, "kind", "保留の種別");
	field_option(&p->h, "investigation", "捜査", !strcmp(kind,
							 "investigation"));
	field_option(&p->h, "request", "照会等", !strcmp(kind, "request"));
	field_select_end(&p->h);
	field_input(&p->h, e, "reason", "保留の理由", "text",
		    f ? form_value(f, "reason") : NULL, NULL, "off");
	form_submit(&p->h, "保留を登録する");
	form_end(&p->h);
}

/* The page; e and f (may be NULL) the faults of a form sent. */
static void render(struct ctx *c, const struct form_errors *e,
		   const struct form *f, int status)
{
	struct due_list l = { 0 };
	struct hold_list holds = { 0 };
	struct civil_date today;
	struct page p;
	struct buf b;
	int rc = disposal_today(&today);

	if (rc == 0)
		rc = disposal_due_read(c, &today, &l);
	if (rc == 0)
		rc = store_hold_list(c->app->store, 0, &holds);
	if (rc < 0) {
		ctx_list_failed(c, rc, "disposal");
		goto out;
	}
	page_begin(&p, c, "文書の廃棄", "/disposal");
	html_elem(&p.h, "h1", NULL, "文書の廃棄");
	form_error_summary(&p, e);
	buf_init(&b, 64);
	wareki_format(&today, &b);
	html_open(&p.h, "p", NULL);
	html_textf(&p.h, "%s現在、保存期間が満了した文書です。", buf_cstr(&b));
	html_elem(&p.h, "a", "href", "/disposal/register", NULL, "廃棄簿を見る");
	html_close(&p.h, "p");
	buf_release(&b);
	form_begin(&p.h, c, "/disposal", NULL);
	due_table(&p, &l, 0);
	html_elem(&p.h, "p", "class", "notice", NULL,
		  "廃棄した文書の内容は元に戻せません。廃棄には二要素認証の確認が必要です。");
	form_submit(&p.h, "選択した文書を廃棄する");
	form_end(&p.h);
	html_elem(&p.h, "h2", NULL, "廃棄保留中の文書");
	due_table(&p, &l, 1);
	html_elem(&p.h, "h2", NULL, "廃棄保留");
	table_begin(&p.h, (const char *const[]){ "文書", "種別", "理由",
		"登録", "", NULL });
	for (size_t i = 0; i < holds.n; i++)
		hold_row(&p, &holds.items[i]);
	table_end(&p.h, holds.n, "廃棄保留はありません。");
	hold_form(&p, e, f);
	page_end(&p, status);
out:
	due_list_release(&l);
	hold_list_release(&holds);
}

void web_disposal_page(struct ctx *c)
{
	if (ctx_authorize(c, ACT_DISPOSAL_VIEW, NULL, NULL) < 0)
		return;
	render(c, NULL, NULL, 200);
}

/* "TYPE:ID" into it; the API's message when it names no document. */
static int read_doc(const char *v, struct dispose_item *it, const char **why)
{
	char type[MM_DISPOSAL_TYPE_MAX];
	const char *colon = strchr(v, ':'), *field;
	int64_t id = 0;
	size_t n = colon ? (size_t)(colon - v) : 0;

	if (!colon || n >= sizeof type) {
		*why = DISPOSAL_TYPE_MSG;
		return MM_EINVAL;
	}
	memcpy(type, v, n);
	type[n] = '\0';
	if (disposal_ref(type, colon + 1, &id, why, &field) < 0)
		return MM_EINVAL;
	it->doctype = doctype_find(type)->key;
	it->id = id;
	return 0;
}

void web_disposal_create(struct ctx *c)
{
	static const char *const allowed[] = { "doc", NULL };
	struct dispose_item items[DISPOSAL_MAX_ITEMS];
	struct form f = { .n = 0 };
	struct form_errors e;
	struct authz_grant g;
	const char *why = NULL;
	size_t n = 0;

	if (ctx_authorize(c, ACT_DISPOSAL_DISPOSE, NULL, &g) < 0)
		return;
	if (form_read(c, &f, allowed) < 0)
		goto out;
	form_errors_init(&e);
	for (size_t i = 0; i < f.n && !why; i++) {
		if (strcmp(f.fields[i].name, "doc"))
			continue;
		if (n == DISPOSAL_MAX_ITEMS)
			why = DISPOSAL_TOO_MANY_MSG;
		else if (read_doc(f.fields[i].value, &items[n], &why) == 0)
			n++;
	}
	if (!why && n == 0)
		why = DISPOSAL_NONE_MSG;
	if (why) {
		form_errors_add(&e, "documents", "廃棄する文書", why);
		render(c, &e, NULL, 422);
		goto out;
	}
	if (disposal_run(c, &g, items, n) == 0)
		page_redirect(c, "/disposal/register");
out:
	form_release(&f);
}

void web_holds_create(struct ctx *c)
{
	static const char *const allowed[] = { "type", "id", "kind", "reason",
					       NULL };
	struct form f = { .n = 0 };
	struct form_errors e;
	struct authz_grant g;
	enum hold_kind kind = HOLD_NONE;
	const char *why = NULL, *field = NULL, *reason;
	int64_t id = 0;

	if (ctx_authorize(c, ACT_HOLD_MANAGE, NULL, &g) < 0)
		return;
	if (form_read(c, &f, allowed) < 0)
		goto out;
	form_errors_init(&e);
	if (disposal_ref(form_value(&f, "type"), form_value(&f, "id"), &id,
			 &why, &field) < 0)
		form_errors_add(&e, field, !strcmp(field, "type") ?
				"文書の種類" : "文書の番号", why);
	if (disposal_hold_kind(form_value(&f, "kind"), &kind) < 0)
		form_errors_add(&e, "kind", "保留の種別", HOLD_KIND_MSG);
	reason = form_value(&f, "reason");
	if (!disposal_reason_ok(reason))
		form_errors_add(&e, "reason", "保留の理由", HOLD_REASON_MSG);
	if (e.n) {
		render(c, &e, &f, 422);
		goto out;
	}
	if (disposal_hold_place(c, &g, form_value(&f, "type"), id, kind,
				reason, NULL) == 0)
		page_redirect(c, "/disposal");
out:
	form_release(&f);
}

void web_holds_lift(struct ctx *c)
{
	struct authz_grant g;

	if (ctx_authorize(c, ACT_HOLD_MANAGE, NULL, &g) < 0)
		return;
	if (disposal_hold_lift(c, &g, c->req->params[0]) == 0)
		page_redirect(c, "/disposal");
}

static void entry_row(struct page *p, const struct disposal_entry *x)
{
	html_open(&p->h, "tr", NULL);
	html_elem(&p->h, "td", NULL, x->doc_name);
	html_elem(&p->h, "td", NULL, x->rule);
	html_elem(&p->h, "td", NULL, x->base_on);
	html_open(&p->h, "td", NULL);
	page_wareki(p, x->disposed_at, 1);
	html_close(&p->h, "td");
	html_elem(&p->h, "td", NULL,
		  *x->disposed_by_name ? x->disposed_by_name : "—");
	html_close(&p->h, "tr");
}

void web_disposal_register(struct ctx *c)
{
	struct disposal_list l = { 0 };
	struct page p;

	if (disposal_register_read(c, &l) < 0) {
		disposal_list_release(&l);
		return;
	}
	page_begin(&p, c, "廃棄簿", "/disposal");
	html_elem(&p.h, "h1", NULL, "廃棄簿");
	html_open(&p.h, "p", NULL);
	html_elem(&p.h, "a", "href", "/disposal", NULL, "文書の廃棄へ戻る");
	html_text(&p.h, "　");
	html_elem(&p.h, "a", "href", "/disposal/register/export", NULL,
		  "CSVで出力");
	html_text(&p.h, "　");
	html_elem(&p.h, "a", "href", "/disposal/register/export?format=xlsx",
		  NULL, "Excelで出力");
	html_close(&p.h, "p");
	table_begin(&p.h, (const char *const[]){ "文書", "保存期間",
		"作成日・最終記載日", "廃棄日時", "廃棄者", NULL });
	for (size_t i = 0; i < l.n; i++)
		entry_row(&p, &l.items[i]);
	table_end(&p.h, l.n, "廃棄した文書はありません。");
	page_end(&p, 200);
	disposal_list_release(&l);
}
