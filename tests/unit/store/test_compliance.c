/*
 * test_compliance.c - security exceptions (R-EXC-1..3), the screenshot
 * log (R-EXC-3) and breach reports (R-CMP-1..6) in the store: each chain
 * in the right order, each wrong-role and skipped step refused with
 * nothing changed, stale versions, and an intact audit trail.  Runs on
 * SQLite, and on PostgreSQL with MAMORI_TEST_PG set (fixture.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "fixture.h"
#include "store/store_devices.h"
#include "store/store_compliance.h"
#include "lib/pool.h"

/* The memory of the records read (a request's pool); lives for the run. */
static struct pool test_pool;

struct world {
	struct fx *f;
	struct actor gm, ism, itd, mgr, asst, off, comm;
};

static struct civil_date day(int y, int m, int d)
{
	return (struct civil_date){ y, m, d };
}

static struct actor actor_of(struct fx *f, const char *login, int64_t unit,
			     enum role role)
{
	int64_t id = fx_user(f, login, unit);

	assert_true(id > 0);
	return (struct actor){ id, login, role, unit, "t" };
}

static void world_init(struct fx *f, struct world *w)
{
	memset(w, 0, sizeof *w);
	w->f = f;
	fx_units(f);
	w->gm = actor_of(f, "gm", f->hq, ROLE_GENERAL_MANAGER);
	w->ism = actor_of(f, "ism", f->hq, ROLE_INFOSEC_MANAGER);
	w->itd = actor_of(f, "itd", f->hq, ROLE_IT_DIVISION_HEAD);
	w->mgr = actor_of(f, "mgr", f->kita, ROLE_MANAGER);
	w->asst = actor_of(f, "asst", f->kita, ROLE_ASSISTANT);
	w->off = actor_of(f, "off", f->kita, ROLE_OPERATIONS_OFFICER);
	w->comm = actor_of(f, "comm", f->kita, ROLE_COMM_OFFICER);
}

static void audit_intact(struct fx *f)
{
	struct audit_verify_result r;

	assert_int_equal(store_audit_verify(f->s, &r, NULL, NULL), 0);
}

static int64_t apply(struct world *w, enum exception_kind kind)
{
	struct security_exception e = { .kind = kind };

	e.scope = "北署のサイバーパトロール";
	e.purpose = "証拠保全のため";
	assert_int_equal(store_exception_apply(w->f->s, &w->gm, &e), 0);
	assert_int_equal(e.state, EXCEPTION_APPLIED);
	return e.id;
}

static struct security_exception exc(struct world *w, int64_t id)
{
	struct security_exception e;

	assert_int_equal(store_exception_get(w->f->s, id, &test_pool, &e), 0);
	return e;
}

static int approve(struct world *w, const struct actor *a, int64_t id,
		   struct civil_date from, struct civil_date until)
{
	struct security_exception e = exc(w, id);

	return store_exception_approve(w->f->s, a, id, e.version, "北署のみ",
				       &from, &until);
}

static void test_r_exc_1_3_apply_approve_revoke(void **state)
{
	struct world w;
	struct security_exception e;
	struct civil_date in = day(2025, 5, 1), out = day(2025, 7, 1);
	int64_t id;

	world_init(*state, &w);
	id = apply(&w, EXCEPTION_KIND_SCREENSHOT);
	assert_int_equal(store_exception_active(w.f->s, EXCEPTION_KIND_SCREENSHOT,
						&in, NULL), 0);
	assert_int_equal(approve(&w, &w.ism, id, day(2025, 4, 1),
				 day(2025, 6, 30)), 0);
	e = exc(&w, id);
	assert_int_equal(e.state, EXCEPTION_APPROVED);
	assert_string_equal(e.approved_scope, "北署のみ");
	assert_int_equal(e.decided_by, w.ism.user_id);
	assert_int_equal(store_exception_active(w.f->s, EXCEPTION_KIND_SCREENSHOT,
						&in, NULL), 1);
	assert_int_equal(store_exception_active(w.f->s, EXCEPTION_KIND_SCREENSHOT,
						&out, NULL), 0);
	assert_int_equal(store_exception_active(w.f->s, EXCEPTION_KIND_PHOTO_SEND,
						&in, NULL), 0);
	/* a revocation needs a reason, and ends it at once */
	assert_int_equal(store_exception_end(w.f->s, &w.ism, id, e.version,
					     EXCEPTION_EV_REVOKE, " "), MM_EINVAL);
	assert_int_equal(store_exception_end(w.f->s, &w.ism, id, e.version,
					     EXCEPTION_EV_REVOKE, "事案終結"), 0);
	assert_int_equal(exc(&w, id).state, EXCEPTION_REVOKED);
	assert_int_equal(store_exception_active(w.f->s, EXCEPTION_KIND_SCREENSHOT,
						&in, NULL), 0);
	audit_intact(w.f);
}

