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
	cli_query q;
	const char *format = NULL;
	bool optimize = false;
	cli_opt opts[CLI_QUERY_OPTS + 3];
	size_t n = cli_query_init(&q, opts);
	opts[n++] = (cli_opt){"format", 'f', OPT_STRING, &format, "FORMAT",
	                      "geojson, graphml or csv (required)"};
	opts[n++] = (cli_opt){"optimize", 0, OPT_FLAG, &optimize, NULL,
	                      "allocate supply to demand for the best total (adds 'allocated')"};
	opts[n] = (cli_opt){NULL, 0, OPT_FLAG, NULL, NULL, NULL};
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
	if ((status = cli_query_check("export", &q)) != 0)
		return status;
	q.mo.sector_demands = q.mo.sector; /* the exports know partnerships without a supply */

	symbi_kb *kb = NULL;
	symbi_dataset *ds = NULL;
	symbi_matches *m = NULL;
	cli_out out;
	bool out_open = false;
	symbi_allocation_summary sum;
	status = cli_run_query(&common, &q, optimize, &kb, &ds, &m, &sum);
	if (status)
		return status;
	int rc = 0;
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
	if (!status && cli_wants_summary(&common))
		cli_summary("export", &common, m, optimize ? &sum : NULL, q.mo.objective);
done:
	if (out_open)
		cli_out_abort(&out);
	symbi_matches_free(m);
	symbi_dataset_free(ds);
	symbi_kb_free(kb);
	return status;
}
