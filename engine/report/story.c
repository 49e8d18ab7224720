/*
 * story.c: what the partnerships do not tell — the supplies nobody uses and
 * the demands nobody meets, each with the reason it was not matched; every
 * firm's streams with the notes the firms gave; and the assumptions behind
 * the totals with their sources.
 *
 * The reasons are worked out here from the dataset, the knowledge base and
 * the matches, in this order, for a stream with nothing of it in the plan:
 *   1. no firm's stream on the other side can take it: no demand for the
 *      same code, a code above it, or a code a rule turns it into (and the
 *      other way round for a demand);
 *   2. the nearest stream that can take it lies beyond the transport radius
 *      (a near miss: which firm, how far, the radius);
 *   3. one lies within the radius, but the pair check refused it (months,
 *      temperature, units, the stream's own max_km or the query's filters);
 *   4. it has candidates, but none is in the plan: each loses money, or the
 *      other side's quantity went to better partnerships, or they are sector
 *      potential, which is not allocated.
 * The radius is the code's (or its class's, scoring.csv) and each stream's
 * own max_km, as the matcher applies them. O(S * D * R) for S supplies, D
 * demands and R rules, a few million steps for a regional dataset; past
 * MAX_PAIRS pairs the search for near misses is skipped and the page says
 * so (a national dataset is better read with --region or --firm). The lists
 * hold at most MAX_ROWS rows each, and say how many more there are.
 */
#include <stdlib.h>
#include <string.h>

#include "report.h"

#define MAX_PAIRS 50000000.0
#define MAX_ROWS 1500

/* Codes a supply of `code` can become by a substitution rule. */
static int rule_targets(const rep *r, int32_t code, int32_t **out, size_t *n, size_t *cap)
{
	*n = 0;
	size_t nr = symbi_kb_rule_count(r->kb);
	for (size_t i = 0; i < nr; i++) {
		const symbi_rule *ru = symbi_kb_rule(r->kb, i);
		if (ru->to < 0 || !symbi_kb_is_ancestor(r->kb, ru->from, code))
			continue;
		if (symbi__grow((void **)out, cap, *n + 1, sizeof **out))
			return SYMBI_ENOMEM;
		(*out)[(*n)++] = ru->to;
	}
	return 0;
}

static bool takes(const rep *r, int32_t sc, const int32_t *tg, size_t ntg, int32_t dc)
{
	if (sc < 0 || dc < 0)
		return false;
	if (symbi_kb_is_ancestor(r->kb, dc, sc))
		return true;
	for (size_t i = 0; i < ntg; i++)
		if (symbi_kb_is_ancestor(r->kb, dc, tg[i]))
			return true;
	return false;
}

static double code_radius(const rep *r, int32_t code)
{
	const symbi_code *c = code >= 0 ? symbi_kb_code(r->kb, code) : NULL;
	if (c && isfinite(c->radius_km))
		return c->radius_km;
	if (!c)
		return NAN;
	char key[64];
	snprintf(key, sizeof key, "class.%s.radius_km", symbi_class_name(c->cls));
	const symbi_factor *f = symbi_kb_find_factor(r->kb, key);
	return f ? f->value : NAN;
}

typedef struct why {
	int kind;        /* 1..4 as in the header comment; 0: used */
	uint32_t other;  /* nearest counterpart stream (kinds 2, 3) */
	double km, radius;
	bool all_negative, all_sector;
	unsigned misfit; /* kind 3: MISFIT_* bits of what does not fit */
} why;

/* What keeps a pair within reach apart, as far as the streams show it. */
enum { MISFIT_MONTHS = 1, MISFIT_TEMP = 2, MISFIT_UNITS = 4 };

static unsigned misfit(const rep *r, const symbi_stream *sup, const symbi_stream *dem)
{
	unsigned m = 0;
	if (sup->months && dem->months && !(sup->months & dem->months))
		m |= MISFIT_MONTHS;
	const symbi_code *c = symbi_kb_code(r->kb, sup->code);
	if (c && c->cls == SYMBI_CLASS_ENERGY && !isnan(sup->temp_c) && !isnan(dem->temp_c) &&
	    sup->temp_c < dem->temp_c)
		m |= MISFIT_TEMP;
	if (sup->dim != dem->dim)
		m |= MISFIT_UNITS;
	return m;
}

