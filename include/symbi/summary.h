/*
 * summary.h: what a loaded dataset holds, at a glance — firms, streams,
 * supplies and demands per resource class and per region, the most common
 * resource codes, the quantities offered and needed per dimension, the firms
 * that declared no streams and the hazardous supplies. `symbi check` prints
 * it; other front ends can use it the same way.
 */
#ifndef SYMBI_SUMMARY_H
#define SYMBI_SUMMARY_H

#include <stdio.h>

#include "common.h"
#include "dataset.h"

#ifdef __cplusplus
extern "C" {
#endif

/* How many codes `top_codes` keeps at most. */
#define SYMBI_SUMMARY_TOP 10

/* Counts for one resource class or one region. `firms` counts the firms with
 * at least one stream of the class (per class) or the firms located in the
 * region (per region). */
typedef struct symbi_summary_group {
	const char *name; /* class name, region name, or NULL for "no region" */
	size_t firms;
	size_t supplies;
	size_t demands;
} symbi_summary_group;

/* One resource code and how many streams name it. */
typedef struct symbi_summary_code {
	const char *code; /* normalised, e.g. "ewc:030105" */
	const char *name; /* the knowledge base's name of the code */
	size_t streams;
	size_t supplies;
	size_t demands;
} symbi_summary_code;

/* The summary. Strings borrow from the dataset and its knowledge base: they
 * stay valid while those live. Arrays are owned by the summary. */
typedef struct symbi_summary {
	size_t firms;
	size_t streams;
	size_t supplies;
	size_t demands;
	size_t hazardous_supplies; /* supplies whose EWC entry is hazardous */
	/* Indexed by symbi_class. */
	symbi_summary_group classes[SYMBI_CLASS_COUNT];
	/* Sorted by name (bytewise); the group of firms without a region, if
	 * any, comes last with name NULL. */
	symbi_summary_group *regions;
	size_t nregions;
	/* Most streams first, ties by code (bytewise); at most SYMBI_SUMMARY_TOP. */
	symbi_summary_code top_codes[SYMBI_SUMMARY_TOP];
	size_t ntop;
	/* Base units per year (t, m3, MWh), indexed by symbi_dim; [0] is unused. */
	double offered[4];
	double needed[4];
	/* Firm ids in dataset order. */
	const char **firms_without_streams;
	size_t nwithout;
} symbi_summary;

/* Compute the summary of `ds` (which need not be finished). Time O(F + S +
 * C log C + R log R) for F firms, S streams, C codes and R regions. Returns 0
 * or SYMBI_ENOMEM; *out is NULL on failure. */
int symbi_summary_new(symbi_summary **out, const symbi_dataset *ds);
void symbi_summary_free(symbi_summary *s);

/* Write the summary as one JSON object (keys in a fixed order, quantities
 * rounded to 3 decimals) followed by a newline. Returns 0, SYMBI_ENOMEM or
 * SYMBI_EIO. */
int symbi_summary_write_json(FILE *f, const symbi_summary *s);

/* Write the `symbi check` report of a dataset: the same as JSON in the
 * same order, with "version", "valid", error and warning counts and the
 * stored warnings of `diags` (may be NULL) around the summary. */
int symbi_summary_write_check_json(FILE *f, const symbi_summary *s, const symbi_diags *diags);

/* Write the summary as plain text with aligned columns, for a reader. */
int symbi_summary_write_text(FILE *f, const symbi_summary *s);

#ifdef __cplusplus
}
#endif
#endif
