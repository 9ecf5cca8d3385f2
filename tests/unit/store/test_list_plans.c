/*
 * test_list_plans.c - no list reads a large table whole (issue 12,
 * growth: every list page, the home page's waiting lists and the API's
 * lists stay as fast with 1 M audit entries, 100 k loans and 10 k users
 * as at demo size), on SQLite and, with MAMORI_TEST_PG, on PostgreSQL.
 *
 * The statements come from the store itself: ops_list_probe
 * (store/ops/page.h) hands the test every statement that reads a page,
 * with its values, as the store's list functions make it, called here
 * with each of their filters on and off and with the views of the whole
 * prefecture, of one station and of an officer (a station and the
 * own).  So when a list's query changes, this checks the new one.  The
 * large tables (users, loans, applications, the audit trail) get ROWS
 * rows each, all of one station and all closed or decided, so a filter
 * or a view that matches few of them must be read off an index to stay
 * cheap.
 *
 * What fails:
 *  - SQLite: a statement whose run steps more than BOUND times through
 *    full scans (sqlite3_stmt_status SQLITE_STMTSTATUS_FULLSCAN_STEP).
 *    EXPLAIN QUERY PLAN alone cannot tell: a page in id order is
 *    "SCAN loans" too, a scan in the rowid's order that LIMIT stops
 *    after a page, just as a scan that filters every row is; the count
 *    of rows stepped tells them apart.  The plan is printed on failure.
 *  - PostgreSQL (tables ANALYZEd): EXPLAIN ANALYZE showing a "Seq Scan"
 *    of a large table, or any node that read and threw away more than
 *    BOUND rows ("Rows Removed by Filter"): an index scan in the wrong
 *    order is a full scan too.
 * SQLite runs without statistics (Mamori never runs ANALYZE), as in
 * production, so its plans are the ones a grown database gets.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"
#include "store/store_devices.h"
#include "store/store_cases.h"
#include "store/store_compliance.h"
#include "store/store_designations.h"
#include "store/store_meetings.h"
#include "store/store_photos.h"
#include "store/db.h"
#include "store/ops/page.h"

#define ROWS 4000
/* a page is at most STORE_PAGE_MAX + 1 rows; far below ROWS */
#define BOUND 800

static const char *const large[] = {
	"users", "loans", "borrow_applications", "audit_log", NULL
};

/* ---- the statements the store runs ---- */

struct stmt {
	char *sql;
	int n;
	struct db_param p[OPS_WHERE_MAX + 2];
	char *text[OPS_WHERE_MAX + 2];
	char what[96];
};

static struct stmt seen[256];
static size_t n_seen;
static char doing[96]; /* the call that ran it */

static void probe(const char *sql, const struct db_param *p, int n)
{
	struct stmt *s;

	assert_true(n_seen < sizeof seen / sizeof *seen);
	assert_true(n <= OPS_WHERE_MAX + 2);
	s = &seen[n_seen++];
	s->sql = strdup(sql);
	s->n = n;
	snprintf(s->what, sizeof s->what, "%s", doing);
	for (int i = 0; i < n; i++) {
		s->p[i] = p[i];
		s->text[i] = p[i].type == DB_TEXT && p[i].p ?
			     strdup(p[i].p) : NULL;
		s->p[i].p = s->text[i];
	}
}

static void forget(void)
{
	for (size_t i = 0; i < n_seen; i++) {
		free(seen[i].sql);
		for (int k = 0; k < seen[i].n; k++)
			free(seen[i].text[k]);
	}
	n_seen = 0;
}

/* ---- the rows ---- */

