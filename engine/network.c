/*
 * network.c: the firm network built from partnerships — its clusters
 * (Leiden communities with igraph), chains and loops (bounded depth-first
 * searches), and the portfolio of candidate projects — and igraph's error
 * handler for the whole engine.
 *
 * Vertices are the firms with at least one edge, sorted by firm id, so the
 * result depends on the partnerships, not on the order of the CSV rows. Edges
 * keep the order of the matches. Every figure lives in this module's own
 * arrays: igraph sees only the bare undirected graph and its weights, and no
 * attribute handler is installed.
 */
#include <cjson/cJSON.h>
#include <igraph.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* ==== igraph's error handler =========================================================== */

/* igraph 0.10 keeps its error handler in a global (the library is built
 * without thread-local storage: IGRAPH_THREAD_SAFE is 0), so it is set once
 * for the process. The handler records the message for the thread that hit
 * the error and frees igraph's temporaries, as igraph_error_handler_ignore
 * does; the failing igraph function then returns its error code. */
static _Thread_local char igraph_message[256];

static void on_igraph_error(const char *reason, const char *file, int line, igraph_error_t err)
{
	(void)file;
	(void)line;
	snprintf(igraph_message, sizeof igraph_message, "%s (%s)", reason ? reason : "",
	         igraph_strerror(err));
	IGRAPH_FINALLY_FREE();
}

static pthread_once_t igraph_once = PTHREAD_ONCE_INIT;

static void igraph_setup(void)
{
	igraph_set_error_handler(on_igraph_error);
	/* Warnings would go to stderr, and a library never prints. */
	igraph_set_warning_handler(igraph_warning_handler_ignore);
}

void symbi__igraph_init(void)
{
	pthread_once(&igraph_once, igraph_setup);
}

static int igraph_failed(const char *what)
{
	return symbi__error(SYMBI_EINTERNAL, "%s: igraph failed: %s", what, igraph_message);
}

/* igraph's random generator and its finally-stack are process-wide (no
 * thread-local storage in this build): one clustering at a time, so that
 * concurrent callers neither corrupt igraph's state nor draw from each
 * other's seeded sequence. */
static pthread_mutex_t igraph_lock = PTHREAD_MUTEX_INITIALIZER;

/* ==== The network ======================================================================== */

/* A growable list of found paths: vertices in one pool, offsets apart. */
typedef struct path_found {
	size_t off, len; /* into the vertex pool */
	bool cut;
	double value_nok, co2e_t;
} path_found;

struct symbi_network {
	const symbi_matches *m;
	const symbi_dataset *ds;
	symbi_network_options opt;
	symbi__arena arena;

	symbi_edge *edges;
	size_t nedges, dropped;

	uint32_t *vfirm; /* vertex -> firm */
	int32_t *vof;    /* firm -> vertex, -1 */
	size_t nv;
	int32_t *vcluster; /* vertex -> reported cluster, -1 */
	double modularity;

	/* Directed firm pairs ("arcs"), CSR by source vertex; each source's arcs
	 * ordered by total weight descending, then target vertex, so the path
	 * searches meet the heavier flows first. */
	size_t narcs;
	size_t *arc_off; /* nv + 1 */
	uint32_t *arc_to;
	double *arc_w;
	size_t *arc_eoff; /* narcs + 1: the arc's edges are arc_edges[eoff[a] .. eoff[a+1]) */
	size_t *arc_edges;
	size_t *in_off; /* nv + 1: in-neighbour vertices, CSR by target */
	uint32_t *in_from;

	symbi_cluster *clusters;
	size_t nclusters;
	symbi_path *chains, *loops;
	size_t nchains, nloops;
	bool chains_truncated, loops_truncated;
	symbi_project *projects;
	size_t nprojects;
};

static double objective_of(const symbi_network *net, double value_nok, double co2e_t)
{
	return net->opt.objective == SYMBI_OBJECTIVE_CO2 ? co2e_t : value_nok;
}

static void *xcalloc(size_t n, size_t size)
{
	return calloc(n ? n : 1, size);
}

static void *xmalloc(size_t n, size_t size)
{
	size_t bytes;
	if (!symbi__mul(n ? n : 1, size, &bytes))
		return NULL;
	return malloc(bytes);
}

static void *arena_array(symbi__arena *a, size_t n, size_t size)
{
	size_t bytes;
	if (!symbi__mul(n ? n : 1, size, &bytes))
		return NULL;
	return symbi__arena_alloc(a, bytes);
}

void symbi_network_free(symbi_network *net)
{
	if (!net)
		return;
	free(net->edges);
	free(net->vfirm);
	free(net->vof);
	free(net->vcluster);
	free(net->arc_off);
	free(net->arc_to);
	free(net->arc_w);
	free(net->arc_eoff);
	free(net->arc_edges);
	free(net->in_off);
	free(net->in_from);
	free(net->clusters);
	free(net->chains);
	free(net->loops);
	free(net->projects);
	symbi__arena_clear(&net->arena);
	free(net);
}

/* ---- Edges ------------------------------------------------------------------------------ */

/* The partnership id of candidate i (symbi_candidate_id), copied into the
 * arena; NULL when out of memory. */
static const char *candidate_id(symbi_network *net, size_t i)
{
	char small[256];
	if (symbi_candidate_id(net->m, i, small, sizeof small) == 0)
		return symbi__arena_strdup(&net->arena, small);
	const symbi_candidate *c = symbi_matches_get(net->m, i);
	const char *other = c->demand == SYMBI_NONE ? symbi_dataset_firm(net->ds, c->receiver)->id
	                                            : symbi_dataset_stream(net->ds, c->demand)->id;
	size_t need = strlen(symbi_dataset_stream(net->ds, c->supply)->id) + strlen(other) + 4;
	char *big = symbi__arena_alloc(&net->arena, need);
	if (!big || symbi_candidate_id(net->m, i, big, need) != 0)
		return NULL;
	return big;
}

static int build_edges(symbi_network *net)
{
	const symbi_matches *m = net->m;
	size_t n = symbi_matches_count(m), nfirms = symbi_dataset_firm_count(net->ds);
	net->edges = xmalloc(n, sizeof *net->edges);
	if (!net->edges)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		const symbi_candidate *c = symbi_matches_get(m, i);
		double share = 1.0, q = c->quantity;
		switch (net->opt.edges) {
		case SYMBI_EDGES_ALLOCATED:
			if (c->basis != SYMBI_BASIS_DECLARED || !(c->allocated > 0.0))
				continue;
			q = c->allocated;
			share = c->quantity > 0.0 ? c->allocated / c->quantity : 0.0;
			break;
		case SYMBI_EDGES_DECLARED:
			if (c->basis != SYMBI_BASIS_DECLARED)
				continue;
			break;
		case SYMBI_EDGES_ALL:
			break;
		}
		double v = c->value_nok * share, co2 = c->co2e_t * share;
		double w = objective_of(net, v, co2);
		if (c->supplier >= nfirms || c->receiver >= nfirms || c->supplier == c->receiver)
			continue;
		if (!(w > 0.0) || !isfinite(w) || !isfinite(v) || !isfinite(co2) || !isfinite(q)) {
			/* Modularity needs positive weights, and a partnership
			 * that loses money (or CO2e) links nobody usefully. */
			net->dropped++;
			continue;
		}
		const char *id = candidate_id(net, i);
		if (!id)
			return symbi__error(SYMBI_ENOMEM, "out of memory");
		net->edges[net->nedges++] =
		    (symbi_edge){i, id, c->supplier, c->receiver, c->dim, q, v, co2, w, -1};
	}
	return 0;
}

/* ---- Vertices ---------------------------------------------------------------------------- */

typedef struct firm_key {
	const char *id;
	uint32_t firm;
} firm_key;

static int cmp_firm_key(const void *a, const void *b)
{
	const firm_key *x = a, *y = b;
	int c = strcmp(x->id, y->id);
	return c ? c : (x->firm > y->firm) - (x->firm < y->firm);
}

