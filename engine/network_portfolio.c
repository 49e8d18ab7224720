/*
 * network_portfolio.c: the portfolio of candidate projects, the clusters
 * ranked by a weighted score.
 */
#include "network_internal.h"

/* ---- Portfolio ---------------------------------------------------------------------------- */

/* Clusters of at least min_project_firms firms are candidate projects,
 * ranked by a weighted score: each criterion divided by its largest absolute
 * value among the projects (so it lies in [-1, 1] and the units drop out),
 * times its weight, summed. The weights are a judgement, not a measurement:
 * they are options and are written to the output so that anyone can rerank.
 * Chertow's "3-2 heuristic" (at least three entities exchanging at least two
 * resources: M. R. Chertow, "'Uncovering' industrial symbiosis", J. Ind.
 * Ecol. 11(1):11-30, 2007) is reported per project, and the number of
 * distinct resources is a criterion of its own. O(C log C). */

/* The criteria of a cluster, in the order of symbi_portfolio_weights. */
static void criteria(const symbi_cluster *cl, double *x)
{
	x[0] = cl->value_nok;
	x[1] = cl->co2e_t;
	x[2] = isnan(cl->circularity) ? 0.0 : cl->circularity;
	x[3] = (double)cl->resources;
	x[4] = (double)cl->loops;
	x[5] = (double)cl->chains;
	x[6] = (double)cl->nfirms;
}

void symbi__network_weights(const symbi_portfolio_weights *pw, double *w)
{
	w[0] = pw->value_nok;
	w[1] = pw->co2e_t;
	w[2] = pw->circularity;
	w[3] = pw->resources;
	w[4] = pw->loops;
	w[5] = pw->chains;
	w[6] = pw->firms;
}

static int cmp_project(const void *a, const void *b)
{
	const symbi_project *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return (x->cluster > y->cluster) - (x->cluster < y->cluster);
}

int symbi__network_portfolio(symbi_network *net)
{
	double w[SYMBI__NETWORK_CRITERIA], maxabs[SYMBI__NETWORK_CRITERIA] = {0},
	                                   x[SYMBI__NETWORK_CRITERIA];
	symbi__network_weights(&net->opt.weights, w);
	size_t np = 0;
	for (size_t c = 0; c < net->nclusters; c++)
		np += net->clusters[c].nfirms >= net->opt.min_project_firms;
	net->projects = xcalloc(np, sizeof *net->projects);
	if (!net->projects)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	for (size_t c = 0; c < net->nclusters; c++) {
		if (net->clusters[c].nfirms < net->opt.min_project_firms)
			continue;
		criteria(&net->clusters[c], x);
		for (int k = 0; k < SYMBI__NETWORK_CRITERIA; k++)
			if (fabs(x[k]) > maxabs[k])
				maxabs[k] = fabs(x[k]);
	}
	np = 0;
	for (size_t c = 0; c < net->nclusters; c++) {
		const symbi_cluster *cl = &net->clusters[c];
		if (cl->nfirms < net->opt.min_project_firms)
			continue;
		criteria(cl, x);
		double score = 0.0;
		for (int k = 0; k < SYMBI__NETWORK_CRITERIA; k++)
			if (maxabs[k] > 0.0)
				score += w[k] * x[k] / maxabs[k];
		net->projects[np++] =
		    (symbi_project){c, 0, score, cl->nfirms >= 3 && cl->resources >= 2};
	}
	qsort(net->projects, np, sizeof *net->projects, cmp_project);
	for (size_t i = 0; i < np; i++)
		net->projects[i].rank = i + 1;
	net->nprojects = np;
	return 0;
}
