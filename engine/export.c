/*
 * export.c: the partnerships and firms of a match for other tools — GeoJSON
 * for maps (QGIS, geojson.io, Leaflet), GraphML for network tools (Gephi,
 * Cytoscape, networkx, igraph) and CSV for spreadsheets.
 *
 * Every writer takes the matches (and through them the dataset and the
 * knowledge base), writes one whole document to a FILE* the caller opened,
 * and returns 0 or a negative SYMBI_E* code with the message set. Output
 * order is the order of the firms in the dataset and of the candidates in
 * the matches, both deterministic, so the same input gives the same bytes.
 *
 * Libraries do the format work: cJSON writes every JSON value (streamed one
 * feature at a time, so memory stays bounded by one feature), igraph writes
 * the GraphML, libcsv quotes the CSV fields.
 */
#include <cjson/cJSON.h>
#include <igraph.h>
#include <string.h>

#include "conventions.h"
#include "csvio.h"
#include "json_internal.h"
#include "legal.h"

/* ==== Numbers ========================================================================
 * The figures are rounded as `symbi match` rounds them (symbi__round in
 * json_out.c): quantities to 3 decimals, km to 2, NOK to whole kroner, t CO2e
 * to 3, so an export and the match JSON agree to the last digit. Positions
 * keep 6 decimals (0.1 m; RFC 7946 section 11.2). */

static int score_dec(const symbi_matches *m)
{
	return symbi_matches_options(m)->objective == SYMBI_OBJECTIVE_CO2 ? SYMBI__DEC_CO2E
	                                                                  : SYMBI__DEC_NOK;
}

/* `x` rounded to `dec` decimals, written without trailing zeros into buf
 * (at least 64 bytes): "1234.5", "12"; "" when x is not finite. */
static void fmt_num(char *buf, size_t size, double x, int dec)
{
	if (!isfinite(x)) {
		buf[0] = '\0';
		return;
	}
	x = symbi__round(x, dec);
	int n = snprintf(buf, size, "%.*f", dec, x);
	if (n <= 0 || (size_t)n >= size) {
		snprintf(buf, size, "%.17g", x);
		return;
	}
	char *dot = strchr(buf, '.');
	if (dot) {
		char *end = buf + n - 1;
		while (end > dot && *end == '0')
			*end-- = '\0';
		if (end == dot)
			*end = '\0';
	}
}

/* ==== Names shared by the writers ====================================================== */

static const char *code_str(const symbi_kb *kb, int32_t code)
{
	const symbi_code *c = code >= 0 ? symbi_kb_code(kb, code) : NULL;
	return c ? c->code : "";
}

static const char *basis_str(symbi_basis b)
{
	return b == SYMBI_BASIS_SECTOR ? "sector" : "declared";
}

static const char *region_str(const symbi_dataset *ds, const symbi_firm *f)
{
	return f->region >= 0 ? symbi_dataset_region(ds, f->region) : NULL;
}

/* The resource of a candidate: its supply's code, or for demand-side
 * sector potential (no supply stream) the demand's. */
static int32_t cand_code(const symbi_dataset *ds, const symbi_candidate *c)
{
	return c->supply == SYMBI_NONE ? symbi_dataset_stream(ds, c->demand)->code
	                               : symbi_dataset_stream(ds, c->supply)->code;
}

/* The id of candidate i into *buf (grown as needed: stream ids have no
 * length limit). Returns 0 or a negative code with the message set. */
static int cand_id(const symbi_matches *m, size_t i, char **buf, size_t *cap)
{
	const symbi_dataset *ds = symbi_matches_dataset(m);
	const symbi_candidate *c = symbi_matches_get(m, i);
	size_t need = 5 +
	              (c->supply == SYMBI_NONE ? strlen(symbi_dataset_firm(ds, c->supplier)->id)
	                                       : strlen(symbi_dataset_stream(ds, c->supply)->id)) +
	              (c->demand == SYMBI_NONE ? strlen(symbi_dataset_firm(ds, c->receiver)->id)
	                                       : strlen(symbi_dataset_stream(ds, c->demand)->id));
	if (symbi__grow((void **)buf, cap, need, 1))
		return SYMBI_ENOMEM;
	if (symbi_candidate_id(m, i, *buf, *cap) != 0)
		return symbi__error(SYMBI_EINTERNAL, "partnership id of candidate %zu too long", i);
	return 0;
}