static void test_r_exc_1_wrong_person_and_order(void **state)
{
	struct world w;
	struct security_exception e = { .kind = EXCEPTION_KIND_PHOTO_STORE };
	int64_t id;

	world_init(*state, &w);
	e.scope = "範囲";
	e.purpose = "目的";
	/* only the general manager applies */
	assert_int_equal(store_exception_apply(w.f->s, &w.ism, &e), MM_EDENIED);
	assert_int_equal(store_exception_apply(w.f->s, &w.mgr, &e), MM_EDENIED);
	id = apply(&w, EXCEPTION_KIND_PHOTO_STORE);
	/* only the information-security manager decides */
	assert_int_equal(approve(&w, &w.gm, id, day(2025, 4, 1),
				 day(2025, 4, 30)), MM_EDENIED);
	assert_int_equal(store_exception_end(w.f->s, &w.gm, id, 1,
					     EXCEPTION_EV_REFUSE, "理由"),
			 MM_EDENIED);
	/* a period backwards is refused */
	assert_int_equal(approve(&w, &w.ism, id, day(2025, 4, 30),
				 day(2025, 4, 1)), MM_EINVAL);
	/* revoking what was never approved skips a step */
	assert_int_equal(store_exception_end(w.f->s, &w.ism, id, 1,
					     EXCEPTION_EV_REVOKE, "理由"),
			 MM_ESTATE);
	e = exc(&w, id);
	assert_int_equal(e.state, EXCEPTION_APPLIED);
	assert_int_equal(e.version, 1);
	/* the general manager withdraws before a decision; then nothing more */
	assert_int_equal(store_exception_end(w.f->s, &w.gm, id, 1,
					     EXCEPTION_EV_WITHDRAW, ""), 0);
	assert_int_equal(approve(&w, &w.ism, id, day(2025, 4, 1),
				 day(2025, 4, 30)), MM_ESTATE);
	assert_int_equal(exc(&w, id).state, EXCEPTION_WITHDRAWN);
	/* stale version */
	id = apply(&w, EXCEPTION_KIND_PHOTO_SEND);
	assert_int_equal(store_exception_end(w.f->s, &w.ism, id, 7,
					     EXCEPTION_EV_REFUSE, "不要"),
			 MM_ESTALE);
	assert_int_equal(store_exception_end(w.f->s, &w.ism, id, 1,
					     EXCEPTION_EV_REFUSE, "不要"), 0);
	assert_int_equal(exc(&w, id).state, EXCEPTION_REFUSED);
	audit_intact(w.f);
}

/* A device lent to kita and received (R-DEV-3, R-DEV-4). */
static int64_t received_loan(struct world *w)
{
	struct device d = { 0 };
	struct borrow_application p = { 0 };
	struct training_record t = { .trained_on = day(2025, 4, 2) };
	struct loan l;

	d.model = "Pixel";
	snprintf(d.serial, sizeof d.serial, "SN-1");
	assert_int_equal(store_device_create(w->f->s, &w->gm, &d), 0);
	p.kind = APPLICATION_KIND_NEW;
	p.unit_id = w->f->kita;
	p.device_id = d.id;
	p.consulted_on = day(2025, 3, 20);
	p.consulted_with = "少年課長";
	p.consultation = "合意";
	p.start = day(2025, 4, 1);
	p.due = day(2026, 3, 31);
	p.purpose = "パトロール";
	assert_int_equal(store_application_create(w->f->s, &w->mgr, &p), 0);
	assert_int_equal(store_application_decide(w->f->s, &w->gm, p.id, 1,
						  APPLICATION_EV_APPROVE, "",
						  ""), 0);
	assert_int_equal(store_loan_lend(w->f->s, &w->gm, p.id, d.id, &l), 0);
	t.trainer = "佐藤";
	t.topics = "運用要領";
	assert_int_equal(store_loan_receive(w->f->s, &w->off, l.id, l.version,
					    &t), 0);
	return l.id;
}

static struct screenshot shot(int64_t loan, struct civil_date on)
{
	struct screenshot sh = { .loan_id = loan, .taken_on = on,
				 .taken_at = 1746000000 };

