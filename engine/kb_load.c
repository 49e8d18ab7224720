/*
 * kb_load.c: reading the knowledge base — the European List of Waste, the
 * rules, the scorer's factors, the equivalences (datasets/FORMATS.md) and a
 * JSON file of factor overrides; the resource taxonomy with its per-code
 * figures is read in kb_taxonomy.c through the same loader (kb_load.h).
 *
 * Every loader reads through symbi__csv_read, reports each bad row as
 * FILE:LINE with the column, goes on to the end of the file so that all the
 * problems are seen at once, and returns SYMBI_EINPUT when it reported an
 * error. Rows with errors are not added.
 */
#include <cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kb_load.h"
#include "legal.h"

/* ==== What every loader shares (kb_load.h) ========================================= */

typedef symbi__loader loader;
#define lerr symbi__loader_error
#define lwarn symbi__loader_warning
#define fld symbi__loader_field
#define suggest_codes symbi__loader_suggest

void symbi__loader_error(loader *ld, uint32_t line, const char *column, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ld->errors++;
	symbi__vdiag(ld->diags, SYMBI_SEV_ERROR, ld->path, line, column, fmt, ap);
	va_end(ap);
}

void symbi__loader_warning(loader *ld, uint32_t line, const char *column, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	symbi__vdiag(ld->diags, SYMBI_SEV_WARNING, ld->path, line, column, fmt, ap);
	va_end(ap);
}

int symbi__loader_init(loader *ld, symbi_kb *kb, const char *path, symbi_diags *diags,
                       const char *const *names, size_t nnames, unsigned required,
                       symbi__loader_row_fn row)
{
	memset(ld, 0, sizeof *ld);
	ld->kb = kb;
	ld->path = path;
	ld->diags = diags;
	ld->names = names;
	ld->nnames = nnames;
	ld->required = required;
	ld->row = row;
	ld->errors_before = symbi_diags_errors(diags);
	for (size_t i = 0; i < SYMBI__LOADER_MAX_COLS; i++)
		ld->col[i] = -1;
	if (!path)
		return symbi__error(SYMBI_EQUERY, "no file given");
	if (kb->finished)
		return symbi__error(
		    SYMBI_EQUERY, "%s: knowledge base already finished: load files before using it",
		    path);
	ld->file = symbi__arena_strdup(&kb->arena, path);
	if (!ld->file)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	return 0;
}

/* The header row maps the names (trimmed, case-insensitive) to the known
 * columns and reports missing required ones; blank rows are skipped. */
static int loader_row(void *ctx, const symbi__csv_row *row)
{
	loader *ld = ctx;
	if (!ld->have_header) {
		ld->have_header = true;
		symbi__csv_columns(row, ld->names, ld->nnames, ld->col);
		size_t missing = symbi__csv_missing(row, ld->names, ld->nnames, ld->col,
		                                    ld->required, ld->path, ld->diags);
		ld->errors += missing;
		ld->header_bad = missing > 0;
		if (!ld->header_bad && ld->header)
			ld->header(ld, row);
		return ld->header_bad ? SYMBI_EINPUT : 0;
	}
	if (symbi__csv_blank(row))
		return 0;
	return ld->row(ld, row);
}

int symbi__loader_read(loader *ld)
{
	return symbi__csv_read(ld->path, NULL, loader_row, ld, ld->diags);
}

const char *symbi__loader_field(const loader *ld, const symbi__csv_row *row, size_t k)
{
	return symbi__csv_field(row, ld->col[k]);
}

/* "(did you mean 'a', 'b' or 'c'?)" for an unknown code, "" when nothing is close. */
#define MAX_SUGGESTED 100

