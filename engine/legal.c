/*
 * legal.c: the legal gate of the pair check (pair.h): whether the law, and
 * the physics of the process, let a supply go to a receiver by a given way,
 * whatever it is worth. Every search asks it for every way that passed the
 * other tests (declared and substitution matches in the full scan and the
 * ranked search, sector potential, and so the tiles, which run the same
 * searches), so no path proposes what it refuses. README "What symbi will
 * never propose" is the contract; what the gate knows about codes, NACE
 * classes and processes is in legal_kb.c.
 *
 *  1 Hazardous waste (Dir. 2008/98/EC Arts. 7, 17, 18, 23; the List of
 *    Waste, Decision 2000/532/EC, entries marked '*'). Towards a declared
 *    demand a hazardous entry goes only by a rule that names that very entry
 *    and carries its conditions, or to a demand for that very entry (a
 *    hazardous-waste treatment plant, NACE 38.22, may name a group holding
 *    it). As sector potential (no demand: a firm whose sector is documented
 *    as taking it) it goes by any way, because the law does not forbid the
 *    transfer: it makes it conditional on the receiver's permit (Art. 23),
 *    tracking (Art. 17) and no mixing (Art. 18), and those conditions travel
 *    with the proposal (symbi__legal_conditions). In every case only to a
 *    receiver whose NACE code is known and outside the protected classes (01-03 crop and animal
 *    production, forestry and aquaculture; 10-11 food and drink; 20.15
 *    fertiliser manufacture; 36 water supply; 81.3 landscaping); never as
 *    feed, food, fertiliser or drinking water. A chapter or sub-chapter that
 *    holds hazardous entries (the supply did not say which) never reaches
 *    those classes either.
 *  2 Animal by-products (Reg. (EC) 1069/2009 Arts. 8-14 and 11(1); Reg. (EC)
 *    999/2001 Art. 7(1) and Annex IV). A supply that may hold animal
 *    material goes as feed or food (a feed or food code, or a food, drink,
 *    livestock-farm or fish-farm receiver without a non-feed code) only
 *    when it states abp_category 3; catering waste never. Raw animal
 *    material other than manure and milk products never goes to land (NACE
 *    01, 02, 81.3, or a fertiliser code): it is composted or digested first
 *    (Art. 13(f) lists what may go to land unprocessed). Animal material other
 *    than milk products never goes straight to a farm or fish farm (01, 03):
 *    only feed, pet-food and fish-meal plants take it, which keeps the bans
 *    on animal protein for ruminants and on processed animal protein for
 *    the same species without knowing the species. Category 1 material
 *    goes only to incineration or co-incineration (38.22, 35.11, 23.51).
 *    Manure is category 2 by law (Art. 9(a)).
 *  3 Water grades: treated, waste and cooling water never meet a demand for
 *    water:fresh (drinking or food-process quality), and are not offered by
 *    sector potential to food and drink plants or water works (10, 11, 36),
 *    whose use the data do not state.
 *  4 Conversions: a rule with a `process` applies only when the receiving
 *    firm performs it (one of its NACE codes is a class of the process).
 *
 * Time: O(1) per call plus a few NACE prefix compares; pure and
 * thread-safe.
 */
#include "legal.h"
#include "pair.h"

