#include "json_body.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/err.h"
#include "../lib/util.h"

#include "../lib/banned.h"

static void set_err(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/*
 * Deepest nesting of arrays and objects in n bytes, counted before
 * jansson parses them so a deep body costs neither its recursion nor its
 * allocations.  Brackets inside strings do not count.  Returns a depth
 * above max as soon as one is seen.
 */
static size_t nesting_depth(const char *p, size_t n, size_t max)
{
	size_t depth = 0, deepest = 0;
	int in_string = 0;

	for (size_t i = 0; i < n; i++) {
		char c = p[i];

		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = 0;
		} else if (c == '"') {
			in_string = 1;
		} else if (c == '[' || c == '{') {
			if (++depth > deepest)
				deepest = depth;
			if (deepest > max)
				break;
		} else if ((c == ']' || c == '}') && depth > 0) {
			depth--;
		}
	}
	return deepest;
}

/*
 * The parse being guarded on this thread (json_load_guarded): where to
 * jump when an allocation fails, and every block it allocated and has
 * not freed.  None: jansson's allocations are plain malloc and free.
 */
struct parse_guard {
	jmp_buf out;
	void **blocks;
	size_t n, cap;
};

static _Thread_local struct parse_guard *guard;
static pthread_once_t guard_installed = PTHREAD_ONCE_INIT;

static void *guard_malloc(size_t n)
{
	struct parse_guard *g = guard;
	void *p = malloc(n);
	void **more;

	if (!g)
		return p;
	if (p && g->n == g->cap) {
		more = realloc(g->blocks, (g->cap ? g->cap * 2 : 64) *
						  sizeof(*more));
		if (!more) {
			free(p);
			p = NULL;
		} else {
			g->blocks = more;
			g->cap = g->cap ? g->cap * 2 : 64;
		}
	}
	if (!p)
		longjmp(g->out, 1); /* jansson never sees the failure */
	g->blocks[g->n++] = p;
	return p;
}

static void guard_free(void *p)
{
	struct parse_guard *g = guard;

	/* the latest blocks are the likeliest freed: search from the end */
	for (size_t i = g && p ? g->n : 0; i-- > 0;) {
		if (g->blocks[i] == p) {
			g->blocks[i] = g->blocks[--g->n];
			break;
		}
	}
	free(p);
}

/* Outside a guarded parse the wrappers are malloc and free themselves,
 * so installing them late mixes nothing. */
static void install_guard(void)
{
	json_set_alloc_funcs(guard_malloc, guard_free);
}

json_t *json_load_guarded(const char *p, size_t n, size_t flags,
			  json_error_t *err, int *oom)
{
	static _Thread_local struct parse_guard g;
	json_t *root = NULL;

	pthread_once(&guard_installed, install_guard);
	if (oom)
		*oom = 0;
	g.n = 0;
	if (setjmp(g.out) == 0) {
		guard = &g;
		root = json_loadb(p, n, flags, err);
	} else {
		/* the parse is abandoned: nothing it made may outlive it */
		for (size_t i = 0; i < g.n; i++)
			free(g.blocks[i]);
		if (oom)
			*oom = 1;
		if (err) {
			memset(err, 0, sizeof(*err));
			snprintf(err->text, sizeof(err->text), "out of memory");
		}
		root = NULL;
	}
	guard = NULL;
	free(g.blocks); /* a thread that ends leaves nothing behind */
	g.blocks = NULL;
	g.n = g.cap = 0;
	return root;
}

