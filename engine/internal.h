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
/* Threads for `jobs` pieces of work: `requested`, or one per online core
 * when it is 0 or less; at most `cap` and at most `jobs`, and at least 1. */
int symbi__thread_count(long requested, size_t jobs, long cap);

/* ---- The Earth ------------------------------------------------------------------- */

/* Mean Earth radius in km, the IUGG's R1 (H. Moritz, "Geodetic Reference
 * System 1980", J. Geodesy 74:128-133, 2000): the sphere of
 * symbi_distance_km and of every bound on it (match_index.c, match_ranked.c,
 * tile.c). */
#define SYMBI__EARTH_KM 6371.0088

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

/* ---- Prefetching ----------------------------------------------------------------- */

/* A hint to fetch the memory at p before it is read: no effect on results,
 * nothing on compilers without it. A function that does nothing else must be
 * inlined (SYMBI__ALWAYS_INLINE): GCC finds it free of side effects and drops
 * the calls. */
#if defined(__GNUC__)
#define SYMBI__PREFETCH(p) __builtin_prefetch(p)
#define SYMBI__ALWAYS_INLINE __attribute__((always_inline)) inline
#else
#define SYMBI__PREFETCH(p) ((void)(p))
#define SYMBI__ALWAYS_INLINE inline
#endif

/* ---- String map: key -> int32 index (keys are borrowed, not copied) ------------ */

typedef struct symbi__map_slot {
	const char *key; /* NULL: empty */
	uint32_t hash;   /* of key, so probes and growth need not rehash it */
	int32_t val;
} symbi__map_slot;

typedef struct symbi__map {
	symbi__map_slot *slots;
	size_t cap, len; /* cap: 0 or a power of two */
	bool fold_case;  /* ASCII case-insensitive */
} symbi__map;

/* Where symbi__map_probe found a key or would insert it. */
typedef struct symbi__map_pos {
	size_t slot;
	uint32_t hash;
} symbi__map_pos;

/* The value of `key`, -1 when absent. Values are expected to be >= 0. */
int32_t symbi__map_get(const symbi__map *m, const char *key);
/* Insert or replace; returns 0 or SYMBI_ENOMEM. */
int symbi__map_put(symbi__map *m, const char *key, int32_t val);
/* Look up `key` for an insertion, with one hash and one probe: makes room
 * for one more key, sets *val to the key's value (-1 when absent) and *pos
 * to its slot. Returns 0 or SYMBI_ENOMEM (then *val and *pos are unset). */
int symbi__map_probe(symbi__map *m, const char *key, int32_t *val, symbi__map_pos *pos);
/* Store `val` at a position from symbi__map_probe: inserts `key` (equal to
 * the probed key; may be another copy of it, which the map then borrows)
 * when it was absent, else replaces the value. Valid only while the map is
 * not changed between the probe and this call. */
void symbi__map_put_at(symbi__map *m, const symbi__map_pos *pos, const char *key, int32_t val);
/* A hint that `key` will be looked up soon: starts loading its slot into
 * the cache, so that work done meanwhile hides the miss of a large map. */
void symbi__map_prefetch(const symbi__map *m, const char *key);
void symbi__map_clear(symbi__map *m);
uint64_t symbi__hash(const char *s, bool fold_case);

/* ---- Diagnostics ---------------------------------------------------------------- */

/* Add one diagnostic (d may be NULL: then nothing is kept). */
void symbi__diag(symbi_diags *d, symbi_severity sev, const char *file, uint32_t line,
                 const char *column, const char *fmt, ...) SYMBI_PRINTF(6, 7);
/* The same with the arguments as a va_list (for a reader's own error function). */
void symbi__vdiag(symbi_diags *d, symbi_severity sev, const char *file, uint32_t line,
                  const char *column, const char *fmt, va_list ap) SYMBI_PRINTF(6, 0);

/* ---- Parsing helpers shared by the loaders --------------------------------------- */

/* Strict decimal number: optional sign, digits, optional fraction and
 * exponent; surrounding spaces allowed; no NaN, inf, hex or trailing text;
 * finite result. Returns 0 or SYMBI_EINPUT. */
int symbi__parse_double(const char *s, double *out);
/* Strict integer in [min, max]. */
int symbi__parse_int64(const char *s, int64_t min, int64_t max, int64_t *out);
/* True when s is valid UTF-8 (no overlongs, no surrogates). */
bool symbi__utf8_valid(const char *s, size_t n);
/* How many of the n bytes at s are ASCII, counted eight at a time: the
 * returned count is a multiple of 8 (the scan stops at the first word with a
 * byte >= 0x80, or when fewer than 8 bytes are left). */
