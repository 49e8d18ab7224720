/*
 * spill.c: sorted runs of candidates on disk and the cursor that reads a
 * result back in ranking order (spill.h).
 *
 * A run is a file of raw symbi_candidate records, sorted in the ranking
 * order of match.h, written by one matching thread when its buffer reached
 * its share of the budget. Reading merges the runs with a binary heap of
 * their heads. The comparison is the ranking order on the ids themselves
 * (score descending, supplier firm id, supply id, receiver firm id, demand
 * id, sector candidates last), which is the order the matcher's rank tables
 * encode, so the merged sequence is the one the in-memory sort gives: the
 * order is total (a supply and a demand, or a supply and a receiver firm for
 * sector potential, make at most one candidate). The files live in a
 * folder of their own made with mkdtemp and are removed, with it, when the
 * spill is freed (symbi_matches_free, or the matcher's failure path).
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spill.h"

#define READ_BATCH 4096 /* records read from a run at a time */
#define MERGE_BATCH 65536

struct symbi__spill {
	pthread_mutex_t mu;
	char *base; /* where to make the folder */
	char *dir;  /* the folder, once made */
	char **paths;
	size_t *counts;
	size_t nruns, cap, total;
	volatile int *cancel; /* the match's cancel flag, read while merging */
};

int symbi__spill_new(symbi__spill **out, const char *dir, volatile int *cancel)
{
	*out = NULL;
	symbi__spill *sp = calloc(1, sizeof *sp);
	if (!dir || !*dir)
		dir = getenv("TMPDIR");
	if (!dir || !*dir)
		dir = "/tmp";
	if (!sp || !(sp->base = strdup(dir))) {
		free(sp);
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	}
	if (pthread_mutex_init(&sp->mu, NULL) != 0) {
		free(sp->base);
		free(sp);
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	}
	sp->cancel = cancel;
	*out = sp;
	return 0;
}

size_t symbi__spill_runs(const symbi__spill *sp) { return sp ? sp->nruns : 0; }
size_t symbi__spill_count(const symbi__spill *sp) { return sp ? sp->total : 0; }

int symbi__spill_run(symbi__spill *sp, const symbi_candidate *c, size_t n)
{
	int rc = 0;
	FILE *f = NULL;
	char *path = NULL;
	pthread_mutex_lock(&sp->mu);
	if (!sp->dir) {
		size_t len = strlen(sp->base) + 32;
		if (!(sp->dir = malloc(len))) {
			rc = symbi__error(SYMBI_ENOMEM, "out of memory");
			goto unlock;
		}
		snprintf(sp->dir, len, "%s/symbi-spill-XXXXXX", sp->base);
		if (!mkdtemp(sp->dir)) {
			rc = symbi__error(SYMBI_EIO, "%s: cannot make a folder for spilled candidates: %s",
			                  sp->base, strerror(errno));
			free(sp->dir);
			sp->dir = NULL;
			goto unlock;
		}
	}
	if (sp->nruns == sp->cap) {
		size_t nc = sp->cap ? 2 * sp->cap : 16;
		char **p = realloc(sp->paths, nc * sizeof *p);
		if (p)
			sp->paths = p;
		size_t *q = p ? realloc(sp->counts, nc * sizeof *q) : NULL;
		if (!p || !q) {
			rc = symbi__error(SYMBI_ENOMEM, "out of memory");
			goto unlock;
		}
		sp->counts = q;
		sp->cap = nc;
	}
	size_t len = strlen(sp->dir) + 32;
	if (!(path = malloc(len))) {
		rc = symbi__error(SYMBI_ENOMEM, "out of memory");
		goto unlock;
	}
	snprintf(path, len, "%s/run-%06zu", sp->dir, sp->nruns);
	/* Registered before it is written, so that a failure removes it. */
	sp->paths[sp->nruns] = path;
	sp->counts[sp->nruns] = n;
	sp->nruns++;
	sp->total += n;
unlock:
	pthread_mutex_unlock(&sp->mu);
	if (rc)
		return rc;
	/* Written outside the lock: threads spill at the same time. */
	if (!(f = fopen(path, "wb")) || fwrite(c, sizeof *c, n, f) != n || fflush(f) != 0) {
		rc = symbi__error(SYMBI_EIO, "%s: cannot write spilled candidates: %s", path,
		                  strerror(errno ? errno : EIO));
	}
	if (f && fclose(f) != 0 && !rc)
		rc = symbi__error(SYMBI_EIO, "%s: cannot write spilled candidates: %s", path,
		                  strerror(errno));
	return rc;
}

void symbi__spill_free(symbi__spill *sp)
{
	if (!sp)
		return;
	for (size_t i = 0; i < sp->nruns; i++) {
		unlink(sp->paths[i]);
		free(sp->paths[i]);
	}
	if (sp->dir)
		rmdir(sp->dir);
	free(sp->paths);
	free(sp->counts);
	free(sp->dir);
	free(sp->base);
	pthread_mutex_destroy(&sp->mu);
	free(sp);
}

/* ==== Reading merged =========================================================================== */

typedef struct run_in {
	FILE *f;
	symbi_candidate *buf;
	size_t n, i, left; /* buffered, next in buffer, still in the file */
} run_in;

struct spill_reader {
	const symbi_dataset *ds;
	run_in *runs;
	size_t nruns;
	size_t *heap; /* run indexes, best head on top */
	size_t nheap;
	symbi_candidate *out;
};

