/*
 * sandbox.h - what `mamori serve` may still do once it has started (issue
 * 14): a landlock ruleset for the file system and a seccomp allowlist of
 * system calls, the way OpenBSD's unveil(2) and pledge(2) confine a
 * daemon.  The reason is the untrusted input the server parses in the
 * process that holds the database (multipart, CSV, CP932, JSON, forms):
 * a bug in a parser must not reach files or calls the server never needs.
 *
 * Two steps, because the kernel applies them differently:
 *  - sandbox_limit_files() before the server's threads exist: landlock
 *    binds the calling thread only, and threads created later inherit it.
 *  - sandbox_limit_calls() after the listener is bound: seccomp's filter
 *    is synchronised to every thread of the process (TSYNC), so bind(2)
 *    and listen(2) need not be on the list.
 * Both set no_new_privs.  Neither can be undone.
 *
 * Builds with AddressSanitizer skip both (sandbox_available() says 0):
 * the sanitizer reads /proc/self/maps, spawns the symbolizer and calls
 * what the allowlist leaves out when it reports.
 */
#ifndef MM_SANDBOX_H
#define MM_SANDBOX_H

#include <stddef.h>

enum { SANDBOX_PATHS_MAX = 16 };

/* The paths a running server may open: read-write ones (the database
 * directory, the temporary directory) and read-only ones (the metrics
 * directories, ...).  The caller owns the strings.  A read-write path
 * that does not exist is left out (nothing can be opened there either); a
 * read-only one is read through its nearest existing parent (not "/"), so
 * a directory a timer creates later is seen. */
struct sandbox_paths {
	const char *rw[SANDBOX_PATHS_MAX];
	size_t n_rw;
	const char *ro[SANDBOX_PATHS_MAX];
	size_t n_ro;
};

/*
 * sandbox_paths_add - appends path to p's read-write (rw != 0) or
 * read-only list.  Returns 0, or MM_EOVERFLOW when the list is full.
 */
int sandbox_paths_add(struct sandbox_paths *p, const char *path, int rw);

/*
 * sandbox_available - 1 when this build can confine itself, 0 under
 * AddressSanitizer (see above).
 */
int sandbox_available(void);

/*
 * sandbox_landlock_abi - the landlock ABI version of the running kernel,
 * or 0 when it has none (too old, or landlock not among its LSMs).
 */
int sandbox_landlock_abi(void);

/*
 * sandbox_limit_files - lets the calling thread (and the threads and
 * processes it creates from now on) open only what p names, plus the
 * fixed read-only set every server needs (sandbox.c: /usr for libraries
 * loaded late, ICU data and fonts; the time zone, name resolution files;
 * /dev/null and /dev/urandom).  Returns 0; MM_EUNSUPPORTED when the
 * kernel has no landlock (nothing changed; the caller decides whether to
 * go on); MM_EIO when the kernel refused the ruleset, with an English
 * reason in err (errlen bytes).
 */
int sandbox_limit_files(const struct sandbox_paths *p, char *err,
			size_t errlen);

/*
 * sandbox_limit_calls - installs the seccomp allowlist on every thread of
 * the process.  A call on the list runs (clone only for a thread: no new
 * processes); execve, ptrace and the like kill the process; any other
 * call fails with EPERM (and the kernel logs it
 * where audit logging is on), so a call the list missed fails one request
 * instead of killing the server.  Returns 0, or MM_EIO with an English
 * reason in err (errlen bytes).
 */
int sandbox_limit_calls(char *err, size_t errlen);

#endif
