#include "openapi.h"

#include <stdio.h>

#include "lib/embed.h"
#include "lib/err.h"
#include "json_out.h"
#include "api.h"
#include "lib/banned.h"

/* Generated from the files in web_static (meson.build), openapi.json included. */
extern const struct embedded_file web_static_files[];

void api_openapi_get(struct ctx *c)
{
	const struct embedded_file *f =
		embedded_find(web_static_files, "openapi.json");

	if (!f) {
		api_fail(c, MM_ENOTFOUND, NULL, NULL);
		return;
	}
	buf_reset(&c->res->body);
	c->res->status = 200;
	snprintf(c->res->content_type, sizeof(c->res->content_type), "%s",
		 "application/json; charset=utf-8");
	if (buf_add(&c->res->body, f->data, f->len) < 0)
		api_fail(c, MM_ENOMEM, NULL, NULL);
}

void api_healthz(struct ctx *c)
{
	api_send(c, 200, json_pack("{s:s}", "status", "ok"));
}
