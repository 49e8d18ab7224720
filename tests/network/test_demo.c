/*
 * test_demo.c: the allocation and the network on the shipped demo dataset
 * (datasets/innlandet, with the shipped knowledge base from $SYMBI_DATADIR):
 * no stream is used beyond its quantity, the remainders add up, the clusters
 * partition the firms they hold, every reported chain and loop follows edges
 * of the network, and the JSON is the same on every run and thread count.
 */
#include <stdlib.h>

#include "engine/internal.h"
#include "symbi_config.h"
#include "unit.h"

static const char *datadir(void)
{
	const char *d = getenv("SYMBI_DATADIR");
	return d && *d ? d : SYMBI_SOURCE_DATADIR;
}

static symbi_dataset *load(symbi_kb **kbp)
{
	char firms[4096], streams[4096];
	symbi_diags *d = NULL;
	symbi_kb *kb = NULL;
	symbi_dataset *ds = NULL;
	snprintf(firms, sizeof firms, "%s/innlandet/firms.csv", datadir());
	snprintf(streams, sizeof streams, "%s/innlandet/streams.csv", datadir());
	int rc = symbi_diags_new(&d, 20);
	rc = rc ? rc : symbi_kb_new(&kb);
	rc = rc ? rc : symbi_kb_load_dir(kb, datadir(), d);
	rc = rc ? rc : symbi_kb_finish(kb, d);
	rc = rc ? rc : symbi_dataset_new(&ds, kb);
	rc = rc ? rc : symbi_dataset_load(ds, firms, streams, d);
	if (rc) {
		fprintf(stderr, "loading the demo dataset from %s: %s\n", datadir(),
		        symbi_last_error());
		for (size_t i = 0; i < symbi_diags_count(d); i++)
			fprintf(stderr, "  %s\n", symbi_diags_get(d, i)->message);
		symbi_dataset_free(ds);
		symbi_kb_free(kb);
		ds = NULL;
		kb = NULL;
	}
	CHECK_EQ_INT(rc, 0);
	symbi_diags_free(d);
	*kbp = kb;
	return ds;
}

/* Every stream's use stays within its quantity; remainders match. */
static void check_allocation(const symbi_matches *m, const symbi_allocation_summary *sum)
{
	const symbi_dataset *ds = symbi_matches_dataset(m);
	size_t ns = symbi_dataset_stream_count(ds), n = symbi_matches_count(m);
	double *use = calloc(ns ? ns : 1, sizeof *use);
	int bad = 0, over = 0, off = 0, sector_alloc = 0;
	size_t used = 0;
	double value = 0;
	for (size_t i = 0; i < n; i++) {
		const symbi_candidate *c = symbi_matches_get(m, i);
		if (c->basis == SYMBI_BASIS_SECTOR) {
			sector_alloc += !isnan(c->allocated);
			continue;
		}
		if (!(c->allocated >= 0) || c->allocated > c->quantity)
			bad++;
		if (c->allocated > 0) {
			used++;
			value += c->value_nok * c->allocated / c->quantity;
			use[c->supply] += c->supply_used * c->allocated / c->quantity;
			use[c->demand] += c->allocated;
		}
	}
	for (size_t s = 0; s < ns; s++) {
		double q = symbi_dataset_stream(ds, (uint32_t)s)->quantity;
		if (use[s] > q * (1 + 1e-9) + 1e-9)
			over++;
		double r = sum->remaining[s];
		if (!isnan(r) && fabs(r - (q - use[s])) > 1e-6 * (q > 1 ? q : 1))
			off++;
		if (isnan(r) && use[s] > 0)
			off++;
	}
	CHECK_EQ_INT(bad, 0);
	CHECK_EQ_INT(over, 0);
	CHECK_EQ_INT(off, 0);
	CHECK_EQ_INT(sector_alloc, 0);
	CHECK_EQ_INT(used, sum->partnerships_used);
	CHECK_NEAR(value, sum->total_value_nok, 1e-6 * fabs(value) + 1e-6);
	CHECK(sum->partnerships_used > 0);
	CHECK(sum->components > 0);
	free(use);
}

static bool has_edge(const symbi_network *net, uint32_t from, uint32_t to, size_t e)
{
	const symbi_edge *ed = symbi_network_edge(net, e);
	return ed->supplier == from && ed->receiver == to;
}

