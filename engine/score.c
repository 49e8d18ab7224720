/*
 * score.c: pricing one candidate partnership — the quantity that can change
 * hands, what moving it costs and emits, the disposal and purchase it avoids,
 * and the CO2e it saves — with every figure used recorded for `explain`.
 *
 * The model (README "Scoring"), per year:
 *
 *   offered   = S.quantity x yield x delivered x share_S    receiver units
 *   needed    = D.quantity x share_D                        (sector: offered)
 *   quantity  = min(offered, needed)
 *   supply_used = quantity / (yield x delivered)            supply units
 *
 * where `delivered` is 1 - pipe.heat.loss_per_km x route_km for heat, steam
 * and cold (never below 0) and 1 otherwise, and share_X is the part of X's
 * months that both sides share — for piped flows only (heat, water and gas
 * cannot be stored for the season they are wanted; materials can: share 1).
 *
 *   transport (road) = route_km x supply_used x NOK per unit-km, with
 *       route_km = distance_km x road.detour_factor; NOK per unit-km is the
 *       supply code's transport figure, else road.cost_nok_per_tkm (mass;
 *       volume at road.density_t_per_m3, 1 t/m3 when absent); a material
 *       measured in MWh without its own figure is not priced (noted)
 *   transport (pipe) = pipe.<kind>.fixed_nok_per_yr
 *                      + pipe.<kind>.nok_per_km_yr x route_km,
 *       route_km = distance_km x pipe.detour_factor; kind heat (heat, steam,
 *       cold), water (the water class) or gas (everything else piped)
 *   value_nok = disposal price x supply_used + purchase price x quantity
 *               - transport
 *   co2e_t    = (avoided_co2e_kg_per_unit x quantity
 *                + class.<class>.disposal_co2e_kg_per_unit x supply_used
 *                - transport emissions kg) / 1000
 *
 * Prices come from the streams when given (disposal_cost, purchase_price),
 * else from the resource code's figures (inherited down the hierarchy), else
 * from the class default `class.<class>.<figure>` in scoring.csv; a figure
 * none of them gives counts as 0 and says so in `explain`. The receiver side
 * is priced with the code actually delivered: the rule's target for a rule
 * match, the supply's own code for a direct or hierarchical one (a demand for
 * mat:biofuel receiving pellets saves what pellets cost) and for a sector
 * rule that names no target.
 *
 * Everything here is pure: the same candidate always prices the same, so the
 * JSON writer re-runs it with an explain record instead of storing one per
 * candidate. O(depth of the code hierarchy) per call.
 */
#include <stdlib.h>
#include <string.h>

#include "score.h"

/* ==== Factors ==================================================================== */

enum { PIPE_HEAT = 0, PIPE_WATER = 1, PIPE_GAS = 2 };
static const char *const pipe_kind_name[3] = {"heat", "water", "gas"};

typedef enum {
	FIG_RADIUS,
	FIG_TRANSPORT_NOK,
	FIG_TRANSPORT_CO2E,
	FIG_AVOIDED_CO2E,
	FIG_PRICE,
	FIG_DISPOSAL
} figure_kind;

static const char *const figure_name[] = {"radius_km",
                                          "transport_nok_per_unit_km",
                                          "transport_co2e_kg_per_unit_km",
                                          "avoided_co2e_kg_per_unit",
                                          "price_nok_per_unit",
                                          "disposal_nok_per_unit"};

static const uint8_t figure_bit[] = {SYMBI__GIVEN_RADIUS,         SYMBI__GIVEN_TRANSPORT_NOK,
                                     SYMBI__GIVEN_TRANSPORT_CO2E, SYMBI__GIVEN_AVOIDED_CO2E,
                                     SYMBI__GIVEN_PRICE,          SYMBI__GIVEN_DISPOSAL};

static const symbi_factor *factor(const symbi_kb *kb, const char *fmt, const char *a)
{
	char key[96];
	snprintf(key, sizeof key, fmt, a);
	return symbi_kb_find_factor(kb, key);
}