static void seed(struct fx *f)
{
	char sql[2048];
	const char *series = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL"
			     " SELECT i + 1 FROM n WHERE i < " OPS_STR(ROWS) ") ";

	fx_units(f);
	snprintf(sql, sizeof sql, "%s INSERT INTO users (login, password_hash,"
		 " name, name_kana, rank, sex, unit_id, created_at)"
		 " SELECT 'u' || i, 'x', '職員' || i, 'しょくいん' || i, 1, 1,"
		 " %lld, 0 FROM n", series, (long long)f->kita);
	assert_int_equal(fx_raw(f->path, sql), 0);
	snprintf(sql, sizeof sql, "INSERT INTO devices (model, phone, serial,"
		 " contract_ref, remarks, state, created_at) VALUES"
		 " ('M', '090', 'S-1', 'C', '', 1, 0)");
	assert_int_equal(fx_raw(f->path, sql), 0);
	/* decided applications, each of a loan closed long ago */
	snprintf(sql, sizeof sql, "%s INSERT INTO borrow_applications (kind,"
		 " unit_id, consulted_on, consulted_with, consultation,"
		 " start_on, due_on, purpose, state, applied_at, policy_id)"
		 " SELECT 1, %lld, '2020-01-01', 'x', 'x', '2020-01-01',"
		 " '2020-12-31', 'x', %d, 0, 'kumasho-121-2020' FROM n", series,
		 (long long)f->kita, APPLICATION_APPROVED);
	assert_int_equal(fx_raw(f->path, sql), 0);
	snprintf(sql, sizeof sql, "INSERT INTO loans (device_id, unit_id,"
		 " application_id, start_on, due_on, original_due_on, state,"
		 " lent_at, policy_id) SELECT (SELECT min(id) FROM devices),"
		 " unit_id, id, '2020-01-01', '2020-12-31', '2020-12-31', %d,"
		 " 0, policy_id FROM borrow_applications", LOAN_CLOSED);
	assert_int_equal(fx_raw(f->path, sql), 0);
	snprintf(sql, sizeof sql, "%s INSERT INTO audit_log (at, actor_user_id,"
		 " actor_login, role, unit_id, addr, action, object_type,"
		 " object_id, detail, prev_hash, hash) SELECT 0, 0, 'admin', 0,"
		 " %lld, 'cli', 'bench.seed', 'unit', i, '{}', %s FROM n",
		 series, (long long)f->kita,
		 /* PostgreSQL: entries the sealer has not chained yet */
		 fx_pg(f) ? "NULL, NULL" : "'', ''");
	assert_int_equal(fx_raw(f->path, sql), 0);
	if (fx_pg(f))
		assert_int_equal(fx_raw(f->path, "ANALYZE"), 0);
}

/* ---- the lists, each filter on and off ---- */

static size_t fi; /* the filter of a loop, named with its call */

#define RUN(call) do {                                                  \
		snprintf(doing, sizeof doing, "%s, filter %zu", #call, fi); \
		assert_int_equal(call, 0);                              \
	} while (0)

static void list_everything(struct fx *f, const struct authz_view *v)
{
	struct page_req first = { .limit = 0 }, most = { .limit = STORE_PAGE_MAX };
	struct page_req next = { .after = 2, .limit = 0 };
	struct loan_list ll;
	struct application_list al;
	struct user_list ul;
	struct takeout_list tl;
	struct audit_list aul;
	struct audit_page ap;
	struct device_list dl;
	struct case_list cl;
	struct breach_list bl;
	struct screenshot_list sl;
	struct service_list svl;
	struct meeting_list ml;
	struct exception_list el;
	const struct loan_filter loans[] = {
		{ 0 }, { .unit_id = f->minami }, { .device_id = 1 },
		{ .application_id = 3 }, { .state = LOAN_LENT },
		{ .open_only = 1 },
	};
	const struct takeout_filter takeouts[] = {
		{ 0 }, { .unit_id = f->minami }, { .loan_id = 3 },
		{ .device_id = 1 }, { .open_only = 1 },
	};
	const struct case_filter cases[] = {
		{ 0 }, { .open_only = 1 }, { .review_pending = 1 },
	};
	const struct service_filter services[] = {
		{ 0 }, { .waiting_only = 1 },
	};

	fi = 0;

	for (fi = 0; fi < sizeof loans / sizeof *loans; fi++) {
		RUN(store_loan_list(f->s, v, &loans[fi], &most, &ll));
		loan_list_release(&ll);
		RUN(store_loan_list(f->s, v, &loans[fi], &next, &ll));
		loan_list_release(&ll);
	}
	fi = 0;
	for (fi = 0; fi < sizeof takeouts / sizeof *takeouts; fi++) {
		RUN(store_takeout_list(f->s, v, &takeouts[fi], &most, &tl));
		takeout_list_release(&tl);
	}
	fi = 0;
	RUN(store_application_list(f->s, v, 0, 0, &first, &al));
	application_list_release(&al);
	RUN(store_application_list(f->s, v, 0, 0, &next, &al));
	application_list_release(&al);
	RUN(store_application_list(f->s, v, f->minami, 0, &first, &al));
	application_list_release(&al);
	RUN(store_application_list(f->s, v, 0, APPLICATION_SUBMITTED, &most,
				   &al));
	application_list_release(&al);
	RUN(store_user_list(f->s, v, 0, 0, &first, &ul));
	user_list_release(&ul);
	/* an ordered list goes on only from a row the view holds */
	RUN(store_user_list(f->s, v, 0, 1, v->all ? &next : &first, &ul));
	user_list_release(&ul);
	RUN(store_user_list(f->s, v, f->minami, 0, &first, &ul));
	user_list_release(&ul);
	RUN(store_user_list(f->s, v, f->hq, 1, &first, &ul));
	user_list_release(&ul);
	RUN(store_audit_page(f->s, v, &first, &ap));
	audit_page_release(&ap);
	RUN(store_audit_page(f->s, v, &next, &ap));
	audit_page_release(&ap);
	RUN(store_audit_action_page(f->s, "case.read", 0, &first, &ap));
	audit_page_release(&ap);
	RUN(store_audit_action_page(f->s, "case.read", 7, &first, &ap));
	audit_page_release(&ap);
	RUN(store_audit_list(f->s, 0, 0, 50, &aul));
	audit_list_release(&aul);
	RUN(store_audit_list(f->s, f->minami, 0, 50, &aul));
	audit_list_release(&aul);
	RUN(store_audit_list(f->s, f->minami, 100, 50, &aul));
	audit_list_release(&aul);
	RUN(store_device_list(f->s, v, 0, &first, &dl));
	device_list_release(&dl);
	for (fi = 0; fi < sizeof cases / sizeof *cases; fi++) {
		RUN(store_case_list_filtered(f->s, v, &cases[fi], &most, &cl));
		case_list_release(&cl);
	}
	fi = 0;
	RUN(store_breach_list(f->s, v, 0, 0, 1, &most, &bl));
	breach_list_release(&bl);
	RUN(store_screenshot_list(f->s, v, NULL, &most, &sl));
	screenshot_list_release(&sl);
	for (fi = 0; fi < sizeof services / sizeof *services; fi++) {
		RUN(store_service_list(f->s, v, &services[fi], &most, &svl));
		service_list_release(&svl);
	}
	fi = 0;
	RUN(store_meeting_list(f->s, v, 0, 0, 0, 1, &most, &ml));
	meeting_list_release(&ml);
	RUN(store_exception_list(f->s, v, 1, &most, &el));
	exception_list_release(&el);
}