void symbi__loader_suggest(loader *ld, const char *bad, char *buf, size_t size)
{
	const symbi_kb *kb = ld->kb;
	int32_t s[3];
	buf[0] = '\0';
	/* A file of a million unknown codes should not cost a million scans. */
	if (ld->suggested >= MAX_SUGGESTED)
		return;
	ld->suggested++;
	size_t n = symbi_kb_suggest(kb, bad, s, 3);
	if (n == 0 || size < 32)
		return;
	size_t used = (size_t)snprintf(buf, size, " (did you mean ");
	for (size_t i = 0; i < n && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s'%s'",
		                         i == 0       ? ""
		                         : i + 1 == n ? " or "
		                                      : ", ",
		                         kb->codes[s[i]].code);
	if (used < size)
		snprintf(buf + used, size - used, "?)");
}

/* Normalise and look up a code; reports the error itself. Returns the index,
 * or -1 after reporting. */
static int32_t known_code(loader *ld, uint32_t line, const char *column, const char *text)
{
	char norm[128], hint[256];
	if (symbi_code_normalise(text, norm, sizeof norm) != 0) {
		lerr(ld, line, column, "'%s' is not a resource code (column '%s')", text, column);
		return -1;
	}
	int32_t i = symbi_kb_find(ld->kb, norm);
	if (i < 0) {
		suggest_codes(ld, norm, hint, sizeof hint);
		lerr(ld, line, column, "unknown resource code '%s' in column '%s'%s", norm, column,
		     hint);
	}
	return i;
}

int symbi__loader_finish(loader *ld, int rc)
{
	if (ld->rc)
		return ld->rc;
	if (rc == SYMBI_ENOMEM || rc == SYMBI_EIO)
		return rc;
	/* Records the reader rejected (invalid UTF-8) never reach the loader. */
	size_t seen = symbi_diags_errors(ld->diags) - ld->errors_before;
	if (seen > ld->errors)
		ld->errors = seen;
	if (rc || ld->errors) {
		return symbi__error(SYMBI_EINPUT, "%s: %zu error%s", ld->path, ld->errors,
		                    ld->errors == 1 ? "" : "s");
	}
	return 0;
}

/* Set up, read and finish a file whose loader needs no context of its own. */
static int load_table(symbi_kb *kb, const char *path, symbi_diags *diags,
                      const char *const *names, size_t nnames, unsigned required,
                      symbi__loader_row_fn row)
{
	loader ld;
	int rc = symbi__loader_init(&ld, kb, path, diags, names, nnames, required, row);
	if (rc)
		return rc;
	return symbi__loader_finish(&ld, symbi__loader_read(&ld));
}

/* ==== ewc.csv ===========================================================================
 * The official list, one entry per row, with its chapter and sub-chapter
 * titles repeated on every row: the chapter `ewc:DD` and sub-chapter
 * `ewc:DDDD` become group codes, the ancestors of their entries. */

enum { EWC_CODE, EWC_DESC, EWC_HAZ, EWC_CHAPTER, EWC_SUB, EWC_NCOLS };
static const char *const ewc_cols[] = {"code", "description", "hazardous", "chapter",
                                       "sub_chapter"};

static int parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = {"true", "yes", "1", "y"};
	static const char *const no[] = {"false", "no", "0", "n", ""};
	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
		if (symbi__strcasecmp(s, yes[i]) == 0)
			return *out = true, 0;
	for (size_t i = 0; i < sizeof no / sizeof *no; i++)
		if (symbi__strcasecmp(s, no[i]) == 0)
			return *out = false, 0;
	return SYMBI_EINPUT;
}

/* symbi__kb_add_code failed: a conflict is this row's error, anything else
 * stops the file. */
static int add_failed(loader *ld, uint32_t line, int rc)
{
	if (rc != SYMBI_EINPUT)
		return ld->rc = rc;
	lerr(ld, line, "code", "%s", symbi_last_error());
	return 0;
}

