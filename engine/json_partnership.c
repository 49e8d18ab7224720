/*
 * json_partnership.c: the elements of the match JSON (docs/contract.md
 * section 6): one partnership with its "explain", the near misses of a
 * stream, one element of "remaining" and the "unmatched" member; built from
 * the nodes of the builder `jb` below. json_out.c streams them; export.c and
 * network_json.c take a partnership as an ordinary cJSON tree
 * (symbi__partnership_json).
 *
 * Speed: in arena mode building a partnership allocates nothing (keys are
 * string literals, values borrowed), numbers are handed to cJSON as the text
 * it would print (symbi__number_text), and the pieces of explain that repeat
 * across partnerships (a factor with its source, the radius, the rule) are
 * printed once per builder and reused as raw text.
 *
 * Numbers pass through symbi__round first, at the decimals conventions.h
 * gives each kind of figure.
 */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "conventions.h"
#include "evidence.h"
#include "json_internal.h"
#include "legal.h"
#include "nearmiss.h"

/* ==== Small builders for the header (each returns false when out of memory) ================= */

static const char *code_name(const symbi_kb *kb, int32_t code)
{
	return code >= 0 && (size_t)code < kb->ncodes ? kb->codes[code].code : NULL;
}

/* ==== Node builder =============================================================================
 *
 * The element builders make their cJSON nodes through a `jb`, in one of two
 * modes:
 *  - owned (symbi__partnership_json): nodes come from cJSON's allocator and
 *    string values are copied, so the caller gets an ordinary tree to extend
 *    and cJSON_Delete.
 *  - arena (the streamed writer): nodes come from blocks the builder keeps
 *    and reuses, and string values are borrowed (cJSON_IsReference) from the
 *    dataset, the knowledge base, string literals or the builder's own
 *    buffers below. Such a tree is valid until the next jb_reset or until
 *    the borrowed buffers change (the next element), and must never reach
 *    cJSON_Delete: cJSON did not allocate it.
 * Keys are string literals in both modes (cJSON_AddItemToObjectCS), never
 * copied.
 */

#define JB_BLOCK 128 /* nodes per block: a partnership with its explain takes about 80 */

typedef struct jb_block {
	struct jb_block *next;
	cJSON node[JB_BLOCK];
	char text[JB_BLOCK][SYMBI__NUM_TEXT]; /* text[i]: node i's number (symbi__number_text) */
} jb_block;

/* A piece of explain printed once and reused as raw text: a factor, the
 * radius or the rule, identified by the knowledge-base strings and the
 * number it is made of (all live as long as the knowledge base). */
typedef struct piece {
	int tag; /* PIECE_*, 0 for an empty slot */
	const void *k[4];
	uint64_t bits;
	char *text;
} piece;

enum { PIECE_FACTOR = 1, PIECE_RADIUS, PIECE_RULE };
#define PIECES 1024 /* slots, a power of two; when they run short, pieces are built */
#define PIECE_PROBES 8

typedef struct symbi__jb {
	bool arena;
	bool pretty;          /* the layout pieces are printed in */
	piece *pieces;        /* arena: PIECES slots, allocated when first needed */
	jb_block *head, *cur; /* arena: the blocks, and the one nodes come from now */
	size_t used;          /* nodes taken from `cur` (JB_BLOCK: take the next block) */
	symbi__explain ex;    /* the explain record of the partnership being built */
	char months[2][48];   /* supply and demand months, as text */
	/* Near misses of the stream being built: a sentence and both month
	 * sets each, kept until the element is printed (arena strings are
	 * borrowed). */
	char nm_text[SYMBI__NEAR_MISSES_MAX][3][200];
	char error[512]; /* a scoring error shown in "explain" */
	char *id;        /* the partnership id: idbuf, or a larger heap buffer */
	size_t idcap;
	char idbuf[128];
} jb;

static void jb_init(jb *b, bool arena)
{
	b->arena = arena;
	b->pretty = false;
	b->pieces = NULL;
	b->head = b->cur = NULL;
	b->used = JB_BLOCK;
	b->id = b->idbuf;
	b->idcap = sizeof b->idbuf;
}

/* Forget every node taken so far (arena mode); the blocks stay for reuse. */
static void jb_reset(jb *b)
{
	b->cur = NULL;
	b->used = JB_BLOCK;
}

static void jb_free(jb *b)
{
	for (jb_block *k = b->head, *next; k; k = next) {
		next = k->next;
		free(k);
	}
	if (b->id != b->idbuf)
		free(b->id);
	for (size_t i = 0; b->pieces && i < PIECES; i++)
		free(b->pieces[i].text);
	free(b->pieces);
	jb_init(b, b->arena);
}

/* A zeroed arena node of `type`; NULL when out of memory. */
static cJSON *jb_node(jb *b, int type)
{
	if (b->used == JB_BLOCK) {
		jb_block *k = b->cur ? b->cur->next : b->head;
		if (!k) {
			k = malloc(sizeof *k);
			if (!k)
				return NULL;
			k->next = NULL;
			if (b->cur)
				b->cur->next = k;
			else
				b->head = k;
		}
		b->cur = k;
		b->used = 0;
	}
	cJSON *n = &b->cur->node[b->used++];
	memset(n, 0, sizeof *n);
	n->type = type;
	return n;
}

static cJSON *jb_obj(jb *b)
{
	return b->arena ? jb_node(b, cJSON_Object) : cJSON_CreateObject();
}

static cJSON *jb_arr(jb *b)
{
	return b->arena ? jb_node(b, cJSON_Array) : cJSON_CreateArray();
}

