/*
 * history.h - earlier records of the same child (issue 9, R-CASE-11):
 * the meetings whose outcome names the same child as a meeting's, found
 * by the keyed hashes of the normalised name, reading and birth date
 * (store_find_person, store/store_seal.h) - never by opening every
 * sealed record - for the manager weighing the child's history and
 * whoever reads the meeting.  One function for both front ends.
 *
 * Each record found is checked with authz_check() for the viewer
 * (ACT_MEETING_VIEW).  One the viewer may not read is left out without
 * a trace on the page - not even a count: that a named child has a
 * protective record in another unit is itself what R-CASE-1 keeps to
 * the case's unit and the HQ juvenile roles (who see them all and can
 * tell).  Every record shown is a read, audited as a meeting's
 * ("meeting.read", way "history") before it is shown.
 */
#ifndef MM_APP_HISTORY_H
#define MM_APP_HISTORY_H
#ifndef MM_SEES_APP /* the layers: HACKING.md */
#error "layer: app/ is seen only by the front end (app, web, api, cli)"
#endif

#include <stddef.h>
#include <stdint.h>

#include "../core/meeting.h"
#include "app.h"

/* The most records of one child shown (matches beyond: the first ones). */
#define HISTORY_MAX 32

/* One record of the same child, as shown (nothing identifying). */
struct history_entry {
	int64_t meeting_id;
	int64_t case_id;
	int64_t unit_id;
	int64_t meet_at;
	int64_t outcome_at;
	enum meeting_state state;
	enum guidance_kind guidance;
	int juvenile;
};

struct meeting_history {
	int looked;     /* 0: the meeting names no child (or no field key) */
	size_t n;
	struct history_entry e[HISTORY_MAX];
};

/*
 * meeting_history_read - the other meetings about the child m's outcome
 * names (m read by the user of c, who may view it), into *h: those the
 * user may view, oldest first, each audited as read.  h->looked is 0
 * (and h->n 0) when m names no child by name or reading, or the store
 * has no field key.  Returns 0 or the store's errors (nothing shown:
 * a read that cannot be audited is not answered).
 */
int meeting_history_read(struct ctx *c, const struct meeting *m,
			 struct meeting_history *h);

#endif
