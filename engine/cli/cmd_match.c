/*
 * cmd_match.c: `symbi match` — find, price and rank the candidate
 * partnerships of a dataset and write them as JSON (docs/contract.md sections 4-6),
 * optionally with the optimal allocation of supply to demand.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] = "symbi match [OPTIONS] DATASET";
static const char description[] =
    "Find every feasible partnership between a supply of one firm and a demand of\n"
    "another (compatible resource codes or a substitution rule, units, distance,\n"
    "temperature, months), price it (value NOK/yr, CO2e avoided t/yr, transport)\n"
    "and write the ranked list as JSON to standard output or -o FILE.\n"
    "With --tile T --tile-index I, write instead the part of tile I for\n"
    "'symbi merge' (README \"Parts and symbi merge\").";

struct part_ctx {
	const symbi_matches *m;
	const char *header;
};

static int write_part(FILE *f, const void *ctx)
{
	const struct part_ctx *pc = ctx;
	return symbi_part_write(f, pc->header, pc->m);
}

/* --tile T --tile-index I: one tile's candidates as a part for `symbi
 * merge`, which runs the allocation and writes the JSON (README "Parts and symbi merge"). */
static int match_part(cli_common *common, cli_query *q, bool optimize, bool compact,
                      bool explain)
{
	symbi_kb *kb = NULL;
	symbi_dataset *ds = NULL;
	symbi_matches *m = NULL;
	char *header = NULL;
	int status = cli_run_query(common, q, false, &kb, &ds, &m, NULL);
	if (status)
		return status;
	if ((status = cli_part_header(&header, common, q, optimize, compact, explain)) == 0) {
		struct part_ctx pc = {m, header};
		status = cli_write(common->output, write_part, &pc);
	}
	if (!status && cli_stderr_tty() && !common->quiet)
		fprintf(stderr, "symbi match: tile %zu of %zu x %zu: %zu candidates in the part\n",
		        q->tile_index, q->tile, q->tile, symbi_matches_count(m));
	free(header);
	symbi_matches_free(m);
	symbi_dataset_free(ds);
	symbi_kb_free(kb);
	return status;
}

int cmd_match(int argc, char **argv)
{
	cli_common common;
	cli_common_init(&common);
	cli_query q;
	bool optimize = false, compact = false, no_explain = false;
	const char *memory_limit = NULL, *spill_dir = NULL;
	cli_opt opts[CLI_QUERY_OPTS + 6];
	size_t n = cli_query_init(&q, opts);
	opts[n++] = (cli_opt){"optimize", 0, OPT_FLAG, &optimize, NULL,
	                      "allocate supply to demand for the best total and report it"};
	opts[n++] = (cli_opt){"compact", 0, OPT_FLAG, &compact, NULL, "one line per partnership"};
	opts[n++] = (cli_opt){"no-explain", 0, OPT_FLAG, &no_explain, NULL,
	                      "leave out each partnership's explain"};
	opts[n++] = (cli_opt){"memory-limit", 0, OPT_STRING, &memory_limit, "SIZE",
	                      "past SIZE (bytes, or 500M, 2G) partnerships go to disk sorted "
	                      "(default: 1/16 of physical memory; 0 = never)"};
	opts[n++] = (cli_opt){"spill-dir", 0, OPT_STRING, &spill_dir, "DIR",
	                      "folder for partnerships past --memory-limit ($TMPDIR, /tmp)"};
	opts[n] = (cli_opt){NULL, 0, OPT_FLAG, NULL, NULL, NULL};
	symbi_match_options *mo = &q.mo;
	int status = cli_query_parse("match", argc, argv, usage, description, opts, &common, &q);
	if (status)
		return status < 0 ? EXIT_OK : status;
	/* Both sides of sector potential (as export, cluster and report). */
	mo->sector_demands = mo->sector;
	size_t limit;
	if ((status = cli_memory_limit("match", memory_limit, &limit)) != 0)
		return status;
	/* Spilling serves the JSON writer only: the allocation, the tiles of
	 * one process (symbi-mpi's rank 0 merges in bounded memory) and
	 * the "unmatched" list of a --firm or --stream query need every
	 * partnership in memory (and such queries are small). */
	if (!optimize && (!q.tile || cli_matcher) && q.tile_index == SIZE_MAX && !mo->firm && !mo->municipality && !mo->stream) {
		mo->memory_limit = limit;
		mo->spill_dir = spill_dir;
	}

	if (q.tile_index != SIZE_MAX && !cli_matcher)
		return match_part(&common, &q, optimize, compact, !no_explain);

	symbi_kb *kb = NULL;
	symbi_dataset *ds = NULL;
	symbi_matches *m = NULL;
	symbi_allocation_summary alloc;
	memset(&alloc, 0, sizeof alloc);
	status = cli_run_query(&common, &q, optimize, &kb, &ds, &m, &alloc);
	if (status)
		return status;
	char name[256];
	cli_match_json wc = {m, {0}};
	cli_json_options(&wc.jo, &common, compact, !no_explain, optimize ? &alloc : NULL, name,
	                 sizeof name);
	if ((status = cli_write(common.output, cli_write_match_json, &wc)) != 0)
		goto done;
	if (cli_wants_summary(&common))
		cli_summary("match", &common, m, optimize ? &alloc : NULL, mo->objective);
done:
	symbi_matches_free(m);
	symbi_dataset_free(ds);
	symbi_kb_free(kb);
	return status;
}
