/*
 * test_migrate.c - `mamori migrate` (store_migrate): a SQLite database
 * with rows in EVERY table, moved to PostgreSQL.  The tables copied must
 * be every table of the PostgreSQL schema (a table added by a future
 * migration and not copied fails here), with equal row counts, an intact
 * audit chain and rows that read back through the store API as they were.
 * Also: a table the code has never heard of (copied all the same, its
 * foreign-key cycle included), schemas that differ or are at other
 * versions (refused, nothing written), a broken source.
 * Needs MAMORI_TEST_PG (fixture.h); without it every test is skipped.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "fixture.h"
#include "store/store_mfa.h"
#include "store/store_seal.h"
#include "store/db.h"
#include "store/store_devices.h"
#include "store/store_designations.h"
#include "store/store_compliance.h"
#include "store/sqlite/migrate.h"
#include "store/pg/migrate.h"
#include "lib/pool.h"

/* An expiry no test outlives (2100-01-01). */
#define MM_TEST_FAR_FUTURE INT64_C(4102444800)

/* The memory of the loans read (a request's pool); lives for the run. */
static struct pool test_pool;

#define NEED_PG(f) do { if (!(f)) skip(); } while (0)

static int pg_setup(void **state)
{
	if (!fx_pg_server()) {
		*state = NULL;
		return 0;
	}
	return fx_setup(state);
}

static int pg_teardown(void **state)
{
	return *state ? fx_teardown(state) : 0;
}

/* ---- the source: something in every table ---- */

static const unsigned char tok_hash[MM_HASH_BYTES] = { 1, 2, 3, 0, 250 };
static const unsigned char sess_hash[MM_HASH_BYTES] = { 7, 0, 7 };

struct source {
	int64_t gm, mgr, off, asst, comm, tanaka;
	struct actor a_gm, a_mgr, a_off, a_asst, a_comm;
	int64_t dev1, dev2;
	int64_t loan1, loan2;     /* closed after everything; still lent */
	int64_t extension;        /* application referencing loan1 */
	int64_t takeout;
	int64_t session_at;
};

static struct civil_date day(int y, int m, int d)
{
	return (struct civil_date){ y, m, d };
}

static const unsigned char rec_hashes[64] = { 1, 0, 2, [32] = 3, 0, 4 };

static void add_people(struct fx *f, struct source *w)
{
	struct actor cli = { 0, "cli", ROLE_NONE, 0, "cli" };
	struct session_info si;
	int64_t id = 0;

	fx_units(f);
	w->gm = fx_user(f, "gm", f->hq);
	w->mgr = fx_user(f, "mgr", f->kita);
	w->off = fx_user(f, "off", f->kita);
	w->asst = fx_user(f, "asst", f->kita);
	w->comm = fx_user(f, "comm", f->kita);
	w->tanaka = fx_user(f, "tanaka", f->minami);
	assert_true(w->gm > 0 && w->comm > 0 && w->tanaka > 0);
	assert_int_equal(store_role_assign(f->s, &cli, w->gm,
					   ROLE_GENERAL_MANAGER, f->hq, NULL), 0);
	assert_int_equal(store_role_assign(f->s, &cli, w->mgr, ROLE_MANAGER,
					   f->kita, NULL), 0);
	/* a revoked assignment: revoked_at not NULL */
	assert_int_equal(store_role_assign(f->s, &cli, w->tanaka, ROLE_MANAGER,
					   f->minami, &id), 0);
	assert_int_equal(store_role_revoke(f->s, &cli, id), 0);
	w->a_gm = (struct actor){ w->gm, "gm", ROLE_GENERAL_MANAGER, f->hq, "t" };
	w->a_mgr = (struct actor){ w->mgr, "mgr", ROLE_MANAGER, f->kita, "t" };
	w->a_off = (struct actor){ w->off, "off", ROLE_OPERATIONS_OFFICER,
				   f->kita, "t" };
	w->a_asst = (struct actor){ w->asst, "asst", ROLE_ASSISTANT, f->kita, "t" };
	w->a_comm = (struct actor){ w->comm, "comm", ROLE_COMM_OFFICER, f->kita,
				    "t" };
	assert_int_equal(store_session_create(f->s, &w->a_mgr, sess_hash, &si), 0);
	w->session_at = si.created_at;
	/* a token hash with a zero byte inside: copied as bytes, not text */
	assert_int_equal(store_token_create(f->s, &w->a_mgr, w->mgr, "端末",
					    tok_hash, MM_TEST_FAR_FUTURE, &id), 0);
	assert_int_equal(store_login_failure(f->s, "x", "10.0.0.9", 100), 0);
	/* a second factor with its recovery codes (hashes with a zero byte) */
	assert_int_equal(store_mfa_begin(f->s, &w->a_mgr, w->mgr, "00ff10ab"), 0);
	assert_int_equal(store_mfa_confirm(f->s, &w->a_mgr, w->mgr, 12345,
					   rec_hashes, 2, sess_hash), 0);
}

