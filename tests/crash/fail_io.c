/*
 * fail_io.c - an LD_PRELOAD shim for tests: while the file named by
 * $MM_FAIL_IO_FLAG exists, every read, write and sync of a file under
 * $MM_FAIL_IO_DIR fails with EIO (only writes and syncs when the flag
 * file starts with "w"), so a running server's SQLite database becomes
 * unreadable or unwritable mid-run the way a failing disk would make it
 * (tests/crash/db_unreachable.test.mjs, issue 14).  SQLite 3.40 reports
 * a read's EIO as SQLITE_CORRUPT (IOERR_CORRUPTFS), a write's as
 * SQLITE_IOERR_WRITE.  SQLite
 * calls these through libc, so preloading this library intercepts them;
 * everything else (sockets, other files, the flag absent) goes to libc.
 * Test code only: never linked into Mamori.
 *
 * Countdown mode (tests/crash/fail_io_steps.test.mjs, the way SQLite's
 * own tests fail "the Nth I/O"): while the file named by
 * $MM_FAIL_IO_COUNT exists and holds "<kinds> <n> <generation>", the nth
 * call of those kinds (r: pread, w: pwrite and ftruncate, s: fsync and
 * fdatasync) on a file under $MM_FAIL_IO_DIR fails with EIO, once, and
 * the shim deletes the file.  An upper-case kind (R, W, S) is
 * persistent: the nth call and every later one of that kind fail until
 * the test deletes the file (a disk that stays broken, then is
 * replaced).  Either way the shim creates "<file>.fired", which tells
 * the test a failure was injected.  A new generation restarts the count.
 * Kind f (F: persistent) counts the writes as w does but fails the nth
 * with ENOSPC, a full disk (SQLite's SQLITE_FULL) rather than EIO.
 */
/* Both pread and pread64 are defined here: no redirection of one to the
 * other by the large-file headers. */
#undef _FILE_OFFSET_BITS
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <pthread.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

/* Whether the flag file says only writes fail ("w"). */
static int writes_only(const char *flag)
{
	FILE *f = fopen(flag, "r");
	int c;

	if (!f)
		return 0;
	c = fgetc(f);
	fclose(f);
	return c == 'w';
}

/* Whether fd is an open file under $MM_FAIL_IO_DIR. */
static int under_dir(int fd)
{
	const char *dir = getenv("MM_FAIL_IO_DIR");
	char link[64], path[PATH_MAX];
	ssize_t n;

	if (!dir || !*dir)
		return 0;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, path, sizeof(path) - 1);
	if (n <= 0)
		return 0;
	path[n] = '\0';
	return strncmp(path, dir, strlen(dir)) == 0;
}

static pthread_mutex_t count_lock = PTHREAD_MUTEX_INITIALIZER;
static long count_generation = -1; /* of the count below */
static long count_left;
static int count_fired;

/* Leaves "<ctl>.fired" for the test. */
static void mark_fired(const char *ctl)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s.fired", ctl);
	f = fopen(path, "w");
	if (f)
		fclose(f);
}

/* The kinds letter that counts a call of kind (r, w or s): f counts
 * writes too.  0: none of kinds counts it. */
static char counting_kind(const char *kinds, char kind)
{
	if (strchr(kinds, kind) || strchr(kinds, kind - 'a' + 'A'))
		return kind;
	if (kind == 'w' && (strchr(kinds, 'f') || strchr(kinds, 'F')))
		return 'f';
	return 0;
}

/* The control file as last read, and when it was written. */
static struct {
	ino_t ino;
	struct timespec mtime;
	char kinds[8];
	long n, gen;
} seen = { .gen = -1 };

/* Reads the control file anew only when it changed since (a stat, not an
 * open, read and parse on every call: a checkpoint makes hundreds of
 * calls).  A test that arms twice within one tick of the file system's
 * clock sets the file's time itself (fail_io_steps sets it to the
 * generation).  Called with count_lock held. */
