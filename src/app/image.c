#include "image.h"

#include <string.h>

#include <vips/vips.h>

#include "../lib/err.h"
#include "../lib/banned.h"

/* Loaders a photo may go through; every other one is blocked. */
static const char *const loaders[] = {
	"VipsForeignLoadJpeg", "VipsForeignLoadPng", "VipsForeignLoadSpng",
	"VipsForeignLoadHeif",
};

static int heif_readable;

int image_init(void)
{
	if (VIPS_INIT("mamori"))
		return MM_EIO;
	/* One worker: six engineers share two cores, and the server
	 * handles few photos; also fewer threads under the sandbox. */
	vips_concurrency_set(1);
	/* No cache: an upload's pixels must not outlive its request. */
	vips_cache_set_max(0);
	vips_cache_set_max_mem(0);
	vips_cache_set_max_files(0);
	vips_block_untrusted_set(TRUE);
	vips_operation_block_set("VipsForeignLoad", TRUE);
	for (size_t i = 0; i < sizeof loaders / sizeof loaders[0]; i++)
		vips_operation_block_set(loaders[i], FALSE);
	heif_readable = vips_type_find("VipsOperation", "heifload_buffer") != 0;
	return 0;
}

enum image_type image_sniff(const void *data, size_t n)
{
	const unsigned char *p = data;
	static const unsigned char png[8] = { 0x89, 'P', 'N', 'G', '\r', '\n',
					      0x1a, '\n' };
	static const char *const brands[] = { "heic", "heix", "heim", "heis",
					      "hevc", "hevx", "mif1", "msf1" };

	if (n >= 3 && p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff)
		return IMAGE_TYPE_JPEG;
	if (n >= 8 && !memcmp(p, png, 8))
		return IMAGE_TYPE_PNG;
	if (heif_readable && n >= 12 && !memcmp(p + 4, "ftyp", 4))
		for (size_t i = 0; i < sizeof brands / sizeof brands[0]; i++)
			if (!memcmp(p + 8, brands[i], 4))
				return IMAGE_TYPE_HEIC;
	return IMAGE_TYPE_NONE;
}

/* Decoding from memory only ("memory": never a disc temporary for a
 * large image), stopping at any warning: a truncated or corrupt stream
 * is only a warning to libjpeg. */
static VipsImage *load(const void *data, size_t n, enum image_type t)
{
	VipsImage *im = NULL;
	int rc = -1;

	switch (t) {
	case IMAGE_TYPE_JPEG:
		rc = vips_jpegload_buffer((void *)data, n, &im, "memory", TRUE,
					  "fail_on", VIPS_FAIL_ON_WARNING, NULL);
		break;
	case IMAGE_TYPE_PNG:
		rc = vips_pngload_buffer((void *)data, n, &im, "memory", TRUE,
					 "fail_on", VIPS_FAIL_ON_WARNING, NULL);
		break;
	case IMAGE_TYPE_HEIC:
		rc = vips_heifload_buffer((void *)data, n, &im, "memory", TRUE,
					  "fail_on", VIPS_FAIL_ON_WARNING, NULL);
		break;
	default:
		break;
	}
	if (rc) {
		vips_error_clear();
		return NULL;
	}
	return im;
}

/*
 * The effects.  s is 1..10; sizes are fractions of the longer side so the
 * preview (small) and the result (full size) look alike.  t is the
 * caller's local array (freed with its context object).
 */
static int mosaic(VipsImage *in, VipsImage **t, VipsImage **out, int s)
{
	int w = in->Xsize, h = in->Ysize, longer = w > h ? w : h;
	int block = (int)(longer * (2.0 + 1.2 * s) / 100.0);

	if (block < 2)
		block = 2;
	/* The small copy is made once in memory: lazily, every tile of the
	 * zoom would shrink the full image again. */
	if (vips_shrink(in, &t[0], block, block, NULL) ||
	    !(t[2] = vips_image_copy_memory(t[0])) ||
	    vips_zoom(t[2], &t[1], block, block, NULL))
		return -1;
	return vips_crop(t[1], out, 0, 0, VIPS_MIN(w, t[1]->Xsize),
			 VIPS_MIN(h, t[1]->Ysize), NULL);
}

