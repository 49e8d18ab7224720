/*
 * tile.c: matching tile by tile (tile.h).
 *
 * Why it is exact. A candidate pairs a supply S of firm A with a demand (or,
 * for sector potential, a firm) of firm B at great-circle distance d <= r,
 * where r, the radius that applies, is at most R(S) = min(code radius of S,
 * S.max_km, --max-km). Each firm lies in exactly one tile core (the grid
 * below partitions the sites), so each candidate belongs to exactly one
 * tile: its supplier's. Tile
 * t is matched on its core plus every firm that can be within R_t =
 * max R(S) over the supplies of the core from some site of the core: so every
 * candidate of tile t has both ends in the tile's dataset (whose halo firms
 * bring their demands but not their supplies, which belong to other tiles),
 * and the figures of
 * a candidate depend only on its two streams, two firms and the knowledge
 * base (symbi__score is pure), so they are the same as in the whole run.
 * Sector potential asks whether B declared an interest in S: B comes with all
 * its streams, so the answer is the same too.
 *
 * The halo test is conservative and cheap: with the core's bounding box
 * [lat0, lat1] x [lon0, lon1] and phi_max the largest |latitude| of the box
 * widened by R/Re, a site B can only be within R of a site of the core when
 *   |lat_B - box| <= R/Re (distance >= Re * |dlat|), and
 *   the circular longitude gap from lon_B to [lon0, lon1] is at most
 *   2 asin(sin(R / 2Re) / cos phi_max),
 * from the haversine formula hav(d/Re) = hav(dlat) + cos(lat1) cos(lat2)
 * hav(dlon) >= cos^2(phi_max) hav(dlon). When the bound reaches a pole or
 * half the globe, every longitude qualifies. Both bounds are widened by a
 * relative 1e-9 against rounding, like the matcher's own bounding box. The
 * longitude gap is measured round the circle, so a tile at lon 179.9 has the
 * sites at lon -179.9 in its halo.
 *
 * The best K per demand: a candidate c among the best K of demand D over the
 * whole dataset has fewer than K candidates of D ranked above it; the tile
 * run holding c sees a subset of D's candidates (with the same figures), so
 * fewer than K above c there too, and c survives the tile's cut. The union
 * therefore holds the whole run's best K of every demand, and cutting it to K
 * again gives exactly those.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "query_firms.h"
#include "evidence.h"
#include "score.h"
#include "pair.h"
#include "spill.h"
#include "symbi/tile.h"

#define MAX_GRID 256u

/* ==== The grid ============================================================================
 * Tiles by size, not by area: sites cluster round towns, so equal areas would
 * give one tile most of the work. The sites are cut into T bands of latitude
 * holding equal numbers of sites (ties broken by longitude, then index), and
 * each band into T cells of longitude holding equal numbers of its sites:
 * T x T tiles of about F / T^2 sites each, every one a rectangle (a band's
 * cells may overlap a neighbouring band's at its edge, which the halo test
 * does not mind: it uses each core's own box). O(F log F). */

typedef struct grid {
	unsigned t;
	uint32_t *tile_of; /* per firm: band * t + cell */
} grid;

typedef struct site {
	double a, b; /* sort keys: (lat, lon) for bands, (lon, lat) for cells */
	uint32_t firm;
} site;

static int cmp_site(const void *x, const void *y)
{
	const site *p = x, *q = y;
	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	if (p->b != q->b)
		return p->b < q->b ? -1 : 1;
	return (p->firm > q->firm) - (p->firm < q->firm);
}

static int grid_make(grid *g, const symbi_dataset *ds, unsigned t)
{
	memset(g, 0, sizeof *g);
	g->t = t;
	size_t n = ds->nfirms;
	site *s = malloc((n ? n : 1) * sizeof *s);
	g->tile_of = malloc((n ? n : 1) * sizeof *g->tile_of);
	if (!s || !g->tile_of) {
		free(s);
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	}
	for (size_t f = 0; f < n; f++)
		s[f] = (site){ds->firms[f].lat, ds->firms[f].lon, (uint32_t)f};
	qsort(s, n, sizeof *s, cmp_site);
	for (unsigned band = 0; band < t; band++) {
		size_t lo = n * band / t, hi = n * (band + 1) / t;
		for (size_t i = lo; i < hi; i++) {
			const symbi_firm *F = &ds->firms[s[i].firm];
			s[i] = (site){F->lon, F->lat, s[i].firm};
		}
		qsort(s + lo, hi - lo, sizeof *s, cmp_site);
		for (size_t i = lo; i < hi; i++)
			g->tile_of[s[i].firm] = band * t + (unsigned)((i - lo) * t / (hi - lo));
	}
	free(s);
	return 0;
}

