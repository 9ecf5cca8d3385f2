#include "steps.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/err.h"

#include "common.h"
#include "lending.h"
#include "../app/listing.h"
#include "../lib/err.h"
#include "../lib/util.h"
#include "record_form.h"
#include "../lib/banned.h"

int web_load(struct ctx *c, const struct record_kind *k, enum action act,
	     void *out, struct authz_grant *g)
{
	struct authz_object o;
	int rc = k->get(c->app->store, c->req->params[0], &c->pool, out);

	if (rc < 0) {
		web_store_fail(c, rc);
		return rc;
	}
	o = k->object(out);
	return ctx_authorize(c, act, &o, g);
}

int web_load_guarded(struct ctx *c, const struct record_kind *k,
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

int web_load_own(struct ctx *c, const struct record_kind *k, enum action act,
		 void *out, struct authz_grant *g)
{
	struct authz_object own = own_unit(c);
	int rc = ctx_authorize(c, act, &own, g);

	return rc < 0 ? rc : web_load(c, k, act, out, g);
}

int web_begin_step(struct ctx *c, const struct record_kind *k, enum action act,
		   void *rec, struct authz_grant *g, struct form *f,
		   const char *const *fields, int64_t *version)
{
	int rc = web_load(c, k, act, rec, g);

	return rc < 0 ? rc : step_form_read(c, f, fields, version);
}

void web_step_done(struct ctx *c, const struct record_kind *k, int64_t id,
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

size_t web_page_rows(struct page *p, const struct record_kind *k,
		     enum action view, const void *items,
		     const struct row_joined *joined, size_t n,
		     void (*row)(struct page *p, const void *rec,
				 const struct row_joined *j))
{
	static const struct row_joined none = ROW_JOINED_NONE;
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

const struct form *web_posted_form(const struct web_posted *in)
{
	return in ? in->f : NULL;
}

const struct form_errors *web_posted_errors(const struct web_posted *in)
{
	return in ? in->e : NULL;
}

void web_step_form(struct page *p, const char *kind, int64_t id,
		   int64_t version, const struct web_step_form *sf,
		   const struct web_posted *in)
{
	char suffix[32];
	const struct web_posted *mine = in && in->step &&
		!strcmp(in->step, sf->step) ? in : NULL;

	snprintf(suffix, sizeof suffix, "/%s", sf->step);
	html_elem(&p->h, "h3", NULL, sf->title);
	version_form_begin(p, kind, id, suffix, version);
	if (sf->d)
		web_record_fields(&p->h, web_posted_errors(mine), sf->d,
				  sf->keys, web_posted_form(mine), NULL);
	form_submit(&p->h, sf->submit);
	form_end(&p->h);
}

/* The record of the path for a step, loaded as sk says. */
static int load_for_step(struct ctx *c, const struct web_step_kind *sk,
			 enum action act, void *rec, struct authz_grant *g)
{
	if (sk->guarded)
		return web_load_guarded(c, sk->kind, sk->view, act, rec, g);
	return web_load(c, sk->kind, act, rec, g);
}

void web_step_kind_show(struct ctx *c)
{
	const struct web_step_kind *sk = c->route_arg;
	void *rec = calloc(1, sk->kind->size);

	if (!rec)
		web_store_fail(c, MM_ENOMEM);
	else if (load_for_step(c, sk, sk->view, rec, NULL) == 0)
		sk->render(c, rec, NULL, 200);
	free(rec);
}

/* The inputs st's form may post: its body's keys by their input names. */
static void form_keys(const struct step *st,
		      const struct web_field_name *names, const char **keys)
{
	step_body_keys(st, keys);
	for (size_t i = 0; keys[i]; i++)
		keys[i] = web_field_input_name(names, keys[i]);
}

/*
 * The record's page again with the faults e (at least one) beside what f
 * posted, or, for a kind without one, the error page of the first fault
 * (422: only a refused input comes here without a page).
 */
static void show_faults(struct ctx *c, const struct web_step_kind *sk,
			const void *rec, const struct form *f,
			const struct form_errors *e, int status)
{
	const char *step = strrchr(c->step->pattern, '/');
	struct web_posted in = { step ? step + 1 : "", f, e };

	if (sk->render)
		sk->render(c, rec, &in, status);
	else
		ctx_fail(c, MM_EINVAL, e->items[0].message,
			 e->items[0].field);
}

/*
 * Answers a refusal rc of st's perform(): the form again (rec's page)
 * with the message of a refusal the user can correct (422: a rule, a
 * value; 409 with the step's explanation), or with the record read anew
 * after a stale version (409); the error page otherwise.
 */
static void step_refused(struct ctx *c, const struct step *st,
			 const struct web_step_kind *sk, void *rec, void *in,
			 const struct form *f, struct form_errors *e, int rc)
{
	const char *field = NULL, *why = NULL;
	int correctable = rc == MM_ERULE || rc == MM_EINVAL;

	if (st->explain &&
	    st->explain(c->app->store, rc, in, &field, &why) == 1 &&
	    web_record_check(st->input, in, e) < 0 && sk->render) {
		show_faults(c, sk, rec, f, e, 422);
		return;
	}
	if (sk->render && (correctable || why)) {
		form_errors_add(e, field ? field : "", "",
				why ? why : store_message(rc));
		show_faults(c, sk, rec, f, e, correctable ? 422 : 409);
	} else if (sk->render && rc == MM_ESTALE &&
		   sk->kind->get(c->app->store, c->req->params[0], &c->pool,
				 rec) == 0) {
		form_errors_add(e, "", "", MSG_STALE);
		show_faults(c, sk, rec, f, e, 409);
	} else {
		lending_fail(c, rc, why);
	}
}

void web_step(struct ctx *c)
{
	const struct step *st = c->step->step;
	const struct web_step_kind *sk = c->step->kind;
	const struct web_field_name *names = c->step->names;
	const char *keys[STEP_INPUT_MAX + 2];
	void *rec = calloc(1, sk->kind->size);
	void *in = st->input ? calloc(1, st->input_size) : NULL;
	struct form f = { .n = 0 };
	struct form_errors e;
	struct authz_grant g;
	struct actor a;
	int64_t version = 0;
	int event, rc;

	if (!rec || (st->input && !in)) {
		web_store_fail(c, MM_ENOMEM);
		goto out;
	}
	if (load_for_step(c, sk, st->act, rec, &g) < 0 ||
	    ctx_check_step(c, st, rec, g.role) < 0)
		goto out;
	event = step_event(st, g.role);
	form_keys(st, names, keys);
	if ((st->facts && st->facts(c, rec, event, in) < 0) ||
	    step_form_read(c, &f, keys, &version) < 0)
		goto out;
	form_errors_init(&e);
	if (st->input && web_record_read_named(&f, st->input, names, in,
					       RECORD_CREATE, &e) < 0) {
		show_faults(c, sk, rec, &f, &e, 422);
		goto out;
	}
	if (st->checked && st->checked(c, in) < 0)
		goto out;
	a = ctx_actor(c, &g);
	rc = step_perform(st, c->app->store, &a, c->req->params[0], version, event,
			 in);
	if (rc == 0)
		web_step_done(c, sk->kind, c->req->params[0], 0, NULL);
	else
		step_refused(c, st, sk, rec, in, &f, &e, rc);
out:
	form_release(&f);
	free(in);
	free(rec);
}
