/*
 * store.h - the domain operations the rest of Mamori may call.
 *
 * No SQL above this line: web/, api/ and cli/ call these functions and
 * never see a database handle.  The backend (SQLite now, PostgreSQL later)
 * is chosen by the URL given to store_open().
 *
 * Rules every operation keeps:
 *  - A write runs in one transaction together with its audit entry
 *    (audit.h): either both are committed or neither is.
 *  - An update carries the version the caller read; when the row has
 *    changed since, it returns MM_ESTALE and changes nothing.
 *  - Results are copied into caller-owned structs or lists; a list is
 *    released with its *_list_release().  Nothing returned points into the
 *    store.
 *  - Return 0 or a negative enum mm_err: MM_ENOTFOUND, MM_EEXIST,
 *    MM_ESTALE, MM_ERULE, MM_EBUSY (retry), MM_EIO.
 *  - A struct store may be used from several threads at once: each call
 *    takes a connection of its own from the backend's pool.
 *
 * Authorization is not the store's business: callers ask authz_check()
 * first.  The store enforces integrity (unique keys, versions, single
 * holders of a role) so that two concurrent callers cannot break it.
 */
#ifndef MM_STORE_H
#define MM_STORE_H
#ifndef MM_SEES_STORE /* the layers: HACKING.md */
#error "layer: store/ is seen only by store/ and the front end"
#endif

#include <stdint.h>
#include <stddef.h>

#include "../core/types.h"
#include "../core/authz.h"
#include "../core/identity.h"
#include "../core/throttle.h"
#include "../core/wareki.h"
#include "../lib/pool.h"

struct store;

/* ---- pages of lists (issue 8) --------------------------------------- */

/*
 * Every list is read a page at a time (keyset pagination), so a page
 * holds at most limit rows whatever the size of the table.  A list has a
 * stable order that ends with the row id (newest first, or the list's
 * natural order with the id as tie-breaker); a page starts after (or,
 * going back, ends before) the row whose id the previous page gave.
 *
 * Which rows a caller may see is part of the query: a store_*_page()
 * function takes the caller's authz_view (core/authz.h, made from THE
 * table for the list's view action) and selects only the rows it allows,
 * so pages are full and never filtered afterwards.  NULL: every row (the
 * command line, which runs as the system).
 */
#define STORE_PAGE_DEFAULT 50
#define STORE_PAGE_MAX 200

struct page_req {
	int64_t after;   /* the rows after this row id; 0: from the first */
	int64_t before;  /* if not 0: the rows before this id (going back) */
	size_t limit;    /* 1..STORE_PAGE_MAX; 0: STORE_PAGE_DEFAULT */
};

/*
 * Where a page sits: next is the `after` of the following page, prev
 * the `before` of the preceding one; 0 when there is no such page.
 */
struct list_page {
	int64_t next;
	int64_t prev;
};

/*
 * What a list's query joins to each row so the row can be shown without
 * another lookup: names of its unit and people, its device, and (loans)
 * the day of the latest location check.  The names point into the list's
 * pool (released with the list) and are never NULL: "" when none or not
 * joined by that list.
 */
struct row_joined {
	const char *unit_name;
	const char *user_name;     /* the row's person (officer, designee) */
	const char *by_name;       /* who made the entry (form 1) */
	const char *device_model;
	const char *device_serial;
	struct civil_date last_check;    /* loans: latest check (R-DEV-5) */
};

/* A row that joined nothing: every name "". */
#define ROW_JOINED_NONE { .unit_name = "", .user_name = "", .by_name = "", \
	.device_model = "", .device_serial = "" }

/*
 * store_open - opens (and migrates to the newest schema) the database at
 * url: a file path or "sqlite:PATH" for SQLite.  create: 1 to create a
 * missing database, 0 to fail with MM_ENOTFOUND.  On success *out is the
 * caller's, to be closed with store_close().
 */
int store_open(const char *url, int create, struct store **out);