/* ---- the checks ---- */

static int is_large(const char *table)
{
	for (const char *const *t = large; *t; t++)
		if (!strcmp(*t, table))
			return 1;
	return 0;
}

static int bytes_order(void *arg, int na, const void *a, int nb,
		       const void *b)
{
	int rc = memcmp(a, b, (size_t)(na < nb ? na : nb));

	(void)arg;
	return rc ? rc : na - nb;
}

static void sq_bind_all(sqlite3_stmt *st, const struct stmt *s)
{
	for (int i = 0; i < s->n; i++) {
		int rc = s->p[i].type == DB_INT ?
			 sqlite3_bind_int64(st, i + 1, s->p[i].i) :
			 s->p[i].type == DB_TEXT ?
			 sqlite3_bind_text(st, i + 1, s->text[i] ? s->text[i] : "",
					   -1, SQLITE_TRANSIENT) :
			 sqlite3_bind_null(st, i + 1);

		assert_int_equal(rc, SQLITE_OK);
	}
}

/* sql as the store's SQLite driver runs it: without ` COLLATE "C"`,
 * SQLite's BINARY being that order (sqlite/driver.c) */
static char *sq_text(const char *sql)
{
	static const char collate[] = " COLLATE \"C\"";
	char *out = strdup(sql), *at;

	while ((at = strstr(out, collate)))
		memmove(at, at + sizeof collate - 1,
			strlen(at + sizeof collate - 1) + 1);
	return out;
}

/* 0, or 1 after printing why s reads too much (SQLite). */
static int sq_check(sqlite3 *db, const struct stmt *s)
{
	char eqp[8192];
	size_t at = 0;
	sqlite3_stmt *st;
	int fullscan, step;
	size_t len = strlen(s->sql) + 32;
	char *q = malloc(len), *sql = sq_text(s->sql);

	/* the plan, for the message */
	snprintf(q, len, "EXPLAIN QUERY PLAN %s", sql);
	assert_int_equal(sqlite3_prepare_v2(db, q, -1, &st, NULL), SQLITE_OK);
	sq_bind_all(st, s);
	eqp[0] = '\0';
	while (sqlite3_step(st) == SQLITE_ROW && at < sizeof eqp - 200)
		at += (size_t)snprintf(eqp + at, sizeof eqp - at, "    %s\n",
				       (const char *)sqlite3_column_text(st, 3));
	sqlite3_finalize(st);
	free(q);
	/* the run: the rows stepped through in full scans */
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL),
			 SQLITE_OK);
	sq_bind_all(st, s);
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		;
	assert_int_equal(step, SQLITE_DONE);
	fullscan = sqlite3_stmt_status(st, SQLITE_STMTSTATUS_FULLSCAN_STEP, 0);
	sqlite3_finalize(st);
	free(sql);
	if (fullscan <= BOUND)
		return 0;
	print_error("%s steps %d rows of full scans (at most %d):\n  %s\n%s",
		    s->what, fullscan, BOUND, s->sql, eqp);
	return 1;
}

