/*
 * server.h - the libmicrohttpd server in thread-pool mode, with limits.
 */
#ifndef MM_HTTP_SERVER_H
#define MM_HTTP_SERVER_H
#ifndef MM_SEES_HTTP /* the layers: HACKING.md */
#error "layer: http/ is seen only by http/ and the front end"
#endif

#include <stddef.h>
#include "request.h"
#include "../lib/netaddr.h"

/*
 * The dispatch function: fills res for req.  Called from the server's
 * threads, concurrently.  Its return value is ignored (errors are
 * responses).
 */
typedef void (*http_dispatch_fn)(void *ctx, struct http_request *req,
				 struct http_response *res);

/*
 * What the server itself refuses, before any handler: a request target
 * longer than HTTP_MAX_URI bytes (414), a query of more than
 * HTTP_MAX_QUERY_PARAMS parameters (400), a request head over max_header
 * (431).  Each gets an answer with the security headers; only a head too
 * large for the library's own buffer (4 x max_header) is answered by
 * the library (its bare 414/431) or closed.
 */
#define HTTP_MAX_URI 8192
#define HTTP_MAX_QUERY_PARAMS 100

struct http_limits {
	size_t max_body;          /* bytes; larger bodies get 413 */
	/*
	 * File uploads: a POST whose path ends in one of upload_suffixes
	 * (NULL-terminated; NULL: none) may carry max_upload bytes when
	 * that is more than max_body (a photo is larger than a form).
	 */
	size_t max_upload;
	const char *const *upload_suffixes;
	size_t max_header;        /* request head, bytes; larger get 431 */
	/*
	 * Connections one address may hold; more are answered 429 (guard.h).
	 * Not applied to trusted proxies: behind nginx every client has its
	 * address, and nginx's own limits (limit_conn) count the clients.
	 */
	unsigned per_ip;
	unsigned timeout_secs;    /* idle connection timeout */
	/* A connection's time to deliver one whole request, head and body,
	 * from its opening or its last answer, however active it is. */
	unsigned request_deadline_secs;
	unsigned threads;         /* thread pool size */
	/* Admitted connections in all (the budget); past it the longest
	 * waiting idle one is closed, or the new one is answered 503. */
	unsigned max_connections;
	/*
	 * Reverse proxies whose X-Forwarded-For is believed: the request's
	 * client_addr is then the address they forwarded for (forwarded.h).
	 * Empty: client_addr is the socket peer.  per_ip counts socket
	 * peers, and none of these.
	 */
	struct netaddr_list trusted_proxies;
};

/*
 * http_limits_default - 1 MiB body, 32 KiB headers, 32 per IP, 30 s
 * idle, 20 s to deliver a request, 512 connections, 4 threads, no
 * trusted proxies, no upload paths beyond max_body.
 */
void http_limits_default(struct http_limits *l);

struct http_server;

/*
 * http_server_start - listens on addr ("127.0.0.1") and port (0: any
 * free port; the port chosen is in *bound_port, which may be NULL) and
 * starts serving.  *out is the caller's, stopped with http_server_stop().
 * Returns 0, MM_EINVAL for a bad address, MM_EIO when it cannot listen.
 */
int http_server_start(const char *addr, unsigned port,
		      const struct http_limits *limits, http_dispatch_fn fn,
		      void *ctx, unsigned *bound_port, struct http_server **out);

/* http_server_stop - stops serving, waits for handlers, frees s. */
void http_server_stop(struct http_server *s);

#endif
