/*
 * summary.c: the summary of a dataset (counts per class and region, the most
 * common resource codes, totals per dimension) and its JSON and text writers.
 */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "conventions.h"

/* ==== Computing ===================================================================== */

typedef struct code_count {
	int32_t code;
	size_t streams, supplies, demands;
	const char *name; /* the code's text, for the tie-break */
} code_count;

/* Most streams first, then code text bytewise: a total order, so the top
 * list is the same on every run. */
static int by_count(const void *a_, const void *b_)
{
	const code_count *a = a_, *b = b_;
	if (a->streams != b->streams)
		return a->streams > b->streams ? -1 : 1;
	return strcmp(a->name, b->name);
}

/* Regions by name; the "no region" group (name NULL) last. */
static int by_region(const void *a_, const void *b_)
{
	const symbi_summary_group *a = a_, *b = b_;
	if (!a->name || !b->name)
		return !a->name - !b->name;
	return strcmp(a->name, b->name);
}

void symbi_summary_free(symbi_summary *s)
{
	if (!s)
		return;
	free(s->regions);
	free(s->firms_without_streams);
	free(s);
}

int symbi_summary_new(symbi_summary **out, const symbi_dataset *ds)
{
	*out = NULL;
	const symbi_kb *kb = ds->kb;
	size_t nfirms = ds->nfirms, nstreams = ds->nstreams, nregions = ds->nregions;
	size_t ncodes = kb ? symbi_kb_code_count(kb) : 0;
	symbi_summary *s = calloc(1, sizeof *s);
	/* Per firm: bit k set when it has a stream of class k; bit 7 when it has
	 * any stream at all. */
	uint8_t *firm_bits = calloc(nfirms ? nfirms : 1, 1);
	code_count *codes = calloc(ncodes ? ncodes : 1, sizeof *codes);
	if (s) {
		/* One group per region, plus one for firms without a region. */
		s->regions = calloc(nregions + 1, sizeof *s->regions);
		s->firms_without_streams =
		    calloc(nfirms ? nfirms : 1, sizeof *s->firms_without_streams);
	}
	if (!s || !firm_bits || !codes || !s->regions || !s->firms_without_streams) {
		free(firm_bits);
		free(codes);
		symbi_summary_free(s);
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	}
	s->firms = nfirms;
	s->streams = nstreams;
	for (int k = 0; k < SYMBI_CLASS_COUNT; k++)
		s->classes[k].name = symbi_class_name((symbi_class)k);
	for (size_t r = 0; r <= nregions; r++)
		s->regions[r].name = r < nregions ? ds->regions[r] : NULL;

	for (size_t i = 0; i < nstreams; i++) {
		const symbi_stream *st = &ds->streams[i];
		const symbi_firm *f = &ds->firms[st->firm];
		const symbi_code *c =
		    st->code >= 0 && (size_t)st->code < ncodes ? symbi_kb_code(kb, st->code) : NULL;
		bool supply = st->direction == SYMBI_SUPPLY;
		symbi_summary_group *region =
		    &s->regions[f->region >= 0 ? (size_t)f->region : nregions];
		firm_bits[st->firm] |= 0x80;
		if (supply) {
			s->supplies++;
			region->supplies++;
		} else {
			s->demands++;
			region->demands++;
		}
		if ((unsigned)st->dim < 4)
			(supply ? s->offered : s->needed)[st->dim] += st->quantity;
		if (!c)
			continue;
		unsigned k = (unsigned)c->cls < SYMBI_CLASS_COUNT ? (unsigned)c->cls : 0;
		symbi_summary_group *cls = &s->classes[k];
		firm_bits[st->firm] |= (uint8_t)(1u << k);
		if (supply) {
			cls->supplies++;
			if (c->hazardous)
				s->hazardous_supplies++;
		} else {
			cls->demands++;
		}
		code_count *cc = &codes[st->code];
		cc->code = st->code;
		cc->name = c->code;
		cc->streams++;
		if (supply)
			cc->supplies++;
		else
			cc->demands++;
	}
	for (size_t f = 0; f < nfirms; f++) {
		const symbi_firm *firm = &ds->firms[f];
		s->regions[firm->region >= 0 ? (size_t)firm->region : nregions].firms++;
		for (int k = 0; k < SYMBI_CLASS_COUNT; k++)
			if (firm_bits[f] & (1u << k))
				s->classes[k].firms++;
		if (!(firm_bits[f] & 0x80))
			s->firms_without_streams[s->nwithout++] = firm->id;
	}
	/* Keep the "no region" group only when some firm lacks a region. */
	s->nregions = nregions + (s->regions[nregions].firms ? 1 : 0);
	qsort(s->regions, s->nregions, sizeof *s->regions, by_region);

	/* Top codes: compact the used ones, sort, keep the first few. */
	size_t used = 0;
	for (size_t c = 0; c < ncodes; c++)
		if (codes[c].streams)
			codes[used++] = codes[c];
	qsort(codes, used, sizeof *codes, by_count);
	for (size_t k = 0; k < used && k < SYMBI_SUMMARY_TOP; k++) {
		const symbi_code *c = symbi_kb_code(kb, codes[k].code);
		symbi_summary_code *t = &s->top_codes[s->ntop++];
		t->code = c->code;
		t->name = c->name;
		t->streams = codes[k].streams;
		t->supplies = codes[k].supplies;
		t->demands = codes[k].demands;
	}
	free(firm_bits);
	free(codes);
	*out = s;
	return 0;
}