/* True when symbi_allocate ran on `m`: then declared candidates carry a
 * finite `allocated` (sector candidates stay NAN). */
static bool allocation_ran(const symbi_matches *m)
{
	size_t n = symbi_matches_count(m);
	for (size_t i = 0; i < n; i++)
		if (!isnan(symbi_matches_get(m, i)->allocated))
			return true;
	return false;
}

/* ==== GeoJSON ===========================================================================
 * RFC 7946: a FeatureCollection whose positions are [longitude, latitude] in
 * WGS84. The collection's frame is constant text; every value inside it is
 * built and printed by cJSON, one feature per line, then freed. */

/* cJSON's Add* functions return NULL on failure; `ok` collects those. */
#define ADD(expr) (ok = ok && (expr) != NULL)

/* [lon, lat]: RFC 7946 section 3.1.1 puts longitude first. */
static cJSON *position(double lon, double lat)
{
	cJSON *a = cJSON_CreateArray();
	cJSON *x = symbi__json_number(symbi__round(lon, SYMBI__DEC_POS)),
	      *y = symbi__json_number(symbi__round(lat, SYMBI__DEC_POS));
	if (a && x && y && cJSON_AddItemToArray(a, x)) {
		if (cJSON_AddItemToArray(a, y))
			return a;
		x = NULL; /* a holds it */
	}
	cJSON_Delete(x);
	cJSON_Delete(y);
	cJSON_Delete(a);
	return NULL;
}

static cJSON *point(double lon, double lat)
{
	cJSON *g = cJSON_CreateObject();
	cJSON *c = position(lon, lat);
	bool ok = g && c;
	ADD(cJSON_AddStringToObject(g, "type", "Point"));
	if (ok && cJSON_AddItemToObject(g, "coordinates", c))
		return g;
	cJSON_Delete(c);
	cJSON_Delete(g);
	return NULL;
}

/* Print `item` unformatted, then `tail`; consumes `item`. */
static int emit(FILE *f, cJSON *item, const char *tail)
{
	if (!item)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	char *s = cJSON_PrintUnformatted(item);
	cJSON_Delete(item);
	if (!s)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	int bad = fputs(s, f) == EOF || fputs(tail, f) == EOF;
	cJSON_free(s);
	return bad ? symbi__error(SYMBI_EIO, "write error") : 0;
}

/* The streams of one direction of firm `fi`: [{stream_id, resource, quantity, unit}]. */
static cJSON *firm_streams(const symbi_dataset *ds, uint32_t fi, symbi_direction dir)
{
	const symbi_kb *kb = symbi_dataset_kb(ds);
	const symbi_firm *f = symbi_dataset_firm(ds, fi);
	cJSON *a = cJSON_CreateArray();
	bool ok = a != NULL;
	for (uint32_t k = 0; ok && k < f->n_streams; k++) {
		const symbi_stream *s =
		    symbi_dataset_stream(ds, symbi_dataset_firm_stream(ds, fi, k));
		if (s->direction != dir)
			continue;
		const char *unit = symbi__unit_per_year(s->dim);
		cJSON *o = cJSON_CreateObject();
		ok = o && cJSON_AddItemToArray(a, o);
		if (!ok) {
			cJSON_Delete(o);
			break;
		}
		ADD(cJSON_AddStringToObject(o, "stream_id", s->id));
		ADD(cJSON_AddStringToObject(o, "resource", code_str(kb, s->code)));
		ADD(symbi__json_num(o, "quantity", s->quantity, SYMBI__DEC_QTY));
		ADD(cJSON_AddStringToObject(o, "unit", unit));
	}
	if (!ok) {
		cJSON_Delete(a);
		return NULL;
	}
	return a;
}

