#include "meetings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/meeting.h"
#include "../core/records.h"
#include "../core/roles.h"
#include "../lib/err.h"
#include "common.h"
#include "../lib/util.h"
#include "fields.h"
#include "lending.h"
#include "record_form.h"
#include "../app/history.h"
#include "../app/objects.h"
#include "../lib/banned.h"

static void meetings_actions(struct page *p)
{
	own_unit_button(p, ACT_MEETING_REPORT, "/meetings/new",
			"接触前の報告をする");
}

/* R-CASE-3..11: the meetings the user may see, a page at a time. */
const struct web_list_route web_meetings_list = {
	.kind = &meeting_kind, .title = "接触",
	.heading = "対象者との接触（事前報告・実施結果）",
	.empty = "接触の記録はありません。",
	.actions = meetings_actions, .numbered = 1, .by_case = 1,
};

/* The most staff offered: the unit's and those lent for the case. */
#define STAFF_CHOICES 64

/* The case of the form: the posted one, else the link's (?case_id=). */
static int64_t form_case(const struct form *f, const void *rec)
{
	const char *v = f ? form_get(f, "case_id") : NULL;
	int64_t id = 0;

	if (v && parse_id(v, &id) == 0)
		return id;
	return rec ? ((const struct meeting *)rec)->case_id : 0;
}

/* One choice: name (sex), a lent one marked with the unit lending. */
static void staff_option(struct page *p, const struct user *u, int lent,
			 int64_t chosen)
{
	char id[24], label[MM_NAME_MAX * 2 + 64], unit[MM_NAME_MAX];

	if (lent) {
		unit_name_of(p->c->app->store, u->unit_id, unit, sizeof unit);
		snprintf(label, sizeof label, "%s（%s・応援：%s）", u->name,
			 u->sex ? sex_label(u->sex) : "性別未登録", unit);
	} else {
		snprintf(label, sizeof label, "%s（%s）", u->name,
			 u->sex ? sex_label(u->sex) : "性別未登録");
	}
	field_option(&p->h, i64s(id, u->id), label, chosen == u->id);
}

/*
 * R-CASE-5, R-CASE-10: the staff going as choices the server renders -
 * the unit's active staff, then those other units lent for the case -
 * instead of typed numbers.  Only choices: the store checks each named
 * member again (the unit's, or lent for the case) whatever is posted.
 */
static int staff_field(struct page *p, const char *key, const struct form *f,
		       const struct form_errors *e, const void *rec)
{
	const struct field_desc *fd = record_field(&meeting_record, key);
	struct authz_object own = own_unit(p->c);
	struct authz_view view = ctx_list_view(p->c, ACT_USER_VIEW);
	struct kind_filter uf = { .unit_id = own.unit_id };
	struct page_req req = { .limit = STORE_PAGE_MAX };
	struct kind_rows rows = { 0 };
	int64_t lent[STAFF_CHOICES], chosen = 0;
	const char *v = f ? form_get(f, key) : NULL;
	int64_t case_id = form_case(f, rec);
	size_t n = 0;

	if (strncmp(key, "staff_", 6) || !fd || fd->type != FIELD_REF)
		return 0;
	if (v)
		(void)parse_id(v, &chosen);
	else if (rec)
		memcpy(&chosen, (const char *)rec + fd->offset, sizeof chosen);
	field_select_begin(&p->h, e, key, fd->label);
	field_option(&p->h, "", "（選択してください）", chosen == 0);
	if (kind_list(&user_kind, p->c->app->store, &view, &uf, &req,
		      &rows) == 0)
		for (size_t i = 0; i < rows.n; i++) {
			const struct user *u =
				&((const struct user *)rows.items)[i];

			if (u->active && u->unit_id == own.unit_id)
				staff_option(p, u, 0, chosen);
		}
	kind_rows_release(&rows);
	if (case_id && store_support_lent_staff(p->c->app->store, case_id,
						lent, STAFF_CHOICES, &n) == 0)
		for (size_t i = 0; i < n; i++) {
			struct user u;

			if (store_user_get(p->c->app->store, lent[i], &u) == 0 &&
			    u.active)
				staff_option(p, &u, 1, chosen);
		}
	field_select_end(&p->h);
	return 1;
}

