/*
 * multipart.h - multipart/form-data bodies (RFC 7578), for file uploads.
 *
 * Our own small bounded parser (not MHD_PostProcessor), like form.h: the
 * boundary comes from the request's Content-Type; each part's headers
 * are read within MULTIPART_MAX_HEADER bytes; only Content-Disposition
 * (form-data, name, filename) and Content-Type are kept.  Part names and
 * file names must be valid UTF-8 without control characters; a part's
 * data is any bytes (a CP932 CSV file is not UTF-8).  Nothing is
 * allocated: a part's data points into the body, so the body must
 * outlive the struct multipart.  Fuzzed by tests/fuzz/fuzz_multipart.c.
 */
#ifndef MM_HTTP_MULTIPART_H
#define MM_HTTP_MULTIPART_H
#ifndef MM_SEES_HTTP /* the layers: HACKING.md */
#error "layer: http/ is seen only by http/ and the front end"
#endif

#include <stddef.h>

#define MULTIPART_MAX_PARTS 16
#define MULTIPART_MAX_BOUNDARY 70     /* RFC 2046 */
#define MULTIPART_MAX_HEADER 2048     /* bytes of one part's header block */
#define MULTIPART_MAX_NAME 128        /* bytes incl. NUL */
#define MULTIPART_MAX_FILENAME 256    /* bytes incl. NUL */
#define MULTIPART_MAX_TYPE 128        /* bytes incl. NUL */

struct multipart_part {
	char name[MULTIPART_MAX_NAME];
	char filename[MULTIPART_MAX_FILENAME]; /* "" when not a file */
	int is_file;                           /* a filename parameter was sent */
	char content_type[MULTIPART_MAX_TYPE]; /* "" when absent */
	const char *data;                      /* borrowed from the body */
	size_t len;
};

struct multipart {
	struct multipart_part parts[MULTIPART_MAX_PARTS];
	size_t n;
};

/*
 * multipart_boundary - the boundary parameter of a multipart/form-data
 * Content-Type (quoted or not) into out (MULTIPART_MAX_BOUNDARY + 1
 * bytes).  Returns 0, or MM_EINVAL when the type is not
 * multipart/form-data or the boundary is missing, empty, too long or has
 * characters RFC 2046 does not allow.
 */
int multipart_boundary(const char *content_type,
		       char out[MULTIPART_MAX_BOUNDARY + 1]);

/*
 * multipart_parse - splits n bytes of body sent with content_type into
 * m's parts.  max_part caps each part's data.  Returns 0; MM_EINVAL for a
 * bad type or boundary, a missing closing delimiter, a part without
 * Content-Disposition form-data and a name, a malformed header or name;
 * MM_EOVERFLOW for more than MULTIPART_MAX_PARTS parts, a header block,
 * name or file name over its cap or a part over max_part.  On error m->n
 * is 0.
 */
int multipart_parse(const char *content_type, const char *body, size_t n,
		    size_t max_part, struct multipart *m);

/* multipart_get - the first part named name, or NULL. */
const struct multipart_part *multipart_get(const struct multipart *m,
					   const char *name);

#endif
