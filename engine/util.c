/*
 * util.c: errors, checked growth, the arena, the string map, diagnostics and
 * the small parsers (numbers, units, months, UTF-8, NACE) every loader shares.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "words.h"

/* ==== Errors =================================================================== */

static _Thread_local char last_error[512];

const char *symbi_last_error(void) { return last_error; }

int symbi__error(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(last_error, sizeof last_error, fmt, ap);
	va_end(ap);
	return code;
}

/* ==== Growth ===================================================================== */

int symbi__thread_count(long requested, size_t jobs, long cap)
{
	long n = requested;
	if (n <= 0)
		n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n > cap)
		n = cap;
	if (n < 1)
		n = 1;
	if ((size_t)n > jobs)
		n = jobs ? (long)jobs : 1;
	return (int)n;
}

int symbi__grow(void **arr, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return 0;
	size_t ncap = *cap ? *cap : 16;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2)
			return symbi__error(SYMBI_ENOMEM, "out of memory");
		ncap *= 2;
	}
	size_t bytes;
	if (!symbi__mul(ncap, elem, &bytes))
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	void *p = realloc(*arr, bytes);
	if (!p)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	*arr = p;
	*cap = ncap;
	return 0;
}

/* ==== Arena ======================================================================
 * Blocks of at least 64 KiB, each allocation aligned to max_align_t. Objects
 * are never freed one by one: the owner clears the arena once. */

struct symbi__arena_block {
	symbi__arena_block *next;
	size_t used, size;
	_Alignas(max_align_t) unsigned char data[];
};

void *symbi__arena_alloc(symbi__arena *a, size_t size)
{
	const size_t align = _Alignof(max_align_t);
	if (size > SIZE_MAX - align)
		return NULL;
	size = (size + align - 1) & ~(align - 1);
	symbi__arena_block *b = a->head;
	if (!b || b->size - b->used < size) {
		size_t bsize = size > 65536 ? size : 65536;
		if (bsize > SIZE_MAX - sizeof *b)
			return NULL;
		b = malloc(sizeof *b + bsize);
		if (!b)
			return NULL;
		b->size = bsize;
		b->used = 0;
		b->next = a->head;
		a->head = b;
	}
	void *p = b->data + b->used;
	b->used += size;
	return p;
}

