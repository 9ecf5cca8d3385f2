/*
 * stats.h - the API's statistics (issue 11; app/stats.h does the work).
 */
#ifndef MM_API_STATS_H
#define MM_API_STATS_H
#ifndef MM_SEES_API /* the layers: HACKING.md */
#error "layer: api/ is seen only by api/ and the dispatcher app/app.c"
#endif

#include "../app/app.h"

/*
 * api_statistics - GET /api/v1/statistics[?from=&to=|?year=&basis=]
 * [&unit_id=]: {"from", "to", "unit_id" (null: the viewer's scope),
 * "figures": [{key, label}], "months": [{month, label}], "units":
 * [{unit_id, name, counts: {figure: [per month]}, totals: {figure: n}}],
 * "total": the same for every unit (null unless every unit is shown)}.
 * Audited as statistics.read (way api).
 */
void api_statistics(struct ctx *c);

#endif
