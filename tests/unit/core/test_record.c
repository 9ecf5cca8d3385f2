/*
 * test_record.c - the record descriptors (core/record.h, core/records.c):
 * every descriptor is well formed, and one input gives one answer
 * whatever the field: limits in characters, required fields, types,
 * enums by key, rules, partial updates.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/breach.h"
#include "core/device.h"
#include "core/record.h"
#include "core/records.h"
#include "lib/err.h"
#include "lib/pool.h"
#include "record_pairs.h"

/* The memory of the text read (a request's pool); lives for the run. */
static struct pool test_pool;


static int read_with(const struct record_desc *d, const char *const *kv,
		     void *rec, enum record_mode mode, struct record_faults *e)
{
	struct pairs p = { kv };
	struct field_source src = { pairs_get, &p, &test_pool };

	memset(e, 0, sizeof(*e));
	return record_read(d, &src, rec, mode, e);
}

static const char *fault_of(const struct record_faults *e, const char *key)
{
	for (size_t i = 0; i < e->n; i++)
		if (!strcmp(e->items[i].key, key))
			return e->items[i].why;
	return NULL;
}

static void test_every_descriptor_well_formed(void **state)
{
	(void)state;
	for (size_t i = 0; record_descs[i]; i++) {
		const char *bad = "?";
		int rc = record_desc_check(record_descs[i], &bad);
		if (rc != 0)
			fail_msg("%s: field %s", record_descs[i]->kind, bad);
	}
}

static void test_r_dev_1_device_read(void **state)
{
	static const char *const kv[] = { "model", "AQUOS sense8",
		"serial", "SN-1", "phone", "090-1234-5678", "remarks", "a\nb",
		"state", "lent", "id", "99", NULL };
	struct record_faults e;
	struct device d;

	(void)state;
	memset(&d, 0, sizeof(d));
	assert_int_equal(read_with(&device_record, kv, &d, RECORD_CREATE, &e), 0);
	assert_string_equal(d.model, "AQUOS sense8");
	assert_string_equal(d.serial, "SN-1");
	assert_string_equal(d.remarks, "a\nb");
	/* what the server sets is never read from input */
	assert_int_equal(d.state, DEVICE_NONE);
	assert_int_equal(d.id, 0);
}

static void test_required_and_rules(void **state)
{
	static const char *const kv[] = { "model", "　", "serial", "SN 1",
		"phone", "090-abc", NULL };
	struct record_faults e;
	struct device d;

	(void)state;
	memset(&d, 0, sizeof(d));
	assert_int_equal(read_with(&device_record, kv, &d, RECORD_CREATE, &e),
			 MM_EINVAL);
	assert_int_equal(e.n, 3);
	assert_string_equal(fault_of(&e, "model"), "入力してください");
	assert_string_equal(fault_of(&e, "serial"),
			    "製造番号は半角英数字とハイフンで入力してください");
	assert_non_null(fault_of(&e, "phone"));
}

static void test_limits_are_characters(void **state)
{
	/* 64 four-byte characters fit a 64-character field; 65 do not */
	char model[64 * 4 + 8] = "";
	const char *kv[] = { "model", model, "serial", "SN-1", NULL };
	struct record_faults e;
	struct device d;

	(void)state;
	for (int i = 0; i < 64; i++)
		strcat(model, "\xf0\xa0\x80\x8b"); /* 𠀋 */
	memset(&d, 0, sizeof(d));
	assert_int_equal(read_with(&device_record, kv, &d, RECORD_CREATE, &e), 0);
	assert_int_equal(strlen(d.model), 256);
	strcat(model, "あ");
	assert_int_equal(read_with(&device_record, kv, &d, RECORD_CREATE, &e),
			 MM_EINVAL);
	assert_string_equal(fault_of(&e, "model"),
			    "入力できる文字数を超えています");
	/* 1,000 Japanese characters of a note fit (3,000 bytes) */
}

