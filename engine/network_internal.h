/*
 * network_internal.h: what the files of the network module share (network.c
 * the network itself: edges, vertices, arcs, building and accessors;
 * network_cluster.c communities and clusters; network_paths.c chains and
 * loops; network_portfolio.c the portfolio; network_projects.c the projects
 * kept whole; network_json.c the JSON document). Private to them.
 */
#ifndef SYMBI_NETWORK_INTERNAL_H
#define SYMBI_NETWORK_INTERNAL_H

#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* A growable list of found paths: vertices in one pool, offsets apart. */
typedef struct path_found {
	size_t off, len; /* into the vertex pool */
	bool cut;
	double value_nok, co2e_t; /* co2e_t of the edges with an estimate */
	size_t co2e_not_estimated;
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
	symbi_whole_project *wholes; /* network_projects.c */
	size_t nwholes;
};

static inline double objective_of(const symbi_network *net, double value_nok, double co2e_t)
{
	return net->opt.objective == SYMBI_OBJECTIVE_CO2 ? co2e_t : value_nok;
}

static inline void *xcalloc(size_t n, size_t size)
{
	return calloc(n ? n : 1, size);
}

static inline void *xmalloc(size_t n, size_t size)
{
	size_t bytes;
	if (!symbi__mul(n ? n : 1, size, &bytes))
		return NULL;
	return malloc(bytes);
}

static inline void *arena_array(symbi__arena *a, size_t n, size_t size)
{
	size_t bytes;
	if (!symbi__mul(n ? n : 1, size, &bytes))
		return NULL;
	return symbi__arena_alloc(a, bytes);
}

/* ==== Across the network's files ============================================ */

/* network.c: the directed arc u -> v, SIZE_MAX when there is none; an
 * igraph failure as a SYMBI_E... code with igraph's message. */
size_t symbi__network_find_arc(const symbi_network *net, uint32_t u, uint32_t v);
/* network_cluster.c: Leiden communities and the clusters with their figures. */
int symbi__network_clusters(symbi_network *net);
/* network_paths.c: chains (loops false) or loops (true). */
int symbi__network_paths(symbi_network *net, bool loops);
/* network_portfolio.c: the candidate projects, ranked; the criteria's
 * weights as a vector of SYMBI__NETWORK_CRITERIA. */
#define SYMBI__NETWORK_CRITERIA 7
int symbi__network_portfolio(symbi_network *net);
/* network_projects.c: the projects kept whole (after the portfolio). */
int symbi__network_whole_projects(symbi_network *net);
void symbi__network_weights(const symbi_portfolio_weights *pw, double *w);

#endif
