/*
 * test_match.c: candidate generation, scoring and the match JSON, on a
 * knowledge base and datasets built by code so that every expected answer
 * can be worked out by hand (the arithmetic is in the comments).
 */
#define _GNU_SOURCE /* open_memstream is POSIX 2008; nextafter is C99 */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "engine/conventions.h"
#include "engine/match_internal.h"
#include "unit.h"

/* ==== Fixture: knowledge base ============================================================ */

_Noreturn static void die(const char *what)
{
	fprintf(stderr, "fixture: %s: %s\n", what, symbi_last_error());
	exit(99);
}

static int32_t code(symbi_kb *kb, const char *c, const char *parent, symbi_class cls, symbi_dim dim)
{
	int32_t p = parent ? symbi_kb_find(kb, parent) : -1;
	int32_t i = symbi__kb_add_code(kb, c, c, p, cls, dim);
	if (i < 0)
		die(c);
	return i;
}

static void factor(symbi_kb *kb, const char *key, double value)
{
	if (symbi__grow((void **)&kb->factors, &kb->capfactors, kb->nfactors + 1,
	                sizeof *kb->factors))
		die("factor");
	symbi_factor *f = &kb->factors[kb->nfactors];
	f->key = symbi__arena_strdup(&kb->arena, key);
	f->value = value;
	f->unit = "u";
	f->source = "test";
	if (!f->key || symbi__map_put(&kb->factor_index, f->key, (int32_t)kb->nfactors))
		die("factor");
	kb->nfactors++;
}

static void rule(symbi_kb *kb, const char *from, const char *to, const char *nace, double yield,
                 symbi_dim from_dim, symbi_dim to_dim)
{
	if (symbi__grow((void **)&kb->rules, &kb->caprules, kb->nrules + 1, sizeof *kb->rules))
		die("rule");
	symbi_rule *r = &kb->rules[kb->nrules++];
	memset(r, 0, sizeof *r);
	r->from = symbi_kb_find(kb, from);
	r->to = to ? symbi_kb_find(kb, to) : -1;
	r->nace = nace ? symbi__arena_strdup(&kb->arena, nace) : NULL;
	r->yield = yield;
	r->from_dim = from_dim;
	r->to_dim = to_dim;
	r->source = "test rule";
	r->file = "rules.csv";
	r->line = (uint32_t)kb->nrules + 1;
	if (r->from < 0 || (to && r->to < 0))
		die("rule code");
}

/* Factors as in datasets/scoring.csv, with round test values. `skip` names a
 * factor to leave out (NULL for none). */
static symbi_kb *make_kb(const char *skip)
{
	symbi_kb *kb;
	if (symbi_kb_new(&kb))
		die("kb");
	code(kb, "ewc:03", NULL, SYMBI_CLASS_MATERIAL, SYMBI_DIM_MASS);
	code(kb, "ewc:0301", "ewc:03", SYMBI_CLASS_MATERIAL, SYMBI_DIM_MASS);
	code(kb, "ewc:030105", "ewc:0301", SYMBI_CLASS_MATERIAL, SYMBI_DIM_MASS);
	code(kb, "ewc:030101", "ewc:0301", SYMBI_CLASS_MATERIAL, SYMBI_DIM_MASS);
	code(kb, "ewc:02", NULL, SYMBI_CLASS_MATERIAL, SYMBI_DIM_MASS);
	code(kb, "mat:biofuel", NULL, SYMBI_CLASS_MATERIAL, SYMBI_DIM_MASS);
	code(kb, "mat:biofuel.pellets", "mat:biofuel", SYMBI_CLASS_MATERIAL, SYMBI_DIM_MASS);
	code(kb, "mat:feed", NULL, SYMBI_CLASS_MATERIAL, SYMBI_DIM_MASS);
	code(kb, "energy:heat", NULL, SYMBI_CLASS_ENERGY, SYMBI_DIM_ENERGY);
	code(kb, "energy:cold", NULL, SYMBI_CLASS_ENERGY, SYMBI_DIM_ENERGY);
	code(kb, "water:fresh", NULL, SYMBI_CLASS_WATER, SYMBI_DIM_VOLUME);
	/* A figure given on ewc:0301 and inherited by ewc:030105. */
	int32_t c0301 = symbi_kb_find(kb, "ewc:0301");
	kb->codes[c0301].avoided_co2e_kg_per_unit = 50.0;
	kb->codes[c0301].co2e_source = "co2 source of ewc:0301";
	kb->given[c0301] |= SYMBI__GIVEN_AVOIDED_CO2E;
	int32_t pel = symbi_kb_find(kb, "mat:biofuel.pellets");
	kb->codes[pel].price_nok_per_unit = 2000.0;
	kb->codes[pel].price_source = "pellet price";
	kb->given[pel] |= SYMBI__GIVEN_PRICE;
	rule(kb, "ewc:030105", "mat:biofuel.pellets", NULL, 0.5, SYMBI_DIM_NONE, SYMBI_DIM_NONE);
	rule(kb, "ewc:030101", "mat:biofuel", NULL, 1.0, SYMBI_DIM_NONE, SYMBI_DIM_NONE);
	rule(kb, "ewc:0301", NULL, "35.30", 0.8, SYMBI_DIM_NONE, SYMBI_DIM_NONE);
	rule(kb, "ewc:03", NULL, "35", 0.7, SYMBI_DIM_NONE, SYMBI_DIM_NONE);
	rule(kb, "energy:heat", NULL, "01.13", 1.0, SYMBI_DIM_NONE, SYMBI_DIM_NONE);
	const struct {
		const char *k;
		double v;
	} f[] = {
	    {"road.detour_factor", 1.3},         {"road.cost_nok_per_tkm", 2.0},
	    {"road.co2e_kg_per_tkm", 0.1},       {"pipe.detour_factor", 1.3},
	    {"pipe.heat.nok_per_km_yr", 440000}, {"pipe.heat.fixed_nok_per_yr", 73000},
	    {"pipe.heat.loss_per_km", 0.02},     {"pipe.water.nok_per_km_yr", 145000},
	    {"class.material.radius_km", 100},   {"class.energy.radius_km", 10},
	    {"class.water.radius_km", 10},
	};
	for (size_t i = 0; i < sizeof f / sizeof *f; i++)
		if (!skip || strcmp(skip, f[i].k) != 0)
			factor(kb, f[i].k, f[i].v);
	if (symbi_kb_finish(kb, NULL))
		die("kb finish");
	return kb;
}

/* ==== Fixture: datasets ================================================================== */

static symbi_dataset *new_ds(const symbi_kb *kb)
{
	symbi_dataset *ds;
	if (symbi_dataset_new(&ds, kb))
		die("dataset");
	return ds;
}

static uint32_t firm(symbi_dataset *ds, const char *id, double lat, double lon, const char *nace,
                     const char *region)
{
	symbi_firm f;
	memset(&f, 0, sizeof f);
	f.id = id;
	f.name = id;
	f.lat = lat;
	f.lon = lon;
	f.nace = nace;
	f.employees = -1;
	uint32_t i;
	if (symbi_dataset_add_firm(ds, &f, region, &i))
		die(id);
	return i;
}