static cJSON *firm_feature(const symbi_dataset *ds, uint32_t fi)
{
	const symbi_firm *f = symbi_dataset_firm(ds, fi);
	cJSON *feat = cJSON_CreateObject(), *props = NULL;
	bool ok = feat != NULL;
	ADD(cJSON_AddStringToObject(feat, "type", "Feature"));
	ADD(cJSON_AddStringToObject(feat, "id", f->id));
	if (ok) {
		cJSON *geom = point(f->lon, f->lat);
		ok = geom && cJSON_AddItemToObject(feat, "geometry", geom);
		if (!ok)
			cJSON_Delete(geom);
	}
	ADD(props = cJSON_AddObjectToObject(feat, "properties"));
	ADD(cJSON_AddStringToObject(props, "kind", "firm"));
	ADD(cJSON_AddStringToObject(props, "firm_id", f->id));
	ADD(cJSON_AddStringToObject(props, "name", f->name));
	ADD(symbi__json_str(props, "nace", f->nace));
	ADD(symbi__json_str(props, "region", region_str(ds, f)));
	ADD(symbi__json_str(props, "municipality", f->municipality));
	for (int dir = 0; ok && dir < 2; dir++) {
		cJSON *a = firm_streams(ds, fi, (symbi_direction)dir);
		ok = a &&
		     cJSON_AddItemToObject(props, dir == SYMBI_SUPPLY ? "supplies" : "demands", a);
		if (!ok)
			cJSON_Delete(a);
	}
	if (!ok) {
		cJSON_Delete(feat);
		return NULL;
	}
	return feat;
}

/* A partnership as a LineString from supplier to receiver. Its properties
 * are "kind" followed by the very object `symbi match` writes for it
 * (without "explain"), so the keys and the rounding agree. */
static cJSON *partnership_feature(const symbi_matches *m, const symbi__scorer *sc, size_t i,
                                  const char *id, bool allocated)
{
	const symbi_dataset *ds = symbi_matches_dataset(m);
	const symbi_candidate *c = symbi_matches_get(m, i);
	const symbi_firm *a = symbi_dataset_firm(ds, c->supplier);
	const symbi_firm *b = symbi_dataset_firm(ds, c->receiver);

	/* Each part is attached as soon as it is made, so that deleting `feat`
	 * frees everything whatever fails. */
	cJSON *feat = cJSON_CreateObject(), *geom = NULL, *coords = NULL, *props = NULL;
	bool ok = feat != NULL;
	ADD(cJSON_AddStringToObject(feat, "type", "Feature"));
	ADD(cJSON_AddStringToObject(feat, "id", id));
	ADD(geom = cJSON_AddObjectToObject(feat, "geometry"));
	ADD(cJSON_AddStringToObject(geom, "type", "LineString"));
	ADD(coords = cJSON_AddArrayToObject(geom, "coordinates"));
	ADD(props = cJSON_AddObjectToObject(feat, "properties"));
	for (int end = 0; ok && end < 2; end++) {
		const symbi_firm *fm = end ? b : a;
		cJSON *pos = position(fm->lon, fm->lat);
		ok = pos && cJSON_AddItemToArray(coords, pos);
		if (!ok)
			cJSON_Delete(pos);
	}
	ADD(cJSON_AddStringToObject(props, "kind", "partnership"));
	cJSON *src = ok ? symbi__partnership_json(m, i, sc, false, allocated) : NULL;
	ok = ok && src != NULL;
	/* Move the members over; a detached member keeps its key. */
	for (cJSON *item; ok && (item = cJSON_DetachItemFromArray(src, 0)) != NULL;)
		ok = cJSON_AddItemToArray(props, item);
	cJSON_Delete(src);
	if (!ok) {
		cJSON_Delete(feat);
		return NULL;
	}
	return feat;
}

int symbi_write_geojson(FILE *f, const symbi_matches *m)
{
	const symbi_dataset *ds = symbi_matches_dataset(m);
	size_t nf = symbi_dataset_firm_count(ds), np = symbi_matches_count(m);
	bool allocated = allocation_ran(m);
	char *id = NULL;
	size_t cap = 0;
	int rc = 0;
	symbi__scorer sc;
	symbi__scorer_init(&sc, symbi_dataset_kb(ds));
	if (fputs("{\"type\":\"FeatureCollection\",\"features\":[\n", f) == EOF)
		return symbi__error(SYMBI_EIO, "write error");
	for (size_t i = 0; !rc && i < nf + np; i++) {
		const char *tail = i + 1 < nf + np ? ",\n" : "\n";
		if (i < nf) {
			rc = emit(f, firm_feature(ds, (uint32_t)i), tail);
		} else {
			rc = cand_id(m, i - nf, &id, &cap);
			if (!rc)
				rc = emit(f, partnership_feature(m, &sc, i - nf, id, allocated),
				          tail);
		}
	}
	free(id);
	if (!rc && fputs("]}\n", f) == EOF)
		rc = symbi__error(SYMBI_EIO, "write error");
	return rc;
}

