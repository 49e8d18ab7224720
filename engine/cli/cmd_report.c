/*
 * cmd_report.c: `symbi report DATASET -o report.html` — one self-contained
 * HTML page with the map, totals, charts, portfolio and partnerships of a
 * match, for readers who do not run the tool.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

static const char usage[] = "symbi report DATASET [OPTIONS] -o report.html";
static const char description[] =
    "Write one self-contained HTML page (no network access needed to view it): a map of the\n"
    "firms and partnerships, the headline totals, charts by resource class and region, the\n"
    "portfolio of candidate projects with their loops and chains, a sortable table of every\n"
    "partnership with the reasons behind its figures, and the inputs and options used.\n"
    "Partnerships are found as 'symbi match' finds them (same options). Like 'symbi cluster',\n"
    "the report allocates supply to demand (unless --candidates), so that its totals count\n"
    "each tonne once, and finds clusters, chains and loops in the network of the plan.\n"
    "The page has a base map (coastline, county and municipality borders), a search box and\n"
    "filters by firm, municipality, region, resource class and basis; it lists the supplies\n"
    "and demands that were not matched with the reason, every firm's streams and notes, and\n"
    "the assumptions behind the totals with their sources. Bokmål or English (--lang).";

/* The command line as typed, for the report's "Inputs" (shell-quoted where
 * an argument holds anything but plain characters). */
static char *command_line(int argc, char **argv)
{
	size_t n = strlen("symbi") + 1;
	for (int i = 0; i < argc; i++)
		n += 3 + 4 * strlen(argv[i]); /* worst case: every byte a quote */
	char *s = malloc(n), *p = s;
	if (!s)
		return NULL;
	memcpy(p, "symbi", 6);
	p += 5;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		bool plain = *a != '\0';
		for (const char *q = a; *q && plain; q++)
			plain = strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			               "0123456789-_./=:,@+%",
			               *q) != NULL;
		*p++ = ' ';
		if (plain) {
			size_t len = strlen(a);
			memcpy(p, a, len + 1);
			p += len;
			continue;
		}
		*p++ = '\'';
		for (const char *q = a; *q; q++) {
			if (*q == '\'') {
				memcpy(p, "'\\''", 4);
				p += 4;
			} else {
				*p++ = *q;
			}
		}
		*p++ = '\'';
		*p = '\0';
	}
	return s;
}

