/*
 * evidence.c: how likely firms of a NACE sector are to take a resource (or,
 * read the other way, to give it), estimated from documented exchanges.
 *
 * The data. Every table of documented exchanges in the knowledge base
 * (datasets/exchanges_*.csv: case, resource code, provider and receiver NACE
 * codes, citation) gives units: one unit per (row, resource code); a row
 * naming several codes (`160209;160210`) gives one unit per code. A unit's
 * weight 1 is split evenly among the NACE codes of the end asked about (a
 * receiver "01.1;01.2" gives 1/2 to each). Each curated sector rule of
 * rules.csv (support 0: not learned from these tables) counts as one unit
 * received by its NACE prefix, its own source being its citation.
 *
 * Counts. For a code node a (an EWC entry, its sub-chapter and chapter; a
 * `mat:` code and its dotted parents) and a NACE prefix q (division "23",
 * group "23.5" or class "23.51"), k(a, q) is the weight of the units whose
 * code lies under a and whose end lies under q, and N(a) the weight of all
 * units under a. T stands for the whole table (above every chapter).
 *
 * Smoothing along the code hierarchy (a hierarchical Dirichlet prior: each
 * node's distribution over sectors is drawn towards its parent's with
 * strength alpha; MacKay & Peto 1995, Teh 2006):
 *
 *   p(T, q) = (k(T, q) + alpha * u(q)) / (N(T) + alpha)
 *   p(a, q) = (k(a, q) + alpha * p(parent(a), q)) / (N(a) + alpha)
 *
 * with u(q) = 1/88, 1/272, 1/615 for a division, group, class (the number of
 * each in NACE Rev. 2, Eurostat 2008). Smoothing along the NACE hierarchy
 * (the chain rule, each step drawn towards an even split of the parent among
 * its children with strength beta), for a firm's code n with division n2,
 * group n3 and class n4 (as far as the code goes), K(q) = (N(c) + alpha) *
 * p(c, q) being the smoothed count of code c:
 *
 *   E(c, n) = p(c, n2) * prod over l = 3, 4 of
 *             (K(n_l) + beta * u(n_l) / u(n_{l-1})) / (K(n_{l-1}) + beta)
 *
 * So a code seen often with one sector is near 1 for it; a code seen once
 * is pulled towards what its sub-chapter and chapter show; a sector never
 * seen with the code inherits what it took of the code's relatives; and a
 * class the table never names shares its group's figure with the group's
 * other classes. A firm with several NACE codes gets the largest E.
 *
 * Distance decay. The table gives no distances. The median distance
 * materials travelled in the UK NISP synergies is 32.8 km (Jensen et al.
 * 2011, scoring.csv `is.median_distance_km`); if exchange distances are
 * exponential, w(d) = 2^(-d / h) with h that median. For energy, water and
 * gas no figure was found: h is scaled by the class radii
 * (class.<class>.radius_km / class.material.radius_km), an assumption.
 *
 * Work: loading O(rows x code depth x 3) map insertions; an estimate
 * O(code depth x 3) map look-ups.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "corrections.h"
#include "csvio.h"
#include "evidence.h"

#define DEFAULT_ALPHA 10.0 /* scoring.csv evidence.alpha */
#define DEFAULT_BETA 1.0
#define MAX_CITES 4

/* NACE Rev. 2 (Eurostat 2008): 88 divisions, 272 groups, 615 classes. */
static const double nace_count[5] = {0, 0, 88.0, 272.0, 615.0};

typedef struct ev_unit {
	int32_t code;
	uint32_t row;  /* global row number, for counting distinct rows */
	uint32_t casei;
	const char *nace[2][3]; /* per side, up to three normalised codes */
	uint8_t nn[2];
} ev_unit;

/* A known miscoding (exchange_corrections.csv): rows of `case_id` (NULL:
 * any) coded `code` whose receiver is under `nace` (NULL: any) are dropped
 * (to -1) or recoded to `to`. */
typedef struct ev_corr {
	const char *case_id, *nace;
	int32_t code, to;
} ev_corr;

typedef struct ev_cell {
	double k;
	uint32_t nex, last_row;
	uint32_t *cases; /* distinct case indexes */
	size_t ncases, capcases;
	const char *cites;
	const char *prefix; /* the NACE prefix, inside the cell's key */
} ev_cell;

