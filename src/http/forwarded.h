/*
 * forwarded.h - the client's address of a request that may have come
 * through reverse proxies (X-Forwarded-For).
 *
 * Anyone can send an X-Forwarded-For header, so its entries are believed
 * only as far as a chain of trusted proxies vouches for them: the socket
 * peer must be a trusted proxy, and each trusted proxy vouches only for
 * the entry to its left (the address it received the request from, which
 * nginx's $proxy_add_x_forwarded_for appends).  Hence the walk from the
 * right, and a header from an untrusted peer counts for nothing.
 *
 * Pure; no allocation; thread-safe.  Fuzzed by tests/fuzz/fuzz_forwarded.c.
 */
#ifndef MM_HTTP_FORWARDED_H
#define MM_HTTP_FORWARDED_H
#ifndef MM_SEES_HTTP /* the layers: HACKING.md */
#error "layer: http/ is seen only by http/ and the front end"
#endif

#include <stddef.h>
#include "../lib/netaddr.h"

/* At most this many X-Forwarded-For header lines are looked at (the last). */
#define HTTP_XFF_MAX 16

/*
 * http_client_address - the address the request came from.
 *
 * peer is the socket peer's address as text; xff[0..n-1] are the values
 * of the request's X-Forwarded-For header lines in the order received
 * (several lines are one comma-separated list, RFC 9110 5.3); trusted is
 * the trusted_proxies list (NULL or empty: trust no one).
 *
 *  - peer not trusted (or not a numeric address), or no entries: peer.
 *  - else the list is walked from the right, skipping empty elements:
 *    an entry that is a trusted address is a proxy, and the walk goes on;
 *    the first address that is not trusted is the client: the answer.
 *  - every entry trusted: the leftmost (a client on a proxy's host).
 *  - a malformed entry ends the walk: the answer is the last trusted
 *    address before it (the proxy that passed it on, or peer).  It
 *    cannot come from a client through a well-configured proxy (the
 *    proxy's own entry lies to its right), so it means a misconfigured
 *    proxy; the proxy is the one thing known, and keying on it never
 *    lets the sender pick an address.
 *
 * An entry is an IPv4 or IPv6 address, optionally as "[IPv6]",
 * "[IPv6]:port" or "IPv4:port" (some proxies add the port); blanks
 * around it are ignored; "unknown", names, zone ids are malformed.  The
 * answer is canonical text (netaddr_format), so "::ffff:192.0.2.1" and
 * "192.0.2.1" are one client; peer is returned as given when it is not
 * a numeric address.  Writes out (outlen bytes, NUL-terminated).
 * Returns 0, or MM_EOVERFLOW when the answer does not fit (out is "").
 */
int http_client_address(const char *peer, const char *const *xff, size_t n,
			const struct netaddr_list *trusted, char *out,
			size_t outlen);

#endif
