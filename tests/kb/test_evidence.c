/*
 * test_evidence.c: the sector likelihoods of engine/evidence.c on a table
 * of five exchanges (fixtures/exchanges_evidence.csv), worked by hand with
 * the shipped ewc.csv and scoring.csv (alpha 10, beta 1, 32.8 km):
 *
 *   A: 030105 -> 17.11   B: 030105 -> 17.11   C: 030105 -> 17.12
 *   C: 030101 -> 35.11   D: 100102 -> 23.51
 *
 * Counts (receivers): N(T) = 5, N(ewc:03) = N(ewc:0301) = 4, N(030105) = 3,
 * N(030101) = 1, N(ewc:10) = N(ewc:1001) = N(100102) = 1. For 030105 and
 * class 17.11, division 17 (k = 3 at every level of 03):
 *   p(T,17)      = (3 + 10/88) / 15            = 0.20757576
 *   p(03,17)     = (3 + 10 x 0.20757576) / 14  = 0.36255411
 *   p(0301,17)   = (3 + 3.6255411) / 14        = 0.47325294
 *   p(030105,17) = (3 + 4.7325294) / 13        = 0.59480995
 * likewise group 17.1 (u = 1/272): 0.59279872; class 17.11 (k = 2,
 * u = 1/615): 0.39498317. K = 13 p: 7.7325294, 7.7063834, 5.1347812.
 *   E = 0.59480995 x (7.7063834 + 88/272) / (7.7325294 + 1)
 *                  x (5.1347812 + 272/615) / (7.7063834 + 1) = 0.35036154
 * The other figures below come from the same recursion (a Python line per
 * figure in the commit message's check; the C code was not used).
 */
#include <stdlib.h>

#include "engine/evidence.h"
#include "engine/internal.h"
#include "fixture.h"
#include "symbi_config.h"
#include "unit.h"


static symbi_kb *load(void)
{
	const char *data = getenv("SYMBI_DATADIR");
	char ewc[4200], scoring[4200], ex[4200];
	snprintf(ewc, sizeof ewc, "%s/ewc.csv", data ? data : SYMBI_SOURCE_DATADIR);
	snprintf(scoring, sizeof scoring, "%s/scoring.csv", data ? data : SYMBI_SOURCE_DATADIR);
	snprintf(ex, sizeof ex, "%s/exchanges_evidence.csv", fixdir);
	symbi_kb *kb = NULL;
	symbi_diags *d = NULL;
	CHECK(symbi_diags_new(&d, 20) == 0);
	CHECK(symbi_kb_new(&kb) == 0);
	CHECK_EQ_INT(symbi_kb_load_ewc(kb, ewc, d), 0);
	CHECK_EQ_INT(symbi_kb_load_scoring(kb, scoring, d), 0);
	CHECK_EQ_INT(symbi_kb_load_exchanges(kb, ex, d), 0);
	CHECK_EQ_INT(symbi_kb_finish(kb, d), 0);
	symbi_diags_free(d);
	return kb;
}

/* The same table read after fixtures/corrections_evidence.csv: D1 dropped
 * (case D), C2 recoded 030101 -> 030105 (case C, receiver under 35), C1
 * dropped (any case, receiver under 17.12). Left: A 030105 -> 17.11, B
 * 030105 -> 17.11, C 030105 -> 35.11. N(T) = N(03) = N(0301) = N(030105) = 3,
 * k = 2 for division 17 at every level:
 *   p(T,17)      = (2 + 10/88) / 13           = 0.16258741
 *   p(03,17)     = (2 + 1.6258741) / 13       = 0.27891339
 *   p(0301,17)   = (2 + 2.7891339) / 13       = 0.36839492
 *   p(030105,17) = (2 + 3.6839492) / 13       = 0.43722686 = E for a firm "17". */
