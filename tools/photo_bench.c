/*
 * photo_bench.c - the driver of bench/photo.sh: runs one upload through
 * image_process(), the very function the photo handlers of the server
 * call (app/image.h), with the server's default caps.
 *
 *   photo_bench make OUT.jpg W H     a W x H JPEG of noise with GPS-free
 *                                    camera-like content (the input)
 *   photo_bench blur IN OUT.jpg [S]  blur at strength S (default 5), strip
 *
 * Not a test; prints nothing on success.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vips/vips.h>

#include "app/image.h"
#include "lib/err.h"

static int make(const char *path, int w, int h)
{
	VipsImage *noise, *rgb, *u8;
	int rc;

	if (vips_gaussnoise(&noise, w, h, "mean", 128.0, "sigma", 40.0,
			    NULL) ||
	    vips_bandjoin_const1(noise, &rgb, 128.0, NULL))
		return 1;
	if (vips_bandjoin_const1(rgb, &u8, 64.0, NULL))
		return 1;
	g_object_unref(rgb);
	rc = vips_cast(u8, &rgb, VIPS_FORMAT_UCHAR, NULL) ||
	     vips_jpegsave(rgb, path, "Q", 90, NULL);
	g_object_unref(rgb);
	g_object_unref(u8);
	g_object_unref(noise);
	return rc ? 1 : 0;
}

static int blur(const char *in, const char *out_path, int strength)
{
	const struct image_limits lim = { 32u << 20, 50000000u, 12000 };
	gchar *data = NULL;
	gsize n = 0;
	struct buf out;
	const char *why = "";
	FILE *f;

	if (!g_file_get_contents(in, &data, &n, NULL))
		return 1;
	buf_init(&out, 0);
	if (image_process(data, n, &lim, IMAGE_EFFECT_BLUR, strength, 0, &out,
			  NULL, NULL, &why) < 0) {
		fprintf(stderr, "photo_bench: %s\n", why);
		return 1;
	}
	g_free(data);
	f = fopen(out_path, "wb");
	if (!f || fwrite(out.data, 1, out.len, f) != out.len || fclose(f))
		return 1;
	buf_release(&out);
	return 0;
}

int main(int argc, char **argv)
{
	if (image_init() < 0)
		return 1;
	if (argc == 5 && !strcmp(argv[1], "make"))
		return make(argv[2], atoi(argv[3]), atoi(argv[4]));
	if ((argc == 4 || argc == 5) && !strcmp(argv[1], "blur"))
		return blur(argv[2], argv[3], argc == 5 ? atoi(argv[4]) : 5);
	fprintf(stderr, "usage: photo_bench make OUT W H | blur IN OUT [S]\n");
	return 2;
}