static void test_one_line_and_control(void **state)
{
	static const char *const kv1[] = { "model", "a\nb", "serial", "S", NULL };
	static const char *const kv2[] = { "model", "a\x01", "serial", "S", NULL };
	static const char *const kv3[] = { "model", "\xff", "serial", "S", NULL };
	static const char *const kv4[] = { "model", "a\xc2\x85", "serial", "S",
		NULL }; /* NEL */
	struct record_faults e;
	struct device d;

	(void)state;
	read_with(&device_record, kv1, &d, RECORD_CREATE, &e);
	assert_string_equal(fault_of(&e, "model"), "改行は入力できません");
	read_with(&device_record, kv2, &d, RECORD_CREATE, &e);
	assert_string_equal(fault_of(&e, "model"),
			    "使用できない文字が含まれています");
	read_with(&device_record, kv3, &d, RECORD_CREATE, &e);
	assert_string_equal(fault_of(&e, "model"),
			    "使用できない文字が含まれています");
	read_with(&device_record, kv4, &d, RECORD_CREATE, &e);
	assert_string_equal(fault_of(&e, "model"),
			    "使用できない文字が含まれています");
}

static void test_r_cmp_6_breach_enum_and_moment(void **state)
{
	static const char *const good[] = { "rule", "functions",
		"what", "カメラで撮影した", "who", "山田 太郎",
		"occurred_at", "2026-04-01T09:00", NULL };
	static const char *const bad[] = { "rule", "4", "what", "",
		"occurred_at", "2026-04-01 09:00", NULL };
	struct record_faults e;
	struct breach b;

	(void)state;
	memset(&b, 0, sizeof(b));
	assert_int_equal(read_with(&breach_record, good, &b, RECORD_CREATE, &e), 0);
	assert_int_equal(b.rule, BREACH_RULE_FUNCTIONS);
	/* 09:00 in Tokyo is 00:00 UTC */
	assert_int_equal(b.occurred_at, 1775001600);
	assert_int_equal(read_with(&breach_record, bad, &b, RECORD_CREATE, &e),
			 MM_EINVAL);
	assert_string_equal(fault_of(&e, "rule"), "選択肢から選んでください");
	assert_string_equal(fault_of(&e, "what"), "入力してください");
	assert_string_equal(fault_of(&e, "who"), "入力してください");
	assert_non_null(fault_of(&e, "occurred_at"));
}

static void test_update_reads_only_what_is_there(void **state)
{
	static const char *const kv[] = { "remarks", "新しい備考", NULL };
	struct record_faults e;
	struct device d;

	(void)state;
	memset(&d, 0, sizeof(d));
	d.model = "機種";
	assert_int_equal(read_with(&device_record, kv, &d, RECORD_UPDATE, &e), 0);
	assert_string_equal(d.model, "機種");
	assert_string_equal(d.remarks, "新しい備考");
}

/* A record of a login given once, a flag changed later, and a rule. */
struct sample {
	char login[33];
	int active;
	char note[41];
};

/* The note may not repeat the login (a rule across two fields). */
static int sample_rules(const void *rec, int64_t now, const char **field,
			const char **why)
{
	const struct sample *x = rec;

	(void)now;
	*field = "note";
	*why = "同じ内容です";
	return strcmp(x->login, x->note) ? 0 : MM_EINVAL;
}

static const struct field_desc sample_fields[] = {
	{ .key = "login", .label = "ログインID", .type = FIELD_TEXT,
	  .flags = FIELD_REQUIRED | FIELD_ASCII | FIELD_CREATE_ONLY,
	  .max_chars = 32, RECORD_MEMBER(struct sample, login) },
	{ .key = "active", .label = "使用中", .type = FIELD_BOOL,
	  .flags = FIELD_UPDATE_ONLY, RECORD_MEMBER(struct sample, active) },
	{ .key = "note", .label = "備考", .type = FIELD_TEXT,
	  .max_chars = 10, RECORD_MEMBER(struct sample, note) },
};

