/*
 * fuzz_forwarded.c - libFuzzer harness for http_client_address()
 * (http/forwarded.h) and netaddr_list_parse() (lib/netaddr.h).
 *
 * The input's lines are X-Forwarded-For header lines.  Beyond "does not
 * crash", it checks what forwarded.h promises: from an untrusted peer the
 * answer is the peer whatever the header says; from a trusted peer it is
 * a canonical address text; the same input gives the same answer.  The
 * whole input as a trusted_proxies list must, when accepted, survive
 * netaddr_list_format and a second parse unchanged.  See replay.c for
 * running it (add src/http/forwarded.c src/lib/netaddr.c).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/forwarded.h"
#include "lib/netaddr.h"
#include "lib/err.h"

#include "lib/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const peers[] = {
	"127.0.0.1", "::1", "::ffff:10.9.8.7", "fd00::1",  /* trusted */
	"192.0.2.1", "2001:db8::1", "unknown", "",        /* not */
};
#define N_TRUSTED_PEERS 4

static void check_canonical(const char *s)
{
	struct netaddr a;
	char again[NETADDR_TEXT_MAX];

	if (netaddr_parse(s, strlen(s), &a) < 0 ||
	    netaddr_format(&a, again, sizeof(again)) < 0 || strcmp(s, again))
		abort();
}

static void check_walk(const char *const *lines, size_t n,
		       const struct netaddr_list *trusted)
{
	for (size_t p = 0; p < sizeof(peers) / sizeof(peers[0]); p++) {
		char out[NETADDR_TEXT_MAX], out2[NETADDR_TEXT_MAX];

		if (http_client_address(peers[p], lines, n, trusted, out,
					sizeof(out)) != 0 ||
		    http_client_address(peers[p], lines, n, trusted, out2,
					sizeof(out2)) != 0 || strcmp(out, out2))
			abort();
		if (p >= N_TRUSTED_PEERS) {
			if (strcmp(out, peers[p]))
				abort();
		} else {
			check_canonical(out);
		}
	}
}

static void check_list(const char *text)
{
	struct netaddr_list l, again;
	char err[200], out[NETADDR_LIST_MAX * (NETADDR_TEXT_MAX + 6)];

	if (netaddr_list_parse(text, &l, err, sizeof(err)) != 0)
		return;
	if (l.n > NETADDR_LIST_MAX ||
	    netaddr_list_format(&l, out, sizeof(out)) != 0 ||
	    netaddr_list_parse(out, &again, err, sizeof(err)) != 0 ||
	    again.n != l.n)
		abort();
	for (size_t i = 0; i < l.n; i++)
		if (again.nets[i].prefix != l.nets[i].prefix ||
		    again.nets[i].a.v6 != l.nets[i].a.v6 ||
		    memcmp(again.nets[i].a.b, l.nets[i].a.b, 16))
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct netaddr_list trusted;
	const char *lines[HTTP_XFF_MAX];
	size_t n = 0;
	char *text = malloc(size + 1);
	char err[100];

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	check_list(text);
	if (netaddr_list_parse("127.0.0.1, ::1, 10.0.0.0/8, fd00::/8",
			       &trusted, err, sizeof(err)) != 0)
		abort();
	for (char *p = text; p && n < HTTP_XFF_MAX;) {
		char *nl = strchr(p, '\n');

		lines[n++] = p;
		if (nl)
			*nl++ = '\0';
		p = nl;
	}
	check_walk(lines, n, &trusted);
	free(text);
	return 0;
}
