#include "waiting.h"

#include <stdlib.h>

#include "../core/authz.h"
#include "../core/case.h"
#include "../core/civil.h"
#include "../core/exception.h"
#include "../core/record.h"
#include "../lib/err.h"
#include "../lib/util.h"
#include "../store/store_compliance.h"
#include "policy.h"
#include "listing.h"
#include "objects.h"
#include "../lib/banned.h"

/* R-CMP-6: the reports waiting for the user's step. */
const struct waiting breach_waiting = {
	.key = "breach_step", .kind = &breach_kind,
	.filter = { .open_only = 1 }, .noun = "違反報告", .about = "rule",
	.steps = (const struct waiting_step[]){
		{ &breach_forward_step, "報告先の選択" },
		{ &breach_acknowledge_step, "確認" },
		{ NULL, NULL } },
};

/* R-EXC-1..3: the applications waiting for the user's decision. */
const struct waiting exception_waiting = {
	.key = "exception_step", .kind = &exception_kind,
	.filter = { .state = EXCEPTION_APPLIED }, .noun = "例外措置の申請",
	.about = "kind",
	.steps = (const struct waiting_step[]){
		{ &exception_approve_step, "承認・不承認の判断を待っています" },
		{ NULL, NULL } },
};

/* R-CASE-1, R-CASE-2: cases waiting for a judgement, an assignment or
 * a review. */
const struct waiting case_waiting = {
	.key = "case_step", .kind = &case_kind,
	.filter = { .open_only = 1 }, .noun = "事案", .about = "state",
	.steps = (const struct waiting_step[]){
		{ &case_triage_step, "少年課の判断" },
		{ &case_assign_step, "交信担当者・端末の割当て" },
		{ &case_review_step, "送信内容の確認（文面チェックで要確認）" },
		{ NULL, NULL } },
};

/* R-CASE-3..11: meetings waiting for the next step of their chain. */
const struct waiting meeting_waiting = {
	.key = "meeting_step", .kind = &meeting_kind,
	.filter = { .open_only = 1 }, .noun = "接触", .about = "meet_at",
	.steps = (const struct waiting_step[]){
		{ &meeting_forward_step, "運用管理者への報告" },
		{ &meeting_instruct_step, "指揮" },
		{ &meeting_outcome_step, "接触結果の記録" },
		{ &meeting_results_step, "実施結果報告" },
		{ &meeting_assess_step, "保護対策の検討" },
		{ &meeting_close_step, "終結" },
		{ NULL, NULL } },
};

/* R-SVC-1..4: applications of external services waiting for a decision,
 * and deleted accounts the manager has not acknowledged. */
const struct waiting service_waiting = {
	.key = "service_step", .kind = &service_kind,
	.filter = { .open_only = 1 }, .noun = "外部サービス", .about = "service",
	.steps = (const struct waiting_step[]){
		{ &service_permit_step, "許可の判断待ち" },
		{ &service_forward_step, "情報セキュリティ管理者への送付待ち" },
		{ &service_measures_step, "講ずべき対策の決定待ち" },
		{ &service_acknowledge_step, "アカウント削除の報告（確認待ち）" },
		{ NULL, NULL } },
};

/* What names rec in a reminder: a line of text itself, else a choice's
 * label. */
static const char *about_of(const struct field_desc *about, const void *rec)
{
	if (about->type == FIELD_TEXT)
		return field_text(about, rec);
	return field_choice_label(about, (int)field_int(about, rec));
}

/* The first step of w open to the user on rec, or NULL. */
static const struct waiting_step *first_open(const struct ctx *c,
					     const struct waiting *w,
					     const void *rec)
{
	struct authz_object o = w->kind->object(rec);

	if (!ctx_can(c, w->kind->view, &o))
		return NULL;
	for (const struct waiting_step *s = w->steps; s->step; s++)
		if (step_open_to(c->who, s->step, &o, rec))
			return s;
	return NULL;
}

/* Room for an item per row; the rows' reads audited (R-CASE-1). */
static int audit_items(struct ctx *c, const struct record_kind *k,
		       struct waiting_items *out)
{
	int64_t *ids;
	struct actor a;
	int rc;

	if (!k->read_audit || !out->n)
		return 0;
	ids = calloc(out->n, sizeof *ids);
	if (!ids)
		return MM_ENOMEM;
	for (size_t i = 0; i < out->n; i++)
		ids[i] = out->items[i].id;
	a = ctx_actor(c, NULL);
	rc = kind_audit_reads(k, c->app->store, &a, ids, out->n, "list");
	free(ids);
	return rc;
}