static int reasons(const rep *r, why *out)
{
	/* The rule targets of every supply, computed once: off[s] .. off[s + 1]. */
	int32_t *tg = NULL;
	size_t ntg = 0, cap = 0;
	size_t *off = calloc(r->ns + 1, sizeof *off);
	int32_t *one = NULL;
	size_t none = 0, onecap = 0;
	int rc = off ? 0 : SYMBI_ENOMEM;
	size_t nsup = 0;
	for (uint32_t s = 0; s < r->ns; s++)
		nsup += symbi_dataset_stream(r->ds, s)->direction == SYMBI_SUPPLY;
	bool search = (double)nsup * (double)(r->ns - nsup) <= MAX_PAIRS;
	for (uint32_t s = 0; s < r->ns && !rc; s++) {
		off[s] = ntg;
		const symbi_stream *st = symbi_dataset_stream(r->ds, s);
		if (st->direction != SYMBI_SUPPLY)
			continue;
		rc = rule_targets(r, st->code, &one, &none, &onecap);
		if (!rc && symbi__grow((void **)&tg, &cap, ntg + none + 1, sizeof *tg))
			rc = SYMBI_ENOMEM;
		if (!rc && none)
			memcpy(tg + ntg, one, none * sizeof *tg);
		ntg += rc ? 0 : none;
	}
	if (off)
		off[r->ns] = ntg;
	for (uint32_t s = 0; s < r->ns && !rc; s++) {
		why *y = &out[s];
		memset(y, 0, sizeof *y);
		if (r->used[s] > 0)
			continue;
		if (!r->plan && r->ncand[s])
			continue;
		const symbi_stream *st = symbi_dataset_stream(r->ds, s);
		if (r->ncand[s]) {
			y->kind = 4;
			y->all_negative = y->all_sector = true;
			for (size_t i = 0; i < r->np; i++) {
				const symbi_candidate *c = symbi_matches_get(r->m, i);
				if (c->supply != s && c->demand != s)
					continue;
				y->all_negative &= !(c->value_nok > 0);
				y->all_sector &= c->basis == SYMBI_BASIS_SECTOR;
			}
			continue;
		}
		bool supply = st->direction == SYMBI_SUPPLY;
		y->kind = search ? 1 : 5;
		y->km = INFINITY;
		for (uint32_t t = 0; t < r->ns && search; t++) {
			const symbi_stream *u = symbi_dataset_stream(r->ds, t);
			if (u->direction == st->direction || u->firm == st->firm)
				continue;
			uint32_t si = supply ? s : t;
			const symbi_stream *sup = supply ? st : u, *dem = supply ? u : st;
			if (!takes(r, sup->code, tg + off[si], off[si + 1] - off[si], dem->code))
				continue;
			const symbi_firm *a = symbi_dataset_firm(r->ds, st->firm);
			const symbi_firm *b = symbi_dataset_firm(r->ds, u->firm);
			double km = symbi_distance_km(a->lat, a->lon, b->lat, b->lon);
			double rad = code_radius(r, sup->code);
			if (isfinite(sup->max_km))
				rad = isfinite(rad) ? fmin(rad, sup->max_km) : sup->max_km;
			if (isfinite(dem->max_km))
				rad = isfinite(rad) ? fmin(rad, dem->max_km) : dem->max_km;
			bool within = !isfinite(rad) || km <= rad;
			int kind = within ? 3 : 2;
			/* Prefer one within reach, then the nearest. */
			if (y->kind == 1 || (kind == 3 && y->kind == 2) || (kind == y->kind && km < y->km)) {
				y->kind = kind;
				y->other = t;
				y->km = km;
				y->radius = rad;
				y->misfit = kind == 3 ? misfit(r, sup, dem) : 0;
			}
		}
	}
	free(tg);
	free(one);
	free(off);
	return rc ? symbi__error(SYMBI_ENOMEM, "out of memory") : 0;
}

