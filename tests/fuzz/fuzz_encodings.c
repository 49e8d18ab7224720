/*
 * fuzz_encodings.c: the encoding detection and conversion of csvio.c. The
 * fuzzer's bytes (after the first) are the records of a one-column file
 * whose header may be padded so that they start just before the reader's
 * 64 KiB chunk boundary (the first byte chooses whether and how far before
 * it), so that UTF-8 sequences are cut between chunks both in the detection
 * scan and in the conversion. Properties: Windows-1252 conversion always gives valid UTF-8
 * of at most three bytes per byte, keeping every ASCII byte; a file that is
 * valid UTF-8 is never read as Windows-1252; what the reader passes on is
 * valid UTF-8 in every mode; --encoding windows-1252 never drops a record
 * for its bytes, and --encoding utf-8 never converts.
 */
#include "engine/csvio.h"
#include "fuzz_common.h"

typedef struct seen {
	size_t records;
} seen;

static int on_row(void *ctx, const symbi__csv_row *row)
{
	seen *s = ctx;
	s->records++;
	for (size_t i = 0; i < row->nfields; i++) {
		FUZZ_ASSERT(strlen(row->fields[i]) == row->lens[i]);
		FUZZ_ASSERT(symbi__utf8_valid(row->fields[i], row->lens[i]));
	}
	return 0;
}

enum { CHUNK = 1 << 16 };
static char file[CHUNK + 70000];
static char out[3 * 70000];

static size_t warnings_about_encoding(const symbi_diags *d)
{
	size_t n = 0;
	for (size_t i = 0; i < symbi_diags_count(d); i++)
		if (symbi_diags_get(d, i)->severity == SYMBI_SEV_WARNING &&
		    strstr(symbi_diags_get(d, i)->message, "Windows-1252"))
			n++;
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > 70000)
		return 0;
	const char *body = (const char *)data + 1;
	size_t n = size - 1;

	/* The conversion on its own. */
	size_t m = symbi__cp1252_to_utf8(body, n, out);
	FUZZ_ASSERT(m <= 3 * n);
	FUZZ_ASSERT(symbi__utf8_valid(out, m));
	size_t ascii_in = 0, ascii_out = 0;
	for (size_t i = 0; i < n; i++)
		ascii_in += (unsigned char)body[i] < 0x80;
	for (size_t i = 0; i < m; i++)
		ascii_out += (unsigned char)out[i] < 0x80;
	FUZZ_ASSERT(ascii_in == ascii_out);

	/* The header "x", padded with spaces to end just before the boundary
	 * when bit 4 of the first byte is set (the padded file is slow to read:
	 * most runs go without). */
	size_t pad = data[0] & 0x10 ? CHUNK - 2 - (data[0] % 16) : 1;
	file[0] = 'x';
	memset(file + 1, ' ', pad - 1);
	file[pad] = '\n';
	memcpy(file + pad + 1, body, n);
	const char *path = fuzz_write("firms.csv", file, pad + 1 + n);
	bool valid = symbi__utf8_valid(body, n);

	for (int e = 0; e < 3; e++) {
		symbi__csv_limits lim = {0};
		lim.dialects = true;
		lim.encoding = (symbi_encoding)e;
		symbi_diags *d = NULL;
		if (symbi_diags_new(&d, 20))
			abort();
		seen s = {0};
		int rc = symbi__csv_read(path, &lim, on_row, &s, d);
		FUZZ_ASSERT(rc == 0 || rc == SYMBI_EINPUT || rc == SYMBI_ENOMEM);
		size_t w = warnings_about_encoding(d);
		FUZZ_ASSERT(w <= 1);
		if (e != SYMBI_ENCODING_AUTO || valid)
			FUZZ_ASSERT(w == 0);
		if (e == SYMBI_ENCODING_WINDOWS_1252 || (e == SYMBI_ENCODING_AUTO && w))
			for (size_t i = 0; i < symbi_diags_count(d); i++)
				FUZZ_ASSERT(!strstr(symbi_diags_get(d, i)->message, "invalid UTF-8"));
		symbi_diags_free(d);
	}
	return 0;
}