char *symbi__arena_strndup(symbi__arena *a, const char *s, size_t n)
{
	if (!s)
		return NULL;
	if (n == SIZE_MAX)
		return NULL;
	char *p = symbi__arena_alloc(a, n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *symbi__arena_strdup(symbi__arena *a, const char *s)
{
	return s ? symbi__arena_strndup(a, s, strlen(s)) : NULL;
}

char *symbi__arena_printf(symbi__arena *a, const char *fmt, ...)
{
	va_list ap, ap2;
	va_start(ap, fmt);
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *p = NULL;
	if (n >= 0 && (p = symbi__arena_alloc(a, (size_t)n + 1)) != NULL)
		vsnprintf(p, (size_t)n + 1, fmt, ap2);
	va_end(ap2);
	return p;
}

void symbi__arena_clear(symbi__arena *a)
{
	symbi__arena_block *b = a->head;
	while (b) {
		symbi__arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
}

/* ==== String map ==================================================================
 * Open addressing with linear probing, load factor at most 3/4. Each slot
 * keeps its key's hash beside the key, so that a probe compares hashes before
 * it reads a key, and growing never hashes or reads a key again. With the
 * hashes at hand a fuller table costs little (a longer probe stays within a
 * cache line or two) and saves memory: 1/2 made loading a million firms
 * slower, the larger table missing the cache more often.
 *
 * The hash reads the key eight bytes at a time (after one strlen), mixing
 * each word with a multiply and finishing with the MurmurHash3 64-bit
 * finaliser (Appleby, 2011), so that the low bits used for the slot depend
 * on every byte. Its values are never shown and the map is never iterated
 * in hash order, so they may differ between platforms. */

/* The bytes p[0..n) (n <= 8) as one little-endian word: the same value on
 * every platform; compilers turn the full-word case into a single load. */
static inline uint64_t load_word(const unsigned char *p, size_t n)
{
	uint64_t w = 0;
	for (size_t i = 0; i < n; i++)
		w |= (uint64_t)p[i] << (8 * i);
	return w;
}

/* ASCII 'A'..'Z' to lower case in every byte of w, other bytes unchanged:
 * a byte b < 0x80 is upper case when b + (0x80 - 'A') has its top bit set and
 * b + (0x80 - 'Z' - 1) has not (neither sum carries out of its byte). */
static inline uint64_t fold_word(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
	uint64_t low7 = w & ~high;
	uint64_t ge_a = low7 + ones * (0x80 - 'A');
	uint64_t gt_z = low7 + ones * (0x80 - 'Z' - 1);
	uint64_t upper = ge_a & ~gt_z & ~w & high;
	return w | (upper >> 2); /* 0x80 >> 2 is 0x20, the case bit */
}

static inline uint64_t mix_word(uint64_t h, uint64_t w)
{
	h = (h ^ w) * 0x9e3779b97f4a7c15ull;
	return h ^ (h >> 32);
}

uint64_t symbi__hash(const char *s, bool fold_case)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	uint64_t h = 0xcbf29ce484222325ull ^ n;
	for (; n >= 8; p += 8, n -= 8) {
		uint64_t w = load_word(p, 8);
		h = mix_word(h, fold_case ? fold_word(w) : w);
	}
	if (n) {
		uint64_t w = load_word(p, n);
		h = mix_word(h, fold_case ? fold_word(w) : w);
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ull;
	h ^= h >> 33;
	return h;
}

/* The slot's stored hash: 32 bits are plenty to tell keys apart before
 * strcmp, and the slot index is taken from the same bits. */
static inline uint32_t slot_hash(const symbi__map *m, const char *key)
{
	uint64_t h = symbi__hash(key, m->fold_case);
	return (uint32_t)(h ^ (h >> 32));
}

static inline bool key_eq(const symbi__map *m, const char *a, const char *b)
{
	return m->fold_case ? symbi__strcasecmp(a, b) == 0 : strcmp(a, b) == 0;
}

/* The slot holding `key`, or the empty slot where it would go. */
static size_t find_slot(const symbi__map *m, const char *key, uint32_t h)
{
	size_t mask = m->cap - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		const symbi__map_slot *s = &m->slots[i];
		if (!s->key || (s->hash == h && key_eq(m, s->key, key)))
			return i;
	}
}

int32_t symbi__map_get(const symbi__map *m, const char *key)
{
	if (!m->len)
		return -1;
	const symbi__map_slot *s = &m->slots[find_slot(m, key, slot_hash(m, key))];
	return s->key ? s->val : -1;
}

void symbi__map_prefetch(const symbi__map *m, const char *key)
{
	if (m->len)
		SYMBI__PREFETCH(&m->slots[slot_hash(m, key) & (m->cap - 1)]);
}

static int map_rehash(symbi__map *m, size_t ncap)
{
	symbi__map_slot *slots = calloc(ncap, sizeof *slots);
	if (!slots)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	size_t mask = ncap - 1;
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->slots[i].key)
			continue;
		size_t j = m->slots[i].hash & mask;
		while (slots[j].key)
			j = (j + 1) & mask;
		slots[j] = m->slots[i];
	}
	free(m->slots);
	m->slots = slots;
	m->cap = ncap;
	return 0;
}

int symbi__map_probe(symbi__map *m, const char *key, int32_t *val, symbi__map_pos *pos)
{
	if ((m->len + 1) * 4 > m->cap * 3) {
		size_t ncap = m->cap ? m->cap * 2 : 64;
		if (ncap < m->cap || ncap > SIZE_MAX / sizeof *m->slots || map_rehash(m, ncap))
			return symbi__error(SYMBI_ENOMEM, "out of memory");
	}
	pos->hash = slot_hash(m, key);
	pos->slot = find_slot(m, key, pos->hash);
	const symbi__map_slot *s = &m->slots[pos->slot];
	*val = s->key ? s->val : -1;
	return 0;
}

void symbi__map_put_at(symbi__map *m, const symbi__map_pos *pos, const char *key, int32_t val)
{
	symbi__map_slot *s = &m->slots[pos->slot];
	if (!s->key) {
		s->key = key;
		s->hash = pos->hash;
		m->len++;
	}
	s->val = val;
}

int symbi__map_put(symbi__map *m, const char *key, int32_t val)
{
	int32_t old;
	symbi__map_pos pos;
	if (symbi__map_probe(m, key, &old, &pos))
		return SYMBI_ENOMEM;
	symbi__map_put_at(m, &pos, key, val);
	return 0;
}

void symbi__map_clear(symbi__map *m)
{
	free(m->slots);
	m->slots = NULL;
	m->cap = m->len = 0;
}

/* ==== Diagnostics =================================================================== */

struct symbi_diags {
	symbi__arena arena;
	symbi_diag *items;
	size_t n, capitems;
	size_t cap;          /* stored per severity */
	size_t count[2];     /* all reported, per severity */
	size_t stored[2];
};