static void check_corrections(void)
{
	const char *data = getenv("SYMBI_DATADIR");
	char ewc[4200], scoring[4200], ex[4200], co[4200], bad[4200];
	snprintf(ewc, sizeof ewc, "%s/ewc.csv", data ? data : SYMBI_SOURCE_DATADIR);
	snprintf(scoring, sizeof scoring, "%s/scoring.csv", data ? data : SYMBI_SOURCE_DATADIR);
	snprintf(ex, sizeof ex, "%s/exchanges_evidence.csv", fixdir);
	snprintf(co, sizeof co, "%s/corrections_evidence.csv", fixdir);
	snprintf(bad, sizeof bad, "%s/corrections_bad.csv", fixdir);
	symbi_kb *kb = NULL;
	symbi_diags *d = NULL;
	CHECK(symbi_diags_new(&d, 20) == 0);
	CHECK(symbi_kb_new(&kb) == 0);
	CHECK_EQ_INT(symbi_kb_load_ewc(kb, ewc, d), 0);
	CHECK_EQ_INT(symbi_kb_load_scoring(kb, scoring, d), 0);
	/* Bad rows: an unknown code, an unknown action, a recode without and a
	 * drop with a target, no reason: five errors, nothing kept. */
	CHECK_EQ_INT(symbi_kb_load_exchange_corrections(kb, bad, d), SYMBI_EINPUT);
	CHECK_EQ_INT(symbi_diags_errors(d), 5);
	symbi_diags_free(d);
	CHECK(symbi_diags_new(&d, 20) == 0);
	CHECK_EQ_INT(symbi_kb_load_exchange_corrections(kb, co, d), 0);
	CHECK_EQ_INT(symbi_kb_load_exchanges(kb, ex, d), 0);
	/* Corrections come first: after a table they would not apply to it. */
	CHECK_EQ_INT(symbi_kb_load_exchange_corrections(kb, co, d), SYMBI_EINPUT);
	CHECK_EQ_INT(symbi_kb_finish(kb, d), 0);
	CHECK_EQ_INT(symbi_diags_errors(d), 0);
	symbi__evidence_est e;
	symbi__evidence_estimate(kb->evidence, kb, SYMBI__EV_TAKE, symbi_kb_find(kb, "ewc:030105"),
	                         "17", &e);
	CHECK_NEAR(e.likelihood, 0.43722686, 1e-8);
	CHECK_NEAR(e.total, 3, 0);
	CHECK_EQ_INT(e.exchanges, 2);
	symbi__evidence_estimate(kb->evidence, kb, SYMBI__EV_TAKE, symbi_kb_find(kb, "ewc:030105"),
	                         "35.11", &e);
	CHECK_EQ_INT(e.support_code, symbi_kb_find(kb, "ewc:030105"));
	CHECK_STR(e.support_nace, "35.11");
	CHECK_EQ_INT(e.exchanges, 1);
	symbi__evidence_estimate(kb->evidence, kb, SYMBI__EV_TAKE, symbi_kb_find(kb, "ewc:100102"),
	                         "23.51", &e);
	CHECK_EQ_INT(e.support_code, -1);
	symbi__evidence_estimate(kb->evidence, kb, SYMBI__EV_TAKE, symbi_kb_find(kb, "ewc:030105"),
	                         "17.12", &e);
	CHECK_STR(e.support_nace, "17.1");
	symbi_kb_free(kb);
	symbi_diags_free(d);
}

