/*
 * legal_kb.c: what the legal gate (legal.c) knows — the legal classes of the
 * knowledge base's codes (hazardous entries, animal by-products, feed, food,
 * fertiliser, water grades), the NACE classes each gate protects, and the
 * processes a converting rule may name. The gate and the rules it applies
 * are described at the top of legal.c and in README "What symbi will never
 * propose".
 */
#include <stdlib.h>
#include <string.h>

#include "legal.h"

/* ==== NACE classes ========================================================================== */

/* Whether dotted NACE code `nace` lies under dotted prefix `p` (at least a
 * division: "01", "01.4", "35.21"). */
static bool nace_under(const char *nace, const char *p)
{
	size_t n = strlen(p);
	return strncmp(nace, p, n) == 0;
}

/* Whether any code of a ';'- or ','-separated list lies under a prefix of
 * the NULL-terminated `prefixes`. */
bool symbi__legal_nace_list_under(const char *list, const char *const *prefixes)
{
	if (!list)
		return false;
	const char *p = list;
	while (*p) {
		while (*p == ';' || *p == ',' || *p == ' ')
			p++;
		if (!*p)
			break;
		char code[16];
		size_t n = strcspn(p, ";, ");
		if (n < sizeof code) {
			memcpy(code, p, n);
			code[n] = '\0';
			for (const char *const *q = prefixes; *q; q++)
				if (nace_under(code, *q))
					return true;
		}
		p += n;
	}
	return false;
}

/* Whether firm B works in a class under one of `prefixes`: its main NACE
 * code or one of its further ones. */
bool symbi__legal_firm_under(const symbi_firm *B, const char *const *prefixes)
{
	return symbi__legal_nace_list_under(B->nace, prefixes) ||
	       symbi__legal_nace_list_under(B->nace_extra, prefixes);
}

const char *const symbi__legal_hazard_protected[] = {"01",    "02", "03",   "10", "11",
                                                     "20.15", "36", "81.3", NULL};
const char *const symbi__legal_food_and_water[] = {"10", "11", "36", NULL};
const char *const symbi__legal_feed_receivers[] = {"01.4", "01.5", "03", "10", "11", NULL};
const char *const symbi__legal_land[] = {"01", "02", "81.3", NULL};
const char *const symbi__legal_farms[] = {"01", "03", NULL};
/* Treatment and disposal of hazardous waste: a plant permitted for it
 * (Dir. 2008/98/EC Art. 23) may ask for a whole chapter or sub-chapter. */
const char *const symbi__legal_hazardous_treatment[] = {"38.22", NULL};
const char *const symbi__legal_category1_receivers[] = {"38.22", "35.11", "23.51", NULL};

/* ==== Processes ============================================================================= */

/* Anaerobic digestion: 35.21 manufacture of gas (incl. gas from agricultural
 * by-products and waste), 38.21 treatment of non-hazardous waste (incl.
 * biogas plants), 37.00 sewerage (digesters of waste-water treatment plants)
 * (Eurostat NACE Rev. 2 explanatory notes). */
static const char *const ad_nace[] = {"35.21", "38.21", "37.00", NULL};
static const symbi__legal_process processes[] = {{"anaerobic-digestion", ad_nace}};
#define NPROCESSES (sizeof processes / sizeof processes[0])

const symbi__legal_process *symbi__legal_find_process(const char *name)
{
	for (size_t i = 0; i < NPROCESSES; i++)
		if (strcmp(processes[i].name, name) == 0)
			return &processes[i];
	return NULL;
}

bool symbi__legal_process_known(const char *name)
{
	return symbi__legal_find_process(name) != NULL;
}

const char *symbi__legal_process_names(void)
{
	return "anaerobic-digestion";
}

/* ==== Classes of codes ====================================================================== */

typedef struct code_class {
	const char *code; /* the class holds this code and everything under it */
	unsigned flags;
} code_class;

/* Codes that may hold animal material: 02 01 02 animal-tissue waste and
 * 02 01 06 manure of agriculture; 02 02 02, 02 02 03 and 02 02 99 of meat and
 * fish processing; 02 05 01 and 02 05 99 of dairies; 04 01 (leather and fur);
 * 20 01 08 kitchen and canteen waste; and the `mat:` codes made of animal
 * material. Sludges of on-site effluent treatment (02 02 04, 02 05 02) are
 * left out: no rule feeds them. Milk products are outside the ban of animal protein
 * for ruminants (Reg. (EC) 999/2001 Annex IV ch. II). */
