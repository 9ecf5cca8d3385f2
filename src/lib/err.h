/*
 * err.h - the one error enum of Mamori.
 *
 * Every function that can fail returns 0 (MM_OK) or one of the negative
 * codes below, libuv style.  Callers test `if (rc < 0)`.  The codes are
 * coarse on purpose: each maps to one HTTP status and one user message, and
 * the detail a user needs travels beside the code (see struct mm_fault in
 * the modules that produce field-level errors).
 */
#ifndef MM_ERR_H
#define MM_ERR_H

enum mm_err {
	MM_OK = 0,
	MM_ENOMEM = -1,     /* allocation failed */
	MM_EINVAL = -2,     /* malformed or out-of-range input */
	MM_ENOTFOUND = -3,  /* no such object */
	MM_EEXIST = -4,     /* would create a duplicate (unique key) */
	MM_ESTALE = -5,     /* record changed since the caller read it (409) */
	MM_EDENIED = -6,    /* authorization refused */
	MM_EIO = -7,        /* storage or file system failure */
	MM_EOVERFLOW = -8,  /* a bounded buffer or limit was exceeded */
	MM_ESTATE = -9,     /* transition not allowed in the current state */
	MM_EAUTH = -10,     /* bad credentials or no session */
	MM_ETHROTTLED = -11,/* too many attempts; retry later */
	MM_EBUSY = -12,     /* database busy or serialization failure; retry */
	MM_ECORRUPT = -13,  /* integrity check failed (audit chain, backup) */
	MM_ERULE = -14,     /* a rule of the directive refuses the change */
	MM_EUNSUPPORTED = -15, /* feature or backend not available */
	/*
	 * The database cannot be reached or read: PostgreSQL down or the
	 * connection cut, SQLite's file unreadable or its disk failing.
	 * Not the caller's fault and not a bug: 503 with Retry-After, and
	 * never a reason to treat a session as ended.
	 */
	MM_EUNAVAIL = -16,
};

/*
 * mm_strerror - a short English description of an error code.
 * Returns a static string; never NULL, also for unknown codes.
 */
const char *mm_strerror(int rc);

/*
 * mm_errname - the stable machine name of an error code ("not_found",
 * "conflict", ...), used as the "code" field of JSON API errors.
 * Returns a static string; never NULL.
 */
const char *mm_errname(int rc);

#endif
