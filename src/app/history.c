#include "history.h"

#include <stdlib.h>
#include <string.h>

#include "../core/civil.h"
#include "../core/records.h"
#include "../lib/err.h"
#include "../lib/pool.h"
#include "../lib/util.h"
#include "../store/store_meetings.h"
#include "../store/store_seal.h"
#include "kinds.h"
#include "objects.h"
#include "../lib/banned.h"

/* More matches than this are a name too common to be one child's. */
#define FIND_CAP 256

/* Reads meeting id and keeps it in h when the user of c may view it. */
static int keep_if_viewable(struct ctx *c, int64_t id,
			    struct meeting_history *h)
{
	struct pool pool = POOL_INIT_MAX(0);
	struct meeting *x = calloc(1, sizeof *x);
	struct authz_object o;
	int rc = x ? store_meeting_get(c->app->store, id, &pool, x)
		   : MM_ENOMEM;

	if (rc == MM_ENOTFOUND)
		rc = 0;
	else if (rc == 0) {
		o = meeting_authz_object(x);
		if (ctx_can(c, ACT_MEETING_VIEW, &o) && h->n < HISTORY_MAX)
			h->e[h->n++] = (struct history_entry){
				.meeting_id = x->id, .case_id = x->case_id,
				.unit_id = x->unit_id, .meet_at = x->meet_at,
				.outcome_at = x->outcome_at, .state = x->state,
				.guidance = x->guidance,
				.juvenile = x->juvenile };
	}
	pool_release(&pool);
	free(x);
	return rc;
}

int meeting_history_read(struct ctx *c, const struct meeting *m,
			 struct meeting_history *h)
{
	int64_t *ids = calloc(FIND_CAP, sizeof *ids), shown[HISTORY_MAX];
	char birth[16] = "";
	struct actor a;
	size_t n = 0;
	int rc;

	memset(h, 0, sizeof *h);
	if (!ids)
		return MM_ENOMEM;
	if (m->child_birth.year)
		civil_format_iso(&m->child_birth, birth, sizeof birth);
	rc = store_find_person(c->app->store, meeting_record.kind,
			       m->child_name, m->child_kana, birth, ids,
			       FIND_CAP, &n);
	/* no child named, or no key: nothing to look up */
	if (rc == MM_EINVAL || rc == MM_EUNSUPPORTED) {
		free(ids);
		return 0;
	}
	h->looked = 1;
	if (rc == MM_EOVERFLOW)
		rc = 0;
	for (size_t i = 0; rc == 0 && i < n && h->n < HISTORY_MAX; i++)
		if (ids[i] != m->id)
			rc = keep_if_viewable(c, ids[i], h);
	free(ids);
	for (size_t i = 0; i < h->n; i++)
		shown[i] = h->e[i].meeting_id;
	a = ctx_actor(c, NULL);
	if (rc == 0)
		rc = kind_audit_reads(&meeting_kind, c->app->store, &a, shown,
				      h->n, "history");
	if (rc < 0)
		h->n = 0;
	return rc;
}
