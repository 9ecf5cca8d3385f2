#include "cases.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/case.h"
#include "../core/records.h"
#include "../core/roles.h"
#include "../lib/err.h"
#include "../lib/util.h"
#include "../store/store_cases.h"
#include "../app/objects.h"
#include "common.h"
#include "fields.h"
#include "lending.h"
#include "record_form.h"
#include "../lib/banned.h"

/* ---- the list and the report ------------------------------------------ */

static void cases_actions(struct page *p)
{
	struct authz_object own = own_unit(p->c);

	if (ctx_can(p->c, ACT_CASE_REPORT, &own))
		html_elem(&p->h, "a", "href", "/cases/new", "class", "button",
			  NULL, "書き込み発見報告をする");
	if (ctx_can(p->c, ACT_CASE_READS_VIEW, NULL))
		html_elem(&p->h, "a", "href", "/cases/reads", "class",
			  "button button-secondary", NULL, "閲覧記録");
}

/*
 * R-CASE-1: the cases the user may read (its units', or every one for
 * the division), a page at a time; each row shown is audited as read.
 */
const struct web_list_route web_cases_list = {
	.kind = &case_kind, .title = "事案",
	.heading = "交信による保護活動の事案", .empty = "事案はありません。",
	.actions = cases_actions, .numbered = 1,
};

/* R-CASE-1: a station's report of a post found, for that station. */
const struct web_new_route web_case_new = {
	.kind = &case_kind, .title = "書き込み発見報告",
	.heading = "児童の性被害に関する書き込み発見報告書",
	.intro = "少年課へ報告します。少年課が、重大な犯罪や悪質性の高い犯罪に"
		 "巻き込まれるおそれと保護等の必要性を判断します。",
	.fields = (const char *const[]){ "found_at", "service", "post_ref",
		"post_text", "risk_signals", NULL },
	.submit = "少年課へ報告する",
};

/* ---- a case -------------------------------------------------------------- */

static int may(const struct ctx *c, const struct protect_case *x,
	       const struct step *st)
{
	struct authz_object o = case_authz_object(x);

	return step_open_to(c->who, st, &o, x);
}

static void details(struct page *p, const struct protect_case *x)
{
	char name[MM_NAME_MAX], dev[160];

	html_open(&p->h, "dl", "class", "details", NULL);
	web_details(p, &case_kind, x, (const char *const[]){ "state",
		    "unit_id", "found_at", NULL });
	dl_row(p, "サービス名", str_or_empty(x->service));
	dl_row(p, "書き込みのURL・ID", str_or_empty(x->post_ref));
	dl_row(p, "書き込みの内容", str_or_empty(x->post_text));
	dl_row(p, "危険性をうかがわせる点", str_or_empty(x->risk_signals));
	dl_who_when(p, "報告", x->reported_by, x->reported_at);
	if (x->triaged_at) {
		dl_row(p, "巻き込まれるおそれのある犯罪",
		       x->crime == CASE_CRIME_OTHER && !str_empty(x->crime_other)
		       ? x->crime_other : case_crime_label(x->crime));
		dl_row(p, "保護等の必要性", case_need_label(x->need));
		dl_row(p, "判断の理由", str_or_empty(x->triage_reason));
		dl_who_when(p, "少年課の判断", x->triaged_by, x->triaged_at);
	}
	if (x->assigned_at) {
		unit_name_of(p->c->app->store, x->assigned_unit_id, name,
			     sizeof name);
		dl_row(p, "交信所属", name);
		user_name_of(p->c->app->store, x->officer_id, name,
			     sizeof name);
		dl_row(p, "交信担当者", name);
		device_label_of(p->c->app->store, x->device_id, dev,
				sizeof dev);
		dl_row(p, "使用端末", dev);
		dl_who_when(p, "割当て", x->assigned_by, x->assigned_at);
	}
	html_close(&p->h, "dl");
}

/* R-CASE-2, R-EXC-3: every message sent or received, oldest first. */
static void message_log(struct page *p, const struct protect_case *x)
{
	html_elem(&p->h, "h2", NULL, "交信記録");
	table_begin(&p->h, (const char *const[]){ "送受信日時", "送受信",
		    "内容", "スクリーンショット", "記録者", "送信内容の確認",
		    NULL });
	for (size_t i = 0; i < x->n_messages; i++) {
		const struct case_message *m = &x->messages[i];

		html_open(&p->h, "tr", NULL);
		html_open(&p->h, "td", NULL);
		page_wareki(p, m->at, 1);
		html_close(&p->h, "td");
		html_elem(&p->h, "td", NULL, case_direction_label(m->direction));
		html_elem(&p->h, "td", "class", "pre", NULL,
			  str_or_empty(m->text));
		html_elem(&p->h, "td", NULL, str_empty(m->screenshot_ref) ? "—"
			  : m->screenshot_ref);
		html_elem(&p->h, "td", NULL, str_empty(m->recorded_by_name) ?
			  "—" : m->recorded_by_name);
		html_open(&p->h, "td", NULL);
		if (m->flagged) {
			html_textf(&p->h, "要確認：%s", str_or_empty(m->flag_detail));
			html_textf(&p->h, "（%s）", case_review_label(m->review));
			if (!str_empty(m->review_note))
				html_textf(&p->h, " 所見：%s", m->review_note);
		} else {
			html_text(&p->h, "—");
		}
		html_close(&p->h, "td");
		html_close(&p->h, "tr");
	}
	table_end(&p->h, x->n_messages, "交信の記録はありません。");
}

