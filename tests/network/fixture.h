/*
 * fixture.h: small hand-made datasets and candidate lists for the allocation
 * and network tests, built without the knowledge base or the matcher: the
 * candidates are written by hand and wrapped in a symbi_matches through the
 * engine's internal struct (engine/internal.h), so each test states exactly
 * which partnerships exist and what they are worth.
 */
#ifndef SYMBI_TEST_NETWORK_FIXTURE_H
#define SYMBI_TEST_NETWORK_FIXTURE_H

#include <stdlib.h>
#include <string.h>

#include "engine/internal.h"
#include "unit.h"

/* Resource codes of the fixture's knowledge base: "mat:r0" .. "mat:r7" are
 * codes 0 .. 7. */
#define FX_CODES 8

typedef struct fixture {
	symbi_kb *kb;
	symbi_dataset *ds;
	symbi_candidate *cands;
	size_t n, cap;
	symbi_matches m;
} fixture;

static inline void fx_init(fixture *fx)
{
	memset(fx, 0, sizeof *fx);
	if (symbi_kb_new(&fx->kb) != 0) {
		fprintf(stderr, "fixture: out of memory\n");
		exit(99);
	}
	for (int i = 0; i < FX_CODES; i++) {
		char code[16];
		snprintf(code, sizeof code, "mat:r%d", i);
		if (symbi__kb_add_code(fx->kb, code, code, -1, SYMBI_CLASS_MATERIAL,
		                       SYMBI_DIM_MASS) != i) {
			fprintf(stderr, "fixture: code: %s\n", symbi_last_error());
			exit(99);
		}
	}
	if (symbi_kb_finish(fx->kb, NULL) != 0 || symbi_dataset_new(&fx->ds, fx->kb) != 0) {
		fprintf(stderr, "fixture: %s\n", symbi_last_error());
		exit(99);
	}
}

/* A firm at (lat, lon) with optional municipality and region. */
static inline uint32_t fx_firm(fixture *fx, const char *id, const char *municipality,
                               const char *region)
{
	symbi_firm f;
	memset(&f, 0, sizeof f);
	f.id = id;
	f.name = id;
	f.lat = 59.0;
	f.lon = 10.0;
	f.municipality = municipality;
	f.employees = -1;
	uint32_t i = 0;
	if (symbi_dataset_add_firm(fx->ds, &f, region, &i) != 0) {
		fprintf(stderr, "fixture: firm '%s': %s\n", id, symbi_last_error());
		exit(99);
	}
	return i;
}

/* A stream of `firm` (id may be NULL for the default), in base units per year. */
static inline uint32_t fx_stream(fixture *fx, uint32_t firm, const char *id, symbi_direction dir,
                                 int32_t code, double quantity)
{
	symbi_stream s;
	memset(&s, 0, sizeof s);
	s.id = id;
	s.firm = firm;
	s.direction = dir;
	s.code = code;
	s.dim = SYMBI_DIM_MASS;
	s.quantity = quantity;
	s.temp_c = NAN;
	s.months = SYMBI_MONTHS_ALL;
	s.disposal_cost = s.purchase_price = s.max_km = NAN;
	uint32_t i = 0;
	if (symbi_dataset_add_stream(fx->ds, &s, &i) != 0) {
		fprintf(stderr, "fixture: stream: %s\n", symbi_last_error());
		exit(99);
	}
	return i;
}

/* A declared candidate supply -> demand moving `quantity` (demand units) for
 * `supply_used` supply units, worth `value` NOK/yr and `co2e` t/yr. */
static inline size_t fx_cand(fixture *fx, uint32_t supply, uint32_t demand, double quantity,
                             double supply_used, double value, double co2e)
{
	if (fx->n == fx->cap) {
		fx->cap = fx->cap ? 2 * fx->cap : 16;
		fx->cands = realloc(fx->cands, fx->cap * sizeof *fx->cands);
		if (!fx->cands) {
			fprintf(stderr, "fixture: out of memory\n");
			exit(99);
		}
	}
	symbi_candidate *c = &fx->cands[fx->n];
	memset(c, 0, sizeof *c);
	const symbi_stream *s = symbi_dataset_stream(fx->ds, supply);
	c->supply = supply;
	c->demand = demand;
	c->supplier = s->firm;
	c->receiver = demand == SYMBI_NONE ? 0 : symbi_dataset_stream(fx->ds, demand)->firm;
	c->rule = -1;
	c->receiver_code = s->code;
	c->basis = SYMBI_BASIS_DECLARED;
	c->mode = SYMBI_MODE_ROAD;
	c->dim = SYMBI_DIM_MASS;
	c->yield = supply_used > 0 ? quantity / supply_used : 1.0;
	c->quantity = quantity;
	c->supply_used = supply_used;
	c->distance_km = 1.0;
	c->route_km = 1.3;
	c->radius_km = 50.0;
	c->value_nok = value;
	c->co2e_t = co2e;
	c->score = value;
	c->allocated = NAN;
	return fx->n++;
}

/* Simple case: one supply stream of `from`, one demand stream of `to`, one
 * candidate of quantity q worth `value`. Returns the candidate index. */
static inline size_t fx_link(fixture *fx, uint32_t from, uint32_t to, int32_t code, double q,
                             double value)
{
	uint32_t s = fx_stream(fx, from, NULL, SYMBI_SUPPLY, code, q);
	uint32_t d = fx_stream(fx, to, NULL, SYMBI_DEMAND, code, q);
	return fx_cand(fx, s, d, q, q, value, value / 1000.0);
}

/* Wrap the candidates as matches (finishing the dataset). Call after every
 * fx_cand and before using fx->m. */
static inline symbi_matches *fx_matches(fixture *fx)
{
	if (symbi_dataset_finish(fx->ds, NULL) != 0) {
		fprintf(stderr, "fixture: finish: %s\n", symbi_last_error());
		exit(99);
	}
	double *keep = fx->m.remaining;
	memset(&fx->m, 0, sizeof fx->m);
	symbi_match_options o = SYMBI_MATCH_OPTIONS_INIT;
	fx->m.ds = fx->ds;
	fx->m.opt = o;
	fx->m.cands = fx->cands;
	fx->m.n = fx->n;
	fx->m.cap = fx->cap;
	fx->m.resource = -1;
	fx->m.region = -1;
	fx->m.remaining = keep;
	return &fx->m;
}

static inline void fx_free(fixture *fx)
{
	free(fx->m.remaining);
	free(fx->cands);
	symbi_dataset_free(fx->ds);
	symbi_kb_free(fx->kb);
	memset(fx, 0, sizeof *fx);
}

#endif