/* A stream; returns a pointer valid until the next stream is added. */
static symbi_stream *stream(symbi_dataset *ds, const char *id, uint32_t f, symbi_direction dir,
                            const char *c, symbi_dim dim, double q)
{
	symbi_stream s;
	memset(&s, 0, sizeof s);
	s.id = id;
	s.firm = f;
	s.direction = dir;
	s.code = symbi_kb_find(ds->kb, c);
	s.dim = dim;
	s.quantity = q;
	s.temp_c = NAN;
	s.months = SYMBI_MONTHS_ALL;
	s.disposal_cost = s.purchase_price = s.max_km = NAN;
	uint32_t i;
	if (s.code < 0 || symbi_dataset_add_stream(ds, &s, &i))
		die(id ? id : c);
	return &ds->streams[i];
}

/* The end of a case: free what it made (any may be NULL). */
static void done(symbi_matches *m, symbi_dataset *ds, symbi_kb *kb)
{
	symbi_matches_free(m);
	symbi_dataset_free(ds);
	symbi_kb_free(kb);
}

static symbi_matches *run(symbi_dataset *ds, const symbi_match_options *o)
{
	if (symbi_dataset_finish(ds, NULL))
		die("finish");
	symbi_matches *m = NULL;
	int rc = symbi_match(&m, ds, o);
	if (rc) {
		fprintf(stderr, "match failed (%d): %s\n", rc, symbi_last_error());
		return NULL;
	}
	return m;
}

/* The candidate with this id, or NULL. */
static const symbi_candidate *find(const symbi_matches *m, const char *id)
{
	char buf[256];
	for (size_t i = 0; m && i < symbi_matches_count(m); i++)
		if (symbi_candidate_id(m, i, buf, sizeof buf) == 0 && strcmp(buf, id) == 0)
			return symbi_matches_get(m, i);
	return NULL;
}

static symbi_match_options opts(void)
{
	symbi_match_options o = SYMBI_MATCH_OPTIONS_INIT;
	o.threads = 1;
	return o;
}

/* Latitude step that puts two points on one meridian `km` apart: the
 * haversine distance along a meridian is R * dphi exactly. */
static double dlat_for(double km)
{
	return km / 6371.0088 * 180.0 / M_PI;
}

/* The one pair of `ds` (demand stream 1) at distance d: one ulp less of
 * --max-km drops it; the same through the demand's own max_km, where d
 * keeps it and one ulp less drops it. Leaves o->max_km NAN. */
static void check_beyond_radius(symbi_dataset *ds, symbi_match_options *o, double d)
{
	o->max_km = nextafter(d, 0.0);
	symbi_matches *m = run(ds, o);
	CHECK_EQ_INT(symbi_matches_count(m), 0);
	symbi_matches_free(m);
	o->max_km = NAN;
	ds->streams[1].max_km = d;
	m = run(ds, o);
	CHECK_EQ_INT(symbi_matches_count(m), 1);
	symbi_matches_free(m);
	ds->streams[1].max_km = nextafter(d, 0.0);
	m = run(ds, o);
	CHECK_EQ_INT(symbi_matches_count(m), 0);
	symbi_matches_free(m);
}

/* ==== Tests ================================================================================= */

/* A pair exactly at the radius is in; a hair beyond it is out. */
static void test_radius(void)
{
	symbi_kb *kb = make_kb(NULL);
	symbi_dataset *ds = new_ds(kb);
	uint32_t a = firm(ds, "A", 60.0, 10.0, NULL, NULL);
	uint32_t b = firm(ds, "B", 60.3, 10.4, NULL, NULL);
	stream(ds, "s", a, SYMBI_SUPPLY, "ewc:030105", SYMBI_DIM_MASS, 10);
	stream(ds, "d", b, SYMBI_DEMAND, "ewc:030105", SYMBI_DIM_MASS, 10);
	double d = symbi_distance_km(60.0, 10.0, 60.3, 10.4);
	symbi_match_options o = opts();
	o.max_km = d;
	symbi_matches *m = run(ds, &o);
	CHECK_EQ_INT(symbi_matches_count(m), 1);
	const symbi_candidate *c = find(m, "s->d");
	CHECK(c != NULL);
	if (c) {
		CHECK_NEAR(c->distance_km, d, 0);
		CHECK_NEAR(c->radius_km, d, 0);
	}
	symbi_matches_free(m);
	check_beyond_radius(ds, &o, d);
	/* Class default 100 km: 110 km apart is out, 90 km in. */
	ds->streams[1].max_km = NAN;
	ds->firms[b].lat = 60.0 + dlat_for(110.0);
	ds->firms[b].lon = 10.0;
	m = run(ds, &o);
	CHECK_EQ_INT(symbi_matches_count(m), 0);
	symbi_matches_free(m);
	ds->firms[b].lat = 60.0 + dlat_for(90.0);
	m = run(ds, &o);
	CHECK_EQ_INT(symbi_matches_count(m), 1);
	if (symbi_matches_count(m))
		CHECK_NEAR(symbi_matches_get(m, 0)->radius_km, 100.0, 0);
	symbi_matches_free(m);
	/* max_km overrides the default for its stream: 110 km is in when both
	 * ends allow 150 km, out when only the supply does. */
	ds->firms[b].lat = 60.0 + dlat_for(110.0);
	ds->streams[0].max_km = 150;
	m = run(ds, &o);
	CHECK_EQ_INT(symbi_matches_count(m), 0);
	symbi_matches_free(m);
	ds->streams[1].max_km = 150;
	m = run(ds, &o);
	CHECK_EQ_INT(symbi_matches_count(m), 1);
	if (symbi_matches_count(m))
		CHECK_NEAR(symbi_matches_get(m, 0)->radius_km, 150.0, 0);
	symbi_matches_free(m);
	/* --max-km still caps it. */
	o.max_km = 105;
	m = run(ds, &o);
	CHECK_EQ_INT(symbi_matches_count(m), 0);
	done(m, ds, kb);
}

/* Heat: supply as hot as the demand needs is in, one degree short is out;
 * cooling works the other way round. */
static void test_temperature(void)
{
	symbi_kb *kb = make_kb(NULL);
	symbi_dataset *ds = new_ds(kb);
	uint32_t a = firm(ds, "A", 60.0, 10.0, NULL, NULL);
	uint32_t b = firm(ds, "B", 60.0 + dlat_for(1.0), 10.0, NULL, NULL);
	stream(ds, "h", a, SYMBI_SUPPLY, "energy:heat", SYMBI_DIM_ENERGY, 1000)->temp_c = 80;
	stream(ds, "h80", b, SYMBI_DEMAND, "energy:heat", SYMBI_DIM_ENERGY, 100)->temp_c = 80;
	stream(ds, "h81", b, SYMBI_DEMAND, "energy:heat", SYMBI_DIM_ENERGY, 100)->temp_c = 81;
	stream(ds, "hnone", b, SYMBI_DEMAND, "energy:heat", SYMBI_DIM_ENERGY, 100);
	stream(ds, "c", a, SYMBI_SUPPLY, "energy:cold", SYMBI_DIM_ENERGY, 1000)->temp_c = 6;
	stream(ds, "c6", b, SYMBI_DEMAND, "energy:cold", SYMBI_DIM_ENERGY, 100)->temp_c = 6;
	stream(ds, "c5", b, SYMBI_DEMAND, "energy:cold", SYMBI_DIM_ENERGY, 100)->temp_c = 5;
	symbi_match_options o = opts();
	symbi_matches *m = run(ds, &o);
	CHECK(find(m, "h->h80") != NULL);
	CHECK(find(m, "h->h81") == NULL);
	CHECK(find(m, "h->hnone") != NULL);
	CHECK(find(m, "c->c6") != NULL);
	CHECK(find(m, "c->c5") == NULL);
	CHECK_EQ_INT(symbi_matches_count(m), 3);
	done(m, ds, kb);
}

