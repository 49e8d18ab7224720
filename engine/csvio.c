/*
 * csvio.c: streaming CSV reading and writing over libcsv.
 *
 * libcsv does the RFC 4180 work (quotes, doubled quotes, embedded commas and
 * newlines, CR/LF/CRLF record ends, trailing blank lines). What it does not
 * keep is the line a record started on, so the input is fed to it one
 * physical line at a time and the parser's state before each line tells
 * whether a new record begins there.
 */
#include <csv.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "csvio.h"

typedef struct reader {
	const char *path;
	symbi_diags *diags;
	symbi__csv_fn fn;
	void *ctx;
	symbi__csv_limits lim;
	char **fields;
	size_t *lens;
	size_t *fcap; /* bytes allocated for each field buffer, reused row after row */
	size_t nfields, capfields;
	char **header; /* copy of the header's names, for messages */
	size_t nheader;
	uint32_t row_line;  /* line where the current record starts */
	size_t records;
	int status;         /* first error: stops further callbacks */
	bool too_many_reported;
	/* Whether the bytes fed to libcsv since the current record began may
	 * hold a non-ASCII byte (and the current input line does): a record of
	 * ASCII only needs no UTF-8 check. */
	bool record_high, line_high;
} reader;

/* True when one of the n bytes at p is not ASCII; eight at a time. */
static bool any_high_byte(const char *p, size_t n)
{
	size_t i = 0;
	for (; n - i >= 8; i += 8) {
		uint64_t w;
		memcpy(&w, p + i, 8);
		if (w & 0x8080808080808080ull)
			return true;
	}
	for (; i < n; i++)
		if ((unsigned char)p[i] >= 0x80)
			return true;
	return false;
}

static void on_field(void *data, size_t len, void *r_)
{
	reader *r = r_;
	if (r->status)
		return;
	if (len > r->lim.max_field) {
		symbi__diag(r->diags, SYMBI_SEV_ERROR, r->path, r->row_line, NULL,
		            "field longer than %zu bytes", r->lim.max_field);
		r->status = SYMBI_EINPUT;
		return;
	}
	if (r->nfields >= r->lim.max_fields) {
		if (!r->too_many_reported)
			symbi__diag(r->diags, SYMBI_SEV_ERROR, r->path, r->row_line, NULL,
			            "more than %zu fields in one record", r->lim.max_fields);
		r->too_many_reported = true;
		r->status = SYMBI_EINPUT;
		return;
	}
	if (r->nfields == r->capfields) {
		size_t cap = r->capfields, cap2 = r->capfields;
		if (symbi__grow((void **)&r->fields, &cap, r->nfields + 1, sizeof *r->fields) ||
		    symbi__grow((void **)&r->fcap, &cap2, r->nfields + 1, sizeof *r->fcap) ||
		    symbi__grow((void **)&r->lens, &r->capfields, r->nfields + 1, sizeof *r->lens)) {
			r->status = SYMBI_ENOMEM;
			return;
		}
		for (size_t i = r->nfields; i < r->capfields; i++) {
			r->fields[i] = NULL;
			r->fcap[i] = 0;
		}
	}
	char *copy = r->fields[r->nfields];
	if (len + 1 > r->fcap[r->nfields]) {
		size_t want = len + 1 < 32 ? 32 : len + 1;
		copy = realloc(copy, want);
		if (!copy) {
			r->status = symbi__error(SYMBI_ENOMEM, "out of memory");
			return;
		}
		r->fcap[r->nfields] = want;
	}
	if (len)
		memcpy(copy, data, len);
	copy[len] = '\0';
	r->fields[r->nfields] = copy;
	r->lens[r->nfields] = len;
	r->nfields++;
}

static const char *column_name(const reader *r, size_t i)
{
	return i < r->nheader ? r->header[i] : NULL;
}

static void on_record(int term, void *r_)
{
	(void)term;
	reader *r = r_;
	if (r->status) {
		r->nfields = 0;
		return;
	}
	symbi__csv_row row = {r->row_line, r->nfields, r->fields, r->lens};
	bool high = r->record_high;
	/* The next record starts within the current line, or after it. */
	r->record_high = r->line_high;
	for (size_t i = 0; high && i < r->nfields; i++) {
		if (!symbi__utf8_valid(r->fields[i], r->lens[i])) {
			const char *col = column_name(r, i);
			if (col)
				symbi__diag(r->diags, SYMBI_SEV_ERROR, r->path, r->row_line, col,
				            "invalid UTF-8 in column '%s'", col);
			else
				symbi__diag(r->diags, SYMBI_SEV_ERROR, r->path, r->row_line, NULL,
				            "invalid UTF-8 in field %zu", i + 1);
			r->nfields = 0;
			if (r->records == 0)
				r->status = SYMBI_EINPUT; /* an unreadable header ends the file */
			r->records++;
			return;
		}
	}
	if (r->records == 0) {
		r->header = calloc(r->nfields ? r->nfields : 1, sizeof *r->header);
		if (!r->header) {
			r->status = symbi__error(SYMBI_ENOMEM, "out of memory");
			return;
		}
		for (size_t i = 0; i < r->nfields; i++) {
			r->header[i] = malloc(r->lens[i] + 1);
			if (!r->header[i]) {
				r->nheader = i;
				r->status = symbi__error(SYMBI_ENOMEM, "out of memory");
				return;
			}
			memcpy(r->header[i], r->fields[i], r->lens[i] + 1);
		}
		r->nheader = r->nfields;
	}
	r->records++;
	int rc = r->fn(r->ctx, &row);
	if (rc)
		r->status = rc;
	r->nfields = 0;
}

