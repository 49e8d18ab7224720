/*
 * test_dialects.c: the spreadsheet dialects of csvio.c (delimiter from the
 * header, decimal comma, thousands separators, Windows-1252) and the
 * workbook reader of xlsx.c, record by record, against answers worked out
 * by hand. Workbooks are written here with libxlsxwriter.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "engine/csvio.h"
#include "engine/xlsx.h"
#include "unit.h"

static char dir[] = "/tmp/symbi-dialects-XXXXXX";
static char path[200];

/* The records read, "a|b|c" one per line, with their line numbers. */
typedef struct got {
	char text[4096];
	size_t used;
	char delim;
} got;

static int collect(void *ctx, const symbi__csv_row *row)
{
	got *g = ctx;
	g->delim = row->delim;
	int w = snprintf(g->text + g->used, sizeof g->text - g->used, "%u:", row->line);
	g->used += (size_t)w;
	for (size_t i = 0; i < row->nfields; i++) {
		CHECK_EQ_INT(strlen(row->fields[i]), row->lens[i]);
		w = snprintf(g->text + g->used, sizeof g->text - g->used, "%s%s", i ? "|" : "",
		             row->fields[i]);
		g->used += (size_t)w;
	}
	w = snprintf(g->text + g->used, sizeof g->text - g->used, "\n");
	g->used += (size_t)w;
	return 0;
}

static void write_bytes(const char *bytes, size_t n)
{
	FILE *f = fopen(path, "wb");
	CHECK(f && fwrite(bytes, 1, n, f) == n);
	if (f)
		fclose(f);
}

/* Read `bytes` as a dataset file with `enc`; the records and the number of
 * warnings and errors. */
static int read_csv(const char *bytes, symbi_encoding enc, got *g, size_t *warnings,
                    size_t *errors)
{
	write_bytes(bytes, strlen(bytes));
	memset(g, 0, sizeof *g);
	symbi__csv_limits lim = {0};
	lim.dialects = true;
	lim.encoding = enc;
	symbi_diags *d;
	CHECK_EQ_INT(symbi_diags_new(&d, 10), 0);
	int rc = symbi__csv_read(path, &lim, collect, g, d);
	*warnings = symbi_diags_warnings(d);
	*errors = symbi_diags_errors(d);
	symbi_diags_free(d);
	return rc;
}

static void test_delimiters(void)
{
	got g;
	size_t w, e;
	CHECK_EQ_INT(read_csv("a;b;c\r\n1;\"x;y\";3\r\n", SYMBI_ENCODING_AUTO, &g, &w, &e), 0);
	CHECK_STR(g.text, "1:a|b|c\n2:1|x;y|3\n");
	CHECK_EQ_INT(g.delim, ';');
	/* Tabs, with an empty field (libcsv would skip a tab as a space). */
	CHECK_EQ_INT(read_csv("a\tb\tc\n1\t\t3\n", SYMBI_ENCODING_AUTO, &g, &w, &e), 0);
	CHECK_STR(g.text, "1:a|b|c\n2:1||3\n");
	CHECK_EQ_INT(g.delim, '\t');
	/* A BOM, then semicolons; commas inside a quoted header name do not count. */
	CHECK_EQ_INT(read_csv("\xEF\xBB\xBF\"x,y,z\";b\n1,5;2\n", SYMBI_ENCODING_AUTO, &g, &w, &e),
	             0);
	CHECK_STR(g.text, "1:x,y,z|b\n2:1,5|2\n");
	/* A tie goes to the comma; a header of one name is comma-separated. */
	CHECK_EQ_INT(read_csv("a,b;c\n1,2;3\n", SYMBI_ENCODING_AUTO, &g, &w, &e), 0);
	CHECK_EQ_INT(g.delim, ',');
	CHECK_EQ_INT(read_csv("a\n1\n", SYMBI_ENCODING_AUTO, &g, &w, &e), 0);
	CHECK_EQ_INT(g.delim, ',');

	/* Another delimiter in the header's names. */
	const char *names[] = {"firm_id", "name", "lat", "lon"};
	char f0[] = "firm_id|name|lat|lon";
	char *fields[] = {f0};
	size_t lens[] = {strlen(f0)};
	symbi__csv_row row = {1, 1, fields, lens, ','};
	CHECK_EQ_INT(symbi__csv_other_delim(&row, names, 4), '|');
	char f1[] = "firm_id", f2[] = "name";
	char *fields2[] = {f1, f2};
	size_t lens2[] = {7, 4};
	symbi__csv_row row2 = {1, 2, fields2, lens2, ','};
	CHECK_EQ_INT(symbi__csv_other_delim(&row2, names, 4), 0);
	char f3[] = "firm_id;name;lat;lon";
	char *fields3[] = {f3};
	symbi__csv_row row3 = {1, 1, fields3, lens, ';'};
	CHECK_EQ_INT(symbi__csv_other_delim(&row3, names, 4), 0); /* its own delimiter */
}

