/*
 * documents.c - records as printed forms (documents.h).  The rows come
 * from the descriptor, so a field added to a record appears on its form
 * without a change here; what is not in a descriptor - the addressee,
 * the approval chain - is the data of document_forms[].
 */
#include "documents.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/civil.h"
#include "../core/doctype.h"
#include "../core/wareki.h"
#include "../lib/buf.h"
#include "../lib/err.h"
#include "../store/store.h"
#include "../store/store_devices.h"
#include "../lib/banned.h"

#define GM "統括運用管理者"
#define MANAGER "運用管理者"
#define ASSISTANT "運用管理補助者"

const struct document_form document_forms[] = {
	{ &designation_kind, "form1", GM "　殿", "交信担当者を次のとおり指定した。",
	  NULL, "designated_by",
	  { { MANAGER, "designated_by", "designated_at" } }, 1 },
	{ &loan_kind, "form2", "", "", GM, "lent_by",
	  { { GM, "lent_by", "lent_at" }, { "受領者", "received_by",
	    "received_at" }, { "点検者", "closed_by", "closed_at" } }, 3 },
	{ &application_kind, "form3", GM "　殿",
	  "次のとおりサイバーパトロール用スマートフォンを借用したいので申請します。",
	  NULL, "applicant_id",
	  { { GM, "decided_by", "decided_at" },
	    { MANAGER, "applicant_id", "applied_at" } }, 2 },
	{ &takeout_kind, "detail1", ASSISTANT "　殿",
	  "次のとおり携帯端末を庁舎外に持ち出したいので申請します。",
	  NULL, "officer_id",
	  { { ASSISTANT, "decided_by", "decided_at" },
	    { "交信担当者", "officer_id", "requested_at" } }, 2 },
	{ &service_kind, "detail9", MANAGER "　殿",
	  "次のとおり利用規約による外部サービスを利用したいので申請します。",
	  NULL, "applied_by",
	  { { "情報セキュリティ管理者", "measures_by", "measures_at" },
	    { GM, "forwarded_by", "forwarded_at" },
	    { MANAGER, "decided_by", "decided_at" },
	    { ASSISTANT, "applied_by", "applied_at" } }, 4 },
	{ &exception_kind, "detail12", "情報セキュリティ管理者　殿",
	  "次のとおり例外措置の適用を申請します。", GM, "applicant_id",
	  { { "情報セキュリティ管理者", "decided_by", "decided_at" },
	    { GM, "applicant_id", "applied_at" } }, 2 },
};
const size_t document_forms_count =
	sizeof document_forms / sizeof document_forms[0];

const struct document_form *document_form_of(const struct record_kind *k)
{
	for (size_t i = 0; i < document_forms_count; i++)
		if (document_forms[i].kind == k)
			return &document_forms[i];
	return NULL;
}

static int is_user_ref(const char *key)
{
	size_t n = strlen(key);

	return (n > 3 && strcmp(key + n - 3, "_by") == 0) ||
		strcmp(key, "applicant_id") == 0 ||
		strcmp(key, "officer_id") == 0 || strcmp(key, "user_id") == 0;
}

/* What a printed form leaves out: ids, versions, the policy's id. */
static int left_out(const struct field_desc *f)
{
	return strcmp(f->key, "id") == 0 || strcmp(f->key, "version") == 0 ||
		strcmp(f->key, "policy_id") == 0;
}

/* The name a reference field points at, into out; "" when unset. */
static int ref_text(struct ctx *c, const struct field_desc *f, int64_t id,
		    struct buf *out)
{
	struct store *s = c->app->store;

	if (id <= 0)
		return 0;
	if (is_user_ref(f->key)) {
		struct user u;

		if (store_user_get(s, id, &u) == 0)
			return buf_adds(out, u.name);
	} else if (strcmp(f->key, "unit_id") == 0) {
		struct unit u;

		if (store_unit_get(s, id, &u) == 0)
			return buf_adds(out, u.name);
	} else if (strcmp(f->key, "device_id") == 0) {
		struct device d;

		if (store_device_get(s, id, &c->pool, &d) == 0)
			return buf_addf(out, "%s（%s）",
					d.model ? d.model : "", d.serial);
	}
	return buf_addf(out, "第%lld号", (long long)id);
}

int document_field_text(struct ctx *c, const struct field_desc *f,
			const void *rec, int iso, struct buf *out)
{
	const char *p = (const char *)rec + f->offset;

	switch (f->type) {
	case FIELD_DATE: {
		const struct civil_date *d = (const void *)p;
		char s[16];

		if (!civil_valid(d))
			return 0;
		if (!iso)
			return wareki_format(d, out);
		civil_format_iso(d, s, sizeof s);
		return buf_adds(out, s);
	}
	case FIELD_MOMENT: {
		int64_t t = field_int(f, rec);
		char s[24];

		if (t <= 0)
			return 0;
		if (!iso)
			return wareki_format_unix(t, 1, out);
		/* Excel reads "YYYY-MM-DD HH:MM" as a date and time. */
		moment_format(t, s, sizeof s);
		if (s[0] && s[10] == 'T')
			s[10] = ' ';
		return buf_adds(out, s);
	}
	case FIELD_ENUM: {
		int v = *(const int *)(const void *)p;

		return v ? buf_adds(out, field_choice_label(f, v)) : 0;
	}
	case FIELD_BOOL:
		return buf_adds(out, *(const int *)(const void *)p ?
				"あり" : "なし");
	case FIELD_REF:
		return ref_text(c, f, field_int(f, rec), out);
	case FIELD_INT:
		return buf_addf(out, "%lld", (long long)field_int(f, rec));
	default:
		return buf_adds(out, field_text(f, rec));
	}
}

