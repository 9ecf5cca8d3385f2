/*
 * test_steps.c - the workflow steps as data (app/steps.h, issue 8): every
 * step route of both front ends names a whole step, the web and the API
 * take the same struct step at the same path, a step's body is what its
 * input describes, and step_check() answers with the labels the refusal
 * names.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "app/route.h"
#include "app/steps.h"
#include "core/application.h"
#include "core/designation.h"
#include "core/exception.h"
#include "core/records.h"
#include "core/service.h"
#include "lib/err.h"
#include "lib/banned.h"

/* The input fields of d a body may carry (not the server's). */
static size_t input_fields(const struct record_desc *d)
{
	size_t n = 0;

	for (size_t i = 0; d && i < d->n_fields; i++)
		n += !(d->fields[i].flags & FIELD_SERVER);
	return n;
}

static void check_route(const struct step_route *r)
{
	const struct step *st = r->step;
	const struct field_desc *state;

	assert_non_null(st);
	assert_non_null(r->kind);
	state = record_field(st->record, "state");
	assert_non_null(state);
	assert_int_equal(state->type, FIELD_ENUM);
	assert_non_null(st->allowed);
	assert_non_null(st->event_label);
	/* one way to perform it; a text is a text field of its input */
	assert_true(!st->perform != !st->perform_text);
	if (st->text) {
		const struct field_desc *t = record_field(st->input, st->text);
		assert_non_null(t);
		assert_true(t->type == FIELD_TEXT || t->type == FIELD_NOTE);
	}
	assert_true(*step_noun(st));
	/* an input is a descriptor and the struct it is read into */
	assert_int_equal(st->input == NULL, st->input_size == 0);
	assert_true(input_fields(st->input) <= STEP_INPUT_MAX);
	for (size_t i = 0; st->input && i < st->input->n_fields; i++) {
		const struct field_desc *f = &st->input->fields[i];
		assert_true(f->offset + f->size <= st->input_size);
	}
	/* only the input's facts and explanation need an input */
	if (!st->input)
		assert_true(!st->facts && !st->explain);
}

static void test_every_step_route_names_a_whole_step(void **state)
{
	(void)state;
	assert_non_null(web_steps.routes[0].pattern);
	assert_non_null(api_steps.routes[0].pattern);
	for (const struct step_route *r = web_steps.routes; r->pattern; r++)
		check_route(r);
	for (const struct step_route *r = api_steps.routes; r->pattern; r++) {
		check_route(r);
		/* the web's input names are the web's business */
		assert_null(r->names);
	}
}

/* The API's route to the step at the web's path, NULL when none. */
static const struct step_route *api_route_of(const char *web_pattern)
{
	static const char prefix[] = "/api/v1";

	for (const struct step_route *r = api_steps.routes; r->pattern; r++)
		if (!strncmp(r->pattern, prefix, sizeof(prefix) - 1) &&
		    !strcmp(r->pattern + sizeof(prefix) - 1, web_pattern))
			return r;
	return NULL;
}

static void test_web_and_api_take_one_step_at_one_path(void **state)
{
	size_t web = 0, api = 0;

	(void)state;
	for (const struct step_route *r = web_steps.routes; r->pattern; r++) {
		const struct step_route *a = api_route_of(r->pattern);
		assert_non_null(a);
		assert_ptr_equal(a->step, r->step);
		web++;
	}
	for (const struct step_route *r = api_steps.routes; r->pattern; r++)
		api++;
	/* the officer's withdrawal of a take-out request has no form yet */
	assert_int_equal(api, web + 1);
	for (const struct step_route *r = web_steps.routes; r->pattern; r++)
		assert_string_not_equal(r->pattern, "/takeouts/{id}/cancel");
}

