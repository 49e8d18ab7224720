/* cmd_export.c: being written. */
#include <stdio.h>

#include "cli.h"

int cmd_export(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "symbi export: not available yet\n");
	return EXIT_FAILURE_;
}
