/*
 * match.c: candidate generation — which supply of one firm can feed which
 * demand of another (SPEC section 4), and, with --sector, which firms of a
 * receiving sector could take a supply although they declared no demand.
 *
 * Compatibility of a supply S (firm A) and a demand D (firm B), A != B:
 *
 *   codes   D's code is S's code or one of its ancestors (a demand for ewc:03
 *           accepts ewc:030105, one for mat:biofuel accepts mat:biofuel.pellets),
 *           or a substitution rule applies: its `from` is S's code or an
 *           ancestor of it, and its `to` is D's code or a DESCENDANT of it —
 *           the demand names what it accepts, so a demand for mat:biofuel
 *           accepts what a rule turns into mat:biofuel.pellets, while a demand
 *           for pellets does not accept a rule's generic mat:biofuel;
 *   units   without a rule, or with a rule that does not convert, S and D are
 *           measured in the same dimension (mass, volume, energy); a rule with
 *           from_unit/to_unit needs S in from_unit's and D in to_unit's;
 *   radius  the great-circle distance between the sites is at most the
 *           radius: the smaller of the two streams' limits and --max-km, where
 *           a stream's limit is its max_km when given (it overrides the
 *           default, SPEC section 1) and else the default radius of S's code
 *           (its own or inherited figure, else class.<class>.radius_km): the
 *           resource that travels is S's. Exactly at the radius is in. The
 *           detour factor prices the route but does not enter this test, so
 *           the test can be checked by hand on a map;
 *   heat    for a demand under energy:heat or energy:steam, S.temp_c >=
 *           D.temp_c when both are given; under energy:cold, S.temp_c <=
 *           D.temp_c (cooling colder than needed is fine);
 *   months  the availability masks share at least one month.
 *
 * When several ways connect the same S and D, the direct/hierarchical match
 * wins, then the rule with the most specific `from`, then the higher yield,
 * then the rule loaded first: one candidate per pair.
 *
 * A sector-potential candidate pairs S with a firm B != A that lies within
 * the radius (B's end, declaring no stream, has the default), whose NACE code is under
 * the `nace` prefix of a sector rule whose `from` is S's code or an ancestor,
 * and which declared no demand whose code is compatible with S (by the code
 * test above): a declared demand, even an unfeasible one, says what B wants.
 *
 * Work. Demands are indexed by code and, within a code, by position: sorted
 * by latitude strip (0.1 degree) and longitude. For each supply the search
 * walks the ancestors of its code and the rules from them to the codes that
 * accept the rule's target, and asks each code's bucket for the points inside
 * the bounding box of the radius (Matuschek's bounding coordinates): one binary
 * search per strip plus the points in the box, about 4/pi times the points in
 * the circle. So the work grows with the feasible pairs (plus a log factor),
 * not with supplies x demands. With --top K, the ranked search (below) turns
 * this round and looks for each demand's best K without scoring every pair
 * in reach. Supplies (or demands) are shared out among threads in
 * chunks; each thread keeps its own candidates, merged and sorted at the end
 * by a total order, so the result does not depend on the thread count.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define EARTH_KM 6371.0088 /* as symbi_distance_km */

#define STRIP_DEG 0.1
#define CHUNK 32

/* ==== Spatial buckets ==================================================================
 * Points (demand streams or firms) grouped in buckets (a code, a NACE group),
 * each bucket sorted by (strip, lon, id). */

typedef struct point {
	double lat, lon;
	int32_t strip;
	uint32_t id;   /* stream or firm index */
	uint32_t firm; /* the firm at the point */
	uint32_t bucket;
} point;

typedef struct pindex {
	point *pt;
	uint32_t *off; /* bucket b holds pt[off[b] .. off[b+1]) */
	size_t nbuckets;
} pindex;

static int32_t strip_of(double lat)
{
	double s = floor((lat + 90.0) / STRIP_DEG);
	return s < 0 ? 0 : (int32_t)s;
}

static int cmp_point(const void *a, const void *b)
{
	const point *p = a, *q = b;
	if (p->bucket != q->bucket)
		return p->bucket < q->bucket ? -1 : 1;
	if (p->strip != q->strip)
		return p->strip < q->strip ? -1 : 1;
	if (p->lon != q->lon)
		return p->lon < q->lon ? -1 : 1;
	return (p->id > q->id) - (p->id < q->id);
}

/* Takes ownership of `pt` (n points with bucket set). O(n log n). */
static int pindex_build(pindex *ix, point *pt, size_t n, size_t nbuckets)
{
	ix->pt = pt;
	ix->nbuckets = nbuckets;
	ix->off = calloc(nbuckets + 1, sizeof *ix->off);
	if (!ix->off)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	if (n)
		qsort(pt, n, sizeof *pt, cmp_point);
	for (size_t i = 0; i < n; i++)
		ix->off[pt[i].bucket + 1]++;
	for (size_t b = 0; b < nbuckets; b++)
		ix->off[b + 1] += ix->off[b];
	return 0;
}

static void pindex_free(pindex *ix)
{
	free(ix->pt);
	free(ix->off);
	memset(ix, 0, sizeof *ix);
}

