/*
 * fail_alloc.c - an LD_PRELOAD shim for tests: the Nth memory allocation
 * after arming fails (malloc, calloc and realloc return NULL with
 * ENOMEM), the way SQLite and curl test their out-of-memory paths
 * (issue 14, tests/crash/fail_io_steps.test.mjs).
 *
 * Arming cannot read a file on every allocation (reading one allocates),
 * so the test writes N into the file named by $MM_FAIL_ALLOC_CTL and
 * sends SIGUSR2; the handler reads it with async-signal-safe calls, sets
 * the countdown (no file: disarmed) and creates "<ctl>.armed" as the
 * acknowledgement.  The allocation that fails creates "<ctl>.fired".
 * The countdown counts every thread's allocations: the test sends one
 * request at a time.  The real allocator is glibc's __libc_* (no dlsym,
 * which allocates itself).  Test code only: never linked into Mamori.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t n);

static atomic_long countdown; /* 0: disarmed */
static int trace; /* $MM_FAIL_ALLOC_TRACE: where each failure was */
static char ctl[PATH_MAX - 16];
static char fired_path[PATH_MAX];
static char armed_path[PATH_MAX];

static void touch(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);

	if (fd >= 0)
		close(fd);
}

/* SIGUSR2: (re)reads the control file; async-signal-safe calls only. */
static void on_arm(int sig)
{
	char text[32];
	long n = 0;
	ssize_t len;
	int fd, saved = errno;

	(void)sig;
	fd = open(ctl, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		len = read(fd, text, sizeof(text) - 1);
		close(fd);
		for (ssize_t i = 0; i < len && text[i] >= '0' && text[i] <= '9'; i++)
			n = n * 10 + (text[i] - '0');
	}
	atomic_store(&countdown, n);
	touch(armed_path);
	errno = saved;
}

/* A crash under test: where it was, on stderr, then the default death. */
static void on_crash(int sig)
{
	void *frames[64];
	int n = backtrace(frames, 64);

	backtrace_symbols_fd(frames, n, 2);
	signal(sig, SIG_DFL);
	raise(sig);
}

__attribute__((constructor)) static void fail_alloc_init(void)
{
	void *warm[1];
	const char *c = getenv("MM_FAIL_ALLOC_CTL");
	struct sigaction sa;
	size_t len;

	if (!c || !*c || (len = strlen(c)) >= sizeof(ctl))
		return;
	memcpy(ctl, c, len + 1);
	trace = getenv("MM_FAIL_ALLOC_TRACE") != NULL;
	memcpy(fired_path, ctl, len);
	memcpy(fired_path + len, ".fired", sizeof(".fired"));
	memcpy(armed_path, ctl, len);
	memcpy(armed_path + len, ".armed", sizeof(".armed"));
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_arm;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR2, &sa, NULL);
	backtrace(warm, 1); /* loads libgcc now: backtrace allocates once */
	signal(SIGABRT, on_crash);
	signal(SIGSEGV, on_crash);
}

/* Whether this allocation is the Nth since arming. */
static int fails(void)
{
	long c = atomic_load_explicit(&countdown, memory_order_relaxed);

	if (c <= 0)
		return 0;
	if (atomic_fetch_sub(&countdown, 1) != 1)
		return 0;
	touch(fired_path);
	if (trace) {
		void *frames[32];

		write(2, "fail_alloc: fired\n", 18);
		backtrace_symbols_fd(frames, backtrace(frames, 32), 2);
	}
	errno = ENOMEM;
	return 1;
}

void *malloc(size_t n)
{
	return fails() ? NULL : __libc_malloc(n);
}

void *calloc(size_t n, size_t size)
{
	return fails() ? NULL : __libc_calloc(n, size);
}

void *realloc(void *p, size_t n)
{
	return fails() ? NULL : __libc_realloc(p, n);
}
