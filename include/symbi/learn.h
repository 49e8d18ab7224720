/*
 * learn.h: sector-potential rules learned from a table of documented
 * exchanges, and the leave-one-case-out coverage of such a table
 * (engine/learn.c; `symbi learn`). Declared in kb.h before; symbi.h
 * includes both.
 */
#ifndef SYMBI_LEARN_H
#define SYMBI_LEARN_H

#include <stdio.h>

#include "common.h"
#include "kb.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Learning rules from past exchanges ----------------------------------- */

typedef struct symbi_learn_options {
	int version;
	uint32_t min_support;    /* distinct cases needed for a rule (default 1) */
	int nace_digits;         /* receiver NACE precision kept: 2 (division) or 4 */
	bool subchapter_rules;   /* also learn EWC sub-chapter -> NACE rules */
	const char *exclude_case;/* leave this case out (coverage) */
	/* When set (finished, holding at least ewc.csv), EWC codes must be in
	 * it and ancestors come from it; NULL: codes are checked for form only. */
	const symbi_kb *kb;
	/* Names the table in each rule's source; NULL: the file's base name. */
	const char *source_name;
	/* Cases a sub-chapter rule needs (0: 2); it also needs two different
	 * codes of the sub-chapter, and it replaces the code rules it covers. */
	uint32_t subchapter_min_support;
	/* A corrections table (case_id, ewc, receiver_nace, action drop|recode,
	 * to_ewc, reason) applied to the exchanges before learning; NULL: none.
	 * Rules that would route a hazardous entry to a protected class are
	 * refused either way (README "What symbi will never propose"). */
	const char *corrections;
} symbi_learn_options;
#define SYMBI_LEARN_OPTIONS_INIT {.version = 1, .min_support = 1, .nace_digits = 2}

/* Derive sector-potential rules from an exchanges table (columns
 * case_id, ewc, receiver_nace; optional exchange_id, provider_nace, status,
 * source) and write them as a rules CSV to `out_path` atomically. Nothing is
 * written when the table has an error. */
int symbi_learn(const char *exchanges_path, const char *out_path,
                const symbi_learn_options *opt, symbi_diags *diags);
/* The same, written to `out` (the caller makes the file atomic). */
int symbi_learn_write(const char *exchanges_path, FILE *out, const symbi_learn_options *opt,
                      symbi_diags *diags);

/* Leave-one-case-out coverage of an exchanges table: for each case, the
 * rules learned from the other cases alone, and with the sector rules of
 * `opt->kb` added (the hand-curated ones), are asked whether they propose
 * each of the case's exchanges — a rule covers an exchange when its `from`
 * is the exchange's EWC code or an ancestor and its NACE prefix matches the
 * receiver's NACE code. Exchanges without a receiver NACE are not counted. */
typedef struct symbi_coverage_case {
	const char *case_id;
	uint32_t exchanges;
	uint32_t covered_learned;  /* by rules learned from the other cases */
	uint32_t covered_all;      /* by those or a sector rule of opt->kb */
	uint32_t covered_kb;       /* by a sector rule of opt->kb alone */
} symbi_coverage_case;
typedef struct symbi_coverage symbi_coverage;

/* `opt->kb` is required; `opt->exclude_case` is ignored. Cases in the
 * order of the table's first appearance. */
int symbi_learn_coverage(symbi_coverage **out, const char *exchanges_path,
                         const symbi_learn_options *opt, symbi_diags *diags);
size_t symbi_coverage_count(const symbi_coverage *c);
const symbi_coverage_case *symbi_coverage_get(const symbi_coverage *c, size_t i);
void symbi_coverage_free(symbi_coverage *c);

#ifdef __cplusplus
}
#endif
#endif
