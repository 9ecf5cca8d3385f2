/*
 * breaches.h - the breach-report screens (R-CMP-1..6): the list, the
 * assistant's report form, a report with its timeline and the step its
 * viewer may take (forward, forward as an incident, acknowledge), and
 * the home page's waiting items.
 */
#ifndef MM_WEB_BREACHES_H
#define MM_WEB_BREACHES_H
#ifndef MM_SEES_WEB /* the layers: HACKING.md */
#error "layer: web/ is seen only by web/ and the dispatcher app/app.c"
#endif

#include <stddef.h>

#include "../app/app.h"
#include "layout.h"
#include "steps.h"
#include "lists.h"

/* GET /breaches, by web_list() */
extern const struct web_list_route web_breaches_list;
/* GET /breaches/new and POST /breaches, by web_new() and web_create() */
extern const struct web_new_route web_breach_new;
/* GET /breaches/{id}, by web_show() */
extern const struct web_show_route web_breach_show;
/*
 * Breach reports for web_step(): their steps (forward, forward-incident,
 * acknowledge) are data, app/steps.c.
 */
extern const struct web_step_kind web_breach_steps;


#endif