static int ewc_row(loader *ld, const symbi__csv_row *row)
{
	symbi_kb *kb = ld->kb;
	const char *raw = fld(ld, row, EWC_CODE);
	char code[16];
	if (symbi_code_normalise(raw, code, sizeof code) != 0 || strncmp(code, "ewc:", 4) != 0 ||
	    strlen(code) != 10) {
		lerr(ld, row->line, "code", "'%s' is not a 6-digit EWC code", raw);
		return 0;
	}
	bool haz = strchr(raw, '*') != NULL, flag;
	if (parse_bool(fld(ld, row, EWC_HAZ), &flag) != 0) {
		lerr(ld, row->line, "hazardous", "'%s' is not true or false",
		     fld(ld, row, EWC_HAZ));
		return 0;
	}
	haz = haz || flag;
	if (symbi_kb_find(kb, code) >= 0) {
		lerr(ld, row->line, "code", "'%s' listed twice", code);
		return 0;
	}
	char chapter[12], sub[12];
	snprintf(chapter, sizeof chapter, "%.6s", code);
	snprintf(sub, sizeof sub, "%.8s", code);
	int32_t ch = symbi__kb_add_code(kb, chapter, fld(ld, row, EWC_CHAPTER), -1,
	                                SYMBI_CLASS_MATERIAL, SYMBI_DIM_MASS);
	if (ch < 0)
		return add_failed(ld, row->line, ch);
	kb->codes[ch].is_group = true;
	int32_t sc = symbi__kb_add_code(kb, sub, fld(ld, row, EWC_SUB), ch, SYMBI_CLASS_MATERIAL,
	                                SYMBI_DIM_MASS);
	if (sc < 0)
		return add_failed(ld, row->line, sc);
	kb->codes[sc].is_group = true;
	int32_t e = symbi__kb_add_code(kb, code, fld(ld, row, EWC_DESC), sc, SYMBI_CLASS_MATERIAL,
	                               SYMBI_DIM_MASS);
	if (e < 0)
		return add_failed(ld, row->line, e);
	kb->codes[e].hazardous = haz;
	return 0;
}

int symbi_kb_load_ewc(symbi_kb *kb, const char *path, symbi_diags *diags)
{
	return load_table(kb, path, diags, ewc_cols, EWC_NCOLS,
	                  1u << EWC_CODE | 1u << EWC_CHAPTER | 1u << EWC_SUB, ewc_row);
}

/* ==== rules.csv ===============================================================================
 * docs/contract.md section 3. A `from` and a `to` are codes or group codes the
 * knowledge base knows; a NACE prefix is normalised to the dotted form and
 * must name a division of NACE Rev. 2. */

enum {
	RU_FROM,
	RU_TO,
	RU_NACE,
	RU_YIELD,
	RU_SOURCE,
	RU_FROM_UNIT,
	RU_TO_UNIT,
	RU_SUPPORT,
	RU_CONDITIONS,
	RU_PROCESS,
	RU_NCOLS
};
static const char *const rule_cols[] = {"from",    "to",         "nace",    "yield",
                                        "source",  "from_unit",  "to_unit", "support",
                                        "conditions", "process"};

/* The divisions of NACE Rev. 2 (Eurostat 2008, Regulation (EC) 1893/2006):
 * 01-99 without 04, 34, 40, 44, 48, 54, 57, 67, 76, 83 and 89. */
static bool nace_division_exists(int d)
{
	static const unsigned char gaps[] = {4, 34, 40, 44, 48, 54, 57, 67, 76, 83, 89};
	if (d < 1 || d > 99)
		return false;
	for (size_t i = 0; i < sizeof gaps; i++)
		if (gaps[i] == d)
			return false;
	return true;
}

int symbi__nace_plausible(const char *in, char *buf, size_t size)
{
	if (symbi__nace_normalise(in, buf, size) != 0)
		return SYMBI_EINPUT;
	int d = (buf[0] - '0') * 10 + (buf[1] - '0');
	return nace_division_exists(d) ? 0 : SYMBI_EINPUT;
}

/* A rule gives either `to` or `nace`: the file needs one of the columns. */
static void rule_header(loader *ld, const symbi__csv_row *row)
{
	if (ld->col[RU_TO] < 0 && ld->col[RU_NACE] < 0) {
		lerr(ld, row->line, NULL, "missing column 'to' or 'nace'");
		ld->header_bad = true;
	}
}