/*
 * store_open_unmigrated - opens the existing database at url as it is,
 * applying no migration (SQLite: read-only), so the caller can take a
 * backup before the schema changes (issue 15, upgrades).  *have is its
 * schema version (0: no Mamori schema yet), *newest this program's; have
 * < newest means store_open() would migrate.  Only store_backup(),
 * store_schema_version() and store_close() may be used on *out.  Returns
 * 0 with *out the caller's; MM_ENOTFOUND when there is no database;
 * MM_EUNSUPPORTED (and no store) when have > newest; MM_EINVAL, MM_EIO.
 */
int store_open_unmigrated(const char *url, struct store **out, int *have,
			  int *newest);

/* store_close - closes s and frees it; NULL is allowed. */
void store_close(struct store *s);

/* store_schema_version - the schema version of the open database. */
int store_schema_version(struct store *s, int *version);

/*
 * store_clock_set - every time stamp the store writes from now on (rows
 * and audit entries of every store in this process) is t, Unix seconds,
 * instead of the system clock; t <= 0 returns to the system clock.
 * Only `mamori init --demo` calls it, to write the demo's history as if
 * each step had been taken on its own day, in order and before the real
 * now, so the audit trail's times keep increasing.  The server never
 * calls it.  Not thread-safe: call it while no other thread uses a store.
 */
void store_clock_set(int64_t t);

/* ---- units ---------------------------------------------------------- */

struct unit_list {
	struct unit *items;
	size_t n;
};
void unit_list_release(struct unit_list *l);

/* A page of units (store_unit_page). */
struct unit_page {
	struct unit *items;
	size_t n;
	struct list_page at;
};
void unit_page_release(struct unit_page *l);

/* store_unit_create - inserts u (id and version are set on return). */
int store_unit_create(struct store *s, const struct actor *a, struct unit *u);
int store_unit_get(struct store *s, int64_t id, struct unit *out);
/*
 * store_unit_list - all units, HQ first, then by code: the organisation
 * (the HQ division and the prefecture's stations, a few dozen), read
 * whole for names and choices.  The units screen and API list page
 * through store_unit_page().
 */
int store_unit_list(struct store *s, struct unit_list *out);
/*
 * store_unit_list_of_ids - the units of the n ids (at most
 * STORE_UNIT_IDS_MAX; ids may repeat, 0 is skipped) into out, in no
 * particular order: the names a page of records shows, read a few dozen
 * at a statement however many units there are (issue 12: the audit page
 * read every unit for its fifty rows).  MM_EINVAL past the bound.
 */
#define STORE_UNIT_IDS_MAX 100
int store_unit_list_of_ids(struct store *s, const int64_t *ids, size_t n,
			   struct unit_list *out);
/* store_unit_count - how many units view allows, counted by the store. */
int store_unit_count(struct store *s, const struct authz_view *view,
		     int64_t *out);
/*
 * store_unit_page - a page of the units view allows (pages of lists
 * above; a unit's object is the unit itself), HQ first, then by code.
 */
int store_unit_page(struct store *s, const struct authz_view *view,
		    const struct page_req *req, struct unit_page *out);
/* store_unit_update - code, name, kind, active of u->id at u->version. */
int store_unit_update(struct store *s, const struct actor *a, struct unit *u);

/* ---- users ---------------------------------------------------------- */

struct user_list {
	struct user *items;
	size_t n;
	struct row_joined *joined;  /* per item: unit_name */
	struct list_page at;
	struct pool pool;           /* the joined names */
};
void user_list_release(struct user_list *l);

/* How many users a view holds (the administrator's overview). */
struct user_counts {
	int64_t active;         /* active users */
	int64_t without_role;   /* of them, holding no current role */
};

/*
 * store_user_create - inserts u with the given Argon2id password hash
 * (id and version set on return).  MM_EEXIST when the login is taken.
 */
int store_user_create(struct store *s, const struct actor *a, struct user *u,
		      const char *password_hash);
