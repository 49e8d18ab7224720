/*
 * part.h: the candidates of one tile as a file, for merging elsewhere.
 *
 * A part is what `symbi match --tile T --tile-index I` writes and `symbi
 * merge` reads: the candidate records of the tile at full precision (binary,
 * so the merge ranks by the unrounded score and reproduces the whole run
 * byte for byte) behind a one-line JSON header that says what they are (the
 * grid, the tile, the options, a fingerprint of the inputs). The header is
 * the caller's text; this module only frames it.
 *
 * Layout (README "Parts and symbi merge"):
 *   line 1   "symbi-part 1 <record bytes> <byte-order mark> <count>\n"
 *   line 2   the header: one line of JSON, "\n"
 *   records  <count> x <record bytes>: symbi_candidate as this build lays it
 *            out, indexing the dataset's firms and streams
 *   trailer  "end <64-bit FNV-1a of the record bytes, 16 hex digits>\n"
 * A part is only read by a build with the same record layout and byte order
 * (both checked): parts travel between the nodes of one cluster, not
 * between versions.
 */
#ifndef SYMBI_PART_H
#define SYMBI_PART_H

#include <stdio.h>

#include "common.h"
#include "match.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Write the candidates of `m` in their order, framed with `header` (one line
 * of text, no newline in it). Returns 0, SYMBI_EIO on a write error,
 * SYMBI_EQUERY when the header holds a newline. */
int symbi_part_write(FILE *f, const char *header, const symbi_matches *m);

/* Read the part at `path`: *header (a malloc'd string) and *cands (n
 * records, malloc'd; NULL when n is 0) are the caller's to free. Errors
 * (SYMBI_EINPUT, the message naming the file and what is wrong: not a part,
 * another record layout or byte order, truncated, checksum mismatch),
 * SYMBI_EIO when it cannot be read, SYMBI_ENOMEM. On failure the outputs are
 * NULL and 0. */
int symbi_part_read(const char *path, char **header, symbi_candidate **cands, size_t *n);

/* A part read a batch at a time, for a merge in bounded memory. */
typedef struct symbi_part_reader symbi_part_reader;

/* Open the part at `path` and read its first two lines: *header (malloc'd,
 * the caller's to free) and *count records. The file's size must be the
 * one its first line announces, so a truncated part is refused here, before
 * any record is read. Errors as symbi_part_read; *out is NULL on failure. */
int symbi_part_open(symbi_part_reader **out, const char *path, char **header, size_t *count);
/* The next up to `max` records into buf (*got of them, 0 at the end): the
 * read function of a symbi_candidate_source (tile.h) whose ctx is the
 * reader. After the last record the end line and the checksum are checked
 * (SYMBI_EINPUT, "damaged (checksum ...)"). */
int symbi_part_next(void *reader, symbi_candidate *buf, size_t max, size_t *got);
/* Close; accepts NULL. */
void symbi_part_close(symbi_part_reader *r);

#ifdef __cplusplus
}
#endif
#endif