/* Months: disjoint masks never match; one shared month does. Units: t and
 * m3 of the same code do not match. */
static void test_months_units(void)
{
	symbi_kb *kb = make_kb(NULL);
	symbi_dataset *ds = new_ds(kb);
	uint32_t a = firm(ds, "A", 60.0, 10.0, NULL, NULL);
	uint32_t b = firm(ds, "B", 60.01, 10.0, NULL, NULL);
	uint16_t summer, winter, sept;
	CHECK(symbi_months_parse("5-9", &summer) == 0);
	CHECK(symbi_months_parse("10-4", &winter) == 0);
	CHECK(symbi_months_parse("9-4", &sept) == 0);
	stream(ds, "s", a, SYMBI_SUPPLY, "ewc:030105", SYMBI_DIM_MASS, 10)->months = summer;
	stream(ds, "winter", b, SYMBI_DEMAND, "ewc:030105", SYMBI_DIM_MASS, 10)->months = winter;
	stream(ds, "sept", b, SYMBI_DEMAND, "ewc:030105", SYMBI_DIM_MASS, 10)->months = sept;
	stream(ds, "m3", b, SYMBI_DEMAND, "ewc:030105", SYMBI_DIM_VOLUME, 10);
	symbi_match_options o = opts();
	symbi_matches *m = run(ds, &o);
	CHECK(find(m, "s->winter") == NULL);
	CHECK(find(m, "s->sept") != NULL);
	CHECK(find(m, "s->m3") == NULL);
	CHECK_EQ_INT(symbi_matches_count(m), 1);
	done(m, ds, kb);
}

/* Codes: a chapter demand accepts an entry beneath it, an entry demand does
 * not accept a whole chapter; a rule's yield halves the quantity; a demand
 * accepts a rule's target beneath its code but not above it; a firm never
 * matches itself. */
static void test_codes_rules(void)
{
	symbi_kb *kb = make_kb(NULL);
	symbi_dataset *ds = new_ds(kb);
	uint32_t a = firm(ds, "A", 60.0, 10.0, NULL, NULL);
	uint32_t b = firm(ds, "B", 60.01, 10.0, NULL, NULL);
	stream(ds, "chips", a, SYMBI_SUPPLY, "ewc:030105", SYMBI_DIM_MASS, 100);
	stream(ds, "own", a, SYMBI_DEMAND, "ewc:030105", SYMBI_DIM_MASS, 100); /* self */
	stream(ds, "ch03", b, SYMBI_DEMAND, "ewc:03", SYMBI_DIM_MASS, 1000);
	stream(ds, "ch02", b, SYMBI_DEMAND, "ewc:02", SYMBI_DIM_MASS, 1000);
	stream(ds, "fuel", b, SYMBI_DEMAND, "mat:biofuel", SYMBI_DIM_MASS, 1000);
	stream(ds, "pellets", b, SYMBI_DEMAND, "mat:biofuel.pellets", SYMBI_DIM_MASS, 30);
	stream(ds, "bark", a, SYMBI_SUPPLY, "ewc:030101", SYMBI_DIM_MASS, 100);
	stream(ds, "group", a, SYMBI_SUPPLY, "ewc:0301", SYMBI_DIM_MASS, 100);
	stream(ds, "entry", b, SYMBI_DEMAND, "ewc:030101", SYMBI_DIM_MASS, 100);
	symbi_match_options o = opts();
	symbi_matches *m = run(ds, &o);
	const symbi_candidate *c;
	/* chips (ewc:030105) -> chapter demand ewc:03: hierarchical, yield 1. */
	CHECK((c = find(m, "chips->ch03")) != NULL);
	if (c) {
		CHECK_EQ_INT(c->rule, -1);
		CHECK_NEAR(c->quantity, 100, 1e-9);
	}
	CHECK(find(m, "chips->ch02") == NULL);
	CHECK(find(m, "chips->own") == NULL);
	/* Rule ewc:030105 -> mat:biofuel.pellets, yield 0.5: a demand for
	 * mat:biofuel (an ancestor of the target) takes 100 t x 0.5 = 50 t. */
	CHECK((c = find(m, "chips->fuel")) != NULL);
	if (c) {
		CHECK_EQ_INT(c->rule, 0);
		CHECK_NEAR(c->quantity, 50, 1e-9);
		CHECK_NEAR(c->supply_used, 100, 1e-9);
		CHECK_NEAR(c->yield, 0.5, 0);
	}
	/* ...and a demand for pellets of 30 t takes 30 t, using 60 t. */
	CHECK((c = find(m, "chips->pellets")) != NULL);
	if (c) {
		CHECK_NEAR(c->quantity, 30, 1e-9);
		CHECK_NEAR(c->supply_used, 60, 1e-9);
	}
	/* Rule ewc:030101 -> mat:biofuel: a pellets demand does not accept the
	 * generic target, a mat:biofuel one does. */
	CHECK(find(m, "bark->pellets") == NULL);
	CHECK(find(m, "bark->fuel") != NULL);
	/* A supply named by its sub-chapter does not satisfy an entry demand. */
	CHECK(find(m, "group->entry") == NULL);
	CHECK(find(m, "group->ch03") != NULL);
	CHECK(find(m, "bark->entry") != NULL);
	done(m, ds, kb);
}

/* Value and CO2e of a road case worked by hand.
 *   A and B on one meridian 10 km apart; route = 10 x 1.3 = 13 km.
 *   Supply 100 t of ewc:030105, disposal_cost 500 NOK/t; demand 80 t of
 *   ewc:0301, purchase_price 300 NOK/t: quantity = min(100, 80) = 80 t.
 *   transport  = 13 km x 80 t x 2 NOK/t.km          =  2 080 NOK
 *   disposal   = 80 t x 500                          = 40 000 NOK
 *   purchase   = 80 t x 300                          = 24 000 NOK
 *   value      = 40 000 + 24 000 - 2 080             = 61 920 NOK/yr
 *   avoided    = 80 t x 50 kg/t (ewc:0301, inherited) =  4 000 kg
 *   transport  = 13 km x 80 t x 0.1 kg/t.km          =    104 kg
 *   co2e       = (4 000 - 104) / 1000                =  3.896 t/yr */
