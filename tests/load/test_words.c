/*
 * test_words.c: the Norwegian and other words the loader reads (words.c),
 * header typo warnings and the NACE leading-zero repair (load.c), with
 * hand-made inputs and hand-worked answers.
 */
#include <stdlib.h>
#include <unistd.h>

#include "engine/internal.h"
#include "engine/words.h"
#include "fixture.h"
#include "unit.h"

static symbi_kb *tiny_kb(void)
{
	symbi_kb *kb;
	if (symbi_kb_new(&kb))
		return NULL;
	int32_t ch = symbi__kb_add_code(kb, "ewc:03", "Wood processing", -1, SYMBI_CLASS_MATERIAL,
	                                SYMBI_DIM_MASS);
	int32_t sub = symbi__kb_add_code(kb, "ewc:0301", "Wood processing and panels", ch,
	                                 SYMBI_CLASS_MATERIAL, SYMBI_DIM_MASS);
	int32_t saw = symbi__kb_add_code(kb, "ewc:030105", "Sawdust", sub, SYMBI_CLASS_MATERIAL,
	                                 SYMBI_DIM_MASS);
	int32_t heat =
	    symbi__kb_add_code(kb, "energy:heat", "Heat", -1, SYMBI_CLASS_ENERGY, SYMBI_DIM_ENERGY);
	if (ch < 0 || sub < 0 || saw < 0 || heat < 0 || symbi_kb_finish(kb, NULL)) {
		symbi_kb_free(kb);
		return NULL;
	}
	return kb;
}

/* ==== Units ============================================================================ */

static void check_unit(const char *text, symbi_dim dim, double per_base_year)
{
	symbi_unit u;
	int rc = symbi_unit_parse(text, &u);
	CHECK_EQ_INT(rc, 0);
	if (rc) {
		fprintf(stderr, "  unit '%s' refused\n", text);
		return;
	}
	CHECK_EQ_INT(u.dim, dim);
	CHECK_NEAR(u.to_base * u.per_year, per_base_year, 1e-12);
}

static void test_units(void)
{
	/* Hand-worked: 1 tonn/år = 1 t/yr; 1 kWh/år = 0.001 MWh/yr; 1 MWh/mnd
	 * = 12 MWh/yr; 1 m³/uke = 52 m3/yr; 1 liter/dag = 0.365 m3/yr. */
	check_unit("tonn", SYMBI_DIM_MASS, 1.0);
	check_unit("tonn/år", SYMBI_DIM_MASS, 1.0);
	check_unit("Tonn/År", SYMBI_DIM_MASS, 1.0);
	check_unit("tonnes/yr", SYMBI_DIM_MASS, 1.0);
	check_unit("t/y", SYMBI_DIM_MASS, 1.0);
	check_unit("t/a", SYMBI_DIM_MASS, 1.0);
	check_unit("tonn per år", SYMBI_DIM_MASS, 1.0);
	check_unit("t pr. år", SYMBI_DIM_MASS, 1.0);
	check_unit("kWh/år", SYMBI_DIM_ENERGY, 1e-3);
	check_unit("MWh/mnd", SYMBI_DIM_ENERGY, 12.0);
	check_unit("m³", SYMBI_DIM_VOLUME, 1.0);
	check_unit("m³/uke", SYMBI_DIM_VOLUME, 52.0);
	check_unit("liter/dag", SYMBI_DIM_VOLUME, 0.365);
	check_unit("kg/time", SYMBI_DIM_MASS, 8.76);
	/* Refused: a short ton may be 907 kg; "t" is not a period. */
	symbi_unit u;
	CHECK(symbi_unit_parse("tons", &u) != 0);
	CHECK(symbi_unit_parse("ton/yr", &u) != 0);
	CHECK(symbi_unit_parse("kWh/t", &u) != 0);
	CHECK(symbi_unit_parse("tonn/", &u) != 0);
	CHECK(symbi_unit_parse("per år", &u) != 0);
}

