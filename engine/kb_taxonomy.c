/*
 * kb_taxonomy.c: reading the resource taxonomy (datasets/resources.csv and
 * --taxonomy files): the codes beside the List of Waste, with their class,
 * dimension and per-code figures, and local figures for EWC subtrees
 * (datasets/FORMATS.md). One of the knowledge base's loaders (kb_load.h).
 */
#include <stdlib.h>
#include <string.h>

#include "kb_load.h"

typedef symbi__loader loader;
#define lerr symbi__loader_error
#define lwarn symbi__loader_warning
#define fld symbi__loader_field
#define suggest_codes symbi__loader_suggest

/* ==== resources.csv ========================================================================
 * Rows are read whole first and added afterwards in an order where every
 * parent comes before its children, so a file may list them in any order;
 * what cannot be ordered is either a parent nobody defines or a cycle. */

enum {
	TX_CODE,
	TX_PARENT,
	TX_NAME,
	TX_CLASS,
	TX_DIM,
	TX_FIG0,               /* six figures */
	TX_SRC0 = TX_FIG0 + 6, /* four sources */
	TX_NCOLS = TX_SRC0 + 4
};
static const char *const tax_cols[] = {"code",
                                       "parent",
                                       "name",
                                       "class",
                                       "dimension",
                                       "radius_km",
                                       "transport_nok_per_unit_km",
                                       "transport_co2e_kg_per_unit_km",
                                       "avoided_co2e_kg_per_unit",
                                       "price_nok_per_unit",
                                       "disposal_nok_per_unit",
                                       "radius_source",
                                       "transport_source",
                                       "co2e_source",
                                       "price_source"};
/* Which source column covers each figure. */
static const int fig_src[6] = {0, 1, 1, 2, 3, 3};

typedef struct tax_row {
	uint32_t line;
	const char *code, *parent, *name;
	bool has_cls, has_dim;
	symbi_class cls;
	symbi_dim dim;
	double fig[6];
	uint8_t given;
	const char *src[4];
	enum { TX_PENDING, TX_DONE, TX_BAD } state;
} tax_row;

typedef struct tax_ctx {
	loader ld;
	symbi__arena tmp; /* row strings until they are added */
	tax_row *rows;
	size_t nrows, caprows;
	symbi__map index; /* code -> first row */
} tax_ctx;

/* The parent a dotted name implies ("mat:a.b" -> "mat:a"), or NULL. */
static const char *implied_parent(symbi__arena *a, const char *code)
{
	const char *colon = strchr(code, ':');
	const char *dot = strrchr(code, '.');
	if (!colon || !dot || dot < colon)
		return NULL;
	return symbi__arena_strndup(a, code, (size_t)(dot - code));
}

