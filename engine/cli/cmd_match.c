/* cmd_match.c: being written. */
#include <stdio.h>

#include "cli.h"

int cmd_match(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "symbi match: not available yet\n");
	return EXIT_FAILURE_;
}
