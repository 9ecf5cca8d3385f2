/*
 * stats.c - the statistics screen (stats.h).
 */
#include "stats.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "../app/stats.h"
#include "../lib/err.h"
#include "fields.h"
#include "layout.h"
#include "../lib/banned.h"

#define ALL ((size_t)-1)

/* The chart's geometry, in CSS pixels (it prints at the same size). */
#define BAR_W 18
#define BAR_GAP 8
#define PLOT_H 100
#define TOP 16
#define LEFT 8

static void month_label(const struct stats_view *v, int m, char *out,
			size_t size)
{
	snprintf(out, size, "%d月", (v->period.from + m) % 12 + 1);
}

static const char *column_name(const struct stats_view *v, size_t u)
{
	return u == ALL ? "全所属（合計）" : v->names[u];
}

/* One figure's bars, one per month, scaled to the largest month. */
static void chart(struct page *p, const struct stats_view *v, size_t u,
		  enum stats_figure f)
{
	uint64_t max = 0;
	int n = v->t->n_months;
	int width = LEFT * 2 + n * (BAR_W + BAR_GAP);
	int height = TOP + PLOT_H + 20;
	char w[16], h[16], box[48], id[48], x[16], y[16], bh[16], num[24];
	char title[256], label[16];

	for (int m = 0; m < n; m++) {
		uint64_t k = stats_count(v->t, u, m, f);

		if (k > max)
			max = k;
	}
	snprintf(w, sizeof w, "%d", width);
	snprintf(h, sizeof h, "%d", height);
	/* the HTML parser writes it viewBox inside <svg> */
	snprintf(box, sizeof box, "0 0 %d %d", width, height);
	snprintf(id, sizeof id, "chart-%zu-%d", u == ALL ? (size_t)0 : u + 1,
		 (int)f);
	snprintf(title, sizeof title, "%s（%s）の月別件数",
		 stats_figures[f].label, column_name(v, u));
	html_open(&p->h, "figure", "class", "stats-chart", NULL);
	html_open(&p->h, "svg", "width", w, "height", h, "viewbox", box,
		  "role", "img", "aria-labelledby", id, NULL);
	html_elem(&p->h, "title", "id", id, NULL, title);
	snprintf(y, sizeof y, "%d", TOP + PLOT_H);
	/* SVG inside HTML has no void elements: each is closed, or what
	 * follows would be its child and never drawn */
	html_open(&p->h, "line", "x1", "0", "y1", y, "x2", w, "y2", y,
		  "stroke", "#555555", "stroke-width", "1", NULL);
	html_close(&p->h, "line");
	for (int m = 0; m < n; m++) {
		uint64_t k = stats_count(v->t, u, m, f);
		int bar = max ? (int)(k * PLOT_H / max) : 0;
		int left = LEFT + m * (BAR_W + BAR_GAP);

		snprintf(x, sizeof x, "%d", left);
		snprintf(y, sizeof y, "%d", TOP + PLOT_H - bar);
		snprintf(bh, sizeof bh, "%d", bar);
		snprintf(w, sizeof w, "%d", BAR_W);
		html_open(&p->h, "rect", "x", x, "y", y, "width", w,
			  "height", bh, "fill", "#2f5d8a", NULL);
		html_close(&p->h, "rect");
		snprintf(x, sizeof x, "%d", left + BAR_W / 2);
		snprintf(y, sizeof y, "%d", TOP + PLOT_H - bar - 3);
		snprintf(num, sizeof num, "%" PRIu64, k);
		html_elem(&p->h, "text", "x", x, "y", y, "font-size", "10",
			  "text-anchor", "middle", NULL, num);
		snprintf(y, sizeof y, "%d", TOP + PLOT_H + 14);
		month_label(v, m, label, sizeof label);
		html_elem(&p->h, "text", "x", x, "y", y, "font-size", "10",
			  "text-anchor", "middle", NULL, label);
	}
	html_close(&p->h, "svg");
	html_elem(&p->h, "figcaption", NULL, title);
	html_close(&p->h, "figure");
}