int symbi_diags_new(symbi_diags **out, size_t cap)
{
	*out = calloc(1, sizeof **out);
	if (!*out)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	(*out)->cap = cap;
	return 0;
}

void symbi_diags_free(symbi_diags *d)
{
	if (!d)
		return;
	symbi__arena_clear(&d->arena);
	free(d->items);
	free(d);
}

size_t symbi_diags_count(const symbi_diags *d) { return d ? d->n : 0; }
const symbi_diag *symbi_diags_get(const symbi_diags *d, size_t i) { return &d->items[i]; }
size_t symbi_diags_errors(const symbi_diags *d) { return d ? d->count[SYMBI_SEV_ERROR] : 0; }
size_t symbi_diags_warnings(const symbi_diags *d) { return d ? d->count[SYMBI_SEV_WARNING] : 0; }
size_t symbi_diags_dropped(const symbi_diags *d, symbi_severity sev)
{
	return d ? d->count[sev] - d->stored[sev] : 0;
}

void symbi__vdiag(symbi_diags *d, symbi_severity sev, const char *file, uint32_t line,
                  const char *column, const char *fmt, va_list ap)
{
	if (!d)
		return;
	d->count[sev]++;
	if (d->stored[sev] >= d->cap)
		return;
	if (symbi__grow((void **)&d->items, &d->capitems, d->n + 1, sizeof *d->items))
		return;
	char buf[1024];
	vsnprintf(buf, sizeof buf, fmt, ap);
	symbi_diag *g = &d->items[d->n];
	g->severity = sev;
	g->file = symbi__arena_strdup(&d->arena, file ? file : "");
	g->line = line;
	g->column = symbi__arena_strdup(&d->arena, column);
	g->message = symbi__arena_strdup(&d->arena, buf);
	if (!g->file || !g->message || (column && !g->column))
		return; /* out of memory: counted, not stored */
	d->n++;
	d->stored[sev]++;
}

void symbi__diag(symbi_diags *d, symbi_severity sev, const char *file, uint32_t line,
                 const char *column, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	symbi__vdiag(d, sev, file, line, column, fmt, ap);
	va_end(ap);
}

/* ==== Names of the enumerations ======================================================== */

const char *symbi_dim_unit(symbi_dim dim)
{
	static const char *const u[] = {"", "t", "m3", "MWh"};
	return (unsigned)dim < 4 ? u[dim] : "";
}

const char *symbi_dim_name(symbi_dim dim)
{
	static const char *const u[] = {"none", "mass", "volume", "energy"};
	return (unsigned)dim < 4 ? u[dim] : "none";
}

const char *symbi_class_name(symbi_class cls)
{
	static const char *const c[] = {"material", "energy", "water", "gas"};
	return (unsigned)cls < SYMBI_CLASS_COUNT ? c[cls] : "material";
}

int symbi_class_parse(const char *s, symbi_class *out)
{
	for (int i = 0; i < SYMBI_CLASS_COUNT; i++)
		if (symbi__strcasecmp(s, symbi_class_name((symbi_class)i)) == 0) {
			*out = (symbi_class)i;
			return 0;
		}
	return SYMBI_EINPUT;
}

int symbi_dim_parse(const char *s, symbi_dim *out)
{
	for (int i = 1; i < 4; i++)
		if (symbi__strcasecmp(s, symbi_dim_name((symbi_dim)i)) == 0 ||
		    symbi__strcasecmp(s, symbi_dim_unit((symbi_dim)i)) == 0) {
			*out = (symbi_dim)i;
			return 0;
		}
	return SYMBI_EINPUT;
}

/* ==== Small parsers ===================================================================== */

int symbi__strcasecmp(const char *a, const char *b)
{
	for (;; a++, b++) {
		int ca = tolower((unsigned char)*a), cb = tolower((unsigned char)*b);
		if (ca != cb || !ca)
			return ca - cb;
	}
}

char *symbi__trim(char *s)
{
	char *p = s;
	while (*p == ' ' || *p == '\t')
		p++;
	size_t n = strlen(p);
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	if (p != s)
		memmove(s, p, n);
	s[n] = '\0';
	return s;
}

/* The common case of symbi__parse_double without strtod: a checked decimal
 * of at most 15 digits and no exponent. Its digits as an integer m < 10^15
 * and 10^k (k <= 15 digits after the point) are both exact doubles, so m /
 * 10^k is one correctly rounded operation and equals strtod's correctly
 * rounded result (Clinger, "How to read floating point numbers accurately",
 * PLDI 1990). Returns false to leave the rest to strtod. */
