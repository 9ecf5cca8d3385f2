#include "breaches.h"

#include "../core/roles.h"
#include "lending.h"
#include "../app/objects.h"
#include "../lib/banned.h"

const struct web_step_kind web_breach_steps = { .kind = &breach_kind };

/* R-CMP-6: the IT head opens the list too, and finds only incidents. */
static struct authz_object breaches_gate(const struct ctx *c)
{
	return breach_list_authz_object(own_unit(c).unit_id);
}

static void breaches_actions(struct page *p)
{
	own_unit_button(p, ACT_BREACH_REPORT, "/breaches/new",
			"違反を報告する");
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
	dl_policy_version(p, ((const struct breach *)rec)->policy_version);
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

