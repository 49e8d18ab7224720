/* cmd_report.c: being written. */
#include <stdio.h>

#include "cli.h"

int cmd_report(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "symbi report: not available yet\n");
	return EXIT_FAILURE_;
}
