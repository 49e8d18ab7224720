/*
 * json_internal.h: the parts of the match JSON writer (docs/contract.md
 * section 6) and what they give each other. Private to the engine.
 *   json_out.c          the document, streamed in chunks on threads
 *   json_summary.c      its head: "query" and "summary"
 *   json_partnership.c  its elements, built from the nodes of a builder
 *                       (symbi__jb); also a partnership as an ordinary tree
 *                       for the cluster and export writers
 */
#ifndef SYMBI_JSON_INTERNAL_H
#define SYMBI_JSON_INTERNAL_H

#include <cjson/cJSON.h>

#include "score.h"

/* ---- Head (json_summary.c) ------------------------------------------------------------ */

/* "query": the effective options of `m`, with o->dataset and o->optimize;
 * NULL when out of memory. The caller deletes it. */
cJSON *symbi__json_query(const symbi_matches *m, const symbi_json_options *o);
/* "summary": counts and totals over every partnership of `m` in ranking
 * order (a spilled result is read back through symbi__cursor), and
 * "allocation" when o->optimize; NULL when out of memory or when reading a
 * spilled result back fails (*rc then holds that error, its message set;
 * else 0). The caller deletes it. */
cJSON *symbi__json_summary(const symbi_matches *m, const symbi_json_options *o, int *rc);

/* ---- Elements (json_partnership.c) ---------------------------------------------------- */

/* Partnership i of `m` as a cJSON object (docs/contract.md section 6 keys,
 * "allocated" when `allocated`, "explain" when `explain`), for the match
 * and cluster writers; NULL when out of memory. The caller deletes it. */
cJSON *symbi__partnership_json(const symbi_matches *m, size_t i, const symbi__scorer *sc,
                               bool explain, bool allocated);

/* A node builder in arena mode: its trees are made of nodes it keeps and
 * reuses, with strings borrowed from the dataset, the knowledge base and
 * its own buffers. A tree it returns is valid until its next element is
 * built and must never reach cJSON_Delete. One builder per thread. */
typedef struct symbi__jb symbi__jb;
/* NULL when out of memory. */
symbi__jb *symbi__jb_new(void);
/* Accepts NULL. */
void symbi__jb_free(symbi__jb *b);
/* Partnership i of `m`; when `pretty`, wrapped in two arrays ([[...]]) so
 * that cJSON indents it as deep as it sits in the document. NULL when out
 * of memory. */
cJSON *symbi__jb_partnership(symbi__jb *b, const symbi_matches *m, size_t i,
                             const symbi__scorer *sc, bool explain, bool allocated, bool pretty);
/* The element of "remaining" of stream i: what the allocation leaves of it,
 * or, for a stream of the query in no partnership (m->remaining[i] NaN), all
 * of it with "partnerships": 0 and, when `near`, its near misses. NULL when
 * out of memory. */
cJSON *symbi__jb_remaining(symbi__jb *b, const symbi_matches *m, const symbi__scorer *sc,
                           uint32_t i, bool near);
/* The member `"unmatched": [...]` (a --firm or --stream query without
 * --optimize): the query's streams in no partnership, each with its near
 * misses, as text to put at the document's top level (pretty: at its
 * indentation). NULL when out of memory; cJSON_free it. */
char *symbi__json_unmatched(const symbi_matches *m, const symbi__scorer *sc, bool pretty);

#endif
