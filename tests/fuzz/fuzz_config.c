/*
 * fuzz_config.c - libFuzzer harness for config_load() (lib/config.h), the
 * inih-based reader of the one configuration file.  The input is written
 * to a temporary file (config_load reads a path) and loaded over the
 * defaults.
 *
 * Beyond "does not crash", it checks what config.h promises: an error
 * leaves the struct exactly as it was and says "line N: ..."; a load
 * that succeeds keeps every option within its range (the same bounds
 * the option table sets) and the strings NUL-terminated.  See replay.c
 * for running it.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/config.h"
#include "lib/err.h"

#include "lib/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[64];

/* One temporary file for the whole run, removed at exit. */
static void forget_file(void)
{
	unlink(path);
}

static int write_input(const uint8_t *data, size_t size)
{
	FILE *f;

	if (!path[0]) {
		int fd;

		snprintf(path, sizeof(path), "/tmp/mamori-fuzz-config-XXXXXX");
		fd = mkstemp(path);
		if (fd < 0)
			return -1;
		close(fd);
		atexit(forget_file);
	}
	f = fopen(path, "wb");
	if (!f)
		return -1;
	if (size && fwrite(data, 1, size, f) != size) {
		fclose(f);
		return -1;
	}
	return fclose(f) == 0 ? 0 : -1;
}

static void check_ranges(const struct config *c)
{
	if (strnlen(c->listen_addr, sizeof(c->listen_addr)) >=
		    sizeof(c->listen_addr) ||
	    strnlen(c->db_url, sizeof(c->db_url)) >= sizeof(c->db_url) ||
	    !c->db_url[0])
		abort();
	if (c->listen_port > 65535 || c->threads == 0 || c->tls < 0 ||
	    c->tls > 1 || c->idle_secs < 60 || c->idle_secs > 24 * 3600 ||
	    c->absolute_secs < 3600 || c->absolute_secs > 72 * 3600 ||
	    c->max_fail_account < 1 || c->max_fail_addr < 1 ||
	    c->fail_window_secs < 60 || c->slow_down_secs < 0 ||
	    c->slow_down_secs > 3600 || c->trusted_proxies.n > NETADDR_LIST_MAX)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config c, before;
	char err[256] = "";
	int rc;

	if (write_input(data, size) < 0)
		return 0;
	config_defaults(&c);
	memcpy(&before, &c, sizeof(c));
	rc = config_load(&c, path, err, sizeof(err));
	if (rc == 0) {
		check_ranges(&c);
	} else if (rc != MM_EINVAL || strncmp(err, "line ", 5) ||
		   memcmp(&c, &before, sizeof(c))) {
		abort();
	} else if (strnlen(err, sizeof(err)) >= sizeof(err)) {
		abort();
	}
	return 0;
}
