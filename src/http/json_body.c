#include "json_body.h"

#include <pthread.h>
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
 * jansson's allocations: a failed one is tried once more before jansson
 * sees it, because jansson 2.14 does not survive every failure (its
 * lexer asserts in lex_scan_string, taking the server down; issue 14's
 * allocation shim reaches it now that a request allocates less, issue
 * 12).  A failure that persists still reaches jansson.
 */
static void *retrying_malloc(size_t n)
{
	void *p = malloc(n);

	return p ? p : malloc(n);
}

static void use_retrying_malloc(void)
{
	json_set_alloc_funcs(retrying_malloc, free);
}

/* A text jansson may hand out: no NUL inside (its length says so). */
static int sound_text(const char *s, size_t n)
{
	return s && strlen(s) == n;
}

/* Whether every key and string below v (depth levels deep) is sound. */
static int sound(json_t *v, size_t depth)
{
	const char *key;
	json_t *x;
	size_t i;

	if (json_is_string(v))
		return sound_text(json_string_value(v), json_string_length(v));
	if (!depth)
		return 1;
	if (json_is_array(v)) {
		json_array_foreach(v, i, x)
			if (!sound(x, depth - 1))
				return 0;
	} else if (json_is_object(v)) {
		json_object_foreach(v, key, x)
			if (!sound_text(key, strlen(key)) || !sound(x, depth - 1))
				return 0;
	}
	return 1;
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

int json_body_parse(const char *p, size_t n, json_t **out, char *err,
		    size_t errlen)
{
	json_error_t jerr;
	json_t *root;

	static pthread_once_t alloc_set = PTHREAD_ONCE_INIT;

	pthread_once(&alloc_set, use_retrying_malloc);
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
	root = json_loadb(p, n, JSON_REJECT_DUPLICATES, &jerr);
	/*
	 * So a string it gave back that holds one is what
	 * an allocation failing inside it made, not what the client sent:
	 * parsed once more, as below.
	 */
	if (root && !sound(root, JSON_BODY_MAX_DEPTH)) {
		json_decref(root);
		root = json_loadb(p, n, JSON_REJECT_DUPLICATES, &jerr);
		if (root && !sound(root, JSON_BODY_MAX_DEPTH)) {
			json_decref(root);
			set_err(err, errlen, "メモリが不足しています");
			return MM_ENOMEM;
		}
		if (!root) {
			set_err(err, errlen, "メモリが不足しています");
			return MM_ENOMEM;
		}
	}
	/*
	 * jansson reports some failed allocations as a syntax error (and
	 * none at all when it cannot allocate its lexer): a refused body is
	 * parsed once more, and one that parses then was never malformed.
	 * A 400 would blame the client for the server's memory (issue 14).
	 */
	if (!root) {
		json_error_t again;
		int oom = json_error_code(&jerr) == json_error_out_of_memory ||
			  !jerr.text[0];

		root = json_loadb(p, n, JSON_REJECT_DUPLICATES, &again);
		if (!root && (oom || json_error_code(&again) ==
					     json_error_out_of_memory ||
			      !again.text[0])) {
			set_err(err, errlen, "メモリが不足しています");
			return MM_ENOMEM;
		}
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
