/*
 * test_alloc.c: the optimal allocation (engine/alloc.c) on instances whose
 * optimum is worked out by hand, and a property check on a generated one.
 */
#include <glpk.h>

#include "engine/alloc_internal.h"
#include "fixture.h"

#define TOL 1e-6

/* Greedy (best pair first) is worse than the optimum.
 *
 *   supplies s1 (firm S1) 10 t, s2 (firm S2) 10 t; demands d1 (D1) 10 t,
 *   d2 (D2) 10 t. Candidates:
 *     c0 s1 -> d1  10 t  1000 NOK  (100 NOK/t)
 *     c1 s1 -> d2  10 t   900 NOK  ( 90 NOK/t)
 *     c2 s2 -> d1  10 t   800 NOK  ( 80 NOK/t)
 *
 *   Greedy takes c0 first (the best pair): s1 and d1 are then used up, so c1
 *   and c2 get nothing: 1000 NOK.
 *   Optimum: s1 feeds x0 + x1 <= 10 and d1 takes x0 + x2 <= 10; at the best
 *   x1 = 10 - x0 and x2 = 10 - x0, so the total is
 *   100 x0 + 90 (10 - x0) + 80 (10 - x0) = 1700 - 70 x0, largest at x0 = 0:
 *   c1 = 10 t and c2 = 10 t, 1700 NOK. */
static void test_greedy_is_worse(void)
{
	fixture fx;
	fx_init(&fx);
	uint32_t S1 = fx_firm(&fx, "S1", NULL, NULL), S2 = fx_firm(&fx, "S2", NULL, NULL);
	uint32_t D1 = fx_firm(&fx, "D1", NULL, NULL), D2 = fx_firm(&fx, "D2", NULL, NULL);
	uint32_t s1 = fx_stream(&fx, S1, "s1", SYMBI_SUPPLY, 0, 10);
	uint32_t s2 = fx_stream(&fx, S2, "s2", SYMBI_SUPPLY, 0, 10);
	uint32_t d1 = fx_stream(&fx, D1, "d1", SYMBI_DEMAND, 0, 10);
	uint32_t d2 = fx_stream(&fx, D2, "d2", SYMBI_DEMAND, 0, 10);
	fx_cand(&fx, s1, d1, 10, 10, 1000, 1.0);
	fx_cand(&fx, s1, d2, 10, 10, 900, 2.0);
	fx_cand(&fx, s2, d1, 10, 10, 800, 3.0);
	symbi_matches *m = fx_matches(&fx);

	symbi_allocation_summary sum;
	CHECK_EQ_INT(symbi_allocate(m, SYMBI_OBJECTIVE_VALUE, &sum), 0);
	CHECK_NEAR(fx.cands[0].allocated, 0, TOL);
	CHECK_NEAR(fx.cands[1].allocated, 10, TOL);
	CHECK_NEAR(fx.cands[2].allocated, 10, TOL);
	CHECK_NEAR(sum.total_value_nok, 1700, TOL);
	CHECK_NEAR(sum.total_co2e_t, 5.0, TOL);
	CHECK_EQ_INT(sum.partnerships_used, 2);
	CHECK_EQ_INT(sum.components, 1);
	CHECK(sum.remaining != NULL);
	CHECK(sum.remaining == m->remaining);
	CHECK_NEAR(sum.remaining[s1], 0, TOL);
	CHECK_NEAR(sum.remaining[s2], 0, TOL);
	CHECK_NEAR(sum.remaining[d1], 0, TOL);
	CHECK_NEAR(sum.remaining[d2], 0, TOL);

	/* With the CO2 objective the weights are 0.1, 0.2, 0.3 t per t: the
	 * same optimum structure gives c1 + c2 = 5 t CO2e, and the value of
	 * that allocation is still 1700. */
	CHECK_EQ_INT(symbi_allocate(m, SYMBI_OBJECTIVE_CO2, &sum), 0);
	CHECK_NEAR(sum.total_co2e_t, 5.0, TOL);
	CHECK_NEAR(fx.cands[0].allocated, 0, TOL);
	fx_free(&fx);
}

