/*
 * portfolio.c: the portfolio of candidate projects (clusters of the
 * network ranked by the weighted score), and the loops and chains.
 */
#include <stdlib.h>
#include <string.h>

#include "report.h"

static void firm_name(w *o, const rep *r, uint32_t firm)
{
	fmt(o, "<a href=\"#\" class=\"fl\" data-f=\"%u\">", firm);
	esc(o, symbi_dataset_firm(r->ds, firm)->name);
	raw(o, "</a>");
}

static void co2_text(w *o, const rep *r, double co2)
{
	char b[NUMBUF];
	if (isfinite(co2))
		fmt(o, "%s t CO\u2082e%s", NUM(b, co2, ADEC(co2)), TR(r, "/yr", "/år"));
	else
		fmt(o, "CO\u2082e %s", TR(r, "not estimated", "ikke anslått"));
}

/* A network total of the flows with an estimate, and how many had none. */
static void co2_sum_text(w *o, const rep *r, double co2, size_t unknown)
{
	co2_text(o, r, co2);
	if (unknown == 1)
		raw(o, TR(r, " (not estimated for 1 flow)", " (ikke anslått for 1 utveksling)"));
	else if (unknown)
		fmt(o, TR(r, " (not estimated for %zu flows)", " (ikke anslått for %zu utvekslinger)"),
		    unknown);
}

/* One flow of a project or cluster, opened as a list item: "A -> B . resource . quantity unit"
 * (the caller adds what it shows besides and closes the item). */
static void flow_item(w *o, const rep *r, const symbi_edge *ed, const symbi_candidate *cd)
{
	char a[NUMBUF];
	raw(o, "<li>");
	firm_name(o, r, ed->supplier);
	raw(o, " \u2192 ");
	firm_name(o, r, ed->receiver);
	raw(o, " \u00b7 ");
	symbi__rp_resource(o, r, symbi__candidate_stream(r->ds, cd)->code);
	fmt(o, " \u00b7 %s %s", NUM(a, ed->quantity, ADEC(ed->quantity)), UNIT(ed->dim));
}

static void write_path(w *o, const rep *r, const symbi_path *pa, bool loop)
{
	char a[NUMBUF];
	raw(o, "<li>");
	for (size_t k = 0; k < pa->nfirms; k++) {
		if (k)
			raw(o, " \u2192 ");
		firm_name(o, r, pa->firms[k]);
	}
	if (loop && pa->nfirms) {
		raw(o, " \u2192 ");
		firm_name(o, r, pa->firms[0]);
	}
	fmt(o, " <small>NOK %s%s \u00b7 ", NUM(a, pa->value_nok, 0), TR(r, "/yr", "/år"));
	co2_sum_text(o, r, pa->co2e_t, pa->co2e_not_estimated);
	if (pa->cut)
		raw(o, TR(r, " \u00b7 goes on beyond the search depth",
		          " \u00b7 fortsetter forbi søkedybden"));
	raw(o, "</small></li>");
}

/* The loops (or chains) of the network, the best ten, with their figures. */
static void write_paths(w *o, const rep *r, const symbi_network *net, bool loops)
{
	const symbi_network_options *no = symbi_network_options_get(net);
	size_t n = loops ? symbi_network_loop_count(net) : symbi_network_chain_count(net);
	bool cut = loops ? symbi_network_loops_truncated(net) : symbi_network_chains_truncated(net);
	fmt(o, "<h3>%s</h3><p class=\"note\">",
	    loops ? TR(r, "Loops", "Sløyfer") : TR(r, "Chains", "Kjeder"));
	fmt(o,
	    loops ? TR(r, "Closed cycles of exchanges (up to %zu firms)",
	               "Lukkede kretsløp av utvekslinger (opptil %zu virksomheter)")
	          : TR(r, "Paths where one firm\u2019s output feeds the next (up to %zu firms)",
	               "Stier der én virksomhets restressurs blir den nestes innsatsfaktor (opptil "
	               "%zu virksomheter)"),
	    no->max_path_firms);
	fmt(o, "%s.</p>",
	    cut ? TR(r, "; the search was cut short by its bounds", "; søket ble avkortet av grensene")
	        : "");
	if (!n) {
		fmt(o, "<p>%s</p>", TR(r, "None found.", "Ingen funnet."));
		return;
	}
	raw(o, "<ol class=\"paths\">");
	for (size_t i = 0; i < n && i < 10; i++)
		write_path(o, r, loops ? symbi_network_loop(net, i) : symbi_network_chain(net, i), loops);
	raw(o, "</ol>");
	if (n > 10)
		fmt(o, TR(r, "<p class=\"note\">and %zu more.</p>", "<p class=\"note\">og %zu til.</p>"),
		    n - 10);
}

