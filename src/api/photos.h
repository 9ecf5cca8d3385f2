/*
 * photos.h - staff face photos in the JSON API (issue 10, R-PHOTO-1..4):
 * the handlers of their own (a multipart body or a JPEG answer); form 4
 * itself (/api/v1/photo-approvals) is served by the generic handlers and
 * steps through its kind (app/kinds.c).
 */
#ifndef MM_API_PHOTOS_H
#define MM_API_PHOTOS_H
#ifndef MM_SEES_API /* the layers: HACKING.md */
#error "layer: api/ is seen only by api/ and the dispatcher app/app.c"
#endif

#include "../app/app.h"

/*
 * api_photos_upload - POST /api/v1/photo-approvals/{id}/photos,
 * multipart/form-data {file, effect, strength}: processed in memory,
 * kept without metadata (200, the photo); 422 for a bad image or a rule
 * (the approval, R-EXC-1/2, the five-photo limit R-PHOTO-3); 413 over
 * the caps.
 */
void api_photos_upload(struct ctx *c);

/*
 * api_photos_preview - POST /api/v1/photo-approvals/{id}/preview, the
 * same body: 200 image/jpeg, a small processed copy, stored nowhere.
 */
void api_photos_preview(struct ctx *c);

/* api_photos_of - GET /api/v1/photo-approvals/{id}/photos: {items}. */
void api_photos_of(struct ctx *c);

/*
 * api_photos_image - GET /api/v1/photos/{id}/image: 200 image/jpeg to
 * the unit and HQ, each download audited (photo.download).
 */
void api_photos_image(struct ctx *c);

/*
 * api_photos_send - POST /api/v1/photos/{id}/send {case_id, message_id,
 * text_insufficient}: the send recorded in the case (R-PHOTO-1) - 200,
 * the send; 422 with the rule when the message was not one the
 * counterpart sent, the confirmation is missing, or the photo is not
 * usable (R-EXC-2).
 */
void api_photos_send(struct ctx *c);

/*
 * api_photo_sends_outcome - POST /api/v1/photo-sends/{id}/outcome
 * {version, outcome}: deleted, refused or not_met, once, after a meeting
 * of the case (R-PHOTO-5).
 */
void api_photo_sends_outcome(struct ctx *c);

#endif
