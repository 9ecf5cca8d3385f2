/*
 * store_meetings.h - the store operations of the meetings of protective
 * contact cases (R-CASE-3..11, core/meeting.h).
 *
 * The rules of store.h hold here too: one transaction per write with its
 * audit entry; updates carry the version read (MM_ESTALE).  Each step
 * runs meeting_step() INSIDE the write transaction with the role the
 * actor acted in, so a step by the wrong role is MM_EDENIED, a step out
 * of order MM_ESTATE, and nothing changes.  What the server knows (the
 * staff's sex and role, who did a step and when) is read or set here,
 * never taken from the caller.
 */
#ifndef MM_STORE_MEETINGS_H
#define MM_STORE_MEETINGS_H
#ifndef MM_SEES_STORE /* the layers: HACKING.md */
#error "layer: store/ is seen only by store/ and the front end"
#endif

#include "store.h"
#include "../core/meeting.h"
#include "../lib/pool.h"

struct meeting_list {
	struct meeting *items;            /* without measures */
	size_t n;
	struct row_joined *joined;        /* per item: unit_name */
	struct list_page at;
	struct pool pool; /* the items' text; released with the list */
};
void meeting_list_release(struct meeting_list *l);

/*
 * store_meeting_check - what the server knows of a pre-meeting report m
 * for m->unit_id: its case (R-CASE-3: given to the unit, in
 * communication), then each staff member's recorded sex and highest
 * directive role held in the unit, into m->staff_sex and m->staff_role,
 * with m->staff_known set.  MM_ERULE with *field the key to blame and
 * *why a static Japanese message for a case that is not the unit's or
 * not in communication and for staff who are not active users of the
 * unit (R-CASE-5: the unit's staff); the store's errors.
 */
int store_meeting_check(struct store *s, struct meeting *m,
			const char **field, const char **why);

/*
 * store_meeting_report - MEETING_EV_REPORT by the actor's role for unit
 * m->unit_id: the pre-meeting report as meeting_record says, with the
 * case and staff as store_meeting_check() reads them (at now); the case
 * moves to CASE_MEETING.  MM_ERULE for what store_meeting_check()
 * refuses or a rule of the record (R-CASE-3, R-CASE-5);
 * MM_EINVAL for a record its descriptor refuses.  Sets id, state, the
 * staff's sex and role, reporter and version.
 */
int store_meeting_report(struct store *s, const struct actor *a,
			 struct meeting *m);

/*
 * store_meeting_get - the meeting with its measures into *out, its text
 * in pool, which must outlive *out.  MM_ENOTFOUND when none.
 */
int store_meeting_get(struct store *s, int64_t id, struct pool *pool,
		      struct meeting *out);

/*
 * store_meeting_list - a page of the meetings view allows (the object of
 * meeting_authz_object), newest first, with the unit's name: of unit_id
 * and of case_id (0: all), in state (MEETING_NONE: any; open_only: not
 * closed nor sent back).
 */
int store_meeting_list(struct store *s, const struct authz_view *view,
		       int64_t unit_id, int64_t case_id,
		       enum meeting_state state, int open_only,
		       const struct page_req *req, struct meeting_list *out);

/*
 * store_meeting_step - a step without fields of its own at the version
 * read: forward, report_results, close with text (the closing note,
 * may be ""; R-CASE-11: MM_ERULE when meeting_check_close refuses; the
 * case closes with its last open meeting), or
 * instruct / send_back with text (the instructions, or why it is sent
 * back: required).
 */
int store_meeting_step(struct store *s, const struct actor *a, int64_t id,
		       int64_t version, enum meeting_event ev,
		       const char *text);

/*
 * store_meeting_outcome - MEETING_EV_OUTCOME: the outcome members of in
 * (as meeting_outcome_record says, at now: MM_EINVAL / MM_ERULE).
 */
int store_meeting_outcome(struct store *s, const struct actor *a, int64_t id,
			  int64_t version, const struct meeting *in);

/*
 * store_meeting_assess - MEETING_EV_ASSESS: the assessment members of in
 * (as meeting_assessment_record says).
 */
int store_meeting_assess(struct store *s, const struct actor *a, int64_t id,
			 int64_t version, const struct meeting *in);

/*
 * store_meeting_measure - MEETING_EV_MEASURE: one measure decided (as
 * meeting_measure_record says), decided by the actor.
 */
int store_meeting_measure(struct store *s, const struct actor *a, int64_t id,
			  int64_t version, const struct meeting_measure *x);

/* ---- support requests (R-CASE-10) ---- */

struct support_list {
	struct support_request *items;    /* without replies */
	size_t n;
	struct row_joined *joined;        /* per item: unit_name */
	struct list_page at;
	struct pool pool;
};
void support_list_release(struct support_list *l);

/*
 * store_support_request - SUPPORT_EV_REQUEST by the actor's role for
 * unit r->unit_id: case_id, meet_at, need (as support_record says).
 * MM_ERULE when the case is not given to that unit or not in
 * communication.  Sets id, state, requester and version.
 */
int store_support_request(struct store *s, const struct actor *a,
			  struct support_request *r);

/*
 * store_support_get - the request with each unit's answer into *out, its
 * text in pool.  MM_ENOTFOUND when none.
 */
int store_support_get(struct store *s, int64_t id, struct pool *pool,
		      struct support_request *out);

/*
 * store_support_list - a page of the requests view allows, newest first,
 * with the requesting unit's name: of unit_id and of case_id (0: all),
 * in state (SUPPORT_NONE: any).
 */
int store_support_list(struct store *s, const struct authz_view *view,
		       int64_t unit_id, int64_t case_id,
		       enum support_state state, const struct page_req *req,
		       struct support_list *out);

/*
 * store_support_step - SUPPORT_EV_ASK (the general manager asks the other
 * units, with text his note) or SUPPORT_EV_CLOSE at the version read.
 */
int store_support_step(struct store *s, const struct actor *a, int64_t id,
		       int64_t version, enum support_event ev,
		       const char *text);

/*
 * store_support_answer - SUPPORT_EV_ANSWER for the actor's unit (the
 * server's: a->unit_id) at the version read: x's answer, the staff member
 * lent and a note (as support_answer_record says).  MM_EDENIED for the
 * requesting unit itself, MM_EEXIST when the unit answered already,
 * MM_ERULE when the staff member lent is not an active user of the unit.
 */
int store_support_answer(struct store *s, const struct actor *a, int64_t id,
			 int64_t version, const struct support_reply *x);

/*
 * store_support_lent_staff - the staff other units lent for case_id
 * (answers "help" to its support requests: R-CASE-10), ascending, at
 * most cap into ids (*n of them; more are left out): the choices of a
 * pre-meeting report besides the unit's own staff.  Who may see them is
 * the caller's (the case's unit).  0 or the store's errors.
 */
int store_support_lent_staff(struct store *s, int64_t case_id, int64_t *ids,
			     size_t cap, size_t *n);

#endif
