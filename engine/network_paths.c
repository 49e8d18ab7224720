/*
 * network_paths.c: chains and loops of the firm network, by bounded
 * depth-first searches over its arcs.
 */
#include "network_internal.h"

/* ---- Chains and loops -------------------------------------------------------------------- */

/* Depth-first search of simple directed paths, bounded three ways: at most
 * max_path_firms firms on a path, max_steps_per_firm arcs tried from each
 * starting firm and max_paths_per_firm paths kept from it. Each source's arcs
 * are tried heaviest first, so a bound cuts the lighter paths. Without the
 * bounds the number of simple paths grows exponentially with the length;
 * with them the search is O(V * max_steps_per_firm).
 *
 * Loops (Johnson 1975's canonical form): a cycle is found once, from its
 * smallest vertex s, by a search that only enters vertices greater than s.
 * Chains: open paths of at least 3 firms that cannot be extended at either
 * end (every in-neighbour of the first firm and every out-neighbour of the
 * last are already on it, or the length bound stopped it: `cut`), and are
 * not closed (no arc from the last back to the first: that is a loop). */
typedef struct path_search {
	symbi_network *net;
	bool loops;
	uint32_t *path;
	size_t *iter;
	bool *on;
	path_found *found;
	size_t nfound, capfound;
	uint32_t *pool;
	size_t npool, cappool;
	bool truncated;
} path_search;

static int record_path(path_search *ps, size_t len, bool cut)
{
	symbi_network *net = ps->net;
	if (symbi__grow((void **)&ps->found, &ps->capfound, ps->nfound + 1, sizeof *ps->found) ||
	    symbi__grow((void **)&ps->pool, &ps->cappool, ps->npool + len, sizeof *ps->pool))
		return SYMBI_ENOMEM;
	path_found *p = &ps->found[ps->nfound++];
	p->off = ps->npool;
	p->len = len;
	p->cut = cut;
	p->value_nok = p->co2e_t = 0.0;
	p->co2e_not_estimated = 0;
	memcpy(ps->pool + ps->npool, ps->path, len * sizeof *ps->path);
	ps->npool += len;
	size_t steps = ps->loops ? len : len - 1;
	for (size_t i = 0; i < steps; i++) {
		size_t a = symbi__network_find_arc(net, ps->path[i], ps->path[(i + 1) % len]);
		for (size_t k = net->arc_eoff[a]; k < net->arc_eoff[a + 1]; k++) {
			const symbi_edge *ed = &net->edges[net->arc_edges[k]];
			p->value_nok += ed->value_nok;
			if (isnan(ed->co2e_t))
				p->co2e_not_estimated++;
			else
				p->co2e_t += ed->co2e_t;
		}
	}
	return 0;
}

/* A chain ending at path[len-1]: maximal at the start and not closed? */
static bool chain_ok(const path_search *ps, size_t len)
{
	const symbi_network *net = ps->net;
	uint32_t s = ps->path[0], t = ps->path[len - 1];
	for (size_t k = net->in_off[s]; k < net->in_off[s + 1]; k++)
		if (!ps->on[net->in_from[k]])
			return false;
	return symbi__network_find_arc(net, t, s) == SIZE_MAX;
}

/* Does the vertex u have an out-arc to a vertex off the path? */
static bool extendable(const path_search *ps, uint32_t u)
{
	const symbi_network *net = ps->net;
	for (size_t a = net->arc_off[u]; a < net->arc_off[u + 1]; a++)
		if (!ps->on[net->arc_to[a]])
			return true;
	return false;
}

static int search_from(path_search *ps, uint32_t s)
{
	symbi_network *net = ps->net;
	const symbi_network_options *o = &net->opt;
	size_t maxlen = o->max_path_firms, depth = 1, steps = 0, kept = 0;
	int rc = 0;

	if (!ps->loops) {
		/* A start with more in-neighbours than the path can hold is
		 * never maximal. */
		if (net->in_off[s + 1] - net->in_off[s] > maxlen - 1)
			return 0;
	}
	ps->path[0] = s;
	ps->iter[0] = net->arc_off[s];
	ps->on[s] = true;
	while (depth > 0) {
		uint32_t u = ps->path[depth - 1];
		size_t *it = &ps->iter[depth - 1];
		if (*it >= net->arc_off[u + 1]) {
			ps->on[u] = false;
			depth--;
			continue;
		}
		if (steps >= o->max_steps_per_firm || kept >= o->max_paths_per_firm) {
			ps->truncated = true;
			break;
		}
		uint32_t v = net->arc_to[(*it)++];
		steps++;
		if (ps->loops) {
			if (v == s && depth >= 2) {
				if ((rc = record_path(ps, depth, false)) != 0)
					break;
				kept++;
				continue;
			}
			if (v <= s || ps->on[v] || depth >= maxlen)
				continue;
			ps->path[depth] = v;
			ps->iter[depth] = net->arc_off[v];
			ps->on[v] = true;
			depth++;
		} else {
			if (ps->on[v])
				continue;
			ps->path[depth] = v;
			ps->on[v] = true;
			size_t len = depth + 1;
			bool more = extendable(ps, v);
			if (!more || len >= maxlen) {
				/* A leaf of the search: report it if it is a chain. */
				if (len >= 3 && chain_ok(ps, len)) {
					if ((rc = record_path(ps, len, more)) != 0)
						break;
					kept++;
				}
				ps->on[v] = false;
				continue;
			}
			ps->iter[depth] = net->arc_off[v];
			depth++;
		}
	}
	/* Leave `on` all false for the next start. */
	for (size_t i = 0; i < depth; i++)
		ps->on[ps->path[i]] = false;
	return rc;
}

