/*
 * test_load.c: the parsers the loaders share (units, months, numbers, UTF-8,
 * NACE), loading a dataset from CSV with its checks (also rows that defeat
 * the loader's guesses: streams out of firm order, changing units, bad bytes
 * in records that start on a clean line), and the summary — all against
 * answers worked out by hand.
 */
#include <stdlib.h>
#include <unistd.h>

#include "engine/internal.h"
#include "fixture.h"
#include "unit.h"

/* ==== Parsers ==================================================================== */

static void test_units(void)
{
	symbi_unit u;
	CHECK_EQ_INT(symbi_unit_parse("kWh/day", &u), 0);
	CHECK_EQ_INT(u.dim, SYMBI_DIM_ENERGY);
	/* 1 kWh a day = 0.001 MWh * 365 = 0.365 MWh a year. */
	CHECK_NEAR(u.to_base * u.per_year, 0.365, 1e-12);
	CHECK_EQ_INT(symbi_unit_parse("t/month", &u), 0);
	CHECK_EQ_INT(u.dim, SYMBI_DIM_MASS);
	CHECK_NEAR(u.to_base, 1.0, 0);
	CHECK_NEAR(u.per_year, 12.0, 0);
	CHECK_EQ_INT(symbi_unit_parse("t", &u), 0);
	CHECK_NEAR(u.per_year, 1.0, 0);
	CHECK_EQ_INT(symbi_unit_parse(" kg / week ", &u), 0);
	CHECK_NEAR(u.to_base * u.per_year, 0.052, 1e-12);
	CHECK_EQ_INT(symbi_unit_parse("l/h", &u), 0);
	CHECK_EQ_INT(u.dim, SYMBI_DIM_VOLUME);
	CHECK_NEAR(u.to_base * u.per_year, 8.76, 1e-12);
	CHECK_EQ_INT(symbi_unit_parse("GWh/yr", &u), 0);
	CHECK_NEAR(u.to_base, 1000.0, 0);
	CHECK_EQ_INT(symbi_unit_parse("m3", &u), 0);
	CHECK_EQ_INT(u.dim, SYMBI_DIM_VOLUME);
	CHECK_EQ_INT(symbi_unit_parse("tons", &u), SYMBI_EINPUT); /* a short ton may be 907 kg */
	CHECK_EQ_INT(symbi_unit_parse("t/fortnight", &u), SYMBI_EINPUT);
	CHECK_EQ_INT(symbi_unit_parse("", &u), SYMBI_EINPUT);
	CHECK_EQ_INT(symbi_unit_parse("/yr", &u), SYMBI_EINPUT);
}

static void test_months(void)
{
	uint16_t m = 0;
	CHECK_EQ_INT(symbi_months_parse("1-12", &m), 0);
	CHECK_EQ_INT(m, 0x0fff);
	CHECK_EQ_INT(symbi_months_parse("5-9", &m), 0);
	CHECK_EQ_INT(m, 0x01f0); /* May (bit 4) to September (bit 8) */
	/* November to February wraps over the new year: bits 10, 11, 0, 1. */
	CHECK_EQ_INT(symbi_months_parse("11-2", &m), 0);
	CHECK_EQ_INT(m, 0x0c03);
	CHECK_EQ_INT(symbi_months_parse("1, 2, 11-12", &m), 0);
	CHECK_EQ_INT(m, 0x0c03);
	CHECK_EQ_INT(symbi_months_parse("7", &m), 0);
	CHECK_EQ_INT(m, 0x0040);
	m = 0x1234;
	CHECK_EQ_INT(symbi_months_parse("13", &m), SYMBI_EINPUT);
	CHECK_EQ_INT(m, 0x1234); /* untouched on error */
	CHECK_EQ_INT(symbi_months_parse("0-3", &m), SYMBI_EINPUT);
	CHECK_EQ_INT(symbi_months_parse("", &m), SYMBI_EINPUT);
	CHECK_EQ_INT(symbi_months_parse("1-", &m), SYMBI_EINPUT);
	CHECK_EQ_INT(symbi_months_parse("May", &m), SYMBI_EINPUT);
	CHECK_EQ_INT(symbi_months_parse("1,,2", &m), SYMBI_EINPUT);
	char buf[40];
	symbi_months_format(0x0c03, buf, sizeof buf);
	CHECK_STR(buf, "1-2,11-12");
	symbi_months_format(0x0fff, buf, sizeof buf);
	CHECK_STR(buf, "1-12");
}

