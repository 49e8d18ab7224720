/*
 * dataset_names.c: finding firms by the name a person types (`--firm
 * "Vestheim Sag"`), and the nearest names when none has it.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "words.h"

/* `s` without the spaces at its ends, into buf (truncated to size - 1). */
static const char *trimmed(const char *s, char *buf, size_t size)
{
	while (*s == ' ')
		s++;
	size_t n = strlen(s);
	while (n && s[n - 1] == ' ')
		n--;
	if (n >= size)
		n = size - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return buf;
}

size_t symbi_dataset_find_firms_named(const symbi_dataset *ds, const char *name, uint32_t *out,
                                      size_t max)
{
	char want[512], have[512];
	if (!ds || !name)
		return 0;
	trimmed(name, want, sizeof want);
	if (!*want)
		return 0;
	size_t n = 0;
	for (size_t f = 0; f < ds->nfirms; f++)
		if (symbi__word_casecmp(trimmed(ds->firms[f].name, have, sizeof have), want) == 0) {
			if (n < max)
				out[n] = (uint32_t)f;
			n++;
		}
	return n;
}

size_t symbi_dataset_suggest_firms(const symbi_dataset *ds, const char *text, uint32_t *out,
                                   size_t max)
{
	if (!ds || !text || !ds->nfirms || max == 0)
		return 0;
	/* Names and ids, folded as the exact search compares them: firm f's
	 * name is candidate 2f, its id 2f + 1. */
	symbi__arena a = {0};
	const char **cands = malloc(2 * ds->nfirms * sizeof *cands);
	char *bad = symbi__fold_dup(&a, text);
	size_t idx[16], n = 0, got = 0;
	if (cands && bad) {
		bool ok = true;
		for (size_t f = 0; ok && f < ds->nfirms; f++) {
			cands[2 * f] = symbi__fold_dup(&a, ds->firms[f].name);
			cands[2 * f + 1] = symbi__fold_dup(&a, ds->firms[f].id);
			ok = cands[2 * f] && cands[2 * f + 1];
		}
		if (ok)
			n = symbi__suggest_strings(bad, cands, 2 * ds->nfirms, idx, max > 16 ? 16 : max);
	}
	/* One firm once, though its name and its id were both near. */
	for (size_t i = 0; i < n; i++) {
		uint32_t f = (uint32_t)(idx[i] / 2);
		bool seen = false;
		for (size_t k = 0; k < got; k++)
			seen = seen || out[k] == f;
		if (!seen)
			out[got++] = f;
	}
	free(cands);
	symbi__arena_clear(&a);
	return got;
}
