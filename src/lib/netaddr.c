#include "netaddr.h"

#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>

#include "err.h"
#include "util.h"

#include "banned.h"

static const unsigned char v4_mapped_prefix[12] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
};

int netaddr_parse(const char *s, size_t len, struct netaddr *out)
{
	char text[NETADDR_TEXT_MAX];
	unsigned char b[16];

	memset(out, 0, sizeof(*out));
	if (!s || len == 0 || len >= sizeof(text) || memchr(s, '\0', len))
		return MM_EINVAL;
	memcpy(text, s, len);
	text[len] = '\0';
	if (inet_pton(AF_INET, text, b) == 1) {
		memcpy(out->b, b, 4);
		return 0;
	}
	if (inet_pton(AF_INET6, text, b) != 1)
		return MM_EINVAL;
	/* A dual-stack socket reports an IPv4 peer as ::ffff:a.b.c.d. */
	if (!memcmp(b, v4_mapped_prefix, sizeof(v4_mapped_prefix))) {
		memcpy(out->b, b + 12, 4);
		return 0;
	}
	out->v6 = 1;
	memcpy(out->b, b, 16);
	return 0;
}

int netaddr_format(const struct netaddr *a, char *out, size_t outlen)
{
	char text[NETADDR_TEXT_MAX];

	if (!inet_ntop(a->v6 ? AF_INET6 : AF_INET, a->b, text, sizeof(text)) ||
	    strlen(text) >= outlen) {
		if (outlen)
			out[0] = '\0';
		return MM_EOVERFLOW;
	}
	memcpy(out, text, strlen(text) + 1);
	return 0;
}

/* Whether the first `prefix` bits of x and y agree. */
static int same_prefix(const unsigned char *x, const unsigned char *y,
		       unsigned prefix)
{
	unsigned whole = prefix / 8, rest = prefix % 8;
	unsigned char mask = (unsigned char)(0xff << (8 - rest));

	if (memcmp(x, y, whole))
		return 0;
	return rest == 0 || ((x[whole] ^ y[whole]) & mask) == 0;
}

int netaddr_in_net(const struct netaddr *a, const struct netaddr_net *n)
{
	return a->v6 == n->a.v6 && same_prefix(a->b, n->a.b, n->prefix);
}

int netaddr_list_has(const struct netaddr_list *l, const struct netaddr *a)
{
	for (size_t i = 0; i < l->n; i++)
		if (netaddr_in_net(a, &l->nets[i]))
			return 1;
	return 0;
}

static int refuse(char *err, size_t errlen, const char *why, const char *s,
		  size_t len)
{
	if (errlen)
		snprintf(err, errlen, "\"%.*s\": %s", (int)(len > 60 ? 60 : len),
			 s, why);
	return MM_EINVAL;
}

/* Whether the bits after the prefix are all zero. */
static int host_bits_zero(const struct netaddr *a, unsigned prefix)
{
	unsigned bits = a->v6 ? 128 : 32;

	for (unsigned i = prefix; i < bits; i++)
		if (a->b[i / 8] & (0x80 >> (i % 8)))
			return 0;
	return 1;
}

/* One entry "ADDR" or "ADDR/PREFIX" of len bytes at s. */
static int parse_net(const char *s, size_t len, struct netaddr_net *out,
		     char *err, size_t errlen)
{
	const char *slash = memchr(s, '/', len);
	size_t alen = slash ? (size_t)(slash - s) : len;
	char digits[8];
	int64_t prefix;
	unsigned max;

	if (netaddr_parse(s, alen, &out->a) < 0)
		return refuse(err, errlen, "not a numeric IPv4 or IPv6 address"
			      " or network (e.g. 127.0.0.1, ::1, 10.0.0.0/8)",
			      s, len);
	max = out->a.v6 ? 128 : 32;
	out->prefix = max;
	if (!slash)
		return 0;
	/* The prefix of ::ffff:10.0.0.0/104 would count IPv6 bits. */
	if (!out->a.v6 && memchr(s, ':', alen))
		return refuse(err, errlen, "write an IPv4 network in IPv4"
			      " form (10.0.0.0/8)", s, len);
	if (len - alen - 1 == 0 || len - alen - 1 >= sizeof(digits) ||
	    slash[1] == '-')
		return refuse(err, errlen, "bad prefix length", s, len);
	memcpy(digits, slash + 1, len - alen - 1);
	digits[len - alen - 1] = '\0';
	if (parse_int64(digits, 0, max, &prefix) < 0)
		return refuse(err, errlen, out->a.v6 ?
			      "prefix length must be 1-128" :
			      "prefix length must be 1-32", s, len);
	if (prefix == 0)
		return refuse(err, errlen, "a /0 network would trust every"
			      " address", s, len);
	out->prefix = (unsigned)prefix;
	if (!host_bits_zero(&out->a, out->prefix))
		return refuse(err, errlen, "host bits set: write the network"
			      " address, or the address alone for one host",
			      s, len);
	return 0;
}

static int is_sep(char c)
{
	return c == ',' || c == ' ' || c == '\t';
}

int netaddr_list_parse(const char *s, struct netaddr_list *out, char *err,
		       size_t errlen)
{
	struct netaddr_list tmp;
	const char *p = s ? s : "";

	memset(&tmp, 0, sizeof(tmp));
	if (errlen)
		err[0] = '\0';
	while (*p) {
		size_t len;

		while (*p && is_sep(*p))
			p++;
		if (!*p)
			break;
		len = 0;
		while (p[len] && !is_sep(p[len]))
			len++;
		if (tmp.n == NETADDR_LIST_MAX) {
			if (errlen)
				snprintf(err, errlen, "more than %d entries",
					 NETADDR_LIST_MAX);
			return MM_EINVAL;
		}
		if (parse_net(p, len, &tmp.nets[tmp.n], err, errlen) < 0)
			return MM_EINVAL;
		tmp.n++;
		p += len;
	}
	*out = tmp;
	return 0;
}

int netaddr_list_format(const struct netaddr_list *l, char *out,
			size_t outlen)
{
	size_t used = 0;

	if (outlen == 0)
		return MM_EOVERFLOW;
	out[0] = '\0';
	for (size_t i = 0; i < l->n; i++) {
		char a[NETADDR_TEXT_MAX];
		int n;

		if (netaddr_format(&l->nets[i].a, a, sizeof(a)) < 0)
			return MM_EOVERFLOW;
		n = snprintf(out + used, outlen - used, "%s%s/%u",
			     i ? ", " : "", a, l->nets[i].prefix);
		if (n < 0 || (size_t)n >= outlen - used)
			return MM_EOVERFLOW;
		used += (size_t)n;
	}
	return 0;
}