struct symbi__evidence {
	symbi__arena arena;
	ev_unit *units;
	size_t nunits, capunits;
	const char **case_id, **case_cite;
	size_t ncases, capcases, capcites;
	symbi__map case_index;
	uint32_t nrows;
	ev_corr *corr;
	size_t ncorr, capcorr;
	/* Built by finish. */
	symbi__map cell_index; /* "side|node|prefix" -> cell */
	ev_cell *cells;
	size_t ncells, capcells;
	double *total[2]; /* N(a) per code node; [ncodes] is T */
	size_t ncodes;
	/* Divisions documented per (side, node): CSR over node. */
	uint32_t *div_off[2];
	const char **div[2];
	/* Per (side, class of resource): the divisions documented for any code
	 * of the class, sorted. */
	const char **cdiv[2][SYMBI_CLASS_COUNT];
	size_t ncdiv[2][SYMBI_CLASS_COUNT];
	double alpha, beta, half_km[SYMBI_CLASS_COUNT];
	const char *half_source[SYMBI_CLASS_COUNT];
	bool finished;
};

int symbi__evidence_new(symbi__evidence **out)
{
	*out = calloc(1, sizeof **out);
	if (!*out)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	(*out)->alpha = DEFAULT_ALPHA;
	(*out)->beta = DEFAULT_BETA;
	for (int c = 0; c < SYMBI_CLASS_COUNT; c++)
		(*out)->half_km[c] = NAN;
	return 0;
}

void symbi__evidence_free(symbi__evidence *ev)
{
	if (!ev)
		return;
	for (size_t i = 0; i < ev->ncells; i++)
		free(ev->cells[i].cases);
	free(ev->cells);
	free(ev->units);
	free(ev->corr);
	free(ev->case_id);
	free(ev->case_cite);
	for (int s = 0; s < 2; s++) {
		free(ev->total[s]);
		free(ev->div_off[s]);
		free(ev->div[s]);
		for (int c = 0; c < SYMBI_CLASS_COUNT; c++)
			free(ev->cdiv[s][c]);
	}
	symbi__map_clear(&ev->case_index);
	symbi__map_clear(&ev->cell_index);
	symbi__arena_clear(&ev->arena);
	free(ev);
}

size_t symbi__evidence_rows(const symbi__evidence *ev) { return ev ? ev->nrows : 0; }
size_t symbi__evidence_cases(const symbi__evidence *ev) { return ev ? ev->ncases : 0; }

/* ==== Reading a table ================================================================== */

enum { C_CASE, C_EWC, C_RES, C_RECV, C_PROV, C_SOURCE, C_N };
static const char *const col_names[C_N] = {"case_id",       "ewc",          "resource",
                                           "receiver_nace", "provider_nace", "source"};

typedef struct reader {
	symbi__evidence *ev;
	const symbi_kb *kb;
	const char *path;
	symbi_diags *diags;
	int col[C_N];
	bool have_header;
	size_t errors;
	int rc;
} reader;

#define field(r, row, k) symbi__csv_field(row, (r)->col[k])

const char *symbi__short_cite(symbi__arena *a, const char *src)
{
	size_t n = strlen(src);
	const char *via = NULL;
	for (const char *p = strstr(src, " (via "); p; p = strstr(p + 1, " (via "))
		via = p;
	if (via && n && src[n - 1] == ')' && !strchr(via + 6, '('))
		n = (size_t)(via - src);
	return symbi__arena_strndup(a, src, n);
}

static int32_t intern_case(symbi__evidence *ev, const char *id, const char *cite)
{
	int32_t c = symbi__map_get(&ev->case_index, id);
	if (c >= 0)
		return c;
	if (symbi__grow((void **)&ev->case_id, &ev->capcases, ev->ncases + 1, sizeof *ev->case_id))
		return SYMBI_ENOMEM;
	if (symbi__grow((void **)&ev->case_cite, &ev->capcites, ev->ncases + 1,
	                sizeof *ev->case_cite))
		return SYMBI_ENOMEM;
	char *copy = symbi__arena_strdup(&ev->arena, id);
	const char *ct = cite && *cite ? symbi__short_cite(&ev->arena, cite) : "";
	if (!copy || !ct || symbi__map_put(&ev->case_index, copy, (int32_t)ev->ncases))
		return SYMBI_ENOMEM;
	ev->case_id[ev->ncases] = copy;
	ev->case_cite[ev->ncases] = ct;
	return (int32_t)ev->ncases++;
}

/* Split a ';'-joined NACE list into up to three normalised codes. Returns
 * how many, or -1 when one is not a NACE code or there are more than three. */
static int nace_list(symbi__arena *a, const char *text, const char **out)
{
	int n = 0;
	const char *p = text;
	while (*p) {
		const char *e = strchr(p, ';');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		char one[32], buf[16];
		if (len >= sizeof one)
			return -1;
		memcpy(one, p, len);
		one[len] = '\0';
		if (*symbi__trim(one)) {
			if (n == 3 || symbi__nace_plausible(symbi__trim(one), buf, sizeof buf))
				return -1;
			if (!(out[n++] = symbi__arena_strdup(a, buf)))
				return -2;
		}
		p += len + (e ? 1 : 0);
	}
	return n;
}

