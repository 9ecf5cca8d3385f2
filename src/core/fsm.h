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

/*
 * fsm_event_role - the role that fires event in chain c (its by_role
 * entry), 0 (ROLE_NONE) when event is out of range.
 */
int fsm_event_role(const struct fsm_chain *c, int event);

/*
 * The lookups over a table of names, one definition for every module.
 * FSM_NAMES_DECLARE(prefix, type) in a header declares, for the values of
 * enum type named by one struct fsm_name table indexed by value:
 *
 *   const char *prefix_key(type v);         the stable key ("reported"),
 *                                           NULL when v has no name
 *   const char *prefix_label(type v);       the Japanese label, "" when
 *                                           v has no name
 *   type prefix_from_key(const char *key);  the value named key, 0 (the
 *                                           enum's NONE) when none or NULL
 *
 * The strings are static.  FSM_NAMES(prefix, type, table); in the module
 * defines them over its table (an array, so its size is known).  Each
 * definition macro here ends in a declaration, so its use takes a ';'.
 */
#define FSM_NAMES_DECLARE(prefix, type)                                       \
	const char *prefix##_key(type v);                                     \
	const char *prefix##_label(type v);                                   \
	type prefix##_from_key(const char *key)

#define FSM_NAMES(prefix, type, table)                                        \
	const char *prefix##_key(type v)                                      \
	{                                                                     \
		return fsm_key(table, sizeof(table) / sizeof((table)[0]),     \
			       (int)v);                                       \
	}                                                                     \
	const char *prefix##_label(type v)                                    \
	{                                                                     \
		return fsm_label(table, sizeof(table) / sizeof((table)[0]),   \
				 (int)v);                                     \
	}                                                                     \
	type prefix##_from_key(const char *key)                               \
	{                                                                     \
		return (type)fsm_from_key(                                    \
			table, sizeof(table) / sizeof((table)[0]), key);      \
	}                                                                     \
	_Static_assert(sizeof(table) > 0, #prefix ": a table of names")

/*
 * The one transition function of a machine whose events anybody allowed
 * by authz_check() may fire (device, borrowing application, loan,
 * take-out, screenshot).  FSM_TRANSITION_DECLARE(prefix, state, event)
 * declares
 *
 *   int prefix_transition(state from, event ev, state *next);
 *
 * the state after ev in state from: 0 and *next set, or MM_ESTATE when
 * ev does not follow from (*next untouched).  FSM_TRANSITION(prefix,
 * state, event, edges) defines it over the module's array of edges.
 */
#define FSM_TRANSITION_DECLARE(prefix, state_t, event_t)                      \
	int prefix##_transition(state_t from, event_t ev, state_t *next)

#define FSM_TRANSITION(prefix, state_t, event_t, edges)                       \
	int prefix##_transition(state_t from, event_t ev, state_t *next)      \
	{                                                                     \
		int to;                                                       \
		int rc = fsm_next(edges, sizeof(edges) / sizeof((edges)[0]),  \
				  (int)from, (int)ev, &to);                   \
                                                                              \
		if (rc == 0)                                                  \
			*next = (state_t)to;                                  \
		return rc;                                                    \
	}                                                                     \
	_Static_assert(sizeof(edges) > 0, #prefix ": a table of edges")

/*
 * The steps of a chain (struct fsm_chain), one definition for every
 * module.  FSM_CHAIN_DECLARE(prefix, state, event) declares
 *
 *   int prefix_step(state from, event ev, enum role role, state *next);
 *       the state after ev in state from (the NONE state for a new
 *       record) when done by a holder of role: 0 and *next set;
 *       MM_EDENIED when role is not the one that fires ev (checked
 *       first, so a refusal does not reveal the state); MM_ESTATE when ev
 *       does not follow from (a skipped or repeated step).  *next is
 *       untouched on error.  Whose unit the role is held in is
 *       authz_check()'s question, asked before this one.
 *   int prefix_step_allowed(state from, event ev, enum role role);
 *       prefix_step without the result: 0 or its error.
 *   enum role prefix_event_role(event ev);
 *       the one role that fires ev, ROLE_NONE for an unknown event (for
 *       the UI: whose turn it is).
 *
 * FSM_CHAIN_STEPS(prefix, state, event, edges, by_role) defines them over
 * the module's arrays of edges and of the role firing each event (indexed
 * by event; 0: nobody), as the struct fsm_chain prefix_chain.  enum role
 * is core/types.h's.
 */
#define FSM_CHAIN_DECLARE(prefix, state_t, event_t)                           \
	int prefix##_step(state_t from, event_t ev, enum role role,           \
			  state_t *next);                                     \
	int prefix##_step_allowed(state_t from, event_t ev, enum role role);  \
	enum role prefix##_event_role(event_t ev)

#define FSM_CHAIN_STEPS(prefix, state_t, event_t, edges, by_role)             \
	static const struct fsm_chain prefix##_chain = {                      \
		edges, sizeof(edges) / sizeof((edges)[0]),                    \
		by_role, sizeof(by_role) / sizeof((by_role)[0]),              \
	};                                                                    \
	int prefix##_step(state_t from, event_t ev, enum role role,           \
			  state_t *next)                                      \
	{                                                                     \
		int to;                                                       \
		int rc = fsm_step(&prefix##_chain, (int)from, (int)ev,        \
				  (int)role, &to);                            \
                                                                              \
		if (rc == 0)                                                  \
			*next = (state_t)to;                                  \
		return rc;                                                    \
	}                                                                     \
	int prefix##_step_allowed(state_t from, event_t ev, enum role role)   \
	{                                                                     \
		int to;                                                       \
                                                                              \
		return fsm_step(&prefix##_chain, (int)from, (int)ev,          \
				(int)role, &to);                              \
	}                                                                     \
	enum role prefix##_event_role(event_t ev)                             \
	{                                                                     \
		return (enum role)fsm_event_role(&prefix##_chain, (int)ev);   \
	}                                                                     \
	_Static_assert(sizeof(by_role) > 0, #prefix ": a chain")

#endif
