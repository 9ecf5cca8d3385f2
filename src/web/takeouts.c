#include "takeouts.h"

#include <stdio.h>
#include <string.h>

#include "../core/civil.h"
#include "../lib/err.h"
#include "../lib/util.h"
#include "common.h"
#include "fields.h"
#include "lending.h"
#include "steps.h"
#include "../app/objects.h"
#include "../core/records.h"
#include "record_form.h"
#include "../lib/banned.h"

static const char *const request_fields[] = {
	"out_at", "expected_back", "destination", "reason", NULL
};


static int overdue(const struct takeout *t)
{
	return takeout_overdue(policy_current(), t->state, t->expected_back,
			       now_unix());
}

/* ---- lists ----------------------------------------------------------- */


static void takeout_row(struct page *p, const void *rec,
			const struct row_joined *j)
{
	const struct takeout *t = rec;
	char href[80], n[24];

	html_open(&p->h, "tr", NULL);
	html_open(&p->h, "td", NULL);
	html_open(&p->h, "a", "href", href_of(href, "takeouts", t->id, NULL),
		  NULL);
	html_textf(&p->h, "第%s号", i64s(n, t->id));
	html_close(&p->h, "a");
	html_close(&p->h, "td");
	html_elem(&p->h, "td", NULL, *j->user_name ? j->user_name : "—");
	html_open(&p->h, "td", NULL);
	page_wareki(p, t->out_at, 1);
	html_close(&p->h, "td");
	html_open(&p->h, "td", NULL);
	page_wareki(p, t->expected_back, 1);
	html_close(&p->h, "td");
	html_elem(&p->h, "td", NULL, t->destination);
	html_open(&p->h, "td", NULL);
	html_text(&p->h, takeout_state_label(t->state));
	if (overdue(t))
		html_elem(&p->h, "strong", "class", "mark-overdue", NULL,
			  "（未帰庁・予定超過）");
	html_close(&p->h, "td");
	html_close(&p->h, "tr");
}

static void takeouts_rows(struct page *p, const struct takeout_list *l)
{
	static const char *const heads[] = { "番号", "申請者", "持出し日時",
		"帰庁予定", "行き先", "状態", NULL };

	table_begin(&p->h, heads);
	table_end(&p->h, web_page_rows(p, &takeout_kind, ACT_TAKEOUT_VIEW,
				       l->items, l->joined, l->n, takeout_row),
		  "持出しの記録はありません。");
}

void takeouts_table(struct page *p, int64_t loan_id)
{
	struct authz_view view = ctx_list_view(p->c, ACT_TAKEOUT_VIEW);
	struct takeout_filter f = { .loan_id = loan_id };
	struct page_req req = { .limit = STORE_PAGE_DEFAULT };
	struct takeout_list l = { 0 };
	char href[64], n[24];

	if (store_takeout_list(p->c->app->store, &view, &f, &req, &l) < 0) {
		html_elem(&p->h, "p", "class", "notice", NULL,
			  "持出しの記録を読み込めませんでした。");
		return;
	}
	takeouts_rows(p, &l);
	if (l.at.next) {
		snprintf(href, sizeof href, "/takeouts?loan_id=%s",
			 i64s(n, loan_id));
		html_open(&p->h, "p", NULL);
		html_elem(&p->h, "a", "href", href, NULL,
			  "この貸出の持出しをすべて表示する");
		html_close(&p->h, "p");
	}
	takeout_list_release(&l);
}

/*
 * R-DEV-7, detail form 1: the take-outs the user may see a page at a
 * time (one query with the officer's name), of one loan with ?loan_id=.
 */
