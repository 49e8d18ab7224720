/*
 * load_streams.c: a row of streams.csv (docs/contract.md section 1): firm
 * reference, direction, resource code (with suggestions for an unknown
 * one), quantity and unit, temperature, months, prices; the stream added or
 * every problem reported (load_internal.h).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "legal.h"
#include "load_internal.h"
#include "words.h"

enum {
	S_FIRM_ID,
	S_DIRECTION,
	S_RESOURCE,
	S_QUANTITY,
	S_UNIT,
	S_STREAM_ID,
	S_TEMP_C,
	S_MONTHS,
	S_DISPOSAL,
	S_PURCHASE,
	S_MAX_KM,
	S_NOTE,
	S_ABP,
	S_NCOLS
};

static const col_spec stream_cols[S_NCOLS] = {
    {"firm_id", true},        {"direction", true},       {"resource", true}, {"quantity", true},
    {"unit", true},           {"stream_id", false},      {"temp_c", false},  {"months", false},
    {"disposal_cost", false}, {"purchase_price", false}, {"max_km", false},  {"note", false},
    {"abp_category", false},
};

/* Suspicious but legal values (warnings). */
#define BIG_QUANTITY 1e8 /* base units per year */
#define HOT_TEMP_C 1000.0
#define COLD_TEMP_C -50.0

/* ==== streams.csv =================================================================== */

/* True when `code` is one of the codes that carry a temperature, or lies
 * beneath one. */
static bool has_temperature(const loader *L, int32_t code)
{
	for (int32_t c = code; c >= 0; c = symbi_kb_code(L->kb, c)->parent)
		for (int k = 0; k < 3; k++)
			if (c == L->temp_codes[k])
				return true;
	return false;
}

#define MAX_HINTS 1000 /* suggestions computed per load: each costs a pass over the codes */

/* "; did you mean 'X' (name), ...?" for a resource that is not a known
 * code: first the known codes nearest by edit distance (for a well-formed
 * code), then the codes the words of the text find (symbi_kb_search: the
 * search of `symbi codes`), at most three, never one the row could not name
 * (a chapter or sub-chapter on a supply). Capped per load like the unit
 * hints. */
static void code_hint(loader *L, const char *text, bool well_formed, bool supply, char *buf,
                      size_t size)
{
	buf[0] = '\0';
	if (L->hints >= MAX_HINTS || strlen(text) > 120)
		return;
	L->hints++;
	int32_t pick[3];
	bool named[3]; /* found by the words: its name shows why */
	size_t n = 0;
	if (well_formed || strpbrk(text, "0123456789")) {
		int32_t near[6];
		size_t nn = symbi_kb_suggest(L->kb, text, near, 6);
		for (size_t k = 0; k < nn && n < 3; k++)
			if (!(supply && symbi_kb_code(L->kb, near[k])->is_group)) {
				named[n] = false;
				pick[n++] = near[k];
			}
	}
	/* The words of the text: after the prefix of a code, with its dots,
	 * dashes and underscores as spaces. */
	char words[128];
	const char *colon = well_formed ? strchr(text, ':') : NULL;
	snprintf(words, sizeof words, "%s", colon ? colon + 1 : text);
	for (char *p = words; *p; p++)
		if (*p == '.' || *p == '-' || *p == '_')
			*p = ' ';
	const char *w[1] = {words};
	symbi_code_hit hits[6];
	size_t nh = *words && !(*words >= '0' && *words <= '9')
	                ? symbi_kb_search(L->kb, w, 1, supply, hits, 6)
	                : 0;
	for (size_t k = 0; k < nh && n < 3; k++) {
		bool dup = false;
		for (size_t j = 0; j < n; j++)
			dup = dup || pick[j] == hits[k].code;
		if (!dup) {
			named[n] = true;
			pick[n++] = hits[k].code;
		}
	}
	size_t used = 0;
	for (size_t k = 0; k < n; k++) {
		const symbi_code *c = symbi_kb_code(L->kb, pick[k]);
		const char *label = c->label_no && *c->label_no ? c->label_no : c->name;
		int w2 = snprintf(buf + used, size - used, "%s'%s'%s%.40s%s%s",
		                  k == 0 ? "; did you mean " : ", ", c->code, named[k] ? " (" : "",
		                  named[k] ? label : "",
		                  !named[k]            ? ""
		                  : strlen(label) > 40 ? "...)"
		                                       : ")",
		                  k + 1 == n ? "?" : "");
		if (w2 < 0 || (size_t)w2 >= size - used) {
			buf[used] = '\0';
			break;
		}
		used += (size_t)w2;
	}
}

