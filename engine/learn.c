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
 *
 * The exchanges table and its corrections are read in learn_table.c
 * (learn_internal.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvio.h"
#include "learn_internal.h"
#include "legal.h"

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

/* Learn from every case but `skip` (-1: none). O(A log A) for A atoms. */
static int learn_rules(const exchanges *ex, const symbi_learn_options *opt, int64_t skip,
                       learned_set *ls)
{
	memset(ls, 0, sizeof *ls);
	const char *name = opt->source_name && *opt->source_name
	                       ? opt->source_name
	                       : symbi__arena_printf(&ls->arena, "documented exchanges in %s",
	                                             symbi__learn_base_name(ex->path));
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


/* ==== Legal: refused rules (issue 13) ================================================ *
 *
 * Two things keep `symbi learn` from teaching the matcher what the law
 * forbids (README "What symbi will never propose"):
 *  - a corrections table (--corrections FILE) recodes or drops known
 *    miscodings of the exchange table (learn_table.c);
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
	rc = symbi__learn_table_read(&ex, exchanges_path, opt, diags);
	if (rc)
		goto done;
	int64_t skip = -1;
	if (opt->exclude_case) {
		skip = symbi__learn_find_case(&ex, opt->exclude_case);
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
	symbi__learn_table_free(&ex);
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
	rc = symbi__learn_table_read(&ex, exchanges_path, opt, diags);
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
	symbi__learn_table_free(&ex);
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
