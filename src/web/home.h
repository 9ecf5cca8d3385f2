/*
 * home.h - GET /: greeting, the user's roles and units, what waits.
 */
#ifndef MM_WEB_HOME_H
#define MM_WEB_HOME_H

#include "../app/app.h"

/* GET /: ACT_HOME_VIEW on the user's own unit. */
void web_home(struct ctx *c);

#endif