static void test_numbers(void)
{
	double v = 42;
	CHECK_EQ_INT(symbi__parse_double("12abc", &v), SYMBI_EINPUT);
	CHECK_EQ_INT(symbi__parse_double("NaN", &v), SYMBI_EINPUT);
	CHECK_EQ_INT(symbi__parse_double("nan", &v), SYMBI_EINPUT);
	CHECK_EQ_INT(symbi__parse_double("inf", &v), SYMBI_EINPUT);
	CHECK_EQ_INT(symbi__parse_double("-Infinity", &v), SYMBI_EINPUT);
	CHECK_EQ_INT(symbi__parse_double("1e999", &v), SYMBI_EINPUT);
	CHECK_EQ_INT(symbi__parse_double("", &v), SYMBI_EINPUT);
	CHECK_EQ_INT(symbi__parse_double("0x10", &v), SYMBI_EINPUT);
	CHECK_EQ_INT(symbi__parse_double("1,5", &v), SYMBI_EINPUT);
	CHECK_EQ_INT(symbi__parse_double("1e", &v), SYMBI_EINPUT);
	CHECK_NEAR(v, 42, 0); /* untouched by the failures */
	CHECK_EQ_INT(symbi__parse_double("-0", &v), 0);
	CHECK(v == 0.0 && !signbit(v));
	CHECK_EQ_INT(symbi__parse_double(" 3.5 ", &v), 0);
	CHECK_NEAR(v, 3.5, 0);
	CHECK_EQ_INT(symbi__parse_double("1e-3", &v), 0);
	CHECK_NEAR(v, 0.001, 1e-18);
	CHECK_EQ_INT(symbi__parse_double(".5", &v), 0);
	CHECK_NEAR(v, 0.5, 0);
	int64_t n;
	CHECK_EQ_INT(symbi__parse_int64("12", 0, INT64_MAX, &n), 0);
	CHECK_EQ_INT(n, 12);
	CHECK_EQ_INT(symbi__parse_int64("-1", 0, INT64_MAX, &n), SYMBI_EINPUT);
	CHECK_EQ_INT(symbi__parse_int64("1.5", 0, INT64_MAX, &n), SYMBI_EINPUT);
}

static void test_utf8(void)
{
	const char *ok = "\xc3\x85lesund \xe2\x82\xac \xf0\x9f\x98\x80"; /* Ålesund € 😀 */
	CHECK(symbi__utf8_valid(ok, strlen(ok)));
	CHECK(!symbi__utf8_valid("\xc3\x28", 2));         /* bad continuation */
	CHECK(!symbi__utf8_valid("\xc0\xaf", 2));         /* overlong '/' */
	CHECK(!symbi__utf8_valid("\xed\xa0\x80", 3));     /* surrogate U+D800 */
	CHECK(!symbi__utf8_valid("\xe2\x82", 2));         /* truncated */
	CHECK(!symbi__utf8_valid("\xf4\x90\x80\x80", 4)); /* above U+10FFFF */
	CHECK(!symbi__utf8_valid("caf\xe9", 4));          /* Latin-1, not UTF-8 */
}

static void test_nace(void)
{
	char buf[16];
	CHECK_EQ_INT(symbi__nace_normalise("C16.1", buf, sizeof buf), 0);
	CHECK_STR(buf, "16.1");
	CHECK_EQ_INT(symbi__nace_normalise("1610", buf, sizeof buf), 0);
	CHECK_STR(buf, "16.10");
	CHECK_EQ_INT(symbi__nace_normalise("16.10", buf, sizeof buf), 0);
	CHECK_STR(buf, "16.10");
	CHECK_EQ_INT(symbi__nace_normalise("23", buf, sizeof buf), 0);
	CHECK_STR(buf, "23");
	CHECK_EQ_INT(symbi__nace_normalise("2", buf, sizeof buf), SYMBI_EINPUT);
	CHECK_EQ_INT(symbi__nace_normalise("16.101", buf, sizeof buf), SYMBI_EINPUT);
	CHECK_EQ_INT(symbi__nace_normalise("saw", buf, sizeof buf), SYMBI_EINPUT);
	/* Well formed, but NACE Rev. 2 has no division 04: the loader rejects it. */
	CHECK_EQ_INT(symbi__nace_normalise("04.10", buf, sizeof buf), 0);
	CHECK_EQ_INT(symbi__nace_plausible("04.10", buf, sizeof buf), SYMBI_EINPUT);
	CHECK_EQ_INT(symbi__nace_plausible("C16.1", buf, sizeof buf), 0);
	CHECK_STR(buf, "16.1");
}

/* ==== A small knowledge base built by code =========================================== */

static symbi_kb *tiny_kb(void)
{
	symbi_kb *kb;
	if (symbi_kb_new(&kb))
		return NULL;
	int32_t ch = symbi__kb_add_code(kb, "ewc:03", "Wood processing", -1, SYMBI_CLASS_MATERIAL,
	                                SYMBI_DIM_MASS);
	int32_t sub = symbi__kb_add_code(kb, "ewc:0301", "Wood processing and panels", ch,
	                                 SYMBI_CLASS_MATERIAL, SYMBI_DIM_MASS);
	int32_t haz = symbi__kb_add_code(kb, "ewc:030104", "Sawdust with hazardous substances", sub,
	                                 SYMBI_CLASS_MATERIAL, SYMBI_DIM_MASS);
	int32_t saw = symbi__kb_add_code(kb, "ewc:030105", "Sawdust", sub, SYMBI_CLASS_MATERIAL,
	                                 SYMBI_DIM_MASS);
	int32_t heat =
	    symbi__kb_add_code(kb, "energy:heat", "Heat", -1, SYMBI_CLASS_ENERGY, SYMBI_DIM_ENERGY);
	int32_t water = symbi__kb_add_code(kb, "water:fresh", "Fresh water", -1, SYMBI_CLASS_WATER,
	                                   SYMBI_DIM_VOLUME);
	if (ch < 0 || sub < 0 || haz < 0 || saw < 0 || heat < 0 || water < 0) {
		symbi_kb_free(kb);
		return NULL;
	}
	kb->codes[ch].is_group = kb->codes[sub].is_group = true;
	kb->codes[haz].hazardous = true;
	if (symbi_kb_finish(kb, NULL)) {
		symbi_kb_free(kb);
		return NULL;
	}
	return kb;
}

