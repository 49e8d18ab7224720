/*
 * cmd_template.c: `symbi template -o FILE.xlsx` — the data-collection
 * workbook a county sends to firms: a sheet for the firms and one for their
 * streams with Norwegian (bokmål) headings, lists to pick the direction and
 * the unit from, the resource vocabulary of the knowledge base on a sheet of
 * its own, and a filled example row on each. It loads back with `symbi
 * check` as it is (tests/cli/template.cases). Written with libxlsxwriter.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "cli.h"

static const char usage[] = "symbi template -o FILE.xlsx [OPTIONS]";
static const char description[] =
    "Write an Excel workbook to collect a dataset in: the sheets 'virksomheter'\n"
    "(firms) and 'strømmer' (streams) with Norwegian headings, a filled example\n"
    "row on each, lists for the direction and the unit, the resource codes of\n"
    "the knowledge base on the sheet 'ressurser', and a short guide. The filled\n"
    "workbook is a DATASET for every command (symbi check FILE.xlsx).";

/* A column of a sheet: its Norwegian heading (the name the loader reads,
 * engine/words.c), what goes in it, its width and the example's value. A
 * `number` example is written as a number. */
typedef struct column {
	const char *heading;
	const char *help;
	double width;
	const char *example;
	bool number;
	bool text; /* formatted as text, so that Excel keeps "01.13" and leading zeros */
} column;

static const column firm_columns[] = {
    {"bedrift_id", "Kort, unik id for anlegget (påkrevd). Et firma med to anlegg får to id-er.",
     16, "eksempel-sag", false, true},
    {"navn", "Navnet på virksomheten (påkrevd).", 28, "Eksempel Sag AS", false, false},
    {"breddegrad", "Breddegrad, WGS84 desimalgrader, f.eks. 60.79 (påkrevd).", 12, "60.79",
     true, false},
    {"lengdegrad", "Lengdegrad, WGS84 desimalgrader, f.eks. 11.07 (påkrevd).", 12, "11.07",
     true, false},
    {"næringskode", "NACE-kode (SN2007), f.eks. 16.10 eller 01.13.", 12, "16.10", false, true},
    {"fylke", "Fylke eller annen region.", 14, "Innlandet", false, false},
    {"kommune", "Kommunens navn eller nummer.", 14, "Hamar", false, false},
    {"orgnr", "Organisasjonsnummer.", 12, "", false, true},
    {"ansatte", "Antall ansatte.", 9, "25", true, false},
};

static const column stream_columns[] = {
    {"bedrift_id", "Id-en fra arket virksomheter (påkrevd).", 16, "eksempel-sag", false, true},
    {"retning", "tilbud (virksomheten har det) eller behov (virksomheten trenger det) (påkrevd).",
     10, "tilbud", false, false},
    {"ressurs", "Ressurskode fra arket ressurser, f.eks. ewc:030105 eller energy:heat (påkrevd).",
     16, "ewc:030105", false, true},
    {"mengde", "Mengde per periode i enheten ved siden av (påkrevd).", 10, "1200", true, false},
    {"enhet", "Enhet og periode, f.eks. tonn/år, m³/år, MWh/år (påkrevd).", 10, "tonn/år", false,
     false},
    {"strøm_id", "Unik id for strømmen (valgfri).", 16, "eksempel-sagflis", false, true},
    {"temperatur", "Varme/damp/kulde: temperatur i °C.", 11, "", true, false},
    {"måneder", "Måneder strømmen finnes, f.eks. 1-12 eller 5-9.", 10, "1-12", false, true},
    {"avfallskostnad", "Tilbud: kr per enhet som betales i dag for å bli kvitt det.", 14, "350",
     true, false},
    {"innkjøpspris", "Behov: kr per enhet som betales i dag for ny råvare.", 13, "", true, false},
    {"maks_km", "Lengste avstand strømmen kan fraktes, km.", 9, "", true, false},
    {"merknad", "Fritekst.", 30, "Eksempel: tørr sagflis. Slett denne raden.", false, false},
};

/* Units offered in the list (others the loader reads may still be typed:
 * the list only warns). */
static const char *units[] = {"tonn/år", "kg/år", "m³/år", "liter/år", "MWh/år",
                              "kWh/år", "GWh/år", "tonn/mnd", "MWh/mnd", NULL};
static const char *directions[] = {"tilbud", "behov", NULL};

enum { DATA_ROWS = 1000 }; /* rows the lists cover */

