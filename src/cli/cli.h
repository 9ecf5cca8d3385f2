/*
 * cli.h - the command-line tool: `mamori init|serve|user|unit|token|
 * audit|backup|restore ...`.  Each command group is one file of cli/.
 */
#ifndef MM_CLI_H
#define MM_CLI_H
#ifndef MM_SEES_CLI /* the layers: HACKING.md */
#error "layer: cli/ is seen only by cli/ and src/main.c"
#endif

/*
 * cli_main - runs the command in argv; returns the process exit status:
 * 0 success, 1 failure (message on stderr), 2 usage error.
 */
int cli_main(int argc, char **argv);

#endif