static int rule_row(loader *ld, const symbi__csv_row *row)
{
	symbi_kb *kb = ld->kb;
	uint32_t line = row->line;
	size_t errors = ld->errors;
	symbi_rule r;
	memset(&r, 0, sizeof r);
	r.to = -1;
	r.yield = 1.0;

	const char *from = fld(ld, row, RU_FROM);
	if (!*from)
		lerr(ld, line, "from", "missing 'from' code");
	else
		r.from = known_code(ld, line, "from", from);
	const char *to = fld(ld, row, RU_TO), *nace = fld(ld, row, RU_NACE);
	char nbuf[16];
	if (*to && *nace) {
		lerr(ld, line, "nace", "give either 'to' or 'nace', not both");
	} else if (!*to && !*nace) {
		lerr(ld, line, "to", "give a 'to' code or a 'nace' prefix");
	} else if (*to) {
		r.to = known_code(ld, line, "to", to);
	} else if (symbi__nace_plausible(nace, nbuf, sizeof nbuf) != 0) {
		lerr(ld, line, "nace", "'%s' is not a NACE Rev. 2 code or prefix", nace);
	}
	const char *y = fld(ld, row, RU_YIELD);
	if (*y && (symbi__parse_double(y, &r.yield) != 0 || !(r.yield > 0)))
		lerr(ld, line, "yield", "yield '%s' must be a number > 0", y);
	const char *src = fld(ld, row, RU_SOURCE);
	if (!*src)
		lerr(ld, line, "source", "rule without a source");
	const char *fu = fld(ld, row, RU_FROM_UNIT), *tu = fld(ld, row, RU_TO_UNIT);
	if (*fu || *tu) {
		if (!*fu || !*tu)
			lerr(ld, line, *fu ? "to_unit" : "from_unit",
			     "give both 'from_unit' and 'to_unit', or neither");
		else if (symbi_dim_parse(fu, &r.from_dim) != 0)
			lerr(ld, line, "from_unit", "unknown unit '%s' (t, m3 or MWh)", fu);
		else if (symbi_dim_parse(tu, &r.to_dim) != 0)
			lerr(ld, line, "to_unit", "unknown unit '%s' (t, m3 or MWh)", tu);
	}
	const char *sup = fld(ld, row, RU_SUPPORT);
	int64_t s = 0;
	if (*sup && symbi__parse_int64(sup, 1, UINT32_MAX, &s) != 0)
		lerr(ld, line, "support", "support '%s' must be a whole number >= 1", sup);
	r.support = (uint32_t)s;
	/* Both columns are optional: rule files written before them stay valid. */
	const char *cond = fld(ld, row, RU_CONDITIONS), *proc = fld(ld, row, RU_PROCESS);
	if (*proc && !symbi__legal_process_known(proc))
		lerr(ld, line, "process", "unknown process '%s' (known: %s)", proc,
		     symbi__legal_process_names());
	if (ld->errors != errors)
		return 0;

	const char *key =
	    symbi__arena_printf(&kb->arena, "%s\x1f%s\x1f%s", kb->codes[r.from].code,
	                        r.to >= 0 ? kb->codes[r.to].code : "", r.to >= 0 ? "" : nbuf);
	if (!key)
		return ld->rc = symbi__error(SYMBI_ENOMEM, "out of memory");
	int32_t dup = symbi__map_get(&kb->rule_keys, key);
	if (dup >= 0) {
		const symbi_rule *o = &kb->rules[dup];
		const char *what = r.to >= 0 ? kb->codes[r.to].code : nbuf;
		if (o->yield == r.yield && o->from_dim == r.from_dim && o->to_dim == r.to_dim)
			lwarn(ld, line, NULL,
			      "duplicate rule '%s' -> '%s' (first at %s:%u); ignored",
			      kb->codes[r.from].code, what, o->file, o->line);
		else
			lerr(ld, line, "yield",
			     "rule '%s' -> '%s' conflicts with %s:%u (yield %g there, %g here)",
			     kb->codes[r.from].code, what, o->file, o->line, o->yield, r.yield);
		return 0;
	}
	r.nace = r.to >= 0 ? NULL : symbi__arena_strdup(&kb->arena, nbuf);
	r.source = symbi__arena_strdup(&kb->arena, src);
	r.conditions = *cond ? symbi__arena_strdup(&kb->arena, cond) : NULL;
	r.process = *proc ? symbi__arena_strdup(&kb->arena, proc) : NULL;
	if ((*cond && !r.conditions) || (*proc && !r.process))
		return ld->rc = symbi__error(SYMBI_ENOMEM, "out of memory");
	r.file = ld->file;
	r.line = line;
	if ((r.to < 0 && !r.nace) || !r.source)
		return ld->rc = symbi__error(SYMBI_ENOMEM, "out of memory");
	if (kb->nrules >= INT32_MAX ||
	    symbi__grow((void **)&kb->rules, &kb->caprules, kb->nrules + 1, sizeof *kb->rules) ||
	    symbi__map_put(&kb->rule_keys, key, (int32_t)kb->nrules))
		return ld->rc = SYMBI_ENOMEM;
	kb->rules[kb->nrules++] = r;
	return 0;
}

