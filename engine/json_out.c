/*
 * json_out.c: the match result as JSON (docs/contract.md section 6),
 * streamed. The head ("query", "summary") is built in json_summary.c, the
 * elements in json_partnership.c (json_internal.h); this file lays out the
 * document and formats and writes the elements on threads.
 *
 * Every byte goes through cJSON. The document's opening ("version", "query",
 * "summary") is one small cJSON tree printed whole; its closing brace is
 * dropped and the "partnerships" array (then "remaining", after an
 * allocation) is written one element at a time, each element a small cJSON
 * tree printed with cJSON_PrintPreallocated.
 *
 * Speed (a million firms give millions of partnerships with an "explain"
 * each):
 *  - The streamed trees are built from nodes the writer keeps and reuses
 *    (the arena mode of the node builder of json_partnership.c). Keys are string
 *    literals and values are borrowed from the dataset, the knowledge base or
 *    the builder, so building a partnership allocates nothing.
 *  - Elements are formatted in chunks of consecutive ones, each chunk into
 *    a buffer of its own, by the matches' thread count of threads (0: one
 *    per core; 1: the calling thread alone, no thread started). The calling
 *    thread writes the chunks in order, one fwrite each. Each element's bytes
 *    depend on nothing but the element, so the output is the same for any
 *    thread count.
 *  - cJSON still prints every element, but some text is handed to it ready
 *    made, as raw nodes, byte for byte what it would print itself: numbers
 *    of at most six decimals (symbi__number_text: no sprintf/sscanf round
 *    trip), and the pieces of explain that repeat across partnerships (a
 *    factor with its source, the radius, the rule), which each thread has
 *    cJSON print once.
 * Memory stays bounded whatever the number of partnerships: about two chunk
 * buffers per thread (a chunk of partnerships with explain is some 700 kB).
 *
 * Layout: indented by default (cJSON's tab indentation; each partnership's
 * lines are shifted two levels in); compact puts the header on the first line
 * and each partnership on a line of its own, which suits line tools (grep,
 * head) on big results.
 *
 * Numbers pass through symbi__round first, at the decimals conventions.h
 * gives each kind of figure (quantities 3, km 2, NOK 0, t CO2e 3, factors 6),
 * so the output is short, free of binary noise (0.30000000000000004) and of
 * -0, and identical across platforms.
 */
#include <cjson/cJSON.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "query_firms.h"
#include "conventions.h"
#include "json_internal.h"
#include "nearmiss.h"
#include "spill.h"

/* ==== Formatting elements into text ============================================================
 */

/* Text of one chunk of elements, grown as needed and reused chunk after chunk. */
typedef struct text {
	char *s;
	size_t len, cap;
	size_t big; /* the longest element printed into it so far, or the room it lacked */
} text;

/* What the threads format: the elements of "partnerships" or of "remaining",
 * cut into chunks of `per_chunk` consecutive ones. */
typedef struct job {
	const symbi_matches *m;
	const symbi__scorer *sc;
	bool pretty, explain, allocated;
	bool remaining; /* elements are streams of "remaining", else partnerships */
	/* remaining: per stream, 1 when it is of the query and in no
	 * partnership (listed with all of it left); near: search near misses */
	const uint8_t *unmatched;
	bool near;
	size_t n;     /* partnerships, or streams to look through */
	size_t first; /* remaining: the first stream listed */
	size_t per_chunk, nchunks;
	bool more; /* partnerships: m is one batch of a spilled result, more follow */
} job;

/* Print `root` with cJSON at `skip` bytes past the end of `t` (room the
 * caller fills), leaving at least two spare bytes after it. Sets *n to the
 * printed length; returns 0 or SYMBI_ENOMEM. The text is not extended: the
 * caller adds skip + *n (and what it puts after) to t->len. */
static int print_into(text *t, cJSON *root, bool format, size_t skip, size_t *n)
{
	for (;;) {
		/* cJSON asks for some slack beyond the printed length; room for
		 * two elements as long as the longest so far avoids most retries. */
		size_t want = t->len + skip + 2 * t->big + 4096;
		if (want > t->cap) {
			size_t cap = t->cap ? t->cap : 65536;
			while (cap < want)
				cap *= 2;
			if (cap > (size_t)INT_MAX)
				return SYMBI_ENOMEM;
			char *ns = realloc(t->s, cap);
			if (!ns)
				return SYMBI_ENOMEM;
			t->s = ns;
			t->cap = cap;
		}
		char *at = t->s + t->len + skip;
		size_t room = t->cap - t->len - skip - 3;
		if (cJSON_PrintPreallocated(root, at, (int)room, format)) {
			*n = strlen(at);
			if (*n > t->big)
				t->big = *n;
			return 0;
		}
		/* Too long for the room left: make the room larger than it. */
		t->big = room;
	}
}

