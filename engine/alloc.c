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

#include "internal.h"

/* A candidate that may be allocated, with what the LP needs of it. */
typedef struct alloc_item {
	size_t cand; /* position in the input */
	uint32_t supply, demand;
	double w;  /* objective per unit delivered */
	double a;  /* supply units used per unit delivered */
	double ub; /* candidate quantity */
} alloc_item;

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

/* ==== Generalized network simplex: the starting basis of a large component ========= */

/* GLPK's primal simplex spends about the component's rows on every pivot and,
 * from the greedy start, needs about as many pivots as rows: quadratic, which
 * is minutes for a market of tens of thousands of streams. The LP of a
 * component is a generalized network: one node per row (stream), one arc per
 * candidate with coefficient a_c at its supply and 1 at its demand, and the
 * slack of each row. Its bases have a known shape (Ahuja, Magnanti and Orlin,
 * "Network Flows", 1993, ch. 15; Elam, Glover and Klingman, Math. Oper. Res.
 * 4:39-59, 1979): every connected part of the basic variables is a tree of
 * rows plus one more variable, the "loop": the slack of a row, or an arc that
 * closes a cycle whose gain is not 1. So the primal simplex can run on that
 * graph directly: the duals of a part follow its tree from the loop, an
 * entering column is carried up the tree paths of its two rows to the loops,
 * and a pivot only rebuilds the parts it touches. Each pivot costs those parts
 * (tens of rows in the markets met), not the whole component.
 *
 * This solves the same LP as GLPK, over all the candidates of the component,
 * from x = 0 (every slack basic), with block search pricing (Grigoriadis
 * 1986: the most violating candidate of the first block of sqrt(n) holding
 * one). Its last basis is handed to GLPK, which refactorises it, finds it
 * optimal (or pivots on from it when rounding or a bound on the work stopped
 * this search early) and prices every candidate left out with its own duals,
 * so the optimum is GLPK's, to its tolerances, as before. Pivots are bounded
 * in number and in the rows rebuilt, deterministically, and a part whose
 * loop turns singular in floating point ends the search (the greedy start is
 * used then). */
#define GNS_MIN_COLUMNS 1000
#define GNS_NONE UINT32_MAX

typedef struct gns {
	size_t m, k, nv; /* rows, arcs (candidates), variables: arcs 0..k-1, then slacks */
	const alloc_item *items;
	uint32_t *s, *d; /* per arc: supply and demand row */
	double *x;       /* per variable: value */
	signed char *st; /* per variable: 0 basic, 1 at zero, -1 at its upper bound */
	/* The basic variables at each row, as doubly linked lists of ends:
	 * end 2v is variable v at its supply row (or a slack at its row), end
	 * 2v + 1 arc v at its demand row. */
	uint32_t *ihead, *inext, *iprev;
	/* Per row: the tree (parent row, the variable to it, depth), the root
	 * of its part, and at a root the part's loop variable. */
	uint32_t *parent, *pvar, *depth, *root, *loop;
	double *y;     /* per row: dual */
	double *alpha; /* per row: scratch for the duals */
	uint32_t *mark, stamp; /* per row: visited in the walk stamped `stamp` */
	uint32_t *stack, *list;
	/* The entering column's effect on the basic variables, sparse. */
	uint32_t *dvar, *dpos;
	double *dval;
	size_t nd;
} gns;

/* Coefficient of variable v in row r (which it has a non-zero in). */
static double gns_coef(const gns *g, uint32_t v, uint32_t r)
{
	return v < g->k && g->s[v] == r ? g->items[v].a : 1.0;
}

/* The row at the other end of variable v from row r (r itself for a slack). */
static uint32_t gns_other(const gns *g, uint32_t v, uint32_t r)
{
	if (v >= g->k)
		return r;
	return g->s[v] == r ? g->d[v] : g->s[v];
}

static void gns_link(gns *g, uint32_t end, uint32_t r)
{
	g->iprev[end] = GNS_NONE;
	g->inext[end] = g->ihead[r];
	if (g->ihead[r] != GNS_NONE)
		g->iprev[g->ihead[r]] = end;
	g->ihead[r] = end;
}

static void gns_unlink(gns *g, uint32_t end, uint32_t r)
{
	if (g->iprev[end] != GNS_NONE)
		g->inext[g->iprev[end]] = g->inext[end];
	else
		g->ihead[r] = g->inext[end];
	if (g->inext[end] != GNS_NONE)
		g->iprev[g->inext[end]] = g->iprev[end];
}

