/*
 * exceptions.h - the screens of security exceptions (例外措置適用申請書,
 * detail form 12, R-EXC-1..3): the list, the general manager's
 * application (kind, scope, reason), an application with the step its
 * viewer may take now (the information-security manager approves with
 * the scope and period, refuses or revokes with a reason; the general
 * manager withdraws), and the home page's waiting items.
 */
#ifndef MM_WEB_EXCEPTIONS_H
#define MM_WEB_EXCEPTIONS_H
#ifndef MM_SEES_WEB /* the layers: HACKING.md */
#error "layer: web/ is seen only by web/ and the dispatcher app/app.c"
#endif

#include <stddef.h>

#include "../app/app.h"
#include "layout.h"
#include "steps.h"
#include "lists.h"

/* GET /exceptions, by web_list() */
extern const struct web_list_route web_exceptions_list;
/* GET /exceptions/new and POST /exceptions, by web_new() and web_create() */
extern const struct web_new_route web_exception_new;

/*
 * Exceptions for web_step(): POST /exceptions/{id}/approve, /refuse,
 * /revoke, /withdraw (app/steps.c); a step refused for what was entered
 * shows the application again with the messages beside its fields.
 */
extern const struct web_step_kind web_exception_steps;


#endif
