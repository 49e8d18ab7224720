/*
 * network.c: the firm network built from partnerships — its clusters
 * (Leiden communities with igraph), chains and loops (bounded depth-first
 * searches), and the portfolio of candidate projects.
 *
 * Files: this one builds the network (edges, vertices, arcs), runs the
 * steps and holds the accessors of network.h; network_cluster.c has the
 * communities and clusters and igraph's error handler for the whole engine,
 * network_paths.c the chains and loops, network_portfolio.c the portfolio,
 * network_json.c the JSON document; network_internal.h is what they share.
 *
 * Vertices are the firms with at least one edge, sorted by firm id, so the
 * result depends on the partnerships, not on the order of the CSV rows. Edges
 * keep the order of the matches. Every figure lives in this module's own
 * arrays: igraph sees only the bare undirected graph and its weights, and no
 * attribute handler is installed.
 */
#include <stdlib.h>
#include <string.h>

#include "network_internal.h"

/* ==== The network ======================================================================== */

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
	/* "@FIRM->DEMAND" for demand-side sector potential: no supply stream. */
	const char *from = c->supply == SYMBI_NONE ? symbi_dataset_firm(net->ds, c->supplier)->id
	                                           : symbi_dataset_stream(net->ds, c->supply)->id;
	size_t need = strlen(from) + strlen(other) + 4;
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
		/* The weight takes the counted-as-0 CO2e of a partnership without
		 * an estimate (as the allocation does); the edge's figure is NAN. */
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
		if (c->flags & SYMBI_CANDIDATE_NO_CO2E)
			co2 = NAN;
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
size_t symbi__network_find_arc(const symbi_network *net, uint32_t u, uint32_t v)
{
	for (size_t a = net->arc_off[u]; a < net->arc_off[u + 1]; a++)
		if (net->arc_to[a] == v)
			return a;
	return SIZE_MAX;
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
	double ws[SYMBI__NETWORK_CRITERIA];
	symbi__network_weights(&o->weights, ws);
	for (int k = 0; k < SYMBI__NETWORK_CRITERIA; k++)
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
	    (rc = build_arcs(net)) != 0 || (rc = symbi__network_clusters(net)) != 0 ||
	    (rc = symbi__network_paths(net, false)) != 0 ||
	    (rc = symbi__network_paths(net, true)) != 0 ||
	    (rc = symbi__network_portfolio(net)) != 0 ||
	    (rc = symbi__network_whole_projects(net)) != 0) {
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
size_t symbi_network_firm_count(const symbi_network *net)
{
	return net->nv;
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
