#include "audit.h"

#include "lib/err.h"
#include "json_in.h"
#include "json_out.h"
#include "api.h"
#include "lib/banned.h"

/*
 * A page is filled from up to this many batches of the store: a caller
 * who may see few entries gets a short page and next_before instead of
 * a scan of the whole trail.
 */
#define AUDIT_BATCHES 8

struct page {
	json_t *entries;
	int64_t before;  /* the seq to continue below; 0 at the trail's start */
	int64_t want;
};

/*
 * Adds the viewable entries of one batch until the page is full; returns
 * 0 or MM_ENOMEM.  *all is set to 1 when every entry was looked at.
 */
static int take_batch(struct ctx *c, const struct audit_list *l,
		      struct page *p, int *all)
{
	size_t i;

	for (i = 0; i < l->n && p->want > 0; i++) {
		const struct audit_entry *e = &l->items[i];
		struct authz_object o = { .unit_id = e->unit_id };

		p->before = e->seq;
		if (!ctx_can(c, ACT_AUDIT_VIEW, &o))
			continue;
		if (api_list_add(p->entries, api_audit_json(e)) < 0)
			return MM_ENOMEM;
		p->want--;
	}
	*all = i == l->n;
	return 0;
}

static int fill_page(struct ctx *c, int64_t limit, struct page *p)
{
	for (int b = 0; b < AUDIT_BATCHES && p->want > 0; b++) {
		struct audit_list l = {0};
		int all = 0, rc, ended;

		rc = store_audit_list(c->app->store, 0, p->before,
				      (size_t)limit, &l);
		if (rc < 0)
			return rc;
		rc = take_batch(c, &l, p, &all);
		/* A short batch read to its end is the start of the trail. */
		ended = all && (l.n < (size_t)limit || p->before == 1);
		audit_list_release(&l);
		if (rc < 0)
			return rc;
		if (ended) {
			p->before = 0;
			break;
		}
	}
	return 0;
}

void api_audit_list(struct ctx *c)
{
	int64_t before = 0, limit = API_AUDIT_LIMIT_DEFAULT;
	struct page p = {0};
	int rc;

	/* Any logged-in user; each entry then only if viewable. */
	if (ctx_authorize(c, ACT_HOME_VIEW, NULL, NULL) < 0 ||
	    api_query_int64(c, "before", 1, INT64_MAX, &before) < 0 ||
	    api_query_int64(c, "limit", 1, API_AUDIT_LIMIT_MAX, &limit) < 0)
		return;
	p.entries = json_array();
	p.before = before;
	p.want = limit;
	rc = p.entries ? fill_page(c, limit, &p) : MM_ENOMEM;
	if (rc < 0) {
		json_decref(p.entries);
		api_fail(c, rc, NULL, NULL);
		return;
	}
	api_send(c, 200, json_pack("{s:o, s:o}", "entries", p.entries,
				   "next_before", p.before ?
				   json_integer(p.before) : json_null()));
}
