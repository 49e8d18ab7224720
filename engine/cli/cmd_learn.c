/*
 * cmd_learn.c: `symbi learn EXCHANGES.csv [-o rules.csv]` derives
 * sector-potential rules from a table of documented exchanges, and
 * `symbi learn --coverage EXCHANGES.csv` measures, case by case, how many of
 * a case's exchanges the rules learned from the other cases would propose.
 */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage_text[] =
    "symbi learn EXCHANGES.csv [-o RULES.csv] [--min-support N] [--nace-digits 2|3|4]\n"
    "       [--subchapters] [--exclude-case ID] [--corrections FILE] [--coverage]";

static const char description[] =
    "Derive sector-potential rules (from = an EWC code, nace = the receivers' NACE\n"
    "prefix) from a table of documented exchanges with the columns case_id, ewc and\n"
    "receiver_nace (exchange_id, provider_nace, status, source optional; several codes\n"
    "in one field joined with ';'). A rule's support is the number of distinct cases\n"
    "behind it; its source lists the cases and their citations. Output: a rules CSV\n"
    "(datasets/FORMATS.md) to stdout or -o FILE, sorted by from, then nace. A rule that\n"
    "would send a hazardous entry of the List of Waste to farming, aquaculture, food\n"
    "and drink or water supply is refused and reported.\n"
    "\n"
    "With --coverage, leave each case out in turn, learn from the others, and print\n"
    "per case (CSV) how many of its exchanges a learned rule covers, and how many a\n"
    "learned or hand-curated sector rule covers (the curated ones: rules.csv of the\n"
    "knowledge base folder and any --rules FILE).";

static int load_kb(const char *dir, bool curated, const cli_list *rules, size_t max_errors,
                   bool quiet, symbi_kb **out)
{
	symbi_kb *kb = NULL;
	symbi_diags *d = NULL;
	int status = EXIT_OK, rc;
	char path[4096];
	*out = NULL;
	if (symbi_diags_new(&d, max_errors) || symbi_kb_new(&kb)) {
		status = cli_fail(SYMBI_ENOMEM, NULL);
		goto done;
	}
	snprintf(path, sizeof path, "%s/ewc.csv", dir);
	rc = symbi_kb_load_ewc(kb, path, d);
	if (!rc && curated) {
		/* The curated rules may name mat: and energy: codes. Not
		 * rules_learned.csv: it was learned from the very cases held out. */
		snprintf(path, sizeof path, "%s/resources.csv", dir);
		FILE *f = fopen(path, "rb");
		if (f) {
			fclose(f);
			rc = symbi_kb_load_taxonomy(kb, path, d);
		}
		snprintf(path, sizeof path, "%s/rules.csv", dir);
		f = fopen(path, "rb");
		if (!rc && f) {
			fclose(f);
			rc = symbi_kb_load_rules(kb, path, d);
		} else if (f) {
			fclose(f);
		}
		for (size_t i = 0; !rc && i < rules->n; i++)
			rc = symbi_kb_load_rules(kb, rules->items[i], d);
	}
	if (!rc)
		rc = symbi_kb_finish(kb, d);
	if (rc || symbi_diags_errors(d)) {
		cli_print_diags(d);
		if (!symbi_diags_errors(d))
			fprintf(stderr, "symbi learn: knowledge base in '%s': %s\n", dir,
			        symbi_last_error());
		status = rc == SYMBI_ENOMEM ? EXIT_FAILURE_ : EXIT_DATA;
		goto done;
	}
	if (!quiet)
		cli_print_diags(d);
	*out = kb;
	kb = NULL;
done:
	symbi_kb_free(kb);
	symbi_diags_free(d);
	return status;
}

/* One CSV field through libcsv, quoted only when it has to be. */
static int put_field(FILE *f, const char *s)
{
	size_t n = strlen(s);
	if (strpbrk(s, ",\"\r\n") || (n && (s[0] == ' ' || s[n - 1] == ' ')))
		return csv_fwrite(f, s, n) == EOF ? -1 : 0;
	return fwrite(s, 1, n, f) == n ? 0 : -1;
}

