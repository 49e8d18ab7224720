/*
 * part_cli.c: what a part says about the run it belongs to (cli.h, "Parts"):
 * the header `symbi match --tile T --tile-index I` writes and `symbi merge`
 * checks, and the fingerprint of the input files.
 */
#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

/* ==== Fingerprint =========================================================================== */

static void fnv(uint64_t *h, const void *p, size_t n)
{
	const unsigned char *b = p;
	uint64_t x = *h;
	for (size_t i = 0; i < n; i++) {
		x ^= b[i];
		x *= 0x100000001b3ull;
	}
	*h = x;
}

static int hash_file(uint64_t *h, const char *path, unsigned char *buf, size_t size)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "symbi: %s: %s\n", path, strerror(errno));
		return EXIT_DATA;
	}
	struct stat st;
	uint64_t bytes = fstat(fileno(f), &st) == 0 ? (uint64_t)st.st_size : 0;
	fnv(h, &bytes, sizeof bytes);
	size_t n;
	while ((n = fread(buf, 1, size, f)) > 0)
		fnv(h, buf, n);
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		fprintf(stderr, "symbi: %s: cannot be read\n", path);
		return EXIT_FAILURE_;
	}
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The .csv and .json files at the top of `dir`, sorted by byte value (not
 * by the locale), each hashed. */
static int hash_kb_dir(uint64_t *h, const char *dir, unsigned char *buf, size_t size)
{
	DIR *d = opendir(dir);
	if (!d) {
		fprintf(stderr, "symbi: knowledge base '%s': %s\n", dir, strerror(errno));
		return EXIT_DATA;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	int status = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		if (!((len > 4 && strcmp(e->d_name + len - 4, ".csv") == 0) ||
		      (len > 5 && strcmp(e->d_name + len - 5, ".json") == 0)))
			continue;
		if (n == cap) {
			size_t nc = cap ? 2 * cap : 16;
			char **p = realloc(names, nc * sizeof *p);
			if (!p) {
				status = cli_fail(SYMBI_ENOMEM, NULL);
				goto done;
			}
			names = p, cap = nc;
		}
		if (!(names[n] = strdup(e->d_name))) {
			status = cli_fail(SYMBI_ENOMEM, NULL);
			goto done;
		}
		n++;
	}
	qsort(names, n, sizeof *names, cmp_str);
	for (size_t i = 0; i < n && !status; i++) {
		char path[PATH_MAX];
		struct stat st;
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		fnv(h, names[i], strlen(names[i]) + 1);
		status = hash_file(h, path, buf, size);
	}
done:
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	closedir(d);
	return status;
}

int cli_fingerprint(const cli_common *c, char out[17])
{
	size_t size = 1 << 20;
	unsigned char *buf = malloc(size);
	if (!buf)
		return cli_fail(SYMBI_ENOMEM, NULL);
	uint64_t h = 0xcbf29ce484222325ull;
	int status = 0;
	/* Every file of every part of the dataset, in the order they merge. */
	cli_sources srcs;
	status = cli_sources_get(c, &srcs);
	for (size_t i = 0; !status && i < srcs.n; i++) {
		const symbi_dataset_source *s = &srcs.src[i];
		if (s->workbook) {
			status = hash_file(&h, s->workbook, buf, size);
		} else {
			status = hash_file(&h, s->firms, buf, size);
			if (!status)
				status = hash_file(&h, s->streams, buf, size);
		}
	}
	cli_sources_free(&srcs);
	for (size_t i = 0; !status && i < c->rules.n; i++)
		status = hash_file(&h, c->rules.items[i], buf, size);
	for (size_t i = 0; !status && i < c->taxonomy.n; i++)
		status = hash_file(&h, c->taxonomy.items[i], buf, size);
	if (!status && c->config)
		status = hash_file(&h, c->config, buf, size);
	if (!status)
		status = hash_kb_dir(&h, cli_datadir(c), buf, size);
	free(buf);
	snprintf(out, 17, "%016llx", (unsigned long long)h);
	return status;
}

/* ==== Header ================================================================================= */

/* A path made absolute, so that the merge finds the input from another
 * working folder; the path as given when it cannot be resolved. */
static cJSON *abs_path(const char *p)
{
	if (!p)
		return cJSON_CreateNull();
	char buf[PATH_MAX];
	return cJSON_CreateString(realpath(p, buf) ? buf : p);
}

