/*
 * network.h: the firm network built from partnerships, its clusters, chains
 * and loops, and the portfolio of candidate projects.
 *
 * Firms are the vertices; each partnership is a directed edge from supplier to
 * receiver weighted by its objective figure (value NOK/yr or t CO2e/yr).
 * Clusters are communities of that network (Leiden, modularity, on the
 * undirected collapse); chains and loops are bounded searches of directed
 * paths and cycles; the portfolio ranks clusters of at least three firms as
 * candidate symbiosis projects with a weighted score whose weights are shown.
 */
#ifndef SYMBI_NETWORK_H
#define SYMBI_NETWORK_H

#include <stdio.h>

#include "common.h"
#include "match.h"
#include "output.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Which partnerships become edges. */
typedef enum {
	SYMBI_EDGES_ALLOCATED = 0, /* allocated > 0 (run symbi_allocate first) */
	SYMBI_EDGES_DECLARED = 1,  /* every declared candidate */
	SYMBI_EDGES_ALL = 2        /* every candidate, sector potential included */
} symbi_edge_set;

/* Weights of the portfolio score (see symbi_project). They need not sum to 1;
 * they are written to the output so that the ranking can be argued with. */
typedef struct symbi_portfolio_weights {
	double value_nok;
	double co2e_t;
	double circularity;
	double resources;
	double loops;
	double chains;
	double firms;
} symbi_portfolio_weights;

typedef struct symbi_network_options {
	int version;
	symbi_edge_set edges;
	symbi_objective objective;  /* edge weight; partnerships whose figure is <= 0 are left out */
	double resolution;          /* modularity resolution gamma (> 0): higher, smaller clusters */
	size_t min_firms;           /* smallest cluster reported (>= 2) */
	size_t min_project_firms;   /* smallest cluster ranked as a project (>= 2) */
	size_t max_path_firms;      /* longest chain or loop searched, in firms (2..16) */
	size_t max_paths_per_firm;  /* chains (and loops) kept per starting firm */
	size_t max_steps_per_firm;  /* search steps per starting firm */
	size_t max_paths;           /* chains (and loops) reported, best first */
	uint64_t seed;              /* of igraph's random generator for Leiden */
	symbi_portfolio_weights weights;
} symbi_network_options;

/* The defaults (README, The firm network and clusters). */
#define SYMBI_NETWORK_OPTIONS_INIT                                                     \
	{                                                                              \
		.version = 1, .edges = SYMBI_EDGES_ALLOCATED,                           \
		.objective = SYMBI_OBJECTIVE_VALUE, .resolution = 1.0, .min_firms = 2,  \
		.min_project_firms = 3, .max_path_firms = 6, .max_paths_per_firm = 20,  \
		.max_steps_per_firm = 20000, .max_paths = 100, .seed = 42,              \
		.weights = {.value_nok = 0.3,                                           \
		            .co2e_t = 0.25,                                             \
		            .circularity = 0.15,                                        \
		            .resources = 0.1,                                           \
		            .loops = 0.1,                                               \
		            .chains = 0.05,                                             \
		            .firms = 0.05}                                              \
	}

/* One partnership as an edge. Figures are scaled to the quantity moved: the
 * allocated quantity for SYMBI_EDGES_ALLOCATED, else the candidate's.
 * `co2e_t` is NAN when the partnership's CO2e is not estimated
 * (SYMBI_CANDIDATE_NO_CO2E): unknown is not zero. Its `weight` under
 * SYMBI_OBJECTIVE_CO2 is still the counted-as-0 figure the allocation uses. */
typedef struct symbi_edge {
	size_t candidate;         /* index in the matches */
	const char *id;           /* partnership id (symbi_candidate_id) */
	uint32_t supplier, receiver; /* firm indices */
	symbi_dim dim;
	double quantity;          /* per year, receiver's base unit */
	double value_nok;
	double co2e_t;
	double weight;            /* value_nok or co2e_t per the objective */
	int32_t cluster;          /* cluster holding both ends, -1 if none */
} symbi_edge;

/* A community of at least `min_firms` firms. Arrays borrow from the network. */
typedef struct symbi_cluster {
	const char *id;           /* "C1", "C2", ... by objective total desc, then smallest firm id */
	const uint32_t *firms;    /* firm indices, sorted by firm id */
	size_t nfirms;
	const size_t *edges;      /* network edges with both ends inside, in edge order */
	size_t nedges;
	uint32_t anchor;          /* firm with the highest weighted degree inside (ties: id) */
	double anchor_weight;
	double value_nok, co2e_t; /* of the edges inside; co2e_t of those with an estimate */
	double moved[4];          /* quantity moved inside, indexed by symbi_dim */
	size_t resources;         /* distinct supply resource codes exchanged inside */
	/* The members' declared demand and what the edges inside meet of it,
	 * indexed by symbi_dim (each demand capped at its quantity). */
	double demand_declared[4], demand_met[4];
	size_t demands;           /* members' demand streams with quantity > 0 */
	double circularity;       /* mean share met of those demands; NAN when none */
	size_t chains, loops;     /* reported ones lying wholly inside */
	const char *const *municipalities; /* sorted, distinct */
	size_t nmunicipalities;
	const int32_t *regions;   /* region indices, sorted by name, distinct */
	size_t nregions;
	size_t co2e_not_estimated; /* edges inside whose CO2e is not estimated (NAN), left
	                            * out of co2e_t */
} symbi_cluster;

