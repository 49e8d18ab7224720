/*
 * fuzz_streams.c: streams.csv as the fuzzer writes it, with a fixed
 * firms.csv (sites of several sectors close together, and one across the
 * antimeridian), loaded through symbi_dataset_load with the shipped
 * knowledge base; what loads is matched and allocated.
 */
#include "fuzz_common.h"

static const char firms[] =
	"firm_id,name,lat,lon,nace,region\n"
	"a,Sawmill,60.80,10.70,16.10,Innlandet\n"
	"b,District heating,60.79,10.69,35.30,Innlandet\n"
	"c,Greenhouse,60.81,10.71,01.13,Innlandet\n"
	"d,Biogas,60.70,10.60,35.21,Innlandet\n"
	"e,East,0.0,179.99,38.21,Pacific\n"
	"f,West,0.0,-179.99,35.30,Pacific\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *fp = fuzz_write("firms.csv", firms, sizeof firms - 1);
	fuzz_dataset(fp, fuzz_write("streams.csv", data, size), NULL);
	return 0;
}
