#include "reminders.h"

#include <stdio.h>
#include <string.h>

#include "../lib/util.h"
#include "lending.h"
#include "loans.h"
#include "../app/policy.h"
#include "../app/listing.h"
#include "../app/objects.h"
#include "../app/steps.h"
#include "../lib/banned.h"

struct reminders {
	struct page *p;
	size_t n;
};

static void item(struct reminders *r, const char *href, const char *text)
{
	if (!r->n)
		html_open(&r->p->h, "ul", "class", "reminders", NULL);
	html_open(&r->p->h, "li", NULL);
	html_elem(&r->p->h, "a", "href", href, NULL, text);
	html_close(&r->p->h, "li");
	r->n++;
}

/* "model（serial）" of the device joined to a row, or "端末". */
static void device_name(const struct row_joined *j, char *out, size_t n)
{
	if (*j->device_model || *j->device_serial)
		snprintf(out, n, "%s（%s）", j->device_model, j->device_serial);
	else
		snprintf(out, n, "%s", "端末");
}

/*
 * Loans due soon or overdue, and location checks due or overdue: the
 * newest page of open loans the user may see, with their devices and
 * latest checks, in one query.
 */
static void loan_reminders(struct reminders *r, const struct civil_date *today)
{
	struct store *st = r->p->c->app->store;
	struct authz_view view = ctx_list_view(r->p->c, ACT_LOAN_VIEW);
	struct loan_filter f = { .open_only = 1 };
	struct page_req req = { .limit = STORE_PAGE_MAX };
	struct loan_list l = { 0 };
	char href[80], dev[2 * MM_NAME_MAX + 8], text[3 * MM_NAME_MAX];
	size_t i;

	if (store_loan_list(st, &view, &f, &req, &l) < 0)
		return;
	for (i = 0; i < l.n; i++) {
		const struct loan *it = &l.items[i];
		struct authz_object o = loan_authz_object(it);
		enum loan_due due = LOAN_DUE_NONE;
		enum location_check lc;
		if (!ctx_can(r->p->c, ACT_LOAN_VIEW, &o))
			continue;
		device_name(&l.joined[i], dev, sizeof(dev));
		href_of(href, "loans", it->id, NULL);
		if (loan_due_status(app_policy(r->p->c, NULL), it->state,
				    &it->due, today, &due) == 0 &&
		    (due == LOAN_DUE_SOON || due == LOAN_DUE_OVERDUE)) {
			snprintf(text, sizeof(text), "返却期限（%s）：%s", dev,
				 loan_due_label(due));
			item(r, href, text);
		}
		if (!ctx_can(r->p->c, ACT_CHECK_VIEW, &o))
			continue;
		lc = loan_check_status_at(it, &l.joined[i].last_check);
		if (lc == LOCATION_CHECK_DUE || lc == LOCATION_CHECK_OVERDUE) {
			snprintf(text, sizeof(text), "所在確認（%s）：%s", dev,
				 location_check_label(lc));
			item(r, href, text);
		}
	}
	loan_list_release(&l);
}

/* Take-outs not back, and those waiting for this user's decision. */
static void takeout_reminders(struct reminders *r)
{
	struct store *st = r->p->c->app->store;
	/* the newest page of open take-outs the user may see */
	struct authz_view view = ctx_list_view(r->p->c, ACT_TAKEOUT_VIEW);
	struct page_req req = { .limit = STORE_PAGE_MAX };
	struct takeout_filter f = { .open_only = 1 };
	struct takeout_list l = { 0 };
	char href[80], n[24], text[128];
	size_t i;

	if (store_takeout_list(st, &view, &f, &req, &l) < 0)
		return;
	for (i = 0; i < l.n; i++) {
		const struct takeout *t = &l.items[i];
		struct authz_object o = takeout_authz_object(t);
		href_of(href, "takeouts", t->id, NULL);
		if (step_open_to(r->p->c->who, &takeout_permit_step, &o, t)) {
			snprintf(text, sizeof(text), "持出し第%s号：許可・不許可の判断を待っています",
				 i64s(n, t->id));
			item(r, href, text);
		} else if (t->state == TAKEOUT_PERMITTED &&
			   ctx_can(r->p->c, ACT_TAKEOUT_VIEW, &o)) {
			snprintf(text, sizeof(text), "持出し第%s号：未帰庁%s",
				 i64s(n, t->id),
				 takeout_overdue(app_policy(r->p->c, NULL), t->state,
						 t->expected_back, now_unix())
				 ? "（帰庁予定を過ぎています）" : "");
			item(r, href, text);
		}
	}
	takeout_list_release(&l);
}

static void application_reminders(struct reminders *r)
{
	/* the newest page of submitted applications the user may decide */
	struct authz_view view = ctx_list_view(r->p->c, ACT_APPLICATION_DECIDE);
	struct page_req req = { .limit = STORE_PAGE_MAX };
	struct application_list l = { 0 };
	char href[80], n[24], text[128];
	size_t i;

	if (store_application_list(r->p->c->app->store, &view, 0,
				   APPLICATION_SUBMITTED, &req, &l) < 0)
		return;
	for (i = 0; i < l.n; i++) {
		struct authz_object o = application_authz_object(&l.items[i]);
		if (!step_open_to(r->p->c->who, &application_approve_step, &o,
				  &l.items[i]))
			continue;
		snprintf(text, sizeof(text), "借用申請書第%s号（%s）：承認・不承認の判断を待っています",
			 i64s(n, l.items[i].id),
			 application_kind_label(l.items[i].kind));
		item(r, href_of(href, "applications", l.items[i].id, NULL), text);
	}
	application_list_release(&l);
}

size_t write_reminders(struct page *p)
{
	struct reminders r = { p, 0 };
	struct civil_date today;

	if (today_civil(&today) == 0)
		loan_reminders(&r, &today);
	takeout_reminders(&r);
	application_reminders(&r);
	if (r.n)
		html_close(&p->h, "ul");
	return r.n;
}
