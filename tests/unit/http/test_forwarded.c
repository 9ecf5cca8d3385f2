/*
 * test_forwarded.c - http_client_address(): X-Forwarded-For is believed
 * only as far as trusted proxies vouch for it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <stdio.h>
#include <cmocka.h>

#include "http/forwarded.h"
#include "lib/err.h"

static struct netaddr_list trusted;   /* 127.0.0.1, ::1, 10.0.0.0/8 */
static struct netaddr_list none;

static int setup(void **state)
{
	char err[100];
	(void)state;
	none.n = 0;
	return netaddr_list_parse("127.0.0.1, ::1, 10.0.0.0/8", &trusted, err,
				  sizeof(err));
}

/* The address for peer with the header lines (NULL-terminated list). */
static const char *addr_of(const struct netaddr_list *t, const char *peer,
			   const char *const *lines)
{
	static char out[NETADDR_TEXT_MAX];
	size_t n = 0;

	while (lines && lines[n])
		n++;
	assert_int_equal(http_client_address(peer, lines, n, t, out,
					     sizeof(out)), 0);
	return out;
}

#define LINES(...) ((const char *const[]){ __VA_ARGS__, NULL })

static void test_no_header_is_the_peer(void **state)
{
	(void)state;
	assert_string_equal(addr_of(&trusted, "127.0.0.1", NULL), "127.0.0.1");
	assert_string_equal(addr_of(&none, "192.0.2.7", NULL), "192.0.2.7");
	assert_string_equal(addr_of(&trusted, "127.0.0.1", LINES("")), "127.0.0.1");
	assert_string_equal(addr_of(&trusted, "127.0.0.1", LINES(" , ,")), "127.0.0.1");
}

/* The attacker's move: claim any address from an untrusted peer. */
static void test_spoofed_header_from_untrusted_peer_ignored(void **state)
{
	(void)state;
	assert_string_equal(addr_of(&trusted, "192.0.2.7", LINES("198.51.100.1")),
			    "192.0.2.7");
	assert_string_equal(addr_of(&trusted, "192.0.2.7",
				    LINES("198.51.100.1", "127.0.0.1")), "192.0.2.7");
	/* No trusted proxies configured: never believed, even from loopback. */
	assert_string_equal(addr_of(&none, "127.0.0.1", LINES("198.51.100.1")),
			    "127.0.0.1");
	assert_string_equal(addr_of(NULL, "127.0.0.1", LINES("198.51.100.1")),
			    "127.0.0.1");
}

static void test_trusted_peer_gives_the_forwarded_client(void **state)
{
	(void)state;
	assert_string_equal(addr_of(&trusted, "127.0.0.1", LINES("198.51.100.1")),
			    "198.51.100.1");
	assert_string_equal(addr_of(&trusted, "::1", LINES("2001:db8::5")),
			    "2001:db8::5");
	/* A dual-stack socket's mapped loopback is the trusted 127.0.0.1. */
	assert_string_equal(addr_of(&trusted, "::ffff:127.0.0.1",
				    LINES("198.51.100.1")), "198.51.100.1");
}

/* nginx appends the real peer: what the client wrote stays on the left. */
static void test_spoofed_chain_takes_the_rightmost_untrusted(void **state)
{
	(void)state;
	assert_string_equal(addr_of(&trusted, "127.0.0.1",
				    LINES("203.0.113.66, 198.51.100.1")), "198.51.100.1");
	assert_string_equal(addr_of(&trusted, "127.0.0.1",
				    LINES("evil, 198.51.100.1")), "198.51.100.1");
	/* Trusted hops on the right are skipped. */
	assert_string_equal(addr_of(&trusted, "127.0.0.1",
				    LINES("203.0.113.66, 198.51.100.1, 10.1.2.3, 127.0.0.1")),
			    "198.51.100.1");
	/* A client pretending to be a proxy gains nothing: its real address
	 * is to the right of its claims. */
	assert_string_equal(addr_of(&trusted, "127.0.0.1",
				    LINES("10.0.0.1, 198.51.100.1")), "198.51.100.1");
}

static void test_several_header_lines_are_one_list(void **state)
{
	(void)state;
	assert_string_equal(addr_of(&trusted, "127.0.0.1",
				    LINES("203.0.113.66", "198.51.100.1")), "198.51.100.1");
	assert_string_equal(addr_of(&trusted, "127.0.0.1",
				    LINES("203.0.113.66, 198.51.100.1", "10.0.0.9")),
			    "198.51.100.1");
	assert_string_equal(addr_of(&trusted, "127.0.0.1",
				    LINES("203.0.113.66", "10.0.0.9", "")), "203.0.113.66");
	/* Garbage in an earlier line is never reached. */
	assert_string_equal(addr_of(&trusted, "127.0.0.1",
				    LINES("<script>", "198.51.100.1")), "198.51.100.1");
}

