/*
 * audit.c - `mamori audit verify|keygen|checkpoint`: recomputes the audit
 * hash chain, and signs its head into checkpoints kept off the host so
 * that a rewritten or cut trail is caught even when its new chain is
 * consistent (security-notes.md, signed checkpoints).
 */
#include "common.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "../core/checkpoint.h"
#include "../core/identity.h"
#include "../lib/buf.h"
#include "../lib/config.h"
#include "../lib/err.h"
#include "../lib/util.h"

#include "../lib/banned.h"

static const char usage[] =
	"usage: mamori audit <subcommand> ...\n"
	"\n"
	"  verify      recompute the audit trail's hash chain (and check a\n"
	"              signed checkpoint)\n"
	"  keygen      create the Ed25519 key pair that signs checkpoints\n"
	"  checkpoint  verify the chain and write a signed checkpoint of its head\n"
	"\n"
	"`mamori audit <subcommand> --help` describes each.\n";
static const char usage_verify[] =
	"usage: mamori audit verify --db PATH [--config FILE]\n"
	"                           [--checkpoint FILE --public FILE]\n"
	"Recomputes the hash chain of the audit trail from its first entry.\n"
	"On PostgreSQL it also counts the entries the sealer has not chained\n"
	"yet and fails when the oldest waited longer than [audit]\n"
	"max_unsealed_age_seconds of FILE (default 60).\n"
	"With a checkpoint (written by `mamori audit checkpoint`) and the public\n"
	"key, also checks its signature and that the entry at its seq still has\n"
	"its hash: a rewritten trail, or one cut below the checkpoint, fails.\n"
	"Exit 0 when intact, 1 when broken (the reason is named).\n";
static const char usage_keygen[] =
	"usage: mamori audit keygen --secret FILE --public FILE\n"
	"Creates an Ed25519 key pair for signing audit checkpoints: the secret\n"
	"key (mode 0600) and the public key (0644), as hex text.  Existing\n"
	"files are never overwritten.  Keep the public key off the host.\n";
static const char usage_checkpoint[] =
	"usage: mamori audit checkpoint --db PATH --secret FILE --out FILE\n"
	"Verifies the audit hash chain, then writes a checkpoint of its newest\n"
	"entry (seq, hash, time) signed with the secret key to FILE (replaced\n"
	"if present).  Copy it off the host: `mamori audit verify --checkpoint`\n"
	"then proves the trail up to that entry was not rewritten.\n";

/*
 * verify_chain - the chain of the sealed entries; with max_unsealed > 0
 * also the unsealed ones: their count and the age of the oldest, failing
 * past max_unsealed seconds (issue 12; 0: not judged, the checkpoint's
 * own verification).
 */
static int verify_chain_within(struct store *s, long max_unsealed)
{
	struct audit_verify_result r = { 0 };
	struct cli_progress p;
	int rc;

	cli_progress_init(&p, "audit verify");
	rc = store_audit_verify(s, &r, cli_progress_cb, &p);
	p.done = r.entries;
	if (p.total < r.entries)
		p.total = r.entries;
	cli_progress_end(&p, "entries");
	if (rc == MM_ECORRUPT) {
		fprintf(stderr, "audit trail broken at entry %lld: %s\n",
			(long long)r.first_bad_seq, r.reason);
		return CLI_FAIL;
	}
	if (rc < 0)
		return cli_fail("cannot read the audit trail: %s",
				mm_strerror(rc));
	printf("audit trail intact: %lld entries\n", (long long)r.entries);
	if (r.unsealed > 0) {
		int64_t age = now_unix() - r.oldest_unsealed_at;

		if (age < 0)
			age = 0;
		printf("not sealed yet: %lld entries, the oldest %lld s old\n",
		       (long long)r.unsealed, (long long)age);
		if (max_unsealed > 0 && age > max_unsealed) {
			fprintf(stderr, "audit trail not sealed in time: the"
				" oldest unsealed entry is %lld s old (bound"
				" %ld s): is any server's sealer running?\n",
				(long long)age, max_unsealed);
			return CLI_FAIL;
		}
	} else {
		printf("not sealed yet: 0 entries\n");
	}
	return CLI_OK;
}

static int verify_chain(struct store *s)
{
	return verify_chain_within(s, 0);
}

/* Reads the whole of the small file path into out (cap bytes, NUL added). */
static int read_small(const char *path, char *out, size_t cap, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return cli_fail("cannot read %s: %s", path, strerror(errno));
	n = fread(out, 1, cap - 1, f);
	if (ferror(f) || !feof(f) || fgetc(f) != EOF) {
		fclose(f);
		return cli_fail("%s: unreadable or too long", path);
	}
	fclose(f);
	out[n] = '\0';
	*len = n;
	return 0;
}

