/*
 * test_records_lending.c - the descriptors of the lending records
 * (core/records.c, R-DEV-2..8): each reads its fields and runs its rules
 * through record_input(), as every front end does, so the directive's
 * cross-field and clock rules give one answer whatever the front end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/application.h"
#include "core/device.h"
#include "core/loan.h"
#include "core/takeout.h"
#include "core/record.h"
#include "core/records.h"
#include "lib/err.h"
#include "lib/pool.h"
#include "record_pairs.h"

/* The memory of the text read (a request's pool); lives for the run. */
static struct pool test_pool;

/* 2026-04-01T09:00 in Tokyo: "today" is 2026-04-01. */
#define NOW 1775001600

#define D(y, m, d) ((struct civil_date){ (y), (m), (d) })


/* record_input() of kv at NOW; the faults in *e. */
static int input(const struct record_desc *d, const char *const *kv,
		 void *rec, struct record_faults *e)
{
	struct pairs p = { kv };
	struct field_source src = { pairs_get, &p, &test_pool };

	memset(e, 0, sizeof(*e));
	return record_input(d, &src, rec, RECORD_CREATE, NOW, e);
}

static const char *fault_of(const struct record_faults *e, const char *key)
{
	for (size_t i = 0; i < e->n; i++)
		if (!strcmp(e->items[i].key, key))
			return e->items[i].why;
	return NULL;
}

/* A new application with due (and consulted_on) as given. */
static int new_application(const char *consulted_on, const char *due,
			   struct borrow_application *a,
			   struct record_faults *e)
{
	const char *const kv[] = { "consulted_on", consulted_on,
		"consulted_with", "松本 正義", "consultation", "合意",
		"start", "2026-04-01", "due", due, "purpose", "パトロール",
		"kind", "extension", "unit_id", "7", NULL };

	memset(a, 0, sizeof(*a));
	a->kind = APPLICATION_KIND_NEW;
	return input(&application_record, kv, a, e);
}

static void test_r_dev_2_application_read_and_rules(void **state)
{
	struct borrow_application a;
	struct record_faults e;

	(void)state;
	assert_int_equal(new_application("2026-03-30", "2026-09-30", &a, &e), 0);
	assert_string_equal(a.consulted_with, "松本 正義");
	/* what the application is about is the server's, never the input's */
	assert_int_equal(a.kind, APPLICATION_KIND_NEW);
	assert_int_equal(a.unit_id, 0);
	/* over one year is the general manager's to allow when approving */
	assert_int_equal(new_application("2026-04-01", "2027-06-01", &a, &e), 0);
	/* the consultation comes first */
	assert_int_equal(new_application("2026-04-02", "2026-09-30", &a, &e),
			 MM_ERULE);
	assert_non_null(fault_of(&e, "consulted_on"));
	/* the period ends on or after its start */
	assert_int_equal(new_application("2026-04-01", "2026-03-31", &a, &e),
			 MM_EINVAL);
	assert_non_null(fault_of(&e, "due"));
}

static void test_r_dev_2_start_required_for_a_new_application(void **state)
{
	static const char *const kv[] = { "consulted_on", "2026-04-01",
		"consulted_with", "松本", "consultation", "合意",
		"due", "2026-09-30", "purpose", "目的", NULL };
	struct borrow_application a;
	struct record_faults e;

	(void)state;
	memset(&a, 0, sizeof(a));
	a.kind = APPLICATION_KIND_NEW;
	assert_int_equal(input(&application_record, kv, &a, &e), MM_EINVAL);
	assert_string_equal(fault_of(&e, "start"), "入力してください");
	/* an extension has none: it counts from the loan's due date */
	memset(&a, 0, sizeof(a));
	a.kind = APPLICATION_KIND_EXTENSION;
	a.start = D(2026, 9, 30);
	assert_int_equal(input(&extension_record, kv, &a, &e), MM_EINVAL);
	assert_non_null(fault_of(&e, "due")); /* not after the current due */
	a.start = D(2026, 6, 30);
	assert_int_equal(input(&extension_record, kv, &a, &e), 0);
	assert_string_equal(record_field(&extension_record, "purpose")->label,
			    "延長の理由");
}

/* A decision ev on a new application from 2026-04-01 to due. */
static int decide(enum application_event ev, struct civil_date due,
		  const char *const *kv, struct record_faults *e)
{
	struct application_decision d;

	memset(&d, 0, sizeof(d));
	d.event = ev;
	d.kind = APPLICATION_KIND_NEW;
	d.from = D(2026, 4, 1);
	d.due = due;
	return input(&application_decision_record, kv, &d, e);
}

