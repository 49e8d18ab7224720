/*
 * load_internal.h: what the parts of the dataset loader share (load.c: the
 * loader, headers, values and the files; load_firms.c: a row of firms.csv;
 * load_streams.c: a row of streams.csv). Private to the engine.
 */
#ifndef SYMBI_LOAD_INTERNAL_H
#define SYMBI_LOAD_INTERNAL_H

#include "csvio.h"
#include "internal.h"

/* ==== Columns ======================================================================= */

typedef struct col_spec {
	const char *name;
	bool required;
} col_spec;

#define MAX_COLS 16

/* ==== Loader state ================================================================== */

/* One source of a merged dataset: its firms and its streams, each a CSV
 * file or a sheet of a workbook (book[0] for the firms, book[1] for the
 * streams; `firms` and `streams` are then "BOOK.xlsx:SHEET", kept in
 * `label`). */
struct source {
	const char *firms, *streams;
	const char *book[2];
	bool book_bad[2];
	char label[2][1100];
	uint32_t firm_start, stream_start; /* the first firm and stream it added */
	/* symbi_stream.file of its streams: NULL for the first source, else
	 * the last two parts of the streams file's path (a workbook: its name
	 * and the sheet's). */
	const char *short_streams;
};

typedef struct loader {
	symbi_dataset *ds;
	const symbi_kb *kb;
	symbi_diags *diags;
	const char *path; /* the file being read */
	/* The sources being merged (symbi_dataset_load_sources) and the one
	 * being read. Firms and streams are added source by source, so the
	 * firms of source k are ds->firms[src[k].firm_start ..), and likewise
	 * for streams: that is how a duplicate names the other file. */
	struct source *src;
	size_t nsrc, cur;
	/* Header of the file being read: field index of each known column, -1
	 * when absent. */
	int pos[MAX_COLS];
	size_t ncols; /* fields in the header */
	bool header_seen;
	size_t errors;     /* errors reported by this loader */
	size_t row_errors; /* errors in the current row */
	/* Firm ids whose row had errors (id -> line), so that their streams do
	 * not cascade into "unknown firm" errors; and stream ids of rows with
	 * errors, so that a later duplicate is still caught. Keys live in
	 * `arena`. */
	symbi__arena arena;
	symbi__map failed_firms;
	symbi__map failed_streams;
	/* Where each failed id was (the maps' values index this). */
	struct failed_at {
		uint32_t line;
		uint32_t src;
	} * failed;
	size_t nfailed, capfailed;
	/* Stream rows naming each firm (good or bad), for the "no streams"
	 * warning. Indexed like ds->firms. */
	uint32_t *rows_per_firm;
	size_t caprows;
	/* False when firms.csv could not be read at all: firm references in
	 * streams.csv cannot be judged then. */
	bool firms_known;
	int32_t temp_codes[3]; /* energy:heat, energy:steam, energy:cold */
	int32_t last_firm;     /* firm of the last stream row that named a known one */
	/* How the CSV files are read: dialects and encoding. */
	symbi__csv_limits csv;
	/* The last unit read well, and what it means: most rows repeat it. */
	char last_unit[32];
	symbi_unit last_unit_val;
	size_t hints; /* unknown units and codes given a suggestion so far */
} loader;

void symbi__load_report(loader *L, symbi_severity sev, uint32_t line, const char *col,
                        const char *fmt, ...) SYMBI_PRINTF(5, 6);

#define ERR(L, line, col, ...) symbi__load_report(L, SYMBI_SEV_ERROR, line, col, __VA_ARGS__)
#define WARN(L, line, col, ...) symbi__load_report(L, SYMBI_SEV_WARNING, line, col, __VA_ARGS__)

/* ---- Rows (load.c) -------------------------------------------------------------------- */

/* Read the header row `row` of the file being read against `cols`: the
 * field of each known column into L->pos, every problem reported; false
 * when the file cannot be read on (a required column missing). */
bool symbi__load_header(loader *L, const symbi__csv_row *row, const col_spec *cols, size_t ncols);
/* Trim spaces and tabs around the fields of the known columns, in place. */
void symbi__load_trim(const loader *L, const symbi__csv_row *row, size_t ncols);
/* The value of column `c` in `row` (trimmed), "" when absent. */
const char *symbi__load_val(const loader *L, const symbi__csv_row *row, int c);
/* A record of only empty fields. */
bool symbi__load_blank_row(const symbi__csv_row *row);
/* More non-empty fields than the header names (reported). */
bool symbi__load_shifted_row(loader *L, const symbi__csv_row *row);
/* The last part of a path. */
const char *symbi__load_base_name(const char *path);

/* The start of each row callback: the first record is the header (read
 * against `cols`; a header that cannot be read ends the file, as no row
 * could be placed), a blank record is skipped, any other is trimmed and its
 * error count reset. Returns 1 when the row is to be read, 0 when it is done
 * with, SYMBI_EINPUT when the file ends here. */
int symbi__load_row_begin(loader *L, const symbi__csv_row *row, const col_spec *cols, size_t ncols);

/* ---- Values (load.c) ------------------------------------------------------------------ */

/* Required text: reports an empty value. */
const char *symbi__load_need(loader *L, const symbi__csv_row *row, int c, const col_spec *cols);
/* A number in column `c`: true with *out set when one is there; false when
 * empty (reported if required) or not a number (reported). */
bool symbi__load_number(loader *L, const symbi__csv_row *row, int c, const col_spec *cols,
                        double *out);
/* Keep an id of a failed row with its source and line. */
int symbi__load_remember(loader *L, symbi__map *m, const char *id, uint32_t line);
/* The source that added firm (stream) `i`; SIZE_MAX when added by code. */
size_t symbi__load_source_of(const loader *L, uint32_t i, bool stream);
/* Where the first row of a duplicate id was, for the message. */
const char *symbi__load_first_at(const loader *L, size_t k, uint32_t line, bool stream, char *buf,
                                 size_t size);

/* ---- The two files (load_firms.c, load_streams.c) ------------------------------------- */

/* The symbi__csv_fn of each file: one row checked and added (or reported). */
int symbi__load_firm_row(void *ctx, const symbi__csv_row *row);
int symbi__load_stream_row(void *ctx, const symbi__csv_row *row);

#endif
