/*
 * learn.c: sector-potential rules learned from a table of documented
 * exchanges (`symbi learn`), and the leave-one-case-out check of how well
 * such rules would have proposed each case's exchanges.
 *
 * The evidence is the case, not the exchange: one park that sends five
 * kinds of ash to one cement works is one piece of evidence that ash feeds
 * cement. So a rule `from -> nace` carries the number of distinct cases that
 * show an exchange of that waste code to a receiver in that NACE prefix,
 * and rules below --min-support cases are not kept.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvio.h"
#include "legal.h"

/* ==== The exchanges table in memory ================================================= */

/* One (waste code, receiver NACE) pair of one exchange row; a row whose ewc
 * or receiver_nace lists several codes joined with ';' gives every pair. */
typedef struct atom {
	uint32_t row;     /* exchange row, 0-based among the kept rows */
	uint32_t casei;   /* index into cases (load order) */
	const char *code; /* normalised EWC code */
	const char *nace; /* normalised receiver NACE code as given */
} atom;

typedef struct ex_case {
	const char *id;
	uint32_t rank;      /* position in the natural order of case ids */
	const char **cites; /* distinct short citations, in order seen */
	size_t ncites, capcites;
} ex_case;

typedef struct exchanges {
	symbi__arena arena;
	const char *path;
	ex_case *cases;
	size_t ncases, capcases;
	symbi__map case_index;
	atom *atoms;
	size_t natoms, capatoms;
	uint32_t *row_case; /* case of each kept row */
	size_t nrows, caprows;
	/* reading */
	int col[8];
	bool have_header, header_bad;
	size_t errors;
	int rc;
	symbi_diags *diags;
	const symbi_kb *kb;
	struct correction *corr; /* --corrections (legal section below) */
	size_t ncorr;
	const char *corr_path;
} exchanges;

static bool correct_atom(exchanges *ex, const char *case_id, const char **code, const char *nace);
static int corrections_read(exchanges *ex, const char *path);
static const char *base_name(const char *path);
static void corrections_report(const exchanges *ex);

enum { EX_CASE, EX_EWC, EX_RECV, EX_ID, EX_PROV, EX_STATUS, EX_SOURCE, EX_NCOLS };
static const char *const ex_cols[] = {"case_id",       "ewc",    "receiver_nace", "exchange_id",
                                      "provider_nace", "status", "source"};

static void ex_err(exchanges *ex, uint32_t line, const char *column, const char *fmt, ...)
    SYMBI_PRINTF(4, 5);
static void ex_err(exchanges *ex, uint32_t line, const char *column, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	ex->errors++;
	symbi__diag(ex->diags, SYMBI_SEV_ERROR, ex->path, line, column, "%s", buf);
}

static const char *ex_field(const exchanges *ex, const symbi__csv_row *row, int k)
{
	int i = ex->col[k];
	if (i < 0 || (size_t)i >= row->nfields)
		return "";
	return symbi__trim(row->fields[i]);
}

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

/* The short citation of a row: its source without a trailing "(via ...)",
 * which names the database the rule's source already names. */
static char *short_cite(symbi__arena *a, const char *src)
{
	size_t n = strlen(src);
	const char *via = NULL;
	for (const char *p = strstr(src, " (via "); p; p = strstr(p + 1, " (via "))
		via = p;
	if (via && n && src[n - 1] == ')' && !strchr(via + 6, '('))
		n = (size_t)(via - src);
	return symbi__arena_strndup(a, src, n);
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
	char *cite = short_cite(&ex->arena, src);
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
		for (size_t i = 0; i < row->nfields; i++) {
			char *h = symbi__trim(row->fields[i]);
			for (int k = 0; k < EX_NCOLS; k++)
				if (ex->col[k] < 0 && symbi__strcasecmp(h, ex_cols[k]) == 0)
					ex->col[k] = (int)i;
		}
		for (int k = EX_CASE; k <= EX_RECV; k++)
			if (ex->col[k] < 0) {
				ex_err(ex, row->line, ex_cols[k], "missing column '%s'",
				       ex_cols[k]);
				ex->header_bad = true;
			}
		return ex->header_bad ? SYMBI_EINPUT : 0;
	}
	bool blank = true;
	for (size_t i = 0; i < row->nfields && blank; i++)
		blank = strspn(row->fields[i], " \t") == row->lens[i];
	if (blank)
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
	for (size_t i = 0; i < ncodes; i++)
		for (size_t j = 0; j < nrecv; j++) {
			const char *code = ncode[i];
			if (!correct_atom(ex, id, &code, nnace[j]))
				continue; /* a known miscoding, dropped */
			if (symbi__grow((void **)&ex->atoms, &ex->capatoms, ex->natoms + 1,
			                sizeof *ex->atoms))
				return ex->rc = SYMBI_ENOMEM;
			ex->atoms[ex->natoms++] =
			    (atom){(uint32_t)ex->nrows, (uint32_t)c, code, nnace[j]};
		}
	ex->nrows++;
	return 0;
}

