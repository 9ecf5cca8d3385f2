/*
 * stats.h - the division's statistics (issue 11): per month (Asia/Tokyo)
 * and per unit, how many posts were reported, cases judged high, messages
 * sent, meetings held, juveniles guided by kind of guidance, guardians
 * told and follow-up measures decided.  The store answers the events
 * counted per Tokyo day (store_stats.h, one GROUP BY query); this module
 * validates the period, puts the days into months and sums them.  Pure;
 * no I/O (ICU through wareki.h for the Tokyo calendar only).
 */
#ifndef MM_CORE_STATS_H
#define MM_CORE_STATS_H
#ifndef MM_SEES_CORE /* the layers: HACKING.md */
#error "layer: core/ is seen only by core/, store/ and the front end"
#endif

#include <stddef.h>
#include <stdint.h>

#include "../lib/buf.h"

/* The figures, in the order of the table's rows.  Not stored. */
enum stats_figure {
	STATS_REPORTS = 0,      /* 書き込み発見報告 (cases reported) */
	STATS_HIGH,             /* 保護の必要性が高いと判断 */
	STATS_SENT,             /* 交信（送信） */
	STATS_MEETINGS,         /* 面会実施 */
	STATS_GUIDED_ENTERTAINMENT, /* 補導：不健全娯楽 (R-CASE-7) */
	STATS_GUIDED_SEXUAL,    /* 補導：不健全性的行為 (R-CASE-7) */
	STATS_GUARDIANS,        /* 保護者への連絡 */
	STATS_MEASURES,         /* 継続的な措置 (R-CASE-11) */
	STATS__COUNT
};

/* A figure's stable key (JSON, CSV) and its Japanese label. */
struct stats_figure_name {
	const char *key;
	const char *label;
};
extern const struct stats_figure_name stats_figures[STATS__COUNT];

/* At most two years of months and this many units in one table. */
#define STATS_MONTHS_MAX 24
#define STATS_UNITS_MAX 64

/* Months as civil_month_index() (year * 12 + month - 1), inclusive. */
struct stats_period {
	int from;
	int to;
};

/*
 * stats_period_read - the period of the request: from/to ("YYYY-MM",
 * both or neither), or year ("YYYY") with basis "calendar" (暦年, the
 * default) or "fiscal" (年度: April to March), or, with none given, the
 * fiscal year of today (a civil date in Tokyo).  from after to, a
 * malformed value or more than STATS_MONTHS_MAX months is MM_EINVAL with
 * *field the key to blame and *why a static Japanese message.
 */
int stats_period_read(const char *from, const char *to, const char *year,
		      const char *basis, int today_month,
		      struct stats_period *out, const char **field,
		      const char **why);

/* stats_period_months - how many months p covers (1..). */
int stats_period_months(const struct stats_period *p);

/*
 * stats_month_start - the instant (unix seconds) of 00:00 in Tokyo on
 * the first day of month index m.  Asia/Tokyo has kept UTC+9 without
 * summer time since 1951, so the offset is a constant here.
 */
int64_t stats_month_start(int m);

/* stats_tokyo_day - the Tokyo day number (days since 1970-01-01) of t. */
int64_t stats_tokyo_day(int64_t t);

/*
 * stats_month_of_day - the month index of Tokyo day number day into *m.
 * 0 or MM_EINVAL.
 */
int stats_month_of_day(int64_t day, int *m);

/* stats_month_key - "YYYY-MM" of month index m into out (>= 8 bytes). */
void stats_month_key(int m, char *out, size_t size);

/*
 * stats_month_label - appends the month in the era calendar, "令和8年4月"
 * (元年 for an era's first year).  0 or MM_ENOMEM/the buffer's error.
 */
int stats_month_label(int m, struct buf *out);

/*
 * The table: per unit (in the order added), month of the period and
 * figure, a count.  Plain data; zero it and call stats_table_init.
 */
struct stats_table {
	struct stats_period period;
	int n_months;
	size_t n_units;
	int64_t units[STATS_UNITS_MAX];
	uint32_t counts[STATS_UNITS_MAX][STATS_MONTHS_MAX][STATS__COUNT];
};

/* stats_table_init - an empty table of period p (valid, see above). */
void stats_table_init(struct stats_table *t, const struct stats_period *p);

/*
 * stats_table_unit - adds unit_id as a column of t (once).  0 or
 * MM_EOVERFLOW past STATS_UNITS_MAX.
 */
int stats_table_unit(struct stats_table *t, int64_t unit_id);

/*
 * stats_table_add - counts n events of figure f of unit_id on Tokyo day
 * number day.  An event outside the period or of a unit not in t is left
 * out (0); a figure out of range is MM_EINVAL.
 */
int stats_table_add(struct stats_table *t, enum stats_figure f,
		    int64_t unit_id, int64_t day, uint32_t n);

/*
 * stats_count - the count of figure f in month m of the period (0: its
 * first) for unit column u, or for every unit when u is (size_t)-1.
 */
uint64_t stats_count(const struct stats_table *t, size_t u, int m,
		     enum stats_figure f);

/* stats_sum - the whole period's count of f for column u (or -1: all). */
uint64_t stats_sum(const struct stats_table *t, size_t u, enum stats_figure f);

#endif
