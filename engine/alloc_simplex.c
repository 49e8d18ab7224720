/*
 * alloc_simplex.c: a generalized network simplex over one component of the
 * allocation LP (alloc.c), whose last basis is GLPK's starting basis for a
 * large component. Why and how: the section comment below.
 */
#include <glpk.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_internal.h"

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
	double *y;             /* per row: dual */
	double *alpha;         /* per row: scratch for the duals */
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
				double dj = v < g->k
				                ? g->items[v].w - g->items[v].a * g->y[g->s[v]] -
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
int symbi__alloc_network_start(const symbi_dataset *ds, const alloc_item *items, size_t k,
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
	if (!g.s || !g.d || !g.x || !g.st || !g.ihead || !g.inext || !g.iprev || !g.parent ||
	    !g.pvar || !g.depth || !g.root || !g.loop || !g.y || !g.alpha || !g.mark || !g.stack ||
	    !g.list || !g.dvar || !g.dpos || !g.dval) {
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
