/*
 * network_projects.c: projects kept whole (network.h, symbi_whole_project).
 *
 * The network's clusters come from modularity, which may cut a loop or a
 * chain in two: the demo's potato loop (off-grade potatoes to the spirit
 * plant, stillage to the pigs, manure to biogas, digestate back to the
 * potato fields) runs across two clusters. A whole project is what a county
 * would start as one: the firms of a cluster, joined with every loop and
 * chain that runs through them while the groups they join stay small
 * together (at most SYMBI_WHOLE_PROJECT_MAX_FIRMS firms; loops first, then
 * chains, each in the network's order), found by union-find over the firms
 * (Tarjan, Efficiency of a good but not linear set union algorithm, JACM
 * 22(2), 1975; near-linear). A loop that would join groups larger than that
 * and lies in no single cluster stands as a project of its own, kept whole.
 * A group counts when it has at least min_project_firms firms and holds a
 * ranked cluster or a loop. Order: the best portfolio rank of the clusters a
 * project holds (a loop kept whole takes the best rank of the groups it runs
 * through and comes right after them), then value, then the smallest firm.
 *
 * Time: O(F + E + P * L) for F firms, E edges and P paths of at most L
 * firms, plus O(E) per loop kept whole on its own (at most max_paths).
 * Used by `symbi cluster` ("whole_projects") and by `symbi report`'s
 * portfolio, so both show the same projects.
 */
#include "network_internal.h"

static uint32_t uf_find(uint32_t *up, uint32_t x)
{
	while (up[x] != x) {
		up[x] = up[up[x]];
		x = up[x];
	}
	return x;
}

static void uf_join(uint32_t *up, uint32_t *size, uint32_t a, uint32_t b)
{
	a = uf_find(up, a);
	b = uf_find(up, b);
	if (a == b)
		return;
	if (size[a] < size[b] || (size[a] == size[b] && a > b)) {
		uint32_t t = a;
		a = b;
		b = t;
	}
	up[b] = a;
	size[a] += size[b];
}

/* A project being gathered: a union-find group (root) or a loop kept whole. */
typedef struct gather {
	uint32_t root;    /* smallest firm of the group, or of the loop */
	int64_t loop;     /* loop kept whole on its own, else -1 */
	size_t best_rank; /* SIZE_MAX when none */
	double score;
	symbi_whole_project wp;
} gather;

static int by_project(const void *a, const void *b)
{
	const gather *x = a, *y = b;
	if (x->best_rank != y->best_rank)
		return x->best_rank < y->best_rank ? -1 : 1;
	/* A loop kept whole comes right after the best group it runs through. */
	if ((x->loop >= 0) != (y->loop >= 0))
		return x->loop >= 0 ? 1 : -1;
	if (x->wp.value_nok != y->wp.value_nok)
		return x->wp.value_nok > y->wp.value_nok ? -1 : 1;
	if (x->root != y->root)
		return x->root < y->root ? -1 : 1;
	return x->loop < y->loop ? -1 : x->loop > y->loop;
}

#define NONE SIZE_MAX

/* The project a path belongs to: the owner of all its firms, NONE when they
 * are not all of one. */
static size_t path_owner(const symbi_path *pa, const size_t *owner)
{
	size_t o = pa->nfirms ? owner[pa->firms[0]] : NONE;
	for (size_t k = 1; k < pa->nfirms && o != NONE; k++)
		if (owner[pa->firms[k]] != o)
			o = NONE;
	return o;
}

/* Appends v to a list being counted (list NULL) or filled. */
#define PUT(list, n, v)                                                                            \
	do {                                                                                       \
		if (list)                                                                          \
			(list)[n] = (v);                                                           \
		(n)++;                                                                             \
	} while (0)

/* Gather `n` projects at once from owner[f] (the project of firm f, or
 * NONE): each one's firms, the edges with both ends in it, the loops and the
 * chains of 3 firms or more lying wholly in it, the clusters with a firm in
 * it (each cluster goes to the project of its first firm that has one), and
 * its figures. Two passes: count, then fill arrays from the network's arena.
 * O(F + E + P * L + the clusters' firms). */