static int64_t add_device(struct fx *f, struct source *w, const char *serial)
{
	struct device d = { 0 };
	char contract[80], remarks[80];

	d.model = "Pixel 8";
	snprintf(d.phone, sizeof d.phone, "090-0000-0000");
	snprintf(d.serial, sizeof d.serial, "%s", serial);
	snprintf(contract, sizeof contract, "C-%s", serial);
	snprintf(remarks, sizeof remarks, "備考「%s」", serial);
	d.contract_ref = contract;
	d.remarks = remarks;
	assert_int_equal(store_device_create(f->s, &w->a_gm, &d), 0);
	return d.id;
}

static void application_of(struct fx *f, struct borrow_application *p,
			   int64_t device)
{
	memset(p, 0, sizeof *p);
	p->kind = APPLICATION_KIND_NEW;
	p->unit_id = f->kita;
	p->device_id = device;
	p->consulted_on = day(2025, 3, 20);
	p->consulted_with = "少年課長";
	p->consultation = "1台貸出で合意";
	p->start = day(2025, 4, 1);
	p->due = day(2026, 3, 31);
	p->purpose = "サイバーパトロール";
}

static void approve(struct fx *f, struct source *w, int64_t id)
{
	struct borrow_application p;

	assert_int_equal(store_application_get(f->s, id, &test_pool, &p), 0);
	assert_int_equal(store_application_decide(f->s, &w->a_gm, id, p.version,
						  APPLICATION_EV_APPROVE,
						  "継続の必要あり", ""), 0);
}

static int64_t lend(struct fx *f, struct source *w, int64_t device)
{
	struct borrow_application p;
	struct loan l;

	application_of(f, &p, device);
	assert_int_equal(store_application_create(f->s, &w->a_mgr, &p), 0);
	approve(f, w, p.id);
	assert_int_equal(store_loan_lend(f->s, &w->a_gm, p.id, device, &l), 0);
	return l.id;
}

static void receive_and_check(struct fx *f, struct source *w, int64_t loan)
{
	struct training_record t = { .trained_on = day(2025, 4, 2) };
	struct location_check_entry c = { .loan_id = loan, .in_cabinet = 1,
					  .checked_on = day(2025, 4, 30) };
	struct loan l;

	t.trainer = "少年課 佐藤";
	t.topics = "運用要領";
	assert_int_equal(store_loan_get(f->s, loan, &test_pool, &l), 0);
	assert_int_equal(store_loan_receive(f->s, &w->a_off, loan, l.version,
					    &t), 0);
	c.remarks = "施錠保管を確認";
	assert_int_equal(store_check_add(f->s, &w->a_asst, &c), 0);
}

static void take_out(struct fx *f, struct source *w, int64_t loan)
{
	struct takeout t = { .loan_id = loan, .officer_id = w->comm,
			     .out_at = 1750000000, .expected_back = 1750010000 };

	t.destination = "熊本市内";
	t.reason = "街頭補導";
	assert_int_equal(store_takeout_request(f->s, &w->a_comm, &t), 0);
	assert_int_equal(store_takeout_decide(f->s, &w->a_asst, t.id, t.version,
					      TAKEOUT_EV_PERMIT, ""), 0);
	assert_int_equal(store_takeout_report(f->s, &w->a_comm, t.id,
					      t.version + 1, 1, "", "異常なし"), 0);
	w->takeout = t.id;
}

/* R-DEV-8: an extension references the loan (the table cycle). */
static void extend(struct fx *f, struct source *w, int64_t loan)
{
	struct borrow_application p;

	application_of(f, &p, 0);
	p.kind = APPLICATION_KIND_EXTENSION;
	p.loan_id = loan;
	p.due = day(2026, 9, 30);
	assert_int_equal(store_application_create(f->s, &w->a_mgr, &p), 0);
	approve(f, w, p.id);
	w->extension = p.id;
}

/* An account of the unit on device whose chain ran: in force (R-SVC-2). */
static int64_t account_in_force(struct fx *f, struct source *w,
				int64_t device, const char *service,
				const char *handle)
{
	struct actor ism = { w->tanaka, "tanaka", ROLE_INFOSEC_MANAGER, f->hq,
			     "t" };
	struct service_request r = { .service = service, .handle = handle,
				     .device_id = device, .purpose = "広報" };
	struct service_application x;

	assert_int_equal(store_service_apply(f->s, &w->a_asst, f->kita, &r,
					     &x), 0);
	assert_int_equal(store_service_step(f->s, &w->a_mgr, x.id, 1,
					    SERVICE_EV_PERMIT, ""), 0);
	assert_int_equal(store_service_step(f->s, &w->a_gm, x.id, 2,
					    SERVICE_EV_FORWARD, ""), 0);
	assert_int_equal(store_service_record_measures(f->s, &ism, x.id, 3,
						       "二段階認証", 1, 1), 0);
	return x.id;
}

