/*
 * sandbox.c - landlock (raw system calls: glibc has no wrappers) and a
 * libseccomp allowlist.  See sandbox.h for the why and the order.
 */
#include "sandbox.h"
#include "err.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/landlock.h>
#include <seccomp.h>

#include "banned.h"

/* Debian 12's headers know ABI 1-2; the rights of later ABIs by value. */
#ifndef LANDLOCK_ACCESS_FS_REFER
#define LANDLOCK_ACCESS_FS_REFER (1ULL << 13)
#endif
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14)
#endif
#ifndef LANDLOCK_ACCESS_FS_IOCTL_DEV
#define LANDLOCK_ACCESS_FS_IOCTL_DEV (1ULL << 15)
#endif
#ifndef LANDLOCK_CREATE_RULESET_VERSION
#define LANDLOCK_CREATE_RULESET_VERSION (1U << 0)
#endif

#if defined(__SANITIZE_ADDRESS__)
#define MM_SANDBOX_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MM_SANDBOX_ASAN 1
#endif
#endif

#define LL(x) LANDLOCK_ACCESS_FS_##x

/* What the server does in the database and temporary directories:
 * create, write, truncate and remove files (SQLite's -wal, -shm,
 * -journal and temporary files) and directories.  No devices, sockets,
 * fifos, links or execution. */
static const uint64_t rights_rw = LL(READ_FILE) | LL(WRITE_FILE) |
	LL(READ_DIR) | LL(REMOVE_FILE) | LL(REMOVE_DIR) | LL(MAKE_REG) |
	LL(MAKE_DIR) | LL(TRUNCATE);
static const uint64_t rights_ro = LL(READ_FILE) | LL(READ_DIR);
/* The rights landlock accepts on a file that is not a directory. */
static const uint64_t rights_file = LL(EXECUTE) | LL(WRITE_FILE) |
	LL(READ_FILE) | LL(TRUNCATE) | LL(IOCTL_DEV);

/*
 * Read-only for every server: /usr holds the libraries loaded late
 * (name service modules, libpq's TLS), ICU's data and the fonts; /etc
 * the time zone (glibc looks at it again on localtime()) and what
 * resolving a PostgreSQL host name reads; /sys the CPU count that
 * sysconf() reads.  Not /etc as a whole, not /home, not /proc.
 */
static const char *const fixed_ro[] = {
	"/usr", "/etc/localtime", "/etc/timezone", "/etc/ld.so.cache", "/etc/hosts",
	"/etc/nsswitch.conf", "/etc/resolv.conf", "/etc/host.conf",
	"/etc/gai.conf", "/etc/services", "/etc/ssl",
	"/sys/devices/system/cpu", "/dev/urandom",
};

int sandbox_paths_add(struct sandbox_paths *p, const char *path, int rw)
{
	const char **list = rw ? p->rw : p->ro;
	size_t *n = rw ? &p->n_rw : &p->n_ro;

	if (*n >= SANDBOX_PATHS_MAX)
		return MM_EOVERFLOW;
	list[(*n)++] = path;
	return 0;
}

int sandbox_available(void)
{
#ifdef MM_SANDBOX_ASAN
	return 0;
#else
	return 1;
#endif
}

int sandbox_landlock_abi(void)
{
	long v = syscall(SYS_landlock_create_ruleset, NULL, 0,
			 LANDLOCK_CREATE_RULESET_VERSION);

	return v > 0 ? (int)v : 0;
}

/* The rights this kernel knows: asking to handle more fails. */
static uint64_t handled_rights(int abi)
{
	uint64_t r = (LL(MAKE_SYM) << 1) - 1; /* ABI 1: bits 0-12 */

	if (abi >= 2)
		r |= LL(REFER);
	if (abi >= 3)
		r |= LL(TRUNCATE);
	if (abi >= 5)
		r |= LL(IOCTL_DEV);
	return r;
}

/* Allows access (cut to what the path's kind takes) beneath path; a path
 * that does not exist is skipped.  0, or MM_EIO with the reason. */
static int allow(int ruleset, const char *path, uint64_t access,
		 uint64_t handled, char *err, size_t errlen)
{
	struct landlock_path_beneath_attr rule = { 0 };
	struct stat st;
	int fd = open(path, O_PATH | O_CLOEXEC);
	int rc = 0;

	if (fd < 0)
		return 0;
	if (fstat(fd, &st) == 0 && !S_ISDIR(st.st_mode))
		access &= rights_file;
	rule.allowed_access = access & handled;
	rule.parent_fd = fd;
	if (syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH,
		    &rule, 0) != 0) {
		snprintf(err, errlen, "landlock_add_rule %s: %s", path,
			 strerror(errno));
		rc = MM_EIO;
	}
	close(fd);
	return rc;
}

