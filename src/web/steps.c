#include "steps.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/validate.h"
#include "../lib/err.h"

#include "common.h"
#include "lending.h"
#include "../app/listing.h"
#include "../lib/err.h"
#include "../lib/util.h"
#include "../lib/banned.h"

int web_load(struct ctx *c, const struct web_kind *k, enum action act,
	     void *out, struct authz_grant *g)
{
	struct authz_object o;
	int rc = k->get(c->app->store, c->req->params[0], out);

	if (rc < 0) {
		web_store_fail(c, rc);
		return rc;
	}
	o = k->object(out);
	return ctx_authorize(c, act, &o, g);
}

int web_load_guarded(struct ctx *c, const struct web_kind *k,
		     enum action view, enum action act, void *out,
		     struct authz_grant *g)
{
	struct authz_object own = own_unit(c), o;
	int rc;

	if ((rc = ctx_authorize(c, view, &own, NULL)) < 0 ||
	    (rc = web_load(c, k, view, out, NULL)) < 0)
		return rc;
	o = k->object(out);
	return act == view ? 0 : ctx_authorize(c, act, &o, g);
}

int web_load_own(struct ctx *c, const struct web_kind *k, enum action act,
		 void *out, struct authz_grant *g)
{
	struct authz_object own = own_unit(c);
	int rc = ctx_authorize(c, act, &own, g);

	return rc < 0 ? rc : web_load(c, k, act, out, g);
}

int web_begin_step(struct ctx *c, const struct web_kind *k, enum action act,
		   void *rec, struct authz_grant *g, struct form *f,
		   const char *const *fields, int64_t *version)
{
	int rc = web_load(c, k, act, rec, g);

	return rc < 0 ? rc : step_form_read(c, f, fields, version);
}

void web_step_done(struct ctx *c, const struct web_kind *k, int64_t id,
		   int rc, const char *why)
{
	char href[80];

	if (rc == 0)
		page_redirect(c, href_of(href, k->path, id, NULL));
	else
		lending_fail(c, rc, why);
}

void table_begin(struct html *h, const char *const *heads)
{
	html_open(h, "table", NULL);
	html_open(h, "thead", NULL);
	html_open(h, "tr", NULL);
	for (size_t i = 0; heads[i]; i++)
		html_elem(h, "th", "scope", "col", NULL, heads[i]);
	html_close(h, "tr");
	html_close(h, "thead");
	html_open(h, "tbody", NULL);
}

void table_end(struct html *h, size_t shown, const char *empty)
{
	html_close(h, "tbody");
	html_close(h, "table");
	if (!shown)
		html_elem(h, "p", NULL, empty);
}

/* A cursor of the query: absent, or a positive id. */
static int query_cursor(struct ctx *c, const char *name, int64_t *out)
{
	const char *v = http_query(c->req, name);

	*out = 0;
	return str_empty(v) ? 0 : parse_id(v, out);
}

int web_page_req_named(struct ctx *c, struct page_req *req,
		       const char *after, const char *before)
{
	memset(req, 0, sizeof *req);
	req->limit = STORE_PAGE_DEFAULT;
	if (query_cursor(c, after, &req->after) < 0 ||
	    query_cursor(c, before, &req->before) < 0 ||
	    (req->after && req->before)) {
		ctx_fail(c, MM_EINVAL, MM_MSG_BAD_CURSOR, NULL);
		return MM_EINVAL;
	}
	return 0;
}

int web_page_req(struct ctx *c, struct page_req *req)
{
	return web_page_req_named(c, req, "after", "before");
}

static void pager_link(struct page *p, const char *base, const char *name,
		       int64_t id, const char *label, const char *rel)
{
	char href[256], n[24];

	snprintf(href, sizeof href, "%s%c%s=%s", base,
		 strchr(base, '?') ? '&' : '?', name, i64s(n, id));
	html_elem(&p->h, "a", "href", href, "rel", rel, NULL, label);
}

void web_pager_named(struct page *p, const char *base,
		     const struct list_page *at, const char *after,
		     const char *before)
{
	if (!at->prev && !at->next)
		return;
	html_open(&p->h, "nav", "class", "pager", "aria-label", "ページ送り",
		  NULL);
	if (at->prev)
		pager_link(p, base, before, at->prev, "前へ", "prev");
	if (at->next)
		pager_link(p, base, after, at->next, "次へ", "next");
	html_close(&p->h, "nav");
}

void web_pager(struct page *p, const char *base, const struct list_page *at)
{
	web_pager_named(p, base, at, "after", "before");
}

size_t web_page_rows(struct page *p, const struct web_kind *k,
		     enum action view, const void *items,
		     const struct row_joined *joined, size_t n,
		     void (*row)(struct page *p, const void *rec,
				 const struct row_joined *j))
{
	static const struct row_joined none;
	const char *rec = items;
	size_t shown = 0;

	for (size_t i = 0; i < n; i++, rec += k->size) {
		struct authz_object o = k->object(rec);
		if (!ctx_list_row_ok(p->c, view, &o))
			continue;
		row(p, rec, joined ? &joined[i] : &none);
		shown++;
	}
	return shown;
}

/* The step's optional text, checked as the API checks it. */
static int step_text(struct ctx *c, const struct step *st,
		     const struct form *f, const char **text)
{
	const char *why = NULL;

	*text = st->text_key ? form_value(f, st->text_key) : "";
	if (validate_text(*text, st->text_max, &why) < 0) {
		ctx_fail(c, MM_EINVAL, why, st->text_key);
		return MM_EINVAL;
	}
	return 0;
}

void web_step(struct ctx *c)
{
	const struct step *st = c->step->step;
	const struct web_kind *k = c->step->kind;
	const char *fields[] = { "version", st->text_key, NULL };
	void *rec = calloc(1, k->size);
	struct form f = { .n = 0 };
	struct authz_grant g;
	const char *text = "";
	struct actor a;
	int64_t version = 0;
	int rc;

	if (!rec) {
		ctx_fail(c, MM_ENOMEM, NULL, NULL);
		return;
	}
	if (web_load(c, k, st->act, rec, &g) < 0 ||
	    ctx_check_step(c, st, rec, g.role) < 0 ||
	    step_form_read(c, &f, fields, &version) < 0 ||
	    step_text(c, st, &f, &text) < 0)
		goto out;
	a = ctx_actor(c, &g);
	rc = st->perform(c->app->store, &a, c->req->params[0], version,
			 step_event(st, g.role), text);
	web_step_done(c, k, c->req->params[0], rc, NULL);
out:
	form_release(&f);
	free(rec);
}