static void test_casecmp(void)
{
	CHECK_EQ_INT(symbi__word_casecmp("NÆRINGSKODE", "næringskode"), 0);
	CHECK_EQ_INT(symbi__word_casecmp("Måneder", "MÅNEDER"), 0);
	CHECK_EQ_INT(symbi__word_casecmp("STRØM_ID", "strøm_id"), 0);
	CHECK(symbi__word_casecmp("strøm_id", "strom_id") != 0);
	CHECK_STR(symbi__word_find(symbi__column_words, symbi__column_word_count, "Kommune"),
	          "municipality");
	CHECK_STR(symbi__word_find(symbi__direction_words, symbi__direction_word_count, "BEHOV"),
	          "demand");
	CHECK(symbi__word_find(symbi__column_words, symbi__column_word_count, "kommunne") == NULL);
	/* Every alias names a canonical word that is itself in the table. */
	for (size_t i = 0; i < symbi__column_word_count; i++)
		CHECK_STR(symbi__word_find(symbi__column_words, symbi__column_word_count,
		                           symbi__column_words[i].canonical),
		          symbi__column_words[i].canonical);
}

/* ==== Loading ========================================================================== */

static void test_norwegian(const symbi_kb *kb)
{
	symbi_dataset *ds;
	symbi_diags *dg;
	int rc = load(kb,
	              "Bedrift_ID,navn,breddegrad,lengdegrad,NÆRINGSKODE,kommune,orgnr,ansatte\n"
	              "sag,Vestheim Sag,60.39,5.32,16.10,Vik,912345678,40\n"
	              "veksthus,Grønt Veksthus,59.95,10.80,1.13,Oslo,,\n",
	              "bedrift_id,retning,ressurs,mengde,enhet,strøm_id,temperatur,måneder,"
	              "avfallskostnad,innkjøpspris,maks_km,merknad\n"
	              "sag,tilbud,ewc:030105,1200,tonn/år,sag-flis,,,350,,40,tørr flis\n"
	              "veksthus,behov,energy:heat,40,MWh/mnd,varme,45,10-4,,600,,\n",
	              &ds, &dg);
	CHECK_EQ_INT(rc, 0);
	CHECK_EQ_INT(symbi_diags_errors(dg), 0);
	CHECK_EQ_INT(symbi_dataset_firm_count(ds), 2);
	CHECK_EQ_INT(symbi_dataset_stream_count(ds), 2);
	if (symbi_dataset_stream_count(ds) == 2) {
		const symbi_firm *f = symbi_dataset_firm(ds, 0);
		CHECK_STR(f->name, "Vestheim Sag");
		CHECK_STR(f->municipality, "Vik");
		CHECK_STR(f->org_nr, "912345678");
		CHECK_EQ_INT(f->employees, 40);
		/* 1.13 lost its zero: read as 01.13 with a warning. */
		CHECK_STR(symbi_dataset_firm(ds, 1)->nace, "01.13");
		CHECK(has_diag(dg, SYMBI_SEV_WARNING, 3, "nace", "'1.13' read as '01.13'"));
		const symbi_stream *s = symbi_dataset_stream(ds, 0);
		CHECK_EQ_INT(s->direction, SYMBI_SUPPLY);
		CHECK_NEAR(s->quantity, 1200.0, 1e-9);
		CHECK_NEAR(s->disposal_cost, 350.0, 1e-9);
		CHECK_NEAR(s->max_km, 40.0, 1e-9);
		CHECK_STR(s->note, "tørr flis");
		CHECK_STR(s->id, "sag-flis");
		s = symbi_dataset_stream(ds, 1);
		CHECK_EQ_INT(s->direction, SYMBI_DEMAND);
		CHECK_NEAR(s->quantity, 480.0, 1e-9); /* 40 MWh a month */
		CHECK_NEAR(s->temp_c, 45.0, 1e-9);
		CHECK_NEAR(s->purchase_price, 600.0, 1e-9);
		CHECK_EQ_INT(s->months, 0xE0F); /* Oct-Apr: bits 0-3 and 9-11 */
	}
	symbi_diags_free(dg);
	symbi_dataset_free(ds);

	/* A column under two of its names is an error naming both. */
	rc = load(kb, "firm_id,name,navn,lat,lon\nsag,Sag,Sag,60,5\n",
	          "firm_id,direction,resource,quantity,unit\nsag,supply,ewc:030105,1,t\n", &ds, &dg);
	CHECK_EQ_INT(rc, SYMBI_EINPUT);
	CHECK(has_diag(dg, SYMBI_SEV_ERROR, 1, NULL,
	               "columns 'name' (field 2) and 'navn' (field 3) both give 'name'"));
	symbi_diags_free(dg);
	symbi_dataset_free(ds);

	/* Missing columns are named in both languages; a bad direction too. */
	rc = load(kb, "bedrift_id,navn\nsag,Sag\n",
	          "firm_id,direction,resource,quantity,unit\nsag,tilbyr,ewc:030105,1,tonns/år\n", &ds,
	          &dg);
	CHECK_EQ_INT(rc, SYMBI_EINPUT);
	CHECK(has_diag(dg, SYMBI_SEV_ERROR, 1, NULL,
	               "missing required columns 'lat', 'lon' in the header (in Norwegian: "
	               "'breddegrad', 'lengdegrad')"));
	CHECK(has_diag(dg, SYMBI_SEV_ERROR, 2, "direction",
	               "'tilbyr' is neither 'supply' nor 'demand' (in Norwegian 'tilbud' or 'behov')"));
	CHECK(has_diag(dg, SYMBI_SEV_ERROR, 2, "unit",
	               "unknown unit 'tonns/år'; did you mean 'tonn/år'?"));
	symbi_diags_free(dg);
	symbi_dataset_free(ds);
}

