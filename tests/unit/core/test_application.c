#include "fsm_check.h"

#include "core/application.h"
#include "lib/err.h"

#define D(y, m, d) ((struct civil_date){ (y), (m), (d) })

static const struct fsm_check_edge allowed[] = {
	{ APPLICATION_SUBMITTED, APPLICATION_EV_APPROVE, APPLICATION_APPROVED },
	{ APPLICATION_SUBMITTED, APPLICATION_EV_REFUSE, APPLICATION_REFUSED },
	{ APPLICATION_SUBMITTED, APPLICATION_EV_WITHDRAW,
	  APPLICATION_WITHDRAWN },
};

FSM_CHECK_TRANSITION(application_transition, enum application_state,
		     enum application_event)
FSM_CHECK_NAMES(application_state, enum application_state);
FSM_CHECK_NAMES(application_event, enum application_event);

static const struct fsm_check_machine machine = {
	.step = application_transition_int,
	.allowed = allowed, .n_allowed = COUNT(allowed),
	.n_states = APPLICATION__COUNT, .n_events = APPLICATION_EV__COUNT,
	.none = APPLICATION_NONE,
};

static void test_r_dev_2_application_transition_table(void **state)
{
	(void)state;
	fsm_check_table(&machine);
}

static void test_r_dev_2_decided_application_stays_decided(void **state)
{
	enum application_state next = APPLICATION_NONE;

	(void)state;
	assert_int_equal(application_transition(APPLICATION_APPROVED,
						APPLICATION_EV_REFUSE, &next),
			 MM_ESTATE);
	assert_int_equal(application_transition(APPLICATION_REFUSED,
						APPLICATION_EV_APPROVE, &next),
			 MM_ESTATE);
	assert_int_equal(application_transition(APPLICATION_APPROVED,
						APPLICATION_EV_WITHDRAW, &next),
			 MM_ESTATE);
	assert_int_equal(application_transition(APPLICATION_WITHDRAWN,
						APPLICATION_EV_APPROVE, &next),
			 MM_ESTATE);
	assert_int_equal(next, APPLICATION_NONE);
}

static void test_application_names(void **state)
{
	static const char *const states[] = {
		NULL, "submitted", "approved", "refused", "withdrawn",
	};
	static const char *const events[] = {
		NULL, "approve", "refuse", "withdraw",
	};

	(void)state;
	fsm_check_names(&application_state_names, states, NULL,
			COUNT(states), APPLICATION__COUNT);
	assert_string_equal(application_state_label(APPLICATION_SUBMITTED),
			    "申請中");
	assert_int_equal(application_state_from_key("draft"),
			 APPLICATION_NONE);
	fsm_check_names(&application_event_names, events, NULL,
			COUNT(events), APPLICATION_EV__COUNT);
	assert_string_equal(application_kind_key(APPLICATION_KIND_NEW), "new");
	assert_string_equal(application_kind_key(APPLICATION_KIND_EXTENSION),
			    "extension");
	assert_string_equal(application_kind_label(APPLICATION_KIND_EXTENSION),
			    "延長");
	assert_int_equal(application_kind_from_key("extension"),
			 APPLICATION_KIND_EXTENSION);
	assert_int_equal(application_kind_from_key("renewal"),
			 APPLICATION_KIND_NONE);
	assert_null(application_kind_key(APPLICATION_KIND_NONE));
}

static void test_r_dev_2_consultation_comes_first(void **state)
{
	struct civil_date applied = D(2025, 4, 10);
	const char *why = NULL;

	(void)state;
	assert_int_equal(application_check_consultation(&D(2025, 4, 10),
							&applied, NULL), 0);
	assert_int_equal(application_check_consultation(&D(2025, 3, 31),
							&applied, NULL), 0);
	assert_int_equal(application_check_consultation(&D(2025, 4, 11),
							&applied, &why),
			 MM_ERULE);
	assert_non_null(strstr(why, "協議"));
	assert_int_equal(application_check_consultation(&D(2025, 2, 29),
							&applied, NULL),
			 MM_EINVAL);
	assert_int_equal(application_check_consultation(&applied,
							&D(2025, 4, 31), NULL),
			 MM_EINVAL);
}

static void test_r_dev_2_refusal_needs_reason(void **state)
{
	const char *why = NULL;

	(void)state;
	assert_int_equal(application_check_decision(APPLICATION_EV_APPROVE,
						    NULL, NULL), 0);
	assert_int_equal(application_check_decision(APPLICATION_EV_REFUSE,
						    "他所属で使用中", NULL), 0);
	assert_int_equal(application_check_decision(APPLICATION_EV_REFUSE,
						    "　", &why), MM_EINVAL);
	assert_non_null(strstr(why, "理由"));
	assert_int_equal(application_check_decision(APPLICATION_EV_REFUSE,
						    NULL, NULL), MM_EINVAL);
	assert_int_equal(application_check_decision(APPLICATION_EV_WITHDRAW,
						    "x", NULL), MM_EINVAL);
}

static void test_r_dev_8_extension_names_no_device_or_start(void **state)
{
	const char *field = NULL, *why = NULL;

	(void)state;
	assert_int_equal(application_check_extension_terms(0, 0, &field, &why), 0);
	assert_null(field);
	assert_int_equal(application_check_extension_terms(0, 1, &field, &why),
			 MM_EINVAL);
	assert_string_equal(field, "start");
	assert_non_null(strstr(why, "開始日"));
	assert_int_equal(application_check_extension_terms(1, 1, &field, &why),
			 MM_EINVAL);
	assert_string_equal(field, "device_id");
	assert_non_null(strstr(why, "端末"));
	assert_int_equal(application_check_extension_terms(1, 0, NULL, NULL),
			 MM_EINVAL);
}

static void test_r_dev_2_exception_reason_only_when_approving(void **state)
{
	const char *why = NULL;

	(void)state;
	assert_int_equal(application_check_exception_reason(
		APPLICATION_EV_APPROVE, "長期の事案", NULL), 0);
	assert_int_equal(application_check_exception_reason(
		APPLICATION_EV_REFUSE, "　", NULL), 0);
	assert_int_equal(application_check_exception_reason(
		APPLICATION_EV_WITHDRAW, NULL, NULL), 0);
	assert_int_equal(application_check_exception_reason(
		APPLICATION_EV_REFUSE, "長期の事案", &why), MM_EINVAL);
	assert_non_null(strstr(why, "承認"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_r_dev_2_application_transition_table),
		cmocka_unit_test(test_r_dev_2_decided_application_stays_decided),
		cmocka_unit_test(test_application_names),
		cmocka_unit_test(test_r_dev_2_consultation_comes_first),
		cmocka_unit_test(test_r_dev_2_refusal_needs_reason),
		cmocka_unit_test(test_r_dev_8_extension_names_no_device_or_start),
		cmocka_unit_test(test_r_dev_2_exception_reason_only_when_approving),
	};

	return cmocka_run_group_tests_name("core_application", tests, NULL,
					   NULL);
}
