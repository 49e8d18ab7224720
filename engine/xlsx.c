/*
 * xlsx.c: one sheet of an Excel workbook as rows of text, over libzip (the
 * archive) and expat (the XML), both streamed: memory grows with the shared
 * strings and the widest row, not with the sheet.
 *
 * The parts read (ECMA-376 Part 1, SpreadsheetML): xl/workbook.xml names
 * the sheets and their relationship ids; xl/_rels/workbook.xml.rels maps an
 * id to the sheet's part; xl/sharedStrings.xml holds the strings cells refer
 * to by index; the sheet's part holds <row r="N"> elements of
 * <c r="B3" t="TYPE"><v>...</v></c> cells, or <is><t>...</t></is> for an
 * inline string. Element names are compared by their local part, so that
 * both the transitional and the strict namespaces read. A DOCTYPE is
 * refused: SpreadsheetML has none, and entity declarations are the way to
 * make a small file expand without bound.
 */
#include <errno.h>
#include <expat.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "xlsx.h"

#define MAX_STRINGS_BYTES ((size_t)64 << 20) /* shared strings, all together, with overhead */
#define MAX_SHEETS 256

/* ==== The workbook ==================================================================== */

typedef struct book {
	const char *path;
	const char *label;  /* file name for messages: PATH, then PATH:SHEET */
	symbi_diags *diags;
	zip_t *za;
	XML_Parser xp;      /* the parser of the part being read */
	void *ud;           /* what its handlers read into (a sheet, or the book) */
	int status;         /* first error */
	const char *part;   /* the part being read, for messages */
	/* Shared strings. */
	char **strings;
	size_t nstrings, capstrings, string_bytes;
	/* Text being collected (a string, a cell value). */
	char *text;
	size_t ntext, captext;
	bool collecting;
	int depth_skip;     /* inside <rPh> (phonetic runs): text not kept */
	bool in_si;
	/* Sheets of workbook.xml and the relationships. */
	char *sheet_name[MAX_SHEETS], *sheet_rid[MAX_SHEETS];
	size_t nsheets;
	char *want_rid, *target;
} book;

static void fail(book *b, uint32_t line, const char *fmt, ...) SYMBI_PRINTF(3, 4);

static void fail(book *b, uint32_t line, const char *fmt, ...)
{
	if (b->status)
		return;
	char msg[700];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	symbi__diag(b->diags, SYMBI_SEV_ERROR, b->label, line, NULL, "%s", msg);
	b->status = SYMBI_EINPUT;
	if (b->xp)
		XML_StopParser(b->xp, XML_FALSE);
}

static void oom(book *b)
{
	if (!b->status)
		b->status = symbi__error(SYMBI_ENOMEM, "out of memory");
	if (b->xp)
		XML_StopParser(b->xp, XML_FALSE);
}

/* The local part of an expat name "URI\x01local". */
static const char *local(const char *name)
{
	const char *sep = strrchr(name, '\x01');
	return sep ? sep + 1 : name;
}

static const char *attr(const char **atts, const char *name, bool namespaced)
{
	for (size_t i = 0; atts[i]; i += 2) {
		bool ns = strchr(atts[i], '\x01') != NULL;
		if (ns == namespaced && strcmp(local(atts[i]), name) == 0)
			return atts[i + 1];
	}
	return NULL;
}

static void on_text(void *ud, const XML_Char *s, int len)
{
	book *b = ud;
	if (!b->collecting || b->depth_skip || len <= 0 || b->status)
		return;
	if (b->ntext + (size_t)len + 1 > (size_t)1 << 20) {
		fail(b, 0, "%s: a text of more than 1048576 bytes", b->part);
		return;
	}
	if (symbi__grow((void **)&b->text, &b->captext, b->ntext + (size_t)len + 1, 1)) {
		oom(b);
		return;
	}
	memcpy(b->text + b->ntext, s, (size_t)len);
	b->ntext += (size_t)len;
	b->text[b->ntext] = '\0';
}