int store_user_get(struct store *s, int64_t id, struct user *out);
int store_user_get_by_login(struct store *s, const char *login,
			    struct user *out);
/*
 * store_user_list - a page of the users view allows (pages of lists
 * above; the object of a user: its unit, owned by itself) of unit_id (0:
 * all units), by kana reading and id, with the unit's name joined.
 * include_inactive: 1 to list deactivated users too.
 */
int store_user_list(struct store *s, const struct authz_view *view,
		    int64_t unit_id, int include_inactive,
		    const struct page_req *req, struct user_list *out);
/* store_user_counts - the counts of the active users view allows. */
int store_user_counts(struct store *s, const struct authz_view *view,
		      struct user_counts *out);
/* store_user_update - name, kana, rank, sex, unit, is_admin at u->version. */
int store_user_update(struct store *s, const struct actor *a, struct user *u);
/*
 * store_user_set_active - deactivates (active=0) or reactivates a user at
 * the version given.  Deactivating also ends the user's sessions and API
 * tokens and revokes the user's roles; the general manager must be
 * replaced first (MM_ERULE).  A role held through a designation (R-ROLE-4,
 * R-ROLE-5) is kept with its designation, which only the manager revokes
 * (form 1); an inactive user has no principal, so it gives no access.
 */
int store_user_set_active(struct store *s, const struct actor *a,
			  int64_t id, int64_t version, int active);
/* store_user_password_hash - the stored hash of an active user's password. */
int store_user_password_hash(struct store *s, int64_t id,
			     char out[MM_PWHASH_MAX]);
/* How a password changes hands (store_user_set_password). */
struct password_set {
	int must_change;   /* 1: set by someone else; changed at next login */
	/* the hash of the session to keep (the user's own, changing it), or NULL */
	const unsigned char *keep_session;
};

/*
 * store_user_set_password - replaces the hash.  a may be NULL (and how
 * NULL) for a silent rehash on login: no audit entry, nothing else
 * changes, since the password is the same.  Otherwise, in one
 * transaction (issue 13): every session of the user but how->keep_session
 * ends, every API token is revoked (whoever held the old password held
 * them too), must_change_password becomes how->must_change, and
 * "user.password" is audited with the counts.  MM_ENOTFOUND for no
 * active user id.
 */
int store_user_set_password(struct store *s, const struct actor *a,
			    int64_t id, const char *password_hash,
			    const struct password_set *how);

/* ---- roles (R-ROLE-1..5) -------------------------------------------- */

struct role_list {
	struct role_assignment *items;
	size_t n;
};
void role_list_release(struct role_list *l);

/* A page of current assignments (store_role_page). */
struct role_page {
	struct role_assignment *items;
	size_t n;
	struct list_page at;
};
void role_page_release(struct role_page *l);

/*
 * store_role_assign - gives user_id the role in unit_id.  Checks
 * role_check_assignment() against the unit's kind (MM_ERULE).  A role
 * held only through a designation (role_by_designation(): R-ROLE-4,
 * R-ROLE-5) is refused with MM_ERULE: store_designation_create() gives it.
 * For a single-holder role (role_single_holder()) the previous holder's
 * assignment is revoked in the same transaction.  MM_EEXIST when the user
 * already holds it there.  *id (may be NULL) receives the assignment id.
 */
int store_role_assign(struct store *s, const struct actor *a, int64_t user_id,
		      enum role role, int64_t unit_id, int64_t *id);
/*
 * store_role_revoke - ends an assignment.  MM_ERULE for the general
 * manager's (R-ROLE-1: there is always exactly one; assign a successor)
 * and for a role held through a designation (R-ROLE-4, R-ROLE-5:
 * store_designation_revoke() ends it).
 */
int store_role_revoke(struct store *s, const struct actor *a, int64_t id);
int store_role_get(struct store *s, int64_t id, struct role_assignment *out);
/* store_role_list - current assignments of user_id (0: of everyone). */
int store_role_list(struct store *s, int64_t user_id, struct role_list *out);
/*
 * store_role_page - a page of the current assignments of user_id and in
 * unit_id (0: any) whose holder view allows (pages of lists above; the
 * object of an assignment is its holder's account, as for user.view: the
 * holder's home unit, owned by the holder), by role, unit and id.
 */
