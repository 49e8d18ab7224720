/*
 * test_output.c: the GeoJSON, CSV, GraphML and HTML writers on a dataset
 * built by code, with answers worked out by hand:
 *
 *   A "Saw, "mill"" at 60.0 N 10.0 E supplies 100 t/yr of sawdust (ewc:030105)
 *   B "Board <maker> & Co" at 60.1 N 10.0 E needs 60 t/yr of it
 *   C "Лесопилка 木材" at 61.0 N 11.0 E declares nothing
 *
 * gives exactly one partnership A -> B of min(100, 60) = 60 t/yr over
 * 0.1 degree of latitude = 6371.0088 * 0.1 * pi / 180 = 11.1195 km; the
 * allocation gives it all 60 t.
 */
#define _GNU_SOURCE /* open_memstream */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "symbi/symbi.h"
#include "unit.h"

/* The output of writer(f, m) as a NUL-terminated string (caller frees). */
typedef int (*writer_fn)(FILE *f, const symbi_matches *m);
static char *capture(writer_fn fn, const symbi_matches *m, int *rc)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	*rc = fn(f, m);
	fclose(f);
	return buf;
}

static int write_report_default(FILE *f, const symbi_matches *m)
{
	symbi_report_options ro = SYMBI_REPORT_OPTIONS_INIT;
	ro.dataset = "test <set>";
	ro.lang = "en";
	return symbi_write_report(f, m, &ro, NULL);
}

