/*
 * json_summary.c: the head of the match JSON (docs/contract.md section 6):
 * "query", the effective options, and "summary", the counts and totals over
 * every partnership listed (and of the allocation, with --optimize).
 */
#include <cjson/cJSON.h>
#include <stdlib.h>

#include "conventions.h"
#include "json_internal.h"
#include "query_firms.h"
#include "spill.h"

cJSON *symbi__json_query(const symbi_matches *m, const symbi_json_options *o)
{
	const symbi_match_options *q = &m->opt;
	cJSON *j = cJSON_CreateObject();
	bool ok =
	    j && symbi__json_str(j, "dataset", o->dataset) && symbi__json_str(j, "firm", q->firm) &&
	    symbi__query_firms_json(j, q) &&
	    symbi__json_str(j, "stream", q->stream) &&
	    symbi__json_str(j, "resource", q->resource) &&
	    symbi__json_str(j, "region", q->region) &&
	    cJSON_AddBoolToObject(j, "cross_region", q->cross_region) &&
	    symbi__json_num(j, "max_km", q->max_km, SYMBI__DEC_KM) &&
	    (!(q->radius_km > 0.0) ||
	     symbi__json_num(j, "radius_km", q->radius_km, SYMBI__DEC_KM)) &&
	    (q->top_k ? symbi__json_count(j, "top", q->top_k) : cJSON_AddNullToObject(j, "top")) &&
	    symbi__json_num(j, "min_score", q->min_score, SYMBI__DEC_FACTOR) &&
	    cJSON_AddBoolToObject(j, "sector", q->sector) &&
	    (!q->sector ||
	     symbi__json_str(j, "rank", q->rank == SYMBI_RANK_VALUE ? "value" : "evidence")) &&
	    cJSON_AddBoolToObject(j, "optimize", o->optimize) &&
	    symbi__json_str(j, "objective",
	                    q->objective == SYMBI_OBJECTIVE_CO2 ? "co2" : "value") &&
	    (q->max_candidates ? symbi__json_count(j, "max_candidates", q->max_candidates)
	                       : cJSON_AddNullToObject(j, "max_candidates"));
	if (!ok) {
		cJSON_Delete(j);
		return NULL;
	}
	return j;
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
	return symbi__json_quantities(a, "unmet_demand", unmet) &&
	       symbi__json_quantities(a, "unused_supply", unused);
}

cJSON *symbi__json_summary(const symbi_matches *m, const symbi_json_options *o, int *rc)
{
	const symbi_dataset *ds = m->ds;
	size_t declared = 0, sector = 0, used = 0, no_co2e = 0, used_no_co2e = 0;
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
	/* In ranking order (the sums depend on it), from memory or merged
	 * from the runs of a spilled result. */
	symbi__cursor cur;
	const symbi_candidate *batch;
	size_t nb;
	if ((*rc = symbi__cursor_begin(&cur, m)) != 0) {
		free(mark);
		cJSON_Delete(j);
		return NULL;
	}
	while ((nb = symbi__cursor_batch(&cur, &batch, SIZE_MAX)) > 0)
		for (size_t ib = 0; ib < nb; ib++) {
			const symbi_candidate *c = &batch[ib];
			if (c->basis == SYMBI_BASIS_SECTOR)
				sector++;
			else
				declared++;
			value += c->value_nok;
			if (c->flags & SYMBI_CANDIDATE_NO_CO2E)
				no_co2e++;
			else
				co2 += c->co2e_t;
			if (c->dim <= SYMBI_DIM_ENERGY)
				q[c->dim] += c->quantity;
			if (!isnan(c->allocated) && c->allocated > 0.0) {
				used++;
				used_no_co2e += (c->flags & SYMBI_CANDIDATE_NO_CO2E) != 0;
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
	symbi__cursor_end(&cur);
	for (size_t f = 0; f < ds->nfirms; f++)
		firms += mark[f] != 0;
	free(mark);
	if ((*rc = cur.rc) != 0) {
		cJSON_Delete(j);
		return NULL;
	}
	bool ok = symbi__json_count(j, "firms", ds->nfirms) &&
	          symbi__json_count(j, "streams", ds->nstreams) &&
	          symbi__json_count(j, "supplies_searched", m->supplies) &&
	          symbi__json_count(j, "demands_searched", m->demands) &&
	          symbi__json_count(j, "partnerships", m->n) &&
	          symbi__json_count(j, "declared", declared) &&
	          symbi__json_count(j, "sector", sector) &&
	          symbi__json_count(j, "firms_involved", firms) &&
	          symbi__json_count(j, "suppliers", suppliers) &&
	          symbi__json_count(j, "receivers", receivers) &&
	          symbi__json_num(j, "value_nok", value, SYMBI__DEC_NOK) &&
	          symbi__json_num(j, "co2e_t", co2, SYMBI__DEC_CO2E) &&
	          symbi__json_count(j, "co2e_not_estimated", no_co2e) &&
	          symbi__json_quantities(j, "quantity", q) &&
	          symbi__json_str(j, "totals",
	                          "sums over every partnership listed: a supply offered to several "
	                          "receivers counts once per receiver, so these are not achievable "
	                          "together (the allocation is)");
	if (ok && o->optimize) {
		cJSON *a = cJSON_AddObjectToObject(j, "allocation");
		const symbi_allocation_summary *s = o->allocation;
		ok =
		    a &&
		    symbi__json_num(a, "value_nok", s ? s->total_value_nok : 0.0, SYMBI__DEC_NOK) &&
		    symbi__json_num(a, "co2e_t", s ? s->total_co2e_t : 0.0, SYMBI__DEC_CO2E) &&
		    symbi__json_count(a, "co2e_not_estimated",
		                      s ? s->partnerships_no_co2e : used_no_co2e) &&
		    symbi__json_count(a, "partnerships_used", s ? s->partnerships_used : used) &&
		    symbi__json_count(a, "components", s ? s->components : 0) &&
		    symbi__json_count(a, "components_capped", s ? s->components_capped : 0) &&
		    cJSON_AddBoolToObject(a, "optimal", !s || s->components_capped == 0) &&
		    symbi__json_quantities(a, "quantity", aq) && add_remaining_totals(a, m) &&
		    symbi__json_str(a, "objective",
		                    m->opt.objective == SYMBI_OBJECTIVE_CO2 ? "co2" : "value");
	}
	if (!ok) {
		cJSON_Delete(j);
		return NULL;
	}
	return j;
}
