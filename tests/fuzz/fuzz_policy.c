/*
 * fuzz_policy.c - libFuzzer harness for policy_parse() (core/policy.h),
 * the reader of a directive version's policy file (R-META-1).
 *
 * Beyond "does not crash", it checks what policy.h promises: a refused
 * file leaves the struct zeroed and names a message; an accepted one
 * passes policy_check(), has every retention key and at least one form,
 * and its error formatter always terminates.  See replay.c for running it.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/policy.h"
#include "lib/err.h"

#include "lib/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct policy p, zero;
	struct policy_error err;
	struct retention_rule r;
	char msg[256];
	char *text;
	int rc;

	if (size > POLICY_TEXT_MAX + 16)
		return 0;
	text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	rc = policy_parse(text, size, &p, &err);
	if (rc < 0) {
		if (!err.why || memcmp(&p, &zero, sizeof p))
			abort();
		policy_error_format(&err, msg, sizeof msg);
		if (!memchr(msg, '\0', sizeof msg))
			abort();
	} else {
		if (policy_check(&p, NULL, NULL) < 0 || p.nforms == 0)
			abort();
		for (size_t i = 0; i < POLICY_DOCTYPES; i++)
			if (policy_retention_rule(&p, policy_doctype_keys[i],
						  &r) < 0 ||
			    !retention_rule_valid(&r))
				abort();
	}
	free(text);
	return 0;
}
