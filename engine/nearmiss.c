/*
 * nearmiss.c: why a stream found no partner. For a stream of the query that
 * takes part in no partnership, the nearest streams of the other direction
 * (other firms) that could not be paired with it, each with the first test
 * of the pair check (pair.h) that failed: code, units, months, temperature,
 * distance or the legal gate. A pair may be tried by several ways (directly
 * and by each substitution rule from the supply's code or an ancestor); the
 * reason given is that of the way that got furthest through the check, so
 * "temperature" means the codes, units and months fitted.
 *
 * The nearest blocked candidates are the streams whose codes fit (the
 * reason is a later test than the code), nearest first; only when no stream
 * fits by code are the nearest of the others given, with reason "code".
 *
 * Cost: for each stream looked at, every stream of the other direction is
 * tried: O(unmatched x streams x ways). symbi__near_miss_budget caps the
 * total; past it no near misses are searched and the JSON says so.
 */
#include <stdlib.h>
#include <string.h>

#include "query_firms.h"
#include "nearmiss.h"

double symbi__near_miss_budget = 5e7;

/* The reason of pair (s, d) by the way that gets furthest, and that way's
 * rule (-1 direct), distance and radius; SYMBI_PAIR_OK when a way passes. */
static symbi_pair_reason furthest(const symbi__scorer *sc, const symbi_dataset *ds, uint32_t s,
                                  uint32_t d, double max_km, symbi__near_miss *nm)
{
	const symbi_kb *kb = sc->kb;
	const symbi_stream *S = &ds->streams[s], *D = &ds->streams[d];
	double km = NAN, radius = NAN;
	symbi_pair_reason best =
	    symbi__pair_check(sc, ds, s, -1, d, D->firm, max_km, &km, &radius);
	nm->rule = -1;
	nm->radius = radius;
	if (best == SYMBI_PAIR_OK)
		return best;
	for (int32_t c = S->code; c >= 0 && kb->rule_off; c = kb->codes[c].parent) {
		for (uint32_t k = kb->rule_off[c]; k < kb->rule_off[c + 1]; k++) {
			uint32_t r = kb->rule_idx[k];
			if (kb->rules[r].to < 0)
				continue; /* a sector rule names no demand */
			double km2 = NAN, radius2 = NAN;
			symbi_pair_reason why =
			    symbi__pair_check(sc, ds, s, (int32_t)r, d, D->firm, max_km, &km2, &radius2);
			if (why == SYMBI_PAIR_OK)
				return why;
			if (why > best && why != SYMBI_PAIR_SAME_FIRM) {
				best = why;
				nm->rule = (int32_t)r;
				nm->radius = radius2;
			}
		}
	}
	return best;
}

/* Nearer first, then by stream index: a total order, so the output does not
 * depend on the scan. */
static bool before(const symbi__near_miss *a, const symbi__near_miss *b)
{
	if (a->km != b->km)
		return a->km < b->km;
	return a->other < b->other;
}

/* Keep the `max` best of `*n` in `keep` (sorted), offering `x`. */
static void offer(symbi__near_miss *keep, size_t *n, size_t max, const symbi__near_miss *x)
{
	size_t i = *n;
	if (i == max) {
		if (!before(x, &keep[max - 1]))
			return;
		i = max - 1;
	} else {
		(*n)++;
	}
	while (i > 0 && before(x, &keep[i - 1])) {
		keep[i] = keep[i - 1];
		i--;
	}
	keep[i] = *x;
}