/* Append partnership i and what follows it in the document (",\n" or, after
 * the last, "\n"). Pretty, it is printed inside two arrays ([[...]]), so
 * cJSON indents it as deep as it sits in the document; the two brackets
 * before it become its two tabs of indentation and the two after it the
 * separator. Returns 0, SYMBI_ENOMEM or SYMBI_EINTERNAL; on failure `t`
 * keeps the elements before. */
static int put_partnership(symbi__jb *b, const job *j, size_t i, text *t)
{
	cJSON *root = symbi__jb_partnership(b, j->m, i, j->sc, j->explain, j->allocated, j->pretty);
	if (!root)
		return SYMBI_ENOMEM;
	size_t n;
	int rc = print_into(t, root, j->pretty, 0, &n);
	if (rc)
		return rc;
	char *s = t->s + t->len;
	bool last = i + 1 == j->m->n && !j->more;
	if (j->pretty) {
		if (n < 4 || memcmp(s, "[[", 2) != 0 || memcmp(s + n - 2, "]]", 2) != 0)
			return SYMBI_EINTERNAL;
		s[0] = s[1] = '\t';
		n -= 2;
	}
	memcpy(s + n, last ? "\n" : ",\n", last ? 1 : 2);
	t->len += n + (last ? 1 : 2);
	return 0;
}

/* Append the "remaining" element of stream i, when it takes part, with what
 * comes before it ("\n" for the first, ",\n" after another; two tabs more
 * when pretty). It is printed unformatted in both layouts. */
static int put_remaining(symbi__jb *b, const job *j, size_t i, text *t)
{
	if (isnan(j->m->remaining[i]) && !(j->unmatched && j->unmatched[i]))
		return 0;
	cJSON *r = symbi__jb_remaining(b, j->m, j->sc, (uint32_t)i, j->near);
	if (!r)
		return SYMBI_ENOMEM;
	const char *sep =
	    i == j->first ? (j->pretty ? "\n\t\t" : "\n") : (j->pretty ? ",\n\t\t" : ",\n");
	size_t k = strlen(sep), n;
	int rc = print_into(t, r, false, k, &n);
	if (rc)
		return rc;
	memcpy(t->s + t->len, sep, k);
	t->len += k + n;
	return 0;
}

/* Partnerships come in score order, so their firms and streams are spread
 * over the whole dataset and each one read is a cache miss (at national
 * scale, a quarter of the writer's time). Ask for them ahead: the records
 * of partnership i + PREFETCH, the strings of partnership i + PREFETCH / 2
 * (their records were asked for earlier). */
#define PREFETCH 8

static SYMBI__ALWAYS_INLINE void prefetch(const symbi_matches *m, size_t i, bool strings)
{
	if (i >= m->n)
		return;
	const symbi_dataset *ds = m->ds;
	const symbi_candidate *c = &m->cands[i];
	const symbi_firm *A = &ds->firms[c->supplier], *B = &ds->firms[c->receiver];
	const symbi_stream *S = c->supply == SYMBI_NONE ? NULL : &ds->streams[c->supply];
	const symbi_stream *D = c->demand == SYMBI_NONE ? NULL : &ds->streams[c->demand];
	if (!S)
		return;
	if (!strings) {
		SYMBI__PREFETCH(A);
		SYMBI__PREFETCH(B);
		SYMBI__PREFETCH(S);
		SYMBI__PREFETCH(&S->note);
		if (D) {
			SYMBI__PREFETCH(D);
			SYMBI__PREFETCH(&D->note);
		}
		return;
	}
	SYMBI__PREFETCH(A->id);
	SYMBI__PREFETCH(A->name);
	SYMBI__PREFETCH(B->id);
	SYMBI__PREFETCH(B->name);
	SYMBI__PREFETCH(S->id);
	if (D)
		SYMBI__PREFETCH(D->id);
}

/* Format chunk `c` of the job into `t` (emptied first). On failure `t` holds
 * the whole elements before the one that failed, as the document has them. */
static int format_chunk(symbi__jb *b, const job *j, size_t c, text *t)
{
	size_t from = c * j->per_chunk;
	size_t to = j->n - from < j->per_chunk ? j->n : from + j->per_chunk;
	t->len = 0;
	if (!j->remaining) {
		for (size_t i = from; i < from + PREFETCH; i++)
			prefetch(j->m, i, false);
		for (size_t i = from; i < from + PREFETCH / 2; i++)
			prefetch(j->m, i, true);
	}
	for (size_t i = from; i < to; i++) {
		if (!j->remaining) {
			prefetch(j->m, i + PREFETCH, false);
			prefetch(j->m, i + PREFETCH / 2, true);
		}
		int rc = j->remaining ? put_remaining(b, j, i, t) : put_partnership(b, j, i, t);
		if (rc)
			return rc;
	}
	return 0;
}