static int blur(VipsImage *in, VipsImage **t, VipsImage **out, int s)
{
	/* Blur a small copy and scale it back: a sigma of a few percent of
	 * a 12-megapixel side would need a kernel hundreds wide. */
	int w = in->Xsize, h = in->Ysize, longer = w > h ? w : h;
	double k = longer > 256 ? 256.0 / longer : 1.0;

	if (vips_resize(in, &t[0], k, NULL) ||
	    vips_gaussblur(t[0], &t[1], 256.0 * (0.6 + 0.4 * s) / 100.0,
			   NULL) ||
	    !(t[3] = vips_image_copy_memory(t[1]))) /* once, as a mosaic's */
		return -1;
	if (vips_resize(t[3], &t[2], (double)w / t[3]->Xsize, "vscale",
			(double)h / t[3]->Ysize, NULL))
		return -1;
	return vips_crop(t[2], out, 0, 0, VIPS_MIN(w, t[2]->Xsize),
			 VIPS_MIN(h, t[2]->Ysize), NULL);
}

static int warp(VipsImage *in, VipsImage **t, VipsImage **out, int s)
{
	/* Waves across both axes: x += a sin(y), y += a sin(x). */
	int w = in->Xsize, h = in->Ysize, longer = w > h ? w : h;
	double amp = longer * (1.0 + 0.8 * s) / 100.0;
	double deg = 360.0 * (3.0 + s / 3.0) / longer;

	if (vips_xyz(&t[0], w, h, NULL) ||
	    vips_cast(t[0], &t[1], VIPS_FORMAT_FLOAT, NULL) ||
	    vips_extract_band(t[1], &t[2], 0, NULL) ||
	    vips_extract_band(t[1], &t[3], 1, NULL) ||
	    vips_linear1(t[3], &t[4], deg, 0, NULL) ||
	    vips_sin(t[4], &t[5], NULL) ||
	    vips_linear1(t[5], &t[6], amp, 0, NULL) ||
	    vips_add(t[2], t[6], &t[7], NULL) ||
	    vips_linear1(t[2], &t[8], deg, 0, NULL) ||
	    vips_sin(t[8], &t[9], NULL) ||
	    vips_linear1(t[9], &t[10], amp, 0, NULL) ||
	    vips_add(t[3], t[10], &t[11], NULL) ||
	    vips_bandjoin2(t[7], t[11], &t[12], NULL))
		return -1;
	return vips_mapim(in, out, t[12], NULL);
}

static int fail(const char **why, const char *msg, int rc)
{
	if (why)
		*why = msg;
	vips_error_clear();
	return rc;
}

/* sRGB, 8 bits, no alpha, upright: what a JPEG of a face needs. */
static int normalise(VipsImage *in, VipsImage **t, VipsImage **out)
{
	VipsImage *x = in;

	if (vips_autorot(x, &t[0], NULL))
		return -1;
	x = t[0];
	if (vips_colourspace(x, &t[1], VIPS_INTERPRETATION_sRGB, NULL))
		return -1;
	x = t[1];
	if (vips_image_hasalpha(x)) {
		double white[3] = { 255, 255, 255 };
		VipsArrayDouble *bg = vips_array_double_new(white, 3);
		int rc = vips_flatten(x, &t[2], "background", bg, NULL);

		vips_area_unref(VIPS_AREA(bg));
		if (rc)
			return -1;
		x = t[2];
	}
	return vips_cast(x, out, VIPS_FORMAT_UCHAR, NULL);
}

static int apply(VipsImage *in, VipsImage **t, enum image_effect e, int s,
		 VipsImage **out)
{
	switch (e) {
	case IMAGE_EFFECT_MOSAIC:
		return mosaic(in, t, out, s);
	case IMAGE_EFFECT_BLUR:
		return blur(in, t, out, s);
	case IMAGE_EFFECT_WARP:
		return warp(in, t, out, s);
	default:
		return -1;
	}
}

int image_process(const void *data, size_t n, const struct image_limits *lim,
		  enum image_effect effect, int strength, int preview_side,
		  struct buf *out, int *w, int *h, const char **why)
{
	enum image_type type;
	VipsImage *ctx, *im, *x, **t;
	void *jpeg = NULL;
	size_t len = 0;
	int rc;

