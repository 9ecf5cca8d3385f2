/*
 * store_devices.h - the store operations of device lending and custody
 * (R-DEV-1..9): the device registry, borrowing applications (form 3), the
 * lending register (form 2), receipt and training, the unit's issued
 * mobile-phone register (detail form 5, a view of its loans), monthly
 * location checks (detail form 6), take-outs (detail form 1), extensions
 * and returns.
 *
 * The rules of store.h hold here too: one transaction per write with its
 * audit entry; updates carry the version read (MM_ESTALE); results are
 * copied into caller-owned values and lists (released with *_release).
 * State changes go through the state machines of core/ (device.h, loan.h,
 * application.h, takeout.h) INSIDE the write transaction, so two
 * concurrent requests cannot both move an object: a transition the
 * current state does not allow is MM_ESTATE.  The policy in force
 * (core/policy.h) is recorded with each application and loan (R-META-1).
 *
 * Dates of the directive's forms are civil dates (struct civil_date, the
 * Asia/Tokyo calendar day); moments are unix seconds.
 */
#ifndef MM_STORE_DEVICES_H
#define MM_STORE_DEVICES_H
#ifndef MM_SEES_STORE /* the layers: HACKING.md */
#error "layer: store/ is seen only by store/ and the front end"
#endif

#include "store.h"
#include "../core/wareki.h"
#include "../core/policy.h"
#include "../core/device.h"
#include "../core/loan.h"
#include "../core/application.h"
#include "../lib/pool.h"
#include "../core/takeout.h"

/* ---- the device registry (HQ): struct device is core/device.h's ---- */

struct device_list {
	struct device *items;
	size_t n;
	struct row_joined *joined;  /* per item: unit_name (its loan's unit) */
	struct list_page at;
	struct pool pool;           /* the joined names */
};
void device_list_release(struct device_list *l);

/* store_device_create - a new device, in stock.  MM_EEXIST: serial taken. */
int store_device_create(struct store *s, const struct actor *a,
			struct device *d);
/*
 * store_device_get - device id with its open loan's unit, its text into
 * pool (which must outlive *out).  MM_ENOTFOUND.
 */
int store_device_get(struct store *s, int64_t id, struct pool *pool,
		     struct device *out);
/*
 * store_device_list - a page of the registry (store.h: pages of lists)
 * by model, serial and id: the devices view allows (the object of
 * device_authz_object: the unit of the open loan, 0 in stock), in state
 * (DEVICE_NONE: any), with the name of the borrowing unit joined.
 */
int store_device_list(struct store *s, const struct authz_view *view,
		      enum device_state state, const struct page_req *req,
		      struct device_list *out);
/*
 * store_device_serials_taken - for each of the n serials, taken[i] = 1
 * when the registry holds a device with it, else 0 (CSV import).
 */
int store_device_serials_taken(struct store *s, const char *const *serials,
			       size_t n, unsigned char *taken);
/* store_device_update - model, phone, serial, contract_ref, remarks. */
int store_device_update(struct store *s, const struct actor *a,
			struct device *d);
/*
 * store_device_event - DEVICE_EV_RETIRE or DEVICE_EV_REINSTATE at the
 * version read, with a reason (audited).  The loan events (lend, return,
 * accept) happen only through the loan operations below.
 */
int store_device_event(struct store *s, const struct actor *a, int64_t id,
		       int64_t version, enum device_event ev,
		       const char *reason);
/*
 * store_device_import - inserts all n devices in ONE transaction, or none:
 * on MM_EEXIST *bad_index is the first duplicate (within the list or
 * against the registry).  Audited as one entry with the count.
 */
int store_device_import(struct store *s, const struct actor *a,
			const struct device *items, size_t n,
			size_t *bad_index);

/* ---- borrowing applications, form 3 (R-DEV-2, R-DEV-8) -------------- */

/* struct borrow_application is core/application.h's. */

struct application_list {
	struct borrow_application *items;
	size_t n;
	struct row_joined *joined;        /* per item: unit_name */
	struct list_page at;
	struct pool pool; /* the items' text; released with the list */
};
void application_list_release(struct application_list *l);

