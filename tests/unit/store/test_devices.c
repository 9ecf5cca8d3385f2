/*
 * test_devices.c - device lending and custody (R-DEV-1..9) in the store:
 * the whole workflow, every refused transition changing nothing, stale
 * versions, two concurrent lends of one device, the all-or-nothing
 * import, and an intact audit trail after all of it.  Runs on SQLite,
 * and on PostgreSQL with MAMORI_TEST_PG set (fixture.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>

#include "fixture.h"
#include "store/store_devices.h"
#include "store/store_designations.h"
#include "lib/pool.h"

/* The memory of the loans read (a request's pool); lives for the run. */
static struct pool test_pool;

struct world {
	struct fx *f;
	int64_t gm, mgr, off, asst, comm, ism;
	struct actor a_gm, a_mgr, a_off, a_asst, a_comm, a_ism;
};

static struct civil_date day(int y, int m, int d)
{
	return (struct civil_date){ y, m, d };
}

static void world_init(struct fx *f, struct world *w)
{
	memset(w, 0, sizeof *w);
	w->f = f;
	fx_units(f);
	w->gm = fx_user(f, "gm", f->hq);
	w->mgr = fx_user(f, "mgr", f->kita);
	w->off = fx_user(f, "off", f->kita);
	w->asst = fx_user(f, "asst", f->kita);
	w->comm = fx_user(f, "comm", f->kita);
	w->ism = fx_user(f, "ism", f->hq);
	assert_true(w->gm > 0 && w->mgr > 0 && w->off > 0 && w->comm > 0);
	w->a_gm = (struct actor){ w->gm, "gm", ROLE_GENERAL_MANAGER, f->hq, "t" };
	w->a_mgr = (struct actor){ w->mgr, "mgr", ROLE_MANAGER, f->kita, "t" };
	w->a_off = (struct actor){ w->off, "off", ROLE_OPERATIONS_OFFICER,
				   f->kita, "t" };
	w->a_asst = (struct actor){ w->asst, "asst", ROLE_ASSISTANT, f->kita, "t" };
	w->a_comm = (struct actor){ w->comm, "comm", ROLE_COMM_OFFICER,
				    f->kita, "t" };
	w->a_ism = (struct actor){ w->ism, "ism", ROLE_INFOSEC_MANAGER, f->hq,
				   "t" };
}

static int64_t make_device(struct world *w, const char *serial)
{
	struct device d = { 0 };
	char contract[80];

	d.model = "Pixel 8";
	snprintf(d.phone, sizeof d.phone, "090-0000-0000");
	snprintf(d.serial, sizeof d.serial, "%s", serial);
	snprintf(contract, sizeof contract, "C-%s", serial);
	d.contract_ref = contract;
	assert_int_equal(store_device_create(w->f->s, &w->a_gm, &d), 0);
	assert_int_equal(d.state, DEVICE_IN_STOCK);
	return d.id;
}

static void fill_application(struct borrow_application *p, int64_t unit,
			     int64_t device, struct civil_date due)
{
	memset(p, 0, sizeof *p);
	p->kind = APPLICATION_KIND_NEW;
	p->unit_id = unit;
	p->device_id = device;
	p->consulted_on = day(2025, 3, 20);
	p->consulted_with = "少年課長";
	p->consultation = "1台貸出で合意";
	p->start = day(2025, 4, 1);
	p->due = due;
	p->purpose = "サイバーパトロール";
}

static int64_t apply_new(struct world *w, int64_t device, struct civil_date due)
{
	struct borrow_application p;

	fill_application(&p, w->f->kita, device, due);
	assert_int_equal(store_application_create(w->f->s, &w->a_mgr, &p), 0);
	assert_int_equal(p.state, APPLICATION_SUBMITTED);
	return p.id;
}

static void decide(struct world *w, int64_t id, enum application_event ev,
		   const char *reason, const char *exception, int want)
{
	struct borrow_application p;

	assert_int_equal(store_application_get(w->f->s, id, &test_pool, &p), 0);
	assert_int_equal(store_application_decide(w->f->s, &w->a_gm, id,
						  p.version, ev, reason,
						  exception), want);
}

static int64_t approved(struct world *w, int64_t device)
{
	int64_t id = apply_new(w, device, day(2026, 3, 31));

	decide(w, id, APPLICATION_EV_APPROVE, "", "", 0);
	return id;
}

static struct loan lend(struct world *w, int64_t device)
{
	struct loan l;

	assert_int_equal(store_loan_lend(w->f->s, &w->a_gm, approved(w, device),
					 device, &l), 0);
	return l;
}

static void receive(struct world *w, struct loan *l)
{
	struct training_record t = { .trained_on = day(2025, 4, 2) };

	t.trainer = "少年課 佐藤";
	t.topics = "運用要領";
	assert_int_equal(store_loan_receive(w->f->s, &w->a_off, l->id,
					    l->version, &t), 0);
	assert_int_equal(store_loan_get(w->f->s, l->id, &test_pool, l), 0);
}

