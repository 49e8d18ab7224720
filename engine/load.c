/*
 * load.c: reading a dataset (firms.csv and streams.csv, SPEC section 1, or
 * the sheets of a workbook, xlsx.c) into the model, checking every value and
 * reporting every problem.
 *
 * Both files are streamed record by record through symbi__csv_read, so the
 * memory used grows with the firms and streams kept, not with the file: a
 * file with a million bad rows costs the diagnostics cap and nothing more.
 *
 * Contract of the checks: a row with any error is reported (each problem on
 * its own, naming the column) and not added; the loader goes on so that one
 * run shows every problem. Streams of a firm whose own row was bad are still
 * checked, but their firm reference is not reported again: one bad firm row
 * must not turn into a hundred "unknown firm" errors.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csvio.h"
#include "internal.h"
#include "words.h"
#include "xlsx.h"
#include "legal.h"

/* ==== Columns ======================================================================= */

typedef struct col_spec {
	const char *name;
	bool required;
} col_spec;

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

#define MAX_COLS 16

/* Suspicious but legal values (warnings). */
#define BIG_QUANTITY 1e8 /* base units per year */
#define HOT_TEMP_C 1000.0
#define COLD_TEMP_C -50.0

/* ==== Loader state ================================================================== */

/* One source of a merged dataset: its firms and its streams, each a CSV
 * file or a sheet of a workbook (book[0] for the firms, book[1] for the
 * streams; `firms` and `streams` are then "BOOK.xlsx:SHEET", kept in
 * `label`). */
struct source {
	const char *firms, *streams;
	const char *book[2];
	bool book_bad[2];
	char label[2][1100];
	uint32_t firm_start, stream_start; /* the first firm and stream it added */
	/* symbi_stream.file of its streams: NULL for the first source, else
	 * the last two parts of the streams file's path (a workbook: its name
	 * and the sheet's). */
	const char *short_streams;
};

typedef struct loader {
	symbi_dataset *ds;
	const symbi_kb *kb;
	symbi_diags *diags;
	const char *path; /* the file being read */
	/* The sources being merged (symbi_dataset_load_sources) and the one
	 * being read. Firms and streams are added source by source, so the
	 * firms of source k are ds->firms[src[k].firm_start ..), and likewise
	 * for streams: that is how a duplicate names the other file. */
	struct source *src;
	size_t nsrc, cur;
	/* Header of the file being read: field index of each known column, -1
	 * when absent. */
	int pos[MAX_COLS];
	size_t ncols; /* fields in the header */
	bool header_seen;
	size_t errors;     /* errors reported by this loader */
	size_t row_errors; /* errors in the current row */
	/* Firm ids whose row had errors (id -> line), so that their streams do
	 * not cascade into "unknown firm" errors; and stream ids of rows with
	 * errors, so that a later duplicate is still caught. Keys live in
	 * `arena`. */
	symbi__arena arena;
	symbi__map failed_firms;
	symbi__map failed_streams;
	/* Where each failed id was (the maps' values index this). */
	struct failed_at {
		uint32_t line;
		uint32_t src;
	} *failed;
	size_t nfailed, capfailed;
	/* Stream rows naming each firm (good or bad), for the "no streams"
	 * warning. Indexed like ds->firms. */
	uint32_t *rows_per_firm;
	size_t caprows;
	/* False when firms.csv could not be read at all: firm references in
	 * streams.csv cannot be judged then. */
	bool firms_known;
	int32_t temp_codes[3]; /* energy:heat, energy:steam, energy:cold */
	int32_t last_firm;     /* firm of the last stream row that named a known one */
	/* How the CSV files are read: dialects and encoding. */
	symbi__csv_limits csv;
	/* The last unit read well, and what it means: most rows repeat it. */
	char last_unit[32];
	symbi_unit last_unit_val;
	size_t hints; /* unknown units and codes given a suggestion so far */
} loader;

static void report(loader *L, symbi_severity sev, uint32_t line, const char *col, const char *fmt,
                   ...) SYMBI_PRINTF(5, 6);

static void report(loader *L, symbi_severity sev, uint32_t line, const char *col, const char *fmt,
                   ...)
{
	char msg[900];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (sev == SYMBI_SEV_ERROR) {
		L->errors++;
		L->row_errors++;
	}
	if (col)
		symbi__diag(L->diags, sev, L->path, line, col, "%s: %s", col, msg);
	else
		symbi__diag(L->diags, sev, L->path, line, NULL, "%s", msg);
}

#define ERR(L, line, col, ...) report(L, SYMBI_SEV_ERROR, line, col, __VA_ARGS__)
#define WARN(L, line, col, ...) report(L, SYMBI_SEV_WARNING, line, col, __VA_ARGS__)

/* ==== Header ======================================================================== */

/* The column of `cols` a header name stands for (English or an alias of
 * words.c, case-insensitive), or -1. */
