/*
 * reqlog.c - the request's line for the journal.  Contract: reqlog.h.
 */
#include "reqlog.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "../core/identity.h"
#include "../lib/err.h"
#include "../lib/metrics.h"

#include "../lib/banned.h"

static int in(const char *s, const char *const *set)
{
	for (; s && *set; set++)
		if (!strcmp(s, *set))
			return 1;
	return 0;
}

enum reqlog_priority reqlog_priority(int status, const char *action,
				     const char *route)
{
	static const char *const refusals[] = {
		"login.failed", "access.denied", "request.refused", NULL
	};
	static const char *const polled[] = { "/healthz", "/metrics", NULL };

	if (status >= 500)
		return REQLOG_ERR;
	if (status == 429 || in(action, (const char *const[]){
				"login.throttled", NULL }))
		return REQLOG_WARNING;
	if (in(action, refusals) || status == 401 || status == 403)
		return REQLOG_NOTICE;
	if (status < 400 && in(route, polled))
		return REQLOG_DEBUG;
	return REQLOG_INFO;
}

static int plain(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9') || strchr("._:/{}@+-", ch);
}

/* key=value, the value quoted when it needs to be, forged bytes as '?'. */
static void add_pair(struct buf *out, const char *key, const char *value)
{
	const unsigned char *p;
	int quote = 0;

	if (!value || !*value)
		value = "-";
	for (p = (const unsigned char *)value; *p; p++)
		quote |= !plain(*p);
	buf_addf(out, " %s=", key);
	if (quote)
		buf_addch(out, '"');
	for (p = (const unsigned char *)value; *p; p++)
		buf_addch(out, *p >= 0x20 && *p < 0x7f && *p != '"' &&
			       *p != '\\' ? (char)*p : '?');
	if (quote)
		buf_addch(out, '"');
}

int reqlog_format(const struct reqlog_entry *e, struct buf *out)
{
	char route[160];

	snprintf(route, sizeof(route), "%s %s", e->method ? e->method : "-",
		 e->route ? e->route : "-");
	buf_addf(out, "<%d>mamori: request",
		 (int)reqlog_priority(e->status, e->action, e->route));
	add_pair(out, "id", e->id);
	buf_addf(out, " status=%d ms=%lld", e->status,
		 (long long)(e->usec / 1000));
	add_pair(out, "user", e->user);
	add_pair(out, "addr", e->addr);
	add_pair(out, "action", e->action);
	add_pair(out, "route", route);
	buf_addch(out, '\n');
	return buf_error(out);
}

void reqlog_begin(struct ctx *c)
{
	char token[MM_TOKEN_HEX];

	c->started_usec = metrics_usec_now();
	token_new(token); /* 64 random hex digits: 16 are plenty for an id */
	memcpy(c->request_id, token, REQLOG_ID_SIZE - 1);
	c->request_id[REQLOG_ID_SIZE - 1] = '\0';
	http_response_header(c->res, "X-Request-Id", c->request_id);
}

void reqlog_end(const struct ctx *c)
{
	struct reqlog_entry e = {
		.id = c->request_id,
		.status = c->res->status,
		.usec = metrics_usec_now() - c->started_usec,
		.user = c->who ? c->who->login : NULL,
		.addr = c->req->client_addr,
		.action = c->log_action,
		.method = c->req->method,
		/* the pattern, or the fixed paths app_dispatch answers itself */
		.route = c->route ? c->route :
			 !strcmp(c->req->path, "/metrics") ? "/metrics" : NULL,
	};
	struct buf line;

	buf_init(&line, 1024);
	if (reqlog_format(&e, &line) == 0 &&
	    write(STDERR_FILENO, buf_cstr(&line), line.len) < 0) {
		/* nowhere left to say so */
	}
	buf_release(&line);
}
