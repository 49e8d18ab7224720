/*
 * common.c: option parsing, loading with diagnostics, atomic output and
 * signals for every `symbi` command.
 *
 * Why one file of about 1,050 lines: it is the plumbing every command
 * shares, in banner sections (options, knowledge base location, loading,
 * output, signals and progress, query options), each declared in cli.h.
 * The query options section is the seam to split off (as cli/query.c) once
 * no one has open work in it; at the end of session 5 several helpers did.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "symbi_config.h"

volatile int cli_interrupted;
int (*cli_matcher)(const cli_common *c, cli_query *q, const symbi_dataset *ds,
                   symbi_matches **m);

/* ==== Options ====================================================================== */

void cli_common_init(cli_common *c)
{
	memset(c, 0, sizeof *c);
	c->max_errors = 50;
}

static const cli_opt *common_opts(cli_common *c, cli_opt *buf)
{
	const cli_opt o[] = {
	    {"firms", 0, OPT_LIST, &c->firms, "FILE",
	     "firms CSV or .xlsx, with --streams (repeatable: the pairs are merged)"},
	    {"streams", 0, OPT_LIST, &c->streams, "FILE", "streams CSV or .xlsx of the --firms before"},
	    {"add", 0, OPT_LIST, &c->add, "DIR",
	     "merge in another dataset folder or workbook (repeatable)"},
	    {"rules", 0, OPT_LIST, &c->rules, "FILE", "more rules, added to the shipped ones (repeatable)"},
	    {"taxonomy", 0, OPT_LIST, &c->taxonomy, "FILE", "more resource codes (repeatable)"},
	    {"config", 0, OPT_STRING, &c->config, "FILE", "scorer factors to override (JSON)"},
	    {"datadir", 0, OPT_STRING, &c->datadir, "DIR", "the shipped knowledge base folder"},
	    {"output", 'o', OPT_STRING, &c->output, "FILE", "write the result to FILE (atomically)"},
	    {"max-errors", 0, OPT_SIZE, &c->max_errors, "N", "input errors shown before counting (50)"},
	    {"encoding", 0, OPT_STRING, &c->encoding, "ENC",
	     "of the CSV files: utf-8, windows-1252 or auto (default)"},
	    {"quiet", 'q', OPT_FLAG, &c->quiet, NULL, "no summary or progress on stderr"},
	    {NULL, 0, OPT_FLAG, NULL, NULL, NULL},
	};
	memcpy(buf, o, sizeof o);
	return buf;
}

static void print_opts(FILE *f, const cli_opt *opts)
{
	for (const cli_opt *o = opts; o && o->long_name; o++) {
		char left[64];
		if (o->short_name)
			snprintf(left, sizeof left, "-%c, --%s%s%s", o->short_name, o->long_name,
			         o->arg_name ? " " : "", o->arg_name ? o->arg_name : "");
		else
			snprintf(left, sizeof left, "    --%s%s%s", o->long_name, o->arg_name ? " " : "",
			         o->arg_name ? o->arg_name : "");
		fprintf(f, "  %-28s %s\n", left, o->help);
	}
}

static const cli_opt *find_long(const cli_opt *opts, const char *name, size_t n)
{
	for (const cli_opt *o = opts; o && o->long_name; o++)
		if (strlen(o->long_name) == n && strncmp(o->long_name, name, n) == 0)
			return o;
	return NULL;
}

static const cli_opt *find_short(const cli_opt *opts, char c)
{
	for (const cli_opt *o = opts; o && o->long_name; o++)
		if (o->short_name == c)
			return o;
	return NULL;
}

static int set_opt(const char *cmd, const cli_opt *o, const char *arg)
{
	char *end;
	switch (o->type) {
	case OPT_FLAG:
		*(bool *)o->target = true;
		return 0;
	case OPT_STRING:
		*(const char **)o->target = arg;
		return 0;
	case OPT_LIST: {
		cli_list *l = o->target;
		if (l->n == sizeof l->items / sizeof *l->items) {
			fprintf(stderr, "symbi %s: too many --%s options\n", cmd, o->long_name);
			return EXIT_USAGE;
		}
		l->items[l->n++] = arg;
		return 0;
	}
	case OPT_DOUBLE: {
		errno = 0;
		double v = strtod(arg, &end);
		if (end == arg || *end || errno || v != v) {
			fprintf(stderr, "symbi %s: option '--%s' needs a number, not '%s'\n", cmd,
			        o->long_name, arg);
			return EXIT_USAGE;
		}
		*(double *)o->target = v;
		return 0;
	}
	case OPT_SIZE:
	case OPT_INT: {
		errno = 0;
		long long v = strtoll(arg, &end, 10);
		if (end == arg || *end || errno || v < 0 || (o->type == OPT_INT && v > INT_MAX)) {
			fprintf(stderr, "symbi %s: option '--%s' needs a whole number >= 0, not '%s'\n",
			        cmd, o->long_name, arg);
			return EXIT_USAGE;
		}
		if (o->type == OPT_SIZE)
			*(size_t *)o->target = (size_t)v;
		else
			*(int *)o->target = (int)v;
		return 0;
	}
	}
	return EXIT_USAGE;
}