static int column_of(const char *name, const col_spec *cols, size_t ncols)
{
	const char *canon = symbi__word_find(symbi__column_words, symbi__column_word_count, name);
	if (!canon)
		return -1;
	for (size_t c = 0; c < ncols; c++)
		if (strcmp(cols[c].name, canon) == 0)
			return (int)c;
	return -1;
}

/* Header typos. A header that names no column but lies close to one that
 * is absent from the file is most likely that column mistyped (`temp`,
 * `disposal cost`, `price`, `max km`, `kommunne`): ignoring it silently
 * would drop a column the user meant to give. "Close" is one of:
 *   - the same word once spaces and dashes are read as '_' ("max km");
 *   - an edit distance of 1 for names of up to 4 letters, 2 up to 9, 3
 *     beyond ("temperature" -> "temperatur", "kommunne" -> "kommune");
 *   - a single word of 3 letters or more that is one of the '_'-separated
 *     words of the column's name ("price" -> purchase_price, "temp" ->
 *     temp_c).
 * Columns already in the header are never suggested: with `name` present,
 * `contact_name` is an extra column, not a typo. Ties go to the earlier
 * entry of the table (the English name before its aliases). */
/* True when `w` is one of the '_'-separated words of `name`. */
static bool is_word_of(const char *w, const char *name)
{
	size_t n = strlen(w);
	for (const char *p = name; *p;) {
		size_t len = strcspn(p, "_");
		if (len == n && strncmp(p, w, n) == 0)
			return true;
		p += len;
		p += *p == '_';
	}
	return false;
}

static const symbi__word *typo_of(const char *name, const col_spec *cols, size_t ncols,
                                  const int *pos)
{
	char norm[64];
	size_t n = 0;
	for (const char *p = name; *p && n < sizeof norm - 1; p++)
		norm[n++] = (*p == ' ' || *p == '-') ? '_'
		            : (*p >= 'A' && *p <= 'Z') ? (char)(*p + 32)
		                                       : *p;
	norm[n] = '\0';
	if (n == 0 || name[n] != '\0')
		return NULL;
	size_t cap = n <= 4 ? 1 : n <= 9 ? 2 : 3;
	bool one_word = !strchr(norm, '_');
	const symbi__word *best = NULL;
	size_t best_d = SIZE_MAX;
	for (size_t w = 0; w < symbi__column_word_count; w++) {
		const symbi__word *cw = &symbi__column_words[w];
		int c = -1;
		for (size_t k = 0; k < ncols; k++)
			if (strcmp(cols[k].name, cw->canonical) == 0)
				c = (int)k;
		if (c < 0 || pos[c] >= 0)
			continue;
		size_t d = symbi__word_casecmp(norm, cw->word) == 0
		               ? 0
		               : symbi__levenshtein(norm, cw->word, cap);
		if (d > cap) {
			if (!one_word || n < 3 || !is_word_of(norm, cw->word))
				continue;
			d = cap + 1; /* after every edit-distance match */
		}
		if (d < best_d) {
			best_d = d;
			best = cw;
		}
	}
	return best;
}

/* The first alias of a column in words.c's table (its Norwegian name). */
static const char *norwegian_name(const char *canonical)
{
	for (size_t w = 0; w < symbi__column_word_count; w++)
		if (strcmp(symbi__column_words[w].canonical, canonical) == 0 &&
		    strcmp(symbi__column_words[w].word, canonical) != 0)
			return symbi__column_words[w].word;
	return NULL;
}

/* The error for missing required columns, naming them in English and in
 * Norwegian (for a user who wrote the Norwegian names). */
static void missing_error(loader *L, uint32_t line, const col_spec *cols, size_t ncols,
                          size_t nmissing, const char *missing)
{
	char no[256] = "";
	size_t nused = 0, k = 0;
	for (size_t c = 0; c < ncols; c++) {
		const char *alias = norwegian_name(cols[c].name);
		if (!cols[c].required || L->pos[c] >= 0 || !alias)
			continue;
		int w = snprintf(no + nused, sizeof no - nused, "%s'%s'", k++ ? ", " : "", alias);
		if (w > 0 && (size_t)w < sizeof no - nused)
			nused += (size_t)w;
	}
	ERR(L, line, NULL, "missing required column%s %s in the header (in Norwegian: %s)",
	    nmissing > 1 ? "s" : "", missing, no);
}

/* Match the header's names (trimmed, case-insensitive, English or an alias
 * of words.c) to the known columns. Unknown columns are ignored, with a
 * warning when they look like a mistyped known one; a column given twice
 * (under the same or another of its names) and missing required columns
 * are errors, reported once for the header. Returns true when the rows can
 * be read. */
