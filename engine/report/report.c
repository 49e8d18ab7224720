/*
 * report.c: one self-contained HTML page about a match — a filter bar and a
 * search box, the headline totals, a map of the firms and partnerships on a
 * base map, bar charts, the portfolio of candidate projects, what was not
 * matched and why, a sortable table of every partnership with the reasons
 * behind its figures, every firm's streams and notes, the assumptions with
 * their sources, and the inputs and options used — in bokmål or English.
 *
 * Self-contained means: no request leaves the page. The map and charts are
 * inline SVG, the style is one inline <style>, the one inline <script>
 * filters, sorts and links; fonts are the reader's system fonts. A Content
 * Security Policy of default-src 'none' makes the browser refuse anything
 * else, so a mistake here cannot turn into a network request (or into
 * running injected script from a firm's name).
 *
 * Deterministic: no dates, no random numbers; the same matches give the same
 * bytes. The files of this folder are listed in report.h.
 */
#include <stdlib.h>
#include <string.h>

#include "../csvio.h"
#include "report.h"

static const char *const class_color[SYMBI_CLASS_COUNT] = {
    "#d06d00", /* material: amber */
    "#c62828", /* energy: red */
    "#1f6fb2", /* water: blue */
    "#7b3fa0", /* gas: purple */
};

symbi_class symbi__rp_class(const rep *r, const symbi_candidate *c)
{
	const symbi_code *code = symbi_kb_code(r->kb, symbi__candidate_stream(r->ds, c)->code);
	return code && (int)code->cls >= 0 && code->cls < SYMBI_CLASS_COUNT ? code->cls
	                                                                    : SYMBI_CLASS_MATERIAL;
}

const char *symbi__rp_code(const rep *r, int32_t i)
{
	const symbi_code *c = i >= 0 ? symbi_kb_code(r->kb, i) : NULL;
	return c ? c->code : "";
}

/* In bokmål the project's own translation (datasets/labels_no.csv) where
 * there is one, else the English name: the List of Waste has no sourced
 * Norwegian labels, so its entries stay English. */
const char *symbi__rp_code_name(const rep *r, int32_t i)
{
	const symbi_code *c = i >= 0 ? symbi_kb_code(r->kb, i) : NULL;
	if (!c)
		return "";
	if (r->lang == SYMBI__RP_NB && c->label_no && *c->label_no)
		return c->label_no;
	return c->name ? c->name : "";
}

void symbi__rp_resource(w *o, const rep *r, int32_t code)
{
	const char *name = symbi__rp_code_name(r, code);
	raw(o, "<span class=\"res\" title=\"");
	esc(o, symbi__rp_code(r, code));
	raw(o, "\">");
	esc(o, *name ? name : symbi__rp_code(r, code));
	raw(o, "</span>");
}

const char *symbi__rp_unit_yr(const rep *r, symbi_dim dim)
{
	static const char *const en[4] = {"/yr", "t/yr", "m\u00b3/yr", "MWh/yr"};
	static const char *const nb[4] = {"/år", "t/år", "m\u00b3/år", "MWh/år"};
	unsigned d = (unsigned)dim < 4 ? (unsigned)dim : 0;
	return r->lang == SYMBI__RP_NB ? nb[d] : en[d];
}

int symbi__rp_cand_id(const rep *r, size_t i, char **buf, size_t *cap)
{
	const symbi_candidate *c = symbi_matches_get(r->m, i);
	const char *from = c->supply == SYMBI_NONE ? symbi_dataset_firm(r->ds, c->supplier)->id
	                                           : symbi_dataset_stream(r->ds, c->supply)->id;
	const char *other = c->demand == SYMBI_NONE
	                        ? symbi_dataset_firm(r->ds, c->receiver)->id
	                        : symbi_dataset_stream(r->ds, c->demand)->id;
	if (symbi__grow((void **)buf, cap, strlen(from) + strlen(other) + 8, 1))
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	if (symbi_candidate_id(r->m, i, *buf, *cap))
		return symbi__error(SYMBI_EINTERNAL, "partnership id too long");
	return 0;
}

/* ==== What the page shows, gathered once ================================================= */

