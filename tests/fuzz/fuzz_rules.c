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
	snprintf(path, sizeof path, "%s/ewc.csv", datadir());
	int rc = symbi_kb_load_ewc(kb, path, d);
	snprintf(path, sizeof path, "%s/resources.csv", datadir());
	rc = rc ? rc : symbi_kb_load_taxonomy(kb, path, d);
	snprintf(path, sizeof path, "%s/scoring.csv", datadir());
	rc = rc ? rc : symbi_kb_load_scoring(kb, path, d);
	FUZZ_ASSERT(rc == 0);
	const char *rp = fuzz_write("rules.csv", data, size);
	rc = symbi_kb_load_rules(kb, rp, d);
	FUZZ_ASSERT(rc == 0 || rc == SYMBI_EINPUT || rc == SYMBI_EIO || rc == SYMBI_ENOMEM);
	fuzz_check_diags(d, rc);
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
