/*
 * table.c: the table of partnerships — every one of the plan and the best
 * others — with the reasons behind each figure, sortable by a column and
 * filtered by the page's controls (each row carries the data-* of its
 * curve on the map: data-s, data-r, data-c, data-b).
 */
#include <stdlib.h>
#include <string.h>

#include "../legal.h"
#include "../score.h"
#include "report.h"

/* A number cell; `unit` (a constant, may be NULL) follows the figure. An
 * unknown figure reads "not estimated", never 0. */
static void td_num(w *o, const rep *r, double x, int dec, const char *unit)
{
	char b[NUMBUF];
	if (isfinite(x))
		fmt(o, "<td class=\"n\" data-v=\"%.6g\">%s%s%s</td>", x, NUM(b, x, dec),
		    unit ? "\u00a0" : "", unit ? unit : "");
	else
		fmt(o, "<td class=\"n unknown\" data-v=\"\">%s</td>",
		    TR(r, "not estimated", "ikke anslått"));
}

/* How a gas measured in tonnes travels: the ways weighed (pipe and
 * liquefied by road, with the yearly cost of each; the cheaper that reaches
 * is taken) or, without the road.fluid.* figures, that it goes by pipe only.
 * The candidate is priced again with the explain record, as the JSON's
 * explain.transport_options is; nothing is written for other resources. */
static void write_transport_choice(w *o, const rep *r, const symbi__scorer *sc,
                                   const symbi_candidate *c)
{
	if (c->supply == SYMBI_NONE)
		return;
	const symbi_stream *s = symbi_dataset_stream(r->ds, c->supply);
	const symbi_code *code = s->code >= 0 ? symbi_kb_code(r->kb, s->code) : NULL;
	if (!code || code->cls != SYMBI_CLASS_GAS || s->dim != SYMBI_DIM_MASS)
		return;
	symbi__explain *ex = malloc(sizeof *ex);
	if (!ex)
		return; /* the reasons read the same without this line */
	memset(ex, 0, sizeof *ex);
	symbi_candidate again = *c;
	char a[NUMBUF], b[NUMBUF];
	if (symbi__score(sc, r->ds, &again, symbi_matches_options(r->m)->objective, ex) != 0) {
		free(ex);
		return;
	}
	if (ex->fluid_options) {
		raw(o, TR(r, "; ways weighed: ", "; vurderte måter: "));
		if (isfinite(ex->fluid_pipe_nok))
			fmt(o, TR(r, "pipe %s NOK/yr", "rør %s NOK/år"), NUM(a, ex->fluid_pipe_nok, 0));
		else
			raw(o, TR(r, "pipe beyond its reach", "rør utenfor rekkevidde"));
		fmt(o,
		    TR(r, ", liquefied by road %s NOK/yr: the %s is taken",
		       ", flytende med bil %s NOK/år: %s er valgt"),
		    NUM(b, ex->fluid_road_nok, 0),
		    c->mode == SYMBI_MODE_PIPE ? TR(r, "pipe", "rør")
		                               : TR(r, "road", "bil"));
	} else if (c->mode == SYMBI_MODE_PIPE) {
		raw(o, TR(r, "; by pipe only: no verified cost of moving liquefied gas by road",
		          "; bare med rør: ingen verifisert kostnad for å frakte flytende gass med "
		          "bil"));
	}
	free(ex);
}

