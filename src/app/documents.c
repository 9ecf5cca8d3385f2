/*
 * documents.c - records as printed forms (documents.h).  The rows come
 * from the descriptor, so a field added to a record appears on its form
 * without a change here; what is not in a descriptor - the addressee,
 * the approval chain - is the data of document_forms[].
 */
#include "documents.h"
#include "policy.h"

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
#include "listing.h"
#include "../lib/banned.h"

#define GM "統括運用管理者"
#define MANAGER "運用管理者"
#define ASSISTANT "運用管理補助者"

const struct document_form document_forms[] = {
	{ &designation_kind, "form1", GM "　殿", "交信担当者を次のとおり指定した。",
	  NULL, "designated_by",
	  { { MANAGER, "designated_by", "designated_at" } }, 1, NULL, NULL, NULL, 0 },
	{ &loan_kind, "form2", "", "", GM, "lent_by",
	  { { GM, "lent_by", "lent_at" }, { "受領者", "received_by",
	    "received_at" }, { "点検者", "closed_by", "closed_at" } }, 3, NULL, NULL, NULL, 0 },
	{ &application_kind, "form3", GM "　殿",
	  "次のとおりサイバーパトロール用スマートフォンを借用したいので申請します。",
	  NULL, "applicant_id",
	  { { GM, "decided_by", "decided_at" },
	    { MANAGER, "applicant_id", "applied_at" } }, 2, NULL, NULL, NULL, 0 },
	{ &takeout_kind, "detail1", ASSISTANT "　殿",
	  "次のとおり携帯端末を庁舎外に持ち出したいので申請します。",
	  NULL, "officer_id",
	  { { ASSISTANT, "decided_by", "decided_at" },
	    { "交信担当者", "officer_id", "requested_at" } }, 2, NULL, NULL, NULL, 0 },
	{ &service_kind, "detail9", MANAGER "　殿",
	  "次のとおり利用規約による外部サービスを利用したいので申請します。",
	  NULL, "applied_by",
	  { { "情報セキュリティ管理者", "measures_by", "measures_at" },
	    { GM, "forwarded_by", "forwarded_at" },
	    { MANAGER, "decided_by", "decided_at" },
	    { ASSISTANT, "applied_by", "applied_at" } }, 4, NULL, NULL, NULL, 0 },
	{ &exception_kind, "detail12", "情報セキュリティ管理者　殿",
	  "次のとおり例外措置の適用を申請します。", GM, "applicant_id",
	  { { "情報セキュリティ管理者", "decided_by", "decided_at" },
	    { GM, "applicant_id", "applied_at" } }, 2, NULL, NULL, NULL, 0 },
	/* R-PHOTO-2: the communication officer applies, the manager
	 * approves (a copy goes to the general manager). */
	{ &photo_approval_kind, "form4", MANAGER "　殿",
	  "次のとおり警察職員の写真を使用したいので申請します。",
	  NULL, "applied_by",
	  { { MANAGER, "decided_by", "decided_at" },
	    { "申請者", "applied_by", "applied_at" } }, 2, NULL, NULL,
	  (const char *const[]){ "staff_id", NULL }, 0 },
	/* R-CASE-8: the results of the meeting to the manager (a copy to
	 * the general manager); the manager's box is the assessment. */
	{ &meeting_kind, "form5", MANAGER "　殿",
	  "次のとおり実施したので、その結果を報告します。",
	  NULL, "results_by",
	  { { MANAGER, "assessed_by", "assessed_at" },
	    { "報告者", "results_by", "results_at" } }, 2, NULL, NULL, NULL,
	  1 },
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

static int register_body(struct ctx *c, const void *rec,
			 struct pdf_row **rows, size_t *n);
static int checks_body(struct ctx *c, const void *rec,
		       struct pdf_row **rows, size_t *n);

/* R-DEV-5: the manager keeps it and sends a copy to the general
 * manager, who lent the devices. */
const struct document_form document_loan_register = {
	&loan_kind, "detail5", GM "　殿",
	"当所属に貸与された携帯電話を次のとおり登録する。", NULL, NULL,
	{ { GM, "lent_by", "lent_at" },
	  { "受領者", "received_by", "received_at" } }, 2, register_body,
	"unit_id", NULL, 0,
};

/*
 * R-DEV-5: the assistant checks at least monthly and the manager sees
 * the sheet; no approval of it is recorded, so both boxes are left for
 * the seals on paper (the configured stamp caption).
 */
const struct document_form document_loan_checks = {
	&loan_kind, "detail6", MANAGER "　殿",
	"貸与携帯電話の保管状況を次のとおり点検した。", NULL, NULL,
	{ { MANAGER, NULL, NULL }, { ASSISTANT, NULL, NULL } }, 2,
	checks_body, NULL, NULL, 0,
};

/* Whether f leaves the field key out (its omit list). */
static int omitted(const struct document_form *f, const char *key)
{
	for (const char *const *k = f->omit; k && *k; k++)
		if (strcmp(*k, key) == 0)
			return 1;
	return 0;
}

static int is_user_ref(const char *key)
{
	size_t n = strlen(key);

	/* staff_id (form 4), staff_1..staff_4 (a meeting's staff) */
	return (n > 3 && strcmp(key + n - 3, "_by") == 0) ||
		strcmp(key, "applicant_id") == 0 ||
		strcmp(key, "officer_id") == 0 || strcmp(key, "user_id") == 0 ||
		strcmp(key, "staff_id") == 0 ||
		(strncmp(key, "staff_", 6) == 0 && key[6] >= '1' &&
		 key[6] <= '9' && !key[7]);
}

/* What a printed form leaves out: ids, versions, the policy's id. */
static int left_out(const struct field_desc *f)
{
	return strcmp(f->key, "id") == 0 || strcmp(f->key, "version") == 0 ||
		strcmp(f->key, "policy_id") == 0 ||
		strcmp(f->key, "policy_version") == 0;
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
		    const void *rec, const struct doc_number *n,
		    struct buf *out)
{
	const struct record_kind *k = f->kind;
	const struct record_desc *d = k->desc;
	const struct doctype *rc_ = doctype_find(f->class_key);
	struct retention_rule rule;
	struct pdf_row *rows = calloc(d->n_fields, sizeof *rows);
	struct pdf_box boxes[PDF_BOXES_MAX];
	struct pdf_form form = { 0 };
	struct buf b;
	size_t n_rows = 0;
	int rc;

	if (!rows || !rc_ || doctype_rule(app_policy(c, NULL), f->class_key, &rule) < 0) {
		free(rows);
		return rows ? MM_EINVAL : MM_ENOMEM;
	}
	buf_init(&b, 0);
	for (size_t i = 0; !f->body && i < d->n_fields; i++) {
		const struct field_desc *fd = &d->fields[i];

		if (left_out(fd) || omitted(f, fd->key))
			continue;
		document_field_text(c, fd, rec, 0, &b);
		/* What the server has not set yet (no decision) is left out;
		 * what the applicant may give stays, blank (unless the form
		 * is a report of what was done: omit_blank). */
		if ((fd->flags & FIELD_SERVER || f->omit_blank) &&
		    !*buf_cstr(&b))
			continue;
		rows[n_rows].label = fd->label;
		rows[n_rows++].value = keep(c, &b);
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
	/* The office's style: 熊少第12号, the serial of the form this year;
	 * the date is the document's first issue, the same on a reprint. */
	if (n && n->serial > 0)
		buf_addf(&b, "%s第%lld号", c->app->cfg.documents_number_prefix,
			 (long long)n->serial);
	else
		buf_addf(&b, "%s第　　号", c->app->cfg.documents_number_prefix);
	form.number = keep(c, &b);
	wareki_format_unix(n && n->issued_at > 0 ? n->issued_at : time(NULL),
			   0, &b);
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
	form.n_rows = n_rows;
	if (f->body) {
		rc = f->body(c, rec, (struct pdf_row **)&form.rows,
			     &form.n_rows);
		if (rc < 0)
			goto out;
	}
	form.boxes = boxes;
	form.n_boxes = f->n_boxes;
	form.stamp = c->app->cfg.documents_stamp;
	buf_adds(&b, "保存期間　");
	retention_format(&rule, &b);
	form.footer = keep(c, &b);
	rc = buf_error(&b) < 0 ? buf_error(&b) : pdf_render(&form, out);
out:
	buf_release(&b);
	free(rows);
	return rc;
}

/* A row more for rows (c's pool, grown by doubling); NULL: no memory. */
static struct pdf_row *row_add(struct ctx *c, struct pdf_row **rows,
			       size_t *n, size_t *cap)
{
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		struct pdf_row *r = pool_alloc(&c->pool, ncap * sizeof *r);

		if (!r)
			return NULL;
		if (*n)
			memcpy(r, *rows, *n * sizeof *r);
		*rows = r;
		*cap = ncap;
	}
	return &(*rows)[(*n)++];
}

/* 令和7年6月15日, or "" for an unset date, kept in c's pool. */
static const char *date_text(struct ctx *c, const struct civil_date *d,
			     struct buf *b)
{
	if (civil_valid(d))
		wareki_format(d, b);
	return keep(c, b);
}

/*
 * Detail form 5: every loan of the loan's unit the reader may see (the
 * same view as the register's list), oldest first, one row each.
 */
static int register_body(struct ctx *c, const void *rec,
			 struct pdf_row **rows, size_t *n)
{
	const struct loan *of = rec;
	struct authz_view view = ctx_list_view(c, ACT_LOAN_VIEW);
	struct loan_filter lf = { .unit_id = of->unit_id };
	struct page_req req = { .limit = STORE_PAGE_MAX };
	size_t cap = 0;
	struct buf b;
	int rc = 0;

	*rows = NULL;
	*n = 0;
	buf_init(&b, 0);
	do {
		struct loan_list l = { 0 };

		rc = store_loan_list(c->app->store, &view, &lf, &req, &l);
		if (rc < 0)
			break;
		for (size_t i = 0; i < l.n && rc == 0; i++) {
			const struct loan *x = &l.items[i];
			const struct row_joined *j = l.joined ? &l.joined[i]
							      : NULL;
			struct pdf_row *r = row_add(c, rows, n, &cap);
			char who[MM_NAME_MAX] = "";
			struct user u;

			if (!r) {
				rc = MM_ENOMEM;
				break;
			}
			buf_addf(&b, "貸出管理簿 第%lld号", (long long)x->id);
			r->label = keep(c, &b);
			buf_addf(&b, "端末：%s（%s）\n貸与期間：",
				 j && j->device_model ? j->device_model : "",
				 j && j->device_serial ? j->device_serial : "");
			if (civil_valid(&x->start))
				wareki_format(&x->start, &b);
			buf_adds(&b, "から");
			if (civil_valid(&x->due))
				wareki_format(&x->due, &b);
			buf_adds(&b, "まで");
			if (x->received_by > 0 &&
			    store_user_get(c->app->store, x->received_by,
					   &u) == 0)
				snprintf(who, sizeof who, "%s", u.name);
			if (x->received_at > 0) {
				buf_addf(&b, "\n受領：%s　", who);
				wareki_format_unix(x->received_at, 0, &b);
			}
			if (x->returned_at > 0) {
				buf_adds(&b, "\n返納：");
				wareki_format_unix(x->returned_at, 0, &b);
			} else if (x->received_at > 0) {
				buf_adds(&b, "\n使用中");
			}
			r->value = keep(c, &b);
		}
		req.after = l.at.next;
		loan_list_release(&l);
	} while (rc == 0 && req.after);
	buf_release(&b);
	if (rc == 0 && *n > 1) {
		/* The store lists newest first; a register reads oldest first. */
		for (size_t i = 0, k = *n - 1; i < k; i++, k--) {
			struct pdf_row t = (*rows)[i];

			(*rows)[i] = (*rows)[k];
			(*rows)[k] = t;
		}
	}
	return rc;
}

/* Detail form 6: the loan's location checks, oldest first. */
static int checks_body(struct ctx *c, const void *rec,
		       struct pdf_row **rows, size_t *n)
{
	const struct loan *of = rec;
	struct authz_view view = ctx_list_view(c, ACT_CHECK_VIEW);
	struct page_req req = { .limit = STORE_PAGE_MAX };
	size_t cap = 0;
	struct buf b;
	int rc = 0;

	*rows = NULL;
	*n = 0;
	buf_init(&b, 0);
	do {
		struct check_list l = { 0 };

		rc = store_check_list(c->app->store, &view, of->id, &req, &l);
		if (rc < 0)
			break;
		for (size_t i = 0; i < l.n; i++) {
			const struct location_check_entry *x = &l.items[i];
			const struct row_joined *j = l.joined ? &l.joined[i]
							      : NULL;
			struct pdf_row *r = row_add(c, rows, n, &cap);

			if (!r) {
				rc = MM_ENOMEM;
				break;
			}
			r->label = date_text(c, &x->checked_on, &b);
			buf_addf(&b, "保管状況：%s\n点検者：%s",
				 x->in_cabinet ? "施錠保管庫に保管"
					       : "保管庫外（備考のとおり）",
				 j && j->user_name ? j->user_name : "");
			if (x->remarks && *x->remarks)
				buf_addf(&b, "\n備考：%s", x->remarks);
			r->value = keep(c, &b);
		}
		req.after = l.at.next;
		check_list_release(&l);
	} while (rc == 0 && req.after);
	if (rc == 0 && *n > 1) {
		for (size_t i = 0, k = *n - 1; i < k; i++, k--) {
			struct pdf_row t = (*rows)[i];

			(*rows)[i] = (*rows)[k];
			(*rows)[k] = t;
		}
	}
	if (rc == 0 && *n == 0) {
		struct pdf_row *r = row_add(c, rows, n, &cap);

		if (r) {
			r->label = "点検の記録";
			r->value = "なし";
		} else {
			rc = MM_ENOMEM;
		}
	}
	buf_release(&b);
	return rc;
}

/* The print of rec, a record of f's kind by the route's id (see .h). */
static void print(struct ctx *c, const struct document_form *f)
{
	const struct record_kind *k = f->kind;
	struct authz_grant g;
	struct authz_object o;
	struct actor act;
	struct doc_number num;
	void *rec = calloc(1, k->size);
	const char *key = f->number_key ? f->number_key : "id";
	int64_t id = c->req->params[0];
	char name[64], disp[128];
	int rc;

	if (!rec) {
		ctx_fail(c, MM_ENOMEM, NULL, NULL);
		return;
	}
	rc = k->get(c->app->store, id, &c->pool, rec);
	if (rc < 0) {
		ctx_fail(c, rc, NULL, NULL);
		goto out;
	}
	/* The same authz as the record's page: a form shows no more. */
	o = k->object(rec);
	if (ctx_authorize(c, k->view, &o, &g) < 0)
		goto out;
	act = ctx_actor(c, &g);
	/* A meeting's child is case data: the print is a read of it on
	 * record (meeting.read), as its page is, before anything goes out. */
	rc = kind_audit_reads(k, c->app->store, &act, &id, 1, "print");
	if (rc == 0) {
		c->log_action = "document.print";
		rc = store_document_issue(c->app->store, &act, f->class_key,
					  kind_int(k, rec, key), k->path, id,
					  NULL, &num);
	}
	if (rc < 0) {
		/* Printing unaudited is not printing: nothing goes out (the
		 * store's own error: a database gone is a 503, as for any
		 * write). */
		ctx_fail(c, rc, NULL, NULL);
		goto out;
	}
	buf_reset(&c->res->body);
	rc = document_render(c, f, rec, &num, &c->res->body);
	if (rc < 0) {
		buf_reset(&c->res->body);
		ctx_fail(c, rc, NULL, NULL);
		goto out;
	}
	snprintf(name, sizeof name, "%s-%lld.pdf", f->class_key,
		 (long long)id);
	snprintf(disp, sizeof disp, "inline; filename=\"%s\"", name);
	snprintf(c->res->content_type, sizeof c->res->content_type,
		 "application/pdf");
	http_response_header(c->res, "Content-Disposition", disp);
	c->res->status = 200;
out:
	free(rec);
}

void document_pdf(struct ctx *c)
{
	const struct document_form *f = document_form_of(c->route_arg);

	if (!f)
		ctx_fail(c, MM_ENOTFOUND, NULL, NULL);
	else
		print(c, f);
}

void document_form_pdf(struct ctx *c)
{
	print(c, c->route_arg);
}