static int collect(symbi_network *net, symbi_whole_project *wp, size_t n, const size_t *owner,
                   size_t nf)
{
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < n; i++)
			wp[i].nfirms = wp[i].nedges = wp[i].nloops = wp[i].nchains = wp[i].nclusters = 0;
		for (size_t f = 0; f < nf; f++)
			if (owner[f] != NONE)
				PUT((uint32_t *)wp[owner[f]].firms, wp[owner[f]].nfirms, (uint32_t)f);
		for (size_t e = 0; e < net->nedges; e++) {
			size_t o = owner[net->edges[e].supplier];
			if (o != NONE && owner[net->edges[e].receiver] == o)
				PUT((size_t *)wp[o].edges, wp[o].nedges, e);
		}
		for (size_t i = 0; i < net->nloops; i++) {
			size_t o = path_owner(&net->loops[i], owner);
			if (o != NONE)
				PUT((size_t *)wp[o].loops, wp[o].nloops, i);
		}
		for (size_t i = 0; i < net->nchains; i++) {
			size_t o = net->chains[i].nfirms >= 3 ? path_owner(&net->chains[i], owner) : NONE;
			if (o != NONE)
				PUT((size_t *)wp[o].chains, wp[o].nchains, i);
		}
		for (size_t c = 0; c < net->nclusters; c++) {
			const symbi_cluster *cl = &net->clusters[c];
			size_t o = NONE;
			for (size_t k = 0; k < cl->nfirms && o == NONE; k++)
				o = owner[cl->firms[k]];
			if (o != NONE)
				PUT((size_t *)wp[o].clusters, wp[o].nclusters, c);
		}
		if (pass)
			break;
		for (size_t i = 0; i < n; i++) {
			wp[i].firms = arena_array(&net->arena, wp[i].nfirms, sizeof *wp[i].firms);
			wp[i].edges = arena_array(&net->arena, wp[i].nedges, sizeof *wp[i].edges);
			wp[i].loops = arena_array(&net->arena, wp[i].nloops, sizeof *wp[i].loops);
			wp[i].chains = arena_array(&net->arena, wp[i].nchains, sizeof *wp[i].chains);
			wp[i].clusters = arena_array(&net->arena, wp[i].nclusters, sizeof *wp[i].clusters);
			if (!wp[i].firms || !wp[i].edges || !wp[i].loops || !wp[i].chains || !wp[i].clusters)
				return symbi__error(SYMBI_ENOMEM, "out of memory");
		}
	}
	for (size_t i = 0; i < n; i++) {
		symbi_whole_project *x = &wp[i];
		int32_t region = -2;
		for (size_t k = 0; k < x->nfirms; k++) {
			int32_t r = symbi_dataset_firm(net->ds, x->firms[k])->region;
			region = region == -2 || region == r ? r : -1;
		}
		x->region = region >= 0 ? region : -1;
		x->value_nok = x->co2e_t = 0.0;
		x->co2e_not_estimated = 0;
		for (size_t k = 0; k < x->nedges; k++) {
			const symbi_edge *ed = &net->edges[x->edges[k]];
			const symbi_candidate *c = symbi_matches_get(net->m, ed->candidate);
			x->value_nok += ed->value_nok;
			if (isfinite(ed->co2e_t) && !(c && (c->flags & SYMBI_CANDIDATE_NO_CO2E)))
				x->co2e_t += ed->co2e_t;
			else
				x->co2e_not_estimated++;
		}
	}
	return 0;
}