/* Lists f of k as c's user may see; an item slot per row. */
static int list_rows(struct ctx *c, const struct record_kind *k,
		     enum action view_action,
		     const struct kind_filter *f, struct waiting_items *out)
{
	struct page_req req = { .limit = STORE_PAGE_MAX };
	struct authz_view view = ctx_list_view(c, view_action);
	int rc = kind_list(k, c->app->store, &view, f, &req, &out->rows);

	if (rc < 0)
		return rc;
	out->items = calloc(out->rows.n ? out->rows.n : 1,
			    sizeof *out->items);
	return out->items ? 0 : MM_ENOMEM;
}

int waiting_list(struct ctx *c, const struct waiting *w,
		 struct waiting_items *out)
{
	const struct record_kind *k = w->kind;
	const struct field_desc *about = record_field(k->desc, w->about);
	int rc;

	if (!c->who)
		return 0;
	rc = list_rows(c, k, k->view, &w->filter, out);
	for (size_t i = 0; rc == 0 && i < out->rows.n; i++) {
		const void *rec = (const char *)out->rows.items + i * k->size;
		const struct waiting_step *s = first_open(c, w, rec);

		if (!s)
			continue;
		out->items[out->n++] = (struct waiting_item){
			.rec = rec, .id = kind_int(k, rec, "id"), .step = s,
			.about = about_of(about, rec),
		};
	}
	return rc ? rc : audit_items(c, k, out);
}

int waiting_flagged_cases(struct ctx *c, struct waiting_items *out)
{
	struct kind_filter f = { .review_pending = 1 };
	int rc;

	if (!c->who || !ctx_can(c, ACT_CASE_READS_VIEW, NULL))
		return 0;
	rc = list_rows(c, &case_kind, ACT_CASE_VIEW, &f, out);
	for (size_t i = 0; rc == 0 && i < out->rows.n; i++) {
		const struct protect_case *x =
			&((const struct protect_case *)out->rows.items)[i];
		struct authz_object o = case_authz_object(x);

		if (ctx_can(c, ACT_CASE_VIEW, &o))
			out->items[out->n++] = (struct waiting_item){
				.rec = x, .id = x->id,
			};
	}
	return rc ? rc : audit_items(c, &case_kind, out);
}

/*
 * R-EXC-3 names whom a screenshot past its days is shown to: the unit's
 * assistant and the general manager.  That choice is presentation; the
 * access itself is authz's (ctx_can), checked first.
 */
static int reminded(const struct ctx *c, const struct screenshot *s)
{
	struct authz_object o = screenshot_authz_object(s);

	if (!ctx_can(c, ACT_SCREENSHOT_VIEW, &o))
		return 0;
	for (size_t i = 0; i < c->who->n_roles; i++) {
		const struct role_grant *r = &c->who->roles[i];
		if (r->role == ROLE_GENERAL_MANAGER ||
		    (r->role == ROLE_ASSISTANT && r->unit_id == s->unit_id))
			return 1;
	}
	return 0;
}

int waiting_screenshots(struct ctx *c, struct screenshot_list *out)
{
	const struct policy *pol = app_policy(c, NULL);
	struct screenshot_filter f = { .on_device_only = 1 };
	struct page_req req = { .limit = STORE_PAGE_MAX };
	struct authz_view view;
	struct civil_date today;
	size_t kept = 0;
	int rc;

	if (!c->who)
		return 0;
	/* the store selects those taken before the bound, in one query */
	if (civil_from_unix(now_unix(), &today) < 0 ||
	    screenshot_overdue_before(pol, &today, &f.taken_before) < 0)
		return MM_EIO;
	view = ctx_list_view(c, ACT_SCREENSHOT_VIEW);
	rc = store_screenshot_list(c->app->store, &view, &f, &req, out);
	for (size_t i = 0; rc == 0 && i < out->n; i++) {
		const struct screenshot *s = &out->items[i];

		if (!screenshot_overdue(pol, s->state, &s->taken_on, &today) ||
		    !reminded(c, s))
			continue;
		out->items[kept] = out->items[i];
		out->joined[kept++] = out->joined[i];
	}
	if (rc == 0)
		out->n = kept;
	return rc;
}

void waiting_items_release(struct waiting_items *w)
{
	kind_rows_release(&w->rows);
	free(w->items);
	w->items = NULL;
	w->n = 0;
}
