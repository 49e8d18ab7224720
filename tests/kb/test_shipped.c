/*
 * test_shipped.c: the knowledge base shipped in datasets/ loads without an
 * error or a warning, every rule and every figure carries a source, every
 * mat: code hangs under a mat: code at the top, the EWC list is complete,
 * there are at least 250 rules, and every (EWC code, receiver NACE division)
 * pattern found at least twice in the shipped exchange table is covered by a
 * sector rule.
 */
#include <stdlib.h>

#include "engine/csvio.h"
#include "engine/internal.h"
#include "unit.h"

/* The (EWC code, receiver NACE division) patterns of an exchange table. */
typedef struct patterns {
	int col_ewc, col_nace;
	char (*key)[16]; /* "DDDDDD|DD" */
	unsigned *count;
	size_t n, cap;
} patterns;

static int on_exchange(void *ctx, const symbi__csv_row *row)
{
	patterns *p = ctx;
	if (p->col_ewc < 0) {
		for (size_t i = 0; i < row->nfields; i++) {
			if (strcmp(row->fields[i], "ewc") == 0)
				p->col_ewc = (int)i;
			if (strcmp(row->fields[i], "receiver_nace") == 0)
				p->col_nace = (int)i;
		}
		return p->col_ewc >= 0 && p->col_nace >= 0 ? 0 : -1;
	}
	if ((size_t)p->col_ewc >= row->nfields || (size_t)p->col_nace >= row->nfields)
		return 0;
	const char *ewc = row->fields[p->col_ewc], *nace = row->fields[p->col_nace];
	if (strlen(ewc) != 6 || strlen(nace) < 2)
		return 0; /* rows without a receiver are not patterns */
	char key[16];
	snprintf(key, sizeof key, "%s|%.2s", ewc, nace);
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->key[i], key) == 0) {
			p->count[i]++;
			return 0;
		}
	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 64;
		p->key = realloc(p->key, p->cap * sizeof *p->key);
		p->count = realloc(p->count, p->cap * sizeof *p->count);
		if (!p->key || !p->count)
			return -1;
	}
	memcpy(p->key[p->n], key, sizeof key);
	p->count[p->n++] = 1;
	return 0;
}

/* True when a sector rule from the code or an ancestor names the division
 * or a prefix of it. */
static bool covered(const symbi_kb *kb, const char *key)
{
	char code[16], division[4];
	snprintf(code, sizeof code, "ewc:%.6s", key);
	snprintf(division, sizeof division, "%s", key + 7);
	int32_t c = symbi_kb_find(kb, code);
	if (c < 0)
		return false;
	for (size_t i = 0; i < symbi_kb_rule_count(kb); i++) {
		const symbi_rule *r = symbi_kb_rule(kb, i);
		if (r->nace && symbi_kb_is_ancestor(kb, r->from, c) &&
		    symbi__kb_nace_matches(r->nace, division))
			return true;
	}
	return false;
}

/* The (code, receiver NACE prefix) pairs of exchange_corrections.csv: the
 * exchange table's known miscodings, which no rule need cover. */
typedef struct corrections {
	int ewc, nace;
	char key[64][24];
	size_t n;
} corrections;

static int on_correction(void *ctx, const symbi__csv_row *row)
{
	corrections *c = ctx;
	if (c->ewc < 0) {
		for (size_t i = 0; i < row->nfields; i++) {
			if (strcmp(row->fields[i], "ewc") == 0)
				c->ewc = (int)i;
			if (strcmp(row->fields[i], "receiver_nace") == 0)
				c->nace = (int)i;
		}
		return 0;
	}
	if (c->n < 64 && (size_t)c->ewc < row->nfields && (size_t)c->nace < row->nfields)
		snprintf(c->key[c->n++], sizeof c->key[0], "%.6s|%.5s", row->fields[c->ewc],
		         row->fields[c->nace]);
	return 0;
}

/* Whether pattern "CODE|DD" is corrected: same code, and no receiver or one
 * under the division. */
static bool corrected(const corrections *c, const char *key)
{
	for (size_t i = 0; i < c->n; i++)
		if (strncmp(c->key[i], key, 7) == 0 &&
		    (!c->key[i][7] || strncmp(c->key[i] + 7, key + 7, 2) == 0))
			return true;
	return false;
}

