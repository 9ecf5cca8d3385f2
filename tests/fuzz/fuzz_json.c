/*
 * fuzz_json.c - libFuzzer harness for json_body_parse() and the field
 * readers (http/json_body.h).
 *
 * A parse that succeeds must give an object; the readers are then run
 * over its keys with every type, and a string they return must be valid
 * UTF-8.  A failed parse must leave *out NULL and a message in err.  See
 * replay.c for running it.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/json_body.h"
#include "lib/err.h"
#include "lib/util.h"

#include "lib/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void read_fields(json_t *obj)
{
	static const char *const allowed[] = {"name", "id", "ok", NULL};
	char err[128];
	const char *key, *s, *unknown = NULL;
	json_t *v;

	json_object_foreach(obj, key, v) {
		int64_t n = 0;
		int b = 0;

		(void)v;
		if (json_get_string(obj, key, 1, &s, err, sizeof(err)) == 0 &&
		    !utf8_valid(s, strlen(s)))
			abort();
		json_get_int64(obj, key, 1, &n, err, sizeof(err));
		json_get_bool(obj, key, 0, &b, err, sizeof(err));
		if (b != 0 && b != 1)
			abort();
	}
	if (json_check_fields(obj, allowed, &unknown) < 0 && !unknown)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[256] = "";
	json_t *obj = NULL;
	int rc = json_body_parse((const char *)data, size, &obj, err,
				 sizeof(err));

	if (rc == 0) {
		if (!json_is_object(obj))
			abort();
		read_fields(obj);
		json_decref(obj);
	} else if (obj || err[0] == '\0') {
		abort();
	}
	return 0;
}
