/*
 * fuzz_dialects.c: a dataset file in any dialect (delimiter found from the
 * header, decimal comma, thousands separators, BOM, CRLF) as the fuzzer
 * writes it. The first byte chooses which file is fuzzed (bit 0: firms.csv
 * or streams.csv) and the encoding asked for (bits 1-2: auto, utf-8,
 * windows-1252); the other file is a fixed Norwegian-Excel semicolon file.
 * Loaded through symbi_dataset_load_with; what loads is matched.
 */
#include "fuzz_common.h"

static const char firms[] = "firm_id;name;lat;lon;nace\r\n"
                            "a;Sag;60,39;5,32;16.10\r\n"
                            "b;Plate;60,4;5,3;16.21\r\n"
                            "c;Veksthus;59,95;10,8;01.13\r\n";
static const char streams[] = "firm_id;direction;resource;quantity;unit;temp_c\r\n"
                              "a;supply;ewc:030105;1200,5;t;\r\n"
                              "b;demand;ewc:0301;800;t/yr;\r\n"
                              "a;supply;energy:heat;1000;MWh;70,5\r\n"
                              "c;demand;energy:heat;800;MWh;60\r\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const symbi_kb *kb = fuzz_kb();
	bool fuzz_streams = data[0] & 1;
	symbi_load_options lo = SYMBI_LOAD_OPTIONS_INIT;
	lo.encoding = (symbi_encoding)((data[0] >> 1) % 3);
	const char *fp = fuzz_streams ? fuzz_write("firms.csv", firms, sizeof firms - 1)
	                              : fuzz_write("firms.csv", data + 1, size - 1);
	const char *sp = fuzz_streams ? fuzz_write("streams.csv", data + 1, size - 1)
	                              : fuzz_write("streams.csv", streams, sizeof streams - 1);
	symbi_dataset *ds = NULL;
	symbi_diags *d = NULL;
	if (symbi_diags_new(&d, 50) || symbi_dataset_new(&ds, kb))
		abort();
	int rc = symbi_dataset_load_with(ds, fp, sp, &lo, d);
	FUZZ_ASSERT(rc == 0 || rc == SYMBI_EINPUT || rc == SYMBI_EIO || rc == SYMBI_ENOMEM);
	fuzz_check_diags(d, rc);
	if (rc == 0) {
		/* What loaded is text: names and notes are UTF-8 whatever the file's
		 * encoding was. */
		for (size_t i = 0; i < symbi_dataset_firm_count(ds); i++) {
			const char *name = symbi_dataset_firm(ds, (uint32_t)i)->name;
			FUZZ_ASSERT(symbi__utf8_valid(name, strlen(name)));
		}
		fuzz_match(ds);
	}
	symbi_dataset_free(ds);
	symbi_diags_free(d);
	return 0;
}
