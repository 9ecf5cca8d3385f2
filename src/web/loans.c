#include "loans.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/civil.h"
#include "../core/text.h"
#include "../lib/err.h"
#include "../lib/util.h"
#include "common.h"
#include "fields.h"
#include "lending.h"
#include "steps.h"
#include "lists.h"
#include "takeouts.h"
#include "../app/objects.h"
#include "../core/records.h"
#include "record_form.h"
#include "../lib/banned.h"

static const char *const check_fields[] = {
	"checked_on", "in_cabinet", "remarks", NULL
};
/* R-DEV-9: "deleted" once per listed account, its value the service id. */
static const char *const return_fields[] = {
	"deleted", "apps_uninstalled", "device_restored", "accessories_present",
	"version", NULL
};
static const char *const close_fields[] = {
	"anomaly", "description", "out_of_service", "version", NULL
};
static const char *const lend_fields[] = { "device_id", NULL };


/*
 * Which step's form a re-rendered loan page shows with errors: "receive",
 * "check", "return" or "close" (struct web_posted).
 */

/* The entered value of a step's field, or dflt when not re-rendering. */
static const char *entered(const struct web_posted *s, const char *step,
			   const char *name, const char *dflt)
{
	if (s && s->f && !strcmp(s->step, step))
		return form_value(s->f, name);
	return dflt;
}

static const struct form_errors *errors_of(const struct web_posted *s,
					   const char *step)
{
	return s && !strcmp(s->step, step) ? s->e : NULL;
}

/* What was posted to step, shown again with its faults; else NULL. */
static const struct form *posted_of(const struct web_posted *s,
				    const char *step)
{
	return s && !strcmp(s->step, step) ? s->f : NULL;
}

/* Receipt date of a received loan, as a civil date (zeroed if none). */
static void receipt_date(const struct loan *l, struct civil_date *out)
{
	memset(out, 0, sizeof(*out));
	if (l->received_at > 0 && civil_from_unix(l->received_at, out) < 0)
		memset(out, 0, sizeof(*out));
}

enum location_check loan_check_status_at(const struct loan *l,
					 const struct civil_date *last)
{
	enum location_check out = LOCATION_CHECK_NONE;
	struct civil_date since, today;

	if (l->state != LOAN_RECEIVED || today_civil(&today) < 0)
		return out;
	receipt_date(l, &since);
	if (location_check_status(policy_current(), &since,
				  last && civil_valid(last) ? last : NULL,
				  &today, &out) < 0)
		out = LOCATION_CHECK_NONE;
	return out;
}

/*
 * R-DEV-5: the location-check status of an open, received loan;
 * LOCATION_CHECK_NONE otherwise.
 */
enum location_check loan_check_status(struct store *st, const struct loan *l)
{
	enum location_check out = LOCATION_CHECK_NONE;
	struct page_req latest = { .limit = 1 };
	struct check_list cl = { 0 };

	if (l->state != LOAN_RECEIVED)
		return out;
	if (store_check_list(st, NULL, l->id, &latest, &cl) == 0)
		out = loan_check_status_at(l, cl.n ? &cl.items[0].checked_on
						   : NULL);
	check_list_release(&cl);
	return out;
}

/* ---- register (list) ------------------------------------------------ */

/* "model（serial）" of a row's joined device, or "—". */
static void joined_device(const struct row_joined *j, char *out, size_t n)
{
	if (*j->device_model || *j->device_serial)
		snprintf(out, n, "%s（%s）", j->device_model, j->device_serial);
	else
		snprintf(out, n, "%s", "—");
}

static void loan_row(struct page *p, const void *rec,
		     const struct row_joined *j)
{
	const struct loan *l = rec;
	char href[80], dev[2 * MM_NAME_MAX + 8];
	enum location_check lc = loan_check_status_at(l, &j->last_check);

	joined_device(j, dev, sizeof(dev));
	html_open(&p->h, "tr", NULL);
	html_open(&p->h, "td", NULL);
	html_elem(&p->h, "a", "href", href_of(href, "loans", l->id, NULL),
		  NULL, dev);
	html_close(&p->h, "td");
	html_elem(&p->h, "td", NULL, *j->unit_name ? j->unit_name : "—");
	html_open(&p->h, "td", NULL);
	page_civil(p, &l->start);
	html_close(&p->h, "td");
	html_open(&p->h, "td", NULL);
	page_civil(p, &l->due);
	if (civil_valid(&l->original_due) &&
	    civil_compare(&l->original_due, &l->due)) {
		html_text(&p->h, "（当初 ");
		page_civil(p, &l->original_due);
		html_text(&p->h, "）");
	}
	html_close(&p->h, "td");
	html_elem(&p->h, "td", NULL, loan_state_label(l->state));
	html_elem(&p->h, "td", NULL, lc ? location_check_label(lc) : "—");
	html_close(&p->h, "tr");
}

