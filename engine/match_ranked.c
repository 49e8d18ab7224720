/*
 * match_ranked.c: the ranked search (see match.c and the section below):
 * with --top K, each demand looks for its best K supplies by branch and
 * bound over a k-d tree of the supplies per code bucket.
 */
#include <stdlib.h>
#include <string.h>

#include "match_internal.h"
#include "pair.h"

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
	double temp;   /* the stream's temperature, NAN if none */
	double radius; /* the supply end's radius (w->radius) */
	double code_r; /* the supply code's radius (w->code_radius) */
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
	double lat0, lat1, lon0, lon1, cmin;  /* extent; least cos(lat) */
	double qmax, supmax, ownmax, supqmax; /* largest quantity, terms, max(0,supply) x qty */
	double tmin;                          /* least road per_km */
	double radius;                        /* largest radius of its supplies */
	double temp_lo, temp_hi;      /* temperatures, a stream without one counting as any */
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

void symbi__sindex_free(sindex *ix)
{
	if (!ix)
		return;
	free(ix->it);
	free(ix->node);
	free(ix->root);
	free(ix->roff);
	free(ix->rules);
	free(ix->dedup);
	free(ix);
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
static int build_node(sindex *ix, uint32_t lo, uint32_t hi, double lq, uint32_t *out)
{
	if (symbi__grow((void **)&ix->node, &ix->capnodes, ix->nnodes + 1, sizeof *ix->node))
		return SYMBI_ENOMEM;
	uint32_t id = (uint32_t)ix->nnodes++;
	snode nd = {.lat0 = INFINITY,
	            .lat1 = -INFINITY,
	            .lon0 = INFINITY,
	            .lon1 = -INFINITY,
	            .supmax = -INFINITY,
	            .ownmax = -INFINITY,
	            .tmin = INFINITY,
	            .temp_lo = INFINITY,
	            .temp_hi = -INFINITY,
	            .lo = lo,
	            .hi = hi,
	            .left = UINT32_MAX,
	            .right = UINT32_MAX};
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
		const symbi_stream *S = &ds->streams[s];
		if (isnan(symbi__supply_radius(&x->sc, S, x->opt->max_km, &code_r))) {
			rc = symbi__no_radius(kb, S->code);
			goto done;
		}
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
		radius = symbi__supply_radius(sc, S, x->opt->max_km, &code_r); /* checked above */
		bool ok = symbi__supply_terms(sc, ds, s, x->opt->objective, &t) == 0;
		int kind = t.pipe ? 1 + t.kind : 0;
		/* The per-kind constants must be the item's own, else no bound. */
		if (ok &&
		    (t.detour != ix->detour[kind] || t.fixed != ix->fixed[kind] ||
		     (t.pipe && t.per_km != ix->pkm[kind]) || (kind == 1 && !(ix->loss[1] >= 0.0))))
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

int symbi__build_ranked(match_ctx *x, sindex **out)
{
	*out = NULL;
	sindex *ix = calloc(1, sizeof *ix);
	if (!ix)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	int rc = build_ranked(x, ix);
	if (rc) {
		symbi__sindex_free(ix);
		return rc;
	}
	*out = ix;
	return 0;
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
	return 2.0 * SYMBI__EARTH_KM * sqrt(h) * (1.0 - 1e-9);
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
static double node_bound(const sindex *ix, const snode *n, const rroute *r, double qd, double dmin,
                         double dshare, bool lift)
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
	/* A heat pump adds its electricity to the heat that arrives (COP / (COP
	 * - 1) times it, without limit as the COP nears 1): only the demand caps
	 * the heat delivered. Its costs and emissions are >= 0, so the value or
	 * CO2e per unit stays bounded by p. */
	if (lift)
		pq = qd * dshare;
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
                                double dist, double dshare, bool lift)
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
			q = lift ? INFINITY : q * max_of(0.0, 1.0 - ix->loss[1] * route);
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
	if (symbi__pair_firms(it->firm, D->firm) || symbi__pair_months(it->months, D->months))
		return 0;
	if (symbi__pair_temperature(it->temp, D->temp_c, w->dhot, w->dcold) &&
	    !(w->dlift && symbi__heat_pump_cop(&x->sc, &x->ds->streams[it->s], D) > 0.0))
		return 0;
	const symbi_firm *B = &x->ds->firms[D->firm];
	double radius = symbi__pair_radius(it->radius, it->code_r, D->max_km);
	double dlow = item_dmin(B->lat, B->lon, w->dcoslat, cmin, it);
	if (symbi__pair_distance(dlow, radius))
		return 0;
	/* The preferred way whose units fit and that the legal gate lets
	 * through (routes are in preference order).
	 * When no supply lies under two of the demand's ways (!w->dedup), the
	 * only way whose code is an ancestor of the supply's is the one whose
	 * tree holds it. */
	size_t k0 = w->dedup ? 0 : route, k1 = w->dedup ? w->nrroutes : route + 1;
	for (size_t k = k0; k < k1; k++) {
		const rroute *ro = &w->rroutes[k];
		if (w->dedup && !symbi_kb_is_ancestor(kb, (int32_t)ro->bucket, it->code))
			continue;
		const symbi_rule *r = ro->rule >= 0 ? &kb->rules[ro->rule] : NULL;
		if (symbi__pair_units(r, it->dim, (int)D->dim))
			continue;
		/* The months share bounds piped flows only (materials can be stored). */
		double share =
		    it->kind == 0 ? 1.0
		                  : (double)popcount16(it->months & D->months) / (double)w->dmonths;
		if (item_bound(x->ranked, it, ro, D->quantity, dlow, share, w->dlift) < thr)
			return 0;
		double dist = symbi_distance_km(it->lat, it->lon, B->lat, B->lon);
		if (symbi__pair_distance(dist, radius) ||
		    item_bound(x->ranked, it, ro, D->quantity, dist, share, w->dlift) < thr)
			return 0;
		/* The gate reads the stream records: last, as the scorer does. A
		 * way it refuses leaves the next way in order of preference. */
		const symbi_stream *S = &x->ds->streams[it->s];
		if (symbi__legal_gate(kb, &x->ds->firms[it->firm], S, ro->rule, B, D))
			continue;
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
		w->S = S;
		uint32_t pref = ro->rule >= 0 ? x->rule_rank[ro->rule] : 0;
		hit h = {d, ro->rule, pref, dist, radius};
		symbi_candidate c;
		symbi__init_candidate(x, w, &c, &h, false);
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
	/* The pair check's stages on the node's extremes: its months, its
	 * hottest and coldest supply, its nearest point and widest radius. */
	if (symbi__pair_months(nd->months, D->months) ||
	    symbi__pair_temperature(nd->temp_hi, D->temp_c, w->dhot && !w->dlift, false) ||
	    symbi__pair_temperature(nd->temp_lo, D->temp_c, false, w->dcold))
		return false;
	double dmin = node_dmin(B->lat, B->lon, coslat, nd);
	double reach = isnan(D->max_km) ? nd->radius : min_of(nd->radius, D->max_km);
	if (symbi__pair_distance(dmin, reach))
		return false;
	double dshare = (double)popcount16(both) / (double)w->dmonths;
	*e = (rentry){node_bound(ix, nd, &w->rroutes[k], D->quantity, dmin, dshare, w->dlift), n, k};
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
	w->dlift = w->dhot && symbi__heat_pump_demand(&x->sc, D);
	w->dmonths = popcount16(D->months & SYMBI_MONTHS_ALL);
	if (!w->dmonths)
		return 0; /* shares no month with anything */
	symbi__new_pass(w);
	w->nlocal = 0;
	w->nrheap = 0;
	/* The ways in: direct first, then the rules in preference order. */
	w->nrroutes = 0;
	size_t nr = ix->roff[D->code + 1] - ix->roff[D->code];
	if (symbi__grow((void **)&w->rroutes, &w->caprroutes, nr + 1, sizeof *w->rroutes))
		return SYMBI_ENOMEM;
	w->rroutes[w->nrroutes++] =
	    (rroute){(uint32_t)D->code, -1, 1.0, symbi__receiver_term(&x->sc, D, -1, D->dim, obj),
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
		if (symbi__push_candidate(w, &w->buf, &w->n, &w->cap, &w->local[i]))
			return SYMBI_ENOMEM;
	return 0;
}

/* Thread body of the ranked search: demands in chunks, in index order. */
void *symbi__ranked_run(void *arg)
{
	worker *w = arg;
	match_ctx *x = w->ctx;
	size_t ndemands = x->full.off ? x->full.off[x->full.nbuckets] : 0;
	double reported = 0.0;
	size_t begin, end;
	if (symbi__worker_setup(w))
		return NULL;
	while (symbi__next_chunk(w, ndemands, &begin, &end)) {
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
				symbi__worker_fail(w, rc);
				return NULL;
			}
		}
		symbi__chunk_done(w, ndemands, begin, end, &reported);
	}
	return NULL;
}