static int32_t code(const symbi_kb *kb, const char *c)
{
	return symbi_kb_find(kb, c);
}

static void add_stream(symbi_dataset *ds, uint32_t firm, symbi_direction dir, int32_t c,
                       symbi_dim dim, double q)
{
	symbi_stream s = {0};
	s.firm = firm;
	s.direction = dir;
	s.code = c;
	s.dim = dim;
	s.quantity = q;
	s.temp_c = s.disposal_cost = s.purchase_price = s.max_km = NAN;
	s.months = SYMBI_MONTHS_ALL;
	CHECK_EQ_INT(symbi_dataset_add_stream(ds, &s, NULL), 0);
}

/* Four firms built by code: A and B in "Vestland" (spelt two ways), C with
 * no region, D with no streams. Worked out by hand below. */
static void test_summary_by_code(const symbi_kb *kb)
{
	symbi_dataset *ds;
	CHECK_EQ_INT(symbi_dataset_new(&ds, kb), 0);
	symbi_firm f = {0};
	uint32_t a, b, c, d;
	f.id = "A";
	f.name = "Sawmill";
	f.lat = 60.4;
	f.lon = 5.3;
	f.employees = -1;
	CHECK_EQ_INT(symbi_dataset_add_firm(ds, &f, "Vestland", &a), 0);
	f.id = "B";
	CHECK_EQ_INT(symbi_dataset_add_firm(ds, &f, "vestland", &b), 0);
	f.id = "C";
	CHECK_EQ_INT(symbi_dataset_add_firm(ds, &f, NULL, &c), 0);
	f.id = "D";
	CHECK_EQ_INT(symbi_dataset_add_firm(ds, &f, "", &d), 0);
	f.id = "A";
	CHECK_EQ_INT(symbi_dataset_add_firm(ds, &f, NULL, NULL), SYMBI_EINPUT);

	add_stream(ds, a, SYMBI_SUPPLY, code(kb, "ewc:030105"), SYMBI_DIM_MASS, 100);
	add_stream(ds, a, SYMBI_SUPPLY, code(kb, "ewc:030104"), SYMBI_DIM_MASS, 5);
	add_stream(ds, b, SYMBI_DEMAND, code(kb, "ewc:03"), SYMBI_DIM_MASS, 80);
	add_stream(ds, b, SYMBI_SUPPLY, code(kb, "energy:heat"), SYMBI_DIM_ENERGY, 1000);
	add_stream(ds, c, SYMBI_DEMAND, code(kb, "energy:heat"), SYMBI_DIM_ENERGY, 500);
	add_stream(ds, c, SYMBI_DEMAND, code(kb, "water:fresh"), SYMBI_DIM_VOLUME, 10);
	CHECK_EQ_INT(symbi_dataset_find_stream(ds, "A/1"), 0);
	CHECK_EQ_INT(symbi_dataset_find_stream(ds, "A/2"), 1);
	CHECK_EQ_INT(symbi_dataset_find_stream(ds, "C/2"), 5);

	symbi_summary *s;
	CHECK_EQ_INT(symbi_summary_new(&s, ds), 0);
	if (!s) {
		symbi_dataset_free(ds);
		return;
	}
	CHECK_EQ_INT(s->firms, 4);
	CHECK_EQ_INT(s->streams, 6);
	CHECK_EQ_INT(s->supplies, 3);
	CHECK_EQ_INT(s->demands, 3);
	CHECK_EQ_INT(s->hazardous_supplies, 1);
	CHECK_EQ_INT(s->classes[SYMBI_CLASS_MATERIAL].firms, 2);
	CHECK_EQ_INT(s->classes[SYMBI_CLASS_MATERIAL].supplies, 2);
	CHECK_EQ_INT(s->classes[SYMBI_CLASS_MATERIAL].demands, 1);
	CHECK_EQ_INT(s->classes[SYMBI_CLASS_ENERGY].firms, 2);
	CHECK_EQ_INT(s->classes[SYMBI_CLASS_ENERGY].supplies, 1);
	CHECK_EQ_INT(s->classes[SYMBI_CLASS_ENERGY].demands, 1);
	CHECK_EQ_INT(s->classes[SYMBI_CLASS_WATER].firms, 1);
	CHECK_EQ_INT(s->classes[SYMBI_CLASS_GAS].firms, 0);
	CHECK_EQ_INT(s->nregions, 2);
	if (s->nregions == 2) {
		CHECK_STR(s->regions[0].name, "Vestland");
		CHECK_EQ_INT(s->regions[0].firms, 2);
		CHECK_EQ_INT(s->regions[0].supplies, 3);
		CHECK_EQ_INT(s->regions[0].demands, 1);
		CHECK(s->regions[1].name == NULL);
		CHECK_EQ_INT(s->regions[1].firms, 2);
		CHECK_EQ_INT(s->regions[1].demands, 2);
	}
	/* energy:heat twice, then the single ones by code, bytewise. */
	CHECK_EQ_INT(s->ntop, 5);
	static const char *const order[] = {"energy:heat", "ewc:03", "ewc:030104", "ewc:030105",
	                                    "water:fresh"};
	for (size_t k = 0; k < 5 && k < s->ntop; k++)
		CHECK_STR(s->top_codes[k].code, order[k]);
	CHECK_EQ_INT(s->top_codes[0].streams, 2);
	CHECK_EQ_INT(s->top_codes[0].supplies, 1);
	CHECK_NEAR(s->offered[SYMBI_DIM_MASS], 105, 0);
	CHECK_NEAR(s->offered[SYMBI_DIM_ENERGY], 1000, 0);
	CHECK_NEAR(s->offered[SYMBI_DIM_VOLUME], 0, 0);
	CHECK_NEAR(s->needed[SYMBI_DIM_MASS], 80, 0);
	CHECK_NEAR(s->needed[SYMBI_DIM_ENERGY], 500, 0);
	CHECK_NEAR(s->needed[SYMBI_DIM_VOLUME], 10, 0);
	CHECK_EQ_INT(s->nwithout, 1);
	if (s->nwithout)
		CHECK_STR(s->firms_without_streams[0], "D");

	/* JSON: keys in their fixed order. */
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	CHECK(mem != NULL);
	if (mem) {
		CHECK_EQ_INT(symbi_summary_write_json(mem, s), 0);
		fclose(mem);
		const char *keys[] = {
		    "\"firms\":\t4", "\"streams\":\t6", "\"hazardous_supplies\":\t1",
		    "\"by_class\"",  "\"by_region\"",   "\"top_resources\"",
		    "\"offered\"",   "\"needed\"",      "\"firms_without_streams\""};
		const char *at = text;
		for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
			const char *p = at ? strstr(at, keys[k]) : NULL;
			CHECK(p != NULL);
			if (p)
				at = p;
		}
		CHECK(strstr(text, "\"region\":\tnull") != NULL);
		CHECK(strstr(text, "\"t/yr\":\t105") != NULL);
		free(text);
	}
	symbi_summary_free(s);

	/* Finishing warns about D, the firm without streams. */
	symbi_diags *dg;
	CHECK_EQ_INT(symbi_diags_new(&dg, 10), 0);
	CHECK_EQ_INT(symbi_dataset_finish(ds, dg), 0);
	CHECK_EQ_INT(symbi_diags_warnings(dg), 1);
	CHECK_EQ_INT(symbi_dataset_firm(ds, (uint32_t)symbi_dataset_find_firm(ds, "A"))->n_streams,
	             2);
	symbi_diags_free(dg);
	symbi_dataset_free(ds);
}