static double E(const symbi_kb *kb, symbi__ev_side side, const char *code, const char *nace)
{
	symbi__evidence_est e;
	symbi__evidence_estimate(kb->evidence, kb, side, symbi_kb_find(kb, code), nace, &e);
	return e.likelihood;
}

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fixture_init();
	symbi_kb *kb = load();
	CHECK(kb && kb->evidence);
	if (!kb || !kb->evidence)
		return 1;
	CHECK_EQ_INT(symbi__evidence_rows(kb->evidence), 5);
	CHECK_EQ_INT(symbi__evidence_cases(kb->evidence), 4);

	/* The worked example; then a code seen often (030105 to 17.11: 2 of
	 * 3) against one seen once (100102 to 23.51, the only exchange of its
	 * chapter): the pull towards the prior weighs more on the latter. */
	CHECK_NEAR(E(kb, SYMBI__EV_TAKE, "ewc:030105", "17.11"), 0.350361544, 1e-8);
	CHECK_NEAR(E(kb, SYMBI__EV_TAKE, "ewc:100102", "23.51"), 0.220564484, 1e-8);
	/* Smoothing across the code hierarchy: bark (030101) was never taken
	 * by a pulp mill, but its sub-chapter's sawdust was, three times; and
	 * sawdust was never burnt at 35.11, but its sub-chapter's bark was. */
	CHECK_NEAR(E(kb, SYMBI__EV_TAKE, "ewc:030101", "17.11"), 0.236635514, 1e-8);
	CHECK_NEAR(E(kb, SYMBI__EV_TAKE, "ewc:030101", "35.11"), 0.160438837, 1e-8);
	CHECK_NEAR(E(kb, SYMBI__EV_TAKE, "ewc:030105", "35.11"), 0.070312792, 1e-8);
	CHECK_NEAR(E(kb, SYMBI__EV_TAKE, "ewc:100102", "17.11"), 0.066627046, 1e-8);
	/* Across the NACE hierarchy: a class of the same group seen once, a
	 * class of the same division never seen, a firm known to its
	 * division only, and another division. */
	CHECK_NEAR(E(kb, SYMBI__EV_TAKE, "ewc:030105", "17.12"), 0.189246823, 1e-8);
	CHECK_NEAR(E(kb, SYMBI__EV_TAKE, "ewc:030105", "17.29"), 0.010123151, 1e-8);
	CHECK_NEAR(E(kb, SYMBI__EV_TAKE, "ewc:030105", "17"), 0.594809952, 1e-8);
	CHECK_NEAR(E(kb, SYMBI__EV_TAKE, "ewc:030105", "16.10"), 0.000425436, 1e-9);

	/* The support shown in explain: the most specific code node, then the
	 * finest prefix, with documented exchanges. */
	symbi__evidence_est e;
	symbi__evidence_estimate(kb->evidence, kb, SYMBI__EV_TAKE, symbi_kb_find(kb, "ewc:030101"),
	                         "17.11", &e);
	CHECK_EQ_INT(e.support_code, symbi_kb_find(kb, "ewc:0301"));
	CHECK_STR(e.support_nace, "17.11");
	CHECK_EQ_INT(e.exchanges, 2);
	CHECK_EQ_INT(e.cases, 2);
	CHECK_NEAR(e.total, 4, 0);
	CHECK_STR(e.cites, "case A: Author A 2001; case B: Author B 2002");
	symbi__evidence_estimate(kb->evidence, kb, SYMBI__EV_TAKE, symbi_kb_find(kb, "ewc:030105"),
	                         "01.11", &e);
	CHECK_EQ_INT(e.support_code, -1);
	CHECK(e.cites == NULL);

	/* The other end: who gives sawdust. Providers are all 16.10 for 03. */
	CHECK(E(kb, SYMBI__EV_GIVE, "ewc:030105", "16.10") > 0.5);
	CHECK(E(kb, SYMBI__EV_GIVE, "ewc:030105", "35.11") < 0.05);

	/* Several activities: the best of the firm's codes. */
	symbi_firm f = {0};
	f.nace = "01.11";
	f.nace_extra = "35.30;17.11";
	symbi__evidence_firm(kb->evidence, kb, SYMBI__EV_TAKE, symbi_kb_find(kb, "ewc:030105"), &f,
	                     &e);
	CHECK_NEAR(e.likelihood, 0.350361544, 1e-8);
	CHECK(symbi__evidence_firm_supported(kb->evidence, kb, SYMBI__EV_TAKE,
	                                     symbi_kb_find(kb, "ewc:030105"), &f));
	f.nace_extra = NULL;
	CHECK(!symbi__evidence_firm_supported(kb->evidence, kb, SYMBI__EV_TAKE,
	                                      symbi_kb_find(kb, "ewc:030105"), &f));
	CHECK(symbi__firm_nace_matches("35.3", &(symbi_firm){.nace = "01.11", .nace_extra = "35.30"}));

	/* The divisions documented for a code's chapter. */
	const char *const *divs;
	size_t nd = symbi__evidence_divisions(kb->evidence, kb, SYMBI__EV_TAKE,
	                                      symbi_kb_find(kb, "ewc:030105"), &divs);
	CHECK_EQ_INT(nd, 2);
	if (nd == 2) {
		CHECK_STR(divs[0], "17");
		CHECK_STR(divs[1], "35");
	}

	/* The divisions documented for any code of a class: materials taken by
	 * 17 and 35 (chapter 03) and 23 (chapter 10), given by 16 and 35; an
	 * unknown code (no resources.csv here) has none. (That another class's
	 * divisions stay out is checked end to end: tests/cli/match.cases,
	 * data/small and data/multi.) */
	nd = symbi__evidence_class_divisions(kb->evidence, kb, SYMBI__EV_TAKE,
	                                     symbi_kb_find(kb, "ewc:030105"), &divs);
	CHECK_EQ_INT(nd, 3);
	if (nd == 3) {
		CHECK_STR(divs[0], "17");
		CHECK_STR(divs[1], "23");
		CHECK_STR(divs[2], "35");
	}
	nd = symbi__evidence_class_divisions(kb->evidence, kb, SYMBI__EV_GIVE,
	                                     symbi_kb_find(kb, "ewc:100102"), &divs);
	CHECK_EQ_INT(nd, 2);
	if (nd == 2) {
		CHECK_STR(divs[0], "16");
		CHECK_STR(divs[1], "35");
	}
	CHECK_EQ_INT(symbi__evidence_class_divisions(kb->evidence, kb, SYMBI__EV_TAKE,
	                                             symbi_kb_find(kb, "energy:heat"), &divs),
	             0);

	/* Decay: 2^(-d/32.8) for materials; piped classes 32.8 x 10/100 km. */
	CHECK_NEAR(symbi__evidence_decay(kb->evidence, SYMBI_CLASS_MATERIAL, 0), 1, 0);
	CHECK_NEAR(symbi__evidence_decay(kb->evidence, SYMBI_CLASS_MATERIAL, 32.8), 0.5, 1e-12);
	CHECK_NEAR(symbi__evidence_decay(kb->evidence, SYMBI_CLASS_MATERIAL, 65.6), 0.25, 1e-12);
	CHECK_NEAR(symbi__evidence_half_km(kb->evidence, SYMBI_CLASS_ENERGY, NULL), 3.28, 1e-12);

	/* A firm's NACE list. */
	char main_code[16], extra[40];
	CHECK_EQ_INT(symbi__nace_list("36.00;C35.30", main_code, sizeof main_code, extra,
	                              sizeof extra),
	             2);
	CHECK_STR(main_code, "36.00");
	CHECK_STR(extra, "35.30");
	CHECK_EQ_INT(symbi__nace_list("36.00;35.30;38.21", main_code, sizeof main_code, extra,
	                              sizeof extra),
	             3);
	CHECK_STR(extra, "35.30;38.21");
	CHECK_EQ_INT(symbi__nace_list("36;35;38;37", main_code, sizeof main_code, extra,
	                              sizeof extra),
	             0);
	CHECK_EQ_INT(symbi__nace_list("36.00;36.00", main_code, sizeof main_code, extra,
	                              sizeof extra),
	             0);
	CHECK_EQ_INT(symbi__nace_list("36.00;99.99.9", main_code, sizeof main_code, extra,
	                              sizeof extra),
	             0);
	symbi_kb_free(kb);
	check_corrections();
	printf("%d checks, %d failed\n", unit_checks, unit_failures);
	return unit_failures > 100 ? 100 : unit_failures;
}
