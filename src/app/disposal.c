/*
 * disposal.c - retention for both front ends (issue 11).  Contract:
 * disposal.h.
 */
#include "disposal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/retention.h"
#include "listing.h"
#include "policy.h"
#include "../core/wareki.h"
#include "../lib/buf.h"
#include "../lib/pool.h"
#include "../lib/err.h"
#include "../lib/util.h"
#include "../lib/banned.h"

void due_list_release(struct due_list *l)
{
	free(l->items);
	memset(l, 0, sizeof *l);
}

int disposal_today(struct civil_date *out)
{
	return civil_from_unix((int64_t)time(NULL), out);
}

static int add_due(const struct policy *pol, struct due_list *out,
		   const struct disposal_doc *d, const struct civil_date *today)
{
	struct retention_rule rule;
	struct civil_date from;
	struct due_doc *x;
	struct buf b;
	int rc = doctype_due(pol, d->doctype, &d->base, today, &from);

	if (rc <= 0)
		return rc; /* not yet: not listed */
	if (out->n == out->cap) {
		size_t cap = out->cap ? out->cap * 2 : 16;
		struct due_doc *p = realloc(out->items, cap * sizeof *p);

		if (!p)
			return MM_ENOMEM;
		out->items = p;
		out->cap = cap;
	}
	x = &out->items[out->n];
	memset(x, 0, sizeof *x);
	x->doc = *d;
	x->type = doctype_find(d->doctype);
	x->from = from;
	rc = doctype_rule(pol, d->doctype, &rule);
	buf_init(&b, sizeof x->rule);
	if (rc == 0)
		rc = retention_format(&rule, &b);
	if (rc == 0)
		snprintf(x->rule, sizeof x->rule, "%s", buf_cstr(&b));
	buf_release(&b);
	if (rc == 0)
		out->n++;
	return rc;
}

int disposal_due_read(struct ctx *c, const struct civil_date *today,
		      struct due_list *out)
{
	/* the periods of the directive version in force (R-META-1) */
	const struct policy *pol = app_policy(c, NULL);
	int rc = 0;

	for (const struct doctype *t = doctypes; t->key && rc == 0; t++) {
		struct disposal_doc_list l = { 0 };

		rc = store_disposal_documents(c->app->store, t->key, &l);
		for (size_t i = 0; rc == 0 && i < l.n; i++)
			rc = add_due(pol, out, &l.items[i], today);
		disposal_doc_list_release(&l);
	}
	return rc;
}

int disposal_ref(const char *type, const char *id_text, int64_t *id,
		 const char **why, const char **field)
{
	if (!doctype_find(type)) {
		*why = DISPOSAL_TYPE_MSG;
		*field = "type";
		return MM_EINVAL;
	}
	if (!id_text || parse_int64(id_text, 1, INT64_MAX, id) < 0) {
		*why = DISPOSAL_ID_MSG;
		*field = "id";
		return MM_EINVAL;
	}
	return 0;
}

/* Answers a refusal through the front end's writer, noted for the audit. */
static int refuse(struct ctx *c, int status, const char *code,
		  const char *msg, const char *field)
{
	ctx_note_refusal(c, status == 409 ? MM_ERULE : MM_EINVAL, msg, field);
	c->error(c, status, code, msg, field);
	return status == 409 ? MM_ERULE : MM_EINVAL;
}

int disposal_run(struct ctx *c, const struct authz_grant *g,
		 const struct dispose_item *items, size_t n)
{
	struct dispose_result res;
	struct civil_date today;
	struct actor act = ctx_actor(c, g);
	const char *why = NULL;
	int rc = disposal_today(&today);

	if (rc == 0)
		rc = store_dispose(c->app->store, &act, items, n, &today,
				  app_policy(c, NULL), &res);
	if (rc == MM_ERULE) {
		if (res.why == DISPOSE_NO_DOCUMENT)
			return refuse(c, 422, "invalid", DISPOSAL_NO_DOC_MSG,
				      "documents");
		doctype_check_disposal(res.why == DISPOSE_DISPOSED,
				       res.why == DISPOSE_HELD,
				       res.why != DISPOSE_NOT_DUE, &why);
		return refuse(c, 409, "rule_violation",
			      why ? why : MM_DISPOSAL_NOT_DUE_MSG, "documents");
	}
	if (rc < 0)
		ctx_fail(c, rc, NULL, NULL);
	else
		c->log_action = "document.dispose";
	return rc;
}

static const char *const kind_keys[] = { "", "investigation", "request" };
static const char *const kind_labels[] = { "", "捜査", "照会等" };

int disposal_hold_kind(const char *key, enum hold_kind *out)
{
	for (int i = 1; key && i <= 2; i++)
		if (strcmp(key, kind_keys[i]) == 0) {
			*out = (enum hold_kind)i;
			return 0;
		}
	return MM_EINVAL;
}

