/*
 * dataset.c: the in-memory model of a region — firms, streams, regions — and
 * the indexes over them. Loading from CSV is in load.c.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int symbi_dataset_new(symbi_dataset **out, const symbi_kb *kb)
{
	*out = NULL;
	symbi_dataset *ds = calloc(1, sizeof *ds);
	if (!ds)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	ds->kb = kb;
	ds->region_index.fold_case = true;
	*out = ds;
	return 0;
}

void symbi_dataset_free(symbi_dataset *ds)
{
	if (!ds)
		return;
	free(ds->firms);
	free(ds->streams);
	free(ds->stream_index);
	free(ds->regions);
	free(ds->firm_stream_count);
	symbi__map_clear(&ds->firm_index);
	symbi__map_clear(&ds->stream_index_map);
	symbi__map_clear(&ds->region_index);
	symbi__arena_clear(&ds->arena);
	free(ds);
}

static int32_t intern_region(symbi_dataset *ds, const char *name)
{
	int32_t r = symbi__map_get(&ds->region_index, name);
	if (r >= 0)
		return r;
	if (ds->nregions >= INT32_MAX ||
	    symbi__grow((void **)&ds->regions, &ds->capregions, ds->nregions + 1, sizeof *ds->regions))
		return SYMBI_ENOMEM;
	const char *copy = symbi__arena_strdup(&ds->arena, name);
	if (!copy)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	r = (int32_t)ds->nregions;
	if (symbi__map_put(&ds->region_index, copy, r))
		return SYMBI_ENOMEM;
	ds->regions[ds->nregions++] = copy;
	return r;
}

int symbi_dataset_add_firm(symbi_dataset *ds, const symbi_firm *f, const char *region,
                           uint32_t *out_index)
{
	if (!f->id || !*f->id)
		return symbi__error(SYMBI_EINPUT, "firm without an id");
	/* One probe finds a duplicate and the slot for the new firm; nothing
	 * below touches firm_index, so the slot stays valid until it is used. */
	int32_t first;
	symbi__map_pos at;
	if (symbi__map_probe(&ds->firm_index, f->id, &first, &at))
		return SYMBI_ENOMEM;
	if (first >= 0)
		return symbi__error(SYMBI_EINPUT, "duplicate firm_id '%s'", f->id);
	if (ds->nfirms >= INT32_MAX)
		return symbi__error(SYMBI_ELIMIT, "too many firms");
	if (symbi__grow((void **)&ds->firms, &ds->capfirms, ds->nfirms + 1, sizeof *ds->firms) ||
	    symbi__grow((void **)&ds->firm_stream_count, &ds->capcounts, ds->nfirms + 1,
	                sizeof *ds->firm_stream_count))
		return SYMBI_ENOMEM;
	ds->firm_stream_count[ds->nfirms] = 0;
	symbi_firm *n = &ds->firms[ds->nfirms];
	*n = *f;
	n->id = symbi__arena_strdup(&ds->arena, f->id);
	n->name = symbi__arena_strdup(&ds->arena, f->name ? f->name : f->id);
	n->nace = symbi__arena_strdup(&ds->arena, f->nace);
	n->nace_extra = symbi__arena_strdup(&ds->arena, f->nace_extra);
	n->municipality = symbi__arena_strdup(&ds->arena, f->municipality);
	n->org_nr = symbi__arena_strdup(&ds->arena, f->org_nr);
	n->first_stream = 0;
	n->n_streams = 0;
	n->region = -1;
	if (!n->id || !n->name || (f->nace && !n->nace) || (f->nace_extra && !n->nace_extra) ||
	    (f->municipality && !n->municipality) || (f->org_nr && !n->org_nr))
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	if (region && *region) {
		int32_t r = intern_region(ds, region);
		if (r < 0)
			return r;
		n->region = r;
	}
	symbi__map_put_at(&ds->firm_index, &at, n->id, (int32_t)ds->nfirms);
	if (out_index)
		*out_index = (uint32_t)ds->nfirms;
	ds->nfirms++;
	ds->finished = false;
	return 0;
}

