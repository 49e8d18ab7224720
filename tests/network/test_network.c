/*
 * test_network.c: the firm network (engine/network.c) — planted communities
 * recovered by Leiden, planted loops and chains found, none on stars, the
 * cluster figures and the portfolio worked out by hand, options checked, and
 * byte-identical JSON across runs.
 */
#include <cjson/cJSON.h>

#include "fixture.h"

#define TOL 1e-6

static symbi_network *build(symbi_matches *m, const symbi_network_options *o)
{
	symbi_network *net = NULL;
	int rc = symbi_network_build(&net, m, o);
	if (rc != 0)
		fprintf(stderr, "symbi_network_build: %d %s\n", rc, symbi_last_error());
	CHECK_EQ_INT(rc, 0);
	return net;
}

static const char *firm_id(const fixture *fx, uint32_t f)
{
	return symbi_dataset_firm(fx->ds, f)->id;
}

/* The firms of a path or cluster joined by spaces, for one-line checks. */
static const char *join_firms(const fixture *fx, const uint32_t *firms, size_t n)
{
	static char buf[512];
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (i)
			strncat(buf, " ", sizeof buf - strlen(buf) - 1);
		strncat(buf, firm_id(fx, firms[i]), sizeof buf - strlen(buf) - 1);
	}
	return buf;
}

static char *to_json(const symbi_network *net, bool compact)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	symbi_json_options jo = SYMBI_JSON_OPTIONS_INIT;
	jo.compact = compact;
	jo.explain = false;
	jo.dataset = "test";
	CHECK(f != NULL);
	CHECK_EQ_INT(symbi_network_write_json(f, net, &jo), 0);
	fclose(f);
	return buf;
}

/* ---- Planted communities --------------------------------------------------------- */

/* Three groups of five firms (a1..a5, b1..b5, c1..c5). Inside a group every
 * firm supplies every later one (10 partnerships of 100 NOK); the groups are
 * joined by single weak links a5->b1, b5->c1, c5->a1 of 1 NOK. Leiden must
 * recover the groups exactly. Their totals tie at 1000 NOK, so the ids follow
 * the smallest firm id: C1 = a, C2 = b, C3 = c.
 * Modularity by hand: m = 3003 (total weight), each group has L = 1000
 * inside and degree sum d = 2 * 1000 + 2 = 2002, so
 * Q = 3 * (1000/3003 - (2002/6006)^2) = 0.66567... */
static void planted(fixture *fx)
{
	uint32_t f[3][5];
	const char g[3] = {'a', 'b', 'c'};
	char id[8];
	fx_init(fx);
	for (int k = 0; k < 3; k++)
		for (int i = 0; i < 5; i++) {
			snprintf(id, sizeof id, "%c%d", g[k], i + 1);
			f[k][i] = fx_firm(fx, id, NULL, NULL);
		}
	for (int k = 0; k < 3; k++)
		for (int i = 0; i < 5; i++)
			for (int j = i + 1; j < 5; j++)
				fx_link(fx, f[k][i], f[k][j], k, 10, 100);
	fx_link(fx, f[0][4], f[1][0], 5, 1, 1);
	fx_link(fx, f[1][4], f[2][0], 5, 1, 1);
	fx_link(fx, f[2][4], f[0][0], 5, 1, 1);
}

static void test_planted_communities(void)
{
	fixture fx;
	planted(&fx);
	symbi_matches *m = fx_matches(&fx);
	symbi_network_options o = SYMBI_NETWORK_OPTIONS_INIT;
	o.edges = SYMBI_EDGES_DECLARED;
	symbi_network *net = build(m, &o);
	if (!net)
		return;
	CHECK_EQ_INT(symbi_network_firm_count(net), 15);
	CHECK_EQ_INT(symbi_network_edge_count(net), 33);
	CHECK_EQ_INT(symbi_network_cluster_count(net), 3);
	if (symbi_network_cluster_count(net) == 3) {
		const symbi_cluster *c1 = symbi_network_cluster(net, 0);
		const symbi_cluster *c2 = symbi_network_cluster(net, 1);
		const symbi_cluster *c3 = symbi_network_cluster(net, 2);
		CHECK_STR(c1->id, "C1");
		CHECK_STR(join_firms(&fx, c1->firms, c1->nfirms), "a1 a2 a3 a4 a5");
		CHECK_STR(c2->id, "C2");
		CHECK_STR(join_firms(&fx, c2->firms, c2->nfirms), "b1 b2 b3 b4 b5");
		CHECK_STR(c3->id, "C3");
		CHECK_STR(join_firms(&fx, c3->firms, c3->nfirms), "c1 c2 c3 c4 c5");
		CHECK_EQ_INT(c1->nedges, 10);
		CHECK_NEAR(c1->value_nok, 1000, TOL);
		CHECK_NEAR(c1->moved[SYMBI_DIM_MASS], 100, TOL);
		CHECK_EQ_INT(c1->resources, 1);
	}
	/* The weak links lie in no cluster. */
	size_t outside = 0;
	for (size_t e = 0; e < symbi_network_edge_count(net); e++)
		outside += symbi_network_edge(net, e)->cluster < 0;
	CHECK_EQ_INT(outside, 3);
	double q = 3.0 * (1000.0 / 3003.0 - (2002.0 / 6006.0) * (2002.0 / 6006.0));
	CHECK_NEAR(symbi_network_modularity(net), q, 1e-9);

	/* A low enough resolution merges everything: joining the groups gains
	 * the weak links, 3/3003 of the weight, and costs gamma * (1 - 3/9) of
	 * the null model, so below gamma = 0.0015 one community is best. */
	o.resolution = 0.0005;
	symbi_network *one = build(m, &o);
	if (one) {
		CHECK_EQ_INT(symbi_network_cluster_count(one), 1);
		if (symbi_network_cluster_count(one) == 1)
			CHECK_EQ_INT(symbi_network_cluster(one, 0)->nfirms, 15);
	}
	symbi_network_free(one);
	symbi_network_free(net);
	fx_free(&fx);
}

