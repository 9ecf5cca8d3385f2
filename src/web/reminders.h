/*
 * reminders.h - the home page's reminders of the lending workflow: loans
 * due within the policy's days or overdue, location checks due or
 * overdue (R-DEV-5), take-outs not back (R-DEV-7), and applications and
 * take-outs waiting for this user's decision; each a link to the object,
 * each shown only when ctx_can() allows it.
 */
#ifndef MM_WEB_REMINDERS_H
#define MM_WEB_REMINDERS_H
#ifndef MM_SEES_WEB /* the layers: HACKING.md */
#error "layer: web/ is seen only by web/ and the dispatcher app/app.c"
#endif

#include <stddef.h>
#include "layout.h"

/* write_reminders - writes the list; returns how many items it showed. */
size_t write_reminders(struct page *p);

#endif
