#include "photos.h"

#include <stdlib.h>
#include <string.h>

#include "../app/image.h"
#include "../app/kinds.h"
#include "../app/photo_upload.h"
#include "../core/authz.h"
#include "../lib/err.h"
#include "../store/store_photos.h"
#include "json_in.h"
#include "json_out.h"
#include "record_json.h"
#include "../core/records.h"
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
	const char *field = NULL, *why = NULL;
	int rc;

	if (load_approval(c, &pa, &g) < 0)
		return;
	rc = photo_upload_preview(c, &field, &why);
	if (rc < 0)
		upload_failed(c, rc, field, why);
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
	int rc;

	if (api_load_path(c, &photo_kind, ACT_PHOTO_VIEW, &p, &g) < 0)
		return;
	rc = photo_image_answer(c, &g, &p);
	if (rc < 0)
		ctx_fail(c, rc, NULL, NULL);
}

void api_photos_send(struct ctx *c)
{
	static const char *const keys[] = { "case_id", "message_id",
					    "text_insufficient", NULL };
	struct photo p;
	struct photo_send ps;
	struct authz_grant g;
	struct actor a;
	const char *why = NULL;
	json_t *body = NULL;
	int rc;

	memset(&ps, 0, sizeof ps);
	if (api_load_path(c, &photo_kind, ACT_PHOTO_PROCESS, &p, &g) < 0 ||
	    api_body(c, keys, &body) < 0)
		return;
	rc = api_record_read(c, body, &photo_send_record, &ps, RECORD_CREATE);
	json_decref(body);
	if (rc < 0)
		return;
	ps.photo_id = p.id;
	a = ctx_actor(c, &g);
	rc = store_photo_send(c->app->store, &a, &ps, &why);
	if (rc == MM_ENOTFOUND) {
		ctx_fail(c, MM_EINVAL, "送信した事案が見つかりません", "case_id");
		return;
	}
	if (rc < 0) {
		ctx_fail(c, rc, why, rc == MM_ERULE && why &&
			 (!strcmp(why, MM_PHOTO_UNASKED_MSG)) ? "message_id" :
			 rc == MM_ERULE && why &&
			 !strcmp(why, MM_PHOTO_TEXT_ONLY_MSG) ?
			 "text_insufficient" : NULL);
		return;
	}
	api_send_current(c, &photo_send_kind, ps.id, 200);
}

void api_photo_sends_outcome(struct ctx *c)
{
	static const char *const keys[] = { "version", "outcome", NULL };
	struct photo_send ps, in;
	struct authz_grant g;
	struct actor a;
	const char *why = NULL;
	int64_t version = 0;
	json_t *body = NULL;
	int rc;

	memset(&in, 0, sizeof in);
	if (api_load_path(c, &photo_send_kind, ACT_PHOTO_PROCESS, &ps, &g) < 0 ||
	    api_body(c, keys, &body) < 0)
		return;
	rc = api_int64(c, body, "version", 1, &version);
	if (rc == 0)
		rc = api_record_read(c, body, &photo_send_outcome_record, &in,
				     RECORD_CREATE);
	json_decref(body);
	if (rc < 0)
		return;
	a = ctx_actor(c, &g);
	rc = store_photo_send_outcome(c->app->store, &a, ps.id, version,
				      in.outcome, &why);
	if (rc < 0) {
		ctx_fail(c, rc, why, NULL);
		return;
	}
	api_send_current(c, &photo_send_kind, ps.id, 200);
}