int symbi__scorer_init(symbi__scorer *sc, const symbi_kb *kb)
{
	memset(sc, 0, sizeof *sc);
	sc->kb = kb;
	sc->road_detour = symbi_kb_find_factor(kb, "road.detour_factor");
	sc->road_cost = symbi_kb_find_factor(kb, "road.cost_nok_per_tkm");
	sc->road_co2e = symbi_kb_find_factor(kb, "road.co2e_kg_per_tkm");
	sc->road_density = symbi_kb_find_factor(kb, "road.density_t_per_m3");
	sc->pipe_detour = symbi_kb_find_factor(kb, "pipe.detour_factor");
	for (int k = 0; k < 3; k++) {
		sc->pipe_fixed[k] = factor(kb, "pipe.%s.fixed_nok_per_yr", pipe_kind_name[k]);
		sc->pipe_per_km[k] = factor(kb, "pipe.%s.nok_per_km_yr", pipe_kind_name[k]);
		sc->pipe_loss[k] = factor(kb, "pipe.%s.loss_per_km", pipe_kind_name[k]);
		sc->pipe_co2e[k] = factor(kb, "pipe.%s.co2e_kg_per_km_yr", pipe_kind_name[k]);
	}
	for (int c = 0; c < SYMBI_CLASS_COUNT; c++) {
		const char *cls = symbi_class_name((symbi_class)c);
		sc->class_radius[c] = factor(kb, "class.%s.radius_km", cls);
		sc->class_transport_nok[c] = factor(kb, "class.%s.transport_nok_per_unit_km", cls);
		sc->class_transport_co2e[c] =
		    factor(kb, "class.%s.transport_co2e_kg_per_unit_km", cls);
		sc->class_avoided_co2e[c] = factor(kb, "class.%s.avoided_co2e_kg_per_unit", cls);
		sc->class_price[c] = factor(kb, "class.%s.price_nok_per_unit", cls);
		sc->class_disposal[c] = factor(kb, "class.%s.disposal_nok_per_unit", cls);
		sc->disposal_co2e[c] = factor(kb, "class.%s.disposal_co2e_kg_per_unit", cls);
	}
	sc->heat = symbi_kb_find(kb, "energy:heat");
	sc->steam = symbi_kb_find(kb, "energy:steam");
	sc->cold = symbi_kb_find(kb, "energy:cold");
	sc->fuel_gas = symbi_kb_find(kb, "energy:fuel-gas");
	sc->hp_carnot = symbi_kb_find_factor(kb, "heatpump.carnot_fraction");
	sc->hp_price = symbi_kb_find_factor(kb, "heatpump.electricity_nok_per_mwh");
	sc->hp_co2e = symbi_kb_find_factor(kb, "heatpump.electricity_co2e_kg_per_mwh");
	sc->hp_capex = symbi_kb_find_factor(kb, "heatpump.nok_per_mw_yr");
	sc->fluid_cost = symbi_kb_find_factor(kb, "road.fluid.cost_nok_per_tkm");
	sc->fluid_handling = symbi_kb_find_factor(kb, "road.fluid.handling_nok_per_t");
	sc->fluid_co2e = symbi_kb_find_factor(kb, "road.fluid.co2e_kg_per_tkm");
	sc->fluid_radius = symbi_kb_find_factor(kb, "road.fluid.radius_km");
	sc->radius = NAN;
	return 0;
}

bool symbi__fluid_by_road(const symbi__scorer *sc, int32_t code)
{
	if (!sc->fluid_cost || !sc->fluid_radius || code < 0 || (size_t)code >= sc->kb->ncodes)
		return false;
	const symbi_code *k = &sc->kb->codes[code];
	return k->cls == SYMBI_CLASS_GAS && k->dim == SYMBI_DIM_MASS;
}

void symbi__scorer_set_radius(symbi__scorer *sc, double km)
{
	sc->radius = km > 0.0 && isfinite(km) ? km : NAN;
}

bool symbi__is_hot(const symbi__scorer *sc, int32_t code)
{
	return (sc->heat >= 0 && symbi_kb_is_ancestor(sc->kb, sc->heat, code)) ||
	       (sc->steam >= 0 && symbi_kb_is_ancestor(sc->kb, sc->steam, code));
}

static bool is_heat(const symbi__scorer *sc, int32_t code)
{
	return sc->heat >= 0 && symbi_kb_is_ancestor(sc->kb, sc->heat, code);
}

bool symbi__heat_pump_demand(const symbi__scorer *sc, const symbi_stream *D)
{
	return D && !isnan(D->temp_c) && is_heat(sc, D->code) && sc->hp_carnot &&
	       sc->hp_price && sc->hp_carnot->value > 0.0 && isfinite(sc->hp_price->value);
}

double symbi__heat_pump_cop(const symbi__scorer *sc, const symbi_stream *S,
                            const symbi_stream *D)
{
	if (!S || !symbi__heat_pump_demand(sc, D) || isnan(S->temp_c) || !(S->temp_c < D->temp_c) ||
	    !is_heat(sc, S->code))
		return 0.0;
	/* Carnot COP of heating from T_S to T_D (kelvin), times the fraction
	 * real machines reach (scoring.csv). */
	double td = D->temp_c + 273.15, ts = S->temp_c + 273.15;
	if (!(ts > 0.0))
		return 0.0;
	double cop = sc->hp_carnot->value * td / (td - ts);
	return cop > 1.0 && isfinite(cop) ? cop : 0.0;
}

bool symbi__is_cold(const symbi__scorer *sc, int32_t code)
{
	return sc->cold >= 0 && symbi_kb_is_ancestor(sc->kb, sc->cold, code);
}

/* A figure of `code` and where it comes from: the nearest code at or above it
 * that gives the figure itself, else the class default. Returns NAN when
 * neither exists. *key gets the figure's name or the factor's key, *src its
 * source, *from the code that gave it (NULL for a class default). */