/*
 * The lending register a page at a time: the general manager reads
 * every unit's, a station only its own (detail form 5), selected in the
 * one query that also joins the unit, the device and the latest check.
 */
const struct web_list_route web_loans_list = {
	.kind = &loan_kind, .title = "貸出管理簿", .heading = "貸出管理簿",
	.empty = "表示できる貸出はありません。", .row = loan_row,
	.heads = (const char *const[]){ "端末", "借用所属", "貸出日",
		"返却期限", "状態", "所在確認", NULL },
};

/* ---- lending on an approved application (R-DEV-3) ------------------- */

static int load_application(struct ctx *c, enum action act,
			    struct borrow_application *a,
			    struct authz_grant *g)
{
	int rc = ctx_authorize(c, act, NULL, g);

	return rc < 0 ? rc : web_load(c, &application_kind, act, a, g);
}

static void render_lend_form(struct ctx *c, const struct borrow_application *a,
			     const struct form_errors *e, int status)
{
	struct authz_view view = ctx_list_view(c, ACT_DEVICE_VIEW);
	/* the devices in stock, in one query: a choice of at most a page */
	struct page_req req = { .limit = STORE_PAGE_MAX };
	struct device_list dl = { 0 };
	char action[80], unit[MM_NAME_MAX];
	struct page p;
	size_t i, n = 0;

	unit_name_of(c->app->store, a->unit_id, unit, sizeof(unit));
	if (store_device_list(c->app->store, &view, DEVICE_IN_STOCK, &req,
			      &dl) < 0)
		dl.n = 0;
	page_begin(&p, c, "端末の貸出", "/loans");
	html_elem(&p.h, "h1", NULL, "端末の貸出（貸出管理簿への記載）");
	html_open(&p.h, "dl", "class", "details", NULL);
	dl_row(&p, "借用所属", unit);
	html_elem(&p.h, "dt", NULL, "期間");
	html_open(&p.h, "dd", NULL);
	page_civil(&p, &a->start);
	html_text(&p.h, " から ");
	page_civil(&p, &a->due);
	html_text(&p.h, " まで");
	html_close(&p.h, "dd");
	html_close(&p.h, "dl");
	form_error_summary(&p, e);
	form_begin(&p.h, c, href_of(action, "applications", a->id, "/lend"),
		   "stack");
	field_select_begin(&p.h, e, "device_id",
			   record_field(&loan_record, "device_id")->label);
	for (i = 0; i < dl.n; i++) {
		char id[24], label[2 * MM_NAME_MAX];
		if (dl.items[i].state != DEVICE_IN_STOCK)
			continue;
		snprintf(label, sizeof(label), "%s（%s）", dl.items[i].model,
			 dl.items[i].serial);
		field_option(&p.h, i64s(id, dl.items[i].id), label,
			     dl.items[i].id == a->device_id);
		n++;
	}
	field_select_end(&p.h);
	if (!n)
		html_elem(&p.h, "p", "class", "notice", NULL,
			  "在庫の端末がありません。");
	form_submit(&p.h, "貸し出す");
	form_end(&p.h);
	page_end(&p, status);
	device_list_release(&dl);
}

void web_lend_form(struct ctx *c)
{
	struct borrow_application a;

	if (load_application(c, ACT_LOAN_LEND, &a, NULL) < 0)
		return;
	if (a.state != APPLICATION_APPROVED || a.kind != APPLICATION_KIND_NEW) {
		ctx_fail(c, MM_ESTATE, MSG_STATE, NULL);
		return;
	}
	render_lend_form(c, &a, NULL, 200);
}

/* R-DEV-3: lends the device chosen, read through the loan's descriptor. */
void web_lend(struct ctx *c)
{
	struct borrow_application a;
	struct authz_grant g;
	struct form f = { .n = 0 };
	struct form_errors e;
	struct actor ac;
	struct loan l;
	int rc;

	if (load_application(c, ACT_LOAN_LEND, &a, &g) < 0)
		return;
	if (form_read(c, &f, lend_fields) < 0)
		goto out;
	form_errors_init(&e);
	memset(&l, 0, sizeof(l));
	if (web_record_read(&f, &loan_record, &l, RECORD_CREATE, &e) < 0) {
		render_lend_form(c, &a, &e, 422);
		goto out;
	}
	ac = ctx_actor(c, &g);
	rc = store_loan_lend(c->app->store, &ac, a.id, l.device_id, &l);
	web_step_done(c, &loan_kind, l.id, rc, NULL);
out:
	form_release(&f);
}

