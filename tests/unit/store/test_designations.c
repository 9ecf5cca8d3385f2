/*
 * test_designations.c - designations with form 1 (R-ROLE-4, R-ROLE-5) and
 * the external-service chain of detail form 9 (R-SVC-1..4) in the store,
 * with the count R-DEV-6 weighs: the right order, every skipped step and
 * wrong role refused with nothing changed, stale versions, and an intact
 * audit trail.  Runs on SQLite, and on PostgreSQL with MAMORI_TEST_PG set.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "fixture.h"
#include "core/roles.h"
#include "store/store_devices.h"
#include "store/store_designations.h"
#include "lib/pool.h"

/* The memory of the loans read (a request's pool); lives for the run. */
static struct pool test_pool;

struct world {
	struct fx *f;
	int64_t gm, mgr, off, asst, comm, ism, other;
	struct actor a_gm, a_mgr, a_asst, a_off, a_ism, a_mmgr;
};

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
	w->other = fx_user(f, "other", f->minami);
	assert_true(w->gm > 0 && w->ism > 0 && w->other > 0);
	w->a_gm = (struct actor){ w->gm, "gm", ROLE_GENERAL_MANAGER, f->hq, "t" };
	w->a_mgr = (struct actor){ w->mgr, "mgr", ROLE_MANAGER, f->kita, "t" };
	w->a_asst = (struct actor){ w->asst, "asst", ROLE_ASSISTANT, f->kita, "t" };
	w->a_off = (struct actor){ w->off, "off", ROLE_OPERATIONS_OFFICER,
				   f->kita, "t" };
	w->a_ism = (struct actor){ w->ism, "ism", ROLE_INFOSEC_MANAGER, f->hq,
				   "t" };
	w->a_mmgr = (struct actor){ w->other, "other", ROLE_MANAGER, f->minami,
				    "t" };
}

/* A user of unit with the recorded rank (fx_user records 警部補). */
static int64_t user_ranked(struct fx *f, const char *login, int64_t unit,
			   enum rank rank)
{
	struct user u = { 0 };

	snprintf(u.login, sizeof u.login, "%s", login);
	snprintf(u.name, sizeof u.name, "木村 %s", login);
	snprintf(u.name_kana, sizeof u.name_kana, "きむら %s", login);
	u.rank = rank;
	u.sex = SEX_MALE;
	u.unit_id = unit;
	assert_int_equal(store_user_create(f->s, &fx_admin, &u,
					   "$argon2id$v=19$fake"), 0);
	return u.id;
}

static void assert_audit_ok(struct fx *f)
{
	struct audit_verify_result r;

	assert_int_equal(store_audit_verify(f->s, &r, NULL, NULL), 0);
	assert_int_equal(r.first_bad_seq, 0);
}

/* 1 when user holds role in unit according to the principal. */
static int holds(struct world *w, int64_t user, enum role role, int64_t unit)
{
	struct principal p;

	assert_int_equal(store_principal_load(w->f->s, user, &p), 0);
	for (size_t i = 0; i < p.n_roles; i++)
		if (p.roles[i].role == role && p.roles[i].unit_id == unit)
			return 1;
	return 0;
}

static size_t register_count(struct world *w, int64_t unit)
{
	struct designation_entry_list l;
	size_t n;

	assert_int_equal(store_designation_register(w->f->s, NULL, unit,
						    &(struct page_req){ 0 }, &l), 0);
	n = l.n;
	designation_entry_list_release(&l);
	return n;
}

static struct designation_grounds ops_grounds(enum rank rank,
					      const char *exception)
{
	return (struct designation_grounds){ .role = ROLE_OPERATIONS_OFFICER,
		.rank = rank, .exception_reason = exception };
}

static struct designation_grounds comm_grounds(void)
{
	return (struct designation_grounds){ .role = ROLE_COMM_OFFICER,
		.rank = RANK_JUNSABUCHO, .knowledge = "サイバーパトロール研修修了",
		.aptitude = "SNS運用経験" };
}