static void test_value_by_hand(void)
{
	symbi_kb *kb = make_kb(NULL);
	symbi_dataset *ds = new_ds(kb);
	uint32_t a = firm(ds, "A", 60.0, 10.0, NULL, NULL);
	uint32_t b = firm(ds, "B", 60.0 + dlat_for(10.0), 10.0, NULL, NULL);
	stream(ds, "s", a, SYMBI_SUPPLY, "ewc:030105", SYMBI_DIM_MASS, 100)->disposal_cost = 500;
	stream(ds, "d", b, SYMBI_DEMAND, "ewc:0301", SYMBI_DIM_MASS, 80)->purchase_price = 300;
	symbi_match_options o = opts();
	symbi_matches *m = run(ds, &o);
	const symbi_candidate *c = find(m, "s->d");
	CHECK(c != NULL);
	if (c) {
		CHECK_NEAR(c->distance_km, 10.0, 1e-9);
		CHECK_NEAR(c->route_km, 13.0, 1e-9);
		CHECK_NEAR(c->quantity, 80.0, 1e-9);
		CHECK_NEAR(c->transport_nok, 2080.0, 1e-6);
		CHECK_NEAR(c->avoided_disposal_nok, 40000.0, 1e-6);
		CHECK_NEAR(c->avoided_purchase_nok, 24000.0, 1e-6);
		CHECK_NEAR(c->value_nok, 61920.0, 1e-6);
		CHECK_NEAR(c->avoided_co2e_t, 4.0, 1e-9);
		CHECK_NEAR(c->transport_co2e_t, 0.104, 1e-9);
		CHECK_NEAR(c->co2e_t, 3.896, 1e-9);
		CHECK_NEAR(c->score, 61920.0, 1e-6);
		CHECK_EQ_INT(c->mode, SYMBI_MODE_ROAD);
	}
	symbi_matches_free(m);
	o.objective = SYMBI_OBJECTIVE_CO2;
	m = run(ds, &o);
	c = find(m, "s->d");
	CHECK(c != NULL);
	if (c)
		CHECK_NEAR(c->score, 3.896, 1e-9);
	done(m, ds, kb);
}

/* Heat by pipe, worked by hand.
 *   1 km apart; route = 1.3 km; losses 0.02/km: delivered = 1 - 0.026 = 0.974.
 *   Supply 1000 MWh over 1-12; demand 400 MWh over 1-6 (6 months): heat
 *   cannot be stored, so the supply offers 6/12 of its year:
 *   offered  = 1000 x 0.974 x 0.5           = 487 MWh; quantity = min(487, 400) = 400
 *   supply_used = 400 / 0.974               = 410.67762 MWh
 *   transport = 73 000 + 440 000 x 1.3       = 645 000 NOK/yr
 *   purchase  = 400 x 650 NOK/MWh            = 260 000; value = -385 000 NOK/yr */
static void test_heat_by_hand(void)
{
	symbi_kb *kb = make_kb(NULL);
	symbi_dataset *ds = new_ds(kb);
	uint32_t a = firm(ds, "A", 60.0, 10.0, NULL, NULL);
	uint32_t b = firm(ds, "B", 60.0 + dlat_for(1.0), 10.0, NULL, NULL);
	stream(ds, "h", a, SYMBI_SUPPLY, "energy:heat", SYMBI_DIM_ENERGY, 1000);
	symbi_stream *d = stream(ds, "d", b, SYMBI_DEMAND, "energy:heat", SYMBI_DIM_ENERGY, 400);
	d->purchase_price = 650;
	CHECK(symbi_months_parse("1-6", &d->months) == 0);
	symbi_match_options o = opts();
	symbi_matches *m = run(ds, &o);
	const symbi_candidate *c = find(m, "h->d");
	CHECK(c != NULL);
	if (c) {
		CHECK_EQ_INT(c->mode, SYMBI_MODE_PIPE);
		CHECK_NEAR(c->route_km, 1.3, 1e-9);
		CHECK_NEAR(c->quantity, 400.0, 1e-9);
		CHECK_NEAR(c->supply_used, 400.0 / 0.974, 1e-9);
		CHECK_NEAR(c->transport_nok, 645000.0, 1e-6);
		CHECK_NEAR(c->avoided_purchase_nok, 260000.0, 1e-6);
		CHECK_NEAR(c->value_nok, -385000.0, 1e-6);
		CHECK_NEAR(c->co2e_t, 0.0, 0);
	}
	done(m, ds, kb);
}

/* Regions: by default both ends inside; with cross-region at least one. */
static void test_region(void)
{
	symbi_kb *kb = make_kb(NULL);
	symbi_dataset *ds = new_ds(kb);
	uint32_t a = firm(ds, "A", 60.0, 10.0, NULL, "North");
	uint32_t b = firm(ds, "B", 60.01, 10.0, NULL, "North");
	uint32_t c = firm(ds, "C", 60.02, 10.0, NULL, "South");
	uint32_t d = firm(ds, "D", 60.03, 10.0, NULL, NULL);
	stream(ds, "a", a, SYMBI_SUPPLY, "ewc:030105", SYMBI_DIM_MASS, 10);
	stream(ds, "c", c, SYMBI_SUPPLY, "ewc:030105", SYMBI_DIM_MASS, 10);
	stream(ds, "b", b, SYMBI_DEMAND, "ewc:030105", SYMBI_DIM_MASS, 10);
	stream(ds, "d", d, SYMBI_DEMAND, "ewc:030105", SYMBI_DIM_MASS, 10);
	symbi_match_options o = opts();
	symbi_matches *m = run(ds, &o);
	CHECK_EQ_INT(symbi_matches_count(m), 4);
	symbi_matches_free(m);
	o.region = "north"; /* case-insensitive */
	m = run(ds, &o);
	CHECK_EQ_INT(symbi_matches_count(m), 1);
	CHECK(find(m, "a->b") != NULL);
	symbi_matches_free(m);
	o.cross_region = true;
	m = run(ds, &o);
	CHECK_EQ_INT(symbi_matches_count(m), 3);
	CHECK(find(m, "a->b") && find(m, "a->d") && find(m, "c->b"));
	CHECK(find(m, "c->d") == NULL);
	symbi_matches_free(m);
	/* Unknown names are query errors. */
	o.region = "West";
	m = NULL;
	CHECK_EQ_INT(symbi_match(&m, ds, &o), SYMBI_EQUERY);
	CHECK(m == NULL);
	CHECK(strstr(symbi_last_error(), "'West'") != NULL);
	CHECK(strstr(symbi_last_error(), "'North'") != NULL);
	done(NULL, ds, kb);
}

/* Sector potential: only firms of the rule's sector, within the radius,
 * that declared no demand the supply could meet. */
