/*
 * stats.h - GET /statistics (「統計」, issue 11): the division's
 * statistics as tables and bar charts drawn on the server (inline SVG
 * through the escaping writer: no script, no external asset), with the
 * period and unit filters and the export links (app/stats.h).
 */
#ifndef MM_WEB_STATS_H
#define MM_WEB_STATS_H
#ifndef MM_SEES_WEB /* the layers: HACKING.md */
#error "layer: web/ is seen only by web/ and the dispatcher app/app.c"
#endif

#include "../app/app.h"

/* web_statistics - the page; audited as statistics.read (way page). */
void web_statistics(struct ctx *c);

#endif