/* First position in [lo, hi) whose (strip, lon) is not below (s, lon). */
static size_t lower(const point *pt, size_t lo, size_t hi, int32_t s, double lon)
{
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (pt[mid].strip < s || (pt[mid].strip == s && pt[mid].lon < lon))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

typedef void (*visit_fn)(void *ctx, const point *p);

/* Visit every point of `bucket` inside the bounding box of the circle of
 * `r_km` around (lat, lon), and some outside it: the caller tests the exact
 * distance. The box follows Matuschek, "Finding Points Within a Distance of a
 * Latitude/Longitude Using Bounding Coordinates" (2011): latitude +- r/R,
 * longitude +- asin(sin(r/R) / cos(lat)), the whole circle of longitudes when
 * the box reaches a pole; widened by a relative 1e-9 against rounding.
 * O(strips x log n + points in the box). */
static void pindex_query(const pindex *ix, uint32_t bucket, double lat, double lon, double r_km,
                         visit_fn visit, void *ctx)
{
	if (bucket >= ix->nbuckets)
		return;
	size_t a = ix->off[bucket], b = ix->off[bucket + 1];
	if (a == b)
		return;
	const double deg = 180.0 / M_PI;
	double dr = r_km / EARTH_KM;
	double dlat = dr * deg * (1 + 1e-9) + 1e-9;
	double lat_lo = lat - dlat, lat_hi = lat + dlat;
	bool full = !(dr < M_PI / 2) || lat_lo <= -90.0 || lat_hi >= 90.0;
	double dlon = 360.0;
	if (!full) {
		double s = sin(dr) / cos(lat / deg);
		if (s >= 1.0)
			full = true;
		else
			dlon = asin(s) * deg * (1 + 1e-9) + 1e-9;
	}
	double lo[2], hi[2];
	int nint = 1;
	lo[0] = -INFINITY;
	hi[0] = INFINITY;
	if (!full && dlon < 180.0) {
		double l = lon - dlon, h = lon + dlon;
		if (l < -180.0) {
			lo[0] = l + 360.0, hi[0] = INFINITY;
			lo[1] = -INFINITY, hi[1] = h;
			nint = 2;
		} else if (h > 180.0) {
			lo[0] = l, hi[0] = INFINITY;
			lo[1] = -INFINITY, hi[1] = h - 360.0;
			nint = 2;
		} else {
			lo[0] = l, hi[0] = h;
		}
	}
	int32_t s0 = strip_of(lat_lo < -90.0 ? -90.0 : lat_lo);
	int32_t s1 = strip_of(lat_hi > 90.0 ? 90.0 : lat_hi);
	if (s0 < ix->pt[a].strip)
		s0 = ix->pt[a].strip;
	if (s1 > ix->pt[b - 1].strip)
		s1 = ix->pt[b - 1].strip;
	for (int32_t s = s0; s <= s1; s++)
		for (int k = 0; k < nint; k++)
			for (size_t i = lower(ix->pt, a, b, s, lo[k]);
			     i < b && ix->pt[i].strip == s && ix->pt[i].lon <= hi[k]; i++)
				visit(ctx, &ix->pt[i]);
}

/* ==== Context ========================================================================== */

/* The query filters that one end of a pair can satisfy. */
enum { F_FIRM = 1, F_STREAM = 2, F_RESOURCE = 4, F_REGION = 8 };

typedef struct match_ctx {
	const symbi_dataset *ds;
	const symbi_kb *kb;
	const symbi_match_options *opt;
	symbi__scorer sc;
	int32_t firm, stream, resource, region;
	unsigned or_filters; /* filters either end may satisfy */
	pindex full;         /* demands by code */
	pindex restricted;   /* demands satisfying every OR filter */
	pindex sector;       /* firms by NACE group */
	int32_t *rule_group; /* sector rule -> NACE group, -1 otherwise */
	uint32_t *rule_rank; /* rule -> place in the order of preference */
	uint32_t *supplies;
	size_t nsupplies;
	uint32_t *firm_rank, *stream_rank;
	atomic_size_t next, done, total;
	atomic_int stop;
	const struct sindex *ranked; /* the ranked search's supplies, or NULL */
	bool skip_declared;          /* supplies search sector potential only */
	double progress_base, progress_scale;
} match_ctx;

/* A way to connect the current supply with a demand (or a firm). */
typedef struct hit {
	uint32_t target; /* demand stream, or receiver firm for sector */
	int32_t rule;
	uint32_t pref; /* rank of the rule in the order of preference, 0 direct */
	double distance, radius;
} hit;

/* A code bucket to search for the current supply, and the rule that leads
 * there (-1: the supply's own code or an ancestor). */
typedef struct route {
	uint32_t bucket;
	uint32_t pref;
	int32_t rule;
} route;

typedef struct worker {
	match_ctx *ctx;
	symbi_candidate *buf;
	size_t n, cap, prune_at;
	/* With --top K: per demand stream, the K-th best score among this
	 * thread's candidates at the last cut (-inf until K are known); a new
	 * candidate scoring below can never make the final top K. */
	double *kth;
	uint32_t *count;
	/* Per target (stream or firm): the pass that last reached it and where
	 * its hit is (see push_hit). */
	uint32_t *stamp, *slot, pass;
	size_t nstamp;
	hit *hits;
	size_t nhits, caphits;
	route *routes;
	size_t nroutes, caproutes, route_begin, route_end; /* [begin, end): being searched */
	uint32_t *subst; /* substitution rules reachable from the current supply */
	size_t nsubst, capsubst;
	symbi_candidate *local; /* sector candidates of the current supply, or the
	                         * best K of the current demand (ranked search) */
	size_t nlocal, caplocal;
	struct rroute *rroutes; /* ranked search: the current demand's ways in */
	size_t nrroutes, caprroutes;
	struct rentry *rheap; /* ranked search: nodes to visit, best bound on top */
	size_t nrheap, caprheap;
	bool dhot, dcold; /* the current demand's temperature rule */
	int dmonths;      /* and its number of months */
	bool dedup;       /* a supply may be reached by two of its ways in */
	double dcoslat;   /* cos(lat) of its site, as node_dmin takes it */
	/* The supply being searched. */
	uint32_t s;
	const symbi_stream *S;
	const symbi_firm *A;
	unsigned sflags;
	double radius;      /* the largest radius of any pair of this supply */
	double code_radius; /* the default radius of its code, NAN if none */
	int32_t rule;       /* sector rule being followed */
	bool main;          /* the calling thread: reports progress */
	int rc;
	char msg[512];
} worker;

static bool under(const symbi_kb *kb, int32_t code, int32_t anc)
{
	return code >= 0 && symbi_kb_is_ancestor(kb, anc, code);
}

static double fmin_nan(double a, double b)
{
	if (isnan(a))
		return b;
	if (isnan(b))
		return a;
	return a < b ? a : b;
}

static unsigned demand_flags(const match_ctx *x, uint32_t d)
{
	const symbi_stream *D = &x->ds->streams[d];
	unsigned f = 0;
	if (x->firm >= 0 && D->firm == (uint32_t)x->firm)
		f |= F_FIRM;
	if (x->stream >= 0 && d == (uint32_t)x->stream)
		f |= F_STREAM;
	if (x->resource >= 0 && under(x->kb, D->code, x->resource))
		f |= F_RESOURCE;
	if (x->region >= 0 && x->ds->firms[D->firm].region == x->region)
		f |= F_REGION;
	return f;
}

static unsigned supply_flags(const match_ctx *x, uint32_t s)
{
	return demand_flags(x, s); /* the same tests on the other end */
}

/* ==== Per supply: declared candidates ==================================================== */

/* Record a way to reach `target` from the current supply, keeping only the
 * preferred one per target: O(1) through a per-thread stamp array (a target
 * is reached again only when one code bucket is searched twice, via the
 * supply's ancestors and via a rule's target). */
static int push_hit(worker *w, uint32_t target, int32_t rule, double distance, double radius)
{
	uint32_t pref = rule >= 0 ? w->ctx->rule_rank[rule] : 0;
	if (w->stamp[target] == w->pass) {
		hit *h = &w->hits[w->slot[target]];
		if (pref < h->pref)
			*h = (hit){target, rule, pref, distance, radius};
		return 0;
	}
	if (symbi__grow((void **)&w->hits, &w->caphits, w->nhits + 1, sizeof *w->hits))
		return SYMBI_ENOMEM;
	w->stamp[target] = w->pass;
	w->slot[target] = (uint32_t)w->nhits;
	w->hits[w->nhits++] = (hit){target, rule, pref, distance, radius};
	return 0;
}

/* Start collecting hits for a new search. */
static void new_pass(worker *w)
{
	w->nhits = 0;
	if (++w->pass == 0) { /* wrapped: forget every stamp */
		memset(w->stamp, 0, w->nstamp * sizeof *w->stamp);
		w->pass = 1;
	}
}

static void fail(worker *w, int rc)
{
	if (!w->rc) {
		w->rc = rc;
		snprintf(w->msg, sizeof w->msg, "%s", symbi_last_error());
	}
	atomic_store(&w->ctx->stop, 1);
}

static void visit_demand(void *vw, const point *p)
{
	worker *w = vw;
	const match_ctx *x = w->ctx;
	const symbi_stream *S = w->S;
	/* Firm and distance first, from the point itself: most points of the
	 * box fail here without touching the demand's record. The point holds
	 * the firm's own coordinates, so the distance is the one reported. */
	if (w->rc || p->firm == S->firm)
		return;
	double d = symbi_distance_km(w->A->lat, w->A->lon, p->lat, p->lon);
	if (!(d <= w->radius))
		return;
	const symbi_stream *D = &x->ds->streams[p->id];
	double radius = fmin_nan(w->radius, isnan(D->max_km) ? w->code_radius : D->max_km);
	if (!(d <= radius))
		return;
	if (!(S->months & D->months & SYMBI_MONTHS_ALL))
		return;
	if (!isnan(S->temp_c) && !isnan(D->temp_c)) {
		if (symbi__is_hot(&x->sc, D->code) && S->temp_c < D->temp_c)
			return;
		if (symbi__is_cold(&x->sc, D->code) && S->temp_c > D->temp_c)
			return;
	}
	/* The supply's flags and the demand's together must cover every OR
	 * filter (--firm, --stream, --resource, --region --cross-region). */
	if (x->or_filters && (w->sflags & x->or_filters) != x->or_filters) {
		unsigned need = x->or_filters & ~w->sflags;
		if ((demand_flags(x, p->id) & need) != need)
			return;
	}
	/* The preferred way into this bucket whose units fit (a rule that
	 * converts needs S in its from_unit and D in its to_unit). */
	for (size_t k = w->route_begin; k < w->route_end; k++) {
		int32_t rule = w->routes[k].rule;
		const symbi_rule *r = rule >= 0 ? &x->kb->rules[rule] : NULL;
		if (r && r->from_dim != SYMBI_DIM_NONE) {
			if (S->dim != r->from_dim ||
			    D->dim != (r->to_dim ? r->to_dim : r->from_dim))
				continue;
		} else if (S->dim != D->dim) {
			continue;
		}
		if (push_hit(w, p->id, rule, d, radius))
			fail(w, SYMBI_ENOMEM);
		return;
	}
}

/* Order of preference among ways to connect one pair: direct first, then the
 * rule with the most specific `from`, the longer NACE prefix (sector rules),
 * the higher yield, the rule loaded first. A lexicographic order, so it is
 * total; each rule's place in it is computed once (rule_rank). */
typedef struct rule_key {
	int depth, nace_len;
	double yield;
	uint32_t idx;
} rule_key;

static int cmp_rule_key(const void *a, const void *b)
{
	const rule_key *p = a, *q = b;
	if (p->depth != q->depth)
		return p->depth > q->depth ? -1 : 1;
	if (p->nace_len != q->nace_len)
		return p->nace_len > q->nace_len ? -1 : 1;
	if (p->yield != q->yield)
		return p->yield > q->yield ? -1 : 1;
	return (p->idx > q->idx) - (p->idx < q->idx);
}

static int make_rule_ranks(match_ctx *x)
{
	const symbi_kb *kb = x->kb;
	size_t n = kb->nrules;
	rule_key *k = malloc((n ? n : 1) * sizeof *k);
	x->rule_rank = malloc((n ? n : 1) * sizeof *x->rule_rank);
	if (!k || !x->rule_rank) {
		free(k);
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	}
	for (size_t r = 0; r < n; r++) {
		const symbi_rule *rule = &kb->rules[r];
		k[r] = (rule_key){rule->from >= 0 ? kb->codes[rule->from].depth : 0,
		                  rule->nace ? (int)strlen(rule->nace) : 0,
		                  isnan(rule->yield) ? 0.0 : rule->yield, (uint32_t)r};
	}
	qsort(k, n, sizeof *k, cmp_rule_key);
	for (size_t i = 0; i < n; i++)
		x->rule_rank[k[i].idx] = (uint32_t)i + 1; /* 0 is the direct match */
	free(k);
	return 0;
}

static int push_candidate(worker *w, symbi_candidate **buf, size_t *n, size_t *cap,
                          const symbi_candidate *c)
{
	(void)w;
	if (symbi__grow((void **)buf, cap, *n + 1, sizeof **buf))
		return SYMBI_ENOMEM;
	(*buf)[(*n)++] = *c;
	return 0;
}

static void init_candidate(const match_ctx *x, const worker *w, symbi_candidate *c, const hit *h,
                           bool sector)
{
	memset(c, 0, sizeof *c);
	const symbi_rule *r = h->rule >= 0 ? &x->kb->rules[h->rule] : NULL;
	c->supply = w->s;
	c->supplier = w->S->firm;
	c->rule = h->rule;
	c->yield = r ? r->yield : 1.0;
	c->distance_km = h->distance;
	c->radius_km = h->radius;
	c->allocated = NAN;
	if (sector) {
		c->demand = SYMBI_NONE;
		c->receiver = h->target;
		c->receiver_code = r->to;
		c->basis = SYMBI_BASIS_SECTOR;
		c->dim = r->to_dim != SYMBI_DIM_NONE ? r->to_dim : w->S->dim;
	} else {
		const symbi_stream *D = &x->ds->streams[h->target];
		c->demand = h->target;
		c->receiver = D->firm;
		c->receiver_code = D->code;
		c->basis = SYMBI_BASIS_DECLARED;
		c->dim = D->dim;
	}
}

static int add_route(worker *w, int32_t bucket, int32_t rule)
{
	if (symbi__grow((void **)&w->routes, &w->caproutes, w->nroutes + 1, sizeof *w->routes))
		return SYMBI_ENOMEM;
	uint32_t pref = rule >= 0 ? w->ctx->rule_rank[rule] : 0;
	w->routes[w->nroutes++] = (route){(uint32_t)bucket, pref, rule};
	return 0;
}

static int cmp_route(const void *a, const void *b)
{
	const route *p = a, *q = b;
	if (p->bucket != q->bucket)
		return p->bucket < q->bucket ? -1 : 1;
	return (p->pref > q->pref) - (p->pref < q->pref);
}

/* The declared candidates of the current supply. The code buckets to search
 * are the supply code's ancestors (direct) and, for each substitution rule
 * from one of them, the rule's target and its ancestors; a bucket reached
 * several ways is searched once, with its ways in order of preference. */
static int declared(worker *w)
{
	match_ctx *x = w->ctx;
	const symbi_kb *kb = x->kb;
	const pindex *ix =
	    x->or_filters && !(w->sflags & x->or_filters) ? &x->restricted : &x->full;
	new_pass(w);
	w->nsubst = 0;
	w->nroutes = 0;
	for (int32_t a = w->S->code; a >= 0; a = kb->codes[a].parent) {
		if (add_route(w, a, -1))
			return SYMBI_ENOMEM;
		const uint32_t *rules;
		size_t nr = symbi__kb_rules_from(kb, a, &rules);
		for (size_t k = 0; k < nr; k++) {
			const symbi_rule *r = &kb->rules[rules[k]];
			if (r->to < 0 || r->nace)
				continue;
			if (symbi__grow((void **)&w->subst, &w->capsubst, w->nsubst + 1,
			                sizeof *w->subst))
				return SYMBI_ENOMEM;
			w->subst[w->nsubst++] = rules[k];
			for (int32_t t = r->to; t >= 0; t = kb->codes[t].parent)
				if (add_route(w, t, (int32_t)rules[k]))
					return SYMBI_ENOMEM;
		}
	}
	if (w->nroutes > 1)
		qsort(w->routes, w->nroutes, sizeof *w->routes, cmp_route);
	for (size_t i = 0; i < w->nroutes && !w->rc;) {
		size_t j = i + 1;
		while (j < w->nroutes && w->routes[j].bucket == w->routes[i].bucket)
			j++;
		w->route_begin = i;
		w->route_end = j;
		pindex_query(ix, w->routes[i].bucket, w->A->lat, w->A->lon, w->radius, visit_demand,
		             w);
		i = j;
	}
	if (w->rc)
		return w->rc;
	for (size_t i = 0; i < w->nhits; i++) {
		symbi_candidate c;
		init_candidate(x, w, &c, &w->hits[i], false);
		int rc = symbi__score(&x->sc, x->ds, &c, x->opt->objective, NULL);
		if (rc)
			return rc;
		if (c.score < x->opt->min_score || (w->kth && c.score < w->kth[c.demand]))
			continue;
		if (push_candidate(w, &w->buf, &w->n, &w->cap, &c))
			return SYMBI_ENOMEM;
	}
	return 0;
}

static size_t sort_candidates(const match_ctx *x, symbi_candidate **c, size_t *cap, size_t n,
                              size_t topk, int threads);

/* ==== Per supply: sector potential ========================================================= */

/* True when firm B declared a demand whose code accepts the current supply,
 * directly or by one of the substitution rules reachable from it. */
static bool declared_interest(const worker *w, uint32_t firm)
{
	const match_ctx *x = w->ctx;
	const symbi_kb *kb = x->kb;
	const symbi_firm *B = &x->ds->firms[firm];
	for (uint32_t i = 0; i < B->n_streams; i++) {
		const symbi_stream *D = &x->ds->streams[x->ds->stream_index[B->first_stream + i]];
		if (D->direction != SYMBI_DEMAND || D->code < 0)
			continue;
		if (symbi_kb_is_ancestor(kb, D->code, w->S->code))
			return true;
		for (size_t k = 0; k < w->nsubst; k++)
			if (symbi_kb_is_ancestor(kb, D->code, kb->rules[w->subst[k]].to))
				return true;
	}
	return false;
}

static void visit_firm(void *vw, const point *p)
{
	worker *w = vw;
	const match_ctx *x = w->ctx;
	if (w->rc || p->id == w->S->firm)
		return;
	const symbi_rule *r = &x->kb->rules[w->rule];
	if (x->or_filters && (w->sflags & x->or_filters) != x->or_filters) {
		unsigned need = x->or_filters & ~w->sflags, got = 0;
		if (x->firm >= 0 && p->id == (uint32_t)x->firm)
			got |= F_FIRM;
		if (x->resource >= 0 && under(x->kb, r->to, x->resource))
			got |= F_RESOURCE;
		if (x->region >= 0 && x->ds->firms[p->id].region == x->region)
			got |= F_REGION;
		if ((got & need) != need)
			return;
	}
	/* The receiver declared no stream: its end keeps the default radius. */
	double radius = fmin_nan(w->radius, w->code_radius);
	double d = symbi_distance_km(w->A->lat, w->A->lon, p->lat, p->lon);
	if (!(d <= radius))
		return;
	if (declared_interest(w, p->id))
		return;
	if (push_hit(w, p->id, w->rule, d, radius))
		fail(w, SYMBI_ENOMEM);
}

static int sector(worker *w)
{
	match_ctx *x = w->ctx;
	const symbi_kb *kb = x->kb;
	/* A sector partnership has no demand stream: --stream must name the supply. */
	if (x->stream >= 0 && w->s != (uint32_t)x->stream)
		return 0;
	new_pass(w);
	for (int32_t a = w->S->code; a >= 0; a = kb->codes[a].parent) {
		const uint32_t *rules;
		size_t nr = symbi__kb_rules_from(kb, a, &rules);
		for (size_t k = 0; k < nr; k++) {
			int32_t g = x->rule_group[rules[k]];
			const symbi_rule *r = &kb->rules[rules[k]];
			if (g < 0)
				continue;
			if (r->from_dim != SYMBI_DIM_NONE && w->S->dim != r->from_dim)
				continue;
			w->rule = (int32_t)rules[k];
			if (x->firm >= 0 && !(w->sflags & F_FIRM)) {
				/* Only the named firm can be the receiver. */
				const symbi_firm *B = &x->ds->firms[x->firm];
				point p = {B->lat, B->lon, 0, (uint32_t)x->firm, (uint32_t)x->firm,
				           0};
				bool outside = x->region >= 0 && !x->opt->cross_region &&
				               B->region != x->region;
				if (!outside && B->nace && symbi__kb_nace_matches(r->nace, B->nace))
					visit_firm(w, &p);
			} else {
				pindex_query(&x->sector, (uint32_t)g, w->A->lat, w->A->lon,
				             w->radius, visit_firm, w);
			}
			if (w->rc)
				return w->rc;
		}
	}
	w->nlocal = 0;
	for (size_t i = 0; i < w->nhits; i++) {
		symbi_candidate c;
		init_candidate(x, w, &c, &w->hits[i], true);
		int rc = symbi__score(&x->sc, x->ds, &c, x->opt->objective, NULL);
		if (rc)
			return rc;
		if (c.score < x->opt->min_score)
			continue;
		if (push_candidate(w, &w->local, &w->nlocal, &w->caplocal, &c))
			return SYMBI_ENOMEM;
	}
	/* --top K: the best K receivers of this supply. */
	size_t keep = w->nlocal;
	if (x->opt->top_k && keep > x->opt->top_k) {
		if (sort_candidates(x, &w->local, &w->caplocal, w->nlocal, 0, 1) == (size_t)-1)
			return symbi__error(SYMBI_ENOMEM, "out of memory");
		keep = x->opt->top_k;
	}
	for (size_t i = 0; i < keep; i++)
		if (push_candidate(w, &w->buf, &w->n, &w->cap, &w->local[i]))
			return SYMBI_ENOMEM;
	return 0;
}

/* ==== Top K per demand =========================================================================
 */

/* A sort key that carries everything the comparison needs, so qsort needs
 * no context: the ranking order, optionally grouped by demand first. */
typedef struct sortkey {
	uint32_t group; /* demand stream, UINT32_MAX for sector, or 0 */
	double score;
	uint32_t sf, ss, rf, rd;
	uint32_t idx; /* 32 bytes in all: glibc's qsort then moves keys, not pointers */
} sortkey;

/* The order of sortkeys: total, as idx is unique. */
static inline bool key_before(const sortkey *p, const sortkey *q)
{
	if (p->group != q->group)
		return p->group < q->group;
	if (p->score != q->score)
		return p->score > q->score;
	if (p->sf != q->sf)
		return p->sf < q->sf;
	if (p->ss != q->ss)
		return p->ss < q->ss;
	if (p->rf != q->rf)
		return p->rf < q->rf;
	if (p->rd != q->rd)
		return p->rd < q->rd;
	return p->idx < q->idx;
}

static int cmp_key(const void *a, const void *b)
{
	const sortkey *p = a, *q = b;
	return key_before(p, q) ? -1 : key_before(q, p) ? 1 : 0;
}

/* Merge the sorted runs a[0..na) and b[0..nb) into out. */
static void merge_keys(const sortkey *a, size_t na, const sortkey *b, size_t nb, sortkey *out)
{
	size_t i = 0, j = 0, o = 0;
	while (i < na && j < nb)
		out[o++] = key_before(&b[j], &a[i]) ? b[j++] : a[i++];
	while (i < na)
		out[o++] = a[i++];
	while (j < nb)
		out[o++] = b[j++];
}

#define SORT_RUN 16

static void sort_keys_into(sortkey *a, sortkey *out, size_t n);

/* Sort a[0..n) in place, tmp[0..n) serving as scratch. A merge sort with
 * the comparison inline (qsort calls cmp_key through a pointer for each of
 * its n log n comparisons, which at millions of candidates costs more than
 * the merging): O(n log n). The halves are sorted into tmp, then merged
 * back, so that no level copies more than once. */
static void sort_keys_in(sortkey *a, sortkey *tmp, size_t n)
{
	if (n <= SORT_RUN) {
		for (size_t i = 1; i < n; i++) {
			sortkey v = a[i];
			size_t j = i;
			for (; j > 0 && key_before(&v, &a[j - 1]); j--)
				a[j] = a[j - 1];
			a[j] = v;
		}
		return;
	}
	size_t h = n / 2;
	sort_keys_into(a, tmp, h);
	sort_keys_into(a + h, tmp + h, n - h);
	merge_keys(tmp, h, tmp + h, n - h, a);
}

/* Sort a[0..n) into out[0..n), a serving as scratch (its order is lost). */
static void sort_keys_into(sortkey *a, sortkey *out, size_t n)
{
	if (n <= SORT_RUN) {
		sort_keys_in(a, out, n);
		memcpy(out, a, n * sizeof *a);
		return;
	}
	size_t h = n / 2;
	sort_keys_in(a, out, h);
	sort_keys_in(a + h, out + h, n - h);
	merge_keys(a, h, a + h, n - h, out);
}

/* Run fn(a) on a new thread and fn(b) on this one (both here when no thread
 * can be started), and wait for both. */
static void run_pair(void *(*fn)(void *), void *a, void *b)
{
	pthread_t t;
	bool two = pthread_create(&t, NULL, fn, a) == 0;
	if (!two)
		fn(a);
	fn(b);
	if (two)
		pthread_join(t, NULL);
}

typedef struct sort_half {
	sortkey *k, *tmp;
	size_t n;
} sort_half;

static void *sort_half_run(void *arg)
{
	sort_half *h = arg;
	sort_keys_into(h->k, h->tmp, h->n);
	return NULL;
}

/* One end of merging the sorted runs a[0..na) and b[0..nb) into out: the
 * front fills out[0..to) from the runs' starts, the back fills
 * out[from..na + nb) from their ends. The order is total (no two keys
 * equal), so with from == to the two ends meet exactly. */
typedef struct merge_end {
	const sortkey *a, *b;
	size_t na, nb, from, to;
	sortkey *out;
	bool back;
} merge_end;

static void *merge_end_run(void *arg)
{
	merge_end *e = arg;
	const sortkey *a = e->a, *b = e->b;
	if (!e->back) {
		size_t i = 0, j = 0;
		for (size_t o = 0; o < e->to; o++)
			e->out[o] =
			    j == e->nb || (i < e->na && key_before(&a[i], &b[j])) ? a[i++] : b[j++];
	} else {
		size_t i = e->na, j = e->nb;
		for (size_t o = e->na + e->nb; o-- > e->from;)
			e->out[o] =
			    j == 0 || (i > 0 && key_before(&b[j - 1], &a[i - 1])) ? a[--i] : b[--j];
	}
	return NULL;
}

/* Sort k[0..n) by key_before; a large array in two halves on two threads,
 * then merged by two threads, one from each end (the order is total, so the
 * result is the same). Without memory for scratch, qsort does it. */
static void sort_keys(sortkey *k, size_t n, int threads)
{
	sortkey *tmp = n < 2 ? NULL : malloc(n * sizeof *tmp);
	if (!tmp) {
		qsort(k, n, sizeof *k, cmp_key);
		return;
	}
	if (threads < 2 || n < 65536) {
		sort_keys_in(k, tmp, n);
		free(tmp);
		return;
	}
	/* Each half sorted from k into tmp, then merged back into k. */
	sort_half a = {k, tmp, n / 2}, b = {k + n / 2, tmp + n / 2, n - n / 2};
	run_pair(sort_half_run, &a, &b);
	merge_end front = {a.tmp, b.tmp, a.n, b.n, n / 2, n / 2, k, false};
	merge_end back = {a.tmp, b.tmp, a.n, b.n, n / 2, n / 2, k, true};
	run_pair(merge_end_run, &front, &back);
	free(tmp);
}

/* A share [from, to) of sort_candidates' key building or reordering, for
 * one of two threads. */
typedef struct cand_part {
	const match_ctx *x;
	symbi_candidate *c, *out;
	sortkey *k;
	size_t from, to;
	bool keys; /* build keys k from c, else copy c in key order into out */
} cand_part;

static void *cand_part_run(void *arg)
{
	cand_part *p = arg;
	const match_ctx *x = p->x;
	const symbi_candidate *c = p->c;
	sortkey *k = p->k;
	if (p->keys) {
		for (size_t i = p->from; i < p->to; i++) {
			k[i].group = 0;
			k[i].score = c[i].score;
			k[i].sf = x->firm_rank[c[i].supplier];
			k[i].ss = x->stream_rank[c[i].supply];
			k[i].rf = x->firm_rank[c[i].receiver];
			k[i].rd =
			    c[i].demand == SYMBI_NONE ? UINT32_MAX : x->stream_rank[c[i].demand];
			k[i].idx = (uint32_t)i;
		}
	} else {
		for (size_t i = p->from; i < p->to; i++)
			p->out[i] = c[k[i].idx];
	}
	return NULL;
}

/* Run the part over [0, n), split in two when there are threads for it and
 * enough to share. */
static void cand_parts(cand_part p, size_t n, int threads)
{
	if (threads < 2 || n < 65536) {
		p.from = 0;
		p.to = n;
		cand_part_run(&p);
		return;
	}
	cand_part q = p;
	p.from = 0;
	p.to = q.from = n / 2;
	q.to = n;
	run_pair(cand_part_run, &p, &q);
}

/* Sort (*c)[0..n) in ranking order; with `topk`, first keep the best `topk`
 * candidates of each demand (sector candidates, already cut per supply, are
 * all kept). The sorted candidates come in a new array of capacity *cap
 * that replaces *c. Returns the new count, or (size_t)-1 when out of memory
 * (*c is then unchanged). */
static size_t sort_candidates(const match_ctx *x, symbi_candidate **cp, size_t *cap, size_t n,
                              size_t topk, int threads)
{
	symbi_candidate *c = *cp;
	if (n < 2)
		return n;
	if (n > UINT32_MAX)
		return (size_t)-1;
	size_t bytes;
	if (!symbi__mul(n, sizeof(sortkey), &bytes))
		return (size_t)-1;
	sortkey *k = malloc(bytes);
	symbi_candidate *tmp = NULL;
	if (!k)
		return (size_t)-1;
	cand_parts((cand_part){x, c, NULL, k, 0, 0, true}, n, threads);
	size_t m = n;
	if (topk) {
		for (size_t i = 0; i < n; i++)
			k[i].group = c[i].demand;
		sort_keys(k, n, threads);
		m = 0;
		size_t run = 0;
		uint32_t prev = 0;
		for (size_t i = 0; i < n; i++) {
			/* k[m] may overwrite k[i - 1]: compare with a copy. */
			run = i > 0 && k[i].group == prev ? run + 1 : 0;
			prev = k[i].group;
			if (k[i].group == SYMBI_NONE || run < topk) {
				k[m] = k[i];
				k[m].group = 0;
				m++;
			}
		}
	}
	sort_keys(k, m, threads);
	if (!symbi__mul(m, sizeof *tmp, &bytes) || !(tmp = malloc(bytes ? bytes : 1))) {
		free(k);
		return (size_t)-1;
	}
	cand_parts((cand_part){x, c, tmp, k, 0, 0, false}, m, threads);
	free(c);
	*cp = tmp;
	*cap = m ? m : 1;
	free(k);
	return m;
}

/* ==== Threads ====================================================================================
 */

/* The substitution rules reachable from the current supply (declared()
 * collects them on its way; the sector search needs them alone after the
 * ranked search). */
static int collect_subst(worker *w)
{
	const symbi_kb *kb = w->ctx->kb;
	w->nsubst = 0;
	for (int32_t a = w->S->code; a >= 0; a = kb->codes[a].parent) {
		const uint32_t *rules;
		size_t nr = symbi__kb_rules_from(kb, a, &rules);
		for (size_t k = 0; k < nr; k++) {
			const symbi_rule *r = &kb->rules[rules[k]];
			if (r->to < 0 || r->nace)
				continue;
			if (symbi__grow((void **)&w->subst, &w->capsubst, w->nsubst + 1,
			                sizeof *w->subst))
				return SYMBI_ENOMEM;
			w->subst[w->nsubst++] = rules[k];
		}
	}
	return 0;
}

static int worker_supply(worker *w, uint32_t s)
{
	match_ctx *x = w->ctx;
	w->s = s;
	w->S = &x->ds->streams[s];
	w->A = &x->ds->firms[w->S->firm];
	w->sflags = supply_flags(x, s);
	double r = symbi__code_radius(&x->sc, w->S->code, NULL, NULL);
	if (isnan(r) && isnan(w->S->max_km) && isnan(x->opt->max_km)) {
		const symbi_code *code = &x->kb->codes[w->S->code];
		return symbi__error(SYMBI_EINPUT,
		                    "no transport radius for '%s': the knowledge base lacks "
		                    "'class.%s.radius_km' (scoring.csv or --config)",
		                    code->code, symbi_class_name(code->cls));
	}
	/* A stream's max_km replaces the default radius for that stream; the
	 * pair's radius is the smaller of the two streams' limits and --max-km
	 * (SPEC sections 1 and 4). This is the largest any pair can get. */
	w->code_radius = r;
	w->radius = fmin_nan(isnan(w->S->max_km) ? r : w->S->max_km, x->opt->max_km);
	int rc = x->skip_declared ? collect_subst(w) : declared(w);
	if (!rc && x->opt->sector)
		rc = sector(w);
	return rc;
}

/* After a cut (w->buf in ranking order, at most K per demand): note the
 * K-th best score of every demand that has K. */
static void update_kth(worker *w, size_t k)
{
	if (!w->kth)
		return;
	for (size_t i = 0; i < w->n; i++) {
		uint32_t d = w->buf[i].demand;
		if (d != SYMBI_NONE && ++w->count[d] == k)
			w->kth[d] = w->buf[i].score;
	}
	for (size_t i = 0; i < w->n; i++)
		if (w->buf[i].demand != SYMBI_NONE)
			w->count[w->buf[i].demand] = 0;
}

/* Per-thread arrays, allocated once for both searches; on failure the
 * worker's error is set and -1 returned. */
static int worker_setup(worker *w)
{
	match_ctx *x = w->ctx;
	if (w->stamp)
		return 0;
	w->prune_at = 4096;
	w->nstamp = x->ds->nstreams > x->ds->nfirms ? x->ds->nstreams : x->ds->nfirms;
	w->stamp = calloc(w->nstamp ? w->nstamp : 1, sizeof *w->stamp);
	w->slot = malloc((w->nstamp ? w->nstamp : 1) * sizeof *w->slot);
	if (!w->stamp || !w->slot)
		goto nomem;
	if (x->opt->top_k) {
		size_t ns = x->ds->nstreams ? x->ds->nstreams : 1;
		w->kth = malloc(ns * sizeof *w->kth);
		w->count = calloc(ns, sizeof *w->count);
		if (!w->kth || !w->count)
			goto nomem;
		for (size_t i = 0; i < ns; i++)
			w->kth[i] = -INFINITY;
	}
	return 0;
nomem:
	symbi__error(SYMBI_ENOMEM, "out of memory");
	fail(w, SYMBI_ENOMEM);
	return -1;
}

/* The next chunk [*begin, *end) of n jobs for this worker; false when none
 * is left, another worker failed or the run was cancelled. */
static bool next_chunk(worker *w, size_t n, size_t *begin, size_t *end)
{
	match_ctx *x = w->ctx;
	if (atomic_load(&x->stop))
		return false;
	if (x->opt->cancel && *x->opt->cancel) {
		symbi__error(SYMBI_EINTR, "interrupted");
		fail(w, SYMBI_EINTR);
		return false;
	}
	*begin = atomic_fetch_add(&x->next, CHUNK);
	if (*begin >= n)
		return false;
	*end = *begin + CHUNK < n ? *begin + CHUNK : n;
	return true;
}

/* Count a finished chunk of [begin, end) of n jobs and, from the calling
 * thread, report progress by whole percents (*reported: the last shown). */
static void chunk_done(worker *w, size_t n, size_t begin, size_t end, double *reported)
{
	match_ctx *x = w->ctx;
	const symbi_match_options *opt = x->opt;
	size_t done = atomic_fetch_add(&x->done, end - begin) + (end - begin);
	if (w->main && opt->progress) {
		double f = x->progress_base + x->progress_scale * (double)done / (double)n;
		if (f - *reported >= 0.01 && f < 1.0) {
			opt->progress(opt->progress_ctx, "matching", f);
			*reported = f;
		}
	}
}

static void *worker_run(void *arg)
{
	worker *w = arg;
	match_ctx *x = w->ctx;
	const symbi_match_options *opt = x->opt;
	size_t counted = 0; /* what this thread has added to x->total */
	double reported = 0.0;
	size_t begin, end;
	if (worker_setup(w))
		return NULL;
	while (next_chunk(w, x->nsupplies, &begin, &end)) {
		for (size_t i = begin; i < end; i++) {
			int rc = worker_supply(w, x->supplies[i]);
			if (rc) {
				fail(w, rc);
				return NULL;
			}
		}
		/* Bound memory: with --top, a thread's own best K per demand are a
		 * superset of its share of the final best K, so pruning early is
		 * exact. */
		if (opt->top_k && w->n >= 2 * w->prune_at) {
			size_t m = sort_candidates(x, &w->buf, &w->cap, w->n, opt->top_k, 1);
			if (m == (size_t)-1) {
				symbi__error(SYMBI_ENOMEM, "out of memory");
				fail(w, SYMBI_ENOMEM);
				return NULL;
			}
			w->n = m;
			w->prune_at = m > 4096 ? m : 4096;
			update_kth(w, opt->top_k);
		}
		if (w->n >= counted)
			atomic_fetch_add(&x->total, w->n - counted);
		else
			atomic_fetch_sub(&x->total, counted - w->n);
		counted = w->n;
		/* Without --top every candidate found stays: stop as soon as the
		 * limit is passed. With --top the final count is checked after the
		 * last cut. */
		if (!opt->top_k && opt->max_candidates &&
		    atomic_load(&x->total) > opt->max_candidates) {
			symbi__error(
			    SYMBI_ELIMIT,
			    "more than the limit of %zu candidate partnerships: narrow the query "
			    "with --top K, --max-km KM, --min-score or --resource, or raise "
			    "--max-candidates",
			    opt->max_candidates);
			fail(w, SYMBI_ELIMIT);
			return NULL;
		}
		chunk_done(w, x->nsupplies, begin, end, &reported);
	}
	return NULL;
}

/* ==== Ranked search: the best K of each demand ========================================
 *
 * With --top K and no filter that either end may satisfy, the search turns
 * round: each demand looks for its best K supplies, instead of every supply
 * scoring every demand in reach. At national scale a demand has thousands of
 * supplies in reach, nearly all of which --top would cut. Branch and bound:
 *
 *  - Supplies are indexed per code bucket: a supply sits in the bucket of
 *    each of its code's ancestors that a demand or a substitution rule asks
 *    for. Each bucket is a k-d tree over latitude, longitude and log
 *    quantity (split at the median of the widest, a factor e of quantity
 *    counting as half the code's radius in km), so that a node gathers
 *    supplies both near each other and of like size. Every node keeps its
 *    extent and the bounds of its supplies' terms (symbi__supply_terms):
 *    the largest quantity, avoided disposal and own price, the least
 *    transport cost per km.
 *  - A demand's ways in are its own code (direct and hierarchical matches)
 *    and every substitution rule whose target lies under it. The root of
 *    each way's tree is queued, keyed by an upper bound on the score of any
 *    supply beneath it: the largest quantity (capped by the demand's) times
 *    the best per-unit value at the node's nearest distance. That distance
 *    is a lower bound on the great-circle distance, from the haversine
 *    formula, every term of which is monotone.
 *  - The entry with the best bound is taken: a leaf's supplies (at most 8)
 *    are scored exactly, each by the pair's preferred way as the exhaustive
 *    search chooses it, after cheaper tests (a trig-free lower bound on the
 *    distance against the radius and the bound) have let it through; an
 *    inner node's two children are queued with their own bounds, or the
 *    better one taken at once when nothing queued is better. The search
 *    stops when the best bound left is below the K-th best score found (or
 *    below --min-score).
 *
 * The result is the exact best K of each demand: the same candidates as the
 * exhaustive search (tested). The cost follows the supplies worth looking at
 * rather than all in reach. Bounds are widened by a relative 1e-9 so that
 * rounding in the scorer cannot cross them. */

bool symbi__match_exhaustive = false;

/* A supply in a bucket, with what the search tests and bounds, so that
 * most supplies are judged without touching their stream record. */
typedef struct sitem {
	double lat, lon; /* the supplier's site */
	double qty;      /* the supply's quantity */
	double supply;   /* symbi__terms: supply, own and (road) per_km */
	double own;
	double per_km;
	double temp;     /* the stream's temperature, NAN if none */
	double radius;   /* the supply end's radius (w->radius) */
	double code_r;   /* the supply code's radius (w->code_radius) */
	uint32_t s, firm;
	int32_t code;
	uint16_t months;
	uint8_t dim;
	uint8_t kind; /* 0 road, 1 + pipe kind, KIND_NONE without terms */
} sitem;

#define KIND_NONE 255
#define LEAF 8

/* fmin and fmax as C defines them (a NaN operand yields the other operand,
 * two NaNs a NaN), but inline: without -ffinite-math-only GCC calls libm for
 * them, and these are the ranked search's innermost operations. They may
 * differ from libm only in the sign of a zero result (min(-0, +0)), which no
 * caller can observe: every result is compared, added to or multiplied by a
 * finite figure before its sign could matter, and node_bound and item_bound
 * end in b + |b| 1e-9 + 1e-9, the same for either zero. */
static inline double min_of(double a, double b)
{
	return a < b || isnan(b) ? a : b;
}

static inline double max_of(double a, double b)
{
	return a > b || isnan(b) ? a : b;
}

/* A node of a bucket's k-d tree: items [lo, hi), their extent and the
 * bounds of their terms. */
typedef struct snode {
	double lat0, lat1, lon0, lon1, cmin; /* extent; least cos(lat) */
	double qmax, supmax, ownmax, supqmax; /* largest quantity, terms, max(0,supply) x qty */
	double tmin;                          /* least road per_km */
	double radius;                        /* largest radius of its supplies */
	double temp_lo, temp_hi; /* temperatures, a stream without one counting as any */
	uint32_t lo, hi, left, right; /* children: UINT32_MAX for a leaf */
	uint16_t months;              /* any of its supplies' months */
	uint8_t kinds;                /* bit k: has items of kind k; bit 7: no terms */
} snode;

typedef struct sindex {
	sitem *it;
	snode *node;
	size_t nnodes, capnodes;
	uint32_t *root; /* per bucket: its tree's root node, UINT32_MAX when empty */
	/* Per kind (road, pipe heat, water, gas): detour, fixed and per-km
	 * terms, and the share lost per route km (heat). */
	double detour[4], fixed[4], pkm[4], loss[4];
	/* Per code: the substitution rules whose target lies under it, in the
	 * order of preference. */
	uint32_t *roff, *rules;
	/* Per code: whether two of a demand's ways in (its code, the rules'
	 * `from`) lie on one line of descent, so that a supply can sit in the
	 * trees of both (a code's ancestors form a chain: only then). */
	bool *dedup;
} sindex;

typedef struct rroute {
	uint32_t bucket; /* code whose supplies this way reaches */
	int32_t rule;    /* -1: direct or hierarchical */
	double y;        /* yield */
	double p;        /* receiver term (rules, or a demand's own price) */
	bool own;        /* the receiver term is each supply's own */
} rroute;

typedef struct rentry {
	double bound;
	uint32_t node, route;
} rentry;

static void sindex_free(sindex *ix)
{
	free(ix->it);
	free(ix->node);
	free(ix->root);
	free(ix->roff);
	free(ix->rules);
	free(ix->dedup);
	memset(ix, 0, sizeof *ix);
}

/* The radius of supply s's end (as worker_supply computes it). */
static int supply_radius(const match_ctx *x, uint32_t s, double *code_r, double *r)
{
	const symbi_stream *S = &x->ds->streams[s];
	double cr = symbi__code_radius(&x->sc, S->code, NULL, NULL);
	if (isnan(cr) && isnan(S->max_km) && isnan(x->opt->max_km)) {
		const symbi_code *code = &x->kb->codes[S->code];
		return symbi__error(SYMBI_EINPUT,
		                    "no transport radius for '%s': the knowledge base lacks "
		                    "'class.%s.radius_km' (scoring.csv or --config)",
		                    code->code, symbi_class_name(code->cls));
	}
	*code_r = cr;
	*r = fmin_nan(isnan(S->max_km) ? cr : S->max_km, x->opt->max_km);
	return 0;
}

static double item_key(const sitem *it, int dim)
{
	return dim == 0 ? it->lat : dim == 1 ? it->lon : it->qty;
}

/* Reorder it[lo, hi) so that it[k] has the key it would have sorted, no
 * larger keys before it and no smaller after (Hoare's selection, with his
 * partition around the lower middle element, which always splits). */
static void select_kth(sitem *it, size_t lo, size_t hi, size_t k, int dim)
{
	while (hi - lo > 1) {
		double pivot = item_key(&it[lo + (hi - lo - 1) / 2], dim);
		size_t i = lo, j = hi;
		for (;;) {
			while (item_key(&it[i], dim) < pivot)
				i++;
			do
				j--;
			while (item_key(&it[j], dim) > pivot);
			if (i >= j)
				break;
			sitem t = it[i];
			it[i] = it[j];
			it[j] = t;
			i++;
		}
		/* it[lo, j] <= pivot <= it[j + 1, hi), lo <= j < hi - 1 */
		if (k <= j)
			hi = j + 1;
		else
			lo = j + 1;
	}
}

/* Build the subtree of items [lo, hi) and return its node. Splits at the
 * median of the widest of latitude, longitude (in km) and log quantity (in
 * km per factor e: lq), so that a node gathers supplies both near each other
 * and of like size. */
static int build_node(sindex *ix, uint32_t lo, uint32_t hi, double lq,
                      uint32_t *out)
{
	if (symbi__grow((void **)&ix->node, &ix->capnodes, ix->nnodes + 1, sizeof *ix->node))
		return SYMBI_ENOMEM;
	uint32_t id = (uint32_t)ix->nnodes++;
	snode nd = {.lat0 = INFINITY, .lat1 = -INFINITY, .lon0 = INFINITY, .lon1 = -INFINITY,
	            .supmax = -INFINITY, .ownmax = -INFINITY, .tmin = INFINITY,
	            .temp_lo = INFINITY, .temp_hi = -INFINITY,
	            .lo = lo, .hi = hi, .left = UINT32_MAX, .right = UINT32_MAX};
	double qmin = INFINITY;
	for (uint32_t i = lo; i < hi; i++) {
		const sitem *it = &ix->it[i];
		nd.lat0 = min_of(nd.lat0, it->lat);
		nd.lat1 = max_of(nd.lat1, it->lat);
		nd.lon0 = min_of(nd.lon0, it->lon);
		nd.lon1 = max_of(nd.lon1, it->lon);
		nd.qmax = max_of(nd.qmax, it->qty);
		qmin = min_of(qmin, it->qty);
		nd.radius = max_of(nd.radius, it->radius);
		nd.months |= it->months;
		nd.temp_lo = min_of(nd.temp_lo, isnan(it->temp) ? -INFINITY : it->temp);
		nd.temp_hi = max_of(nd.temp_hi, isnan(it->temp) ? INFINITY : it->temp);
		if (it->kind == KIND_NONE) {
			nd.kinds |= 0x80;
			continue;
		}
		nd.kinds |= (uint8_t)(1u << it->kind);
		nd.supmax = max_of(nd.supmax, it->supply);
		nd.ownmax = max_of(nd.ownmax, it->own);
		nd.supqmax = max_of(nd.supqmax, max_of(0.0, it->supply) * it->qty);
		if (it->kind == 0)
			nd.tmin = min_of(nd.tmin, it->per_km);
	}
	nd.cmin = max_of(0.0, min_of(cos(nd.lat0 * M_PI / 180.0), cos(nd.lat1 * M_PI / 180.0)));
	if (hi - lo > LEAF) {
		double elat = (nd.lat1 - nd.lat0) * 111.2;
		double elon = (nd.lon1 - nd.lon0) * 111.2 * cos((nd.lat0 + nd.lat1) * M_PI / 360.0);
		double eq = qmin > 0.0 ? log(nd.qmax / qmin) * lq : 0.0;
		int dim = elat >= elon ? (elat >= eq ? 0 : 2) : (elon >= eq ? 1 : 2);
		uint32_t mid = lo + (hi - lo) / 2;
		select_kth(ix->it, lo, hi, mid, dim);
		uint32_t l, r;
		int rc = build_node(ix, lo, mid, lq, &l);
		if (!rc)
			rc = build_node(ix, mid, hi, lq, &r);
		if (rc)
			return rc;
		nd.left = l;
		nd.right = r;
	}
	ix->node[id] = nd;
	*out = id;
	return 0;
}

/* Build the supply index of the ranked search. */
static int build_ranked(match_ctx *x, sindex *ix)
{
	const symbi_dataset *ds = x->ds;
	const symbi_kb *kb = x->kb;
	size_t nc = kb->ncodes ? kb->ncodes : 1;
	bool *wanted = calloc(nc, sizeof *wanted);
	uint32_t *boff = calloc(nc + 1, sizeof *boff);
	int rc = 0;
	ix->root = malloc(nc * sizeof *ix->root);
	ix->roff = calloc(nc + 1, sizeof *ix->roff);
	ix->dedup = calloc(nc, sizeof *ix->dedup);
	if (!wanted || !boff || !ix->root || !ix->roff || !ix->dedup)
		goto nomem;

	/* Per-kind constants, as symbi__supply_terms gives them. */
	bool co2 = x->opt->objective == SYMBI_OBJECTIVE_CO2;
	const symbi__scorer *sc = &x->sc;
	ix->detour[0] = sc->road_detour ? sc->road_detour->value : 0.0;
	for (int k = 0; k < 3; k++) {
		ix->detour[1 + k] = sc->pipe_detour ? sc->pipe_detour->value : 0.0;
		ix->fixed[1 + k] = !co2 && sc->pipe_fixed[k] ? sc->pipe_fixed[k]->value : 0.0;
		ix->pkm[1 + k] = co2 ? (sc->pipe_co2e[k] ? sc->pipe_co2e[k]->value / 1000.0 : 0.0)
		                     : (sc->pipe_per_km[k] ? sc->pipe_per_km[k]->value : 0.0);
	}
	/* Heat is lost along the pipe (symbi__score, pipe kind 0). */
	ix->loss[1] = sc->pipe_loss[0] ? sc->pipe_loss[0]->value : NAN;

	/* Rules per code under which their target lies, filled in the order of
	 * preference so that each code's list is in it. */
	for (size_t r = 0; r < kb->nrules; r++) {
		const symbi_rule *rule = &kb->rules[r];
		if (rule->to < 0 || rule->nace || rule->from < 0)
			continue;
		wanted[rule->from] = true;
		for (int32_t t = rule->to; t >= 0; t = kb->codes[t].parent)
			ix->roff[t + 1]++;
	}
	for (size_t c = 0; c < kb->ncodes; c++)
		ix->roff[c + 1] += ix->roff[c];
	ix->rules = malloc((ix->roff[kb->ncodes] ? ix->roff[kb->ncodes] : 1) * sizeof *ix->rules);
	if (!ix->rules)
		goto nomem;
	{
		uint32_t *fill = calloc(nc, sizeof *fill);
		uint32_t *order = malloc((kb->nrules ? kb->nrules : 1) * sizeof *order);
		if (!fill || !order) {
			free(fill);
			free(order);
			goto nomem;
		}
		for (size_t r = 0; r < kb->nrules; r++)
			order[x->rule_rank[r] - 1] = (uint32_t)r;
		for (size_t i = 0; i < kb->nrules; i++) {
			const symbi_rule *rule = &kb->rules[order[i]];
			if (rule->to < 0 || rule->nace || rule->from < 0)
				continue;
			for (int32_t t = rule->to; t >= 0; t = kb->codes[t].parent)
				ix->rules[ix->roff[t] + fill[t]++] = order[i];
		}
		free(fill);
		free(order);
	}
	for (size_t c = 0; c < kb->ncodes; c++) {
		/* Way 0 is the code itself, way 1 + k the k-th rule's `from`. */
		size_t nr = ix->roff[c + 1] - ix->roff[c];
		for (size_t i = 0; i <= nr && !ix->dedup[c]; i++) {
			int32_t a = i ? kb->rules[ix->rules[ix->roff[c] + i - 1]].from : (int32_t)c;
			for (size_t j = i + 1; j <= nr && !ix->dedup[c]; j++) {
				int32_t b = kb->rules[ix->rules[ix->roff[c] + j - 1]].from;
				ix->dedup[c] = symbi_kb_is_ancestor(kb, a, b) ||
				               symbi_kb_is_ancestor(kb, b, a);
			}
		}
	}
	for (size_t i = 0; i < (x->full.off ? x->full.off[x->full.nbuckets] : 0); i++)
		wanted[x->full.pt[i].bucket] = true;

	/* Items: one per supply and wanted ancestor of its code, by bucket. */
	double code_r, radius;
	for (size_t i = 0; i < x->nsupplies; i++) {
		uint32_t s = x->supplies[i];
		if ((rc = supply_radius(x, s, &code_r, &radius)) != 0)
			goto done;
		for (int32_t a = ds->streams[s].code; a >= 0; a = kb->codes[a].parent)
			if (wanted[a])
				boff[a + 1]++;
	}
	for (size_t c = 0; c < kb->ncodes; c++)
		boff[c + 1] += boff[c];
	size_t nitems = boff[kb->ncodes], bytes;
	if (!symbi__mul(nitems ? nitems : 1, sizeof *ix->it, &bytes) || !(ix->it = malloc(bytes)))
		goto nomem;
	for (size_t i = 0; i < x->nsupplies; i++) {
		uint32_t s = x->supplies[i];
		const symbi_stream *S = &ds->streams[s];
		const symbi_firm *A = &ds->firms[S->firm];
		symbi__terms t;
		supply_radius(x, s, &code_r, &radius); /* checked above */
		bool ok = symbi__supply_terms(sc, ds, s, x->opt->objective, &t) == 0;
		int kind = t.pipe ? 1 + t.kind : 0;
		/* The per-kind constants must be the item's own, else no bound. */
		if (ok && (t.detour != ix->detour[kind] || t.fixed != ix->fixed[kind] ||
		           (t.pipe && t.per_km != ix->pkm[kind]) ||
		           (kind == 1 && !(ix->loss[1] >= 0.0))))
			ok = false;
		sitem it = {.lat = A->lat,
		            .lon = A->lon,
		            .qty = S->quantity,
		            .supply = t.supply,
		            .own = t.own,
		            .per_km = t.per_km,
		            .temp = S->temp_c,
		            .radius = radius,
		            .code_r = code_r,
		            .s = s,
		            .firm = S->firm,
		            .code = S->code,
		            .months = (uint16_t)(S->months & SYMBI_MONTHS_ALL),
		            .dim = (uint8_t)S->dim,
		            .kind = ok ? (uint8_t)kind : KIND_NONE};
		for (int32_t a = S->code; a >= 0; a = kb->codes[a].parent)
			if (wanted[a])
				ix->it[boff[a]++] = it;
	}
	/* boff[c] now ends bucket c: bucket c is [boff[c - 1], boff[c]). */
	for (size_t c = 0; c < kb->ncodes; c++) {
		uint32_t lo = c ? boff[c - 1] : 0, hi = boff[c];
		/* A factor e of quantity counts as half the code's radius in splits. */
		double r = symbi__code_radius(sc, (int32_t)c, NULL, NULL);
		double lq = isnan(r) ? 25.0 : 0.5 * r;
		ix->root[c] = UINT32_MAX;
		if (lo < hi && (rc = build_node(ix, lo, hi, lq, &ix->root[c])) != 0)
			goto done;
	}
	goto done;
nomem:
	rc = symbi__error(SYMBI_ENOMEM, "out of memory");
done:
	free(wanted);
	free(boff);
	return rc;
}

/* A lower bound on a haversine distance (symbi_distance_km) whose latitude
 * and longitude gaps are at least dlat and dlon degrees (dlon <= 180) and
 * whose product of the two cos(lat) is at least cc, without trigonometry:
 * sin t >= t - t^3/6 for t >= 0 (both halves are at most pi/2) and
 * asin z >= z. The factor 1 - 1e-9 covers the rounding of both sides. */
static inline double gap_dmin(double dlat, double dlon, double cc)
{
	const double rad = M_PI / 180.0;
	double t = dlat * rad / 2, u = dlon * rad / 2;
	double sa = t - t * t * t / 6.0, so = u - u * u * u / 6.0;
	double h = sa * sa + cc * so * so;
	if (h > 1.0)
		h = 1.0;
	return 2.0 * EARTH_KM * sqrt(h) * (1.0 - 1e-9);
}

/* A lower bound on the great-circle distance from (lat, lon) to any point
 * of node n: haversine with the latitude and longitude gaps at their least
 * and cos(lat) at its least over the node. */
static double node_dmin(double lat, double lon, double coslat, const snode *n)
{
	double dlat = lat < n->lat0 ? n->lat0 - lat : lat > n->lat1 ? lat - n->lat1 : 0.0;
	double dlon = 0.0;
	if (lon < n->lon0 || lon > n->lon1) {
		/* Eastward to lon0 or westward to lon1, each within 360. */
		double e = n->lon0 - lon, v = lon - n->lon1;
		e += e < 0.0 ? 360.0 : 0.0;
		v += v < 0.0 ? 360.0 : 0.0;
		dlon = min_of(min_of(e, v), 180.0);
	}
	/* The haversine takes the raw longitude difference; for a supply more
	 * than 180 degrees away that way, it is exact only to an absolute error
	 * (see item_dmin), so the longitude is left out for such a node. Every
	 * supply of the node lies between lon0 and lon1, so their differences
	 * are at most these two. */
	if (fabs(lon - n->lon0) > 180.0 || fabs(lon - n->lon1) > 180.0)
		dlon = 0.0;
	if (dlat == 0.0 && dlon == 0.0)
		return 0.0;
	return gap_dmin(dlat, dlon, coslat * n->cmin);
}

/* A lower bound on the great-circle distance from (lat, lon) to supply item
 * `it` of a leaf whose least cos(lat) is cmin: node_dmin's for one point.
 * The gaps are the haversine's own, |lat - it->lat| and |lon - it->lon|,
 * bit for bit. Beyond 180 degrees of longitude the haversine takes the sine
 * of an angle near pi, which is exact to an absolute rather than a relative
 * error: the longitude is then left out, which still bounds from below. */
static inline double item_dmin(double lat, double lon, double coslat, double cmin, const sitem *it)
{
	double dlat = fabs(lat - it->lat), dlon = fabs(lon - it->lon);
	if (dlon > 180.0)
		dlon = 0.0;
	return gap_dmin(dlat, dlon, coslat * cmin);
}

/* An upper bound on the score, for the demand's way `r` (quantity qd), of
 * any supply of node n, which is at least dmin km away. */
static double node_bound(const sindex *ix, const snode *n, const rroute *r, double qd,
                         double dmin, double dshare)
{
	if (n->kinds & 0x80)
		return INFINITY;
	double p = r->own ? n->ownmax : r->p;
	double qmax = min_of(n->qmax * r->y, qd);
	double b = -INFINITY;
	/* Piped flows: the demand takes only the months both share, and heat
	 * arrives less its losses. */
	double pq = min_of(n->qmax * r->y, qd * dshare);
	if (n->kinds & 2)
		pq = min_of(pq,
		            n->qmax * r->y * max_of(0.0, 1.0 - ix->loss[1] * dmin * ix->detour[1]));
	if (n->kinds & 1) {
		double route = dmin * ix->detour[0];
		if (!(r->y > 0.0))
			b = 0.0;
		else
			b = qmax * max_of(0.0, n->supmax / r->y + p - n->tmin * route / r->y);
	}
	for (int k = 1; k < 4; k++)
		if (n->kinds & (1u << k))
			b = max_of(b,
			           n->supqmax +
			               max_of(0.0, p) * (k == 1 ? pq : min_of(qmax, qd * dshare)) -
			               ix->fixed[k] - ix->pkm[k] * dmin * ix->detour[k]);
	if (isnan(b))
		return INFINITY;
	return b + fabs(b) * 1e-9 + 1e-9;
}

/* Ranking order within one demand: score, then supplier firm id, supply id. */
static bool ranks_before(const match_ctx *x, const symbi_candidate *a, const symbi_candidate *b)
{
	if (a->score != b->score)
		return a->score > b->score;
	if (a->supplier != b->supplier)
		return x->firm_rank[a->supplier] < x->firm_rank[b->supplier];
	return x->stream_rank[a->supply] < x->stream_rank[b->supply];
}

/* The worker's best K so far, a heap with the worst on top. */
static void topk_sift(const match_ctx *x, symbi_candidate *h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < n && ranks_before(x, &h[m], &h[l]))
			m = l;
		if (r < n && ranks_before(x, &h[m], &h[r]))
			m = r;
		if (m == i)
			return;
		symbi_candidate t = h[i];
		h[i] = h[m];
		h[m] = t;
		i = m;
	}
}