int store_role_page(struct store *s, const struct authz_view *view,
		    int64_t user_id, int64_t unit_id, const struct page_req *req,
		    struct role_page *out);
/* store_role_list_unit - current assignments in unit_id. */
int store_role_list_unit(struct store *s, int64_t unit_id,
			 struct role_list *out);

/*
 * store_principal_load - the active user user_id with every current role
 * (and the kind of each role's unit).  MM_ENOTFOUND for an unknown or
 * deactivated user.
 */
int store_principal_load(struct store *s, int64_t user_id,
			 struct principal *out);

/* ---- sessions and API tokens ---------------------------------------- */

struct session_info {
	int64_t id;
	int64_t user_id;
	int64_t created_at;
	int64_t last_seen_at;
	int mfa_pending;   /* 1: password given, second factor not yet */
	int64_t mfa_at;    /* unix time of its newest second factor, 0 none */
};

/*
 * store_session_principal - store_session_touch() and then
 * store_principal_load() of the session's user, in one query when the
 * session needs no write (fresh, and seen less than a minute ago): what
 * every request with a session cookie asks first (issue 12).  MM_EAUTH
 * for no such, an expired session or a user no longer active; *si and
 * *p are zeroed on any error.
 */
int store_session_principal(struct store *s,
			    const unsigned char hash[MM_HASH_BYTES],
			    int64_t now, int64_t idle_secs,
			    int64_t absolute_secs, struct session_info *si,
			    struct principal *p);

/*
 * store_session_create - records a session whose token hashes to hash.
 * Audited as a login by the caller's actor.
 */
int store_session_create(struct store *s, const struct actor *a,
			 const unsigned char hash[MM_HASH_BYTES],
			 struct session_info *out);
/*
 * store_session_touch - finds the session by token hash; when it has
 * been idle longer than idle_secs or exists longer than absolute_secs it
 * is deleted and MM_EAUTH returned; otherwise last_seen_at is set to now
 * (at most once per minute, to spare writes) and *out filled.
 */
int store_session_touch(struct store *s, const unsigned char hash[MM_HASH_BYTES],
			int64_t now, int64_t idle_secs, int64_t absolute_secs,
			struct session_info *out);
/* store_session_delete - ends a session (logout), audited. */
int store_session_delete(struct store *s, const struct actor *a,
			 const unsigned char hash[MM_HASH_BYTES]);

/*
 * store_token_create - records an API token of user_id that works until
 * expires_at (unix seconds; the front end bounds it by the
 * configuration), audited "token.create"; *id set.  MM_EINVAL for an
 * expiry not in the future.
 */
int store_token_create(struct store *s, const struct actor *a, int64_t user_id,
		       const char *label, const unsigned char hash[MM_HASH_BYTES],
		       int64_t expires_at, int64_t *id);
/*
 * store_token_lookup - the active user of an unrevoked, unexpired token;
 * MM_EAUTH if none.  Notes the use (last_used_at, at most once a minute).
 */
int store_token_lookup(struct store *s, const unsigned char hash[MM_HASH_BYTES],
		       int64_t *user_id);

/*
 * store_token_principal - store_token_lookup() and then
 * store_principal_load() of the token's user, in one statement: what
 * every API request with a bearer token asks first (issue 12: one round
 * trip on PostgreSQL where the two took two to five).  MM_EAUTH for no
 * such token, a revoked or expired one or a user no longer active; *p is
 * zeroed on any error.  Notes the use as store_token_lookup does.
 */
int store_token_principal(struct store *s,
			  const unsigned char hash[MM_HASH_BYTES],
			  struct principal *p);