/* Figures by month, with the period's total, for one column. */
static void table(struct page *p, const struct stats_view *v, size_t u)
{
	char num[24], label[16];
	struct buf era;

	buf_init(&era, 0);
	html_open(&p->h, "table", "class", "stats", NULL);
	html_open(&p->h, "caption", NULL);
	html_textf(&p->h, "%s の月別件数", column_name(v, u));
	html_close(&p->h, "caption");
	html_open(&p->h, "thead", NULL);
	html_open(&p->h, "tr", NULL);
	html_elem(&p->h, "th", "scope", "col", NULL, "項目");
	for (int m = 0; m < v->t->n_months; m++) {
		buf_reset(&era);
		if (stats_month_label(v->period.from + m, &era) < 0) {
			month_label(v, m, label, sizeof label);
			buf_adds(&era, label);
		}
		html_elem(&p->h, "th", "scope", "col", NULL, buf_cstr(&era));
	}
	html_elem(&p->h, "th", "scope", "col", NULL, "合計");
	html_close(&p->h, "tr");
	html_close(&p->h, "thead");
	html_open(&p->h, "tbody", NULL);
	for (int f = 0; f < STATS__COUNT; f++) {
		html_open(&p->h, "tr", NULL);
		html_elem(&p->h, "th", "scope", "row", NULL,
			  stats_figures[f].label);
		for (int m = 0; m < v->t->n_months; m++) {
			snprintf(num, sizeof num, "%" PRIu64,
				 stats_count(v->t, u, m, (enum stats_figure)f));
			html_elem(&p->h, "td", "class", "num", NULL, num);
		}
		snprintf(num, sizeof num, "%" PRIu64,
			 stats_sum(v->t, u, (enum stats_figure)f));
		html_elem(&p->h, "td", "class", "num", NULL, num);
		html_close(&p->h, "tr");
	}
	html_close(&p->h, "tbody");
	html_close(&p->h, "table");
	buf_release(&era);
}

/* The division's view: each unit's period totals side by side. */
static void units_table(struct page *p, const struct stats_view *v)
{
	char num[24];

	html_open(&p->h, "table", "class", "stats", NULL);
	html_elem(&p->h, "caption", NULL, "所属別（期間の合計）");
	html_open(&p->h, "thead", NULL);
	html_open(&p->h, "tr", NULL);
	html_elem(&p->h, "th", "scope", "col", NULL, "所属");
	for (int f = 0; f < STATS__COUNT; f++)
		html_elem(&p->h, "th", "scope", "col", NULL,
			  stats_figures[f].label);
	html_close(&p->h, "tr");
	html_close(&p->h, "thead");
	html_open(&p->h, "tbody", NULL);
	for (size_t u = 0; u < v->t->n_units; u++) {
		html_open(&p->h, "tr", NULL);
		html_elem(&p->h, "th", "scope", "row", NULL, v->names[u]);
		for (int f = 0; f < STATS__COUNT; f++) {
			snprintf(num, sizeof num, "%" PRIu64,
				 stats_sum(v->t, u, (enum stats_figure)f));
			html_elem(&p->h, "td", "class", "num", NULL, num);
		}
		html_close(&p->h, "tr");
	}
	html_close(&p->h, "tbody");
	html_close(&p->h, "table");
}

/* The unit picker: the units the viewer may count. */
static void unit_picker(struct page *p, const struct stats_view *v)
{
	char id[24];

	field_select_begin(&p->h, NULL, "unit_id", "所属");
	if (v->all || !v->unit_id)
		field_option(&p->h, "", v->all || v->n_pick != 1 ?
			     "全所属" : "自所属", !v->unit_id);
	for (size_t i = 0; i < v->n_pick; i++) {
		const char *name = "";

		for (size_t j = 0; j < v->units.n; j++)
			if (v->units.items[j].id == v->pick[i])
				name = v->units.items[j].name;
		field_option(&p->h, i64s(id, v->pick[i]), name,
			     v->pick[i] == v->unit_id);
	}
	field_select_end(&p->h);
}

