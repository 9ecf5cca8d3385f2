/*
 * reqlog.h - one line per request on stderr, for the journal (issue 15).
 *
 * The line starts with "<N>", the syslog priority journald reads off a
 * service's stderr (SyslogLevelPrefix=, on by default), then key=value
 * pairs: the request id (also sent back as X-Request-Id), the status, the
 * time taken, the user's login, the client address, the audit event the
 * request caused (action) and the matched route pattern with its method.
 * Never a child's data: no raw path or query, no body, no field value, no
 * login typed into a failed attempt; only what the server itself derived.
 * The audit entries app/ writes itself (login.failed, login.throttled,
 * access.denied, request.refused) carry the id in their detail
 * ("request_id"), so an entry leads to its line and back.
 */
#ifndef MM_APP_REQLOG_H
#define MM_APP_REQLOG_H
#ifndef MM_SEES_APP /* the layers: HACKING.md */
#error "layer: app/ is seen only by the front end (app, web, api, cli)"
#endif

#include <stdint.h>

#include "../lib/buf.h"

struct ctx;

/* The request id: 16 lower-case hex characters and NUL. */
#define REQLOG_ID_SIZE 17

/* Syslog priorities (syslog.h's LOG_*), without the header's macros. */
enum reqlog_priority {
	REQLOG_ERR = 3, REQLOG_WARNING = 4, REQLOG_NOTICE = 5,
	REQLOG_INFO = 6, REQLOG_DEBUG = 7
};

/* What one line says; every text is the caller's (NULL or "" prints "-"). */
struct reqlog_entry {
	const char *id;
	int status;
	int64_t usec;
	const char *user;    /* the principal's login */
	const char *addr;    /* the client address */
	const char *action;  /* the audit event noted by app/, else NULL */
	const char *method;
	const char *route;   /* the matched pattern, never the raw path */
};

/*
 * reqlog_priority - the priority of a request's line: ERR for a 5xx,
 * WARNING for a throttled login or a 429, NOTICE for a failed login, a
 * refusal (access.denied, request.refused) or any 401/403, DEBUG for a
 * successful /healthz or /metrics (monitoring polls them), else INFO.
 */
enum reqlog_priority reqlog_priority(int status, const char *action,
				     const char *route);

/*
 * reqlog_format - the line of e, "<N>mamori: request id=... ...\n", into
 * out (appended).  A value with a character outside A-Z a-z 0-9 and
 * ._:/{}@+- is quoted, and any byte outside printable ASCII, a quote or a
 * backslash is written as '?', so no value can forge another key or line.
 * Returns 0, or the error of out (MM_ENOMEM, MM_EOVERFLOW).
 */
int reqlog_format(const struct reqlog_entry *e, struct buf *out);

/*
 * reqlog_begin - starts the log of c: its clock and a fresh random
 * request id in c->request_id, sent back as the X-Request-Id header.  The
 * client's own X-Request-Id is never taken (the server derives its ids).
 */
void reqlog_begin(struct ctx *c);

/*
 * reqlog_end - writes c's line to stderr in one write, after the answer
 * is made (status known).  Failing to write loses the line, nothing else.
 */
void reqlog_end(const struct ctx *c);

#endif