/* ---- Projects ----------------------------------------------------------------
 * The projects kept whole come from the library (network_projects.c,
 * symbi_network_whole_project), the same as `symbi cluster`'s
 * "whole_projects": a cluster joined with the loops and chains that run
 * through it while they stay small together, and a loop across larger
 * clusters kept whole as a project of its own. */

/* Which firms a project holds, as a flag per firm. */
static void members(const rep *r, const symbi_whole_project *pj, bool *in)
{
	memset(in, 0, r->nf * sizeof *in);
	for (size_t k = 0; k < pj->nfirms; k++)
		in[pj->firms[k]] = true;
}

/* The seed criteria of a project, each met or not: several firms, a
 * circular value chain (a loop inside) and local value (positive value and
 * all firms in one region). */
static void write_seed(w *o, const rep *r, const symbi_whole_project *pj)
{
	bool local = pj->region >= 0 && pj->value_nok > 0;
	fmt(o, "<ul class=\"seed\"><li>%s %s</li><li>%s %s</li><li>%s %s",
	    pj->nfirms >= 3 ? "\u2713" : "\u2717", TR(r, "several firms", "flere virksomheter"),
	    pj->nloops ? "\u2713" : "\u2717",
	    TR(r, "circular value chain (a closed loop)", "sirkulær verdikjede (en lukket sløyfe)"),
	    local ? "\u2713" : "\u2717", TR(r, "local value", "lokal verdiskaping"));
	if (pj->region >= 0) {
		raw(o, " (");
		esc(o, symbi_dataset_region(r->ds, pj->region));
		raw(o, ")");
	} else {
		raw(o, TR(r, " (firms in several regions)", " (virksomheter i flere regioner)"));
	}
	raw(o, "</li></ul>");
}

