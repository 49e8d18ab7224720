/*
 * test_ranked.c: the ranked search (the best K per demand by branch and
 * bound) gives exactly the candidates of the exhaustive search.
 *
 *   test_ranked SYMBI_GEN    (the bench generator; the knowledge base from
 *                             $SYMBI_DATADIR or the source tree)
 *
 * On the shipped knowledge base, three datasets: the Innlandet demo, a
 * generated national one of 4,000 sites, and a random worldwide one built
 * here (sites at the poles and across the antimeridian, per-stream radii,
 * prices and seasons, heat with temperatures, every kind of code the
 * knowledge base has, several sites at one point). For each, queries with
 * K = 1, 3, 10 and 1000, both objectives, --min-score, --max-km, --region,
 * --sector and two threads: symbi_match with symbi__match_exhaustive false
 * and true must return the same candidates, field by field, in the same
 * order. And one thread or two give the same result.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "candidates.h"
#include "engine/match_internal.h"
#include "unit.h"

static symbi_matches *run(const symbi_dataset *ds, const symbi_match_options *o, bool exhaustive)
{
	symbi_matches *m = NULL;
	symbi__match_exhaustive = exhaustive;
	int rc = symbi_match(&m, ds, o);
	symbi__match_exhaustive = false;
	if (rc) {
		fprintf(stderr, "symbi_match: %s\n", symbi_last_error());
		return NULL;
	}
	return m;
}

static size_t compared; /* candidates compared in all */

static void check_same(const symbi_dataset *ds, const symbi_match_options *o, const char *what)
{
	symbi_matches *a = run(ds, o, true), *b = run(ds, o, false);
	CHECK(a && b);
	if (!a || !b) {
		symbi_matches_free(a);
		symbi_matches_free(b);
		return;
	}
	size_t n = symbi_matches_count(a), diffs = 0;
	if (symbi_matches_count(b) != n) {
		fprintf(stderr, "%s: %zu candidates ranked, %zu exhaustive\n", what,
		        symbi_matches_count(b), n);
		diffs++;
	}
	for (size_t i = 0; !diffs && i < n; i++) {
		if (same_candidate(symbi_matches_get(a, i), symbi_matches_get(b, i)))
			continue;
		char x[256], y[256];
		symbi_candidate_id(a, i, x, sizeof x);
		symbi_candidate_id(b, i, y, sizeof y);
		fprintf(stderr, "%s: candidate %zu differs: %s (exhaustive) vs %s\n", what, i, x, y);
		diffs++;
	}
	CHECK_EQ_INT(diffs, 0);
	compared += n;
	symbi_matches_free(a);
	symbi_matches_free(b);
}

static void check_queries(const symbi_dataset *ds, const char *name, const char *region)
{
	static const size_t ks[] = {1, 3, 10, 1000};
	char what[256];
	for (size_t i = 0; i < sizeof ks / sizeof *ks; i++) {
		for (int obj = 0; obj < 2; obj++) {
			symbi_match_options o = SYMBI_MATCH_OPTIONS_INIT;
			o.threads = 1;
			o.top_k = ks[i];
			o.objective = obj ? SYMBI_OBJECTIVE_CO2 : SYMBI_OBJECTIVE_VALUE;
			snprintf(what, sizeof what, "%s, top %zu, %s", name, ks[i],
			         obj ? "co2" : "value");
			check_same(ds, &o, what);
		}
	}
	symbi_match_options o = SYMBI_MATCH_OPTIONS_INIT;
	o.top_k = 2;
	o.threads = 2;
	o.sector = true;
	o.sector_demands = true;
	snprintf(what, sizeof what, "%s, top 2, sector both sides, two threads", name);
	check_same(ds, &o, what);
	o.rank = SYMBI_RANK_VALUE;
	snprintf(what, sizeof what, "%s, top 2, sector both sides ranked by value", name);
	check_same(ds, &o, what);
	o.rank = SYMBI_RANK_EVIDENCE;
	o = (symbi_match_options)SYMBI_MATCH_OPTIONS_INIT;
	o.top_k = 5;
	o.max_km = 15;
	o.min_score = 1000;
	snprintf(what, sizeof what, "%s, top 5, max-km 15, min-score 1000", name);
	check_same(ds, &o, what);
	o = (symbi_match_options)SYMBI_MATCH_OPTIONS_INIT;
	o.top_k = 4;
	o.min_score = 0;
	o.objective = SYMBI_OBJECTIVE_CO2;
	snprintf(what, sizeof what, "%s, top 4, co2, min-score 0", name);
	check_same(ds, &o, what);
	if (region) {
		o = (symbi_match_options)SYMBI_MATCH_OPTIONS_INIT;
		o.top_k = 3;
		o.region = region;
		snprintf(what, sizeof what, "%s, top 3, region %s", name, region);
		check_same(ds, &o, what);
	}
}


static uint64_t rng = 0x9e3779b97f4a7c15ull;
static double urand(void)
{
	/* xorshift64 (Marsaglia 2003), fixed seed. */
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (double)(rng >> 11) / 9007199254740992.0;
}

