/*
 * fixture.h: what the dataset-loading tests share (test_load.c,
 * test_words.c): a temporary folder with firms.csv and streams.csv written
 * from the test's texts, loading them, and looking for one diagnostic.
 */
#ifndef SYMBI_TEST_LOAD_FIXTURE_H
#define SYMBI_TEST_LOAD_FIXTURE_H

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/internal.h"
#include "unit.h"

static char tmpdir[64];
static char firms_path[128], streams_path[128];

/* Make the folder /tmp/symbi-test-NAME-XXXXXX and the paths of its two
 * files; false (after a failed check) when it cannot be made. */
static inline bool fixture_open(const char *name)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/symbi-test-%s-XXXXXX", name);
	if (!mkdtemp(tmpdir)) {
		fprintf(stderr, "mkdtemp failed\n");
		CHECK(false);
		return false;
	}
	snprintf(firms_path, sizeof firms_path, "%s/firms.csv", tmpdir);
	snprintf(streams_path, sizeof streams_path, "%s/streams.csv", tmpdir);
	return true;
}

/* Remove the two files and the folder (the test removes its other files). */
static inline void fixture_close(void)
{
	unlink(firms_path);
	unlink(streams_path);
	rmdir(tmpdir);
}

static inline void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	CHECK(f != NULL);
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

/* Load the two texts; returns the load's code and leaves ds and diags. */
static inline int load(const symbi_kb *kb, const char *firms, const char *streams, symbi_dataset **ds,
                symbi_diags **dg)
{
	write_file(firms_path, firms);
	write_file(streams_path, streams);
	CHECK_EQ_INT(symbi_dataset_new(ds, kb), 0);
	CHECK_EQ_INT(symbi_diags_new(dg, 100), 0);
	return symbi_dataset_load(*ds, firms_path, streams_path, *dg);
}

/* Is there a diagnostic of `sev` at `line` naming `column` (NULL: none)
 * whose message contains `text`? */
static inline bool has_diag(const symbi_diags *dg, symbi_severity sev, uint32_t line, const char *column,
                     const char *text)
{
	for (size_t i = 0; i < symbi_diags_count(dg); i++) {
		const symbi_diag *g = symbi_diags_get(dg, i);
		if (g->severity == sev && g->line == line &&
		    (column ? g->column && strcmp(g->column, column) == 0 : !g->column) &&
		    strstr(g->message, text))
			return true;
	}
	return false;
}

#endif
