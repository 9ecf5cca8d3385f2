/*
 * stats.c - the division's statistics for both front ends (stats.h).
 */
#include "stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/authz.h"
#include "../core/civil.h"
#include "../core/wareki.h"
#include "../lib/err.h"
#include "../lib/util.h"
#include "../store/store_stats.h"
#include "exports.h"
#include "listing.h"
#include "../lib/banned.h"

static const char *query(struct ctx *c, const char *key)
{
	const char *v = http_query(c->req, key);

	return v && *v ? v : NULL;
}

static int today_month(void)
{
	struct civil_date d;

	if (civil_from_unix(now_unix(), &d) < 0)
		return 0;
	return civil_month_index(&d);
}

static const char *unit_name(const struct stats_view *v, int64_t id)
{
	for (size_t i = 0; i < v->units.n; i++)
		if (v->units.items[i].id == id)
			return v->units.items[i].name;
	return "";
}

static int known_unit(const struct stats_view *v, int64_t id)
{
	for (size_t i = 0; i < v->units.n; i++)
		if (v->units.items[i].id == id)
			return 1;
	return 0;
}

/* The units the viewer may count: every unit, or its own (the rule's). */
static void pickable(struct ctx *c, struct stats_view *v)
{
	v->n_pick = 0;
	for (size_t i = 0; i < v->units.n && v->n_pick < STATS_UNITS_MAX;
	     i++) {
		struct authz_object o = { v->units.items[i].id, 0, 0, 0 };

		if (ctx_can(c, ACT_STATS_VIEW, &o))
			v->pick[v->n_pick++] = v->units.items[i].id;
	}
}

/* The table's columns and the store's filter (0: every unit). */
static int columns(struct ctx *c, struct stats_view *v, int64_t *filter)
{
	struct authz_object every = { 0, 0, 0, 0 };
	int rc = 0;

	*filter = v->unit_id;
	if (v->unit_id)
		return stats_table_unit(v->t, v->unit_id);
	/* HQ: every unit, and the total; unit 0 is "every unit" */
	v->all = ctx_can(c, ACT_STATS_VIEW, &every);
	for (size_t i = 0; !rc && i < v->n_pick; i++)
		rc = stats_table_unit(v->t, v->pick[i]);
	if (!v->all && v->n_pick == 1)
		*filter = v->pick[0];
	return rc;
}

int stats_view_read(struct ctx *c, struct stats_view *v)
{
	const char *field = NULL, *why = NULL, *unit = query(c, "unit_id");
	struct authz_view av;
	int64_t filter = 0;
	int rc;

	memset(v, 0, sizeof *v);
	/* nobody the rule reaches at all: 401/403, audited */
	if (authz_view(c->who, ACT_STATS_VIEW, &av) < 0) {
		if (ctx_authorize(c, ACT_STATS_VIEW, NULL, NULL) == 0)
			ctx_fail(c, MM_EDENIED, NULL, NULL);
		return MM_EDENIED;
	}
	if (unit) {
		struct authz_object o = { 0, 0, 0, 0 };

		if (parse_int64(unit, 1, INT64_MAX, &v->unit_id) < 0) {
			ctx_fail(c, MM_EINVAL, "所属の指定が正しくありません。",
				 "unit_id");
			return MM_EINVAL;
		}
		/* a unit the viewer may not count: refused, on record */
		o.unit_id = v->unit_id;
		if (ctx_authorize(c, ACT_STATS_VIEW, &o, NULL) < 0)
			return MM_EDENIED;
	}
	if (stats_period_read(query(c, "from"), query(c, "to"),
			      query(c, "year"), query(c, "basis"),
			      today_month(), &v->period, &field, &why) < 0) {
		ctx_fail(c, MM_EINVAL, why, field);
		return MM_EINVAL;
	}
	rc = store_unit_list(c->app->store, &v->units);
	if (rc == 0 && v->unit_id && !known_unit(v, v->unit_id)) {
		ctx_fail(c, MM_ENOTFOUND, "指定された所属はありません。",
			 "unit_id");
		return MM_ENOTFOUND;
	}
	v->t = rc == 0 ? malloc(sizeof *v->t) : NULL;
	if (rc == 0 && !v->t)
		rc = MM_ENOMEM;
	if (rc == 0) {
		stats_table_init(v->t, &v->period);
		pickable(c, v);
		rc = columns(c, v, &filter);
	}
	if (rc == 0)
		rc = store_stats_read(c->app->store, filter, v->t);
	if (rc < 0) {
		ctx_fail(c, rc, NULL, NULL);
		return rc;
	}
	for (size_t i = 0; i < v->t->n_units; i++)
		v->names[i] = unit_name(v, v->t->units[i]);
	return 0;
}

void stats_view_release(struct stats_view *v)
{
	free(v->t);
	v->t = NULL;
	unit_list_release(&v->units);
}

