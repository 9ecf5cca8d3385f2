#include "msgcheck.h"

#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "../lib/embed.h"
#include "../lib/err.h"
#include "../lib/banned.h"

#define FOLD_MATCH (FOLD_DROP_SPACE | FOLD_DROP_PUNCT)
#define LINE_MAX_BYTES 4096
#define KEY_MAX 32

extern const struct embedded_file core_policy_files[];

const char *msgcheck_default_text(size_t *len)
{
	const struct embedded_file *f =
		embedded_find(core_policy_files, MSGCHECK_DEFAULT_NAME);

	*len = f ? f->len : 0;
	return f ? (const char *)f->data : "";
}

/* ---- parsing ----------------------------------------------------------- */

/* A growing array of pointers in the parser's heap, moved to the pool at
 * the end of each category. */
struct vec {
	void **v;
	size_t n, cap;
};

static int vec_push(struct vec *a, void *x)
{
	if (a->n == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 16;
		void **v = realloc(a->v, cap * sizeof(*v));

		if (!v)
			return MM_ENOMEM;
		a->v = v;
		a->cap = cap;
	}
	a->v[a->n++] = x;
	return 0;
}

struct parser {
	struct msgcheck_policy *p;
	struct msgcheck_fault *fault;
	size_t line;
	struct vec cats;      /* struct msgcheck_category * */
	struct vec terms;     /* struct msgcheck_term * of the open category */
	struct vec excepts;   /* const char * (listed) */
	struct vec excepts_f; /* const char * (folded) */
	struct msgcheck_category *open;
	size_t open_line;     /* where the open category began */
};

static int refuse(struct parser *ps, const char *ja, const char *en)
{
	if (ps->fault) {
		ps->fault->line = ps->line;
		ps->fault->why_ja = ja;
		ps->fault->why_en = en;
	}
	return MM_EINVAL;
}

/* The folded form of s in the policy's pool, or NULL (*rc says why). */
static const char *fold_into_pool(struct parser *ps, const char *s, int *rc)
{
	struct buf b = BUF_INIT_MAX(LINE_MAX_BYTES * 4);
	const char *out = NULL;

	*rc = fold_text(s, &b, FOLD_MATCH);
	if (*rc == 0) {
		out = pool_strdup(&ps->p->pool, buf_cstr(&b));
		if (!out)
			*rc = MM_ENOMEM;
	}
	buf_release(&b);
	return out;
}

/* Number of code points of UTF-8 s. */
static size_t chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static void **pool_array(struct parser *ps, const struct vec *a)
{
	void **v = pool_alloc(&ps->p->pool, (a->n ? a->n : 1) * sizeof(*v));

	if (v && a->n)
		memcpy(v, a->v, a->n * sizeof(*v));
	return v;
}

/* Closes the open category: its lists move to the pool. */
static int close_category(struct parser *ps)
{
	struct msgcheck_category *c = ps->open;
	struct msgcheck_term *t;

	if (!c)
		return 0;
	ps->line = ps->open_line; /* a fault of the category names its [..] */
	if (!c->label)
		return refuse(ps, "分類に label（見出し）がありません",
			      "a category has no label");
	if (!ps->terms.n)
		return refuse(ps, "分類に term（語）が一つもありません",
			      "a category has no term");
	t = pool_alloc(&ps->p->pool, ps->terms.n * sizeof(*t));
	c->excepts = (const char **)pool_array(ps, &ps->excepts);
	c->excepts_folded = (const char **)pool_array(ps, &ps->excepts_f);
	if (!t || !c->excepts || !c->excepts_folded)
		return MM_ENOMEM;
	for (size_t i = 0; i < ps->terms.n; i++)
		t[i] = *(struct msgcheck_term *)ps->terms.v[i];
	c->terms = t;
	c->n_terms = ps->terms.n;
	c->n_excepts = ps->excepts.n;
	ps->terms.n = ps->excepts.n = ps->excepts_f.n = 0;
	ps->open = NULL;
	return 0;
}

static int valid_key(const char *k, size_t n)
{
	if (n < 1 || n > KEY_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((k[i] >= 'a' && k[i] <= 'z') ||
		      (k[i] >= '0' && k[i] <= '9') || k[i] == '_'))
			return 0;
	return 1;
}