int symbi_dataset_add_stream(symbi_dataset *ds, const symbi_stream *s, uint32_t *out_index)
{
	if (s->firm >= ds->nfirms)
		return symbi__error(SYMBI_EINPUT, "stream of an unknown firm");
	if (ds->nstreams >= INT32_MAX)
		return symbi__error(SYMBI_ELIMIT, "too many streams");
	if (symbi__grow((void **)&ds->streams, &ds->capstreams, ds->nstreams + 1, sizeof *ds->streams))
		return SYMBI_ENOMEM;
	symbi_stream *n = &ds->streams[ds->nstreams];
	*n = *s;
	const char *id = s->id;
	char *made = NULL;
	if (!id || !*id) {
		/* Default id "<firm_id>/<n>", n counting this firm's streams from 1. */
		uint32_t k = ds->firm_stream_count[s->firm] + 1;
		made = symbi__arena_printf(&ds->arena, "%s/%u", ds->firms[s->firm].id, k);
		if (!made)
			return symbi__error(SYMBI_ENOMEM, "out of memory");
		id = made;
	}
	int32_t first;
	symbi__map_pos at;
	if (symbi__map_probe(&ds->stream_index_map, id, &first, &at))
		return SYMBI_ENOMEM;
	if (first >= 0)
		return symbi__error(SYMBI_EINPUT, "duplicate stream_id '%s'", id);
	n->id = made ? made : symbi__arena_strdup(&ds->arena, id);
	n->note = symbi__arena_strdup(&ds->arena, s->note);
	/* Streams of one file come together: share the previous one's copy. */
	if (s->file && ds->nstreams && ds->streams[ds->nstreams - 1].file &&
	    strcmp(ds->streams[ds->nstreams - 1].file, s->file) == 0)
		n->file = ds->streams[ds->nstreams - 1].file;
	else
		n->file = symbi__arena_strdup(&ds->arena, s->file);
	if (!n->id || (s->note && !n->note) || (s->file && !n->file))
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	symbi__map_put_at(&ds->stream_index_map, &at, n->id, (int32_t)ds->nstreams);
	ds->firm_stream_count[s->firm]++;
	if (out_index)
		*out_index = (uint32_t)ds->nstreams;
	ds->nstreams++;
	ds->finished = false;
	return 0;
}

int symbi_dataset_finish(symbi_dataset *ds, symbi_diags *diags)
{
	if (ds->finished)
		return 0;
	uint32_t *idx = malloc((ds->nstreams ? ds->nstreams : 1) * sizeof *idx);
	if (!idx)
		return symbi__error(SYMBI_ENOMEM, "out of memory");
	for (size_t f = 0; f < ds->nfirms; f++)
		ds->firms[f].n_streams = 0;
	for (size_t s = 0; s < ds->nstreams; s++)
		ds->firms[ds->streams[s].firm].n_streams++;
	uint32_t off = 0;
	for (size_t f = 0; f < ds->nfirms; f++) {
		ds->firms[f].first_stream = off;
		off += ds->firms[f].n_streams;
		ds->firms[f].n_streams = 0;
	}
	/* Counting sort keeps each firm's streams in file order. */
	for (size_t s = 0; s < ds->nstreams; s++) {
		symbi_firm *f = &ds->firms[ds->streams[s].firm];
		idx[f->first_stream + f->n_streams++] = (uint32_t)s;
	}
	free(ds->stream_index);
	ds->stream_index = idx;
	for (size_t f = 0; f < ds->nfirms; f++)
		if (ds->firms[f].n_streams == 0)
			symbi__diag(diags, SYMBI_SEV_WARNING, NULL, ds->firms[f].line, NULL,
			            "firm '%s' has no streams", ds->firms[f].id);
	ds->finished = true;
	return 0;
}

const symbi_kb *symbi_dataset_kb(const symbi_dataset *ds) { return ds->kb; }
size_t symbi_dataset_firm_count(const symbi_dataset *ds) { return ds->nfirms; }
size_t symbi_dataset_stream_count(const symbi_dataset *ds) { return ds->nstreams; }
const symbi_firm *symbi_dataset_firm(const symbi_dataset *ds, uint32_t i) { return &ds->firms[i]; }
const symbi_stream *symbi_dataset_stream(const symbi_dataset *ds, uint32_t i)
{
	return &ds->streams[i];
}
uint32_t symbi_dataset_firm_stream(const symbi_dataset *ds, uint32_t firm, uint32_t i)
{
	return ds->stream_index[ds->firms[firm].first_stream + i];
}
int32_t symbi_dataset_find_firm(const symbi_dataset *ds, const char *id)
{
	return symbi__map_get(&ds->firm_index, id);
}
int32_t symbi_dataset_find_stream(const symbi_dataset *ds, const char *id)
{
	return symbi__map_get(&ds->stream_index_map, id);
}
size_t symbi_dataset_region_count(const symbi_dataset *ds) { return ds->nregions; }
const char *symbi_dataset_region(const symbi_dataset *ds, int32_t i)
{
	return i >= 0 && (size_t)i < ds->nregions ? ds->regions[i] : NULL;
}
int32_t symbi_dataset_find_region(const symbi_dataset *ds, const char *name)
{
	return symbi__map_get(&ds->region_index, name);
}

double symbi_distance_km(double lat1, double lon1, double lat2, double lon2)
{
	/* Haversine; stable for small distances, exact enough (0.5 %) for
	 * transport radii given the detour factor applied on top. */
	const double r = SYMBI__EARTH_KM, rad = M_PI / 180.0;
	double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
	double a = sin(dlat / 2) * sin(dlat / 2) +
	           cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);
	if (a > 1.0)
		a = 1.0;
	return 2.0 * r * asin(sqrt(a));
}
