/*
 * alloc.c: optimal allocation of supply to demand over the declared
 * candidate partnerships, solved exactly as a linear programme with GLPK.
 *
 * The problem. For every declared candidate c (supply s(c) -> demand d(c))
 * choose x_c >= 0, the quantity moved per year in the receiver's base unit,
 * to
 *
 *     maximise   sum_c w_c x_c          w_c = value_nok_c / quantity_c
 *                                         (or co2e_t_c / quantity_c)
 *     subject to sum_{c: s(c)=s} a_c x_c <= quantity_s   for every supply s
 *                sum_{c: d(c)=d} x_c     <= quantity_d   for every demand d
 *                0 <= x_c <= quantity_c
 *
 * where a_c = supply_used_c / quantity_c is the supply used per unit
 * delivered (1 / yield in base units). Candidates with w_c <= 0 are left
 * out: allocating them could only lower the total.
 *
 * Why an LP and not a min-cost flow: with yields a_c != 1 the flow is not
 * conserved along an arc (one tonne of slag makes 0.8 t of aggregate), so this
 * is a generalised flow problem, which the classic integral min-cost-flow
 * algorithms do not solve. On this bipartite structure the LP has one row per
 * stream and two non-zeros per column; the simplex method solves it exactly
 * (to GLPK's tolerances) and fast, and its optimum is a vertex, so most
 * candidates end up either unused or at a bound.
 *
 * The candidates are split into connected components over supplies and
 * demands (union-find, Tarjan 1975: near-linear O(n alpha(n))), solved one by
 * one in the order of their first candidate, so each LP stays small and the
 * result does not depend on anything but the candidate order. A component of
 * one candidate is solved in closed form without GLPK. A larger one is solved
 * by GLPK's primal simplex from a starting basis and, past 64 candidates, by
 * column generation: the simplex works on the few candidates that can matter
 * and prices the others with the duals until none can improve the total,
 * which proves the optimum for the whole component. The starting basis of a
 * component of 1000 candidates or more is the optimal one found by a
 * generalized network simplex that works on the component's graph (a pivot
 * costs the few rows it touches, where one of GLPK's costs all of them), so
 * GLPK only confirms it; a smaller one starts from a greedy basis (best value
 * per unit first). Iterations grow with the streams of a component, so a
 * deterministic work cap (symbi__alloc_work_cap) keeps a national-scale
 * component from running for hours: past it the feasible point reached is
 * kept and flagged (components_capped).
 *
 * Value and CO2e of a partial allocation are the candidate's figures scaled by
 * x_c / quantity_c. That is exact for road transport, priced per unit-km, and
 * approximate for pipes, whose fixed yearly cost does not shrink with the
 * quantity (the scaled value then overstates a partly used pipe slightly).
 */
#include <glpk.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_internal.h"

static double objective_of(const symbi_candidate *c, symbi_objective obj)
{
	return obj == SYMBI_OBJECTIVE_CO2 ? c->co2e_t : c->value_nok;
}

/* ==== Union-find over stream indices ============================================ */

static uint32_t uf_find(uint32_t *parent, uint32_t x)
{
	while (parent[x] != x) {
		parent[x] = parent[parent[x]]; /* path halving */
		x = parent[x];
	}
	return x;
}

static void uf_union(uint32_t *parent, uint32_t a, uint32_t b)
{
	a = uf_find(parent, a);
	b = uf_find(parent, b);
	/* The smaller index becomes the root: deterministic, and no rank array
	 * is needed for the sizes met here (path halving keeps it near-linear
	 * in practice). */
	if (a < b)
		parent[b] = a;
	else if (b < a)
		parent[a] = b;
}

/* ==== GLPK with its error hook =================================================== */

/* GLPK calls this on an internal error and would abort the process if it
 * returned; jump back to solve_lp instead (GLPK manual, glp_error_hook). */
typedef struct glpk_guard {
	jmp_buf env;
} glpk_guard;

static void on_glpk_error(void *info)
{
	glpk_guard *g = info;
	longjmp(g->env, 1);
}

