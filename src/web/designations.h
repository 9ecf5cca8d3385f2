/*
 * designations.h - the designation screens (R-ROLE-4, R-ROLE-5): the
 * unit's designations with the manager's form to designate, revoke and
 * re-designate, and the communication-officer designation register
 * (form 1), which the general manager reads for every unit.
 */
#ifndef MM_WEB_DESIGNATIONS_H
#define MM_WEB_DESIGNATIONS_H
#ifndef MM_SEES_WEB /* the layers: HACKING.md */
#error "layer: web/ is seen only by web/ and the dispatcher app/app.c"
#endif

#include "../app/app.h"
#include "steps.h"

void web_designations_list(struct ctx *c);      /* GET /designations */
void web_designation_create(struct ctx *c);     /* POST /designations */

/*
 * Designations for web_step(): POST /designations/{id}/revoke,
 * /redesignate (app/steps.c); a step refused for what was entered shows
 * the designation again with the messages beside its form.
 */
extern const struct web_step_kind web_designation_steps;

#endif
