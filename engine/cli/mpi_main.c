/*
 * mpi_main.c: `symbi-mpi` — the tiles of one run spread over the ranks of an
 * MPI job (README "Tiles: beyond one machine"):
 *
 *   mpirun -np N symbi-mpi match DATASET [options] --tile T -o OUT.json
 *
 * writes the same bytes as `symbi match DATASET [options] -o OUT.json`, and
 * `cluster`, `export` and `report` likewise. Every rank loads the dataset
 * (the grid is a pure function of it, so no coordination is needed), takes
 * its share of the T x T tiles (largest first, each to the rank with the
 * least work so far: the LPT rule of Graham 1969, within 4/3 of the best
 * balance), matches them with --threads threads, and sends the candidate
 * records to rank 0, which ranks the union (symbi_match_union) and runs the
 * command's own writer as `symbi` does. Only rank 0 writes, through the same
 * temporary file renamed into place, so a failed job leaves no output.
 *
 * Failures: a rank whose tile fails reports its message through rank 0
 * ("rank R, tile I: ...") and the job exits with the matching status; a rank
 * that fails before matching (loading) is named by rank 0; a rank that dies
 * makes mpirun end the job before anything is written. Ranks other than 0
 * print nothing before matching (their loading messages would repeat rank
 * 0's).
 *
 * Without --tile, the grid is the smallest T with T*T >= 4 x ranks (1 for
 * one rank), so there are tiles enough to balance.
 *
 * SYMBI_MPI_STATS=1 in the environment makes rank 0 print, per rank, its
 * tiles, candidates, matching time and the bytes it sent, and the time of
 * the gather and the union (bench/RESULTS.md). SYMBI_MPI_TEST_KILL_RANK=R
 * makes rank R kill itself after its first tile (tests/mpi).
 */
#include <fcntl.h>
#include <locale.h>
#include <mpi.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

#define MSG 256
#define CHUNK_RECS ((size_t)65536) /* candidates per message (10 MiB): MPI counts are int */

static int rank, nranks;
static int saved_stderr = -1;
static bool entered; /* this rank reached the matcher */

typedef struct rank_report {
	int32_t exit; /* 0 or the exit status */
	int32_t tiles;
	uint64_t count; /* candidates */
	double seconds; /* matching its tiles */
	char msg[MSG];
} rank_report;

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void restore_stderr(void)
{
	if (saved_stderr >= 0) {
		fflush(stderr);
		dup2(saved_stderr, STDERR_FILENO);
		close(saved_stderr);
		saved_stderr = -1;
	}
}

/* Every rank calls this once, from the matcher or from main when it never
 * got there, so a rank failing alone cannot leave the others waiting. Rank
 * 0 names the ranks that failed before matching. Returns true when all are
 * at the matcher. */
static bool all_arrived(int status)
{
	int *all = malloc((size_t)nranks * sizeof *all);
	if (!all)
		MPI_Abort(MPI_COMM_WORLD, EXIT_FAILURE_);
	MPI_Allgather(&status, 1, MPI_INT, all, 1, MPI_INT, MPI_COMM_WORLD);
	bool ok = true;
	for (int r = 0; r < nranks; r++)
		if (all[r]) {
			ok = false;
			if (rank == 0 && status == 0)
				fprintf(stderr,
				        "symbi-mpi: rank %d failed before matching (exit %d); "
				        "its messages are those of rank 0 run alone\n",
				        r, all[r]);
		}
	free(all);
	return ok;
}

typedef struct tile_order {
	size_t weight;
	unsigned index;
} tile_order;

static int cmp_tile(const void *a, const void *b)
{
	const tile_order *p = a, *q = b;
	if (p->weight != q->weight)
		return p->weight > q->weight ? -1 : 1;
	return (p->index > q->index) - (p->index < q->index);
}

