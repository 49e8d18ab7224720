/*
 * story.c: what the partnerships do not tell — the supplies nobody uses and
 * the demands nobody meets, each with the reason it was not matched; every
 * firm's streams with the notes the firms gave; and the assumptions behind
 * the totals with their sources.
 *
 * The reasons come from THE pair check (pair.h), the same test the matcher
 * runs, for a stream with nothing of it in the plan:
 *   1. no stream on the other side passes the code test by any way (the
 *      declared code, the hierarchy, or a substitution rule);
 *   2. the pair that gets furthest through the check (ties: the nearest)
 *      fails on distance: a near miss (which firm, how far, the radius);
 *   3. it fails earlier, on units, months or temperature: said so;
 *   6. the legal gate refuses it;
 *   7. it passes, so the query cut it (--top, --max-km, --region, ...);
 *   4. it has candidates, but none is in the plan: each loses money, or the
 *      other side's quantity went to better partnerships, or they are sector
 *      potential, which is not allocated.
 * O(S * D * W) for S supplies, D demands and W ways per supply, a few
 * million steps for a regional dataset; past MAX_PAIRS pairs the search for
 * near misses is skipped and the page says so (kind 5; a national dataset
 * is better read with --region or --firm). The lists hold at most MAX_ROWS
 * rows each, and say how many more there are.
 */
#include <stdlib.h>
#include <string.h>

#include "../pair.h"
#include "report.h"

#define MAX_PAIRS 50000000.0
#define MAX_ROWS 1500

/* The substitution rules a supply of `code` may go by (rule indices). */
static int rule_ways(const rep *r, int32_t code, int32_t **out, size_t *n, size_t *cap)
{
	*n = 0;
	size_t nr = symbi_kb_rule_count(r->kb);
	for (size_t i = 0; i < nr; i++) {
		const symbi_rule *ru = symbi_kb_rule(r->kb, i);
		if (ru->to < 0 || code < 0 || !symbi_kb_is_ancestor(r->kb, ru->from, code))
			continue;
		if (symbi__grow((void **)out, cap, *n + 1, sizeof **out))
			return SYMBI_ENOMEM;
		(*out)[(*n)++] = (int32_t)i;
	}
	return 0;
}

typedef struct why {
	int kind;        /* as in the header comment; 0: used */
	uint32_t other;  /* the counterpart stream of the best pair (kinds 2, 3, 6, 7) */
	symbi_pair_reason reason;
	double km, radius;
	bool all_negative, all_sector;
} why;

/* How far a pair got through the check: higher is closer to a match. */
static int stage(symbi_pair_reason p)
{
	switch (p) {
	case SYMBI_PAIR_UNITS:
		return 1;
	case SYMBI_PAIR_MONTHS:
		return 2;
	case SYMBI_PAIR_TEMPERATURE:
		return 3;
	case SYMBI_PAIR_DISTANCE:
		return 4;
	case SYMBI_PAIR_LEGAL:
		return 5;
	case SYMBI_PAIR_OK:
		return 6;
	default:
		return 0; /* code, same firm: not a counterpart */
	}
}