static void test_r_role_4_5_designate_revoke_redesignate(void **state)
{
	struct world w;
	struct designation d, got;
	struct designation_grounds g = ops_grounds(RANK_KEIBUHO, NULL);
	struct designation_grounds c = comm_grounds();
	struct designation_entry_list reg;

	world_init(*state, &w);
	assert_false(holds(&w, w.off, ROLE_OPERATIONS_OFFICER, w.f->kita));
	assert_int_equal(store_designation_create(w.f->s, &w.a_mgr, w.f->kita,
						  w.off, &g, &d), 0);
	assert_int_equal(d.state, DESIGNATION_ACTIVE);
	/* the designation grants the role in the same transaction */
	assert_true(holds(&w, w.off, ROLE_OPERATIONS_OFFICER, w.f->kita));
	assert_int_equal(store_designation_create(w.f->s, &w.a_mgr, w.f->kita,
						  w.comm, &c, NULL), 0);
	assert_true(holds(&w, w.comm, ROLE_COMM_OFFICER, w.f->kita));
	/* the same designation twice */
	assert_int_equal(store_designation_create(w.f->s, &w.a_mgr, w.f->kita,
						  w.off, &g, NULL), MM_EEXIST);
	/* revoking: a stale version changes nothing, then the role ends */
	assert_int_equal(store_designation_revoke(w.f->s, &w.a_mgr, d.id,
						  d.version + 1, "異動"),
			 MM_ESTALE);
	assert_true(holds(&w, w.off, ROLE_OPERATIONS_OFFICER, w.f->kita));
	assert_int_equal(store_designation_revoke(w.f->s, &w.a_mgr, d.id,
						  d.version, "異動"), 0);
	assert_false(holds(&w, w.off, ROLE_OPERATIONS_OFFICER, w.f->kita));
	assert_int_equal(store_designation_get(w.f->s, d.id, &test_pool, &got), 0);
	assert_int_equal(got.state, DESIGNATION_REVOKED);
	/* revoking twice is a skipped step */
	assert_int_equal(store_designation_revoke(w.f->s, &w.a_mgr, d.id,
						  got.version, ""), MM_ESTATE);
	/* re-designation: role back, a third entry for the unit */
	assert_int_equal(store_designation_redesignate(w.f->s, &w.a_mgr, d.id,
						       got.version, &g), 0);
	assert_true(holds(&w, w.off, ROLE_OPERATIONS_OFFICER, w.f->kita));
	assert_int_equal(store_designation_register(w.f->s, NULL, w.f->kita,
						    &(struct page_req){ 0 }, &reg), 0);
	assert_int_equal(reg.n, 4);
	assert_int_equal(reg.items[0].event, DESIGNATION_EV_DESIGNATE);
	assert_int_equal(reg.items[2].event, DESIGNATION_EV_REVOKE);
	assert_string_equal(reg.items[2].reason, "異動");
	assert_int_equal(reg.items[3].event, DESIGNATION_EV_REDESIGNATE);
	assert_int_equal(reg.items[3].rank, RANK_KEIBUHO);
	designation_entry_list_release(&reg);
	assert_int_equal(register_count(&w, w.f->minami), 0);
	assert_int_equal(register_count(&w, 0), 4);
	assert_audit_ok(w.f);
}

static void test_r_role_4_5_grounds_and_wrong_person(void **state)
{
	struct world w;
	/* the grounds claim 警部補: the store reads the recorded rank instead */
	struct designation_grounds low = ops_grounds(RANK_KEIBUHO, NULL);
	struct designation_grounds c = comm_grounds();
	struct designation_entry_list reg;
	int64_t sergeant;
	size_t audit;

	world_init(*state, &w);
	sergeant = user_ranked(w.f, "sgt", w.f->kita, RANK_JUNSABUCHO);
	audit = fx_audit_count(w.f);
	/* R-ROLE-4: below 警部補 (as recorded) needs the exception's reason */
	assert_int_equal(store_designation_create(w.f->s, &w.a_mgr, w.f->kita,
						  sergeant, &low, NULL),
			 MM_EINVAL);
	/* R-ROLE-5: the grounds */
	c.aptitude = "";
	assert_int_equal(store_designation_create(w.f->s, &w.a_mgr, w.f->kita,
						  w.comm, &c, NULL), MM_EINVAL);
	/* only the manager designates */
	c = comm_grounds();
	assert_int_equal(store_designation_create(w.f->s, &w.a_asst, w.f->kita,
						  w.comm, &c, NULL), MM_EDENIED);
	assert_int_equal(store_designation_create(w.f->s, &w.a_gm, w.f->kita,
						  w.comm, &c, NULL), MM_EDENIED);
	/* an officer of another station */
	assert_int_equal(store_designation_create(w.f->s, &w.a_mgr, w.f->kita,
						  w.other, &c, NULL), MM_ERULE);
	assert_int_equal(fx_audit_count(w.f), audit);
	assert_int_equal(register_count(&w, 0), 0);
	assert_false(holds(&w, w.comm, ROLE_COMM_OFFICER, w.f->kita));
	assert_false(holds(&w, sergeant, ROLE_OPERATIONS_OFFICER, w.f->kita));
	low.exception_reason = "署に警部補の適任者がいないため";
	assert_int_equal(store_designation_create(w.f->s, &w.a_mgr, w.f->kita,
						  sergeant, &low, NULL), 0);
	/* the register records the rank the user had, not the claimed one */
	assert_int_equal(store_designation_register(w.f->s, NULL, w.f->kita,
						    &(struct page_req){ 0 }, &reg), 0);
	assert_int_equal(reg.n, 1);
	assert_int_equal(reg.items[0].rank, RANK_JUNSABUCHO);
	designation_entry_list_release(&reg);
}

