/*
 * store_photos.h - the store operations of staff face photos (issue 10,
 * R-PHOTO-1..4): the photo use approval applications (form 4) and the
 * processed photos kept under them.  Each write runs in one transaction
 * with its audit entry; every rule the server knows the facts of (the
 * staff member and the device are the unit's, both exceptions R-EXC-1
 * and R-EXC-2 are in force today, at most five photos a device) is
 * checked there, on the rows read in that transaction.
 */
#ifndef MM_STORE_PHOTOS_H
#define MM_STORE_PHOTOS_H
#ifndef MM_SEES_STORE /* the layers: HACKING.md */
#error "layer: store/ is seen only by store/ and the front end"
#endif

#include <stddef.h>

#include "store.h"
#include "../core/photo.h"
#include "../lib/buf.h"
#include "../lib/pool.h"

struct photo_approval_list {
	struct photo_approval *items;
	size_t n;
	struct row_joined *joined;        /* per item: unit_name */
	struct list_page at;
	struct pool pool;
};
void photo_approval_list_release(struct photo_approval_list *l);

/*
 * store_photo_approval_apply - PHOTO_APPROVAL_EV_APPLY by the actor's
 * role for unit p->unit_id: staff_id, consent, purpose, device_id (as
 * photo_approval_record says: MM_EINVAL).  Sets the staff member's name
 * from the users register, id, state, applicant and version.
 * MM_ENOTFOUND when staff_id is not an active user of the unit;
 * MM_EEXIST when device_id is not lent to the unit;
 * MM_ERULE when R-EXC-1 or R-EXC-2 is not in force today.
 */
int store_photo_approval_apply(struct store *s, const struct actor *a,
			       struct photo_approval *p);

/* store_photo_approval_get - application id into *out, text into pool. */
int store_photo_approval_get(struct store *s, int64_t id, struct pool *pool,
			     struct photo_approval *out);

/*
 * store_photo_approval_list - a page of the applications view allows,
 * newest first, of unit_id (0: all), in state (0: any).
 */
int store_photo_approval_list(struct store *s, const struct authz_view *view,
			      int64_t unit_id, int state,
			      const struct page_req *req,
			      struct photo_approval_list *out);

/*
 * store_photo_approval_decide - PHOTO_APPROVAL_EV_APPROVE or _REFUSE at
 * the version read.  An approval needs both exceptions in force
 * (MM_ERULE).  MM_ESTALE, MM_ESTATE, MM_ENOTFOUND.
 */
int store_photo_approval_decide(struct store *s, const struct actor *a,
				int64_t id, int64_t version,
				enum photo_approval_event ev);

/*
 * store_photo_add - keeps the processed photo jpeg (n bytes, written by
 * app/image.c without metadata) under approval p->approval_id: effect,
 * strength, width, height set by the caller.  Sealed under the field key
 * (associated data "photos.image"; MM_EUNSUPPORTED without a key).
 * MM_ERULE when the approval is not approved or an exception is not in
 * force (*why MM_PHOTO_*_MSG), or when the device keeps five photos
 * already (R-PHOTO-3).  Sets id, unit, device, state, version.
 */
int store_photo_add(struct store *s, const struct actor *a, struct photo *p,
		    const void *jpeg, size_t n, const char **why);

/* store_photo_get - photo id (without its image) into *out. */
int store_photo_get(struct store *s, int64_t id, struct pool *pool,
		    struct photo *out);

/*
 * store_photo_image - the JPEG of stored photo id appended to out
 * (opened with the field key), audited as photo.download by a.
 * MM_ENOTFOUND when none or removed; MM_ECORRUPT when it does not open.
 */
int store_photo_image(struct store *s, const struct actor *a, int64_t id,
		      struct buf *out);

/*
 * store_photo_remove - PHOTO_EV_REMOVE at the version read: the photo
 * was deleted from the device; its image is emptied and its place among
 * the device's five freed.  MM_ESTALE, MM_ESTATE, MM_ENOTFOUND.
 */
int store_photo_remove(struct store *s, const struct actor *a, int64_t id,
		       int64_t version);

/*
 * store_photo_send - R-PHOTO-1: stored photo ps->photo_id sent within
 * case ps->case_id of the photo's unit, in communication or meeting,
 * with ps->message_id a message of that case the counterpart sent
 * (received) and ps->text_insufficient; the approval and both
 * exceptions in force.  MM_ERULE with *why for a refusal of a rule;
 * MM_ENOTFOUND for an unknown photo; sets id, unit, sender, version.
 */
int store_photo_send(struct store *s, const struct actor *a,
		     struct photo_send *ps, const char **why);

/* store_photo_send_get - send id into *out. */
int store_photo_send_get(struct store *s, int64_t id, struct pool *pool,
			 struct photo_send *out);

/*
 * store_photo_send_outcome - R-PHOTO-5: the outcome of send id at the
 * version read, once, and only when a meeting of its case was reported
 * (MM_ERULE, *why).  MM_ESTALE, MM_ESTATE (recorded already).
 */
int store_photo_send_outcome(struct store *s, const struct actor *a,
			     int64_t id, int64_t version,
			     enum photo_send_outcome outcome, const char **why);

/*
 * store_photo_sends_pending - how many sends of case_id have no outcome
 * yet into *n (R-PHOTO-5: the case does not close while any has).
 */
int store_photo_sends_pending(struct store *s, int64_t case_id, int64_t *n);

/* The photos of one approval, oldest first (at most 64). */
struct photo_rows {
	struct photo items[64];
	size_t n;
};

/* store_photos_of - the photos of approval_id into *out. */
int store_photos_of(struct store *s, int64_t approval_id,
		    struct photo_rows *out);

/* The photo sends of one case, oldest first (at most 64). */
struct photo_send_rows {
	struct photo_send items[64];
	size_t n;
};

/*
 * store_photo_sends_of - the sends within case_id into *out (the first
 * 64): the case's page lists them with their outcome (R-PHOTO-5).  Who
 * may see them is the caller's (the case's readers).  0 or the store's
 * errors.
 */
int store_photo_sends_of(struct store *s, int64_t case_id,
			 struct photo_send_rows *out);

#endif