int cli_parse(int argc, char **argv, const char *usage, const char *description,
              const cli_opt *opts, cli_common *common, const char **positional, size_t max_pos,
              size_t *npos)
{
	cli_opt cbuf[20];
	const cli_opt *copts = common ? common_opts(common, cbuf) : NULL;
	bool help = false;
	const char *cmd = argv[0];
	*npos = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--") == 0) {
			for (i++; i < argc; i++) {
				if (*npos >= max_pos)
					goto too_many;
				positional[(*npos)++] = argv[i];
			}
			break;
		}
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			help = true;
			continue;
		}
		const cli_opt *o = NULL;
		const char *arg = NULL;
		if (a[0] == '-' && a[1] == '-') {
			const char *name = a + 2, *eq = strchr(name, '=');
			size_t n = eq ? (size_t)(eq - name) : strlen(name);
			o = find_long(opts, name, n);
			if (!o)
				o = find_long(copts, name, n);
			if (!o) {
				fprintf(stderr, "symbi %s: unknown option '%.*s'\n", cmd, (int)(n + 2), a);
				goto usage_hint;
			}
			if (eq) {
				if (o->type == OPT_FLAG) {
					fprintf(stderr, "symbi %s: option '--%s' takes no value\n", cmd, o->long_name);
					goto usage_hint;
				}
				arg = eq + 1;
			}
		} else if (a[0] == '-' && a[1] && a[2] == '\0') {
			o = find_short(opts, a[1]);
			if (!o)
				o = find_short(copts, a[1]);
			if (!o) {
				fprintf(stderr, "symbi %s: unknown option '%s'\n", cmd, a);
				goto usage_hint;
			}
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "symbi %s: unknown option '%s'\n", cmd, a);
			goto usage_hint;
		} else {
			if (*npos >= max_pos)
				goto too_many;
			positional[(*npos)++] = a;
			continue;
		}
		if (o->type != OPT_FLAG && !arg) {
			if (i + 1 >= argc) {
				fprintf(stderr, "symbi %s: option '--%s' needs a value\n", cmd, o->long_name);
				goto usage_hint;
			}
			arg = argv[++i];
		}
		int rc = set_opt(cmd, o, arg);
		if (rc)
			goto usage_hint;
	}
	if (help) {
		printf("usage: %s\n\n%s\n", usage, description);
		if (opts && opts->long_name) {
			printf("\noptions:\n");
			print_opts(stdout, opts);
		}
		if (copts) {
			printf("\ninput and output:\n");
			print_opts(stdout, copts);
		}
		printf("  %-28s %s\n", "-h, --help", "show this help");
		return -1;
	}
	if (common) {
		if (*npos == 1 && !common->dataset && max_pos == 1)
			common->dataset = positional[0];
	}
	return 0;
too_many:
	fprintf(stderr, "symbi %s: unexpected argument '%s'\n", cmd, argv[argc - 1]);
usage_hint:
	fprintf(stderr, "usage: %s\nTry 'symbi %s --help'.\n", usage, cmd);
	return EXIT_USAGE;
}

/* ==== Knowledge base location ========================================================== */

static bool has_kb(const char *dir)
{
	char path[PATH_MAX];
	struct stat st;
	if ((size_t)snprintf(path, sizeof path, "%s/ewc.csv", dir) >= sizeof path)
		return false;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

const char *cli_datadir(const cli_common *c)
{
	static char buf[PATH_MAX];
	if (c && c->datadir)
		return c->datadir;
	const char *env = getenv("SYMBI_DATADIR");
	if (env && *env)
		return env;
	/* Installed layout: PREFIX/bin/symbi next to PREFIX/share/symbi. */
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			if ((size_t)snprintf(buf, sizeof buf, "%s/../share/symbi", exe) < sizeof buf &&
			    has_kb(buf))
				return buf;
		}
	}
	if (has_kb(SYMBI_SOURCE_DATADIR))
		return SYMBI_SOURCE_DATADIR;
	return SYMBI_INSTALL_DATADIR;
}

/* ==== Loading ============================================================================== */

void cli_print_diags(const symbi_diags *d)
{
	size_t n = symbi_diags_count(d);
	for (size_t i = 0; i < n; i++) {
		const symbi_diag *g = symbi_diags_get(d, i);
		const char *sev = g->severity == SYMBI_SEV_ERROR ? "error" : "warning";
		if (g->line)
			fprintf(stderr, "%s:%u: %s: %s\n", g->file, g->line, sev, g->message);
		else if (g->file && *g->file)
			fprintf(stderr, "%s: %s: %s\n", g->file, sev, g->message);
		else
			fprintf(stderr, "symbi: %s: %s\n", sev, g->message);
	}
	size_t de = symbi_diags_dropped(d, SYMBI_SEV_ERROR);
	size_t dw = symbi_diags_dropped(d, SYMBI_SEV_WARNING);
	if (de)
		fprintf(stderr, "symbi: ... and %zu more errors\n", de);
	if (dw)
		fprintf(stderr, "symbi: ... and %zu more warnings\n", dw);
	if (symbi_diags_errors(d))
		fprintf(stderr, "symbi: %zu error%s, %zu warning%s\n", symbi_diags_errors(d),
		        symbi_diags_errors(d) == 1 ? "" : "s", symbi_diags_warnings(d),
		        symbi_diags_warnings(d) == 1 ? "" : "s");
}