/* Column generation (Dantzig-Wolfe pricing; e.g. Chvatal, "Linear
 * Programming", 1983, ch. 26): an optimum uses few of the candidates (at
 * most one basic column per stream, the rest at a bound), so a component of
 * more than CG_MIN_COLUMNS candidates is solved on a working set — for each
 * demand the CG_START best candidates by value per unit delivered, for each
 * supply the CG_START best by value per unit of supply — and the left-out
 * candidates are priced with the row duals y of the restricted optimum:
 * reduced cost d_c = w_c - a_c y_s - y_d. While some d_c > 0 the best
 * CG_ADD of them per stream join the working set and the simplex goes on from
 * its last basis. When none is left, the duals are feasible for the whole
 * problem, so the restricted optimum is optimal for it (LP duality). The set
 * only grows, so this ends; in practice after a few rounds, each much
 * cheaper than one simplex over every candidate. */
#define CG_MIN_COLUMNS 64
#define CG_START 1
#define CG_ADD 2

/* The work allowed on one component, in simplex iterations times columns
 * of the LP (each iteration of GLPK's primal simplex prices and updates
 * every column, so this tracks the time: about 4e9 is a minute and a half on
 * one core of a 2020s PC). Counted, not timed, so the result is the same on
 * every machine. A component whose LP needs more keeps the feasible
 * allocation the primal simplex has reached (never worse than its start) and
 * is counted in `components_capped`. The network simplex that starts a large
 * component has bounds of its own (network_start) and leaves GLPK little to
 * do, so the cap is met only by a component that search gave up on. */
double symbi__alloc_work_cap = 4e9;
#define WORK_CAP symbi__alloc_work_cap

typedef struct cg_key {
	uint32_t row;
	double key;
	size_t i;
} cg_key;

static int cmp_cg_key(const void *a, const void *b)
{
	const cg_key *x = a, *y = b;
	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	if (x->key != y->key)
		return x->key > y->key ? -1 : 1;
	return (x->i > y->i) - (x->i < y->i);
}

/* Mark in `pick` (0/1 per item) the first `per_row` items of each row among
 * `keys[0..n)`, sorted in place by (row, key desc, item). */
static void pick_best(cg_key *keys, size_t n, size_t per_row, unsigned char *pick)
{
	qsort(keys, n, sizeof *keys, cmp_cg_key);
	size_t run = 0;
	for (size_t j = 0; j < n; j++) {
		run = j > 0 && keys[j].row == keys[j - 1].row ? run + 1 : 0;
		if (run < per_row)
			pick[keys[j].i] = 1;
	}
}

/* A greedy start: items by objective per unit delivered (best first, ties
 * by position), each moving as much as its supply, its demand and its own
 * quantity still allow. Writes the quantities to `xg`, and for each item
 * the row whose capacity stopped it short of its bound in `bind` (-1 when it
 * reached its bound or moved nothing). `rem` holds one double per row.
 * This is a feasible basic solution: the items stopped part-way are basic,
 * each paired with the row it exhausted; a later item never uses that row,
 * so ordered by time the basis matrix is triangular with a non-zero
 * diagonal, hence non-singular. The simplex starts from it instead of from
 * x = 0. O(k log k). */
static void greedy_start(const symbi_dataset *ds, const alloc_item *items, size_t k,
                         const int32_t *row_of, const uint32_t *rows, size_t nrows, cg_key *keys,
                         double *rem, double *xg, int32_t *bind)
{
	for (size_t r = 0; r < nrows; r++)
		rem[r] = symbi_dataset_stream(ds, rows[r])->quantity;
	for (size_t i = 0; i < k; i++)
		keys[i] = (cg_key){0, items[i].w, i};
	qsort(keys, k, sizeof *keys, cmp_cg_key);
	for (size_t j = 0; j < k; j++) {
		size_t i = keys[j].i;
		int32_t rs = row_of[items[i].supply], rd = row_of[items[i].demand];
		double by_s = rem[rs] / items[i].a, v = items[i].ub;
		int32_t b = -1;
		if (by_s < v) {
			v = by_s;
			b = rs;
		}
		if (rem[rd] < v) {
			v = rem[rd];
			b = rd;
		}
		if (!(v > 0.0)) {
			xg[i] = 0.0;
			bind[i] = -1;
			continue;
		}
		xg[i] = v;
		bind[i] = b;
		rem[rs] -= items[i].a * v;
		rem[rd] -= v;
		/* The binding row is used up, exactly: later items see 0. */
		if (b >= 0)
			rem[b] = 0.0;
		if (rem[rs] < 0.0)
			rem[rs] = 0.0;
		if (rem[rd] < 0.0)
			rem[rd] = 0.0;
	}
}