static int tax_row_read(loader *ld, const symbi__csv_row *row)
{
	tax_ctx *t = (tax_ctx *)ld; /* ld is its first member */
	symbi_kb *kb = ld->kb;
	tax_row r;
	memset(&r, 0, sizeof r);
	r.line = row->line;
	bool bad = false;
	char norm[128];

	const char *raw = fld(ld, row, TX_CODE);
	if (symbi_code_normalise(raw, norm, sizeof norm) != 0) {
		lerr(ld, row->line, "code", "'%s' is not a resource code", raw);
		return 0;
	}
	r.code = symbi__arena_strdup(&t->tmp, norm);
	const char *praw = fld(ld, row, TX_PARENT);
	if (*praw) {
		if (symbi_code_normalise(praw, norm, sizeof norm) != 0) {
			lerr(ld, row->line, "parent", "'%s' is not a resource code", praw);
			bad = true;
		} else {
			r.parent = symbi__arena_strdup(&t->tmp, norm);
		}
	}
	r.name = symbi__arena_strdup(&t->tmp, fld(ld, row, TX_NAME));
	if (!r.code || !r.name || (*praw && !bad && !r.parent))
		return ld->rc = symbi__error(SYMBI_ENOMEM, "out of memory");

	bool is_ewc = strncmp(r.code, "ewc:", 4) == 0;
	if (is_ewc) {
		/* EWC codes come from ewc.csv only; a row here gives the subtree
		 * figures other than its class's. */
		int32_t e = symbi_kb_find(kb, r.code);
		if (e < 0) {
			char hint[256];
			suggest_codes(ld, r.code, hint, sizeof hint);
			lerr(ld, row->line, "code", "unknown EWC code '%s'%s", r.code, hint);
			bad = true;
		} else if (r.parent) {
			int32_t p = kb->codes[e].parent;
			if (p < 0 || strcmp(kb->codes[p].code, r.parent) != 0) {
				lerr(ld, row->line, "parent",
				     "parent '%s' does not agree with the list of waste ('%s')",
				     r.parent, p < 0 ? "none" : kb->codes[p].code);
				bad = true;
			}
		} else {
			int32_t p = kb->codes[e].parent;
			r.parent = p < 0 ? NULL : kb->codes[p].code;
		}
	} else {
		const char *imp = implied_parent(&t->tmp, r.code);
		if (imp && r.parent && strcmp(imp, r.parent) != 0) {
			lerr(ld, row->line, "parent",
			     "parent '%s' does not agree with the dotted name '%s' (expected '%s')",
			     r.parent, r.code, imp);
			bad = true;
		} else if (imp) {
			r.parent = imp;
		} else if (r.parent &&
		           (strchr(r.parent, ':') - r.parent != strchr(r.code, ':') - r.code ||
		            strncmp(r.parent, r.code, (size_t)(strchr(r.code, ':') - r.code)) !=
		                0)) {
			lerr(ld, row->line, "parent",
			     "parent '%s' of '%s' is not a code of the same kind", r.parent,
			     r.code);
			bad = true;
		}
	}

	const char *cls = fld(ld, row, TX_CLASS);
	if (*cls) {
		if (symbi_class_parse(cls, &r.cls) != 0) {
			lerr(ld, row->line, "class",
			     "unknown class '%s' (material, energy, water or gas)", cls);
			bad = true;
		}
		r.has_cls = true;
	}
	const char *dim = fld(ld, row, TX_DIM);
	if (*dim) {
		if (symbi_dim_parse(dim, &r.dim) != 0) {
			lerr(ld, row->line, "dimension",
			     "unknown dimension '%s' (mass, volume or energy)", dim);
			bad = true;
		}
		r.has_dim = true;
	}

	const char *src[4];
	for (int s = 0; s < 4; s++)
		src[s] = fld(ld, row, TX_SRC0 + (size_t)s);
	for (int f = 0; f < 6; f++) {
		const char *col = tax_cols[TX_FIG0 + f];
		const char *v = fld(ld, row, TX_FIG0 + (size_t)f);
		r.fig[f] = NAN;
		if (!*v)
			continue;
		double x;
		if (symbi__parse_double(v, &x) != 0) {
			lerr(ld, row->line, col, "'%s' is not a number (column '%s')", v, col);
			bad = true;
			continue;
		}
		bool ok = f == 0 ? x > 0 : (f == 1 || f == 4) ? x >= 0 : true;
		if (!ok) {
			lerr(ld, row->line, col, "%s %s must be %s", col, v,
			     f == 0 ? "> 0" : ">= 0");
			bad = true;
			continue;
		}
		if (!*src[fig_src[f]]) {
			lerr(ld, row->line, tax_cols[TX_SRC0 + fig_src[f]],
			     "%s given without its source (column '%s')", col,
			     tax_cols[TX_SRC0 + fig_src[f]]);
			bad = true;
			continue;
		}
		r.fig[f] = x;
		r.given |= (uint8_t)(1u << f);
	}
	for (int s = 0; s < 4; s++) {
		if (!*src[s])
			continue;
		r.src[s] = symbi__arena_strdup(&kb->arena, src[s]);
		if (!r.src[s])
			return ld->rc = symbi__error(SYMBI_ENOMEM, "out of memory");
	}
	r.state = bad ? TX_BAD : TX_PENDING;

	int32_t first = symbi__map_get(&t->index, r.code);
	if (first >= 0)
		lwarn(ld, row->line, "code",
		      "'%s' defined twice in this file (first at line %u); the later figures win",
		      r.code, t->rows[first].line);
	if (t->nrows >= INT32_MAX ||
	    symbi__grow((void **)&t->rows, &t->caprows, t->nrows + 1, sizeof *t->rows))
		return ld->rc = SYMBI_ENOMEM;
	t->rows[t->nrows] = r;
	if (first < 0 && symbi__map_put(&t->index, r.code, (int32_t)t->nrows))
		return ld->rc = SYMBI_ENOMEM;
	t->nrows++;
	return 0;
}

