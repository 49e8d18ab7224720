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
	co2_text(o, r, pa->co2e_t);
	if (pa->cut)
		raw(o, TR(r, " \u00b7 goes on beyond the search depth",
		          " \u00b7 fortsetter forbi søkedybden"));
	raw(o, "</small></li>");
}

void symbi__rp_portfolio(w *o, const rep *r, const symbi_network *net, size_t max)
{
	const symbi_network_options *no = symbi_network_options_get(net);
	const symbi_portfolio_weights *wt = &no->weights;
	size_t np = symbi_network_project_count(net);
	size_t shown = np < max ? np : max;
	char a[NUMBUF], b[NUMBUF], c[NUMBUF], d[NUMBUF], e[NUMBUF], g[NUMBUF], h[NUMBUF], k[NUMBUF],
	    l[NUMBUF];
	fmt(o, "<section id=\"portfolio\"><h2>%s</h2>",
	    TR(r, "Portfolio of candidate projects", "Portefølje av prosjektkandidater"));
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
		fmt(o, "<article class=\"project\"><h3>#%zu \u00b7 %s ", pj->rank,
		    TR(r, "cluster", "klynge"));
		esc(o, cl->id);
		fmt(o, " \u00b7 %s %s</h3>", TR(r, "score", "poeng"), NUM(a, pj->score, 2));
		fmt(o, "<p class=\"kpi\">NOK %s%s \u00b7 ", NUM(a, cl->value_nok, 0),
		    TR(r, "/yr", "/år"));
		co2_text(o, r, cl->co2e_t);
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
			raw(o, "<li>");
			firm_name(o, r, ed->supplier);
			raw(o, " \u2192 ");
			firm_name(o, r, ed->receiver);
			raw(o, " \u00b7 ");
			symbi__rp_resource(o, r, symbi_dataset_stream(r->ds, cd->supply)->code);
			fmt(o, " \u00b7 %s %s</li>", NUM(a, ed->quantity, ADEC(ed->quantity)),
			    UNIT(ed->dim));
		}
		if (ne < cl->nedges)
			fmt(o, TR(r, "<li>and %zu more</li>", "<li>og %zu til</li>"), cl->nedges - ne);
		raw(o, "</ul></article>");
	}
	if (shown)
		raw(o, "</div>");
	size_t nl = symbi_network_loop_count(net), nc = symbi_network_chain_count(net);
	fmt(o,
	    TR(r, "<h3>Loops</h3><p class=\"note\">Closed cycles of exchanges (up to %zu firms)%s.</p>",
	       "<h3>Sløyfer</h3><p class=\"note\">Lukkede kretsløp av utvekslinger (opptil %zu "
	       "virksomheter)%s.</p>"),
	    no->max_path_firms,
	    symbi_network_loops_truncated(net)
	        ? TR(r, "; the search was cut short by its bounds", "; søket ble avkortet av grensene")
	        : "");
	if (nl) {
		raw(o, "<ol class=\"paths\">");
		for (size_t i = 0; i < nl && i < 10; i++)
			write_path(o, r, symbi_network_loop(net, i), true);
		raw(o, "</ol>");
		if (nl > 10)
			fmt(o, TR(r, "<p class=\"note\">and %zu more.</p>", "<p class=\"note\">og %zu til.</p>"),
			    nl - 10);
	} else {
		fmt(o, "<p>%s</p>", TR(r, "None found.", "Ingen funnet."));
	}
	fmt(o,
	    TR(r, "<h3>Chains</h3><p class=\"note\">Paths where one firm\u2019s output feeds the next "
	          "(up to %zu firms)%s.</p>",
	       "<h3>Kjeder</h3><p class=\"note\">Stier der én virksomhets restressurs blir den "
	       "nestes innsatsfaktor (opptil %zu virksomheter)%s.</p>"),
	    no->max_path_firms,
	    symbi_network_chains_truncated(net)
	        ? TR(r, "; the search was cut short by its bounds", "; søket ble avkortet av grensene")
	        : "");
	if (nc) {
		raw(o, "<ol class=\"paths\">");
		for (size_t i = 0; i < nc && i < 10; i++)
			write_path(o, r, symbi_network_chain(net, i), false);
		raw(o, "</ol>");
		if (nc > 10)
			fmt(o, TR(r, "<p class=\"note\">and %zu more.</p>", "<p class=\"note\">og %zu til.</p>"),
			    nc - 10);
	} else {
		fmt(o, "<p>%s</p>", TR(r, "None found.", "Ingen funnet."));
	}
	raw(o, "</section>\n");
}
