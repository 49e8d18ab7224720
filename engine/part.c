/*
 * part.c: a tile's candidates as a file (part.h).
 *
 * Records are the in-memory symbi_candidate, written whole: a new field of
 * the candidate travels without a change here, and the record size in the
 * first line refuses a part of a build whose layout differs.
 */
#include <errno.h>
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

int symbi_part_read(const char *path, char **header, symbi_candidate **cands, size_t *n)
{
	*header = NULL;
	*cands = NULL;
	*n = 0;
	char *line = NULL, *head = NULL;
	size_t cap = 0, rec = 0, count = 0;
	unsigned bom = 0;
	symbi_candidate *c = NULL;
	int rc = 0;
	FILE *f = fopen(path, "rb");
	if (!f)
		return symbi__error(SYMBI_EIO, "%s: %s", path, strerror(errno));
	char magic[32];
	if (getline(&line, &cap, f) < 0 ||
	    sscanf(line, "%31[a-z-] 1 %zu %u %zu", magic, &rec, &bom, &count) != 4 ||
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
	ssize_t len = getline(&line, &cap, f);
	if (len < 1 || line[len - 1] != '\n') {
		rc = symbi__error(SYMBI_EINPUT, "%s: truncated in its header", path);
		goto done;
	}
	line[len - 1] = '\0';
	size_t bytes;
	if (!(head = strdup(line)) || !symbi__mul(count ? count : 1, rec, &bytes) ||
	    !(c = malloc(bytes))) {
		rc = symbi__error(SYMBI_ENOMEM, "%s: out of memory for %zu records", path, count);
		goto done;
	}
	if (fread(c, rec, count, f) != count) {
		rc = ferror(f) ? symbi__error(SYMBI_EIO, "%s: %s", path, strerror(errno))
		               : symbi__error(SYMBI_EINPUT, "%s: truncated (%zu records announced)",
		                              path, count);
		goto done;
	}
	unsigned long long want = 0;
	char extra;
	uint64_t h = fnv1a(FNV_OFFSET, c, count * rec);
	if (getline(&line, &cap, f) < 0 || sscanf(line, "end %16llx%c", &want, &extra) != 2 ||
	    extra != '\n') {
		rc = symbi__error(SYMBI_EINPUT, "%s: truncated (no end line)", path);
		goto done;
	}
	if (want != h) {
		rc = symbi__error(SYMBI_EINPUT,
		                  "%s: damaged (checksum %016llx, records give %016llx)", path,
		                  want, (unsigned long long)h);
		goto done;
	}
	if (fgetc(f) != EOF) {
		rc = symbi__error(SYMBI_EINPUT, "%s: bytes after the end line", path);
		goto done;
	}
	*header = head;
	*cands = count ? c : NULL;
	*n = count;
	head = NULL;
	if (count)
		c = NULL;
done:
	free(c);
	free(head);
	free(line);
	fclose(f);
	return rc;
}
