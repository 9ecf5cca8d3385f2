/*
 * photos.h - the screens of staff face photos (issue 10, R-PHOTO-1..4):
 * form 4 (list, new, one application with its photos and the upload
 * form), a processed photo's page, and the handlers of their own: the
 * upload (multipart), the preview (a JPEG answered inline, stored
 * nowhere) and the image (audited per download).
 */
#ifndef MM_WEB_PHOTOS_H
#define MM_WEB_PHOTOS_H
#ifndef MM_SEES_WEB /* the layers: HACKING.md */
#error "layer: web/ is seen only by web/ and the dispatcher app/app.c"
#endif

#include "lists.h"
#include "steps.h"

/* GET /photo-approvals, by web_list() */
extern const struct web_list_route web_photo_approvals_list;
/* GET /photo-approvals/new and POST /photo-approvals */
extern const struct web_new_route web_photo_approval_new;
/* GET /photo-approvals/{id}, by web_show(): the photos and the upload */
extern const struct web_show_route web_photo_approval_show;
/* GET /photos/{id}, by web_show() */
extern const struct web_show_route web_photo_show;
/* The steps' kinds: approve, refuse; remove a photo from its device. */
extern const struct web_step_kind web_photo_approval_steps;
extern const struct web_step_kind web_photo_steps;

/* POST /photo-approvals/{id}/photos: process and keep, then its page. */
void web_photos_upload(struct ctx *c);
/* POST /photo-approvals/{id}/preview: the processed preview, inline. */
void web_photos_preview(struct ctx *c);
/* GET /photos/{id}/image: the processed photo, audited. */
void web_photos_image(struct ctx *c);

/* GET /photo-sends/{id}, by web_show(): a photo sent and its outcome */
extern const struct web_show_route web_photo_send_show;
/* POST /photos/{id}/send: a send recorded in a case (R-PHOTO-1). */
void web_photos_send(struct ctx *c);
/* POST /photo-sends/{id}/outcome: what became of it (R-PHOTO-5). */
void web_photo_sends_outcome(struct ctx *c);

#endif
