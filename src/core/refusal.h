/*
 * refusal.h - which rule of the directive a refusal message stands for,
 * so the audit trail can name the rule that refused a request (ASVS
 * 16.3.3, issue 8).
 *
 * The checks of core return a static Japanese message beside their
 * error (the `why` of loan_check_period(), device_usable(), ...).  Rather
 * than change every check's signature, one table here maps each message
 * of a directive rule to its requirement ID (requirements.md).  A message
 * matches when it begins with the table's text, so a front end may add
 * context ("…（X @account）") or a final "。".  Messages of plain input
 * validation (a malformed date, an empty field that no rule asks for)
 * are not in the table: their rule is "".  tests/unit/core/test_refusal.c
 * drives each check into its refusal and checks the ID, so a reworded
 * message that falls out of the table fails there.  Pure; no I/O.
 */
#ifndef MM_CORE_REFUSAL_H
#define MM_CORE_REFUSAL_H
#ifndef MM_SEES_CORE /* the layers: HACKING.md */
#error "layer: core/ is seen only by core/, store/ and the front end"
#endif

#include <stddef.h>

/* One refusal message and the requirement that makes it. */
struct rule_refusal {
	const char *rule;  /* "R-DEV-2" */
	const char *why;   /* the message, without a final "。" */
};

/*
 * refusal_rule - the requirement ID of the refusal message message (a
 * static string of the table), or "" when it is none of the table's or
 * NULL.  Never NULL.
 */
const char *refusal_rule(const char *message);

/*
 * refusal_table - the table itself (static) and its length in *n, for
 * tests and documentation.
 */
const struct rule_refusal *refusal_table(size_t *n);

#endif
