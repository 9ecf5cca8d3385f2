/*
 * user.c - `mamori user list|add|set-password|deactivate|activate|grant|
 * revoke`: the people of Mamori and their roles (R-ROLE-1..5).
 */
#include "common.h"

#include <stdio.h>
#include <string.h>

#include "../core/identity.h"
#include "../core/records.h"
#include "../core/roles.h"
#include "../lib/buf.h"
#include "../lib/err.h"

#include "../lib/banned.h"

static const char usage[] =
	"usage: mamori user <subcommand> --db PATH [options]\n"
	"\n"
	"  list          [--unit CODE]\n"
	"  add           --login L --name N --unit CODE [--kana K] [--rank R]\n"
	"                [--sex S] [--admin] [--password-stdin]\n"
	"  set-password  --login L [--password-stdin]\n"
	"  deactivate    --login L\n"
	"  activate      --login L\n"
	"  grant         --login L --role ROLE --unit CODE\n"
	"  revoke        --login L --role ROLE --unit CODE\n"
	"\n"
	"Without --password-stdin a password is generated and printed once.\n"
	"`mamori user <subcommand> --help` describes each.\n";

static const char usage_list[] =
	"usage: mamori user list --db PATH [--unit CODE]\n"
	"Lists users (also deactivated ones), with their roles.\n";
static const char usage_add[] =
	"usage: mamori user add --db PATH --login L --name N --unit CODE\n"
	"                       [--kana K] [--rank R] [--sex S] [--admin]\n"
	"                       [--password-stdin]\n"
	"Adds a user, checked as the web form and the API check one.  K: the\n"
	"reading in kana.  R: junsa, junsacho, junsabucho, keibuho, keibu,\n"
	"keishi, keishisei, keishicho, civilian (a designation as operations\n"
	"officer needs it).  S: male, female.  The password is read from one\n"
	"line of stdin with --password-stdin, else generated and printed once.\n";
static const char usage_password[] =
	"usage: mamori user set-password --db PATH --login L [--password-stdin]\n"
	"Replaces the password: read from stdin, or generated and printed once.\n";
static const char usage_deactivate[] =
	"usage: mamori user deactivate --db PATH --login L\n"
	"Deactivates the user: ends sessions and tokens, revokes roles.\n";
static const char usage_activate[] =
	"usage: mamori user activate --db PATH --login L\n"
	"Reactivates a deactivated user (roles must be granted again).\n";
static const char usage_grant[] =
	"usage: mamori user grant --db PATH --login L --role ROLE --unit CODE\n"
	"ROLE: general_manager, manager, assistant, infosec_manager,\n"
	"it_division_head.\n"
	"A single-holder role (general manager, manager, assistant, the two\n"
	"HQ roles) moves from its previous holder.  Operations and\n"
	"communication officers are designated by the unit's manager in the\n"
	"designation register (form 1), not granted here.\n";
static const char usage_revoke[] =
	"usage: mamori user revoke --db PATH --login L --role ROLE --unit CODE\n"
	"Ends the user's role in the unit (not the general manager's: grant\n"
	"it to the successor instead; not an officer's: the manager revokes\n"
	"the designation in the designation register, form 1).\n";

/* The messages for an unknown key list the keys that are known. */
static int unknown_role(const char *given)
{
	struct buf b;

	buf_init(&b, 1024);
	for (int r = ROLE_NONE + 1; r < ROLE__COUNT; r++)
		if (role_key((enum role)r))
			buf_addf(&b, "%s%s", b.len ? ", " : "",
				 role_key((enum role)r));
	cli_fail("unknown role '%s' (one of: %s)", given, buf_cstr(&b));
	buf_release(&b);
	return CLI_FAIL;
}


/* ---- list ------------------------------------------------------------ */

static void print_roles(struct store *s, const struct unit_list *units,
			int64_t user_id)
{
	struct role_list roles = { 0 };

	if (store_role_list(s, user_id, &roles) < 0) {
		printf("?");
		return;
	}
	for (size_t i = 0; i < roles.n; i++)
		printf("%s%s@%s", i ? "," : "", role_key(roles.items[i].role),
		       cli_unit_code(units, roles.items[i].unit_id));
	role_list_release(&roles);
}