/* R-SVC-1: the assistant applies for an account on the device. */
static int64_t applied_service(struct world *w, int64_t dev,
			       const char *service, const char *handle)
{
	struct service_request r = { .service = service, .handle = handle,
				     .device_id = dev, .purpose = "広報" };
	struct service_application x;

	assert_int_equal(store_service_apply(w->f->s, &w->a_asst, w->f->kita,
					     &r, &x), 0);
	return x.id;
}

/* R-SVC-1, R-SVC-2: an account whose whole chain ran: in force. */
static int64_t service_in_force_on(struct world *w, int64_t dev,
				   const char *service, const char *handle)
{
	int64_t id = applied_service(w, dev, service, handle);

	assert_int_equal(store_service_step(w->f->s, &w->a_mgr, id, 1,
					    SERVICE_EV_PERMIT, ""), 0);
	assert_int_equal(store_service_step(w->f->s, &w->a_gm, id, 2,
					    SERVICE_EV_FORWARD, ""), 0);
	assert_int_equal(store_service_record_measures(w->f->s, &w->a_ism, id,
						       3, "二段階認証", 1, 1), 0);
	return id;
}

static enum service_state service_state_of(struct world *w, int64_t id)
{
	struct service_application x;

	assert_int_equal(store_service_get(w->f->s, id, &test_pool, &x), 0);
	return x.state;
}

/* The manager's confirmation of ids (n of them), every item ticked. */
static void confirm(struct return_confirmation *in, const int64_t *ids,
		    size_t n)
{
	memset(in, 0, sizeof *in);
	for (size_t i = 0; i < n; i++)
		in->items[in->n++] = (struct return_confirm){ ids[i], 1 };
	in->apps_uninstalled = in->device_restored = in->accessories_present = 1;
}

static struct takeout takeout_of(struct world *w, int64_t loan)
{
	struct takeout t = { .loan_id = loan, .officer_id = w->comm,
			     .out_at = 1750000000, .expected_back = 1750010000 };

	t.destination = "熊本市内";
	t.reason = "街頭補導";
	return t;
}

static void assert_audit_ok(struct fx *f)
{
	struct audit_verify_result r;

	assert_int_equal(store_audit_verify(f->s, &r, NULL, NULL), 0);
	assert_int_equal(r.first_bad_seq, 0);
}

static enum device_state device_state_of(struct world *w, int64_t id)
{
	struct device d;

	assert_int_equal(store_device_get(w->f->s, id, &test_pool, &d), 0);
	return d.state;
}

/* Whether the unit's audit view holds an entry with action. */
static int unit_audit_has(struct fx *f, int64_t unit, const char *action)
{
	struct audit_list l;
	int found = 0;

	assert_int_equal(store_audit_list(f->s, unit, 0, 1000, &l), 0);
	for (size_t i = 0; i < l.n; i++)
		found |= !strcmp(l.items[i].action, action);
	audit_list_release(&l);
	return found;
}

static void lend_and_receive(struct world *w, int64_t dev, struct loan *l)
{
	struct device d;

	*l = lend(w, dev);
	assert_int_equal(l->state, LOAN_LENT);
	assert_int_equal(l->unit_id, w->f->kita);
	assert_string_equal(l->policy_id, policy_default()->id);
	assert_int_equal(store_device_get(w->f->s, dev, &test_pool, &d), 0);
	assert_int_equal(d.state, DEVICE_ON_LOAN);
	assert_int_equal(d.unit_id, w->f->kita);
	assert_int_equal(d.loan_id, l->id);
	receive(w, l);
	assert_int_equal(l->state, LOAN_RECEIVED);
	assert_string_equal(l->training.trainer, "少年課 佐藤");
	assert_int_equal(l->training.trained_on.day, 2);
}

static void check_and_take_out(struct world *w, struct loan *l)
{
	struct location_check_entry c = { .loan_id = l->id,
					  .checked_on = day(2025, 4, 30),
					  .in_cabinet = 1 };
	struct check_list cl;
	struct takeout t = takeout_of(w, l->id);
	struct takeout_list tl;

	assert_int_equal(store_check_add(w->f->s, &w->a_asst, &c), 0);
	assert_int_equal(c.unit_id, w->f->kita);
	assert_int_equal(store_check_list(w->f->s, NULL, l->id,
					  &(struct page_req){ 0 }, &cl), 0);
	assert_int_equal(cl.n, 1);
	assert_int_equal(cl.items[0].checked_on.month, 4);
	check_list_release(&cl);
	assert_int_equal(store_takeout_request(w->f->s, &w->a_comm, &t), 0);
	assert_int_equal(store_takeout_decide(w->f->s, &w->a_asst, t.id,
					      t.version, TAKEOUT_EV_PERMIT, ""), 0);
	assert_int_equal(store_takeout_list(w->f->s, NULL,
					    &(struct takeout_filter){ .unit_id = w->f->kita,
									.open_only = 1 },
					    &(struct page_req){ 0 }, &tl), 0);
	assert_int_equal(tl.n, 1);
	assert_int_equal(tl.items[0].state, TAKEOUT_PERMITTED);
	takeout_list_release(&tl);
	assert_int_equal(store_takeout_report(w->f->s, &w->a_comm, t.id,
					      t.version + 1, 1, "", "異常なし"), 0);
	assert_int_equal(store_takeout_get(w->f->s, t.id, &test_pool, &t), 0);
	assert_int_equal(t.state, TAKEOUT_RETURNED);
	assert_string_equal(t.results, "異常なし");
	assert_int_equal(store_takeout_list(w->f->s, NULL,
					    &(struct takeout_filter){ .unit_id = w->f->kita,
									.open_only = 1 },
					    &(struct page_req){ 0 }, &tl), 0);
	assert_int_equal(tl.n, 0);
	takeout_list_release(&tl);
}

