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

/* The scorer's factors, looked up once per run. A NULL factor is absent
 * from the knowledge base; scoring a candidate that needs it fails with
 * SYMBI_EINPUT naming the key. */
typedef struct symbi__scorer {
	const symbi_kb *kb;
	const symbi_factor *road_detour, *road_cost, *road_co2e, *road_density;
	const symbi_factor *pipe_detour;
	/* Pipe kinds: 0 heat (heat, steam, cold), 1 water, 2 gas. */
	const symbi_factor *pipe_fixed[3], *pipe_per_km[3], *pipe_loss[3], *pipe_co2e[3];
	const symbi_factor *class_radius[SYMBI_CLASS_COUNT];
	const symbi_factor *class_transport_nok[SYMBI_CLASS_COUNT];
	const symbi_factor *class_transport_co2e[SYMBI_CLASS_COUNT];
	const symbi_factor *class_avoided_co2e[SYMBI_CLASS_COUNT];
	const symbi_factor *class_price[SYMBI_CLASS_COUNT];
	const symbi_factor *class_disposal[SYMBI_CLASS_COUNT];
	const symbi_factor *disposal_co2e[SYMBI_CLASS_COUNT];
	/* Codes that decide the temperature rule and the pipe kind (-1 when
	 * the knowledge base lacks them). */
	int32_t heat, steam, cold, fuel_gas;
	/* Heat pumps (heatpump.* in scoring.csv); NULL when absent. Without the
	 * Carnot fraction or the electricity price no heat can be lifted. */
	const symbi_factor *hp_carnot, *hp_price, *hp_co2e, *hp_capex;
	/* Gases measured in tonnes (liquefied CO2) by road where a pipe would
	 * not reach or costs more (road.fluid.* in scoring.csv): per t*km, per t
	 * liquefied and handled, kg CO2e per t*km, the road radius. NULL when
	 * absent: without the cost and the radius, no fluid goes by road. */
	const symbi_factor *fluid_cost, *fluid_handling, *fluid_co2e, *fluid_radius;
	/* --radius: replaces every default radius when > 0 (NAN: none). */
	double radius;
} symbi__scorer;

/* One figure used to price a candidate, for `explain`. */
typedef struct symbi__figure {
	const char *key;    /* "road.detour_factor", "disposal_cost", ... */
	double value;
	const char *unit;   /* "" when dimensionless */
	const char *source; /* where it comes from: the kb's source or "streams.csv:12" */
	const char *code;   /* the resource code the figure belongs to, NULL for factors */
} symbi__figure;

#define SYMBI__EXPLAIN_FIGURES 20
#define SYMBI__EXPLAIN_NOTES 6
typedef struct symbi__explain {
	symbi__figure fig[SYMBI__EXPLAIN_FIGURES];
	size_t nfig;
	char note[SYMBI__EXPLAIN_NOTES][200]; /* what defaulted or was left out */
	size_t nnote;
	char srcbuf[SYMBI__EXPLAIN_FIGURES][160]; /* storage for "streams.csv:12" sources */
	double supply_offered; /* supply after yield (and pipe losses), receiver units */
	double months_share;   /* share of the supply's months the demand shares (pipe flows) */
	double delivered_share;/* 1 - pipe losses over the route */
	int32_t figure_code;   /* code whose figures priced the receiver side */
	/* The equivalence that gave the avoided-emission figure (the figure
	 * is the material's), NULL when the code's own or none applied. */
	const struct symbi__equiv *equiv;
	/* A heat pump lifting the supply to the demand's temperature (the
	 * candidate has SYMBI_CANDIDATE_HEAT_PUMP): its COP, the electricity it
	 * buys (MWh, NOK, t CO2e), its capacity (MW) and investment (NOK/yr,
	 * NAN when no figure). */
	double hp_cop, hp_mwh, hp_nok, hp_co2e_t, hp_mw, hp_capex_nok;
	/* A fluid that could go by pipe or by road: what each would cost a
	 * year (pipe NAN when beyond its reach); fluid_options false when the
	 * road was not weighed. */
	bool fluid_options;
	double fluid_pipe_nok, fluid_road_nok;
} symbi__explain;

/* Look up every factor (absent ones stay NULL). Returns 0. */
int symbi__scorer_init(symbi__scorer *sc, const symbi_kb *kb);
/* Set the query's --radius (symbi_match_options.radius_km): every default
 * radius becomes `km` when it is > 0. */