/* The same input gives byte-identical JSON, built twice from scratch, in
 * both layouts; the document parses and has every top-level key. */
static void test_deterministic_json(void)
{
	char *out[2][2];
	for (int run = 0; run < 2; run++) {
		fixture fx;
		planted(&fx);
		symbi_matches *m = fx_matches(&fx);
		symbi_network_options o = SYMBI_NETWORK_OPTIONS_INIT;
		o.edges = SYMBI_EDGES_DECLARED;
		symbi_network *net = build(m, &o);
		out[run][0] = net ? to_json(net, false) : NULL;
		out[run][1] = net ? to_json(net, true) : NULL;
		symbi_network_free(net);
		fx_free(&fx);
	}
	for (int k = 0; k < 2; k++) {
		CHECK(out[0][k] && out[1][k] && strcmp(out[0][k], out[1][k]) == 0);
		cJSON *doc = out[0][k] ? cJSON_Parse(out[0][k]) : NULL;
		CHECK(doc != NULL);
		const char *keys[] = {"version", "query",     "summary",       "partnerships", "clusters",
		                      "chains",  "loops",     "portfolio",     "whole_projects"};
		const cJSON *it = doc ? doc->child : NULL;
		for (size_t i = 0; i < sizeof keys / sizeof *keys; i++, it = it ? it->next : NULL)
			CHECK(it && strcmp(it->string, keys[i]) == 0);
		const cJSON *cl = cJSON_GetObjectItemCaseSensitive(doc, "clusters");
		CHECK_EQ_INT(cJSON_GetArraySize(cl), 3);
		const cJSON *c1 = cJSON_GetArrayItem(cl, 0);
		CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c1, "id")), "C1");
		CHECK_EQ_INT(
		    cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(c1, "partnerships")), 10);
		const cJSON *p0 =
		    cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(doc, "partnerships"), 0);
		CHECK(cJSON_GetObjectItemCaseSensitive(p0, "id") != NULL);
		CHECK(cJSON_GetObjectItemCaseSensitive(p0, "supplier") != NULL);
		CHECK(cJSON_GetObjectItemCaseSensitive(p0, "network") != NULL);
		cJSON_Delete(doc);
	}
	/* Compact: one element per line. */
	if (out[0][1]) {
		size_t lines = 0;
		for (const char *p = out[0][1]; *p; p++)
			lines += *p == '\n';
		/* header line + 33 partnerships + 3 clusters + chains + loops +
		 * portfolio lines: at least 33 + 3 + 1. */
		CHECK(lines >= 37);
	}
	for (int r = 0; r < 2; r++)
		for (int k = 0; k < 2; k++)
			free(out[r][k]);
}

/* ---- Projects kept whole -------------------------------------------------------- */

/* The planted groups again. Their weak links close one loop across all three
 * clusters: a1 -> a5 -> b1 -> b5 -> c1 -> c5 -> a1 (6 firms, the most a
 * path may hold by default; inside a group every firm supplies every later
 * one, so within 6 firms the loop can only go from each group's first firm
 * straight to its last). Modularity puts the six in three
 * clusters; joining them would make 15 firms, over the 12 a project may
 * grow to, so the loop is kept whole as a project of its own: its 6 firms,
 * the 6 edges among them (a1->a5, b1->b5, c1->c5 of 100 NOK and the three
 * weak links of 1 NOK: 303 NOK), the 3 clusters it runs through, and the
 * best rank of those (1). Every firm is in a group of 5 or more, so every
 * group with a ranked cluster is a project too; the loop comes right after
 * the best group it runs through. */
