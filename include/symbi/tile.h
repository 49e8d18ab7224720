/*
 * tile.h: matching a large dataset tile by tile. The sites are cut into a
 * grid of T x T geographic tiles holding about the same number of sites (T
 * bands of latitude, each cut into T cells of longitude, by count, not by
 * area: sites cluster round towns); each tile is matched on
 * its own firms (its core) plus every firm within the largest transport
 * radius of a supply in the core (its halo), and keeps the partnerships whose
 * SUPPLIER lies in the core. Every partnership has exactly one supplier, so
 * every partnership is found by exactly one tile, with the same figures; the
 * union of the tiles, sorted and cut to the best K per demand again, is the
 * result of symbi_match on the whole dataset, candidate for candidate.
 *
 * Tiles bound the memory of one run (a tile's firms, streams and
 * candidates), and each tile is an independent job: see the README section
 * "Tiling" for batch-scheduler arrays and MPI.
 */
#ifndef SYMBI_TILE_H
#define SYMBI_TILE_H

#include "common.h"
#include "match.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What one tile held and cost, for the caller's log or a benchmark. */
typedef struct symbi_tile_stat {
	unsigned index;          /* row * grid + col, 0-based */
	unsigned grid;           /* T */
	double lat_lo, lat_hi;   /* the core's sites: their bounding box */
	double lon_lo, lon_hi;
	double halo_km;          /* largest radius of a supply in the core; INFINITY: all */
	size_t core_firms;
	size_t halo_firms;       /* firms outside the core matched with it */
	size_t streams;          /* streams of core and halo */
	size_t candidates;       /* kept: supplier in the core (before the final top K) */
	double seconds;          /* wall time: building the tile and matching it */
} symbi_tile_stat;

typedef struct symbi_tile_options {
	int version;
	unsigned grid;           /* T: T x T tiles, 1..256 (1 is the whole dataset) */
	/* Called after each tile with its figures; may be NULL. */
	void (*on_tile)(void *ctx, const symbi_tile_stat *stat);
	void *ctx;
} symbi_tile_options;

#define SYMBI_TILE_OPTIONS_INIT {.version = 1, .grid = 2}

/* symbi_match on `ds` with `opt`, tile by tile (see above): the same
 * candidates, figures and order as symbi_match, and the same errors
 * (SYMBI_EQUERY, SYMBI_ELIMIT, SYMBI_EINTR on opt->cancel). opt->progress is
 * called with the stage "tile I/N". Tiles run one after the other, each with
 * opt->threads threads.
 *
 * The best K per demand (opt->top_k) is applied twice: inside each tile run
 * (exact: a candidate among the best K of all the dataset is among the best K
 * of any subset holding it) and again on the union, which gives the whole
 * run's best K. Sector-potential candidates are cut per supply, and a
 * supply's tile sees every firm within its radius, so they need no second
 * cut. --max-candidates holds for every tile and for the union.
 *
 * Time: the sum of the tiles' matches (each about the feasible pairs of its
 * core's supplies) plus O(F log F + T^2 F) to place and gather the firms and
 * O(C log C) for the union's sorts. Memory: the dataset, the largest tile,
 * and the candidates kept so far (cut to the best K per demand whenever they
 * double, which is exact). */
int symbi_match_tiled(symbi_matches **out, const symbi_dataset *ds,
                      const symbi_match_options *opt, const symbi_tile_options *topt);

/* One tile only, for a job of a batch array: the candidates whose supplier
 * lies in tile `index` (0 .. grid*grid-1) of the grid of `grid` x `grid`
 * tiles, sorted in ranking order, best K per demand within the tile run.
 * Concatenating every tile's output, sorting it by the ranking order of
 * match.h and keeping the best K per demand again gives symbi_match's
 * result. `stat` (may be NULL) receives the tile's figures. */
int symbi_match_tile(symbi_matches **out, const symbi_dataset *ds,
                     const symbi_match_options *opt, unsigned grid, unsigned index,
                     symbi_tile_stat *stat);

/* How much work each tile of the `grid` x `grid` grid holds, for spreading
 * the tiles over ranks or jobs (largest first): weights[t] (room for
 * grid*grid) receives the number of supplies with a known code whose firm
 * lies in the core of tile t. The grid is the one symbi_match_tile uses.
 * Returns 0, SYMBI_EQUERY for a bad grid size, SYMBI_ENOMEM. O(F log F). */
int symbi_tile_weights(const symbi_dataset *ds, unsigned grid, size_t *weights);

/* A sequence of candidates in the ranking order of match.h (as symbi_match,
 * symbi_match_tile and a part give them), read a batch at a time: `read`
 * puts up to `max` records into `buf`, sets *got to how many (0 at the end)
 * and returns 0, or an error code whose message it has set (symbi__error in
 * the engine; a caller outside it returns SYMBI_EIO and keeps its message). */
typedef struct symbi_candidate_source {
	int (*read)(void *ctx, symbi_candidate *buf, size_t max, size_t *got);
	void *ctx;
	const char *name; /* names the source in errors ("part-3.part"); may be NULL */
} symbi_candidate_source;

/* symbi_match_union for candidates that come sorted, in bounded memory: the
 * `n` sources (each in ranking order, together every tile of one grid once)
 * are merged on a binary heap of their heads, O(C log n), and cut to the
 * best K per demand as they pass (in ranking order a demand's candidates
 * come best first, so its first K are its best K). What is kept stays in
 * memory up to opt->memory_limit bytes (0: no limit); past it, it goes to
 * disk as sorted runs under opt->spill_dir and the result is read back from
 * there (symbi_matches_get then returns NULL; the match JSON writer reads
 * it), as symbi_match does. A record naming a firm or stream beyond the
 * dataset, or a source out of ranking order, gives SYMBI_EINPUT; the
 * sources' own errors pass through. Memory: a batch per source plus what is
 * kept, up to the limit. */
int symbi_match_union_sorted(symbi_matches **out, const symbi_dataset *ds,
                             const symbi_match_options *opt, const symbi_candidate_source *src,
                             size_t n);

/* The result of the whole run from the candidates of every tile of one grid
 * (symbi_match_tile's outputs for every index, concatenated in any order):
 * sorted in ranking order, cut to the best K per demand again, checked
 * against opt->max_candidates, with the same effective options and counts as
 * symbi_match(ds, opt). `c` (n records indexing `ds`; malloc'd) is taken
 * over: freed by the call on failure, owned by *out on success. A record
 * naming a firm or stream beyond the dataset gives SYMBI_EINPUT. The caller
 * vouches that the candidates were found on this dataset with these options
 * (symbi merge checks a fingerprint). O(C log C). */
int symbi_match_union(symbi_matches **out, const symbi_dataset *ds,
                      const symbi_match_options *opt, symbi_candidate *c, size_t n);

#ifdef __cplusplus
}
#endif
#endif