const char *hold_kind_key(enum hold_kind k)
{
	return k == HOLD_INVESTIGATION || k == HOLD_REQUEST ? kind_keys[k] : "";
}

const char *hold_kind_label(enum hold_kind k)
{
	return k == HOLD_INVESTIGATION || k == HOLD_REQUEST ? kind_labels[k]
							     : "";
}

int disposal_reason_ok(const char *reason)
{
	int seen = 0;

	if (!reason || utf8_chars(reason) > 1000)
		return 0;
	for (const char *p = reason; *p && !seen; p++) {
		if (!strncmp(p, "\xe3\x80\x80", 3)) /* U+3000 */
			p += 2;
		else if (!strchr(" \t\r\n", *p))
			seen = 1;
	}
	return seen;
}

int disposal_hold_place(struct ctx *c, const struct authz_grant *g,
			const char *type, int64_t id, enum hold_kind kind,
			const char *reason, struct hold *out)
{
	struct actor act = ctx_actor(c, g);
	int rc = store_hold_place(c->app->store, &act, type, id, kind, reason,
				  out);

	if (rc == MM_ENOTFOUND)
		return refuse(c, 422, "invalid", DISPOSAL_NO_DOC_MSG, "id");
	if (rc == MM_EEXIST)
		return refuse(c, 409, "exists", HOLD_HELD_MSG, "id");
	if (rc == MM_EINVAL)
		return refuse(c, 422, "invalid", HOLD_REASON_MSG, "reason");
	if (rc < 0)
		ctx_fail(c, rc, NULL, NULL);
	else
		c->log_action = "hold.place";
	return rc;
}

int disposal_hold_lift(struct ctx *c, const struct authz_grant *g,
		       int64_t id)
{
	struct actor act = ctx_actor(c, g);
	int rc = store_hold_lift(c->app->store, &act, id);

	if (rc == MM_ESTATE)
		return refuse(c, 409, "state", HOLD_LIFTED_MSG, NULL);
	if (rc < 0)
		ctx_fail(c, rc, NULL, NULL);
	else
		c->log_action = "hold.lift";
	return rc;
}

#define EXPORT_COLS 7

int disposal_register_read(struct ctx *c, struct disposal_list *l)
{
	int rc = ctx_authorize(c, ACT_DISPOSAL_VIEW, NULL, NULL);

	if (rc < 0)
		return rc;
	rc = store_disposal_list(c->app->store, l);
	if (rc < 0)
		ctx_list_failed(c, rc, "disposals");
	return rc;
}

int disposal_export_table(struct ctx *c, const char ***cells,
			  size_t *n_rows, size_t *n_cols)
{
	static const char *const head[EXPORT_COLS] = { "文書", "種類",
		"番号", "保存期間", "作成日・最終記載日", "廃棄日時", "廃棄者" };
	struct disposal_list l = { 0 };
	const char **out;
	char id[24], at[32];
	size_t n;
	int rc = store_disposal_list(c->app->store, &l);

	*cells = NULL;
	if (rc < 0)
		return rc;
	out = calloc((l.n + 1) * EXPORT_COLS, sizeof *out);
	if (!out) {
		disposal_list_release(&l);
		return MM_ENOMEM;
	}
	for (size_t j = 0; j < EXPORT_COLS; j++)
		out[j] = head[j];
	for (size_t i = 0; i < l.n && rc == 0; i++) {
		const struct disposal_entry *e = &l.items[i];
		const char **row = out + (i + 1) * EXPORT_COLS;
		struct civil_date d;
		int64_t local = e->disposed_at + 9 * 3600; /* Asia/Tokyo */

		snprintf(id, sizeof id, "%lld", (long long)e->doc_id);
		at[0] = '\0';
		if (civil_from_unix(e->disposed_at, &d) == 0)
			snprintf(at, sizeof at, "%04d-%02d-%02d %02d:%02d",
				 d.year, d.month, d.day,
				 (int)(local % 86400 / 3600),
				 (int)(local % 3600 / 60));
		row[0] = pool_strdup(&c->pool, e->doc_name);
		row[1] = pool_strdup(&c->pool, e->doctype);
		row[2] = pool_strdup(&c->pool, id);
		row[3] = pool_strdup(&c->pool, e->rule);
		row[4] = pool_strdup(&c->pool, e->base_on);
		row[5] = pool_strdup(&c->pool, at);
		row[6] = pool_strdup(&c->pool, e->disposed_by_name);
		for (size_t j = 0; j < EXPORT_COLS; j++)
			if (!row[j])
				rc = MM_ENOMEM;
	}
	n = l.n;
	disposal_list_release(&l);
	if (rc < 0) {
		free(out);
		return rc;
	}
	*cells = out;
	*n_rows = n + 1;
	*n_cols = EXPORT_COLS;
	return 0;
}