/* ==== CSV ================================================================================
 * One row per candidate, every field through libcsv's quoting. Columns are
 * documented in the README; new ones go at the end. */

static const char *const csv_header[] = {
    "id",
    "supplier_firm_id",
    "supplier_name",
    "supply_stream_id",
    "receiver_firm_id",
    "receiver_name",
    "demand_stream_id",
    "resource",
    "receiver_resource",
    "basis",
    "quantity",
    "unit",
    "distance_km",
    "route_km",
    "transport_nok",
    "avoided_disposal_nok",
    "avoided_purchase_nok",
    "value_nok",
    "transport_co2e_t",
    "avoided_co2e_t",
    "co2e_t",
    "score",
    "allocated",
    "mode",
    "rule_source",
    "rule_conditions",
};
#define CSV_COLUMNS (sizeof csv_header / sizeof *csv_header)

int symbi_write_partnerships_csv(FILE *f, const symbi_matches *m)
{
	const symbi_dataset *ds = symbi_matches_dataset(m);
	const symbi_kb *kb = symbi_dataset_kb(ds);
	char *id = NULL;
	size_t cap = 0;
	int rc = 0;
	for (size_t k = 0; !rc && k < CSV_COLUMNS; k++)
		rc = symbi__csv_put(f, csv_header[k], k + 1 < CSV_COLUMNS ? ',' : '\n');
	size_t n = symbi_matches_count(m);
	for (size_t i = 0; !rc && i < n; i++) {
		const symbi_candidate *c = symbi_matches_get(m, i);
		const symbi_firm *a = symbi_dataset_firm(ds, c->supplier);
		const symbi_firm *b = symbi_dataset_firm(ds, c->receiver);
		const symbi_rule *rule = c->rule >= 0 ? symbi_kb_rule(kb, (size_t)c->rule) : NULL;
		/* The rule's conditions, else what the law asks (legal.c). */
		const char *conditions = rule && rule->conditions
		                             ? rule->conditions
		                             : symbi__legal_conditions(kb, ds, c, false);
		char num[12][64];
		rc = cand_id(m, i, &id, &cap);
		if (rc)
			break;
		const char *unit = symbi__unit_per_year(c->dim);
		/* A CO2e that is not estimated is an empty cell, never a number. */
		bool no_co2e = (c->flags & SYMBI_CANDIDATE_NO_CO2E) != 0;
		const double figs[12] = {c->quantity,
		                         c->distance_km,
		                         c->route_km,
		                         c->transport_nok,
		                         c->avoided_disposal_nok,
		                         c->avoided_purchase_nok,
		                         c->value_nok,
		                         c->transport_co2e_t,
		                         no_co2e ? NAN : c->avoided_co2e_t,
		                         no_co2e ? NAN : c->co2e_t,
		                         c->score,
		                         c->allocated};
		const int decs[12] = {SYMBI__DEC_QTY,  SYMBI__DEC_KM,   SYMBI__DEC_KM,
		                      SYMBI__DEC_NOK,  SYMBI__DEC_NOK,  SYMBI__DEC_NOK,
		                      SYMBI__DEC_NOK,  SYMBI__DEC_CO2E, SYMBI__DEC_CO2E,
		                      SYMBI__DEC_CO2E, score_dec(m),    SYMBI__DEC_QTY};
		for (size_t k = 0; k < 12; k++)
			fmt_num(num[k], sizeof num[k], figs[k], decs[k]);
		const char *row[CSV_COLUMNS] = {
		    id,
		    a->id,
		    a->name,
		    c->supply == SYMBI_NONE ? "" : symbi_dataset_stream(ds, c->supply)->id,
		    b->id,
		    b->name,
		    c->demand == SYMBI_NONE ? "" : symbi_dataset_stream(ds, c->demand)->id,
		    code_str(kb, cand_code(ds, c)),
		    code_str(kb, c->receiver_code),
		    basis_str(c->basis),
		    num[0],
		    unit,
		    num[1],
		    num[2],
		    num[3],
		    num[4],
		    num[5],
		    num[6],
		    num[7],
		    num[8],
		    num[9],
		    num[10],
		    num[11],
		    c->mode == SYMBI_MODE_PIPE ? "pipe" : "road",
		    rule && rule->source ? rule->source : "",
		    conditions ? conditions : "",
		};
		for (size_t k = 0; !rc && k < CSV_COLUMNS; k++)
			rc = symbi__csv_put(f, row[k], k + 1 < CSV_COLUMNS ? ',' : '\n');
	}
	free(id);
	return rc;
}