size_t symbi__near_misses(const symbi__scorer *sc, const symbi_dataset *ds, uint32_t i,
                          double max_km, symbi__near_miss *out, size_t max)
{
	if (max == 0 || max > SYMBI__NEAR_MISSES_MAX)
		max = SYMBI__NEAR_MISSES_MAX;
	const symbi_stream *X = &ds->streams[i];
	const symbi_firm *F = &ds->firms[X->firm];
	symbi__near_miss fit[SYMBI__NEAR_MISSES_MAX], code[SYMBI__NEAR_MISSES_MAX];
	size_t nfit = 0, ncode = 0;
	for (uint32_t j = 0; j < ds->nstreams; j++) {
		const symbi_stream *Y = &ds->streams[j];
		if (Y->direction == X->direction || Y->firm == X->firm)
			continue;
		uint32_t s = X->direction == SYMBI_SUPPLY ? i : j;
		uint32_t d = X->direction == SYMBI_SUPPLY ? j : i;
		symbi__near_miss nm;
		memset(&nm, 0, sizeof nm);
		nm.other = j;
		symbi_pair_reason why = furthest(sc, ds, s, d, max_km, &nm);
		if (why == SYMBI_PAIR_OK || why == SYMBI_PAIR_SAME_FIRM)
			continue; /* a partnership (cut by --top or --min-score), or none */
		const symbi_firm *G = &ds->firms[Y->firm];
		nm.reason = why;
		nm.km = symbi_distance_km(F->lat, F->lon, G->lat, G->lon);
		if (why == SYMBI_PAIR_CODE)
			offer(code, &ncode, max, &nm);
		else
			offer(fit, &nfit, max, &nm);
	}
	const symbi__near_miss *src = nfit ? fit : code;
	size_t n = nfit ? nfit : ncode;
	memcpy(out, src, n * sizeof *out);
	return n;
}

bool symbi__stream_in_query(const symbi_matches *m, uint32_t i)
{
	const symbi_dataset *ds = m->ds;
	const symbi_stream *S = &ds->streams[i];
	const symbi_firm *F = &ds->firms[S->firm];
	if (m->opt.stream && strcmp(S->id, m->opt.stream) != 0)
		return false;
	if (symbi__query_names_firms(&m->opt)) {
		int32_t muni;
		if (symbi__query_municipality(ds->kb, &m->opt, &muni) != 0 ||
		    !symbi__query_has_firm(ds->kb, &m->opt, muni, F))
			return false;
	}
	if (m->resource >= 0 && !symbi_kb_is_ancestor(ds->kb, m->resource, S->code))
		return false;
	if (m->region >= 0 && F->region != m->region)
		return false;
	return true;
}

const char *symbi__pair_reason_detail(const symbi_dataset *ds, uint32_t i,
                                      const symbi__near_miss *nm, char *buf, size_t size)
{
	const symbi_stream *X = &ds->streams[i], *Y = &ds->streams[nm->other];
	const symbi_stream *S = X->direction == SYMBI_SUPPLY ? X : Y;
	const symbi_stream *D = X->direction == SYMBI_SUPPLY ? Y : X;
	const symbi_kb *kb = ds->kb;
	char a[64], b[64];
	switch (nm->reason) {
	case SYMBI_PAIR_CODE:
		snprintf(buf, size, "'%s' is not what '%s' accepts, directly or by a rule",
		         kb->codes[S->code].code, kb->codes[D->code].code);
		break;
	case SYMBI_PAIR_UNITS:
		snprintf(buf, size, "supply in %s, demand in %s, and no rule converts", symbi_dim_unit(S->dim),
		         symbi_dim_unit(D->dim));
		break;
	case SYMBI_PAIR_MONTHS:
		symbi_months_format(S->months, a, sizeof a);
		symbi_months_format(D->months, b, sizeof b);
		snprintf(buf, size, "supply in months %s, demand in months %s: none shared", a, b);
		break;
	case SYMBI_PAIR_TEMPERATURE:
		snprintf(buf, size, "supply at %g C, demand needs %g C", S->temp_c, D->temp_c);
		break;
	case SYMBI_PAIR_DISTANCE:
		snprintf(buf, size, "%.2f km apart, beyond the %g km radius", nm->km,
		         nm->radius);
		break;
	case SYMBI_PAIR_LEGAL:
		snprintf(buf, size, "the legal gate refuses this way%s%s",
		         nm->rule >= 0 ? ": rule from " : "",
		         nm->rule >= 0 ? kb->codes[kb->rules[nm->rule].from].code : "");
		break;
	default:
		snprintf(buf, size, "%s", symbi__pair_reason_text(nm->reason));
		break;
	}
	return buf;
}
