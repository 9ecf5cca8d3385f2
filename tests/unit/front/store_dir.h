/*
 * store_dir.h - a SQLite store of its own in a fresh temporary directory,
 * for the front-end tests that call handlers against a real store
 * (test_api.c, test_refused.c).
 */
#ifndef MM_TEST_FRONT_STORE_DIR_H
#define MM_TEST_FRONT_STORE_DIR_H

#include <stdio.h>
#include <unistd.h>

#include "store/store.h"

/* Makes /tmp/<prefix>-XXXXXX in dir (64 bytes) and opens a new database
 * m.db in it as *s: 0, or -1 when either fails. */
static inline int store_dir_open(char dir[64], const char *prefix,
				 struct store **s)
{
	char url[128];

	snprintf(dir, 64, "/tmp/%s-XXXXXX", prefix);
	if (!mkdtemp(dir))
		return -1;
	snprintf(url, sizeof(url), "sqlite:%s/m.db", dir);
	return store_open(url, 1, s) < 0 ? -1 : 0;
}

/* Closes s and removes the database's files and the directory. */
static inline void store_dir_remove(const char *dir, struct store *s)
{
	char path[128];

	store_close(s);
	for (const char *const *x = (const char *const[]){ "", "-wal", "-shm",
							   NULL }; *x; x++) {
		snprintf(path, sizeof(path), "%s/m.db%s", dir, *x);
		unlink(path);
	}
	rmdir(dir);
}

#endif
