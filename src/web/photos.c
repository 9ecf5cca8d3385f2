#include "photos.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "fields.h"
#include "record_form.h"
#include "../core/records.h"
#include "lending.h"
#include "../app/policy.h"
#include "../app/image.h"
#include "../app/objects.h"
#include "../app/photo_upload.h"
#include "../core/photo.h"
#include "../lib/err.h"
#include "../store/store_photos.h"
#include "../lib/banned.h"

const struct web_step_kind web_photo_approval_steps = {
	.kind = &photo_approval_kind };
const struct web_step_kind web_photo_steps = { .kind = &photo_kind };

static void approvals_actions(struct page *p)
{
	own_unit_button(p, ACT_PHOTO_APPLY, "/photo-approvals/new",
			"写真使用承認を申請する");
}

/* R-PHOTO-2: the unit's applications; HQ's general manager sees all. */
const struct web_list_route web_photo_approvals_list = {
	.kind = &photo_approval_kind, .title = "顔写真",
	.heading = "写真使用承認申請（様式第4号）",
	.empty = "写真使用承認申請はありません。",
	.actions = approvals_actions, .numbered = 1,
};

/* R-PHOTO-2: the unit's communication officer applies. */
const struct web_new_route web_photo_approval_new = {
	.kind = &photo_approval_kind, .title = "写真使用承認申請",
	.heading = "写真使用承認申請（様式第4号）",
	.fields = (const char *const[]){ "staff_id", "consent", "purpose",
		"device_id", NULL },
	.submit = "運用管理者へ申請する",
};

/* The upload form: the file, the processing and its strength. */
static void upload_form(struct page *p, int64_t id)
{
	char action[80], preview[80];

	snprintf(action, sizeof action, "/photo-approvals/%lld/photos",
		 (long long)id);
	snprintf(preview, sizeof preview, "/photo-approvals/%lld/preview",
		 (long long)id);
	html_elem(&p->h, "h2", NULL, "写真の加工（モザイク・ぼかし・ゆがみ）");
	/* R-PHOTO-3: the limit of the version in force (R-META-1) */
	html_open(&p->h, "p", NULL);
	html_textf(&p->h, "元の写真は保存されません。加工した写真は Exif・位置情報"
		   "などのメタデータをすべて除いて保存します（1台に%d枚まで）。",
		   app_policy(p->c, NULL)->photo_max);
	html_close(&p->h, "p");
	html_open(&p->h, "form", "method", "post", "action", action,
		  "enctype", "multipart/form-data", "class", "stack",
		  "novalidate", "", NULL);
	form_hidden(&p->h, "csrf", p->c->csrf);
	html_open(&p->h, "div", "class", "field", NULL);
	html_elem(&p->h, "label", "for", "f-file", NULL, "写真（JPEG・PNG）");
	html_void(&p->h, "input", "type", "file", "id", "f-file", "name",
		  "file", "accept", "image/jpeg,image/png,image/heic", NULL);
	html_close(&p->h, "div");
	field_select_begin(&p->h, NULL, "effect", "加工の方法");
	field_option(&p->h, "mosaic", "モザイク", 1);
	field_option(&p->h, "blur", "ぼかし", 0);
	field_option(&p->h, "warp", "ゆがみ", 0);
	field_select_end(&p->h);
	html_open(&p->h, "div", "class", "field", NULL);
	html_elem(&p->h, "label", "for", "f-strength", NULL,
		  "加工の強さ（1〜10）");
	html_void(&p->h, "input", "type", "number", "id", "f-strength",
		  "name", "strength", "min", "1", "max", "10", "value", "6",
		  NULL);
	html_close(&p->h, "div");
	html_open(&p->h, "div", "class", "actions", NULL);
	html_elem(&p->h, "button", "type", "submit", "formaction", preview,
		  "formtarget", "_blank", "class", "secondary", NULL,
		  "プレビュー（保存しない）");
	html_elem(&p->h, "button", "type", "submit", NULL, "加工して保存する");
	html_close(&p->h, "div");
	html_close(&p->h, "form");
}

/* The photos kept under the application, and the upload form. */
static void photos_section(struct page *p, const void *rec)
{
	const struct photo_approval *pa = rec;
	struct photo_rows *rows = malloc(sizeof *rows);
	struct authz_object o = photo_approval_authz_object(pa);
	char href[64];

	html_elem(&p->h, "h2", NULL, "加工済みの顔写真");
	if (!rows || store_photos_of(p->c->app->store, pa->id, rows) < 0) {
		html_elem(&p->h, "p", "role", "alert", NULL,
			  "写真の一覧を読み込めませんでした。");
		free(rows);
		return;
	}
	if (!rows->n)
		html_elem(&p->h, "p", NULL, "加工済みの写真はありません。");
	html_open(&p->h, "ul", "class", "photos", NULL);
	for (size_t i = 0; i < rows->n; i++) {
		const struct photo *ph = &rows->items[i];

		snprintf(href, sizeof href, "/photos/%lld", (long long)ph->id);
		html_open(&p->h, "li", NULL);
		html_open(&p->h, "a", "href", href, NULL);
		html_textf(&p->h, "写真 第%lld号（%s・強さ%lld・%s）",
			   (long long)ph->id,
			   photo_effects[ph->effect].label ?
			   photo_effects[ph->effect].label : "",
			   (long long)ph->strength,
			   photo_state_label(ph->state));
		html_close(&p->h, "a");
		html_close(&p->h, "li");
	}
	html_close(&p->h, "ul");
	free(rows);
	if (pa->state == PHOTO_APPROVAL_APPROVED &&
	    ctx_can(p->c, ACT_PHOTO_PROCESS, &o))
		upload_form(p, pa->id);
}

