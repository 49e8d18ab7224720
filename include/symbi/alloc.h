/*
 * alloc.h: the optimal allocation of supply to demand over a set of
 * candidate partnerships (engine/alloc.c, its network simplex in
 * alloc_simplex.c): each supply and demand used at most to its quantity, the
 * total value (or CO2e) the best it can be. Declared in match.h before;
 * symbi.h includes both.
 */
#ifndef SYMBI_ALLOC_H
#define SYMBI_ALLOC_H

#include "common.h"
#include "match.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Optimal allocation --------------------------------------------------- */

typedef struct symbi_allocation_summary {
	double total_value_nok;
	double total_co2e_t;         /* of the partnerships whose CO2e is estimated */
	size_t partnerships_used;    /* candidates with allocated > 0 */
	size_t components;           /* independent parts solved separately */
	/* Per stream, indexed by stream index: what remains after allocation
	 * (NAN for streams that take part in no candidate). Owned by the matches. */
	const double *remaining;
	/* Components so large that the solver's work cap stopped it: their
	 * allocation is feasible and at least as good as greedy, but maybe not
	 * optimal. 0 means the whole allocation is optimal. */
	size_t components_capped;
	/* Partnerships used that have no CO2e estimate (SYMBI_CANDIDATE_NO_CO2E):
	 * total_co2e_t leaves them out. */
	size_t partnerships_no_co2e;
} symbi_allocation_summary;

/* Allocate supply to demand for the best total objective with GLPK, filling
 * `allocated` on every declared candidate (sector candidates are left out).
 * No supply or demand is used beyond its quantity; candidates whose objective
 * is negative get nothing. */
int symbi_allocate(symbi_matches *m, symbi_objective objective, symbi_allocation_summary *out);

#ifdef __cplusplus
}
#endif
#endif
