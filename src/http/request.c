#include "request.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <microhttpd.h>

#include "../lib/err.h"
#include "../lib/util.h"

#include "../lib/banned.h"

#define RESPONSE_BODY_MAX ((size_t)32 << 20)

void http_response_init(struct http_response *res)
{
	memset(res, 0, sizeof(*res));
	res->status = 200;
	snprintf(res->content_type, sizeof(res->content_type), "%s",
		 "text/html; charset=utf-8");
	buf_init(&res->body, RESPONSE_BODY_MAX);
}

void http_response_release(struct http_response *res)
{
	buf_release(&res->body);
	for (size_t i = 0; i < res->n_headers; i++) {
		free(res->headers[i].name);
		free(res->headers[i].value);
		res->headers[i].name = NULL;
		res->headers[i].value = NULL;
	}
	res->n_headers = 0;
}

/* RFC 9110 tchar: the bytes a header or cookie name may hold. */
static int is_token_char(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return 1;
	if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
		return 1;
	return c && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

static int is_token(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!is_token_char((unsigned char)*s))
			return 0;
	return 1;
}

/*
 * A header value may not hold CR or LF (response splitting) nor any
 * other control byte save tab.
 */
static int is_header_value(const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c < 0x20 && c != '\t') || c == 0x7F)
			return 0;
	}
	return 1;
}

int http_response_header(struct http_response *res, const char *name,
			 const char *value)
{
	struct http_header_out *h;

	if (!name || !value || !is_token(name) || !is_header_value(value))
		return MM_EINVAL;
	if (res->n_headers >= HTTP_MAX_HEADERS_OUT)
		return MM_EOVERFLOW;
	h = &res->headers[res->n_headers];
	h->name = strdup(name);
	h->value = strdup(value);
	if (!h->name || !h->value) {
		free(h->name);
		free(h->value);
		h->name = h->value = NULL;
		return MM_ENOMEM;
	}
	res->n_headers++;
	return 0;
}

/*
 * A redirect target is a local path: "/" then printable ASCII.  "//host"
 * and "/\host" are refused because browsers read both as another site
 * (an open redirect); so is anything with spaces or control bytes.
 */
static int is_local_path(const char *path)
{
	if (!path || path[0] != '/' || path[1] == '/' || path[1] == '\\')
		return 0;
	for (const char *s = path; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c <= 0x20 || c >= 0x7F || c == '\\')
			return 0;
	}
	return 1;
}

int http_response_redirect(struct http_response *res, const char *path)
{
	int rc;

	if (!is_local_path(path))
		return MM_EINVAL;
	rc = http_response_header(res, "Location", path);
	if (rc < 0)
		return rc;
	res->status = 303;
	return 0;
}

/*
 * RFC 6265 cookie-octet: printable ASCII without space, DQUOTE, comma,
 * semicolon and backslash, so a value can never add an attribute.
 */
static int is_cookie_value(const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c <= 0x20 || c >= 0x7F || c == '"' || c == ',' ||
		    c == ';' || c == '\\')
			return 0;
	}
	return 1;
}

int http_response_cookie(struct http_response *res, const char *name,
			 const char *value, int64_t max_age, int tls)
{
	struct buf b = BUF_INIT_MAX(4096);
	int rc;

	if (!name || !value || !is_token(name) || !is_cookie_value(value))
		return MM_EINVAL;
	buf_addf(&b, "%s=%s; Path=/; HttpOnly; SameSite=Strict", name, value);
	if (tls)
		buf_adds(&b, "; Secure");
	if (max_age >= 0)
		buf_addf(&b, "; Max-Age=%" PRId64, max_age);
	rc = buf_error(&b);
	if (rc == 0)
		rc = http_response_header(res, "Set-Cookie", buf_cstr(&b));
	buf_release(&b);
	return rc;
}

/*
 * The accessors return NULL without a connection, which is how unit
 * tests build requests.
 */
static const char *lookup(const struct http_request *req,
			  enum MHD_ValueKind kind, const char *name)
{
	if (!req || !req->conn || !name)
		return NULL;
	return MHD_lookup_connection_value(req->conn, kind, name);
}

const char *http_header(const struct http_request *req, const char *name)
{
	return lookup(req, MHD_HEADER_KIND, name);
}

const char *http_cookie(const struct http_request *req, const char *name)
{
	return lookup(req, MHD_COOKIE_KIND, name);
}

const char *http_query(const struct http_request *req, const char *name)
{
	const char *v = NULL;
	size_t len = 0;

	if (!req || !req->conn || !name ||
	    MHD_lookup_connection_value_n(req->conn, MHD_GET_ARGUMENT_KIND,
					  name, strlen(name), &v,
					  &len) != MHD_YES || !v)
		return NULL;
	/* Handlers are promised text: "%00" or invalid UTF-8 is absent. */
	if (!utf8_valid(v, len))
		return NULL;
	return v;
}
