/*
 * devices.h - /api/v1/devices: HQ's device registry (R-DEV-1), each
 * device's history, and the import of an existing list from CSV.
 */
#ifndef MM_API_DEVICES_H
#define MM_API_DEVICES_H
#ifndef MM_SEES_API /* the layers: HACKING.md */
#error "layer: api/ is seen only by api/ and the dispatcher app/app.c"
#endif

#include "../app/app.h"

/*
 * api_devices_create - POST {model, serial, phone?, contract_ref?,
 * remarks?}: 201 with the device, in stock.  409 exists: serial taken.
 */
void api_devices_create(struct ctx *c);
/* api_devices_update - PATCH /devices/{id} {version, any field}. */
void api_devices_update(struct ctx *c);
/* api_devices_retire, _reinstate - POST {version, reason}: out of / back in service. */
void api_devices_retire(struct ctx *c);
void api_devices_reinstate(struct ctx *c);
/*
 * api_devices_history - GET /devices/{id}/history: {"device", "loans",
 * "checks", "takeouts"}, each list filtered by the caller's rights.
 */
void api_devices_history(struct ctx *c);
/*
 * api_devices_import - POST {csv | csv_base64, encoding?, dry_run?}:
 * every row's faults (row, line, field, message); a dry run imports
 * nothing, a real run imports every row or, with any fault, none (422).
 */
void api_devices_import(struct ctx *c);

#endif
