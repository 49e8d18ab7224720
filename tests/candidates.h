/*
 * candidates.h: what the tests that compare two runs of the matcher share —
 * loading the shipped knowledge base and a dataset folder, and comparing
 * candidates field by field, the doubles bit for bit.
 */
#ifndef SYMBI_TESTS_CANDIDATES_H
#define SYMBI_TESTS_CANDIDATES_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/internal.h"
#include "symbi_config.h"
#include "unit.h"

/* Field by field: the doubles bit for bit. */
static inline bool same_candidate(const symbi_candidate *a, const symbi_candidate *b)
{
	return a->supply == b->supply && a->demand == b->demand && a->supplier == b->supplier &&
	       a->receiver == b->receiver && a->rule == b->rule &&
	       a->receiver_code == b->receiver_code && a->basis == b->basis && a->mode == b->mode &&
	       a->dim == b->dim && same_double(a->yield, b->yield) &&
	       same_double(a->quantity, b->quantity) && same_double(a->supply_used, b->supply_used) &&
	       same_double(a->distance_km, b->distance_km) && same_double(a->route_km, b->route_km) &&
	       same_double(a->radius_km, b->radius_km) &&
	       same_double(a->transport_nok, b->transport_nok) &&
	       same_double(a->transport_co2e_t, b->transport_co2e_t) &&
	       same_double(a->avoided_disposal_nok, b->avoided_disposal_nok) &&
	       same_double(a->avoided_purchase_nok, b->avoided_purchase_nok) &&
	       same_double(a->avoided_co2e_t, b->avoided_co2e_t) &&
	       same_double(a->value_nok, b->value_nok) && same_double(a->co2e_t, b->co2e_t) &&
	       same_double(a->score, b->score) && same_double(a->allocated, b->allocated) &&
	       same_double(a->evidence, b->evidence) && a->flags == b->flags;
}

/* The shipped knowledge base's folder: $SYMBI_DATADIR, else the source tree's. */
static inline const char *shipped_datadir(void)
{
	const char *dir = getenv("SYMBI_DATADIR");
	return dir && *dir ? dir : SYMBI_SOURCE_DATADIR;
}

/* The shipped knowledge base, finished; exits 100 when it does not load. */
static inline symbi_kb *load_shipped_kb(void)
{
	symbi_kb *kb = NULL;
	symbi_diags *d = NULL;
	if (symbi_diags_new(&d, 5) || symbi_kb_new(&kb) ||
	    symbi_kb_load_dir(kb, shipped_datadir(), d) || symbi_kb_finish(kb, d)) {
		fprintf(stderr, "cannot load the knowledge base: %s\n", symbi_last_error());
		exit(100);
	}
	symbi_diags_free(d);
	return kb;
}

/* DIR/firms.csv and DIR/streams.csv over `kb`; exits 100 when they do not load. */
static inline symbi_dataset *load_dataset_dir(const symbi_kb *kb, const char *dir)
{
	char f[1024], s[1024];
	snprintf(f, sizeof f, "%s/firms.csv", dir);
	snprintf(s, sizeof s, "%s/streams.csv", dir);
	symbi_dataset *ds = NULL;
	symbi_diags *d = NULL;
	if (symbi_diags_new(&d, 5) || symbi_dataset_new(&ds, kb) || symbi_dataset_load(ds, f, s, d)) {
		fprintf(stderr, "cannot load %s: %s\n", dir, symbi_last_error());
		exit(100);
	}
	symbi_diags_free(d);
	return ds;
}

#endif
