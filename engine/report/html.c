/*
 * html.c: the report's writer, its one escaping function, and numbers in the
 * reader's language.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

void symbi__rp_raw(symbi__rp_w *o, const char *s)
{
	if (!o->err && fputs(s, o->f) == EOF)
		o->err = true;
}

void symbi__rp_fmt(symbi__rp_w *o, const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	if (!o->err && vfprintf(o->f, f, ap) < 0)
		o->err = true;
	va_end(ap);
}

/* The one escaping function: for element text and for double-quoted
 * attribute values, in HTML and in SVG. & < > " ' become entities and C0
 * control characters (not allowed in XML) become spaces. NULL writes
 * nothing. */
void symbi__rp_esc(symbi__rp_w *o, const char *s)
{
	if (!s)
		return;
	const char *run = s;
	for (const char *p = s;; p++) {
		const char *rep = NULL;
		unsigned char c = (unsigned char)*p;
		switch (c) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		default:
			if (c && c < 0x20 && c != '\n')
				rep = " "; /* a tab or CR reads as a space */
			break;
		}
		if (!rep && c)
			continue;
		if (p > run && !o->err &&
		    fwrite(run, 1, (size_t)(p - run), o->f) != (size_t)(p - run))
			o->err = true;
		if (!c)
			break;
		symbi__rp_raw(o, rep);
		run = p + 1;
	}
}

void symbi__rp_attr(symbi__rp_w *o, const char *name, const char *value)
{
	symbi__rp_fmt(o, " %s=\"", name);
	symbi__rp_esc(o, value);
	symbi__rp_raw(o, "\"");
}

const char *symbi__rp_num(symbi__rp_lang lang, char *buf, size_t size, double x, int dec)
{
	if (!isfinite(x)) {
		snprintf(buf, size, "\u2013");
		return buf;
	}
	/* Bokmål groups thousands with a (no-break) space and writes a decimal
	 * comma (Språkrådet, "Tal og tidsuttrykk"); English a comma and a dot. */
	const char *group = lang == SYMBI__RP_NB ? "\u00a0" : ",";
	char point = lang == SYMBI__RP_NB ? ',' : '.';
	size_t glen = strlen(group);
	char tmp[64];
	double scale = pow(10, dec);
	double r = round(x * scale) / scale;
	if (r == 0)
		r = 0;
	int n = snprintf(tmp, sizeof tmp, "%.*f", dec, r);
	if (n <= 0 || (size_t)n >= sizeof tmp) {
		snprintf(buf, size, "%.6g", x);
		return buf;
	}
	const char *digits = tmp + (tmp[0] == '-');
	const char *dot = strchr(digits, '.');
	size_t nint = dot ? (size_t)(dot - digits) : strlen(digits);
	size_t k = 0;
	if (tmp[0] == '-' && k + 1 < size)
		buf[k++] = '-';
	for (size_t i = 0; i < nint && k + glen + 2 < size; i++) {
		if (i && (nint - i) % 3 == 0) {
			memcpy(buf + k, group, glen);
			k += glen;
		}
		buf[k++] = digits[i];
	}
	if (dot)
		for (const char *p = dot; *p && k + 1 < size; p++)
			buf[k++] = *p == '.' ? point : *p;
	buf[k] = '\0';
	return buf;
}

int symbi__rp_auto_dec(double x)
{
	double a = fabs(x);
	return a >= 100 || a == round(a) ? 0 : a >= 1 ? 1 : 2;
}

const char *symbi__rp_short_num(symbi__rp_lang lang, char *buf, size_t size, double x)
{
	double a = fabs(x);
	char t[NUMBUF - 8]; /* room for the suffix */
	bool nb = lang == SYMBI__RP_NB;
	if (a >= 1e9)
		snprintf(buf, size, "%s %s", symbi__rp_num(lang, t, sizeof t, x / 1e9, a >= 1e11 ? 0 : 1),
		         nb ? "mrd." : "bn");
	else if (a >= 1e6)
		snprintf(buf, size, "%s %s", symbi__rp_num(lang, t, sizeof t, x / 1e6, a >= 1e8 ? 0 : 1),
		         nb ? "mill." : "M");
	else if (a >= 1e4)
		snprintf(buf, size, "%s k", symbi__rp_num(lang, t, sizeof t, x / 1e3, a >= 1e5 ? 0 : 1));
	else
		symbi__rp_num(lang, buf, size, x, 0);
	return buf;
}

double symbi__rp_text_em(const char *s)
{
	double em = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p & 0xc0) == 0x80)
			continue; /* continuation byte */
		if (*p >= 0xe3 && *p <= 0xef)
			em += 1.0; /* U+3000 and up: CJK, full width */
		else
			em += *p == ' ' ? 0.3 : 0.6;
	}
	return em;
}
