/*
 * report.h: what the files of engine/report/ share, and nobody else.
 *
 * The page is written by several files, one per part of it:
 *   html.c      the writer, the one escaping function, numbers and words in
 *               the reader's language (bokmål or English)
 *   report.c    the page: what it shows gathered once, header, headline,
 *               charts, inputs and assumptions, the filter bar
 *   map.c       the map: projection, labels, partnerships, firms, legend
 *   basemap.c   the base map under it (land, lakes, county and municipality borders)
 *   story.c     what was not matched and why, and the firms' streams and notes
 *   table.c     the table of partnerships with the reasons behind the figures
 *   portfolio.c the projects, loops and chains
 * and the style sheet and script are the files report.css and report.js,
 * turned into C strings at build time by embed.py (report_assets.c).
 *
 * Escaping. Every text that comes from the data (names, ids, codes, notes,
 * sources, paths) goes through symbi__rp_esc(), and it alone, in element text
 * and in attribute values alike (always double-quoted), in HTML and in SVG.
 * Fixed markup is written with symbi__rp_raw(); numbers with symbi__rp_fmt(),
 * whose "%s" arguments are only ever constant strings or numbers formatted
 * here.
 */
#ifndef SYMBI_REPORT_H
#define SYMBI_REPORT_H

#include <stdio.h>

#include "../internal.h"

/* ---- Writer with a sticky error --------------------------------------------- */

typedef struct symbi__rp_w {
	FILE *f;
	bool err;
} symbi__rp_w;

void symbi__rp_raw(symbi__rp_w *o, const char *s);
void symbi__rp_fmt(symbi__rp_w *o, const char *f, ...) SYMBI_PRINTF(2, 3);
void symbi__rp_esc(symbi__rp_w *o, const char *s);
/* ` name="value"` with the value escaped. */
void symbi__rp_attr(symbi__rp_w *o, const char *name, const char *value);

/* ---- The language of the page ------------------------------------------------- */

typedef enum { SYMBI__RP_EN, SYMBI__RP_NB } symbi__rp_lang;

/* The reader's words: English or bokmål, chosen where the text is written, so
 * that each sentence is read in both languages in one place. */
#define TR(r, en, nb) ((r)->lang == SYMBI__RP_NB ? (nb) : (en))

#define NUMBUF 64

/* `x` with `dec` decimals, thousands grouped as the language groups them
 * ("1,234,567.8" or "1 234 567,8" with no-break spaces); "–" when not
 * finite. Never "-0". */
const char *symbi__rp_num(symbi__rp_lang lang, char *buf, size_t size, double x, int dec);
/* Decimals that suit a figure's size: whole numbers from 100 up. */
int symbi__rp_auto_dec(double x);
/* A figure in few characters for a chart: "506.6 M", "12,3 k", "950". */
const char *symbi__rp_short_num(symbi__rp_lang lang, char *buf, size_t size, double x);
/* Estimated width of a text in em (0.6 per Latin letter, 1 per CJK one). */
double symbi__rp_text_em(const char *s);

/* ---- What the page shows, gathered once ------------------------------------------ */

typedef struct symbi__rp_muni {
	char *name;
	double lat, lon;
} symbi__rp_muni;

/* The base map: rings of land and of lakes and lines of borders, in degrees. */
typedef enum {
	SYMBI__BM_LAND,
	SYMBI__BM_COUNTY,
	SYMBI__BM_MUNICIPALITY,
	SYMBI__BM_LAKE
} symbi__bm_layer;

typedef struct symbi__bm_line {
	symbi__bm_layer layer;
	const char *name;
	double *pt; /* lon, lat, lon, lat, ... */
	size_t n;   /* points */
	double minlon, minlat, maxlon, maxlat;
} symbi__bm_line;

typedef struct symbi__basemap {
	symbi__bm_line *lines;
	size_t n, cap;
	symbi__arena arena;
} symbi__basemap;

typedef struct symbi__rp {
	const symbi_matches *m;
	const symbi_dataset *ds;
	const symbi_kb *kb;
	const symbi_report_options *opt;
	symbi__rp_lang lang;
	size_t nf, np, ns;
	bool plan;      /* the allocation ran: figures are of the plan */
	double *share;  /* per candidate: allocated / quantity (1 without a plan) */
	uint32_t *deg;  /* per firm: partnerships it takes part in */
	bool *in_plan;  /* per firm: in a partnership with allocated > 0 */
	double *weight; /* per firm: |value| of its partnerships in the plan, for labels */
	uint32_t *ncand; /* per stream: candidates it takes part in */
	double *used;    /* per stream: quantity of the stream the plan uses (own units) */
	/* totals of the plan (or of all candidates without one) */
	size_t used_n, co2_unknown;
	double value, co2e, moved[4];
	double cls_value[SYMBI_CLASS_COUNT];
	size_t cls_count[SYMBI_CLASS_COUNT];
	double qmax[4]; /* largest quantity moved per dimension (of the plan, or any) */
	symbi__rp_muni *munis;
	size_t nmunis;
	symbi__basemap *basemap; /* NULL: none */
} symbi__rp;