static int gather(rep *r)
{
	r->nf = symbi_dataset_firm_count(r->ds);
	r->ns = symbi_dataset_stream_count(r->ds);
	r->np = symbi_matches_count(r->m);
	/* symbi_allocate gives every declared candidate a finite `allocated`. */
	for (size_t i = 0; i < r->np && !r->plan; i++)
		r->plan = !isnan(symbi_matches_get(r->m, i)->allocated);
	size_t np1 = r->np ? r->np : 1, nf1 = r->nf ? r->nf : 1, ns1 = r->ns ? r->ns : 1;
	r->share = calloc(np1, sizeof *r->share);
	r->deg = calloc(nf1, sizeof *r->deg);
	r->in_plan = calloc(nf1, sizeof *r->in_plan);
	r->weight = calloc(nf1, sizeof *r->weight);
	r->ncand = calloc(ns1, sizeof *r->ncand);
	r->used = calloc(ns1, sizeof *r->used);
	if (!r->share || !r->deg || !r->in_plan || !r->weight || !r->ncand || !r->used)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	for (size_t i = 0; i < r->np; i++) {
		const symbi_candidate *c = symbi_matches_get(r->m, i);
		double s = 1.0;
		if (r->plan)
			s = isfinite(c->allocated) && c->quantity > 0 ? c->allocated / c->quantity
			                                              : 0.0;
		r->share[i] = s;
		r->deg[c->supplier]++;
		r->deg[c->receiver]++;
		if (c->supply != SYMBI_NONE)
			r->ncand[c->supply]++;
		if (c->demand != SYMBI_NONE)
			r->ncand[c->demand]++;
		double moved = c->quantity * s;
		if (c->dim > 0 && c->dim < 4 && isfinite(moved) && moved > r->qmax[c->dim])
			r->qmax[c->dim] = moved;
		if (s <= 0)
			continue;
		if (r->plan) {
			if (c->supply != SYMBI_NONE)
				r->used[c->supply] += (isfinite(c->supply_used) ? c->supply_used : c->quantity) * s;
			if (c->demand != SYMBI_NONE)
				r->used[c->demand] += c->quantity * s;
		}
		r->in_plan[c->supplier] = r->in_plan[c->receiver] = true;
		/* Never 0 for a firm in the plan, so that it outranks the others. */
		double v = fabs(c->value_nok * s) + 1;
		r->weight[c->supplier] += v;
		r->weight[c->receiver] += v;
		r->used_n++;
		r->value += c->value_nok * s;
		if (isfinite(symbi__rp_co2(c)))
			r->co2e += symbi__rp_co2(c) * s;
		else
			r->co2_unknown++;
		if (c->dim > 0 && c->dim < 4)
			r->moved[c->dim] += c->quantity * s;
		symbi_class k = symbi__rp_class(r, c);
		r->cls_value[k] += c->value_nok * s;
		r->cls_count[k]++;
	}
	return 0;
}

static void release(rep *r)
{
	free(r->share);
	free(r->deg);
	free(r->in_plan);
	free(r->weight);
	free(r->ncand);
	free(r->used);
}

/* ==== Municipality labels =================================================================
 * The municipality CSV (datasets/municipalities_no.csv) gives a name and a
 * centroid per municipality; the map names those whose centroid falls in its
 * frame. Read through the shared CSV reader; columns by header name. */

typedef struct muni_list {
	symbi__rp_muni *items;
	size_t n, cap;
	int col_name, col_lat, col_lon;
	const char *path;
	symbi_diags *diags;
	symbi__arena arena;
} muni_list;

static int muni_row(void *ctx, const symbi__csv_row *row)
{
	muni_list *l = ctx;
	if (row->line == 1 && l->col_name < 0) {
		for (size_t i = 0; i < row->nfields; i++) {
			const char *h = row->fields[i];
			if (symbi__strcasecmp(h, "name") == 0)
				l->col_name = (int)i;
			else if (symbi__strcasecmp(h, "lat") == 0)
				l->col_lat = (int)i;
			else if (symbi__strcasecmp(h, "lon") == 0)
				l->col_lon = (int)i;
		}
		if (l->col_name < 0 || l->col_lat < 0 || l->col_lon < 0) {
			symbi__diag(l->diags, SYMBI_SEV_ERROR, l->path, row->line, NULL,
			            "municipalities need the columns 'name', 'lat' and 'lon'");
			return SYMBI_EINPUT;
		}
		return 0;
	}
	size_t need = (size_t)(l->col_name > l->col_lat ? l->col_name : l->col_lat);
	need = need > (size_t)l->col_lon ? need : (size_t)l->col_lon;
	if (row->nfields <= need) {
		symbi__diag(l->diags, SYMBI_SEV_ERROR, l->path, row->line, NULL,
		            "%zu fields, expected at least %zu", row->nfields, need + 1);
		return 0;
	}
	symbi__rp_muni mu;
	if (symbi__parse_double(row->fields[l->col_lat], &mu.lat) ||
	    symbi__parse_double(row->fields[l->col_lon], &mu.lon) || fabs(mu.lat) > 90 ||
	    fabs(mu.lon) > 180) {
		symbi__diag(l->diags, SYMBI_SEV_ERROR, l->path, row->line,
		            symbi__parse_double(row->fields[l->col_lat], &mu.lat) ? "lat" : "lon",
		            "not a coordinate");
		return 0;
	}
	mu.name = symbi__arena_strdup(&l->arena, row->fields[l->col_name]);
	if (!mu.name || symbi__grow((void **)&l->items, &l->cap, l->n + 1, sizeof *l->items))
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	l->items[l->n++] = mu;
	return 0;
}

