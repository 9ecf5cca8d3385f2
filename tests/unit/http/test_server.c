#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#include <cmocka.h>

#include "http/server.h"
#include "lib/err.h"

#define MAX_BODY 1024
#define MAX_HEADER 8192

struct fixture {
	struct http_server *server;
	unsigned port;
	atomic_int dispatched;
};

/* Echoes what the handler sees, so the tests can check the plumbing. */
static void echo(void *ctx, struct http_request *req,
		 struct http_response *res)
{
	struct fixture *fx = ctx;
	const char *q = http_query(req, "q");
	const char *sid = http_cookie(req, "sid");
	const char *h = http_header(req, "X-Test");

	atomic_fetch_add(&fx->dispatched, 1);
	if (!strcmp(req->path, "/busy")) {
		/* An answer that forgot Retry-After (the server adds one). */
		res->status = strcmp(req->method, "POST") ? 429 : 503;
		return;
	}
	if (req->body_too_large) {
		/* The contract: the dispatcher answers 413 itself. */
		res->status = 413;
		return;
	}
	snprintf(res->content_type, sizeof(res->content_type), "%s",
		 "text/plain; charset=utf-8");
	http_response_header(res, "X-Echo", "yes");
	buf_addf(&res->body, "%s %s ctype=%s q=%s sid=%s h=%s addr=%s len=%zu "
		 "body=%s", req->method, req->path, req->content_type,
		 q ? q : "-", sid ? sid : "-", h ? h : "-", req->client_addr,
		 req->body_len, req->body);
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	struct http_limits l;

	http_limits_default(&l);
	l.max_body = MAX_BODY;
	l.max_header = MAX_HEADER;
	l.threads = 2;
	l.timeout_secs = 5;
	if (!fx || http_server_start("127.0.0.1", 0, &l, echo, fx, &fx->port,
				     &fx->server) < 0)
		return -1;
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	http_server_stop(fx->server);
	free(fx);
	return 0;
}

static int connect_to(unsigned port)
{
	struct sockaddr_in sa;
	struct timeval tv = {5, 0};
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	return fd;
}

static void send_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);

		assert_true(w > 0);
		p += w;
		n -= (size_t)w;
	}
}

/*
 * Reads one response (headers, then Content-Length bytes) into out and
 * returns its status, or -1 when the connection ended first.
 */
static int read_response(int fd, char *out, size_t cap)
{
	size_t len = 0, want = 0;
	char *end = NULL;

	while (!end || len < want) {
		ssize_t r = recv(fd, out + len, cap - 1 - len, 0);

		if (r <= 0)
			return -1;
		len += (size_t)r;
		out[len] = '\0';
		if (!end && (end = strstr(out, "\r\n\r\n")) != NULL) {
			const char *cl = strcasestr(out, "\r\nContent-Length:");

			want = (size_t)(end + 4 - out) +
			       (cl && cl < end ? strtoul(cl + 17, NULL, 10) : 0);
		}
	}
	assert_true(strncmp(out, "HTTP/1.", 7) == 0);
	return (int)strtol(out + 9, NULL, 10);
}

static int request(unsigned port, const char *raw, char *out, size_t cap)
{
	int fd = connect_to(port);
	int status;

	send_all(fd, raw, strlen(raw));
	status = read_response(fd, out, cap);
	close(fd);
	return status;
}

static void test_get_answered(void **state)
{
	struct fixture *fx = *state;
	char out[4096];

	assert_int_equal(request(fx->port,
		"GET /hello/%E5%B0%91?q=%E3%81%82+b HTTP/1.1\r\n"
		"Host: localhost\r\nCookie: sid=abc; other=1\r\n"
		"X-Test: t1\r\n\r\n", out, sizeof(out)), 200);
	assert_non_null(strstr(out, "GET /hello/少 ctype= q=あ b sid=abc h=t1 "
				    "addr=127.0.0.1 len=0 body="));
	assert_non_null(strstr(out, "X-Echo: yes\r\n"));
	assert_non_null(strcasestr(out, "X-Content-Type-Options: nosniff\r\n"));
	assert_non_null(strcasestr(out, "Content-Type: text/plain; charset=utf-8"));
}

