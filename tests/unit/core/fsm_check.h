/*
 * fsm_check.h - the looping half of the core state-machine tests.
 *
 * Each test file still writes its module's expected transitions, the role
 * that fires each event and its key lists out by hand: those tables are the
 * test.  This header only walks them against the module and asserts.
 *
 * The modules take their own enum types, and calling a function through a
 * pointer of another type is undefined behaviour, so the FSM_CHECK_* macros
 * below wrap a module's functions in small int-typed ones first.
 */
#ifndef MM_TEST_CORE_FSM_CHECK_H
#define MM_TEST_CORE_FSM_CHECK_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "core/types.h"
#include "lib/err.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* One allowed transition: from --event--> to. */
struct fsm_check_edge {
	int from, event, to;
};

struct fsm_check_machine {
	/* The step under test; role is ignored by machines without roles. */
	int (*step)(int from, int event, int role, int *to);
	/* The module's "may this role fire it here" check, or NULL. */
	int (*step_allowed)(int from, int event, int role);
	const struct fsm_check_edge *allowed;  /* every edge; all else refused */
	size_t n_allowed;
	int n_states;           /* X__COUNT */
	int n_events;           /* X_EV__COUNT */
	int none;               /* X_NONE: what *to keeps on a refusal */
	const int *fires;       /* role by event; NULL: any_role fires all */
	int any_role;           /* role for events fires has no entry for */
};

/* The state names, or event names, of one enum as int functions. */
struct fsm_check_names {
	const char *(*key)(int value);
	const char *(*label)(int value);
	int (*from_key)(const char *key);
};

/* Wraps FN(state, event, &next), a machine without roles, as FN_int. */
#define FSM_CHECK_TRANSITION(fn, state_type, event_type)                  \
	static int fn##_int(int from, int event, int role, int *to)       \
	{                                                                  \
		state_type next = (state_type)*to;                         \
		int rc = fn((state_type)from, (event_type)event, &next);   \
									   \
		(void)role;                                                \
		*to = (int)next;                                           \
		return rc;                                                 \
	}

/* Wraps FN(state, event, role, &next) as FN_int. */
#define FSM_CHECK_STEP(fn, state_type, event_type)                        \
	static int fn##_int(int from, int event, int role, int *to)       \
	{                                                                  \
		state_type next = (state_type)*to;                         \
		int rc = fn((state_type)from, (event_type)event,           \
			    (enum role)role, &next);                       \
									   \
		*to = (int)next;                                           \
		return rc;                                                 \
	}

/* Wraps FN(state, event, role), a step_allowed check, as FN_int. */
#define FSM_CHECK_STEP_ALLOWED(fn, state_type, event_type)                \
	static int fn##_int(int from, int event, int role)                \
	{                                                                  \
		return fn((state_type)from, (event_type)event,             \
			  (enum role)role);                                \
	}

/* Defines NAME_names from NAME_key, NAME_label and NAME_from_key. */
#define FSM_CHECK_NAMES(name, type)                                       \
	static const char *name##_key_int(int value)                      \
	{                                                                  \
		return name##_key((type)value);                            \
	}                                                                  \
	static const char *name##_label_int(int value)                    \
	{                                                                  \
		return name##_label((type)value);                          \
	}                                                                  \
	static int name##_from_key_int(const char *key)                   \
	{                                                                  \
		return (int)name##_from_key(key);                          \
	}                                                                  \
	static const struct fsm_check_names name##_names = {              \
		name##_key_int, name##_label_int, name##_from_key_int      \
	}

/* The role that fires EVENT; any_role for events outside the enum. */
static inline int fsm_check_role(const struct fsm_check_machine *m,
				 int event)
{
	if (m->fires && event > 0 && event < m->n_events)
		return m->fires[event];
	return m->any_role;
}

/* The hand-written edge for (from, event), or NULL when none is listed. */
static inline const struct fsm_check_edge *
fsm_check_edge_for(const struct fsm_check_machine *m, int from, int event)
{
	for (size_t i = 0; i < m->n_allowed; i++) {
		if (m->allowed[i].from == from && m->allowed[i].event == event)
			return &m->allowed[i];
	}
	return NULL;
}

/*
 * Every (state, event) pair, NONE and __COUNT included, fired by the right
 * role: a listed edge moves to its state, anything else is MM_ESTATE and
 * leaves the result at NONE.  Every listed edge must have been met once.
 */
static inline void fsm_check_table(const struct fsm_check_machine *m)
{
	size_t met = 0;

	for (int s = 0; s <= m->n_states; s++) {
		for (int e = 0; e <= m->n_events; e++) {
			const struct fsm_check_edge *want =
				fsm_check_edge_for(m, s, e);
			int next = m->none;
			int rc = m->step(s, e, fsm_check_role(m, e), &next);

			if (want && (rc != 0 || next != want->to))
				fail_msg("state %d event %d: got rc %d to %d, "
					 "want 0 to %d", s, e, rc, next,
					 want->to);
			if (!want && (rc != MM_ESTATE || next != m->none))
				fail_msg("state %d event %d: got rc %d to %d, "
					 "want MM_ESTATE to %d", s, e, rc, next,
					 m->none);
			met += want != NULL;
		}
	}
	assert_int_equal(met, m->n_allowed);
}

/*
 * Every listed edge tried by every other role (and one past each end of
 * the role enum): MM_EDENIED, result left at NONE, and the same answer
 * from step_allowed when the module has one.
 */
static inline void fsm_check_wrong_roles(const struct fsm_check_machine *m)
{
	for (size_t i = 0; i < m->n_allowed; i++) {
		const struct fsm_check_edge *edge = &m->allowed[i];

		for (int r = -1; r <= ROLE__COUNT; r++) {
			int next = m->none, rc;

			if (r == fsm_check_role(m, edge->event))
				continue;
			rc = m->step(edge->from, edge->event, r, &next);
			if (rc != MM_EDENIED || next != m->none)
				fail_msg("state %d event %d by role %d: got rc "
					 "%d to %d, want MM_EDENIED",
					 edge->from, edge->event, r, rc, next);
			if (!m->step_allowed)
				continue;
			rc = m->step_allowed(edge->from, edge->event, r);
			if (rc != MM_EDENIED)
				fail_msg("step_allowed state %d event %d by role "
					 "%d: got %d, want MM_EDENIED",
					 edge->from, edge->event, r, rc);
		}
	}
}

/*
 * keys[] and labels[] are indexed by value, slot 0 standing for NONE, so
 * there must be exactly COUNT of them.  Each value 1 .. count - 1 has its
 * key, its label (any non-empty one when labels is NULL), and its key
 * reads back as itself.  NONE (0) and COUNT are no value: no key, an empty
 * label, and neither NULL nor "" reads as anything but NONE.
 */
static inline void fsm_check_names(const struct fsm_check_names *n,
				   const char *const *keys,
				   const char *const *labels, size_t n_keys,
				   int count)
{
	assert_int_equal(n_keys, count);
	for (int v = 1; v < count; v++) {
		assert_string_equal(n->key(v), keys[v]);
		if (labels)
			assert_string_equal(n->label(v), labels[v]);
		else
			assert_true(strlen(n->label(v)) > 0);
		assert_int_equal(n->from_key(keys[v]), v);
	}
	assert_null(n->key(0));
	assert_null(n->key(count));
	assert_string_equal(n->label(0), "");
	assert_string_equal(n->label(count), "");
	assert_int_equal(n->from_key(NULL), 0);
	assert_int_equal(n->from_key(""), 0);
}

#endif