static int topk_push(worker *w, const symbi_candidate *c)
{
	const match_ctx *x = w->ctx;
	size_t k = x->opt->top_k;
	symbi_candidate *h = w->local;
	if (w->nlocal < k) {
		if (symbi__grow((void **)&w->local, &w->caplocal, w->nlocal + 1, sizeof *w->local))
			return SYMBI_ENOMEM;
		h = w->local;
		size_t i = w->nlocal++;
		h[i] = *c;
		while (i > 0 && ranks_before(x, &h[(i - 1) / 2], &h[i])) {
			symbi_candidate t = h[i];
			h[i] = h[(i - 1) / 2];
			h[(i - 1) / 2] = t;
			i = (i - 1) / 2;
		}
		return 0;
	}
	if (!ranks_before(x, c, &h[0]))
		return 0;
	h[0] = *c;
	topk_sift(x, h, w->nlocal, 0);
	return 0;
}

static void rheap_sift(rentry *h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < n && h[l].bound > h[m].bound)
			m = l;
		if (r < n && h[r].bound > h[m].bound)
			m = r;
		if (m == i)
			return;
		rentry t = h[i];
		h[i] = h[m];
		h[m] = t;
		i = m;
	}
}

static int rheap_push(worker *w, const rentry *e)
{
	if (symbi__grow((void **)&w->rheap, &w->caprheap, w->nrheap + 1, sizeof *w->rheap))
		return SYMBI_ENOMEM;
	rentry *h = w->rheap;
	size_t i = w->nrheap++;
	h[i] = *e;
	while (i > 0 && h[(i - 1) / 2].bound < h[i].bound) {
		rentry t = h[i];
		h[i] = h[(i - 1) / 2];
		h[(i - 1) / 2] = t;
		i = (i - 1) / 2;
	}
	return 0;
}

