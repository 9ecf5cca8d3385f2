#include "fsm_check.h"

#include "core/record.h"
#include "core/records.h"
#include "core/service.h"
#include "lib/err.h"

/* Detail form 9's chain, written out by hand (not read from service.c). */
static const struct fsm_check_edge allowed[] = {
	{ SERVICE_NONE, SERVICE_EV_APPLY, SERVICE_APPLIED },
	{ SERVICE_APPLIED, SERVICE_EV_PERMIT, SERVICE_PERMITTED },
	{ SERVICE_APPLIED, SERVICE_EV_REFUSE, SERVICE_REFUSED },
	{ SERVICE_PERMITTED, SERVICE_EV_FORWARD, SERVICE_FORWARDED },
	{ SERVICE_FORWARDED, SERVICE_EV_RECORD_MEASURES, SERVICE_IN_FORCE },
	{ SERVICE_APPLIED, SERVICE_EV_WITHDRAW, SERVICE_WITHDRAWN },
	{ SERVICE_PERMITTED, SERVICE_EV_WITHDRAW, SERVICE_WITHDRAWN },
	{ SERVICE_FORWARDED, SERVICE_EV_WITHDRAW, SERVICE_WITHDRAWN },
	{ SERVICE_IN_FORCE, SERVICE_EV_SUPERSEDE, SERVICE_SUPERSEDED },
	{ SERVICE_IN_FORCE, SERVICE_EV_DELETE, SERVICE_DELETED },
	/* R-DEV-9: the return ends every account not yet ended. */
	{ SERVICE_APPLIED, SERVICE_EV_DELETE_AT_RETURN, SERVICE_DELETED },
	{ SERVICE_PERMITTED, SERVICE_EV_DELETE_AT_RETURN, SERVICE_DELETED },
	{ SERVICE_FORWARDED, SERVICE_EV_DELETE_AT_RETURN, SERVICE_DELETED },
	{ SERVICE_IN_FORCE, SERVICE_EV_DELETE_AT_RETURN, SERVICE_DELETED },
};

/* Who fires each event (R-SVC-1, R-SVC-2, R-SVC-4). */
static const int fires[SERVICE_EV__COUNT] = {
	[SERVICE_EV_APPLY] = ROLE_ASSISTANT,
	[SERVICE_EV_PERMIT] = ROLE_MANAGER,
	[SERVICE_EV_REFUSE] = ROLE_MANAGER,
	[SERVICE_EV_FORWARD] = ROLE_GENERAL_MANAGER,
	[SERVICE_EV_RECORD_MEASURES] = ROLE_INFOSEC_MANAGER,
	[SERVICE_EV_WITHDRAW] = ROLE_ASSISTANT,
	[SERVICE_EV_SUPERSEDE] = ROLE_INFOSEC_MANAGER,
	[SERVICE_EV_DELETE] = ROLE_ASSISTANT,
	[SERVICE_EV_DELETE_AT_RETURN] = ROLE_MANAGER,
};

FSM_CHECK_STEP(service_step, enum service_state, enum service_event)
FSM_CHECK_STEP_ALLOWED(service_step_allowed, enum service_state,
		       enum service_event)
FSM_CHECK_NAMES(service_state, enum service_state);
FSM_CHECK_NAMES(service_event, enum service_event);

static const struct fsm_check_machine machine = {
	.step = service_step_int, .step_allowed = service_step_allowed_int,
	.allowed = allowed, .n_allowed = COUNT(allowed),
	.n_states = SERVICE__COUNT, .n_events = SERVICE_EV__COUNT,
	.none = SERVICE_NONE, .fires = fires, .any_role = ROLE_ASSISTANT,
};

static void test_r_svc_2_transition_table(void **state)
{
	(void)state;
	fsm_check_table(&machine);
}

static void test_r_svc_2_every_wrong_role_refused(void **state)
{
	(void)state;
	fsm_check_wrong_roles(&machine);
}

static void test_r_svc_2_event_roles(void **state)
{
	(void)state;
	for (int e = 1; e < SERVICE_EV__COUNT; e++)
		assert_int_equal(service_event_role((enum service_event)e),
				 fires[e]);
	assert_int_equal(service_event_role(SERVICE_EV_NONE), ROLE_NONE);
	assert_int_equal(service_event_role(SERVICE_EV__COUNT), ROLE_NONE);
}

