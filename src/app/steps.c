/*
 * steps.c - the generic parts of a step and the steps of each workflow.
 */
#include "steps.h"

#include "app.h"
#include "../core/breach.h"
#include "../core/records.h"
#include "../lib/err.h"
#include "../store/store_compliance.h"
#include "../lib/banned.h"

int step_event(const struct step *st, enum role role)
{
	return st->event_of ? st->event_of(role) : st->event;
}

const char *step_noun(const struct step *st)
{
	return st->noun ? st->noun : st->record->label;
}

int step_check(const struct step *st, const void *rec, enum role role,
	       const char **state_label, const char **event_label)
{
	const struct field_desc *f = record_field(st->record, "state");
	int state = f ? (int)field_int(f, rec) : 0;
	int event = step_event(st, role);
	int rc;

	if (state_label)
		*state_label = f ? field_choice_label(f, state) : "";
	if (event_label)
		*event_label = st->event_label(event);
	rc = st->allowed(state, event, role);
	if (rc == 0 && st->pending && !st->pending(rec))
		rc = MM_ESTATE;
	return rc;
}

int step_open_to(const struct principal *who, const struct step *st,
		 const struct authz_object *o, const void *rec)
{
	struct authz_grant g;

	return authz_check(who, st->act, o, &g) == 0 &&
	       step_check(st, rec, g.role, NULL, NULL) == 0;
}

size_t step_body_keys(const struct step *st, const char **keys)
{
	const struct record_desc *d = st->input;
	size_t n = 0;

	keys[n++] = "version";
	for (size_t i = 0; d && i < d->n_fields && n <= STEP_INPUT_MAX; i++)
		if (!(d->fields[i].flags & FIELD_SERVER))
			keys[n++] = d->fields[i].key;
	keys[n] = NULL;
	return n;
}

/* ---- breach reports (R-CMP-6) ---- */

/* Which acknowledgement the granted role gives. */
static int breach_ack_event(enum role role)
{
	return role == ROLE_IT_DIVISION_HEAD ? BREACH_EV_ACK_IT_HEAD
					     : BREACH_EV_ACK_GENERAL_MANAGER;
}

static int breach_allowed(int from, int event, enum role role)
{
	return breach_step_allowed((enum breach_state)from,
				   (enum breach_event)event, role);
}

static const char *breach_label(int event)
{
	return breach_event_label((enum breach_event)event);
}

static int breach_perform(struct store *s, const struct actor *a, int64_t id,
			  int64_t version, int event, const void *in)
{
	(void)in;
	return store_breach_step(s, a, id, version, (enum breach_event)event);
}

const struct step breach_forward_step = {
	.record = &breach_record, .act = ACT_BREACH_FORWARD,
	.event = BREACH_EV_FORWARD, .allowed = breach_allowed,
	.event_label = breach_label, .perform = breach_perform,
};

const struct step breach_forward_incident_step = {
	.record = &breach_record, .act = ACT_BREACH_FORWARD,
	.event = BREACH_EV_FORWARD_INCIDENT, .allowed = breach_allowed,
	.event_label = breach_label, .perform = breach_perform,
};

const struct step breach_acknowledge_step = {
	.record = &breach_record, .act = ACT_BREACH_ACK,
	.event_of = breach_ack_event, .allowed = breach_allowed,
	.event_label = breach_label, .perform = breach_perform,
};