static cJSON *jb_null(jb *b)
{
	return b->arena ? jb_node(b, cJSON_NULL) : cJSON_CreateNull();
}

static cJSON *jb_true(jb *b)
{
	return b->arena ? jb_node(b, cJSON_True) : cJSON_CreateTrue();
}

static cJSON *jb_num(jb *b, double v)
{
	if (!b->arena)
		return cJSON_CreateNumber(v);
	cJSON *n = jb_node(b, cJSON_Number);
	if (!n)
		return NULL;
	/* The text cJSON would print, printed once here: a raw node. */
	char *t = b->cur->text[b->used - 1];
	if (symbi__number_text(v, t)) {
		n->type = cJSON_Raw | cJSON_IsReference;
		n->valuestring = t;
	} else {
		cJSON_SetNumberHelper(n, v); /* valuedouble, and valueint as cJSON sets it */
	}
	return n;
}

/* A string, or null for NULL. Arena mode borrows `s`: see the contract above. */
static cJSON *jb_str(jb *b, const char *s)
{
	if (!s)
		return jb_null(b);
	if (!b->arena)
		return cJSON_CreateString(s);
	cJSON *n = jb_node(b, cJSON_String | cJSON_IsReference);
	if (n)
		n->valuestring = (char *)s; /* never written through: a reference */
	return n;
}

/* Add `item` to `o` under the literal key `k`, or append it to the array `o`
 * when `k` is NULL. False when `item` is NULL (its builder ran out of
 * memory) or cannot be added; an owned item that cannot be added is deleted. */
static bool jb_add(jb *b, cJSON *o, const char *k, cJSON *item)
{
	if (!item)
		return false;
	if (k ? cJSON_AddItemToObjectCS(o, k, item) : cJSON_AddItemToArray(o, item))
		return true;
	if (!b->arena)
		cJSON_Delete(item);
	return false;
}

static bool jb_add_str(jb *b, cJSON *o, const char *k, const char *v)
{
	return jb_add(b, o, k, jb_str(b, v));
}

/* `v` rounded to `dec` decimals (symbi__round). */
static bool jb_add_num(jb *b, cJSON *o, const char *k, double v, int dec)
{
	return jb_add(b, o, k, jb_num(b, symbi__round(v, dec)));
}

static bool jb_add_num_or_null(jb *b, cJSON *o, const char *k, double v, int dec)
{
	return isnan(v) ? jb_add(b, o, k, jb_null(b)) : jb_add_num(b, o, k, v, dec);
}

/* A count (a whole number, printed as is), as symbi__json_count. */
static bool jb_add_count(jb *b, cJSON *o, const char *k, size_t n)
{
	return jb_add(b, o, k, jb_num(b, (double)n));
}

/* A new object (or array) added to `o` under `k`; NULL when out of memory. */
static cJSON *jb_add_obj(jb *b, cJSON *o, const char *k)
{
	cJSON *x = jb_obj(b);
	return jb_add(b, o, k, x) ? x : NULL;
}

static cJSON *jb_add_arr(jb *b, cJSON *o, const char *k)
{
	cJSON *x = jb_arr(b);
	return jb_add(b, o, k, x) ? x : NULL;
}

/* ==== Pre-printed pieces ======================================================================
 *
 * Most of explain repeats from one partnership to the next: the factors of
 * the knowledge base with their sources, the radius of a class, a rule. In
 * arena mode each such piece is printed by cJSON the first time and its
 * text reused through a raw node after that, so its strings are not
 * scanned and copied character by character again. The text is what cJSON
 * prints for the piece where it stands: printed inside as many arrays as it
 * has containers around it in the document, which cJSON indents the same
 * way (each array or object one level deeper), with the brackets then cut
 * off. */

static uint64_t piece_hash(int tag, const void *const k[4], uint64_t bits)
{
	uint64_t h = (uint64_t)tag * 0x9e3779b97f4a7c15ull ^ bits;
	for (int i = 0; i < 4; i++) {
		h ^= (uint64_t)(uintptr_t)k[i];
		h *= 0xff51afd7ed558ccdull;
		h ^= h >> 29;
	}
	return h;
}

/* The slot of the piece (tag, k, bits): its own, or an empty one to fill
 * (tag 0); NULL when the pieces cannot be had (out of memory, or no room
 * near its place). */
static piece *piece_slot(jb *b, int tag, const void *const k[4], uint64_t bits)
{
	if (!b->arena)
		return NULL;
	if (!b->pieces && !(b->pieces = calloc(PIECES, sizeof *b->pieces)))
		return NULL;
	size_t h = (size_t)piece_hash(tag, k, bits);
	for (size_t probe = 0; probe < PIECE_PROBES; probe++) {
		piece *p = &b->pieces[(h + probe) & (PIECES - 1)];
		if (!p->tag)
			return p;
		if (p->tag == tag && p->bits == bits && !memcmp(p->k, k, sizeof p->k))
			return p;
	}
	return NULL;
}

/* Add the piece in slot p (already printed) to `o` under `key` as a raw
 * node; false when out of memory. */
static bool piece_add(jb *b, cJSON *o, const char *key, const piece *p)
{
	cJSON *n = jb_node(b, cJSON_Raw | cJSON_IsReference);
	if (n)
		n->valuestring = p->text;
	return jb_add(b, o, key, n);
}

/* Print `item`, which sits inside `depth` containers, into the empty slot p
 * as the piece (tag, k, bits). False only when out of memory; when the
 * text cannot be made, the slot stays empty (the caller adds `item`). */
