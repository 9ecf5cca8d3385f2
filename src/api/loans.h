/*
 * loans.h - /api/v1/loans: the lending register (form 2, R-DEV-1,
 * R-DEV-3), each unit's issued-phone register (detail form 5, R-DEV-5),
 * receipt with training (R-DEV-4), the return checklist and HQ's closing
 * check (R-DEV-9).
 */
#ifndef MM_API_LOANS_H
#define MM_API_LOANS_H
#ifndef MM_SEES_API /* the layers: HACKING.md */
#error "layer: api/ is seen only by api/ and the dispatcher app/app.c"
#endif

#include "../app/app.h"
#include "steps.h"

/*
 * api_loans_lend - POST {application_id, device_id}: 201 with the loan.
 * The device is read through loan_record (422 with the web form's
 * message).  409 invalid_state when the device is not in stock or the
 * application not approved (two concurrent lends of one device: one 201,
 * one 409).
 */
void api_loans_lend(struct ctx *c);
/*
 * Loans for api_step(): receive - POST {version, trained_on, trainer,
 * topics}, the training read through loan_training_record (R-DEV-4: not
 * in the future), as the web form reads it (app/steps.c).
 */
/*
 * api_loans_return_accounts - GET: {accounts:[{service_id, service,
 * account, state, state_label}]}, the accounts on the loan's device the
 * return must confirm deleted (R-DEV-9), for the unit's manager.
 */
void api_loans_return_accounts(struct ctx *c);
/*
 * api_loans_return - POST {version, accounts:[{service_id, deleted}],
 * apps_uninstalled, device_restored, accessories_present}: every account
 * the register lists on the device confirmed deleted, nothing else, and
 * every item ticked (422 otherwise, the message naming the account).
 * Names are never taken from the client (unknown fields are 400).
 */
void api_loans_return(struct ctx *c);
/* api_loans_close - POST {version, anomaly, description?, out_of_service?}. */
void api_loans_close(struct ctx *c);

#endif
