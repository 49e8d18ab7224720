/*
 * query_firms.h: the firms a query names — `firm`, `firms` and
 * `municipality` of symbi_match_options, one set whichever way they were
 * named — for the matcher, the tiles and the lists of unmatched streams.
 * Private to the engine.
 */
#ifndef SYMBI_QUERY_FIRMS_H
#define SYMBI_QUERY_FIRMS_H

#include "internal.h"

/* True when the options name firms in any of the three ways. */
static inline bool symbi__query_names_firms(const symbi_match_options *o)
{
	return o->firm || o->nfirms || o->municipality;
}

/* The municipality `opt->municipality` names (an index of the kb's table),
 * -1 when none is asked; SYMBI_EQUERY with the message set (unknown, with
 * the nearest names; or shared by two municipalities, with their numbers)
 * as a negative return below -1. */
int symbi__query_municipality(const symbi_kb *kb, const symbi_match_options *opt, int32_t *out);

/* Is firm F one of the firms the options name? `muni` is
 * symbi__query_municipality's answer. A firm belongs to a municipality by
 * its `municipality` column, read as the loader reads it (name or number). */
bool symbi__query_has_firm(const symbi_kb *kb, const symbi_match_options *opt, int32_t muni,
                           const symbi_firm *F);

/* Add "firms" (the ids) and "municipality" to a query's JSON object `j`
 * (a cJSON *), each only when the options give it, so that the output of
 * a query without them keeps its bytes. Returns false when out of memory. */
bool symbi__query_firms_json(void *j, const symbi_match_options *o);

/* Copy `firms` and `municipality` of `o` into the arena (the matches keep
 * their options). Returns 0 or SYMBI_ENOMEM. */
int symbi__query_firms_copy(symbi__arena *a, symbi_match_options *o);

#endif
