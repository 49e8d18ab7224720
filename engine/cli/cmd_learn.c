/* cmd_learn.c: being written. */
#include <stdio.h>

#include "cli.h"

int cmd_learn(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "symbi learn: not available yet\n");
	return EXIT_FAILURE_;
}
