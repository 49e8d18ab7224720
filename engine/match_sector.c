/*
 * match_sector.c: sector potential read from the documented exchanges
 * (evidence.c) — the evidence figure of every sector candidate, and the
 * demand-side search: for a declared demand D of firm B, the firms A near B
 * whose NACE division the documented exchanges show giving some resource of
 * D's class (material, energy, water, gas; those that gave D's code or its
 * relatives rank first), and which declared no supply under D's code (a
 * declared supply is matched as such).
 * Such a candidate has no supply stream (supply SYMBI_NONE), is priced as a
 * supply of what D asks for, as much as D needs (score.c says the
 * supplier's quantity is unknown), and is ranked by evidence like the
 * supply side, the evidence shared among the firms of the same NACE codes
 * in D's reach (peers, match_scan.c), counted before the query's filters,
 * the declared-supply test and the legal gate.
 *
 * Work: one pass over the demands on the calling thread, after the
 * supplies' search; per demand one index query per documented division,
 * O(firms in reach) each, and O(P log P) for its P peers.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "evidence.h"
#include "match_internal.h"
#include "pair.h"

/* ==== Peers ================================================================================= */

static int cmp_peer(const void *a, const void *b)
{
	const struct peer *p = a, *q = b;
	int c = strcmp(p->nace, q->nace);
	return c ? c : strcmp(p->extra, q->extra);
}

struct peer symbi__peer_of(const symbi_firm *B)
{
	return (struct peer){B->nace ? B->nace : "", B->nace_extra ? B->nace_extra : ""};
}

void symbi__peers_sort(struct peer *p, size_t n)
{
	if (n > 1)
		qsort(p, n, sizeof *p, cmp_peer);
}