int symbi_kb_load_rules(symbi_kb *kb, const char *path, symbi_diags *diags)
{
	loader ld;
	int rc = symbi__loader_init(&ld, kb, path, diags, rule_cols, RU_NCOLS,
	                            1u << RU_FROM | 1u << RU_SOURCE, rule_row);
	if (rc)
		return rc;
	ld.header = rule_header;
	return symbi__loader_finish(&ld, symbi__loader_read(&ld));
}

/* ==== scoring.csv ==============================================================================
 * Factors by key. A later file may redefine a key (its value, unit and
 * source win); the same key twice in one file is an error. */

enum { SC_KEY, SC_VALUE, SC_UNIT, SC_SOURCE, SC_NCOLS };
static const char *const scoring_cols[] = {"key", "value", "unit", "source"};

typedef struct scoring_ctx {
	loader ld;
	symbi__map seen; /* keys of this file */
} scoring_ctx;

static int scoring_row(loader *ld, const symbi__csv_row *row)
{
	scoring_ctx *sc = (scoring_ctx *)ld; /* ld is its first member */
	symbi_kb *kb = ld->kb;
	uint32_t line = row->line;
	const char *key = fld(ld, row, SC_KEY), *val = fld(ld, row, SC_VALUE);
	const char *src = fld(ld, row, SC_SOURCE);
	size_t errors = ld->errors;
	double v = 0;
	if (!*key || strpbrk(key, " \t\"") != NULL)
		lerr(ld, line, "key", "'%s' is not a factor key", key);
	if (symbi__parse_double(val, &v) != 0)
		lerr(ld, line, "value", "factor '%s': value '%s' is not a number", key, val);
	if (!*src)
		lerr(ld, line, "source", "factor '%s' without a source", key);
	if (ld->errors != errors)
		return 0;
	int32_t prev = symbi__map_get(&sc->seen, key);
	if (prev >= 0) {
		lerr(ld, line, "key", "factor '%s' given twice (first at line %d)", key, prev);
		return 0;
	}
	int32_t i = symbi__map_get(&kb->factor_index, key);
	if (i < 0) {
		if (kb->nfactors >= INT32_MAX || symbi__grow((void **)&kb->factors, &kb->capfactors,
		                                             kb->nfactors + 1, sizeof *kb->factors))
			return ld->rc = SYMBI_ENOMEM;
		i = (int32_t)kb->nfactors;
		symbi_factor *f = &kb->factors[i];
		memset(f, 0, sizeof *f);
		f->key = symbi__arena_strdup(&kb->arena, key);
		if (!f->key || symbi__map_put(&kb->factor_index, f->key, i))
			return ld->rc = symbi__error(SYMBI_ENOMEM, "out of memory");
		kb->nfactors++;
	}
	symbi_factor *f = &kb->factors[i];
	f->value = v;
	f->unit = symbi__arena_strdup(&kb->arena, fld(ld, row, SC_UNIT));
	f->source = symbi__arena_strdup(&kb->arena, src);
	if (!f->unit || !f->source || symbi__map_put(&sc->seen, f->key, (int32_t)line))
		return ld->rc = symbi__error(SYMBI_ENOMEM, "out of memory");
	return 0;
}