/* R-SVC-1, R-SVC-2: in force only once the whole chain is done. */
static void test_r_svc_1_2_chain_in_order(void **state)
{
	static const enum service_event chain[] = {
		SERVICE_EV_APPLY, SERVICE_EV_PERMIT, SERVICE_EV_FORWARD,
		SERVICE_EV_RECORD_MEASURES,
	};
	enum service_state s = SERVICE_NONE;

	(void)state;
	for (size_t i = 0; i < COUNT(chain); i++) {
		assert_false(service_in_force(s));
		assert_int_equal(service_step(s, chain[i], fires[chain[i]], &s),
				 0);
		assert_int_equal(service_open(s), i + 1 < COUNT(chain));
	}
	assert_int_equal(s, SERVICE_IN_FORCE);
	assert_true(service_in_force(s));
}

static void test_r_svc_2_no_step_skipped(void **state)
{
	(void)state;
	/* Straight to the general manager or the infosec manager. */
	assert_int_equal(service_step_allowed(SERVICE_APPLIED,
					      SERVICE_EV_FORWARD,
					      ROLE_GENERAL_MANAGER), MM_ESTATE);
	assert_int_equal(service_step_allowed(SERVICE_APPLIED,
					      SERVICE_EV_RECORD_MEASURES,
					      ROLE_INFOSEC_MANAGER), MM_ESTATE);
	assert_int_equal(service_step_allowed(SERVICE_PERMITTED,
					      SERVICE_EV_RECORD_MEASURES,
					      ROLE_INFOSEC_MANAGER), MM_ESTATE);
	/* Nothing before the application, nothing after a refusal. */
	assert_int_equal(service_step_allowed(SERVICE_NONE, SERVICE_EV_PERMIT,
					      ROLE_MANAGER), MM_ESTATE);
	assert_int_equal(service_step_allowed(SERVICE_REFUSED,
					      SERVICE_EV_FORWARD,
					      ROLE_GENERAL_MANAGER), MM_ESTATE);
	assert_int_equal(service_step_allowed(SERVICE_REFUSED,
					      SERVICE_EV_PERMIT, ROLE_MANAGER),
			 MM_ESTATE);
	/* No step twice. */
	assert_int_equal(service_step_allowed(SERVICE_PERMITTED,
					      SERVICE_EV_PERMIT, ROLE_MANAGER),
			 MM_ESTATE);
	assert_int_equal(service_step_allowed(SERVICE_IN_FORCE,
					      SERVICE_EV_RECORD_MEASURES,
					      ROLE_INFOSEC_MANAGER), MM_ESTATE);
	/* The manager does not forward for the general manager. */
	assert_int_equal(service_step_allowed(SERVICE_PERMITTED,
					      SERVICE_EV_FORWARD, ROLE_MANAGER),
			 MM_EDENIED);
}

/* R-SVC-4: deletion by the assistant ends the application for good. */
static void test_r_svc_4_deletion_is_terminal(void **state)
{
	enum service_state s = SERVICE_IN_FORCE;

	(void)state;
	assert_int_equal(service_step_allowed(s, SERVICE_EV_DELETE,
					      ROLE_MANAGER), MM_EDENIED);
	assert_int_equal(service_step(s, SERVICE_EV_DELETE, ROLE_ASSISTANT,
				      &s), 0);
	assert_int_equal(s, SERVICE_DELETED);
	assert_false(service_in_force(s));
	assert_false(service_open(s));
	for (int e = 1; e < SERVICE_EV__COUNT; e++)
		assert_int_equal(service_step_allowed(s, (enum service_event)e,
						      fires[e]), MM_ESTATE);
	/* Only an account in use can be deleted this way. */
	assert_int_equal(service_step_allowed(SERVICE_APPLIED,
					      SERVICE_EV_DELETE,
					      ROLE_ASSISTANT), MM_ESTATE);
}

/*
 * R-DEV-9, R-SVC-4: the manager's return ends an account in force or a
 * chain still running; nothing already ended, and nobody else.
 */
static void test_r_dev_9_return_deletes_accounts_not_ended(void **state)
{
	static const enum service_state live[] = {
		SERVICE_APPLIED, SERVICE_PERMITTED, SERVICE_FORWARDED,
		SERVICE_IN_FORCE,
	};
	static const enum service_state ended[] = {
		SERVICE_REFUSED, SERVICE_WITHDRAWN, SERVICE_SUPERSEDED,
		SERVICE_DELETED,
	};
	enum service_state s;

	(void)state;
	for (size_t i = 0; i < COUNT(live); i++) {
		s = live[i];
		assert_int_equal(service_step(s, SERVICE_EV_DELETE_AT_RETURN,
					      ROLE_MANAGER, &s), 0);
		assert_int_equal(s, SERVICE_DELETED);
		assert_int_equal(service_step_allowed(live[i],
						      SERVICE_EV_DELETE_AT_RETURN,
						      ROLE_ASSISTANT), MM_EDENIED);
	}
	for (size_t i = 0; i < COUNT(ended); i++)
		assert_int_equal(service_step_allowed(ended[i],
						      SERVICE_EV_DELETE_AT_RETURN,
						      ROLE_MANAGER), MM_ESTATE);
	assert_string_equal(service_event_label(SERVICE_EV_DELETE_AT_RETURN),
			    "端末返却時のアカウント削除");
}