static int load_munis(muni_list *l, const char *path, symbi_diags *diags)
{
	memset(l, 0, sizeof *l);
	l->col_name = l->col_lat = l->col_lon = -1;
	l->path = path;
	l->diags = diags;
	if (!path)
		return 0;
	size_t before = symbi_diags_errors(diags);
	int rc = symbi__csv_read(path, NULL, muni_row, l, diags);
	if (!rc && diags && symbi_diags_errors(diags) > before)
		rc = symbi__error(SYMBI_EINPUT, "%s: bad municipality data", path);
	return rc;
}

static void free_munis(muni_list *l)
{
	free(l->items);
	symbi__arena_clear(&l->arena);
}

/* ==== Language ==============================================================================
 * Bokmål when asked for, English when asked for; otherwise bokmål when most
 * firms lie in Norway (on the base map's Norwegian land when there is one,
 * else in the box around mainland Norway). */

static symbi__rp_lang pick_lang(const rep *r)
{
	const char *l = r->opt ? r->opt->lang : NULL;
	if (l && (strcmp(l, "nb") == 0 || strcmp(l, "no") == 0))
		return SYMBI__RP_NB;
	if (l && strcmp(l, "en") == 0)
		return SYMBI__RP_EN;
	size_t in = 0;
	for (uint32_t i = 0; i < r->nf; i++) {
		const symbi_firm *f = symbi_dataset_firm(r->ds, i);
		in += r->basemap ? symbi__basemap_in_norway(r->basemap, f->lat, f->lon)
		                 : f->lat >= 57.9 && f->lat <= 71.3 && f->lon >= 4.4 && f->lon <= 31.2;
	}
	return r->nf && 2 * in > r->nf ? SYMBI__RP_NB : SYMBI__RP_EN;
}

/* ==== Headline and charts ==================================================================== */

static void card(w *o, const char *key, const char *value, const char *label)
{
	fmt(o, "<div class=\"card\" data-k=\"%s\"><div class=\"v\">", key);
	raw(o, value); /* formatted by symbi__rp_num(): digits, separators, a minus */
	raw(o, "</div><div class=\"l\">");
	raw(o, label); /* constant */
	raw(o, "</div></div>");
}

static void write_headline(w *o, const rep *r)
{
	char b[NUMBUF], l[200];
	size_t sector = 0;
	for (size_t i = 0; i < r->np; i++)
		sector += symbi_matches_get(r->m, i)->basis == SYMBI_BASIS_SECTOR;
	fmt(o, "<section id=\"totals\"><h2>%s</h2><div class=\"cards\">",
	    TR(r, "Headline", "Hovedtall"));
	if (r->plan) {
		snprintf(l, sizeof l,
		         TR(r, "partnerships in the plan (of %zu candidates)",
		            "partnerskap i planen (av %zu kandidater)"),
		         r->np);
		card(o, "n", NUM(b, (double)r->used_n, 0), l);
	} else {
		card(o, "n", NUM(b, (double)r->np, 0),
		     TR(r, "candidate partnerships", "kandidater til partnerskap"));
	}
	card(o, "v", NUM(b, r->value, 0), TR(r, "NOK per year", "NOK per år"));
	card(o, "e", NUM(b, r->co2e, ADEC(r->co2e)),
	     r->co2_unknown ? TR(r, "t CO\u2082e avoided per year (some not estimated)",
	                         "t CO\u2082e unngått per år (noe ikke anslått)")
	                    : TR(r, "t CO\u2082e avoided per year", "t CO\u2082e unngått per år"));
	card(o, "1", NUM(b, r->moved[SYMBI_DIM_MASS], ADEC(r->moved[SYMBI_DIM_MASS])),
	     TR(r, "tonnes moved per year", "tonn flyttet per år"));
	card(o, "3", NUM(b, r->moved[SYMBI_DIM_ENERGY], ADEC(r->moved[SYMBI_DIM_ENERGY])),
	     TR(r, "MWh moved per year", "MWh flyttet per år"));
	card(o, "2", NUM(b, r->moved[SYMBI_DIM_VOLUME], ADEC(r->moved[SYMBI_DIM_VOLUME])),
	     TR(r, "m\u00b3 moved per year", "m\u00b3 flyttet per år"));
	raw(o, "</div>");
	if (r->co2_unknown)
		fmt(o,
		    TR(r, "<p class=\"note\">CO\u2082e is not estimated for %zu partnership%s (no factor "
		          "for the resource): the total leaves them out, it does not count them as "
		          "0.</p>",
		       "<p class=\"note\">CO\u2082e er ikke anslått for %zu partnerskap%s (ingen faktor "
		       "for ressursen): totalen utelater dem, den regner dem ikke som 0.</p>"),
		    r->co2_unknown, r->lang == SYMBI__RP_EN && r->co2_unknown != 1 ? "s" : "");
	if (r->plan)
		fmt(o,
		    TR(r,
		       "<p class=\"note\">Totals are those of the optimal allocation (objective: %s): "
		       "each supply and demand is used at most to its declared quantity, so no tonne "
		       "is counted twice. %zu of the %zu candidates are sector potential (a firm whose "
		       "sector can take the resource, without a declared demand) and are not "
		       "allocated. The totals follow the filter above.</p>",
		       "<p class=\"note\">Totalene er den optimale fordelingens (mål: %s): hver "
		       "leveranse og hvert behov brukes høyst med oppgitt mengde, så ingen tonn telles "
		       "to ganger. %zu av de %zu kandidatene er bransjepotensial (en virksomhet i en "
		       "bransje som kan ta imot ressursen, uten oppgitt behov) og fordeles ikke. "
		       "Totalene følger filteret over.</p>"),
		    symbi_matches_options(r->m)->objective == SYMBI_OBJECTIVE_CO2
		        ? TR(r, "CO\u2082e avoided", "unngått CO\u2082e")
		        : TR(r, "value", "verdi"),
		    sector, r->np);
	else
		raw(o, TR(r,
		          "<p class=\"note\">Totals add up every candidate: a supply offered to several "
		          "receivers is counted once per receiver, so they are an upper bound. With the "
		          "allocation (without --candidates) they count each tonne once.</p>",
		          "<p class=\"note\">Totalene summerer alle kandidater: en leveranse som tilbys "
		          "flere mottakere telles én gang per mottaker, så de er en øvre grense. Med "
		          "fordelingen (uten --candidates) telles hvert tonn én gang.</p>"));
	raw(o, "</section>\n");
}

