/*
 * cmd_export.c: `symbi export DATASET --format geojson|graphml|csv` — the
 * partnerships of a match (same options as `symbi match`) for maps, network
 * tools and spreadsheets, written whole or not at all.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage[] = "symbi export DATASET --format geojson|graphml|csv [OPTIONS] [-o FILE]";
static const char description[] =
    "Export the candidate partnerships (found as 'symbi match' finds them, with the same\n"
    "options) and the firms for other tools:\n"
    "  geojson  RFC 7946 FeatureCollection: a Point per firm, a LineString per partnership\n"
    "           from supplier to receiver (QGIS, geojson.io, Leaflet)\n"
    "  graphml  the firm network, a node per firm and a directed edge per partnership,\n"
    "           written by igraph (Gephi, Cytoscape, networkx, igraph)\n"
    "  csv      one row per partnership with every figure (spreadsheets)";

typedef enum { FORMAT_GEOJSON, FORMAT_GRAPHML, FORMAT_CSV } export_format;

int cmd_export(int argc, char **argv)
{
	cli_common common;
	cli_common_init(&common);
	symbi_match_options mo = SYMBI_MATCH_OPTIONS_INIT;
	const char *format = NULL, *objective = NULL;
	bool optimize = false;
	const cli_opt opts[] = {
	    {"format", 'f', OPT_STRING, &format, "FORMAT", "geojson, graphml or csv (required)"},
	    {"firm", 0, OPT_STRING, &mo.firm, "ID",
	     "only partnerships with this firm at either end"},
	    {"stream", 0, OPT_STRING, &mo.stream, "ID", "only partnerships of this stream"},
	    {"resource", 0, OPT_STRING, &mo.resource, "CODE",
	     "only supplies or demands under this code"},
	    {"region", 0, OPT_STRING, &mo.region, "NAME",
	     "only partnerships with both ends in NAME"},
	    {"cross-region", 0, OPT_FLAG, &mo.cross_region, NULL,
	     "with --region: at least one end in it"},
	    {"max-km", 0, OPT_DOUBLE, &mo.max_km, "KM", "cap on the transport radius"},
	    {"top", 0, OPT_SIZE, &mo.top_k, "K",
	     "best K per demand (per supply for sector); 0 = all"},
	    {"min-score", 0, OPT_DOUBLE, &mo.min_score, "X", "drop candidates scoring below X"},
	    {"sector", 0, OPT_FLAG, &mo.sector, NULL, "add sector-potential candidates"},
	    {"optimize", 0, OPT_FLAG, &optimize, NULL,
	     "allocate supply to demand for the best total (adds 'allocated')"},
	    {"objective", 0, OPT_STRING, &objective, "value|co2",
	     "what to rank and allocate by (value)"},
	    {"threads", 0, OPT_INT, &mo.threads, "N", "matching threads; 0 = one per core"},
	    {"max-candidates", 0, OPT_SIZE, &mo.max_candidates, "N",
	     "stop with an error past N candidates (50000000; 0 = no limit)"},
	    {NULL, 0, OPT_FLAG, NULL, NULL, NULL},
	};
	const char *pos[1];
	size_t npos;
	int status = cli_parse(argc, argv, usage, description, opts, &common, pos, 1, &npos);
	if (status)
		return status < 0 ? EXIT_OK : status;

	export_format fmt;
	if (!format) {
		fprintf(stderr,
		        "symbi export: give --format geojson, graphml or csv\n"
		        "usage: %s\n",
		        usage);
		return EXIT_USAGE;
	}
	if (strcmp(format, "geojson") == 0) {
		fmt = FORMAT_GEOJSON;
	} else if (strcmp(format, "graphml") == 0) {
		fmt = FORMAT_GRAPHML;
	} else if (strcmp(format, "csv") == 0) {
		fmt = FORMAT_CSV;
	} else {
		fprintf(stderr, "symbi export: unknown format '%s' (geojson, graphml or csv)\n",
		        format);
		return EXIT_USAGE;
	}
	if (objective && strcmp(objective, "value") == 0) {
		mo.objective = SYMBI_OBJECTIVE_VALUE;
	} else if (objective && strcmp(objective, "co2") == 0) {
		mo.objective = SYMBI_OBJECTIVE_CO2;
	} else if (objective) {
		fprintf(stderr, "symbi export: unknown objective '%s' (value or co2)\n", objective);
		return EXIT_USAGE;
	}
	if (mo.cross_region && !mo.region) {
		fprintf(stderr, "symbi export: '--cross-region' needs '--region NAME'\n");
		return EXIT_USAGE;
	}
	if (!isnan(mo.max_km) && !(mo.max_km >= 0 && isfinite(mo.max_km))) {
		fprintf(stderr, "symbi export: option '--max-km' needs a distance >= 0\n");
		return EXIT_USAGE;
	}

	symbi_kb *kb = NULL;
	symbi_dataset *ds = NULL;
	symbi_matches *m = NULL;
	cli_out out;
	bool out_open = false;
	status = cli_load(&common, &kb, &ds, NULL);
	if (status)
		return status;
	mo.cancel = &cli_interrupted;
	if (!common.quiet && cli_stderr_tty())
		mo.progress = cli_progress;
	int rc = symbi_match(&m, ds, &mo);
	if (rc) {
		status = cli_fail(rc, "match");
		goto done;
	}
	if (optimize) {
		symbi_allocation_summary sum;
		rc = symbi_allocate(m, mo.objective, &sum);
		if (rc) {
			status = cli_fail(rc, "allocation");
			goto done;
		}
	}
	status = cli_out_open(&out, common.output);
	if (status)
		goto done;
	out_open = true;
	switch (fmt) {
	case FORMAT_GEOJSON:
		rc = symbi_write_geojson(out.f, m);
		break;
	case FORMAT_GRAPHML:
		rc = symbi_write_graphml(out.f, m);
		break;
	case FORMAT_CSV:
		rc = symbi_write_partnerships_csv(out.f, m);
		break;
	}
	if (rc) {
		status = cli_fail(rc, common.output ? common.output : "standard output");
		goto done;
	}
	status = cli_out_commit(&out);
	out_open = false;
done:
	if (out_open)
		cli_out_abort(&out);
	symbi_matches_free(m);
	symbi_dataset_free(ds);
	symbi_kb_free(kb);
	return status;
}
