/*
 * map.c: the report's map — the base map, a graticule, municipality names,
 * the partnerships as curves, the firms as circles, the names of the most
 * important firms, a scale bar, and the legend.
 *
 * The projection is equirectangular with the x axis scaled by the cosine of
 * the latitude at the middle of the map (the "plate carrée with standard
 * parallel" of Snyder, Map Projections — A Working Manual, USGS 1987, p. 90).
 * Over the few hundred kilometres of a region it keeps distances and angles
 * within a few percent, needs no tiles and keeps straight lines straight.
 *
 * Every mark carries what the page's script filters on: a firm's circle its
 * index (data-f), municipality (data-m) and region (data-g); a partnership's
 * curve its two firms (data-s, data-r), its resource class and basis in its
 * class attribute, its resource code (data-k) and the figures the totals add up
 * (data-v value, data-e CO2e, data-q quantity moved, data-d its dimension,
 * data-u 1 when it counts in the totals).
 */
#include <stdlib.h>
#include <string.h>

#include "report.h"

typedef symbi__rp_proj proj;

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

double symbi__rp_px(const proj *p, double lon)
{
	double wd = (p->maxlon - p->minlon) * p->kx * p->scale;
	return p->pad + (p->w - 2 * p->pad - wd) / 2 + (lon - p->minlon) * p->kx * p->scale;
}

double symbi__rp_py(const proj *p, double lat)
{
	double hd = (p->maxlat - p->minlat) * p->scale;
	return p->pad + (p->h - 2 * p->pad - hd) / 2 + (p->maxlat - lat) * p->scale;
}

#define px symbi__rp_px
#define py symbi__rp_py

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
 * left out. O(L^2) for L labels, a few hundred at most. */

typedef struct box {
	double x0, y0, x1, y1;
} box;

