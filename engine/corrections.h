/*
 * corrections.h: the table of known miscodings of an exchanges table
 * (datasets/exchange_corrections.csv: case_id, ewc, receiver_nace, action,
 * to_ewc, reason; FORMATS.md), read once for both of its users:
 * `symbi learn --corrections` (learn_table.c) and the sector evidence
 * (evidence.c), which apply the rows each their own way.
 */
#ifndef SYMBI_CORRECTIONS_H
#define SYMBI_CORRECTIONS_H

#include "internal.h"

typedef struct symbi__correction {
	const char *case_id; /* NULL: every case */
	const char *ewc;     /* normalised EWC code ("ewc:160504") */
	const char *nace;    /* normalised receiver NACE prefix, NULL: every receiver */
	const char *to;      /* recoded to this EWC code; NULL: dropped */
	const char *reason;
	uint32_t line;
	uint32_t used; /* for the caller: the atoms it changed */
} symbi__correction;

/* Append the rows of the corrections table at `path` to *rows (grown with
 * symbi__grow; *n rows of *cap), strings in `a`. Each bad row is a
 * FILE:LINE error in diags and counted in *errors; nothing of a bad row is
 * kept. Returns 0 (check *errors), SYMBI_ENOMEM or symbi__csv_read's
 * error (SYMBI_EIO, SYMBI_EINPUT for a missing column). */
int symbi__corrections_read(const char *path, symbi__arena *a, symbi_diags *diags,
                            symbi__correction **rows, size_t *n, size_t *cap, size_t *errors);

#endif
