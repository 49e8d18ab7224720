/*
 * match_sort.c: the ranking order of candidates and the cut to the best K of
 * each demand (match.h documents the order); a merge sort on one or two
 * threads, so that the result does not depend on the thread count.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "evidence.h"
#include "match_internal.h"

/* ==== Top K per demand =========================================================================
 */

/* A sort key that carries everything the comparison needs, so qsort needs
 * no context: the ranking order, optionally grouped by demand first. */
typedef struct sortkey {
	uint32_t group; /* demand stream, UINT32_MAX for sector, or 0 */
	double score;
	uint32_t sf, ss, rf, rd;
	uint32_t idx; /* 32 bytes in all: glibc's qsort then moves keys, not pointers */
} sortkey;

/* The order of sortkeys: total, as idx is unique. */
static inline bool key_before(const sortkey *p, const sortkey *q)
{
	if (p->group != q->group)
		return p->group < q->group;
	if (p->score != q->score)
		return p->score > q->score;
	if (p->sf != q->sf)
		return p->sf < q->sf;
	if (p->ss != q->ss)
		return p->ss < q->ss;
	if (p->rf != q->rf)
		return p->rf < q->rf;
	if (p->rd != q->rd)
		return p->rd < q->rd;
	return p->idx < q->idx;
}

static int cmp_key(const void *a, const void *b)
{
	const sortkey *p = a, *q = b;
	return key_before(p, q) ? -1 : key_before(q, p) ? 1 : 0;
}

/* Merge the sorted runs a[0..na) and b[0..nb) into out. */
static void merge_keys(const sortkey *a, size_t na, const sortkey *b, size_t nb, sortkey *out)
{
	size_t i = 0, j = 0, o = 0;
	while (i < na && j < nb)
		out[o++] = key_before(&b[j], &a[i]) ? b[j++] : a[i++];
	while (i < na)
		out[o++] = a[i++];
	while (j < nb)
		out[o++] = b[j++];
}

#define SORT_RUN 16

static void sort_keys_into(sortkey *a, sortkey *out, size_t n);

/* Sort a[0..n) in place, tmp[0..n) serving as scratch. A merge sort with
 * the comparison inline (qsort calls cmp_key through a pointer for each of
 * its n log n comparisons, which at millions of candidates costs more than
 * the merging): O(n log n). The halves are sorted into tmp, then merged
 * back, so that no level copies more than once. */
static void sort_keys_in(sortkey *a, sortkey *tmp, size_t n)
{
	if (n <= SORT_RUN) {
		for (size_t i = 1; i < n; i++) {
			sortkey v = a[i];
			size_t j = i;
			for (; j > 0 && key_before(&v, &a[j - 1]); j--)
				a[j] = a[j - 1];
			a[j] = v;
		}
		return;
	}
	size_t h = n / 2;
	sort_keys_into(a, tmp, h);
	sort_keys_into(a + h, tmp + h, n - h);
	merge_keys(tmp, h, tmp + h, n - h, a);
}

/* Sort a[0..n) into out[0..n), a serving as scratch (its order is lost). */
static void sort_keys_into(sortkey *a, sortkey *out, size_t n)
{
	if (n <= SORT_RUN) {
		sort_keys_in(a, out, n);
		memcpy(out, a, n * sizeof *a);
		return;
	}
	size_t h = n / 2;
	sort_keys_in(a, out, h);
	sort_keys_in(a + h, out + h, n - h);
	merge_keys(a, h, a + h, n - h, out);
}

/* Run fn(a) on a new thread and fn(b) on this one (both here when no thread
 * can be started), and wait for both. */
static void run_pair(void *(*fn)(void *), void *a, void *b)
{
	pthread_t t;
	bool two = pthread_create(&t, NULL, fn, a) == 0;
	if (!two)
		fn(a);
	fn(b);
	if (two)
		pthread_join(t, NULL);
}

typedef struct sort_half {
	sortkey *k, *tmp;
	size_t n;
} sort_half;

static void *sort_half_run(void *arg)
{
	sort_half *h = arg;
	sort_keys_into(h->k, h->tmp, h->n);
	return NULL;
}

/* One end of merging the sorted runs a[0..na) and b[0..nb) into out: the
 * front fills out[0..to) from the runs' starts, the back fills
 * out[from..na + nb) from their ends. The order is total (no two keys
 * equal), so with from == to the two ends meet exactly. */
typedef struct merge_end {
	const sortkey *a, *b;
	size_t na, nb, from, to;
	sortkey *out;
	bool back;
} merge_end;

static void *merge_end_run(void *arg)
{
	merge_end *e = arg;
	const sortkey *a = e->a, *b = e->b;
	if (!e->back) {
		size_t i = 0, j = 0;
		for (size_t o = 0; o < e->to; o++)
			e->out[o] =
			    j == e->nb || (i < e->na && key_before(&a[i], &b[j])) ? a[i++] : b[j++];
	} else {
		size_t i = e->na, j = e->nb;
		for (size_t o = e->na + e->nb; o-- > e->from;)
			e->out[o] =
			    j == 0 || (i > 0 && key_before(&b[j - 1], &a[i - 1])) ? a[--i] : b[--j];
	}
	return NULL;
}

