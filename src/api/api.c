#include "api.h"

#include <stdio.h>
#include <stdlib.h>
#include <jansson.h>

#include "lib/err.h"
#include "lib/buf.h"
#include "lib/banned.h"

/* The answer when even the error body cannot be built. */
static const char fallback[] =
	"{\"error\":{\"code\":\"out_of_memory\",\"message\":\"out of memory\"}}";

void api_error(struct ctx *c, int status, const char *code,
	       const char *message, const char *field)
{
	json_t *err = json_object();
	json_t *top = json_object();
	char *text = NULL;

	ctx_note_refusal(c, 0, message, field);
	if (err && top && !json_object_set(top, "error", err) &&
	    !json_object_set_new(err, "code", json_string(code)) &&
	    !json_object_set_new(err, "message",
				 json_string(message ? message : "")) &&
	    (!field || !json_object_set_new(err, "field", json_string(field))))
		text = json_dumps(top, JSON_COMPACT);
	buf_reset(&c->res->body);
	c->res->status = text ? status : 500;
	snprintf(c->res->content_type, sizeof(c->res->content_type), "%s",
		 "application/json; charset=utf-8");
	buf_adds(&c->res->body, text ? text : fallback);
	free(text);
	json_decref(err);
	json_decref(top);
}

/*
 * The store's and core's errors are answered by ctx_fail(), the one table
 * of statuses and Japanese messages for web and API alike, so the JSON
 * message is the one the web screen shows; the code stays English.
 */
void api_fail(struct ctx *c, int rc, const char *message, const char *field)
{
	/* MM_ETHROTTLED: auth_login sets its own Retry-After; ctx_fail sets
	 * it for a 503. */
	ctx_fail(c, rc, message, field);
	if (c->res->status == 500)
		fprintf(stderr, "mamori: api %s %s: %s\n", c->req->method,
			c->req->path, mm_strerror(rc));
}