/* Add one row whose parent is known (or -1). Returns 0 or a fatal code. */
static int tax_add(tax_ctx *t, tax_row *r, int32_t parent)
{
	loader *ld = &t->ld;
	symbi_kb *kb = ld->kb;
	int32_t existing = symbi_kb_find(kb, r->code);
	const symbi_code *pc = parent >= 0 ? &kb->codes[parent] : NULL;
	r->state = TX_BAD;
	if (existing >= 0) {
		const symbi_code *e = &kb->codes[existing];
		if (!r->has_cls)
			r->cls = e->cls;
		if (!r->has_dim)
			r->dim = e->dim;
		if (r->parent && e->parent != parent) {
			lerr(ld, r->line, "parent", "'%s' is already defined with parent '%s'",
			     r->code, e->parent >= 0 ? kb->codes[e->parent].code : "none");
			return 0;
		}
		parent = e->parent;
	} else {
		if (!r->has_cls && pc)
			r->cls = pc->cls;
		if (!r->has_dim && pc)
			r->dim = pc->dim;
		if ((!r->has_cls || !r->has_dim) && !pc) {
			lerr(ld, r->line, r->has_cls ? "dimension" : "class",
			     "'%s' needs a %s (it has no parent to take it from)", r->code,
			     r->has_cls ? "dimension" : "class");
			return 0;
		}
		if (pc && pc->cls != r->cls) {
			lerr(ld, r->line, "class", "'%s' is %s but its parent '%s' is %s", r->code,
			     symbi_class_name(r->cls), pc->code, symbi_class_name(pc->cls));
			return 0;
		}
	}
	int32_t i = symbi__kb_add_code(kb, r->code, r->name, parent, r->cls, r->dim);
	if (i == SYMBI_ENOMEM || i == SYMBI_ELIMIT)
		return ld->rc = i;
	if (i < 0) {
		lerr(ld, r->line, NULL, "%s", symbi_last_error());
		return 0;
	}
	symbi_code *c = &kb->codes[i];
	if (r->name && *r->name) {
		const char *copy = symbi__arena_strdup(&kb->arena, r->name);
		if (!copy)
			return ld->rc = symbi__error(SYMBI_ENOMEM, "out of memory");
		c->name = copy;
	}
	double *dst[6] = {&c->radius_km,
	                  &c->transport_nok_per_unit_km,
	                  &c->transport_co2e_kg_per_unit_km,
	                  &c->avoided_co2e_kg_per_unit,
	                  &c->price_nok_per_unit,
	                  &c->disposal_nok_per_unit};
	const char **sdst[4] = {&c->radius_source, &c->transport_source, &c->co2e_source,
	                        &c->price_source};
	for (int f = 0; f < 6; f++)
		if (r->given & (1u << f)) {
			*dst[f] = r->fig[f];
			*sdst[fig_src[f]] = r->src[fig_src[f]];
		}
	kb->given[i] |= r->given;
	r->state = TX_DONE;
	return 0;
}

static int32_t parent_row(const tax_ctx *t, size_t i)
{
	return t->rows[i].parent ? symbi__map_get(&t->index, t->rows[i].parent) : -1;
}

/* What is still pending after resolving lies on a cycle or hangs below one.
 * Each walk up from a pending row stamps the rows it passes; meeting its
 * own stamp again closes a new cycle, which is reported once (from its row
 * first in the file); every row walked is then rejected. O(rows). */
