/*
 * stats.c - GET /api/v1/statistics (stats.h).
 */
#include "stats.h"

#include <stdlib.h>
#include <string.h>

#include "app/stats.h"
#include "core/wareki.h"
#include "lib/err.h"
#include "json_out.h"
#include "api.h"
#include "lib/banned.h"

/* One column's counts (u; (size_t)-1: every unit) per figure. */
static json_t *column_json(const struct stats_view *v, size_t u)
{
	json_t *counts = json_object(), *totals = json_object();

	for (int f = 0; counts && totals && f < STATS__COUNT; f++) {
		json_t *arr = json_array();

		for (int m = 0; arr && m < v->t->n_months; m++)
			if (json_array_append_new(arr, json_integer(
				(json_int_t)stats_count(v->t, u, m,
							(enum stats_figure)f))) < 0) {
				json_decref(arr);
				arr = NULL;
			}
		if (!arr || json_object_set_new(counts, stats_figures[f].key,
						arr) < 0 ||
		    json_object_set_new(totals, stats_figures[f].key,
					json_integer((json_int_t)stats_sum(
						v->t, u, (enum stats_figure)f))) < 0) {
			json_decref(counts);
			counts = NULL;
		}
	}
	if (!counts || !totals) {
		json_decref(counts);
		json_decref(totals);
		return NULL;
	}
	return json_pack("{s:o, s:o}", "counts", counts, "totals", totals);
}

static json_t *body_json(const struct stats_view *v)
{
	json_t *figures = json_array(), *months = json_array();
	json_t *units = json_array(), *total = json_null();
	char from[16], to[16];
	struct buf label;

	buf_init(&label, 0);
	for (int f = 0; figures && f < STATS__COUNT; f++)
		api_list_add(figures, json_pack("{s:s, s:s}", "key",
						stats_figures[f].key, "label",
						stats_figures[f].label));
	for (int m = 0; months && m < v->t->n_months; m++) {
		char key[16];

		stats_month_key(v->period.from + m, key, sizeof key);
		buf_reset(&label);
		stats_month_label(v->period.from + m, &label);
		api_list_add(months, json_pack("{s:s, s:s}", "month", key,
					       "label", buf_cstr(&label)));
	}
	buf_release(&label);
	for (size_t u = 0; units && u < v->t->n_units; u++) {
		json_t *col = column_json(v, u);

		if (col) {
			json_object_set_new(col, "unit_id", json_integer(
				(json_int_t)v->t->units[u]));
			json_object_set_new(col, "name", json_string(
				v->names[u]));
		}
		api_list_add(units, col);
	}
	if (v->all) {
		json_decref(total);
		total = column_json(v, (size_t)-1);
	}
	stats_month_key(v->period.from, from, sizeof from);
	stats_month_key(v->period.to, to, sizeof to);
	return json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:o}", "from", from,
			 "to", to, "unit_id", v->unit_id ?
			 json_integer((json_int_t)v->unit_id) : json_null(),
			 "figures", figures, "months", months, "units", units,
			 "total", total);
}

void api_statistics(struct ctx *c)
{
	struct stats_view v;
	json_t *body;

	if (stats_view_read(c, &v) < 0)
		goto out;
	body = body_json(&v);
	if (!body) {
		ctx_fail(c, MM_ENOMEM, NULL, NULL);
		goto out;
	}
	/* what is read is on record before it is answered */
	if (stats_audit(c, &v, "statistics.read", "\"way\":\"api\"") < 0) {
		json_decref(body);
		ctx_fail(c, MM_EIO, NULL, NULL);
		goto out;
	}
	api_send(c, 200, body);
out:
	stats_view_release(&v);
}
