/*
 * json_out.c: the match result as JSON (SPEC section 6), streamed.
 *
 * Every byte goes through cJSON. The document's opening ("version", "query",
 * "summary") is one small cJSON tree printed whole; its closing brace is
 * dropped and the "partnerships" array is then written one element at a
 * time: each partnership is built as a small tree, printed into one reused
 * buffer (cJSON_PrintPreallocated), written and deleted. Memory therefore
 * stays constant whatever the number of partnerships.
 *
 * Layout: indented by default (cJSON's tab indentation; each partnership's
 * lines are shifted two levels in); compact puts the header on the first line
 * and each partnership on a line of its own, which suits line tools (grep,
 * head) on big results.
 *
 * Numbers pass through symbi__round first (quantities 3 decimals, km 2,
 * NOK 0, t CO2e 3, factors 6), so the output is short, free of binary noise
 * (0.30000000000000004) and of -0, and identical across platforms.
 */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define Q_DEC 3   /* quantities */
#define KM_DEC 2  /* distances */
#define NOK_DEC 0 /* money per year */
#define T_DEC 3   /* t CO2e */
#define F_DEC 6   /* factors and per-unit figures */

double symbi__round(double v, int decimals)
{
	static const double p10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
	if (!isfinite(v))
		return v;
	if (decimals < 0)
		decimals = 0;
	if (decimals > 9)
		decimals = 9;
	double s = p10[decimals];
	/* Past 2^53 every double is already a whole number at this scale. */
	if (fabs(v) * s >= 9007199254740992.0)
		return v;
	/* The quotient of an exact integer by an exact power of ten is the
	 * double nearest the decimal, which %.15g prints in its short form. */
	double r = round(v * s) / s;
	return r == 0.0 ? 0.0 : r;
}

/* ==== Small builders (each returns false when out of memory) ============================= */

static bool add_num(cJSON *o, const char *k, double v, int dec)
{
	return cJSON_AddNumberToObject(o, k, symbi__round(v, dec)) != NULL;
}

static bool add_str(cJSON *o, const char *k, const char *v)
{
	return (v ? cJSON_AddStringToObject(o, k, v) : cJSON_AddNullToObject(o, k)) != NULL;
}

static bool add_num_or_null(cJSON *o, const char *k, double v, int dec)
{
	return isnan(v) ? cJSON_AddNullToObject(o, k) != NULL : add_num(o, k, v, dec);
}

/* Add `item` under `k`, or delete it when that fails; false when item is
 * NULL (its builder ran out of memory) or the key cannot be added. */
static bool add_item(cJSON *o, const char *k, cJSON *item)
{
	if (!item)
		return false;
	if (!cJSON_AddItemToObject(o, k, item)) {
		cJSON_Delete(item);
		return false;
	}
	return true;
}

static const char *unit_per_year(symbi_dim dim)
{
	switch (dim) {
	case SYMBI_DIM_MASS:
		return "t/yr";
	case SYMBI_DIM_VOLUME:
		return "m3/yr";
	case SYMBI_DIM_ENERGY:
		return "MWh/yr";
	default:
		return "/yr";
	}
}

static const char *code_name(const symbi_kb *kb, int32_t code)
{
	return code >= 0 && (size_t)code < kb->ncodes ? kb->codes[code].code : NULL;
}

/* ==== One partnership ======================================================================== */

static cJSON *party(const symbi_dataset *ds, uint32_t firm, uint32_t stream)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	const symbi_firm *f = &ds->firms[firm];
	if (!add_str(o, "firm_id", f->id) || !add_str(o, "name", f->name) ||
	    !add_str(o, "stream_id", stream == SYMBI_NONE ? NULL : ds->streams[stream].id)) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