/* Writes len bytes to path with mode; excl: refuse an existing file. */
static int write_file(const char *path, const char *data, size_t len,
		      mode_t mode, int excl)
{
	int flags = O_WRONLY | O_CREAT | (excl ? O_EXCL : O_TRUNC);
	int fd = open(path, flags | O_CLOEXEC, mode);
	ssize_t w;

	if (fd < 0)
		return cli_fail("cannot create %s: %s", path, strerror(errno));
	/* an existing file keeps its mode under O_TRUNC; a new one gets mode
	 * whatever the umask (the secret key must not be group-readable) */
	if (excl && fchmod(fd, mode) < 0) {
		close(fd);
		return cli_fail("cannot set the mode of %s", path);
	}
	w = write(fd, data, len);
	if (w != (ssize_t)len || fsync(fd) < 0) {
		close(fd);
		return cli_fail("cannot write %s", path);
	}
	if (close(fd) < 0)
		return cli_fail("cannot write %s", path);
	return 0;
}

/* Reads a key of n bytes (checkpoint_key_text form) from path. */
static int read_key(const char *path, unsigned char *key, size_t n)
{
	char text[CHECKPOINT_KEY_TEXT_MAX + 2];
	size_t len;
	int rc = read_small(path, text, sizeof text, &len);

	if (rc == 0 && checkpoint_key_parse(text, len, key, n) < 0)
		rc = cli_fail("%s is not a %s key written by `mamori audit"
			      " keygen`", path,
			      n == CHECKPOINT_SECRET_BYTES ? "secret" : "public");
	sodium_memzero(text, sizeof text);
	return rc;
}

static int keygen(const char *secret, const char *public)
{
	unsigned char pk[CHECKPOINT_PUBLIC_BYTES], sk[CHECKPOINT_SECRET_BYTES];
	char text[CHECKPOINT_KEY_TEXT_MAX + 1];
	int rc;

	if (identity_init() < 0 || checkpoint_keypair(pk, sk) < 0)
		return cli_fail("cannot create a key pair");
	if (access(public, F_OK) == 0)
		rc = cli_fail("%s exists; not overwritten", public);
	else {
		checkpoint_key_text(sk, sizeof sk, text);
		rc = write_file(secret, text, strlen(text), 0600, 1);
	}
	sodium_memzero(sk, sizeof sk);
	sodium_memzero(text, sizeof text);
	if (rc)
		return rc;
	checkpoint_key_text(pk, sizeof pk, text);
	if (write_file(public, text, strlen(text), 0644, 1)) {
		unlink(secret); /* a secret without its public key is useless */
		return CLI_FAIL;
	}
	printf("secret key written to %s (0600)\npublic key written to %s:"
	       " %s", secret, public, text);
	return CLI_OK;
}

static int audit_keygen_cmd(int argc, char **argv)
{
	const char *secret, *public;
	struct cli_opt opts[] = { { "secret", &secret, NULL, 1 },
				  { "public", &public, NULL, 1 } };
	int rc = cli_parse(argc, argv, opts, 2, usage_keygen);

	return rc >= 0 ? rc : keygen(secret, public);
}

/*
 * The sealed head's place and hash; CLI_FAIL with a message if none.  On
 * PostgreSQL newer entries may wait for the sealer: a checkpoint covers
 * only what is chained (issue 12).
 */
static int newest_entry(struct store *s, int64_t *seq, char hash[65])
{
	int rc = store_audit_head(s, seq, hash);

	if (rc < 0)
		return cli_fail("cannot read the audit trail: %s",
				mm_strerror(rc));
	if (*seq == 0)
		return cli_fail("the audit trail is empty: nothing to vouch for");
	return 0;
}

static int checkpoint(struct store *s, const unsigned char *sk,
		      const char *out)
{
	struct checkpoint c;
	char hash[65];
	int64_t seq = 0;
	struct buf b;
	int rc;

	/* the head is read first so the verification below covers it */
	if (newest_entry(s, &seq, hash) || verify_chain(s))
		return CLI_FAIL;
	if (checkpoint_init(&c, seq, hash, now_unix()) < 0)
		return cli_fail("entry %lld has a malformed hash", (long long)seq);
	buf_init(&b, CHECKPOINT_TEXT_MAX);
	rc = checkpoint_sign(&c, sk, &b);
	if (rc < 0)
		rc = cli_fail("cannot sign: %s", mm_strerror(rc));
	else
		rc = write_file(out, buf_cstr(&b), b.len, 0644, 0);
	buf_release(&b);
	if (rc == 0)
		printf("checkpoint written to %s: seq %lld hash %s at %s\n",
		       out, (long long)c.seq, c.hash, c.at);
	return rc;
}