static void extend(struct world *w, struct loan *l)
{
	struct borrow_application p;

	fill_application(&p, w->f->kita, 0, day(2026, 9, 30));
	p.kind = APPLICATION_KIND_EXTENSION;
	p.loan_id = l->id;
	assert_int_equal(store_application_create(w->f->s, &w->a_mgr, &p), 0);
	assert_int_equal(p.device_id, l->device_id);
	decide(w, p.id, APPLICATION_EV_APPROVE, "継続の必要あり", "", 0);
	assert_int_equal(store_loan_get(w->f->s, l->id, &test_pool, l), 0);
	assert_int_equal(l->due.year, 2026);
	assert_int_equal(l->due.month, 9);
	assert_int_equal(l->original_due.month, 3); /* R-DEV-8: both dates */
}

/* R-DEV-9, R-SVC-4: the checklist is the register's; the return ends it. */
static void give_back(struct world *w, struct loan *l, int64_t dev)
{
	struct return_confirmation in;
	struct service_application x;
	struct loan_list ll;
	int64_t ids[2];

	ids[0] = service_in_force_on(w, dev, "X", "@patrol1");
	ids[1] = service_in_force_on(w, dev, "LINE", "p1");
	assert_int_equal(store_loan_get(w->f->s, l->id, &test_pool, l), 0);
	confirm(&in, ids, 2);
	assert_int_equal(store_loan_submit_return(w->f->s, &w->a_mgr, l->id,
						  l->version, &in, NULL), 0);
	assert_int_equal(device_state_of(w, dev), DEVICE_RETURNED_AWAITING_CHECK);
	assert_int_equal(store_loan_get(w->f->s, l->id, &test_pool, l), 0);
	assert_int_equal(l->state, LOAN_RETURNED_BY_UNIT);
	assert_int_equal(l->checklist.n_accounts, 2);
	assert_string_equal(l->checklist.accounts[0].account, "@patrol1");
	assert_string_equal(l->checklist.accounts[1].service, "LINE");
	assert_int_equal(l->checklist.accounts[1].service_id, ids[1]);
	assert_true(l->checklist.accounts[0].deleted);
	assert_true(l->checklist.apps_uninstalled);
	/* R-SVC-4: deleted at once, the manager told by the return itself */
	assert_int_equal(store_service_get(w->f->s, ids[0], &test_pool, &x), 0);
	assert_int_equal(x.state, SERVICE_DELETED);
	assert_int_equal(x.ended_by, w->mgr);
	assert_int_equal(x.deletion_ack_by, w->mgr);
	assert_non_null(strstr(x.deletion_note, "返却"));
	assert_int_equal(service_state_of(w, ids[1]), SERVICE_DELETED);
	assert_true(unit_audit_has(w->f, w->f->kita, "service.delete_at_return"));
	assert_int_equal(store_loan_close(w->f->s, &w->a_gm, l->id, l->version,
					  0, "", 0), 0);
	assert_int_equal(device_state_of(w, dev), DEVICE_IN_STOCK);
	assert_int_equal(store_loan_get(w->f->s, l->id, &test_pool, l), 0);
	assert_int_equal(l->state, LOAN_CLOSED);
	assert_int_equal(store_loan_list(w->f->s, NULL,
					 &(struct loan_filter){ .unit_id = w->f->kita,
								.open_only = 1 },
					 &(struct page_req){ 0 }, &ll), 0);
	assert_int_equal(ll.n, 0);
	loan_list_release(&ll);
	assert_int_equal(store_loan_list(w->f->s, NULL, NULL,
					 &(struct page_req){ 0 }, &ll), 0);
	assert_int_equal(ll.n, 1);
	assert_int_equal(ll.items[0].checklist.n_accounts, 2);
	loan_list_release(&ll);
}

static void test_r_dev_1_9_whole_workflow(void **state)
{
	struct world w;
	struct loan l;
	struct device d;
	int64_t dev;

	world_init(*state, &w);
	dev = make_device(&w, "IMEI-0001");
	lend_and_receive(&w, dev, &l);
	check_and_take_out(&w, &l);
	extend(&w, &l);
	give_back(&w, &l, dev);
	assert_int_equal(store_device_get(w.f->s, dev, &test_pool, &d), 0);
	assert_int_equal(d.unit_id, 0);
	assert_int_equal(d.loan_id, 0);
	/* the station's audit view shows its loan's steps, even the GM's */
	assert_true(unit_audit_has(w.f, w.f->kita, "loan.lend"));
	assert_true(unit_audit_has(w.f, w.f->kita, "loan.close"));
	assert_true(unit_audit_has(w.f, w.f->kita, "takeout.report"));
	assert_false(unit_audit_has(w.f, w.f->minami, "loan.lend"));
	/* lent again after the HQ check */
	l = lend(&w, dev);
	assert_int_equal(l.state, LOAN_LENT);
	assert_audit_ok(w.f);
}