static int popcount16(unsigned m)
{
	int n = 0;
	for (; m; m &= m - 1)
		n++;
	return n;
}

/* An upper bound on the score of item `it` for demand d (quantity qd,
 * months share at most dshare) by way r at `dist` km: node_bound's, for one
 * supply at its exact distance. It does not grow with dist, so at a lower
 * bound on the distance it bounds the score at the distance too. */
static inline double item_bound(const sindex *ix, const sitem *it, const rroute *r, double qd,
                                double dist, double dshare)
{
	if (it->kind == KIND_NONE)
		return INFINITY;
	double p = r->own ? it->own : r->p, b;
	double route = dist * ix->detour[it->kind];
	if (it->kind == 0) {
		if (!(r->y > 0.0))
			b = 0.0;
		else
			b = min_of(it->qty * r->y, qd) *
			    max_of(0.0, it->supply / r->y + p - it->per_km * route / r->y);
	} else {
		double q = it->qty * r->y;
		if (it->kind == 1)
			q *= max_of(0.0, 1.0 - ix->loss[1] * route);
		b = max_of(0.0, it->supply) * it->qty + max_of(0.0, p) * min_of(q, qd * dshare) -
		    ix->fixed[it->kind] - ix->pkm[it->kind] * route;
	}
	if (isnan(b))
		return INFINITY;
	return b + fabs(b) * 1e-9 + 1e-9;
}