/* Paths follow edges step by step; clusters are disjoint and their edges
 * lie inside. */
static void check_network(const symbi_network *net, const symbi_dataset *ds)
{
	size_t nf = symbi_dataset_firm_count(ds);
	int32_t *owner = malloc((nf ? nf : 1) * sizeof *owner);
	for (size_t f = 0; f < nf; f++)
		owner[f] = -1;
	int overlap = 0, outside = 0, bad_paths = 0;
	for (size_t c = 0; c < symbi_network_cluster_count(net); c++) {
		const symbi_cluster *cl = symbi_network_cluster(net, c);
		CHECK(cl->nfirms >= 2);
		for (size_t i = 0; i < cl->nfirms; i++) {
			overlap += owner[cl->firms[i]] >= 0;
			owner[cl->firms[i]] = (int32_t)c;
		}
		for (size_t i = 0; i < cl->nedges; i++) {
			const symbi_edge *e = symbi_network_edge(net, cl->edges[i]);
			outside +=
			    owner[e->supplier] != (int32_t)c || owner[e->receiver] != (int32_t)c;
		}
	}
	for (int kind = 0; kind < 2; kind++) {
		size_t np = kind ? symbi_network_loop_count(net) : symbi_network_chain_count(net);
		for (size_t i = 0; i < np; i++) {
			const symbi_path *p =
			    kind ? symbi_network_loop(net, i) : symbi_network_chain(net, i);
			size_t steps = kind ? p->nfirms : p->nfirms - 1, k = 0;
			for (size_t s = 0; s < steps; s++) {
				uint32_t a = p->firms[s], b = p->firms[(s + 1) % p->nfirms];
				size_t seen = 0;
				while (k < p->nedges && has_edge(net, a, b, p->edges[k])) {
					k++;
					seen++;
				}
				bad_paths += seen == 0;
			}
			bad_paths += k != p->nedges;
			bad_paths += kind ? p->nfirms < 2 : p->nfirms < 3;
		}
	}
	CHECK_EQ_INT(overlap, 0);
	CHECK_EQ_INT(outside, 0);
	CHECK_EQ_INT(bad_paths, 0);
	free(owner);
}

static char *run(const symbi_dataset *ds, int threads, symbi_edge_set edges)
{
	symbi_match_options mo = SYMBI_MATCH_OPTIONS_INIT;
	mo.threads = threads;
	mo.sector = true;
	symbi_matches *m = NULL;
	symbi_network *net = NULL;
	symbi_allocation_summary sum;
	char *buf = NULL;
	size_t len = 0;
	CHECK_EQ_INT(symbi_match(&m, ds, &mo), 0);
	if (!m)
		return NULL;
	CHECK_EQ_INT(symbi_allocate(m, SYMBI_OBJECTIVE_VALUE, &sum), 0);
	check_allocation(m, &sum);
	symbi_network_options no = SYMBI_NETWORK_OPTIONS_INIT;
	no.edges = edges;
	CHECK_EQ_INT(symbi_network_build(&net, m, &no), 0);
	if (net) {
		check_network(net, ds);
		CHECK(symbi_network_cluster_count(net) > 0);
		FILE *f = open_memstream(&buf, &len);
		symbi_json_options jo = SYMBI_JSON_OPTIONS_INIT;
		jo.optimize = true;
		jo.allocation = &sum;
		CHECK_EQ_INT(symbi_network_write_json(f, net, &jo), 0);
		fclose(f);
	}
	symbi_network_free(net);
	symbi_matches_free(m);
	return buf;
}

int main(void)
{
	symbi_kb *kb = NULL;
	symbi_dataset *ds = load(&kb);
	if (!ds)
		return UNIT_DONE();
	char *a = run(ds, 1, SYMBI_EDGES_ALLOCATED);
	char *b = run(ds, 2, SYMBI_EDGES_ALLOCATED);
	CHECK(a && b && strcmp(a, b) == 0);
	char *c = run(ds, 2, SYMBI_EDGES_ALL);
	char *d = run(ds, 1, SYMBI_EDGES_ALL);
	CHECK(c && d && strcmp(c, d) == 0);
	free(a);
	free(b);
	free(c);
	free(d);
	symbi_dataset_free(ds);
	symbi_kb_free(kb);
	return UNIT_DONE();
}