static void read_control(const char *ctl, const struct stat *st)
{
	char text[64];
	ssize_t len;
	int fd;

	if (st->st_ino == seen.ino && st->st_mtim.tv_sec == seen.mtime.tv_sec &&
	    st->st_mtim.tv_nsec == seen.mtime.tv_nsec && seen.gen >= 0)
		return;
	seen.gen = -1;
	fd = open(ctl, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	len = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (len <= 0)
		return;
	text[len] = '\0';
	if (sscanf(text, "%7s %ld %ld", seen.kinds, &seen.n, &seen.gen) != 3) {
		seen.gen = -1;
		return;
	}
	seen.ino = st->st_ino;
	seen.mtime = st->st_mtim;
}

/* Countdown mode: 0, or the errno with which this call (of kind r, w or
 * s) fails. */
static int countdown_fires(int fd, char kind)
{
	const char *ctl = getenv("MM_FAIL_IO_COUNT");
	struct stat st;
	int fire = 0, persist;

	if (!ctl || stat(ctl, &st) != 0)
		return 0;
	pthread_mutex_lock(&count_lock);
	read_control(ctl, &st);
	kind = seen.gen < 0 ? 0 : counting_kind(seen.kinds, kind);
	if (!kind || !under_dir(fd)) {
		pthread_mutex_unlock(&count_lock);
		return 0;
	}
	persist = strchr(seen.kinds, kind - 'a' + 'A') != NULL;
	if (seen.gen != count_generation) {
		count_generation = seen.gen;
		count_left = seen.n;
		count_fired = 0;
	}
	if (persist && count_fired) {
		fire = 1;
	} else if (count_left > 0 && --count_left == 0) {
		fire = 1;
		count_fired = 1;
		mark_fired(ctl);
		if (!persist)
			unlink(ctl);
	}
	pthread_mutex_unlock(&count_lock);
	return fire ? (kind == 'f' ? ENOSPC : EIO) : 0;
}

/* Whether fd is a file under the directory while the flag exists. */
static int armed_for(int fd, int write)
{
	const char *flag = getenv("MM_FAIL_IO_FLAG");

	if (!flag || access(flag, F_OK) != 0)
		return 0;
	if (!write && writes_only(flag))
		return 0;
	return under_dir(fd);
}

#define REAL(name) \
	static __typeof__(name) *real; \
	if (!real) \
		real = (__typeof__(name) *)dlsym(RTLD_NEXT, #name)

#define FAIL_IF_ARMED(fd, write, kind) \
	do { \
		int fail_with = countdown_fires(fd, kind); \
		if (fail_with || armed_for(fd, write)) { \
			errno = fail_with ? fail_with : EIO; \
			return -1; \
		} \
	} while (0)

ssize_t pread(int fd, void *buf, size_t n, off_t off)
{
	REAL(pread);
	FAIL_IF_ARMED(fd, 0, 'r');
	return real(fd, buf, n, off);
}

ssize_t pread64(int fd, void *buf, size_t n, off64_t off)
{
	REAL(pread64);
	FAIL_IF_ARMED(fd, 0, 'r');
	return real(fd, buf, n, off);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
	REAL(pwrite);
	FAIL_IF_ARMED(fd, 1, 'w');
	return real(fd, buf, n, off);
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off64_t off)
{
	REAL(pwrite64);
	FAIL_IF_ARMED(fd, 1, 'w');
	return real(fd, buf, n, off);
}

int fsync(int fd)
{
	REAL(fsync);
	FAIL_IF_ARMED(fd, 1, 's');
	return real(fd);
}

int fdatasync(int fd)
{
	REAL(fdatasync);
	FAIL_IF_ARMED(fd, 1, 's');
	return real(fd);
}

/* Truncation fails only in countdown mode (a WAL reset is a write). */
int ftruncate(int fd, off_t len)
{
	int fail_with;

	REAL(ftruncate);
	if ((fail_with = countdown_fires(fd, 'w'))) {
		errno = fail_with;
		return -1;
	}
	return real(fd, len);
}

int ftruncate64(int fd, off64_t len)
{
	int fail_with;

	REAL(ftruncate64);
	if ((fail_with = countdown_fires(fd, 'w'))) {
		errno = fail_with;
		return -1;
	}
	return real(fd, len);
}
