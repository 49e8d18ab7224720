/*
 * pair.c: the parts of the pair check (pair.h) that are not inline: the
 * reasons' texts, the supply end's radius and the whole check in its order.
 */
#include "pair.h"

const char *symbi__pair_reason_text(symbi_pair_reason r)
{
	switch (r) {
	case SYMBI_PAIR_OK:
		return "ok";
	case SYMBI_PAIR_CODE:
		return "code";
	case SYMBI_PAIR_UNITS:
		return "units";
	case SYMBI_PAIR_MONTHS:
		return "months";
	case SYMBI_PAIR_TEMPERATURE:
		return "temperature";
	case SYMBI_PAIR_DISTANCE:
		return "distance";
	case SYMBI_PAIR_LEGAL:
		return "legal";
	case SYMBI_PAIR_SAME_FIRM:
		return "same_firm";
	}
	return "unknown";
}

double symbi__supply_radius(const symbi__scorer *sc, const symbi_stream *S, double max_km,
                            double *code_r)
{
	double r = symbi__code_radius(sc, S->code, NULL, NULL);
	*code_r = r;
	return symbi__min_limit(isnan(S->max_km) ? r : S->max_km, max_km);
}

int symbi__no_radius(const symbi_kb *kb, int32_t code)
{
	const symbi_code *c = &kb->codes[code];
	return symbi__error(SYMBI_EINPUT,
	                    "no transport radius for '%s': the knowledge base lacks "
	                    "'class.%s.radius_km' (scoring.csv or --config)",
	                    c->code, symbi_class_name(c->cls));
}

/* The code test of one way (pair.h). */
static symbi_pair_reason pair_code(const symbi_kb *kb, const symbi_stream *S, int32_t rule,
                                   const symbi_firm *B, const symbi_stream *D)
{
	if (S->code < 0)
		return SYMBI_PAIR_CODE;
	if (rule < 0)
		return D && symbi_kb_is_ancestor(kb, D->code, S->code) ? SYMBI_PAIR_OK
		                                                       : SYMBI_PAIR_CODE;
	if ((size_t)rule >= kb->nrules)
		return SYMBI_PAIR_CODE;
	const symbi_rule *r = &kb->rules[rule];
	if (!symbi_kb_is_ancestor(kb, r->from, S->code))
		return SYMBI_PAIR_CODE;
	if (D) /* a substitution rule into what D accepts */
		return !r->nace && r->to >= 0 && symbi_kb_is_ancestor(kb, D->code, r->to)
		           ? SYMBI_PAIR_OK
		           : SYMBI_PAIR_CODE;
	/* a sector rule whose NACE prefix covers B */
	return r->nace && B->nace && symbi__kb_nace_matches(r->nace, B->nace) ? SYMBI_PAIR_OK
	                                                                      : SYMBI_PAIR_CODE;
}

symbi_pair_reason symbi__pair_check(const symbi__scorer *sc, const symbi_dataset *ds, uint32_t s,
                                    int32_t rule, uint32_t d, uint32_t receiver, double max_km,
                                    double *km, double *radius)
{
	const symbi_kb *kb = ds->kb;
	const symbi_stream *S = &ds->streams[s];
	const symbi_stream *D = d == SYMBI_NONE ? NULL : &ds->streams[d];
	const symbi_firm *A = &ds->firms[S->firm];
	const symbi_firm *B = &ds->firms[D ? D->firm : receiver];
	const symbi_rule *r = rule >= 0 && (size_t)rule < kb->nrules ? &kb->rules[rule] : NULL;
	double code_r = NAN;
	double reach = S->code >= 0 ? symbi__supply_radius(sc, S, max_km, &code_r) : NAN;
	double rad = symbi__pair_radius(reach, code_r, D ? D->max_km : NAN);
	double dist = symbi_distance_km(A->lat, A->lon, B->lat, B->lon);
	if (km)
		*km = dist;
	if (radius)
		*radius = rad;
	symbi_pair_reason why;
	if ((why = symbi__pair_firms(S->firm, D ? D->firm : receiver)) != SYMBI_PAIR_OK ||
	    (why = pair_code(kb, S, rule, B, D)) != SYMBI_PAIR_OK ||
	    (why = symbi__pair_units(r, (int)S->dim, D ? (int)D->dim : SYMBI__PAIR_NO_DEMAND)) !=
	        SYMBI_PAIR_OK)
		return why;
	if (D) {
		if ((why = symbi__pair_months(S->months, D->months)) != SYMBI_PAIR_OK ||
		    (why = symbi__pair_heat(sc, S, D, symbi__is_hot(sc, D->code),
		                            symbi__is_cold(sc, D->code))) != SYMBI_PAIR_OK)
			return why;
	}
	if ((why = symbi__pair_distance(dist, rad)) != SYMBI_PAIR_OK)
		return why;
	return symbi__legal_gate(kb, A, S, rule, B, D);
}
