/*
 * learn_table.c: the table of documented exchanges that `symbi learn`
 * learns from (columns case_id, ewc, receiver_nace; optional exchange_id,
 * provider_nace, status, source), read into cases and (code, receiver NACE)
 * atoms, and the corrections table (--corrections) that recodes or drops
 * known miscodings of it before anything is learned (README "symbi learn").
 */
#include <stdlib.h>
#include <string.h>

#include "corrections.h"
#include "csvio.h"
#include "evidence.h"
#include "learn_internal.h"
#include "legal.h"

static bool correct_atom(exchanges *ex, const char *case_id, const char **code, const char *nace);
static int corrections_read(exchanges *ex, const char *path);
static void corrections_report(const exchanges *ex);

/* ==== The exchanges table ========================================================== */

enum { EX_CASE, EX_EWC, EX_RECV, EX_ID, EX_PROV, EX_STATUS, EX_SOURCE, EX_NCOLS };
static const char *const ex_cols[] = {"case_id",       "ewc",    "receiver_nace", "exchange_id",
                                      "provider_nace", "status", "source"};

static void ex_err(exchanges *ex, uint32_t line, const char *column, const char *fmt, ...)
    SYMBI_PRINTF(4, 5);
static void ex_err(exchanges *ex, uint32_t line, const char *column, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ex->errors++;
	symbi__vdiag(ex->diags, SYMBI_SEV_ERROR, ex->path, line, column, fmt, ap);
	va_end(ap);
}

#define ex_field(ex, row, k) symbi__csv_field(row, (ex)->col[k])

/* Natural order of case ids: numbers by value ("3" before "17"), then text. */
static int case_cmp(const char *a, const char *b)
{
	bool da = *a && strspn(a, "0123456789") == strlen(a);
	bool db = *b && strspn(b, "0123456789") == strlen(b);
	if (da && db) {
		while (*a == '0' && a[1])
			a++;
		while (*b == '0' && b[1])
			b++;
		size_t la = strlen(a), lb = strlen(b);
		if (la != lb)
			return la < lb ? -1 : 1;
		return strcmp(a, b);
	}
	if (da != db)
		return da ? -1 : 1;
	return strcmp(a, b);
}

static int32_t intern_case(exchanges *ex, const char *id)
{
	int32_t c = symbi__map_get(&ex->case_index, id);
	if (c >= 0)
		return c;
	if (ex->ncases >= INT32_MAX ||
	    symbi__grow((void **)&ex->cases, &ex->capcases, ex->ncases + 1, sizeof *ex->cases))
		return SYMBI_ENOMEM;
	ex_case *k = &ex->cases[ex->ncases];
	memset(k, 0, sizeof *k);
	k->id = symbi__arena_strdup(&ex->arena, id);
	if (!k->id || symbi__map_put(&ex->case_index, k->id, (int32_t)ex->ncases))
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	return (int32_t)ex->ncases++;
}

static int add_cite(exchanges *ex, ex_case *k, const char *src)
{
	if (!*src)
		return 0;
	const char *cite = symbi__short_cite(&ex->arena, src);
	if (!cite)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	for (size_t i = 0; i < k->ncites; i++)
		if (strcmp(k->cites[i], cite) == 0)
			return 0;
	if (symbi__grow((void **)&k->cites, &k->capcites, k->ncites + 1, sizeof *k->cites))
		return SYMBI_ENOMEM;
	k->cites[k->ncites++] = cite;
	return 0;
}

/* Split a ';' list in place into at most `max` trimmed, non-empty items. */
static size_t split_list(char *s, char **items, size_t max)
{
	size_t n = 0;
	for (char *p = s;;) {
		char *semi = strchr(p, ';');
		if (semi)
			*semi = '\0';
		symbi__trim(p);
		if (*p && n < max)
			items[n++] = p;
		else if (*p)
			n = max + 1; /* too many: the caller reports it */
		if (!semi)
			break;
		p = semi + 1;
	}
	return n;
}

#define MAX_LIST 16

