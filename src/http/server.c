#include "server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <microhttpd.h>

#include "forwarded.h"
#include "guard.h"
#include "../lib/err.h"
#include "../lib/metrics.h"
#include "../lib/util.h"

#include "../lib/banned.h"

#define DEFAULT_MAX_CONNECTIONS 512
/* A refused connection's wait for its request head, to be answered
 * (long enough for a busy machine to read a head sent at once). */
#define REFUSED_GRACE_MS 5000
/* Descriptors the process needs beside its connections (database,
 * listening sockets, the library's own). */
#define SPARE_FDS 64

struct http_server {
	struct MHD_Daemon *daemon;
	struct guard *guard;
	http_dispatch_fn fn;
	void *ctx;
	struct http_limits limits;
};

/* What the server keeps between the access handler's calls. */
struct req_state {
	struct buf body;
	int started;   /* headers seen; the next calls carry the body */
	int too_large; /* the body passed limits.max_body: answer 413 */
	size_t max_body; /* this request's cap (max_body or max_upload) */
	int no_memory; /* the body could not be kept: answer 503, not 413 */
	int bad_path;  /* the raw path decodes to NUL or invalid UTF-8 */
	int refusal;   /* the server's own answer: 400, 414, 431, 429, 503 */
};

void http_limits_default(struct http_limits *l)
{
	l->max_body = (size_t)1 << 20;
	l->max_header = (size_t)32 << 10;
	l->per_ip = 32;
	l->timeout_secs = 30;
	l->request_deadline_secs = 20;
	l->threads = 4;
	l->max_connections = DEFAULT_MAX_CONNECTIONS;
	l->trusted_proxies.n = 0;
	l->max_upload = 0;           /* no upload beyond max_body */
	l->upload_suffixes = NULL;
}

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
 * Whether the path of a raw request target ("/a%20b?x=1") is one the
 * handlers can trust: it starts with '/', its escapes are well formed,
 * and it decodes to UTF-8 text without NUL or control bytes.  MHD
 * decodes the path itself but cuts it at a "%00", so a router would see
 * "/a" for "/a%00.html"; checking the raw text catches that.  1 yes,
 * 0 no, MM_ENOMEM when it could not tell (the server's fault: a 503).
 */
static int raw_path_ok(const char *uri)
{
	size_t n = strcspn(uri, "?");
	char *dec;
	size_t len = 0;
	int ok = 1;

	if (n == 0 || uri[0] != '/')
		return 0;
	dec = malloc(n);
	if (!dec)
		return MM_ENOMEM;
	for (size_t i = 0; i < n && ok; i++) {
		if (uri[i] != '%') {
			dec[len++] = uri[i];
		} else if (i + 2 < n && hex_value(uri[i + 1]) >= 0 &&
			   hex_value(uri[i + 2]) >= 0) {
			dec[len++] = (char)(hex_value(uri[i + 1]) << 4 |
					    hex_value(uri[i + 2]));
			i += 2;
		} else {
			ok = 0;
		}
	}
	/* utf8_valid lets tab, CR and LF through; a path has no use for them. */
	for (size_t i = 0; i < len && ok; i++)
		ok = (unsigned char)dec[i] >= 0x20 && dec[i] != 0x7F;
	ok = ok && utf8_valid(dec, len);
	free(dec);
	return ok;
}

static struct req_state *state_new(size_t max_body)
{
	struct req_state *st = calloc(1, sizeof(*st));

	/* buf_init(0) would mean the 64 MiB default; max_body 0 never adds. */
	if (st)
		buf_init(&st->body, max_body ? max_body : 1);
	if (st)
		st->max_body = max_body;
	return st;
}

/* The number of '&'-separated parameters of query q (as MHD splits it). */
static size_t count_params(const char *q)
{
	size_t n = *q ? 1 : 0;

	for (; *q; q++)
		n += *q == '&';
	return n;
}

/*
 * A target too long (414) or with too many parameters (400) is answered
 * by us; but MHD parses the query into its per-connection memory right
 * after this callback, and ~470 parameters exhaust it, after which it
 * closes the connection without a word.  So the query of a refused
 * target is cut here: MHD 0.9.75 hands this callback the request line's
 * own writable buffer, where it has found the '?' and will parse what
 * follows it; a NUL right after the '?' leaves it nothing to parse.  The
 * write stays inside the string we were given, whatever MHD's version.
 */
static int check_target(const char *uri)
{
	const char *q = strchr(uri, '?');
	int refusal = 0;

	if (strlen(uri) > HTTP_MAX_URI)
		refusal = 414;
	else if (q && count_params(q + 1) > HTTP_MAX_QUERY_PARAMS)
		refusal = 400;
	if (refusal && q)
		((char *)q)[1] = '\0';
	return refusal;
}

/*
 * MHD calls this once per request with the raw target, before it decodes
 * the path; what it returns becomes the request's *con_cls, and MHD then
 * calls the completion callback for it whatever happens to the request.
 */
/* The body cap of a request for uri (http_limits: upload_suffixes). */
static size_t body_cap(const struct http_limits *l, const char *uri)
{
	size_t n = strcspn(uri, "?#");

	if (l->max_upload <= l->max_body || !l->upload_suffixes)
		return l->max_body;
	for (const char *const *sfx = l->upload_suffixes; *sfx; sfx++) {
		size_t k = strlen(*sfx);

		if (n >= k && !memcmp(uri + n - k, *sfx, k))
			return l->max_upload;
	}
	return l->max_body;
}

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct http_server *s = cls;
	size_t cap = body_cap(&s->limits, uri);
	struct req_state *st = state_new(cap);
	int refusal = check_target(uri);

	(void)conn;
	if (st) {
		int ok = refusal ? 1 : raw_path_ok(uri);

		/* out of memory is the server's fault: 503, not 400 */
		st->refusal = refusal ? refusal : ok < 0 ? 503 : 0;
		st->bad_path = ok == 0;
	}
	return st;
}

