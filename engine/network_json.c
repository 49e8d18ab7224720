/*
 * network_json.c: the `symbi cluster` JSON document (network.h,
 * symbi_network_write_json).
 */
#include "query_firms.h"
#include "conventions.h"
#include "json_internal.h"
#include "network_internal.h"

/* ==== JSON (docs/contract.md section 6) ====================================================
 * Laid out like the match JSON (json_out.c): the opening ("version", "query",
 * "summary") is one small cJSON tree printed whole with its closing brace
 * dropped; then each array ("partnerships", "clusters", "chains", "loops",
 * "portfolio", "whole_projects") is written one element at a time, each a small tree printed,
 * written and deleted, so memory does not grow with the output. Indented with
 * tabs by default; `compact` puts each element on a line of its own. Numbers
 * go through symbi__round: NOK 0 decimals, t CO2e 3, quantities 3, shares 4. */

#define PORTFOLIO_RULE                                                                             \
	"clusters of at least min_project_firms firms, ranked by score = sum over the "            \
	"criteria of weight * criterion / (largest |criterion| among the projects); "              \
	"circularity counts 0 when the members declare no demand; ties by cluster id"

#define WHOLE_RULE                                                                                 \
	"the clusters joined with the loops, then the chains, that run through them while the "    \
	"groups joined stay at most 12 firms together; a loop across larger clusters kept whole "  \
	"on its own (kind loop); listed with at least min_project_firms firms and a ranked "       \
	"cluster or a loop; ordered by the best portfolio rank held, a loop kept whole after the " \
	"groups it runs through, then value"

static bool add_firm_ids(const symbi_network *net, cJSON *o, const char *key, const uint32_t *firms,
                         size_t n)
{
	cJSON *a = cJSON_AddArrayToObject(o, key);
	for (size_t i = 0; a && i < n; i++) {
		cJSON *s = cJSON_CreateString(symbi_dataset_firm(net->ds, firms[i])->id);
		if (!s || !cJSON_AddItemToArray(a, s)) {
			cJSON_Delete(s);
			return false;
		}
	}
	return a != NULL;
}

static bool add_edge_ids(const symbi_network *net, cJSON *o, const char *key, const size_t *edges,
                         size_t n)
{
	cJSON *a = cJSON_AddArrayToObject(o, key);
	for (size_t i = 0; a && i < n; i++) {
		cJSON *s = cJSON_CreateString(net->edges[edges[i]].id);
		if (!s || !cJSON_AddItemToArray(a, s)) {
			cJSON_Delete(s);
			return false;
		}
	}
	return a != NULL;
}

static const char *edge_set_name(symbi_edge_set e)
{
	return e == SYMBI_EDGES_ALLOCATED  ? "allocated"
	       : e == SYMBI_EDGES_DECLARED ? "declared"
	                                   : "all";
}

