/*
 * loans.h - /api/v1/loans: the lending register (form 2, R-DEV-1,
 * R-DEV-3), each unit's issued-phone register (detail form 5, R-DEV-5),
 * receipt with training (R-DEV-4), the return checklist and HQ's closing
 * check (R-DEV-9).
 */
#ifndef MM_API_LOANS_H
#define MM_API_LOANS_H

#include "../app/app.h"

/* api_loans_list - GET [?unit_id=&open=true]: those the caller may view. */
void api_loans_list(struct ctx *c);
/* api_loans_get - GET /loans/{id}. */
void api_loans_get(struct ctx *c);
/*
 * api_loans_lend - POST {application_id, device_id}: 201 with the loan.
 * 409 invalid_state when the device is not in stock or the application
 * not approved (two concurrent lends of one device: one 201, one 409).
 */
void api_loans_lend(struct ctx *c);
/* api_loans_receive - POST {version, trained_on, trainer, topics}. */
void api_loans_receive(struct ctx *c);
/*
 * api_loans_return - POST {version, accounts:[{service, account,
 * deleted}], apps_uninstalled, device_restored, accessories_present}:
 * only a complete checklist is accepted (422 otherwise).
 */
void api_loans_return(struct ctx *c);
/* api_loans_close - POST {version, anomaly, description?, out_of_service?}. */
void api_loans_close(struct ctx *c);

#endif
