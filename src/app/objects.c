#include "objects.h"

#include "lib/banned.h"

struct authz_object breach_authz_object(const struct breach *b)
{
	struct authz_object o = { b->unit_id, b->reported_by,
				  b->incident ? AUTHZ_STATE_INCIDENT : 0, 0 };
	return o;
}

struct authz_object meeting_authz_object(const struct meeting *m)
{
	struct authz_object o = { m->unit_id, m->reported_by, 0, 0 };
	return o;
}

struct authz_object support_authz_object(const struct support_request *r)
{
	struct authz_object o = { r->unit_id, r->requested_by, 0, 0 };
	return o;
}

struct authz_object breach_list_authz_object(int64_t unit_id)
{
	struct authz_object o = { unit_id, 0, AUTHZ_STATE_INCIDENT, 0 };
	return o;
}

struct authz_object case_authz_object(const struct protect_case *c)
{
	struct authz_object o = {
		c->assigned_unit_id ? c->assigned_unit_id : c->unit_id,
		c->officer_id, 0, c->unit_id };
	return o;
}

struct authz_object photo_approval_authz_object(const struct photo_approval *p)
{
	struct authz_object o = { p->unit_id, p->applied_by, 0, 0 };
	return o;
}

struct authz_object photo_authz_object(const struct photo *p)
{
	struct authz_object o = { p->unit_id, p->created_by, 0, 0 };
	return o;
}

struct authz_object photo_send_authz_object(const struct photo_send *p)
{
	struct authz_object o = { p->unit_id, p->sent_by, 0, 0 };
	return o;
}

struct authz_object exception_authz_object(const struct security_exception *e)
{
	struct authz_object o = { 0, e->applicant_id, 0, 0 };
	return o;
}

struct authz_object screenshot_authz_object(const struct screenshot *s)
{
	struct authz_object o = { s->unit_id, s->recorded_by, 0, 0 };
	return o;
}

struct authz_object user_authz_object(const struct user *u)
{
	struct authz_object o = { u->unit_id, u->id, 0, 0 };
	return o;
}

struct authz_object device_authz_object(const struct device *d)
{
	struct authz_object o = { d->unit_id, 0, (int)d->state, 0 };
	return o;
}

struct authz_object
application_authz_object(const struct borrow_application *a)
{
	struct authz_object o = { a->unit_id, a->applicant_id, (int)a->state, 0 };
	return o;
}

struct authz_object loan_authz_object(const struct loan *l)
{
	struct authz_object o = { l->unit_id, 0, (int)l->state, 0 };
	return o;
}

struct authz_object takeout_authz_object(const struct takeout *t)
{
	struct authz_object o = { t->unit_id, t->officer_id, (int)t->state, 0 };
	return o;
}

struct authz_object designation_authz_object(const struct designation *d)
{
	struct authz_object o = { d->unit_id, 0, (int)d->state, 0 };
	return o;
}

struct authz_object
service_authz_object(const struct service_application *x)
{
	struct authz_object o = { x->unit_id, 0, (int)x->state, 0 };
	return o;
}
