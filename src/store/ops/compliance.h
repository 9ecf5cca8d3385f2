/*
 * compliance.h - what the operations of store_compliance.h (ops/
 * exceptions.c, screenshots.c, breaches.c) share.  Internal to the store.
 */
#ifndef MM_STORE_OPS_COMPLIANCE_H
#define MM_STORE_OPS_COMPLIANCE_H
#ifndef MM_SEES_STORE_INTERNALS /* the layers: HACKING.md */
#error "layer: store internals: outside store/ use store.h, store_*.h"
#endif

#include "lending.h"
#include "../store_compliance.h"

/*
 * ops_exception_active - inside the caller's transaction: the id of an
 * approved exception of kind whose period covers day into *id, or 0 when
 * none (R-EXC-1..3).  Returns 0 or the error of the query.
 */
int ops_exception_active(struct db *d, enum exception_kind kind,
			 const struct civil_date *day, int64_t *id);

/*
 * ops_photo_sends_pending - inside the caller's transaction: how many
 * photos sent in case_id lack their outcome (R-PHOTO-5) into *n.
 */
int ops_photo_sends_pending(struct db *d, int64_t case_id, int64_t *n);

#endif