/* An API token as listed (never its value: only its hash is kept). */
struct token_info {
	int64_t id;
	int64_t user_id;
	int64_t unit_id;         /* the user's home unit (authz object) */
	char label[MM_NAME_MAX];
	int64_t created_at;
	int64_t expires_at;
	int64_t last_used_at;    /* 0: never used */
};

/* At most this many tokens of one user are listed (newest first). */
#define MM_TOKENS_LISTED 100

struct token_list {
	struct token_info *items;
	size_t n;
};
void token_list_release(struct token_list *l);

/*
 * store_token_list - the unrevoked tokens of user_id, expired ones
 * included (until revoked they show what once had access), newest
 * first, at most MM_TOKENS_LISTED.  The caller checks access to the
 * user's tokens (ACT_TOKEN_VIEW, owner user_id) before.
 */
int store_token_list(struct store *s, int64_t user_id, struct token_list *out);

/* store_token_get - one unrevoked token by id; MM_ENOTFOUND if none. */
int store_token_get(struct store *s, int64_t id, struct token_info *out);

/*
 * store_token_revoke - revokes token id (unrevoked, else MM_ENOTFOUND),
 * audited "token.revoke" with its user and label.
 */
int store_token_revoke(struct store *s, const struct actor *a, int64_t id);

/* ---- login throttling ----------------------------------------------- */

/*
 * The failed logins the throttle counts (core/throttle.h).  addr is the
 * client's address (request client_addr), login the name as typed.  A
 * failure is kept for a day at most, then dropped when the next is added.
 */

/* store_login_failure - remembers a failed login (login may be ""). */
int store_login_failure(struct store *s, const char *login, const char *addr,
			int64_t now);
/*
 * store_login_failures - counts the failures at or after `since`: from
 * addr, on login from addr, on login from all addresses, with the oldest
 * and newest times (*out zeroed on error).  Returns 0 or a store error.
 */
int store_login_failures(struct store *s, const char *login, const char *addr,
			 int64_t since, struct login_counts *out);
/*
 * store_login_success - forgets the failures on login from addr: the
 * owner's own typos.  Those from other addresses stay, so logging in
 * does not reset an attacker's budgets elsewhere.
 */
int store_login_success(struct store *s, const char *login, const char *addr);

/* ---- audit trail ---------------------------------------------------- */

#define MM_AUDIT_ACTION_MAX 48
#define MM_AUDIT_TYPE_MAX 32
#define MM_AUDIT_DETAIL_MAX 1024
#define MM_ADDR_MAX 64

struct audit_entry {
	int64_t seq;
	int64_t at;
	int64_t actor_user_id;
	char actor_login[MM_LOGIN_MAX];
	enum role role;
	int64_t unit_id;
	char addr[MM_ADDR_MAX];
	char action[MM_AUDIT_ACTION_MAX];   /* "unit.create", "login.failed" */
	char object_type[MM_AUDIT_TYPE_MAX]; /* "unit", "user", "" */
	int64_t object_id;
	char detail[MM_AUDIT_DETAIL_MAX];   /* JSON object, no personal content */
	char hash[2 * MM_HASH_BYTES + 1];   /* hex */
};

struct audit_list {
	struct audit_entry *items;
	size_t n;
};
void audit_list_release(struct audit_list *l);

/* A page of the trail (store_audit_page). */
struct audit_page {
	struct audit_entry *items;
	size_t n;
	struct list_page at;
};
void audit_page_release(struct audit_page *l);

/*
 * store_audit_record - appends an entry for an event that changes no
 * record (login, failed login, refused access, export) in its own
 * transaction.  detail: a JSON object text or NULL.
 */
int store_audit_record(struct store *s, const struct actor *a,
		       const char *action, const char *object_type,
		       int64_t object_id, const char *detail);

/* A printed form's document number (store_document_issue). */
struct doc_number {
	int year;          /* the calendar year (Asia/Tokyo) it was given in */
	int64_t serial;    /* N of 「<prefix>第N号」: per form and year */
	int64_t issued_at; /* the first issue: the date printed on the form */
	int first;         /* 1: given by this call */
};

