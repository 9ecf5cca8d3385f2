#include "json_in.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/text.h"
#include "core/validate.h"
#include "http/json_body.h"
#include "lib/err.h"
#include "lib/util.h"
#include "api.h"
#include "lib/banned.h"

/* application/json, with or without parameters such as charset. */
static int is_json_type(const char *type)
{
	static const char want[] = "application/json";
	size_t n = sizeof(want) - 1;

	if (!type || strncasecmp(type, want, n) != 0)
		return 0;
	return type[n] == '\0' || type[n] == ';' || type[n] == ' ';
}

int api_body(struct ctx *c, const char *const *allowed, json_t **out)
{
	char err[160] = "";
	const char *unknown = NULL;
	json_t *obj = NULL;
	int rc;

	*out = NULL;
	if (!is_json_type(c->req->content_type)) {
		api_error(c, 415, "unsupported_media_type",
			  "本文はapplication/jsonで送ってください", NULL);
		return MM_EINVAL;
	}
	rc = json_body_parse(c->req->body, c->req->body_len, &obj, err,
			     sizeof(err));
	if (rc == MM_EOVERFLOW) {
		api_error(c, 413, mm_errname(rc), "本文が大きすぎます", NULL);
		return rc;
	}
	if (rc == MM_ENOMEM) { /* the server's failure: 500, not 400 */
		ctx_fail(c, rc, NULL, NULL);
		return rc;
	}
	if (rc < 0) {
		api_error(c, 400, "bad_request", err[0] ? err : "JSONの形式が正しくありません",
			  NULL);
		return rc;
	}
	if (json_check_fields(obj, allowed, &unknown) < 0) {
		api_error(c, 400, "unknown_field", "この項目は受け付けられません", unknown);
		json_decref(obj);
		return MM_EINVAL;
	}
	*out = obj;
	return 0;
}

/* Answers a field that failed json_body's type or presence check. */
static int bad_field(struct ctx *c, const char *key, const char *err)
{
	api_error(c, 400, "bad_request", err[0] ? err : "項目の形式が正しくありません", key);
	return MM_EINVAL;
}

int api_string(struct ctx *c, json_t *obj, const char *key, int required,
	       const char **out)
{
	char err[160] = "";

	if (json_get_string(obj, key, required, out, err, sizeof(err)) < 0)
		return bad_field(c, key, err);
	return 0;
}

int api_int64(struct ctx *c, json_t *obj, const char *key, int required,
	      int64_t *out)
{
	char err[160] = "";

	if (json_get_int64(obj, key, required, out, err, sizeof(err)) < 0)
		return bad_field(c, key, err);
	return 0;
}

int api_bool(struct ctx *c, json_t *obj, const char *key, int required,
	     int *out)
{
	char err[160] = "";

	if (json_get_bool(obj, key, required, out, err, sizeof(err)) < 0)
		return bad_field(c, key, err);
	return 0;
}

int api_query_int64(struct ctx *c, const char *name, int64_t min,
		    int64_t max, int64_t *out)
{
	const char *v = http_query(c->req, name);

	if (!v)
		return 0;
	if (parse_int64(v, min, max, out) == 0)
		return 0;
	api_error(c, 400, "bad_request", "検索条件が正しくありません", name);
	return MM_EINVAL;
}

int api_unknown_state(struct ctx *c)
{
	return api_invalid(c, "state",
			   "状態の指定が正しくありません。状態は英字のキー（例：in_force）で指定してください");
}

int api_query_bool(struct ctx *c, const char *name, int *out)
{
	const char *v = http_query(c->req, name);

	if (!v)
		return 0;
	if (!strcmp(v, "true") || !strcmp(v, "false")) {
		*out = !strcmp(v, "true");
		return 0;
	}
	api_error(c, 400, "bad_request", "trueかfalseで指定してください", name);
	return MM_EINVAL;
}

int api_invalid(struct ctx *c, const char *field, const char *why)
{
	api_error(c, 422, "invalid", why ? why : "入力が正しくありません", field);
	return MM_EINVAL;
}

int api_text(struct ctx *c, json_t *obj, const char *key, int must_have,
	     size_t max_chars, char *dst, size_t size)
{
	const char *s = NULL, *why = NULL;

	if (api_string(c, obj, key, must_have, &s) < 0)
		return MM_EINVAL;
	if (!s)
		return 0;
	if (validate_text(s, max_chars, &why) < 0)
		return api_invalid(c, key, why);
	if (must_have && !text_present(s))
		return api_invalid(c, key, "入力してください");
	if (snprintf(dst, size, "%s", s) >= (int)size)
		return api_invalid(c, key, "長すぎます");
	return 0;
}