/* ==== JSON ============================================================================ */

/* Quantities in t, m3 and MWh a year are written with the project's rule for
 * quantities (symbi__round, SYMBI__DEC_QTY decimals): short, stable, never -0. */

static bool add_group(cJSON *o, const symbi_summary_group *g)
{
	return symbi__json_count(o, "firms", g->firms) &&
	       symbi__json_count(o, "supplies", g->supplies) &&
	       symbi__json_count(o, "demands", g->demands);
}

/* The summary as a cJSON object (NULL when out of memory). */
static cJSON *summary_json(const symbi_summary *s)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	size_t named =
	    s->nregions && !s->regions[s->nregions - 1].name ? s->nregions - 1 : s->nregions;
	bool ok = symbi__json_count(o, "firms", s->firms) &&
	          symbi__json_count(o, "streams", s->streams) &&
	          symbi__json_count(o, "supplies", s->supplies) &&
	          symbi__json_count(o, "demands", s->demands) &&
	          symbi__json_count(o, "regions", named) &&
	          symbi__json_count(o, "hazardous_supplies", s->hazardous_supplies);
	cJSON *cls = ok ? cJSON_AddObjectToObject(o, "by_class") : NULL;
	ok = cls != NULL;
	for (int k = 0; ok && k < SYMBI_CLASS_COUNT; k++) {
		cJSON *g = cJSON_AddObjectToObject(cls, s->classes[k].name);
		ok = g && add_group(g, &s->classes[k]);
	}
	cJSON *regions = ok ? cJSON_AddArrayToObject(o, "by_region") : NULL;
	ok = regions != NULL;
	for (size_t r = 0; ok && r < s->nregions; r++) {
		cJSON *g = cJSON_CreateObject();
		ok = g && cJSON_AddItemToArray(regions, g);
		if (!ok) {
			cJSON_Delete(g);
			break;
		}
		ok = (s->regions[r].name ? cJSON_AddStringToObject(g, "region", s->regions[r].name)
		                         : cJSON_AddNullToObject(g, "region")) &&
		     add_group(g, &s->regions[r]);
	}
	cJSON *top = ok ? cJSON_AddArrayToObject(o, "top_resources") : NULL;
	ok = top != NULL;
	for (size_t k = 0; ok && k < s->ntop; k++) {
		const symbi_summary_code *t = &s->top_codes[k];
		cJSON *g = cJSON_CreateObject();
		ok = g && cJSON_AddItemToArray(top, g);
		if (!ok) {
			cJSON_Delete(g);
			break;
		}
		ok = cJSON_AddStringToObject(g, "code", t->code) &&
		     (t->name ? cJSON_AddStringToObject(g, "name", t->name)
		              : cJSON_AddNullToObject(g, "name")) &&
		     symbi__json_count(g, "streams", t->streams) &&
		     symbi__json_count(g, "supplies", t->supplies) &&
		     symbi__json_count(g, "demands", t->demands);
	}
	ok = ok && symbi__json_quantities(o, "offered", s->offered) &&
	     symbi__json_quantities(o, "needed", s->needed);
	cJSON *without = ok ? cJSON_AddArrayToObject(o, "firms_without_streams") : NULL;
	ok = without != NULL;
	for (size_t k = 0; ok && k < s->nwithout; k++) {
		cJSON *id = cJSON_CreateString(s->firms_without_streams[k]);
		ok = id && cJSON_AddItemToArray(without, id);
		if (!ok)
			cJSON_Delete(id);
	}
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

/* Print `o` formatted, then a newline; deletes `o`. */
static int print_json(FILE *f, cJSON *o)
{
	if (!o)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	char *text = cJSON_Print(o);
	cJSON_Delete(o);
	if (!text)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	int failed = fputs(text, f) == EOF || fputc('\n', f) == EOF;
	cJSON_free(text);
	return failed ? symbi__error(SYMBI_EIO, "write error") : 0;
}

int symbi_summary_write_json(FILE *f, const symbi_summary *s)
{
	return print_json(f, summary_json(s));
}

