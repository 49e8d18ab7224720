/*
 * test_load.c: the knowledge-base loaders on the fixtures — a good folder
 * (inherited figures, the rule index), and files that must fail: a rule
 * without a source, unknown codes with suggestions, duplicates and
 * conflicts, figures without sources, a cycle in the mat: hierarchy,
 * conflicting redefinitions, bad config JSON.
 */
#include <stdlib.h>

#include "engine/internal.h"
#include "fixture.h"
#include "unit.h"


/* The diagnostic at `line` (first one), or NULL. */
static const symbi_diag *at_line(const symbi_diags *d, uint32_t line)
{
	for (size_t i = 0; i < symbi_diags_count(d); i++)
		if (symbi_diags_get(d, i)->line == line)
			return symbi_diags_get(d, i);
	return NULL;
}

static bool has(const symbi_diags *d, uint32_t line, symbi_severity sev, const char *text)
{
	for (size_t i = 0; i < symbi_diags_count(d); i++) {
		const symbi_diag *g = symbi_diags_get(d, i);
		if (g->line == line && g->severity == sev && strstr(g->message, text))
			return true;
	}
	fprintf(stderr, "no %s at line %u with '%s'; have:\n",
	        sev == SYMBI_SEV_ERROR ? "error" : "warning", line, text);
	for (size_t i = 0; i < symbi_diags_count(d); i++)
		fprintf(stderr, "  %s:%u: %s\n", symbi_diags_get(d, i)->file,
		        symbi_diags_get(d, i)->line, symbi_diags_get(d, i)->message);
	return false;
}

static void fresh(symbi_kb **kb, symbi_diags **d)
{
	symbi_kb_free(*kb);
	symbi_diags_free(*d);
	*kb = NULL;
	*d = NULL;
	CHECK(symbi_kb_new(kb) == 0);
	CHECK(symbi_diags_new(d, 100) == 0);
}

static const symbi_code *code(const symbi_kb *kb, const char *c)
{
	const symbi_code *r = symbi_kb_code(kb, symbi_kb_find(kb, c));
	if (!r)
		fprintf(stderr, "no code '%s'\n", c);
	return r;
}