static struct guard_conn *guard_of(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(
		conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return ci ? ci->socket_context : NULL;
}

/* Every connection, opened and closed: the guard's table (guard.h). */
static void on_connection(void *cls, struct MHD_Connection *conn,
			  void **socket_context,
			  enum MHD_ConnectionNotificationCode toe)
{
	struct http_server *s = cls;

	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *fd = MHD_get_connection_info(
			conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		const union MHD_ConnectionInfo *ad = MHD_get_connection_info(
			conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);

		*socket_context = fd ? guard_open(s->guard, fd->connect_fd,
						  ad ? ad->client_addr : NULL)
				     : NULL;
	} else if (toe == MHD_CONNECTION_NOTIFY_CLOSED) {
		guard_close(s->guard, *socket_context);
		*socket_context = NULL;
	}
}

static void on_completed(void *cls, struct MHD_Connection *conn,
			 void **con_cls, enum MHD_RequestTerminationCode toe)
{
	struct http_server *s = cls;
	struct req_state *st = *con_cls;

	(void)toe;
	/* The answer is out: the next request's deadline starts now. */
	guard_busy(s->guard, guard_of(conn), 0);
	if (st) {
		buf_release(&st->body);
		free(st);
		*con_cls = NULL;
	}
}

/* Adds the body bytes of one call, or drops them once over the cap. */
static void take_upload(struct req_state *st, size_t max_body,
			const char *data, size_t size)
{
	int rc;

	if (st->too_large || st->no_memory)
		return;
	rc = size > max_body - st->body.len ? MM_EOVERFLOW
					    : buf_add(&st->body, data, size);
	if (rc == MM_ENOMEM)
		st->no_memory = 1;
	else if (rc < 0)
		st->too_large = 1;
	if (rc < 0)
		buf_release(&st->body);
}

static void peer_address(struct MHD_Connection *conn, char *out,
			 size_t outlen)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(
		conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	snprintf(out, outlen, "%s", "unknown");
	if (sa && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr,
			  out, (socklen_t)outlen);
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6,
			  &((const struct sockaddr_in6 *)sa)->sin6_addr, out,
			  (socklen_t)outlen);
}