static void test_r_dev_2_application_decisions(void **state)
{
	struct world w;
	struct borrow_application p;
	struct application_list al;
	int64_t dev, id, over;
	size_t n;

	world_init(*state, &w);
	dev = make_device(&w, "IMEI-0002");
	id = apply_new(&w, dev, day(2026, 3, 31));
	/* a refusal needs a reason */
	decide(&w, id, APPLICATION_EV_REFUSE, " ", "", MM_EINVAL);
	over = apply_new(&w, dev, day(2026, 4, 2));
	n = fx_audit_count(w.f);
	/* R-DEV-2: over one year only with the general manager's reason */
	decide(&w, over, APPLICATION_EV_APPROVE, "", "", MM_ERULE);
	assert_int_equal(fx_audit_count(w.f), n);
	decide(&w, over, APPLICATION_EV_APPROVE, "", "長期の捜査支援", 0);
	assert_int_equal(store_application_get(w.f->s, over, &test_pool, &p), 0);
	assert_int_equal(p.state, APPLICATION_APPROVED);
	assert_string_equal(p.exception_reason, "長期の捜査支援");
	assert_int_equal(p.decided_by, w.gm);
	/* a decided application stays decided */
	n = fx_audit_count(w.f);
	decide(&w, over, APPLICATION_EV_APPROVE, "", "x", MM_ESTATE);
	decide(&w, over, APPLICATION_EV_WITHDRAW, "", "", MM_ESTATE);
	assert_int_equal(fx_audit_count(w.f), n);
	assert_int_equal(store_application_get(w.f->s, over, &test_pool, &p), 0);
	assert_int_equal(p.state, APPLICATION_APPROVED);
	decide(&w, id, APPLICATION_EV_WITHDRAW, "", "", 0);
	assert_int_equal(store_application_list(w.f->s, NULL, w.f->kita,
						APPLICATION_WITHDRAWN,
						&(struct page_req){ 0 }, &al), 0);
	assert_int_equal(al.n, 1);
	assert_int_equal(al.items[0].id, id);
	application_list_release(&al);
	assert_int_equal(store_application_list(w.f->s, NULL, w.f->minami, 0,
						&(struct page_req){ 0 }, &al), 0);
	assert_int_equal(al.n, 0);
	application_list_release(&al);
	/* a new application cannot name a loan; an unknown unit is refused */
	fill_application(&p, w.f->kita, dev, day(2026, 3, 31));
	p.loan_id = 1;
	assert_int_equal(store_application_create(w.f->s, &w.a_mgr, &p), MM_EINVAL);
	fill_application(&p, 9999, dev, day(2026, 3, 31));
	assert_int_not_equal(store_application_create(w.f->s, &w.a_mgr, &p), 0);
	assert_audit_ok(w.f);
}

static void test_r_dev_3_lend_refused(void **state)
{
	struct world w;
	struct loan l;
	int64_t dev, other, pending, second;
	size_t n;

	world_init(*state, &w);
	dev = make_device(&w, "IMEI-0003");
	other = make_device(&w, "IMEI-0004");
	pending = apply_new(&w, dev, day(2026, 3, 31));
	n = fx_audit_count(w.f);
	/* not approved */
	assert_int_equal(store_loan_lend(w.f->s, &w.a_gm, pending, dev, NULL),
			 MM_ESTATE);
	l = lend(&w, dev);
	second = approved(&w, dev);
	n = fx_audit_count(w.f);
	/* R-DEV-3: a device on loan is not lent again */
	assert_int_equal(store_loan_lend(w.f->s, &w.a_gm, second, dev, NULL),
			 MM_ESTATE);
	/* an application is lent on once */
	assert_int_equal(store_loan_lend(w.f->s, &w.a_gm, l.application_id,
					 other, NULL), MM_ESTATE);
	assert_int_equal(fx_audit_count(w.f), n);
	assert_int_equal(device_state_of(&w, other), DEVICE_IN_STOCK);
	/* a retired device is not lent; on loan it cannot be retired */
	assert_int_equal(store_device_event(w.f->s, &w.a_gm, dev, 2,
					    DEVICE_EV_RETIRE, "破損"), MM_ESTATE);
	assert_int_equal(store_device_event(w.f->s, &w.a_gm, other, 1,
					    DEVICE_EV_RETIRE, "破損"), 0);
	assert_int_equal(device_state_of(&w, other), DEVICE_OUT_OF_SERVICE);
	assert_int_equal(store_loan_lend(w.f->s, &w.a_gm, second, other, NULL),
			 MM_ESTATE);
	assert_int_equal(store_device_event(w.f->s, &w.a_gm, other, 2,
					    DEVICE_EV_REINSTATE, "修理済"), 0);
	assert_int_equal(store_loan_lend(w.f->s, &w.a_gm, second, other, &l), 0);
	/* the loan events are not device events */
	assert_int_equal(store_device_event(w.f->s, &w.a_gm, other, 4,
					    DEVICE_EV_ACCEPT, ""), MM_EINVAL);
	assert_int_equal(store_loan_lend(w.f->s, &w.a_gm, 9999, other, NULL),
			 MM_ENOTFOUND);
	assert_audit_ok(w.f);
}