size_t symbi__peers_count(const struct peer *p, size_t n, const symbi_firm *B)
{
	struct peer key = symbi__peer_of(B);
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cmp_peer(&p[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t k = 0;
	while (lo + k < n && cmp_peer(&p[lo + k], &key) == 0)
		k++;
	return k ? k : 1;
}

/* ==== The evidence of a candidate and the demand-side search =============================== */

double symbi__sector_evidence(const match_ctx *x, int side, int32_t code, uint32_t firm,
                              double km)
{
	const symbi_kb *kb = x->kb;
	if (!kb->evidence)
		return 0.0;
	symbi__evidence_est e;
	symbi__evidence_firm(kb->evidence, kb, (symbi__ev_side)side, code, &x->ds->firms[firm], &e);
	return e.likelihood * symbi__evidence_decay(kb->evidence, kb->codes[code].cls, km);
}

/* The demand being searched and the suppliers found for it. */
typedef struct dside {
	const match_ctx *x;
	const symbi_stream *D;
	const symbi_firm *B;
	double radius;
	uint32_t *stamp, pass; /* per firm: the demand that last found it */
	uint32_t *pstamp;      /* per firm: the demand that last counted it */
	uint32_t *found;
	double *dist;
	size_t nfound, capfound, capdist;
	struct peer *peer; /* the firms in reach, found or not */
	size_t npeer, cappeer;
	int rc;
} dside;

/* Whether firm A declared a supply under `code` (it is then matched as a
 * declared supply, not proposed by its sector). */
static bool declared_supply(const match_ctx *x, uint32_t firm, int32_t code)
{
	const symbi_firm *A = &x->ds->firms[firm];
	for (uint32_t i = 0; i < A->n_streams; i++) {
		const symbi_stream *S = &x->ds->streams[x->ds->stream_index[A->first_stream + i]];
		if (S->direction == SYMBI_SUPPLY && S->code >= 0 &&
		    symbi_kb_is_ancestor(x->kb, code, S->code))
			return true;
	}
	return false;
}

static void visit_supplier(void *vd, const point *p)
{
	dside *s = vd;
	const match_ctx *x = s->x;
	if (s->rc || symbi__pair_firms(p->id, s->D->firm))
		return;
	double d = symbi_distance_km(s->B->lat, s->B->lon, p->lat, p->lon);
	/* A peer: any firm of a searched division in reach, whatever follows
	 * (a multi-NACE firm, met in several divisions, counts once). */
	if (s->pstamp[p->id] != s->pass && !symbi__pair_distance(d, s->radius)) {
		s->pstamp[p->id] = s->pass;
		if (symbi__grow((void **)&s->peer, &s->cappeer, s->npeer + 1, sizeof *s->peer)) {
			s->rc = symbi__error(SYMBI_ENOMEM, "out of memory");
			return;
		}
		s->peer[s->npeer++] = symbi__peer_of(&x->ds->firms[p->id]);
	}
	if (s->stamp[p->id] == s->pass)
		return;
	if (x->firm_in && !x->firm_in[p->id] && !x->firm_in[s->D->firm])
		return;
	/* --region --cross-region: at least one end inside. */
	if (x->region >= 0 && x->opt->cross_region && s->B->region != x->region &&
	    x->ds->firms[p->id].region != x->region)
		return;
	if (symbi__pair_distance(d, s->radius) || declared_supply(x, p->id, s->D->code))
		return;
	/* The legal gate, as for every pair: A would supply what D asks for. */
	symbi_stream asked = *s->D;
	asked.firm = p->id;
	asked.direction = SYMBI_SUPPLY;
	if (symbi__legal_gate(x->kb, &x->ds->firms[p->id], &asked, -1, s->B, s->D))
		return;
	s->stamp[p->id] = s->pass;
	if (symbi__grow((void **)&s->found, &s->capfound, s->nfound + 1, sizeof *s->found) ||
	    symbi__grow((void **)&s->dist, &s->capdist, s->nfound + 1, sizeof *s->dist)) {
		s->rc = symbi__error(SYMBI_ENOMEM, "out of memory");
		return;
	}
	s->dist[s->nfound] = d;
	s->found[s->nfound++] = p->id;
}

int symbi__sector_demands(match_ctx *x, worker *w)
{
	const symbi_dataset *ds = x->ds;
	const symbi_kb *kb = x->kb;
	const symbi_match_options *opt = x->opt;
	if (!kb->evidence)
		return 0;
	dside s;
	memset(&s, 0, sizeof s);
	s.x = x;
	s.stamp = calloc(ds->nfirms ? ds->nfirms : 1, sizeof *s.stamp);
	s.pstamp = calloc(ds->nfirms ? ds->nfirms : 1, sizeof *s.pstamp);
	if (!s.stamp || !s.pstamp) {
		free(s.stamp);
		free(s.pstamp);
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	}
	symbi_candidate *local = NULL;
	size_t nlocal = 0, caplocal = 0;
	int rc = 0;
	for (uint32_t d = 0; d < ds->nstreams && !rc; d++) {
		const symbi_stream *D = &ds->streams[d];
		if (D->direction != SYMBI_DEMAND || D->code < 0)
			continue;
		const symbi_firm *B = &ds->firms[D->firm];
		if (x->stream >= 0 && d != (uint32_t)x->stream)
			continue;
		if (x->resource >= 0 && !symbi__under(kb, D->code, x->resource))
			continue;
		if (x->region >= 0 && !opt->cross_region && B->region != x->region)
			continue;
		/* The supplier declared nothing: its end has the code's default
		 * radius; D's max_km and --max-km may lower it. */
		double r = symbi__code_radius(&x->sc, D->code, NULL, NULL);
		double radius = symbi__min_limit(symbi__min_limit(r, D->max_km), opt->max_km);
		if (isnan(radius))
			continue;
		const char *const *divs;
		size_t ndiv = symbi__evidence_candidate_divisions(kb->evidence, kb, SYMBI__EV_GIVE,
		                                                  D->code, &divs);
		s.D = D;
		s.B = B;
		s.radius = radius;
		s.nfound = 0;
		s.npeer = 0;
		if (++s.pass == 0) {
			memset(s.stamp, 0, ds->nfirms * sizeof *s.stamp);
			memset(s.pstamp, 0, ds->nfirms * sizeof *s.pstamp);
			s.pass = 1;
		}
		for (size_t k = 0; k < ndiv && !s.rc; k++) {
			int32_t g = symbi__map_get(&x->ev_group, divs[k]);
			if (g >= 0)
				symbi__pindex_query(&x->sector, (uint32_t)g, B->lat, B->lon, radius,
				                    visit_supplier, &s);
		}
		if ((rc = s.rc) != 0)
			break;
		symbi__peers_sort(s.peer, s.npeer);
		nlocal = 0;
		for (size_t i = 0; i < s.nfound; i++) {
			symbi_candidate c;
			memset(&c, 0, sizeof c);
			c.supply = SYMBI_NONE;
			c.demand = d;
			c.supplier = s.found[i];
			c.receiver = D->firm;
			c.rule = -1;
			c.receiver_code = D->code;
			c.basis = SYMBI_BASIS_SECTOR;
			c.dim = D->dim;
			c.yield = 1.0;
			c.distance_km = s.dist[i];
			c.radius_km = radius;
			c.allocated = NAN;
			if ((rc = symbi__score(&x->sc, ds, &c, opt->objective, NULL)) != 0)
				break;
			if (c.score < opt->min_score)
				continue;
			c.evidence = symbi__sector_evidence(x, SYMBI__EV_GIVE, D->code, c.supplier,
			                                    c.distance_km) /
			             (double)symbi__peers_count(s.peer, s.npeer, &ds->firms[c.supplier]);
			if (symbi__grow((void **)&local, &caplocal, nlocal + 1, sizeof *local)) {
				rc = symbi__error(SYMBI_ENOMEM, "out of memory");
				break;
			}
			local[nlocal++] = c;
		}
		if (rc)
			break;
		/* --top K: the best K suppliers of this demand (tiles cut in
		 * their union, where a demand's suppliers of all tiles meet). */
		size_t keep = nlocal;
		if (opt->top_k && keep > opt->top_k && !opt->sector_demands_uncut) {
			if (symbi__sort_candidates(x, &local, &caplocal, nlocal, 0, 1) == (size_t)-1) {
				rc = symbi__error(SYMBI_ENOMEM, "out of memory");
				break;
			}
			keep = opt->top_k;
		}
		/* Into the worker's buffer, which goes to disk past the
		 * thread's share of --memory-limit (spill.h). */
		for (size_t i = 0; i < keep && !rc; i++)
			rc = symbi__push_candidate(w, &w->buf, &w->n, &w->cap, &local[i]);
	}
	free(local);
	free(s.stamp);
	free(s.pstamp);
	free(s.peer);
	free(s.found);
	free(s.dist);
	return rc;
}