/* Issue 13: every 429 and 503 says when to retry. */
static void test_retry_after_on_every_429_and_503(void **state)
{
	struct fixture *fx = *state;
	char out[4096];

	assert_int_equal(request(fx->port, "GET /busy HTTP/1.1\r\n"
				 "Host: localhost\r\n\r\n", out, sizeof(out)),
			 429);
	assert_non_null(strcasestr(out, "\r\nRetry-After: 1\r\n"));
	assert_int_equal(request(fx->port, "POST /busy HTTP/1.1\r\n"
				 "Host: localhost\r\nContent-Length: 0\r\n\r\n",
				 out, sizeof(out)), 503);
	assert_non_null(strcasestr(out, "\r\nRetry-After: 1\r\n"));
}

/* Issue 13: the server's own refusals carry the security headers. */
static void test_own_answers_carry_security_headers(void **state)
{
	struct fixture *fx = *state;
	size_t n = HTTP_MAX_URI + 64;
	char *raw = malloc(n + 64);
	char out[4096];
	int before = atomic_load(&fx->dispatched);

	assert_non_null(raw);
	snprintf(raw, n + 64, "GET /x?q=%0*d HTTP/1.1\r\nHost: l\r\n\r\n",
		 (int)n, 0);
	assert_int_equal(request(fx->port, raw, out, sizeof(out)), 414);
	free(raw);
	assert_non_null(strcasestr(out, "\r\nContent-Security-Policy: default-src 'none'"));
	assert_non_null(strcasestr(out, "\r\nX-Frame-Options: DENY\r\n"));
	assert_non_null(strcasestr(out, "\r\nReferrer-Policy: no-referrer\r\n"));
	assert_non_null(strcasestr(out, "\r\nCache-Control: no-store\r\n"));
	assert_int_equal(atomic_load(&fx->dispatched), before); /* not dispatched */
}

static void test_keep_alive_two_requests_one_connection(void **state)
{
	struct fixture *fx = *state;
	const char *req = "GET /one HTTP/1.1\r\nHost: localhost\r\n\r\n";
	const char *req2 = "POST /two HTTP/1.1\r\nHost: localhost\r\n"
			   "Content-Type: application/x-www-form-urlencoded\r\n"
			   "Content-Length: 7\r\n\r\na=1&b=2";
	char out[4096];
	int fd = connect_to(fx->port);

	send_all(fd, req, strlen(req));
	assert_int_equal(read_response(fd, out, sizeof(out)), 200);
	assert_non_null(strstr(out, "GET /one "));
	send_all(fd, req2, strlen(req2));
	assert_int_equal(read_response(fd, out, sizeof(out)), 200);
	assert_non_null(strstr(out, "POST /two ctype=application/"
				    "x-www-form-urlencoded"));
	assert_non_null(strstr(out, "len=7 body=a=1&b=2"));
	close(fd);
}

static void test_body_over_limit_413(void **state)
{
	struct fixture *fx = *state;
	char head[256], out[4096];
	char body[MAX_BODY + 1];
	int before = atomic_load(&fx->dispatched);
	int fd = connect_to(fx->port);

	memset(body, 'x', sizeof(body));
	snprintf(head, sizeof(head), "POST /big HTTP/1.1\r\nHost: l\r\n"
		 "Content-Length: %zu\r\n\r\n", sizeof(body));
	send_all(fd, head, strlen(head));
	send_all(fd, body, sizeof(body));
	assert_int_equal(read_response(fd, out, sizeof(out)), 413);
	/* Dispatched once, flagged and without the body, so the
	 * application can answer in its own format. */
	assert_int_equal(atomic_load(&fx->dispatched), before + 1);
	/* The body was read and dropped: the connection is still usable. */
	send_all(fd, "GET /after HTTP/1.1\r\nHost: l\r\n\r\n", 33);
	assert_int_equal(read_response(fd, out, sizeof(out)), 200);
	close(fd);
	/* Exactly the cap is fine. */
	fd = connect_to(fx->port);
	snprintf(head, sizeof(head), "POST /big HTTP/1.1\r\nHost: l\r\n"
		 "Content-Length: %d\r\n\r\n", MAX_BODY);
	send_all(fd, head, strlen(head));
	send_all(fd, body, MAX_BODY);
	assert_int_equal(read_response(fd, out, sizeof(out)), 200);
	close(fd);
}

