/*
 * fuzz_taxonomy.c: a user taxonomy file (--taxonomy, the resources.csv
 * format) as the fuzzer writes it, loaded after the shipped EWC list and
 * taxonomy (when the first byte is even) or into an empty knowledge base
 * (odd), then finished; every code of a finished knowledge base must then
 * be found again under its own name, with its parent above it.
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
	int rc = 0;
	if (size && data[0] % 2 == 0) {
		snprintf(path, sizeof path, "%s/ewc.csv", datadir());
		rc = symbi_kb_load_ewc(kb, path, d);
		snprintf(path, sizeof path, "%s/resources.csv", datadir());
		rc = rc ? rc : symbi_kb_load_taxonomy(kb, path, d);
		FUZZ_ASSERT(rc == 0);
	}
	const char *tp = fuzz_write("taxonomy.csv", data, size);
	rc = symbi_kb_load_taxonomy(kb, tp, d);
	FUZZ_ASSERT(rc == 0 || rc == SYMBI_EINPUT || rc == SYMBI_EIO || rc == SYMBI_ENOMEM);
	fuzz_check_diags(d, rc);
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