static const struct record_desc sample_record = {
	.kind = "sample", .label = "見本", .fields = sample_fields,
	.n_fields = 3, .rules = sample_rules,
};

static void test_modes_create_edit_update(void **state)
{
	static const char *const kv[] = { "login", "abc", "note", "abc", NULL };
	struct pairs p = { kv };
	struct field_source src = { pairs_get, &p, &test_pool };
	struct record_faults e = { .n = 0 };
	struct sample x;
	const char *bad = NULL;

	(void)state;
	assert_int_equal(record_desc_check(&sample_record, &bad), 0);
	/* create: the login is read, the update-only flag is not touched */
	memset(&x, 0, sizeof(x));
	x.active = 1;
	assert_int_equal(record_input(&sample_record, &src, &x, RECORD_CREATE,
				      0, &e), MM_EINVAL);
	assert_string_equal(x.login, "abc");
	assert_int_equal(x.active, 1);
	assert_string_equal(fault_of(&e, "note"), "同じ内容です");
	assert_string_equal(e.items[0].label, "備考");
	/* fields only: the rules wait for record_check() */
	memset(&e, 0, sizeof(e));
	assert_int_equal(record_input(&sample_record, &src, &x,
				      RECORD_CREATE | RECORD_FIELDS_ONLY, 0,
				      &e), 0);
	assert_int_equal(record_check(&sample_record, &x, 0, &e), MM_EINVAL);
	assert_int_equal(e.n, 1);
	/* a whole form of a change: the login stays, the absent box is no */
	memset(&x, 0, sizeof(x));
	strcpy(x.login, "kept");
	x.active = 1;
	memset(&e, 0, sizeof(e));
	assert_int_equal(record_input(&sample_record, &src, &x, RECORD_EDIT, 0,
				      &e), 0);
	assert_string_equal(x.login, "kept");
	assert_int_equal(x.active, 0);
	assert_string_equal(x.note, "abc");
	/* a partial change: only what is there */
	x.active = 1;
	assert_int_equal(read_with(&sample_record, kv, &x, RECORD_UPDATE, &e), 0);
	assert_string_equal(x.login, "kept");
	assert_int_equal(x.active, 1);
}

/* A record whose text lives in a pool rather than in fixed arrays. */
struct pooled {
	const char *name;
	const char *note;
	int64_t n;
};

static const struct field_desc pooled_fields[] = {
	{ .key = "name", .label = "氏名", .type = FIELD_TEXT,
	  .flags = FIELD_REQUIRED | FIELD_POOLED, .max_chars = 4,
	  RECORD_MEMBER(struct pooled, name) },
	{ .key = "note", .label = "備考", .type = FIELD_NOTE,
	  .flags = FIELD_POOLED, .max_chars = 1000,
	  RECORD_MEMBER(struct pooled, note) },
};

static const struct record_desc pooled_record = {
	.kind = "pooled", .label = "見本", .fields = pooled_fields,
	.n_fields = 2,
};

