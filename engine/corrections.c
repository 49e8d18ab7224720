/*
 * corrections.c: reading the table of known miscodings of an exchanges
 * table (corrections.h). O(rows).
 */
#include <string.h>

#include "corrections.h"
#include "csvio.h"

enum { CO_CASE, CO_EWC, CO_RECV, CO_ACTION, CO_TO, CO_REASON, CO_NCOLS };
static const char *const co_cols[] = {"case_id", "ewc", "receiver_nace", "action", "to_ewc",
                                      "reason"};

typedef struct co_reader {
	const char *path;
	symbi__arena *a;
	symbi_diags *diags;
	symbi__correction **rows;
	size_t *n, *cap, errors;
	int col[CO_NCOLS];
	bool have_header;
	int rc;
} co_reader;

#define co_field(cr, row, k) symbi__csv_field(row, (cr)->col[k])

static void co_err(co_reader *cr, uint32_t line, const char *column, const char *msg,
                   const char *v)
{
	cr->errors++;
	symbi__diag(cr->diags, SYMBI_SEV_ERROR, cr->path, line, column, "%s%s%s%s", msg,
	            v ? " '" : "", v ? v : "", v ? "'" : "");
}

static int co_row(void *ctx, const symbi__csv_row *row)
{
	co_reader *cr = ctx;
	if (!cr->have_header) {
		cr->have_header = true;
		symbi__csv_columns(row, co_cols, CO_NCOLS, cr->col);
		cr->errors += symbi__csv_missing(row, co_cols, CO_NCOLS, cr->col,
		                                 1u << CO_EWC | 1u << CO_ACTION | 1u << CO_REASON,
		                                 cr->path, cr->diags);
		return cr->errors ? SYMBI_EINPUT : 0;
	}
	if (symbi__csv_blank(row))
		return 0;
	uint32_t line = row->line;
	size_t errors = cr->errors;
	symbi__correction c = {0};
	c.line = line;
	char code[32], to[32], nace[16];
	const char *v = co_field(cr, row, CO_EWC);
	if (symbi_code_normalise(v, code, sizeof code) != 0 || strncmp(code, "ewc:", 4) != 0)
		co_err(cr, line, "ewc", "not an EWC code", v);
	v = co_field(cr, row, CO_RECV);
	if (*v && symbi__nace_plausible(v, nace, sizeof nace) != 0)
		co_err(cr, line, "receiver_nace", "not a NACE Rev. 2 code or prefix", v);
	const char *recv = *v ? nace : NULL;
	v = co_field(cr, row, CO_ACTION);
	bool recode = symbi__strcasecmp(v, "recode") == 0;
	if (!recode && symbi__strcasecmp(v, "drop") != 0)
		co_err(cr, line, "action", "action must be 'drop' or 'recode', not", v);
	v = co_field(cr, row, CO_TO);
	if (recode && (symbi_code_normalise(v, to, sizeof to) != 0 || strncmp(to, "ewc:", 4) != 0))
		co_err(cr, line, "to_ewc", "'recode' needs an EWC code in to_ewc, not", v);
	else if (!recode && *v)
		co_err(cr, line, "to_ewc", "'drop' takes no to_ewc, not", v);
	const char *reason = co_field(cr, row, CO_REASON);
	if (!*reason)
		co_err(cr, line, "reason", "a correction needs its reason", NULL);
	if (cr->errors != errors)
		return 0;
	const char *cid = co_field(cr, row, CO_CASE);
	c.case_id = *cid ? symbi__arena_strdup(cr->a, cid) : NULL;
	c.ewc = symbi__arena_strdup(cr->a, code);
	c.nace = recv ? symbi__arena_strdup(cr->a, recv) : NULL;
	c.to = recode ? symbi__arena_strdup(cr->a, to) : NULL;
	c.reason = symbi__arena_strdup(cr->a, reason);
	if ((*cid && !c.case_id) || !c.ewc || (recv && !c.nace) || (recode && !c.to) || !c.reason ||
	    symbi__grow((void **)cr->rows, cr->cap, *cr->n + 1, sizeof **cr->rows))
		return cr->rc = SYMBI_ENOMEM;
	(*cr->rows)[(*cr->n)++] = c;
	return 0;
}

int symbi__corrections_read(const char *path, symbi__arena *a, symbi_diags *diags,
                            symbi__correction **rows, size_t *n, size_t *cap, size_t *errors)
{
	co_reader cr = {path, a, diags, rows, n, cap, 0, {-1, -1, -1, -1, -1, -1}, false, 0};
	int rc = symbi__csv_read(path, NULL, co_row, &cr, diags);
	*errors = cr.errors;
	if (cr.rc)
		return cr.rc;
	if (rc == SYMBI_EINPUT && cr.errors)
		return 0; /* a missing column: counted in *errors */
	return rc;
}
