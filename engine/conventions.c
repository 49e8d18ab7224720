/*
 * conventions.c: the number text, unit strings and cJSON builders of
 * conventions.h.
 */
#include <stdlib.h>
#include <string.h>

#include "conventions.h"

double symbi__round(double v, int decimals)
{
	static const double p10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
	if (!isfinite(v))
		return v;
	if (decimals < 0)
		decimals = 0;
	if (decimals > 9)
		decimals = 9;
	double s = p10[decimals];
	/* Past 2^53 every double is already a whole number at this scale. */
	if (fabs(v) * s >= 9007199254740992.0)
		return v;
	/* The quotient of an exact integer by an exact power of ten is the
	 * double nearest the decimal, which %.15g prints in its short form. */
	double r = round(v * s) / s;
	return r == 0.0 ? 0.0 : r;
}

/* cJSON prints a number as "%d" when it equals its int, else as "%1.15g"
 * (or "%1.17g" when that does not read back), with sprintf and sscanf: a
 * third of the writer's time. For the numbers symbi writes (rounded to at
 * most six decimals), the text is known without them. When
 *   v == (double)K / 1e6 for an integer K with |K| < 1e15, and |v| >= 1e-4,
 * v is the double nearest the decimal K/10^6 (an exact integer over an exact
 * power of ten, one correctly rounded division). That decimal has at most 15
 * significant digits, so "%1.15g" prints it exactly, in fixed notation
 * (1e-4 <= |v| < 1e15) without trailing zeros, and it reads back as v; "%d"
 * prints the same digits for a whole v. A whole v from 1e9 to 1e15 is
 * printed by "%1.15g" as its digits. The text goes to `buf` (at least
 * SYMBI__NUM_TEXT bytes); returns its length, or 0 when v is not such a
 * number (then cJSON prints it). */
size_t symbi__number_text(double v, char *buf)
{
	if (v == 0.0) {
		if (signbit(v))
			return 0; /* cJSON prints "-0"; symbi__round never gives it */
		memcpy(buf, "0", 2);
		return 1;
	}
	double a = fabs(v);
	unsigned long long whole, frac;
	if (a >= 1e-4 && a < 1e9) {
		long long k = llround(v * 1e6);
		if ((double)k / 1e6 != v)
			return 0;
		unsigned long long u = (unsigned long long)llabs(k);
		whole = u / 1000000;
		frac = u % 1000000;
	} else if (a >= 1e9 && a < 1e15 && a == floor(a)) {
		whole = (unsigned long long)a; /* K = v * 10^6 would pass 1e15: whole only */
		frac = 0;
	} else {
		return 0; /* also NaN */
	}
	char tmp[24];
	size_t n = 0;
	do {
		tmp[n++] = (char)('0' + whole % 10);
		whole /= 10;
	} while (whole);
	size_t len = 0;
	if (v < 0)
		buf[len++] = '-';
	while (n)
		buf[len++] = tmp[--n];
	if (frac) {
		buf[len++] = '.';
		int digits = 6;
		while (frac % 10 == 0) {
			frac /= 10;
			digits--;
		}
		for (int i = digits - 1; i >= 0; i--) {
			buf[len + (size_t)i] = (char)('0' + frac % 10);
			frac /= 10;
		}
		len += (size_t)digits;
	}
	buf[len] = '\0';
	return len;
}

const char *symbi__unit_per_year(symbi_dim dim)
{
	switch (dim) {
	case SYMBI_DIM_MASS:
		return "t/yr";
	case SYMBI_DIM_VOLUME:
		return "m3/yr";
	case SYMBI_DIM_ENERGY:
		return "MWh/yr";
	default:
		return "/yr";
	}
}

cJSON *symbi__json_number(double v)
{
	char t[SYMBI__NUM_TEXT];
	return symbi__number_text(v, t) ? cJSON_CreateRaw(t) : cJSON_CreateNumber(v);
}

cJSON *symbi__json_num(cJSON *o, const char *key, double v, int decimals)
{
	if (!isfinite(v))
		return cJSON_AddNullToObject(o, key);
	cJSON *n = symbi__json_number(symbi__round(v, decimals));
	if (n && cJSON_AddItemToObject(o, key, n))
		return n;
	cJSON_Delete(n);
	return NULL;
}

cJSON *symbi__json_str(cJSON *o, const char *key, const char *s)
{
	return s ? cJSON_AddStringToObject(o, key, s) : cJSON_AddNullToObject(o, key);
}

cJSON *symbi__json_count(cJSON *o, const char *key, size_t n)
{
	return cJSON_AddNumberToObject(o, key, (double)n);
}

bool symbi__json_item(cJSON *o, const char *key, cJSON *item)
{
	if (!item)
		return false;
	if (!cJSON_AddItemToObject(o, key, item)) {
		cJSON_Delete(item);
		return false;
	}
	return true;
}

cJSON *symbi__json_quantities(cJSON *o, const char *key, const double *q)
{
	cJSON *j = cJSON_AddObjectToObject(o, key);
	for (int d = SYMBI_DIM_MASS; j && d <= SYMBI_DIM_ENERGY; d++)
		if (!symbi__json_num(j, symbi__unit_per_year((symbi_dim)d), q[d], SYMBI__DEC_QTY))
			return NULL;
	return j;
}