/* Without --lang: the firms lie in Norway, so bokmål. */
static int write_report_auto(FILE *f, const symbi_matches *m)
{
	symbi_report_options ro = SYMBI_REPORT_OPTIONS_INIT;
	return symbi_write_report(f, m, &ro, NULL);
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

static symbi_dataset *build(symbi_kb *kb)
{
	symbi_dataset *ds = NULL;
	if (symbi_dataset_new(&ds, kb))
		return NULL;
	int32_t saw = symbi_kb_find(kb, "ewc:030105");
	CHECK(saw >= 0);
	symbi_firm f;
	memset(&f, 0, sizeof f);
	uint32_t ia, ib, ic, is;
	f.id = "A";
	f.name = "Saw, \"mill\"";
	f.lat = 60.0;
	f.lon = 10.0;
	f.nace = "16.10";
	f.employees = -1;
	CHECK_EQ_INT(symbi_dataset_add_firm(ds, &f, "Innlandet", &ia), 0);
	f.id = "B";
	f.name = "Board <maker> & Co";
	f.lat = 60.1;
	f.nace = NULL;
	f.municipality = "Hamar";
	CHECK_EQ_INT(symbi_dataset_add_firm(ds, &f, "Innlandet", &ib), 0);
	f.id = "C";
	f.name = "Лесопилка 木材\tand\x01more";
	f.lat = 61.0;
	f.lon = 11.0;
	f.municipality = NULL;
	CHECK_EQ_INT(symbi_dataset_add_firm(ds, &f, NULL, &ic), 0);

	symbi_stream s;
	memset(&s, 0, sizeof s);
	s.id = "A/1";
	s.firm = ia;
	s.direction = SYMBI_SUPPLY;
	s.code = saw;
	s.dim = SYMBI_DIM_MASS;
	s.quantity = 100;
	s.temp_c = NAN;
	s.months = SYMBI_MONTHS_ALL;
	s.disposal_cost = 500; /* NOK/t: the value is positive, so the allocation takes it */
	s.purchase_price = NAN;
	s.max_km = NAN;
	CHECK_EQ_INT(symbi_dataset_add_stream(ds, &s, &is), 0);
	s.id = "B/1";
	s.firm = ib;
	s.direction = SYMBI_DEMAND;
	s.quantity = 60;
	CHECK_EQ_INT(symbi_dataset_add_stream(ds, &s, &is), 0);
	CHECK_EQ_INT(symbi_dataset_finish(ds, NULL), 0);
	return ds;
}

static void check_geojson(const symbi_matches *m, bool allocated)
{
	int rc = -99;
	char *out = capture(symbi_write_geojson, m, &rc);
	CHECK_EQ_INT(rc, 0);
	CHECK(out != NULL);
	cJSON *doc = out ? cJSON_Parse(out) : NULL;
	CHECK(doc != NULL);
	if (!doc) {
		free(out);
		return;
	}
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(doc, "type")), "FeatureCollection");
	cJSON *feats = cJSON_GetObjectItem(doc, "features");
	CHECK_EQ_INT(cJSON_GetArraySize(feats), 4); /* 3 firms + 1 partnership */
	cJSON *a = cJSON_GetArrayItem(feats, 0);
	cJSON *ag = cJSON_GetObjectItem(a, "geometry");
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(ag, "type")), "Point");
	cJSON *ac = cJSON_GetObjectItem(ag, "coordinates");
	/* RFC 7946: longitude first. */
	CHECK_NEAR(cJSON_GetArrayItem(ac, 0)->valuedouble, 10.0, 1e-9);
	CHECK_NEAR(cJSON_GetArrayItem(ac, 1)->valuedouble, 60.0, 1e-9);
	cJSON *ap = cJSON_GetObjectItem(a, "properties");
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(ap, "name")), "Saw, \"mill\"");
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(ap, "nace")), "16.10");
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(ap, "region")), "Innlandet");
	CHECK(cJSON_IsNull(cJSON_GetObjectItem(ap, "municipality")));
	cJSON *sup = cJSON_GetObjectItem(ap, "supplies");
	CHECK_EQ_INT(cJSON_GetArraySize(sup), 1);
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(sup, 0), "resource")),
	          "ewc:030105");
	CHECK_EQ_INT(cJSON_GetArraySize(cJSON_GetObjectItem(ap, "demands")), 0);
	cJSON *cp = cJSON_GetObjectItem(cJSON_GetArrayItem(feats, 2), "properties");
	CHECK(cJSON_IsNull(cJSON_GetObjectItem(cp, "region")));
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(cp, "name")),
	          "Лесопилка 木材\tand\x01more");

	cJSON *p = cJSON_GetArrayItem(feats, 3);
	cJSON *pg = cJSON_GetObjectItem(p, "geometry");
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(pg, "type")), "LineString");
	cJSON *pc = cJSON_GetObjectItem(pg, "coordinates");
	CHECK_EQ_INT(cJSON_GetArraySize(pc), 2);
	CHECK_NEAR(cJSON_GetArrayItem(cJSON_GetArrayItem(pc, 0), 0)->valuedouble, 10.0, 1e-9);
	CHECK_NEAR(cJSON_GetArrayItem(cJSON_GetArrayItem(pc, 0), 1)->valuedouble, 60.0, 1e-9);
	CHECK_NEAR(cJSON_GetArrayItem(cJSON_GetArrayItem(pc, 1), 1)->valuedouble, 60.1, 1e-9);
	cJSON *pp = cJSON_GetObjectItem(p, "properties");
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(pp, "id")), "A/1->B/1");
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(pp, "resource")), "ewc:030105");
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(pp, "receiver_resource")), "ewc:030105");
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(pp, "basis")), "declared");
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(pp, "unit")), "t/yr");
	CHECK_NEAR(cJSON_GetObjectItem(pp, "quantity")->valuedouble, 60.0, 1e-9);
	CHECK_NEAR(cJSON_GetObjectItem(pp, "distance_km")->valuedouble, 11.1195, 0.001);
	CHECK_STR(
	    cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(pp, "receiver"), "name")),
	    "Board <maker> & Co");
	cJSON *al = cJSON_GetObjectItem(pp, "allocated");
	if (allocated)
		CHECK(al && cJSON_IsNumber(al) && fabs(al->valuedouble - 60.0) < 1e-9);
	else
		CHECK(al == NULL);
	/* One feature per line: the frame, 4 features, the close. */
	CHECK_EQ_INT(count(out, "\n"), 6);
	cJSON_Delete(doc);
	free(out);
}

