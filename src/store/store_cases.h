/*
 * store_cases.h - the store operations of protective-contact cases
 * (事案, 第4-1, R-CASE-1, R-CASE-2): the station's report of a post
 * found, the division's judgement, the assignment, the communication log
 * and the review of a flagged message; and who read which case when (the
 * audit trail's "case.read" entries).
 *
 * The rules of store.h hold here too: one transaction per write with its
 * audit entry; updates carry the version read (MM_ESTALE); each step
 * runs case_transition() INSIDE the write transaction on the state read
 * there, so a step out of order is MM_ESTATE and changes nothing.  The
 * audit entries carry states and ids, never the post or a message.
 */
#ifndef MM_STORE_CASES_H
#define MM_STORE_CASES_H
#ifndef MM_SEES_STORE /* the layers: HACKING.md */
#error "layer: store/ is seen only by store/ and the front end"
#endif

#include "store.h"
#include "../core/case.h"
#include "../lib/pool.h"

/* The most messages a case's page reads (oldest first). */
#define MM_CASE_MESSAGES_MAX 2000

struct case_list {
	struct protect_case *items;       /* without messages */
	size_t n;
	struct row_joined *joined;        /* per item: unit_name */
	struct list_page at;
	struct pool pool; /* the items' text; released with the list */
};
void case_list_release(struct case_list *l);

/*
 * store_case_report - CASE_EV_REPORT for station c->unit_id: found_at,
 * service, post_ref, post_text, risk_signals (as case_record says, at
 * now: MM_EINVAL).  Sets id, state, reporter and version.
 */
int store_case_report(struct store *s, const struct actor *a,
		      struct protect_case *c);

/*
 * store_case_get - the case with its communication log into *out, its
 * text in pool, which must outlive *out.  MM_ENOTFOUND when none.
 */
int store_case_get(struct store *s, int64_t id, struct pool *pool,
		   struct protect_case *out);

/*
 * store_case_list - a page of the cases view allows (the object of
 * case_authz_object: the unit holding it, and the reporting station),
 * newest first, with the reporting unit's name: of unit_id (0: all;
 * else reported by or assigned to it), in state (CASE_NONE: any;
 * open_only: not closed).
 */
int store_case_list(struct store *s, const struct authz_view *view,
		    int64_t unit_id, enum case_state state, int open_only,
		    const struct page_req *req, struct case_list *out);

/* What store_case_list_filtered() selects by (0: does not filter). */
struct case_filter {
	int64_t unit_id;        /* reported by or assigned to it */
	enum case_state state;
	int open_only;          /* not closed */
	int review_pending;     /* R-CASE-2: a flagged message awaits review */
};

/*
 * store_case_list_filtered - store_case_list() by f; each case of the
 * page with its pending_reviews counted.
 */
int store_case_list_filtered(struct store *s, const struct authz_view *view,
			     const struct case_filter *f,
			     const struct page_req *req, struct case_list *out);

/*
 * store_case_triage - the division's judgement t (R-CASE-1) at the
 * version read: CASE_EV_TRIAGE_HIGH or _NOT_HIGH as t->need says.
 * MM_EINVAL when t is not what case_triage_record accepts.
 */
int store_case_triage(struct store *s, const struct actor *a, int64_t id,
		      int64_t version, const struct case_triage *t);

/*
 * store_case_assignable - whether as can be given a case now: the unit
 * is in use, the officer holds a designation in force as communication
 * officer of that unit (R-ROLE-5), and the device is on loan to it and
 * usable (R-DEV-6, device_usable()).  0 (and *loan_id, may be NULL, the
 * loan), MM_ERULE with *field and *why (static Japanese) naming the
 * first unmet condition, or a read error.
 */
int store_case_assignable(struct store *s, const struct case_assignment *as,
			  int64_t *loan_id, const char **field,
			  const char **why);

/*
 * store_case_assign - CASE_EV_ASSIGN at the version read, as
 * store_case_assignable() decides inside the write transaction.
 * MM_ERULE when a condition is unmet or the case was not judged high
 * (case_check_communicable()).
 */
int store_case_assign(struct store *s, const struct actor *a, int64_t id,
		      int64_t version, const struct case_assignment *as);

/*
 * store_case_log - m (at, direction, text, screenshot_ref) logged on
 * case id (CASE_EV_LOG; the first moves it to communicating).  Never
 * refused for its content: flagged and flag_detail are the message
 * check's finding (R-CASE-2), recorded with it (a flagged message waits
 * for the review of the unit's assistant).  The version is not compared:
 * a message really sent is recorded however stale the page it was typed
 * on.  Sets m->id.  MM_ESTATE when the case is not assigned;
 * MM_ERULE when the actor is the assigned officer and no longer holds a
 * designation in force (R-ROLE-5).
 */
int store_case_log(struct store *s, const struct actor *a, int64_t id,
		   struct case_message *m, int flagged, const char *flag_detail);

/*
 * store_case_review - the review (a note) of flagged message msg_id of
 * case id by the unit's assistant (R-CASE-2), audited "case.review".
 * MM_EINVAL when the case has no such message, MM_ESTATE when it awaits
 * no review (never flagged, or reviewed already).
 */
int store_case_review(struct store *s, const struct actor *a, int64_t id,
		      int64_t msg_id, const char *note);

/*
 * store_case_pending_reviews - how many flagged messages of unit_id (0:
 * all units) await review, into *n.
 */
int store_case_pending_reviews(struct store *s, int64_t unit_id, int64_t *n);

#endif