static lxw_error write_columns(lxw_workbook *wb, lxw_worksheet *ws, const column *cols, size_t n,
                               lxw_format *head, lxw_format *text)
{
	lxw_error e = LXW_NO_ERROR;
	(void)wb;
	for (size_t i = 0; i < n && !e; i++) {
		lxw_col_t c = (lxw_col_t)i;
		e = worksheet_set_column(ws, c, c, cols[i].width, cols[i].text ? text : NULL);
		if (!e)
			e = worksheet_write_string(ws, 0, c, cols[i].heading, head);
		if (!e && *cols[i].example)
			e = cols[i].number ? worksheet_write_number(ws, 1, c, atof(cols[i].example), NULL)
			                   : worksheet_write_string(ws, 1, c, cols[i].example, NULL);
		/* The column's help shows when its heading is selected. */
		lxw_data_validation dv = {0};
		dv.validate = LXW_VALIDATION_TYPE_ANY;
		dv.input_title = (char *)cols[i].heading;
		dv.input_message = (char *)cols[i].help;
		if (!e)
			e = worksheet_data_validation_cell(ws, 0, c, &dv);
	}
	worksheet_freeze_panes(ws, 1, 0);
	return e;
}

static lxw_error list_validation(lxw_worksheet *ws, lxw_col_t col, const char **list,
                                 uint8_t error_type, const char *title, const char *message)
{
	lxw_data_validation dv = {0};
	dv.validate = LXW_VALIDATION_TYPE_LIST;
	dv.value_list = (char **)list;
	dv.error_type = error_type;
	dv.error_title = (char *)title;
	dv.error_message = (char *)message;
	return worksheet_data_validation_range(ws, 1, col, DATA_ROWS, col, &dv);
}

static const char *dim_name(symbi_dim d)
{
	switch (d) {
	case SYMBI_DIM_MASS:
		return "tonn";
	case SYMBI_DIM_VOLUME:
		return "m³";
	case SYMBI_DIM_ENERGY:
		return "MWh";
	default:
		return "";
	}
}

/* The vocabulary: every code of the knowledge base, in its order. Returns
 * the last row written. */
static lxw_error write_vocabulary(lxw_worksheet *ws, const symbi_kb *kb, lxw_format *head,
                                  lxw_row_t *last)
{
	static const char *const heads[] = {"kode", "navn (engelsk)", "farlig avfall", "måles i",
	                                    "gruppe"};
	static const double widths[] = {18, 70, 12, 9, 8};
	lxw_error e = LXW_NO_ERROR;
	for (lxw_col_t c = 0; c < 5 && !e; c++) {
		e = worksheet_set_column(ws, c, c, widths[c], NULL);
		if (!e)
			e = worksheet_write_string(ws, 0, c, heads[c], head);
	}
	lxw_row_t r = 0;
	size_t n = symbi_kb_code_count(kb);
	for (size_t i = 0; i < n && !e; i++) {
		const symbi_code *sc = symbi_kb_code(kb, (int32_t)i);
		r++;
		e = worksheet_write_string(ws, r, 0, sc->code, NULL);
		if (!e && sc->name)
			e = worksheet_write_string(ws, r, 1, sc->name, NULL);
		if (!e)
			e = worksheet_write_string(ws, r, 2, sc->hazardous ? "ja" : "nei", NULL);
		if (!e && *dim_name(sc->dim))
			e = worksheet_write_string(ws, r, 3, dim_name(sc->dim), NULL);
		if (!e && sc->is_group)
			e = worksheet_write_string(ws, r, 4, "ja", NULL);
	}
	worksheet_freeze_panes(ws, 1, 0);
	if (!e)
		e = worksheet_autofilter(ws, 0, 0, r, 4);
	*last = r;
	return e;
}

static const char *const guide[] = {
    "Slik fyller du ut",
    "",
    "1. Arket 'virksomheter': én rad per anlegg. bedrift_id, navn, breddegrad og lengdegrad må "
    "fylles ut.",
    "2. Arket 'strømmer': én rad per ressurs virksomheten har (tilbud) eller trenger (behov): "
    "restprodukter, avfall, overskuddsvarme, vann, CO2.",
    "3. Ressurskoden hentes fra arket 'ressurser' (avfallskoder ewc:, energi energy:, vann "
    "water:, gass gas:, materialer mat:).",
    "4. Mengde og enhet: f.eks. 1200 og tonn/år. Skriv tall uten tusenskille.",
    "5. Radene merket 'eksempel' viser utfylling: slett dem før innsending.",
    "",
    "Kontroll: symbi check FIL.xlsx viser hver feil med ark og rad.",
    NULL,
};

