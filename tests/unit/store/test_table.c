/*
 * test_table.c - a record's table read and written by its description
 * (store/ops/table.h, issue 8), on SQLite and, with MAMORI_TEST_PG, on
 * PostgreSQL: the select list, a row into the struct (numbers, dates,
 * pooled and sized text), an insert of the named fields, and the faults.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"
#include "store/db.h"
#include "store/ops/table.h"
#include "lib/buf.h"
#include "lib/pool.h"

/* The units table seen as a record of the store's own description. */
struct unit_row {
	int64_t id;
	char code[17];
	const char *name;      /* pooled */
	int kind;
	int active;
	int64_t version;
	int64_t created_at;
};

#define UR struct unit_row
static const struct field_desc unit_cols[] = {
	{ .key = "id", .type = FIELD_INT, RECORD_MEMBER(UR, id) },
	{ .key = "code", .type = FIELD_TEXT, RECORD_MEMBER(UR, code) },
	{ .key = "name", .type = FIELD_TEXT, .flags = FIELD_POOLED,
	  RECORD_MEMBER(UR, name) },
	{ .key = "kind", .type = FIELD_ENUM, RECORD_MEMBER(UR, kind) },
	{ .key = "active", .type = FIELD_BOOL, RECORD_MEMBER(UR, active) },
	{ .key = "version", .type = FIELD_INT, RECORD_MEMBER(UR, version) },
	{ .key = "created_at", .column = "created_at", .type = FIELD_MOMENT,
	  RECORD_MEMBER(UR, created_at) },
};
#undef UR

static const struct ops_table unit_table =
	OPS_TABLE_COLS("units", struct unit_row, unit_cols);

struct job {
	const char *keys;
	struct unit_row in, out;
	struct pool pool;
	int64_t id;
};

static int do_insert_load(struct db *d, void *arg)
{
	struct job *j = arg;
	int rc = ops_table_insert(d, &unit_table, &j->in, j->keys, &j->id);

	if (rc == 0)
		rc = ops_table_load(d, &unit_table, j->id, &j->pool, &j->out);
	return rc;
}

static void test_select_list(void **state)
{
	struct buf b = BUF_INIT_MAX(1024);

	(void)state;
	assert_int_equal(ops_table_ncols(&unit_table), 7);
	ops_table_cols(&b, &unit_table);
	assert_string_equal(buf_cstr(&b),
			    "id, code, name, kind, active, version, created_at");
	buf_release(&b);
}

static void test_insert_then_read(void **state)
{
	struct fx *f = *state;
	struct job j = { .keys = "code name kind created_at" };

	snprintf(j.in.code, sizeof j.in.code, "X-1");
	j.in.name = "試験の所属";
	j.in.kind = UNIT_STATION;
	j.in.created_at = 1775000000;
	j.in.active = 0; /* not named: the table's default (1) */
	assert_int_equal(store_write(f->s, do_insert_load, &j), 0);
	assert_true(j.id > 0);
	assert_int_equal(j.out.id, j.id);
	assert_string_equal(j.out.code, "X-1");
	assert_string_equal(j.out.name, "試験の所属");
	assert_int_equal(j.out.kind, UNIT_STATION);
	assert_int_equal(j.out.active, 1);
	assert_int_equal(j.out.version, 1);
	assert_int_equal(j.out.created_at, 1775000000);
	pool_release(&j.pool);
}

static int do_count(struct db *d, void *arg)
{
	return db_int_of(d, "SELECT COUNT(*) FROM units WHERE code = 'X-2'",
			 DB_NONE, arg);
}

static void test_unknown_key_writes_nothing(void **state)
{
	struct fx *f = *state;
	struct job j = { .keys = "code name kind nonsense created_at" };
	int64_t n = -1;

	snprintf(j.in.code, sizeof j.in.code, "X-2");
	j.in.name = "名";
	j.in.kind = UNIT_STATION;
	assert_int_equal(store_write(f->s, do_insert_load, &j), MM_EINVAL);
	assert_int_equal(store_read(f->s, do_count, &n), 0);
	assert_int_equal(n, 0);
	pool_release(&j.pool);
}

/* A reader whose code member is shorter than what the table holds. */
struct short_row {
	int64_t id;
	char code[4];
};

static const struct field_desc short_cols[] = {
	{ .key = "id", .type = FIELD_INT, RECORD_MEMBER(struct short_row, id) },
	{ .key = "code", .type = FIELD_TEXT,
	  RECORD_MEMBER(struct short_row, code) },
};

static const struct ops_table short_table =
	OPS_TABLE_COLS("units", struct short_row, short_cols);

struct short_job {
	int64_t id;
	struct short_row out;
};

static int do_short_load(struct db *d, void *arg)
{
	struct short_job *j = arg;

	return ops_table_load(d, &short_table, j->id, NULL, &j->out);
}

static void test_text_longer_than_member(void **state)
{
	struct fx *f = *state;
	struct job w = { .keys = "code name kind created_at" };
	struct short_job j = { 0 };

	snprintf(w.in.code, sizeof w.in.code, "ABCDEFGHIJKLMNOP");
	w.in.name = "名";
	w.in.kind = UNIT_STATION;
	assert_int_equal(store_write(f->s, do_insert_load, &w), 0);
	assert_string_equal(w.out.code, "ABCDEFGHIJKLMNOP");
	pool_release(&w.pool);
	j.id = w.id;
	assert_int_equal(store_read(f->s, do_short_load, &j), MM_EOVERFLOW);
	j.id = 999999;
	assert_int_equal(store_read(f->s, do_short_load, &j), MM_ENOTFOUND);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_select_list),
		T(test_insert_then_read),
		T(test_unknown_key_writes_nothing),
		T(test_text_longer_than_member),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