/* What the generic rows cannot say: the consent and the device. */
static void approval_more(struct page *p, const void *rec)
{
	const struct photo_approval *pa = rec;
	char device[48];

	dl_row(p, "本人の同意", pa->consent ? "同意あり" : "—");
	snprintf(device, sizeof device, "端末 第%lld号", (long long)pa->device_id);
	dl_row(p, "端末", device);
}

/* R-PHOTO-2: one application, its decision, its photos. */
const struct web_show_route web_photo_approval_show = {
	.kind = &photo_approval_kind,
	.keys = (const char *const[]){ "state", "unit_id", "staff_name",
		"purpose", "applied_at", "decided_at", "policy_version", NULL },
	.more = approval_more,
	.after = photos_section,
	.buttons = (const struct web_step_button[]){
		{ &photo_approval_approve_step, "/approve", "承認する" },
		{ &photo_approval_refuse_step, "/refuse", "承認しない" },
		{ NULL, NULL, NULL } },
};

/* R-PHOTO-1: the send form (the case, the message that asked, the
 * officer's confirmation), for those who process the unit's photos. */
static void send_form(struct page *p, const struct photo *ph)
{
	struct authz_object o = photo_authz_object(ph);
	char action[64];

	if (!ctx_can(p->c, ACT_PHOTO_PROCESS, &o))
		return;
	snprintf(action, sizeof action, "/photos/%lld/send", (long long)ph->id);
	html_elem(&p->h, "h2", NULL, "交信相手への送信の記録");
	html_elem(&p->h, "p", NULL,
		  "交信相手から顔写真を求められ、文章だけでは面会に結び付かない"
		  "場合に限り送信できます。求められた受信メッセージを指定してください。");
	html_open(&p->h, "form", "method", "post", "action", action, "class",
		  "stack", "novalidate", "", NULL);
	form_hidden(&p->h, "csrf", p->c->csrf);
	web_record_fields(&p->h, NULL, &photo_send_record,
			  (const char *const[]){ "case_id", "message_id",
				  "text_insufficient", NULL }, NULL, NULL);
	form_submit(&p->h, "送信を記録する");
	html_close(&p->h, "form");
}

static void photo_image(struct page *p, const void *rec)
{
	const struct photo *ph = rec;
	char src[64];

	if (ph->state != PHOTO_STORED)
		return;
	snprintf(src, sizeof src, "/photos/%lld/image", (long long)ph->id);
	html_void(&p->h, "img", "src", src, "alt", "加工済みの顔写真", "class",
		  "photo", NULL);
	send_form(p, ph);
}

/* R-PHOTO-3: a photo, and its removal from the device. */
const struct web_show_route web_photo_show = {
	.kind = &photo_kind,
	.keys = (const char *const[]){ "state", "effect", "strength",
		"width", "height", "created_at", "removed_at", "policy_version",
		NULL },
	.after = photo_image,
	.buttons = (const struct web_step_button[]){
		{ &photo_remove_step, "/remove", "端末から削除した" },
		{ NULL, NULL, NULL } },
};

/* A bad upload as the web answers it (the API's message and status). */
static void upload_failed(struct ctx *c, int rc, const char *field,
			  const char *why)
{
	if (rc == MM_EIO && why && !strcmp(why, MM_IMAGE_METADATA_MSG))
		rc = MM_EINVAL;
	if (rc == MM_EINVAL && !field)
		field = "file";
	ctx_fail(c, rc, why, field);
}

void web_photos_upload(struct ctx *c)
{
	struct photo_approval pa;
	struct authz_grant g;
	struct photo p;
	struct actor a;
	const char *field = NULL, *why = NULL;
	char to[64];
	int rc;

	memset(&p, 0, sizeof p);
	if (web_load(c, &photo_approval_kind, ACT_PHOTO_PROCESS, &pa, &g) < 0)
		return;
	a = ctx_actor(c, &g);
	rc = photo_upload_keep(c, &pa, &a, &p, &field, &why);
	if (rc < 0) {
		upload_failed(c, rc, field, why);
		return;
	}
	snprintf(to, sizeof to, "/photo-approvals/%lld", (long long)pa.id);
	page_redirect(c, to);
}