static bool read_header(loader *L, const symbi__csv_row *row, const col_spec *cols, size_t ncols)
{
	for (size_t c = 0; c < ncols; c++)
		L->pos[c] = -1;
	L->ncols = row->nfields;
	bool ok = true;
	for (size_t i = 0; i < row->nfields; i++) {
		const char *name = symbi__trim(row->fields[i]);
		if (!*name)
			continue; /* spreadsheets leave empty header cells: ignored */
		bool twice = false;
		for (size_t j = 0; j < i && !twice; j++)
			if (symbi__word_casecmp(row->fields[j], name) == 0) {
				ERR(L, row->line, NULL,
				    "column '%s' appears twice in the header (fields %zu and %zu)",
				    name, j + 1, i + 1);
				ok = false;
				twice = true;
			}
		int c = column_of(name, cols, ncols);
		if (c < 0 || twice)
			continue;
		if (L->pos[c] >= 0) {
			ERR(L, row->line, NULL,
			    "columns '%s' (field %d) and '%s' (field %zu) both give '%s'",
			    row->fields[L->pos[c]], L->pos[c] + 1, name, i + 1, cols[c].name);
			ok = false;
			continue;
		}
		L->pos[c] = (int)i;
	}
	for (size_t i = 0; i < row->nfields; i++) {
		const char *name = row->fields[i];
		if (!*name || column_of(name, cols, ncols) >= 0 ||
		    symbi__word_find(symbi__column_words, symbi__column_word_count, name))
			continue;
		const symbi__word *near = typo_of(name, cols, ncols, L->pos);
		if (!near)
			continue;
		if (strcmp(near->word, near->canonical) == 0)
			WARN(L, row->line, NULL,
			     "unknown column '%s' is ignored: did you mean '%s'?", name, near->word);
		else
			WARN(L, row->line, NULL,
			     "unknown column '%s' is ignored: did you mean '%s' (%s)?", name,
			     near->word, near->canonical);
	}
	char missing[512] = "";
	size_t nmissing = 0, used = 0;
	for (size_t c = 0; c < ncols; c++) {
		if (!cols[c].required || L->pos[c] >= 0)
			continue;
		int w = snprintf(missing + used, sizeof missing - used, "%s'%s'",
		                 nmissing ? ", " : "", cols[c].name);
		if (w > 0 && (size_t)w < sizeof missing - used)
			used += (size_t)w;
		nmissing++;
	}
	if (nmissing) {
		/* The names all there, but joined by a delimiter the file was not
		 * read with: say which. */
		const char *names[MAX_COLS + 128];
		size_t nnames = 0;
		for (size_t c = 0; c < ncols; c++)
			names[nnames++] = cols[c].name;
		for (size_t k = 0; k < symbi__column_word_count && nnames < sizeof names / sizeof *names;
		     k++)
			names[nnames++] = symbi__column_words[k].word; /* navn, bedrift_id... */
		char d = symbi__csv_other_delim(row, names, nnames);
		if (d)
			ERR(L, row->line, NULL,
			    "the header's names are separated by '%s'%s: save the file with commas, "
			    "semicolons or tabs between the columns",
			    d == '\t' ? "\\t" : (char[]){d, 0},
			    row->delim ? (row->delim == ',' ? ", not by commas"
			                  : row->delim == ';' ? ", not by semicolons"
			                                      : ", not by tabs")
			               : "");
		else
			missing_error(L, row->line, cols, ncols, nmissing, missing);
		ok = false;
	}
	return ok;
}

/* Trim spaces and tabs around the fields of the known columns, in place
 * (the reader's buffers are ours until we return), once per row: the
 * reader's lengths spare a strlen, and the lengths are kept up to date so
 * that trimming again changes nothing. */
