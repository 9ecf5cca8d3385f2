#include "screenshots.h"

#include <stdio.h>
#include <string.h>

#include "../core/civil.h"
#include "../core/exception.h"
#include "../core/policy.h"
#include "../lib/err.h"
#include "../lib/util.h"
#include "../store/store_compliance.h"
#include "common.h"
#include "fields.h"
#include "lending.h"
#include "steps.h"
#include "../app/objects.h"
#include "../app/policy.h"
#include "../app/waiting.h"
#include "../core/records.h"
#include "record_form.h"
#include "../lib/banned.h"

static const char *const record_fields[] = { "loan_id", "case_ref",
	"taken_at", "reason", NULL };


/* The list's filters: ?filter=on_device or ?filter=overdue. */
enum filter { FILTER_ALL, FILTER_ON_DEVICE, FILTER_OVERDUE };

/* R-EXC-3: still on the device after policy.screenshot_max_days. */
static int overdue(struct ctx *c, const struct screenshot *s,
		   const struct civil_date *today)
{
	return screenshot_overdue(app_policy(c, NULL), s->state, &s->taken_on,
				  today);
}

/* The state, with the overdue mark the home pages also show. */
static void state_text(struct page *p, const struct screenshot *s,
		       const struct civil_date *today)
{
	html_text(&p->h, screenshot_state_label(s->state));
	if (overdue(p->c, s, today))
		html_text(&p->h, "（保存期限超過）");
}

/* ---- the list ---------------------------------------------------------- */

/* "model（serial）" of the device joined to a row, or "—". */
static void joined_device(const struct row_joined *j, char *out, size_t n)
{
	if (*j->device_model || *j->device_serial)
		snprintf(out, n, "%s（%s）", j->device_model, j->device_serial);
	else
		snprintf(out, n, "%s", "—");
}

static void screenshot_row(struct page *p, const struct screenshot *s,
			   const struct row_joined *j,
			   const struct civil_date *today)
{
	char href[80], n[24], dev[2 * MM_NAME_MAX + 8];

	joined_device(j, dev, sizeof(dev));
	html_open(&p->h, "tr", NULL);
	html_open(&p->h, "td", NULL);
	html_open(&p->h, "a", "href", href_of(href, "screenshots", s->id, NULL),
		  NULL);
	html_textf(&p->h, "第%s号", i64s(n, s->id));
	html_close(&p->h, "a");
	html_close(&p->h, "td");
	html_elem(&p->h, "td", NULL, *j->unit_name ? j->unit_name : "—");
	html_elem(&p->h, "td", NULL, dev);
	html_elem(&p->h, "td", NULL, str_or_empty(s->case_ref));
	html_open(&p->h, "td", NULL);
	page_wareki(p, s->taken_at, 1);
	html_close(&p->h, "td");
	html_open(&p->h, "td", NULL);
	state_text(p, s, today);
	html_close(&p->h, "td");
	html_close(&p->h, "tr");
}

static int read_filter(struct ctx *c, enum filter *out)
{
	const char *v = http_query(c->req, "filter");

	*out = FILTER_ALL;
	if (!v || !*v)
		return 0;
	if (!strcmp(v, "on_device"))
		*out = FILTER_ON_DEVICE;
	else if (!strcmp(v, "overdue"))
		*out = FILTER_OVERDUE;
	else
		return MM_EINVAL;
	return 0;
}

static void filter_links(struct page *p, enum filter current)
{
	static const struct { const char *href, *label; } f[] = {
		{ "/screenshots", "すべて" },
		{ "/screenshots?filter=on_device", "端末内に保存中" },
		{ "/screenshots?filter=overdue", "保存期限超過" },
	};

	html_open(&p->h, "nav", "aria-label", "表示の絞り込み", NULL);
	html_open(&p->h, "ul", NULL);
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		html_open(&p->h, "li", NULL);
		/* the filter shown is plain text, the others links */
		if ((size_t)current == i)
			html_elem(&p->h, "strong", NULL, f[i].label);
		else
			html_elem(&p->h, "a", "href", f[i].href, NULL, f[i].label);
		html_close(&p->h, "li");
	}
	html_close(&p->h, "ul");
	html_close(&p->h, "nav");
}