static void on_doctype(void *ud, const XML_Char *name, const XML_Char *sys, const XML_Char *pub,
                       int internal)
{
	(void)name, (void)sys, (void)pub, (void)internal;
	fail(ud, 0, "%s has a DOCTYPE, which Excel never writes: not a workbook Excel saved",
	     ((book *)ud)->part);
}

/* Read the part `name` through expat with the handlers given. Returns 0
 * (with *found false when the part is absent) or the status. */
static int read_part(book *b, const char *name, XML_StartElementHandler start,
                     XML_EndElementHandler end, void *ud, bool *found)
{
	*found = false;
	zip_file_t *zf = zip_fopen(b->za, name, ZIP_FL_NOCASE);
	if (!zf)
		return b->status;
	*found = true;
	b->part = name;
	XML_Parser xp = XML_ParserCreateNS(NULL, '\x01');
	char *buf = malloc(1 << 16);
	if (!xp || !buf) {
		free(buf);
		if (xp)
			XML_ParserFree(xp);
		zip_fclose(zf);
		oom(b);
		return b->status;
	}
	b->xp = xp;
	b->ud = ud;
	XML_SetUserData(xp, b);
	XML_SetElementHandler(xp, start, end);
	XML_SetCharacterDataHandler(xp, on_text);
	XML_SetStartDoctypeDeclHandler(xp, on_doctype);
	for (;;) {
		zip_int64_t n = zip_fread(zf, buf, 1 << 16);
		if (n < 0) {
			fail(b, 0, "damaged workbook: %s: %s", name, zip_file_strerror(zf));
			if (!b->status)
				b->status = SYMBI_EINPUT;
			break;
		}
		enum XML_Status st = XML_Parse(xp, buf, (int)n, n == 0);
		if (b->status)
			break;
		if (st != XML_STATUS_OK) {
			fail(b, 0, "damaged workbook: %s: XML error at line %lu: %s", name,
			     (unsigned long)XML_GetCurrentLineNumber(xp),
			     XML_ErrorString(XML_GetErrorCode(xp)));
			break;
		}
		if (n == 0)
			break;
	}
	b->xp = NULL;
	XML_ParserFree(xp);
	free(buf);
	zip_fclose(zf);
	return b->status;
}

/* ---- workbook.xml and its relationships ---- */

static void wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	book *b = ud;
	if (b->status || strcmp(local(name), "sheet") != 0 || b->nsheets == MAX_SHEETS)
		return;
	const char *n = attr(atts, "name", false), *rid = attr(atts, "id", true);
	if (!n || !rid)
		return;
	char *a = strdup(n), *c = strdup(rid);
	if (!a || !c) {
		free(a);
		free(c);
		oom(b);
		return;
	}
	b->sheet_name[b->nsheets] = a;
	b->sheet_rid[b->nsheets++] = c;
}

static void no_end(void *ud, const XML_Char *name) { (void)ud, (void)name; }

static void rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	book *b = ud;
	if (b->status || b->target || strcmp(local(name), "Relationship") != 0)
		return;
	const char *id = attr(atts, "Id", false), *t = attr(atts, "Target", false);
	if (!id || !t || strcmp(id, b->want_rid) != 0)
		return;
	/* Targets are relative to xl/, or absolute from the package's root. */
	size_t n = strlen(t) + 4;
	b->target = malloc(n);
	if (!b->target) {
		oom(b);
		return;
	}
	if (t[0] == '/')
		snprintf(b->target, n, "%s", t + 1);
	else
		snprintf(b->target, n, "xl/%s", t);
}

/* ---- sharedStrings.xml ---- */

static void ss_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	(void)atts;
	book *b = ud;
	const char *l = local(name);
	if (strcmp(l, "si") == 0) {
		b->in_si = true;
		b->ntext = 0;
		if (b->text)
			b->text[0] = '\0';
	} else if (strcmp(l, "t") == 0 && b->in_si) {
		b->collecting = true;
	} else if (strcmp(l, "rPh") == 0) {
		b->depth_skip++;
	}
}