static void test_whole_projects(void)
{
	fixture fx;
	planted(&fx);
	symbi_matches *m = fx_matches(&fx);
	symbi_network_options o = SYMBI_NETWORK_OPTIONS_INIT;
	o.edges = SYMBI_EDGES_DECLARED;
	symbi_network *net = build(m, &o);
	if (!net) {
		fx_free(&fx);
		return;
	}
	CHECK_EQ_INT(symbi_network_loop_count(net), 1);
	const symbi_whole_project *loop = NULL;
	size_t n = symbi_network_whole_project_count(net), nloop = 0, firms = 0;
	for (size_t i = 0; i < n; i++) {
		const symbi_whole_project *wp = symbi_network_whole_project(net, i);
		CHECK(wp->nfirms >= 3);
		CHECK(wp->rank >= 1);
		if (wp->loop >= 0) {
			loop = wp;
			nloop++;
			/* Right after the group of rank 1. */
			CHECK_EQ_INT(i, 1);
		} else {
			firms += wp->nfirms;
		}
	}
	CHECK_EQ_INT(nloop, 1);
	CHECK_EQ_INT(firms, 15); /* the groups share out every firm */
	CHECK(symbi_network_whole_project(net, n) == NULL);
	if (loop) {
		CHECK_EQ_INT(loop->loop, 0);
		CHECK_STR(join_firms(&fx, loop->firms, loop->nfirms), "a1 a5 b1 b5 c1 c5");
		CHECK_EQ_INT(loop->nedges, 6);
		CHECK_NEAR(loop->value_nok, 303, TOL);
		CHECK_EQ_INT(loop->co2e_not_estimated, 0);
		CHECK_EQ_INT(loop->nclusters, 3);
		CHECK_EQ_INT(loop->nloops, 1);
		CHECK_EQ_INT(loop->rank, 1);
		CHECK_NEAR(loop->score, symbi_network_project(net, 0)->score, TOL);
	}
	/* No cluster of the portfolio holds the whole loop. */
	for (size_t i = 0; i < symbi_network_project_count(net); i++)
		CHECK(symbi_network_cluster(net, symbi_network_project(net, i)->cluster)->nfirms == 5);

	/* With a wider resolution everything is one cluster: one project of 15
	 * firms holding the loop, and no loop kept apart. */
	o.resolution = 0.0005;
	symbi_network *one = build(m, &o);
	if (one) {
		CHECK_EQ_INT(symbi_network_whole_project_count(one), 1);
		const symbi_whole_project *wp = symbi_network_whole_project(one, 0);
		if (wp) {
			CHECK_EQ_INT(wp->nfirms, 15);
			CHECK_EQ_INT(wp->loop, -1);
			CHECK_EQ_INT(wp->nloops, 1);
			CHECK_EQ_INT(wp->nclusters, 1);
			CHECK_NEAR(wp->value_nok, 3003, TOL);
		}
	}
	symbi_network_free(one);
	symbi_network_free(net);
	fx_free(&fx);
}

/* ---- Loops and chains ----------------------------------------------------------- */

/* A loop L1->L2->L3->L1 (10, 20, 30 NOK), a chain X1->X2->X3->X4 (5, 6, 7)
 * and an exchange pair E1<->E2 (1, 2), three separate parts. Expected:
 * loops [L1 L2 L3] = 60 NOK, then the exchange [E1 E2] = 3 NOK; one chain
 * [X1 X2 X3 X4] = 18 NOK. The paths inside the loop are closed and the
 * pieces of the chain not maximal, so nothing else is reported. */
static void test_loop_and_chain(void)
{
	fixture fx;
	fx_init(&fx);
	uint32_t L1 = fx_firm(&fx, "L1", NULL, NULL), L2 = fx_firm(&fx, "L2", NULL, NULL);
	uint32_t L3 = fx_firm(&fx, "L3", NULL, NULL);
	uint32_t X1 = fx_firm(&fx, "X1", NULL, NULL), X2 = fx_firm(&fx, "X2", NULL, NULL);
	uint32_t X3 = fx_firm(&fx, "X3", NULL, NULL), X4 = fx_firm(&fx, "X4", NULL, NULL);
	uint32_t E1 = fx_firm(&fx, "E1", NULL, NULL), E2 = fx_firm(&fx, "E2", NULL, NULL);
	size_t l1 = fx_link(&fx, L1, L2, 1, 1, 10);
	size_t l2 = fx_link(&fx, L2, L3, 2, 1, 20);
	size_t l3 = fx_link(&fx, L3, L1, 3, 1, 30);
	size_t x1 = fx_link(&fx, X1, X2, 1, 1, 5);
	size_t x2 = fx_link(&fx, X2, X3, 2, 1, 6);
	size_t x3 = fx_link(&fx, X3, X4, 3, 1, 7);
	fx_link(&fx, E1, E2, 1, 1, 1);
	fx_link(&fx, E2, E1, 2, 1, 2);
	symbi_matches *m = fx_matches(&fx);
	symbi_network_options o = SYMBI_NETWORK_OPTIONS_INIT;
	o.edges = SYMBI_EDGES_DECLARED;
	symbi_network *net = build(m, &o);
	if (!net)
		return;
	CHECK_EQ_INT(symbi_network_loop_count(net), 2);
	CHECK_EQ_INT(symbi_network_chain_count(net), 1);
	CHECK(!symbi_network_loops_truncated(net));
	CHECK(!symbi_network_chains_truncated(net));
	if (symbi_network_loop_count(net) == 2) {
		const symbi_path *p = symbi_network_loop(net, 0);
		CHECK_STR(join_firms(&fx, p->firms, p->nfirms), "L1 L2 L3");
		CHECK_NEAR(p->value_nok, 60, TOL);
		CHECK_EQ_INT(p->nedges, 3);
		if (p->nedges == 3) {
			CHECK_EQ_INT(symbi_network_edge(net, p->edges[0])->candidate, l1);
			CHECK_EQ_INT(symbi_network_edge(net, p->edges[1])->candidate, l2);
			CHECK_EQ_INT(symbi_network_edge(net, p->edges[2])->candidate, l3);
		}
		CHECK(p->cluster >= 0);
		if (p->cluster >= 0)
			CHECK_EQ_INT(symbi_network_cluster(net, (size_t)p->cluster)->loops, 1);
		p = symbi_network_loop(net, 1);
		CHECK_STR(join_firms(&fx, p->firms, p->nfirms), "E1 E2");
		CHECK_NEAR(p->value_nok, 3, TOL);
	}
	if (symbi_network_chain_count(net) == 1) {
		const symbi_path *p = symbi_network_chain(net, 0);
		CHECK_STR(join_firms(&fx, p->firms, p->nfirms), "X1 X2 X3 X4");
		CHECK_NEAR(p->value_nok, 18, TOL);
		CHECK(!p->cut);
		CHECK_EQ_INT(p->nedges, 3);
		if (p->nedges == 3) {
			CHECK_EQ_INT(symbi_network_edge(net, p->edges[0])->candidate, x1);
			CHECK_EQ_INT(symbi_network_edge(net, p->edges[1])->candidate, x2);
			CHECK_EQ_INT(symbi_network_edge(net, p->edges[2])->candidate, x3);
			char id[128];
			CHECK_EQ_INT(symbi_candidate_id(m, x1, id, sizeof id), 0);
			CHECK_STR(symbi_network_edge(net, p->edges[0])->id, id);
		}
	}
	symbi_network_free(net);
	fx_free(&fx);
}