static cJSON *json_query(const symbi_network *net, const symbi_json_options *jo)
{
	const symbi_match_options *mo = symbi_matches_options(net->m);
	const symbi_network_options *o = &net->opt;
	const symbi_portfolio_weights *pw = &o->weights;
	cJSON *q = cJSON_CreateObject(), *w;
	bool ok = q && symbi__json_str(q, "dataset", jo ? jo->dataset : NULL) &&
	          symbi__json_str(q, "firm", mo->firm) && symbi__query_firms_json(q, mo) &&
	          symbi__json_str(q, "stream", mo->stream) &&
	          symbi__json_str(q, "resource", mo->resource) &&
	          symbi__json_str(q, "region", mo->region) &&
	          cJSON_AddBoolToObject(q, "cross_region", mo->cross_region) &&
	          symbi__json_num(q, "max_km", mo->max_km, SYMBI__DEC_KM) &&
	          (!(mo->radius_km > 0.0) ||
	           symbi__json_num(q, "radius_km", mo->radius_km, SYMBI__DEC_KM)) &&
	          (mo->top_k ? symbi__json_count(q, "top", mo->top_k)
	                     : cJSON_AddNullToObject(q, "top")) &&
	          symbi__json_num(q, "min_score", mo->min_score, SYMBI__DEC_FACTOR) &&
	          cJSON_AddBoolToObject(q, "sector", mo->sector) &&
	          symbi__json_str(q, "objective",
	                          o->objective == SYMBI_OBJECTIVE_CO2 ? "co2" : "value") &&
	          cJSON_AddBoolToObject(q, "optimize", o->edges == SYMBI_EDGES_ALLOCATED) &&
	          symbi__json_str(q, "edges", edge_set_name(o->edges)) &&
	          symbi__json_str(q, "method", "leiden-modularity") &&
	          symbi__json_num(q, "resolution", o->resolution, SYMBI__DEC_FACTOR) &&
	          symbi__json_count(q, "seed", (size_t)o->seed) &&
	          symbi__json_count(q, "min_firms", o->min_firms) &&
	          symbi__json_count(q, "max_path_firms", o->max_path_firms) &&
	          symbi__json_count(q, "max_paths_per_firm", o->max_paths_per_firm) &&
	          symbi__json_count(q, "max_steps_per_firm", o->max_steps_per_firm) &&
	          symbi__json_count(q, "max_paths", o->max_paths) &&
	          symbi__json_count(q, "min_project_firms", o->min_project_firms) &&
	          (w = cJSON_AddObjectToObject(q, "portfolio_weights")) != NULL &&
	          symbi__json_num(w, "value_nok", pw->value_nok, SYMBI__DEC_FACTOR) &&
	          symbi__json_num(w, "co2e_t", pw->co2e_t, SYMBI__DEC_FACTOR) &&
	          symbi__json_num(w, "circularity", pw->circularity, SYMBI__DEC_FACTOR) &&
	          symbi__json_num(w, "resources", pw->resources, SYMBI__DEC_FACTOR) &&
	          symbi__json_num(w, "loops", pw->loops, SYMBI__DEC_FACTOR) &&
	          symbi__json_num(w, "chains", pw->chains, SYMBI__DEC_FACTOR) &&
	          symbi__json_num(w, "firms", pw->firms, SYMBI__DEC_FACTOR);
	if (!ok) {
		cJSON_Delete(q);
		return NULL;
	}
	return q;
}

static cJSON *json_summary(const symbi_network *net, const symbi_allocation_summary *alloc)
{
	double value = 0.0, co2 = 0.0, moved[4] = {0, 0, 0, 0};
	size_t in_clusters = 0, exchanges = 0, no_co2e = 0;
	for (size_t e = 0; e < net->nedges; e++) {
		value += net->edges[e].value_nok;
		if (isnan(net->edges[e].co2e_t))
			no_co2e++;
		else
			co2 += net->edges[e].co2e_t;
		if ((unsigned)net->edges[e].dim < 4)
			moved[net->edges[e].dim] += net->edges[e].quantity;
	}
	for (size_t c = 0; c < net->nclusters; c++)
		in_clusters += net->clusters[c].nfirms;
	for (size_t i = 0; i < net->nloops; i++)
		exchanges += net->loops[i].nfirms == 2;
	cJSON *s = cJSON_CreateObject();
	bool ok = s && symbi__json_count(s, "firms", symbi_dataset_firm_count(net->ds)) &&
	          symbi__json_count(s, "candidates", symbi_matches_count(net->m)) &&
	          symbi__json_count(s, "network_firms", net->nv) &&
	          symbi__json_count(s, "partnerships", net->nedges) &&
	          symbi__json_count(s, "left_out_not_positive", net->dropped) &&
	          symbi__json_num(s, "value_nok", value, SYMBI__DEC_NOK) &&
	          symbi__json_num(s, "co2e_t", co2, SYMBI__DEC_CO2E) &&
	          symbi__json_count(s, "co2e_not_estimated", no_co2e) &&
	          symbi__json_quantities(s, "quantity", moved) &&
	          symbi__json_count(s, "clusters", net->nclusters) &&
	          symbi__json_count(s, "firms_in_clusters", in_clusters) &&
	          symbi__json_num(s, "modularity", net->modularity, SYMBI__DEC_SHARE) &&
	          symbi__json_count(s, "chains", net->nchains) &&
	          cJSON_AddBoolToObject(s, "chains_truncated", net->chains_truncated) &&
	          symbi__json_count(s, "loops", net->nloops) &&
	          symbi__json_count(s, "exchanges", exchanges) &&
	          cJSON_AddBoolToObject(s, "loops_truncated", net->loops_truncated) &&
	          symbi__json_count(s, "projects", net->nprojects) &&
	          symbi__json_str(s, "portfolio_rule", PORTFOLIO_RULE) &&
	          symbi__json_count(s, "whole_projects", net->nwholes) &&
	          symbi__json_str(s, "whole_project_rule", WHOLE_RULE);
	if (ok && alloc) {
		cJSON *a = cJSON_AddObjectToObject(s, "allocation");
		ok = a && symbi__json_num(a, "value_nok", alloc->total_value_nok, SYMBI__DEC_NOK) &&
		     symbi__json_num(a, "co2e_t", alloc->total_co2e_t, SYMBI__DEC_CO2E) &&
		     symbi__json_count(a, "co2e_not_estimated", alloc->partnerships_no_co2e) &&
		     symbi__json_count(a, "partnerships_used", alloc->partnerships_used) &&
		     symbi__json_count(a, "components", alloc->components) &&
		     symbi__json_count(a, "components_capped", alloc->components_capped) &&
		     cJSON_AddBoolToObject(a, "optimal", alloc->components_capped == 0);
	}
	if (!ok) {
		cJSON_Delete(s);
		return NULL;
	}
	return s;
}