static void test_typos(const symbi_kb *kb)
{
	symbi_dataset *ds;
	symbi_diags *dg;
	int rc = load(kb,
	              "firm_id,name,lat,lon,kommunne,contact_name,email,Nace code\n"
	              "sag,Sag,60.39,5.32,Vik,Kari,k@x.no,16.10\n",
	              "firm_id,direction,resource,quantity,unit,temp,disposal cost,price,max km,"
	              "comment,notes\n"
	              "sag,supply,ewc:030105,1,t,,,,,,\n",
	              &ds, &dg);
	CHECK_EQ_INT(rc, 0);
	CHECK(has_diag(dg, SYMBI_SEV_WARNING, 1, NULL,
	               "unknown column 'kommunne' is ignored: did you mean 'kommune' (municipality)?"));
	CHECK(has_diag(dg, SYMBI_SEV_WARNING, 1, NULL,
	               "unknown column 'Nace code' is ignored: did you mean 'nace_code' (nace)?"));
	CHECK(has_diag(dg, SYMBI_SEV_WARNING, 1, NULL,
	               "unknown column 'temp' is ignored: did you mean 'temp_c'?"));
	CHECK(has_diag(dg, SYMBI_SEV_WARNING, 1, NULL,
	               "unknown column 'disposal cost' is ignored: did you mean 'disposal_cost'?"));
	CHECK(has_diag(dg, SYMBI_SEV_WARNING, 1, NULL,
	               "unknown column 'price' is ignored: did you mean 'purchase_price'?"));
	CHECK(has_diag(dg, SYMBI_SEV_WARNING, 1, NULL,
	               "unknown column 'max km' is ignored: did you mean 'max_km'?"));
	CHECK(has_diag(dg, SYMBI_SEV_WARNING, 1, NULL,
	               "unknown column 'notes' is ignored: did you mean 'note'?"));
	/* Extra columns far from any absent one stay silent. */
	CHECK(!has_diag(dg, SYMBI_SEV_WARNING, 1, NULL, "'contact_name'"));
	CHECK(!has_diag(dg, SYMBI_SEV_WARNING, 1, NULL, "'email'"));
	CHECK(!has_diag(dg, SYMBI_SEV_WARNING, 1, NULL, "'comment'"));
	CHECK_EQ_INT(symbi_diags_warnings(dg), 7);
	symbi_diags_free(dg);
	symbi_dataset_free(ds);
}

