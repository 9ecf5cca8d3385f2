/*
 * test_guard.c - admission and eviction of the connection guard (issue 13,
 * hostile clients).  Sockets are socketpairs, so shutdown(2) is real and
 * visible: a shut connection reads end-of-stream at the other side.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>

#include "http/guard.h"
#include "lib/err.h"

struct pair {
	int server, client;
};

static struct pair open_pair(void)
{
	int sv[2];
	struct pair p;

	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	p.server = sv[0];
	p.client = sv[1];
	return p;
}

/* 1 when the guard shut the server side down (the client reads EOF). */
static int was_shut(struct pair p)
{
	char c;
	struct timeval tv = { 0, 1000 };

	setsockopt(p.client, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	return recv(p.client, &c, 1, 0) == 0;
}

static struct sockaddr_in v4(const char *a)
{
	struct sockaddr_in sa;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	assert_int_equal(inet_pton(AF_INET, a, &sa.sin_addr), 1);
	return sa;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static struct guard *new_guard(unsigned per_ip, unsigned max,
			       unsigned deadline_ms,
			       const struct netaddr_list *exempt)
{
	struct guard_limits l = { per_ip, max, deadline_ms, deadline_ms,
				  exempt };
	struct guard *g = NULL;

	assert_int_equal(guard_new(&l, &g), 0);
	return g;
}

/* per_ip from one address; another address and a trusted proxy unaffected. */
static void test_per_address_limit_and_exempt_proxy(void **state)
{
	struct netaddr_list proxies;
	char why[100];
	struct sockaddr_in a = v4("192.0.2.1"), b = v4("192.0.2.2"),
			   px = v4("127.0.0.1");
	struct guard_conn *c[8];
	struct pair p[8];
	struct guard *g;

	(void)state;
	assert_int_equal(netaddr_list_parse("127.0.0.1", &proxies, why,
					    sizeof(why)), 0);
	g = new_guard(2, 100, 60000, &proxies);
	for (int i = 0; i < 8; i++)
		p[i] = open_pair();
	c[0] = guard_open(g, p[0].server, (struct sockaddr *)&a);
	c[1] = guard_open(g, p[1].server, (struct sockaddr *)&a);
	c[2] = guard_open(g, p[2].server, (struct sockaddr *)&a);
	assert_int_equal(guard_refusal(g, c[0]), 0);
	assert_int_equal(guard_refusal(g, c[1]), 0);
	assert_int_equal(guard_refusal(g, c[2]), 429);
	c[3] = guard_open(g, p[3].server, (struct sockaddr *)&b);
	assert_int_equal(guard_refusal(g, c[3]), 0);
	for (int i = 4; i < 8; i++) {
		c[i] = guard_open(g, p[i].server, (struct sockaddr *)&px);
		assert_int_equal(guard_refusal(g, c[i]), 0);
	}
	/* A closed connection frees its address's place. */
	guard_close(g, c[0]);
	c[0] = guard_open(g, p[0].server, (struct sockaddr *)&a);
	assert_int_equal(guard_refusal(g, c[0]), 0);
	for (int i = 0; i < 8; i++) {
		guard_close(g, c[i]);
		close(p[i].server);
		close(p[i].client);
	}
	guard_free(g);
}

/* Past the budget the longest-waiting idle connection goes; with every
 * one busy the new one is refused 503. */
static void test_budget_evicts_oldest_waiting_or_refuses(void **state)
{
	struct sockaddr_in a[4] = { v4("192.0.2.1"), v4("192.0.2.2"),
				    v4("192.0.2.3"), v4("192.0.2.4") };
	struct guard_conn *c[4];
	struct pair p[4];
	struct guard *g = new_guard(3, 2, 60000, NULL);

	(void)state;
	for (int i = 0; i < 4; i++)
		p[i] = open_pair();
	c[0] = guard_open(g, p[0].server, (struct sockaddr *)&a[0]);
	sleep_ms(20);
	c[1] = guard_open(g, p[1].server, (struct sockaddr *)&a[1]);
	/* Both just opened: nothing is evicted for a newcomer yet. */
	c[2] = guard_open(g, p[2].server, (struct sockaddr *)&a[2]);
	assert_int_equal(guard_refusal(g, c[2]), 503);
	guard_close(g, c[2]);
	sleep_ms(600);
	c[2] = guard_open(g, p[2].server, (struct sockaddr *)&a[2]);
	assert_int_equal(guard_refusal(g, c[2]), 0);
	assert_true(was_shut(p[0]));   /* the oldest waiting one */
	assert_false(was_shut(p[1]));
	/* Every admitted one busy answering: the newcomer is refused. */
	guard_busy(g, c[1], 1);
	guard_busy(g, c[2], 1);
	sleep_ms(600);
	c[3] = guard_open(g, p[3].server, (struct sockaddr *)&a[3]);
	assert_int_equal(guard_refusal(g, c[3]), 503);
	for (int i = 0; i < 4; i++) {
		guard_close(g, c[i]);
		close(p[i].server);
		close(p[i].client);
	}
	guard_free(g);
}

/* A connection without a whole request by the deadline is shut down;
 * one whose request is being answered is not, and its clock restarts. */
static void test_deadline(void **state)
{
	struct sockaddr_in a = v4("192.0.2.1");
	struct pair slow = open_pair(), busy = open_pair();
	struct guard *g = new_guard(10, 100, 300, NULL);
	struct guard_conn *cs, *cb;

	(void)state;
	cs = guard_open(g, slow.server, (struct sockaddr *)&a);
	cb = guard_open(g, busy.server, (struct sockaddr *)&a);
	guard_busy(g, cb, 1);
	sleep_ms(600);
	assert_true(was_shut(slow));
	assert_false(was_shut(busy));
	guard_busy(g, cb, 0);
	sleep_ms(100);
	assert_false(was_shut(busy));
	sleep_ms(500);
	assert_true(was_shut(busy));
	guard_close(g, cs);
	guard_close(g, cb);
	close(slow.server);
	close(slow.client);
	close(busy.server);
	close(busy.client);
	guard_free(g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_per_address_limit_and_exempt_proxy),
		cmocka_unit_test(test_budget_evicts_oldest_waiting_or_refuses),
		cmocka_unit_test(test_deadline),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
