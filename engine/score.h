/*
 * score.h: the pricing model's private interface (score.c): the scorer's
 * factors, the figures `explain` shows, the exact score of a candidate and
 * the per-supply terms the ranked search bounds with. Only the modules that
 * price or explain a candidate include it.
 */
#ifndef SYMBI_SCORE_H
#define SYMBI_SCORE_H

#include "internal.h"

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
/* Fill `t` for supply stream `s` (zeroed first, whatever the result); -1
 * when a factor the scorer needs is missing, a figure is not finite or the
 * supply may go by pipe or by road (the caller must then not bound). */
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

#endif
