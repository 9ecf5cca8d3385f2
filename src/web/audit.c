#include "audit.h"

#include <stdio.h>
#include <string.h>
#include <jansson.h>

#include "../core/roles.h"
#include "../lib/err.h"
#include "../lib/util.h"
#include "common.h"
#include "../http/json_body.h"
#include "layout.h"
#include "../app/listing.h"
#include "steps.h"
#include "../lib/banned.h"

#define AUDIT_PAGE 50

static const struct {
	const char *action;
	const char *label;
} action_labels[] = {
	{ "session.create", "ログイン" },
	{ "session.delete", "ログアウト" },
	{ "login.failed", "ログイン失敗" },
	{ "login.throttled", "ログイン試行の制限" },
	{ "access.denied", "アクセス拒否" },
	{ "request.refused", "規則による拒否" },
	{ "list.failed", "一覧の読み込み失敗" },
	{ "unit.create", "所属の登録" },
	{ "unit.update", "所属の変更" },
	{ "user.create", "職員の登録" },
	{ "user.update", "職員情報の変更" },
	{ "user.deactivate", "職員の利用停止" },
	{ "user.activate", "職員の利用再開" },
	{ "user.password", "パスワードの再設定" },
	{ "role.assign", "役割の指定" },
	{ "role.revoke", "役割の解除" },
	{ "token.create", "APIトークンの発行" },
	{ "mfa.begin", "二要素認証の登録開始" },
	{ "mfa.enrol", "二要素認証の登録" },
	{ "mfa.verify", "二要素認証の確認" },
	{ "mfa.recovery", "回復コードの使用" },
	{ "mfa.failed", "二要素認証の失敗" },
	{ "mfa.reset", "二要素認証の解除" },
	{ "document.dispose", "文書の廃棄" },
	{ "hold.place", "廃棄保留の登録" },
	{ "hold.lift", "廃棄保留の解除" },
	{ NULL, NULL },
};

const char *audit_action_label(const char *action)
{
	size_t i;

	for (i = 0; action_labels[i].action; i++)
		if (!strcmp(action_labels[i].action, action))
			return action_labels[i].label;
	return NULL;
}

static const char *object_label(const char *type)
{
	if (!strcmp(type, "unit")) return "所属";
	if (!strcmp(type, "user")) return "職員";
	if (!strcmp(type, "role")) return "役割";
	if (!strcmp(type, "session")) return "セッション";
	if (!strcmp(type, "token")) return "APIトークン";
	return type;
}

/* A string member of a detail object, or "" when absent. */
static const char *detail_str(json_t *d, const char *key)
{
	const char *v = json_string_value(json_object_get(d, key));

	return v ? v : "";
}

/*
 * The cells of a refused request (ctx_refused): the request as its
 * object, and the rule that refused with the message the user got.
 */
static void refused_cells(struct page *p, const struct audit_entry *e)
{
	json_t *d = json_load_guarded(e->detail, strlen(e->detail), 0, NULL,
				      NULL);
	const char *rule = detail_str(d, "rule");
	const char *msg = detail_str(d, "message");

	html_open(&p->h, "td", NULL);
	if (d)
		html_textf(&p->h, "%s %s", detail_str(d, "method"),
			   detail_str(d, "path"));
	else
		html_text(&p->h, "—");
	html_close(&p->h, "td");
	html_open(&p->h, "td", NULL);
	if (*rule || *msg)
		html_textf(&p->h, "%s%s%s", rule, *rule && *msg ? "：" : "",
			   msg);
	else
		html_text(&p->h, "—");
	html_close(&p->h, "td");
	json_decref(d);
}