/* R-DEV-9: the register's two accounts confirmed deleted, then closed. */
static void give_back(struct fx *f, struct source *w, int64_t loan)
{
	struct return_confirmation in = { .n = 2, .apps_uninstalled = 1,
					  .device_restored = 1,
					  .accessories_present = 1 };
	struct loan l;

	in.items[0] = (struct return_confirm){
		account_in_force(f, w, w->dev1, "X", "@patrol1"), 1 };
	in.items[1] = (struct return_confirm){
		account_in_force(f, w, w->dev1, "LINE", "p1"), 1 };
	assert_int_equal(store_loan_get(f->s, loan, &test_pool, &l), 0);
	assert_int_equal(store_loan_submit_return(f->s, &w->a_mgr, loan,
						  l.version, &in, NULL), 0);
	assert_int_equal(store_loan_get(f->s, loan, &test_pool, &l), 0);
	assert_int_equal(store_loan_close(f->s, &w->a_gm, loan, l.version, 1,
					  "画面に傷", 0), 0);
}

/* Form 1 designation (R-ROLE-4) and an external service (R-SVC-1). */
static void add_designation_and_service(struct fx *f, struct source *w)
{
	struct designation_grounds g = { .role = ROLE_OPERATIONS_OFFICER,
					 .rank = RANK_KEIBUHO, .exception_reason = "",
					 .knowledge = "", .aptitude = "" };
	struct service_request r = { .service = "X", .handle = "@patrol2",
				     .device_id = w->dev2,
				     .purpose = "広報" };

	assert_int_equal(store_designation_create(f->s, &w->a_mgr, f->kita, w->off,
						  &g, NULL), 0);
	assert_int_equal(store_service_apply(f->s, &w->a_asst, f->kita, &r,
					     NULL), 0);
}

/* An exception (R-EXC-1), a screenshot under it (R-EXC-3), a breach. */
static void add_compliance(struct fx *f, struct source *w, int64_t loan)
{
	struct actor ism = { w->tanaka, "tanaka", ROLE_INFOSEC_MANAGER, f->hq,
			     "t" };
	struct security_exception e = { .kind = EXCEPTION_KIND_SCREENSHOT };
	struct civil_date from = day(2025, 4, 1), until = day(2025, 4, 30);
	struct screenshot sh = { .loan_id = loan, .taken_at = 1745100000,
				 .taken_on = day(2025, 4, 20) };
	struct breach b = { .unit_id = f->kita, .rule = BREACH_RULE_CONNECTION,
			    .occurred_at = 1740000000 };

	e.scope = "北署のサイバーパトロール";
	e.purpose = "証拠保全のため";
	assert_int_equal(store_exception_apply(f->s, &w->a_gm, &e), 0);
	assert_int_equal(store_exception_approve(f->s, &ism, e.id, e.version,
						 "北署のみ", &from, &until), 0);
	sh.case_ref = "令和7年北少第12号";
	sh.reason = "投稿の保全";
	assert_int_equal(store_screenshot_record(f->s, &w->a_comm, &sh), 0);
	b.what = "庁内LANに接続した";
	b.who = "交信担当者A";
	assert_int_equal(store_breach_report(f->s, &w->a_asst, &b), 0);
	assert_int_equal(store_breach_step(f->s, &w->a_mgr, b.id, b.version,
					   BREACH_EV_FORWARD), 0);
}

/*
 * A case in its meetings (R-CASE-1..11): a case, a message, a meeting
 * closed after its follow-up and one measure, written as rows (the
 * chain's steps are the HTTP tests'; this test copies rows).
 */