static void test_nace_zero(const symbi_kb *kb)
{
	static const struct {
		const char *in, *out; /* out NULL: an error */
		bool warned;
	} cases[] = {
	    {"1.13", "01.13", true}, {"3.22", "03.22", true}, {"1.1", "01.1", true},
	    {"1", "01", true},       {"A1.13", "01.13", true}, {"01.13", "01.13", false},
	    {"11.3", "11.3", false}, {"113", "11.3", false},  /* ambiguous: left as read */
	    {"4.11", NULL, false},   /* division 04 does not exist */
	    {"1.134", NULL, false},  {"0.13", NULL, false},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char firms[200];
		snprintf(firms, sizeof firms, "firm_id,name,lat,lon,nace\nf,F,60,10,%s\n", cases[i].in);
		symbi_dataset *ds;
		symbi_diags *dg;
		int rc = load(kb, firms,
		              "firm_id,direction,resource,quantity,unit\nf,supply,ewc:030105,1,t\n", &ds,
		              &dg);
		if (cases[i].out) {
			CHECK_EQ_INT(rc, 0);
			if (rc == 0)
				CHECK_STR(symbi_dataset_firm(ds, 0)->nace, cases[i].out);
		} else {
			CHECK_EQ_INT(rc, SYMBI_EINPUT);
		}
		CHECK_EQ_INT(has_diag(dg, SYMBI_SEV_WARNING, 2, "nace", "lost its leading zero"),
		             cases[i].warned);
		if (unit_failures)
			fprintf(stderr, "  after nace '%s'\n", cases[i].in);
		symbi_diags_free(dg);
		symbi_dataset_free(ds);
	}
}

/* ==== Places ========================================================================== */

/* Three municipalities, as in datasets/municipalities_no.csv: Oslo
 * (454.12 km2: reach 3 * sqrt(454.12 / pi) + 20 = 56.07 km) and the two
 * Herøy. */
static const char munis_csv[] =
    "kommunenummer,name,lat,lon,fylkesnummer,area_km2\n"
    "0301,Oslo,59.98139,10.73926,03,454.12\n"
    "1515,Herøy,62.30183,5.68001,15,119.53\n"
    "1818,Herøy,65.98753,12.23773,18,64.46\n"
    "1841,Fauske - Fuossko,67.22175,15.80758,18,1196.98\n";

