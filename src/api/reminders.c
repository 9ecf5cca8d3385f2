#include "reminders.h"

#include <stdio.h>
#include <string.h>

#include "app/policy.h"
#include "core/device.h"
#include "core/loan.h"
#include "core/policy.h"
#include "core/record.h"
#include "core/takeout.h"
#include "lib/err.h"
#include "lib/util.h"
#include "json_in.h"
#include "json_out.h"
#include "lending.h"
#include "api.h"
#include "app/objects.h"
#include "app/listing.h"
#include "app/waiting.h"
#include "lib/banned.h"

/* One reminder: the object's kind, id and web page, and why. */
static int add_item(json_t *arr, const char *kind, const char *path,
		    int64_t id, int64_t unit_id, const char *state,
		    const char *label)
{
	char link[64];

	snprintf(link, sizeof(link), "/%s/%lld", path, (long long)id);
	return api_list_add(arr, json_pack("{s:s, s:I, s:s, s:s, s:s, s:I}",
		"kind", kind, "id", (json_int_t)id, "link", link,
		"state", state, "label", label,
		"unit_id", (json_int_t)unit_id));
}

/*
 * R-DEV-5: the latest check of a received loan (last: joined by the
 * loan list's query, unset when none) against the period.
 */
static int check_reminder(struct ctx *c, const struct loan *l,
			  const struct civil_date *last,
			  const struct civil_date *today, json_t *arr)
{
	struct authz_object o = loan_authz_object(l);
	struct civil_date since;
	enum location_check st;
	int rc;

	if (l->state != LOAN_RECEIVED || !ctx_can(c, ACT_CHECK_VIEW, &o))
		return 0;
	rc = civil_from_unix(l->received_at, &since);
	if (rc == 0 && location_check_status(app_policy(c, NULL), &since,
			civil_valid(last) ? last : NULL, today, &st) == 0 &&
	    (st == LOCATION_CHECK_DUE || st == LOCATION_CHECK_OVERDUE))
		rc = add_item(arr, "location_check", "loans", l->id, l->unit_id,
			      location_check_key(st), location_check_label(st));
	return rc;
}

/*
 * R-DEV-8: loans due within the policy's days, or overdue: the newest
 * page of open loans the caller may see, with their latest checks, in
 * one query.
 */
static int loan_reminders(struct ctx *c, const struct civil_date *today,
			  json_t *arr)
{
	struct authz_view view = ctx_list_view(c, ACT_LOAN_VIEW);
	struct loan_filter f = { .open_only = 1 };
	struct page_req req = { .limit = STORE_PAGE_MAX };
	struct loan_list l = {0};
	int rc = store_loan_list(c->app->store, &view, &f, &req, &l);

	for (size_t i = 0; rc == 0 && i < l.n; i++) {
		const struct loan *x = &l.items[i];
		struct authz_object o = loan_authz_object(x);
		enum loan_due due;

		if (!ctx_can(c, ACT_LOAN_VIEW, &o))
			continue;
		if (loan_due_status(app_policy(c, NULL), x->state, &x->due, today,
				    &due) == 0 &&
		    (due == LOAN_DUE_SOON || due == LOAN_DUE_OVERDUE))
			rc = add_item(arr, "loan_due", "loans", x->id,
				      x->unit_id, loan_due_key(due),
				      loan_due_label(due));
		if (rc == 0)
			rc = check_reminder(c, x, &l.joined[i].last_check,
					    today, arr);
	}
	loan_list_release(&l);
	return rc;
}

/* R-DEV-7: requests waiting for this user, devices still out. */
static int takeout_reminders(struct ctx *c, json_t *arr)
{
	/* the newest page of open take-outs the caller may see */
	struct authz_view view = ctx_list_view(c, ACT_TAKEOUT_VIEW);
	struct page_req req = { .limit = STORE_PAGE_MAX };
	struct takeout_filter f = { .open_only = 1 };
	struct takeout_list l = {0};
	int64_t now = now_unix();
	int rc = store_takeout_list(c->app->store, &view, &f, &req, &l);

	for (size_t i = 0; rc == 0 && i < l.n; i++) {
		const struct takeout *t = &l.items[i];
		struct authz_object o = takeout_authz_object(t);
		int late = takeout_overdue(app_policy(c, NULL), t->state,
					   t->expected_back, now);

		if (t->state == TAKEOUT_REQUESTED &&
		    ctx_can(c, ACT_TAKEOUT_DECIDE, &o))
			rc = add_item(arr, "takeout_decision", "takeouts", t->id,
				      t->unit_id, takeout_state_key(t->state),
				      takeout_state_label(t->state));
		else if (t->state == TAKEOUT_PERMITTED &&
			 ctx_can(c, ACT_TAKEOUT_VIEW, &o))
			rc = add_item(arr, "takeout_out", "takeouts", t->id,
				      t->unit_id, late ? "overdue" : "out",
				      late ? "返却予定超過" : "持出し中");
	}
	takeout_list_release(&l);
	return rc;
}

