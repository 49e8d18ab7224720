/*
 * cli.h: what the `symbi` commands share — the declarative option table that
 * drives both parsing and --help, loading the knowledge base and the dataset
 * with their diagnostics printed, atomic output files and the exit codes.
 * Only this layer prints and exits.
 */
#ifndef SYMBI_CLI_H
#define SYMBI_CLI_H

#include <stdio.h>

#include "symbi/symbi.h"

/* Exit status of docs/contract.md section 5. */
enum { EXIT_OK = 0, EXIT_FAILURE_ = 1, EXIT_USAGE = 2, EXIT_DATA = 3 };
/* Returned through a command by a rank of symbi-mpi other than 0 once its
 * tiles are handed over: nothing to write, exit 0 (mpi_main.c). */
enum { EXIT_WORKER_DONE = 100 };

typedef enum {
	OPT_FLAG,   /* bool */
	OPT_STRING, /* const char * */
	OPT_LIST,   /* cli_list: repeatable string */
	OPT_DOUBLE, /* double */
	OPT_SIZE,   /* size_t */
	OPT_INT     /* int */
} cli_opt_type;

typedef struct cli_list {
	const char *items[16];
	size_t n;
} cli_list;

typedef struct cli_opt {
	const char *long_name;  /* without the dashes: "max-km" */
	char short_name;        /* 0 for none */
	cli_opt_type type;
	void *target;
	const char *arg_name;   /* "KM", NULL for flags */
	const char *help;
} cli_opt;

/* The options every dataset command accepts, filled by cli_parse. */
typedef struct cli_common {
	const char *dataset;     /* the positional DATASET folder or workbook */
	cli_list firms;          /* --firms FILE, repeatable, paired in order with... */
	cli_list streams;        /* ...--streams FILE */
	cli_list add;            /* --add DIR|FILE.xlsx, repeatable: merged in */
	cli_list rules;          /* --rules FILE, repeatable */
	cli_list taxonomy;       /* --taxonomy FILE, repeatable */
	const char *config;      /* --config FILE.json */
	const char *datadir;     /* --datadir DIR: the shipped knowledge base */
	const char *output;      /* -o FILE */
	const char *encoding;    /* --encoding auto|utf-8|windows-1252 of the CSV files */
	bool help;
	bool quiet;
	size_t max_errors;       /* --max-errors N (default 50) */
} cli_common;

typedef struct cli_command {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv);
} cli_command;

/* Parse argv (argv[0] is the command's name) against the command's own options
 * followed by the common ones (common may be NULL for commands that take no
 * dataset). Positional arguments are collected into `positional` (at most
 * `max_pos`, count in *npos). Returns 0, or EXIT_USAGE after printing the
 * error, naming the option. When --help is given, prints help and returns -1:
 * the command then exits 0. */
int cli_parse(int argc, char **argv, const char *usage, const char *description,
              const cli_opt *opts, cli_common *common, const char **positional, size_t max_pos,
              size_t *npos);

/* Initialise defaults. */
void cli_common_init(cli_common *c);

/* The shipped knowledge base folder (see README: --datadir, $SYMBI_DATADIR,
 * next to the installed binary, the source tree, the install prefix). */
const char *cli_datadir(const cli_common *c);

/* Load the knowledge base (shipped + --taxonomy + --rules + --config) and,
 * when `ds` is not NULL, the dataset named by DATASET or --firms/--streams.
 * Diagnostics are printed to stderr as FILE:LINE: error: MESSAGE. Returns 0,
 * or the exit status to use (EXIT_DATA, EXIT_USAGE, EXIT_FAILURE_). On success
 * *kb and *ds are the caller's to free. `warnings_out` (may be NULL) receives
 * the diagnostics list for commands that report warnings themselves; else it
 * is printed and freed. */
int cli_load(const cli_common *c, symbi_kb **kb, symbi_dataset **ds, symbi_diags **warnings_out);

/* The parts of the dataset `c` names, in the order they are merged:
 * DATASET, each --firms/--streams pair, each --add (a folder's firms.csv and
 * streams.csv, or a workbook). */