/* The X-Forwarded-For lines of a request, the last HTTP_XFF_MAX kept. */
struct xff_lines {
	const char *v[HTTP_XFF_MAX];
	size_t n;
};

static enum MHD_Result collect_xff(void *cls, enum MHD_ValueKind kind,
				   const char *key, const char *value)
{
	struct xff_lines *x = cls;

	(void)kind;
	if (!key || !value || strcasecmp(key, "X-Forwarded-For"))
		return MHD_YES;
	/* The walk starts at the right: dropping the leftmost lines is safe. */
	if (x->n == HTTP_XFF_MAX) {
		memmove(x->v, x->v + 1, sizeof(x->v[0]) * (HTTP_XFF_MAX - 1));
		x->n--;
	}
	x->v[x->n++] = value;
	return MHD_YES;
}

/*
 * The client's address: the socket peer, or what trusted proxies say in
 * X-Forwarded-For (http_client_address).  With no trusted proxies the
 * header is not even read.
 */
static void client_address(const struct http_server *s,
			   struct MHD_Connection *conn, char *out,
			   size_t outlen)
{
	char peer[INET6_ADDRSTRLEN];
	struct xff_lines x = { .n = 0 };

	peer_address(conn, peer, sizeof(peer));
	if (s->limits.trusted_proxies.n)
		MHD_get_connection_values(conn, MHD_HEADER_KIND, collect_xff,
					  &x);
	if (http_client_address(peer, x.v, x.n, &s->limits.trusted_proxies,
				out, outlen) < 0)
		snprintf(out, outlen, "%s", "unknown");
}

/* Headers every answer carries, also the server's own error answers. */
static int add_base_headers(struct MHD_Response *r, const char *ctype)
{
	return MHD_add_response_header(r, "Content-Type", ctype) == MHD_YES &&
	       MHD_add_response_header(r, "X-Content-Type-Options",
				       "nosniff") == MHD_YES;
}

/*
 * The server's own answers (400, 414, 431, 429, 503, 500) never reach the
 * application, which adds the security headers to everything else: they
 * carry the same protections (nothing may load, frame or refer from a
 * plain-text error), are never cached, and a refusal says when to retry.
 */
static const struct { const char *name, *value; } own_headers[] = {
	{ "Content-Security-Policy",
	  "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; "
	  "form-action 'none'" },
	{ "X-Frame-Options", "DENY" },
	{ "Referrer-Policy", "no-referrer" },
	{ "Cross-Origin-Opener-Policy", "same-origin" },
	{ "Cache-Control", "no-store" },
};

/* A short plain-text answer made by the server itself; retry_after > 0
 * adds Retry-After and closes the connection after the answer. */
