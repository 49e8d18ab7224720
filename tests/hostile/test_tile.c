/*
 * test_tile.c: matching tile by tile gives exactly the whole run.
 *
 *   test_tile SYMBI_GEN      (the bench generator; the knowledge base from
 *                             $SYMBI_DATADIR or the source tree)
 *
 * On a generated national dataset of 3,000 sites, for grids of 1, 2, 3 and 5
 * tiles a side and several queries (all candidates; the best 3 per demand
 * with sector potential; --max-km; --region; --resource; two threads;
 * --firm; --stream; --region with --cross-region), the
 * candidates of symbi_match_tiled are those of symbi_match, field by field
 * and in the same order; the single tiles of symbi_match_tile partition the
 * whole run; and a pair across the antimeridian is found although its ends
 * fall in different tiles.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "candidates.h"
#include "engine/internal.h"
#include "unit.h"

/* Returns the number of differences found (0: identical). */
static size_t compare(const symbi_matches *whole, const symbi_matches *tiled, const char *what)
{
	size_t n = symbi_matches_count(whole), diffs = 0;
	if (symbi_matches_count(tiled) != n) {
		fprintf(stderr, "%s: %zu candidates tiled, %zu whole\n", what,
		        symbi_matches_count(tiled), n);
		return 1;
	}
	for (size_t i = 0; i < n; i++)
		if (!same_candidate(symbi_matches_get(whole, i), symbi_matches_get(tiled, i))) {
			if (diffs++ < 3) {
				char a[256], b[256];
				symbi_candidate_id(whole, i, a, sizeof a);
				symbi_candidate_id(tiled, i, b, sizeof b);
				fprintf(stderr, "%s: candidate %zu differs: %s vs %s\n", what, i, a, b);
			}
		}
	return diffs;
}


static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f || fputs(text, f) == EOF || fclose(f)) {
		perror(path);
		exit(100);
	}
}

