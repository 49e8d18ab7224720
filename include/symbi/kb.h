/*
 * kb.h: the knowledge base — resource codes, their hierarchy and defaults,
 * the rules saying which outputs can feed which inputs, and the scorer's
 * factors. Loaded from the shipped `datasets/` folder and extended with user
 * files; every figure keeps its source so the output can cite it.
 */
#ifndef SYMBI_KB_H
#define SYMBI_KB_H

#include <stdio.h>

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct symbi_kb symbi_kb;

/* One resource code. EWC codes come with their chapter (`ewc:03`) and
 * sub-chapter (`ewc:0301`) as ancestors; `mat:` codes with their dotted
 * parents. Figures are per base unit of `dim`; NAN when neither the code nor
 * an ancestor nor the class gives one. */
typedef struct symbi_code {
	const char *code;    /* normalised: "ewc:030105", "mat:biofuel.pellets" */
	const char *name;
	int32_t parent;      /* index of the parent code, -1 at the top */
	uint8_t depth;       /* 0 at the top */
	symbi_class cls;
	symbi_dim dim;
	bool hazardous;      /* EWC entries marked hazardous in the official list */
	bool is_group;       /* an EWC chapter or sub-chapter, not an entry */
	double radius_km;
	double transport_nok_per_unit_km;
	double transport_co2e_kg_per_unit_km;
	double avoided_co2e_kg_per_unit;
	double price_nok_per_unit;
	double disposal_nok_per_unit;
	/* Where the figure comes from: the source given with it on this code
	 * or, for an inherited figure, on the ancestor that gave it; NULL when
	 * no code gives one (the class default in scoring.csv then applies). */
	const char *radius_source;
	const char *transport_source;
	const char *co2e_source;
	const char *price_source;
	/* Norwegian name and search words ("myse; whey"), "" when none: from
	 * labels_no.csv (datasets/: the project's own translations). */
	const char *label_no;
	const char *synonyms;
} symbi_code;

/* A rule of docs/contract.md section 3. A substitution rule has `to` >= 0 and `nace`
 * NULL; a sector-potential rule has `to` == -1 and `nace` a dotted NACE prefix
 * ("35.30", "16"). When `from_dim`/`to_dim` differ the yield converts between
 * dimensions (demand base units per supply base unit). */
typedef struct symbi_rule {
	int32_t from;
	int32_t to;
	const char *nace;
	double yield;
	symbi_dim from_dim; /* SYMBI_DIM_NONE: the code's own */
	symbi_dim to_dim;
	const char *source;
	uint32_t support;   /* documented cases behind a learned rule, 0 if curated */
	const char *file;
	uint32_t line;
	/* What the exchange needs (permit, certificate, category, grade or
	 * treatment) with its source; NULL when the rule states none. */
	const char *conditions;
	/* The conversion the receiving firm must perform itself for the rule to
	 * apply ("anaerobic-digestion"), NULL for none (README "What symbi will
	 * never propose"). */
	const char *process;
} symbi_rule;

/* One scorer factor from scoring.csv or a --config file. */
typedef struct symbi_factor {
	const char *key;
	double value;
	const char *unit;
	const char *source;
} symbi_factor;

int symbi_kb_new(symbi_kb **out);
void symbi_kb_free(symbi_kb *kb);

/* Load the shipped knowledge base from `dir`: ewc.csv, resources.csv,
 * scoring.csv, rules.csv and rules_learned.csv (each optional except
 * ewc.csv). Problems go to `diags`; returns SYMBI_EINPUT if any is an error. */
int symbi_kb_load_dir(symbi_kb *kb, const char *dir, symbi_diags *diags);
/* Single files, same formats (datasets/FORMATS.md). User files extend what is
 * loaded; a code defined twice with different class or dimension, or a rule
 * naming an unknown code, is an error. */
int symbi_kb_load_ewc(symbi_kb *kb, const char *path, symbi_diags *diags);
int symbi_kb_load_taxonomy(symbi_kb *kb, const char *path, symbi_diags *diags);
int symbi_kb_load_rules(symbi_kb *kb, const char *path, symbi_diags *diags);
int symbi_kb_load_scoring(symbi_kb *kb, const char *path, symbi_diags *diags);
/* Material equivalences (columns code, material, source; optional note): a
 * code that is exactly that material takes the material's avoided-emission
 * figure when it has none of its own. Both codes must be known and of the
 * same dimension; every line needs a source. */
