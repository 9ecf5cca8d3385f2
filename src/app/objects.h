/*
 * objects.h - the authorization object of each kind of record: the unit
 * it belongs to, its owner, and the state bits a rule looks at.  One
 * place, so the web screens and the JSON API ask authz_check() about the
 * same facts.  Pure mappings; no I/O.
 */
#ifndef MM_APP_OBJECTS_H
#define MM_APP_OBJECTS_H

#include "../core/authz.h"
#include "../store/store_compliance.h"

/*
 * breach_authz_object - a breach report: its unit, its reporter, and
 * AUTHZ_STATE_INCIDENT once forwarded as a reportable incident (what the
 * head of the IT management division may see, R-CMP-6).
 */
struct authz_object breach_authz_object(const struct breach *b);

/*
 * exception_authz_object - a security exception (R-EXC-1..3): a
 * prefecture-wide approval, so unit 0, owned by its applicant (the
 * general manager).  No rule looks at its state: the chain's order is
 * the state machine's (exception_step), not authz's.
 */
struct authz_object exception_authz_object(const struct security_exception *e);

/*
 * screenshot_authz_object - a logged screenshot (R-EXC-3): the unit of
 * the loan it was taken on, owned by whoever recorded it; no state bits.
 */
struct authz_object screenshot_authz_object(const struct screenshot *s);

#endif