/* Two parts that share no stream are solved apart: components == 2. The
 * second is a single candidate (solved without GLPK) limited by its supply:
 * 5 t of 8 t demanded, so 3 t of the demand remain. A stream in no candidate
 * reads NaN. */
static void test_components(void)
{
	fixture fx;
	fx_init(&fx);
	uint32_t A = fx_firm(&fx, "A", NULL, NULL), B = fx_firm(&fx, "B", NULL, NULL);
	uint32_t C = fx_firm(&fx, "C", NULL, NULL), D = fx_firm(&fx, "D", NULL, NULL);
	uint32_t a1 = fx_stream(&fx, A, "a1", SYMBI_SUPPLY, 0, 10);
	uint32_t b1 = fx_stream(&fx, B, "b1", SYMBI_DEMAND, 0, 4);
	uint32_t b2 = fx_stream(&fx, B, "b2", SYMBI_DEMAND, 0, 4);
	uint32_t c1 = fx_stream(&fx, C, "c1", SYMBI_SUPPLY, 1, 5);
	uint32_t d1 = fx_stream(&fx, D, "d1", SYMBI_DEMAND, 1, 8);
	uint32_t lone = fx_stream(&fx, D, "lone", SYMBI_DEMAND, 2, 1);
	fx_cand(&fx, a1, b1, 4, 4, 40, 0);
	fx_cand(&fx, a1, b2, 4, 4, 20, 0);
	fx_cand(&fx, c1, d1, 5, 5, 50, 0);
	symbi_matches *m = fx_matches(&fx);
	symbi_allocation_summary sum;
	CHECK_EQ_INT(symbi_allocate(m, SYMBI_OBJECTIVE_VALUE, &sum), 0);
	CHECK_EQ_INT(sum.components, 2);
	CHECK_EQ_INT(sum.partnerships_used, 3);
	CHECK_NEAR(fx.cands[2].allocated, 5, TOL);
	CHECK_NEAR(sum.total_value_nok, 110, TOL);
	CHECK_NEAR(sum.remaining[a1], 2, TOL);
	CHECK_NEAR(sum.remaining[d1], 3, TOL);
	CHECK_NEAR(sum.remaining[c1], 0, TOL);
	CHECK(isnan(sum.remaining[lone]));
	fx_free(&fx);
}

/* Yields: one supply of 10 t serves demand A through a rule of yield 2
 * (1 t of supply makes 2 t of A's input, A needs 8 t, worth 1 NOK per t
 * delivered) and demand B with yield 1 (B needs 10 t, worth 1.5 NOK per t).
 * Per tonne of SUPPLY, A earns 2 and B 1.5, so A is filled first: x_A = 8
 * (4 t of supply), then x_B = 6 with the 6 t left: 8 + 9 = 17 NOK. Filling B
 * first would give 10 * 1.5 = 15 NOK. Remaining: supply 0, A 0, B 4. */
