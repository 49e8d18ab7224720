/*
 * evidence.h: how likely firms of a NACE sector are to take (or to give) a
 * resource, estimated from documented exchanges (engine/evidence.c has the
 * formula). Private to the engine; the knowledge base owns the estimator.
 */
#ifndef SYMBI_EVIDENCE_H
#define SYMBI_EVIDENCE_H

#include "internal.h"

typedef struct symbi__evidence symbi__evidence;

/* Which end of an exchange a sector is asked about: the receivers of a
 * supply (TAKE, supply-side sector potential) or the providers of a demand
 * (GIVE, demand-side). */
typedef enum { SYMBI__EV_TAKE = 0, SYMBI__EV_GIVE = 1 } symbi__ev_side;

/* The estimate for one resource code and one NACE code, with what supports
 * it: the most specific (code node, NACE prefix) with documented exchanges,
 * searching the code from the entry up and the NACE code from the class up.
 * `support_code` is -1 and the counts 0 when nothing supports it (the
 * estimate is then the prior alone). */
typedef struct symbi__evidence_est {
	double likelihood;       /* E(c, n) of evidence.c, in [0, 1] */
	int32_t support_code;    /* code node of the support, -1 for none */
	const char *support_nace; /* NACE prefix of the support (owned by the
	                           * evidence), NULL for none */
	double support_k;        /* weighted exchanges behind it */
	uint32_t exchanges;      /* distinct exchange rows behind it */
	uint32_t cases;          /* distinct cases (and curated rules) behind it */
	const char *cites;       /* "case 16: Van Beers et al. 2007; ...", NULL for none */
	double total;            /* N(support_code): exchanges of that code node */
} symbi__evidence_est;

int symbi__evidence_new(symbi__evidence **out);
void symbi__evidence_free(symbi__evidence *ev);

/* Read a table of documented exchanges (columns case_id, ewc or resource,
 * receiver_nace, provider_nace; optional source, exchange_id, status, note)
 * into `ev`; codes must be known to `kb` (loaded, not finished). Bad rows
 * are reported as FILE:LINE errors and give SYMBI_EINPUT. */
int symbi__evidence_load(symbi__evidence *ev, const symbi_kb *kb, const char *path,
                         symbi_diags *diags);

/* Count the exchanges over the code and NACE hierarchies; the curated
 * sector rules of `kb` (support 0) count as one documented receiver each.
 * Call from symbi_kb_finish after the hierarchy is complete. */
int symbi__evidence_finish(symbi__evidence *ev, const symbi_kb *kb);

/* The smoothing strengths and decay half-distances in use (factors
 * evidence.alpha, evidence.beta, evidence.decay.<class>.half_km of
 * scoring.csv when given, else the defaults stated in evidence.c). */
void symbi__evidence_set_factors(symbi__evidence *ev, const symbi_kb *kb);

/* E(c, n) for resource code `code` and one NACE code `nace` (normalised).
 * Thread-safe after finish. */
void symbi__evidence_estimate(const symbi__evidence *ev, const symbi_kb *kb, symbi__ev_side side,
                              int32_t code, const char *nace, symbi__evidence_est *out);
/* The best estimate over a firm's codes (main and extra). */
void symbi__evidence_firm(const symbi__evidence *ev, const symbi_kb *kb, symbi__ev_side side,
                          int32_t code, const symbi_firm *f, symbi__evidence_est *out);
/* True when some ancestor of `code` (itself included; not the table as a
 * whole) has a documented exchange with a firm of `nace`'s division. */
bool symbi__evidence_supported(const symbi__evidence *ev, const symbi_kb *kb,
                               symbi__ev_side side, int32_t code, const char *nace);
/* The NACE divisions documented for `code` or an ancestor of it: *out set to
 * an array owned by `ev`; returns its length. */
size_t symbi__evidence_divisions(const symbi__evidence *ev, const symbi_kb *kb,
                                 symbi__ev_side side, int32_t code, const char *const **out);

/* Sector potential's candidate divisions for `code` on `side`: for water
 * the divisions documented for any water grade (a firm that gives one grade
 * has water to give; the grade is the legal gate's and the pair check's);
 * for everything else only those documented for the code's own root (an
 * EWC chapter, a `mat:`, `energy:` or `gas:` root), because resources of
 * one class are not interchangeable: the class sent manure to sawmills,
 * steel turnings to district heating and asked data centres for steam.
 * Measured in bench/RESULTS.md ("Candidates by class, undone"). */
size_t symbi__evidence_candidate_divisions(const symbi__evidence *ev, const symbi_kb *kb,
                                           symbi__ev_side side, int32_t code,
                                           const char *const **out);

/* symbi__evidence_supported for any of the firm's NACE codes. */
bool symbi__evidence_firm_supported(const symbi__evidence *ev, const symbi_kb *kb,
                                    symbi__ev_side side, int32_t code, const symbi_firm *f);

/* True when one of the firm's NACE codes (main or extra) lies under the
 * dotted prefix (symbi__kb_nace_matches). */
bool symbi__firm_nace_matches(const char *prefix, const symbi_firm *f);

/* The short citation of an exchange's source, kept in `a`: the source
 * without a trailing "(via ...)", which names the database a rule's or an
 * evidence count's own source already names. NULL when memory runs out. */
const char *symbi__short_cite(symbi__arena *a, const char *src);

/* The NACE divisions documented on `side` for any code of `code`'s class
 * of resource (material, energy, water, gas): *out set to a sorted array
 * owned by `ev`; returns its length. */
size_t symbi__evidence_class_divisions(const symbi__evidence *ev, const symbi_kb *kb,
                                       symbi__ev_side side, int32_t code,
                                       const char *const **out);
/* Every NACE division the documented exchanges name on `side`. */
size_t symbi__evidence_all_divisions(const symbi__evidence *ev, symbi__ev_side side,
                                     const char *const **out);

/* Distance decay 2^(-km / h) with h the half-distance of the class. */
double symbi__evidence_decay(const symbi__evidence *ev, symbi_class cls, double km);
double symbi__evidence_half_km(const symbi__evidence *ev, symbi_class cls, const char **source);

/* The ranking order of candidates (match.h): declared partnerships by
 * score; sector ones, with --rank evidence, after them by evidence. These
 * give the tier (0 first) and the number sorted descending within it. */
static inline uint32_t symbi__rank_tier(const symbi_candidate *c, symbi_rank rank)
{
	return c->basis == SYMBI_BASIS_SECTOR && rank == SYMBI_RANK_EVIDENCE ? 1u : 0u;
}
static inline double symbi__rank_score(const symbi_candidate *c, symbi_rank rank)
{
	return symbi__rank_tier(c, rank) ? c->evidence : c->score;
}

/* How many exchange rows and cases were read. */
size_t symbi__evidence_rows(const symbi__evidence *ev);
size_t symbi__evidence_cases(const symbi__evidence *ev);

#endif
