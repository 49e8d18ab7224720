/*
 * test_map.c: the string map (symbi__map: hashes kept per slot, growth,
 * case folding, the probe-then-insert pair) and the fast paths of loading
 * that stand beside it: decimal numbers read without strtod and the ASCII
 * skip of the UTF-8 check. The datasets that defeat the loader's guesses
 * are in test_load.c.
 */
#include <stdlib.h>

#include "engine/internal.h"
#include "unit.h"

/* ==== The map ====================================================================== */

static void test_map_basics(void)
{
	symbi__map m = {0};
	CHECK_EQ_INT(symbi__map_get(&m, "a"), -1); /* empty: nothing allocated */
	CHECK_EQ_INT(symbi__map_put(&m, "alpha", 1), 0);
	CHECK_EQ_INT(symbi__map_put(&m, "beta", 2), 0);
	CHECK_EQ_INT(symbi__map_put(&m, "", 3), 0); /* the empty key is a key */
	CHECK_EQ_INT(symbi__map_get(&m, "alpha"), 1);
	CHECK_EQ_INT(symbi__map_get(&m, "beta"), 2);
	CHECK_EQ_INT(symbi__map_get(&m, ""), 3);
	CHECK_EQ_INT(symbi__map_get(&m, "Alpha"), -1); /* case matters by default */
	CHECK_EQ_INT(symbi__map_get(&m, "alph"), -1);
	CHECK_EQ_INT(symbi__map_get(&m, "alphaa"), -1);
	CHECK_EQ_INT(symbi__map_put(&m, "alpha", 7), 0); /* replaces */
	CHECK_EQ_INT(symbi__map_get(&m, "alpha"), 7);
	CHECK_EQ_INT(m.len, 3);
	symbi__map_clear(&m);
	CHECK_EQ_INT(m.len, 0);
	CHECK_EQ_INT(symbi__map_get(&m, "alpha"), -1);
	symbi__map_clear(&m); /* twice is fine */
}

/* Ids shaped like a dataset's, of every length from 1 to 24 bytes (the hash
 * reads eight at a time): 200 000 keys force many doublings, and every key
 * must still be found with its own value after them. */
static void test_map_growth(void)
{
	enum { N = 200000 };
	char(*keys)[32] = malloc(sizeof *keys * N);
	CHECK(keys != NULL);
	if (!keys)
		return;
	symbi__map m = {0};
	for (int i = 0; i < N; i++) {
		snprintf(keys[i], sizeof keys[i], "NO%07d/%d%.*s", i / 3, i % 3 + 1, i % 12,
		         "xxxxxxxxxxxx");
		if (i % 1000 == 0)
			snprintf(keys[i], sizeof keys[i], "%.*s%d", i / 1000 % 20,
			         "abcdefghijklmnopqrst", i);
	}
	int failed = 0;
	for (int i = 0; i < N; i++)
		failed += symbi__map_put(&m, keys[i], i) != 0;
	CHECK_EQ_INT(failed, 0);
	CHECK_EQ_INT(m.len, N);
	/* Load factor at most 3/4, capacity a power of two. */
	CHECK(m.len * 4 <= m.cap * 3);
	CHECK((m.cap & (m.cap - 1)) == 0);
	int wrong = 0;
	char probe[40];
	for (int i = 0; i < N; i++) {
		/* A copy, so equal text and not equal pointers is what matches. */
		memcpy(probe, keys[i], strlen(keys[i]) + 1);
		wrong += symbi__map_get(&m, probe) != i;
		snprintf(probe, sizeof probe, "%s#", keys[i]);
		wrong += symbi__map_get(&m, probe) != -1;
	}
	CHECK_EQ_INT(wrong, 0);
	symbi__map_clear(&m);
	free(keys);
}

