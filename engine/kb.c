/*
 * kb.c: the knowledge base in memory — resource codes and their hierarchy,
 * code normalisation and suggestions, rules and factors, and the work done
 * once loading is over (inherited figures, the rule index). Reading the
 * shipped CSV files and the user's files is in kb_load.c.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "evidence.h"
#include "internal.h"
#include "words.h"
#include "legal.h"

/* ==== Life cycle ================================================================= */

int symbi_kb_new(symbi_kb **out)
{
	*out = NULL;
	symbi_kb *kb = calloc(1, sizeof *kb);
	if (!kb)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	*out = kb;
	return 0;
}

void symbi_kb_free(symbi_kb *kb)
{
	if (!kb)
		return;
	free(kb->codes);
	free(kb->given);
	free(kb->rules);
	free(kb->factors);
	free(kb->rule_off);
	free(kb->rule_idx);
	free(kb->legal);
	free(kb->munis);
	free(kb->muni_folded);
	free(kb->muni_forms);
	symbi__map_clear(&kb->rule_keys);
	free(kb->equiv);
	free(kb->equiv_of);
	symbi__map_clear(&kb->code_index);
	symbi__map_clear(&kb->factor_index);
	symbi__arena_clear(&kb->arena);
	symbi__evidence_free(kb->evidence);
	free(kb);
}

/* ==== Codes ======================================================================== */

int32_t symbi__kb_add_code(symbi_kb *kb, const char *code, const char *name, int32_t parent,
                           symbi_class cls, symbi_dim dim)
{
	if (kb->finished)
		return symbi__error(SYMBI_EINPUT, "knowledge base already finished");
	int32_t i = symbi__map_get(&kb->code_index, code);
	if (i >= 0) {
		symbi_code *c = &kb->codes[i];
		if (c->cls != cls || c->dim != dim)
			return symbi__error(SYMBI_EINPUT,
			                    "'%s' defined again as %s/%s, first as %s/%s", code,
			                    symbi_class_name(cls), symbi_dim_name(dim),
			                    symbi_class_name(c->cls), symbi_dim_name(c->dim));
		if (name && *name && (!c->name || !*c->name)) {
			const char *copy = symbi__arena_strdup(&kb->arena, name);
			if (!copy)
				return symbi__error(SYMBI_ENOMEM, "out of memory");
			c->name = copy;
		}
		return i;
	}
	if (parent < -1 || (parent >= 0 && (size_t)parent >= kb->ncodes))
		return symbi__error(SYMBI_EINTERNAL, "'%s': parent index out of range", code);
	if (kb->ncodes >= INT32_MAX - 1)
		return symbi__error(SYMBI_ELIMIT, "too many resource codes");
	size_t capgiven = kb->capcodes;
	if (symbi__grow((void **)&kb->codes, &kb->capcodes, kb->ncodes + 1, sizeof *kb->codes))
		return SYMBI_ENOMEM;
	if (capgiven != kb->capcodes) {
		uint8_t *g = realloc(kb->given, kb->capcodes);
		if (!g)
			return symbi__error(SYMBI_ENOMEM, "out of memory");
		kb->given = g;
	}
	symbi_code *c = &kb->codes[kb->ncodes];
	memset(c, 0, sizeof *c);
	c->code = symbi__arena_strdup(&kb->arena, code);
	c->name = symbi__arena_strdup(&kb->arena, name ? name : "");
	c->label_no = "";
	c->synonyms = "";
	if (!c->code || !c->name)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	c->parent = parent;
	c->depth = parent >= 0 ? (uint8_t)(kb->codes[parent].depth + 1) : 0;
	if (parent >= 0 && kb->codes[parent].depth == UINT8_MAX)
		return symbi__error(SYMBI_EINPUT, "'%s': hierarchy deeper than 255 levels", code);
	c->cls = cls;
	c->dim = dim;
	c->radius_km = NAN;
	c->transport_nok_per_unit_km = NAN;
	c->transport_co2e_kg_per_unit_km = NAN;
	c->avoided_co2e_kg_per_unit = NAN;
	c->price_nok_per_unit = NAN;
	c->disposal_nok_per_unit = NAN;
	i = (int32_t)kb->ncodes;
	if (symbi__map_put(&kb->code_index, c->code, i))
		return SYMBI_ENOMEM;
	kb->given[kb->ncodes] = 0;
	kb->ncodes++;
	return i;
}