/* R-CASE-3, R-CASE-5, R-CASE-6: the officer reports before the meeting. */
const struct web_new_route web_meeting_new = {
	.kind = &meeting_kind, .title = "接触前の報告",
	.heading = "接触前の報告（現場設定状況等）",
	.intro = "接触は2人以上の職員で行い、対象者が女性と思料される場合は"
		 "女性職員を必ず同行させてください。同行する職員は所属の職員と、"
		 "応援要請によりこの事案に派遣された職員から選びます（性別・"
		 "役割は登録内容から記録されます）。",
	.fields = (const char *const[]){ "case_id", "meet_at", "place",
		"person_female", "staff_1", "staff_2", "staff_3", "staff_4",
		"escape_plan", "setup_plan", "division_notified", "report_note",
		NULL },
	.submit = "運用管理補助者へ報告する",
	.field = staff_field,
};

static int may(const struct ctx *c, const struct meeting *m,
	       const struct step *st)
{
	struct authz_object o = meeting_authz_object(m);

	return step_open_to(c->who, st, &o, m);
}

/* The staff going: name, sex and role as the server recorded them. */
static void staff_rows(struct page *p, const struct meeting *m)
{
	char who[MM_NAME_MAX], line[MM_NAME_MAX + 96];

	for (size_t i = 0; i < MEETING_STAFF_MAX; i++) {
		if (!m->staff[i])
			continue;
		user_name_of(p->c->app->store, m->staff[i], who, sizeof who);
		snprintf(line, sizeof line, "%s（%s・%s）", who,
			 m->staff_sex[i] ? sex_label(m->staff_sex[i])
					 : "性別未登録",
			 m->staff_role[i] ? fsm_label(meeting_staff_roles,
						      ROLE__COUNT,
						      (int)m->staff_role[i])
					  : "役割なし");
		dl_row(p, "同行する職員", line);
	}
}

/* The keys of the meeting's steps: their forms and, once recorded, the
 * details of the page. */
static const char *const instr_keys[] = { "instructions", NULL };
static const char *const back_keys[] = { "reason", NULL };
static const char *const outcome_keys[] = { "met", "juvenile",
	"child_name", "child_kana", "child_birth", "child_contact",
	"child_school", "guardian_name", "guardian_contact", "guidance",
	"guidance_facts", "guidance_note", "guardians_told",
	"guardian", "guardians_told_at", "guardians_told_how",
	"guardians_urged", "free_call_used", "free_call_person_called",
	"outcome_note", NULL };
static const char *const assess_keys[] = { "victim_history",
	"delinquency_history", "guidance_history",
	"guardian_capacity", "friendships", "support_needed", NULL };
static const char *const measure_keys[] = { "kind", "decided_on", "note",
	NULL };
static const char *const close_keys[] = { "closing_note", NULL };

