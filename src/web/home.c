#include "home.h"

#include <stdio.h>

#include "../core/roles.h"
#include "../lib/err.h"
#include "common.h"
#include "layout.h"
#include "reminders.h"
#include "services.h"
#include "breaches.h"
#include "exceptions.h"
#include "screenshots.h"
#include "../lib/banned.h"

static const char *unit_name(const struct unit_list *l, int64_t id)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->items[i].id == id)
			return l->items[i].name;
	return "—";
}

static void write_roles(struct page *p, const struct unit_list *units)
{
	const struct principal *who = p->c->who;
	size_t i;

	html_elem(&p->h, "h2", NULL, "あなたの役割と所属");
	html_open(&p->h, "dl", "class", "details", NULL);
	html_elem(&p->h, "dt", NULL, "所属");
	html_elem(&p->h, "dd", NULL, unit_name(units, who->unit_id));
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
			   unit_name(units, who->roles[i].unit_id));
		html_close(&p->h, "li");
	}
	html_close(&p->h, "ul");
	html_close(&p->h, "dd");
	html_close(&p->h, "dl");
}

static int holds_any_role(const struct role_list *roles, int64_t user_id)
{
	size_t i;

	for (i = 0; i < roles->n; i++)
		if (roles->items[i].user_id == user_id)
			return 1;
	return 0;
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

/* The administrator's overview: counts of what the administrator may see. */
static int write_admin_counts(struct page *p, const struct unit_list *units)
{
	struct ctx *c = p->c;
	struct user_list users = { NULL, 0 };
	struct role_list roles = { NULL, 0 };
	size_t i, n_units = 0, n_users = 0, n_roleless = 0;
	int rc;

	rc = store_user_list(c->app->store, 0, 0, &users);
	if (rc == 0)
		rc = store_role_list(c->app->store, 0, &roles);
	for (i = 0; rc == 0 && i < units->n; i++) {
		struct authz_object o = { units->items[i].id, 0, 0 };
		n_units += (size_t)ctx_can(c, ACT_UNIT_VIEW, &o);
	}
	for (i = 0; rc == 0 && i < users.n; i++) {
		struct authz_object o = { users.items[i].unit_id,
					  users.items[i].id, 0 };
		if (!ctx_can(c, ACT_USER_VIEW, &o))
			continue;
		n_users++;
		n_roleless += !holds_any_role(&roles, users.items[i].id);
	}
	if (rc == 0) {
		html_open(&p->h, "ul", "class", "counts", NULL);
		count_item(p, "所属", n_units, "/units");
		count_item(p, "職員（在職中）", n_users, "/users");
		count_item(p, "役割のない職員", n_roleless, "/users");
		html_close(&p->h, "ul");
	}
	user_list_release(&users);
	role_list_release(&roles);
	return rc;
}

/* Everyone else: the staff of the home unit, as far as they may see. */
static int write_unit_staff(struct page *p, const struct unit_list *units,
			    size_t reminders)
{
	struct ctx *c = p->c;
	struct user_list users = { NULL, 0 };
	size_t i, shown = 0;
	int rc;

	if (!reminders)
		html_elem(&p->h, "p", "class", "notice", NULL,
			  "現在、あなたが対応する作業はありません。");
	rc = store_user_list(c->app->store, c->who->unit_id, 0, &users);
	if (rc < 0)
		return rc;
	html_open(&p->h, "h3", NULL);
	html_textf(&p->h, "%sの職員", unit_name(units, c->who->unit_id));
	html_close(&p->h, "h3");
	html_open(&p->h, "ul", NULL);
	for (i = 0; i < users.n; i++) {
		struct authz_object o = { users.items[i].unit_id,
					  users.items[i].id, 0 };
		char href[48], id[24];
		if (!ctx_can(c, ACT_USER_VIEW, &o))
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
	user_list_release(&users);
	return 0;
}

void web_home(struct ctx *c)
{
	struct authz_object own = own_unit(c);
	struct unit_list units = { NULL, 0 };
	struct page p;
	size_t reminders;
	int rc;

	if (ctx_authorize(c, ACT_HOME_VIEW, &own, NULL) < 0)
		return;
	rc = store_unit_list(c->app->store, &units);
	if (rc < 0) {
		web_store_fail(c, rc);
		return;
	}
	page_begin(&p, c, "ホーム", "/");
	html_elem(&p.h, "h1", NULL, "ホーム");
	html_open(&p.h, "p", NULL);
	html_textf(&p.h, "%sさん、お疲れさまです。", c->who->name);
	html_close(&p.h, "p");
	write_roles(&p, &units);
	html_elem(&p.h, "h2", NULL, "あなたを待っている作業");
	reminders = write_reminders(&p);
	reminders += breaches_waiting(&p);
	reminders += write_service_reminders(&p);
	reminders += exceptions_waiting(&p);
	reminders += screenshots_waiting(&p);
	/* Which overview to show is presentation, not access: every count
	 * and name below is filtered by ctx_can() item by item. */
	rc = c->who->is_admin ? write_admin_counts(&p, &units)
			      : write_unit_staff(&p, &units, reminders);
	if (rc < 0)
		html_elem(&p.h, "p", NULL, store_message(rc));
	page_end(&p, 200);
	unit_list_release(&units);
}