static void test_pooled_text(void **state)
{
	static const char *const kv[] = { "name", "山田太郎", "note",
					  "一行目\n二行目", NULL };
	static const char *const too_long[] = { "name", "山田太郎様", NULL };
	static const char *const cleared[] = { "note", "", NULL };
	char big[4004];
	const char *bad = NULL;
	struct pooled x = { 0 };
	struct pool small = POOL_INIT_MAX(64);
	struct pairs p = { kv };
	struct field_source src = { pairs_get, &p, &small };
	struct record_faults e = { .n = 0 };
	const char *why = NULL;

	(void)state;
	assert_int_equal(record_desc_check(&pooled_record, &bad), 0);
	/* field_text: NULL stands for "" */
	assert_string_equal(field_text(&pooled_fields[1], &x), "");
	assert_int_equal(read_with(&pooled_record, kv, &x, RECORD_CREATE, &e),
			 0);
	assert_string_equal(x.name, "山田太郎");
	assert_string_equal(field_text(&pooled_fields[0], &x), "山田太郎");
	assert_string_equal(x.note, "一行目\n二行目");
	/* the limit is still counted in characters, not bytes */
	assert_int_equal(read_with(&pooled_record, too_long, &x, RECORD_CREATE,
				   &e), MM_EINVAL);
	assert_string_equal(fault_of(&e, "name"),
			    "入力できる文字数を超えています");
	assert_string_equal(x.name, "山田太郎");
	/* an empty text clears the member */
	assert_int_equal(read_with(&pooled_record, cleared, &x, RECORD_UPDATE,
				   &e), 0);
	assert_null(x.note);
	/* an exhausted pool is a fault, never a truncated text */
	memset(big, 'a', 999);
	big[999] = '\0';
	assert_int_equal(field_parse_in(&pooled_fields[1], big, &x, &small,
					&why), MM_ENOMEM);
	assert_non_null(why);
	assert_null(x.note);
	/*
	 * and in record_read the server's failure, not the input's: no
	 * fault, MM_ENOMEM, which the front ends answer 503 (issue 14: a
	 * 422 "使用できない文字" for an allocation that failed)
	 */
	memset(&e, 0, sizeof(e));
	assert_int_equal(record_read(&pooled_record, &src, &x, RECORD_CREATE,
				     &e), MM_ENOMEM);
	assert_int_equal(e.n, 0);
	pool_release(&small);
	/* without a pool nothing is stored */
	assert_int_equal(field_parse(&pooled_fields[0], "山田", &x, &why),
			 MM_ENOMEM);
	/* checking only (no record) needs no pool */
	assert_int_equal(field_parse(&pooled_fields[0], "山田", NULL, &why), 0);
}

/* A pooled member must be a pointer of a text field. */
static void test_pooled_desc_check(void **state)
{
	static const struct field_desc array_flagged[] = {
		{ .key = "name", .label = "氏名", .type = FIELD_TEXT,
		  .flags = FIELD_POOLED, .max_chars = 4,
		  RECORD_MEMBER(struct sample, note) },
	};
	static const struct field_desc int_pooled[] = {
		{ .key = "n", .label = "数", .type = FIELD_INT,
		  .flags = FIELD_POOLED, .max = 3,
		  RECORD_MEMBER(struct pooled, n) },
	};
	static const struct field_desc pointer_unflagged[] = {
		{ .key = "name", .label = "氏名", .type = FIELD_TEXT,
		  .max_chars = 4, RECORD_MEMBER(struct pooled, name) },
	};
	struct record_desc d = { .kind = "x", .label = "x", .n_fields = 1 };
	const char *bad = NULL;

	(void)state;
	d.fields = array_flagged;
	assert_int_equal(record_desc_check(&d, &bad), MM_EINVAL);
	d.fields = int_pooled;
	assert_int_equal(record_desc_check(&d, &bad), MM_EINVAL);
	d.fields = pointer_unflagged;
	assert_int_equal(record_desc_check(&d, &bad), MM_EINVAL);
	assert_string_equal(bad, "name");
}

/* Issue 9: only texts and dates are sealed; one name, reading and birth
 * date are looked up. */
