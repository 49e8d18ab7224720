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
	const symbi_kb *kb = fuzz_kb();
	const char *sp = fuzz_write("streams.csv", streams, sizeof streams - 1);
	const char *fp = fuzz_write("firms.csv", data, size);
	symbi_dataset *ds = NULL;
	symbi_diags *d = NULL;
	if (symbi_diags_new(&d, 50) || symbi_dataset_new(&ds, kb))
		abort();
	int rc = symbi_dataset_load(ds, fp, sp, d);
	FUZZ_ASSERT(rc == 0 || rc == SYMBI_EINPUT || rc == SYMBI_EIO || rc == SYMBI_ENOMEM);
	fuzz_check_diags(d, rc);
	if (rc == 0)
		fuzz_match(ds);
	symbi_dataset_free(ds);
	symbi_diags_free(d);
	return 0;
}