/* The tiles of this rank: LPT over the weights, the same on every rank. */
static int my_tiles(const symbi_dataset *ds, unsigned grid, unsigned **out, size_t *n)
{
	size_t nt = (size_t)grid * grid;
	size_t *w = malloc(nt * sizeof *w);
	tile_order *o = malloc(nt * sizeof *o);
	size_t *load = calloc((size_t)nranks, sizeof *load);
	unsigned *mine = malloc(nt * sizeof *mine);
	int rc = 0;
	*out = NULL;
	*n = 0;
	if (!w || !o || !load || !mine) {
		rc = SYMBI_ENOMEM;
		goto done;
	}
	if ((rc = symbi_tile_weights(ds, grid, w)) != 0)
		goto done;
	for (size_t t = 0; t < nt; t++)
		o[t] = (tile_order){w[t], (unsigned)t};
	qsort(o, nt, sizeof *o, cmp_tile);
	for (size_t k = 0; k < nt; k++) {
		int best = 0;
		for (int r = 1; r < nranks; r++)
			if (load[r] < load[best])
				best = r;
		/* An empty tile still costs its setup: count it as one. */
		load[best] += o[k].weight ? o[k].weight : 1;
		if (best == rank)
			mine[(*n)++] = o[k].index;
	}
	*out = mine;
	mine = NULL;
done:
	free(w);
	free(o);
	free(load);
	free(mine);
	return rc;
}

/* A rank's candidates, sorted, to rank 0 in messages of CHUNK_RECS. */
static void send_sorted(const symbi_candidate *c, size_t n)
{
	for (size_t off = 0; off < n; off += CHUNK_RECS) {
		size_t k = n - off < CHUNK_RECS ? n - off : CHUNK_RECS;
		MPI_Send(c + off, (int)(k * sizeof *c), MPI_BYTE, 0, 1, MPI_COMM_WORLD);
	}
}

/* Rank 0's sources for the merge: its own sorted candidates, and each other
 * rank's, received a message at a time as the merge needs them, so rank 0
 * holds one message per rank rather than the union. */
typedef struct rank_source {
	int from;                /* 0: `own` */
	const symbi_candidate *own;
	symbi_candidate *buf;    /* the message being read */
	size_t left, n, i;       /* still to receive; in buf; next in buf */
} rank_source;

static int rank_read(void *ctx, symbi_candidate *out, size_t max, size_t *got)
{
	rank_source *s = ctx;
	*got = 0;
	if (s->i == s->n) {
		if (!s->left)
			return 0;
		size_t k = s->left < CHUNK_RECS ? s->left : CHUNK_RECS;
		if (s->from == 0) {
			s->buf = (symbi_candidate *)s->own;
			s->own += k;
		} else {
			MPI_Recv(s->buf, (int)(k * sizeof *s->buf), MPI_BYTE, s->from, 1, MPI_COMM_WORLD,
			         MPI_STATUS_IGNORE);
		}
		s->n = k;
		s->i = 0;
		s->left -= k;
	}
	size_t k = s->n - s->i < max ? s->n - s->i : max;
	memcpy(out, s->buf + s->i, k * sizeof *out);
	s->i += k;
	*got = k;
	return 0;
}