size_t symbi__ascii_words(const unsigned char *s, size_t n);
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
	/* Rules by "from\x1fto\x1fnace" (keys in the arena), for duplicates. */
	symbi__map rule_keys;
	/* Norwegian municipalities (places.c), and their names folded to lower
	 * case for suggestions. */
	symbi_municipality *munis;
	size_t nmunis, capmunis;
	char **muni_folded;
	size_t capmuni_folded;
	/* Every form a municipality is named by (its whole name and each of
	 * its parallel forms, "Fauske - Fuossko"), folded, sorted by form and
	 * then municipality: symbi_kb_find_municipalities searches it. */
	struct symbi__muni_form {
		const char *form;
		int32_t muni;
	} *muni_forms;
	size_t nmuni_forms;
	/* Material equivalences (equivalences.csv): code `equiv[k].code` is the
	 * material `equiv[k].material`, so an avoided-emission figure of the
	 * material applies to it. Built by symbi_kb_finish: equiv_of[c], the
	 * equivalence of code c or -1. */
	struct symbi__equiv {
		int32_t code, material;
		const char *source, *file;
		uint32_t line;
	} *equiv;
	size_t nequiv, capequiv;
	int32_t *equiv_of;
	/* Legal classes per code (legal.h), built by symbi_kb_finish. */
	uint16_t *legal;
	/* Documented exchanges and the sector likelihoods estimated from them
	 * (evidence.h); NULL when no exchanges table was loaded. */
	struct symbi__evidence *evidence;
};

/* Bits of symbi_kb.given. */
enum {
	SYMBI__GIVEN_RADIUS = 1u << 0,
	SYMBI__GIVEN_TRANSPORT_NOK = 1u << 1,
	SYMBI__GIVEN_TRANSPORT_CO2E = 1u << 2,
	SYMBI__GIVEN_AVOIDED_CO2E = 1u << 3,
	SYMBI__GIVEN_PRICE = 1u << 4,
	SYMBI__GIVEN_DISPOSAL = 1u << 5
};

/* Add a code if absent (returns its index), checking class/dimension agree
 * when present; parent must already exist or be -1. Returns the index, or a
 * negative SYMBI_E* code with the message set. */
int32_t symbi__kb_add_code(symbi_kb *kb, const char *code, const char *name, int32_t parent,
                           symbi_class cls, symbi_dim dim);
/* After symbi_kb_finish: the rules whose `from` is exactly `code` (the
 * caller walks the ancestors for prefix rules), in load order. Sets *out to
 * an array of rule indexes owned by the knowledge base; returns its length. */
size_t symbi__kb_rules_from(const symbi_kb *kb, int32_t code, const uint32_t **out);
/* True when the NACE code `nace` lies under the dotted NACE prefix `prefix`
 * ("16" and "16.1" match "16.10"; "16.10" matches only "16.10"). Both are
 * normalised first (section letter and missing dots are fine); false when
 * either is not a NACE code. */
bool symbi__kb_nace_matches(const char *prefix, const char *nace);
/* symbi__nace_normalise, and the division must exist in NACE Rev. 2. */
int symbi__nace_plausible(const char *in, char *buf, size_t size);
/* A firm's activities: one NACE code or up to three joined with ';', the
 * first the main one. Writes the main code to `main` and the others, joined
 * with ';', to `extra` ("" for none). Returns how many (1-3), or 0 when one is
 * not a plausible code, there are more than three or one repeats. */
int symbi__nace_list(const char *in, char *main, size_t main_size, char *extra,
                     size_t extra_size);
/* The indexes of up to `max` (at most 16) strings of `cands` closest to `bad`
 * (edit distance, a shared last dotted name counting as 1, then the longer
 * shared prefix, then byte order), closest first. Returns how many. */
size_t symbi__suggest_strings(const char *bad, const char *const *cands, size_t ncands,
                              size_t *out, size_t max);

/* True inside a box around mainland Norway (places.c). */
bool symbi__in_norway(double lat, double lon);

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

/* The stream that names a candidate's resource: its supply, or for demand-side
 * sector potential (supply SYMBI_NONE: the supplier declared nothing) the
 * demand it would serve. Writers use it wherever they read the resource. */
static inline const symbi_stream *symbi__candidate_stream(const symbi_dataset *ds,
                                                          const symbi_candidate *c)
{
	return &ds->streams[c->supply != SYMBI_NONE ? c->supply : c->demand];
}

/* ---- Matches, scoring and JSON numbers (match.c, score.c, json_out.c) -------------- */

/* Rounding and number text for output: conventions.h. */

struct symbi_matches {
	const symbi_dataset *ds;
	symbi_match_options opt;  /* effective options; strings copied into `arena` */
	symbi__arena arena;
	symbi_candidate *cands;   /* sorted as symbi_match documents */
	size_t n, cap;
	int32_t resource;         /* --resource as a code index, -1 for none */
	int32_t region;           /* --region as a region index, -1 for none */
	size_t supplies, demands; /* streams of each direction that passed the query */
	/* Set by symbi_allocate (alloc.c): what remains of each stream. */
	double *remaining;
	/* Past opt.memory_limit: the candidates are sorted runs on disk
	 * (spill.h), cands is NULL and n counts them; only the match JSON
	 * writer reads them (through a cursor). */
	struct symbi__spill *spill;
};

/* Hand the per-stream remainder array of an allocation to the matches, which
 * free it (and any earlier one) with themselves. */
void symbi__matches_set_remaining(symbi_matches *m, double *remaining);

#endif