static bool piece_fill(jb *b, piece *p, int tag, const void *const k[4], uint64_t bits, cJSON *item,
                       int depth)
{
	cJSON *root = item;
	for (int i = 0; i < depth; i++) {
		cJSON *a = jb_arr(b);
		if (!jb_add(b, a, NULL, root))
			return false;
		root = a;
	}
	char *s = cJSON_PrintBuffered(root, 1024, b->pretty);
	if (!s)
		return false;
	size_t n = strlen(s), d = (size_t)depth;
	if (n < 2 * d + 2) {
		free(s);
		return true;
	}
	memmove(s, s + d, n - 2 * d);
	s[n - 2 * d] = '\0';
	p->tag = tag;
	memcpy(p->k, k, sizeof p->k);
	p->bits = bits;
	p->text = s;
	/* `item` now hangs in the wrapper: detach it for the caller. */
	item->prev = item->next = NULL;
	return true;
}

/* Add `item`, filled, to `o` under `key`: printed into the empty slot pc
 * first and added as that text, or as it is when it could not be printed.
 * False when out of memory. */
static bool piece_attach(jb *b, cJSON *o, const char *key, piece *pc, int tag,
                         const void *const k[4], uint64_t bits, cJSON *item, int depth)
{
	if (!piece_fill(b, pc, tag, k, bits, item, depth))
		return false;
	return pc->tag ? piece_add(b, o, key, pc) : jb_add(b, o, key, item);
}

static uint64_t double_bits(double v)
{
	uint64_t u;
	memcpy(&u, &v, sizeof u);
	return u;
}

/* Partnership i's id (symbi_candidate_id) in the builder's buffer; NULL when
 * out of memory. */
static const char *jb_id(jb *b, const symbi_matches *m, size_t i)
{
	const symbi_dataset *ds = m->ds;
	const symbi_candidate *c = &m->cands[i];
	const char *rid =
	    c->demand == SYMBI_NONE ? ds->firms[c->receiver].id : ds->streams[c->demand].id;
	const char *sid =
	    c->supply == SYMBI_NONE ? ds->firms[c->supplier].id : ds->streams[c->supply].id;
	size_t need = strlen(sid) + strlen(rid) + 5;
	if (need > b->idcap) {
		char *nb = malloc(need);
		if (!nb)
			return NULL;
		if (b->id != b->idbuf)
			free(b->id);
		b->id = nb;
		b->idcap = need;
	}
	return symbi_candidate_id(m, i, b->id, b->idcap) == 0 ? b->id : NULL;
}

/* ==== One partnership ======================================================================== */

static bool add_party(jb *b, cJSON *p, const char *k, const symbi_dataset *ds, uint32_t firm,
                      uint32_t stream)
{
	const symbi_firm *f = &ds->firms[firm];
	cJSON *o = jb_add_obj(b, p, k);
	return o && jb_add_str(b, o, "firm_id", f->id) && jb_add_str(b, o, "name", f->name) &&
	       jb_add_str(b, o, "stream_id", stream == SYMBI_NONE ? NULL : ds->streams[stream].id);
}

/* The facts of stream `s` under `k`; its months are written into `months`,
 * which must outlive the tree in arena mode. */
static bool add_stream_facts(jb *b, cJSON *ex, const char *k, const symbi_stream *s,
                             char months[48])
{
	cJSON *o = jb_add_obj(b, ex, k);
	if (!o)
		return false;
	symbi_months_format(s->months, months, 48);
	bool ok = jb_add_num(b, o, "quantity", s->quantity, SYMBI__DEC_QTY) &&
	          jb_add_str(b, o, "unit", symbi__unit_per_year(s->dim)) &&
	          jb_add_str(b, o, "months", months);
	if (ok && !isnan(s->temp_c))
		ok = jb_add_num(b, o, "temp_c", s->temp_c, SYMBI__DEC_TEMP);
	if (ok && !isnan(s->max_km))
		ok = jb_add_num(b, o, "max_km", s->max_km, SYMBI__DEC_KM);
	if (ok && s->note)
		ok = jb_add_str(b, o, "note", s->note);
	return ok;
}

/* Which limit set the radius: the smallest of the four, named in this order
 * when two are equal. (Inside the partnership's explain: 4 containers deep
 * in the document.) */
static bool add_radius(jb *b, cJSON *ex, const symbi_matches *m, const symbi__scorer *sc,
                       const symbi_candidate *c)
{
	const symbi_dataset *ds = m->ds;
	const symbi_stream *S = c->supply != SYMBI_NONE ? &ds->streams[c->supply] : NULL;
	const symbi_stream *D = c->demand != SYMBI_NONE ? &ds->streams[c->demand] : NULL;
	const char *from = NULL, *source = NULL, *why = NULL;
	double code_r = symbi__code_radius(sc, S ? S->code : D->code, &from, &source);
	bool named = true, code = false;
	if (S && !isnan(S->max_km) && S->max_km == c->radius_km)
		why = "supply max_km";
	else if (D && !isnan(D->max_km) && D->max_km == c->radius_km)
		why = "demand max_km";
	else if (!isnan(m->opt.max_km) && m->opt.max_km == c->radius_km)
		why = "--max-km";
	else if (!isnan(code_r) && code_r == c->radius_km)
		why = from, code = true;
	else
		named = false;
	/* The piece's identity: what it names, and (k[2]) whether it names
	 * anything, as a code may give a radius without a name. */
	const void *k[4] = {why, code ? source : NULL, named ? "" : NULL, NULL};
	uint64_t bits = double_bits(symbi__round(c->radius_km, SYMBI__DEC_KM));
	piece *pc = piece_slot(b, PIECE_RADIUS, k, bits);
	if (pc && pc->tag)
		return piece_add(b, ex, "radius", pc);
	cJSON *o = pc ? jb_obj(b) : jb_add_obj(b, ex, "radius");
	bool ok = o && jb_add_num(b, o, "km", c->radius_km, SYMBI__DEC_KM) &&
	          (!named || jb_add_str(b, o, "from", why)) &&
	          (!code || !source || jb_add_str(b, o, "source", source));
	return ok && (!pc || piece_attach(b, ex, "radius", pc, PIECE_RADIUS, k, bits, o, 4));
}