static void details(struct page *p, const struct meeting *m)
{
	static const char *const report[] = { "state", "unit_id", "case_id",
		"meet_at", "place", "person_female", NULL };
	static const char *const plans[] = { "escape_plan", "setup_plan",
		"division_notified", "report_note", NULL };

	html_open(&p->h, "dl", NULL);
	web_details(p, &meeting_kind, m, report);
	staff_rows(p, m);
	web_details(p, &meeting_kind, m, plans);
	dl_who_when(p, "報告", m->reported_by, m->reported_at);
	dl_who_when(p, "運用管理者へ報告", m->forwarded_by, m->forwarded_at);
	dl_who_when(p, m->state == MEETING_SENT_BACK ? "差戻し" : "指揮",
		    m->instructed_by, m->instructed_at);
	if (m->instructed_at)
		dl_row(p, m->state == MEETING_SENT_BACK ? "差戻しの理由"
							: "指揮の内容",
		       m->instructions);
	dl_policy_version(p, m->policy_version);
	html_close(&p->h, "dl");
	if (m->outcome_at) {
		html_elem(&p->h, "h2", NULL, "接触結果");
		html_open(&p->h, "dl", NULL);
		web_details(p, &meeting_kind, m, outcome_keys);
		dl_who_when(p, "記録", m->outcome_by, m->outcome_at);
		dl_who_when(p, "実施結果報告（様式第5号）", m->results_by,
			    m->results_at);
		html_close(&p->h, "dl");
	}
	if (m->assessed_at) {
		html_elem(&p->h, "h2", NULL, "児童の保護対策");
		html_open(&p->h, "dl", NULL);
		web_details(p, &meeting_kind, m, assess_keys);
		dl_who_when(p, "検討", m->assessed_by, m->assessed_at);
		html_close(&p->h, "dl");
	}
	if (m->closed_at) {
		html_open(&p->h, "dl", NULL);
		dl_who_when(p, "終結", m->closed_by, m->closed_at);
		dl_row(p, "終結の所見", m->closing_note);
		html_close(&p->h, "dl");
	}
}

static void measures(struct page *p, const struct meeting *m)
{
	static const char *const heads[] = { "措置", "決定した日", "決定者",
		"措置の内容", NULL };
	char day[16];

	if (!m->assessed_at)
		return;
	html_elem(&p->h, "h3", NULL, "講じた措置");
	table_begin(&p->h, heads);
	for (size_t i = 0; i < m->n_measures; i++) {
		const struct meeting_measure *x = &m->measures[i];

		civil_format_iso(&x->decided_on, day, sizeof day);
		html_open(&p->h, "tr", NULL);
		html_elem(&p->h, "td", NULL, followup_measure_label(x->kind));
		html_elem(&p->h, "td", NULL, day);
		html_elem(&p->h, "td", NULL, x->decided_by_name);
		html_elem(&p->h, "td", NULL, str_or_empty(x->note));
		html_close(&p->h, "tr");
	}
	table_end(&p->h, m->n_measures, "措置の記録はありません。");
}

/*
 * Issue 9, R-CASE-11: the other records of the same child, found by
 * keyed hash (app/history.h); those the user may not read are left out
 * without a count.  h was read (and audited) before the page began.
 */
static void history(struct page *p, const struct meeting_history *h)
{
	static const char *const heads[] = { "接触", "事案", "所属",
		"接触の日時", "状態", "補導の種別", NULL };
	char href[80], n[24], unit[MM_NAME_MAX];

	if (!h->looked)
		return;
	html_elem(&p->h, "h2", "id", "history", NULL,
		  "同一少年の過去の記録");
	html_elem(&p->h, "p", NULL, "少年の氏名・ふりがな・生年月日から照合し"
		  "た、この少年についての他の接触の記録です（閲覧できる記録"
		  "のみ表示します）。");
	table_begin(&p->h, heads);
	for (size_t i = 0; i < h->n; i++) {
		const struct history_entry *e = &h->e[i];

		html_open(&p->h, "tr", NULL);
		html_open(&p->h, "td", NULL);
		html_open(&p->h, "a", "href", href_of(href, "meetings",
			  e->meeting_id, NULL), NULL);
		html_textf(&p->h, "第%s号", i64s(n, e->meeting_id));
		html_close(&p->h, "a");
		html_close(&p->h, "td");
		html_open(&p->h, "td", NULL);
		html_open(&p->h, "a", "href", href_of(href, "cases",
			  e->case_id, NULL), NULL);
		html_textf(&p->h, "第%s号", i64s(n, e->case_id));
		html_close(&p->h, "a");
		html_close(&p->h, "td");
		unit_name_of(p->c->app->store, e->unit_id, unit, sizeof unit);
		html_elem(&p->h, "td", NULL, unit);
		html_open(&p->h, "td", NULL);
		page_wareki(p, e->meet_at, 1);
		html_close(&p->h, "td");
		html_elem(&p->h, "td", NULL, meeting_state_label(e->state));
		html_elem(&p->h, "td", NULL, e->guidance ?
			  guidance_kind_label(e->guidance) : "—");
		html_close(&p->h, "tr");
	}
	table_end(&p->h, h->n, "同一少年の他の記録はありません。");
}