static bool fast_decimal(const char *p, const char *end, double *out)
{
	static const double pow10[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
	                               1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
	bool neg = *p == '-';
	if (*p == '+' || *p == '-')
		p++;
	uint64_t m = 0;
	int digits = 0, frac = -1;
	for (; p < end; p++) {
		if (*p == '.') {
			frac = 0;
			continue;
		}
		if (*p < '0' || *p > '9' || ++digits > 15)
			return false; /* an exponent, or too many digits */
		m = m * 10 + (uint64_t)(*p - '0');
		if (frac >= 0)
			frac++;
	}
	double v = (double)m / pow10[frac > 0 ? frac : 0];
	*out = neg && v != 0.0 ? -v : v; /* -0 reads as 0 */
	return true;
}

int symbi__parse_double(const char *s, double *out)
{
	const char *p = s;
	while (*p == ' ' || *p == '\t')
		p++;
	const char *start = p;
	if (*p == '+' || *p == '-')
		p++;
	bool digits = false;
	while (isdigit((unsigned char)*p)) {
		p++;
		digits = true;
	}
	if (*p == '.') {
		p++;
		while (isdigit((unsigned char)*p)) {
			p++;
			digits = true;
		}
	}
	if (!digits)
		return SYMBI_EINPUT;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!isdigit((unsigned char)*p))
			return SYMBI_EINPUT;
		while (isdigit((unsigned char)*p))
			p++;
	}
	const char *end = p;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p)
		return SYMBI_EINPUT;
	if (fast_decimal(start, end, out))
		return 0;
	/* strtod honours the locale's decimal point; the CLI keeps LC_NUMERIC "C". */
	char buf[128];
	size_t n = (size_t)(end - start);
	if (n >= sizeof buf)
		return SYMBI_EINPUT;
	memcpy(buf, start, n);
	buf[n] = '\0';
	errno = 0;
	double v = strtod(buf, NULL);
	if (!isfinite(v) || (errno == ERANGE && fabs(v) > 1.0))
		return SYMBI_EINPUT;
	if (v == 0.0)
		v = 0.0; /* -0 reads as 0 */
	*out = v;
	return 0;
}

int symbi__parse_int64(const char *s, int64_t min, int64_t max, int64_t *out)
{
	const char *p = s;
	while (*p == ' ' || *p == '\t')
		p++;
	if (!*p)
		return SYMBI_EINPUT;
	char *end;
	errno = 0;
	long long v = strtoll(p, &end, 10);
	if (end == p || errno == ERANGE)
		return SYMBI_EINPUT;
	while (*end == ' ' || *end == '\t')
		end++;
	if (*end || v < min || v > max)
		return SYMBI_EINPUT;
	*out = v;
	return 0;
}

size_t symbi__ascii_words(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (n - i >= 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		if (w & 0x8080808080808080ull)
			break;
		i += 8;
	}
	return i;
}

bool symbi__utf8_valid(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < n) {
		/* Most text is ASCII: skip it eight bytes at a time. */
		i += symbi__ascii_words(s + i, n - i);
		if (i >= n)
			break;
		unsigned c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t len;
		unsigned cp;
		if (c >= 0xc2 && c <= 0xdf) {
			len = 2;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			len = 3;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			len = 4;
			cp = c & 0x07;
		} else {
			return false;
		}
		if (n - i < len)
			return false;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
		    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
			return false;
		i += len;
	}
	return true;
}

/* Units and periods are named by the tables of words.c (English and
 * Norwegian spellings: "t/yr", "tonn/år", "tonnes per year", "m³/år"); the
 * canonical names are resolved here. */
