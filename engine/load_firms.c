/*
 * load_firms.c: a row of firms.csv (docs/contract.md section 1): its
 * values checked, its site placed (coordinates, or the municipality's
 * centre), the firm added or every problem reported (load_internal.h).
 */
#include <stdlib.h>
#include <string.h>

#include "load_internal.h"
#include "words.h"

enum {
	F_FIRM_ID,
	F_NAME,
	F_LAT,
	F_LON,
	F_NACE,
	F_REGION,
	F_MUNICIPALITY,
	F_ORG_NR,
	F_EMPLOYEES,
	F_NCOLS
};

static const col_spec firm_cols[F_NCOLS] = {
    {"firm_id", true},       {"name", true},    {"lat", true},
    {"lon", true},           {"nace", false},   {"region", false},
    {"municipality", false}, {"org_nr", false}, {"employees", false},
};

/* ==== firms.csv ===================================================================== */

/* "; did you mean 'Oslo' (0301), ...?" for a municipality not found. */
static void municipality_hint(const loader *L, const char *bad, char *buf, size_t size)
{
	int32_t near[3];
	size_t n = symbi_kb_suggest_municipality(L->kb, bad, near, 3), used = 0;
	buf[0] = '\0';
	for (size_t k = 0; k < n; k++) {
		const symbi_municipality *m = symbi_kb_municipality(L->kb, (size_t)near[k]);
		int w = snprintf(buf + used, size - used, "%s'%s' (%s)%s",
		                 k == 0 ? "; did you mean " : ", ", m->name, m->number,
		                 k + 1 == n ? "?" : "");
		if (w < 0 || (size_t)w >= size - used)
			break;
		used += (size_t)w;
	}
}

/* Place a firm by its municipality, and check the coordinates it gives
 * against it (issue 15 item 5). A firm without lat and lon is put at
 * the centroid of the municipality it names, with a warning: its distances
 * are then approximate. A firm with coordinates and a municipality gets a
 * warning when it lies beyond the municipality's reach (places.c: 3 radii
 * of a disc of its area plus 20 km, which holds every point of every
 * municipality); when latitude and longitude read the other way round lie
 * within it, the warning says they look swapped. Without a known
 * municipality, coordinates outside Norway that fall in Norway when swapped
 * (lat 10.7, lon 59.9) get that warning too. Nothing here without the
 * municipality table. */
static void place(loader *L, const symbi__csv_row *row, symbi_firm *f, bool by_municipality)
{
	uint32_t line = row->line;
	const char *mun = symbi__load_val(L, row, F_MUNICIPALITY);
	int32_t found[2];
	size_t nfound = *mun ? symbi_kb_find_municipalities(L->kb, mun, found, 2) : 0;
	char hint[300];
	if (by_municipality) {
		if (nfound == 1) {
			const symbi_municipality *m =
			    symbi_kb_municipality(L->kb, (size_t)found[0]);
			f->lat = m->lat;
			f->lon = m->lon;
			WARN(L, line, NULL,
			     "firm '%s' has no lat and lon: placed at the centroid of %s (%s), so "
			     "its "
			     "distances are approximate (points of %s lie up to %.0f km from it)",
			     symbi__load_val(L, row, F_FIRM_ID), m->name, m->number, m->name,
			     symbi_municipality_reach_km(m));
		} else if (nfound > 1) {
			const symbi_municipality *a =
			    symbi_kb_municipality(L->kb, (size_t)found[0]);
			const symbi_municipality *b =
			    symbi_kb_municipality(L->kb, (size_t)found[1]);
			ERR(L, line, "municipality",
			    "'%s' names two municipalities (%s and %s): give its number to place "
			    "the "
			    "firm without lat and lon",
			    mun, a->number, b->number);
		} else {
			municipality_hint(L, mun, hint, sizeof hint);
			ERR(L, line, "municipality",
			    "'%s' is not a Norwegian municipality (name or number), so the firm "
			    "cannot "
			    "be placed without lat and lon%s",
			    mun, hint);
		}
		return;
	}
	if (symbi_kb_municipality_count(L->kb) == 0)
		return;
	if (*mun && nfound == 0) {
		municipality_hint(L, mun, hint, sizeof hint);
		WARN(L, line, "municipality", "'%s' is not a Norwegian municipality%s", mun, hint);
	}
	const char *lat = symbi__load_val(L, row, F_LAT), *lon = symbi__load_val(L, row, F_LON);
	if (nfound == 0) {
		if (!symbi__in_norway(f->lat, f->lon) && symbi__in_norway(f->lon, f->lat))
			WARN(L, line, NULL,
			     "lat %s and lon %s look swapped: (%s, %s) lies outside Norway, (%s, "
			     "%s) "
			     "inside it",
			     lat, lon, lat, lon, lon, lat);
		return;
	}
	/* The nearest of the municipalities the name gives (Herøy, Våler). */
	const symbi_municipality *m = NULL;
	double d = INFINITY;
	for (size_t k = 0; k < nfound && k < 2; k++) {
		const symbi_municipality *c = symbi_kb_municipality(L->kb, (size_t)found[k]);
		double dk = symbi_distance_km(f->lat, f->lon, c->lat, c->lon);
		if (dk < d) {
			d = dk;
			m = c;
		}
	}
	double reach = symbi_municipality_reach_km(m);
	if (d <= reach)
		return;
	double swapped = symbi_distance_km(f->lon, f->lat, m->lat, m->lon);
	if (swapped <= reach)
		WARN(L, line, NULL,
		     "lat %s and lon %s look swapped: (%s, %s) is %.0f km from %s (%s), (%s, %s) "
		     "lies in it",
		     lat, lon, lat, lon, d, m->name, m->number, lon, lat);
	else
		WARN(L, line, NULL,
		     "(%s, %s) is %.0f km from the centroid of %s (%s), farther than any point of "
		     "it "
		     "(%.0f km): is the municipality or the position wrong?",
		     lat, lon, d, m->name, m->number, reach);
}

