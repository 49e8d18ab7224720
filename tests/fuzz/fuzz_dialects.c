/*
 * fuzz_dialects.c: a dataset file in any dialect (delimiter found from the
 * header, decimal comma, thousands separators, BOM, CRLF) as the fuzzer
 * writes it. The first byte chooses which file is fuzzed (bit 0: firms.csv
 * or streams.csv) and the encoding asked for (bits 1-2: auto, utf-8,
 * windows-1252); the other file is a fixed Norwegian-Excel semicolon file.
 * Loaded through symbi_dataset_load_with; what loads is matched. With bit 3
 * the fuzzed file is the second part of a merged dataset instead
 * (symbi_dataset_load_sources: the fixed pair first, then the fuzzed file
 * with a fixed comma file whose ids collide with the first part's).
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

static const char firms2[] = "firm_id,name,lat,lon\nd,Plant,60.4,5.3\na,Again,60,5\n";
static const char streams2[] = "firm_id,direction,resource,quantity,unit,stream_id\n"
                               "d,demand,ewc:030101,5,t,\n"
                               "b,supply,ewc:030101,3,t,a/1\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const symbi_kb *kb = fuzz_kb();
	bool fuzz_streams = data[0] & 1;
	symbi_load_options lo = SYMBI_LOAD_OPTIONS_INIT;
	lo.encoding = (symbi_encoding)((data[0] >> 1) % 3);
	bool merged = data[0] & 8;
	const char *fp, *sp;
	symbi_dataset_source src[2];
	if (merged) {
		src[0].firms = fuzz_write("firms.csv", firms, sizeof firms - 1);
		src[0].streams = fuzz_write("streams.csv", streams, sizeof streams - 1);
		src[0].workbook = NULL;
		fp = fuzz_streams ? fuzz_write("firms2.csv", firms2, sizeof firms2 - 1)
		                  : fuzz_write("firms2.csv", data + 1, size - 1);
		sp = fuzz_streams ? fuzz_write("streams2.csv", data + 1, size - 1)
		                  : fuzz_write("streams2.csv", streams2, sizeof streams2 - 1);
		src[1] = (symbi_dataset_source){fp, sp, NULL};
	} else {
		fp = fuzz_streams ? fuzz_write("firms.csv", firms, sizeof firms - 1)
		                  : fuzz_write("firms.csv", data + 1, size - 1);
		sp = fuzz_streams ? fuzz_write("streams.csv", data + 1, size - 1)
		                  : fuzz_write("streams.csv", streams, sizeof streams - 1);
	}
	symbi_dataset *ds = NULL;
	symbi_diags *d = NULL;
	if (symbi_diags_new(&d, 50) || symbi_dataset_new(&ds, kb))
		abort();
	int rc = merged ? symbi_dataset_load_sources(ds, src, 2, &lo, d)
	                : symbi_dataset_load_with(ds, fp, sp, &lo, d);
	/* The second part's ids collide with the first's: never loads whole
	 * unless the fuzzed file removed the collision. */
	for (size_t i = 0; rc == 0 && i < symbi_dataset_stream_count(ds); i++) {
		const char *file = symbi_dataset_stream(ds, (uint32_t)i)->file;
		FUZZ_ASSERT(merged ? !file || strstr(file, "streams2.csv") : !file);
	}
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