typedef struct path_rank {
	const path_search *ps;
	size_t i;
	double key;
} path_rank;

static int cmp_path_rank(const void *a, const void *b)
{
	const path_rank *x = a, *y = b;
	if (x->key != y->key)
		return x->key > y->key ? -1 : 1;
	const path_found *p = &x->ps->found[x->i], *q = &y->ps->found[y->i];
	const uint32_t *pv = x->ps->pool + p->off, *qv = x->ps->pool + q->off;
	size_t n = p->len < q->len ? p->len : q->len;
	for (size_t k = 0; k < n; k++)
		if (pv[k] != qv[k])
			return pv[k] < qv[k] ? -1 : 1;
	return (p->len > q->len) - (p->len < q->len);
}

int symbi__network_paths(symbi_network *net, bool loops)
{
	size_t nv = net->nv, maxlen = net->opt.max_path_firms;
	path_search ps = {0};
	path_rank *rank = NULL;
	symbi_path *out = NULL;
	int rc = 0;

	ps.net = net;
	ps.loops = loops;
	ps.path = xmalloc(maxlen + 1, sizeof *ps.path);
	ps.iter = xmalloc(maxlen + 1, sizeof *ps.iter);
	ps.on = xcalloc(nv, sizeof *ps.on);
	if (!ps.path || !ps.iter || !ps.on) {
		rc = symbi__error(SYMBI_ENOMEM, "out of memory");
		goto done;
	}
	for (uint32_t s = 0; s < nv && !rc; s++)
		rc = search_from(&ps, s);
	if (rc)
		goto done;

	rank = xmalloc(ps.nfound, sizeof *rank);
	if (!rank) {
		rc = symbi__error(SYMBI_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < ps.nfound; i++)
		rank[i] = (path_rank){&ps, i,
		                      objective_of(net, ps.found[i].value_nok, ps.found[i].co2e_t)};
	qsort(rank, ps.nfound, sizeof *rank, cmp_path_rank);
	size_t keep = ps.nfound < net->opt.max_paths ? ps.nfound : net->opt.max_paths;
	if (keep < ps.nfound)
		ps.truncated = true;
	out = xcalloc(keep, sizeof *out);
	if (!out) {
		rc = symbi__error(SYMBI_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t r = 0; r < keep; r++) {
		const path_found *p = &ps.found[rank[r].i];
		symbi_path *q = &out[r];
		const uint32_t *pv = ps.pool + p->off;
		uint32_t *firms = arena_array(&net->arena, p->len, sizeof *firms);
		size_t steps = loops ? p->len : p->len - 1, ne = 0;
		for (size_t i = 0; i < steps; i++) {
			size_t a = symbi__network_find_arc(net, pv[i], pv[(i + 1) % p->len]);
			ne += net->arc_eoff[a + 1] - net->arc_eoff[a];
		}
		size_t *edges = arena_array(&net->arena, ne, sizeof *edges);
		if (!firms || !edges) {
			rc = symbi__error(SYMBI_ENOMEM, "out of memory");
			goto done;
		}
		ne = 0;
		int32_t cl = net->vcluster[pv[0]];
		for (size_t i = 0; i < p->len; i++) {
			firms[i] = net->vfirm[pv[i]];
			if (net->vcluster[pv[i]] != cl)
				cl = -1;
		}
		for (size_t i = 0; i < steps; i++) {
			size_t a = symbi__network_find_arc(net, pv[i], pv[(i + 1) % p->len]);
			for (size_t k = net->arc_eoff[a]; k < net->arc_eoff[a + 1]; k++)
				edges[ne++] = net->arc_edges[k];
		}
		*q = (symbi_path){firms, p->len, edges, ne, p->value_nok, p->co2e_t, p->cut, cl,
		                  p->co2e_not_estimated};
		if (cl >= 0) {
			if (loops)
				net->clusters[cl].loops++;
			else
				net->clusters[cl].chains++;
		}
	}
	if (loops) {
		net->loops = out;
		net->nloops = keep;
		net->loops_truncated = ps.truncated;
	} else {
		net->chains = out;
		net->nchains = keep;
		net->chains_truncated = ps.truncated;
	}
	out = NULL;
done:
	free(out);
	free(rank);
	free(ps.path);
	free(ps.iter);
	free(ps.on);
	free(ps.found);
	free(ps.pool);
	return rc;
}