#define CLI_MAX_SOURCES 33
typedef struct cli_sources {
	symbi_dataset_source src[CLI_MAX_SOURCES];
	size_t n;
	char *owned[2 * CLI_MAX_SOURCES]; /* joined folder paths */
	size_t nowned;
} cli_sources;
/* Fill `s` (cli_sources_free it whatever the result). Returns 0, EXIT_USAGE
 * (no dataset, unpaired --firms/--streams) or EXIT_DATA (a folder that is
 * not there, an --add that is neither a folder nor a workbook), printed. */
int cli_sources_get(const cli_common *c, cli_sources *s);
void cli_sources_free(cli_sources *s);

/* Print diagnostics to stderr, then a count of those past the cap. */
void cli_print_diags(const symbi_diags *d);

/* Map a library return code to an exit status, printing symbi_last_error(). */
int cli_fail(int rc, const char *what);
/* The exit status of a library return code (not 0): EXIT_DATA for bad input,
 * EXIT_USAGE for a bad query, else EXIT_FAILURE_. Prints nothing. */
int cli_exit_status(int rc);

/* ---- Output written whole or not at all ------------------------------------ */

typedef struct cli_out {
	FILE *f;
	const char *path;   /* NULL for stdout */
	char *tmp;          /* temporary file next to path */
} cli_out;

/* Open `path` for writing through a temporary file in the same folder, or
 * stdout when path is NULL or "-". Returns 0 or EXIT_FAILURE_ (printed). */
int cli_out_open(cli_out *o, const char *path);
/* Flush, check for write errors, fsync and rename into place. Returns 0 or
 * EXIT_FAILURE_ (printed; the temporary file is removed, an earlier file at
 * `path` is left intact). */
int cli_out_commit(cli_out *o);
/* Abandon: remove the temporary file. */
void cli_out_abort(cli_out *o);
/* The whole of writing a result: open `path` (as cli_out_open), call
 * write(f, ctx), which returns 0 or a library error, then commit, or abort
 * and report the error. Returns 0 or the exit status (printed). */
int cli_write(const char *path, int (*write)(FILE *f, const void *ctx), const void *ctx);
/* A match result and its JSON options, and cli_write's writer for it
 * (symbi_write_match_json): `symbi match` and `symbi merge`. */
typedef struct cli_match_json {
	const symbi_matches *m;
	symbi_json_options jo;
} cli_match_json;
int cli_write_match_json(FILE *f, const void *ctx);
/* The JSON options of a result: layout, explain, the dataset's name (into
 * name[size]) and the allocation when `alloc` is not NULL. */
void cli_json_options(symbi_json_options *jo, const cli_common *c, bool compact, bool explain,
                      const symbi_allocation_summary *alloc, char *name, size_t size);

/* Set by SIGINT/SIGTERM; pass to the library's cancel flags. */
extern volatile int cli_interrupted;
void cli_install_signals(void);

/* True when stderr is a terminal (progress and summaries go there then). */
bool cli_stderr_tty(void);
/* Whether a command prints its short summary on stderr: after -o FILE, or
 * when stderr is a terminal; never with -q. */
bool cli_wants_summary(const cli_common *c);
/* The summary of a result (README "Commands"): partnerships, the firms
 * they join, the listed and (with `alloc`) allocated value and CO2e with
 * the count whose CO2e is not estimated, then "written to FILE" after -o.
 * `cmd` names the command ("match"). */
void cli_summary(const char *cmd, const cli_common *c, const symbi_matches *m,
                 const symbi_allocation_summary *alloc, symbi_objective obj);
/* "written to FILE" after -o (the summary's last line). */
void cli_summary_written(const cli_common *c);
/* A progress callback for symbi_match_options.progress: prints "\rstage 42%". */
void cli_progress(void *ctx, const char *stage, double fraction);

/* ---- The query options of match, cluster, export and report --------------- */

typedef struct cli_query {
	symbi_match_options mo;
	const char *objective; /* "value" or "co2" as given */
	const char *rank;      /* "evidence" or "value" as given */
	size_t tile;           /* --tile T: match tile by tile on a T x T grid; 0 = whole */
	size_t tile_index;     /* --tile-index I: only tile I (a batch job); SIZE_MAX = all */
	/* --firm NAME that several firms (sites) bear: their ids, given to
	 * mo.firms (they point into the dataset). */
	const char *named[32];
} cli_query;

