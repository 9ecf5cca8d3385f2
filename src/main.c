/*
 * main.c - `mamori <command>`: hands the command line to cli/.
 */
#include "cli/cli.h"

int main(int argc, char **argv)
{
	return cli_main(argc, argv);
}