/* R-ROLE-4: an inspector claimed lower is still recorded as an inspector. */
static void test_r_role_4_rank_is_the_recorded_one(void **state)
{
	struct world w;
	struct designation_grounds g = ops_grounds(RANK_JUNSA, NULL);
	struct designation d;
	struct user u;

	world_init(*state, &w);
	assert_int_equal(store_designation_create(w.f->s, &w.a_mgr, w.f->kita,
						  w.off, &g, &d), 0);
	assert_int_equal(d.rank, RANK_KEIBUHO);
	assert_int_equal(store_designation_get(w.f->s, d.id, &test_pool, &d), 0);
	assert_int_equal(d.rank, RANK_KEIBUHO);
	assert_int_equal(store_designation_revoke(w.f->s, &w.a_mgr, d.id,
						  d.version, ""), 0);
	/* re-designation checks the rank recorded now */
	assert_int_equal(store_user_get(w.f->s, w.off, &u), 0);
	u.rank = RANK_JUNSACHO;
	assert_int_equal(store_user_update(w.f->s, &fx_admin, &u), 0);
	g = ops_grounds(RANK_KEISHI, NULL);
	assert_int_equal(store_designation_redesignate(w.f->s, &w.a_mgr, d.id,
						       d.version + 1, &g),
			 MM_EINVAL);
	g.exception_reason = "適任者不在";
	assert_int_equal(store_designation_redesignate(w.f->s, &w.a_mgr, d.id,
						       d.version + 1, &g), 0);
	assert_int_equal(store_designation_get(w.f->s, d.id, &test_pool, &d), 0);
	assert_int_equal(d.rank, RANK_JUNSACHO);
	/* no rank recorded at all: refused */
	u.id = user_ranked(w.f, "norank", w.f->kita, RANK_NONE);
	assert_int_equal(store_designation_create(w.f->s, &w.a_mgr, w.f->kita,
						  u.id, &g, NULL), MM_EINVAL);
	assert_audit_ok(w.f);
}

/* ---- one way to each officer role: register and roles agree ---------- */

/* 1 when (user, role, unit) is among the active designations. */
static int designated(const struct designation_list *l, int64_t user,
		      enum role role, int64_t unit)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->items[i].user_id == user && l->items[i].role == role &&
		    l->items[i].unit_id == unit &&
		    l->items[i].state == DESIGNATION_ACTIVE)
			return 1;
	return 0;
}

/*
 * R-ROLE-4, R-ROLE-5: every current officer role has its designation in
 * force, and every designation in force its role - whoever holds them.
 */
static void assert_agree(struct world *w)
{
	struct designation_list dl;
	struct role_list rl;
	size_t officer_roles = 0, active = 0;

	assert_int_equal(store_designation_list(w->f->s, NULL, 0,
						&(struct page_req){ 0 }, &dl), 0);
	assert_int_equal(store_role_list(w->f->s, 0, &rl), 0);
	for (size_t i = 0; i < rl.n; i++) {
		if (!role_by_designation(rl.items[i].role))
			continue;
		officer_roles++;
		assert_true(designated(&dl, rl.items[i].user_id,
				       rl.items[i].role, rl.items[i].unit_id));
	}
	for (size_t i = 0; i < dl.n; i++)
		active += dl.items[i].state == DESIGNATION_ACTIVE;
	/* the same count both ways: no designation in force without its role */
	assert_int_equal(officer_roles, active);
	role_list_release(&rl);
	designation_list_release(&dl);
}

