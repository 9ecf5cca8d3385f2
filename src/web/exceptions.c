#include "exceptions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/civil.h"
#include "../core/exception.h"
#include "../lib/err.h"
#include "../store/store_compliance.h"
#include "common.h"
#include "fields.h"
#include "lending.h"
#include "steps.h"
#include "lists.h"
#include "../app/objects.h"
#include "../core/records.h"
#include "record_form.h"
#include "../lib/util.h"
#include "../lib/banned.h"

/* The object of an application not yet made: prefecture-wide, unit 0. */
static struct authz_object new_object(const struct ctx *c)
{
	struct authz_object o = { 0, c->who ? c->who->user_id : 0, 0, 0 };
	return o;
}

/*
 * Whether this user may take step st on e now: authz decides who may act,
 * the state machine checks the order and the role authz granted (R-EXC-1..3).
 */
static int may(const struct ctx *c, const struct security_exception *e,
	       const struct step *st)
{
	struct authz_object o = exception_authz_object(e);

	return step_open_to(c->who, st, &o, e);
}

/* "令和7年4月1日 から 令和7年9月30日 まで", or "—" before an approval. */
static void period(struct page *p, const struct security_exception *e)
{
	if (!civil_valid(&e->valid_from)) {
		html_text(&p->h, "—");
		return;
	}
	page_civil(p, &e->valid_from);
	html_text(&p->h, " から ");
	page_civil(p, &e->valid_until);
	html_text(&p->h, " まで");
}

/* 1 when e is approved and its period contains today (exception_active). */
static int in_force(const struct security_exception *e)
{
	struct exception_grant g = { e->kind, e->state, e->valid_from,
				     e->valid_until };
	struct civil_date today;

	return today_civil(&today) == 0 &&
	       exception_active(&g, 1, e->kind, &today);
}

/* ---- the list ---------------------------------------------------------- */

static void exception_row(struct page *p, const void *rec,
			  const struct row_joined *j)
{
	const struct security_exception *e = rec;
	char href[80], n[24];

	html_open(&p->h, "tr", NULL);
	html_open(&p->h, "td", NULL);
	html_open(&p->h, "a", "href", href_of(href, "exceptions", e->id, NULL),
		  NULL);
	html_textf(&p->h, "第%s号", i64s(n, e->id));
	html_close(&p->h, "a");
	html_close(&p->h, "td");
	html_elem(&p->h, "td", NULL, exception_kind_label(e->kind));
	html_elem(&p->h, "td", NULL, !str_empty(e->approved_scope) ?
		  e->approved_scope : str_or_empty(e->scope));
	html_open(&p->h, "td", NULL);
	period(p, e);
	html_close(&p->h, "td");
	html_open(&p->h, "td", NULL);
	html_text(&p->h, exception_state_label(e->state));
	if (in_force(e))
		html_text(&p->h, "（適用中）");
	html_close(&p->h, "td");
	html_close(&p->h, "tr");
}

static void exceptions_actions(struct page *p)
{
	struct authz_object fresh = new_object(p->c);

	if (ctx_can(p->c, ACT_EXCEPTION_APPLY, &fresh))
		html_elem(&p->h, "a", "href", "/exceptions/new", "class", "button",
			  NULL, "例外措置を申請する");
}

/* R-EXC-1..3: detail form 12 a page at a time, in one query. */
const struct web_list_route web_exceptions_list = {
	.kind = &exception_kind, .title = "例外申請",
	.heading = "例外措置の適用申請", .empty = "例外措置の申請はありません。",
	.actions = exceptions_actions, .row = exception_row,
	.heads = (const char *const[]){ "番号", "種別", "適用範囲", "適用期間",
		"状態", NULL },
};

/* ---- the application ----------------------------------------------------- */

/* R-EXC-1..3: the general manager applies, as the API reads it. */
const struct web_new_route web_exception_new = {
	.kind = &exception_kind, .title = "例外措置の申請",
	.heading = "例外措置適用申請書（細目様式第12号）",
	.intro = "情報セキュリティ管理者へ申請します。"
		 "承認されると、適用範囲と適用期間が記録されます。",
	.fields = (const char *const[]){ "kind", "scope", "purpose", NULL },
	.submit = "情報セキュリティ管理者へ申請する", .gate = new_object,
};

/* ---- an application and its steps ---------------------------------------- */

static const char *end_label(enum exception_state s)
{
	if (s == EXCEPTION_REFUSED)
		return "不承認の理由";
	if (s == EXCEPTION_REVOKED)
		return "取消しの理由";
	return "取下げの理由";
}