/* Check the resource column; returns the code's index or -1 (reported). */
static int32_t resource(loader *L, const symbi__csv_row *row, symbi_direction dir, bool dir_ok)
{
	uint32_t line = row->line;
	const char *v = symbi__load_val(L, row, S_RESOURCE);
	if (!*v) {
		ERR(L, line, "resource", "missing value (required)");
		return -1;
	}
	bool supply = dir_ok && dir == SYMBI_SUPPLY;
	char code[128], hint[600];
	if (symbi_code_normalise(v, code, sizeof code) != 0) {
		/* Not a code: perhaps a word ("myse", "sawdust"). The examples
		 * are shipped codes a supply may name (mat:gypsum is not one). */
		code_hint(L, v, false, supply, hint, sizeof hint);
		ERR(L, line, "resource",
		    "malformed resource code '%s'%s (codes look like 'ewc:030105', 'energy:heat', "
		    "'mat:mineral.gypsum'; 'symbi codes WORD' finds them)",
		    v, hint);
		return -1;
	}
	int32_t c = symbi_kb_find(L->kb, code);
	if (c < 0) {
		code_hint(L, code, true, supply, hint, sizeof hint);
		ERR(L, line, "resource", "unknown resource code '%s'%s", code, hint);
		return -1;
	}
	const symbi_code *sc = symbi_kb_code(L->kb, c);
	if (dir_ok && dir == SYMBI_SUPPLY && sc->is_group) {
		ERR(L, line, "resource",
		    "'%s' is an EWC chapter or sub-chapter: a supply must name a six-digit entry "
		    "(only a demand may name a group)",
		    code);
		return -1;
	}
	return c;
}

/* The firm with this id, or -1. streams.csv usually lists a firm's streams
 * together and the firms in the order of firms.csv, so the firm of the last
 * row and the one after it are tried first: the index's probe lands at a
 * random place in a large table and mostly misses the cache. Firm ids are
 * unique and compared exactly, as the index compares them, so the answer is
 * the index's. */
static int32_t find_firm(loader *L, const char *id)
{
	const symbi_dataset *ds = L->ds;
	size_t k = L->last_firm >= 0 ? (size_t)L->last_firm : 0;
	for (size_t end = k + 2; k < end && k < ds->nfirms; k++)
		if (strcmp(ds->firms[k].id, id) == 0)
			return L->last_firm = (int32_t)k;
	int32_t f = symbi_dataset_find_firm(ds, id);
	if (f >= 0)
		L->last_firm = f;
	return f;
}

/* "; did you mean 'X'?" for an unknown unit: the closest spelling of
 * every unit and unit/period of words.c (edit distance, as for codes).
 * Capped per file like every costly hint: a million bad rows must not cost
 * a million searches. */