/* ==== GraphML ============================================================================
 * The firm network as igraph sees it: vertex i is firm i of the dataset,
 * edge j is candidate j (directed, supplier -> receiver; parallel edges
 * stand for several partnerships between the same two firms). igraph's C
 * attribute handler holds the attributes and igraph writes the GraphML. */

static int ig_fail(igraph_error_t e, const char *what)
{
	if (e == IGRAPH_ENOMEM)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	if (e == IGRAPH_EFILE)
		return symbi__error(SYMBI_EIO, "write error");
	return symbi__error(SYMBI_EINTERNAL, "igraph: %s: %s", what, igraph_strerror(e));
}

/* igraph keeps strings as given; GraphML (XML 1.0) cannot carry most C0
 * control characters, and igraph refuses them. Replace each by a space in
 * `buf` (which holds s when it had any) so that a firm name with a stray
 * tab or newline still exports. Returns s or buf. */
static const char *xml_safe(const char *s, char **buf, size_t *cap)
{
	if (!s)
		return "";
	size_t n = strlen(s);
	bool bad = false;
	for (size_t i = 0; i < n && !bad; i++)
		bad = (unsigned char)s[i] < 0x20;
	if (!bad)
		return s;
	if (symbi__grow((void **)buf, cap, n + 1, 1))
		return NULL;
	for (size_t i = 0; i <= n; i++)
		(*buf)[i] = (unsigned char)s[i] < 0x20 && s[i] ? ' ' : s[i];
	return *buf;
}

/* Set string attribute `name` of vertex or edge `i` to `s` (NULL -> ""). */
static igraph_error_t set_str(igraph_t *g, bool vertex, const char *name, igraph_integer_t i,
                              const char *s, char **buf, size_t *cap)
{
	const char *v = xml_safe(s, buf, cap);
	if (!v)
		return IGRAPH_ENOMEM;
	return vertex ? igraph_cattribute_VAS_set(g, name, i, v)
	              : igraph_cattribute_EAS_set(g, name, i, v);
}

static igraph_error_t set_num(igraph_t *g, bool vertex, const char *name, igraph_integer_t i,
                              double x, int dec)
{
	x = symbi__round(x, dec);
	return vertex ? igraph_cattribute_VAN_set(g, name, i, x)
	              : igraph_cattribute_EAN_set(g, name, i, x);
}

