#include "kinds.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/photo.h"
#include "../core/records.h"
#include "../lib/err.h"
#include "objects.h"
#include "../lib/banned.h"

/*
 * KIND_GET, KIND_OBJECT, KIND_STATE - the untyped functions of a struct
 * record_kind from the typed ones of records of type T (wrapped, so no
 * function pointer is ever called through the wrong type).  call reads
 * the record id into rec (a T *), its text into pool.
 */
#define KIND_GET(name, T, call)                                            \
	static int k_##name##_get(struct store *s, int64_t id,                  \
			      struct pool *pool, void *out)                 \
	{ T *rec = out; (void)pool; return call; }
#define KIND_OBJECT(name, T, object_fn)                                    \
	static struct authz_object k_##name##_object(const void *rec)           \
	{ return object_fn((const T *)rec); }
#define KIND_STATE(name, from_key)                                         \
	static int k_##name##_state(const char *key) { return (int)from_key(key); }

/*
 * KIND_LIST - the list of a struct record_kind from the store's list of
 * type LT: call reads a page into l (an LT *) from s, view, f and req;
 * joined is the list's joined names (l->joined, or NULL when it has
 * none) and release_fn frees what it holds.
 */
#define KIND_LIST(name, LT, call, joined_expr, release_fn)                 \
	static void k_##name##_release(void *list)                              \
	{ release_fn(list); free(list); }                                   \
	static int k_##name##_list(struct store *s,                             \
			       const struct authz_view *view,               \
			       const struct kind_filter *f,                 \
			       const struct page_req *req,                  \
			       struct kind_rows *out)                       \
	{                                                                   \
		LT *l = calloc(1, sizeof *l);                               \
		int rc;                                                     \
		if (!l)                                                     \
			return MM_ENOMEM;                                   \
		out->list = l;                                              \
		out->release = k_##name##_release;                              \
		if ((rc = call) < 0)                                        \
			return rc;                                          \
		out->items = l->items;                                      \
		out->n = l->n;                                              \
		out->joined = joined_expr;                                  \
		out->at = l->at;                                            \
		return 0;                                                   \
	}

/* KIND_CREATE - the create of a struct record_kind: call makes rec (a T *). */
#define KIND_CREATE(name, T, call)                                         \
	static int k_##name##_create(struct store *s, const struct actor *a, \
				     void *out)                             \
	{ T *rec = out; return call; }

/* ---- borrow applications, form 3 (R-DEV-2) --------------------------- */
KIND_GET(application, struct borrow_application,
	 store_application_get(s, id, pool, rec))
KIND_OBJECT(application, struct borrow_application, application_authz_object)
KIND_STATE(application, application_state_from_key)
KIND_LIST(application, struct application_list,
	  store_application_list(s, view, f->unit_id,
				 (enum application_state)f->state, req, l),
	  l->joined, application_list_release)
const struct record_kind application_kind = {
	&application_record, sizeof(struct borrow_application),
	k_application_get, k_application_object, "applications",
	ACT_APPLICATION_VIEW, k_application_state, k_application_list, NULL, NULL, NULL,
};

/* ---- breach reports (R-CMP-6) ---------------------------------------- */
KIND_GET(breach, struct breach, store_breach_get(s, id, pool, rec))
KIND_OBJECT(breach, struct breach, breach_authz_object)
KIND_STATE(breach, breach_state_from_key)
KIND_LIST(breach, struct breach_list,
	  store_breach_list(s, view, f->unit_id, (enum breach_state)f->state,
			    f->open_only, req, l),
	  l->joined, breach_list_release)
KIND_CREATE(breach, struct breach, store_breach_report(s, a, rec))
const struct record_kind breach_kind = {
	&breach_record, sizeof(struct breach), k_breach_get, k_breach_object,
	"breaches", ACT_BREACH_VIEW, k_breach_state, k_breach_list,
	&breach_report_step, k_breach_create, NULL,
};

/* ---- protective-contact cases (R-CASE-1, R-CASE-2) -------------------- */
KIND_GET(case, struct protect_case, store_case_get(s, id, pool, rec))
KIND_OBJECT(case, struct protect_case, case_authz_object)
KIND_STATE(case, case_state_from_key)
/* The cases of f: of a unit, in a state, open, awaiting a review. */
static int cases_of(struct store *s, const struct authz_view *view,
		    const struct kind_filter *f, const struct page_req *req,
		    struct case_list *l)
{
	struct case_filter cf = { .unit_id = f->unit_id,
		.state = (enum case_state)f->state, .open_only = f->open_only,
		.review_pending = f->review_pending };

