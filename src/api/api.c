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

struct api_fault {
	int rc;
	int status;
	const char *message;
};

static const struct api_fault faults[] = {
	{MM_ENOTFOUND, 404, "not found"},
	{MM_EEXIST, 409, "already exists"},
	{MM_ESTALE, 409, "the record was changed by someone else; "
			 "read it again and retry"},
	{MM_ERULE, 422, "refused by a rule of the directive"},
	{MM_EDENIED, 403, "access denied"},
	{MM_EAUTH, 401, "authentication required"},
	{MM_ETHROTTLED, 429, "too many attempts; retry later"},
	{MM_EINVAL, 400, "invalid input"},
	{MM_ESTATE, 409, "not allowed in the current state"},
	{MM_EBUSY, 503, "busy; retry"},
	{MM_EOVERFLOW, 413, "too large"},
	{MM_EUNSUPPORTED, 501, "not supported"},
};

void api_fail(struct ctx *c, int rc, const char *message, const char *field)
{
	int status = 500;
	const char *msg = "internal error";

	for (size_t i = 0; i < sizeof(faults) / sizeof(faults[0]); i++) {
		if (faults[i].rc == rc) {
			status = faults[i].status;
			msg = faults[i].message;
			break;
		}
	}
	/* A value that parsed but is not acceptable names its field. */
	if (rc == MM_EINVAL && field)
		status = 422;
	/* MM_ETHROTTLED: auth_login sets its own Retry-After. */
	if (rc == MM_EBUSY)
		http_response_header(c->res, "Retry-After", "1");
	if (status == 500)
		fprintf(stderr, "mamori: api %s %s: %s\n", c->req->method,
			c->req->path, mm_strerror(rc));
	api_error(c, status, mm_errname(rc), message ? message : msg, field);
}
