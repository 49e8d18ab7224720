/*
 * main.c: the `symbi` command — a table of commands, one file each.
 */
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const cli_command commands[] = {
    {"check", "validate a dataset and summarise it", cmd_check},
    {"match", "find, price and rank candidate partnerships (JSON)", cmd_match},
    {"cluster", "symbiosis clusters, chains, loops and the project portfolio (JSON)", cmd_cluster},
    {"export", "partnerships and firms as GeoJSON, GraphML or CSV", cmd_export},
    {"report", "a self-contained HTML report with a map and charts", cmd_report},
    {"merge", "merge the parts of tiles matched as separate jobs (JSON)", cmd_merge},
    {"codes", "find resource codes by word (English or Norwegian) and what they can feed", cmd_codes},
    {"learn", "derive sector-potential rules from a table of past exchanges", cmd_learn},
    {"template", "write an Excel workbook to collect a dataset in (Norwegian)", cmd_template},
};

/* Flush stdout and report a failed write (closed stdout, full disk). */
static int finish_stdout(void)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "symbi: error writing to standard output: %s\n", strerror(errno));
		return EXIT_FAILURE_;
	}
	return EXIT_OK;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: symbi COMMAND [OPTIONS] DATASET\n\n"
	           "Industrial symbiosis matching: which firm's waste, surplus heat or by-product\n"
	           "can become another firm's input, what it is worth, and which firms form a\n"
	           "symbiosis together.\n\ncommands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\nDATASET is a folder holding firms.csv and streams.csv, or an .xlsx workbook\n"
	           "with the sheets firms and streams.\n"
	           "'symbi COMMAND --help' describes a command's options.\n"
	           "Exit status: 0 success, 1 failure, 2 usage error, 3 bad input data.\n");
}

int main(int argc, char **argv)
{
	/* Numbers are read and written with a '.' whatever the user's locale. */
	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
		usage(stdout);
		return finish_stdout();
	}
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
		printf("symbi %s\nknowledge base: %s\n", SYMBI_VERSION, cli_datadir(NULL));
		return finish_stdout();
	}
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		if (strcmp(cmd, commands[i].name) == 0) {
			cli_install_signals();
			return commands[i].run(argc - 1, argv + 1);
		}
	if (cmd[0] == '-')
		fprintf(stderr, "symbi: unknown option '%s'\n", cmd);
	else
		fprintf(stderr, "symbi: unknown command '%s'\n", cmd);
	fprintf(stderr, "Try 'symbi --help'.\n");
	return EXIT_USAGE;
}