static int audit_checkpoint_cmd(int argc, char **argv)
{
	const char *db, *secret, *out;
	struct cli_opt opts[] = { { "db", &db, NULL, 1 },
				  { "secret", &secret, NULL, 1 },
				  { "out", &out, NULL, 1 } };
	unsigned char sk[CHECKPOINT_SECRET_BYTES];
	struct store *s;
	int rc = cli_parse(argc, argv, opts, 3, usage_checkpoint);

	if (rc >= 0)
		return rc;
	if (identity_init() < 0)
		return cli_fail("cannot initialise libsodium");
	if (read_key(secret, sk, sizeof sk))
		return CLI_FAIL;
	rc = cli_open(db, &s);
	if (rc == 0) {
		rc = checkpoint(s, sk, out);
		store_close(s);
	}
	sodium_memzero(sk, sizeof sk);
	return rc;
}

/* Reads and checks the signed checkpoint at path against public key. */
static int load_checkpoint(const char *path, const char *public,
			   struct checkpoint *c)
{
	unsigned char pk[CHECKPOINT_PUBLIC_BYTES];
	char text[CHECKPOINT_TEXT_MAX + 1];
	size_t len;
	int rc;

	if (identity_init() < 0)
		return cli_fail("cannot initialise libsodium");
	if (read_key(public, pk, sizeof pk) ||
	    read_small(path, text, sizeof text, &len))
		return CLI_FAIL;
	rc = checkpoint_parse(text, len, pk, c);
	if (rc == MM_ECORRUPT)
		return cli_fail("checkpoint %s: signature does not match the"
				" public key (altered or signed by another key)",
				path);
	if (rc < 0)
		return cli_fail("%s is not an audit checkpoint", path);
	return 0;
}

/* The entry at the checkpoint's seq must still carry its hash. */
static int match_checkpoint(struct store *s, const struct checkpoint *c)
{
	char hex[65];
	int rc = store_audit_hash_at(s, c->seq, hex);

	if (rc == MM_ENOTFOUND)
		return cli_fail("audit trail has no entry %lld, which the checkpoint"
				" of %s vouches for: the trail was cut",
				(long long)c->seq, c->at);
	if (rc < 0)
		return cli_fail("cannot read audit entry %lld: %s",
				(long long)c->seq, mm_strerror(rc));
	if (strcmp(hex, c->hash) != 0)
		return cli_fail("audit entry %lld differs from the checkpoint of %s:"
				" the trail was rewritten", (long long)c->seq,
				c->at);
	printf("checkpoint matches: entry %lld as of %s\n", (long long)c->seq,
	       c->at);
	return CLI_OK;
}

static int audit_verify_cmd(int argc, char **argv)
{
	const char *db = NULL, *file = NULL, *ckpt = NULL, *public = NULL;
	struct cli_opt opts[] = { { "db", &db, NULL, 0 },
				  { "config", &file, NULL, 0 },
				  { "checkpoint", &ckpt, NULL, 0 },
				  { "public", &public, NULL, 0 } };
	struct checkpoint c;
	struct config cfg;
	struct store *s;
	int rc = cli_parse(argc, argv, opts, 4, usage_verify);

	if (rc >= 0)
		return rc;
	if (!db && !file)
		return cli_usage_error("missing --db", usage_verify);
	if (cli_config_read(&cfg, file))
		return CLI_FAIL;
	if (!db)
		db = cfg.db_url;
	if (!ckpt != !public)
		return cli_usage_error("--checkpoint and --public go together",
				       usage_verify);
	/* the checkpoint is checked first: a bad one fails before any work */
	if (ckpt && load_checkpoint(ckpt, public, &c))
		return CLI_FAIL;
	if (cli_open_read(db, &s))
		return CLI_FAIL;
	rc = verify_chain_within(s, cfg.audit_max_unsealed_secs);
	if (rc == CLI_OK && ckpt)
		rc = match_checkpoint(s, &c);
	store_close(s);
	return rc;
}

int cmd_audit(int argc, char **argv)
{
	static const char *const names[] = { "verify", "keygen", "checkpoint" };
	int sub, at;
	int rc = cli_group(argc, argv, names, 3, &sub, &at, usage);

	if (rc >= 0)
		return rc;
	if (sub == 1)
		return audit_keygen_cmd(argc - at, argv + at);
	if (sub == 2)
		return audit_checkpoint_cmd(argc - at, argv + at);
	return audit_verify_cmd(argc - at, argv + at);
}
