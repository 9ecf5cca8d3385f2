/*
 * image.h - the image adapter of staff face photos (R-PHOTO-3, R-PHOTO-4,
 * issue 10): libvips behind a small interface, so that nothing else of
 * Mamori sees glib or vips.
 *
 * It lives in app/ (an adapter of the front end, like the store is one of
 * the database): core/ stays free of I/O and libraries, and the only
 * users are the photo handlers of web/ and api/ and bench/photo.sh's
 * driver.  Everything is done in memory: the upload is decoded from its
 * bytes (vips_image_new_from_buffer through the one loader its sniffed
 * type names), never written to a file; the loaders of every other
 * format (ImageMagick, PDF, SVG ...) are blocked at image_init().
 */
#ifndef MM_APP_IMAGE_H
#define MM_APP_IMAGE_H
#ifndef MM_SEES_APP /* the layers: HACKING.md */
#error "layer: app/ is seen only by the front end (app, web, api, cli)"
#endif

#include <stddef.h>
#include <stdint.h>

#include "../lib/buf.h"

/* The processing a user picks.  Values are stored in the database. */
enum image_effect {
	IMAGE_EFFECT_NONE = 0,
	IMAGE_EFFECT_MOSAIC = 1, /* モザイク */
	IMAGE_EFFECT_BLUR = 2,   /* ぼかし */
	IMAGE_EFFECT_WARP = 3,   /* ゆがみ */
	IMAGE_EFFECT__COUNT
};

#define IMAGE_STRENGTH_MIN 1
#define IMAGE_STRENGTH_MAX 10

/* The formats an upload may be, sniffed from its first bytes. */
enum image_type {
	IMAGE_TYPE_NONE = 0,
	IMAGE_TYPE_JPEG = 1,
	IMAGE_TYPE_PNG = 2,
	IMAGE_TYPE_HEIC = 3,
};

/* Caps of one upload (config [photos]). */
struct image_limits {
	size_t max_bytes;     /* the upload's size */
	uint64_t max_pixels;  /* width x height as the header declares */
	int max_side;         /* the longer side, in pixels */
};

/* The Japanese answers to a bad upload (same on every front end). */
#define MM_IMAGE_EMPTY_MSG "画像ファイルを選んでください"
#define MM_IMAGE_TOO_LARGE_MSG "画像ファイルが大きすぎます"
#define MM_IMAGE_TYPE_MSG "JPEG・PNG（読める場合は HEIC）の画像を選んでください"
#define MM_IMAGE_CORRUPT_MSG "画像が壊れているか途中で切れているため読めません"
#define MM_IMAGE_PIXELS_MSG "画像の画素数（縦横の大きさ）が上限を超えています"
#define MM_IMAGE_METADATA_MSG \
	"加工後の画像にメタデータが残っているため保存しません"
#define MM_IMAGE_FAILED_MSG "画像を加工できませんでした"

/*
 * image_init - starts libvips for the process: one worker thread, no
 * operation cache, untrusted loaders and every loader but JPEG, PNG and
 * HEIF blocked.  Called once by `serve` before the sandbox is entered
 * (vips loads its modules then).  Returns 0 or MM_EIO.
 */
int image_init(void);

/*
 * image_sniff - the type of n bytes of data by their signature (never
 * the file name or the client's Content-Type): JPEG, PNG, or HEIC when
 * this libvips reads it; IMAGE_TYPE_NONE otherwise.
 */
enum image_type image_sniff(const void *data, size_t n);

/*
 * image_process - decodes the n bytes of an upload in memory, checks the
 * caps, applies effect at strength (IMAGE_STRENGTH_MIN..MAX, relative to
 * the image's size so a preview looks like the result) and appends to
 * out a JPEG with no metadata at all (vips strip), which it then re-reads
 * (image_metadata_left) before it answers.  preview_side > 0 makes a
 * preview whose longer side is at most that many pixels.  *w, *h (may be
 * NULL) receive the output's size.  Returns 0; MM_EINVAL with *why a
 * static Japanese message (MM_IMAGE_*_MSG) for a bad upload or argument;
 * MM_EOVERFLOW (*why set) over a cap; MM_EIO (*why set) when the output
 * still carries metadata or vips failed; MM_ENOMEM.
 */
int image_process(const void *data, size_t n, const struct image_limits *lim,
		  enum image_effect effect, int strength, int preview_side,
		  struct buf *out, int *w, int *h, const char **why);

/*
 * image_metadata_left - 1 when the n bytes of a JPEG carry anything but
 * the picture: an APP1..APP15 segment (Exif with GPS, XMP, ICC, IPTC ...),
 * a comment, a JFIF thumbnail, or fields vips reads as metadata; 0 when
 * none; MM_EINVAL when the bytes are not a readable JPEG.
 */
int image_metadata_left(const void *data, size_t n);

#endif