typedef struct bar {
	const char *label;
	const char *key; /* what the script groups by: a class name, a region ("" none) */
	const char *color;
	double value;
	size_t count;
} bar;

/* Horizontal bars, one per group, labelled on the left and with the value
 * and count on the right. The viewBox is narrow (480 units) so that the
 * text stays legible when a phone shrinks it to its width. The script
 * redraws the bars from the partnerships the filter shows: `by` (data-by)
 * says what it groups them by ("class" or "region"), each bar's data-key
 * the group, data-lw and data-bw where bars start and how long the longest
 * is. */
static void write_bars(w *o, const rep *r, const char *title, const char *id, const char *by,
                       const bar *bars, size_t n)
{
	double max = 0, lem = 0;
	for (size_t i = 0; i < n; i++) {
		max = fmax(max, fabs(bars[i].value));
		lem = fmax(lem, symbi__rp_text_em(bars[i].label));
	}
	const double width = 480, vw = 130, rowh = 30, font = 14;
	double lw = fmin(170, fmax(60, lem * font + 10)), bw = width - lw - vw;
	fmt(o, "<figure class=\"chart\" id=\"%s\"><figcaption>", id);
	raw(o, title);
	fmt(o,
	    "</figcaption><svg viewBox=\"0 0 %.0f %.0f\" data-by=\"%s\" data-lw=\"%.0f\" "
	    "data-bw=\"%.0f\" role=\"img\" aria-label=\"",
	    width, rowh * (double)(n ? n : 1) + 4, by, lw, bw);
	raw(o, title);
	raw(o, "\" xmlns=\"http://www.w3.org/2000/svg\">");
	if (!n)
		fmt(o, "<text class=\"val\" x=\"0\" y=\"20\">%s</text>",
		    TR(r, "nothing in the plan", "ingenting i planen"));
	for (size_t i = 0; i < n; i++) {
		double y = rowh * (double)i + 2;
		double len = max > 0 ? fabs(bars[i].value) / max * bw : 0;
		char vb[NUMBUF];
		raw(o, "<g class=\"bar\"");
		symbi__rp_attr(o, "data-key", bars[i].key);
		fmt(o, "><text class=\"lab\" x=\"%.0f\" y=\"%.1f\">", lw - 6, y + 18);
		esc(o, bars[i].label);
		fmt(o,
		    "</text><rect x=\"%.0f\" y=\"%.1f\" width=\"%.1f\" height=\"%.0f\" rx=\"2\" "
		    "fill=\"%s\"%s/><text class=\"val\" x=\"%.1f\" y=\"%.1f\">%s \u00b7 "
		    "%zu</text></g>",
		    lw, y + 3, len, rowh - 10, bars[i].color,
		    bars[i].value < 0 ? " opacity=\"0.45\"" : "", lw + len + 6, y + 18,
		    symbi__rp_short_num(r->lang, vb, sizeof vb, bars[i].value), bars[i].count);
	}
	raw(o, "</svg></figure>\n");
}