/* One component's LP for run_simplex: its items, rows and working arrays. */
typedef struct lp_component {
	const symbi_dataset *ds;
	const alloc_item *items;
	size_t k, nrows;
	const int32_t *row_of; /* stream index -> row */
	const uint32_t *rows;  /* row -> stream index */
	int *col;              /* item -> GLPK column, 0 while left out */
	unsigned char *pick;   /* items to add as columns in the next round */
	cg_key *keys;          /* 2k */
	double *y;             /* row duals, nrows + 1 */
	const int *col_st;     /* the starting basis: GLPK status of each item... */
	const int *row_st;     /* ...and of each row */
} lp_component;

/* The simplex rounds of column generation on component `c`, whose starting
 * columns are picked: writes x[0..k) and sets *capped when WORK_CAP stopped
 * the search before the optimum. GLPK may jump back into this frame on an
 * internal error, so it holds only what GLPK owns; the caller's buffers live
 * in the caller's frame and outlive such a jump. */
static int run_simplex(const lp_component *c, double *x, bool *capped)
{
	glpk_guard guard;
	/* Volatile: they are read after a longjmp back into this frame. */
	glp_prob *volatile lp = NULL;
	volatile int rc = 0;
	const alloc_item *items = c->items;
	size_t k = c->k, nrows = c->nrows;
	const int32_t *row_of = c->row_of;

	if (setjmp(guard.env)) {
		/* GLPK failed inside: everything it held is released with its
		 * environment (the lp included). */
		glp_error_hook(NULL, NULL);
		glp_free_env();
		lp = NULL;
		rc = symbi__error(SYMBI_EINTERNAL,
		                  "allocation: glpk failed on a problem of %zu "
		                  "candidates",
		                  c->k);
		goto done;
	}
	glp_error_hook(on_glpk_error, &guard);
	glp_term_out(GLP_OFF); /* a library never prints */

	lp = glp_create_prob();
	glp_set_obj_dir(lp, GLP_MAX);
	glp_add_rows(lp, (int)nrows);
	for (size_t r = 0; r < nrows; r++) {
		const symbi_stream *st = symbi_dataset_stream(c->ds, c->rows[r]);
		glp_set_row_bnds(lp, (int)r + 1, GLP_UP, 0.0, st->quantity);
	}

	glp_smcp parm;
	glp_init_smcp(&parm);
	parm.msg_lev = GLP_MSG_OFF;
	/* No presolve: each round goes on from the last basis, the first from
	 * the starting one. */
	parm.presolve = GLP_OFF;
	int ncols = 0;
	double work = 0.0;
	*capped = false;
	for (int round = 0;; round++) {
		/* Add the picked items as columns, in item order. */
		for (size_t i = 0; i < k; i++) {
			if (!c->pick[i] || c->col[i])
				continue;
			int ind[3] = {0, row_of[items[i].supply] + 1, row_of[items[i].demand] + 1};
			double val[3] = {0.0, items[i].a, 1.0};
			int j = glp_add_cols(lp, 1);
			glp_set_col_bnds(lp, j, GLP_DB, 0.0, items[i].ub);
			glp_set_obj_coef(lp, j, items[i].w);
			glp_set_mat_col(lp, j, 2, ind, val);
			c->col[i] = j;
			ncols++;
		}
		memset(c->pick, 0, k);
		if (round == 0) {
			/* The starting basis (every item of it is a column). */
			for (size_t r = 0; r < nrows; r++)
				glp_set_row_stat(lp, (int)r + 1, c->row_st[r]);
			for (size_t i = 0; i < k; i++)
				if (c->col[i])
					glp_set_col_stat(lp, c->col[i], c->col_st[i]);
		}
		/* Quantities in t, m3 and MWh and prices in NOK per unit span many
		 * orders of magnitude: let GLPK scale rows and columns. */
		glp_scale_prob(lp, GLP_SF_AUTO);
		double left = WORK_CAP - work;
		double its = left / (double)ncols;
		parm.it_lim = its > (double)INT32_MAX ? INT32_MAX : its < 1.0 ? 1 : (int)its;
		int before = glp_get_it_cnt(lp);
		int ret = glp_simplex(lp, &parm);
		if (round == 0 && (ret == GLP_EBADB || ret == GLP_ESING || ret == GLP_ECOND)) {
			/* Rounding made the starting basis unusable: from x = 0. */
			glp_std_basis(lp);
			ret = glp_simplex(lp, &parm);
		}
		work += (double)(glp_get_it_cnt(lp) - before) * (double)ncols;
		if ((ret == GLP_EITLIM || (ret == 0 && work >= WORK_CAP)) &&
		    (glp_get_status(lp) == GLP_FEAS || glp_get_status(lp) == GLP_OPT)) {
			/* Out of work: keep the feasible point reached. */
			*capped = true;
			break;
		}
		/* x = 0 is always feasible and every column is bounded, so
		 * anything but an optimum is a failure of the solver. */
		if (ret != 0 || glp_get_status(lp) != GLP_OPT) {
			rc = symbi__error(
			    SYMBI_EINTERNAL,
			    "allocation: glpk found no optimum (simplex code %d, status %d)", ret,
			    glp_get_status(lp));
			goto done;
		}
		if ((size_t)ncols == k)
			break;
		/* Price the candidates left out. */
		double *y = c->y;
		cg_key *keys = c->keys;
		for (size_t r = 0; r < nrows; r++)
			y[r] = glp_get_row_dual(lp, (int)r + 1);
		size_t nv = 0;
		for (size_t i = 0; i < k; i++) {
			if (c->col[i])
				continue;
			double ys = items[i].a * y[row_of[items[i].supply]];
			double yd = y[row_of[items[i].demand]];
			double d = items[i].w - ys - yd;
			/* Relative to the terms, above GLPK's dual tolerance. */
			if (d > 1e-7 * (fabs(items[i].w) + fabs(ys) + fabs(yd)))
				keys[nv++] = (cg_key){(uint32_t)row_of[items[i].demand], d, i};
		}
		if (nv == 0)
			break;
		size_t nd = nv;
		for (size_t j = 0; j < nd; j++)
			keys[nv++] = (cg_key){(uint32_t)row_of[items[keys[j].i].supply],
			                      keys[j].key, keys[j].i};
		pick_best(keys, nd, CG_ADD, c->pick);
		pick_best(keys + nd, nv - nd, CG_ADD, c->pick);
	}
	for (size_t i = 0; i < k; i++)
		x[i] = c->col[i] ? glp_get_col_prim(lp, c->col[i]) : 0.0;

done:
	if (lp)
		glp_delete_prob(lp);
	glp_error_hook(NULL, NULL);
	return rc;
}

