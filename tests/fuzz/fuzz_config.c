/*
 * fuzz_config.c: a --config JSON file of factor overrides as the fuzzer
 * writes it, loaded over the shipped scoring.csv; an override that loads
 * must be what symbi_kb_find_factor returns afterwards, and finite.
 */
#include "fuzz_common.h"

static const char *datadir(void)
{
	const char *dir = getenv("SYMBI_DATADIR");
	return dir && *dir ? dir : SYMBI_SOURCE_DATADIR;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[1024];
	symbi_kb *kb = NULL;
	symbi_diags *d = NULL;
	if (symbi_diags_new(&d, 50) || symbi_kb_new(&kb))
		abort();
	snprintf(path, sizeof path, "%s/scoring.csv", datadir());
	FUZZ_ASSERT(symbi_kb_load_scoring(kb, path, d) == 0);
	const char *cp = fuzz_write("config.json", data, size);
	int rc = symbi_kb_load_config(kb, cp, d);
	FUZZ_ASSERT(rc == 0 || rc == SYMBI_EINPUT || rc == SYMBI_EIO || rc == SYMBI_ENOMEM);
	fuzz_check_diags(d, rc);
	if (rc == 0) {
		for (size_t i = 0; i < symbi_kb_factor_count(kb); i++) {
			const symbi_factor *f = symbi_kb_factor(kb, i);
			FUZZ_ASSERT(f->key && isfinite(f->value));
			FUZZ_ASSERT(symbi_kb_find_factor(kb, f->key) != NULL);
		}
		symbi_kb_finish(kb, d);
	}
	symbi_kb_free(kb);
	symbi_diags_free(d);
	return 0;
}