/* The id of user's current assignment of role in unit; 0 when none. */
static int64_t assignment_of(struct world *w, int64_t user, enum role role,
			     int64_t unit)
{
	struct role_list l;
	int64_t id = 0;

	assert_int_equal(store_role_list(w->f->s, user, &l), 0);
	for (size_t i = 0; i < l.n; i++)
		if (l.items[i].role == role && l.items[i].unit_id == unit)
			id = l.items[i].id;
	role_list_release(&l);
	return id;
}

static void test_r_role_4_5_roles_only_through_designations(void **state)
{
	struct world w;
	struct designation_grounds g = ops_grounds(RANK_KEIBUHO, NULL);
	struct designation_grounds c = comm_grounds();
	struct designation d, dc;
	struct principal p;
	struct user u;
	size_t audit;
	int64_t id;

	world_init(*state, &w);
	assert_agree(&w);
	/* the public role operations refuse officer roles: nothing written */
	audit = fx_audit_count(w.f);
	assert_int_equal(store_role_assign(w.f->s, &fx_admin, w.off,
					   ROLE_OPERATIONS_OFFICER, w.f->kita,
					   NULL), MM_ERULE);
	assert_int_equal(store_role_assign(w.f->s, &fx_admin, w.comm,
					   ROLE_COMM_OFFICER, w.f->kita, NULL),
			 MM_ERULE);
	assert_int_equal(fx_audit_count(w.f), audit);
	assert_agree(&w);

	assert_int_equal(store_designation_create(w.f->s, &w.a_mgr, w.f->kita,
						  w.off, &g, &d), 0);
	assert_agree(&w);
	assert_int_equal(store_designation_create(w.f->s, &w.a_mgr, w.f->kita,
						  w.comm, &c, &dc), 0);
	assert_agree(&w);
	/* refused designations change neither */
	assert_int_equal(store_designation_create(w.f->s, &w.a_mgr, w.f->kita,
						  w.off, &g, NULL), MM_EEXIST);
	assert_int_equal(store_designation_create(w.f->s, &w.a_asst, w.f->kita,
						  w.asst, &c, NULL), MM_EDENIED);
	assert_agree(&w);

	/* the role of a designation in force is not revoked directly */
	id = assignment_of(&w, w.off, ROLE_OPERATIONS_OFFICER, w.f->kita);
	assert_true(id > 0);
	audit = fx_audit_count(w.f);
	assert_int_equal(store_role_revoke(w.f->s, &fx_admin, id), MM_ERULE);
	assert_int_equal(fx_audit_count(w.f), audit);
	assert_true(holds(&w, w.off, ROLE_OPERATIONS_OFFICER, w.f->kita));
	assert_agree(&w);

	/* deactivation keeps a designated role with its designation */
	assert_int_equal(store_user_get(w.f->s, w.comm, &u), 0);
	assert_int_equal(store_user_set_active(w.f->s, &fx_admin, w.comm,
					       u.version, 0), 0);
	assert_agree(&w);
	assert_int_equal(store_principal_load(w.f->s, w.comm, &p), MM_ENOTFOUND);
	assert_int_equal(store_user_set_active(w.f->s, &fx_admin, w.comm,
					       u.version + 1, 1), 0);
	assert_true(holds(&w, w.comm, ROLE_COMM_OFFICER, w.f->kita));
	assert_agree(&w);

	/* revoke, refused re-designation, re-designation */
	assert_int_equal(store_designation_revoke(w.f->s, &w.a_mgr, d.id,
						  d.version, "異動"), 0);
	assert_agree(&w);
	assert_int_equal(store_designation_revoke(w.f->s, &w.a_mgr, d.id,
						  d.version + 1, ""), MM_ESTATE);
	assert_int_equal(store_designation_redesignate(w.f->s, &w.a_mgr, d.id,
						       d.version, &g), MM_ESTALE);
	assert_agree(&w);
	assert_int_equal(store_designation_redesignate(w.f->s, &w.a_mgr, d.id,
						       d.version + 1, &g), 0);
	assert_agree(&w);
	assert_int_equal(store_designation_revoke(w.f->s, &w.a_mgr, dc.id,
						  dc.version, ""), 0);
	assert_agree(&w);
	assert_false(holds(&w, w.comm, ROLE_COMM_OFFICER, w.f->kita));
	assert_audit_ok(w.f);
}

