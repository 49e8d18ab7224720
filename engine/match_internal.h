/*
 * match_internal.h: what the files of the matcher share (match.c the query
 * and the workers, match_index.c the spatial index, match_scan.c the full
 * scan, match_ranked.c the ranked search, match_sort.c the ranking order).
 * Private to them: no other module includes it.
 */
#ifndef SYMBI_MATCH_INTERNAL_H
#define SYMBI_MATCH_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>

#include "score.h"

/* ==== Spatial buckets (match_index.c) ====================================================== */

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

typedef void (*visit_fn)(void *ctx, const point *p);

/* ==== Context ========================================================================== */

/* The query filters that one end of a pair can satisfy. */
enum { F_FIRM = 1, F_STREAM = 2, F_RESOURCE = 4, F_REGION = 8 };

typedef struct match_ctx {
	const symbi_dataset *ds;
	const symbi_kb *kb;
	const symbi_match_options *opt;
	symbi__scorer sc;
	int32_t stream, resource, region;
	/* The firms the query names (firm, firms, municipality): firm_in[f]
	 * for each firm, and their list; NULL and 0 when it names none. */
	uint8_t *firm_in;
	uint32_t *qfirms;
	size_t nqfirms;
	unsigned or_filters; /* filters either end may satisfy */
	pindex full;         /* demands by code */
	pindex restricted;   /* demands satisfying every OR filter */
	pindex sector;       /* firms by NACE group */
	int32_t *rule_group; /* sector rule -> NACE group, -1 otherwise */
	symbi__map ev_group; /* documented NACE division -> NACE group (evidence.c) */
	uint32_t *rule_rank; /* rule -> place in the order of preference */
	uint32_t *supplies;
	size_t nsupplies;
	uint32_t *firm_rank, *stream_rank;
	atomic_size_t next, done, total;
	atomic_int stop;
	/* --memory-limit: a thread whose buffer reaches spill_at candidates
	 * writes it, sorted, as a run (spill.h); NULL when not spilling. */
	struct symbi__spill *spill;
	size_t spill_at;
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
	bool dlift;       /* the current demand may take heat lifted by a heat pump */
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
	/* Sector potential: the sector groups searched for the current supply,
	 * and the firms of those groups in its reach (match_scan.c, peers). */
	int32_t *sgroup;
	size_t nsgroup, capsgroup;
	uint32_t *pstamp, ppass;
	struct peer *peer;
	size_t npeer, cappeer;
	bool main;          /* the calling thread: reports progress */
	int rc;
	char msg[512];
} worker;

static inline bool symbi__under(const symbi_kb *kb, int32_t code, int32_t anc)
{
	return code >= 0 && symbi_kb_is_ancestor(kb, anc, code);
}

static inline unsigned symbi__demand_flags(const match_ctx *x, uint32_t d)
{
	const symbi_stream *D = &x->ds->streams[d];
	unsigned f = 0;
	if (x->firm_in && x->firm_in[D->firm])
		f |= F_FIRM;
	if (x->stream >= 0 && d == (uint32_t)x->stream)
		f |= F_STREAM;
	if (x->resource >= 0 && symbi__under(x->kb, D->code, x->resource))
		f |= F_RESOURCE;
	if (x->region >= 0 && x->ds->firms[D->firm].region == x->region)
		f |= F_REGION;
	return f;
}

static inline unsigned symbi__supply_flags(const match_ctx *x, uint32_t s)
{
	return symbi__demand_flags(x, s); /* the same tests on the other end */
}

/* ==== Across the matcher's files ============================================================= */

/* match_index.c: visit every point of `bucket` inside the bounding box of the
 * circle of `r_km` around (lat, lon), and some outside it (the caller tests
 * the exact distance); the demands by code (only those satisfying every OR
 * filter when `restricted`); the firms by the NACE group of each sector rule. */
void symbi__pindex_query(const pindex *ix, uint32_t bucket, double lat, double lon, double r_km,
                         visit_fn visit, void *ctx);
void symbi__pindex_free(pindex *ix);
int symbi__build_demands(match_ctx *x, pindex *ix, bool restricted);
int symbi__build_sector(match_ctx *x);

/* match.c: the workers' common steps. */
void symbi__new_pass(worker *w);
void symbi__worker_fail(worker *w, int rc);
int symbi__push_candidate(worker *w, symbi_candidate **buf, size_t *n, size_t *cap,
                          const symbi_candidate *c);
void symbi__init_candidate(const match_ctx *x, const worker *w, symbi_candidate *c, const hit *h,
                           bool sector);
int symbi__worker_setup(worker *w);
bool symbi__next_chunk(worker *w, size_t n, size_t *begin, size_t *end);
void symbi__chunk_done(worker *w, size_t n, size_t begin, size_t end, double *reported);

/* match_sort.c: sort (*c)[0..n) in ranking order, with `topk` keeping the
 * best `topk` of each demand; the new count, or (size_t)-1 out of memory. */
size_t symbi__sort_candidates(const match_ctx *x, symbi_candidate **c, size_t *cap, size_t n,
                              size_t topk, int threads);

/* match_scan.c: thread body of the full scan (supplies in chunks). */
void *symbi__scan_run(void *arg);

/* match_ranked.c: build the ranked search's supply index (*out, NULL on
 * failure), free it (NULL is fine), and the thread body (demands in chunks). */
int symbi__build_ranked(match_ctx *x, struct sindex **out);
void symbi__sindex_free(struct sindex *ix);
void *symbi__ranked_run(void *arg);

/* ---- Sector potential by the documented exchanges (match_sector.c) ---- */

/* The `rule` of a sector hit found through the documented exchanges alone
 * (evidence.c) rather than a sector rule; its candidate has rule -1. */
#define SYMBI__EV_ROUTE (-2)
/* Likelihood times decay (evidence.c) of a sector candidate whose partner
 * is `firm`; `side` 0 takes (supply side), 1 gives (demand side). 0 when
 * the knowledge base holds no documented exchanges. */
double symbi__sector_evidence(const match_ctx *x, int side, int32_t code, uint32_t firm,
                              double km);
/* Peers (match_scan.c explains them): a firm's NACE codes as a sort key,
 * a list of them sorted, and how many in the list equal a firm's (at least
 * 1). O(n log n) to sort, O(log n + k) to count. */
struct peer {
	const char *nace, *extra; /* the firm's main and further NACE codes */
};
struct peer symbi__peer_of(const symbi_firm *B);
void symbi__peers_sort(struct peer *p, size_t n);
size_t symbi__peers_count(const struct peer *p, size_t n, const symbi_firm *B);
/* Demand-side sector potential of every demand that passes the query,
 * pushed into worker w's buffer (spilled past its share of the memory
 * limit, as the searches' candidates are) (match_sector.c). */
int symbi__sector_demands(match_ctx *x, worker *w);

/* ---- Matching (match.c) -------------------------------------------------------------- */

/* When true, --top runs the exhaustive search (every pair in reach scored,
 * then cut) instead of the ranked one; the two give the same candidates, and
 * tests compare them. */
extern bool symbi__match_exhaustive;

#endif
