#include "route.h"

#include <string.h>

#include "lib/util.h"
#include "lib/banned.h"

/* Parses one {id} segment of len bytes: a positive decimal int64. */
static int match_id(const char *seg, size_t len, int64_t *out)
{
	char tmp[24];

	if (len == 0 || len >= sizeof(tmp) || seg[0] == '0')
		return 0;
	memcpy(tmp, seg, len);
	tmp[len] = '\0';
	return parse_int64(tmp, 1, INT64_MAX, out) == 0;
}

int route_match(const char *pattern, const char *path, int64_t *params,
		size_t *n)
{
	size_t np = 0;

	while (*pattern && *path) {
		if (!strcmp(pattern, "/*"))
			/* A trailing "/" + "*" matches any non-empty rest. */
			return *path == '/' && path[1] != '\0' &&
			       (*n = np, 1);
		if (!strncmp(pattern, "{id}", 4)) {
			size_t len = strcspn(path, "/");
			if (np >= HTTP_MAX_PATH_PARAMS ||
			    !match_id(path, len, &params[np]))
				return 0;
			np++;
			pattern += 4;
			path += len;
			continue;
		}
		if (*pattern != *path)
			return 0;
		pattern++;
		path++;
	}
	if (*pattern || *path)
		return 0;
	*n = np;
	return 1;
}