/* ---- the loan page --------------------------------------------------- */

static void loan_details(struct page *p, const struct loan *l)
{
	struct store *st = p->c->app->store;
	char dev[2 * MM_NAME_MAX], unit[MM_NAME_MAX], href[80], who[MM_NAME_MAX];
	struct authz_object dobj = { l->unit_id, 0, 0, 0 };

	device_label_of(st, l->device_id, dev, sizeof(dev));
	unit_name_of(st, l->unit_id, unit, sizeof(unit));
	html_open(&p->h, "dl", "class", "details", NULL);
	html_elem(&p->h, "dt", NULL, "端末");
	html_open(&p->h, "dd", NULL);
	if (ctx_can(p->c, ACT_DEVICE_VIEW, &dobj))
		html_elem(&p->h, "a", "href",
			  href_of(href, "devices", l->device_id, NULL), NULL, dev);
	else
		html_text(&p->h, dev);
	html_close(&p->h, "dd");
	dl_row(p, "借用所属", unit);
	dl_row(p, "状態", loan_state_label(l->state));
	html_elem(&p->h, "dt", NULL, "貸出日");
	html_open(&p->h, "dd", NULL);
	page_civil(p, &l->start);
	html_close(&p->h, "dd");
	html_elem(&p->h, "dt", NULL, "返却期限");
	html_open(&p->h, "dd", NULL);
	page_civil(p, &l->due);
	html_close(&p->h, "dd");
	if (civil_valid(&l->original_due) &&
	    civil_compare(&l->original_due, &l->due)) {
		html_elem(&p->h, "dt", NULL, "当初の返却期限");
		html_open(&p->h, "dd", NULL);
		page_civil(p, &l->original_due);
		html_close(&p->h, "dd");
	}
	html_elem(&p->h, "dt", NULL, "借用申請");
	html_open(&p->h, "dd", NULL);
	html_elem(&p->h, "a", "href",
		  href_of(href, "applications", l->application_id, NULL), NULL,
		  "借用申請書を表示");
	html_close(&p->h, "dd");
	if (l->received_at) {
		user_name_of(st, l->received_by, who, sizeof(who));
		html_elem(&p->h, "dt", NULL, "受領");
		html_open(&p->h, "dd", NULL);
		page_wareki(p, l->received_at, 0);
		html_textf(&p->h, "（%s）", who);
		html_close(&p->h, "dd");
		html_elem(&p->h, "dt", NULL, "研修");
		html_open(&p->h, "dd", NULL);
		page_civil(p, &l->training.trained_on);
		html_textf(&p->h, " 講師：%s ／ 内容：%s",
			   str_or_empty(l->training.trainer),
			   str_or_empty(l->training.topics));
		html_close(&p->h, "dd");
	}
	if (l->closed_at) {
		dl_row(p, "本部の点検", l->anomaly ? "異常あり" : "異常なし");
		if (l->anomaly)
			dl_row(p, "異常の内容", str_or_empty(l->anomaly_text));
	}
	dl_policy_version(p, l->policy_version);
	html_close(&p->h, "dl");
}

/* R-DEV-4: the operations officer confirms receipt with the training. */
static void receive_form(struct page *p, const struct loan *l,
			 const struct web_posted *s)
{
	static const char *const keys[] = { "trained_on", "trainer", "topics",
		NULL };
	const struct form_errors *e = errors_of(s, "receive");
	struct training_record t;

	memset(&t, 0, sizeof(t));
	today_civil(&t.trained_on);
	html_elem(&p->h, "h2", "id", "receive", NULL, "受領と研修の記録");
	form_error_summary(p, e);
	version_form_begin(p, "loans", l->id, "/receive", l->version);
	web_record_fields(&p->h, e, &loan_training_record, keys,
			  posted_of(s, "receive"), &t);
	form_submit(&p->h, "受領を確認する");
	form_end(&p->h);
}

/* A cursor of the loan page's checks (?checks_after=, ?checks_before=). */
static int64_t checks_cursor(struct ctx *c, const char *name)
{
	int64_t id = 0;

	/* a bad cursor shows the newest page: the loan page still answers */
	if (parse_id(http_query(c->req, name), &id) < 0)
		id = 0;
	return id;
}