/* A chain (open path) or loop (cycle) of firms. */
typedef struct symbi_path {
	const uint32_t *firms;    /* in flow order; a loop starts at its smallest firm id
	                           * and closes back to it (not repeated) */
	size_t nfirms;
	const size_t *edges;      /* every network edge along the steps, step by step */
	size_t nedges;
	double value_nok, co2e_t; /* co2e_t of the edges with an estimate */
	bool cut;                 /* chain: could go on, but max_path_firms stopped it */
	int32_t cluster;          /* cluster holding all its firms, -1 if none */
	size_t co2e_not_estimated; /* edges along it whose CO2e is not estimated */
} symbi_path;

/* A cluster ranked as a candidate project. `score` is the sum over the
 * criteria of weight * criterion / max over projects of |criterion|. */
typedef struct symbi_project {
	size_t cluster;           /* index of the cluster */
	size_t rank;              /* 1-based */
	double score;
	bool chertow_3_2;         /* >= 3 firms exchanging >= 2 resources (Chertow 2007) */
} symbi_project;

/* A project kept whole: a ranked cluster joined with the loops and chains
 * that run through it while the groups they join stay small together (at
 * most SYMBI_WHOLE_PROJECT_MAX_FIRMS firms), or a loop across larger
 * clusters kept whole as a project of its own (`loop` >= 0). Modularity may
 * cut a loop in two clusters (the demo's manure-biogas-digestate loop); a
 * whole project does not. Listed when it has at least min_project_firms
 * firms and holds a ranked cluster or a loop; ordered by the best portfolio
 * rank it holds (a loop kept whole right after the groups it runs through),
 * then value. Arrays borrow from the network. */
typedef struct symbi_whole_project {
	const uint32_t *firms;    /* firm indices, ascending */
	size_t nfirms;
	const size_t *edges;      /* network edges with both ends inside, in edge order */
	size_t nedges;
	const size_t *clusters;   /* clusters with a firm inside, ascending */
	size_t nclusters;
	const size_t *loops;      /* reported loops lying wholly inside, ascending */
	size_t nloops;
	const size_t *chains;     /* reported chains of 3 firms or more lying wholly inside */
	size_t nchains;
	int64_t loop;             /* the loop kept whole on its own, else -1 */
	size_t rank;              /* best portfolio rank it holds (or runs through); 0: none */
	double score;             /* that rank's score; NAN when rank is 0 */
	double value_nok;         /* of its edges */
	double co2e_t;            /* of its edges whose CO2e is estimated */
	size_t co2e_not_estimated; /* edges whose CO2e is not (unknown is not zero) */
	int32_t region;           /* the one region of all its firms; -1: several or none */
} symbi_whole_project;

#define SYMBI_WHOLE_PROJECT_MAX_FIRMS 12

typedef struct symbi_network symbi_network;

/* Build the network of the partnerships of `m` chosen by `opt->edges`, find
 * its clusters, chains and loops and rank the portfolio. `m` must outlive the
 * network (it is borrowed). Same input and options give the same result.
 * Errors: SYMBI_EQUERY for options out of range or SYMBI_EDGES_ALLOCATED
 * before any allocation; SYMBI_EINTERNAL when igraph fails; SYMBI_ENOMEM.
 * Time: O(E log E) to build, near-linear Leiden, and the path searches
 * bounded by max_steps_per_firm per firm. */
int symbi_network_build(symbi_network **out, const symbi_matches *m,
                        const symbi_network_options *opt);
void symbi_network_free(symbi_network *net);

const symbi_network_options *symbi_network_options_get(const symbi_network *net);
/* Firms with at least one edge. */
size_t symbi_network_firm_count(const symbi_network *net);
size_t symbi_network_edge_count(const symbi_network *net);
const symbi_edge *symbi_network_edge(const symbi_network *net, size_t i);
/* Candidates left out because their objective figure was <= 0. */
size_t symbi_network_dropped(const symbi_network *net);
/* Weighted modularity (at the resolution used) of the partition found. */
double symbi_network_modularity(const symbi_network *net);

size_t symbi_network_cluster_count(const symbi_network *net);
const symbi_cluster *symbi_network_cluster(const symbi_network *net, size_t i);
size_t symbi_network_chain_count(const symbi_network *net);
const symbi_path *symbi_network_chain(const symbi_network *net, size_t i);
size_t symbi_network_loop_count(const symbi_network *net);
const symbi_path *symbi_network_loop(const symbi_network *net, size_t i);
/* True when a search bound cut the chains (loops) found. */
bool symbi_network_chains_truncated(const symbi_network *net);
bool symbi_network_loops_truncated(const symbi_network *net);
/* Projects by rank. */
size_t symbi_network_project_count(const symbi_network *net);
const symbi_project *symbi_network_project(const symbi_network *net, size_t i);
/* Projects kept whole, in their order (see symbi_whole_project). Time to
 * build: O(F + E + P * L) for F firms, E edges, P paths of at most L firms,
 * plus O(F + E) per loop kept whole on its own. */
size_t symbi_network_whole_project_count(const symbi_network *net);
const symbi_whole_project *symbi_network_whole_project(const symbi_network *net, size_t i);

/* Write the `symbi cluster` JSON document (docs/contract.md section 6): "version",
 * "query", "summary", "partnerships" (the edges), "clusters", "chains",
 * "loops", "portfolio" and "whole_projects". Of `jo` (may be NULL) only `dataset`, `optimize`
 * and `allocation` (the summary behind an allocated network) are used. One
 * record is built and printed at a time. Returns 0, SYMBI_EIO on a write
 * error or SYMBI_ENOMEM. */
int symbi_network_write_json(FILE *f, const symbi_network *net, const symbi_json_options *jo);

#ifdef __cplusplus
}
#endif
#endif