/* A dot, when there is one, follows the two digits of the division (after
 * an optional section letter): "1.134" or "0.13" are not codes whose dot
 * may be ignored, as the normaliser would ("11.34", "01.3"). */
static bool dot_after_division(const char *v)
{
	const char *dot = strchr(v, '.');
	if (!dot)
		return true;
	size_t digits = 0;
	for (const char *p = v; p < dot; p++)
		digits += *p >= '0' && *p <= '9'; /* the letter and spaces are the normaliser's */
	return digits == 2;
}

/* A NACE code whose division lost its leading zero: Excel stores `01.13`
 * as the number 1.13 and `03.22` as 3.22. Unambiguous only when a single
 * digit stands before the dot (or alone): no NACE code has a one-digit
 * division, so `1.13`, `3.22`, `1.1` and `1` can only be `01.13`, `03.22`,
 * `01.1` and `01`. Undotted text is left alone: `113` may be 01.13 or
 * 11.3, and is read as 11.3 as before. A section letter may precede
 * (`A1.13`). Writes the mended text into buf; returns false when the text
 * is not of that form. */
static bool lost_leading_zero(const char *v, char *buf, size_t size)
{
	const char *p = v;
	bool letter = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z');
	if (letter)
		p++;
	if (!(*p >= '1' && *p <= '9'))
		return false;
	const char *q = p + 1;
	if (*q == '.') {
		q++;
		size_t nd = 0;
		while (q[nd] >= '0' && q[nd] <= '9')
			nd++;
		if (nd < 1 || nd > 2 || q[nd])
			return false;
	} else if (*q) {
		return false;
	}
	int w = snprintf(buf, size, "%.*s0%s", letter ? 1 : 0, v, p);
	return w > 0 && (size_t)w < size;
}