static void grid_free(grid *g)
{
	free(g->tile_of);
	memset(g, 0, sizeof *g);
}

/* ==== One tile ============================================================================= */

/* The halo of a core: its sites' box and the radius around it. */
typedef struct halo {
	double lat0, lat1, lon0, lon1;
	double r_km;     /* INFINITY: every firm */
	double dlat_deg; /* latitude reach */
	double dlon_deg; /* longitude reach, >= 180: every longitude */
} halo;

static void halo_reach(halo *h)
{
	const double deg = 180.0 / M_PI;
	if (!isfinite(h->r_km)) {
		h->dlat_deg = h->dlon_deg = INFINITY;
		return;
	}
	double dr = h->r_km / SYMBI__EARTH_KM;
	h->dlat_deg = dr * deg * (1 + 1e-9) + 1e-9;
	double phi = fmax(fabs(h->lat0 - h->dlat_deg), fabs(h->lat1 + h->dlat_deg));
	h->dlon_deg = INFINITY;
	if (dr < M_PI && phi < 90.0) {
		double s = sin(dr / 2) / cos(phi / deg);
		if (s < 1.0)
			h->dlon_deg = 2 * asin(s) * deg * (1 + 1e-9) + 1e-9;
	}
}

/* Longitude gap from `lon` to [lo, hi], round the circle, in degrees. */
static double lon_gap(double lon, double lo, double hi)
{
	if (lon >= lo && lon <= hi)
		return 0.0;
	double a = fmod(fabs(lon - lo), 360.0), b = fmod(fabs(lon - hi), 360.0);
	a = a > 180.0 ? 360.0 - a : a;
	b = b > 180.0 ? 360.0 - b : b;
	return a < b ? a : b;
}

static bool in_halo(const halo *h, const symbi_firm *F)
{
	if (!isfinite(h->dlat_deg))
		return true;
	if (F->lat < h->lat0 - h->dlat_deg || F->lat > h->lat1 + h->dlat_deg)
		return false;
	return h->dlon_deg >= 180.0 || lon_gap(F->lon, h->lon0, h->lon1) <= h->dlon_deg;
}

/* What a tile run hands back: candidates in the whole dataset's indexes. */
typedef struct cands {
	symbi_candidate *c;
	size_t n, cap;
} cands;

typedef struct progress_map {
	const symbi_match_options *opt;
	unsigned done, total;
} progress_map;

