/*
 * policy.h (api/) - the rules in force and their versions (R-META-1,
 * R-META-2): readable by every signed-in user (ACT_RULES_VIEW), the
 * same as the web's /rules.
 */
#ifndef MM_API_POLICY_H
#define MM_API_POLICY_H
#ifndef MM_SEES_API /* the layers: HACKING.md */
#error "layer: api/ is seen only by api/ and the dispatcher app/app.c"
#endif

#include "../app/app.h"

/*
 * api_policy_get - GET /api/v1/policy: the version in force: version,
 * policy_id, number, title, issued, effective_from, expires (ISO
 * dates), limits {loan_max_months, location_check_months,
 * loan_due_soon_days, takeout_grace_minutes, screenshot_max_days,
 * photo_max}, retention [{doctype, years, basis, assumed}], forms
 * [{number, name}].
 */
void api_policy_get(struct ctx *c);

/*
 * api_policy_versions - GET /api/v1/policy/versions: every stored
 * version {version, policy_id, number, effective_from, expires, sha256,
 * loaded_at, loaded_by (user id or null), in_force}, oldest first.
 */
void api_policy_versions(struct ctx *c);

#endif