static double code_figure(const symbi__scorer *sc, int32_t code, figure_kind k, const char **key,
                          const char **src, const char **from)
{
	const symbi_kb *kb = sc->kb;
	*key = figure_name[k];
	*src = NULL;
	*from = NULL;
	if (code < 0 || (size_t)code >= kb->ncodes)
		return NAN;
	for (int32_t c = code; c >= 0; c = kb->codes[c].parent) {
		const symbi_code *x = &kb->codes[c];
		if (!kb->given || !(kb->given[c] & figure_bit[k]))
			continue;
		*from = x->code;
		switch (k) {
		case FIG_RADIUS:
			*src = x->radius_source;
			return x->radius_km;
		case FIG_TRANSPORT_NOK:
			*src = x->transport_source;
			return x->transport_nok_per_unit_km;
		case FIG_TRANSPORT_CO2E:
			*src = x->transport_source;
			return x->transport_co2e_kg_per_unit_km;
		case FIG_AVOIDED_CO2E:
			*src = x->co2e_source;
			return x->avoided_co2e_kg_per_unit;
		case FIG_PRICE:
			*src = x->price_source;
			return x->price_nok_per_unit;
		case FIG_DISPOSAL:
			*src = x->price_source;
			return x->disposal_nok_per_unit;
		}
	}
	/* No code gives it: the class default. A knowledge base that copied the
	 * class default into the code's figure gives the same value. */
	const symbi_code *x = &kb->codes[code];
	const symbi_factor *f = NULL;
	switch (k) {
	case FIG_RADIUS:
		f = sc->class_radius[x->cls];
		break;
	case FIG_TRANSPORT_NOK:
		f = sc->class_transport_nok[x->cls];
		break;
	case FIG_TRANSPORT_CO2E:
		f = sc->class_transport_co2e[x->cls];
		break;
	case FIG_AVOIDED_CO2E:
		f = sc->class_avoided_co2e[x->cls];
		break;
	case FIG_PRICE:
		f = sc->class_price[x->cls];
		break;
	case FIG_DISPOSAL:
		f = sc->class_disposal[x->cls];
		break;
	}
	if (f) {
		*key = f->key;
		*src = f->source;
		return f->value;
	}
	return NAN;
}

/* The avoided-emission figure of `code`: the nearest code at or above it
 * that gives one itself or is exactly a material that has one
 * (equivalences.csv; *eq then names the line), else the class default, else
 * NAN. The same lookup prices a candidate and bounds it (receiver_term). */
static double avoided_figure(const symbi__scorer *sc, int32_t code, const char **key,
                             const char **src, const char **from,
                             const struct symbi__equiv **eq)
{
	const symbi_kb *kb = sc->kb;
	*eq = NULL;
	if (code < 0 || (size_t)code >= kb->ncodes)
		return code_figure(sc, code, FIG_AVOIDED_CO2E, key, src, from);
	for (int32_t c = code; c >= 0; c = kb->codes[c].parent) {
		if (kb->given && (kb->given[c] & SYMBI__GIVEN_AVOIDED_CO2E))
			return code_figure(sc, c, FIG_AVOIDED_CO2E, key, src, from);
		if (kb->equiv_of && kb->equiv_of[c] >= 0) {
			const struct symbi__equiv *e = &kb->equiv[kb->equiv_of[c]];
			double f = code_figure(sc, e->material, FIG_AVOIDED_CO2E, key, src, from);
			if (!isnan(f) && *from) {
				*eq = e;
				return f;
			}
		}
	}
	return code_figure(sc, code, FIG_AVOIDED_CO2E, key, src, from);
}

double symbi__code_radius(const symbi__scorer *sc, int32_t code, const char **from,
                          const char **source)
{
	const char *key, *src, *fr;
	if (!isnan(sc->radius)) {
		/* --radius replaces the defaults for this query. */
		if (from)
			*from = "--radius";
		if (source)
			*source = "given for this query";
		return sc->radius;
	}
	double r = code_figure(sc, code, FIG_RADIUS, &key, &src, &fr);
	if (symbi__fluid_by_road(sc, code) && !(r >= sc->fluid_radius->value)) {
		/* A liquefied fluid goes as far as a truck takes it. */
		r = sc->fluid_radius->value;
		fr = sc->fluid_radius->key;
		src = sc->fluid_radius->source;
	}
	if (from)
		*from = fr ? fr : key;
	if (source)
		*source = src;
	return r;
}

/* ==== Explain records ============================================================== */

static void add_fig(symbi__explain *ex, const char *key, double value, const char *unit,
                    const char *source, const char *code)
{
	if (!ex || ex->nfig >= SYMBI__EXPLAIN_FIGURES)
		return;
	symbi__figure *f = &ex->fig[ex->nfig++];
	f->key = key;
	f->value = value;
	f->unit = unit ? unit : "";
	f->source = source ? source : "";
	f->code = code;
}