static int reasons(const rep *r, why *out)
{
	symbi__scorer sc;
	symbi__scorer_init(&sc, r->kb);
	double max_km = symbi_matches_options(r->m)->max_km;
	/* The rule ways of every supply, found once: off[s] .. off[s + 1]. */
	int32_t *ways = NULL, *one = NULL;
	size_t nways = 0, cap = 0, none = 0, onecap = 0;
	size_t *off = calloc(r->ns + 1, sizeof *off);
	int rc = off ? 0 : SYMBI_ENOMEM;
	size_t nsup = 0;
	for (uint32_t s = 0; s < r->ns && !rc; s++) {
		off[s] = nways;
		const symbi_stream *st = symbi_dataset_stream(r->ds, s);
		if (st->direction != SYMBI_SUPPLY)
			continue;
		nsup++;
		rc = rule_ways(r, st->code, &one, &none, &onecap);
		if (!rc && symbi__grow((void **)&ways, &cap, nways + none + 1, sizeof *ways))
			rc = SYMBI_ENOMEM;
		if (!rc && none)
			memcpy(ways + nways, one, none * sizeof *ways);
		nways += rc ? 0 : none;
	}
	if (off)
		off[r->ns] = nways;
	bool search = (double)nsup * (double)(r->ns - nsup) <= MAX_PAIRS;
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
		int best = 0;
		for (uint32_t t = 0; t < r->ns && search; t++) {
			const symbi_stream *u = symbi_dataset_stream(r->ds, t);
			if (u->direction == st->direction || u->firm == st->firm)
				continue;
			uint32_t si = supply ? s : t, di = supply ? t : s;
			for (size_t k = off[si]; k <= off[si + 1]; k++) {
				int32_t way = k == off[si + 1] ? -1 : ways[k];
				double km = NAN, rad = NAN;
				symbi_pair_reason why_not = symbi__pair_check(&sc, r->ds, si, way, di, 0,
				                                              max_km, &km, &rad);
				int g = stage(why_not);
				if (!g || g < best || (g == best && !(km < y->km)))
					continue;
				best = g;
				y->kind = g == 4 ? 2 : g == 5 ? 6 : g == 6 ? 7 : 3;
				y->reason = why_not;
				y->other = t;
				y->km = km;
				y->radius = rad;
			}
		}
	}
	free(ways);
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
	case 3:
	case 6:
	case 7: {
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
		if (y->kind == 2) {
			fmt(o, TR(r, ", beyond the transport radius of %s km",
			          ", utenfor transportradiusen på %s km"),
			    NUM(b, y->radius, 0));
		} else if (y->kind == 6) {
			raw(o, TR(r, ", within reach, but the law does not allow the exchange (legal gate)",
			          ", innen rekkevidde, men regelverket tillater ikke utvekslingen"));
		} else if (y->kind == 7) {
			if (symbi_matches_options(r->m)->top_k)
				fmt(o, TR(r, ", and the pair fits, but the query kept only the best %zu "
				             "candidates (--top)",
				          ", og paret passer, men spørringen beholdt bare de %zu beste "
				          "kandidatene (--top)"),
				    symbi_matches_options(r->m)->top_k);
			else
				raw(o, TR(r, ", and the pair fits, but the query\u2019s filters left it out",
				          ", og paret passer, men spørringens filtre utelot det"));
		} else {
			raw(o, TR(r, ", within reach, but ", ", innen rekkevidde, men "));
			raw(o, y->reason == SYMBI_PAIR_MONTHS
			           ? TR(r, "their months do not overlap", "månedene overlapper ikke")
			       : y->reason == SYMBI_PAIR_TEMPERATURE
			           ? TR(r, "the temperature does not fit (heat colder, or cold warmer, than "
			                   "needed)",
			                "temperaturen passer ikke (varmen kaldere, eller kulden varmere, "
			                "enn behovet)")
			           : TR(r, "the units differ with no rule converting them",
			                "enhetene er ulike uten en regel som regner om"));
		}
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

/* The resource class of a stream's code, for the page's class filter. */
static const char *stream_class(const rep *r, const symbi_stream *st)
{
	const symbi_code *c = st->code >= 0 ? symbi_kb_code(r->kb, st->code) : NULL;
	return symbi_class_name(c && (int)c->cls >= 0 && c->cls < SYMBI_CLASS_COUNT
	                            ? c->cls
	                            : SYMBI_CLASS_MATERIAL);
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
		fmt(o, "<tr data-s=\"%u\" data-r=\"%u\" data-c=\"%s\" data-w=\"%d\"%s><td>",
		    st->firm, st->firm, stream_class(r, st), ys[s].kind,
		    ys[s].kind == 2 ? " class=\"near\"" : "");
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
			fmt(o, "<tr data-s=\"%u\" data-r=\"%u\" data-c=\"%s\"><td>", f, f,
			    stream_class(r, st));
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
			if (st->abp_category)
				fmt(o, TR(r, "<b>animal by-product, category %u</b> ",
				          "<b>animalsk biprodukt, kategori %u</b> "),
				    (unsigned)st->abp_category);
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