	sh.case_ref = "令和7年北少第12号";
	sh.reason = "投稿の保全";
	return sh;
}

static void test_r_exc_3_screenshot_needs_exception(void **state)
{
	struct world w;
	struct screenshot sh;
	struct screenshot_list l;
	int64_t loan, id;

	world_init(*state, &w);
	loan = received_loan(&w);
	sh = shot(loan, day(2025, 5, 1));
	/* R-EXC-3 / R-CMP-4: no screenshot exception, no screenshot */
	assert_int_equal(store_screenshot_record(w.f->s, &w.comm, &sh), MM_ERULE);
	id = apply(&w, EXCEPTION_KIND_SCREENSHOT);
	assert_int_equal(store_screenshot_record(w.f->s, &w.comm, &sh), MM_ERULE);
	assert_int_equal(approve(&w, &w.ism, id, day(2025, 4, 1),
				 day(2025, 4, 30)), 0);
	/* approved, but not for that day */
	assert_int_equal(store_screenshot_record(w.f->s, &w.comm, &sh), MM_ERULE);
	assert_int_equal(store_screenshot_list(w.f->s, NULL, NULL,
					       &(struct page_req){ 0 }, &l), 0);
	assert_int_equal(l.n, 0);
	screenshot_list_release(&l);
	sh = shot(loan, day(2025, 4, 20));
	sh.reason = "";
	assert_int_equal(store_screenshot_record(w.f->s, &w.comm, &sh), MM_EINVAL);
	sh = shot(loan, day(2025, 4, 20));
	assert_int_equal(store_screenshot_record(w.f->s, &w.comm, &sh), 0);
	assert_int_equal(sh.unit_id, w.f->kita);
	assert_int_equal(sh.exception_id, id);
	assert_int_equal(sh.state, SCREENSHOT_TAKEN);
	assert_int_equal(store_screenshot_list(w.f->s, NULL,
					       &(struct screenshot_filter){
						       .unit_id = w.f->kita,
						       .on_device_only = 1 },
					       &(struct page_req){ 0 }, &l), 0);
	assert_int_equal(l.n, 1);
	screenshot_list_release(&l);
	/* moved to the investigation laptop, once */
	assert_int_equal(store_screenshot_dispose(w.f->s, &w.asst, sh.id, 1,
						  SCREENSHOT_EV_MOVE, "PC-3"), 0);
	assert_int_equal(store_screenshot_dispose(w.f->s, &w.asst, sh.id, 2,
						  SCREENSHOT_EV_DELETE, ""),
			 MM_ESTATE);
	assert_int_equal(store_screenshot_get(w.f->s, sh.id, &test_pool, &sh), 0);
	assert_int_equal(sh.state, SCREENSHOT_MOVED);
	assert_int_equal(sh.disposed_by, w.asst.user_id);
	assert_int_equal(store_screenshot_list(w.f->s, NULL,
					       &(struct screenshot_filter){
						       .unit_id = w.f->kita,
						       .on_device_only = 1 },
					       &(struct page_req){ 0 }, &l), 0);
	assert_int_equal(l.n, 0);
	screenshot_list_release(&l);
	audit_intact(w.f);
}

static struct breach new_report(struct world *w)
{
	struct breach b = { .unit_id = w->f->kita,
			    .rule = BREACH_RULE_CONNECTION,
			    .occurred_at = 1740000000 };

	b.what = "庁内LANに接続した";
	b.who = "交信担当者A";
	return b;
}

static struct breach breach_of(struct world *w, int64_t id)
{
	struct breach b;

	assert_int_equal(store_breach_get(w->f->s, id, &test_pool, &b), 0);
	return b;
}