static void write_project(w *o, const rep *r, const symbi_network *net,
                          const symbi_whole_project *pj, size_t number, const bool *in)
{
	char a[NUMBUF];
	fmt(o, "<article class=\"project\"><h3>%s %zu", TR(r, "Project", "Prosjekt"), number);
	if (pj->loop >= 0)
		fmt(o, " <small>(%s)</small>",
		    TR(r, "a loop across clusters, kept whole", "en sløyfe på tvers av klynger, holdt hel"));
	else if (pj->rank)
		fmt(o, " <small>(%s %zu, %s %s)</small>", TR(r, "portfolio rank", "porteføljerang"),
		    pj->rank, TR(r, "score", "poeng"), NUM(a, pj->score, 2));
	raw(o, "</h3>");
	fmt(o, "<p class=\"kpi\">NOK %s%s \u00b7 ", NUM(a, pj->value_nok, 0), TR(r, "/yr", "/år"));
	co2_sum_text(o, r, pj->co2e_not_estimated < pj->nedges || !pj->nedges ? pj->co2e_t : NAN,
	             pj->co2e_not_estimated);
	raw(o, "</p>");
	write_seed(o, r, pj);
	fmt(o, "<p><b>%zu %s</b> ", pj->nfirms, TR(r, "firms:", "virksomheter:"));
	for (size_t k = 0; k < pj->nfirms; k++) {
		raw(o, k ? "; " : "");
		firm_name(o, r, pj->firms[k]);
	}
	raw(o, "</p>");
	/* Where: the members' municipalities, once each, in firm order. */
	fmt(o, "<p><b>%s</b> ", TR(r, "Where:", "Hvor:"));
	bool first = true;
	for (uint32_t f = 0; f < r->nf; f++) {
		const char *m = symbi_dataset_firm(r->ds, f)->municipality;
		if (!in[f] || !m)
			continue;
		bool seen = false;
		for (uint32_t g = 0; g < f && !seen; g++)
			seen = in[g] && symbi_dataset_firm(r->ds, g)->municipality &&
			       strcmp(symbi_dataset_firm(r->ds, g)->municipality, m) == 0;
		if (seen)
			continue;
		raw(o, first ? "" : ", ");
		esc(o, m);
		first = false;
	}
	raw(o, "</p>");
	/* Loops and chains kept whole in it (the first three chains). */
	if (pj->nloops || pj->nchains) {
		raw(o, "<ul class=\"paths\">");
		for (size_t i = 0; i < pj->nloops; i++) {
			const symbi_path *pa = symbi_network_loop(net, pj->loops[i]);
			fmt(o, "<li class=\"loop\"><b>%s:</b> ", TR(r, "loop", "sløyfe"));
			for (size_t k = 0; k <= pa->nfirms; k++) {
				if (k)
					raw(o, " \u2192 ");
				firm_name(o, r, pa->firms[k % pa->nfirms]);
			}
			raw(o, "</li>");
		}
		for (size_t i = 0; i < pj->nchains && i < 3; i++) {
			const symbi_path *pa = symbi_network_chain(net, pj->chains[i]);
			fmt(o, "<li class=\"chain\"><b>%s:</b> ", TR(r, "chain", "kjede"));
			for (size_t k = 0; k < pa->nfirms; k++) {
				if (k)
					raw(o, " \u2192 ");
				firm_name(o, r, pa->firms[k]);
			}
			raw(o, "</li>");
		}
		raw(o, "</ul>");
	}
	/* What the project needs: the conditions of the rules its flows go by,
	 * each once. */
	bool any = false;
	for (size_t e = 0; e < pj->nedges; e++) {
		const symbi_edge *ed = symbi_network_edge(net, pj->edges[e]);
		const symbi_rule *ru = symbi__rp_rule(r, symbi_matches_get(r->m, ed->candidate));
		if (!ru || !ru->conditions)
			continue;
		bool seen = false;
		for (size_t q = 0; q < e && !seen; q++) {
			const symbi_edge *eq = symbi_network_edge(net, pj->edges[q]);
			const symbi_rule *rq = symbi__rp_rule(r, symbi_matches_get(r->m, eq->candidate));
			seen = rq && rq->conditions && strcmp(rq->conditions, ru->conditions) == 0;
		}
		if (seen)
			continue;
		if (!any)
			fmt(o, "<p><b>%s</b></p><ul class=\"conds\">",
			    TR(r, "Conditions:", "Vilkår:"));
		any = true;
		raw(o, "<li>");
		esc(o, ru->conditions);
		raw(o, "</li>");
	}
	if (any)
		raw(o, "</ul>");
	/* The flows, with what each needs. */
	fmt(o, "<details><summary>%s (%zu)</summary><ul>", TR(r, "Flows", "Utvekslinger"), pj->nedges);
	for (size_t e = 0; e < pj->nedges; e++) {
		const symbi_edge *ed = symbi_network_edge(net, pj->edges[e]);
		const symbi_candidate *cd = symbi_matches_get(r->m, ed->candidate);
		flow_item(o, r, ed, cd);
		fmt(o, " \u00b7 NOK %s", NUM(a, ed->value_nok, 0));
		if (symbi__rp_rule(r, cd) && (symbi__rp_rule(r, cd)->conditions || symbi__rp_rule(r, cd)->process))
			raw(o, " \u00b7 ");
		symbi__rp_conditions(o, r, cd);
		raw(o, "</li>");
	}
	raw(o, "</ul></details></article>");
}