/* Why the candidate exists and how its figures come about, in words. */
static void write_reasons(w *o, const rep *r, const symbi__scorer *sc, const symbi_candidate *c)
{
	const symbi_stream *s = symbi__candidate_stream(r->ds, c);
	const symbi_rule *rule = c->rule >= 0 ? symbi_kb_rule(r->kb, (size_t)c->rule) : NULL;
	char a[NUMBUF], b[NUMBUF], d[NUMBUF];
	fmt(o, "<details><summary>%s</summary><ul class=\"why\"><li>", TR(r, "why", "hvorfor"));
	if (c->basis == SYMBI_BASIS_SECTOR && c->supply == SYMBI_NONE) {
		const char *nace = symbi_dataset_firm(r->ds, c->supplier)->nace;
		raw(o, TR(r, "sector potential: the supplier (NACE ", "bransjepotensial: leverandøren (NACE "));
		esc(o, nace ? nace : "?");
		raw(o, TR(r, ") declared no supply, but its sector has this resource; its quantity is "
		             "unknown",
		          ") har ikke oppgitt tilbud, men bransjen har denne ressursen; mengden er "
		          "ukjent"));
	} else if (c->basis == SYMBI_BASIS_SECTOR) {
		const char *nace = symbi_dataset_firm(r->ds, c->receiver)->nace;
		raw(o, TR(r, "sector potential: the receiver (NACE ", "bransjepotensial: mottakeren (NACE "));
		esc(o, nace ? nace : "?");
		raw(o, TR(r, ") declared no demand, but its sector takes this resource",
		          ") har ikke oppgitt behov, men bransjen tar imot denne ressursen"));
	} else if (rule) {
		raw(o, TR(r, "rule ", "regel "));
		esc(o, symbi__rp_code(r, rule->from));
		raw(o, " \u2192 ");
		esc(o, symbi__rp_code(r, c->receiver_code));
	} else if (s->code == c->receiver_code) {
		raw(o, TR(r, "same resource code on both sides", "samme ressurskode på begge sider"));
	} else {
		raw(o, TR(r, "the demand for ", "behovet for "));
		esc(o, symbi__rp_code(r, c->receiver_code));
		raw(o, TR(r, " accepts every code beneath it", " tar imot alle koder under den"));
	}
	if (c->flags & SYMBI_CANDIDATE_HEAT_PUMP)
		raw(o, TR(r, "; the heat is colder than the demand needs: a heat pump lifts it (its "
		             "electricity is in the figures)",
		          "; varmen er kaldere enn behovet: en varmepumpe løfter den (strømmen den "
		          "bruker er med i tallene)"));
	if (rule && isfinite(c->yield) && c->yield != 1)
		fmt(o, TR(r, ", yield %s", ", utbytte %s"), NUM(a, c->yield, 3));
	if (rule && rule->source) {
		raw(o, TR(r, " (source: ", " (kilde: "));
		esc(o, rule->source);
		raw(o, ")");
	}
	if ((rule && (rule->conditions || rule->process)) ||
	    symbi__legal_conditions(r->kb, r->ds, c, false)) {
		raw(o, "</li><li>");
		symbi__rp_conditions(o, r, c);
	}
	fmt(o, TR(r, "</li><li>%s km apart, within the %s km radius; %s km by %s",
	          "</li><li>%s km fra hverandre, innenfor radien på %s km; %s km med %s"),
	    NUM(a, c->distance_km, 1), NUM(b, c->radius_km, 0), NUM(d, c->route_km, 1),
	    c->mode == SYMBI_MODE_PIPE ? TR(r, "pipe", "rør") : TR(r, "road", "bil"));
	write_transport_choice(o, r, sc, c);
	raw(o, "</li>");
	fmt(o, TR(r, "<li>NOK/yr: disposal avoided %s", "<li>NOK/år: unngått avfallskostnad %s"),
	    NUM(a, c->avoided_disposal_nok, 0));
	fmt(o, TR(r, " + purchase avoided %s", " + unngått innkjøp %s"),
	    NUM(a, c->avoided_purchase_nok, 0));
	fmt(o, TR(r, " \u2212 transport %s</li>", " \u2212 transport %s</li>"),
	    NUM(a, c->transport_nok, 0));
	if (isfinite(symbi__rp_avoided_co2(c)))
		fmt(o, TR(r, "<li>t CO\u2082e/yr: avoided %s", "<li>t CO\u2082e/år: unngått %s"),
		    NUM(a, c->avoided_co2e_t, 2));
	else
		raw(o, TR(r, "<li>t CO\u2082e/yr: avoided emissions not estimated (no factor)",
		          "<li>t CO\u2082e/år: unngåtte utslipp ikke anslått (ingen faktor)"));
	fmt(o, " \u2212 transport %s</li></ul></details>", NUM(a, c->transport_co2e_t, 2));
}