/*
 * store_document_issue - a print of the form form (a retention class
 * key, "form4") of record_id, in one write transaction (issue 11): the
 * document's number, given at its first issue as the next serial of that
 * form in the current year (two concurrent first prints never share one)
 * and read back unchanged on every reprint, into *out; and the audit
 * entry document.print on object_type/object_id with the form, the
 * number and detail (NULL, or more JSON members without braces).  A
 * number is never given without its print on record.  0, MM_EINVAL, or
 * the store's error (nothing written).
 */
int store_document_issue(struct store *s, const struct actor *a,
			 const char *form, int64_t record_id,
			 const char *object_type, int64_t object_id,
			 const char *detail, struct doc_number *out);

/*
 * store_audit_reads - one entry per object read (action, object_type,
 * each of the n ids, detail) in one transaction: what a page or list
 * that showed records whose every read is audited (R-CASE-1: the cases)
 * writes before it answers.  0 for n == 0.
 */
int store_audit_reads(struct store *s, const struct actor *a,
		      const char *action, const char *object_type,
		      const int64_t *ids, size_t n, const char *detail);

/*
 * store_audit_action_page - a page of the entries of action (of
 * object_id; 0: any), newest first, as store_audit_page() pages them
 * (who read which case when: "case.read").
 */
int store_audit_action_page(struct store *s, const char *action,
			    int64_t object_id, const struct page_req *req,
			    struct audit_page *out);

/*
 * store_audit_list - newest first: at most limit entries with seq below
 * before_seq (0: from the newest); unit_id non-zero keeps that unit's.
 */
int store_audit_list(struct store *s, int64_t unit_id, int64_t before_seq,
		     size_t limit, struct audit_list *out);

/*
 * store_audit_page - a page of the entries view allows (pages of lists
 * above; an entry's object is its unit), newest first: the seq is the
 * row id, so req->after is "older than this seq" and req->before "newer
 * than this seq".
 */
int store_audit_page(struct store *s, const struct authz_view *view,
		     const struct page_req *req, struct audit_page *out);

struct audit_verify_result {
	int64_t entries;        /* entries checked (the sealed ones) */
	int64_t first_bad_seq;  /* its place in the chain; 0 when intact */
	char reason[160];       /* English, "" when intact */
	/*
	 * Entries written but not chained yet (PostgreSQL: the sealer seals
	 * them after their transactions commit; always 0 on SQLite) and the
	 * time (unix seconds) of the oldest of them, 0 when none.
	 */
	int64_t unsealed;
	int64_t oldest_unsealed_at;
};

/*
 * store_audit_verify - recomputes the hash chain from the first entry and
 * compares it with the recorded head.  Returns 0 when intact, MM_ECORRUPT
 * with *r describing the first broken entry, or another error when the
 * trail cannot be read.  progress (may be NULL) is called every 1000
 * entries.
 */
int store_audit_verify(struct store *s, struct audit_verify_result *r,
		       void (*progress)(int64_t done, int64_t total, void *arg),
		       void *arg);

/*
 * store_audit_hash_at - the recorded hash (64 hex and NUL) of the entry at
 * place seq of the chain (its pos; on SQLite pos is the entry's seq), as
 * stored, for comparing with a signed checkpoint (core/checkpoint.h).
 * Returns 0, MM_ENOTFOUND when there is no entry seq (the trail was cut),
 * MM_ECORRUPT when its hash is unreadable, or a read error.
 */
int store_audit_hash_at(struct store *s, int64_t seq, char hex[65]);

/*
 * store_audit_head - the sealed head of the chain: the place (*seq, 0 for
 * an empty chain) and hash (64 hex and NUL) of its last sealed entry,
 * what a signed checkpoint vouches for.  Returns 0, MM_ECORRUPT when the
 * head row is missing or unreadable, or a read error.
 */
int store_audit_head(struct store *s, int64_t *seq, char hex[65]);