/* A copy of b's text in c's pool ("" when out of memory). */
static const char *keep(struct ctx *c, struct buf *b)
{
	char *s = pool_strdup(&c->pool, buf_cstr(b));

	buf_reset(b);
	return s ? s : "";
}

static const char *field_value(struct ctx *c, const struct record_kind *k,
			       const void *rec, const char *key,
			       struct buf *b)
{
	const struct field_desc *f = key ? record_field(k->desc, key) : NULL;

	if (!f)
		return "";
	if (f->type == FIELD_MOMENT) {
		/* A box holds the date only: 令和7年6月15日. */
		int64_t t = field_int(f, rec);

		if (t > 0)
			wareki_format_unix(t, 0, b);
		return keep(c, b);
	}
	document_field_text(c, f, rec, 0, b);
	return keep(c, b);
}

int document_render(struct ctx *c, const struct document_form *f,
		    const void *rec, struct buf *out)
{
	const struct record_kind *k = f->kind;
	const struct record_desc *d = k->desc;
	const struct doctype *rc_ = doctype_find(f->class_key);
	struct retention_rule rule;
	struct pdf_row *rows = calloc(d->n_fields, sizeof *rows);
	struct pdf_box boxes[PDF_BOXES_MAX];
	struct pdf_form form = { 0 };
	struct buf b;
	size_t n = 0;
	int rc;

	if (!rows || !rc_ || doctype_rule(f->class_key, &rule) < 0) {
		free(rows);
		return rows ? MM_EINVAL : MM_ENOMEM;
	}
	buf_init(&b, 0);
	for (size_t i = 0; i < d->n_fields; i++) {
		const struct field_desc *fd = &d->fields[i];

		if (left_out(fd))
			continue;
		document_field_text(c, fd, rec, 0, &b);
		/* What the server has not set yet (no decision) is left out;
		 * what the applicant may give stays, blank. */
		if ((fd->flags & FIELD_SERVER) && !*buf_cstr(&b))
			continue;
		rows[n].label = fd->label;
		rows[n++].value = keep(c, &b);
	}
	for (size_t i = 0; i < f->n_boxes; i++) {
		boxes[i].title = f->boxes[i].title;
		boxes[i].name = field_value(c, k, rec, f->boxes[i].who_key, &b);
		boxes[i].date = field_value(c, k, rec, f->boxes[i].when_key,
					    &b);
		/* Not yet approved: no date without a name. */
		if (!*boxes[i].name)
			boxes[i].date = "";
	}
	form.form_label = rc_->form;
	form.title = rc_->name;
	buf_addf(&b, "%s第%lld号", c->app->cfg.documents_number_prefix,
		 (long long)kind_int(k, rec, "id"));
	form.number = keep(c, &b);
	wareki_format_unix(time(NULL), 0, &b);
	form.date = keep(c, &b);
	form.addressee = f->addressee;
	{
		const char *unit = f->issuer_title ? f->issuer_title :
			field_value(c, k, rec, "unit_id", &b);
		const char *who = field_value(c, k, rec, f->issuer_key, &b);

		buf_addf(&b, "%s　%s", unit, who);
		form.issuer = keep(c, &b);
	}
	form.preamble = f->preamble;
	form.rows = rows;
	form.n_rows = n;
	form.boxes = boxes;
	form.n_boxes = f->n_boxes;
	form.stamp = c->app->cfg.documents_stamp;
	buf_adds(&b, "保存期間　");
	retention_format(&rule, &b);
	form.footer = keep(c, &b);
	rc = buf_error(&b) < 0 ? buf_error(&b) : pdf_render(&form, out);
	buf_release(&b);
	free(rows);
	return rc;
}

void document_pdf(struct ctx *c)
{
	const struct record_kind *k = c->route_arg;
	const struct document_form *f = document_form_of(k);
	struct authz_grant g;
	struct authz_object o;
	struct actor act;
	void *rec = calloc(1, k->size);
	char name[64], disp[128], detail[160];
	int rc;

	if (!rec || !f) {
		ctx_fail(c, MM_ENOMEM, NULL, NULL);
		free(rec);
		return;
	}
	rc = k->get(c->app->store, c->req->params[0], &c->pool, rec);
	if (rc < 0) {
		ctx_fail(c, rc, NULL, NULL);
		goto out;
	}
	o = k->object(rec);
	if (ctx_authorize(c, k->view, &o, &g) < 0)
		goto out;
	buf_reset(&c->res->body);
	rc = document_render(c, f, rec, &c->res->body);
	if (rc < 0) {
		buf_reset(&c->res->body);
		ctx_fail(c, rc, NULL, NULL);
		goto out;
	}
	act = ctx_actor(c, &g);
	snprintf(detail, sizeof detail, "{\"form\":\"%s\",\"format\":\"pdf\"}",
		 f->class_key);
	c->log_action = "document.print";
	if (store_audit_record(c->app->store, &act, "document.print", k->path,
			       c->req->params[0], detail) < 0) {
		/* Printing unaudited is not printing: nothing goes out. */
		buf_reset(&c->res->body);
		ctx_fail(c, MM_EIO, NULL, NULL);
		goto out;
	}
	snprintf(name, sizeof name, "%s-%lld.pdf", f->class_key,
		 (long long)c->req->params[0]);
	snprintf(disp, sizeof disp, "inline; filename=\"%s\"", name);
	snprintf(c->res->content_type, sizeof c->res->content_type,
		 "application/pdf");
	http_response_header(c->res, "Content-Disposition", disp);
	c->res->status = 200;
out:
	free(rec);
}