/* ==== Loading from CSV ================================================================== */

/* The files and helpers of fixture.h. */

static const char good_firms[] = "firm_id,name,lat,lon,nace,region,employees\n"
                                 "saw,Sawmill,60.39,5.32,C16.1,Vestland,40\n"
                                 "board,Board plant,60.40,5.30,16.21,Vestland,\n"
                                 "idle,Idle firm,60.41,5.31,,,\n";

static void test_load_good(const symbi_kb *kb)
{
	symbi_dataset *ds;
	symbi_diags *dg;
	int rc = load(kb, good_firms,
	              "firm_id,direction,resource,quantity,unit,months,disposal_cost,temp_c,note\n"
	              "saw,supply,03 01 05*,2,t/month,11-2,150,,\"sawdust, dry\"\n"
	              "saw,SUPPLY,energy:heat,1,kWh/day,,,65,\n"
	              "board,demand,ewc:03,10,t,,,,\n"
	              "board,demand,ewc:0301,0,t,,,80,\n",
	              &ds, &dg);
	CHECK_EQ_INT(rc, 0);
	CHECK_EQ_INT(symbi_diags_errors(dg), 0);
	CHECK_EQ_INT(symbi_dataset_firm_count(ds), 3);
	CHECK_EQ_INT(symbi_dataset_stream_count(ds), 4);
	if (symbi_dataset_stream_count(ds) == 4) {
		const symbi_stream *s = symbi_dataset_stream(ds, 0);
		CHECK_STR(s->id, "saw/1");
		CHECK_EQ_INT(s->code,
		             code(kb, "ewc:030105")); /* '*' on a non-hazardous code: fine */
		CHECK_NEAR(s->quantity, 24, 1e-12);   /* 2 t a month */
		CHECK_EQ_INT(s->months, 0x0c03);
		CHECK_NEAR(s->disposal_cost, 150, 0);
		CHECK_STR(s->note, "sawdust, dry");
		CHECK_EQ_INT(s->line, 2);
		s = symbi_dataset_stream(ds, 1);
		CHECK_STR(s->id, "saw/2");
		CHECK_EQ_INT(s->direction, SYMBI_SUPPLY);
		CHECK_NEAR(s->quantity, 0.365, 1e-12);
		CHECK_NEAR(s->temp_c, 65, 0);
		CHECK(s->note == NULL);
		s = symbi_dataset_stream(ds, 3);
		CHECK(isnan(s->temp_c)); /* not a heat code: ignored, with a warning */
		CHECK_EQ_INT(s->months, SYMBI_MONTHS_ALL);
	}
	const symbi_firm *f = symbi_dataset_firm(ds, 0);
	CHECK_STR(f->nace, "16.1");
	CHECK_EQ_INT(f->employees, 40);
	CHECK_EQ_INT(f->line, 2);
	CHECK_STR(symbi_dataset_region(ds, f->region), "Vestland");
	CHECK_EQ_INT(symbi_dataset_firm(ds, 1)->employees, -1);
	CHECK(symbi_dataset_firm(ds, 2)->nace == NULL);
	CHECK_EQ_INT(symbi_dataset_firm(ds, 2)->region, -1);
	/* Warnings: temp_c on a non-heat code, quantity 0, a firm without streams. */
	CHECK_EQ_INT(symbi_diags_warnings(dg), 3);
	CHECK(has_diag(dg, SYMBI_SEV_WARNING, 5, "temp_c", "ignored for 'ewc:0301'"));
	CHECK(has_diag(dg, SYMBI_SEV_WARNING, 5, "quantity", "quantity: is 0"));
	CHECK(has_diag(dg, SYMBI_SEV_WARNING, 4, NULL, "firm 'idle' has no streams"));
	symbi_diags_free(dg);
	symbi_dataset_free(ds);

	/* Prices per input unit become prices per base unit: 2 NOK/kg is
	 * 2000 NOK/t; kWh prices per MWh likewise. */
	rc = load(kb, good_firms,
	          "firm_id,direction,resource,quantity,unit,disposal_cost,purchase_price\n"
	          "saw,supply,ewc:030105,1000,kg,2,\n"
	          "board,demand,energy:heat,1000,kWh,,0.5\n"
	          "idle,demand,water:fresh,3,l/day,7,\n",
	          &ds, &dg);
	CHECK_EQ_INT(rc, 0);
	CHECK(has_diag(dg, SYMBI_SEV_WARNING, 4, "disposal_cost",
	               "only used on a supply; ignored on a demand"));
	CHECK(symbi_dataset_stream_count(ds) == 3 &&
	      isnan(symbi_dataset_stream(ds, 2)->disposal_cost));
	if (symbi_dataset_stream_count(ds) == 3) {
		CHECK_NEAR(symbi_dataset_stream(ds, 0)->quantity, 1, 1e-12);
		CHECK_NEAR(symbi_dataset_stream(ds, 0)->disposal_cost, 2000, 1e-9);
		CHECK_NEAR(symbi_dataset_stream(ds, 1)->purchase_price, 500, 1e-9);
		CHECK_NEAR(symbi_dataset_stream(ds, 2)->quantity, 1.095, 1e-12);
	}
	symbi_diags_free(dg);
	symbi_dataset_free(ds);
}

