#include "guard.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <netinet/in.h>

#include "../lib/err.h"

#include "../lib/banned.h"

/* How often the reaper looks: the deadline is kept to within this. */
#define REAP_EVERY_MS 100
/*
 * A waiting connection younger than this is never evicted for a new one:
 * a client that has just connected sends its request within
 * milliseconds, so a burst of new connections does not push out each
 * other before they could be served.
 */
#define EVICT_AFTER_MS 500

struct guard_conn {
	struct guard_conn *prev, *next;
	int fd;
	struct netaddr addr;
	int known;       /* addr was read (IPv4 or IPv6) */
	int exempt;      /* a trusted proxy: no per-address limit */
	int refusal;     /* 0, 429 or 503 */
	int busy;        /* a whole request is in and being answered */
	int shut;        /* shutdown(2) issued: MHD is closing it */
	int64_t since;   /* ms: opened, or its last answer sent */
};

struct guard {
	pthread_mutex_t mu;
	pthread_cond_t wake;
	pthread_t reaper;
	int stop;
	struct guard_limits l;
	struct guard_conn *head, *tail; /* oldest first */
};

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int read_addr(const struct sockaddr *sa, struct netaddr *a)
{
	memset(a, 0, sizeof(*a));
	if (sa && sa->sa_family == AF_INET) {
		memcpy(a->b, &((const struct sockaddr_in *)sa)->sin_addr, 4);
		return 1;
	}
	if (sa && sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *v6 = (const void *)sa;
		static const unsigned char mapped[12] = {
			0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

		/* ::ffff:a.b.c.d is the IPv4 client of a dual-stack socket. */
		if (!memcmp(v6->sin6_addr.s6_addr, mapped, 12)) {
			memcpy(a->b, v6->sin6_addr.s6_addr + 12, 4);
		} else {
			a->v6 = 1;
			memcpy(a->b, v6->sin6_addr.s6_addr, 16);
		}
		return 1;
	}
	return 0;
}

/* Holds a slot: admitted, and not already on its way out. */
static int holds_slot(const struct guard_conn *c)
{
	return !c->refusal && !c->shut;
}

static int same_addr(const struct guard_conn *a, const struct guard_conn *b)
{
	return a->known && b->known && a->addr.v6 == b->addr.v6 &&
	       !memcmp(a->addr.b, b->addr.b, a->addr.v6 ? 16 : 4);
}

/* Must hold g->mu.  shutdown(2) makes MHD see the end of the stream and
 * close the connection from its own thread. */
static void shut(struct guard_conn *c)
{
	if (!c->shut) {
		c->shut = 1;
		shutdown(c->fd, SHUT_RDWR);
	}
}

/* Must hold g->mu.  Evicts the connection that has waited longest for a
 * request; 1 when one was, 0 when all are busy or just opened. */
static int evict_oldest_waiting(struct guard *g, int64_t now)
{
	struct guard_conn *oldest = NULL;

	for (struct guard_conn *c = g->head; c; c = c->next)
		if (holds_slot(c) && !c->busy &&
		    now - c->since >= EVICT_AFTER_MS &&
		    (!oldest || c->since < oldest->since))
			oldest = c;
	if (!oldest)
		return 0;
	shut(oldest);
	return 1;
}

/* Must hold g->mu: decides whether the new connection c may stay. */
static void admit(struct guard *g, struct guard_conn *c, int64_t now)
{
	unsigned total = 0, mine = 0;

	for (const struct guard_conn *o = g->head; o; o = o->next) {
		if (o == c || !holds_slot(o))
			continue;
		total++;
		if (same_addr(o, c))
			mine++;
	}
	if (!c->exempt && mine >= g->l.per_ip)
		c->refusal = 429;
	else if (total >= g->l.max_connections &&
		 !evict_oldest_waiting(g, now))
		c->refusal = 503;
}

struct guard_conn *guard_open(struct guard *g, int fd,
			      const struct sockaddr *sa)
{
	struct guard_conn *c = calloc(1, sizeof(*c));
	int64_t now = now_ms();

	if (!c)
		return NULL;
	c->fd = fd;
	c->since = now;
	c->known = read_addr(sa, &c->addr);
	c->exempt = c->known && g->l.exempt &&
		    netaddr_list_has(g->l.exempt, &c->addr);
	pthread_mutex_lock(&g->mu);
	admit(g, c, now);
	c->prev = g->tail;
	if (g->tail)
		g->tail->next = c;
	else
		g->head = c;
	g->tail = c;
	pthread_mutex_unlock(&g->mu);
	return c;
}

void guard_close(struct guard *g, struct guard_conn *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&g->mu);
	if (c->prev)
		c->prev->next = c->next;
	else
		g->head = c->next;
	if (c->next)
		c->next->prev = c->prev;
	else
		g->tail = c->prev;
	pthread_mutex_unlock(&g->mu);
	free(c);
}

int guard_refusal(struct guard *g, const struct guard_conn *c)
{
	int r;

	if (!c)
		return 503;
	pthread_mutex_lock(&g->mu);
	r = c->refusal;
	pthread_mutex_unlock(&g->mu);
	return r;
}

void guard_busy(struct guard *g, struct guard_conn *c, int busy)
{
	if (!c)
		return;
	pthread_mutex_lock(&g->mu);
	c->busy = busy;
	if (!busy)
		c->since = now_ms();
	pthread_mutex_unlock(&g->mu);
}

/* Must hold g->mu: shuts down every connection past its deadline. */
static void reap(struct guard *g, int64_t now)
{
	for (struct guard_conn *c = g->head; c; c = c->next) {
		int64_t limit = c->refusal ? g->l.refused_ms : g->l.deadline_ms;

		if (!c->busy && !c->shut && now - c->since > limit)
			shut(c);
	}
}

static void *reaper(void *arg)
{
	struct guard *g = arg;
	struct timespec ts;

	pthread_mutex_lock(&g->mu);
	while (!g->stop) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_nsec += REAP_EVERY_MS * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&g->wake, &g->mu, &ts);
		if (!g->stop)
			reap(g, now_ms());
	}
	pthread_mutex_unlock(&g->mu);
	return NULL;
}

int guard_new(const struct guard_limits *l, struct guard **out)
{
	struct guard *g = calloc(1, sizeof(*g));
	pthread_condattr_t ca;
	int ok;

	*out = NULL;
	if (!g)
		return MM_ENOMEM;
	g->l = *l;
	pthread_mutex_init(&g->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&g->wake, &ca);
	pthread_condattr_destroy(&ca);
	ok = pthread_create(&g->reaper, NULL, reaper, g) == 0;
	if (!ok) {
		pthread_cond_destroy(&g->wake);
		pthread_mutex_destroy(&g->mu);
		free(g);
		return MM_EIO;
	}
	*out = g;
	return 0;
}

void guard_free(struct guard *g)
{
	if (!g)
		return;
	pthread_mutex_lock(&g->mu);
	g->stop = 1;
	pthread_cond_signal(&g->wake);
	pthread_mutex_unlock(&g->mu);
	pthread_join(g->reaper, NULL);
	/* Entries left (a failed start) are freed with the guard. */
	while (g->head) {
		struct guard_conn *c = g->head;

		g->head = c->next;
		free(c);
	}
	pthread_cond_destroy(&g->wake);
	pthread_mutex_destroy(&g->mu);
	free(g);
}