static void add_factor(symbi__explain *ex, const symbi_factor *f)
{
	if (f)
		add_fig(ex, f->key, f->value, f->unit, f->source, NULL);
}

/* A figure given in streams.csv: its source is the file and line. */
static void add_stream_fig(symbi__explain *ex, const char *key, double value, const char *unit,
                           const symbi_stream *s)
{
	if (!ex || ex->nfig >= SYMBI__EXPLAIN_FIGURES)
		return;
	char *buf = ex->srcbuf[ex->nfig];
	if (s->line)
		snprintf(buf, sizeof ex->srcbuf[0], "%s:%u", s->file ? s->file : "streams.csv",
		         s->line);
	else
		snprintf(buf, sizeof ex->srcbuf[0], "dataset");
	add_fig(ex, key, value, unit, buf, NULL);
}

static void note(symbi__explain *ex, const char *fmt, ...) SYMBI_PRINTF(2, 3);
static void note(symbi__explain *ex, const char *fmt, ...)
{
	if (!ex || ex->nnote >= SYMBI__EXPLAIN_NOTES)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(ex->note[ex->nnote++], sizeof ex->note[0], fmt, ap);
	va_end(ap);
}

static int missing(const char *key, const char *why)
{
	return symbi__error(SYMBI_EINPUT,
	                    "scoring factor '%s' missing from the knowledge base (scoring.csv or "
	                    "--config): needed for %s",
	                    key, why);
}

/* ==== Pricing ======================================================================== */

static int popcount12(uint16_t m)
{
	int n = 0;
	for (m &= SYMBI_MONTHS_ALL; m; m &= (uint16_t)(m - 1))
		n++;
	return n;
}

static int pipe_kind(const symbi__scorer *sc, int32_t code, symbi_class cls)
{
	if (symbi__is_hot(sc, code) || symbi__is_cold(sc, code))
		return PIPE_HEAT;
	if (cls == SYMBI_CLASS_WATER)
		return PIPE_WATER;
	return PIPE_GAS;
}

/* Tonnes carried per unit of a road flow measured in `dim`: 1 for mass,
 * road.density_t_per_m3 (else the 1 t/m3 of water) for volume, NAN for a
 * dimension that is not carried by weight. */
static double tonnes_per_unit(const symbi__scorer *sc, symbi_dim dim)
{
	if (dim == SYMBI_DIM_MASS)
		return 1.0;
	if (dim == SYMBI_DIM_VOLUME)
		return sc->road_density ? sc->road_density->value : 1.0;
	return NAN;
}

/* Units of the explain records are fixed strings per dimension so that the
 * explain record stays valid after this function returns. */
static const char *unit_text(int kind, symbi_dim dim)
{
	static const char *const t[][4] = {
	    /* per unit */ {"NOK", "NOK/t", "NOK/m3", "NOK/MWh"},
	    /* per unit-km */ {"NOK/km", "NOK/t/km", "NOK/m3/km", "NOK/MWh/km"},
	    /* kg per unit */ {"kg", "kg/t", "kg/m3", "kg/MWh"},
	    /* kg per unit-km */ {"kg/km", "kg/t/km", "kg/m3/km", "kg/MWh/km"},
	};
	return t[kind][dim <= SYMBI_DIM_ENERGY ? dim : 0];
}

