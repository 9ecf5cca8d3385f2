/*
 * fuzz_form.c - libFuzzer harness for form_parse() (http/form.h).
 *
 * Beyond "does not crash", it checks what form.h promises of a parse
 * that succeeds: at most FORM_MAX_FIELDS fields, non-empty names, names
 * and values valid UTF-8 within FORM_MAX_VALUE, and form_get() finding
 * every name.  See replay.c for running it.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/form.h"
#include "lib/err.h"
#include "lib/util.h"

#include "lib/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_form(const struct form *f)
{
	if (f->n > FORM_MAX_FIELDS)
		abort();
	for (size_t i = 0; i < f->n; i++) {
		const char *name = f->fields[i].name;
		const char *value = f->fields[i].value;
		size_t nl = strlen(name), vl = strlen(value);

		if (nl == 0 || nl > FORM_MAX_VALUE || vl > FORM_MAX_VALUE)
			abort();
		if (!utf8_valid(name, nl) || !utf8_valid(value, vl))
			abort();
		if (!form_get(f, name))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct form f;
	int rc = form_parse((const char *)data, size, &f);

	if (rc == 0)
		check_form(&f);
	else if (rc != MM_EINVAL && rc != MM_EOVERFLOW && rc != MM_ENOMEM)
		abort();
	form_release(&f);
	if (f.n != 0)
		abort();
	return 0;
}
