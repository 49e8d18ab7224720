/*
 * learn_internal.h: the table of documented exchanges as `symbi learn` holds
 * it, shared by learn_table.c (reading it, with the corrections of known
 * miscodings) and learn.c (learning rules from it, refusing the unlawful
 * ones, writing them, and the coverage check). Private to those two files.
 */
#ifndef SYMBI_LEARN_INTERNAL_H
#define SYMBI_LEARN_INTERNAL_H

#include "internal.h"

/* One (waste code, receiver NACE) pair of one exchange row; a row whose ewc
 * or receiver_nace lists several codes joined with ';' gives every pair. */
typedef struct atom {
	uint32_t row;     /* exchange row, 0-based among the kept rows */
	uint32_t casei;   /* index into cases (load order) */
	const char *code; /* normalised EWC code */
	const char *nace; /* normalised receiver NACE code as given */
} atom;

typedef struct ex_case {
	const char *id;
	uint32_t rank;      /* position in the natural order of case ids */
	const char **cites; /* distinct short citations, in order seen */
	size_t ncites, capcites;
} ex_case;

typedef struct exchanges {
	symbi__arena arena;
	const char *path;
	ex_case *cases;
	size_t ncases, capcases;
	symbi__map case_index;
	atom *atoms;
	size_t natoms, capatoms;
	uint32_t *row_case; /* case of each kept row */
	size_t nrows, caprows;
	/* reading */
	int col[8];
	bool have_header;
	size_t errors;
	int rc;
	symbi_diags *diags;
	const symbi_kb *kb;
	struct symbi__correction *corr; /* --corrections (corrections.c) */
	size_t ncorr;
	const char *corr_path;
} exchanges;

/* Read the exchanges table at `path` (after opt->corrections, when given),
 * reporting every bad row to `diags`; the cases ranked in natural order.
 * Returns 0, SYMBI_EINPUT after errors, or a fatal code. Free `ex` with
 * symbi__learn_table_free whatever it returns. */
int symbi__learn_table_read(exchanges *ex, const char *path, const symbi_learn_options *opt,
                            symbi_diags *diags);
void symbi__learn_table_free(exchanges *ex);

/* The index of case `id` (NULL: none) in ex->cases, or -1. */
int64_t symbi__learn_find_case(const exchanges *ex, const char *id);

/* The last part of a path, for citing a file by its name. */
const char *symbi__learn_base_name(const char *path);

#endif