int symbi__rp_table(w *o, const rep *r)
{
	/* Every partnership of the plan, and the best `table_max` others. */
	size_t limit = r->opt && r->opt->table_max ? r->opt->table_max : r->np;
	size_t shown = 0, others = 0;
	for (size_t i = 0; i < r->np; i++)
		if ((r->plan && r->share[i] > 0) || others++ < limit)
			shown++;
	fmt(o, "<section id=\"partnerships\"><h2>%s</h2>", TR(r, "Partnerships", "Partnerskap"));
	if (r->lang == SYMBI__RP_NB)
		fmt(o, "<p class=\"note\">%zu kandidat%s, beste først", r->np, r->np == 1 ? "" : "er");
	else
		fmt(o, "<p class=\"note\">%zu candidate%s, best score first", r->np,
		    r->np == 1 ? "" : "s");
	if (shown < r->np && r->plan)
		fmt(o, TR(r, "; shown: the %zu in the plan and the best %zu others",
		          "; vist: de %zu i planen og de %zu beste andre"),
		    r->used_n, limit);
	else if (shown < r->np)
		fmt(o, TR(r, "; the best %zu shown", "; de %zu beste vist"), shown);
	raw(o, TR(r,
	          ". Click a column heading to sort. Quantities are per year in the receiver\u2019s "
	          "unit; value is what the pair saves per year (avoided disposal and purchase less "
	          "transport).</p>",
	          ". Klikk på en kolonneoverskrift for å sortere. Mengder er per år i mottakerens "
	          "enhet; verdien er det paret sparer per år (unngått avfallskostnad og innkjøp "
	          "minus transport).</p>"));
	fmt(o,
	    "<div class=\"scroll\"><table class=\"sortable\" id=\"ptable\"><thead><tr>"
	    "<th data-type=\"num\">#</th><th>%s</th><th>%s</th><th>%s</th>"
	    "<th data-type=\"num\">%s</th><th data-type=\"num\">km</th>"
	    "<th data-type=\"num\">%s</th><th data-type=\"num\">t CO\u2082e%s</th>",
	    TR(r, "Supplier", "Leverandør"), TR(r, "Receiver", "Mottaker"),
	    TR(r, "Resource", "Ressurs"), TR(r, "Quantity /yr", "Mengde /år"),
	    TR(r, "NOK/yr", "NOK/år"), TR(r, "/yr", "/år"));
	if (r->plan)
		fmt(o, "<th data-type=\"num\">%s</th>", TR(r, "Allocated", "Tildelt"));
	fmt(o, "<th>%s</th></tr></thead><tbody>\n", TR(r, "Why", "Hvorfor"));
	symbi__scorer sc;
	symbi__scorer_init(&sc, r->kb);
	symbi__scorer_set_radius(&sc, symbi_matches_options(r->m)->radius_km);
	char *id = NULL;
	size_t idcap = 0;
	others = 0;
	for (size_t i = 0; i < r->np; i++) {
		if (!((r->plan && r->share[i] > 0) || others++ < limit))
			continue;
		const symbi_candidate *c = symbi_matches_get(r->m, i);
		const symbi_firm *fa = symbi_dataset_firm(r->ds, c->supplier);
		const symbi_firm *fb = symbi_dataset_firm(r->ds, c->receiver);
		const symbi_stream *s = symbi__candidate_stream(r->ds, c);
		if (symbi__rp_cand_id(r, i, &id, &idcap)) {
			free(id);
			return SYMBI_ENOMEM;
		}
		symbi_class cls = symbi__rp_class(r, c);
		raw(o, "<tr");
		symbi__rp_attr(o, "data-id", id);
		fmt(o, " data-s=\"%u\" data-r=\"%u\" data-c=\"%s\" data-b=\"%c\"", c->supplier,
		    c->receiver, symbi_class_name(cls), c->basis == SYMBI_BASIS_SECTOR ? 's' : 'd');
		if (r->plan && r->share[i] <= 0)
			raw(o, " class=\"unused\"");
		fmt(o, "><td class=\"n\" data-v=\"%zu\">%zu</td><td>", i + 1, i + 1);
		fmt(o, "<a href=\"#\" class=\"fl\" data-f=\"%u\">", c->supplier);
		esc(o, fa->name);
		raw(o, "</a><small>");
		if (c->supply == SYMBI_NONE)
			raw(o, TR(r, "sector", "bransje"));
		else
			esc(o, s->id);
		if (fa->municipality) {
			raw(o, " \u00b7 ");
			esc(o, fa->municipality);
		}
		fmt(o, "</small></td><td><a href=\"#\" class=\"fl\" data-f=\"%u\">", c->receiver);
		esc(o, fb->name);
		raw(o, "</a><small>");
		if (c->demand == SYMBI_NONE)
			raw(o, TR(r, "sector", "bransje"));
		else
			esc(o, symbi_dataset_stream(r->ds, c->demand)->id);
		if (fb->municipality) {
			raw(o, " \u00b7 ");
			esc(o, fb->municipality);
		}
		raw(o, "</small></td><td><span class=\"dot ");
		raw(o, symbi_class_name(cls));
		raw(o, "\"></span>");
		symbi__rp_resource(o, r, s->code);
		if (c->receiver_code >= 0 && c->receiver_code != s->code) {
			raw(o, " \u2192 ");
			symbi__rp_resource(o, r, c->receiver_code);
		}
		fmt(o, "<small>%s</small></td>",
		    c->basis == SYMBI_BASIS_SECTOR ? TR(r, "sector potential", "bransjepotensial")
		                                   : TR(r, "declared demand", "oppgitt behov"));
		td_num(o, r, c->quantity, ADEC(c->quantity), symbi_dim_unit(c->dim));
		td_num(o, r, c->distance_km, 1, NULL);
		td_num(o, r, c->value_nok, 0, NULL);
		td_num(o, r, symbi__rp_co2(c), ADEC(c->co2e_t), NULL);
		if (r->plan)
			td_num(o, r, c->allocated, ADEC(c->allocated), NULL);
		raw(o, "<td>");
		write_reasons(o, r, &sc, c);
		raw(o, "</td></tr>\n");
	}
	free(id);
	raw(o, "</tbody></table></div></section>\n");
	return 0;
}