static void test_decimal_comma(void)
{
	double v = 0;
	CHECK_EQ_INT(symbi__parse_decimal_comma("12,5", &v), 0);
	CHECK_NEAR(v, 12.5, 0);
	CHECK_EQ_INT(symbi__parse_decimal_comma("-0,25", &v), 0);
	CHECK_NEAR(v, -0.25, 0);
	CHECK_EQ_INT(symbi__parse_decimal_comma("1,5E+07", &v), 0);
	CHECK_NEAR(v, 1.5e7, 0);
	CHECK_EQ_INT(symbi__parse_decimal_comma("  7  ", &v), 0);
	CHECK_NEAR(v, 7, 0);
	CHECK_EQ_INT(symbi__parse_decimal_comma("1 234,5", &v), 1);
	CHECK_EQ_INT(symbi__parse_decimal_comma("1.234,5", &v), 1);
	CHECK_EQ_INT(symbi__parse_decimal_comma("1\xC2\xA0" "234", &v), 1);
	CHECK_EQ_INT(symbi__parse_decimal_comma("1\xE2\x80\xAF" "234,5", &v), 1);
	CHECK_EQ_INT(symbi__parse_decimal_comma("12,5,1", &v), -1);
	CHECK_EQ_INT(symbi__parse_decimal_comma("1,2 3", &v), -1); /* a space after the comma */
	CHECK_EQ_INT(symbi__parse_decimal_comma("abc", &v), -1);
	CHECK_EQ_INT(symbi__parse_decimal_comma(",", &v), -1);
	CHECK_EQ_INT(symbi__parse_decimal_comma("1 ", &v), 0);
	CHECK_EQ_INT(symbi__parse_decimal_comma(" 1", &v), 0);
	CHECK_EQ_INT(symbi__parse_decimal_comma("1 a", &v), -1);
}

static void test_encodings(void)
{
	char out[64];
	/* æ ø å Æ Ø Å, the euro sign, a curly quote, an undefined byte. */
	size_t n = symbi__cp1252_to_utf8("\xE6\xF8\xE5\xC6\xD8\xC5\x80\x93\x81", 9, out);
	out[n] = '\0';
	CHECK_STR(out, "æøåÆØÅ€“\xC2\x81");

	got g;
	size_t w, e;
	/* Windows-1252 found: one warning however many rows, text converted. */
	CHECK_EQ_INT(read_csv("id;navn\n1;Sm\xF8r\n2;Gr\xF8nt\n", SYMBI_ENCODING_AUTO, &g, &w, &e), 0);
	CHECK_STR(g.text, "1:id|navn\n2:1|Smør\n3:2|Grønt\n");
	CHECK_EQ_INT(w, 1);
	CHECK_EQ_INT(e, 0);
	/* Chosen: no warning. */
	CHECK_EQ_INT(read_csv("id;navn\n1;Sm\xF8r\n", SYMBI_ENCODING_WINDOWS_1252, &g, &w, &e), 0);
	CHECK_EQ_INT(w, 0);
	/* Chosen for a UTF-8 file: read as asked (mojibake, by request). */
	CHECK_EQ_INT(read_csv("id\n\xC3\xB8\n", SYMBI_ENCODING_WINDOWS_1252, &g, &w, &e), 0);
	CHECK_STR(g.text, "1:id\n2:Ã¸\n");
	/* UTF-8 with one bad row: stays UTF-8, the row is an error and dropped. */
	CHECK_EQ_INT(read_csv("id\n\xC3\xB8\n\xF8\n", SYMBI_ENCODING_AUTO, &g, &w, &e), 0);
	CHECK_STR(g.text, "1:id\n2:ø\n");
	CHECK_EQ_INT(e, 1);
	CHECK_EQ_INT(w, 0);
	/* --encoding utf-8: the Windows-1252 row is an error. */
	CHECK_EQ_INT(read_csv("id\nSm\xF8r\n", SYMBI_ENCODING_UTF8, &g, &w, &e), 0);
	CHECK_EQ_INT(e, 1);
	/* A cut UTF-8 sequence at the end of the file is not UTF-8. */
	CHECK_EQ_INT(read_csv("id\nab\xC3", SYMBI_ENCODING_AUTO, &g, &w, &e), 0);
	CHECK_STR(g.text, "1:id\n2:abÃ\n");
	CHECK_EQ_INT(w, 1);
}

/* ==== Workbooks ====================================================================== */

