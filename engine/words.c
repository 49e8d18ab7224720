/*
 * words.c: the tables of words symbi accepts beside its English column
 * names, direction values and units (see words.h). Analysts who map firms
 * for a Norwegian county write their spreadsheets in bokmål: `navn`,
 * `kommune`, `retning` = `tilbud`/`behov`, `enhet` = `tonn/år`. Each word
 * maps to exactly one English one, so reading a Norwegian file gives the
 * same model, byte for byte, as reading its English twin.
 *
 * The tables are the only list of these words: the loader, the unit parser
 * (util.c) and the template reader use them; the README copies them.
 */
#include <string.h>

#include "words.h"

/* ==== Tables ========================================================================= */

/* Header names: each canonical English name first, then its aliases. The
 * Norwegian names are the first alias; the ASCII spellings (ae, o, aa) are
 * for files whose letters a tool has flattened. */
const symbi__word symbi__column_words[] = {
    /* both files */
    {"firm_id", "firm_id"},
    {"bedrift_id", "firm_id"},
    {"bedriftsid", "firm_id"},
    /* firms.csv */
    {"name", "name"},
    {"navn", "name"},
    {"lat", "lat"},
    {"breddegrad", "lat"},
    {"latitude", "lat"},
    {"lon", "lon"},
    {"lengdegrad", "lon"},
    {"longitude", "lon"},
    {"lng", "lon"},
    {"nace", "nace"},
    {"næringskode", "nace"},
    {"naeringskode", "nace"},
    {"nace_code", "nace"},
    {"region", "region"},
    {"fylke", "region"},
    {"municipality", "municipality"},
    {"kommune", "municipality"},
    {"kommunenummer", "municipality"},
    {"kommunenr", "municipality"},
    {"org_nr", "org_nr"},
    {"orgnr", "org_nr"},
    {"organisasjonsnummer", "org_nr"},
    {"employees", "employees"},
    {"ansatte", "employees"},
    {"antall_ansatte", "employees"},
    /* streams.csv */
    {"direction", "direction"},
    {"retning", "direction"},
    {"resource", "resource"},
    {"ressurs", "resource"},
    {"quantity", "quantity"},
    {"mengde", "quantity"},
    {"unit", "unit"},
    {"enhet", "unit"},
    {"stream_id", "stream_id"},
    {"strøm_id", "stream_id"},
    {"strom_id", "stream_id"},
    {"temp_c", "temp_c"},
    {"temperatur", "temp_c"},
    {"temperatur_c", "temp_c"},
    {"months", "months"},
    {"måneder", "months"},
    {"maaneder", "months"},
    {"maneder", "months"},
    {"disposal_cost", "disposal_cost"},
    {"avfallskostnad", "disposal_cost"},
    {"purchase_price", "purchase_price"},
    {"innkjøpspris", "purchase_price"},
    {"innkjopspris", "purchase_price"},
    {"max_km", "max_km"},
    {"maks_km", "max_km"},
    {"note", "note"},
    {"merknad", "note"},
    /* Animal by-product category (Regulation (EC) 1069/2009; in Norway the
     * biproduktforskriften): "kategori for animalske biprodukter". */
    {"abp_category", "abp_category"},
    {"abp_kategori", "abp_category"},
};
const size_t symbi__column_word_count = sizeof symbi__column_words / sizeof *symbi__column_words;

const symbi__word symbi__direction_words[] = {
    {"supply", "supply"},
    {"tilbud", "supply"},
    {"demand", "demand"},
    {"behov", "demand"},
};
const size_t symbi__direction_word_count =
    sizeof symbi__direction_words / sizeof *symbi__direction_words;

/* Units: the metric tonne only ("ton"/"tons" may be a short ton of 907 kg,
 * so they are refused rather than guessed). */
const symbi__word symbi__unit_words[] = {
    {"t", "t"},         {"tonn", "t"},     {"tonne", "t"},   {"tonnes", "t"},
    {"kg", "kg"},       {"m3", "m3"},      {"m³", "m3"},     {"l", "l"},
    {"liter", "l"},     {"litre", "l"},    {"litres", "l"},  {"MWh", "MWh"},
    {"kWh", "kWh"},     {"GWh", "GWh"},
};
const size_t symbi__unit_word_count = sizeof symbi__unit_words / sizeof *symbi__unit_words;

/* Periods after '/' (or "per", "pr."): "t" is not one, being the tonne. */
const symbi__word symbi__period_words[] = {
    {"yr", "yr"},       {"year", "yr"},    {"a", "yr"},       {"y", "yr"},
    {"år", "yr"},       {"aar", "yr"},     {"month", "month"}, {"måned", "month"},
    {"mnd", "month"},   {"week", "week"},  {"uke", "week"},    {"day", "day"},
    {"d", "day"},       {"dag", "day"},    {"døgn", "day"},    {"h", "h"},
    {"hour", "h"},      {"time", "h"},
};
const size_t symbi__period_word_count = sizeof symbi__period_words / sizeof *symbi__period_words;

/* ==== Comparing ======================================================================= */

/* The byte after 0xC3 of an upper-case Æ (86), Ø (98), Å (85) or É (89) is
 * its lower-case letter's minus 0x20. */
static bool upper_latin1(unsigned char c)
{
	return c == 0x86 || c == 0x98 || c == 0x85 || c == 0x89;
}

int symbi__word_casecmp(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;
	bool after_c3_p = false, after_c3_q = false;
	for (;; p++, q++) {
		int cp = *p, cq = *q;
		if (cp >= 'A' && cp <= 'Z')
			cp += 32;
		else if (after_c3_p && upper_latin1((unsigned char)cp))
			cp += 0x20;
		if (cq >= 'A' && cq <= 'Z')
			cq += 32;
		else if (after_c3_q && upper_latin1((unsigned char)cq))
			cq += 0x20;
		if (cp != cq || !cp)
			return cp - cq;
		after_c3_p = *p == 0xC3;
		after_c3_q = *q == 0xC3;
	}
}

const char *symbi__word_find(const symbi__word *table, size_t n, const char *w)
{
	if (!w)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (symbi__word_casecmp(table[i].word, w) == 0)
			return table[i].canonical;
	return NULL;
}

/* Optimal string alignment distance: Levenshtein's edits plus the
 * transposition of two neighbouring letters as one edit ("Olso" is one
 * edit from "Oslo", not two), three rows, O(|a| |b|) time. */
size_t symbi__levenshtein(const char *a, const char *b, size_t cap)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 255 || lb > 255)
		return cap + 1;
	size_t pprev[256], prev[256], cur[256];
	for (size_t j = 0; j <= lb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = i;
		size_t best = cur[0];
		for (size_t j = 1; j <= lb; j++) {
			size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
			size_t v = sub < del ? sub : del;
			v = v < ins ? v : ins;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    pprev[j - 2] + 1 < v)
				v = pprev[j - 2] + 1;
			cur[j] = v;
			if (cur[j] < best)
				best = cur[j];
		}
		if (best > cap)
			return cap + 1; /* every path is already too far */
		memcpy(pprev, prev, (lb + 1) * sizeof *prev);
		memcpy(prev, cur, (lb + 1) * sizeof *prev);
	}
	return prev[lb];
}
