/*
 * config.h - the one INI file (inih) and its defaults.  Every option is
 * documented in the README's configuration section; command-line flags
 * override the file.
 *
 *   [server]
 *   listen = 127.0.0.1:8080
 *   threads = 4
 *   max_body_kib = 1024
 *   max_header_kib = 32
 *   per_ip_connections = 32   ; at most half of max_connections
 *   max_connections = 512     ; admitted connections in all
 *   timeout_seconds = 30      ; idle
 *   request_deadline_seconds = 20 ; to deliver a whole request
 *   tls = false               ; true when nginx terminates TLS in front
 *   trusted_proxies =         ; proxies whose X-Forwarded-For is believed
 *                             ; ("127.0.0.1, ::1"); empty: trust no one
 *   [database]
 *   url = mamori.db             ; a path, sqlite:PATH or postgresql://...
 *   [session]
 *   idle_minutes = 30
 *   absolute_hours = 12
 *   [tokens]                  ; API tokens (issue 13)
 *   default_days = 90         ; lifetime of a token minted without one
 *   max_days = 365            ; the longest lifetime a client may ask for
 *   [passwords]               ; Argon2id (libsodium crypto_pwhash_str)
 *   memory_mib = 64           ; floor 64 (libsodium INTERACTIVE), max 4096
 *   passes = 2                ; floor 2, max 10
 *   [login]                   ; see core/throttle.h for the rules
 *   max_failures_per_account = 5   ; on one account from one address
 *   max_failures_per_address = 20  ; from one address, any accounts
 *   window_minutes = 15
 *   slow_down_seconds = 30         ; first delay of an account under attack
 *   [mfa]                     ; second factor, TOTP (issue 13)
 *   required = false          ; true: directive roles and admins must enrol
 *   step_up_minutes = 10      ; age of the factor the decisions that matter ask
 *   [audit]                   ; the trail's sealer (PostgreSQL, issue 12)
 *   max_unsealed_age_seconds = 60 ; `audit verify` fails past this age of
 *                             ; the oldest entry not yet sealed
 *   [keys]
 *   field_key =               ; 32-byte key file sealing TOTP secrets and
 *                             ; sealed fields; created (0600) by serve when
 *                             ; missing and the database has none bound
 *   [policy]
 *   message_check =           ; the message check's terms (R-CASE-2);
 *                             ; empty: the list compiled into mamori
 *   [metrics]
 *   token =                        ; 32-128 characters; none: loopback only
 *   backup_dir = /var/backups/mamori
 *   checkpoint_dir = /var/lib/mamori/checkpoints
 *   [photos]                       ; staff face photos (issue 10)
 *   max_upload_kib = 12288         ; one upload (a POST .../photos, .../preview)
 *   max_megapixels = 50            ; width x height an upload may declare
 *   [sandbox]                      ; landlock + seccomp (lib/sandbox.h)
 *   enabled = true
 *   required = false               ; true: no start without landlock
 */
#ifndef MM_CONFIG_H
#define MM_CONFIG_H

#include <stddef.h>
#include "netaddr.h"

struct config {
	char listen_addr[64];
	unsigned listen_port;
	unsigned threads;
	size_t max_body;
	size_t max_header;
	unsigned per_ip;
	unsigned max_connections;
	unsigned timeout_secs;
	unsigned request_deadline_secs;
	int tls;
	struct netaddr_list trusted_proxies;
	char db_url[1024];
	long idle_secs;
	long absolute_secs;
	long token_default_secs;
	long token_max_secs;
	long pwhash_mem_mib;
	long pwhash_passes;
	int max_fail_account;
	int max_fail_addr;
	long fail_window_secs;
	long slow_down_secs;
	/* [mfa] (issue 13): off by default so that the demo database serves
	 * without a second factor; dist/mamori.ini turns it on. */
	int mfa_required;
	long mfa_step_up_secs;
	/* [audit] max_unsealed_age_seconds: the bound `mamori audit verify`
	 * holds the oldest unsealed entry to (PostgreSQL's sealer) */
	long audit_max_unsealed_secs;
	/* [keys] field_key: the key of sealed fields and TOTP secrets
	 * (core/seal.h); "" for none: no enrolment, no sealed records */
	char field_key[512];
	/* [policy] message_check: a policy file of the message check
	 * (core/msgcheck.h) replacing the compiled-in default; "" for it */
	char policy_message_check[512];
	/* [metrics] (issue 15): GET /metrics answers loopback without a
	 * token, anyone else only with "Authorization: Bearer TOKEN" ("" for
	 * none: loopback only); the newest files of the two directories give
	 * the backup and checkpoint ages. */
	char metrics_token[129];
	char metrics_backup_dir[512];
	char metrics_checkpoint_dir[512];
	/* [upgrade]: where `mamori serve` / `mamori upgrade` write the backup
	 * of a SQLite database before migrating its schema (issue 15). */
	char upgrade_backup_dir[512];
	/* [photos] (issue 10): the caps of one staff photo upload (bytes,
	 * and megapixels its header may declare; checked before decoding). */
	long photo_max_upload;
	long photo_max_megapixels;
	/* [sandbox] (issue 14): confine `mamori serve` once started
	 * (lib/sandbox.h); required: refuse to serve when the kernel or the
	 * build cannot, instead of warning. */
	int sandbox_enabled;
	int sandbox_required;
	/* [documents] (issue 11): the printed forms' document number is
	 * number_prefix + "第N号" (熊少第12号), and an empty approval box
	 * shows stamp ("印"; "" for none: seals are being abolished). */
	char documents_number_prefix[64];
	char documents_stamp[16];
};

/* config_defaults - the values listed above. */
void config_defaults(struct config *c);

/*
 * config_load - reads the INI file at path over the current values of c.
 * Unknown sections or keys and malformed values are errors: returns 0, or
 * MM_EINVAL with a message "line N: ..." in err (errlen bytes; for the
 * connection limits a Japanese one, and for per_ip_connections over half
 * of max_connections one without a line), or MM_EIO when the file
 * cannot be read.  On error c is unchanged.
 */
int config_load(struct config *c, const char *path, char *err, size_t errlen);

/*
 * config_check - the rules between options: per_ip_connections at most
 * half of max_connections.  Returns 0, or MM_EINVAL with a Japanese
 * message in err (errlen bytes).
 */
int config_check(const struct config *c, char *err, size_t errlen);

/*
 * config_set_listen - parses "ADDR:PORT" (IPv4 or [IPv6]) into c.
 * Returns 0 or MM_EINVAL.
 */
int config_set_listen(struct config *c, const char *s);

/*
 * config_set_trusted_proxies - parses a list of addresses and networks
 * ("127.0.0.1, ::1, 10.0.0.0/8"; "" for none) into c->trusted_proxies
 * (netaddr_list_parse).  Returns 0, or MM_EINVAL with an English reason
 * in err (errlen bytes) and c unchanged.
 */
int config_set_trusted_proxies(struct config *c, const char *s, char *err,
			       size_t errlen);

#endif
