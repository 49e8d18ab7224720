/*
 * fuzz_firms.c: firms.csv as the fuzzer writes it, with a fixed streams.csv,
 * loaded through symbi_dataset_load; what loads is matched.
 */
#include "fuzz_common.h"

/* Streams of the firms the seed corpus names ("a", "b", "c"). */
static const char streams[] =
	"firm_id,direction,resource,quantity,unit,temp_c\n"
	"a,supply,ewc:030105,100,t,\n"
	"b,demand,ewc:0301,50,t/yr,\n"
	"a,supply,energy:heat,1000,MWh,70\n"
	"c,demand,energy:heat,800,MWh,60\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *sp = fuzz_write("streams.csv", streams, sizeof streams - 1);
	fuzz_dataset(fuzz_write("firms.csv", data, size), sp, NULL);
	return 0;
}
