/*
 * spill.h: candidates beyond the memory budget (symbi_match_options
 * .memory_limit), kept on disk as sorted runs and read back merged, in the
 * ranking order, by a cursor that also walks an in-memory result. Private to
 * the engine (match.c writes runs, json_out.c reads through the cursor).
 */
#ifndef SYMBI_SPILL_H
#define SYMBI_SPILL_H

#include "internal.h"
#include "symbi/tile.h"

typedef struct symbi__spill symbi__spill;

/* A spill whose temporary folder (under `dir`, or $TMPDIR, or /tmp) is made
 * at the first run; reading stops with SYMBI_EINTR once *cancel (may be
 * NULL) is set. Returns 0 or SYMBI_ENOMEM. */
int symbi__spill_new(symbi__spill **out, const char *dir, volatile int *cancel);
/* Write c[0..n), sorted in the ranking order, as one more run. Thread-safe.
 * Returns 0, or SYMBI_EIO (message names the file) and SYMBI_ENOMEM. */
int symbi__spill_run(symbi__spill *sp, const symbi_candidate *c, size_t n);
size_t symbi__spill_runs(const symbi__spill *sp);
size_t symbi__spill_count(const symbi__spill *sp); /* candidates in all runs */
/* Remove every run and the folder, and free; accepts NULL. */
void symbi__spill_free(symbi__spill *sp);

/* ==== Merging sorted sources
 * A k-way merge of sequences each in the ranking order of match.h (ids,
 * with the rank tier and score of evidence.h), on a binary heap of their
 * heads: O(C log n) for C candidates from n sources, a batch per source in
 * memory. Every record is checked to name firms and streams of `ds`, and
 * every source to be in order (SYMBI_EINPUT, naming the source). */
typedef struct symbi__merge symbi__merge;

int symbi__merge_new(symbi__merge **out, const symbi_dataset *ds, symbi_rank rank,
                     const symbi_candidate_source *src, size_t n, volatile int *cancel);
/* The next up to `max` candidates in *out (valid until the next call):
 * how many, 0 at the end or on an error (then *rc is set, else 0). */
size_t symbi__merge_batch(symbi__merge *mg, const symbi_candidate **out, size_t max, int *rc);
void symbi__merge_free(symbi__merge *mg);

/* True when a ranks before b in the ranking order (ids, rank tier, score). */
bool symbi__ranks_before(const symbi_dataset *ds, symbi_rank rank, const symbi_candidate *a,
                         const symbi_candidate *b);

/* Reads the candidates of a result in ranking order, a batch at a time:
 * straight from the array of an in-memory result, or merged from the runs
 * of a spilled one (a k-way merge on a binary heap, O(C log R)). */
typedef struct symbi__cursor {
	const symbi_matches *m;
	size_t next; /* in memory: the next index */
	symbi__merge *mg;
	struct run_in *runs; /* the runs' files, the merge's sources */
	size_t nruns;
	int rc;      /* the error that ended the reading, 0 */
} symbi__cursor;

/* Start reading `m` from its first candidate; `cur` is overwritten (end an
 * earlier reading first). Returns 0 or an error. */
int symbi__cursor_begin(symbi__cursor *cur, const symbi_matches *m);
/* The next up to `max` candidates in *out (valid until the next call);
 * returns how many, 0 at the end or on an error (then cur->rc is set). */
size_t symbi__cursor_batch(symbi__cursor *cur, const symbi_candidate **out, size_t max);
void symbi__cursor_end(symbi__cursor *cur);

#endif