void web_photos_preview(struct ctx *c)
{
	struct photo_approval pa;
	struct authz_grant g;
	const char *field = NULL, *why = NULL;
	int rc;

	if (web_load(c, &photo_approval_kind, ACT_PHOTO_PROCESS, &pa, &g) < 0)
		return;
	rc = photo_upload_preview(c, &field, &why);
	if (rc < 0)
		upload_failed(c, rc, field, why);
}

void web_photos_image(struct ctx *c)
{
	struct photo p;
	struct authz_grant g;
	int rc;

	if (web_load(c, &photo_kind, ACT_PHOTO_VIEW, &p, &g) < 0)
		return;
	rc = photo_image_answer(c, &g, &p);
	if (rc < 0)
		web_store_fail(c, rc);
}

/* R-PHOTO-5: the outcome form of a send still without one. */
static void outcome_form(struct page *p, const void *rec)
{
	const struct photo_send *ps = rec;
	struct authz_object o = photo_send_authz_object(ps);
	char action[64], version[24];

	if (ps->outcome != PHOTO_SEND_PENDING ||
	    !ctx_can(p->c, ACT_PHOTO_PROCESS, &o))
		return;
	snprintf(action, sizeof action, "/photo-sends/%lld/outcome",
		 (long long)ps->id);
	snprintf(version, sizeof version, "%lld", (long long)ps->version);
	html_elem(&p->h, "h2", NULL, "交信相手の端末からの削除（面会後）");
	html_open(&p->h, "form", "method", "post", "action", action, "class",
		  "stack", "novalidate", "", NULL);
	form_hidden(&p->h, "csrf", p->c->csrf);
	form_hidden(&p->h, "version", version);
	web_record_fields(&p->h, NULL, &photo_send_outcome_record,
			  (const char *const[]){ "outcome", NULL }, NULL, NULL);
	form_submit(&p->h, "削除の結果を記録する");
	html_close(&p->h, "form");
}

/* R-PHOTO-1, R-PHOTO-5: one photo sent, and its outcome. */
const struct web_show_route web_photo_send_show = {
	.kind = &photo_send_kind,
	.keys = (const char *const[]){ "photo_id", "case_id", "message_id",
		"sent_at", "outcome", "outcome_at", NULL },
	.after = outcome_form,
};

/* The first fault of a form read (the same message as the API's). */
static void form_failed(struct ctx *c, const struct form_errors *e, int rc)
{
	if (e->n)
		ctx_fail(c, MM_EINVAL, e->items[0].message,
			 *e->items[0].field ? e->items[0].field : NULL);
	else
		ctx_fail(c, rc, NULL, NULL);
}

void web_photos_send(struct ctx *c)
{
	static const char *const fields[] = { "case_id", "message_id",
					      "text_insufficient", NULL };
	struct photo p;
	struct photo_send ps;
	struct authz_grant g;
	struct form f = { .n = 0 };
	struct form_errors e;
	struct actor a;
	const char *why = NULL;
	char to[64];
	int rc;

	memset(&ps, 0, sizeof ps);
	form_errors_init(&e);
	if (web_load(c, &photo_kind, ACT_PHOTO_PROCESS, &p, &g) < 0 ||
	    form_read(c, &f, fields) < 0)
		goto out;
	rc = web_record_read(&f, &photo_send_record, &ps, RECORD_CREATE, &e);
	if (rc < 0) {
		form_failed(c, &e, rc);
		goto out;
	}
	ps.photo_id = p.id;
	a = ctx_actor(c, &g);
	rc = store_photo_send(c->app->store, &a, &ps, &why);
	if (rc == MM_ENOTFOUND)
		ctx_fail(c, MM_EINVAL, "送信した事案が見つかりません", "case_id");
	else if (rc < 0)
		ctx_fail(c, rc, why, NULL);
	else {
		snprintf(to, sizeof to, "/photo-sends/%lld", (long long)ps.id);
		page_redirect(c, to);
	}
out:
	form_release(&f);
}

void web_photo_sends_outcome(struct ctx *c)
{
	static const char *const fields[] = { "version", "outcome", NULL };
	struct photo_send ps, in;
	struct authz_grant g;
	struct form f = { .n = 0 };
	struct form_errors e;
	struct actor a;
	const char *why = NULL, *v;
	char to[64];
	int rc;

	memset(&in, 0, sizeof in);
	form_errors_init(&e);
	if (web_load(c, &photo_send_kind, ACT_PHOTO_PROCESS, &ps, &g) < 0 ||
	    form_read(c, &f, fields) < 0)
		goto out;
	rc = web_record_read(&f, &photo_send_outcome_record, &in,
			     RECORD_CREATE, &e);
	if (rc < 0) {
		form_failed(c, &e, rc);
		goto out;
	}
	v = form_get(&f, "version");
	a = ctx_actor(c, &g);
	rc = store_photo_send_outcome(c->app->store, &a, ps.id,
				      v ? strtoll(v, NULL, 10) : 0,
				      in.outcome, &why);
	if (rc < 0)
		ctx_fail(c, rc, why, NULL);
	else {
		snprintf(to, sizeof to, "/photo-sends/%lld", (long long)ps.id);
		page_redirect(c, to);
	}
out:
	form_release(&f);
}