static void test_places(symbi_kb *kb)
{
	CHECK_EQ_INT(symbi_kb_municipality_count(kb), 4);
	int32_t m[2];
	CHECK_EQ_INT(symbi_kb_find_municipalities(kb, "OSLO", m, 2), 1);
	CHECK_EQ_INT(symbi_kb_find_municipalities(kb, "0301", m, 2), 1);
	CHECK_EQ_INT(symbi_kb_find_municipalities(kb, "301", m, 2), 1);
	CHECK_EQ_INT(m[0], 0);
	CHECK_EQ_INT(symbi_kb_find_municipalities(kb, "herøy", m, 2), 2);
	CHECK_EQ_INT(symbi_kb_find_municipalities(kb, "HERØY", m, 2), 2);
	CHECK_EQ_INT(m[0], 1); /* in the table's order */
	CHECK_EQ_INT(m[1], 2);
	CHECK_EQ_INT(symbi_kb_find_municipalities(kb, "herøy", m, 1), 2); /* counts beyond max */
	CHECK_EQ_INT(symbi_kb_find_municipalities(kb, "fauske - FUOSSKO", m, 2), 1);
	CHECK_EQ_INT(m[0], 3);
	CHECK_EQ_INT(symbi_kb_find_municipalities(kb, "Fauske - Fuossko - Fauske", m, 2), 0);
	CHECK_EQ_INT(symbi_kb_find_municipalities(kb, "Heroy", m, 2), 0);
	CHECK_EQ_INT(symbi_kb_find_municipalities(kb, "Fuossko", m, 2), 1);
	CHECK_EQ_INT(m[0], 3);
	CHECK_EQ_INT(symbi_kb_find_municipalities(kb, "Fauske", m, 2), 1);
	CHECK_EQ_INT(symbi_kb_find_municipalities(kb, "Fauske -", m, 2), 0);
	CHECK_EQ_INT(symbi_kb_find_municipalities(kb, "Olso", m, 2), 0);
	CHECK_EQ_INT(symbi_kb_suggest_municipality(kb, "Olso", m, 1), 1);
	CHECK_EQ_INT(m[0], 0);
	CHECK_NEAR(symbi_municipality_reach_km(symbi_kb_municipality(kb, 0)), 56.07, 0.01);

	symbi_dataset *ds;
	symbi_diags *dg;
	/* Oslo's centroid to (59.91, 10.75): 7.8 km, inside. (63.43, 10.39):
	 * 384 km, beyond 56 km. (10.75, 59.91) swapped. */
	int rc = load(kb,
	              "firm_id,name,lat,lon,kommune\n"
	              "a,A,,,oslo\n"
	              "b,B,,,1818\n"
	              "c,C,59.91,10.75,Oslo\n"
	              "d,D,63.43,10.39,Oslo\n"
	              "e,E,10.75,59.91,Oslo\n"
	              "f,F,10.7,59.9,\n"
	              "g,G,59.91,10.75,Olso\n"
	              "h,H,62.30,5.68,Herøy\n"
	              "i,I,60.43109,10.73926,Oslo\n"  /* 50.0 km north: within 56.07 */
	              "j,J,60.52103,10.73926,Oslo\n", /* 60.0 km north: beyond */
	              "firm_id,direction,resource,quantity,unit\n"
	              "a,supply,ewc:030105,1,t\nb,supply,ewc:030105,1,t\nc,supply,ewc:030105,1,t\n"
	              "d,supply,ewc:030105,1,t\ne,supply,ewc:030105,1,t\nf,supply,ewc:030105,1,t\n"
	              "g,supply,ewc:030105,1,t\nh,supply,ewc:030105,1,t\ni,supply,ewc:030105,1,t\n"
	              "j,supply,ewc:030105,1,t\n",
	              &ds, &dg);
	CHECK_EQ_INT(rc, 0);
	if (rc == 0) {
		CHECK_NEAR(symbi_dataset_firm(ds, 0)->lat, 59.98139, 0);
		CHECK_NEAR(symbi_dataset_firm(ds, 0)->lon, 10.73926, 0);
		CHECK_NEAR(symbi_dataset_firm(ds, 1)->lat, 65.98753, 0);
		CHECK_STR(symbi_dataset_firm(ds, 0)->municipality, "oslo");
	}
	CHECK(has_diag(dg, SYMBI_SEV_WARNING, 2, NULL,
	               "firm 'a' has no lat and lon: placed at the centroid of Oslo (0301), so its "
	               "distances are approximate"));
	CHECK(has_diag(dg, SYMBI_SEV_WARNING, 3, NULL, "placed at the centroid of Herøy (1818)"));
	CHECK(!has_diag(dg, SYMBI_SEV_WARNING, 4, NULL, ""));
	CHECK(has_diag(dg, SYMBI_SEV_WARNING, 5, NULL,
	               "(63.43, 10.39) is 384 km from the centroid of Oslo (0301), farther than any "
	               "point of it (56 km)"));
	CHECK(has_diag(dg, SYMBI_SEV_WARNING, 6, NULL,
	               "lat 10.75 and lon 59.91 look swapped: (10.75, 59.91) is 6797 km from Oslo "
	               "(0301), (59.91, 10.75) lies in it"));
	CHECK(has_diag(dg, SYMBI_SEV_WARNING, 7, NULL,
	               "lat 10.7 and lon 59.9 look swapped: (10.7, 59.9) lies outside Norway"));
	CHECK(has_diag(dg, SYMBI_SEV_WARNING, 8, "municipality",
	               "'Olso' is not a Norwegian municipality; did you mean 'Oslo' (0301)"));
	/* Herøy names two: the nearer one is within reach, no warning. */
	CHECK(!has_diag(dg, SYMBI_SEV_WARNING, 9, NULL, ""));
	CHECK(!has_diag(dg, SYMBI_SEV_WARNING, 10, NULL, ""));
	CHECK(has_diag(dg, SYMBI_SEV_WARNING, 11, NULL,
	               "(60.52103, 10.73926) is 60 km from the centroid of Oslo (0301)"));
	CHECK_EQ_INT(symbi_diags_errors(dg), 0);
	symbi_diags_free(dg);
	symbi_dataset_free(ds);

	rc = load(kb,
	          "firm_id,name,lat,lon,municipality\n"
	          "a,A,,,Olso\n"
	          "b,B,,,Herøy\n"
	          "c,C,,10.7,Oslo\n",
	          "firm_id,direction,resource,quantity,unit\n"
	          "a,supply,ewc:030105,1,t\nb,supply,ewc:030105,1,t\nc,supply,ewc:030105,1,t\n",
	          &ds, &dg);
	CHECK_EQ_INT(rc, SYMBI_EINPUT);
	CHECK(has_diag(dg, SYMBI_SEV_ERROR, 2, "municipality",
	               "'Olso' is not a Norwegian municipality (name or number), so the firm cannot "
	               "be placed without lat and lon; did you mean 'Oslo' (0301)"));
	CHECK(has_diag(dg, SYMBI_SEV_ERROR, 3, "municipality",
	               "'Herøy' names two municipalities (1515 and 1818): give its number"));
	/* Half a position is not placed by the municipality. */
	CHECK(has_diag(dg, SYMBI_SEV_ERROR, 4, "lat", "missing value (required)"));
	CHECK_EQ_INT(symbi_diags_errors(dg), 3);
	symbi_diags_free(dg);
	symbi_dataset_free(ds);
}

int main(void)
{
	test_units();
	test_casecmp();
	symbi_kb *kb = tiny_kb();
	CHECK(kb != NULL);
	if (kb && fixture_open("words")) {
		test_norwegian(kb);
		test_typos(kb);
		test_nace_zero(kb);
		char munis_path[160];
		snprintf(munis_path, sizeof munis_path, "%s/munis.csv", tmpdir);
		write_file(munis_path, munis_csv);
		symbi_kb *pk = NULL;
		CHECK_EQ_INT(symbi_kb_new(&pk), 0);
		CHECK_EQ_INT(symbi__kb_add_code(pk, "ewc:030105", "Sawdust", -1, SYMBI_CLASS_MATERIAL,
		                                SYMBI_DIM_MASS),
		             0);
		CHECK_EQ_INT(symbi_kb_load_municipalities(pk, munis_path, NULL), 0);
		CHECK_EQ_INT(symbi_kb_finish(pk, NULL), 0);
		test_places(pk);
		symbi_kb_free(pk);
		unlink(munis_path);
		fixture_close();
	}
	symbi_kb_free(kb);
	printf("%d checks, %d failed\n", unit_checks, unit_failures);
	return unit_failures > 100 ? 100 : unit_failures;
}
