/*
 * output.h: writers of the results (JSON, GeoJSON, GraphML, CSV, HTML).
 */
#ifndef SYMBI_OUTPUT_H
#define SYMBI_OUTPUT_H

#include <stdio.h>

#include "common.h"
#include "alloc.h"
#include "match.h"


/* ---- Exports and the report (engine/export.c, engine/report.c) ------------ *
 * Each writer takes a FILE* opened by the caller, writes the whole document,
 * and returns 0, SYMBI_EIO on a write error, SYMBI_ENOMEM, or SYMBI_EINTERNAL
 * when a library (cJSON, igraph) fails. Nothing is printed elsewhere. The same
 * matches give byte-identical output. */

/* GeoJSON (RFC 7946) FeatureCollection: one Point per firm of the dataset,
 * in dataset order (coordinates [lon, lat]; properties kind "firm", firm_id,
 * name, nace, region, municipality, supplies and demands as arrays of
 * {stream_id, resource, quantity, unit}), then one LineString per candidate
 * from supplier to receiver, in the order of `m` (properties kind
 * "partnership" and the partnership object of the match JSON without
 * "explain": id, supplier, receiver, resource, receiver_resource, basis,
 * quantity, unit, distance_km, value_nok, co2e_t, score, and allocated when
 * the allocation was run). One feature per line. */
int symbi_write_geojson(FILE *f, const symbi_matches *m);

/* GraphML of the firm network, written by igraph: one node per firm (id,
 * name, lat, lon, nace, region, municipality; "" for none), one directed
 * edge per candidate from supplier to receiver (id, resource,
 * receiver_resource, basis, quantity, unit, distance_km, value_nok, co2e_t,
 * score, and allocated when the allocation was run: 0 for sector
 * candidates, which it leaves out). Attribute keys carry igraph's "v_", "e_"
 * and "g_" prefixes; attr.name is the plain name. Control characters, which
 * XML 1.0 cannot hold, become spaces. Sets igraph's attribute handler for the
 * duration of the call and restores the previous one, so the call is not
 * thread-safe with other igraph users. */
int symbi_write_graphml(FILE *f, const symbi_matches *m);

/* CSV (RFC 4180, header row) of the candidates, one row per candidate, in
 * the order of `m`. Empty fields stand for "none" (no demand stream for a
 * sector candidate, no allocation when it was not run). */
int symbi_write_partnerships_csv(FILE *f, const symbi_matches *m);

/* ---- Match JSON (engine/json_out.c), docs/contract.md section 6 ----------------------- */

typedef struct symbi_json_options {
	int version;
	bool compact;        /* one line per partnership instead of indented */
	bool explain;        /* include each partnership's "explain" object */
	const char *dataset; /* name shown in "query" (a folder's base name), NULL for none */
	bool optimize;       /* symbi_allocate was run: write "allocated" and totals */
	const symbi_allocation_summary *allocation; /* its summary, when optimize */
} symbi_json_options;

#define SYMBI_JSON_OPTIONS_INIT {.version = 1, .explain = true}

/* Write the match result as one JSON document: "version", "query" (the
 * effective options), "summary" (counts, totals per dimension, and the
 * allocation totals when optimised) and "partnerships" in the order of `m`.
 * Partnerships are streamed one object at a time, so memory does not grow
 * with their number. Returns 0, SYMBI_EIO on a write error, SYMBI_ENOMEM. */
int symbi_write_match_json(FILE *f, const symbi_matches *m, const symbi_json_options *o);


/* What the HTML report shows besides the matches. Strings are borrowed. */
typedef struct symbi_report_options {
	int version;
	const char *title;          /* NULL: "Industrial symbiosis report" */
	const char *dataset;        /* the dataset's name or folder, shown in the header */
	const char *command;        /* the command line, shown under "Inputs"; may be NULL */
	const char *const *inputs;  /* input files to list (firms, streams, rules, ...) */
	size_t ninputs;
	const char *municipalities; /* CSV with name, lat, lon (datasets/municipalities_no.csv)
	                             * for the map's labels; NULL for none */
	size_t table_max;           /* candidates outside the plan listed in the table (the
	                             * best ones); 0 = all. The plan's are always listed. */
	/* The network of the same matches (network.h) for the portfolio section,
	 * its clusters, chains and loops; NULL leaves the section out. */
	const struct symbi_network *network;
	size_t projects;            /* projects shown; 0 = 10 */
	const char *lang;           /* "nb" or "en"; NULL: "nb" when most firms lie in
	                             * Norway, else "en" */
	const char *basemap;        /* base-map CSV (layer,name,points;
	                             * datasets/basemap_no.csv) drawn under the firms;
	                             * NULL for none */
} symbi_report_options;

#define SYMBI_REPORT_OPTIONS_INIT {.version = 1}

/* One self-contained HTML page (no network access: inline SVG, CSS and a
 * small sorting script) with a map of the firms and partnerships, headline
 * totals (of the allocation when it ran on `m`), bar charts by resource class
 * and region, the portfolio of projects (when opt->network is given), a
 * sortable table of the candidates with the reasons for their
 * figures, and the inputs and options. Problems in the municipality file go
 * to `diags` (may be NULL) and give SYMBI_EINPUT. */
int symbi_write_report(FILE *f, const symbi_matches *m, const symbi_report_options *opt,
                       symbi_diags *diags);

#endif
