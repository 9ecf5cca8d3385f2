/*
 * test_sandbox.c - the sandbox of `mamori serve` (issue 14) refuses what
 * it must: each case forks, confines the child and reports what the
 * kernel answered through the child's exit status, since the sandbox
 * cannot be undone in the test process itself.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <pthread.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <cmocka.h>

#include "lib/sandbox.h"
#include "lib/err.h"

/* Where each case works: allowed (read-write), readable (read-only) and
 * outside (neither), each with a file in it. */
struct dirs {
	char root[64];
	char rw[96], ro[96], out[96];
	char rw_file[128], ro_file[128], out_file[128], link[128];
};

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void make_dirs(struct dirs *d)
{
	snprintf(d->root, sizeof(d->root), "/tmp/mamori-sandbox-XXXXXX");
	assert_non_null(mkdtemp(d->root));
	snprintf(d->rw, sizeof(d->rw), "%s/db", d->root);
	snprintf(d->ro, sizeof(d->ro), "%s/backups", d->root);
	snprintf(d->out, sizeof(d->out), "%s/elsewhere", d->root);
	assert_int_equal(mkdir(d->rw, 0700), 0);
	assert_int_equal(mkdir(d->ro, 0700), 0);
	assert_int_equal(mkdir(d->out, 0700), 0);
	snprintf(d->rw_file, sizeof(d->rw_file), "%s/mamori.db", d->rw);
	snprintf(d->ro_file, sizeof(d->ro_file), "%s/mamori-1.db", d->ro);
	snprintf(d->out_file, sizeof(d->out_file), "%s/secret", d->out);
	snprintf(d->link, sizeof(d->link), "%s/link", d->rw);
	write_file(d->rw_file, "db");
	write_file(d->ro_file, "backup");
	write_file(d->out_file, "secret");
	assert_int_equal(symlink(d->out_file, d->link), 0);
}

static void remove_dirs(const struct dirs *d)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", d->root);
	assert_int_equal(system(cmd), 0);
}

/* The child's status: exit code, or 100 + signal when killed. */
static int run_child(int (*fn)(const struct dirs *), const struct dirs *d)
{
	int st = 0;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0)
		_exit(fn(d));
	assert_int_equal(waitpid(pid, &st, 0), pid);
	if (WIFSIGNALED(st))
		return 100 + WTERMSIG(st);
	return WEXITSTATUS(st);
}

/* errno of opening path with flags (0 when it opened). */
static int open_errno(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC, 0600);

	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

/* In the child: confined to d; each check that fails has its own code. */
static int files_child(const struct dirs *d)
{
	struct sandbox_paths p = { 0 };
	char err[256] = "", path[160];

	sandbox_paths_add(&p, d->rw, 1);
	sandbox_paths_add(&p, d->ro, 0);
	if (sandbox_limit_files(&p, err, sizeof(err)) != 0)
		return 2;
	/* What the server does: SQLite's files beneath the database's
	 * directory, the backups read. */
	if (open_errno(d->rw_file, O_RDWR))
		return 3;
	snprintf(path, sizeof(path), "%s/mamori.db-wal", d->rw);
	if (open_errno(path, O_RDWR | O_CREAT) || unlink(path) != 0)
		return 4;
	if (open_errno(d->ro_file, O_RDONLY))
		return 5;
	if (open_errno("/usr/share/zoneinfo/Asia/Tokyo", O_RDONLY) == EACCES)
		return 6;
	/* What it must not: anything else, by path or by a link. */
	if (open_errno(d->out_file, O_RDONLY) != EACCES)
		return 7;
	if (open_errno(d->link, O_RDONLY) != EACCES)
		return 8;
	if (open_errno(d->ro_file, O_WRONLY) != EACCES)
		return 9;
	if (open_errno("/etc/passwd", O_RDONLY) != EACCES)
		return 10;
	snprintf(path, sizeof(path), "%s/new", d->out);
	if (open_errno(path, O_WRONLY | O_CREAT) != EACCES)
		return 11;
	return 0;
}

/* Issue 14: a path outside the ruleset is refused with EACCES. */
static void test_landlock_refuses_paths_outside(void **state)
{
	struct dirs d;
	(void)state;
	if (!sandbox_available() || !sandbox_landlock_abi())
		skip();
	make_dirs(&d);
	assert_int_equal(run_child(files_child, &d), 0);
	/* Nothing was created outside. */
	assert_int_equal(access(d.out_file, F_OK), 0);
	remove_dirs(&d);
}

static void *thread_main(void *arg)
{
	return arg;
}

/* In the child: a call off the list fails with EPERM, the server's own
 * calls still work; threads start, processes do not. */
static int calls_child(const struct dirs *d)
{
	char err[256] = "";
	pthread_t t;
	static int token;
	void *ret = NULL;
	pid_t pid;
	int fd;

	(void)d;
	if (sandbox_limit_calls(err, sizeof(err)) != 0)
		return 2;
	if (chdir("/") != -1 || errno != EPERM)
		return 3;
	fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, "x", 1) != 1)
		return 4;
	close(fd);
	if (getpid() <= 0)
		return 5;
	if (pthread_create(&t, NULL, thread_main, &token) != 0 ||
	    pthread_join(t, &ret) != 0 || ret != &token)
		return 6;
	pid = fork();
	if (pid == 0)
		_exit(0);
	if (pid != -1 || errno != EPERM)
		return 7;
	return 0;
}

static int ptrace_child(const struct dirs *d)
{
	char err[256] = "";

	(void)d;
	if (sandbox_limit_calls(err, sizeof(err)) != 0)
		return 2;
	ptrace(PTRACE_TRACEME, 0, NULL, NULL);
	return 3; /* still alive: the filter let it through */
}

static int execve_child(const struct dirs *d)
{
	char err[256] = "";
	char *const argv[] = { "true", NULL };
	char *const envp[] = { NULL };

	(void)d;
	if (sandbox_limit_calls(err, sizeof(err)) != 0)
		return 2;
	execve("/bin/true", argv, envp);
	return 3;
}

/* Issue 14: off the allowlist is EPERM, fork too; ptrace and execve kill. */
static void test_seccomp_refuses_calls(void **state)
{
	(void)state;
	if (!sandbox_available())
		skip();
	assert_int_equal(run_child(calls_child, NULL), 0);
	assert_int_equal(run_child(ptrace_child, NULL), 100 + SIGSYS);
	assert_int_equal(run_child(execve_child, NULL), 100 + SIGSYS);
}

static void test_paths_add_bounded(void **state)
{
	struct sandbox_paths p = { 0 };
	(void)state;
	for (int i = 0; i < SANDBOX_PATHS_MAX; i++)
		assert_int_equal(sandbox_paths_add(&p, "/tmp", 1), 0);
	assert_int_equal(sandbox_paths_add(&p, "/tmp", 1), MM_EOVERFLOW);
	assert_int_equal(sandbox_paths_add(&p, "/tmp", 0), 0);
	assert_int_equal(p.n_rw, SANDBOX_PATHS_MAX);
	assert_int_equal(p.n_ro, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paths_add_bounded),
		cmocka_unit_test(test_landlock_refuses_paths_outside),
		cmocka_unit_test(test_seccomp_refuses_calls),
	};
	return cmocka_run_group_tests_name("lib/sandbox", tests, NULL, NULL);
}
