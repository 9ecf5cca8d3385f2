#include "photos.h"

#include <stdlib.h>
#include <string.h>

#include "../app/image.h"
#include "../app/kinds.h"
#include "../app/photo_upload.h"
#include "../core/authz.h"
#include "../lib/err.h"
#include "../store/store_photos.h"
#include "json_out.h"
#include "steps.h"
#include "../lib/banned.h"

/* A bad upload as the API answers it (the same messages as the web). */
static void upload_failed(struct ctx *c, int rc, const char *field,
			  const char *why)
{
	if (rc == MM_EIO && why && !strcmp(why, MM_IMAGE_METADATA_MSG))
		rc = MM_EINVAL; /* refused to keep: the upload's fault */
	if (rc == MM_EINVAL && !field)
		field = "file";
	ctx_fail(c, rc, why, field);
}

/* The approval of the path, authorized for processing its photos. */
static int load_approval(struct ctx *c, struct photo_approval *pa,
			 struct authz_grant *g)
{
	return api_load_path(c, &photo_approval_kind, ACT_PHOTO_PROCESS, pa, g);
}

void api_photos_upload(struct ctx *c)
{
	struct photo_approval pa;
	struct authz_grant g;
	struct photo p;
	struct actor a;
	const char *field = NULL, *why = NULL;
	int rc;

	memset(&p, 0, sizeof p);
	if (load_approval(c, &pa, &g) < 0)
		return;
	a = ctx_actor(c, &g);
	rc = photo_upload_keep(c, &pa, &a, &p, &field, &why);
	if (rc < 0) {
		upload_failed(c, rc, field, why);
		return;
	}
	api_send_current(c, &photo_kind, p.id, 200);
}

void api_photos_preview(struct ctx *c)
{
	struct photo_approval pa;
	struct authz_grant g;
	struct photo p;
	const char *field = NULL, *why = NULL;
	int rc;

	memset(&p, 0, sizeof p);
	if (load_approval(c, &pa, &g) < 0)
		return;
	buf_reset(&c->res->body);
	rc = photo_upload_process(c, &p, 1, &c->res->body, &field, &why);
	if (rc < 0) {
		buf_reset(&c->res->body);
		upload_failed(c, rc, field, why);
		return;
	}
	snprintf(c->res->content_type, sizeof c->res->content_type,
		 "image/jpeg");
	http_response_header(c->res, "Cache-Control", "no-store");
}

void api_photos_of(struct ctx *c)
{
	struct photo_approval pa;
	struct photo_rows *rows = malloc(sizeof *rows);
	json_t *items;
	int rc;

	if (!rows) {
		ctx_fail(c, MM_ENOMEM, NULL, NULL);
		return;
	}
	if (api_load_path(c, &photo_approval_kind, ACT_PHOTO_VIEW, &pa,
			  NULL) < 0)
		goto out;
	rc = store_photos_of(c->app->store, pa.id, rows);
	if (rc < 0) {
		ctx_fail(c, rc, NULL, NULL);
		goto out;
	}
	items = json_array();
	for (size_t i = 0; i < rows->n; i++)
		json_array_append_new(items, api_kind_json(&photo_kind,
							   &rows->items[i]));
	api_send(c, 200, json_pack("{s:o}", "items", items));
out:
	free(rows);
}

void api_photos_image(struct ctx *c)
{
	struct photo p;
	struct authz_grant g;
	struct actor a;
	int rc;

	if (api_load_path(c, &photo_kind, ACT_PHOTO_VIEW, &p, &g) < 0)
		return;
	a = ctx_actor(c, &g);
	buf_reset(&c->res->body);
	rc = store_photo_image(c->app->store, &a, p.id, &c->res->body);
	if (rc < 0) {
		ctx_fail(c, rc, NULL, NULL);
		return;
	}
	snprintf(c->res->content_type, sizeof c->res->content_type,
		 "image/jpeg");
	http_response_header(c->res, "Cache-Control", "no-store");
}