static void unit_hint(loader *L, const char *bad, char *buf, size_t size)
{
	buf[0] = '\0';
	if (L->hints >= MAX_HINTS || strlen(bad) > 40)
		return;
	L->hints++;
	size_t nu = symbi__unit_word_count, np = symbi__period_word_count;
	size_t n = nu * (np + 1);
	char(*text)[64] = malloc(n * sizeof *text);
	const char **cands = malloc(n * sizeof *cands);
	if (text && cands) {
		for (size_t u = 0; u < nu; u++)
			for (size_t p = 0; p <= np; p++) {
				size_t k = u * (np + 1) + p;
				snprintf(text[k], sizeof text[k], "%s%s%s",
				         symbi__unit_words[u].word, p ? "/" : "",
				         p ? symbi__period_words[p - 1].word : "");
				cands[k] = text[k];
			}
		size_t best;
		if (symbi__suggest_strings(bad, cands, n, &best, 1) == 1)
			snprintf(buf, size, "; did you mean '%s'?", cands[best]);
	}
	free(text);
	free(cands);
}

/* symbi_unit_parse, remembering the last unit it read. */
static bool parse_unit(loader *L, const char *v, symbi_unit *out)
{
	if (L->last_unit[0] && strcmp(v, L->last_unit) == 0) {
		*out = L->last_unit_val;
		return true;
	}
	if (symbi_unit_parse(v, out) != 0)
		return false;
	size_t n = strlen(v);
	if (n < sizeof L->last_unit) {
		memcpy(L->last_unit, v, n + 1);
		L->last_unit_val = *out;
	}
	return true;
}

/* The animal by-product category (1, 2 or 3, Regulation (EC) 1069/2009).
 * A supply whose code may hold animal material and states none is never
 * proposed as feed (legal.c): say which column would change that. */
static void abp_category(loader *L, const symbi__csv_row *row, uint32_t line, symbi_stream *s)
{
	const char *v = symbi__load_val(L, row, S_ABP);
	if (*v) {
		if ((v[0] == '1' || v[0] == '2' || v[0] == '3') && !v[1])
			s->abp_category = (uint8_t)(v[0] - '0');
		else
			ERR(L, line, "abp_category",
			    "'%s' is not an animal by-product category (1, 2 or 3)", v);
		return;
	}
	unsigned f = symbi__legal_flags(L->kb, s->code);
	if (s->direction == SYMBI_SUPPLY && (f & SYMBI__LEGAL_ANIMAL) &&
	    !(f & (SYMBI__LEGAL_MANURE | SYMBI__LEGAL_CATERING)))
		WARN(L, line, "abp_category",
		     "'%s' may hold animal by-products: fill 'abp_category' (1, 2 or 3, "
		     "Regulation (EC) 1069/2009); without it the stream is never proposed as feed",
		     symbi_kb_code(L->kb, s->code)->code);
}

/* The firms files a stream's firm may be in, for "unknown firm": the file's
 * name for one source, every path (up to four) for a merged dataset. */
static void firm_files(const loader *L, char *buf, size_t size)
{
	if (L->nsrc == 1) {
		snprintf(buf, size, "%s", symbi__load_base_name(L->src[0].firms));
		return;
	}
	size_t used = 0;
	buf[0] = '\0';
	for (size_t k = 0; k < L->nsrc && k < 4 && used < size; k++) {
		int w = snprintf(buf + used, size - used, "%s%s",
		                 k == 0             ? ""
		                 : k + 1 == L->nsrc ? " or "
		                                    : ", ",
		                 L->src[k].firms);
		if (w < 0)
			break;
		used += (size_t)w;
	}
	if (L->nsrc > 4 && used < size)
		snprintf(buf + used, size - used, " or %zu more files", L->nsrc - 4);
}