/* The substitution rule behind a rule match (4 containers deep). */
static bool add_rule(jb *b, cJSON *ex, const symbi_kb *kb, const symbi_rule *r)
{
	const void *k[4] = {r, NULL, NULL, NULL};
	piece *pc = piece_slot(b, PIECE_RULE, k, 0);
	if (pc && pc->tag)
		return piece_add(b, ex, "rule", pc);
	cJSON *ro = pc ? jb_obj(b) : jb_add_obj(b, ex, "rule");
	bool ok = ro && jb_add_str(b, ro, "from", code_name(kb, r->from)) &&
	          jb_add_str(b, ro, "to", code_name(kb, r->to)) &&
	          jb_add_str(b, ro, "nace", r->nace) &&
	          jb_add_num(b, ro, "yield", r->yield, SYMBI__DEC_FACTOR) &&
	          jb_add_str(b, ro, "source", r->source);
	/* What the exchange needs (permit, certificate, category, grade), with
	 * its source: it travels with the proposal (README "What symbi will
	 * never propose"). */
	if (ok && r->conditions)
		ok = jb_add_str(b, ro, "conditions", r->conditions);
	if (ok && r->from_dim != SYMBI_DIM_NONE)
		ok = jb_add_str(b, ro, "from_unit", symbi_dim_unit(r->from_dim)) &&
		     jb_add_str(b, ro, "to_unit",
		                symbi_dim_unit(r->to_dim ? r->to_dim : r->from_dim));
	if (ok && r->support)
		ok = jb_add_count(b, ro, "support", r->support);
	/* The file's base name: a full path would make the output depend on
	 * where the knowledge base is installed. */
	const char *slash = r->file ? strrchr(r->file, '/') : NULL;
	if (ok && r->file)
		ok = jb_add_str(b, ro, "file", slash ? slash + 1 : r->file) &&
		     jb_add_count(b, ro, "line", r->line);
	return ok && (!pc || piece_attach(b, ex, "rule", pc, PIECE_RULE, k, 0, ro, 4));
}

/* One factor of explain's "factors" (5 containers deep). A factor read from
 * streams.csv names its line in the explain record's own buffer: it is
 * built each time. */
static bool add_factor(jb *b, cJSON *figs, const symbi__explain *ex, const symbi__figure *f)
{
	const char *lo = (const char *)ex->srcbuf, *hi = lo + sizeof ex->srcbuf;
	bool stable = !(f->source >= lo && f->source < hi);
	const void *k[4] = {f->key, f->code, f->unit, f->source};
	uint64_t bits = double_bits(f->value);
	piece *pc = stable ? piece_slot(b, PIECE_FACTOR, k, bits) : NULL;
	if (pc && pc->tag)
		return piece_add(b, figs, NULL, pc);
	cJSON *fo = pc ? jb_obj(b) : jb_add_obj(b, figs, NULL);
	bool ok = fo && jb_add_str(b, fo, "key", f->key) &&
	          (!f->code || jb_add_str(b, fo, "code", f->code)) &&
	          jb_add_num(b, fo, "value", f->value, SYMBI__DEC_FACTOR) &&
	          jb_add_str(b, fo, "unit", f->unit) && jb_add_str(b, fo, "source", f->source);
	return ok && (!pc || piece_attach(b, figs, NULL, pc, PIECE_FACTOR, k, bits, fo, 5));
}

/* A CO2e figure of `c`, or NAN (printed null) when it is not estimated. */
static double co2e_or_null(const symbi_candidate *c, double v)
{
	return (c->flags & SYMBI_CANDIDATE_NO_CO2E) ? NAN : v;
}

/* Sector potential: the evidence behind the candidate (evidence.c): the
 * likelihood that firms of the partner's sector take (give) the resource,
 * what supports it, and the distance decay (4 containers deep). */