static int open_category(struct parser *ps, const char *s, size_t n)
{
	struct msgcheck_category *c;
	size_t line = ps->line;
	int rc = close_category(ps);

	if (rc < 0)
		return rc;
	ps->line = line;
	if (n < 2 || s[n - 1] != ']' || !valid_key(s + 1, n - 2))
		return refuse(ps, "分類名は [a-z0-9_] の1～32文字を [ ] で囲んでください",
			      "a category key is [a-z0-9_]{1,32} in brackets");
	for (size_t i = 0; i < ps->cats.n; i++) {
		const struct msgcheck_category *o = ps->cats.v[i];

		if (strlen(o->key) == n - 2 && !memcmp(o->key, s + 1, n - 2))
			return refuse(ps, "同じ分類名が二度あります",
				      "a category key appears twice");
	}
	c = pool_alloc(&ps->p->pool, sizeof(*c));
	if (!c)
		return MM_ENOMEM;
	memset(c, 0, sizeof(*c));
	c->key = pool_strndup(&ps->p->pool, s + 1, n - 2);
	if (!c->key)
		return MM_ENOMEM;
	ps->open = c;
	ps->open_line = ps->line;
	return vec_push(&ps->cats, c);
}

static int add_term(struct parser *ps, const char *value)
{
	struct msgcheck_term *t = pool_alloc(&ps->p->pool, sizeof(*t));
	struct vec parts = { 0 };
	const char *s = value;
	int rc = 0;

	if (!t)
		return MM_ENOMEM;
	t->text = pool_strdup(&ps->p->pool, value);
	if (!t->text)
		return MM_ENOMEM;
	for (;;) {
		const char *amp = strstr(s, " & ");
		size_t n = amp ? (size_t)(amp - s) : strlen(s);
		char *part = pool_strndup(&ps->p->pool, s, n);
		const char *f = part ? fold_into_pool(ps, part, &rc) : NULL;

		if (!part)
			rc = MM_ENOMEM;
		if (rc == MM_EINVAL)
			rc = refuse(ps, "語が UTF-8 として正しくありません",
				    "a term is not valid UTF-8");
		if (rc == 0 && !*f)
			rc = refuse(ps, "語が空です（空白や記号だけの語は使えません）",
				    "a term (or a part of it) folds to nothing");
		if (rc == 0)
			rc = vec_push(&parts, (void *)f);
		if (rc < 0 || !amp)
			break;
		s = amp + 3;
	}
	if (rc == 0 && parts.n == 1 && chars(parts.v[0]) < 2)
		rc = refuse(ps, "一文字の語は単独では使えません（「援 & 円」のように別の手掛かりと組み合わせてください）",
			    "a one-character term needs a second part (\"X & Y\")");
	if (rc == 0) {
		t->folded = (const char **)pool_array(ps, &parts);
		t->n_parts = parts.n;
		rc = t->folded ? vec_push(&ps->terms, t) : MM_ENOMEM;
	}
	free(parts.v);
	return rc;
}

static int add_except(struct parser *ps, const char *value)
{
	int rc = 0;
	const char *listed = pool_strdup(&ps->p->pool, value);
	const char *f = listed ? fold_into_pool(ps, listed, &rc) : NULL;

	if (!listed)
		return MM_ENOMEM;
	if (rc == MM_EINVAL)
		return refuse(ps, "除外語が UTF-8 として正しくありません",
			      "an exception is not valid UTF-8");
	if (rc < 0)
		return rc;
	if (!*f)
		return refuse(ps, "除外語が空です", "an exception folds to nothing");
	rc = vec_push(&ps->excepts, (void *)listed);
	return rc < 0 ? rc : vec_push(&ps->excepts_f, (void *)f);
}

