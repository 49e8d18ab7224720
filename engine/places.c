/*
 * places.c: the Norwegian municipalities of the knowledge base
 * (datasets/municipalities_no.csv: number, name, centroid, area) and the
 * questions the loader and the queries ask of them — which municipality a
 * name or number means, which names lie close to a misspelt one, and how
 * far a firm's coordinates may lie from the centroid of its municipality.
 */
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "internal.h"
#include "words.h"

/* ==== Reading ========================================================================= */

enum { M_NUMBER, M_NAME, M_LAT, M_LON, M_AREA, M_NCOLS };
static const char *const muni_cols[M_NCOLS] = {"kommunenummer", "name", "lat", "lon",
                                               "area_km2"};

typedef struct muni_reader {
	symbi_kb *kb;
	symbi_diags *diags;
	const char *path;
	int pos[M_NCOLS];
	bool header_seen;
	size_t errors;
} muni_reader;

/* Fold `s` in place to lower case for comparing and suggesting: ASCII and
 * Æ Ø Å É (symbi__word_casecmp's folding, written out, so two strings fold
 * to the same bytes exactly when symbi__word_casecmp finds them equal). */
static void fold(char *s)
{
	for (unsigned char *p = (unsigned char *)s; *p; p++) {
		if (*p >= 'A' && *p <= 'Z')
			*p = (unsigned char)(*p + 32);
		else if (p > (unsigned char *)s && p[-1] == 0xC3 &&
		         (*p == 0x86 || *p == 0x98 || *p == 0x85 || *p == 0x89))
			*p = (unsigned char)(*p + 0x20);
	}
}

/* A folded copy of `s` in arena `a`. */
static char *folded(symbi__arena *a, const char *s)
{
	char *out = symbi__arena_strdup(a, s);
	if (out)
		fold(out);
	return out;
}

char *symbi__fold_dup(symbi__arena *a, const char *s) { return folded(a, s); }

static int muni_row(void *ctx, const symbi__csv_row *row)
{
	muni_reader *r = ctx;
	if (!r->header_seen) {
		r->header_seen = true;
		symbi__csv_columns(row, muni_cols, M_NCOLS, r->pos);
		for (size_t c = 0; c < M_NCOLS; c++) {
			if (r->pos[c] < 0) {
				symbi__diag(r->diags, SYMBI_SEV_ERROR, r->path, row->line, NULL,
				            "missing column '%s'", muni_cols[c]);
				r->errors++;
			}
		}
		return r->errors ? SYMBI_EINPUT : 0;
	}
	const char *v[M_NCOLS];
	for (size_t c = 0; c < M_NCOLS; c++)
		v[c] = symbi__csv_field(row, r->pos[c]);
	symbi_municipality m;
	if (strlen(v[M_NUMBER]) != 4 || !*v[M_NAME] || symbi__parse_double(v[M_LAT], &m.lat) ||
	    symbi__parse_double(v[M_LON], &m.lon) || symbi__parse_double(v[M_AREA], &m.area_km2) ||
	    !(m.area_km2 > 0) || m.lat < -90 || m.lat > 90 || m.lon < -180 || m.lon > 180) {
		symbi__diag(r->diags, SYMBI_SEV_ERROR, r->path, row->line, NULL,
		            "a municipality needs a 4-digit kommunenummer, a name, lat, lon and "
		            "area_km2 > 0");
		r->errors++;
		return 0;
	}
	symbi_kb *kb = r->kb;
	if (symbi__grow((void **)&kb->munis, &kb->capmunis, kb->nmunis + 1, sizeof *kb->munis) ||
	    symbi__grow((void **)&kb->muni_folded, &kb->capmuni_folded, kb->nmunis + 1,
	                sizeof *kb->muni_folded))
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	m.number = symbi__arena_strdup(&kb->arena, v[M_NUMBER]);
	m.name = symbi__arena_strdup(&kb->arena, v[M_NAME]);
	char *f = m.name ? folded(&kb->arena, m.name) : NULL;
	if (!m.number || !f)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	kb->munis[kb->nmunis] = m;
	kb->muni_folded[kb->nmunis] = f;
	kb->nmunis++;
	return 0;
}

static int cmp_form(const void *a, const void *b)
{
	const struct symbi__muni_form *x = a, *y = b;
	int c = strcmp(x->form, y->form);
	return c ? c : (x->muni > y->muni) - (x->muni < y->muni);
}

/* The sorted forms of every municipality's name (kb->muni_forms): the
 * whole folded name, and each part of a name with parallel forms
 * ("Fauske - Fuossko": "fauske", "fuossko"). */