/* ---- services --------------------------------------------------------- */

static struct loan lend_to_kita(struct world *w, const char *serial)
{
	struct device d = { 0 };
	struct borrow_application p = { 0 };
	struct training_record t = { .trained_on = { 2025, 4, 2 } };
	struct loan l;

	d.model = "Pixel 8";
	snprintf(d.serial, sizeof d.serial, "%s", serial);
	assert_int_equal(store_device_create(w->f->s, &w->a_gm, &d), 0);
	p.kind = APPLICATION_KIND_NEW;
	p.unit_id = w->f->kita;
	p.device_id = d.id;
	p.consulted_on = (struct civil_date){ 2025, 3, 20 };
	p.consulted_with = "少年課長";
	p.consultation = "合意";
	p.start = (struct civil_date){ 2025, 4, 1 };
	p.due = (struct civil_date){ 2026, 3, 31 };
	p.purpose = "サイバーパトロール";
	assert_int_equal(store_application_create(w->f->s, &w->a_mgr, &p), 0);
	assert_int_equal(store_application_decide(w->f->s, &w->a_gm, p.id, 1,
						  APPLICATION_EV_APPROVE, "",
						  ""), 0);
	assert_int_equal(store_loan_lend(w->f->s, &w->a_gm, p.id, d.id, &l), 0);
	t.trainer = "少年課 佐藤";
	t.topics = "運用要領";
	assert_int_equal(store_loan_receive(w->f->s, &w->a_off, l.id, l.version,
					    &t), 0);
	assert_int_equal(store_loan_get(w->f->s, l.id, &test_pool, &l), 0);
	return l;
}

static int unpermitted(struct world *w, const struct loan *l)
{
	struct device_use_facts f;

	assert_int_equal(store_device_use_facts(w->f->s, l->id, &f), 0);
	return f.services_without_permission;
}

static struct service_application get_app(struct world *w, int64_t id)
{
	struct service_application x;

	assert_int_equal(store_service_get(w->f->s, id, &test_pool, &x), 0);
	return x;
}

static int step(struct world *w, const struct actor *a, int64_t id,
		enum service_event ev, const char *text)
{
	struct service_application x = get_app(w, id);

	return store_service_step(w->f->s, a, id, x.version, ev, text);
}

static int measures(struct world *w, const struct actor *a, int64_t id)
{
	struct service_application x = get_app(w, id);

	return store_service_record_measures(w->f->s, a, id, x.version,
					     "端末ロック、二段階認証", 1, 1);
}

/* Refused with want, and nothing changed. */
static void refused(struct world *w, const struct actor *a, int64_t id,
		    enum service_event ev, int want)
{
	struct service_application before = get_app(w, id);
	size_t audit = fx_audit_count(w->f);

	if (ev == SERVICE_EV_RECORD_MEASURES)
		assert_int_equal(measures(w, a, id), want);
	else
		assert_int_equal(step(w, a, id, ev, "理由"), want);
	assert_int_equal(get_app(w, id).state, before.state);
	assert_int_equal(get_app(w, id).version, before.version);
	assert_int_equal(fx_audit_count(w->f), audit);
}

static struct service_request request_on(const struct loan *l,
					 const char *handle)
{
	return (struct service_request){ "X", handle, l->device_id,
					 "少年の有害情報の把握" };
}

