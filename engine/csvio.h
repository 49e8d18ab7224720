/*
 * csvio.h: a streaming CSV reader over libcsv that keeps line numbers, checks
 * the bytes (NUL, UTF-8, BOM) and hands the caller one record at a time, and
 * the small helpers to write CSV through libcsv.
 */
#ifndef SYMBI_CSVIO_H
#define SYMBI_CSVIO_H

#include "internal.h"

/* One record. `fields[i]` is NUL-terminated (libcsv keeps embedded NULs out:
 * a NUL byte anywhere in the file is an error before any record is seen).
 * `line` is the line where the record starts (1-based). */
typedef struct symbi__csv_row {
	uint32_t line;
	size_t nfields;
	char **fields;
	size_t *lens;
} symbi__csv_row;

/* Called for every record, the header included (it is record 0). Return 0
 * to go on, or a negative code to stop reading (returned by the reader). */
typedef int (*symbi__csv_fn)(void *ctx, const symbi__csv_row *row);

typedef struct symbi__csv_limits {
	size_t max_field;   /* bytes; longer is an error (default 1 MiB) */
	size_t max_fields;  /* per record (default 10000) */
} symbi__csv_limits;

/* Read `path` record by record. Memory stays bounded by the largest record.
 * File-level problems (unreadable, empty, NUL byte, a quote never closed,
 * limits) are reported to `diags` as errors with the file's name and the
 * line, and give SYMBI_EINPUT (SYMBI_EIO when the file cannot be opened or
 * read). A record with invalid UTF-8 is reported, naming its column from the
 * header, and not passed on. `limits` may be NULL for the defaults. */
int symbi__csv_read(const char *path, const symbi__csv_limits *limits, symbi__csv_fn fn,
                    void *ctx, symbi_diags *diags);

/* Write one field (quoted when it needs to be) followed by `sep` (',' or
 * '\n'). Returns 0 or SYMBI_EIO. */
int symbi__csv_put(FILE *f, const char *field, char sep);

#endif
