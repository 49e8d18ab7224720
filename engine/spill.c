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

#include "evidence.h"
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

/* ==== Merging sorted sources ================================================================= */

#define MERGE_BUFFERS ((size_t)16 << 20) /* bytes of batches over all sources */

typedef struct src_in {
	symbi_candidate_source src;
	symbi_candidate *buf;
	size_t n, i;           /* buffered, next in buffer */
	symbi_candidate last;  /* the last record of the previous batch */
	bool has_last;
} src_in;

struct symbi__merge {
	const symbi_dataset *ds;
	symbi_rank rank;
	src_in *in;
	size_t nin, batch;
	size_t *heap; /* source indexes, best head on top */
	size_t nheap;
	symbi_candidate *out;
	volatile int *cancel;
};

bool symbi__ranks_before(const symbi_dataset *ds, symbi_rank rank, const symbi_candidate *a,
                         const symbi_candidate *b)
{
	uint32_t ta = symbi__rank_tier(a, rank), tb = symbi__rank_tier(b, rank);
	if (ta != tb)
		return ta < tb;
	double sa = symbi__rank_score(a, rank), sb = symbi__rank_score(b, rank);
	if (sa != sb)
		return sa > sb;
	int c;
	if (a->supplier != b->supplier &&
	    (c = strcmp(ds->firms[a->supplier].id, ds->firms[b->supplier].id)) != 0)
		return c < 0;
	/* No supply stream (demand-side sector potential) comes last, as the
	 * matcher's rank tables put it. */
	if (a->supply != b->supply) {
		if (a->supply == SYMBI_NONE || b->supply == SYMBI_NONE)
			return b->supply == SYMBI_NONE;
		if ((c = strcmp(ds->streams[a->supply].id, ds->streams[b->supply].id)) != 0)
			return c < 0;
	}
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

static const symbi_candidate *head(const symbi__merge *mg, size_t k)
{
	return &mg->in[k].buf[mg->in[k].i];
}

static bool heap_less(const symbi__merge *mg, size_t a, size_t b)
{
	return symbi__ranks_before(mg->ds, mg->rank, head(mg, mg->heap[a]), head(mg, mg->heap[b]));
}

static void sift_down(symbi__merge *mg, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, best = i;
		if (l < mg->nheap && heap_less(mg, l, best))
			best = l;
		if (l + 1 < mg->nheap && heap_less(mg, l + 1, best))
			best = l + 1;
		if (best == i)
			return;
		size_t t = mg->heap[i];
		mg->heap[i] = mg->heap[best];
		mg->heap[best] = t;
		i = best;
	}
}

static bool names_dataset(const symbi_dataset *ds, const symbi_candidate *c)
{
	return (c->supply < ds->nstreams || (c->supply == SYMBI_NONE && c->demand != SYMBI_NONE)) &&
	       c->supplier < ds->nfirms && c->receiver < ds->nfirms &&
	       (c->demand == SYMBI_NONE || c->demand < ds->nstreams);
}

/* Refill source k's batch; *more is false at its end. Each record is
 * checked before any comparison reads its ids. */
static int refill(symbi__merge *mg, size_t k, bool *more)
{
	src_in *in = &mg->in[k];
	const char *name = in->src.name ? in->src.name : "candidates";
	*more = false;
	if (in->n) {
		in->last = in->buf[in->n - 1];
		in->has_last = true;
	}
	size_t got = 0;
	int rc = in->src.read(in->src.ctx, in->buf, mg->batch, &got);
	in->n = in->i = 0;
	if (rc)
		return rc;
	if (got > mg->batch)
		return symbi__error(SYMBI_EINPUT, "%s: a source gave more than asked", name);
	for (size_t i = 0; i < got; i++) {
		if (!names_dataset(mg->ds, &in->buf[i]))
			return symbi__error(SYMBI_EINPUT,
			                    "%s: a candidate names a firm or stream the dataset does "
			                    "not have",
			                    name);
		const symbi_candidate *prev = i ? &in->buf[i - 1] : in->has_last ? &in->last : NULL;
		if (prev && symbi__ranks_before(mg->ds, mg->rank, &in->buf[i], prev))
			return symbi__error(SYMBI_EINPUT, "%s: candidates not in ranking order", name);
	}
	in->n = got;
	*more = got > 0;
	return 0;
}

void symbi__merge_free(symbi__merge *mg)
{
	if (!mg)
		return;
	for (size_t i = 0; i < mg->nin; i++)
		free(mg->in[i].buf);
	free(mg->in);
	free(mg->heap);
	free(mg->out);
	free(mg);
}