/* A read-only directory that does not exist yet (the backup timer makes
 * [metrics] backup_dir on its first run) is read through its nearest
 * existing parent, so the server sees it appear; never through "/". */
static int allow_ro(int ruleset, const char *path, uint64_t handled,
		    char *err, size_t errlen)
{
	char up[1024];
	struct stat st;
	char *slash;

	if (snprintf(up, sizeof(up), "%s", path) >= (int)sizeof(up))
		return 0;
	while (stat(up, &st) != 0 && errno == ENOENT) {
		slash = strrchr(up, '/');
		if (!slash || slash == up)
			return 0;
		*slash = '\0';
	}
	return allow(ruleset, up, rights_ro, handled, err, errlen);
}

static int add_rules(int ruleset, const struct sandbox_paths *p,
		     uint64_t handled, char *err, size_t errlen)
{
	int rc = 0;

	for (size_t i = 0; !rc && i < sizeof(fixed_ro) / sizeof(*fixed_ro); i++)
		rc = allow(ruleset, fixed_ro[i], rights_ro, handled, err, errlen);
	if (!rc)
		rc = allow(ruleset, "/dev/null", LL(READ_FILE) | LL(WRITE_FILE),
			   handled, err, errlen);
	for (size_t i = 0; !rc && i < p->n_ro; i++)
		rc = allow_ro(ruleset, p->ro[i], handled, err, errlen);
	for (size_t i = 0; !rc && i < p->n_rw; i++)
		rc = allow(ruleset, p->rw[i], rights_rw, handled, err, errlen);
	return rc;
}

int sandbox_limit_files(const struct sandbox_paths *p, char *err,
			size_t errlen)
{
	struct landlock_ruleset_attr attr = { 0 };
	int abi = sandbox_landlock_abi();
	int ruleset, rc;

	if (!abi)
		return MM_EUNSUPPORTED;
	attr.handled_access_fs = handled_rights(abi);
	ruleset = (int)syscall(SYS_landlock_create_ruleset, &attr,
			       sizeof(attr), 0);
	if (ruleset < 0) {
		snprintf(err, errlen, "landlock_create_ruleset: %s",
			 strerror(errno));
		return MM_EIO;
	}
	rc = add_rules(ruleset, p, attr.handled_access_fs, err, errlen);
	if (!rc && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
		snprintf(err, errlen, "no_new_privs: %s", strerror(errno));
		rc = MM_EIO;
	}
	if (!rc && syscall(SYS_landlock_restrict_self, ruleset, 0) != 0) {
		snprintf(err, errlen, "landlock_restrict_self: %s",
			 strerror(errno));
		rc = MM_EIO;
	}
	close(ruleset);
	return rc;
}

/*
 * The calls a running server makes (found by running the whole HTTP
 * suite, both backends, under `strace -f -c`), by what needs them.
 */
static const char *const allowed_calls[] = {
	/* files: SQLite (pread/pwrite, fcntl locks, fsync), metrics dirs */
	"read", "write", "readv", "writev", "pread64", "pwrite64", "lseek",
	"open", "openat", "close", "fstat", "stat", "lstat", "newfstatat",
	"statx", "access", "faccessat", "faccessat2", "fcntl", "flock",
	"fsync", "fdatasync", "ftruncate", "unlink", "unlinkat",
	"getdents64", "readlink", "getcwd",
	/* memory: malloc, libsodium's guarded pages */
	"brk", "mmap", "munmap", "mremap", "mprotect", "madvise", "mlock",
	"munlock",
	/* threads (libmicrohttpd, glibc) and time */
	"futex", "set_robust_list", "rseq", "exit",
	"exit_group", "sched_yield", "sched_getaffinity", "nanosleep",
	"clock_nanosleep", "clock_gettime", "clock_getres", "gettimeofday",
	"time",
	/* signals: sigwait for SIGTERM; MHD ignores SIGPIPE */
	"rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "rt_sigtimedwait",
	"sigaltstack",
	/*
	 * how the kernel resumes a timed wait (the guard's reaper in
	 * pthread_cond_timedwait, nanosleep) that a stop and continue
	 * (SIGSTOP/SIGCONT, a cgroup freeze and thaw) or a signal handler
	 * interrupted: refused, glibc aborts ("The futex facility returned
	 * an unexpected error code"; issue 14, found by fail_io_steps)
	 */
	"restart_syscall",
	/* sockets: the listener's connections, libpq's connection */
	"socket", "connect", "accept", "accept4", "shutdown", "setsockopt",
	"getsockopt", "getsockname", "getpeername", "sendto", "recvfrom",
	"sendmsg", "recvmsg", "poll", "ppoll", "select", "pselect6",
	"epoll_create1", "epoll_ctl", "epoll_wait", "epoll_pwait",
	"eventfd2", "pipe2",
	/* identity: libsodium's randomness */
	"getrandom", "getpid", "gettid", "getuid", "geteuid", "getgid",
	"getegid", "uname",
};

