/*
 * spill.h: candidates beyond the memory budget (symbi_match_options
 * .memory_limit), kept on disk as sorted runs and read back merged, in the
 * ranking order, by a cursor that also walks an in-memory result. Private to
 * the engine (match.c writes runs, json_out.c reads through the cursor).
 */
#ifndef SYMBI_SPILL_H
#define SYMBI_SPILL_H

#include "internal.h"

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

/* Reads the candidates of a result in ranking order, a batch at a time:
 * straight from the array of an in-memory result, or merged from the runs
 * of a spilled one (a k-way merge on a binary heap, O(C log R)). */
typedef struct symbi__cursor {
	const symbi_matches *m;
	size_t next; /* in memory: the next index */
	struct spill_reader *r;
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