/*
 * The loan's checks the user may see, a page at a time (one query with
 * the names of who checked); paged links only where with_pager (the
 * loan's own page), else the newest page.
 */
static void checks_table(struct page *p, const struct loan *l, int with_pager)
{
	struct authz_view view = ctx_list_view(p->c, ACT_CHECK_VIEW);
	struct page_req req = { .limit = STORE_PAGE_DEFAULT };
	struct check_list cl = { 0 };
	char base[80];
	size_t i, shown = 0;

	if (with_pager) {
		req.after = checks_cursor(p->c, "checks_after");
		req.before = req.after ? 0 : checks_cursor(p->c, "checks_before");
	}
	if (store_check_list(p->c->app->store, &view, l->id, &req, &cl) < 0 ||
	    !cl.n) {
		html_elem(&p->h, "p", NULL, "所在確認の記録はありません。");
		check_list_release(&cl);
		return;
	}
	table_begin(&p->h, (const char *const[]){ "確認日", "保管庫", "備考", "確認者",
		"通達版", NULL });
	for (i = 0; i < cl.n; i++) {
		struct authz_object o = { cl.items[i].unit_id, 0, 0, 0 };
		if (!ctx_list_row_ok(p->c, ACT_CHECK_VIEW, &o))
			continue;
		html_open(&p->h, "tr", NULL);
		html_open(&p->h, "td", NULL);
		page_civil(p, &cl.items[i].checked_on);
		html_close(&p->h, "td");
		html_elem(&p->h, "td", NULL, cl.items[i].in_cabinet ?
			  "施錠保管庫内" : "保管庫外");
		html_elem(&p->h, "td", NULL, cl.items[i].remarks);
		html_elem(&p->h, "td", NULL, *cl.joined[i].user_name ?
			  cl.joined[i].user_name : "—");
		td_policy_version(p, cl.items[i].policy_version);
		html_close(&p->h, "tr");
		shown++;
	}
	table_end(&p->h, shown, "所在確認の記録はありません。");
	if (with_pager)
		web_pager_named(p, href_of(base, "loans", l->id, NULL), &cl.at,
				"checks_after", "checks_before");
	check_list_release(&cl);
}

/* R-DEV-5, detail form 6: the checks and, for the assistant, the form. */
static void checks_section(struct page *p, const struct loan *l,
			   const struct web_posted *s)
{
	static const char *const keys[] = { "checked_on", "in_cabinet",
		"remarks", NULL };
	struct authz_object o = loan_authz_object(l);
	const struct form_errors *e = errors_of(s, "check");
	struct location_check_entry ch;
	enum location_check lc;
	char action[80];

	if (!ctx_can(p->c, ACT_CHECK_VIEW, &o))
		return;
	html_elem(&p->h, "h2", "id", "checks", NULL, "所在確認（月1回以上）");
	lc = loan_check_status(p->c->app->store, l);
	if (lc) {
		html_open(&p->h, "p", "class", lc == LOCATION_CHECK_OK ? NULL :
			  "notice", NULL);
		html_textf(&p->h, "今月の確認：%s", location_check_label(lc));
		html_close(&p->h, "p");
	}
	checks_table(p, l, 1);
	if (l->state != LOAN_RECEIVED || !ctx_can(p->c, ACT_CHECK_RECORD, &o))
		return;
	/* today's check of a device found in its cabinet, unless told */
	memset(&ch, 0, sizeof(ch));
	today_civil(&ch.checked_on);
	ch.in_cabinet = 1;
	html_elem(&p->h, "h3", NULL, "所在確認を記録する");
	form_error_summary(p, e);
	form_begin(&p->h, p->c, href_of(action, "loans", l->id, "/checks"),
		   "stack");
	web_record_fields(&p->h, e, &location_check_record, keys,
			  posted_of(s, "check"), &ch);
	form_submit(&p->h, "所在確認を記録する");
	form_end(&p->h);
}

/* Whether the entered form confirms the account of service id. */
static int confirmed(const struct web_posted *s, int64_t id)
{
	int64_t v;

	if (!s || !s->f || strcmp(s->step, "return"))
		return 0;
	for (size_t i = 0; i < s->f->n; i++)
		if (!strcmp(s->f->fields[i].name, "deleted") &&
		    parse_id(s->f->fields[i].value, &v) == 0 && v == id)
			return 1;
	return 0;
}