static void test_yields(void)
{
	fixture fx;
	fx_init(&fx);
	uint32_t S = fx_firm(&fx, "S", NULL, NULL), A = fx_firm(&fx, "A", NULL, NULL);
	uint32_t B = fx_firm(&fx, "B", NULL, NULL);
	uint32_t s = fx_stream(&fx, S, "s", SYMBI_SUPPLY, 0, 10);
	uint32_t a = fx_stream(&fx, A, "a", SYMBI_DEMAND, 1, 8);
	uint32_t b = fx_stream(&fx, B, "b", SYMBI_DEMAND, 0, 10);
	fx_cand(&fx, s, a, 8, 4, 8, 0);
	fx_cand(&fx, s, b, 10, 10, 15, 0);
	symbi_matches *m = fx_matches(&fx);
	symbi_allocation_summary sum;
	CHECK_EQ_INT(symbi_allocate(m, SYMBI_OBJECTIVE_VALUE, &sum), 0);
	CHECK_NEAR(fx.cands[0].allocated, 8, TOL);
	CHECK_NEAR(fx.cands[1].allocated, 6, TOL);
	CHECK_NEAR(sum.total_value_nok, 17, TOL);
	CHECK_NEAR(sum.remaining[s], 0, TOL);
	CHECK_NEAR(sum.remaining[a], 0, TOL);
	CHECK_NEAR(sum.remaining[b], 4, TOL);
	fx_free(&fx);

	/* A single candidate with a yield of 0.5 (closed form, no GLPK): 10 t
	 * of supply make at most 5 t, the candidate's quantity. */
	fx_init(&fx);
	S = fx_firm(&fx, "S", NULL, NULL);
	A = fx_firm(&fx, "A", NULL, NULL);
	s = fx_stream(&fx, S, "s", SYMBI_SUPPLY, 0, 10);
	a = fx_stream(&fx, A, "a", SYMBI_DEMAND, 1, 100);
	fx_cand(&fx, s, a, 5, 10, 50, 0);
	m = fx_matches(&fx);
	CHECK_EQ_INT(symbi_allocate(m, SYMBI_OBJECTIVE_VALUE, &sum), 0);
	CHECK_NEAR(fx.cands[0].allocated, 5, TOL);
	CHECK_NEAR(sum.remaining[s], 0, TOL);
	CHECK_NEAR(sum.remaining[a], 95, TOL);
	CHECK_EQ_INT(sum.components, 1);
	fx_free(&fx);
}

/* Candidates whose objective is negative or zero get nothing, even with
 * spare supply and demand; sector candidates are left out (NaN). */
static void test_negative_and_sector(void)
{
	fixture fx;
	fx_init(&fx);
	uint32_t S = fx_firm(&fx, "S", NULL, NULL), A = fx_firm(&fx, "A", NULL, NULL);
	uint32_t B = fx_firm(&fx, "B", NULL, NULL);
	uint32_t s = fx_stream(&fx, S, "s", SYMBI_SUPPLY, 0, 10);
	uint32_t a = fx_stream(&fx, A, "a", SYMBI_DEMAND, 0, 10);
	uint32_t b = fx_stream(&fx, B, "b", SYMBI_DEMAND, 0, 10);
	fx_cand(&fx, s, a, 10, 10, -500, 2.0); /* loses money, saves CO2 */
	fx_cand(&fx, s, b, 10, 10, 0, -1.0);   /* worth nothing */
	size_t sec = fx_cand(&fx, s, SYMBI_NONE, 10, 10, 300, 1.0);
	fx.cands[sec].basis = SYMBI_BASIS_SECTOR;
	fx.cands[sec].receiver = B;
	symbi_matches *m = fx_matches(&fx);
	symbi_allocation_summary sum;
	CHECK_EQ_INT(symbi_allocate(m, SYMBI_OBJECTIVE_VALUE, &sum), 0);
	CHECK(fx.cands[0].allocated == 0.0);
	CHECK(fx.cands[1].allocated == 0.0);
	CHECK(isnan(fx.cands[sec].allocated));
	CHECK_EQ_INT(sum.partnerships_used, 0);
	CHECK_EQ_INT(sum.components, 0);
	CHECK_NEAR(sum.total_value_nok, 0, TOL);
	CHECK_NEAR(sum.remaining[s], 10, TOL);
	CHECK_NEAR(sum.remaining[a], 10, TOL);

	/* For CO2 the first one is worth doing, the second is not. */
	CHECK_EQ_INT(symbi_allocate(m, SYMBI_OBJECTIVE_CO2, &sum), 0);
	CHECK_NEAR(fx.cands[0].allocated, 10, TOL);
	CHECK(fx.cands[1].allocated == 0.0);
	CHECK_NEAR(sum.total_co2e_t, 2.0, TOL);
	CHECK_NEAR(sum.total_value_nok, -500, TOL);
	CHECK_NEAR(sum.remaining[b], 10, TOL);
	fx_free(&fx);
}

