/*
 * cmd_cluster.c: `symbi cluster` — match a dataset, allocate supply to demand
 * (by default), build the firm network of the partnerships and write its
 * clusters, chains, loops and project portfolio as JSON (SPEC section 6).
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

/* "value=0.4,co2=0.2,..." over the defaults; keys value, co2, circularity,
 * resources, loops, chains, firms. Returns 0 or EXIT_USAGE (printed). */
static int parse_weights(const char *s, symbi_portfolio_weights *w)
{
	static const struct {
		const char *key;
		size_t off;
	} keys[] = {
	    {"value", offsetof(symbi_portfolio_weights, value_nok)},
	    {"co2", offsetof(symbi_portfolio_weights, co2e_t)},
	    {"circularity", offsetof(symbi_portfolio_weights, circularity)},
	    {"resources", offsetof(symbi_portfolio_weights, resources)},
	    {"loops", offsetof(symbi_portfolio_weights, loops)},
	    {"chains", offsetof(symbi_portfolio_weights, chains)},
	    {"firms", offsetof(symbi_portfolio_weights, firms)},
	};
	const char *p = s;
	while (*p) {
		const char *eq = strchr(p, '='), *end = strchr(p, ',');
		if (!end)
			end = p + strlen(p);
		if (!eq || eq > end) {
			fprintf(stderr,
			        "symbi cluster: '--weights' wants KEY=NUMBER pairs, not '%.*s'\n",
			        (int)(end - p), p);
			return EXIT_USAGE;
		}
		size_t k = 0, n = sizeof keys / sizeof *keys;
		while (k < n && !(strlen(keys[k].key) == (size_t)(eq - p) &&
		                  strncmp(keys[k].key, p, (size_t)(eq - p)) == 0))
			k++;
		if (k == n) {
			fprintf(stderr,
			        "symbi cluster: '--weights': unknown criterion '%.*s' (value, co2, "
			        "circularity, resources, loops, chains, firms)\n",
			        (int)(eq - p), p);
			return EXIT_USAGE;
		}
		char num[64];
		size_t len = (size_t)(end - eq - 1);
		char *stop;
		if (len == 0 || len >= sizeof num) {
			fprintf(stderr, "symbi cluster: '--weights': '%s' needs a number\n",
			        keys[k].key);
			return EXIT_USAGE;
		}
		memcpy(num, eq + 1, len);
		num[len] = '\0';
		errno = 0;
		double v = strtod(num, &stop);
		if (*stop || errno || !isfinite(v)) {
			fprintf(stderr,
			        "symbi cluster: '--weights': '%s' needs a number, not '%s'\n",
			        keys[k].key, num);
			return EXIT_USAGE;
		}
		*(double *)((char *)w + keys[k].off) = v;
		p = *end ? end + 1 : end;
	}
	return 0;
}

static void print_summary(const symbi_network *net, bool optimize,
                          const symbi_allocation_summary *a)
{
	size_t nc = symbi_network_cluster_count(net);
	fprintf(stderr, "symbi cluster: %zu partnership%s between %zu firms, %zu cluster%s, ",
	        symbi_network_edge_count(net), symbi_network_edge_count(net) == 1 ? "" : "s",
	        symbi_network_firm_count(net), nc, nc == 1 ? "" : "s");
	fprintf(stderr, "%zu chain%s, %zu loop%s, %zu project%s\n", symbi_network_chain_count(net),
	        symbi_network_chain_count(net) == 1 ? "" : "s", symbi_network_loop_count(net),
	        symbi_network_loop_count(net) == 1 ? "" : "s", symbi_network_project_count(net),
	        symbi_network_project_count(net) == 1 ? "" : "s");
	if (optimize)
		fprintf(stderr, "  allocated: %.0f NOK/yr, %.1f t CO2e/yr%s\n", a->total_value_nok,
		        a->total_co2e_t,
		        a->components_capped ? " (work cap reached: feasible, maybe not optimal)"
		                             : "");
	if (symbi_network_project_count(net)) {
		const symbi_project *p = symbi_network_project(net, 0);
		const symbi_cluster *c = symbi_network_cluster(net, p->cluster);
		fprintf(stderr, "  best project: %s, %zu firms, %.0f NOK/yr, %.1f t CO2e/yr\n",
		        c->id, c->nfirms, c->value_nok, c->co2e_t);
	}
}

int cmd_cluster(int argc, char **argv)
{
	cli_common common;
	cli_common_init(&common);
	symbi_match_options mo = SYMBI_MATCH_OPTIONS_INIT;
	symbi_network_options no = SYMBI_NETWORK_OPTIONS_INIT;
	const char *objective = "value", *weights = NULL;
	bool optimize = false, candidates = false, compact = false, no_explain = false;
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
	     "allocate and weigh the network by NOK/yr (value, default) or t CO2e/yr (co2)"},
	    {"sector", 0, OPT_FLAG, &mo.sector, NULL,
	     "add sector-potential partnerships (used with --candidates)"},
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
	    {"max-candidates", 0, OPT_SIZE, &mo.max_candidates, "N",
	     "fail beyond N partnerships (default 50000000, 0 = no limit)"},
	    {"threads", 0, OPT_INT, &mo.threads, "N", "threads to match with (default: all cores)"},
	    {"compact", 0, OPT_FLAG, &compact, NULL, "one line per partnership, cluster, path"},
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
		fprintf(stderr, "symbi cluster: '--objective' must be 'value' or 'co2', not '%s'\n",
		        objective);
		return EXIT_USAGE;
	}
	if (optimize && candidates) {
		fprintf(stderr, "symbi cluster: give '--optimize' or '--candidates', not both\n");
		return EXIT_USAGE;
	}
	if (mo.cross_region && !mo.region) {
		fprintf(stderr, "symbi cluster: '--cross-region' needs '--region NAME'\n");
		return EXIT_USAGE;
	}
	if (!isnan(mo.max_km) && !(mo.max_km >= 0.0 && isfinite(mo.max_km))) {
		fprintf(stderr, "symbi cluster: '--max-km' must be a distance >= 0\n");
		return EXIT_USAGE;
	}
	if (weights && (status = parse_weights(weights, &no.weights)) != 0)
		return status;
	optimize = !candidates;
	no.objective = mo.objective;
	no.edges = optimize ? SYMBI_EDGES_ALLOCATED : SYMBI_EDGES_ALL;

	symbi_kb *kb = NULL;
	symbi_dataset *ds = NULL;
	symbi_matches *m = NULL;
	symbi_network *net = NULL;
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
	if (optimize && (rc = symbi_allocate(m, mo.objective, &alloc)) != 0) {
		status = cli_fail(rc, "allocation");
		goto done;
	}
	if ((rc = symbi_network_build(&net, m, &no)) != 0) {
		status = cli_fail(rc, "cluster");
		goto done;
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
	rc = symbi_network_write_json(out.f, net, &jo);
	if (rc) {
		cli_out_abort(&out);
		status = cli_fail(rc, common.output ? common.output : "standard output");
		goto done;
	}
	if ((status = cli_out_commit(&out)) != 0)
		goto done;
	if (tty)
		print_summary(net, optimize, &alloc);
done:
	symbi_network_free(net);
	symbi_matches_free(m);
	symbi_dataset_free(ds);
	symbi_kb_free(kb);
	return status;
}
