/*
 * fuzz_taxonomy.c: a user taxonomy file (--taxonomy, the resources.csv
 * format) as the fuzzer writes it, loaded after the shipped EWC list and
 * taxonomy (when the first byte is even) or into an empty knowledge base
 * (odd), then finished; every code of a finished knowledge base must then
 * be found again under its own name, with its parent above it.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	symbi_kb *kb;
	symbi_diags *d;
	fuzz_kb_new(&kb, &d);
	if (size && data[0] % 2 == 0) {
		fuzz_kb_shipped(kb, d, "ewc.csv", symbi_kb_load_ewc);
		fuzz_kb_shipped(kb, d, "resources.csv", symbi_kb_load_taxonomy);
	}
	int rc = fuzz_kb_fuzzed(kb, d, "taxonomy.csv", symbi_kb_load_taxonomy, data, size);
	if (rc == 0 && symbi_kb_finish(kb, d) == 0) {
		for (size_t i = 0; i < symbi_kb_code_count(kb); i++) {
			const symbi_code *c = symbi_kb_code(kb, (int32_t)i);
			FUZZ_ASSERT(symbi_kb_find(kb, c->code) == (int32_t)i);
			FUZZ_ASSERT(c->parent < (int32_t)symbi_kb_code_count(kb));
			if (c->parent >= 0)
				FUZZ_ASSERT(symbi_kb_is_ancestor(kb, c->parent, (int32_t)i));
			FUZZ_ASSERT(!(c->radius_km < 0));
		}
	}
	symbi_kb_free(kb);
	symbi_diags_free(d);
	return 0;
}
