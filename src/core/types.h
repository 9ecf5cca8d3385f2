/*
 * types.h - the directive's people, units and roles as plain values.
 *
 * No I/O, no allocation: every struct here is a value with fixed-size
 * string fields, so it can be copied, stored on the stack and compared.
 * String fields hold UTF-8; their sizes are byte capacities including the
 * NUL.  Limits on what users may enter (in characters) live in validate.h.
 */
#ifndef MM_CORE_TYPES_H
#define MM_CORE_TYPES_H
#ifndef MM_SEES_CORE /* the layers: HACKING.md */
#error "layer: core/ is seen only by core/, store/ and the front end"
#endif

#include <stdint.h>
#include <stddef.h>

/* The directive's roles (第2).  Values are stored in the database. */
enum role {
	ROLE_NONE = 0,
	ROLE_GENERAL_MANAGER = 1,    /* R-ROLE-1 統括運用管理者, exactly one, HQ */
	ROLE_MANAGER = 2,            /* R-ROLE-2 運用管理者, one per unit */
	ROLE_ASSISTANT = 3,          /* R-ROLE-3 運用管理補助者, one per unit */
	ROLE_OPERATIONS_OFFICER = 4, /* R-ROLE-4 運用担当者 */
	ROLE_COMM_OFFICER = 5,       /* R-ROLE-5 交信担当者 */
	/*
	 * Parties outside the juvenile division that the directive names
	 * (第2 preamble, 第3-1, 第3-3, 第3-5): one each, prefecture-wide, at HQ.
	 */
	ROLE_INFOSEC_MANAGER = 6,    /* R-SVC-2, R-EXC 情報セキュリティ管理者 */
	ROLE_IT_DIVISION_HEAD = 7,   /* R-CMP-6 情報管理課長 */
	ROLE__COUNT
};

/* HQ juvenile division or a police station with a juvenile section. */
enum unit_kind {
	UNIT_HQ = 1,      /* 本部少年課 */
	UNIT_STATION = 2, /* 警察署 */
};

enum sex {
	SEX_UNKNOWN = 0,
	SEX_MALE = 1,
	SEX_FEMALE = 2, /* R-CASE-5 needs it */
};

/*
 * Police ranks, in order (the order matters: R-ROLE-4 designates
 * inspectors, 警部補, "or equivalent").  RANK_CIVILIAN is staff without a
 * police rank (一般職員).
 */
enum rank {
	RANK_NONE = 0,
	RANK_JUNSA = 1,        /* 巡査 */
	RANK_JUNSACHO = 2,     /* 巡査長 */
	RANK_JUNSABUCHO = 3,   /* 巡査部長 */
	RANK_KEIBUHO = 4,      /* 警部補 */
	RANK_KEIBU = 5,        /* 警部 */
	RANK_KEISHI = 6,       /* 警視 */
	RANK_KEISHISEI = 7,    /* 警視正 */
	RANK_KEISHICHO = 8,    /* 警視長 */
	RANK_CIVILIAN = 9,     /* 一般職員 */
	RANK__COUNT
};

/*
 * The longest login name accepted anywhere (characters = bytes: logins
 * are ASCII).  The one source of the limit: the login form reads at most
 * this many, and every store and audit buffer holds that many plus the
 * NUL, so each name a login attempt may carry is audited whole.
 */
#define MM_LOGIN_CHARS 64
#define MM_LOGIN_MAX (MM_LOGIN_CHARS + 1) /* bytes incl. NUL */
#define MM_NAME_MAX 260    /* bytes incl. NUL: 64 characters of up to 4 bytes */
#define MM_CODE_MAX 32     /* bytes incl. NUL; unit codes are ASCII */
#define MM_TEXT_MAX 4004   /* bytes incl. NUL: 1000 characters of up to 4 bytes */

struct unit {
	int64_t id;
	char code[MM_CODE_MAX];   /* short ASCII code, unique: "HQ", "KITA" */
	char name[MM_NAME_MAX];   /* 本部少年課, 熊本北警察署 */
	enum unit_kind kind;
	int active;
	int64_t version;          /* optimistic concurrency, starts at 1 */
};

struct user {
	int64_t id;
	char login[MM_LOGIN_MAX];
	char name[MM_NAME_MAX];       /* 氏名 */
	char name_kana[MM_NAME_MAX];  /* ふりがな, for sorting */
	enum rank rank;
	enum sex sex;
	int64_t unit_id;              /* 所属 */
	int is_admin;                 /* system administrator, not a directive role */
	int active;                   /* deactivated users are kept, never deleted */
	int64_t version;
};

/* One role held by one user in one unit. */
struct role_assignment {
	int64_t id;
	int64_t user_id;
	enum role role;
	int64_t unit_id;
	int64_t since;   /* unix time */
};

/* At most this many roles per principal are considered. */
#define MM_PRINCIPAL_ROLES 16

/* A role a principal holds, with the kind of its unit (for HQ rules). */
struct role_grant {
	enum role role;
	int64_t unit_id;
	enum unit_kind unit_kind;
};

/*
 * The authenticated user making a request: who, and every role held.
 * Built per request from the store, so revoked roles apply at once.
 */
struct principal {
	int64_t user_id;
	char login[MM_LOGIN_MAX];
	char name[MM_NAME_MAX];
	int64_t unit_id;      /* home unit */
	int is_admin;
	/* 1: a password someone else set; nothing but changing it is open */
	int must_change_password;
	/* 1: a confirmed second factor (TOTP) is enrolled (issue 13) */
	int mfa_enrolled;
	size_t n_roles;
	struct role_grant roles[MM_PRINCIPAL_ROLES];
	/* the names of the home unit and of each role's unit, read with the
	 * rest: every page's header shows them, and a query of its own for
	 * them was one more round trip per page (issue 12) */
	char unit_name[MM_NAME_MAX];
	char role_unit_names[MM_PRINCIPAL_ROLES][MM_NAME_MAX];
};

/*
 * Who did something, as the audit trail records it.  Strings are borrowed
 * (not copied) for the duration of the call that takes the actor.
 */
struct actor {
	int64_t user_id;      /* 0 for the system or the command line */
	const char *login;    /* "" for unauthenticated events */
	enum role role;       /* the role that authorised the action, or NONE */
	int64_t unit_id;      /* the unit of that role, or 0 */
	const char *addr;     /* client address, or "cli" */
};

#endif