static void test_blanks_and_empty_elements(void **state)
{
	(void)state;
	assert_string_equal(addr_of(&trusted, "127.0.0.1",
				    LINES("  203.0.113.66 ,\t198.51.100.1\t ")), "198.51.100.1");
	assert_string_equal(addr_of(&trusted, "127.0.0.1",
				    LINES("203.0.113.66,,198.51.100.1,")), "198.51.100.1");
	assert_string_equal(addr_of(&trusted, "127.0.0.1",
				    LINES(",203.0.113.66, , ")), "203.0.113.66");
}

static void test_ipv6_and_ports(void **state)
{
	(void)state;
	/* Canonical text: two spellings of one client are one key. */
	assert_string_equal(addr_of(&trusted, "127.0.0.1",
				    LINES("2001:DB8:0:0:0:0:0:1")), "2001:db8::1");
	assert_string_equal(addr_of(&trusted, "127.0.0.1",
				    LINES("::ffff:198.51.100.1")), "198.51.100.1");
	assert_string_equal(addr_of(&trusted, "127.0.0.1",
				    LINES("[2001:db8::1]:4711")), "2001:db8::1");
	assert_string_equal(addr_of(&trusted, "127.0.0.1",
				    LINES("[2001:db8::1]")), "2001:db8::1");
	assert_string_equal(addr_of(&trusted, "127.0.0.1",
				    LINES("198.51.100.1:4711")), "198.51.100.1");
	assert_string_equal(addr_of(&trusted, "127.0.0.1",
				    LINES("2001:db8::7, ::1")), "2001:db8::7");
	/* IPv6 peer, IPv4 client and the other way round. */
	assert_string_equal(addr_of(&trusted, "::1", LINES("198.51.100.1")),
			    "198.51.100.1");
}

/*
 * A malformed entry where a trusted proxy should have written: the walk
 * stops at the last trusted hop; the sender never picks the address.
 */
static void test_garbage_stops_at_the_last_trusted_hop(void **state)
{
	static const char *const bad[] = {
		"unknown", "evil", "198.51.100.1.5", "198.51.100.256", "1.2.3",
		"fe80::1%eth0", "[2001:db8::1", "[2001:db8::1]x", "[2001:db8::1]:",
		"[2001:db8::1]:123456", "198.51.100.1:", "198.51.100.1:http",
		"198.51.100.1 198.51.100.2", "for=198.51.100.1", "\"198.51.100.1\"",
		"[198.51.100.1]x", "2001:db8::1:80x", "0x7f.1",
	};
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *line[] = { bad[i], NULL };
		char chain[100];
		const char *line2[] = { chain, NULL };

		assert_string_equal(addr_of(&trusted, "127.0.0.1", line), "127.0.0.1");
		snprintf(chain, sizeof(chain), "198.51.100.9, %s, 10.0.0.4", bad[i]);
		assert_string_equal(addr_of(&trusted, "127.0.0.1", line2), "10.0.0.4");
	}
}

static void test_all_trusted_is_the_leftmost(void **state)
{
	(void)state;
	assert_string_equal(addr_of(&trusted, "127.0.0.1",
				    LINES("10.0.0.5, 10.0.0.6")), "10.0.0.5");
	assert_string_equal(addr_of(&trusted, "127.0.0.1", LINES("127.0.0.1")),
			    "127.0.0.1");
}

static void test_odd_peers_and_small_buffers(void **state)
{
	char out[8];
	const char *lines[] = { "198.51.100.1" };
	(void)state;
	/* A peer that is no address is passed on as it is, never trusted. */
	assert_string_equal(addr_of(&trusted, "unknown", LINES("198.51.100.1")),
			    "unknown");
	assert_string_equal(addr_of(&trusted, NULL, LINES("198.51.100.1")), "");
	assert_int_equal(http_client_address("127.0.0.1", lines, 1, &trusted,
					     out, sizeof(out)), MM_EOVERFLOW);
	assert_string_equal(out, "");
	/* NULL lines are skipped. */
	{
		const char *holes[] = { "198.51.100.1", NULL };
		char big[NETADDR_TEXT_MAX];

		assert_int_equal(http_client_address("127.0.0.1", holes, 2,
						     &trusted, big, sizeof(big)), 0);
		assert_string_equal(big, "198.51.100.1");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_header_is_the_peer),
		cmocka_unit_test(test_spoofed_header_from_untrusted_peer_ignored),
		cmocka_unit_test(test_trusted_peer_gives_the_forwarded_client),
		cmocka_unit_test(test_spoofed_chain_takes_the_rightmost_untrusted),
		cmocka_unit_test(test_several_header_lines_are_one_list),
		cmocka_unit_test(test_blanks_and_empty_elements),
		cmocka_unit_test(test_ipv6_and_ports),
		cmocka_unit_test(test_garbage_stops_at_the_last_trusted_hop),
		cmocka_unit_test(test_all_trusted_is_the_leftmost),
		cmocka_unit_test(test_odd_peers_and_small_buffers),
	};
	return cmocka_run_group_tests_name("http/forwarded", tests, setup, NULL);
}