/* Stars have no loop and no chain of 3 firms: a hub supplying five firms,
 * five firms supplying a hub. A hub fed by three and feeding two has the
 * 3 x 2 = 6 chains S->H->T. */
static void test_stars(void)
{
	for (int kind = 0; kind < 3; kind++) {
		fixture fx;
		fx_init(&fx);
		uint32_t H = fx_firm(&fx, "H", NULL, NULL);
		char id[8];
		for (int i = 0; i < 5; i++) {
			snprintf(id, sizeof id, "S%d", i + 1);
			uint32_t s = fx_firm(&fx, id, NULL, NULL);
			bool in = kind == 1 || (kind == 2 && i < 3);
			if (in)
				fx_link(&fx, s, H, i % FX_CODES, 1, 10 + i);
			else
				fx_link(&fx, H, s, i % FX_CODES, 1, 10 + i);
		}
		symbi_matches *m = fx_matches(&fx);
		symbi_network_options o = SYMBI_NETWORK_OPTIONS_INIT;
		o.edges = SYMBI_EDGES_DECLARED;
		symbi_network *net = build(m, &o);
		if (net) {
			CHECK_EQ_INT(symbi_network_loop_count(net), 0);
			CHECK_EQ_INT(symbi_network_chain_count(net), kind == 2 ? 6 : 0);
			if (kind == 2 && symbi_network_chain_count(net) == 6) {
				/* Best first: S3 (12) -> H -> S5 (14) = 26 NOK. */
				const symbi_path *p = symbi_network_chain(net, 0);
				CHECK_STR(join_firms(&fx, p->firms, p->nfirms), "S3 H S5");
				CHECK_NEAR(p->value_nok, 26, TOL);
			}
			CHECK_EQ_INT(symbi_network_cluster_count(net), 1);
		}
		symbi_network_free(net);
		fx_free(&fx);
	}
}

/* Search bounds: a line of 8 firms gives one chain cut at max_path_firms
 * (6) firms, P1..P6; a 7-cycle is found only with max_path_firms >= 7. */
