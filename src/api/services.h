/*
 * services.h - /api/v1/services: applications to use an external service
 * (SNS) on a device, detail form 9 (R-SVC-1..4).  The chain runs
 * assistant (apply) -> unit's manager (permit or refuse) -> general
 * manager (forward) -> information-security manager (measures agreed with
 * both: in force).  Each step is authorized by its own action and checked
 * against the chain's order by service_step() in the store.
 */
#ifndef MM_API_SERVICES_H
#define MM_API_SERVICES_H
#ifndef MM_SEES_API /* the layers: HACKING.md */
#error "layer: api/ is seen only by api/ and the dispatcher app/app.c"
#endif

#include "../app/app.h"
#include "steps.h"

/*
 * api_services_create - POST {device_id, service, handle, purpose}: 201.
 * The assistant of the unit holding the device on an open loan.
 */
void api_services_create(struct ctx *c);
/*
 * api_services_change - POST {version, device_id?, service?, handle?,
 * purpose?} on an application in force: 201, a new application of the
 * same account running the whole chain again (R-SVC-3).
 */
void api_services_change(struct ctx *c);
/*
 * Applications for api_step() (app/steps.c), each POST {version, ...}:
 * permit (the manager), refuse (the manager, {reason}), forward (the
 * general manager), measures (the information-security manager:
 * {measures, agreed_with_manager, agreed_with_general_manager}),
 * withdraw (the assistant, before the end), delete (the assistant,
 * {note?}: R-SVC-4) and acknowledge (the manager acknowledges a
 * deletion, R-SVC-4).  A step out of turn is 403, out of order 409.
 */

#endif
