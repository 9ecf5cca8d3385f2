/*
 * request.h - one HTTP request and its response, as the handlers see them.
 *
 * http/ knows nothing of the directive: it turns libmicrohttpd's callbacks
 * into a struct http_request with a complete, size-checked body, calls the
 * dispatch function given to http_server_start(), and sends the struct
 * http_response it fills.
 *
 * Ownership: everything a request points to is owned by the server and
 * lives until the dispatch call returns.  The response owns its body
 * buffer and header strings; the server releases them after sending.
 */
#ifndef MM_HTTP_REQUEST_H
#define MM_HTTP_REQUEST_H
#ifndef MM_SEES_HTTP /* the layers: HACKING.md */
#error "layer: http/ is seen only by http/ and the front end"
#endif

#include <stddef.h>
#include <stdint.h>
#include "../lib/buf.h"

#define HTTP_MAX_HEADERS_OUT 12
#define HTTP_MAX_PATH_PARAMS 4

struct http_request {
	const char *method;       /* "GET", "POST", ... */
	const char *path;         /* URL path, percent-decoded by MHD */
	const char *content_type; /* "" when absent; parameters included */
	const char *body;         /* NUL-terminated copy; "" when none */
	size_t body_len;
	/* The body passed the size limit and was discarded: the dispatch
	 * function must answer 413 (and do nothing else). */
	int body_too_large;
	/* The client's address, canonical ("192.0.2.1", "2001:db8::1"):
	 * the socket peer, or the X-Forwarded-For address when the peer is
	 * a trusted proxy (forwarded.h); "unknown" when neither is known. */
	const char *client_addr;
	/* The socket peer itself, whoever it forwards for: what GET /metrics
	 * asks to be loopback (issue 15). */
	const char *peer_addr;
	int tls;                  /* 1 when served over TLS (Secure cookies) */
	void *conn;               /* the MHD connection, for the accessors */
	/* Filled by the router: numeric path parameters ({id}) in order. */
	int64_t params[HTTP_MAX_PATH_PARAMS];
	size_t n_params;
};

struct http_header_out {
	char *name;
	char *value;
};

struct http_response {
	int status;                 /* 200 unless set */
	char content_type[80];      /* "text/html; charset=utf-8" unless set */
	struct buf body;
	struct http_header_out headers[HTTP_MAX_HEADERS_OUT];
	size_t n_headers;
};

/* http_response_init - status 200, HTML, empty body (capped at 32 MiB). */
void http_response_init(struct http_response *res);
/* http_response_release - frees the body and headers. */
void http_response_release(struct http_response *res);

/*
 * http_response_header - adds a header (copied).  Returns 0, MM_EOVERFLOW
 * when HTTP_MAX_HEADERS_OUT are set, MM_EINVAL for CR or LF in either.
 */
int http_response_header(struct http_response *res, const char *name,
			 const char *value);

/*
 * http_response_redirect - 303 See Other to a local path (must start
 * with '/' and not "//"); MM_EINVAL otherwise.
 */
int http_response_redirect(struct http_response *res, const char *path);

/*
 * http_response_cookie - adds Set-Cookie for name=value with Path=/,
 * HttpOnly, SameSite=Strict, Secure when tls; max_age < 0 omits Max-Age,
 * 0 deletes the cookie.
 */
int http_response_cookie(struct http_response *res, const char *name,
			 const char *value, int64_t max_age, int tls);

/* http_header - a request header's value, or NULL. */
const char *http_header(const struct http_request *req, const char *name);
/* http_cookie - a request cookie's value, or NULL. */
const char *http_cookie(const struct http_request *req, const char *name);
/*
 * http_query - a query-string argument (decoded), or NULL; also NULL when
 * the decoded value is not valid UTF-8 or holds a NUL or control byte.
 */
const char *http_query(const struct http_request *req, const char *name);

#endif
