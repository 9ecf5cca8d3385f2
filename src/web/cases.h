/*
 * cases.h - the screens of protective-contact cases (事案, R-CASE-1,
 * R-CASE-2): the list, a station's report of a post found, a case with
 * its communication log and the forms of the steps open to the user
 * (the division's judgement, the assignment, a message logged), the home
 * page's waiting items, and the general manager's page of who read
 * which case when.  Every case shown is audited as read.
 */
#ifndef MM_WEB_CASES_H
#define MM_WEB_CASES_H
#ifndef MM_SEES_WEB /* the layers: HACKING.md */
#error "layer: web/ is seen only by web/ and the dispatcher app/app.c"
#endif

#include <stddef.h>

#include "../app/app.h"
#include "layout.h"
#include "lists.h"
#include "steps.h"

/* GET /cases, by web_list() */
extern const struct web_list_route web_cases_list;
/* GET /cases/new and POST /cases, by web_new() and web_create() */
extern const struct web_new_route web_case_new;
/* The cases for web_step() (triage, assign, messages; app/steps.c) and
 * web_step_kind_show() (GET /cases/{id}: the case, its log and the step
 * forms; the read audited). */
extern const struct web_step_kind web_case_steps;
/*
 * web_case_reads - GET /cases/reads[?case_id=]: who read which case when
 * (the general manager), a page at a time, newest first.
 */
void web_case_reads(struct ctx *c);

/*
 * cases_flagged_waiting - the general manager's home page items: cases
 * whose flagged outgoing message awaits the assistant's review
 * (R-CASE-2), each audited as read.  Returns how many it wrote.
 */
size_t cases_flagged_waiting(struct page *p);

#endif