/* ==== Threads ==================================================================================
 *
 * Chunk c is formatted into slot c % nslots, which it can take once the
 * chunk before it in that slot has been written. With one thread, the
 * calling thread formats each chunk and writes it. With T > 1, T helper
 * threads take the chunks in turn and the calling thread only writes them,
 * in order, as they become ready, sleeping in between; so a write that
 * blocks (the kernel throttling a writer of many gigabytes) stops no
 * formatting until the slots are full. Everything a slot holds is handed
 * over under the mutex.
 */

enum { SLOT_FREE, SLOT_BUSY, SLOT_READY };

typedef struct slot {
	text t;
	size_t chunk;
	int state;
	int rc; /* of formatting the chunk */
} slot;

typedef struct pool {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	const job *j;
	slot *slots;
	size_t nslots; /* 1, or 2 per helper and 2 more: room to work ahead of the writer */
	size_t next;   /* the next chunk to format */
	bool stop;     /* writing is over (done or failed): format nothing more */
} pool;

typedef struct helper {
	pool *p;
	symbi__jb *b;
	pthread_t tid;
} helper;

/* With the lock held: true when the next chunk can be taken. */
static bool can_take(const pool *p)
{
	return !p->stop && p->next < p->j->nchunks &&
	       p->slots[p->next % p->nslots].state == SLOT_FREE;
}

/* With the lock held: take the next chunk, format it without the lock and
 * hand it over; returns with the lock held. */
static void take_and_format(pool *p, symbi__jb *b)
{
	size_t c = p->next++;
	slot *s = &p->slots[c % p->nslots];
	s->state = SLOT_BUSY;
	s->chunk = c;
	pthread_mutex_unlock(&p->mu);
	int rc = format_chunk(b, p->j, c, &s->t);
	pthread_mutex_lock(&p->mu);
	s->rc = rc;
	s->state = SLOT_READY;
	pthread_cond_broadcast(&p->cv);
}