static void test_r_svc_1_2_chain_in_order_r_dev_6(void **state)
{
	struct world w;
	struct loan l;
	struct service_application x;
	struct service_request r;

	world_init(*state, &w);
	l = lend_to_kita(&w, "SN-1");
	r = request_on(&l, "@patrol1");
	assert_int_equal(unpermitted(&w, &l), 0);
	/* R-SVC-1: only the assistant applies */
	assert_int_equal(store_service_apply(w.f->s, &w.a_mgr, w.f->kita, &r,
					     &x), MM_EDENIED);
	assert_int_equal(store_service_apply(w.f->s, &w.a_asst, w.f->kita, &r,
					     &x), 0);
	assert_int_equal(x.state, SERVICE_APPLIED);
	assert_int_equal(x.account_id, x.id);
	/* R-DEV-6: a service whose chain runs makes the device unusable */
	assert_int_equal(unpermitted(&w, &l), 1);
	refused(&w, &w.a_gm, x.id, SERVICE_EV_FORWARD, MM_ESTATE);
	refused(&w, &w.a_ism, x.id, SERVICE_EV_RECORD_MEASURES, MM_ESTATE);
	refused(&w, &w.a_gm, x.id, SERVICE_EV_PERMIT, MM_EDENIED);
	refused(&w, &w.a_asst, x.id, SERVICE_EV_PERMIT, MM_EDENIED);
	assert_int_equal(step(&w, &w.a_mgr, x.id, SERVICE_EV_PERMIT, ""), 0);
	refused(&w, &w.a_mgr, x.id, SERVICE_EV_PERMIT, MM_ESTATE);
	refused(&w, &w.a_ism, x.id, SERVICE_EV_RECORD_MEASURES, MM_ESTATE);
	refused(&w, &w.a_mgr, x.id, SERVICE_EV_FORWARD, MM_EDENIED);
	assert_int_equal(step(&w, &w.a_gm, x.id, SERVICE_EV_FORWARD, ""), 0);
	refused(&w, &w.a_gm, x.id, SERVICE_EV_RECORD_MEASURES, MM_EDENIED);
	assert_int_equal(unpermitted(&w, &l), 1);
	/* the measures need both confirmations */
	x = get_app(&w, x.id);
	assert_int_equal(store_service_record_measures(w.f->s, &w.a_ism, x.id,
						       x.version, "対策", 1, 0),
			 MM_EINVAL);
	assert_int_equal(measures(&w, &w.a_ism, x.id), 0);
	x = get_app(&w, x.id);
	assert_int_equal(x.state, SERVICE_IN_FORCE);
	assert_true(x.agreed_with_manager && x.agreed_with_general_manager);
	assert_int_equal(unpermitted(&w, &l), 0);
	/* a stale version changes nothing */
	assert_int_equal(store_service_step(w.f->s, &w.a_asst, x.id,
					    x.version - 1, SERVICE_EV_DELETE,
					    ""), MM_ESTALE);
	assert_audit_ok(w.f);
}

static void test_r_svc_1_refusal_and_device_of_unit(void **state)
{
	struct world w;
	struct loan l;
	struct service_application x;
	struct service_request r;

	world_init(*state, &w);
	l = lend_to_kita(&w, "SN-2");
	r = request_on(&l, "@patrol2");
	/* a device not on a loan to the unit */
	assert_int_equal(store_service_apply(w.f->s, &w.a_asst, w.f->minami,
					     &r, NULL), MM_ERULE);
	r.purpose = "";
	assert_int_equal(store_service_apply(w.f->s, &w.a_asst, w.f->kita, &r,
					     NULL), MM_EINVAL);
	r = request_on(&l, "@patrol2");
	assert_int_equal(store_service_apply(w.f->s, &w.a_asst, w.f->kita, &r,
					     &x), 0);
	/* a refusal carries its reason */
	assert_int_equal(step(&w, &w.a_mgr, x.id, SERVICE_EV_REFUSE, ""),
			 MM_EINVAL);
	assert_int_equal(step(&w, &w.a_mgr, x.id, SERVICE_EV_REFUSE,
			      "目的が不明確"), 0);
	x = get_app(&w, x.id);
	assert_int_equal(x.state, SERVICE_REFUSED);
	assert_string_equal(x.refusal_reason, "目的が不明確");
	refused(&w, &w.a_gm, x.id, SERVICE_EV_FORWARD, MM_ESTATE);
	/* a refused account is not on the device */
	assert_int_equal(unpermitted(&w, &l), 0);
}

static int64_t in_force(struct world *w, const struct loan *l,
			const char *handle)
{
	struct service_request r = request_on(l, handle);
	struct service_application x;

	assert_int_equal(store_service_apply(w->f->s, &w->a_asst, w->f->kita,
					     &r, &x), 0);
	assert_int_equal(step(w, &w->a_mgr, x.id, SERVICE_EV_PERMIT, ""), 0);
	assert_int_equal(step(w, &w->a_gm, x.id, SERVICE_EV_FORWARD, ""), 0);
	assert_int_equal(measures(w, &w->a_ism, x.id), 0);
	return x.id;
}

