#include "forwarded.h"

#include <string.h>

#include "../lib/err.h"

#include "../lib/banned.h"

/* ":" and 1-5 digits: the port some proxies write after the address. */
static int port_ok(const char *s, size_t len)
{
	if (len < 2 || len > 6 || s[0] != ':')
		return 0;
	for (size_t i = 1; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* One list element (blanks trimmed, not empty) as an address. */
static int parse_entry(const char *s, size_t len, struct netaddr *a)
{
	const char *colon = memchr(s, ':', len);

	if (s[0] == '[') {
		const char *close = memchr(s, ']', len);
		size_t alen, rest;

		if (!close)
			return MM_EINVAL;
		alen = (size_t)(close - s) - 1;
		rest = len - alen - 2;
		if (rest && !port_ok(close + 1, rest))
			return MM_EINVAL;
		return netaddr_parse(s + 1, alen, a);
	}
	/* Exactly one colon: "IPv4:port" (IPv6 text has at least two). */
	if (colon && !memchr(colon + 1, ':', len - (size_t)(colon - s) - 1)) {
		if (!port_ok(colon, len - (size_t)(colon - s)) ||
		    netaddr_parse(s, (size_t)(colon - s), a) < 0 || a->v6)
			return MM_EINVAL;
		return 0;
	}
	return netaddr_parse(s, len, a);
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

enum step { STEP_ON, STEP_FOUND, STEP_STOP };

/*
 * One element of the list, walking leftwards: *cur is the answer so far
 * (the last trusted hop).  An untrusted address becomes the answer.
 */
static enum step step(const char *s, size_t len,
		      const struct netaddr_list *trusted, struct netaddr *cur)
{
	struct netaddr a;

	while (len && is_blank(s[0]))
		s++, len--;
	while (len && is_blank(s[len - 1]))
		len--;
	if (len == 0)
		return STEP_ON; /* "a,,b": empty list elements are ignored */
	if (parse_entry(s, len, &a) < 0)
		return STEP_STOP;
	*cur = a;
	return netaddr_list_has(trusted, &a) ? STEP_ON : STEP_FOUND;
}

/* Walks one header line from its right end; STEP_ON when it ran out. */
static enum step walk_line(const char *v, const struct netaddr_list *trusted,
			   struct netaddr *cur)
{
	size_t end = strlen(v);

	for (;;) {
		size_t start = end;
		enum step r;

		while (start > 0 && v[start - 1] != ',')
			start--;
		r = step(v + start, end - start, trusted, cur);
		if (r != STEP_ON || start == 0)
			return r;
		end = start - 1;
	}
}

static int copy_out(const char *s, char *out, size_t outlen)
{
	size_t len = strlen(s);

	if (len >= outlen) {
		if (outlen)
			out[0] = '\0';
		return MM_EOVERFLOW;
	}
	memcpy(out, s, len + 1);
	return 0;
}

int http_client_address(const char *peer, const char *const *xff, size_t n,
			const struct netaddr_list *trusted, char *out,
			size_t outlen)
{
	struct netaddr cur;

	if (!peer)
		peer = "";
	if (netaddr_parse(peer, strlen(peer), &cur) < 0)
		return copy_out(peer, out, outlen);
	if (trusted && netaddr_list_has(trusted, &cur)) {
		for (size_t i = n; i-- > 0;) {
			if (xff[i] && walk_line(xff[i], trusted, &cur) != STEP_ON)
				break;
		}
	}
	return netaddr_format(&cur, out, outlen);
}