static void test_good(void)
{
	symbi_kb *kb = NULL;
	symbi_diags *d = NULL;
	fresh(&kb, &d);
	CHECK_EQ_INT(symbi_kb_load_dir(kb, fx("kbdir"), d), 0);
	CHECK_EQ_INT(symbi_diags_errors(d), 0);
	CHECK_EQ_INT(symbi_diags_warnings(d), 0);
	CHECK_EQ_INT(symbi_kb_code_count(kb), 18);
	CHECK_EQ_INT(symbi_kb_rule_count(kb), 4);
	CHECK_EQ_INT(symbi_kb_factor_count(kb), 3);

	/* ewc.csv: names, groups, the hazardous mark from the '*'. */
	const symbi_code *c = code(kb, "ewc:030104");
	CHECK(c && c->hazardous);
	c = code(kb, "ewc:030105");
	CHECK(c && !c->hazardous && c->cls == SYMBI_CLASS_MATERIAL && c->dim == SYMBI_DIM_MASS);
	c = code(kb, "ewc:03");
	CHECK(c && c->is_group && strncmp(c->name, "Wastes from wood processing", 27) == 0);
	c = code(kb, "ewc:0303");
	CHECK(c && c->is_group &&
	      strcmp(c->name, "Wastes from pulp, paper and cardboard production "
	                      "and processing") == 0);

	/* Before finishing, only the given figures are set. */
	c = code(kb, "mat:biofuel.pellets");
	CHECK(c && isnan(c->radius_km) && c->price_nok_per_unit == 2500);
	CHECK(c && c->cls == SYMBI_CLASS_MATERIAL && c->dim == SYMBI_DIM_MASS); /* from parent */

	CHECK_EQ_INT(symbi_kb_finish(kb, d), 0);
	/* Inherited down the hierarchy, with the source of the figure. */
	c = code(kb, "mat:biofuel.pellets");
	if (c) {
		CHECK_NEAR(c->radius_km, 80, 0);
		CHECK_STR(c->radius_source, "Test radius source");
		CHECK_NEAR(c->transport_nok_per_unit_km, 1.5, 0);
		CHECK_NEAR(c->transport_co2e_kg_per_unit_km, 0.1, 0);
		CHECK_STR(c->transport_source, "Test transport source");
		CHECK_NEAR(c->price_nok_per_unit, 2500, 0);
		CHECK_STR(c->price_source, "Test price source");
		CHECK(isnan(c->avoided_co2e_kg_per_unit) && c->co2e_source == NULL);
		CHECK(isnan(c->disposal_nok_per_unit));
		CHECK_STR(c->name, "Wood pellets");
		CHECK_EQ_INT(c->parent, symbi_kb_find(kb, "mat:biofuel"));
	}
	c = code(kb, "mat:biofuel.chips"); /* written MAT:Biofuel.Chips, parent implied */
	CHECK(c && c->radius_km == 80 && isnan(c->price_nok_per_unit));
	c = code(kb, "ewc:030105"); /* ewc:0301 gave the sub-chapter a disposal cost */
	if (c) {
		CHECK_NEAR(c->disposal_nok_per_unit, -150, 0);
		CHECK_STR(c->price_source, "Test disposal source");
		CHECK(isnan(c->radius_km) && c->radius_source == NULL);
	}
	c = code(kb, "ewc:030307");
	CHECK(c && isnan(c->disposal_nok_per_unit) && c->price_source == NULL);

	/* Rules as read. */
	const symbi_rule *r = symbi_kb_rule(kb, 0);
	CHECK(r && r->from == symbi_kb_find(kb, "ewc:0301") && r->to == -1);
	CHECK(r && r->nace && strcmp(r->nace, "16") == 0 && r->yield == 1 && r->support == 0);
	CHECK(r && r->line == 2 && strstr(r->file, "rules.csv"));
	r = symbi_kb_rule(kb, 1);
	CHECK(r && r->from == symbi_kb_find(kb, "ewc:030105") &&
	      r->to == symbi_kb_find(kb, "mat:biofuel.pellets") && r->nace == NULL);
	CHECK(r && r->yield == 0.9 && r->from_dim == SYMBI_DIM_NONE);
	r = symbi_kb_rule(kb, 2);
	CHECK(r && r->from_dim == SYMBI_DIM_MASS && r->to_dim == SYMBI_DIM_ENERGY &&
	      r->yield == 0.5);
	r = symbi_kb_rule(kb, 3);
	CHECK(r && r->nace && strcmp(r->nace, "23.62") == 0 && r->yield == 1);
	CHECK(symbi_kb_rule(kb, 4) == NULL);

	/* The index by `from`. */
	const uint32_t *idx;
	CHECK_EQ_INT(symbi__kb_rules_from(kb, symbi_kb_find(kb, "ewc:0301"), &idx), 1);
	CHECK(idx && idx[0] == 0);
	CHECK_EQ_INT(symbi__kb_rules_from(kb, symbi_kb_find(kb, "ewc:030105"), &idx), 1);
	CHECK(idx && idx[0] == 1);
	CHECK_EQ_INT(symbi__kb_rules_from(kb, symbi_kb_find(kb, "ewc:03"), &idx), 0);
	CHECK_EQ_INT(symbi__kb_rules_from(kb, -1, &idx), 0);

	const symbi_factor *f = symbi_kb_find_factor(kb, "road.detour_factor");
	CHECK(f && f->value == 1.3 && strcmp(f->unit, "ratio") == 0 &&
	      strcmp(f->source, "Test detour source") == 0);
	CHECK(symbi_kb_find_factor(kb, "road.detour") == NULL);

	/* Once finished, nothing more. */
	CHECK(symbi_kb_finish(kb, d) != 0);
	CHECK(symbi_kb_load_rules(kb, fx("kbdir/rules.csv"), d) != 0);
	symbi_kb_free(kb);
	symbi_diags_free(d);
}