/* The projects of the portfolio, loops and chains kept whole. */
static int write_projects(w *o, const rep *r, const symbi_network *net, size_t max)
{
	size_t n = symbi_network_whole_project_count(net);
	size_t shown = n < max ? n : max;
	fmt(o,
	    TR(r, "<p class=\"note\">%zu project%s: the clusters below joined with the loops and "
	          "chains that run through them where they stay small together (at most %d firms), "
	          "and each loop across larger clusters kept whole as a project of its own; best "
	          "portfolio rank first (the same projects as `symbi cluster`\u2019s "
	          "\"whole_projects\").",
	       "<p class=\"note\">%zu prosjekt%s: klyngene nedenfor slått sammen med sløyfene og "
	       "kjedene som går gjennom dem der de holder seg små sammen (høyst %d virksomheter), "
	       "og hver sløyfe på tvers av større klynger holdt hel som eget prosjekt; beste "
	       "porteføljerang først (de samme prosjektene som \"whole_projects\" i "
	       "`symbi cluster`)."),
	    n, r->lang == SYMBI__RP_NB ? (n == 1 ? "" : "er") : (n == 1 ? "" : "s"),
	    SYMBI_WHOLE_PROJECT_MAX_FIRMS);
	if (shown < n)
		fmt(o, TR(r, " The best %zu are shown.", " De %zu beste vises."), shown);
	raw(o, "</p>");
	if (!shown)
		return 0;
	bool *in = malloc((r->nf ? r->nf : 1) * sizeof *in);
	if (!in)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	raw(o, "<div class=\"portfolio\">");
	for (size_t i = 0; i < shown; i++) {
		const symbi_whole_project *pj = symbi_network_whole_project(net, i);
		members(r, pj, in);
		write_project(o, r, net, pj, i + 1, in);
	}
	raw(o, "</div>");
	free(in);
	return 0;
}

