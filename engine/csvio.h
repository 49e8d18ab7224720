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
	char delim; /* the file's delimiter: ',', ';' or '\t'; 0 for a workbook */
} symbi__csv_row;

/* Called for every record, the header included (it is record 0). Return 0
 * to go on, or a negative code to stop reading (returned by the reader). */
typedef int (*symbi__csv_fn)(void *ctx, const symbi__csv_row *row);

typedef struct symbi__csv_limits {
	size_t max_field;   /* bytes; longer is an error (default 1 MiB) */
	size_t max_fields;  /* per record (default 10000) */
	/* The dialects spreadsheets save (a dataset's files; the knowledge base
	 * stays strict): the delimiter is the one of ',', ';' and TAB found most
	 * often outside quotes in the header line (a tie goes to the comma), and
	 * the encoding is `encoding`, where SYMBI_ENCODING_AUTO reads a file
	 * with no valid UTF-8 multi-byte sequence but some byte that is not
	 * UTF-8 as Windows-1252, with one warning. Without `dialects` the file
	 * is comma-separated UTF-8. */
	bool dialects;
	symbi_encoding encoding;
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

/* A number written with a decimal comma, as Excel saves it with Norwegian
 * settings ("12,5", "-0,25", "1,5E+07"). Returns 0 with *out set, 1 when
 * the text holds a thousands separator ("1 234,5", "1.234,5", "1 234" with
 * a space or a no-break space), -1 when it is not a number at all. */
int symbi__parse_decimal_comma(const char *s, double *out);

/* When the header `row` holds at least two of `names` joined by a character
 * other than the file's delimiter (one of , ; TAB | :), that character; else
 * 0. For the message that names the delimiter a file really uses. */
char symbi__csv_other_delim(const symbi__csv_row *row, const char *const *names, size_t n);

/* Windows-1252 bytes to UTF-8: writes at most 3 * n bytes to out and
 * returns how many. Bytes 0x81, 0x8D, 0x8F, 0x90 and 0x9D, which
 * Windows-1252 leaves undefined, become the C1 controls of the same value,
 * as the WHATWG Encoding Standard maps them. */
size_t symbi__cp1252_to_utf8(const char *in, size_t n, char *out);

/* ==== Tables with named columns ====================================================
 * The knowledge base's files, learn's exchange and correction tables and the
 * municipality and label lists name their columns in a header row, in any
 * order. */

/* Map the header's names (trimmed, case-insensitive; the first of two equal
 * names wins) to `col[k]`, the field index of `names[k]`, or -1 when the
 * header lacks it. */
void symbi__csv_columns(const symbi__csv_row *header, const char *const *names, size_t n,
                        int *col);

/* Report each required column (bit k of `required` for names[k]) the header
 * lacks as an error "missing column 'NAME'" at the header's line, with NAME as
 * the column. Returns how many are missing. */
size_t symbi__csv_missing(const symbi__csv_row *header, const char *const *names, size_t n,
                          const int *col, unsigned required, const char *path,
                          symbi_diags *diags);

/* The trimmed field at index `col` (from symbi__csv_columns), "" when the
 * column is absent or the record shorter. Trims in place. */
const char *symbi__csv_field(const symbi__csv_row *row, int col);

/* Whether every field of the record is empty or blanks and tabs only. */
bool symbi__csv_blank(const symbi__csv_row *row);

#endif
