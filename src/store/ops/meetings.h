/*
 * meetings.h - what the operations of store_meetings.h (ops/meetings.c,
 * supports.c) share.  Internal to the store.
 */
#ifndef MM_STORE_OPS_MEETINGS_H
#define MM_STORE_OPS_MEETINGS_H
#ifndef MM_SEES_STORE_INTERNALS /* the layers: HACKING.md */
#error "layer: store internals: outside store/ use store.h, store_*.h"
#endif

#include <stdint.h>

#include "ops.h"

/*
 * ops_support_lent - inside the caller's transaction: *lent 1 when
 * user_id was lent for case_id by a unit that answered a support request
 * of the case with help (R-CASE-10), else 0.  0 or the query's error.
 */
int ops_support_lent(struct db *d, int64_t case_id, int64_t user_id,
		     int *lent);

#endif