static const code_class classes[] = {
    {"ewc:020102", SYMBI__LEGAL_ANIMAL},
    {"ewc:020202", SYMBI__LEGAL_ANIMAL},
    {"ewc:020203", SYMBI__LEGAL_ANIMAL},
    {"ewc:020299", SYMBI__LEGAL_ANIMAL},
    {"ewc:020501", SYMBI__LEGAL_ANIMAL | SYMBI__LEGAL_MILK},
    {"ewc:020599", SYMBI__LEGAL_ANIMAL | SYMBI__LEGAL_MILK},
    {"ewc:0401", SYMBI__LEGAL_ANIMAL},
    {"ewc:200108", SYMBI__LEGAL_ANIMAL | SYMBI__LEGAL_CATERING},
    {"mat:substrate.slaughter", SYMBI__LEGAL_ANIMAL},
    {"mat:substrate.fish-silage", SYMBI__LEGAL_ANIMAL},
    {"mat:substrate.whey", SYMBI__LEGAL_ANIMAL | SYMBI__LEGAL_MILK},
    {"mat:feed.whey", SYMBI__LEGAL_ANIMAL | SYMBI__LEGAL_MILK},
    {"mat:feed.whey-dried", SYMBI__LEGAL_ANIMAL | SYMBI__LEGAL_MILK},
    {"mat:feed.fish-meal", SYMBI__LEGAL_ANIMAL},
    {"mat:feed.fish-oil", SYMBI__LEGAL_ANIMAL},
    {"mat:food.fat", SYMBI__LEGAL_ANIMAL},
    /* Manure: category 2 by law; see symbi__legal_gate. */
    {"ewc:020106", SYMBI__LEGAL_ANIMAL | SYMBI__LEGAL_MANURE},
    {"mat:substrate.manure", SYMBI__LEGAL_ANIMAL | SYMBI__LEGAL_MANURE},
    {"mat:fertiliser.manure", SYMBI__LEGAL_ANIMAL | SYMBI__LEGAL_MANURE},
    /* What the receiver does with it. */
    {"mat:feed", SYMBI__LEGAL_FEED},
    {"mat:food", SYMBI__LEGAL_FOOD},
    {"mat:fertiliser", SYMBI__LEGAL_FERTILISER},
    {"mat:substrate", SYMBI__LEGAL_NOT_FEED | SYMBI__LEGAL_SUBSTRATE},
    {"mat:fuel", SYMBI__LEGAL_NOT_FEED},
    {"mat:biofuel", SYMBI__LEGAL_NOT_FEED},
    {"energy:fuel-gas", SYMBI__LEGAL_NOT_FEED},
    {"water:fresh", SYMBI__LEGAL_DRINKING},
    {"water:treated", SYMBI__LEGAL_LOW_WATER},
    {"water:waste", SYMBI__LEGAL_LOW_WATER},
    {"water:cooling", SYMBI__LEGAL_LOW_WATER},
};

int symbi__legal_classify(symbi_kb *kb)
{
	uint16_t *own = calloc(kb->ncodes ? kb->ncodes : 1, sizeof *own);
	if (!own)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++) {
		int32_t c = symbi_kb_find(kb, classes[i].code);
		if (c >= 0)
			own[c] |= (uint16_t)classes[i].flags;
	}
	uint16_t *fl = calloc(kb->ncodes ? kb->ncodes : 1, sizeof *fl);
	if (!fl) {
		free(own);
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < kb->ncodes; i++) {
		const symbi_code *c = &kb->codes[i];
		uint16_t f = 0;
		for (int32_t a = (int32_t)i; a >= 0; a = kb->codes[a].parent)
			f |= own[a];
		if (c->hazardous && !c->is_group)
			f |= SYMBI__LEGAL_HAZARDOUS;
		fl[i] |= f;
	}
	/* Groups holding hazardous entries. */
	for (size_t i = 0; i < kb->ncodes; i++)
		if (fl[i] & SYMBI__LEGAL_HAZARDOUS)
			for (int32_t a = kb->codes[i].parent; a >= 0; a = kb->codes[a].parent)
				fl[a] |= SYMBI__LEGAL_HAZ_GROUP;
	free(own);
	free(kb->legal);
	kb->legal = fl;
	return 0;
}

unsigned symbi__legal_flags(const symbi_kb *kb, int32_t c)
{
	if (c < 0 || !kb->legal || (size_t)c >= kb->ncodes)
		return 0;
	return kb->legal[c];
}
