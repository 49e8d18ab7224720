/*
 * fuzz_common.h: what the libFuzzer harnesses share — a private temporary
 * folder, writing the fuzzer's bytes to a file there (the loaders read files,
 * and every byte must go through csvio exactly as in production), and the
 * shipped knowledge base loaded once per process.
 *
 * A harness never reports a finding itself: libFuzzer, AddressSanitizer and
 * UndefinedBehaviorSanitizer do (a crash, a leak, a sanitizer report), and
 * FUZZ_ASSERT turns a broken property (an idempotent normaliser that is not,
 * an error without a message) into an abort the fuzzer records.
 */
#ifndef SYMBI_FUZZ_COMMON_H
#define SYMBI_FUZZ_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/internal.h"
#include "symbi_config.h"

#define FUZZ_ASSERT(cond)                                                              \
	do {                                                                           \
		if (!(cond)) {                                                         \
			fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                       \
		}                                                                      \
	} while (0)

static char fuzz_dir[256];

/* Remove the temporary folder when libFuzzer exits normally (a crash leaves
 * it, next to the crash artifact, for whoever investigates). */
static inline void fuzz_cleanup(void)
{
	static const char *const names[] = {"firms.csv",    "streams.csv", "firms2.csv",
	                                    "streams2.csv", "rules.csv",   "taxonomy.csv",
	                                    "config.json",  "book.xlsx"};
	char p[512];
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		snprintf(p, sizeof p, "%s/%s", fuzz_dir, names[i]);
		unlink(p);
	}
	rmdir(fuzz_dir);
}

/* A path inside this process's temporary folder (created on first use). */
static inline const char *fuzz_path(const char *name)
{
	static char buf[4][512];
	static int next;
	if (!fuzz_dir[0]) {
		const char *t = getenv("TMPDIR");
		snprintf(fuzz_dir, sizeof fuzz_dir, "%s/symbi-fuzz-XXXXXX", t && *t ? t : "/tmp");
		if (!mkdtemp(fuzz_dir))
			abort();
		atexit(fuzz_cleanup);
	}
	char *p = buf[next++ % 4];
	snprintf(p, sizeof buf[0], "%s/%s", fuzz_dir, name);
	return p;
}

/* Write `n` bytes to the file `name` of the temporary folder. */
static inline const char *fuzz_write(const char *name, const void *data, size_t n)
{
	const char *p = fuzz_path(name);
	FILE *f = fopen(p, "wb");
	if (!f || (n && fwrite(data, 1, n, f) != n) || fclose(f))
		abort();
	return p;
}

/* The shipped knowledge base's folder: $SYMBI_DATADIR or the source tree's. */
static inline const char *fuzz_datadir(void)
{
	const char *dir = getenv("SYMBI_DATADIR");
	return dir && *dir ? dir : SYMBI_SOURCE_DATADIR;
}

/* The shipped knowledge base, loaded and finished once; the harnesses only
 * read it. */
static inline const symbi_kb *fuzz_kb(void)
{
	static symbi_kb *kb;
	if (kb)
		return kb;
	symbi_diags *d = NULL;
	if (symbi_diags_new(&d, 10) || symbi_kb_new(&kb) || symbi_kb_load_dir(kb, fuzz_datadir(), d) ||
	    symbi_kb_finish(kb, d)) {
		fprintf(stderr, "fuzz: cannot load the knowledge base: %s\n", symbi_last_error());
		abort();
	}
	symbi_diags_free(d);
	return kb;
}

/* Every diagnostic must be well formed: a file, a message, and an error
 * count that agrees with what was returned. */
static inline void fuzz_check_diags(const symbi_diags *d, int rc)
{
	for (size_t i = 0; i < symbi_diags_count(d); i++) {
		const symbi_diag *x = symbi_diags_get(d, i);
		FUZZ_ASSERT(x->message && x->message[0]);
		FUZZ_ASSERT(x->file);
	}
	if (rc == SYMBI_EINPUT)
		FUZZ_ASSERT(symbi_diags_errors(d) > 0);
	/* The loaders' contract: SYMBI_EINPUT when any error was reported.
	 * $SYMBI_FUZZ_ALLOW_UNREPORTED lets a long run go on past this one
	 * property while a finding about it is open (see tests/fuzz/run.sh). */
	if (rc == 0 && !getenv("SYMBI_FUZZ_ALLOW_UNREPORTED"))
		FUZZ_ASSERT(symbi_diags_errors(d) == 0);
}