static const char *trim(char *s)
{
	char *e = s + strlen(s);

	while (*s == ' ' || *s == '\t')
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

static int set_meta(struct parser *ps, const char **slot, const char *value)
{
	if (ps->open)
		return refuse(ps, "source と updated は最初の分類より前に書いてください",
			      "source and updated come before the first category");
	*slot = pool_strdup(&ps->p->pool, value);
	return *slot ? 0 : MM_ENOMEM;
}

static int statement(struct parser *ps, const char *key, const char *value)
{
	if (!*value)
		return refuse(ps, "値が空です", "a value is empty");
	if (!strcmp(key, "source"))
		return set_meta(ps, &ps->p->source, value);
	if (!strcmp(key, "updated"))
		return set_meta(ps, &ps->p->updated, value);
	if (!ps->open)
		return refuse(ps, "最初の分類 [ ] より前に書けるのは source と updated だけです",
			      "only source and updated come before the first category");
	if (!strcmp(key, "label")) {
		if (ps->open->label)
			return refuse(ps, "label が二度あります",
				      "a category has two labels");
		ps->open->label = pool_strdup(&ps->p->pool, value);
		return ps->open->label ? 0 : MM_ENOMEM;
	}
	if (!strcmp(key, "term"))
		return add_term(ps, value);
	if (!strcmp(key, "except"))
		return add_except(ps, value);
	return refuse(ps, "知らない項目です（source, updated, label, term, except のいずれか）",
		      "unknown key (source, updated, label, term, except)");
}

static int parse_line(struct parser *ps, char *line)
{
	const char *s = trim(line);
	char *eq;

	if (!*s || *s == '#')
		return 0;
	if (*s == '[')
		return open_category(ps, s, strlen(s));
	eq = strchr(s, '=');
	if (!eq)
		return refuse(ps, "「項目 = 値」の形ではありません",
			      "a line is not \"key = value\"");
	*eq = '\0';
	return statement(ps, trim((char *)s), trim(eq + 1));
}

static int parse_lines(struct parser *ps, const char *text, size_t len)
{
	char line[LINE_MAX_BYTES + 1];
	size_t i = 0;
	int rc = 0;

	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		i = 3; /* a byte order mark, as a Windows editor saves */
	if (memchr(text, '\0', len))
		return refuse(ps, "NUL 文字を含んでいます", "the text holds a NUL byte");
	while (rc == 0 && i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (text + i)) : len - i;

		ps->line++;
		if (n > LINE_MAX_BYTES)
			return refuse(ps, "行が長すぎます", "a line is too long");
		memcpy(line, text + i, n);
		line[n] = '\0';
		rc = parse_line(ps, line);
		i += n + 1;
	}
	if (rc == 0)
		rc = close_category(ps);
	ps->line = 0;
	if (rc == 0 && !ps->cats.n)
		rc = refuse(ps, "分類が一つもありません", "the policy has no category");
	return rc;
}

int msgcheck_policy_parse(struct msgcheck_policy *p, const char *text,
			  size_t len, struct msgcheck_fault *fault)
{
	struct parser ps = { .p = p, .fault = fault };
	int rc;

	memset(p, 0, sizeof(*p));
	pool_init(&p->pool, 0);
	if (fault)
		memset(fault, 0, sizeof(*fault));
	rc = text ? parse_lines(&ps, text, len) :
		    refuse(&ps, "ポリシーがありません", "no policy text");
	if (rc == 0) {
		struct msgcheck_category *c =
			pool_alloc(&p->pool, ps.cats.n * sizeof(*c));

		if (c) {
			for (size_t i = 0; i < ps.cats.n; i++)
				c[i] = *(struct msgcheck_category *)ps.cats.v[i];
			p->categories = c;
			p->n_categories = ps.cats.n;
		}
		if (!p->source)
			p->source = "";
		if (!p->updated)
			p->updated = "";
		rc = pool_error(&p->pool);
	}
	if (rc == 0 && pool_error(&p->pool))
		rc = MM_ENOMEM;
	free(ps.cats.v);
	free(ps.terms.v);
	free(ps.excepts.v);
	free(ps.excepts_f.v);
	if (rc < 0)
		msgcheck_policy_release(p);
	return rc;
}

void msgcheck_policy_release(struct msgcheck_policy *p)
{
	if (!p)
		return;
	pool_release(&p->pool);
	memset(p, 0, sizeof(*p));
}

/* ---- matching ---------------------------------------------------------- */

