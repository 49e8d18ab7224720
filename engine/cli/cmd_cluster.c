/* cmd_cluster.c: being written. */
#include <stdio.h>

#include "cli.h"

int cmd_cluster(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "symbi cluster: not available yet\n");
	return EXIT_FAILURE_;
}