int symbi__merge_new(symbi__merge **out, const symbi_dataset *ds, symbi_rank rank,
                     const symbi_candidate_source *src, size_t n, volatile int *cancel)
{
	*out = NULL;
	symbi__merge *mg = calloc(1, sizeof *mg);
	int rc = 0;
	if (!mg || !(mg->in = calloc(n ? n : 1, sizeof *mg->in)) ||
	    !(mg->heap = malloc((n ? n : 1) * sizeof *mg->heap)) ||
	    !(mg->out = malloc(MERGE_BATCH * sizeof *mg->out))) {
		rc = symbi__error(SYMBI_ENOMEM, "out of memory");
		goto fail;
	}
	mg->ds = ds;
	mg->rank = rank;
	mg->cancel = cancel;
	mg->nin = n;
	/* READ_BATCH records per source, fewer when there are many. */
	mg->batch = MERGE_BUFFERS / sizeof(symbi_candidate) / (n ? n : 1);
	mg->batch = mg->batch > READ_BATCH ? READ_BATCH : mg->batch < 256 ? 256 : mg->batch;
	for (size_t k = 0; k < n; k++) {
		mg->in[k].src = src[k];
		if (!(mg->in[k].buf = malloc(mg->batch * sizeof *mg->in[k].buf))) {
			rc = symbi__error(SYMBI_ENOMEM, "out of memory");
			goto fail;
		}
	}
	for (size_t k = 0; k < n; k++) {
		bool more;
		if ((rc = refill(mg, k, &more)) != 0)
			goto fail;
		if (more)
			mg->heap[mg->nheap++] = k;
	}
	for (size_t i = mg->nheap / 2; i-- > 0;)
		sift_down(mg, i);
	*out = mg;
	return 0;
fail:
	symbi__merge_free(mg);
	return rc;
}

size_t symbi__merge_batch(symbi__merge *mg, const symbi_candidate **out, size_t max, int *rc)
{
	*out = NULL;
	*rc = 0;
	if (mg->cancel && *mg->cancel) {
		*rc = symbi__error(SYMBI_EINTR, "interrupted");
		return 0;
	}
	if (max > MERGE_BATCH)
		max = MERGE_BATCH;
	size_t k = 0;
	while (k < max && mg->nheap) {
		size_t top = mg->heap[0];
		src_in *in = &mg->in[top];
		mg->out[k++] = in->buf[in->i++];
		if (in->i == in->n) {
			bool more;
			if ((*rc = refill(mg, top, &more)) != 0)
				return 0;
			if (!more)
				mg->heap[0] = mg->heap[--mg->nheap];
		}
		if (mg->nheap)
			sift_down(mg, 0);
	}
	*out = mg->out;
	return k;
}

/* ==== Reading a result ========================================================================= */

/* A run's file as a source of the merge. */
typedef struct run_in {
	FILE *f;
	size_t left; /* records still in the file */
} run_in;

static int run_read(void *ctx, symbi_candidate *buf, size_t max, size_t *got)
{
	run_in *in = ctx;
	size_t k = in->left < max ? in->left : max;
	*got = 0;
	if (k && fread(buf, sizeof *buf, k, in->f) != k)
		return symbi__error(SYMBI_EIO, "a file of spilled candidates is short: %s",
		                    strerror(errno ? errno : EIO));
	in->left -= k;
	*got = k;
	return 0;
}

int symbi__cursor_begin(symbi__cursor *cur, const symbi_matches *m)
{
	memset(cur, 0, sizeof *cur);
	cur->m = m;
	const symbi__spill *sp = m->spill;
	if (!sp)
		return 0;
	size_t n = sp->nruns;
	symbi_candidate_source *src = calloc(n ? n : 1, sizeof *src);
	int rc = 0;
	if (!src || !(cur->runs = calloc(n ? n : 1, sizeof *cur->runs))) {
		rc = symbi__error(SYMBI_ENOMEM, "out of memory");
		goto done;
	}
	cur->nruns = n;
	for (size_t k = 0; k < n; k++) {
		run_in *in = &cur->runs[k];
		in->left = sp->counts[k];
		if (!(in->f = fopen(sp->paths[k], "rb"))) {
			rc = symbi__error(SYMBI_EIO, "%s: %s", sp->paths[k], strerror(errno));
			goto done;
		}
		src[k] = (symbi_candidate_source){run_read, in, sp->paths[k]};
	}
	rc = symbi__merge_new(&cur->mg, m->ds, m->opt.rank, src, n, sp->cancel);
done:
	free(src);
	if (rc) {
		symbi__cursor_end(cur);
		cur->rc = rc;
	}
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
	if (!cur->mg)
		return 0;
	return symbi__merge_batch(cur->mg, out, max, &cur->rc);
}

void symbi__cursor_end(symbi__cursor *cur)
{
	symbi__merge_free(cur->mg);
	cur->mg = NULL;
	for (size_t k = 0; k < cur->nruns; k++)
		if (cur->runs[k].f)
			fclose(cur->runs[k].f);
	free(cur->runs);
	cur->runs = NULL;
	cur->nruns = 0;
}
