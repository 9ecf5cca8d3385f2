#include "fsm.h"

#include <string.h>

#include "../lib/err.h"
#include "../lib/banned.h"

int fsm_next(const struct fsm_edge *edges, size_t n, int from, int event,
	     int *to)
{
	for (size_t i = 0; i < n; i++) {
		if (edges[i].from == from && edges[i].event == event) {
			*to = edges[i].to;
			return 0;
		}
	}
	return MM_ESTATE;
}

int fsm_step(const struct fsm_chain *c, int from, int event, int role,
	     int *to)
{
	if (event <= 0 || (size_t)event >= c->n_events)
		return MM_ESTATE;
	/* The role is checked first so a refusal does not reveal the state. */
	if (role <= 0 || c->by_role[event] != role)
		return MM_EDENIED;
	return fsm_next(c->edges, c->n_edges, from, event, to);
}

int fsm_event_role(const struct fsm_chain *c, int event)
{
	if (event <= 0 || (size_t)event >= c->n_events)
		return 0;
	return c->by_role[event];
}

static const struct fsm_name *name_of(const struct fsm_name *names, size_t n,
				      int v)
{
	if (v <= 0 || (size_t)v >= n || !names[v].key)
		return NULL;
	return &names[v];
}

const char *fsm_key(const struct fsm_name *names, size_t n, int v)
{
	const struct fsm_name *p = name_of(names, n, v);

	return p ? p->key : NULL;
}

const char *fsm_label(const struct fsm_name *names, size_t n, int v)
{
	const struct fsm_name *p = name_of(names, n, v);

	return p ? p->label : "";
}

int fsm_from_key(const struct fsm_name *names, size_t n, const char *key)
{
	if (!key)
		return 0;
	for (size_t i = 1; i < n; i++)
		if (names[i].key && strcmp(names[i].key, key) == 0)
			return (int)i;
	return 0;
}
