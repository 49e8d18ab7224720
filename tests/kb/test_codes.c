/*
 * test_codes.c: resource code normalisation (every spelling of docs/contract.md section
 * 2), the hierarchy (EWC chapter and sub-chapter, mat: dots), suggestions
 * and the NACE prefix match, on the small knowledge base of fixtures/kbdir.
 */
#include <stdlib.h>

#include "engine/internal.h"
#include "unit.h"

static const struct {
	const char *in;
	const char *out; /* NULL: malformed */
} spellings[] = {
    {"ewc:030105", "ewc:030105"},
    {"ewc:03 01 05", "ewc:030105"},
    {"03 01 05", "ewc:030105"},
    {"030105*", "ewc:030105"},
    {"03 01 05*", "ewc:030105"},
    {"030105", "ewc:030105"},
    {"EWC:030105", "ewc:030105"},
    {"  ewc:030105\t", "ewc:030105"},
    {"ewc:03", "ewc:03"},
    {"ewc:0301", "ewc:0301"},
    {"ewc:03 01", "ewc:0301"},
    {"0301", "ewc:0301"},
    {"03", "ewc:03"},
    {"MAT:Feed", "mat:feed"},
    {"mat:biofuel.pellets", "mat:biofuel.pellets"},
    {"Mat:Cement.SCM.Fly-Ash", "mat:cement.scm.fly-ash"},
    {"energy:fuel-gas", "energy:fuel-gas"},
    {"gas:co2", "gas:co2"},
    {"water:treated", "water:treated"},
    {"plastics:pe_film", "plastics:pe_film"}, /* a user taxonomy's own prefix */
    {"", NULL},
    {"   ", NULL},
    {"ewc:", NULL},
    {"ewc:0301051", NULL},
    {"ewc:03010", NULL},
    {"0 30105", NULL},
    {"ewc:03 01 0 5", NULL},
    {"030105**", NULL},
    {"030105*1", NULL},
    {"0301*", NULL},
    {"ewc:abc", NULL},
    {"ewc:03-01-05", NULL},
    {"mat:", NULL},
    {"mat", NULL},
    {":feed", NULL},
    {"mat:.a", NULL},
    {"mat:a.", NULL},
    {"mat:a..b", NULL},
    {"mat:a b", NULL},
    {"m4t:x", NULL},
    {"mat:b\xc3\xa5t", NULL},
    {"mat:a:b", NULL},
    {"1234567890123456789012345678901234567890123456789012345678901234567890", NULL},
};

static symbi_kb *load_fixture(void)
{
	const char *tests = getenv("SYMBI_TESTS");
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/kb/fixtures/kbdir", tests ? tests : "tests");
	symbi_kb *kb = NULL;
	symbi_diags *d = NULL;
	CHECK(symbi_diags_new(&d, 50) == 0);
	CHECK(symbi_kb_new(&kb) == 0);
	CHECK_EQ_INT(symbi_kb_load_dir(kb, dir, d), 0);
	CHECK_EQ_INT(symbi_kb_finish(kb, d), 0);
	CHECK_EQ_INT(symbi_diags_errors(d), 0);
	symbi_diags_free(d);
	return kb;
}

static int32_t F(const symbi_kb *kb, const char *code)
{
	return symbi_kb_find(kb, code);
}