/* Sort k[0..n) by key_before; a large array in two halves on two threads,
 * then merged by two threads, one from each end (the order is total, so the
 * result is the same). Without memory for scratch, qsort does it. */
static void sort_keys(sortkey *k, size_t n, int threads)
{
	sortkey *tmp = n < 2 ? NULL : malloc(n * sizeof *tmp);
	if (!tmp) {
		qsort(k, n, sizeof *k, cmp_key);
		return;
	}
	if (threads < 2 || n < 65536) {
		sort_keys_in(k, tmp, n);
		free(tmp);
		return;
	}
	/* Each half sorted from k into tmp, then merged back into k. */
	sort_half a = {k, tmp, n / 2}, b = {k + n / 2, tmp + n / 2, n - n / 2};
	run_pair(sort_half_run, &a, &b);
	merge_end front = {a.tmp, b.tmp, a.n, b.n, n / 2, n / 2, k, false};
	merge_end back = {a.tmp, b.tmp, a.n, b.n, n / 2, n / 2, k, true};
	run_pair(merge_end_run, &front, &back);
	free(tmp);
}

/* A share [from, to) of symbi__sort_candidates' key building or reordering, for
 * one of two threads. */
typedef struct cand_part {
	const match_ctx *x;
	symbi_candidate *c, *out;
	sortkey *k;
	size_t from, to;
	bool keys; /* build keys k from c, else copy c in key order into out */
} cand_part;

static void *cand_part_run(void *arg)
{
	cand_part *p = arg;
	const match_ctx *x = p->x;
	const symbi_candidate *c = p->c;
	sortkey *k = p->k;
	if (p->keys) {
		for (size_t i = p->from; i < p->to; i++) {
			k[i].group = symbi__rank_tier(&c[i], x->opt->rank);
			k[i].score = symbi__rank_score(&c[i], x->opt->rank);
			k[i].sf = x->firm_rank[c[i].supplier];
			k[i].ss =
			    c[i].supply == SYMBI_NONE ? UINT32_MAX : x->stream_rank[c[i].supply];
			k[i].rf = x->firm_rank[c[i].receiver];
			k[i].rd =
			    c[i].demand == SYMBI_NONE ? UINT32_MAX : x->stream_rank[c[i].demand];
			k[i].idx = (uint32_t)i;
		}
	} else {
		for (size_t i = p->from; i < p->to; i++)
			p->out[i] = c[k[i].idx];
	}
	return NULL;
}

/* Run the part over [0, n), split in two when there are threads for it and
 * enough to share. */
static void cand_parts(cand_part p, size_t n, int threads)
{
	if (threads < 2 || n < 65536) {
		p.from = 0;
		p.to = n;
		cand_part_run(&p);
		return;
	}
	cand_part q = p;
	p.from = 0;
	p.to = q.from = n / 2;
	q.to = n;
	run_pair(cand_part_run, &p, &q);
}

/* Sort (*c)[0..n) in ranking order; with `topk`, first keep the best `topk`
 * candidates of each demand (sector candidates, already cut per supply, are
 * all kept). The sorted candidates come in a new array of capacity *cap
 * that replaces *c. Returns the new count, or (size_t)-1 when out of memory
 * (*c is then unchanged). */
size_t symbi__sort_candidates(const match_ctx *x, symbi_candidate **cp, size_t *cap, size_t n,
                              size_t topk, int threads)
{
	symbi_candidate *c = *cp;
	if (n < 2)
		return n;
	if (n > UINT32_MAX)
		return (size_t)-1;
	size_t bytes;
	if (!symbi__mul(n, sizeof(sortkey), &bytes))
		return (size_t)-1;
	sortkey *k = malloc(bytes);
	symbi_candidate *tmp = NULL;
	if (!k)
		return (size_t)-1;
	cand_parts((cand_part){x, c, NULL, k, 0, 0, true}, n, threads);
	size_t m = n;
	if (topk) {
		for (size_t i = 0; i < n; i++)
			k[i].group = c[i].basis == SYMBI_BASIS_SECTOR ? SYMBI_NONE : c[i].demand;
		sort_keys(k, n, threads);
		m = 0;
		size_t run = 0;
		uint32_t prev = 0;
		for (size_t i = 0; i < n; i++) {
			/* k[m] may overwrite k[i - 1]: compare with a copy. */
			run = i > 0 && k[i].group == prev ? run + 1 : 0;
			prev = k[i].group;
			if (k[i].group == SYMBI_NONE || run < topk) {
				k[m] = k[i];
				k[m].group = symbi__rank_tier(&c[k[i].idx], x->opt->rank);
				m++;
			}
		}
	}
	sort_keys(k, m, threads);
	if (!symbi__mul(m, sizeof *tmp, &bytes) || !(tmp = malloc(bytes ? bytes : 1))) {
		free(k);
		return (size_t)-1;
	}
	cand_parts((cand_part){x, c, tmp, k, 0, 0, false}, m, threads);
	free(c);
	*cp = tmp;
	*cap = m ? m : 1;
	free(k);
	return m;
}