static void test_bad_rules(void)
{
	symbi_kb *kb = NULL;
	symbi_diags *d = NULL;
	fresh(&kb, &d);
	CHECK_EQ_INT(symbi_kb_load_dir(kb, fx("kbdir"), d), 0);
	CHECK_EQ_INT(symbi_kb_load_rules(kb, fx("rules_bad.csv"), d), SYMBI_EINPUT);
	CHECK_EQ_INT(symbi_diags_errors(d), 10);
	CHECK_EQ_INT(symbi_diags_warnings(d), 1);
	CHECK(has(d, 2, SYMBI_SEV_ERROR, "rule without a source"));
	CHECK(has(d, 3, SYMBI_SEV_ERROR,
	          "unknown resource code 'ewc:030106' in column 'from' (did you mean 'ewc:030101', "
	          "'ewc:030104' or 'ewc:030105'?)"));
	CHECK(has(d, 4, SYMBI_SEV_ERROR, "either 'to' or 'nace'"));
	CHECK(has(d, 5, SYMBI_SEV_ERROR, "give a 'to' code or a 'nace' prefix"));
	CHECK(has(d, 6, SYMBI_SEV_ERROR, "yield '0' must be a number > 0"));
	CHECK(has(d, 7, SYMBI_SEV_ERROR, "'04' is not a NACE Rev. 2 code"));
	CHECK(has(d, 8, SYMBI_SEV_WARNING, "duplicate rule 'ewc:0301' -> '16'"));
	CHECK(has(d, 9, SYMBI_SEV_ERROR, "conflicts with"));
	CHECK(has(d, 9, SYMBI_SEV_ERROR, "(yield 0.9 there, 0.8 here)"));
	CHECK(has(d, 10, SYMBI_SEV_ERROR, "did you mean 'mat:biofuel.pellets'"));
	CHECK(has(d, 11, SYMBI_SEV_ERROR, "both 'from_unit' and 'to_unit'"));
	CHECK(has(d, 12, SYMBI_SEV_ERROR, "support '0'"));
	const symbi_diag *g = at_line(d, 3);
	CHECK(g && g->column && strcmp(g->column, "from") == 0 && strstr(g->file, "rules_bad.csv"));
	CHECK_EQ_INT(symbi_kb_rule_count(kb), 4); /* none of the bad rows added */

	/* A record the CSV reader rejects (invalid UTF-8) fails the file too. */
	fresh(&kb, &d);
	CHECK_EQ_INT(symbi_kb_load_dir(kb, fx("kbdir"), d), 0);
	CHECK_EQ_INT(symbi_kb_load_rules(kb, fx("rules_utf8.csv"), d), SYMBI_EINPUT);
	CHECK_EQ_INT(symbi_diags_errors(d), 1);
	CHECK(has(d, 2, SYMBI_SEV_ERROR, "invalid UTF-8"));
	symbi_kb_free(kb);
	symbi_diags_free(d);
}

static void test_bad_taxonomies(void)
{
	symbi_kb *kb = NULL;
	symbi_diags *d = NULL;

	/* A figure given without its source. */
	fresh(&kb, &d);
	CHECK_EQ_INT(symbi_kb_load_ewc(kb, fx("kbdir/ewc.csv"), d), 0);
	CHECK_EQ_INT(symbi_kb_load_taxonomy(kb, fx("tax_nosource.csv"), d), SYMBI_EINPUT);
	CHECK_EQ_INT(symbi_diags_errors(d), 2);
	CHECK(has(d, 2, SYMBI_SEV_ERROR,
	          "radius_km given without its source (column 'radius_source')"));
	CHECK(has(d, 3, SYMBI_SEV_ERROR, "price_nok_per_unit given without its source"));
	CHECK(at_line(d, 2) && strcmp(at_line(d, 2)->column, "radius_source") == 0);

	/* A cycle in the mat: hierarchy, and a code that is its own parent. */
	fresh(&kb, &d);
	CHECK_EQ_INT(symbi_kb_load_ewc(kb, fx("kbdir/ewc.csv"), d), 0);
	CHECK_EQ_INT(symbi_kb_load_taxonomy(kb, fx("tax_cycle.csv"), d), SYMBI_EINPUT);
	CHECK_EQ_INT(symbi_diags_errors(d), 2);
	CHECK(has(d, 2, SYMBI_SEV_ERROR, "cycle in the hierarchy: mat:a -> mat:b -> mat:a"));
	CHECK(has(d, 5, SYMBI_SEV_ERROR, "cycle in the hierarchy: mat:d -> mat:d"));
	CHECK(symbi_kb_find(kb, "mat:a") < 0 && symbi_kb_find(kb, "mat:a.c") < 0);
	CHECK(symbi_kb_find(kb, "mat:e") >= 0);

	/* Redefinitions with another dimension or class. */
	fresh(&kb, &d);
	CHECK_EQ_INT(symbi_kb_load_dir(kb, fx("kbdir"), d), 0);
	CHECK_EQ_INT(symbi_kb_load_taxonomy(kb, fx("tax_conflict.csv"), d), SYMBI_EINPUT);
	CHECK_EQ_INT(symbi_diags_errors(d), 2);
	CHECK(
	    has(d, 3, SYMBI_SEV_ERROR,
	        "'mat:biofuel.pellets' defined again as material/volume, first as material/mass"));
	CHECK(has(d, 4, SYMBI_SEV_ERROR, "'energy:heat' defined again as water/volume"));

	/* Parents that disagree or do not exist, bad codes and classes. */
	fresh(&kb, &d);
	CHECK_EQ_INT(symbi_kb_load_dir(kb, fx("kbdir"), d), 0);
	CHECK_EQ_INT(symbi_kb_load_taxonomy(kb, fx("tax_badparent.csv"), d), SYMBI_EINPUT);
	CHECK_EQ_INT(symbi_diags_errors(d), 5);
	CHECK(has(d, 2, SYMBI_SEV_ERROR,
	          "does not agree with the dotted name 'mat:x.y' (expected 'mat:x')"));
	CHECK(has(d, 3, SYMBI_SEV_ERROR, "unknown parent 'mat:q' of 'mat:q.r'"));
	CHECK(has(d, 4, SYMBI_SEV_ERROR, "not a code of the same kind"));
	CHECK(has(d, 5, SYMBI_SEV_ERROR, "'bad code' is not a resource code"));
	CHECK(has(d, 6, SYMBI_SEV_ERROR, "unknown class 'solid'"));

	/* Scoring factors need a source and a number. */
	fresh(&kb, &d);
	CHECK_EQ_INT(symbi_kb_load_scoring(kb, fx("scoring_nosource.csv"), d), SYMBI_EINPUT);
	CHECK_EQ_INT(symbi_diags_errors(d), 2);
	CHECK(has(d, 2, SYMBI_SEV_ERROR, "factor 'road.detour_factor' without a source"));
	CHECK(has(d, 3, SYMBI_SEV_ERROR, "value 'lots' is not a number"));

	/* The folder needs ewc.csv. */
	fresh(&kb, &d);
	CHECK(symbi_kb_load_dir(kb, fixdir, d) != 0);
	CHECK(symbi_diags_errors(d) >= 1);
	symbi_kb_free(kb);
	symbi_diags_free(d);
}