static void check_csv(const symbi_matches *m, bool allocated)
{
	int rc = -99;
	char *out = capture(symbi_write_partnerships_csv, m, &rc);
	CHECK_EQ_INT(rc, 0);
	if (!out)
		return;
	const char *header =
	    "id,supplier_firm_id,supplier_name,supply_stream_id,receiver_firm_id,receiver_name,"
	    "demand_stream_id,resource,receiver_resource,basis,quantity,unit,distance_km,route_km,"
	    "transport_nok,avoided_disposal_nok,avoided_purchase_nok,value_nok,transport_co2e_t,"
	    "avoided_co2e_t,co2e_t,score,allocated,mode,rule_source,rule_conditions\n";
	CHECK(strncmp(out, header, strlen(header)) == 0);
	CHECK_EQ_INT(count(out, "\n"), 2);
	const char *row = out + strlen(header);
	/* The comma and the quotes of A's name force quoting, quotes doubled. */
	const char *start = "A/1->B/1,A,\"Saw, \"\"mill\"\"\",A/1,B,Board <maker> & Co,B/1,"
	                    "ewc:030105,ewc:030105,declared,60,t/yr,11.";
	CHECK(strncmp(row, start, strlen(start)) == 0);
	/* allocated is the 23rd field: empty without the allocation. */
	CHECK(strstr(row, allocated ? ",60,road," : ",,road,") != NULL);
	free(out);
}

static void check_graphml(const symbi_matches *m)
{
	int rc = -99;
	char *out = capture(symbi_write_graphml, m, &rc);
	CHECK_EQ_INT(rc, 0);
	if (!out)
		return;
	CHECK(strstr(out, "<graphml") != NULL);
	CHECK_EQ_INT(count(out, "<node "), 3);
	CHECK_EQ_INT(count(out, "<edge "), 1);
	CHECK(strstr(out, "edgedefault=\"directed\"") != NULL);
	CHECK(strstr(out, "attr.name=\"lat\"") != NULL);
	CHECK(strstr(out, "attr.name=\"value_nok\"") != NULL);
	CHECK(strstr(out, "Board &lt;maker&gt; &amp; Co") != NULL);
	CHECK(strstr(out, "Board <maker>") == NULL);
	CHECK(strstr(out, "<edge source=\"n0\" target=\"n1\"") != NULL);
	/* Control characters cannot be in XML 1.0: they become spaces. */
	CHECK(strstr(out, "Лесопилка 木材 and more") != NULL);
	free(out);
}

static void check_report(const symbi_matches *m, bool allocated)
{
	int rc = -99;
	char *out = capture(write_report_default, m, &rc);
	CHECK_EQ_INT(rc, 0);
	if (!out)
		return;
	CHECK(strncmp(out, "<!DOCTYPE html>", 15) == 0);
	CHECK(strstr(out, "</html>\n") != NULL);
	CHECK_EQ_INT(count(out, "<circle class=\"firm"), 3);
	CHECK_EQ_INT(count(out, "<path class=\"partnership"), 1);
	CHECK_EQ_INT(count(out, "<script"), 1);
	CHECK(strstr(out, "Board <maker>") == NULL);
	CHECK(strstr(out, "Board &lt;maker&gt; &amp; Co") != NULL);
	CHECK(strstr(out, "Saw, &quot;mill&quot;") != NULL);
	CHECK(strstr(out, "test &lt;set&gt;") != NULL);
	CHECK(strstr(out, "Лесопилка 木材 and more") != NULL);
	CHECK(strstr(out, "data-id=\"A/1-&gt;B/1\"") != NULL);
	CHECK(strstr(out, "http://") == NULL ||
	      strstr(out, "xmlns=\"http://www.w3.org/2000/svg\""));
	CHECK(strstr(out, "src=") == NULL);
	/* The headline counts what was moved: 60 t either way. */
	CHECK(strstr(out, "<div class=\"v\">60</div><div class=\"l\">tonnes moved") != NULL);
	CHECK((strstr(out, "partnerships in the plan (of 1 candidates)") != NULL) == allocated);
	CHECK(strstr(out, "<html lang=\"en\">") != NULL);
	/* The title is the one given (here the default), never with the dataset. */
	CHECK(strstr(out, "<title>Industrial symbiosis report</title>") != NULL);
	free(out);
	out = capture(write_report_auto, m, &rc);
	CHECK_EQ_INT(rc, 0);
	if (!out)
		return;
	CHECK(strstr(out, "<html lang=\"nb\">") != NULL);
	CHECK(strstr(out, "<div class=\"v\">60</div><div class=\"l\">tonn flyttet per år") != NULL);
	CHECK(strstr(out, "<title>Rapport om industriell symbiose</title>") != NULL);
	CHECK(strstr(out, "<g class=\"basemap\"></g>") != NULL);
	free(out);
}

/* Municipality labels: names inside the frame drawn (escaped), those
 * outside left out; a file without the needed columns is bad input. */
