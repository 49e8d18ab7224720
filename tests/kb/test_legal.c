/*
 * test_legal.c: the legal gate (engine/legal.c) called directly on the
 * shipped knowledge base, exhaustively where the issue asks for it: every
 * hazardous entry of the List of Waste against firms of every protected
 * class, by every way a search can offer it (the declared code, every
 * shipped rule from the entry or an ancestor, curated and learned, and a
 * rule with conditions that names the entry), proposes nothing; and the
 * positive cases, worked by hand, pass.
 */
#include <stdlib.h>

#include "engine/internal.h"
#include "engine/legal.h"
#include "engine/pair.h"
#include "unit.h"

static const symbi_kb *kb;

static symbi_firm firm(const char *nace)
{
	symbi_firm f;
	memset(&f, 0, sizeof f);
	f.id = "F";
	f.name = "F";
	f.nace = nace;
	return f;
}

static symbi_stream stream(const char *code, symbi_direction dir, int abp)
{
	symbi_stream s;
	memset(&s, 0, sizeof s);
	s.direction = dir;
	s.code = symbi_kb_find(kb, code);
	s.abp_category = (uint8_t)abp;
	return s;
}

/* The shipped rule from `from` to `to` (a code) or `nace`, or -1. */
static int32_t rule_of(const char *from, const char *to, const char *nace)
{
	int32_t f = symbi_kb_find(kb, from), t = to ? symbi_kb_find(kb, to) : -1;
	for (size_t i = 0; i < symbi_kb_rule_count(kb); i++) {
		const symbi_rule *r = symbi_kb_rule(kb, i);
		if (r->from == f && (to ? r->to == t : r->nace && strcmp(r->nace, nace) == 0))
			return (int32_t)i;
	}
	return -1;
}

static bool ok(const symbi_firm *B, const symbi_stream *S, int32_t rule, const symbi_stream *D)
{
	symbi_firm A = firm("38.11");
	return symbi__legal_gate(kb, &A, S, rule, B, D) == SYMBI_PAIR_OK;
}