static void test_chunked_body_over_limit_413(void **state)
{
	struct fixture *fx = *state;
	char out[4096];
	char chunk[700];
	char line[32];
	int fd = connect_to(fx->port);
	const char *head = "POST /chunked HTTP/1.1\r\nHost: l\r\n"
			   "Transfer-Encoding: chunked\r\n\r\n";

	memset(chunk, 'y', sizeof(chunk));
	send_all(fd, head, strlen(head));
	for (int i = 0; i < 2; i++) {
		snprintf(line, sizeof(line), "%zx\r\n", sizeof(chunk));
		send_all(fd, line, strlen(line));
		send_all(fd, chunk, sizeof(chunk));
		send_all(fd, "\r\n", 2);
	}
	send_all(fd, "0\r\n\r\n", 5);
	assert_int_equal(read_response(fd, out, sizeof(out)), 413);
	close(fd);
}

static void test_malformed_request_4xx(void **state)
{
	static const char *const bad[] = {
		"GET /x HTTP/1.1x\r\nHost: l\r\n\r\n",
		"GET /x FOO\r\nHost: l\r\n\r\n",
		"GET /x HTTP/1.1\r\nno colon here\r\n\r\n",
		"GET /x HTTP/1.1\r\n\r\n", /* HTTP/1.1 without Host */
	};
	struct fixture *fx = *state;
	char out[4096];
	int before = atomic_load(&fx->dispatched);

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int status = request(fx->port, bad[i], out, sizeof(out));

		assert_true(status >= 400 && status < 500);
	}
	/*
	 * A line MHD cannot split at all, or (strict mode) one with spaces
	 * in the target, gets no answer: MHD 0.9.75 just closes the
	 * connection, which refuses it as surely.
	 */
	assert_int_equal(request(fx->port, "GARBAGE\r\n\r\n", out,
				 sizeof(out)), -1);
	assert_int_equal(request(fx->port, "GET /a b c HTTP/1.1\r\n"
				 "Host: l\r\n\r\n", out, sizeof(out)), -1);
	assert_int_equal(atomic_load(&fx->dispatched), before);
}

static void test_bad_paths_400(void **state)
{
	static const char *const bad[] = {
		"GET /a%00b HTTP/1.1\r\nHost: l\r\n\r\n",
		"GET /a%FF HTTP/1.1\r\nHost: l\r\n\r\n",
		"GET /a%C0%AF HTTP/1.1\r\nHost: l\r\n\r\n",
		"GET /a%0d%0a HTTP/1.1\r\nHost: l\r\n\r\n",
		"GET /a%zz HTTP/1.1\r\nHost: l\r\n\r\n",
		"GET /a\xFF HTTP/1.1\r\nHost: l\r\n\r\n",
		"GET http://evil.example/a HTTP/1.1\r\nHost: l\r\n\r\n",
	};
	struct fixture *fx = *state;
	char out[4096];
	int before = atomic_load(&fx->dispatched);

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int status = request(fx->port, bad[i], out, sizeof(out));

		assert_int_equal(status, 400);
	}
	assert_int_equal(atomic_load(&fx->dispatched), before);
	/* A query value with %00 does not reach the handler as text. */
	assert_int_equal(request(fx->port, "GET /q?q=a%00b HTTP/1.1\r\n"
				 "Host: l\r\n\r\n", out, sizeof(out)), 200);
	assert_non_null(strstr(out, " q=- "));
}

static void test_header_over_limit_4xx(void **state)
{
	struct fixture *fx = *state;
	char out[4096];
	char *raw = malloc(MAX_HEADER + 256);
	int before = atomic_load(&fx->dispatched);
	int status;
	size_t n;

	assert_non_null(raw);
	n = (size_t)snprintf(raw, 64, "GET / HTTP/1.1\r\nHost: l\r\nX-Big: ");
	memset(raw + n, 'a', MAX_HEADER);
	memcpy(raw + n + MAX_HEADER, "\r\n\r\n", 5);
	status = request(fx->port, raw, out, sizeof(out));
	free(raw);
	assert_true(status == 431 || status == 400 || status == 413);
	assert_int_equal(atomic_load(&fx->dispatched), before);
}