/* 1 when [at, at + n) of text lies inside an occurrence of an exception. */
static int excepted(const struct msgcheck_category *c, const char *text,
		    const char *at, size_t n)
{
	for (size_t i = 0; i < c->n_excepts; i++) {
		const char *e = c->excepts_folded[i];
		size_t en = strlen(e);

		for (const char *s = strstr(text, e); s; s = strstr(s + 1, e))
			if (s <= at && at + n <= s + en)
				return 1;
	}
	return 0;
}

/* 1 when part occurs in text outside every exception of c. */
static int occurs(const struct msgcheck_category *c, const char *text,
		  const char *part)
{
	size_t n = strlen(part);

	for (const char *s = strstr(text, part); s; s = strstr(s + 1, part))
		if (!excepted(c, text, s, n))
			return 1;
	return 0;
}

static int term_matches(const struct msgcheck_category *c,
			const struct msgcheck_term *t, const char *text)
{
	for (size_t i = 0; i < t->n_parts; i++)
		if (!occurs(c, text, t->folded[i]))
			return 0;
	return 1;
}

/* A matched one-part term hidden by a longer matched one containing it. */
static int hidden(const struct msgcheck_category *c, const char *matched,
		  size_t k)
{
	const struct msgcheck_term *t = &c->terms[k];

	if (t->n_parts != 1 || !matched[k])
		return !matched[k];
	for (size_t j = 0; j < c->n_terms; j++) {
		const struct msgcheck_term *o = &c->terms[j];

		if (j != k && matched[j] && o->n_parts == 1 &&
		    strlen(o->folded[0]) > strlen(t->folded[0]) &&
		    strstr(o->folded[0], t->folded[0]))
			return 1;
	}
	return 0;
}

static int check_category(const struct msgcheck_category *c,
			  const char *text, struct msgcheck_result *r,
			  size_t *cap)
{
	char *matched = calloc(c->n_terms ? c->n_terms : 1, 1);

	if (!matched)
		return MM_ENOMEM;
	for (size_t k = 0; k < c->n_terms; k++)
		matched[k] = (char)term_matches(c, &c->terms[k], text);
	for (size_t k = 0; k < c->n_terms; k++) {
		if (hidden(c, matched, k))
			continue;
		if (r->n_hits == *cap) {
			size_t ncap = *cap ? *cap * 2 : 8;
			struct msgcheck_hit *h =
				realloc(r->hits, ncap * sizeof(*h));

			if (!h) {
				free(matched);
				return MM_ENOMEM;
			}
			r->hits = h;
			*cap = ncap;
		}
		r->hits[r->n_hits++] = (struct msgcheck_hit){
			c->key, c->label, c->terms[k].text };
	}
	free(matched);
	return 0;
}

int msgcheck_run(const struct msgcheck_policy *p, const char *text,
		 struct msgcheck_result *r)
{
	struct buf folded = BUF_INIT_MAX((size_t)16 << 20);
	size_t cap = 0;
	int rc;

	memset(r, 0, sizeof(*r));
	if (!text)
		return MM_EINVAL;
	rc = fold_text(text, &folded, FOLD_MATCH);
	for (size_t i = 0; rc == 0 && i < p->n_categories; i++)
		rc = check_category(&p->categories[i], buf_cstr(&folded), r,
				    &cap);
	buf_release(&folded);
	if (rc < 0) {
		msgcheck_result_release(r);
		return rc == MM_EOVERFLOW ? MM_EINVAL : rc;
	}
	r->flagged = r->n_hits > 0;
	return 0;
}

void msgcheck_result_release(struct msgcheck_result *r)
{
	if (!r)
		return;
	free(r->hits);
	memset(r, 0, sizeof(*r));
}

int msgcheck_category_keys(const struct msgcheck_result *r, struct buf *out)
{
	const char *last = NULL;

	for (size_t i = 0; i < r->n_hits; i++) {
		if (last && !strcmp(last, r->hits[i].category))
			continue; /* hits of a category are adjacent */
		if (last)
			buf_addch(out, ',');
		buf_adds(out, r->hits[i].category);
		last = r->hits[i].category;
	}
	return buf_error(out);
}
