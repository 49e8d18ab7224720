/*
 * conventions.h: how every writer of the engine prints what it prints — the
 * match and cluster JSON (json_out.c, network_json.c), the exports
 * (export.c), the dataset summary (summary.c) and the report. One place for
 * the rounding of each kind of figure, the number text, the unit strings and
 * the small cJSON builders, so that a figure reads the same in every output.
 * Private to the engine.
 */
#ifndef SYMBI_CONVENTIONS_H
#define SYMBI_CONVENTIONS_H

#include <cjson/cJSON.h>

#include "internal.h"

/* ---- Decimals of each kind of figure (symbi__round) ---------------------------------- */

#define SYMBI__DEC_QTY 3    /* quantities (t, m3, MWh a year) */
#define SYMBI__DEC_KM 2     /* distances */
#define SYMBI__DEC_NOK 0    /* money a year */
#define SYMBI__DEC_CO2E 3   /* t CO2e */
#define SYMBI__DEC_SHARE 4  /* shares and ratios: of the network, months, COP, decay */
#define SYMBI__DEC_FACTOR 6 /* factors and per-unit figures */
#define SYMBI__DEC_POS 6    /* latitude and longitude (about 0.1 m) */
#define SYMBI__DEC_TEMP 2   /* temperatures, degrees C */
#define SYMBI__DEC_WEIGHT 3 /* weighted counts of documented exchanges (evidence) */

/* ---- Numbers ------------------------------------------------------------------------- */

/* Round v to `decimals` places for output, so printed numbers are short and
 * stable across platforms. Never returns -0; NaN and infinities pass through
 * (cJSON prints null). */
double symbi__round(double v, int decimals);

/* The text cJSON prints for v, when v has at most six decimals; 0 when it
 * leaves v to cJSON. `buf` holds SYMBI__NUM_TEXT. */
#define SYMBI__NUM_TEXT 24
size_t symbi__number_text(double v, char *buf);

/* ---- Units ----------------------------------------------------------------------------- */

/* "t/yr", "m3/yr", "MWh/yr": every quantity is per year in the base unit of
 * its dimension; "/yr" for SYMBI_DIM_NONE. Static text. */
const char *symbi__unit_per_year(symbi_dim dim);

/* ---- cJSON builders (each returns NULL, or false, when out of memory) ----------------- */

/* A number node that prints as cJSON prints v: ready-made text when
 * symbi__number_text knows it (a raw node: faster, the same bytes), else a
 * cJSON number. */
cJSON *symbi__json_number(double v);
/* v rounded to `decimals` under `key`; null when v is not finite (unknown
 * is not zero). Returns the node added. */
cJSON *symbi__json_num(cJSON *o, const char *key, double v, int decimals);
/* s under `key`; null when s is NULL. */
cJSON *symbi__json_str(cJSON *o, const char *key, const char *s);
/* A count under `key`. */
cJSON *symbi__json_count(cJSON *o, const char *key, size_t n);
/* `item` under `key`, or deleted; false when item is NULL or the key
 * cannot be added. */
bool symbi__json_item(cJSON *o, const char *key, cJSON *item);
/* {"t/yr": q[mass], "m3/yr": q[volume], "MWh/yr": q[energy]} under `key`,
 * rounded as quantities. */
cJSON *symbi__json_quantities(cJSON *o, const char *key, const double *q);

#endif
