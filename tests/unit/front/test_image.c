/*
 * test_image.c - the image adapter of staff face photos (app/image.c,
 * issue 10): R-PHOTO-4 metadata removal proven on a JPEG carrying GPS
 * Exif made here (a hand-built APP1 segment, no network, no exiftool),
 * the type sniffed from the bytes, and bad input (truncated, corrupt, a
 * decompression bomb, a PDF named .jpg, huge dimensions) refused with a
 * Japanese message.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <vips/vips.h>

#include "app/image.h"
#include "lib/err.h"

static const struct image_limits lim = { 20u << 20, 50000000u, 12000 };

/* A plain grey JPEG of w x h, no metadata, in a malloc'd buffer. */
static unsigned char *plain_jpeg(int w, int h, size_t *n)
{
	VipsImage *black, *grey;
	void *out;
	unsigned char *copy;

	assert_int_equal(vips_black(&black, w, h, "bands", 3, NULL), 0);
	assert_int_equal(vips_linear1(black, &grey, 1, 128, NULL), 0);
	assert_int_equal(vips_jpegsave_buffer(grey, &out, n, "strip", TRUE,
					      NULL), 0);
	copy = malloc(*n);
	memcpy(copy, out, *n);
	g_free(out);
	g_object_unref(grey);
	g_object_unref(black);
	return copy;
}

static void put16(unsigned char *p, unsigned v) { p[0] = v & 0xff; p[1] = v >> 8; }
static void put32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (v >> (8 * i)) & 0xff;
}

/*
 * An Exif APP1 segment (little-endian TIFF) whose IFD0 points at a GPS
 * IFD with GPSLatitudeRef "N" and GPSLatitude 32/1 48/1 1234/100 (熊本).
 */
static size_t gps_app1(unsigned char *seg)
{
	unsigned char *t = seg + 10; /* TIFF header after FFE1 len "Exif\0\0" */
	size_t tiff_len;

	memcpy(seg, "\xff\xe1\0\0Exif\0\0", 10);
	memcpy(t, "II*\0", 4);
	put32(t + 4, 8);
	/* IFD0 at 8: one entry, GPSInfo (0x8825, LONG) -> 26 */
	put16(t + 8, 1);
	put16(t + 10, 0x8825); put16(t + 12, 4); put32(t + 14, 1);
	put32(t + 18, 26);
	put32(t + 22, 0);
	/* GPS IFD at 26: two entries */
	put16(t + 26, 2);
	put16(t + 28, 0x0001); put16(t + 30, 2); put32(t + 32, 2);
	memcpy(t + 36, "N\0\0\0", 4);
	put16(t + 40, 0x0002); put16(t + 42, 5); put32(t + 44, 3);
	put32(t + 48, 56);
	put32(t + 52, 0);
	/* the three rationals at 56 */
	put32(t + 56, 32); put32(t + 60, 1);
	put32(t + 64, 48); put32(t + 68, 1);
	put32(t + 72, 1234); put32(t + 76, 100);
	tiff_len = 80;
	seg[2] = (unsigned char)((tiff_len + 8) >> 8);
	seg[3] = (unsigned char)((tiff_len + 8) & 0xff);
	return 10 + tiff_len;
}

/* A plain JPEG with the GPS Exif, an XMP packet and a comment spliced in
 * after its SOI. */
static unsigned char *gps_jpeg(size_t *n)
{
	static const char xmp[] = "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>"
		"<exif:GPSLatitude>32,48.2N</exif:GPSLatitude></x:xmpmeta>";
	static const char com[] = "shot at the station";
	size_t plain_n, at = 2;
	unsigned char *plain = plain_jpeg(64, 48, &plain_n);
	unsigned char *out = malloc(plain_n + 512);
	size_t seg_n;

	memcpy(out, plain, 2);
	seg_n = gps_app1(out + at);
	at += seg_n;
	out[at] = 0xff; out[at + 1] = 0xe1;
	out[at + 2] = (unsigned char)((sizeof xmp - 1 + 2) >> 8);
	out[at + 3] = (unsigned char)((sizeof xmp - 1 + 2) & 0xff);
	memcpy(out + at + 4, xmp, sizeof xmp - 1);
	at += 4 + sizeof xmp - 1;
	out[at] = 0xff; out[at + 1] = 0xfe;
	out[at + 2] = 0; out[at + 3] = (unsigned char)(sizeof com - 1 + 2);
	memcpy(out + at + 4, com, sizeof com - 1);
	at += 4 + sizeof com - 1;
	memcpy(out + at, plain + 2, plain_n - 2);
	*n = at + plain_n - 2;
	free(plain);
	return out;
}