int symbi__load_stream_row(void *ctx, const symbi__csv_row *row)
{
	loader *L = ctx;
	const col_spec *C = stream_cols;
	int go = symbi__load_row_begin(L, row, C, S_NCOLS);
	if (go <= 0)
		return go;
	uint32_t line = row->line;
	symbi_stream s = {0};
	s.temp_c = NAN;
	s.disposal_cost = NAN;
	s.purchase_price = NAN;
	s.max_km = NAN;
	s.months = SYMBI_MONTHS_ALL;

	const char *firm_id = symbi__load_val(L, row, S_FIRM_ID);
	const char *stream_id = symbi__load_val(L, row, S_STREAM_ID);
	if (*stream_id) /* as in on_firm: the duplicate check comes last */
		symbi__map_prefetch(&L->ds->stream_index_map, stream_id);
	int32_t firm = *firm_id ? find_firm(L, firm_id) : -1;
	if (firm >= 0)
		L->rows_per_firm[firm]++;
	if (symbi__load_shifted_row(L, row))
		return symbi__load_remember(L, &L->failed_streams, stream_id, line);

	/* The firm it belongs to. */
	if (!*firm_id)
		ERR(L, line, "firm_id", "missing value (required)");
	else if (firm < 0 && L->firms_known && symbi__map_get(&L->failed_firms, firm_id) < 0) {
		char files[600];
		firm_files(L, files, sizeof files);
		ERR(L, line, "firm_id", "unknown firm '%s' (not in %s)", firm_id, files);
	}

	/* Direction. */
	const char *v = symbi__load_need(L, row, S_DIRECTION, C);
	bool dir_ok = false;
	if (*v) {
		const char *dir =
		    symbi__word_find(symbi__direction_words, symbi__direction_word_count, v);
		if (dir && strcmp(dir, "supply") == 0) {
			s.direction = SYMBI_SUPPLY;
			dir_ok = true;
		} else if (dir && strcmp(dir, "demand") == 0) {
			s.direction = SYMBI_DEMAND;
			dir_ok = true;
		} else {
			ERR(L, line, "direction",
			    "'%s' is neither 'supply' nor 'demand' (in Norwegian 'tilbud' or "
			    "'behov')",
			    v);
		}
	}

	int32_t code = resource(L, row, s.direction, dir_ok);
	const symbi_code *sc = code >= 0 ? symbi_kb_code(L->kb, code) : NULL;
	s.code = code;

	/* Unit, then quantity in base units per year. */
	symbi_unit unit;
	bool unit_ok = false;
	v = symbi__load_need(L, row, S_UNIT, C);
	if (*v) {
		if (!parse_unit(L, v, &unit)) {
			char hint[160] = "";
			unit_hint(L, v, hint, sizeof hint);
			ERR(L, line, "unit",
			    "unknown unit '%s'%s (use t, kg, m3, l, MWh, kWh or GWh, optionally "
			    "with "
			    "/yr, /month, /week, /day or /h; Norwegian tonn, liter, m³, /år, ... "
			    "are "
			    "read too)",
			    v, hint);
		} else if (sc && sc->dim != SYMBI_DIM_NONE && sc->dim != unit.dim) {
			ERR(L, line, "unit", "'%s' measures %s but '%s' is measured in %s (%s)", v,
			    symbi_dim_name(unit.dim), sc->code, symbi_dim_name(sc->dim),
			    symbi_dim_unit(sc->dim));
		} else {
			unit_ok = true;
			s.dim = unit.dim;
		}
	}
	double q;
	if (symbi__load_number(L, row, S_QUANTITY, C, &q)) {
		if (q < 0) {
			ERR(L, line, "quantity", "%s is negative",
			    symbi__load_val(L, row, S_QUANTITY));
		} else if (unit_ok) {
			s.quantity = q * unit.to_base * unit.per_year;
			if (!isfinite(s.quantity))
				ERR(L, line, "quantity", "%s %s is too large",
				    symbi__load_val(L, row, S_QUANTITY),
				    symbi__load_val(L, row, S_UNIT));
			else if (s.quantity == 0.0)
				WARN(L, line, "quantity",
				     "is 0, so this stream cannot be exchanged");
			else if (s.quantity > BIG_QUANTITY)
				WARN(L, line, "quantity",
				     "%g %s/yr is above 1e8 %s/yr: is the unit right?", s.quantity,
				     symbi_dim_unit(s.dim), symbi_dim_unit(s.dim));
		}
	}

	/* Optional columns. */
	double t;
	if (symbi__load_number(L, row, S_TEMP_C, C, &t)) {
		if (sc && !has_temperature(L, code)) {
			WARN(L, line, "temp_c",
			     "only used for energy:heat, energy:steam and energy:cold; ignored for "
			     "'%s'",
			     sc->code);
		} else {
			s.temp_c = t;
			if (t > HOT_TEMP_C || t < COLD_TEMP_C)
				WARN(L, line, "temp_c",
				     "%s degrees C is outside [-50, 1000]: is it right?",
				     symbi__load_val(L, row, S_TEMP_C));
		}
	}
	v = symbi__load_val(L, row, S_MONTHS);
	if (*v && symbi_months_parse(v, &s.months) != 0)
		ERR(L, line, "months",
		    "'%s' is not a list of months 1-12 (e.g. '1-12', '5-9', '1,2,11-12', '11-2')",
		    v);
	/* Prices are NOK per unit given (no period): per base unit they are
	 * divided by the unit's size (2 NOK/kg = 2000 NOK/t). The scorer uses a
	 * supply's disposal cost and a demand's purchase price only. */
	double price;
	if (symbi__load_number(L, row, S_DISPOSAL, C, &price) && unit_ok) {
		if (dir_ok && s.direction == SYMBI_DEMAND)
			WARN(L, line, "disposal_cost",
			     "only used on a supply; ignored on a demand");
		else
			s.disposal_cost = price / unit.to_base;
	}
	if (symbi__load_number(L, row, S_PURCHASE, C, &price) && unit_ok) {
		if (dir_ok && s.direction == SYMBI_SUPPLY)
			WARN(L, line, "purchase_price",
			     "only used on a demand; ignored on a supply");
		else
			s.purchase_price = price / unit.to_base;
	}
	double km;
	if (symbi__load_number(L, row, S_MAX_KM, C, &km)) {
		if (km < 0)
			ERR(L, line, "max_km", "%s is negative", symbi__load_val(L, row, S_MAX_KM));
		else if (km == 0)
			WARN(L, line, "max_km",
			     "is 0, so this stream can only be exchanged on its own site");
		s.max_km = km;
	}
	v = symbi__load_val(L, row, S_NOTE);
	s.note = *v ? v : NULL;
	s.file = L->src[L->cur].short_streams;
	abp_category(L, row, line, &s);

	/* Duplicate stream ids (the id is kept even when the row is bad). */
	if (*stream_id) {
		int32_t first = symbi_dataset_find_stream(L->ds, stream_id);
		int32_t failed = symbi__map_get(&L->failed_streams, stream_id);
		char at[1200];
		if (first >= 0)
			symbi__load_first_at(L, symbi__load_source_of(L, (uint32_t)first, true),
			                     symbi_dataset_stream(L->ds, (uint32_t)first)->line,
			                     true, at, sizeof at);
		else if (failed >= 0)
			symbi__load_first_at(L, L->failed[failed].src, L->failed[failed].line, true,
			                     at, sizeof at);
		if (first >= 0 || failed >= 0)
			ERR(L, line, "stream_id", "duplicate stream_id '%s' (first %s)", stream_id,
			    at);
	}
	if (L->row_errors || firm < 0)
		return symbi__load_remember(L, &L->failed_streams, stream_id, line);
	s.firm = (uint32_t)firm;
	s.id = *stream_id ? stream_id : NULL;
	s.line = line;
	int rc = symbi_dataset_add_stream(L->ds, &s, NULL);
	if (rc == SYMBI_EINPUT) {
		/* Only a default id "<firm_id>/<n>" can collide here: an explicit
		 * id was checked above. */
		ERR(L, line, "stream_id",
		    "%s (the default id of this row); give it its own stream_id",
		    symbi_last_error());
		return 0;
	}
	return rc;
}