int cli_fail(int rc, const char *what)
{
	const char *msg = symbi_last_error();
	fprintf(stderr, "symbi: %s%s%s\n", what ? what : "", what && *msg ? ": " : "", msg);
	return cli_exit_status(rc);
}

int cli_exit_status(int rc)
{
	switch (rc) {
	case SYMBI_EINPUT:
		return EXIT_DATA;
	case SYMBI_EQUERY:
		return EXIT_USAGE;
	default:
		return EXIT_FAILURE_;
	}
}

static char *join(const char *dir, const char *file)
{
	size_t n = strlen(dir) + strlen(file) + 2;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s/%s", dir, file);
	return p;
}

void cli_sources_free(cli_sources *s)
{
	for (size_t i = 0; i < s->nowned; i++)
		free(s->owned[i]);
	memset(s, 0, sizeof *s);
}

/* Add the dataset at `path`: a workbook, or a folder with firms.csv and
 * streams.csv. */
static int add_source(cli_sources *s, const char *path)
{
	symbi_dataset_source *src = &s->src[s->n];
	memset(src, 0, sizeof *src);
	if (cli_is_workbook(path)) {
		src->workbook = path;
		s->n++;
		return 0;
	}
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "symbi: %s: %s\n", path,
		        stat(path, &st) != 0
		            ? strerror(errno)
		            : "not a folder (a dataset is a folder with firms.csv and streams.csv, "
		              "or an .xlsx workbook)");
		return EXIT_DATA;
	}
	char *f = join(path, "firms.csv"), *t = join(path, "streams.csv");
	s->owned[s->nowned++] = f;
	s->owned[s->nowned++] = t;
	if (!f || !t)
		return cli_fail(SYMBI_ENOMEM, NULL);
	src->firms = f;
	src->streams = t;
	s->n++;
	return 0;
}

int cli_sources_get(const cli_common *c, cli_sources *s)
{
	memset(s, 0, sizeof *s);
	if (c->firms.n != c->streams.n) {
		fprintf(stderr, "symbi: give --firms and --streams in pairs (%zu --firms, %zu "
		                "--streams)\n", c->firms.n, c->streams.n);
		return EXIT_USAGE;
	}
	if (!c->dataset && !c->firms.n && !c->add.n) {
		fprintf(stderr, "symbi: no dataset: give DATASET (a folder with firms.csv and "
		                "streams.csv, or an .xlsx workbook) or --firms FILE --streams FILE\n");
		return EXIT_USAGE;
	}
	int status = c->dataset ? add_source(s, c->dataset) : 0;
	for (size_t i = 0; !status && i < c->firms.n; i++) {
		s->src[s->n++] = (symbi_dataset_source){c->firms.items[i], c->streams.items[i], NULL};
	}
	for (size_t i = 0; !status && i < c->add.n; i++)
		status = add_source(s, c->add.items[i]);
	/* The same file twice would make every id a duplicate of itself.
	 * (One workbook may hold both sheets of one part.) */
	const char *files[3 * CLI_MAX_SOURCES];
	size_t part[3 * CLI_MAX_SOURCES];
	struct stat st[3 * CLI_MAX_SOURCES];
	size_t nf = 0;
	for (size_t i = 0; !status && i < s->n; i++) {
		const char *p[3] = {s->src[i].firms, s->src[i].streams, s->src[i].workbook};
		for (int k = 0; k < 3; k++)
			if (p[k] && stat(p[k], &st[nf]) == 0) {
				part[nf] = i;
				files[nf++] = p[k];
			}
	}
	for (size_t i = 0; !status && i < nf; i++)
		for (size_t j = 0; j < i; j++)
			if (st[i].st_dev == st[j].st_dev && st[i].st_ino == st[j].st_ino &&
			    part[i] != part[j]) {
				fprintf(stderr, "symbi: '%s' is given twice (also as '%s'): each part of "
				                "a merged dataset must be another file\n", files[i], files[j]);
				status = EXIT_USAGE;
				break;
			}
	return status;
}

