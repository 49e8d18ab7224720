/*
 * cmd_merge.c: `symbi merge PART... -o OUT.json` — the parts written by
 * `symbi match DATASET [options] --tile T --tile-index I`, one per tile, in
 * any order, into exactly the bytes `symbi match DATASET [options]` writes
 * (README "Parts and symbi merge").
 *
 * Every part must belong to the same run: the same grid, symbi version,
 * input fingerprint, query and output options (the header's "run" object,
 * compared as printed text); every tile of the grid must be there once. The
 * inputs are loaded again from where the first part says they were (or from
 * --dataset / --datadir), and their fingerprint must still be the parts'.
 * Then the candidates go through symbi_match_union (the ranking order and
 * the best K per demand over the union), the allocation when the run asked
 * for it, and the match JSON writer, as in `symbi match`.
 */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] = "symbi merge [OPTIONS] PART... -o OUT.json";
static const char description[] =
    "Merge the parts written by 'symbi match DATASET [options] --tile T\n"
    "--tile-index I' (one per tile, any order) into the match JSON the whole\n"
    "run 'symbi match DATASET [options]' writes, byte for byte: ranking, --top,\n"
    "--optimize and the summary over all tiles. A missing, repeated or foreign\n"
    "part (another dataset, other options) is refused (exit 3). The inputs are\n"
    "read again from where the parts say they were, or from --dataset.";

typedef struct part {
	const char *path;
	cJSON *head;
	char *run; /* the "run" object printed: equal across the parts of one run */
	symbi_part_reader *r; /* its records, read while merging */
} part;

static const char *str_of(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static bool bool_of(const cJSON *o, const char *key)
{
	return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, key));
}

/* The match options of the run, from its header's "query" (part_cli.c). */
static int query_of(const cJSON *qu, symbi_match_options *mo, const char **firms, size_t max)
{
	const char *s;
	char *end;
	const cJSON *v;
	mo->firm = str_of(qu, "firm");
	mo->nfirms = 0;
	cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(qu, "firms"))
	{
		if (!cJSON_IsString(v) || mo->nfirms == max)
			return -1;
		firms[mo->nfirms++] = v->valuestring;
	}
	mo->firms = mo->nfirms ? firms : NULL;
	mo->municipality = str_of(qu, "municipality");
	mo->stream = str_of(qu, "stream");
	mo->resource = str_of(qu, "resource");
	mo->region = str_of(qu, "region");
	mo->cross_region = bool_of(qu, "cross_region");
	mo->sector = bool_of(qu, "sector");
	if ((s = str_of(qu, "max_km")) != NULL && (mo->max_km = strtod(s, &end), *end))
		return -1;
	if ((s = str_of(qu, "min_score")) != NULL && (mo->min_score = strtod(s, &end), *end))
		return -1;
	if (!(s = str_of(qu, "top")) || (mo->top_k = strtoull(s, &end, 10), *end))
		return -1;
	if (!(s = str_of(qu, "max_candidates")) ||
	    (mo->max_candidates = strtoull(s, &end, 10), *end))
		return -1;
	if (!(s = str_of(qu, "objective")))
		return -1;
	mo->objective = strcmp(s, "co2") == 0 ? SYMBI_OBJECTIVE_CO2 : SYMBI_OBJECTIVE_VALUE;
	return 0;
}

static void fill_list(cli_list *l, const cJSON *a)
{
	const cJSON *v;
	l->n = 0;
	cJSON_ArrayForEach(v, a)
	{
		if (cJSON_IsString(v) && l->n < sizeof l->items / sizeof *l->items)
			l->items[l->n++] = v->valuestring;
	}
}

/* Name the first setting in which two parts' "run" objects differ: "grid",
 * "symbi", "query.top", "output.explain"... */