/* Make variable v basic (add) or not (remove) in the row lists. */
static void gns_basis(gns *g, uint32_t v, bool add)
{
	void (*f)(gns *, uint32_t, uint32_t) = add ? gns_link : gns_unlink;
	if (v >= g->k) {
		f(g, 2 * v, (uint32_t)(v - g->k));
	} else {
		f(g, 2 * v, g->s[v]);
		f(g, 2 * v + 1, g->d[v]);
	}
}

/* A fresh stamp for a walk (gns_solve starts the stamps over long before
 * they could wrap). */
static void gns_new_stamp(gns *g)
{
	g->stamp++;
}

/* Rebuild the part of the basis holding row `start`: find its loop, hang the
 * tree from a row of the loop (the slack's row, or the arc's supply row),
 * and work out the duals: y = alpha + beta * y_root along the tree, y_root
 * from the loop (0 for a slack; from the arc's equation a y_s + y_d = w for a
 * cycle). Adds the rows visited to *work. False when the part is singular
 * (no loop, two loops, or a cycle of gain 1 within rounding). O(rows). */
static bool gns_rebuild(gns *g, uint32_t start, size_t *work)
{
	size_t top = 0, nl = 0;
	uint32_t loopv = GNS_NONE;

	/* First walk: the rows of the part and its loop variable (the one
	 * basic variable that is no tree edge; an arc closing the cycle is met
	 * from both its ends). */
	gns_new_stamp(g);
	g->mark[start] = g->stamp;
	g->pvar[start] = GNS_NONE;
	g->stack[top++] = start;
	while (top) {
		uint32_t u = g->stack[--top];
		nl++;
		for (uint32_t e = g->ihead[u]; e != GNS_NONE; e = g->inext[e]) {
			uint32_t v = e / 2, o = gns_other(g, v, u);
			if (v == g->pvar[u])
				continue;
			if (v >= g->k || g->mark[o] == g->stamp) {
				if (loopv != GNS_NONE && loopv != v)
					return false;
				loopv = v;
				continue;
			}
			g->mark[o] = g->stamp;
			g->pvar[o] = v;
			g->stack[top++] = o;
		}
	}
	*work += nl;
	if (loopv == GNS_NONE)
		return false;

	/* Second walk, from the root: the tree, parents before children in
	 * `list`, and the duals' alpha and beta (beta kept in y). */
	uint32_t r = loopv >= g->k ? (uint32_t)(loopv - g->k) : g->s[loopv];
	double *alpha = g->alpha, *beta = g->y;
	gns_new_stamp(g);
	g->mark[r] = g->stamp;
	g->parent[r] = g->pvar[r] = GNS_NONE;
	g->depth[r] = 0;
	g->loop[r] = loopv;
	alpha[r] = 0.0;
	beta[r] = 1.0;
	nl = 0;
	g->stack[top++] = r;
	while (top) {
		uint32_t u = g->stack[--top];
		g->list[nl++] = u;
		g->root[u] = r;
		for (uint32_t e = g->ihead[u]; e != GNS_NONE; e = g->inext[e]) {
			uint32_t v = e / 2, o = gns_other(g, v, u);
			if (v == loopv || v == g->pvar[u] || g->mark[o] == g->stamp)
				continue;
			g->mark[o] = g->stamp;
			g->parent[o] = u;
			g->pvar[o] = v;
			g->depth[o] = g->depth[u] + 1;
			/* Tree arc v: a_v y_s + y_d = w_v, solved for the child o. */
			const alloc_item *it = &g->items[v];
			if (g->d[v] == o) {
				alpha[o] = it->w - it->a * alpha[u];
				beta[o] = -it->a * beta[u];
			} else {
				alpha[o] = (it->w - alpha[u]) / it->a;
				beta[o] = -beta[u] / it->a;
			}
			g->stack[top++] = o;
		}
	}
	double yr = 0.0;
	if (loopv < g->k) {
		const alloc_item *it = &g->items[loopv];
		uint32_t ls = g->s[loopv], ld = g->d[loopv];
		double den = it->a * beta[ls] + beta[ld];
		if (!(fabs(den) > 1e-11 * (it->a * fabs(beta[ls]) + fabs(beta[ld]))))
			return false;
		yr = (it->w - it->a * alpha[ls] - alpha[ld]) / den;
	}
	for (size_t i = 0; i < nl; i++) {
		uint32_t u = g->list[i];
		g->y[u] = alpha[u] + beta[u] * yr;
	}
	return true;
}

