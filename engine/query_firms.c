/*
 * query_firms.c: the firms a query names (query_firms.h).
 */
#include <string.h>

#include <cjson/cJSON.h>

#include "query_firms.h"

int symbi__query_municipality(const symbi_kb *kb, const symbi_match_options *opt, int32_t *out)
{
	*out = -1;
	if (!opt->municipality)
		return 0;
	int32_t found[4];
	size_t n = symbi_kb_find_municipalities(kb, opt->municipality, found, 4);
	if (n == 1) {
		*out = found[0];
		return 0;
	}
	char list[400] = "";
	size_t used = 0;
	if (n == 0)
		n = symbi_kb_suggest_municipality(kb, opt->municipality, found, 3);
	else if (n > 4)
		n = 4;
	for (size_t i = 0; i < n && used < sizeof list; i++) {
		const symbi_municipality *m = symbi_kb_municipality(kb, (size_t)found[i]);
		int w = snprintf(list + used, sizeof list - used, "%s'%s' (%s)", i ? ", " : "", m->name,
		                 m->number);
		if (w < 0)
			break;
		used += (size_t)w;
	}
	if (symbi_kb_find_municipalities(kb, opt->municipality, NULL, 0) > 1)
		return symbi__error(SYMBI_EQUERY,
		                    "municipality '%s' names several municipalities: give the number "
		                    "(%s)",
		                    opt->municipality, list);
	if (symbi_kb_municipality_count(kb) == 0)
		return symbi__error(SYMBI_EQUERY,
		                    "municipality '%s': the knowledge base has no municipality table",
		                    opt->municipality);
	return symbi__error(SYMBI_EQUERY,
	                    "municipality '%s' is not a Norwegian municipality%s%s%s",
	                    opt->municipality, n ? " (did you mean " : "", list, n ? "?)" : "");
}

bool symbi__query_has_firm(const symbi_kb *kb, const symbi_match_options *opt, int32_t muni,
                           const symbi_firm *F)
{
	if (opt->firm && strcmp(F->id, opt->firm) == 0)
		return true;
	for (size_t i = 0; i < opt->nfirms; i++)
		if (opt->firms[i] && strcmp(F->id, opt->firms[i]) == 0)
			return true;
	if (muni >= 0 && F->municipality) {
		int32_t found[4];
		size_t n = symbi_kb_find_municipalities(kb, F->municipality, found, 4);
		for (size_t i = 0; i < n && i < 4; i++)
			if (found[i] == muni)
				return true;
	}
	return false;
}

int symbi__query_firms_copy(symbi__arena *a, symbi_match_options *o)
{
	if (o->municipality && !(o->municipality = symbi__arena_strdup(a, o->municipality)))
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	if (!o->nfirms) {
		o->firms = NULL;
		return 0;
	}
	if (o->nfirms > SIZE_MAX / sizeof(char *))
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	const char **ids = symbi__arena_alloc(a, o->nfirms * sizeof *ids);
	if (!ids)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	for (size_t i = 0; i < o->nfirms; i++)
		if (o->firms[i] && !(ids[i] = symbi__arena_strdup(a, o->firms[i])))
			return symbi__error(SYMBI_ENOMEM, "out of memory");
		else if (!o->firms[i])
			ids[i] = NULL;
	o->firms = ids;
	return 0;
}

bool symbi__query_firms_json(void *obj, const symbi_match_options *o)
{
	cJSON *j = obj;
	if (o->nfirms) {
		cJSON *a = cJSON_AddArrayToObject(j, "firms");
		for (size_t i = 0; a && i < o->nfirms; i++)
			if (o->firms[i] && !cJSON_AddItemToArray(a, cJSON_CreateString(o->firms[i])))
				return false;
		if (!a)
			return false;
	}
	return !o->municipality || cJSON_AddStringToObject(j, "municipality", o->municipality);
}
