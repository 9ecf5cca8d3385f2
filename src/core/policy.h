/*
 * policy.h - the directive's numbers in one place (R-META-1).
 *
 * Workflow code never writes "one year" or "30 days" as a literal: it
 * reads a struct policy.  A policy is the version of the directive in
 * force; records keep its id so that a revised directive (a new version
 * loaded from a file, a later issue) leaves old records judged by the
 * rules they were made under.  The struct is a plain value of fixed-size
 * fields so a loader can fill it and policy_check() can vet it.
 * Pure; no I/O.
 */
#ifndef MM_CORE_POLICY_H
#define MM_CORE_POLICY_H
#ifndef MM_SEES_CORE /* the layers: HACKING.md */
#error "layer: core/ is seen only by core/, store/ and the front end"
#endif

#include "types.h"
#include "wareki.h"

#define POLICY_ID_MAX 64   /* bytes incl. NUL; ASCII */

struct policy {
	/* Stable ASCII id of this version, stored with each record. */
	char id[POLICY_ID_MAX];
	char number[MM_NAME_MAX];     /* 熊少第121号 */
	char title[MM_NAME_MAX];      /* the directive's name */
	struct civil_date issued;     /* date of the notice */
	struct civil_date expires;    /* 有効期間満了日, last valid day */

	/*
	 * R-DEV-2, R-DEV-8: a loan lasts at most this many calendar months
	 * "in principle" (原則として1年を超えない); longer needs a reason.
	 */
	int loan_max_months;
	/*
	 * R-DEV-5: the location of a device is checked at least once in
	 * every period of this many calendar months (月に1回以上: 1).  Must
	 * divide 12, so periods start with a calendar month.
	 */
	int location_check_months;
	/* Home-page reminder: a loan is "due soon" this many days ahead. */
	int loan_due_soon_days;
	/*
	 * R-DEV-7: minutes after the expected return before a take-out is
	 * flagged as not back.  The directive names no grace: 0.
	 */
	int takeout_grace_minutes;
	/*
	 * R-EXC-3: days a screenshot may stay on a device before it is
	 * listed as overdue (moved to the investigation laptop or deleted
	 * late).  The directive says only 一時的に (temporarily) and
	 * 速やかに (at once); the number is policy data: 7.
	 */
	int screenshot_max_days;
};

/*
 * policy_default - the policy of directive 熊少第121号 of 令和2年3月25日
 * (2020-03-25), valid until 令和6年3月31日 (2024-03-31).  Returns a
 * pointer to a static constant; never NULL.  Thread-safe.
 */
const struct policy *policy_default(void);

/*
 * policy_check - whether every field of p is usable: id of ASCII letters,
 * digits, '.', '_' or '-'; number and title set; valid dates with issued
 * not after expires; numbers in range (loan_max_months 1-120,
 * location_check_months dividing 12, loan_due_soon_days 0-366,
 * takeout_grace_minutes 0-10080, screenshot_max_days 0-366).  Returns
 * 0 or MM_EINVAL with *field naming the first bad field and *why a
 * static Japanese message (either pointer may be NULL).
 */
int policy_check(const struct policy *p, const char **field,
		 const char **why);

/*
 * policy_in_force - 1 when the civil date d lies within the policy's
 * validity (issued <= d <= expires), else 0.
 */
int policy_in_force(const struct policy *p, const struct civil_date *d);

#endif
