/*
 * pair.h: the pair check — can supply S of firm A feed demand D of firm B
 * (or, for sector potential, firm B itself), by one way (direct, or one rule)?
 * Private to the engine. The semantics are those of docs/contract.md and of
 * the comment at the top of match.c; each test is written here once:
 *
 *   same firm    A != B;
 *   code         D's code is S's or an ancestor of it (direct), or the
 *                rule's `from` is S's code or an ancestor and D's code is the
 *                rule's `to` or an ancestor of it (substitution); for sector
 *                potential the rule's `nace` prefix covers B's NACE code;
 *   units        without a converting rule S and D share a dimension; a rule
 *                with from_unit/to_unit needs S in from_unit's dimension and
 *                D in to_unit's;
 *   months       the availability masks share a month;
 *   temperature  under energy:heat or energy:steam S.temp_c >= D.temp_c,
 *                under energy:cold S.temp_c <= D.temp_c, when both are given;
 *   distance     the great-circle distance is at most the pair's radius
 *                (exactly at the radius is in);
 *   legal        symbi__legal_gate (legal.c) lets the way through.
 *
 * symbi__pair_check runs them in that order and returns the first that fails
 * (SYMBI_PAIR_OK when none does): the reason a near miss is reported with.
 * The searches (match_scan.c, match_ranked.c) call the same stages in the
 * order that is cheapest for them — a stage that needs no record first, the
 * code test implied by the index bucket they search, the legal gate last —
 * so they accept exactly the pairs symbi__pair_check accepts; only the
 * reason for a refusal is defined by symbi__pair_check's order.
 *
 * Every stage is static inline: they sit in the innermost loops of both
 * searches.
 */
#ifndef SYMBI_PAIR_H
#define SYMBI_PAIR_H

#include "score.h"

/* Why a pair cannot be made: the first failing test, in the order above. The
 * values are stable; symbi__pair_reason_text gives each a stable short text. */
typedef enum {
	SYMBI_PAIR_OK = 0,
	SYMBI_PAIR_CODE,
	SYMBI_PAIR_UNITS,
	SYMBI_PAIR_MONTHS,
	SYMBI_PAIR_TEMPERATURE,
	SYMBI_PAIR_DISTANCE,
	SYMBI_PAIR_LEGAL,
	SYMBI_PAIR_SAME_FIRM
} symbi_pair_reason;

#define SYMBI_PAIR_REASON_COUNT 8

/* "ok", "code", "units", "months", "temperature", "distance", "legal",
 * "same_firm"; "unknown" for a value outside the enum. Static text. */
const char *symbi__pair_reason_text(symbi_pair_reason r);

/* For symbi__pair_units: the receiving end is a firm, not a demand stream
 * (sector potential), so only the supply's side of a rule is tested. */
#define SYMBI__PAIR_NO_DEMAND (-1)

/* ---- The stages ------------------------------------------------------------------- */

static inline symbi_pair_reason symbi__pair_firms(uint32_t supplier, uint32_t receiver)
{
	return supplier == receiver ? SYMBI_PAIR_SAME_FIRM : SYMBI_PAIR_OK;
}

/* Units of one way: `r` the rule (NULL for a direct match), `sdim` the
 * supply's dimension, `ddim` the demand's or SYMBI__PAIR_NO_DEMAND. */
static inline symbi_pair_reason symbi__pair_units(const symbi_rule *r, int sdim, int ddim)
{
	if (r && r->from_dim != SYMBI_DIM_NONE) {
		if (sdim != (int)r->from_dim)
			return SYMBI_PAIR_UNITS;
		if (ddim != SYMBI__PAIR_NO_DEMAND &&
		    ddim != (int)(r->to_dim ? r->to_dim : r->from_dim))
			return SYMBI_PAIR_UNITS;
		return SYMBI_PAIR_OK;
	}
	if (ddim != SYMBI__PAIR_NO_DEMAND && sdim != ddim)
		return SYMBI_PAIR_UNITS;
	return SYMBI_PAIR_OK;
}

static inline symbi_pair_reason symbi__pair_months(unsigned supply, unsigned demand)
{
	return supply & demand & SYMBI_MONTHS_ALL ? SYMBI_PAIR_OK : SYMBI_PAIR_MONTHS;
}

