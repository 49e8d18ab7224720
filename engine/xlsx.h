/*
 * xlsx.h: reading one sheet of an Excel workbook (.xlsx, ECMA-376 Office
 * Open XML) record by record, as csvio.h reads a CSV file, so that the
 * loader sees the same rows from either.
 */
#ifndef SYMBI_XLSX_H
#define SYMBI_XLSX_H

#include "csvio.h"

/* Read the first sheet of the workbook at `path` whose name is one of
 * `sheets` (a NULL-terminated list, compared without regard to ASCII case)
 * and pass its rows to `fn` as symbi__csv_read passes records: the first
 * row that has a value is the header, `line` is the sheet's row number,
 * fields are the cells' text by column (a gap is an empty field), and
 * `delim` is 0. Cells give their text as Excel stores it: shared and inline
 * strings, numbers as written in the file ("60.79", "1E-3"), booleans as
 * TRUE or FALSE, error values as written ("#N/A"). Rows without a value are
 * not passed on.
 *
 * `label` (of `label_size` bytes) receives "PATH:SHEET", the name that
 * diagnostics give as their file, before the first call of `fn`; when the
 * sheet is absent it names the first of `sheets`. Problems are reported to
 * `diags` and give SYMBI_EINPUT: a file that is not a zip archive or not a
 * workbook, a damaged archive or XML, a missing sheet, a reference to a
 * shared string that does not exist, limits. SYMBI_EIO when the file cannot
 * be opened. `*book_bad` (may be NULL) is set when the workbook as a whole
 * could not be read, so that a second sheet need not be tried. */
int symbi__xlsx_read(const char *path, const char *const *sheets, char *label, size_t label_size,
                     const symbi__csv_limits *limits, symbi__csv_fn fn, void *ctx,
                     symbi_diags *diags, bool *book_bad);

#endif