static size_t write_rows(struct page *p, const struct screenshot_list *l,
			 const struct civil_date *today)
{
	size_t shown = 0;

	for (size_t i = 0; i < l->n; i++) {
		struct authz_object o = screenshot_authz_object(&l->items[i]);
		if (!ctx_list_row_ok(p->c, ACT_SCREENSHOT_VIEW, &o))
			continue;
		screenshot_row(p, &l->items[i], &l->joined[i], today);
		shown++;
	}
	return shown;
}

/*
 * The store's filter of a list filter: on the device, and for overdue
 * ones taken before the policy's bound (screenshot_overdue_before), so
 * the query selects exactly the rows shown and pages are full.
 */
static int store_filter(struct ctx *c, enum filter filter,
			const struct civil_date *today,
			struct screenshot_filter *f)
{
	memset(f, 0, sizeof *f);
	f->on_device_only = filter != FILTER_ALL;
	if (filter == FILTER_OVERDUE)
		return screenshot_overdue_before(app_policy(c, NULL), today,
						 &f->taken_before);
	return 0;
}

/* R-EXC-3: the log a page at a time, filtered in its one query. */
void web_screenshots_list(struct ctx *c)
{
	static const char *const heads[] = { "番号", "所属", "端末", "事件",
		"撮影日時", "状態", NULL };
	static const char *const bases[] = { "/screenshots",
		"/screenshots?filter=on_device", "/screenshots?filter=overdue" };
	struct authz_object own = own_unit(c);
	struct authz_view view = ctx_list_view(c, ACT_SCREENSHOT_VIEW);
	struct screenshot_list l = { 0 };
	struct screenshot_filter f;
	struct civil_date today;
	struct page_req req;
	enum filter filter;
	struct page p;
	int rc;

	if (ctx_authorize(c, ACT_SCREENSHOT_VIEW, &own, NULL) < 0)
		return;
	if (read_filter(c, &filter) < 0 || today_civil(&today) < 0 ||
	    store_filter(c, filter, &today, &f) < 0) {
		ctx_fail(c, MM_EINVAL, "表示の条件が正しくありません。", NULL);
		return;
	}
	if (web_page_req(c, &req) < 0)
		return;
	if ((rc = store_screenshot_list(c->app->store, &view, &f, &req, &l)) < 0) {
		ctx_list_failed(c, rc, "screenshots");
		return;
	}
	page_begin(&p, c, "スクリーンショット", "/screenshots");
	html_elem(&p.h, "h1", NULL, "スクリーンショットの記録");
	html_open(&p.h, "p", NULL);
	html_textf(&p.h, "撮影したスクリーンショットは、%d日以内に捜査用携帯パソコンへ"
		   "移管するか削除してください。", app_policy(c, NULL)->screenshot_max_days);
	html_close(&p.h, "p");
	if (ctx_can(c, ACT_SCREENSHOT_RECORD, &own))
		html_elem(&p.h, "a", "href", "/screenshots/new", "class", "button",
			  NULL, "スクリーンショットを記録する");
	filter_links(&p, filter);
	table_begin(&p.h, heads);
	table_end(&p.h, write_rows(&p, &l, &today),
		  "該当するスクリーンショットはありません。");
	web_pager(&p, bases[filter], &l.at);
	screenshot_list_release(&l);
	page_end(&p, 200);
}

/* ---- logging one ----------------------------------------------------------- */