/* One required checkbox per account the register lists on the device. */
static void account_checks(struct page *p, const struct return_checklist *cl,
			   const struct web_posted *s,
			   const struct form_errors *e)
{
	char id[24], label[3 * MM_NAME_MAX];

	if (!cl->n_accounts) {
		html_elem(&p->h, "p", NULL,
			  "この端末に登録されているSNS等のアカウントはありません。");
		return;
	}
	html_open(&p->h, "fieldset", "class", "field", NULL);
	html_elem(&p->h, "legend", NULL,
		  "端末のアカウント（外部サービス利用申請による登録）");
	for (size_t i = 0; i < cl->n_accounts; i++) {
		const struct return_account *a = &cl->accounts[i];
		snprintf(label, sizeof(label), "%s のアカウント %s を削除した（%s）",
			 str_or_empty(a->service), str_or_empty(a->account),
			 service_state_label(a->state));
		field_check_item(&p->h, e, "deleted", i64s(id, a->service_id),
				 label, confirmed(s, a->service_id), 1);
	}
	html_close(&p->h, "fieldset");
}

/*
 * R-DEV-9: the manager's checklist.  The accounts are the register's
 * (every application on the device not ended), never typed in.
 */
static void return_form(struct page *p, const struct loan *l,
			const struct web_posted *s)
{
	const struct form_errors *e = errors_of(s, "return");
	struct return_checklist *cl = malloc(sizeof(*cl));
	int rc = cl ? store_loan_return_accounts(p->c->app->store, l->id,
						&p->c->pool, cl)
		    : MM_ENOMEM;

	html_elem(&p->h, "h2", "id", "return", NULL, "返却の確認");
	if (rc < 0) {
		html_elem(&p->h, "p", "class", "notice", NULL, rc == MM_ERULE ?
			  "この端末のアカウントが多すぎるため返却できません。不要な申請を整理してください。" :
			  "端末のアカウントを読み込めませんでした。しばらくしてからやり直してください。");
		free(cl);
		return;
	}
	html_elem(&p->h, "p", NULL,
		  "外部サービス利用申請により端末に登録されたSNS等のアカウントをすべて削除し、1つずつ確認してください。"
		  "すべての項目が確認済みでなければ返却できません。返却すると、これらの申請はアカウント削除済みとなります。");
	form_error_summary(p, e);
	version_form_begin(p, "loans", l->id, "/return", l->version);
	account_checks(p, cl, s, e);
	field_check(&p->h, e, "apps_uninstalled", "アプリをアンインストールした",
		    !strcmp(entered(s, "return", "apps_uninstalled", ""), "1"));
	field_check(&p->h, e, "device_restored", "端末を貸出前の状態に戻した",
		    !strcmp(entered(s, "return", "device_restored", ""), "1"));
	field_check(&p->h, e, "accessories_present", "付属品がそろっている",
		    !strcmp(entered(s, "return", "accessories_present", ""), "1"));
	form_submit(&p->h, "返却する");
	form_end(&p->h);
	free(cl);
}

static const char *done(int yes)
{
	return yes ? "確認済み" : "未確認";
}

/*
 * R-DEV-9: what the unit submitted with the return, for the general
 * manager's check for anomalies (and for the record once closed).
 */
static void checklist_section(struct page *p, const struct loan *l)
{
	const struct return_checklist *c = &l->checklist;
	char who[MM_NAME_MAX];

	if (!l->returned_at)
		return;
	user_name_of(p->c->app->store, l->returned_by, who, sizeof(who));
	html_elem(&p->h, "h2", "id", "checklist", NULL,
		  "返却時の確認事項（借用所属の報告）");
	html_open(&p->h, "dl", "class", "details", NULL);
	html_elem(&p->h, "dt", NULL, "返却手続");
	html_open(&p->h, "dd", NULL);
	page_wareki(p, l->returned_at, 1);
	html_textf(&p->h, "（%s）", who);
	html_close(&p->h, "dd");
	dl_row(p, "アプリのアンインストール", done(c->apps_uninstalled));
	dl_row(p, "端末を貸出前の状態に戻した", done(c->device_restored));
	dl_row(p, "付属品がそろっている", done(c->accessories_present));
	html_close(&p->h, "dl");
	if (!c->n_accounts) {
		html_elem(&p->h, "p", NULL,
			  "返却時、この端末に登録されたSNS等のアカウントはありませんでした。");
		return;
	}
	table_begin(&p->h, (const char *const[]){ "サービス", "アカウント",
		"削除", NULL });
	for (size_t i = 0; i < c->n_accounts; i++) {
		html_open(&p->h, "tr", NULL);
		html_elem(&p->h, "td", NULL, str_or_empty(c->accounts[i].service));
		html_elem(&p->h, "td", NULL, str_or_empty(c->accounts[i].account));
		html_elem(&p->h, "td", NULL,
			  c->accounts[i].deleted ? "削除を確認" : "未確認");
		html_close(&p->h, "tr");
	}
	table_end(&p->h, c->n_accounts, "");
}