static void filters(struct page *p, const struct stats_view *v)
{
	char from[16], to[16], id[24], year[16];
	const char *basis = http_query(p->c->req, "basis");
	int fiscal = !basis || strcmp(basis, "calendar") != 0;

	stats_month_key(v->period.from, from, sizeof from);
	stats_month_key(v->period.to, to, sizeof to);
	snprintf(year, sizeof year, "%d", fiscal ? (v->period.from - 3) / 12 :
		 v->period.from / 12);
	html_open(&p->h, "form", "method", "get", "action", "/statistics",
		  "class", "actions", NULL);
	field_input(&p->h, NULL, "year", "年（西暦）", "text", year,
		    "例：2026", "off");
	field_select_begin(&p->h, NULL, "basis", "集計の単位");
	field_option(&p->h, "fiscal", "年度（4月〜翌3月）", fiscal);
	field_option(&p->h, "calendar", "暦年（1月〜12月）", !fiscal);
	field_select_end(&p->h);
	unit_picker(p, v);
	html_elem(&p->h, "button", "type", "submit", "class",
		  "button button-secondary", NULL, "表示する");
	html_close(&p->h, "form");
	html_open(&p->h, "form", "method", "get", "action", "/statistics",
		  "class", "actions", NULL);
	field_input(&p->h, NULL, "from", "期間の始め（年-月）", "month", from,
		    "例：2026-04", "off");
	field_input(&p->h, NULL, "to", "期間の終わり（年-月）", "month", to,
		    "例：2027-03", "off");
	if (v->unit_id)
		form_hidden(&p->h, "unit_id", i64s(id, v->unit_id));
	html_elem(&p->h, "button", "type", "submit", "class",
		  "button button-secondary", NULL, "期間で表示する");
	html_close(&p->h, "form");
}

/* The export links carry the period and unit the page shows. */
static void export_links(struct page *p, const struct stats_view *v)
{
	char from[16], to[16], q[96], href[160];

	stats_month_key(v->period.from, from, sizeof from);
	stats_month_key(v->period.to, to, sizeof to);
	if (v->unit_id)
		snprintf(q, sizeof q, "from=%s&to=%s&unit_id=%" PRId64, from,
			 to, v->unit_id);
	else
		snprintf(q, sizeof q, "from=%s&to=%s", from, to);
	html_open(&p->h, "p", "class", "exports", NULL);
	html_text(&p->h, "出力：");
	snprintf(href, sizeof href, "/statistics/export?%s", q);
	html_elem(&p->h, "a", "href", href, NULL, "CSV（Excel用）");
	html_text(&p->h, "　");
	snprintf(href, sizeof href, "/statistics/export?%s&charset=cp932", q);
	html_elem(&p->h, "a", "href", href, NULL, "CSV（Shift_JIS）");
	html_text(&p->h, "　");
	snprintf(href, sizeof href, "/statistics/export?%s&format=xlsx", q);
	html_elem(&p->h, "a", "href", href, NULL, "Excel（XLSX）");
	html_close(&p->h, "p");
}

/* A column's table and its charts. */
static void section(struct page *p, const struct stats_view *v, size_t u)
{
	html_open(&p->h, "section", "class", "stats-unit", NULL);
	html_elem(&p->h, "h2", NULL, column_name(v, u));
	table(p, v, u);
	html_open(&p->h, "div", "class", "stats-charts", NULL);
	for (int f = 0; f < STATS__COUNT; f++)
		chart(p, v, u, (enum stats_figure)f);
	html_close(&p->h, "div");
	html_close(&p->h, "section");
}

void web_statistics(struct ctx *c)
{
	struct stats_view v;
	struct page p;
	struct buf era;
	char range[160];

	if (stats_view_read(c, &v) < 0)
		goto out;
	/* what is shown is on record before it is answered */
	if (stats_audit(c, &v, "statistics.read", "\"way\":\"page\"") < 0) {
		ctx_fail(c, MM_EIO, NULL, NULL);
		goto out;
	}
	buf_init(&era, 0);
	stats_month_label(v.period.from, &era);
	buf_adds(&era, "〜");
	stats_month_label(v.period.to, &era);
	snprintf(range, sizeof range, "%s", buf_cstr(&era));
	buf_release(&era);
	page_begin(&p, c, "統計", "/statistics");
	html_elem(&p.h, "h1", NULL, "統計");
	html_elem(&p.h, "p", NULL, range);
	filters(&p, &v);
	export_links(&p, &v);
	if (v.all) {
		section(&p, &v, ALL);
		units_table(&p, &v);
	} else {
		for (size_t u = 0; u < v.t->n_units; u++)
			section(&p, &v, u);
	}
	page_end(&p, 200);
out:
	stats_view_release(&v);
}