	return store_case_list_filtered(s, view, &cf, req, l);
}

KIND_LIST(case, struct case_list, cases_of(s, view, f, req, l), l->joined,
	  case_list_release)
KIND_CREATE(case, struct protect_case, store_case_report(s, a, rec))
const struct record_kind case_kind = {
	&case_record, sizeof(struct protect_case), k_case_get, k_case_object,
	"cases", ACT_CASE_VIEW, k_case_state, k_case_list,
	&case_report_step, k_case_create, "case.read",
};

/* ---- meetings of protective contact cases (R-CASE-3..11) ------------- */
KIND_GET(meeting, struct meeting, store_meeting_get(s, id, pool, rec))
KIND_OBJECT(meeting, struct meeting, meeting_authz_object)
KIND_STATE(meeting, meeting_state_from_key)
KIND_LIST(meeting, struct meeting_list,
	  store_meeting_list(s, view, f->unit_id, f->case_id,
			     (enum meeting_state)f->state, f->open_only, req,
			     l),
	  l->joined, meeting_list_release)
KIND_CREATE(meeting, struct meeting, store_meeting_report(s, a, rec))
const struct record_kind meeting_kind = {
	&meeting_record, sizeof(struct meeting), k_meeting_get,
	k_meeting_object, "meetings", ACT_MEETING_VIEW, k_meeting_state,
	k_meeting_list, &meeting_report_step, k_meeting_create,
	/* the child's circumstances: every read on record, as a case's */
	"meeting.read",
};

/* ---- support requests (R-CASE-10) ------------------------------------ */
KIND_GET(support, struct support_request,
	 store_support_get(s, id, pool, rec))
KIND_OBJECT(support, struct support_request, support_authz_object)
KIND_STATE(support, support_state_from_key)
KIND_LIST(support, struct support_list,
	  store_support_list(s, view, f->unit_id, f->case_id,
			     (enum support_state)f->state, req, l),
	  l->joined, support_list_release)
KIND_CREATE(support, struct support_request,
	    store_support_request(s, a, rec))
const struct record_kind support_kind = {
	&support_record, sizeof(struct support_request), k_support_get,
	k_support_object, "supports", ACT_SUPPORT_VIEW, k_support_state,
	k_support_list, &support_request_step, k_support_create, NULL,
};

/* ---- staff face photos: form 4 and the photos (R-PHOTO-1..4) --------- */
KIND_GET(photo_approval, struct photo_approval,
	 store_photo_approval_get(s, id, pool, rec))
KIND_OBJECT(photo_approval, struct photo_approval, photo_approval_authz_object)
KIND_STATE(photo_approval, photo_approval_state_from_key)
KIND_LIST(photo_approval, struct photo_approval_list,
	  store_photo_approval_list(s, view, f->unit_id, f->state, req, l),
	  l->joined, photo_approval_list_release)
KIND_CREATE(photo_approval, struct photo_approval,
	    store_photo_approval_apply(s, a, rec))

const struct record_kind photo_approval_kind = {
	&photo_approval_record, sizeof(struct photo_approval),
	k_photo_approval_get, k_photo_approval_object, "photo-approvals",
	ACT_PHOTO_VIEW, k_photo_approval_state, k_photo_approval_list,
	&photo_approval_apply_step, k_photo_approval_create, NULL,
};

KIND_GET(photo_send, struct photo_send,
	 store_photo_send_get(s, id, pool, rec))
KIND_OBJECT(photo_send, struct photo_send, photo_send_authz_object)
const struct record_kind photo_send_kind = {
	&photo_send_record, sizeof(struct photo_send), k_photo_send_get,
	k_photo_send_object, "photo-sends", ACT_PHOTO_VIEW, NULL, NULL, NULL,
	NULL, NULL,
};

KIND_GET(photo, struct photo, store_photo_get(s, id, pool, rec))
KIND_OBJECT(photo, struct photo, photo_authz_object)
const struct record_kind photo_kind = {
	&photo_record, sizeof(struct photo), k_photo_get, k_photo_object,
	"photos", ACT_PHOTO_VIEW, NULL, NULL, NULL, NULL, NULL,
};

/* ---- designations, form 1 (R-ROLE-4, R-ROLE-5) ----------------------- */
KIND_GET(designation, struct designation,
	 store_designation_get(s, id, pool, rec))
