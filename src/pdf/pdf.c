/*
 * pdf.c - the A4 form (pdf.h) drawn with cairo's PDF surface and pango.
 *
 * One font map for the process, made by pdf_init() before the sandbox,
 * and one lock around drawing: pango's fontconfig font map is not safe
 * to share between threads, and a form is drawn in milliseconds, so the
 * server's threads take turns rather than each opening the fonts again
 * (a thread's own font map would open font files after the sandbox is
 * entered).
 */
#include "pdf.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>

#include "../lib/buf.h"
#include "../lib/err.h"
#include "../lib/banned.h"

#define SERIF "Noto Serif CJK JP"
#define SANS "Noto Sans CJK JP"

/* A4 in points, and the margins. */
static const double page_w = 595.276, page_h = 841.89;
static const double margin = 50.0, top = 40.0, bottom = 60.0;
/* The approval boxes: width, title row and body heights, 決裁 column. */
static const double box_w = 64.0, box_title_h = 16.0, box_body_h = 50.0,
		    box_head_w = 16.0;
/* The body table: label column width, cell padding, minimum row. */
static const double label_w = 130.0, pad = 6.0, row_min = 24.0;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static PangoFontMap *font_map;

static const char *str(const char *s)
{
	return s ? s : "";
}

/* Whether the font map gives family (not a fallback) for desc. */
static int has_family(PangoContext *pc, const char *desc, const char *family)
{
	PangoFontDescription *fd = pango_font_description_from_string(desc);
	PangoFont *font = pango_context_load_font(pc, fd);
	int ok = 0;

	if (font) {
		PangoFontDescription *got = pango_font_describe(font);
		const char *fam = pango_font_description_get_family(got);

		ok = fam && strncasecmp(fam, family, strlen(family)) == 0;
		pango_font_description_free(got);
		g_object_unref(font);
	}
	pango_font_description_free(fd);
	return ok;
}

static cairo_status_t discard(void *closure, const unsigned char *data,
			      unsigned int length)
{
	(void)closure;
	(void)data;
	(void)length;
	return CAIRO_STATUS_SUCCESS;
}

static void draw_text(cairo_t *cr, const char *font, const char *text,
		      double x, double y, double width, PangoAlignment align,
		      double *height);

/* Whether the path of a mapping names a font file. */
static int font_file(const char *path)
{
	static const char *const ext[] = { ".ttc", ".otf", ".ttf" };
	size_t n = strlen(path);

	for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++)
		if (n > 4 && strcmp(path + n - 4, ext[i]) == 0)
			return 1;
	return 0;
}

/*
 * The warm-up below reads some 40 MB of the two CJK font files (cairo
 * subsets their CFF tables into the throw-away PDF), and those pages of
 * FreeType's read-only mappings stayed in the server's resident set -
 * a third of it - though a form is drawn now and then (issue 12: RSS
 * <= 64 MiB).  The files stay open and mapped, so the sandbox needs
 * nothing new; only the pages are dropped from this process, and a form
 * faults back what it reads, from the page cache.  Best effort.
 */
static void font_pages_drop(void)
{
	FILE *f = fopen("/proc/self/maps", "re");
	char line[4352], path[4097];
	unsigned long lo, hi;
	char perms[5];

	if (!f)
		return;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "%lx-%lx %4s %*s %*s %*s %4096s", &lo, &hi,
			   perms, path) == 4 && perms[1] == '-' &&
		    font_file(path))
			madvise((void *)lo, hi - lo, MADV_DONTNEED);
	fclose(f);
}

int pdf_init(void)
{
	int rc = 0;

	pthread_mutex_lock(&lock);
	if (!font_map) {
		cairo_surface_t *s;
		cairo_t *cr;
		PangoContext *pc;

		if (!FcInit()) {
			rc = MM_ENOMEM;
			goto out;
		}
		font_map = pango_cairo_font_map_new();
		if (!font_map) {
			rc = MM_ENOMEM;
			goto out;
		}
		/* Draw both fonts once: glyph caches and font files open now. */
		s = cairo_pdf_surface_create_for_stream(discard, NULL, page_w,
							page_h);
		cr = cairo_create(s);
		pc = pango_font_map_create_context(font_map);
		if (!has_family(pc, SERIF " 10", SERIF) ||
		    !has_family(pc, SANS " Bold 10", SANS))
			rc = MM_EUNSUPPORTED;
		g_object_unref(pc);
		draw_text(cr, SERIF " 10", "令和元年 決裁 印 0123", 0, 0, 200,
			  PANGO_ALIGN_LEFT, NULL);
		draw_text(cr, SANS " Bold 10", "様式第1号 申請書", 0, 20, 200,
			  PANGO_ALIGN_LEFT, NULL);
		cairo_show_page(cr);
		cairo_destroy(cr);
		cairo_surface_finish(s);
		cairo_surface_destroy(s);
		if (rc < 0) {
			g_object_unref(font_map);
			font_map = NULL;
		}
		font_pages_drop();
	}
out:
	pthread_mutex_unlock(&lock);
	return rc;
}

