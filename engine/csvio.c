/*
 * csvio.c: streaming CSV reading and writing over libcsv.
 *
 * libcsv does the RFC 4180 work (quotes, doubled quotes, embedded commas and
 * newlines, CR/LF/CRLF record ends, trailing blank lines). What it does not
 * keep is the line a record started on, so the input is fed to it one
 * physical line at a time and the parser's state before each line tells
 * whether a new record begins there.
 *
 * A dataset's files may also come as spreadsheets save them (the
 * `dialects` option): the delimiter is found from the header line and given
 * to libcsv (csv_set_delim), so that every byte is still parsed by it; a
 * file that is not UTF-8 is read as Windows-1252, converted to UTF-8 before
 * libcsv sees it (the conversion never makes or removes an ASCII byte, so
 * quotes, delimiters and line ends stay where they were).
 */
#include <csv.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
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
	char delim;
	bool dialects; /* messages may then name --encoding */
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
	symbi__csv_row row = {r->row_line, r->nfields, r->fields, r->lens, r->delim};
	bool high = r->record_high;
	/* The next record starts within the current line, or after it. */
	r->record_high = r->line_high;
	for (size_t i = 0; high && i < r->nfields; i++) {
		if (!symbi__utf8_valid(r->fields[i], r->lens[i])) {
			const char *col = column_name(r, i);
			const char *hint =
			    r->dialects ? " (save the file as 'CSV UTF-8', or read it all as "
			                  "Windows-1252 with --encoding windows-1252)"
			                : "";
			if (col)
				symbi__diag(r->diags, SYMBI_SEV_ERROR, r->path, r->row_line, col,
				            "invalid UTF-8 in column '%s'%s", col, hint);
			else
				symbi__diag(r->diags, SYMBI_SEV_ERROR, r->path, r->row_line, NULL,
				            "invalid UTF-8 in field %zu%s", i + 1, hint);
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

/* ==== Encodings ====================================================================== */

/* Unicode code points of Windows-1252 bytes 0x80-0x9F (the rest are
 * Latin-1, equal to their code point). From the Unicode Consortium's
 * mapping table CP1252.TXT; the five undefined bytes map to themselves. */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

size_t symbi__cp1252_to_utf8(const char *in, size_t n, char *out)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned c = (unsigned char)in[i];
		if (c < 0x80) {
			out[o++] = (char)c;
			continue;
		}
		unsigned u = c < 0xA0 ? cp1252_high[c - 0x80] : c;
		if (u < 0x800) {
			out[o++] = (char)(0xC0 | (u >> 6));
			out[o++] = (char)(0x80 | (u & 0x3F));
		} else {
			out[o++] = (char)(0xE0 | (u >> 12));
			out[o++] = (char)(0x80 | ((u >> 6) & 0x3F));
			out[o++] = (char)(0x80 | (u & 0x3F));
		}
	}
	return o;
}

/* A UTF-8 checker fed a file in pieces: a sequence may be cut between two
 * pieces. Counts the well-formed multi-byte sequences and the bytes that
 * cannot be UTF-8 (RFC 3629: no overlongs, surrogates or code points past
 * U+10FFFF). */
typedef struct utf8_scan {
	int need;               /* continuation bytes still expected */
	unsigned lo, hi;        /* allowed range of the next one */
	size_t multi, invalid;
} utf8_scan;

static void utf8_scan_feed(utf8_scan *u, const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		if (u->need == 0) {
			i += symbi__ascii_words(s + i, n - i);
			if (i >= n)
				break;
		}
		unsigned c = s[i];
		if (u->need) {
			if (c >= u->lo && c <= u->hi) {
				u->lo = 0x80;
				u->hi = 0xBF;
				if (--u->need == 0)
					u->multi++;
				i++;
				continue;
			}
			u->invalid++;
			u->need = 0; /* and read c afresh */
		}
		i++;
		u->lo = 0x80;
		u->hi = 0xBF;
		if (c < 0x80)
			continue;
		if (c >= 0xC2 && c <= 0xDF) {
			u->need = 1;
		} else if (c >= 0xE0 && c <= 0xEF) {
			u->need = 2;
			if (c == 0xE0)
				u->lo = 0xA0;
			else if (c == 0xED)
				u->hi = 0x9F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			u->need = 3;
			if (c == 0xF0)
				u->lo = 0x90;
			else if (c == 0xF4)
				u->hi = 0x8F;
		} else {
			u->invalid++;
		}
	}
}