static void write_why(w *o, const rep *r, const symbi_stream *st, const why *y)
{
	char a[NUMBUF], b[NUMBUF];
	bool supply = st->direction == SYMBI_SUPPLY;
	switch (y->kind) {
	case 1:
		raw(o, supply ? TR(r, "no firm in the dataset asks for this resource, nor for anything "
		                      "the rules turn it into",
		                   "ingen virksomhet i datasettet etterspør denne ressursen eller noe "
		                   "reglene gjør den om til")
		              : TR(r, "no firm in the dataset offers this resource, nor anything the "
		                      "rules turn into it",
		                   "ingen virksomhet i datasettet tilbyr denne ressursen eller noe "
		                   "reglene gjør om til den"));
		break;
	case 2:
	case 3: {
		const symbi_stream *u = symbi_dataset_stream(r->ds, y->other);
		const symbi_firm *f = symbi_dataset_firm(r->ds, u->firm);
		raw(o, y->kind == 2 ? TR(r, "near miss: ", "nesten-treff: ") : "");
		raw(o, supply ? TR(r, "the nearest firm that could take it, ",
		                   "nærmeste virksomhet som kunne tatt den, ")
		              : TR(r, "the nearest firm that could supply it, ",
		                   "nærmeste virksomhet som kunne levert den, "));
		fmt(o, "<a href=\"#\" class=\"fl\" data-f=\"%u\">", u->firm);
		esc(o, f->name);
		raw(o, "</a> (");
		esc(o, u->id);
		fmt(o, TR(r, "), is %s km away", "), ligger %s km unna"), NUM(a, y->km, 1));
		if (y->kind == 2)
			fmt(o, TR(r, ", beyond the transport radius of %s km",
			          ", utenfor transportradiusen på %s km"),
			    NUM(b, y->radius, 0));
		else if (y->misfit) {
			raw(o, TR(r, ", within reach, but ", ", innen rekkevidde, men "));
			const char *what[3] = {TR(r, "their months do not overlap", "månedene overlapper ikke"),
			                       TR(r, "the heat is colder than needed", "varmen er kaldere enn behovet"),
			                       TR(r, "the units differ with no rule converting them",
			                          "enhetene er ulike uten en regel som regner om")};
			bool first = true;
			for (int k = 0; k < 3; k++) {
				if (!(y->misfit & (1u << k)))
					continue;
				raw(o, first ? "" : TR(r, " and ", " og "));
				raw(o, what[k]);
				first = false;
			}
		} else if (symbi_matches_options(r->m)->top_k) {
			fmt(o, TR(r, ", within reach, but the query kept only the best %zu candidates (--top)",
			          ", innen rekkevidde, men spørringen beholdt bare de %zu beste kandidatene (--top)"),
			    symbi_matches_options(r->m)->top_k);
		} else
			raw(o, TR(r, ", within reach, but the pair check refused the pair (quantities, "
			             "grades or the query\u2019s filters)",
			          ", innen rekkevidde, men parsjekken avviste paret (mengder, kvaliteter "
			          "eller spørringens filtre)"));
		break;
	}
	case 4:
		if (y->all_sector)
			raw(o, TR(r, "only sector potential (no declared demand), which the plan does not "
			             "allocate",
			          "bare bransjepotensial (uten oppgitt behov), som planen ikke fordeler"));
		else if (y->all_negative)
			raw(o, TR(r, "every candidate loses money: transport costs more than it saves",
			          "alle kandidater taper penger: transporten koster mer enn den sparer"));
		else
			raw(o, TR(r, "candidates exist, but the plan gives the other side\u2019s quantity "
			             "to better partnerships",
			          "det finnes kandidater, men planen gir motpartens mengde til bedre "
			          "partnerskap"));
		break;
	case 5:
		raw(o, TR(r, "no candidate; the search for near misses was skipped in a dataset this "
		             "large (narrow it with --region or --firm)",
		          "ingen kandidat; søket etter nesten-treff ble hoppet over i et så stort "
		          "datasett (avgrens med --region eller --firm)"));
		break;
	default:
		break;
	}
}