int symbi_kb_load_equivalences(symbi_kb *kb, const char *path, symbi_diags *diags);
/* A table of documented exchanges (datasets/FORMATS.md, exchanges_*.csv):
 * the evidence behind the sector likelihoods of sector potential. */
int symbi_kb_load_exchanges(symbi_kb *kb, const char *path, symbi_diags *diags);
/* Known miscodings of the exchanges tables (datasets/FORMATS.md,
 * exchange_corrections.csv: case_id, ewc, receiver_nace, action drop|recode,
 * to_ewc, reason): read before the tables, applied to their `ewc` codes, as
 * `symbi learn --corrections` applies them. A dropped row whose
 * `to_resource` names what it really is stays dropped here: the flows table
 * holds it under that code. */
int symbi_kb_load_exchange_corrections(symbi_kb *kb, const char *path, symbi_diags *diags);
/* A JSON object of factor overrides, {"road.detour_factor": 1.25, ...}. */
int symbi_kb_load_config(symbi_kb *kb, const char *path, symbi_diags *diags);

/* Resolve inherited figures and index the rules. Call once after loading and
 * before building datasets or matching; loading more afterwards is an error. */
int symbi_kb_finish(symbi_kb *kb, symbi_diags *diags);

size_t symbi_kb_code_count(const symbi_kb *kb);
const symbi_code *symbi_kb_code(const symbi_kb *kb, int32_t i);
/* Index of a normalised code, or -1. */
int32_t symbi_kb_find(const symbi_kb *kb, const char *code);
/* True when `anc` is `code` or one of its ancestors. */
bool symbi_kb_is_ancestor(const symbi_kb *kb, int32_t anc, int32_t code);

/* Normalise any accepted spelling of a resource code (docs/contract.md section 2:
 * "ewc:030105", "ewc:03 01 05", "03 01 05", "030105*", "ewc:03", "MAT:Feed")
 * into `buf`. Returns 0, or SYMBI_EINPUT when the text is not a well-formed
 * code (it may still be unknown to the knowledge base). */
int symbi_code_normalise(const char *in, char *buf, size_t size);

/* Up to `max` known codes closest to `bad` (edit distance, then shared
 * prefix), most similar first. Returns how many were written. */
size_t symbi_kb_suggest(const symbi_kb *kb, const char *bad, int32_t *out, size_t max);

/* ---- Finding codes by word ---------------------------------------------------- */

/* Read Norwegian labels and search words for known codes (columns code,
 * label_no, synonyms; datasets/labels_no.csv). An unknown code is an error. */
int symbi_kb_load_labels(symbi_kb *kb, const char *path, symbi_diags *diags);

typedef struct symbi_code_hit {
	int32_t code;
	int32_t score; /* higher is better; see kb_search.c */
} symbi_code_hit;

/* The codes best described by `words` (English or Norwegian; every word
 * must be found, in the code, its name, Norwegian label or search words, or
 * — weighing less — the names of its parents), best first: by score, then
 * the more specific code, then the code's text, so the order never depends
 * on load order. A word of 4 letters or more also matches the start or the
 * inside of a longer word ("slakt" finds "slakteavfall"); when no code holds
 * every word, words within an edit or two are tried. Writes up to `max`
 * hits; returns how many. `supply_only` leaves out the EWC chapters and
 * sub-chapters a supply may not name. O(codes x text). */
size_t symbi_kb_search(const symbi_kb *kb, const char *const *words, size_t nwords,
                       bool supply_only, symbi_code_hit *out, size_t max);

size_t symbi_kb_rule_count(const symbi_kb *kb);
const symbi_rule *symbi_kb_rule(const symbi_kb *kb, size_t i);

size_t symbi_kb_factor_count(const symbi_kb *kb);
const symbi_factor *symbi_kb_factor(const symbi_kb *kb, size_t i);
/* Value of a factor by key; returns NULL when absent. */
const symbi_factor *symbi_kb_find_factor(const symbi_kb *kb, const char *key);

#ifdef __cplusplus
}
#endif
#endif
