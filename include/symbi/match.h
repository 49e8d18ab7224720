/*
 * match.h: candidate partnerships between a supply of one firm and a demand
 * (or, for sector potential, a firm) of another, priced and scored.
 */
#ifndef SYMBI_MATCH_H
#define SYMBI_MATCH_H

#include <math.h> /* NAN and INFINITY in SYMBI_MATCH_OPTIONS_INIT */

#include "common.h"
#include "dataset.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { SYMBI_BASIS_DECLARED = 0, SYMBI_BASIS_SECTOR = 1 } symbi_basis;
typedef enum { SYMBI_MODE_ROAD = 0, SYMBI_MODE_PIPE = 1 } symbi_mode;
/* How sector candidates are ordered: by the evidence that firms of the
 * candidate's sector take (give) the resource, times the distance decay
 * (README, Sector potential), or by value like declared ones. */
typedef enum { SYMBI_RANK_EVIDENCE = 0, SYMBI_RANK_VALUE = 1 } symbi_rank;

#define SYMBI_NONE UINT32_MAX

typedef struct symbi_match_options {
	int version;
	const char *firm;         /* only partnerships with this firm at either end */
	const char *stream;       /* only partnerships of this stream */
	const char *resource;     /* only supplies or demands under this code (prefix) */
	const char *region;       /* both ends in this region... */
	bool cross_region;        /* ...or at least one end, when true */
	double max_km;            /* cap on the transport radius; NAN for none */
	size_t top_k;             /* best K per demand (per supply for sector); 0 = all */
	double min_score;         /* drop candidates scoring below; -INFINITY for none */
	bool sector;              /* add sector-potential candidates */
	symbi_objective objective;
	size_t max_candidates;    /* SYMBI_ELIMIT beyond this; 0 = no limit */
	int threads;              /* 0 = as many as cores, 1 = single-threaded */
	volatile int *cancel;     /* set non-zero from a signal handler to stop; may be NULL */
	void (*progress)(void *ctx, const char *stage, double fraction);
	void *progress_ctx;
	/* Bytes the candidates may take in memory; past it, each matching
	 * thread sorts its share and writes it to a temporary folder under
	 * spill_dir (NULL: $TMPDIR, else /tmp), and the result is read back
	 * merged. 0 = no limit. Only where no cut to the best K follows the
	 * search (the ranked search, or no --top); only symbi_write_match_json
	 * reads a spilled result: symbi_matches_count is right, but
	 * symbi_matches_get returns NULL, and symbi_allocate, the network, the
	 * exports and tiles need memory_limit 0. The files go with
	 * symbi_matches_free, or with the failure that stopped the match. */
	size_t memory_limit;
	const char *spill_dir;
	symbi_rank rank;          /* order of sector candidates */
	/* With `sector`, also demand-side sector candidates: a firm whose
	 * sector typically has what a demand asks for (supply SYMBI_NONE). */
	bool sector_demands;
	/* Keep every demand-side sector candidate whatever top_k (tiles cut
	 * them in their union). */
	bool sector_demands_uncut;
	/* Replaces every default transport radius (the code's or the class's
	 * radius_km) for this query, wider or narrower; a stream's own max_km
	 * and --max-km still apply. 0 or NAN: the defaults. */
	double radius_km;
	/* More firms like `firm`, by id: partnerships with one of them at
	 * either end (with `firm` too: any of them). An id not in the dataset
	 * matches nothing. NULL and 0: none. */
	const char *const *firms;
	size_t nfirms;
	/* Only partnerships with a firm of this Norwegian municipality (a name
	 * or number, as symbi_kb_find_municipalities reads it) at either end:
	 * the firms whose `municipality` column names it. With `firm` or
	 * `firms`: a firm of any of them. SYMBI_EQUERY when it names no
	 * municipality (with the nearest names) or two (Herøy, Våler). */
	const char *municipality;
} symbi_match_options;

/* The defaults (docs/contract.md section 7): every field not named is zero
 * (no filter, all candidates, one thread per core, no memory limit). */