static void stream_qty(w *o, const rep *r, const symbi_stream *st)
{
	char a[NUMBUF];
	fmt(o, "%s %s", NUM(a, st->quantity, ADEC(st->quantity)), UNIT(st->dim));
}

static void firm_link(w *o, const rep *r, uint32_t f)
{
	fmt(o, "<a href=\"#\" class=\"fl\" data-f=\"%u\">", f);
	esc(o, symbi_dataset_firm(r->ds, f)->name);
	raw(o, "</a>");
}

/* One list: the supplies (dir = supply) or demands with nothing in the plan. */
static void write_unmatched(w *o, const rep *r, const why *ys, symbi_direction dir)
{
	size_t n = 0;
	for (uint32_t s = 0; s < r->ns; s++)
		n += ys[s].kind && symbi_dataset_stream(r->ds, s)->direction == dir;
	bool sup = dir == SYMBI_SUPPLY;
	fmt(o, "<h3>%s <small>(%zu)</small></h3>",
	    sup ? TR(r, "Unused supplies", "Ubrukte leveranser")
	        : TR(r, "Unmet demands", "Udekkede behov"),
	    n);
	if (!n) {
		fmt(o, "<p>%s</p>", TR(r, "None.", "Ingen."));
		return;
	}
	fmt(o,
	    "<div class=\"scroll\"><table class=\"sortable unmatched\"><thead><tr><th>%s</th>"
	    "<th>%s</th><th data-type=\"num\">%s</th><th>%s</th></tr></thead><tbody>\n",
	    TR(r, "Firm", "Virksomhet"), TR(r, "Resource", "Ressurs"),
	    TR(r, "Quantity /yr", "Mengde /år"), TR(r, "Why not matched", "Hvorfor ikke matchet"));
	size_t rows = 0;
	for (uint32_t s = 0; s < r->ns; s++) {
		const symbi_stream *st = symbi_dataset_stream(r->ds, s);
		if (!ys[s].kind || st->direction != dir || rows++ >= MAX_ROWS)
			continue;
		const symbi_firm *f = symbi_dataset_firm(r->ds, st->firm);
		fmt(o, "<tr data-s=\"%u\" data-r=\"%u\" data-w=\"%d\"%s><td>", st->firm, st->firm,
		    ys[s].kind, ys[s].kind == 2 ? " class=\"near\"" : "");
		firm_link(o, r, st->firm);
		raw(o, "<small>");
		esc(o, st->id);
		if (f->municipality) {
			raw(o, " \u00b7 ");
			esc(o, f->municipality);
		}
		raw(o, "</small></td><td>");
		symbi__rp_resource(o, r, st->code);
		if (st->note) {
			raw(o, "<small>");
			esc(o, st->note);
			raw(o, "</small>");
		}
		fmt(o, "</td><td class=\"n\" data-v=\"%.6g\">", st->quantity);
		stream_qty(o, r, st);
		raw(o, "</td><td>");
		write_why(o, r, st, &ys[s]);
		raw(o, "</td></tr>\n");
	}
	raw(o, "</tbody></table></div>");
	if (rows > MAX_ROWS)
		fmt(o, TR(r, "<p class=\"note\">The first %d shown; %zu more.</p>",
		          "<p class=\"note\">De første %d vist; %zu til.</p>"),
		    MAX_ROWS, rows - MAX_ROWS);
}

int symbi__rp_story(w *o, const rep *r)
{
	why *ys = calloc(r->ns ? r->ns : 1, sizeof *ys);
	if (!ys)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	int rc = reasons(r, ys);
	if (rc) {
		free(ys);
		return rc;
	}
	fmt(o, "<section id=\"unmatched\"><h2>%s</h2><p class=\"note\">%s</p>",
	    TR(r, "What was not matched, and why", "Hva som ikke ble matchet, og hvorfor"),
	    r->plan ? TR(r, "Streams of which the plan uses nothing. A near miss is a firm that "
	                    "could take the resource (or supply it) but lies beyond the transport "
	                    "radius.",
	                 "Strømmer som planen ikke bruker noe av. Et nesten-treff er en "
	                 "virksomhet som kunne tatt imot ressursen (eller levert den), men som "
	                 "ligger utenfor transportradiusen.")
	            : TR(r, "Streams without any candidate partnership. A near miss is a firm "
	                    "that could take the resource (or supply it) but lies beyond the "
	                    "transport radius.",
	                 "Strømmer uten noen kandidat. Et nesten-treff er en virksomhet som kunne "
	                 "tatt imot ressursen (eller levert den), men som ligger utenfor "
	                 "transportradiusen."));
	write_unmatched(o, r, ys, SYMBI_SUPPLY);
	write_unmatched(o, r, ys, SYMBI_DEMAND);
	raw(o, "</section>\n");
	free(ys);
	return 0;
}

