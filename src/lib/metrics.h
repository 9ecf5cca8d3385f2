/*
 * metrics.h - the process's counters for GET /metrics (issue 15): HTTP
 * requests and their latency by route class, store errors, login
 * failures and throttles.  Lock-free (relaxed atomics): any thread may
 * count; metrics_write() reads a consistent-enough snapshot (each number
 * on its own; a scrape racing a request may see its count but not yet
 * its latency, which Prometheus tolerates).  No I/O, no allocation.
 */
#ifndef MM_METRICS_H
#define MM_METRICS_H

#include <stdint.h>

#include "buf.h"

/* The route classes requests are counted by (metrics_route_class). */
enum metrics_class {
	METRICS_WEB,     /* HTML screens */
	METRICS_API,     /* /api/... */
	METRICS_STATIC,  /* /static/... */
	METRICS_PROBE,   /* /healthz, /metrics */
	METRICS_CLASSES
};

/* Single counters. */
enum metrics_counter {
	METRICS_STORE_ERRORS,    /* store failures answered 5xx (ctx_fail) */
	METRICS_LOGIN_FAILURES,  /* wrong password or unknown login */
	METRICS_LOGIN_THROTTLED, /* attempts refused by the throttle (429) */
	METRICS_COUNTERS
};

/* metrics_route_class - the class of a request path (never NULL). */
enum metrics_class metrics_route_class(const char *path);

/*
 * metrics_request - counts one answered request of class cls with HTTP
 * status (100-599; anything else counts as 5xx) that took usec
 * microseconds from dispatch to the response built.
 */
void metrics_request(enum metrics_class cls, int status, int64_t usec);

/* metrics_inc - adds one to counter c. */
void metrics_inc(enum metrics_counter c);

/*
 * metrics_write - appends the counters in the Prometheus text exposition
 * format (version 0.0.4: # HELP, # TYPE, samples) to out.  Returns 0 or
 * the buffer's error.
 */
int metrics_write(struct buf *out);

/* metrics_reset - zeroes every counter (unit tests only). */
void metrics_reset(void);

/* metrics_usec_now - a monotonic clock in microseconds, for latency. */
int64_t metrics_usec_now(void);

#endif