static int write_charts(w *o, const rep *r)
{
	static const char *const cls_nb[SYMBI_CLASS_COUNT] = {"materiale", "energi", "vann", "gass"};
	bar cls[SYMBI_CLASS_COUNT];
	for (int k = 0; k < SYMBI_CLASS_COUNT; k++) {
		cls[k].label = TR(r, symbi_class_name((symbi_class)k), cls_nb[k]);
		cls[k].key = symbi_class_name((symbi_class)k);
		cls[k].color = class_color[k];
		cls[k].value = r->cls_value[k];
		cls[k].count = r->cls_count[k];
	}
	/* Regions of the supplier; one bar per region of the dataset plus one
	 * for firms without a region, in the dataset's region order. */
	size_t nreg = symbi_dataset_region_count(r->ds);
	bar *reg = calloc(nreg + 1, sizeof *reg);
	if (!reg)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	for (size_t k = 0; k < nreg; k++)
		reg[k].label = reg[k].key = symbi_dataset_region(r->ds, (int32_t)k);
	reg[nreg].label = TR(r, "(no region)", "(ingen region)");
	reg[nreg].key = "";
	for (size_t k = 0; k <= nreg; k++)
		reg[k].color = "#3f7f6f";
	for (size_t i = 0; i < r->np; i++) {
		if (r->share[i] <= 0)
			continue;
		const symbi_candidate *c = symbi_matches_get(r->m, i);
		int32_t g = symbi_dataset_firm(r->ds, c->supplier)->region;
		size_t k = g >= 0 && (size_t)g < nreg ? (size_t)g : nreg;
		reg[k].value += c->value_nok * r->share[i];
		reg[k].count++;
	}
	size_t nb = 0;
	for (size_t k = 0; k <= nreg; k++)
		if (reg[k].count)
			reg[nb++] = reg[k];
	fmt(o, "<section id=\"charts\"><h2>%s</h2><div class=\"charts\">",
	    TR(r, "Where the value lies", "Hvor verdien ligger"));
	write_bars(o, r,
	           TR(r, "Value by resource class (NOK/yr \u00b7 partnerships)",
	              "Verdi etter ressursklasse (NOK/år \u00b7 partnerskap)"),
	           "by-class", "class", cls, SYMBI_CLASS_COUNT);
	write_bars(o, r,
	           TR(r, "Value by the supplier\u2019s region (NOK/yr \u00b7 partnerships)",
	              "Verdi etter leverandørens region (NOK/år \u00b7 partnerskap)"),
	           "by-region", "region", reg, nb);
	raw(o, "</div></section>\n");
	free(reg);
	return 0;
}

/* ==== Filter bar ==============================================================================
 * The controls the script fills and listens to; the words it needs ride in
 * data-* attributes so that the script itself holds no language. */

static void write_filters(w *o, const rep *r)
{
	fmt(o,
	    "<section id=\"filters\" data-all=\"%s\" data-shown=\"%s\" data-firm=\"%s\" "
	    "data-p=\"%s\" data-u=\"%s\" data-t=\"%s\">"
	    "<h2>%s</h2><div class=\"controls\">"
	    "<label class=\"wide\">%s <input type=\"search\" id=\"q\" placeholder=\"%s\" "
	    "autocomplete=\"off\"></label>",
	    TR(r, "all", "alle"),
	    TR(r, "{p} of {P} partnerships, {f} of {F} firms shown",
	       "{p} av {P} partnerskap, {f} av {F} virksomheter vist"),
	    TR(r, "Firm", "Virksomhet"), TR(r, "Partnerships", "Partnerskap"),
	    TR(r, "Not matched (with near misses)", "Ikke matchet (med nesten-treff)"),
	    TR(r, "Streams", "Strømmer"), TR(r, "Filter", "Filter"), TR(r, "Search", "Søk"),
	    TR(r, "firm, municipality, resource, code\u2026",
	       "virksomhet, kommune, ressurs, kode\u2026"));
	fmt(o,
	    "<label>%s <select id=\"f-firm\"></select></label>"
	    "<label>%s <select id=\"f-muni\"></select></label>"
	    "<label>%s <select id=\"f-region\"></select></label>",
	    TR(r, "Firm", "Virksomhet"), TR(r, "Municipality", "Kommune"),
	    TR(r, "Region", "Region"));
	static const char *const cls_nb[SYMBI_CLASS_COUNT] = {"materiale", "energi", "vann", "gass"};
	fmt(o, "<label>%s <select id=\"f-class\"><option value=\"\">%s</option>",
	    TR(r, "Resource class", "Ressursklasse"), TR(r, "all", "alle"));
	for (int k = 0; k < SYMBI_CLASS_COUNT; k++)
		fmt(o, "<option value=\"%s\">%s</option>", symbi_class_name((symbi_class)k),
		    TR(r, symbi_class_name((symbi_class)k), cls_nb[k]));
	fmt(o,
	    "</select></label><label>%s <select id=\"f-basis\"><option value=\"\">%s</option>"
	    "<option value=\"d\">%s</option><option value=\"s\">%s</option></select></label>"
	    "<button type=\"button\" id=\"f-reset\">%s</button></div>"
	    "<p id=\"f-status\" class=\"note\" aria-live=\"polite\"></p>"
	    "<div id=\"firm-panel\" hidden></div></section>\n",
	    TR(r, "Basis", "Grunnlag"), TR(r, "all", "alle"),
	    TR(r, "declared demand", "oppgitt behov"), TR(r, "sector potential", "bransjepotensial"),
	    TR(r, "Show all", "Vis alle"));
}

