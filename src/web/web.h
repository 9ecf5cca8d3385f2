/*
 * web.h - what app/ needs from the HTML front end.
 */
#ifndef MM_WEB_H
#define MM_WEB_H

#include "../app/app.h"

/*
 * web_error_page - renders a complete Japanese error page with status and
 * message (already user-facing Japanese) into c->res.
 */
void web_error_page(struct ctx *c, int status, const char *message);

/*
 * web_static - serves an embedded asset by name ("mamori.css") with a
 * long cache lifetime; 404 when unknown.  Route: GET /static/{name}.
 */
void web_static(struct ctx *c, const char *name);

#endif
