/* cmd_check.c: being written. */
#include <stdio.h>

#include "cli.h"

int cmd_check(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "symbi check: not available yet\n");
	return EXIT_FAILURE_;
}
