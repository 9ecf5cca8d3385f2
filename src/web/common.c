#include "common.h"

#include <string.h>

#include "../lib/err.h"
#include "../lib/util.h"
#include "../lib/banned.h"

static int allowed_field(const char *name, const char *const *allowed)
{
	if (!strcmp(name, "csrf"))
		return 1;
	for (; *allowed; allowed++)
		if (!strcmp(name, *allowed))
			return 1;
	return 0;
}

int form_read(struct ctx *c, struct form *f, const char *const *allowed)
{
	size_t i;
	int rc;

	rc = form_parse(c->req->body, c->req->body_len, f);
	f->pool = &c->pool; /* records read from f live as long as the request */
	for (i = 0; rc == 0 && i < f->n; i++)
		if (!allowed_field(f->fields[i].name, allowed))
			rc = MM_EINVAL;
	if (rc < 0)
		ctx_fail(c, MM_EINVAL, "送信された内容を読み取れませんでした。", NULL);
	return rc;
}

const char *form_value(const struct form *f, const char *name)
{
	const char *v = form_get(f, name);

	return v ? v : "";
}

int parse_id(const char *s, int64_t *out)
{
	if (str_empty(s))
		return MM_EINVAL;
	return parse_int64(s, 1, INT64_MAX, out);
}

const char *store_message(int rc)
{
	switch (rc) {
	case MM_ENOTFOUND: return "指定された記録が見つかりません。";
	case MM_EEXIST: return "同じ内容の記録が既にあります。";
	case MM_ESTALE: return MSG_STALE;
	case MM_ERULE: return "運用管理要領の規定により、この変更はできません。";
	case MM_EDENIED: return "この操作は許可されていません。";
	case MM_EBUSY: return "混み合っています。しばらくしてからやり直してください。";
	case MM_EUNAVAIL: return MM_MSG_UNAVAILABLE;
	case MM_EINVAL: return "入力内容を確認してください。";
	default: return "エラーが発生しました。時間をおいてやり直してください。";
	}
}

void web_store_fail(struct ctx *c, int rc)
{
	ctx_fail(c, rc, store_message(rc), NULL);
}

const char *web_unit_name(const struct unit_list *l, int64_t id)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->items[i].id == id)
			return l->items[i].name;
	return "—";
}