static size_t total_stat_candidates;
static size_t total_halo;
static void on_tile(void *ctx, const symbi_tile_stat *st)
{
	(void)ctx;
	total_stat_candidates += st->candidates;
	total_halo += st->halo_firms;
	CHECK(st->core_firms == 0 || st->lat_lo <= st->lat_hi);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: test_tile SYMBI_GEN\n");
		return 2;
	}
	char dir[] = "/tmp/symbi-tile-XXXXXX";
	if (!mkdtemp(dir))
		return 100;
	char cmd[2048];
	snprintf(cmd, sizeof cmd, "'%s' --firms 3000 --seed 11 --out '%s/gen' 2>/dev/null", argv[1],
	         dir);
	if (system(cmd) != 0) {
		fprintf(stderr, "failed: %s\n", cmd);
		return 100;
	}
	symbi_kb *kb = load_shipped_kb();
	char gen[1100];
	snprintf(gen, sizeof gen, "%s/gen", dir);
	symbi_dataset *ds = load_dataset_dir(kb, gen);

	/* The queries. */
	enum { NQ = 9 };
	symbi_match_options q[NQ];
	const char *qname[NQ] = {"all candidates",         "top 3 with sector",
	                         "top 1, max-km 30",       "region Vestland",
	                         "resource ewc:02, top 2", "two threads, top 5",
	                         "firm, sector",           "stream (a supply)",
	                         "region Oslo, cross-region, top 2"};
	for (int i = 0; i < NQ; i++) {
		symbi_match_options o = SYMBI_MATCH_OPTIONS_INIT;
		o.threads = 1;
		q[i] = o;
	}
	q[1].top_k = 3;
	q[1].sector = true;
	q[1].sector_demands = true;
	q[2].top_k = 1;
	q[2].max_km = 30;
	q[3].region = "Vestland";
	q[3].sector = true;
	q[3].sector_demands = true;
	q[3].rank = SYMBI_RANK_VALUE;
	q[4].resource = "ewc:02";
	q[4].top_k = 2;
	q[4].cross_region = false;
	q[5].threads = 2;
	q[5].top_k = 5;
	q[5].sector = true;
	q[5].sector_demands = true;
	/* A firm and a supply that take part in some partnership. */
	{
		symbi_matches *m = NULL;
		CHECK_EQ_INT(symbi_match(&m, ds, &q[0]), 0);
		const symbi_candidate *c = m ? symbi_matches_get(m, symbi_matches_count(m) / 2) : NULL;
		static char firm[64], stream[64];
		if (c) {
			snprintf(firm, sizeof firm, "%s", symbi_dataset_firm(ds, c->receiver)->id);
			snprintf(stream, sizeof stream, "%s", symbi_dataset_stream(ds, c->supply)->id);
		}
		symbi_matches_free(m);
		q[6].firm = firm;
		q[6].sector = true;
		q[6].sector_demands = true;
		q[7].stream = stream;
	}
	q[8].region = "Oslo";
	q[8].cross_region = true;
	q[8].top_k = 2;

	const unsigned grids[] = {1, 2, 3, 5};
	for (int i = 0; i < NQ; i++) {
		symbi_matches *whole = NULL;
		CHECK_EQ_INT(symbi_match(&whole, ds, &q[i]), 0);
		CHECK(symbi_matches_count(whole) > 0); /* the test must test something */
		for (size_t gi = 0; gi < sizeof grids / sizeof *grids; gi++) {
			symbi_tile_options to = SYMBI_TILE_OPTIONS_INIT;
			to.grid = grids[gi];
			to.on_tile = on_tile;
			total_stat_candidates = total_halo = 0;
			symbi_matches *tiled = NULL;
			int rc = symbi_match_tiled(&tiled, ds, &q[i], &to);
			CHECK_EQ_INT(rc, 0);
			if (rc)
				continue;
			char what[128];
			snprintf(what, sizeof what, "%s, grid %u", qname[i], grids[gi]);
			CHECK_EQ_INT(compare(whole, tiled, what), 0);
			CHECK_EQ_INT(tiled->supplies, whole->supplies);
			CHECK_EQ_INT(tiled->demands, whole->demands);
			CHECK_EQ_INT(tiled->region, whole->region);
			CHECK_EQ_INT(tiled->resource, whole->resource);
			CHECK(total_stat_candidates >= symbi_matches_count(whole));
			if (grids[gi] > 1) /* the tiles did cut the dataset */
				CHECK(total_halo < (size_t)grids[gi] * grids[gi] * symbi_dataset_firm_count(ds));
			symbi_matches_free(tiled);
		}
		symbi_matches_free(whole);
	}

	/* Single tiles partition the whole run (all candidates). */
	{
		symbi_matches *whole = NULL;
		CHECK_EQ_INT(symbi_match(&whole, ds, &q[0]), 0);
		size_t sum = 0, found = 0;
		for (unsigned t = 0; t < 9; t++) {
			symbi_matches *part = NULL;
			symbi_tile_stat st;
			CHECK_EQ_INT(symbi_match_tile(&part, ds, &q[0], 3, t, &st), 0);
			CHECK_EQ_INT(st.candidates, symbi_matches_count(part));
			sum += symbi_matches_count(part);
			for (size_t i = 0; i < symbi_matches_count(part); i++) {
				const symbi_candidate *c = symbi_matches_get(part, i);
				for (size_t j = 0; j < symbi_matches_count(whole); j++)
					if (same_candidate(c, symbi_matches_get(whole, j))) {
						found++;
						break;
					}
			}
			symbi_matches_free(part);
		}
		CHECK_EQ_INT(sum, symbi_matches_count(whole));
		CHECK_EQ_INT(found, sum);
		symbi_matches_free(whole);
		symbi_matches *none = NULL;
		CHECK_EQ_INT(symbi_match_tile(&none, ds, &q[0], 3, 9, NULL), SYMBI_EQUERY);
		CHECK(none == NULL);
	}

	/* Errors are the whole run's. */
	{
		symbi_match_options o = SYMBI_MATCH_OPTIONS_INIT;
		symbi_tile_options to = SYMBI_TILE_OPTIONS_INIT;
		symbi_matches *m = NULL;
		o.firm = "no-such-firm";
		CHECK_EQ_INT(symbi_match_tiled(&m, ds, &o, &to), SYMBI_EQUERY);
		CHECK(strstr(symbi_last_error(), "no-such-firm") != NULL);
		o.firm = NULL;
		o.max_candidates = 10;
		CHECK_EQ_INT(symbi_match_tiled(&m, ds, &o, &to), SYMBI_ELIMIT);
		CHECK(strstr(symbi_last_error(), "--max-candidates") != NULL);
		o.max_candidates = 0;
		to.grid = 0;
		CHECK_EQ_INT(symbi_match_tiled(&m, ds, &o, &to), SYMBI_EQUERY);
		volatile int cancel = 1;
		o.cancel = &cancel;
		to.grid = 2;
		CHECK_EQ_INT(symbi_match_tiled(&m, ds, &o, &to), SYMBI_EINTR);
		CHECK(m == NULL);
	}
	symbi_dataset_free(ds);

	/* Across the antimeridian: east and west fall in different columns of
	 * a 2 x 2 grid, 2.1 km apart; "far" is half the globe away. */
	{
		char am[1100], p[1200];
		snprintf(am, sizeof am, "%s/am", dir);
		mkdir(am, 0777);
		snprintf(p, sizeof p, "%s/firms.csv", am);
		write_file(p, "firm_id,name,lat,lon,nace\n"
		              "east,East,-17.5,179.99,38.21\n"
		              "west,West,-17.5,-179.99,35.30\n"
		              "far,Far,-17.6,0.5,35.30\n"
		              "north,North,60,0.4,35.30\n");
		snprintf(p, sizeof p, "%s/streams.csv", am);
		write_file(p, "firm_id,stream_id,direction,resource,quantity,unit,temp_c\n"
		              "east,e,supply,energy:heat,1000,MWh,90\n"
		              "west,w,demand,energy:heat,500,MWh,60\n"
		              "far,f,demand,energy:heat,500,MWh,60\n"
		              "north,n,supply,energy:heat,100,MWh,90\n");
		symbi_dataset *am_ds = load_dataset_dir(kb, am);
		symbi_match_options o = SYMBI_MATCH_OPTIONS_INIT;
		symbi_tile_options to = SYMBI_TILE_OPTIONS_INIT;
		symbi_matches *whole = NULL, *tiled = NULL;
		CHECK_EQ_INT(symbi_match(&whole, am_ds, &o), 0);
		CHECK_EQ_INT(symbi_match_tiled(&tiled, am_ds, &o, &to), 0);
		CHECK_EQ_INT(symbi_matches_count(whole), 1);
		if (whole && tiled) {
			CHECK_EQ_INT(compare(whole, tiled, "antimeridian"), 0);
			if (symbi_matches_count(tiled) == 1)
				CHECK_NEAR(symbi_matches_get(tiled, 0)->distance_km, 2.12, 0.01);
		}
		symbi_matches_free(whole);
		symbi_matches_free(tiled);
		symbi_dataset_free(am_ds);
	}
	symbi_kb_free(kb);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return UNIT_DONE();
}
