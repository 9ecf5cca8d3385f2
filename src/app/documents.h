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
	/*
	 * The body of a form that is not its record's fields (a register, a
	 * sheet of checks): rows into *rows (c's pool), *n of them.  NULL:
	 * every described field of the record (document_render).
	 */
	int (*body)(struct ctx *c, const void *rec, struct pdf_row **rows,
		    size_t *n);
	/* the field the document is numbered by: NULL for the record's
	 * "id"; "unit_id" for a unit's register, one document per unit */
	const char *number_key;
	/* keys of the record not printed (NULL-ended, may be NULL): what
	 * another row already says (form 4's staff_id beside staff_name) */
	const char *const *omit;
	/* 1: an optional field left blank is not printed either (a report,
	 * where an empty row says nothing: form 5's third staff member) */
	int omit_blank;
};

/* The printed kinds; document_form_of - the form of k, or NULL. */
extern const struct document_form document_forms[];
extern const size_t document_forms_count;
const struct document_form *document_form_of(const struct record_kind *k);

/*
 * The forms printed from a loan besides form 2: its unit's issued
 * mobile-phone register (detail form 5, R-DEV-5: every loan of the
 * loan's unit that the reader may see, numbered once per unit) and the
 * sheet of its monthly location checks (detail form 6, R-DEV-5).
 */
extern const struct document_form document_loan_register;
extern const struct document_form document_loan_checks;

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
 * references as names; or f's body), the number
 * <[documents] number_prefix>第<serial>号 and the date of n (the
 * document's first issue, store_document_issue), the boxes from the
 * approval chain.  Reads names through c's store.  0, or MM_ENOMEM /
 * the store's or pdf_render's error.
 */
int document_render(struct ctx *c, const struct document_form *f,
		    const void *rec, const struct doc_number *n,
		    struct buf *out);

/*
 * document_pdf - the route handler of GET /<records>/{id}/pdf and
 * GET /api/v1/<records>/{id}/pdf (route arg: the record_kind): loads
 * the record by the kind's view action, the same authz as its page
 * (refused - audited as access.denied - or missing: the front end's
 * error); a kind whose reads are audited (a meeting's child: as a case's
 * read) records this read first; then, in one transaction, the
 * document's number (given at its first issue) and document.print; then
 * renders it and answers application/pdf (inline, <class>-<id>.pdf).
 * document_form_pdf - the same for the route arg a struct document_form
 * (the loan's detail forms 5 and 6: GET /loans/{id}/register.pdf, ...).
 */
void document_pdf(struct ctx *c);
void document_form_pdf(struct ctx *c);

#endif
