/*
 * stats.h - the division's statistics (issue 11) for both front ends:
 * the period and unit a request asks for, who may read them, the counts
 * (core/stats.h via store_stats.h), their audit entry, and the export
 * as CSV/XLSX like the registers (app/exports.h).
 *
 * Scope, derived by the server: a viewer whose stats.view reaches every
 * unit (HQ's case readers) sees every unit and their total unless
 * ?unit_id= names one; a station's viewer sees the units the rule gives
 * it (its own), and a unit_id it may not read is refused 403 and
 * audited (access.denied), never quietly narrowed.
 */
#ifndef MM_APP_STATS_H
#define MM_APP_STATS_H
#ifndef MM_SEES_APP /* the layers: HACKING.md */
#error "layer: app/ is seen only by the front end (app, web, api, cli)"
#endif

#include "../core/stats.h"
#include "../store/store.h"
#include "app.h"

/* One request's statistics. */
struct stats_view {
	struct stats_period period;
	int64_t unit_id;         /* the unit asked for; 0: the viewer's scope */
	int all;                 /* every unit and their total are shown */
	struct stats_table *t;   /* malloc'd; its columns are the units shown */
	const char *names[STATS_UNITS_MAX];  /* t->units' names (units) */
	struct unit_list units;  /* every unit (names, the picker) */
	int64_t pick[STATS_UNITS_MAX];  /* the units the viewer may pick */
	size_t n_pick;
};

/*
 * stats_view_read - reads ?from=&to= (YYYY-MM) or ?year=&basis=
 * (calendar|fiscal) and ?unit_id=, decides the scope, and reads the
 * counts into v.  0, or the error AFTER the answer is set (401/403
 * audited, 422 with a Japanese message naming the field, the store's
 * error): the handler just returns.  Release v with stats_view_release
 * in every case.
 */
int stats_view_read(struct ctx *c, struct stats_view *v);

/* stats_view_release - frees what stats_view_read left in v. */
void stats_view_release(struct stats_view *v);

/*
 * stats_audit - writes action ("statistics.read", "statistics.export")
 * with the period, unit and way (detail_extra: more JSON members, or
 * ""); 0 or the store's error: then nothing is answered.
 */
int stats_audit(struct ctx *c, const struct stats_view *v,
		const char *action, const char *detail_extra);

/*
 * stats_export_answer - the route handler of GET /statistics/export and
 * /api/v1/statistics/export: the table (a line per month and unit, then
 * the total when every unit is shown) as CSV or XLSX, the choices of
 * export_answer (app/exports.h).  Audited as statistics.export.
 */
void stats_export_answer(struct ctx *c);

#endif