/* What the store checks last (record_valid): the fields applied for. */
static void assert_request_refused(const struct service_application *x,
				   const char *key)
{
	const char *field = NULL, *why = NULL;

	assert_int_equal(record_valid(&service_record, x, 0, &field, &why),
			 MM_EINVAL);
	assert_string_equal(field, key);
	assert_non_null(why);
}

static void test_r_svc_1_request_valid(void **state)
{
	struct service_application x = { .service = "X",
					 .handle = "@kumamoto_patrol",
					 .device_id = 3,
					 .purpose = "サイバーパトロール" };

	(void)state;
	assert_int_equal(record_valid(&service_record, &x, 0, NULL, NULL), 0);
	x.service = "　";
	assert_request_refused(&x, "service");
	x.service = "X";
	x.handle = NULL;
	assert_request_refused(&x, "handle");
	x.handle = "@kumamoto_patrol";
	x.device_id = 0;
	assert_request_refused(&x, "device_id");
	x.device_id = 3;
	x.purpose = "";
	assert_request_refused(&x, "purpose");
}

static void test_r_svc_3_any_change_is_a_change(void **state)
{
	const struct service_request a = { "X", "@a", 3, "巡回" };
	struct service_request b = a;

	(void)state;
	assert_false(service_changed(&a, &b));
	b.service = "LINE";
	assert_true(service_changed(&a, &b));
	b = a;
	b.handle = "@b";
	assert_true(service_changed(&a, &b));
	b = a;
	b.device_id = 4;
	assert_true(service_changed(&a, &b));
	b = a;
	b.purpose = "巡回及び交信";
	assert_true(service_changed(&a, &b));
	/* NULL and "" are the same nothing. */
	b = a;
	b.purpose = NULL;
	{
		struct service_request c = a;

		c.purpose = "";
		assert_false(service_changed(&b, &c));
	}
}

static void test_r_svc_2_measures_and_refusal(void **state)
{
	const char *why = NULL;

	(void)state;
	struct service_measures m = { "二要素認証を設定", 1, 1 };
	const char *key = NULL;

	assert_int_equal(service_check_agreement(1, 1, &why), 0);
	assert_int_equal(service_check_agreement(0, 1, &why), MM_EINVAL);
	assert_non_null(strstr(why, "協議"));
	assert_int_equal(service_check_agreement(1, 0, NULL), MM_EINVAL);
	/* The measures as the store checks them last: fields, then rule. */
	assert_int_equal(record_valid(&service_measures_record, &m, 0, NULL,
				      NULL), 0);
	m.measures = " ";
	assert_int_equal(record_valid(&service_measures_record, &m, 0, &key,
				      &why), MM_EINVAL);
	assert_string_equal(key, "measures");
	m.measures = "二要素認証";
	m.agreed_with_general_manager = 0;
	assert_int_equal(record_valid(&service_measures_record, &m, 0, &key,
				      &why), MM_EINVAL);
	assert_string_equal(key, "agreed_with_general_manager");
	assert_non_null(strstr(why, "協議"));
	/* A refusal says why: its descriptor, which the store checks too. */
	struct service_refusal r = { "目的が不明確" };
	const char *field = NULL;

	assert_int_equal(record_valid(&service_refusal_record, &r, 0, NULL,
				      NULL), 0);
	r.reason = "　";
	assert_int_equal(record_valid(&service_refusal_record, &r, 0, &field,
				      &why), MM_EINVAL);
	assert_string_equal(field, "reason");
	r.reason = NULL;
	assert_int_equal(record_valid(&service_refusal_record, &r, 0, NULL,
				      NULL), MM_EINVAL);
}