static void test_r_dev_4_6_7_takeout_needs_receipt(void **state)
{
	struct world w;
	struct loan l;
	struct takeout t;
	struct device_use_facts facts;
	struct location_check_entry c = { .checked_on = { 2025, 4, 30 } };
	size_t n;
	int64_t dev;

	world_init(*state, &w);
	dev = make_device(&w, "IMEI-0005");
	l = lend(&w, dev);
	assert_int_equal(store_device_use_facts(w.f->s, l.id, &facts), 0);
	assert_int_equal(facts.loan_state, LOAN_LENT);
	assert_int_equal(facts.receipt_confirmed, 0);
	assert_int_equal(facts.training_recorded, 0);
	assert_int_equal(facts.services_without_permission, 0);
	n = fx_audit_count(w.f);
	/* R-DEV-6: no take-out and no check before receipt and training */
	t = takeout_of(&w, l.id);
	assert_int_equal(store_takeout_request(w.f->s, &w.a_comm, &t), MM_ERULE);
	assert_int_equal(t.id, 0);
	c.loan_id = l.id;
	assert_int_equal(store_check_add(w.f->s, &w.a_asst, &c), MM_ESTATE);
	assert_int_equal(fx_audit_count(w.f), n);
	receive(&w, &l);
	assert_int_equal(store_device_use_facts(w.f->s, l.id, &facts), 0);
	assert_int_equal(facts.receipt_confirmed, 1);
	assert_int_equal(facts.training_recorded, 1);
	/* receipt is confirmed once */
	assert_int_equal(store_loan_receive(w.f->s, &w.a_off, l.id, l.version,
					    &l.training), MM_ESTATE);
	/* R-DEV-7: times in order; transitions */
	t = takeout_of(&w, l.id);
	t.expected_back = t.out_at;
	assert_int_equal(store_takeout_request(w.f->s, &w.a_comm, &t), MM_EINVAL);
	t = takeout_of(&w, l.id);
	assert_int_equal(store_takeout_request(w.f->s, &w.a_comm, &t), 0);
	assert_int_equal(t.unit_id, w.f->kita);
	assert_int_equal(store_takeout_report(w.f->s, &w.a_comm, t.id, 1, 1, "",
					      "済"), MM_ESTATE);
	assert_int_equal(store_takeout_decide(w.f->s, &w.a_asst, t.id, 1,
					      TAKEOUT_EV_REPORT, ""), MM_EINVAL);
	assert_int_equal(store_takeout_decide(w.f->s, &w.a_asst, t.id, 1,
					      TAKEOUT_EV_PERMIT, ""), 0);
	assert_int_equal(store_takeout_decide(w.f->s, &w.a_comm, t.id, 2,
					      TAKEOUT_EV_CANCEL, ""), MM_ESTATE);
	/* loss or damage is described; results are always stated */
	assert_int_equal(store_takeout_report(w.f->s, &w.a_comm, t.id, 2, 0, "",
					      "済"), MM_EINVAL);
	assert_int_equal(store_takeout_report(w.f->s, &w.a_comm, t.id, 2, 1, "",
					      " "), MM_EINVAL);
	assert_int_equal(store_takeout_report(w.f->s, &w.a_comm, t.id, 2, 0,
					      "画面に傷", "済"), 0);
	assert_int_equal(store_takeout_get(w.f->s, t.id, &test_pool, &t), 0);
	assert_string_equal(t.incident, "画面に傷");
	assert_int_equal(t.no_loss_or_damage, 0);
	assert_audit_ok(w.f);
}

/* Refused with rc naming words; the loan, device and services unchanged. */
static void expect_return_refused(struct world *w, const struct loan *l,
				  const struct return_confirmation *in,
				  int rc, const char *words,
				  const int64_t *ids, size_t n)
{
	enum service_state before[4];
	struct return_fault f;
	struct loan now;
	size_t audits = fx_audit_count(w->f);

	for (size_t i = 0; i < n; i++)
		before[i] = service_state_of(w, ids[i]);
	assert_int_equal(store_loan_submit_return(w->f->s, &w->a_mgr, l->id,
						  l->version, in, &f), rc);
	assert_non_null(strstr(f.message, words));
	assert_int_equal(fx_audit_count(w->f), audits);
	assert_int_equal(store_loan_get(w->f->s, l->id, &test_pool, &now), 0);
	assert_int_equal(now.state, LOAN_RECEIVED);
	assert_int_equal(now.version, l->version);
	assert_int_equal(now.checklist.n_accounts, 0);
	assert_int_equal(device_state_of(w, l->device_id), DEVICE_ON_LOAN);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(service_state_of(w, ids[i]), before[i]);
}