static void print_user(struct store *s, const struct unit_list *units,
		       const struct user *u)
{
	cli_print_cell(u->login, 18);
	cli_print_cell(u->name, 14);
	cli_print_cell(u->name_kana, 20);
	cli_print_cell(rank_key(u->rank) ? rank_key(u->rank) : "?", 10);
	cli_print_cell(sex_key(u->sex) ? sex_key(u->sex) : "?", 6);
	cli_print_cell(cli_unit_code(units, u->unit_id), 10);
	cli_print_cell(u->active ? "active" : "inactive", 8);
	cli_print_cell(u->is_admin ? "yes" : "-", 5);
	print_roles(s, units, u->id);
	printf("\n");
}

/* Every user, a page at a time (the memory of one page, whatever the count). */
static int list_users(struct store *s, const char *code)
{
	struct unit_list units = { 0 };
	struct user_list users = { 0 };
	struct page_req req = { .limit = STORE_PAGE_MAX };
	struct unit only = { 0 };
	int rc;

	if (code && cli_find_unit(s, code, &only))
		return CLI_FAIL;
	rc = store_unit_list(s, &units);
	if (rc < 0)
		return cli_fail("cannot list users: %s", mm_strerror(rc));
	cli_print_cell("LOGIN", 18);
	cli_print_cell("NAME", 14);
	cli_print_cell("KANA", 20);
	cli_print_cell("RANK", 10);
	cli_print_cell("SEX", 6);
	cli_print_cell("UNIT", 10);
	cli_print_cell("STATUS", 8);
	cli_print_cell("ADMIN", 5);
	printf("ROLES\n");
	do {
		rc = store_user_list(s, NULL, only.id, 1, &req, &users);
		for (size_t i = 0; rc == 0 && i < users.n; i++)
			print_user(s, &units, &users.items[i]);
		req.after = users.at.next;
		user_list_release(&users);
	} while (rc == 0 && req.after);
	unit_list_release(&units);
	if (rc < 0)
		return cli_fail("cannot list users: %s", mm_strerror(rc));
	return CLI_OK;
}

static int user_list_cmd(int argc, char **argv)
{
	const char *db, *unit;
	struct cli_opt opts[] = {
		{ "db", &db, NULL, 1 },
		{ "unit", &unit, NULL, 0 },
	};
	struct store *s;
	int rc = cli_parse(argc, argv, opts, 2, usage_list);

	if (rc >= 0)
		return rc;
	if (cli_open(db, &s))
		return CLI_FAIL;
	rc = list_users(s, unit);
	store_close(s);
	return rc;
}

/* ---- add ------------------------------------------------------------- */

struct add_args {
	const char *db, *login, *name, *kana, *rank, *sex, *unit;
	int admin, pw_stdin;
};

/*
 * The new user from the options, through the user's descriptor (the unit
 * by its code): the same checks and messages as the web form and the API.
 */
static int read_user(struct store *s, const struct add_args *a,
		     struct user *u)
{
	struct unit unit;
	char unit_id[24];
	const struct cli_field fields[] = {
		{ "login", a->login }, { "name", a->name },
		{ "name_kana", a->kana }, { "rank", a->rank },
		{ "sex", a->sex }, { "unit_id", unit_id },
		{ "is_admin", a->admin ? "1" : NULL },
	};

	memset(u, 0, sizeof(*u));
	u->active = 1;
	if (cli_find_unit(s, a->unit, &unit))
		return CLI_FAIL;
	snprintf(unit_id, sizeof(unit_id), "%lld", (long long)unit.id);
	return cli_record_read(&user_record, fields,
			       sizeof(fields) / sizeof(fields[0]), u,
			       RECORD_CREATE);
}

static int add_user(const struct add_args *a, struct user *u)
{
	struct actor act = cli_actor();
	struct store *s;
	char pw[160], hash[MM_PWHASH_MAX];
	int generated = 0, rc;

	if (cli_open(a->db, &s))
		return CLI_FAIL;
	rc = read_user(s, a, u);
	if (!rc)
		rc = cli_new_password(a->pw_stdin, pw, sizeof(pw), &generated,
				      hash);
	if (!rc) {
		rc = store_user_create(s, &act, u, hash);
		if (rc == MM_EEXIST)
			rc = cli_fail("login '%s' is taken", u->login);
		else if (rc < 0)
			rc = cli_fail("cannot add user: %s", mm_strerror(rc));
	}
	store_close(s);
	if (!rc) {
		printf("added user %s\n", u->login);
		if (generated)
			printf("password (shown only once): %s\n", pw);
	}
	explicit_bzero(pw, sizeof(pw));
	return rc ? CLI_FAIL : CLI_OK;
}

