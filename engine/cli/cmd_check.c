/*
 * cmd_check.c: `symbi check DATASET` — validate a dataset, report every
 * problem on stderr and print what it holds on stdout (text, or JSON with
 * --json). Exit 0 when valid (warnings allowed), 3 on any input error.
 */
#include <stdio.h>

#include "cli.h"

static const char usage[] = "symbi check [OPTIONS] DATASET";
static const char description[] =
    "Check a dataset (a folder with firms.csv and streams.csv) against the input\n"
    "rules and summarise it: firms, streams, supplies and demands per resource\n"
    "class and region, the most common resources, the quantities offered and\n"
    "needed. Every problem is reported on stderr as FILE:LINE: error: MESSAGE\n"
    "(up to --max-errors); warnings point at suspicious but legal values.\n"
    "\n"
    "Exit status: 0 valid (warnings allowed), 2 usage error, 3 bad input data,\n"
    "1 any other failure.";

int cmd_check(int argc, char **argv)
{
	cli_common common;
	cli_common_init(&common);
	bool json = false;
	const cli_opt opts[] = {
	    {"json", 0, OPT_FLAG, &json, NULL, "print the summary as JSON"},
	    {NULL, 0, OPT_FLAG, NULL, NULL, NULL},
	};
	const char *positional[1];
	size_t npos;
	int status = cli_parse(argc, argv, usage, description, opts, &common, positional, 1, &npos);
	if (status < 0)
		return fflush(stdout) == 0 ? EXIT_OK : EXIT_FAILURE_;
	if (status)
		return status;

	symbi_kb *kb = NULL;
	symbi_dataset *ds = NULL;
	symbi_diags *diags = NULL;
	symbi_summary *sum = NULL;
	status = cli_load(&common, &kb, &ds, &diags);
	if (status)
		return status; /* diagnostics already printed */
	if (!common.quiet)
		cli_print_diags(diags);

	int rc = symbi_summary_new(&sum, ds);
	if (rc) {
		status = cli_fail(rc, "summary");
		goto done;
	}
	cli_out out;
	status = cli_out_open(&out, common.output);
	if (status)
		goto done;
	if (json) {
		rc = symbi_summary_write_check_json(out.f, sum, diags);
	} else {
		size_t w = symbi_diags_warnings(diags);
		const char *name = common.dataset    ? common.dataset
		                   : common.firms.n ? common.firms.items[0]
		                                    : common.add.items[0];
		rc = fprintf(out.f, "%s: valid, %zu warning%s\n\n", name, w, w == 1 ? "" : "s") < 0
		         ? SYMBI_EIO
		         : symbi_summary_write_text(out.f, sum);
	}
	if (rc) {
		cli_out_abort(&out);
		status = cli_fail(rc, "writing the summary");
		goto done;
	}
	status = cli_out_commit(&out);
done:
	symbi_summary_free(sum);
	symbi_diags_free(diags);
	symbi_dataset_free(ds);
	symbi_kb_free(kb);
	return status;
}
