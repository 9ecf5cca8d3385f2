/*
 * services.h - the screens of applications to use external services
 * (detail form 9, R-SVC-1..4): the list, the assistant's application and
 * change, each step of the chain for the role whose turn it is, the
 * deletion and its acknowledgement, and the home page's waiting items.
 */
#ifndef MM_WEB_SERVICES_H
#define MM_WEB_SERVICES_H
#ifndef MM_SEES_WEB /* the layers: HACKING.md */
#error "layer: web/ is seen only by web/ and the dispatcher app/app.c"
#endif

#include <stddef.h>
#include "layout.h"
#include "steps.h"
#include "lists.h"

/* GET /services, by web_list() */
extern const struct web_list_route web_services_list;
void web_service_new(struct ctx *c);       /* GET /services/new */
void web_service_create(struct ctx *c);    /* POST /services */
void web_service_change(struct ctx *c);    /* POST /services/{id}/change */

/*
 * Applications for web_step(): POST /services/{id}/permit, /refuse,
 * /forward, /measures, /withdraw, /delete, /acknowledge (app/steps.c); a
 * step refused for what was entered shows the application again with
 * the messages beside that step's form.
 */
extern const struct web_step_kind web_service_steps;

#endif