void symbi__scorer_set_radius(symbi__scorer *sc, double km);
/* The transport radius default for a supply code: its own (or inherited)
 * radius figure, else `class.<class>.radius_km`. NAN when neither exists.
 * *from (may be NULL) gets the code that gives it or the factor's key,
 * *source (may be NULL) the source text. */
double symbi__code_radius(const symbi__scorer *sc, int32_t code, const char **from,
                          const char **source);
/* Price candidate `c`, whose supply, demand, supplier, receiver, rule,
 * receiver_code, basis, yield, dim, distance_km and radius_km are set: fills
 * mode, quantity, supply_used, route_km, the money and emission figures and
 * score. When `ex` is not NULL it receives every figure used. Pure and
 * thread-safe; returns 0 or SYMBI_EINPUT (a needed factor is missing). */
int symbi__score(const symbi__scorer *sc, const symbi_dataset *ds, symbi_candidate *c,
                 symbi_objective objective, symbi__explain *ex);
/* The supply's side of symbi__score taken apart, for bounding scores not yet
 * computed (the ranked search of match.c). With su the supply used, q the
 * quantity delivered and route the route km, a road flow scores
 *   su x supply + q x receiver - su x route x per_km
 * and a piped one at most
 *   su x supply + q x receiver - fixed - route x per_km,
 * the receiver term being symbi__receiver_term's. */
typedef struct symbi__terms {
	bool pipe;
	int kind;      /* pipe kind: 0 heat, 1 water, 2 gas */
	double detour; /* road or pipe detour factor */
	double supply; /* per supply unit used: avoided disposal (NOK) or its t CO2e */
	double per_km; /* road: per supply unit and route km; pipe: per route km a year */
	double fixed;  /* pipe: per year */
	double own;    /* receiver term of the supply's own code (direct matches) */
} symbi__terms;
/* Fill `t` for supply stream `s`; -1 when a factor the scorer needs is
 * missing or a figure is not finite (the caller must then not bound). */
int symbi__supply_terms(const symbi__scorer *sc, const symbi_dataset *ds, uint32_t s,
                        symbi_objective objective, symbi__terms *t);
/* What one unit delivered of `fcode`, in dimension `dim`, is worth to demand
 * `D` (NULL: no stream price): its purchase price or the code's price (value),
 * or the CO2e of the virgin input it replaces in t (co2); 0 when unknown. */
double symbi__receiver_term(const symbi__scorer *sc, const symbi_stream *D, int32_t fcode,
                            symbi_dim dim, symbi_objective objective);
/* True when supplies of `code` may go by road as a liquefied fluid: a gas
 * measured in tonnes, with road.fluid.cost_nok_per_tkm and
 * road.fluid.radius_km in the knowledge base. */
bool symbi__fluid_by_road(const symbi__scorer *sc, int32_t code);
/* True when code `c` lies under a code of the temperature rule ("heat" for
 * heat and steam: supply at least as hot; "cold": supply at least as cold). */
bool symbi__is_hot(const symbi__scorer *sc, int32_t code);
/* The COP of a heat pump lifting heat supply S to heat demand D, or 0 when
 * no heat pump applies: both under energy:heat (not steam), both
 * temperatures given, S colder than D, and the heat-pump factors present
 * (heatpump.carnot_fraction, heatpump.electricity_nok_per_mwh) giving a COP
 * above 1. COP = carnot_fraction x T_D / (T_D - T_S), in kelvin. */
double symbi__heat_pump_cop(const symbi__scorer *sc, const symbi_stream *S,
                            const symbi_stream *D);
/* True when heat demand D could take heat colder than it by a heat pump (D
 * under energy:heat, its temperature given, the factors present): the ranked
 * search must then not cut supplies by temperature. */
bool symbi__heat_pump_demand(const symbi__scorer *sc, const symbi_stream *D);
bool symbi__is_cold(const symbi__scorer *sc, int32_t code);

/* ---- Allocation (alloc.c) ------------------------------------------------------------ */

/* The simplex work allowed on one component of the allocation, in
 * iterations times LP columns (default 4e9); past it the feasible point
 * reached is kept and counted in components_capped. Tests lower it. */
extern double symbi__alloc_work_cap;

/* ---- Matching (match.c) -------------------------------------------------------------- */

/* When true, --top runs the exhaustive search (every pair in reach scored,
 * then cut) instead of the ranked one; the two give the same candidates, and
 * tests compare them. */
extern bool symbi__match_exhaustive;

#endif