/* The received loans of the user's unit this user may log on, as options. */
static void loan_select(struct page *p, const struct form_errors *e,
			const char *current)
{
	struct loan_filter f = { .unit_id = p->c->who->unit_id,
				 .state = LOAN_RECEIVED };
	struct authz_view view = ctx_list_view(p->c, ACT_SCREENSHOT_RECORD);
	/* the unit's received loans with their devices, in one query */
	struct page_req req = { .limit = STORE_PAGE_MAX };
	struct loan_list l = { 0 };
	char id[24], n[24], text[3 * MM_NAME_MAX];

	if (store_loan_list(p->c->app->store, &view, &f, &req, &l) < 0)
		l.n = 0;
	field_select_begin(&p->h, e, "loan_id", "撮影した端末");
	field_option(&p->h, "", "選んでください", !*current);
	for (size_t i = 0; i < l.n; i++) {
		struct authz_object o = loan_authz_object(&l.items[i]);
		if (!ctx_can(p->c, ACT_SCREENSHOT_RECORD, &o))
			continue;
		snprintf(text, sizeof(text), "%s（%s）　貸出第%s号",
			 l.joined[i].device_model, l.joined[i].device_serial,
			 i64s(n, l.items[i].id));
		i64s(id, l.items[i].id);
		field_option(&p->h, id, text, !strcmp(current, id));
	}
	field_select_end(&p->h);
	loan_list_release(&l);
}

/* Whether today lies in an approved screenshot exception (R-EXC-3). */
static void exception_notice(struct page *p)
{
	struct civil_date today;
	int64_t id = 0;
	char n[24];
	int rc = today_civil(&today);

	if (rc == 0)
		rc = store_exception_active(p->c->app->store,
					    EXCEPTION_KIND_SCREENSHOT, &today, &id);
	html_open(&p->h, "p", "class", "notice", NULL);
	if (rc == 1)
		html_textf(&p->h, "本日はスクリーンショットの例外措置（第%s号）の"
			   "適用期間内です。", i64s(n, id));
	else
		html_text(&p->h, "本日有効なスクリーンショットの例外措置はありません。"
			  "例外措置の適用期間外に撮影したものは記録できません（R-EXC-3）。");
	html_close(&p->h, "p");
}

/* The fields after the loan, in order, as the descriptor has them. */
static const char *const shot_keys[] = { "case_ref", "taken_at", "reason",
	NULL };

static void render_new(struct ctx *c, const struct form *f,
		       const struct form_errors *e, int status)
{
	struct page p;

	page_begin(&p, c, "スクリーンショットの記録", "/screenshots");
	html_elem(&p.h, "h1", NULL, "スクリーンショットの記録");
	exception_notice(&p);
	form_error_summary(&p, e);
	form_begin(&p.h, c, "/screenshots", "stack");
	loan_select(&p, e, f ? form_value(f, "loan_id") : "");
	web_record_fields(&p.h, e, &screenshot_record, shot_keys, f, NULL);
	form_submit(&p.h, "記録する");
	form_end(&p.h);
	page_end(&p, status);
}

void web_screenshot_new(struct ctx *c)
{
	struct authz_object own = own_unit(c);

	if (ctx_authorize(c, ACT_SCREENSHOT_RECORD, &own, NULL) < 0)
		return;
	render_new(c, NULL, NULL, 200);
}

/*
 * R-EXC-3: what is logged, as the API reads it; the day taken is the
 * Asia/Tokyo day of taken_at.
 */
static void read_shot(const struct form *f, struct screenshot *s,
		      struct form_errors *e)
{
	if (web_record_read(f, &screenshot_record, s, RECORD_CREATE, e) == 0 &&
	    civil_from_unix(s->taken_at, &s->taken_on) < 0)
		form_errors_add(e, "taken_at", "撮影日時",
				MM_SCREENSHOT_BAD_TIME_MSG);
}

/*
 * The loan the shot names, authorized for logging on it: 0; MM_EINVAL
 * with a message in e; or answered (403 for another station's loan).
 */
