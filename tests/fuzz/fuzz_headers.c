/*
 * fuzz_headers.c - libFuzzer harness for the headers and cookies Mamori
 * writes from request-derived text (http/request.h):
 * http_response_header(), http_response_cookie() and
 * http_response_redirect().  (The request's own Cookie and header lines
 * are split by libmicrohttpd; X-Forwarded-For, the one request header
 * Mamori parses itself, has fuzz_forwarded.c.)  The input's lines are
 * a name, a value and a path; its first byte the cookie's flags.
 *
 * Beyond "does not crash", it checks the promises that keep a response
 * from being split or a cookie from gaining an attribute: every header
 * accepted has a token name and a value without CR, LF or other control
 * bytes; a cookie accepted is exactly "name=value; Path=/; HttpOnly;
 * SameSite=Strict" plus Secure and Max-Age as asked, with no ';' ',' or
 * space in its value; a redirect accepted is a local path that no
 * browser reads as another host.  A refused call adds no header.  See
 * replay.c for running it.
 */
#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/request.h"
#include "lib/err.h"

#include "lib/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_header(const struct http_header_out *h)
{
	if (!h->name[0])
		abort();
	for (const char *s = h->name; *s; s++)
		if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7F ||
		    strchr("\"(),/:;<=>?@[\\]{}", *s))
			abort();
	for (const char *s = h->value; *s; s++)
		if (((unsigned char)*s < 0x20 && *s != '\t') || *s == 0x7F)
			abort();
}

static void check_all(const struct http_response *res, size_t before,
		      int rc)
{
	if (rc < 0 ? res->n_headers != before : res->n_headers != before + 1)
		abort();
	for (size_t i = 0; i < res->n_headers; i++)
		check_header(&res->headers[i]);
}

static void try_cookie(struct http_response *res, const char *name,
		       const char *value, int64_t max_age, int tls)
{
	size_t before = res->n_headers;
	int rc = http_response_cookie(res, name, value, max_age, tls);
	char want[8192];

	check_all(res, before, rc);
	if (rc < 0)
		return;
	if (strpbrk(value, "; ,\"\\"))
		abort();
	snprintf(want, sizeof(want), "%s=%s; Path=/; HttpOnly; SameSite=Strict%s",
		 name, value, tls ? "; Secure" : "");
	if (max_age >= 0)
		snprintf(want + strlen(want), sizeof(want) - strlen(want),
			 "; Max-Age=%" PRId64, max_age);
	if (strcmp(res->headers[before].name, "Set-Cookie") ||
	    strcmp(res->headers[before].value, want))
		abort();
}

static void try_redirect(struct http_response *res, const char *path)
{
	size_t before = res->n_headers;
	int rc = http_response_redirect(res, path);

	check_all(res, before, rc);
	if (rc < 0)
		return;
	if (res->status != 303 || path[0] != '/' || path[1] == '/' ||
	    path[1] == '\\' || strpbrk(path, " \\") ||
	    strcmp(res->headers[before].value, path))
		abort();
}

/* The next line of *p (NUL-terminated in place), "" past the end. */
static char *next_line(char **p)
{
	char *line = *p, *nl;

	if (!line)
		return "";
	nl = strchr(line, '\n');
	if (nl)
		*nl++ = '\0';
	*p = nl;
	return line;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct http_response res;
	char *text, *p, *name, *value, *path;
	int flags;
	size_t before;
	int rc;

	if (size == 0 || size > 4000)
		return 0;
	flags = data[0];
	text = malloc(size);
	if (!text)
		return 0;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	p = text;
	name = next_line(&p);
	value = next_line(&p);
	path = next_line(&p);
	http_response_init(&res);
	before = res.n_headers;
	rc = http_response_header(&res, name, value);
	check_all(&res, before, rc);
	if (rc < 0 && rc != MM_EINVAL)
		abort();
	try_cookie(&res, name, value, (flags & 2) ? -1 : (int64_t)flags * 97,
		   flags & 1);
	try_redirect(&res, path);
	try_redirect(&res, value);
	http_response_release(&res);
	free(text);
	return 0;
}