static void ss_end(void *ud, const XML_Char *name)
{
	book *b = ud;
	const char *l = local(name);
	if (strcmp(l, "t") == 0) {
		b->collecting = false;
	} else if (strcmp(l, "rPh") == 0) {
		if (b->depth_skip)
			b->depth_skip--;
	} else if (strcmp(l, "si") == 0 && b->in_si && !b->status) {
		b->in_si = false;
		/* What a string costs, its pointer and the allocator's overhead
		 * included: a million empty <si/> compress to a few kilobytes. */
		b->string_bytes += b->ntext + 1 + sizeof(char *) + 16;
		if (b->string_bytes > MAX_STRINGS_BYTES) {
			fail(b, 0, "shared strings of more than %zu bytes", MAX_STRINGS_BYTES);
			return;
		}
		char *s = malloc(b->ntext + 1);
		if (!s || symbi__grow((void **)&b->strings, &b->capstrings, b->nstrings + 1,
		                      sizeof *b->strings)) {
			free(s);
			oom(b);
			return;
		}
		if (b->ntext)
			memcpy(s, b->text, b->ntext);
		s[b->ntext] = '\0';
		b->strings[b->nstrings++] = s;
	}
}

/* ==== The sheet ======================================================================= */

typedef struct sheet {
	book *b;
	symbi__csv_fn fn;
	void *ctx;
	size_t max_field, max_fields;
	bool in_data;
	uint32_t row;        /* number of the current row */
	bool row_open;
	size_t col;          /* column of the current cell (0-based) */
	char type[8];        /* t="..." of the current cell */
	bool in_cell, in_is;
	/* The row's cells: fields[i] of lens[i] bytes, nfields up to the last
	 * with a value; buffers reused row after row. */
	char **fields;
	size_t *lens, *fcap;
	size_t nfields, capfields;
	bool any_value;
} sheet;

/* "BC12" -> column 54 (0-based) and row 12; false when malformed. */
static bool cell_ref(const char *r, size_t *col, uint32_t *row)
{
	size_t c = 0, i = 0;
	for (; r[i] >= 'A' && r[i] <= 'Z'; i++) {
		c = c * 26 + (size_t)(r[i] - 'A' + 1);
		if (c > 16384)
			return false; /* past XFD, Excel's last column */
	}
	if (i == 0)
		return false;
	uint64_t n = 0;
	size_t j = i;
	for (; r[j] >= '0' && r[j] <= '9'; j++) {
		n = n * 10 + (uint64_t)(r[j] - '0');
		if (n > UINT32_MAX)
			return false;
	}
	if (r[j] || j == i)
		return false;
	*col = c - 1;
	*row = (uint32_t)n;
	return true;
}

/* Decode the escapes _xHHHH_ Excel writes for characters XML cannot hold
 * (a carriage return is "_x000D_"), in place. Control characters other than
 * TAB, LF and CR stay escaped: a NUL must never reach the loader. */
static size_t unescape(char *s, size_t n)
{
	if (!memchr(s, '_', n))
		return n;
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		unsigned v = 0;
		bool ok = n - i >= 7 && s[i] == '_' && s[i + 1] == 'x' && s[i + 6] == '_';
		for (size_t k = 2; ok && k < 6; k++) {
			char c = s[i + k];
			int d = c >= '0' && c <= '9'   ? c - '0'
			        : c >= 'a' && c <= 'f' ? c - 'a' + 10
			        : c >= 'A' && c <= 'F' ? c - 'A' + 10
			                               : -1;
			ok = d >= 0;
			v = v * 16 + (unsigned)(d < 0 ? 0 : d);
		}
		if (ok && (v == 0x09 || v == 0x0A || v == 0x0D || (v >= 0x20 && v < 0x80))) {
			s[o++] = (char)v;
			i += 7;
		} else if (ok && v >= 0x80 && !(v >= 0xD800 && v <= 0xDFFF) && v != 0xFFFE &&
		           v != 0xFFFF) {
			if (v < 0x800) {
				s[o++] = (char)(0xC0 | (v >> 6));
				s[o++] = (char)(0x80 | (v & 0x3F));
			} else {
				s[o++] = (char)(0xE0 | (v >> 12));
				s[o++] = (char)(0x80 | ((v >> 6) & 0x3F));
				s[o++] = (char)(0x80 | (v & 0x3F));
			}
			i += 7; /* at most 3 bytes out for 7 in */
		} else {
			s[o++] = s[i++];
		}
	}
	s[o] = '\0';
	return o;
}

