/*
 * store_designations.h - the store operations of designations (R-ROLE-4,
 * R-ROLE-5: the communication-officer designation register, form 1) and of
 * the applications to use external services (detail form 9, R-SVC-1..4).
 *
 * The rules of store.h hold here too: one transaction per write with its
 * audit entry; steps carry the version read (MM_ESTALE); results are
 * copied into caller-owned values and lists (released with *_release).
 *
 * Each step goes through the state machine of core/ (designation.h,
 * service.h) INSIDE the write transaction, with the role of the actor
 * (struct actor.role: the role authz_check() granted), so the chain is
 * checked twice: who may act is authz's question, in which order and by
 * which role the state machine's.  A step the state does not allow is
 * MM_ESTATE; one by the wrong role MM_EDENIED; nothing is changed then.
 */
#ifndef MM_STORE_DESIGNATIONS_H
#define MM_STORE_DESIGNATIONS_H
#ifndef MM_SEES_STORE /* the layers: HACKING.md */
#error "layer: store/ is seen only by store/ and the front end"
#endif

#include "store.h"
#include "../core/designation.h"
#include "../core/service.h"
#include "../lib/pool.h"

/* ---- designations, form 1 (R-ROLE-4, R-ROLE-5) ---------------------- */

struct designation_list {
	struct designation *items;
	size_t n;
	struct row_joined *joined;           /* per item: unit_name, user_name */
	struct list_page at;
	struct pool pool; /* the items' text; released with the list */
};
void designation_list_release(struct designation_list *l);

/* One entry of form 1: a designation, re-designation or revocation. */
struct designation_entry {
	int64_t id;                          /* the entry's number, in order */
	int64_t designation_id;
	int64_t unit_id;
	int64_t user_id;
	enum role role;
	enum designation_event event;
	enum rank rank;
	/* the grounds as entered, in the list's pool (never NULL) */
	const char *exception_reason;
	const char *knowledge;
	const char *aptitude;
	const char *reason;                  /* why revoked; "" otherwise */
	int64_t by;                          /* the manager */
	int64_t at;
};

struct designation_entry_list {
	struct designation_entry *items;
	size_t n;
	/* per item: unit_name, user_name (the officer), by_name (the manager) */
	struct row_joined *joined;
	struct list_page at;
	struct pool pool;       /* the entries' text */
};
void designation_entry_list_release(struct designation_entry_list *l);

/*
 * store_designation_create - R-ROLE-4, R-ROLE-5: designates user_id (an
 * active user of unit_id) for g->role in unit_id, on the grounds g, by
 * a->role (the manager: MM_EDENIED otherwise).  g->rank is ignored: the
 * rank is the user's recorded rank (users.rank), read in the same
 * transaction; with it the grounds must pass designation_check() (R-ROLE-4:
 * below 警部補 only with the exception reason), else MM_EINVAL.  The
 * designation and its form 1 entry record that rank.  In the same
 * transaction: the form 1 entry, and the role assignment of g->role in
 * unit_id (an assignment the user already holds is kept) - the only way
 * that role is given (store_role_assign() refuses it).  MM_ERULE when the
 * user is not of the unit; MM_EEXIST when the user has a designation for
 * that role there already (re-designate a revoked one).  *out (may be
 * NULL) the designation, its texts g's own (they must outlive *out).
 */
int store_designation_create(struct store *s, const struct actor *a,
			     int64_t unit_id, int64_t user_id,
			     const struct designation_grounds *g,
			     struct designation *out);

/*
 * store_designation_redesignate - a revoked designation in force again on
 * new grounds g (g->role must be the designation's: MM_EINVAL), at the
 * version read; the role is assigned again and a form 1 entry written.
 * As for a designation, g->rank is ignored: the user's rank recorded now
 * is checked and recorded.
 */
int store_designation_redesignate(struct store *s, const struct actor *a,
				  int64_t id, int64_t version,
				  const struct designation_grounds *g);

/*
 * store_designation_revoke - ends a designation at the version read, with
 * a reason (may be ""); the role assignment ends in the same transaction,
 * so the principal loaded on the holder's next request no longer has it.
 * This is the only way that role ends (store_role_revoke() refuses it).
 */
int store_designation_revoke(struct store *s, const struct actor *a,
			     int64_t id, int64_t version, const char *reason);