int symbi_unit_parse(const char *s, symbi_unit *out)
{
	static const struct {
		const char *name;
		symbi_dim dim;
		double to_base;
	} units[] = {
	    {"t", SYMBI_DIM_MASS, 1.0},        {"kg", SYMBI_DIM_MASS, 1e-3},
	    {"m3", SYMBI_DIM_VOLUME, 1.0},     {"l", SYMBI_DIM_VOLUME, 1e-3},
	    {"MWh", SYMBI_DIM_ENERGY, 1.0},    {"kWh", SYMBI_DIM_ENERGY, 1e-3},
	    {"GWh", SYMBI_DIM_ENERGY, 1e3},
	};
	static const struct {
		const char *name;
		double per_year;
	} periods[] = {
	    {"yr", 1.0}, {"month", 12.0}, {"week", 52.0}, {"day", 365.0}, {"h", 8760.0},
	};
	char buf[48];
	size_t n = strlen(s);
	if (n >= sizeof buf)
		return SYMBI_EINPUT;
	memcpy(buf, s, n + 1);
	symbi__trim(buf);
	/* The period follows '/', or the word "per" or "pr." / "pr" between
	 * spaces ("tonn per år", "t pr. år"). */
	char *per = NULL, *slash = strchr(buf, '/');
	if (slash) {
		*slash = '\0';
		per = slash + 1;
	} else {
		static const char *const seps[] = {" per ", " pr. ", " pr "};
		for (size_t k = 0; k < sizeof seps / sizeof *seps && !per; k++) {
			char *at = strstr(buf, seps[k]);
			if (at) {
				*at = '\0';
				per = at + strlen(seps[k]);
			}
		}
	}
	double per_year = 1.0;
	if (per) {
		per = symbi__trim(per);
		symbi__trim(buf);
		const char *canon =
		    symbi__word_find(symbi__period_words, symbi__period_word_count, per);
		size_t k = 0, np = sizeof periods / sizeof *periods;
		while (canon && k < np && strcmp(canon, periods[k].name) != 0)
			k++;
		if (!canon || k == np)
			return SYMBI_EINPUT;
		per_year = periods[k].per_year;
	}
	const char *canon = symbi__word_find(symbi__unit_words, symbi__unit_word_count, buf);
	for (size_t k = 0; canon && k < sizeof units / sizeof *units; k++)
		if (strcmp(canon, units[k].name) == 0) {
			out->dim = units[k].dim;
			out->to_base = units[k].to_base;
			out->per_year = per_year;
			return 0;
		}
	return SYMBI_EINPUT;
}

int symbi_months_parse(const char *s, uint16_t *out)
{
	uint16_t mask = 0;
	const char *p = s;
	bool any = false;
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!isdigit((unsigned char)*p))
			return SYMBI_EINPUT;
		long a = strtol(p, (char **)&p, 10), b = a;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '-') {
			p++;
			while (*p == ' ' || *p == '\t')
				p++;
			if (!isdigit((unsigned char)*p))
				return SYMBI_EINPUT;
			b = strtol(p, (char **)&p, 10);
			while (*p == ' ' || *p == '\t')
				p++;
		}
		if (a < 1 || a > 12 || b < 1 || b > 12)
			return SYMBI_EINPUT;
		/* A wrapping range ("11-2") runs over the new year. */
		for (long m = a;; m = m % 12 + 1) {
			mask |= (uint16_t)(1u << (m - 1));
			if (m == b)
				break;
		}
		any = true;
		if (*p == ',') {
			p++;
			continue;
		}
		if (*p)
			return SYMBI_EINPUT;
		break;
	}
	if (!any)
		return SYMBI_EINPUT;
	*out = mask;
	return 0;
}

void symbi_months_format(uint16_t mask, char *buf, size_t size)
{
	size_t used = 0;
	if (size)
		buf[0] = '\0';
	for (int m = 0; m < 12;) {
		if (!(mask & (1u << m))) {
			m++;
			continue;
		}
		int e = m;
		while (e + 1 < 12 && (mask & (1u << (e + 1))))
			e++;
		int w = e == m ? snprintf(buf + used, size - used, "%s%d", used ? "," : "", m + 1)
		               : snprintf(buf + used, size - used, "%s%d-%d", used ? "," : "", m + 1, e + 1);
		if (w < 0 || (size_t)w >= size - used)
			return;
		used += (size_t)w;
		m = e + 1;
	}
}

int symbi__nace_normalise(const char *in, char *buf, size_t size)
{
	const char *p = in;
	while (*p == ' ')
		p++;
	if (isalpha((unsigned char)*p))
		p++; /* section letter */
	char digits[8];
	size_t nd = 0;
	for (; *p; p++) {
		if (isdigit((unsigned char)*p)) {
			if (nd >= 4)
				return SYMBI_EINPUT;
			digits[nd++] = *p;
		} else if (*p != '.' && *p != ' ') {
			return SYMBI_EINPUT;
		}
	}
	if (nd < 2)
		return SYMBI_EINPUT;
	if (size < 6)
		return SYMBI_EINPUT;
	size_t o = 0;
	buf[o++] = digits[0];
	buf[o++] = digits[1];
	if (nd > 2) {
		buf[o++] = '.';
		for (size_t k = 2; k < nd; k++)
			buf[o++] = digits[k];
	}
	buf[o] = '\0';
	return 0;
}