/* Store `len` bytes of `text` as the cell at column `col` of the row. */
static void put_cell(sheet *sh, size_t col, const char *text, size_t len)
{
	book *b = sh->b;
	if (col >= sh->max_fields) {
		fail(b, sh->row, "a cell in column %zu: more than %zu columns", col + 1,
		     sh->max_fields);
		return;
	}
	if (len > sh->max_field) {
		fail(b, sh->row, "cell longer than %zu bytes", sh->max_field);
		return;
	}
	if (col >= sh->capfields) {
		size_t old = sh->capfields, cap = sh->capfields, cap2 = sh->capfields;
		if (symbi__grow((void **)&sh->fields, &cap, col + 1, sizeof *sh->fields) ||
		    symbi__grow((void **)&sh->fcap, &cap2, col + 1, sizeof *sh->fcap) ||
		    symbi__grow((void **)&sh->lens, &sh->capfields, col + 1, sizeof *sh->lens)) {
			oom(b);
			return;
		}
		for (size_t i = old; i < sh->capfields; i++) {
			sh->fields[i] = NULL;
			sh->fcap[i] = 0;
		}
	}
	/* The gap between the last cell and this one: empty fields. */
	for (size_t i = sh->nfields; i <= col; i++) {
		if (!sh->fields[i]) {
			if (!(sh->fields[i] = malloc(32))) {
				oom(b);
				return;
			}
			sh->fcap[i] = 32;
		}
		sh->fields[i][0] = '\0';
		sh->lens[i] = 0;
	}
	if (col >= sh->nfields)
		sh->nfields = col + 1;
	if (len + 1 > sh->fcap[col]) {
		char *p = realloc(sh->fields[col], len + 1);
		if (!p) {
			oom(b);
			return;
		}
		sh->fields[col] = p;
		sh->fcap[col] = len + 1;
	}
	memcpy(sh->fields[col], text, len);
	sh->fields[col][len] = '\0';
	sh->lens[col] = unescape(sh->fields[col], len);
	if (len)
		sh->any_value = true;
}

/* What both element handlers do first: nothing after a failure, <sheetData>
 * opened or closed. Returns the element's local name inside sheetData for the
 * handler to go on with, else NULL. */
static const char *sheet_element(book *b, sheet *sh, const XML_Char *name, bool open)
{
	if (b->status)
		return NULL;
	const char *l = local(name);
	if (strcmp(l, "sheetData") == 0) {
		sh->in_data = open;
		return NULL;
	}
	return sh->in_data ? l : NULL;
}

static void sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	book *b = ud;
	sheet *sh = b->ud;
	const char *l = sheet_element(b, sh, name, true);
	if (!l) {
		return;
	} else if (strcmp(l, "row") == 0) {
		const char *r = attr(atts, "r", false);
		uint32_t next = sh->row < UINT32_MAX ? sh->row + 1 : sh->row;
		if (r) {
			char *end;
			errno = 0;
			unsigned long v = strtoul(r, &end, 10);
			if (*end || end == r || errno || v == 0 || v > UINT32_MAX) {
				fail(b, next, "row number '%s' is not a row number", r);
				return;
			}
			next = (uint32_t)v;
		}
		sh->row = next;
		sh->row_open = true;
		sh->nfields = 0;
		sh->any_value = false;
		sh->col = SIZE_MAX; /* the first cell without a reference is column A */
	} else if (strcmp(l, "c") == 0 && sh->row_open) {
		const char *r = attr(atts, "r", false), *t = attr(atts, "t", false);
		size_t col = sh->col == SIZE_MAX ? 0 : sh->col + 1;
		if (r) {
			uint32_t row;
			if (!cell_ref(r, &col, &row)) {
				fail(b, sh->row, "cell reference '%s' is not a cell reference", r);
				return;
			}
		}
		sh->col = col;
		snprintf(sh->type, sizeof sh->type, "%s", t ? t : "n");
		sh->in_cell = true;
		b->ntext = 0;
		if (b->text)
			b->text[0] = '\0';
	} else if (sh->in_cell && strcmp(l, "v") == 0) {
		b->collecting = true;
	} else if (sh->in_cell && strcmp(l, "is") == 0) {
		sh->in_is = true;
	} else if (sh->in_is && strcmp(l, "t") == 0) {
		b->collecting = true;
	} else if (sh->in_is && strcmp(l, "rPh") == 0) {
		b->depth_skip++;
	}
}

