/*
 * record_pairs.h - a field_source (core/record.h) over key=value pairs,
 * as a form or a JSON body gives them: what the descriptor tests read
 * their input from.  Header-only, for tests.
 */
#ifndef MM_TEST_RECORD_PAIRS_H
#define MM_TEST_RECORD_PAIRS_H

#include <string.h>

#include "core/record.h"
#include "lib/err.h"

/* key, value, key, value ..., NULL */
struct pairs {
	const char *const *kv;
};

static int pairs_get(void *src, const struct field_desc *f,
		     const char **text, const char **why)
{
	const struct pairs *p = src;

	(void)why;
	for (size_t i = 0; p->kv[i]; i += 2)
		if (!strcmp(p->kv[i], f->key)) {
			*text = p->kv[i + 1];
			return 0;
		}
	return MM_ENOTFOUND;
}

#endif