KIND_OBJECT(designation, struct designation, designation_authz_object)
KIND_STATE(designation, designation_state_from_key)
KIND_LIST(designation, struct designation_list,
	  store_designation_list(s, view, f->unit_id, req, l), l->joined,
	  designation_list_release)
const struct record_kind designation_kind = {
	&designation_record, sizeof(struct designation), k_designation_get,
	k_designation_object, "designations", ACT_DESIGNATION_VIEW,
	k_designation_state, k_designation_list, NULL, NULL, NULL,
};

/* ---- devices (R-DEV-1) ----------------------------------------------- */
KIND_GET(device, struct device, store_device_get(s, id, pool, rec))
KIND_OBJECT(device, struct device, device_authz_object)
KIND_STATE(device, device_state_from_key)
KIND_LIST(device, struct device_list,
	  store_device_list(s, view, (enum device_state)f->state, req, l),
	  l->joined, device_list_release)
const struct record_kind device_kind = {
	&device_record, sizeof(struct device), k_device_get, k_device_object,
	"devices", ACT_DEVICE_VIEW, k_device_state, k_device_list, NULL, NULL, NULL,
};

/* ---- security exceptions, detail form 12 (R-EXC-1..3) ---------------- */
KIND_GET(exception, struct security_exception,
	 store_exception_get(s, id, pool, rec))
KIND_OBJECT(exception, struct security_exception, exception_authz_object)
KIND_STATE(exception, exception_state_from_key)
KIND_LIST(exception, struct exception_list,
	  store_exception_list(s, view, (enum exception_state)f->state, req,
			       l),
	  NULL, exception_list_release)
KIND_CREATE(exception, struct security_exception,
	    store_exception_apply(s, a, rec))
const struct record_kind exception_kind = {
	&exception_record, sizeof(struct security_exception), k_exception_get,
	k_exception_object, "exceptions", ACT_EXCEPTION_VIEW, k_exception_state,
	k_exception_list, &exception_apply_step, k_exception_create, NULL,
};

/* ---- loans, the lending register (R-DEV-1, R-DEV-5) ------------------ */
/* The loans of f (loans filter by unit, device, state and openness). */
static int loans_of(struct store *s, const struct authz_view *view,
		    const struct kind_filter *f, const struct page_req *req,
		    struct loan_list *l)
{
	struct loan_filter lf = { .unit_id = f->unit_id,
		.device_id = f->device_id, .state = (enum loan_state)f->state,
		.open_only = f->open_only };

	return store_loan_list(s, view, &lf, req, l);
}

KIND_GET(loan, struct loan, store_loan_get(s, id, pool, rec))
KIND_OBJECT(loan, struct loan, loan_authz_object)
KIND_STATE(loan, loan_state_from_key)
KIND_LIST(loan, struct loan_list, loans_of(s, view, f, req, l), l->joined,
	  loan_list_release)
const struct record_kind loan_kind = {
	&loan_record, sizeof(struct loan), k_loan_get, k_loan_object, "loans",
	ACT_LOAN_VIEW, k_loan_state, k_loan_list, NULL, NULL, NULL,
};

/* ---- screenshots (R-EXC-3) ------------------------------------------- */
/* The shots of f: of a unit, still on the device (open_only). */
static int shots_of(struct store *s, const struct authz_view *view,
		    const struct kind_filter *f, const struct page_req *req,
		    struct screenshot_list *l)
{
	struct screenshot_filter sf = { .unit_id = f->unit_id,
		.on_device_only = f->open_only };

	return store_screenshot_list(s, view, &sf, req, l);
}

KIND_GET(screenshot, struct screenshot, store_screenshot_get(s, id, pool, rec))
KIND_OBJECT(screenshot, struct screenshot, screenshot_authz_object)
KIND_STATE(screenshot, screenshot_state_from_key)
KIND_LIST(screenshot, struct screenshot_list, shots_of(s, view, f, req, l),
	  l->joined, screenshot_list_release)
const struct record_kind screenshot_kind = {
	&screenshot_record, sizeof(struct screenshot), k_screenshot_get,
	k_screenshot_object, "screenshots", ACT_SCREENSHOT_VIEW,
	k_screenshot_state, k_screenshot_list, NULL, NULL, NULL,
};

/* ---- external services, detail form 9 (R-SVC-1..4) ------------------- */
/* The applications of f: of a unit, a device, in a state; open_only:
 * those still waiting for a step (R-SVC-1..4). */