/* s's SQL with ? as $1, $2 ... (PostgreSQL); the store's SQL has no ?
 * inside quotes. */
static char *pg_text(const char *sql)
{
	size_t cap = strlen(sql) * 2 + 64, at = 0;
	char *out = malloc(cap);
	int k = 0;

	at = (size_t)snprintf(out, cap, "EXPLAIN (ANALYZE, COSTS OFF) ");
	for (const char *c = sql; *c; c++) {
		if (*c == '?')
			at += (size_t)snprintf(out + at, cap - at, "$%d", ++k);
		else
			out[at++] = *c;
	}
	out[at] = '\0';
	return out;
}

/* 0, or 1 after printing why s reads too much (PostgreSQL). */
static int pg_check(PGconn *c, const struct stmt *s)
{
	const char *values[OPS_WHERE_MAX + 2];
	char ints[OPS_WHERE_MAX + 2][24];
	char *q = pg_text(s->sql);
	char plan[8192];
	size_t at = 0;
	int bad = 0;
	PGresult *r;

	for (int i = 0; i < s->n; i++) {
		snprintf(ints[i], sizeof ints[i], "%lld", (long long)s->p[i].i);
		values[i] = s->p[i].type == DB_INT ? ints[i] :
			    s->p[i].type == DB_TEXT ? s->text[i] : NULL;
	}
	r = PQexecParams(c, q, s->n, NULL, values, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		fail_msg("%s: %s\n%s", s->what, PQerrorMessage(c), q);
	plan[0] = '\0';
	for (int i = 0; i < PQntuples(r); i++) {
		const char *line = PQgetvalue(r, i, 0);
		const char *seq = strstr(line, "Seq Scan on ");
		const char *removed = strstr(line, "Rows Removed by Filter: ");
		char table[64] = "";

		if (at < sizeof plan - 300)
			at += (size_t)snprintf(plan + at, sizeof plan - at,
					       "    %s\n", line);
		if (seq && sscanf(seq + 12, "%63[a-z_]", table) == 1 &&
		    is_large(table))
			bad = 1;
		if (removed && atol(removed + 24) > BOUND)
			bad = 1;
	}
	PQclear(r);
	if (bad)
		print_error("%s reads a large table whole:\n  %s\n%s", s->what,
			    s->sql, plan);
	free(q);
	return bad;
}

static void check_all(struct fx *f)
{
	int bad = 0;

	if (fx_pg(f)) {
		PGconn *c = PQconnectdb(f->path);

		assert_int_equal(PQstatus(c), CONNECTION_OK);
		for (size_t i = 0; i < n_seen; i++)
			bad += pg_check(c, &seen[i]);
		PQfinish(c);
	} else {
		sqlite3 *db;

		assert_int_equal(sqlite3_open_v2(f->path, &db,
						 SQLITE_OPEN_READONLY, NULL),
				 SQLITE_OK);
		/* the store's collation of COLLATE "C" (sqlite/driver.c) */
		assert_int_equal(sqlite3_create_collation(db, "C", SQLITE_UTF8,
							  NULL, bytes_order),
				 SQLITE_OK);
		for (size_t i = 0; i < n_seen; i++)
			bad += sq_check(db, &seen[i]);
		sqlite3_close(db);
	}
	if (bad)
		fail_msg("%d of %zu list statements read a large table whole",
			 bad, n_seen);
}

/* issue 12: every list statement, every filter, two views. */
static void test_no_list_reads_a_large_table_whole(void **state)
{
	struct fx *f = *state;
	struct authz_view all = { .all = 1 };
	struct authz_view station = { .n_units = 1 };

	seed(f);
	station.units[0] = f->minami;
	ops_list_probe = probe;
	list_everything(f, &all);
	list_everything(f, &station);
	/* an officer's: the station's and the own (a user of KITA) */
	station.owner_user_id = 5;
	list_everything(f, &station);
	ops_list_probe = NULL;
	/* the probe saw the lists' statements, not a handful of them */
	assert_true(n_seen >= 60);
	check_all(f);
	forget();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_no_list_reads_a_large_table_whole, fx_setup,
			fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
