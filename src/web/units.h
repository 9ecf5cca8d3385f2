/*
 * units.h - the unit (所属) screens: list, create, show, edit.
 */
#ifndef MM_WEB_UNITS_H
#define MM_WEB_UNITS_H
#ifndef MM_SEES_WEB /* the layers: HACKING.md */
#error "layer: web/ is seen only by web/ and the dispatcher app/app.c"
#endif

#include "../app/app.h"

void web_units_list(struct ctx *c);   /* GET /units, ACT_UNIT_VIEW per row */
void web_unit_new(struct ctx *c);     /* GET /units/new, ACT_UNIT_CREATE */
void web_unit_create(struct ctx *c);  /* POST /units, ACT_UNIT_CREATE */
void web_unit_show(struct ctx *c);    /* GET /units/{id}, ACT_UNIT_VIEW */
void web_unit_edit(struct ctx *c);    /* GET /units/{id}/edit, ACT_UNIT_UPDATE */
void web_unit_update(struct ctx *c);  /* POST /units/{id}, ACT_UNIT_UPDATE */

#endif