static int application_reminders(struct ctx *c, json_t *arr)
{
	/* the newest page of submitted applications the caller may decide */
	struct authz_view view = ctx_list_view(c, ACT_APPLICATION_DECIDE);
	struct page_req req = { .limit = STORE_PAGE_MAX };
	struct application_list l = {0};
	int rc = store_application_list(c->app->store, &view, 0,
					APPLICATION_SUBMITTED, &req, &l);

	for (size_t i = 0; rc == 0 && i < l.n; i++) {
		struct authz_object o = application_authz_object(&l.items[i]);

		if (ctx_can(c, ACT_APPLICATION_DECIDE, &o))
			rc = add_item(arr, "application_decision",
				      "applications", l.items[i].id,
				      l.items[i].unit_id, "submitted",
				      application_state_label(l.items[i].state));
	}
	application_list_release(&l);
	return rc;
}

/*
 * The records waiting for the user's step (app/waiting.h), as on the
 * home page; their reads are audited there before they are answered.
 */
static int waiting_reminders(struct ctx *c, const struct waiting *w,
			     json_t *arr)
{
	const struct field_desc *state = record_field(w->kind->desc, "state");
	struct waiting_items items = { 0 };
	int rc = waiting_list(c, w, &items);

	for (size_t i = 0; rc == 0 && i < items.n; i++) {
		const struct waiting_item *it = &items.items[i];
		struct authz_object o = w->kind->object(it->rec);

		rc = add_item(arr, w->key, w->kind->path, it->id, o.unit_id,
			      field_choice_key(state,
					       (int)field_int(state, it->rec)),
			      it->step->label);
	}
	waiting_items_release(&items);
	return rc;
}

/* R-CASE-2: the general manager's cases with a flagged message. */
static int flagged_reminders(struct ctx *c, json_t *arr)
{
	struct waiting_items items = { 0 };
	int rc = waiting_flagged_cases(c, &items);

	for (size_t i = 0; rc == 0 && i < items.n; i++) {
		const struct protect_case *x = items.items[i].rec;

		rc = add_item(arr, "case_review_pending", "cases", x->id,
			      x->unit_id, "review_pending",
			      "文面チェックで要確認の送信（運用管理補助者の確認待ち）");
	}
	waiting_items_release(&items);
	return rc;
}

/* R-EXC-3: screenshots kept on their device past the policy's days. */
static int screenshot_reminders(struct ctx *c, json_t *arr)
{
	struct screenshot_list l = { 0 };
	char label[96];
	int rc = waiting_screenshots(c, &l);

	snprintf(label, sizeof(label), "%d日を過ぎて端末内に保存されています",
		 app_policy(c, NULL)->screenshot_max_days);
	for (size_t i = 0; rc == 0 && i < l.n; i++)
		rc = add_item(arr, "screenshot_overdue", "screenshots",
			      l.items[i].id, l.items[i].unit_id, "overdue",
			      label);
	screenshot_list_release(&l);
	return rc;
}

static const struct waiting *const waiting_kinds[] = {
	&breach_waiting, &case_waiting, &meeting_waiting, &exception_waiting,
	&service_waiting, NULL,
};

void api_reminders_list(struct ctx *c)
{
	struct civil_date today;
	json_t *arr;
	int rc;

	if (ctx_authorize(c, ACT_HOME_VIEW, NULL, NULL) < 0 ||
	    api_today(c, &today) < 0)
		return;
	arr = json_array();
	rc = arr ? loan_reminders(c, &today, arr) : MM_ENOMEM;
	if (rc == 0)
		rc = takeout_reminders(c, arr);
	if (rc == 0)
		rc = application_reminders(c, arr);
	for (size_t i = 0; rc == 0 && waiting_kinds[i]; i++)
		rc = waiting_reminders(c, waiting_kinds[i], arr);
	if (rc == 0)
		rc = flagged_reminders(c, arr);
	if (rc == 0)
		rc = screenshot_reminders(c, arr);
	if (rc < 0) {
		json_decref(arr);
		ctx_fail(c, rc, NULL, NULL);
		return;
	}
	api_send(c, 200, json_pack("{s:o}", "reminders", arr));
}
