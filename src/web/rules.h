/*
 * rules.h - the page of the rules in force (/rules, 運用規程; R-META-1,
 * R-META-2): open to every signed-in user, also of a unit holding no
 * device; and the general manager's warning before the version expires.
 */
#ifndef MM_WEB_RULES_H
#define MM_WEB_RULES_H
#ifndef MM_SEES_WEB /* the layers: HACKING.md */
#error "layer: web/ is seen only by web/ and the dispatcher app/app.c"
#endif

#include "../app/app.h"

struct page;

/* GET /rules - the version in force: its dates, limits, retention, forms. */
void web_rules(struct ctx *c);

/*
 * rules_expiry_warning - on the general manager's home page, a notice
 * when the version in force expires within POLICY_EXPIRY_WARN_DAYS days
 * (or has expired).  Returns 1 when a notice was written, else 0.
 */
size_t rules_expiry_warning(struct page *p);

#endif