/* Score supply item `it`, of a leaf whose least cos(lat) is cmin in the
 * tree of way `route`, against demand d, if they can be paired and its score
 * may reach thr. The cheap tests come first: the months, the temperature,
 * then a trig-free lower bound on the distance against the radius and, by
 * item_bound, against thr, before the exact distance. This rejects no more
 * than the exact tests would: the bound is at most the distance, and
 * item_bound only falls as the distance grows (every per-km term, detour and
 * heat loss it uses is >= 0: symbi__supply_terms, build_ranked). */
static int ranked_visit(worker *w, uint32_t d, const sitem *it, double cmin, uint32_t route,
                        double thr)
{
	const match_ctx *x = w->ctx;
	const symbi_kb *kb = x->kb;
	const symbi_stream *D = &x->ds->streams[d];
	if (it->firm == D->firm)
		return 0;
	if (!(it->months & D->months))
		return 0;
	if (!isnan(it->temp) && !isnan(D->temp_c) &&
	    ((w->dhot && it->temp < D->temp_c) || (w->dcold && it->temp > D->temp_c)))
		return 0;
	const symbi_firm *B = &x->ds->firms[D->firm];
	double radius = fmin_nan(it->radius, isnan(D->max_km) ? it->code_r : D->max_km);
	double dlow = item_dmin(B->lat, B->lon, w->dcoslat, cmin, it);
	if (!(dlow <= radius))
		return 0;
	/* The preferred way whose units fit (routes are in preference order).
	 * When no supply lies under two of the demand's ways (!w->dedup), the
	 * only way whose code is an ancestor of the supply's is the one whose
	 * tree holds it. */
	size_t k0 = w->dedup ? 0 : route, k1 = w->dedup ? w->nrroutes : route + 1;
	for (size_t k = k0; k < k1; k++) {
		const rroute *ro = &w->rroutes[k];
		if (w->dedup && !symbi_kb_is_ancestor(kb, (int32_t)ro->bucket, it->code))
			continue;
		const symbi_rule *r = ro->rule >= 0 ? &kb->rules[ro->rule] : NULL;
		if (r && r->from_dim != SYMBI_DIM_NONE) {
			if (it->dim != r->from_dim || D->dim != (r->to_dim ? r->to_dim : r->from_dim))
				continue;
		} else if (it->dim != D->dim) {
			continue;
		}
		/* The months share bounds piped flows only (materials can be stored). */
		double share = it->kind == 0 ? 1.0
		                             : (double)popcount16(it->months & D->months) /
		                                   (double)w->dmonths;
		if (item_bound(x->ranked, it, ro, D->quantity, dlow, share) < thr)
			return 0;
		double dist = symbi_distance_km(it->lat, it->lon, B->lat, B->lon);
		if (!(dist <= radius) ||
		    item_bound(x->ranked, it, ro, D->quantity, dist, share) < thr)
			return 0;
		/* A supply reached by several ways is scored once. A second visit
		 * would give the same candidate (the same way, distance and score),
		 * which the top K either holds already or has turned away; and the
		 * tests above, against a thr that only grows, turn away a second
		 * visit of a supply they turned away before. So stamping the supplies
		 * that get this far is enough. */
		if (w->dedup) {
			if (w->stamp[it->s] == w->pass)
				return 0;
			w->stamp[it->s] = w->pass;
		}
		w->s = it->s;
		w->S = &x->ds->streams[it->s];
		uint32_t pref = ro->rule >= 0 ? x->rule_rank[ro->rule] : 0;
		hit h = {d, ro->rule, pref, dist, radius};
		symbi_candidate c;
		init_candidate(x, w, &c, &h, false);
		int rc = symbi__score(&x->sc, x->ds, &c, x->opt->objective, NULL);
		if (rc)
			return rc;
		if (c.score < x->opt->min_score)
			return 0;
		return topk_push(w, &c);
	}
	return 0;
}