static void report_difference(const char *path, const char *path0, const cJSON *run,
                              const cJSON *run0)
{
	const cJSON *a, *b;
	cJSON_ArrayForEach(a, run0)
	{
		b = cJSON_GetObjectItemCaseSensitive(run, a->string);
		if (cJSON_Compare(a, b, true))
			continue;
		const cJSON *x = a, *y = b;
		const char *sub = NULL;
		if (cJSON_IsObject(a) && cJSON_IsObject(b)) {
			cJSON_ArrayForEach(x, a)
			{
				y = cJSON_GetObjectItemCaseSensitive(b, x->string);
				if (!cJSON_Compare(x, y, true)) {
					sub = x->string;
					break;
				}
			}
		}
		char *vx = x ? cJSON_PrintUnformatted(x) : NULL,
		     *vy = y ? cJSON_PrintUnformatted(y) : NULL;
		fprintf(stderr,
		        "symbi merge: %s: written with other options than %s: %s%s%s is %s there, "
		        "%s here\n",
		        path, path0, a->string, sub ? "." : "", sub ? sub : "", vx ? vx : "?",
		        vy ? vy : "missing");
		free(vx);
		free(vy);
		return;
	}
	fprintf(stderr, "symbi merge: %s: written with other options than %s\n", path, path0);
}