size_t symbi_kb_code_count(const symbi_kb *kb)
{
	return kb->ncodes;
}

const symbi_code *symbi_kb_code(const symbi_kb *kb, int32_t i)
{
	return i >= 0 && (size_t)i < kb->ncodes ? &kb->codes[i] : NULL;
}

int32_t symbi_kb_find(const symbi_kb *kb, const char *code)
{
	return code ? symbi__map_get(&kb->code_index, code) : -1;
}

/* Walks up from `code`: O(depth), at most 255 steps. */
bool symbi_kb_is_ancestor(const symbi_kb *kb, int32_t anc, int32_t code)
{
	if (anc < 0 || code < 0 || (size_t)anc >= kb->ncodes || (size_t)code >= kb->ncodes)
		return false;
	uint8_t d = kb->codes[anc].depth;
	while (code >= 0 && kb->codes[code].depth > d)
		code = kb->codes[code].parent;
	return code == anc;
}

/* ==== Normalisation =================================================================
 * docs/contract.md section 2. EWC codes: an optional `ewc:` prefix, then 2, 4 or 6
 * digits, written together or in pairs separated by spaces, and for a
 * 6-digit entry an optional trailing `*` (the hazardous mark of the official
 * list, which the code itself does not keep). Every other code is
 * `prefix:name(.name)*`, lowercased, where the prefix is a lowercase word and
 * each name a run of letters, digits, `-` and `_`: the shipped vocabulary
 * uses the prefixes energy, water, gas and mat, and a user taxonomy may add
 * its own classes of codes under new prefixes. Whether the code is known is
 * for the knowledge base to say, not for this function. */

static int normalise_ewc(const char *p, char *buf, size_t size)
{
	char digits[6];
	size_t nd = 0;
	bool star = false;
	while (*p) {
		if (*p == ' ' || *p == '\t') {
			p++;
			continue;
		}
		if (star)
			return SYMBI_EINPUT; /* text after the '*' */
		if (*p == '*') {
			star = true;
			p++;
			continue;
		}
		/* A run of digits must be whole pairs: "03 01 05", not "0 30105". */
		size_t run = 0;
		while (isdigit((unsigned char)p[run]))
			run++;
		if (run == 0 || run % 2 || nd + run > 6)
			return SYMBI_EINPUT;
		memcpy(digits + nd, p, run);
		nd += run;
		p += run;
	}
	if (nd != 2 && nd != 4 && nd != 6)
		return SYMBI_EINPUT;
	if (star && nd != 6)
		return SYMBI_EINPUT;
	if (size < 5 + nd)
		return SYMBI_EINPUT;
	memcpy(buf, "ewc:", 4);
	memcpy(buf + 4, digits, nd);
	buf[4 + nd] = '\0';
	return 0;
}

static bool name_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