int symbi__csv_read(const char *path, const symbi__csv_limits *limits, symbi__csv_fn fn,
                    void *ctx, symbi_diags *diags)
{
	reader r = {0};
	r.path = path;
	r.diags = diags;
	r.fn = fn;
	r.ctx = ctx;
	r.lim.max_field = limits && limits->max_field ? limits->max_field : (size_t)1 << 20;
	r.lim.max_fields = limits && limits->max_fields ? limits->max_fields : 10000;

	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		symbi__diag(diags, SYMBI_SEV_ERROR, path, 0, NULL, "is a directory, not a CSV file");
		return symbi__error(SYMBI_EIO, "%s: is a directory", path);
	}
	FILE *f = fopen(path, "rb");
	if (!f) {
		symbi__diag(diags, SYMBI_SEV_ERROR, path, 0, NULL, "cannot open: %s", strerror(errno));
		return symbi__error(SYMBI_EIO, "%s: cannot open: %s", path, strerror(errno));
	}
	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		fclose(f);
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	}
	enum { CHUNK = 1 << 16 };
	/* libcsv grows a field's buffer by blk_size bytes at a time (128 by
	 * default): quadratic for long fields where realloc copies (10 MB took
	 * minutes under AddressSanitizer). Grow by 64 KiB instead. */
	csv_set_blk_size(&p, CHUNK);
	char *buf = malloc(CHUNK);
	if (!buf) {
		csv_free(&p);
		fclose(f);
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	}
	uint32_t line = 1;
	bool first = true, any_byte = false, nul = false;
	size_t n;
	while (!r.status && (n = fread(buf, 1, CHUNK, f)) > 0) {
		size_t off = 0;
		if (first) {
			first = false;
			if (n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
				off = 3; /* UTF-8 byte order mark */
		}
		if (memchr(buf + off, '\0', n - off)) {
			/* Find the line of the first NUL for the message. */
			for (size_t i = off; i < n && buf[i]; i++)
				if (buf[i] == '\n')
					line++;
			nul = true;
			break;
		}
		if (n > off)
			any_byte = true;
		while (off < n && !r.status) {
			char *nl = memchr(buf + off, '\n', n - off);
			size_t seg = nl ? (size_t)(nl - (buf + off)) + 1 : n - off;
			/* State 0 is libcsv's ROW_NOT_BEGUN: the next field starts a record. */
			if (p.pstate == 0)
				r.row_line = line;
			r.line_high = any_high_byte(buf + off, seg);
			r.record_high = r.record_high || r.line_high;
			if (csv_parse(&p, buf + off, seg, on_field, on_record, &r) != seg && !r.status) {
				if (csv_error(&p) == CSV_EPARSE)
					symbi__diag(diags, SYMBI_SEV_ERROR, path, line, NULL,
					            "malformed quoting (a quote inside an unquoted field, or text after a closing quote)");
				else
					symbi__diag(diags, SYMBI_SEV_ERROR, path, line, NULL, "%s",
					            csv_strerror(csv_error(&p)));
				r.status = SYMBI_EINPUT;
			}
			/* A field past the limit is rejected while it is read, so that
			 * memory stays bounded by the limit, not by the field. */
			if (!r.status && p.entry_pos > r.lim.max_field) {
				symbi__diag(diags, SYMBI_SEV_ERROR, path, r.row_line, NULL,
				            "field longer than %zu bytes", r.lim.max_field);
				r.status = SYMBI_EINPUT;
			}
			if (nl)
				line++;
			off += seg;
		}
	}
	int rc = r.status;
	if (!rc && ferror(f)) {
		symbi__diag(diags, SYMBI_SEV_ERROR, path, 0, NULL, "read error: %s", strerror(errno));
		rc = symbi__error(SYMBI_EIO, "%s: read error", path);
	}
	if (!rc && nul) {
		symbi__diag(diags, SYMBI_SEV_ERROR, path, line, NULL,
		            "NUL byte: this is not a text CSV file");
		rc = SYMBI_EINPUT;
	}
	if (!rc) {
		if (csv_fini(&p, on_field, on_record, &r) != 0 && !r.status) {
			symbi__diag(diags, SYMBI_SEV_ERROR, path, r.row_line, NULL,
			            "quote opened in the record starting here is never closed");
			r.status = SYMBI_EINPUT;
		}
		rc = r.status;
	}
	if (!rc && (!any_byte || r.records == 0)) {
		symbi__diag(diags, SYMBI_SEV_ERROR, path, 0, NULL, "empty file: no header row");
		rc = SYMBI_EINPUT;
	}
	csv_free(&p);
	fclose(f);
	free(buf);
	for (size_t i = 0; i < r.capfields; i++)
		free(r.fields[i]);
	free(r.fields);
	free(r.lens);
	free(r.fcap);
	for (size_t i = 0; i < r.nheader; i++)
		free(r.header[i]);
	free(r.header);
	if (rc == SYMBI_EINPUT)
		symbi__error(SYMBI_EINPUT, "%s: bad CSV input", path);
	return rc;
}

int symbi__csv_put(FILE *f, const char *field, char sep)
{
	const char *s = field ? field : "";
	size_t n = strlen(s);
	bool quote = strpbrk(s, ",\"\r\n") != NULL || (n && (s[0] == ' ' || s[n - 1] == ' '));
	int rc = quote ? csv_fwrite(f, s, n) : (fwrite(s, 1, n, f) == n ? 0 : EOF);
	if (rc == EOF || fputc(sep, f) == EOF)
		return symbi__error(SYMBI_EIO, "write error");
	return 0;
}