	if (!data || !n)
		return fail(why, MM_IMAGE_EMPTY_MSG, MM_EINVAL);
	if (n > lim->max_bytes)
		return fail(why, MM_IMAGE_TOO_LARGE_MSG, MM_EOVERFLOW);
	if (effect <= IMAGE_EFFECT_NONE || effect >= IMAGE_EFFECT__COUNT ||
	    strength < IMAGE_STRENGTH_MIN || strength > IMAGE_STRENGTH_MAX)
		return fail(why, MM_IMAGE_FAILED_MSG, MM_EINVAL);
	type = image_sniff(data, n);
	if (type == IMAGE_TYPE_NONE)
		return fail(why, MM_IMAGE_TYPE_MSG, MM_EINVAL);
	/* The header only: the caps are checked before any pixel is
	 * decoded, so a bomb declaring 50000 x 50000 costs nothing. */
	im = load(data, n, type);
	if (!im)
		return fail(why, MM_IMAGE_CORRUPT_MSG, MM_EINVAL);
	if (im->Xsize < 1 || im->Ysize < 1 || im->Xsize > lim->max_side ||
	    im->Ysize > lim->max_side ||
	    (uint64_t)im->Xsize * (uint64_t)im->Ysize > lim->max_pixels) {
		g_object_unref(im);
		return fail(why, MM_IMAGE_PIXELS_MSG, MM_EOVERFLOW);
	}
	ctx = vips_image_new();
	vips_object_local(ctx, im);
	t = (VipsImage **)vips_object_local_array(VIPS_OBJECT(ctx), 40);
	x = im;
	if (preview_side > 0 &&
	    VIPS_MAX(x->Xsize, x->Ysize) > preview_side) {
		if (vips_thumbnail_image(x, &t[0], preview_side, NULL)) {
			g_object_unref(ctx);
			return fail(why, MM_IMAGE_CORRUPT_MSG, MM_EINVAL);
		}
		x = t[0];
	}
	if (normalise(x, t + 1, &t[4]) ||
	    apply(t[4], t + 5, effect, strength, &t[30])) {
		g_object_unref(ctx);
		return fail(why, MM_IMAGE_CORRUPT_MSG, MM_EINVAL);
	}
	/* strip: no Exif, GPS, XMP, IPTC, ICC, comment or thumbnail is
	 * written; evaluating here is also where a corrupt stream fails. */
	rc = vips_jpegsave_buffer(t[30], &jpeg, &len, "Q", 85, "strip", TRUE,
				  "optimize_coding", TRUE, NULL);
	if (w)
		*w = t[30]->Xsize;
	if (h)
		*h = t[30]->Ysize;
	g_object_unref(ctx);
	if (rc)
		return fail(why, MM_IMAGE_CORRUPT_MSG, MM_EINVAL);
	/* R-PHOTO-4: re-read what was written; keep nothing with metadata. */
	if (image_metadata_left(jpeg, len) != 0) {
		g_free(jpeg);
		return fail(why, MM_IMAGE_METADATA_MSG, MM_EIO);
	}
	rc = buf_add(out, jpeg, len);
	g_free(jpeg);
	if (rc < 0)
		return fail(why, MM_IMAGE_TOO_LARGE_MSG, rc);
	return 0;
}

/* The marker segments of a JPEG up to its scan: 1 when one of them is
 * not picture data, 0 when none is, MM_EINVAL when malformed. */
static int segments_carry_metadata(const unsigned char *p, size_t n)
{
	size_t i = 2;

	if (n < 4 || p[0] != 0xff || p[1] != 0xd8)
		return MM_EINVAL;
	while (i + 4 <= n) {
		unsigned m, len;

		if (p[i] != 0xff)
			return MM_EINVAL;
		m = p[i + 1];
		if (m == 0xff) {
			i++;
			continue;
		}
		if (m == 0xda)
			return 0; /* start of scan: only pixels follow */
		len = (unsigned)p[i + 2] << 8 | p[i + 3];
		if (len < 2 || i + 2 + len > n)
			return MM_EINVAL;
		if ((m >= 0xe1 && m <= 0xef) || m == 0xfe)
			return 1; /* APPn (Exif, XMP, ICC, IPTC) or COM */
		if (m == 0xe0) {
			/* JFIF only, without a thumbnail (JFXX is one). */
			const unsigned char *q = p + i + 4;

			if (len < 16 || memcmp(q, "JFIF", 5) || q[12] || q[13])
				return 1;
		}
		i += 2 + len;
	}
	return MM_EINVAL;
}

int image_metadata_left(const void *data, size_t n)
{
	static const char *const prefixes[] = { "exif", "xmp", "iptc", "icc",
		"jpeg-thumbnail", "jpeg-comment", "gps", "orientation" };
	VipsImage *im = NULL;
	gchar **fields;
	int rc = segments_carry_metadata(data, n);

	if (rc)
		return rc;
	if (vips_jpegload_buffer((void *)data, n, &im, NULL)) {
		vips_error_clear();
		return MM_EINVAL;
	}
	fields = vips_image_get_fields(im);
	for (size_t i = 0; fields && fields[i] && !rc; i++)
		for (size_t j = 0; j < sizeof prefixes / sizeof prefixes[0]; j++)
			if (!strncmp(fields[i], prefixes[j],
				     strlen(prefixes[j])))
				rc = 1;
	g_strfreev(fields);
	g_object_unref(im);
	return rc;
}