static void test_r_dev_9_return_rules(void **state)
{
	struct world w;
	struct loan l, other;
	struct return_confirmation in;
	struct return_checklist listed;
	int64_t dev, ids[3];
	size_t n;

	world_init(*state, &w);
	dev = make_device(&w, "IMEI-0006");
	l = lend(&w, dev);
	confirm(&in, NULL, 0);
	n = fx_audit_count(w.f);
	/* not received yet: no return; not returned: no close */
	assert_int_equal(store_loan_submit_return(w.f->s, &w.a_mgr, l.id,
						  l.version, &in, NULL), MM_ESTATE);
	assert_int_equal(store_loan_close(w.f->s, &w.a_gm, l.id, l.version, 0,
					  "", 0), MM_ESTATE);
	assert_int_equal(fx_audit_count(w.f), n);
	receive(&w, &l);
	/* an account in force, and one whose chain still runs */
	ids[0] = service_in_force_on(&w, dev, "X", "@kita_patrol");
	ids[1] = applied_service(&w, dev, "LINE", "kita-line");
	/* another device's account of the same unit */
	other = lend(&w, make_device(&w, "IMEI-0016"));
	receive(&w, &other);
	ids[2] = service_in_force_on(&w, other.device_id, "X", "@other");
	assert_int_equal(store_loan_return_accounts(w.f->s, l.id, &test_pool, &listed), 0);
	assert_int_equal(listed.n_accounts, 2);
	assert_int_equal(listed.accounts[0].service_id, ids[0]);
	assert_int_equal(listed.accounts[0].state, SERVICE_IN_FORCE);
	assert_string_equal(listed.accounts[1].account, "kita-line");
	assert_int_equal(listed.accounts[1].state, SERVICE_APPLIED);
	assert_int_equal(store_loan_get(w.f->s, l.id, &test_pool, &l), 0);
	/* R-DEV-9: the account in force left out */
	confirm(&in, &ids[1], 1);
	expect_return_refused(&w, &l, &in, MM_ERULE,
			      "アカウント「X @kita_patrol」の削除が確認されていません",
			      ids, 3);
	confirm(&in, NULL, 0);
	expect_return_refused(&w, &l, &in, MM_ERULE, "X @kita_patrol", ids, 3);
	/* said not deleted */
	confirm(&in, ids, 2);
	in.items[0].deleted = 0;
	expect_return_refused(&w, &l, &in, MM_ERULE, "削除が確認されていません",
			      ids, 3);
	/* another device's account, and one of the accounts twice */
	confirm(&in, ids, 3);
	expect_return_refused(&w, &l, &in, MM_EINVAL, "登録されていない", ids, 3);
	confirm(&in, ids, 2);
	in.items[in.n++] = (struct return_confirm){ ids[1], 1 };
	expect_return_refused(&w, &l, &in, MM_EINVAL, "重複", ids, 3);
	/* an item not done */
	confirm(&in, ids, 2);
	in.accessories_present = 0;
	expect_return_refused(&w, &l, &in, MM_ERULE, "付属品", ids, 3);
	/* complete: both end, the other device's account stays in force */
	confirm(&in, ids, 2);
	assert_int_equal(store_loan_submit_return(w.f->s, &w.a_mgr, l.id,
						  l.version, &in, NULL), 0);
	assert_int_equal(service_state_of(&w, ids[0]), SERVICE_DELETED);
	assert_int_equal(service_state_of(&w, ids[1]), SERVICE_DELETED);
	assert_int_equal(service_state_of(&w, ids[2]), SERVICE_IN_FORCE);
	assert_int_equal(store_loan_return_accounts(w.f->s, l.id, &test_pool, &listed), 0);
	assert_int_equal(listed.n_accounts, 0);
	assert_int_equal(store_loan_get(w.f->s, l.id, &test_pool, &l), 0);
	assert_int_equal(l.checklist.n_accounts, 2);
	assert_string_equal(l.checklist.accounts[1].service, "LINE");
	/* an anomaly is described; then the device goes out of service */
	assert_int_equal(store_loan_close(w.f->s, &w.a_gm, l.id, l.version, 1,
					  " ", 1), MM_EINVAL);
	assert_int_equal(store_loan_close(w.f->s, &w.a_gm, l.id, l.version, 1,
					  "初期化されていない", 1), 0);
	assert_int_equal(device_state_of(&w, dev), DEVICE_OUT_OF_SERVICE);
	assert_int_equal(store_loan_get(w.f->s, l.id, &test_pool, &l), 0);
	assert_int_equal(l.anomaly, 1);
	assert_string_equal(l.anomaly_text, "初期化されていない");
	assert_int_equal(store_loan_close(w.f->s, &w.a_gm, l.id, l.version, 0,
					  "", 0), MM_ESTATE);
	assert_audit_ok(w.f);
}