/* ==== Assumptions and inputs ===================================================================== */

static void dt(w *o, const char *term)
{
	raw(o, "<dt>");
	raw(o, term); /* constant */
	raw(o, "</dt><dd>");
}

/* The factors behind the figures, each with its source: the scoring
 * factors, and the figures of every resource that moves in the plan. */
static void write_assumptions(w *o, const rep *r)
{
	char a[NUMBUF];
	fmt(o, "<section id=\"assumptions\"><h2>%s</h2><p class=\"note\">%s</p>",
	    TR(r, "Assumptions behind the totals", "Forutsetninger bak totalene"),
	    TR(r, "Every figure comes from a factor with its source. Value = avoided disposal + "
	          "avoided purchase \u2212 transport; CO\u2082e = avoided emissions \u2212 transport "
	          "emissions. A figure without a factor is left out (not estimated), never counted "
	          "as 0.",
	       "Hvert tall kommer fra en faktor med kilde. Verdi = unngått avfallskostnad + "
	       "unngått innkjøp \u2212 transport; CO\u2082e = unngåtte utslipp \u2212 "
	       "transportutslipp. Et tall uten faktor utelates (ikke anslått), det regnes aldri "
	       "som 0."));
	fmt(o,
	    "<details><summary>%s (%zu)</summary><div class=\"scroll\"><table><thead><tr>"
	    "<th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
	    TR(r, "General factors", "Generelle faktorer"), symbi_kb_factor_count(r->kb),
	    TR(r, "Factor", "Faktor"), TR(r, "Value", "Verdi"), TR(r, "Source", "Kilde"));
	for (size_t i = 0; i < symbi_kb_factor_count(r->kb); i++) {
		const symbi_factor *f = symbi_kb_factor(r->kb, i);
		raw(o, "<tr><td><code>");
		esc(o, f->key);
		fmt(o, "</code></td><td class=\"n\">%s ", NUM(a, f->value, f->value == round(f->value) ? 0 : 4));
		esc(o, f->unit);
		raw(o, "</td><td>");
		esc(o, f->source);
		raw(o, "</td></tr>");
	}
	raw(o, "</tbody></table></div></details>");
	/* Resources that move in the plan (or among the candidates), once each,
	 * in the order of the knowledge base. */
	size_t nc = symbi_kb_code_count(r->kb);
	bool *seen = calloc(nc ? nc : 1, sizeof *seen);
	size_t n = 0;
	for (size_t i = 0; seen && i < r->np; i++) {
		if (r->share[i] <= 0)
			continue;
		int32_t k = symbi__candidate_stream(r->ds, symbi_matches_get(r->m, i))->code;
		if (k >= 0 && (size_t)k < nc && !seen[k]) {
			seen[k] = true;
			n++;
		}
	}
	fmt(o,
	    "<details><summary>%s (%zu)</summary><div class=\"scroll\"><table><thead><tr>"
	    "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
	    TR(r, "Resources that move", "Ressurser som flyttes"), n, TR(r, "Resource", "Ressurs"),
	    TR(r, "Price / disposal (NOK per unit)", "Pris / avfallskostnad (NOK per enhet)"),
	    TR(r, "Avoided CO\u2082e (kg per unit)", "Unngått CO\u2082e (kg per enhet)"),
	    TR(r, "Transport (NOK and kg CO\u2082e per unit and km)",
	       "Transport (NOK og kg CO\u2082e per enhet og km)"),
	    TR(r, "Sources", "Kilder"));
	for (size_t k = 0; seen && k < nc; k++) {
		if (!seen[k])
			continue;
		const symbi_code *c = symbi_kb_code(r->kb, (int32_t)k);
		char b[NUMBUF], d[NUMBUF], e[NUMBUF], g[NUMBUF];
		raw(o, "<tr><td>");
		symbi__rp_resource(o, r, (int32_t)k);
		fmt(o, "</td><td class=\"n\">%s / %s</td><td class=\"n\">%s</td><td class=\"n\">%s / %s</td><td>",
		    NUM(a, c->price_nok_per_unit, 0), NUM(b, c->disposal_nok_per_unit, 0),
		    isfinite(c->avoided_co2e_kg_per_unit) ? NUM(d, c->avoided_co2e_kg_per_unit, 1)
		                                          : TR(r, "not estimated", "ikke anslått"),
		    NUM(e, c->transport_nok_per_unit_km, 2), NUM(g, c->transport_co2e_kg_per_unit_km, 3));
		const char *src[4] = {c->price_source, c->co2e_source, c->transport_source,
		                      c->radius_source};
		const char *lab[4] = {TR(r, "price", "pris"), "CO\u2082e", "transport",
		                      TR(r, "radius", "radius")};
		bool any = false;
		for (int q = 0; q < 4; q++) {
			if (!src[q])
				continue;
			fmt(o, "%s<b>%s:</b> ", any ? "<br>" : "", lab[q]);
			esc(o, src[q]);
			any = true;
		}
		if (!any)
			raw(o, TR(r, "class defaults (general factors)", "klassens standardverdier (generelle faktorer)"));
		raw(o, "</td></tr>");
	}
	raw(o, "</tbody></table></div></details></section>\n");
	free(seen);
}