static int write_template(const char *tmp, const symbi_kb *kb, const char **why)
{
	lxw_workbook *wb = workbook_new(tmp);
	if (!wb) {
		*why = "cannot create the workbook";
		return SYMBI_EIO;
	}
	lxw_format *head = workbook_add_format(wb);
	format_set_bold(head);
	format_set_bg_color(head, 0xDDEBF7);
	lxw_format *text = workbook_add_format(wb);
	format_set_num_format(text, "@");
	lxw_worksheet *firms = workbook_add_worksheet(wb, "virksomheter");
	lxw_worksheet *streams = workbook_add_worksheet(wb, "strømmer");
	lxw_worksheet *vocab = workbook_add_worksheet(wb, "ressurser");
	lxw_worksheet *help = workbook_add_worksheet(wb, "veiledning");
	lxw_error e = firms && streams && vocab && help ? LXW_NO_ERROR : LXW_ERROR_MEMORY_MALLOC_FAILED;
	if (!e)
		e = write_columns(wb, firms, firm_columns, sizeof firm_columns / sizeof *firm_columns,
		                  head, text);
	if (!e)
		e = write_columns(wb, streams, stream_columns,
		                  sizeof stream_columns / sizeof *stream_columns, head, text);
	lxw_row_t last = 0;
	if (!e)
		e = write_vocabulary(vocab, kb, head, &last);
	char formula[160];
	snprintf(formula, sizeof formula,
	         "Kode fra arket ressurser (%u koder; filtrer kolonnen navn for å søke), "
	         "f.eks. ewc:030105 sagflis.",
	         (unsigned)last);
	if (!e)
		e = list_validation(streams, 1, directions, LXW_VALIDATION_ERROR_TYPE_STOP,
		                    "retning", "Skriv tilbud eller behov.");
	/* The resource column points to the vocabulary sheet with an input
	 * message. (A list drawn from that sheet would be nicer, but
	 * libxlsxwriter 1.1.5 never frees the formula of such a list, and symbi
	 * stays clean under LeakSanitizer.) */
	lxw_data_validation hint = {0};
	hint.validate = LXW_VALIDATION_TYPE_ANY;
	hint.input_title = "ressurs";
	hint.input_message = formula;
	if (!e)
		e = worksheet_data_validation_range(streams, 1, 2, DATA_ROWS, 2, &hint);
	if (!e)
		e = list_validation(streams, 4, units, LXW_VALIDATION_ERROR_TYPE_WARNING,
		                    "enhet",
		                    "Vanlige enheter: tonn, kg, m³, liter, MWh, kWh, GWh, med /år, "
		                    "/mnd, /uke, /dag eller /time.");
	for (lxw_row_t r = 0; !e && guide[r]; r++)
		e = worksheet_write_string(help, r, 0, guide[r], r == 0 ? head : NULL);
	if (!e)
		e = worksheet_set_column(help, 0, 0, 110, NULL);
	if (!e)
		worksheet_activate(firms);
	lxw_error c = workbook_close(wb); /* writes the file; frees the workbook */
	if (e || c) {
		*why = lxw_strerror(e ? e : c);
		return SYMBI_EIO;
	}
	return 0;
}

int cmd_template(int argc, char **argv)
{
	cli_common common;
	cli_common_init(&common);
	const char *positional[1];
	size_t npos;
	int status = cli_parse(argc, argv, usage, description, NULL, &common, positional, 0, &npos);
	if (status < 0)
		return fflush(stdout) == 0 ? EXIT_OK : EXIT_FAILURE_;
	if (status)
		return status;
	const char *out = common.output;
	if (!out || strcmp(out, "-") == 0) {
		fprintf(stderr, "symbi template: give the workbook to write with -o FILE.xlsx\n");
		return EXIT_USAGE;
	}
	if (!cli_is_workbook(out)) {
		fprintf(stderr, "symbi template: '%s': the workbook's name must end in .xlsx\n", out);
		return EXIT_USAGE;
	}
	symbi_kb *kb = NULL;
	status = cli_load(&common, &kb, NULL, NULL);
	if (status)
		return status;
	/* Written whole or not at all: to a temporary file beside it, renamed
	 * into place (libxlsxwriter writes to a path, not to a stream). */
	size_t n = strlen(out) + 16;
	char *tmp = malloc(n);
	if (!tmp) {
		symbi_kb_free(kb);
		return cli_fail(SYMBI_ENOMEM, NULL);
	}
	snprintf(tmp, n, "%s.tmpXXXXXX", out);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		fprintf(stderr, "symbi: %s: cannot write: %s\n", out, strerror(errno));
		free(tmp);
		symbi_kb_free(kb);
		return EXIT_FAILURE_;
	}
	mode_t mask = umask(0); /* mkstemp makes the file 0600: give it the usual permissions */
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	close(fd);
	const char *why = NULL;
	int rc = write_template(tmp, kb, &why);
	if (!rc && cli_interrupted) {
		rc = SYMBI_EIO;
		why = "interrupted";
	}
	if (!rc && rename(tmp, out) != 0) {
		rc = SYMBI_EIO;
		why = strerror(errno);
	}
	if (rc) {
		fprintf(stderr, "symbi: %s: not written: %s\n", out, why ? why : "write error");
		unlink(tmp);
		status = EXIT_FAILURE_;
	}
	free(tmp);
	symbi_kb_free(kb);
	return status;
}