/* Every firm's streams, with what the plan uses of each and the firm's
 * notes: what a click on a firm shows beside its partnerships. */
int symbi__rp_streams(w *o, const rep *r)
{
	fmt(o, "<section id=\"streams\"><h2>%s</h2><p class=\"note\">%s</p>",
	    TR(r, "Firms and their streams", "Virksomhetene og strømmene deres"),
	    TR(r, "What each firm offers and needs, with the notes it gave, and how much of it the "
	          "partnerships use.",
	       "Hva hver virksomhet tilbyr og trenger, med merknadene den ga, og hvor mye av det "
	       "partnerskapene bruker."));
	fmt(o,
	    "<div class=\"scroll\"><table class=\"sortable\" id=\"stable\"><thead><tr><th>%s</th>"
	    "<th>%s</th><th>%s</th><th data-type=\"num\">%s</th><th data-type=\"num\">%s</th>"
	    "<th>%s</th></tr></thead><tbody>\n",
	    TR(r, "Firm", "Virksomhet"), TR(r, "Offers or needs", "Tilbyr eller trenger"),
	    TR(r, "Resource", "Ressurs"), TR(r, "Quantity /yr", "Mengde /år"),
	    r->plan ? TR(r, "Used in the plan", "Brukt i planen")
	            : TR(r, "Candidates", "Kandidater"),
	    TR(r, "Note", "Merknad"));
	char a[NUMBUF];
	size_t rows = 0;
	for (uint32_t f = 0; f < r->nf; f++) {
		const symbi_firm *fi = symbi_dataset_firm(r->ds, f);
		for (uint32_t k = 0; k < fi->n_streams && rows++ < 2 * MAX_ROWS; k++) {
			uint32_t s = symbi_dataset_firm_stream(r->ds, f, k);
			const symbi_stream *st = symbi_dataset_stream(r->ds, s);
			fmt(o, "<tr data-s=\"%u\" data-r=\"%u\"><td>", f, f);
			firm_link(o, r, f);
			raw(o, "<small>");
			esc(o, st->id);
			raw(o, "</small></td><td>");
			raw(o, st->direction == SYMBI_SUPPLY ? TR(r, "offers", "tilbyr")
			                                     : TR(r, "needs", "trenger"));
			raw(o, "</td><td>");
			symbi__rp_resource(o, r, st->code);
			fmt(o, "</td><td class=\"n\" data-v=\"%.6g\">", st->quantity);
			stream_qty(o, r, st);
			if (r->plan) {
				double pct = st->quantity > 0 ? 100 * r->used[s] / st->quantity : 0;
				fmt(o, "</td><td class=\"n\" data-v=\"%.6g\">%s\u00a0%%", pct,
				    NUM(a, pct, pct > 0 && pct < 1 ? 1 : 0));
			} else {
				fmt(o, "</td><td class=\"n\" data-v=\"%u\">%u", r->ncand[s], r->ncand[s]);
			}
			raw(o, "</td><td>");
			esc(o, st->note);
			raw(o, "</td></tr>\n");
		}
	}
	raw(o, "</tbody></table></div>");
	if (rows > 2 * MAX_ROWS)
		fmt(o, TR(r, "<p class=\"note\">The first %d streams shown, of %zu.</p>",
		          "<p class=\"note\">De første %d strømmene vist, av %zu.</p>"),
		    2 * MAX_ROWS, r->ns);
	raw(o, "</section>\n");
	return 0;
}
