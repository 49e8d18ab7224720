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
	fuzz_dataset(NULL, NULL, fuzz_write("book.xlsx", data, size));
	return 0;
}