/* Initialise `q` and write its option entries into `out` (room for at least
 * CLI_QUERY_OPTS entries); returns how many were written. The caller appends
 * its own options and the terminating all-NULL entry. */
#define CLI_QUERY_OPTS 17
size_t cli_query_init(cli_query *q, cli_opt *out);
/* Check the parsed values and fill q->mo.objective; prints the problem with
 * the command's name and returns EXIT_USAGE, else 0. */
int cli_query_check(const char *cmd, cli_query *q);
/* A query command's arguments: cli_parse with one positional (the dataset),
 * then cli_query_check. Returns -1 after --help, 0, or the exit status. */
int cli_query_parse(const char *cmd, int argc, char **argv, const char *usage,
                    const char *description, const cli_opt *opts, cli_common *common,
                    cli_query *q);

/* Load the knowledge base and the dataset (cli_load), find the partnerships
 * of the query with progress on stderr when it is a terminal, and allocate
 * when `optimize` (into *alloc, which may then not be NULL). Returns 0 or the
 * exit status (printed); on success the caller frees *kb, *ds and *m. */
int cli_run_query(const cli_common *c, cli_query *q, bool optimize, symbi_kb **kb,
                  symbi_dataset **ds, symbi_matches **m, symbi_allocation_summary *alloc);

/* When set (symbi-mpi), cli_run_query finds the partnerships with this
 * instead of matching in this process: it returns 0 with *m set, an exit
 * status (printed), or EXIT_WORKER_DONE on a rank with nothing to write. */
extern int (*cli_matcher)(const cli_common *c, cli_query *q, const symbi_dataset *ds,
                          symbi_matches **m);

/* ---- Parts (part_cli.c): tiles matched as separate jobs, then merged ------ */

/* The one-line JSON header of a part written by `match --tile T --tile-index
 * I` (see README "Parts and symbi merge"): the tile, and under "run" everything the parts of
 * one run share — grid, symbi version, a fingerprint of the input files, the
 * query and the output options — plus where the inputs were (absolute
 * paths). *out is malloc'd. Returns 0 or the exit status (printed). */
int cli_part_header(char **out, const cli_common *c, const cli_query *q, bool optimize,
                    bool compact, bool explain);
/* The fingerprint of the inputs `c` names (16 hex digits into buf[17]): the
 * 64-bit FNV-1a hash of the bytes of firms.csv and streams.csv, every
 * --rules, --taxonomy and --config file, and every .csv and .json file at the
 * top of the knowledge base folder, in that order, each preceded by its size.
 * Returns 0 or the exit status (printed). */
int cli_fingerprint(const cli_common *c, char buf[17]);

/* The last component of a dataset folder ("datasets/innlandet/" ->
 * "innlandet") into buf, so outputs do not depend on where it lives; NULL
 * when path is NULL. */
const char *cli_dataset_name(const char *path, char *buf, size_t size);

/* True when DATASET names an Excel workbook (a path ending in .xlsx that is
 * not a folder). */
bool cli_is_workbook(const char *path);
/* --encoding's value; prints the problem and returns EXIT_USAGE, else 0. */
int cli_parse_encoding(const char *s, symbi_encoding *out);

/* "value=0.4,co2=0.2,..." over the defaults in *w; keys value, co2,
 * circularity, resources, loops, chains, firms. Returns 0 or EXIT_USAGE
 * (printed with the command's name). */
int cli_parse_weights(const char *cmd, const char *s, symbi_portfolio_weights *w);

/* --memory-limit SIZE of `cmd` ("123456", "500K", "500M", "2G"; NULL: the
 * default, 1/16 of the physical memory) into *bytes (0: no limit). Returns 0
 * or EXIT_USAGE (printed). */
int cli_memory_limit(const char *cmd, const char *arg, size_t *bytes);

/* Commands (one file each). */
int cmd_check(int argc, char **argv);
int cmd_match(int argc, char **argv);
int cmd_cluster(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_learn(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_template(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_codes(int argc, char **argv);

#endif
