/*
 * kb_load.h: what the knowledge base's CSV loaders share (kb_load.c,
 * kb_taxonomy.c); private to them.
 *
 * A loader reads one file: the header row maps the loader's column names,
 * blank rows are skipped, every other row goes to the loader's row function,
 * which reports each problem with lerr()/lwarn() as FILE:LINE and the column
 * and goes on, so that all the problems of a file are seen at once.
 */
#ifndef SYMBI_KB_LOAD_H
#define SYMBI_KB_LOAD_H

#include "csvio.h"

#define SYMBI__LOADER_MAX_COLS 16

typedef struct symbi__loader symbi__loader;

/* One data row (never the header, never a blank row). Returns 0 to go on
 * (after reporting the row's errors), or a fatal code kept in ld->rc. */
typedef int (*symbi__loader_row_fn)(symbi__loader *ld, const symbi__csv_row *row);

struct symbi__loader {
	symbi_kb *kb;
	const char *path; /* as given, for messages */
	const char *file; /* the same, kept in the kb's arena for rules */
	symbi_diags *diags;
	size_t errors;
	int rc;                   /* a fatal code (out of memory) that stops the file */
	const char *const *names; /* the columns this loader knows */
	size_t nnames;
	unsigned required;                 /* bit k: names[k] must be in the header */
	symbi__loader_row_fn row;          /* each data row */
	void (*header)(symbi__loader *ld, const symbi__csv_row *row); /* more header checks, or NULL */
	int col[SYMBI__LOADER_MAX_COLS];   /* column index of each name in the file, or -1 */
	bool have_header;                  /* the first record was the header */
	size_t suggested;     /* suggestions computed; capped, they cost O(codes) */
	size_t errors_before; /* errors in diags before this file: the reader reports some itself */
	bool header_bad;
};

/* Set `ld` up for `path` (memset first: a loader embedded first in a larger
 * context keeps only what follows it). Fails when the knowledge base is
 * already finished or memory runs out. */
int symbi__loader_init(symbi__loader *ld, symbi_kb *kb, const char *path, symbi_diags *diags,
                       const char *const *names, size_t nnames, unsigned required,
                       symbi__loader_row_fn row);

/* Read the file through `ld`: the csv reader's code. */
int symbi__loader_read(symbi__loader *ld);

/* The file's result once read: ld->rc, the reader's fatal codes, else
 * SYMBI_EINPUT with "FILE: N errors" when anything was reported, else 0. */
int symbi__loader_finish(symbi__loader *ld, int rc);

void symbi__loader_error(symbi__loader *ld, uint32_t line, const char *column, const char *fmt,
                         ...) SYMBI_PRINTF(4, 5);
void symbi__loader_warning(symbi__loader *ld, uint32_t line, const char *column,
                           const char *fmt, ...) SYMBI_PRINTF(4, 5);

/* The trimmed field of known column k, "" when absent. */
const char *symbi__loader_field(const symbi__loader *ld, const symbi__csv_row *row, size_t k);

/* " (did you mean 'a', 'b' or 'c'?)" for an unknown code, "" when nothing is
 * close or the file has asked for too many already. */
void symbi__loader_suggest(symbi__loader *ld, const char *bad, char *buf, size_t size);

#endif