/* Solve one component of k >= 2 items with the simplex method (and column
 * generation past CG_MIN_COLUMNS), from the generalized network simplex's
 * basis past SYMBI__GNS_MIN_COLUMNS, else (or when that search gives up) from the
 * greedy one. `row_of` maps a stream index to its row (-1 when not in this
 * component) and is left all -1 again on return; `rows` has room for 2k
 * streams. Writes x[0..k), and sets *capped when WORK_CAP stopped the search
 * before the optimum. */
static int solve_lp(const symbi_dataset *ds, const alloc_item *items, size_t k, int32_t *row_of,
                    uint32_t *rows, double *x, bool *capped)
{
	size_t nrows = 0;
	int rc = 0;
	int *col = NULL, *col_st = NULL, *row_st = NULL;
	unsigned char *pick = NULL;
	cg_key *keys = NULL;
	double *y = NULL, *xg = NULL;
	int32_t *bind = NULL;

	if (k > (size_t)INT32_MAX - 1)
		return symbi__error(SYMBI_ELIMIT,
		                    "allocation: too many candidates in one component");
	/* Rows: the component's streams in order of first use. */
	for (size_t i = 0; i < k; i++) {
		uint32_t s[2] = {items[i].supply, items[i].demand};
		for (int j = 0; j < 2; j++)
			if (row_of[s[j]] < 0) {
				row_of[s[j]] = (int32_t)nrows;
				rows[nrows++] = s[j];
			}
	}
	col = calloc(k, sizeof *col);
	pick = calloc(k, 1);
	keys = malloc(2 * k * sizeof *keys);
	y = malloc((nrows + 1) * sizeof *y);
	xg = malloc(k * sizeof *xg);
	bind = malloc(k * sizeof *bind);
	col_st = malloc(k * sizeof *col_st);
	row_st = malloc(nrows * sizeof *row_st);
	if (!col || !pick || !keys || !y || !xg || !bind || !col_st || !row_st) {
		rc = symbi__error(SYMBI_ENOMEM, "out of memory");
		goto done;
	}

	/* The starting basis. */
	int nrc =
	    k >= SYMBI__GNS_MIN_COLUMNS
	        ? symbi__alloc_network_start(ds, items, k, row_of, rows, nrows, col_st, row_st)
	        : 1;
	if (nrc < 0) {
		rc = nrc;
		goto done;
	}
	if (nrc > 0) {
		/* The greedy basis: items stopped part-way are basic, those at
		 * their bound non-basic there, the rest at zero; the rows they
		 * exhausted non-basic at their capacity, the others basic. */
		greedy_start(ds, items, k, row_of, rows, nrows, keys, y, xg, bind);
		for (size_t r = 0; r < nrows; r++)
			row_st[r] = GLP_BS;
		for (size_t i = 0; i < k; i++) {
			col_st[i] = bind[i] >= 0 ? GLP_BS : xg[i] > 0.0 ? GLP_NU : GLP_NL;
			if (bind[i] >= 0)
				row_st[bind[i]] = GLP_NU;
		}
	}
	/* The starting columns: every item; or, for column generation, those
	 * of the starting basis away from zero and, after the greedy start (or
	 * when there are none), the best few per stream. */
	if (k <= CG_MIN_COLUMNS) {
		memset(pick, 1, k);
	} else {
		size_t npick = 0;
		for (size_t i = 0; i < k; i++)
			npick += pick[i] = col_st[i] != GLP_NL;
		if (nrc > 0 || npick == 0) {
			for (size_t i = 0; i < k; i++)
				keys[i] =
				    (cg_key){(uint32_t)row_of[items[i].demand], items[i].w, i};
			pick_best(keys, k, CG_START, pick);
			for (size_t i = 0; i < k; i++)
				keys[i] = (cg_key){(uint32_t)row_of[items[i].supply],
				                   items[i].w / items[i].a, i};
			pick_best(keys, k, CG_START, pick);
		}
	}

	lp_component c = {ds, items, k, nrows, row_of, rows, col, pick, keys, y, col_st, row_st};
	rc = run_simplex(&c, x, capped);

done:
	for (size_t r = 0; r < nrows; r++)
		row_of[rows[r]] = -1;
	free(col);
	free(pick);
	free(keys);
	free(y);
	free(xg);
	free(bind);
	free(col_st);
	free(row_st);
	return rc;
}