static void test_r_dev_2_decision_rules(void **state)
{
	static const char *const none[] = { NULL };
	static const char *const reason[] = { "exception_reason", "長期の事案",
		NULL };
	static const char *const blank[] = { "reason", "　", NULL };
	struct record_faults e;

	(void)state;
	assert_int_equal(decide(APPLICATION_EV_APPROVE, D(2027, 4, 1), none, &e),
			 0);
	/* over one year: only with the general manager's reason */
	assert_int_equal(decide(APPLICATION_EV_APPROVE, D(2027, 4, 2), none, &e),
			 MM_ERULE);
	assert_non_null(fault_of(&e, "exception_reason"));
	assert_int_equal(decide(APPLICATION_EV_APPROVE, D(2027, 4, 2), reason,
				&e), 0);
	/* a refusal says why, and records no exception */
	assert_int_equal(decide(APPLICATION_EV_REFUSE, D(2026, 9, 1), blank, &e),
			 MM_EINVAL);
	assert_non_null(fault_of(&e, "reason"));
	assert_int_equal(decide(APPLICATION_EV_WITHDRAW, D(2026, 9, 1), reason,
				&e), MM_EINVAL);
	assert_int_equal(decide(APPLICATION_EV_WITHDRAW, D(2026, 9, 1), none,
				&e), 0);
}

static void test_r_dev_4_training_read_and_rule(void **state)
{
	static const char *const kv[] = { "trained_on", "2026-04-01",
		"trainer", "井上 直樹", "topics", "端末管理", NULL };
	static const char *const later[] = { "trained_on", "2026-04-02",
		"trainer", "井上 直樹", "topics", "端末管理", NULL };
	static const char *const lend[] = { "device_id", "3",
		"application_id", "9", "state", "closed", NULL };
	struct training_record t;
	struct record_faults e;
	struct loan l;

	(void)state;
	memset(&t, 0, sizeof(t));
	assert_int_equal(input(&loan_training_record, kv, &t, &e), 0);
	assert_string_equal(t.trainer, "井上 直樹");
	assert_int_equal(input(&loan_training_record, later, &t, &e),
			 MM_EINVAL);
	assert_non_null(fault_of(&e, "trained_on"));
	/* a lend request names the device; the application is the server's */
	memset(&l, 0, sizeof(l));
	assert_int_equal(input(&loan_record, lend, &l, &e), 0);
	assert_int_equal(l.device_id, 3);
	assert_int_equal(l.application_id, 0);
	assert_int_equal(l.state, LOAN_NONE);
}

static void test_r_dev_7_takeout_request_and_report(void **state)
{
	static const char *const ask[] = { "out_at", "2026-04-01T09:00",
		"expected_back", "2026-04-01T17:00+09:00", "destination", "市内",
		"reason", "説明会", "loan_id", "5", NULL };
	static const char *const back[] = { "out_at", "2026-04-01T09:00",
		"expected_back", "2026-04-01T08:00", "destination", "市内",
		"reason", "説明会", NULL };
	static const char *const lost[] = { "results", "実施", NULL };
	static const char *const fine[] = { "no_loss_or_damage", "1",
		"results", "　", NULL };
	struct takeout_report r;
	struct record_faults e;
	struct takeout t;

	(void)state;
	memset(&t, 0, sizeof(t));
	assert_int_equal(input(&takeout_record, ask, &t, &e), 0);
	assert_int_equal(t.expected_back - t.out_at, 8 * 3600);
	assert_int_equal(t.loan_id, 0); /* the request's selector, not a field */
	assert_int_equal(input(&takeout_record, back, &t, &e), MM_EINVAL);
	assert_non_null(fault_of(&e, "expected_back"));
	/* R-DEV-7: an unticked "nothing lost" asks what happened */
	memset(&r, 0, sizeof(r));
	assert_int_equal(input(&takeout_report_record, lost, &r, &e), MM_EINVAL);
	assert_string_equal(fault_of(&e, "incident"),
			    "紛失・破損等の状況を入力してください");
	assert_int_equal(input(&takeout_report_record, fine, &r, &e), MM_EINVAL);
	assert_string_equal(fault_of(&e, "results"), "実施結果を入力してください");
}

static void test_r_dev_5_location_check(void **state)
{
	static const char *const kv[] = { "checked_on", "2026-03-31",
		"in_cabinet", "1", "remarks", "保管庫内", "loan_id", "4", NULL };
	static const char *const early[] = { "checked_on", "2026-02-28", NULL };
	struct location_check_entry c;
	struct record_faults e;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.loan_start = D(2026, 3, 1);
	assert_int_equal(input(&location_check_record, kv, &c, &e), 0);
	assert_int_equal(c.in_cabinet, 1);
	assert_int_equal(c.loan_id, 0);
	assert_int_equal(input(&location_check_record, early, &c, &e),
			 MM_EINVAL);
	assert_non_null(fault_of(&e, "checked_on"));
	assert_int_equal(c.in_cabinet, 0); /* an absent box is unticked */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_r_dev_2_application_read_and_rules),
		cmocka_unit_test(test_r_dev_2_start_required_for_a_new_application),
		cmocka_unit_test(test_r_dev_2_decision_rules),
		cmocka_unit_test(test_r_dev_4_training_read_and_rule),
		cmocka_unit_test(test_r_dev_7_takeout_request_and_report),
		cmocka_unit_test(test_r_dev_5_location_check),
	};

	return cmocka_run_group_tests_name("core_records_lending", tests, NULL,
					   NULL);
}