static void test_a_body_is_the_version_and_the_input(void **state)
{
	const char *keys[STEP_INPUT_MAX + 2];

	(void)state;
	assert_int_equal(step_body_keys(&breach_forward_step, keys), 1);
	assert_string_equal(keys[0], "version");
	assert_null(keys[1]);
	assert_int_equal(step_body_keys(&application_refuse_step, keys), 3);
	assert_string_equal(keys[1], "reason");
	assert_string_equal(keys[2], "exception_reason");
	assert_null(keys[3]);
	/* R-SVC-2: the measures and both agreements */
	assert_int_equal(step_body_keys(&service_measures_step, keys), 4);
	assert_string_equal(keys[3], "agreed_with_general_manager");
	/* a re-designation reads the grounds, never the rank (R-ROLE-4) */
	assert_int_equal(step_body_keys(&designation_redesignate_step, keys),
			 4);
	for (size_t i = 0; keys[i]; i++)
		assert_string_not_equal(keys[i], "rank");
}

static void test_step_check_names_the_state_and_the_step(void **state)
{
	struct borrow_application a = { .state = APPLICATION_APPROVED };
	const char *from = NULL, *step = NULL;

	(void)state;
	assert_int_equal(step_check(&application_approve_step, &a,
				    ROLE_GENERAL_MANAGER, &from, &step),
			 MM_ESTATE);
	assert_string_equal(from, "承認");
	assert_string_equal(step, application_event_label(
					  APPLICATION_EV_APPROVE));
	assert_string_equal(step_noun(&application_approve_step), "申請");
	assert_string_equal(step_noun(&loan_receive_step), "貸出");
	a.state = APPLICATION_SUBMITTED;
	assert_int_equal(step_check(&application_approve_step, &a,
				    ROLE_GENERAL_MANAGER, NULL, NULL), 0);
}

static void test_a_chain_step_is_its_role_s(void **state)
{
	struct security_exception x = { .state = EXCEPTION_APPLIED };

	(void)state;
	/* R-EXC-1..3: the information-security manager decides */
	assert_int_equal(step_check(&exception_approve_step, &x,
				    ROLE_INFOSEC_MANAGER, NULL, NULL), 0);
	assert_int_equal(step_check(&exception_approve_step, &x,
				    ROLE_GENERAL_MANAGER, NULL, NULL),
			 MM_EDENIED);
	assert_int_equal(step_check(&exception_withdraw_step, &x,
				    ROLE_GENERAL_MANAGER, NULL, NULL), 0);
}

static void test_r_svc_4_a_deletion_is_acknowledged_once(void **state)
{
	struct service_application x;
	const char *from = NULL, *step = NULL;

	(void)state;
	memset(&x, 0, sizeof(x));
	x.state = SERVICE_DELETED;
	assert_int_equal(step_check(&service_acknowledge_step, &x,
				    ROLE_MANAGER, NULL, NULL), 0);
	x.deletion_ack_at = 1767225600;
	assert_int_equal(step_check(&service_acknowledge_step, &x,
				    ROLE_MANAGER, &from, &step), MM_ESTATE);
	assert_string_equal(from, "アカウント削除済");
	assert_string_equal(step, "削除報告の確認");
	x.deletion_ack_at = 0;
	x.state = SERVICE_IN_FORCE;
	assert_int_equal(step_check(&service_acknowledge_step, &x,
				    ROLE_MANAGER, NULL, NULL), MM_ESTATE);
}

static void test_r_role_4_the_manager_s_steps_whatever_the_grant(void **state)
{
	struct designation d;

	(void)state;
	memset(&d, 0, sizeof(d));
	d.state = DESIGNATION_ACTIVE;
	assert_int_equal(step_check(&designation_revoke_step, &d,
				    ROLE_GENERAL_MANAGER, NULL, NULL), 0);
	assert_int_equal(step_check(&designation_redesignate_step, &d,
				    ROLE_MANAGER, NULL, NULL), MM_ESTATE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_step_route_names_a_whole_step),
		cmocka_unit_test(test_web_and_api_take_one_step_at_one_path),
		cmocka_unit_test(test_a_body_is_the_version_and_the_input),
		cmocka_unit_test(test_step_check_names_the_state_and_the_step),
		cmocka_unit_test(test_a_chain_step_is_its_role_s),
		cmocka_unit_test(test_r_svc_4_a_deletion_is_acknowledged_once),
		cmocka_unit_test(
			test_r_role_4_the_manager_s_steps_whatever_the_grant),
	};
	return cmocka_run_group_tests_name("app/steps", tests, NULL, NULL);
}