static void test_r_cmp_6_incident_chain(void **state)
{
	struct world w;
	struct breach b;

	world_init(*state, &w);
	b = new_report(&w);
	/* only the assistant reports */
	assert_int_equal(store_breach_report(w.f->s, &w.mgr, &b), MM_EDENIED);
	b.rule = BREACH_RULE_NONE;
	assert_int_equal(store_breach_report(w.f->s, &w.asst, &b), MM_EINVAL);
	b = new_report(&w);
	assert_int_equal(store_breach_report(w.f->s, &w.asst, &b), 0);
	assert_int_equal(b.state, BREACH_REPORTED);
	/* skipped step: nobody acknowledges before the manager forwards */
	assert_int_equal(store_breach_step(w.f->s, &w.gm, b.id, 1,
					   BREACH_EV_ACK_GENERAL_MANAGER),
			 MM_ESTATE);
	/* wrong person: the assistant cannot forward */
	assert_int_equal(store_breach_step(w.f->s, &w.asst, b.id, 1,
					   BREACH_EV_FORWARD_INCIDENT),
			 MM_EDENIED);
	assert_int_equal(breach_of(&w, b.id).n_steps, 1);
	assert_int_equal(store_breach_step(w.f->s, &w.mgr, b.id, 1,
					   BREACH_EV_FORWARD_INCIDENT), 0);
	b = breach_of(&w, b.id);
	assert_int_equal(b.state, BREACH_INCIDENT);
	assert_int_equal(b.incident, 1);
	/* the general manager cannot acknowledge for the IT head */
	assert_int_equal(store_breach_step(w.f->s, &w.gm, b.id, 2,
					   BREACH_EV_ACK_IT_HEAD), MM_EDENIED);
	assert_int_equal(store_breach_step(w.f->s, &w.itd, b.id, 2,
					   BREACH_EV_ACK_IT_HEAD), 0);
	assert_int_equal(store_breach_step(w.f->s, &w.itd, b.id, 3,
					   BREACH_EV_ACK_IT_HEAD), MM_ESTATE);
	assert_int_equal(store_breach_step(w.f->s, &w.gm, b.id, 3,
					   BREACH_EV_ACK_GENERAL_MANAGER), 0);
	b = breach_of(&w, b.id);
	assert_int_equal(b.state, BREACH_CLOSED);
	assert_int_equal(b.incident, 1);
	/* the timeline: every step, who and when, in order */
	assert_int_equal(b.n_steps, 4);
	assert_int_equal(b.steps[0].event, BREACH_EV_REPORT);
	assert_string_equal(b.steps[0].actor_name, "山田 asst");
	assert_int_equal(b.steps[1].event, BREACH_EV_FORWARD_INCIDENT);
	assert_int_equal(b.steps[1].actor_id, w.mgr.user_id);
	assert_int_equal(b.steps[2].event, BREACH_EV_ACK_IT_HEAD);
	assert_int_equal(b.steps[2].role, ROLE_IT_DIVISION_HEAD);
	assert_int_equal(b.steps[3].event, BREACH_EV_ACK_GENERAL_MANAGER);
	assert_true(b.steps[3].at > 0);
	audit_intact(w.f);
}

static void test_r_cmp_6_plain_forward(void **state)
{
	struct world w;
	struct breach b;
	struct breach_list l;

	world_init(*state, &w);
	b = new_report(&w);
	assert_int_equal(store_breach_report(w.f->s, &w.asst, &b), 0);
	assert_int_equal(store_breach_step(w.f->s, &w.mgr, b.id, 5,
					   BREACH_EV_FORWARD), MM_ESTALE);
	assert_int_equal(store_breach_step(w.f->s, &w.mgr, b.id, 1,
					   BREACH_EV_FORWARD), 0);
	/* not an incident: the IT head has nothing to acknowledge */
	assert_int_equal(store_breach_step(w.f->s, &w.itd, b.id, 2,
					   BREACH_EV_ACK_IT_HEAD), MM_ESTATE);
	assert_int_equal(store_breach_step(w.f->s, &w.gm, b.id, 2,
					   BREACH_EV_ACK_GENERAL_MANAGER), 0);
	b = breach_of(&w, b.id);
	assert_int_equal(b.state, BREACH_CLOSED);
	assert_int_equal(b.incident, 0);
	assert_int_equal(b.n_steps, 3);
	assert_int_equal(store_breach_list(w.f->s, NULL, w.f->minami, 0, 0,
					   &(struct page_req){ 0 }, &l), 0);
	assert_int_equal(l.n, 0);
	breach_list_release(&l);
	assert_int_equal(store_breach_list(w.f->s, NULL, w.f->kita, 0, 0,
					   &(struct page_req){ 0 }, &l), 0);
	assert_int_equal(l.n, 1);
	breach_list_release(&l);
	audit_intact(w.f);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)
	const struct CMUnitTest tests[] = {
		T(test_r_exc_1_3_apply_approve_revoke),
		T(test_r_exc_1_wrong_person_and_order),
		T(test_r_exc_3_screenshot_needs_exception),
		T(test_r_cmp_6_incident_chain),
		T(test_r_cmp_6_plain_forward),
	};
#undef T
	return cmocka_run_group_tests_name("store_compliance", tests, NULL, NULL);
}