static void write_inputs(w *o, const rep *r)
{
	const symbi_match_options *mo = symbi_matches_options(r->m);
	const symbi_report_options *ro = r->opt;
	char a[NUMBUF];
	fmt(o, "<section id=\"inputs\"><h2>%s</h2><dl>", TR(r, "Inputs and options", "Inndata og valg"));
	dt(o, TR(r, "symbi version", "symbi-versjon"));
	raw(o, SYMBI_VERSION "</dd>");
	if (ro && ro->dataset) {
		dt(o, TR(r, "dataset", "datasett"));
		esc(o, ro->dataset);
		raw(o, "</dd>");
	}
	if (ro && ro->ninputs) {
		dt(o, TR(r, "input files", "inndatafiler"));
		for (size_t i = 0; i < ro->ninputs; i++) {
			if (i)
				raw(o, "<br>");
			raw(o, "<code>");
			esc(o, ro->inputs[i]);
			raw(o, "</code>");
		}
		raw(o, "</dd>");
	}
	dt(o, TR(r, "firms, streams", "virksomheter, strømmer"));
	fmt(o, "%zu, %zu</dd>", r->nf, r->ns);
	dt(o, TR(r, "knowledge base", "kunnskapsbase"));
	fmt(o, TR(r, "%zu resource codes, %zu rules, %zu scoring factors</dd>",
	          "%zu ressurskoder, %zu regler, %zu faktorer</dd>"),
	    symbi_kb_code_count(r->kb), symbi_kb_rule_count(r->kb), symbi_kb_factor_count(r->kb));
	if (ro && ro->command) {
		dt(o, TR(r, "command", "kommando"));
		raw(o, "<code>");
		esc(o, ro->command);
		raw(o, "</code></dd>");
	}
	dt(o, TR(r, "query", "spørring"));
	raw(o, "<code>");
	if (mo->firm) {
		raw(o, "firm=");
		esc(o, mo->firm);
		raw(o, " ");
	}
	if (mo->stream) {
		raw(o, "stream=");
		esc(o, mo->stream);
		raw(o, " ");
	}
	if (mo->resource) {
		raw(o, "resource=");
		esc(o, mo->resource);
		raw(o, " ");
	}
	if (mo->region) {
		raw(o, "region=");
		esc(o, mo->region);
		raw(o, mo->cross_region ? " cross-region " : " ");
	}
	/* Machine-readable: dots, no grouping, in either language. */
	if (isfinite(mo->max_km))
		fmt(o, "max-km=%s ", symbi__rp_num(SYMBI__RP_EN, a, sizeof a, mo->max_km, 1));
	if (mo->top_k)
		fmt(o, "top=%zu ", mo->top_k);
	if (isfinite(mo->min_score))
		fmt(o, "min-score=%s ", symbi__rp_num(SYMBI__RP_EN, a, sizeof a, mo->min_score, 2));
	fmt(o, "sector=%s objective=%s allocation=%s</code></dd>", mo->sector ? "yes" : "no",
	    mo->objective == SYMBI_OBJECTIVE_CO2 ? "co2" : "value", r->plan ? "yes" : "no");
	raw(o, "</dl></section>\n");
}

/* ==== Page ======================================================================================= */