static void test_bounds(void)
{
	fixture fx;
	fx_init(&fx);
	uint32_t p[8], q[7];
	char id[8];
	for (int i = 0; i < 8; i++) {
		snprintf(id, sizeof id, "P%d", i + 1);
		p[i] = fx_firm(&fx, id, NULL, NULL);
	}
	for (int i = 0; i < 7; i++) {
		snprintf(id, sizeof id, "Q%d", i + 1);
		q[i] = fx_firm(&fx, id, NULL, NULL);
	}
	for (int i = 0; i + 1 < 8; i++)
		fx_link(&fx, p[i], p[i + 1], 0, 1, 10);
	for (int i = 0; i < 7; i++)
		fx_link(&fx, q[i], q[(i + 1) % 7], 0, 1, 10);
	symbi_matches *m = fx_matches(&fx);
	symbi_network_options o = SYMBI_NETWORK_OPTIONS_INIT;
	o.edges = SYMBI_EDGES_DECLARED;
	symbi_network *net = build(m, &o);
	if (net) {
		CHECK_EQ_INT(symbi_network_loop_count(net), 0);
		CHECK_EQ_INT(symbi_network_chain_count(net), 1);
		if (symbi_network_chain_count(net) == 1) {
			const symbi_path *c = symbi_network_chain(net, 0);
			CHECK_STR(join_firms(&fx, c->firms, c->nfirms), "P1 P2 P3 P4 P5 P6");
			CHECK(c->cut);
		}
	}
	symbi_network_free(net);
	o.max_path_firms = 7;
	net = build(m, &o);
	if (net) {
		CHECK_EQ_INT(symbi_network_loop_count(net), 1);
		if (symbi_network_loop_count(net) == 1) {
			const symbi_path *c = symbi_network_loop(net, 0);
			CHECK_STR(join_firms(&fx, c->firms, c->nfirms), "Q1 Q2 Q3 Q4 Q5 Q6 Q7");
		}
	}
	symbi_network_free(net);
	/* A cap on kept paths per firm flags the truncation. */
	o.max_path_firms = 6;
	o.max_paths = 0;
	net = build(m, &o);
	if (net) {
		CHECK_EQ_INT(symbi_network_chain_count(net), 0);
		CHECK(symbi_network_chains_truncated(net));
		CHECK(!symbi_network_loops_truncated(net));
	}
	symbi_network_free(net);
	fx_free(&fx);
}

/* ---- Cluster figures and the portfolio ------------------------------------------- */

/* Part K: K1 supplies K2, K3, K4 (resources r1, r2, r3; 40, 30, 20 NOK;
 * 4, 3, 2 t). K2 also declares a demand of 10 t nobody meets. Demand
 * streams of the members: K2 4 t (met), K2 10 t (unmet), K3 3 t (met), K4 2 t
 * (met): circularity (1 + 0 + 1 + 1) / 4 = 0.75; declared 19 t, met 9 t.
 * Anchor K1 (weighted degree 90). Municipalities Bergen, Oslo; regions
 * Oslo, Vestland. 4 firms, 3 resources: meets Chertow's 3-2 heuristic.
 *
 * Part R: a loop R1->R2->R3->R1 of one resource r4, 10 NOK each (30 NOK):
 * 3 firms, 1 resource, one loop, circularity 1 (each demand met).
 *
 * Part P: a pair P1->P2 (5 NOK): a cluster, but too small for a project.
 *
 * Portfolio (default weights 0.3 value, 0.25 co2, 0.15 circularity, 0.1
 * resources, 0.1 loops, 0.05 chains, 0.05 firms), each criterion divided by
 * its largest value among the projects K and R:
 *   K: value 90/90, co2 0.09/0.09, circ 0.75/1, resources 3/3, loops 0/1,
 *      chains 0, firms 4/4 = 0.3 + 0.25 + 0.1125 + 0.1 + 0 + 0 + 0.05 = 0.8125
 *   R: value 30/90, co2 0.03/0.09, circ 1, resources 1/3, loops 1, chains 0,
 *      firms 3/4 = 0.1 + 0.083333 + 0.15 + 0.033333 + 0.1 + 0 + 0.0375
 *      = 0.504167
 * (co2e of each link is value / 1000 in the fixture.) K ranks first. */