static void gns_delta(gns *g, uint32_t v, double val)
{
	if (g->dpos[v] == GNS_NONE) {
		g->dpos[v] = (uint32_t)g->nd;
		g->dvar[g->nd] = v;
		g->dval[g->nd++] = val;
	} else {
		g->dval[g->dpos[v]] += val;
	}
}

/* One step of carrying an excess b at row *u to its parent: the tree
 * variable between them moves by -b / (its coefficient at *u), which puts
 * an excess on the parent. */
static void gns_step_up(gns *g, uint32_t *u, double *b)
{
	uint32_t v = g->pvar[*u], p = g->parent[*u];
	double dv = -*b / gns_coef(g, v, *u);
	gns_delta(g, v, dv);
	*b = gns_coef(g, v, p) * dv;
	*u = p;
}

/* Carry an excess b at row u up to its root; returns the excess there. */
static double gns_carry(gns *g, uint32_t u, double b)
{
	while (g->parent[u] != GNS_NONE)
		gns_step_up(g, &u, &b);
	return b;
}

/* Let the loop of root r take an excess b there. For a cycle closed by arc
 * e (r at one end, v at the other): moving e by f puts c_r f on r and
 * c_v f on v, which reaches r as c_v f G (G: the gains up the tree from v),
 * so f = -b / (c_r + c_v G). False when that is singular. */
static bool gns_absorb(gns *g, uint32_t r, double b)
{
	uint32_t e = g->loop[r];
	if (e >= g->k) {
		gns_delta(g, e, -b);
		return true;
	}
	uint32_t v = gns_other(g, e, r);
	double cr = gns_coef(g, e, r), cv = gns_coef(g, e, v), G = 1.0;
	for (uint32_t u = v; g->parent[u] != GNS_NONE; u = g->parent[u])
		G *= -gns_coef(g, g->pvar[u], g->parent[u]) / gns_coef(g, g->pvar[u], u);
	double den = cr + cv * G;
	if (!(fabs(den) > 1e-11 * (fabs(cr) + fabs(cv * G))))
		return false;
	double f = -b / den;
	gns_delta(g, e, f);
	(void)gns_carry(g, v, cv * f); /* what reaches r cancels c_r f + b */
	return true;
}

/* The effect on the basic variables of raising variable q by one (the
 * column B^-1 A_q, negated), into dvar/dval. False when singular. */
static bool gns_column(gns *g, uint32_t q)
{
	g->nd = 0;
	if (q >= g->k) {
		uint32_t r = (uint32_t)(q - g->k);
		return gns_absorb(g, g->root[r], gns_carry(g, r, 1.0));
	}
	/* Carry both ends' excess up, the deeper first, until they meet (same
	 * part) or both reach their roots (two parts). */
	uint32_t u = g->s[q], v = g->d[q];
	double bu = g->items[q].a, bv = 1.0;
	while (u != v) {
		bool ru = g->parent[u] == GNS_NONE, rv = g->parent[v] == GNS_NONE;
		if (ru && rv)
			break;
		if (!ru && (rv || g->root[u] != g->root[v] || g->depth[u] >= g->depth[v]))
			gns_step_up(g, &u, &bu);
		else
			gns_step_up(g, &v, &bv);
	}
	if (u == v)
		return gns_absorb(g, g->root[u], gns_carry(g, u, bu + bv));
	return gns_absorb(g, u, bu) && gns_absorb(g, v, bv);
}

/* Pivot until no variable prices out by more than eps, or max_iter pivots,
 * or max_work rows rebuilt. False when a singular part ended the search
 * (the basis is then unusable). */