static bool is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int cmd_report(int argc, char **argv)
{
	cli_common common;
	cli_common_init(&common);
	cli_query q;
	symbi_network_options no = SYMBI_NETWORK_OPTIONS_INIT;
	symbi_report_options ro = SYMBI_REPORT_OPTIONS_INIT;
	const char *munis = NULL, *weights = NULL, *basemap = NULL;
	bool optimize = false, candidates = false, no_munis = false, no_basemap = false;
	size_t seed = (size_t)no.seed;
	/* The plan is listed whole; of the rest, the best 200 keep the page light. */
	ro.table_max = 200;
	cli_opt opts[CLI_QUERY_OPTS + 20];
	size_t n = cli_query_init(&q, opts);
	const cli_opt own[] = {
	    {"optimize", 0, OPT_FLAG, &optimize, NULL, "allocate supply to demand (the default)"},
	    {"candidates", 0, OPT_FLAG, &candidates, NULL,
	     "no allocation: totals add up every candidate, the network holds them all"},
	    {"resolution", 0, OPT_DOUBLE, &no.resolution, "G",
	     "modularity resolution of the clusters (1.0): higher, smaller clusters"},
	    {"min-firms", 0, OPT_SIZE, &no.min_firms, "N", "smallest cluster reported (2)"},
	    {"min-project-firms", 0, OPT_SIZE, &no.min_project_firms, "N",
	     "smallest cluster ranked as a project (3)"},
	    {"max-path-firms", 0, OPT_SIZE, &no.max_path_firms, "N",
	     "longest chain or loop searched, in firms (6, at most 16)"},
	    {"max-paths", 0, OPT_SIZE, &no.max_paths, "N",
	     "chains and loops kept, best first (100)"},
	    {"seed", 0, OPT_SIZE, &seed, "N", "seed of the clustering's random generator (42)"},
	    {"projects", 0, OPT_SIZE, &ro.projects, "N", "projects shown in the portfolio (10)"},
	    {"table-max", 0, OPT_SIZE, &ro.table_max, "N",
	     "candidates outside the plan listed in the table, best first (200; 0 = all)"},
	    {"title", 0, OPT_STRING, &ro.title, "TEXT",
	     "the page's title, as given (default: \"Rapport om industriell symbiose\" or "
	     "\"Industrial symbiosis report\")"},
	    {"lang", 0, OPT_STRING, &ro.lang, "nb|en",
	     "language of the page: bokmål or English (default nb when most firms lie in Norway, "
	     "else en)"},
	    {"basemap", 0, OPT_STRING, &basemap, "FILE",
	     "base map under the firms (the shipped basemap_no.csv: land, county and "
	     "municipality borders)"},
	    {"no-basemap", 0, OPT_FLAG, &no_basemap, NULL, "no base map"},
	    {"municipalities", 0, OPT_STRING, &munis, "FILE",
	     "municipality names and centroids for the map (the shipped municipalities_no.csv)"},
	    {"no-municipalities", 0, OPT_FLAG, &no_munis, NULL, "no municipality names on the map"},
	    {"weights", 0, OPT_STRING, &weights, "K=W,...",
	     "portfolio weights, as for 'symbi cluster'"},
	    {NULL, 0, OPT_FLAG, NULL, NULL, NULL},
	};
	memcpy(opts + n, own, sizeof own);
	symbi_match_options *mo = &q.mo;
	int status = cli_query_parse("report", argc, argv, usage, description, opts, &common, &q);
	if (status)
		return status < 0 ? EXIT_OK : status;
	if (weights && (status = cli_parse_weights("report", weights, &no.weights)) != 0)
		return status;
	if (ro.lang && strcmp(ro.lang, "nb") != 0 && strcmp(ro.lang, "en") != 0) {
		fprintf(stderr, "symbi report: '--lang' must be 'nb' or 'en', not '%s'\n", ro.lang);
		return EXIT_USAGE;
	}
	if (basemap && no_basemap) {
		fprintf(stderr, "symbi report: give '--basemap' or '--no-basemap', not both\n");
		return EXIT_USAGE;
	}
	if (optimize && candidates) {
		fprintf(stderr, "symbi report: give '--optimize' or '--candidates', not both\n");
		return EXIT_USAGE;
	}
	if (!(no.resolution > 0)) {
		fprintf(stderr, "symbi report: option '--resolution' needs a number > 0\n");
		return EXIT_USAGE;
	}
	/* Both sides of sector potential (the report reads a candidate's
	 * resource by symbi__candidate_stream). */
	mo->sector_demands = mo->sector;
	no.objective = mo->objective;
	no.seed = seed;
	no.edges = candidates ? SYMBI_EDGES_ALL : SYMBI_EDGES_ALLOCATED;

	symbi_kb *kb = NULL;
	symbi_dataset *ds = NULL;
	symbi_matches *m = NULL;
	symbi_network *net = NULL;
	symbi_diags *diags = NULL;
	char *cmdline = NULL, *munis_default = NULL, *basemap_default = NULL;
	const char *inputs[2 * CLI_MAX_SOURCES + 40]; /* the dataset's files + 16 taxonomies +
	                                               * 16 rules + config + datadir +
	                                               * municipalities + base map */
	cli_sources srcs;
	memset(&srcs, 0, sizeof srcs);
	cli_out out;
	bool out_open = false;
	int rc;

	symbi_allocation_summary sum;
	status = cli_run_query(&common, &q, !candidates, &kb, &ds, &m, &sum);
	if (status)
		return status;
	rc = symbi_network_build(&net, m, &no);
	if (rc) {
		status = cli_fail(rc, "network");
		goto done;
	}

	/* What the page lists under "Inputs". */
	cmdline = command_line(argc, argv);
	if (!cmdline) {
		status = cli_fail(SYMBI_ENOMEM, NULL);
		goto done;
	}
	ro.command = cmdline;
	char name[256];
	ro.dataset = common.dataset ? cli_dataset_name(common.dataset, name, sizeof name) : NULL;
	ro.inputs = inputs;
	if ((status = cli_sources_get(&common, &srcs)) != 0)
		goto done;
	for (size_t i = 0; i < srcs.n; i++) {
		const symbi_dataset_source *src = &srcs.src[i];
		if (src->workbook) {
			inputs[ro.ninputs++] = src->workbook;
		} else {
			inputs[ro.ninputs++] = src->firms;
			inputs[ro.ninputs++] = src->streams;
		}
	}
	for (size_t i = 0; i < common.taxonomy.n; i++)
		inputs[ro.ninputs++] = common.taxonomy.items[i];
	for (size_t i = 0; i < common.rules.n; i++)
		inputs[ro.ninputs++] = common.rules.items[i];
	if (common.config)
		inputs[ro.ninputs++] = common.config;

	if (!no_munis) {
		if (munis) {
			ro.municipalities = munis;
		} else {
			const char *dir = cli_datadir(&common);
			size_t n = strlen(dir) + sizeof "/municipalities_no.csv";
			if (!(munis_default = malloc(n))) {
				status = cli_fail(SYMBI_ENOMEM, NULL);
				goto done;
			}
			snprintf(munis_default, n, "%s/municipalities_no.csv", dir);
			/* The labels are a courtesy: without the shipped file, no labels. */
			if (is_file(munis_default))
				ro.municipalities = munis_default;
		}
	}
	if (!no_basemap) {
		if (basemap) {
			ro.basemap = basemap;
		} else {
			const char *dir = cli_datadir(&common);
			size_t n = strlen(dir) + sizeof "/basemap_no.csv";
			if (!(basemap_default = malloc(n))) {
				status = cli_fail(SYMBI_ENOMEM, NULL);
				goto done;
			}
			snprintf(basemap_default, n, "%s/basemap_no.csv", dir);
			/* Like the labels: without the shipped file, no base map. */
			if (is_file(basemap_default))
				ro.basemap = basemap_default;
		}
	}
	inputs[ro.ninputs++] = cli_datadir(&common);
	if (ro.municipalities)
		inputs[ro.ninputs++] = ro.municipalities;
	if (ro.basemap)
		inputs[ro.ninputs++] = ro.basemap;
	ro.network = net;
	if (symbi_diags_new(&diags, common.max_errors)) {
		status = cli_fail(SYMBI_ENOMEM, NULL);
		goto done;
	}

	status = cli_out_open(&out, common.output);
	if (status)
		goto done;
	out_open = true;
	rc = symbi_write_report(out.f, m, &ro, diags);
	if (rc) {
		cli_print_diags(diags);
		status = cli_fail(rc, common.output ? common.output : "standard output");
		goto done;
	}
	status = cli_out_commit(&out);
	out_open = false;
	if (!status && cli_wants_summary(&common))
		cli_summary("report", &common, m, candidates ? NULL : &sum, q.mo.objective);
done:
	if (out_open)
		cli_out_abort(&out);
	symbi_diags_free(diags);
	symbi_network_free(net);
	symbi_matches_free(m);
	symbi_dataset_free(ds);
	symbi_kb_free(kb);
	free(cmdline);
	free(munis_default);
	free(basemap_default);
	cli_sources_free(&srcs);
	return status;
}