/* A candidate's CO2e per year, NAN when it is not estimated
 * (SYMBI_CANDIDATE_NO_CO2E: the field then holds what the optimiser counts,
 * which no reader should see as an estimate). */
static inline double symbi__rp_co2(const symbi_candidate *c)
{
	return c->flags & SYMBI_CANDIDATE_NO_CO2E ? NAN : c->co2e_t;
}
static inline double symbi__rp_avoided_co2(const symbi_candidate *c)
{
	return c->flags & SYMBI_CANDIDATE_NO_CO2E ? NAN : c->avoided_co2e_t;
}

symbi_class symbi__rp_class(const symbi__rp *r, const symbi_candidate *c);
const char *symbi__rp_code(const symbi__rp *r, int32_t i);
const char *symbi__rp_code_name(const symbi__rp *r, int32_t i);
/* A resource for the reader: its name, with the code on hover (or the code
 * alone when the knowledge base has no name). */
void symbi__rp_resource(symbi__rp_w *o, const symbi__rp *r, int32_t code);
/* The partnership id of candidate i in *buf (grown as needed). */
int symbi__rp_cand_id(const symbi__rp *r, size_t i, char **buf, size_t *cap);
/* Search text attributes of a firm: data-f (index). */

/* Short names inside engine/report/ only: the files here write HTML and
 * little else, and read better without the prefixes. `NUM` and `UNIT` need a
 * `const symbi__rp *r` in scope for the language. */
typedef symbi__rp_w w;
typedef symbi__rp rep;
#define raw symbi__rp_raw
#define fmt symbi__rp_fmt
#define esc symbi__rp_esc
#define NUM(buf, x, dec) symbi__rp_num(r->lang, buf, sizeof buf, x, dec)
#define ADEC symbi__rp_auto_dec
/* The unit of a dimension per year: "t/yr", "t/år". */
const char *symbi__rp_unit_yr(const symbi__rp *r, symbi_dim dim);
#define UNIT(dim) symbi__rp_unit_yr(r, dim)

/* ---- The parts of the page -------------------------------------------------------- */

int symbi__rp_map(symbi__rp_w *o, const symbi__rp *r);
int symbi__rp_table(symbi__rp_w *o, const symbi__rp *r);
int symbi__rp_story(symbi__rp_w *o, const symbi__rp *r);
int symbi__rp_streams(symbi__rp_w *o, const symbi__rp *r);
int symbi__rp_portfolio(symbi__rp_w *o, const symbi__rp *r, const symbi_network *net,
                        size_t max);
/* What a partnership needs besides the match (permits, categories, grades),
 * from its rule's conditions; nothing when none are recorded. */
void symbi__rp_conditions(symbi__rp_w *o, const symbi__rp *r, const symbi_candidate *c);
/* The rule behind a candidate, NULL for a direct or hierarchical match. */
const symbi_rule *symbi__rp_rule(const symbi__rp *r, const symbi_candidate *c);

/* ---- Base map (basemap.c) ------------------------------------------------------------ */

/* Read a base-map CSV (layer,name,points; datasets/basemap_no.csv). Problems
 * go to `diags` with file and line; SYMBI_EINPUT when there was one. */
int symbi__basemap_load(symbi__basemap **out, const char *path, symbi_diags *diags);
void symbi__basemap_free(symbi__basemap *bm);
/* Whether (lat, lon) lies on Norway's land ("Norge" rings, even-odd). */
bool symbi__basemap_in_norway(const symbi__basemap *bm, double lat, double lon);

typedef struct symbi__rp_proj {
	double minlat, maxlat, minlon, maxlon;
	double kx;    /* cos(middle latitude) */
	double scale; /* viewBox units per degree of latitude */
	double pad;   /* viewBox units around the frame */
	double w, h;  /* viewBox size */
} symbi__rp_proj;

double symbi__rp_px(const symbi__rp_proj *p, double lon);
double symbi__rp_py(const symbi__rp_proj *p, double lat);
/* <g class="basemap"> with the land and borders that fall in the frame,
 * clipped to it. */
int symbi__basemap_write(symbi__rp_w *o, const symbi__basemap *bm, const symbi__rp_proj *p);

/* ---- Style sheet and script (report_assets.c, generated) -------------------------------- */

/* One string per line, NULL after the last. */
extern const char *const symbi__report_css[];
extern const char *const symbi__report_js[];

#endif
