/*
 * checks.h - /api/v1/loans/{id}/checks: the monthly location checks of
 * a device on loan (detail form 6, R-DEV-5).
 */
#ifndef MM_API_CHECKS_H
#define MM_API_CHECKS_H
#ifndef MM_SEES_API /* the layers: HACKING.md */
#error "layer: api/ is seen only by api/ and the dispatcher app/app.c"
#endif

#include "../app/app.h"

/* api_checks_list - GET: {"checks":[...]} of the loan, newest first. */
void api_checks_list(struct ctx *c);
/*
 * api_checks_create - POST {checked_on, in_cabinet, remarks?}: 201.  The
 * unit's assistant, on a received loan (409 otherwise).  Read through
 * location_check_record: dated between the loan's start and today, an
 * absent in_cabinet is false (the web form's unticked box).
 */
void api_checks_create(struct ctx *c);

#endif
