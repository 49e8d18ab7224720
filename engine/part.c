/*
 * part.c: a tile's candidates as a file (part.h).
 *
 * Records are the in-memory symbi_candidate, written whole: a new field of
 * the candidate travels without a change here, and the record size in the
 * first line refuses a part of a build whose layout differs.
 */
#include <errno.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "symbi/part.h"

#define PART_MAGIC "symbi-part 1"
#define BYTE_ORDER_MARK 0x01020304u
#define CHUNK 4096 /* records per write */

static uint64_t fnv1a(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

#define FNV_OFFSET 0xcbf29ce484222325ull

int symbi_part_write(FILE *f, const char *header, const symbi_matches *m)
{
	if (strchr(header, '\n'))
		return symbi__error(SYMBI_EQUERY, "a part header is one line");
	symbi_candidate *buf = malloc(CHUNK * sizeof *buf);
	if (!buf)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	uint64_t h = FNV_OFFSET;
	int ok = fprintf(f, "%s %zu %u %zu\n%s\n", PART_MAGIC, sizeof(symbi_candidate),
	                 BYTE_ORDER_MARK, m->n, header) > 0;
	for (size_t i = 0; ok && i < m->n; i += CHUNK) {
		size_t k = m->n - i < CHUNK ? m->n - i : CHUNK;
		/* Whole records: a field added to the candidate (flags...)
		 * travels without a change here. */
		memcpy(buf, m->cands + i, k * sizeof *buf);
		h = fnv1a(h, buf, k * sizeof *buf);
		ok = fwrite(buf, sizeof *buf, k, f) == k;
	}
	free(buf);
	if (ok)
		ok = fprintf(f, "end %016llx\n", (unsigned long long)h) > 0;
	if (!ok || ferror(f))
		return symbi__error(SYMBI_EIO, "%s", strerror(errno ? errno : EIO));
	return 0;
}

struct symbi_part_reader {
	FILE *f;
	char *path;
	size_t left; /* records not read yet */
	uint64_t h;  /* FNV-1a of the records read */
};

void symbi_part_close(symbi_part_reader *r)
{
	if (!r)
		return;
	if (r->f)
		fclose(r->f);
	free(r->path);
	free(r);
}

int symbi_part_open(symbi_part_reader **out, const char *path, char **header, size_t *count)
{
	*out = NULL;
	*header = NULL;
	*count = 0;
	char *line = NULL, *head = NULL;
	size_t cap = 0, rec = 0, n = 0;
	unsigned bom = 0;
	int rc = 0;
	symbi_part_reader *r = calloc(1, sizeof *r);
	if (!r || !(r->path = strdup(path))) {
		free(r);
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	}
	if (!(r->f = fopen(path, "rb"))) {
		rc = symbi__error(SYMBI_EIO, "%s: %s", path, strerror(errno));
		goto done;
	}
	char magic[32];
	if (getline(&line, &cap, r->f) < 0 ||
	    sscanf(line, "%31[a-z-] 1 %zu %u %zu", magic, &rec, &bom, &n) != 4 ||
	    strncmp(line, PART_MAGIC " ", sizeof PART_MAGIC) != 0) {
		rc = symbi__error(SYMBI_EINPUT,
		                  "%s: not a part (written by symbi match --tile T --tile-index I)",
		                  path);
		goto done;
	}
	if (rec != sizeof(symbi_candidate) || bom != BYTE_ORDER_MARK) {
		rc = symbi__error(SYMBI_EINPUT,
		                  "%s: written by a build with another record layout (%zu bytes, "
		                  "byte order %08x; this one: %zu, %08x)",
		                  path, rec, bom, sizeof(symbi_candidate), BYTE_ORDER_MARK);
		goto done;
	}
	ssize_t len = getline(&line, &cap, r->f);
	if (len < 1 || line[len - 1] != '\n') {
		rc = symbi__error(SYMBI_EINPUT, "%s: truncated in its header", path);
		goto done;
	}
	line[len - 1] = '\0';
	if (!(head = strdup(line))) {
		rc = symbi__error(SYMBI_ENOMEM, "out of memory");
		goto done;
	}
	/* The size the first line announces: records, then "end" and 16
	 * hex digits on a line. */
	struct stat st;
	long at = ftell(r->f);
	size_t bytes;
	if (at < 0 || fstat(fileno(r->f), &st) != 0) {
		rc = symbi__error(SYMBI_EIO, "%s: %s", path, strerror(errno));
		goto done;
	}
	if (!symbi__mul(n, rec, &bytes) || (size_t)st.st_size < (size_t)at + bytes) {
		rc = symbi__error(SYMBI_EINPUT, "%s: truncated (%zu records announced)", path, n);
		goto done;
	}
	if ((size_t)st.st_size < (size_t)at + bytes + 21) {
		rc = symbi__error(SYMBI_EINPUT, "%s: truncated (no end line)", path);
		goto done;
	}
	if ((size_t)st.st_size > (size_t)at + bytes + 21) {
		rc = symbi__error(SYMBI_EINPUT, "%s: bytes after the end line", path);
		goto done;
	}
	r->left = n;
	r->h = FNV_OFFSET;
	*header = head;
	*count = n;
	head = NULL;
	*out = r;
	r = NULL;
done:
	free(head);
	free(line);
	symbi_part_close(r);
	return rc;
}

int symbi_part_next(void *reader, symbi_candidate *buf, size_t max, size_t *got)
{
	symbi_part_reader *r = reader;
	*got = 0;
	if (!r->f)
		return 0;
	size_t k = r->left < max ? r->left : max;
	if (k && fread(buf, sizeof *buf, k, r->f) != k)
		return ferror(r->f) ? symbi__error(SYMBI_EIO, "%s: %s", r->path, strerror(errno))
		                    : symbi__error(SYMBI_EINPUT, "%s: truncated", r->path);
	r->h = fnv1a(r->h, buf, k * sizeof *buf);
	r->left -= k;
	*got = k;
	if (r->left)
		return 0;
	/* The last record: the end line and its checksum. */
	char line[32], extra;
	unsigned long long want = 0;
	if (!fgets(line, sizeof line, r->f) || sscanf(line, "end %16llx%c", &want, &extra) != 2 ||
	    extra != '\n')
		return symbi__error(SYMBI_EINPUT, "%s: truncated (no end line)", r->path);
	if (want != r->h)
		return symbi__error(SYMBI_EINPUT, "%s: damaged (checksum %016llx, records give %016llx)",
		                    r->path, want, (unsigned long long)r->h);
	if (fgetc(r->f) != EOF)
		return symbi__error(SYMBI_EINPUT, "%s: bytes after the end line", r->path);
	fclose(r->f);
	r->f = NULL;
	return 0;
}

int symbi_part_read(const char *path, char **header, symbi_candidate **cands, size_t *n)
{
	*header = NULL;
	*cands = NULL;
	*n = 0;
	symbi_part_reader *r = NULL;
	char *head = NULL;
	size_t count = 0, got = 0, bytes;
	symbi_candidate *c = NULL;
	int rc = symbi_part_open(&r, path, &head, &count);
	if (rc)
		return rc;
	if (!symbi__mul(count ? count : 1, sizeof *c, &bytes) || !(c = malloc(bytes))) {
		rc = symbi__error(SYMBI_ENOMEM, "%s: out of memory for %zu records", path, count);
		goto done;
	}
	/* One call reads every record and checks the end line. */
	if ((rc = symbi_part_next(r, c, count, &got)) != 0)
		goto done;
	*header = head;
	*cands = count ? c : NULL;
	*n = count;
	head = NULL;
	if (count)
		c = NULL;
done:
	free(c);
	free(head);
	symbi_part_close(r);
	return rc;
}