static void test_r_dev_8_extension_rules(void **state)
{
	struct world w;
	struct loan l;
	struct borrow_application p;
	struct return_confirmation in;
	int64_t dev;

	world_init(*state, &w);
	dev = make_device(&w, "IMEI-0007");
	l = lend(&w, dev);
	fill_application(&p, w.f->minami, 0, day(2026, 9, 30));
	p.kind = APPLICATION_KIND_EXTENSION;
	p.loan_id = l.id;
	/* another unit's loan */
	assert_int_equal(store_application_create(w.f->s, &w.a_mgr, &p), MM_EINVAL);
	/* the due date moves later */
	p.unit_id = w.f->kita;
	p.due = day(2026, 3, 1);
	assert_int_equal(store_application_create(w.f->s, &w.a_mgr, &p), MM_EINVAL);
	/* more than a year past the current due date needs a reason */
	p.due = day(2027, 4, 1);
	assert_int_equal(store_application_create(w.f->s, &w.a_mgr, &p), 0);
	decide(&w, p.id, APPLICATION_EV_APPROVE, "", "", MM_ERULE);
	/* an extension lends nothing */
	decide(&w, p.id, APPLICATION_EV_APPROVE, "", "事件継続", 0);
	assert_int_equal(store_loan_lend(w.f->s, &w.a_gm, p.id, dev, NULL),
			 MM_EINVAL);
	/* a pending extension of a loan closed meanwhile is not approved */
	p.id = 0;
	p.due = day(2027, 5, 1);
	assert_int_equal(store_application_create(w.f->s, &w.a_mgr, &p), 0);
	assert_int_equal(store_loan_get(w.f->s, l.id, &test_pool, &l), 0);
	receive(&w, &l);
	confirm(&in, NULL, 0); /* a device that never had an account */
	assert_int_equal(store_loan_submit_return(w.f->s, &w.a_mgr, l.id,
						  l.version, &in, NULL), 0);
	decide(&w, p.id, APPLICATION_EV_APPROVE, "", "", MM_ESTATE);
	assert_int_equal(store_loan_get(w.f->s, l.id, &test_pool, &l), 0);
	assert_int_equal(l.due.year, 2027);
	assert_int_equal(l.due.month, 4);
	/* extending a closed loan is refused at once */
	assert_int_equal(store_loan_close(w.f->s, &w.a_gm, l.id, l.version, 0,
					  "", 0), 0);
	p.id = 0;
	assert_int_equal(store_application_create(w.f->s, &w.a_mgr, &p), MM_ESTATE);
	assert_audit_ok(w.f);
}

static void test_stale_versions(void **state)
{
	struct world w;
	struct device d, stale;
	struct loan l;
	struct takeout t;
	struct borrow_application p;
	int64_t dev, id;

	world_init(*state, &w);
	dev = make_device(&w, "IMEI-0008");
	assert_int_equal(store_device_get(w.f->s, dev, &test_pool, &d), 0);
	stale = d;
	d.remarks = "画面保護フィルム";
	assert_int_equal(store_device_update(w.f->s, &w.a_gm, &d), 0);
	assert_int_equal(d.version, 2);
	stale.model = "別機種";
	assert_int_equal(store_device_update(w.f->s, &w.a_gm, &stale), MM_ESTALE);
	assert_int_equal(store_device_event(w.f->s, &w.a_gm, dev, 1,
					    DEVICE_EV_RETIRE, ""), MM_ESTALE);
	assert_int_equal(store_device_get(w.f->s, dev, &test_pool, &d), 0);
	assert_string_equal(d.model, "Pixel 8");
	assert_int_equal(d.state, DEVICE_IN_STOCK);
	id = apply_new(&w, dev, day(2026, 3, 31));
	assert_int_equal(store_application_decide(w.f->s, &w.a_gm, id, 7,
						  APPLICATION_EV_APPROVE, "", ""),
			 MM_ESTALE);
	assert_int_equal(store_application_get(w.f->s, id, &test_pool, &p), 0);
	assert_int_equal(p.state, APPLICATION_SUBMITTED);
	decide(&w, id, APPLICATION_EV_APPROVE, "", "", 0);
	assert_int_equal(store_loan_lend(w.f->s, &w.a_gm, id, dev, &l), 0);
	assert_int_equal(store_loan_receive(w.f->s, &w.a_off, l.id, l.version + 1,
					    &l.training), MM_ESTALE);
	receive(&w, &l);
	t = takeout_of(&w, l.id);
	assert_int_equal(store_takeout_request(w.f->s, &w.a_comm, &t), 0);
	assert_int_equal(store_takeout_decide(w.f->s, &w.a_asst, t.id, 2,
					      TAKEOUT_EV_PERMIT, ""), MM_ESTALE);
	assert_int_equal(store_takeout_get(w.f->s, t.id, &test_pool, &t), 0);
	assert_int_equal(t.state, TAKEOUT_REQUESTED);
	assert_int_equal(store_loan_close(w.f->s, &w.a_gm, 9999, 1, 0, "", 0),
			 MM_ENOTFOUND);
	assert_audit_ok(w.f);
}

struct racer {
	struct store *s;
	const struct actor *a;
	int64_t app, dev;
	pthread_barrier_t *go;
	int rc;
};

static void *race(void *arg)
{
	struct racer *r = arg;

	pthread_barrier_wait(r->go);
	r->rc = store_loan_lend(r->s, r->a, r->app, r->dev, NULL);
	return NULL;
}