static void step_form(struct page *p, const struct protect_case *x,
		      const char *step, const char *title,
		      const struct record_desc *d, const char *const *keys,
		      const struct web_posted *in, const char *submit)
{
	char suffix[32];
	const struct form *f = in && in->step && !strcmp(in->step, step) ?
		web_posted_form(in) : NULL;

	snprintf(suffix, sizeof suffix, "/%s", step);
	html_elem(&p->h, "h3", NULL, title);
	version_form_begin(p, "cases", x->id, suffix, x->version);
	web_record_fields(&p->h, f ? web_posted_errors(in) : NULL, d, keys, f,
			  NULL);
	form_submit(&p->h, submit);
	form_end(&p->h);
}

static void step_forms(struct page *p, const struct protect_case *x,
		       const struct web_posted *in)
{
	int triage = may(p->c, x, &case_triage_step);
	int assign = may(p->c, x, &case_assign_step);
	int log = may(p->c, x, &case_log_step);

	if (!triage && !assign && !log)
		return;
	html_elem(&p->h, "h2", "id", "steps", NULL, "あなたの対応");
	form_error_summary(p, web_posted_errors(in));
	if (triage)
		step_form(p, x, "triage", "少年課の判断（R-CASE-1）",
			  &case_triage_record, (const char *const[]){ "crime",
			  "crime_other", "need", "reason", NULL }, in,
			  "判断を記録する");
	if (assign)
		step_form(p, x, "assign",
			  "交信所属・交信担当者・使用端末の割当て",
			  &case_assignment_record, (const char *const[]){
			  "unit_id", "officer_id", "device_id", NULL }, in,
			  "割り当てる");
	if (log)
		step_form(p, x, "messages", "交信の記録（送信・受信したメッセージ）",
			  &case_message_record, (const char *const[]){ "at",
			  "direction", "text", "screenshot_ref", NULL }, in,
			  "記録する");
}

/* The case's page; every page of it written is a read, audited first. */
static void render_case(struct ctx *c, const struct protect_case *x,
			const struct web_posted *in, int status)
{
	char title[64], n[24];
	struct actor a = ctx_actor(c, NULL);
	struct page p;
	int rc = kind_audit_reads(&case_kind, c->app->store, &a, &x->id, 1,
				  "open");

	if (rc < 0) {
		ctx_fail(c, rc, NULL, NULL);
		return;
	}
	snprintf(title, sizeof title, "事案 第%s号", i64s(n, x->id));
	page_begin(&p, c, title, "/cases");
	html_elem(&p.h, "h1", NULL, title);
	details(&p, x);
	message_log(&p, x);
	step_forms(&p, x, in);
	page_end(&p, status);
}

void web_case_show(struct ctx *c)
{
	struct protect_case x;

	if (web_load(c, &case_kind, ACT_CASE_VIEW, &x, NULL) < 0)
		return;
	render_case(c, &x, NULL, 200);
}

WEB_STEP_KIND(web_case_steps, &case_kind, 0, ACT_CASE_VIEW,
	      struct protect_case, render_case);

/* ---- who read which case when (the general manager) ---------------------- */

void web_case_reads(struct ctx *c)
{
	struct audit_page l = { 0 };
	struct page_req req;
	struct page p;
	char unit[MM_NAME_MAX], href[80], n[24];
	int rc;

	if (ctx_authorize(c, ACT_CASE_READS_VIEW, NULL, NULL) < 0 ||
	    web_page_req(c, &req) < 0)
		return;
	rc = store_audit_action_page(c->app->store, "case.read", 0, &req, &l);
	if (rc < 0) {
		ctx_list_failed(c, rc, "reads");
		return;
	}
	page_begin(&p, c, "事案の閲覧記録", "/cases");
	html_elem(&p.h, "h1", NULL, "事案の閲覧記録");
	html_elem(&p.h, "p", NULL, "事案を開いた記録、一覧・ホーム画面に"
		  "表示された記録です（監査証跡から、新しい順）。");
	table_begin(&p.h, (const char *const[]){ "日時", "職員", "役割", "所属",
		    "事案", "閲覧の方法", NULL });
	for (size_t i = 0; i < l.n; i++) {
		const struct audit_entry *e = &l.items[i];

		html_open(&p.h, "tr", NULL);
		html_open(&p.h, "td", NULL);
		page_wareki(&p, e->at, 1);
		html_close(&p.h, "td");
		html_elem(&p.h, "td", NULL, e->actor_login);
		html_elem(&p.h, "td", NULL, role_label(e->role));
		unit_name_of(c->app->store, e->unit_id, unit, sizeof unit);
		html_elem(&p.h, "td", NULL, unit);
		html_open(&p.h, "td", NULL);
		html_open(&p.h, "a", "href", href_of(href, "cases", e->object_id,
			  NULL), NULL);
		html_textf(&p.h, "第%s号", i64s(n, e->object_id));
		html_close(&p.h, "a");
		html_close(&p.h, "td");
		html_elem(&p.h, "td", NULL, strstr(e->detail, "\"list\"") ?
			  "一覧に表示" : "開いた");
		html_close(&p.h, "tr");
	}
	table_end(&p.h, l.n, "閲覧の記録はありません。");
	web_pager(&p, "/cases/reads", &l.at);
	audit_page_release(&l);
	page_end(&p, 200);
}

/* ---- the home page ------------------------------------------------------- */

/* R-CASE-1: the cases waiting for the division's judgement or assignment. */
static const struct web_waiting waiting = {
	.kind = &case_kind, .filter = { .open_only = 1 },
	.noun = "事案", .about = "state",
	.steps = (const struct web_step_button[]){
		{ &case_triage_step, NULL, "少年課の判断" },
		{ &case_assign_step, NULL, "交信担当者・端末の割当て" },
		{ NULL, NULL, NULL } },
};

size_t cases_waiting(struct page *p)
{
	return web_waiting(p, &waiting);
}