/* The queue entry *e of node n of the tree for way k; false when no supply
 * beneath it may pair with the demand (in reach, sharing a month, hot or
 * cold enough) or its bound is below thr. */
static bool ranked_entry(worker *w, const symbi_stream *D, const symbi_firm *B, double coslat,
                         uint32_t n, uint32_t k, double thr, rentry *e)
{
	const sindex *ix = w->ctx->ranked;
	const snode *nd = &ix->node[n];
	unsigned both = nd->months & D->months & SYMBI_MONTHS_ALL;
	if (!both)
		return false;
	if (!isnan(D->temp_c) &&
	    ((w->dhot && nd->temp_hi < D->temp_c) || (w->dcold && nd->temp_lo > D->temp_c)))
		return false;
	double dmin = node_dmin(B->lat, B->lon, coslat, nd);
	double reach = isnan(D->max_km) ? nd->radius : min_of(nd->radius, D->max_km);
	if (!(dmin <= reach))
		return false;
	double dshare = (double)popcount16(both) / (double)w->dmonths;
	*e = (rentry){node_bound(ix, nd, &w->rroutes[k], D->quantity, dmin, dshare), n, k};
	return !(e->bound < thr);
}

/* The best K supplies of demand d, appended to the worker's buffer. */
static int ranked_demand(worker *w, uint32_t d)
{
	const match_ctx *x = w->ctx;
	const sindex *ix = x->ranked;
	const symbi_kb *kb = x->kb;
	const symbi_stream *D = &x->ds->streams[d];
	const symbi_firm *B = &x->ds->firms[D->firm];
	const symbi_objective obj = x->opt->objective;
	double coslat = max_of(0.0, cos(B->lat * M_PI / 180.0));
	w->dcoslat = coslat;
	w->dedup = ix->dedup[D->code];
	w->dhot = symbi__is_hot(&x->sc, D->code);
	w->dcold = symbi__is_cold(&x->sc, D->code);
	w->dmonths = popcount16(D->months & SYMBI_MONTHS_ALL);
	if (!w->dmonths)
		return 0; /* shares no month with anything */
	new_pass(w);
	w->nlocal = 0;
	w->nrheap = 0;
	/* The ways in: direct first, then the rules in preference order. */
	w->nrroutes = 0;
	size_t nr = ix->roff[D->code + 1] - ix->roff[D->code];
	if (symbi__grow((void **)&w->rroutes, &w->caprroutes, nr + 1, sizeof *w->rroutes))
		return SYMBI_ENOMEM;
	w->rroutes[w->nrroutes++] = (rroute){(uint32_t)D->code, -1, 1.0,
	                                     symbi__receiver_term(&x->sc, D, -1, D->dim, obj),
	                                     obj == SYMBI_OBJECTIVE_CO2 || isnan(D->purchase_price)};
	for (size_t k = 0; k < nr; k++) {
		uint32_t ri = ix->rules[ix->roff[D->code] + k];
		const symbi_rule *r = &kb->rules[ri];
		w->rroutes[w->nrroutes++] =
		    (rroute){(uint32_t)r->from, (int32_t)ri, r->yield,
		             symbi__receiver_term(&x->sc, D, r->to, D->dim, obj), false};
	}
	double thr = x->opt->min_score;
	for (size_t k = 0; k < w->nrroutes; k++) {
		uint32_t root = ix->root[w->rroutes[k].bucket];
		rentry e;
		if (root != UINT32_MAX &&
		    ranked_entry(w, D, B, coslat, root, (uint32_t)k, thr, &e) && rheap_push(w, &e))
			return SYMBI_ENOMEM;
	}
	size_t K = x->opt->top_k;
	while (w->nrheap) {
		if (w->nlocal == K && w->local[0].score > thr)
			thr = w->local[0].score;
		rentry e = w->rheap[0];
		if (e.bound < thr)
			break;
		w->rheap[0] = w->rheap[--w->nrheap];
		rheap_sift(w->rheap, w->nrheap, 0);
		/* Down the tree from e: the better child, when the queue holds
		 * nothing better, is the entry that would come off next, so it is
		 * taken at once instead of through the queue (ties may be taken in
		 * another order, which changes the work, not the result). */
		for (;;) {
			const snode *nd = &ix->node[e.node];
			if (nd->left == UINT32_MAX) {
				for (uint32_t i = nd->lo; i < nd->hi; i++) {
					if (w->nlocal == K && w->local[0].score > thr)
						thr = w->local[0].score;
					int rc =
					    ranked_visit(w, d, &ix->it[i], nd->cmin, e.route, thr);
					if (rc)
						return rc;
				}
				break;
			}
			rentry c[2];
			bool has[2] = {
			    ranked_entry(w, D, B, coslat, nd->left, e.route, thr, &c[0]),
			    ranked_entry(w, D, B, coslat, nd->right, e.route, thr, &c[1])};
			int best = has[1] && (!has[0] || c[1].bound > c[0].bound);
			if (has[!best] && rheap_push(w, &c[!best]))
				return SYMBI_ENOMEM;
			if (!has[best])
				break;
			if (w->nrheap && w->rheap[0].bound > c[best].bound) {
				if (rheap_push(w, &c[best]))
					return SYMBI_ENOMEM;
				break;
			}
			e = c[best];
		}
	}
	for (size_t i = 0; i < w->nlocal; i++)
		if (push_candidate(w, &w->buf, &w->n, &w->cap, &w->local[i]))
			return SYMBI_ENOMEM;
	return 0;
}