/* ==== The allocation ================================================================ */

/* Make x feasible to the last bit: GLPK's solution meets the constraints to
 * its tolerance (about 1e-7 relative), and callers check quantities exactly.
 * Snap near-bounds, then scale down the candidates of any over-used supply,
 * then of any over-filled demand (scaling down never breaks a supply again). */
static void repair(const symbi_dataset *ds, const alloc_item *items, size_t k, double *x,
                   double *use)
{
	for (size_t i = 0; i < k; i++) {
		if (!(x[i] > items[i].ub * 1e-12))
			x[i] = 0.0; /* also NaN, which GLPK never gives */
		else if (x[i] > items[i].ub * (1.0 - 1e-12))
			x[i] = items[i].ub;
	}
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < k; i++)
			use[pass == 0 ? items[i].supply : items[i].demand] = 0.0;
		for (size_t i = 0; i < k; i++) {
			if (pass == 0)
				use[items[i].supply] += items[i].a * x[i];
			else
				use[items[i].demand] += x[i];
		}
		for (size_t i = 0; i < k; i++) {
			uint32_t s = pass == 0 ? items[i].supply : items[i].demand;
			double cap = symbi_dataset_stream(ds, s)->quantity;
			if (use[s] > cap && x[i] > 0.0)
				x[i] *= cap / use[s];
		}
	}
}

