/*
 * test_options.c: every ..._OPTIONS_INIT of include/symbi/ gives the
 * defaults the headers and the README document, field by field, and every
 * field the macro does not name is zero (the macros are designated
 * initialisers, docs/contract.md section 7). A default changed in a header
 * without its documentation, or a field added in the middle of a positional
 * list, fails here.
 */
#include <math.h>

#include "symbi/symbi.h"
#include "unit.h"

static void match_defaults(void)
{
	symbi_match_options o = SYMBI_MATCH_OPTIONS_INIT;
	CHECK_EQ_INT(o.version, 1);
	CHECK(o.firm == NULL && o.stream == NULL && o.resource == NULL && o.region == NULL);
	CHECK(!o.cross_region);
	CHECK(isnan(o.max_km));   /* no cap beyond the streams' and classes' radii */
	CHECK_EQ_INT(o.top_k, 0); /* every candidate */
	CHECK(isinf(o.min_score) && o.min_score < 0);
	CHECK(!o.sector);
	CHECK_EQ_INT(o.objective, SYMBI_OBJECTIVE_VALUE);
	CHECK_EQ_INT(o.max_candidates, 50000000); /* README: --max-candidates default */
	CHECK_EQ_INT(o.threads, 0);               /* one per core */
	CHECK(o.cancel == NULL && o.progress == NULL && o.progress_ctx == NULL);
	CHECK_EQ_INT(o.memory_limit, 0);
	CHECK(o.spill_dir == NULL);
	CHECK_EQ_INT(o.rank, SYMBI_RANK_EVIDENCE);
	CHECK(!o.sector_demands && !o.sector_demands_uncut);
	CHECK(isnan(o.radius_km));
	CHECK(o.firms == NULL && o.nfirms == 0 && o.municipality == NULL);
}

static void network_defaults(void)
{
	symbi_network_options o = SYMBI_NETWORK_OPTIONS_INIT;
	CHECK_EQ_INT(o.version, 1);
	CHECK_EQ_INT(o.edges, SYMBI_EDGES_ALLOCATED);
	CHECK_EQ_INT(o.objective, SYMBI_OBJECTIVE_VALUE);
	CHECK(same_double(o.resolution, 1.0));
	CHECK_EQ_INT(o.min_firms, 2);
	CHECK_EQ_INT(o.min_project_firms, 3);
	CHECK_EQ_INT(o.max_path_firms, 6);
	CHECK_EQ_INT(o.max_paths_per_firm, 20);
	CHECK_EQ_INT(o.max_steps_per_firm, 20000);
	CHECK_EQ_INT(o.max_paths, 100);
	CHECK_EQ_INT(o.seed, 42);
	/* The portfolio weights, in the order README lists them. */
	CHECK(same_double(o.weights.value_nok, 0.3));
	CHECK(same_double(o.weights.co2e_t, 0.25));
	CHECK(same_double(o.weights.circularity, 0.15));
	CHECK(same_double(o.weights.resources, 0.1));
	CHECK(same_double(o.weights.loops, 0.1));
	CHECK(same_double(o.weights.chains, 0.05));
	CHECK(same_double(o.weights.firms, 0.05));
}

static void small_defaults(void)
{
	symbi_json_options j = SYMBI_JSON_OPTIONS_INIT;
	CHECK_EQ_INT(j.version, 1);
	CHECK(!j.compact && j.explain && j.dataset == NULL && !j.optimize && j.allocation == NULL);

	symbi_tile_options t = SYMBI_TILE_OPTIONS_INIT;
	CHECK_EQ_INT(t.version, 1);
	CHECK_EQ_INT(t.grid, 2);
	CHECK(t.on_tile == NULL && t.ctx == NULL);

	symbi_load_options l = SYMBI_LOAD_OPTIONS_INIT;
	CHECK_EQ_INT(l.encoding, SYMBI_ENCODING_AUTO);

	symbi_learn_options n = SYMBI_LEARN_OPTIONS_INIT;
	CHECK_EQ_INT(n.version, 1);
	CHECK_EQ_INT(n.min_support, 1);
	CHECK_EQ_INT(n.nace_digits, 2);
	CHECK(!n.subchapter_rules && n.exclude_case == NULL && n.kb == NULL &&
	      n.source_name == NULL && n.corrections == NULL);
	CHECK_EQ_INT(n.subchapter_min_support, 0); /* 0: 2 (learn.h) */

	/* The report's: version 1, everything else zero (its fields say what
	 * zero means). */
	symbi_report_options r = SYMBI_REPORT_OPTIONS_INIT;
	CHECK_EQ_INT(r.version, 1);
	CHECK(r.title == NULL && r.dataset == NULL && r.command == NULL && r.inputs == NULL &&
	      r.ninputs == 0 && r.municipalities == NULL && r.table_max == 0 && r.network == NULL &&
	      r.projects == 0 && r.lang == NULL && r.basemap == NULL);
}

int main(void)
{
	match_defaults();
	network_defaults();
	small_defaults();
	return UNIT_DONE();
}
