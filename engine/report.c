/*
 * report.c: one self-contained HTML page about a match — a map of the firms
 * and partnerships, the headline totals, bar charts, the portfolio of
 * candidate projects, a sortable table of every partnership with the reasons
 * behind its figures, and the inputs and options used.
 *
 * Self-contained means: no request leaves the page. The map and charts are
 * inline SVG, the style is one inline <style>, the one inline <script> only
 * sorts the table; fonts are the reader's system fonts. A Content Security
 * Policy of default-src 'none' makes the browser refuse anything else, so a
 * mistake here cannot turn into a network request (or into running injected
 * script from a firm's name).
 *
 * Escaping. Every text that comes from the data (names, ids, codes, notes,
 * sources, paths) goes through esc(), and esc() alone, in element text and
 * in attribute values alike (always double-quoted), in HTML and in SVG:
 * & < > " ' become entities and C0 control characters become spaces. Fixed
 * markup is written with raw(); numbers with fmt(), whose "%s" arguments are
 * only ever constant strings or numbers formatted here.
 *
 * The map projection is equirectangular with the x axis scaled by the cosine
 * of the latitude at the middle of the map (the "plate carrée with standard
 * parallel" of Snyder, Map Projections — A Working Manual, USGS 1987, p. 90).
 * Over the few hundred kilometres of a region it keeps distances and angles
 * within a few percent, needs no tiles and keeps straight lines straight.
 *
 * Deterministic: no dates, no random numbers; the same matches give the same
 * bytes.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "internal.h"

/* ==== Writer with a sticky error ======================================================= */

typedef struct w {
	FILE *f;
	bool err;
} w;

static void raw(w *o, const char *s)
{
	if (!o->err && fputs(s, o->f) == EOF)
		o->err = true;
}

static void fmt(w *o, const char *f, ...) SYMBI_PRINTF(2, 3);
static void fmt(w *o, const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	if (!o->err && vfprintf(o->f, f, ap) < 0)
		o->err = true;
	va_end(ap);
}

/* The one escaping function: for element text and for double-quoted
 * attribute values, in HTML and in SVG. NULL writes nothing. */
static void esc(w *o, const char *s)
{
	if (!s)
		return;
	const char *run = s;
	for (const char *p = s;; p++) {
		const char *rep = NULL;
		unsigned char c = (unsigned char)*p;
		switch (c) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		default:
			if (c && c < 0x20 && c != '\n')
				rep = " "; /* not allowed in XML; a tab or CR reads as a space */
			break;
		}
		if (!rep && c)
			continue;
		if (p > run && !o->err &&
		    fwrite(run, 1, (size_t)(p - run), o->f) != (size_t)(p - run))
			o->err = true;
		if (!c)
			break;
		raw(o, rep);
		run = p + 1;
	}
}

/* ==== Numbers for readers =============================================================== */

/* `x` with `dec` decimals and thousands grouped by commas ("1,234,567.8");
 * "–" when not finite. Never "-0". buf holds at least 64 bytes. */
static const char *num(char *buf, size_t size, double x, int dec)
{
	if (!isfinite(x)) {
		snprintf(buf, size, "\u2013");
		return buf;
	}
	char tmp[64];
	double scale = pow(10, dec);
	double r = round(x * scale) / scale;
	if (r == 0)
		r = 0;
	int n = snprintf(tmp, sizeof tmp, "%.*f", dec, r);
	if (n <= 0 || (size_t)n >= sizeof tmp) {
		snprintf(buf, size, "%.6g", x);
		return buf;
	}
	const char *digits = tmp + (tmp[0] == '-');
	const char *dot = strchr(digits, '.');
	size_t nint = dot ? (size_t)(dot - digits) : strlen(digits);
	size_t k = 0;
	if (tmp[0] == '-' && k + 1 < size)
		buf[k++] = '-';
	for (size_t i = 0; i < nint && k + 2 < size; i++) {
		if (i && (nint - i) % 3 == 0)
			buf[k++] = ',';
		buf[k++] = digits[i];
	}
	if (dot)
		for (const char *p = dot; *p && k + 1 < size; p++)
			buf[k++] = *p;
	buf[k] = '\0';
	return buf;
}

/* Decimals that suit a figure's size: whole numbers from 100 up. */
static int auto_dec(double x)
{
	double a = fabs(x);
	return a >= 100 || a == round(a) ? 0 : a >= 1 ? 1 : 2;
}

#define NUMBUF 64

/* ==== What the page shows, gathered once ================================================= */

static const char *const class_color[SYMBI_CLASS_COUNT] = {
    "#d06d00", /* material: amber */
    "#c62828", /* energy: red */
    "#1f6fb2", /* water: blue */
    "#7b3fa0", /* gas: purple */
};

typedef struct rep {
	const symbi_matches *m;
	const symbi_dataset *ds;
	const symbi_kb *kb;
	const symbi_report_options *opt;
	size_t nf, np;
	bool plan;      /* the allocation ran: figures are of the plan */
	double *share;  /* per candidate: allocated / quantity (1 without a plan) */
	uint32_t *deg;  /* per firm: partnerships it takes part in */
	bool *in_plan;  /* per firm: in a partnership with allocated > 0 */
	double *weight; /* per firm: |value| of its partnerships in the plan, for labels */
	/* totals of the plan (or of all candidates without one) */
	size_t used;
	double value, co2e, moved[4];
	double cls_value[SYMBI_CLASS_COUNT];
	size_t cls_count[SYMBI_CLASS_COUNT];
	double qmax[4]; /* largest quantity moved per dimension (of the plan, or any) */
} rep;

static symbi_class cand_class(const rep *r, const symbi_candidate *c)
{
	const symbi_code *code = symbi_kb_code(r->kb, symbi_dataset_stream(r->ds, c->supply)->code);
	return code && (int)code->cls >= 0 && code->cls < SYMBI_CLASS_COUNT ? code->cls
	                                                                    : SYMBI_CLASS_MATERIAL;
}

static const char *code_of(const rep *r, int32_t i)
{
	const symbi_code *c = i >= 0 ? symbi_kb_code(r->kb, i) : NULL;
	return c ? c->code : "";
}

static const char *code_name(const rep *r, int32_t i)
{
	const symbi_code *c = i >= 0 ? symbi_kb_code(r->kb, i) : NULL;
	return c && c->name ? c->name : "";
}

static int gather(rep *r)
{
	r->nf = symbi_dataset_firm_count(r->ds);
	r->np = symbi_matches_count(r->m);
	/* symbi_allocate gives every declared candidate a finite `allocated`. */
	for (size_t i = 0; i < r->np && !r->plan; i++)
		r->plan = !isnan(symbi_matches_get(r->m, i)->allocated);
	size_t np1 = r->np ? r->np : 1, nf1 = r->nf ? r->nf : 1;
	r->share = calloc(np1, sizeof *r->share);
	r->deg = calloc(nf1, sizeof *r->deg);
	r->in_plan = calloc(nf1, sizeof *r->in_plan);
	r->weight = calloc(nf1, sizeof *r->weight);
	if (!r->share || !r->deg || !r->in_plan || !r->weight)
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
		double moved = c->quantity * s;
		if (c->dim > 0 && c->dim < 4 && isfinite(moved) && moved > r->qmax[c->dim])
			r->qmax[c->dim] = moved;
		if (s <= 0)
			continue;
		r->in_plan[c->supplier] = r->in_plan[c->receiver] = true;
		/* Never 0 for a firm in the plan, so that it outranks the others. */
		double v = fabs(c->value_nok * s) + 1;
		r->weight[c->supplier] += v;
		r->weight[c->receiver] += v;
		r->used++;
		r->value += c->value_nok * s;
		r->co2e += c->co2e_t * s;
		if (c->dim > 0 && c->dim < 4)
			r->moved[c->dim] += c->quantity * s;
		symbi_class k = cand_class(r, c);
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
}

/* ==== Municipality labels =================================================================
 * The municipality CSV (datasets/municipalities_no.csv) gives a name and a
 * centroid per municipality; the map names those whose centroid falls in its
 * frame. Read through the shared CSV reader; columns by header name. */

typedef struct muni {
	char *name;
	double lat, lon;
} muni;