int symbi_summary_write_check_json(FILE *f, const symbi_summary *s, const symbi_diags *diags)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	size_t errors = symbi_diags_errors(diags), warnings = symbi_diags_warnings(diags);
	bool ok = cJSON_AddStringToObject(o, "version", SYMBI_VERSION) &&
	          cJSON_AddBoolToObject(o, "valid", errors == 0) &&
	          symbi__json_count(o, "errors", errors) &&
	          symbi__json_count(o, "warnings", warnings);
	cJSON *sum = ok ? summary_json(s) : NULL;
	ok = sum && cJSON_AddItemToObject(o, "summary", sum);
	if (!ok)
		cJSON_Delete(sum);
	cJSON *list = ok ? cJSON_AddArrayToObject(o, "diagnostics") : NULL;
	ok = list != NULL;
	for (size_t i = 0; ok && i < symbi_diags_count(diags); i++) {
		const symbi_diag *g = symbi_diags_get(diags, i);
		cJSON *d = cJSON_CreateObject();
		ok = d && cJSON_AddItemToArray(list, d);
		if (!ok) {
			cJSON_Delete(d);
			break;
		}
		ok = cJSON_AddStringToObject(
		         d, "severity", g->severity == SYMBI_SEV_ERROR ? "error" : "warning") &&
		     (g->file && *g->file ? cJSON_AddStringToObject(d, "file", g->file)
		                          : cJSON_AddNullToObject(d, "file")) &&
		     (g->line ? cJSON_AddNumberToObject(d, "line", g->line)
		              : cJSON_AddNullToObject(d, "line")) &&
		     (g->column ? cJSON_AddStringToObject(d, "column", g->column)
		                : cJSON_AddNullToObject(d, "column")) &&
		     cJSON_AddStringToObject(d, "message", g->message);
	}
	if (!ok) {
		cJSON_Delete(o);
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	}
	return print_json(f, o);
}

/* Firm ids listed in the text before "... and N more". */
#define TEXT_MAX_IDS 20

/* ==== Text ================================================================================ */

/* Width of a UTF-8 string on a terminal, counting code points (good enough
 * for the Latin and Nordic names of firms and regions). */
static size_t text_width(const char *s)
{
	size_t w = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p & 0xc0) != 0x80)
			w++;
	return w;
}

/* A quantity for a reader: at most 3 decimals (as in the JSON), no trailing
 * zeros, thousands grouped with spaces ("12 345.5"). */
static void format_quantity(double v, char *buf, size_t size)
{
	char raw[64];
	if (!isfinite(v) || fabs(v) >= 1e15) {
		snprintf(buf, size, "%g", v); /* beyond any real flow: no grouping */
		return;
	}
	v = symbi__round(v, SYMBI__DEC_QTY);
	snprintf(raw, sizeof raw, "%.*f", SYMBI__DEC_QTY, v);
	char *dot = strchr(raw, '.');
	if (dot) {
		char *end = raw + strlen(raw);
		while (end > dot + 1 && end[-1] == '0')
			*--end = '\0';
		if (end == dot + 1)
			*dot = '\0';
	}
	if (strcmp(raw, "-0") == 0)
		strcpy(raw, "0");
	/* Group the integer digits. */
	const char *p = raw;
	size_t o = 0;
	if (*p == '-' && o + 1 < size)
		buf[o++] = *p++;
	size_t digits = strcspn(p, ".");
	for (size_t i = 0; i < digits && o + 2 < size; i++) {
		if (i && (digits - i) % 3 == 0)
			buf[o++] = ' ';
		buf[o++] = p[i];
	}
	for (p += digits; *p && o + 1 < size; p++)
		buf[o++] = *p;
	buf[o < size ? o : size - 1] = '\0';
}

/* A table: the first column left-aligned, the numeric ones right-aligned,
 * an optional free text last. `cell(ctx, row, col, buf, size)` gives the
 * text of a cell; row -1 is the heading. */
typedef const char *(*cell_fn)(const void *ctx, long row, size_t col, char *buf, size_t size);

static bool print_table(FILE *f, const void *ctx, size_t nrows, size_t ncols, bool last_free,
                        cell_fn cell)
{
	size_t width[8] = {0};
	char buf[512];
	size_t aligned = last_free ? ncols - 1 : ncols;
	for (long r = -1; r < (long)nrows; r++)
		for (size_t c = 0; c < aligned; c++) {
			size_t w = text_width(cell(ctx, r, c, buf, sizeof buf));
			if (w > width[c])
				width[c] = w;
		}
	bool ok = true;
	for (long r = -1; r < (long)nrows; r++) {
		for (size_t c = 0; c < ncols; c++) {
			const char *t = cell(ctx, r, c, buf, sizeof buf);
			size_t pad = c < aligned ? width[c] - text_width(t) : 0;
			if (c == 0)
				ok = ok && fprintf(f, "  %s%*s", t, (int)pad, "") >= 0;
			else if (c < aligned)
				ok = ok && fprintf(f, "  %*s%s", (int)pad, "", t) >= 0;
			else if (*t)
				ok = ok && fprintf(f, "  %s", t) >= 0;
		}
		ok = ok && fputc('\n', f) != EOF;
	}
	return ok;
}

