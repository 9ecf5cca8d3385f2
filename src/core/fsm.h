/*
 * fsm.h - the shared shape of the state machines of the directive's
 * objects (device, application, loan, take-out, and the approval chains
 * of designations, SNS accounts, exceptions and breaches, whose steps
 * also name the role that may take them).  Each object's module
 * owns its one transition table and its names; this module only reads
 * them, so "what may happen next" is answered the same way everywhere.
 * Pure; no I/O.
 */
#ifndef MM_CORE_FSM_H
#define MM_CORE_FSM_H
#ifndef MM_SEES_CORE /* the layers: HACKING.md */
#error "layer: core/ is seen only by core/, store/ and the front end"
#endif

#include <stddef.h>

/* One allowed transition: in state `from`, `event` leads to `to`. */
struct fsm_edge {
	int from;
	int event;
	int to;
};

/* The stable English key (API, database) and Japanese label (UI). */
struct fsm_name {
	const char *key;
	const char *label;
};

/*
 * fsm_next - looks up (from, event) in the n edges.  Returns 0 and sets
 * *to, or MM_ESTATE (and *to is untouched) when the table has no such
 * transition.
 */
int fsm_next(const struct fsm_edge *edges, size_t n, int from, int event,
	     int *to);

/*
 * A workflow whose every event is fired by exactly one of the directive's
 * roles (a chain of approvals: R-SVC-2, R-CMP-6 ...).  by_role is indexed
 * by event and holds the enum role value (core/types.h) that fires it; 0
 * (ROLE_NONE) marks an event nobody fires.  The table says which role, not
 * which unit: that the manager is the manager of the object's own unit is
 * authz_check()'s question, asked before this one.
 */
struct fsm_chain {
	const struct fsm_edge *edges;
	size_t n_edges;
	const int *by_role;
	size_t n_events;
};

/*
 * fsm_step - one step of a chain by a holder of role.  Returns 0 and sets
 * *to; MM_ESTATE (unknown event, or none from this state: a skipped or
 * repeated step); MM_EDENIED when role is not the one that fires the
 * event, whatever the state.  *to is untouched on error.
 */
int fsm_step(const struct fsm_chain *c, int from, int event, int role,
	     int *to);

/*
 * fsm_key - the key of value v in a table of n names indexed by value;
 * NULL when v is out of range or has no name (index 0 is "none").
 */
const char *fsm_key(const struct fsm_name *names, size_t n, int v);

/* fsm_label - as fsm_key for the label; "" when unknown. */
const char *fsm_label(const struct fsm_name *names, size_t n, int v);

/* fsm_from_key - the value whose key is key, or 0 when none. */
int fsm_from_key(const struct fsm_name *names, size_t n, const char *key);

#endif
