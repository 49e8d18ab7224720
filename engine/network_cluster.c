/*
 * network_cluster.c: the clusters of the firm network — Leiden communities
 * (igraph) and each cluster's figures.
 */
#include <igraph.h>
#include <pthread.h>

#include "network_internal.h"

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
		codes[i] = symbi__candidate_stream(ds, c)->code;
		cl->value_nok += ed->value_nok;
		if (isnan(ed->co2e_t))
			cl->co2e_not_estimated++;
		else
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

int symbi__network_clusters(symbi_network *net)
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