static int build_vertices(symbi_network *net)
{
	size_t nfirms = symbi_dataset_firm_count(net->ds);
	firm_key *keys = NULL;
	int rc = 0;
	net->vof = xmalloc(nfirms, sizeof *net->vof);
	if (!net->vof)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	for (size_t f = 0; f < nfirms; f++)
		net->vof[f] = -1;
	for (size_t e = 0; e < net->nedges; e++) {
		net->vof[net->edges[e].supplier] = 0;
		net->vof[net->edges[e].receiver] = 0;
	}
	size_t nv = 0;
	for (size_t f = 0; f < nfirms; f++)
		nv += net->vof[f] == 0;
	keys = xmalloc(nv, sizeof *keys);
	net->vfirm = xmalloc(nv, sizeof *net->vfirm);
	net->vcluster = xmalloc(nv, sizeof *net->vcluster);
	if (!keys || !net->vfirm || !net->vcluster) {
		rc = symbi__error(SYMBI_ENOMEM, "out of memory");
		goto done;
	}
	nv = 0;
	for (size_t f = 0; f < nfirms; f++)
		if (net->vof[f] == 0)
			keys[nv++] =
			    (firm_key){symbi_dataset_firm(net->ds, (uint32_t)f)->id, (uint32_t)f};
	qsort(keys, nv, sizeof *keys, cmp_firm_key);
	for (size_t v = 0; v < nv; v++) {
		net->vfirm[v] = keys[v].firm;
		net->vof[keys[v].firm] = (int32_t)v;
		net->vcluster[v] = -1;
	}
	net->nv = nv;
done:
	free(keys);
	return rc;
}

/* ---- Arcs: directed firm pairs ------------------------------------------------------------ */

typedef struct arc_key {
	uint32_t u, v;
	size_t edge;
} arc_key;

static int cmp_arc_key(const void *a, const void *b)
{
	const arc_key *x = a, *y = b;
	if (x->u != y->u)
		return x->u < y->u ? -1 : 1;
	if (x->v != y->v)
		return x->v < y->v ? -1 : 1;
	return (x->edge > y->edge) - (x->edge < y->edge);
}

typedef struct arc_order {
	uint32_t u, v;
	double w;
	size_t arc;
} arc_order;

static int cmp_arc_order(const void *a, const void *b)
{
	const arc_order *x = a, *y = b;
	if (x->u != y->u)
		return x->u < y->u ? -1 : 1;
	if (x->w != y->w)
		return x->w > y->w ? -1 : 1;
	return (x->v > y->v) - (x->v < y->v);
}

static int build_arcs(symbi_network *net)
{
	size_t ne = net->nedges, nv = net->nv;
	arc_key *keys = xmalloc(ne, sizeof *keys);
	arc_order *ord = xmalloc(ne, sizeof *ord);
	size_t *start = xmalloc(ne + 1, sizeof *start);
	int rc = 0;
	net->arc_off = xcalloc(nv + 1, sizeof *net->arc_off);
	net->arc_to = xmalloc(ne, sizeof *net->arc_to);
	net->arc_w = xmalloc(ne, sizeof *net->arc_w);
	net->arc_eoff = xmalloc(ne + 1, sizeof *net->arc_eoff);
	net->arc_edges = xmalloc(ne, sizeof *net->arc_edges);
	net->in_off = xcalloc(nv + 1, sizeof *net->in_off);
	net->in_from = xmalloc(ne, sizeof *net->in_from);
	if (!keys || !ord || !start || !net->arc_off || !net->arc_to || !net->arc_w ||
	    !net->arc_eoff || !net->arc_edges || !net->in_off || !net->in_from) {
		rc = symbi__error(SYMBI_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t e = 0; e < ne; e++)
		keys[e] = (arc_key){(uint32_t)net->vof[net->edges[e].supplier],
		                    (uint32_t)net->vof[net->edges[e].receiver], e};
	qsort(keys, ne, sizeof *keys, cmp_arc_key);
	/* Group equal (u, v) into arcs, in (u, v) order first. */
	size_t na = 0;
	for (size_t e = 0; e < ne; e++) {
		if (e == 0 || keys[e].u != keys[e - 1].u || keys[e].v != keys[e - 1].v) {
			start[na] = e;
			ord[na] = (arc_order){keys[e].u, keys[e].v, 0.0, na};
			na++;
		}
		ord[na - 1].w += net->edges[keys[e].edge].weight;
	}
	start[na] = ne;
	qsort(ord, na, sizeof *ord, cmp_arc_order);
	size_t pos = 0;
	for (size_t a = 0; a < na; a++) {
		size_t g = ord[a].arc;
		net->arc_to[a] = ord[a].v;
		net->arc_w[a] = ord[a].w;
		net->arc_off[ord[a].u + 1]++;
		net->in_off[ord[a].v + 1]++;
		net->arc_eoff[a] = pos;
		for (size_t k = start[g]; k < start[g + 1]; k++)
			net->arc_edges[pos++] = keys[k].edge;
	}
	net->arc_eoff[na] = pos;
	for (size_t v = 0; v < nv; v++) {
		net->arc_off[v + 1] += net->arc_off[v];
		net->in_off[v + 1] += net->in_off[v];
	}
	/* In-neighbours, grouped by target; filled in arc order per source. */
	{
		size_t *fill = xcalloc(nv, sizeof *fill);
		if (!fill) {
			rc = symbi__error(SYMBI_ENOMEM, "out of memory");
			goto done;
		}
		for (size_t a = 0; a < na; a++) {
			uint32_t v = ord[a].v;
			net->in_from[net->in_off[v] + fill[v]++] = ord[a].u;
		}
		free(fill);
	}
	net->narcs = na;
done:
	free(keys);
	free(ord);
	free(start);
	return rc;
}

/* The arc u -> v, or SIZE_MAX. O(out-degree of u). */
static size_t find_arc(const symbi_network *net, uint32_t u, uint32_t v)
{
	for (size_t a = net->arc_off[u]; a < net->arc_off[u + 1]; a++)
		if (net->arc_to[a] == v)
			return a;
	return SIZE_MAX;
}

/* ---- Communities (Leiden) --------------------------------------------------------------- */

typedef struct pair_key {
	uint32_t a, b;
	double w;
} pair_key;

static int cmp_pair_key(const void *x, const void *y)
{
	const pair_key *p = x, *q = y;
	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	return (p->b > q->b) - (p->b < q->b);
}

/* Relabel a membership vector by order of first appearance, so two
 * partitions compare equal when they group the same vertices. */
static void canonical(igraph_integer_t *memb, size_t n, igraph_integer_t *map)
{
	for (size_t i = 0; i < n; i++)
		map[i] = -1;
	igraph_integer_t next = 0;
	for (size_t i = 0; i < n; i++) {
		igraph_integer_t c = memb[i];
		if (c < 0 || (size_t)c >= n)
			continue;
		if (map[c] < 0)
			map[c] = next++;
		memb[i] = map[c];
	}
}

/* Leiden on the undirected collapse of the firm network: both directions
 * and every resource between two firms add up to one edge weight. The
 * objective is modularity with resolution gamma: node weights are the
 * strengths and the resolution parameter gamma / (2m) (igraph 0.10 manual,
 * igraph_community_leiden; Traag, Waltman & van Eck 2019, "From Louvain to
 * Leiden", Sci. Rep. 9:5233). Weights are divided by their total, so m = 1.
 * The seed is fixed and Leiden is iterated from its own result until the
 * partition no longer changes (at most 100 rounds). `memb_out` receives a
 * cluster label per vertex. Near-linear in the edges per round. */
#define LEIDEN_MAX_ROUNDS 100
static int leiden(symbi_network *net, igraph_integer_t *memb_out)
{
	size_t nv = net->nv, np = 0;
	pair_key *pairs = xmalloc(net->narcs, sizeof *pairs);
	igraph_integer_t *prev = xmalloc(nv, sizeof *prev), *map = xmalloc(nv, sizeof *map);
	igraph_t g;
	igraph_vector_int_t ev, memb;
	igraph_vector_t w, nw;
	bool have_g = false, have_ev = false, have_memb = false, have_w = false, have_nw = false;
	bool locked = false;
	int rc = 0;

	if (!pairs || !prev || !map) {
		rc = symbi__error(SYMBI_ENOMEM, "out of memory");
		goto done;
	}
	double total = 0.0;
	for (uint32_t u = 0; u < nv; u++)
		for (size_t a = net->arc_off[u]; a < net->arc_off[u + 1]; a++) {
			uint32_t v = net->arc_to[a];
			pairs[np++] = (pair_key){u < v ? u : v, u < v ? v : u, net->arc_w[a]};
			total += net->arc_w[a];
		}
	qsort(pairs, np, sizeof *pairs, cmp_pair_key);
	size_t nu = 0;
	for (size_t i = 0; i < np; i++) {
		if (nu && pairs[nu - 1].a == pairs[i].a && pairs[nu - 1].b == pairs[i].b)
			pairs[nu - 1].w += pairs[i].w;
		else
			pairs[nu++] = pairs[i];
	}

	symbi__igraph_init();
	pthread_mutex_lock(&igraph_lock);
	locked = true;
	if (igraph_vector_int_init(&ev, (igraph_integer_t)(2 * nu)) != IGRAPH_SUCCESS) {
		rc = igraph_failed("clusters");
		goto done;
	}
	have_ev = true;
	if (igraph_vector_init(&w, (igraph_integer_t)nu) != IGRAPH_SUCCESS) {
		rc = igraph_failed("clusters");
		goto done;
	}
	have_w = true;
	if (igraph_vector_init(&nw, (igraph_integer_t)nv) != IGRAPH_SUCCESS) {
		rc = igraph_failed("clusters");
		goto done;
	}
	have_nw = true;
	if (igraph_vector_int_init(&memb, (igraph_integer_t)nv) != IGRAPH_SUCCESS) {
		rc = igraph_failed("clusters");
		goto done;
	}
	have_memb = true;
	for (size_t i = 0; i < nu; i++) {
		double wi = pairs[i].w / total;
		VECTOR(ev)[2 * i] = pairs[i].a;
		VECTOR(ev)[2 * i + 1] = pairs[i].b;
		VECTOR(w)[i] = wi;
		VECTOR(nw)[pairs[i].a] += wi;
		VECTOR(nw)[pairs[i].b] += wi;
	}
	if (igraph_create(&g, &ev, (igraph_integer_t)nv, IGRAPH_UNDIRECTED) != IGRAPH_SUCCESS) {
		rc = igraph_failed("clusters");
		goto done;
	}
	have_g = true;

	igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)net->opt.seed);
	igraph_error_t err = IGRAPH_SUCCESS;
	for (int round = 0; round < LEIDEN_MAX_ROUNDS; round++) {
		igraph_integer_t nb = 0;
		igraph_real_t quality = 0;
		err = igraph_community_leiden(&g, &w, &nw, net->opt.resolution / 2.0, 0.01,
		                              round > 0, 1, &memb, &nb, &quality);
		if (err != IGRAPH_SUCCESS)
			break;
		canonical(VECTOR(memb), nv, map);
		if (round > 0 && memcmp(prev, VECTOR(memb), nv * sizeof *prev) == 0)
			break;
		memcpy(prev, VECTOR(memb), nv * sizeof *prev);
	}
	igraph_real_t q = 0;
	if (err == IGRAPH_SUCCESS)
		err = igraph_modularity(&g, &memb, &w, net->opt.resolution, false, &q);
	if (err != IGRAPH_SUCCESS) {
		rc = igraph_failed("clusters");
		goto done;
	}
	net->modularity = q;
	for (size_t i = 0; i < nv; i++)
		memb_out[i] = VECTOR(memb)[i];