/* The allocation over `n` candidates of `ds`: fills `allocated` on each, the
 * totals in `out` and, when not NULL, `remaining` (one double per stream). */
static int allocate(const symbi_dataset *ds, symbi_candidate *cand, size_t n,
                    symbi_objective objective, double *remaining, symbi_allocation_summary *out)
{
	size_t nstreams = symbi_dataset_stream_count(ds);
	alloc_item *items = NULL;
	uint32_t *parent = NULL, *rows = NULL;
	int32_t *row_of = NULL;
	size_t *comp_of = NULL, *order = NULL, *comp_start = NULL;
	double *x = NULL, *use = NULL;
	size_t nitems = 0, ncomps = 0;
	int rc = 0;

	memset(out, 0, sizeof *out);
	out->remaining = remaining;
	if (nstreams > UINT32_MAX - 1)
		return symbi__error(SYMBI_ELIMIT, "allocation: too many streams");

	if (n > SIZE_MAX / sizeof *items || nstreams > SIZE_MAX / sizeof(double))
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	items = malloc((n ? n : 1) * sizeof *items);
	parent = malloc((nstreams ? nstreams : 1) * sizeof *parent);
	row_of = malloc((nstreams ? nstreams : 1) * sizeof *row_of);
	rows = malloc((nstreams ? nstreams : 1) * sizeof *rows);
	use = malloc((nstreams ? nstreams : 1) * sizeof *use);
	if (!items || !parent || !row_of || !rows || !use) {
		rc = symbi__error(SYMBI_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t s = 0; s < nstreams; s++) {
		parent[s] = (uint32_t)s;
		row_of[s] = -1;
		if (remaining)
			remaining[s] = NAN;
	}

	/* Which candidates take part; the others get 0 (declared) or stay NaN
	 * (sector potential, which names no demand to allocate against). */
	for (size_t i = 0; i < n; i++) {
		symbi_candidate *c = &cand[i];
		if (c->supply < nstreams && remaining)
			remaining[c->supply] = symbi_dataset_stream(ds, c->supply)->quantity;
		if (c->basis != SYMBI_BASIS_DECLARED || c->demand == SYMBI_NONE ||
		    c->demand >= nstreams || c->supply >= nstreams) {
			c->allocated = NAN;
			continue;
		}
		c->allocated = 0.0;
		if (remaining)
			remaining[c->demand] = symbi_dataset_stream(ds, c->demand)->quantity;
		double q = c->quantity, f = objective_of(c, objective);
		double sq = symbi_dataset_stream(ds, c->supply)->quantity;
		double dq = symbi_dataset_stream(ds, c->demand)->quantity;
		if (!(q > 0.0) || !isfinite(q) || !isfinite(f) || !(f > 0.0) || !isfinite(sq) ||
		    !isfinite(dq))
			continue;
		double a = c->supply_used > 0.0 && isfinite(c->supply_used) ? c->supply_used / q
		           : c->yield > 0.0 && isfinite(c->yield)           ? 1.0 / c->yield
		                                                            : 1.0;
		if (!(a > 0.0) || !isfinite(a))
			continue;
		items[nitems++] = (alloc_item){i, c->supply, c->demand, f / q, a, q};
		uf_union(parent, c->supply, c->demand);
	}

	/* Components numbered by their first item; items sorted by component
	 * (counting sort, stable, so each component keeps the input order). */
	comp_of = malloc((nitems ? nitems : 1) * sizeof *comp_of);
	order = malloc((nitems ? nitems : 1) * sizeof *order);
	comp_start = malloc((nitems + 1) * sizeof *comp_start);
	x = malloc((nitems ? nitems : 1) * sizeof *x);
	if (!comp_of || !order || !comp_start || !x) {
		rc = symbi__error(SYMBI_ENOMEM, "out of memory");
		goto done;
	}
	/* Reuse row_of as root -> component number while numbering. */
	for (size_t i = 0; i < nitems; i++) {
		uint32_t r = uf_find(parent, items[i].supply);
		if (row_of[r] < 0)
			row_of[r] = (int32_t)ncomps++;
		comp_of[i] = (size_t)row_of[r];
	}
	for (size_t i = 0; i < nitems; i++)
		row_of[uf_find(parent, items[i].supply)] = -1;
	memset(comp_start, 0, (nitems + 1) * sizeof *comp_start);
	for (size_t i = 0; i < nitems; i++)
		comp_start[comp_of[i] + 1]++;
	for (size_t c = 0; c < ncomps; c++)
		comp_start[c + 1] += comp_start[c];
	{
		size_t *fill = calloc(ncomps ? ncomps : 1, sizeof *fill);
		if (!fill) {
			rc = symbi__error(SYMBI_ENOMEM, "out of memory");
			goto done;
		}
		for (size_t i = 0; i < nitems; i++)
			order[comp_start[comp_of[i]] + fill[comp_of[i]]++] = i;
		free(fill);
	}
	/* Reorder items into component order once, so each component is a
	 * contiguous slice. */
	{
		alloc_item *sorted = malloc((nitems ? nitems : 1) * sizeof *sorted);
		if (!sorted) {
			rc = symbi__error(SYMBI_ENOMEM, "out of memory");
			goto done;
		}
		for (size_t i = 0; i < nitems; i++)
			sorted[i] = items[order[i]];
		free(items);
		items = sorted;
	}

	for (size_t c = 0; c < ncomps; c++) {
		const alloc_item *it = items + comp_start[c];
		size_t k = comp_start[c + 1] - comp_start[c];
		double *xc = x + comp_start[c];
		if (k == 1) {
			/* One supply, one demand, one candidate: move as much as
			 * both sides and the candidate allow. */
			double sq = symbi_dataset_stream(ds, it->supply)->quantity;
			double dq = symbi_dataset_stream(ds, it->demand)->quantity;
			double v = it->ub;
			if (sq / it->a < v)
				v = sq / it->a;
			if (dq < v)
				v = dq;
			xc[0] = v > 0.0 ? v : 0.0;
		} else {
			bool capped = false;
			rc = solve_lp(ds, it, k, row_of, rows, xc, &capped);
			if (rc)
				goto done;
			out->components_capped += capped;
		}
		repair(ds, it, k, xc, use);
	}
	out->components = ncomps;

	/* Write back, total up and work out what remains of every stream. */
	for (size_t i = 0; i < nitems; i++) {
		symbi_candidate *c = &cand[items[i].cand];
		double v = x[i];
		c->allocated = v;
		if (v > 0.0) {
			double share = v / c->quantity;
			out->partnerships_used++;
			out->total_value_nok += c->value_nok * share;
			if (c->flags & SYMBI_CANDIDATE_NO_CO2E)
				out->partnerships_no_co2e++; /* not estimated: not in the total */
			else
				out->total_co2e_t += c->co2e_t * share;
		}
		if (remaining) {
			remaining[items[i].supply] -= items[i].a * v;
			remaining[items[i].demand] -= v;
		}
	}
	if (remaining)
		for (size_t s = 0; s < nstreams; s++) {
			if (!isnan(remaining[s]) && remaining[s] < 0.0)
				remaining[s] = 0.0; /* rounding of a fully used stream */
			/* A tiny rest left by rounding reads as used up. */
			double q = symbi_dataset_stream(ds, (uint32_t)s)->quantity;
			if (!isnan(remaining[s]) && remaining[s] < q * 1e-12)
				remaining[s] = 0.0;
		}

done:
	if (rc) {
		memset(out, 0, sizeof *out);
		out->remaining = NULL;
		for (size_t i = 0; i < n; i++)
			cand[i].allocated = NAN;
	}
	free(items);
	free(parent);
	free(row_of);
	free(rows);
	free(use);
	free(comp_of);
	free(order);
	free(comp_start);
	free(x);
	return rc;
}

int symbi_allocate(symbi_matches *m, symbi_objective objective, symbi_allocation_summary *out)
{
	size_t ns = symbi_dataset_stream_count(m->ds);
	double *remaining;
	int rc;

	memset(out, 0, sizeof *out);
	if (ns > SIZE_MAX / sizeof *remaining)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	remaining = malloc((ns ? ns : 1) * sizeof *remaining);
	if (!remaining)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	rc = allocate(m->ds, m->cands, m->n, objective, remaining, out);
	if (rc) {
		free(remaining);
		return rc;
	}
	/* The matches own the array from here on (freed with them). */
	symbi__matches_set_remaining(m, remaining);
	return 0;
}