/* Without trusted proxies the header is never believed. */
static void test_forwarded_for_ignored_by_default(void **state)
{
	struct fixture *fx = *state;
	char out[4096];

	assert_int_equal(request(fx->port,
		"GET /x HTTP/1.1\r\nHost: l\r\n"
		"X-Forwarded-For: 198.51.100.1\r\n\r\n", out, sizeof(out)), 200);
	assert_non_null(strstr(out, " addr=127.0.0.1 "));
}

/* A trusted peer: every X-Forwarded-For line, walked from the right. */
static void test_forwarded_for_from_trusted_peer(void **state)
{
	struct fixture *fx = *state;
	struct fixture own = { .server = NULL };
	struct http_limits l;
	char err[100], out[8192], raw[4096];
	size_t n;
	(void)fx;

	http_limits_default(&l);
	l.threads = 1;
	assert_int_equal(netaddr_list_parse("127.0.0.1", &l.trusted_proxies,
					    err, sizeof(err)), 0);
	assert_int_equal(http_server_start("127.0.0.1", 0, &l, echo, &own,
					   &own.port, &own.server), 0);
	assert_int_equal(request(own.port,
		"GET /x HTTP/1.1\r\nHost: l\r\n"
		"X-Forwarded-For: 203.0.113.66, 198.51.100.1\r\n\r\n",
		out, sizeof(out)), 200);
	assert_non_null(strstr(out, " addr=198.51.100.1 "));
	/* Two lines are one list; the header name in any case. */
	assert_int_equal(request(own.port,
		"GET /x HTTP/1.1\r\nHost: l\r\n"
		"X-Forwarded-For: 198.51.100.1\r\n"
		"x-forwarded-for: 2001:DB8::1, 127.0.0.1\r\n\r\n",
		out, sizeof(out)), 200);
	assert_non_null(strstr(out, " addr=2001:db8::1 "));
	/* Of many lines the last HTTP_XFF_MAX count, so the right end wins. */
	n = (size_t)snprintf(raw, sizeof(raw), "GET /x HTTP/1.1\r\nHost: l\r\n");
	for (int i = 0; i < 40; i++)
		n += (size_t)snprintf(raw + n, sizeof(raw) - n,
				      "X-Forwarded-For: 192.0.2.%d\r\n", i);
	snprintf(raw + n, sizeof(raw) - n, "\r\n");
	assert_int_equal(request(own.port, raw, out, sizeof(out)), 200);
	assert_non_null(strstr(out, " addr=192.0.2.39 "));
	http_server_stop(own.server);
}

static void test_start_errors(void **state)
{
	struct http_server *s = (struct http_server *)1;
	(void)state;
	assert_int_equal(http_server_start("localhost", 0, NULL, echo, NULL,
					   NULL, &s), MM_EINVAL);
	assert_null(s);
	assert_int_equal(http_server_start("999.0.0.1", 0, NULL, echo, NULL,
					   NULL, &s), MM_EINVAL);
	assert_int_equal(http_server_start("127.0.0.1", 70000, NULL, echo,
					   NULL, NULL, &s), MM_EINVAL);
}

static void test_port_in_use_eio(void **state)
{
	struct fixture *fx = *state;
	struct http_server *s = NULL;

	assert_int_equal(http_server_start("127.0.0.1", fx->port, NULL, echo,
					   fx, NULL, &s), MM_EIO);
	assert_null(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_get_answered),
		cmocka_unit_test(test_retry_after_on_every_429_and_503),
		cmocka_unit_test(test_own_answers_carry_security_headers),
		cmocka_unit_test(test_keep_alive_two_requests_one_connection),
		cmocka_unit_test(test_body_over_limit_413),
		cmocka_unit_test(test_chunked_body_over_limit_413),
		cmocka_unit_test(test_malformed_request_4xx),
		cmocka_unit_test(test_bad_paths_400),
		cmocka_unit_test(test_header_over_limit_4xx),
		cmocka_unit_test(test_forwarded_for_ignored_by_default),
		cmocka_unit_test(test_forwarded_for_from_trusted_peer),
		cmocka_unit_test(test_start_errors),
		cmocka_unit_test(test_port_in_use_eio),
	};
	return cmocka_run_group_tests_name("http_server", tests, setup,
					   teardown);
}