static bool gns_solve(gns *g, size_t max_iter, size_t max_work, double eps)
{
	size_t nv = g->nv, block = (size_t)sqrt((double)nv), pos = 0, work = 0;
	if (block < 16)
		block = 16;
	for (size_t it = 0; it < max_iter && work < max_work; it++) {
		/* Pricing: reduced cost w - a y_s - y_d of an arc, -y_r of a
		 * slack; a variable at zero enters when it is positive, one at
		 * its upper bound when it is negative. */
		size_t best = SIZE_MAX, scanned = 0;
		double bestv = eps;
		while (scanned < nv && best == SIZE_MAX) {
			size_t end = scanned + block < nv ? scanned + block : nv;
			for (; scanned < end; scanned++) {
				size_t v = pos;
				pos = pos + 1 == nv ? 0 : pos + 1;
				if (!g->st[v])
					continue;
				double dj = v < g->k ? g->items[v].w - g->items[v].a * g->y[g->s[v]] -
				                           g->y[g->d[v]]
				                     : -g->y[v - g->k];
				double viol = g->st[v] * dj;
				if (viol > bestv) {
					bestv = viol;
					best = v;
				}
			}
		}
		if (best == SIZE_MAX)
			return true; /* optimal */
		uint32_t q = (uint32_t)best;
		int dir = g->st[q];
		if (!gns_column(g, q))
			return false;

		/* Ratio test: the first basic variable to reach a bound (ties to
		 * the larger pivot), or q its own other bound. */
		double theta = q < g->k ? g->items[q].ub : HUGE_VAL, piv = 0.0;
		uint32_t leave = q;
		bool leave_up = false;
		for (size_t i = 0; i < g->nd; i++) {
			uint32_t v = g->dvar[i];
			double dv = dir * g->dval[i], lim;
			if (fabs(dv) < 1e-11)
				continue;
			if (dv < 0.0)
				lim = g->x[v] / -dv;
			else if (v < g->k)
				lim = (g->items[v].ub - g->x[v]) / dv;
			else
				continue; /* a slack has no upper bound */
			if (lim < 0.0)
				lim = 0.0; /* rounding left it a hair past its bound */
			if (lim < theta || (lim == theta && fabs(dv) > piv)) {
				theta = lim;
				leave = v;
				piv = fabs(dv);
				leave_up = dv > 0.0;
			}
		}
		if (theta == HUGE_VAL)
			return false; /* unbounded: only rounding can say so */
		for (size_t i = 0; i < g->nd; i++) {
			g->x[g->dvar[i]] += dir * theta * g->dval[i];
			g->dpos[g->dvar[i]] = GNS_NONE;
		}
		g->x[q] += dir * theta;
		if (leave == q) {
			/* q goes from one bound to the other. */
			g->x[q] = dir > 0 ? g->items[q].ub : 0.0;
			g->st[q] = (signed char)-dir;
			continue;
		}
		g->x[leave] = leave_up ? g->items[leave].ub : 0.0;
		g->st[leave] = leave_up ? -1 : 1;
		g->st[q] = 0;

		/* Swap them and rebuild the parts around both: every row of
		 * the parts they touched is reached from one of their ends. */
		uint32_t ends[4], ne = 0;
		ends[ne++] = q < g->k ? g->s[q] : (uint32_t)(q - g->k);
		if (q < g->k)
			ends[ne++] = g->d[q];
		ends[ne++] = leave < g->k ? g->s[leave] : (uint32_t)(leave - g->k);
		if (leave < g->k)
			ends[ne++] = g->d[leave];
		gns_basis(g, leave, false);
		gns_basis(g, q, true);
		if (g->stamp > UINT32_MAX - 16) {
			/* At most 9 stamps a pivot: start them over. */
			memset(g->mark, 0, g->m * sizeof *g->mark);
			g->stamp = 0;
		}
		gns_new_stamp(g);
		uint32_t since = g->stamp;
		for (uint32_t i = 0; i < ne; i++)
			if (g->mark[ends[i]] < since && !gns_rebuild(g, ends[i], &work))
				return false;
	}
	return true;
}

static void gns_free(gns *g)
{
	free(g->s);
	free(g->d);
	free(g->x);
	free(g->st);
	free(g->ihead);
	free(g->inext);
	free(g->iprev);
	free(g->parent);
	free(g->pvar);
	free(g->depth);
	free(g->root);
	free(g->loop);
	free(g->y);
	free(g->alpha);
	free(g->mark);
	free(g->stack);
	free(g->list);
	free(g->dvar);
	free(g->dpos);
	free(g->dval);
}

/* The starting basis of a component of k items over nrows rows (see above):
 * writes GLPK statuses for the items to `col_st` and for the rows to
 * `row_st`. Returns 0; 1 when the search ended on a singular part (use the
 * greedy start); or SYMBI_ENOMEM. */