int symbi_code_normalise(const char *in, char *buf, size_t size)
{
	if (!in || !buf || size == 0)
		return SYMBI_EINPUT;
	buf[0] = '\0';
	const char *p = in;
	while (*p == ' ' || *p == '\t')
		p++;
	size_t n = strlen(p);
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	if (n == 0)
		return SYMBI_EINPUT;
	if (isdigit((unsigned char)*p)) {
		char tmp[64];
		if (n >= sizeof tmp)
			return SYMBI_EINPUT;
		memcpy(tmp, p, n);
		tmp[n] = '\0';
		return normalise_ewc(tmp, buf, size);
	}
	if (n >= size)
		return SYMBI_EINPUT;
	/* Prefix: a lowercase word before the first ':'. */
	size_t o = 0, i = 0;
	while (i < n && p[i] != ':') {
		int c = tolower((unsigned char)p[i]);
		if (c < 'a' || c > 'z')
			return SYMBI_EINPUT;
		buf[o++] = (char)c;
		i++;
	}
	if (i == 0 || i == n)
		return SYMBI_EINPUT;
	buf[o] = '\0';
	if (strcmp(buf, "ewc") == 0) {
		char tmp[64];
		if (n - i - 1 >= sizeof tmp)
			return SYMBI_EINPUT;
		memcpy(tmp, p + i + 1, n - i - 1);
		tmp[n - i - 1] = '\0';
		int rc = normalise_ewc(tmp, buf, size);
		if (rc)
			buf[0] = '\0';
		return rc;
	}
	buf[o++] = ':';
	i++;
	/* Names separated by single dots, none empty. */
	size_t seg = 0;
	for (; i < n; i++) {
		int c = tolower((unsigned char)p[i]);
		if (c == '.') {
			if (seg == 0)
				goto bad;
			seg = 0;
		} else if (name_char(c)) {
			seg++;
		} else {
			goto bad;
		}
		buf[o++] = (char)c;
	}
	if (seg == 0)
		goto bad;
	buf[o] = '\0';
	return 0;
bad:
	buf[0] = '\0';
	return SYMBI_EINPUT;
}

/* ==== Suggestions ====================================================================
 * Levenshtein distance (symbi__levenshtein, words.c), O(|a| |b|) time per
 * pair; over every known code that is O(N L^2) for N codes of
 * length L, well under a millisecond for the few thousand codes shipped. A
 * code whose last dotted name equals the one typed (`mat:gypsum` for
 * `mat:mineral.gypsum`) counts as distance 1 whatever the path before it. */

static const char *last_name(const char *code)
{
	const char *dot = strrchr(code, '.');
	const char *colon = strchr(code, ':');
	return dot ? dot + 1 : colon ? colon + 1 : code;
}

static size_t prefix_len(const char *code)
{
	const char *colon = strchr(code, ':');
	return colon ? (size_t)(colon - code) : 0;
}

static size_t common_prefix(const char *a, const char *b)
{
	size_t n = 0;
	while (a[n] && a[n] == b[n])
		n++;
	return n;
}

size_t symbi__suggest_strings(const char *bad, const char *const *cands, size_t ncands, size_t *out,
                              size_t max)
{
	if (max == 0 || !bad)
		return 0;
	/* Too far is more than a third of the typed text (at least 2 edits). */
	size_t len = strlen(bad);
	size_t cap = len / 3 > 2 ? len / 3 : 2;
	size_t n = 0;
	size_t dist[16], shared[16];
	if (max > 16)
		max = 16;
	const char *bad_last = last_name(bad);
	size_t bad_pre = prefix_len(bad);
	for (size_t i = 0; i < ncands; i++) {
		const char *c = cands[i];
		if (!c || strcmp(c, bad) == 0)
			continue;
		size_t lc = strlen(c), cpre = prefix_len(c), d;
		if (bad_pre && bad_pre == cpre && strncmp(bad, c, bad_pre) == 0 &&
		    strcmp(bad_last, last_name(c)) == 0)
			d = 1;
		else if ((lc > len ? lc - len : len - lc) > cap)
			continue; /* at least that many insertions or deletions */
		else
			d = symbi__levenshtein(bad, c, cap);
		if (d > cap)
			continue;
		size_t s = common_prefix(bad, c);
		/* Insertion into the sorted top list: distance, then longer shared
		 * prefix, then the code itself so ties never depend on load order. */
		size_t k = n;
		while (k > 0) {
			const char *o = cands[out[k - 1]];
			bool before =
			    d < dist[k - 1] ||
			    (d == dist[k - 1] &&
			     (s > shared[k - 1] || (s == shared[k - 1] && strcmp(c, o) < 0)));
			if (!before)
				break;
			k--;
		}
		if (k >= max)
			continue;
		size_t last = n < max ? n : max - 1;
		for (size_t m = last; m > k; m--) {
			out[m] = out[m - 1];
			dist[m] = dist[m - 1];
			shared[m] = shared[m - 1];
		}
		out[k] = i;
		dist[k] = d;
		shared[k] = s;
		if (n < max)
			n++;
	}
	return n;
}