static void test_sector(void)
{
	symbi_kb *kb = make_kb(NULL);
	symbi_dataset *ds = new_ds(kb);
	uint32_t a = firm(ds, "A", 60.0, 10.0, "16.10", NULL);
	uint32_t h1 = firm(ds, "H1", 60.0 + dlat_for(5), 10.0, "35.30", NULL); /* no demand */
	uint32_t h2 = firm(ds, "H2", 60.0 + dlat_for(6), 10.0, "35.30", NULL); /* declares ewc:03 */
	uint32_t h3 =
	    firm(ds, "H3", 60.0 + dlat_for(7), 10.0, "D35.3", NULL);         /* unrelated demand */
	firm(ds, "H4", 60.0 + dlat_for(150), 10.0, "35.30", NULL);           /* too far */
	uint32_t p = firm(ds, "P", 60.0 + dlat_for(8), 10.0, "35.11", NULL); /* rule "35" only */
	firm(ds, "F", 60.0 + dlat_for(9), 10.0, "10.51", NULL);              /* other sector */
	firm(ds, "N", 60.0 + dlat_for(9), 10.0, NULL, NULL);                 /* no NACE */
	stream(ds, "chips", a, SYMBI_SUPPLY, "ewc:030105", SYMBI_DIM_MASS, 100);
	stream(ds, "want03", h2, SYMBI_DEMAND, "ewc:03", SYMBI_DIM_MASS, 50);
	stream(ds, "feed", h3, SYMBI_DEMAND, "mat:feed", SYMBI_DIM_MASS, 50);
	(void)h1;
	(void)p;
	symbi_match_options o = opts();
	symbi_matches *m = run(ds, &o);
	CHECK_EQ_INT(symbi_matches_count(m), 1); /* without --sector: the declared one only */
	symbi_matches_free(m);
	o.sector = true;
	m = run(ds, &o);
	const symbi_candidate *c;
	CHECK(find(m, "chips->want03") != NULL);
	CHECK(find(m, "chips->@H2") == NULL);
	CHECK(find(m, "chips->@H4") == NULL);
	CHECK(find(m, "chips->@F") == NULL);
	CHECK(find(m, "chips->@N") == NULL);
	CHECK(find(m, "chips->@A") == NULL);
	/* H1: both sector rules apply; the more specific one (from ewc:0301,
	 * NACE 35.30, yield 0.8) wins: 100 t x 0.8 = 80 t. */
	CHECK((c = find(m, "chips->@H1")) != NULL);
	if (c) {
		CHECK_EQ_INT(c->basis, SYMBI_BASIS_SECTOR);
		CHECK(c->demand == SYMBI_NONE);
		CHECK_EQ_INT(c->rule, 2);
		CHECK_EQ_INT(c->receiver_code, -1);
		CHECK_NEAR(c->quantity, 80, 1e-9);
	}
	CHECK(find(m, "chips->@H3") != NULL);
	/* P (35.11) only under the division rule "35", yield 0.7. */
	CHECK((c = find(m, "chips->@P")) != NULL);
	if (c) {
		CHECK_EQ_INT(c->rule, 3);
		CHECK_NEAR(c->quantity, 70, 1e-9);
	}
	CHECK_EQ_INT(symbi_matches_count(m), 4);
	symbi_matches_free(m);
	/* --top 1 keeps the best sector receiver of the supply, and the best
	 * supplier of each demand. */
	o.top_k = 1;
	m = run(ds, &o);
	CHECK_EQ_INT(symbi_matches_count(m), 2);
	symbi_matches_free(m);
	/* --firm restricts both ends. */
	o.top_k = 0;
	o.firm = "P";
	m = run(ds, &o);
	CHECK_EQ_INT(symbi_matches_count(m), 1);
	CHECK(find(m, "chips->@P") != NULL);
	done(m, ds, kb);
}

/* Top K per demand: the best K suppliers of each demand, by score. */
static void test_top_k(void)
{
	symbi_kb *kb = make_kb(NULL);
	symbi_dataset *ds = new_ds(kb);
	uint32_t r = firm(ds, "R", 60.0, 10.0, NULL, NULL);
	uint32_t r2 = firm(ds, "R2", 60.0, 10.01, NULL, NULL);
	/* Suppliers 1, 2, 3, 4 km away: nearer is cheaper, so better. */
	const char *ids[] = {"S1", "S2", "S3", "S4"};
	for (int i = 0; i < 4; i++) {
		uint32_t f = firm(ds, ids[i], 60.0 + dlat_for(i + 1), 10.0, NULL, NULL);
		stream(ds, ids[i], f, SYMBI_SUPPLY, "ewc:030105", SYMBI_DIM_MASS, 10);
	}
	stream(ds, "want", r, SYMBI_DEMAND, "ewc:030105", SYMBI_DIM_MASS, 10);
	stream(ds, "want2", r2, SYMBI_DEMAND, "ewc:030105", SYMBI_DIM_MASS, 10);
	symbi_match_options o = opts();
	symbi_matches *m = run(ds, &o);
	CHECK_EQ_INT(symbi_matches_count(m), 8);
	/* Sorted by score, best first. */
	for (size_t i = 1; i < symbi_matches_count(m); i++)
		CHECK(symbi_matches_get(m, i - 1)->score >= symbi_matches_get(m, i)->score);
	symbi_matches_free(m);
	o.top_k = 2;
	m = run(ds, &o);
	CHECK_EQ_INT(symbi_matches_count(m), 4);
	CHECK(find(m, "S1->want") && find(m, "S2->want") && find(m, "S1->want2") &&
	      find(m, "S2->want2"));
	CHECK(find(m, "S3->want") == NULL);
	symbi_matches_free(m);
	/* --min-score: transport alone costs 2 NOK/t.km x 10 t x 1.3 x km, so
	 * the value is -26 NOK per km: S1..S4 score about -26, -52, -78, -104. */
	o.top_k = 0;
	o.min_score = -60;
	m = run(ds, &o);
	CHECK_EQ_INT(symbi_matches_count(m), 4);
	symbi_matches_free(m);
	/* --max-candidates: 8 is over a limit of 7 without --top... */
	o.min_score = -INFINITY;
	o.max_candidates = 7;
	m = NULL;
	CHECK_EQ_INT(symbi_match(&m, ds, &o), SYMBI_ELIMIT);
	CHECK(strstr(symbi_last_error(), "--top") != NULL);
	CHECK(m == NULL);
	/* ...and within it with --top 2. */
	o.top_k = 2;
	m = run(ds, &o);
	CHECK_EQ_INT(symbi_matches_count(m), 4);
	done(m, ds, kb);
}