/* The fixture really carries GPS: vips (libexif) reads it back. */
static void test_fixture_carries_gps(void **state)
{
	size_t n;
	unsigned char *j = gps_jpeg(&n);
	VipsImage *im;

	(void)state;
	assert_int_equal(image_metadata_left(j, n), 1);
	assert_int_equal(vips_jpegload_buffer(j, n, &im, NULL), 0);
	assert_true(vips_image_get_typeof(im, "exif-ifd3-GPSLatitude") != 0);
	g_object_unref(im);
	free(j);
}

static void assert_clean(const struct buf *b)
{
	assert_true(b->len > 100);
	assert_int_equal(image_metadata_left(b->data, b->len), 0);
	assert_null(memmem(b->data, b->len, "Exif", 4));
	assert_null(memmem(b->data, b->len, "xmpmeta", 7));
	assert_null(memmem(b->data, b->len, "station", 7));
	assert_null(memmem(b->data, b->len, "ICC_PROFILE", 11));
}

/* R-PHOTO-4: a photo carrying GPS Exif comes out with none, whatever the
 * effect. */
static void test_r_photo_4_gps_exif_removed(void **state)
{
	size_t n;
	unsigned char *j = gps_jpeg(&n);

	(void)state;
	for (int e = IMAGE_EFFECT_MOSAIC; e < IMAGE_EFFECT__COUNT; e++) {
		struct buf out;
		const char *why = NULL;
		int w = 0, h = 0;

		buf_init(&out, 0);
		assert_int_equal(image_process(j, n, &lim, (enum image_effect)e,
					       5, 0, &out, &w, &h, &why), 0);
		assert_int_equal(w, 64);
		assert_int_equal(h, 48);
		assert_clean(&out);
		buf_release(&out);
	}
	free(j);
}

static void test_preview_is_small(void **state)
{
	size_t n;
	unsigned char *j = plain_jpeg(1600, 1200, &n);
	struct buf out;
	const char *why = NULL;
	int w = 0, h = 0;

	(void)state;
	buf_init(&out, 0);
	assert_int_equal(image_process(j, n, &lim, IMAGE_EFFECT_BLUR, 3, 320,
				       &out, &w, &h, &why), 0);
	assert_int_equal(w, 320);
	assert_int_equal(h, 240);
	assert_clean(&out);
	buf_release(&out);
	free(j);
}

static void expect_refused(const void *data, size_t n, int rc,
			   const char *msg)
{
	struct buf out;
	const char *why = NULL;

	buf_init(&out, 0);
	assert_int_equal(image_process(data, n, &lim, IMAGE_EFFECT_MOSAIC, 5,
				       0, &out, NULL, NULL, &why), rc);
	assert_string_equal(why, msg);
	assert_int_equal(out.len, 0);
	buf_release(&out);
}

static void test_truncated_and_corrupt(void **state)
{
	size_t n;
	unsigned char *j = plain_jpeg(640, 480, &n);
	unsigned char *bad = malloc(n);

	(void)state;
	expect_refused(j, n / 2, MM_EINVAL, MM_IMAGE_CORRUPT_MSG);
	memcpy(bad, j, n);
	for (size_t i = n / 3; i < n - 2; i++)
		bad[i] = (unsigned char)(i * 7);
	expect_refused(bad, n, MM_EINVAL, MM_IMAGE_CORRUPT_MSG);
	expect_refused("\xff\xd8\xff\xe0garbage", 11, MM_EINVAL,
		       MM_IMAGE_CORRUPT_MSG);
	free(bad);
	free(j);
}