static void test_figures_and_portfolio(void)
{
	fixture fx;
	fx_init(&fx);
	uint32_t K1 = fx_firm(&fx, "K1", "Oslo", "Oslo");
	uint32_t K2 = fx_firm(&fx, "K2", "Bergen", "Vestland");
	uint32_t K3 = fx_firm(&fx, "K3", "Oslo", "Oslo");
	uint32_t K4 = fx_firm(&fx, "K4", NULL, NULL);
	uint32_t R1 = fx_firm(&fx, "R1", NULL, NULL), R2 = fx_firm(&fx, "R2", NULL, NULL);
	uint32_t R3 = fx_firm(&fx, "R3", NULL, NULL);
	uint32_t P1 = fx_firm(&fx, "P1", NULL, NULL), P2 = fx_firm(&fx, "P2", NULL, NULL);
	fx_link(&fx, K1, K2, 1, 4, 40);
	fx_link(&fx, K1, K3, 2, 3, 30);
	fx_link(&fx, K1, K4, 3, 2, 20);
	fx_stream(&fx, K2, "K2-unmet", SYMBI_DEMAND, 5, 10);
	fx_link(&fx, R1, R2, 4, 1, 10);
	fx_link(&fx, R2, R3, 4, 1, 10);
	fx_link(&fx, R3, R1, 4, 1, 10);
	fx_link(&fx, P1, P2, 6, 1, 5);
	/* A partnership that loses money is left out of the network. */
	fx_link(&fx, P2, P1, 7, 1, -5);
	symbi_matches *m = fx_matches(&fx);
	symbi_network_options o = SYMBI_NETWORK_OPTIONS_INIT;
	o.edges = SYMBI_EDGES_DECLARED;
	symbi_network *net = build(m, &o);
	if (!net)
		return;
	CHECK_EQ_INT(symbi_network_dropped(net), 1);
	CHECK_EQ_INT(symbi_network_edge_count(net), 7);
	CHECK_EQ_INT(symbi_network_cluster_count(net), 3);
	if (symbi_network_cluster_count(net) != 3)
		goto done;
	const symbi_cluster *k = symbi_network_cluster(net, 0);
	const symbi_cluster *r = symbi_network_cluster(net, 1);
	const symbi_cluster *p = symbi_network_cluster(net, 2);
	CHECK_STR(join_firms(&fx, k->firms, k->nfirms), "K1 K2 K3 K4");
	CHECK_STR(join_firms(&fx, r->firms, r->nfirms), "R1 R2 R3");
	CHECK_STR(join_firms(&fx, p->firms, p->nfirms), "P1 P2");
	CHECK_NEAR(k->value_nok, 90, TOL);
	CHECK_NEAR(k->co2e_t, 0.09, TOL);
	CHECK_EQ_INT(k->anchor, K1);
	CHECK_NEAR(k->anchor_weight, 90, TOL);
	CHECK_EQ_INT(k->resources, 3);
	CHECK_EQ_INT(k->demands, 4);
	CHECK_NEAR(k->circularity, 0.75, TOL);
	CHECK_NEAR(k->demand_declared[SYMBI_DIM_MASS], 19, TOL);
	CHECK_NEAR(k->demand_met[SYMBI_DIM_MASS], 9, TOL);
	CHECK_NEAR(k->moved[SYMBI_DIM_MASS], 9, TOL);
	CHECK_EQ_INT(k->nmunicipalities, 2);
	if (k->nmunicipalities == 2) {
		CHECK_STR(k->municipalities[0], "Bergen");
		CHECK_STR(k->municipalities[1], "Oslo");
	}
	CHECK_EQ_INT(k->nregions, 2);
	if (k->nregions == 2) {
		CHECK_STR(symbi_dataset_region(fx.ds, k->regions[0]), "Oslo");
		CHECK_STR(symbi_dataset_region(fx.ds, k->regions[1]), "Vestland");
	}
	CHECK_EQ_INT(r->loops, 1);
	CHECK_EQ_INT(r->resources, 1);
	CHECK_NEAR(r->circularity, 1.0, TOL);
	/* R's anchor: all three tie at 20, the smallest id wins. */
	CHECK_EQ_INT(r->anchor, R1);

	CHECK_EQ_INT(symbi_network_project_count(net), 2);
	if (symbi_network_project_count(net) == 2) {
		const symbi_project *a = symbi_network_project(net, 0);
		const symbi_project *b = symbi_network_project(net, 1);
		CHECK_EQ_INT(a->rank, 1);
		CHECK_EQ_INT(a->cluster, 0);
		CHECK_NEAR(a->score, 0.8125, TOL);
		CHECK(a->chertow_3_2);
		CHECK_EQ_INT(b->rank, 2);
		CHECK_EQ_INT(b->cluster, 1);
		CHECK_NEAR(b->score, 0.1 + 0.25 / 3 + 0.15 + 0.1 / 3 + 0.1 + 0.0375, TOL);
		CHECK(!b->chertow_3_2);
	}
	/* Weights on loops only: R first. */
	o.weights = (symbi_portfolio_weights){0, 0, 0, 0, 1, 0, 0};
	symbi_network *net2 = build(m, &o);
	if (net2 && symbi_network_project_count(net2) == 2)
		CHECK_EQ_INT(symbi_network_project(net2, 0)->cluster, 1);
	symbi_network_free(net2);
	(void)K3;
	(void)K4;
	(void)R2;
	(void)R3;
done:
	symbi_network_free(net);
	fx_free(&fx);
}

/* ---- Allocated edges and options ------------------------------------------------ */

/* Two supplies of 10 t (A, B) and one demand of 15 t (C): A->C worth 10 NOK/t
 * and B->C worth 5 NOK/t. The optimum moves 10 t from A and 5 t from B; the
 * network of allocated partnerships carries B->C at 5 t and 25 NOK (half the
 * candidate's 50). Before allocating, asking for allocated edges is a query
 * error. */