static int tax_report_cycles(tax_ctx *t)
{
	loader *ld = &t->ld;
	uint32_t *stamp = calloc(t->nrows ? t->nrows : 1, sizeof *stamp);
	if (!stamp)
		return ld->rc = symbi__error(SYMBI_ENOMEM, "out of memory");
	for (size_t i = 0; i < t->nrows; i++) {
		if (t->rows[i].state != TX_PENDING)
			continue;
		uint32_t s = (uint32_t)i + 1;
		int32_t k = (int32_t)i;
		while (k >= 0 && t->rows[k].state == TX_PENDING && stamp[k] == 0) {
			stamp[k] = s;
			k = parent_row(t, (size_t)k);
		}
		if (k >= 0 && t->rows[k].state == TX_PENDING && stamp[k] == s) {
			int32_t first = k;
			for (int32_t m = parent_row(t, (size_t)k); m != k;
			     m = parent_row(t, (size_t)m))
				if (t->rows[m].line < t->rows[first].line)
					first = m;
			/* A long cycle is shown by its first codes and where it closes. */
			char buf[400];
			size_t used = 0;
			int32_t m = first;
			do {
				const char *c = t->rows[m].code;
				if (used + strlen(c) + 4 > 300) {
					used += (size_t)snprintf(buf + used, sizeof buf - used,
					                         "... -> ");
					break;
				}
				used +=
				    (size_t)snprintf(buf + used, sizeof buf - used, "%s -> ", c);
				m = parent_row(t, (size_t)m);
			} while (m != first);
			snprintf(buf + used, sizeof buf - used, "%.*s",
			         (int)(sizeof buf - used - 1), t->rows[first].code);
			lerr(ld, t->rows[first].line, "parent", "cycle in the hierarchy: %s", buf);
		}
		for (k = (int32_t)i; k >= 0 && t->rows[k].state == TX_PENDING && stamp[k] == s;
		     k = parent_row(t, (size_t)k))
			t->rows[k].state = TX_BAD;
	}
	free(stamp);
	return 0;
}

static int tax_resolve(tax_ctx *t)
{
	loader *ld = &t->ld;
	symbi_kb *kb = ld->kb;
	bool progress = true;
	while (progress && !ld->rc) {
		progress = false;
		for (size_t i = 0; i < t->nrows && !ld->rc; i++) {
			tax_row *r = &t->rows[i];
			if (r->state != TX_PENDING)
				continue;
			int32_t parent = -1;
			if (r->parent) {
				int32_t pr = symbi__map_get(&t->index, r->parent);
				parent = symbi_kb_find(kb, r->parent);
				if (pr >= 0 && t->rows[pr].state == TX_BAD) {
					/* Its parent's row failed: already reported there. */
					r->state = TX_BAD;
					progress = true;
					continue;
				}
				if (pr >= 0 && t->rows[pr].state == TX_PENDING && (size_t)pr != i &&
				    parent < 0)
					continue; /* defined further on in this file */
				if (parent < 0 && (size_t)pr == i) {
					lerr(ld, r->line, "parent",
					     "cycle in the hierarchy: %s -> %s", r->code, r->code);
					r->state = TX_BAD;
					progress = true;
					continue;
				}
				if (parent < 0) {
					char hint[256];
					suggest_codes(ld, r->parent, hint, sizeof hint);
					lerr(ld, r->line, "parent", "unknown parent '%s' of '%s'%s",
					     r->parent, r->code, hint);
					r->state = TX_BAD;
					progress = true;
					continue;
				}
			}
			if (tax_add(t, r, parent))
				return ld->rc;
			progress = true;
		}
	}
	if (!ld->rc)
		tax_report_cycles(t);
	return ld->rc;
}

int symbi_kb_load_taxonomy(symbi_kb *kb, const char *path, symbi_diags *diags)
{
	tax_ctx t;
	memset(&t, 0, sizeof t);
	int rc = symbi__loader_init(&t.ld, kb, path, diags, tax_cols, TX_NCOLS, 1u << TX_CODE,
	                            tax_row_read);
	if (rc)
		return rc;
	rc = symbi__loader_read(&t.ld);
	if (!rc && !t.ld.rc)
		tax_resolve(&t);
	rc = symbi__loader_finish(&t.ld, rc);
	free(t.rows);
	symbi__map_clear(&t.index);
	symbi__arena_clear(&t.tmp);
	return rc;
}