int cli_load(const cli_common *c, symbi_kb **kbp, symbi_dataset **dsp, symbi_diags **warnings_out)
{
	symbi_kb *kb = NULL;
	symbi_dataset *ds = NULL;
	symbi_diags *d = NULL;
	cli_sources srcs;
	int status = EXIT_OK, rc;
	memset(&srcs, 0, sizeof srcs);
	*kbp = NULL;
	if (dsp)
		*dsp = NULL;
	if (warnings_out)
		*warnings_out = NULL;

	if (dsp && (status = cli_sources_get(c, &srcs)) != 0)
		goto done;
	if (symbi_diags_new(&d, c->max_errors) || symbi_kb_new(&kb)) {
		status = cli_fail(SYMBI_ENOMEM, NULL);
		goto done;
	}
	const char *dir = cli_datadir(c);
	rc = symbi_kb_load_dir(kb, dir, d);
	for (size_t i = 0; !rc && i < c->taxonomy.n; i++)
		rc = symbi_kb_load_taxonomy(kb, c->taxonomy.items[i], d);
	for (size_t i = 0; !rc && i < c->rules.n; i++)
		rc = symbi_kb_load_rules(kb, c->rules.items[i], d);
	if (!rc && c->config)
		rc = symbi_kb_load_config(kb, c->config, d);
	if (!rc)
		rc = symbi_kb_finish(kb, d);
	if (rc || symbi_diags_errors(d)) {
		cli_print_diags(d);
		if (!symbi_diags_errors(d))
			fprintf(stderr, "symbi: knowledge base in '%s': %s\n", dir, symbi_last_error());
		status = rc == SYMBI_ENOMEM ? EXIT_FAILURE_ : EXIT_DATA;
		goto done;
	}
	symbi_load_options lo = SYMBI_LOAD_OPTIONS_INIT;
	if (dsp && c->encoding && cli_parse_encoding(c->encoding, &lo.encoding)) {
		status = EXIT_USAGE;
		goto done;
	}
	if (dsp) {
		if (symbi_dataset_new(&ds, kb)) {
			status = cli_fail(SYMBI_ENOMEM, NULL);
			goto done;
		}
		rc = symbi_dataset_load_sources(ds, srcs.src, srcs.n, &lo, d);
		if (rc || symbi_diags_errors(d)) {
			cli_print_diags(d);
			if (!symbi_diags_errors(d))
				fprintf(stderr, "symbi: %s\n", symbi_last_error());
			status = rc == SYMBI_ENOMEM ? EXIT_FAILURE_ : EXIT_DATA;
			goto done;
		}
	}
done:
	cli_sources_free(&srcs);
	if (status) {
		symbi_dataset_free(ds);
		symbi_kb_free(kb);
		symbi_diags_free(d);
		return status;
	}
	if (warnings_out) {
		*warnings_out = d;
	} else {
		if (!c->quiet)
			cli_print_diags(d);
		symbi_diags_free(d);
	}
	*kbp = kb;
	if (dsp)
		*dsp = ds;
	return EXIT_OK;
}

/* ==== Output ================================================================================== */

int cli_out_open(cli_out *o, const char *path)
{
	memset(o, 0, sizeof *o);
	if (!path || strcmp(path, "-") == 0) {
		o->f = stdout;
		return 0;
	}
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		fprintf(stderr, "symbi: %s: is a folder\n", path);
		return EXIT_FAILURE_;
	}
	size_t n = strlen(path) + 16;
	o->tmp = malloc(n);
	if (!o->tmp)
		return cli_fail(SYMBI_ENOMEM, NULL);
	snprintf(o->tmp, n, "%s.tmpXXXXXX", path);
	int fd = mkstemp(o->tmp);
	if (fd < 0) {
		fprintf(stderr, "symbi: %s: cannot write: %s\n", path, strerror(errno));
		free(o->tmp);
		o->tmp = NULL;
		return EXIT_FAILURE_;
	}
	/* mkstemp makes the file 0600; give it the usual permissions. */
	mode_t mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	o->f = fdopen(fd, "wb");
	if (!o->f) {
		close(fd);
		unlink(o->tmp);
		free(o->tmp);
		o->tmp = NULL;
		return cli_fail(SYMBI_ENOMEM, NULL);
	}
	o->path = path;
	return 0;
}

int cli_out_commit(cli_out *o)
{
	if (!o->tmp) {
		if (fflush(stdout) != 0 || ferror(stdout)) {
			fprintf(stderr, "symbi: error writing to standard output: %s\n", strerror(errno));
			return EXIT_FAILURE_;
		}
		return 0;
	}
	int failed = fflush(o->f) != 0 || ferror(o->f) || fsync(fileno(o->f)) != 0;
	int err = errno;
	if (fclose(o->f) != 0 && !failed) {
		failed = 1;
		err = errno;
	}
	o->f = NULL;
	if (!failed && cli_interrupted) {
		failed = 1;
		err = EINTR;
	}
	if (!failed && rename(o->tmp, o->path) != 0) {
		failed = 1;
		err = errno;
	}
	if (failed) {
		fprintf(stderr, "symbi: %s: not written: %s\n", o->path, strerror(err));
		unlink(o->tmp);
	}
	free(o->tmp);
	o->tmp = NULL;
	return failed ? EXIT_FAILURE_ : 0;
}

void cli_out_abort(cli_out *o)
{
	if (o->tmp) {
		if (o->f)
			fclose(o->f);
		unlink(o->tmp);
		free(o->tmp);
	}
	memset(o, 0, sizeof *o);
}

/* ==== Signals and progress ===================================================================== */

static void on_signal(int sig)
{
	(void)sig;
	cli_interrupted = 1;
}

int cli_write_match_json(FILE *f, const void *ctx)
{
	const cli_match_json *mj = ctx;
	return symbi_write_match_json(f, mj->m, &mj->jo);
}

int cli_write(const char *path, int (*write)(FILE *f, const void *ctx), const void *ctx)
{
	cli_out out;
	memset(&out, 0, sizeof out);
	int status = cli_out_open(&out, path);
	if (status)
		return status;
	int rc = write(out.f, ctx);
	if (rc) {
		cli_out_abort(&out);
		return cli_fail(rc, path ? path : "standard output");
	}
	return cli_out_commit(&out);
}