/*
 * store_application_create - records a submitted application (state,
 * applicant, applied_at and policy_id are set here).  The caller has
 * checked application_check_consultation() and the period; for an
 * extension the loan must be open and belong to the unit (MM_ESTATE /
 * MM_EINVAL otherwise).
 */
int store_application_create(struct store *s, const struct actor *a,
			     struct borrow_application *app);
/*
 * store_application_get - application id into *out, its text in pool,
 * which must outlive *out (a request's pool).  MM_ENOTFOUND when none.
 */
int store_application_get(struct store *s, int64_t id, struct pool *pool,
			  struct borrow_application *out);
/*
 * store_application_list - a page of the applications view allows
 * (store.h: pages of lists; application_authz_object), newest first,
 * with the unit's name: of unit_id (0: all), in state (0: any).
 */
int store_application_list(struct store *s, const struct authz_view *view,
			   int64_t unit_id, enum application_state state,
			   const struct page_req *req,
			   struct application_list *out);
/*
 * store_application_decide - approve, refuse or withdraw at the version
 * read.  reason: the decision's reason (refusal: required);
 * exception_reason: recorded with an approval over the period limit.
 * Approving an extension moves the loan's due date in the same
 * transaction (the register keeps the original due date too).
 */
int store_application_decide(struct store *s, const struct actor *a,
			     int64_t id, int64_t version,
			     enum application_event ev, const char *reason,
			     const char *exception_reason);

/* ---- loans: the lending register, form 2 (R-DEV-1, 3, 4, 9) --------- */

/* struct loan and struct training_record are core/loan.h's. */

struct loan_list {
	struct loan *items;
	size_t n;
	/* per item: unit_name, device_model and _serial, last_check */
	struct row_joined *joined;
	struct list_page at;
	struct pool pool; /* the items' text; released with the list */
};

/* Which loans a list holds, besides the view: 0 fields do not filter. */
struct loan_filter {
	int64_t unit_id;
	int64_t device_id;
	int64_t application_id;
	enum loan_state state;
	int open_only;                    /* not closed */
};
void loan_list_release(struct loan_list *l);

/*
 * store_loan_lend - R-DEV-3: lends device_id on the approved new
 * application application_id: the device must be in stock and on no open
 * loan (a device is on at most one loan: two concurrent calls cannot both
 * succeed — the second gets MM_ESTATE), the application approved and not
 * yet lent.  Device becomes on_loan; *out (may be NULL) the new loan.
 */
int store_loan_lend(struct store *s, const struct actor *a,
		    int64_t application_id, int64_t device_id,
		    struct loan *out);
/*
 * store_loan_get - loan id with its return checklist into *out, its text
 * (training, anomaly, account names) in pool, which must outlive *out
 * (a request's pool).  MM_ENOTFOUND when there is none.
 */
int store_loan_get(struct store *s, int64_t id, struct pool *pool,
		   struct loan *out);
/*
 * store_loan_list - a page of the lending register (store.h: pages of
 * lists), newest first: the loans view allows (loan_authz_object) that
 * pass f (may be NULL), each with its return checklist, the borrowing
 * unit's name, its device and the day of its latest location check.
 */
int store_loan_list(struct store *s, const struct authz_view *view,
		    const struct loan_filter *f, const struct page_req *req,
		    struct loan_list *out);
/* store_loan_receive - R-DEV-4: receipt confirmed with the training. */
int store_loan_receive(struct store *s, const struct actor *a, int64_t id,
		       int64_t version, const struct training_record *t);
/*
 * store_loan_return_accounts - R-DEV-9: the accounts the return of loan
 * id must confirm deleted, from the register of service applications
 * (detail form 9): every application of the loan's unit on the loan's
 * device that has not ended (in force, or its chain still running),
 * oldest first, with deleted 0 and no items ticked.  MM_ENOTFOUND for no
 * such loan; MM_ERULE when more than RETURN_ACCOUNTS_MAX are listed.
 * The names are copied into pool, which must outlive *out.
 */
int store_loan_return_accounts(struct store *s, int64_t id, struct pool *pool,
			       struct return_checklist *out);