/* The forms of the meeting's steps, in the page's order; a step may have
 * more than one (the instruction and the sending back). */
static const struct {
	const struct step *st;
	struct web_step_form form;
} meeting_forms[] = {
	{ &meeting_forward_step, { "forward", "運用管理者への報告", NULL, NULL,
	  "運用管理者へ報告する" } },
	{ &meeting_instruct_step, { "instruct", "指揮",
	  &meeting_instruction_record, instr_keys, "指揮を記録する" } },
	{ &meeting_instruct_step, { "send-back", "差戻し",
	  &meeting_send_back_record, back_keys, "差し戻す" } },
	{ &meeting_outcome_step, { "outcome", "接触結果の記録",
	  &meeting_outcome_record, outcome_keys, "接触結果を記録する" } },
	{ &meeting_results_step, { "report-results",
	  "実施結果報告（様式第5号）", NULL, NULL,
	  "運用管理者へ実施結果を報告する" } },
	{ &meeting_assess_step, { "assess", "児童の保護対策の検討",
	  &meeting_assessment_record, assess_keys, "検討結果を記録する" } },
	{ &meeting_measure_step, { "measures", "措置の記録",
	  &meeting_measure_record, measure_keys, "措置を記録する" } },
	{ &meeting_close_step, { "close", "終結", &meeting_close_record,
	  close_keys, "終結する" } },
};

#define N_MEETING_FORMS (sizeof meeting_forms / sizeof *meeting_forms)

static void step_forms(struct page *p, const struct meeting *m,
		       const struct web_posted *in)
{
	int open[N_MEETING_FORMS], any = 0;

	for (size_t i = 0; i < N_MEETING_FORMS; i++)
		any |= open[i] = may(p->c, m, meeting_forms[i].st);
	if (!any)
		return;
	html_elem(&p->h, "h2", "id", "steps", NULL, "あなたの対応");
	form_error_summary(p, web_posted_errors(in));
	for (size_t i = 0; i < N_MEETING_FORMS; i++)
		if (open[i])
			web_step_form(p, "meetings", m->id, m->version,
				      &meeting_forms[i].form, in);
}

/*
 * The meeting's page; a step refused shown again (in).  Every page of it
 * written is a read, audited first (as a case's).
 */
static void render_meeting(struct ctx *c, const struct meeting *m,
			   const struct web_posted *in, int status)
{
	char title[64], n[24];
	struct actor a = ctx_actor(c, NULL);
	struct meeting_history *h = calloc(1, sizeof *h);
	struct page p;
	int rc = h ? kind_audit_reads(&meeting_kind, c->app->store, &a, &m->id,
				      1, "open") : MM_ENOMEM;

	if (rc == 0)
		rc = meeting_history_read(c, m, h);
	if (rc < 0) {
		free(h);
		ctx_fail(c, rc, NULL, NULL);
		return;
	}
	snprintf(title, sizeof(title), "接触 第%s号", i64s(n, m->id));
	page_begin(&p, c, title, "/meetings");
	html_elem(&p.h, "h1", NULL, title);
	/* form 5, the results report (R-CASE-8), once there are results */
	if (m->results_at)
		print_link(&p, "meetings", m->id);
	details(&p, m);
	history(&p, h);
	measures(&p, m);
	step_forms(&p, m, in);
	page_end(&p, status);
	free(h);
}

WEB_STEP_KIND(web_meeting_steps, &meeting_kind, 0, ACT_MEETING_VIEW,
	      struct meeting, render_meeting);

/* The meetings waiting for the user's step. */
/* ---- support requests (R-CASE-10) ---------------------------------- */

static void supports_actions(struct page *p)
{
	own_unit_button(p, ACT_SUPPORT_REQUEST, "/supports/new",
			"応援の調整を依頼する");
}