static void *helper_run(void *arg)
{
	helper *h = arg;
	pool *p = h->p;
	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (!p->stop && p->next < p->j->nchunks && !can_take(p))
			pthread_cond_wait(&p->cv, &p->mu);
		if (!can_take(p))
			break;
		take_and_format(p, h->b);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* The calling thread's part: write each chunk in order as it becomes ready;
 * when `b` is not NULL (no helper threads), format them too. Returns 0,
 * SYMBI_EIO (the write failed), or the formatting error of the first chunk
 * that had one, after writing the elements before it. */
static int write_chunks(pool *p, symbi__jb *b, FILE *f)
{
	int rc = 0;
	pthread_mutex_lock(&p->mu);
	for (size_t w = 0; !rc && w < p->j->nchunks;) {
		slot *s = &p->slots[w % p->nslots];
		if (s->state == SLOT_READY && s->chunk == w) {
			pthread_mutex_unlock(&p->mu);
			/* A chunk of "remaining" may list no stream at all. */
			bool wrote = !s->t.len || fwrite(s->t.s, 1, s->t.len, f) == s->t.len;
			rc = wrote ? s->rc : SYMBI_EIO;
			pthread_mutex_lock(&p->mu);
			s->state = SLOT_FREE;
			w++;
			pthread_cond_broadcast(&p->cv);
		} else if (b && can_take(p)) {
			take_and_format(p, b);
		} else {
			pthread_cond_wait(&p->cv, &p->mu);
		}
	}
	p->stop = true;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	return rc;
}

/* Format and write every element of `j` to `f` in order, on thread_count
 * threads; `b` is the calling thread's builder, used when it formats.
 * Returns 0, SYMBI_ENOMEM, SYMBI_EIO or SYMBI_EINTERNAL, the first in
 * document order. */
static int write_elements(FILE *f, const job *j, symbi__jb *b)
{
	if (j->nchunks == 0)
		return 0;
	/* The matches' thread count (0: one per core), no more than there are chunks. */
	int nthreads = symbi__thread_count(j->m->opt.threads, j->nchunks, 64);
	int rc = 0, started = 0;
	int nhelpers = nthreads > 1 ? nthreads : 0;
	pool p;
	memset(&p, 0, sizeof p);
	p.j = j;
	p.nslots = nhelpers ? 2 * (size_t)nhelpers + 2 : 1;
	p.slots = calloc(p.nslots, sizeof *p.slots);
	helper *h = nhelpers ? calloc((size_t)nhelpers, sizeof *h) : NULL;
	if (!p.slots || (nhelpers && !h)) {
		free(p.slots);
		free(h);
		return SYMBI_ENOMEM;
	}
	if (pthread_mutex_init(&p.mu, NULL) != 0) {
		rc = SYMBI_ENOMEM;
		goto free_slots;
	}
	if (pthread_cond_init(&p.cv, NULL) != 0) {
		pthread_mutex_destroy(&p.mu);
		rc = SYMBI_ENOMEM;
		goto free_slots;
	}
	for (int t = 0; t < nhelpers; t++) {
		h[t].p = &p;
		if (!(h[t].b = symbi__jb_new()))
			break; /* fewer threads do the same work */
		if (pthread_create(&h[t].tid, NULL, helper_run, &h[t]) != 0) {
			symbi__jb_free(h[t].b);
			break;
		}
		started++;
	}
	/* Without a helper (one thread, or none could start) the calling
	 * thread formats too. */
	rc = write_chunks(&p, started ? NULL : b, f);
	for (int t = 0; t < started; t++) {
		pthread_join(h[t].tid, NULL);
		symbi__jb_free(h[t].b);
	}
	pthread_cond_destroy(&p.cv);
	pthread_mutex_destroy(&p.mu);
free_slots:
	for (size_t s = 0; s < p.nslots; s++)
		free(p.slots[s].t.s);
	free(p.slots);
	free(h);
	return rc;
}

/* ==== The document
 * ================================================================================ */

static bool put(FILE *f, const char *s, size_t n)
{
	return fwrite(s, 1, n, f) == n;
}

int symbi_write_match_json(FILE *f, const symbi_matches *m, const symbi_json_options *o)
{
	symbi_json_options defaults = SYMBI_JSON_OPTIONS_INIT;
	if (!o)
		o = &defaults;
	const bool pretty = !o->compact;
	symbi__scorer sc;
	symbi__scorer_init(&sc, m->ds->kb);
	symbi__scorer_set_radius(&sc, m->opt.radius_km);
	int rc = 0;
	char *head = NULL;
	uint8_t *unmatched = NULL; /* "remaining": streams of the query in no partnership */
	symbi__jb *b = NULL;       /* the calling thread's builder */
	cJSON *top = cJSON_CreateObject();
	cJSON *q = symbi__json_query(m, o), *s = symbi__json_summary(m, o, &rc);
	if (!top || !q || !s || !symbi__json_str(top, "version", SYMBI_VERSION) ||
	    !cJSON_AddItemToObject(top, "query", q)) {
		cJSON_Delete(q);
		cJSON_Delete(s);
		if (rc)
			goto fail;
		goto nomem;
	}
	q = NULL;
	if (!cJSON_AddItemToObject(top, "summary", s)) {
		cJSON_Delete(s);
		goto nomem;
	}
	head = pretty ? cJSON_Print(top) : cJSON_PrintUnformatted(top);
	if (!head)
		goto nomem;
	/* Drop the closing brace (and the newline before it when pretty). */
	size_t hn = strlen(head);
	if (hn < 2 || head[hn - 1] != '}')
		goto internal;
	hn--;
	if (pretty && head[hn - 1] == '\n')
		hn--;
	if (!put(f, head, hn))
		goto io;
	const char *open =
	    pretty ? (m->n ? ",\n\t\"partnerships\":\t[\n" : ",\n\t\"partnerships\":\t[")
	           : ",\"partnerships\":[\n";
	if (!put(f, open, strlen(open)))
		goto io;
	if (!(b = symbi__jb_new()))
		goto nomem;
	job j = {.m = m,
	         .sc = &sc,
	         .pretty = pretty,
	         .explain = o->explain,
	         .allocated = o->optimize,
	         .n = m->n,
	         .per_chunk = 256};
	if (!m->spill) {
		j.nchunks = (m->n + j.per_chunk - 1) / j.per_chunk;
		if ((rc = write_elements(f, &j, b)) != 0)
			goto fail;
	} else {
		/* Spilled: the partnerships come merged from the runs, a batch
		 * at a time, each written as the whole array would be (a view
		 * of the matches holding the batch). */
		symbi__cursor cur;
		const symbi_candidate *batch;
		size_t nb, done = 0;
		if ((rc = symbi__cursor_begin(&cur, m)) != 0)
			goto fail;
		while ((nb = symbi__cursor_batch(&cur, &batch, SIZE_MAX)) > 0) {
			symbi_matches view = *m;
			view.cands = (symbi_candidate *)batch;
			view.n = nb;
			view.spill = NULL;
			j.m = &view;
			j.n = nb;
			j.nchunks = (nb + j.per_chunk - 1) / j.per_chunk;
			done += nb;
			j.more = done < m->n;
			if ((rc = write_elements(f, &j, b)) != 0)
				break;
		}
		symbi__cursor_end(&cur);
		j.m = m;
		if (!rc && (rc = cur.rc) == 0 && done != m->n)
			rc = symbi__error(SYMBI_EINTERNAL,
			                  "%zu spilled partnerships read back of %zu", done, m->n);
		if (rc)
			goto fail;
	}
	if (o->optimize && m->remaining) {
		/* What each stream keeps after the allocation, streamed like the
		 * partnerships: one object per stream that takes part. */
		const char *ropen =
		    pretty ? (m->n ? "\t],\n\t\"remaining\":\t[" : "],\n\t\"remaining\":\t[")
		           : "],\"remaining\":[";
		if (!put(f, ropen, strlen(ropen)))
			goto io;
		size_t ns = m->ds->nstreams, first = 0;
		/* Streams of the query that no partnership takes part in are
		 * listed too, with all of them left and their near misses. */
		if (!(unmatched = calloc(ns ? ns : 1, 1)))
			goto nomem;
		size_t nun = 0;
		for (size_t s = 0; s < ns; s++)
			if (isnan(m->remaining[s]) && symbi__stream_in_query(m, (uint32_t)s)) {
				unmatched[s] = 1;
				nun++;
			}
		for (size_t k = 0; k < m->n; k++) {
			if (m->cands[k].supply != SYMBI_NONE) {
				nun -= unmatched[m->cands[k].supply];
				unmatched[m->cands[k].supply] = 0;
			}
			if (m->cands[k].demand != SYMBI_NONE) {
				nun -= unmatched[m->cands[k].demand];
				unmatched[m->cands[k].demand] = 0;
			}
		}
		while (first < ns && isnan(m->remaining[first]) && !unmatched[first])
			first++;
		job r = {.m = m,
		         .sc = &sc,
		         .pretty = pretty,
		         .unmatched = unmatched,
		         .near = (double)nun * (double)ns <= symbi__near_miss_budget,
		         .remaining = true,
		         .n = ns,
		         .first = first,
		         .per_chunk = 4096};
		if (first < ns)
			r.nchunks = (ns + r.per_chunk - 1) / r.per_chunk;
		if ((rc = write_elements(f, &r, b)) != 0)
			goto fail;
		bool none = first == ns;
		const char *rclose =
		    pretty ? (none ? "]\n}\n" : "\n\t]\n}\n") : (none ? "]}\n" : "\n]}\n");
		if (!put(f, rclose, strlen(rclose)) || fflush(f) != 0 || ferror(f))
			goto io;
		goto done;
	}
	if ((symbi__query_names_firms(&m->opt) || m->opt.stream) && !m->spill) {
		/* What the query's streams without a partnership came closest to. */
		char *um = symbi__json_unmatched(m, &sc, pretty);
		if (!um)
			goto nomem;
		const char *sep = pretty ? (m->n ? "\t],\n" : "],\n") : "],";
		const char *end = pretty ? "\n}\n" : "}\n";
		bool okw =
		    put(f, sep, strlen(sep)) && put(f, um, strlen(um)) && put(f, end, strlen(end));
		cJSON_free(um);
		if (!okw || fflush(f) != 0 || ferror(f))
			goto io;
		goto done;
	}
	const char *close = pretty ? (m->n ? "\t]\n}\n" : "]\n}\n") : "]}\n";
	if (!put(f, close, strlen(close)) || fflush(f) != 0 || ferror(f))
		goto io;
	goto done;
fail:
	/* Reading a spilled result: its own message (interrupted,
	 * candidates out of order). */
	if (rc == SYMBI_EINTR || rc == SYMBI_EINPUT)
		goto done;
	if (rc == SYMBI_EIO)
		goto io;
	if (rc == SYMBI_EINTERNAL)
		goto internal;
nomem:
	rc = symbi__error(SYMBI_ENOMEM, "out of memory");
	goto done;
io:
	rc = symbi__error(SYMBI_EIO, "error writing the JSON output");
	goto done;
internal:
	rc = symbi__error(SYMBI_EINTERNAL, "cJSON printed an unexpected document");
done:
	symbi__jb_free(b);
	cJSON_free(head);
	cJSON_Delete(top);
	free(unmatched);
	return rc;
}
