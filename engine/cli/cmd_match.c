/*
 * cmd_match.c: `symbi match` — find, price and rank the candidate
 * partnerships of a dataset and write them as JSON (SPEC sections 4-6),
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
    "and write the ranked list as JSON to standard output or -o FILE.";

/* The last path component of a dataset folder ("datasets/innlandet/" ->
 * "innlandet") into buf, so the output does not depend on where it lives. */
static const char *dataset_name(const char *path, char *buf, size_t size)
{
	if (!path)
		return NULL;
	size_t n = strlen(path);
	while (n > 1 && path[n - 1] == '/')
		n--;
	size_t b = n;
	while (b > 0 && path[b - 1] != '/')
		b--;
	snprintf(buf, size, "%.*s", (int)(n - b), path + b);
	return buf;
}

static void print_summary(const symbi_matches *m, bool optimized, const symbi_allocation_summary *a,
                          symbi_objective obj)
{
	size_t n = symbi_matches_count(m), sector = 0;
	double value = 0.0, co2 = 0.0;
	for (size_t i = 0; i < n; i++) {
		const symbi_candidate *c = symbi_matches_get(m, i);
		sector += c->basis == SYMBI_BASIS_SECTOR;
		value += c->value_nok;
		co2 += c->co2e_t;
	}
	fprintf(stderr, "symbi match: %zu partnership%s (%zu declared, %zu sector potential)\n", n,
	        n == 1 ? "" : "s", n - sector, sector);
	if (n)
		fprintf(stderr, "  listed (overlapping): %.1f MNOK/yr, %.1f t CO2e/yr\n",
		        value / 1e6, co2);
	if (optimized)
		fprintf(
		    stderr,
		    "  allocated (best %s): %.1f MNOK/yr, %.1f t CO2e/yr over %zu partnership%s\n",
		    obj == SYMBI_OBJECTIVE_CO2 ? "CO2e" : "value", a->total_value_nok / 1e6,
		    a->total_co2e_t, a->partnerships_used, a->partnerships_used == 1 ? "" : "s");
}

int cmd_match(int argc, char **argv)
{
	cli_common common;
	cli_common_init(&common);
	symbi_match_options mo = SYMBI_MATCH_OPTIONS_INIT;
	const char *objective = "value";
	bool optimize = false, compact = false, no_explain = false;
	const cli_opt opts[] = {
	    {"firm", 0, OPT_STRING, &mo.firm, "ID",
	     "only partnerships with this firm at either end"},
	    {"stream", 0, OPT_STRING, &mo.stream, "ID", "only partnerships of this stream"},
	    {"resource", 0, OPT_STRING, &mo.resource, "CODE",
	     "only supplies or demands under this code (ewc:03, mat:wood...)"},
	    {"region", 0, OPT_STRING, &mo.region, "NAME", "only firms of this region (both ends)"},
	    {"cross-region", 0, OPT_FLAG, &mo.cross_region, NULL,
	     "with --region: at least one end in the region"},
	    {"max-km", 0, OPT_DOUBLE, &mo.max_km, "KM", "cap every transport radius at KM"},
	    {"top", 0, OPT_SIZE, &mo.top_k, "K",
	     "best K per demand (per supply for sector potential)"},
	    {"min-score", 0, OPT_DOUBLE, &mo.min_score, "X", "drop partnerships scoring below X"},
	    {"objective", 0, OPT_STRING, &objective, "value|co2",
	     "rank and allocate by NOK/yr (value, default) or t CO2e/yr (co2)"},
	    {"sector", 0, OPT_FLAG, &mo.sector, NULL,
	     "add sector-potential partnerships (firms of a receiving industry)"},
	    {"optimize", 0, OPT_FLAG, &optimize, NULL,
	     "allocate supply to demand for the best total and report it"},
	    {"max-candidates", 0, OPT_SIZE, &mo.max_candidates, "N",
	     "fail beyond N partnerships (default 50000000, 0 = no limit)"},
	    {"threads", 0, OPT_INT, &mo.threads, "N", "threads to match with (default: all cores)"},
	    {"compact", 0, OPT_FLAG, &compact, NULL, "one line per partnership"},
	    {"no-explain", 0, OPT_FLAG, &no_explain, NULL, "leave out each partnership's explain"},
	    {NULL, 0, OPT_FLAG, NULL, NULL, NULL},
	};
	const char *pos[1];
	size_t npos;
	int status = cli_parse(argc, argv, usage, description, opts, &common, pos, 1, &npos);
	if (status < 0)
		return EXIT_OK;
	if (status)
		return status;
	if (strcmp(objective, "value") == 0) {
		mo.objective = SYMBI_OBJECTIVE_VALUE;
	} else if (strcmp(objective, "co2") == 0) {
		mo.objective = SYMBI_OBJECTIVE_CO2;
	} else {
		fprintf(stderr, "symbi match: '--objective' must be 'value' or 'co2', not '%s'\n",
		        objective);
		return EXIT_USAGE;
	}
	if (mo.cross_region && !mo.region) {
		fprintf(stderr, "symbi match: '--cross-region' needs '--region NAME'\n");
		return EXIT_USAGE;
	}
	if (!isnan(mo.max_km) && !(mo.max_km >= 0.0 && isfinite(mo.max_km))) {
		fprintf(stderr, "symbi match: '--max-km' must be a distance >= 0\n");
		return EXIT_USAGE;
	}

	symbi_kb *kb = NULL;
	symbi_dataset *ds = NULL;
	symbi_matches *m = NULL;
	symbi_allocation_summary alloc;
	memset(&alloc, 0, sizeof alloc);
	cli_out out;
	memset(&out, 0, sizeof out);
	status = cli_load(&common, &kb, &ds, NULL);
	if (status)
		return status;

	bool tty = cli_stderr_tty() && !common.quiet;
	mo.cancel = &cli_interrupted;
	if (tty) {
		mo.progress = cli_progress;
		mo.progress_ctx = NULL;
	}
	int rc = symbi_match(&m, ds, &mo);
	if (rc) {
		if (tty)
			fputc('\n', stderr);
		status = cli_fail(rc, "match");
		goto done;
	}
	if (optimize) {
		rc = symbi_allocate(m, mo.objective, &alloc);
		if (rc) {
			status = cli_fail(rc, "allocation");
			goto done;
		}
	}
	char name[256];
	symbi_json_options jo = SYMBI_JSON_OPTIONS_INIT;
	jo.compact = compact;
	jo.explain = !no_explain;
	jo.dataset = dataset_name(common.dataset, name, sizeof name);
	jo.optimize = optimize;
	jo.allocation = optimize ? &alloc : NULL;
	if ((status = cli_out_open(&out, common.output)) != 0)
		goto done;
	rc = symbi_write_match_json(out.f, m, &jo);
	if (rc) {
		cli_out_abort(&out);
		status = cli_fail(rc, common.output ? common.output : "standard output");
		goto done;
	}
	if ((status = cli_out_commit(&out)) != 0)
		goto done;
	if (tty)
		print_summary(m, optimize, &alloc, mo.objective);
done:
	symbi_matches_free(m);
	symbi_dataset_free(ds);
	symbi_kb_free(kb);
	return status;
}