/* `hot` and `cold`: the demand code's temperature rule (symbi__is_hot,
 * symbi__is_cold); a NAN temperature is not given. */
static inline symbi_pair_reason symbi__pair_temperature(double supply, double demand, bool hot,
                                                        bool cold)
{
	if (isnan(supply) || isnan(demand))
		return SYMBI_PAIR_OK;
	if ((hot && supply < demand) || (cold && supply > demand))
		return SYMBI_PAIR_TEMPERATURE;
	return SYMBI_PAIR_OK;
}

/* The temperature test with heat pumps: heat colder than a heat demand
 * passes when a heat pump can lift it (symbi__heat_pump_cop, score.c), so
 * that the pair is priced with the heat pump. */
static inline symbi_pair_reason symbi__pair_heat(const symbi__scorer *sc, const symbi_stream *S,
                                                 const symbi_stream *D, bool hot, bool cold)
{
	symbi_pair_reason why = symbi__pair_temperature(S->temp_c, D->temp_c, hot, cold);
	if (why != SYMBI_PAIR_OK && hot && symbi__heat_pump_cop(sc, S, D) > 0.0)
		return SYMBI_PAIR_OK;
	return why;
}

/* The smaller of a and b, a NAN operand counting as no limit. */
static inline double symbi__min_limit(double a, double b)
{
	if (isnan(a))
		return b;
	if (isnan(b))
		return a;
	return a < b ? a : b;
}

/* The radius of a pair: the supply end's (symbi__supply_radius) and the
 * demand's max_km, else the supply code's default (`code_r`), whichever is
 * smaller (NAN max_km: the demand gives none; pass NAN for a receiving firm,
 * which declares no stream and keeps the default). */
static inline double symbi__pair_radius(double supply_r, double code_r, double demand_max_km)
{
	return symbi__min_limit(supply_r, isnan(demand_max_km) ? code_r : demand_max_km);
}

/* The one radius test: exactly at the radius is in; a NAN distance or radius
 * is out. A lower bound on the distance may stand for it to refuse early. */
static inline symbi_pair_reason symbi__pair_distance(double km, double radius)
{
	return km <= radius ? SYMBI_PAIR_OK : SYMBI_PAIR_DISTANCE;
}

/* ---- The supply end's radius -------------------------------------------------------- */

/* The largest radius any pair of supply S can get: S's max_km when given
 * (it replaces the default, docs/contract.md section 1), else the default
 * radius of S's code, capped by `max_km` (--max-km, NAN for none). *code_r
 * gets the code's default (NAN if the knowledge base has none). NAN when no
 * radius applies at all: symbi__no_radius then says why. */
double symbi__supply_radius(const symbi__scorer *sc, const symbi_stream *S, double max_km,
                            double *code_r);
/* Record the error for a supply of `code` that has no radius; returns
 * SYMBI_EINPUT. */
int symbi__no_radius(const symbi_kb *kb, int32_t code);

/* ---- The legal gate (legal.c) -------------------------------------------------------- */

/* Whether the law lets supply S of firm A go to firm B (demand D, NULL for
 * sector potential) by rule `rule` (-1: the declared code itself, directly
 * or by the hierarchy). SYMBI_PAIR_OK or SYMBI_PAIR_LEGAL. Called by every
 * search for every way that passed the other tests, last; pure and
 * thread-safe. */
symbi_pair_reason symbi__legal_gate(const symbi_kb *kb, const symbi_firm *A, const symbi_stream *S,
                                    int32_t rule, const symbi_firm *B, const symbi_stream *D);

/* ---- The whole check ---------------------------------------------------------------- */

/* Every test above on supply stream `s` and, by way `rule` (-1 direct),
 * demand stream `d` (SYMBI_NONE: sector potential, with `receiver` the
 * receiving firm and `rule` a sector rule), --max-km `max_km` (NAN none):
 * the first that fails. *km and *radius (may be NULL) get the distance and
 * the pair's radius. Not for inner loops: the searches use the stages. */
symbi_pair_reason symbi__pair_check(const symbi__scorer *sc, const symbi_dataset *ds, uint32_t s,
                                    int32_t rule, uint32_t d, uint32_t receiver, double max_km,
                                    double *km, double *radius);

#endif
