/*
 * match.c: candidate generation — which supply of one firm can feed which
 * demand of another (docs/contract.md section 4), and, with --sector, which
 * firms of a receiving sector could take a supply although they declared no
 * demand.
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
 *           default, docs/contract.md section 1) and else the default radius
 *           of S's code (its own or inherited figure, else
 *           class.<class>.radius_km): the
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
 * in reach (match_ranked.c). Supplies (or demands) are shared out among
 * threads in chunks; each thread keeps its own candidates, merged and sorted
 * at the end by a total order, so the result does not depend on the thread
 * count.
 *
 * Files. The tests above are the pair check of pair.h, one copy used by
 * every search (legal.c adds the legal gate); match_index.c is the spatial
 * index, match_scan.c the full scan per supply (declared and sector
 * potential), match_ranked.c the ranked search, match_sort.c the ranking
 * order and the cut to K per demand, match_internal.h what they share. This
 * file resolves the query, holds the workers' common steps, runs the
 * threads and owns the result (the accessors of match.h).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "match_internal.h"
#include "query_firms.h"
#include "spill.h"

#define CHUNK 32

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

/* ==== Workers: what both searches share =========================================== */

/* Start collecting hits for a new search. */
void symbi__new_pass(worker *w)
{
	w->nhits = 0;
	if (++w->pass == 0) { /* wrapped: forget every stamp */
		memset(w->stamp, 0, w->nstamp * sizeof *w->stamp);
		w->pass = 1;
	}
}

void symbi__worker_fail(worker *w, int rc)
{
	if (!w->rc) {
		w->rc = rc;
		snprintf(w->msg, sizeof w->msg, "%s", symbi_last_error());
	}
	atomic_store(&w->ctx->stop, 1);
}

/* Write the thread's buffer, sorted, as a run of the spill, and empty it. */
static int spill_buffer(worker *w)
{
	match_ctx *x = w->ctx;
	if (!w->n)
		return 0;
	size_t k = symbi__sort_candidates(x, &w->buf, &w->cap, w->n, 0, 1);
	if (k == (size_t)-1)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	int rc = symbi__spill_run(x->spill, w->buf, k);
	w->n = 0;
	return rc;
}

int symbi__push_candidate(worker *w, symbi_candidate **buf, size_t *n, size_t *cap,
                          const symbi_candidate *c)
{
	if (symbi__grow((void **)buf, cap, *n + 1, sizeof **buf))
		return SYMBI_ENOMEM;
	(*buf)[(*n)++] = *c;
	/* Past the thread's share of --memory-limit, its candidates go to disk
	 * (only where no cut follows: see symbi_match). */
	if (buf == &w->buf && w->ctx->spill && *n >= w->ctx->spill_at)
		return spill_buffer(w);
	return 0;
}

void symbi__init_candidate(const match_ctx *x, const worker *w, symbi_candidate *c, const hit *h,
                           bool sector)
{
	memset(c, 0, sizeof *c);
	const symbi_rule *r = h->rule >= 0 ? &x->kb->rules[h->rule] : NULL;
	c->supply = w->s;
	c->supplier = w->S->firm;
	c->rule = h->rule >= 0 ? h->rule : -1;
	c->evidence = NAN;
	c->yield = r ? r->yield : 1.0;
	c->distance_km = h->distance;
	c->radius_km = h->radius;
	c->allocated = NAN;
	if (sector) {
		c->demand = SYMBI_NONE;
		c->receiver = h->target;
		c->receiver_code = r ? r->to : -1;
		c->basis = SYMBI_BASIS_SECTOR;
		c->dim = r && r->to_dim != SYMBI_DIM_NONE ? r->to_dim : w->S->dim;
	} else {
		const symbi_stream *D = &x->ds->streams[h->target];
		c->demand = h->target;
		c->receiver = D->firm;
		c->receiver_code = D->code;
		c->basis = SYMBI_BASIS_DECLARED;
		c->dim = D->dim;
	}
}

/* Per-thread arrays, allocated once for both searches; on failure the
 * worker's error is set and -1 returned. */
