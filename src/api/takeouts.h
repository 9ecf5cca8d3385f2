/*
 * takeouts.h - /api/v1/takeouts: taking a device out of the building
 * (detail form 1, R-DEV-7), refused unless the device is usable (R-DEV-6).
 */
#ifndef MM_API_TAKEOUTS_H
#define MM_API_TAKEOUTS_H
#ifndef MM_SEES_API /* the layers: HACKING.md */
#error "layer: api/ is seen only by api/ and the dispatcher app/app.c"
#endif

#include "../app/app.h"
#include "steps.h"

/*
 * api_takeouts_create - POST {loan_id, out_at, expected_back,
 * destination, reason}: 201.  The request is read through
 * takeout_record (moments with a zone, or Asia/Tokyo without; 422 with
 * the web form's message).  A communication officer of the unit; 422
 * rule_violation when device_usable() says no (R-DEV-6).
 */
void api_takeouts_create(struct ctx *c);
/*
 * Take-outs for api_step() (app/steps.c): permit, refuse (the unit's
 * assistant; a refusal needs a reason), cancel (the requesting officer)
 * - POST {version, reason?}, read through takeout_decision_record; report
 * - POST {version, no_loss_or_damage, incident?, results}: the
 * requesting officer reports the return (R-DEV-7), read through
 * takeout_report_record: results, and unless nothing was lost or damaged
 * (absent: something was) what happened.
 */

#endif
