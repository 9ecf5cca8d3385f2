/*
 * netaddr.h - numeric IP addresses and networks (IPv4 and IPv6), for the
 * trusted_proxies setting and for reading X-Forwarded-For.
 *
 * Only numeric forms are accepted (no names, no zone ids "%eth0", no
 * shortened IPv4 such as "10.1"): the addresses come from configuration
 * and from headers, and every accepted spelling has one canonical text,
 * so two spellings of one address ("::1", "0:0::1") are one key for the
 * login throttle.  An IPv4-mapped IPv6 address (::ffff:192.0.2.1, what a
 * dual-stack socket reports for an IPv4 peer) is the IPv4 address.
 * Pure; no allocation; thread-safe.
 */
#ifndef MM_LIB_NETADDR_H
#define MM_LIB_NETADDR_H

#include <stddef.h>

/* Room for any canonical address text incl. NUL (INET6_ADDRSTRLEN). */
#define NETADDR_TEXT_MAX 46
/* At most this many networks in one list (trusted_proxies). */
#define NETADDR_LIST_MAX 32

struct netaddr {
	int v6;                 /* 0: IPv4 in b[0..3]; 1: IPv6 in b[0..15] */
	unsigned char b[16];
};

struct netaddr_net {
	struct netaddr a;       /* the network address (host bits zero) */
	unsigned prefix;        /* 1-32 for IPv4, 1-128 for IPv6 */
};

struct netaddr_list {
	struct netaddr_net nets[NETADDR_LIST_MAX];
	size_t n;               /* 0: the empty list, matching nothing */
};

/*
 * netaddr_parse - the len bytes at s (no NUL needed) as a bare numeric
 * IPv4 ("192.0.2.1") or IPv6 ("2001:db8::1", "::ffff:192.0.2.1")
 * address.  Returns 0 and fills *out, or MM_EINVAL (then *out is zeroed).
 */
int netaddr_parse(const char *s, size_t len, struct netaddr *out);

/*
 * netaddr_format - the canonical text of a ("192.0.2.1", "2001:db8::1")
 * into out.  Returns 0, or MM_EOVERFLOW when outlen is too small (out is
 * then "" when outlen > 0).
 */
int netaddr_format(const struct netaddr *a, char *out, size_t outlen);

/* netaddr_in_net - 1 when a lies in net n (same family), else 0. */
int netaddr_in_net(const struct netaddr *a, const struct netaddr_net *n);

/* netaddr_list_has - 1 when a lies in any network of l, else 0. */
int netaddr_list_has(const struct netaddr_list *l, const struct netaddr *a);

/*
 * netaddr_list_parse - a list of addresses and networks separated by
 * commas and/or blanks: "127.0.0.1, ::1, 10.0.0.0/8".  An address alone
 * is a network of one (/32, /128).  The empty string (or only blanks)
 * is the empty list.  Refused, with an English reason in err (errlen
 * bytes; may be NULL when errlen is 0): an entry that is not a numeric
 * address or network, a prefix out of range, a network with host bits
 * set ("10.0.0.1/8": a host or the network? say which), prefix 0
 * (trusting every address defeats the setting) and more than
 * NETADDR_LIST_MAX entries.  Returns 0 and fills *out, or MM_EINVAL and
 * *out is untouched.
 */
int netaddr_list_parse(const char *s, struct netaddr_list *out, char *err,
		       size_t errlen);

/*
 * netaddr_list_format - the list as "127.0.0.1/32, ::1/128" into out
 * ("" for the empty list).  Returns 0 or MM_EOVERFLOW (out truncated).
 */
int netaddr_list_format(const struct netaddr_list *l, char *out,
			size_t outlen);

#endif