static bool add_evidence(jb *b, cJSON *ex, const symbi_matches *m, const symbi_candidate *c)
{
	const symbi_dataset *ds = m->ds;
	const symbi_kb *kb = ds->kb;
	cJSON *o = jb_add_obj(b, ex, "evidence");
	if (!o)
		return false;
	bool demand_side = c->supply == SYMBI_NONE;
	int32_t code = demand_side ? ds->streams[c->demand].code : ds->streams[c->supply].code;
	const symbi_firm *partner = &ds->firms[demand_side ? c->supplier : c->receiver];
	bool ok =
	    jb_add_str(b, o, "rank", m->opt.rank == SYMBI_RANK_VALUE ? "value" : "evidence") &&
	    jb_add_str(b, o, "sector_side", demand_side ? "gives" : "takes");
	if (!kb->evidence)
		return ok &&
		       jb_add_str(b, o, "note", "no documented exchanges in the knowledge base");
	symbi__evidence_est e;
	symbi__evidence_firm(kb->evidence, kb, demand_side ? SYMBI__EV_GIVE : SYMBI__EV_TAKE, code,
	                     partner, &e);
	const char *hsrc;
	double h = symbi__evidence_half_km(kb->evidence, kb->codes[code].cls, &hsrc);
	double decay = symbi__evidence_decay(kb->evidence, kb->codes[code].cls, c->distance_km);
	/* The figure was shared among the firms of the same NACE codes in the
	 * declared end's reach (match_scan.c); their number is what divides
	 * likelihood x decay into the candidate's evidence. */
	double raw = e.likelihood * decay;
	double peers = c->evidence > 0 && raw > 0 ? round(raw / c->evidence) : 1.0;
	ok = ok && jb_add_num(b, o, "likelihood", e.likelihood, SYMBI__DEC_FACTOR) &&
	     jb_add_num(b, o, "decay", decay, SYMBI__DEC_SHARE) &&
	     jb_add_num_or_null(b, o, "half_km", h, SYMBI__DEC_KM) &&
	     jb_add_str(b, o, "decay_source", hsrc) &&
	     jb_add_count(b, o, "peers", (size_t)peers) &&
	     jb_add_num(b, o, "value", c->evidence, SYMBI__DEC_FACTOR);
	cJSON *s = ok ? jb_add_obj(b, o, "support") : NULL;
	ok = s != NULL;
	if (ok && e.support_code < 0)
		return jb_add_count(b, s, "exchanges", 0) && jb_add_count(b, s, "cases", 0) &&
		       jb_add_str(b, s, "note",
		                  "no documented exchange of this resource's chapter with a firm "
		                  "of this division: the estimate is the prior alone");
	return ok && jb_add_str(b, s, "code", code_name(kb, e.support_code)) &&
	       jb_add_str(b, s, "nace", e.support_nace) &&
	       jb_add_count(b, s, "exchanges", e.exchanges) &&
	       jb_add_count(b, s, "cases", e.cases) &&
	       jb_add_num(b, s, "weight", e.support_k, SYMBI__DEC_WEIGHT) &&
	       jb_add_num(b, s, "of", e.total, SYMBI__DEC_WEIGHT) &&
	       jb_add_str(b, s, "cites", e.cites);
}

/* "explain": the candidate priced again with the explain record (the same
 * figures, now named), kept in the builder until the tree is printed. */
