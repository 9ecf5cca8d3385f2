/*
 * web.h - what app/ needs from the HTML front end.
 */
#ifndef MM_WEB_H
#define MM_WEB_H
#ifndef MM_SEES_WEB /* the layers: HACKING.md */
#error "layer: web/ is seen only by web/ and the dispatcher app/app.c"
#endif

#include "../app/app.h"

/*
 * web_error_page - renders a complete Japanese error page with status and
 * message (already user-facing Japanese) into c->res.  The ctx_error_fn
 * of the HTML front end (app_dispatch sets it): code and field are not
 * shown, the form pages name fields themselves.
 */
void web_error_page(struct ctx *c, int status, const char *code,
		    const char *message, const char *field);

/*
 * web_static - serves an embedded asset by name ("mamori.css") with a
 * long cache lifetime; 404 when unknown.  Route: GET /static/{name}.
 */
void web_static(struct ctx *c, const char *name);

#endif