static void check_municipalities(const symbi_matches *m)
{
	char path[] = "/tmp/symbi-munis-XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	if (fd < 0)
		return;
	FILE *f = fdopen(fd, "w");
	fputs("kommunenummer,name,lat,lon\n"
	      "1,\"Inside <&> \"\"town\"\"\",60.05,10.2\n"
	      "2,Faraway,70.0,25.0\n",
	      f);
	fclose(f);
	symbi_report_options ro = SYMBI_REPORT_OPTIONS_INIT;
	ro.municipalities = path;
	char *buf = NULL;
	size_t len = 0;
	FILE *o = open_memstream(&buf, &len);
	CHECK_EQ_INT(symbi_write_report(o, m, &ro, NULL), 0);
	fclose(o);
	CHECK(buf && strstr(buf, ">Inside &lt;&amp;&gt; &quot;town&quot;</text>") != NULL);
	CHECK(buf && strstr(buf, "Faraway") == NULL);
	free(buf);

	f = fopen(path, "w");
	fputs("kommunenummer,navn\n1,Hamar\n", f);
	fclose(f);
	symbi_diags *d = NULL;
	CHECK_EQ_INT(symbi_diags_new(&d, 10), 0);
	buf = NULL;
	o = open_memstream(&buf, &len);
	CHECK_EQ_INT(symbi_write_report(o, m, &ro, d), SYMBI_EINPUT);
	fclose(o);
	CHECK(symbi_diags_errors(d) >= 1);
	free(buf);
	symbi_diags_free(d);
	remove(path);
}

static int write_to_readonly(writer_fn fn, const symbi_matches *m)
{
	FILE *f = fopen("/dev/null", "r");
	if (!f)
		return -99;
	setvbuf(f, NULL, _IONBF, 0);
	int rc = fn(f, m);
	fclose(f);
	return rc;
}

int main(void)
{
	const char *dir = getenv("SYMBI_DATADIR");
	symbi_kb *kb = NULL;
	symbi_diags *d = NULL;
	CHECK(dir != NULL);
	if (!dir || symbi_kb_new(&kb) || symbi_diags_new(&d, 20))
		return UNIT_DONE();
	CHECK_EQ_INT(symbi_kb_load_dir(kb, dir, d), 0);
	CHECK_EQ_INT(symbi_kb_finish(kb, d), 0);
	symbi_dataset *ds = build(kb);
	CHECK(ds != NULL);
	symbi_matches *m = NULL;
	symbi_match_options mo = SYMBI_MATCH_OPTIONS_INIT;
	mo.threads = 1;
	if (ds)
		CHECK_EQ_INT(symbi_match(&m, ds, &mo), 0);
	CHECK(m != NULL);
	if (m) {
		CHECK_EQ_INT(symbi_matches_count(m), 1);
		check_geojson(m, false);
		check_csv(m, false);
		check_graphml(m);
		check_report(m, false);
		check_municipalities(m);

		/* Writing to a stream that refuses writes is an I/O error. */
		CHECK_EQ_INT(write_to_readonly(symbi_write_geojson, m), SYMBI_EIO);
		CHECK_EQ_INT(write_to_readonly(symbi_write_partnerships_csv, m), SYMBI_EIO);
		CHECK_EQ_INT(write_to_readonly(symbi_write_graphml, m), SYMBI_EIO);
		CHECK_EQ_INT(write_to_readonly(write_report_default, m), SYMBI_EIO);

		symbi_allocation_summary sum;
		CHECK_EQ_INT(symbi_allocate(m, SYMBI_OBJECTIVE_VALUE, &sum), 0);
		CHECK_NEAR(symbi_matches_get(m, 0)->allocated, 60.0, 1e-6);
		check_geojson(m, true);
		check_csv(m, true);
		check_report(m, true);

		/* Same matches, same bytes. */
		int r1, r2;
		char *x = capture(symbi_write_graphml, m, &r1),
		     *y = capture(symbi_write_graphml, m, &r2);
		CHECK(x && y && strcmp(x, y) == 0);
		free(x);
		free(y);
		x = capture(write_report_default, m, &r1);
		y = capture(write_report_default, m, &r2);
		CHECK(x && y && strcmp(x, y) == 0);
		free(x);
		free(y);
	}
	symbi_matches_free(m);
	symbi_dataset_free(ds);
	symbi_kb_free(kb);
	symbi_diags_free(d);
	return UNIT_DONE();
}
