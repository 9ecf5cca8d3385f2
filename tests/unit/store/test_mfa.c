/*
 * test_mfa.c - the second factor's records (issue 13, store_mfa.h): an
 * enrolment confirmed once, a TOTP step accepted once and never an
 * older one, a recovery code used once, the session marked verified,
 * the principal's mfa_enrolled, and every change audited.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "fixture.h"
#include "store/store_mfa.h"

static const char sealed[] = "00112233445566778899aabbccddeeff";

static void test_enrol_verify_recover(void **state)
{
	struct fx *f = *state;
	unsigned char sess[MM_HASH_BYTES] = { 21 }, codes[2 * 32] = { 1 };
	unsigned char wrong[32] = { 9 };
	struct actor a = { 0, "keibu", ROLE_NONE, 0, "127.0.0.1" };
	struct session_info si;
	struct mfa_factor m;
	struct principal p;
	size_t audit0;
	int64_t u;

	fx_units(f);
	u = fx_user(f, "keibu", f->kita);
	a.user_id = u;
	codes[32] = 2;
	assert_int_equal(store_mfa_get(f->s, u, &m), MM_ENOTFOUND);
	/* nothing begun: nothing to confirm, no step accepted */
	assert_int_equal(store_mfa_confirm(f->s, &a, u, 100, codes, 2, NULL),
			 MM_ESTATE);
	assert_int_equal(store_mfa_use_step(f->s, &a, u, 100, NULL), MM_EAUTH);
	audit0 = fx_audit_count(f);
	assert_int_equal(store_mfa_begin(f->s, &a, u, sealed), 0);
	assert_int_equal(store_mfa_begin(f->s, &a, u, sealed), 0); /* again */
	assert_int_equal(store_mfa_get(f->s, u, &m), 0);
	assert_string_equal(m.sealed_hex, sealed);
	assert_int_equal(m.confirmed, 0);
	assert_int_equal(store_principal_load(f->s, u, &p), 0);
	assert_int_equal(p.mfa_enrolled, 0);
	/* a recovery code means nothing before the factor is confirmed */
	assert_int_equal(store_mfa_use_recovery(f->s, &a, u, codes, NULL),
			 MM_EAUTH);

	assert_int_equal(store_session_create_mfa(f->s, &a, sess, 1, &si), 0);
	assert_int_equal(si.mfa_pending, 1);
	assert_int_equal(store_mfa_confirm(f->s, &a, u, 100, codes, 2, sess), 0);
	assert_int_equal(store_mfa_begin(f->s, &a, u, sealed), MM_EEXIST);
	assert_int_equal(store_mfa_get(f->s, u, &m), 0);
	assert_int_equal(m.confirmed, 1);
	assert_int_equal(m.last_step, 100);
	assert_int_equal(m.recovery_left, 2);
	assert_int_equal(store_principal_load(f->s, u, &p), 0);
	assert_int_equal(p.mfa_enrolled, 1);
	assert_int_equal(store_session_touch(f->s, sess, si.created_at, 1800,
					     43200, &si), 0);
	assert_int_equal(si.mfa_pending, 0);
	assert_true(si.mfa_at > 0);

	/* a step is accepted once, an older one never */
	assert_int_equal(store_mfa_use_step(f->s, &a, u, 100, NULL), MM_EAUTH);
	assert_int_equal(store_mfa_use_step(f->s, &a, u, 99, NULL), MM_EAUTH);
	assert_int_equal(store_mfa_use_step(f->s, &a, u, 101, sess), 0);
	assert_int_equal(store_mfa_use_step(f->s, &a, u, 101, sess), MM_EAUTH);
	/* a recovery code once */
	assert_int_equal(store_mfa_use_recovery(f->s, &a, u, wrong, NULL),
			 MM_EAUTH);
	assert_int_equal(store_mfa_use_recovery(f->s, &a, u, codes + 32, sess), 0);
	assert_int_equal(store_mfa_use_recovery(f->s, &a, u, codes + 32, sess),
			 MM_EAUTH);
	assert_int_equal(store_mfa_get(f->s, u, &m), 0);
	assert_int_equal(m.recovery_left, 1);
	/* begin x2, session, enrol, verify, recovery: one entry each */
	assert_int_equal(fx_audit_count(f), audit0 + 6);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_enrol_verify_recover),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
