/*
 * store_stats.h - the counts behind the division's statistics (issue 11,
 * core/stats.h): one read of the cases, their messages, the meetings
 * and their measures, grouped by figure, unit and Tokyo day in SQL.
 */
#ifndef MM_STORE_STATS_H
#define MM_STORE_STATS_H
#ifndef MM_SEES_STORE /* the layers: HACKING.md */
#error "layer: store/ is seen only by store/ and the front end"
#endif

#include "store.h"
#include "../core/stats.h"

/*
 * store_stats_read - adds to t (its period set, its unit columns added
 * by the caller: stats_table_init, stats_table_unit) the events of its
 * period: of unit_id only, or of every unit when unit_id is 0 (the
 * caller decides who may read which, authz_check).  What each figure
 * counts, and under which unit and day:
 *   reports        a case reported: its reporting unit, reported_at
 *   judged_high    a case judged high: its reporting unit, triaged_at
 *   messages_sent  a message logged as sent: the unit that logged it, at
 *   meetings       a meeting whose outcome says the person was met:
 *                  the meeting's unit, meet_at
 *   guided_*       a met juvenile guided, by kind: the same
 *   guardians_told a meeting whose outcome says the guardians were told:
 *                  the meeting's unit, guardians_told_at (else meet_at)
 *   measures       a follow-up measure: its meeting's unit, decided_on
 * One query in one read transaction; 0 or the store's error (t may then
 * hold part of the counts).
 */
int store_stats_read(struct store *s, int64_t unit_id, struct stats_table *t);

#endif