int symbi__worker_setup(worker *w)
{
	match_ctx *x = w->ctx;
	if (w->stamp)
		return 0;
	w->prune_at = 4096;
	w->nstamp = x->ds->nstreams > x->ds->nfirms ? x->ds->nstreams : x->ds->nfirms;
	w->stamp = calloc(w->nstamp ? w->nstamp : 1, sizeof *w->stamp);
	w->slot = malloc((w->nstamp ? w->nstamp : 1) * sizeof *w->slot);
	w->pstamp = calloc(x->ds->nfirms ? x->ds->nfirms : 1, sizeof *w->pstamp);
	if (!w->stamp || !w->slot || !w->pstamp)
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
	symbi__worker_fail(w, SYMBI_ENOMEM);
	return -1;
}

/* The next chunk [*begin, *end) of n jobs for this worker; false when none
 * is left, another worker failed or the run was cancelled. */
bool symbi__next_chunk(worker *w, size_t n, size_t *begin, size_t *end)
{
	match_ctx *x = w->ctx;
	if (atomic_load(&x->stop))
		return false;
	if (x->opt->cancel && *x->opt->cancel) {
		symbi__error(SYMBI_EINTR, "interrupted");
		symbi__worker_fail(w, SYMBI_EINTR);
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
void symbi__chunk_done(worker *w, size_t n, size_t begin, size_t end, double *reported)
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

/* ==== The query
 * ==================================================================================== */

static int resolve_query(match_ctx *x, const symbi_match_options *opt)
{
	const symbi_dataset *ds = x->ds;
	x->stream = x->resource = x->region = -1;
	x->firm_in = NULL;
	x->qfirms = NULL;
	x->nqfirms = 0;
	if (opt->firm && symbi_dataset_find_firm(ds, opt->firm) < 0)
		return symbi__error(SYMBI_EQUERY, "firm '%s' is not in the dataset", opt->firm);
	int32_t muni;
	int rc = symbi__query_municipality(x->kb, opt, &muni);
	if (rc)
		return rc;
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
	/* Last, so that nothing above fails with the set allocated. */
	if (symbi__query_names_firms(opt)) {
		x->firm_in = calloc(ds->nfirms ? ds->nfirms : 1, 1);
		x->qfirms = malloc((ds->nfirms ? ds->nfirms : 1) * sizeof *x->qfirms);
		if (!x->firm_in || !x->qfirms) {
			free(x->firm_in);
			free(x->qfirms);
			x->firm_in = NULL;
			x->qfirms = NULL;
			return symbi__error(SYMBI_ENOMEM, "out of memory");
		}
		for (size_t f = 0; f < ds->nfirms; f++)
			if (symbi__query_has_firm(x->kb, opt, muni, &ds->firms[f])) {
				x->firm_in[f] = 1;
				x->qfirms[x->nqfirms++] = (uint32_t)f;
			}
	}
	x->or_filters = (x->firm_in ? F_FIRM : 0) | (x->stream >= 0 ? F_STREAM : 0) |
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
	if (symbi__query_firms_copy(&m->arena, &m->opt))
		return SYMBI_ENOMEM;
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
	struct sindex *rix = NULL;
	memset(&x, 0, sizeof x);
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
	symbi__scorer_set_radius(&x.sc, opt->radius_km);

	m = calloc(1, sizeof *m);
	if (!m) {
		free(x.firm_in);
		free(x.qfirms);
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	}
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
	if ((rc = symbi__build_demands(&x, &x.full, false)) != 0)
		goto done;
	if (x.or_filters && (rc = symbi__build_demands(&x, &x.restricted, true)) != 0)
		goto done;
	if (opt->sector && (rc = symbi__build_sector(&x)) != 0)
		goto done;
	m->supplies = x.nsupplies;
	m->demands = x.full.off ? x.full.off[x.full.nbuckets] : 0;

	/* With --top and no either-end filter, each demand looks for its best K
	 * (the ranked search); sector potential is then searched per supply. */
	bool ranked = opt->top_k && !x.or_filters && !symbi__match_exhaustive;
	size_t ndemands = m->demands;
	if (ranked && (rc = symbi__build_ranked(&x, &rix)) != 0)
		goto done;
	x.ranked = rix;
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
	/* --memory-limit: spill where the result needs no cut after the
	 * search (the ranked search keeps each demand's best K itself, and
	 * without --top everything stays). A thread's share counts twice its
	 * buffer: sorting it takes as much again. */
	if (opt->memory_limit && (ranked || !opt->top_k)) {
		if ((rc = symbi__spill_new(&x.spill, opt->spill_dir, opt->cancel)) != 0)
			goto done;
		x.spill_at = opt->memory_limit / (2 * sizeof(symbi_candidate)) / (size_t)nthreads;
		if (x.spill_at < 1024)
			x.spill_at = 1024;
	}
	x.progress_base = 0.0;
	x.progress_scale = 1.0;
	if (ranked) {
		x.progress_scale = opt->sector ? 0.8 : 1.0;
		run_workers(w, tid, nthreads, symbi__ranked_run);
		if (opt->sector && !atomic_load(&x.stop)) {
			x.skip_declared = true;
			x.progress_base = 0.8;
			x.progress_scale = 0.2;
			atomic_store(&x.next, 0);
			atomic_store(&x.done, 0);
			run_workers(w, tid, nthreads, symbi__scan_run);
		}
	} else {
		run_workers(w, tid, nthreads, symbi__scan_run);
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

	/* Demand-side sector potential, cut per demand: into the first
	 * thread's buffer, which spills like the searches' own. */
	if (opt->sector && opt->sector_demands && (rc = symbi__sector_demands(&x, &w[0])) != 0)
		goto done;
	if (symbi__spill_runs(x.spill)) {
		/* Spilled: what the threads still hold becomes runs too, and
		 * the result is read back merged (spill.h). */
		for (int t = 0; t < nthreads && !rc; t++)
			rc = spill_buffer(&w[t]);
		if (rc)
			goto done;
		m->n = symbi__spill_count(x.spill);
		m->spill = x.spill;
		x.spill = NULL;
		goto counted;
	}
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
	size_t kept =
	    symbi__sort_candidates(&x, &m->cands, &m->cap, m->n, ranked ? 0 : opt->top_k, nthreads);
	if (kept == (size_t)-1) {
		rc = symbi__error(SYMBI_ENOMEM, "out of memory");
		goto done;
	}
	m->n = kept;
counted:
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
		free(w[t].pstamp);
		free(w[t].sgroup);
		free(w[t].peer);
		free(w[t].count);
		free(w[t].rroutes);
		free(w[t].rheap);
	}
	free(w);
	symbi__sindex_free(rix);
	free(tid);
	symbi__pindex_free(&x.full);
	symbi__pindex_free(&x.restricted);
	symbi__pindex_free(&x.sector);
	symbi__map_clear(&x.ev_group);
	free(x.rule_group);
	free(x.rule_rank);
	free(x.supplies);
	free(x.firm_in);
	free(x.qfirms);
	free(x.firm_rank);
	free(x.stream_rank);
	symbi__spill_free(x.spill);
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
	symbi__spill_free(m->spill);
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
	return i < m->n && m->cands ? &m->cands[i] : NULL;
}

symbi_candidate *symbi_matches_get_mut(symbi_matches *m, size_t i)
{
	return i < m->n && m->cands ? &m->cands[i] : NULL;
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
	if (c->supply == SYMBI_NONE) {
		int n = snprintf(buf, size, "@%s->%s", m->ds->firms[c->supplier].id,
		                 m->ds->streams[c->demand].id);
		if (n < 0 || (size_t)n >= size)
			return symbi__error(SYMBI_ELIMIT, "partnership id longer than %zu bytes", size);
		return 0;
	}
	const char *sid = m->ds->streams[c->supply].id;
	int n = c->demand == SYMBI_NONE
	            ? snprintf(buf, size, "%s->@%s", sid, m->ds->firms[c->receiver].id)
	            : snprintf(buf, size, "%s->%s", sid, m->ds->streams[c->demand].id);
	if (n < 0 || (size_t)n >= size)
		return symbi__error(SYMBI_ELIMIT, "partnership id longer than %zu bytes", size);
	return 0;
}