static bool add_explain(jb *b, cJSON *p, const symbi_matches *m, const symbi__scorer *sc,
                        const symbi_candidate *c)
{
	const symbi_dataset *ds = m->ds;
	const symbi_kb *kb = ds->kb;
	const symbi_stream *S = c->supply != SYMBI_NONE ? &ds->streams[c->supply] : NULL;
	const symbi_stream *D = c->demand != SYMBI_NONE ? &ds->streams[c->demand] : NULL;
	symbi__explain *ex = &b->ex;
	cJSON *o = jb_add_obj(b, p, "explain");
	if (!o)
		return false;
	symbi_candidate again = *c;
	if (symbi__score(sc, ds, &again, m->opt.objective, ex) != 0) {
		snprintf(b->error, sizeof b->error, "%s", symbi_last_error());
		return jb_add_str(b, o, "error", b->error);
	}
	const char *match;
	if (c->basis == SYMBI_BASIS_SECTOR && c->supply == SYMBI_NONE &&
	    symbi__evidence_firm_supported(kb->evidence, kb, SYMBI__EV_GIVE, D->code,
	                                   &ds->firms[c->supplier]))
		match =
		    "documented exchanges: the supplier's industry is known to have this resource";
	else if (c->basis == SYMBI_BASIS_SECTOR && c->supply == SYMBI_NONE)
		match = "documented exchanges: the supplier's industry gives other resources of this "
		        "class, none of this one's chapter (ranked by the estimate's prior)";
	else if (c->basis == SYMBI_BASIS_SECTOR && c->rule >= 0)
		match = "sector rule: the receiver's industry is known to use this resource";
	else if (c->basis == SYMBI_BASIS_SECTOR &&
	         symbi__evidence_firm_supported(kb->evidence, kb, SYMBI__EV_TAKE, S->code,
	                                        &ds->firms[c->receiver]))
		match =
		    "documented exchanges: the receiver's industry is known to take this resource "
		    "or one of its relatives";
	else if (c->basis == SYMBI_BASIS_SECTOR)
		match = "documented exchanges: the receiver's industry takes other resources of this "
		        "class, none of this one's chapter (ranked by the estimate's prior)";
	else if (c->rule >= 0)
		match = "substitution rule";
	else if (S->code == D->code)
		match = "same resource code";
	else
		match = "the demand's code contains the supply's";
	bool ok = jb_add_str(b, o, "match", match);
	if (ok && c->rule >= 0)
		ok = add_rule(b, o, kb, &kb->rules[c->rule]);
	if (ok && c->basis == SYMBI_BASIS_SECTOR)
		ok = add_evidence(b, o, m, c);
	/* The law's conditions when no rule states them (a hazardous entry as
	 * sector potential or to a demand for the very entry): legal.c. */
	const char *legal = symbi__legal_conditions(kb, ds, c, false);
	if (ok && legal)
		ok = jb_add_str(b, o, "legal_conditions", legal);
	if (ok && S)
		ok = add_stream_facts(b, o, "supply", S, b->months[0]);
	if (ok && D)
		ok = add_stream_facts(b, o, "demand", D, b->months[1]);
	ok = ok && add_radius(b, o, m, sc, c) &&
	     jb_add_str(b, o, "transport", c->mode == SYMBI_MODE_PIPE ? "pipe" : "road") &&
	     jb_add_num(b, o, "route_km", c->route_km, SYMBI__DEC_KM) &&
	     jb_add_num(b, o, "offered", ex->supply_offered, SYMBI__DEC_QTY) &&
	     jb_add_num(b, o, "supply_used", c->supply_used, SYMBI__DEC_QTY) &&
	     jb_add_str(b, o, "supply_unit", symbi__unit_per_year(S ? S->dim : D->dim));
	if (ok && ex->fluid_options) {
		/* A liquefied fluid weighed both ways: the yearly cost of each,
		 * the pipe null when beyond its reach; "transport" names the
		 * cheaper one taken. */
		cJSON *t = jb_add_obj(b, o, "transport_options");
		ok = t && jb_add_num_or_null(b, t, "pipe_nok", ex->fluid_pipe_nok, SYMBI__DEC_NOK) &&
		     jb_add_num(b, t, "road_nok", ex->fluid_road_nok, SYMBI__DEC_NOK);
	}
	if (ok && c->mode == SYMBI_MODE_PIPE && ex->months_share < 1.0)
		ok = jb_add_num(b, o, "months_share", ex->months_share, SYMBI__DEC_SHARE);
	if (ok && c->mode == SYMBI_MODE_PIPE && ex->delivered_share < 1.0)
		ok = jb_add_num(b, o, "delivered_share", ex->delivered_share, SYMBI__DEC_SHARE);
	if (ok && ex->figure_code >= 0 && ex->figure_code != c->receiver_code)
		ok = jb_add_str(b, o, "priced_as", code_name(kb, ex->figure_code));
	ok = ok &&
	     jb_add_num(b, o, "avoided_disposal_nok", c->avoided_disposal_nok, SYMBI__DEC_NOK) &&
	     jb_add_num(b, o, "avoided_purchase_nok", c->avoided_purchase_nok, SYMBI__DEC_NOK) &&
	     jb_add_num(b, o, "transport_nok", c->transport_nok, SYMBI__DEC_NOK) &&
	     jb_add_num_or_null(b, o, "avoided_co2e_t", co2e_or_null(c, c->avoided_co2e_t),
	                        SYMBI__DEC_CO2E) &&
	     jb_add_num(b, o, "transport_co2e_t", c->transport_co2e_t, SYMBI__DEC_CO2E);
	if (ok && (c->flags & SYMBI_CANDIDATE_HEAT_PUMP)) {
		/* The heat pump at the receiver: COP from the two temperatures,
		 * the electricity it buys and its investment (explain.factors
		 * carry the figures and their sources). */
		cJSON *h = jb_add_obj(b, o, "heat_pump");
		ok = h && jb_add_num(b, h, "from_c", S->temp_c, SYMBI__DEC_TEMP) &&
		     jb_add_num(b, h, "to_c", D ? D->temp_c : NAN, SYMBI__DEC_TEMP) &&
		     jb_add_num(b, h, "cop", ex->hp_cop, SYMBI__DEC_SHARE) &&
		     jb_add_num(b, h, "electricity_mwh", ex->hp_mwh, SYMBI__DEC_QTY) &&
		     jb_add_num(b, h, "electricity_nok", ex->hp_nok, SYMBI__DEC_NOK) &&
		     jb_add_num(b, h, "electricity_co2e_t", ex->hp_co2e_t, SYMBI__DEC_CO2E) &&
		     jb_add_num(b, h, "capacity_mw", ex->hp_mw, SYMBI__DEC_QTY) &&
		     jb_add_num_or_null(b, h, "investment_nok", ex->hp_capex_nok, SYMBI__DEC_NOK);
	}
	if (ok && ex->equiv) {
		/* The avoided figure is the material's, through equivalences.csv. */
		const struct symbi__equiv *e = ex->equiv;
		const char *slash = e->file ? strrchr(e->file, '/') : NULL;
		cJSON *eo = jb_add_obj(b, o, "equivalence");
		ok = eo && jb_add_str(b, eo, "code", code_name(kb, e->code)) &&
		     jb_add_str(b, eo, "material", code_name(kb, e->material)) &&
		     jb_add_str(b, eo, "source", e->source) &&
		     jb_add_str(b, eo, "file", slash ? slash + 1 : e->file) &&
		     jb_add_count(b, eo, "line", e->line);
	}
	cJSON *figs = ok ? jb_add_arr(b, o, "factors") : NULL;
	ok = figs != NULL;
	for (size_t i = 0; ok && i < ex->nfig; i++)
		ok = add_factor(b, figs, ex, &ex->fig[i]);
	if (ok && ex->nnote) {
		cJSON *notes = jb_add_arr(b, o, "defaulted");
		ok = notes != NULL;
		for (size_t i = 0; ok && i < ex->nnote; i++)
			ok = jb_add_str(b, notes, NULL, ex->note[i]);
	}
	return ok;
}

/* Partnership i as a tree of `b`'s nodes; NULL when out of memory (an owned
 * tree is then deleted). */