static int ex_row(void *ctx, const symbi__csv_row *row)
{
	exchanges *ex = ctx;
	if (!ex->have_header) {
		ex->have_header = true;
		symbi__csv_columns(row, ex_cols, EX_NCOLS, ex->col);
		size_t missing =
		    symbi__csv_missing(row, ex_cols, EX_NCOLS, ex->col,
		                       1u << EX_CASE | 1u << EX_EWC | 1u << EX_RECV, ex->path, ex->diags);
		ex->errors += missing;
		return missing ? SYMBI_EINPUT : 0;
	}
	if (symbi__csv_blank(row))
		return 0;
	uint32_t line = row->line;
	size_t errors = ex->errors;
	const char *id = ex_field(ex, row, EX_CASE);
	if (!*id)
		ex_err(ex, line, "case_id", "missing case_id");

	/* Copies, since split_list writes into them. */
	char ewc[512], recv[512], prov[512];
	const char *cols[3] = {ex_field(ex, row, EX_EWC), ex_field(ex, row, EX_RECV),
	                       ex_field(ex, row, EX_PROV)};
	char *bufs[3] = {ewc, recv, prov};
	static const int which[3] = {EX_EWC, EX_RECV, EX_PROV};
	for (int k = 0; k < 3; k++) {
		if (strlen(cols[k]) >= sizeof ewc) {
			ex_err(ex, line, ex_cols[which[k]], "value too long");
			return 0;
		}
		strcpy(bufs[k], cols[k]);
	}
	char *codes[MAX_LIST + 1], *recvs[MAX_LIST + 1], *provs[MAX_LIST + 1];
	size_t ncodes = split_list(ewc, codes, MAX_LIST);
	size_t nrecv = split_list(recv, recvs, MAX_LIST);
	size_t nprov = split_list(prov, provs, MAX_LIST);
	if (ncodes == 0)
		ex_err(ex, line, "ewc", "missing EWC code");
	if (ncodes > MAX_LIST || nrecv > MAX_LIST || nprov > MAX_LIST) {
		ex_err(ex, line, NULL, "more than %d codes in one field", MAX_LIST);
		return 0;
	}
	const char *ncode[MAX_LIST], *nnace[MAX_LIST];
	for (size_t i = 0; i < ncodes; i++) {
		char norm[32];
		if (symbi_code_normalise(codes[i], norm, sizeof norm) != 0 ||
		    strncmp(norm, "ewc:", 4) != 0) {
			ex_err(ex, line, "ewc", "'%s' is not an EWC code", codes[i]);
			continue;
		}
		if (ex->kb && symbi_kb_find(ex->kb, norm) < 0) {
			int32_t s[1];
			size_t ns = symbi_kb_suggest(ex->kb, norm, s, 1);
			ex_err(ex, line, "ewc", "unknown EWC code '%s'%s%s%s", norm,
			       ns ? " (did you mean '" : "",
			       ns ? symbi_kb_code(ex->kb, s[0])->code : "", ns ? "'?)" : "");
			continue;
		}
		ncode[i] = symbi__arena_strdup(&ex->arena, norm);
		if (!ncode[i])
			return ex->rc = symbi__error(SYMBI_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < nrecv; i++) {
		char norm[16];
		if (symbi__nace_plausible(recvs[i], norm, sizeof norm) != 0) {
			ex_err(ex, line, "receiver_nace", "'%s' is not a NACE Rev. 2 code",
			       recvs[i]);
			continue;
		}
		nnace[i] = symbi__arena_strdup(&ex->arena, norm);
		if (!nnace[i])
			return ex->rc = symbi__error(SYMBI_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < nprov; i++) {
		char norm[16];
		if (symbi__nace_plausible(provs[i], norm, sizeof norm) != 0)
			ex_err(ex, line, "provider_nace", "'%s' is not a NACE Rev. 2 code",
			       provs[i]);
	}
	if (ex->errors != errors)
		return 0;
	if (nrecv == 0) {
		/* The receiver's sector is unknown: the exchange is real but shows
		 * no sector, so it neither teaches a rule nor tests one. */
		symbi__diag(ex->diags, SYMBI_SEV_WARNING, ex->path, line, "receiver_nace",
		            "no receiver_nace: exchange left out");
		return 0;
	}
	int32_t c = intern_case(ex, id);
	if (c < 0)
		return ex->rc = c;
	if (add_cite(ex, &ex->cases[c], ex_field(ex, row, EX_SOURCE)))
		return ex->rc = SYMBI_ENOMEM;
	if (ex->nrows >= UINT32_MAX ||
	    symbi__grow((void **)&ex->row_case, &ex->caprows, ex->nrows + 1, sizeof *ex->row_case))
		return ex->rc = SYMBI_ENOMEM;
	ex->row_case[ex->nrows] = (uint32_t)c;
	size_t dropped = 0;
	for (size_t i = 0; i < ncodes; i++)
		for (size_t j = 0; j < nrecv; j++) {
			const char *code = ncode[i];
			if (!correct_atom(ex, id, &code, nnace[j])) {
				dropped++;
				continue; /* a known miscoding, dropped */
			}
			if (symbi__grow((void **)&ex->atoms, &ex->capatoms, ex->natoms + 1,
			                sizeof *ex->atoms))
				return ex->rc = SYMBI_ENOMEM;
			ex->atoms[ex->natoms++] =
			    (atom){(uint32_t)ex->nrows, (uint32_t)c, code, nnace[j]};
		}
	/* A row the corrections drop whole is not an exchange of any waste:
	 * it is not kept (coverage does not count it). */
	if (!dropped || dropped < ncodes * nrecv)
		ex->nrows++;
	return 0;
}

void symbi__learn_table_free(exchanges *ex)
{
	for (size_t i = 0; i < ex->ncases; i++)
		free(ex->cases[i].cites);
	free(ex->cases);
	free(ex->atoms);
	free(ex->row_case);
	free(ex->corr);
	symbi__map_clear(&ex->case_index);
	symbi__arena_clear(&ex->arena);
}

typedef struct case_ref {
	const char *id;
	uint32_t idx;
} case_ref;

static int cmp_case_ref(const void *a, const void *b)
{
	return case_cmp(((const case_ref *)a)->id, ((const case_ref *)b)->id);
}

int symbi__learn_table_read(exchanges *ex, const char *path, const symbi_learn_options *opt,
                            symbi_diags *diags)
{
	memset(ex, 0, sizeof *ex);
	ex->path = path;
	ex->diags = diags;
	ex->kb = opt->kb;
	size_t before = symbi_diags_errors(diags);
	int rc = corrections_read(ex, opt->corrections);
	if (rc)
		return rc;
	rc = symbi__csv_read(path, NULL, ex_row, ex, diags);
	if (ex->rc)
		return ex->rc;
	if (rc == SYMBI_ENOMEM || rc == SYMBI_EIO)
		return rc;
	/* Records the reader rejected (invalid UTF-8) never reach ex_row. */
	if (symbi_diags_errors(diags) - before > ex->errors)
		ex->errors = symbi_diags_errors(diags) - before;
	if (rc || ex->errors)
		return symbi__error(SYMBI_EINPUT, "%s: %zu error%s", path, ex->errors,
		                    ex->errors == 1 ? "" : "s");
	corrections_report(ex);
	/* Rank the cases in natural order, for sorting and for citing. */
	case_ref *order = malloc((ex->ncases ? ex->ncases : 1) * sizeof *order);
	if (!order)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	for (size_t i = 0; i < ex->ncases; i++)
		order[i] = (case_ref){ex->cases[i].id, (uint32_t)i};
	qsort(order, ex->ncases, sizeof *order, cmp_case_ref);
	for (size_t i = 0; i < ex->ncases; i++)
		ex->cases[order[i].idx].rank = (uint32_t)i;
	free(order);
	return 0;
}

/* ==== Corrections of the table (issue 13) ==========================================
 * The first of the two things that keep `symbi learn` from teaching the
 * matcher what the law forbids (the refused rules are in learn.c): a
 * corrections table (--corrections FILE; datasets/exchange_corrections.csv
 * for the shipped table) recodes or drops known miscodings of the exchange
 * table, each row with its reason, and every correction used is reported. */

static int corrections_read(exchanges *ex, const char *path)
{
	if (!path)
		return 0;
	ex->corr_path = symbi__learn_base_name(path);
	size_t cap = 0, errors = 0;
	int rc = symbi__corrections_read(path, &ex->arena, ex->diags, &ex->corr, &ex->ncorr, &cap,
	                                 &errors);
	if (rc == SYMBI_ENOMEM)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	if (rc == SYMBI_EIO)
		return rc;
	if (rc || errors)
		return symbi__error(SYMBI_EINPUT, "%s: %zu error%s", path, errors,
		                    errors == 1 ? "" : "s");
	return 0;
}

/* Apply the first correction that matches (case, code, receiver): false
 * when the atom is dropped, else *code may be recoded. */
static bool correct_atom(exchanges *ex, const char *case_id, const char **code, const char *nace)
{
	for (size_t i = 0; i < ex->ncorr; i++) {
		symbi__correction *c = &ex->corr[i];
		if (strcmp(c->ewc, *code) != 0 || (c->case_id && strcmp(c->case_id, case_id) != 0) ||
		    (c->nace && !symbi__legal_nace_list_under(nace, (const char *const[]){c->nace, NULL})))
			continue;
		c->used++;
		if (!c->to)
			return false;
		*code = c->to;
		return true;
	}
	return true;
}

static void corrections_report(const exchanges *ex)
{
	for (size_t i = 0; i < ex->ncorr; i++) {
		const symbi__correction *c = &ex->corr[i];
		if (c->to)
			symbi__diag(ex->diags, SYMBI_SEV_WARNING, ex->path, 0, "ewc",
			            "%s recoded to %s in %u exchange%s (%s:%u: %s)", c->ewc, c->to,
			            c->used, c->used == 1 ? "" : "s", ex->corr_path, c->line, c->reason);
		else
			symbi__diag(ex->diags, SYMBI_SEV_WARNING, ex->path, 0, "ewc",
			            "%s dropped from %u exchange%s (%s:%u: %s)", c->ewc, c->used,
			            c->used == 1 ? "" : "s", ex->corr_path, c->line, c->reason);
	}
}

const char *symbi__learn_base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

int64_t symbi__learn_find_case(const exchanges *ex, const char *id)
{
	return id ? symbi__map_get(&ex->case_index, id) : -1;
}
