/*
 * alloc_internal.h: what alloc.c (the allocation LP with GLPK) and
 * alloc_simplex.c (the generalized network simplex that gives a large
 * component its starting basis) share. Private to them.
 */
#ifndef SYMBI_ALLOC_INTERNAL_H
#define SYMBI_ALLOC_INTERNAL_H

#include "internal.h"

/* A candidate that may be allocated, with what the LP needs of it. */
typedef struct alloc_item {
	size_t cand; /* position in the input */
	uint32_t supply, demand;
	double w;  /* objective per unit delivered */
	double a;  /* supply units used per unit delivered */
	double ub; /* candidate quantity */
} alloc_item;

/* alloc_simplex.c: the starting basis of a component of k items over m
 * rows (`row_of`: stream index -> row, `rows`: row -> stream index): writes
 * GLPK statuses for the items to `col_st` and for the rows to `row_st`.
 * Returns 0; 1 when the search ended on a singular part (use the greedy
 * start); or SYMBI_ENOMEM. Components smaller than
 * SYMBI__GNS_MIN_COLUMNS start from the greedy basis instead. */
#define SYMBI__GNS_MIN_COLUMNS 1000
int symbi__alloc_network_start(const symbi_dataset *ds, const alloc_item *items, size_t k,
                               const int32_t *row_of, const uint32_t *rows, size_t m, int *col_st,
                               int *row_st);

/* ---- Allocation (alloc.c) ------------------------------------------------------------ */

/* The simplex work allowed on one component of the allocation, in
 * iterations times LP columns (default 4e9); past it the feasible point
 * reached is kept and counted in components_capped. Tests lower it. */
extern double symbi__alloc_work_cap;

#endif