static void ex_free(exchanges *ex)
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

static int ex_read(exchanges *ex, const char *path, const symbi_learn_options *opt,
                   symbi_diags *diags)
{
	memset(ex, 0, sizeof *ex);
	for (int k = 0; k < 8; k++)
		ex->col[k] = -1;
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

/* ==== Learning ===================================================================== */

typedef struct learned {
	const char *from;
	const char *nace;
	uint32_t support; /* distinct cases */
	uint32_t nex;     /* distinct exchange rows */
	uint32_t ncodes;  /* distinct codes (sub-chapter rules) */
	const char *source;
	bool dropped; /* served by a sub-chapter rule */
	const char *refused; /* why the legal check refused it, NULL if kept */
} learned;

typedef struct learned_set {
	symbi__arena arena;
	learned *rules;
	size_t n, cap;
	learned *refused; /* rules refused by legal_refuse, in from, nace order */
	size_t nrefused;
} learned_set;

static void legal_refuse(learned_set *ls, size_t from, size_t to, const symbi_learn_options *opt);
static int legal_set_aside(learned_set *ls);
static void legal_report(const learned_set *ls, const exchanges *ex, symbi_diags *diags);

/* An atom as seen by one grouping: the rule's from and nace keys. */
typedef struct key_atom {
	const char *from;
	const char *nace;
	const char *code;
	uint32_t rank;
	uint32_t casei;
	uint32_t row;
} key_atom;

static int cmp_key_atom(const void *a_, const void *b_)
{
	const key_atom *a = a_, *b = b_;
	int c = strcmp(a->from, b->from);
	if (!c)
		c = strcmp(a->nace, b->nace);
	if (!c)
		c = a->rank < b->rank ? -1 : a->rank > b->rank;
	if (!c)
		c = strcmp(a->code, b->code);
	if (!c)
		c = a->row < b->row ? -1 : a->row > b->row;
	return c;
}

static int cmp_learned(const void *a_, const void *b_)
{
	const learned *a = a_, *b = b_;
	int c = strcmp(a->from, b->from);
	return c ? c : strcmp(a->nace, b->nace);
}

/* The receiver's NACE code cut to `digits` digits ("23.51" -> "23"). */
static const char *cut_nace(symbi__arena *a, const char *nace, int digits)
{
	size_t keep = digits <= 2 ? 2 : (size_t)digits + 1; /* the dot */
	size_t n = strlen(nace);
	return symbi__arena_strndup(a, nace, n < keep ? n : keep);
}

static const char *rule_source(learned_set *ls, const exchanges *ex, const char *name,
                               const uint32_t *cases, size_t ncases)
{
	/* "NAME (case 3; Cite A)" or "NAME (cases 3, 17; Cite A; Cite B)". */
	size_t cap = 256, used = 0;
	char *buf = malloc(cap);
	if (!buf)
		return NULL;
#define APPEND(...)                                                                                \
	do {                                                                                       \
		for (;;) {                                                                         \
			int w_ = snprintf(buf + used, cap - used, __VA_ARGS__);                    \
			if (w_ < 0) {                                                              \
				free(buf);                                                         \
				return NULL;                                                       \
			}                                                                          \
			if ((size_t)w_ < cap - used) {                                             \
				used += (size_t)w_;                                                \
				break;                                                             \
			}                                                                          \
			char *nb_ = cap < SIZE_MAX / 2 ? realloc(buf, cap * 2) : NULL;             \
			if (!nb_) {                                                                \
				free(buf);                                                         \
				return NULL;                                                       \
			}                                                                          \
			buf = nb_;                                                                 \
			cap *= 2;                                                                  \
		}                                                                                  \
	} while (0)
	APPEND("%s (case%s ", name, ncases == 1 ? "" : "s");
	for (size_t i = 0; i < ncases; i++)
		APPEND("%s%s", i ? ", " : "", ex->cases[cases[i]].id);
	for (size_t i = 0; i < ncases; i++) {
		const ex_case *k = &ex->cases[cases[i]];
		for (size_t j = 0; j < k->ncites; j++) {
			/* The same paper may document several cases: cite it once. */
			bool seen = false;
			for (size_t i2 = 0; i2 < i && !seen; i2++) {
				const ex_case *k2 = &ex->cases[cases[i2]];
				for (size_t j2 = 0; j2 < k2->ncites && !seen; j2++)
					seen = strcmp(k2->cites[j2], k->cites[j]) == 0;
			}
			if (!seen)
				APPEND("; %s", k->cites[j]);
		}
	}
	APPEND(")");
#undef APPEND
	const char *s = symbi__arena_strdup(&ls->arena, buf);
	free(buf);
	return s;
}

/* Group key atoms (sorted) into rules with at least `min_cases` cases and
 * `min_codes` distinct codes. */
static int group_rules(learned_set *ls, const exchanges *ex, key_atom *ka, size_t n,
                       uint32_t min_cases, uint32_t min_codes, const char *name)
{
	uint32_t *cases = malloc((ex->ncases ? ex->ncases : 1) * sizeof *cases);
	/* mark[row] == group number + 1 once the row is counted in the group. */
	uint32_t *mark = calloc(ex->nrows ? ex->nrows : 1, sizeof *mark);
	if (!cases || !mark) {
		free(cases);
		free(mark);
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	}
	int rc = 0;
	uint32_t group = 0;
	for (size_t i = 0; i < n && !rc; group++) {
		size_t j = i;
		size_t ncases = 0, ncodes = 0;
		uint32_t nex = 0;
		const char *last_code = NULL;
		while (j < n && strcmp(ka[j].from, ka[i].from) == 0 &&
		       strcmp(ka[j].nace, ka[i].nace) == 0) {
			/* Sorted by case rank, then code, then row. */
			if (!ncases || cases[ncases - 1] != ka[j].casei) {
				cases[ncases++] = ka[j].casei;
				last_code = NULL;
			}
			if (!last_code || strcmp(last_code, ka[j].code) != 0) {
				/* Distinct codes across cases: count against earlier ones. */
				bool seen = false;
				for (size_t k = i; k < j && !seen; k++)
					seen = strcmp(ka[k].code, ka[j].code) == 0;
				ncodes += !seen;
				last_code = ka[j].code;
			}
			if (mark[ka[j].row] != group + 1) {
				mark[ka[j].row] = group + 1;
				nex++;
			}
			j++;
		}
		if (ncases >= min_cases && ncodes >= min_codes) {
			if (symbi__grow((void **)&ls->rules, &ls->cap, ls->n + 1,
			                sizeof *ls->rules)) {
				rc = SYMBI_ENOMEM;
				break;
			}
			learned *r = &ls->rules[ls->n];
			memset(r, 0, sizeof *r);
			r->from = ka[i].from;
			r->nace = ka[i].nace;
			r->support = (uint32_t)ncases;
			r->nex = nex;
			r->ncodes = (uint32_t)ncodes;
			r->source = rule_source(ls, ex, name, cases, ncases);
			if (!r->source) {
				rc = symbi__error(SYMBI_ENOMEM, "out of memory");
				break;
			}
			ls->n++;
		}
		i = j;
	}
	free(cases);
	free(mark);
	return rc;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

/* Learn from every case but `skip` (-1: none). O(A log A) for A atoms. */
static int learn_rules(const exchanges *ex, const symbi_learn_options *opt, int64_t skip,
                       learned_set *ls)
{
	memset(ls, 0, sizeof *ls);
	const char *name = opt->source_name && *opt->source_name
	                       ? opt->source_name
	                       : symbi__arena_printf(&ls->arena, "documented exchanges in %s",
	                                             base_name(ex->path));
	if (!name)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	int digits = opt->nace_digits ? opt->nace_digits : 2;
	uint32_t min_sup = opt->min_support ? opt->min_support : 1;
	uint32_t sub_sup = opt->subchapter_min_support ? opt->subchapter_min_support : 2;
	if (sub_sup < min_sup)
		sub_sup = min_sup;
	key_atom *ka = malloc((ex->natoms ? ex->natoms : 1) * sizeof *ka);
	if (!ka)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	int rc = 0;
	size_t n = 0;
	for (size_t i = 0; i < ex->natoms; i++) {
		const atom *a = &ex->atoms[i];
		if ((int64_t)a->casei == skip)
			continue;
		const char *nace = cut_nace(&ls->arena, a->nace, digits);
		if (!nace) {
			rc = symbi__error(SYMBI_ENOMEM, "out of memory");
			goto done;
		}
		ka[n++] =
		    (key_atom){a->code, nace, a->code, ex->cases[a->casei].rank, a->casei, a->row};
	}
	qsort(ka, n, sizeof *ka, cmp_key_atom);
	rc = group_rules(ls, ex, ka, n, min_sup, 1, name);
	if (!rc)
		legal_refuse(ls, 0, ls->n, opt);
	if (rc || !opt->subchapter_rules)
		goto done;
	/* Sub-chapter rules: the same, keyed on the code's sub-chapter. */
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		if (strlen(ka[i].code) != 10)
			continue; /* already a group code */
		const char *sub = symbi__arena_strndup(&ls->arena, ka[i].code, 8);
		if (!sub) {
			rc = symbi__error(SYMBI_ENOMEM, "out of memory");
			goto done;
		}
		ka[m] = ka[i];
		ka[m].from = sub;
		m++;
	}
	qsort(ka, m, sizeof *ka, cmp_key_atom);
	size_t first_sub = ls->n;
	rc = group_rules(ls, ex, ka, m, sub_sup, 2, name);
	if (rc)
		goto done;
	legal_refuse(ls, first_sub, ls->n, opt);
	/* A code rule under a sub-chapter rule with the same NACE prefix adds
	 * nothing a matcher would not already find by walking up (a refused
	 * sub-chapter rule leaves its code rules in place). */
	for (size_t s = first_sub; s < ls->n; s++)
		for (size_t r = 0; r < first_sub; r++)
			if (!ls->rules[s].refused &&
			    strncmp(ls->rules[r].from, ls->rules[s].from, 8) == 0 &&
			    strcmp(ls->rules[r].nace, ls->rules[s].nace) == 0)
				ls->rules[r].dropped = true;
	size_t k = 0;
	for (size_t r = 0; r < ls->n; r++)
		if (!ls->rules[r].dropped)
			ls->rules[k++] = ls->rules[r];
	ls->n = k;
done:
	free(ka);
	if (!rc)
		rc = legal_set_aside(ls);
	if (!rc) {
		/* qsort may not be given NULL, even for no element. */
		if (ls->n)
			qsort(ls->rules, ls->n, sizeof *ls->rules, cmp_learned);
		if (ls->nrefused)
			qsort(ls->refused, ls->nrefused, sizeof *ls->refused, cmp_learned);
	}
	return rc;
}

static void learned_free(learned_set *ls)
{
	free(ls->rules);
	free(ls->refused);
	symbi__arena_clear(&ls->arena);
}

static int check_options(const symbi_learn_options *opt)
{
	if (!opt || opt->version != 1)
		return symbi__error(SYMBI_EQUERY, "unknown learn options version");
	if (opt->nace_digits && (opt->nace_digits < 2 || opt->nace_digits > 4))
		return symbi__error(SYMBI_EQUERY, "NACE digits must be 2, 3 or 4, not %d",
		                    opt->nace_digits);
	return 0;
}

static int64_t find_case(const exchanges *ex, const char *id)
{
	return id ? symbi__map_get(&ex->case_index, id) : -1;
}

/* ==== Legal: corrections of the table and refused rules (issue 13) ================== *
 *
 * Two things keep `symbi learn` from teaching the matcher what the law
 * forbids (README "What symbi will never propose"):
 *  - a corrections table (--corrections FILE; datasets/exchange_corrections.csv
 *    for the shipped table) recodes or drops known miscodings of the
 *    exchange table, each row with its reason, and every correction used is
 *    reported;
 *  - a rule that would route a hazardous entry of the List of Waste (or a
 *    sub-chapter holding one) to a protected class (crop and animal
 *    production, forestry, aquaculture, food and drink, fertiliser
 *    manufacture, water supply, landscaping: the classes of the legal gate)
 *    is refused and reported. A refused sub-chapter rule leaves the code
 *    rules it would have replaced, whose own hazardous codes are refused in
 *    turn. The matcher's gate holds whatever a rules file says; this keeps
 *    such rules out of the file.
 * Hazardous: the entry is marked hazardous in the knowledge base (opt->kb)
 * or was written with '*' in the table. */

typedef struct correction {
	const char *case_id; /* NULL: every case */
	const char *ewc;     /* normalised EWC code */
	const char *nace;    /* receiver NACE prefix, NULL: every receiver */
	const char *to;      /* recoded to this code; NULL: dropped */
	const char *reason;
	uint32_t line;
	uint32_t used; /* exchange atoms it changed */
} correction;

enum { CO_CASE, CO_EWC, CO_RECV, CO_ACTION, CO_TO, CO_REASON, CO_NCOLS };
static const char *const co_cols[] = {"case_id", "ewc", "receiver_nace", "action", "to_ewc",
                                      "reason"};

typedef struct co_reader {
	exchanges *ex;
	const char *path;
	int col[CO_NCOLS];
	bool have_header;
	size_t errors;
	int rc;
} co_reader;

static const char *co_field(const co_reader *cr, const symbi__csv_row *row, int k)
{
	int i = cr->col[k];
	if (i < 0 || (size_t)i >= row->nfields)
		return "";
	return symbi__trim(row->fields[i]);
}

static void co_err(co_reader *cr, uint32_t line, const char *column, const char *msg,
                   const char *v)
{
	cr->errors++;
	symbi__diag(cr->ex->diags, SYMBI_SEV_ERROR, cr->path, line, column, "%s%s%s%s", msg,
	            v ? " '" : "", v ? v : "", v ? "'" : "");
}

static int co_row(void *ctx, const symbi__csv_row *row)
{
	co_reader *cr = ctx;
	exchanges *ex = cr->ex;
	if (!cr->have_header) {
		cr->have_header = true;
		for (size_t i = 0; i < row->nfields; i++)
			for (int k = 0; k < CO_NCOLS; k++)
				if (cr->col[k] < 0 &&
				    symbi__strcasecmp(symbi__trim(row->fields[i]), co_cols[k]) == 0)
					cr->col[k] = (int)i;
		static const int need[] = {CO_EWC, CO_ACTION, CO_REASON};
		for (size_t k = 0; k < 3; k++)
			if (cr->col[need[k]] < 0)
				co_err(cr, row->line, co_cols[need[k]], "missing column",
				       co_cols[need[k]]);
		return cr->errors ? SYMBI_EINPUT : 0;
	}
	bool blank = true;
	for (size_t i = 0; i < row->nfields && blank; i++)
		blank = strspn(row->fields[i], " \t") == row->lens[i];
	if (blank)
		return 0;
	uint32_t line = row->line;
	size_t errors = cr->errors;
	correction c = {0};
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
	c.case_id = *cid ? symbi__arena_strdup(&ex->arena, cid) : NULL;
	c.ewc = symbi__arena_strdup(&ex->arena, code);
	c.nace = recv ? symbi__arena_strdup(&ex->arena, recv) : NULL;
	c.to = recode ? symbi__arena_strdup(&ex->arena, to) : NULL;
	c.reason = symbi__arena_strdup(&ex->arena, reason);
	if ((*cid && !c.case_id) || !c.ewc || (recv && !c.nace) || (recode && !c.to) || !c.reason ||
	    symbi__grow((void **)&ex->corr, &(size_t){ex->ncorr}, ex->ncorr + 1, sizeof *ex->corr))
		return cr->rc = symbi__error(SYMBI_ENOMEM, "out of memory");
	ex->corr[ex->ncorr++] = c;
	return 0;
}

static int corrections_read(exchanges *ex, const char *path)
{
	if (!path)
		return 0;
	ex->corr_path = base_name(path);
	co_reader cr = {ex, path, {-1, -1, -1, -1, -1, -1}, false, 0, 0};
	int rc = symbi__csv_read(path, NULL, co_row, &cr, ex->diags);
	if (cr.rc)
		return cr.rc;
	if (rc == SYMBI_ENOMEM || rc == SYMBI_EIO)
		return rc;
	if (rc || cr.errors)
		return symbi__error(SYMBI_EINPUT, "%s: %zu error%s", path, cr.errors,
		                    cr.errors == 1 ? "" : "s");
	return 0;
}

/* Apply the first correction that matches (case, code, receiver): false
 * when the atom is dropped, else *code may be recoded. */
static bool correct_atom(exchanges *ex, const char *case_id, const char **code, const char *nace)
{
	for (size_t i = 0; i < ex->ncorr; i++) {
		correction *c = &ex->corr[i];
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
		const correction *c = &ex->corr[i];
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

/* Whether `from` (an EWC code or sub-chapter) is or holds a hazardous entry. */
static bool learned_hazardous(const symbi_learn_options *opt, const char *from)
{
	const symbi_kb *kb = opt->kb;
	if (!kb)
		return false;
	int32_t c = symbi_kb_find(kb, from);
	if (c < 0)
		return false;
	return (symbi__legal_flags(kb, c) &
	        (SYMBI__LEGAL_HAZARDOUS | SYMBI__LEGAL_HAZ_GROUP)) != 0;
}

static void legal_refuse(learned_set *ls, size_t from, size_t to, const symbi_learn_options *opt)
{
	for (size_t i = from; i < to; i++) {
		learned *r = &ls->rules[i];
		if (symbi__legal_nace_list_under(r->nace, symbi__legal_hazard_protected) &&
		    learned_hazardous(opt, r->from))
			r->refused = strlen(r->from) == 8
			                 ? "the sub-chapter holds hazardous entries of the List of "
			                   "Waste, which never go to this class"
			                 : "a hazardous entry of the List of Waste never goes to this "
			                   "class";
	}
}

/* Move the refused rules out of ls->rules into ls->refused. */
static int legal_set_aside(learned_set *ls)
{
	size_t k = 0;
	for (size_t i = 0; i < ls->n; i++) {
		if (!ls->rules[i].refused) {
			ls->rules[k++] = ls->rules[i];
			continue;
		}
		size_t cap = ls->nrefused;
		if (symbi__grow((void **)&ls->refused, &cap, ls->nrefused + 1, sizeof *ls->refused))
			return SYMBI_ENOMEM;
		ls->refused[ls->nrefused++] = ls->rules[i];
	}
	ls->n = k;
	return 0;
}

static void legal_report(const learned_set *ls, const exchanges *ex, symbi_diags *diags)
{
	for (size_t i = 0; i < ls->nrefused; i++) {
		const learned *r = &ls->refused[i];
		symbi__diag(diags, SYMBI_SEV_WARNING, ex->path, 0, "ewc",
		            "refused rule %s -> NACE %s (%u case%s): %s (README \"What symbi will "
		            "never propose\")",
		            r->from, r->nace, r->support, r->support == 1 ? "" : "s", r->refused);
	}
}

/* ==== Writing ====================================================================== */

static int write_rules(FILE *f, const learned_set *ls)
{
	static const char *const head[] = {"from",      "to",      "nace",    "yield", "source",
	                                   "from_unit", "to_unit", "support", "note"};
	for (size_t i = 0; i < 9; i++)
		if (symbi__csv_put(f, head[i], i == 8 ? '\n' : ','))
			return SYMBI_EIO;
	for (size_t i = 0; i < ls->n; i++) {
		const learned *r = &ls->rules[i];
		char support[16], note[96];
		snprintf(support, sizeof support, "%u", r->support);
		if (strlen(r->from) == 8)
			snprintf(note, sizeof note,
			         "learned: %u exchange%s of %u codes of the sub-chapter", r->nex,
			         r->nex == 1 ? "" : "s", r->ncodes);
		else
			snprintf(note, sizeof note, "learned: %u exchange%s", r->nex,
			         r->nex == 1 ? "" : "s");
		if (symbi__csv_put(f, r->from, ',') || symbi__csv_put(f, "", ',') ||
		    symbi__csv_put(f, r->nace, ',') || symbi__csv_put(f, "1", ',') ||
		    symbi__csv_put(f, r->source, ',') || symbi__csv_put(f, "", ',') ||
		    symbi__csv_put(f, "", ',') || symbi__csv_put(f, support, ',') ||
		    symbi__csv_put(f, note, '\n'))
			return SYMBI_EIO;
	}
	return 0;
}

int symbi_learn_write(const char *exchanges_path, FILE *out, const symbi_learn_options *opt,
                      symbi_diags *diags)
{
	int rc = check_options(opt);
	if (rc)
		return rc;
	exchanges ex;
	learned_set ls;
	memset(&ls, 0, sizeof ls);
	rc = ex_read(&ex, exchanges_path, opt, diags);
	if (rc)
		goto done;
	int64_t skip = -1;
	if (opt->exclude_case) {
		skip = find_case(&ex, opt->exclude_case);
		if (skip < 0) {
			rc = symbi__error(SYMBI_EQUERY, "unknown case '%s' in %s",
			                  opt->exclude_case, exchanges_path);
			goto done;
		}
	}
	rc = learn_rules(&ex, opt, skip, &ls);
	if (!rc)
		legal_report(&ls, &ex, diags);
	if (!rc)
		rc = write_rules(out, &ls);
done:
	learned_free(&ls);
	ex_free(&ex);
	return rc;
}

int symbi_learn(const char *exchanges_path, const char *out_path, const symbi_learn_options *opt,
                symbi_diags *diags)
{
	if (!out_path)
		return symbi__error(SYMBI_EQUERY, "no output file given");
	size_t n = strlen(out_path) + 16;
	char *tmp = malloc(n);
	if (!tmp)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	snprintf(tmp, n, "%s.tmpXXXXXX", out_path);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		int e = errno;
		free(tmp);
		return symbi__error(SYMBI_EIO, "%s: cannot write: %s", out_path, strerror(e));
	}
	FILE *f = fdopen(fd, "wb");
	if (!f) {
		close(fd);
		unlink(tmp);
		free(tmp);
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	}
	int rc = symbi_learn_write(exchanges_path, f, opt, diags);
	bool failed = fflush(f) != 0 || ferror(f);
	if (fclose(f) != 0)
		failed = true;
	if (!rc && failed)
		rc = symbi__error(SYMBI_EIO, "%s: write error", out_path);
	if (!rc && rename(tmp, out_path) != 0)
		rc = symbi__error(SYMBI_EIO, "%s: cannot write: %s", out_path, strerror(errno));
	if (rc)
		unlink(tmp);
	free(tmp);
	return rc;
}

/* ==== Coverage ===================================================================== */

struct symbi_coverage {
	symbi__arena arena;
	symbi_coverage_case *cases;
	size_t n;
};

/* Whether a sector rule with `from` (a code index) and NACE `prefix` covers
 * the atom. */
static bool covers(const symbi_kb *kb, int32_t from, const char *prefix, int32_t code,
                   const char *nace)
{
	return symbi_kb_is_ancestor(kb, from, code) && symbi__kb_nace_matches(prefix, nace);
}

int symbi_learn_coverage(symbi_coverage **out, const char *exchanges_path,
                         const symbi_learn_options *opt, symbi_diags *diags)
{
	*out = NULL;
	int rc = check_options(opt);
	if (rc)
		return rc;
	const symbi_kb *kb = opt->kb;
	if (!kb)
		return symbi__error(SYMBI_EQUERY, "coverage needs the knowledge base");
	exchanges ex;
	symbi_coverage *cov = calloc(1, sizeof *cov);
	int32_t *acode = NULL;
	uint8_t *hit = NULL;
	if (!cov)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	rc = ex_read(&ex, exchanges_path, opt, diags);
	if (rc)
		goto done;
	cov->cases = calloc(ex.ncases ? ex.ncases : 1, sizeof *cov->cases);
	acode = malloc((ex.natoms ? ex.natoms : 1) * sizeof *acode);
	hit = calloc(ex.nrows ? ex.nrows : 1, 1); /* bit 0 learned, bit 1 kb */
	if (!cov->cases || !acode || !hit) {
		rc = symbi__error(SYMBI_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < ex.natoms; i++)
		acode[i] = symbi_kb_find(kb, ex.atoms[i].code);
	cov->n = ex.ncases;
	for (size_t c = 0; c < ex.ncases; c++) {
		symbi_coverage_case *cc = &cov->cases[c];
		cc->case_id = symbi__arena_strdup(&cov->arena, ex.cases[c].id);
		if (!cc->case_id) {
			rc = symbi__error(SYMBI_ENOMEM, "out of memory");
			goto done;
		}
		learned_set ls;
		rc = learn_rules(&ex, opt, (int64_t)c, &ls);
		if (rc) {
			learned_free(&ls);
			goto done;
		}
		int32_t *lfrom = malloc((ls.n ? ls.n : 1) * sizeof *lfrom);
		if (!lfrom) {
			learned_free(&ls);
			rc = symbi__error(SYMBI_ENOMEM, "out of memory");
			goto done;
		}
		for (size_t r = 0; r < ls.n; r++)
			lfrom[r] = symbi_kb_find(kb, ls.rules[r].from);
		/* O(atoms of the case x rules): a few hundred thousand tests. */
		for (size_t i = 0; i < ex.natoms; i++) {
			const atom *a = &ex.atoms[i];
			if (a->casei != c || acode[i] < 0)
				continue;
			for (size_t r = 0; r < ls.n && !(hit[a->row] & 1); r++)
				if (covers(kb, lfrom[r], ls.rules[r].nace, acode[i], a->nace))
					hit[a->row] |= 1;
			for (size_t r = 0; r < symbi_kb_rule_count(kb) && !(hit[a->row] & 2); r++) {
				const symbi_rule *k = symbi_kb_rule(kb, r);
				if (k->nace && covers(kb, k->from, k->nace, acode[i], a->nace))
					hit[a->row] |= 2;
			}
		}
		free(lfrom);
		learned_free(&ls);
	}
	for (size_t r = 0; r < ex.nrows; r++) {
		symbi_coverage_case *cc = &cov->cases[ex.row_case[r]];
		cc->exchanges++;
		cc->covered_learned += hit[r] & 1;
		cc->covered_kb += (hit[r] >> 1) & 1;
		cc->covered_all += hit[r] != 0;
	}
done:
	free(acode);
	free(hit);
	ex_free(&ex);
	if (rc) {
		symbi_coverage_free(cov);
		return rc;
	}
	*out = cov;
	return 0;
}

size_t symbi_coverage_count(const symbi_coverage *c)
{
	return c ? c->n : 0;
}

const symbi_coverage_case *symbi_coverage_get(const symbi_coverage *c, size_t i)
{
	return c && i < c->n ? &c->cases[i] : NULL;
}

void symbi_coverage_free(symbi_coverage *c)
{
	if (!c)
		return;
	free(c->cases);
	symbi__arena_clear(&c->arena);
	free(c);
}