void web_takeouts_list(struct ctx *c)
{
	const char *q = http_query(c->req, "loan_id");
	struct authz_object own = own_unit(c);
	struct authz_view view = ctx_list_view(c, ACT_TAKEOUT_VIEW);
	struct takeout_filter f = { 0 };
	struct takeout_list l = { 0 };
	struct page_req req;
	char base[64], n[24];
	int64_t loan_id = 0;
	struct page p;
	int rc;

	if (ctx_authorize(c, ACT_TAKEOUT_VIEW, &own, NULL) < 0)
		return;
	if (!str_empty(q) && parse_id(q, &loan_id) < 0) {
		ctx_fail(c, MM_EINVAL, "貸出の指定が正しくありません。", NULL);
		return;
	}
	if (web_page_req(c, &req) < 0)
		return;
	f.loan_id = loan_id;
	if ((rc = store_takeout_list(c->app->store, &view, &f, &req, &l)) < 0) {
		ctx_list_failed(c, rc, "takeouts");
		return;
	}
	if (loan_id)
		snprintf(base, sizeof base, "/takeouts?loan_id=%s",
			 i64s(n, loan_id));
	else
		snprintf(base, sizeof base, "/takeouts");
	page_begin(&p, c, "持出し", "/takeouts");
	html_elem(&p.h, "h1", NULL, "持出し（モバイル端末等利用管理簿）");
	takeouts_rows(&p, &l);
	web_pager(&p, base, &l.at);
	page_end(&p, 200);
	takeout_list_release(&l);
}

/* ---- request ---------------------------------------------------------- */

static void render_request(struct ctx *c, const struct loan *l,
			   const struct form *f, const struct form_errors *e,
			   int status)
{
	static const char *const keys[] = { "out_at", "expected_back",
		"destination", "reason", NULL };
	char action[80];
	struct page p;

	page_begin(&p, c, "持出しの申請", "/takeouts");
	html_elem(&p.h, "h1", NULL, "持出しの申請");
	form_error_summary(&p, e);
	form_begin(&p.h, c, href_of(action, "loans", l->id, "/takeouts"), "stack");
	web_record_fields(&p.h, e, &takeout_record, keys, f, NULL);
	form_submit(&p.h, "申請する");
	form_end(&p.h);
	page_end(&p, status);
}

void web_takeout_new(struct ctx *c)
{
	struct loan l;

	if (web_load_own(c, &loan_kind, ACT_TAKEOUT_REQUEST, &l, NULL) < 0)
		return;
	render_request(c, &l, NULL, NULL, 200);
}

void web_takeout_create(struct ctx *c)
{
	struct device_use_facts facts;
	struct authz_grant g;
	struct form f = { .n = 0 };
	struct form_errors e;
	struct takeout t;
	struct actor a;
	struct loan l;
	const char *why = NULL;
	char href[80];
	int rc;

	if (web_load_own(c, &loan_kind, ACT_TAKEOUT_REQUEST, &l, &g) < 0)
		return;
	if (form_read(c, &f, request_fields) < 0)
		goto out;
	memset(&t, 0, sizeof(t));
	form_errors_init(&e);
	/* R-DEV-7: read and checked as the API reads the request */
	if (web_record_read(&f, &takeout_record, &t, RECORD_CREATE, &e) < 0) {
		render_request(c, &l, &f, &e, 422);
		goto out;
	}
	t.loan_id = l.id;
	t.unit_id = l.unit_id;
	t.officer_id = c->who->user_id;
	a = ctx_actor(c, &g);
	rc = store_takeout_request(c->app->store, &a, &t);
	if (rc == 0) {
		page_redirect(c, href_of(href, "takeouts", t.id, NULL));
		goto out;
	}
	/* R-DEV-6: the store refused with device_usable(); say why. */
	if (rc == MM_ERULE && store_device_use_facts(c->app->store, l.id,
						     &facts) == 0)
		device_usable(&facts, &why);
	if (rc == MM_ERULE || rc == MM_EINVAL) {
		form_errors_add(&e, "", "", why ? why : store_message(rc));
		render_request(c, &l, &f, &e, 422);
	} else {
		lending_fail(c, rc, why);
	}
out:
	form_release(&f);
}

/* ---- detail, decision and report -------------------------------------- */