typedef struct muni_list {
	muni *items;
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
	muni mu;
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

/* ==== Map ==================================================================================== */

typedef struct proj {
	double minlat, maxlat, minlon, maxlon;
	double kx;    /* cos(middle latitude) */
	double scale; /* viewBox units per degree of latitude */
	double pad;   /* viewBox units around the frame */
	double w, h;  /* viewBox size */
} proj;

static void proj_init(proj *p, const rep *r)
{
	p->minlat = p->minlon = INFINITY;
	p->maxlat = p->maxlon = -INFINITY;
	for (size_t i = 0; i < r->nf; i++) {
		const symbi_firm *f = symbi_dataset_firm(r->ds, (uint32_t)i);
		p->minlat = fmin(p->minlat, f->lat);
		p->maxlat = fmax(p->maxlat, f->lat);
		p->minlon = fmin(p->minlon, f->lon);
		p->maxlon = fmax(p->maxlon, f->lon);
	}
	if (!r->nf) {
		/* Nothing to place: frame southern Norway, so the page still draws. */
		p->minlat = 59.5, p->maxlat = 62.5, p->minlon = 8.5, p->maxlon = 12.5;
	}
	/* A margin of 8% (at least 0.05 degrees) so that marks and labels at the
	 * edge stay inside. */
	double mlat = fmax(0.05, 0.08 * (p->maxlat - p->minlat));
	double mlon = fmax(0.08, 0.08 * (p->maxlon - p->minlon));
	p->minlat = fmax(-89.0, p->minlat - mlat);
	p->maxlat = fmin(89.0, p->maxlat + mlat);
	p->minlon -= mlon;
	p->maxlon += mlon;
	p->kx = cos((p->minlat + p->maxlat) / 2 * M_PI / 180.0);
	double wd = (p->maxlon - p->minlon) * p->kx, hd = p->maxlat - p->minlat;
	/* Fit the longer side to 1000 units, and never thinner than 1:2. */
	p->scale = 1000.0 / fmax(wd, hd);
	p->pad = 10;
	p->w = fmax(wd * p->scale, 500) + 2 * p->pad;
	p->h = fmax(hd * p->scale, 500) + 2 * p->pad;
}

static double px(const proj *p, double lon)
{
	double wd = (p->maxlon - p->minlon) * p->kx * p->scale;
	return p->pad + (p->w - 2 * p->pad - wd) / 2 + (lon - p->minlon) * p->kx * p->scale;
}

static double py(const proj *p, double lat)
{
	double hd = (p->maxlat - p->minlat) * p->scale;
	return p->pad + (p->h - 2 * p->pad - hd) / 2 + (p->maxlat - lat) * p->scale;
}

static bool in_frame(const proj *p, double lat, double lon)
{
	return lat >= p->minlat && lat <= p->maxlat && lon >= p->minlon && lon <= p->maxlon;
}

/* A "nice" step (1, 2 or 5 times a power of ten) near `x`. */
static double nice_step(double x)
{
	double e = pow(10, floor(log10(x)));
	double f = x / e;
	return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * e;
}

/* Order of candidates by (supplier, receiver, index), to bend parallel
 * partnerships between the same two firms apart. */
static const symbi_matches *sort_m;
static int by_pair(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	const symbi_candidate *x = symbi_matches_get(sort_m, i), *y = symbi_matches_get(sort_m, j);
	if (x->supplier != y->supplier)
		return x->supplier < y->supplier ? -1 : 1;
	if (x->receiver != y->receiver)
		return x->receiver < y->receiver ? -1 : 1;
	return i < j ? -1 : i > j;
}

/* ---- Labels that do not overlap -------------------------------------------------------
 * Greedy placement (the "first fit" of Christensen, Marks and Shieber, An
 * empirical study of algorithms for point-feature label placement, ACM TOG
 * 1995): labels in order of importance, each at the first of a few
 * positions around its point whose box meets no box placed before, else
 * left out. O(L^2) for L labels, a few hundred at most. Text widths are
 * estimated (0.6 em per Latin letter, 1 em per CJK one), which is enough to
 * keep names apart without measuring fonts. */

typedef struct box {
	double x0, y0, x1, y1;
} box;

typedef struct boxes {
	box *b;
	size_t n, cap;
} boxes;

static double text_em(const char *s)
{
	double em = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p & 0xc0) == 0x80)
			continue; /* continuation byte */
		if (*p >= 0xe3 && *p <= 0xef)
			em += 1.0; /* U+3000 and up: CJK, full width */
		else
			em += *p == ' ' ? 0.3 : 0.6;
	}
	return em;
}

static bool box_free(const boxes *bs, box b, double w, double h)
{
	if (b.x0 < 0 || b.y0 < 0 || b.x1 > w || b.y1 > h)
		return false;
	for (size_t i = 0; i < bs->n; i++) {
		const box *o = &bs->b[i];
		if (b.x0 < o->x1 && o->x0 < b.x1 && b.y0 < o->y1 && o->y0 < b.y1)
			return false;
	}
	return true;
}

static int box_add(boxes *bs, box b)
{
	if (symbi__grow((void **)&bs->b, &bs->cap, bs->n + 1, sizeof *bs->b))
		return SYMBI_ENOMEM;
	bs->b[bs->n++] = b;
	return 0;
}

/* A firm's label: where its text starts and which way it runs. */
typedef struct flabel {
	uint32_t firm;
	double x, y;
	bool end; /* text-anchor end: the text lies left of x */
} flabel;

static const rep *sort_rep;
static int by_weight(const void *a, const void *b)
{
	uint32_t i = *(const uint32_t *)a, j = *(const uint32_t *)b;
	double wi = sort_rep->weight[i], wj = sort_rep->weight[j];
	if (wi != wj)
		return wi > wj ? -1 : 1;
	return i < j ? -1 : i > j;
}

#define FIRM_FONT 11.0
#define MUNI_FONT 10.0
#define MAX_FIRM_LABELS 24

static void write_id_attr(w *o, const char *name, const char *value)
{
	fmt(o, " %s=\"", name);
	esc(o, value);
	raw(o, "\"");
}

/* Everything the map allocates, freed in one place. */
typedef struct mapctx {
	proj p;
	boxes placed; /* label boxes placed so far */
	flabel *fl;   /* firm labels placed */
	size_t nfl;
	bool *muni_on; /* per municipality: its label fits */
	size_t *rank;  /* per candidate: how many earlier ones join the same two firms */
	char *id;
	size_t idcap;
} mapctx;

static void map_free(mapctx *mc)
{
	free(mc->placed.b);
	free(mc->fl);
	free(mc->muni_on);
	free(mc->rank);
	free(mc->id);
}

/* Place the firm labels (most important first), then the municipality
 * labels in the room left. */