int symbi__rp_portfolio(w *o, const rep *r, const symbi_network *net, size_t max)
{
	const symbi_network_options *no = symbi_network_options_get(net);
	const symbi_portfolio_weights *wt = &no->weights;
	size_t np = symbi_network_project_count(net);
	size_t shown = np < max ? np : max;
	char a[NUMBUF], b[NUMBUF], c[NUMBUF], d[NUMBUF], e[NUMBUF], g[NUMBUF], h[NUMBUF], k[NUMBUF],
	    l[NUMBUF];
	fmt(o, "<section id=\"portfolio\"><h2>%s</h2>",
	    TR(r, "Portfolio of candidate projects", "Portefølje av prosjektkandidater"));
	int rc = write_projects(o, r, net, max);
	if (rc)
		return rc;
	fmt(o, "<details><summary>%s</summary>",
	    TR(r, "The clusters behind the projects", "Klyngene bak prosjektene"));
	fmt(o,
	    TR(r,
	       "<p class=\"note\">Clusters of at least %zu firms in the network of %s, found by "
	       "modularity (Leiden, resolution %s; modularity %s), ranked by a weighted score: each "
	       "criterion is divided by its largest value among the projects, then weighted \u2014 "
	       "value %s, CO\u2082e %s, circularity (share of the members\u2019 declared demand met "
	       "inside) %s, resources exchanged %s, loops %s, chains %s, firms %s. Projects: %zu",
	       "<p class=\"note\">Klynger av minst %zu virksomheter i nettverket av %s, funnet "
	       "etter modularitet (Leiden, oppløsning %s; modularitet %s), rangert etter en vektet "
	       "poengsum: hvert kriterium deles på sin største verdi blant prosjektene og vektes "
	       "\u2014 verdi %s, CO\u2082e %s, sirkularitet (andelen av medlemmenes oppgitte behov "
	       "som dekkes internt) %s, ressurser utvekslet %s, sløyfer %s, kjeder %s, "
	       "virksomheter %s. Prosjekter: %zu"),
	    no->min_project_firms,
	    no->edges == SYMBI_EDGES_ALLOCATED
	        ? TR(r, "the allocated partnerships", "de tildelte partnerskapene")
	    : no->edges == SYMBI_EDGES_DECLARED ? TR(r, "the declared candidates", "de oppgitte kandidatene")
	                                        : TR(r, "every candidate", "alle kandidater"),
	    NUM(a, no->resolution, 2), NUM(b, symbi_network_modularity(net), 3),
	    NUM(c, wt->value_nok, 2), NUM(d, wt->co2e_t, 2), NUM(e, wt->circularity, 2),
	    NUM(l, wt->resources, 2), NUM(g, wt->loops, 2), NUM(h, wt->chains, 2),
	    NUM(k, wt->firms, 2), np);
	if (shown < np)
		fmt(o, TR(r, ", the best %zu shown", ", de %zu beste vist"), shown);
	raw(o, ".</p>");
	if (shown)
		raw(o, "<div class=\"portfolio\">");
	for (size_t i = 0; i < shown; i++) {
		const symbi_project *pj = symbi_network_project(net, i);
		const symbi_cluster *cl = symbi_network_cluster(net, pj->cluster);
		fmt(o, "<article class=\"cluster\"><h3>#%zu \u00b7 %s ", pj->rank,
		    TR(r, "cluster", "klynge"));
		esc(o, cl->id);
		fmt(o, " \u00b7 %s %s</h3>", TR(r, "score", "poeng"), NUM(a, pj->score, 2));
		fmt(o, "<p class=\"kpi\">NOK %s%s \u00b7 ", NUM(a, cl->value_nok, 0),
		    TR(r, "/yr", "/år"));
		co2_sum_text(o, r, cl->co2e_t, cl->co2e_not_estimated);
		for (int q = 1; q < 4; q++)
			if (cl->moved[q] > 0)
				fmt(o, " \u00b7 %s %s", NUM(a, cl->moved[q], ADEC(cl->moved[q])),
				    UNIT((symbi_dim)q));
		if (r->lang == SYMBI__RP_NB)
			fmt(o, "</p><p>%zu ressurs%s utvekslet \u00b7 sirkularitet %s", cl->resources,
			    cl->resources == 1 ? "" : "er",
			    isfinite(cl->circularity) ? NUM(a, cl->circularity * 100, 0) : "\u2013");
		else
			fmt(o, "</p><p>%zu resource%s exchanged \u00b7 circularity %s", cl->resources,
			    cl->resources == 1 ? "" : "s",
			    isfinite(cl->circularity) ? NUM(a, cl->circularity * 100, 0) : "\u2013");
		if (isfinite(cl->circularity))
			raw(o, "\u00a0%");
		if (r->lang == SYMBI__RP_NB)
			fmt(o, " \u00b7 %zu sløyfe%s \u00b7 %zu kjede%s%s</p>", cl->loops,
			    cl->loops == 1 ? "" : "r", cl->chains, cl->chains == 1 ? "" : "r",
			    pj->chertow_3_2 ? " \u00b7 oppfyller Chertows 3-2-regel" : "");
		else
			fmt(o, " \u00b7 %zu loop%s \u00b7 %zu chain%s%s</p>", cl->loops,
			    cl->loops == 1 ? "" : "s", cl->chains, cl->chains == 1 ? "" : "s",
			    pj->chertow_3_2 ? " \u00b7 meets Chertow\u2019s 3-2 rule" : "");
		if (cl->nmunicipalities) {
			fmt(o, "<p><b>%s</b> ", TR(r, "Where:", "Hvor:"));
			for (size_t q = 0; q < cl->nmunicipalities; q++) {
				if (q)
					raw(o, ", ");
				esc(o, cl->municipalities[q]);
			}
			raw(o, "</p>");
		}
		fmt(o, "<p><b>%zu %s</b> ", cl->nfirms, TR(r, "firms:", "virksomheter:"));
		/* Semicolons: firm names often hold commas ("Sawmill, Elverum"). */
		for (size_t q = 0; q < cl->nfirms; q++) {
			if (q)
				raw(o, "; ");
			bool anchor = cl->firms[q] == cl->anchor;
			if (anchor)
				raw(o, "<b>");
			firm_name(o, r, cl->firms[q]);
			if (anchor)
				fmt(o, "</b> (%s)", TR(r, "anchor", "anker"));
		}
		raw(o, "</p>");
		raw(o, "<ul>");
		size_t ne = cl->nedges < 6 ? cl->nedges : 6;
		for (size_t q = 0; q < ne; q++) {
			const symbi_edge *ed = symbi_network_edge(net, cl->edges[q]);
			const symbi_candidate *cd = symbi_matches_get(r->m, ed->candidate);
			flow_item(o, r, ed, cd);
			raw(o, "</li>");
		}
		if (ne < cl->nedges)
			fmt(o, TR(r, "<li>and %zu more</li>", "<li>og %zu til</li>"), cl->nedges - ne);
		raw(o, "</ul></article>");
	}
	if (shown)
		raw(o, "</div>");
	raw(o, "</details>");
	write_paths(o, r, net, true);
	write_paths(o, r, net, false);
	raw(o, "</section>\n");
	return 0;
}
