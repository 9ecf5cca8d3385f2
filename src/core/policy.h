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

#include <stddef.h>

#include "retention.h"
#include "types.h"
#include "wareki.h"

#define POLICY_ID_MAX 64   /* bytes incl. NUL; ASCII */
/* The document types whose retention a version states (R-RET-1, R-RET-3). */
#define POLICY_DOCTYPES 10
#define POLICY_DOCTYPE_KEY_MAX 16
/* Forms (別記様式) a version lists, numbered 1-POLICY_FORM_NUMBER_MAX. */
#define POLICY_FORMS_MAX 20
#define POLICY_FORM_NUMBER_MAX 99
/* R-PHOTO-3: the highest photo limit a file may state. */
#define POLICY_PHOTO_MAX 20
/* A policy file's size limit (the stored text). */
#define POLICY_TEXT_MAX (64 * 1024)

/* The retention class of one document type of a version. */
struct policy_retention {
	char key[POLICY_DOCTYPE_KEY_MAX];  /* form1 .. detail12 */
	struct retention_rule rule;
	/*
	 * 1 when the period is not stated by the directive but assumed (the
	 * detail rules' periods are unknown, R-RET-3): shown as 「仮定」.
	 */
	int assumed;
};

/* One form (別記様式第N号) of the directive. */
struct policy_form {
	int number;
	char name[MM_NAME_MAX];
};

struct policy {
	/* Stable ASCII id of this version, stored with each record. */
	char id[POLICY_ID_MAX];
	char number[MM_NAME_MAX];     /* 熊少第121号 */
	char title[MM_NAME_MAX];      /* the directive's name */
	struct civil_date issued;     /* date of the notice */
	struct civil_date expires;    /* 有効期間満了日, last valid day */
	/* First day the version is in force (a loaded file's date). */
	struct civil_date effective_from;

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
	/* R-PHOTO-3: processed staff photos kept on one device at most (5). */
	int photo_max;
	/* R-RET-1..3: one entry per key of policy_doctype_keys, in order. */
	struct policy_retention retention[POLICY_DOCTYPES];
	/* The directive's forms, by number ascending. */
	struct policy_form forms[POLICY_FORMS_MAX];
	size_t nforms;
};

/*
 * policy_doctype_keys - the document type keys every version states a
 * retention class for, in order: form1..form5, detail1, detail5,
 * detail6, detail9, detail12 (POLICY_DOCTYPES entries).
 */
extern const char *const policy_doctype_keys[POLICY_DOCTYPES];

/*
 * A parse failure: the line (1-based; 0 when the failure is not of one
 * line, e.g. a missing key), "[section] key" (may be empty) and a static
 * Japanese message.
 */
struct policy_error {
	int line;
	char where[96];
	const char *why;
};

/*
 * policy_parse - reads a policy file (docs/policy.md; ini syntax):
 * [directive] id, number, title, issued, effective_from, expires;
 * [limits] loan_max_months, location_check_months, loan_due_soon_days,
 * takeout_grace_minutes, screenshot_max_days, photo_max;
 * [retention] one "N calendar|fiscal [assumed]" or "permanent [assumed]"
 * per key of policy_doctype_keys; [forms] N = name (at least one).
 * Strict: every key required, none unknown or repeated, dates
 * YYYY-MM-DD and valid, expires not before issued nor effective_from,
 * then policy_check().  text is len bytes (no NUL inside, UTF-8, at
 * most POLICY_TEXT_MAX).  Returns 0 with *out filled, MM_ENOMEM when the
 * parser could not allocate, or MM_EINVAL with
 * *err filled and *out zeroed.  Pure.
 */
int policy_parse(const char *text, size_t len, struct policy *out,
		 struct policy_error *err);

/*
 * policy_error_format - "N行目: [section] key: message" (parts left out
 * when unknown) into out (size bytes, always terminated).
 */
void policy_error_format(const struct policy_error *err, char *out,
			 size_t size);

/*
 * policy_default_text - the first version's file (policy/directive-1.ini),
 * compiled in; *len its size.  Never NULL.
 */
const char *policy_default_text(size_t *len);

/*
 * policy_retention_rule - the retention class of the document type key
 * (one of policy_doctype_keys) under p.  Returns 0 with *out, or
 * MM_ENOTFOUND for an unknown key (or a NULL argument: MM_EINVAL).
 */
int policy_retention_rule(const struct policy *p, const char *doctype_key,
			  struct retention_rule *out);

/* policy_retention_assumed - 1 when the key's period is assumed, else 0. */
int policy_retention_assumed(const struct policy *p, const char *doctype_key);

/*
 * policy_expiry_warning - R-META-1: days from today to the version's
 * expiry when they are 90 or fewer (0 on the last day, negative once
 * expired), returned in *days with 1; 0 when no warning is due.
 */
int policy_expiry_warning(const struct policy *p,
			  const struct civil_date *today, int64_t *days);

#define POLICY_EXPIRY_WARN_DAYS 90

/*
 * policy_default - the first version: directive 熊少第121号 of 令和2年3月25日
 * (2020-03-25), valid until 令和6年3月31日 (2024-03-31), parsed once from
 * the compiled-in policy/directive-1.ini.  Returns a pointer to a static
 * value; never NULL (aborts if the compiled-in file is bad, which the
 * unit tests rule out).  Thread-safe.  Callers that serve requests use
 * the version in force (app_policy()), not this.
 */
const struct policy *policy_default(void);

/*
 * Where the rules run on a thread find the version in force: get(arg)
 * answers it (never NULL).  The app sets one per request (app_dispatch:
 * the version in force that day, read from the store once per request).
 */
struct policy_source {
	const struct policy *(*get)(void *arg);
	void *arg;
};

/*
 * policy_use - the source the directive's rules read on this thread
 * until the next call (NULL: the first version again), so a record's
 * rules hook (core/records.c) and the photo limit, which have no request
 * to ask, apply the version in force (R-META-1) on every front end and
 * in the store's last check alike.  src must outlive the use.
 * policy_current - the source's version; policy_default() without one.
 */
void policy_use(const struct policy_source *src);
const struct policy *policy_current(void);

/*
 * policy_in_use - this thread's source (NULL: none), so work run on
 * another thread's behalf (the store's group commit) can read its
 * caller's version and give the thread its own back.
 */
const struct policy_source *policy_in_use(void);

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