static void test_load_errors(const symbi_kb *kb)
{
	symbi_dataset *ds;
	symbi_diags *dg;
	/* Line 3: bad latitude; line 4 duplicates 'saw'. The streams of 'bad'
	 * must not each be reported as an unknown firm. */
	int rc = load(kb,
	              "firm_id,name,lat,lon\n"
	              "saw,Sawmill,60.39,5.32\n"
	              "bad,Bad firm,95,5\n"
	              "saw,Second site,61,6\n",
	              "firm_id,direction,resource,quantity,unit,stream_id\n"
	              "bad,supply,ewc:030105,1,t,\n"
	              "bad,supply,ewc:030105,1,t,\n"
	              "ghost,supply,ewc:030105,1,t,\n"
	              "saw,supply,ewc:030106,-1,t,x\n"
	              "saw,offer,energy:heat,1,t,x\n"
	              "saw,supply,ewc:03,1,t,\n",
	              &ds, &dg);
	CHECK_EQ_INT(rc, SYMBI_EINPUT);
	CHECK(has_diag(dg, SYMBI_SEV_ERROR, 3, "lat", "lat: 95 is outside [-90, 90]"));
	CHECK(has_diag(dg, SYMBI_SEV_ERROR, 4, "firm_id",
	               "duplicate firm_id 'saw' (first on line 2)"));
	CHECK(
	    has_diag(dg, SYMBI_SEV_ERROR, 4, "firm_id", "unknown firm 'ghost' (not in firms.csv)"));
	CHECK(has_diag(
	    dg, SYMBI_SEV_ERROR, 5, "resource",
	    "unknown resource code 'ewc:030106'; did you mean 'ewc:030104', 'ewc:030105'"));
	CHECK(has_diag(dg, SYMBI_SEV_ERROR, 5, "quantity", "-1 is negative"));
	CHECK(has_diag(dg, SYMBI_SEV_ERROR, 6, "direction", "'offer' is neither"));
	CHECK(has_diag(dg, SYMBI_SEV_ERROR, 6, "unit", "'t' measures mass but 'energy:heat'"));
	CHECK(has_diag(dg, SYMBI_SEV_ERROR, 6, "stream_id",
	               "duplicate stream_id 'x' (first on line 5)"));
	CHECK(has_diag(dg, SYMBI_SEV_ERROR, 7, "resource", "a supply must name a six-digit entry"));
	/* Exactly those nine: nothing about lines 2 and 3 of streams.csv. */
	CHECK_EQ_INT(symbi_diags_errors(dg), 9);
	for (size_t i = 0; unit_failures && i < symbi_diags_count(dg); i++)
		fprintf(stderr, "  line %u: %s\n", symbi_diags_get(dg, i)->line,
		        symbi_diags_get(dg, i)->message);
	symbi_diags_free(dg);
	symbi_dataset_free(ds);

	/* A header without required columns stops that file; the other is
	 * still read, without judging firm references. */
	rc = load(kb, "id,name,lat\nsaw,Sawmill,60\n",
	          "firm_id,direction,resource,quantity,unit,unit\nsaw,supply,ewc:030105,1,t,t\n",
	          &ds, &dg);
	CHECK_EQ_INT(rc, SYMBI_EINPUT);
	CHECK(has_diag(dg, SYMBI_SEV_ERROR, 1, NULL,
	               "missing required columns 'firm_id', 'lon' in the header"));
	CHECK(has_diag(dg, SYMBI_SEV_ERROR, 1, NULL,
	               "column 'unit' appears twice in the header (fields 5 and 6)"));
	CHECK_EQ_INT(symbi_diags_errors(dg), 2);
	symbi_diags_free(dg);
	symbi_dataset_free(ds);

	/* A missing file is an I/O error. */
	CHECK_EQ_INT(symbi_dataset_new(&ds, kb), 0);
	CHECK_EQ_INT(symbi_diags_new(&dg, 10), 0);
	CHECK_EQ_INT(symbi_dataset_load(ds, "/nonexistent/firms.csv", streams_path, dg), SYMBI_EIO);
	symbi_diags_free(dg);
	symbi_dataset_free(ds);

	/* Without a diagnostics list, a row the reader drops (invalid UTF-8
	 * in a file that is UTF-8 elsewhere, so not read as Windows-1252)
	 * still fails the load. */
	write_file(firms_path, "firm_id,name,lat,lon\nsaw,Br\xe6,60,5\nmill,M\xc3\xb8lle,61,6\n");
	write_file(streams_path, "firm_id,direction,resource,quantity,unit\n");
	CHECK_EQ_INT(symbi_dataset_new(&ds, kb), 0);
	CHECK_EQ_INT(symbi_dataset_load(ds, firms_path, streams_path, NULL), SYMBI_EINPUT);
	CHECK_EQ_INT(symbi_dataset_firm_count(ds), 1);
	symbi_dataset_free(ds);

	/* The diagnostics cap keeps memory bounded but counts everything. */
	char big[8192] = "firm_id,name,lat,lon\n";
	for (int i = 0; i < 200; i++) {
		char row[40];
		snprintf(row, sizeof row, "f%d,F,abc,5\n", i);
		strcat(big, row);
	}
	write_file(firms_path, big);
	write_file(streams_path, "firm_id,direction,resource,quantity,unit\n");
	CHECK_EQ_INT(symbi_dataset_new(&ds, kb), 0);
	CHECK_EQ_INT(symbi_diags_new(&dg, 3), 0);
	CHECK_EQ_INT(symbi_dataset_load(ds, firms_path, streams_path, dg), SYMBI_EINPUT);
	CHECK_EQ_INT(symbi_diags_errors(dg), 200);
	CHECK_EQ_INT(symbi_diags_dropped(dg, SYMBI_SEV_ERROR), 197);
	symbi_diags_free(dg);
	symbi_dataset_free(ds);
}

