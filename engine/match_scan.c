/*
 * match_scan.c: the full scan (see match.c): for each supply, every demand in
 * reach whose code accepts it, directly or by a substitution rule, through
 * the spatial index (match_index.c) and the pair check (pair.h); with
 * --sector, the firms of a receiving sector; threads share the supplies out
 * in chunks.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "evidence.h"
#include "match_internal.h"
#include "pair.h"

/* ==== Per supply: declared candidates ==================================================== */

/* Record a way to reach `target` from the current supply, keeping only the
 * preferred one per target: O(1) through a per-thread stamp array (a target
 * is reached again only when one code bucket is searched twice, via the
 * supply's ancestors and via a rule's target). */
static int push_hit(worker *w, uint32_t target, int32_t rule, double distance, double radius)
{
	/* The documented exchanges' way in is preferred last: a rule names why. */
	uint32_t pref = rule >= 0 ? w->ctx->rule_rank[rule] : rule == SYMBI__EV_ROUTE ? UINT32_MAX : 0;
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

static void visit_demand(void *vw, const point *p)
{
	worker *w = vw;
	const match_ctx *x = w->ctx;
	const symbi_stream *S = w->S;
	/* Firm and distance first, from the point itself: most points of the
	 * box fail here without touching the demand's record. The point holds
	 * the firm's own coordinates, so the distance is the one reported. */
	if (w->rc || symbi__pair_firms(S->firm, p->firm))
		return;
	/* No pair of this supply reaches further than w->radius. */
	double d = symbi_distance_km(w->A->lat, w->A->lon, p->lat, p->lon);
	if (symbi__pair_distance(d, w->radius))
		return;
	const symbi_stream *D = &x->ds->streams[p->id];
	double radius = symbi__pair_radius(w->radius, w->code_radius, D->max_km);
	if (symbi__pair_distance(d, radius) || symbi__pair_months(S->months, D->months) ||
	    symbi__pair_heat(&x->sc, S, D, w->dhot, w->dcold))
		return;
	/* The supply's flags and the demand's together must cover every OR
	 * filter (--firm, --stream, --resource, --region --cross-region). */
	if (x->or_filters && (w->sflags & x->or_filters) != x->or_filters) {
		unsigned need = x->or_filters & ~w->sflags;
		if ((symbi__demand_flags(x, p->id) & need) != need)
			return;
	}
	/* The preferred way into this bucket whose units fit and that the
	 * legal gate lets through. */
	for (size_t k = w->route_begin; k < w->route_end; k++) {
		int32_t rule = w->routes[k].rule;
		const symbi_rule *r = rule >= 0 ? &x->kb->rules[rule] : NULL;
		if (symbi__pair_units(r, (int)S->dim, (int)D->dim) ||
		    symbi__legal_gate(x->kb, w->A, S, rule, &x->ds->firms[p->firm], D))
			continue;
		if (push_hit(w, p->id, rule, d, radius))
			symbi__worker_fail(w, SYMBI_ENOMEM);
		return;
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

/* The substitution rules reachable from the current supply: the ways of
 * declared(), and what declared_interest() asks about for sector potential. */
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
	symbi__new_pass(w);
	if (collect_subst(w))
		return SYMBI_ENOMEM;
	w->nroutes = 0;
	for (int32_t a = w->S->code; a >= 0; a = kb->codes[a].parent)
		if (add_route(w, a, -1))
			return SYMBI_ENOMEM;
	for (size_t k = 0; k < w->nsubst; k++)
		for (int32_t t = kb->rules[w->subst[k]].to; t >= 0; t = kb->codes[t].parent)
			if (add_route(w, t, (int32_t)w->subst[k]))
				return SYMBI_ENOMEM;
	/* (bucket, preference) is unique, so the order the ways were added in
	 * does not matter. */
	if (w->nroutes > 1)
		qsort(w->routes, w->nroutes, sizeof *w->routes, cmp_route);
	for (size_t i = 0; i < w->nroutes && !w->rc;) {
		size_t j = i + 1;
		while (j < w->nroutes && w->routes[j].bucket == w->routes[i].bucket)
			j++;
		w->route_begin = i;
		w->route_end = j;
		/* A bucket holds the demands of one code: one temperature rule. */
		w->dhot = symbi__is_hot(&x->sc, (int32_t)w->routes[i].bucket);
		w->dcold = symbi__is_cold(&x->sc, (int32_t)w->routes[i].bucket);
		symbi__pindex_query(ix, w->routes[i].bucket, w->A->lat, w->A->lon, w->radius,
		                    visit_demand, w);
		i = j;
	}
	if (w->rc)
		return w->rc;
	for (size_t i = 0; i < w->nhits; i++) {
		symbi_candidate c;
		symbi__init_candidate(x, w, &c, &w->hits[i], false);
		int rc = symbi__score(&x->sc, x->ds, &c, x->opt->objective, NULL);
		if (rc)
			return rc;
		if (c.score < x->opt->min_score || (w->kth && c.score < w->kth[c.demand]))
			continue;
		if (symbi__push_candidate(w, &w->buf, &w->n, &w->cap, &c))
			return SYMBI_ENOMEM;
	}
	return 0;
}

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
	if (w->rc || symbi__pair_firms(w->S->firm, p->id))
		return;
	const symbi_rule *r = w->rule >= 0 ? &x->kb->rules[w->rule] : NULL;
	if (x->or_filters && (w->sflags & x->or_filters) != x->or_filters) {
		unsigned need = x->or_filters & ~w->sflags, got = 0;
		if (x->firm_in && x->firm_in[p->id])
			got |= F_FIRM;
		if (x->resource >= 0 && r && symbi__under(x->kb, r->to, x->resource))
			got |= F_RESOURCE;
		if (x->region >= 0 && x->ds->firms[p->id].region == x->region)
			got |= F_REGION;
		if ((got & need) != need)
			return;
	}
	/* The receiver declared no stream: its end keeps the default radius. */
	double radius = symbi__pair_radius(w->radius, w->code_radius, NAN);
	double d = symbi_distance_km(w->A->lat, w->A->lon, p->lat, p->lon);
	if (symbi__pair_distance(d, radius) || declared_interest(w, p->id) ||
	    symbi__legal_gate(x->kb, w->A, w->S, w->rule >= 0 ? w->rule : -1,
	                      &x->ds->firms[p->id], NULL))
		return;
	if (push_hit(w, p->id, w->rule, d, radius))
		symbi__worker_fail(w, SYMBI_ENOMEM);
}

/* ==== Per supply: peers ===================================================================
 * A sector's likelihood (evidence.c) is the chance that the receiver of a
 * resource is a firm of that sector, not that one given firm is: when n
 * firms of the same NACE codes lie in the supply's reach, each is the
 * receiver with 1/n of it (receivers of a sector taken as equally likely).
 * Without this, a supply in a town with forty building firms sees its top
 * ten filled by them. The peers are counted over every firm of the sector
 * groups searched within the supply's reach, before the filters of the
 * query (--firm, --resource), the declared-interest test and the legal
 * gate, so that a candidate's figure does not depend on the query, and a
 * tile (whose dataset holds every firm in its supplies' reach) counts what
 * the whole run counts. O(P log P) per supply for P firms in reach. The
 * demand side (match_sector.c) counts a demand's suppliers the same way. */

/* Remember sector group g as searched for the current supply (once). */
static int searched(worker *w, int32_t g)
{
	for (size_t i = 0; i < w->nsgroup; i++)
		if (w->sgroup[i] == g)
			return 0;
	if (symbi__grow((void **)&w->sgroup, &w->capsgroup, w->nsgroup + 1, sizeof *w->sgroup))
		return SYMBI_ENOMEM;
	w->sgroup[w->nsgroup++] = g;
	return 0;
}

static void visit_peer(void *vw, const point *p)
{
	worker *w = vw;
	const match_ctx *x = w->ctx;
	if (w->rc || symbi__pair_firms(w->S->firm, p->id) || w->pstamp[p->id] == w->ppass)
		return;
	double radius = symbi__pair_radius(w->radius, w->code_radius, NAN);
	if (symbi__pair_distance(symbi_distance_km(w->A->lat, w->A->lon, p->lat, p->lon), radius))
		return;
	w->pstamp[p->id] = w->ppass;
	if (symbi__grow((void **)&w->peer, &w->cappeer, w->npeer + 1, sizeof *w->peer)) {
		symbi__worker_fail(w, SYMBI_ENOMEM);
		return;
	}
	w->peer[w->npeer++] = symbi__peer_of(&x->ds->firms[p->id]);
}

/* The firms in reach of the current supply in the groups searched, sorted. */
static int count_peers(worker *w)
{
	const match_ctx *x = w->ctx;
	w->npeer = 0;
	if (++w->ppass == 0) {
		memset(w->pstamp, 0, x->ds->nfirms * sizeof *w->pstamp);
		w->ppass = 1;
	}
	for (size_t i = 0; i < w->nsgroup && !w->rc; i++)
		symbi__pindex_query(&x->sector, (uint32_t)w->sgroup[i], w->A->lat, w->A->lon,
		                    w->radius, visit_peer, w);
	if (w->rc)
		return w->rc;
	symbi__peers_sort(w->peer, w->npeer);
	return 0;
}

static int sector(worker *w)
{
	match_ctx *x = w->ctx;
	const symbi_kb *kb = x->kb;
	/* A sector partnership has no demand stream: --stream must name the supply. */
	if (x->stream >= 0 && w->s != (uint32_t)x->stream)
		return 0;
	symbi__new_pass(w);
	w->nsgroup = 0;
	for (int32_t a = w->S->code; a >= 0; a = kb->codes[a].parent) {
		const uint32_t *rules;
		size_t nr = symbi__kb_rules_from(kb, a, &rules);
		for (size_t k = 0; k < nr; k++) {
			int32_t g = x->rule_group[rules[k]];
			const symbi_rule *r = &kb->rules[rules[k]];
			if (g < 0)
				continue;
			if (symbi__pair_units(r, (int)w->S->dim, SYMBI__PAIR_NO_DEMAND))
				continue;
			if (searched(w, g))
				return SYMBI_ENOMEM;
			w->rule = (int32_t)rules[k];
			if (x->firm_in && !(w->sflags & F_FIRM)) {
				/* Only the named firms can be the receiver. */
				for (size_t q = 0; q < x->nqfirms && !w->rc; q++) {
					uint32_t b = x->qfirms[q];
					const symbi_firm *B = &x->ds->firms[b];
					point p = {B->lat, B->lon, 0, b, b, 0};
					bool outside = x->region >= 0 && !x->opt->cross_region &&
					               B->region != x->region;
					if (!outside && symbi__firm_nace_matches(r->nace, B))
						visit_firm(w, &p);
				}
			} else {
				symbi__pindex_query(&x->sector, (uint32_t)g, w->A->lat, w->A->lon,
				                    w->radius, visit_firm, w);
			}
			if (w->rc)
				return w->rc;
		}
	}
	/* Firms of the NACE divisions the documented exchanges show taking the
	 * supply's kind of resource (symbi__evidence_candidate_divisions: a
	 * material's chapter, energy's, water's or gas's whole class) that no
	 * rule reached: evidence.c ranks them. */
	const char *const *divs;
	size_t ndiv = symbi__evidence_candidate_divisions(kb->evidence, kb, SYMBI__EV_TAKE,
	                                                  w->S->code, &divs);
	for (size_t k = 0; k < ndiv && !w->rc; k++) {
		int32_t g = symbi__map_get(&x->ev_group, divs[k]);
		if (g < 0)
			continue;
		if (searched(w, g))
			return SYMBI_ENOMEM;
		w->rule = SYMBI__EV_ROUTE;
		if (x->firm_in && !(w->sflags & F_FIRM)) {
			for (size_t q = 0; q < x->nqfirms && !w->rc; q++) {
				uint32_t b = x->qfirms[q];
				const symbi_firm *B = &x->ds->firms[b];
				point p = {B->lat, B->lon, 0, b, b, 0};
				bool outside =
				    x->region >= 0 && !x->opt->cross_region && B->region != x->region;
				if (!outside && symbi__firm_nace_matches(divs[k], B))
					visit_firm(w, &p);
			}
		} else {
			symbi__pindex_query(&x->sector, (uint32_t)g, w->A->lat, w->A->lon, w->radius,
			                    visit_firm, w);
		}
	}
	if (w->rc)
		return w->rc;
	if (w->nhits && count_peers(w))
		return w->rc;
	w->nlocal = 0;
	for (size_t i = 0; i < w->nhits; i++) {
		symbi_candidate c;
		symbi__init_candidate(x, w, &c, &w->hits[i], true);
		int rc = symbi__score(&x->sc, x->ds, &c, x->opt->objective, NULL);
		if (rc)
			return rc;
		c.evidence = symbi__sector_evidence(x, SYMBI__EV_TAKE, w->S->code, c.receiver,
		                                    c.distance_km) /
		             (double)symbi__peers_count(w->peer, w->npeer, &x->ds->firms[c.receiver]);
		if (c.score < x->opt->min_score)
			continue;
		if (symbi__push_candidate(w, &w->local, &w->nlocal, &w->caplocal, &c))
			return SYMBI_ENOMEM;
	}
	/* --top K: the best K receivers of this supply. */
	size_t keep = w->nlocal;
	if (x->opt->top_k && keep > x->opt->top_k) {
		if (symbi__sort_candidates(x, &w->local, &w->caplocal, w->nlocal, 0, 1) ==
		    (size_t)-1)
			return symbi__error(SYMBI_ENOMEM, "out of memory");
		keep = x->opt->top_k;
	}
	for (size_t i = 0; i < keep; i++)
		if (symbi__push_candidate(w, &w->buf, &w->n, &w->cap, &w->local[i]))
			return SYMBI_ENOMEM;
	return 0;
}

/* ==== One supply, and the thread body ============================================= */

static int worker_supply(worker *w, uint32_t s)
{
	match_ctx *x = w->ctx;
	w->s = s;
	w->S = &x->ds->streams[s];
	w->A = &x->ds->firms[w->S->firm];
	w->sflags = symbi__supply_flags(x, s);
	/* The largest radius any pair of this supply can get (pair.h). */
	w->radius = symbi__supply_radius(&x->sc, w->S, x->opt->max_km, &w->code_radius);
	if (isnan(w->radius))
		return symbi__no_radius(x->kb, w->S->code);
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

void *symbi__scan_run(void *arg)
{
	worker *w = arg;
	match_ctx *x = w->ctx;
	const symbi_match_options *opt = x->opt;
	size_t counted = 0; /* what this thread has added to x->total */
	double reported = 0.0;
	size_t begin, end;
	if (symbi__worker_setup(w))
		return NULL;
	while (symbi__next_chunk(w, x->nsupplies, &begin, &end)) {
		for (size_t i = begin; i < end; i++) {
			int rc = worker_supply(w, x->supplies[i]);
			if (rc) {
				symbi__worker_fail(w, rc);
				return NULL;
			}
		}
		/* Bound memory: with --top, a thread's own best K per demand are a
		 * superset of its share of the final best K, so pruning early is
		 * exact. */
		if (opt->top_k && w->n >= 2 * w->prune_at) {
			size_t m = symbi__sort_candidates(x, &w->buf, &w->cap, w->n, opt->top_k, 1);
			if (m == (size_t)-1) {
				symbi__error(SYMBI_ENOMEM, "out of memory");
				symbi__worker_fail(w, SYMBI_ENOMEM);
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
			symbi__worker_fail(w, SYMBI_ELIMIT);
			return NULL;
		}
		symbi__chunk_done(w, x->nsupplies, begin, end, &reported);
	}
	return NULL;
}