static cJSON *partnership(jb *b, const symbi_matches *m, size_t i, const symbi__scorer *sc,
                          bool explain, bool allocated)
{
	const symbi_dataset *ds = m->ds;
	const symbi_kb *kb = ds->kb;
	const symbi_candidate *c = &m->cands[i];
	int32_t scode =
	    c->supply != SYMBI_NONE ? ds->streams[c->supply].code : ds->streams[c->demand].code;
	const char *id = jb_id(b, m, i);
	cJSON *p = jb_obj(b);
	bool ok =
	    id && p && jb_add_str(b, p, "id", id) &&
	    add_party(b, p, "supplier", ds, c->supplier, c->supply) &&
	    add_party(b, p, "receiver", ds, c->receiver, c->demand) &&
	    jb_add_str(b, p, "resource", code_name(kb, scode)) &&
	    jb_add_str(b, p, "receiver_resource", code_name(kb, c->receiver_code)) &&
	    jb_add_str(b, p, "basis", c->basis == SYMBI_BASIS_SECTOR ? "sector" : "declared") &&
	    jb_add_num(b, p, "quantity", c->quantity, SYMBI__DEC_QTY) &&
	    (c->basis != SYMBI_BASIS_SECTOR ||
	     jb_add_num(b, p, "evidence", c->evidence, SYMBI__DEC_FACTOR)) &&
	    jb_add_str(b, p, "unit", symbi__unit_per_year(c->dim)) &&
	    jb_add_num(b, p, "distance_km", c->distance_km, SYMBI__DEC_KM) &&
	    jb_add_num(b, p, "value_nok", c->value_nok, SYMBI__DEC_NOK) &&
	    jb_add_num_or_null(b, p, "co2e_t", co2e_or_null(c, c->co2e_t), SYMBI__DEC_CO2E) &&
	    jb_add_num(b, p, "score", c->score,
	               m->opt.objective == SYMBI_OBJECTIVE_CO2 ? SYMBI__DEC_CO2E : SYMBI__DEC_NOK);
	if (ok && (c->flags & SYMBI_CANDIDATE_HEAT_PUMP))
		ok = jb_add(b, p, "heat_pump", jb_true(b));
	if (ok && allocated)
		ok = jb_add_num_or_null(b, p, "allocated", c->allocated, SYMBI__DEC_QTY);
	if (ok && explain)
		ok = add_explain(b, p, m, sc, c);
	if (ok)
		return p;
	if (!b->arena)
		cJSON_Delete(p);
	return NULL;
}

cJSON *symbi__partnership_json(const symbi_matches *m, size_t i, const symbi__scorer *sc,
                               bool explain, bool allocated)
{
	jb b;
	jb_init(&b, false);
	cJSON *p = partnership(&b, m, i, sc, explain, allocated);
	jb_free(&b);
	return p;
}

/* "near_misses" of stream i: its nearest blocked candidates with the first
 * test each failed and the figures behind it (nearmiss.c). */
static bool add_near_misses(jb *b, cJSON *o, const symbi_matches *m, const symbi__scorer *sc,
                            uint32_t i)
{
	const symbi_dataset *ds = m->ds;
	const symbi_kb *kb = ds->kb;
	symbi__near_miss nm[SYMBI__NEAR_MISSES_MAX];
	size_t n = symbi__near_misses(sc, ds, i, m->opt.max_km, nm, SYMBI__NEAR_MISSES_MAX);
	cJSON *a = jb_add_arr(b, o, "near_misses");
	bool ok = a != NULL;
	const symbi_stream *X = &ds->streams[i];
	for (size_t k = 0; ok && k < n; k++) {
		const symbi_stream *Y = &ds->streams[nm[k].other];
		const symbi_stream *S = X->direction == SYMBI_SUPPLY ? X : Y;
		const symbi_stream *D = X->direction == SYMBI_SUPPLY ? Y : X;
		cJSON *e = jb_add_obj(b, a, NULL);
		ok = e && jb_add_str(b, e, "stream_id", Y->id) &&
		     jb_add_str(b, e, "firm_id", ds->firms[Y->firm].id) &&
		     jb_add_str(b, e, "name", ds->firms[Y->firm].name) &&
		     jb_add_str(b, e, "resource", code_name(kb, Y->code)) &&
		     jb_add_num(b, e, "distance_km", nm[k].km, SYMBI__DEC_KM) &&
		     jb_add_str(b, e, "reason", symbi__pair_reason_text(nm[k].reason));
		switch (nm[k].reason) {
		case SYMBI_PAIR_TEMPERATURE:
			ok = ok && jb_add_num(b, e, "supply_c", S->temp_c, SYMBI__DEC_TEMP) &&
			     jb_add_num(b, e, "demand_c", D->temp_c, SYMBI__DEC_TEMP);
			break;
		case SYMBI_PAIR_DISTANCE:
			ok = ok &&
			     jb_add_num_or_null(b, e, "radius_km", nm[k].radius, SYMBI__DEC_KM);
			break;
		case SYMBI_PAIR_MONTHS:
			symbi_months_format(S->months, b->nm_text[k][1], sizeof b->nm_text[k][1]);
			symbi_months_format(D->months, b->nm_text[k][2], sizeof b->nm_text[k][2]);
			ok = ok && jb_add_str(b, e, "supply_months", b->nm_text[k][1]) &&
			     jb_add_str(b, e, "demand_months", b->nm_text[k][2]);
			break;
		case SYMBI_PAIR_UNITS:
			ok = ok && jb_add_str(b, e, "supply_unit", symbi__unit_per_year(S->dim)) &&
			     jb_add_str(b, e, "demand_unit", symbi__unit_per_year(D->dim));
			break;
		default:
			break;
		}
		ok = ok && jb_add_str(b, e, "detail",
		                      symbi__pair_reason_detail(ds, i, &nm[k], b->nm_text[k][0],
		                                                sizeof b->nm_text[k][0]));
	}
	return ok;
}