static int user_add_cmd(int argc, char **argv)
{
	struct add_args a = { 0 };
	struct cli_opt opts[] = {
		{ "db", &a.db, NULL, 1 },
		{ "login", &a.login, NULL, 1 },
		{ "name", &a.name, NULL, 1 },
		{ "kana", &a.kana, NULL, 0 },
		{ "rank", &a.rank, NULL, 0 },
		{ "sex", &a.sex, NULL, 0 },
		{ "unit", &a.unit, NULL, 1 },
		{ "admin", NULL, &a.admin, 0 },
		{ "password-stdin", NULL, &a.pw_stdin, 0 },
	};
	struct user u;
	int rc = cli_parse(argc, argv, opts, 9, usage_add);

	if (rc >= 0)
		return rc;
	return add_user(&a, &u);
}

/* ---- set-password ---------------------------------------------------- */

static int user_password_cmd(int argc, char **argv)
{
	/* the operator sets it: the user chooses their own at next login */
	static const struct password_set operator_set = { .must_change = 1 };
	const char *db, *login;
	int pw_stdin, generated = 0;
	struct cli_opt opts[] = {
		{ "db", &db, NULL, 1 },
		{ "login", &login, NULL, 1 },
		{ "password-stdin", NULL, &pw_stdin, 0 },
	};
	struct actor act = cli_actor();
	struct store *s;
	struct user u;
	char pw[160], hash[MM_PWHASH_MAX];
	int rc = cli_parse(argc, argv, opts, 3, usage_password);

	if (rc >= 0)
		return rc;
	if (cli_open(db, &s))
		return CLI_FAIL;
	rc = cli_find_user(s, login, &u);
	if (!rc)
		rc = cli_new_password(pw_stdin, pw, sizeof(pw), &generated,
				      hash);
	if (!rc && (rc = store_user_set_password(s, &act, u.id, hash,
						  &operator_set)) < 0)
		rc = cli_fail("cannot set the password: %s", mm_strerror(rc));
	store_close(s);
	if (!rc) {
		printf("password of %s changed\n", login);
		if (generated)
			printf("password (shown only once): %s\n", pw);
	}
	explicit_bzero(pw, sizeof(pw));
	return rc ? CLI_FAIL : CLI_OK;
}

/* ---- deactivate / activate ------------------------------------------- */

static int set_active(int argc, char **argv, int active, const char *use)
{
	const char *db, *login;
	struct cli_opt opts[] = {
		{ "db", &db, NULL, 1 },
		{ "login", &login, NULL, 1 },
	};
	struct actor act = cli_actor();
	struct store *s;
	struct user u;
	int rc = cli_parse(argc, argv, opts, 2, use);

	if (rc >= 0)
		return rc;
	if (cli_open(db, &s))
		return CLI_FAIL;
	rc = cli_find_user(s, login, &u);
	if (!rc && u.active == active)
		rc = cli_fail("%s is already %s", login,
			      active ? "active" : "deactivated");
	if (!rc) {
		rc = store_user_set_active(s, &act, u.id, u.version, active);
		if (rc == MM_ERULE)
			rc = cli_fail("%s is the general manager: grant the "
				      "role to a successor first", login);
		else if (rc < 0)
			rc = cli_fail("cannot change %s: %s", login,
				      mm_strerror(rc));
	}
	store_close(s);
	if (!rc)
		printf("%s %s\n", login, active ? "activated" : "deactivated");
	return rc ? CLI_FAIL : CLI_OK;
}

static int user_deactivate_cmd(int argc, char **argv)
{
	return set_active(argc, argv, 0, usage_deactivate);
}

static int user_activate_cmd(int argc, char **argv)
{
	return set_active(argc, argv, 1, usage_activate);
}

/* ---- grant / revoke -------------------------------------------------- */

struct role_args {
	const char *db, *login, *role, *unit;
};

static int parse_role_args(int argc, char **argv, struct role_args *a,
			   const char *use, enum role *role)
{
	struct cli_opt opts[] = {
		{ "db", &a->db, NULL, 1 },
		{ "login", &a->login, NULL, 1 },
		{ "role", &a->role, NULL, 1 },
		{ "unit", &a->unit, NULL, 1 },
	};
	int rc = cli_parse(argc, argv, opts, 4, use);

	if (rc >= 0)
		return rc;
	*role = role_from_key(a->role);
	if (*role == ROLE_NONE)
		return unknown_role(a->role);
	return -1;
}

