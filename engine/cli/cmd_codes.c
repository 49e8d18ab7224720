/*
 * cmd_codes.c: `symbi codes WORD...` — find resource codes by word, in
 * English or Norwegian, and show what each can feed. The search itself is
 * the library's (symbi_kb_search, kb_search.c); the loader's suggestions
 * for a resource that is not a code use the same search.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage[] = "symbi codes [OPTIONS] WORD...";
static const char description[] =
    "Find resource codes by word, in English or Norwegian: the code, its name and\n"
    "Norwegian label, search words and the names of its chapter are searched, and\n"
    "every word must be found (a word of 4 letters or more also matches the start or\n"
    "inside of a longer word; a misspelt word is tried within an edit or two when\n"
    "nothing else matches). For each code found: its name, whether the List of Waste\n"
    "marks it hazardous, and what it can feed by the rules of the knowledge base\n"
    "(another code, or firms of a NACE sector). Best match first; ties by the more\n"
    "specific code, then the code.\n"
    "\n"
    "Examples: symbi codes sawdust;  symbi codes myse;  symbi codes spent grain\n"
    "\n"
    "Exit status: 0 found, 1 nothing found or other failure, 2 usage error.";

/* What a code can feed: the rules whose `from` is the code or one of its
 * ancestors (a rule on a chapter covers its entries), in rule order,
 * without repeats; at most `max` listed. */
static void print_feeds(FILE *f, const symbi_kb *kb, int32_t code, size_t max)
{
	size_t n = symbi_kb_rule_count(kb), shown = 0, more = 0;
	const symbi_rule *seen[64];
	size_t nseen = 0;
	fputs("    can feed:", f);
	for (size_t r = 0; r < n; r++) {
		const symbi_rule *rule = symbi_kb_rule(kb, r);
		if (!symbi_kb_is_ancestor(kb, rule->from, code))
			continue;
		bool dup = false;
		for (size_t k = 0; k < nseen && !dup; k++)
			dup = seen[k]->to == rule->to &&
			      (rule->to >= 0 || strcmp(seen[k]->nace ? seen[k]->nace : "",
			                               rule->nace ? rule->nace : "") == 0);
		if (dup)
			continue;
		if (nseen < sizeof seen / sizeof *seen)
			seen[nseen++] = rule;
		if (shown == max) {
			more++;
			continue;
		}
		if (rule->to >= 0)
			fprintf(f, "%s %s", shown ? ";" : "", symbi_kb_code(kb, rule->to)->code);
		else
			fprintf(f, "%s firms in NACE %s", shown ? ";" : "", rule->nace);
		shown++;
	}
	if (shown == 0)
		fputs(" no rule names it (a demand for the same code or a parent still matches)", f);
	if (more)
		fprintf(f, "; and %zu more", more);
	fputc('\n', f);
}

int cmd_codes(int argc, char **argv)
{
	cli_common common;
	cli_common_init(&common);
	size_t max = 10;
	bool supply = false;
	const cli_opt opts[] = {
	    {"max", 'n', OPT_SIZE, &max, "N", "show at most N codes (10)"},
	    {"supply", 0, OPT_FLAG, &supply, NULL,
	     "only codes a supply may name (no EWC chapters or sub-chapters)"},
	    {NULL, 0, OPT_FLAG, NULL, NULL, NULL},
	};
	const char *words[16];
	size_t nwords;
	int status = cli_parse(argc, argv, usage, description, opts, &common, words, 16, &nwords);
	if (status < 0)
		return fflush(stdout) == 0 ? EXIT_OK : EXIT_FAILURE_;
	if (status)
		return status;
	common.dataset = NULL; /* the words are not a dataset */
	if (nwords == 0 || max == 0) {
		fprintf(stderr, "symbi codes: give at least one WORD (and --max N > 0)\n%s\n", usage);
		return EXIT_USAGE;
	}
	symbi_kb *kb = NULL;
	status = cli_load(&common, &kb, NULL, NULL);
	if (status)
		return status;
	symbi_code_hit hits[64];
	size_t n = symbi_kb_search(kb, words, nwords, supply, hits, max < 64 ? max : 64);
	if (n == 0) {
		fprintf(stderr, "symbi codes: no code found for '");
		for (size_t i = 0; i < nwords; i++)
			fprintf(stderr, "%s%s", i ? " " : "", words[i]);
		fprintf(stderr, "'\n");
		symbi_kb_free(kb);
		return EXIT_FAILURE_;
	}
	cli_out out;
	status = cli_out_open(&out, common.output);
	if (status) {
		symbi_kb_free(kb);
		return status;
	}
	for (size_t i = 0; i < n; i++) {
		const symbi_code *c = symbi_kb_code(kb, hits[i].code);
		fprintf(out.f, "%s  %s", c->code, c->name);
		if (c->label_no && *c->label_no)
			fprintf(out.f, " (%s)", c->label_no);
		fputc('\n', out.f);
		fprintf(out.f, "    hazardous: %s%s\n", c->hazardous ? "yes" : "no",
		        c->is_group ? "; a chapter or sub-chapter: only a demand may name it" : "");
		print_feeds(out.f, kb, hits[i].code, 8);
	}
	status = cli_out_commit(&out);
	symbi_kb_free(kb);
	return status;
}
