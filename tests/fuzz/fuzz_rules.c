/*
 * fuzz_rules.c: a user rules file (--rules) as the fuzzer writes it, loaded
 * on top of the shipped vocabulary (ewc.csv, resources.csv, scoring.csv),
 * then the knowledge base finished; when it finishes, a small fixed dataset
 * is matched with the fuzzed rules.
 */
#include "fuzz_common.h"

static const char firms[] = "firm_id,name,lat,lon,nace\n"
                            "a,Sawmill,60.80,10.70,16.10\n"
                            "b,Heat,60.79,10.69,35.30\n"
                            "c,Farm,60.81,10.71,01.41\n";
static const char streams[] = "firm_id,direction,resource,quantity,unit,temp_c\n"
                              "a,supply,ewc:030105,100,t,\n"
                              "a,supply,energy:heat,500,MWh,80\n"
                              "b,demand,mat:biofuel,50,t,\n"
                              "c,supply,ewc:020106,300,t,\n"
                              "b,demand,energy:fuel-gas,100,MWh,\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	symbi_kb *kb;
	symbi_diags *d;
	fuzz_kb_new(&kb, &d);
	fuzz_kb_shipped(kb, d, "ewc.csv", symbi_kb_load_ewc);
	fuzz_kb_shipped(kb, d, "resources.csv", symbi_kb_load_taxonomy);
	fuzz_kb_shipped(kb, d, "scoring.csv", symbi_kb_load_scoring);
	int rc = fuzz_kb_fuzzed(kb, d, "rules.csv", symbi_kb_load_rules, data, size);
	if (rc == 0 && symbi_kb_finish(kb, d) == 0) {
		symbi_dataset *ds = NULL;
		const char *fp = fuzz_write("firms.csv", firms, sizeof firms - 1);
		const char *sp = fuzz_write("streams.csv", streams, sizeof streams - 1);
		if (symbi_dataset_new(&ds, kb))
			abort();
		if (symbi_dataset_load(ds, fp, sp, d) == 0)
			fuzz_match(ds);
		symbi_dataset_free(ds);
	}
	symbi_kb_free(kb);
	symbi_diags_free(d);
	return 0;
}
