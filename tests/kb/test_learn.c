/*
 * test_learn.c: `symbi learn` on a hand-made table of 3 cases and 6
 * exchanges (fixtures/exchanges_small.csv), with the rules and support
 * counts worked out by hand, and leave-one-case-out coverage on it.
 *
 *   case 3:  030105 -> 16.21, 030105 -> 35.11            (Author A 2010)
 *   case 17: 030105 -> 16.29, 100105 -> 23.62            (Author B 2012)
 *   case 5:  030101 -> C16.21, 100105;100102 -> 23.51    (Author C 2015)
 */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/internal.h"
#include "fixture.h"
#include "unit.h"


/* Learn into memory; returns the text (caller frees) or NULL. */
static char *learn(const symbi_learn_options *o, const char *table, int *rc_out, symbi_diags **dout)
{
	symbi_diags *d = NULL;
	CHECK(symbi_diags_new(&d, 50) == 0);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	CHECK(f != NULL);
	int rc = symbi_learn_write(fx(table), f, o, d);
	fclose(f);
	*rc_out = rc;
	if (dout)
		*dout = d;
	else
		symbi_diags_free(d);
	return buf;
}

static const char header[] = "from,to,nace,yield,source,from_unit,to_unit,support,note\n";

int main(void)
{
	fixture_init();
	int rc;

	/* Division precision, support 1. */
	symbi_learn_options o = SYMBI_LEARN_OPTIONS_INIT;
	o.source_name = "TESTDB";
	char *out = learn(&o, "exchanges_small.csv", &rc, NULL);
	CHECK_EQ_INT(rc, 0);
	CHECK_STR(out,
	          "from,to,nace,yield,source,from_unit,to_unit,support,note\n"
	          "ewc:030101,,16,1,TESTDB (case 5; Author C 2015),,,1,learned: 1 exchange\n"
	          "ewc:030105,,16,1,\"TESTDB (cases 3, 17; Author A 2010; Author B 2012)\",,,2,"
	          "learned: 2 exchanges\n"
	          "ewc:030105,,35,1,TESTDB (case 3; Author A 2010),,,1,learned: 1 exchange\n"
	          "ewc:100102,,23,1,TESTDB (case 5; Author C 2015),,,1,learned: 1 exchange\n"
	          "ewc:100105,,23,1,\"TESTDB (cases 5, 17; Author C 2015; Author B 2012)\",,,2,"
	          "learned: 2 exchanges\n");
	free(out);

	/* Same input, same bytes. */
	char *again = learn(&o, "exchanges_small.csv", &rc, NULL);
	out = learn(&o, "exchanges_small.csv", &rc, NULL);
	CHECK_STR(out, again);
	free(out);
	free(again);

	/* At least two cases. */
	o.min_support = 2;
	out = learn(&o, "exchanges_small.csv", &rc, NULL);
	CHECK_EQ_INT(rc, 0);
	CHECK(out && strstr(out, "ewc:030105,,16,1,") && strstr(out, "ewc:100105,,23,1,"));
	CHECK(out && !strstr(out, "ewc:030101") && !strstr(out, ",35,"));
	CHECK(out && strlen(out) > sizeof header &&
	      strchr(strchr(strchr(out, '\n') + 1, '\n') + 1, '\n') &&
	      strchr(strchr(strchr(out, '\n') + 1, '\n') + 1, '\n')[1] == '\0'); /* 2 rules */
	free(out);

	/* Class precision: the receivers' 4-digit codes, 7 rules. */
	o.min_support = 1;
	o.nace_digits = 4;
	out = learn(&o, "exchanges_small.csv", &rc, NULL);
	CHECK_EQ_INT(rc, 0);
	size_t lines = 0;
	for (const char *p = out; p && *p; p++)
		lines += *p == '\n';
	CHECK_EQ_INT(lines, 8);
	CHECK(out && strstr(out, "ewc:030101,,16.21,1,TESTDB (case 5; Author C 2015),,,1,"));
	CHECK(out && strstr(out, "ewc:030105,,16.21,1,TESTDB (case 3; Author A 2010),,,1,"));
	CHECK(out && strstr(out, "ewc:030105,,16.29,1,TESTDB (case 17; Author B 2012),,,1,"));
	CHECK(out && strstr(out, "ewc:100105,,23.51,") && strstr(out, "ewc:100105,,23.62,"));
	free(out);

	/* Sub-chapter rules: 0301 -> 16 (cases 3, 5, 17; codes 030101 and
	 * 030105) and 1001 -> 23 (cases 5, 17; 100102 and 100105) replace the
	 * four code rules beneath them. */
	o.nace_digits = 2;
	o.subchapter_rules = true;
	out = learn(&o, "exchanges_small.csv", &rc, NULL);
	CHECK_EQ_INT(rc, 0);
	CHECK_STR(out, "from,to,nace,yield,source,from_unit,to_unit,support,note\n"
	               "ewc:0301,,16,1,\"TESTDB (cases 3, 5, 17; Author A 2010; Author C 2015; "
	               "Author B 2012)\",,,3,learned: 3 exchanges of 2 codes of the sub-chapter\n"
	               "ewc:030105,,35,1,TESTDB (case 3; Author A 2010),,,1,learned: 1 exchange\n"
	               "ewc:1001,,23,1,\"TESTDB (cases 5, 17; Author C 2015; Author B 2012)\",,,2,"
	               "learned: 2 exchanges of 2 codes of the sub-chapter\n");
	free(out);
	/* Three cases needed: only 0301 -> 16 is general enough. */
	o.subchapter_min_support = 3;
	out = learn(&o, "exchanges_small.csv", &rc, NULL);
	CHECK(out && strstr(out, "ewc:0301,,16,") && !strstr(out, "ewc:1001,") &&
	      strstr(out, "ewc:100105,,23,"));
	free(out);
	o.subchapter_min_support = 0;
	o.subchapter_rules = false;

	/* Leaving case 17 out; the default source name. */
	o.exclude_case = "17";
	o.source_name = NULL;
	out = learn(&o, "exchanges_small.csv", &rc, NULL);
	CHECK_EQ_INT(rc, 0);
	CHECK(out && strstr(out, "ewc:030105,,16,1,documented exchanges in exchanges_small.csv "
	                         "(case 3; Author A 2010),,,1,"));
	CHECK(out && strstr(out, "ewc:100105,,23,1,documented exchanges in exchanges_small.csv "
	                         "(case 5; Author C 2015),,,1,"));
	CHECK(out && !strstr(out, "Author B"));
	free(out);
	o.exclude_case = "99";
	out = learn(&o, "exchanges_small.csv", &rc, NULL);
	CHECK_EQ_INT(rc, SYMBI_EQUERY);
	free(out);
	o.exclude_case = NULL;

	/* Bad rows, with the knowledge base checking the codes. */
	symbi_kb *kb = NULL;
	symbi_diags *d = NULL;
	CHECK(symbi_diags_new(&d, 50) == 0 && symbi_kb_new(&kb) == 0);
	CHECK_EQ_INT(symbi_kb_load_dir(kb, fx("kbdir"), d), 0);
	CHECK_EQ_INT(symbi_kb_finish(kb, d), 0);
	symbi_diags_free(d);
	o.kb = kb;
	out = learn(&o, "exchanges_bad.csv", &rc, &d);
	CHECK_EQ_INT(rc, SYMBI_EINPUT);
	CHECK(out && *out == '\0'); /* nothing written */
	CHECK_EQ_INT(symbi_diags_errors(d), 4);
	CHECK_EQ_INT(symbi_diags_warnings(d), 1);
	static const struct {
		uint32_t line;
		const char *text;
	} want[] = {{3, "'0301xx' is not an EWC code"},
	            {4, "missing case_id"},
	            {5, "'04.10' is not a NACE Rev. 2 code"},
	            {6, "unknown EWC code 'ewc:030199' (did you mean 'ewc:0301'?)"},
	            {7, "no receiver_nace"}};
	for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
		bool found = false;
		for (size_t k = 0; k < symbi_diags_count(d); k++) {
			const symbi_diag *g = symbi_diags_get(d, k);
			found =
			    found || (g->line == want[i].line && strstr(g->message, want[i].text) &&
			              strstr(g->file, "exchanges_bad.csv"));
		}
		if (!found)
			fprintf(stderr, "missing diagnostic %u: %s\n", want[i].line, want[i].text);
		CHECK(found);
	}
	symbi_diags_free(d);
	free(out);
	out = learn(&o, "exchanges_nocol.csv", &rc, &d);
	CHECK_EQ_INT(rc, SYMBI_EINPUT);
	CHECK(symbi_diags_count(d) == 1 && symbi_diags_get(d, 0)->line == 1 &&
	      strstr(symbi_diags_get(d, 0)->message, "missing column 'receiver_nace'"));
	symbi_diags_free(d);
	free(out);
	o.nace_digits = 5;
	out = learn(&o, "exchanges_small.csv", &rc, NULL);
	CHECK_EQ_INT(rc, SYMBI_EQUERY);
	free(out);
	o.nace_digits = 2;

	/* Coverage, worked out by hand. Holding out case 3, the others teach
	 * 030105->16 (17), 030101->16, 100102->23, 100105->23: 16.21 is
	 * covered, 35.11 not. Holding out 17: both covered by cases 3 and 5.
	 * Holding out 5: 030101 is never seen elsewhere, 100105->23 covers the
	 * second exchange. The curated ewc:0301 -> 16 covers every 16.xx
	 * exchange, and ewc:100105 -> 23.62 the one to 23.62 (not 23.51). */
	symbi_coverage *cov = NULL;
	CHECK(symbi_diags_new(&d, 50) == 0);
	CHECK_EQ_INT(symbi_learn_coverage(&cov, fx("exchanges_small.csv"), &o, d), 0);
	CHECK_EQ_INT(symbi_coverage_count(cov), 3);
	static const struct {
		const char *id;
		uint32_t ex, learned, all, kb;
	} cw[] = {{"3", 2, 1, 1, 1}, {"17", 2, 2, 2, 2}, {"5", 2, 1, 2, 1}};
	for (size_t i = 0; i < 3 && symbi_coverage_count(cov) == 3; i++) {
		const symbi_coverage_case *c = symbi_coverage_get(cov, i);
		CHECK_STR(c->case_id, cw[i].id);
		CHECK_EQ_INT(c->exchanges, cw[i].ex);
		CHECK_EQ_INT(c->covered_learned, cw[i].learned);
		CHECK_EQ_INT(c->covered_all, cw[i].all);
		CHECK_EQ_INT(c->covered_kb, cw[i].kb);
	}
	CHECK(symbi_coverage_get(cov, 3) == NULL);
	symbi_coverage_free(cov);
	symbi_diags_free(d);
	o.kb = NULL;
	CHECK_EQ_INT(symbi_learn_coverage(&cov, fx("exchanges_small.csv"), &o, NULL), SYMBI_EQUERY);
	CHECK(cov == NULL);

	/* The file is written whole or not at all. */
	char dir[] = "/tmp/symbi-learn-XXXXXX";
	CHECK(mkdtemp(dir) != NULL);
	char path[256];
	snprintf(path, sizeof path, "%s/rules.csv", dir);
	o.source_name = "TESTDB";
	CHECK_EQ_INT(symbi_learn(fx("exchanges_small.csv"), path, &o, NULL), 0);
	struct stat st;
	CHECK(stat(path, &st) == 0 && st.st_size > (off_t)sizeof header);
	off_t size = st.st_size;
	CHECK_EQ_INT(symbi_learn(fx("exchanges_bad.csv"), path, &o, NULL), SYMBI_EINPUT);
	CHECK(stat(path, &st) == 0 && st.st_size == size); /* the earlier file stays */
	unlink(path);
	CHECK(rmdir(dir) == 0); /* no temporary file left behind */

	symbi_kb_free(kb);
	return UNIT_DONE();
}