static int services_of(struct store *s, const struct authz_view *view,
		       const struct kind_filter *f, const struct page_req *req,
		       struct service_list *l)
{
	struct service_filter sf = { .unit_id = f->unit_id,
		.device_id = f->device_id,
		.state = (enum service_state)f->state,
		.waiting_only = f->open_only };

	return store_service_list(s, view, &sf, req, l);
}

KIND_GET(service, struct service_application,
	 store_service_get(s, id, pool, rec))
KIND_OBJECT(service, struct service_application, service_authz_object)
KIND_STATE(service, service_state_from_key)
KIND_LIST(service, struct service_list, services_of(s, view, f, req, l),
	  l->joined, service_list_release)
const struct record_kind service_kind = {
	&service_record, sizeof(struct service_application), k_service_get,
	k_service_object, "services", ACT_SERVICE_VIEW, k_service_state,
	k_service_list, NULL, NULL, NULL,
};

/* ---- take-outs, detail form 1 (R-DEV-6, R-DEV-7) --------------------- */
/* The take-outs of f: of a unit, a loan, a device, not yet back. */
static int takeouts_of(struct store *s, const struct authz_view *view,
		       const struct kind_filter *f, const struct page_req *req,
		       struct takeout_list *l)
{
	struct takeout_filter tf = { .unit_id = f->unit_id,
		.loan_id = f->loan_id, .device_id = f->device_id,
		.open_only = f->open_only };

	return store_takeout_list(s, view, &tf, req, l);
}

KIND_GET(takeout, struct takeout, store_takeout_get(s, id, pool, rec))
KIND_OBJECT(takeout, struct takeout, takeout_authz_object)
KIND_STATE(takeout, takeout_state_from_key)
KIND_LIST(takeout, struct takeout_list, takeouts_of(s, view, f, req, l),
	  l->joined, takeout_list_release)
const struct record_kind takeout_kind = {
	&takeout_record, sizeof(struct takeout), k_takeout_get, k_takeout_object,
	"takeouts", ACT_TAKEOUT_VIEW, k_takeout_state, k_takeout_list, NULL, NULL, NULL,
};

/* ---- user accounts --------------------------------------------------- */
KIND_GET(user, struct user, store_user_get(s, id, rec))
KIND_OBJECT(user, struct user, user_authz_object)
KIND_LIST(user, struct user_list,
	  store_user_list(s, view, f->unit_id, f->include_inactive, req, l),
	  l->joined, user_list_release)
const struct record_kind user_kind = {
	&user_record, sizeof(struct user), k_user_get, k_user_object, "users",
	ACT_USER_VIEW, NULL, k_user_list, NULL, NULL, NULL,
};

int kind_list(const struct record_kind *k, struct store *s,
	      const struct authz_view *view, const struct kind_filter *f,
	      const struct page_req *req, struct kind_rows *out)
{
	static const struct kind_filter none;

	*out = (struct kind_rows){ 0 };
	if (!k->list)
		return MM_EUNSUPPORTED;
	return k->list(s, view, f ? f : &none, req, out);
}

int64_t kind_int(const struct record_kind *k, const void *rec,
		 const char *key)
{
	const struct field_desc *f = record_field(k->desc, key);

	return f ? field_int(f, rec) : 0;
}

void kind_set_int(const struct record_kind *k, void *rec, const char *key,
		  int64_t v)
{
	const struct field_desc *f = record_field(k->desc, key);

	if (f && f->size == sizeof(v))
		memcpy((char *)rec + f->offset, &v, sizeof(v));
}

int kind_audit_reads(const struct record_kind *k, struct store *s,
		     const struct actor *a, const int64_t *ids, size_t n,
		     const char *way)
{
	char detail[64];

	if (!k->read_audit || n == 0)
		return 0;
	snprintf(detail, sizeof detail, "{\"way\":\"%s\"}", way);
	return store_audit_reads(s, a, k->read_audit, k->desc->kind, ids, n,
				 detail);
}

void kind_rows_release(struct kind_rows *r)
{
	if (r->list && r->release)
		r->release(r->list);
	*r = (struct kind_rows){ 0 };
}

int64_t *kind_filter_id(struct kind_filter *f, const struct kind_query *q)
{
	return (int64_t *)(void *)((char *)f + q->offset);
}

int *kind_filter_flag(struct kind_filter *f, const struct kind_query *q)
{
	return (int *)(void *)((char *)f + q->offset);
}