static int read_loan(struct ctx *c, int64_t id, struct loan *loan,
		     struct authz_grant *g, struct form_errors *e)
{
	struct authz_object o;
	int rc = store_loan_get(c->app->store, id, &c->pool, loan);

	if (rc == MM_ENOTFOUND) {
		form_errors_add(e, "loan_id", "撮影した端末",
				MM_SCREENSHOT_NO_LOAN_MSG);
		return MM_EINVAL;
	}
	if (rc < 0) {
		web_store_fail(c, rc);
		return MM_EDENIED;
	}
	o = loan_authz_object(loan);
	return ctx_authorize(c, ACT_SCREENSHOT_RECORD, &o, g) < 0 ? MM_EDENIED : 0;
}

/* A refused record re-rendered with the store's reason (422), or answered. */
static void record_failed(struct ctx *c, const struct form *f,
			  struct form_errors *e, int rc)
{
	if (rc == MM_ERULE)
		form_errors_add(e, "taken_at", "撮影日時",
				"この日に有効なスクリーンショットの例外措置がありません"
				"（R-EXC-3）。");
	else if (rc == MM_ESTATE)
		form_errors_add(e, "loan_id", "撮影した端末",
				"受領済みの貸出端末ではありません。");
	else if (rc == MM_EINVAL)
		form_errors_add(e, "", "", store_message(rc));
	else {
		lending_fail(c, rc, NULL);
		return;
	}
	render_new(c, f, e, 422);
}

void web_screenshot_create(struct ctx *c)
{
	struct authz_object own = own_unit(c);
	struct form f = { .n = 0 };
	struct authz_grant g;
	struct form_errors e;
	struct screenshot s;
	struct loan loan;
	struct actor a;
	char href[80];
	int rc;

	if (ctx_authorize(c, ACT_SCREENSHOT_RECORD, &own, NULL) < 0 ||
	    form_read(c, &f, record_fields) < 0)
		goto out;
	memset(&s, 0, sizeof(s));
	form_errors_init(&e);
	read_shot(&f, &s, &e);
	if (s.loan_id && read_loan(c, s.loan_id, &loan, &g, &e) == MM_EDENIED)
		goto out;
	if (e.n) {
		render_new(c, &f, &e, 422);
		goto out;
	}
	s.loan_id = loan.id;
	a = ctx_actor(c, &g);
	/* R-EXC-3: the store refuses it unless an exception covers the day */
	rc = store_screenshot_record(c->app->store, &a, &s);
	if (rc == 0)
		page_redirect(c, href_of(href, "screenshots", s.id, NULL));
	else
		record_failed(c, &f, &e, rc);
out:
	form_release(&f);
}

/* ---- one screenshot ---------------------------------------------------------- */

static void details(struct page *p, const struct screenshot *s,
		    const struct civil_date *today)
{
	char unit[MM_NAME_MAX], dev[2 * MM_NAME_MAX], href[80], n[24];

	unit_name_of(p->c->app->store, s->unit_id, unit, sizeof(unit));
	device_label_of(p->c->app->store, s->device_id, dev, sizeof(dev));
	html_open(&p->h, "dl", "class", "details", NULL);
	html_elem(&p->h, "dt", NULL, "状態");
	html_open(&p->h, "dd", NULL);
	state_text(p, s, today);
	html_close(&p->h, "dd");
	dl_row(p, "所属", unit);
	dl_row(p, "端末", dev);
	dl_row(p, "事件", str_or_empty(s->case_ref));
	html_elem(&p->h, "dt", NULL, "撮影日時");
	html_open(&p->h, "dd", NULL);
	page_wareki(p, s->taken_at, 1);
	html_close(&p->h, "dd");
	dl_row(p, "撮影した理由", str_or_empty(s->reason));
	html_elem(&p->h, "dt", NULL, "根拠の例外措置");
	html_open(&p->h, "dd", NULL);
	snprintf(unit, sizeof(unit), "例外措置の申請 第%s号",
		 i64s(n, s->exception_id));
	html_elem(&p->h, "a", "href", href_of(href, "exceptions",
					      s->exception_id, NULL), NULL, unit);
	html_close(&p->h, "dd");
	dl_who_when(p, "記録", s->recorded_by, s->recorded_at);
	dl_who_when(p, screenshot_state_label(s->state), s->disposed_by,
		     s->disposed_at);
	if (!str_empty(s->disposal_note))
		dl_row(p, "処理の記録", s->disposal_note);
	dl_policy_version(p, s->policy_version);
	html_close(&p->h, "dl");
}