/* R-DEV-3: two lends of one device at once, on two store handles. */
static void test_r_dev_3_concurrent_lend(void **state)
{
	struct world w;
	struct store *other;
	struct loan_list ll;
	pthread_barrier_t go;

	world_init(*state, &w);
	assert_int_equal(store_open(w.f->path, 0, &other), 0);
	for (int round = 0; round < 5; round++) {
		char serial[32];
		int64_t dev;
		struct racer r[2];
		pthread_t th[2];

		snprintf(serial, sizeof serial, "RACE-%d", round);
		dev = make_device(&w, serial);
		r[0] = (struct racer){ w.f->s, &w.a_gm, approved(&w, dev), dev, &go, 1 };
		r[1] = (struct racer){ other, &w.a_gm, approved(&w, dev), dev, &go, 1 };
		pthread_barrier_init(&go, NULL, 2);
		for (int i = 0; i < 2; i++)
			assert_int_equal(pthread_create(&th[i], NULL, race, &r[i]), 0);
		for (int i = 0; i < 2; i++)
			pthread_join(th[i], NULL);
		pthread_barrier_destroy(&go);
		assert_true((r[0].rc == 0) != (r[1].rc == 0));
		assert_int_equal(r[0].rc + r[1].rc, MM_ESTATE);
		assert_int_equal(device_state_of(&w, dev), DEVICE_ON_LOAN);
	}
	store_close(other);
	assert_int_equal(store_loan_list(w.f->s, NULL,
					 &(struct loan_filter){ .open_only = 1 },
					 &(struct page_req){ 0 }, &ll), 0);
	assert_int_equal(ll.n, 5);
	loan_list_release(&ll);
	assert_audit_ok(w.f);
}

static void import_rows(struct device *items, size_t n, const char *prefix)
{
	memset(items, 0, n * sizeof *items);
	for (size_t i = 0; i < n; i++) {
		items[i].model = "AQUOS";
		snprintf(items[i].serial, sizeof items[i].serial, "%s-%zu",
			 prefix, i);
	}
}

static void test_r_dev_1_import_all_or_nothing(void **state)
{
	struct world w;
	struct device items[4];
	struct device_list dl;
	size_t bad = 99, n;

	world_init(*state, &w);
	make_device(&w, "EXIST-1");
	n = fx_audit_count(w.f);
	/* a duplicate within the list */
	import_rows(items, 4, "IMP");
	snprintf(items[3].serial, sizeof items[3].serial, "IMP-1");
	assert_int_equal(store_device_import(w.f->s, &w.a_gm, items, 4, &bad),
			 MM_EEXIST);
	assert_int_equal(bad, 3);
	/* a duplicate of the registry */
	import_rows(items, 4, "IMP");
	snprintf(items[2].serial, sizeof items[2].serial, "EXIST-1");
	assert_int_equal(store_device_import(w.f->s, &w.a_gm, items, 4, &bad),
			 MM_EEXIST);
	assert_int_equal(bad, 2);
	/* an empty serial */
	import_rows(items, 4, "IMP");
	items[1].serial[0] = '\0';
	assert_int_not_equal(store_device_import(w.f->s, &w.a_gm, items, 4, &bad),
			     0);
	assert_int_equal(bad, 1);
	assert_int_equal(store_device_list(w.f->s, NULL, DEVICE_NONE,
					   &(struct page_req){ 0 }, &dl), 0);
	assert_int_equal(dl.n, 1);
	device_list_release(&dl);
	assert_int_equal(fx_audit_count(w.f), n);
	import_rows(items, 4, "IMP");
	assert_int_equal(store_device_import(w.f->s, &w.a_gm, items, 4, &bad), 0);
	assert_int_equal(fx_audit_count(w.f), n + 1);
	assert_int_equal(store_device_list(w.f->s, NULL, DEVICE_NONE,
					   &(struct page_req){ 0 }, &dl), 0);
	assert_int_equal(dl.n, 5);
	assert_string_equal(dl.items[0].model, "AQUOS");
	assert_string_equal(dl.items[0].serial, "IMP-0");
	assert_string_equal(dl.items[4].model, "Pixel 8");
	assert_int_equal(dl.items[1].state, DEVICE_IN_STOCK);
	device_list_release(&dl);
	/* a serial is unique */
	assert_int_equal(store_device_create(w.f->s, &w.a_gm, &items[0]), MM_EEXIST);
	assert_audit_ok(w.f);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)
	const struct CMUnitTest tests[] = {
		T(test_r_dev_1_9_whole_workflow),
		T(test_r_dev_2_application_decisions),
		T(test_r_dev_3_lend_refused),
		T(test_r_dev_4_6_7_takeout_needs_receipt),
		T(test_r_dev_9_return_rules),
		T(test_r_dev_8_extension_rules),
		T(test_stale_versions),
		T(test_r_dev_3_concurrent_lend),
		T(test_r_dev_1_import_all_or_nothing),
	};
#undef T
	return cmocka_run_group_tests_name("store_devices", tests, NULL, NULL);
}