static void test_allocated_edges(void)
{
	fixture fx;
	fx_init(&fx);
	uint32_t A = fx_firm(&fx, "A", NULL, NULL), B = fx_firm(&fx, "B", NULL, NULL);
	uint32_t C = fx_firm(&fx, "C", NULL, NULL), D = fx_firm(&fx, "D", NULL, NULL);
	uint32_t a = fx_stream(&fx, A, "a", SYMBI_SUPPLY, 0, 10);
	uint32_t b = fx_stream(&fx, B, "b", SYMBI_SUPPLY, 0, 10);
	uint32_t c = fx_stream(&fx, C, "c", SYMBI_DEMAND, 0, 15);
	uint32_t d = fx_stream(&fx, D, "d", SYMBI_DEMAND, 0, 10);
	fx_cand(&fx, a, c, 10, 10, 100, 1);
	fx_cand(&fx, b, c, 10, 10, 50, 1);
	fx_cand(&fx, a, d, 10, 10, -10, 1); /* never allocated */
	symbi_matches *m = fx_matches(&fx);
	symbi_network *net = NULL;
	symbi_network_options o = SYMBI_NETWORK_OPTIONS_INIT;
	CHECK_EQ_INT(symbi_network_build(&net, m, &o), SYMBI_EQUERY);
	CHECK(net == NULL);

	symbi_allocation_summary sum;
	CHECK_EQ_INT(symbi_allocate(m, SYMBI_OBJECTIVE_VALUE, &sum), 0);
	net = build(m, &o);
	if (net) {
		CHECK_EQ_INT(symbi_network_edge_count(net), 2);
		CHECK_EQ_INT(symbi_network_dropped(net), 0);
		if (symbi_network_edge_count(net) == 2) {
			const symbi_edge *e = symbi_network_edge(net, 1);
			CHECK_EQ_INT(e->candidate, 1);
			CHECK_NEAR(e->quantity, 5, TOL);
			CHECK_NEAR(e->value_nok, 25, TOL);
			CHECK_NEAR(e->co2e_t, 0.5, TOL);
		}
		CHECK_EQ_INT(symbi_network_cluster_count(net), 1);
		/* 3 firms but a single resource: a project, not 3-2. */
		CHECK_EQ_INT(symbi_network_project_count(net), 1);
		char *js = to_json(net, true);
		CHECK(js && strstr(js, "\"edges\":\"allocated\""));
		free(js);
	}
	symbi_network_free(net);

	/* Every candidate: the loss-making one is left out, counted. */
	o.edges = SYMBI_EDGES_ALL;
	net = build(m, &o);
	if (net) {
		CHECK_EQ_INT(symbi_network_edge_count(net), 2);
		CHECK_EQ_INT(symbi_network_dropped(net), 1);
		CHECK_NEAR(symbi_network_edge(net, 1)->value_nok, 50, TOL);
	}
	symbi_network_free(net);

	/* Options out of range. */
	symbi_network_options bad = SYMBI_NETWORK_OPTIONS_INIT;
	bad.resolution = 0;
	CHECK_EQ_INT(symbi_network_build(&net, m, &bad), SYMBI_EQUERY);
	bad = (symbi_network_options)SYMBI_NETWORK_OPTIONS_INIT;
	bad.min_firms = 1;
	CHECK_EQ_INT(symbi_network_build(&net, m, &bad), SYMBI_EQUERY);
	bad = (symbi_network_options)SYMBI_NETWORK_OPTIONS_INIT;
	bad.max_path_firms = 17;
	CHECK_EQ_INT(symbi_network_build(&net, m, &bad), SYMBI_EQUERY);
	CHECK(net == NULL);
	fx_free(&fx);
}

/* ---- CO2e not estimated ------------------------------------------------------------ */

/* A loop L1 -> L2 -> L3 -> L1 worth 10, 20 and 30 NOK. L1 -> L2 and L3 -> L1
 * have CO2e 0.01 and 0.03 t; L2 -> L3 has no estimate (SYMBI_CANDIDATE_NO_CO2E)
 * and carries its counted-as-0 figure, -0.5 t (only its transport). By hand:
 * the edge's CO2e is unknown (NAN, null in the JSON); the cluster, the loop,
 * the summary and the allocation add 0.01 + 0.03 = 0.04 t, not
 * 0.04 - 0.5 = -0.46, and count one partnership without an estimate. Under
 * --objective co2 the counted figure is the weight: -0.5 <= 0, left out. */