/* Streams that jump between firms, back to the first, to an unknown one and
 * to a firm whose row failed; units that change from row to row and back;
 * padded fields. Each must land on its own firm with its own quantity. */
static void test_load_order(const symbi_kb *kb)
{
	symbi_dataset *ds;
	symbi_diags *dg;
	const char *firms = "firm_id,name,lat,lon,region\n"
	                    "a,A,60,5,Vestland\n"
	                    "b,B,61,6, VESTLAND \n"
	                    "c,C,62,7,\n"
	                    "bad,Bad,95,7,\n"
	                    "d,D,63,8,Oslo\n";
	const char *streams = "firm_id,direction,resource,quantity,unit,stream_id\n"
	                      "c,supply,ewc:030105,1,t/yr,\n"
	                      "a,supply,ewc:030105,2,t/month,\n"
	                      " a ,demand,ewc:030105,3,kg,\n"
	                      "d,supply,ewc:030105,4,t/month,\n"
	                      "b,supply,energy:heat,5,MWh,\n"
	                      "a,supply,ewc:030105,6,t/yr,\n"
	                      "ghost,supply,ewc:030105,7,t,\n"
	                      "bad,supply,ewc:030105,8,t,\n"
	                      "c,supply,ewc:030105,9,kWh,\n"
	                      "c,supply,ewc:030105,10,t,\n";
	CHECK_EQ_INT(load(kb, firms, streams, &ds, &dg), SYMBI_EINPUT);
	CHECK(has_diag(dg, SYMBI_SEV_ERROR, 5, "lat", "95 is outside"));
	CHECK(has_diag(dg, SYMBI_SEV_ERROR, 8, "firm_id", "unknown firm 'ghost'"));
	CHECK(has_diag(dg, SYMBI_SEV_ERROR, 10, "unit", "'kWh' measures energy"));
	CHECK_EQ_INT(symbi_diags_errors(dg), 3);
	CHECK_EQ_INT(symbi_dataset_firm_count(ds), 4);
	CHECK_EQ_INT(symbi_dataset_region_count(ds), 2); /* Vestland, Oslo */
	CHECK_EQ_INT(symbi_dataset_firm(ds, 1)->region, symbi_dataset_firm(ds, 0)->region);
	static const struct {
		const char *firm, *id;
		double quantity;
	} want[] = {
	    {"c", "c/1", 1}, {"a", "a/1", 24}, {"a", "a/2", 0.003}, {"d", "d/1", 48},
	    {"b", "b/1", 5}, {"a", "a/3", 6},  {"c", "c/2", 10},
	};
	CHECK_EQ_INT(symbi_dataset_stream_count(ds), sizeof want / sizeof *want);
	for (uint32_t i = 0; i < symbi_dataset_stream_count(ds) && i < sizeof want / sizeof *want;
	     i++) {
		const symbi_stream *s = symbi_dataset_stream(ds, i);
		CHECK_STR(symbi_dataset_firm(ds, s->firm)->id, want[i].firm);
		CHECK_STR(s->id, want[i].id);
		CHECK_NEAR(s->quantity, want[i].quantity, 1e-12);
		CHECK_EQ_INT(symbi_dataset_find_stream(ds, want[i].id), i);
	}
	symbi_diags_free(dg);
	symbi_dataset_free(ds);
}