/* Query validation, cancel and a missing factor. */
static void test_errors(void)
{
	symbi_kb *kb = make_kb(NULL);
	symbi_dataset *ds = new_ds(kb);
	uint32_t a = firm(ds, "A", 60.0, 10.0, NULL, NULL);
	uint32_t b = firm(ds, "B", 60.01, 10.0, NULL, NULL);
	stream(ds, "s", a, SYMBI_SUPPLY, "ewc:030105", SYMBI_DIM_MASS, 10);
	stream(ds, "d", b, SYMBI_DEMAND, "ewc:030105", SYMBI_DIM_MASS, 10);
	CHECK(symbi_dataset_finish(ds, NULL) == 0);
	symbi_matches *m = NULL;
	symbi_match_options o = opts();
	o.firm = "nobody";
	CHECK_EQ_INT(symbi_match(&m, ds, &o), SYMBI_EQUERY);
	CHECK(strstr(symbi_last_error(), "'nobody'") != NULL);
	o = opts();
	o.stream = "x/9";
	CHECK_EQ_INT(symbi_match(&m, ds, &o), SYMBI_EQUERY);
	o = opts();
	o.resource = "ewc:030106";
	CHECK_EQ_INT(symbi_match(&m, ds, &o), SYMBI_EQUERY);
	CHECK(strstr(symbi_last_error(), "did you mean") != NULL);
	o.resource = "not a code";
	CHECK_EQ_INT(symbi_match(&m, ds, &o), SYMBI_EQUERY);
	o = opts();
	o.max_km = -1;
	CHECK_EQ_INT(symbi_match(&m, ds, &o), SYMBI_EQUERY);
	CHECK(m == NULL);
	/* Filters that are valid: --resource in any spelling, --stream of the
	 * demand end. */
	o = opts();
	o.resource = "03 01";
	m = run(ds, &o);
	CHECK_EQ_INT(symbi_matches_count(m), 1);
	CHECK_STR(symbi_matches_options(m)->resource, "ewc:0301");
	symbi_matches_free(m);
	o.resource = "ewc:02";
	m = run(ds, &o);
	CHECK_EQ_INT(symbi_matches_count(m), 0);
	symbi_matches_free(m);
	o = opts();
	o.stream = "d";
	m = run(ds, &o);
	CHECK_EQ_INT(symbi_matches_count(m), 1);
	symbi_matches_free(m);
	/* Cancel before the start. */
	volatile int cancel = 1;
	o = opts();
	o.cancel = &cancel;
	m = NULL;
	CHECK_EQ_INT(symbi_match(&m, ds, &o), SYMBI_EINTR);
	CHECK(m == NULL);
	done(NULL, ds, kb);

	/* A knowledge base without the road cost: a clear input error. */
	kb = make_kb("road.cost_nok_per_tkm");
	ds = new_ds(kb);
	a = firm(ds, "A", 60.0, 10.0, NULL, NULL);
	b = firm(ds, "B", 60.01, 10.0, NULL, NULL);
	stream(ds, "s", a, SYMBI_SUPPLY, "ewc:030105", SYMBI_DIM_MASS, 10);
	stream(ds, "d", b, SYMBI_DEMAND, "ewc:030105", SYMBI_DIM_MASS, 10);
	CHECK(symbi_dataset_finish(ds, NULL) == 0);
	o = opts();
	o.threads = 2;
	CHECK_EQ_INT(symbi_match(&m, ds, &o), SYMBI_EINPUT);
	CHECK(strstr(symbi_last_error(), "'road.cost_nok_per_tkm'") != NULL);
	done(NULL, ds, kb);
}

/* ==== Random datasets: the index against brute force, threads ======================== */

static uint64_t rng = 88172645463325252ull;
static double urand(void)
{
	/* xorshift64 (Marsaglia 2003), fixed seed. */
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (double)(rng >> 11) / 9007199254740992.0;
}

static symbi_dataset *random_ds(const symbi_kb *kb, size_t nfirms, bool global)
{
	static const char *codes[] = {"ewc:030105", "ewc:030101",  "ewc:03",
	                              "ewc:0301",   "mat:biofuel", "mat:biofuel.pellets",
	                              "energy:heat"};
	symbi_dataset *ds = new_ds(kb);
	char id[32];
	for (size_t i = 0; i < nfirms; i++) {
		double lat = global ? -89.0 + 178.0 * urand() : 59.0 + 3.0 * urand();
		double lon = global ? -180.0 + 360.0 * urand() : 8.0 + 5.0 * urand();
		if (global && i % 7 == 0)
			lon = urand() < 0.5 ? 179.9 + 0.1 * urand() : -180.0 + 0.1 * urand();
		snprintf(id, sizeof id, "F%03zu", (i * 37) % nfirms);
		uint32_t f =
		    firm(ds, id, lat, lon, i % 3 == 0 ? "35.30" : "16.10", i % 2 ? "Even" : "Odd");
		for (int k = 0; k < 3; k++) {
			const char *c = codes[(size_t)(urand() * 7) % 7];
			symbi_dim dim =
			    strcmp(c, "energy:heat") ? SYMBI_DIM_MASS : SYMBI_DIM_ENERGY;
			symbi_stream *s =
			    stream(ds, NULL, f, urand() < 0.5 ? SYMBI_SUPPLY : SYMBI_DEMAND, c, dim,
			           1 + (double)(int)(1000 * urand()));
			if (global)
				s->max_km = 2000.0 * urand();
			if (urand() < 0.3)
				s->months = (uint16_t)(1 + (int)(urand() * 4095));
			if (urand() < 0.3)
				s->disposal_cost = (double)(int)(500 * urand());
		}
	}
	return ds;
}

/* Every direct same-code or hierarchical pair found by brute force is found
 * by the indexed search, and no other: across the date line and near the
 * poles, with per-stream radii. */
static void test_index_vs_brute_force(void)
{
	symbi_kb *kb = make_kb(NULL);
	symbi_dataset *ds = random_ds(kb, 400, true);
	CHECK(symbi_dataset_finish(ds, NULL) == 0);
	symbi_match_options o = opts();
	o.threads = 3;
	symbi_matches *m = run(ds, &o);
	symbi__scorer sc;
	symbi__scorer_init(&sc, kb);
	size_t expect = 0, missing = 0, ns = ds->nstreams;
	unsigned char *want = calloc(ns * ns, 1);
	if (!want)
		die("calloc");
	for (size_t s = 0; s < ds->nstreams; s++) {
		const symbi_stream *S = &ds->streams[s];
		if (S->direction != SYMBI_SUPPLY)
			continue;
		double r = symbi__code_radius(&sc, S->code, NULL, NULL);
		double lim_s = isnan(S->max_km) ? r : S->max_km;
		for (size_t d = 0; d < ds->nstreams; d++) {
			const symbi_stream *D = &ds->streams[d];
			if (D->direction != SYMBI_DEMAND || D->firm == S->firm ||
			    S->dim != D->dim || !(S->months & D->months))
				continue;
			bool direct = symbi_kb_is_ancestor(kb, D->code, S->code);
			bool viarule = false;
			for (size_t k = 0; k < kb->nrules; k++) {
				const symbi_rule *ru = &kb->rules[k];
				if (ru->to >= 0 && symbi_kb_is_ancestor(kb, ru->from, S->code) &&
				    symbi_kb_is_ancestor(kb, D->code, ru->to))
					viarule = true;
			}
			if (!direct && !viarule)
				continue;
			double lim_d = isnan(D->max_km) ? r : D->max_km;
			double rr = lim_s < lim_d ? lim_s : lim_d;
			const symbi_firm *A = &ds->firms[S->firm], *B = &ds->firms[D->firm];
			if (!(symbi_distance_km(A->lat, A->lon, B->lat, B->lon) <= rr))
				continue;
			expect++;
			want[s * ns + d] = 1;
		}
	}
	size_t found = 0;
	for (size_t i = 0; m && i < symbi_matches_count(m); i++) {
		const symbi_candidate *c = symbi_matches_get(m, i);
		if (want[c->supply * ns + c->demand]) {
			want[c->supply * ns + c->demand] = 0;
			found++;
		}
	}
	missing = expect - found;
	free(want);
	CHECK(expect > 50); /* the test means something */
	CHECK_EQ_INT(missing, 0);
	CHECK_EQ_INT(symbi_matches_count(m), expect);
	done(m, ds, kb);
}

