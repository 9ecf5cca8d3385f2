/*
 * guard.h - who may hold one of the server's connections, and for how long.
 *
 * libmicrohttpd 0.9.75 has a per-address limit and a total limit, but
 * past either it closes the socket without a word (a client sees a reset,
 * not a 429), it cannot exempt a reverse proxy from the per-address
 * limit, and its timeout measures inactivity only (a client sending one
 * header line every ten seconds keeps its connection forever).  The
 * guard does those three things itself:
 *
 *  - Admission (guard_open, from MHD's connection notification): a
 *    connection from an address that already holds per_ip connections
 *    is marked refused 429, and one past the budget of max_connections
 *    first evicts the connection that has waited longest for a request
 *    (shutdown(2): MHD then closes it), or, when every admitted one is
 *    busy answering, is marked refused 503.  A refused connection is
 *    answered (with Retry-After) as soon as its request head is in, and
 *    closed after a short grace when none comes.  Trusted proxies are
 *    exempt from per_ip: every client behind nginx shares its address.
 *  - The deadline: a connection has deadline_ms, from its opening or
 *    from its last answer, to deliver one whole request (head and body);
 *    a reaper thread shuts down those past it.  Inactivity no longer
 *    matters.
 *
 * Thread safety: all functions may be called from any thread; one mutex
 * guards the table.  A connection's socket is shut down only while its
 * entry is in the table, and MHD removes the entry (guard_close) before
 * it closes the socket, so the descriptor is never a reused one.
 */
#ifndef MM_HTTP_GUARD_H
#define MM_HTTP_GUARD_H
#ifndef MM_SEES_HTTP /* the layers: HACKING.md */
#error "layer: http/ is seen only by http/ and the front end"
#endif

#include <stddef.h>
#include <sys/socket.h>
#include "../lib/netaddr.h"

struct guard;
struct guard_conn;

struct guard_limits {
	unsigned per_ip;          /* connections one address may hold */
	unsigned max_connections; /* admitted connections in all */
	unsigned deadline_ms;     /* to deliver a whole request */
	unsigned refused_ms;      /* a refused one's wait for its head */
	const struct netaddr_list *exempt; /* trusted proxies (may be NULL) */
};

/*
 * guard_new - a guard with limits l (copied; l->exempt must outlive it)
 * and its reaper thread.  Returns 0 and *out (the caller's, freed with
 * guard_free), MM_ENOMEM, or MM_EIO when the thread cannot start.
 */
int guard_new(const struct guard_limits *l, struct guard **out);

/* guard_free - stops the reaper and frees g; every connection must be
 * closed (guard_close) before.  NULL is ignored. */
void guard_free(struct guard *g);

/*
 * guard_open - a new connection on socket fd from sa: returns its entry
 * (owned by g until guard_close), or NULL when out of memory (the
 * connection is then not guarded and must be refused by the caller:
 * guard_refusal answers 503 for NULL).
 */
struct guard_conn *guard_open(struct guard *g, int fd,
			      const struct sockaddr *sa);

/* guard_close - the connection is being closed: forget it.  NULL ok. */
void guard_close(struct guard *g, struct guard_conn *c);

/*
 * guard_refusal - 0 when the connection was admitted, else the status it
 * must be answered with (429 or 503) and then closed.
 */
int guard_refusal(struct guard *g, const struct guard_conn *c);

/*
 * guard_busy - a whole request is in (busy 1: the deadline stops while
 * it is answered) or its answer is sent (busy 0: the clock starts again
 * for the next request on the connection).  NULL ok.
 */
void guard_busy(struct guard *g, struct guard_conn *c, int busy);

#endif