int symbi_write_graphml(FILE *f, const symbi_matches *m)
{
	const symbi_dataset *ds = symbi_matches_dataset(m);
	const symbi_kb *kb = symbi_dataset_kb(ds);
	size_t nf = symbi_dataset_firm_count(ds), np = symbi_matches_count(m);
	bool allocated = allocation_ran(m);
	size_t n2;
	if (nf > IGRAPH_INTEGER_MAX || np > IGRAPH_INTEGER_MAX / 2 || !symbi__mul(np, 2, &n2))
		return symbi__error(SYMBI_ELIMIT, "too many firms or partnerships for a graph");

	symbi__igraph_init();
	/* The C attribute handler must be in place when the graph is created and
	 * destroyed; it is put back as it was before returning so that the rest
	 * of the engine keeps running igraph without attributes. */
	igraph_attribute_table_t *old = igraph_set_attribute_table(&igraph_cattribute_table);
	igraph_t g;
	igraph_vector_int_t edges;
	bool have_graph = false, have_edges = false;
	char *buf = NULL, *id = NULL;
	size_t cap = 0, idcap = 0;
	int rc = 0;
	igraph_error_t e;

	if ((e = igraph_vector_int_init(&edges, (igraph_integer_t)n2)) != IGRAPH_SUCCESS) {
		rc = ig_fail(e, "edge list");
		goto done;
	}
	have_edges = true;
	for (size_t j = 0; j < np; j++) {
		const symbi_candidate *c = symbi_matches_get(m, j);
		VECTOR(edges)[2 * j] = (igraph_integer_t)c->supplier;
		VECTOR(edges)[2 * j + 1] = (igraph_integer_t)c->receiver;
	}
	if ((e = igraph_empty(&g, (igraph_integer_t)nf, IGRAPH_DIRECTED)) != IGRAPH_SUCCESS) {
		rc = ig_fail(e, "graph");
		goto done;
	}
	have_graph = true;
	if ((e = igraph_add_edges(&g, &edges, NULL)) != IGRAPH_SUCCESS) {
		rc = ig_fail(e, "graph");
		goto done;
	}

	e = igraph_cattribute_GAS_set(&g, "generator", "symbi " SYMBI_VERSION);
	for (size_t i = 0; e == IGRAPH_SUCCESS && i < nf; i++) {
		const symbi_firm *fm = symbi_dataset_firm(ds, (uint32_t)i);
		igraph_integer_t v = (igraph_integer_t)i;
		if ((e = set_str(&g, true, "id", v, fm->id, &buf, &cap)) ||
		    (e = set_str(&g, true, "name", v, fm->name, &buf, &cap)) ||
		    (e = set_num(&g, true, "lat", v, fm->lat, SYMBI__DEC_POS)) ||
		    (e = set_num(&g, true, "lon", v, fm->lon, SYMBI__DEC_POS)) ||
		    (e = set_str(&g, true, "nace", v, fm->nace, &buf, &cap)) ||
		    (e = set_str(&g, true, "region", v, region_str(ds, fm), &buf, &cap)) ||
		    (e = set_str(&g, true, "municipality", v, fm->municipality, &buf, &cap)))
			break;
	}
	for (size_t j = 0; e == IGRAPH_SUCCESS && j < np; j++) {
		const symbi_candidate *c = symbi_matches_get(m, j);
		igraph_integer_t ej = (igraph_integer_t)j;
		if ((rc = cand_id(m, j, &id, &idcap)) != 0)
			goto done;
		const char *unit = symbi__unit_per_year(c->dim);
		if ((e = set_str(&g, false, "id", ej, id, &buf, &cap)) ||
		    (e = set_str(&g, false, "resource", ej, code_str(kb, cand_code(ds, c)), &buf,
		                 &cap)) ||
		    (e = set_str(&g, false, "receiver_resource", ej, code_str(kb, c->receiver_code),
		                 &buf, &cap)) ||
		    (e = set_str(&g, false, "basis", ej, basis_str(c->basis), &buf, &cap)) ||
		    (e = set_num(&g, false, "quantity", ej, c->quantity, SYMBI__DEC_QTY)) ||
		    (e = set_str(&g, false, "unit", ej, unit, &buf, &cap)) ||
		    (e = set_num(&g, false, "distance_km", ej, c->distance_km, SYMBI__DEC_KM)) ||
		    (e = set_num(&g, false, "value_nok", ej, c->value_nok, SYMBI__DEC_NOK)) ||
		    (e = set_num(&g, false, "co2e_t", ej,
		                 (c->flags & SYMBI_CANDIDATE_NO_CO2E) ? NAN : c->co2e_t,
		                 SYMBI__DEC_CO2E)) ||
		    (e = set_num(&g, false, "score", ej, c->score, score_dec(m))))
			break;
		/* Sector candidates take no part in the allocation: 0 allocated. */
		if (allocated &&
		    (e = set_num(&g, false, "allocated", ej, isnan(c->allocated) ? 0 : c->allocated,
		                 SYMBI__DEC_QTY)))
			break;
	}
	if (e != IGRAPH_SUCCESS) {
		rc = ig_fail(e, "attributes");
		goto done;
	}
	if ((e = igraph_write_graph_graphml(&g, f, true)) != IGRAPH_SUCCESS) {
		rc = ig_fail(e, "graphml");
		goto done;
	}
	if (ferror(f))
		rc = symbi__error(SYMBI_EIO, "write error");
done:
	if (have_graph)
		igraph_destroy(&g); /* frees the attributes through the handler */
	if (have_edges)
		igraph_vector_int_destroy(&edges);
	igraph_set_attribute_table(old);
	free(buf);
	free(id);
	return rc;
}