done:
	if (have_g)
		igraph_destroy(&g);
	if (have_ev)
		igraph_vector_int_destroy(&ev);
	if (have_memb)
		igraph_vector_int_destroy(&memb);
	if (have_w)
		igraph_vector_destroy(&w);
	if (have_nw)
		igraph_vector_destroy(&nw);
	if (locked)
		pthread_mutex_unlock(&igraph_lock);
	free(pairs);
	free(prev);
	free(map);
	return rc;
}

/* ---- Clusters ----------------------------------------------------------------------------- */

typedef struct group_key {
	igraph_integer_t label;
	uint32_t v;
} group_key;

static int cmp_group_key(const void *a, const void *b)
{
	const group_key *x = a, *y = b;
	if (x->label != y->label)
		return x->label < y->label ? -1 : 1;
	return (x->v > y->v) - (x->v < y->v);
}

typedef struct cluster_order {
	double total;
	uint32_t first; /* smallest vertex = smallest firm id */
	size_t start, len;
} cluster_order;

static int cmp_cluster_order(const void *a, const void *b)
{
	const cluster_order *x = a, *y = b;
	if (x->total != y->total)
		return x->total > y->total ? -1 : 1;
	return (x->first > y->first) - (x->first < y->first);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* qsort has no context argument: the dataset for cmp_region, per thread. */
static _Thread_local const symbi_dataset *cmp_region_ds;

static int cmp_region(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	int c =
	    strcmp(symbi_dataset_region(cmp_region_ds, x), symbi_dataset_region(cmp_region_ds, y));
	return c ? c : (x > y) - (x < y);
}

static int cmp_int32(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

/* Fill the figures of cluster `cl` whose firms and edges are set; `met` and
 * `strength` are zeroed scratch arrays (one double per stream, per vertex),
 * left zeroed. O(edges inside + the members' streams). */
static int cluster_figures(symbi_network *net, symbi_cluster *cl, double *met, double *strength)
{
	const symbi_dataset *ds = net->ds;
	symbi__arena *ar = &net->arena;
	const symbi_matches *m = net->m;
	const size_t *edges = cl->edges;
	size_t ne = cl->nedges;

	int32_t *codes = xmalloc(ne, sizeof *codes);
	if (!codes)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	for (size_t i = 0; i < ne; i++) {
		const symbi_edge *ed = &net->edges[edges[i]];
		const symbi_candidate *c = symbi_matches_get(m, ed->candidate);
		codes[i] = symbi_dataset_stream(ds, c->supply)->code;
		cl->value_nok += ed->value_nok;
		cl->co2e_t += ed->co2e_t;
		if ((unsigned)ed->dim < 4)
			cl->moved[ed->dim] += ed->quantity;
		strength[net->vof[ed->supplier]] += ed->weight;
		strength[net->vof[ed->receiver]] += ed->weight;
		if (c->demand != SYMBI_NONE && c->basis == SYMBI_BASIS_DECLARED)
			met[c->demand] += ed->quantity;
	}

	/* Distinct resources supplied inside. */
	qsort(codes, ne, sizeof *codes, cmp_int32);
	for (size_t i = 0; i < ne; i++)
		cl->resources += i == 0 || codes[i] != codes[i - 1];
	free(codes);

	/* Anchor: highest weighted degree inside, ties to the smaller id (the
	 * firms are in id order). */
	cl->anchor = cl->firms[0];
	cl->anchor_weight = -1.0;
	for (size_t i = 0; i < cl->nfirms; i++) {
		uint32_t v = (uint32_t)net->vof[cl->firms[i]];
		if (strength[v] > cl->anchor_weight) {
			cl->anchor_weight = strength[v];
			cl->anchor = cl->firms[i];
		}
	}

	/* Circularity: the members' declared demand met from inside. */
	double share_sum = 0.0;
	for (size_t i = 0; i < cl->nfirms; i++) {
		const symbi_firm *f = symbi_dataset_firm(ds, cl->firms[i]);
		for (uint32_t k = 0; k < f->n_streams; k++) {
			uint32_t s = symbi_dataset_firm_stream(ds, cl->firms[i], k);
			const symbi_stream *st = symbi_dataset_stream(ds, s);
			if (st->direction != SYMBI_DEMAND || !(st->quantity > 0.0) ||
			    !isfinite(st->quantity))
				continue;
			double got = met[s] < st->quantity ? met[s] : st->quantity;
			if ((unsigned)st->dim < 4) {
				cl->demand_declared[st->dim] += st->quantity;
				cl->demand_met[st->dim] += got;
			}
			share_sum += got / st->quantity;
			cl->demands++;
		}
	}
	cl->circularity = cl->demands ? share_sum / (double)cl->demands : NAN;

	/* Reset the scratch arrays. */
	for (size_t i = 0; i < ne; i++) {
		const symbi_candidate *c = symbi_matches_get(m, net->edges[edges[i]].candidate);
		if (c->demand != SYMBI_NONE && c->basis == SYMBI_BASIS_DECLARED)
			met[c->demand] = 0.0;
	}
	for (size_t i = 0; i < cl->nfirms; i++)
		strength[net->vof[cl->firms[i]]] = 0.0;

	/* Municipalities and regions spanned. */
	const char **mun = arena_array(ar, cl->nfirms, sizeof *mun);
	int32_t *reg = arena_array(ar, cl->nfirms, sizeof *reg);
	if (!mun || !reg)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	size_t nm = 0, nr = 0;
	for (size_t i = 0; i < cl->nfirms; i++) {
		const symbi_firm *f = symbi_dataset_firm(ds, cl->firms[i]);
		if (f->municipality && *f->municipality)
			mun[nm++] = f->municipality;
		if (f->region >= 0)
			reg[nr++] = f->region;
	}
	qsort(mun, nm, sizeof *mun, cmp_str);
	size_t um = 0;
	for (size_t i = 0; i < nm; i++)
		if (um == 0 || strcmp(mun[um - 1], mun[i]) != 0)
			mun[um++] = mun[i];
	cmp_region_ds = ds;
	qsort(reg, nr, sizeof *reg, cmp_region);
	size_t ur = 0;
	for (size_t i = 0; i < nr; i++)
		if (ur == 0 || reg[ur - 1] != reg[i])
			reg[ur++] = reg[i];
	cl->municipalities = mun;
	cl->nmunicipalities = um;
	cl->regions = reg;
	cl->nregions = ur;
	return 0;
}

static int build_clusters(symbi_network *net)
{
	size_t nv = net->nv;
	igraph_integer_t *memb = NULL;
	group_key *gk = NULL;
	cluster_order *co = NULL;
	double *met = NULL, *strength = NULL, *ltotal = NULL;
	size_t *eoff = NULL;
	int rc = 0;

	if (nv == 0)
		return 0;
	memb = xmalloc(nv, sizeof *memb);
	gk = xmalloc(nv, sizeof *gk);
	co = xmalloc(nv, sizeof *co);
	ltotal = xcalloc(nv, sizeof *ltotal);
	if (!memb || !gk || !co || !ltotal) {
		rc = symbi__error(SYMBI_ENOMEM, "out of memory");
		goto done;
	}
	rc = leiden(net, memb);
	if (rc)
		goto done;

	/* The objective total of the edges inside each community (labels are
	 * 0 .. nv-1 after canonical()) decides the order. */
	for (size_t e = 0; e < net->nedges; e++) {
		igraph_integer_t a = memb[net->vof[net->edges[e].supplier]];
		igraph_integer_t b = memb[net->vof[net->edges[e].receiver]];
		if (a == b)
			ltotal[a] += net->edges[e].weight;
	}
	/* Groups in label order, each holding its vertices in id order. */
	for (size_t v = 0; v < nv; v++)
		gk[v] = (group_key){memb[v], (uint32_t)v};
	qsort(gk, nv, sizeof *gk, cmp_group_key);
	size_t ng = 0;
	for (size_t i = 0; i < nv;) {
		size_t j = i;
		while (j < nv && gk[j].label == gk[i].label)
			j++;
		if (j - i >= net->opt.min_firms)
			co[ng++] = (cluster_order){ltotal[gk[i].label], gk[i].v, i, j - i};
		i = j;
	}
	qsort(co, ng, sizeof *co, cmp_cluster_order);

	net->clusters = xcalloc(ng, sizeof *net->clusters);
	met = xcalloc(symbi_dataset_stream_count(net->ds), sizeof *met);
	strength = xcalloc(nv, sizeof *strength);
	eoff = xcalloc(ng + 1, sizeof *eoff);
	if (!net->clusters || !met || !strength || !eoff) {
		rc = symbi__error(SYMBI_ENOMEM, "out of memory");
		goto done;
	}
	net->nclusters = ng;
	/* Final numbering, then the edges inside each, in edge order. */
	for (size_t c = 0; c < ng; c++)
		for (size_t k = co[c].start; k < co[c].start + co[c].len; k++)
			net->vcluster[gk[k].v] = (int32_t)c;
	for (size_t e = 0; e < net->nedges; e++) {
		int32_t a = net->vcluster[net->vof[net->edges[e].supplier]];
		int32_t b = net->vcluster[net->vof[net->edges[e].receiver]];
		net->edges[e].cluster = a >= 0 && a == b ? a : -1;
		if (net->edges[e].cluster >= 0)
			eoff[a + 1]++;
	}
	for (size_t c = 0; c < ng; c++) {
		symbi_cluster *cl = &net->clusters[c];
		size_t *edges = arena_array(&net->arena, eoff[c + 1], sizeof *edges);
		if (!edges) {
			rc = symbi__error(SYMBI_ENOMEM, "out of memory");
			goto done;
		}
		cl->edges = edges;
	}
	for (size_t e = 0; e < net->nedges; e++) {
		int32_t c = net->edges[e].cluster;
		if (c >= 0) {
			symbi_cluster *cl = &net->clusters[c];
			((size_t *)cl->edges)[cl->nedges++] = e;
		}
	}
	for (size_t c = 0; c < ng; c++) {
		symbi_cluster *cl = &net->clusters[c];
		char *id = symbi__arena_printf(&net->arena, "C%zu", c + 1);
		uint32_t *firms = arena_array(&net->arena, co[c].len, sizeof *firms);
		if (!id || !firms) {
			rc = symbi__error(SYMBI_ENOMEM, "out of memory");
			goto done;
		}
		for (size_t k = 0; k < co[c].len; k++)
			firms[k] = net->vfirm[gk[co[c].start + k].v];
		cl->id = id;
		cl->firms = firms;
		cl->nfirms = co[c].len;
		rc = cluster_figures(net, cl, met, strength);
		if (rc)
			goto done;
	}
done:
	free(memb);
	free(gk);
	free(co);
	free(met);
	free(strength);
	free(ltotal);
	free(eoff);
	return rc;
}

/* ---- Chains and loops -------------------------------------------------------------------- */

/* Depth-first search of simple directed paths, bounded three ways: at most
 * max_path_firms firms on a path, max_steps_per_firm arcs tried from each
 * starting firm and max_paths_per_firm paths kept from it. Each source's arcs
 * are tried heaviest first, so a bound cuts the lighter paths. Without the
 * bounds the number of simple paths grows exponentially with the length;
 * with them the search is O(V * max_steps_per_firm).
 *
 * Loops (Johnson 1975's canonical form): a cycle is found once, from its
 * smallest vertex s, by a search that only enters vertices greater than s.
 * Chains: open paths of at least 3 firms that cannot be extended at either
 * end (every in-neighbour of the first firm and every out-neighbour of the
 * last are already on it, or the length bound stopped it: `cut`), and are
 * not closed (no arc from the last back to the first: that is a loop). */
typedef struct path_search {
	symbi_network *net;
	bool loops;
	uint32_t *path;
	size_t *iter;
	bool *on;
	path_found *found;
	size_t nfound, capfound;
	uint32_t *pool;
	size_t npool, cappool;
	bool truncated;
} path_search;

static int record_path(path_search *ps, size_t len, bool cut)
{
	symbi_network *net = ps->net;
	if (symbi__grow((void **)&ps->found, &ps->capfound, ps->nfound + 1, sizeof *ps->found) ||
	    symbi__grow((void **)&ps->pool, &ps->cappool, ps->npool + len, sizeof *ps->pool))
		return SYMBI_ENOMEM;
	path_found *p = &ps->found[ps->nfound++];
	p->off = ps->npool;
	p->len = len;
	p->cut = cut;
	p->value_nok = p->co2e_t = 0.0;
	memcpy(ps->pool + ps->npool, ps->path, len * sizeof *ps->path);
	ps->npool += len;
	size_t steps = ps->loops ? len : len - 1;
	for (size_t i = 0; i < steps; i++) {
		size_t a = find_arc(net, ps->path[i], ps->path[(i + 1) % len]);
		for (size_t k = net->arc_eoff[a]; k < net->arc_eoff[a + 1]; k++) {
			p->value_nok += net->edges[net->arc_edges[k]].value_nok;
			p->co2e_t += net->edges[net->arc_edges[k]].co2e_t;
		}
	}
	return 0;
}

/* A chain ending at path[len-1]: maximal at the start and not closed? */
static bool chain_ok(const path_search *ps, size_t len)
{
	const symbi_network *net = ps->net;
	uint32_t s = ps->path[0], t = ps->path[len - 1];
	for (size_t k = net->in_off[s]; k < net->in_off[s + 1]; k++)
		if (!ps->on[net->in_from[k]])
			return false;
	return find_arc(net, t, s) == SIZE_MAX;
}

/* Does the vertex u have an out-arc to a vertex off the path? */
static bool extendable(const path_search *ps, uint32_t u)
{
	const symbi_network *net = ps->net;
	for (size_t a = net->arc_off[u]; a < net->arc_off[u + 1]; a++)
		if (!ps->on[net->arc_to[a]])
			return true;
	return false;
}

static int search_from(path_search *ps, uint32_t s)
{
	symbi_network *net = ps->net;
	const symbi_network_options *o = &net->opt;
	size_t maxlen = o->max_path_firms, depth = 1, steps = 0, kept = 0;
	int rc = 0;

	if (!ps->loops) {
		/* A start with more in-neighbours than the path can hold is
		 * never maximal. */
		if (net->in_off[s + 1] - net->in_off[s] > maxlen - 1)
			return 0;
	}
	ps->path[0] = s;
	ps->iter[0] = net->arc_off[s];
	ps->on[s] = true;
	while (depth > 0) {
		uint32_t u = ps->path[depth - 1];
		size_t *it = &ps->iter[depth - 1];
		if (*it >= net->arc_off[u + 1]) {
			ps->on[u] = false;
			depth--;
			continue;
		}
		if (steps >= o->max_steps_per_firm || kept >= o->max_paths_per_firm) {
			ps->truncated = true;
			break;
		}
		uint32_t v = net->arc_to[(*it)++];
		steps++;
		if (ps->loops) {
			if (v == s && depth >= 2) {
				if ((rc = record_path(ps, depth, false)) != 0)
					break;
				kept++;
				continue;
			}
			if (v <= s || ps->on[v] || depth >= maxlen)
				continue;
			ps->path[depth] = v;
			ps->iter[depth] = net->arc_off[v];
			ps->on[v] = true;
			depth++;
		} else {
			if (ps->on[v])
				continue;
			ps->path[depth] = v;
			ps->on[v] = true;
			size_t len = depth + 1;
			bool more = extendable(ps, v);
			if (!more || len >= maxlen) {
				/* A leaf of the search: report it if it is a chain. */
				if (len >= 3 && chain_ok(ps, len)) {
					if ((rc = record_path(ps, len, more)) != 0)
						break;
					kept++;
				}
				ps->on[v] = false;
				continue;
			}
			ps->iter[depth] = net->arc_off[v];
			depth++;
		}
	}
	/* Leave `on` all false for the next start. */
	for (size_t i = 0; i < depth; i++)
		ps->on[ps->path[i]] = false;
	return rc;
}

typedef struct path_rank {
	const path_search *ps;
	size_t i;
	double key;
} path_rank;

static int cmp_path_rank(const void *a, const void *b)
{
	const path_rank *x = a, *y = b;
	if (x->key != y->key)
		return x->key > y->key ? -1 : 1;
	const path_found *p = &x->ps->found[x->i], *q = &y->ps->found[y->i];
	const uint32_t *pv = x->ps->pool + p->off, *qv = x->ps->pool + q->off;
	size_t n = p->len < q->len ? p->len : q->len;
	for (size_t k = 0; k < n; k++)
		if (pv[k] != qv[k])
			return pv[k] < qv[k] ? -1 : 1;
	return (p->len > q->len) - (p->len < q->len);
}

static int find_paths(symbi_network *net, bool loops)
{
	size_t nv = net->nv, maxlen = net->opt.max_path_firms;
	path_search ps = {0};
	path_rank *rank = NULL;
	symbi_path *out = NULL;
	int rc = 0;

	ps.net = net;
	ps.loops = loops;
	ps.path = xmalloc(maxlen + 1, sizeof *ps.path);
	ps.iter = xmalloc(maxlen + 1, sizeof *ps.iter);
	ps.on = xcalloc(nv, sizeof *ps.on);
	if (!ps.path || !ps.iter || !ps.on) {
		rc = symbi__error(SYMBI_ENOMEM, "out of memory");
		goto done;
	}
	for (uint32_t s = 0; s < nv && !rc; s++)
		rc = search_from(&ps, s);
	if (rc)
		goto done;

	rank = xmalloc(ps.nfound, sizeof *rank);
	if (!rank) {
		rc = symbi__error(SYMBI_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < ps.nfound; i++)
		rank[i] = (path_rank){&ps, i,
		                      objective_of(net, ps.found[i].value_nok, ps.found[i].co2e_t)};
	qsort(rank, ps.nfound, sizeof *rank, cmp_path_rank);
	size_t keep = ps.nfound < net->opt.max_paths ? ps.nfound : net->opt.max_paths;
	if (keep < ps.nfound)
		ps.truncated = true;
	out = xcalloc(keep, sizeof *out);
	if (!out) {
		rc = symbi__error(SYMBI_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t r = 0; r < keep; r++) {
		const path_found *p = &ps.found[rank[r].i];
		symbi_path *q = &out[r];
		const uint32_t *pv = ps.pool + p->off;
		uint32_t *firms = arena_array(&net->arena, p->len, sizeof *firms);
		size_t steps = loops ? p->len : p->len - 1, ne = 0;
		for (size_t i = 0; i < steps; i++) {
			size_t a = find_arc(net, pv[i], pv[(i + 1) % p->len]);
			ne += net->arc_eoff[a + 1] - net->arc_eoff[a];
		}
		size_t *edges = arena_array(&net->arena, ne, sizeof *edges);
		if (!firms || !edges) {
			rc = symbi__error(SYMBI_ENOMEM, "out of memory");
			goto done;
		}
		ne = 0;
		int32_t cl = net->vcluster[pv[0]];
		for (size_t i = 0; i < p->len; i++) {
			firms[i] = net->vfirm[pv[i]];
			if (net->vcluster[pv[i]] != cl)
				cl = -1;
		}
		for (size_t i = 0; i < steps; i++) {
			size_t a = find_arc(net, pv[i], pv[(i + 1) % p->len]);
			for (size_t k = net->arc_eoff[a]; k < net->arc_eoff[a + 1]; k++)
				edges[ne++] = net->arc_edges[k];
		}
		*q = (symbi_path){firms, p->len, edges, ne, p->value_nok, p->co2e_t, p->cut, cl};
		if (cl >= 0) {
			if (loops)
				net->clusters[cl].loops++;
			else
				net->clusters[cl].chains++;
		}
	}
	if (loops) {
		net->loops = out;
		net->nloops = keep;
		net->loops_truncated = ps.truncated;
	} else {
		net->chains = out;
		net->nchains = keep;
		net->chains_truncated = ps.truncated;
	}
	out = NULL;
done:
	free(out);
	free(rank);
	free(ps.path);
	free(ps.iter);
	free(ps.on);
	free(ps.found);
	free(ps.pool);
	return rc;
}

/* ---- Portfolio ---------------------------------------------------------------------------- */

/* Clusters of at least min_project_firms firms are candidate projects,
 * ranked by a weighted score: each criterion divided by its largest absolute
 * value among the projects (so it lies in [-1, 1] and the units drop out),
 * times its weight, summed. The weights are a judgement, not a measurement:
 * they are options and are written to the output so that anyone can rerank.
 * Chertow's "3-2 heuristic" (at least three entities exchanging at least two
 * resources: M. R. Chertow, "'Uncovering' industrial symbiosis", J. Ind.
 * Ecol. 11(1):11-30, 2007) is reported per project, and the number of
 * distinct resources is a criterion of its own. O(C log C). */

/* The criteria of a cluster, in the order of symbi_portfolio_weights. */
#define NCRIT 7
static void criteria(const symbi_cluster *cl, double *x)
{
	x[0] = cl->value_nok;
	x[1] = cl->co2e_t;
	x[2] = isnan(cl->circularity) ? 0.0 : cl->circularity;
	x[3] = (double)cl->resources;
	x[4] = (double)cl->loops;
	x[5] = (double)cl->chains;
	x[6] = (double)cl->nfirms;
}

static void weight_vector(const symbi_portfolio_weights *pw, double *w)
{
	w[0] = pw->value_nok;
	w[1] = pw->co2e_t;
	w[2] = pw->circularity;
	w[3] = pw->resources;
	w[4] = pw->loops;
	w[5] = pw->chains;
	w[6] = pw->firms;
}

static int cmp_project(const void *a, const void *b)
{
	const symbi_project *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return (x->cluster > y->cluster) - (x->cluster < y->cluster);
}

static int build_portfolio(symbi_network *net)
{
	double w[NCRIT], maxabs[NCRIT] = {0}, x[NCRIT];
	weight_vector(&net->opt.weights, w);
	size_t np = 0;
	for (size_t c = 0; c < net->nclusters; c++)
		np += net->clusters[c].nfirms >= net->opt.min_project_firms;
	net->projects = xcalloc(np, sizeof *net->projects);
	if (!net->projects)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	for (size_t c = 0; c < net->nclusters; c++) {
		if (net->clusters[c].nfirms < net->opt.min_project_firms)
			continue;
		criteria(&net->clusters[c], x);
		for (int k = 0; k < NCRIT; k++)
			if (fabs(x[k]) > maxabs[k])
				maxabs[k] = fabs(x[k]);
	}
	np = 0;
	for (size_t c = 0; c < net->nclusters; c++) {
		const symbi_cluster *cl = &net->clusters[c];
		if (cl->nfirms < net->opt.min_project_firms)
			continue;
		criteria(cl, x);
		double score = 0.0;
		for (int k = 0; k < NCRIT; k++)
			if (maxabs[k] > 0.0)
				score += w[k] * x[k] / maxabs[k];
		net->projects[np++] =
		    (symbi_project){c, 0, score, cl->nfirms >= 3 && cl->resources >= 2};
	}
	qsort(net->projects, np, sizeof *net->projects, cmp_project);
	for (size_t i = 0; i < np; i++)
		net->projects[i].rank = i + 1;
	net->nprojects = np;
	return 0;
}

/* ---- Building it all --------------------------------------------------------------------- */

static int check_options(const symbi_network_options *o)
{
	if (o->version != 1)
		return symbi__error(SYMBI_EQUERY, "network options: unknown version %d",
		                    o->version);
	if ((unsigned)o->edges > SYMBI_EDGES_ALL)
		return symbi__error(SYMBI_EQUERY, "network options: unknown edge set");
	if ((unsigned)o->objective > SYMBI_OBJECTIVE_CO2)
		return symbi__error(SYMBI_EQUERY, "network options: unknown objective");
	if (!(o->resolution > 0.0) || !isfinite(o->resolution))
		return symbi__error(SYMBI_EQUERY, "resolution '%g' must be a number above 0",
		                    o->resolution);
	if (o->min_firms < 2)
		return symbi__error(SYMBI_EQUERY, "min-firms '%zu' must be at least 2",
		                    o->min_firms);
	if (o->min_project_firms < 2)
		return symbi__error(SYMBI_EQUERY, "min-project-firms '%zu' must be at least 2",
		                    o->min_project_firms);
	if (o->max_path_firms < 2 || o->max_path_firms > 16)
		return symbi__error(SYMBI_EQUERY, "max-path-firms '%zu' must be 2 to 16",
		                    o->max_path_firms);
	double ws[NCRIT];
	weight_vector(&o->weights, ws);
	for (int k = 0; k < NCRIT; k++)
		if (!isfinite(ws[k]))
			return symbi__error(SYMBI_EQUERY,
			                    "portfolio weights must be finite numbers");
	return 0;
}

int symbi_network_build(symbi_network **out, const symbi_matches *m,
                        const symbi_network_options *opt)
{
	symbi_network *net = NULL;
	int rc;

	*out = NULL;
	symbi_network_options def = SYMBI_NETWORK_OPTIONS_INIT;
	if (!opt)
		opt = &def;
	if ((rc = check_options(opt)) != 0)
		return rc;
	if (opt->edges == SYMBI_EDGES_ALLOCATED && !m->remaining)
		return symbi__error(SYMBI_EQUERY,
		                    "no allocation to build the network from: run the "
		                    "allocation first, or use every candidate");
	net = calloc(1, sizeof *net);
	if (!net)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	net->m = m;
	net->ds = symbi_matches_dataset(m);
	net->opt = *opt;
	net->modularity = NAN;
	if ((rc = build_edges(net)) != 0 || (rc = build_vertices(net)) != 0 ||
	    (rc = build_arcs(net)) != 0 || (rc = build_clusters(net)) != 0 ||
	    (rc = find_paths(net, false)) != 0 || (rc = find_paths(net, true)) != 0 ||
	    (rc = build_portfolio(net)) != 0) {
		symbi_network_free(net);
		return rc;
	}
	*out = net;
	return 0;
}

/* ---- Accessors --------------------------------------------------------------------------- */

const symbi_network_options *symbi_network_options_get(const symbi_network *net)
{
	return &net->opt;
}
const symbi_matches *symbi_network_matches(const symbi_network *net)
{
	return net->m;
}
size_t symbi_network_firm_count(const symbi_network *net)
{
	return net->nv;
}
uint32_t symbi_network_firm(const symbi_network *net, size_t i)
{
	return net->vfirm[i];
}
size_t symbi_network_edge_count(const symbi_network *net)
{
	return net->nedges;
}
const symbi_edge *symbi_network_edge(const symbi_network *net, size_t i)
{
	return &net->edges[i];
}
size_t symbi_network_dropped(const symbi_network *net)
{
	return net->dropped;
}
double symbi_network_modularity(const symbi_network *net)
{
	return net->modularity;
}
size_t symbi_network_cluster_count(const symbi_network *net)
{
	return net->nclusters;
}
const symbi_cluster *symbi_network_cluster(const symbi_network *net, size_t i)
{
	return &net->clusters[i];
}
size_t symbi_network_chain_count(const symbi_network *net)
{
	return net->nchains;
}
const symbi_path *symbi_network_chain(const symbi_network *net, size_t i)
{
	return &net->chains[i];
}
size_t symbi_network_loop_count(const symbi_network *net)
{
	return net->nloops;
}
const symbi_path *symbi_network_loop(const symbi_network *net, size_t i)
{
	return &net->loops[i];
}
bool symbi_network_chains_truncated(const symbi_network *net)
{
	return net->chains_truncated;
}
bool symbi_network_loops_truncated(const symbi_network *net)
{
	return net->loops_truncated;
}
size_t symbi_network_project_count(const symbi_network *net)
{
	return net->nprojects;
}
const symbi_project *symbi_network_project(const symbi_network *net, size_t i)
{
	return &net->projects[i];
}

/* ==== JSON (SPEC section 6) =================================================================
 * Laid out like the match JSON (json_out.c): the opening ("version", "query",
 * "summary") is one small cJSON tree printed whole with its closing brace
 * dropped; then each array ("partnerships", "clusters", "chains", "loops",
 * "portfolio") is written one element at a time, each a small tree printed,
 * written and deleted, so memory does not grow with the output. Indented with
 * tabs by default; `compact` puts each element on a line of its own. Numbers
 * go through symbi__round: NOK 0 decimals, t CO2e 3, quantities 3, shares 4. */

#define DEC_NOK 0
#define DEC_CO2E 3
#define DEC_QTY 3
#define DEC_SHARE 4
#define DEC_FACTOR 6

#define PORTFOLIO_RULE                                                                             \
	"clusters of at least min_project_firms firms, ranked by score = sum over the "            \
	"criteria of weight * criterion / (largest |criterion| among the projects); "              \
	"circularity counts 0 when the members declare no demand; ties by cluster id"

/* Add a rounded number, or null when it is not finite. False when out of
 * memory. */
static bool add_num(cJSON *o, const char *key, double v, int decimals)
{
	if (!isfinite(v))
		return cJSON_AddNullToObject(o, key) != NULL;
	return cJSON_AddNumberToObject(o, key, symbi__round(v, decimals)) != NULL;
}

static bool add_count(cJSON *o, const char *key, size_t n)
{
	return cJSON_AddNumberToObject(o, key, (double)n) != NULL;
}

static bool add_str(cJSON *o, const char *key, const char *s)
{
	return (s ? cJSON_AddStringToObject(o, key, s) : cJSON_AddNullToObject(o, key)) != NULL;
}

/* Add `item` under `key`, or delete it; false when item is NULL or the key
 * cannot be added. */
static bool add_item(cJSON *o, const char *key, cJSON *item)
{
	if (!item)
		return false;
	if (!cJSON_AddItemToObject(o, key, item)) {
		cJSON_Delete(item);
		return false;
	}
	return true;
}

/* {"t/yr": x, "m3/yr": y, "MWh/yr": z}, the keys of the match summary. */
static bool add_quantities(cJSON *o, const char *key, const double *q)
{
	cJSON *j = cJSON_AddObjectToObject(o, key);
	return j && add_num(j, "t/yr", q[SYMBI_DIM_MASS], DEC_QTY) &&
	       add_num(j, "m3/yr", q[SYMBI_DIM_VOLUME], DEC_QTY) &&
	       add_num(j, "MWh/yr", q[SYMBI_DIM_ENERGY], DEC_QTY);
}

static bool add_firm_ids(const symbi_network *net, cJSON *o, const char *key, const uint32_t *firms,
                         size_t n)
{
	cJSON *a = cJSON_AddArrayToObject(o, key);
	for (size_t i = 0; a && i < n; i++) {
		cJSON *s = cJSON_CreateString(symbi_dataset_firm(net->ds, firms[i])->id);
		if (!s || !cJSON_AddItemToArray(a, s)) {
			cJSON_Delete(s);
			return false;
		}
	}
	return a != NULL;
}

static bool add_edge_ids(const symbi_network *net, cJSON *o, const char *key, const size_t *edges,
                         size_t n)
{
	cJSON *a = cJSON_AddArrayToObject(o, key);
	for (size_t i = 0; a && i < n; i++) {
		cJSON *s = cJSON_CreateString(net->edges[edges[i]].id);
		if (!s || !cJSON_AddItemToArray(a, s)) {
			cJSON_Delete(s);
			return false;
		}
	}
	return a != NULL;
}

static const char *edge_set_name(symbi_edge_set e)
{
	return e == SYMBI_EDGES_ALLOCATED  ? "allocated"
	       : e == SYMBI_EDGES_DECLARED ? "declared"
	                                   : "all";
}

static cJSON *json_query(const symbi_network *net, const symbi_json_options *jo)
{
	const symbi_match_options *mo = symbi_matches_options(net->m);
	const symbi_network_options *o = &net->opt;
	const symbi_portfolio_weights *pw = &o->weights;
	cJSON *q = cJSON_CreateObject(), *w;
	bool ok = q && add_str(q, "dataset", jo ? jo->dataset : NULL) &&
	          add_str(q, "firm", mo->firm) && add_str(q, "stream", mo->stream) &&
	          add_str(q, "resource", mo->resource) && add_str(q, "region", mo->region) &&
	          cJSON_AddBoolToObject(q, "cross_region", mo->cross_region) &&
	          add_num(q, "max_km", mo->max_km, 2) &&
	          (mo->top_k ? add_count(q, "top", mo->top_k)
	                     : cJSON_AddNullToObject(q, "top") != NULL) &&
	          add_num(q, "min_score", mo->min_score, DEC_FACTOR) &&
	          cJSON_AddBoolToObject(q, "sector", mo->sector) &&
	          add_str(q, "objective", o->objective == SYMBI_OBJECTIVE_CO2 ? "co2" : "value") &&
	          cJSON_AddBoolToObject(q, "optimize", o->edges == SYMBI_EDGES_ALLOCATED) &&
	          add_str(q, "edges", edge_set_name(o->edges)) &&
	          add_str(q, "method", "leiden-modularity") &&
	          add_num(q, "resolution", o->resolution, DEC_FACTOR) &&
	          add_count(q, "seed", (size_t)o->seed) &&
	          add_count(q, "min_firms", o->min_firms) &&
	          add_count(q, "max_path_firms", o->max_path_firms) &&
	          add_count(q, "max_paths_per_firm", o->max_paths_per_firm) &&
	          add_count(q, "max_steps_per_firm", o->max_steps_per_firm) &&
	          add_count(q, "max_paths", o->max_paths) &&
	          add_count(q, "min_project_firms", o->min_project_firms) &&
	          (w = cJSON_AddObjectToObject(q, "portfolio_weights")) != NULL &&
	          add_num(w, "value_nok", pw->value_nok, DEC_FACTOR) &&
	          add_num(w, "co2e_t", pw->co2e_t, DEC_FACTOR) &&
	          add_num(w, "circularity", pw->circularity, DEC_FACTOR) &&
	          add_num(w, "resources", pw->resources, DEC_FACTOR) &&
	          add_num(w, "loops", pw->loops, DEC_FACTOR) &&
	          add_num(w, "chains", pw->chains, DEC_FACTOR) &&
	          add_num(w, "firms", pw->firms, DEC_FACTOR);
	if (!ok) {
		cJSON_Delete(q);
		return NULL;
	}
	return q;
}

static cJSON *json_summary(const symbi_network *net, const symbi_allocation_summary *alloc)
{
	double value = 0.0, co2 = 0.0, moved[4] = {0, 0, 0, 0};
	size_t in_clusters = 0, exchanges = 0;
	for (size_t e = 0; e < net->nedges; e++) {
		value += net->edges[e].value_nok;
		co2 += net->edges[e].co2e_t;
		if ((unsigned)net->edges[e].dim < 4)
			moved[net->edges[e].dim] += net->edges[e].quantity;
	}
	for (size_t c = 0; c < net->nclusters; c++)
		in_clusters += net->clusters[c].nfirms;
	for (size_t i = 0; i < net->nloops; i++)
		exchanges += net->loops[i].nfirms == 2;
	cJSON *s = cJSON_CreateObject();
	bool ok =
	    s && add_count(s, "firms", symbi_dataset_firm_count(net->ds)) &&
	    add_count(s, "candidates", symbi_matches_count(net->m)) &&
	    add_count(s, "network_firms", net->nv) && add_count(s, "partnerships", net->nedges) &&
	    add_count(s, "left_out_not_positive", net->dropped) &&
	    add_num(s, "value_nok", value, DEC_NOK) && add_num(s, "co2e_t", co2, DEC_CO2E) &&
	    add_quantities(s, "quantity", moved) && add_count(s, "clusters", net->nclusters) &&
	    add_count(s, "firms_in_clusters", in_clusters) &&
	    add_num(s, "modularity", net->modularity, DEC_SHARE) &&
	    add_count(s, "chains", net->nchains) &&
	    cJSON_AddBoolToObject(s, "chains_truncated", net->chains_truncated) &&
	    add_count(s, "loops", net->nloops) && add_count(s, "exchanges", exchanges) &&
	    cJSON_AddBoolToObject(s, "loops_truncated", net->loops_truncated) &&
	    add_count(s, "projects", net->nprojects) &&
	    add_str(s, "portfolio_rule", PORTFOLIO_RULE);
	if (ok && alloc) {
		cJSON *a = cJSON_AddObjectToObject(s, "allocation");
		ok = a && add_num(a, "value_nok", alloc->total_value_nok, DEC_NOK) &&
		     add_num(a, "co2e_t", alloc->total_co2e_t, DEC_CO2E) &&
		     add_count(a, "partnerships_used", alloc->partnerships_used) &&
		     add_count(a, "components", alloc->components) &&
		     add_count(a, "components_capped", alloc->components_capped) &&
		     cJSON_AddBoolToObject(a, "optimal", alloc->components_capped == 0);
	}
	if (!ok) {
		cJSON_Delete(s);
		return NULL;
	}
	return s;
}

/* One partnership as an edge: the match JSON's partnership object, plus what
 * entered the network ("network": the quantity moved and its value and CO2e,
 * scaled to the allocation when the edges are allocated ones) and the
 * cluster it lies in. */
static cJSON *json_edge(const symbi_network *net, size_t e, const symbi__scorer *sc,
                        const symbi_json_options *jo)
{
	const symbi_edge *ed = &net->edges[e];
	cJSON *o = symbi__partnership_json(net->m, ed->candidate, sc, jo && jo->explain,
	                                   net->m->remaining != NULL);
	cJSON *n = o ? cJSON_AddObjectToObject(o, "network") : NULL;
	bool ok = n && add_num(n, "quantity", ed->quantity, DEC_QTY) &&
	          add_num(n, "value_nok", ed->value_nok, DEC_NOK) &&
	          add_num(n, "co2e_t", ed->co2e_t, DEC_CO2E) &&
	          add_str(o, "cluster", ed->cluster >= 0 ? net->clusters[ed->cluster].id : NULL);
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

static cJSON *json_cluster(const symbi_network *net, const symbi_cluster *cl)
{
	const symbi_dataset *ds = net->ds;
	const symbi_firm *af = symbi_dataset_firm(ds, cl->anchor);
	cJSON *o = cJSON_CreateObject(), *an, *dm, *mu, *re;
	bool ok = o && add_str(o, "id", cl->id) &&
	          add_firm_ids(net, o, "firms", cl->firms, cl->nfirms) &&
	          add_edge_ids(net, o, "partnerships", cl->edges, cl->nedges) &&
	          add_num(o, "value_nok", cl->value_nok, DEC_NOK) &&
	          add_num(o, "co2e_t", cl->co2e_t, DEC_CO2E) &&
	          add_quantities(o, "quantity", cl->moved) &&
	          (an = cJSON_AddObjectToObject(o, "anchor")) != NULL &&
	          add_str(an, "firm_id", af->id) && add_str(an, "name", af->name) &&
	          add_num(an, "weighted_degree", cl->anchor_weight,
	                  net->opt.objective == SYMBI_OBJECTIVE_CO2 ? DEC_CO2E : DEC_NOK) &&
	          add_count(o, "resources", cl->resources) &&
	          add_num(o, "circularity", cl->circularity, DEC_SHARE) &&
	          (dm = cJSON_AddObjectToObject(o, "demand_met")) != NULL;
	static const char *const unit_key[4] = {NULL, "t/yr", "m3/yr", "MWh/yr"};
	for (int d = SYMBI_DIM_MASS; ok && d <= SYMBI_DIM_ENERGY; d++) {
		if (!(cl->demand_declared[d] > 0.0))
			continue;
		cJSON *u = cJSON_AddObjectToObject(dm, unit_key[d]);
		ok = u && add_num(u, "declared", cl->demand_declared[d], DEC_QTY) &&
		     add_num(u, "met", cl->demand_met[d], DEC_QTY) &&
		     add_num(u, "share", cl->demand_met[d] / cl->demand_declared[d], DEC_SHARE);
	}
	ok = ok && add_count(o, "chains", cl->chains) && add_count(o, "loops", cl->loops) &&
	     (mu = cJSON_AddArrayToObject(o, "municipalities")) != NULL &&
	     (re = cJSON_AddArrayToObject(o, "regions")) != NULL;
	for (size_t i = 0; ok && i < cl->nmunicipalities; i++) {
		cJSON *x = cJSON_CreateString(cl->municipalities[i]);
		ok = x && cJSON_AddItemToArray(mu, x);
		if (!ok)
			cJSON_Delete(x);
	}
	for (size_t i = 0; ok && i < cl->nregions; i++) {
		cJSON *x = cJSON_CreateString(symbi_dataset_region(ds, cl->regions[i]));
		ok = x && cJSON_AddItemToArray(re, x);
		if (!ok)
			cJSON_Delete(x);
	}
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

static cJSON *json_path(const symbi_network *net, const symbi_path *p, bool loop)
{
	cJSON *o = cJSON_CreateObject();
	bool ok = o &&
	          add_str(o, "kind",
	                  !loop            ? "chain"
	                  : p->nfirms == 2 ? "exchange"
	                                   : "loop") &&
	          add_count(o, "length", p->nfirms) &&
	          add_firm_ids(net, o, "firms", p->firms, p->nfirms) &&
	          add_edge_ids(net, o, "partnerships", p->edges, p->nedges) &&
	          add_num(o, "value_nok", p->value_nok, DEC_NOK) &&
	          add_num(o, "co2e_t", p->co2e_t, DEC_CO2E) &&
	          (loop || cJSON_AddBoolToObject(o, "cut", p->cut)) &&
	          add_str(o, "cluster", p->cluster >= 0 ? net->clusters[p->cluster].id : NULL);
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

static cJSON *json_project(const symbi_network *net, const symbi_project *pr)
{
	const symbi_cluster *cl = &net->clusters[pr->cluster];
	cJSON *o = cJSON_CreateObject(), *c;
	bool ok = o && add_count(o, "rank", pr->rank) && add_str(o, "cluster", cl->id) &&
	          add_num(o, "score", pr->score, DEC_SHARE) &&
	          (c = cJSON_AddObjectToObject(o, "criteria")) != NULL &&
	          add_num(c, "value_nok", cl->value_nok, DEC_NOK) &&
	          add_num(c, "co2e_t", cl->co2e_t, DEC_CO2E) &&
	          add_num(c, "circularity", cl->circularity, DEC_SHARE) &&
	          add_count(c, "resources", cl->resources) && add_count(c, "loops", cl->loops) &&
	          add_count(c, "chains", cl->chains) && add_count(c, "firms", cl->nfirms) &&
	          cJSON_AddBoolToObject(c, "chertow_3_2", pr->chertow_3_2);
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

/* ---- The document ---- */

typedef struct jw {
	FILE *f;
	bool pretty;
	char *buf;
	size_t cap;
	int rc;
} jw;

static void jw_put(jw *w, const char *s, size_t n)
{
	if (!w->rc && fwrite(s, 1, n, w->f) != n)
		w->rc = symbi__error(SYMBI_EIO, "error writing the JSON output");
}

static void jw_puts(jw *w, const char *s)
{
	jw_put(w, s, strlen(s));
}

/* Write `s`, every line indented by `tabs` tabs (cJSON escapes newlines in
 * strings, so each raw newline in its output is layout). */
static void jw_indented(jw *w, const char *s, int tabs)
{
	static const char t[] = "\t\t\t\t";
	jw_put(w, t, (size_t)tabs);
	for (const char *p = s;;) {
		const char *nl = strchr(p, '\n');
		if (!nl) {
			jw_puts(w, p);
			return;
		}
		jw_put(w, p, (size_t)(nl - p + 1));
		jw_put(w, t, (size_t)tabs);
		p = nl + 1;
	}
}

/* Print one element (deleting it) into the reused buffer and write it. */
static void jw_element(jw *w, cJSON *item, size_t i)
{
	if (!item) {
		if (!w->rc)
			w->rc = symbi__error(SYMBI_ENOMEM, "out of memory");
		return;
	}
	while (!w->rc && !cJSON_PrintPreallocated(item, w->buf, (int)w->cap, w->pretty)) {
		char *nb = w->cap <= (size_t)INT32_MAX / 2 ? realloc(w->buf, w->cap * 2) : NULL;
		if (!nb)
			w->rc = symbi__error(SYMBI_ENOMEM, "out of memory");
		else {
			w->buf = nb;
			w->cap *= 2;
		}
	}
	cJSON_Delete(item);
	if (w->rc)
		return;
	if (i > 0)
		jw_puts(w, ",\n");
	if (w->pretty)
		jw_indented(w, w->buf, 2);
	else
		jw_puts(w, w->buf);
}

static void jw_open(jw *w, const char *key, size_t n)
{
	jw_puts(w, w->pretty ? ",\n\t\"" : ",\"");
	jw_puts(w, key);
	jw_puts(w, w->pretty ? "\":\t[" : "\":[");
	if (n)
		jw_puts(w, "\n");
}

static void jw_close(jw *w, size_t n)
{
	if (n)
		jw_puts(w, w->pretty ? "\n\t]" : "\n]");
	else
		jw_puts(w, "]");
}

int symbi_network_write_json(FILE *f, const symbi_network *net, const symbi_json_options *jo)
{
	const symbi_allocation_summary *alloc =
	    jo && jo->optimize && net->opt.edges == SYMBI_EDGES_ALLOCATED ? jo->allocation : NULL;
	jw w = {f, !(jo && jo->compact), NULL, 4096, 0};
	symbi__scorer sc;
	char *head = NULL;
	cJSON *top = cJSON_CreateObject();
	if (!top || !add_str(top, "version", SYMBI_VERSION) ||
	    !add_item(top, "query", json_query(net, jo)) ||
	    !add_item(top, "summary", json_summary(net, alloc)) || !(w.buf = malloc(w.cap))) {
		w.rc = symbi__error(SYMBI_ENOMEM, "out of memory");
		goto done;
	}
	symbi__scorer_init(&sc, net->ds->kb);
	head = w.pretty ? cJSON_Print(top) : cJSON_PrintUnformatted(top);
	if (!head) {
		w.rc = symbi__error(SYMBI_ENOMEM, "out of memory");
		goto done;
	}
	/* Drop the closing brace (and the newline before it) to go on. */
	size_t hn = strlen(head);
	if (hn < 2 || head[hn - 1] != '}') {
		w.rc = symbi__error(SYMBI_EINTERNAL, "cJSON printed an unexpected document");
		goto done;
	}
	hn--;
	if (w.pretty && head[hn - 1] == '\n')
		hn--;
	jw_put(&w, head, hn);

	jw_open(&w, "partnerships", net->nedges);
	for (size_t e = 0; e < net->nedges && !w.rc; e++)
		jw_element(&w, json_edge(net, e, &sc, jo), e);
	jw_close(&w, net->nedges);
	jw_open(&w, "clusters", net->nclusters);
	for (size_t c = 0; c < net->nclusters && !w.rc; c++)
		jw_element(&w, json_cluster(net, &net->clusters[c]), c);
	jw_close(&w, net->nclusters);
	jw_open(&w, "chains", net->nchains);
	for (size_t i = 0; i < net->nchains && !w.rc; i++)
		jw_element(&w, json_path(net, &net->chains[i], false), i);
	jw_close(&w, net->nchains);
	jw_open(&w, "loops", net->nloops);
	for (size_t i = 0; i < net->nloops && !w.rc; i++)
		jw_element(&w, json_path(net, &net->loops[i], true), i);
	jw_close(&w, net->nloops);
	jw_open(&w, "portfolio", net->nprojects);
	for (size_t i = 0; i < net->nprojects && !w.rc; i++)
		jw_element(&w, json_project(net, &net->projects[i]), i);
	jw_close(&w, net->nprojects);
	jw_puts(&w, w.pretty ? "\n}\n" : "}\n");
	if (!w.rc && (fflush(f) != 0 || ferror(f)))
		w.rc = symbi__error(SYMBI_EIO, "error writing the JSON output");
done:
	cJSON_free(head);
	cJSON_Delete(top);
	free(w.buf);
	return w.rc;
}