/* Apply the first correction that matches (case, code, one of the
 * receiver's codes under its prefix): false when the row's code is dropped,
 * else *code may be recoded. */
static bool correct(const symbi__evidence *ev, const char *case_id, const ev_unit *u,
                    int32_t *code)
{
	for (size_t i = 0; i < ev->ncorr; i++) {
		const ev_corr *k = &ev->corr[i];
		if (k->code != *code || (k->case_id && strcmp(k->case_id, case_id) != 0))
			continue;
		bool under = !k->nace;
		for (int j = 0; j < u->nn[SYMBI__EV_TAKE] && !under; j++)
			under = symbi__kb_nace_matches(k->nace, u->nace[SYMBI__EV_TAKE][j]);
		if (!under)
			continue;
		if (k->to < 0)
			return false;
		*code = k->to;
		return true;
	}
	return true;
}

static int read_row(void *vr, const symbi__csv_row *row)
{
	reader *r = vr;
	symbi__evidence *ev = r->ev;
	if (!r->have_header) {
		r->have_header = true;
		symbi__csv_columns(row, col_names, C_N, r->col);
		if (r->col[C_CASE] < 0 || (r->col[C_EWC] < 0 && r->col[C_RES] < 0) ||
		    (r->col[C_RECV] < 0 && r->col[C_PROV] < 0)) {
			symbi__diag(r->diags, SYMBI_SEV_ERROR, r->path, row->line, NULL,
			            "an exchanges table needs the columns case_id, ewc or resource, "
			            "and receiver_nace or provider_nace");
			r->errors++;
			return SYMBI_EINPUT;
		}
		return 0;
	}
	const char *case_id = field(r, row, C_CASE);
	if (!*case_id) {
		symbi__diag(r->diags, SYMBI_SEV_ERROR, r->path, row->line, "case_id",
		            "missing value (required)");
		r->errors++;
		return 0;
	}
	ev_unit u = {0};
	for (int s = 0; s < 2; s++) {
		const char *v = field(r, row, s == SYMBI__EV_TAKE ? C_RECV : C_PROV);
		int n = nace_list(&ev->arena, v, u.nace[s]);
		if (n == -2)
			return SYMBI_ENOMEM;
		if (n < 0) {
			symbi__diag(r->diags, SYMBI_SEV_ERROR, r->path, row->line,
			            s == SYMBI__EV_TAKE ? "receiver_nace" : "provider_nace",
			            "'%s' is not a list of up to three NACE Rev. 2 codes", v);
			r->errors++;
			return 0;
		}
		u.nn[s] = (uint8_t)n;
	}
	/* The codes: the ewc column's 6-digit entries, else the resource column. */
	const char *codes = field(r, row, C_EWC);
	bool ewc = *codes != '\0';
	if (!ewc)
		codes = field(r, row, C_RES);
	if (!*codes) {
		symbi__diag(r->diags, SYMBI_SEV_ERROR, r->path, row->line, "ewc",
		            "missing value (an ewc or a resource code is required)");
		r->errors++;
		return 0;
	}
	int32_t casei = intern_case(ev, case_id, field(r, row, C_SOURCE));
	if (casei < 0)
		return SYMBI_ENOMEM;
	u.casei = (uint32_t)casei;
	u.row = ev->nrows++;
	for (const char *p = codes; *p;) {
		const char *e = strchr(p, ';');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		char one[128], norm[128];
		if (len + 5 >= sizeof one) {
			len = sizeof one - 6;
		}
		snprintf(one, sizeof one, "%s%.*s", ewc ? "ewc:" : "", (int)len, p);
		p += len + (e ? 1 : 0);
		if (!*symbi__trim(one + (ewc ? 4 : 0)))
			continue;
		int32_t c = -1;
		if (symbi_code_normalise(one, norm, sizeof norm) == 0)
			c = symbi_kb_find(r->kb, norm);
		if (c < 0) {
			symbi__diag(r->diags, SYMBI_SEV_ERROR, r->path, row->line,
			            ewc ? "ewc" : "resource", "unknown resource code '%s'", one);
			r->errors++;
			continue;
		}
		if (ewc && !correct(ev, case_id, &u, &c))
			continue; /* a known miscoding, dropped */
		u.code = c;
		if (symbi__grow((void **)&ev->units, &ev->capunits, ev->nunits + 1, sizeof *ev->units))
			return SYMBI_ENOMEM;
		ev->units[ev->nunits++] = u;
	}
	return 0;
}

