#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <stdio.h>
#include <cmocka.h>

#include "lib/netaddr.h"
#include "lib/err.h"

/* parse(s) then format: the canonical text, or "ERR". */
static const char *canon(const char *s, char *out, size_t outlen)
{
	struct netaddr a;

	if (netaddr_parse(s, strlen(s), &a) < 0)
		return "ERR";
	assert_int_equal(netaddr_format(&a, out, outlen), 0);
	return out;
}

static void test_parse_and_canonical_text(void **state)
{
	char out[NETADDR_TEXT_MAX];
	(void)state;
	assert_string_equal(canon("192.0.2.1", out, sizeof(out)), "192.0.2.1");
	assert_string_equal(canon("2001:DB8:0:0::1", out, sizeof(out)), "2001:db8::1");
	assert_string_equal(canon("0:0:0:0:0:0:0:1", out, sizeof(out)), "::1");
	/* A dual-stack socket's IPv4 peer is the IPv4 address. */
	assert_string_equal(canon("::ffff:127.0.0.1", out, sizeof(out)), "127.0.0.1");
	assert_string_equal(canon("::FFFF:7f00:1", out, sizeof(out)), "127.0.0.1");
	/* Only plain numeric forms. */
	assert_string_equal(canon("", out, sizeof(out)), "ERR");
	assert_string_equal(canon("localhost", out, sizeof(out)), "ERR");
	assert_string_equal(canon("10.1", out, sizeof(out)), "ERR");
	assert_string_equal(canon("010.0.0.1", out, sizeof(out)), "ERR");
	assert_string_equal(canon("256.0.0.1", out, sizeof(out)), "ERR");
	assert_string_equal(canon(" 10.0.0.1", out, sizeof(out)), "ERR");
	assert_string_equal(canon("fe80::1%eth0", out, sizeof(out)), "ERR");
	assert_string_equal(canon("[::1]", out, sizeof(out)), "ERR");
	assert_string_equal(canon("1:2:3:4:5:6:7:8:9", out, sizeof(out)), "ERR");
	assert_string_equal(canon("unknown", out, sizeof(out)), "ERR");
}

static void test_parse_is_bounded_by_len(void **state)
{
	struct netaddr a;
	char out[NETADDR_TEXT_MAX];
	char longer[100];
	(void)state;
	/* len, not the NUL, ends the text. */
	assert_int_equal(netaddr_parse("10.0.0.1junk", 8, &a), 0);
	assert_int_equal(netaddr_format(&a, out, sizeof(out)), 0);
	assert_string_equal(out, "10.0.0.1");
	assert_int_equal(netaddr_parse("10.0.0.1\0x", 10, &a), MM_EINVAL);
	memset(longer, '1', sizeof(longer));
	assert_int_equal(netaddr_parse(longer, sizeof(longer), &a), MM_EINVAL);
	assert_int_equal(netaddr_parse(NULL, 3, &a), MM_EINVAL);
	/* Too small an output buffer. */
	assert_int_equal(netaddr_parse("192.0.2.100", 11, &a), 0);
	assert_int_equal(netaddr_format(&a, out, 5), MM_EOVERFLOW);
	assert_string_equal(out, "");
}

static void test_networks(void **state)
{
	struct netaddr_list l;
	struct netaddr a;
	char err[200];
	(void)state;
	assert_int_equal(netaddr_list_parse("127.0.0.1, ::1,10.0.0.0/8\t"
					    "fd00::/8  192.168.1.128/25",
					    &l, err, sizeof(err)), 0);
	assert_int_equal(l.n, 5);
#define HAS(s) (netaddr_parse((s), strlen(s), &a) == 0 && netaddr_list_has(&l, &a))
	assert_true(HAS("127.0.0.1"));
	assert_true(HAS("::ffff:127.0.0.1"));
	assert_false(HAS("127.0.0.2"));
	assert_true(HAS("::1"));
	assert_false(HAS("::2"));
	assert_true(HAS("10.255.1.2"));
	assert_false(HAS("11.0.0.1"));
	assert_true(HAS("fd12:3456::1"));
	assert_false(HAS("fe00::1"));
	assert_true(HAS("192.168.1.200"));
	assert_false(HAS("192.168.1.127"));
#undef HAS
}

static void test_list_empty_and_format(void **state)
{
	struct netaddr_list l;
	struct netaddr a;
	char err[200], out[200];
	(void)state;
	assert_int_equal(netaddr_list_parse("", &l, err, sizeof(err)), 0);
	assert_int_equal(l.n, 0);
	assert_int_equal(netaddr_parse("127.0.0.1", 9, &a), 0);
	assert_false(netaddr_list_has(&l, &a));
	assert_int_equal(netaddr_list_parse(" , ", &l, err, sizeof(err)), 0);
	assert_int_equal(l.n, 0);
	assert_int_equal(netaddr_list_format(&l, out, sizeof(out)), 0);
	assert_string_equal(out, "");
	assert_int_equal(netaddr_list_parse("127.0.0.1,::1,10.0.0.0/8", &l, err,
					    sizeof(err)), 0);
	assert_int_equal(netaddr_list_format(&l, out, sizeof(out)), 0);
	assert_string_equal(out, "127.0.0.1/32, ::1/128, 10.0.0.0/8");
	assert_int_equal(netaddr_list_format(&l, out, 10), MM_EOVERFLOW);
}

/* A refused list names the entry and why; the list keeps its value. */
static void refused(const char *s, const char *why_part)
{
	struct netaddr_list l;
	char err[200] = "";

	l.n = 7;
	assert_int_equal(netaddr_list_parse(s, &l, err, sizeof(err)), MM_EINVAL);
	assert_int_equal(l.n, 7);
	if (!strstr(err, why_part))
		fail_msg("\"%s\": \"%s\" lacks \"%s\"", s, err, why_part);
}

static void test_list_refusals(void **state)
{
	char many[2000] = "";
	(void)state;
	refused("127.0.0.1, bogus", "\"bogus\": not a numeric");
	refused("localhost", "not a numeric");
	refused("10.0.0.0/33", "1-32");
	refused("::/129", "1-128");
	refused("10.0.0.0/", "bad prefix");
	refused("10.0.0.0/-8", "bad prefix");
	refused("10.0.0.0/8x", "1-32");
	refused("0.0.0.0/0", "every address");
	refused("::/0", "every address");
	refused("10.0.0.1/8", "host bits");
	refused("2001:db8::1/64", "host bits");
	refused("::ffff:10.0.0.0/104", "IPv4 form");
	refused("127.0.0.1;::1", "not a numeric");
	for (int i = 0; i <= NETADDR_LIST_MAX; i++)
		snprintf(many + strlen(many), sizeof(many) - strlen(many),
			 "10.0.0.%d, ", i);
	refused(many, "more than 32");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_and_canonical_text),
		cmocka_unit_test(test_parse_is_bounded_by_len),
		cmocka_unit_test(test_networks),
		cmocka_unit_test(test_list_empty_and_format),
		cmocka_unit_test(test_list_refusals),
	};
	return cmocka_run_group_tests_name("lib/netaddr", tests, NULL, NULL);
}