/* The text of the cell just closed. */
static void end_cell(sheet *sh)
{
	book *b = sh->b;
	const char *text = b->ntext ? b->text : "";
	size_t len = b->ntext;
	if (strcmp(sh->type, "s") == 0) {
		char *end;
		errno = 0;
		unsigned long long i = strtoull(text, &end, 10);
		if (!len) {
			return; /* no value */
		} else if (*end || errno || i >= b->nstrings) {
			fail(b, sh->row, "cell %zu refers to shared string '%s', which the workbook "
			     "does not hold", sh->col + 1, text);
			return;
		}
		text = b->strings[i];
		len = strlen(text);
	} else if (strcmp(sh->type, "b") == 0 && len) {
		text = strcmp(text, "0") == 0 ? "FALSE" : "TRUE";
		len = strlen(text);
	}
	if (len || sh->col < sh->nfields)
		put_cell(sh, sh->col, text, len);
}

static void sheet_end(void *ud, const XML_Char *name)
{
	book *b = ud;
	sheet *sh = b->ud;
	const char *l = sheet_element(b, sh, name, false);
	if (!l) {
		return;
	} else if (strcmp(l, "v") == 0 || (strcmp(l, "t") == 0 && sh->in_is)) {
		b->collecting = false;
	} else if (strcmp(l, "rPh") == 0 && sh->in_is) {
		if (b->depth_skip)
			b->depth_skip--;
	} else if (strcmp(l, "is") == 0) {
		sh->in_is = false;
	} else if (strcmp(l, "c") == 0 && sh->in_cell) {
		sh->in_cell = false;
		b->collecting = false;
		end_cell(sh);
	} else if (strcmp(l, "row") == 0 && sh->row_open) {
		sh->row_open = false;
		if (!sh->any_value)
			return; /* a formatted row without values */
		symbi__csv_row row = {sh->row, sh->nfields, sh->fields, sh->lens, 0};
		int rc = sh->fn(sh->ctx, &row);
		if (rc) {
			b->status = rc;
			XML_StopParser(b->xp, XML_FALSE);
		}
	}
}

/* ==== Reading ========================================================================= */