int cmd_merge(int argc, char **argv)
{
	const char *output = NULL, *dataset = NULL, *datadir = NULL;
	const char *memory_limit = NULL, *spill_dir = NULL;
	bool quiet = false;
	int threads = 0;
	const cli_opt opts[] = {
	    {"output", 'o', OPT_STRING, &output, "FILE",
	     "write the merged JSON to FILE (atomically)"},
	    {"dataset", 0, OPT_STRING, &dataset, "DIR",
	     "the dataset folder, when it is not where the parts were written"},
	    {"datadir", 0, OPT_STRING, &datadir, "DIR",
	     "the knowledge base folder, when it is not where the parts were written"},
	    {"threads", 0, OPT_INT, &threads, "N", "threads to write with (default: all cores)"},
	    {"memory-limit", 0, OPT_STRING, &memory_limit, "SIZE",
	     "past SIZE (bytes, or 500M, 2G) partnerships go to disk sorted (default: 1/16 of "
	     "physical memory; 0 = never)"},
	    {"spill-dir", 0, OPT_STRING, &spill_dir, "DIR",
	     "folder for partnerships past --memory-limit ($TMPDIR, /tmp)"},
	    {"quiet", 'q', OPT_FLAG, &quiet, NULL, "no summary on stderr"},
	    {NULL, 0, OPT_FLAG, NULL, NULL, NULL},
	};
	size_t npos = 0, nparts = (size_t)(argc > 1 ? argc : 1);
	const char **pos = malloc(nparts * sizeof *pos);
	part *parts = calloc(nparts, sizeof *parts);
	size_t *seen = NULL;
	symbi_candidate_source *src = NULL;
	symbi_kb *kb = NULL;
	symbi_dataset *ds = NULL;
	symbi_matches *m = NULL;
	int status = EXIT_OK, rc;
	if (!pos || !parts) {
		status = cli_fail(SYMBI_ENOMEM, NULL);
		goto done;
	}
	status = cli_parse(argc, argv, usage, description, opts, NULL, pos, nparts, &npos);
	if (status) {
		status = status < 0 ? EXIT_OK : status;
		goto done;
	}
	if (npos == 0) {
		fprintf(stderr, "symbi merge: no part given\nusage: %s\n", usage);
		status = EXIT_USAGE;
		goto done;
	}
	size_t limit;
	if ((status = cli_memory_limit("merge", memory_limit, &limit)) != 0)
		goto done;

	/* ---- Check every part's framing and header; the records are read
	 * while merging, a batch per part at a time. */
	size_t grid = 0, ntiles = 0;
	for (size_t i = 0; i < npos; i++) {
		part *p = &parts[i];
		p->path = pos[i];
		char *header = NULL;
		size_t n = 0;
		if ((rc = symbi_part_open(&p->r, p->path, &header, &n)) != 0) {
			fprintf(stderr, "symbi merge: %s\n", symbi_last_error());
			status = rc == SYMBI_ENOMEM ? EXIT_FAILURE_ : EXIT_DATA;
			goto done;
		}
		p->head = cJSON_Parse(header);
		free(header);
		const cJSON *run = cJSON_GetObjectItemCaseSensitive(p->head, "run");
		const cJSON *tile = cJSON_GetObjectItemCaseSensitive(p->head, "tile");
		const cJSON *g = cJSON_GetObjectItemCaseSensitive(run, "grid");
		if (!cJSON_IsObject(run) || !cJSON_IsNumber(tile) || !cJSON_IsNumber(g) ||
		    !(p->run = cJSON_PrintUnformatted(run)) || g->valuedouble < 1 ||
		    g->valuedouble > 256 || tile->valuedouble < 0 ||
		    tile->valuedouble >= g->valuedouble * g->valuedouble) {
			fprintf(stderr,
			        "symbi merge: %s: the part's header is not one symbi writes\n",
			        p->path);
			status = EXIT_DATA;
			goto done;
		}
		size_t t = (size_t)tile->valuedouble;
		if (i == 0) {
			grid = (size_t)g->valuedouble;
			ntiles = grid * grid;
			if (!(seen = malloc(ntiles * sizeof *seen))) {
				status = cli_fail(SYMBI_ENOMEM, NULL);
				goto done;
			}
			for (size_t k = 0; k < ntiles; k++)
				seen[k] = SIZE_MAX;
		} else if (strcmp(p->run, parts[0].run) != 0) {
			const cJSON *run0 = cJSON_GetObjectItemCaseSensitive(parts[0].head, "run");
			const char *f0 = str_of(run0, "fingerprint"),
			           *f = str_of(run, "fingerprint");
			if (!f || !f0 || strcmp(f, f0) != 0)
				fprintf(stderr,
				        "symbi merge: %s: from another dataset or knowledge base "
				        "than %s "
				        "(input fingerprint %s, not %s)\n",
				        p->path, parts[0].path, f ? f : "none", f0 ? f0 : "none");
			else
				report_difference(p->path, parts[0].path, run, run0);
			status = EXIT_DATA;
			goto done;
		}
		if (seen[t] != SIZE_MAX) {
			fprintf(stderr, "symbi merge: %s: tile %zu repeated (already in %s)\n",
			        p->path, t, parts[seen[t]].path);
			status = EXIT_DATA;
			goto done;
		}
		seen[t] = i;
	}
	size_t missing = 0;
	for (size_t t = 0; t < ntiles; t++)
		if (seen[t] == SIZE_MAX) {
			if (missing++ < 10)
				fprintf(stderr,
				        "symbi merge: tile %zu of the %zu x %zu grid is missing "
				        "(no part "
				        "written with --tile-index %zu)\n",
				        t, grid, grid, t);
		}
	if (missing) {
		if (missing > 10)
			fprintf(stderr, "symbi merge: ... and %zu more tiles missing\n",
			        missing - 10);
		status = EXIT_DATA;
		goto done;
	}

	/* ---- The inputs, loaded again and checked against the parts. */
	const cJSON *run = cJSON_GetObjectItemCaseSensitive(parts[0].head, "run");
	const cJSON *in = cJSON_GetObjectItemCaseSensitive(parts[0].head, "inputs");
	const cJSON *out = cJSON_GetObjectItemCaseSensitive(run, "output");
	cli_common common;
	cli_common_init(&common);
	common.quiet = quiet;
	common.dataset = dataset ? dataset : str_of(in, "dataset");
	if (!dataset) {
		fill_list(&common.firms, cJSON_GetObjectItemCaseSensitive(in, "firms"));
		fill_list(&common.streams, cJSON_GetObjectItemCaseSensitive(in, "streams"));
	}
	fill_list(&common.add, cJSON_GetObjectItemCaseSensitive(in, "add"));
	fill_list(&common.rules, cJSON_GetObjectItemCaseSensitive(in, "rules"));
	fill_list(&common.taxonomy, cJSON_GetObjectItemCaseSensitive(in, "taxonomy"));
	common.config = str_of(in, "config");
	common.datadir = datadir ? datadir : str_of(in, "datadir");
	char fp[17];
	if ((status = cli_fingerprint(&common, fp)) != 0)
		goto done;
	if (strcmp(fp, str_of(run, "fingerprint") ? str_of(run, "fingerprint") : "") != 0) {
		fprintf(stderr,
		        "symbi merge: %s: the inputs have changed since the parts were written "
		        "(input fingerprint %s, the parts' %s)\n",
		        common.dataset    ? common.dataset
		        : common.firms.n ? common.firms.items[0]
		                         : "dataset",
		        fp, str_of(run, "fingerprint") ? str_of(run, "fingerprint") : "none");
		status = EXIT_DATA;
		goto done;
	}
	if ((status = cli_load(&common, &kb, &ds, NULL)) != 0)
		goto done;
	symbi_match_options mo = SYMBI_MATCH_OPTIONS_INIT;
	const char *firm_ids[32];
	if (query_of(cJSON_GetObjectItemCaseSensitive(run, "query"), &mo, firm_ids,
	             sizeof firm_ids / sizeof *firm_ids) != 0) {
		fprintf(stderr, "symbi merge: %s: the part's query is not one symbi writes\n",
		        parts[0].path);
		status = EXIT_DATA;
		goto done;
	}
	mo.threads = threads;
	mo.cancel = &cli_interrupted;
	bool optimize = bool_of(out, "optimize");
	/* As in symbi match: the allocation and the "unmatched" list of a
	 * query about some firms or a stream need every partnership in memory. */
	if (!optimize && !mo.firm && !mo.nfirms && !mo.municipality && !mo.stream) {
		mo.memory_limit = limit;
		mo.spill_dir = spill_dir;
	}
	if (!(src = calloc(npos, sizeof *src))) {
		status = cli_fail(SYMBI_ENOMEM, NULL);
		goto done;
	}
	for (size_t i = 0; i < npos; i++)
		src[i] = (symbi_candidate_source){symbi_part_next, parts[i].r, parts[i].path};
	rc = symbi_match_union_sorted(&m, ds, &mo, src, npos);
	if (rc) {
		status = rc == SYMBI_EINPUT ? (fprintf(stderr, "symbi merge: %s\n", symbi_last_error()),
		                               EXIT_DATA)
		                            : cli_fail(rc, "merge");
		goto done;
	}
	symbi_allocation_summary alloc;
	memset(&alloc, 0, sizeof alloc);
	if (optimize && (rc = symbi_allocate(m, mo.objective, &alloc)) != 0) {
		status = cli_fail(rc, "allocation");
		goto done;
	}
	cli_match_json wc = {m, SYMBI_JSON_OPTIONS_INIT};
	wc.jo.compact = bool_of(out, "compact");
	wc.jo.explain = bool_of(out, "explain");
	wc.jo.dataset = str_of(out, "name");
	wc.jo.optimize = optimize;
	wc.jo.allocation = optimize ? &alloc : NULL;
	if ((status = cli_write(output, cli_write_match_json, &wc)) != 0)
		goto done;
	if (!quiet && cli_stderr_tty())
		fprintf(stderr, "symbi merge: %zu parts, %zu partnerships\n", npos,
		        symbi_matches_count(m));
done:
	for (size_t i = 0; parts && i < npos; i++) {
		cJSON_Delete(parts[i].head);
		free(parts[i].run);
		symbi_part_close(parts[i].r);
	}
	free(src);
	free(seen);
	free(parts);
	free(pos);
	symbi_matches_free(m);
	symbi_dataset_free(ds);
	symbi_kb_free(kb);
	return status;
}