size_t symbi_kb_suggest(const symbi_kb *kb, const char *bad, int32_t *out, size_t max)
{
	if (!kb || !bad || !out || max == 0 || kb->ncodes == 0)
		return 0;
	char norm[128];
	if (symbi_code_normalise(bad, norm, sizeof norm) != 0) {
		/* Malformed: compare it lowercased without spaces, and digits as
		 * the EWC code they were probably meant to be. */
		size_t o = 0;
		if (isdigit((unsigned char)*bad))
			o = (size_t)snprintf(norm, sizeof norm, "ewc:");
		for (size_t i = 0; bad[i] && o < sizeof norm - 1; i++)
			if (bad[i] != ' ' && bad[i] != '\t' && bad[i] != '*')
				norm[o++] = (char)tolower((unsigned char)bad[i]);
		norm[o] = '\0';
	}
	const char **cands = malloc(kb->ncodes * sizeof *cands);
	if (!cands)
		return 0;
	for (size_t i = 0; i < kb->ncodes; i++)
		cands[i] = kb->codes[i].code;
	size_t idx[16];
	size_t n = symbi__suggest_strings(norm, cands, kb->ncodes, idx, max > 16 ? 16 : max);
	for (size_t i = 0; i < n; i++)
		out[i] = (int32_t)idx[i];
	free(cands);
	return n;
}

/* ==== Rules and factors ================================================================== */

size_t symbi_kb_rule_count(const symbi_kb *kb)
{
	return kb->nrules;
}

const symbi_rule *symbi_kb_rule(const symbi_kb *kb, size_t i)
{
	return i < kb->nrules ? &kb->rules[i] : NULL;
}

size_t symbi_kb_factor_count(const symbi_kb *kb)
{
	return kb->nfactors;
}

const symbi_factor *symbi_kb_factor(const symbi_kb *kb, size_t i)
{
	return i < kb->nfactors ? &kb->factors[i] : NULL;
}

const symbi_factor *symbi_kb_find_factor(const symbi_kb *kb, const char *key)
{
	int32_t i = key ? symbi__map_get(&kb->factor_index, key) : -1;
	return i >= 0 ? &kb->factors[i] : NULL;
}

size_t symbi__kb_rules_from(const symbi_kb *kb, int32_t code, const uint32_t **out)
{
	*out = NULL;
	if (!kb->finished || code < 0 || (size_t)code >= kb->ncodes || !kb->rule_off)
		return 0;
	uint32_t a = kb->rule_off[code], b = kb->rule_off[code + 1];
	*out = kb->rule_idx + a;
	return b - a;
}

bool symbi__kb_nace_matches(const char *prefix, const char *nace)
{
	char p[16], n[16];
	if (!prefix || !nace || symbi__nace_normalise(prefix, p, sizeof p) ||
	    symbi__nace_normalise(nace, n, sizeof n))
		return false;
	/* Dotted NACE codes are positional: "16" is a prefix of "16.10", "16.1"
	 * of "16.10", and no normalised code continues a division without its
	 * dot, so a string prefix is a hierarchy prefix. */
	size_t lp = strlen(p);
	return strncmp(p, n, lp) == 0;
}

/* ==== Finishing ============================================================================
 * Figures are inherited down the hierarchy in one pass: a parent is always
 * added before its children (symbi__kb_add_code requires the parent to
 * exist), so index order is a topological order. O(codes + rules). */