symbi_pair_reason symbi__legal_gate(const symbi_kb *kb, const symbi_firm *A, const symbi_stream *S,
                                    int32_t rule, const symbi_firm *B, const symbi_stream *D)
{
	/* The supplier is not needed: animal material never reaches a farm
	 * directly, whatever species it comes from (gate 2). */
	(void)A;
	const symbi_rule *r = rule >= 0 ? &kb->rules[rule] : NULL;
	unsigned sf = symbi__legal_flags(kb, S->code);
	/* What the receiver gets: the rule's target and the demand's code. */
	unsigned tf = 0;
	if (r && r->to >= 0)
		tf |= symbi__legal_flags(kb, r->to);
	if (D)
		tf |= symbi__legal_flags(kb, D->code);
	const unsigned eaten_or_land =
	    SYMBI__LEGAL_FEED | SYMBI__LEGAL_FOOD | SYMBI__LEGAL_FERTILISER | SYMBI__LEGAL_DRINKING;

	/* 1 Hazardous waste. */
	if (sf & (SYMBI__LEGAL_HAZARDOUS | SYMBI__LEGAL_HAZ_GROUP)) {
		if (tf & eaten_or_land)
			return SYMBI_PAIR_LEGAL;
		if (!B->nace || symbi__legal_firm_under(B, symbi__legal_hazard_protected))
			return SYMBI_PAIR_LEGAL;
		/* Towards a declared demand, by a rule: it names this very entry
		 * and its conditions. Without a rule: the demand names this very
		 * entry, or the receiver treats hazardous waste (38.22) and names a
		 * group holding it. Sector potential (D == NULL) passes with the
		 * statutory conditions (symbi__legal_conditions). */
		if ((sf & SYMBI__LEGAL_HAZARDOUS) && D &&
		    (r ? r->from != S->code || !r->conditions
		       : D->code != S->code &&
		             !symbi__legal_firm_under(B, symbi__legal_hazardous_treatment)))
			return SYMBI_PAIR_LEGAL;
	}

	/* 3 Water grades. */
	if (sf & SYMBI__LEGAL_LOW_WATER) {
		if (tf & SYMBI__LEGAL_DRINKING)
			return SYMBI_PAIR_LEGAL;
		if (!D && (!B->nace || symbi__legal_firm_under(B, symbi__legal_food_and_water)))
			return SYMBI_PAIR_LEGAL;
	}

	/* 2 Animal by-products. */
	if ((sf & SYMBI__LEGAL_ANIMAL) || S->abp_category) {
		int cat = S->abp_category ? S->abp_category : (sf & SYMBI__LEGAL_MANURE) ? 2 : 0;
		bool feed = (tf & (SYMBI__LEGAL_FEED | SYMBI__LEGAL_FOOD)) ||
		            (!(tf & (SYMBI__LEGAL_NOT_FEED | SYMBI__LEGAL_FERTILISER)) &&
		             symbi__legal_firm_under(B, symbi__legal_feed_receivers));
		if (feed) {
			if (cat != 3 || (sf & SYMBI__LEGAL_CATERING))
				return SYMBI_PAIR_LEGAL;
			if (!(sf & SYMBI__LEGAL_MILK) &&
			    symbi__legal_firm_under(B, symbi__legal_farms))
				return SYMBI_PAIR_LEGAL;
		}
		/* Raw animal material on land: only manure and milk products
		 * (Art. 13(f)); the rest is composted or digested first. */
		if (!(sf & (SYMBI__LEGAL_MANURE | SYMBI__LEGAL_MILK)) &&
		    ((tf & SYMBI__LEGAL_FERTILISER) ||
		     (!(tf & SYMBI__LEGAL_NOT_FEED) &&
		      symbi__legal_firm_under(B, symbi__legal_land))))
			return SYMBI_PAIR_LEGAL;
		if (cat == 1 && ((tf & (eaten_or_land | SYMBI__LEGAL_SUBSTRATE)) ||
		                 !symbi__legal_firm_under(B, symbi__legal_category1_receivers)))
			return SYMBI_PAIR_LEGAL;
	}

	/* 4 Conversions need the converting plant. */
	if (r && r->process) {
		const symbi__legal_process *p = symbi__legal_find_process(r->process);
		if (!p || !symbi__legal_firm_under(B, p->nace))
			return SYMBI_PAIR_LEGAL;
	}
	return SYMBI_PAIR_OK;
}

/* The statutory conditions of a hazardous supply, in English and bokmål. */
static const char *const hazardous_text[2][2] = {
    {"hazardous waste (an entry marked * in the List of Waste, Decision 2000/532/EC): the "
     "receiver needs a permit that covers this entry (Dir. 2008/98/EC Art. 23; co-incineration: "
     "Dir. 2010/75/EU Arts. 44-45), the waste is tracked from producer to receiver (Art. 17) and "
     "not mixed with other waste (Art. 18)",
     "farlig avfall (kode merket * i avfallslisten, vedtak 2000/532/EF): mottakeren må ha en "
     "tillatelse som dekker denne avfallstypen (direktiv 2008/98/EF art. 23; samforbrenning: "
     "direktiv 2010/75/EU art. 44-45), avfallet spores fra produsent til mottaker (art. 17) og "
     "blandes ikke med annet avfall (art. 18)"},
    {"this group holds hazardous entries (marked * in the List of Waste, Decision 2000/532/EC): "
     "if the waste is one of them, the receiver needs a permit that covers it (Dir. 2008/98/EC "
     "Art. 23), the waste is tracked from producer to receiver (Art. 17) and not mixed with "
     "other waste (Art. 18)",
     "gruppen har farlige avfallstyper (merket * i avfallslisten, vedtak 2000/532/EF): er "
     "avfallet en av dem, må mottakeren ha en tillatelse som dekker den (direktiv 2008/98/EF "
     "art. 23), avfallet spores fra produsent til mottaker (art. 17) og blandes ikke med annet "
     "avfall (art. 18)"}};

const char *symbi__legal_conditions(const symbi_kb *kb, const symbi_dataset *ds,
                                    const symbi_candidate *c, bool bokmal)
{
	/* What is handed over: the supply's code, or on the demand side (no
	 * supply stream) the code the demand asks for. */
	uint32_t s = c->supply != SYMBI_NONE ? c->supply : c->demand;
	if (s == SYMBI_NONE || s >= ds->nstreams)
		return NULL;
	if (c->rule >= 0 && (size_t)c->rule < kb->nrules && kb->rules[c->rule].conditions)
		return NULL; /* the rule states them */
	unsigned f = symbi__legal_flags(kb, ds->streams[s].code);
	if (f & SYMBI__LEGAL_HAZARDOUS)
		return hazardous_text[0][bokmal];
	if (f & SYMBI__LEGAL_HAZ_GROUP)
		return hazardous_text[1][bokmal];
	return NULL;
}