static enum MHD_Result send_own(struct MHD_Connection *conn, unsigned status,
				const char *text, int retry_after)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(
		strlen(text), (void *)text, MHD_RESPMEM_PERSISTENT);
	enum MHD_Result ret = MHD_NO;
	char secs[16];
	int ok;

	if (!r)
		return MHD_NO;
	ok = add_base_headers(r, "text/plain; charset=utf-8");
	for (size_t i = 0; ok && i < sizeof(own_headers) /
				      sizeof(own_headers[0]); i++)
		ok = MHD_add_response_header(r, own_headers[i].name,
					     own_headers[i].value) == MHD_YES;
	if (ok && retry_after > 0) {
		snprintf(secs, sizeof(secs), "%d", retry_after);
		ok = MHD_add_response_header(r, "Retry-After", secs) ==
			     MHD_YES &&
		     MHD_add_response_header(r, "Connection", "close") ==
			     MHD_YES;
	}
	if (ok)
		ret = MHD_queue_response(conn, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result send_plain(struct MHD_Connection *conn,
				  unsigned status, const char *text)
{
	return send_own(conn, status, text, 0);
}

static const char msg_bad_request[] =
	"不正なリクエストです。(400 Bad Request)\n";
static const char msg_too_many_params[] =
	"クエリのパラメータが多すぎます。(400 Bad Request)\n";
static const char msg_uri_too_long[] =
	"URLが長すぎます。(414 URI Too Long)\n";
static const char msg_head_too_large[] =
	"リクエストのヘッダーが大きすぎます。"
	"(431 Request Header Fields Too Large)\n";
static const char msg_per_ip[] =
	"同じアドレスからの接続が多すぎます。しばらくしてからやり直してください。"
	"(429 Too Many Requests)\n";
static const char msg_busy[] =
	"混み合っています。少し待ってからやり直してください。"
	"(503 Service Unavailable)\n";
static const char msg_internal[] =
	"サーバーで障害が発生しました。(500 Internal Server Error)\n";

/* The server's own refusal of a request, with its message. */
static enum MHD_Result send_refusal(struct MHD_Connection *conn, int status)
{
	switch (status) {
	case 414:
		return send_own(conn, 414, msg_uri_too_long, 0);
	case 431:
		return send_own(conn, 431, msg_head_too_large, 0);
	case 429:
		return send_own(conn, 429, msg_per_ip, 1);
	case 503:
		return send_own(conn, 503, msg_busy, 1);
	default:
		return send_own(conn, 400, msg_too_many_params, 0);
	}
}

/*
 * A 429 or 503 must say when to retry (RFC 6585, RFC 9110 10.2.3): an
 * application answer that forgot gets a second.
 */
static int needs_retry_after(const struct http_response *res)
{
	if (res->status != 429 && res->status != 503)
		return 0;
	for (size_t i = 0; i < res->n_headers; i++)
		if (!strcasecmp(res->headers[i].name, "Retry-After"))
			return 0;
	return 1;
}

/*
 * Sends what the dispatch function built.  A response that cannot be
 * sent whole (failed body, a header MHD refuses) is never sent: a page
 * missing, say, its security headers.  Its cause is memory running out
 * (the body's buffer, MHD's response or header copies): a 503 with
 * Retry-After, to try again (issue 14); a status out of range is a bug,
 * a 500.
 */
static enum MHD_Result send_response(struct MHD_Connection *conn,
				     struct http_response *res)
{
	size_t len = 0;
	char *body = buf_detach(&res->body, &len);
	struct MHD_Response *r;
	enum MHD_Result ret = MHD_NO;
	int ok;

	if (res->status < 100 || res->status > 599) {
		free(body);
		return send_plain(conn, 500, msg_internal);
	}
	if (!body)
		return send_own(conn, 503, msg_busy, 1);
	r = MHD_create_response_from_buffer_with_free_callback(len, body,
							       free);
	if (!r) {
		free(body);
		return send_own(conn, 503, msg_busy, 1);
	}
	ok = add_base_headers(r, res->content_type);
	for (size_t i = 0; ok && i < res->n_headers; i++)
		ok = MHD_add_response_header(r, res->headers[i].name,
					     res->headers[i].value) == MHD_YES;
	if (ok && needs_retry_after(res))
		ok = MHD_add_response_header(r, "Retry-After", "1") == MHD_YES;
	if (ok)
		ret = MHD_queue_response(conn, (unsigned)res->status, r);
	MHD_destroy_response(r);
	return ok ? ret : send_own(conn, 503, msg_busy, 1);
}

static enum MHD_Result dispatch(struct http_server *s,
				struct MHD_Connection *conn, const char *url,
				const char *method, struct req_state *st)
{
	struct http_request req;
	struct http_response res;
	const char *ctype;
	char addr[INET6_ADDRSTRLEN], peer[INET6_ADDRSTRLEN];
	enum MHD_Result ret;
	int64_t t0 = metrics_usec_now();

	client_address(s, conn, addr, sizeof(addr));
	peer_address(conn, peer, sizeof(peer));
	ctype = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
					    MHD_HTTP_HEADER_CONTENT_TYPE);
	memset(&req, 0, sizeof(req));
	req.method = method;
	req.path = url;
	req.content_type = ctype ? ctype : "";
	req.body = st->too_large ? "" : buf_cstr(&st->body);
	req.body_len = st->too_large ? 0 : st->body.len;
	req.body_too_large = st->too_large;
	req.client_addr = addr;
	req.peer_addr = peer;
	req.tls = 0; /* TLS ends at the reverse proxy in deployment */
	req.conn = conn;
	http_response_init(&res);
	s->fn(s->ctx, &req, &res);
	metrics_request(metrics_route_class(url), res.status,
			metrics_usec_now() - t0);
	ret = send_response(conn, &res);
	http_response_release(&res);
	return ret;
}