static int index_forms(symbi_kb *kb)
{
	static const char sep[] = " - ";
	size_t n = 0;
	for (size_t i = 0; i < kb->nmunis; i++) {
		/* The whole name, and with a separator one part more than it has
		 * separators. */
		const char *name = kb->muni_folded[i], *p = strstr(name, sep);
		n += p ? 2 : 1;
		for (; p; p = strstr(p + strlen(sep), sep))
			n++;
	}
	struct symbi__muni_form *forms = n ? calloc(n, sizeof *forms) : NULL;
	if (n && !forms)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	size_t k = 0;
	for (size_t i = 0; i < kb->nmunis; i++) {
		const char *name = kb->muni_folded[i];
		forms[k++] = (struct symbi__muni_form){name, (int32_t)i};
		if (!strstr(name, sep))
			continue;
		for (const char *p = name; *p;) {
			const char *end = strstr(p, sep);
			size_t len = end ? (size_t)(end - p) : strlen(p);
			char *part = len ? symbi__arena_alloc(&kb->arena, len + 1) : NULL;
			if (len && !part) {
				free(forms);
				return symbi__error(SYMBI_ENOMEM, "out of memory");
			}
			if (part) {
				memcpy(part, p, len);
				part[len] = '\0';
				forms[k++] = (struct symbi__muni_form){part, (int32_t)i};
			}
			p += len;
			if (end)
				p += strlen(sep);
		}
	}
	qsort(forms, k, sizeof *forms, cmp_form);
	free(kb->muni_forms);
	kb->muni_forms = forms;
	kb->nmuni_forms = k;
	return 0;
}

int symbi_kb_load_municipalities(symbi_kb *kb, const char *path, symbi_diags *diags)
{
	if (kb->finished)
		return symbi__error(SYMBI_EINPUT, "knowledge base already finished");
	muni_reader r = {.kb = kb, .diags = diags, .path = path};
	size_t before = kb->nmunis;
	int rc = symbi__csv_read(path, NULL, muni_row, &r, diags);
	if (rc == SYMBI_ENOMEM)
		return rc;
	if (rc || r.errors) {
		kb->nmunis = before;
		return symbi__error(SYMBI_EINPUT, "%s: bad municipality data", path);
	}
	return index_forms(kb);
}

/* ==== Questions ======================================================================= */

size_t symbi_kb_municipality_count(const symbi_kb *kb)
{
	return kb->nmunis;
}

const symbi_municipality *symbi_kb_municipality(const symbi_kb *kb, size_t i)
{
	return i < kb->nmunis ? &kb->munis[i] : NULL;
}

size_t symbi_kb_find_municipalities(const symbi_kb *kb, const char *text, int32_t *out,
                                    size_t max)
{
	if (!kb || !text || !*text)
		return 0;
	char num[8];
	size_t len = strlen(text), digits = strspn(text, "0123456789");
	if (digits == len && (len == 3 || len == 4)) {
		/* A number; three digits are a number that lost its leading
		 * zero in a spreadsheet (0301 Oslo stored as 301). */
		snprintf(num, sizeof num, "%s%s", len == 3 ? "0" : "", text);
		for (size_t i = 0; i < kb->nmunis; i++)
			if (strcmp(kb->munis[i].number, num) == 0) {
				if (max)
					out[0] = (int32_t)i;
				return 1;
			}
		return 0;
	}
	/* A name: the whole name or one of its parallel forms, by binary
	 * search of the folded forms (no name is anywhere near 256 bytes). */
	char key[256];
	if (len >= sizeof key)
		return 0;
	memcpy(key, text, len + 1);
	fold(key);
	size_t lo = 0, hi = kb->nmuni_forms;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(kb->muni_forms[mid].form, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t n = 0;
	int32_t last = -1;
	for (size_t k = lo; k < kb->nmuni_forms && strcmp(kb->muni_forms[k].form, key) == 0; k++) {
		int32_t m = kb->muni_forms[k].muni;
		if (m == last)
			continue;
		if (n < max)
			out[n] = m;
		n++;
		last = m;
	}
	return n;
}

size_t symbi_kb_suggest_municipality(const symbi_kb *kb, const char *bad, int32_t *out,
                                     size_t max)
{
	if (!kb || !bad || !kb->nmunis || max == 0)
		return 0;
	symbi__arena a = {0};
	char *low = folded(&a, bad);
	size_t idx[16], n = 0;
	if (low)
		n = symbi__suggest_strings(low, (const char *const *)kb->muni_folded, kb->nmunis, idx,
		                           max > 16 ? 16 : max);
	for (size_t i = 0; i < n; i++)
		out[i] = (int32_t)idx[i];
	symbi__arena_clear(&a);
	return n;
}

/* Every point of every municipality of 2024 lies within 3 equivalent radii
 * (the radius of a disc of its area) plus 20 km of its centroid: checked
 * against the polygons of Kommuner-S.geojson (the reference data's
 * norway/ folder), where the farthest point is 38.8 km from the centroid
 * of Frøya (allowance 46.3 km) and 70.9 km from Molde's (allowance 85.6
 * km). Three radii cover elongated shapes (an ellipse of axis ratio 9 has
 * its tips at 3 radii); the 20 km cover the islands of small coastal
 * municipalities (Røst, Værøy) whose area is tiny. A firm farther away is
 * very likely in another municipality or mistyped. */
double symbi_municipality_reach_km(const symbi_municipality *m)
{
	return 3.0 * sqrt(m->area_km2 / M_PI) + 20.0;
}

/* Mainland Norway with its coast (57.9-71.2 N, 4.5-31.2 E), widened by a
 * few tenths of a degree: for the swapped-coordinates test only. */
bool symbi__in_norway(double lat, double lon)
{
	return lat >= 57.7 && lat <= 71.5 && lon >= 4.0 && lon <= 31.5;
}