static void trim_row(const loader *L, const symbi__csv_row *row, size_t ncols)
{
	for (size_t c = 0; c < ncols; c++) {
		int i = L->pos[c];
		if (i < 0 || (size_t)i >= row->nfields)
			continue;
		char *s = row->fields[i];
		size_t a = 0, n = row->lens[i];
		while (a < n && (s[a] == ' ' || s[a] == '\t'))
			a++;
		while (n > a && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		if (a)
			memmove(s, s + a, n - a);
		s[n - a] = '\0';
		row->lens[i] = n - a;
	}
}

/* The value of column `c` in `row` (trimmed by trim_row), "" when the
 * column or the field is absent. */
static const char *val(const loader *L, const symbi__csv_row *row, int c)
{
	int i = L->pos[c];
	if (i < 0 || (size_t)i >= row->nfields)
		return "";
	return row->fields[i];
}

static bool blank_field(const char *p)
{
	for (; *p; p++)
		if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n')
			return false;
	return true;
}

/* A record of only empty fields (",,,," or spaces) is a blank line. */
static bool blank_row(const symbi__csv_row *row)
{
	for (size_t i = 0; i < row->nfields; i++)
		if (!blank_field(row->fields[i]))
			return false;
	return true;
}

/* More non-empty fields than the header names usually means an unquoted
 * comma shifted the columns: the values would be read into the wrong ones. */
static bool shifted_row(loader *L, const symbi__csv_row *row)
{
	size_t last = row->nfields;
	while (last > L->ncols && blank_field(row->fields[last - 1]))
		last--; /* trailing empty fields: a trailing comma, harmless */
	if (last <= L->ncols)
		return false;
	if (!row->delim) /* a workbook: no delimiter to miss, a cell past the headings */
		ERR(L, row->line, NULL,
		    "a value in column %zu, right of the %zu headed columns: give it a heading or "
		    "clear it",
		    last, L->ncols);
	else
		ERR(L, row->line, NULL,
		    "record has %zu fields but the header has %zu (an unquoted comma in a value?)",
		    last, L->ncols);
	return true;
}

/* The last part of a path, for messages that name the other file. */
static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* ==== Values ======================================================================== */

/* Required text: reports an empty value. */
static const char *need(loader *L, const symbi__csv_row *row, int c, const col_spec *cols)
{
	const char *v = val(L, row, c);
	if (!*v)
		ERR(L, row->line, cols[c].name, "missing value (required)");
	return v;
}

/* A number in column `c`. Returns true with *out set when a valid number is
 * there; false when it is empty (reported if `required`) or not a number
 * (reported). */
static bool number(loader *L, const symbi__csv_row *row, int c, const col_spec *cols, double *out)
{
	const char *v = val(L, row, c);
	if (!*v) {
		if (cols[c].required)
			ERR(L, row->line, cols[c].name, "missing value (required)");
		return false;
	}
	if (symbi__parse_double(v, out) == 0)
		return true;
	/* Excel with Norwegian settings saves "12,5" in a semicolon file. */
	double dv;
	int dc = symbi__parse_decimal_comma(v, &dv);
	if (dc == 0 && row->delim == ';') {
		*out = dv;
		return true;
	}
	if (dc == 1)
		ERR(L, row->line, cols[c].name,
		    "'%s' has a thousands separator: write the number without it (in Excel: "
		    "Format Cells, Number, untick 'Use 1000 Separator')",
		    v);
	else if (strchr(v, ',') && !strchr(v, '.'))
		ERR(L, row->line, cols[c].name,
		    "'%s' is not a number (use '.' as the decimal point)", v);
	else
		ERR(L, row->line, cols[c].name, "'%s' is not a number", v);
	return false;
}

/* Keep an id of a failed row (copied into the loader's arena), with the
 * source and line it was on. */
static int remember(loader *L, symbi__map *m, const char *id, uint32_t line)
{
	if (!*id || symbi__map_get(m, id) >= 0)
		return 0;
	char *copy = symbi__arena_strdup(&L->arena, id);
	if (!copy || L->nfailed >= INT32_MAX ||
	    symbi__grow((void **)&L->failed, &L->capfailed, L->nfailed + 1, sizeof *L->failed))
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	L->failed[L->nfailed] = (struct failed_at){line, (uint32_t)L->cur};
	return symbi__map_put(m, copy, (int32_t)L->nfailed++);
}

/* The source that added firm (streams: stream) `i`; SIZE_MAX when it was
 * added by code before loading. */
static size_t source_of(const loader *L, uint32_t i, bool stream)
{
	size_t k = L->nsrc;
	while (k > 0 && i < (stream ? L->src[k - 1].stream_start : L->src[k - 1].firm_start))
		k--;
	return k ? k - 1 : SIZE_MAX;
}

/* Where the first row of a duplicate id was, for the message: "on line 4"
 * in the file being read, "at plant/firms.csv:2" in another file of a
 * merged dataset. `k` is that row's source (SIZE_MAX: added by code). */
static const char *first_at(const loader *L, size_t k, uint32_t line, bool stream, char *buf,
                            size_t size)
{
	if (k == SIZE_MAX || k == L->cur)
		snprintf(buf, size, "on line %u", line);
	else
		snprintf(buf, size, "at %s:%u", stream ? L->src[k].streams : L->src[k].firms, line);
	return buf;
}

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
 * against it (SPEC: issue 15 item 5). A firm without lat and lon is put at
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
	const char *mun = val(L, row, F_MUNICIPALITY);
	int32_t found[2];
	size_t nfound = *mun ? symbi_kb_find_municipalities(L->kb, mun, found, 2) : 0;
	char hint[300];
	if (by_municipality) {
		if (nfound == 1) {
			const symbi_municipality *m = symbi_kb_municipality(L->kb, (size_t)found[0]);
			f->lat = m->lat;
			f->lon = m->lon;
			WARN(L, line, NULL,
			     "firm '%s' has no lat and lon: placed at the centroid of %s (%s), so its "
			     "distances are approximate (points of %s lie up to %.0f km from it)",
			     val(L, row, F_FIRM_ID), m->name, m->number, m->name,
			     symbi_municipality_reach_km(m));
		} else if (nfound > 1) {
			const symbi_municipality *a = symbi_kb_municipality(L->kb, (size_t)found[0]);
			const symbi_municipality *b = symbi_kb_municipality(L->kb, (size_t)found[1]);
			ERR(L, line, "municipality",
			    "'%s' names two municipalities (%s and %s): give its number to place the "
			    "firm without lat and lon",
			    mun, a->number, b->number);
		} else {
			municipality_hint(L, mun, hint, sizeof hint);
			ERR(L, line, "municipality",
			    "'%s' is not a Norwegian municipality (name or number), so the firm cannot "
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
	const char *lat = val(L, row, F_LAT), *lon = val(L, row, F_LON);
	if (nfound == 0) {
		if (!symbi__in_norway(f->lat, f->lon) && symbi__in_norway(f->lon, f->lat))
			WARN(L, line, NULL,
			     "lat %s and lon %s look swapped: (%s, %s) lies outside Norway, (%s, %s) "
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
		     "(%s, %s) is %.0f km from the centroid of %s (%s), farther than any point of it "
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

static int on_firm(void *ctx, const symbi__csv_row *row)
{
	loader *L = ctx;
	const col_spec *C = firm_cols;
	if (!L->header_seen) {
		L->header_seen = true;
		/* A header we cannot read ends the file (no row can be placed). */
		return read_header(L, row, C, F_NCOLS) ? 0 : SYMBI_EINPUT;
	}
	trim_row(L, row, F_NCOLS);
	if (blank_row(row))
		return 0;
	L->row_errors = 0;
	uint32_t line = row->line;
	symbi_firm f = {0};
	f.employees = -1;
	f.region = -1;

	const char *id = val(L, row, F_FIRM_ID);
	/* The duplicate check below looks the id up in a table far larger
	 * than the cache: start loading its slot now, behind the row's work. */
	symbi__map_prefetch(&L->ds->firm_index, id);
	if (shifted_row(L, row))
		return remember(L, &L->failed_firms, id, line);

	id = need(L, row, F_FIRM_ID, C);
	const char *name = need(L, row, F_NAME, C);
	/* Without lat and lon, the municipality places the firm (place()). */
	bool by_municipality =
	    !*val(L, row, F_LAT) && !*val(L, row, F_LON) && *val(L, row, F_MUNICIPALITY);
	bool coords = !by_municipality;
	if (coords && number(L, row, F_LAT, C, &f.lat) && (f.lat < -90.0 || f.lat > 90.0))
		ERR(L, line, "lat", "%s is outside [-90, 90]", val(L, row, F_LAT));
	if (coords && number(L, row, F_LON, C, &f.lon) && (f.lon < -180.0 || f.lon > 180.0))
		ERR(L, line, "lon", "%s is outside [-180, 180]", val(L, row, F_LON));

	char nace[16], zero[16], extra[40];
	const char *v = val(L, row, F_NACE);
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
		if (!dot_after_division(text) || symbi__nace_plausible(text, nace, sizeof nace) != 0) {
			ERR(L, line, "nace",
			    "'%s' is not a NACE Rev. 2 code (e.g. '16.10', 'C16.1', '23')", v);
		} else {
			f.nace = nace;
			if (mended)
				WARN(L, line, "nace",
				     "'%s' read as '%s': the division lost its leading zero (as Excel "
				     "does with a number); store the column as text",
				     v, nace);
		}
	}
	v = val(L, row, F_EMPLOYEES);
	if (*v && symbi__parse_int64(v, 0, INT64_MAX, &f.employees) != 0)
		ERR(L, line, "employees", "'%s' is not a whole number >= 0", v);
	v = val(L, row, F_MUNICIPALITY);
	f.municipality = *v ? v : NULL;
	v = val(L, row, F_ORG_NR);
	f.org_nr = *v ? v : NULL;
	const char *region = val(L, row, F_REGION);

	if (*id) {
		int32_t first = symbi_dataset_find_firm(L->ds, id);
		int32_t failed = symbi__map_get(&L->failed_firms, id);
		char at[1200];
		if (first >= 0)
			first_at(L, source_of(L, (uint32_t)first, false),
			         symbi_dataset_firm(L->ds, (uint32_t)first)->line, false, at, sizeof at);
		else if (failed >= 0)
			first_at(L, L->failed[failed].src, L->failed[failed].line, false, at, sizeof at);
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
		return remember(L, &L->failed_firms, id, line);

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
		                  !named[k] ? "" : strlen(label) > 40 ? "...)" : ")",
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
	const char *v = val(L, row, S_RESOURCE);
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
				snprintf(text[k], sizeof text[k], "%s%s%s", symbi__unit_words[u].word,
				         p ? "/" : "", p ? symbi__period_words[p - 1].word : "");
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
	const char *v = val(L, row, S_ABP);
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
		snprintf(buf, size, "%s", base_name(L->src[0].firms));
		return;
	}
	size_t used = 0;
	buf[0] = '\0';
	for (size_t k = 0; k < L->nsrc && k < 4 && used < size; k++) {
		int w = snprintf(buf + used, size - used, "%s%s",
		                 k == 0 ? "" : k + 1 == L->nsrc ? " or " : ", ", L->src[k].firms);
		if (w < 0)
			break;
		used += (size_t)w;
	}
	if (L->nsrc > 4 && used < size)
		snprintf(buf + used, size - used, " or %zu more files", L->nsrc - 4);
}

static int on_stream(void *ctx, const symbi__csv_row *row)
{
	loader *L = ctx;
	const col_spec *C = stream_cols;
	if (!L->header_seen) {
		L->header_seen = true;
		return read_header(L, row, C, S_NCOLS) ? 0 : SYMBI_EINPUT;
	}
	trim_row(L, row, S_NCOLS);
	if (blank_row(row))
		return 0;
	L->row_errors = 0;
	uint32_t line = row->line;
	symbi_stream s = {0};
	s.temp_c = NAN;
	s.disposal_cost = NAN;
	s.purchase_price = NAN;
	s.max_km = NAN;
	s.months = SYMBI_MONTHS_ALL;

	const char *firm_id = val(L, row, S_FIRM_ID);
	const char *stream_id = val(L, row, S_STREAM_ID);
	if (*stream_id) /* as in on_firm: the duplicate check comes last */
		symbi__map_prefetch(&L->ds->stream_index_map, stream_id);
	int32_t firm = *firm_id ? find_firm(L, firm_id) : -1;
	if (firm >= 0)
		L->rows_per_firm[firm]++;
	if (shifted_row(L, row))
		return remember(L, &L->failed_streams, stream_id, line);

	/* The firm it belongs to. */
	if (!*firm_id)
		ERR(L, line, "firm_id", "missing value (required)");
	else if (firm < 0 && L->firms_known && symbi__map_get(&L->failed_firms, firm_id) < 0) {
		char files[600];
		firm_files(L, files, sizeof files);
		ERR(L, line, "firm_id", "unknown firm '%s' (not in %s)", firm_id, files);
	}

	/* Direction. */
	const char *v = need(L, row, S_DIRECTION, C);
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
			    "'%s' is neither 'supply' nor 'demand' (in Norwegian 'tilbud' or 'behov')",
			    v);
		}
	}

	int32_t code = resource(L, row, s.direction, dir_ok);
	const symbi_code *sc = code >= 0 ? symbi_kb_code(L->kb, code) : NULL;
	s.code = code;

	/* Unit, then quantity in base units per year. */
	symbi_unit unit;
	bool unit_ok = false;
	v = need(L, row, S_UNIT, C);
	if (*v) {
		if (!parse_unit(L, v, &unit)) {
			char hint[160] = "";
			unit_hint(L, v, hint, sizeof hint);
			ERR(L, line, "unit",
			    "unknown unit '%s'%s (use t, kg, m3, l, MWh, kWh or GWh, optionally with "
			    "/yr, /month, /week, /day or /h; Norwegian tonn, liter, m³, /år, ... are "
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
	if (number(L, row, S_QUANTITY, C, &q)) {
		if (q < 0) {
			ERR(L, line, "quantity", "%s is negative", val(L, row, S_QUANTITY));
		} else if (unit_ok) {
			s.quantity = q * unit.to_base * unit.per_year;
			if (!isfinite(s.quantity))
				ERR(L, line, "quantity", "%s %s is too large",
				    val(L, row, S_QUANTITY), val(L, row, S_UNIT));
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
	if (number(L, row, S_TEMP_C, C, &t)) {
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
				     val(L, row, S_TEMP_C));
		}
	}
	v = val(L, row, S_MONTHS);
	if (*v && symbi_months_parse(v, &s.months) != 0)
		ERR(L, line, "months",
		    "'%s' is not a list of months 1-12 (e.g. '1-12', '5-9', '1,2,11-12', '11-2')",
		    v);
	/* Prices are NOK per unit given (no period): per base unit they are
	 * divided by the unit's size (2 NOK/kg = 2000 NOK/t). The scorer uses a
	 * supply's disposal cost and a demand's purchase price only. */
	double price;
	if (number(L, row, S_DISPOSAL, C, &price) && unit_ok) {
		if (dir_ok && s.direction == SYMBI_DEMAND)
			WARN(L, line, "disposal_cost",
			     "only used on a supply; ignored on a demand");
		else
			s.disposal_cost = price / unit.to_base;
	}
	if (number(L, row, S_PURCHASE, C, &price) && unit_ok) {
		if (dir_ok && s.direction == SYMBI_SUPPLY)
			WARN(L, line, "purchase_price",
			     "only used on a demand; ignored on a supply");
		else
			s.purchase_price = price / unit.to_base;
	}
	double km;
	if (number(L, row, S_MAX_KM, C, &km)) {
		if (km < 0)
			ERR(L, line, "max_km", "%s is negative", val(L, row, S_MAX_KM));
		else if (km == 0)
			WARN(L, line, "max_km",
			     "is 0, so this stream can only be exchanged on its own site");
		s.max_km = km;
	}
	v = val(L, row, S_NOTE);
	s.note = *v ? v : NULL;
	s.file = L->src[L->cur].short_streams;
	abp_category(L, row, line, &s);

	/* Duplicate stream ids (the id is kept even when the row is bad). */
	if (*stream_id) {
		int32_t first = symbi_dataset_find_stream(L->ds, stream_id);
		int32_t failed = symbi__map_get(&L->failed_streams, stream_id);
		char at[1200];
		if (first >= 0)
			first_at(L, source_of(L, (uint32_t)first, true),
			         symbi_dataset_stream(L->ds, (uint32_t)first)->line, true, at, sizeof at);
		else if (failed >= 0)
			first_at(L, L->failed[failed].src, L->failed[failed].line, true, at, sizeof at);
		if (first >= 0 || failed >= 0)
			ERR(L, line, "stream_id", "duplicate stream_id '%s' (first %s)", stream_id, at);
	}
	if (L->row_errors || firm < 0)
		return remember(L, &L->failed_streams, stream_id, line);
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

/* ==== Loading ======================================================================= */

/* Read one file of the current source; returns 0, SYMBI_EIO (cannot be
 * read), SYMBI_EINPUT (a file-level problem, already reported) or
 * SYMBI_ENOMEM. `*dropped` tells whether the reader itself reported errors:
 * records it could not decode (invalid UTF-8) are reported and never reach
 * the callback. */
static int read_file(loader *L, symbi__csv_fn fn, bool *dropped)
{
	struct source *S = &L->src[L->cur];
	int k = fn == on_stream;
	L->path = k ? S->streams : S->firms;
	L->header_seen = false;
	size_t before = symbi_diags_errors(L->diags), mine = L->errors;
	int rc;
	if (S->book[k]) {
		/* The sheet's label ("BOOK.xlsx:SHEET") is the file of messages. */
		static const char *const firms[] = {"firms", "virksomheter", "bedrifter", NULL};
		static const char *const streams[] = {"streams", "strømmer", NULL};
		if (k && S->book[0] && strcmp(S->book[0], S->book[1]) == 0 && S->book_bad[0]) {
			*dropped = true;
			return SYMBI_EINPUT; /* the workbook was reported with the first sheet */
		}
		rc = symbi__xlsx_read(S->book[k], k ? streams : firms, S->label[k], sizeof S->label[0],
		                      NULL, fn, L, L->diags, &S->book_bad[k]);
	} else {
		rc = symbi__csv_read(L->path, &L->csv, fn, L, L->diags);
	}
	size_t reader = symbi_diags_errors(L->diags) - before - (L->errors - mine);
	L->errors += reader;
	if ((rc == SYMBI_EINPUT || rc == SYMBI_EIO) && L->errors == mine)
		L->errors++; /* a failure nobody reported: still an error */
	*dropped = reader > 0;
	return rc;
}

/* A path that names an Excel workbook by its extension. */
static bool is_workbook(const char *path)
{
	size_t n = path ? strlen(path) : 0;
	return n > 5 && strcasecmp(path + n - 5, ".xlsx") == 0;
}

/* Load the sources into `ds`: the firms of every source, in order, then
 * the streams of every source, so that a stream may name a firm of another
 * source. */
static int load(symbi_dataset *ds, const symbi_dataset_source *sources, size_t nsources,
                const symbi_load_options *opt, symbi_diags *diags)
{
	if (!ds || !ds->kb || !sources || !nsources)
		return symbi__error(SYMBI_EQUERY,
		                    "dataset load: missing dataset, knowledge base or source");
	for (size_t k = 0; k < nsources; k++)
		if (!sources[k].workbook && (!sources[k].firms || !sources[k].streams))
			return symbi__error(SYMBI_EQUERY, "dataset load: source %zu lacks a path", k + 1);
	loader L = {0};
	L.ds = ds;
	L.kb = ds->kb;
	L.csv.dialects = true;
	L.csv.encoding = opt ? opt->encoding : SYMBI_ENCODING_AUTO;
	L.src = calloc(nsources, sizeof *L.src);
	if (!L.src)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	L.nsrc = nsources;
	for (size_t k = 0; k < nsources; k++) {
		struct source *S = &L.src[k];
		const char *book = sources[k].workbook;
		S->firms = sources[k].firms;
		S->streams = sources[k].streams;
		/* A workbook, or a file of it whose name says it is one. */
		S->book[0] = book ? book : is_workbook(S->firms) ? S->firms : NULL;
		S->book[1] = book ? book : is_workbook(S->streams) ? S->streams : NULL;
		for (int j = 0; j < 2; j++)
			if (S->book[j]) {
				snprintf(S->label[j], sizeof S->label[j], "%s:%s", S->book[j],
				         j ? "streams" : "firms");
				*(j ? &S->streams : &S->firms) = S->label[j];
			}
		if (k > 0) {
			const char *p = S->streams + strlen(S->streams);
			int parts = 0;
			/* A workbook's sheet: "plant.xlsx:streams". */
			int keep = S->book[1] ? 1 : 2;
			while (p > S->streams && !(p[-1] == '/' && ++parts == keep))
				p--;
			S->short_streams = p;
		}
	}
	/* Without a caller's list, count in one that keeps nothing: the
	 * reader's own errors must still fail the load. */
	symbi_diags *own = NULL;
	int rc = 0;
	if (!diags && symbi_diags_new(&own, 0)) {
		free(L.src);
		return SYMBI_ENOMEM;
	}
	L.diags = diags ? diags : own;
	L.last_firm = -1;
	static const char *const temp_names[3] = {"energy:heat", "energy:steam", "energy:cold"};
	for (int k = 0; k < 3; k++)
		L.temp_codes[k] = symbi_kb_find(L.kb, temp_names[k]);
	size_t firms_before = ds->nfirms;
	bool io_failed = false, dropped = false, any_dropped = false;
	/* Streams added by code before loading count as rows of their firm. */
	if (ds->nfirms && symbi__grow((void **)&L.rows_per_firm, &L.caprows, ds->nfirms,
	                              sizeof *L.rows_per_firm)) {
		rc = SYMBI_ENOMEM;
		goto done;
	}
	for (size_t f = 0; f < ds->nfirms; f++)
		L.rows_per_firm[f] = ds->firm_stream_count[f];

	/* When a firms file could not be read whole (not opened, unusable
	 * header, broken quoting, undecodable rows), firm references cannot be
	 * judged: the streams are still checked, but "unknown firm" would
	 * mostly be echoes of the problems already reported. */
	L.firms_known = true;
	for (L.cur = 0; L.cur < nsources; L.cur++) {
		L.src[L.cur].firm_start = (uint32_t)ds->nfirms;
		rc = read_file(&L, on_firm, &dropped);
		if (rc && rc != SYMBI_EINPUT && rc != SYMBI_EIO)
			goto done; /* out of memory, a limit: nothing more to learn */
		io_failed = io_failed || rc == SYMBI_EIO;
		L.firms_known = L.firms_known && rc == 0 && !dropped;
	}
	int streams_rc = 0;
	for (L.cur = 0; L.cur < nsources; L.cur++) {
		L.src[L.cur].stream_start = (uint32_t)ds->nstreams;
		L.last_firm = -1;
		rc = read_file(&L, on_stream, &dropped);
		if (rc && rc != SYMBI_EINPUT && rc != SYMBI_EIO)
			goto done;
		io_failed = io_failed || rc == SYMBI_EIO;
		any_dropped = any_dropped || dropped;
		if (rc)
			streams_rc = rc;
	}

	/* Firms that no stream row names (whether or not the row was good).
	 * When a streams file was not read whole (rows it could not decode, a
	 * header it could not use), the firms of the rows lost are unknown:
	 * the warning would be false, and is left out. */
	for (size_t f = firms_before; !any_dropped && streams_rc == 0 && f < ds->nfirms; f++)
		if (L.rows_per_firm[f] == 0) {
			L.cur = source_of(&L, (uint32_t)f, false);
			L.path = L.src[L.cur].firms;
			WARN(&L, ds->firms[f].line, NULL, "firm '%s' has no streams",
			     ds->firms[f].id);
		}

	if (io_failed)
		rc = symbi__error(SYMBI_EIO, "dataset could not be read");
	else if (L.errors)
		rc = symbi__error(SYMBI_EINPUT, "%zu error%s in the dataset", L.errors,
		                  L.errors == 1 ? "" : "s");
	else
		rc = symbi_dataset_finish(ds, NULL);
done:
	symbi_diags_free(own);
	free(L.rows_per_firm);
	free(L.failed);
	free(L.src);
	symbi__map_clear(&L.failed_firms);
	symbi__map_clear(&L.failed_streams);
	symbi__arena_clear(&L.arena);
	return rc;
}

int symbi_dataset_load(symbi_dataset *ds, const char *firms_path, const char *streams_path,
                       symbi_diags *diags)
{
	return symbi_dataset_load_with(ds, firms_path, streams_path, NULL, diags);
}

int symbi_dataset_load_with(symbi_dataset *ds, const char *firms_path, const char *streams_path,
                            const symbi_load_options *opt, symbi_diags *diags)
{
	symbi_dataset_source one = {firms_path, streams_path, NULL};
	if (!firms_path || !streams_path)
		return symbi__error(SYMBI_EQUERY, "dataset load: missing path");
	return load(ds, &one, 1, opt, diags);
}

int symbi_dataset_load_workbook(symbi_dataset *ds, const char *path,
                                const symbi_load_options *opt, symbi_diags *diags)
{
	if (!path)
		return symbi__error(SYMBI_EQUERY, "dataset load: missing workbook path");
	symbi_dataset_source one = {NULL, NULL, path};
	return load(ds, &one, 1, opt, diags);
}

int symbi_dataset_load_sources(symbi_dataset *ds, const symbi_dataset_source *sources,
                               size_t n, const symbi_load_options *opt, symbi_diags *diags)
{
	return load(ds, sources, n, opt, diags);
}