int json_body_parse(const char *p, size_t n, json_t **out, char *err,
		    size_t errlen)
{
	json_error_t jerr;
	json_t *root;
	int oom;

	*out = NULL;
	if (n > JSON_BODY_MAX_BYTES) {
		set_err(err, errlen, "本文が大きすぎます（%zuバイトまで）",
			JSON_BODY_MAX_BYTES);
		return MM_EOVERFLOW;
	}
	if (nesting_depth(p, n, JSON_BODY_MAX_DEPTH) > JSON_BODY_MAX_DEPTH) {
		set_err(err, errlen, "JSONの入れ子が深すぎます（%d段まで）",
			JSON_BODY_MAX_DEPTH);
		return MM_EINVAL;
	}
	/* jansson refuses invalid UTF-8, NUL bytes and \u0000 by default. */
	root = json_load_guarded(p, n, JSON_REJECT_DUPLICATES, &jerr, &oom);
	if (oom) {
		/* the server's memory, not the client's body (issue 14) */
		set_err(err, errlen, "メモリが不足しています");
		return MM_ENOMEM;
	}
	if (!root) {
		/* jansson's own text is English: say the two kinds in Japanese */
		set_err(err, errlen, strstr(jerr.text, "duplicate") ?
			"同じ項目が二度あります（%d行%d列、%dバイト目）" :
			"JSONの形式が正しくありません（%d行%d列、%dバイト目）",
			jerr.line, jerr.column, jerr.position);
		return MM_EINVAL;
	}
	if (!json_is_object(root)) {
		json_decref(root);
		set_err(err, errlen, "本文はJSONのオブジェクトにしてください");
		return MM_EINVAL;
	}
	*out = root;
	return 0;
}

/*
 * The field key of obj, or NULL when absent or null.  Sets the message
 * and returns MM_EINVAL when it is required but missing.
 */
static int lookup(json_t *obj, const char *key, int required, json_t **val,
		  char *err, size_t errlen)
{
	json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;

	if (v && json_is_null(v))
		v = NULL;
	*val = v;
	if (!v && required) {
		set_err(err, errlen, "「%s」を入力してください", key);
		return MM_EINVAL;
	}
	return 0;
}

int json_get_string(json_t *obj, const char *key, int required,
		    const char **out, char *err, size_t errlen)
{
	json_t *v;
	int rc = lookup(obj, key, required, &v, err, errlen);

	*out = NULL;
	if (rc < 0 || !v)
		return rc;
	if (!json_is_string(v)) {
		set_err(err, errlen, "「%s」は文字列で入力してください", key);
		return MM_EINVAL;
	}
	if (!utf8_valid(json_string_value(v), json_string_length(v))) {
		set_err(err, errlen,
			"「%s」に使用できない文字が含まれています", key);
		return MM_EINVAL;
	}
	*out = json_string_value(v);
	return 0;
}

int json_get_int64(json_t *obj, const char *key, int required,
		   int64_t *out, char *err, size_t errlen)
{
	json_t *v;
	int rc = lookup(obj, key, required, &v, err, errlen);

	if (rc < 0 || !v)
		return rc;
	if (!json_is_integer(v)) {
		set_err(err, errlen, "「%s」は整数で入力してください", key);
		return MM_EINVAL;
	}
	*out = (int64_t)json_integer_value(v);
	return 0;
}

int json_get_bool(json_t *obj, const char *key, int required, int *out,
		  char *err, size_t errlen)
{
	json_t *v;
	int rc = lookup(obj, key, required, &v, err, errlen);

	if (rc < 0 || !v)
		return rc;
	if (!json_is_boolean(v)) {
		set_err(err, errlen, "「%s」はtrueかfalseで入力してください",
			key);
		return MM_EINVAL;
	}
	*out = json_is_true(v);
	return 0;
}

int json_check_fields(json_t *obj, const char *const *allowed,
		      const char **unknown)
{
	const char *key;
	json_t *v;

	if (!json_is_object(obj))
		return MM_EINVAL;
	json_object_foreach(obj, key, v) {
		size_t j = 0;

		(void)v;
		while (allowed[j] && strcmp(allowed[j], key) != 0)
			j++;
		if (!allowed[j]) {
			if (unknown)
				*unknown = key;
			return MM_EINVAL;
		}
	}
	return 0;
}