int symbi_kb_load_scoring(symbi_kb *kb, const char *path, symbi_diags *diags)
{
	scoring_ctx sc;
	memset(&sc, 0, sizeof sc);
	int rc = symbi__loader_init(&sc.ld, kb, path, diags, scoring_cols, SC_NCOLS,
	                            1u << SC_KEY | 1u << SC_VALUE | 1u << SC_SOURCE, scoring_row);
	if (rc)
		return rc;
	rc = symbi__loader_finish(&sc.ld, symbi__loader_read(&sc.ld));
	symbi__map_clear(&sc.seen);
	return rc;
}

/* ==== equivalences.csv ========================================================================
 * Which codes are exactly which material, so that an avoided-emission figure
 * given on the material (mat:metal.aluminium-scrap) reaches the waste codes
 * that are that material (ewc:170402 aluminium). A code that may be several
 * materials (ewc:120103 non-ferrous filings) has no line: its figure stays
 * unknown. */

enum { EQ_CODE, EQ_MATERIAL, EQ_SOURCE, EQ_NOTE, EQ_NCOLS };
static const char *const equiv_cols[] = {"code", "material", "source", "note"};

static int equiv_row(loader *ld, const symbi__csv_row *row)
{
	symbi_kb *kb = ld->kb;
	uint32_t line = row->line;
	int32_t code = known_code(ld, line, "code", fld(ld, row, EQ_CODE));
	int32_t mat = known_code(ld, line, "material", fld(ld, row, EQ_MATERIAL));
	const char *src = fld(ld, row, EQ_SOURCE);
	if (!*src)
		lerr(ld, line, "source", "equivalence without a source");
	if (code < 0 || mat < 0 || !*src)
		return 0;
	if (code == mat || symbi_kb_is_ancestor(kb, code, mat) ||
	    symbi_kb_is_ancestor(kb, mat, code)) {
		lerr(ld, line, "material", "'%s' and '%s' are one hierarchy: no equivalence needed",
		     kb->codes[code].code, kb->codes[mat].code);
		return 0;
	}
	if (kb->codes[code].dim != kb->codes[mat].dim) {
		lerr(ld, line, "material", "'%s' is measured in %s, '%s' in %s",
		     kb->codes[code].code, symbi_dim_unit(kb->codes[code].dim),
		     kb->codes[mat].code, symbi_dim_unit(kb->codes[mat].dim));
		return 0;
	}
	if (symbi__grow((void **)&kb->equiv, &kb->capequiv, kb->nequiv + 1, sizeof *kb->equiv))
		return ld->rc = SYMBI_ENOMEM;
	const char *s = symbi__arena_strdup(&kb->arena, src);
	if (!s)
		return ld->rc = symbi__error(SYMBI_ENOMEM, "out of memory");
	kb->equiv[kb->nequiv++] = (struct symbi__equiv){code, mat, s, ld->file, line};
	return 0;
}

int symbi_kb_load_equivalences(symbi_kb *kb, const char *path, symbi_diags *diags)
{
	return load_table(kb, path, diags, equiv_cols, EQ_NCOLS,
	                  1u << EQ_CODE | 1u << EQ_MATERIAL | 1u << EQ_SOURCE, equiv_row);
}

/* ==== --config FILE.json
 * =========================================================================== An object of factor
 * overrides. Only keys the shipped scoring.csv defines may be set, so a typing mistake is an error
 * rather than a silently unused setting. The file is applied only when it has no error at all. */

