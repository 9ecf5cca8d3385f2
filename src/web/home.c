#include "home.h"
#include "rules.h"

#include <stdio.h>

#include "../core/roles.h"
#include "../lib/err.h"
#include "common.h"
#include "layout.h"
#include "reminders.h"
#include "services.h"
#include "breaches.h"
#include "cases.h"
#include "meetings.h"
#include "exceptions.h"
#include "screenshots.h"
#include "../app/listing.h"
#include "../lib/banned.h"

/* The principal's own unit and roles, with the unit names the session
 * read with them (issue 12: no list of every unit). */
static void write_roles(struct page *p)
{
	const struct principal *who = p->c->who;
	size_t i;

	html_elem(&p->h, "h2", NULL, "あなたの役割と所属");
	html_open(&p->h, "dl", "class", "details", NULL);
	html_elem(&p->h, "dt", NULL, "所属");
	html_elem(&p->h, "dd", NULL, *who->unit_name ? who->unit_name : "—");
	html_elem(&p->h, "dt", NULL, "役割");
	html_open(&p->h, "dd", NULL);
	if (!who->n_roles && !who->is_admin)
		html_text(&p->h, "指定されている役割はありません。");
	html_open(&p->h, "ul", NULL);
	if (who->is_admin)
		html_elem(&p->h, "li", NULL, "システム管理者");
	for (i = 0; i < who->n_roles; i++) {
		html_open(&p->h, "li", NULL);
		html_textf(&p->h, "%s（%s）", role_label(who->roles[i].role),
			   *who->role_unit_names[i] ? who->role_unit_names[i]
						    : "—");
		html_close(&p->h, "li");
	}
	html_close(&p->h, "ul");
	html_close(&p->h, "dd");
	html_close(&p->h, "dl");
}

/* R-CASE-2: the check of a draft, for those who write to the person. */
static void message_check_link(struct page *p)
{
	if (!ctx_can(p->c, ACT_MESSAGE_CHECK, NULL))
		return;
	html_elem(&p->h, "h2", NULL, "交信");
	html_open(&p->h, "p", NULL);
	html_elem(&p->h, "a", "href", "/cases/check", NULL,
		  "送信前の文面チェック");
	html_text(&p->h, "：送る前に、禁止された誘引に当たる語がないか確かめます。");
	html_close(&p->h, "p");
}

static void count_item(struct page *p, const char *label, size_t n,
		       const char *href)
{
	html_open(&p->h, "li", NULL);
	html_open(&p->h, "span", "class", "count", NULL);
	html_textf(&p->h, "%zu", n);
	html_close(&p->h, "span");
	html_elem(&p->h, "a", "href", href, NULL, label);
	html_close(&p->h, "li");
}

/*
 * The administrator's overview: counts of what the administrator may
 * see, counted by the store in the view (no list is loaded for them).
 */
static int write_admin_counts(struct page *p)
{
	struct ctx *c = p->c;
	struct authz_view users_view = ctx_list_view(c, ACT_USER_VIEW);
	struct authz_view units_view = ctx_list_view(c, ACT_UNIT_VIEW);
	struct user_counts n = { 0 };
	int64_t n_units = 0;
	int rc;

	rc = store_user_counts(c->app->store, &users_view, &n);
	if (rc == 0)
		rc = store_unit_count(c->app->store, &units_view, &n_units);
	if (rc == 0) {
		html_open(&p->h, "ul", "class", "counts", NULL);
		count_item(p, "所属", (size_t)n_units, "/units");
		count_item(p, "職員（在職中）", (size_t)n.active, "/users");
		count_item(p, "役割のない職員", (size_t)n.without_role, "/users");
		html_close(&p->h, "ul");
	}
	return rc;
}

/*
 * Everyone else: the staff of the home unit, as far as they may see:
 * the first page, in one query, and a link to the whole list if more.
 */
static int write_unit_staff(struct page *p, size_t reminders)
{
	struct ctx *c = p->c;
	struct authz_view view = ctx_list_view(c, ACT_USER_VIEW);
	struct page_req req = { .limit = STORE_PAGE_DEFAULT };
	struct user_list users = { 0 };
	size_t i, shown = 0;
	char href[48], id[24];
	int rc;

	if (!reminders)
		html_elem(&p->h, "p", "class", "notice", NULL,
			  "現在、あなたが対応する作業はありません。");
	rc = store_user_list(c->app->store, &view, c->who->unit_id, 0, &req,
			     &users);
	if (rc < 0)
		return rc;
	html_open(&p->h, "h3", NULL);
	html_textf(&p->h, "%sの職員", *c->who->unit_name ? c->who->unit_name
						     : "—");
	html_close(&p->h, "h3");
	html_open(&p->h, "ul", NULL);
	for (i = 0; i < users.n; i++) {
		struct authz_object o = { users.items[i].unit_id,
					  users.items[i].id, 0, 0 };
		if (!ctx_list_row_ok(c, ACT_USER_VIEW, &o))
			continue;
		snprintf(href, sizeof(href), "/users/%s",
			 i64s(id, users.items[i].id));
		html_open(&p->h, "li", NULL);
		html_elem(&p->h, "a", "href", href, NULL, users.items[i].name);
		html_close(&p->h, "li");
		shown++;
	}
	html_close(&p->h, "ul");
	if (!shown)
		html_elem(&p->h, "p", NULL, "表示できる職員はいません。");
	if (users.at.next) {
		snprintf(href, sizeof(href), "/users?unit=%s",
			 i64s(id, c->who->unit_id));
		html_open(&p->h, "p", NULL);
		html_elem(&p->h, "a", "href", href, NULL, "職員をすべて表示する");
		html_close(&p->h, "p");
	}
	user_list_release(&users);
	return 0;
}

void web_home(struct ctx *c)
{
	struct authz_object own = own_unit(c);
	struct page p;
	size_t reminders;
	int rc;

	if (ctx_authorize(c, ACT_HOME_VIEW, &own, NULL) < 0)
		return;
	page_begin(&p, c, "ホーム", "/");
	html_elem(&p.h, "h1", NULL, "ホーム");
	html_open(&p.h, "p", NULL);
	html_textf(&p.h, "%sさん、お疲れさまです。", c->who->name);
	html_close(&p.h, "p");
	write_roles(&p);
	html_elem(&p.h, "h2", NULL, "あなたを待っている作業");
	reminders = rules_expiry_warning(&p); /* R-META-1 */
	reminders += write_reminders(&p);
	reminders += web_waiting(&p, &breach_waiting);
	reminders += web_waiting(&p, &case_waiting);
	reminders += cases_flagged_waiting(&p);
	reminders += web_waiting(&p, &meeting_waiting);
	reminders += web_waiting(&p, &service_waiting);
	reminders += web_waiting(&p, &exception_waiting);
	reminders += screenshots_waiting(&p);
	message_check_link(&p);
	/* Which overview to show is presentation, not access: every count
	 * and name below is filtered by ctx_can() item by item. */
	rc = c->who->is_admin ? write_admin_counts(&p)
			      : write_unit_staff(&p, reminders);
	if (rc < 0)
		html_elem(&p.h, "p", NULL, store_message(rc));
	page_end(&p, 200);
}
