#include "breaches.h"

#include <stdio.h>
#include <string.h>

#include "../core/breach.h"
#include "../core/civil.h"
#include "../core/roles.h"
#include "../lib/err.h"
#include "../lib/util.h"
#include "../store/store_compliance.h"
#include "common.h"
#include "fields.h"
#include "lending.h"
#include "steps.h"
#include "lists.h"
#include "../app/objects.h"
#include "../core/records.h"
#include "record_form.h"
#include "../lib/banned.h"


/* Pooled (store_breach_get takes the request's pool), and extern. */
const struct web_step_kind web_breach_steps = { .kind = &breach_kind };


/* The step this user may take on b now, NULL when none. */
static const struct step *next_step(struct ctx *c, const struct breach *b)
{
	static const struct step *const steps[] = { &breach_forward_step,
		&breach_acknowledge_step };
	struct authz_object o = breach_authz_object(b);

	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		if (step_open_to(c->who, steps[i], &o, b))
			return steps[i];
	return NULL;
}

/* R-CMP-6: the IT head opens the list too, and finds only incidents. */
static struct authz_object breaches_gate(const struct ctx *c)
{
	return breach_list_authz_object(own_unit(c).unit_id);
}

static void breaches_actions(struct page *p)
{
	struct authz_object own = own_unit(p->c);

	if (ctx_can(p->c, ACT_BREACH_REPORT, &own))
		html_elem(&p->h, "a", "href", "/breaches/new", "class", "button",
			  NULL, "違反を報告する");
}

/* R-CMP-6: the reports the user may see, a page at a time, in one query. */
const struct web_list_route web_breaches_list = {
	.kind = &breach_kind, .title = "違反報告",
	.heading = "遵守事項違反の報告", .empty = "違反の報告はありません。",
	.gate = breaches_gate, .actions = breaches_actions, .numbered = 1,
};

/* R-CMP-6: the assistant of the unit reports, for that unit. */
const struct web_new_route web_breach_new = {
	.kind = &breach_kind, .title = "違反の報告",
	.heading = "遵守事項違反の報告",
	.fields = (const char *const[]){ "rule", "occurred_at", "who", "what",
		NULL },
	.submit = "運用管理者へ報告する",
};

static void timeline(struct page *p, const void *rec)
{
	const struct breach *b = rec;

	html_elem(&p->h, "h2", NULL, "経過");
	html_open(&p->h, "ol", "class", "timeline", NULL);
	for (size_t i = 0; i < b->n_steps; i++) {
		const struct breach_step_entry *s = &b->steps[i];
		html_open(&p->h, "li", NULL);
		page_wareki(p, s->at, 1);
		html_textf(&p->h, " %s（%s %s）", breach_event_label(s->event),
			   role_label(s->role),
			   *s->actor_name ? s->actor_name : "—");
		html_close(&p->h, "li");
	}
	html_close(&p->h, "ol");
}

static void incident(struct page *p, const void *rec)
{
	dl_row(p, "情報セキュリティインシデント",
	       ((const struct breach *)rec)->incident ?
	       "報告を要するインシデントとして情報管理課長へも報告" : "—");
}

/* R-CMP-6: a report, its timeline, and the step its viewer may take. */
const struct web_show_route web_breach_show = {
	.kind = &breach_kind,
	.keys = (const char *const[]){ "state", "unit_id", "rule",
		"occurred_at", "who", "what", NULL },
	.more = incident, .after = timeline,
	.buttons = (const struct web_step_button[]){
		{ &breach_forward_step, "/forward", "統括運用管理者へ報告する" },
		{ &breach_forward_incident_step, "/forward-incident",
		  "報告を要する情報セキュリティインシデントとして"
		  "統括運用管理者と情報管理課長へ報告する" },
		{ &breach_acknowledge_step, "/acknowledge", "報告を確認した" },
		{ NULL, NULL, NULL } },
};

size_t breaches_waiting(struct page *p)
{
	struct authz_view view;
	struct page_req req = { .limit = STORE_PAGE_MAX };
	struct breach_list l = { 0 };
	size_t shown = 0;

	if (!p->c->who)
		return 0;
	view = ctx_list_view(p->c, ACT_BREACH_VIEW);
	if (store_breach_list(p->c->app->store, &view, 0, BREACH_NONE, 1, &req,
			      &l) < 0)
		return 0;
	for (size_t i = 0; i < l.n; i++) {
		struct authz_object o = breach_authz_object(&l.items[i]);
		char href[80], n[24];
		const struct step *st = next_step(p->c, &l.items[i]);
		if (!st || !ctx_can(p->c, ACT_BREACH_VIEW, &o))
			continue;
		if (!shown++)
			html_open(&p->h, "ul", "class", "reminders", NULL);
		html_open(&p->h, "li", NULL);
		html_open(&p->h, "a", "href", href_of(href, "breaches",
						     l.items[i].id, NULL), NULL);
		html_textf(&p->h, "違反報告 第%s号（%s）：%s", i64s(n, l.items[i].id),
			   breach_rule_label(l.items[i].rule),
			   st == &breach_forward_step ? "報告先の選択" : "確認");
		html_close(&p->h, "a");
		html_close(&p->h, "li");
	}
	if (shown)
		html_close(&p->h, "ul");
	breach_list_release(&l);
	return shown;
}
