/*
 * demo_history.h - the demo's registers in use: a few months of history
 * written through the store operations, by the demo users whose roles
 * take each step (demo_history.c).
 */
#ifndef MM_CLI_DEMO_HISTORY_H
#define MM_CLI_DEMO_HISTORY_H
#ifndef MM_SEES_CLI /* the layers: HACKING.md */
#error "layer: cli/ is seen only by cli/ and src/main.c"
#endif

#include <stdint.h>

#include "common.h"

/*
 * How many days before today the demo's history begins: over two years,
 * so a few documents are past retention (issue 11, R-RET-1).
 */
#define DEMO_HISTORY_DAYS 800

/*
 * demo_history_start - the moment the demo's history begins: 9:00
 * (Asia/Tokyo) DEMO_HISTORY_DAYS days before the day of now.  The units
 * and users are created then (store_clock_set), before demo_history().
 */
int64_t demo_history_start(int64_t now);

/*
 * demo_history - writes the registers' history into s, which holds the
 * demo units and users, step by step from demo_history_start(now) to
 * just before now (unix seconds, the real moment), moving the store's
 * clock; the clock is the system's again on return.  sealed: the
 * store has a field key (demo_create).  Returns 0 or
 * CLI_FAIL with a message printed.
 */
int demo_history(struct store *s, int64_t now, int sealed);

#endif