static void details(struct page *p, const struct security_exception *x)
{
	html_open(&p->h, "dl", "class", "details", NULL);
	html_elem(&p->h, "dt", NULL, "状態");
	html_open(&p->h, "dd", NULL);
	html_text(&p->h, exception_state_label(x->state));
	if (in_force(x))
		html_text(&p->h, "（本日は適用期間内）");
	html_close(&p->h, "dd");
	dl_row(p, "例外措置の種別", exception_kind_label(x->kind));
	dl_row(p, "申請した適用範囲", x->scope);
	dl_row(p, "申請の理由", x->purpose);
	dl_who_when(p, "申請", x->applicant_id, x->applied_at);
	dl_who_when(p, x->state == EXCEPTION_REFUSED ? "不承認" : "承認",
		     x->decided_by, x->decided_at);
	if (!str_empty(x->approved_scope))
		dl_row(p, "承認した適用範囲", x->approved_scope);
	html_elem(&p->h, "dt", NULL, "適用期間");
	html_open(&p->h, "dd", NULL);
	period(p, x);
	html_close(&p->h, "dd");
	dl_who_when(p, x->state == EXCEPTION_REVOKED ? "承認取消し" : "取下げ",
		     x->ended_by, x->ended_at);
	if (!str_empty(x->reason))
		dl_row(p, end_label(x->state), x->reason);
	dl_policy_version(p, x->policy_version);
	html_close(&p->h, "dl");
}

/* A form posting the version read (and its fields) to /exceptions/{id}/step. */
static void step_form_begin(struct page *p, const struct security_exception *x,
			    const char *step, const char *title)
{
	char suffix[32];

	snprintf(suffix, sizeof(suffix), "/%s", step);
	html_elem(&p->h, "h3", NULL, title);
	version_form_begin(p, "exceptions", x->id, suffix, x->version);
}

/*
 * The approval's fields; a fresh form offers the scope applied for, a
 * refused one shows what was posted.
 */
static void approve_form(struct page *p, const struct security_exception *x,
			 const struct form *f, const struct form_errors *e)
{
	static const char *const keys[] = { "scope", "valid_from",
		"valid_until", NULL };
	struct exception_approval *fresh = calloc(1, sizeof(*fresh));

	step_form_begin(p, x, "approve", "承認（適用範囲と適用期間を記録）");
	if (fresh)
		fresh->scope = x->scope; /* x's text outlives the form */
	/* only the approval's own form posts a scope */
	web_record_fields(&p->h, e, &exception_approval_record, keys,
			  f && form_get(f, "scope") ? f : NULL, fresh);
	free(fresh);
	form_submit(&p->h, "承認する");
	form_end(&p->h);
}

static void reason_form(struct page *p, const struct security_exception *x,
			const struct form *f, const struct form_errors *e,
			enum exception_event ev)
{
	const char *step = exception_event_key(ev);
	const char *label = ev == EXCEPTION_EV_REFUSE ? "不承認の理由"
						      : "取消しの理由";

	step_form_begin(p, x, step, ev == EXCEPTION_EV_REFUSE ? "不承認"
							      : "承認の取消し");
	field_textarea(&p->h, e, "reason", label,
		       f ? form_value(f, "reason") : NULL, NULL);
	html_elem(&p->h, "button", "type", "submit", "class",
		  "button button-danger", NULL,
		  ev == EXCEPTION_EV_REFUSE ? "不承認とする" : "承認を取り消す");
	form_end(&p->h);
}

/* Only the steps the chain allows now, for the role whose turn it is. */
static void step_forms(struct page *p, const struct security_exception *x,
		       const struct form *f, const struct form_errors *e)
{
	int approve = may(p->c, x, &exception_approve_step);
	int revoke = may(p->c, x, &exception_revoke_step);
	int withdraw = may(p->c, x, &exception_withdraw_step);
	char href[80];

	if (!approve && !revoke && !withdraw)
		return;
	html_elem(&p->h, "h2", "id", "steps", NULL, "あなたの対応");
	form_error_summary(p, e);
	if (approve) {
		approve_form(p, x, f, e);
		reason_form(p, x, f, e, EXCEPTION_EV_REFUSE);
	}
	if (revoke)
		reason_form(p, x, f, e, EXCEPTION_EV_REVOKE);
	if (withdraw)
		post_button(p, href_of(href, "exceptions", x->id, "/withdraw"),
			    x->version, "申請を取り下げる",
			    "button button-secondary");
}

/* The application's page; a step refused shown again (in). */
static void render_exception(struct ctx *c, const struct security_exception *x,
			     const struct web_posted *in, int status)
{
	char title[64], n[24];
	struct page p;

	snprintf(title, sizeof(title), "例外措置の申請 第%s号", i64s(n, x->id));
	page_begin(&p, c, title, "/exceptions");
	html_elem(&p.h, "h1", NULL, title);
	print_link(&p, "exceptions", x->id);
	details(&p, x);
	step_forms(&p, x, web_posted_form(in), web_posted_errors(in));
	page_end(&p, status);
}

WEB_STEP_KIND(web_exception_steps, &exception_kind, 0, ACT_EXCEPTION_VIEW,
	      struct security_exception, render_exception);

/* ---- the home page ------------------------------------------------------- */

