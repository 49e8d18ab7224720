/*
 * test_number_text.c: symbi__number_text, the writer's short cut past
 * cJSON's number printing, gives exactly the bytes cJSON prints, or leaves
 * the number to cJSON. Each value is printed both ways and compared; the
 * values are those symbi writes (at most six decimals, every magnitude),
 * values it must refuse (more decimals, tiny, huge, NaN, infinities), and
 * the edges between.
 */
#include <cjson/cJSON.h>
#include <float.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/conventions.h"
#include "unit.h"

static uint64_t rng = 88172645463325252ull;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static long taken, left;

/* v printed by symbi__number_text is what cJSON prints for it. */
static void same_as_cjson(double v)
{
	char fast[SYMBI__NUM_TEXT];
	size_t n = symbi__number_text(v, fast);
	if (!n) {
		left++;
		return;
	}
	taken++;
	cJSON *j = cJSON_CreateNumber(v);
	char *s = j ? cJSON_PrintUnformatted(j) : NULL;
	if (!s) {
		fprintf(stderr, "out of memory\n");
		exit(99);
	}
	unit_checks++;
	if (strcmp(s, fast) != 0 || strlen(fast) != n) {
		unit_failures++;
		fprintf(stderr, "%s:%d: %.17g: cJSON prints '%s', symbi__number_text '%s' (%zu)\n",
		        __FILE__, __LINE__, v, s, fast, n);
	}
	free(s);
	cJSON_Delete(j);
}

/* True when symbi__number_text takes v (and then prints it as cJSON does). */
static bool takes(double v)
{
	char t[SYMBI__NUM_TEXT];
	same_as_cjson(v);
	return symbi__number_text(v, t) != 0;
}

static void known_texts(void)
{
	static const struct {
		double v;
		const char *text;
	} k[] = {{0, "0"},
	         {1, "1"},
	         {-1, "-1"},
	         {0.5, "0.5"},
	         {-0.424, "-0.424"},
	         {83993147, "83993147"},
	         {0.0001, "0.0001"},
	         {1.3, "1.3"},
	         {0.12366, "0.12366"},
	         {999999999.999999, "999999999.999999"},
	         {2147483648.0, "2147483648"},
	         {-2147483649.0, "-2147483649"},
	         {100000, "100000"},
	         {0.000123, "0.000123"},
	         {12.25, "12.25"}};
	for (size_t i = 0; i < sizeof k / sizeof *k; i++) {
		char t[SYMBI__NUM_TEXT];
		size_t n = symbi__number_text(k[i].v, t);
		if (n != strlen(k[i].text))
			fprintf(stderr, "%.17g\n", k[i].v);
		CHECK(n == strlen(k[i].text));
		CHECK(n && strcmp(t, k[i].text) == 0);
		same_as_cjson(k[i].v);
	}
}

/* Numbers it must leave to cJSON: more than six decimals, below 1e-4
 * (printed with an exponent), a fraction from 1e9, 1e15 and beyond, -0, NaN
 * and infinities. */
static void refused(void)
{
	static const double r[] = {-0.0,      0.1234567,           1e-5,    0.00009,
	                           -0.00005,  1e9 + 0.5,           -1e15,   1e300,
	                           1.0 / 3.0, 0.30000000000000004, DBL_MIN, DBL_MAX};
	char t[SYMBI__NUM_TEXT];
	for (size_t i = 0; i < sizeof r / sizeof *r; i++)
		CHECK(symbi__number_text(r[i], t) == 0);
	CHECK(symbi__number_text(NAN, t) == 0);
	CHECK(symbi__number_text(INFINITY, t) == 0);
	CHECK(symbi__number_text(-INFINITY, t) == 0);
}

/* Every rounded value symbi writes is taken: k / 10^d, d = 0..6, from
 * 1e-4 to just under 1e9, and whole numbers up to 1e15, both signs; and it
 * prints as cJSON does. */
static void rounded_values(void)
{
	static const double p10[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6};
	long missed = 0, before = taken;
	for (int i = 0; i < 2000000; i++) {
		int d = (int)(next() % 7);
		int mag = (int)(next() % 16); /* digits of k */
		uint64_t lim = 1;
		for (int j = 0; j < mag; j++)
			lim *= 10;
		double v = (double)(next() % lim + 1) / p10[d];
		if (next() & 1)
			v = -v;
		v = symbi__round(v, d);
		double a = fabs(v);
		bool should = (a >= 1e-4 && a < 1e9) || (a < 1e15 && a == floor(a));
		if (takes(v) != should)
			missed++;
	}
	CHECK_EQ_INT(missed, 0);
	CHECK(taken - before > 1000000); /* most of them are in range */
}

/* Near the edges: 1e-4, integers around INT_MAX, the largest taken values,
 * each with its neighbouring doubles (which must be refused or agree). */
static void edges(void)
{
	static const double e[] = {
	    1e-4, 2147483647.0, 2147483648.0, -2147483648.0, 999999999.999999,
	    0.1,  0.2,          0.3,          123456.789,    1e8};
	for (size_t i = 0; i < sizeof e / sizeof *e; i++) {
		double v = e[i], lo = v, hi = v;
		CHECK(takes(v));
		for (int s = 0; s < 50; s++) {
			lo = nextafter(lo, -INFINITY);
			hi = nextafter(hi, INFINITY);
			same_as_cjson(lo);
			same_as_cjson(hi);
			same_as_cjson(-lo);
			same_as_cjson(-hi);
		}
	}
}

/* Arbitrary doubles: mostly refused, and whatever is taken agrees. */
static void arbitrary(void)
{
	for (int i = 0; i < 500000; i++) {
		uint64_t bits = next();
		double v;
		memcpy(&v, &bits, sizeof v);
		same_as_cjson(v);
		same_as_cjson((double)(int64_t)(next() % 4000000000000ull) / 1e6 * 1.0000001);
	}
}

int main(void)
{
	known_texts();
	refused();
	rounded_values();
	edges();
	arbitrary();
	printf("number text: %ld values taken (each compared with cJSON), %ld left to cJSON\n",
	       taken, left);
	printf("%d checks, %d failed\n", unit_checks, unit_failures);
	return unit_failures > 100 ? 100 : unit_failures;
}
