/*
 * cmd_cluster.c: `symbi cluster` — match a dataset, allocate supply to demand
 * (by default), build the firm network of the partnerships and write its
 * clusters, chains, loops and project portfolio as JSON (docs/contract.md section 6).
 */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] = "symbi cluster [OPTIONS] DATASET";
static const char description[] =
    "Find the partnerships of a dataset as 'symbi match' does, allocate supply to\n"
    "demand for the best total (unless --candidates), and build the network of\n"
    "firms linked by those partnerships. Write its clusters (Leiden communities,\n"
    "modularity), the chains (A->B->C...) and loops (A->B->...->A) of exchanges,\n"
    "and the clusters of at least three firms ranked as candidate projects, as\n"
    "JSON to standard output or -o FILE.";

/* "3)" into buf. */
static const char *count_text(size_t n, char *buf, size_t size)
{
	snprintf(buf, size, "%zu)", n);
	return buf;
}

static void print_summary(const symbi_network *net, bool optimize,
                          const symbi_allocation_summary *a)
{
	char buf[32];
	size_t nc = symbi_network_cluster_count(net);
	fprintf(stderr, "symbi cluster: %zu partnership%s between %zu firms, %zu cluster%s, ",
	        symbi_network_edge_count(net), symbi_network_edge_count(net) == 1 ? "" : "s",
	        symbi_network_firm_count(net), nc, nc == 1 ? "" : "s");
	fprintf(stderr, "%zu chain%s, %zu loop%s, %zu project%s\n", symbi_network_chain_count(net),
	        symbi_network_chain_count(net) == 1 ? "" : "s", symbi_network_loop_count(net),
	        symbi_network_loop_count(net) == 1 ? "" : "s", symbi_network_project_count(net),
	        symbi_network_project_count(net) == 1 ? "" : "s");
	if (optimize)
		fprintf(stderr, "  allocated: %.0f NOK/yr, %.1f t CO2e/yr%s%s%s\n", a->total_value_nok,
		        a->total_co2e_t, a->partnerships_no_co2e ? " (CO2e not estimated for " : "",
		        a->partnerships_no_co2e ? count_text(a->partnerships_no_co2e, buf, sizeof buf)
		                                : "",
		        a->components_capped ? " (work cap reached: feasible, maybe not optimal)"
		                             : "");
	if (symbi_network_project_count(net)) {
		const symbi_project *p = symbi_network_project(net, 0);
		const symbi_cluster *c = symbi_network_cluster(net, p->cluster);
		fprintf(stderr, "  best project: %s, %zu firms, %.0f NOK/yr, %.1f t CO2e/yr\n",
		        c->id, c->nfirms, c->value_nok, c->co2e_t);
	}
}

struct write_ctx {
	const symbi_network *net;
	symbi_json_options jo;
};

static int write_network(FILE *f, const void *ctx)
{
	const struct write_ctx *wc = ctx;
	return symbi_network_write_json(f, wc->net, &wc->jo);
}

int cmd_cluster(int argc, char **argv)
{
	cli_common common;
	cli_common_init(&common);
	cli_query q;
	symbi_network_options no = SYMBI_NETWORK_OPTIONS_INIT;
	const char *weights = NULL;
	bool optimize = false, candidates = false, compact = false, no_explain = false;
	cli_opt opts[CLI_QUERY_OPTS + 12];
	size_t n = cli_query_init(&q, opts);
	const cli_opt own[] = {
	    {"optimize", 0, OPT_FLAG, &optimize, NULL,
	     "network of the allocated partnerships (the default)"},
	    {"candidates", 0, OPT_FLAG, &candidates, NULL,
	     "network of every candidate partnership instead of the allocation"},
	    {"resolution", 0, OPT_DOUBLE, &no.resolution, "X",
	     "modularity resolution: higher gives smaller clusters (default 1)"},
	    {"min-firms", 0, OPT_SIZE, &no.min_firms, "N", "smallest cluster reported (default 2)"},
	    {"min-project-firms", 0, OPT_SIZE, &no.min_project_firms, "N",
	     "smallest cluster ranked as a project (default 3)"},
	    {"max-path-firms", 0, OPT_SIZE, &no.max_path_firms, "N",
	     "longest chain or loop searched, in firms (default 6, at most 16)"},
	    {"max-paths", 0, OPT_SIZE, &no.max_paths, "N",
	     "chains and loops reported, best first (default 100 each)"},
	    {"weights", 0, OPT_STRING, &weights, "K=W,...",
	     "portfolio weights of value, co2, circularity, resources, loops, chains, firms "
	     "(default value=0.3,co2=0.25,circularity=0.15,resources=0.1,loops=0.1,"
	     "chains=0.05,firms=0.05)"},
	    {"compact", 0, OPT_FLAG, &compact, NULL, "one line per partnership, cluster, path"},
	    {"no-explain", 0, OPT_FLAG, &no_explain, NULL, "leave out each partnership's explain"},
	    {NULL, 0, OPT_FLAG, NULL, NULL, NULL},
	};
	memcpy(opts + n, own, sizeof own);
	symbi_match_options *mo = &q.mo;
	int status = cli_query_parse("cluster", argc, argv, usage, description, opts, &common, &q);
	if (status)
		return status < 0 ? EXIT_OK : status;
	if (optimize && candidates) {
		fprintf(stderr, "symbi cluster: give '--optimize' or '--candidates', not both\n");
		return EXIT_USAGE;
	}
	if (weights && (status = cli_parse_weights("cluster", weights, &no.weights)) != 0)
		return status;
	optimize = !candidates;
	/* Both sides of sector potential (a demand-side edge has no supply
	 * stream; the network reads the resource by symbi__candidate_stream). */
	mo->sector_demands = mo->sector;
	no.objective = mo->objective;
	no.edges = optimize ? SYMBI_EDGES_ALLOCATED : SYMBI_EDGES_ALL;

	symbi_kb *kb = NULL;
	symbi_dataset *ds = NULL;
	symbi_matches *m = NULL;
	symbi_network *net = NULL;
	symbi_allocation_summary alloc;
	memset(&alloc, 0, sizeof alloc);
	status = cli_run_query(&common, &q, optimize, &kb, &ds, &m, &alloc);
	if (status)
		return status;
	int rc;
	if ((rc = symbi_network_build(&net, m, &no)) != 0) {
		status = cli_fail(rc, "cluster");
		goto done;
	}
	char name[256];
	struct write_ctx wc = {net, {0}};
	cli_json_options(&wc.jo, &common, compact, !no_explain, optimize ? &alloc : NULL, name,
	                 sizeof name);
	if ((status = cli_write(common.output, write_network, &wc)) != 0)
		goto done;
	if (cli_wants_summary(&common)) {
		print_summary(net, optimize, &alloc);
		cli_summary_written(&common);
	}
done:
	symbi_network_free(net);
	symbi_matches_free(m);
	symbi_dataset_free(ds);
	symbi_kb_free(kb);
	return status;
}