int symbi__score(const symbi__scorer *sc, const symbi_dataset *ds, symbi_candidate *c,
                 symbi_objective objective, symbi__explain *ex)
{
	const symbi_kb *kb = sc->kb;
	const symbi_stream *D = c->demand != SYMBI_NONE ? &ds->streams[c->demand] : NULL;
	/* Demand-side sector potential: the supplier declared nothing, so it is
	 * priced as a supply of what D asks for, as much as D needs, in D's
	 * months, with no stream figures of its own. */
	symbi_stream asked;
	const symbi_stream *S = &asked;
	if (c->supply != SYMBI_NONE) {
		S = &ds->streams[c->supply];
	} else {
		asked = *D;
		asked.firm = c->supplier;
		asked.direction = SYMBI_SUPPLY;
		asked.temp_c = asked.disposal_cost = asked.purchase_price = asked.max_km = NAN;
	}
	const symbi_code *scode = &kb->codes[S->code];
	const symbi_rule *rule = c->rule >= 0 ? &kb->rules[c->rule] : NULL;
	const char *key, *src, *from;

	if (ex) {
		memset(ex, 0, sizeof *ex);
		ex->figure_code = -1;
	}
	if (c->supply == SYMBI_NONE)
		note(ex, "sector potential: the supplier declared no supply, so its quantity is "
		         "unknown; assumes it can give all the demand needs");
	bool pipe = scode->cls != SYMBI_CLASS_MATERIAL;
	int kind = pipe ? pipe_kind(sc, S->code, scode->cls) : 0;
	c->flags = 0;
	c->mode = pipe ? SYMBI_MODE_PIPE : SYMBI_MODE_ROAD;

	/* Route. */
	const symbi_factor *detour = pipe ? sc->pipe_detour : sc->road_detour;
	if (!detour)
		return missing(pipe ? "pipe.detour_factor" : "road.detour_factor",
		               pipe ? "piped flows" : "road transport");
	add_factor(ex, detour);
	c->route_km = c->distance_km * detour->value;

	/* Losses over the pipe (heat, steam, cold). */
	double delivered = 1.0;
	if (pipe && kind == PIPE_HEAT) {
		const symbi_factor *loss = sc->pipe_loss[PIPE_HEAT];
		if (!loss)
			return missing("pipe.heat.loss_per_km", "heat losses");
		add_factor(ex, loss);
		delivered = 1.0 - loss->value * c->route_km;
		if (delivered < 0.0)
			delivered = 0.0;
	}

	/* Months shared, for flows that cannot be stored. */
	double share_s = 1.0, share_d = 1.0;
	if (pipe && D) {
		int ns = popcount12(S->months), nd = popcount12(D->months);
		int both = popcount12((uint16_t)(S->months & D->months));
		share_s = ns ? (double)both / ns : 0.0;
		share_d = nd ? (double)both / nd : 0.0;
		if (both < ns || both < nd)
			note(
			    ex,
			    "piped flows cannot be stored: %d shared month%s of %d supplied and %d "
			    "wanted count",
			    both, both == 1 ? "" : "s", ns, nd);
	}

	/* A heat pump at the receiver lifts the heat that arrives to the
	 * demand's temperature, adding the electricity it buys: per MWh that
	 * arrives it gives COP / (COP - 1) MWh (the source gives 1 - 1/COP of
	 * each MWh delivered). */
	double lift = 1.0, cop = pipe && kind == PIPE_HEAT ? symbi__heat_pump_cop(sc, S, D) : 0.0;
	if (cop > 0.0) {
		lift = cop / (cop - 1.0);
		c->flags |= SYMBI_CANDIDATE_HEAT_PUMP;
		add_factor(ex, sc->hp_carnot);
		if (ex)
			ex->hp_cop = cop;
	}

	/* Quantity. */
	double offered = S->quantity * c->yield * delivered * share_s * lift;
	double quantity = offered;
	if (D) {
		double needed = D->quantity * share_d;
		if (needed < quantity)
			quantity = needed;
	} else {
		note(ex, "sector potential: the receiver declared no demand, so its quantity is "
		         "unknown; assumes it takes all the supply offered");
	}
	if (!(quantity > 0.0))
		quantity = 0.0;
	double per_supply = c->yield * delivered * lift;
	c->quantity = quantity;
	c->supply_used = per_supply > 0.0 ? quantity / per_supply : 0.0;
	if (ex) {
		ex->supply_offered = offered;
		ex->months_share = share_s;
		ex->delivered_share = delivered;
	}

	/* Transport cost and emissions. */
	double t_nok = 0.0, t_kg = 0.0;
	if (pipe) {
		const char *kn = pipe_kind_name[kind];
		const symbi_factor *per_km = sc->pipe_per_km[kind];
		if (!per_km) {
			char k[64];
			snprintf(k, sizeof k, "pipe.%s.nok_per_km_yr", kn);
			return missing(k, "piped flows");
		}
		add_factor(ex, per_km);
		t_nok = per_km->value * c->route_km;
		if (sc->pipe_fixed[kind]) {
			add_factor(ex, sc->pipe_fixed[kind]);
			t_nok += sc->pipe_fixed[kind]->value;
		} else {
			note(ex,
			     "no fixed yearly pipe cost for %s (pipe.%s.fixed_nok_per_yr): counted "
			     "as 0",
			     kn, kn);
		}
		if (sc->pipe_co2e[kind]) {
			add_factor(ex, sc->pipe_co2e[kind]);
			t_kg = sc->pipe_co2e[kind]->value * c->route_km;
		}
		if (symbi__fluid_by_road(sc, S->code) && S->dim == SYMBI_DIM_MASS) {
			/* Or liquefied by truck: the cheaper way that reaches is
			 * taken (a pipe only within its own radius). */
			const char *k2, *s2, *f2;
			double pipe_r = !isnan(sc->radius)
			                    ? sc->radius
			                    : code_figure(sc, S->code, FIG_RADIUS, &k2, &s2, &f2);
			bool pipe_ok = !(c->distance_km > pipe_r);
			double road_km = c->distance_km * sc->road_detour->value;
			double r_nok = road_km * c->supply_used * sc->fluid_cost->value;
			if (sc->fluid_handling)
				r_nok += c->supply_used * sc->fluid_handling->value;
			const symbi_factor *kgf = sc->fluid_co2e ? sc->fluid_co2e : sc->road_co2e;
			double r_kg = kgf ? road_km * c->supply_used * kgf->value : 0.0;
			if (ex) {
				ex->fluid_options = true;
				ex->fluid_pipe_nok = pipe_ok ? t_nok : NAN;
				ex->fluid_road_nok = r_nok;
			}
			if (!pipe_ok || r_nok < t_nok) {
				c->mode = SYMBI_MODE_ROAD;
				c->route_km = road_km;
				t_nok = r_nok;
				t_kg = r_kg;
				add_factor(ex, sc->road_detour);
				add_factor(ex, sc->fluid_cost);
				if (sc->fluid_handling)
					add_factor(ex, sc->fluid_handling);
				else
					note(ex, "no liquefaction and handling cost per t "
					         "(road.fluid.handling_nok_per_t): not priced");
				if (kgf)
					add_factor(ex, kgf);
				else
					note(ex, "no road emission factor: transport emissions not "
					         "counted");
				note(ex,
				     pipe_ok ? "liquefied by road: cheaper than the pipe"
				             : "liquefied by road: beyond the pipe's %g km reach",
				     pipe_r);
			}
		} else if (scode->cls == SYMBI_CLASS_GAS && S->dim == SYMBI_DIM_MASS) {
			note(ex, "by pipe only: no verified road cost for liquefied gas "
			         "(road.fluid.cost_nok_per_tkm, road.fluid.radius_km)");
		}
	} else {
		/* Road: the supply's own figure per unit-km when it is in the
		 * stream's dimension, else the per-tonne-km factor. */
		double fig = code_figure(sc, S->code, FIG_TRANSPORT_NOK, &key, &src, &from);
		if (!isnan(fig) && scode->dim == S->dim) {
			add_fig(ex, key, fig, unit_text(1, S->dim), src, from);
			t_nok = fig * c->route_km * c->supply_used;
		} else {
			double tonnes = NAN;
			if (S->dim == SYMBI_DIM_MASS) {
				tonnes = c->supply_used;
			} else if (S->dim == SYMBI_DIM_VOLUME) {
				double rho = 1.0;
				if (sc->road_density) {
					add_factor(ex, sc->road_density);
					rho = sc->road_density->value;
				} else {
					note(ex, "material in m3 carried at 1 t/m3 (the density of "
					         "water; "
					         "road.density_t_per_m3 overrides)");
				}
				tonnes = c->supply_used * rho;
			}
			if (isnan(tonnes)) {
				note(ex,
				     "no transport cost for '%s' measured in %s: transport not "
				     "priced",
				     scode->code, symbi_dim_unit(S->dim));
			} else {
				if (!sc->road_cost)
					return missing("road.cost_nok_per_tkm", "road transport");
				add_factor(ex, sc->road_cost);
				t_nok = sc->road_cost->value * c->route_km * tonnes;
			}
		}
		double kgf = code_figure(sc, S->code, FIG_TRANSPORT_CO2E, &key, &src, &from);
		if (!isnan(kgf) && scode->dim == S->dim) {
			add_fig(ex, key, kgf, unit_text(3, S->dim), src, from);
			t_kg = kgf * c->route_km * c->supply_used;
		} else if (S->dim == SYMBI_DIM_MASS || S->dim == SYMBI_DIM_VOLUME) {
			if (!sc->road_co2e)
				return missing("road.co2e_kg_per_tkm", "road transport emissions");
			add_factor(ex, sc->road_co2e);
			t_kg = sc->road_co2e->value * c->route_km * c->supply_used *
			       tonnes_per_unit(sc, S->dim);
		} else {
			note(ex, "no transport emissions for '%s' measured in %s: not counted",
			     scode->code, symbi_dim_unit(S->dim));
		}
	}
	c->transport_nok = t_nok;
	c->transport_co2e_t = t_kg / 1000.0;

	/* The heat pump's electricity and investment, per year: the electricity
	 * is quantity / COP; the capacity is the heat delivered spread evenly
	 * over the hours of the months both share (the least capacity that
	 * delivers it, so the investment is not overstated). */
	double hp_nok = 0.0, hp_kg = 0.0;
	if (cop > 0.0) {
		double mwh = quantity / cop;
		int nboth = D ? popcount12((uint16_t)(S->months & D->months)) : 12;
		double hours = 8760.0 * (double)nboth / 12.0;
		double mw = hours > 0.0 ? quantity / hours : 0.0;
		add_factor(ex, sc->hp_price);
		hp_nok = mwh * sc->hp_price->value;
		double capex = NAN;
		if (sc->hp_capex) {
			add_factor(ex, sc->hp_capex);
			capex = mw * sc->hp_capex->value;
			hp_nok += capex;
		} else {
			note(ex, "no verified heat-pump investment figure (heatpump.nok_per_mw_yr): "
			         "investment not priced");
		}
		if (sc->hp_co2e) {
			add_factor(ex, sc->hp_co2e);
			hp_kg = mwh * sc->hp_co2e->value;
		} else {
			note(ex, "no emission factor for the heat pump's electricity "
			         "(heatpump.electricity_co2e_kg_per_mwh): not counted");
		}
		if (ex) {
			ex->hp_mwh = mwh;
			ex->hp_nok = mwh * sc->hp_price->value;
			ex->hp_co2e_t = hp_kg / 1000.0;
			ex->hp_mw = mw;
			ex->hp_capex_nok = capex;
		}
	}

	/* Avoided disposal: what the supplier pays today per unit. */
	double disp = NAN;
	if (!isnan(S->disposal_cost)) {
		disp = S->disposal_cost;
		add_stream_fig(ex, "disposal_cost", disp, unit_text(0, S->dim), S);
	} else {
		double f = code_figure(sc, S->code, FIG_DISPOSAL, &key, &src, &from);
		if (!isnan(f) && scode->dim == S->dim) {
			disp = f;
			add_fig(ex, key, f, unit_text(0, S->dim), src, from);
		} else {
			note(ex,
			     "no disposal cost for '%s' (stream or knowledge base): avoided "
			     "disposal "
			     "counted as 0",
			     scode->code);
		}
	}
	c->avoided_disposal_nok = isnan(disp) ? 0.0 : disp * c->supply_used;

	/* The code delivered prices the receiver's side: the rule's target, or
	 * the supply's own code when no rule names one (direct matches, sector
	 * rules without `to`: the receiver takes the resource as it is). */
	int32_t fcode = rule && rule->to >= 0 ? rule->to : S->code;
	if (ex)
		ex->figure_code = fcode;
	const symbi_code *fc = fcode >= 0 ? &kb->codes[fcode] : NULL;

	/* Avoided purchase: what the receiver pays today per unit. */
	double price = NAN;
	if (D && !isnan(D->purchase_price)) {
		price = D->purchase_price;
		add_stream_fig(ex, "purchase_price", price, unit_text(0, c->dim), D);
	} else if (fc) {
		double f = code_figure(sc, fcode, FIG_PRICE, &key, &src, &from);
		if (!isnan(f) && fc->dim == c->dim) {
			price = f;
			add_fig(ex, key, f, unit_text(0, c->dim), src, from);
		} else {
			note(ex,
			     "no purchase price for '%s' (stream or knowledge base): avoided "
			     "purchase "
			     "counted as 0",
			     fc->code);
		}
	}
	c->avoided_purchase_nok = isnan(price) ? 0.0 : price * quantity;
	/* The demand's own price refers to the form it names; a wider code
	 * (mat:feed at a compound-feed price) receiving a narrower one (liquid
	 * whey) is valued unit for unit unless a rule converts between the two
	 * on a dry-matter, nutrient or energy basis (the rule's yield, sourced):
	 * say that the value is not converted. */
	if (D && !isnan(D->purchase_price) && D->purchase_price != 0.0 && fc && fcode != D->code &&
	    fc->cls == SYMBI_CLASS_MATERIAL)
		note(ex,
		     "value not converted: the demand's price is per %s of '%s', '%s' is "
		     "delivered, and no sourced dry-matter, nutrient or energy yield links them",
		     symbi_dim_unit(c->dim), kb->codes[D->code].code, fc->code);

	/* CO2e: the production of the input the delivered resource displaces
	 * (the delivered code's figure, its own, inherited or through a material
	 * equivalence), the disposal avoided (when the knowledge base has a
	 * factor for the class). Neither known: the CO2e is not estimated; the
	 * unknown part counts as 0 in co2e_t, and the flag says so. */
	double avoided_kg = 0.0;
	bool avoided_known = false;
	if (fc) {
		const struct symbi__equiv *eq;
		double f = avoided_figure(sc, fcode, &key, &src, &from, &eq);
		if (!isnan(f) && fc->dim == c->dim) {
			add_fig(ex, key, f, unit_text(2, c->dim), src, from);
			if (ex)
				ex->equiv = eq;
			avoided_kg += f * quantity;
			avoided_known = true;
		}
	}
	const symbi_factor *dco2 = sc->disposal_co2e[scode->cls];
	if (dco2) {
		add_factor(ex, dco2);
		avoided_kg += dco2->value * c->supply_used;
		avoided_known = true;
	}
	if (!avoided_known) {
		c->flags |= SYMBI_CANDIDATE_NO_CO2E;
		note(ex,
		     "no avoided-emission figure for '%s': CO2e not estimated (null); "
		     "--objective co2 counts it as 0",
		     fc ? fc->code : scode->code);
	}
	c->avoided_co2e_t = avoided_kg / 1000.0;

	c->value_nok =
	    c->avoided_disposal_nok + c->avoided_purchase_nok - c->transport_nok - hp_nok;
	c->co2e_t = c->avoided_co2e_t - c->transport_co2e_t - hp_kg / 1000.0;
	c->score = objective == SYMBI_OBJECTIVE_CO2 ? c->co2e_t : c->value_nok;
	if (c->score == 0.0)
		c->score = 0.0; /* no -0 in rankings or output */
	return 0;
}

