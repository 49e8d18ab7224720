/*
 * fuzz_query.c: the strings a user types as match options. The input is cut
 * at newlines; each piece goes through the parsers of codes, months, units,
 * NACE codes and numbers, and is used as --resource, --region, --firm and
 * --stream of a match on a small fixed dataset. Properties checked:
 * normalising a code twice gives the same code; a parsed month mask formats
 * to text that parses back to the same mask; an accepted unit has a
 * dimension and positive factors; a rejected option is SYMBI_EQUERY with a
 * message, never a crash.
 */
#include "fuzz_common.h"

static symbi_dataset *fixed_dataset(void)
{
	static symbi_dataset *ds;
	if (ds)
		return ds;
	static const char firms[] = "firm_id,name,lat,lon,nace,region\n"
	                            "a,Sawmill,60.80,10.70,16.10,Innlandet\n"
	                            "b,Heat,60.79,10.69,35.30,Innlandet\n"
	                            "c,Farm,60.81,10.71,01.41,Viken\n";
	static const char streams[] = "firm_id,stream_id,direction,resource,quantity,unit,temp_c\n"
	                              "a,s1,supply,ewc:030105,100,t,\n"
	                              "a,s2,supply,energy:heat,500,MWh,80\n"
	                              "b,d1,demand,mat:biofuel,50,t,\n"
	                              "b,d2,demand,energy:heat,400,MWh,60\n"
	                              "c,s3,supply,ewc:020106,300,t,\n";
	const char *fp = fuzz_write("firms.csv", firms, sizeof firms - 1);
	const char *sp = fuzz_write("streams.csv", streams, sizeof streams - 1);
	symbi_diags *d = NULL;
	if (symbi_diags_new(&d, 10) || symbi_dataset_new(&ds, fuzz_kb()) ||
	    symbi_dataset_load(ds, fp, sp, d))
		abort();
	symbi_diags_free(d);
	return ds;
}

static void one(const char *s)
{
	char a[128], b[128], small[6];
	/* Codes: idempotent, and never overflowing a small buffer. */
	if (symbi_code_normalise(s, a, sizeof a) == 0) {
		FUZZ_ASSERT(symbi_code_normalise(a, b, sizeof b) == 0);
		FUZZ_ASSERT(strcmp(a, b) == 0);
	}
	symbi_code_normalise(s, small, sizeof small);
	int32_t sug[5];
	size_t ns = symbi_kb_suggest(fuzz_kb(), s, sug, 5);
	FUZZ_ASSERT(ns <= 5);
	/* Months: format and parse back. */
	uint16_t mask = 0, again = 0;
	if (symbi_months_parse(s, &mask) == 0) {
		char buf[64];
		FUZZ_ASSERT(mask != 0 && mask <= SYMBI_MONTHS_ALL);
		symbi_months_format(mask, buf, sizeof buf);
		FUZZ_ASSERT(symbi_months_parse(buf, &again) == 0 && again == mask);
	}
	/* Units. */
	symbi_unit u;
	if (symbi_unit_parse(s, &u) == 0)
		FUZZ_ASSERT(u.dim != SYMBI_DIM_NONE && u.to_base > 0 && u.per_year > 0);
	/* NACE and numbers. */
	if (symbi__nace_normalise(s, a, sizeof a) == 0)
		FUZZ_ASSERT(symbi__nace_normalise(a, b, sizeof b) == 0 && strcmp(a, b) == 0);
	double x;
	if (symbi__parse_double(s, &x) == 0)
		FUZZ_ASSERT(isfinite(x));
	int64_t n;
	if (symbi__parse_int64(s, -5, 5, &n) == 0)
		FUZZ_ASSERT(n >= -5 && n <= 5);
	/* As match options. */
	const symbi_dataset *ds = fixed_dataset();
	symbi_dataset_find_region(ds, s);
	for (int k = 0; k < 4; k++) {
		symbi_match_options opt = SYMBI_MATCH_OPTIONS_INIT;
		opt.threads = 1;
		opt.sector = true;
		if (k == 0)
			opt.resource = s;
		else if (k == 1)
			opt.region = s;
		else if (k == 2)
			opt.firm = s;
		else
			opt.stream = s;
		symbi_matches *m = NULL;
		int rc = symbi_match(&m, ds, &opt);
		FUZZ_ASSERT(rc == 0 || rc == SYMBI_EQUERY);
		if (rc == SYMBI_EQUERY)
			FUZZ_ASSERT(symbi_last_error()[0] != '\0');
		symbi_matches_free(m);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	char *copy = malloc(size + 1);
	if (!copy)
		abort();
	memcpy(copy, data, size);
	copy[size] = '\0';
	/* A NUL ends the whole input, as it would end a C string option. */
	for (char *p = copy, *nl; p; p = nl) {
		nl = strchr(p, '\n');
		if (nl)
			*nl++ = '\0';
		one(p);
	}
	free(copy);
	return 0;
}