static int place_labels(mapctx *mc, const rep *r, const muni_list *munis)
{
	const proj *p = &mc->p;
	size_t nf1 = r->nf ? r->nf : 1;
	uint32_t *byw = malloc(nf1 * sizeof *byw);
	mc->fl = malloc(nf1 * sizeof *mc->fl);
	mc->muni_on = calloc(munis->n ? munis->n : 1, sizeof *mc->muni_on);
	if (!byw || !mc->fl || !mc->muni_on) {
		free(byw);
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	}
	for (uint32_t i = 0; i < r->nf; i++)
		byw[i] = i;
	sort_rep = r;
	qsort(byw, r->nf, sizeof *byw, by_weight);
	const double asc = FIRM_FONT * 0.8, desc = FIRM_FONT * 0.25;
	for (size_t k = 0; k < r->nf && mc->nfl < MAX_FIRM_LABELS; k++) {
		uint32_t i = byw[k];
		if (r->weight[i] <= 0)
			break;
		const symbi_firm *f = symbi_dataset_firm(r->ds, i);
		/* Bold text runs about 8% wider. */
		double x = px(p, f->lon), y = py(p, f->lat),
		       tw = text_em(f->name) * FIRM_FONT * 1.08;
		/* Where the text starts and its baseline: right, left, above, below. */
		const double x0s[4] = {x + 9, x - 9 - tw, x - tw / 2, x - tw / 2};
		const double ys[4] = {y + 4, y + 4, y - 10, y + 10 + asc};
		for (int t = 0; t < 4; t++) {
			box b = {x0s[t] - 2, ys[t] - asc - 1, x0s[t] + tw + 2, ys[t] + desc + 1};
			if (!box_free(&mc->placed, b, p->w, p->h))
				continue;
			if (box_add(&mc->placed, b)) {
				free(byw);
				return symbi__error(SYMBI_ENOMEM, "out of memory");
			}
			mc->fl[mc->nfl++] = (flabel){i, t == 1 ? x - 9 : x0s[t], ys[t], t == 1};
			break;
		}
	}
	free(byw);
	/* Firms with partnerships are obstacles for municipality names. */
	for (size_t i = 0; i < r->nf; i++) {
		if (!r->deg[i])
			continue;
		const symbi_firm *f = symbi_dataset_firm(r->ds, (uint32_t)i);
		double x = px(p, f->lon), y = py(p, f->lat);
		if (box_add(&mc->placed, (box){x - 6, y - 6, x + 6, y + 6}))
			return symbi__error(SYMBI_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < munis->n; i++) {
		const muni *mu = &munis->items[i];
		if (!in_frame(p, mu->lat, mu->lon))
			continue;
		double x = px(p, mu->lon), y = py(p, mu->lat), tw = text_em(mu->name) * MUNI_FONT;
		box b = {x - tw / 2 - 3, y - MUNI_FONT, x + tw / 2 + 3, y + 4};
		if (!box_free(&mc->placed, b, p->w, p->h))
			continue;
		if (box_add(&mc->placed, b))
			return symbi__error(SYMBI_ENOMEM, "out of memory");
		mc->muni_on[i] = true;
	}
	return 0;
}

/* Rank of each candidate among those joining the same supplier and
 * receiver, so that parallel curves bend apart. */
static int rank_pairs(mapctx *mc, const rep *r)
{
	size_t np1 = r->np ? r->np : 1;
	size_t *order = malloc(np1 * sizeof *order);
	mc->rank = malloc(np1 * sizeof *mc->rank);
	if (!order || !mc->rank) {
		free(order);
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < r->np; i++)
		order[i] = i;
	sort_m = r->m;
	qsort(order, r->np, sizeof *order, by_pair);
	for (size_t k = 0, run = 0; k < r->np; k++) {
		const symbi_candidate *c = symbi_matches_get(r->m, order[k]);
		const symbi_candidate *prev = k ? symbi_matches_get(r->m, order[k - 1]) : NULL;
		run = prev && prev->supplier == c->supplier && prev->receiver == c->receiver
		          ? run + 1
		          : 0;
		mc->rank[order[k]] = run;
	}
	free(order);
	return 0;
}

/* One partnership: a quadratic curve bent to the left of the direction of
 * travel, so that A->B and B->A (and parallel ones, bent further) stay
 * apart. Its width grows with the square root of the quantity moved
 * relative to the largest of the same unit, so that the ink is about
 * proportional to the flow; candidates left out of the plan are hairlines. */
static int write_partnership(w *o, mapctx *mc, const rep *r, size_t k)
{
	const proj *p = &mc->p;
	const symbi_candidate *c = symbi_matches_get(r->m, k);
	const symbi_firm *fa = symbi_dataset_firm(r->ds, c->supplier);
	const symbi_firm *fb = symbi_dataset_firm(r->ds, c->receiver);
	const symbi_stream *s = symbi_dataset_stream(r->ds, c->supply);
	size_t need =
	    strlen(s->id) + 4 +
	    strlen(c->demand == SYMBI_NONE ? fb->id : symbi_dataset_stream(r->ds, c->demand)->id);
	if (symbi__grow((void **)&mc->id, &mc->idcap, need, 1))
		return SYMBI_ENOMEM;
	if (symbi_candidate_id(r->m, k, mc->id, mc->idcap))
		return symbi__error(SYMBI_EINTERNAL, "partnership id too long");
	double x1 = px(p, fa->lon), y1 = py(p, fa->lat);
	double x2 = px(p, fb->lon), y2 = py(p, fb->lat);
	double dx = x2 - x1, dy = y2 - y1, len = sqrt(dx * dx + dy * dy);
	double bend = (0.12 + 0.08 * (double)mc->rank[k]) * len;
	double cx = (x1 + x2) / 2 + (len > 0 ? dy / len * bend : 0);
	double cy = (y1 + y2) / 2 - (len > 0 ? dx / len * bend : 0);
	/* Stop the arrow short of the receiver's circle. */
	double ex = x2, ey = y2, tx = x2 - cx, ty = y2 - cy, tl = sqrt(tx * tx + ty * ty);
	if (tl > 12) {
		ex -= tx / tl * 6;
		ey -= ty / tl * 6;
	}
	bool unused = r->plan && r->share[k] <= 0;
	double moved = c->quantity * r->share[k];
	double q = c->dim > 0 && c->dim < 4 && r->qmax[c->dim] > 0 ? moved / r->qmax[c->dim] : 0;
	double width = 1.2 + 6.8 * sqrt(fmax(0, fmin(1, q)));
	symbi_class cls = cand_class(r, c);
	const char *cname = symbi_class_name(cls);
	/* Colour (and a hairline's width) come from the style sheet by class:
	 * with thousands of candidates every byte of a line counts. */
	fmt(o, "<path class=\"partnership %s%s%s\"", cname,
	    c->basis == SYMBI_BASIS_SECTOR ? " sector" : "", unused ? " unused" : "");
	write_id_attr(o, "data-id", mc->id);
	fmt(o, " d=\"M%.1f,%.1fQ%.1f,%.1f %.1f,%.1f\"", x1, y1, cx, cy, ex, ey);
	if (!unused)
		fmt(o, " stroke-width=\"%.1f\"", width);
	if (unused) {
		/* Hairlines carry no tooltip: there may be thousands, and the table
		 * holds their figures. */
		raw(o, "/>\n");
		return 0;
	}
	fmt(o, " marker-end=\"url(#arrow-%s)\"><title>", cname);
	esc(o, fa->name);
	raw(o, " \u2192 ");
	esc(o, fb->name);
	raw(o, ": ");
	esc(o, code_of(r, s->code));
	char qb[NUMBUF], vb[NUMBUF];
	fmt(o, ", %s %s/yr, NOK %s/yr", num(qb, sizeof qb, moved, auto_dec(moved)),
	    symbi_dim_unit(c->dim), num(vb, sizeof vb, c->value_nok * r->share[k], 0));
	raw(o, "</title></path>\n");
	return 0;
}

static void write_map_legend(w *o, const rep *r)
{
	/* HTML, not SVG: it reflows on a phone where SVG text would shrink. */
	raw(o, "<figcaption><ul class=\"legend\">");
	for (int k = 0; k < SYMBI_CLASS_COUNT; k++)
		fmt(o,
		    "<li><svg viewBox=\"0 0 30 10\" aria-hidden=\"true\"><line x1=\"0\" y1=\"5\" "
		    "x2=\"30\" y2=\"5\" stroke=\"%s\" stroke-width=\"4\"/></svg>%s</li>",
		    class_color[k], symbi_class_name((symbi_class)k));
	raw(o, "<li><svg viewBox=\"0 0 30 10\" aria-hidden=\"true\"><line class=\"sector\" "
	       "x1=\"0\" y1=\"5\" x2=\"30\" y2=\"5\" stroke=\"#555\" stroke-width=\"3\"/></svg>"
	       "sector potential (no declared demand)</li>");
	if (r->plan)
		raw(o,
		    "<li><svg viewBox=\"0 0 30 10\" aria-hidden=\"true\"><line x1=\"0\" y1=\"5\" "
		    "x2=\"30\" y2=\"5\" stroke=\"#555\" stroke-width=\"1\" opacity=\"0.4\"/></svg>"
		    "candidate left out of the plan</li>");
	static const char circle[] =
	    "<li><svg viewBox=\"0 0 10 10\" aria-hidden=\"true\">"
	    "<circle cx=\"5\" cy=\"5\" r=\"4\" class=\"lg-firm%s\"/></svg>%s</li>";
	fmt(o, circle, " active", r->plan ? "firm in the plan" : "firm with candidates");
	if (r->plan)
		fmt(o, circle, " candidate", "firm with candidates left out of the plan");
	fmt(o, circle, "", "firm without partnerships");
	raw(o, "</ul>");
	raw(o, r->plan ? "Line width grows with the square root of the quantity the plan moves"
	               : "Line width grows with the square root of the quantity");
	raw(o, ", relative to the largest in the same unit (t, m\u00b3 or MWh); arrows point from "
	       "supplier to receiver. Names in grey italics are municipalities, at the centroid of "
	       "their area (\u00a9 Kartverket, CC BY 4.0), where there is room. Projection: "
	       "equirectangular, x scaled by the cosine of the middle latitude.</figcaption>");
}

static int write_map(w *o, const rep *r, const muni_list *munis)
{
	mapctx mc;
	memset(&mc, 0, sizeof mc);
	proj *p = &mc.p;
	proj_init(p, r);
	char a[NUMBUF];
	int rc = place_labels(&mc, r, munis);
	if (!rc)
		rc = rank_pairs(&mc, r);
	if (rc)
		goto done;
	fmt(o,
	    "<figure class=\"map\"><svg id=\"map\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
	    "aria-labelledby=\"map-title\" xmlns=\"http://www.w3.org/2000/svg\">\n"
	    "<title id=\"map-title\">Map of %zu firms and %zu partnerships</title>\n",
	    p->w, p->h, r->nf, r->np);
	raw(o, "<defs>");
	for (int k = 0; k < SYMBI_CLASS_COUNT; k++)
		fmt(o,
		    "<marker id=\"arrow-%s\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" "
		    "markerWidth=\"9\" markerHeight=\"9\" markerUnits=\"userSpaceOnUse\" "
		    "orient=\"auto\"><path d=\"M0,0L10,5L0,10z\" fill=\"%s\"/></marker>",
		    symbi_class_name((symbi_class)k), class_color[k]);
	raw(o, "</defs>\n");
	fmt(o, "<rect class=\"sea\" x=\"0\" y=\"0\" width=\"%.0f\" height=\"%.0f\"/>\n", p->w,
	    p->h);

	/* Graticule with degree labels, for orientation without a base map. */
	double lat_step = nice_step((p->maxlat - p->minlat) / 5);
	double lon_step = nice_step((p->maxlon - p->minlon) / 5);
	raw(o, "<g class=\"graticule\">");
	for (double lat = ceil(p->minlat / lat_step) * lat_step; lat <= p->maxlat;
	     lat += lat_step) {
		double y = py(p, lat);
		fmt(o, "<line x1=\"0\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\"/>", y, p->w, y);
		fmt(o, "<text x=\"4\" y=\"%.1f\">%s\u00b0N</text>", y - 3,
		    num(a, sizeof a, lat, lat_step < 1 ? 1 : 0));
	}
	for (double lon = ceil(p->minlon / lon_step) * lon_step; lon <= p->maxlon;
	     lon += lon_step) {
		double x = px(p, lon);
		fmt(o, "<line x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" y2=\"%.0f\"/>", x, x, p->h);
		fmt(o, "<text x=\"%.1f\" y=\"%.0f\">%s\u00b0E</text>", x + 3, p->h - 4,
		    num(a, sizeof a, lon, lon_step < 1 ? 1 : 0));
	}
	raw(o, "</g>\n");

	raw(o, "<g class=\"municipalities\">");
	for (size_t i = 0; i < munis->n; i++) {
		const muni *mu = &munis->items[i];
		if (!mc.muni_on[i])
			continue;
		fmt(o, "<text x=\"%.1f\" y=\"%.1f\">", px(p, mu->lon), py(p, mu->lat));
		esc(o, mu->name);
		raw(o, "</text>");
	}
	raw(o, "</g>\n");

	/* Candidates left out of the plan underneath, then the plan from the
	 * last to the best, so that the best lie on top. */
	raw(o, "<g class=\"partnerships\">\n");
	for (int pass = 0; pass < 2 && !rc; pass++)
		for (size_t k = r->np; k-- > 0 && !rc;)
			if ((r->plan && r->share[k] <= 0) == (pass == 0))
				rc = write_partnership(o, &mc, r, k);
	if (rc)
		goto done;
	raw(o, "</g>\n");

	/* Firms on top of the lines. */
	raw(o, "<g class=\"firms\">\n");
	for (size_t i = 0; i < r->nf; i++) {
		const symbi_firm *f = symbi_dataset_firm(r->ds, (uint32_t)i);
		double rad = r->in_plan[i] ? 4.5 + fmin(4.0, sqrt((double)r->deg[i]) / 2)
		             : r->deg[i]   ? 4.0
		                           : 3.0;
		fmt(o, "<circle class=\"firm%s\"",
		    r->in_plan[i] ? " active"
		    : r->deg[i]   ? " candidate"
		                  : "");
		write_id_attr(o, "data-id", f->id);
		fmt(o, " cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\"><title>", px(p, f->lon), py(p, f->lat),
		    rad);
		esc(o, f->name);
		raw(o, " (");
		esc(o, f->id);
		raw(o, ")");
		if (f->nace) {
			raw(o, ", NACE ");
			esc(o, f->nace);
		}
		if (f->municipality) {
			raw(o, ", ");
			esc(o, f->municipality);
		}
		if (f->region >= 0) {
			raw(o, ", ");
			esc(o, symbi_dataset_region(r->ds, f->region));
		}
		fmt(o, ": %u partnership%s", r->deg[i], r->deg[i] == 1 ? "" : "s");
		raw(o, "</title></circle>\n");
	}
	raw(o, "</g>\n");

	/* Names of the most important firms (by the value of their partnerships
	 * in the plan), where they fit, with a halo. */
	raw(o, "<g class=\"labels\">");
	for (size_t k = 0; k < mc.nfl; k++) {
		fmt(o, "<text x=\"%.1f\" y=\"%.1f\"%s>", mc.fl[k].x, mc.fl[k].y,
		    mc.fl[k].end ? " text-anchor=\"end\"" : "");
		esc(o, symbi_dataset_firm(r->ds, mc.fl[k].firm)->name);
		raw(o, "</text>");
	}
	raw(o, "</g>\n");

	/* Scale bar: a round number of km about a fifth of the width. */
	double km_per_unit = 111.195 / p->scale; /* 1 degree of latitude = 111.195 km */
	double km = nice_step(p->w / 5 * km_per_unit);
	double len = km / km_per_unit;
	double sx = p->w - len - 20, sy = p->h - 24;
	fmt(o,
	    "<g class=\"scale\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"26\"/>"
	    "<path d=\"M%.1f,%.1fv6h%.1fv-6\"/><text x=\"%.1f\" y=\"%.1f\">%s km</text></g>\n",
	    sx - 8, sy - 18, len + 16, sx, sy, len, sx + len / 2, sy - 4,
	    num(a, sizeof a, km, km < 1 ? 1 : 0));
	raw(o, "</svg>\n");
	write_map_legend(o, r);
	raw(o, "</figure>\n");
done:
	map_free(&mc);
	return rc;
}

/* ==== Headline and charts ==================================================================== */

static void card(w *o, const char *value, const char *label)
{
	raw(o, "<div class=\"card\"><div class=\"v\">");
	raw(o, value); /* formatted by num(): digits, commas, a dot, a minus */
	raw(o, "</div><div class=\"l\">");
	raw(o, label); /* constant */
	raw(o, "</div></div>");
}

static void write_headline(w *o, const rep *r)
{
	char b[NUMBUF], l[160];
	size_t sector = 0;
	for (size_t i = 0; i < r->np; i++)
		sector += symbi_matches_get(r->m, i)->basis == SYMBI_BASIS_SECTOR;
	raw(o, "<section id=\"totals\"><h2>Headline</h2><div class=\"cards\">");
	if (r->plan) {
		snprintf(l, sizeof l, "partnerships in the plan (of %zu candidates)", r->np);
		card(o, num(b, sizeof b, (double)r->used, 0), l);
	} else {
		card(o, num(b, sizeof b, (double)r->np, 0), "candidate partnerships");
	}
	card(o, num(b, sizeof b, r->value, 0), "NOK per year");
	card(o, num(b, sizeof b, r->co2e, auto_dec(r->co2e)), "t CO\u2082e avoided per year");
	card(o, num(b, sizeof b, r->moved[SYMBI_DIM_MASS], auto_dec(r->moved[SYMBI_DIM_MASS])),
	     "tonnes moved per year");
	card(o, num(b, sizeof b, r->moved[SYMBI_DIM_ENERGY], auto_dec(r->moved[SYMBI_DIM_ENERGY])),
	     "MWh moved per year");
	card(o, num(b, sizeof b, r->moved[SYMBI_DIM_VOLUME], auto_dec(r->moved[SYMBI_DIM_VOLUME])),
	     "m\u00b3 moved per year");
	raw(o, "</div>");
	if (r->plan)
		fmt(o,
		    "<p class=\"note\">Totals are those of the optimal allocation (objective: %s): "
		    "each "
		    "supply and demand is used at most to its declared quantity, so no tonne is "
		    "counted "
		    "twice. %zu of the %zu candidates are sector potential (a firm whose sector "
		    "can take "
		    "the resource, without a declared demand) and are not allocated.</p>",
		    symbi_matches_options(r->m)->objective == SYMBI_OBJECTIVE_CO2
		        ? "CO\u2082e avoided"
		        : "value",
		    sector, r->np);
	else
		raw(o,
		    "<p class=\"note\">Totals add up every candidate: a supply offered to several "
		    "receivers is counted once per receiver, so they are an upper bound. With the "
		    "allocation (without --candidates) they count each tonne once.</p>");
	raw(o, "</section>\n");
}

typedef struct bar {
	const char *label;
	const char *color;
	double value;
	size_t count;
} bar;

/* A figure in few characters for a chart: "506.6 M", "12.3 k", "950". */
static const char *short_num(char *buf, size_t size, double x)
{
	double a = fabs(x);
	char t[NUMBUF - 8]; /* room for the suffix */
	if (a >= 1e9)
		snprintf(buf, size, "%s bn", num(t, sizeof t, x / 1e9, a >= 1e11 ? 0 : 1));
	else if (a >= 1e6)
		snprintf(buf, size, "%s M", num(t, sizeof t, x / 1e6, a >= 1e8 ? 0 : 1));
	else if (a >= 1e4)
		snprintf(buf, size, "%s k", num(t, sizeof t, x / 1e3, a >= 1e5 ? 0 : 1));
	else
		num(buf, size, x, 0);
	return buf;
}

/* Horizontal bars, one per group, labelled on the left and with the value
 * and count on the right. The viewBox is narrow (480 units) so that the
 * text stays legible when a phone shrinks it to its width. */
static void write_bars(w *o, const char *title, const char *id, const bar *bars, size_t n)
{
	double max = 0, lem = 0;
	for (size_t i = 0; i < n; i++) {
		max = fmax(max, fabs(bars[i].value));
		lem = fmax(lem, text_em(bars[i].label));
	}
	const double width = 480, vw = 130, rowh = 30, font = 14;
	double lw = fmin(170, fmax(60, lem * font + 10)), bw = width - lw - vw;
	fmt(o, "<figure class=\"chart\" id=\"%s\"><figcaption>", id);
	raw(o, title);
	fmt(o, "</figcaption><svg viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"", width,
	    rowh * (double)(n ? n : 1) + 4);
	raw(o, title);
	raw(o, "\" xmlns=\"http://www.w3.org/2000/svg\">");
	if (!n)
		raw(o, "<text class=\"val\" x=\"0\" y=\"20\">nothing in the plan</text>");
	for (size_t i = 0; i < n; i++) {
		double y = rowh * (double)i + 2;
		double len = max > 0 ? fabs(bars[i].value) / max * bw : 0;
		char vb[NUMBUF];
		fmt(o, "<g class=\"bar\"><text class=\"lab\" x=\"%.0f\" y=\"%.1f\">", lw - 6,
		    y + 18);
		esc(o, bars[i].label);
		fmt(o,
		    "</text><rect x=\"%.0f\" y=\"%.1f\" width=\"%.1f\" height=\"%.0f\" rx=\"2\" "
		    "fill=\"%s\"%s/><text class=\"val\" x=\"%.1f\" y=\"%.1f\">%s \u00b7 "
		    "%zu</text></g>",
		    lw, y + 3, len, rowh - 10, bars[i].color,
		    bars[i].value < 0 ? " opacity=\"0.45\"" : "", lw + len + 6, y + 18,
		    short_num(vb, sizeof vb, bars[i].value), bars[i].count);
	}
	raw(o, "</svg></figure>\n");
}

static int write_charts(w *o, const rep *r)
{
	bar cls[SYMBI_CLASS_COUNT];
	for (int k = 0; k < SYMBI_CLASS_COUNT; k++) {
		cls[k].label = symbi_class_name((symbi_class)k);
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
		reg[k].label = symbi_dataset_region(r->ds, (int32_t)k);
	reg[nreg].label = "(no region)";
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
	raw(o, "<section id=\"charts\"><h2>Where the value lies</h2><div class=\"charts\">");
	write_bars(o, "Value by resource class (NOK/yr \u00b7 partnerships)", "by-class", cls,
	           SYMBI_CLASS_COUNT);
	write_bars(o, "Value by the supplier\u2019s region (NOK/yr \u00b7 partnerships)",
	           "by-region", reg, nb);
	raw(o, "</div></section>\n");
	free(reg);
	return 0;
}

/* ==== Portfolio
 * ==================================================================================== */

static void firm_name(w *o, const rep *r, uint32_t firm)
{
	esc(o, symbi_dataset_firm(r->ds, firm)->name);
}

static void write_path(w *o, const rep *r, const symbi_path *pa, bool loop)
{
	char a[NUMBUF], b[NUMBUF];
	raw(o, "<li>");
	for (size_t k = 0; k < pa->nfirms; k++) {
		if (k)
			raw(o, " \u2192 ");
		firm_name(o, r, pa->firms[k]);
	}
	if (loop && pa->nfirms) {
		raw(o, " \u2192 ");
		firm_name(o, r, pa->firms[0]);
	}
	fmt(o, " <small>NOK %s/yr \u00b7 %s t CO\u2082e/yr%s</small></li>",
	    num(a, sizeof a, pa->value_nok, 0), num(b, sizeof b, pa->co2e_t, auto_dec(pa->co2e_t)),
	    pa->cut ? " \u00b7 goes on beyond the search depth" : "");
}

static void write_portfolio(w *o, const rep *r, const symbi_network *net, size_t max)
{
	const symbi_network_options *no = symbi_network_options_get(net);
	const symbi_portfolio_weights *wt = &no->weights;
	size_t np = symbi_network_project_count(net);
	size_t shown = np < max ? np : max;
	char a[NUMBUF], b[NUMBUF], c[NUMBUF], d[NUMBUF], e[NUMBUF], g[NUMBUF], h[NUMBUF], k[NUMBUF],
	    l[NUMBUF];
	raw(o, "<section id=\"portfolio\"><h2>Portfolio of candidate projects</h2>");
	fmt(o,
	    "<p class=\"note\">Clusters of at least %zu firms in the network of %s, found by "
	    "modularity (Leiden, resolution %s; modularity %s), ranked by a weighted score: each "
	    "criterion is divided by its largest value among the projects, then weighted \u2014 "
	    "value %s, CO\u2082e %s, circularity (share of the members\u2019 declared demand met "
	    "inside) %s, resources exchanged %s, loops %s, chains %s, firms %s. %zu project%s",
	    no->min_project_firms,
	    no->edges == SYMBI_EDGES_ALLOCATED  ? "the allocated partnerships"
	    : no->edges == SYMBI_EDGES_DECLARED ? "the declared candidates"
	                                        : "every candidate",
	    num(a, sizeof a, no->resolution, 2), num(b, sizeof b, symbi_network_modularity(net), 3),
	    num(c, sizeof c, wt->value_nok, 2), num(d, sizeof d, wt->co2e_t, 2),
	    num(e, sizeof e, wt->circularity, 2), num(l, sizeof l, wt->resources, 2),
	    num(g, sizeof g, wt->loops, 2), num(h, sizeof h, wt->chains, 2),
	    num(k, sizeof k, wt->firms, 2), np, np == 1 ? "" : "s");
	if (shown < np)
		fmt(o, ", the best %zu shown", shown);
	raw(o, ".</p>");
	if (shown)
		raw(o, "<div class=\"portfolio\">");
	for (size_t i = 0; i < shown; i++) {
		const symbi_project *pj = symbi_network_project(net, i);
		const symbi_cluster *cl = symbi_network_cluster(net, pj->cluster);
		fmt(o, "<article class=\"project\"><h3>#%zu \u00b7 cluster ", pj->rank);
		esc(o, cl->id);
		fmt(o, " \u00b7 score %s</h3>", num(a, sizeof a, pj->score, 2));
		fmt(o, "<p class=\"kpi\">NOK %s/yr \u00b7 %s t CO\u2082e/yr",
		    num(a, sizeof a, cl->value_nok, 0),
		    num(b, sizeof b, cl->co2e_t, auto_dec(cl->co2e_t)));
		static const char *const units[4] = {"", "t", "m\u00b3", "MWh"};
		for (int k = 1; k < 4; k++)
			if (cl->moved[k] > 0)
				fmt(o, " \u00b7 %s %s/yr",
				    num(a, sizeof a, cl->moved[k], auto_dec(cl->moved[k])),
				    units[k]);
		fmt(o, "</p><p>%zu resource%s exchanged \u00b7 circularity %s", cl->resources,
		    cl->resources == 1 ? "" : "s",
		    isfinite(cl->circularity) ? num(a, sizeof a, cl->circularity * 100, 0)
		                              : "\u2013");
		if (isfinite(cl->circularity))
			raw(o, "%");
		fmt(o, " \u00b7 %zu loop%s \u00b7 %zu chain%s%s</p>", cl->loops,
		    cl->loops == 1 ? "" : "s", cl->chains, cl->chains == 1 ? "" : "s",
		    pj->chertow_3_2 ? " \u00b7 meets Chertow\u2019s 3-2 rule" : "");
		if (cl->nmunicipalities) {
			raw(o, "<p>");
			raw(o, "<b>Where:</b> ");
			for (size_t k = 0; k < cl->nmunicipalities; k++) {
				if (k)
					raw(o, ", ");
				esc(o, cl->municipalities[k]);
			}
			raw(o, "</p>");
		}
		fmt(o, "<p><b>%zu firms:</b> ", cl->nfirms);
		/* Semicolons: firm names often hold commas ("Sawmill, Elverum"). */
		for (size_t k = 0; k < cl->nfirms; k++) {
			if (k)
				raw(o, "; ");
			bool anchor = cl->firms[k] == cl->anchor;
			if (anchor)
				raw(o, "<b>");
			firm_name(o, r, cl->firms[k]);
			if (anchor)
				raw(o, "</b> (anchor)");
		}
		raw(o, "</p>");
		raw(o, "<ul>");
		size_t ne = cl->nedges < 6 ? cl->nedges : 6;
		for (size_t k = 0; k < ne; k++) {
			const symbi_edge *ed = symbi_network_edge(net, cl->edges[k]);
			const symbi_candidate *cd = symbi_matches_get(r->m, ed->candidate);
			raw(o, "<li>");
			firm_name(o, r, ed->supplier);
			raw(o, " \u2192 ");
			firm_name(o, r, ed->receiver);
			raw(o, " \u00b7 ");
			esc(o, code_of(r, symbi_dataset_stream(r->ds, cd->supply)->code));
			fmt(o, " \u00b7 %s %s/yr</li>",
			    num(a, sizeof a, ed->quantity, auto_dec(ed->quantity)),
			    symbi_dim_unit(ed->dim));
		}
		if (ne < cl->nedges)
			fmt(o, "<li>and %zu more</li>", cl->nedges - ne);
		raw(o, "</ul></article>");
	}
	if (shown)
		raw(o, "</div>");
	size_t nl = symbi_network_loop_count(net), nc = symbi_network_chain_count(net);
	fmt(o,
	    "<h3>Loops</h3><p class=\"note\">Closed cycles of exchanges (up to %zu firms)%s.</p>",
	    no->max_path_firms,
	    symbi_network_loops_truncated(net) ? "; the search was cut short by its bounds" : "");
	if (nl) {
		raw(o, "<ol class=\"paths\">");
		for (size_t i = 0; i < nl && i < 10; i++)
			write_path(o, r, symbi_network_loop(net, i), true);
		raw(o, "</ol>");
		if (nl > 10)
			fmt(o, "<p class=\"note\">and %zu more.</p>", nl - 10);
	} else {
		raw(o, "<p>None found.</p>");
	}
	fmt(o,
	    "<h3>Chains</h3><p class=\"note\">Paths where one firm\u2019s output feeds the next "
	    "(up to %zu firms)%s.</p>",
	    no->max_path_firms,
	    symbi_network_chains_truncated(net) ? "; the search was cut short by its bounds" : "");
	if (nc) {
		raw(o, "<ol class=\"paths\">");
		for (size_t i = 0; i < nc && i < 10; i++)
			write_path(o, r, symbi_network_chain(net, i), false);
		raw(o, "</ol>");
		if (nc > 10)
			fmt(o, "<p class=\"note\">and %zu more.</p>", nc - 10);
	} else {
		raw(o, "<p>None found.</p>");
	}
	raw(o, "</section>\n");
}

/* ==== Partnerships table =======================================================================
 */

/* A number cell; `unit` (a constant, may be NULL) follows the figure. */
static void td_num(w *o, double x, int dec, const char *unit)
{
	char b[NUMBUF];
	if (isfinite(x))
		fmt(o, "<td class=\"n\" data-v=\"%.6g\">%s%s%s</td>", x, num(b, sizeof b, x, dec),
		    unit ? "\u00a0" : "", unit ? unit : "");
	else
		raw(o, "<td class=\"n\" data-v=\"\">\u2013</td>");
}

/* Why the candidate exists and how its figures come about, in words. */
static void write_reasons(w *o, const rep *r, const symbi_candidate *c)
{
	const symbi_stream *s = symbi_dataset_stream(r->ds, c->supply);
	const symbi_rule *rule = c->rule >= 0 ? symbi_kb_rule(r->kb, (size_t)c->rule) : NULL;
	char a[NUMBUF], b[NUMBUF], d[NUMBUF];
	raw(o, "<details><summary>why</summary><ul class=\"why\"><li>");
	if (c->basis == SYMBI_BASIS_SECTOR) {
		const char *nace = symbi_dataset_firm(r->ds, c->receiver)->nace;
		raw(o, "sector potential: the receiver (NACE ");
		esc(o, nace ? nace : "?");
		raw(o, ") declared no demand, but its sector takes this resource");
	} else if (rule) {
		raw(o, "rule ");
		esc(o, code_of(r, rule->from));
		raw(o, " \u2192 ");
		esc(o, code_of(r, c->receiver_code));
	} else if (s->code == c->receiver_code) {
		raw(o, "same resource code on both sides");
	} else {
		raw(o, "the demand for ");
		esc(o, code_of(r, c->receiver_code));
		raw(o, " accepts every code beneath it");
	}
	if (rule && isfinite(c->yield) && c->yield != 1)
		fmt(o, ", yield %s", num(a, sizeof a, c->yield, 3));
	if (rule && rule->source) {
		raw(o, " (source: ");
		esc(o, rule->source);
		raw(o, ")");
	}
	fmt(o, "</li><li>%s km apart, within the %s km radius; %s km by %s</li>",
	    num(a, sizeof a, c->distance_km, 1), num(b, sizeof b, c->radius_km, 0),
	    num(d, sizeof d, c->route_km, 1), c->mode == SYMBI_MODE_PIPE ? "pipe" : "road");
	fmt(o, "<li>NOK/yr: disposal avoided %s", num(a, sizeof a, c->avoided_disposal_nok, 0));
	fmt(o, " + purchase avoided %s", num(a, sizeof a, c->avoided_purchase_nok, 0));
	fmt(o, " \u2212 transport %s</li>", num(a, sizeof a, c->transport_nok, 0));
	fmt(o, "<li>t CO\u2082e/yr: avoided %s", num(a, sizeof a, c->avoided_co2e_t, 2));
	fmt(o, " \u2212 transport %s</li></ul></details>",
	    num(a, sizeof a, c->transport_co2e_t, 2));
}

static int write_table(w *o, const rep *r)
{
	/* Every partnership of the plan, and the best `table_max` others. */
	size_t limit = r->opt && r->opt->table_max ? r->opt->table_max : r->np;
	size_t shown = 0, others = 0;
	for (size_t i = 0; i < r->np; i++)
		if ((r->plan && r->share[i] > 0) || others++ < limit)
			shown++;
	raw(o, "<section id=\"partnerships\"><h2>Partnerships</h2>");
	fmt(o, "<p class=\"note\">%zu candidate%s, best score first", r->np, r->np == 1 ? "" : "s");
	if (shown < r->np && r->plan)
		fmt(o, "; shown: the %zu in the plan and the best %zu others", r->used, limit);
	else if (shown < r->np)
		fmt(o, "; the best %zu shown", shown);
	raw(o, ". Click a column heading to sort. Quantities are per year in the receiver\u2019s "
	       "unit; value is what the pair saves per year (avoided disposal and purchase less "
	       "transport).</p>");
	/* The score is the value or the CO2e per the objective: no column of its
	 * own. Basis and unit ride in the resource and quantity cells. */
	raw(o, "<div class=\"scroll\"><table class=\"sortable\"><thead><tr>"
	       "<th data-type=\"num\">#</th><th>Supplier</th><th>Receiver</th><th>Resource</th>"
	       "<th data-type=\"num\">Quantity /yr</th><th data-type=\"num\">km</th>"
	       "<th data-type=\"num\">NOK/yr</th><th data-type=\"num\">t CO\u2082e/yr</th>");
	if (r->plan)
		raw(o, "<th data-type=\"num\">Allocated</th>");
	raw(o, "<th>Why</th></tr></thead><tbody>\n");
	char *id = NULL;
	size_t idcap = 0;
	others = 0;
	for (size_t i = 0; i < r->np; i++) {
		if (!((r->plan && r->share[i] > 0) || others++ < limit))
			continue;
		const symbi_candidate *c = symbi_matches_get(r->m, i);
		const symbi_firm *fa = symbi_dataset_firm(r->ds, c->supplier);
		const symbi_firm *fb = symbi_dataset_firm(r->ds, c->receiver);
		const symbi_stream *s = symbi_dataset_stream(r->ds, c->supply);
		size_t need =
		    strlen(s->id) + 4 +
		    strlen(c->demand == SYMBI_NONE ? fb->id
		                                   : symbi_dataset_stream(r->ds, c->demand)->id);
		if (symbi__grow((void **)&id, &idcap, need, 1)) {
			free(id);
			return SYMBI_ENOMEM;
		}
		if (symbi_candidate_id(r->m, i, id, idcap)) {
			free(id);
			return symbi__error(SYMBI_EINTERNAL, "partnership id too long");
		}
		raw(o, "<tr");
		write_id_attr(o, "data-id", id);
		if (r->plan && r->share[i] <= 0)
			raw(o, " class=\"unused\"");
		fmt(o, "><td class=\"n\" data-v=\"%zu\">%zu</td><td>", i + 1, i + 1);
		esc(o, fa->name);
		raw(o, "<small>");
		esc(o, s->id);
		raw(o, "</small></td><td>");
		esc(o, fb->name);
		raw(o, "<small>");
		esc(o, c->demand == SYMBI_NONE ? "sector"
		                               : symbi_dataset_stream(r->ds, c->demand)->id);
		raw(o, "</small></td><td><span class=\"dot ");
		raw(o, symbi_class_name(cand_class(r, c)));
		raw(o, "\"></span><span title=\"");
		esc(o, code_name(r, s->code));
		raw(o, "\">");
		esc(o, code_of(r, s->code));
		raw(o, "</span>");
		if (c->receiver_code >= 0 && c->receiver_code != s->code) {
			raw(o, " \u2192 <span title=\"");
			esc(o, code_name(r, c->receiver_code));
			raw(o, "\">");
			esc(o, code_of(r, c->receiver_code));
			raw(o, "</span>");
		}
		fmt(o, "<small>%s</small></td>",
		    c->basis == SYMBI_BASIS_SECTOR ? "sector potential" : "declared demand");
		td_num(o, c->quantity, auto_dec(c->quantity), symbi_dim_unit(c->dim));
		td_num(o, c->distance_km, 1, NULL);
		td_num(o, c->value_nok, 0, NULL);
		td_num(o, c->co2e_t, auto_dec(c->co2e_t), NULL);
		if (r->plan)
			td_num(o, c->allocated, auto_dec(c->allocated), NULL);
		raw(o, "<td>");
		write_reasons(o, r, c);
		raw(o, "</td></tr>\n");
	}
	free(id);
	raw(o, "</tbody></table></div></section>\n");
	return 0;
}

/* ==== Inputs and options =========================================================================
 */

static void dt(w *o, const char *term)
{
	raw(o, "<dt>");
	raw(o, term); /* constant */
	raw(o, "</dt><dd>");
}

static void write_inputs(w *o, const rep *r)
{
	const symbi_match_options *mo = symbi_matches_options(r->m);
	const symbi_report_options *ro = r->opt;
	char a[NUMBUF];
	raw(o, "<section id=\"inputs\"><h2>Inputs and options</h2><dl>");
	dt(o, "symbi version");
	raw(o, SYMBI_VERSION "</dd>");
	if (ro && ro->dataset) {
		dt(o, "dataset");
		esc(o, ro->dataset);
		raw(o, "</dd>");
	}
	if (ro && ro->ninputs) {
		dt(o, "input files");
		for (size_t i = 0; i < ro->ninputs; i++) {
			if (i)
				raw(o, "<br>");
			raw(o, "<code>");
			esc(o, ro->inputs[i]);
			raw(o, "</code>");
		}
		raw(o, "</dd>");
	}
	dt(o, "firms, streams");
	fmt(o, "%zu, %zu</dd>", r->nf, symbi_dataset_stream_count(r->ds));
	dt(o, "knowledge base");
	fmt(o, "%zu resource codes, %zu rules, %zu scoring factors</dd>",
	    symbi_kb_code_count(r->kb), symbi_kb_rule_count(r->kb), symbi_kb_factor_count(r->kb));
	if (ro && ro->command) {
		dt(o, "command");
		raw(o, "<code>");
		esc(o, ro->command);
		raw(o, "</code></dd>");
	}
	dt(o, "query");
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
	if (isfinite(mo->max_km))
		fmt(o, "max-km=%s ", num(a, sizeof a, mo->max_km, 1));
	if (mo->top_k)
		fmt(o, "top=%zu ", mo->top_k);
	if (isfinite(mo->min_score))
		fmt(o, "min-score=%s ", num(a, sizeof a, mo->min_score, 2));
	fmt(o, "sector=%s objective=%s allocation=%s</code></dd>", mo->sector ? "yes" : "no",
	    mo->objective == SYMBI_OBJECTIVE_CO2 ? "co2" : "value", r->plan ? "yes" : "no");
	raw(o, "</dl></section>\n");
}

/* ==== Page
 * ======================================================================================== */

static const char *const css[] = {
    ":root{--ink:#1d2327;--muted:#5b6770;--line:#d8dee2;--bg:#f6f8f9;--accent:#1f5f8b}",
    "*{box-sizing:border-box}",
    "body{margin:0;font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',",
    "'Helvetica Neue',Arial,sans-serif;color:var(--ink);background:var(--bg)}",
    "header,main,footer{max-width:1180px;margin:0 auto;padding:0 16px}",
    "header{padding-top:20px}",
    "h1{font-size:1.6rem;margin:0 0 4px}h2{font-size:1.2rem;margin:28px 0 10px;",
    "border-bottom:2px solid var(--line);padding-bottom:4px}",
    ".sub{color:var(--muted);margin:0}",
    "section{margin-bottom:8px}",
    ".cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(160px,1fr));gap:10px}",
    ".card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px 14px}",
    ".card .v{font-size:1.45rem;font-weight:650;font-variant-numeric:tabular-nums}",
    ".card .l{color:var(--muted);font-size:.85rem}",
    ".note{color:var(--muted);font-size:.88rem}",
    "figure{margin:0;background:#fff;border:1px solid var(--line);border-radius:8px;padding:10px}",
    "figure svg{display:block;width:100%;height:auto}",
    ".map svg{max-height:88vh}",
    "@media (min-width:960px){.map{display:grid;grid-template-columns:minmax(0,1fr) 250px;"
    "gap:18px;align-items:start}.map figcaption{margin:0}.map .legend{flex-direction:column}}",
    "figcaption{font-size:.85rem;color:var(--muted);margin-top:6px}",
    ".chart figcaption{margin:0 0 6px;color:var(--ink);font-weight:600}",
    ".legend{list-style:none;padding:0;margin:0 0 10px;display:flex;flex-wrap:wrap;gap:4px 16px}",
    ".legend li{display:flex;align-items:center;gap:6px;color:var(--ink)}",
    ".legend svg{width:30px;height:10px;display:inline-block}",
    ".legend li svg[viewBox='0 0 10 10']{width:12px;height:12px}",
    ".sea{fill:#fbfcfd}",
    ".graticule line{stroke:#e3e8eb;stroke-width:1}",
    ".graticule text{fill:#9aa5ad;font-size:11px}",
    ".municipalities text{fill:#98a3ab;font-size:10px;font-style:italic;text-anchor:middle}",
    ".partnership{fill:none;stroke-linecap:round;opacity:.8}",
    ".partnership.sector,line.sector{stroke-dasharray:7 5}",
    ".partnership.unused{opacity:.16;stroke-width:.8}",

    ".partnership:hover,.partnership.hl{opacity:1;filter:drop-shadow(0 0 2px #000)}",
    ".firm,.lg-firm{fill:#fff;stroke:#7d8990;stroke-width:1.5}",
    ".firm.candidate,.lg-firm.candidate{fill:#b9c4ca;stroke:#4d5960}",
    ".firm.active,.lg-firm.active{fill:#1d2327;stroke:#fff;stroke-width:1.5}",
    ".labels text{font-size:11px;font-weight:600;fill:#1d2327;paint-order:stroke;stroke:#fff;",
    "stroke-width:3.5px;stroke-linejoin:round}",
    ".scale rect{fill:#fff;opacity:.85}.scale path{fill:none;stroke:#1d2327;stroke-width:1.5}",
    ".scale text{font-size:12px;text-anchor:middle;fill:#1d2327}",
    ".charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(340px,1fr));gap:12px}",
    ".bar .lab{text-anchor:end;font-size:14px;fill:#1d2327}.bar .val{font-size:13px;fill:#5b6770}",
    ".scroll{overflow-x:auto;background:#fff;border:1px solid var(--line);border-radius:8px}",
    "table{border-collapse:collapse;width:100%;font-size:.86rem}",
    "th,td{padding:6px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}",
    "th{position:sticky;top:0;background:#eef2f4;cursor:pointer;white-space:nowrap;user-select:"
    "none}",
    "th[aria-sort=ascending]::after{content:' \\25B2'}th[aria-sort=descending]::after{content:' "
    "\\25BC'}",
    "td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}",
    "td small{display:block;color:var(--muted)}",
    "tr.unused td{color:#7b868d}",
    "tbody tr:hover,tbody tr.hl{background:#fff7e0}",
    ".why{margin:4px 0 0;padding-left:16px;min-width:240px;color:var(--muted);font-size:.8rem}",
    "summary{cursor:pointer;color:var(--accent);white-space:nowrap}",
    ".dot{display:inline-block;width:9px;height:9px;border-radius:50%;margin-right:5px}",

    ".portfolio{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:10px}",
    ".project{background:#fff;border:1px solid var(--line);border-radius:8px;padding:10px 14px}",
    ".project h3{font-size:1rem;margin:0 0 4px}.project p{margin:4px 0;font-size:.88rem}",
    ".project ul{margin:4px 0;padding-left:18px;font-size:.85rem}",
    ".project .kpi{font-weight:600;font-size:.95rem}",
    "h3{font-size:1rem;margin:18px 0 4px}.paths{font-size:.9rem;padding-left:22px}",
    ".paths small{color:var(--muted)}",
    "dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;font-size:.9rem}",
    "dt{color:var(--muted)}dd{margin:0;overflow-wrap:anywhere}",
    "footer{color:var(--muted);font-size:.8rem;padding:24px 16px}",
    "@media (max-width:600px){body{font-size:14px}h1{font-size:1.3rem}",
    ".card .v{font-size:1.2rem}dl{grid-template-columns:1fr}dt{font-weight:600}",
    ".charts{grid-template-columns:1fr}}",
    "@media print{body{background:#fff;font-size:11px}header,main,footer{max-width:none}",
    "figure,.card,.scroll,.project{border-color:#bbb;break-inside:avoid}",
    ".map svg{max-height:none}.scroll{overflow:visible}th{position:static}",
    "tr{break-inside:avoid}a{color:inherit}}",
    NULL};

/* Sorting by a column (numbers by data-v, text by its content), and the
 * hover link between a table row and its line on the map. It ends by
 * marking <body data-ok="1">, and records errors in data-errors, which the
 * browser test reads from the dumped DOM. */
static const char *const script[] = {
    "(function(){var b=document.body,errs=[];",
    "function fail(m){errs.push(String(m));b.setAttribute('data-errors',errs.join(' | '));}",
    "window.addEventListener('error',function(e){fail(e.message);});",
    "try{",
    "var lines={};Array.prototype.forEach.call(document.querySelectorAll('path.partnership'),",
    "function(p){lines[p.getAttribute('data-id')]=p;});",
    "Array.prototype.forEach.call(document.querySelectorAll('table.sortable'),function(t){",
    "var body=t.tBodies[0],ths=t.tHead.rows[0].cells;",
    "Array.prototype.forEach.call(ths,function(th,col){",
    "th.tabIndex=0;",
    "function sort(){var asc=th.getAttribute('aria-sort')!=='ascending',",
    "num=th.getAttribute('data-type')==='num',rows=Array.prototype.slice.call(body.rows);",
    "rows.sort(function(x,y){var a=x.cells[col],c=y.cells[col],r;",
    "if(num){var u=parseFloat(a.getAttribute('data-v')),v=parseFloat(c.getAttribute('data-v'));",
    "if(isNaN(u))u=-Infinity;if(isNaN(v))v=-Infinity;r=u-v;}",
    "else r=a.textContent.localeCompare(c.textContent);",
    "return asc?r:-r;});",
    "Array.prototype.forEach.call(ths,function(h){h.removeAttribute('aria-sort');});",
    "th.setAttribute('aria-sort',asc?'ascending':'descending');",
    "rows.forEach(function(row){body.appendChild(row);});}",
    "th.addEventListener('click',sort);",
    "th.addEventListener('keydown',function(e){if(e.key==='Enter'||e.key===' '){",
    "e.preventDefault();sort();}});});",
    "Array.prototype.forEach.call(body.rows,function(row){var "
    "p=lines[row.getAttribute('data-id')];",
    "if(!p)return;row.addEventListener('mouseenter',function(){p.classList.add('hl');});",
    "row.addEventListener('mouseleave',function(){p.classList.remove('hl');});});});",
    "window.addEventListener('beforeprint',function(){Array.prototype.forEach.call("
    "document.querySelectorAll('details'),function(d){d.open=true;});});",
    "b.setAttribute('data-ok','1');}catch(e){fail(e);}})();",
    NULL};

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
	if (!rc)
		rc = gather(&r);
	if (rc)
		goto done;

	w o = {f, false};
	const char *title = opt && opt->title ? opt->title : "Industrial symbiosis report";
	raw(&o, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	        "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n"
	        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
	        "<meta name=\"generator\" content=\"symbi " SYMBI_VERSION "\">\n<title>");
	esc(&o, title);
	if (opt && opt->dataset) {
		raw(&o, " \u2014 ");
		esc(&o, opt->dataset);
	}
	raw(&o, "</title>\n<style>");
	for (size_t i = 0; css[i]; i++)
		raw(&o, css[i]);
	/* The colours of the resource classes, from the one table above. */
	for (int k = 0; k < SYMBI_CLASS_COUNT; k++)
		fmt(&o, ".partnership.%s{stroke:%s}.dot.%s{background:%s}",
		    symbi_class_name((symbi_class)k), class_color[k],
		    symbi_class_name((symbi_class)k), class_color[k]);
	raw(&o, "</style>\n</head>\n<body>\n<header><h1>");
	esc(&o, title);
	raw(&o, "</h1><p class=\"sub\">");
	if (opt && opt->dataset) {
		esc(&o, opt->dataset);
		raw(&o, " \u00b7 ");
	}
	fmt(&o,
	    "%zu firms \u00b7 %zu candidate partnerships \u00b7 symbi %s</p></header>\n<main>\n",
	    r.nf, r.np, SYMBI_VERSION);
	write_headline(&o, &r);
	raw(&o, "<section id=\"map-section\"><h2>Map</h2>");
	rc = write_map(&o, &r, &munis);
	raw(&o, "</section>\n");
	if (!rc)
		rc = write_charts(&o, &r);
	if (!rc && opt && opt->network)
		write_portfolio(&o, &r, opt->network, opt->projects ? opt->projects : 10);
	if (!rc)
		rc = write_table(&o, &r);
	if (rc)
		goto done;
	write_inputs(&o, &r);
	raw(&o, "</main>\n<footer>Made by symbi " SYMBI_VERSION
	        ", an open-source industrial symbiosis matching engine. Figures are estimates "
	        "from declared streams and the knowledge base's factors, each with its source; "
	        "check them before deciding.</footer>\n<script>");
	for (size_t i = 0; script[i]; i++)
		raw(&o, script[i]);
	raw(&o, "</script>\n</body></html>\n");
	if (o.err || ferror(f))
		rc = symbi__error(SYMBI_EIO, "write error");
done:
	release(&r);
	free_munis(&munis);
	return rc;
}