/* ==== Per-unit terms, for bounding scores unseen ======================================= */

/* The parts of symbi__score that depend on the supply alone, taken apart so
 * that the ranked search (match.c) can bound the score of pairs it has not
 * scored. They follow the code above step by step: keep the two in step. */
int symbi__supply_terms(const symbi__scorer *sc, const symbi_dataset *ds, uint32_t s,
                        symbi_objective objective, symbi__terms *t)
{
	const symbi_kb *kb = sc->kb;
	const symbi_stream *S = &ds->streams[s];
	const symbi_code *scode = &kb->codes[S->code];
	const char *key, *src, *from;
	bool co2 = objective == SYMBI_OBJECTIVE_CO2;
	/* Zeroed first: callers read t->pipe even when there is no bound. */
	memset(t, 0, sizeof *t);
	/* A fluid that may go by pipe or by road costs the cheaper of two: no
	 * single per-km term bounds it, so such supplies are not bounded. */
	if (symbi__fluid_by_road(sc, S->code))
		return -1;
	t->pipe = scode->cls != SYMBI_CLASS_MATERIAL;
	t->kind = t->pipe ? pipe_kind(sc, S->code, scode->cls) : 0;
	const symbi_factor *detour = t->pipe ? sc->pipe_detour : sc->road_detour;
	if (!detour)
		return -1;
	t->detour = detour->value;
	if (t->pipe) {
		if (!sc->pipe_per_km[t->kind])
			return -1;
		if (co2) {
			t->per_km = sc->pipe_co2e[t->kind] ? sc->pipe_co2e[t->kind]->value / 1000.0
			                                   : 0.0;
		} else {
			t->per_km = sc->pipe_per_km[t->kind]->value;
			t->fixed = sc->pipe_fixed[t->kind] ? sc->pipe_fixed[t->kind]->value : 0.0;
		}
	} else if (co2) {
		double kgf = code_figure(sc, S->code, FIG_TRANSPORT_CO2E, &key, &src, &from);
		if (!isnan(kgf) && scode->dim == S->dim) {
			t->per_km = kgf / 1000.0;
		} else if (S->dim == SYMBI_DIM_MASS || S->dim == SYMBI_DIM_VOLUME) {
			if (!sc->road_co2e)
				return -1;
			t->per_km = sc->road_co2e->value * tonnes_per_unit(sc, S->dim) / 1000.0;
		}
	} else {
		double fig = code_figure(sc, S->code, FIG_TRANSPORT_NOK, &key, &src, &from);
		if (!isnan(fig) && scode->dim == S->dim) {
			t->per_km = fig;
		} else if (S->dim == SYMBI_DIM_MASS || S->dim == SYMBI_DIM_VOLUME) {
			if (!sc->road_cost)
				return -1;
			t->per_km = sc->road_cost->value * tonnes_per_unit(sc, S->dim);
		}
	}
	if (co2) {
		const symbi_factor *dco2 = sc->disposal_co2e[scode->cls];
		t->supply = dco2 ? dco2->value / 1000.0 : 0.0;
	} else if (!isnan(S->disposal_cost)) {
		t->supply = S->disposal_cost;
	} else {
		double f = code_figure(sc, S->code, FIG_DISPOSAL, &key, &src, &from);
		t->supply = !isnan(f) && scode->dim == S->dim ? f : 0.0;
	}
	/* The receiver's side of a direct or hierarchical match: the supply's
	 * own code, in the supply's dimension (which is the demand's). */
	t->own = symbi__receiver_term(sc, NULL, S->code, S->dim, objective);
	if (!isfinite(t->per_km) || !isfinite(t->fixed) || !isfinite(t->supply) ||
	    !isfinite(t->own) || !isfinite(t->detour) || t->per_km < 0.0 || t->detour < 0.0)
		return -1;
	return 0;
}

double symbi__receiver_term(const symbi__scorer *sc, const symbi_stream *D, int32_t fcode,
                            symbi_dim dim, symbi_objective objective)
{
	const symbi_kb *kb = sc->kb;
	const char *key, *src, *from;
	if (objective != SYMBI_OBJECTIVE_CO2 && D && !isnan(D->purchase_price))
		return D->purchase_price;
	if (fcode < 0 || (size_t)fcode >= kb->ncodes)
		return 0.0;
	const symbi_code *fc = &kb->codes[fcode];
	const struct symbi__equiv *eq;
	double f = objective == SYMBI_OBJECTIVE_CO2
	               ? avoided_figure(sc, fcode, &key, &src, &from, &eq) / 1000.0
	               : code_figure(sc, fcode, FIG_PRICE, &key, &src, &from);
	return !isnan(f) && fc->dim == dim ? f : 0.0;
}