/* Calls nothing in the server makes and an attacker would want first:
 * killing the process ends the attempt. */
static const char *const fatal_calls[] = {
	"execve", "execveat", "ptrace", "process_vm_readv",
	"process_vm_writev",
};

static int add_calls(scmp_filter_ctx f, const char *const *names, size_t n,
		     uint32_t action, char *err, size_t errlen)
{
	for (size_t i = 0; i < n; i++) {
		int nr = seccomp_syscall_resolve_name(names[i]);
		int rc;

		if (nr == __NR_SCMP_ERROR)
			continue; /* not a call of this architecture */
		rc = seccomp_rule_add(f, action, nr, 0);
		if (rc < 0) {
			snprintf(err, errlen, "seccomp_rule_add %s: %s",
				 names[i], strerror(-rc));
			return MM_EIO;
		}
	}
	return 0;
}

int sandbox_limit_calls(char *err, size_t errlen)
{
	scmp_filter_ctx f = seccomp_init(SCMP_ACT_ERRNO(EPERM));
	int rc;

	if (!f) {
		snprintf(err, errlen, "seccomp_init failed");
		return MM_EIO;
	}
	rc = add_calls(f, allowed_calls,
		       sizeof(allowed_calls) / sizeof(*allowed_calls),
		       SCMP_ACT_ALLOW, err, errlen);
	if (!rc)
		rc = add_calls(f, fatal_calls,
			       sizeof(fatal_calls) / sizeof(*fatal_calls),
			       SCMP_ACT_KILL_PROCESS, err, errlen);
	/* abort() signals the process itself; no other process. */
	if (!rc && seccomp_rule_add(f, SCMP_ACT_ALLOW, SCMP_SYS(tgkill), 1,
				    SCMP_A0(SCMP_CMP_EQ,
					    (scmp_datum_t)getpid())) < 0)
		rc = MM_EIO;
	/* Threads, never processes: clone only with CLONE_THREAD.  clone3
	 * passes its flags in memory a filter cannot read, so it answers
	 * ENOSYS, on which glibc falls back to clone. */
	if (!rc && (seccomp_rule_add(f, SCMP_ACT_ALLOW, SCMP_SYS(clone), 1,
				     SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_THREAD,
					     CLONE_THREAD)) < 0 ||
		    seccomp_rule_add(f, SCMP_ACT_ERRNO(ENOSYS),
				     SCMP_SYS(clone3), 0) < 0))
		rc = MM_EIO;
	/* libmicrohttpd names its threads; no other prctl (no_new_privs is
	 * set already, and the dumpable flag stays as it is). */
	if (!rc && seccomp_rule_add(f, SCMP_ACT_ALLOW, SCMP_SYS(prctl), 1,
				    SCMP_A0(SCMP_CMP_EQ, PR_SET_NAME)) < 0)
		rc = MM_EIO;
	/* The refusals in the kernel's log (where it logs them at all). */
	if (!rc && (seccomp_attr_set(f, SCMP_FLTATR_CTL_LOG, 1) < 0 ||
		    seccomp_attr_set(f, SCMP_FLTATR_CTL_TSYNC, 1) < 0 ||
		    seccomp_attr_set(f, SCMP_FLTATR_CTL_NNP, 1) < 0))
		rc = MM_EIO;
	if (!rc) {
		int lr = seccomp_load(f);

		if (lr < 0) {
			snprintf(err, errlen, "seccomp_load: %s",
				 strerror(-lr));
			rc = MM_EIO;
		}
	} else if (!err[0]) {
		snprintf(err, errlen, "seccomp filter attributes refused");
	}
	seccomp_release(f);
	return rc;
}
