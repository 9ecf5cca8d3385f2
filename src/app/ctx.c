/*
 * ctx.c - per-request helpers every handler uses: the audit actor, the
 * authorization gate, error answers.
 */
#include "app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "lib/err.h"
#include "web/web.h"
#include "api/api.h"
#include "lib/banned.h"

struct actor ctx_actor(const struct ctx *c, const struct authz_grant *grant)
{
	struct actor a;

	memset(&a, 0, sizeof(a));
	a.login = "";
	a.addr = c->req && c->req->client_addr ? c->req->client_addr : "";
	if (c->who) {
		a.user_id = c->who->user_id;
		a.login = c->who->login;
		a.unit_id = c->who->unit_id;
	}
	if (grant && !grant->by_admin && grant->role != ROLE_NONE) {
		a.role = grant->role;
		a.unit_id = grant->unit_id;
	}
	return a;
}

int ctx_can(const struct ctx *c, enum action a, const struct authz_object *o)
{
	return authz_check(c->who, a, o, NULL) == 0;
}

/* Records a refused access; the refusal stands even if this fails. */
static void audit_denied(struct ctx *c, enum action a,
			 const struct authz_object *o)
{
	struct actor act = ctx_actor(c, NULL);
	/* The http layer admits only valid UTF-8 paths, so packing works. */
	json_t *j = json_pack("{s:s, s:I, s:s}", "action", action_name(a),
			      "object_unit", (json_int_t)(o ? o->unit_id : 0),
			      "path", c->req->path);
	char *detail = j ? json_dumps(j, JSON_COMPACT) : NULL;

	if (!detail || store_audit_record(c->app->store, &act,
					  "access.denied", "", 0, detail) < 0)
		fprintf(stderr, "mamori: could not audit a refused access\n");
	free(detail);
	json_decref(j);
}

int ctx_authorize(struct ctx *c, enum action a, const struct authz_object *o,
		  struct authz_grant *grant)
{
	if (authz_check(c->who, a, o, grant) == 0)
		return 0;
	audit_denied(c, a, o);
	ctx_fail(c, c->who ? MM_EDENIED : MM_EAUTH, NULL, NULL);
	return c->who ? MM_EDENIED : MM_EAUTH;
}

struct fail_desc {
	int rc;
	int status;
	const char *message;
};

static const struct fail_desc fails[] = {
	{MM_ENOTFOUND, 404, "お探しの記録は見つかりません。"},
	{MM_EINVAL, 400, "入力内容に誤りがあります。"},
	{MM_ESTALE, 409, "他の職員がこの記録を更新しました。最新の内容を確認してからやり直してください。"},
	{MM_EEXIST, 409, "同じ内容の記録がすでにあります。"},
	{MM_EDENIED, 403, "この操作は許可されていません。"},
	{MM_EAUTH, 401, "ログインしてください。"},
	{MM_ETHROTTLED, 429, "試行回数が多すぎます。しばらくしてからやり直してください。"},
	{MM_ERULE, 422, "要領の規定により、この操作はできません。"},
	{MM_ESTATE, 409, "現在の状態ではこの操作はできません。"},
	{MM_EBUSY, 503, "混み合っています。少し待ってからやり直してください。"},
	{MM_EOVERFLOW, 413, "送信された内容が大きすぎます。"},
	{MM_EUNSUPPORTED, 501, "この機能は利用できません。"},
};

void ctx_fail(struct ctx *c, int rc, const char *message, const char *field)
{
	int status = 500;
	const char *msg = "エラーが発生しました。";

	for (size_t i = 0; i < sizeof(fails) / sizeof(fails[0]); i++) {
		if (fails[i].rc == rc) {
			status = fails[i].status;
			msg = fails[i].message;
			break;
		}
	}
	if (rc == MM_EINVAL && field)
		status = 422;
	if (message)
		msg = message;
	if (c->is_api)
		api_error(c, status, mm_errname(rc), msg, field);
	else
		web_error_page(c, status, msg);
}