int stats_audit(struct ctx *c, const struct stats_view *v,
		const char *action, const char *detail_extra)
{
	struct actor act = ctx_actor(c, NULL);
	char from[16], to[16];
	struct buf detail;
	int rc;

	stats_month_key(v->period.from, from, sizeof from);
	stats_month_key(v->period.to, to, sizeof to);
	buf_init(&detail, 0);
	buf_addf(&detail, "{\"from\":\"%s\",\"to\":\"%s\",\"unit_id\":%lld,"
		 "\"all\":%s,\"units\":[", from, to, (long long)v->unit_id,
		 v->all ? "true" : "false");
	/* the units counted, so a station's read names its unit too */
	for (size_t i = 0; v->t && i < v->t->n_units; i++)
		buf_addf(&detail, "%s%lld", i ? "," : "",
			 (long long)v->t->units[i]);
	buf_addf(&detail, "]%s%s}", detail_extra && *detail_extra ? "," : "",
		 detail_extra ? detail_extra : "");
	c->log_action = action;
	rc = buf_error(&detail);
	if (rc == 0)
		rc = store_audit_record(c->app->store, &act, action,
					"statistics", v->unit_id,
					buf_cstr(&detail));
	buf_release(&detail);
	return rc;
}

/* One line: the month, its 和暦, the unit, then each figure. */
static int push_line(struct ctx *c, const struct stats_view *v, size_t u,
		     int m, const char ***cells, size_t *n, size_t *cap)
{
	char key[16], num[24];
	struct buf label;
	int rc;

	stats_month_key(v->period.from + m, key, sizeof key);
	buf_init(&label, 0);
	rc = stats_month_label(v->period.from + m, &label);
	if (rc == 0)
		rc = export_cell_push(cells, n, cap, pool_strdup(&c->pool, key));
	if (rc == 0)
		rc = export_cell_push(cells, n, cap, pool_strdup(&c->pool, buf_cstr(&label)));
	buf_release(&label);
	if (rc == 0)
		rc = export_cell_push(cells, n, cap, u == (size_t)-1 ? "全所属（合計）" :
			  v->names[u]);
	for (int f = 0; rc == 0 && f < STATS__COUNT; f++) {
		snprintf(num, sizeof num, "%llu", (unsigned long long)
			 stats_count(v->t, u, m, (enum stats_figure)f));
		rc = export_cell_push(cells, n, cap, pool_strdup(&c->pool, num));
	}
	return rc;
}

/* The table as the export's cells: a header, then month by unit. */
static int stats_cells(struct ctx *c, const struct stats_view *v,
		       const char ***cells, size_t *n_rows, size_t *n_cols)
{
	size_t n = 0, cap = 0;
	int rc = 0;

	*cells = NULL;
	*n_cols = 3 + STATS__COUNT;
	rc = export_cell_push(cells, &n, &cap, "月");
	if (rc == 0)
		rc = export_cell_push(cells, &n, &cap, "和暦");
	if (rc == 0)
		rc = export_cell_push(cells, &n, &cap, "所属");
	for (int f = 0; rc == 0 && f < STATS__COUNT; f++)
		rc = export_cell_push(cells, &n, &cap, stats_figures[f].label);
	for (int m = 0; rc == 0 && m < v->t->n_months; m++) {
		for (size_t u = 0; rc == 0 && u < v->t->n_units; u++)
			rc = push_line(c, v, u, m, cells, &n, &cap);
		if (rc == 0 && v->all)
			rc = push_line(c, v, (size_t)-1, m, cells, &n, &cap);
	}
	*n_rows = n / *n_cols;
	if (rc < 0) {
		free(*cells);
		*cells = NULL;
	}
	return rc;
}

void stats_export_answer(struct ctx *c)
{
	struct stats_view v;
	struct export_format f;
	const char **cells = NULL;
	size_t n_rows = 0, n_cols = 0;
	char fmt[80], extra[160];
	int rc;

	if (stats_view_read(c, &v) < 0 || export_format_read(c, &f) < 0)
		goto out;
	rc = stats_cells(c, &v, &cells, &n_rows, &n_cols);
	if (rc < 0) {
		ctx_fail(c, rc, NULL, NULL);
		goto out;
	}
	if (export_encode(c, &f, "統計", cells, n_rows, n_cols) < 0)
		goto out;
	export_format_detail(&f, fmt, sizeof fmt);
	snprintf(extra, sizeof extra, "%s,\"rows\":%zu", fmt, n_rows - 1);
	if (stats_audit(c, &v, "statistics.export", extra) < 0) {
		/* an export unaudited is not made */
		buf_reset(&c->res->body);
		ctx_fail(c, MM_EIO, NULL, NULL);
		goto out;
	}
	export_attach(c, "statistics", &f);
out:
	free(cells);
	stats_view_release(&v);
}