#define CONFIG_MAX_BYTES ((size_t)1 << 20)

static uint32_t line_at(const char *text, size_t pos)
{
	uint32_t line = 1;
	for (size_t i = 0; i < pos && text[i]; i++)
		if (text[i] == '\n')
			line++;
	return line;
}

/* The line of `"key"` searched from *from on, or 0 when not found verbatim
 * (a key written with escapes). */
static uint32_t key_line(const char *text, const char *key, size_t *from)
{
	size_t n = strlen(key);
	for (const char *p = text + *from; (p = strchr(p, '"')) != NULL; p++) {
		if (strncmp(p + 1, key, n) == 0 && p[1 + n] == '"') {
			*from = (size_t)(p - text) + n + 2;
			return line_at(text, (size_t)(p - text));
		}
	}
	return 0;
}

int symbi_kb_load_config(symbi_kb *kb, const char *path, symbi_diags *diags)
{
	loader ld;
	int rc = symbi__loader_init(&ld, kb, path, diags, NULL, 0, 0, NULL);
	if (rc)
		return rc;
	char *text = NULL;
	cJSON *root = NULL;
	double *values = NULL;
	int32_t *targets = NULL;
	FILE *f = fopen(path, "rb");
	if (!f) {
		lerr(&ld, 0, NULL, "cannot open: %s", strerror(errno));
		rc = symbi__error(SYMBI_EIO, "%s: cannot open: %s", path, strerror(errno));
		goto done;
	}
	text = malloc(CONFIG_MAX_BYTES + 1);
	if (!text) {
		rc = symbi__error(SYMBI_ENOMEM, "out of memory");
		goto done;
	}
	size_t n = fread(text, 1, CONFIG_MAX_BYTES + 1, f);
	if (ferror(f)) {
		lerr(&ld, 0, NULL, "read error");
		rc = symbi__error(SYMBI_EIO, "%s: read error", path);
		goto done;
	}
	if (n > CONFIG_MAX_BYTES) {
		lerr(&ld, 0, NULL, "larger than %zu bytes", CONFIG_MAX_BYTES);
		goto done;
	}
	text[n] = '\0';
	if (memchr(text, '\0', n)) {
		lerr(&ld, line_at(text, strlen(text)), NULL, "NUL byte: this is not a JSON text");
		goto done;
	}
	if (!symbi__utf8_valid(text, n)) {
		lerr(&ld, 0, NULL, "invalid UTF-8");
		goto done;
	}
	const char *end = NULL;
	root = cJSON_ParseWithLengthOpts(text, n + 1, &end, true); /* with the NUL */
	if (!root) {
		size_t pos = end && end >= text && end <= text + n ? (size_t)(end - text) : 0;
		lerr(&ld, line_at(text, pos), NULL, "not valid JSON");
		goto done;
	}
	if (!cJSON_IsObject(root)) {
		lerr(&ld, 1, NULL,
		     "expected a JSON object of factor keys and numbers, e.g. "
		     "{\"road.detour_factor\": 1.25}");
		goto done;
	}
	size_t count = (size_t)cJSON_GetArraySize(root);
	values = calloc(count ? count : 1, sizeof *values);
	targets = calloc(count ? count : 1, sizeof *targets);
	if (!values || !targets) {
		rc = symbi__error(SYMBI_ENOMEM, "out of memory");
		goto done;
	}
	const char **keys = NULL;
	size_t k = 0, search = 0;
	for (const cJSON *it = root->child; it; it = it->next, k++) {
		const char *key = it->string ? it->string : "";
		uint32_t line = key_line(text, key, &search);
		int32_t fi = symbi__map_get(&kb->factor_index, key);
		targets[k] = fi;
		if (fi < 0) {
			char hint[160] = "";
			if (!keys)
				keys = malloc((kb->nfactors ? kb->nfactors : 1) * sizeof *keys);
			if (keys) {
				for (size_t j = 0; j < kb->nfactors; j++)
					keys[j] = kb->factors[j].key;
				size_t best;
				if (symbi__suggest_strings(key, keys, kb->nfactors, &best, 1) == 1)
					snprintf(hint, sizeof hint, " (did you mean '%s'?)",
					         kb->factors[best].key);
			}
			lerr(&ld, line, key, "unknown factor key '%s'%s", key, hint);
			continue;
		}
		for (const cJSON *o = root->child; o != it; o = o->next)
			if (o->string && strcmp(o->string, key) == 0) {
				lerr(&ld, line, key, "factor '%s' given twice", key);
				fi = -1;
				break;
			}
		if (fi < 0)
			continue;
		if (!cJSON_IsNumber(it) || !isfinite(it->valuedouble)) {
			lerr(&ld, line, key, "factor '%s' must be a number", key);
			continue;
		}
		if (kb->factors[fi].value >= 0 && it->valuedouble < 0) {
			lerr(&ld, line, key, "factor '%s' must be >= 0 like the shipped value",
			     key);
			continue;
		}
		values[k] = it->valuedouble == 0 ? 0.0 : it->valuedouble;
	}
	free(keys);
	if (ld.errors)
		goto done;
	const char *source = symbi__arena_printf(&kb->arena, "--config %s", path);
	if (!source) {
		rc = symbi__error(SYMBI_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t j = 0; j < count; j++) {
		kb->factors[targets[j]].value = values[j];
		kb->factors[targets[j]].source = source;
	}
done:
	if (f)
		fclose(f);
	free(text);
	free(values);
	free(targets);
	cJSON_Delete(root);
	if (rc)
		return rc;
	return symbi__loader_finish(&ld, 0);
}

/* ==== The shipped folder
 * ============================================================================ */

static bool file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 || errno != ENOENT;
}