static int mpi_matcher(const cli_common *c, cli_query *q, const symbi_dataset *ds,
                       symbi_matches **m)
{
	(void)c;
	*m = NULL;
	entered = true;
	restore_stderr();
	if (!all_arrived(0))
		return EXIT_FAILURE_;
	if (q->tile_index != SIZE_MAX) {
		if (rank == 0)
			fprintf(stderr, "symbi-mpi: '--tile-index' is for one tile in one process "
			                "(symbi match); symbi-mpi runs them all\n");
		return EXIT_USAGE;
	}
	unsigned grid = (unsigned)q->tile;
	if (grid == 0)
		while ((size_t)grid * grid < (nranks > 1 ? 4u * (size_t)nranks : 1u))
			grid++;
	q->mo.progress = NULL; /* ranks would write over each other's line */

	/* ---- This rank's tiles. */
	rank_report me;
	memset(&me, 0, sizeof me);
	symbi_candidate *cands = NULL;
	size_t n = 0, cap = 0;
	unsigned *tiles = NULL;
	size_t ntiles = 0;
	double t0 = now_s();
	int rc = my_tiles(ds, grid, &tiles, &ntiles);
	if (rc)
		snprintf(me.msg, MSG, "rank %d: %s", rank, symbi_last_error());
	const char *kill_rank = getenv("SYMBI_MPI_TEST_KILL_RANK");
	/* Tiles and this rank's union in memory; --memory-limit bounds rank
	 * 0's merge of the ranks' sorted candidates below. */
	symbi_match_options tmo = q->mo;
	tmo.memory_limit = 0;
	for (size_t k = 0; !rc && k < ntiles; k++) {
		symbi_matches *tm = NULL;
		if ((rc = symbi_match_tile(&tm, ds, &tmo, grid, tiles[k], NULL)) != 0) {
			snprintf(me.msg, MSG, "rank %d, tile %u: %s", rank, tiles[k],
			         symbi_last_error());
			break;
		}
		size_t tn = symbi_matches_count(tm);
		if (n + tn > cap) {
			size_t nc = cap ? cap : 1024;
			while (nc < n + tn)
				nc *= 2;
			symbi_candidate *p = realloc(cands, nc * sizeof *p);
			if (!p) {
				symbi_matches_free(tm);
				rc = SYMBI_ENOMEM;
				snprintf(me.msg, MSG, "rank %d, tile %u: out of memory", rank,
				         tiles[k]);
				break;
			}
			cands = p, cap = nc;
		}
		for (size_t i = 0; i < tn; i++)
			cands[n++] = *symbi_matches_get(tm, i);
		symbi_matches_free(tm);
		me.tiles++;
		if (kill_rank && atoi(kill_rank) == rank)
			raise(SIGKILL);
	}
	free(tiles);
	/* This rank's candidates sorted and cut to the best K per demand
	 * (exact, as in each tile: a subset holding a final candidate ranks
	 * fewer than K above it), which is also fewer bytes to send;
	 * --max-candidates is rank 0's, on the whole union. */
	symbi_matches *local = NULL;
	if (!rc) {
		symbi_match_options lmo = tmo;
		lmo.max_candidates = 0;
		rc = symbi_match_union(&local, ds, &lmo, cands, n);
		cands = NULL;
		if (rc)
			snprintf(me.msg, MSG, "rank %d: %s", rank, symbi_last_error());
		n = rc ? 0 : symbi_matches_count(local);
	}
	const symbi_candidate *sorted = local && n ? symbi_matches_get(local, 0) : NULL;
	me.exit = rc ? cli_exit_status(rc) : 0;
	me.count = n;
	me.seconds = now_s() - t0;

	/* ---- Reports to rank 0, its verdict to all, then the candidates. */
	rank_report *all = NULL;
	if (rank == 0 && !(all = malloc((size_t)nranks * sizeof *all)))
		MPI_Abort(MPI_COMM_WORLD, EXIT_FAILURE_);
	MPI_Gather(&me, (int)sizeof me, MPI_BYTE, all, (int)sizeof me, MPI_BYTE, 0, MPI_COMM_WORLD);
	int verdict = 0;
	size_t total = 0;
	if (rank == 0) {
		/* The same error on every rank (a query the dataset refuses) is
		 * printed once, with the number of ranks that repeat it. */
		for (int r = 0; r < nranks; r++) {
			total += all[r].count;
			if (!all[r].exit)
				continue;
			const char *what = strstr(all[r].msg, ": ");
			int same = 0, before = 0;
			for (int s = 0; s < nranks; s++) {
				const char *w = strstr(all[s].msg, ": ");
				if (s != r && all[s].exit && what && w && strcmp(w, what) == 0)
					s < r ? before++ : same++;
			}
			if (!before) {
				if (same)
					fprintf(stderr, "symbi-mpi: %s (and %d more rank%s)\n",
					        all[r].msg, same, same == 1 ? "" : "s");
				else
					fprintf(stderr, "symbi-mpi: %s\n", all[r].msg);
			}
			if (!verdict)
				verdict = all[r].exit;
		}
		if (verdict)
			fprintf(stderr, "symbi-mpi: the job stops; nothing written\n");
	}
	MPI_Bcast(&verdict, 1, MPI_INT, 0, MPI_COMM_WORLD);
	if (verdict) {
		free(all);
		free(cands);
		symbi_matches_free(local);
		return verdict;
	}
	if (rank != 0) {
		send_sorted(sorted, n);
		symbi_matches_free(local);
		return EXIT_WORKER_DONE;
	}
	/* Rank 0 merges the ranks' sorted candidates as they arrive
	 * (symbi_match_union_sorted: a heap of their heads, the cut to K per
	 * demand as they pass, what is kept spilled past --memory-limit). */
	double g0 = now_s();
	rank_source *rs = calloc((size_t)nranks, sizeof *rs);
	symbi_candidate_source *src = calloc((size_t)nranks, sizeof *src);
	bool ok = rs && src;
	for (int r = 0; ok && r < nranks; r++) {
		rs[r] = (rank_source){r, r ? NULL : sorted, NULL, all[r].count, 0, 0};
		if (r && !(rs[r].buf = malloc(CHUNK_RECS * sizeof *rs[r].buf)))
			ok = false;
		src[r] = (symbi_candidate_source){rank_read, &rs[r], NULL};
	}
	if (!ok) {
		/* The other ranks wait in MPI_Send: end the job. */
		fprintf(stderr, "symbi-mpi: rank 0: out of memory for the merge; nothing written\n");
		MPI_Abort(MPI_COMM_WORLD, EXIT_FAILURE_);
	}
	double g1 = now_s();
	rc = symbi_match_union_sorted(m, ds, &q->mo, src, (size_t)nranks);
	if (rc && nranks > 1) {
		/* A failed merge leaves ranks waiting to send: end the job. */
		int st = cli_fail(rc, "match");
		fprintf(stderr, "symbi-mpi: the job stops; nothing written\n");
		MPI_Abort(MPI_COMM_WORLD, st);
	}
	double g2 = now_s();
	for (int r = 1; r < nranks; r++)
		free(rs[r].buf);
	free(rs);
	free(src);
	symbi_matches_free(local);
	if (getenv("SYMBI_MPI_STATS")) {
		for (int r = 0; r < nranks; r++)
			fprintf(
			    stderr,
			    "symbi-mpi: rank %d: %d tiles, %llu candidates, %.3f s matching, %zu "
			    "bytes sent\n",
			    r, all[r].tiles, (unsigned long long)all[r].count, all[r].seconds,
			    r ? (size_t)all[r].count * sizeof(symbi_candidate) : (size_t)0);
		fprintf(
		    stderr,
		    "symbi-mpi: grid %u x %u, setup %.3f s, merge %.3f s, %zu candidates kept\n",
		    grid, grid, g1 - g0, g2 - g1, rc ? (size_t)0 : symbi_matches_count(*m));
	}
	free(all);
	if (rc)
		return cli_fail(rc, "match");
	return 0;
}

