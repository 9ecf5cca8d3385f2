/*
 * metrics.h - GET /metrics (issue 15): the operator's monitoring reads
 * the process counters (lib/metrics.h) and gauges of the installation
 * (audit entries, entries not yet sealed by a checkpoint, the age of the
 * newest backup and checkpoint) in the Prometheus text format.  Never a
 * child's data, never a user's: counts and ages only.
 */
#ifndef MM_APP_METRICS_H
#define MM_APP_METRICS_H
#ifndef MM_SEES_APP /* the layers: HACKING.md */
#error "layer: app/ is seen only by the front end (app, web, api, cli)"
#endif

struct ctx;

/*
 * app_metrics - answers GET /metrics into c->res.  Reachable from a
 * loopback socket peer with no forwarding header (a proxied request is
 * someone else's, whatever trusted_proxies says), or from anywhere with
 * "Authorization: Bearer TOKEN" of [metrics] token; anyone else gets 403
 * with a Japanese message.  Other methods than GET and HEAD get 405.
 */
void app_metrics(struct ctx *c);

#endif
