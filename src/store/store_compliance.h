/*
 * store_compliance.h - the store operations of security exceptions
 * (detail form 12, R-EXC-1..3), the screenshots one of them allows
 * (R-EXC-3) and reports of breaches of the compliance rules (R-CMP-1..6).
 *
 * The rules of store.h hold here too: one transaction per write with its
 * audit entry; updates carry the version read (MM_ESTALE); results are
 * copied into caller-owned values and lists (released with *_release).
 * Each step runs the core state machine (exception_step, breach_step,
 * screenshot_transition) INSIDE the write transaction with the role the
 * actor acted in (struct actor.role, the role authz granted), so the
 * chain is checked again where it cannot race: a step by the wrong role
 * is MM_EDENIED, a step out of order MM_ESTATE, and nothing changes.
 *
 * Dates of the forms are civil dates (Asia/Tokyo); moments unix seconds.
 */
#ifndef MM_STORE_COMPLIANCE_H
#define MM_STORE_COMPLIANCE_H
#ifndef MM_SEES_STORE /* the layers: HACKING.md */
#error "layer: store/ is seen only by store/ and the front end"
#endif

#include "store.h"
#include "../core/wareki.h"
#include "../core/exception.h"
#include "../core/breach.h"
#include "../lib/pool.h"

/* ---- security exceptions, detail form 12 (R-EXC-1..3) ---------------- */

struct exception_list {
	struct security_exception *items;
	size_t n;
	struct list_page at;
	struct pool pool; /* the items' text; released with the list */
};
void exception_list_release(struct exception_list *l);

/*
 * store_exception_apply - EXCEPTION_EV_APPLY by the actor's role: kind,
 * scope and purpose of e are recorded (scope and purpose must be stated:
 * MM_EINVAL); state, applicant, applied_at, id and version are set.
 */
int store_exception_apply(struct store *s, const struct actor *a,
			  struct security_exception *e);
/*
 * store_exception_get - exception id into *out, its text in pool, which
 * must outlive *out (a request's pool).  MM_ENOTFOUND when none.
 */
int store_exception_get(struct store *s, int64_t id, struct pool *pool,
			struct security_exception *out);
/*
 * store_exception_list - a page of the applications view allows (store.h:
 * pages of lists; exception_authz_object: no unit, owned by the
 * applicant), newest first; state 0: any.
 */
int store_exception_list(struct store *s, const struct authz_view *view,
			 enum exception_state state, const struct page_req *req,
			 struct exception_list *out);
/*
 * store_exception_approve - EXCEPTION_EV_APPROVE at the version read,
 * with the scope and period approved (as exception_approval_record says:
 * MM_EINVAL otherwise).
 */
int store_exception_approve(struct store *s, const struct actor *a,
			    int64_t id, int64_t version, const char *scope,
			    const struct civil_date *from,
			    const struct civil_date *until);
/*
 * store_exception_end - EXCEPTION_EV_REFUSE, _REVOKE (a reason is
 * required: MM_EINVAL) or _WITHDRAW at the version read.
 */
int store_exception_end(struct store *s, const struct actor *a, int64_t id,
			int64_t version, enum exception_event ev,
			const char *reason);
/*
 * store_exception_active - 1 when an approved exception of kind covers
 * the civil date d (exception_active()), 0 when none, or an error.
 * *id (may be NULL) receives the covering exception's id.
 */
int store_exception_active(struct store *s, enum exception_kind kind,
			   const struct civil_date *d, int64_t *id);

/* ---- screenshots (R-EXC-3) ------------------------------------------- */

struct screenshot_list {
	struct screenshot *items;
	size_t n;
	/* per item: unit_name, device_model and device_serial */
	struct row_joined *joined;
	struct list_page at;
	struct pool pool; /* the items' text; released with the list */
};

/* Which screenshots a list holds, besides the view: 0 does not filter. */
struct screenshot_filter {
	int64_t unit_id;
	int on_device_only;               /* still on the device */
	/* taken before this day (screenshot_overdue_before); unset: any */
	struct civil_date taken_before;
};
void screenshot_list_release(struct screenshot_list *l);

/*
 * store_screenshot_record - logs a screenshot taken on the open, received
 * loan sh->loan_id (MM_ESTATE when the loan is not in use; unit and
 * device come from it).  R-EXC-3: refused with MM_ERULE unless a
 * screenshot exception is in force on sh->taken_on, checked in the same
 * transaction (screenshot_check_taken); MM_EINVAL for no reason or an
 * invalid day.  The caller sets taken_on from taken_at.
 */
int store_screenshot_record(struct store *s, const struct actor *a,
			    struct screenshot *sh);
/*
 * store_screenshot_get - screenshot id into *out, its text in pool, which
 * must outlive *out (a request's pool).  MM_ENOTFOUND when none.
 */
int store_screenshot_get(struct store *s, int64_t id, struct pool *pool,
			 struct screenshot *out);
/*
 * store_screenshot_list - a page of the screenshots view allows (store.h:
 * pages of lists; screenshot_authz_object) that pass f (may be NULL),
 * newest first, with the unit's name and the device joined.
 */
int store_screenshot_list(struct store *s, const struct authz_view *view,
			  const struct screenshot_filter *f,
			  const struct page_req *req,
			  struct screenshot_list *out);
/*
 * store_screenshot_dispose - SCREENSHOT_EV_MOVE (to the investigation
 * laptop) or SCREENSHOT_EV_DELETE at the version read, with a note.
 */
int store_screenshot_dispose(struct store *s, const struct actor *a,
			     int64_t id, int64_t version,
			     enum screenshot_event ev, const char *note);

/* ---- breach reports (R-CMP-1..6) ------------------------------------- */

struct breach_list {
	struct breach *items;             /* without steps */
	size_t n;
	struct row_joined *joined;        /* per item: unit_name */
	struct list_page at;
	struct pool pool; /* the items' text; released with the list */
};
void breach_list_release(struct breach_list *l);

/*
 * store_breach_report - BREACH_EV_REPORT by the actor's role for unit
 * b->unit_id: rule, what, who, occurred_at (as breach_record says, at
 * now: MM_EINVAL).  Sets id, state, reporter, version and the first step.
 */
int store_breach_report(struct store *s, const struct actor *a,
			struct breach *b);
/*
 * store_breach_get - the report with its timeline into *out, its text in
 * pool, which must outlive *out (a request's pool).  MM_ENOTFOUND when
 * none.
 */
int store_breach_get(struct store *s, int64_t id, struct pool *pool,
		     struct breach *out);
/*
 * store_breach_list - a page of the reports view allows (store.h: pages
 * of lists; the object of breach_authz_object, so the IT division head's
 * view holds the incidents only), newest first, with the unit's name: of
 * unit_id (0: all), in state (BREACH_NONE: any; open_only: not closed).
 */
int store_breach_list(struct store *s, const struct authz_view *view,
		      int64_t unit_id, enum breach_state state, int open_only,
		      const struct page_req *req, struct breach_list *out);
/*
 * store_breach_step - BREACH_EV_FORWARD, _FORWARD_INCIDENT or one of the
 * acknowledgements at the version read, added to the timeline.
 */
int store_breach_step(struct store *s, const struct actor *a, int64_t id,
		      int64_t version, enum breach_event ev);

#endif