/* No candidates at all. */
static void test_empty(void)
{
	fixture fx;
	fx_init(&fx);
	uint32_t S = fx_firm(&fx, "S", NULL, NULL);
	uint32_t s = fx_stream(&fx, S, "s", SYMBI_SUPPLY, 0, 10);
	symbi_matches *m = fx_matches(&fx);
	symbi_allocation_summary sum;
	CHECK_EQ_INT(symbi_allocate(m, SYMBI_OBJECTIVE_VALUE, &sum), 0);
	CHECK_EQ_INT(sum.components, 0);
	CHECK_EQ_INT(sum.partnerships_used, 0);
	CHECK(isnan(sum.remaining[s]));
	fx_free(&fx);
}

/* ---- Property check on a generated instance ------------------------------------ */

static uint64_t rng_state = 0x9e3779b97f4a7c15u;
static double rnd(void) /* xorshift64*, uniform in [0, 1) */
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (double)((rng_state * 2685821657736338717u) >> 11) / 9007199254740992.0;
}

/* Greedy by objective per unit delivered, best first: a feasible allocation
 * the optimum can never be below. */
static double greedy_total(const fixture *fx, double *left)
{
	size_t n = fx->n, ns = symbi_dataset_stream_count(fx->ds);
	size_t *order = malloc(n * sizeof *order);
	for (size_t s = 0; s < ns; s++)
		left[s] = symbi_dataset_stream(fx->ds, (uint32_t)s)->quantity;
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	for (size_t i = 1; i < n; i++) /* insertion sort by value per unit, desc */
		for (size_t j = i; j > 0; j--) {
			const symbi_candidate *x = &fx->cands[order[j - 1]],
			                      *y = &fx->cands[order[j]];
			if (x->value_nok / x->quantity >= y->value_nok / y->quantity)
				break;
			size_t t = order[j];
			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	double total = 0;
	for (size_t i = 0; i < n; i++) {
		const symbi_candidate *c = &fx->cands[order[i]];
		if (c->value_nok <= 0)
			continue;
		double a = c->supply_used / c->quantity;
		double x = c->quantity;
		if (left[c->supply] / a < x)
			x = left[c->supply] / a;
		if (left[c->demand] < x)
			x = left[c->demand];
		if (x <= 0)
			continue;
		left[c->supply] -= a * x;
		left[c->demand] -= x;
		total += c->value_nok * x / c->quantity;
	}
	free(order);
	return total;
}

/* The optimum of the whole LP, every candidate a column, solved here with
 * GLPK directly (no column generation, no greedy start, presolver on): an
 * independent check of the engine's answer. */
static double full_lp(const fixture *fx, symbi_objective obj)
{
	size_t ns = symbi_dataset_stream_count(fx->ds);
	glp_term_out(GLP_OFF);
	glp_prob *lp = glp_create_prob();
	glp_set_obj_dir(lp, GLP_MAX);
	glp_add_rows(lp, (int)ns);
	for (size_t r = 0; r < ns; r++)
		glp_set_row_bnds(lp, (int)r + 1, GLP_UP, 0,
		                 symbi_dataset_stream(fx->ds, (uint32_t)r)->quantity);
	for (size_t i = 0; i < fx->n; i++) {
		const symbi_candidate *c = &fx->cands[i];
		double f = obj == SYMBI_OBJECTIVE_CO2 ? c->co2e_t : c->value_nok;
		int j = glp_add_cols(lp, 1);
		int ind[3] = {0, (int)c->supply + 1, (int)c->demand + 1};
		double val[3] = {0, c->supply_used / c->quantity, 1};
		if (f > 0)
			glp_set_col_bnds(lp, j, GLP_DB, 0, c->quantity);
		else
			glp_set_col_bnds(lp, j, GLP_FX, 0, 0);
		glp_set_obj_coef(lp, j, f / c->quantity);
		glp_set_mat_col(lp, j, 2, ind, val);
	}
	glp_smcp parm;
	glp_init_smcp(&parm);
	parm.presolve = GLP_ON;
	parm.msg_lev = GLP_MSG_OFF;
	int rc = glp_simplex(lp, &parm);
	double z = rc == 0 && glp_get_status(lp) == GLP_OPT ? glp_get_obj_val(lp) : NAN;
	glp_delete_prob(lp);
	return z;
}

static void test_property(void)
{
	enum { NS = 40, ND = 40, NC = 300 };
	fixture fx;
	fx_init(&fx);
	uint32_t sup[NS], dem[ND];
	char id[32];
	for (int i = 0; i < NS; i++) {
		snprintf(id, sizeof id, "S%02d", i);
		uint32_t f = fx_firm(&fx, id, NULL, NULL);
		sup[i] = fx_stream(&fx, f, NULL, SYMBI_SUPPLY, 0, 1.0 + 999.0 * rnd());
	}
	for (int i = 0; i < ND; i++) {
		snprintf(id, sizeof id, "D%02d", i);
		uint32_t f = fx_firm(&fx, id, NULL, NULL);
		dem[i] = fx_stream(&fx, f, NULL, SYMBI_DEMAND, 0, 1.0 + 999.0 * rnd());
	}
	for (int k = 0; k < NC; k++) {
		uint32_t s = sup[(int)(rnd() * NS)], d = dem[(int)(rnd() * ND)];
		double yield = 0.25 + 2.0 * rnd();
		double sq = symbi_dataset_stream(fx.ds, s)->quantity;
		double dq = symbi_dataset_stream(fx.ds, d)->quantity;
		double q = sq * yield < dq ? sq * yield : dq;
		double value = (rnd() - 0.2) * 1000.0 * q; /* one in five loses money */
		fx_cand(&fx, s, d, q, q / yield, value, value / 500.0);
	}
	symbi_matches *m = fx_matches(&fx);
	symbi_allocation_summary sum;
	CHECK_EQ_INT(symbi_allocate(m, SYMBI_OBJECTIVE_VALUE, &sum), 0);

	size_t ns = symbi_dataset_stream_count(fx.ds);
	double *use = calloc(ns, sizeof *use), *left = calloc(ns, sizeof *left);
	double *first = malloc(NC * sizeof *first);
	int bad_bounds = 0, bad_negative = 0;
	double total = 0;
	for (int k = 0; k < NC; k++) {
		const symbi_candidate *c = &fx.cands[k];
		first[k] = c->allocated;
		if (!(c->allocated >= 0) || c->allocated > c->quantity)
			bad_bounds++;
		if (c->value_nok <= 0 && c->allocated != 0)
			bad_negative++;
		use[c->supply] += c->allocated * c->supply_used / c->quantity;
		use[c->demand] += c->allocated;
		total += c->value_nok * c->allocated / c->quantity;
	}
	CHECK_EQ_INT(bad_bounds, 0);
	CHECK_EQ_INT(bad_negative, 0);
	int over = 0, bad_remaining = 0;
	for (size_t s = 0; s < ns; s++) {
		double q = symbi_dataset_stream(fx.ds, (uint32_t)s)->quantity;
		if (use[s] > q * (1 + 1e-12))
			over++;
		if (!isnan(sum.remaining[s]) &&
		    (sum.remaining[s] < 0 || fabs(sum.remaining[s] - (q - use[s])) > 1e-6 * q))
			bad_remaining++;
	}
	CHECK_EQ_INT(over, 0);
	CHECK_EQ_INT(bad_remaining, 0);
	CHECK_NEAR(sum.total_value_nok, total, 1e-6 * fabs(total));
	double g = greedy_total(&fx, left);
	CHECK(sum.total_value_nok >= g - 1e-6 * fabs(g));
	CHECK_EQ_INT(sum.components_capped, 0);
	/* Column generation (300 candidates > 64) reaches the full optimum. */
	double z = full_lp(&fx, SYMBI_OBJECTIVE_VALUE);
	CHECK_NEAR(sum.total_value_nok, z, 1e-7 * fabs(z));
	printf("generated instance: optimum %.2f NOK, greedy %.2f NOK, %zu components, %zu used\n",
	       sum.total_value_nok, g, sum.components, sum.partnerships_used);

	/* Same input, same allocation to the bit. */
	CHECK_EQ_INT(symbi_allocate(m, SYMBI_OBJECTIVE_VALUE, &sum), 0);
	int differ = 0;
	for (int k = 0; k < NC; k++)
		differ += memcmp(&first[k], &fx.cands[k].allocated, sizeof(double)) != 0;
	CHECK_EQ_INT(differ, 0);

	/* With almost no work allowed the search stops early: still feasible,
	 * at least the greedy total, and flagged. */
	double cap = symbi__alloc_work_cap;
	symbi__alloc_work_cap = 1;
	CHECK_EQ_INT(symbi_allocate(m, SYMBI_OBJECTIVE_VALUE, &sum), 0);
	symbi__alloc_work_cap = cap;
	CHECK_EQ_INT(sum.components_capped, 1);
	CHECK(sum.total_value_nok >= g - 1e-6 * fabs(g));
	CHECK(sum.total_value_nok <= z + 1e-7 * fabs(z));
	memset(use, 0, ns * sizeof *use);
	for (int k = 0; k < NC; k++) {
		const symbi_candidate *c = &fx.cands[k];
		use[c->supply] += c->allocated * c->supply_used / c->quantity;
		use[c->demand] += c->allocated;
	}
	over = 0;
	for (size_t s = 0; s < ns; s++)
		over += use[s] > symbi_dataset_stream(fx.ds, (uint32_t)s)->quantity * (1 + 1e-12);
	CHECK_EQ_INT(over, 0);
	printf("capped: %.2f NOK\n", sum.total_value_nok);

	/* The CO2 objective too. */
	CHECK_EQ_INT(symbi_allocate(m, SYMBI_OBJECTIVE_CO2, &sum), 0);
	z = full_lp(&fx, SYMBI_OBJECTIVE_CO2);
	CHECK_NEAR(sum.total_co2e_t, z, 1e-7 * fabs(z));
	free(use);
	free(left);
	free(first);
	fx_free(&fx);
}

/* A larger generated market, several components, checked against the full
 * LP: 400 supplies and 400 demands in 4 regions that share no stream, 6000
 * candidates. */
/* A firm named id with one stream of `quantity` (code 0); the stream. */
static uint32_t lone_stream(fixture *fx, const char *id, symbi_direction dir, double quantity)
{
	return fx_stream(fx, fx_firm(fx, id, NULL, NULL), NULL, dir, 0, quantity);
}

static void test_large(void)
{
	enum { NR = 4, PER = 100, NC = 6000 };
	fixture fx;
	fx_init(&fx);
	uint32_t sup[NR][PER], dem[NR][PER];
	char id[32];
	for (int r = 0; r < NR; r++)
		for (int i = 0; i < PER; i++) {
			snprintf(id, sizeof id, "S%d-%03d", r, i);
			sup[r][i] = lone_stream(&fx, id, SYMBI_SUPPLY, 1.0 + 99.0 * rnd());
			snprintf(id, sizeof id, "D%d-%03d", r, i);
			dem[r][i] = lone_stream(&fx, id, SYMBI_DEMAND, 1.0 + 99.0 * rnd());
		}
	for (int k = 0; k < NC; k++) {
		int r = k % NR;
		uint32_t s = sup[r][(int)(rnd() * PER)], d = dem[r][(int)(rnd() * PER)];
		double yield = rnd() < 0.5 ? 1.0 : 0.5 + rnd();
		double sq = symbi_dataset_stream(fx.ds, s)->quantity;
		double dq = symbi_dataset_stream(fx.ds, d)->quantity;
		double q = sq * yield < dq ? sq * yield : dq;
		fx_cand(&fx, s, d, q, q / yield, (rnd() - 0.1) * 100.0 * q, 0);
	}
	symbi_matches *m = fx_matches(&fx);
	symbi_allocation_summary sum;
	CHECK_EQ_INT(symbi_allocate(m, SYMBI_OBJECTIVE_VALUE, &sum), 0);
	CHECK_EQ_INT(sum.components, NR);
	CHECK_EQ_INT(sum.components_capped, 0);
	double z = full_lp(&fx, SYMBI_OBJECTIVE_VALUE);
	CHECK_NEAR(sum.total_value_nok, z, 1e-7 * fabs(z));
	printf("large instance: %.2f NOK over %zu partnerships (full LP %.2f)\n",
	       sum.total_value_nok, sum.partnerships_used, z);
	fx_free(&fx);
}

/* One market of 3000 candidates (past the size where the network simplex
 * gives the starting basis), with values per unit from a small set, so that
 * many allocations tie for the optimum, and yields of 0.5, 1 and 2: the total
 * is the full LP's, no stream gives or takes more than its quantity, and a
 * candidate worth nothing or less is never used. */
static void test_large_ties(void)
{
	enum { PER = 300, NC = 3000 };
	fixture fx;
	fx_init(&fx);
	uint32_t sup[PER], dem[PER];
	char id[32];
	for (int i = 0; i < PER; i++) {
		snprintf(id, sizeof id, "TS%03d", i);
		sup[i] = lone_stream(&fx, id, SYMBI_SUPPLY, (double)(1 + (int)(50 * rnd())));
		snprintf(id, sizeof id, "TD%03d", i);
		dem[i] = lone_stream(&fx, id, SYMBI_DEMAND, (double)(1 + (int)(50 * rnd())));
	}
	static const double yields[] = {0.5, 1.0, 2.0};
	for (int k = 0; k < NC; k++) {
		uint32_t s = sup[(int)(rnd() * PER)], d = dem[(int)(rnd() * PER)];
		double yield = yields[(int)(rnd() * 3)];
		double sq = symbi_dataset_stream(fx.ds, s)->quantity;
		double dq = symbi_dataset_stream(fx.ds, d)->quantity;
		double q = sq * yield < dq ? sq * yield : dq;
		double per_unit = 100.0 * (double)((int)(rnd() * 5) - 1); /* -100 .. 300 */
		fx_cand(&fx, s, d, q, q / yield, per_unit * q, 0);
	}
	symbi_matches *m = fx_matches(&fx);
	symbi_allocation_summary sum;
	CHECK_EQ_INT(symbi_allocate(m, SYMBI_OBJECTIVE_VALUE, &sum), 0);
	CHECK_EQ_INT(sum.components, 1);
	CHECK_EQ_INT(sum.components_capped, 0);
	double z = full_lp(&fx, SYMBI_OBJECTIVE_VALUE);
	CHECK_NEAR(sum.total_value_nok, z, 1e-7 * fabs(z));
	size_t ns = symbi_dataset_stream_count(fx.ds), bad = 0;
	double *used = calloc(ns, sizeof *used);
	if (!used)
		abort();
	for (size_t i = 0; i < fx.n; i++) {
		const symbi_candidate *c = &fx.cands[i];
		if (c->allocated < -1e-9 || c->allocated > c->quantity * (1 + 1e-9) + 1e-9 ||
		    (c->value_nok <= 0.0 && c->allocated != 0.0))
			bad++;
		used[c->supply] += c->allocated / c->yield;
		used[c->demand] += c->allocated;
	}
	for (size_t i = 0; i < ns; i++) {
		double q = symbi_dataset_stream(fx.ds, (uint32_t)i)->quantity;
		if (used[i] > q * (1 + 1e-9) + 1e-9)
			bad++;
	}
	CHECK_EQ_INT(bad, 0);
	free(used);
	fx_free(&fx);
}

int main(void)
{
	test_greedy_is_worse();
	test_components();
	test_yields();
	test_negative_and_sector();
	test_empty();
	test_property();
	test_large();
	test_large_ties();
	return UNIT_DONE();
}
