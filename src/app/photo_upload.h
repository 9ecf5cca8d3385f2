/*
 * photo_upload.h - what the web and the API do alike with an upload of a
 * staff face photo (issue 10, R-PHOTO-3, R-PHOTO-4): read the multipart
 * body (parts "file", "effect", "strength"), process it in memory
 * through app/image.c, and either answer a preview (never stored) or keep
 * the result under an approved form 4 (store_photo_add).  The original
 * upload lives only in the request's body.
 */
#ifndef MM_APP_PHOTO_UPLOAD_H
#define MM_APP_PHOTO_UPLOAD_H
#ifndef MM_SEES_APP /* the layers: HACKING.md */
#error "layer: app/ is seen only by the front end (app, web, api, cli)"
/*
 * photo_upload_preview - processes the upload as a preview into c's
 * response body and marks it a JPEG no cache keeps (the web and the API
 * answer alike).  Returns 0, or photo_upload_process's error with *field
 * and *why set and the body empty; the caller answers the error.
 */
int photo_upload_preview(struct ctx *c, const char **field, const char **why);

/*
 * photo_image_answer - puts the kept image of photo p (already loaded
 * and authorised by grant g) into c's response body as a JPEG no cache
 * keeps; the store audits the download.  Returns 0, or the store's error
 * with the body empty; the caller answers the error.
 */
int photo_image_answer(struct ctx *c, const struct authz_grant *g,
		       const struct photo *p);

#endif

#include "app.h"
#include "../core/photo.h"
#include "../lib/buf.h"

/* The longer side of a preview, in pixels. */
#define PHOTO_PREVIEW_SIDE 480

/*
 * photo_upload_process - reads c's multipart body into p->effect and
 * p->strength (photo_record's fields: the same message as every front
 * end) and its "file" part, and processes it into out (a JPEG without
 * metadata; a preview when preview).  p->width, p->height are set.
 * Returns 0; MM_EINVAL (also for a size declared over the pixel cap) /
 * MM_EOVERFLOW (the file over max_upload) / MM_EIO with *field (NULL:
 * the whole body) and *why a Japanese message.
 */
int photo_upload_process(struct ctx *c, struct photo *p, int preview,
			 struct buf *out, const char **field,
			 const char **why);

/*
 * photo_upload_keep - processes the upload (photo_upload_process) and
 * keeps it under approval pa for the actor a (store_photo_add: the
 * exceptions, the approval and the five-photo rule are checked there).
 * p->id is set.  Returns 0 or an error with *field, *why set for a bad
 * upload or a refusal by a rule (MM_ERULE); the store's errors.
 */
int photo_upload_keep(struct ctx *c, const struct photo_approval *pa,
		      const struct actor *a, struct photo *p,
		      const char **field, const char **why);

/*
 * photo_upload_preview - processes the upload as a preview into c's
 * response body and marks it a JPEG no cache keeps (the web and the API
 * answer alike).  Returns 0, or photo_upload_process's error with *field
 * and *why set and the body empty; the caller answers the error.
 */
int photo_upload_preview(struct ctx *c, const char **field, const char **why);

/*
 * photo_image_answer - puts the kept image of photo p (already loaded
 * and authorised by grant g) into c's response body as a JPEG no cache
 * keeps; the store audits the download.  Returns 0, or the store's error
 * with the body empty; the caller answers the error.
 */
int photo_image_answer(struct ctx *c, const struct authz_grant *g,
		       const struct photo *p);

#endif