/* The size of the request head (request line and header lines). */
static size_t head_size(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(
		conn, MHD_CONNECTION_INFO_REQUEST_HEADER_SIZE);

	return ci ? ci->header_size : 0;
}

/*
 * The head is in.  A refused connection (guard.h), a refused target
 * (on_uri) or an oversized head is answered now, without reading a
 * body: MHD then closes the connection after the answer.  Otherwise
 * nothing is answered yet (that would close a keep-alive connection).
 */
static enum MHD_Result head_in(struct http_server *s,
			       struct MHD_Connection *conn,
			       struct req_state *st)
{
	struct guard_conn *g = guard_of(conn);
	int refusal = guard_refusal(s->guard, g);

	if (!refusal)
		refusal = st->refusal;
	if (!refusal && head_size(conn) > s->limits.max_header)
		refusal = 431;
	if (!refusal)
		return MHD_YES;
	guard_busy(s->guard, g, 1);
	return send_refusal(conn, refusal);
}

/*
 * MHD's access handler, called once when the headers are in (we answer
 * nothing yet: queuing a response then would make MHD close a keep-alive
 * connection), once per piece of body, and once more at the end, when
 * the request is dispatched.
 */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
				  const char *url, const char *method,
				  const char *version, const char *upload,
				  size_t *upload_size, void **con_cls)
{
	struct http_server *s = cls;
	struct req_state *st = *con_cls;

	(void)version;
	if (!st) {
		/*
		 * on_uri could not allocate, so the path went unchecked:
		 * try once more for the state and refuse rather than
		 * dispatch an unchecked path.  The server, not the request,
		 * was short of memory: 503 with Retry-After, not 400 (a 400
		 * tells the client its request was wrong; found by the
		 * injected allocation failures of issue 14).
		 */
		st = state_new(s->limits.max_body);
		if (!st)
			return MHD_NO;
		st->refusal = 503;
		*con_cls = st;
	}
	if (!st->started) {
		st->started = 1;
		return head_in(s, conn, st);
	}
	if (*upload_size) {
		take_upload(st, st->max_body, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	if (st->bad_path)
		return send_plain(conn, 400, msg_bad_request);
	/* The server, not the request, ran short of memory (issue 14). */
	if (st->no_memory)
		return send_refusal(conn, 503);
	/* The whole request is in: its deadline stops while it is answered. */
	guard_busy(s->guard, guard_of(conn), 1);
	/* An oversized body is still dispatched (without the body), so the
	 * application answers 413 in its own format (JSON for the API). */
	return dispatch(s, conn, url, method, st);
}

/* Fills *ss from a numeric IPv4 or IPv6 address; 0 or MM_EINVAL. */
static int make_address(const char *addr, unsigned port,
			struct sockaddr_storage *ss, int *is_v6)
{
	struct sockaddr_in *v4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (!addr || port > 65535)
		return MM_EINVAL;
	*is_v6 = 0;
	if (inet_pton(AF_INET, addr, &v4->sin_addr) == 1) {
		v4->sin_family = AF_INET;
		v4->sin_port = htons((uint16_t)port);
		return 0;
	}
	if (inet_pton(AF_INET6, addr, &v6->sin6_addr) == 1) {
		v6->sin6_family = AF_INET6;
		v6->sin6_port = htons((uint16_t)port);
		*is_v6 = 1;
		return 0;
	}
	return MM_EINVAL;
}

static void ignore_sigpipe(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGPIPE, &sa, NULL);
}

/*
 * The library's own connection limit: the budget, and as many again for
 * connections that are to be answered 429/503 (guard.h).  Past it MHD
 * stops accepting, so further clients wait in the listen queue rather
 * than being closed; it is kept within the descriptors the process may
 * open, raising its soft limit when the hard one allows.
 */
static unsigned hard_limit(const struct http_limits *l)
{
	unsigned want = 2 * l->max_connections;
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return want;
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want + SPARE_FDS) {
		rlim_t need = (rlim_t)want + SPARE_FDS;

		rl.rlim_cur = rl.rlim_max == RLIM_INFINITY ||
				      rl.rlim_max > need ? need : rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
		getrlimit(RLIMIT_NOFILE, &rl);
	}
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want + SPARE_FDS)
		want = rl.rlim_cur > 2 * SPARE_FDS ?
			       (unsigned)rl.rlim_cur - SPARE_FDS : SPARE_FDS;
	return want;
}