static int grant(struct store *s, const struct role_args *a, enum role role)
{
	struct actor act = cli_actor();
	struct user u;
	struct unit unit;
	const char *why = NULL;
	int rc;

	/* R-ROLE-4, R-ROLE-5: officers only through a designation (form 1) */
	if (role_check_direct(role, &why) < 0)
		return cli_fail("%s is not granted directly: %s", a->role, why);
	if (cli_find_user(s, a->login, &u) || cli_find_unit(s, a->unit, &unit))
		return CLI_FAIL;
	/* R-ROLE-1: checked here too, for a message naming the rule. */
	if (role_check_assignment(role, unit.kind, &why) < 0)
		return cli_fail("%s cannot be held in %s: %s", a->role, a->unit,
				why ? why : "");
	rc = store_role_assign(s, &act, u.id, role, unit.id, NULL);
	if (rc == MM_EEXIST)
		return cli_fail("%s already holds %s in %s", a->login, a->role,
				a->unit);
	if (rc < 0)
		return cli_fail("cannot grant %s: %s", a->role, mm_strerror(rc));
	printf("%s now holds %s in %s\n", a->login, a->role, a->unit);
	return 0;
}

static int user_grant_cmd(int argc, char **argv)
{
	struct role_args a;
	enum role role;
	struct store *s;
	int rc = parse_role_args(argc, argv, &a, usage_grant, &role);

	if (rc >= 0)
		return rc;
	if (cli_open(a.db, &s))
		return CLI_FAIL;
	rc = grant(s, &a, role);
	store_close(s);
	return rc ? CLI_FAIL : CLI_OK;
}

/* The id of u's assignment of role in unit_id; 0 when there is none. */
static int64_t find_assignment(struct store *s, int64_t user_id,
			       enum role role, int64_t unit_id)
{
	struct role_list l = { 0 };
	int64_t id = 0;

	if (store_role_list(s, user_id, &l) < 0)
		return 0;
	for (size_t i = 0; i < l.n; i++)
		if (l.items[i].role == role && l.items[i].unit_id == unit_id)
			id = l.items[i].id;
	role_list_release(&l);
	return id;
}

static int revoke(struct store *s, const struct role_args *a, enum role role)
{
	struct actor act = cli_actor();
	struct user u;
	struct unit unit;
	const char *why = NULL;
	int64_t id;
	int rc;

	/* R-ROLE-4, R-ROLE-5: an officer's role ends with its designation */
	if (role_check_direct(role, &why) < 0)
		return cli_fail("%s is not revoked directly: %s", a->role, why);
	if (cli_find_user(s, a->login, &u) || cli_find_unit(s, a->unit, &unit))
		return CLI_FAIL;
	id = find_assignment(s, u.id, role, unit.id);
	if (!id)
		return cli_fail("%s does not hold %s in %s", a->login, a->role,
				a->unit);
	rc = store_role_revoke(s, &act, id);
	if (rc == MM_ERULE)
		return cli_fail("the general manager's role cannot be revoked: "
				"grant it to the successor instead (R-ROLE-1)");
	if (rc < 0)
		return cli_fail("cannot revoke %s: %s", a->role, mm_strerror(rc));
	printf("%s no longer holds %s in %s\n", a->login, a->role, a->unit);
	return 0;
}

static int user_revoke_cmd(int argc, char **argv)
{
	struct role_args a;
	enum role role;
	struct store *s;
	int rc = parse_role_args(argc, argv, &a, usage_revoke, &role);

	if (rc >= 0)
		return rc;
	if (cli_open(a.db, &s))
		return CLI_FAIL;
	rc = revoke(s, &a, role);
	store_close(s);
	return rc ? CLI_FAIL : CLI_OK;
}

int cmd_user(int argc, char **argv)
{
	static const char *const names[] = {
		"list", "add", "set-password", "deactivate", "activate",
		"grant", "revoke",
	};
	static int (*const run[])(int, char **) = {
		user_list_cmd, user_add_cmd, user_password_cmd,
		user_deactivate_cmd, user_activate_cmd, user_grant_cmd,
		user_revoke_cmd,
	};
	int sub, at;
	int rc = cli_group(argc, argv, names, 7, &sub, &at, usage);

	if (rc >= 0)
		return rc;
	return run[sub](argc - at, argv + at);
}