static void test_r_svc_3_change_runs_the_chain(void **state)
{
	struct world w;
	struct loan l;
	struct service_application old, ch, again;
	struct service_request r;
	int64_t id;

	world_init(*state, &w);
	l = lend_to_kita(&w, "SN-3");
	id = in_force(&w, &l, "@patrol3");
	old = get_app(&w, id);
	r = request_on(&l, "@patrol3");
	/* nothing changed: no new application */
	assert_int_equal(store_service_change(w.f->s, &w.a_asst, id, old.version,
					      &r, NULL), MM_EINVAL);
	r.purpose = "利用目的の変更";
	assert_int_equal(store_service_change(w.f->s, &w.a_mgr, id, old.version,
					      &r, NULL), MM_EDENIED);
	assert_int_equal(store_service_change(w.f->s, &w.a_asst, id, old.version,
					      &r, &ch), 0);
	assert_int_equal(ch.state, SERVICE_APPLIED);
	assert_int_equal(ch.account_id, id);
	assert_int_equal(ch.replaces_id, id);
	/* the old one stays in force: the device is still usable */
	assert_int_equal(get_app(&w, id).state, SERVICE_IN_FORCE);
	assert_int_equal(unpermitted(&w, &l), 0);
	/* one change at a time */
	assert_int_equal(store_service_change(w.f->s, &w.a_asst, id, old.version,
					      &r, &again), MM_ESTATE);
	refused(&w, &w.a_gm, ch.id, SERVICE_EV_FORWARD, MM_ESTATE);
	assert_int_equal(step(&w, &w.a_mgr, ch.id, SERVICE_EV_PERMIT, ""), 0);
	assert_int_equal(step(&w, &w.a_gm, ch.id, SERVICE_EV_FORWARD, ""), 0);
	assert_int_equal(measures(&w, &w.a_ism, ch.id), 0);
	/* in force now: the old one superseded in the same step */
	assert_int_equal(get_app(&w, ch.id).state, SERVICE_IN_FORCE);
	assert_int_equal(get_app(&w, id).state, SERVICE_SUPERSEDED);
	assert_int_equal(unpermitted(&w, &l), 0);
	assert_audit_ok(w.f);
}

static void test_r_svc_4_deletion_reported(void **state)
{
	struct world w;
	struct loan l;
	struct service_application x;
	struct service_request r;
	int64_t id;

	world_init(*state, &w);
	l = lend_to_kita(&w, "SN-4");
	id = in_force(&w, &l, "@patrol4");
	/* an open application cannot be "deleted", only withdrawn */
	r = request_on(&l, "@open");
	assert_int_equal(store_service_apply(w.f->s, &w.a_asst, w.f->kita, &r,
					     &x), 0);
	refused(&w, &w.a_asst, x.id, SERVICE_EV_DELETE, MM_ESTATE);
	assert_int_equal(step(&w, &w.a_asst, x.id, SERVICE_EV_WITHDRAW, ""), 0);
	refused(&w, &w.a_mgr, id, SERVICE_EV_DELETE, MM_EDENIED);
	assert_int_equal(step(&w, &w.a_asst, id, SERVICE_EV_DELETE,
			      "捜査終了"), 0);
	x = get_app(&w, id);
	assert_int_equal(x.state, SERVICE_DELETED);
	assert_int_equal(x.deletion_ack_at, 0);
	assert_int_equal(store_service_ack_deletion(w.f->s, &w.a_asst, id,
						    x.version), MM_EDENIED);
	assert_int_equal(store_service_ack_deletion(w.f->s, &w.a_mgr, id,
						    x.version), 0);
	x = get_app(&w, id);
	assert_int_equal(x.deletion_ack_by, w.mgr);
	assert_int_equal(store_service_ack_deletion(w.f->s, &w.a_mgr, id,
						    x.version), MM_ESTATE);
	assert_int_equal(unpermitted(&w, &l), 0);
	assert_audit_ok(w.f);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)
	const struct CMUnitTest tests[] = {
		T(test_r_role_4_5_designate_revoke_redesignate),
		T(test_r_role_4_5_grounds_and_wrong_person),
		T(test_r_role_4_rank_is_the_recorded_one),
		T(test_r_role_4_5_roles_only_through_designations),
		T(test_r_svc_1_2_chain_in_order_r_dev_6),
		T(test_r_svc_1_refusal_and_device_of_unit),
		T(test_r_svc_3_change_runs_the_chain),
		T(test_r_svc_4_deletion_reported),
	};
#undef T
	return cmocka_run_group_tests_name("store_designations", tests, NULL,
					   NULL);
}