static char *json_of(const symbi_matches *m, bool compact)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	if (!f)
		die("open_memstream");
	symbi_json_options jo = SYMBI_JSON_OPTIONS_INIT;
	jo.compact = compact;
	jo.dataset = "random";
	int rc = symbi_write_match_json(f, m, &jo);
	fclose(f);
	CHECK_EQ_INT(rc, 0);
	return buf;
}

/* 1, 2 and 8 threads give byte-identical JSON, with and without --top and
 * --sector. */
static void test_threads_deterministic(void)
{
	symbi_kb *kb = make_kb(NULL);
	symbi_dataset *ds = random_ds(kb, 300, false);
	CHECK(symbi_dataset_finish(ds, NULL) == 0);
	for (int variant = 0; variant < 3; variant++) {
		char *first = NULL;
		size_t count = 0;
		for (int t = 1; t <= 8; t *= 2) {
			if (t == 4)
				continue;
			symbi_match_options o = opts();
			o.threads = t;
			o.sector = variant >= 1;
			o.top_k = variant == 2 ? 3 : 0;
			o.max_km = 30;
			symbi_matches *m = run(ds, &o);
			char *js = json_of(m, variant == 1);
			if (!first) {
				first = js;
				count = symbi_matches_count(m);
				CHECK(count > 100);
			} else {
				CHECK(js && strcmp(js, first) == 0);
				CHECK_EQ_INT(symbi_matches_count(m), count);
				free(js);
			}
			symbi_matches_free(m);
		}
		free(first);
	}
	done(NULL, ds, kb);
}

/* ==== JSON =======================================================================================
 */

static void test_json(void)
{
	symbi_kb *kb = make_kb(NULL);
	symbi_dataset *ds = new_ds(kb);
	uint32_t a = firm(ds, "A", 60.0, 10.0, NULL, NULL);
	uint32_t b = firm(ds, "B \"quoted\"", 60.0 + dlat_for(10.0), 10.0, "35.30", NULL);
	uint32_t c = firm(ds, "C", 60.0 + dlat_for(20.0), 10.0, "35.30", NULL);
	(void)c;
	stream(ds, "s", a, SYMBI_SUPPLY, "ewc:030105", SYMBI_DIM_MASS, 100)->disposal_cost = 500;
	stream(ds, "d", b, SYMBI_DEMAND, "ewc:0301", SYMBI_DIM_MASS, 80)->purchase_price = 300;
	symbi_match_options o = opts();
	o.sector = true;
	symbi_matches *m = run(ds, &o);
	CHECK_EQ_INT(symbi_matches_count(m), 2);
	for (int compact = 0; compact < 2; compact++) {
		char *js = json_of(m, compact);
		cJSON *doc = cJSON_Parse(js);
		CHECK(doc != NULL);
		CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(doc, "version")), SYMBI_VERSION);
		cJSON *q = cJSON_GetObjectItem(doc, "query");
		CHECK(cJSON_IsTrue(cJSON_GetObjectItem(q, "sector")));
		CHECK(cJSON_IsNull(cJSON_GetObjectItem(q, "max_km")));
		cJSON *s = cJSON_GetObjectItem(doc, "summary");
		CHECK_NEAR(cJSON_GetNumberValue(cJSON_GetObjectItem(s, "partnerships")), 2, 0);
		CHECK_NEAR(cJSON_GetNumberValue(cJSON_GetObjectItem(s, "sector")), 1, 0);
		cJSON *ps = cJSON_GetObjectItem(doc, "partnerships");
		CHECK_EQ_INT(cJSON_GetArraySize(ps), 2);
		cJSON *p = cJSON_GetArrayItem(ps, 0);
		CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(p, "id")), "s->d");
		CHECK_STR(cJSON_GetStringValue(
		              cJSON_GetObjectItem(cJSON_GetObjectItem(p, "receiver"), "name")),
		          "B \"quoted\"");
		CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(p, "basis")), "declared");
		CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(p, "unit")), "t/yr");
		/* Rounded: 61 920 NOK, 3.896 t, 10 km. */
		CHECK_NEAR(cJSON_GetNumberValue(cJSON_GetObjectItem(p, "value_nok")), 61920, 0);
		CHECK_NEAR(cJSON_GetNumberValue(cJSON_GetObjectItem(p, "co2e_t")), 3.896, 0);
		CHECK_NEAR(cJSON_GetNumberValue(cJSON_GetObjectItem(p, "distance_km")), 10, 0);
		CHECK(cJSON_GetObjectItem(p, "allocated") == NULL);
		cJSON *ex = cJSON_GetObjectItem(p, "explain");
		CHECK(cJSON_IsArray(cJSON_GetObjectItem(ex, "factors")));
		CHECK(strstr(js, "\"co2 source of ewc:0301\"") != NULL);
		CHECK(strstr(js, "\"streams.csv") == NULL); /* streams added by code: "dataset" */
		cJSON *p2 = cJSON_GetArrayItem(ps, 1);
		CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(p2, "id")), "s->@C");
		CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(p2, "basis")), "sector");
		CHECK(cJSON_IsNull(
		    cJSON_GetObjectItem(cJSON_GetObjectItem(p2, "receiver"), "stream_id")));
		CHECK(cJSON_IsNull(cJSON_GetObjectItem(p2, "receiver_resource")));
		if (compact) {
			/* Header line, one line per partnership, closing line. */
			size_t lines = 0;
			for (const char *x = js; *x; x++)
				lines += *x == '\n';
			CHECK_EQ_INT(lines, 4);
		}
		CHECK(strstr(js, "-0,") == NULL && strstr(js, "-0\n") == NULL);
		cJSON_Delete(doc);
		free(js);
	}
	/* Optimised: "allocated" on each partnership, null for sector. */
	for (size_t i = 0; i < symbi_matches_count(m); i++) {
		symbi_candidate *c2 = symbi_matches_get_mut(m, i);
		c2->allocated = c2->basis == SYMBI_BASIS_SECTOR ? NAN : 80.0;
	}
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	symbi_json_options jo = SYMBI_JSON_OPTIONS_INIT;
	symbi_allocation_summary as = {61920.0, 3.896, 1, 1, NULL, 0, 0};
	jo.optimize = true;
	jo.allocation = &as;
	jo.explain = false;
	CHECK_EQ_INT(symbi_write_match_json(f, m, &jo), 0);
	fclose(f);
	cJSON *doc = cJSON_Parse(buf);
	cJSON *ps = cJSON_GetObjectItem(doc, "partnerships");
	CHECK_NEAR(
	    cJSON_GetNumberValue(cJSON_GetObjectItem(cJSON_GetArrayItem(ps, 0), "allocated")), 80,
	    0);
	CHECK(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetArrayItem(ps, 1), "allocated")));
	CHECK(cJSON_GetObjectItem(cJSON_GetArrayItem(ps, 0), "explain") == NULL);
	cJSON *al = cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "summary"), "allocation");
	CHECK_NEAR(cJSON_GetNumberValue(cJSON_GetObjectItem(al, "value_nok")), 61920, 0);
	cJSON_Delete(doc);
	free(buf);
	/* An empty result is a valid document too. */
	symbi_matches_free(m);
	o.max_km = 1;
	m = run(ds, &o);
	CHECK_EQ_INT(symbi_matches_count(m), 0);
	for (int compact = 0; compact < 2; compact++) {
		char *js = json_of(m, compact);
		doc = cJSON_Parse(js);
		CHECK(doc && cJSON_GetArraySize(cJSON_GetObjectItem(doc, "partnerships")) == 0);
		cJSON_Delete(doc);
		free(js);
	}
	done(m, ds, kb);
}

