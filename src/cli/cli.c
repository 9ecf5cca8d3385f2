#include "cli.h"

#include <stdio.h>

#include "lib/banned.h"

int cli_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "mamori: no commands yet\n");
	return 2;
}
