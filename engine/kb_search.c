/*
 * kb_search.c: finding resource codes by word, in English and Norwegian —
 * the `symbi codes` command, and the suggestions for a resource that is not
 * a code ("myse", "sawdust") — and reading the Norwegian labels
 * (datasets/labels_no.csv) that make the Norwegian words findable.
 */
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "internal.h"
#include "words.h"

/* ==== Labels ========================================================================== */

typedef struct label_reader {
	symbi_kb *kb;
	symbi_diags *diags;
	const char *path;
	int col[3]; /* code, label_no, synonyms */
	bool header_seen;
	size_t errors;
} label_reader;

static int label_row(void *ctx, const symbi__csv_row *row)
{
	static const char *const names[3] = {"code", "label_no", "synonyms"};
	label_reader *r = ctx;
	if (!r->header_seen) {
		r->header_seen = true;
		symbi__csv_columns(row, names, 3, r->col);
		if (r->col[0] < 0 || r->col[1] < 0) {
			symbi__diag(r->diags, SYMBI_SEV_ERROR, r->path, row->line, NULL,
			            "missing column 'code' or 'label_no'");
			r->errors++;
			return SYMBI_EINPUT;
		}
		return 0;
	}
	const char *v[3];
	for (int c = 0; c < 3; c++)
		v[c] = symbi__csv_field(row, r->col[c]);
	if (!*v[0])
		return 0;
	char norm[128];
	int32_t code = symbi_code_normalise(v[0], norm, sizeof norm) == 0
	                   ? symbi_kb_find(r->kb, norm)
	                   : -1;
	if (code < 0) {
		symbi__diag(r->diags, SYMBI_SEV_ERROR, r->path, row->line, "code",
		            "code: unknown code '%s'", v[0]);
		r->errors++;
		return 0;
	}
	symbi_code *c = &r->kb->codes[code];
	c->label_no = symbi__arena_strdup(&r->kb->arena, v[1]);
	c->synonyms = symbi__arena_strdup(&r->kb->arena, v[2]);
	if (!c->label_no || !c->synonyms)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	return 0;
}

int symbi_kb_load_labels(symbi_kb *kb, const char *path, symbi_diags *diags)
{
	if (kb->finished)
		return symbi__error(SYMBI_EINPUT, "knowledge base already finished");
	label_reader r = {.kb = kb, .diags = diags, .path = path};
	int rc = symbi__csv_read(path, NULL, label_row, &r, diags);
	if (rc == SYMBI_ENOMEM)
		return rc;
	if (rc || r.errors)
		return symbi__error(SYMBI_EINPUT, "%s: bad labels", path);
	return 0;
}

/* ==== Search ===========================================================================
 * Each text of a code is folded (ASCII and Æ Ø Å to lower case) and cut
 * into words at every byte that is not a letter or digit (bytes of UTF-8
 * letters count as letters). A query word scores, in the best place it is
 * found:
 *   100  it is a whole search word or the whole label/name ("myse")
 *    30  a word of the name, label or search words
 *    20  a word of the code itself ("whey" in mat:substrate.whey)
 *    15  the start of a longer word there (4 letters or more)
 *     8  inside a longer word there (4 letters or more: "avfall")
 *     3  a word of a parent's name (the chapter of an EWC entry)
 * A query of several words also scores 50 when the whole phrase stands in
 * the name, label or search words ("spent grain"). A code needs every word;
 * when no code has them all, a word one edit (up to 2 for 7 letters or
 * more) from a text word scores 5 in its stead. */

static void fold(const char *in, char *out, size_t size)
{
	size_t o = 0;
	bool after_c3 = false;
	for (const unsigned char *p = (const unsigned char *)in; *p && o + 1 < size; p++) {
		unsigned char c = *p;
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c + 32);
		else if (after_c3 && (c == 0x86 || c == 0x98 || c == 0x85 || c == 0x89))
			c = (unsigned char)(c + 0x20);
		after_c3 = *p == 0xC3;
		out[o++] = (char)c;
	}
	out[o] = '\0';
}

static bool word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
}

enum { FOUND_NONE = 0 };

/* The best score of query word `q` (folded, length n) among the words of
 * `text` (folded), with `whole`, `start` and `inside` the scores of a whole
 * word, a word's start and its inside; and `fuzzy` when no exact form is
 * found and q is within `cap` edits of a word. */
static int score_in(const char *text, const char *q, size_t n, int whole, int start, int inside,
                    size_t cap, bool *fuzzy)
{
	int best = FOUND_NONE;
	for (const char *p = text; *p;) {
		while (*p && !word_byte((unsigned char)*p))
			p++;
		const char *w = p;
		while (*p && word_byte((unsigned char)*p))
			p++;
		size_t len = (size_t)(p - w);
		if (!len)
			continue;
		if (len == n && memcmp(w, q, n) == 0)
			return whole;
		if (n >= 4 && len > n) {
			if (memcmp(w, q, n) == 0 && start > best)
				best = start;
			else if (inside > best) {
				for (size_t k = 1; k + n <= len; k++)
					if (memcmp(w + k, q, n) == 0) {
						best = inside;
						break;
					}
			}
		}
		if (fuzzy && !*fuzzy && cap && len < 64) {
			char word[64];
			memcpy(word, w, len);
			word[len] = '\0';
			if (symbi__levenshtein(word, q, cap) <= cap)
				*fuzzy = true;
		}
	}
	return best;
}

/* True when the folded phrase `q` is one of the ';'-separated search words
 * or the whole of `text`. */