int symbi__load_firm_row(void *ctx, const symbi__csv_row *row)
{
	loader *L = ctx;
	const col_spec *C = firm_cols;
	int go = symbi__load_row_begin(L, row, C, F_NCOLS);
	if (go <= 0)
		return go;
	uint32_t line = row->line;
	symbi_firm f = {0};
	f.employees = -1;
	f.region = -1;

	const char *id = symbi__load_val(L, row, F_FIRM_ID);
	/* The duplicate check below looks the id up in a table far larger
	 * than the cache: start loading its slot now, behind the row's work. */
	symbi__map_prefetch(&L->ds->firm_index, id);
	if (symbi__load_shifted_row(L, row))
		return symbi__load_remember(L, &L->failed_firms, id, line);

	id = symbi__load_need(L, row, F_FIRM_ID, C);
	const char *name = symbi__load_need(L, row, F_NAME, C);
	/* Without lat and lon, the municipality places the firm (place()). */
	bool by_municipality = !*symbi__load_val(L, row, F_LAT) &&
	                       !*symbi__load_val(L, row, F_LON) &&
	                       *symbi__load_val(L, row, F_MUNICIPALITY);
	bool coords = !by_municipality;
	if (coords && symbi__load_number(L, row, F_LAT, C, &f.lat) &&
	    (f.lat < -90.0 || f.lat > 90.0))
		ERR(L, line, "lat", "%s is outside [-90, 90]", symbi__load_val(L, row, F_LAT));
	if (coords && symbi__load_number(L, row, F_LON, C, &f.lon) &&
	    (f.lon < -180.0 || f.lon > 180.0))
		ERR(L, line, "lon", "%s is outside [-180, 180]", symbi__load_val(L, row, F_LON));

	char nace[16], zero[16], extra[40];
	const char *v = symbi__load_val(L, row, F_NACE);
	if (*v && strchr(v, ';')) {
		/* Several activities (up to three, the main one first). */
		int n = symbi__nace_list(v, nace, sizeof nace, extra, sizeof extra);
		if (n > 0) {
			f.nace = nace;
			f.nace_extra = n > 1 ? extra : NULL;
		} else {
			ERR(L, line, "nace",
			    "'%s' is not a list of up to three different NACE Rev. 2 codes joined "
			    "with ';' (e.g. '36.00;35.30')",
			    v);
		}
	} else if (*v) {
		bool mended = lost_leading_zero(v, zero, sizeof zero);
		const char *text = mended ? zero : v;
		if (!dot_after_division(text) ||
		    symbi__nace_plausible(text, nace, sizeof nace) != 0) {
			ERR(L, line, "nace",
			    "'%s' is not a NACE Rev. 2 code (e.g. '16.10', 'C16.1', '23')", v);
		} else {
			f.nace = nace;
			if (mended)
				WARN(L, line, "nace",
				     "'%s' read as '%s': the division lost its leading zero (as "
				     "Excel "
				     "does with a number); store the column as text",
				     v, nace);
		}
	}
	v = symbi__load_val(L, row, F_EMPLOYEES);
	if (*v && symbi__parse_int64(v, 0, INT64_MAX, &f.employees) != 0)
		ERR(L, line, "employees", "'%s' is not a whole number >= 0", v);
	v = symbi__load_val(L, row, F_MUNICIPALITY);
	f.municipality = *v ? v : NULL;
	v = symbi__load_val(L, row, F_ORG_NR);
	f.org_nr = *v ? v : NULL;
	const char *region = symbi__load_val(L, row, F_REGION);

	if (*id) {
		int32_t first = symbi_dataset_find_firm(L->ds, id);
		int32_t failed = symbi__map_get(&L->failed_firms, id);
		char at[1200];
		if (first >= 0)
			symbi__load_first_at(L, symbi__load_source_of(L, (uint32_t)first, false),
			                     symbi_dataset_firm(L->ds, (uint32_t)first)->line,
			                     false, at, sizeof at);
		else if (failed >= 0)
			symbi__load_first_at(L, L->failed[failed].src, L->failed[failed].line,
			                     false, at, sizeof at);
		if (first >= 0 || failed >= 0)
			ERR(L, line, "firm_id",
			    "duplicate firm_id '%s' (first %s); a firm with two sites "
			    "needs one firm_id per site",
			    id, at);
		if (first >= 0)
			return 0; /* the first row stands: streams attach to it */
	}
	if (!L->row_errors)
		place(L, row, &f, by_municipality);
	if (L->row_errors)
		return symbi__load_remember(L, &L->failed_firms, id, line);

	if (f.lat == 0.0 && f.lon == 0.0)
		WARN(L, line, NULL, "firm '%s' is at (0, 0): are its coordinates missing?", id);
	f.id = id;
	f.name = name;
	f.line = line;
	uint32_t index;
	int rc = symbi_dataset_add_firm(L->ds, &f, region, &index);
	if (rc)
		return rc;
	if (symbi__grow((void **)&L->rows_per_firm, &L->caprows, index + 1,
	                sizeof *L->rows_per_firm))
		return SYMBI_ENOMEM;
	L->rows_per_firm[index] = 0;
	return 0;
}