/*
 * The audit sealer (issue 12).  On PostgreSQL a write inserts its audit
 * entry unsealed in its own transaction (so nothing is acknowledged
 * without its entry) and does not lock the chain's head; one app server
 * at a time, the holder of a PostgreSQL advisory lock on a connection of
 * its own, chains and hashes the unsealed entries in batches in the order
 * their transactions ended.  The others retry the lock every second and
 * take over when the holder dies.  SQLite chains each entry in its
 * writing transaction (one writer at a time) and has no sealer.
 *
 * store_sealer_start - starts s's sealer thread (PostgreSQL; nothing on
 * SQLite).  Call once, before the store is shared; store_sealer_stop
 * (also called by store_close) stops it and releases the lock.  Returns
 * 0, MM_ENOMEM or MM_EIO (no thread).
 * store_sealer_status - whether this process holds the leadership now,
 * and how many entries it sealed since it started.
 */
int store_sealer_start(struct store *s);
void store_sealer_stop(struct store *s);
struct store_sealer_status {
	int leader;
	int64_t sealed;
};
void store_sealer_status(struct store *s, struct store_sealer_status *out);

/* ---- maintenance ---------------------------------------------------- */

/*
 * store_backup - copies the open database to path (online, while serving)
 * and verifies the copy (integrity check and audit verify).  progress as
 * above, in pages.  Returns 0, MM_EIO or MM_ECORRUPT.
 */
int store_backup(struct store *s, const char *path,
		 void (*progress)(int64_t done, int64_t total, void *arg),
		 void *arg);

/*
 * store_restore - verifies the backup at from (integrity and audit chain)
 * and only then replaces the database at url with it.  The target must
 * not be in use.  Returns 0, MM_ECORRUPT (target untouched) or MM_EIO.
 */
int store_restore(const char *from, const char *url);

/* store_integrity_check - PRAGMA integrity_check (or the backend's). */
int store_integrity_check(struct store *s);

/* ---- moving from SQLite to PostgreSQL -------------------------------- */

/* One table store_migrate copied, with its rows (equal on both sides). */
struct store_migrate_table {
	char *table;            /* the report's */
	int64_t rows;
};

/*
 * What store_migrate found and copied, filled as far as it got (also on
 * failure); the caller releases it with store_migrate_report_release().
 */
struct store_migrate_report {
	struct store_migrate_table *tables;  /* n, in the order copied */
	size_t n;
	int64_t audit_entries;  /* verified on the target */
	int source_version;     /* schema versions; -1 when not read */
	int target_version;     /* 0: no Mamori schema yet */
	int expected_version;   /* this binary's newest */
};
void store_migrate_report_release(struct store_migrate_report *rep);

/*
 * store_migrate - copies the SQLite database at from (a path or
 * "sqlite:PATH", opened read-only) into the PostgreSQL database at to (a
 * postgresql:// URL; its schema is created when missing) in one
 * transaction: every row of every table of the source (the tables and
 * columns are read from the source's schema, and the target must have
 * exactly the same), ids and the audit trail included (same seq, same
 * hashes).  Then verifies the copy: row counts per table, the audit head
 * and store_audit_verify() on the target.  progress (may be NULL) is
 * called while a table is copied (table valid during the call).  *rep
 * (may be NULL) receives the counts and schema versions.  Returns 0;
 * MM_EINVAL for a wrong kind of URL; MM_ENOTFOUND for a missing source;
 * MM_EEXIST when the target already holds data (nothing is written);
 * MM_EUNSUPPORTED when the source's schema is not this binary's newest,
 * the target already has a schema of another version, or the two schemas
 * differ in tables or columns; MM_ECORRUPT when the source's audit chain
 * is broken or the copy does not verify; MM_EIO.
 */
int store_migrate(const char *from, const char *to,
		  void (*progress)(const char *table, int64_t done,
				   int64_t total, void *arg),
		  void *arg, struct store_migrate_report *rep);

#endif