static void test_co2e_not_estimated(void)
{
	fixture fx;
	fx_init(&fx);
	uint32_t L1 = fx_firm(&fx, "L1", NULL, NULL), L2 = fx_firm(&fx, "L2", NULL, NULL);
	uint32_t L3 = fx_firm(&fx, "L3", NULL, NULL);
	size_t l1 = fx_link(&fx, L1, L2, 1, 1, 10);
	size_t l2 = fx_link(&fx, L2, L3, 2, 1, 20);
	size_t l3 = fx_link(&fx, L3, L1, 3, 1, 30);
	fx.cands[l1].co2e_t = 0.01;
	fx.cands[l2].co2e_t = -0.5;
	fx.cands[l2].flags |= SYMBI_CANDIDATE_NO_CO2E;
	fx.cands[l3].co2e_t = 0.03;
	symbi_matches *m = fx_matches(&fx);
	symbi_allocation_summary sum;
	CHECK_EQ_INT(symbi_allocate(m, SYMBI_OBJECTIVE_VALUE, &sum), 0);
	CHECK_EQ_INT(sum.partnerships_no_co2e, 1);
	CHECK_NEAR(sum.total_co2e_t, 0.04, TOL);
	symbi_network_options o = SYMBI_NETWORK_OPTIONS_INIT;
	o.min_project_firms = 3;
	symbi_network *net = build(m, &o);
	if (net) {
		CHECK_EQ_INT(symbi_network_edge_count(net), 3);
		CHECK_EQ_INT(symbi_network_dropped(net), 0);
		if (symbi_network_edge_count(net) == 3) {
			CHECK(isnan(symbi_network_edge(net, 1)->co2e_t));
			CHECK_NEAR(symbi_network_edge(net, 1)->weight, 20, TOL);
			CHECK_NEAR(symbi_network_edge(net, 0)->co2e_t, 0.01, TOL);
		}
		CHECK_EQ_INT(symbi_network_cluster_count(net), 1);
		if (symbi_network_cluster_count(net) == 1) {
			const symbi_cluster *cl = symbi_network_cluster(net, 0);
			CHECK_NEAR(cl->value_nok, 60, TOL);
			CHECK_NEAR(cl->co2e_t, 0.04, TOL);
			CHECK_EQ_INT(cl->co2e_not_estimated, 1);
		}
		CHECK_EQ_INT(symbi_network_loop_count(net), 1);
		if (symbi_network_loop_count(net) == 1) {
			const symbi_path *p = symbi_network_loop(net, 0);
			CHECK_NEAR(p->co2e_t, 0.04, TOL);
			CHECK_EQ_INT(p->co2e_not_estimated, 1);
		}
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);
		symbi_json_options jo = SYMBI_JSON_OPTIONS_INIT;
		jo.dataset = "test";
		jo.optimize = true;
		jo.allocation = &sum;
		CHECK(f != NULL);
		CHECK_EQ_INT(symbi_network_write_json(f, net, &jo), 0);
		fclose(f);
		cJSON *doc = buf ? cJSON_Parse(buf) : NULL;
		CHECK(doc != NULL);
		const cJSON *s = cJSON_GetObjectItemCaseSensitive(doc, "summary");
		const cJSON *a = cJSON_GetObjectItemCaseSensitive(s, "allocation");
		CHECK_NEAR(cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(s, "co2e_t")), 0.04,
		           TOL);
		CHECK_EQ_INT(
		    cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(s, "co2e_not_estimated")), 1);
		CHECK_NEAR(cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(a, "co2e_t")), 0.04,
		           TOL);
		CHECK_EQ_INT(
		    cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(a, "co2e_not_estimated")), 1);
		const cJSON *ps = cJSON_GetObjectItemCaseSensitive(doc, "partnerships");
		const cJSON *p1 = cJSON_GetArrayItem(ps, 1);
		CHECK(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(p1, "co2e_t")));
		CHECK(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(
		    cJSON_GetObjectItemCaseSensitive(p1, "network"), "co2e_t")));
		const cJSON *c1 = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(doc, "clusters"), 0);
		CHECK_NEAR(cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(c1, "co2e_t")), 0.04,
		           TOL);
		CHECK_EQ_INT(
		    cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(c1, "co2e_not_estimated")), 1);
		const cJSON *lp = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(doc, "loops"), 0);
		CHECK_EQ_INT(
		    cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(lp, "co2e_not_estimated")), 1);
		const cJSON *pr = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(doc, "portfolio"), 0);
		CHECK_NEAR(cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(
		               cJSON_GetObjectItemCaseSensitive(pr, "criteria"), "co2e_t")),
		           0.04, TOL);
		cJSON_Delete(doc);
		free(buf);
	}
	symbi_network_free(net);

	/* Objective CO2: the edge without an estimate weighs its counted -0.5 t. */
	o.objective = SYMBI_OBJECTIVE_CO2;
	o.edges = SYMBI_EDGES_DECLARED;
	net = build(m, &o);
	if (net) {
		CHECK_EQ_INT(symbi_network_edge_count(net), 2);
		CHECK_EQ_INT(symbi_network_dropped(net), 1);
	}
	symbi_network_free(net);
	fx_free(&fx);
}

/* No edges at all: empty arrays, no error. */
static void test_empty(void)
{
	fixture fx;
	fx_init(&fx);
	fx_firm(&fx, "A", NULL, NULL);
	symbi_matches *m = fx_matches(&fx);
	symbi_network_options o = SYMBI_NETWORK_OPTIONS_INIT;
	o.edges = SYMBI_EDGES_DECLARED;
	symbi_network *net = build(m, &o);
	if (net) {
		CHECK_EQ_INT(symbi_network_firm_count(net), 0);
		CHECK_EQ_INT(symbi_network_cluster_count(net), 0);
		CHECK_EQ_INT(symbi_network_chain_count(net), 0);
		CHECK_EQ_INT(symbi_network_loop_count(net), 0);
		CHECK_EQ_INT(symbi_network_project_count(net), 0);
		char *js = to_json(net, false);
		cJSON *doc = js ? cJSON_Parse(js) : NULL;
		CHECK(doc != NULL);
		CHECK(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(
		    cJSON_GetObjectItemCaseSensitive(doc, "summary"), "modularity")));
		CHECK_EQ_INT(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(doc, "clusters")),
		             0);
		cJSON_Delete(doc);
		free(js);
	}
	symbi_network_free(net);
	fx_free(&fx);
}

int main(void)
{
	test_planted_communities();
	test_deterministic_json();
	test_whole_projects();
	test_loop_and_chain();
	test_stars();
	test_bounds();
	test_figures_and_portfolio();
	test_allocated_edges();
	test_co2e_not_estimated();
	test_empty();
	return UNIT_DONE();
}