int symbi__xlsx_read(const char *path, const char *const *sheets, char *label, size_t label_size,
                     const symbi__csv_limits *limits, symbi__csv_fn fn, void *ctx,
                     symbi_diags *diags, bool *book_bad)
{
	book b = {0};
	sheet sh = {0};
	b.path = path;
	b.label = path;
	b.diags = diags;
	sh.b = &b;
	sh.fn = fn;
	sh.ctx = ctx;
	sh.max_field = limits && limits->max_field ? limits->max_field : (size_t)1 << 20;
	sh.max_fields = limits && limits->max_fields ? limits->max_fields : 10000;
	snprintf(label, label_size, "%s:%s", path, sheets[0]);
	if (book_bad)
		*book_bad = true;
	bool found;
	int zerr = 0;
	b.za = zip_open(path, ZIP_RDONLY, &zerr);
	if (!b.za) {
		zip_error_t ze;
		zip_error_init_with_code(&ze, zerr);
		if (zerr == ZIP_ER_NOENT || zerr == ZIP_ER_OPEN || zerr == ZIP_ER_READ) {
			symbi__diag(diags, SYMBI_SEV_ERROR, path, 0, NULL, "cannot open: %s",
			            zip_error_strerror(&ze));
			b.status = symbi__error(SYMBI_EIO, "%s: cannot open", path);
		} else if (zerr == ZIP_ER_NOZIP) {
			fail(&b, 0, "not an Excel workbook (.xlsx): not a zip archive, or one cut short (a CSV file or an "
			     "old .xls named .xlsx? save it from Excel as 'Excel Workbook (*.xlsx)')");
		} else {
			fail(&b, 0, "damaged workbook: %s", zip_error_strerror(&ze));
		}
		zip_error_fini(&ze);
		goto done;
	}
	if (read_part(&b, "xl/workbook.xml", wb_start, no_end, &b, &found))
		goto done;
	if (!found) {
		fail(&b, 0, "not an Excel workbook: the archive has no xl/workbook.xml (an "
		     "OpenDocument .ods? save it as 'Excel Workbook (*.xlsx)')");
		goto done;
	}
	if (book_bad)
		*book_bad = false;
	/* The sheet: the first of the names asked for that the workbook has. */
	size_t which = SIZE_MAX;
	for (size_t k = 0; sheets[k] && which == SIZE_MAX; k++)
		for (size_t i = 0; i < b.nsheets; i++)
			if (strcasecmp(b.sheet_name[i], sheets[k]) == 0) {
				which = i;
				break;
			}
	if (which == SIZE_MAX) {
		char names[400] = "", alts[200] = "";
		size_t used = 0;
		for (size_t i = 0; i < b.nsheets; i++) {
			int w = snprintf(names + used, sizeof names - used, "%s'%s'", i ? ", " : "",
			                 b.sheet_name[i]);
			if (w < 0 || (size_t)w >= sizeof names - used)
				break;
			used += (size_t)w;
		}
		used = 0;
		for (size_t k = 1; sheets[k]; k++) {
			int w = snprintf(alts + used, sizeof alts - used, "%s'%s'",
			                 k == 1 ? " (or " : sheets[k + 1] ? ", " : " or ", sheets[k]);
			if (w < 0 || (size_t)w >= sizeof alts - used)
				break;
			used += (size_t)w;
		}
		b.label = label;
		fail(&b, 0, "the workbook has no sheet '%s'%s%s; its sheets: %s", sheets[0], alts,
		     *alts ? ")" : "", b.nsheets ? names : "none");
		goto done;
	}
	snprintf(label, label_size, "%s:%s", path, b.sheet_name[which]);
	b.want_rid = b.sheet_rid[which];
	if (read_part(&b, "xl/_rels/workbook.xml.rels", rels_start, no_end, &b, &found))
		goto done;
	if (!b.target) {
		b.label = label;
		fail(&b, 0, "damaged workbook: no part for sheet '%s'", b.sheet_name[which]);
		goto done;
	}
	if (read_part(&b, "xl/sharedStrings.xml", ss_start, ss_end, &b, &found)) {
		if (book_bad)
			*book_bad = true; /* the other sheet would read them again */
		goto done;
	}
	b.label = label;
	if (read_part(&b, b.target, sheet_start, sheet_end, &sh, &found))
		goto done;
	if (!found)
		fail(&b, 0, "damaged workbook: the part of sheet '%s' (%s) is missing",
		     b.sheet_name[which], b.target);
done:
	if (b.za)
		zip_discard(b.za);
	for (size_t i = 0; i < b.nstrings; i++)
		free(b.strings[i]);
	free(b.strings);
	free(b.text);
	for (size_t i = 0; i < b.nsheets; i++) {
		free(b.sheet_name[i]);
		free(b.sheet_rid[i]);
	}
	free(b.target);
	for (size_t i = 0; i < sh.capfields; i++)
		free(sh.fields[i]);
	free(sh.fields);
	free(sh.lens);
	free(sh.fcap);
	if (b.status == SYMBI_EINPUT)
		symbi__error(SYMBI_EINPUT, "%s: bad workbook", path);
	return b.status;
}