void pdf_release(void)
{
	pthread_mutex_lock(&lock);
	if (font_map) {
		g_object_unref(font_map);
		font_map = NULL;
		/* Only once nothing of cairo or fontconfig is in use: both keep
		 * process-wide caches that a leak checker would report. */
		cairo_debug_reset_static_data();
		FcFini();
	}
	pthread_mutex_unlock(&lock);
}

/* Lays text out in width (wrapping anywhere, as Japanese does). */
static PangoLayout *layout_of(cairo_t *cr, const char *font,
			      const char *text, double width,
			      PangoAlignment align)
{
	PangoContext *pc = pango_font_map_create_context(font_map);
	PangoLayout *l;
	PangoFontDescription *fd = pango_font_description_from_string(font);

	pango_cairo_update_context(cr, pc);
	/* Points as the page's units: pango assumes 96 dpi otherwise. */
	pango_cairo_context_set_resolution(pc, 72.0);
	l = pango_layout_new(pc);
	g_object_unref(pc);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(l, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(l, align);
	pango_layout_set_text(l, str(text), -1);
	return l;
}

/* The height text takes in width. */
static double text_height(cairo_t *cr, const char *font, const char *text,
			  double width)
{
	PangoLayout *l = layout_of(cr, font, text, width, PANGO_ALIGN_LEFT);
	int w, h;

	pango_layout_get_size(l, &w, &h);
	g_object_unref(l);
	return (double)h / PANGO_SCALE;
}

static void draw_text(cairo_t *cr, const char *font, const char *text,
		      double x, double y, double width, PangoAlignment align,
		      double *height)
{
	PangoLayout *l = layout_of(cr, font, text, width, align);
	int w, h;

	cairo_move_to(cr, x, y);
	pango_cairo_show_layout(cr, l);
	pango_layout_get_size(l, &w, &h);
	if (height)
		*height = (double)h / PANGO_SCALE;
	g_object_unref(l);
}

static void rect(cairo_t *cr, double x, double y, double w, double h,
		 double line)
{
	cairo_set_line_width(cr, line);
	cairo_rectangle(cr, x, y, w, h);
	cairo_stroke(cr);
}

/* The 決裁欄: a narrow head column, then one column per box. */
static double draw_boxes(cairo_t *cr, const struct pdf_form *f)
{
	double w = box_head_w + box_w * (double)f->n_boxes;
	double x0 = page_w - margin - w, y0 = top;
	double h = box_title_h + box_body_h;

	if (!f->n_boxes)
		return y0;
	rect(cr, x0, y0, w, h, 0.9);
	draw_text(cr, SANS " 8", "決\n\n裁", x0, y0 + 12, box_head_w,
		  PANGO_ALIGN_CENTER, NULL);
	for (size_t i = 0; i < f->n_boxes; i++) {
		const struct pdf_box *b = &f->boxes[i];
		double x = x0 + box_head_w + box_w * (double)i;

		rect(cr, x, y0, box_w, box_title_h, 0.6);
		rect(cr, x, y0 + box_title_h, box_w, box_body_h, 0.6);
		/* A long post (情報セキュリティ管理者) in a smaller size. */
		draw_text(cr, strlen(str(b->title)) > 21 ? SANS " 5.2" :
			  SANS " 7", b->title, x + 1, y0 + 3, box_w - 2,
			  PANGO_ALIGN_CENTER, NULL);
		if (*str(b->name)) {
			draw_text(cr, SERIF " 9", b->name, x + 2,
				  y0 + box_title_h + 8, box_w - 4,
				  PANGO_ALIGN_CENTER, NULL);
			draw_text(cr, SERIF " 6.5", b->date, x + 1,
				  y0 + h - 13, box_w - 2,
				  PANGO_ALIGN_CENTER, NULL);
		} else if (*str(f->stamp)) {
			cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
			draw_text(cr, SERIF " 9", f->stamp, x,
				  y0 + box_title_h + box_body_h / 2 - 7,
				  box_w, PANGO_ALIGN_CENTER, NULL);
			cairo_set_source_rgb(cr, 0, 0, 0);
		}
	}
	return y0 + h;
}

static void draw_footer(cairo_t *cr, const struct pdf_form *f, int page)
{
	char n[32];

	cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
	draw_text(cr, SANS " 7.5", f->footer, margin, page_h - 38,
		  page_w - 2 * margin - 60, PANGO_ALIGN_LEFT, NULL);
	snprintf(n, sizeof n, "%d", page);
	draw_text(cr, SANS " 7.5", n, page_w - margin - 60, page_h - 38, 60,
		  PANGO_ALIGN_RIGHT, NULL);
	cairo_set_source_rgb(cr, 0, 0, 0);
}

/* The head of the first page; returns where the body starts. */
static double draw_head(cairo_t *cr, const struct pdf_form *f)
{
	double inner = page_w - 2 * margin, y, h;

	draw_text(cr, SANS " 10.5", f->form_label, margin, top, 200,
		  PANGO_ALIGN_LEFT, NULL);
	y = draw_boxes(cr, f) + 14;
	draw_text(cr, SERIF " 10.5", f->number, margin, y, inner,
		  PANGO_ALIGN_RIGHT, &h);
	y += h + 2;
	draw_text(cr, SERIF " 10.5", f->date, margin, y, inner,
		  PANGO_ALIGN_RIGHT, &h);
	y += h + 14;
	draw_text(cr, SERIF " 11", f->addressee, margin, y, inner,
		  PANGO_ALIGN_LEFT, &h);
	y += h + 6;
	draw_text(cr, SERIF " 11", f->issuer, margin, y, inner,
		  PANGO_ALIGN_RIGHT, &h);
	y += h + 24;
	draw_text(cr, SANS " Bold 18", f->title, margin, y, inner,
		  PANGO_ALIGN_CENTER, &h);
	y += h + 18;
	if (*str(f->preamble)) {
		draw_text(cr, SERIF " 10.5", f->preamble, margin + 10, y,
			  inner - 20, PANGO_ALIGN_LEFT, &h);
		y += h + 10;
		draw_text(cr, SERIF " 10.5", "記", margin, y, inner,
			  PANGO_ALIGN_CENTER, &h);
		y += h + 10;
	}
	return y;
}

/* The body's rows, onto further pages as needed. */
static void draw_rows(cairo_t *cr, const struct pdf_form *f, double y)
{
	double inner = page_w - 2 * margin, value_w = inner - label_w;
	int page = 1;
	double table_top = y;

	for (size_t i = 0; i < f->n_rows; i++) {
		const struct pdf_row *r = &f->rows[i];
		double hl = text_height(cr, SANS " 9.5", r->label,
					label_w - 2 * pad);
		double hv = text_height(cr, SERIF " 10.5", r->value,
					value_w - 2 * pad);
		double h = (hl > hv ? hl : hv) + 2 * pad;

		if (h < row_min)
			h = row_min;
		if (y + h > page_h - bottom && y > table_top) {
			rect(cr, margin, table_top, inner, y - table_top, 1.0);
			draw_footer(cr, f, page++);
			cairo_show_page(cr);
			y = table_top = top;
		}
		cairo_set_source_rgb(cr, 0.93, 0.93, 0.93);
		cairo_rectangle(cr, margin, y, label_w, h);
		cairo_fill(cr);
		cairo_set_source_rgb(cr, 0, 0, 0);
		rect(cr, margin, y, label_w, h, 0.5);
		rect(cr, margin + label_w, y, value_w, h, 0.5);
		draw_text(cr, SANS " 9.5", r->label, margin + pad,
			  y + (h - hl) / 2, label_w - 2 * pad,
			  PANGO_ALIGN_LEFT, NULL);
		draw_text(cr, SERIF " 10.5", r->value, margin + label_w + pad,
			  y + (h - hv) / 2, value_w - 2 * pad,
			  PANGO_ALIGN_LEFT, NULL);
		y += h;
	}
	if (y > table_top)
		rect(cr, margin, table_top, inner, y - table_top, 1.0);
	draw_footer(cr, f, page);
	cairo_show_page(cr);
}

static cairo_status_t to_buf(void *closure, const unsigned char *data,
			     unsigned int length)
{
	return buf_add(closure, data, length) < 0 ?
		CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

int pdf_render(const struct pdf_form *f, struct buf *out)
{
	cairo_surface_t *s;
	cairo_t *cr;
	cairo_status_t st;
	int rc;

	if (!f || f->n_boxes > PDF_BOXES_MAX)
		return MM_EINVAL;
	rc = pdf_init();
	if (rc < 0)
		return rc;
	pthread_mutex_lock(&lock);
	s = cairo_pdf_surface_create_for_stream(to_buf, out, page_w, page_h);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE,
				       str(f->title));
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR,
				       "Mamori");
	cr = cairo_create(s);
	cairo_set_source_rgb(cr, 0, 0, 0);
	draw_rows(cr, f, draw_head(cr, f));
	cairo_destroy(cr);
	cairo_surface_finish(s);
	st = cairo_surface_status(s);
	cairo_surface_destroy(s);
	pthread_mutex_unlock(&lock);
	if (buf_error(out) < 0)
		return buf_error(out);
	return st == CAIRO_STATUS_SUCCESS ? 0 :
		st == CAIRO_STATUS_NO_MEMORY ? MM_ENOMEM : MM_EIO;
}