static void test_map_probe(void)
{
	symbi__map m = {0};
	int32_t v = 99;
	symbi__map_pos at;
	char first[] = "NO0000001", again[] = "NO0000001";
	CHECK_EQ_INT(symbi__map_probe(&m, first, &v, &at), 0);
	CHECK_EQ_INT(v, -1);
	CHECK_EQ_INT(m.len, 0); /* a probe alone inserts nothing */
	CHECK_EQ_INT(symbi__map_get(&m, first), -1);
	/* The map borrows the pointer given to put_at, not the probed one. */
	const char *kept = "NO0000001";
	symbi__map_put_at(&m, &at, kept, 5);
	CHECK_EQ_INT(m.len, 1);
	first[0] = 'X';
	CHECK_EQ_INT(symbi__map_get(&m, again), 5);
	CHECK_EQ_INT(symbi__map_probe(&m, again, &v, &at), 0);
	CHECK_EQ_INT(v, 5);
	symbi__map_put_at(&m, &at, again, 6); /* present: replaces the value only */
	CHECK_EQ_INT(m.len, 1);
	CHECK_EQ_INT(symbi__map_get(&m, kept), 6);
	/* Probes that make the map grow keep every earlier key. */
	static char ids[1000][16];
	int wrong = 0;
	for (int i = 0; i < 1000; i++) {
		snprintf(ids[i], sizeof ids[i], "s%d", i);
		if (symbi__map_probe(&m, ids[i], &v, &at) || v != -1)
			wrong++;
		else
			symbi__map_put_at(&m, &at, ids[i], i);
	}
	CHECK_EQ_INT(wrong, 0);
	CHECK_EQ_INT(m.len, 1001);
	for (int i = 0; i < 1000; i++)
		wrong += symbi__map_get(&m, ids[i]) != i;
	CHECK_EQ_INT(wrong, 0);
	CHECK_EQ_INT(symbi__map_get(&m, kept), 6);
	symbi__map_clear(&m);
}

/* Case folding touches 'A'..'Z' only: not the bytes 0x20 away from them
 * ('@' and '`', '[' and '{'), nor any byte of a UTF-8 sequence. Keys of 7 to
 * 17 bytes put the letters on both sides of the eight-byte words. */
static void test_map_fold(void)
{
	CHECK(symbi__hash("Vestland", true) == symbi__hash("vESTLAND", true));
	CHECK(symbi__hash("Vestland", false) != symbi__hash("vestland", false));
	CHECK(symbi__hash("@", true) != symbi__hash("`", true));
	CHECK(symbi__hash("[", true) != symbi__hash("{", true));
	CHECK(symbi__hash("\xc3\x98", true) != symbi__hash("\xc3\xb8", true)); /* Ø, ø */
	char up[32], low[32], all[64];
	for (int i = 0; i < 64; i++)
		all[i] = (char)('@' + i); /* '@' 'A'..'Z' '[' .. '`' 'a'..'z' '{' .. */
	int wrong = 0;
	for (size_t n = 7; n <= 17; n++)
		for (size_t start = 0; start + n <= 64; start++) {
			memcpy(up, all + start, n);
			up[n] = '\0';
			for (size_t k = 0; k < n; k++) {
				char c = up[k];
				low[k] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
			}
			low[n] = '\0';
			wrong += symbi__hash(up, true) != symbi__hash(low, true);
		}
	CHECK_EQ_INT(wrong, 0);

	symbi__map m = {0};
	m.fold_case = true;
	CHECK_EQ_INT(symbi__map_put(&m, "Møre og Romsdal", 1), 0);
	CHECK_EQ_INT(symbi__map_put(&m, "MØRE OG ROMSDAL", 2), 0); /* Ø is not ø */
	CHECK_EQ_INT(symbi__map_put(&m, "a@b", 3), 0);
	CHECK_EQ_INT(symbi__map_put(&m, "a`b", 4), 0);
	CHECK_EQ_INT(m.len, 4);
	CHECK_EQ_INT(symbi__map_get(&m, "møre og romsdal"), 1);
	CHECK_EQ_INT(symbi__map_get(&m, "MøRE OG ROMSDAL"), 1);
	CHECK_EQ_INT(symbi__map_get(&m, "mØre og romsdal"), 2);
	CHECK_EQ_INT(symbi__map_get(&m, "A@B"), 3);
	CHECK_EQ_INT(symbi__map_get(&m, "A`B"), 4);
	CHECK_EQ_INT(symbi__map_put(&m, "VESTLAND", 5), 0);
	CHECK_EQ_INT(symbi__map_put(&m, "vestland", 6), 0); /* the same key: replaced */
	CHECK_EQ_INT(m.len, 5);
	CHECK_EQ_INT(symbi__map_get(&m, "Vestland"), 6);
	symbi__map_clear(&m);
}