static double pct(unsigned long part, unsigned long whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

static int print_coverage(FILE *f, const symbi_coverage *cov, bool quiet)
{
	unsigned long ex = 0, lo = 0, all = 0, kb = 0;
	if (fprintf(f, "case_id,exchanges,covered_learned,covered_learned_curated,"
	               "share_learned,share_learned_curated,covered_curated,share_curated\n") < 0)
		return -1;
	for (size_t i = 0; i < symbi_coverage_count(cov); i++) {
		const symbi_coverage_case *c = symbi_coverage_get(cov, i);
		ex += c->exchanges;
		lo += c->covered_learned;
		all += c->covered_all;
		kb += c->covered_kb;
		/* Case ids come from the table: quote them like any CSV field. */
		if (put_field(f, c->case_id) != 0 ||
		    fprintf(f, ",%u,%u,%u,%.1f,%.1f,%u,%.1f\n", c->exchanges, c->covered_learned,
		            c->covered_all, pct(c->covered_learned, c->exchanges),
		            pct(c->covered_all, c->exchanges), c->covered_kb,
		            pct(c->covered_kb, c->exchanges)) < 0)
			return -1;
	}
	if (fprintf(f, "total,%lu,%lu,%lu,%.1f,%.1f,%lu,%.1f\n", ex, lo, all, pct(lo, ex),
	            pct(all, ex), kb, pct(kb, ex)) < 0)
		return -1;
	if (!quiet)
		fprintf(stderr,
		        "symbi learn: leave-one-case-out coverage over %zu cases, %lu exchanges: "
		        "learned rules %.1f%%, learned and curated %.1f%% (curated alone %.1f%%)\n",
		        symbi_coverage_count(cov), ex, pct(lo, ex), pct(all, ex), pct(kb, ex));
	return 0;
}

/* As cli_load does: problems in the input are exit 3 (a table that cannot
 * be opened included), a bad option 2, the rest 1. */
static int fail(int rc, const symbi_diags *d)
{
	if (rc != SYMBI_ENOMEM && symbi_diags_errors(d)) {
		fprintf(stderr, "symbi learn: %s\n", symbi_last_error());
		return EXIT_DATA;
	}
	return cli_fail(rc, "learn");
}

int cmd_learn(int argc, char **argv)
{
	size_t min_support = 1, sub_support = 0, max_errors = 50;
	int nace_digits = 2;
	bool subchapters = false, coverage = false, quiet = false;
	const char *exclude = NULL, *output = NULL, *datadir = NULL, *source_name = NULL;
	const char *corrections = NULL;
	cli_list rules = {{0}, 0};
	const cli_opt opts[] = {
	    {"output", 'o', OPT_STRING, &output, "FILE", "write the rules to FILE (atomically)"},
	    {"min-support", 0, OPT_SIZE, &min_support, "N", "cases a rule needs (1)"},
	    {"nace-digits", 0, OPT_INT, &nace_digits, "N",
	     "receiver NACE digits kept: 2 division (default), 3 group, 4 class"},
	    {"subchapters", 0, OPT_FLAG, &subchapters, NULL,
	     "also learn EWC sub-chapter rules (they replace the code rules they cover)"},
	    {"subchapter-support", 0, OPT_SIZE, &sub_support, "N",
	     "cases a sub-chapter rule needs (2; and two different codes)"},
	    {"exclude-case", 0, OPT_STRING, &exclude, "ID", "leave this case out"},
	    {"source-name", 0, OPT_STRING, &source_name, "TEXT",
	     "the table's name in each rule's source (default: its file name)"},
	    {"corrections", 0, OPT_STRING, &corrections, "FILE",
	     "recode or drop known miscodings of the table first (each row with its reason)"},
	    {"coverage", 0, OPT_FLAG, &coverage, NULL,
	     "print leave-one-case-out coverage per case instead of rules"},
	    {"rules", 0, OPT_LIST, &rules, "FILE",
	     "with --coverage: more curated rules (repeatable)"},
	    {"datadir", 0, OPT_STRING, &datadir, "DIR", "the shipped knowledge base folder"},
	    {"max-errors", 0, OPT_SIZE, &max_errors, "N",
	     "input errors shown before counting (50)"},
	    {"quiet", 'q', OPT_FLAG, &quiet, NULL, "no summary on stderr"},
	    {NULL, 0, OPT_FLAG, NULL, NULL, NULL},
	};
	const char *pos[2];
	size_t npos;
	int rc = cli_parse(argc, argv, usage_text, description, opts, NULL, pos, 1, &npos);
	if (rc < 0)
		return fflush(stdout) == 0 ? EXIT_OK : EXIT_FAILURE_;
	if (rc)
		return rc;
	if (npos != 1) {
		fprintf(stderr, "symbi learn: no exchanges table given\nusage: %s\n", usage_text);
		return EXIT_USAGE;
	}
	if (nace_digits < 2 || nace_digits > 4) {
		fprintf(stderr, "symbi learn: option '--nace-digits' must be 2, 3 or 4, not %d\n",
		        nace_digits);
		return EXIT_USAGE;
	}
	if (min_support < 1 || min_support > UINT32_MAX || sub_support > UINT32_MAX) {
		fprintf(stderr, "symbi learn: option '--min-support' must be at least 1\n");
		return EXIT_USAGE;
	}
	if (coverage && exclude) {
		fprintf(stderr,
		        "symbi learn: '--exclude-case' and '--coverage' do not go together\n");
		return EXIT_USAGE;
	}
	if (!coverage && rules.n) {
		fprintf(stderr, "symbi learn: '--rules' is for '--coverage' only\n");
		return EXIT_USAGE;
	}

	cli_common common;
	cli_common_init(&common);
	common.datadir = datadir;
	const char *dir = cli_datadir(&common);
	symbi_kb *kb = NULL;
	int status = load_kb(dir, coverage, &rules, max_errors, quiet, &kb);
	if (status)
		return status;

	symbi_learn_options lo = SYMBI_LEARN_OPTIONS_INIT;
	lo.min_support = (uint32_t)min_support;
	lo.nace_digits = nace_digits;
	lo.subchapter_rules = subchapters;
	lo.subchapter_min_support = (uint32_t)sub_support;
	lo.exclude_case = exclude;
	lo.kb = kb;
	lo.source_name = source_name;
	lo.corrections = corrections;

	symbi_diags *d = NULL;
	symbi_coverage *cov = NULL;
	cli_out out = {0};
	if (symbi_diags_new(&d, max_errors)) {
		status = cli_fail(SYMBI_ENOMEM, NULL);
		goto done;
	}
	if (coverage) {
		rc = symbi_learn_coverage(&cov, pos[0], &lo, d);
		if (rc || !quiet)
			cli_print_diags(d);
		if (rc) {
			status = fail(rc, d);
			goto done;
		}
		if ((status = cli_out_open(&out, output)) != 0)
			goto done;
		if (print_coverage(out.f, cov, quiet) != 0) {
			cli_out_abort(&out);
			fprintf(stderr, "symbi learn: write error\n");
			status = EXIT_FAILURE_;
			goto done;
		}
		status = cli_out_commit(&out);
		goto done;
	}
	if ((status = cli_out_open(&out, output)) != 0)
		goto done;
	rc = symbi_learn_write(pos[0], out.f, &lo, d);
	if (rc || !quiet)
		cli_print_diags(d);
	if (rc) {
		cli_out_abort(&out);
		status = fail(rc, d);
		goto done;
	}
	status = cli_out_commit(&out);
done:
	symbi_coverage_free(cov);
	symbi_diags_free(d);
	symbi_kb_free(kb);
	return status;
}