static bool whole_entry(const char *text, const char *q, bool list)
{
	size_t n = strlen(q);
	if (!list)
		return strcmp(text, q) == 0;
	for (const char *p = text; *p;) {
		while (*p == ' ' || *p == ';')
			p++;
		const char *end = strchr(p, ';');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		while (len && p[len - 1] == ' ')
			len--;
		if (len == n && memcmp(p, q, n) == 0)
			return true;
		p += end ? (size_t)(end - p) : strlen(p);
	}
	return false;
}

typedef struct code_text {
	char code[128], name[512], label[256], syn[512], parents[1024];
} code_text;

static void texts_of(const symbi_kb *kb, int32_t i, code_text *t)
{
	const symbi_code *c = &kb->codes[i];
	fold(c->code, t->code, sizeof t->code);
	fold(c->name ? c->name : "", t->name, sizeof t->name);
	fold(c->label_no ? c->label_no : "", t->label, sizeof t->label);
	fold(c->synonyms ? c->synonyms : "", t->syn, sizeof t->syn);
	size_t o = 0;
	t->parents[0] = '\0';
	for (int32_t p = c->parent; p >= 0 && o + 2 < sizeof t->parents; p = kb->codes[p].parent) {
		char buf[512];
		fold(kb->codes[p].name ? kb->codes[p].name : "", buf, sizeof buf);
		int w = snprintf(t->parents + o, sizeof t->parents - o, "%s ", buf);
		if (w < 0)
			break;
		o += (size_t)w < sizeof t->parents - o ? (size_t)w : sizeof t->parents - o - 1;
	}
}

/* The score of code i for the folded words q[0..nq), or 0 when a word is
 * missing (with `fuzzy`, a word within a few edits counts 5). */
static int32_t score_code(const symbi_kb *kb, int32_t i, char q[][64], size_t nq,
                          const char *phrase, bool fuzzy)
{
	code_text t;
	texts_of(kb, i, &t);
	int32_t total = 0;
	for (size_t k = 0; k < nq; k++) {
		size_t n = strlen(q[k]);
		size_t cap = fuzzy ? (n >= 7 ? 2 : n >= 4 ? 1 : 0) : 0;
		bool near = false;
		int best = 0, s;
		if (whole_entry(t.syn, q[k], true) || whole_entry(t.label, q[k], false) ||
		    whole_entry(t.name, q[k], false))
			best = 100;
		if ((s = score_in(t.name, q[k], n, 30, 15, 8, cap, &near)) > best)
			best = s;
		if ((s = score_in(t.label, q[k], n, 30, 15, 8, cap, &near)) > best)
			best = s;
		if ((s = score_in(t.syn, q[k], n, 30, 15, 8, cap, &near)) > best)
			best = s;
		if ((s = score_in(t.code, q[k], n, 20, 15, 8, 0, NULL)) > best)
			best = s;
		if (!best && (s = score_in(t.parents, q[k], n, 3, 3, 0, 0, NULL)) > best)
			best = s;
		if (!best && near)
			best = 5;
		if (!best)
			return 0;
		total += best;
	}
	if (nq > 1 && (strstr(t.name, phrase) || strstr(t.label, phrase) || strstr(t.syn, phrase)))
		total += 50;
	return total;
}

static bool hit_before(const symbi_kb *kb, const symbi_code_hit *a, const symbi_code_hit *b)
{
	if (a->score != b->score)
		return a->score > b->score;
	const symbi_code *ca = &kb->codes[a->code], *cb = &kb->codes[b->code];
	if (ca->depth != cb->depth)
		return ca->depth > cb->depth;
	return strcmp(ca->code, cb->code) < 0;
}

size_t symbi_kb_search(const symbi_kb *kb, const char *const *words, size_t nwords,
                       bool supply_only, symbi_code_hit *out, size_t max)
{
	if (!kb || !words || !out || max == 0)
		return 0;
	/* The query's words, folded and cut as the texts are. */
	char q[16][64], phrase[256] = "";
	size_t nq = 0, used = 0;
	for (size_t w = 0; w < nwords; w++) {
		char buf[256];
		fold(words[w] ? words[w] : "", buf, sizeof buf);
		for (char *p = buf; *p;) {
			while (*p && !word_byte((unsigned char)*p))
				p++;
			char *s = p;
			while (*p && word_byte((unsigned char)*p))
				p++;
			size_t len = (size_t)(p - s);
			if (!len || len >= sizeof q[0] || nq == 16)
				continue;
			memcpy(q[nq], s, len);
			q[nq][len] = '\0';
			int k = snprintf(phrase + used, sizeof phrase - used, "%s%s", nq ? " " : "",
			                 q[nq]);
			if (k > 0 && (size_t)k < sizeof phrase - used)
				used += (size_t)k;
			nq++;
		}
	}
	if (nq == 0)
		return 0;
	size_t n = 0;
	for (int pass = 0; pass < 2 && n == 0; pass++)
		for (size_t i = 0; i < kb->ncodes; i++) {
			if (supply_only && kb->codes[i].is_group)
				continue;
			symbi_code_hit h = {(int32_t)i, score_code(kb, (int32_t)i, q, nq, phrase, pass)};
			if (h.score <= 0)
				continue;
			/* Insertion into the sorted top `max`. */
			size_t k = n < max ? n : max;
			while (k > 0 && hit_before(kb, &h, &out[k - 1]))
				k--;
			if (k >= max)
				continue;
			size_t last = n < max ? n : max - 1;
			for (size_t m = last; m > k; m--)
				out[m] = out[m - 1];
			out[k] = h;
			if (n < max)
				n++;
		}
	return n;
}
