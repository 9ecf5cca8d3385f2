/*
 * steps.h - the steps of the directive's workflows as data.
 *
 * A step is what a route to "/<records>/{id}/<step>" does: authorize an
 * action on the record, ask the record's state machine whether the event
 * follows from its state for the role authz granted, perform the step in
 * the store (with the version read and an optional text), and answer the
 * record as it now is.  That flow is the same for every workflow and for
 * both front ends, so a step is a struct step and the front ends each
 * have one generic handler (web_step, api_step) that a route names with
 * the step and the front end's kind of record (struct step_route).
 * Adding a step to a workflow is one struct step here and one line in
 * each front end's step table; no handler is written for it.
 */
#ifndef MM_APP_STEPS_H
#define MM_APP_STEPS_H
#ifndef MM_SEES_APP /* the layers: HACKING.md */
#error "layer: app/ is seen only by the front end (app, web, api, cli)"
#endif

#include <stddef.h>
#include <stdint.h>

#include "../core/authz.h"
#include "../core/record.h"
#include "../core/types.h"
#include "../store/store.h"

struct step {
	/* the record's descriptor: its "state" field names the state */
	const struct record_desc *record;
	enum action act;     /* who may take it: authz_check() */
	int event;           /* the state-machine event it fires */
	/* when the event depends on the role granted (acknowledge), else NULL */
	int (*event_of)(enum role role);
	/* the state machine: 0, MM_ESTATE (not from this state), MM_EDENIED */
	int (*allowed)(int from, int event, enum role role);
	/* the event's label (the record's own names), for refusals */
	const char *(*event_label)(int event);
	/* an optional text the step carries ("reason"), NULL for none */
	const char *text_key;
	size_t text_max;     /* its limit in characters */
	/*
	 * Performs the step in one store transaction at version, the state
	 * machine checked again inside it; text is "" when none was sent.
	 */
	int (*perform)(struct store *s, const struct actor *a, int64_t id,
		       int64_t version, int event, const char *text);
};

/* A front end's route to a step: POST pattern -> step, on kind. */
struct step_route {
	const char *pattern;      /* "/breaches/{id}/forward" */
	const struct step *step;
	const void *kind;         /* the front end's struct web_kind / api_kind */
};

/*
 * step_event - the event st fires for a holder of role: st->event_of's
 * answer when set, else st->event.
 */
int step_event(const struct step *st, enum role role);

/*
 * step_check - whether st may be taken on rec (the struct of
 * st->record) by a holder of role: st->allowed on the record's state.
 * Returns 0, MM_ESTATE or MM_EDENIED; *state_label and *event_label
 * (either may be NULL) are set to the labels of the record's state and
 * of the event, for the refusal message.
 */
int step_check(const struct step *st, const void *rec, enum role role,
	       const char **state_label, const char **event_label);

/*
 * step_open_to - 1 when who may take st on rec now: authz_check() allows
 * st->act on o (rec's authz object) and the state machine allows the
 * event for the role granted.  For showing a step's button or a home-page
 * reminder; the step itself checks again.
 */
int step_open_to(const struct principal *who, const struct step *st,
		 const struct authz_object *o, const void *rec);

/* ---- the steps of each workflow ---- */

/* Breach reports (R-CMP-6): forward, forward as an incident, acknowledge. */
extern const struct step breach_forward_step;
extern const struct step breach_forward_incident_step;
extern const struct step breach_acknowledge_step;

#endif
