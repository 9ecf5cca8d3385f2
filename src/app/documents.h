/*
 * documents.h - the printed forms of the records (issue 11): which form
 * a kind of record prints as (its retention class, core/retention.h:
 * 様式第N号 and title), to whom it is addressed, and its approval chain
 * as data; the A4 PDF is drawn by pdf/ from the record's descriptor and
 * data, the same for the web's 印刷（PDF） and the API's
 * GET /api/v1/<records>/{id}/pdf.  Printing is audited (document.print).
 */
#ifndef MM_APP_DOCUMENTS_H
#define MM_APP_DOCUMENTS_H
#ifndef MM_SEES_APP /* the layers: HACKING.md */
#error "layer: app/ is seen only by the front end (app, web, api, cli)"
#endif

#include "../pdf/pdf.h"
#include "app.h"
#include "kinds.h"

/* One approval box: its post, and the fields holding who and when. */
struct document_box {
	const char *title;    /* 統括運用管理者 */
	const char *who_key;  /* a user reference field ("decided_by") */
	const char *when_key; /* a moment or date field ("decided_at") */
};

/* How one kind of record prints. */
struct document_form {
	const struct record_kind *kind;
	const char *class_key;   /* retention class: "form3" */
	const char *addressee;   /* 統括運用管理者　殿 */
	const char *preamble;    /* a sentence before 記, may be "" */
	/* the issuer: issuer_title (NULL: the record's unit) and the user
	 * that issue_key names */
	const char *issuer_title;
	const char *issuer_key;
	struct document_box boxes[PDF_BOXES_MAX];
	size_t n_boxes;
};

/* The printed kinds; document_form_of - the form of k, or NULL. */
extern const struct document_form document_forms[];
extern const size_t document_forms_count;
const struct document_form *document_form_of(const struct record_kind *k);

/*
 * document_field_text - appends the value of field f of rec as a person
 * reads it: a choice's label, a reference's name (c's store), yes/no as
 * あり/なし; dates in 和暦 (iso 0: a form) or as "YYYY-MM-DD" and
 * "YYYY-MM-DD HH:MM" Asia/Tokyo (iso 1: a spreadsheet, which sorts
 * them).  Nothing for an unset value.  0 or out's error.
 */
int document_field_text(struct ctx *c, const struct field_desc *f,
			const void *rec, int iso, struct buf *out);

/*
 * document_render - the PDF of rec (a record of f's kind) into out:
 * every described field but ids and versions as a row (dates in 和暦,
 * references as names), the number <[documents] number_prefix>第<id>号,
 * today's date, the boxes from the approval chain.  Reads names through
 * c's store.  0, or MM_ENOMEM / the store's or pdf_render's error.
 */
int document_render(struct ctx *c, const struct document_form *f,
		    const void *rec, struct buf *out);

/*
 * document_pdf - the route handler of GET /<records>/{id}/pdf and
 * GET /api/v1/<records>/{id}/pdf (route arg: the record_kind): loads
 * the record by the kind's view action (refused or missing: the front
 * end's error), renders it, audits document.print and answers
 * application/pdf (inline, named <class>-<id>.pdf).
 */
void document_pdf(struct ctx *c);

#endif
