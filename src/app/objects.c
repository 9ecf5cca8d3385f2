#include "objects.h"

#include "lib/banned.h"

struct authz_object breach_authz_object(const struct breach *b)
{
	struct authz_object o = { b->unit_id, b->reported_by,
				  b->incident ? AUTHZ_STATE_INCIDENT : 0 };
	return o;
}

struct authz_object exception_authz_object(const struct security_exception *e)
{
	struct authz_object o = { 0, e->applicant_id, 0 };
	return o;
}

struct authz_object screenshot_authz_object(const struct screenshot *s)
{
	struct authz_object o = { s->unit_id, s->recorded_by, 0 };
	return o;
}