int main(void)
{
	char buf[64];
	for (size_t i = 0; i < sizeof spellings / sizeof *spellings; i++) {
		int rc = symbi_code_normalise(spellings[i].in, buf, sizeof buf);
		if (spellings[i].out) {
			CHECK_EQ_INT(rc, 0);
			CHECK_STR(buf, spellings[i].out);
		} else {
			if (rc != SYMBI_EINPUT)
				fprintf(stderr, "accepted '%s' as '%s'\n", spellings[i].in, buf);
			CHECK_EQ_INT(rc, SYMBI_EINPUT);
		}
	}
	/* The buffer must hold the result. */
	CHECK_EQ_INT(symbi_code_normalise("ewc:030105", buf, 10), SYMBI_EINPUT);
	CHECK_EQ_INT(symbi_code_normalise("ewc:030105", buf, 11), 0);
	CHECK_EQ_INT(symbi_code_normalise("mat:feed", buf, 8), SYMBI_EINPUT);
	CHECK_EQ_INT(symbi_code_normalise(NULL, buf, sizeof buf), SYMBI_EINPUT);

	symbi_kb *kb = load_fixture();
	/* 7 entries, 3 chapters, 4 sub-chapters, 4 taxonomy codes. */
	CHECK_EQ_INT(symbi_kb_code_count(kb), 18);
	CHECK(F(kb, "ewc:030105") >= 0);
	CHECK(F(kb, "ewc:03 01 05") < 0); /* find takes normalised codes */
	CHECK_EQ_INT(F(kb, "ewc:99"), -1);

	/* Ancestry through EWC chapter and sub-chapter. */
	CHECK(symbi_kb_is_ancestor(kb, F(kb, "ewc:03"), F(kb, "ewc:030105")));
	CHECK(symbi_kb_is_ancestor(kb, F(kb, "ewc:0301"), F(kb, "ewc:030105")));
	CHECK(symbi_kb_is_ancestor(kb, F(kb, "ewc:030105"), F(kb, "ewc:030105")));
	CHECK(symbi_kb_is_ancestor(kb, F(kb, "ewc:03"), F(kb, "ewc:0303")));
	CHECK(!symbi_kb_is_ancestor(kb, F(kb, "ewc:0303"), F(kb, "ewc:030105")));
	CHECK(!symbi_kb_is_ancestor(kb, F(kb, "ewc:030105"), F(kb, "ewc:0301")));
	CHECK(!symbi_kb_is_ancestor(kb, F(kb, "ewc:10"), F(kb, "ewc:030105")));
	CHECK(!symbi_kb_is_ancestor(kb, -1, F(kb, "ewc:030105")));
	CHECK(!symbi_kb_is_ancestor(kb, F(kb, "ewc:03"), 100000));
	/* ... and mat: dots. */
	CHECK(symbi_kb_is_ancestor(kb, F(kb, "mat:biofuel"), F(kb, "mat:biofuel.pellets")));
	CHECK(symbi_kb_is_ancestor(kb, F(kb, "mat:biofuel"), F(kb, "mat:biofuel.chips")));
	CHECK(!symbi_kb_is_ancestor(kb, F(kb, "mat:biofuel.pellets"), F(kb, "mat:biofuel.chips")));
	CHECK(!symbi_kb_is_ancestor(kb, F(kb, "mat:biofuel.pellets"), F(kb, "mat:biofuel")));
	CHECK(!symbi_kb_is_ancestor(kb, F(kb, "energy:heat"), F(kb, "mat:biofuel")));

	const symbi_code *c = symbi_kb_code(kb, F(kb, "ewc:030105"));
	CHECK_EQ_INT(c->depth, 2);
	CHECK_EQ_INT(c->parent, F(kb, "ewc:0301"));
	CHECK(!c->is_group);
	CHECK(symbi_kb_code(kb, F(kb, "ewc:0301"))->is_group);
	CHECK(symbi_kb_code(kb, F(kb, "ewc:03"))->is_group);
	CHECK_EQ_INT(symbi_kb_code(kb, F(kb, "ewc:03"))->parent, -1);
	CHECK_EQ_INT(symbi_kb_code(kb, F(kb, "mat:biofuel.chips"))->depth, 1);
	CHECK(symbi_kb_code(kb, -1) == NULL);
	CHECK(symbi_kb_code(kb, 18) == NULL);

	/* Suggestions: known answers, ties in byte order. */
	int32_t s[5];
	size_t n = symbi_kb_suggest(kb, "ewc:030106", s, 5);
	CHECK_EQ_INT(n, 5); /* the three siblings first, then codes two edits away */
	if (n == 5) {
		CHECK_STR(symbi_kb_code(kb, s[0])->code, "ewc:030101");
		CHECK_STR(symbi_kb_code(kb, s[1])->code, "ewc:030104");
		CHECK_STR(symbi_kb_code(kb, s[2])->code, "ewc:030105");
		CHECK_STR(symbi_kb_code(kb, s[3])->code, "ewc:020106"); /* also 1 edit */
		CHECK_STR(symbi_kb_code(kb, s[4])->code, "ewc:0301");   /* 2 edits */
	}
	n = symbi_kb_suggest(kb, "mat:biofuel.pelets", s, 5);
	CHECK(n >= 1);
	if (n >= 1)
		CHECK_STR(symbi_kb_code(kb, s[0])->code, "mat:biofuel.pellets");
	n = symbi_kb_suggest(kb, "MAT:Pellets", s, 1); /* the last name alone */
	CHECK_EQ_INT(n, 1);
	if (n == 1)
		CHECK_STR(symbi_kb_code(kb, s[0])->code, "mat:biofuel.pellets");
	n = symbi_kb_suggest(kb, "energy:heet", s, 5);
	CHECK(n >= 1);
	if (n >= 1)
		CHECK_STR(symbi_kb_code(kb, s[0])->code, "energy:heat");
	n = symbi_kb_suggest(kb, "03 01 0", s, 1); /* malformed, still helped */
	CHECK_EQ_INT(n, 1);
	if (n == 1) /* "ewc:03010": one insertion from 030101, one deletion from 0301 */
		CHECK_STR(symbi_kb_code(kb, s[0])->code, "ewc:030101");
	CHECK_EQ_INT(symbi_kb_suggest(kb, "plastics:polyethylene", s, 5), 0);
	CHECK_EQ_INT(symbi_kb_suggest(kb, "ewc:030106", s, 0), 0);

	/* Adding a code that exists with another class or dimension fails. */
	int32_t again =
	    symbi__kb_add_code(kb, "mat:biofuel", NULL, -1, SYMBI_CLASS_MATERIAL, SYMBI_DIM_MASS);
	CHECK_EQ_INT(again, SYMBI_EINPUT); /* finished: nothing more may be added */

	/* NACE prefixes. */
	CHECK(symbi__kb_nace_matches("16", "16.10"));
	CHECK(symbi__kb_nace_matches("16.1", "16.10"));
	CHECK(symbi__kb_nace_matches("16.10", "16.10"));
	CHECK(symbi__kb_nace_matches("C16", "16.21"));
	CHECK(symbi__kb_nace_matches("16", "1621"));
	CHECK(!symbi__kb_nace_matches("16.10", "16.1"));
	CHECK(!symbi__kb_nace_matches("16.10", "16"));
	CHECK(!symbi__kb_nace_matches("16.1", "16.21"));
	CHECK(!symbi__kb_nace_matches("16", "17.10"));
	CHECK(!symbi__kb_nace_matches("1", "16.10"));
	CHECK(!symbi__kb_nace_matches("16", "abc"));
	CHECK(!symbi__kb_nace_matches(NULL, "16"));
	char nb[16];
	CHECK_EQ_INT(symbi__nace_plausible("C23.62", nb, sizeof nb), 0);
	CHECK_STR(nb, "23.62");
	CHECK_EQ_INT(symbi__nace_plausible("04.10", nb, sizeof nb), SYMBI_EINPUT);
	CHECK_EQ_INT(symbi__nace_plausible("99", nb, sizeof nb), 0);
	CHECK_EQ_INT(symbi__nace_plausible("00", nb, sizeof nb), SYMBI_EINPUT);

	symbi_kb_free(kb);
	symbi_kb_free(NULL);

	/* Class and dimension conflicts when adding by hand. */
	CHECK(symbi_kb_new(&kb) == 0);
	int32_t a =
	    symbi__kb_add_code(kb, "mat:feed", "Feed", -1, SYMBI_CLASS_MATERIAL, SYMBI_DIM_MASS);
	CHECK_EQ_INT(a, 0);
	CHECK_EQ_INT(symbi__kb_add_code(kb, "mat:feed.grain", "Grain", a, SYMBI_CLASS_MATERIAL,
	                                SYMBI_DIM_MASS),
	             1);
	CHECK_EQ_INT(
	    symbi__kb_add_code(kb, "mat:feed", NULL, -1, SYMBI_CLASS_MATERIAL, SYMBI_DIM_MASS), 0);
	CHECK_EQ_INT(
	    symbi__kb_add_code(kb, "mat:feed", NULL, -1, SYMBI_CLASS_MATERIAL, SYMBI_DIM_VOLUME),
	    SYMBI_EINPUT);
	CHECK(strstr(symbi_last_error(), "'mat:feed'") != NULL);
	CHECK_EQ_INT(
	    symbi__kb_add_code(kb, "mat:x", NULL, 7, SYMBI_CLASS_MATERIAL, SYMBI_DIM_MASS) < 0, 1);
	symbi_kb_free(kb);
	return UNIT_DONE();
}