static cJSON *stream_facts(const symbi_stream *s)
{
	char months[48];
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	symbi_months_format(s->months, months, sizeof months);
	bool ok = add_num(o, "quantity", s->quantity, Q_DEC) &&
	          add_str(o, "unit", unit_per_year(s->dim)) && add_str(o, "months", months);
	if (ok && !isnan(s->temp_c))
		ok = add_num(o, "temp_c", s->temp_c, 2);
	if (ok && !isnan(s->max_km))
		ok = add_num(o, "max_km", s->max_km, KM_DEC);
	if (ok && s->note)
		ok = add_str(o, "note", s->note);
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

/* Which limit set the radius: the smallest of the four, named in this order
 * when two are equal. */
static bool add_radius(cJSON *ex, const symbi_matches *m, const symbi__scorer *sc,
                       const symbi_candidate *c)
{
	const symbi_dataset *ds = m->ds;
	const symbi_stream *S = &ds->streams[c->supply];
	const symbi_stream *D = c->demand != SYMBI_NONE ? &ds->streams[c->demand] : NULL;
	const char *from = NULL, *source = NULL;
	double code_r = symbi__code_radius(sc, S->code, &from, &source);
	cJSON *o = cJSON_AddObjectToObject(ex, "radius");
	if (!o || !add_num(o, "km", c->radius_km, KM_DEC))
		return false;
	if (!isnan(S->max_km) && S->max_km == c->radius_km)
		return add_str(o, "from", "supply max_km");
	if (D && !isnan(D->max_km) && D->max_km == c->radius_km)
		return add_str(o, "from", "demand max_km");
	if (!isnan(m->opt.max_km) && m->opt.max_km == c->radius_km)
		return add_str(o, "from", "--max-km");
	if (!isnan(code_r) && code_r == c->radius_km)
		return add_str(o, "from", from) && (!source || add_str(o, "source", source));
	return true;
}

static bool add_explain(cJSON *p, const symbi_matches *m, const symbi__scorer *sc,
                        const symbi_candidate *c)
{
	const symbi_dataset *ds = m->ds;
	const symbi_kb *kb = ds->kb;
	const symbi_stream *S = &ds->streams[c->supply];
	const symbi_stream *D = c->demand != SYMBI_NONE ? &ds->streams[c->demand] : NULL;
	symbi__explain *ex = malloc(sizeof *ex);
	cJSON *o = cJSON_AddObjectToObject(p, "explain");
	if (!ex || !o) {
		free(ex);
		return false;
	}
	/* Price again with the explain record: the same figures, now named. */
	symbi_candidate again = *c;
	if (symbi__score(sc, ds, &again, m->opt.objective, ex) != 0) {
		free(ex);
		return add_str(o, "error", symbi_last_error());
	}
	const char *match;
	if (c->basis == SYMBI_BASIS_SECTOR)
		match = "sector rule: the receiver's industry is known to use this resource";
	else if (c->rule >= 0)
		match = "substitution rule";
	else if (S->code == D->code)
		match = "same resource code";
	else
		match = "the demand's code contains the supply's";
	bool ok = add_str(o, "match", match);
	if (ok && c->rule >= 0) {
		const symbi_rule *r = &kb->rules[c->rule];
		cJSON *ro = cJSON_AddObjectToObject(o, "rule");
		ok = ro && add_str(ro, "from", code_name(kb, r->from)) &&
		     add_str(ro, "to", code_name(kb, r->to)) && add_str(ro, "nace", r->nace) &&
		     add_num(ro, "yield", r->yield, F_DEC) && add_str(ro, "source", r->source);
		if (ok && r->from_dim != SYMBI_DIM_NONE)
			ok = add_str(ro, "from_unit", symbi_dim_unit(r->from_dim)) &&
			     add_str(ro, "to_unit",
			             symbi_dim_unit(r->to_dim ? r->to_dim : r->from_dim));
		if (ok && r->support)
			ok = cJSON_AddNumberToObject(ro, "support", r->support) != NULL;
		/* The file's base name: a full path would make the output depend
		 * on where the knowledge base is installed. */
		const char *slash = r->file ? strrchr(r->file, '/') : NULL;
		if (ok && r->file)
			ok = add_str(ro, "file", slash ? slash + 1 : r->file) &&
			     cJSON_AddNumberToObject(ro, "line", r->line) != NULL;
	}
	ok = ok && add_item(o, "supply", stream_facts(S));
	if (ok && D)
		ok = add_item(o, "demand", stream_facts(D));
	ok = ok && add_radius(o, m, sc, c) &&
	     add_str(o, "transport", c->mode == SYMBI_MODE_PIPE ? "pipe" : "road") &&
	     add_num(o, "route_km", c->route_km, KM_DEC) &&
	     add_num(o, "offered", ex->supply_offered, Q_DEC) &&
	     add_num(o, "supply_used", c->supply_used, Q_DEC) &&
	     add_str(o, "supply_unit", unit_per_year(S->dim));
	if (ok && c->mode == SYMBI_MODE_PIPE && ex->months_share < 1.0)
		ok = add_num(o, "months_share", ex->months_share, 4);
	if (ok && c->mode == SYMBI_MODE_PIPE && ex->delivered_share < 1.0)
		ok = add_num(o, "delivered_share", ex->delivered_share, 4);
	if (ok && ex->figure_code >= 0 && ex->figure_code != c->receiver_code)
		ok = add_str(o, "priced_as", code_name(kb, ex->figure_code));
	ok = ok && add_num(o, "avoided_disposal_nok", c->avoided_disposal_nok, NOK_DEC) &&
	     add_num(o, "avoided_purchase_nok", c->avoided_purchase_nok, NOK_DEC) &&
	     add_num(o, "transport_nok", c->transport_nok, NOK_DEC) &&
	     add_num(o, "avoided_co2e_t", c->avoided_co2e_t, T_DEC) &&
	     add_num(o, "transport_co2e_t", c->transport_co2e_t, T_DEC);
	cJSON *figs = ok ? cJSON_AddArrayToObject(o, "factors") : NULL;
	ok = figs != NULL;
	for (size_t i = 0; ok && i < ex->nfig; i++) {
		const symbi__figure *f = &ex->fig[i];
		cJSON *fo = cJSON_CreateObject();
		ok = fo && cJSON_AddItemToArray(figs, fo) && add_str(fo, "key", f->key) &&
		     (!f->code || add_str(fo, "code", f->code)) &&
		     add_num(fo, "value", f->value, F_DEC) && add_str(fo, "unit", f->unit) &&
		     add_str(fo, "source", f->source);
	}
	if (ok && ex->nnote) {
		cJSON *notes = cJSON_AddArrayToObject(o, "defaulted");
		ok = notes != NULL;
		for (size_t i = 0; ok && i < ex->nnote; i++) {
			cJSON *s = cJSON_CreateString(ex->note[i]);
			ok = s && cJSON_AddItemToArray(notes, s);
		}
	}
	free(ex);
	return ok;
}

cJSON *symbi__partnership_json(const symbi_matches *m, size_t i, const symbi__scorer *sc,
                               bool explain, bool allocated)
{
	const symbi_dataset *ds = m->ds;
	const symbi_kb *kb = ds->kb;
	const symbi_candidate *c = &m->cands[i];
	const symbi_stream *S = &ds->streams[c->supply];
	const char *rid =
	    c->demand == SYMBI_NONE ? ds->firms[c->receiver].id : ds->streams[c->demand].id;
	size_t need = strlen(S->id) + strlen(rid) + 4;
	char small[256];
	char *id = need <= sizeof small ? small : malloc(need);
	cJSON *p = cJSON_CreateObject();
	bool ok = id && p && symbi_candidate_id(m, i, id, need) == 0 && add_str(p, "id", id) &&
	          add_item(p, "supplier", party(ds, c->supplier, c->supply)) &&
	          add_item(p, "receiver", party(ds, c->receiver, c->demand)) &&
	          add_str(p, "resource", code_name(kb, S->code)) &&
	          add_str(p, "receiver_resource", code_name(kb, c->receiver_code)) &&
	          add_str(p, "basis", c->basis == SYMBI_BASIS_SECTOR ? "sector" : "declared") &&
	          add_num(p, "quantity", c->quantity, Q_DEC) &&
	          add_str(p, "unit", unit_per_year(c->dim)) &&
	          add_num(p, "distance_km", c->distance_km, KM_DEC) &&
	          add_num(p, "value_nok", c->value_nok, NOK_DEC) &&
	          add_num(p, "co2e_t", c->co2e_t, T_DEC) &&
	          add_num(p, "score", c->score,
	                  m->opt.objective == SYMBI_OBJECTIVE_CO2 ? T_DEC : NOK_DEC);
	if (ok && allocated)
		ok = add_num_or_null(p, "allocated", c->allocated, Q_DEC);
	if (ok && explain)
		ok = add_explain(p, m, sc, c);
	if (id != small)
		free(id);
	if (!ok) {
		cJSON_Delete(p);
		return NULL;
	}
	return p;
}

/* ==== Header: version, query, summary ==========================================================
 */

static cJSON *query_json(const symbi_matches *m, const symbi_json_options *o)
{
	const symbi_match_options *q = &m->opt;
	cJSON *j = cJSON_CreateObject();
	bool ok = j && add_str(j, "dataset", o->dataset) && add_str(j, "firm", q->firm) &&
	          add_str(j, "stream", q->stream) && add_str(j, "resource", q->resource) &&
	          add_str(j, "region", q->region) &&
	          cJSON_AddBoolToObject(j, "cross_region", q->cross_region) &&
	          add_num_or_null(j, "max_km", q->max_km, KM_DEC) &&
	          (q->top_k ? cJSON_AddNumberToObject(j, "top", (double)q->top_k)
	                    : cJSON_AddNullToObject(j, "top")) &&
	          (isfinite(q->min_score) ? add_num(j, "min_score", q->min_score, F_DEC)
	                                  : cJSON_AddNullToObject(j, "min_score") != NULL) &&
	          cJSON_AddBoolToObject(j, "sector", q->sector) &&
	          cJSON_AddBoolToObject(j, "optimize", o->optimize) &&
	          add_str(j, "objective", q->objective == SYMBI_OBJECTIVE_CO2 ? "co2" : "value") &&
	          (q->max_candidates
	               ? cJSON_AddNumberToObject(j, "max_candidates", (double)q->max_candidates)
	               : cJSON_AddNullToObject(j, "max_candidates"));
	if (!ok) {
		cJSON_Delete(j);
		return NULL;
	}
	return j;
}

static bool add_quantities(cJSON *o, const char *key, const double q[4])
{
	cJSON *j = cJSON_AddObjectToObject(o, key);
	return j && add_num(j, "t/yr", q[SYMBI_DIM_MASS], Q_DEC) &&
	       add_num(j, "m3/yr", q[SYMBI_DIM_VOLUME], Q_DEC) &&
	       add_num(j, "MWh/yr", q[SYMBI_DIM_ENERGY], Q_DEC);
}

/* Totals of what the allocation leaves: demand unmet and supply unused, per
 * unit, over the streams that take part in at least one candidate. */
static bool add_remaining_totals(cJSON *a, const symbi_matches *m)
{
	double unmet[4] = {0}, unused[4] = {0};
	for (size_t i = 0; m->remaining && i < m->ds->nstreams; i++) {
		double r = m->remaining[i];
		if (isnan(r))
			continue;
		const symbi_stream *st = &m->ds->streams[i];
		(st->direction == SYMBI_DEMAND ? unmet : unused)[st->dim] += r;
	}
	return add_quantities(a, "unmet_demand", unmet) && add_quantities(a, "unused_supply", unused);
}

/* One element of "remaining": a stream that takes part in the allocation and
 * what is left of it. */
static cJSON *remaining_json(const symbi_matches *m, uint32_t i)
{
	const symbi_stream *st = &m->ds->streams[i];
	const symbi_kb *kb = m->ds->kb;
	char unit[16];
	snprintf(unit, sizeof unit, "%s/yr", symbi_dim_unit(st->dim));
	cJSON *o = cJSON_CreateObject();
	if (!o || !add_str(o, "stream_id", st->id) ||
	    !add_str(o, "firm_id", m->ds->firms[st->firm].id) ||
	    !add_str(o, "direction", st->direction == SYMBI_DEMAND ? "demand" : "supply") ||
	    !add_str(o, "resource", symbi_kb_code(kb, st->code)->code) ||
	    !add_num(o, "quantity", st->quantity, Q_DEC) ||
	    !add_num(o, "used", st->quantity - m->remaining[i], Q_DEC) ||
	    !add_num(o, "remaining", m->remaining[i], Q_DEC) || !add_str(o, "unit", unit)) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

static cJSON *summary_json(const symbi_matches *m, const symbi_json_options *o)
{
	const symbi_dataset *ds = m->ds;
	size_t declared = 0, sector = 0, used = 0;
	double value = 0, co2 = 0, q[4] = {0, 0, 0, 0}, aq[4] = {0, 0, 0, 0};
	/* Distinct firms taking part, by a mark per firm. */
	size_t nf = ds->nfirms ? ds->nfirms : 1;
	unsigned char *mark = calloc(nf, 1);
	cJSON *j = cJSON_CreateObject();
	if (!mark || !j) {
		free(mark);
		cJSON_Delete(j);
		return NULL;
	}
	size_t suppliers = 0, receivers = 0, firms = 0;
	for (size_t i = 0; i < m->n; i++) {
		const symbi_candidate *c = &m->cands[i];
		if (c->basis == SYMBI_BASIS_SECTOR)
			sector++;
		else
			declared++;
		value += c->value_nok;
		co2 += c->co2e_t;
		if (c->dim <= SYMBI_DIM_ENERGY)
			q[c->dim] += c->quantity;
		if (!isnan(c->allocated) && c->allocated > 0.0) {
			used++;
			if (c->dim <= SYMBI_DIM_ENERGY)
				aq[c->dim] += c->allocated;
		}
		if (!(mark[c->supplier] & 1)) {
			mark[c->supplier] |= 1;
			suppliers++;
		}
		if (!(mark[c->receiver] & 2)) {
			mark[c->receiver] |= 2;
			receivers++;
		}
	}
	for (size_t f = 0; f < ds->nfirms; f++)
		firms += mark[f] != 0;
	free(mark);
	bool ok = cJSON_AddNumberToObject(j, "firms", (double)ds->nfirms) &&
	          cJSON_AddNumberToObject(j, "streams", (double)ds->nstreams) &&
	          cJSON_AddNumberToObject(j, "supplies_searched", (double)m->supplies) &&
	          cJSON_AddNumberToObject(j, "demands_searched", (double)m->demands) &&
	          cJSON_AddNumberToObject(j, "partnerships", (double)m->n) &&
	          cJSON_AddNumberToObject(j, "declared", (double)declared) &&
	          cJSON_AddNumberToObject(j, "sector", (double)sector) &&
	          cJSON_AddNumberToObject(j, "firms_involved", (double)firms) &&
	          cJSON_AddNumberToObject(j, "suppliers", (double)suppliers) &&
	          cJSON_AddNumberToObject(j, "receivers", (double)receivers) &&
	          add_num(j, "value_nok", value, NOK_DEC) && add_num(j, "co2e_t", co2, T_DEC) &&
	          add_quantities(j, "quantity", q) &&
	          add_str(j, "totals",
	                  "sums over every partnership listed: a supply offered to several "
	                  "receivers counts once per receiver, so these are not achievable "
	                  "together (the allocation is)");
	if (ok && o->optimize) {
		cJSON *a = cJSON_AddObjectToObject(j, "allocation");
		const symbi_allocation_summary *s = o->allocation;
		ok = a && add_num(a, "value_nok", s ? s->total_value_nok : 0.0, NOK_DEC) &&
		     add_num(a, "co2e_t", s ? s->total_co2e_t : 0.0, T_DEC) &&
		     cJSON_AddNumberToObject(a, "partnerships_used",
		                             (double)(s ? s->partnerships_used : used)) &&
		     cJSON_AddNumberToObject(a, "components", (double)(s ? s->components : 0)) &&
		     cJSON_AddNumberToObject(a, "components_capped",
		                             (double)(s ? s->components_capped : 0)) &&
		     cJSON_AddBoolToObject(a, "optimal", !s || s->components_capped == 0) &&
		     add_quantities(a, "quantity", aq) && add_remaining_totals(a, m) &&
		     add_str(a, "objective",
		             m->opt.objective == SYMBI_OBJECTIVE_CO2 ? "co2" : "value");
	}
	if (!ok) {
		cJSON_Delete(j);
		return NULL;
	}
	return j;
}

/* ==== The document
 * ================================================================================ */

static bool put(FILE *f, const char *s, size_t n)
{
	return fwrite(s, 1, n, f) == n;
}

/* Write `s` with every line after a newline indented by `tabs` tabs (the
 * first line too when `first`). cJSON escapes newlines inside strings, so
 * every raw newline in its output is layout. */
static bool put_indented(FILE *f, const char *s, int tabs, bool first)
{
	static const char t[] = "\t\t\t\t";
	if (first && !put(f, t, (size_t)tabs))
		return false;
	for (const char *p = s;;) {
		const char *nl = strchr(p, '\n');
		if (!nl)
			return put(f, p, strlen(p));
		if (!put(f, p, (size_t)(nl - p + 1)) || !put(f, t, (size_t)tabs))
			return false;
		p = nl + 1;
	}
}

int symbi_write_match_json(FILE *f, const symbi_matches *m, const symbi_json_options *o)
{
	symbi_json_options defaults = SYMBI_JSON_OPTIONS_INIT;
	if (!o)
		o = &defaults;
	const bool pretty = !o->compact;
	symbi__scorer sc;
	symbi__scorer_init(&sc, m->ds->kb);
	int rc = 0;
	char *buf = NULL, *head = NULL;
	size_t cap = 4096;
	cJSON *top = cJSON_CreateObject();
	cJSON *q = query_json(m, o), *s = summary_json(m, o);
	if (!top || !q || !s || !add_str(top, "version", SYMBI_VERSION) ||
	    !cJSON_AddItemToObject(top, "query", q)) {
		cJSON_Delete(q);
		cJSON_Delete(s);
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
	buf = malloc(cap);
	if (!buf)
		goto nomem;
	for (size_t i = 0; i < m->n; i++) {
		cJSON *p = symbi__partnership_json(m, i, &sc, o->explain, o->optimize);
		if (!p)
			goto nomem;
		/* cJSON asks for some slack beyond the printed length; grow until
		 * the object fits. */
		while (!cJSON_PrintPreallocated(p, buf, (int)cap, pretty)) {
			if (cap > (size_t)INT32_MAX / 2) {
				cJSON_Delete(p);
				goto nomem;
			}
			char *nb = realloc(buf, cap * 2);
			if (!nb) {
				cJSON_Delete(p);
				goto nomem;
			}
			buf = nb;
			cap *= 2;
		}
		cJSON_Delete(p);
		bool w = pretty ? put_indented(f, buf, 2, true) : put(f, buf, strlen(buf));
		if (!w || !put(f, i + 1 < m->n ? ",\n" : "\n", i + 1 < m->n ? 2 : 1))
			goto io;
	}
	if (o->optimize && m->remaining) {
		/* What each stream keeps after the allocation, streamed like the
		 * partnerships: one object per stream that takes part. */
		const char *ropen = pretty ? (m->n ? "\t],\n\t\"remaining\":\t[" : "],\n\t\"remaining\":\t[")
		                           : "],\"remaining\":[";
		if (!put(f, ropen, strlen(ropen)))
			goto io;
		bool first = true;
		for (uint32_t i = 0; i < m->ds->nstreams; i++) {
			if (isnan(m->remaining[i]))
				continue;
			cJSON *r = remaining_json(m, i);
			if (!r)
				goto nomem;
			char *txt = cJSON_PrintUnformatted(r);
			cJSON_Delete(r);
			if (!txt)
				goto nomem;
			bool w = put(f, first ? "\n" : ",\n", first ? 1 : 2) &&
			         (!pretty || put(f, "\t\t", 2)) && put(f, txt, strlen(txt));
			cJSON_free(txt);
			if (!w)
				goto io;
			first = false;
		}
		const char *rclose = pretty ? (first ? "]\n}\n" : "\n\t]\n}\n") : (first ? "]}\n" : "\n]}\n");
		if (!put(f, rclose, strlen(rclose)) || fflush(f) != 0 || ferror(f))
			goto io;
		goto done;
	}
	const char *close = pretty ? (m->n ? "\t]\n}\n" : "]\n}\n") : "]}\n";
	if (!put(f, close, strlen(close)) || fflush(f) != 0 || ferror(f))
		goto io;
	goto done;
nomem:
	rc = symbi__error(SYMBI_ENOMEM, "out of memory");
	goto done;
io:
	rc = symbi__error(SYMBI_EIO, "error writing the JSON output");
	goto done;
internal:
	rc = symbi__error(SYMBI_EINTERNAL, "cJSON printed an unexpected document");
done:
	free(buf);
	cJSON_free(head);
	cJSON_Delete(top);
	return rc;
}