const symbi_rule *symbi__rp_rule(const rep *r, const symbi_candidate *c)
{
	return c->rule >= 0 && (size_t)c->rule < symbi_kb_rule_count(r->kb)
	           ? symbi_kb_rule(r->kb, (size_t)c->rule)
	           : NULL;
}

void symbi__rp_conditions(w *o, const rep *r, const symbi_candidate *c)
{
	const symbi_rule *rule = symbi__rp_rule(r, c);
	/* What the law asks when no rule states it (sector: legal.c). */
	const char *legal = symbi__legal_conditions(r->kb, r->ds, c, r->lang == SYMBI__RP_NB);
	if (legal && (!rule || !rule->conditions)) {
		raw(o, "<span class=\"cond\">");
		raw(o, TR(r, "needs: ", "krever: "));
		esc(o, legal);
		raw(o, "</span>");
	}
	if (!rule || (!rule->conditions && !rule->process))
		return;
	raw(o, "<span class=\"cond\">");
	if (rule->conditions) {
		raw(o, TR(r, "needs: ", "krever: "));
		esc(o, rule->conditions);
	}
	if (rule->process) {
		raw(o, rule->conditions ? "; " : "");
		raw(o, TR(r, "the receiver itself must run: ", "mottakeren må selv stå for: "));
		esc(o, rule->process);
	}
	raw(o, "</span>");
}