int symbi_kb_finish(symbi_kb *kb, symbi_diags *diags)
{
	(void)diags;
	if (kb->finished)
		return symbi__error(SYMBI_EINPUT, "knowledge base already finished");
	for (size_t i = 0; i < kb->ncodes; i++) {
		symbi_code *c = &kb->codes[i];
		if (c->parent < 0)
			continue;
		const symbi_code *p = &kb->codes[c->parent];
		uint8_t g = kb->given[i];
		if (!(g & SYMBI__GIVEN_RADIUS)) {
			c->radius_km = p->radius_km;
			c->radius_source = p->radius_source;
		}
		if (!(g & SYMBI__GIVEN_TRANSPORT_NOK))
			c->transport_nok_per_unit_km = p->transport_nok_per_unit_km;
		if (!(g & SYMBI__GIVEN_TRANSPORT_CO2E))
			c->transport_co2e_kg_per_unit_km = p->transport_co2e_kg_per_unit_km;
		if (!(g & (SYMBI__GIVEN_TRANSPORT_NOK | SYMBI__GIVEN_TRANSPORT_CO2E)))
			c->transport_source = p->transport_source;
		if (!(g & SYMBI__GIVEN_AVOIDED_CO2E)) {
			c->avoided_co2e_kg_per_unit = p->avoided_co2e_kg_per_unit;
			c->co2e_source = p->co2e_source;
		}
		if (!(g & SYMBI__GIVEN_PRICE))
			c->price_nok_per_unit = p->price_nok_per_unit;
		if (!(g & SYMBI__GIVEN_DISPOSAL))
			c->disposal_nok_per_unit = p->disposal_nok_per_unit;
		if (!(g & (SYMBI__GIVEN_PRICE | SYMBI__GIVEN_DISPOSAL)))
			c->price_source = p->price_source;
	}

	/* Equivalences by code; a later line for the same code wins (a user
	 * file overrides the shipped one). */
	int32_t *eq = malloc((kb->ncodes ? kb->ncodes : 1) * sizeof *eq);
	if (!eq)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	for (size_t c = 0; c < kb->ncodes; c++)
		eq[c] = -1;
	for (size_t k = 0; k < kb->nequiv; k++)
		eq[kb->equiv[k].code] = (int32_t)k;
	free(kb->equiv_of);
	kb->equiv_of = eq;

	/* Rule index by `from`, counting sort: stable, so rules indexed on one
	 * code keep their load order. */
	if (kb->nrules > UINT32_MAX - 1)
		return symbi__error(SYMBI_ELIMIT, "too many rules");
	size_t bytes;
	if (!symbi__mul(kb->ncodes + 1, sizeof *kb->rule_off, &bytes) ||
	    !symbi__mul(kb->nrules + 1, sizeof *kb->rule_idx, &bytes))
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	uint32_t *off = calloc(kb->ncodes + 1, sizeof *off);
	uint32_t *idx = malloc((kb->nrules ? kb->nrules : 1) * sizeof *idx);
	if (!off || !idx) {
		free(off);
		free(idx);
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	}
	for (size_t r = 0; r < kb->nrules; r++)
		off[kb->rules[r].from + 1]++;
	for (size_t c = 0; c < kb->ncodes; c++)
		off[c + 1] += off[c];
	uint32_t *fill = malloc((kb->ncodes ? kb->ncodes : 1) * sizeof *fill);
	if (!fill) {
		free(off);
		free(idx);
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	}
	memcpy(fill, off, kb->ncodes * sizeof *fill);
	for (size_t r = 0; r < kb->nrules; r++)
		idx[fill[kb->rules[r].from]++] = (uint32_t)r;
	free(fill);
	if (kb->evidence) {
		int rc = symbi__evidence_finish(kb->evidence, kb);
		if (rc) {
			free(off);
			free(idx);
			return rc;
		}
	}
	free(kb->rule_off);
	free(kb->rule_idx);
	kb->rule_off = off;
	kb->rule_idx = idx;
	int rc = symbi__legal_classify(kb);
	if (rc)
		return rc;
	kb->finished = true;
	return 0;
}