int symbi_write_report(FILE *f, const symbi_matches *m, const symbi_report_options *opt,
                       symbi_diags *diags)
{
	rep r;
	memset(&r, 0, sizeof r);
	r.m = m;
	r.ds = symbi_matches_dataset(m);
	r.kb = symbi_dataset_kb(r.ds);
	r.opt = opt;
	muni_list munis;
	int rc = load_munis(&munis, opt ? opt->municipalities : NULL, diags);
	r.munis = munis.items;
	r.nmunis = munis.n;
	if (!rc && opt && opt->basemap)
		rc = symbi__basemap_load(&r.basemap, opt->basemap, diags);
	if (!rc)
		rc = gather(&r);
	if (rc)
		goto done;
	r.lang = pick_lang(&r);

	w o = {f, false};
	const char *title = opt && opt->title ? opt->title
	                                      : TR(&r, "Industrial symbiosis report",
	                                           "Rapport om industriell symbiose");
	/* Only the title the user gave (or the default): no folder name added. */
	fmt(&o,
	    "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	    "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
	    "<meta name=\"generator\" content=\"symbi " SYMBI_VERSION "\">\n<title>",
	    TR(&r, "en", "nb"));
	esc(&o, title);
	raw(&o, "</title>\n<style>");
	for (size_t i = 0; symbi__report_css[i]; i++)
		raw(&o, symbi__report_css[i]);
	/* The colours of the resource classes, from the one table above. */
	for (int k = 0; k < SYMBI_CLASS_COUNT; k++) {
		const char *n = symbi_class_name((symbi_class)k);
		fmt(&o,
		    ".partnership.%s{stroke:%s}.dot.%s{background:%s}.arrow-%s{fill:%s}"
		    ".lg-%s{stroke:%s}",
		    n, class_color[k], n, class_color[k], n, class_color[k], n, class_color[k]);
	}
	raw(&o, "</style>\n</head>\n<body>\n<header><h1>");
	esc(&o, title);
	raw(&o, "</h1><p class=\"sub\">");
	if (opt && opt->dataset) {
		esc(&o, opt->dataset);
		raw(&o, " \u00b7 ");
	}
	if (r.lang == SYMBI__RP_NB)
		fmt(&o, "%zu virksomheter \u00b7 %zu kandidater til partnerskap \u00b7 symbi %s", r.nf,
		    r.np, SYMBI_VERSION);
	else
		fmt(&o, "%zu firms \u00b7 %zu candidate partnerships \u00b7 symbi %s", r.nf, r.np,
		    SYMBI_VERSION);
	fmt(&o,
	    "</p><nav><a href=\"#map-section\">%s</a> \u00b7 <a href=\"#portfolio\">%s</a> \u00b7 "
	    "<a href=\"#unmatched\">%s</a> \u00b7 <a href=\"#partnerships\">%s</a> \u00b7 "
	    "<a href=\"#streams\">%s</a> \u00b7 <a href=\"#assumptions\">%s</a></nav>"
	    "</header>\n<main>\n",
	    TR(&r, "Map", "Kart"), TR(&r, "Projects", "Prosjekter"),
	    TR(&r, "Not matched", "Ikke matchet"), TR(&r, "Partnerships", "Partnerskap"),
	    TR(&r, "Firms", "Virksomheter"), TR(&r, "Assumptions", "Forutsetninger"));
	write_filters(&o, &r);
	write_headline(&o, &r);
	fmt(&o, "<section id=\"map-section\"><h2>%s</h2>", TR(&r, "Map", "Kart"));
	rc = symbi__rp_map(&o, &r);
	raw(&o, "</section>\n");
	if (!rc)
		rc = write_charts(&o, &r);
	if (!rc && opt && opt->network)
		rc = symbi__rp_portfolio(&o, &r, opt->network, opt->projects ? opt->projects : 10);
	if (!rc)
		rc = symbi__rp_story(&o, &r);
	if (!rc)
		rc = symbi__rp_table(&o, &r);
	if (!rc)
		rc = symbi__rp_streams(&o, &r);
	if (rc)
		goto done;
	write_assumptions(&o, &r);
	write_inputs(&o, &r);
	raw(&o, "</main>\n<footer>");
	raw(&o, TR(&r,
	           "Made by symbi " SYMBI_VERSION ", an open-source industrial symbiosis matching "
	           "engine. Figures are estimates from declared streams and the knowledge base\u2019s "
	           "factors, each with its source; check them before deciding. Base map \u00a9 "
	           "Kartverket (CC BY 4.0) and Natural Earth.",
	           "Laget med symbi " SYMBI_VERSION ", en åpen kildekode-motor for industriell "
	           "symbiose. Tallene er anslag fra oppgitte strømmer og kunnskapsbasens faktorer, "
	           "hver med kilde; kontroller dem før beslutninger. Bakgrunnskart \u00a9 Kartverket "
	           "(CC BY 4.0) og Natural Earth."));
	raw(&o, "</footer>\n<script>");
	for (size_t i = 0; symbi__report_js[i]; i++)
		raw(&o, symbi__report_js[i]);
	raw(&o, "</script>\n</body></html>\n");
	if (o.err || ferror(f))
		rc = symbi__error(SYMBI_EIO, "write error");
done:
	release(&r);
	free_munis(&munis);
	symbi__basemap_free(r.basemap);
	return rc;
}
