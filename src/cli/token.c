/*
 * token.c - `mamori token create`: an API token for a user, shown once
 * and stored only as its SHA-256 (identity.h).
 */
#include "common.h"

#include <stdio.h>
#include <string.h>

#include "../core/identity.h"
#include "../core/validate.h"
#include "../lib/err.h"
#include "../lib/util.h"

#include "../lib/banned.h"

static const char usage[] =
	"usage: mamori token <subcommand> --db PATH [options]\n"
	"\n"
	"  create  --user LOGIN [--label TEXT] [--days N]\n"
	"\n"
	"`mamori token create --help` describes it.\n";
static const char usage_create[] =
	"usage: mamori token create --db PATH --user LOGIN [--label TEXT]"
	" [--days N]\n"
	"Creates an API token acting as LOGIN and prints it once; only its\n"
	"hash is stored.  Send it as `Authorization: Bearer TOKEN`.  It\n"
	"works for N days (1-3650; default 90, as [tokens] default_days).\n";

/* The default lifetime, as the server's [tokens] default_days. */
#define TOKEN_DEFAULT_DAYS 90

/* Labels name a token in lists ("nightly export"); 64 characters do. */
#define TOKEN_LABEL_CHARS 64

static int create_token(struct store *s, const char *login, const char *label,
			int64_t days)
{
	struct actor act = cli_actor();
	char token[MM_TOKEN_HEX];
	unsigned char hash[MM_HASH_BYTES];
	struct user u;
	int64_t id = 0;
	int rc;

	if (cli_find_user(s, login, &u))
		return CLI_FAIL;
	if (!u.active)
		return cli_fail("%s is deactivated", login);
	token_new(token);
	token_hash(token, hash);
	rc = store_token_create(s, &act, u.id, label, hash,
				now_unix() + days * 86400, &id);
	if (rc < 0) {
		explicit_bzero(token, sizeof(token));
		return cli_fail("cannot create the token: %s", mm_strerror(rc));
	}
	printf("token %lld for %s (shown only once):\n%s\n", (long long)id,
	       login, token);
	explicit_bzero(token, sizeof(token));
	return 0;
}

static int token_create_cmd(int argc, char **argv)
{
	const char *db, *login, *label, *days_s = NULL;
	struct cli_opt opts[] = {
		{ "db", &db, NULL, 1 },
		{ "user", &login, NULL, 1 },
		{ "label", &label, NULL, 0 },
		{ "days", &days_s, NULL, 0 },
	};
	int64_t days = TOKEN_DEFAULT_DAYS;
	const char *why = NULL;
	struct store *s;
	int rc = cli_parse(argc, argv, opts, 4, usage_create);

	if (rc >= 0)
		return rc;
	if (!label)
		label = "";
	if (validate_text(label, TOKEN_LABEL_CHARS, &why) < 0)
		return cli_fail("invalid label: %s", why ? why : "");
	if (days_s && parse_int64(days_s, 1, 3650, &days) < 0)
		return cli_fail("--days must be a number of days from 1 to 3650");
	if (cli_open(db, &s))
		return CLI_FAIL;
	rc = create_token(s, login, label, days);
	store_close(s);
	return rc ? CLI_FAIL : CLI_OK;
}

int cmd_token(int argc, char **argv)
{
	static const char *const names[] = { "create" };
	int sub, at;
	int rc = cli_group(argc, argv, names, 1, &sub, &at, usage);

	if (rc >= 0)
		return rc;
	return token_create_cmd(argc - at, argv + at);
}
