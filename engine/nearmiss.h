/*
 * nearmiss.h: the nearest pairs a stream could not make, and why
 * (nearmiss.c). Private to the engine.
 */
#ifndef SYMBI_NEARMISS_H
#define SYMBI_NEARMISS_H

#include "score.h"
#include "pair.h"

#define SYMBI__NEAR_MISSES_MAX 3

/* One blocked candidate of a stream: the other end, the first test that
 * failed by the way that got furthest (its rule, -1 direct), the distance
 * between the two firms and the pair's radius (NAN when the check stopped
 * before the radius). */
typedef struct symbi__near_miss {
	uint32_t other;
	symbi_pair_reason reason;
	int32_t rule;
	double km, radius;
} symbi__near_miss;

/* Work allowed for near misses in one run, in pairs tried (default 5e7);
 * the writer skips them past it and says so. */
extern double symbi__near_miss_budget;

/* Up to `max` (at most SYMBI__NEAR_MISSES_MAX) nearest blocked candidates of
 * stream i into `out`, streams whose codes fit first (see nearmiss.c);
 * `max_km` is --max-km (NAN for none). Returns how many. Pure and
 * thread-safe; O(streams x ways). */
size_t symbi__near_misses(const symbi__scorer *sc, const symbi_dataset *ds, uint32_t i,
                          double max_km, symbi__near_miss *out, size_t max);

/* True when stream i passes the query's filters that one stream can be
 * tested on (--stream, --firm, --resource, --region): the streams whose
 * missing partnerships the output explains. */
bool symbi__stream_in_query(const symbi_matches *m, uint32_t i);

/* A sentence on why near miss `nm` of stream i failed, with the figures
 * (both temperatures, distance and radius, both month sets, both units),
 * into buf; returns buf. */
const char *symbi__pair_reason_detail(const symbi_dataset *ds, uint32_t i,
                                      const symbi__near_miss *nm, char *buf, size_t size);

#endif