/* Thread body of the ranked search: demands in chunks, in index order. */
static void *worker_ranked(void *arg)
{
	worker *w = arg;
	match_ctx *x = w->ctx;
	size_t ndemands = x->full.off ? x->full.off[x->full.nbuckets] : 0;
	double reported = 0.0;
	size_t begin, end;
	if (worker_setup(w))
		return NULL;
	while (next_chunk(w, ndemands, &begin, &end)) {
		for (size_t i = begin; i < end; i++) {
			/* The demands come in spatial order, their records in no
			 * order: fetch the next one's while this one is searched. */
			if (i + 1 < end) {
				const symbi_stream *next = &x->ds->streams[x->full.pt[i + 1].id];
				SYMBI__PREFETCH(next);
				SYMBI__PREFETCH((const char *)next + sizeof *next - 1);
				SYMBI__PREFETCH(&x->ds->firms[x->full.pt[i + 1].firm]);
			}
			int rc = ranked_demand(w, x->full.pt[i].id);
			if (rc) {
				fail(w, rc);
				return NULL;
			}
		}
		chunk_done(w, ndemands, begin, end, &reported);
	}
	return NULL;
}

/* Run `fn` on every worker, the calling thread being the first; fewer
 * threads do the same work when some cannot be started. */
static void run_workers(worker *w, pthread_t *tid, int nthreads, void *(*fn)(void *))
{
	int started = 1;
	for (int t = 1; t < nthreads; t++) {
		if (pthread_create(&tid[t], NULL, fn, &w[t]) != 0)
			break;
		started++;
	}
	fn(&w[0]);
	for (int t = 1; t < started; t++)
		pthread_join(tid[t], NULL);
}

/* ==== Building the indexes
 * ========================================================================= */

typedef struct idrank {
	const char *id;
	uint32_t idx;
} idrank;

static int cmp_idrank(const void *a, const void *b)
{
	const idrank *p = a, *q = b;
	int c = strcmp(p->id, q->id);
	return c ? c : (p->idx > q->idx) - (p->idx < q->idx);
}

/* rank[i] = position of item i's id in byte order. */
static int make_ranks(uint32_t **out, size_t n, const char *(*id_of)(const symbi_dataset *, size_t),
                      const symbi_dataset *ds)
{
	idrank *t = malloc((n ? n : 1) * sizeof *t);
	uint32_t *rank = malloc((n ? n : 1) * sizeof *rank);
	if (!t || !rank) {
		free(t);
		free(rank);
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < n; i++)
		t[i] = (idrank){id_of(ds, i), (uint32_t)i};
	qsort(t, n, sizeof *t, cmp_idrank);
	for (size_t i = 0; i < n; i++)
		rank[t[i].idx] = (uint32_t)i;
	free(t);
	*out = rank;
	return 0;
}

static const char *firm_id(const symbi_dataset *ds, size_t i)
{
	return ds->firms[i].id;
}
static const char *stream_id(const symbi_dataset *ds, size_t i)
{
	return ds->streams[i].id;
}

/* Demands (optionally only those satisfying every OR filter) by code. */
static int build_demands(match_ctx *x, pindex *ix, bool restricted)
{
	const symbi_dataset *ds = x->ds;
	point *pt = malloc((ds->nstreams ? ds->nstreams : 1) * sizeof *pt);
	if (!pt)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	size_t n = 0;
	for (size_t d = 0; d < ds->nstreams; d++) {
		const symbi_stream *D = &ds->streams[d];
		if (D->direction != SYMBI_DEMAND || D->code < 0)
			continue;
		const symbi_firm *B = &ds->firms[D->firm];
		if (x->region >= 0 && !x->opt->cross_region && B->region != x->region)
			continue;
		if (restricted && (demand_flags(x, (uint32_t)d) & x->or_filters) != x->or_filters)
			continue;
		pt[n++] = (point){B->lat,      B->lon,  strip_of(B->lat),
		                  (uint32_t)d, D->firm, (uint32_t)D->code};
	}
	return pindex_build(ix, pt, n, x->kb->ncodes);
}

typedef struct nace_firm {
	const char *nace; /* normalised */
	uint32_t firm;
} nace_firm;

static int cmp_nace_firm(const void *a, const void *b)
{
	const nace_firm *p = a, *q = b;
	int c = strcmp(p->nace, q->nace);
	return c ? c : (p->firm > q->firm) - (p->firm < q->firm);
}

/* Firms by the NACE prefix of each sector rule (one group per distinct
 * prefix). Firms sorted by normalised NACE code: the firms under a prefix
 * are a contiguous range, found by binary search, because a dotted NACE
 * prefix is a string prefix (see symbi__kb_nace_matches). O(F log F + groups
 * log F + members). */