/* Match a small dataset that loaded, so that fuzzed values (coordinates,
 * quantities, temperatures, months) also reach the matcher and the scorer. */
static inline void fuzz_match(const symbi_dataset *ds)
{
	if (symbi_dataset_stream_count(ds) > 400)
		return;
	symbi_match_options opt = SYMBI_MATCH_OPTIONS_INIT;
	opt.threads = 1;
	opt.sector = true;
	opt.max_candidates = 100000;
	symbi_matches *m = NULL;
	int rc = symbi_match(&m, ds, &opt);
	FUZZ_ASSERT(rc == 0 || rc == SYMBI_EINPUT || rc == SYMBI_ELIMIT || rc == SYMBI_ENOMEM);
	if (rc == 0) {
		for (size_t i = 0; i < symbi_matches_count(m); i++) {
			const symbi_candidate *c = symbi_matches_get(m, i);
			/* A candidate never pairs a firm with itself and never
			 * travels farther than its radius. */
			FUZZ_ASSERT(c->supplier != c->receiver);
			FUZZ_ASSERT(!(c->distance_km > c->radius_km * (1 + 1e-9) + 1e-9));
			char id[512];
			symbi_candidate_id(m, i, id, sizeof id);
		}
		symbi_allocation_summary sum;
		rc = symbi_allocate(m, SYMBI_OBJECTIVE_VALUE, &sum);
		FUZZ_ASSERT(rc == 0 || rc == SYMBI_EINTERNAL || rc == SYMBI_ENOMEM);
	}
	symbi_matches_free(m);
}

/* The harnesses of a knowledge-base file: a new, empty knowledge base and
 * diagnostics (the caller frees both). */
static inline void fuzz_kb_new(symbi_kb **kb, symbi_diags **d)
{
	*kb = NULL;
	*d = NULL;
	if (symbi_diags_new(d, 50) || symbi_kb_new(kb))
		abort();
}

/* Load the shipped file `name` into `kb` with `load`; it must load. */
static inline void fuzz_kb_shipped(symbi_kb *kb, symbi_diags *d, const char *name,
                                   int (*load)(symbi_kb *, const char *, symbi_diags *))
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", fuzz_datadir(), name);
	FUZZ_ASSERT(load(kb, path, d) == 0);
}

/* Write the fuzzer's bytes to the file `name` and load it into `kb` with
 * `load`: what it returns must be a loader's code, and what it reported
 * well formed (fuzz_check_diags). Returns the code. */
static inline int fuzz_kb_fuzzed(symbi_kb *kb, symbi_diags *d, const char *name,
                                 int (*load)(symbi_kb *, const char *, symbi_diags *),
                                 const uint8_t *data, size_t size)
{
	int rc = load(kb, fuzz_write(name, data, size), d);
	FUZZ_ASSERT(rc == 0 || rc == SYMBI_EINPUT || rc == SYMBI_EIO || rc == SYMBI_ENOMEM);
	fuzz_check_diags(d, rc);
	return rc;
}

/* The dataset harnesses' run: load firms.csv and streams.csv (or the
 * workbook, when `workbook` is not NULL) with the shipped knowledge base;
 * what the loader returns must be a loader's code and what it reports well
 * formed; what loads is matched (fuzz_match). */
static inline void fuzz_dataset(const char *firms, const char *streams, const char *workbook)
{
	symbi_dataset *ds = NULL;
	symbi_diags *d = NULL;
	if (symbi_diags_new(&d, 50) || symbi_dataset_new(&ds, fuzz_kb()))
		abort();
	int rc = workbook ? symbi_dataset_load_workbook(ds, workbook, NULL, d)
	                  : symbi_dataset_load(ds, firms, streams, d);
	FUZZ_ASSERT(rc == 0 || rc == SYMBI_EINPUT || rc == SYMBI_EIO || rc == SYMBI_ENOMEM);
	fuzz_check_diags(d, rc);
	if (rc == 0)
		fuzz_match(ds);
	symbi_dataset_free(ds);
	symbi_diags_free(d);
}

#endif