static cJSON *str_or_null(const char *s)
{
	return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

/* A double at full precision as C99 hex text ("0x1.8p+3"); null for NaN
 * and infinities (the defaults of --max-km and --min-score). */
static cJSON *hex_or_null(double v)
{
	if (!isfinite(v))
		return cJSON_CreateNull();
	char buf[64];
	snprintf(buf, sizeof buf, "%a", v);
	return cJSON_CreateString(buf);
}

static cJSON *ids(const char *const *s, size_t n)
{
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; a && i < n; i++)
		if (!cJSON_AddItemToArray(a, cJSON_CreateString(s[i]))) {
			cJSON_Delete(a);
			return NULL;
		}
	return a;
}

static cJSON *list(const cli_list *l)
{
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; a && i < l->n; i++)
		if (!cJSON_AddItemToArray(a, abs_path(l->items[i]))) {
			cJSON_Delete(a);
			return NULL;
		}
	return a;
}

int cli_part_header(char **out, const cli_common *c, const cli_query *q, bool optimize,
                    bool compact, bool explain)
{
	*out = NULL;
	char fp[17], name[256], num[32];
	int status = cli_fingerprint(c, fp);
	if (status)
		return status;
	const symbi_match_options *mo = &q->mo;
	cJSON *h = cJSON_CreateObject(), *run = NULL, *in = NULL, *qu = NULL, *o = NULL;
	bool ok = h && cJSON_AddNumberToObject(h, "tile", (double)q->tile_index) &&
	          (run = cJSON_AddObjectToObject(h, "run")) &&
	          cJSON_AddNumberToObject(run, "grid", (double)q->tile) &&
	          cJSON_AddStringToObject(run, "symbi", SYMBI_VERSION) &&
	          cJSON_AddStringToObject(run, "fingerprint", fp) &&
	          (qu = cJSON_AddObjectToObject(run, "query")) &&
	          cJSON_AddItemToObject(qu, "firm", str_or_null(mo->firm)) &&
	          cJSON_AddItemToObject(qu, "firms", ids(mo->firms, mo->nfirms)) &&
	          cJSON_AddItemToObject(qu, "municipality", str_or_null(mo->municipality)) &&
	          cJSON_AddItemToObject(qu, "stream", str_or_null(mo->stream)) &&
	          cJSON_AddItemToObject(qu, "resource", str_or_null(mo->resource)) &&
	          cJSON_AddItemToObject(qu, "region", str_or_null(mo->region)) &&
	          cJSON_AddBoolToObject(qu, "cross_region", mo->cross_region) &&
	          cJSON_AddItemToObject(qu, "max_km", hex_or_null(mo->max_km)) &&
	          snprintf(num, sizeof num, "%zu", mo->top_k) > 0 &&
	          cJSON_AddStringToObject(qu, "top", num) &&
	          cJSON_AddItemToObject(qu, "min_score", hex_or_null(mo->min_score)) &&
	          cJSON_AddBoolToObject(qu, "sector", mo->sector) &&
	          cJSON_AddStringToObject(qu, "objective",
	                                  mo->objective == SYMBI_OBJECTIVE_CO2 ? "co2" : "value") &&
	          snprintf(num, sizeof num, "%zu", mo->max_candidates) > 0 &&
	          cJSON_AddStringToObject(qu, "max_candidates", num) &&
	          (o = cJSON_AddObjectToObject(run, "output")) &&
	          cJSON_AddBoolToObject(o, "optimize", optimize) &&
	          cJSON_AddBoolToObject(o, "compact", compact) &&
	          cJSON_AddBoolToObject(o, "explain", explain) &&
	          cJSON_AddItemToObject(
	              o, "name", str_or_null(cli_dataset_name(c->dataset, name, sizeof name))) &&
	          (in = cJSON_AddObjectToObject(h, "inputs")) &&
	          cJSON_AddItemToObject(in, "dataset", abs_path(c->dataset)) &&
	          cJSON_AddItemToObject(in, "firms", list(&c->firms)) &&
	          cJSON_AddItemToObject(in, "streams", list(&c->streams)) &&
	          cJSON_AddItemToObject(in, "add", list(&c->add)) &&
	          cJSON_AddItemToObject(in, "rules", list(&c->rules)) &&
	          cJSON_AddItemToObject(in, "taxonomy", list(&c->taxonomy)) &&
	          cJSON_AddItemToObject(in, "config", abs_path(c->config)) &&
	          cJSON_AddItemToObject(in, "datadir", abs_path(cli_datadir(c)));
	if (ok)
		ok = (*out = cJSON_PrintUnformatted(h)) != NULL;
	cJSON_Delete(h);
	return ok ? 0 : cli_fail(SYMBI_ENOMEM, NULL);
}
