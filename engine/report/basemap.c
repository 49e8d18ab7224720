/*
 * basemap.c: the base map under the firms — land (Norway's coastline and
 * national border from Kartverket, the neighbours' from Natural Earth), the
 * large lakes (Natural Earth) and county and municipality borders — read
 * from datasets/basemap_no.csv
 * (built by datasets/tools/basemap.py; sources and licences in
 * datasets/SOURCES.md) and clipped to the map's frame.
 *
 * Clipping keeps the page small: a region's map holds only what lies in its
 * frame. Land and lake rings are clipped as polygons (Sutherland and Hodgman,
 * Reentrant polygon clipping, CACM 17(1), 1974; O(n) per edge of the frame),
 * border lines by keeping the runs of points that touch the frame. Points
 * closer than one unit of the viewBox to the one before are left out.
 */
#include <stdlib.h>
#include <string.h>

#include "../csvio.h"
#include "report.h"

/* ==== Loading ================================================================ */

typedef struct bm_ctx {
	symbi__basemap *bm;
	const char *path;
	symbi_diags *diags;
	int col_layer, col_name, col_points;
	double *pt;
	size_t ptcap;
} bm_ctx;

static int bm_row(void *vctx, const symbi__csv_row *row)
{
	bm_ctx *c = vctx;
	if (row->line == 1 && c->col_layer < 0) {
		for (size_t i = 0; i < row->nfields; i++) {
			const char *h = row->fields[i];
			if (strcmp(h, "layer") == 0)
				c->col_layer = (int)i;
			else if (strcmp(h, "name") == 0)
				c->col_name = (int)i;
			else if (strcmp(h, "points") == 0)
				c->col_points = (int)i;
		}
		if (c->col_layer < 0 || c->col_name < 0 || c->col_points < 0) {
			symbi__diag(c->diags, SYMBI_SEV_ERROR, c->path, row->line, NULL,
			            "a base map needs the columns 'layer', 'name' and 'points'");
			return SYMBI_EINPUT;
		}
		return 0;
	}
	int need = c->col_layer > c->col_name ? c->col_layer : c->col_name;
	need = need > c->col_points ? need : c->col_points;
	if (row->nfields <= (size_t)need) {
		symbi__diag(c->diags, SYMBI_SEV_ERROR, c->path, row->line, NULL,
		            "%zu fields, expected at least %d", row->nfields, need + 1);
		return 0;
	}
	const char *ly = row->fields[c->col_layer];
	symbi__bm_layer layer;
	if (strcmp(ly, "land") == 0)
		layer = SYMBI__BM_LAND;
	else if (strcmp(ly, "county") == 0)
		layer = SYMBI__BM_COUNTY;
	else if (strcmp(ly, "municipality") == 0)
		layer = SYMBI__BM_MUNICIPALITY;
	else if (strcmp(ly, "lake") == 0)
		layer = SYMBI__BM_LAKE;
	else {
		symbi__diag(c->diags, SYMBI_SEV_ERROR, c->path, row->line, "layer",
		            "'%s' is not a layer (land, lake, county, municipality)", ly);
		return 0;
	}
	/* "lon lat lon lat ...": pairs of decimal numbers separated by spaces. */
	size_t n = 0;
	const char *p = row->fields[c->col_points];
	for (;;) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		char *end;
		double v = strtod(p, &end);
		if (end == p || !isfinite(v) || (*end && *end != ' ') ||
		    fabs(v) > (n % 2 ? 90.0 : 180.0)) {
			symbi__diag(c->diags, SYMBI_SEV_ERROR, c->path, row->line, "points",
			            "not a coordinate at number %zu", n + 1);
			return 0;
		}
		if (symbi__grow((void **)&c->pt, &c->ptcap, n + 1, sizeof *c->pt))
			return symbi__error(SYMBI_ENOMEM, "out of memory");
		c->pt[n++] = v;
		p = end;
	}
	if (n % 2 || n < 4) {
		symbi__diag(c->diags, SYMBI_SEV_ERROR, c->path, row->line, "points",
		            "needs pairs of longitude and latitude, at least two points");
		return 0;
	}
	symbi__basemap *bm = c->bm;
	if (symbi__grow((void **)&bm->lines, &bm->cap, bm->n + 1, sizeof *bm->lines))
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	symbi__bm_line *l = &bm->lines[bm->n];
	l->layer = layer;
	l->name = symbi__arena_strdup(&bm->arena, row->fields[c->col_name]);
	l->pt = symbi__arena_alloc(&bm->arena, n * sizeof *l->pt);
	if (!l->name || !l->pt)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	memcpy(l->pt, c->pt, n * sizeof *l->pt);
	l->n = n / 2;
	l->minlon = l->minlat = INFINITY;
	l->maxlon = l->maxlat = -INFINITY;
	for (size_t i = 0; i < l->n; i++) {
		l->minlon = fmin(l->minlon, l->pt[2 * i]);
		l->maxlon = fmax(l->maxlon, l->pt[2 * i]);
		l->minlat = fmin(l->minlat, l->pt[2 * i + 1]);
		l->maxlat = fmax(l->maxlat, l->pt[2 * i + 1]);
	}
	bm->n++;
	return 0;
}