int main(void)
{
	const char *dir = getenv("SYMBI_DATADIR");
	symbi_kb *k = NULL;
	symbi_diags *d = NULL;
	CHECK(symbi_kb_new(&k) == 0 && symbi_diags_new(&d, 50) == 0);
	CHECK_EQ_INT(symbi_kb_load_dir(k, dir ? dir : "datasets", d), 0);
	CHECK_EQ_INT(symbi_kb_finish(k, d), 0);
	kb = k;

	/* 1 Hazardous entries x protected classes x every way. */
	static const char *const protected_nace[] = {"01.11", "01.41", "01.46", "02.10",
	                                             "03.22", "10.51", "10.91", "10.92",
	                                             "11.05", "20.15", "36.00", "81.30"};
	static const char *const demands[] = {"mat:feed",    "mat:food",      "mat:fertiliser",
	                                      "water:fresh", "mat:substrate", "mat:fuel"};
	size_t entries = 0, ways = 0;
	for (size_t c = 0; c < symbi_kb_code_count(kb); c++) {
		const symbi_code *code = symbi_kb_code(kb, (int32_t)c);
		if (!code->hazardous || code->is_group)
			continue;
		entries++;
		symbi_stream S = stream(code->code, SYMBI_SUPPLY, 0);
		symbi_stream exact = stream(code->code, SYMBI_DEMAND, 0);
		symbi_stream group = exact;
		group.code = code->parent;
		for (size_t n = 0; n < sizeof protected_nace / sizeof *protected_nace; n++) {
			symbi_firm B = firm(protected_nace[n]);
			CHECK(!ok(&B, &S, -1, &exact));
			CHECK(!ok(&B, &S, -1, &group));
			CHECK(!ok(&B, &S, -1, NULL));
			for (size_t m = 0; m < sizeof demands / sizeof *demands; m++) {
				symbi_stream D = stream(demands[m], SYMBI_DEMAND, 0);
				CHECK(!ok(&B, &S, -1, &D));
			}
			/* Every shipped rule from the entry or an ancestor. */
			for (int32_t a = (int32_t)c; a >= 0; a = symbi_kb_code(kb, a)->parent) {
				const uint32_t *idx;
				size_t nr = symbi__kb_rules_from(kb, a, &idx);
				for (size_t i = 0; i < nr; i++) {
					const symbi_rule *r = symbi_kb_rule(kb, idx[i]);
					symbi_stream D = exact;
					if (r->to >= 0)
						D.code = r->to;
					CHECK(!ok(&B, &S, (int32_t)idx[i], r->to >= 0 ? &D : NULL));
					ways++;
				}
			}
		}
		/* Positive control: a demand for the very entry at a cement kiln,
		 * and a hazardous-waste plant's demand for the sub-chapter. */
		symbi_firm kiln = firm("23.51"), plant = firm("38.22"), unknown = firm(NULL);
		CHECK(ok(&kiln, &S, -1, &exact));
		CHECK(ok(&plant, &S, -1, &group));
		CHECK(!ok(&kiln, &S, -1, &group));
		CHECK(!ok(&unknown, &S, -1, &exact));
		/* Sector potential (no demand): the law makes the transfer to a
		 * kiln or a refinery conditional, it does not forbid it; never to a
		 * firm of unknown NACE. */
		symbi_firm refinery = firm("19.20");
		CHECK(ok(&kiln, &S, -1, NULL));
		CHECK(ok(&refinery, &S, -1, NULL));
		CHECK(!ok(&unknown, &S, -1, NULL));
	}
	CHECK_EQ_INT(entries, 408);
	CHECK(ways > 100);

	/* Rules from hazardous entries: the ones with conditions go to a cement
	 * kiln, a learned one without conditions never. */
	symbi_firm kiln = firm("23.51");
	symbi_stream oil = stream("ewc:130205", SYMBI_SUPPLY, 0);
	CHECK(ok(&kiln, &oil, rule_of("ewc:130205", NULL, "23.51"), NULL));
	CHECK(rule_of("ewc:160209", NULL, "24") < 0); /* recoded by exchange_corrections.csv */

	/* 2 Animal by-products. */
	symbi_firm fishmeal = firm("10.20"), cattle = firm("01.41"), pigs = firm("01.46");
	symbi_firm biogas = firm("35.21"), crop = firm("01.11"), incinerator = firm("38.22");
	int32_t to_fishmeal = rule_of("ewc:020202", NULL, "10.20");
	CHECK(to_fishmeal >= 0);
	symbi_stream offal3 = stream("ewc:020202", SYMBI_SUPPLY, 3);
	symbi_stream offal0 = stream("ewc:020202", SYMBI_SUPPLY, 0);
	symbi_stream offal1 = stream("ewc:020202", SYMBI_SUPPLY, 1);
	CHECK(ok(&fishmeal, &offal3, to_fishmeal, NULL));
	CHECK(!ok(&fishmeal, &offal0, to_fishmeal, NULL));
	CHECK(!ok(&fishmeal, &offal1, to_fishmeal, NULL));
	symbi_stream feed = stream("mat:feed", SYMBI_DEMAND, 0);
	CHECK(!ok(&cattle, &offal3, -1, &feed)); /* no animal protein to ruminants */
	symbi_stream fishmeal_supply = stream("mat:feed.fish-meal", SYMBI_SUPPLY, 3);
	CHECK(!ok(&pigs, &fishmeal_supply, -1, &feed));
	symbi_stream whey = stream("ewc:020501", SYMBI_SUPPLY, 3);
	symbi_stream whey0 = stream("ewc:020501", SYMBI_SUPPLY, 0);
	symbi_stream whey_demand = stream("mat:feed.whey", SYMBI_DEMAND, 0);
	int32_t whey_rule = rule_of("ewc:020501", "mat:feed.whey", NULL);
	CHECK(ok(&pigs, &whey, whey_rule, &whey_demand)); /* milk products: allowed */
	CHECK(!ok(&pigs, &whey0, whey_rule, &whey_demand));
	symbi_stream substrate = stream("mat:substrate", SYMBI_DEMAND, 0);
	CHECK(ok(&biogas, &offal3, -1, &substrate));
	CHECK(!ok(&biogas, &offal1, -1, &substrate)); /* category 1: incineration only */
	CHECK(ok(&incinerator, &offal1, -1, NULL));
	symbi_stream catering = stream("ewc:200108", SYMBI_SUPPLY, 3);
	CHECK(!ok(&pigs, &catering, -1, &feed));
	CHECK(!ok(&crop, &catering, -1, NULL)); /* raw, not on land */
	symbi_stream manure = stream("ewc:020106", SYMBI_SUPPLY, 0);
	symbi_stream fert = stream("mat:fertiliser", SYMBI_DEMAND, 0);
	CHECK(ok(&crop, &manure, rule_of("ewc:020106", "mat:fertiliser.manure", NULL), &fert));
	CHECK(ok(&crop, &manure, rule_of("ewc:020106", NULL, "01.1"), NULL));
	CHECK(
	    ok(&biogas, &manure, rule_of("ewc:020106", "mat:substrate.manure", NULL), &substrate));
	symbi_stream grain = stream("ewc:020704", SYMBI_SUPPLY, 0);
	symbi_stream spent = stream("mat:feed.spent-grain", SYMBI_DEMAND, 0);
	CHECK(ok(&cattle, &grain, rule_of("ewc:020704", "mat:feed.spent-grain", NULL), &spent));

	/* 3 Water grades. */
	symbi_firm dairy = firm("10.51"), power = firm("35.11"), concrete = firm("23.63");
	symbi_stream treated = stream("water:treated", SYMBI_SUPPLY, 0);
	symbi_stream fresh = stream("water:fresh", SYMBI_DEMAND, 0);
	symbi_stream process = stream("water:process", SYMBI_DEMAND, 0);
	CHECK(!ok(&dairy, &treated, -1, &fresh));
	CHECK(!ok(&power, &treated, -1, &fresh));
	CHECK(!ok(&dairy, &treated, -1, NULL));
	CHECK(ok(&concrete, &treated, rule_of("water:treated", "water:process", NULL), &process));
	CHECK(ok(&power, &treated, rule_of("water:treated", NULL, "35.11"), NULL));

	/* 4 Conversions. */
	symbi_firm casthouse = firm("24.42");
	symbi_stream gas = stream("energy:fuel-gas", SYMBI_DEMAND, 0);
	int32_t to_gas = rule_of("ewc:020106", "energy:fuel-gas", NULL);
	CHECK(to_gas >= 0 && symbi_kb_rule(kb, (size_t)to_gas)->process);
	CHECK(!ok(&casthouse, &manure, to_gas, &gas));
	CHECK(ok(&biogas, &manure, to_gas, &gas));
	symbi_firm multi = firm("24.42;35.21"); /* a casthouse that also digests */
	CHECK(ok(&multi, &manure, to_gas, &gas));

	/* Positive cases of the issue: sawdust to pellets, fly ash to cement
	 * with its EN condition, surplus heat to district heating. */
	symbi_firm pellets = firm("16.29"), cement = firm("23.51"), dh = firm("35.30");
	symbi_stream sawdust = stream("ewc:030105", SYMBI_SUPPLY, 0);
	CHECK(ok(&pellets, &sawdust, rule_of("ewc:030105", NULL, "16.29"), NULL));
	symbi_stream ash = stream("ewc:100102", SYMBI_SUPPLY, 0);
	int32_t ash_rule = rule_of("ewc:100102", NULL, "23.51");
	CHECK(ash_rule >= 0 && strstr(symbi_kb_rule(kb, (size_t)ash_rule)->conditions, "EN 197-1"));
	CHECK(ok(&cement, &ash, ash_rule, NULL));
	symbi_stream heat = stream("energy:heat", SYMBI_SUPPLY, 0);
	CHECK(ok(&dh, &heat, rule_of("energy:heat", NULL, "35.30"), NULL));

	/* The conditions that travel with a hazardous proposal when no rule
	 * states them (legal.c symbi__legal_conditions), worked by hand: a
	 * dataset of one supply of 13 02 05* (mineral engine oil), one of its
	 * group 13 02 and one of sawdust. */
	{
		symbi_dataset ds;
		memset(&ds, 0, sizeof ds);
		symbi_stream st[3] = {stream("ewc:130205", SYMBI_SUPPLY, 0),
		                      stream("ewc:1302", SYMBI_SUPPLY, 0),
		                      stream("ewc:030105", SYMBI_SUPPLY, 0)};
		CHECK(st[1].code >= 0);
		ds.streams = st;
		ds.nstreams = 3;
		symbi_candidate c;
		memset(&c, 0, sizeof c);
		c.supply = 0;
		c.demand = SYMBI_NONE;
		c.rule = -1;
		const char *t = symbi__legal_conditions(kb, &ds, &c, false);
		CHECK(t && strstr(t, "Art. 23") && strstr(t, "Art. 17") && strstr(t, "Art. 18"));
		CHECK(strstr(symbi__legal_conditions(kb, &ds, &c, true), "tillatelse") != NULL);
		/* The rule to a kiln states its own conditions: nothing added. */
		c.rule = rule_of("ewc:130205", NULL, "23.51");
		CHECK(c.rule >= 0 && symbi__legal_conditions(kb, &ds, &c, false) == NULL);
		/* A group holding hazardous entries: the conditional sentence. */
		c.rule = -1;
		c.supply = 1;
		t = symbi__legal_conditions(kb, &ds, &c, false);
		CHECK(t && strstr(t, "if the waste is one of them"));
		/* Sawdust: nothing. Demand side: the code the demand asks for. */
		c.supply = 2;
		CHECK(symbi__legal_conditions(kb, &ds, &c, false) == NULL);
		c.supply = SYMBI_NONE;
		c.demand = 0;
		CHECK(symbi__legal_conditions(kb, &ds, &c, false) != NULL);
	}

	printf("%zu hazardous entries x %zu protected classes; %zu rule ways refused\n", entries,
	       sizeof protected_nace / sizeof *protected_nace, ways);
	symbi_diags_free(d);
	symbi_kb_free(k);
	return UNIT_DONE();
}