static int build_sector(match_ctx *x)
{
	const symbi_dataset *ds = x->ds;
	const symbi_kb *kb = x->kb;
	symbi__arena ar = {0};
	symbi__map groups = {0};
	nace_firm *nf = NULL;
	point *pt = NULL;
	const char **prefix = NULL;
	size_t ngroups = 0, nnf = 0, npt = 0, cappt = 0;
	int rc = 0;
	x->rule_group = malloc((kb->nrules ? kb->nrules : 1) * sizeof *x->rule_group);
	prefix = malloc((kb->nrules ? kb->nrules : 1) * sizeof *prefix);
	nf = malloc((ds->nfirms ? ds->nfirms : 1) * sizeof *nf);
	if (!x->rule_group || !prefix || !nf)
		goto nomem;
	for (size_t r = 0; r < kb->nrules; r++) {
		char buf[16];
		x->rule_group[r] = -1;
		const symbi_rule *rule = &kb->rules[r];
		if (!rule->nace || symbi__nace_normalise(rule->nace, buf, sizeof buf))
			continue;
		int32_t g = symbi__map_get(&groups, buf);
		if (g < 0) {
			char *copy = symbi__arena_strdup(&ar, buf);
			if (!copy || symbi__map_put(&groups, copy, (int32_t)ngroups))
				goto nomem;
			g = (int32_t)ngroups;
			prefix[ngroups++] = copy;
		}
		x->rule_group[r] = g;
	}
	for (size_t f = 0; f < ds->nfirms; f++) {
		const symbi_firm *B = &ds->firms[f];
		char buf[16];
		if (!B->nace || symbi__nace_normalise(B->nace, buf, sizeof buf))
			continue;
		if (x->region >= 0 && !x->opt->cross_region && B->region != x->region)
			continue;
		const char *copy = symbi__arena_strdup(&ar, buf);
		if (!copy)
			goto nomem;
		nf[nnf++] = (nace_firm){copy, (uint32_t)f};
	}
	qsort(nf, nnf, sizeof *nf, cmp_nace_firm);
	for (size_t g = 0; g < ngroups; g++) {
		size_t lp = strlen(prefix[g]);
		size_t lo = 0, hi = nnf;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (strcmp(nf[mid].nace, prefix[g]) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (size_t i = lo; i < nnf && strncmp(nf[i].nace, prefix[g], lp) == 0; i++) {
			const symbi_firm *B = &ds->firms[nf[i].firm];
			if (symbi__grow((void **)&pt, &cappt, npt + 1, sizeof *pt))
				goto nomem;
			pt[npt++] = (point){B->lat,     B->lon,     strip_of(B->lat),
			                    nf[i].firm, nf[i].firm, (uint32_t)g};
		}
	}
	rc = pindex_build(&x->sector, pt, npt, ngroups);
	pt = NULL;
	goto done;
nomem:
	rc = symbi__error(SYMBI_ENOMEM, "out of memory");
done:
	free(pt);
	free(nf);
	free(prefix);
	symbi__map_clear(&groups);
	symbi__arena_clear(&ar);
	return rc;
}

/* ==== The query
 * ==================================================================================== */

static int resolve_query(match_ctx *x, const symbi_match_options *opt)
{
	const symbi_dataset *ds = x->ds;
	x->firm = x->stream = x->resource = x->region = -1;
	if (opt->firm && (x->firm = symbi_dataset_find_firm(ds, opt->firm)) < 0)
		return symbi__error(SYMBI_EQUERY, "firm '%s' is not in the dataset", opt->firm);
	if (opt->stream && (x->stream = symbi_dataset_find_stream(ds, opt->stream)) < 0)
		return symbi__error(SYMBI_EQUERY, "stream '%s' is not in the dataset", opt->stream);
	if (opt->resource) {
		char norm[128];
		if (symbi_code_normalise(opt->resource, norm, sizeof norm))
			return symbi__error(SYMBI_EQUERY,
			                    "resource '%s' is not a resource code (ewc:030105, "
			                    "energy:heat, mat:...)",
			                    opt->resource);
		x->resource = symbi_kb_find(x->kb, norm);
		if (x->resource < 0) {
			int32_t sug[3];
			size_t ns = symbi_kb_suggest(x->kb, opt->resource, sug, 3);
			char hint[256] = "";
			size_t used = 0;
			for (size_t i = 0; i < ns && used < sizeof hint; i++) {
				int w = snprintf(hint + used, sizeof hint - used, "%s'%s'",
				                 i == 0        ? " (did you mean "
				                 : i + 1 == ns ? " or "
				                               : ", ",
				                 x->kb->codes[sug[i]].code);
				if (w < 0)
					break;
				used += (size_t)w;
			}
			if (ns && used < sizeof hint - 2)
				strcat(hint, "?)");
			return symbi__error(SYMBI_EQUERY, "resource code '%s' is unknown%s", norm,
			                    hint);
		}
	}
	if (opt->region && (x->region = symbi_dataset_find_region(ds, opt->region)) < 0) {
		char list[256] = "";
		size_t used = 0;
		for (size_t i = 0; i < ds->nregions && used < sizeof list; i++) {
			int w = snprintf(list + used, sizeof list - used, "%s'%s'", i ? ", " : "",
			                 ds->regions[i]);
			if (w < 0)
				break;
			used += (size_t)w;
		}
		if (ds->nregions == 0)
			return symbi__error(
			    SYMBI_EQUERY,
			    "region '%s' is not in the dataset (firms.csv has no regions)",
			    opt->region);
		return symbi__error(SYMBI_EQUERY, "region '%s' is not in the dataset (regions: %s)",
		                    opt->region, list);
	}
	if (!isnan(opt->max_km) && !(opt->max_km >= 0.0))
		return symbi__error(SYMBI_EQUERY, "--max-km must be a distance >= 0, not %g",
		                    opt->max_km);
	if (isnan(opt->min_score))
		return symbi__error(SYMBI_EQUERY, "--min-score must be a number");
	if (opt->objective != SYMBI_OBJECTIVE_VALUE && opt->objective != SYMBI_OBJECTIVE_CO2)
		return symbi__error(SYMBI_EQUERY, "unknown objective");
	x->or_filters = (x->firm >= 0 ? F_FIRM : 0) | (x->stream >= 0 ? F_STREAM : 0) |
	                (x->resource >= 0 ? F_RESOURCE : 0) |
	                (x->region >= 0 && opt->cross_region ? F_REGION : 0);
	return 0;
}

static int copy_options(symbi_matches *m, const symbi_match_options *opt)
{
	m->opt = *opt;
	m->opt.cancel = NULL;
	m->opt.progress = NULL;
	m->opt.progress_ctx = NULL;
	const char **s[] = {&m->opt.firm, &m->opt.stream, &m->opt.resource, &m->opt.region};
	for (size_t i = 0; i < sizeof s / sizeof *s; i++)
		if (*s[i] && !(*s[i] = symbi__arena_strdup(&m->arena, *s[i])))
			return symbi__error(SYMBI_ENOMEM, "out of memory");
	/* --resource as written is kept in its normalised spelling. */
	if (m->resource >= 0)
		m->opt.resource = m->ds->kb->codes[m->resource].code;
	return 0;
}

int symbi_match(symbi_matches **out, const symbi_dataset *ds, const symbi_match_options *opt)
{
	*out = NULL;
	symbi_match_options defaults = SYMBI_MATCH_OPTIONS_INIT;
	if (!opt)
		opt = &defaults;
	if (!ds->finished)
		return symbi__error(SYMBI_EINTERNAL,
		                    "dataset not finished: call symbi_dataset_finish");
	if (!ds->kb || !ds->kb->finished)
		return symbi__error(SYMBI_EINTERNAL,
		                    "knowledge base not finished: call symbi_kb_finish");
	match_ctx x;
	sindex rix;
	memset(&x, 0, sizeof x);
	memset(&rix, 0, sizeof rix);
	x.ds = ds;
	x.kb = ds->kb;
	x.opt = opt;
	worker *w = NULL;
	pthread_t *tid = NULL;
	int nthreads = 0, rc;
	symbi_matches *m = NULL;
	if ((rc = resolve_query(&x, opt)) != 0)
		return rc;
	symbi__scorer_init(&x.sc, x.kb);

	m = calloc(1, sizeof *m);
	if (!m)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	m->ds = ds;
	m->resource = x.resource;
	m->region = x.region;
	if ((rc = copy_options(m, opt)) != 0)
		goto done;

	if ((rc = make_rule_ranks(&x)) != 0 ||
	    (rc = make_ranks(&x.firm_rank, ds->nfirms, firm_id, ds)) != 0 ||
	    (rc = make_ranks(&x.stream_rank, ds->nstreams, stream_id, ds)) != 0)
		goto done;
	x.supplies = malloc((ds->nstreams ? ds->nstreams : 1) * sizeof *x.supplies);
	if (!x.supplies) {
		rc = symbi__error(SYMBI_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t s = 0; s < ds->nstreams; s++) {
		const symbi_stream *S = &ds->streams[s];
		if (S->direction != SYMBI_SUPPLY || S->code < 0)
			continue;
		if (x.region >= 0 && !opt->cross_region && ds->firms[S->firm].region != x.region)
			continue;
		x.supplies[x.nsupplies++] = (uint32_t)s;
	}
	if ((rc = build_demands(&x, &x.full, false)) != 0)
		goto done;
	if (x.or_filters && (rc = build_demands(&x, &x.restricted, true)) != 0)
		goto done;
	if (opt->sector && (rc = build_sector(&x)) != 0)
		goto done;
	m->supplies = x.nsupplies;
	m->demands = x.full.off ? x.full.off[x.full.nbuckets] : 0;

	/* With --top and no either-end filter, each demand looks for its best K
	 * (the ranked search); sector potential is then searched per supply. */
	bool ranked = opt->top_k && !x.or_filters && !symbi__match_exhaustive;
	size_t ndemands = m->demands;
	if (ranked && (rc = build_ranked(&x, &rix)) != 0)
		goto done;
	x.ranked = ranked ? &rix : NULL;
	size_t work = ranked && ndemands > x.nsupplies ? ndemands : x.nsupplies;
	nthreads = symbi__thread_count(opt->threads, (work + CHUNK - 1) / CHUNK, 256);
	w = calloc((size_t)nthreads, sizeof *w);
	tid = calloc((size_t)nthreads, sizeof *tid);
	if (!w || !tid) {
		rc = symbi__error(SYMBI_ENOMEM, "out of memory");
		goto done;
	}
	for (int t = 0; t < nthreads; t++)
		w[t].ctx = &x;
	w[0].main = true;
	x.progress_base = 0.0;
	x.progress_scale = 1.0;
	if (ranked) {
		x.progress_scale = opt->sector ? 0.8 : 1.0;
		run_workers(w, tid, nthreads, worker_ranked);
		if (opt->sector && !atomic_load(&x.stop)) {
			x.skip_declared = true;
			x.progress_base = 0.8;
			x.progress_scale = 0.2;
			atomic_store(&x.next, 0);
			atomic_store(&x.done, 0);
			run_workers(w, tid, nthreads, worker_run);
		}
	} else {
		run_workers(w, tid, nthreads, worker_run);
	}

	/* The first error in thread order; a cancel wins over what it caused. */
	for (int t = 0; t < nthreads; t++) {
		if (w[t].rc && (!rc || w[t].rc == SYMBI_EINTR)) {
			rc = w[t].rc;
			symbi__error(rc, "%s", w[t].msg);
		}
	}
	if (!rc && opt->cancel && *opt->cancel)
		rc = symbi__error(SYMBI_EINTR, "interrupted");
	if (rc)
		goto done;

	/* Merge into the first buffer, freeing the others as we go. */
	size_t total = 0;
	for (int t = 0; t < nthreads; t++)
		total += w[t].n;
	m->cands = w[0].buf;
	m->cap = w[0].cap;
	m->n = w[0].n;
	w[0].buf = NULL;
	if (symbi__grow((void **)&m->cands, &m->cap, total ? total : 1, sizeof *m->cands)) {
		rc = SYMBI_ENOMEM;
		goto done;
	}
	for (int t = 1; t < nthreads; t++) {
		if (w[t].n)
			memcpy(m->cands + m->n, w[t].buf, w[t].n * sizeof *m->cands);
		m->n += w[t].n;
		free(w[t].buf);
		w[t].buf = NULL;
	}
	/* The ranked search keeps at most K per demand already. */
	size_t kept = sort_candidates(&x, &m->cands, &m->cap, m->n, ranked ? 0 : opt->top_k, nthreads);
	if (kept == (size_t)-1) {
		rc = symbi__error(SYMBI_ENOMEM, "out of memory");
		goto done;
	}
	m->n = kept;
	if (opt->max_candidates && m->n > opt->max_candidates) {
		rc = symbi__error(
		    SYMBI_ELIMIT,
		    "%zu candidate partnerships, more than the limit of %zu: narrow the "
		    "query with --top K, --max-km KM, --min-score or --resource, or raise "
		    "--max-candidates",
		    m->n, opt->max_candidates);
		goto done;
	}
	if (opt->progress)
		opt->progress(opt->progress_ctx, "matching", 1.0);

done:
	for (int t = 0; w && t < nthreads; t++) {
		free(w[t].buf);
		free(w[t].hits);
		free(w[t].subst);
		free(w[t].routes);
		free(w[t].local);
		free(w[t].kth);
		free(w[t].stamp);
		free(w[t].slot);
		free(w[t].count);
		free(w[t].rroutes);
		free(w[t].rheap);
	}
	free(w);
	sindex_free(&rix);
	free(tid);
	pindex_free(&x.full);
	pindex_free(&x.restricted);
	pindex_free(&x.sector);
	free(x.rule_group);
	free(x.rule_rank);
	free(x.supplies);
	free(x.firm_rank);
	free(x.stream_rank);
	if (rc) {
		symbi_matches_free(m);
		return rc;
	}
	*out = m;
	return 0;
}

/* ==== Accessors
 * ======================================================================================= */

void symbi_matches_free(symbi_matches *m)
{
	if (!m)
		return;
	free(m->cands);
	free(m->remaining);
	symbi__arena_clear(&m->arena);
	free(m);
}

void symbi__matches_set_remaining(symbi_matches *m, double *remaining)
{
	if (m->remaining != remaining)
		free(m->remaining);
	m->remaining = remaining;
}

size_t symbi_matches_count(const symbi_matches *m)
{
	return m ? m->n : 0;
}

const symbi_candidate *symbi_matches_get(const symbi_matches *m, size_t i)
{
	return i < m->n ? &m->cands[i] : NULL;
}

symbi_candidate *symbi_matches_get_mut(symbi_matches *m, size_t i)
{
	return i < m->n ? &m->cands[i] : NULL;
}

const symbi_dataset *symbi_matches_dataset(const symbi_matches *m)
{
	return m->ds;
}

const symbi_match_options *symbi_matches_options(const symbi_matches *m)
{
	return &m->opt;
}

int symbi_candidate_id(const symbi_matches *m, size_t i, char *buf, size_t size)
{
	if (i >= m->n)
		return symbi__error(SYMBI_EQUERY, "no candidate %zu", i);
	const symbi_candidate *c = &m->cands[i];
	const char *sid = m->ds->streams[c->supply].id;
	int n = c->demand == SYMBI_NONE
	            ? snprintf(buf, size, "%s->@%s", sid, m->ds->firms[c->receiver].id)
	            : snprintf(buf, size, "%s->%s", sid, m->ds->streams[c->demand].id);
	if (n < 0 || (size_t)n >= size)
		return symbi__error(SYMBI_ELIMIT, "partnership id longer than %zu bytes", size);
	return 0;
}
