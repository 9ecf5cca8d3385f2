#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "lib/metrics.h"
#include "lib/buf.h"

/* The text of metrics_write(), for searching. */
static char *written(struct buf *b)
{
	buf_init(b, 1 << 20);
	assert_int_equal(metrics_write(b), 0);
	return (char *)buf_cstr(b);
}

static void test_route_classes(void **state)
{
	(void)state;
	assert_int_equal(metrics_route_class("/api/v1/devices"), METRICS_API);
	assert_int_equal(metrics_route_class("/static/app.css"), METRICS_STATIC);
	assert_int_equal(metrics_route_class("/healthz"), METRICS_PROBE);
	assert_int_equal(metrics_route_class("/metrics"), METRICS_PROBE);
	assert_int_equal(metrics_route_class("/devices/3"), METRICS_WEB);
	assert_int_equal(metrics_route_class("/apiary"), METRICS_WEB);
	assert_int_equal(metrics_route_class(NULL), METRICS_WEB);
}

static void test_requests_and_histogram(void **state)
{
	struct buf b;
	char *t;
	(void)state;
	metrics_reset();
	metrics_request(METRICS_API, 200, 3000);      /* 3 ms */
	metrics_request(METRICS_API, 404, 300000);    /* 0.3 s */
	metrics_request(METRICS_API, 999, 20000000); /* 20 s, bad status */
	t = written(&b);
	assert_non_null(strstr(t, "mamori_http_requests_total{class=\"api\",code=\"2xx\"} 1\n"));
	assert_non_null(strstr(t, "mamori_http_requests_total{class=\"api\",code=\"4xx\"} 1\n"));
	assert_non_null(strstr(t, "mamori_http_requests_total{class=\"api\",code=\"5xx\"} 1\n"));
	/* Cumulative buckets: 1 under 5 ms, 2 under 0.5 s, 3 only at +Inf. */
	assert_non_null(strstr(t, "_bucket{class=\"api\",le=\"0.005\"} 1\n"));
	assert_non_null(strstr(t, "_bucket{class=\"api\",le=\"0.25\"} 1\n"));
	assert_non_null(strstr(t, "_bucket{class=\"api\",le=\"0.5\"} 2\n"));
	assert_non_null(strstr(t, "_bucket{class=\"api\",le=\"10\"} 2\n"));
	assert_non_null(strstr(t, "_bucket{class=\"api\",le=\"+Inf\"} 3\n"));
	assert_non_null(strstr(t, "_sum{class=\"api\"} 20.303000\n"));
	assert_non_null(strstr(t, "_count{class=\"api\"} 3\n"));
	assert_non_null(strstr(t, "_count{class=\"web\"} 0\n"));
	buf_release(&b);
}

static void test_counters(void **state)
{
	struct buf b;
	char *t;
	(void)state;
	metrics_reset();
	metrics_inc(METRICS_LOGIN_FAILURES);
	metrics_inc(METRICS_LOGIN_FAILURES);
	metrics_inc(METRICS_LOGIN_THROTTLED);
	metrics_inc(METRICS_COUNTERS); /* out of range: ignored */
	t = written(&b);
	assert_non_null(strstr(t, "# TYPE mamori_login_failures_total counter\n"
			       "mamori_login_failures_total 2\n"));
	assert_non_null(strstr(t, "\nmamori_login_throttled_total 1\n"));
	assert_non_null(strstr(t, "\nmamori_store_errors_total 0\n"));
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_route_classes),
		cmocka_unit_test(test_requests_and_histogram),
		cmocka_unit_test(test_counters),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