/* Every manager is asked: the list is opened on the user's own unit. */
const struct web_list_route web_supports_list = {
	.kind = &support_kind, .title = "応援要請",
	.heading = "接触の応援要請", .empty = "応援要請はありません。",
	.actions = supports_actions, .numbered = 1, .by_case = 1,
};

const struct web_new_route web_support_new = {
	.kind = &support_kind, .title = "応援の調整依頼",
	.heading = "統括運用管理者への応援の調整依頼",
	.intro = "所属のみでは接触の態勢を確保できない場合に、統括運用管理者に"
		 "調整を依頼します。",
	.fields = (const char *const[]){ "case_id", "meet_at", "need", NULL },
	.submit = "統括運用管理者へ依頼する",
};

static int may_support(const struct ctx *c, const struct support_request *r,
		       const struct step *st)
{
	struct authz_object o = support_authz_object(r);

	return step_open_to(c->who, st, &o, r);
}

static const char *const note_keys[] = { "note", NULL };
static const char *const answer_keys[] = { "answer", "lent_user_id",
	"answer_note", NULL };

static const struct web_step_form ask_form = { "ask", "他所属への応援要請",
	&support_note_record, note_keys, "他所属へ応援を要請する" };
static const struct web_step_form answer_form = { "answer",
	"応援の回答（あなたの所属）", &support_answer_record, answer_keys,
	"回答する" };
static const struct web_step_form close_form = { "close", "調整終了",
	&support_note_record, note_keys, "調整を終える" };

static void render_support(struct ctx *c, const struct support_request *r,
			   const struct web_posted *in, int status)
{
	static const char *const keys[] = { "state", "unit_id", "case_id",
		"meet_at", "need", NULL };
	static const char *const heads[] = { "所属", "回答", "派遣する職員",
		"備考", NULL };
	char title[64], n[24];
	struct page p;
	int ask = may_support(c, r, &support_ask_step);
	int ans = may_support(c, r, &support_answer_step);
	int close = may_support(c, r, &support_close_step);

	snprintf(title, sizeof(title), "応援要請 第%s号", i64s(n, r->id));
	page_begin(&p, c, title, "/supports");
	html_elem(&p.h, "h1", NULL, title);
	html_open(&p.h, "dl", NULL);
	web_details(&p, &support_kind, r, keys);
	dl_who_when(&p, "依頼", r->requested_by, r->requested_at);
	dl_who_when(&p, "他所属への応援要請", r->asked_by, r->asked_at);
	if (r->asked_at)
		dl_row(&p, "統括運用管理者の記録", r->ask_note);
	dl_who_when(&p, "調整終了", r->closed_by, r->closed_at);
	html_close(&p.h, "dl");
	html_elem(&p.h, "h2", NULL, "各所属の回答");
	table_begin(&p.h, heads);
	for (size_t i = 0; i < r->n_replies; i++) {
		const struct support_reply *x = &r->replies[i];

		html_open(&p.h, "tr", NULL);
		html_elem(&p.h, "td", NULL, x->unit_name);
		html_elem(&p.h, "td", NULL, support_answer_label(x->answer));
		html_elem(&p.h, "td", NULL, *x->lent_name ? x->lent_name : "—");
		html_elem(&p.h, "td", NULL, str_or_empty(x->note));
		html_close(&p.h, "tr");
	}
	table_end(&p.h, r->n_replies, "回答はまだありません。");
	if (ask || ans || close) {
		html_elem(&p.h, "h2", "id", "steps", NULL, "あなたの対応");
		form_error_summary(&p, web_posted_errors(in));
	}
	if (ask)
		web_step_form(&p, "supports", r->id, r->version, &ask_form, in);
	if (ans)
		web_step_form(&p, "supports", r->id, r->version, &answer_form,
			      in);
	if (close)
		web_step_form(&p, "supports", r->id, r->version, &close_form,
			      in);
	page_end(&p, status);
}

WEB_STEP_KIND(web_support_steps, &support_kind, 0, ACT_SUPPORT_VIEW,
	      struct support_request, render_support);