/* R-DEV-9: the general manager's check and close. */
static void close_form(struct page *p, const struct loan *l,
		       const struct web_posted *s)
{
	const struct form_errors *e = errors_of(s, "close");
	const char *anomaly = entered(s, "close", "anomaly", "no");

	html_elem(&p->h, "h2", "id", "close", NULL, "本部の点検と貸出の終了");
	form_error_summary(p, e);
	version_form_begin(p, "loans", l->id, "/close", l->version);
	field_select_begin(&p->h, e, "anomaly", "点検の結果");
	field_option(&p->h, "no", "異常なし", strcmp(anomaly, "yes"));
	field_option(&p->h, "yes", "異常あり", !strcmp(anomaly, "yes"));
	field_select_end(&p->h);
	field_textarea(&p->h, e, "description", "異常の内容",
		       entered(s, "close", "description", ""),
		       "異常ありの場合に記入してください。");
	field_check(&p->h, e, "out_of_service", "端末を使用停止にする",
		    !strcmp(entered(s, "close", "out_of_service", ""), "1"));
	form_submit(&p->h, "点検を終えて貸出を終了する");
	form_end(&p->h);
}

static void loan_links(struct page *p, const struct loan *l)
{
	struct authz_object o = loan_authz_object(l);
	char href[80];

	html_open(&p->h, "div", "class", "actions", NULL);
	if (loan_open(l->state) && ctx_can(p->c, ACT_APPLICATION_CREATE, &o))
		html_elem(&p->h, "a", "class", "button button-secondary", "href",
			  href_of(href, "loans", l->id, "/extend"), NULL,
			  "延長を申請");
	if (l->state == LOAN_RECEIVED &&
	    ctx_can(p->c, ACT_TAKEOUT_REQUEST, &o))
		html_elem(&p->h, "a", "class", "button button-secondary", "href",
			  href_of(href, "loans", l->id, "/takeouts/new"), NULL,
			  "持出しを申請");
	html_close(&p->h, "div");
}

static void render_loan(struct ctx *c, const struct loan *l,
			const struct web_posted *s, int status)
{
	struct authz_object o = loan_authz_object(l);
	struct page p;

	page_begin(&p, c, "貸出", "/loans");
	html_elem(&p.h, "h1", NULL, "貸出管理簿（貸出の記録）");
	print_link(&p, "loans", l->id);
	/* R-DEV-5: the unit's register (detail form 5), the checks (6) */
	{
		char href[80];

		html_open(&p.h, "p", "class", "print", NULL);
		html_elem(&p.h, "a", "class", "button button-secondary",
			  "href", href_of(href, "loans", l->id,
					  "/register/pdf"), "target", "_blank",
			  "rel", "noopener", NULL,
			  "貸与携帯電話登録簿を印刷（PDF）");
		html_text(&p.h, " ");
		html_elem(&p.h, "a", "class", "button button-secondary",
			  "href", href_of(href, "loans", l->id, "/checks/pdf"),
			  "target", "_blank", "rel", "noopener", NULL,
			  "外部記録媒体点検表を印刷（PDF）");
		html_close(&p.h, "p");
	}
	loan_links(&p, l);
	loan_details(&p, l);
	if (step_open_to(c->who, &loan_receive_step, &o, l))
		receive_form(&p, l, s);
	checks_section(&p, l, s);
	if (ctx_can(c, ACT_TAKEOUT_VIEW, &o)) {
		html_elem(&p.h, "h2", NULL, "持出し");
		takeouts_table(&p, l->id);
	}
	if (step_open_to(c->who, &loan_return_step, &o, l))
		return_form(&p, l, s);
	checklist_section(&p, l);
	if (step_open_to(c->who, &loan_close_step, &o, l))
		close_form(&p, l, s);
	page_end(&p, status);
}

/*
 * The end of a step's POST: redirect on success; re-render the page
 * with the message for a rule or malformed input (422) or a stale
 * version (409); MM_ESTATE and the rest as lending_fail().
 */