/* The UTF-8 check is skipped for records of ASCII only: a bad byte must
 * still be found on the second line of a quoted field whose first line is
 * clean and on the first line of one whose second line is clean, and in a
 * record that shares its line with a clean one (lone CR ends). */
static void test_load_bad_bytes(const symbi_kb *kb)
{
	symbi_dataset *ds;
	symbi_diags *dg;
	const char *firms = "firm_id,name,lat,lon\n"
	                    "a,\"Two\nlines \xff\",60,5\n"
	                    "b,B,61,6\r"
	                    "c,C \xfe,62,7\r"
	                    "d,D\xc3\xb8,63,8\n"
	                    "e,E\xc3,64,9\n"
	                    "g,\"G \xff\non two lines\",66,11\n"
	                    "f,F,65,10\n";
	const char *streams = "firm_id,direction,resource,quantity,unit\n"
	                      "b,supply,ewc:030105,1,t\n"
	                      "d,supply,ewc:030105,1,t\n"
	                      "f,supply,ewc:030105,1,t\n";
	CHECK_EQ_INT(load(kb, firms, streams, &ds, &dg), SYMBI_EINPUT);
	CHECK(has_diag(dg, SYMBI_SEV_ERROR, 2, "name", "invalid UTF-8 in column 'name'"));
	CHECK(has_diag(dg, SYMBI_SEV_ERROR, 4, "name", "invalid UTF-8 in column 'name'"));
	CHECK(has_diag(dg, SYMBI_SEV_ERROR, 5, "name", "invalid UTF-8 in column 'name'"));
	CHECK(has_diag(dg, SYMBI_SEV_ERROR, 6, "name", "invalid UTF-8 in column 'name'"));
	CHECK_EQ_INT(symbi_diags_errors(dg), 4);
	CHECK_EQ_INT(symbi_dataset_firm_count(ds), 3); /* b, d, f */
	CHECK(symbi_dataset_find_firm(ds, "d") >= 0);
	CHECK_EQ_INT(symbi_dataset_find_firm(ds, "c"), -1);
	for (size_t i = 0; unit_failures && i < symbi_diags_count(dg); i++)
		fprintf(stderr, "  line %u: %s\n", symbi_diags_get(dg, i)->line,
		        symbi_diags_get(dg, i)->message);
	symbi_diags_free(dg);
	symbi_dataset_free(ds);
}