static void test_round(void)
{
	CHECK(!signbit(symbi__round(-0.0, 3)));
	CHECK(!signbit(symbi__round(-0.0001, 3)));
	CHECK_NEAR(symbi__round(0.1 + 0.2, 3), 0.3, 0);
	CHECK_NEAR(symbi__round(2.5, 0), 3, 0);
	CHECK_NEAR(symbi__round(-2.5, 0), -3, 0);
	CHECK_NEAR(symbi__round(12.3456, 2), 12.35, 0);
	CHECK_NEAR(symbi__round(1e300, 3), 1e300, 0);
	CHECK(isnan(symbi__round(NAN, 3)));
	/* Printed by cJSON as the short decimal. */
	cJSON *n = cJSON_CreateNumber(symbi__round(1234.5678901, 3));
	char *s = cJSON_PrintUnformatted(n);
	CHECK_STR(s, "1234.568");
	cJSON_free(s);
	cJSON_Delete(n);
}

/* Exactly on the radius in both searches. The radius is --max-km (or the
 * demand's max_km) set to the distance the engine computes itself, so the
 * pair sits on the boundary to the last bit: a `<` in place of the `<=` of
 * the radius test (symbi__pair_distance, pair.h) drops it, and one ulp less
 * of radius drops it too. With --top the ranked search answers
 * (match_ranked.c), with symbi__match_exhaustive the full scan
 * (match_scan.c) then the cut. */
static void test_radius_both_searches(void)
{
	for (int exhaustive = 0; exhaustive < 2; exhaustive++) {
		symbi__match_exhaustive = exhaustive;
		symbi_kb *kb = make_kb(NULL);
		symbi_dataset *ds = new_ds(kb);
		uint32_t a = firm(ds, "A", 60.0, 10.0, NULL, NULL);
		uint32_t b = firm(ds, "B", 60.0 + dlat_for(10.0), 10.0, NULL, NULL);
		stream(ds, "s", a, SYMBI_SUPPLY, "ewc:030105", SYMBI_DIM_MASS, 10);
		stream(ds, "d", b, SYMBI_DEMAND, "ewc:030105", SYMBI_DIM_MASS, 10);
		double d = symbi_distance_km(60.0, 10.0, 60.0 + dlat_for(10.0), 10.0);
		symbi_match_options o = opts();
		o.top_k = 3;
		o.max_km = d;
		symbi_matches *m = run(ds, &o);
		CHECK_EQ_INT(symbi_matches_count(m), 1);
		if (symbi_matches_count(m))
			CHECK_NEAR(symbi_matches_get(m, 0)->radius_km, d, 0);
		symbi_matches_free(m);
		check_beyond_radius(ds, &o, d);
		symbi_dataset_free(ds);
		symbi_kb_free(kb);
	}
	symbi__match_exhaustive = false;
}

/* A substitution with yield 0.5, priced by hand: ewc:030105 (sawdust) ->
 * mat:biofuel.pellets by the rule of make_kb, 10 km apart on one meridian.
 *   route       = 10 km x 1.3 (road.detour_factor)      = 13 km
 *   offered     = 100 t x 0.5                            = 50 t of pellets
 *   quantity    = min(50, 30 t demanded)                 = 30 t
 *   supply_used = 30 t / 0.5                             = 60 t of sawdust
 *   transport   = 13 km x 60 t x 2 NOK/t.km              =  1 560 NOK/yr
 *   disposal    = 60 t x 500 NOK/t (the supplier's cost) = 30 000 NOK/yr
 *   purchase    = 30 t x 1 500 NOK/t (the receiver's)    = 45 000 NOK/yr
 *   value       = 30 000 + 45 000 - 1 560                = 73 440 NOK/yr
 * The avoided disposal goes by the supply used, not by the quantity
 * delivered (30 t would give 15 000): with yield 1 the two are the same,
 * so only a yield other than 1 tells them apart. The same in the ranked
 * search, whose bounds are built from the same terms. */
static void test_yield_by_hand(void)
{
	for (int top = 0; top < 2; top++) {
		symbi_kb *kb = make_kb(NULL);
		symbi_dataset *ds = new_ds(kb);
		uint32_t a = firm(ds, "A", 60.0, 10.0, NULL, NULL);
		uint32_t b = firm(ds, "B", 60.0 + dlat_for(10.0), 10.0, NULL, NULL);
		stream(ds, "s", a, SYMBI_SUPPLY, "ewc:030105", SYMBI_DIM_MASS, 100)->disposal_cost =
		    500;
		stream(ds, "d", b, SYMBI_DEMAND, "mat:biofuel.pellets", SYMBI_DIM_MASS, 30)
		    ->purchase_price = 1500;
		symbi_match_options o = opts();
		o.top_k = top ? 1 : 0;
		symbi_matches *m = run(ds, &o);
		const symbi_candidate *c = find(m, "s->d");
		CHECK(c != NULL);
		if (c) {
			CHECK_NEAR(c->yield, 0.5, 0);
			CHECK_NEAR(c->route_km, 13.0, 1e-9);
			CHECK_NEAR(c->quantity, 30.0, 1e-9);
			CHECK_NEAR(c->supply_used, 60.0, 1e-9);
			CHECK_NEAR(c->transport_nok, 1560.0, 1e-6);
			CHECK_NEAR(c->avoided_disposal_nok, 30000.0, 1e-6);
			CHECK_NEAR(c->avoided_purchase_nok, 45000.0, 1e-6);
			CHECK_NEAR(c->value_nok, 73440.0, 1e-6);
			CHECK_NEAR(c->score, 73440.0, 1e-6);
		}
		symbi_matches_free(m);
		symbi_dataset_free(ds);
		symbi_kb_free(kb);
	}
}

int main(void)
{
	test_round();
	test_radius();
	test_radius_both_searches();
	test_temperature();
	test_months_units();
	test_codes_rules();
	test_value_by_hand();
	test_yield_by_hand();
	test_heat_by_hand();
	test_region();
	test_sector();
	test_top_k();
	test_errors();
	test_index_vs_brute_force();
	test_threads_deterministic();
	test_json();
	return UNIT_DONE();
}
