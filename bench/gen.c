/*
 * gen.c: `symbi-gen`, a deterministic generator of national-scale synthetic
 * datasets for benchmarks, fuzzing seeds and the tiling test.
 *
 *   symbi-gen --firms N --seed S --out DIR [--towns FILE] [--datadir DIR]
 *             [--rules-share F]
 *
 * writes DIR/firms.csv and DIR/streams.csv (docs/contract.md section 1). The same
 * arguments and the same knowledge base give byte-identical files.
 *
 * How the data is made:
 * - Sites are clustered around Norwegian municipalities (`--towns`, default
 *   DATADIR/municipalities_no.csv: kommunenummer, name, lat, lon,
 *   fylkesnummer, population, area_km2), a municipality drawn with probability
 *   proportional to its population, the site placed at a Gaussian offset from
 *   its centroid with a spread growing with the square root of its area.
 * - Each site gets a sector from a fixed table (sawmills, food, farms,
 *   greenhouses, metal, data centres, district heating, waste, construction,
 *   ...), drawn with one mix for urban and one for rural municipalities, and
 *   the sector's streams, each present with its own probability, with a
 *   log-normal quantity around the sector's median, a temperature, months and
 *   a price drawn in a range.
 * - A share of the sites (`--rules-share`, default 0.15) also gets one stream
 *   drawn from a curated rule of DATADIR/rules.csv (its supply code, or its
 *   demand code), so that the rules of the knowledge base take part.
 *
 * THE FIGURES ARE SYNTHETIC. The medians and price ranges below are plausible
 * orders of magnitude chosen to exercise the engine, not statistics about
 * Norwegian industry; nothing downstream may cite them.
 *
 * Every code the generator writes is checked against the knowledge base
 * (DATADIR/resources.csv and ewc.csv) first, so a generated dataset always
 * loads. Randomness: one xoshiro256** generator per site, seeded through
 * splitmix64 from (seed, site index) (Blackman and Vigna, "Scrambled linear
 * pseudorandom number generators", ACM TOMS 47(4), 2021), so a site does not
 * depend on how many random numbers the previous one used. Time O(N), memory
 * O(towns + knowledge base): rows are written as they are made.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "engine/csvio.h"
#include "symbi_config.h"

/* ==== PRNG ==================================================================== */

typedef struct rng {
	uint64_t s[4];
} rng;

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static void rng_seed(rng *r, uint64_t seed, uint64_t stream)
{
	uint64_t x = seed ^ (stream * 0xd1342543de82ef95u);
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
}

