/*
 * services.h - what the other operations need from the external-service
 * applications (ops/services.c): the count R-DEV-6 weighs and the
 * accounts a return ends (R-DEV-9).  Internal to the store.
 */
#ifndef MM_STORE_OPS_SERVICES_H
#define MM_STORE_OPS_SERVICES_H
#ifndef MM_SEES_STORE_INTERNALS /* the layers: HACKING.md */
#error "layer: store internals: outside store/ use store.h, store_*.h"
#endif

#include "ops.h"
#include "core/loan.h"

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

/*
 * ops_return_accounts - R-DEV-9: into out (accounts only, deleted 0),
 * every application of unit_id on device_id that has not ended: in
 * force, or its chain still running (the account may already be on the
 * device, and the chain must not put it in force after the return).
 * Oldest first, the names in pool.  MM_ERULE when more than
 * RETURN_ACCOUNTS_MAX.
 */
int ops_return_accounts(struct db *d, int64_t device_id, int64_t unit_id,
			struct pool *pool, struct return_checklist *out);

/*
 * ops_service_delete_at_return - R-DEV-9, R-SVC-4: application id, listed
 * on the return of loan_id and confirmed deleted there by a (the unit's
 * manager), goes to SERVICE_DELETED by SERVICE_EV_DELETE_AT_RETURN; the
 * deletion is recorded as reported to that manager.  Audited.
 */
int ops_service_delete_at_return(struct db *d, const struct actor *a,
				 int64_t id, int64_t loan_id);

#endif
