/*
 * roles.h - rules about who may hold which role (R-ROLE-1..5, and the
 * information-security manager and IT division head of 第2), and the
 * names of roles, ranks, sexes and unit kinds.  Pure; no I/O.
 */
#ifndef MM_CORE_ROLES_H
#define MM_CORE_ROLES_H
#ifndef MM_SEES_CORE /* the layers: HACKING.md */
#error "layer: core/ is seen only by core/, store/ and the front end"
#endif

#include "fsm.h"
#include "types.h"

/*
 * role_check_assignment - whether role may be held in a unit of this kind.
 * R-ROLE-1: the general manager is held only at HQ; so are the
 * information-security manager and the IT division head.  Returns 0 or
 * MM_ERULE (with *why set to a static Japanese message) or MM_EINVAL for
 * an unknown role.
 */
int role_check_assignment(enum role role, enum unit_kind kind,
			  const char **why);

/*
 * role_by_designation - 1 for the roles held only through a designation
 * of the communication-officer designation register (form 1): the
 * operations officer (R-ROLE-4) and the communication officer (R-ROLE-5).
 * Their assignment is made and ended only by the designation, so the
 * register and the roles always agree.
 */
int role_by_designation(enum role role);

/* The refusal of a direct grant or revocation of such a role. */
#define MM_ROLE_BY_DESIGNATION_MSG \
	"運用担当者・交信担当者は交信担当者指定簿（様式第1号）から" \
	"指定・解除してください（「担当者の指定」の画面）"

/*
 * role_check_direct - whether role may be granted or revoked directly
 * (the role screens, the role API, the CLI).  Returns 0, or MM_ERULE for
 * a role held only through a designation (role_by_designation()), with
 * *why (may be NULL) set to MM_ROLE_BY_DESIGNATION_MSG.
 */
int role_check_direct(enum role role, const char **why);

/*
 * role_single_holder - 1 when at most one person may hold role in a unit
 * (general manager, information-security manager and IT division head
 * prefecture-wide, manager and assistant per unit): a new
 * assignment replaces the previous holder in the same transaction.
 */
int role_single_holder(enum role role);

/*
 * role_prefecture_wide - 1 when the single holder is counted across all
 * units (R-ROLE-1, the information-security manager, the IT division
 * head), 0 when per unit.
 */
int role_prefecture_wide(enum role role);

/*
 * role_may_vacate - 0 when the role must always have a holder (the
 * general manager: revoking is refused; assign a successor instead).
 */
int role_may_vacate(enum role role);

/* Japanese label of a role (統括運用管理者 ...), "" when unknown. */
const char *role_label(enum role role);
/* stable English key of a role ("general_manager" ...), NULL if unknown. */
const char *role_key(enum role role);
/* role_from_key - parses a key; returns ROLE_NONE when unknown. */
enum role role_from_key(const char *key);

/*
 * The names of ranks, sexes, unit kinds and of the two roles held only
 * through a designation, indexed by value (index 0 has none): the tables
 * the functions below and the record descriptors read.
 */
extern const struct fsm_name rank_names[RANK__COUNT];
extern const struct fsm_name sex_names[SEX_FEMALE + 1];
extern const struct fsm_name unit_kind_names[UNIT_STATION + 1];
extern const struct fsm_name designated_roles[ROLE__COUNT];

/* Key, label and value of each name (fsm.h). */
FSM_NAMES_DECLARE(rank, enum rank);
FSM_NAMES_DECLARE(sex, enum sex);
FSM_NAMES_DECLARE(unit_kind, enum unit_kind);

/* rank_is_inspector_or_above - R-ROLE-4: 警部補 or higher police rank. */
int rank_is_inspector_or_above(enum rank rank);

#endif