static void entry_row(struct page *p, const struct audit_entry *e,
		      const struct unit_list *units)
{
	const char *label = audit_action_label(e->action);

	html_open(&p->h, "tr", NULL);
	html_open(&p->h, "td", NULL);
	page_wareki(p, e->at, 1);
	html_close(&p->h, "td");
	html_elem(&p->h, "td", NULL, *e->actor_login ? e->actor_login : "—");
	html_elem(&p->h, "td", NULL,
		  e->role == ROLE_NONE ? "—" : role_label(e->role));
	html_elem(&p->h, "td", NULL, e->unit_id ? web_unit_name(units, e->unit_id) : "—");
	html_open(&p->h, "td", NULL);
	html_text(&p->h, label ? label : e->action);
	html_close(&p->h, "td");
	if (!strcmp(e->action, "request.refused")) {
		refused_cells(p, e);
	} else {
		html_open(&p->h, "td", NULL);
		if (*e->object_type)
			html_textf(&p->h, "%s #%lld",
				   object_label(e->object_type),
				   (long long)e->object_id);
		else
			html_text(&p->h, "—");
		html_close(&p->h, "td");
		html_elem(&p->h, "td", NULL, "—");
	}
	html_elem(&p->h, "td", NULL, e->addr);
	html_close(&p->h, "tr");
}

static void write_table(struct page *p, const struct audit_page *l,
			const struct unit_list *units)
{
	size_t i, shown = 0;

	table_begin(&p->h, (const char *const[]){ "日時", "操作者", "役割", "所属",
		"操作", "対象", "規則・理由", "接続元", NULL });
	for (i = 0; i < l->n; i++) {
		struct authz_object o = { l->items[i].unit_id, 0, 0, 0 };
		if (!ctx_list_row_ok(p->c, ACT_AUDIT_VIEW, &o))
			continue;
		entry_row(p, &l->items[i], units);
		shown++;
	}
	table_end(&p->h, shown, "表示できる記録はありません。");
}

/* A cursor of the trail: ?before= (older) or ?newer=; 0 when absent. */
static int read_cursor(struct ctx *c, const char *name, int64_t *out)
{
	const char *q = http_query(c->req, name);

	*out = 0;
	if (!str_empty(q) && parse_id(q, out) < 0) {
		ctx_fail(c, MM_EINVAL, "ページの指定が正しくありません。", name);
		return MM_EINVAL;
	}
	return 0;
}

/* The units the entries of l name, for their names. */
static int page_units(struct ctx *c, const struct audit_page *l,
		      struct unit_list *out)
{
	int64_t ids[AUDIT_PAGE];
	size_t n = 0;

	for (size_t i = 0; i < l->n && n < AUDIT_PAGE; i++)
		ids[n++] = l->items[i].unit_id;
	return store_unit_list_of_ids(c->app->store, ids, n, out);
}

/*
 * The trail a page at a time, newest first, in one query selected by
 * the user's view (a manager's pages hold the station's entries and are
 * full).  The names of units come from the units the page's entries
 * name, read in one statement (issue 12: not every unit there is).
 */
void web_audit(struct ctx *c)
{
	struct authz_object own = own_unit(c);
	struct authz_view view = ctx_list_view(c, ACT_AUDIT_VIEW);
	struct page_req req = { .limit = AUDIT_PAGE };
	struct unit_list units = { NULL, 0 };
	struct audit_page l = { 0 };
	struct page p;
	int rc;

	if (read_cursor(c, "before", &req.after) < 0 ||
	    read_cursor(c, "newer", &req.before) < 0)
		return;
	if (ctx_authorize(c, ACT_AUDIT_VIEW, &own, NULL) < 0)
		return;
	if (req.after)
		req.before = 0;
	rc = store_audit_page(c->app->store, &view, &req, &l);
	if (rc == 0)
		rc = page_units(c, &l, &units);
	if (rc < 0) {
		ctx_list_failed(c, rc, "audit");
		goto out;
	}
	page_begin(&p, c, "監査ログ", "/audit");
	html_elem(&p.h, "h1", NULL, "監査ログ");
	html_elem(&p.h, "p", NULL, "新しい記録から順に表示しています。");
	write_table(&p, &l, &units);
	if (l.at.prev) {
		html_open(&p.h, "p", NULL);
		html_elem(&p.h, "a", "href", "/audit", NULL, "最新の記録へ");
		html_close(&p.h, "p");
	}
	web_pager_named(&p, "/audit", &l.at, "before", "newer");
	page_end(&p, 200);
out:
	unit_list_release(&units);
	audit_page_release(&l);
}