static void test_config(void)
{
	symbi_kb *kb = NULL;
	symbi_diags *d = NULL;

	fresh(&kb, &d);
	CHECK_EQ_INT(symbi_kb_load_dir(kb, fx("kbdir"), d), 0);
	CHECK_EQ_INT(symbi_kb_load_config(kb, fx("config_good.json"), d), 0);
	const symbi_factor *f = symbi_kb_find_factor(kb, "road.detour_factor");
	CHECK(f && f->value == 1.25 && strstr(f->source, "config_good.json"));
	f = symbi_kb_find_factor(kb, "class.material.radius_km");
	CHECK(f && f->value == 40);
	f = symbi_kb_find_factor(kb, "transport.nok_per_tkm");
	CHECK(f && f->value == 2.5 && strcmp(f->source, "Test transport source") == 0);

	/* An unknown key names the nearest known one; nothing is applied. */
	fresh(&kb, &d);
	CHECK_EQ_INT(symbi_kb_load_dir(kb, fx("kbdir"), d), 0);
	CHECK_EQ_INT(symbi_kb_load_config(kb, fx("config_unknown.json"), d), SYMBI_EINPUT);
	CHECK_EQ_INT(symbi_diags_errors(d), 1);
	CHECK(has(d, 3, SYMBI_SEV_ERROR,
	          "unknown factor key 'road.detour_factr' (did you mean 'road.detour_factor'?)"));
	f = symbi_kb_find_factor(kb, "road.detour_factor");
	CHECK(f && f->value == 1.3);

	fresh(&kb, &d);
	CHECK_EQ_INT(symbi_kb_load_dir(kb, fx("kbdir"), d), 0);
	CHECK_EQ_INT(symbi_kb_load_config(kb, fx("config_nan.json"), d), SYMBI_EINPUT);
	CHECK(has(d, 2, SYMBI_SEV_ERROR, "factor 'road.detour_factor' must be a number"));

	fresh(&kb, &d);
	CHECK_EQ_INT(symbi_kb_load_dir(kb, fx("kbdir"), d), 0);
	CHECK_EQ_INT(symbi_kb_load_config(kb, fx("config_broken.json"), d), SYMBI_EINPUT);
	CHECK_EQ_INT(symbi_diags_errors(d), 1);
	CHECK(symbi_diags_count(d) == 1 &&
	      strstr(symbi_diags_get(d, 0)->message, "not valid JSON"));

	fresh(&kb, &d);
	CHECK_EQ_INT(symbi_kb_load_dir(kb, fx("kbdir"), d), 0);
	CHECK_EQ_INT(symbi_kb_load_config(kb, fx("config_array.json"), d), SYMBI_EINPUT);
	CHECK(has(d, 1, SYMBI_SEV_ERROR, "expected a JSON object"));

	fresh(&kb, &d);
	CHECK_EQ_INT(symbi_kb_load_dir(kb, fx("kbdir"), d), 0);
	CHECK_EQ_INT(symbi_kb_load_config(kb, fx("no_such.json"), d), SYMBI_EIO);
	CHECK_EQ_INT(symbi_diags_errors(d), 1);
	symbi_kb_free(kb);
	symbi_diags_free(d);
}

int main(void)
{
	fixture_init();
	test_good();
	test_bad_rules();
	test_bad_taxonomies();
	test_config();
	return UNIT_DONE();
}