void cli_json_options(symbi_json_options *jo, const cli_common *c, bool compact, bool explain,
                      const symbi_allocation_summary *alloc, char *name, size_t size)
{
	*jo = (symbi_json_options)SYMBI_JSON_OPTIONS_INIT;
	jo->compact = compact;
	jo->explain = explain;
	jo->dataset = cli_dataset_name(c->dataset, name, size);
	jo->optimize = alloc != NULL;
	jo->allocation = alloc;
}

void cli_install_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

bool cli_stderr_tty(void) { return isatty(STDERR_FILENO) == 1; }

bool cli_wants_summary(const cli_common *c)
{
	return !c->quiet && ((c->output && strcmp(c->output, "-") != 0) || cli_stderr_tty());
}

/* NOK as "1 234 567" (rounded to the krone), into buf. */
static const char *nok(double v, char *buf, size_t size)
{
	char digits[64];
	snprintf(digits, sizeof digits, "%.0f", fabs(v) < 1e18 ? fabs(v) : 0.0);
	size_t n = strlen(digits), o = 0;
	if (v <= -0.5 && o + 1 < size)
		buf[o++] = '-';
	for (size_t i = 0; i < n && o + 2 < size; i++) {
		if (i && (n - i) % 3 == 0)
			buf[o++] = ' ';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
	return buf;
}

void cli_summary_written(const cli_common *c)
{
	if (c->output && strcmp(c->output, "-") != 0)
		fprintf(stderr, "  written to %s\n", c->output);
}

void cli_summary(const char *cmd, const cli_common *c, const symbi_matches *m,
                 const symbi_allocation_summary *a, symbi_objective obj)
{
	const symbi_dataset *ds = symbi_matches_dataset(m);
	size_t n = symbi_matches_count(m), sector = 0, no_co2e = 0, firms = 0;
	size_t nf = symbi_dataset_firm_count(ds);
	double value = 0.0, co2 = 0.0;
	bool *seen = calloc(nf ? nf : 1, sizeof *seen);
	char v1[40], v2[40];
	for (size_t i = 0; i < n; i++) {
		const symbi_candidate *k = symbi_matches_get(m, i);
		if (!k || !seen) { /* spilled to disk: the JSON has them */
			fprintf(stderr, "symbi %s: %zu partnership%s (past --memory-limit)\n", cmd, n,
			        n == 1 ? "" : "s");
			free(seen);
			cli_summary_written(c);
			return;
		}
		sector += k->basis == SYMBI_BASIS_SECTOR;
		value += k->value_nok;
		if (k->flags & SYMBI_CANDIDATE_NO_CO2E)
			no_co2e++;
		else
			co2 += k->co2e_t;
		uint32_t ends[2] = {k->supplier, k->receiver};
		for (int e = 0; e < 2; e++)
			if (ends[e] < nf && !seen[ends[e]]) {
				seen[ends[e]] = true;
				firms++;
			}
	}
	free(seen);
	fprintf(stderr,
	        "symbi %s: %zu partnership%s (%zu declared, %zu sector potential) between %zu "
	        "firm%s\n",
	        cmd, n, n == 1 ? "" : "s", n - sector, sector, firms, firms == 1 ? "" : "s");
	if (n) {
		fprintf(stderr, "  listed (overlapping): %s NOK/yr, %.1f t CO2e/yr", nok(value, v1, sizeof v1),
		        co2);
		if (no_co2e)
			fprintf(stderr, " (CO2e not estimated for %zu)", no_co2e);
		fputc('\n', stderr);
	}
	if (a) {
		fprintf(stderr, "  allocated (best %s): %s NOK/yr, %.1f t CO2e/yr over %zu partnership%s",
		        obj == SYMBI_OBJECTIVE_CO2 ? "CO2e" : "value", nok(a->total_value_nok, v2, sizeof v2),
		        a->total_co2e_t, a->partnerships_used, a->partnerships_used == 1 ? "" : "s");
		if (a->partnerships_no_co2e)
			fprintf(stderr, " (CO2e not estimated for %zu)", a->partnerships_no_co2e);
		if (a->components_capped)
			fprintf(stderr, " (work cap reached: feasible, maybe not optimal)");
		fputc('\n', stderr);
	}
	cli_summary_written(c);
}

void cli_progress(void *ctx, const char *stage, double fraction)
{
	(void)ctx;
	if (fraction >= 1.0)
		fprintf(stderr, "\r%-24s done\n", stage);
	else
		fprintf(stderr, "\r%-24s %3d%%", stage, (int)(fraction * 100.0));
	fflush(stderr);
}

/* ==== Query options ============================================================================ */

size_t cli_query_init(cli_query *q, cli_opt *out)
{
	const symbi_match_options init = SYMBI_MATCH_OPTIONS_INIT;
	q->mo = init;
	q->objective = "value";
	q->rank = "evidence";
	q->tile = 0;
	q->tile_index = SIZE_MAX;
	const cli_opt o[CLI_QUERY_OPTS] = {
	    {"firm", 0, OPT_STRING, &q->mo.firm, "ID|NAME",
	     "only partnerships with this firm (by id, or by name: every site of it) at either end"},
	    {"municipality", 0, OPT_STRING, &q->mo.municipality, "NAME",
	     "only partnerships with a firm of this municipality (name or number) at either end"},
	    {"stream", 0, OPT_STRING, &q->mo.stream, "ID", "only partnerships of this stream"},
	    {"resource", 0, OPT_STRING, &q->mo.resource, "CODE",
	     "only supplies or demands under this code (ewc:03, mat:wood...)"},
	    {"region", 0, OPT_STRING, &q->mo.region, "NAME", "only firms of this region (both ends)"},
	    {"cross-region", 0, OPT_FLAG, &q->mo.cross_region, NULL,
	     "with --region: at least one end in the region"},
	    {"max-km", 0, OPT_DOUBLE, &q->mo.max_km, "KM", "cap every transport radius at KM"},
	    {"radius", 0, OPT_DOUBLE, &q->mo.radius_km, "KM",
	     "replace every default transport radius with KM, wider or narrower (streams' max_km still apply)"},
	    {"top", 0, OPT_SIZE, &q->mo.top_k, "K",
	     "best K per demand (per supply for sector potential); 0 = all"},
	    {"min-score", 0, OPT_DOUBLE, &q->mo.min_score, "X", "drop partnerships scoring below X"},
	    {"objective", 0, OPT_STRING, &q->objective, "value|co2",
	     "rank, allocate and cluster by NOK/yr (value, default) or t CO2e/yr (co2)"},
	    {"sector", 0, OPT_FLAG, &q->mo.sector, NULL,
	     "add sector-potential partnerships (firms of a receiving or supplying industry)"},
	    {"rank", 0, OPT_STRING, &q->rank, "evidence|value",
	     "order sector potential by documented evidence (default) or by value"},
	    {"max-candidates", 0, OPT_SIZE, &q->mo.max_candidates, "N",
	     "fail beyond N partnerships (default 50000000, 0 = no limit)"},
	    {"threads", 0, OPT_INT, &q->mo.threads, "N", "threads to match with (default: all cores)"},
	    {"tile", 0, OPT_SIZE, &q->tile, "T",
	     "match tile by tile on a T x T geographic grid (same result, bounded memory)"},
	    {"tile-index", 0, OPT_SIZE, &q->tile_index, "I",
	     "with --tile: only the partnerships whose supplier lies in tile I (a batch job)"},
	};
	memcpy(out, o, sizeof o);
	return CLI_QUERY_OPTS;
}

int cli_query_parse(const char *cmd, int argc, char **argv, const char *usage,
                    const char *description, const cli_opt *opts, cli_common *common,
                    cli_query *q)
{
	const char *pos[1];
	size_t npos;
	int status = cli_parse(argc, argv, usage, description, opts, common, pos, 1, &npos);
	if (status)
		return status;
	return cli_query_check(cmd, q);
}

int cli_query_check(const char *cmd, cli_query *q)
{
	if (strcmp(q->objective, "value") == 0) {
		q->mo.objective = SYMBI_OBJECTIVE_VALUE;
	} else if (strcmp(q->objective, "co2") == 0) {
		q->mo.objective = SYMBI_OBJECTIVE_CO2;
	} else {
		fprintf(stderr, "symbi %s: '--objective' must be 'value' or 'co2', not '%s'\n", cmd,
		        q->objective);
		return EXIT_USAGE;
	}
	if (strcmp(q->rank, "evidence") == 0) {
		q->mo.rank = SYMBI_RANK_EVIDENCE;
	} else if (strcmp(q->rank, "value") == 0) {
		q->mo.rank = SYMBI_RANK_VALUE;
	} else {
		fprintf(stderr, "symbi %s: '--rank' must be 'evidence' or 'value', not '%s'\n", cmd,
		        q->rank);
		return EXIT_USAGE;
	}
	if (q->mo.cross_region && !q->mo.region) {
		fprintf(stderr, "symbi %s: '--cross-region' needs '--region NAME'\n", cmd);
		return EXIT_USAGE;
	}
	if (!isnan(q->mo.max_km) && !(q->mo.max_km >= 0.0 && isfinite(q->mo.max_km))) {
		fprintf(stderr, "symbi %s: '--max-km' must be a distance >= 0\n", cmd);
		return EXIT_USAGE;
	}
	if (!isnan(q->mo.radius_km) && !(q->mo.radius_km > 0.0 && isfinite(q->mo.radius_km))) {
		fprintf(stderr, "symbi %s: '--radius' must be a distance > 0\n", cmd);
		return EXIT_USAGE;
	}
	if (q->tile > 256 || (q->tile_index != SIZE_MAX && (q->tile == 0 || q->tile_index >= q->tile * q->tile))) {
		fprintf(stderr, "symbi %s: '--tile' takes 1 to 256 tiles a side, and '--tile-index' "
		        "0 to T*T-1 with '--tile T'\n", cmd);
		return EXIT_USAGE;
	}
	q->mo.cancel = &cli_interrupted;
	return 0;
}

bool cli_is_workbook(const char *path)
{
	size_t n = strlen(path);
	struct stat st;
	return n > 5 && strcasecmp(path + n - 5, ".xlsx") == 0 && !(stat(path, &st) == 0 && S_ISDIR(st.st_mode));
}

int cli_parse_encoding(const char *s, symbi_encoding *out)
{
	if (strcasecmp(s, "auto") == 0)
		*out = SYMBI_ENCODING_AUTO;
	else if (strcasecmp(s, "utf-8") == 0 || strcasecmp(s, "utf8") == 0)
		*out = SYMBI_ENCODING_UTF8;
	else if (strcasecmp(s, "windows-1252") == 0 || strcasecmp(s, "cp1252") == 0)
		*out = SYMBI_ENCODING_WINDOWS_1252;
	else {
		fprintf(stderr, "symbi: '--encoding' must be 'utf-8', 'windows-1252' or 'auto', not "
		                "'%s'\n", s);
		return EXIT_USAGE;
	}
	return 0;
}

const char *cli_dataset_name(const char *path, char *buf, size_t size)
{
	if (!path)
		return NULL;
	size_t n = strlen(path);
	while (n > 1 && path[n - 1] == '/')
		n--;
	/* A workbook is named like the folder its sheets stand for. */
	if (cli_is_workbook(path))
		n -= 5;
	size_t b = n;
	while (b > 0 && path[b - 1] != '/')
		b--;
	snprintf(buf, size, "%.*s", (int)(n - b), path + b);
	return buf;
}

int cli_parse_weights(const char *cmd, const char *s, symbi_portfolio_weights *w)
{
	static const struct {
		const char *key;
		size_t off;
	} keys[] = {
	    {"value", offsetof(symbi_portfolio_weights, value_nok)},
	    {"co2", offsetof(symbi_portfolio_weights, co2e_t)},
	    {"circularity", offsetof(symbi_portfolio_weights, circularity)},
	    {"resources", offsetof(symbi_portfolio_weights, resources)},
	    {"loops", offsetof(symbi_portfolio_weights, loops)},
	    {"chains", offsetof(symbi_portfolio_weights, chains)},
	    {"firms", offsetof(symbi_portfolio_weights, firms)},
	};
	const char *p = s;
	while (*p) {
		const char *eq = strchr(p, '='), *end = strchr(p, ',');
		if (!end)
			end = p + strlen(p);
		if (!eq || eq > end) {
			fprintf(stderr, "symbi %s: '--weights' wants KEY=NUMBER pairs, not '%.*s'\n",
			        cmd, (int)(end - p), p);
			return EXIT_USAGE;
		}
		size_t k = 0, n = sizeof keys / sizeof *keys;
		while (k < n && !(strlen(keys[k].key) == (size_t)(eq - p) &&
		                  strncmp(keys[k].key, p, (size_t)(eq - p)) == 0))
			k++;
		if (k == n) {
			fprintf(stderr,
			        "symbi %s: '--weights': unknown criterion '%.*s' (value, co2, "
			        "circularity, resources, loops, chains, firms)\n",
			        cmd, (int)(eq - p), p);
			return EXIT_USAGE;
		}
		char num[64];
		size_t len = (size_t)(end - eq - 1);
		char *stop;
		if (len == 0 || len >= sizeof num) {
			fprintf(stderr, "symbi %s: '--weights': '%s' needs a number\n", cmd,
			        keys[k].key);
			return EXIT_USAGE;
		}
		memcpy(num, eq + 1, len);
		num[len] = '\0';
		errno = 0;
		double v = strtod(num, &stop);
		if (*stop || errno || !isfinite(v)) {
			fprintf(stderr, "symbi %s: '--weights': '%s' needs a number, not '%s'\n", cmd,
			        keys[k].key, num);
			return EXIT_USAGE;
		}
		*(double *)((char *)w + keys[k].off) = v;
		p = *end ? end + 1 : end;
	}
	return 0;
}

/* --firm by id, else by name (case-insensitive): one firm gives its id,
 * several (the sites of one firm) give mo.firms; none is a usage error with
 * the nearest names and ids. */
static int resolve_firm(const cli_common *c, cli_query *q, const symbi_dataset *ds)
{
	const char *want = q->mo.firm;
	if (!want || symbi_dataset_find_firm(ds, want) >= 0)
		return 0;
	uint32_t idx[32];
	size_t max = sizeof idx / sizeof *idx;
	size_t n = symbi_dataset_find_firms_named(ds, want, idx, max);
	if (n == 1) {
		q->mo.firm = symbi_dataset_firm(ds, idx[0])->id;
		return 0;
	}
	if (n > max) {
		fprintf(stderr, "symbi: --firm '%s': %zu firms bear that name; give a firm_id\n",
		        want, n);
		return EXIT_USAGE;
	}
	if (n > 1) {
		for (size_t i = 0; i < n; i++)
			q->named[i] = symbi_dataset_firm(ds, idx[i])->id;
		q->mo.firm = NULL;
		q->mo.firms = q->named;
		q->mo.nfirms = n;
		if (!c->quiet) {
			fprintf(stderr, "symbi: --firm '%s' names %zu firms:", want, n);
			for (size_t i = 0; i < n; i++)
				fprintf(stderr, "%s '%s'", i ? "," : "", q->named[i]);
			fprintf(stderr, "; partnerships of any of them\n");
		}
		return 0;
	}
	fprintf(stderr, "symbi: firm '%s' is not in the dataset, by id or by name", want);
	n = symbi_dataset_suggest_firms(ds, want, idx, 3);
	for (size_t i = 0; i < n; i++) {
		const symbi_firm *f = symbi_dataset_firm(ds, idx[i]);
		fprintf(stderr, "%s'%s' (%s)", i == 0 ? " (did you mean " : i + 1 == n ? " or " : ", ",
		        f->name, f->id);
	}
	fprintf(stderr, "%s\n", n ? "?)" : "");
	return EXIT_USAGE;
}

/* --municipality that no firm of the dataset is in gives no partnership: say
 * so, and how many firms could not be counted for want of a municipality
 * (firms are placed in a municipality by their `municipality` column only). */
static void check_municipality(const cli_common *c, const cli_query *q, const symbi_kb *kb,
                               const symbi_dataset *ds)
{
	int32_t want[4], found[4];
	if (c->quiet || !q->mo.municipality ||
	    symbi_kb_find_municipalities(kb, q->mo.municipality, want, 4) != 1)
		return;
	size_t in = 0, unnamed = 0, nf = symbi_dataset_firm_count(ds);
	for (size_t i = 0; i < nf; i++) {
		const symbi_firm *f = symbi_dataset_firm(ds, (uint32_t)i);
		if (!f->municipality) {
			unnamed++;
			continue;
		}
		size_t n = symbi_kb_find_municipalities(kb, f->municipality, found, 4);
		for (size_t k = 0; k < n && k < 4; k++)
			if (found[k] == want[0]) {
				in++;
				break;
			}
	}
	if (in)
		return;
	const symbi_municipality *m = symbi_kb_municipality(kb, (size_t)want[0]);
	fprintf(stderr, "symbi: warning: --municipality '%s': no firm of the dataset is in %s (%s)",
	        q->mo.municipality, m->name, m->number);
	if (unnamed)
		fprintf(stderr, "; %zu firm%s no municipality column value and cannot be counted",
		        unnamed, unnamed == 1 ? " has" : "s have");
	fprintf(stderr, "\n");
}

int cli_run_query(const cli_common *c, cli_query *q, bool optimize, symbi_kb **kb,
                  symbi_dataset **ds, symbi_matches **m, symbi_allocation_summary *alloc)
{
	*m = NULL;
	int status = cli_load(c, kb, ds, NULL);
	if (status)
		return status;
	check_municipality(c, q, *kb, *ds);
	if ((status = resolve_firm(c, q, *ds)) != 0) {
		symbi_dataset_free(*ds);
		symbi_kb_free(*kb);
		*ds = NULL;
		*kb = NULL;
		return status;
	}
	bool tty = cli_stderr_tty() && !c->quiet;
	if (tty) {
		q->mo.progress = cli_progress;
		q->mo.progress_ctx = NULL;
	}
	int rc;
	if (cli_matcher) {
		if ((status = cli_matcher(c, q, *ds, m)) != 0) {
			symbi_dataset_free(*ds);
			symbi_kb_free(*kb);
			*ds = NULL;
			*kb = NULL;
			return status;
		}
		rc = 0;
	} else if (q->tile_index != SIZE_MAX) {
		rc = symbi_match_tile(m, *ds, &q->mo, (unsigned)q->tile, (unsigned)q->tile_index, NULL);
	} else if (q->tile) {
		symbi_tile_options to = SYMBI_TILE_OPTIONS_INIT;
		to.grid = (unsigned)q->tile;
		rc = symbi_match_tiled(m, *ds, &q->mo, &to);
	} else {
		rc = symbi_match(m, *ds, &q->mo);
	}
	if (rc) {
		if (tty)
			fputc('\n', stderr);
		status = cli_fail(rc, "match");
	} else if (optimize && (rc = symbi_allocate(*m, q->mo.objective, alloc)) != 0) {
		status = cli_fail(rc, "allocation");
	}
	if (status) {
		symbi_matches_free(*m);
		symbi_dataset_free(*ds);
		symbi_kb_free(*kb);
		*m = NULL;
		*ds = NULL;
		*kb = NULL;
	}
	return status;
}

int cli_memory_limit(const char *cmd, const char *arg, size_t *bytes)
{
	if (!arg) {
		long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
		*bytes = pages > 0 && size > 0 ? (size_t)pages / 16 * (size_t)size : (size_t)1 << 30;
		return 0;
	}
	char *end;
	errno = 0;
	unsigned long long v = strtoull(arg, &end, 10);
	unsigned long long mult = 1;
	if (*end == 'K' || *end == 'k')
		mult = 1ull << 10, end++;
	else if (*end == 'M' || *end == 'm')
		mult = 1ull << 20, end++;
	else if (*end == 'G' || *end == 'g')
		mult = 1ull << 30, end++;
	if (end == arg || *end || errno || *arg == '-' || v > SIZE_MAX / mult) {
		fprintf(stderr, "symbi %s: '--memory-limit' needs a size (bytes, or a number with K, "
		                "M or G), not '%s'\n", cmd, arg);
		return EXIT_USAGE;
	}
	*bytes = (size_t)(v * mult);
	return 0;
}