static void test_sealed_and_lookup_desc_check(void **state)
{
	static const struct field_desc sealed_int[] = {
		{ .key = "n", .label = "数", .type = FIELD_INT,
		  .flags = FIELD_SEALED, .max = 3,
		  RECORD_MEMBER(struct pooled, n) },
	};
	static const struct field_desc sealed_text[] = {
		{ .key = "name", .label = "氏名", .type = FIELD_TEXT,
		  .flags = FIELD_POOLED | FIELD_SEALED | FIELD_LOOKUP,
		  .max_chars = 4, RECORD_MEMBER(struct pooled, name) },
		{ .key = "n", .label = "数", .type = FIELD_INT, .max = 3,
		  RECORD_MEMBER(struct pooled, n) },
	};
	static const struct field_desc two_names[] = {
		{ .key = "name", .label = "氏名", .type = FIELD_TEXT,
		  .flags = FIELD_POOLED | FIELD_LOOKUP, .max_chars = 4,
		  RECORD_MEMBER(struct pooled, name) },
		{ .key = "name2", .label = "氏名", .type = FIELD_TEXT,
		  .flags = FIELD_POOLED | FIELD_LOOKUP, .max_chars = 4,
		  RECORD_MEMBER(struct pooled, name) },
	};
	static const struct field_desc lookup_int[] = {
		{ .key = "n", .label = "数", .type = FIELD_INT,
		  .flags = FIELD_LOOKUP, .max = 3,
		  RECORD_MEMBER(struct pooled, n) },
	};
	struct record_desc d = { .kind = "x", .label = "x", .n_fields = 1 };
	const char *bad = NULL;

	(void)state;
	d.fields = sealed_int;
	assert_int_equal(record_desc_check(&d, &bad), MM_EINVAL);
	d.fields = lookup_int;
	assert_int_equal(record_desc_check(&d, &bad), MM_EINVAL);
	d.fields = sealed_text;
	d.n_fields = 2;
	assert_int_equal(record_desc_check(&d, &bad), 0);
	d.fields = two_names;
	assert_int_equal(record_desc_check(&d, &bad), MM_EINVAL);
	assert_string_equal(bad, "name2");
}

static void test_format_round_trip(void **state)
{
	const struct field_desc *rule = record_field(&breach_record, "rule");
	const struct field_desc *at = record_field(&breach_record, "occurred_at");
	struct breach b;
	char out[64];

	(void)state;
	memset(&b, 0, sizeof(b));
	b.rule = BREACH_RULE_CONTRACT;
	b.occurred_at = 1775001600;
	field_format(rule, &b, out, sizeof(out));
	assert_string_equal(out, "contract");
	assert_string_equal(field_choice_label(rule, BREACH_RULE_CONTRACT),
			    "通信契約に付随する新たな契約");
	field_format(at, &b, out, sizeof(out));
	assert_string_equal(out, "2026-04-01T09:00");
	assert_null(record_field(&breach_record, "nothing"));
}

static void test_moment_parse(void **state)
{
	int64_t t;

	(void)state;
	assert_int_equal(moment_parse("2026-04-01T09:00", &t), 0);
	assert_int_equal(t, 1775001600);
	assert_int_equal(moment_parse("2026-04-01T00:00:00Z", &t), 0);
	assert_int_equal(t, 1775001600);
	assert_int_equal(moment_parse("2026-04-01T09:00:00+09:00", &t), 0);
	assert_int_equal(t, 1775001600);
	assert_int_equal(moment_parse("2026-02-30T09:00", &t), MM_EINVAL);
	assert_int_equal(moment_parse("2026-04-01T24:00", &t), MM_EINVAL);
	assert_int_equal(moment_parse("2026-04-01T09:00+9", &t), MM_EINVAL);
	assert_int_equal(moment_parse("", &t), MM_EINVAL);
	assert_int_equal(moment_parse(NULL, &t), MM_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_descriptor_well_formed),
		cmocka_unit_test(test_sealed_and_lookup_desc_check),
		cmocka_unit_test(test_r_dev_1_device_read),
		cmocka_unit_test(test_required_and_rules),
		cmocka_unit_test(test_limits_are_characters),
		cmocka_unit_test(test_one_line_and_control),
		cmocka_unit_test(test_r_cmp_6_breach_enum_and_moment),
		cmocka_unit_test(test_update_reads_only_what_is_there),
		cmocka_unit_test(test_modes_create_edit_update),
		cmocka_unit_test(test_pooled_text),
		cmocka_unit_test(test_pooled_desc_check),
		cmocka_unit_test(test_format_round_trip),
		cmocka_unit_test(test_moment_parse),
	};

	return cmocka_run_group_tests_name("core_record", tests, NULL, NULL);
}
