#include "metrics.h"

#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include "banned.h"

/*
 * Latency buckets, seconds (upper bounds; +Inf is the count).  From 5 ms,
 * a page from the pool, to 10 s, a long import: the server's SLO is
 * under 0.5 s for screens (README "Performance").
 */
static const double bucket_le[] = { 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
				     0.5, 1, 2.5, 5, 10 };
#define N_BUCKETS (sizeof(bucket_le) / sizeof(bucket_le[0]))
#define N_CODES 5 /* 1xx..5xx */

static const char *const class_names[METRICS_CLASSES] = {
	"web", "api", "static", "probe"
};

static atomic_ullong requests[METRICS_CLASSES][N_CODES];
static atomic_ullong buckets[METRICS_CLASSES][N_BUCKETS];
static atomic_ullong usec_sum[METRICS_CLASSES];
static atomic_ullong counters[METRICS_COUNTERS];

enum metrics_class metrics_route_class(const char *path)
{
	if (!path)
		return METRICS_WEB;
	if (!strncmp(path, "/api/", 5))
		return METRICS_API;
	if (!strncmp(path, "/static/", 8))
		return METRICS_STATIC;
	if (!strcmp(path, "/healthz") || !strcmp(path, "/metrics"))
		return METRICS_PROBE;
	return METRICS_WEB;
}

void metrics_request(enum metrics_class cls, int status, int64_t usec)
{
	int code = (status >= 100 && status <= 599) ? status / 100 - 1 : 4;

	if ((unsigned)cls >= METRICS_CLASSES)
		cls = METRICS_WEB;
	if (usec < 0)
		usec = 0;
	atomic_fetch_add_explicit(&requests[cls][code], 1,
				  memory_order_relaxed);
	atomic_fetch_add_explicit(&usec_sum[cls], (unsigned long long)usec,
				  memory_order_relaxed);
	/* Cumulative buckets are summed at write time: count the first fit. */
	for (size_t i = 0; i < N_BUCKETS; i++) {
		if ((double)usec <= bucket_le[i] * 1e6) {
			atomic_fetch_add_explicit(&buckets[cls][i], 1,
						  memory_order_relaxed);
			break;
		}
	}
}

void metrics_inc(enum metrics_counter c)
{
	if ((unsigned)c < METRICS_COUNTERS)
		atomic_fetch_add_explicit(&counters[c], 1,
					  memory_order_relaxed);
}

static unsigned long long get(atomic_ullong *v)
{
	return atomic_load_explicit(v, memory_order_relaxed);
}

static void write_requests(struct buf *out)
{
	buf_adds(out, "# HELP mamori_http_requests_total HTTP requests "
		 "answered, by route class and status class.\n"
		 "# TYPE mamori_http_requests_total counter\n");
	for (int c = 0; c < METRICS_CLASSES; c++)
		for (int k = 0; k < N_CODES; k++)
			buf_addf(out, "mamori_http_requests_total{class=\"%s\","
				 "code=\"%dxx\"} %llu\n", class_names[c], k + 1,
				 get(&requests[c][k]));
}

static void write_latency(struct buf *out)
{
	buf_adds(out, "# HELP mamori_http_request_duration_seconds Time from "
		 "dispatch to the response built, by route class.\n"
		 "# TYPE mamori_http_request_duration_seconds histogram\n");
	for (int c = 0; c < METRICS_CLASSES; c++) {
		unsigned long long total = 0, cum = 0;

		for (int k = 0; k < N_CODES; k++)
			total += get(&requests[c][k]);
		for (size_t i = 0; i < N_BUCKETS; i++) {
			cum += get(&buckets[c][i]);
			buf_addf(out, "mamori_http_request_duration_seconds_bucket"
				 "{class=\"%s\",le=\"%g\"} %llu\n",
				 class_names[c], bucket_le[i], cum);
		}
		buf_addf(out, "mamori_http_request_duration_seconds_bucket"
			 "{class=\"%s\",le=\"+Inf\"} %llu\n", class_names[c],
			 total);
		buf_addf(out, "mamori_http_request_duration_seconds_sum"
			 "{class=\"%s\"} %.6f\n", class_names[c],
			 (double)get(&usec_sum[c]) / 1e6);
		buf_addf(out, "mamori_http_request_duration_seconds_count"
			 "{class=\"%s\"} %llu\n", class_names[c], total);
	}
}

int metrics_write(struct buf *out)
{
	static const struct {
		const char *name, *help;
	} single[METRICS_COUNTERS] = {
		[METRICS_STORE_ERRORS] = { "mamori_store_errors_total",
			"Requests answered 5xx because the store failed." },
		[METRICS_LOGIN_FAILURES] = { "mamori_login_failures_total",
			"Failed logins (wrong password or unknown login)." },
		[METRICS_LOGIN_THROTTLED] = { "mamori_login_throttled_total",
			"Login attempts refused by the throttle (429)." },
	};

	write_requests(out);
	write_latency(out);
	for (int i = 0; i < METRICS_COUNTERS; i++)
		buf_addf(out, "# HELP %s %s\n# TYPE %s counter\n%s %llu\n",
			 single[i].name, single[i].help, single[i].name,
			 single[i].name, get(&counters[i]));
	return buf_error(out);
}

void metrics_reset(void)
{
	for (int c = 0; c < METRICS_CLASSES; c++) {
		for (int k = 0; k < N_CODES; k++)
			atomic_store(&requests[c][k], 0);
		for (size_t i = 0; i < N_BUCKETS; i++)
			atomic_store(&buckets[c][i], 0);
		atomic_store(&usec_sum[c], 0);
	}
	for (int i = 0; i < METRICS_COUNTERS; i++)
		atomic_store(&counters[i], 0);
}

int64_t metrics_usec_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}
