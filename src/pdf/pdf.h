/*
 * pdf.h - an official A4 form as a PDF (issue 11), drawn with cairo and
 * pango: 様式第N号 top left, the approval boxes (決裁欄) top right, the
 * document number and date right-aligned below them, the addressee left
 * and the issuer right, the title centred, then the body as a ruled
 * table of label | value rows, and a footer line.  Text in Noto Serif
 * CJK JP, headings in Noto Sans CJK JP, both embedded (subsets).
 *
 * pdf/ knows nothing of the directive: the front end (app/documents.c)
 * fills a struct pdf_form from a record's descriptor and data, already
 * formatted (和暦 dates, names).  Sees lib/ only.
 */
#ifndef MM_PDF_PDF_H
#define MM_PDF_PDF_H
#ifndef MM_SEES_PDF /* the layers: HACKING.md */
#error "layer: pdf/ is seen only by pdf/ and the front end"
#endif

#include <stddef.h>

struct buf;

/* One row of the body: a label and its value (may hold line breaks). */
struct pdf_row {
	const char *label;
	const char *value;
};

/*
 * One approval box (決裁欄): the post's title above, the approver's
 * name and the date inside; name and date "" while not yet approved.
 */
struct pdf_box {
	const char *title;
	const char *name;
	const char *date;
};

#define PDF_BOXES_MAX 8

/* A form; every string UTF-8 and may be "" (NULL reads as ""). */
struct pdf_form {
	const char *form_label;  /* 様式第3号 */
	const char *title;       /* 借用申請書 */
	const char *number;      /* 熊少第12号 */
	const char *date;        /* 令和7年6月15日 */
	const char *addressee;   /* 統括運用管理者 殿 */
	const char *issuer;      /* 熊本北警察署 運用管理者 */
	const char *preamble;    /* a sentence above the body, may be "" */
	const struct pdf_row *rows;
	size_t n_rows;
	const struct pdf_box *boxes; /* at most PDF_BOXES_MAX */
	size_t n_boxes;
	const char *stamp;       /* a caption in an empty box ("印"), or "" */
	const char *footer;      /* bottom line: retention, printed at */
};

/*
 * pdf_init - loads fontconfig's configuration and caches and opens the
 * two fonts by drawing a throw-away page, so that rendering later needs
 * no file beyond those already open (`serve` calls it before entering
 * the sandbox, src/lib/sandbox.c).  Idempotent; 0, or MM_EUNSUPPORTED
 * when a font is missing (fonts-noto-cjk), MM_ENOMEM.
 */
int pdf_init(void);

/*
 * pdf_release - drops what pdf_init() loaded (the font map, cairo's and
 * fontconfig's process-wide caches), when no render is running or will
 * run: at the end of `serve`.  pdf_init() may be called again after it.
 */
void pdf_release(void);

/*
 * pdf_render - appends the PDF of f (one or more A4 pages: the body
 * flows onto further pages) to out.  Returns 0, MM_EINVAL for more than
 * PDF_BOXES_MAX boxes, MM_ENOMEM, or the buffer's error.  Thread-safe
 * (each call has its own surface; pango's font map is shared and
 * locked by pango).
 */
int pdf_render(const struct pdf_form *f, struct buf *out);

#endif