/* Several sources merged into one dataset: a stream may name a firm of
 * another source, and an id given twice names the other file and line. */
static void test_load_sources(const symbi_kb *kb)
{
	char pf[160], ps[160];
	snprintf(pf, sizeof pf, "%s/plant_firms.csv", tmpdir);
	snprintf(ps, sizeof ps, "%s/plant_streams.csv", tmpdir);
	symbi_dataset_source src[2] = {{firms_path, streams_path, NULL}, {pf, ps, NULL}};
	symbi_dataset *ds;
	symbi_diags *dg;

	/* Good: the plant's demand belongs to the first file's firm 'saw', and
	 * the plant's firm has its only stream in the first streams file. */
	write_file(firms_path, "firm_id,name,lat,lon\nsaw,Sawmill,60.39,5.32\n");
	write_file(streams_path, "firm_id,direction,resource,quantity,unit,stream_id\n"
	                         "saw,supply,ewc:030105,10,t,s1\n"
	                         "plant,demand,ewc:0301,4,t,p1\n");
	write_file(pf, "firm_id;name;lat;lon\nplant;Planned plant;60,40;5,30\n");
	write_file(ps, "firm_id,direction,resource,quantity,unit,stream_id\n"
	               "saw,demand,energy:heat,2,MWh,s2\n");
	CHECK_EQ_INT(symbi_dataset_new(&ds, kb), 0);
	CHECK_EQ_INT(symbi_diags_new(&dg, 100), 0);
	CHECK_EQ_INT(symbi_dataset_load_sources(ds, src, 2, NULL, dg), 0);
	CHECK_EQ_INT(symbi_diags_count(dg), 0);
	CHECK_EQ_INT(symbi_dataset_firm_count(ds), 2);
	CHECK_EQ_INT(symbi_dataset_stream_count(ds), 3);
	int32_t plant = symbi_dataset_find_firm(ds, "plant");
	CHECK_EQ_INT(plant, 1);
	CHECK_NEAR(symbi_dataset_firm(ds, 1)->lat, 60.40, 1e-12); /* the semicolon file's comma */
	CHECK_EQ_INT(symbi_dataset_firm(ds, 1)->n_streams, 1);
	CHECK_EQ_INT(symbi_dataset_firm(ds, 0)->n_streams, 2);
	CHECK_EQ_INT(symbi_dataset_stream(ds, (uint32_t)symbi_dataset_find_stream(ds, "s2"))->line, 2);
	symbi_diags_free(dg);
	symbi_dataset_free(ds);

	/* Bad: 'saw' and 's1' again in the second source, a firm unknown to both. */
	write_file(pf, "firm_id,name,lat,lon\nplant,Planned plant,60.40,5.30\nsaw,Saw again,61,6\n");
	write_file(ps, "firm_id,direction,resource,quantity,unit,stream_id\n"
	               "plant,demand,ewc:03,1,t,s1\n"
	               "ghost,supply,ewc:030105,1,t,\n");
	CHECK_EQ_INT(symbi_dataset_new(&ds, kb), 0);
	CHECK_EQ_INT(symbi_diags_new(&dg, 100), 0);
	CHECK_EQ_INT(symbi_dataset_load_sources(ds, src, 2, NULL, dg), SYMBI_EINPUT);
	char want[400];
	snprintf(want, sizeof want, "duplicate firm_id 'saw' (first at %s:2)", firms_path);
	CHECK(has_diag(dg, SYMBI_SEV_ERROR, 3, "firm_id", want));
	snprintf(want, sizeof want, "duplicate stream_id 's1' (first at %s:2)", streams_path);
	CHECK(has_diag(dg, SYMBI_SEV_ERROR, 2, "stream_id", want));
	snprintf(want, sizeof want, "unknown firm 'ghost' (not in %s or %s)", firms_path, pf);
	CHECK(has_diag(dg, SYMBI_SEV_ERROR, 3, "firm_id", want));
	CHECK_EQ_INT(symbi_diags_errors(dg), 3);
	/* The second row of each message is in the second source's files. */
	for (size_t i = 0; i < symbi_diags_count(dg); i++) {
		const symbi_diag *g = symbi_diags_get(dg, i);
		bool in_firms = strstr(g->message, "duplicate firm_id") != NULL;
		CHECK(strcmp(g->file, in_firms ? pf : ps) == 0);
	}
	symbi_diags_free(dg);
	symbi_dataset_free(ds);
	unlink(pf);
	unlink(ps);
}

int main(void)
{
	test_units();
	test_months();
	test_numbers();
	test_utf8();
	test_nace();
	symbi_kb *kb = tiny_kb();
	CHECK(kb != NULL);
	if (kb) {
		test_summary_by_code(kb);
		if (fixture_open("load")) {
			test_load_good(kb);
			test_load_errors(kb);
			test_load_order(kb);
			test_load_bad_bytes(kb);
			test_load_sources(kb);
			fixture_close();
		}
		symbi_kb_free(kb);
	}
	return UNIT_DONE();
}