static void tile_progress(void *ctx, const char *stage, double fraction)
{
	(void)stage;
	const progress_map *p = ctx;
	double f = (p->done + (fraction < 1.0 ? fraction : 1.0)) / p->total;
	if (f < 1.0)
		p->opt->progress(p->opt->progress_ctx, "matching tiles", f);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Match tile `t` of `g` and append its candidates (supplier in the core) to
 * `out`, in the whole dataset's indexes, in ranking order. */
static int tile_run(const symbi_dataset *ds, const grid *g, unsigned t,
                    const symbi_match_options *opt, const symbi__scorer *sc, progress_map *pm,
                    cands *out, symbi_tile_stat *st)
{
	double t0 = now_s();
	memset(st, 0, sizeof *st);
	st->index = t;
	st->grid = g->t;
	symbi_dataset *sub = NULL;
	symbi_matches *m = NULL;
	uint32_t *to_sub = NULL, *to_orig = NULL, *stream_orig = NULL;
	int rc = 0;

	/* The core: its box and its largest supply radius. */
	halo h = {INFINITY, -INFINITY, INFINITY, -INFINITY, 0.0, 0.0, 0.0};
	bool supplies = false;
	for (size_t f = 0; f < ds->nfirms; f++) {
		if (g->tile_of[f] != t)
			continue;
		const symbi_firm *F = &ds->firms[f];
		st->core_firms++;
		h.lat0 = fmin(h.lat0, F->lat);
		h.lat1 = fmax(h.lat1, F->lat);
		h.lon0 = fmin(h.lon0, F->lon);
		h.lon1 = fmax(h.lon1, F->lon);
		for (uint32_t i = 0; i < F->n_streams; i++) {
			const symbi_stream *S = &ds->streams[ds->stream_index[F->first_stream + i]];
			if (S->direction != SYMBI_SUPPLY || S->code < 0)
				continue;
			/* The largest radius any pair of S can get (pair.h). */
			double code_r;
			double r = symbi__supply_radius(sc, S, opt->max_km, &code_r);
			/* No radius at all: the tile run reports it, as the whole
			 * run would; meanwhile the halo is everything. */
			h.r_km = isnan(r) ? INFINITY : fmax(h.r_km, r);
			supplies = true;
		}
	}
	st->lat_lo = h.lat0, st->lat_hi = h.lat1, st->lon_lo = h.lon0, st->lon_hi = h.lon1;
	/* Demand-side sector potential: any core firm may supply a demand
	 * within its code's radius r; the candidate's figure counts the firms
	 * within r of the demand's firm (its peers, match_sector.c), which lie
	 * within 2r of the core firm: the halo takes 2r. */
	if (opt->sector && opt->sector_demands) {
		for (size_t s = 0; s < ds->nstreams; s++) {
			const symbi_stream *D = &ds->streams[s];
			if (D->direction != SYMBI_DEMAND || D->code < 0)
				continue;
			double r = symbi__min_limit(symbi__code_radius(sc, D->code, NULL, NULL), opt->max_km);
			h.r_km = isnan(r) ? h.r_km : fmax(h.r_km, 2 * r);
			supplies = true;
		}
	}
	st->halo_km = h.r_km;
	if (!supplies)
		goto done; /* no supplier, no candidate */
	halo_reach(&h);

	/* The tile's dataset: core and halo firms in the dataset's order, then
	 * their streams in the dataset's order, so ids, lines and the order of
	 * everything are those of the whole dataset. */
	to_sub = malloc(ds->nfirms * sizeof *to_sub);
	to_orig = malloc(ds->nfirms * sizeof *to_orig);
	stream_orig = malloc((ds->nstreams ? ds->nstreams : 1) * sizeof *stream_orig);
	if (!to_sub || !to_orig || !stream_orig) {
		rc = symbi__error(SYMBI_ENOMEM, "out of memory");
		goto done;
	}
	if ((rc = symbi_dataset_new(&sub, ds->kb)) != 0)
		goto done;
	for (size_t f = 0; f < ds->nfirms; f++) {
		const symbi_firm *F = &ds->firms[f];
		to_sub[f] = UINT32_MAX;
		if (g->tile_of[f] != t && !in_halo(&h, F))
			continue;
		uint32_t k;
		rc = symbi_dataset_add_firm(sub, F, symbi_dataset_region(ds, F->region), &k);
		if (rc)
			goto done;
		to_sub[f] = k;
		to_orig[k] = (uint32_t)f;
	}
	st->halo_firms = sub->nfirms - st->core_firms;
	for (size_t s = 0; s < ds->nstreams; s++) {
		symbi_stream S = ds->streams[s];
		/* A halo firm's supplies would only find candidates of another
		 * tile: leave them out. Its demands stay (a core supply may
		 * serve them, and they say what it wants for sector potential). */
		if (to_sub[S.firm] == UINT32_MAX ||
		    (S.direction == SYMBI_SUPPLY && g->tile_of[S.firm] != t))
			continue;
		S.firm = to_sub[S.firm];
		uint32_t k;
		if ((rc = symbi_dataset_add_stream(sub, &S, &k)) != 0)
			goto done;
		stream_orig[k] = (uint32_t)s;
	}
	st->streams = sub->nstreams;
	if ((rc = symbi_dataset_finish(sub, NULL)) != 0)
		goto done;

	/* A firm, stream or region the query names that this tile lacks: none
	 * of the tile's candidates could pass the query. */
	if ((opt->firm && symbi_dataset_find_firm(sub, opt->firm) < 0) ||
	    (opt->stream && symbi_dataset_find_stream(sub, opt->stream) < 0) ||
	    (opt->region && symbi_dataset_find_region(sub, opt->region) < 0))
		goto done;

	symbi_match_options o = *opt;
	/* A demand's best K suppliers may lie in several tiles: cut in the union. */
	o.sector_demands_uncut = true;
	/* A tile's candidates are read from memory here: never spilled. */
	o.memory_limit = 0;
	if (opt->progress) {
		o.progress = tile_progress;
		o.progress_ctx = pm;
	}
	if ((rc = symbi_match(&m, sub, &o)) != 0)
		goto done;
	for (size_t i = 0; i < m->n; i++) {
		symbi_candidate c = m->cands[i];
		uint32_t supplier = to_orig[c.supplier];
		if (g->tile_of[supplier] != t)
			continue;
		c.supplier = supplier;
		c.receiver = to_orig[c.receiver];
		if (c.supply != SYMBI_NONE)
			c.supply = stream_orig[c.supply];
		if (c.demand != SYMBI_NONE)
			c.demand = stream_orig[c.demand];
		if (symbi__grow((void **)&out->c, &out->cap, out->n + 1, sizeof *out->c)) {
			rc = SYMBI_ENOMEM;
			goto done;
		}
		out->c[out->n++] = c;
		st->candidates++;
	}
done:
	symbi_matches_free(m);
	symbi_dataset_free(sub);
	free(to_sub);
	free(to_orig);
	free(stream_orig);
	st->seconds = now_s() - t0;
	return rc;
}

/* ==== The union ============================================================================= */

/* The ranking order of match.h with the ids themselves (the union has no
 * rank tables): score descending, supplier firm id, supply id, receiver firm
 * id, demand id, sector candidates (no demand) last. */
typedef struct sortkey {
	uint64_t group; /* demand when cutting to K per demand (demand-side sector
	                 * potential apart), else the rank tier */
	double score;
	const char *sf, *ss, *rf, *rd; /* rd NULL for sector */
	size_t idx;
} sortkey;

static int cmp_key(const void *a, const void *b)
{
	const sortkey *p = a, *q = b;
	int c;
	if (p->group != q->group)
		return p->group < q->group ? -1 : 1;
	if (p->score != q->score)
		return p->score > q->score ? -1 : 1;
	if ((c = strcmp(p->sf, q->sf)) != 0)
		return c;
	if (p->ss != q->ss) { /* NULL (demand-side sector potential) last */
		if (!p->ss || !q->ss)
			return p->ss ? -1 : 1;
		if ((c = strcmp(p->ss, q->ss)) != 0)
			return c;
	}
	if ((c = strcmp(p->rf, q->rf)) != 0)
		return c;
	if (p->rd != q->rd) {
		if (!p->rd || !q->rd)
			return p->rd ? -1 : 1;
		if ((c = strcmp(p->rd, q->rd)) != 0)
			return c;
	}
	return (p->idx > q->idx) - (p->idx < q->idx);
}

/* Sort in ranking order, keeping the best `topk` per demand when topk > 0
 * (sector candidates all kept: they were cut per supply in their tile).
 * Returns the new count; (size_t)-1 when out of memory. */
static size_t union_sort(const symbi_dataset *ds, symbi_candidate *c, size_t n, size_t topk,
                         symbi_rank rank)
{
	if (n < 2)
		return n;
	size_t bytes;
	sortkey *k = NULL;
	symbi_candidate *tmp = NULL;
	if (!symbi__mul(n, sizeof *k, &bytes) || !(k = malloc(bytes)))
		return (size_t)-1;
	for (size_t i = 0; i < n; i++) {
		k[i].group = !topk                        ? symbi__rank_tier(&c[i], rank)
		             : c[i].demand == SYMBI_NONE  ? UINT64_MAX
		             : c[i].basis == SYMBI_BASIS_SECTOR ? (1ull << 32) | c[i].demand
		                                               : c[i].demand;
		k[i].score = symbi__rank_score(&c[i], rank);
		k[i].sf = ds->firms[c[i].supplier].id;
		k[i].ss = c[i].supply == SYMBI_NONE ? NULL : ds->streams[c[i].supply].id;
		k[i].rf = ds->firms[c[i].receiver].id;
		k[i].rd = c[i].demand == SYMBI_NONE ? NULL : ds->streams[c[i].demand].id;
		k[i].idx = i;
	}
	size_t m = n;
	if (topk) {
		qsort(k, n, sizeof *k, cmp_key);
		m = 0;
		size_t run = 0;
		uint64_t prev = 0;
		for (size_t i = 0; i < n; i++) {
			/* Compare with the previous group as read, not k[i - 1]:
			 * the compaction below may have overwritten it. */
			uint64_t group = k[i].group;
			run = i > 0 && group == prev ? run + 1 : 0;
			prev = group;
			if (group == UINT64_MAX || run < topk) {
				k[m] = k[i];
				k[m].group = symbi__rank_tier(&c[k[i].idx], rank);
				m++;
			}
		}
	}
	qsort(k, m, sizeof *k, cmp_key);
	if (!symbi__mul(m ? m : 1, sizeof *tmp, &bytes) || !(tmp = malloc(bytes))) {
		free(k);
		return (size_t)-1;
	}
	for (size_t i = 0; i < m; i++)
		tmp[i] = c[k[i].idx];
	memcpy(c, tmp, m * sizeof *c);
	free(tmp);
	free(k);
	return m;
}

/* Sort the gathered candidates, cut them to K per demand and hold them to
 * --max-candidates: the last step of every union (tiles in one process and parts). */
static int cut_union(const symbi_dataset *ds, const symbi_match_options *opt, cands *all)
{
	size_t kept = union_sort(ds, all->c, all->n, opt->top_k, opt->rank);
	if (kept == (size_t)-1)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	all->n = kept;
	if (opt->max_candidates && all->n > opt->max_candidates)
		return symbi__error(SYMBI_ELIMIT,
		                    "%zu candidate partnerships, more than the limit of %zu: narrow the "
		                    "query with --top K, --max-km KM, --min-score or --resource, or raise "
		                    "--max-candidates",
		                    all->n, opt->max_candidates);
	return 0;
}

/* ==== Checks and the result ================================================================= */

/* True when symbi_match would refuse the query itself; the caller then asks
 * it, so that the error and its message are exactly the whole run's. */
static bool query_refused(const symbi_dataset *ds, const symbi_match_options *opt)
{
	char norm[128];
	return !ds->finished || !ds->kb || !ds->kb->finished ||
	       (opt->firm && symbi_dataset_find_firm(ds, opt->firm) < 0) ||
	       (opt->municipality && symbi_kb_find_municipalities(ds->kb, opt->municipality, NULL, 0) != 1) ||
	       (opt->stream && symbi_dataset_find_stream(ds, opt->stream) < 0) ||
	       (opt->resource && (symbi_code_normalise(opt->resource, norm, sizeof norm) ||
	                          symbi_kb_find(ds->kb, norm) < 0)) ||
	       (opt->region && symbi_dataset_find_region(ds, opt->region) < 0) ||
	       (!isnan(opt->max_km) && !(opt->max_km >= 0.0)) || isnan(opt->min_score) ||
	       (opt->objective != SYMBI_OBJECTIVE_VALUE && opt->objective != SYMBI_OBJECTIVE_CO2);
}

/* A symbi_matches over the whole dataset holding `c` (taken over), with the
 * effective options and the counts symbi_match reports. */
static int make_matches(symbi_matches **out, const symbi_dataset *ds,
                        const symbi_match_options *opt, cands *c)
{
	symbi_matches *m = calloc(1, sizeof *m);
	if (!m)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	m->ds = ds;
	m->opt = *opt;
	m->opt.cancel = NULL;
	m->opt.progress = NULL;
	m->opt.progress_ctx = NULL;
	m->cands = c->c;
	m->n = c->n;
	m->cap = c->cap;
	c->c = NULL;
	c->n = c->cap = 0;
	m->resource = m->region = -1;
	const char **s[] = {&m->opt.firm, &m->opt.stream, &m->opt.resource, &m->opt.region};
	for (size_t i = 0; i < sizeof s / sizeof *s; i++)
		if (*s[i] && !(*s[i] = symbi__arena_strdup(&m->arena, *s[i]))) {
			symbi_matches_free(m);
			return symbi__error(SYMBI_ENOMEM, "out of memory");
		}
	if (symbi__query_firms_copy(&m->arena, &m->opt)) {
		symbi_matches_free(m);
		return SYMBI_ENOMEM;
	}
	char norm[128];
	if (opt->resource && symbi_code_normalise(opt->resource, norm, sizeof norm) == 0 &&
	    (m->resource = symbi_kb_find(ds->kb, norm)) >= 0)
		m->opt.resource = ds->kb->codes[m->resource].code;
	if (opt->region)
		m->region = symbi_dataset_find_region(ds, opt->region);
	/* Streams searched, as symbi_match counts them. */
	for (size_t i = 0; i < ds->nstreams; i++) {
		const symbi_stream *S = &ds->streams[i];
		if (S->code < 0)
			continue;
		if (m->region >= 0 && !opt->cross_region && ds->firms[S->firm].region != m->region)
			continue;
		if (S->direction == SYMBI_SUPPLY)
			m->supplies++;
		else
			m->demands++;
	}
	*out = m;
	return 0;
}

static void notify(const symbi_tile_options *topt, const symbi_tile_stat *st)
{
	if (topt && topt->on_tile)
		topt->on_tile(topt->ctx, st);
}

int symbi_match_tiled(symbi_matches **out, const symbi_dataset *ds,
                      const symbi_match_options *opt, const symbi_tile_options *topt)
{
	*out = NULL;
	symbi_match_options defaults = SYMBI_MATCH_OPTIONS_INIT;
	symbi_tile_options tdefaults = SYMBI_TILE_OPTIONS_INIT;
	if (!opt)
		opt = &defaults;
	if (!topt)
		topt = &tdefaults;
	if (topt->grid < 1 || topt->grid > MAX_GRID)
		return symbi__error(SYMBI_EQUERY, "--tile must be a grid size from 1 to %u, not %u",
		                    MAX_GRID, topt->grid);
	if (query_refused(ds, opt) || ds->nfirms == 0)
		return symbi_match(out, ds, opt);

	grid g;
	cands all = {NULL, 0, 0};
	symbi__scorer sc;
	int rc = grid_make(&g, ds, topt->grid);
	if (rc)
		return rc;
	symbi__scorer_init(&sc, ds->kb);
	symbi__scorer_set_radius(&sc, opt->radius_km);
	unsigned ntiles = topt->grid * topt->grid;
	progress_map pm = {opt, 0, ntiles};
	size_t pruned_at = 0;
	for (unsigned t = 0; t < ntiles; t++) {
		if (opt->cancel && *opt->cancel) {
			rc = symbi__error(SYMBI_EINTR, "interrupted");
			goto done;
		}
		pm.done = t;
		symbi_tile_stat st;
		if ((rc = tile_run(ds, &g, t, opt, &sc, &pm, &all, &st)) != 0)
			goto done;
		notify(topt, &st);
		/* Bound the union's memory: cutting what is kept so far to the
		 * best K per demand is exact for the same reason as the cut
		 * inside a tile (a subset holding a final candidate ranks fewer
		 * than K above it). Done when the union has doubled. */
		if (opt->top_k && all.n > 2 * pruned_at) {
			size_t m = union_sort(ds, all.c, all.n, opt->top_k, opt->rank);
			if (m == (size_t)-1) {
				rc = symbi__error(SYMBI_ENOMEM, "out of memory");
				goto done;
			}
			all.n = pruned_at = m;
		}
	}
	rc = cut_union(ds, opt, &all);
	if (rc)
		goto done;
	if (opt->progress)
		opt->progress(opt->progress_ctx, "matching tiles", 1.0);
	rc = make_matches(out, ds, opt, &all);
done:
	free(all.c);
	grid_free(&g);
	return rc;
}

int symbi_match_tile(symbi_matches **out, const symbi_dataset *ds,
                     const symbi_match_options *opt, unsigned grid_size, unsigned index,
                     symbi_tile_stat *stat)
{
	*out = NULL;
	symbi_match_options defaults = SYMBI_MATCH_OPTIONS_INIT;
	if (!opt)
		opt = &defaults;
	if (grid_size < 1 || grid_size > MAX_GRID)
		return symbi__error(SYMBI_EQUERY, "--tile must be a grid size from 1 to %u, not %u",
		                    MAX_GRID, grid_size);
	if (index >= grid_size * grid_size)
		return symbi__error(SYMBI_EQUERY, "tile %u does not exist: a %u x %u grid has tiles 0 to %u",
		                    index, grid_size, grid_size, grid_size * grid_size - 1);
	if (query_refused(ds, opt) || ds->nfirms == 0)
		return symbi_match(out, ds, opt);
	grid g;
	cands c = {NULL, 0, 0};
	symbi__scorer sc;
	symbi_tile_stat st;
	int rc = grid_make(&g, ds, grid_size);
	if (rc)
		return rc;
	symbi__scorer_init(&sc, ds->kb);
	symbi__scorer_set_radius(&sc, opt->radius_km);
	progress_map pm = {opt, 0, 1};
	rc = tile_run(ds, &g, index, opt, &sc, &pm, &c, &st);
	if (!rc && opt->max_candidates && c.n > opt->max_candidates)
		rc = symbi__error(SYMBI_ELIMIT,
		                  "%zu candidate partnerships, more than the limit of %zu: narrow the "
		                  "query with --top K, --max-km KM, --min-score or --resource, or raise "
		                  "--max-candidates",
		                  c.n, opt->max_candidates);
	if (!rc)
		rc = make_matches(out, ds, opt, &c);
	if (stat)
		*stat = st;
	free(c.c);
	grid_free(&g);
	return rc;
}

/* ==== Tiles run elsewhere ==================================================================== */

int symbi_tile_weights(const symbi_dataset *ds, unsigned grid_size, size_t *weights)
{
	if (grid_size < 1 || grid_size > MAX_GRID)
		return symbi__error(SYMBI_EQUERY, "--tile must be a grid size from 1 to %u, not %u",
		                    MAX_GRID, grid_size);
	memset(weights, 0, (size_t)grid_size * grid_size * sizeof *weights);
	if (!ds->finished || ds->nfirms == 0)
		return 0;
	grid g;
	int rc = grid_make(&g, ds, grid_size);
	if (rc)
		return rc;
	for (size_t s = 0; s < ds->nstreams; s++)
		if (ds->streams[s].direction == SYMBI_SUPPLY && ds->streams[s].code >= 0)
			weights[g.tile_of[ds->streams[s].firm]]++;
	grid_free(&g);
	return 0;
}

int symbi_match_union(symbi_matches **out, const symbi_dataset *ds,
                      const symbi_match_options *opt, symbi_candidate *c, size_t n)
{
	*out = NULL;
	symbi_match_options defaults = SYMBI_MATCH_OPTIONS_INIT;
	if (!opt)
		opt = &defaults;
	cands all = {c, n, n};
	int rc = 0;
	if (query_refused(ds, opt) || ds->nfirms == 0) {
		/* Every tile ran the whole query (tile.h): its answer stands. */
		free(c);
		return symbi_match(out, ds, opt);
	}
	for (size_t i = 0; i < n; i++)
		if ((c[i].supply >= ds->nstreams &&
		     !(c[i].supply == SYMBI_NONE && c[i].demand != SYMBI_NONE)) ||
		    c[i].supplier >= ds->nfirms ||
		    c[i].receiver >= ds->nfirms ||
		    (c[i].demand != SYMBI_NONE && c[i].demand >= ds->nstreams)) {
			rc = symbi__error(SYMBI_EINPUT,
			                  "candidate %zu names a firm or stream the dataset does not have",
			                  i);
			goto done;
		}
	rc = cut_union(ds, opt, &all);
	if (rc)
		goto done;
	rc = make_matches(out, ds, opt, &all);
done:
	free(all.c);
	return rc;
}

/* The union of sorted sources in bounded memory (tile.h). In ranking order
 * a demand's candidates come best first, so keeping the first K of each
 * demand as they pass is union_sort's cut: the groups are the same (a
 * demand's declared candidates; its demand-side sector candidates; sector
 * candidates without a demand, all kept) and within a group the ranking
 * order is the group's order, since a group has one rank tier. */
int symbi_match_union_sorted(symbi_matches **out, const symbi_dataset *ds,
                             const symbi_match_options *opt, const symbi_candidate_source *src,
                             size_t n)
{
	*out = NULL;
	symbi_match_options defaults = SYMBI_MATCH_OPTIONS_INIT;
	if (!opt)
		opt = &defaults;
	if (query_refused(ds, opt) || ds->nfirms == 0)
		return symbi_match(out, ds, opt); /* every tile ran the whole query */
	symbi__merge *mg = NULL;
	symbi__spill *sp = NULL;
	uint32_t *count = NULL; /* per demand: declared kept, then demand-side sector kept */
	cands keep = {NULL, 0, 0};
	size_t total = 0, hold = SIZE_MAX, ns = ds->nstreams;
	int rc = 0;
	if (opt->top_k && !(count = calloc(2 * ns + 1, sizeof *count))) {
		rc = symbi__error(SYMBI_ENOMEM, "out of memory");
		goto done;
	}
	if (opt->memory_limit) {
		if ((rc = symbi__spill_new(&sp, opt->spill_dir, opt->cancel)) != 0)
			goto done;
		hold = opt->memory_limit / sizeof(symbi_candidate);
		if (hold < 1024)
			hold = 1024;
	}
	if ((rc = symbi__merge_new(&mg, ds, opt->rank, src, n, opt->cancel)) != 0)
		goto done;
	for (;;) {
		const symbi_candidate *b;
		size_t nb = symbi__merge_batch(mg, &b, SIZE_MAX, &rc);
		if (rc)
			goto done;
		if (!nb)
			break;
		for (size_t i = 0; i < nb; i++) {
			const symbi_candidate *c = &b[i];
			if (opt->top_k && c->demand != SYMBI_NONE) {
				uint32_t *k = &count[(c->basis == SYMBI_BASIS_SECTOR ? ns : 0) + c->demand];
				if (*k >= opt->top_k)
					continue;
				(*k)++;
			}
			/* Past --max-candidates only the count goes on, for the
			 * message (the whole run's). */
			if (opt->max_candidates && total++ >= opt->max_candidates)
				continue;
			if (!opt->max_candidates)
				total++;
			if (symbi__grow((void **)&keep.c, &keep.cap, keep.n + 1, sizeof *keep.c)) {
				rc = SYMBI_ENOMEM;
				goto done;
			}
			keep.c[keep.n++] = *c;
			if (keep.n >= hold) {
				if ((rc = symbi__spill_run(sp, keep.c, keep.n)) != 0)
					goto done;
				keep.n = 0;
			}
		}
	}
	if (opt->max_candidates && total > opt->max_candidates) {
		rc = symbi__error(SYMBI_ELIMIT,
		                  "%zu candidate partnerships, more than the limit of %zu: narrow the "
		                  "query with --top K, --max-km KM, --min-score or --resource, or raise "
		                  "--max-candidates",
		                  total, opt->max_candidates);
		goto done;
	}
	if (symbi__spill_runs(sp)) {
		/* Spilled: the runs follow one another in ranking order, and
		 * the result is read back from them (spill.h). */
		if (keep.n && (rc = symbi__spill_run(sp, keep.c, keep.n)) != 0)
			goto done;
		free(keep.c);
		keep.c = NULL;
		keep.n = keep.cap = 0;
		if ((rc = make_matches(out, ds, opt, &keep)) != 0)
			goto done;
		(*out)->n = total;
		(*out)->spill = sp;
		sp = NULL;
	} else {
		rc = make_matches(out, ds, opt, &keep);
	}
done:
	symbi__merge_free(mg);
	symbi__spill_free(sp);
	free(count);
	free(keep.c);
	return rc;
}