static void takeout_details(struct page *p, const struct takeout *t)
{
	struct store *st = p->c->app->store;
	char who[MM_NAME_MAX], href[80];
	struct authz_object lo = { t->unit_id, 0, 0, 0 };

	user_name_of(st, t->officer_id, who, sizeof(who));
	html_open(&p->h, "dl", "class", "details", NULL);
	html_elem(&p->h, "dt", NULL, "状態");
	html_open(&p->h, "dd", NULL);
	html_text(&p->h, takeout_state_label(t->state));
	if (overdue(t))
		html_elem(&p->h, "strong", NULL, "（帰庁予定を過ぎています）");
	html_close(&p->h, "dd");
	if (ctx_can(p->c, ACT_LOAN_VIEW, &lo)) {
		html_elem(&p->h, "dt", NULL, "貸出");
		html_open(&p->h, "dd", NULL);
		html_elem(&p->h, "a", "href", href_of(href, "loans", t->loan_id, NULL),
			  NULL, "貸出の記録を表示");
		html_close(&p->h, "dd");
	}
	dl_row(p, "申請者（交信担当者）", who);
	html_elem(&p->h, "dt", NULL, "持出し日時");
	html_open(&p->h, "dd", NULL);
	page_wareki(p, t->out_at, 1);
	html_close(&p->h, "dd");
	html_elem(&p->h, "dt", NULL, "帰庁予定日時");
	html_open(&p->h, "dd", NULL);
	page_wareki(p, t->expected_back, 1);
	html_close(&p->h, "dd");
	dl_row(p, "行き先", t->destination);
	dl_row(p, "理由", t->reason);
	if (t->decided_at) {
		user_name_of(st, t->decided_by, who, sizeof(who));
		dl_row(p, "許可・不許可をした者", who);
		dl_row(p, "決定の理由", t->decision_reason);
	}
	if (t->returned_at) {
		html_elem(&p->h, "dt", NULL, "帰庁");
		html_open(&p->h, "dd", NULL);
		page_wareki(p, t->returned_at, 1);
		html_close(&p->h, "dd");
		dl_row(p, "紛失・破損", t->no_loss_or_damage ? "なし" : "あり");
		if (!t->no_loss_or_damage)
			dl_row(p, "発生した事案", t->incident);
		dl_row(p, "結果", t->results);
	}
	dl_policy_version(p, t->policy_version);
	html_close(&p->h, "dl");
}

/* The assistant's forms; the refusal's reason is shown again with e. */
static void decide_forms(struct page *p, const struct takeout *t,
			 const struct form *f, const struct form_errors *e)
{
	char action[80];

	html_elem(&p->h, "h2", "id", "decide", NULL, "許可・不許可");
	form_error_summary(p, e);
	html_open(&p->h, "div", "class", "actions", NULL);
	post_button(p, href_of(action, "takeouts", t->id, "/permit"), t->version,
		    "持出しを許可する", NULL);
	html_close(&p->h, "div");
	version_form_begin(p, "takeouts", t->id, "/refuse", t->version);
	field_textarea(&p->h, e, "reason", "不許可の理由",
		       f ? form_value(f, "reason") : NULL, NULL);
	html_elem(&p->h, "button", "type", "submit", "class",
		  "button button-danger", NULL, "不許可とする");
	form_end(&p->h);
}

/* R-DEV-7: the officer's report after use; nothing lost, unless told. */
static void report_form(struct page *p, const struct takeout *t,
			const struct form *f, const struct form_errors *e)
{
	static const char *const keys[] = { "no_loss_or_damage", "incident",
		"results", NULL };
	struct takeout_report r = { .no_loss_or_damage = 1 };

	html_elem(&p->h, "h2", "id", "report", NULL, "帰庁の報告");
	form_error_summary(p, e);
	version_form_begin(p, "takeouts", t->id, "/report", t->version);
	web_record_fields(&p->h, e, &takeout_report_record, keys, f, &r);
	form_submit(&p->h, "報告する");
	form_end(&p->h);
}

/* The take-out's page; a step refused shown again (in). */
static void render_takeout(struct ctx *c, const struct takeout *t,
			   const struct web_posted *in, int status)
{
	const struct form *f = web_posted_form(in);
	const struct form_errors *e = web_posted_errors(in);
	struct authz_object o = takeout_authz_object(t);
	char title[64], n[24];
	struct page p;

	snprintf(title, sizeof(title), "持出し 第%s号", i64s(n, t->id));
	page_begin(&p, c, title, "/takeouts");
	html_elem(&p.h, "h1", NULL, title);
	print_link(&p, "takeouts", t->id);
	takeout_details(&p, t);
	if (step_open_to(c->who, &takeout_permit_step, &o, t))
		decide_forms(&p, t, f, e);
	if (step_open_to(c->who, &takeout_report_step, &o, t))
		report_form(&p, t, f, e);
	page_end(&p, status);
}

WEB_STEP_KIND(web_takeout_steps, &takeout_kind, 1, ACT_TAKEOUT_VIEW,
	      struct takeout, render_takeout);