/* Whether the regular file `f` reads as Windows-1252 rather than UTF-8: it
 * has a byte that cannot be UTF-8 and not one well-formed multi-byte
 * sequence. A UTF-8 file with a damaged byte keeps its other æ, ø and å,
 * and stays UTF-8 (the damaged records are reported); a Windows-1252 file
 * of Norwegian text almost never holds a valid sequence by chance (æ is
 * 0xE6, which UTF-8 would need two continuation bytes after). Stops at the
 * first valid sequence; leaves `f` at its start. */
static bool looks_cp1252(FILE *f, char *buf, size_t size)
{
	utf8_scan u = {0};
	size_t n;
	bool first = true;
	while (u.multi == 0 && (n = fread(buf, 1, size, f)) > 0) {
		size_t off = 0;
		if (first && n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
			u.multi++; /* a byte order mark says UTF-8 */
		first = false;
		utf8_scan_feed(&u, (const unsigned char *)buf + off, n - off);
	}
	if (u.need)
		u.invalid++;
	rewind(f);
	return u.multi == 0 && u.invalid > 0;
}

/* ==== Dialects ====================================================================== */

/* The delimiter of a header line: the one of ',', ';' and TAB found most
 * often outside quotes before the first line end (a tie goes to the comma,
 * then the semicolon). */
static char header_delim(const char *p, size_t n)
{
	size_t comma = 0, semi = 0, tab = 0;
	bool quoted = false;
	for (size_t i = 0; i < n; i++) {
		char c = p[i];
		if (c == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (c == '\n' || c == '\r')
			break;
		else if (c == ',')
			comma++;
		else if (c == ';')
			semi++;
		else if (c == '\t')
			tab++;
	}
	if (tab > comma && tab > semi)
		return '\t';
	if (semi > comma)
		return ';';
	return ',';
}

/* libcsv skips spaces and tabs around unquoted fields; with TAB as the
 * delimiter only spaces may be skipped, or empty fields would vanish. */
static int space_only(unsigned char c) { return c == ' '; }

char symbi__csv_other_delim(const symbi__csv_row *row, const char *const *names, size_t n)
{
	static const char cands[] = {',', ';', '\t', '|', ':'};
	for (size_t k = 0; k < sizeof cands; k++) {
		char d = cands[k];
		if (d == row->delim)
			continue;
		size_t found = 0;
		for (size_t i = 0; i < row->nfields; i++) {
			const char *f = row->fields[i];
			if (!strchr(f, d))
				continue;
			/* Each part between the delimiters, trimmed, against the names. */
			const char *a = f;
			for (;;) {
				const char *b = strchr(a, d);
				size_t len = b ? (size_t)(b - a) : strlen(a);
				const char *s = a;
				while (len && (*s == ' ' || *s == '"')) {
					s++;
					len--;
				}
				while (len && (s[len - 1] == ' ' || s[len - 1] == '"' || s[len - 1] == '\r'))
					len--;
				for (size_t j = 0; j < n; j++)
					if (strlen(names[j]) == len && strncasecmp(names[j], s, len) == 0) {
						found++;
						break;
					}
				if (!b)
					break;
				a = b + 1;
			}
		}
		if (found >= 2)
			return d;
	}
	return 0;
}

int symbi__parse_decimal_comma(const char *s, double *out)
{
	/* The digits, with the comma as the point, and whether a thousands
	 * separator ('.', a space, a no-break space U+00A0 or U+202F) sits
	 * between two digits. */
	char buf[128];
	size_t o = 0;
	bool digit = false, comma = false, grouped = false;
	const unsigned char *p = (const unsigned char *)s;
	while (*p == ' ')
		p++;
	for (; *p && o + 1 < sizeof buf; p++) {
		unsigned c = *p;
		size_t sep = 0;
		if (c == '.' || c == ' ')
			sep = 1;
		else if (c == 0xC2 && p[1] == 0xA0)
			sep = 2;
		else if (c == 0xE2 && p[1] == 0x80 && p[2] == 0xAF)
			sep = 3;
		if (sep) {
			if (c == ' ' && !p[1 + strspn((const char *)p + 1, " ")])
				break; /* trailing spaces */
			if (digit && !comma && p[sep] >= '0' && p[sep] <= '9')
				grouped = true;
			else
				return -1;
			p += sep - 1;
			continue;
		}
		if (c == ',') {
			if (comma)
				return -1;
			comma = true;
			buf[o++] = '.';
			continue;
		}
		if (c >= '0' && c <= '9')
			digit = true;
		else if (c == 'e' || c == 'E')
			comma = true; /* no separator after an exponent */
		buf[o++] = (char)c;
	}
	if (*p && *p != ' ')
		return -1;
	buf[o] = '\0';
	double v;
	if (symbi__parse_double(buf, &v) != 0)
		return -1;
	if (grouped)
		return 1;
	*out = v;
	return 0;
}

/* ==== Reading ======================================================================== */

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
	r.dialects = limits && limits->dialects;
	r.delim = ',';

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
	char *raw = malloc(CHUNK), *conv = NULL;
	if (!raw) {
		csv_free(&p);
		fclose(f);
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	}
	bool cp1252 = false, warned = false;
	if (r.dialects) {
		symbi_encoding enc = limits->encoding;
		struct stat fst;
		if (enc == SYMBI_ENCODING_AUTO && fstat(fileno(f), &fst) == 0 && S_ISREG(fst.st_mode))
			cp1252 = looks_cp1252(f, raw, CHUNK);
		else
			cp1252 = enc == SYMBI_ENCODING_WINDOWS_1252;
		warned = enc == SYMBI_ENCODING_WINDOWS_1252; /* chosen: nothing to warn of */
		if (cp1252 && !(conv = malloc((size_t)CHUNK * 3))) {
			free(raw);
			csv_free(&p);
			fclose(f);
			return symbi__error(SYMBI_ENOMEM, "out of memory");
		}
	}
	uint32_t line = 1;
	bool first = true, any_byte = false, nul = false;
	size_t n;
	while (!r.status && (n = fread(raw, 1, CHUNK, f)) > 0) {
		char *buf = raw;
		size_t off = 0;
		if (first && n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
			off = 3; /* UTF-8 byte order mark */
		if (memchr(buf + off, '\0', n - off)) {
			/* Find the line of the first NUL for the message. */
			for (size_t i = off; i < n && buf[i]; i++)
				if (buf[i] == '\n')
					line++;
			nul = true;
			break;
		}
		if (cp1252 && any_high_byte(buf + off, n - off)) {
			if (!warned) {
				uint32_t at = line;
				for (size_t i = off; i < n && (unsigned char)buf[i] < 0x80; i++)
					if (buf[i] == '\n')
						at++;
				symbi__diag(diags, SYMBI_SEV_WARNING, path, at, NULL,
				            "not UTF-8: read as Windows-1252, as Excel saves plain 'CSV' "
				            "on Windows (to be sure, save as 'CSV UTF-8', or choose with "
				            "--encoding utf-8|windows-1252)");
				warned = true;
			}
			n = off + symbi__cp1252_to_utf8(buf + off, n - off, conv + off);
			buf = conv;
		}
		if (first && r.dialects) {
			r.delim = header_delim(buf + off, n - off);
			csv_set_delim(&p, (unsigned char)r.delim);
			if (r.delim == '\t')
				csv_set_space_func(&p, space_only);
		}
		first = false;
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
	free(raw);
	free(conv);
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

/* ==== Tables with named columns ===================================================== */

void symbi__csv_columns(const symbi__csv_row *header, const char *const *names, size_t n,
                        int *col)
{
	for (size_t k = 0; k < n; k++)
		col[k] = -1;
	for (size_t i = 0; i < header->nfields; i++) {
		const char *h = symbi__trim(header->fields[i]);
		for (size_t k = 0; k < n; k++)
			if (col[k] < 0 && symbi__strcasecmp(h, names[k]) == 0)
				col[k] = (int)i;
	}
}

size_t symbi__csv_missing(const symbi__csv_row *header, const char *const *names, size_t n,
                          const int *col, unsigned required, const char *path,
                          symbi_diags *diags)
{
	size_t missing = 0;
	for (size_t k = 0; k < n; k++)
		if ((required & (1u << k)) && col[k] < 0) {
			symbi__diag(diags, SYMBI_SEV_ERROR, path, header->line, names[k],
			            "missing column '%s'", names[k]);
			missing++;
		}
	return missing;
}

const char *symbi__csv_field(const symbi__csv_row *row, int col)
{
	if (col < 0 || (size_t)col >= row->nfields)
		return "";
	return symbi__trim(row->fields[col]);
}

bool symbi__csv_blank(const symbi__csv_row *row)
{
	for (size_t i = 0; i < row->nfields; i++)
		if (strspn(row->fields[i], " \t") != row->lens[i])
			return false;
	return true;
}