/* ==== Numbers and UTF-8 ============================================================= */

/* The parser's own answer equals strtod's to the bit: on known answers, and
 * on decimals of 1 to 17 digits (15 is where the fast path hands over to
 * strtod) with the point anywhere. */
static void test_decimals(void)
{
	static const struct {
		const char *text;
		double want;
	} known[] = {
	    {"0.1", 0.1},
	    {"1910", 1910.0},
	    {"6.56", 6.56},
	    {" -12.5 ", -12.5},
	    {"+.5", 0.5},
	    {"5.", 5.0},
	    {"0.000000000000001", 1e-15},
	    {"123456789012345", 123456789012345.0},
	    {"1234567890123456", 1234567890123456.0},
	    {"9007199254740993", 9007199254740992.0}, /* 2^53 + 1 rounds to even */
	    {"0.30000000000000004", 0.30000000000000004},
	    {"1.5e3", 1500.0},
	    {"58.45361", 58.45361},
	};
	for (size_t i = 0; i < sizeof known / sizeof *known; i++) {
		double v = -1;
		CHECK_EQ_INT(symbi__parse_double(known[i].text, &v), 0);
		CHECK(same_double(v, known[i].want));
	}
	double v = 1;
	CHECK_EQ_INT(symbi__parse_double("-0.0", &v), 0);
	CHECK(same_double(v, 0.0)); /* -0 reads as +0 */
	CHECK_EQ_INT(symbi__parse_double("-000", &v), 0);
	CHECK(same_double(v, 0.0));
	CHECK_EQ_INT(symbi__parse_double(".", &v), SYMBI_EINPUT);
	CHECK_EQ_INT(symbi__parse_double("1.2.3", &v), SYMBI_EINPUT);
	CHECK_EQ_INT(symbi__parse_double("1,5", &v), SYMBI_EINPUT);

	uint64_t x = 88172645463325252ull; /* xorshift64, fixed seed */
	char buf[32];
	int wrong = 0, tried = 0;
	for (int it = 0; it < 300000; it++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		int nd = 1 + (int)(x % 17), at = (int)(x >> 8) % (nd + 1), o = 0;
		if ((x >> 16) % 3 == 0)
			buf[o++] = (x >> 20) % 2 ? '-' : '+';
		uint64_t d = x >> 24;
		for (int k = 0; k < nd; k++) {
			if (k == at && k)
				buf[o++] = '.';
			buf[o++] = (char)('0' + (d % 10));
			d = d / 10 ? d / 10 : x * (uint64_t)(k + 3) >> 7;
		}
		buf[o] = '\0';
		double got, want = strtod(buf, NULL);
		if (want == 0.0)
			want = 0.0;
		tried++;
		if (symbi__parse_double(buf, &got) != 0 || !same_double(got, want)) {
			if (wrong++ < 5)
				fprintf(stderr, "  '%s': %.17g, strtod %.17g\n", buf, got, want);
		}
	}
	CHECK_EQ_INT(tried, 300000);
	CHECK_EQ_INT(wrong, 0);
}

/* Bad bytes after runs of ASCII longer than the eight-byte skip. */
static void test_utf8_runs(void)
{
	const char *ok = "abcdefghijklmnop\xc3\xb8qrstuvwx\xe2\x82\xac";
	CHECK(symbi__utf8_valid(ok, strlen(ok)));
	CHECK(symbi__utf8_valid("abcdefgh", 8));
	CHECK(!symbi__utf8_valid("abcdefgh\xff", 9));
	CHECK(!symbi__utf8_valid("abcdefghijklmnop\xc3", 17)); /* cut short */
	CHECK(!symbi__utf8_valid("abcdefghijklmno\xc3", 16));
	CHECK(!symbi__utf8_valid("abcdefg\x80zzzzzzzz", 16));
	/* Only the n bytes given are read: the bad byte lies past them. */
	CHECK(symbi__utf8_valid("abcdefghij\xff", 10));
}

/* ==== Loading ======================================================================= */

int main(void)
{
	test_map_basics();
	test_map_growth();
	test_map_probe();
	test_map_fold();
	test_decimals();
	test_utf8_runs();
	return UNIT_DONE();
}