static const cli_command commands[] = {
    {"match", "find, price and rank candidate partnerships (JSON)", cmd_match},
    {"cluster", "symbiosis clusters, chains, loops and the project portfolio (JSON)", cmd_cluster},
    {"export", "partnerships and firms as GeoJSON, GraphML or CSV", cmd_export},
    {"report", "a self-contained HTML report with a map and charts", cmd_report},
};

static void usage(FILE *f)
{
	fprintf(f, "usage: mpirun -np N symbi-mpi COMMAND DATASET [OPTIONS] [--tile T] -o FILE\n\n"
	           "The tiles of one run spread over the ranks of an MPI job; the output is\n"
	           "byte for byte that of 'symbi COMMAND DATASET [OPTIONS]'.\n\ncommands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\n'symbi COMMAND --help' describes a command's options.\n"
	           "Exit status: 0 success, 1 failure, 2 usage error, 3 bad input data.\n");
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");
	int provided;
	if (MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
		fprintf(stderr, "symbi-mpi: MPI could not start\n");
		return EXIT_FAILURE_;
	}
	MPI_Comm_rank(MPI_COMM_WORLD, &rank);
	MPI_Comm_size(MPI_COMM_WORLD, &nranks);
	int status = EXIT_USAGE;
	const cli_command *cmd = NULL;
	for (size_t i = 0; argc >= 2 && i < sizeof commands / sizeof *commands; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			cmd = &commands[i];
	if (!cmd) {
		if (rank == 0) {
			if (argc >= 2 && strcmp(argv[1], "--help") != 0)
				fprintf(stderr, "symbi-mpi: unknown command '%s'\n", argv[1]);
			usage(argc >= 2 && strcmp(argv[1], "--help") == 0 ? stdout : stderr);
		}
		status = argc >= 2 && strcmp(argv[1], "--help") == 0 ? EXIT_OK : EXIT_USAGE;
	} else {
		if (rank != 0) {
			/* Quiet until matching: loading messages would repeat rank 0's. */
			int null = open("/dev/null", O_WRONLY);
			if (null >= 0) {
				fflush(stderr);
				saved_stderr = dup(STDERR_FILENO);
				dup2(null, STDERR_FILENO);
				/* Only rank 0 writes a result (or --help). */
				dup2(null, STDOUT_FILENO);
				close(null);
			}
		}
		cli_matcher = mpi_matcher;
		cli_install_signals();
		status = cmd->run(argc - 1, argv + 1);
		if (!entered)
			all_arrived(status);
		restore_stderr();
		if (status == EXIT_WORKER_DONE)
			status = EXIT_OK;
	}
	fflush(stdout);
	MPI_Finalize();
	return status;
}
