/*
 * ctx.c - per-request helpers every handler uses: the audit actor, the
 * authorization gate, error answers.
 */
#include "app.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "mfa.h"
#include "core/refusal.h"
#include "lib/buf.h"
#include "lib/err.h"
#include "lib/metrics.h"
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
	json_t *j = json_pack("{s:s, s:I, s:s, s:s}", "action", action_name(a),
			      "object_unit", (json_int_t)(o ? o->unit_id : 0),
			      "path", c->req->path,
			      "request_id", c->request_id); /* the journal's */
	char *detail = j ? json_dumps(j, JSON_COMPACT) : NULL;

	c->log_action = "access.denied";
	if (!detail || store_audit_record(c->app->store, &act,
					  "access.denied", "", 0, detail) < 0)
		fprintf(stderr, "mamori: could not audit a refused access\n");
	free(detail);
	json_decref(j);
}

int ctx_deny_rule(struct ctx *c, const char *rule, const char *message)
{
	struct actor act = ctx_actor(c, NULL);
	json_t *j = json_pack("{s:s, s:s}", "rule", rule, "path", c->req->path);
	char *detail = j ? json_dumps(j, JSON_COMPACT) : NULL;

	if (!detail || store_audit_record(c->app->store, &act,
					  "access.denied", "", 0, detail) < 0)
		fprintf(stderr, "mamori: could not audit a refused access\n");
	free(detail);
	json_decref(j);
	ctx_fail(c, MM_EDENIED, message, NULL);
	return MM_EDENIED;
}

int ctx_authorize(struct ctx *c, enum action a, const struct authz_object *o,
		  struct authz_grant *grant)
{
	if (authz_check(c->who, a, o, grant) == 0)
		return mfa_step_up(c, a); /* the decisions that matter */
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
	{MM_ESTALE, 409, MM_MSG_STALE},
	{MM_EEXIST, 409, "同じ内容の記録がすでにあります。"},
	{MM_EDENIED, 403, "この操作は許可されていません。"},
	{MM_EAUTH, 401, "ログインしてください。"},
	{MM_ETHROTTLED, 429, "試行回数が多すぎます。しばらくしてからやり直してください。"},
	{MM_ERULE, 422, "要領の規定により、この操作はできません。"},
	{MM_ESTATE, 409, "現在の状態ではこの操作はできません。"},
	{MM_EBUSY, 503, "混み合っています。少し待ってからやり直してください。"},
	{MM_EUNAVAIL, 503, MM_MSG_UNAVAILABLE},
	/* issue 14: memory running out is the server's passing state, not
	 * the request's fault nor a bug: try again (Retry-After) */
	{MM_ENOMEM, 503, "一時的に処理できませんでした。少し待ってからやり直してください。"},
	{MM_EOVERFLOW, 413, "送信された内容が大きすぎます。"},
	{MM_EUNSUPPORTED, 501, "この機能は利用できません。"},
};

int ctx_refuse_state(struct ctx *c, const char *object,
		     const char *state_label, const char *step_label)
{
	char msg[512];

	snprintf(msg, sizeof(msg), "この%sは現在の状態（%s）では%sできません。",
		 object, state_label, step_label);
	ctx_fail(c, MM_ESTATE, msg, NULL);
	return MM_ESTATE;
}

/* The answer when no front end has set its writer (see ctx_fail). */
static void plain_error(struct ctx *c, int status, const char *message)
{
	buf_reset(&c->res->body);
	c->res->status = status;
	snprintf(c->res->content_type, sizeof(c->res->content_type), "%s",
		 "text/plain; charset=utf-8");
	buf_adds(&c->res->body, message);
}

/*
 * How long a client should wait before trying a 503 again: a busy
 * database frees up at once; an unreachable one takes a restart.
 */
static void retry_after(struct ctx *c, int rc)
{
	for (size_t i = 0; i < c->res->n_headers; i++)
		if (!strcmp(c->res->headers[i].name, "Retry-After"))
			return;
	http_response_header(c->res, "Retry-After",
			     rc == MM_EUNAVAIL ? "5" : "1");
}

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
	if (rc == MM_EIO || rc == MM_EBUSY || rc == MM_ECORRUPT)
		metrics_inc(METRICS_STORE_ERRORS); /* issue 15: /metrics */
	if (message)
		msg = message;
	if (status == 503 && c->res)
		retry_after(c, rc);
	ctx_note_refusal(c, rc, msg, field);
	if (c->error)
		c->error(c, status, mm_errname(rc), msg, field);
	else
		plain_error(c, status, msg);
}

/*
 * Copies at most limit bytes of src (NULL is "") into dst (size bytes),
 * cut before a UTF-8 character that would not fit whole, so the copy
 * stays valid UTF-8 when src is.
 */
static void copy_bounded(char *dst, size_t size, const char *src,
			 size_t limit)
{
	size_t n = src ? strlen(src) : 0;

	if (limit > size - 1)
		limit = size - 1;
	if (n > limit) {
		n = limit;
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--;
	}
	if (n)
		memcpy(dst, src, n);
	dst[n] = '\0';
}