/*
 * One form, two outcomes: moved to the laptop (default) or deleted; what
 * was posted (f, may be NULL) shown again with its faults e.
 */
static void dispose_form(struct page *p, const struct screenshot *s,
			 const struct form *f, const struct form_errors *e)
{
	struct authz_object o = screenshot_authz_object(s);
	char del[80];

	if (!step_open_to(p->c->who, &screenshot_move_step, &o, s))
		return;
	html_elem(&p->h, "h2", NULL, "端末からの移管・削除");
	form_error_summary(p, e);
	version_form_begin(p, "screenshots", s->id, "/move", s->version);
	web_record_field(&p->h, e, &screenshot_disposal_record, "note", f, NULL);
	html_open(&p->h, "div", "class", "actions", NULL);
	html_elem(&p->h, "button", "type", "submit", "class", "button", NULL,
		  "捜査用携帯パソコンへ移管した");
	html_elem(&p->h, "button", "type", "submit", "class",
		  "button button-danger", "formaction",
		  href_of(del, "screenshots", s->id, "/delete"), NULL,
		  "端末から削除した");
	html_close(&p->h, "div");
	form_end(&p->h);
}

/* The screenshot's page; a refused disposal shown again (in). */
static void render_shot(struct ctx *c, const struct screenshot *s,
			const struct web_posted *in, int status)
{
	char title[64], n[24];
	struct civil_date today;
	struct page p;

	if (today_civil(&today) < 0)
		memset(&today, 0, sizeof(today));
	snprintf(title, sizeof(title), "スクリーンショット 第%s号", i64s(n, s->id));
	page_begin(&p, c, title, "/screenshots");
	html_elem(&p.h, "h1", NULL, title);
	details(&p, s, &today);
	dispose_form(&p, s, web_posted_form(in), web_posted_errors(in));
	page_end(&p, status);
}

WEB_STEP_KIND(web_screenshot_steps, &screenshot_kind, 0, ACT_SCREENSHOT_VIEW,
	      struct screenshot, render_shot);

/* ---- the home page ----------------------------------------------------------- */

size_t screenshots_waiting(struct page *p)
{
	struct screenshot_list l = { 0 };
	char href[80], n[24], dev[2 * MM_NAME_MAX + 8];
	size_t shown;

	if (waiting_screenshots(p->c, &l) < 0)
		l.n = 0;
	if (l.n)
		html_open(&p->h, "ul", "class", "reminders", NULL);
	for (size_t i = 0; i < l.n; i++) {
		const struct screenshot *s = &l.items[i];

		joined_device(&l.joined[i], dev, sizeof(dev));
		html_open(&p->h, "li", NULL);
		html_open(&p->h, "a", "href", href_of(href, "screenshots", s->id,
						     NULL), NULL);
		html_textf(&p->h, "スクリーンショット第%s号（%s）：%d日を過ぎて端末内に"
			   "保存されています", i64s(n, s->id), dev,
			   app_policy(p->c, NULL)->screenshot_max_days);
		html_close(&p->h, "a");
		html_close(&p->h, "li");
	}
	shown = l.n;
	if (shown)
		html_close(&p->h, "ul");
	screenshot_list_release(&l);
	return shown;
}