static void step_result(struct ctx *c, struct loan *l, int rc,
			const char *step, const struct form *f,
			struct form_errors *e, const char *why)
{
	struct web_posted s = { step, f, e };
	char href[80];

	if (rc == 0) {
		page_redirect(c, href_of(href, "loans", l->id, NULL));
	} else if (rc == MM_ERULE || rc == MM_EINVAL) {
		form_errors_add(e, "", "", why ? why : store_message(rc));
		render_loan(c, l, &s, 422);
	} else if (rc == MM_ESTALE) {
		form_errors_add(e, "", "", MSG_STALE);
		if (store_loan_get(c->app->store, l->id, &c->pool, l) == 0)
			render_loan(c, l, &s, 409);
		else
			lending_fail(c, rc, NULL);
	} else {
		lending_fail(c, rc, why);
	}
}

/* Reads a step's form and its version; 0 or an answered error. */
static int read_step(struct ctx *c, struct form *f, const char *const *fields,
		     int64_t *version)
{
	if (form_read(c, f, fields) < 0)
		return MM_EINVAL;
	if (version && read_version(f, version) < 0) {
		ctx_fail(c, MM_EINVAL, "送信された内容を読み取れませんでした。", NULL);
		return MM_EINVAL;
	}
	return 0;
}

WEB_STEP_KIND(web_loan_steps, &loan_kind, 1, ACT_LOAN_VIEW, struct loan,
	      render_loan);

void web_check_add(struct ctx *c)
{
	struct location_check_entry ch;
	struct authz_grant g;
	struct authz_object o;
	struct form f = { .n = 0 };
	struct form_errors e;
	struct actor a;
	struct loan l;
	int rc;

	if (web_load_guarded(c, &loan_kind, ACT_LOAN_VIEW, ACT_LOAN_VIEW, &l,
			     NULL) < 0)
		return;
	o = loan_authz_object(&l);
	if (ctx_authorize(c, ACT_CHECK_RECORD, &o, &g) < 0)
		return;
	if (read_step(c, &f, check_fields, NULL) < 0)
		goto out;
	memset(&ch, 0, sizeof(ch));
	form_errors_init(&e);
	/* R-DEV-5: read and checked as the API reads it */
	ch.loan_start = l.start;
	if (web_record_read(&f, &location_check_record, &ch, RECORD_CREATE,
			    &e) < 0) {
		struct web_posted s = { "check", &f, &e };
		render_loan(c, &l, &s, 422);
		goto out;
	}
	ch.loan_id = l.id;
	ch.unit_id = l.unit_id;
	a = ctx_actor(c, &g);
	rc = store_check_add(c->app->store, &a, &ch);
	step_result(c, &l, rc, "check", &f, &e, NULL);
out:
	form_release(&f);
}

/*
 * The confirmations of the form: one "deleted" per checked account, its
 * value the service id (an unreadable one becomes 0, which the check
 * refuses).  MM_EOVERFLOW for more than any device lists.
 */
static int read_confirmation(const struct form *f,
			     struct return_confirmation *in)
{
	memset(in, 0, sizeof(*in));
	for (size_t i = 0; i < f->n; i++) {
		struct return_confirm *it;
		if (strcmp(f->fields[i].name, "deleted"))
			continue;
		if (in->n >= RETURN_ACCOUNTS_MAX)
			return MM_EOVERFLOW;
		it = &in->items[in->n++];
		if (parse_id(f->fields[i].value, &it->service_id) < 0)
			it->service_id = 0;
		it->deleted = 1; /* an unchecked box is not sent at all */
	}
	in->apps_uninstalled = !strcmp(form_value(f, "apps_uninstalled"), "1");
	in->device_restored = !strcmp(form_value(f, "device_restored"), "1");
	in->accessories_present =
		!strcmp(form_value(f, "accessories_present"), "1");
	return 0;
}

/* The form field a fault belongs to: an account's checkbox, or an item. */
static const char *fault_field(const struct return_fault *f, char *key,
			       size_t size)
{
	if (!f->field)
		return "";
	if (strcmp(f->field, "accounts"))
		return f->field;
	if (f->account >= RETURN_ACCOUNTS_MAX || f->service_id <= 0)
		return "";
	snprintf(key, size, "deleted-%lld", (long long)f->service_id);
	return key;
}

