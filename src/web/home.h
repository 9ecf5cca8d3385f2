/*
 * home.h - GET /: greeting, the user's roles and units, what waits.
 */
#ifndef MM_WEB_HOME_H
#define MM_WEB_HOME_H
#ifndef MM_SEES_WEB /* the layers: HACKING.md */
#error "layer: web/ is seen only by web/ and the dispatcher app/app.c"
#endif

#include "../app/app.h"

/* GET /: ACT_HOME_VIEW on the user's own unit. */
void web_home(struct ctx *c);

#endif
