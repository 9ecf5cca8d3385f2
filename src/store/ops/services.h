/*
 * services.h - what the other operations need from the external-service
 * applications (ops/services.c): the count R-DEV-6 weighs.  Internal to
 * the store.
 */
#ifndef MM_STORE_OPS_SERVICES_H
#define MM_STORE_OPS_SERVICES_H

#include "ops.h"

/*
 * ops_services_without_permission - R-DEV-6, R-SVC-1..3: into *out, how
 * many accounts unit_id has applied for on device_id whose application
 * is still running its chain with no version of the same account on the
 * device in force.  An account whose older version is in force while a
 * change runs (R-SVC-3) does not count; neither do refused, withdrawn or
 * deleted ones (no account is recorded then).
 */
int ops_services_without_permission(struct db *d, int64_t device_id,
				    int64_t unit_id, int *out);

#endif