int main(void)
{
	const char *dir = getenv("SYMBI_DATADIR");
	if (!dir)
		dir = "datasets";
	symbi_kb *kb = NULL;
	symbi_diags *d = NULL;
	CHECK(symbi_kb_new(&kb) == 0 && symbi_diags_new(&d, 50) == 0);
	CHECK_EQ_INT(symbi_kb_load_dir(kb, dir, d), 0);
	CHECK_EQ_INT(symbi_kb_finish(kb, d), 0);
	for (size_t i = 0; i < symbi_diags_count(d); i++) {
		const symbi_diag *g = symbi_diags_get(d, i);
		fprintf(stderr, "%s:%u: %s\n", g->file, g->line, g->message);
	}
	CHECK_EQ_INT(symbi_diags_errors(d), 0);
	CHECK_EQ_INT(symbi_diags_warnings(d), 0);

	/* The European List of Waste: 842 entries, 20 chapters, 111 sub-chapters. */
	size_t entries = 0, chapters = 0, subs = 0, hazardous = 0;
	for (size_t i = 0; i < symbi_kb_code_count(kb); i++) {
		const symbi_code *c = symbi_kb_code(kb, (int32_t)i);
		if (strncmp(c->code, "ewc:", 4) != 0)
			continue;
		size_t n = strlen(c->code) - 4;
		chapters += n == 2;
		subs += n == 4;
		entries += n == 6;
		hazardous += c->hazardous;
		CHECK_EQ_INT(c->depth, n / 2 - 1);
		CHECK(c->is_group == (n != 6));
		CHECK(c->name && *c->name);
	}
	CHECK_EQ_INT(entries, 842);
	CHECK_EQ_INT(chapters, 20);
	CHECK_EQ_INT(subs, 111);
	CHECK_EQ_INT(hazardous, 408);

	/* Every mat: code reaches a mat: code at the top; every figure given
	 * has its source. */
	size_t mats = 0;
	for (size_t i = 0; i < symbi_kb_code_count(kb); i++) {
		const symbi_code *c = symbi_kb_code(kb, (int32_t)i);
		if (strncmp(c->code, "mat:", 4) == 0) {
			mats++;
			int32_t k = (int32_t)i;
			size_t steps = 0;
			while (symbi_kb_code(kb, k)->parent >= 0 && steps++ < 256) {
				k = symbi_kb_code(kb, k)->parent;
				CHECK(strncmp(symbi_kb_code(kb, k)->code, "mat:", 4) == 0);
			}
			CHECK(symbi_kb_code(kb, k)->depth == 0 &&
			      !strchr(symbi_kb_code(kb, k)->code, '.'));
			if (c->parent >= 0)
				CHECK(symbi_kb_code(kb, c->parent)->depth + 1 == c->depth);
		}
		CHECK(isnan(c->radius_km) || c->radius_source);
		CHECK((isnan(c->transport_nok_per_unit_km) &&
		       isnan(c->transport_co2e_kg_per_unit_km)) ||
		      c->transport_source);
		CHECK(isnan(c->avoided_co2e_kg_per_unit) || c->co2e_source);
		CHECK((isnan(c->price_nok_per_unit) && isnan(c->disposal_nok_per_unit)) ||
		      c->price_source);
	}
	CHECK(mats >= 50);
	static const char *const base[] = {
	    "energy:heat", "energy:steam",  "energy:cold",   "energy:fuel-gas", "gas:co2",
	    "water:fresh", "water:surface", "water:cooling", "water:waste",     "water:treated",
	    "water:process"};
	for (size_t i = 0; i < sizeof base / sizeof *base; i++)
		CHECK(symbi_kb_find(kb, base[i]) >= 0);

	/* Rules: a source each, enough of them, some learned. */
	size_t learned = 0, sector = 0;
	for (size_t i = 0; i < symbi_kb_rule_count(kb); i++) {
		const symbi_rule *r = symbi_kb_rule(kb, i);
		CHECK(r->source && strlen(r->source) >= 4);
		CHECK(r->yield > 0 && isfinite(r->yield));
		CHECK((r->to >= 0) != (r->nace != NULL));
		learned += r->support > 0;
		sector += r->nace != NULL;
	}
	/* Issue 13: a rule from a hazardous entry carries its conditions and
	 * never names a protected class (feed, food, fertiliser, drinking water,
	 * or NACE 01, 03, 10, 11, 36). */
	size_t hazardous_rules = 0;
	for (size_t i = 0; i < symbi_kb_rule_count(kb); i++) {
		const symbi_rule *r = symbi_kb_rule(kb, i);
		const symbi_code *from = symbi_kb_code(kb, r->from);
		if (!from->hazardous || from->is_group)
			continue;
		hazardous_rules++;
		if (r->support == 0)
			CHECK(r->conditions && strlen(r->conditions) > 20);
		static const char *const protected_nace[] = {"01", "03", "10", "11", "36"};
		for (size_t k = 0; r->nace && k < 5; k++)
			CHECK(strncmp(r->nace, protected_nace[k], 2) != 0);
		static const char *const protected_code[] = {"mat:feed", "mat:food",
		                                              "mat:fertiliser", "water:fresh"};
		for (size_t k = 0; r->to >= 0 && k < 4; k++) {
			int32_t pc = symbi_kb_find(kb, protected_code[k]);
			CHECK(pc < 0 || !symbi_kb_is_ancestor(kb, pc, r->to));
		}
	}
	CHECK(hazardous_rules >= 20);
	printf("%zu rules (%zu learned, %zu sector), %zu codes, %zu factors\n",
	       symbi_kb_rule_count(kb), learned, sector, symbi_kb_code_count(kb),
	       symbi_kb_factor_count(kb));
	CHECK(symbi_kb_rule_count(kb) >= 250);
	CHECK(learned >= 50);

	/* Factors: a source each, and the class defaults the scorer falls back on. */
	for (size_t i = 0; i < symbi_kb_factor_count(kb); i++)
		CHECK(symbi_kb_factor(kb, i)->source && *symbi_kb_factor(kb, i)->source);
	for (int c = 0; c < SYMBI_CLASS_COUNT; c++) {
		char key[64];
		snprintf(key, sizeof key, "class.%s.radius_km", symbi_class_name((symbi_class)c));
		if (!symbi_kb_find_factor(kb, key))
			fprintf(stderr, "missing factor '%s'\n", key);
		CHECK(symbi_kb_find_factor(kb, key) != NULL);
	}

	/* Every pattern seen at least twice in the exchange table has a rule. */
	char path[4096];
	snprintf(path, sizeof path, "%s/exchanges_maestri.csv", dir);
	patterns p = {-1, -1, NULL, NULL, 0, 0};
	CHECK_EQ_INT(symbi__csv_read(path, NULL, on_exchange, &p, d), 0);
	size_t twice = 0, uncovered = 0, fixed = 0;
	corrections cor = {-1, -1, {{0}}, 0};
	snprintf(path, sizeof path, "%s/exchange_corrections.csv", dir);
	CHECK_EQ_INT(symbi__csv_read(path, NULL, on_correction, &cor, d), 0);
	CHECK(cor.n >= 3);
	for (size_t i = 0; i < p.n; i++) {
		if (p.count[i] < 2)
			continue;
		twice++;
		if (corrected(&cor, p.key[i])) {
			fixed++;
			continue;
		}
		if (!covered(kb, p.key[i])) {
			uncovered++;
			fprintf(stderr, "pattern %s (seen %u times) has no sector rule\n", p.key[i],
			        p.count[i]);
		}
	}
	printf("%zu exchange patterns, %zu seen at least twice, %zu of those corrected, %zu "
	       "uncovered\n",
	       p.n, twice, fixed, uncovered);
	CHECK(twice >= 40);
	CHECK_EQ_INT(uncovered, 0);
	free(p.key);
	free(p.count);

	/* Suggestions name the nearest codes. */
	int32_t s[3];
	CHECK(symbi_kb_suggest(kb, "mat:biofuel.pelets", s, 3) > 0);
	CHECK_STR(symbi_kb_code(kb, s[0])->code, "mat:biofuel.pellets");

	symbi_kb_free(kb);
	symbi_diags_free(d);
	return UNIT_DONE();
}