static const char *count_cell(size_t n, char *buf, size_t size)
{
	snprintf(buf, size, "%zu", n);
	return buf;
}

/* A row of a group table (resource classes, regions): its counts. */
static const char *group_cell(const symbi_summary_group *g, size_t c, char *buf, size_t size)
{
	switch (c) {
	case 1:
		return count_cell(g->firms, buf, size);
	case 2:
		return count_cell(g->supplies, buf, size);
	default:
		return count_cell(g->demands, buf, size);
	}
}

static const char *class_cell(const void *ctx, long r, size_t c, char *buf, size_t size)
{
	static const char *const head[] = {"resource class", "firms", "supplies", "demands"};
	if (r < 0)
		return head[c];
	const symbi_summary_group *g = &((const symbi_summary *)ctx)->classes[r];
	return c == 0 ? g->name : group_cell(g, c, buf, size);
}

static const char *region_cell(const void *ctx, long r, size_t c, char *buf, size_t size)
{
	static const char *const head[] = {"region", "firms", "supplies", "demands"};
	if (r < 0)
		return head[c];
	const symbi_summary_group *g = &((const symbi_summary *)ctx)->regions[r];
	if (c == 0)
		return g->name ? g->name : "(no region)";
	return group_cell(g, c, buf, size);
}

static const char *code_cell(const void *ctx, long r, size_t c, char *buf, size_t size)
{
	static const char *const head[] = {"most common resource", "streams", "supplies", "demands",
	                                   "name"};
	if (r < 0)
		return head[c];
	const symbi_summary_code *t = &((const symbi_summary *)ctx)->top_codes[r];
	switch (c) {
	case 0:
		return t->code;
	case 1:
		return count_cell(t->streams, buf, size);
	case 2:
		return count_cell(t->supplies, buf, size);
	case 3:
		return count_cell(t->demands, buf, size);
	default:
		return t->name ? t->name : "";
	}
}

static const char *total_cell(const void *ctx, long r, size_t c, char *buf, size_t size)
{
	static const char *const head[] = {"quantity", "offered", "needed"};
	if (r < 0)
		return head[c];
	const symbi_summary *s = ctx;
	if (c == 0)
		return symbi__unit_per_year((symbi_dim)(r + 1));
	format_quantity((c == 1 ? s->offered : s->needed)[r + 1], buf, size);
	return buf;
}

int symbi_summary_write_text(FILE *f, const symbi_summary *s)
{
	size_t named =
	    s->nregions && !s->regions[s->nregions - 1].name ? s->nregions - 1 : s->nregions;
	bool ok = fprintf(f, "firms               %zu in %zu region%s\n", s->firms, named,
	                  named == 1 ? "" : "s") >= 0 &&
	          fprintf(f, "streams             %zu: %zu suppl%s, %zu demand%s\n", s->streams,
	                  s->supplies, s->supplies == 1 ? "y" : "ies", s->demands,
	                  s->demands == 1 ? "" : "s") >= 0 &&
	          fprintf(f, "hazardous supplies  %zu\n\n", s->hazardous_supplies) >= 0;
	ok = ok && print_table(f, s, SYMBI_CLASS_COUNT, 4, false, class_cell);
	if (s->nregions)
		ok = ok && fputc('\n', f) != EOF &&
		     print_table(f, s, s->nregions, 4, false, region_cell);
	if (s->ntop)
		ok = ok && fputc('\n', f) != EOF && print_table(f, s, s->ntop, 5, true, code_cell);
	ok = ok && fputc('\n', f) != EOF && print_table(f, s, 3, 3, false, total_cell);
	if (s->nwithout) {
		/* The JSON lists them all; a reader gets the first few. */
		size_t shown = s->nwithout < TEXT_MAX_IDS ? s->nwithout : TEXT_MAX_IDS;
		ok = ok && fprintf(f, "\nfirms without streams (%zu):", s->nwithout) >= 0;
		for (size_t k = 0; ok && k < shown; k++)
			ok = fprintf(f, " %s", s->firms_without_streams[k]) >= 0;
		if (ok && shown < s->nwithout)
			ok = fprintf(f, " ... and %zu more", s->nwithout - shown) >= 0;
		ok = ok && fputc('\n', f) != EOF;
	}
	return ok ? 0 : symbi__error(SYMBI_EIO, "write error");
}