/* True when a ranks before b (match.h's order, on ids). */
static bool before(const symbi_dataset *ds, const symbi_candidate *a, const symbi_candidate *b)
{
	if (a->score != b->score)
		return a->score > b->score;
	int c;
	if (a->supplier != b->supplier &&
	    (c = strcmp(ds->firms[a->supplier].id, ds->firms[b->supplier].id)) != 0)
		return c < 0;
	if (a->supply != b->supply &&
	    (c = strcmp(ds->streams[a->supply].id, ds->streams[b->supply].id)) != 0)
		return c < 0;
	if (a->receiver != b->receiver &&
	    (c = strcmp(ds->firms[a->receiver].id, ds->firms[b->receiver].id)) != 0)
		return c < 0;
	if (a->demand != b->demand) {
		if (a->demand == SYMBI_NONE || b->demand == SYMBI_NONE)
			return b->demand == SYMBI_NONE;
		return strcmp(ds->streams[a->demand].id, ds->streams[b->demand].id) < 0;
	}
	return false;
}

static const symbi_candidate *head(const struct spill_reader *r, size_t k)
{
	return &r->runs[k].buf[r->runs[k].i];
}

static bool heap_less(const struct spill_reader *r, size_t a, size_t b)
{
	return before(r->ds, head(r, r->heap[a]), head(r, r->heap[b]));
}

static void sift_down(struct spill_reader *r, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, best = i;
		if (l < r->nheap && heap_less(r, l, best))
			best = l;
		if (l + 1 < r->nheap && heap_less(r, l + 1, best))
			best = l + 1;
		if (best == i)
			return;
		size_t t = r->heap[i];
		r->heap[i] = r->heap[best];
		r->heap[best] = t;
		i = best;
	}
}

/* Refill run k's buffer; false at its end. */
static int refill(run_in *in, bool *more)
{
	*more = false;
	if (!in->left)
		return 0;
	size_t k = in->left < READ_BATCH ? in->left : READ_BATCH;
	if (fread(in->buf, sizeof *in->buf, k, in->f) != k)
		return symbi__error(SYMBI_EIO, "a file of spilled candidates is short: %s",
		                    strerror(errno ? errno : EIO));
	in->n = k;
	in->i = 0;
	in->left -= k;
	*more = true;
	return 0;
}

static void reader_free(struct spill_reader *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nruns; i++) {
		if (r->runs[i].f)
			fclose(r->runs[i].f);
		free(r->runs[i].buf);
	}
	free(r->runs);
	free(r->heap);
	free(r->out);
	free(r);
}

int symbi__cursor_begin(symbi__cursor *cur, const symbi_matches *m)
{
	memset(cur, 0, sizeof *cur);
	cur->m = m;
	const symbi__spill *sp = m->spill;
	if (!sp)
		return 0;
	struct spill_reader *r = calloc(1, sizeof *r);
	int rc = 0;
	if (!r || !(r->runs = calloc(sp->nruns ? sp->nruns : 1, sizeof *r->runs)) ||
	    !(r->heap = malloc((sp->nruns ? sp->nruns : 1) * sizeof *r->heap)) ||
	    !(r->out = malloc(MERGE_BATCH * sizeof *r->out))) {
		rc = symbi__error(SYMBI_ENOMEM, "out of memory");
		goto fail;
	}
	r->ds = m->ds;
	r->nruns = sp->nruns;
	for (size_t k = 0; k < sp->nruns; k++) {
		run_in *in = &r->runs[k];
		in->left = sp->counts[k];
		if (!(in->buf = malloc(READ_BATCH * sizeof *in->buf))) {
			rc = symbi__error(SYMBI_ENOMEM, "out of memory");
			goto fail;
		}
		if (!(in->f = fopen(sp->paths[k], "rb"))) {
			rc = symbi__error(SYMBI_EIO, "%s: %s", sp->paths[k], strerror(errno));
			goto fail;
		}
		bool more;
		if ((rc = refill(in, &more)) != 0)
			goto fail;
		if (more)
			r->heap[r->nheap++] = k;
	}
	for (size_t i = r->nheap / 2; i-- > 0;)
		sift_down(r, i);
	cur->r = r;
	return 0;
fail:
	reader_free(r);
	cur->rc = rc;
	return rc;
}

size_t symbi__cursor_batch(symbi__cursor *cur, const symbi_candidate **out, size_t max)
{
	*out = NULL;
	const symbi_matches *m = cur->m;
	if (cur->rc || !m)
		return 0;
	if (!m->spill) {
		size_t k = m->n - cur->next < max ? m->n - cur->next : max;
		*out = m->cands + cur->next;
		cur->next += k;
		return k;
	}
	struct spill_reader *r = cur->r;
	if (!r)
		return 0;
	if (m->spill->cancel && *m->spill->cancel) {
		cur->rc = symbi__error(SYMBI_EINTR, "interrupted");
		return 0;
	}
	if (max > MERGE_BATCH)
		max = MERGE_BATCH;
	size_t k = 0;
	while (k < max && r->nheap) {
		size_t top = r->heap[0];
		run_in *in = &r->runs[top];
		r->out[k++] = in->buf[in->i++];
		if (in->i == in->n) {
			bool more;
			int rc = refill(in, &more);
			if (rc) {
				cur->rc = rc;
				return 0;
			}
			if (!more)
				r->heap[0] = r->heap[--r->nheap];
		}
		if (r->nheap)
			sift_down(r, 0);
	}
	*out = r->out;
	return k;
}

void symbi__cursor_end(symbi__cursor *cur)
{
	if (cur->r)
		reader_free(cur->r);
	cur->r = NULL;
}
