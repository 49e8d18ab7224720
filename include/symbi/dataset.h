/*
 * dataset.h: the firms (sites) of a region and the resource streams they offer
 * or need, with quantities normalised to one base unit per dimension per year.
 */
#ifndef SYMBI_DATASET_H
#define SYMBI_DATASET_H

#include "common.h"
#include "kb.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct symbi_dataset symbi_dataset;

typedef struct symbi_firm {
	const char *id;
	const char *name;
	double lat, lon;          /* WGS84 degrees */
	const char *nace;         /* dotted without section letter ("16.10"), NULL if none */
	int32_t region;           /* index into the region table, -1 if none */
	const char *municipality; /* NULL if none */
	const char *org_nr;       /* NULL if none */
	int64_t employees;        /* -1 if none */
	uint32_t line;            /* line in firms.csv, 0 when added by code */
	uint32_t first_stream;    /* this firm's streams are stream_index[first .. first+n) */
	uint32_t n_streams;
	/* Further activities after the main `nace`: up to two normalised codes
	 * joined with ';' ("35.30;38.21"), NULL if none. */
	const char *nace_extra;
} symbi_firm;

typedef struct symbi_stream {
	const char *id;
	uint32_t firm;            /* index of the firm */
	symbi_direction direction;
	int32_t code;             /* index in the knowledge base */
	symbi_dim dim;            /* of the unit given */
	double quantity;          /* base units per year (t, m3, MWh) */
	double temp_c;            /* NAN when not given */
	uint16_t months;          /* 12-bit mask */
	double disposal_cost;     /* NOK per base unit, NAN when not given */
	double purchase_price;    /* NOK per base unit, NAN when not given */
	double max_km;            /* NAN when not given */
	const char *note;         /* NULL if none */
	uint32_t line;            /* line in streams.csv, 0 when added by code */
	/* Animal by-product category (Regulation (EC) 1069/2009) stated by the
	 * stream: 1, 2 or 3; 0 when not given. */
	uint8_t abp_category;
	/* The file the stream was read from when it is not the dataset's own
	 * streams.csv: a later part of a merged dataset (the last two parts of
	 * its path, "plant/streams.csv", "plant.xlsx:streams"); NULL otherwise. */
	const char *file;
} symbi_stream;

int symbi_dataset_new(symbi_dataset **out, const symbi_kb *kb);
void symbi_dataset_free(symbi_dataset *ds);

/* Load firms and streams from CSV (docs/contract.md section 1). Every problem goes to
 * `diags`; returns SYMBI_EINPUT when any is an error, SYMBI_EIO when a file
 * cannot be read. Calls symbi_dataset_finish on success. */
int symbi_dataset_load(symbi_dataset *ds, const char *firms_path,
                       const char *streams_path, symbi_diags *diags);

/* The text encoding of a dataset's CSV files. */
typedef enum {
	SYMBI_ENCODING_AUTO = 0,     /* UTF-8, or Windows-1252 where the bytes are not UTF-8 */
	SYMBI_ENCODING_UTF8,         /* UTF-8 only: a record that is not is an error */
	SYMBI_ENCODING_WINDOWS_1252, /* every byte is Windows-1252 */
} symbi_encoding;

/* How a dataset is read; initialise with SYMBI_LOAD_OPTIONS_INIT so that
 * fields added later get their defaults. */
typedef struct symbi_load_options {
	symbi_encoding encoding;
} symbi_load_options;
#define SYMBI_LOAD_OPTIONS_INIT {.encoding = SYMBI_ENCODING_AUTO}

/* symbi_dataset_load with options (`opt` may be NULL for the defaults). The
 * CSV files may use ',', ';' or TAB as the delimiter (found from the header
 * line); with ';' a decimal comma is read. */
int symbi_dataset_load_with(symbi_dataset *ds, const char *firms_path, const char *streams_path,
                            const symbi_load_options *opt, symbi_diags *diags);

/* Load firms and streams from the sheets `firms` and `streams` of an Excel
 * workbook (.xlsx); `virksomheter` or `bedrifter`, and `strømmer`, are read
 * when the English name is absent. Each sheet holds the rows its CSV file
 * would, header first; diagnostics name "PATH:SHEET" as their file and the
 * sheet's row as their line. A file that is not a readable workbook, or
 * lacks a sheet, gives SYMBI_EINPUT with the reason in `diags`. The
 * encoding of `opt` does not apply (a workbook is UTF-8). */