int symbi__evidence_load(symbi__evidence *ev, const symbi_kb *kb, const char *path,
                         symbi_diags *diags)
{
	if (ev->finished)
		return symbi__error(SYMBI_EINPUT, "evidence already counted");
	reader r = {ev, kb, path, diags, {0}, false, 0, 0};
	int rc = symbi__csv_read(path, NULL, read_row, &r, diags);
	if (rc == SYMBI_ENOMEM)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	if (rc || r.errors)
		return symbi__error(SYMBI_EINPUT, "exchanges table '%s' has errors", path);
	return 0;
}

/* ==== Corrections ========================================================================= */

/* A corrections row's code as the knowledge base's index; -1, an error
 * naming the row, when the kb does not know it. */
static int32_t corr_code(const symbi_kb *kb, const char *path, const symbi__correction *c,
                         const char *code, const char *column, symbi_diags *diags,
                         size_t *errors)
{
	int32_t k = symbi_kb_find(kb, code);
	if (k < 0) {
		symbi__diag(diags, SYMBI_SEV_ERROR, path, c->line, column, "'%s' is not a known EWC code",
		            code);
		(*errors)++;
	}
	return k;
}

int symbi_kb_load_exchange_corrections(symbi_kb *kb, const char *path, symbi_diags *diags)
{
	if (kb->finished)
		return symbi__error(SYMBI_EINPUT, "knowledge base already finished");
	if (!kb->evidence) {
		int rc = symbi__evidence_new(&kb->evidence);
		if (rc)
			return rc;
	}
	if (kb->evidence->nrows)
		return symbi__error(SYMBI_EINPUT, "'%s': corrections must be read before the "
		                    "exchanges tables they correct", path);
	symbi__evidence *ev = kb->evidence;
	symbi__correction *rows = NULL;
	size_t n = 0, cap = 0, errors = 0;
	int rc = symbi__corrections_read(path, &ev->arena, diags, &rows, &n, &cap, &errors);
	for (size_t i = 0; i < n && !rc; i++) {
		const symbi__correction *c = &rows[i];
		ev_corr k = {c->case_id, c->nace, corr_code(kb, path, c, c->ewc, "ewc", diags, &errors),
		             c->to ? corr_code(kb, path, c, c->to, "to_ewc", diags, &errors) : -1};
		if (k.code < 0 || (c->to && k.to < 0))
			continue;
		if (symbi__grow((void **)&ev->corr, &ev->capcorr, ev->ncorr + 1, sizeof *ev->corr))
			rc = SYMBI_ENOMEM;
		else
			ev->corr[ev->ncorr++] = k;
	}
	free(rows);
	if (rc == SYMBI_ENOMEM)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	if (rc || errors)
		return symbi__error(SYMBI_EINPUT, "exchange corrections '%s' have errors", path);
	return 0;
}

/* ==== Counting ============================================================================ */

static const char *cell_key(char *buf, size_t size, int side, size_t node, const char *prefix)
{
	snprintf(buf, size, "%d|%zu|%s", side, node, prefix);
	return buf;
}

static const ev_cell *find_cell(const symbi__evidence *ev, int side, size_t node,
                                const char *prefix)
{
	char key[64];
	int32_t i = symbi__map_get(&ev->cell_index, cell_key(key, sizeof key, side, node, prefix));
	return i < 0 ? NULL : &ev->cells[i];
}

static int add_to_cell(symbi__evidence *ev, int side, size_t node, const char *prefix, double w,
                       uint32_t row, uint32_t casei)
{
	char key[64];
	cell_key(key, sizeof key, side, node, prefix);
	int32_t i = symbi__map_get(&ev->cell_index, key);
	if (i < 0) {
		if (symbi__grow((void **)&ev->cells, &ev->capcells, ev->ncells + 1, sizeof *ev->cells))
			return SYMBI_ENOMEM;
		char *copy = symbi__arena_strdup(&ev->arena, key);
		if (!copy || symbi__map_put(&ev->cell_index, copy, (int32_t)ev->ncells))
			return SYMBI_ENOMEM;
		i = (int32_t)ev->ncells++;
		memset(&ev->cells[i], 0, sizeof ev->cells[i]);
		ev->cells[i].last_row = UINT32_MAX;
		ev->cells[i].prefix = strrchr(copy, '|') + 1;
	}
	ev_cell *c = &ev->cells[i];
	c->k += w;
	if (c->last_row != row) {
		c->last_row = row;
		c->nex++;
	}
	for (size_t j = 0; j < c->ncases; j++)
		if (c->cases[j] == casei)
			return 0;
	if (symbi__grow((void **)&c->cases, &c->capcases, c->ncases + 1, sizeof *c->cases))
		return SYMBI_ENOMEM;
	c->cases[c->ncases++] = casei;
	return 0;
}

