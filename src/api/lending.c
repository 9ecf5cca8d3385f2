#include "lending.h"

#include <stdio.h>
#include <string.h>

#include "core/civil.h"
#include "lib/err.h"
#include "lib/util.h"
#include "json_in.h"
#include "json_out.h"
#include "api.h"
#include "app/objects.h"
#include "steps.h"
#include "record_json.h"
#include "core/records.h"
#include "core/record.h"
#include "lib/banned.h"

int api_date(struct ctx *c, json_t *obj, const char *key, int required,
	     struct civil_date *out, int *present)
{
	const char *s = NULL;

	if (present)
		*present = 0;
	if (api_string(c, obj, key, required, &s) < 0)
		return MM_EINVAL;
	if (!s)
		return 0;
	if (civil_parse_iso(s, out) < 0)
		return api_invalid(c, key, "日付はYYYY-MM-DDの形で入力してください");
	if (present)
		*present = 1;
	return 0;
}

int api_moment(struct ctx *c, json_t *obj, const char *key, int required,
	       int64_t *out)
{
	const char *s = NULL;

	if (api_string(c, obj, key, required, &s) < 0)
		return MM_EINVAL;
	/* one parser for every front end: a zone, or Asia/Tokyo without one */
	if (s && moment_parse(s, out) < 0)
		return api_invalid(c, key,
				   "日時はISO 8601（例 2026-04-01T09:00:00+09:00）で入力してください");
	return 0;
}

int api_today(struct ctx *c, struct civil_date *out)
{
	int rc = civil_from_unix(now_unix(), out);

	if (rc < 0)
		api_fail(c, rc, NULL, NULL);
	return rc;
}

int api_refuse_state(struct ctx *c, const char *object,
		     const char *state_label, const char *step_label)
{
	return ctx_refuse_state(c, object, state_label, step_label);
}

int api_load_loan(struct ctx *c, int64_t id, enum action act,
		  struct loan *out, struct authz_grant *g)
{
	return api_load(c, &loan_kind, id, act, out, g);
}
