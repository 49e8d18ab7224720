/*
 * places.h: the Norwegian municipalities the knowledge base carries
 * (engine/places.c): finding one by number or name, suggesting one for a
 * misspelt name, and how far from its centroid a site of it may lie.
 * Declared in kb.h before; symbi.h includes both.
 */
#ifndef SYMBI_PLACES_H
#define SYMBI_PLACES_H

#include "common.h"
#include "kb.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Norwegian municipalities ------------------------------------------------ */

/* One municipality of datasets/municipalities_no.csv (2024 numbering): its
 * area-weighted polygon centroid, not the administrative centre. */
typedef struct symbi_municipality {
	const char *number; /* four digits, "0301" */
	const char *name;   /* "Oslo", "Fauske - Fuossko" */
	double lat, lon;
	double area_km2;
} symbi_municipality;

/* Read a municipality table (columns kommunenummer, name, lat, lon,
 * area_km2; others ignored). symbi_kb_load_dir reads municipalities_no.csv
 * when the folder has it. */
int symbi_kb_load_municipalities(symbi_kb *kb, const char *path, symbi_diags *diags);
size_t symbi_kb_municipality_count(const symbi_kb *kb);
const symbi_municipality *symbi_kb_municipality(const symbi_kb *kb, size_t i);
/* The municipalities `text` names: a number ("0301", or "301" that lost its
 * zero), or a name compared without regard to case (Æ Ø Å included), whole
 * or one of its parallel forms ("Fuossko" for "Fauske - Fuossko"). Writes up
 * to `max` indexes; returns how many there are (two names are shared:
 * Herøy and Våler). */
size_t symbi_kb_find_municipalities(const symbi_kb *kb, const char *text, int32_t *out,
                                    size_t max);
/* Up to `max` municipalities whose names are closest to `bad` (as
 * symbi_kb_suggest). */
size_t symbi_kb_suggest_municipality(const symbi_kb *kb, const char *bad, int32_t *out,
                                     size_t max);
/* How far from its centroid a point of the municipality may lie: 3 radii of
 * a disc of its area plus 20 km (places.c says why). */
double symbi_municipality_reach_km(const symbi_municipality *m);

#ifdef __cplusplus
}
#endif
#endif