typedef struct boxes {
	box *b;
	size_t n, cap;
} boxes;

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
static int place_labels(mapctx *mc, const rep *r)
{
	const proj *p = &mc->p;
	size_t nf1 = r->nf ? r->nf : 1;
	uint32_t *byw = malloc(nf1 * sizeof *byw);
	mc->fl = malloc(nf1 * sizeof *mc->fl);
	mc->muni_on = calloc(r->nmunis ? r->nmunis : 1, sizeof *mc->muni_on);
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
		       tw = symbi__rp_text_em(f->name) * FIRM_FONT * 1.08;
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
	for (size_t i = 0; i < r->nmunis; i++) {
		const symbi__rp_muni *mu = &r->munis[i];
		if (!in_frame(p, mu->lat, mu->lon))
			continue;
		double x = px(p, mu->lon), y = py(p, mu->lat),
		       tw = symbi__rp_text_em(mu->name) * MUNI_FONT;
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

/* A figure for the script: %.6g, or empty when not finite. */
static void data_num(w *o, const char *name, double x)
{
	if (isfinite(x))
		fmt(o, " %s=\"%.6g\"", name, x == 0 ? 0.0 : x);
	else
		fmt(o, " %s=\"\"", name);
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
	const symbi_stream *s = symbi__candidate_stream(r->ds, c);
	if (symbi__rp_cand_id(r, k, &mc->id, &mc->idcap))
		return SYMBI_ENOMEM;
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
	symbi_class cls = symbi__rp_class(r, c);
	const char *cname = symbi_class_name(cls);
	/* Colour (and a hairline's width) come from the style sheet by class:
	 * with thousands of candidates every byte of a line counts. */
	fmt(o, "<path class=\"partnership %s%s%s\"", cname,
	    c->basis == SYMBI_BASIS_SECTOR ? " sector" : "", unused ? " unused" : "");
	symbi__rp_attr(o, "data-id", mc->id);
	/* Class and basis ride in the class attribute: no data-c, data-b here. */
	fmt(o, " data-s=\"%u\" data-r=\"%u\"", c->supplier, c->receiver);
	symbi__rp_attr(o, "data-k", symbi__rp_code(r, s->code));
	if (!unused) {
		data_num(o, "data-v", c->value_nok * r->share[k]);
		data_num(o, "data-e", symbi__rp_co2(c) * r->share[k]);
		data_num(o, "data-q", moved);
		fmt(o, " data-d=\"%d\" data-u=\"1\"", (int)c->dim);
	}
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
	esc(o, symbi__rp_code_name(r, s->code));
	raw(o, " (");
	esc(o, symbi__rp_code(r, s->code));
	char qb[NUMBUF], vb[NUMBUF];
	fmt(o, "), %s %s, NOK %s%s%s", NUM(qb, moved, ADEC(moved)), UNIT(c->dim),
	    NUM(vb, c->value_nok * r->share[k], 0), TR(r, "/yr", "/år"),
	    c->flags & SYMBI_CANDIDATE_HEAT_PUMP ? TR(r, ", heat pump", ", varmepumpe") : "");
	raw(o, "</title></path>\n");
	return 0;
}

static void write_map_legend(w *o, const rep *r)
{
	/* HTML, not SVG: it reflows on a phone where SVG text would shrink. */
	raw(o, "<figcaption><ul class=\"legend\">");
	static const char *const cls_nb[SYMBI_CLASS_COUNT] = {"materiale", "energi", "vann", "gass"};
	for (int k = 0; k < SYMBI_CLASS_COUNT; k++)
		fmt(o,
		    "<li><svg viewBox=\"0 0 30 10\" aria-hidden=\"true\"><line x1=\"0\" y1=\"5\" "
		    "x2=\"30\" y2=\"5\" class=\"lg-%s\" stroke-width=\"4\"/></svg>%s</li>",
		    symbi_class_name((symbi_class)k),
		    TR(r, symbi_class_name((symbi_class)k), cls_nb[k]));
	fmt(o,
	    "<li><svg viewBox=\"0 0 30 10\" aria-hidden=\"true\"><line class=\"sector\" "
	    "x1=\"0\" y1=\"5\" x2=\"30\" y2=\"5\" stroke=\"#555\" stroke-width=\"3\"/></svg>"
	    "%s</li>",
	    TR(r, "sector potential (no declared demand)",
	       "bransjepotensial (ingen oppgitt etterspørsel)"));
	if (r->plan)
		fmt(o,
		    "<li><svg viewBox=\"0 0 30 10\" aria-hidden=\"true\"><line x1=\"0\" y1=\"5\" "
		    "x2=\"30\" y2=\"5\" stroke=\"#555\" stroke-width=\"1\" opacity=\"0.4\"/></svg>"
		    "%s</li>",
		    TR(r, "candidate left out of the plan", "kandidat utenfor planen"));
	static const char circle[] =
	    "<li><svg viewBox=\"0 0 10 10\" aria-hidden=\"true\">"
	    "<circle cx=\"5\" cy=\"5\" r=\"4\" class=\"lg-firm%s\"/></svg>%s</li>";
	fmt(o, circle, " active",
	    r->plan ? TR(r, "firm in the plan", "virksomhet i planen")
	            : TR(r, "firm with candidates", "virksomhet med kandidater"));
	if (r->plan)
		fmt(o, circle, " candidate",
		    TR(r, "firm with candidates left out of the plan",
		       "virksomhet med kandidater utenfor planen"));
	fmt(o, circle, "", TR(r, "firm without partnerships", "virksomhet uten partnerskap"));
	fmt(o,
	    "<li><svg viewBox=\"0 0 30 10\" aria-hidden=\"true\"><line class=\"lg-county\" "
	    "x1=\"0\" y1=\"5\" x2=\"30\" y2=\"5\"/></svg>%s</li>",
	    TR(r, "county border", "fylkesgrense"));
	fmt(o,
	    "<li><svg viewBox=\"0 0 30 10\" aria-hidden=\"true\"><line class=\"lg-muni\" "
	    "x1=\"0\" y1=\"5\" x2=\"30\" y2=\"5\"/></svg>%s</li>",
	    TR(r, "municipality border", "kommunegrense"));
	fmt(o,
	    "<li><svg viewBox=\"0 0 10 10\" aria-hidden=\"true\"><rect class=\"lake\" "
	    "x=\"1\" y=\"2\" width=\"8\" height=\"6\" rx=\"2\"/></svg>%s</li>",
	    TR(r, "large lake", "stor innsjø"));
	raw(o, "</ul>");
	raw(o, r->plan ? TR(r, "Line width grows with the square root of the quantity the plan moves",
	                    "Linjebredden vokser med kvadratroten av mengden planen flytter")
	               : TR(r, "Line width grows with the square root of the quantity",
	                    "Linjebredden vokser med kvadratroten av mengden"));
	raw(o, TR(r,
	          ", relative to the largest in the same unit (t, m\u00b3 or MWh); arrows point from "
	          "supplier to receiver. Click a firm to see its partnerships, near misses and "
	          "streams. Names in grey italics are municipalities, at the centroid of their area. "
	          "Base map: land, county and municipality borders \u00a9 Kartverket (CC BY 4.0); "
	          "other countries and the large lakes from Natural Earth (public domain). "
	          "Projection: equirectangular, x scaled by the cosine of the middle latitude.",
	          ", i forhold til den største i samme enhet (t, m\u00b3 eller MWh); pilene går fra "
	          "leverandør til mottaker. Klikk på en virksomhet for å se dens partnerskap, "
	          "nesten-treff og strømmer. Navn i grå kursiv er kommuner, ved midtpunktet av "
	          "arealet. Bakgrunnskart: land, fylkes- og kommunegrenser \u00a9 Kartverket "
	          "(CC BY 4.0); andre land og de store innsjøene fra Natural Earth (fritt til "
	          "bruk). Projeksjon: ekvirektangulær, x skalert med cosinus til midtre "
	          "breddegrad."));
	raw(o, "</figcaption>");
}

int symbi__rp_map(w *o, const rep *r)
{
	mapctx mc;
	memset(&mc, 0, sizeof mc);
	proj *p = &mc.p;
	proj_init(p, r);
	char a[NUMBUF];
	int rc = place_labels(&mc, r);
	if (!rc)
		rc = rank_pairs(&mc, r);
	if (rc)
		goto done;
	fmt(o,
	    "<figure class=\"map\"><svg id=\"map\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
	    "aria-labelledby=\"map-title\" xmlns=\"http://www.w3.org/2000/svg\">\n"
	    "<title id=\"map-title\">",
	    p->w, p->h);
	fmt(o, TR(r, "Map of %zu firms and %zu partnerships", "Kart over %zu virksomheter og %zu partnerskap"),
	    r->nf, r->np);
	raw(o, "</title>\n<defs>");
	for (int k = 0; k < SYMBI_CLASS_COUNT; k++)
		fmt(o,
		    "<marker id=\"arrow-%s\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" "
		    "markerWidth=\"9\" markerHeight=\"9\" markerUnits=\"userSpaceOnUse\" "
		    "orient=\"auto\"><path d=\"M0,0L10,5L0,10z\" class=\"arrow-%s\"/></marker>",
		    symbi_class_name((symbi_class)k), symbi_class_name((symbi_class)k));
	raw(o, "</defs>\n");
	fmt(o, "<rect class=\"sea\" x=\"0\" y=\"0\" width=\"%.0f\" height=\"%.0f\"/>\n", p->w,
	    p->h);
	rc = symbi__basemap_write(o, r->basemap, p);
	if (rc)
		goto done;

	/* Graticule with degree labels. */
	double lat_step = nice_step((p->maxlat - p->minlat) / 5);
	double lon_step = nice_step((p->maxlon - p->minlon) / 5);
	raw(o, "<g class=\"graticule\">");
	for (double lat = ceil(p->minlat / lat_step) * lat_step; lat <= p->maxlat;
	     lat += lat_step) {
		double y = py(p, lat);
		fmt(o, "<line x1=\"0\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\"/>", y, p->w, y);
		fmt(o, "<text x=\"4\" y=\"%.1f\">%s\u00b0N</text>", y - 3,
		    NUM(a, lat, lat_step < 1 ? 1 : 0));
	}
	for (double lon = ceil(p->minlon / lon_step) * lon_step; lon <= p->maxlon;
	     lon += lon_step) {
		double x = px(p, lon);
		fmt(o, "<line x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" y2=\"%.0f\"/>", x, x, p->h);
		fmt(o, "<text x=\"%.1f\" y=\"%.0f\">%s\u00b0%s</text>", x + 3, p->h - 4,
		    NUM(a, lon, lon_step < 1 ? 1 : 0), TR(r, "E", "Ø"));
	}
	raw(o, "</g>\n");

	raw(o, "<g class=\"municipalities\">");
	for (size_t i = 0; i < r->nmunis; i++) {
		const symbi__rp_muni *mu = &r->munis[i];
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
		symbi__rp_attr(o, "data-id", f->id);
		fmt(o, " data-f=\"%zu\"", i);
		if (f->municipality)
			symbi__rp_attr(o, "data-m", f->municipality);
		if (f->region >= 0)
			symbi__rp_attr(o, "data-g", symbi_dataset_region(r->ds, f->region));
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
		if (r->lang == SYMBI__RP_NB)
			fmt(o, ": %u partnerskap", r->deg[i]);
		else
			fmt(o, ": %u partnership%s", r->deg[i], r->deg[i] == 1 ? "" : "s");
		raw(o, "</title></circle>\n");
	}
	raw(o, "</g>\n");

	/* Names of the most important firms (by the value of their partnerships
	 * in the plan), where they fit, with a halo. */
	raw(o, "<g class=\"labels\">");
	for (size_t k = 0; k < mc.nfl; k++) {
		fmt(o, "<text x=\"%.1f\" y=\"%.1f\" data-f=\"%u\"%s>", mc.fl[k].x, mc.fl[k].y,
		    mc.fl[k].firm, mc.fl[k].end ? " text-anchor=\"end\"" : "");
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
	    NUM(a, km, km < 1 ? 1 : 0));
	raw(o, "</svg>\n");
	write_map_legend(o, r);
	raw(o, "</figure>\n");
done:
	map_free(&mc);
	return rc;
}