/* "unmatched" (a --firm or --stream query without --optimize): the streams
 * of the query that no partnership takes part in, each with its near
 * misses, as the member text `"unmatched": [...]` at the top level of the
 * document (NULL when out of memory; cJSON_free it). */
char *symbi__json_unmatched(const symbi_matches *m, const symbi__scorer *sc, bool pretty)
{
	const symbi_dataset *ds = m->ds;
	size_t ns = ds->nstreams;
	uint8_t *in = calloc(ns ? ns : 1, 1);
	jb *b = malloc(sizeof *b);
	cJSON *top = cJSON_CreateObject();
	cJSON *arr = top ? cJSON_AddArrayToObject(top, "unmatched") : NULL;
	char *text = NULL;
	bool ok = in && b && arr;
	if (ok) {
		jb_init(b, false);
		for (size_t s = 0; s < ns; s++)
			in[s] = symbi__stream_in_query(m, (uint32_t)s);
		for (size_t k = 0; k < m->n; k++) {
			if (m->cands[k].supply != SYMBI_NONE)
				in[m->cands[k].supply] = 0;
			if (m->cands[k].demand != SYMBI_NONE)
				in[m->cands[k].demand] = 0;
		}
	}
	for (size_t s = 0; ok && s < ns; s++) {
		if (!in[s])
			continue;
		const symbi_stream *st = &ds->streams[s];
		cJSON *o = cJSON_CreateObject();
		ok = o && cJSON_AddItemToArray(arr, o);
		if (!ok) {
			cJSON_Delete(o);
			break;
		}
		ok = jb_add_str(b, o, "stream_id", st->id) &&
		     jb_add_str(b, o, "firm_id", ds->firms[st->firm].id) &&
		     jb_add_str(b, o, "direction",
		                st->direction == SYMBI_DEMAND ? "demand" : "supply") &&
		     jb_add_str(b, o, "resource", code_name(ds->kb, st->code)) &&
		     jb_add_num(b, o, "quantity", st->quantity, SYMBI__DEC_QTY) &&
		     jb_add_str(b, o, "unit", symbi__unit_per_year(st->dim)) &&
		     add_near_misses(b, o, m, sc, (uint32_t)s);
	}
	if (ok)
		text = pretty ? cJSON_Print(top) : cJSON_PrintUnformatted(top);
	cJSON_Delete(top);
	free(b);
	free(in);
	if (!text)
		return NULL;
	/* Strip the outer braces: the member alone, at the top level's depth. */
	size_t n = strlen(text);
	size_t lo = pretty ? 2 : 1, hi = pretty ? 2 : 1; /* "{\n" ... "\n}" or "{" ... "}" */
	if (n < lo + hi) {
		cJSON_free(text);
		return NULL;
	}
	memmove(text, text + lo, n - lo - hi);
	text[n - lo - hi] = '\0';
	return text;
}

/* One element of "remaining": a stream that takes part in the allocation and
 * what is left of it, or a stream of the query in no partnership (all of it
 * left, with its near misses when `near`). */
static cJSON *remaining(jb *b, const symbi_matches *m, const symbi__scorer *sc, uint32_t i,
                        bool near)
{
	const symbi_stream *st = &m->ds->streams[i];
	const symbi_kb *kb = m->ds->kb;
	double left = isnan(m->remaining[i]) ? st->quantity : m->remaining[i];
	cJSON *o = jb_obj(b);
	bool ok =
	    o && jb_add_str(b, o, "stream_id", st->id) &&
	    jb_add_str(b, o, "firm_id", m->ds->firms[st->firm].id) &&
	    jb_add_str(b, o, "direction", st->direction == SYMBI_DEMAND ? "demand" : "supply") &&
	    jb_add_str(b, o, "resource", symbi_kb_code(kb, st->code)->code) &&
	    jb_add_num(b, o, "quantity", st->quantity, SYMBI__DEC_QTY) &&
	    jb_add_num(b, o, "used", st->quantity - left, SYMBI__DEC_QTY) &&
	    jb_add_num(b, o, "remaining", left, SYMBI__DEC_QTY) &&
	    jb_add_str(b, o, "unit", symbi__unit_per_year(st->dim));
	if (ok && isnan(m->remaining[i]))
		ok = jb_add_count(b, o, "partnerships", 0) &&
		     (!near || add_near_misses(b, o, m, sc, i));
	if (ok)
		return o;
	if (!b->arena)
		cJSON_Delete(o);
	return NULL;
}

/* ==== The builder seen from the writer (json_internal.h) ===================================== */

symbi__jb *symbi__jb_new(void)
{
	jb *b = malloc(sizeof *b);
	if (b)
		jb_init(b, true);
	return b;
}

void symbi__jb_free(symbi__jb *b)
{
	if (b)
		jb_free(b);
	free(b);
}

cJSON *symbi__jb_partnership(symbi__jb *b, const symbi_matches *m, size_t i,
                             const symbi__scorer *sc, bool explain, bool allocated, bool pretty)
{
	jb_reset(b);
	b->pretty = pretty;
	cJSON *p = partnership(b, m, i, sc, explain, allocated);
	if (!p || !pretty)
		return p;
	cJSON *inner = jb_arr(b), *root = jb_arr(b);
	if (!jb_add(b, inner, NULL, p) || !jb_add(b, root, NULL, inner))
		return NULL;
	return root;
}

cJSON *symbi__jb_remaining(symbi__jb *b, const symbi_matches *m, const symbi__scorer *sc,
                           uint32_t i, bool near)
{
	jb_reset(b);
	return remaining(b, m, sc, i, near);
}