int symbi_kb_load_dir(symbi_kb *kb, const char *dir, symbi_diags *diags)
{
	static const struct {
		const char *name;
		int (*load)(symbi_kb *, const char *, symbi_diags *);
		bool required;
		bool codes; /* later files need it: stop when it fails */
	} files[] = {
	    {"ewc.csv", symbi_kb_load_ewc, true, true},
	    {"resources.csv", symbi_kb_load_taxonomy, false, true},
	    {"scoring.csv", symbi_kb_load_scoring, false, false},
	    {"equivalences.csv", symbi_kb_load_equivalences, false, false},
	    {"rules.csv", symbi_kb_load_rules, false, false},
	    {"rules_learned.csv", symbi_kb_load_rules, false, false},
	    {"municipalities_no.csv", symbi_kb_load_municipalities, false, false},
	    {"exchange_corrections.csv", symbi_kb_load_exchange_corrections, false, false},
	    {"exchanges_maestri.csv", symbi_kb_load_exchanges, false, false},
	    {"exchanges_maestri_flows.csv", symbi_kb_load_exchanges, false, false},
	    {"exchanges_curated.csv", symbi_kb_load_exchanges, false, false},
	    {"labels_no.csv", symbi_kb_load_labels, false, false},
	};
	if (!dir)
		return symbi__error(SYMBI_EQUERY, "no knowledge base folder given");
	int result = 0;
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		size_t n = strlen(dir) + strlen(files[i].name) + 2;
		char *path = malloc(n);
		if (!path)
			return symbi__error(SYMBI_ENOMEM, "out of memory");
		snprintf(path, n, "%s/%s", dir, files[i].name);
		int rc = 0;
		if (files[i].required || file_exists(path))
			rc = files[i].load(kb, path, diags);
		free(path);
		if (rc == SYMBI_ENOMEM)
			return rc;
		if (rc && !result)
			result = rc == SYMBI_EIO ? SYMBI_EINPUT : rc;
		if (rc && files[i].codes)
			break;
	}
	if (result)
		return symbi__error(SYMBI_EINPUT, "knowledge base in '%s' has errors", dir);
	return 0;
}
