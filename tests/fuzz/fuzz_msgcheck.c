/*
 * fuzz_msgcheck.c - libFuzzer harness for the message check (R-CASE-2,
 * core/msgcheck.h, core/fold.h).  The input's first byte picks:
 *   even: the rest is a policy file - parsed, and on success every
 *         category has a key, a label and terms whose parts fold to
 *         something, and the policy checks its own terms;
 *   odd:  the rest is a message checked against the compiled-in policy:
 *         0 or MM_EINVAL (then no hits), flagged exactly when hits, every
 *         hit's term one of the policy's, and the folded message (all of
 *         it as fold_text gives it) checked again finds the same hits -
 *         folding is idempotent.
 * See replay.c for running it.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/fold.h"
#include "core/msgcheck.h"
#include "lib/buf.h"
#include "lib/err.h"

#include "lib/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct msgcheck_policy dflt;

static void check_policy(const char *text, size_t len)
{
	struct msgcheck_policy p;
	struct msgcheck_fault f;
	int rc = msgcheck_policy_parse(&p, text, len, &f);

	if (rc == MM_EINVAL) {
		if (!f.why_ja || !f.why_en || p.n_categories)
			abort();
		return;
	}
	if (rc < 0)
		abort();
	for (size_t i = 0; i < p.n_categories; i++) {
		const struct msgcheck_category *c = &p.categories[i];

		if (!*c->key || !*c->label || !c->n_terms)
			abort();
		for (size_t k = 0; k < c->n_terms; k++)
			for (size_t j = 0; j < c->terms[k].n_parts; j++)
				if (!*c->terms[k].folded[j])
					abort();
	}
	msgcheck_policy_release(&p);
}

static int same_hits(const struct msgcheck_result *a,
		     const struct msgcheck_result *b)
{
	if (a->n_hits != b->n_hits)
		return 0;
	for (size_t i = 0; i < a->n_hits; i++)
		if (a->hits[i].term != b->hits[i].term)
			return 0;
	return 1;
}

static void check_text(const char *text)
{
	struct msgcheck_result r, again;
	struct buf folded = BUF_INIT_MAX((size_t)64 << 20);
	int rc = msgcheck_run(&dflt, text, &r);

	if (rc == MM_EINVAL) {
		if (r.n_hits || r.hits)
			abort();
		return;
	}
	if (rc < 0 || r.flagged != (r.n_hits > 0))
		abort();
	if (fold_text(text, &folded, 0) < 0 ||
	    msgcheck_run(&dflt, buf_cstr(&folded), &again) < 0)
		abort();
	if (!same_hits(&r, &again))
		abort();
	msgcheck_result_release(&again);
	msgcheck_result_release(&r);
	buf_release(&folded);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;

	if (!dflt.n_categories) {
		size_t len;
		const char *t = msgcheck_default_text(&len);

		if (msgcheck_policy_parse(&dflt, t, len, NULL) < 0)
			abort();
	}
	if (size < 1)
		return 0;
	s = malloc(size);
	if (!s)
		return 0;
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	if (data[0] % 2 == 0)
		check_policy(s, size - 1);
	else if (!memchr(data + 1, '\0', size - 1))
		check_text(s);
	free(s);
	return 0;
}
