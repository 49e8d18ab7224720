/*
 * tile_bench.c: `symbi-tile-bench`, the cost of matching tile by tile.
 *
 *   symbi-tile-bench DATASET [GRID...] [--top K] [--threads N] [--datadir DIR]
 *
 * Loads DATASET (a folder with firms.csv and streams.csv) with the shipped
 * knowledge base, matches it whole (symbi_match), then tile by tile for each
 * GRID (default 2 4 8), and prints, as Markdown, each tile's core and halo
 * firms, halo radius, candidates kept and seconds, and per grid the total
 * time, the largest tile, and whether the result equals the whole run
 * (same count, same candidates in the same order, figures bit for bit).
 * Not installed: a tool for bench/RESULTS.md.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine/internal.h"
#include "symbi_config.h"

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

typedef struct agg {
	double max_s, sum_s;
	size_t max_firms, tiles, busy;
	bool verbose;
} agg;

static void on_tile(void *ctx, const symbi_tile_stat *st)
{
	agg *a = ctx;
	size_t firms = st->core_firms + st->halo_firms;
	a->tiles++;
	a->sum_s += st->seconds;
	if (st->seconds > a->max_s)
		a->max_s = st->seconds;
	if (firms > a->max_firms)
		a->max_firms = firms;
	if (st->core_firms)
		a->busy++;
	if (a->verbose && st->core_firms)
		printf("| %u/%u | %zu | %zu | %.0f | %zu | %zu | %.3f |\n", st->index, st->grid * st->grid,
		       st->core_firms, st->halo_firms, st->halo_km, st->streams, st->candidates,
		       st->seconds);
}

static bool same(const symbi_matches *a, const symbi_matches *b)
{
	if (symbi_matches_count(a) != symbi_matches_count(b))
		return false;
	for (size_t i = 0; i < symbi_matches_count(a); i++) {
		const symbi_candidate *x = symbi_matches_get(a, i), *y = symbi_matches_get(b, i);
		if (x->supply != y->supply || x->demand != y->demand || x->receiver != y->receiver ||
		    memcmp(&x->score, &y->score, sizeof x->score) != 0 ||
		    memcmp(&x->quantity, &y->quantity, sizeof x->quantity) != 0 ||
		    memcmp(&x->value_nok, &y->value_nok, sizeof x->value_nok) != 0 ||
		    memcmp(&x->co2e_t, &y->co2e_t, sizeof x->co2e_t) != 0)
			return false;
	}
	return true;
}

int main(int argc, char **argv)
{
	const char *dir = NULL, *datadir = SYMBI_SOURCE_DATADIR;
	unsigned grids[16], ngrids = 0;
	symbi_match_options opt = SYMBI_MATCH_OPTIONS_INIT;
	opt.top_k = 10;
	opt.threads = 1;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--top") == 0 && i + 1 < argc)
			opt.top_k = (size_t)strtoul(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc)
			opt.threads = atoi(argv[++i]);
		else if (strcmp(argv[i], "--datadir") == 0 && i + 1 < argc)
			datadir = argv[++i];
		else if (!dir)
			dir = argv[i];
		else if (ngrids < 16 && atoi(argv[i]) > 0)
			grids[ngrids++] = (unsigned)atoi(argv[i]);
		else {
			fprintf(stderr, "symbi-tile-bench: unexpected argument '%s'\n", argv[i]);
			return 2;
		}
	}
	if (!dir) {
		fprintf(stderr, "usage: symbi-tile-bench DATASET [GRID...] [--top K] [--threads N]\n");
		return 2;
	}
	if (!ngrids) {
		grids[0] = 2, grids[1] = 4, grids[2] = 8;
		ngrids = 3;
	}
	char fp[4096], sp[4096];
	snprintf(fp, sizeof fp, "%s/firms.csv", dir);
	snprintf(sp, sizeof sp, "%s/streams.csv", dir);
	symbi_kb *kb = NULL;
	symbi_dataset *ds = NULL;
	symbi_diags *d = NULL;
	double t0 = now_s();
	if (symbi_diags_new(&d, 5) || symbi_kb_new(&kb) || symbi_kb_load_dir(kb, datadir, d) ||
	    symbi_kb_finish(kb, d) || symbi_dataset_new(&ds, kb) ||
	    symbi_dataset_load(ds, fp, sp, d)) {
		fprintf(stderr, "symbi-tile-bench: cannot load '%s': %s\n", dir, symbi_last_error());
		return 1;
	}
	double t1 = now_s();
	symbi_matches *whole = NULL;
	int rc = symbi_match(&whole, ds, &opt);
	double t2 = now_s();
	if (rc) {
		fprintf(stderr, "symbi-tile-bench: match: %s\n", symbi_last_error());
		return 1;
	}
	printf("dataset %s: %zu firms, %zu streams; load %.2f s; whole match (top %zu, %d thread%s) "
	       "%.2f s, %zu candidates\n\n",
	       dir, symbi_dataset_firm_count(ds), symbi_dataset_stream_count(ds), t1 - t0, opt.top_k,
	       opt.threads, opt.threads == 1 ? "" : "s", t2 - t1, symbi_matches_count(whole));
	int status = 0;
	for (unsigned g = 0; g < ngrids; g++) {
		agg a = {0, 0, 0, 0, 0, true};
		symbi_tile_options to = SYMBI_TILE_OPTIONS_INIT;
		to.grid = grids[g];
		to.on_tile = on_tile;
		to.ctx = &a;
		printf("grid %u x %u, tiles with sites:\n\n", grids[g], grids[g]);
		printf("| tile | core firms | halo firms | halo km | streams | candidates kept | s |\n");
		printf("|---|---:|---:|---:|---:|---:|---:|\n");
		symbi_matches *tiled = NULL;
		double s0 = now_s();
		rc = symbi_match_tiled(&tiled, ds, &opt, &to);
		double s1 = now_s();
		if (rc) {
			fprintf(stderr, "symbi-tile-bench: tiled: %s\n", symbi_last_error());
			return 1;
		}
		bool eq = same(whole, tiled);
		printf("\ngrid %u: %zu tiles with sites of %zu; total %.2f s (tiles %.2f s, union %.2f s); "
		       "slowest tile %.2f s; largest tile %zu firms (%.0f%% of all); equal to the whole "
		       "run: %s\n\n",
		       grids[g], a.busy, a.tiles, s1 - s0, a.sum_s, (s1 - s0) - a.sum_s, a.max_s,
		       a.max_firms, 100.0 * a.max_firms / symbi_dataset_firm_count(ds),
		       eq ? "yes" : "NO");
		if (!eq)
			status = 1;
		symbi_matches_free(tiled);
	}
	symbi_matches_free(whole);
	symbi_dataset_free(ds);
	symbi_kb_free(kb);
	symbi_diags_free(d);
	return status;
}