void web_loan_return(struct ctx *c)
{
	struct return_confirmation in;
	struct return_fault fault;
	struct authz_grant g;
	struct form f = { .n = 0 };
	struct form_errors e;
	struct web_posted s = { "return", &f, &e };
	struct actor a;
	struct loan l;
	char key[48];
	int64_t version;
	int rc;

	if (web_load_guarded(c, &loan_kind, ACT_LOAN_VIEW, ACT_LOAN_RETURN, &l,
			     &g) < 0 ||
	    ctx_check_step(c, &loan_return_step, &l, g.role) < 0)
		return;
	if (read_step(c, &f, return_fields, &version) < 0)
		goto out;
	form_errors_init(&e);
	memset(&fault, 0, sizeof(fault));
	if (read_confirmation(&f, &in) < 0) {
		form_errors_add(&e, "", "返却の確認", "アカウントが多すぎます");
		render_loan(c, &l, &s, 422);
		goto out;
	}
	a = ctx_actor(c, &g);
	/* The store checks the confirmation against the register. */
	rc = store_loan_submit_return(c->app->store, &a, l.id, version, &in,
				      &fault);
	if ((rc == MM_ERULE || rc == MM_EINVAL) && fault.field) {
		form_errors_add(&e, fault_field(&fault, key, sizeof(key)),
				"返却の確認", fault.message);
		render_loan(c, &l, &s, 422);
		goto out;
	}
	step_result(c, &l, rc, "return", &f, &e, NULL);
out:
	form_release(&f);
}

void web_loan_close(struct ctx *c)
{
	struct authz_grant g;
	struct form f = { .n = 0 };
	struct form_errors e;
	struct actor a;
	struct loan l;
	char text[MM_TEXT_MAX];
	int64_t version;
	int anomaly, rc;

	if (web_load_guarded(c, &loan_kind, ACT_LOAN_VIEW, ACT_LOAN_CLOSE, &l,
			     &g) < 0 ||
	    ctx_check_step(c, &loan_close_step, &l, g.role) < 0)
		return;
	if (read_step(c, &f, close_fields, &version) < 0)
		goto out;
	form_errors_init(&e);
	anomaly = !strcmp(form_value(&f, "anomaly"), "yes");
	if (!anomaly && strcmp(form_value(&f, "anomaly"), "no"))
		form_errors_add(&e, "anomaly", "点検の結果", "点検の結果を選択してください。");
	read_text(&f, "description", "異常の内容", anomaly, text, sizeof(text), &e);
	if (e.n) {
		struct web_posted s = { "close", &f, &e };
		render_loan(c, &l, &s, 422);
		goto out;
	}
	a = ctx_actor(c, &g);
	rc = store_loan_close(c->app->store, &a, l.id, version, anomaly, text,
			      !strcmp(form_value(&f, "out_of_service"), "1"));
	step_result(c, &l, rc, "close", &f, &e, NULL);
out:
	form_release(&f);
}

/* ---- the device's history ------------------------------------------- */

void loan_history(struct page *p, int64_t device_id)
{
	struct authz_view view = ctx_list_view(p->c, ACT_LOAN_VIEW);
	struct loan_filter f = { .device_id = device_id };
	/* the device's newest loans the user may see, in one query */
	struct page_req req = { .limit = STORE_PAGE_MAX };
	struct loan_list l = { 0 };
	size_t i, shown = 0;

	html_elem(&p->h, "h2", NULL, "履歴（貸出・所在確認・持出し・返却）");
	if (store_loan_list(p->c->app->store, &view, &f, &req, &l) < 0)
		l.n = 0;
	for (i = 0; i < l.n; i++) {
		struct loan *it = &l.items[i];
		struct authz_object o = loan_authz_object(it);
		char href[80];
		if (!ctx_can(p->c, ACT_LOAN_VIEW, &o))
			continue;
		html_open(&p->h, "h3", NULL);
		html_elem(&p->h, "a", "href", href_of(href, "loans", it->id, NULL),
			  NULL, "貸出");
		html_text(&p->h, " ");
		page_civil(p, &it->start);
		html_textf(&p->h, "（%s）", loan_state_label(it->state));
		html_close(&p->h, "h3");
		loan_details(p, it);
		if (ctx_can(p->c, ACT_CHECK_VIEW, &o)) {
			html_elem(&p->h, "h4", NULL, "所在確認");
			checks_table(p, it, 0);
		}
		if (ctx_can(p->c, ACT_TAKEOUT_VIEW, &o)) {
			html_elem(&p->h, "h4", NULL, "持出し");
			takeouts_table(p, it->id);
		}
		shown++;
	}
	if (!shown)
		html_elem(&p->h, "p", NULL, "貸出の記録はありません。");
	loan_list_release(&l);
}
