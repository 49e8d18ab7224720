/*
 * fuzz_workbook.c: an .xlsx workbook as the fuzzer writes it, byte for
 * byte, loaded through symbi_dataset_load_workbook (libzip, then expat);
 * what loads is matched. The seeds are small workbooks whose parts are
 * stored uncompressed, so that mutations reach the XML; fuzz_xlsx.c builds
 * valid archives around fuzzed XML instead.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const symbi_kb *kb = fuzz_kb();
	const char *path = fuzz_write("book.xlsx", data, size);
	symbi_dataset *ds = NULL;
	symbi_diags *d = NULL;
	if (symbi_diags_new(&d, 50) || symbi_dataset_new(&ds, kb))
		abort();
	int rc = symbi_dataset_load_workbook(ds, path, NULL, d);
	FUZZ_ASSERT(rc == 0 || rc == SYMBI_EINPUT || rc == SYMBI_EIO || rc == SYMBI_ENOMEM);
	fuzz_check_diags(d, rc);
	if (rc == 0)
		fuzz_match(ds);
	symbi_dataset_free(ds);
	symbi_diags_free(d);
	return 0;
}
