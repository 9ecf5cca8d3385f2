/*
 * waiting.h - the records waiting for the user's step, for the home page
 * and GET /api/v1/reminders alike: breach reports (R-CMP-6), exception
 * applications (R-EXC-1..3), cases waiting for the division's judgement,
 * an assignment or a review of a flagged message, and meetings waiting
 * for a report, an instruction, an outcome, a results report, an
 * assessment or the close (R-CASE-1..11), external services' applications
 * waiting for a decision or a deletion for its acknowledgement (R-SVC-1..4).  Which steps count and how
 * each is named is data here, once; the web renders the items as links
 * and the API as JSON.
 *
 * Reading a case is audited (R-CASE-1): waiting_list audits every record
 * it gives back as read ("list") before the caller shows it.
 */
#ifndef MM_APP_WAITING_H
#define MM_APP_WAITING_H
#ifndef MM_SEES_APP /* the layers: HACKING.md */
#error "layer: app/ is seen only by the front end (app, web, api, cli)"
#endif

#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "kinds.h"
#include "steps.h"

/* A step that makes a record wait for whoever it is open to. */
struct waiting_step {
	const struct step *step;
	const char *label; /* what the user is asked to do */
};

/*
 * The records of a kind waiting for the user: those of filter (a page
 * of at most STORE_PAGE_MAX the user may see) on which one of steps is
 * open to the user.  noun names the kind ("事案"), about the field whose
 * label describes a record in the reminder.
 */
struct waiting {
	const char *key; /* the API's reminder kind, e.g. "case_step" */
	const struct record_kind *kind;
	struct kind_filter filter;
	const char *noun;
	const char *about;
	const struct waiting_step *steps; /* ends with { NULL, NULL } */
};

extern const struct waiting breach_waiting;
extern const struct waiting exception_waiting;
extern const struct waiting case_waiting;
extern const struct waiting meeting_waiting;
extern const struct waiting service_waiting;

/* One record waiting: its row and the first step open on it. */
struct waiting_item {
	const void *rec;
	int64_t id;
	const struct waiting_step *step;
	const char *about; /* the label of the record's `about` value */
};

/*
 * The items of one waiting_list call.  rows owns the records the items
 * point into; waiting_items_release frees both.
 */
struct waiting_items {
	struct kind_rows rows;
	struct waiting_item *items;
	size_t n;
};

/*
 * waiting_list - the records of w waiting for c's user into out (which
 * the caller releases with waiting_items_release, also on error), their
 * reads audited when the kind audits reads.  No user: no items.  Returns
 * 0, MM_ENOMEM or the store's error (then nothing may be shown).
 */
int waiting_list(struct ctx *c, const struct waiting *w,
		 struct waiting_items *out);

/*
 * waiting_flagged_cases - for the general manager (ACT_CASE_READS_VIEW),
 * the cases whose flagged outgoing message still awaits the assistant's
 * review (R-CASE-2), their reads audited, into out (released by the
 * caller); items' step is NULL.  Others get none.  Returns as
 * waiting_list.
 */
int waiting_flagged_cases(struct ctx *c, struct waiting_items *out);

/*
 * waiting_screenshots - R-EXC-3: the screenshots still on their device
 * past the policy's days, of the newest page of those the user may see,
 * that the user is reminded of (the general manager; the assistant of
 * the screenshot's unit), into out (l->n counts only those; the caller
 * releases it with screenshot_list_release, also on error).  Returns 0,
 * MM_EIO (no clock) or the store's error.
 */
struct screenshot_list;
int waiting_screenshots(struct ctx *c, struct screenshot_list *out);

/* waiting_items_release - frees what waiting_list put into w. */
void waiting_items_release(struct waiting_items *w);

#endif
