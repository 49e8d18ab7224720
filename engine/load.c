/*
 * load.c: reading a dataset (firms.csv and streams.csv, docs/contract.md
 * section 1, or the sheets of a workbook, xlsx.c) into the model, checking
 * every value and reporting every problem. This file holds the loader, the
 * header and value readers and the files of each source; a row of each
 * file is read in load_firms.c and load_streams.c (load_internal.h).
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

#include "legal.h"
#include "load_internal.h"
#include "words.h"
#include "xlsx.h"

/* ==== Diagnostics =================================================================== */

void symbi__load_report(loader *L, symbi_severity sev, uint32_t line, const char *col,
                        const char *fmt, ...)
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
		norm[n++] = (*p == ' ' || *p == '-')   ? '_'
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
bool symbi__load_header(loader *L, const symbi__csv_row *row, const col_spec *cols, size_t ncols)
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
			     "unknown column '%s' is ignored: did you mean '%s'?", name,
			     near->word);
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
		for (size_t k = 0;
		     k < symbi__column_word_count && nnames < sizeof names / sizeof *names; k++)
			names[nnames++] = symbi__column_words[k].word; /* navn, bedrift_id... */
		char d = symbi__csv_other_delim(row, names, nnames);
		if (d)
			ERR(L, row->line, NULL,
			    "the header's names are separated by '%s'%s: save the file with "
			    "commas, "
			    "semicolons or tabs between the columns",
			    d == '\t' ? "\\t" : (char[]){d, 0},
			    row->delim ? (row->delim == ','   ? ", not by commas"
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
void symbi__load_trim(const loader *L, const symbi__csv_row *row, size_t ncols)
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
const char *symbi__load_val(const loader *L, const symbi__csv_row *row, int c)
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
bool symbi__load_blank_row(const symbi__csv_row *row)
{
	for (size_t i = 0; i < row->nfields; i++)
		if (!blank_field(row->fields[i]))
			return false;
	return true;
}

/* More non-empty fields than the header names usually means an unquoted
 * comma shifted the columns: the values would be read into the wrong ones. */
bool symbi__load_shifted_row(loader *L, const symbi__csv_row *row)
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
const char *symbi__load_base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

int symbi__load_row_begin(loader *L, const symbi__csv_row *row, const col_spec *cols, size_t ncols)
{
	if (!L->header_seen) {
		L->header_seen = true;
		return symbi__load_header(L, row, cols, ncols) ? 0 : SYMBI_EINPUT;
	}
	symbi__load_trim(L, row, ncols);
	if (symbi__load_blank_row(row))
		return 0;
	L->row_errors = 0;
	return 1;
}

/* ==== Values ======================================================================== */

/* Required text: reports an empty value. */
const char *symbi__load_need(loader *L, const symbi__csv_row *row, int c, const col_spec *cols)
{
	const char *v = symbi__load_val(L, row, c);
	if (!*v)
		ERR(L, row->line, cols[c].name, "missing value (required)");
	return v;
}

/* True when `v` is a number with ',' between groups of three digits, as an
 * English spreadsheet writes a thousand: "1,234", "-12,345,678",
 * "1,234.5". A first group starting with 0 ("0,125") is never one. */
static bool comma_grouped(const char *v)
{
	static const char digits[] = "0123456789";
	const char *p = v + (*v == '-' || *v == '+');
	size_t lead = strspn(p, digits);
	if (lead == 0 || lead > 3 || *p == '0')
		return false;
	p += lead;
	int groups = 0;
	for (; *p == ',' && strspn(p + 1, digits) == 3; p += 4)
		groups++;
	if (*p == '.' && groups && strspn(p + 1, digits))
		p += 1 + strspn(p + 1, digits);
	return groups && *p == '\0';
}

/* A number in column `c`. Returns true with *out set when a valid number is
 * there; false when it is empty (reported if `required`) or not a number
 * (reported).
 *
 * The decimal separator follows where the text comes from: '.' always; a
 * comma too in a semicolon file (Excel with Norwegian settings saves
 * "12,5"), and in a tab-separated file or a workbook's text cell, which
 * may come from a Norwegian or an English spreadsheet, where the comma is
 * read as a decimal comma only when it cannot be an English thousands
 * separator: "1,234" is refused there as ambiguous, naming both readings.
 * A comma file keeps '.' only (its comma splits fields). Thousands
 * separators are refused everywhere. */
bool symbi__load_number(loader *L, const symbi__csv_row *row, int c, const col_spec *cols,
                        double *out)
{
	const char *v = symbi__load_val(L, row, c);
	if (!*v) {
		if (cols[c].required)
			ERR(L, row->line, cols[c].name, "missing value (required)");
		return false;
	}
	if (symbi__parse_double(v, out) == 0)
		return true;
	double dv;
	int dc = symbi__parse_decimal_comma(v, &dv);
	bool either = row->delim == '\t' || row->delim == 0; /* a tab paste, a workbook */
	bool grouped = comma_grouped(v);
	if (dc == 0 && row->delim == ';') {
		*out = dv;
		return true;
	}
	if (dc == 0 && either && !grouped) {
		*out = dv;
		return true;
	}
	if (dc == 1 || (grouped && strchr(v, '.')))
		ERR(L, row->line, cols[c].name,
		    "'%s' has a thousands separator: write the number without it (in Excel: "
		    "Format Cells, Number, untick 'Use 1000 Separator')",
		    v);
	else if (grouped && either)
		ERR(L, row->line, cols[c].name,
		    "'%s' is ambiguous in a %s: a decimal comma or a thousands separator; write "
		    "it with '.' as the decimal point and no separator",
		    v, row->delim ? "tab-separated file" : "workbook's text cell");
	else if (strchr(v, ',') && !strchr(v, '.'))
		ERR(L, row->line, cols[c].name,
		    "'%s' is not a number (use '.' as the decimal point)", v);
	else
		ERR(L, row->line, cols[c].name, "'%s' is not a number", v);
	return false;
}

/* Keep an id of a failed row (copied into the loader's arena), with the
 * source and line it was on. */
int symbi__load_remember(loader *L, symbi__map *m, const char *id, uint32_t line)
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
size_t symbi__load_source_of(const loader *L, uint32_t i, bool stream)
{
	size_t k = L->nsrc;
	while (k > 0 && i < (stream ? L->src[k - 1].stream_start : L->src[k - 1].firm_start))
		k--;
	return k ? k - 1 : SIZE_MAX;
}

/* Where the first row of a duplicate id was, for the message: "on line 4"
 * in the file being read, "at plant/firms.csv:2" in another file of a
 * merged dataset. `k` is that row's source (SIZE_MAX: added by code). */
const char *symbi__load_first_at(const loader *L, size_t k, uint32_t line, bool stream, char *buf,
                                 size_t size)
{
	if (k == SIZE_MAX || k == L->cur)
		snprintf(buf, size, "on line %u", line);
	else
		snprintf(buf, size, "at %s:%u", stream ? L->src[k].streams : L->src[k].firms, line);
	return buf;
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
	int k = fn == symbi__load_stream_row;
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
		rc = symbi__xlsx_read(S->book[k], k ? streams : firms, S->label[k],
		                      sizeof S->label[0], NULL, fn, L, L->diags, &S->book_bad[k]);
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
			return symbi__error(SYMBI_EQUERY, "dataset load: source %zu lacks a path",
			                    k + 1);
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
		rc = read_file(&L, symbi__load_firm_row, &dropped);
		if (rc && rc != SYMBI_EINPUT && rc != SYMBI_EIO)
			goto done; /* out of memory, a limit: nothing more to learn */
		io_failed = io_failed || rc == SYMBI_EIO;
		L.firms_known = L.firms_known && rc == 0 && !dropped;
	}
	int streams_rc = 0;
	for (L.cur = 0; L.cur < nsources; L.cur++) {
		L.src[L.cur].stream_start = (uint32_t)ds->nstreams;
		L.last_firm = -1;
		rc = read_file(&L, symbi__load_stream_row, &dropped);
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
			L.cur = symbi__load_source_of(&L, (uint32_t)f, false);
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

int symbi_dataset_load_workbook(symbi_dataset *ds, const char *path, const symbi_load_options *opt,
                                symbi_diags *diags)
{
	if (!path)
		return symbi__error(SYMBI_EQUERY, "dataset load: missing workbook path");
	symbi_dataset_source one = {NULL, NULL, path};
	return load(ds, &one, 1, opt, diags);
}

int symbi_dataset_load_sources(symbi_dataset *ds, const symbi_dataset_source *sources, size_t n,
                               const symbi_load_options *opt, symbi_diags *diags)
{
	return load(ds, sources, n, opt, diags);
}
