/*
 * match_index.c: the spatial index of the full scan and of sector potential
 * (see match.c for the search it serves): points (demand streams, or firms
 * of a NACE group) in buckets, each bucket sorted by latitude strip and
 * longitude, and the box query that visits the points near a site.
 */
#include <stdlib.h>
#include <string.h>

#include "evidence.h"
#include "match_internal.h"

#define STRIP_DEG 0.1

/* ==== Spatial buckets ==================================================================
 * Points (demand streams or firms) grouped in buckets (a code, a NACE group),
 * each bucket sorted by (strip, lon, id). */

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

void symbi__pindex_free(pindex *ix)
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

/* Visit every point of `bucket` inside the bounding box of the circle of
 * `r_km` around (lat, lon), and some outside it: the caller tests the exact
 * distance. The box follows Matuschek, "Finding Points Within a Distance of a
 * Latitude/Longitude Using Bounding Coordinates" (2011): latitude +- r/R,
 * longitude +- asin(sin(r/R) / cos(lat)), the whole circle of longitudes when
 * the box reaches a pole; widened by a relative 1e-9 against rounding.
 * O(strips x log n + points in the box). */
void symbi__pindex_query(const pindex *ix, uint32_t bucket, double lat, double lon, double r_km,
                         visit_fn visit, void *ctx)
{
	if (bucket >= ix->nbuckets)
		return;
	size_t a = ix->off[bucket], b = ix->off[bucket + 1];
	if (a == b)
		return;
	const double deg = 180.0 / M_PI;
	double dr = r_km / SYMBI__EARTH_KM;
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

/* ==== Building the indexes ============================================================= */

/* Demands (optionally only those satisfying every OR filter) by code. */
int symbi__build_demands(match_ctx *x, pindex *ix, bool restricted)
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
		if (restricted &&
		    (symbi__demand_flags(x, (uint32_t)d) & x->or_filters) != x->or_filters)
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
int symbi__build_sector(match_ctx *x)
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
	const char *const *divs[2] = {NULL, NULL};
	size_t ndivs[2] = {0, 0};
	for (int side = 0; side < 2; side++)
		ndivs[side] = symbi__evidence_all_divisions(kb->evidence, (symbi__ev_side)side,
		                                            &divs[side]);
	prefix = malloc((kb->nrules + ndivs[0] + ndivs[1] + 1) * sizeof *prefix);
	/* A firm stands in the groups of each of its activities. */
	nf = malloc((ds->nfirms ? 3 * ds->nfirms : 1) * sizeof *nf);
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
	/* The NACE divisions the documented exchanges name (evidence.c). */
	for (int side = 0; side < 2; side++) {
		for (size_t k = 0; k < ndivs[side]; k++) {
			int32_t g = symbi__map_get(&groups, divs[side][k]);
			if (g < 0) {
				char *copy = symbi__arena_strdup(&ar, divs[side][k]);
				if (!copy || symbi__map_put(&groups, copy, (int32_t)ngroups))
					goto nomem;
				g = (int32_t)ngroups;
				prefix[ngroups++] = copy;
			}
			if (symbi__map_put(&x->ev_group, divs[side][k], g))
				goto nomem;
		}
	}
	for (size_t f = 0; f < ds->nfirms; f++) {
		const symbi_firm *B = &ds->firms[f];
		if (!B->nace)
			continue;
		if (x->region >= 0 && !x->opt->cross_region && B->region != x->region)
			continue;
		char all[64];
		snprintf(all, sizeof all, "%s%s%s", B->nace, B->nace_extra ? ";" : "",
		         B->nace_extra ? B->nace_extra : "");
		for (char *p = all, *e; p; p = e ? e + 1 : NULL) {
			char buf[16];
			if ((e = strchr(p, ';')) != NULL)
				*e = '\0';
			if (symbi__nace_normalise(p, buf, sizeof buf))
				continue;
			const char *copy = symbi__arena_strdup(&ar, buf);
			if (!copy)
				goto nomem;
			nf[nnf++] = (nace_firm){copy, (uint32_t)f};
		}
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