#define SYMBI_MATCH_OPTIONS_INIT                                                       \
	{                                                                              \
		.version = 1, .max_km = (double)NAN, .min_score = -(double)INFINITY,    \
		.objective = SYMBI_OBJECTIVE_VALUE, .max_candidates = 50000000,         \
		.rank = SYMBI_RANK_EVIDENCE, .radius_km = (double)NAN                   \
	}

/* Bits of symbi_candidate.flags. */
enum {
	/* No avoided-emission figure applies (neither the displaced input nor
	 * the avoided treatment has one): the CO2e is not estimated. co2e_t and
	 * avoided_co2e_t then count the unknown part as 0 (so that --objective
	 * co2 can rank and allocate), and the writers print them as null. */
	SYMBI_CANDIDATE_NO_CO2E = 1u << 0,
	/* Heat lifted by a heat pump to the demand's temperature. */
	SYMBI_CANDIDATE_HEAT_PUMP = 1u << 1
};

/* One candidate partnership. Quantities are in the receiver's base unit per
 * year (after the rule's yield); money in NOK per year, emissions in t CO2e
 * per year. The factors used are kept so that `explain` can show them. */
typedef struct symbi_candidate {
	uint32_t supply;          /* stream index, SYMBI_NONE for demand-side sector potential */
	uint32_t demand;          /* stream index, SYMBI_NONE for supply-side sector potential */
	uint32_t supplier;        /* firm index */
	uint32_t receiver;        /* firm index */
	int32_t rule;             /* rule index, -1 for a direct or hierarchical match */
	int32_t receiver_code;    /* demand's code, or the rule's target for sector */
	symbi_basis basis;
	symbi_mode mode;
	symbi_dim dim;            /* of `quantity` */
	uint32_t flags;           /* SYMBI_CANDIDATE_* */
	double yield;             /* demand units per supply unit */
	double quantity;          /* exchangeable per year */
	double supply_used;       /* supply base units per year behind `quantity` */
	double distance_km;       /* great-circle */
	double route_km;          /* distance times the detour factor */
	double radius_km;         /* the transport radius that applied */
	double transport_nok;     /* per year */
	double transport_co2e_t;
	double avoided_disposal_nok;
	double avoided_purchase_nok;
	double avoided_co2e_t;    /* virgin input replaced and disposal avoided */
	double value_nok;         /* avoided disposal + avoided purchase - transport */
	double co2e_t;            /* avoided - transport emissions */
	double score;             /* value_nok or co2e_t per the objective, for ranking */
	double allocated;         /* quantity allocated by the optimiser, NAN if not run */
	/* Sector potential: the likelihood that firms of the partner's sector
	 * take (supply side) or give (demand side) the resource, times the
	 * distance decay; NAN for declared partnerships. */
	double evidence;
} symbi_candidate;

typedef struct symbi_matches symbi_matches;

/* Find every feasible partnership in `ds` for the query. Candidates are sorted
 * by score (descending), then supplier firm id, supply id, receiver firm id and
 * demand id, so the order is the same on every run and thread count.
 * Errors: SYMBI_EQUERY for an unknown firm, stream, code or region named in
 * the options; SYMBI_ELIMIT past max_candidates; SYMBI_EINTR on cancel. */
int symbi_match(symbi_matches **out, const symbi_dataset *ds, const symbi_match_options *opt);
void symbi_matches_free(symbi_matches *m);

size_t symbi_matches_count(const symbi_matches *m);
const symbi_candidate *symbi_matches_get(const symbi_matches *m, size_t i);
symbi_candidate *symbi_matches_get_mut(symbi_matches *m, size_t i);
const symbi_dataset *symbi_matches_dataset(const symbi_matches *m);
const symbi_match_options *symbi_matches_options(const symbi_matches *m);
/* A stable identifier of candidate i, the same whatever else is matched:
 * "<supply stream id>-><demand stream id>" for a declared partnership,
 * "<supply stream id>->@<receiver firm id>" for sector potential. Returns 0,
 * or SYMBI_ELIMIT when `size` is too small (buf then holds a truncation). */
int symbi_candidate_id(const symbi_matches *m, size_t i, char *buf, size_t size);

#ifdef __cplusplus
}
#endif
#endif