int symbi__network_whole_projects(symbi_network *net)
{
	size_t nf = symbi_dataset_firm_count(net->ds), n = 0, ngroups = 0, nalone = 0;
	uint32_t *up = xmalloc(nf, sizeof *up), *size = xmalloc(nf, sizeof *size);
	size_t *owner = xmalloc(nf, sizeof *owner), *best = xmalloc(nf, sizeof *best);
	size_t *slot = xmalloc(nf, sizeof *slot); /* root -> group */
	size_t *alone = xmalloc(net->nloops, sizeof *alone);
	double *score = xmalloc(nf, sizeof *score);
	gather *g = xcalloc(nf + net->nloops, sizeof *g);
	symbi_whole_project *wp = xcalloc(nf + net->nloops, sizeof *wp);
	int rc = 0;
	if (!up || !size || !owner || !best || !slot || !alone || !score || !g || !wp) {
		rc = symbi__error(SYMBI_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t f = 0; f < nf; f++)
		up[f] = (uint32_t)f, size[f] = 1, best[f] = NONE, score[f] = NAN;
	for (size_t c = 0; c < net->nclusters; c++)
		for (size_t k = 1; k < net->clusters[c].nfirms; k++)
			uf_join(up, size, net->clusters[c].firms[0], net->clusters[c].firms[k]);
	/* Loops, then chains, join the groups they run through when these stay
	 * small together; a loop too big to join stands as a project itself. */
	for (int pass = 0; pass < 2; pass++) {
		size_t np = pass ? net->nchains : net->nloops;
		for (size_t i = 0; i < np; i++) {
			const symbi_path *pa = pass ? &net->chains[i] : &net->loops[i];
			size_t total = 0;
			for (size_t k = 0; k < pa->nfirms; k++) {
				uint32_t x = uf_find(up, pa->firms[k]);
				bool again = false;
				for (size_t q = 0; q < k && !again; q++)
					again = uf_find(up, pa->firms[q]) == x;
				total += again ? 0 : size[x];
			}
			if (total <= SYMBI_WHOLE_PROJECT_MAX_FIRMS) {
				for (size_t k = 1; k < pa->nfirms; k++)
					uf_join(up, size, pa->firms[0], pa->firms[k]);
			} else if (!pass && pa->cluster < 0 && pa->nfirms >= net->opt.min_project_firms) {
				alone[nalone++] = i;
			}
		}
	}
	/* The best rank of the ranked clusters in each group. */
	for (size_t i = 0; i < net->nprojects; i++) {
		const symbi_cluster *cl = &net->clusters[net->projects[i].cluster];
		if (!cl->nfirms)
			continue;
		uint32_t r = uf_find(up, cl->firms[0]);
		if (net->projects[i].rank < best[r]) {
			best[r] = net->projects[i].rank;
			score[r] = net->projects[i].score;
		}
	}
	/* The groups large enough, all gathered in one sweep. */
	for (size_t f = 0; f < nf; f++)
		if (up[f] == f && size[f] >= net->opt.min_project_firms)
			g[ngroups++] = (gather){(uint32_t)f, -1, best[f], score[f], {0}};
	for (size_t f = 0; f < nf; f++)
		slot[f] = NONE;
	for (size_t i = 0; i < ngroups; i++)
		slot[g[i].root] = i;
	for (size_t f = 0; f < nf; f++)
		owner[f] = slot[uf_find(up, (uint32_t)f)];
	if ((rc = collect(net, wp, ngroups, owner, nf)) != 0)
		goto done;
	for (size_t i = 0; i < ngroups; i++) {
		if (g[i].best_rank == NONE && !wp[i].nloops)
			continue; /* neither a ranked cluster nor a loop */
		g[n] = g[i];
		g[n].wp = wp[i];
		n++;
	}
	/* Each loop kept whole on its own, with the best rank of the groups it
	 * runs through. */
	for (size_t i = 0; i < nalone; i++) {
		const symbi_path *pa = &net->loops[alone[i]];
		gather *x = &g[n];
		*x = (gather){UINT32_MAX, (int64_t)alone[i], NONE, NAN, {0}};
		for (size_t f = 0; f < nf; f++)
			owner[f] = NONE;
		for (size_t k = 0; k < pa->nfirms; k++) {
			uint32_t r = uf_find(up, pa->firms[k]);
			if (best[r] < x->best_rank) {
				x->best_rank = best[r];
				x->score = score[r];
			}
			owner[pa->firms[k]] = 0;
			if (pa->firms[k] < x->root)
				x->root = pa->firms[k];
		}
		if ((rc = collect(net, &x->wp, 1, owner, nf)) != 0)
			goto done;
		n++;
	}
	qsort(g, n, sizeof *g, by_project);
	net->wholes = arena_array(&net->arena, n, sizeof *net->wholes);
	if (!net->wholes) {
		rc = symbi__error(SYMBI_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		net->wholes[i] = g[i].wp;
		net->wholes[i].loop = g[i].loop;
		net->wholes[i].rank = g[i].best_rank == NONE ? 0 : g[i].best_rank;
		net->wholes[i].score = g[i].best_rank == NONE ? NAN : g[i].score;
	}
	net->nwholes = n;
done:
	free(up);
	free(size);
	free(owner);
	free(best);
	free(slot);
	free(alone);
	free(score);
	free(g);
	free(wp);
	return rc;
}

size_t symbi_network_whole_project_count(const symbi_network *net)
{
	return net ? net->nwholes : 0;
}

const symbi_whole_project *symbi_network_whole_project(const symbi_network *net, size_t i)
{
	return net && i < net->nwholes ? &net->wholes[i] : NULL;
}