int symbi__basemap_load(symbi__basemap **out, const char *path, symbi_diags *diags)
{
	*out = NULL;
	symbi__basemap *bm = calloc(1, sizeof *bm);
	if (!bm)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	bm_ctx c = {bm, path, diags, -1, -1, -1, NULL, 0};
	size_t before = symbi_diags_errors(diags);
	int rc = symbi__csv_read(path, NULL, bm_row, &c, diags);
	if (!rc && diags && symbi_diags_errors(diags) > before)
		rc = symbi__error(SYMBI_EINPUT, "%s: bad base map", path);
	free(c.pt);
	if (rc) {
		symbi__basemap_free(bm);
		return rc;
	}
	*out = bm;
	return 0;
}

void symbi__basemap_free(symbi__basemap *bm)
{
	if (!bm)
		return;
	free(bm->lines);
	symbi__arena_clear(&bm->arena);
	free(bm);
}

/* Crossing number (even-odd) over every ring named "Norge". O(points). */
bool symbi__basemap_in_norway(const symbi__basemap *bm, double lat, double lon)
{
	bool in = false;
	for (size_t k = 0; bm && k < bm->n; k++) {
		const symbi__bm_line *l = &bm->lines[k];
		if (l->layer != SYMBI__BM_LAND || strcmp(l->name, "Norge") != 0 || lat < l->minlat ||
		    lat > l->maxlat || lon < l->minlon || lon > l->maxlon)
			continue;
		for (size_t i = 0, j = l->n - 1; i < l->n; j = i++) {
			double xi = l->pt[2 * i], yi = l->pt[2 * i + 1];
			double xj = l->pt[2 * j], yj = l->pt[2 * j + 1];
			if ((yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi)
				in = !in;
		}
	}
	return in;
}

/* ==== Drawing ================================================================= */

typedef struct pbuf {
	double *xy;
	size_t n, cap;
} pbuf;

static int push(pbuf *b, double x, double y)
{
	if (symbi__grow((void **)&b->xy, &b->cap, 2 * (b->n + 1), sizeof *b->xy))
		return SYMBI_ENOMEM;
	b->xy[2 * b->n] = x;
	b->xy[2 * b->n + 1] = y;
	b->n++;
	return 0;
}

/* One edge of the clip rectangle: inside when s * (v[axis] - lim) >= 0. */
static bool inside(const double *v, int axis, double lim, double s)
{
	return s * (v[axis] - lim) >= 0;
}

static int clip_edge(const pbuf *in, pbuf *out, int axis, double lim, double s)
{
	out->n = 0;
	for (size_t i = 0; i < in->n; i++) {
		const double *cur = &in->xy[2 * i], *prev = &in->xy[2 * ((i + in->n - 1) % in->n)];
		bool ci = inside(cur, axis, lim, s), pi = inside(prev, axis, lim, s);
		if (ci != pi) {
			double t = (lim - prev[axis]) / (cur[axis] - prev[axis]);
			double x = prev[0] + t * (cur[0] - prev[0]), y = prev[1] + t * (cur[1] - prev[1]);
			if (push(out, x, y))
				return SYMBI_ENOMEM;
		}
		if (ci && push(out, cur[0], cur[1]))
			return SYMBI_ENOMEM;
	}
	return 0;
}

/* Points of a path in viewBox units, each at least one unit from the last. */
typedef struct pen {
	double x, y;
	bool down;
} pen;

static void move(symbi__rp_w *o, pen *pn, double x, double y, bool start)
{
	if (!start && pn->down && fabs(x - pn->x) < 1 && fabs(y - pn->y) < 1)
		return;
	symbi__rp_fmt(o, start ? "M%.1f %.1f" : "L%.1f %.1f", x, y);
	pn->x = x, pn->y = y, pn->down = true;
}

/* The frame in degrees: [x0, x1] x [y0, y1]. */
typedef struct frame {
	double x0, x1, y0, y1;
} frame;

/* One ring clipped to the frame, as path data ("M..L..Z"); nothing when it
 * falls outside. *open says whether the <path> element was started, so that
 * rings of one country share one path (even-odd keeps holes open). */
static int ring_path(symbi__rp_w *o, const symbi__bm_line *l, const frame *f,
                     const symbi__rp_proj *p, pbuf *a, pbuf *b, const char *cls, bool *open)
{
	if (l->maxlon < f->x0 || l->minlon > f->x1 || l->maxlat < f->y0 || l->minlat > f->y1)
		return 0;
	a->n = 0;
	for (size_t i = 0; i < l->n; i++)
		if (push(a, l->pt[2 * i], l->pt[2 * i + 1]))
			return SYMBI_ENOMEM;
	if (clip_edge(a, b, 0, f->x0, 1) || clip_edge(b, a, 0, f->x1, -1) ||
	    clip_edge(a, b, 1, f->y0, 1) || clip_edge(b, a, 1, f->y1, -1))
		return SYMBI_ENOMEM;
	if (a->n < 3)
		return 0;
	if (!*open) {
		symbi__rp_fmt(o, "<path class=\"%s\"", cls);
		symbi__rp_attr(o, "data-name", l->name);
		symbi__rp_raw(o, " d=\"");
		*open = true;
	}
	pen pn = {0, 0, false};
	for (size_t i = 0; i < a->n; i++)
		move(o, &pn, symbi__rp_px(p, a->xy[2 * i]), symbi__rp_py(p, a->xy[2 * i + 1]), i == 0);
	symbi__rp_raw(o, "Z");
	return 0;
}

int symbi__basemap_write(symbi__rp_w *o, const symbi__basemap *bm, const symbi__rp_proj *p)
{
	/* What the viewBox shows, in degrees, and 2% more on each side so that
	 * clipped edges fall outside the view. */
	double ox = symbi__rp_px(p, p->minlon), oy = symbi__rp_py(p, p->maxlat);
	frame f = {
	    .x0 = p->minlon + (-0.02 * p->w - ox) / (p->kx * p->scale),
	    .x1 = p->minlon + (1.02 * p->w - ox) / (p->kx * p->scale),
	    .y1 = p->maxlat - (-0.02 * p->h - oy) / p->scale,
	    .y0 = p->maxlat - (1.02 * p->h - oy) / p->scale,
	};
	double x0 = f.x0, x1 = f.x1, y0 = f.y0, y1 = f.y1;
	pbuf a = {0}, b = {0};
	int rc = 0;
	symbi__rp_raw(o, "<g class=\"basemap\">");
	if (!bm)
		goto done;
	/* Land, one path per country (even-odd, so that holes stay open). */
	for (size_t k = 0; k < bm->n && !rc;) {
		if (bm->lines[k].layer != SYMBI__BM_LAND) {
			k++;
			continue;
		}
		const char *name = bm->lines[k].name;
		bool open = false;
		for (; k < bm->n && !rc && bm->lines[k].layer == SYMBI__BM_LAND &&
		       strcmp(bm->lines[k].name, name) == 0;
		     k++)
			rc = ring_path(o, &bm->lines[k], &f, p, &a, &b, "land", &open);
		if (open)
			symbi__rp_raw(o, "\"/>\n");
	}
	/* Lakes over the land, one path each, in the colour of water, so that a
	 * route across Mjøsa is seen to cross it. */
	for (size_t k = 0; k < bm->n && !rc; k++) {
		bool open = false;
		if (bm->lines[k].layer == SYMBI__BM_LAKE)
			rc = ring_path(o, &bm->lines[k], &f, p, &a, &b, "lake", &open);
		if (open)
			symbi__rp_raw(o, "\"/>\n");
	}
	/* Borders: municipalities under counties. */
	static const struct {
		symbi__bm_layer layer;
		const char *cls;
	} kinds[] = {{SYMBI__BM_MUNICIPALITY, "municipality-border"}, {SYMBI__BM_COUNTY, "county-border"}};
	for (size_t t = 0; t < 2 && !rc; t++) {
		bool open = false;
		for (size_t k = 0; k < bm->n; k++) {
			const symbi__bm_line *l = &bm->lines[k];
			if (l->layer != kinds[t].layer || l->maxlon < x0 || l->minlon > x1 ||
			    l->maxlat < y0 || l->minlat > y1)
				continue;
			pen pn = {0, 0, false};
			bool drawing = false;
			for (size_t i = 0; i < l->n; i++) {
				/* A point is kept when it or a neighbour lies in the frame, so
				 * every segment that crosses the frame is drawn whole. */
				bool keep = false;
				for (size_t j = i ? i - 1 : 0; j <= i + 1 && j < l->n && !keep; j++) {
					double lon = l->pt[2 * j], lat = l->pt[2 * j + 1];
					keep = lon >= x0 && lon <= x1 && lat >= y0 && lat <= y1;
				}
				if (!keep) {
					drawing = false;
					continue;
				}
				if (!open) {
					symbi__rp_fmt(o, "<path class=\"%s\" d=\"", kinds[t].cls);
					open = true;
				}
				move(o, &pn, symbi__rp_px(p, l->pt[2 * i]), symbi__rp_py(p, l->pt[2 * i + 1]),
				     !drawing);
				drawing = true;
			}
		}
		if (open)
			symbi__rp_raw(o, "\"/>\n");
	}
done:
	symbi__rp_raw(o, "</g>\n");
	free(a.xy);
	free(b.xy);
	return rc ? symbi__error(SYMBI_ENOMEM, "out of memory") : 0;
}
