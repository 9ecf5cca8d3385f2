/*
 * applications.h - /api/v1/applications: the borrowing application,
 * form 3 (R-DEV-2), and the extension of a loan (R-DEV-8).
 */
#ifndef MM_API_APPLICATIONS_H
#define MM_API_APPLICATIONS_H
#ifndef MM_SEES_API /* the layers: HACKING.md */
#error "layer: api/ is seen only by api/ and the dispatcher app/app.c"
#endif

#include "../app/app.h"
#include "steps.h"

/*
 * api_applications_create - POST a new application {kind?: "new",
 * unit_id?, device_id?, consulted_on, consulted_with, consultation,
 * start, due, purpose} or an extension {kind: "extension", loan_id,
 * unit_id?, consulted_on, consulted_with, consultation, due, purpose}
 * (its start and device are the loan's: given, they are 422): 201.  The
 * fields are read through application_record / extension_record, so a
 * bad one is 422 with the web form's message.  The unit's manager only;
 * a period over the policy limit is accepted here (the general manager
 * decides on approval).
 */
void api_applications_create(struct ctx *c);
/*
 * Applications for api_step(): approve, refuse, withdraw - POST
 * {version, reason?, exception_reason?}: 200 with the application.  Read
 * through application_decision_record (app/steps.c): approving a period
 * over the limit without exception_reason is 422 rule_violation, a
 * refusal without a reason 422, an exception_reason with anything but an
 * approval 422; approving an extension of a loan no longer open is 409.
 */

#endif