/* The prefixes of a normalised NACE code: "23", "23.5", "23.51" (as far as
 * the code goes). Returns how many. */
static int prefixes(const char *nace, char out[3][8])
{
	size_t len = strlen(nace);
	int n = 0;
	for (size_t l = 2; l <= 5 && l <= len; l++) {
		if (l == 3)
			continue; /* "23." is no prefix */
		memcpy(out[n], nace, l);
		out[n][l] = '\0';
		n++;
	}
	return n;
}

static int cmp_case_rank(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A cell key "s|node|prefix" of side `s` whose prefix is a NACE division (two
 * digits) on a node below `nn`: the prefix, with *node set; else NULL. */
static const char *division_key(const char *key, int s, size_t nn, unsigned long *node)
{
	if (!key || key[0] != (char)('0' + s))
		return NULL;
	char *end;
	*node = strtoul(key + 2, &end, 10);
	if (*end != '|' || strlen(end + 1) != 2 || *node >= nn)
		return NULL;
	return end + 1;
}

int symbi__evidence_finish(symbi__evidence *ev, const symbi_kb *kb)
{
	if (ev->finished)
		return 0;
	/* Curated sector rules: one unit each, received by the rule's prefix. */
	for (size_t r = 0; r < kb->nrules; r++) {
		const symbi_rule *rule = &kb->rules[r];
		char buf[16];
		if (!rule->nace || rule->support || symbi__nace_normalise(rule->nace, buf, sizeof buf))
			continue;
		/* The file's base name: the output must not depend on where the
		 * knowledge base is installed. */
		const char *file = rule->file ? rule->file : "";
		const char *slash = strrchr(file, '/');
		char id[128];
		snprintf(id, sizeof id, "rule %s:%u", slash ? slash + 1 : file, rule->line);
		int32_t casei = intern_case(ev, id, rule->source);
		ev_unit u = {0};
		u.nace[SYMBI__EV_TAKE][0] = symbi__arena_strdup(&ev->arena, buf);
		if (casei < 0 || !u.nace[SYMBI__EV_TAKE][0] ||
		    symbi__grow((void **)&ev->units, &ev->capunits, ev->nunits + 1, sizeof *ev->units))
			return symbi__error(SYMBI_ENOMEM, "out of memory");
		u.nn[SYMBI__EV_TAKE] = 1;
		u.code = rule->from;
		u.casei = (uint32_t)casei;
		u.row = ev->nrows++;
		ev->units[ev->nunits++] = u;
	}
	ev->ncodes = kb->ncodes;
	for (int s = 0; s < 2; s++)
		if (!(ev->total[s] = calloc(kb->ncodes + 1, sizeof *ev->total[s])))
			return symbi__error(SYMBI_ENOMEM, "out of memory");
	for (size_t i = 0; i < ev->nunits; i++) {
		const ev_unit *u = &ev->units[i];
		for (int s = 0; s < 2; s++) {
			if (!u->nn[s])
				continue;
			double w = 1.0 / u->nn[s];
			for (int32_t a = u->code;; a = kb->codes[a].parent) {
				size_t node = a >= 0 ? (size_t)a : kb->ncodes;
				ev->total[s][node] += 1.0;
				for (int j = 0; j < u->nn[s]; j++) {
					char pre[3][8];
					int np = prefixes(u->nace[s][j], pre);
					for (int l = 0; l < np; l++)
						if (add_to_cell(ev, s, node, pre[l], w, u->row, u->casei))
							return symbi__error(SYMBI_ENOMEM, "out of memory");
				}
				if (a < 0)
					break;
			}
		}
	}
	/* Citations of each cell: its first cases in case order. */
	for (size_t i = 0; i < ev->ncells; i++) {
		ev_cell *c = &ev->cells[i];
		qsort(c->cases, c->ncases, sizeof *c->cases, cmp_case_rank);
		char buf[1024];
		size_t used = 0;
		buf[0] = '\0';
		for (size_t j = 0; j < c->ncases && j < MAX_CITES; j++) {
			const char *id = ev->case_id[c->cases[j]];
			bool rule = strncmp(id, "rule ", 5) == 0;
			int w = snprintf(buf + used, sizeof buf - used, "%s%s%s%s%s", j ? "; " : "",
			                 rule ? "" : "case ", id, *ev->case_cite[c->cases[j]] ? ": " : "",
			                 ev->case_cite[c->cases[j]]);
			if (w < 0 || (size_t)w >= sizeof buf - used)
				break;
			used += (size_t)w;
		}
		if (c->ncases > MAX_CITES && used + 32 < sizeof buf)
			snprintf(buf + used, sizeof buf - used, "; and %zu more", c->ncases - MAX_CITES);
		if (!(c->cites = symbi__arena_strdup(&ev->arena, buf)))
			return symbi__error(SYMBI_ENOMEM, "out of memory");
	}
	/* Divisions per (side, node), sorted, from the division-level cells. */
	for (int s = 0; s < 2; s++) {
		size_t nn = kb->ncodes + 1;
		uint32_t *off = calloc(nn + 1, sizeof *off);
		const char **div = malloc((ev->ncells ? ev->ncells : 1) * sizeof *div);
		if (!off || !div) {
			free(off);
			free(div);
			return symbi__error(SYMBI_ENOMEM, "out of memory");
		}
		ev->div_off[s] = off;
		ev->div[s] = div;
		/* Keys are "s|node|prefix": count the division-level ones per node. */
		symbi__map *m = &ev->cell_index;
		for (size_t i = 0; i < m->cap; i++) {
			unsigned long node;
			if (division_key(m->slots[i].key, s, nn, &node))
				off[node + 1]++;
		}
		for (size_t k = 0; k < nn; k++)
			off[k + 1] += off[k];
		uint32_t *fill = malloc(nn * sizeof *fill);
		if (!fill)
			return symbi__error(SYMBI_ENOMEM, "out of memory");
		memcpy(fill, off, nn * sizeof *fill);
		for (size_t i = 0; i < m->cap; i++) {
			unsigned long node;
			const char *prefix = division_key(m->slots[i].key, s, nn, &node);
			if (!prefix)
				continue;
			div[fill[node]++] = prefix;
		}
		free(fill);
		for (size_t k = 0; k < nn; k++)
			qsort(div + off[k], off[k + 1] - off[k], sizeof *div, cmp_str);
	}
	/* Divisions per (side, class): the union over the top nodes of the
	 * class (chapters, top `mat:`/`energy:`... codes), sorted, unique. */
	for (int s = 0; s < 2; s++) {
		for (int c = 0; c < SYMBI_CLASS_COUNT; c++) {
			size_t n = 0;
			for (size_t a = 0; a < kb->ncodes; a++)
				if (kb->codes[a].parent < 0 && (int)kb->codes[a].cls == c)
					n += ev->div_off[s][a + 1] - ev->div_off[s][a];
			const char **d = malloc((n ? n : 1) * sizeof *d);
			if (!d)
				return symbi__error(SYMBI_ENOMEM, "out of memory");
			n = 0;
			for (size_t a = 0; a < kb->ncodes; a++)
				if (kb->codes[a].parent < 0 && (int)kb->codes[a].cls == c)
					for (uint32_t k = ev->div_off[s][a]; k < ev->div_off[s][a + 1]; k++)
						d[n++] = ev->div[s][k];
			qsort(d, n, sizeof *d, cmp_str);
			size_t u = 0;
			for (size_t k = 0; k < n; k++)
				if (!u || strcmp(d[u - 1], d[k]) != 0)
					d[u++] = d[k];
			ev->cdiv[s][c] = d;
			ev->ncdiv[s][c] = u;
		}
	}
	symbi__evidence_set_factors(ev, kb);
	ev->finished = true;
	return 0;
}

void symbi__evidence_set_factors(symbi__evidence *ev, const symbi_kb *kb)
{
	const symbi_factor *f;
	if ((f = symbi_kb_find_factor(kb, "evidence.alpha")) && f->value > 0)
		ev->alpha = f->value;
	if ((f = symbi_kb_find_factor(kb, "evidence.beta")) && f->value > 0)
		ev->beta = f->value;
	const symbi_factor *med = symbi_kb_find_factor(kb, "is.median_distance_km");
	const symbi_factor *mat = symbi_kb_find_factor(kb, "class.material.radius_km");
	static const char *const names[SYMBI_CLASS_COUNT] = {"material", "energy", "water",
	                                                     "gas"};
	for (int c = 0; c < SYMBI_CLASS_COUNT; c++) {
		ev->half_km[c] = NAN;
		ev->half_source[c] = NULL;
		if (!med || !(med->value > 0))
			continue;
		if (c == SYMBI_CLASS_MATERIAL) {
			ev->half_km[c] = med->value;
			ev->half_source[c] = med->source;
			continue;
		}
		char key[64];
		snprintf(key, sizeof key, "class.%s.radius_km", names[c]);
		const symbi_factor *r = symbi_kb_find_factor(kb, key);
		if (mat && r && mat->value > 0 && r->value > 0) {
			ev->half_km[c] = med->value * r->value / mat->value;
			ev->half_source[c] = "assumption: is.median_distance_km scaled by "
			                     "class.<class>.radius_km / class.material.radius_km "
			                     "(no published distances of piped exchanges found)";
		}
	}
}

/* ==== Estimating ============================================================================ */

static int nace_level(const char *prefix)
{
	size_t l = strlen(prefix);
	return l == 2 ? 2 : l == 4 ? 3 : 4;
}

static double cell_k(const symbi__evidence *ev, int side, size_t node, const char *prefix)
{
	const ev_cell *c = find_cell(ev, side, node, prefix);
	return c ? c->k : 0.0;
}

/* p(c, q) by the recursion in the header, from T down to c. */
static double smoothed(const symbi__evidence *ev, const symbi_kb *kb, int side,
                       const int32_t *chain, size_t nchain, const char *prefix)
{
	double p = (cell_k(ev, side, kb->ncodes, prefix) + ev->alpha / nace_count[nace_level(prefix)]) /
	           (ev->total[side][kb->ncodes] + ev->alpha);
	for (size_t i = nchain; i-- > 0;) {
		size_t node = (size_t)chain[i];
		p = (cell_k(ev, side, node, prefix) + ev->alpha * p) / (ev->total[side][node] + ev->alpha);
	}
	return p;
}

void symbi__evidence_estimate(const symbi__evidence *ev, const symbi_kb *kb, symbi__ev_side side,
                              int32_t code, const char *nace,
                              symbi__evidence_est *out)
{
	memset(out, 0, sizeof *out);
	out->support_code = -1;
	char pre[3][8];
	int np = nace ? prefixes(nace, pre) : 0;
	if (!ev || !ev->finished || code < 0 || np == 0)
		return;
	int32_t chain[64];
	size_t nchain = 0;
	for (int32_t a = code; a >= 0 && nchain < 64; a = kb->codes[a].parent)
		chain[nchain++] = a;
	double p[3], K[3];
	double n_c = ev->total[side][code] + ev->alpha;
	for (int l = 0; l < np; l++) {
		p[l] = smoothed(ev, kb, side, chain, nchain, pre[l]);
		K[l] = n_c * p[l];
	}
	double e = p[0];
	for (int l = 1; l < np; l++) {
		double share = nace_count[nace_level(pre[l - 1])] / nace_count[nace_level(pre[l])];
		e *= (K[l] + ev->beta * share) / (K[l - 1] + ev->beta);
	}
	out->likelihood = e;
	/* The support: the most specific code node, then the finest prefix. */
	for (size_t i = 0; i < nchain; i++) {
		for (int l = np; l-- > 0;) {
			const ev_cell *c = find_cell(ev, side, (size_t)chain[i], pre[l]);
			if (!c || !(c->k > 0))
				continue;
			out->support_code = chain[i];
			out->support_nace = c->prefix;
			out->support_k = c->k;
			out->exchanges = c->nex;
			out->cases = (uint32_t)c->ncases;
			out->cites = c->cites;
			out->total = ev->total[side][chain[i]];
			return;
		}
	}
}

void symbi__evidence_firm(const symbi__evidence *ev, const symbi_kb *kb, symbi__ev_side side,
                          int32_t code, const symbi_firm *f, symbi__evidence_est *out)
{
	symbi__evidence_estimate(ev, kb, side, code, f->nace, out);
	const char *p = f->nace_extra;
	while (p && *p) {
		const char *e = strchr(p, ';');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		char one[16];
		if (len < sizeof one) {
			memcpy(one, p, len);
			one[len] = '\0';
			symbi__evidence_est x;
			symbi__evidence_estimate(ev, kb, side, code, one, &x);
			if (x.likelihood > out->likelihood)
				*out = x;
		}
		p += len + (e ? 1 : 0);
	}
}

size_t symbi__evidence_divisions(const symbi__evidence *ev, const symbi_kb *kb,
                                 symbi__ev_side side, int32_t code, const char *const **out)
{
	*out = NULL;
	if (!ev || !ev->finished || code < 0)
		return 0;
	int32_t top = code;
	while (kb->codes[top].parent >= 0)
		top = kb->codes[top].parent;
	uint32_t b = ev->div_off[side][top], e = ev->div_off[side][top + 1];
	*out = ev->div[side] + b;
	return e - b;
}

bool symbi__evidence_supported(const symbi__evidence *ev, const symbi_kb *kb,
                               symbi__ev_side side, int32_t code, const char *nace)
{
	if (!ev || !ev->finished || code < 0 || !nace || strlen(nace) < 2)
		return false;
	int32_t top = code;
	while (kb->codes[top].parent >= 0)
		top = kb->codes[top].parent;
	char div[3] = {nace[0], nace[1], '\0'};
	return cell_k(ev, side, (size_t)top, div) > 0;
}

double symbi__evidence_half_km(const symbi__evidence *ev, symbi_class cls, const char **source)
{
	if (source)
		*source = ev && cls < SYMBI_CLASS_COUNT ? ev->half_source[cls] : NULL;
	return ev && cls < SYMBI_CLASS_COUNT ? ev->half_km[cls] : NAN;
}

double symbi__evidence_decay(const symbi__evidence *ev, symbi_class cls, double km)
{
	double h = symbi__evidence_half_km(ev, cls, NULL);
	if (!(h > 0) || !(km >= 0))
		return 1.0;
	return exp2(-km / h);
}

/* ==== The knowledge base's table loader ==================================================== */

int symbi_kb_load_exchanges(symbi_kb *kb, const char *path, symbi_diags *diags)
{
	if (kb->finished)
		return symbi__error(SYMBI_EINPUT, "knowledge base already finished");
	if (!kb->evidence) {
		int rc = symbi__evidence_new(&kb->evidence);
		if (rc)
			return rc;
	}
	return symbi__evidence_load(kb->evidence, kb, path, diags);
}

/* ==== A firm's NACE codes ================================================================== */

int symbi__nace_list(const char *in, char *main, size_t main_size, char *extra, size_t extra_size)
{
	char codes[3][16];
	int n = 0;
	for (const char *p = in;;) {
		const char *e = strchr(p, ';');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		char one[32];
		if (len >= sizeof one || n == 3)
			return 0;
		memcpy(one, p, len);
		one[len] = '\0';
		if (symbi__nace_plausible(symbi__trim(one), codes[n], sizeof codes[n]))
			return 0;
		for (int k = 0; k < n; k++)
			if (strcmp(codes[k], codes[n]) == 0)
				return 0;
		n++;
		if (!e)
			break;
		p = e + 1;
	}
	if (strlen(codes[0]) >= main_size || extra_size == 0)
		return 0;
	memcpy(main, codes[0], strlen(codes[0]) + 1);
	int w = snprintf(extra, extra_size, "%s%s%s", n > 1 ? codes[1] : "", n > 2 ? ";" : "",
	                 n > 2 ? codes[2] : "");
	if (w < 0 || (size_t)w >= extra_size)
		return 0;
	return n;
}

size_t symbi__evidence_class_divisions(const symbi__evidence *ev, const symbi_kb *kb,
                                       symbi__ev_side side, int32_t code,
                                       const char *const **out)
{
	*out = NULL;
	if (!ev || !ev->finished || code < 0 || kb->codes[code].cls >= SYMBI_CLASS_COUNT)
		return 0;
	*out = ev->cdiv[side][kb->codes[code].cls];
	return ev->ncdiv[side][kb->codes[code].cls];
}

size_t symbi__evidence_candidate_divisions(const symbi__evidence *ev, const symbi_kb *kb,
                                           symbi__ev_side side, int32_t code,
                                           const char *const **out)
{
	if (code >= 0 && kb->codes[code].cls != SYMBI_CLASS_WATER)
		return symbi__evidence_divisions(ev, kb, side, code, out);
	return symbi__evidence_class_divisions(ev, kb, side, code, out);
}

size_t symbi__evidence_all_divisions(const symbi__evidence *ev, symbi__ev_side side,
                                     const char *const **out)
{
	*out = NULL;
	if (!ev || !ev->finished)
		return 0;
	uint32_t b = ev->div_off[side][ev->ncodes], e = ev->div_off[side][ev->ncodes + 1];
	*out = ev->div[side] + b;
	return e - b;
}

/* The next code of a firm's ';'-joined further NACE codes, copied to `one`
 * (a code too long for it is passed over); NULL after the last. */
static const char *next_extra(const char *p, char one[16])
{
	while (p && *p) {
		const char *e = strchr(p, ';');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		const char *next = p + len + (e ? 1 : 0);
		if (len < 16) {
			memcpy(one, p, len);
			one[len] = '\0';
			return next;
		}
		p = next;
	}
	return NULL;
}

bool symbi__firm_nace_matches(const char *prefix, const symbi_firm *f)
{
	if (!f->nace)
		return false;
	if (symbi__kb_nace_matches(prefix, f->nace))
		return true;
	char one[16];
	for (const char *p = next_extra(f->nace_extra, one); p; p = next_extra(p, one))
		if (symbi__kb_nace_matches(prefix, one))
			return true;
	return false;
}

bool symbi__evidence_firm_supported(const symbi__evidence *ev, const symbi_kb *kb,
                                    symbi__ev_side side, int32_t code, const symbi_firm *f)
{
	if (symbi__evidence_supported(ev, kb, side, code, f->nace))
		return true;
	char one[16];
	for (const char *p = next_extra(f->nace_extra, one); p; p = next_extra(p, one))
		if (symbi__evidence_supported(ev, kb, side, code, one))
			return true;
	return false;
}
