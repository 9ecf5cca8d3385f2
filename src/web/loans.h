/*
 * loans.h - the lending register (form 2, R-DEV-1, R-DEV-3), which for a
 * station is also its issued mobile-phone register (detail form 5,
 * R-DEV-5): the list, lending on an approved application, and the loan
 * page with its steps: receipt and training (R-DEV-4), monthly location
 * checks (detail form 6, R-DEV-5), its take-outs (R-DEV-7), the return
 * checklist and HQ's check and close (R-DEV-9).  Routes in routes.c.
 */
#ifndef MM_WEB_LOANS_H
#define MM_WEB_LOANS_H
#ifndef MM_SEES_WEB /* the layers: HACKING.md */
#error "layer: web/ is seen only by web/ and the dispatcher app/app.c"
#endif

#include "../app/app.h"
#include "../store/store_devices.h"
#include "layout.h"
#include "steps.h"
#include "lists.h"

/* GET /loans, by web_list() */
extern const struct web_list_route web_loans_list;
void web_lend_form(struct ctx *c);    /* GET /applications/{id}/lend */
void web_lend(struct ctx *c);         /* POST /applications/{id}/lend */
void web_check_add(struct ctx *c);    /* POST /loans/{id}/checks */
/*
 * The return (R-DEV-9) keeps its own handler: one confirmation per
 * account the register lists, checked by the store against the register
 * (loan_return_step says who and from which state).
 */
void web_loan_return(struct ctx *c);  /* POST /loans/{id}/return */
/*
 * HQ's close keeps its own handler: the check's result is an explicit
 * yes or no, which no yes/no field of a descriptor says (absent is no).
 */
void web_loan_close(struct ctx *c);   /* POST /loans/{id}/close */

/*
 * Loans for web_step(): POST /loans/{id}/receive (app/steps.c); a
 * training refused shows the loan again with the messages beside it.
 */
extern const struct web_step_kind web_loan_steps;

/*
 * loan_history - the device page's history: every loan of device_id the
 * principal may see, each with its checks and take-outs.
 */
void loan_history(struct page *p, int64_t device_id);

/*
 * loan_check_status - R-DEV-5: the location-check status today of a
 * received loan (location_check_status() under the version in force (policy_current()), since
 * the receipt date); LOCATION_CHECK_NONE for a loan not received or on
 * a store error.
 */
enum location_check loan_check_status(struct store *st, const struct loan *l);

/*
 * loan_check_status_at - the same from the day of the loan's latest
 * check, as a list's query joins it (row_joined.last_check; unset: none
 * yet): no store call.
 */
enum location_check loan_check_status_at(const struct loan *l,
					 const struct civil_date *last);

#endif