static void add_case_rows(struct fx *f, const char *path,
			  const struct source *w)
{
	char sql[4096];
	sqlite3 *db;

	snprintf(sql, sizeof sql,
		 "INSERT INTO cases (id, unit_id, found_at, service, post_ref,"
		 " post_text, risk_signals, state, reported_by, reported_at,"
		 " crime, need, triage_reason, triaged_by, triaged_at,"
		 " assigned_unit_id, officer_id, device_id, loan_id,"
		 " assigned_by, assigned_at) VALUES (1, %lld, 1745000000,"
		 " 'SNS', 'p/1', '（架空）', '家出', 7, %lld, 1745000100, 2, 1,"
		 " '低年齢', %lld, 1745000200, %lld, %lld, %lld, %lld, %lld,"
		 " 1745000300);"
		 "INSERT INTO case_messages (case_id, unit_id, at, direction,"
		 " text, recorded_by, recorded_at) VALUES (1, %lld, 1745000400,"
		 " 2, '（架空）会えますか', %lld, 1745000500);"
		 "INSERT INTO meetings (id, case_id, unit_id, place, meet_at,"
		 " person_female, staff_1, staff_1_sex, staff_1_role, staff_2,"
		 " staff_2_sex, staff_2_role, escape_plan, setup_plan,"
		 " division_notified, state, reported_by, reported_at, met,"
		 " juvenile, guidance, guardians_told, guardian,"
		 " guardians_told_at, guardians_told_how, guardians_urged,"
		 " support_needed, assessed_by, assessed_at, closed_by,"
		 " closed_at) VALUES (1, 1, %lld, '駅前', 1745100000, 1, %lld,"
		 " 2, 5, %lld, 1, 4, '配置', '確認', 1, 8, %lld, 1745090000, 1,"
		 " 1, 1, 1, '母', 1745100500, '電話', 1, 1, %lld, 1745200000,"
		 " %lld, 1745300000);"
		 "INSERT INTO meeting_measures (meeting_id, kind, decided_on,"
		 " decided_by, recorded_at) VALUES (1, 1, '2025-04-22', %lld,"
		 " 1745250000);"
		 "INSERT INTO support_requests (id, case_id, unit_id, meet_at,"
		 " need, state, requested_by, requested_at, asked_by, asked_at,"
		 " closed_by, closed_at) VALUES (1, 1, %lld, 1745100000,"
		 " '女性職員1名', 3, %lld, 1745080000, %lld, 1745081000, %lld,"
		 " 1745085000);"
		 "INSERT INTO support_answers (request_id, unit_id, answer,"
		 " answered_by, answered_at) VALUES (1, %lld, 2, %lld,"
		 " 1745082000);"
		 /* issue 10: form 4, a processed photo, its send in the case */
		 "INSERT INTO photo_approvals (id, unit_id, staff_id, staff_name,"
		 " consent, purpose, device_id, state, applied_by, applied_at,"
		 " decided_by, decided_at) VALUES (1, %lld, %lld, '（架空）職員',"
		 " 1, '交信のため', %lld, 2, %lld, 1745000600, %lld, 1745000700);"
		 "INSERT INTO photos (id, approval_id, unit_id, device_id, effect,"
		 " strength, width, height, size, image, state, created_by,"
		 " created_at) VALUES (1, 1, %lld, %lld, 2, 5, 64, 48, 1000,"
		 " 'seal1:AA', 1, %lld, 1745000800);"
		 "INSERT INTO photo_sends (photo_id, unit_id, case_id, message_id,"
		 " text_insufficient, sent_by, sent_at, outcome, outcome_by,"
		 " outcome_at) VALUES (1, %lld, 1, 1, 1, %lld, 1745000900, 1,"
		 " %lld, 1745101000);"
		 /* issue 11: a printed form's yearly document number */
		 "INSERT INTO doc_numbers (form, record_id, year, serial,"
		 " issued_at, issued_by) VALUES ('form4', 1, 2025, 1,"
		 " 1745000800, NULL);"
		 /* issue 11: a hold and an entry of the disposal register */
		 "INSERT INTO holds (doctype, doc_id, kind, reason, placed_by,"
		 " placed_at) VALUES ('form3', 1, 1, '（架空）捜査', %lld,"
		 " 1745001000);"
		 "INSERT INTO disposals (doctype, doc_id, doc_name, rule,"
		 " base_on, disposed_at, disposed_by) VALUES ('form5', 1,"
		 " '実施結果報告書 第1号', '1年（暦年）', '2025-04-20',"
		 " 1745002000, %lld);",
		 (long long)f->kita, (long long)w->off, (long long)w->gm,
		 (long long)f->kita, (long long)w->comm, (long long)w->dev2,
		 (long long)w->loan2, (long long)w->gm, (long long)f->kita,
		 (long long)w->comm, (long long)f->kita, (long long)w->comm,
		 (long long)w->off, (long long)w->comm, (long long)w->mgr,
		 (long long)w->mgr, (long long)w->mgr, (long long)f->kita,
		 (long long)w->mgr, (long long)w->gm, (long long)w->gm,
		 (long long)f->minami, (long long)w->tanaka,
		 (long long)f->kita, (long long)w->comm, (long long)w->dev2,
		 (long long)w->comm, (long long)w->mgr,
		 (long long)f->kita, (long long)w->dev2, (long long)w->comm,
		 (long long)f->kita, (long long)w->comm, (long long)w->comm,
		 (long long)w->gm, (long long)w->gm);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

/* A SQLite database at path with rows in every table of the schema. */
static const unsigned char seal_key[32] = { 9, 8, 7 };

static int add_person_key(struct db *d, void *arg)
{
	(void)arg;
	return db_exec(d, "INSERT INTO person_keys (kind, record_id, which,"
		       " hash) VALUES ('case', 1, 'name_birth', '00ff')",
		       DB_NONE, NULL);
}

static void fill_sqlite(struct fx *f, const char *path, struct source *w)
{
	struct store *keep = f->s;
	struct borrow_application refused;

	memset(w, 0, sizeof *w);
	assert_int_equal(store_open(path, 1, &f->s), 0);
	add_people(f, w);
	w->dev1 = add_device(f, w, "IMEI-0001");
	w->dev2 = add_device(f, w, "IMEI-0002");
	w->loan1 = lend(f, w, w->dev1);
	receive_and_check(f, w, w->loan1);
	take_out(f, w, w->loan1);
	extend(f, w, w->loan1);
	give_back(f, w, w->loan1);
	w->loan2 = lend(f, w, w->dev2);
	receive_and_check(f, w, w->loan2);
	add_designation_and_service(f, w);
	add_compliance(f, w, w->loan2);
	application_of(f, &refused, w->dev1);
	assert_int_equal(store_application_create(f->s, &w->a_mgr, &refused), 0);
	assert_int_equal(store_application_decide(f->s, &w->a_gm, refused.id,
						  refused.version,
						  APPLICATION_EV_REFUSE, "不要",
						  ""), 0);
	for (int i = 0; i < 5; i++)
		assert_int_equal(store_audit_record(f->s, &w->a_gm, "bulk", "", i,
						    "{\"日本語\":\"はい\"}"), 0);
	/* issue 9: the key check and a person's keyed hash */
	assert_int_equal(store_set_field_key(f->s, &w->a_gm, seal_key), 0);
	assert_int_equal(store_write(f->s, add_person_key, NULL), 0);
	store_close(f->s);
	add_case_rows(f, path, w);
	f->s = keep;
}

/* ---- looking at both databases directly ---- */

static int64_t sq_scalar(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int64_t v = -1;

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

/* The result of sql on the database at url (the caller's, PQclear). */
static PGresult *pg_query(const char *url, const char *sql)
{
	PGconn *c = PQconnectdb(url);
	PGresult *r;

	assert_int_equal(PQstatus(c), CONNECTION_OK);
	r = PQexec(c, sql);
	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		print_error("%s: %s", sql, PQerrorMessage(c));
	assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
	PQfinish(c);
	return r;
}

static int64_t pg_scalar(const char *url, const char *sql)
{
	PGresult *r = pg_query(url, sql);
	int64_t v = PQntuples(r) == 1 ? strtoll(PQgetvalue(r, 0, 0), NULL, 10) : -1;

	PQclear(r);
	return v;
}

/* Every base table of the target's schema but the version table. */
static PGresult *pg_tables(const char *url)
{
	return pg_query(url, "SELECT table_name FROM information_schema.tables"
			" WHERE table_schema = current_schema() AND table_type ="
			" 'BASE TABLE' AND table_name <> 'schema_version'"
			" ORDER BY 1");
}

static int reported(const struct store_migrate_report *rep, const char *table)
{
	for (size_t i = 0; i < rep->n; i++)
		if (strcmp(rep->tables[i].table, table) == 0)
			return 1;
	return 0;
}

/* (a) the copied tables are exactly the tables of both schemas. */
static void expect_every_table_copied(struct fx *f, const char *path,
				      const struct store_migrate_report *rep)
{
	PGresult *r = pg_tables(f->path);

	for (int i = 0; i < PQntuples(r); i++) {
		if (!reported(rep, PQgetvalue(r, i, 0)))
			fail_msg("table %s was not copied", PQgetvalue(r, i, 0));
	}
	assert_int_equal(rep->n, (size_t)PQntuples(r));
	PQclear(r);
	assert_int_equal(sq_scalar(path, "SELECT count(*) FROM sqlite_schema"
				   " WHERE type = 'table' AND name NOT LIKE"
				   " 'sqlite%'"), (int64_t)rep->n);
}

/* (b) rows in every table (the fill above covers the whole schema), equal. */
static void expect_equal_counts(struct fx *f, const char *path,
				const struct store_migrate_report *rep)
{
	for (size_t i = 0; i < rep->n; i++) {
		char sql[160];
		int64_t a, b;

		snprintf(sql, sizeof sql, "SELECT count(*) FROM \"%s\"",
			 rep->tables[i].table);
		a = sq_scalar(path, sql);
		b = pg_scalar(f->path, sql);
		if (a <= 0)
			fail_msg("table %s is empty in the test's source: fill it in"
				 " fill_sqlite()", rep->tables[i].table);
		assert_int_equal(a, b);
		assert_int_equal(rep->tables[i].rows, a);
	}
}

/* Source and target trails are the same entries, hashes included. */
static void expect_same_trail(struct store *a, struct store *b)
{
	struct audit_list la, lb;

	assert_int_equal(store_audit_list(a, 0, 0, 10000, &la), 0);
	assert_int_equal(store_audit_list(b, 0, 0, 10000, &lb), 0);
	assert_int_equal(la.n, lb.n);
	for (size_t i = 0; i < la.n; i++) {
		assert_int_equal(la.items[i].seq, lb.items[i].seq);
		assert_string_equal(la.items[i].hash, lb.items[i].hash);
		assert_string_equal(la.items[i].action, lb.items[i].action);
		assert_string_equal(la.items[i].detail, lb.items[i].detail);
	}
	audit_list_release(&la);
	audit_list_release(&lb);
}

/* ---- (d) rows read back through the store API ---- */

static void expect_same_user(struct store *a, struct store *b, const char *login)
{
	struct user x, y;

	assert_int_equal(store_user_get_by_login(a, login, &x), 0);
	assert_int_equal(store_user_get_by_login(b, login, &y), 0);
	assert_int_equal(x.id, y.id);
	assert_string_equal(x.name, y.name);
	assert_string_equal(x.name_kana, y.name_kana);
	assert_int_equal(x.rank, y.rank);
	assert_int_equal(x.sex, y.sex);
	assert_int_equal(x.unit_id, y.unit_id);
	assert_int_equal(x.active, y.active);
	assert_int_equal(x.version, y.version);
}

static void expect_same_date(struct civil_date x, struct civil_date y)
{
	assert_int_equal(x.year, y.year);
	assert_int_equal(x.month, y.month);
	assert_int_equal(x.day, y.day);
}

static void expect_same_loan(struct store *a, struct store *b, int64_t id)
{
	struct loan x, y;

	assert_int_equal(store_loan_get(a, id, &test_pool, &x), 0);
	assert_int_equal(store_loan_get(b, id, &test_pool, &y), 0);
	assert_int_equal(x.device_id, y.device_id);
	assert_int_equal(x.application_id, y.application_id);
	expect_same_date(x.due, y.due);
	expect_same_date(x.original_due, y.original_due);
	expect_same_date(x.training.trained_on, y.training.trained_on);
	assert_string_equal(x.training.trainer, y.training.trainer);
	assert_int_equal(x.state, y.state);
	assert_int_equal(x.received_by, y.received_by);
	assert_int_equal(x.returned_at, y.returned_at);
	assert_int_equal(x.closed_by, y.closed_by);
	assert_int_equal(x.anomaly, y.anomaly);
	assert_string_equal(x.anomaly_text, y.anomaly_text);
	assert_string_equal(x.policy_id, y.policy_id);
	assert_int_equal(x.version, y.version);
	assert_int_equal(x.checklist.n_accounts, y.checklist.n_accounts);
	for (size_t i = 0; i < x.checklist.n_accounts; i++) {
		assert_string_equal(x.checklist.accounts[i].service,
				    y.checklist.accounts[i].service);
		assert_string_equal(x.checklist.accounts[i].account,
				    y.checklist.accounts[i].account);
		assert_int_equal(x.checklist.accounts[i].deleted,
				 y.checklist.accounts[i].deleted);
		assert_int_equal(x.checklist.accounts[i].service_id,
				 y.checklist.accounts[i].service_id);
	}
}

static void expect_same_lending(struct store *a, struct store *b,
				const struct source *w)
{
	struct borrow_application x, y;
	struct device dx, dy;
	struct takeout tx, ty;
	struct check_list cx, cy;

	assert_int_equal(store_application_get(a, w->extension, &test_pool, &x), 0);
	assert_int_equal(store_application_get(b, w->extension, &test_pool, &y), 0);
	assert_int_equal(y.kind, APPLICATION_KIND_EXTENSION);
	assert_int_equal(x.loan_id, y.loan_id);
	assert_int_equal(x.device_id, y.device_id);
	assert_int_equal(x.decided_by, y.decided_by);
	assert_string_equal(x.decision_reason, y.decision_reason);
	expect_same_date(x.due, y.due);
	assert_int_equal(store_device_get(a, w->dev2, &test_pool, &dx), 0);
	assert_int_equal(store_device_get(b, w->dev2, &test_pool, &dy), 0);
	assert_int_equal(dx.state, dy.state);
	assert_int_equal(dy.loan_id, w->loan2);
	assert_string_equal(dx.remarks, dy.remarks);
	assert_int_equal(store_takeout_get(a, w->takeout, &test_pool, &tx), 0);
	assert_int_equal(store_takeout_get(b, w->takeout, &test_pool, &ty), 0);
	assert_int_equal(tx.expected_back, ty.expected_back);
	assert_int_equal(tx.state, ty.state);
	assert_string_equal(tx.results, ty.results);
	assert_int_equal(store_check_list(a, NULL, w->loan1,
					  &(struct page_req){ 0 }, &cx), 0);
	assert_int_equal(store_check_list(b, NULL, w->loan1,
					  &(struct page_req){ 0 }, &cy), 0);
	assert_int_equal(cx.n, 1);
	assert_int_equal(cy.n, 1);
	assert_string_equal(cx.items[0].remarks, cy.items[0].remarks);
	assert_int_equal(cx.items[0].checked_by, cy.items[0].checked_by);
	check_list_release(&cx);
	check_list_release(&cy);
	expect_same_loan(a, b, w->loan1);
	expect_same_loan(a, b, w->loan2);
}

static void expect_same_people(struct store *a, struct store *b,
			       const struct source *w)
{
	struct role_list rx, ry;
	struct session_info si;
	int64_t uid = 0;

	expect_same_user(a, b, "mgr");
	expect_same_user(a, b, "tanaka");
	assert_int_equal(store_role_list(a, 0, &rx), 0);
	assert_int_equal(store_role_list(b, 0, &ry), 0);
	assert_int_equal(rx.n, ry.n);
	for (size_t i = 0; i < rx.n; i++) {
		assert_int_equal(rx.items[i].id, ry.items[i].id);
		assert_int_equal(rx.items[i].role, ry.items[i].role);
		assert_int_equal(rx.items[i].since, ry.items[i].since);
	}
	role_list_release(&rx);
	role_list_release(&ry);
	assert_int_equal(store_token_lookup(b, tok_hash, &uid), 0);
	assert_int_equal(uid, w->mgr);
	assert_int_equal(store_session_touch(b, sess_hash, w->session_at + 1,
					     3600, 86400, &si), 0);
	assert_int_equal(si.user_id, w->mgr);
}

/* The copy goes on: new ids after the copied ones, chain continues. */
static void expect_writable(struct fx *f, const struct source *w)
{
	struct device d = { 0 };
	struct actor gm = w->a_gm;

	assert_true(fx_user(f, "new", f->hq) > w->tanaka);
	d.model = "新機種";
	snprintf(d.serial, sizeof d.serial, "IMEI-NEW");
	assert_int_equal(store_device_create(f->s, &gm, &d), 0);
	assert_true(d.id > w->dev2);
}

/* ---- the tests ---- */

static int progress_calls;

static void copy_progress(const char *table, int64_t done, int64_t total,
			  void *arg)
{
	(void)arg;
	assert_non_null(table);
	assert_true(done >= 0 && done <= total);
	progress_calls++;
}

static void test_migrate_copies_every_table(void **state)
{
	struct fx *f = *state;
	struct store_migrate_report rep;
	struct audit_verify_result r;
	struct source w;
	struct store *src;
	char path[160];

	NEED_PG(f);
	fx_path(f, "source.sqlite", path, sizeof path);
	fill_sqlite(f, path, &w);
	progress_calls = 0;
	assert_int_equal(store_migrate(path, f->path, copy_progress, NULL, &rep), 0);
	assert_true(progress_calls >= (int)rep.n);
	assert_int_equal(rep.source_version, sq_migration_count());
	assert_int_equal(rep.target_version, rep.source_version);
	expect_every_table_copied(f, path, &rep);
	expect_equal_counts(f, path, &rep);
	/* (c) the chain verifies on the target, every entry on it */
	assert_int_equal(store_audit_verify(f->s, &r, NULL, NULL), 0);
	assert_int_equal(r.entries, sq_scalar(path, "SELECT count(*) FROM audit_log"));
	assert_int_equal(rep.audit_entries, r.entries);
	assert_int_equal(store_open(path, 0, &src), 0);
	expect_same_trail(src, f->s);
	expect_same_people(src, f->s, &w);
	expect_same_lending(src, f->s, &w);
	store_close(src);
	store_migrate_report_release(&rep);
	assert_null(rep.tables);
	expect_writable(f, &w);
	assert_int_equal(store_audit_verify(f->s, &r, NULL, NULL), 0);
	/* a target with data is never overwritten */
	assert_int_equal(store_migrate(path, f->path, NULL, NULL, NULL), MM_EEXIST);
	assert_int_equal(store_migrate(path, "sqlite:/tmp/x", NULL, NULL, NULL),
			 MM_EINVAL);
	assert_int_equal(store_migrate("/nonexistent/db.sqlite", f->path, NULL,
				       NULL, NULL), MM_ENOTFOUND);
}

/* A small source: units, users and the trail. */
static void fill_small(struct fx *f, const char *path)
{
	struct store *keep = f->s;

	assert_int_equal(store_open(path, 1, &f->s), 0);
	fx_units(f);
	assert_true(fx_user(f, "suzuki", f->kita) > 0);
	store_close(f->s);
	f->s = keep;
}

/*
 * A table of a future migration, unknown to the copying code, that
 * references itself with the child's id first: copied all the same, ids,
 * NULLs and bytes as they are, and its identity moved past the copied ids.
 */
static void test_migrate_copies_an_unknown_table(void **state)
{
	struct fx *f = *state;
	struct store_migrate_report rep;
	PGresult *r;
	char path[160];

	NEED_PG(f);
	fx_path(f, "source.sqlite", path, sizeof path);
	fill_small(f, path);
	assert_int_equal(fx_raw(path, "CREATE TABLE future (id INTEGER PRIMARY"
		" KEY, parent_id INTEGER REFERENCES future(id), note TEXT,"
		" data BLOB) STRICT; INSERT INTO future VALUES"
		" (1, 2, '子', x'00ff'), (2, NULL, NULL, NULL)"), SQLITE_OK);
	assert_int_equal(fx_raw(f->path, "CREATE TABLE future (id BIGINT"
		" GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, parent_id BIGINT"
		" REFERENCES future(id), note TEXT, data BYTEA)"), 0);
	assert_int_equal(store_migrate(path, f->path, NULL, NULL, &rep), 0);
	assert_true(reported(&rep, "future"));
	store_migrate_report_release(&rep);
	r = pg_query(f->path, "SELECT id, parent_id, note, encode(data, 'hex'),"
		     " note IS NULL FROM future ORDER BY id");
	assert_int_equal(PQntuples(r), 2);
	assert_string_equal(PQgetvalue(r, 0, 1), "2");
	assert_string_equal(PQgetvalue(r, 0, 2), "子");
	assert_string_equal(PQgetvalue(r, 0, 3), "00ff");
	assert_true(PQgetisnull(r, 1, 1));
	assert_string_equal(PQgetvalue(r, 1, 4), "t");
	PQclear(r);
	assert_int_equal(pg_scalar(f->path, "INSERT INTO future (note) VALUES"
				   " ('new') RETURNING id"), 3);
}

static void expect_target_untouched(struct fx *f)
{
	assert_int_equal(fx_audit_count(f), 0);
	assert_int_equal(pg_scalar(f->path, "SELECT count(*) FROM units"), 0);
}

/* A table or column on one side only: refused before any row is written. */
static void test_migrate_refuses_differing_tables(void **state)
{
	struct fx *f = *state;
	struct store_migrate_report rep;
	char path[160];

	NEED_PG(f);
	fx_path(f, "source.sqlite", path, sizeof path);
	fill_small(f, path);
	/* only in the source: it would be lost */
	assert_int_equal(fx_raw(path, "CREATE TABLE extra (x INTEGER)"), SQLITE_OK);
	assert_int_equal(store_migrate(path, f->path, NULL, NULL, &rep),
			 MM_EUNSUPPORTED);
	assert_int_equal(rep.source_version, rep.target_version);
	store_migrate_report_release(&rep);
	expect_target_untouched(f);
	assert_int_equal(fx_raw(path, "DROP TABLE extra"), SQLITE_OK);
	/* only in the target: it would stay empty */
	assert_int_equal(fx_raw(f->path, "CREATE TABLE extra (x INTEGER)"), 0);
	assert_int_equal(store_migrate(path, f->path, NULL, NULL, NULL),
			 MM_EUNSUPPORTED);
	assert_int_equal(fx_raw(f->path, "DROP TABLE extra"), 0);
	/* a column only in the target */
	assert_int_equal(fx_raw(f->path, "ALTER TABLE devices ADD COLUMN x TEXT"), 0);
	assert_int_equal(store_migrate(path, f->path, NULL, NULL, NULL),
			 MM_EUNSUPPORTED);
	expect_target_untouched(f);
	assert_int_equal(fx_raw(f->path, "ALTER TABLE devices DROP COLUMN x"), 0);
	assert_int_equal(store_migrate(path, f->path, NULL, NULL, NULL), 0);
}

/* A PostgreSQL database of f at schema version `version` (0: none). */
static void pg_database_at(struct fx *f, const char *suffix, int version,
			   char *url, size_t cap)
{
	char db[96], sql[160];

	snprintf(db, sizeof db, "%s_%s", f->pgdb, suffix);
	snprintf(sql, sizeof sql, "CREATE DATABASE %s", db);
	assert_int_equal(fx_pg_exec(fx_pg_server(), sql), 0);
	assert_int_equal(fx_pg_url(fx_pg_server(), db, url, cap), 0);
	if (version > 0) {
		PGconn *c = PQconnectdb(url);

		assert_int_equal(PQstatus(c), CONNECTION_OK);
		assert_int_equal(pg_migrate(c, 1, version), 0);
		PQfinish(c);
	}
}

static void pg_drop(struct fx *f, const char *suffix)
{
	char sql[160];

	snprintf(sql, sizeof sql, "DROP DATABASE %s_%s WITH (FORCE)", f->pgdb,
		 suffix);
	assert_int_equal(fx_pg_exec(fx_pg_server(), sql), 0);
}

/* Both schemas at the same version before copying, or nothing happens. */
static void test_migrate_refuses_other_versions(void **state)
{
	struct fx *f = *state;
	struct store_migrate_report rep;
	int newest = sq_migration_count();
	char path[160], old[160], url[300];
	sqlite3 *db;

	NEED_PG(f);
	assert_true(newest >= 2);
	fx_path(f, "source.sqlite", path, sizeof path);
	fill_small(f, path);
	/* a source of an older version */
	fx_path(f, "old.sqlite", old, sizeof old);
	assert_int_equal(sqlite3_open(old, &db), SQLITE_OK);
	assert_int_equal(sq_migrate(db, newest - 1), 0);
	sqlite3_close(db);
	assert_int_equal(store_migrate(old, f->path, NULL, NULL, &rep),
			 MM_EUNSUPPORTED);
	assert_int_equal(rep.source_version, newest - 1);
	assert_int_equal(rep.expected_version, newest);
	store_migrate_report_release(&rep);
	/* a target of an older version: left as it is */
	pg_database_at(f, "old", newest - 1, url, sizeof url);
	assert_int_equal(store_migrate(path, url, NULL, NULL, &rep),
			 MM_EUNSUPPORTED);
	assert_int_equal(rep.source_version, newest);
	assert_int_equal(rep.target_version, newest - 1);
	store_migrate_report_release(&rep);
	assert_int_equal(pg_scalar(url, "SELECT version FROM schema_version"),
			 newest - 1);
	pg_drop(f, "old");
	/* a database without Mamori's schema gets it, then the copy */
	pg_database_at(f, "none", 0, url, sizeof url);
	assert_int_equal(store_migrate(path, url, NULL, NULL, &rep), 0);
	assert_int_equal(rep.target_version, newest);
	store_migrate_report_release(&rep);
	assert_int_equal(pg_scalar(url, "SELECT count(*) FROM users"), 1);
	pg_drop(f, "none");
}

static void test_migrate_refuses_broken_source(void **state)
{
	struct fx *f = *state;
	char path[160];

	NEED_PG(f);
	fx_path(f, "source.sqlite", path, sizeof path);
	fill_small(f, path);
	assert_int_equal(fx_raw(path, "UPDATE audit_log SET detail = '{}'"
				" WHERE seq = 3"), SQLITE_OK);
	assert_int_equal(store_migrate(path, f->path, NULL, NULL, NULL),
			 MM_ECORRUPT);
	expect_target_untouched(f);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, pg_setup, pg_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_migrate_copies_every_table),
		T(test_migrate_copies_an_unknown_table),
		T(test_migrate_refuses_differing_tables),
		T(test_migrate_refuses_other_versions),
		T(test_migrate_refuses_broken_source),
	};

	return cmocka_run_group_tests_name("store_migrate", tests, NULL, NULL);
}