static uint32_t crc32_of(const unsigned char *p, size_t n)
{
	uint32_t c = 0xffffffffu;

	for (size_t i = 0; i < n; i++) {
		c ^= p[i];
		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
	}
	return c ^ 0xffffffffu;
}

static void be32(unsigned char *p, uint32_t v)
{
	p[0] = v >> 24; p[1] = (v >> 16) & 0xff; p[2] = (v >> 8) & 0xff;
	p[3] = v & 0xff;
}

/* A PNG of a few dozen bytes whose header declares w x h. */
static size_t png_declaring(unsigned char *p, uint32_t w, uint32_t h)
{
	static const unsigned char idat[] = { 0x78, 0x9c, 0x63, 0x60, 0, 0,
					      0, 2, 0, 1 };
	size_t at = 8;

	memcpy(p, "\x89PNG\r\n\x1a\n", 8);
	be32(p + at, 13);
	memcpy(p + at + 4, "IHDR", 4);
	be32(p + at + 8, w);
	be32(p + at + 12, h);
	p[at + 16] = 8; p[at + 17] = 2; p[at + 18] = 0; p[at + 19] = 0;
	p[at + 20] = 0;
	be32(p + at + 21, crc32_of(p + at + 4, 17));
	at += 25;
	be32(p + at, sizeof idat);
	memcpy(p + at + 4, "IDAT", 4);
	memcpy(p + at + 8, idat, sizeof idat);
	be32(p + at + 8 + sizeof idat, crc32_of(p + at + 4, 4 + sizeof idat));
	at += 12 + sizeof idat;
	be32(p + at, 0);
	memcpy(p + at + 4, "IEND", 4);
	be32(p + at + 8, crc32_of(p + at + 4, 4));
	return at + 12;
}

static void test_bomb_and_huge_dimensions(void **state)
{
	unsigned char p[128];

	(void)state;
	expect_refused(p, png_declaring(p, 50000, 50000), MM_EOVERFLOW,
		       MM_IMAGE_PIXELS_MSG);
	expect_refused(p, png_declaring(p, 20000, 10), MM_EOVERFLOW,
		       MM_IMAGE_PIXELS_MSG);
	/* within the caps but its data is one row: a truncated PNG */
	expect_refused(p, png_declaring(p, 100, 100), MM_EINVAL,
		       MM_IMAGE_CORRUPT_MSG);
}

static void test_wrong_type_and_size(void **state)
{
	static const char pdf[] = "%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n";
	static const char gif[] = "GIF89a\x01\0\x01\0\0\0\0;";
	struct image_limits tiny = lim;
	size_t n;
	unsigned char *j = plain_jpeg(64, 48, &n);
	struct buf out;
	const char *why = NULL;

	(void)state;
	assert_int_equal(image_sniff(pdf, sizeof pdf - 1), IMAGE_TYPE_NONE);
	assert_int_equal(image_sniff(j, n), IMAGE_TYPE_JPEG);
	expect_refused(pdf, sizeof pdf - 1, MM_EINVAL, MM_IMAGE_TYPE_MSG);
	expect_refused(gif, sizeof gif - 1, MM_EINVAL, MM_IMAGE_TYPE_MSG);
	expect_refused("", 0, MM_EINVAL, MM_IMAGE_EMPTY_MSG);
	tiny.max_bytes = n - 1;
	buf_init(&out, 0);
	assert_int_equal(image_process(j, n, &tiny, IMAGE_EFFECT_BLUR, 5, 0,
				       &out, NULL, NULL, &why), MM_EOVERFLOW);
	assert_string_equal(why, MM_IMAGE_TOO_LARGE_MSG);
	buf_release(&out);
	free(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixture_carries_gps),
		cmocka_unit_test(test_r_photo_4_gps_exif_removed),
		cmocka_unit_test(test_preview_is_small),
		cmocka_unit_test(test_truncated_and_corrupt),
		cmocka_unit_test(test_bomb_and_huge_dimensions),
		cmocka_unit_test(test_wrong_type_and_size),
	};

	if (image_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
