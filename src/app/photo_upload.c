#include "photo_upload.h"

#include <stdio.h>
#include <string.h>

#include "image.h"
#include "../core/records.h"
#include "../http/multipart.h"
#include "../http/request.h"
#include "../lib/err.h"
#include "../store/store_photos.h"
#include "../lib/banned.h"

/* A text part of m (at most 15 bytes: a key or a number), or "". */
static void part_text(const struct multipart *m, const char *name,
		      char *out, size_t cap)
{
	const struct multipart_part *p = multipart_get(m, name);
	size_t n = p && !p->is_file ? p->len : 0;

	if (n >= cap)
		n = cap - 1; /* too long for a key: the field refuses it */
	if (p)
		memcpy(out, p->data, n);
	out[n] = '\0';
}

static int read_field(const char *key, const struct multipart *m,
		      struct photo *p, const char **field, const char **why)
{
	char text[16];
	const struct field_desc *f = record_field(&photo_record, key);

	part_text(m, key, text, sizeof text);
	if (field_parse(f, text, p, why) < 0) {
		*field = key;
		return MM_EINVAL;
	}
	return 0;
}

int photo_upload_process(struct ctx *c, struct photo *p, int preview,
			 struct buf *out, const char **field, const char **why)
{
	const struct config *cfg = &c->app->cfg;
	struct image_limits lim = {
		.max_bytes = (size_t)cfg->photo_max_upload,
		.max_pixels = (uint64_t)cfg->photo_max_megapixels * 1000000u,
		.max_side = 20000,
	};
	const struct multipart_part *file;
	struct multipart m;
	int w = 0, h = 0, rc;

	*field = NULL;
	rc = multipart_parse(c->req->content_type, c->req->body,
			     c->req->body_len, lim.max_bytes, &m);
	if (rc < 0) {
		*field = "file";
		*why = rc == MM_EOVERFLOW ? MM_IMAGE_TOO_LARGE_MSG
					  : MM_IMAGE_EMPTY_MSG;
		return rc == MM_EOVERFLOW ? MM_EOVERFLOW : MM_EINVAL;
	}
	if (read_field("effect", &m, p, field, why) < 0 ||
	    read_field("strength", &m, p, field, why) < 0)
		return MM_EINVAL;
	file = multipart_get(&m, "file");
	*field = "file";
	if (!file || !file->is_file || !file->len) {
		*why = MM_IMAGE_EMPTY_MSG;
		return MM_EINVAL;
	}
	/* the type is the bytes' (image_sniff), never the file name's */
	rc = image_process(file->data, file->len, &lim,
			   (enum image_effect)p->effect, (int)p->strength,
			   preview ? PHOTO_PREVIEW_SIDE : 0, out, &w, &h, why);
	/* a bomb or huge dimensions: a bad file (422), not a large body */
	if (rc == MM_EOVERFLOW && *why && !strcmp(*why, MM_IMAGE_PIXELS_MSG))
		rc = MM_EINVAL;
	if (rc < 0)
		return rc;
	*field = NULL;
	p->width = w;
	p->height = h;
	return 0;
}

int photo_upload_keep(struct ctx *c, const struct photo_approval *pa,
		      const struct actor *a, struct photo *p,
		      const char **field, const char **why)
{
	struct buf jpeg;
	int rc;

	buf_init(&jpeg, 0);
	rc = photo_upload_process(c, p, 0, &jpeg, field, why);
	if (rc == 0) {
		p->approval_id = pa->id;
		*why = NULL;
		rc = store_photo_add(c->app->store, a, p, jpeg.data, jpeg.len,
				     why);
	}
	buf_release(&jpeg);
	return rc;
}

/* Both answers are JPEG bytes that no cache may keep. */
static void answer_jpeg(struct ctx *c)
{
	snprintf(c->res->content_type, sizeof c->res->content_type,
		 "image/jpeg");
	http_response_header(c->res, "Cache-Control", "no-store");
}

int photo_upload_preview(struct ctx *c, const char **field, const char **why)
{
	struct photo p;
	int rc;

	memset(&p, 0, sizeof p);
	buf_reset(&c->res->body);
	rc = photo_upload_process(c, &p, 1, &c->res->body, field, why);
	if (rc < 0) {
		buf_reset(&c->res->body);
		return rc;
	}
	answer_jpeg(c);
	return 0;
}

int photo_image_answer(struct ctx *c, const struct authz_grant *g,
		       const struct photo *p)
{
	struct actor a = ctx_actor(c, g);
	int rc;

	buf_reset(&c->res->body);
	rc = store_photo_image(c->app->store, &a, p->id, &c->res->body);
	if (rc < 0) {
		buf_reset(&c->res->body);
		return rc;
	}
	answer_jpeg(c);
	return 0;
}