void ctx_note_refusal(struct ctx *c, int rc, const char *message,
		      const char *field)
{
	struct ctx_refusal *r = &c->refusal;

	if (rc)
		r->rc = rc;
	copy_bounded(r->message, sizeof r->message, message, SIZE_MAX);
	copy_bounded(r->field, sizeof r->field, field, SIZE_MAX);
}

/*
 * Which refusals are written (issue 8, ASVS 16.3.3 "failed business
 * logic validation"): every 409 and 422 answer to a state-changing
 * request (not GET or HEAD) of a logged-in user.  A 422 of a directive
 * rule and a 422 of a malformed value cannot be told apart cheaply (the
 * designation's "reason for a rank below 警部補" is an MM_EINVAL field
 * error, the web forms carry no code at all), so both are written; the
 * rule names the former.  Not written: 400 (unreadable body, unknown
 * field: malformed, and cheap to send in floods), 401/403 (access.denied
 * and login.failed have their own entries), anything anonymous (it never
 * reached a rule), and reads.  The detail is bounded: message and path
 * are cut to fit MM_AUDIT_DETAIL_MAX.
 */
static int refusal_audited(const struct ctx *c)
{
	int s = c->res->status;

	return (s == 409 || s == 422) && c->who &&
	       strcmp(c->req->method, "GET") && strcmp(c->req->method, "HEAD");
}

/*
 * "state:KIND/EVENT" of an MM_ESTATE refusal from the route's pattern:
 * KIND its first segment after /api/v1, EVENT its last segment that is
 * not {id} ("/loans/{id}/receive" is loans/receive), or for a bare
 * resource what the method does ("POST /api/v1/loans" is loans/create).
 */
static void state_rule(const struct ctx *c, char *out, size_t size)
{
	const char *p = c->route ? c->route : c->req->path;
	const char *kind, *seg, *event = NULL;
	int kind_len, event_len = 0;

	if (!strncmp(p, "/api/v1/", 8))
		p += 7;
	kind = p + (*p == '/');
	kind_len = (int)strcspn(kind, "/");
	for (seg = kind + kind_len; *seg == '/';) {
		int n = (int)strcspn(++seg, "/");

		if (n && (n != 4 || strncmp(seg, "{id}", 4))) {
			event = seg;
			event_len = n;
		}
		seg += n;
	}
	if (!event) {
		event = !strcmp(c->req->method, "POST") ? "create" :
			!strcmp(c->req->method, "DELETE") ? "delete" : "update";
		event_len = (int)strlen(event);
	}
	snprintf(out, size, "state:%.*s/%.*s", kind_len, kind, event_len,
		 event);
}

/* The rule that refused: see ctx_refused() in app.h. */
static void refusal_rule_of(const struct ctx *c, char *out, size_t size)
{
	const struct ctx_refusal *r = &c->refusal;

	if (r->rc == MM_ESTALE || (r->rc == 0 && c->res->status == 409 &&
				   !strcmp(r->message, MM_MSG_STALE)))
		snprintf(out, size, "%s", "version");
	else if (r->rc == MM_ESTATE)
		state_rule(c, out, size);
	else
		snprintf(out, size, "%s", refusal_rule(r->message));
}

/* The detail JSON with message and path cut to limit bytes; NULL on error. */
static char *refusal_detail(const struct ctx *c, const char *rule,
			    size_t limit)
{
	char msg[CTX_REFUSAL_MESSAGE_MAX], path[CTX_REFUSAL_MESSAGE_MAX];
	json_t *j;
	char *text;

	copy_bounded(msg, sizeof msg, c->refusal.message, limit);
	copy_bounded(path, sizeof path, c->req->path, limit);
	j = json_pack("{s:s, s:s, s:i, s:s, s:s, s:s, s:s}",
		      "method", c->req->method, "path", path,
		      "status", c->res->status, "field", c->refusal.field,
		      "message", msg, "rule", rule,
		      "request_id", c->request_id); /* the journal's line */
	text = j ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	return text;
}

void ctx_refused(struct ctx *c)
{
	char rule[96];
	char *detail = NULL;
	struct actor act;

	if (!refusal_audited(c))
		return;
	refusal_rule_of(c, rule, sizeof rule);
	/* Escaping can grow text up to sixfold: cut until it fits. */
	for (size_t limit = CTX_REFUSAL_MESSAGE_MAX; limit >= 16; limit /= 2) {
		detail = refusal_detail(c, rule, limit);
		if (!detail || strlen(detail) < MM_AUDIT_DETAIL_MAX)
			break;
		free(detail);
		detail = NULL;
	}
	act = ctx_actor(c, NULL);
	c->log_action = "request.refused";
	if (!detail || store_audit_record(c->app->store, &act,
					  "request.refused", "", 0, detail) < 0)
		fprintf(stderr, "mamori: could not audit a refused request\n");
	free(detail);
}
