/*
 * legal.h: what the legal gate (legal.c) knows about codes, NACE classes and
 * processes, for the loaders and `check`. The gate itself is declared in
 * pair.h (symbi__legal_gate). Private to the engine.
 */
#ifndef SYMBI_LEGAL_H
#define SYMBI_LEGAL_H

#include "internal.h"

/* Per-code legal classes, computed once by symbi__legal_classify (called by
 * symbi_kb_finish) into kb->legal; a code inherits the classes of its
 * ancestors, except SYMBI__LEGAL_HAZARDOUS (the entry itself) and
 * SYMBI__LEGAL_HAZ_GROUP (a chapter or sub-chapter holding hazardous
 * entries). */
enum {
	SYMBI__LEGAL_HAZARDOUS = 1u << 0,  /* hazardous List of Waste entry ('*') */
	SYMBI__LEGAL_HAZ_GROUP = 1u << 1,  /* group with hazardous entries below it */
	SYMBI__LEGAL_ANIMAL = 1u << 2,     /* may hold animal by-products (Reg. 1069/2009) */
	SYMBI__LEGAL_MILK = 1u << 3,       /* milk products: outside the ruminant ban */
	SYMBI__LEGAL_CATERING = 1u << 4,   /* catering (kitchen and canteen) waste */
	SYMBI__LEGAL_FEED = 1u << 5,       /* delivered as feed or pet food */
	SYMBI__LEGAL_FOOD = 1u << 6,       /* delivered as food */
	SYMBI__LEGAL_FERTILISER = 1u << 7, /* delivered as fertiliser or to land */
	SYMBI__LEGAL_DRINKING = 1u << 8,   /* water of drinking or food-process quality */
	SYMBI__LEGAL_LOW_WATER = 1u << 9,  /* treated, waste or cooling water */
	SYMBI__LEGAL_NOT_FEED = 1u << 10,  /* digester substrate, fuel, energy: not eaten */
	SYMBI__LEGAL_SUBSTRATE = 1u << 11, /* digester or compost substrate */
	SYMBI__LEGAL_MANURE = 1u << 12     /* manure: category 2 by law (Art. 9(a)) */
};

/* Fill kb->legal (one uint16_t per code). Returns 0 or SYMBI_ENOMEM. */
int symbi__legal_classify(symbi_kb *kb);
/* The classes of code `c` (0 before symbi__legal_classify or for c < 0). */
unsigned symbi__legal_flags(const symbi_kb *kb, int32_t c);

/* NACE classes of the gates, NULL-terminated lists of dotted prefixes. */
extern const char *const symbi__legal_hazard_protected[];    /* 01-03, 10, 11, 20.15, 36, 81.3 */
extern const char *const symbi__legal_food_and_water[];      /* 10, 11, 36 */
extern const char *const symbi__legal_feed_receivers[];      /* 01.4, 01.5, 03, 10, 11 */
extern const char *const symbi__legal_land[];                /* 01, 02, 81.3: land */
extern const char *const symbi__legal_farms[];               /* 01, 03 */
extern const char *const symbi__legal_hazardous_treatment[]; /* 38.22 */
extern const char *const symbi__legal_category1_receivers[]; /* 38.22, 35.11, 23.51 */

/* Whether a code of the ';'- or ','-separated NACE list `list` (NULL: none)
 * lies under one of `prefixes`; and the same for a firm's NACE codes. */
bool symbi__legal_nace_list_under(const char *list, const char *const *prefixes);
bool symbi__legal_firm_under(const symbi_firm *B, const char *const *prefixes);

/* What the law asks of candidate `c` beyond what its rule states: for a
 * hazardous entry (or a group holding hazardous entries) handed over by a way
 * whose rule carries no conditions (sector potential, a demand for the very
 * entry), the permit, tracking and no-mixing conditions of Dir. 2008/98/EC
 * Arts. 17, 18, 23 as one sentence (static text; bokmål when `bokmal`);
 * NULL when nothing is to be added. */
const char *symbi__legal_conditions(const symbi_kb *kb, const symbi_dataset *ds,
                                    const symbi_candidate *c, bool bokmal);

/* A process a converting rule names, and the NACE classes of the firms that
 * perform it. */
typedef struct symbi__legal_process {
	const char *name;
	const char *const *nace;
} symbi__legal_process;
/* The process called `name`, NULL when unknown. */
const symbi__legal_process *symbi__legal_find_process(const char *name);
/* Whether `name` is a known process, and the known names joined with ", "
 * (static text), for the rules loader. */
bool symbi__legal_process_known(const char *name);
const char *symbi__legal_process_names(void);

#endif