static struct MHD_Daemon *start_daemon(struct http_server *s,
				       struct sockaddr_storage *ss, int is_v6)
{
	const struct http_limits *l = &s->limits;
	/*
	 * poll(2), not epoll (MHD_USE_AUTO): under a burst of hundreds of
	 * connections, 0.9.75's edge-triggered epoll loop left some whose
	 * request had arrived unread until the deadline closed them (the
	 * hostile_clients test saw 128-256 of 2,000).  Level-triggered
	 * poll reads them; each worker polls at most its share of the
	 * library's limit (2 x max_connections / threads).
	 */
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL;

	if (is_v6)
		flags |= MHD_USE_IPv6;
	/*
	 * No MHD_OPTION_PER_IP_CONNECTION_LIMIT: past it MHD closes without
	 * an answer and cannot exempt a proxy; the guard counts instead.
	 * The memory of a connection is four times the largest head, so a
	 * head somewhat over max_header is still read whole and answered
	 * 431 by us, with room left for the answer.
	 */
	return MHD_start_daemon(flags, 0, NULL, NULL, on_request, s,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)ss,
		MHD_OPTION_THREAD_POOL_SIZE, l->threads ? l->threads : 1,
		MHD_OPTION_CONNECTION_LIMIT, hard_limit(l),
		MHD_OPTION_CONNECTION_TIMEOUT, l->timeout_secs,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, 4 * l->max_header,
		MHD_OPTION_STRICT_FOR_CLIENT, (int)1,
		MHD_OPTION_URI_LOG_CALLBACK, on_uri, s,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
		MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
		MHD_OPTION_END);
}

static int start_guard(struct http_server *s)
{
	struct http_limits *l = &s->limits;
	struct guard_limits gl;

	if (!l->max_connections)
		l->max_connections = DEFAULT_MAX_CONNECTIONS;
	if (!l->request_deadline_secs)
		l->request_deadline_secs = 20;
	gl.per_ip = l->per_ip ? l->per_ip : l->max_connections;
	gl.max_connections = l->max_connections;
	gl.deadline_ms = l->request_deadline_secs * 1000;
	gl.refused_ms = REFUSED_GRACE_MS < gl.deadline_ms ? REFUSED_GRACE_MS :
							     gl.deadline_ms;
	gl.exempt = &l->trusted_proxies;
	return guard_new(&gl, &s->guard);
}

int http_server_start(const char *addr, unsigned port,
		      const struct http_limits *limits, http_dispatch_fn fn,
		      void *ctx, unsigned *bound_port, struct http_server **out)
{
	struct sockaddr_storage ss;
	struct http_server *s;
	const union MHD_DaemonInfo *info;
	int is_v6;

	*out = NULL;
	if (!fn || make_address(addr, port, &ss, &is_v6) < 0)
		return MM_EINVAL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return MM_ENOMEM;
	s->fn = fn;
	s->ctx = ctx;
	if (limits)
		s->limits = *limits;
	else
		http_limits_default(&s->limits);
	ignore_sigpipe();
	if (start_guard(s) < 0) {
		free(s);
		return MM_EIO;
	}
	s->daemon = start_daemon(s, &ss, is_v6);
	if (!s->daemon) {
		guard_free(s->guard);
		free(s);
		return MM_EIO;
	}
	info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
	if (bound_port)
		*bound_port = info ? info->port : port;
	*out = s;
	return 0;
}

void http_server_stop(struct http_server *s)
{
	if (!s)
		return;
	MHD_stop_daemon(s->daemon);
	guard_free(s->guard); /* after MHD: every connection is closed */
	free(s);
}