static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static uint64_t rng_next(rng *r)
{
	uint64_t *s = r->s;
	uint64_t out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

/* Uniform in [0, 1). */
static double rng_unit(rng *r) { return (double)(rng_next(r) >> 11) * 0x1.0p-53; }

static double rng_range(rng *r, double lo, double hi) { return lo + (hi - lo) * rng_unit(r); }

/* Uniform integer in [0, n), n > 0 (Lemire's multiply-shift; the bias is
 * below 2^-32 for the sizes used here). */
static uint32_t rng_below(rng *r, uint32_t n) { return (uint32_t)(((rng_next(r) >> 32) * n) >> 32); }

/* Standard normal by Box-Muller (one of the pair is dropped to keep the
 * generator stateless). */
static double rng_normal(rng *r)
{
	double u = 1.0 - rng_unit(r), v = rng_unit(r);
	return sqrt(-2.0 * log(u)) * cos(2.0 * M_PI * v);
}

/* ==== Sector profiles ========================================================== */

/* One stream a sector may have. `median` is in `unit` (per its period);
 * `sigma` the spread of the log-normal; `prob` the chance a site has it.
 * Temperatures in degrees C (lo > hi: none). `price_lo..hi`: disposal cost
 * for a supply, purchase price for a demand, NOK per unit (lo > hi: none).
 * `months` NULL for all year; "*" for a random season of 4 to 9 months. */
typedef struct tmpl {
	char dir; /* 'S' supply, 'D' demand */
	const char *code;
	const char *unit;
	double median, sigma, prob;
	double temp_lo, temp_hi;
	double price_lo, price_hi;
	const char *months;
	const char *what; /* the stream's nature, for notes */
} tmpl;

#define NT 1, 0 /* no temperature */
#define NP 1, 0 /* no price */

typedef struct sector {
	const char *label;
	const char *nace[3];
	double w_urban, w_rural; /* relative weights in the mix */
	double emp_median;
	const tmpl *t;
	size_t nt;
} sector;

static const tmpl t_sawmill[] = {
	{'S', "ewc:030105", "t/yr", 8000, 0.9, 0.95, NT, 50, 250, NULL, "sawdust and offcuts"},
	{'S', "ewc:030101", "t/yr", 3000, 0.8, 0.8, NT, 50, 200, NULL, "bark"},
	{'D', "energy:heat", "MWh/yr", 6000, 0.8, 0.6, 55, 75, 350, 650, NULL, "kiln drying"},
	{'D', "water:fresh", "m3/day", 50, 1.0, 0.2, NT, 8, 20, NULL, "log watering"},
};
static const tmpl t_woodprod[] = {
	{'S', "ewc:030105", "t/yr", 600, 1.0, 0.9, NT, 100, 400, NULL, "shavings"},
	{'D', "mat:wood.chips", "t/yr", 4000, 0.8, 0.3, NT, 300, 600, NULL, "board raw material"},
	{'D', "energy:heat", "MWh/yr", 1500, 0.8, 0.4, 50, 70, 400, 700, NULL, "drying"},
};
static const tmpl t_pellets[] = {
	{'D', "mat:wood.sawdust", "t/yr", 30000, 0.6, 0.7, NT, 150, 400, NULL, "pellet feedstock"},
	{'D', "ewc:0301", "t/yr", 15000, 0.6, 0.5, NT, 0, 250, NULL, "wood residues"},
	{'S', "energy:heat", "MWh/yr", 3000, 0.8, 0.5, 40, 60, NP, NULL, "dryer exhaust"},
};
static const tmpl t_pulp[] = {
	{'D', "mat:wood.chips", "t/yr", 60000, 0.6, 0.9, NT, 350, 600, NULL, "pulpwood chips"},
	{'D', "ewc:0301", "t/yr", 20000, 0.7, 0.5, NT, 0, 300, NULL, "wood residues for the boiler"},
	{'S', "ewc:030311", "t/yr", 5000, 0.7, 0.9, NT, 300, 800, NULL, "effluent sludge"},
	{'S', "ewc:030307", "t/yr", 2000, 0.7, 0.6, NT, 400, 900, NULL, "rejects"},
	{'S', "energy:heat", "MWh/yr", 40000, 0.8, 0.8, 50, 90, NP, NULL, "surplus heat"},
	{'D', "water:fresh", "m3/day", 20000, 0.6, 0.7, NT, 2, 8, NULL, "process water"},
};
static const tmpl t_board[] = {
	{'D', "ewc:150101", "t/yr", 20000, 0.7, 0.9, NT, 0, 600, NULL, "recovered board"},
	{'D', "mat:paper.recovered", "t/yr", 15000, 0.7, 0.5, NT, 300, 900, NULL, "recovered paper"},
	{'S', "ewc:030307", "t/yr", 1500, 0.8, 0.7, NT, 400, 900, NULL, "pulper rejects"},
	{'S', "energy:heat", "MWh/yr", 8000, 0.8, 0.5, 40, 70, NP, NULL, "dryer heat"},
};
static const tmpl t_dairy[] = {
	{'S', "ewc:020501", "t/yr", 2000, 0.9, 0.8, NT, 200, 700, NULL, "off-spec product"},
	{'S', "ewc:020502", "t/yr", 800, 0.8, 0.6, NT, 400, 1000, NULL, "effluent sludge"},
	{'S', "mat:feed.whey", "t/yr", 8000, 0.9, 0.4, NT, 0, 150, NULL, "whey"},
	{'S', "energy:heat", "MWh/yr", 2500, 0.8, 0.5, 30, 55, NP, NULL, "pasteuriser and cooling heat"},
	{'D', "water:fresh", "m3/day", 800, 0.8, 0.5, NT, 8, 20, NULL, "process water"},
};
static const tmpl t_slaughter[] = {
	{'S', "ewc:020202", "t/yr", 3000, 0.9, 0.95, NT, 500, 1500, NULL, "animal tissue"},
	{'S', "ewc:020204", "t/yr", 600, 0.8, 0.5, NT, 400, 1000, NULL, "effluent sludge"},
	{'S', "energy:heat", "MWh/yr", 2000, 0.8, 0.4, 35, 60, NP, NULL, "refrigeration heat"},
};
static const tmpl t_fishproc[] = {
	{'S', "ewc:020202", "t/yr", 4000, 1.0, 0.9, NT, 200, 900, NULL, "fish offcuts"},
	{'S', "ewc:020203", "t/yr", 500, 0.8, 0.4, NT, 300, 800, NULL, "unsuitable material"},
	{'D', "energy:cold", "MWh/yr", 1500, 0.8, 0.4, NT, 300, 600, NULL, "cold storage"},
	{'D', "water:fresh", "m3/day", 500, 0.8, 0.6, NT, 8, 20, NULL, "process water"},
};
static const tmpl t_bakery[] = {
	{'S', "ewc:020601", "t/yr", 120, 1.0, 0.9, NT, 500, 1200, NULL, "unsold bread"},
	{'S', "energy:heat", "MWh/yr", 300, 0.8, 0.3, 35, 60, NP, NULL, "oven exhaust heat"},
};
static const tmpl t_brewery[] = {
	{'S', "mat:feed.spent-grain", "t/yr", 2500, 0.9, 0.8, NT, 0, 200, NULL, "spent grain"},
	{'S', "ewc:020704", "t/yr", 300, 0.8, 0.5, NT, 300, 800, NULL, "off-spec beer"},
	{'S', "ewc:020705", "t/yr", 200, 0.8, 0.4, NT, 400, 1000, NULL, "effluent sludge"},
	{'S', "gas:co2", "t/yr", 400, 0.8, 0.5, NT, NP, NULL, "fermentation CO2"},
};
static const tmpl t_feedmill[] = {
	{'D', "mat:feed", "t/yr", 30000, 0.7, 0.9, NT, 2500, 4500, NULL, "feed raw material"},
	{'D', "ewc:0203", "t/yr", 5000, 0.7, 0.4, NT, 0, 800, NULL, "food industry residues"},
	{'D', "energy:steam", "MWh/yr", 8000, 0.7, 0.5, 150, 180, 400, 700, NULL, "pelleting steam"},
};
static const tmpl t_farm_cattle[] = {
	{'S', "ewc:020106", "t/yr", 1500, 0.8, 0.95, NT, 0, 80, NULL, "manure"},
	{'D', "mat:feed", "t/yr", 300, 0.8, 0.6, NT, 3000, 4500, NULL, "feed"},
	{'D', "mat:fertiliser", "t/yr", 80, 0.9, 0.3, NT, 2500, 5000, "3-6", "fertiliser"},
};
static const tmpl t_farm_pig[] = {
	{'S', "ewc:020106", "t/yr", 2500, 0.8, 0.95, NT, 0, 100, NULL, "slurry"},
	{'D', "mat:feed", "t/yr", 800, 0.8, 0.7, NT, 3000, 4500, NULL, "feed"},
	{'D', "energy:heat", "MWh/yr", 150, 0.8, 0.3, 20, 40, 600, 1000, "10-4", "barn heating"},
};
static const tmpl t_farm_crop[] = {
	{'S', "ewc:020103", "t/yr", 300, 1.0, 0.6, NT, 0, 100, "8-11", "straw and crop residues"},
	{'D', "mat:fertiliser", "t/yr", 100, 0.9, 0.8, NT, 2500, 5000, "3-6", "fertiliser"},
	{'D', "mat:fertiliser.digestate", "t/yr", 400, 0.9, 0.3, NT, 0, 150, "3-9", "digestate"},
};
static const tmpl t_greenhouse[] = {
	{'D', "energy:heat", "MWh/yr", 3000, 0.8, 0.95, 35, 60, 400, 800, "9-5", "greenhouse heating"},
	{'D', "gas:co2", "t/yr", 200, 0.8, 0.7, NT, 1500, 3000, "3-10", "CO2 fertilisation"},
	{'S', "ewc:020103", "t/yr", 150, 0.9, 0.6, NT, 100, 500, NULL, "plant waste"},
	{'D', "mat:fertiliser", "t/yr", 40, 0.9, 0.3, NT, 2500, 5000, NULL, "fertiliser"},
};
static const tmpl t_aquaculture[] = {
	{'D', "energy:heat", "MWh/yr", 2000, 0.9, 0.5, 8, 15, 300, 600, NULL, "smolt water heating"},
	{'S', "ewc:020201", "t/yr", 800, 0.9, 0.6, NT, 500, 1500, NULL, "fish sludge"},
	{'S', "ewc:020202", "t/yr", 300, 1.0, 0.5, NT, 800, 2000, NULL, "dead fish"},
};
static const tmpl t_chemical[] = {
	{'S', "energy:steam", "MWh/yr", 15000, 0.9, 0.5, 130, 200, NP, NULL, "surplus steam"},
	{'S', "energy:heat", "MWh/yr", 20000, 0.9, 0.7, 40, 90, NP, NULL, "process heat"},
	{'S', "gas:co2", "t/yr", 20000, 1.0, 0.3, NT, NP, NULL, "process CO2"},
	{'D', "energy:steam", "MWh/yr", 10000, 0.8, 0.4, 120, 180, 300, 600, NULL, "process steam"},
	{'D', "water:fresh", "m3/day", 5000, 0.8, 0.6, NT, 3, 10, NULL, "process water"},
	{'S', "ewc:070101", "t/yr", 200, 1.0, 0.3, NT, 1500, 4000, NULL, "washing liquids"},
};
static const tmpl t_plastics[] = {
	{'S', "ewc:070213", "t/yr", 150, 1.0, 0.8, NT, 300, 1200, NULL, "production scrap"},
	{'D', "mat:plastic", "t/yr", 800, 0.9, 0.4, NT, 6000, 12000, NULL, "recycled polymer"},
	{'D', "ewc:150102", "t/yr", 500, 0.9, 0.3, NT, 0, 1000, NULL, "plastic packaging"},
	{'S', "energy:heat", "MWh/yr", 400, 0.8, 0.3, 30, 50, NP, NULL, "machine cooling heat"},
};
static const tmpl t_cement[] = {
	{'D', "mat:cement.scm", "t/yr", 80000, 0.5, 0.8, NT, 400, 900, NULL, "clinker substitute"},
	{'D', "mat:fuel.srf", "t/yr", 50000, 0.5, 0.8, NT, 0, 200, NULL, "kiln fuel"},
	{'D', "mat:cement.raw-material", "t/yr", 40000, 0.5, 0.5, NT, 100, 300, NULL, "raw meal"},
	{'S', "energy:heat", "MWh/yr", 60000, 0.6, 0.7, 80, 200, NP, NULL, "kiln surplus heat"},
	{'S', "gas:co2", "t/yr", 300000, 0.5, 0.4, NT, NP, NULL, "kiln CO2"},
};
static const tmpl t_concrete[] = {
	{'D', "mat:mineral.aggregate", "t/yr", 20000, 0.8, 0.8, NT, 100, 250, NULL, "aggregate"},
	{'D', "mat:cement.scm", "t/yr", 2000, 0.8, 0.4, NT, 500, 900, NULL, "binder"},
	{'S', "ewc:101314", "t/yr", 600, 0.9, 0.8, NT, 150, 400, NULL, "returned concrete"},
};
static const tmpl t_steel[] = {
	{'S', "ewc:100202", "t/yr", 50000, 0.8, 0.9, NT, 100, 400, NULL, "slag"},
	{'S', "energy:heat", "MWh/yr", 100000, 0.8, 0.9, 80, 250, NP, NULL, "furnace heat"},
	{'D', "mat:metal.steel-scrap", "t/yr", 150000, 0.7, 0.8, NT, 2500, 4000, NULL, "scrap"},
};
static const tmpl t_aluminium[] = {
	{'S', "energy:heat", "MWh/yr", 300000, 0.7, 0.9, 60, 150, NP, NULL, "pot-line heat"},
	{'S', "ewc:100316", "t/yr", 5000, 0.8, 0.6, NT, 300, 900, NULL, "skimmings"},
	{'D', "mat:metal.aluminium-scrap", "t/yr", 20000, 0.8, 0.7, NT, 8000, 15000, NULL, "scrap"},
	{'D', "water:fresh", "m3/day", 10000, 0.7, 0.5, NT, 2, 8, NULL, "cooling water"},
};
static const tmpl t_foundry[] = {
	{'S', "ewc:100903", "t/yr", 2000, 0.9, 0.7, NT, 200, 600, NULL, "furnace slag"},
	{'S', "ewc:100908", "t/yr", 3000, 0.9, 0.7, NT, 150, 500, NULL, "used sand moulds"},
	{'D', "mat:metal.steel-scrap", "t/yr", 10000, 0.8, 0.8, NT, 2500, 4000, NULL, "scrap"},
	{'S', "energy:heat", "MWh/yr", 8000, 0.8, 0.6, 50, 120, NP, NULL, "furnace heat"},
};
static const tmpl t_metalfab[] = {
	{'S', "ewc:120101", "t/yr", 40, 1.2, 0.8, NT, 0, 50, NULL, "steel turnings"},
	{'S', "ewc:120103", "t/yr", 10, 1.2, 0.3, NT, 0, 50, NULL, "non-ferrous turnings"},
	{'S', "ewc:120109", "t/yr", 5, 1.0, 0.3, NT, 2000, 5000, NULL, "machining emulsion"},
	{'D', "energy:heat", "MWh/yr", 200, 0.9, 0.15, 40, 60, 600, 1000, "10-4", "space heating"},
};
static const tmpl t_datacentre[] = {
	{'S', "energy:heat", "MWh/yr", 20000, 1.2, 0.98, 25, 40, NP, NULL, "server heat"},
	{'D', "energy:cold", "MWh/yr", 10000, 1.0, 0.4, NT, 200, 500, NULL, "cooling"},
	{'D', "water:fresh", "m3/day", 300, 1.0, 0.3, NT, 8, 20, NULL, "cooling make-up water"},
};
static const tmpl t_districtheat[] = {
	{'D', "energy:heat", "MWh/yr", 60000, 1.0, 0.95, 45, 80, 250, 550, NULL, "network supply"},
	{'D', "mat:biofuel", "t/yr", 15000, 0.9, 0.7, NT, 500, 900, NULL, "boiler fuel"},
	{'D', "ewc:0301", "t/yr", 10000, 0.9, 0.4, NT, 0, 300, NULL, "wood residues"},
	{'D', "ewc:191207", "t/yr", 8000, 0.9, 0.4, NT, 0, 200, NULL, "waste wood"},
	{'S', "ewc:100101", "t/yr", 1500, 0.9, 0.6, NT, 400, 1000, NULL, "bottom ash"},
	{'S', "ewc:100103", "t/yr", 400, 0.9, 0.4, NT, 500, 1200, NULL, "fly ash"},
};
static const tmpl t_biogas[] = {
	{'D', "ewc:020106", "t/yr", 40000, 0.8, 0.9, NT, 0, 50, NULL, "manure"},
	{'D', "ewc:0202", "t/yr", 10000, 0.8, 0.6, NT, NP, NULL, "animal by-products"},
	{'D', "ewc:200108", "t/yr", 15000, 0.8, 0.7, NT, NP, NULL, "food waste"},
	{'D', "ewc:0207", "t/yr", 5000, 0.8, 0.4, NT, NP, NULL, "brewery residues"},
	{'D', "mat:substrate", "t/yr", 20000, 0.8, 0.5, NT, 0, 100, NULL, "substrates"},
	{'S', "energy:fuel-gas", "MWh/yr", 30000, 0.8, 0.8, NT, NP, NULL, "raw biogas"},
	{'S', "gas:co2", "t/yr", 3000, 0.8, 0.6, NT, NP, NULL, "upgrading off-gas"},
	{'S', "ewc:190606", "t/yr", 30000, 0.8, 0.9, NT, 50, 200, NULL, "digestate"},
	{'S', "energy:heat", "MWh/yr", 3000, 0.8, 0.4, 40, 70, NP, NULL, "engine heat"},
};
static const tmpl t_wwtp[] = {
	{'S', "ewc:190805", "t/yr", 5000, 1.0, 0.95, NT, 300, 900, NULL, "sewage sludge"},
	{'S', "water:treated", "m3/day", 10000, 1.2, 0.6, NT, NP, NULL, "effluent"},
	{'S', "energy:heat", "MWh/yr", 10000, 1.0, 0.4, 8, 15, NP, NULL, "waste-water heat"},
	{'D', "water:waste", "m3/day", 500, 1.0, 0.2, NT, NP, NULL, "industrial waste water"},
};
static const tmpl t_waste[] = {
	{'S', "ewc:191207", "t/yr", 3000, 0.9, 0.6, NT, 100, 400, NULL, "sorted wood"},
	{'S', "ewc:191202", "t/yr", 1500, 0.9, 0.5, NT, 0, 100, NULL, "ferrous metal"},
	{'S', "ewc:191212", "t/yr", 8000, 0.9, 0.7, NT, 600, 1200, NULL, "residual waste"},
	{'S', "ewc:191210", "t/yr", 5000, 0.9, 0.5, NT, 500, 1000, NULL, "refuse-derived fuel"},
	{'D', "ewc:20", "t/yr", 20000, 0.9, 0.6, NT, NP, NULL, "municipal waste"},
	{'D', "ewc:1701", "t/yr", 10000, 0.9, 0.3, NT, NP, NULL, "construction waste"},
};
static const tmpl t_incineration[] = {
	{'S', "energy:heat", "MWh/yr", 150000, 0.7, 0.95, 90, 130, NP, NULL, "incineration heat"},
	{'S', "energy:steam", "MWh/yr", 50000, 0.7, 0.4, 180, 250, NP, NULL, "incineration steam"},
	{'S', "ewc:190112", "t/yr", 30000, 0.7, 0.9, NT, 200, 600, NULL, "bottom ash"},
	{'D', "ewc:1912", "t/yr", 60000, 0.7, 0.8, NT, NP, NULL, "sorted residual waste"},
	{'D', "ewc:2003", "t/yr", 80000, 0.7, 0.7, NT, NP, NULL, "municipal waste"},
};
static const tmpl t_construction[] = {
	{'S', "ewc:170101", "t/yr", 500, 1.2, 0.5, NT, 100, 300, "*", "concrete"},
	{'S', "ewc:170107", "t/yr", 400, 1.2, 0.4, NT, 150, 400, "*", "mixed rubble"},
	{'S', "ewc:170504", "t/yr", 5000, 1.3, 0.6, NT, 50, 200, "*", "excavated soil"},
	{'S', "ewc:170201", "t/yr", 80, 1.0, 0.5, NT, 400, 900, "*", "waste wood"},
	{'S', "ewc:170405", "t/yr", 30, 1.0, 0.3, NT, 0, 50, "*", "steel"},
	{'S', "ewc:170302", "t/yr", 300, 1.0, 0.2, NT, 100, 300, "*", "asphalt"},
	{'D', "mat:mineral.aggregate", "t/yr", 3000, 1.2, 0.1, NT, 100, 250, "*", "aggregate"},
	{'D', "mat:mineral.soil", "t/yr", 5000, 1.2, 0.08, NT, 30, 120, "*", "fill"},
};
static const tmpl t_hospitality[] = {
	{'S', "ewc:200108", "t/yr", 15, 1.0, 0.9, NT, 800, 1600, NULL, "kitchen waste"},
	{'S', "ewc:200125", "t/yr", 2, 1.0, 0.5, NT, 500, 1500, NULL, "frying oil"},
	{'D', "energy:heat", "MWh/yr", 400, 0.9, 0.4, 55, 70, 700, 1200, "9-5", "space heating"},
};
static const tmpl t_retail[] = {
	{'S', "ewc:150101", "t/yr", 40, 1.0, 0.8, NT, 0, 500, NULL, "cardboard"},
	{'S', "ewc:150102", "t/yr", 10, 1.0, 0.6, NT, 500, 1500, NULL, "plastic film"},
	{'S', "ewc:200108", "t/yr", 20, 1.0, 0.6, NT, 800, 1600, NULL, "expired food"},
	{'S', "energy:heat", "MWh/yr", 150, 0.9, 0.3, 25, 40, NP, NULL, "refrigeration heat"},
};
static const tmpl t_realestate[] = {
	{'D', "energy:heat", "MWh/yr", 800, 1.0, 0.95, 50, 70, 700, 1200, "9-5", "space heating"},
	{'D', "energy:cold", "MWh/yr", 200, 1.0, 0.3, NT, 300, 700, "5-9", "comfort cooling"},
};
static const tmpl t_sports[] = {
	{'S', "energy:heat", "MWh/yr", 800, 0.8, 0.6, 25, 35, NP, "9-4", "ice rink condenser heat"},
	{'D', "energy:heat", "MWh/yr", 1500, 0.8, 0.5, 28, 35, 500, 900, NULL, "pool heating"},
};

#define SECTOR(label, n1, n2, n3, wu, wr, emp, t) {label, {n1, n2, n3}, wu, wr, emp, t, sizeof t / sizeof *t}

/* Weights are shares of the synthetic site population (per mille), chosen so
 * that common small emitters (construction, shops, restaurants, farms) far
 * outnumber the large point sources, as in any business register. */
static const sector sectors[] = {
	SECTOR("Sawmill", "16.10", "16.10", "16.10", 15, 45, 25, t_sawmill),
	SECTOR("Wood Products", "16.21", "16.23", "16.24", 15, 35, 20, t_woodprod),
	SECTOR("Pellet Plant", "16.29", "16.29", "16.29", 2, 6, 15, t_pellets),
	SECTOR("Pulp Mill", "17.11", "17.12", "17.12", 1, 3, 300, t_pulp),
	SECTOR("Board Mill", "17.21", "17.21", "17.29", 2, 2, 80, t_board),
	SECTOR("Dairy", "10.51", "10.51", "10.52", 5, 10, 60, t_dairy),
	SECTOR("Slaughterhouse", "10.11", "10.12", "10.13", 5, 10, 80, t_slaughter),
	SECTOR("Fish Processing", "10.20", "10.20", "10.20", 12, 25, 40, t_fishproc),
	SECTOR("Bakery", "10.71", "10.71", "10.72", 30, 15, 12, t_bakery),
	SECTOR("Brewery", "11.05", "11.05", "11.07", 8, 4, 20, t_brewery),
	SECTOR("Feed Mill", "10.91", "10.91", "10.92", 2, 6, 30, t_feedmill),
	SECTOR("Cattle Farm", "01.41", "01.41", "01.42", 5, 110, 2, t_farm_cattle),
	SECTOR("Pig Farm", "01.46", "01.47", "01.46", 3, 50, 2, t_farm_pig),
	SECTOR("Arable Farm", "01.11", "01.11", "01.13", 5, 70, 2, t_farm_crop),
	SECTOR("Greenhouse", "01.13", "01.19", "01.30", 6, 15, 8, t_greenhouse),
	SECTOR("Fish Farm", "03.21", "03.22", "03.21", 4, 25, 15, t_aquaculture),
	SECTOR("Chemical Plant", "20.13", "20.15", "20.16", 8, 5, 120, t_chemical),
	SECTOR("Plastics", "22.21", "22.22", "22.29", 20, 10, 30, t_plastics),
	SECTOR("Cement Plant", "23.51", "23.51", "23.51", 0.2, 0.5, 150, t_cement),
	SECTOR("Concrete Works", "23.61", "23.63", "23.63", 15, 12, 20, t_concrete),
	SECTOR("Steelworks", "24.10", "24.20", "24.10", 0.5, 1, 400, t_steel),
	SECTOR("Aluminium Smelter", "24.42", "24.42", "24.42", 0.3, 1, 500, t_aluminium),
	SECTOR("Foundry", "24.51", "24.53", "24.54", 3, 4, 60, t_foundry),
	SECTOR("Metal Works", "25.11", "25.62", "25.99", 80, 60, 15, t_metalfab),
	SECTOR("Data Centre", "63.11", "63.11", "63.11", 8, 4, 30, t_datacentre),
	SECTOR("District Heating", "35.30", "35.30", "35.30", 15, 12, 20, t_districtheat),
	SECTOR("Biogas Plant", "35.21", "35.21", "38.21", 3, 6, 10, t_biogas),
	SECTOR("Waste Water Plant", "37.00", "37.00", "37.00", 8, 8, 15, t_wwtp),
	SECTOR("Waste Management", "38.11", "38.32", "38.12", 25, 15, 25, t_waste),
	SECTOR("Incinerator", "38.21", "35.11", "38.21", 2, 1, 60, t_incineration),
	SECTOR("Construction", "41.20", "42.11", "43.11", 250, 200, 10, t_construction),
	SECTOR("Hotel Restaurant", "55.10", "56.10", "56.10", 150, 60, 12, t_hospitality),
	SECTOR("Retail", "47.11", "47.11", "47.21", 160, 90, 10, t_retail),
	SECTOR("Property", "68.20", "68.20", "68.32", 120, 40, 5, t_realestate),
	SECTOR("Sports Hall", "93.11", "93.11", "93.11", 15, 10, 6, t_sports),
};
#define NSECTORS (sizeof sectors / sizeof *sectors)

/* Norwegian counties (2024) by fylkesnummer. */
static const struct {
	const char *nr, *name;
} counties[] = {
	{"03", "Oslo"},      {"11", "Rogaland"},  {"15", "Møre og Romsdal"}, {"18", "Nordland"},
	{"31", "Østfold"},   {"32", "Akershus"},  {"33", "Buskerud"},        {"34", "Innlandet"},
	{"39", "Vestfold"},  {"40", "Telemark"},  {"42", "Agder"},           {"46", "Vestland"},
	{"50", "Trøndelag"}, {"55", "Troms"},     {"56", "Finnmark"},
};

/* ==== Reading the towns and the knowledge base ================================ */

typedef struct town {
	const char *name;
	const char *county;
	double lat, lon;
	double spread_km; /* standard deviation of the sites' offset */
	bool rural;
} town;

typedef struct rule_pick {
	const char *from, *to;
	const char *from_unit, *to_unit; /* NULL: the code's dimension */
} rule_pick;

typedef struct gen {
	symbi__arena arena;
	town *towns;
	size_t ntowns, captowns;
	double *town_cum; /* cumulative population */
	size_t capcum;
	symbi__map codes; /* code -> dimension (symbi_dim) */
	const char **ewc; /* sorted entries "ewc:DDDDDD" */
	size_t newc, capewc;
	rule_pick *rules;
	size_t nrules, caprules;
	/* while reading a file: the column positions and the records seen */
	int col[8];
	const char *file;
	size_t records;
} gen;

static int find_cols(gen *g, const symbi__csv_row *row, const char *const *names, int n)
{
	for (int i = 0; i < n; i++) {
		g->col[i] = -1;
		for (size_t j = 0; j < row->nfields; j++)
			if (symbi__strcasecmp(symbi__trim(row->fields[j]), names[i]) == 0)
				g->col[i] = (int)j;
	}
	return 0;
}

static const char *field(const symbi__csv_row *row, int col)
{
	return col >= 0 && (size_t)col < row->nfields ? symbi__trim(row->fields[col]) : "";
}

static int on_town(void *ctx, const symbi__csv_row *row)
{
	gen *g = ctx;
	static const char *const names[] = {"name", "lat", "lon", "fylkesnummer", "population",
	                                    "area_km2"};
	if (g->records++ == 0) {
		find_cols(g, row, names, 6);
		for (int i = 0; i < 6; i++)
			if (g->col[i] < 0)
				return symbi__error(SYMBI_EINPUT, "%s: no column '%s'", g->file, names[i]);
		return 0;
	}
	town t = {0};
	double pop, area;
	if (symbi__parse_double(field(row, g->col[1]), &t.lat) ||
	    symbi__parse_double(field(row, g->col[2]), &t.lon) ||
	    symbi__parse_double(field(row, g->col[4]), &pop) ||
	    symbi__parse_double(field(row, g->col[5]), &area) || pop < 0 || area < 0)
		return symbi__error(SYMBI_EINPUT, "%s:%u: bad number", g->file, row->line);
	t.name = symbi__arena_strdup(&g->arena, field(row, g->col[0]));
	t.county = NULL;
	const char *nr = field(row, g->col[3]);
	for (size_t i = 0; i < sizeof counties / sizeof *counties; i++)
		if (strcmp(counties[i].nr, nr) == 0)
			t.county = counties[i].name;
	/* Industry sits near the centre: a quarter of the municipality's
	 * "radius", between 1.5 and 25 km. */
	t.spread_km = fmin(25.0, fmax(1.5, 0.25 * sqrt(area)));
	t.rural = area > 0 && pop / area < 50.0;
	if (!t.name || symbi__grow((void **)&g->towns, &g->captowns, g->ntowns + 1, sizeof t))
		return SYMBI_ENOMEM;
	g->towns[g->ntowns++] = t;
	if (symbi__grow((void **)&g->town_cum, &g->capcum, g->ntowns, sizeof(double)))
		return SYMBI_ENOMEM;
	g->town_cum[g->ntowns - 1] = (g->ntowns > 1 ? g->town_cum[g->ntowns - 2] : 0) + pop;
	return 0;
}

/* "03 01 05", "030105*" or "ewc:03 01 05" -> "ewc:030105" (entries only:
 * the generator does not depend on the knowledge base's own normaliser). */
static int ewc_normalise(const char *in, char *buf, size_t size)
{
	if (strncmp(in, "ewc:", 4) == 0)
		in += 4;
	char digits[8];
	size_t n = 0;
	for (; *in; in++) {
		if (*in == ' ' || *in == '*')
			continue;
		if (*in < '0' || *in > '9' || n == 6)
			return -1;
		digits[n++] = *in;
	}
	if (n != 6 || size < 11)
		return -1;
	digits[n] = '\0';
	snprintf(buf, size, "ewc:%s", digits);
	return 0;
}

static int add_code(gen *g, const char *code, symbi_dim dim)
{
	char *k = symbi__arena_strdup(&g->arena, code);
	if (!k)
		return SYMBI_ENOMEM;
	return symbi__map_put(&g->codes, k, (int32_t)dim);
}

static int on_resource(void *ctx, const symbi__csv_row *row)
{
	gen *g = ctx;
	static const char *const names[] = {"code", "dimension"};
	if (g->records++ == 0) {
		find_cols(g, row, names, 2);
		return g->col[0] < 0 || g->col[1] < 0
		               ? symbi__error(SYMBI_EINPUT, "%s: no column 'code' or 'dimension'", g->file)
		               : 0;
	}
	symbi_dim dim;
	if (symbi_dim_parse(field(row, g->col[1]), &dim))
		dim = SYMBI_DIM_MASS;
	return add_code(g, field(row, g->col[0]), dim);
}

static int on_ewc(void *ctx, const symbi__csv_row *row)
{
	gen *g = ctx;
	if (g->records++ == 0) {
		static const char *const names[] = {"code"};
		find_cols(g, row, names, 1);
		return g->col[0] < 0 ? symbi__error(SYMBI_EINPUT, "%s: no column 'code'", g->file) : 0;
	}
	char buf[64];
	if (ewc_normalise(field(row, g->col[0]), buf, sizeof buf))
		return 0;
	/* Chapter and sub-chapter are codes too (a demand may name them). */
	for (size_t len = 6; len <= 10; len += 2) {
		char pre[16];
		snprintf(pre, sizeof pre, "%.*s", (int)len, buf);
		if (symbi__map_get(&g->codes, pre) < 0 && add_code(g, pre, SYMBI_DIM_MASS))
			return SYMBI_ENOMEM;
	}
	const char *k = symbi__arena_strdup(&g->arena, buf);
	if (!k || symbi__grow((void **)&g->ewc, &g->capewc, g->newc + 1, sizeof *g->ewc))
		return SYMBI_ENOMEM;
	g->ewc[g->newc++] = k;
	return 0;
}

static int on_rule(void *ctx, const symbi__csv_row *row)
{
	gen *g = ctx;
	static const char *const names[] = {"from", "to", "from_unit", "to_unit"};
	if (g->records++ == 0) {
		find_cols(g, row, names, 4);
		return g->col[0] < 0 || g->col[1] < 0
		               ? symbi__error(SYMBI_EINPUT, "%s: no column 'from' or 'to'", g->file)
		               : 0;
	}
	const char *from = field(row, g->col[0]), *to = field(row, g->col[1]);
	/* Substitution rules between codes the knowledge base knows; sector
	 * rules (empty `to`) name no demand to generate. */
	if (!*to || symbi__map_get(&g->codes, from) < 0 || symbi__map_get(&g->codes, to) < 0)
		return 0;
	rule_pick p;
	const char *fu = field(row, g->col[2]), *tu = field(row, g->col[3]);
	p.from = symbi__arena_strdup(&g->arena, from);
	p.to = symbi__arena_strdup(&g->arena, to);
	p.from_unit = *fu ? symbi__arena_strdup(&g->arena, fu) : NULL;
	p.to_unit = *tu ? symbi__arena_strdup(&g->arena, tu) : NULL;
	if (!p.from || !p.to || (*fu && !p.from_unit) || (*tu && !p.to_unit) ||
	    symbi__grow((void **)&g->rules, &g->caprules, g->nrules + 1, sizeof p))
		return SYMBI_ENOMEM;
	g->rules[g->nrules++] = p;
	return 0;
}

/* Read one file with `fn`; prints the diagnostics. Returns 0 or -1. */
static int read_file(gen *g, const char *path, symbi__csv_fn fn)
{
	symbi_diags *d = NULL;
	if (symbi_diags_new(&d, 20))
		return -1;
	g->file = path;
	g->records = 0;
	int rc = symbi__csv_read(path, NULL, fn, g, d);
	for (size_t i = 0; i < symbi_diags_count(d); i++) {
		const symbi_diag *x = symbi_diags_get(d, i);
		fprintf(stderr, "%s:%u: error: %s\n", x->file, x->line, x->message);
	}
	if (rc && !symbi_diags_count(d))
		fprintf(stderr, "symbi-gen: %s: %s\n", path, symbi_last_error());
	symbi_diags_free(d);
	return rc ? -1 : 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* ==== Writing ================================================================== */

/* `x` rounded to three significant digits, without exponent. */
static void fmt_sig3(double x, char *buf, size_t size)
{
	if (!(x > 0)) {
		snprintf(buf, size, "0");
		return;
	}
	int mag = (int)floor(log10(x));
	double scale = pow(10.0, mag - 2);
	double r = round(x / scale) * scale;
	int dec = mag >= 2 ? 0 : 2 - mag;
	snprintf(buf, size, "%.*f", dec > 6 ? 6 : dec, r);
}

static void fmt_price(double x, char *buf, size_t size)
{
	if (x >= 20)
		snprintf(buf, size, "%.0f", round(x));
	else
		snprintf(buf, size, "%.2f", round(x * 100) / 100);
}

/* Norwegian organisation number: 8 digits and a MOD11 check digit with the
 * weights 3 2 7 6 5 4 3 2 (Brønnøysundregistrene); numbers whose check would
 * be 10 do not exist and are skipped by taking the next base. */
static void org_nr(uint64_t base, char *buf, size_t size)
{
	static const int w[8] = {3, 2, 7, 6, 5, 4, 3, 2};
	for (;; base++) {
		uint32_t b = 80000000u + (uint32_t)(base % 19999999u);
		char d[9];
		snprintf(d, sizeof d, "%08u", b);
		int sum = 0;
		for (int i = 0; i < 8; i++)
			sum += (d[i] - '0') * w[i];
		int c = 11 - sum % 11;
		if (c == 10)
			continue;
		snprintf(buf, size, "%s%d", d, c == 11 ? 0 : c);
		return;
	}
}

typedef struct writer {
	FILE *firms, *streams;
	int err;
} writer;

static void put(writer *w, FILE *f, const char *s, char sep)
{
	if (!w->err && symbi__csv_put(f, s, sep))
		w->err = 1;
}

static const char *dim_unit_yr(symbi_dim d)
{
	return d == SYMBI_DIM_ENERGY ? "MWh/yr" : d == SYMBI_DIM_VOLUME ? "m3/yr" : "t/yr";
}

static symbi_dim unit_dim(const char *u, symbi_dim dflt)
{
	symbi_dim d;
	if (u && symbi_dim_parse(u, &d) == 0)
		return d;
	if (u && strcmp(u, "t") == 0)
		return SYMBI_DIM_MASS;
	if (u && strcmp(u, "m3") == 0)
		return SYMBI_DIM_VOLUME;
	if (u && strcmp(u, "MWh") == 0)
		return SYMBI_DIM_ENERGY;
	return dflt;
}

typedef struct stream_out {
	char dir;
	const char *code, *unit, *months, *what;
	double qty, temp, price, max_km;
} stream_out;

static void write_stream(writer *w, rng *r, const char *firm_id, unsigned k, const stream_out *s)
{
	FILE *f = w->streams;
	char id[64], q[32], t[16] = "", p[32] = "", mk[16] = "", note[128];
	snprintf(id, sizeof id, "%s/%u", firm_id, k);
	fmt_sig3(s->qty, q, sizeof q);
	if (!isnan(s->temp))
		snprintf(t, sizeof t, "%.0f", s->temp);
	if (!isnan(s->price))
		fmt_price(s->price, p, sizeof p);
	if (!isnan(s->max_km))
		snprintf(mk, sizeof mk, "%.0f", s->max_km);
	/* A few notes carry a comma and quotes so that every consumer meets
	 * quoted fields. */
	if (rng_unit(r) < 0.03)
		snprintf(note, sizeof note, "%s, \"synthetic\"", s->what);
	else
		snprintf(note, sizeof note, "%s", s->what);
	put(w, f, firm_id, ',');
	put(w, f, id, ',');
	put(w, f, s->dir == 'S' ? "supply" : "demand", ',');
	put(w, f, s->code, ',');
	put(w, f, q, ',');
	put(w, f, s->unit, ',');
	put(w, f, t, ',');
	put(w, f, s->months ? s->months : "", ',');
	put(w, f, s->dir == 'S' ? p : "", ',');
	put(w, f, s->dir == 'D' ? p : "", ',');
	put(w, f, mk, ',');
	put(w, f, note, '\n');
}

static void make_stream(rng *r, const tmpl *t, stream_out *s, char *months, size_t msize)
{
	s->dir = t->dir;
	s->code = t->code;
	s->unit = t->unit;
	s->what = t->what;
	/* Log-normal, the tails cut at 2.5 sigma: no site is a hundred times
	 * its sector's median. */
	s->qty = t->median * exp(t->sigma * fmax(-2.5, fmin(2.5, rng_normal(r))));
	/* One stream in twenty is declared per month instead of per year. */
	if (rng_unit(r) < 0.05) {
		if (strcmp(t->unit, "t/yr") == 0)
			s->unit = "t/month", s->qty /= 12;
		else if (strcmp(t->unit, "MWh/yr") == 0)
			s->unit = "MWh/month", s->qty /= 12;
	}
	s->temp = t->temp_lo <= t->temp_hi ? round(rng_range(r, t->temp_lo, t->temp_hi)) : NAN;
	s->price = t->price_lo <= t->price_hi ? rng_range(r, t->price_lo, t->price_hi) : NAN;
	s->months = t->months;
	if (t->months && strcmp(t->months, "*") == 0) {
		/* A building season: starts in March to June, ends by December. */
		unsigned start = 3 + rng_below(r, 4), len = 4 + rng_below(r, 10 - start);
		snprintf(months, msize, "%u-%u", start, (start - 1 + len - 1) % 12 + 1);
		s->months = months;
	}
	/* Some suppliers limit how far their flow may travel. */
	s->max_km = NAN;
	if (t->dir == 'S' && rng_unit(r) < 0.08) {
		static const double km[] = {5, 10, 25, 50, 100};
		s->max_km = km[rng_below(r, 5)];
	}
}

/* One stream from a rule of the knowledge base: its supply (an EWC prefix is
 * replaced by an entry beneath it) or its demand. */
static void make_rule_stream(const gen *g, rng *r, stream_out *s)
{
	const rule_pick *p = &g->rules[rng_below(r, (uint32_t)g->nrules)];
	bool supply = rng_unit(r) < 0.5;
	const char *code = supply ? p->from : p->to;
	if (supply && strncmp(code, "ewc:", 4) == 0 && strlen(code) < 10) {
		size_t n = strlen(code), lo = 0, hi = g->newc;
		while (lo < hi) { /* first entry >= prefix */
			size_t mid = (lo + hi) / 2;
			if (strcmp(g->ewc[mid], code) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		size_t end = lo;
		while (end < g->newc && strncmp(g->ewc[end], code, n) == 0)
			end++;
		if (end > lo)
			code = g->ewc[lo + rng_below(r, (uint32_t)(end - lo))];
	}
	int32_t d = symbi__map_get(&g->codes, code);
	symbi_dim dim = unit_dim(supply ? p->from_unit : p->to_unit, d > 0 ? (symbi_dim)d : SYMBI_DIM_MASS);
	s->dir = supply ? 'S' : 'D';
	s->code = code;
	s->unit = dim_unit_yr(dim);
	s->qty = 500 * exp(1.0 * rng_normal(r));
	s->temp = NAN;
	s->price = supply ? rng_range(r, 0, 800) : rng_range(r, 0, 1500);
	s->months = NULL;
	s->max_km = NAN;
	s->what = "from a knowledge-base rule";
}

/* ==== Main ==================================================================== */

static void usage(void)
{
	fputs("usage: symbi-gen --firms N --out DIR [--seed S] [--towns FILE] [--datadir DIR]\n"
	      "                 [--rules-share F] [--demand-share F]\n"
	      "Write DIR/firms.csv and DIR/streams.csv: a deterministic synthetic dataset of N\n"
	      "sites around Norwegian municipalities (figures are synthetic, not statistics).\n",
	      stderr);
}

int main(int argc, char **argv)
{
	size_t nfirms = 0;
	uint64_t seed = 1;
	const char *out = NULL, *towns_path = NULL, *datadir = SYMBI_SOURCE_DATADIR;
	double rules_share = 0.15;
	double demand_share = 0.0; /* 0: the sectors' own mix */
	for (int i = 1; i < argc; i += 2) { /* OPTION VALUE pairs */
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		char *end = NULL;
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage();
			return 0;
		}
		if (!v) {
			fprintf(stderr, "symbi-gen: option '%s' needs a value or is unknown\n", a);
			return 2;
		}
		errno = 0;
		if (strcmp(a, "--firms") == 0) {
			unsigned long long n = strtoull(v, &end, 10);
			if (errno || *end || *v == '-' || n == 0 || n > 100000000ull) {
				fprintf(stderr, "symbi-gen: --firms: '%s' is not a count in 1..1e8\n", v);
				return 2;
			}
			nfirms = (size_t)n;
		} else if (strcmp(a, "--seed") == 0) {
			seed = strtoull(v, &end, 10);
			if (errno || *end || *v == '-') {
				fprintf(stderr, "symbi-gen: --seed: '%s' is not an unsigned integer\n", v);
				return 2;
			}
		} else if (strcmp(a, "--rules-share") == 0) {
			rules_share = strtod(v, &end);
			if (*end || !(rules_share >= 0 && rules_share <= 1)) {
				fprintf(stderr, "symbi-gen: --rules-share: '%s' is not in 0..1\n", v);
				return 2;
			}
		} else if (strcmp(a, "--demand-share") == 0) {
			demand_share = strtod(v, &end);
			if (*end || !(demand_share >= 0 && demand_share <= 0.9)) {
				fprintf(stderr, "symbi-gen: --demand-share: '%s' is not in 0..0.9\n", v);
				return 2;
			}
		} else if (strcmp(a, "--out") == 0) {
			out = v;
		} else if (strcmp(a, "--towns") == 0) {
			towns_path = v;
		} else if (strcmp(a, "--datadir") == 0) {
			datadir = v;
		} else {
			fprintf(stderr, "symbi-gen: unknown option '%s'\n", a);
			usage();
			return 2;
		}
	}
	if (!nfirms || !out) {
		usage();
		return 2;
	}

	int status = 1;
	gen g = {0};
	writer w = {0};
	char path[4096], fpath[4096] = "", spath[4096] = "";
	char *fbuf = NULL, *sbuf = NULL;

	/* The knowledge base: every code written must be known. */
	snprintf(path, sizeof path, "%s/resources.csv", datadir);
	if (read_file(&g, path, on_resource))
		goto done;
	snprintf(path, sizeof path, "%s/ewc.csv", datadir);
	if (read_file(&g, path, on_ewc))
		goto done;
	qsort(g.ewc, g.newc, sizeof *g.ewc, cmp_str);
	int missing = 0;
	for (size_t i = 0; i < NSECTORS; i++)
		for (size_t j = 0; j < sectors[i].nt; j++)
			if (symbi__map_get(&g.codes, sectors[i].t[j].code) < 0) {
				fprintf(stderr, "symbi-gen: code '%s' (%s) is not in the knowledge base %s\n",
				        sectors[i].t[j].code, sectors[i].label, datadir);
				missing++;
			}
	if (missing)
		goto done;
	snprintf(path, sizeof path, "%s/rules.csv", datadir);
	struct stat st;
	if (rules_share > 0 && stat(path, &st) == 0) {
		if (read_file(&g, path, on_rule))
			goto done;
	}
	if (rules_share > 0 && !g.nrules)
		fprintf(stderr, "symbi-gen: no usable rules in %s: sites get sector streams only\n", path);

	if (!towns_path) {
		snprintf(path, sizeof path, "%s/municipalities_no.csv", datadir);
		towns_path = path;
	}
	if (read_file(&g, towns_path, on_town))
		goto done;
	if (!g.ntowns || !(g.town_cum[g.ntowns - 1] > 0)) {
		fprintf(stderr, "symbi-gen: %s: no municipality with a population\n", towns_path);
		goto done;
	}

	/* Cumulative sector weights, urban and rural. */
	double cum_u[NSECTORS], cum_r[NSECTORS], su = 0, sr = 0;
	for (size_t i = 0; i < NSECTORS; i++) {
		cum_u[i] = (su += sectors[i].w_urban);
		cum_r[i] = (sr += sectors[i].w_rural);
	}

	if (mkdir(out, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "symbi-gen: cannot create '%s': %s\n", out, strerror(errno));
		goto done;
	}
	snprintf(fpath, sizeof fpath, "%s/firms.csv", out);
	snprintf(spath, sizeof spath, "%s/streams.csv", out);
	w.firms = fopen(fpath, "w");
	w.streams = fopen(spath, "w");
	if (!w.firms || !w.streams) {
		fprintf(stderr, "symbi-gen: cannot write in '%s': %s\n", out, strerror(errno));
		goto done;
	}
	fbuf = malloc(1 << 20);
	sbuf = malloc(1 << 20);
	if (fbuf)
		setvbuf(w.firms, fbuf, _IOFBF, 1 << 20);
	if (sbuf)
		setvbuf(w.streams, sbuf, _IOFBF, 1 << 20);

	static const char *const fcols[] = {"firm_id", "name", "lat", "lon", "nace", "region",
	                                    "municipality", "org_nr", "employees"};
	static const char *const scols[] = {"firm_id", "stream_id", "direction", "resource",
	                                    "quantity", "unit", "temp_c", "months",
	                                    "disposal_cost", "purchase_price", "max_km", "note"};
	for (size_t i = 0; i < 9; i++)
		put(&w, w.firms, fcols[i], i == 8 ? '\n' : ',');
	for (size_t i = 0; i < 12; i++)
		put(&w, w.streams, scols[i], i == 11 ? '\n' : ',');

	size_t nstreams = 0, ndemands = 0;
	/* Every sector's demand profiles, for --demand-share. */
	const tmpl *demand_t[256];
	size_t ndemand_t = 0;
	for (size_t i = 0; i < NSECTORS; i++)
		for (size_t j = 0; j < sectors[i].nt && ndemand_t < 256; j++)
			if (sectors[i].t[j].dir == 'D')
				demand_t[ndemand_t++] = &sectors[i].t[j];
	const double total_pop = g.town_cum[g.ntowns - 1];
	for (size_t i = 0; i < nfirms && !w.err; i++) {
		rng r;
		rng_seed(&r, seed, i);
		/* The municipality, by population. */
		double u = rng_unit(&r) * total_pop;
		size_t lo = 0, hi = g.ntowns - 1;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (g.town_cum[mid] <= u)
				lo = mid + 1;
			else
				hi = mid;
		}
		const town *t = &g.towns[lo];
		/* The sector, by the urban or rural mix. */
		const double *cum = t->rural ? cum_r : cum_u;
		double v = rng_unit(&r) * cum[NSECTORS - 1];
		size_t sx = 0;
		while (sx + 1 < NSECTORS && cum[sx] <= v)
			sx++;
		const sector *sec = &sectors[sx];
		/* The site: a Gaussian offset, 111.195 km per degree of latitude
		 * (mean Earth radius 6371.0088 km). */
		double lat = t->lat + t->spread_km * rng_normal(&r) / 111.195;
		lat = fmax(-89.9, fmin(89.9, lat));
		double lon = t->lon + t->spread_km * rng_normal(&r) / (111.195 * cos(lat * M_PI / 180));
		char id[32], name[256], la[32], lo_[32], org[16], emp[32];
		snprintf(id, sizeof id, "NO%07zu", i + 1);
		snprintf(name, sizeof name, "%s %s %zu", t->name, sec->label, i + 1);
		snprintf(la, sizeof la, "%.5f", lat);
		snprintf(lo_, sizeof lo_, "%.5f", lon);
		org_nr(seed * 7919u + i, org, sizeof org);
		snprintf(emp, sizeof emp, "%.0f",
		         fmax(1, round(sec->emp_median * exp(0.8 * rng_normal(&r)))));
		put(&w, w.firms, id, ',');
		put(&w, w.firms, name, ',');
		put(&w, w.firms, la, ',');
		put(&w, w.firms, lo_, ',');
		put(&w, w.firms, sec->nace[rng_below(&r, 3)], ',');
		put(&w, w.firms, t->county ? t->county : "", ',');
		put(&w, w.firms, t->name, ',');
		put(&w, w.firms, org, ',');
		put(&w, w.firms, emp, '\n');

		unsigned k = 0, nd = 0;
		char months[16];
		stream_out s;
		for (size_t j = 0; j < sec->nt; j++) {
			if (rng_unit(&r) >= sec->t[j].prob)
				continue;
			make_stream(&r, &sec->t[j], &s, months, sizeof months);
			write_stream(&w, &r, id, ++k, &s);
			nd += s.dir == 'D';
		}
		if (!k) { /* every site has at least its sector's main stream */
			make_stream(&r, &sec->t[0], &s, months, sizeof months);
			write_stream(&w, &r, id, ++k, &s);
			nd += s.dir == 'D';
		}
		if (g.nrules && rng_unit(&r) < rules_share) {
			make_rule_stream(&g, &r, &s);
			write_stream(&w, &r, id, ++k, &s);
			nd += s.dir == 'D';
		}
		/* --demand-share F: more demands, drawn from every sector's
		 * demand profiles, until they are at least F of the site's
		 * streams (a national register lists needs as well as
		 * residues). Off by default, so the default output does not
		 * change. */
		while (demand_share > 0 && ndemand_t && nd < demand_share * k) {
			make_stream(&r, demand_t[rng_below(&r, (uint32_t)ndemand_t)], &s, months,
			            sizeof months);
			write_stream(&w, &r, id, ++k, &s);
			nd++;
		}
		ndemands += nd;
		nstreams += k;
	}
	if (w.err || fflush(w.firms) || fflush(w.streams) || ferror(w.firms) || ferror(w.streams)) {
		fprintf(stderr, "symbi-gen: write error in '%s'\n", out);
		goto done;
	}
	fprintf(stderr, "symbi-gen: %zu firms, %zu streams (%zu demands) in %s\n", nfirms, nstreams,
	        ndemands, out);
	status = 0;
done:
	if (w.firms && fclose(w.firms) && status == 0) {
		fprintf(stderr, "symbi-gen: write error in '%s'\n", fpath);
		status = 1;
	}
	if (w.streams && fclose(w.streams) && status == 0) {
		fprintf(stderr, "symbi-gen: write error in '%s'\n", spath);
		status = 1;
	}
	free(fbuf);
	free(sbuf);
	free(g.towns);
	free(g.town_cum);
	free(g.ewc);
	free(g.rules);
	symbi__map_clear(&g.codes);
	symbi__arena_clear(&g.arena);
	return status;
}
