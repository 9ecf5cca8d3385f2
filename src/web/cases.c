#include "cases.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/case.h"
#include "../core/designation.h"
#include "../core/loan.h"
#include "../core/meeting.h"
#include "../core/photo.h"
#include "../core/records.h"
#include "../core/roles.h"
#include "../lib/err.h"
#include "../lib/util.h"
#include "../store/store_cases.h"
#include "../store/store_photos.h"
#include "../app/objects.h"
#include "common.h"
#include "fields.h"
#include "lending.h"
#include "record_form.h"
#include "../lib/banned.h"

/* ---- the list and the report ------------------------------------------ */

static void cases_actions(struct page *p)
{
	own_unit_button(p, ACT_CASE_REPORT, "/cases/new",
			"書き込み発見報告をする");
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
	dl_policy_version(p, x->policy_version);
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

/* A cell linking /kind/id as 第N号. */
static void number_cell(struct page *p, const char *kind, int64_t id)
{
	char href[80], n[24];

	html_open(&p->h, "td", NULL);
	html_open(&p->h, "a", "href", href_of(href, kind, id, NULL), NULL);
	html_textf(&p->h, "第%s号", i64s(n, id));
	html_close(&p->h, "a");
	html_close(&p->h, "td");
}

static void wareki_cell(struct page *p, int64_t t)
{
	html_open(&p->h, "td", NULL);
	if (t)
		page_wareki(p, t, 1);
	else
		html_text(&p->h, "—");
	html_close(&p->h, "td");
}

/*
 * The case's records of kind k (meetings, support requests) the user
 * may view; a meeting shown is a read, audited (ids[] first).  Reads
 * them into rows; 0 or the store's error.
 */
static int case_rows(struct ctx *c, const struct record_kind *k,
		     int64_t case_id, struct kind_rows *rows)
{
	struct authz_view view = ctx_list_view(c, k->view);
	struct kind_filter f = { .case_id = case_id };
	struct page_req req = { .limit = STORE_PAGE_MAX };
	int64_t ids[STORE_PAGE_MAX];
	size_t n = 0;
	struct actor a;
	int rc = kind_list(k, c->app->store, &view, &f, &req, rows);

	for (size_t i = 0; rc == 0 && i < rows->n; i++) {
		const void *rec = (const char *)rows->items + i * k->size;
		struct authz_object o = k->object(rec);

		if (ctx_can(c, k->view, &o))
			ids[n++] = kind_int(k, rec, "id");
	}
	a = ctx_actor(c, NULL);
	if (rc == 0)
		rc = kind_audit_reads(k, c->app->store, &a, ids, n, "list");
	return rc;
}

/*
 * R-CASE-3..10: the case's meetings and support requests, and the link
 * that starts a pre-meeting report for it.  Read (and audited) before
 * the page begins: m and sr.
 */
static void meetings_of(struct page *p, const struct protect_case *x,
			const struct kind_rows *m, const struct kind_rows *sr)
{
	struct authz_object own = own_unit(p->c);
	char href[80], n[24];
	size_t shown = 0;

	html_elem(&p->h, "h2", "id", "meetings", NULL, "接触");
	if (ctx_can(p->c, ACT_MEETING_REPORT, &own) &&
	    x->state != CASE_CLOSED) {
		snprintf(href, sizeof href, "/meetings/new?case_id=%s",
			 i64s(n, x->id));
		html_open(&p->h, "p", NULL);
		html_elem(&p->h, "a", "href", href, "class", "button", NULL,
			  "面会前報告を作成");
		html_close(&p->h, "p");
	}
	table_begin(&p->h, (const char *const[]){ "番号", "状態",
		    "接触の日時", NULL });
	for (size_t i = 0; i < m->n; i++) {
		const struct meeting *y = &((const struct meeting *)m->items)[i];
		struct authz_object o = meeting_authz_object(y);

		if (!ctx_can(p->c, ACT_MEETING_VIEW, &o))
			continue;
		shown++;
		html_open(&p->h, "tr", NULL);
		number_cell(p, "meetings", y->id);
		html_elem(&p->h, "td", NULL, meeting_state_label(y->state));
		wareki_cell(p, y->meet_at);
		html_close(&p->h, "tr");
	}
	table_end(&p->h, shown, "接触の記録はありません。");
	html_elem(&p->h, "h3", NULL, "応援要請");
	shown = 0;
	table_begin(&p->h, (const char *const[]){ "番号", "状態",
		    "接触の日時", NULL });
	for (size_t i = 0; i < sr->n; i++) {
		const struct support_request *y =
			&((const struct support_request *)sr->items)[i];
		struct authz_object o = support_authz_object(y);

		if (!ctx_can(p->c, ACT_SUPPORT_VIEW, &o))
			continue;
		shown++;
		html_open(&p->h, "tr", NULL);
		number_cell(p, "supports", y->id);
		html_elem(&p->h, "td", NULL, support_state_label(y->state));
		wareki_cell(p, y->meet_at);
		html_close(&p->h, "tr");
	}
	table_end(&p->h, shown, "応援要請はありません。");
}

/* The text of message id of x ("—" when not found). */
static const char *message_text(const struct protect_case *x, int64_t id)
{
	for (size_t i = 0; i < x->n_messages; i++)
		if (x->messages[i].id == id)
			return str_or_empty(x->messages[i].text);
	return "—";
}

/*
 * R-PHOTO-1, R-PHOTO-5: the photos sent within the case, each with the
 * message that asked for it and its outcome (or 未記録, linking to the
 * send's page where it is recorded).
 */
static void photo_sends(struct page *p, const struct protect_case *x,
			const struct photo_send_rows *ps)
{
	char href[80], n[24];
	size_t shown = 0;

	if (!ps->n)
		return;
	html_elem(&p->h, "h2", "id", "photo-sends", NULL, "送信した顔写真");
	table_begin(&p->h, (const char *const[]){ "送信", "写真", "送信日時",
		    "求めたメッセージ", "結果", NULL });
	for (size_t i = 0; i < ps->n; i++) {
		const struct photo_send *y = &ps->items[i];
		struct authz_object o = photo_send_authz_object(y);

		if (!ctx_can(p->c, ACT_PHOTO_VIEW, &o))
			continue;
		shown++;
		html_open(&p->h, "tr", NULL);
		number_cell(p, "photo-sends", y->id);
		number_cell(p, "photos", y->photo_id);
		wareki_cell(p, y->sent_at);
		html_elem(&p->h, "td", "class", "pre", NULL,
			  message_text(x, y->message_id));
		html_open(&p->h, "td", NULL);
		if (y->outcome) {
			html_text(&p->h, photo_send_outcome_label(y->outcome));
		} else {
			html_text(&p->h, "未記録 ");
			snprintf(href, sizeof href, "/photo-sends/%s#outcome",
				 i64s(n, y->id));
			html_elem(&p->h, "a", "href", href, NULL, "結果を記録");
		}
		html_close(&p->h, "td");
		html_close(&p->h, "tr");
	}
	table_end(&p->h, shown, "送信した顔写真はありません。");
}

/* The posted value of name in f, or NULL. */
static const char *posted(const struct form *f, const char *name)
{
	return f ? form_get(f, name) : NULL;
}

static int chosen(const struct form *f, const char *name, int64_t id)
{
	char n[24];
	const char *v = posted(f, name);

	return v && !strcmp(v, i64s(n, id));
}

/*
 * The assignment's form: choices the user may see - the units in use,
 * the communication officers designated in them (R-ROLE-5), the devices
 * received on loan (R-DEV-6).  Choices only: the server weighs the
 * designation and the device's usability again, whatever is posted.
 */
static void assign_form(struct page *p, const struct protect_case *x,
			const struct web_posted *in)
{
	const struct form *f = in && in->step && !strcmp(in->step, "assign") ?
		web_posted_form(in) : NULL;
	const struct form_errors *e = f ? web_posted_errors(in) : NULL;
	struct authz_view dv = ctx_list_view(p->c, ACT_DESIGNATION_VIEW);
	struct authz_view lv = ctx_list_view(p->c, ACT_LOAN_VIEW);
	struct kind_filter lf = { .open_only = 1 };
	struct page_req req = { .limit = STORE_PAGE_MAX };
	struct kind_rows ds = { 0 }, ls = { 0 };
	struct unit_list units = { NULL, 0 };
	char n[24], label[256];

	html_elem(&p->h, "h3", NULL, "交信所属・交信担当者・使用端末の割当て");
	html_elem(&p->h, "p", NULL, "交信担当者に指定されている職員と、"
		  "その所属が受領し利用できる端末を割り当てます。");
	version_form_begin(p, "cases", x->id, "/assign", x->version);
	field_select_begin(&p->h, e, "unit_id", "交信所属");
	if (store_unit_list(p->c->app->store, &units) == 0)
		for (size_t i = 0; i < units.n; i++)
			if (units.items[i].active)
				field_option(&p->h, i64s(n, units.items[i].id),
					     units.items[i].name,
					     chosen(f, "unit_id",
						    units.items[i].id));
	field_select_end(&p->h);
	field_select_begin(&p->h, e, "officer_id", "交信担当者");
	if (kind_list(&designation_kind, p->c->app->store, &dv, NULL, &req,
		      &ds) == 0)
		for (size_t i = 0; i < ds.n; i++) {
			const struct designation *g =
				&((const struct designation *)ds.items)[i];

			if (g->role != ROLE_COMM_OFFICER ||
			    g->state != DESIGNATION_ACTIVE)
				continue;
			snprintf(label, sizeof label, "%s（%s）",
				 ds.joined[i].user_name, ds.joined[i].unit_name);
			field_option(&p->h, i64s(n, g->user_id), label,
				     chosen(f, "officer_id", g->user_id));
		}
	field_select_end(&p->h);
	field_select_begin(&p->h, e, "device_id", "使用端末");
	if (kind_list(&loan_kind, p->c->app->store, &lv, &lf, &req, &ls) == 0)
		for (size_t i = 0; i < ls.n; i++) {
			const struct loan *l = &((const struct loan *)ls.items)[i];

			if (l->state != LOAN_RECEIVED)
				continue;
			snprintf(label, sizeof label, "%s（%s）・%s",
				 ls.joined[i].device_model,
				 ls.joined[i].device_serial,
				 ls.joined[i].unit_name);
			field_option(&p->h, i64s(n, l->device_id), label,
				     chosen(f, "device_id", l->device_id));
		}
	field_select_end(&p->h);
	form_submit(&p->h, "割り当てる");
	form_end(&p->h);
	kind_rows_release(&ds);
	kind_rows_release(&ls);
	unit_list_release(&units);
}

/* R-CASE-2: one form per flagged message awaiting the assistant. */
static void review_forms(struct page *p, const struct protect_case *x,
			 const struct web_posted *in)
{
	const struct form *f = in && in->step && !strcmp(in->step, "review") ?
		web_posted_form(in) : NULL;

	for (size_t i = 0; i < x->n_messages; i++) {
		const struct case_message *m = &x->messages[i];
		char id[24], title[160];

		if (m->review != CASE_REVIEW_PENDING)
			continue;
		snprintf(title, sizeof title, "送信内容の確認（交信記録 第%s号）",
			 i64s(id, m->id));
		html_elem(&p->h, "h3", NULL, title);
		html_elem(&p->h, "p", "class", "notice", NULL,
			  str_or_empty(m->flag_detail));
		version_form_begin(p, "cases", x->id, "/review", x->version);
		html_void(&p->h, "input", "type", "hidden", "name", "message_id",
			  "value", id, NULL);
		web_record_fields(&p->h, f ? web_posted_errors(in) : NULL,
				  &case_review_record,
				  (const char *const[]){ "note", NULL }, f, NULL);
		form_submit(&p->h, "確認を記録する");
		form_end(&p->h);
	}
}

static const struct web_step_form triage_form = { "triage",
	"少年課の判断（R-CASE-1）", &case_triage_record,
	(const char *const[]){ "crime", "crime_other", "need", "reason", NULL },
	"判断を記録する" };
static const struct web_step_form message_form = { "messages",
	"交信の記録（送信・受信したメッセージ）", &case_message_record,
	(const char *const[]){ "at", "direction", "text", "screenshot_ref",
	NULL }, "記録する" };

static void step_forms(struct page *p, const struct protect_case *x,
		       const struct web_posted *in)
{
	int triage = may(p->c, x, &case_triage_step);
	int assign = may(p->c, x, &case_assign_step);
	int log = may(p->c, x, &case_log_step);
	int review = may(p->c, x, &case_review_step);

	if (!triage && !assign && !log && !review)
		return;
	html_elem(&p->h, "h2", "id", "steps", NULL, "あなたの対応");
	form_error_summary(p, web_posted_errors(in));
	if (triage)
		web_step_form(p, "cases", x->id, x->version, &triage_form, in);
	if (assign)
		assign_form(p, x, in);
	if (log)
		web_step_form(p, "cases", x->id, x->version, &message_form, in);
	if (review)
		review_forms(p, x, in);
}

/* The case's page; every page of it written is a read, audited first. */
static void render_case(struct ctx *c, const struct protect_case *x,
			const struct web_posted *in, int status)
{
	char title[64], n[24];
	struct authz_object o = case_authz_object(x);
	struct authz_grant g = { 0 };
	struct actor a;
	struct page p;
	int rc;

	/* the role the user reads it in, for the trail (authz_check, no audit) */
	if (authz_check(c->who, ACT_CASE_VIEW, &o, &g) < 0)
		g = (struct authz_grant){ 0 };
	struct kind_rows meetings = { 0 }, supports = { 0 };
	struct photo_send_rows *ps = calloc(1, sizeof *ps);

	a = ctx_actor(c, &g);
	rc = ps ? kind_audit_reads(&case_kind, c->app->store, &a, &x->id, 1,
				   "open") : MM_ENOMEM;
	if (rc == 0)
		rc = case_rows(c, &meeting_kind, x->id, &meetings);
	if (rc == 0)
		rc = case_rows(c, &support_kind, x->id, &supports);
	if (rc == 0 && ctx_can(c, ACT_PHOTO_VIEW, &o))
		rc = store_photo_sends_of(c->app->store, x->id, ps);
	if (rc < 0) {
		kind_rows_release(&meetings);
		kind_rows_release(&supports);
		free(ps);
		ctx_fail(c, rc, NULL, NULL);
		return;
	}
	snprintf(title, sizeof title, "事案 第%s号", i64s(n, x->id));
	page_begin(&p, c, title, "/cases");
	html_elem(&p.h, "h1", NULL, title);
	details(&p, x);
	if (ctx_can(c, ACT_CASE_READS_VIEW, NULL)) {
		char href[64];

		snprintf(href, sizeof href, "/cases/reads?case_id=%s",
			 i64s(n, x->id));
		html_open(&p.h, "p", NULL);
		html_elem(&p.h, "a", "href", href, NULL, "この事案の閲覧記録");
		html_close(&p.h, "p");
	}
	message_log(&p, x);
	meetings_of(&p, x, &meetings, &supports);
	photo_sends(&p, x, ps);
	step_forms(&p, x, in);
	page_end(&p, status);
	kind_rows_release(&meetings);
	kind_rows_release(&supports);
	free(ps);
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

	const char *q = http_query(c->req, "case_id");
	int64_t case_id = 0;
	char base[64];

	if (ctx_authorize(c, ACT_CASE_READS_VIEW, NULL, NULL) < 0 ||
	    web_page_req(c, &req) < 0)
		return;
	if (!str_empty(q) && parse_id(q, &case_id) < 0) {
		ctx_fail(c, MM_EINVAL, "事案の番号が正しくありません。", "case_id");
		return;
	}
	rc = store_audit_action_page(c->app->store, "case.read", case_id, &req,
				     &l);
	if (rc < 0) {
		ctx_list_failed(c, rc, "reads");
		return;
	}
	page_begin(&p, c, "事案の閲覧記録", "/cases");
	html_elem(&p.h, "h1", NULL, "事案の閲覧記録");
	if (case_id) {
		html_open(&p.h, "p", NULL);
		html_textf(&p.h, "事案 第%s号の閲覧記録です。", i64s(n, case_id));
		html_elem(&p.h, "a", "href", "/cases/reads", NULL,
			  "すべての事案の閲覧記録");
		html_close(&p.h, "p");
	}
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
	if (case_id)
		snprintf(base, sizeof base, "/cases/reads?case_id=%s",
			 i64s(n, case_id));
	else
		snprintf(base, sizeof base, "/cases/reads");
	web_pager(&p, base, &l.at);
	audit_page_release(&l);
	page_end(&p, 200);
}

/* ---- the home page ------------------------------------------------------- */

/* R-CASE-1: the cases waiting for the division's judgement or assignment. */
/*
 * R-CASE-2: for the general manager, every case whose flagged outgoing
 * message still awaits the assistant's review (waiting_flagged_cases
 * audits each as read).  Returns how many.
 */
size_t cases_flagged_waiting(struct page *p)
{
	struct waiting_items items = { 0 };
	size_t shown;

	if (waiting_flagged_cases(p->c, &items) < 0)
		items.n = 0;
	if (items.n)
		html_open(&p->h, "ul", "class", "reminders", NULL);
	for (size_t i = 0; i < items.n; i++) {
		const struct protect_case *x = items.items[i].rec;
		char href[80], id[24], cnt[24];

		html_open(&p->h, "li", NULL);
		html_open(&p->h, "a", "href", href_of(href, "cases", x->id, NULL),
			  NULL);
		html_textf(&p->h, "事案 第%s号：文面チェックで要確認の送信 %s件"
			   "（運用管理補助者の確認待ち）", i64s(id, x->id),
			   i64s(cnt, x->pending_reviews));
		html_close(&p->h, "a");
		html_close(&p->h, "li");
	}
	shown = items.n;
	if (shown)
		html_close(&p->h, "ul");
	waiting_items_release(&items);
	return shown;
}
