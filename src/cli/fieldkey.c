/*
 * fieldkey.c - the field key file ([keys] field_key) of the commands that
 * open sealed data (issue 9).  Contract: common.h (cli_field_key).
 */
#include "common.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../lib/config.h"
#include "../lib/err.h"
#include "../store/store_seal.h"

#include "../lib/banned.h"

/*
 * Writes a new field key (64 hex characters) to path, which must not
 * exist: O_EXCL, 0600, so a key is never overwritten.
 */
static int field_key_create(const char *path)
{
	unsigned char key[32];
	char hex[65];
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	int ok;

	if (fd < 0)
		return cli_fail("cannot create the field key %s: %s", path,
				strerror(errno));
	randombytes_buf(key, sizeof key);
	sodium_bin2hex(hex, sizeof hex, key, sizeof key);
	ok = write(fd, hex, 64) == 64 && write(fd, "\n", 1) == 1 &&
	     fsync(fd) == 0;
	close(fd);
	sodium_memzero(key, sizeof key);
	sodium_memzero(hex, sizeof hex);
	if (!ok) {
		unlink(path);
		return cli_fail("cannot write the field key %s", path);
	}
	printf("mamori: new field key written to %s (0600); back it up apart"
	       " from the database\n", path);
	return 0;
}

/*
 * Reads the key file path into key.  A key others may read is refused:
 * it would let them open every sealed value.
 */
static int field_key_read(const char *path, unsigned char key[32])
{
	char hex[80];
	struct stat st;
	size_t len = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || fstat(fd, &st) < 0) {
		if (fd >= 0)
			close(fd);
		return cli_fail("cannot read the field key %s", path);
	}
	if (st.st_mode & 077) {
		close(fd);
		return cli_fail("the field key %s may be read by others: chmod 0600"
				" it (owner mamori)", path);
	}
	n = read(fd, hex, sizeof hex - 1);
	close(fd);
	if (n > 0)
		len = (size_t)n;
	while (len && (hex[len - 1] == '\n' || hex[len - 1] == '\r'))
		len--;
	hex[len] = '\0';
	if (len != 64 || sodium_hex2bin(key, 32, hex, len, NULL, NULL,
					NULL) != 0) {
		sodium_memzero(hex, sizeof hex);
		return cli_fail("%s is not a field key (64 hex characters)", path);
	}
	sodium_memzero(hex, sizeof hex);
	return 0;
}

/* The key file is missing: a new one only for a database that has no
 * sealed value and no key check (a new key would open none of them). */
static int field_key_missing(const char *path, enum store_key_state state,
			     int create)
{
	if (state == STORE_KEY_BOUND || state == STORE_KEY_UNBOUND_SEALED)
		return cli_fail("the field key %s is missing, but this database "
				"holds values sealed with it: restore the key "
				"file from its backup ([keys] field_key); a new "
				"key would open none of them, so none is made",
				path);
	if (!create)
		return cli_fail("the field key %s is missing", path);
	return field_key_create(path);
}

int cli_field_key(const struct config *cfg, struct store *s, int create,
		  unsigned char key[32], int *has_key)
{
	const char *path = cfg->field_key;
	enum store_key_state state = 0;
	struct actor a = cli_actor();
	int rc = store_field_key_state(s, NULL, &state);

	*has_key = 0;
	if (rc < 0)
		return cli_fail("cannot read the field key check: %s",
				mm_strerror(rc));
	if (!path[0]) {
		if (state == STORE_KEY_BOUND || state == STORE_KEY_UNBOUND_SEALED)
			return cli_fail("this database holds values sealed with "
					"a field key, but [keys] field_key names "
					"none: name the key file it was sealed "
					"with");
		return 0;
	}
	if (access(path, F_OK) != 0 &&
	    field_key_missing(path, state, create))
		return CLI_FAIL;
	if (field_key_read(path, key))
		return CLI_FAIL;
	rc = store_set_field_key(s, &a, key);
	if (rc == MM_EAUTH) {
		sodium_memzero(key, 32);
		return cli_fail("the field key %s is not the key this database "
				"was sealed with: it opens none of its sealed "
				"values; restore the right key file from its "
				"backup ([keys] field_key)", path);
	}
	if (rc < 0) {
		sodium_memzero(key, 32);
		return cli_fail("cannot set the field key: %s", mm_strerror(rc));
	}
	*has_key = 1;
	return 0;
}
