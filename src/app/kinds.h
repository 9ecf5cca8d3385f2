/*
 * kinds.h - each kind of record once, for both front ends (issue 8):
 * its descriptor, the size of its struct, how one is read by id into a
 * pool, its authz object, the path segment of its pages and resources
 * ("breaches" for /breaches/{id} and /api/v1/breaches/{id}), the action
 * that views it, how ?state= names its states, and how a page of them is
 * listed.  web/ and api/ load, list and step through a struct
 * record_kind instead of each restating the same facts in a descriptor
 * of its own.
 */
#ifndef MM_APP_KINDS_H
#define MM_APP_KINDS_H
#ifndef MM_SEES_APP /* the layers: HACKING.md */
#error "layer: app/ is seen only by the front end (app, web, api, cli)"
#endif

#include <stddef.h>
#include <stdint.h>

#include "../core/authz.h"
#include "../core/record.h"
#include "../lib/pool.h"
#include "../store/store.h"
#include "steps.h"

/*
 * What a list asks for besides the caller's view and the page: 0 (or 0
 * fields) does not filter.  One struct for every kind; a kind's list
 * passes on the members its store list takes.
 */
struct kind_filter {
	int64_t unit_id;
	int64_t loan_id;
	int64_t device_id;
	int64_t case_id;        /* meetings, support requests: of one case */
	int state;              /* a state of the kind (0: any) */
	int open_only;          /* not yet closed / reported back */
	int include_inactive;   /* users: deactivated ones too */
	int review_pending;     /* cases: a flagged message awaits review */
};

/* How a query key of a list is read into a struct kind_filter member. */
enum kind_query_type {
	KIND_QUERY_ID,          /* a positive id (int64_t member) */
	KIND_QUERY_BOOL,        /* true / false (int member) */
	KIND_QUERY_STATE,       /* a state's key, by the kind's state_of */
};

/* A query key of a list: its name, how it is read, and where it goes. */
struct kind_query {
	const char *key;        /* "unit_id"; NULL ends a list of them */
	enum kind_query_type type;
	size_t offset;          /* offsetof(struct kind_filter, member) */
};

/* KIND_QUERY - a struct kind_query of the kind_filter member m. */
#define KIND_QUERY(key, type, m) \
	{ key, type, offsetof(struct kind_filter, m) }

/*
 * A page of a kind's records as the store answered it: n records at
 * items (kind size bytes apart), their joined names (may be NULL), the
 * page's cursors, and the store's own list (owned; kind_rows_release).
 */
struct kind_rows {
	const void *items;
	size_t n;
	const struct row_joined *joined;
	struct list_page at;
	void *list;
	void (*release)(void *list);
};

/* One kind of record (see above). */
struct record_kind {
	const struct record_desc *desc;   /* NULL: none described yet */
	size_t size;                      /* of its struct */
	/* by id into out (size bytes); its text into pool (the request's) */
	int (*get)(struct store *s, int64_t id, struct pool *pool, void *out);
	struct authz_object (*object)(const void *rec);
	const char *path;                 /* "breaches" */
	enum action view;                 /* what shows one and lists them */
	/* the state named key, 0 when none is (NULL: no states to filter) */
	int (*state_of)(const char *key);
	/* a page of those view allows that pass f (NULL: no list) */
	int (*list)(struct store *s, const struct authz_view *view,
		    const struct kind_filter *f, const struct page_req *req,
		    struct kind_rows *out);
	/*
	 * Making one (NULL: its own handlers do): the step that makes it, its
	 * act and event taken from no state (app/steps.h), and the store's
	 * operation that records rec read through desc (its id set on
	 * return).  A kind whose desc has "unit_id" is made for a unit: the
	 * maker's own unless the API's body names one.
	 */
	const struct step *made_by;
	int (*create)(struct store *s, const struct actor *a, void *rec);
	/*
	 * The audit action of every read of one (R-CASE-1: "case.read"),
	 * written by the generic handlers - one entry per record opened or
	 * shown in a list answer, before it is answered (kind_audit_reads);
	 * NULL: reads are not audited one by one.
	 */
	const char *read_audit;
};

/* The kinds (app/kinds.c). */
extern const struct record_kind application_kind;
extern const struct record_kind breach_kind;
extern const struct record_kind photo_approval_kind;
extern const struct record_kind photo_kind;
extern const struct record_kind photo_send_kind;
extern const struct record_kind case_kind;
extern const struct record_kind designation_kind;
extern const struct record_kind device_kind;
extern const struct record_kind exception_kind;
extern const struct record_kind loan_kind;
extern const struct record_kind meeting_kind;
extern const struct record_kind support_kind;
extern const struct record_kind screenshot_kind;
extern const struct record_kind service_kind;
extern const struct record_kind takeout_kind;
extern const struct record_kind user_kind;

/*
 * kind_list - a page of kind k's records that view allows and pass f
 * into *out (released with kind_rows_release in every case).  0, or the
 * store's error (MM_EUNSUPPORTED for a kind without a list).
 */
int kind_list(const struct record_kind *k, struct store *s,
	      const struct authz_view *view, const struct kind_filter *f,
	      const struct page_req *req, struct kind_rows *out);

/*
 * kind_int - the int64 (id, reference) field key of rec, a record of k;
 * 0 when its descriptor has none.  kind_set_int - sets it to v, when it
 * has one (the unit of a record made for a unit).
 */
int64_t kind_int(const struct record_kind *k, const void *rec,
		 const char *key);
void kind_set_int(const struct record_kind *k, void *rec, const char *key,
		  int64_t v);

/*
 * kind_audit_reads - when k audits its reads (read_audit), one entry per
 * record of ids (n of them) read by a in the way way ("open", "list"),
 * in one transaction.  0 (also for a kind that does not audit), or the
 * store's error: the caller then must not answer the records.
 */
int kind_audit_reads(const struct record_kind *k, struct store *s,
		     const struct actor *a, const int64_t *ids, size_t n,
		     const char *way);

/* kind_rows_release - frees what kind_list() left in r (idempotent). */
void kind_rows_release(struct kind_rows *r);

/*
 * kind_filter_id, kind_filter_flag - the member of f a struct
 * kind_query names (an id member for KIND_QUERY_ID, an int otherwise).
 */
int64_t *kind_filter_id(struct kind_filter *f, const struct kind_query *q);
int *kind_filter_flag(struct kind_filter *f, const struct kind_query *q);

#endif