static int read_book(const char *const *sheets, got *g, size_t *errors, char *label)
{
	memset(g, 0, sizeof *g);
	symbi_diags *d;
	CHECK_EQ_INT(symbi_diags_new(&d, 10), 0);
	bool bad = false;
	int rc = symbi__xlsx_read(path, sheets, label, 300, NULL, collect, g, d, &bad);
	*errors = symbi_diags_errors(d);
	for (size_t i = 0; unit_failures && i < symbi_diags_count(d); i++)
		fprintf(stderr, "  %s:%u: %s\n", symbi_diags_get(d, i)->file,
		        symbi_diags_get(d, i)->line, symbi_diags_get(d, i)->message);
	symbi_diags_free(d);
	return rc;
}

static void test_workbook(bool inline_strings)
{
	lxw_workbook_options o = {0};
	o.constant_memory = inline_strings ? LXW_TRUE : LXW_FALSE;
	lxw_workbook *wb = workbook_new_opt(path, &o);
	lxw_worksheet *other = workbook_add_worksheet(wb, "notes");
	worksheet_write_string(other, 0, 0, "not this one", NULL);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "Strømmer");
	/* Row 1 empty but formatted; header on row 2. */
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	worksheet_set_row(ws, 0, 20, bold);
	worksheet_write_string(ws, 1, 0, "a", bold);
	worksheet_write_string(ws, 1, 1, "b", NULL);
	worksheet_write_string(ws, 1, 3, "d", NULL); /* C2 empty: a gap */
	worksheet_write_number(ws, 2, 0, 60.79, NULL);
	worksheet_write_boolean(ws, 2, 1, 1, NULL);
	worksheet_write_boolean(ws, 2, 2, 0, NULL);
	worksheet_write_string(ws, 2, 3, "Grønt & <veksthus>", NULL);
	worksheet_write_blank(ws, 2, 4, bold); /* a formatted empty cell */
	/* Row 4 empty; row 5 has a formula with its value and a rich string. */
	worksheet_write_formula_num(ws, 4, 0, "=1+1", NULL, 2);
	lxw_rich_string_tuple f1 = {.format = bold, .string = "sag"};
	lxw_rich_string_tuple f2 = {.format = NULL, .string = "flis"};
	lxw_rich_string_tuple *rich[] = {&f1, &f2, NULL};
	if (!inline_strings)
		worksheet_write_rich_string(ws, 4, 2, rich, NULL);
	else
		worksheet_write_string(ws, 4, 2, "sagflis", NULL);
	worksheet_write_string(ws, 4, 3, "line\r\nbreak", NULL);
	worksheet_write_number(ws, 5, 1, 1e-7, NULL);
	CHECK_EQ_INT(workbook_close(wb), LXW_NO_ERROR);

	got g;
	size_t e;
	char label[300];
	const char *const sheets[] = {"streams", "strømmer", NULL};
	CHECK_EQ_INT(read_book(sheets, &g, &e, label), 0);
	CHECK_EQ_INT(e, 0);
	char want[300];
	snprintf(want, sizeof want, "%s:Strømmer", path);
	CHECK_STR(label, want);
	CHECK_STR(g.text, "2:a|b||d\n"
	                  "3:60.79|TRUE|FALSE|Grønt & <veksthus>\n" /* E3 blank */
	                  "5:2||sagflis|line\r\nbreak\n"
	                  "6:|1E-07\n"); /* as libxlsxwriter writes 1e-7 (%.16G) */
	CHECK_EQ_INT(g.delim, 0);

	/* A missing sheet is named; the label names the first name asked for. */
	const char *const firms[] = {"firms", "virksomheter", NULL};
	CHECK_EQ_INT(read_book(firms, &g, &e, label), SYMBI_EINPUT);
	CHECK_EQ_INT(e, 1);
	snprintf(want, sizeof want, "%s:firms", path);
	CHECK_STR(label, want);
}

static void test_not_workbooks(void)
{
	got g;
	size_t e;
	char label[300];
	const char *const sheets[] = {"firms", NULL};
	write_bytes("firm_id,name\n", 13);
	CHECK_EQ_INT(read_book(sheets, &g, &e, label), SYMBI_EINPUT);
	CHECK_EQ_INT(e, 1);
	write_bytes("", 0);
	CHECK_EQ_INT(read_book(sheets, &g, &e, label), SYMBI_EINPUT);
	unlink(path);
	CHECK_EQ_INT(read_book(sheets, &g, &e, label), SYMBI_EIO);
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof path, "%s/f.csv", dir);
	test_delimiters();
	test_decimal_comma();
	test_encodings();
	snprintf(path, sizeof path, "%s/w.xlsx", dir);
	test_workbook(false);
	test_workbook(true);
	test_not_workbooks();
	unlink(path);
	snprintf(path, sizeof path, "%s/f.csv", dir);
	unlink(path);
	rmdir(dir);
	printf("%d checks, %d failed\n", unit_checks, unit_failures);
	return unit_failures ? 1 : 0;
}