/* One partnership as an edge: the match JSON's partnership object, plus what
 * entered the network ("network": the quantity moved and its value and CO2e,
 * scaled to the allocation when the edges are allocated ones) and the
 * cluster it lies in. */
static cJSON *json_edge(const symbi_network *net, size_t e, const symbi__scorer *sc,
                        const symbi_json_options *jo)
{
	const symbi_edge *ed = &net->edges[e];
	cJSON *o = symbi__partnership_json(net->m, ed->candidate, sc, jo && jo->explain,
	                                   net->m->remaining != NULL);
	cJSON *n = o ? cJSON_AddObjectToObject(o, "network") : NULL;
	bool ok =
	    n && symbi__json_num(n, "quantity", ed->quantity, SYMBI__DEC_QTY) &&
	    symbi__json_num(n, "value_nok", ed->value_nok, SYMBI__DEC_NOK) &&
	    symbi__json_num(n, "co2e_t", ed->co2e_t, SYMBI__DEC_CO2E) &&
	    symbi__json_str(o, "cluster", ed->cluster >= 0 ? net->clusters[ed->cluster].id : NULL);
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

static cJSON *json_cluster(const symbi_network *net, const symbi_cluster *cl)
{
	const symbi_dataset *ds = net->ds;
	const symbi_firm *af = symbi_dataset_firm(ds, cl->anchor);
	cJSON *o = cJSON_CreateObject(), *an, *dm, *mu, *re;
	bool ok = o && symbi__json_str(o, "id", cl->id) &&
	          add_firm_ids(net, o, "firms", cl->firms, cl->nfirms) &&
	          add_edge_ids(net, o, "partnerships", cl->edges, cl->nedges) &&
	          symbi__json_num(o, "value_nok", cl->value_nok, SYMBI__DEC_NOK) &&
	          symbi__json_num(o, "co2e_t", cl->co2e_t, SYMBI__DEC_CO2E) &&
	          symbi__json_count(o, "co2e_not_estimated", cl->co2e_not_estimated) &&
	          symbi__json_quantities(o, "quantity", cl->moved) &&
	          (an = cJSON_AddObjectToObject(o, "anchor")) != NULL &&
	          symbi__json_str(an, "firm_id", af->id) && symbi__json_str(an, "name", af->name) &&
	          symbi__json_num(an, "weighted_degree", cl->anchor_weight,
	                          net->opt.objective == SYMBI_OBJECTIVE_CO2 ? SYMBI__DEC_CO2E
	                                                                    : SYMBI__DEC_NOK) &&
	          symbi__json_count(o, "resources", cl->resources) &&
	          symbi__json_num(o, "circularity", cl->circularity, SYMBI__DEC_SHARE) &&
	          (dm = cJSON_AddObjectToObject(o, "demand_met")) != NULL;
	for (int d = SYMBI_DIM_MASS; ok && d <= SYMBI_DIM_ENERGY; d++) {
		if (!(cl->demand_declared[d] > 0.0))
			continue;
		cJSON *u = cJSON_AddObjectToObject(dm, symbi__unit_per_year((symbi_dim)d));
		ok = u && symbi__json_num(u, "declared", cl->demand_declared[d], SYMBI__DEC_QTY) &&
		     symbi__json_num(u, "met", cl->demand_met[d], SYMBI__DEC_QTY) &&
		     symbi__json_num(u, "share", cl->demand_met[d] / cl->demand_declared[d],
		                     SYMBI__DEC_SHARE);
	}
	ok = ok && symbi__json_count(o, "chains", cl->chains) &&
	     symbi__json_count(o, "loops", cl->loops) &&
	     (mu = cJSON_AddArrayToObject(o, "municipalities")) != NULL &&
	     (re = cJSON_AddArrayToObject(o, "regions")) != NULL;
	for (size_t i = 0; ok && i < cl->nmunicipalities; i++) {
		cJSON *x = cJSON_CreateString(cl->municipalities[i]);
		ok = x && cJSON_AddItemToArray(mu, x);
		if (!ok)
			cJSON_Delete(x);
	}
	for (size_t i = 0; ok && i < cl->nregions; i++) {
		cJSON *x = cJSON_CreateString(symbi_dataset_region(ds, cl->regions[i]));
		ok = x && cJSON_AddItemToArray(re, x);
		if (!ok)
			cJSON_Delete(x);
	}
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

static cJSON *json_path(const symbi_network *net, const symbi_path *p, bool loop)
{
	cJSON *o = cJSON_CreateObject();
	bool ok =
	    o &&
	    symbi__json_str(o, "kind",
	                    !loop            ? "chain"
	                    : p->nfirms == 2 ? "exchange"
	                                     : "loop") &&
	    symbi__json_count(o, "length", p->nfirms) &&
	    add_firm_ids(net, o, "firms", p->firms, p->nfirms) &&
	    add_edge_ids(net, o, "partnerships", p->edges, p->nedges) &&
	    symbi__json_num(o, "value_nok", p->value_nok, SYMBI__DEC_NOK) &&
	    symbi__json_num(o, "co2e_t", p->co2e_t, SYMBI__DEC_CO2E) &&
	    symbi__json_count(o, "co2e_not_estimated", p->co2e_not_estimated) &&
	    (loop || cJSON_AddBoolToObject(o, "cut", p->cut)) &&
	    symbi__json_str(o, "cluster", p->cluster >= 0 ? net->clusters[p->cluster].id : NULL);
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

static cJSON *json_project(const symbi_network *net, const symbi_project *pr)
{
	const symbi_cluster *cl = &net->clusters[pr->cluster];
	cJSON *o = cJSON_CreateObject(), *c;
	bool ok = o && symbi__json_count(o, "rank", pr->rank) &&
	          symbi__json_str(o, "cluster", cl->id) &&
	          symbi__json_num(o, "score", pr->score, SYMBI__DEC_SHARE) &&
	          (c = cJSON_AddObjectToObject(o, "criteria")) != NULL &&
	          symbi__json_num(c, "value_nok", cl->value_nok, SYMBI__DEC_NOK) &&
	          symbi__json_num(c, "co2e_t", cl->co2e_t, SYMBI__DEC_CO2E) &&
	          symbi__json_num(c, "circularity", cl->circularity, SYMBI__DEC_SHARE) &&
	          symbi__json_count(c, "resources", cl->resources) &&
	          symbi__json_count(c, "loops", cl->loops) &&
	          symbi__json_count(c, "chains", cl->chains) &&
	          symbi__json_count(c, "firms", cl->nfirms) &&
	          cJSON_AddBoolToObject(c, "chertow_3_2", pr->chertow_3_2);
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

static bool add_indices(cJSON *o, const char *key, const size_t *x, size_t n)
{
	cJSON *a = cJSON_AddArrayToObject(o, key);
	for (size_t i = 0; a && i < n; i++) {
		cJSON *v = cJSON_CreateNumber((double)x[i]);
		if (!v || !cJSON_AddItemToArray(a, v)) {
			cJSON_Delete(v);
			return false;
		}
	}
	return a != NULL;
}

/* One project kept whole (network_projects.c): "P1", "P2", ... in order. */
static cJSON *json_whole(const symbi_network *net, size_t i)
{
	const symbi_whole_project *wp = &net->wholes[i];
	char id[32];
	snprintf(id, sizeof id, "P%zu", i + 1);
	bool estimated = wp->co2e_not_estimated < wp->nedges || !wp->nedges;
	cJSON *o = cJSON_CreateObject(), *cl = NULL, *sd = NULL;
	bool ok = o && symbi__json_str(o, "id", id) &&
	          symbi__json_str(o, "kind", wp->loop >= 0 ? "loop" : "clusters") &&
	          (wp->rank ? symbi__json_count(o, "rank", wp->rank) != NULL
	                    : cJSON_AddNullToObject(o, "rank") != NULL) &&
	          symbi__json_num(o, "score", wp->score, SYMBI__DEC_SHARE) &&
	          (cl = cJSON_AddArrayToObject(o, "clusters")) != NULL;
	for (size_t k = 0; ok && k < wp->nclusters; k++) {
		cJSON *x = cJSON_CreateString(net->clusters[wp->clusters[k]].id);
		ok = x && cJSON_AddItemToArray(cl, x);
		if (!ok)
			cJSON_Delete(x);
	}
	ok = ok && add_firm_ids(net, o, "firms", wp->firms, wp->nfirms) &&
	     add_edge_ids(net, o, "partnerships", wp->edges, wp->nedges) &&
	     symbi__json_num(o, "value_nok", wp->value_nok, SYMBI__DEC_NOK) &&
	     symbi__json_num(o, "co2e_t", estimated ? wp->co2e_t : NAN, SYMBI__DEC_CO2E) &&
	     symbi__json_count(o, "co2e_not_estimated", wp->co2e_not_estimated) &&
	     add_indices(o, "loops", wp->loops, wp->nloops) &&
	     add_indices(o, "chains", wp->chains, wp->nchains) &&
	     (sd = cJSON_AddObjectToObject(o, "seed")) != NULL &&
	     cJSON_AddBoolToObject(sd, "several_firms", wp->nfirms >= 3) &&
	     cJSON_AddBoolToObject(sd, "circular", wp->nloops > 0) &&
	     cJSON_AddBoolToObject(sd, "local", wp->region >= 0 && wp->value_nok > 0) &&
	     symbi__json_str(sd, "region",
	                     wp->region >= 0 ? symbi_dataset_region(net->ds, wp->region) : NULL);
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

/* ---- The document ---- */

typedef struct jw {
	FILE *f;
	bool pretty;
	char *buf;
	size_t cap;
	int rc;
} jw;

static void jw_put(jw *w, const char *s, size_t n)
{
	if (!w->rc && fwrite(s, 1, n, w->f) != n)
		w->rc = symbi__error(SYMBI_EIO, "error writing the JSON output");
}

static void jw_puts(jw *w, const char *s)
{
	jw_put(w, s, strlen(s));
}

/* Write `s`, every line indented by `tabs` tabs (cJSON escapes newlines in
 * strings, so each raw newline in its output is layout). */
static void jw_indented(jw *w, const char *s, int tabs)
{
	static const char t[] = "\t\t\t\t";
	jw_put(w, t, (size_t)tabs);
	for (const char *p = s;;) {
		const char *nl = strchr(p, '\n');
		if (!nl) {
			jw_puts(w, p);
			return;
		}
		jw_put(w, p, (size_t)(nl - p + 1));
		jw_put(w, t, (size_t)tabs);
		p = nl + 1;
	}
}

/* Print one element (deleting it) into the reused buffer and write it. */
static void jw_element(jw *w, cJSON *item, size_t i)
{
	if (!item) {
		if (!w->rc)
			w->rc = symbi__error(SYMBI_ENOMEM, "out of memory");
		return;
	}
	while (!w->rc && !cJSON_PrintPreallocated(item, w->buf, (int)w->cap, w->pretty)) {
		char *nb = w->cap <= (size_t)INT32_MAX / 2 ? realloc(w->buf, w->cap * 2) : NULL;
		if (!nb)
			w->rc = symbi__error(SYMBI_ENOMEM, "out of memory");
		else {
			w->buf = nb;
			w->cap *= 2;
		}
	}
	cJSON_Delete(item);
	if (w->rc)
		return;
	if (i > 0)
		jw_puts(w, ",\n");
	if (w->pretty)
		jw_indented(w, w->buf, 2);
	else
		jw_puts(w, w->buf);
}

static void jw_open(jw *w, const char *key, size_t n)
{
	jw_puts(w, w->pretty ? ",\n\t\"" : ",\"");
	jw_puts(w, key);
	jw_puts(w, w->pretty ? "\":\t[" : "\":[");
	if (n)
		jw_puts(w, "\n");
}

static void jw_close(jw *w, size_t n)
{
	if (n)
		jw_puts(w, w->pretty ? "\n\t]" : "\n]");
	else
		jw_puts(w, "]");
}

int symbi_network_write_json(FILE *f, const symbi_network *net, const symbi_json_options *jo)
{
	const symbi_allocation_summary *alloc =
	    jo && jo->optimize && net->opt.edges == SYMBI_EDGES_ALLOCATED ? jo->allocation : NULL;
	jw w = {f, !(jo && jo->compact), NULL, 4096, 0};
	symbi__scorer sc;
	char *head = NULL;
	cJSON *top = cJSON_CreateObject();
	if (!top || !symbi__json_str(top, "version", SYMBI_VERSION) ||
	    !symbi__json_item(top, "query", json_query(net, jo)) ||
	    !symbi__json_item(top, "summary", json_summary(net, alloc)) ||
	    !(w.buf = malloc(w.cap))) {
		w.rc = symbi__error(SYMBI_ENOMEM, "out of memory");
		goto done;
	}
	symbi__scorer_init(&sc, net->ds->kb);
	symbi__scorer_set_radius(&sc, symbi_matches_options(net->m)->radius_km);
	head = w.pretty ? cJSON_Print(top) : cJSON_PrintUnformatted(top);
	if (!head) {
		w.rc = symbi__error(SYMBI_ENOMEM, "out of memory");
		goto done;
	}
	/* Drop the closing brace (and the newline before it) to go on. */
	size_t hn = strlen(head);
	if (hn < 2 || head[hn - 1] != '}') {
		w.rc = symbi__error(SYMBI_EINTERNAL, "cJSON printed an unexpected document");
		goto done;
	}
	hn--;
	if (w.pretty && head[hn - 1] == '\n')
		hn--;
	jw_put(&w, head, hn);

	jw_open(&w, "partnerships", net->nedges);
	for (size_t e = 0; e < net->nedges && !w.rc; e++)
		jw_element(&w, json_edge(net, e, &sc, jo), e);
	jw_close(&w, net->nedges);
	jw_open(&w, "clusters", net->nclusters);
	for (size_t c = 0; c < net->nclusters && !w.rc; c++)
		jw_element(&w, json_cluster(net, &net->clusters[c]), c);
	jw_close(&w, net->nclusters);
	jw_open(&w, "chains", net->nchains);
	for (size_t i = 0; i < net->nchains && !w.rc; i++)
		jw_element(&w, json_path(net, &net->chains[i], false), i);
	jw_close(&w, net->nchains);
	jw_open(&w, "loops", net->nloops);
	for (size_t i = 0; i < net->nloops && !w.rc; i++)
		jw_element(&w, json_path(net, &net->loops[i], true), i);
	jw_close(&w, net->nloops);
	jw_open(&w, "portfolio", net->nprojects);
	for (size_t i = 0; i < net->nprojects && !w.rc; i++)
		jw_element(&w, json_project(net, &net->projects[i]), i);
	jw_close(&w, net->nprojects);
	jw_open(&w, "whole_projects", net->nwholes);
	for (size_t i = 0; i < net->nwholes && !w.rc; i++)
		jw_element(&w, json_whole(net, i), i);
	jw_close(&w, net->nwholes);
	jw_puts(&w, w.pretty ? "\n}\n" : "}\n");
	if (!w.rc && (fflush(f) != 0 || ferror(f)))
		w.rc = symbi__error(SYMBI_EIO, "error writing the JSON output");
done:
	cJSON_free(head);
	cJSON_Delete(top);
	free(w.buf);
	return w.rc;
}