/*
 * store_loan_submit_return - R-DEV-9, R-SVC-4: the unit's manager
 * returns the device.  Inside one transaction the store lists the
 * accounts as store_loan_return_accounts() does and requires in to
 * confirm every one of them deleted (return_checklist_confirm()); the
 * checklist recorded with the loan is the register's names.  Each listed
 * application then goes to SERVICE_DELETED by SERVICE_EV_DELETE_AT_RETURN
 * with the manager recorded as told (R-SVC-4), and the device waits for
 * HQ's check.  An incomplete confirmation is MM_EINVAL or MM_ERULE with
 * *f (may be NULL) saying why, and changes nothing; MM_ESTATE, MM_ESTALE
 * as for the other steps.
 */
int store_loan_submit_return(struct store *s, const struct actor *a,
			     int64_t id, int64_t version,
			     const struct return_confirmation *in,
			     struct return_fault *f);
/*
 * store_loan_close - R-DEV-9: HQ's check (anomaly with a description, or
 * none) closes the loan; the device goes back in stock, or out of service
 * when out_of_service is 1.
 */
int store_loan_close(struct store *s, const struct actor *a, int64_t id,
		     int64_t version, int anomaly, const char *description,
		     int out_of_service);

/* ---- monthly location checks, detail form 6 (R-DEV-5) --------------- */

/* struct location_check_entry is core/device.h's. */

struct check_list {
	struct location_check_entry *items;
	size_t n;
	struct row_joined *joined;        /* per item: user_name (who checked) */
	struct list_page at;
	struct pool pool;                 /* the joined names */
};
void check_list_release(struct check_list *l);

/* store_check_add - records a check of an open, received loan. */
int store_check_add(struct store *s, const struct actor *a,
		    struct location_check_entry *c);
/*
 * store_check_list - a page of the checks of loan_id that view allows
 * (store.h: pages of lists; a check's object is its unit, the loan's:
 * the reach of check.view holds no state or owner rule), newest first
 * (by day, then id), with the name of who checked.
 */
int store_check_list(struct store *s, const struct authz_view *view,
		     int64_t loan_id, const struct page_req *req,
		     struct check_list *out);

/* ---- take-outs, detail form 1 (R-DEV-6, R-DEV-7) -------------------- */

/* struct takeout is core/takeout.h's. */

struct takeout_list {
	struct takeout *items;
	size_t n;
	struct row_joined *joined;        /* per item: user_name (the officer) */
	struct list_page at;
	struct pool pool; /* the items' text; released with the list */
};
void takeout_list_release(struct takeout_list *l);

/*
 * store_takeout_request - records a request.  Refused with MM_ERULE when
 * device_usable() (R-DEV-6) says no for the loan's facts, evaluated in
 * the same transaction.
 */
int store_takeout_request(struct store *s, const struct actor *a,
			  struct takeout *t);
/*
 * store_takeout_get - take-out id into *out, its text in pool, which
 * must outlive *out (a request's pool).  MM_ENOTFOUND when none.
 */
int store_takeout_get(struct store *s, int64_t id, struct pool *pool,
		      struct takeout *out);
/* Which take-outs a list holds, besides the view: 0 fields do not filter. */
struct takeout_filter {
	int64_t unit_id;
	int64_t loan_id;
	int64_t device_id;                /* of any loan of the device */
	int open_only;                    /* not yet reported back */
};

/*
 * store_takeout_list - a page of the take-outs view allows (store.h:
 * pages of lists; takeout_authz_object) that pass f (may be NULL),
 * newest first, with the officer's name.
 */
int store_takeout_list(struct store *s, const struct authz_view *view,
		       const struct takeout_filter *f,
		       const struct page_req *req, struct takeout_list *out);
/* store_takeout_decide - the assistant permits or refuses (or the officer cancels). */
int store_takeout_decide(struct store *s, const struct actor *a, int64_t id,
			 int64_t version, enum takeout_event ev,
			 const char *reason);
/* store_takeout_report - R-DEV-7: back; loss/damage and results. */
int store_takeout_report(struct store *s, const struct actor *a, int64_t id,
			 int64_t version, int no_loss_or_damage,
			 const char *incident, const char *results);

/* store_device_use_facts - the facts device_usable() weighs for a loan. */
int store_device_use_facts(struct store *s, int64_t loan_id,
			   struct device_use_facts *out);

#endif
