/*
 * internal.h: what the engine's modules share and the public API hides —
 * the arena, the string map, error and diagnostic helpers, and the concrete
 * knowledge base and dataset structures.
 */
#ifndef SYMBI_INTERNAL_H
#define SYMBI_INTERNAL_H

#include <math.h>
#include <stdarg.h>
#include <stdio.h>

#include "symbi/symbi.h"

#if defined(__GNUC__)
#define SYMBI_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define SYMBI_PRINTF(f, a)
#endif

/* ---- Errors ----------------------------------------------------------------- */

/* Record `fmt` as this thread's last error and return `code`. */
int symbi__error(int code, const char *fmt, ...) SYMBI_PRINTF(2, 3);
/* Install igraph's error handler that returns instead of aborting (once). */
void symbi__igraph_init(void);

/* ---- Checked allocation ------------------------------------------------------- */

/* Multiply with overflow check; returns false on overflow. */
static inline bool symbi__mul(size_t a, size_t b, size_t *out)
{
	if (b && a > SIZE_MAX / b)
		return false;
	*out = a * b;
	return true;
}
/* Grow *arr (of *cap elements of `elem` bytes) to hold at least `need`.
 * Returns 0 or SYMBI_ENOMEM (the array is then unchanged). */
int symbi__grow(void **arr, size_t *cap, size_t need, size_t elem);

/* ---- Arena: strings and records freed in one call ------------------------------ */

typedef struct symbi__arena_block symbi__arena_block;
typedef struct symbi__arena {
	symbi__arena_block *head;
} symbi__arena;

void *symbi__arena_alloc(symbi__arena *a, size_t size);
/* Copy of s (NULL stays NULL); NULL on failure only when s != NULL. */
char *symbi__arena_strdup(symbi__arena *a, const char *s);
char *symbi__arena_strndup(symbi__arena *a, const char *s, size_t n);
char *symbi__arena_printf(symbi__arena *a, const char *fmt, ...) SYMBI_PRINTF(2, 3);
void symbi__arena_clear(symbi__arena *a);

/* ---- String map: key -> int32 index (keys are borrowed, not copied) ------------ */

typedef struct symbi__map {
	const char **keys;
	int32_t *vals;
	size_t cap, len;
	bool fold_case; /* ASCII case-insensitive */
} symbi__map;

int32_t symbi__map_get(const symbi__map *m, const char *key);
/* Insert or replace; returns 0 or SYMBI_ENOMEM. */
int symbi__map_put(symbi__map *m, const char *key, int32_t val);
void symbi__map_clear(symbi__map *m);
uint64_t symbi__hash(const char *s, bool fold_case);

/* ---- Diagnostics ---------------------------------------------------------------- */

/* Add one diagnostic (d may be NULL: then nothing is kept). */
void symbi__diag(symbi_diags *d, symbi_severity sev, const char *file, uint32_t line,
                 const char *column, const char *fmt, ...) SYMBI_PRINTF(6, 7);

/* ---- Parsing helpers shared by the loaders --------------------------------------- */

/* Strict decimal number: optional sign, digits, optional fraction and
 * exponent; surrounding spaces allowed; no NaN, inf, hex or trailing text;
 * finite result. Returns 0 or SYMBI_EINPUT. */
int symbi__parse_double(const char *s, double *out);
/* Strict integer in [min, max]. */
int symbi__parse_int64(const char *s, int64_t min, int64_t max, int64_t *out);
/* True when s is valid UTF-8 (no overlongs, no surrogates). */
bool symbi__utf8_valid(const char *s, size_t n);
/* Trim ASCII spaces and tabs in place; returns s. */
char *symbi__trim(char *s);
/* ASCII case-insensitive compare. */
int symbi__strcasecmp(const char *a, const char *b);
/* Normalise a NACE code ("C16.1", "1610", "16.10") to dotted form without the
 * section letter into buf; returns 0 or SYMBI_EINPUT. */
int symbi__nace_normalise(const char *in, char *buf, size_t size);

/* ---- Knowledge base --------------------------------------------------------------- */

struct symbi_kb {
	symbi__arena arena;
	symbi_code *codes;
	size_t ncodes, capcodes;
	symbi__map code_index;
	/* Per code, whether its figures were given in a taxonomy file (before
	 * inheritance): bit 0 radius, 1 transport cost, 2 transport CO2e,
	 * 3 avoided CO2e, 4 price, 5 disposal. */
	uint8_t *given;
	symbi_rule *rules;
	size_t nrules, caprules;
	symbi_factor *factors;
	size_t nfactors, capfactors;
	symbi__map factor_index;
	/* Built by symbi_kb_finish: for each code, the rules whose `from` is that
	 * code (CSR: rules_by_from[off[c] .. off[c+1])). */
	uint32_t *rule_off;
	uint32_t *rule_idx;
	bool finished;
};

/* Add a code if absent (returns its index), checking class/dimension agree
 * when present; parent must already exist or be -1. */
int32_t symbi__kb_add_code(symbi_kb *kb, const char *code, const char *name, int32_t parent,
                           symbi_class cls, symbi_dim dim);

/* ---- Dataset ----------------------------------------------------------------------- */

struct symbi_dataset {
	const symbi_kb *kb;
	symbi__arena arena;
	symbi_firm *firms;
	size_t nfirms, capfirms;
	symbi_stream *streams;
	size_t nstreams, capstreams;
	uint32_t *stream_index;   /* streams grouped by firm (after finish) */
	symbi__map firm_index;
	symbi__map stream_index_map;
	const char **regions;
	size_t nregions, capregions;
	symbi__map region_index;  /* case-insensitive */
	uint32_t *firm_stream_count; /* streams added per firm, for default ids */
	size_t capcounts;
	bool finished;
};

#endif
