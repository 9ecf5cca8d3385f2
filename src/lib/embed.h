/*
 * embed.h - files compiled into the binary (static assets, SQL
 * migrations) by tools/embed.py.  Tables end with a NULL name and are
 * sorted by name.  The data is static and NUL-terminated (len excludes it).
 */
#ifndef MM_EMBED_H
#define MM_EMBED_H

#include <stddef.h>

struct embedded_file {
	const char *name;
	const unsigned char *data;
	size_t len;
};

/* embedded_find - the entry called name in table, or NULL. */
const struct embedded_file *embedded_find(const struct embedded_file *table,
					  const char *name);

#endif