int symbi_dataset_load_workbook(symbi_dataset *ds, const char *path,
                                const symbi_load_options *opt, symbi_diags *diags);

/* One part of a merged dataset: two CSV files, or an Excel workbook (then
 * `firms` and `streams` are NULL). A `firms` or `streams` path ending in
 * .xlsx is read as a workbook too: its `firms` (`streams`) sheet. */
typedef struct symbi_dataset_source {
	const char *firms;
	const char *streams;
	const char *workbook;
} symbi_dataset_source;

/* Load several sources into one dataset (a region's data and a planned
 * plant, a scenario): the firms of every source in order, then the streams
 * of every source, so that a stream may name a firm of another source. A
 * firm_id or stream_id given again, in the same file or another, is an
 * error at the second row naming the first ("first at plant/firms.csv:2";
 * "first on line 2" in the same file); the first row stands. "Unknown firm"
 * names every firms file. Otherwise as symbi_dataset_load_with; n == 1 is
 * exactly it (or symbi_dataset_load_workbook). */
int symbi_dataset_load_sources(symbi_dataset *ds, const symbi_dataset_source *sources,
                               size_t n, const symbi_load_options *opt, symbi_diags *diags);

/* Build a dataset by code (tests, other front ends). Strings are copied.
 * `f->first_stream`, `n_streams` and `line` are ignored; `f->region` is ignored
 * in favour of `region` (a name, NULL for none). Returns the new index via
 * `out_index`, or SYMBI_EINPUT on a duplicate id. */
int symbi_dataset_add_firm(symbi_dataset *ds, const symbi_firm *f, const char *region,
                           uint32_t *out_index);
/* `s->id` may be NULL: it then defaults to "<firm_id>/<n>". */
int symbi_dataset_add_stream(symbi_dataset *ds, const symbi_stream *s, uint32_t *out_index);
/* Index streams by firm; warn in `diags` (may be NULL) about firms without
 * streams. Idempotent; required before matching. */
int symbi_dataset_finish(symbi_dataset *ds, symbi_diags *diags);

const symbi_kb *symbi_dataset_kb(const symbi_dataset *ds);
size_t symbi_dataset_firm_count(const symbi_dataset *ds);
size_t symbi_dataset_stream_count(const symbi_dataset *ds);
const symbi_firm *symbi_dataset_firm(const symbi_dataset *ds, uint32_t i);
const symbi_stream *symbi_dataset_stream(const symbi_dataset *ds, uint32_t i);
/* The i-th stream of a firm: symbi_dataset_stream(ds, symbi_dataset_firm_stream(ds, f, i)). */
uint32_t symbi_dataset_firm_stream(const symbi_dataset *ds, uint32_t firm, uint32_t i);
/* -1 when absent. */
int32_t symbi_dataset_find_firm(const symbi_dataset *ds, const char *id);
int32_t symbi_dataset_find_stream(const symbi_dataset *ds, const char *id);

/* The firms whose name is `name`, compared without regard to case (Æ Ø Å
 * included) or to spaces at the ends: writes up to `max` firm indexes, in
 * the dataset's order, and returns how many there are (a firm with several
 * sites has several rows of one name). */
size_t symbi_dataset_find_firms_named(const symbi_dataset *ds, const char *name, uint32_t *out,
                                      size_t max);
/* Up to `max` (at most 16) firms whose name or id is nearest `text` by
 * edit distance (as symbi_kb_suggest), nearest first; each firm once.
 * Returns how many. */
size_t symbi_dataset_suggest_firms(const symbi_dataset *ds, const char *text, uint32_t *out,
                                   size_t max);

size_t symbi_dataset_region_count(const symbi_dataset *ds);
const char *symbi_dataset_region(const symbi_dataset *ds, int32_t i);
/* Case-insensitive; -1 when absent. */
int32_t symbi_dataset_find_region(const symbi_dataset *ds, const char *name);

/* Great-circle distance in km (haversine, mean Earth radius 6371.0088 km). */
double symbi_distance_km(double lat1, double lon1, double lat2, double lon2);

#ifdef __cplusplus
}
#endif
#endif