static int network_start(const symbi_dataset *ds, const alloc_item *items, size_t k,
                         const int32_t *row_of, const uint32_t *rows, size_t m, int *col_st,
                         int *row_st)
{
	gns g = {0};
	size_t nv = k + m;
	int rc = 0;

	if (nv > UINT32_MAX / 2 - 1)
		return 1;
	g.m = m;
	g.k = k;
	g.nv = nv;
	g.items = items;
	g.s = malloc(k * sizeof *g.s);
	g.d = malloc(k * sizeof *g.d);
	g.x = calloc(nv, sizeof *g.x);
	g.st = malloc(nv);
	g.ihead = malloc(m * sizeof *g.ihead);
	g.inext = malloc(2 * nv * sizeof *g.inext);
	g.iprev = malloc(2 * nv * sizeof *g.iprev);
	g.parent = malloc(m * sizeof *g.parent);
	g.pvar = malloc(m * sizeof *g.pvar);
	g.depth = malloc(m * sizeof *g.depth);
	g.root = malloc(m * sizeof *g.root);
	g.loop = malloc(m * sizeof *g.loop);
	g.y = calloc(m, sizeof *g.y);
	g.alpha = malloc(m * sizeof *g.alpha);
	g.mark = calloc(m, sizeof *g.mark);
	g.stack = malloc(m * sizeof *g.stack);
	g.list = malloc(m * sizeof *g.list);
	g.dvar = malloc((m + 1) * sizeof *g.dvar);
	g.dpos = malloc(nv * sizeof *g.dpos);
	g.dval = malloc((m + 1) * sizeof *g.dval);
	if (!g.s || !g.d || !g.x || !g.st || !g.ihead || !g.inext || !g.iprev ||
	    !g.parent || !g.pvar || !g.depth || !g.root || !g.loop || !g.y || !g.alpha ||
	    !g.mark || !g.stack || !g.list || !g.dvar || !g.dpos || !g.dval) {
		rc = symbi__error(SYMBI_ENOMEM, "out of memory");
		goto done;
	}
	/* x = 0: every slack basic, each row a part of its own looped by it. */
	double wmax = 0.0;
	for (size_t i = 0; i < k; i++) {
		g.s[i] = (uint32_t)row_of[items[i].supply];
		g.d[i] = (uint32_t)row_of[items[i].demand];
		g.st[i] = 1;
		if (g.s[i] == g.d[i]) {
			rc = 1; /* a stream on both sides: no network */
			goto done;
		}
		if (items[i].w > wmax)
			wmax = items[i].w;
	}
	for (size_t v = 0; v < nv; v++)
		g.dpos[v] = GNS_NONE;
	for (size_t r = 0; r < m; r++) {
		uint32_t v = (uint32_t)(k + r);
		g.x[v] = symbi_dataset_stream(ds, rows[r])->quantity;
		g.st[v] = 0;
		g.ihead[r] = GNS_NONE;
		gns_basis(&g, v, true);
		g.parent[r] = g.pvar[r] = GNS_NONE;
		g.depth[r] = 0;
		g.root[r] = (uint32_t)r;
		g.loop[r] = v;
	}
	/* Deterministic bounds, far above what the markets met take (about a
	 * quarter of a pivot and 16 rows rebuilt per variable). Prices are
	 * compared relative to the largest. */
	if (!gns_solve(&g, 20 * nv + 1000, 500 * nv + 100000, 1e-9 * wmax)) {
		rc = 1;
		goto done;
	}
	for (size_t i = 0; i < k; i++)
		col_st[i] = g.st[i] == 0 ? GLP_BS : g.st[i] < 0 ? GLP_NU : GLP_NL;
	for (size_t r = 0; r < m; r++)
		row_st[r] = g.st[k + r] == 0 ? GLP_BS : GLP_NU;
done:
	gns_free(&g);
	return rc;
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
 * basis past GNS_MIN_COLUMNS, else (or when that search gives up) from the
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
	int nrc = k >= GNS_MIN_COLUMNS
	              ? network_start(ds, items, k, row_of, rows, nrows, col_st, row_st)
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
				keys[i] = (cg_key){(uint32_t)row_of[items[i].demand], items[i].w, i};
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
