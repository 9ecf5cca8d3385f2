/*
 * fuzz_multipart.c - libFuzzer harness for multipart_parse()
 * (http/multipart.h).  The input's first line is the Content-Type, the
 * rest the body.
 *
 * Beyond "does not crash", it checks what multipart.h promises of a
 * parse that succeeds: at most MULTIPART_MAX_PARTS parts, each with a
 * non-empty UTF-8 name, a UTF-8 file name, data inside the body and
 * within the part cap, and multipart_get() finding every name; on error
 * no parts.  See replay.c for running it.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/multipart.h"
#include "lib/err.h"
#include "lib/util.h"

#include "lib/banned.h"

#define FUZZ_PART_MAX 4096

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_parts(const struct multipart *m, const char *body, size_t n)
{
	if (m->n > MULTIPART_MAX_PARTS)
		abort();
	for (size_t i = 0; i < m->n; i++) {
		const struct multipart_part *p = &m->parts[i];
		size_t nl = strlen(p->name), fl = strlen(p->filename);

		if (nl == 0 || !utf8_valid(p->name, nl) ||
		    !utf8_valid(p->filename, fl))
			abort();
		if (p->len > FUZZ_PART_MAX || p->data < body ||
		    p->data + p->len > body + n)
			abort();
		if (!multipart_get(m, p->name))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *nl = memchr(data, '\n', size);
	size_t tlen = nl ? (size_t)(nl - (const char *)data) : size;
	char *type = malloc(tlen + 1);
	const char *body = nl ? nl + 1 : (const char *)data + size;
	size_t blen = size - (size_t)(body - (const char *)data);
	struct multipart m;
	int rc;

	if (!type)
		return 0;
	memcpy(type, data, tlen);
	type[tlen] = '\0';
	rc = multipart_parse(type, body, blen, FUZZ_PART_MAX, &m);
	if (rc == 0)
		check_parts(&m, body, blen);
	else if ((rc != MM_EINVAL && rc != MM_EOVERFLOW) || m.n != 0)
		abort();
	free(type);
	return 0;
}
