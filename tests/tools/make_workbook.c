/*
 * make_workbook.c: write CSV files as the sheets of an .xlsx workbook with
 * libxlsxwriter, as a person would type them into Excel, for the tests of
 * the workbook reader (tests/cli/dialects.cases).
 *
 *   make_workbook OUT.xlsx [--inline] [--numbers COL,COL...] SHEET=FILE.csv...
 *
 * Every non-empty field becomes a cell of its sheet; an empty field is no
 * cell at all (a gap in the cell references). A field of a column named in
 * --numbers that reads whole as a number is written as a number, the rest as
 * strings: shared strings, or inline strings with --inline (libxlsxwriter's
 * constant_memory mode writes those). Exit 0, or 1 with a message.
 */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

typedef struct sink {
	lxw_worksheet *ws;
	const char *numbers; /* ",col,col," */
	char *header[256];
	lxw_row_t row;
	lxw_col_t col;
	int failed;
} sink;

static int numeric_column(const sink *s, lxw_col_t col)
{
	if (s->row == 0 || col >= 256 || !s->header[col] || !s->numbers)
		return 0;
	char key[300];
	snprintf(key, sizeof key, ",%s,", s->header[col]);
	return strstr(s->numbers, key) != NULL;
}

static void on_field(void *data, size_t len, void *ctx)
{
	sink *s = ctx;
	char *text = malloc(len + 1);
	if (!text) {
		s->failed = 1;
		return;
	}
	memcpy(text, data, len);
	text[len] = '\0';
	if (s->row == 0 && s->col < 256)
		s->header[s->col] = strdup(text);
	if (len) {
		char *end;
		double v = strtod(text, &end);
		lxw_error e = numeric_column(s, s->col) && *end == '\0'
		                  ? worksheet_write_number(s->ws, s->row, s->col, v, NULL)
		                  : worksheet_write_string(s->ws, s->row, s->col, text, NULL);
		if (e != LXW_NO_ERROR)
			s->failed = 1;
	}
	free(text);
	s->col++;
}

static void on_record(int c, void *ctx)
{
	(void)c;
	sink *s = ctx;
	s->row++;
	s->col = 0;
}

static int add_sheet(lxw_workbook *wb, const char *arg, const char *numbers)
{
	const char *eq = strchr(arg, '=');
	if (!eq) {
		fprintf(stderr, "make_workbook: want SHEET=FILE.csv, not '%s'\n", arg);
		return 1;
	}
	char name[64];
	snprintf(name, sizeof name, "%.*s", (int)(eq - arg), arg);
	FILE *f = fopen(eq + 1, "rb");
	if (!f) {
		perror(eq + 1);
		return 1;
	}
	sink s = {0};
	s.ws = workbook_add_worksheet(wb, name);
	s.numbers = numbers;
	struct csv_parser p;
	csv_init(&p, CSV_APPEND_NULL);
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		csv_parse(&p, buf, n, on_field, on_record, &s);
	csv_fini(&p, on_field, on_record, &s);
	csv_free(&p);
	fclose(f);
	for (int i = 0; i < 256; i++)
		free(s.header[i]);
	return s.failed || !s.ws;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: make_workbook OUT.xlsx [--inline] [--numbers COL,...] "
		                "SHEET=FILE.csv...\n");
		return 1;
	}
	lxw_workbook_options opt = {0};
	char numbers[1024] = "";
	int i = 2;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--inline") == 0)
			opt.constant_memory = LXW_TRUE;
		else if (strcmp(argv[i], "--numbers") == 0 && i + 1 < argc)
			snprintf(numbers, sizeof numbers, ",%s,", argv[++i]);
		else {
			fprintf(stderr, "make_workbook: unknown option '%s'\n", argv[i]);
			return 1;
		}
	}
	lxw_workbook *wb = workbook_new_opt(argv[1], &opt);
	if (!wb)
		return 1;
	int failed = 0;
	for (; i < argc; i++)
		failed |= add_sheet(wb, argv[i], numbers);
	lxw_error e = workbook_close(wb);
	if (e != LXW_NO_ERROR) {
		fprintf(stderr, "make_workbook: %s\n", lxw_strerror(e));
		return 1;
	}
	return failed;
}
