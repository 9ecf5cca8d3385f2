#include "form.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/err.h"
#include "../lib/util.h"

#include "../lib/banned.h"

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Decodes n urlencoded bytes into a new NUL-terminated string.  A
 * malformed escape is an error rather than passed through, so no two
 * spellings of a value can slip past a check made on one of them.
 */
static int decode(const char *p, size_t n, char **out)
{
	char *s;
	size_t len = 0;

	*out = NULL;
	/* The decoded text is at most n bytes; a third of them at least. */
	if (n / 3 > FORM_MAX_VALUE)
		return MM_EOVERFLOW;
	s = malloc(n + 1);
	if (!s)
		return MM_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '+') {
			s[len++] = ' ';
		} else if (p[i] == '%') {
			int hi = i + 2 < n ? hex_value(p[i + 1]) : -1;
			int lo = i + 2 < n ? hex_value(p[i + 2]) : -1;

			if (i + 2 >= n || hi < 0 || lo < 0) {
				free(s);
				return MM_EINVAL;
			}
			s[len++] = (char)(hi << 4 | lo);
			i += 2;
		} else {
			s[len++] = p[i];
		}
	}
	s[len] = '\0';
	if (len > FORM_MAX_VALUE) {
		free(s);
		return MM_EOVERFLOW;
	}
	/* utf8_valid also refuses NUL and control bytes other than tab/CR/LF. */
	if (!utf8_valid(s, len)) {
		free(s);
		return MM_EINVAL;
	}
	*out = s;
	return 0;
}

/* Adds the pair "name=value" (or "name") held in n bytes at p. */
static int add_pair(struct form *f, const char *p, size_t n)
{
	const char *eq = memchr(p, '=', n);
	size_t name_len = eq ? (size_t)(eq - p) : n;
	struct form_field *fld;
	int rc;

	if (name_len == 0)
		return MM_EINVAL;
	if (f->n >= FORM_MAX_FIELDS)
		return MM_EOVERFLOW;
	fld = &f->fields[f->n];
	rc = decode(p, name_len, &fld->name);
	if (rc < 0)
		return rc;
	if (eq)
		rc = decode(eq + 1, n - name_len - 1, &fld->value);
	else
		rc = decode("", 0, &fld->value);
	if (rc < 0) {
		free(fld->name);
		fld->name = NULL;
		return rc;
	}
	f->n++;
	return 0;
}

int form_parse(const char *p, size_t n, struct form *f)
{
	size_t start = 0;

	f->n = 0;
	while (start < n) {
		const char *amp = memchr(p + start, '&', n - start);
		size_t end = amp ? (size_t)(amp - p) : n;

		/* Empty pairs ("a=1&&b=2", a trailing '&') carry nothing. */
		if (end > start) {
			int rc = add_pair(f, p + start, end - start);

			if (rc < 0)
				return rc;
		}
		start = end + 1;
	}
	return 0;
}

void form_release(struct form *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->fields[i].name);
		free(f->fields[i].value);
		f->fields[i].name = NULL;
		f->fields[i].value = NULL;
	}
	f->n = 0;
}

const char *form_get(const struct form *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->fields[i].name, name) == 0)
			return f->fields[i].value;
	return NULL;
}

int form_check_fields(const struct form *f, const char *const *allowed,
		      const char **unknown)
{
	for (size_t i = 0; i < f->n; i++) {
		size_t j = 0;

		while (allowed[j] && strcmp(allowed[j], f->fields[i].name) != 0)
			j++;
		if (!allowed[j]) {
			if (unknown)
				*unknown = f->fields[i].name;
			return MM_EINVAL;
		}
	}
	return 0;
}
