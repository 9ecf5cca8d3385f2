/*
 * stats.c - the counts of the division's statistics (store_stats.h),
 * once for every backend.
 */
#include "../store_stats.h"

#include <stdio.h>
#include <string.h>

#include "../db.h"
#include "core/civil.h"
#include "core/wareki.h"
#include "lib/err.h"
#include "lib/banned.h"

struct stats_op {
	int64_t unit_id;
	struct stats_table *t;
};

/*
 * The Tokyo day of an instant column, in SQL both dialects compute the
 * same way (integer division of a non-negative BIGINT): the instants
 * counted are all after 1970.
 */
#define DAY(col) "((" col " + 32400) / 86400)"
#define TOLD_AT "(CASE WHEN guardians_told_at > 0 THEN guardians_told_at" \
	" ELSE meet_at END)"
#define UNIT_IS "(? = 0 OR unit_id = ?)"

/* Each part: figure, unit, Tokyo day (or 0 and a date), count. */
static const char stats_sql[] =
	"SELECT 0, unit_id, " DAY("reported_at") ", '', COUNT(*) FROM cases"
	" WHERE reported_at >= ? AND reported_at < ? AND " UNIT_IS
	" GROUP BY unit_id, " DAY("reported_at")
	" UNION ALL "
	"SELECT 1, unit_id, " DAY("triaged_at") ", '', COUNT(*) FROM cases"
	" WHERE need = 1 AND triaged_at >= ? AND triaged_at < ? AND " UNIT_IS
	" GROUP BY unit_id, " DAY("triaged_at")
	" UNION ALL "
	"SELECT 2, unit_id, " DAY("at") ", '', COUNT(*) FROM case_messages"
	" WHERE direction = 1 AND at >= ? AND at < ? AND " UNIT_IS
	" GROUP BY unit_id, " DAY("at")
	" UNION ALL "
	"SELECT 3, unit_id, " DAY("meet_at") ", '', COUNT(*) FROM meetings"
	" WHERE met = 1 AND outcome_at > 0 AND meet_at >= ? AND meet_at < ?"
	" AND " UNIT_IS " GROUP BY unit_id, " DAY("meet_at")
	" UNION ALL "
	"SELECT 3 + guidance, unit_id, " DAY("meet_at") ", '', COUNT(*)"
	" FROM meetings WHERE met = 1 AND juvenile = 1 AND guidance > 0"
	" AND outcome_at > 0 AND meet_at >= ? AND meet_at < ? AND " UNIT_IS
	" GROUP BY guidance, unit_id, " DAY("meet_at")
	" UNION ALL "
	"SELECT 6, unit_id, " DAY(TOLD_AT) ", '', COUNT(*) FROM meetings"
	" WHERE guardians_told = 1 AND outcome_at > 0 AND " TOLD_AT " >= ?"
	" AND " TOLD_AT " < ? AND " UNIT_IS
	" GROUP BY unit_id, " DAY(TOLD_AT)
	" UNION ALL "
	"SELECT 7, m.unit_id, 0, x.decided_on, COUNT(*)"
	" FROM meeting_measures x JOIN meetings m ON m.id = x.meeting_id"
	" WHERE x.decided_on >= ? AND x.decided_on < ?"
	" AND (? = 0 OR m.unit_id = ?)"
	" GROUP BY m.unit_id, x.decided_on";

static int stats_row(const struct db_row *r, void *arg)
{
	struct stats_op *op = arg;
	int64_t day = db_int(r, 2);
	char date[16];

	if (db_type(r, 3) != DB_NULL && db_text(r, 3, date, sizeof date) == 0 &&
	    date[0]) {
		struct civil_date d;

		/* a measure's day is the date the manager decided it on */
		if (civil_parse_iso(date, &d) < 0)
			return MM_ECORRUPT;
		day = civil_to_days(&d);
	}
	return stats_table_add(op->t, (enum stats_figure)db_int(r, 0),
			       db_int(r, 1), day, (uint32_t)db_int(r, 4));
}

static int do_stats(struct db *d, void *arg)
{
	struct stats_op *op = arg;
	const struct stats_period *p = &op->t->period;
	int64_t from = stats_month_start(p->from);
	int64_t to = stats_month_start(p->from + op->t->n_months);
	int64_t u = op->unit_id;
	char from_day[24], to_day[24];

	snprintf(from_day, sizeof from_day, "%04d-%02d-01", p->from / 12,
		 p->from % 12 + 1);
	snprintf(to_day, sizeof to_day, "%04d-%02d-01",
		 (p->from + op->t->n_months) / 12,
		 (p->from + op->t->n_months) % 12 + 1);
	return db_query(d, stats_sql,
			DB_P(DB_I(from), DB_I(to), DB_I(u), DB_I(u),
			     DB_I(from), DB_I(to), DB_I(u), DB_I(u),
			     DB_I(from), DB_I(to), DB_I(u), DB_I(u),
			     DB_I(from), DB_I(to), DB_I(u), DB_I(u),
			     DB_I(from), DB_I(to), DB_I(u), DB_I(u),
			     DB_I(from), DB_I(to), DB_I(u), DB_I(u),
			     DB_T(from_day), DB_T(to_day), DB_I(u), DB_I(u)),
			stats_row, op);
}

int store_stats_read(struct store *s, int64_t unit_id, struct stats_table *t)
{
	struct stats_op op = { unit_id, t };

	return store_read(s, do_stats, &op);
}