/*
 * store_designation_get - designation id into *out, its text in pool,
 * which must outlive *out (a request's pool).  MM_ENOTFOUND when none.
 */
int store_designation_get(struct store *s, int64_t id, struct pool *pool,
			  struct designation *out);
/*
 * store_designation_list - a page of the designations view allows
 * (store.h: pages of lists; designation_authz_object) of unit_id (0:
 * all), by unit, role, user and id, with the unit's and the officer's
 * names joined.
 */
int store_designation_list(struct store *s, const struct authz_view *view,
			   int64_t unit_id, const struct page_req *req,
			   struct designation_list *out);
/*
 * store_designation_register - a page of the form 1 entries view allows
 * (the object of an entry: its unit) of unit_id (0: all), by unit and
 * entry number, with the unit's, the officer's and the manager's names.
 */
int store_designation_register(struct store *s, const struct authz_view *view,
			       int64_t unit_id, const struct page_req *req,
			       struct designation_entry_list *out);

/* ---- external services, detail form 9 (R-SVC-1..4) ----------------- */

struct service_list {
	struct service_application *items;
	size_t n;
	/* per item: unit_name, device_model and device_serial */
	struct row_joined *joined;
	struct list_page at;
	struct pool pool; /* the items' text; released with the list */
};

/* Which applications a list holds, besides the view: 0 does not filter. */
struct service_filter {
	int64_t unit_id;
	int64_t device_id;
	enum service_state state;
	/* waiting for a step: applied, permitted, forwarded, or deleted
	 * and not yet acknowledged (R-SVC-4) */
	int waiting_only;
};
void service_list_release(struct service_list *l);

/*
 * store_service_apply - R-SVC-1: a new application of r (as
 * service_record says: MM_EINVAL otherwise) in unit_id by a->role (the
 * assistant).  The device must be on an open loan to unit_id (MM_ERULE).
 * *out (may be NULL) the application.
 */
int store_service_apply(struct store *s, const struct actor *a,
			int64_t unit_id, const struct service_request *r,
			struct service_application *out);

/*
 * store_service_change - R-SVC-3: a changed application of the account of
 * application id (in force, at the version read), which must differ from
 * it (service_changed(): MM_EINVAL otherwise).  The old one stays in force
 * until the new one is.  MM_ESTATE when the old one is not in force or a
 * change of the same account is already running.
 */
int store_service_change(struct store *s, const struct actor *a, int64_t id,
			 int64_t version, const struct service_request *r,
			 struct service_application *out);

/*
 * store_service_step - moves application id at the version read by ev,
 * done by a->role: SERVICE_EV_PERMIT, REFUSE (text: the reason, required),
 * FORWARD, WITHDRAW, DELETE (text: a note, may be "").  Measures have
 * their own call.  MM_EINVAL for another event.
 */
int store_service_step(struct store *s, const struct actor *a, int64_t id,
		       int64_t version, enum service_event ev,
		       const char *text);

/*
 * store_service_record_measures - R-SVC-2: the information-security
 * manager records the measures agreed with the manager and the general
 * manager (as service_measures_record says: MM_EINVAL); the application is in
 * force.  When it changes an older one (R-SVC-3), that one is superseded
 * in the same transaction.
 */
int store_service_record_measures(struct store *s, const struct actor *a,
				  int64_t id, int64_t version,
				  const char *measures, int agreed_with_manager,
				  int agreed_with_general_manager);

/*
 * store_service_ack_deletion - R-SVC-4: the manager acknowledges the
 * report of a deleted account.  MM_ESTATE unless deleted and not yet
 * acknowledged.
 */
int store_service_ack_deletion(struct store *s, const struct actor *a,
			       int64_t id, int64_t version);

/*
 * store_service_get - application id into *out, its text in pool, which
 * must outlive *out (a request's pool).  MM_ENOTFOUND when none.
 */
int store_service_get(struct store *s, int64_t id, struct pool *pool,
		      struct service_application *out);
/*
 * store_service_list - a page of the applications view allows (store.h:
 * pages of lists; service_authz_object) that pass f (may be NULL),
 * newest first, with the unit's name and the device joined.
 */
int store_service_list(struct store *s, const struct authz_view *view,
		       const struct service_filter *f,
		       const struct page_req *req, struct service_list *out);

#endif
