/*
 * fuzz_config.c: a --config JSON file of factor overrides as the fuzzer
 * writes it, loaded over the shipped scoring.csv; an override that loads
 * must be what symbi_kb_find_factor returns afterwards, and finite.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	symbi_kb *kb;
	symbi_diags *d;
	fuzz_kb_new(&kb, &d);
	fuzz_kb_shipped(kb, d, "scoring.csv", symbi_kb_load_scoring);
	int rc = fuzz_kb_fuzzed(kb, d, "config.json", symbi_kb_load_config, data, size);
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
