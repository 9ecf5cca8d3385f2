/*
 * form.h - application/x-www-form-urlencoded bodies and query strings.
 *
 * Our own small parser (not MHD_PostProcessor): bounded, copies nothing it
 * does not own, rejects malformed percent-escapes and invalid UTF-8.
 * Fuzzed by tests/fuzz/fuzz_form.c.
 */
#ifndef MM_HTTP_FORM_H
#define MM_HTTP_FORM_H
#ifndef MM_SEES_HTTP /* the layers: HACKING.md */
#error "layer: http/ is seen only by http/ and the front end"
#endif

#include <stddef.h>

#define FORM_MAX_FIELDS 128
#define FORM_MAX_VALUE 65536

struct form_field {
	char *name;
	char *value;
};

struct pool;

struct form {
	struct form_field fields[FORM_MAX_FIELDS];
	size_t n;
	/*
	 * Where text read from the form into a record is kept (the
	 * request's pool; set by the front end, NULL otherwise).
	 */
	struct pool *pool;
};

/*
 * form_parse - decodes n bytes of urlencoded text into f (which the
 * caller releases with form_release(), also after an error).  Returns 0,
 * MM_EINVAL (bad escape, invalid UTF-8, empty name), MM_EOVERFLOW (too
 * many fields or a value over FORM_MAX_VALUE) or MM_ENOMEM.
 */
int form_parse(const char *p, size_t n, struct form *f);
void form_release(struct form *f);

/* form_get - the first value of name, or NULL. */
const char *form_get(const struct form *f, const char *name);

/*
 * form_check_fields - MM_EINVAL when f has a field whose name is not in
 * the NULL-terminated allowed list (*unknown set to it).
 */
int form_check_fields(const struct form *f, const char *const *allowed,
		      const char **unknown);

#endif