/* R-SVC-3: the old permission holds until the changed one is in force. */
static void test_r_svc_3_old_in_force_until_new_is(void **state)
{
	struct service_version v[2] = {
		{ 7, SERVICE_IN_FORCE },  /* the old application */
		{ 9, SERVICE_APPLIED },   /* the change */
	};
	size_t at = 99;

	(void)state;
	assert_int_equal(service_version_in_force(v, 2, &at), 0);
	assert_int_equal(at, 0);
	v[1].state = SERVICE_FORWARDED;
	assert_int_equal(service_version_in_force(v, 2, &at), 0);
	assert_int_equal(at, 0);
	v[1].state = SERVICE_IN_FORCE;  /* before the old one is marked */
	assert_int_equal(service_version_in_force(v, 2, &at), 0);
	assert_int_equal(at, 1);
	v[0].state = SERVICE_SUPERSEDED;
	assert_int_equal(service_version_in_force(v, 2, &at), 0);
	assert_int_equal(at, 1);
	/* Order in the array does not matter, seq does. */
	v[0] = (struct service_version){ 9, SERVICE_IN_FORCE };
	v[1] = (struct service_version){ 7, SERVICE_IN_FORCE };
	assert_int_equal(service_version_in_force(v, 2, &at), 0);
	assert_int_equal(at, 0);
	/* A refused change leaves the old one in force. */
	v[0].state = SERVICE_REFUSED;
	assert_int_equal(service_version_in_force(v, 2, &at), 0);
	assert_int_equal(at, 1);
	v[1].state = SERVICE_DELETED;
	at = 99;
	assert_int_equal(service_version_in_force(v, 2, &at), MM_ENOTFOUND);
	assert_int_equal(at, 99);
	assert_int_equal(service_version_in_force(v, 0, &at), MM_ENOTFOUND);
}

static void test_r_svc_3_supersede_only_by_newer_in_force(void **state)
{
	struct service_version old = { 7, SERVICE_IN_FORCE };
	struct service_version neu = { 9, SERVICE_FORWARDED };
	const char *why = NULL;

	(void)state;
	assert_int_equal(service_check_supersede(&old, &neu, &why), MM_ERULE);
	assert_non_null(why);
	neu.state = SERVICE_IN_FORCE;
	assert_int_equal(service_check_supersede(&old, &neu, &why), 0);
	neu.seq = 7;
	assert_int_equal(service_check_supersede(&old, &neu, NULL), MM_ERULE);
	neu.seq = 5;
	assert_int_equal(service_check_supersede(&old, &neu, NULL), MM_ERULE);
	neu.seq = 9;
	old.state = SERVICE_SUPERSEDED;
	assert_int_equal(service_check_supersede(&old, &neu, &why), MM_ERULE);
}

static void test_service_names(void **state)
{
	static const char *const states[] = {
		NULL, "applied", "permitted", "forwarded", "in_force",
		"refused", "withdrawn", "superseded", "deleted",
	};
	static const char *const events[] = {
		NULL, "apply", "permit", "refuse", "forward",
		"record_measures", "withdraw", "supersede", "delete",
		"delete_at_return",
	};

	(void)state;
	fsm_check_names(&service_state_names, states, NULL, COUNT(states),
			SERVICE__COUNT);
	assert_string_equal(service_state_label(SERVICE_IN_FORCE), "利用許可");
	assert_int_equal(service_state_from_key("active"), SERVICE_NONE);
	fsm_check_names(&service_event_names, events, NULL, COUNT(events),
			SERVICE_EV__COUNT);
}

/* R-SVC-3: a change must change something; the request of an application. */
static void test_r_svc_3_check_change(void **state)
{
	struct service_application x;
	struct service_request a, b;
	const char *why = NULL;

	(void)state;
	memset(&x, 0, sizeof(x));
	x.service = "X";
	x.handle = "@kita";
	x.purpose = "広報";
	x.device_id = 3;
	a = service_request_of(&x);
	b = a;
	assert_int_equal(service_check_change(&a, &b, &why), MM_EINVAL);
	assert_string_equal(why, "変更する内容がありません");
	b.handle = "@kita2";
	assert_int_equal(service_check_change(&a, &b, NULL), 0);
	assert_string_equal(a.service, "X");
	assert_int_equal(a.device_id, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_r_svc_2_transition_table),
		cmocka_unit_test(test_r_svc_2_every_wrong_role_refused),
		cmocka_unit_test(test_r_svc_2_event_roles),
		cmocka_unit_test(test_r_svc_1_2_chain_in_order),
		cmocka_unit_test(test_r_svc_2_no_step_skipped),
		cmocka_unit_test(test_r_svc_4_deletion_is_terminal),
		cmocka_unit_test(test_r_dev_9_return_deletes_accounts_not_ended),
		cmocka_unit_test(test_r_svc_1_request_valid),
		cmocka_unit_test(test_r_svc_3_any_change_is_a_change),
		cmocka_unit_test(test_r_svc_2_measures_and_refusal),
		cmocka_unit_test(test_r_svc_3_old_in_force_until_new_is),
		cmocka_unit_test(test_r_svc_3_supersede_only_by_newer_in_force),
		cmocka_unit_test(test_service_names),
		cmocka_unit_test(test_r_svc_3_check_change),
	};

	return cmocka_run_group_tests_name("core_service", tests, NULL, NULL);
}