/* Sites worldwide, crowded into a few spots so that pairs are many. */
static symbi_dataset *random_world(const symbi_kb *kb, size_t nfirms)
{
	static const double spot[][2] = {{89.95, 10}, {-89.9, -70}, {0, 179.95}, {0, -179.97},
	                                 {60.8, 10.7}, {60.81, 10.69}};
	symbi_dataset *ds = NULL;
	if (symbi_dataset_new(&ds, kb))
		exit(100);
	/* Codes with a dimension: EWC entries and the taxonomy's codes. */
	size_t ncodes = 0;
	int32_t *codes = malloc(kb->ncodes * sizeof *codes);
	if (!codes)
		exit(100);
	for (size_t c = 0; c < kb->ncodes; c++)
		if (kb->codes[c].dim != SYMBI_DIM_NONE && (urand() < 0.25 ||
		                                           strncmp(kb->codes[c].code, "ewc:", 4)))
			codes[ncodes++] = (int32_t)c;
	char id[32];
	for (size_t i = 0; i < nfirms; i++) {
		const double *p = spot[(size_t)(urand() * 6) % 6];
		symbi_firm f = {0};
		snprintf(id, sizeof id, "W%05zu", (i * 7919) % 100000);
		f.id = id;
		f.lat = fmax(-90.0, fmin(90.0, p[0] + (urand() - 0.5) * 1.5));
		f.lon = p[1] + (urand() - 0.5) * 1.2;
		if (f.lon > 180.0)
			f.lon -= 360.0;
		if (f.lon < -180.0)
			f.lon += 360.0;
		if (i % 17 == 0)
			f.lat = p[0], f.lon = p[1]; /* several sites at one point */
		f.nace = i % 3 ? "35.30" : "01.11";
		f.employees = -1;
		f.region = -1;
		uint32_t fi;
		if (symbi_dataset_add_firm(ds, &f, i % 2 ? "East" : "West", &fi))
			exit(100);
		for (int k = 0; k < 4; k++) {
			const symbi_code *c = &kb->codes[codes[(size_t)(urand() * (double)ncodes) % ncodes]];
			symbi_stream s = {0};
			s.firm = fi;
			s.direction = urand() < 0.5 ? SYMBI_SUPPLY : SYMBI_DEMAND;
			s.code = (int32_t)(c - kb->codes);
			s.dim = c->dim;
			s.quantity = floor(exp(9.0 * urand()));
			s.temp_c = urand() < 0.6 ? floor(10 + 150 * urand()) : NAN;
			s.months = urand() < 0.3 ? (uint16_t)(1 + (int)(urand() * 4095)) : 0x0fff;
			s.disposal_cost = urand() < 0.4 ? floor(2000 * urand()) - 200 : NAN;
			s.purchase_price = urand() < 0.4 ? floor(3000 * urand()) : NAN;
			s.max_km = urand() < 0.3 ? floor(150 * urand()) : NAN;
			if (symbi_dataset_add_stream(ds, &s, NULL))
				exit(100);
		}
	}
	free(codes);
	if (symbi_dataset_finish(ds, NULL))
		exit(100);
	return ds;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: test_ranked SYMBI_GEN\n");
		return 2;
	}
	symbi_kb *kb = load_shipped_kb();

	char demo[1024];
	snprintf(demo, sizeof demo, "%s/innlandet", shipped_datadir());
	symbi_dataset *ds = load_dataset_dir(kb, demo);
	check_queries(ds, "demo", "Innlandet");
	symbi_dataset_free(ds);

	char dir[] = "/tmp/symbi-ranked-XXXXXX";
	if (!mkdtemp(dir))
		return 100;
	char cmd[2048];
	snprintf(cmd, sizeof cmd, "'%s' --firms 4000 --seed 5 --out '%s/gen' 2>/dev/null", argv[1],
	         dir);
	if (system(cmd) != 0) {
		fprintf(stderr, "failed: %s\n", cmd);
		return 100;
	}
	char gen[1100];
	snprintf(gen, sizeof gen, "%s/gen", dir);
	ds = load_dataset_dir(kb, gen);
	check_queries(ds, "generated", "Vestland");
	/* One and two threads give the same result, also where the final sort
	 * runs in two halves (65,536 candidates or more). */
	{
		symbi_match_options o = SYMBI_MATCH_OPTIONS_INIT;
		o.top_k = 1000;
		o.threads = 1;
		symbi_matches *a = run(ds, &o, false);
		o.threads = 2;
		symbi_matches *b = run(ds, &o, false);
		CHECK(a && b);
		if (a && b) {
			size_t n = symbi_matches_count(a), diffs = 0;
			CHECK(n >= 65536);
			CHECK_EQ_INT(symbi_matches_count(b), n);
			for (size_t i = 0; i < n && i < symbi_matches_count(b); i++)
				diffs += !same_candidate(symbi_matches_get(a, i), symbi_matches_get(b, i));
			CHECK_EQ_INT(diffs, 0);
		}
		symbi_matches_free(a);
		symbi_matches_free(b);
	}
	symbi_dataset_free(ds);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		return 100;

	ds = random_world(kb, 1500);
	check_queries(ds, "worldwide", "East");
	symbi_dataset_free(ds);

	/* The comparisons mean something: many candidates were compared. */
	CHECK(compared > 100000);
	fprintf(stderr, "%zu candidates compared\n", compared);
	symbi_kb_free(kb);
	return unit_failures ? (unit_failures > 100 ? 100 : unit_failures) : 0;
}
