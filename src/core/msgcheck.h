/*
 * msgcheck.h - the message check (R-CASE-2): does a draft or a sent
 * message invite a relationship by referring to sexual acts or by
 * offering payment - the solicitations that article 6 of the law on
 * online dating services forbids (出会い系サイト規制法第6条) - or ask for
 * images of the person (刑法182条3項)?  The system flags; the officer
 * and the manager decide.
 *
 * The rules are data: a policy of categories, each with a Japanese label
 * and a list of terms, parsed from the text of a policy file (the default
 * is policy/message-check.conf, compiled into the binary; `[policy]
 * message_check = PATH` replaces it).  Terms and text are folded alike
 * (core/fold.h: NFKC, width, case, katakana -> hiragana, spacing and
 * punctuation dropped), so ﾊﾟﾊﾟ活, パ パ 活 and ぱぱ活 all match パパ活.
 * Pure: no I/O (the caller reads the file), no global state.
 *
 * The policy file, UTF-8, one statement a line:
 *     # a comment (also after blank lines; not after a value)
 *     source = where the list comes from      (optional, before [..])
 *     updated = 2026-12-06                   (optional, before [..])
 *     [payment]                  a category: key of [a-z0-9_], 1..32
 *     label = 金銭・対償の提示        its Japanese label (exactly one)
 *     term = パパ活                   a term (one or more per category)
 *     term = 援 & 円                  parts joined by " & ": the message
 *                                    must hold every part (a single
 *                                    character is a term only so, with a
 *                                    second signal: japan-notes)
 *     except = 支援                   an ordinary word: an occurrence of
 *                                    a term (part) lying inside an
 *                                    occurrence of this word does not count
 * Spaces around "=" and at both ends of a line are ignored.  A term or
 * part must fold to at least one character; a term that is not a " & "
 * combination must fold to two or more.
 *
 * Who reaches what (for the front ends and the cases' log):
 *   - `mamori serve` parses the policy once at start, before the sandbox,
 *     and keeps it in `struct app` as the member `msgcheck` (app/app.h);
 *     a handler checks with msgcheck_run(&c->app->msgcheck, text, &r),
 *     or with app_message_check() (app/msgcheck.h), which also holds the
 *     text to MM_TEXT_MAX characters and writes the audit entry.  A
 *     policy with n_categories 0 was never loaded: refuse, never pass.
 *   - Thread safety: a parsed policy is immutable; any number of threads
 *     may call msgcheck_run() on one policy at the same time, each with
 *     its own struct msgcheck_result.
 */
#ifndef MM_CORE_MSGCHECK_H
#define MM_CORE_MSGCHECK_H
#ifndef MM_SEES_CORE /* the layers: HACKING.md */
#error "layer: core/ is seen only by core/, store/ and the front end"
#endif

#include <stddef.h>

#include "../lib/buf.h"
#include "../lib/pool.h"

/* A term of a category.  Read-only; owned by the policy. */
struct msgcheck_term {
	const char *text;     /* as listed, e.g. "パパ活" or "援 & 円" */
	size_t n_parts;       /* 1, or the number of " & " parts */
	const char **folded;  /* each part, folded (FOLD_DROP_SPACE|PUNCT) */
};

/* A category of the policy.  Read-only; owned by the policy. */
struct msgcheck_category {
	const char *key;      /* ASCII, e.g. "payment"; stable for audit */
	const char *label;    /* Japanese, shown to the officer */
	size_t n_terms;
	struct msgcheck_term *terms;
	size_t n_excepts;
	const char **excepts;        /* as listed */
	const char **excepts_folded; /* folded as the terms */
};

/*
 * A parsed policy.  Everything it points at lives in its pool and is
 * freed by msgcheck_policy_release(); read its fields, never write them.
 */
struct msgcheck_policy {
	struct pool pool;
	const char *source;   /* "" when the file names none */
	const char *updated;  /* "" when the file names none */
	size_t n_categories;
	struct msgcheck_category *categories;
};

/* Where and why a policy text was refused (line 0: the whole text). */
struct msgcheck_fault {
	size_t line;
	const char *why_ja;   /* static Japanese sentence */
	const char *why_en;   /* static English sentence */
};

/*
 * A draft to check, as the front ends read it through the descriptor
 * message_check_record (core/records.h): one text of at most
 * MSGCHECK_TEXT_CHARS characters, line breaks allowed.  The text is the
 * request's (its pool's); nothing keeps it.
 */
#define MSGCHECK_TEXT_CHARS 1000 /* MM_TEXT_MAX's characters */
struct msgcheck_draft {
	const char *text;
};

/*
 * msgcheck_default_text - the default policy compiled into the binary
 * (policy/message-check.conf): static text of *len bytes (NUL after it).
 */
const char *msgcheck_default_text(size_t *len);

/* The name of the default policy, as shown in messages and the check page. */
#define MSGCHECK_DEFAULT_NAME "message-check.conf"

/*
 * msgcheck_policy_parse - parses len bytes of policy text (see above; no
 * NUL inside) into *p, which must not hold a policy (a zeroed struct is
 * fine) and is released by msgcheck_policy_release().  Every term and
 * exception is folded here, once.  Returns 0; MM_EINVAL when the text is
 * not a valid policy (fault, may be NULL, says the line and why; *p is
 * left empty); MM_ENOMEM.
 */
int msgcheck_policy_parse(struct msgcheck_policy *p, const char *text,
			  size_t len, struct msgcheck_fault *fault);

/* msgcheck_policy_release - frees what p holds; p is empty (zeroed). */
void msgcheck_policy_release(struct msgcheck_policy *p);

/* One match: pointers into the policy, valid while the policy lives. */
struct msgcheck_hit {
	const char *category; /* the category's key */
	const char *label;    /* its Japanese label */
	const char *term;     /* the term as listed in the policy */
};

/*
 * The outcome of one check.  hits is malloc'd by msgcheck_run() and freed
 * by msgcheck_result_release(); a zeroed struct is an empty result.
 * Hits come in the policy's order (categories, then terms); a term is
 * reported once however often it occurs, and not at all when a longer
 * term of the same category that also matched contains it (援助交際 hides
 * 援助).
 */
struct msgcheck_result {
	int flagged;          /* 1 when n_hits > 0 */
	size_t n_hits;
	struct msgcheck_hit *hits;
};

/*
 * msgcheck_run - checks the NUL-terminated UTF-8 text against policy p
 * and fills *r (which it first empties).  Any length the caller allows
 * (the front ends hold drafts to MM_TEXT_MAX characters).  Does not keep
 * or copy the text.  Thread-safe for a shared p (see above).  Returns 0;
 * MM_EINVAL when text is NULL or not well-formed UTF-8 (*r empty);
 * MM_ENOMEM.
 */
int msgcheck_run(const struct msgcheck_policy *p, const char *text,
		 struct msgcheck_result *r);

/* msgcheck_result_release - frees r's hits; r is empty again. */
void msgcheck_result_release(struct msgcheck_result *r);

/*
 * msgcheck_category_keys - appends to out the keys of the categories r
 * matched, each once, in policy order, joined by "," ("" when none): the
 * audit's record of a check, which must never hold the text itself.
 * Returns 0 or out's error.
 */
int msgcheck_category_keys(const struct msgcheck_result *r, struct buf *out);

#endif
