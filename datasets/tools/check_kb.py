#!/usr/bin/env python3
"""Consistency check of the shipped knowledge base (datasets/*.csv).

Usage: python3 datasets/tools/check_kb.py [--shared /work/shared/data]
Exits 1 and lists every problem found; prints a summary otherwise.
"""
import csv, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
DS = os.path.dirname(HERE)
SHARED = "/work/shared/data"
if "--shared" in sys.argv:
    SHARED = sys.argv[sys.argv.index("--shared") + 1]

errors, notes = [], []


def err(where, msg):
    errors.append("%s: %s" % (where, msg))


def read(name, cols=None, base=DS):
    path = os.path.join(base, name)
    with open(path, newline="", encoding="utf-8") as f:
        rd = csv.reader(f)
        header = next(rd)
        rows = [dict(zip(header, r)) for r in rd]
        for i, r in enumerate(rows, start=2):
            r["_line"] = i
    if cols is not None and header != cols:
        err(name, "header %r, expected %r" % (header, cols))
    return rows


def is_num(s):
    try:
        float(s)
        return True
    except ValueError:
        return False


# ---- ewc.csv ------------------------------------------------------------------------
shipped = open(os.path.join(DS, "ewc.csv"), "rb").read()
ref = os.path.join(SHARED, "ewc.csv")
if os.path.exists(ref) and open(ref, "rb").read() != shipped:
    err("ewc.csv", "differs from the reference copy %s" % ref)
_ewc_rows = read("ewc.csv")
ewc = {r["code"].replace(" ", "") for r in _ewc_rows}
ewc_hazardous = {r["code"].replace(" ", "") for r in _ewc_rows if r["hazardous"] == "true"}
ewc_prefix = {c[:2] for c in ewc} | {c[:4] for c in ewc}


def ewc_ok(code):
    d = code[4:]
    return (len(d) == 6 and d in ewc) or (len(d) in (2, 4) and d in ewc_prefix)


# ---- NACE ----------------------------------------------------------------------------
nace = {r["code"] for r in read("nace_rev2.csv", base=SHARED) if r["level"] in ("2", "3", "4")}

# ---- resources.csv ---------------------------------------------------------------------
RES_COLS = ["code", "parent", "name", "class", "dimension", "radius_km",
            "transport_nok_per_unit_km", "transport_co2e_kg_per_unit_km",
            "avoided_co2e_kg_per_unit", "price_nok_per_unit", "disposal_nok_per_unit",
            "radius_source", "transport_source", "co2e_source", "price_source"]
FIG_SRC = {"radius_km": "radius_source", "transport_nok_per_unit_km": "transport_source",
           "transport_co2e_kg_per_unit_km": "transport_source",
           "avoided_co2e_kg_per_unit": "co2e_source", "price_nok_per_unit": "price_source",
           "disposal_nok_per_unit": "price_source"}
CLASS_DIM = {"material": {"mass"}, "energy": {"energy"}, "water": {"volume"}, "gas": {"mass"}}
res = read("resources.csv", RES_COLS)
codes = {}
code_re = re.compile(r"^(mat:[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+(-[a-z0-9]+)*)*|(energy|water|gas):[a-z0-9]+(-[a-z0-9]+)*|ewc:\d{2}(\d{2}(\d{2})?)?)$")
for r in res:
    w = "resources.csv:%d" % r["_line"]
    c = r["code"]
    if c in codes:
        err(w, "duplicate code %s" % c)
    codes[c] = r
    if not code_re.match(c):
        err(w, "malformed code %r (lowercase ASCII, dots for hierarchy, hyphens inside words)" % c)
    if c.startswith("ewc:") and not ewc_ok(c):
        err(w, "EWC code %s not in ewc.csv" % c)
    if r["class"] not in CLASS_DIM:
        err(w, "bad class %r" % r["class"])
    elif r["dimension"] not in CLASS_DIM[r["class"]]:
        err(w, "dimension %r does not fit class %r" % (r["dimension"], r["class"]))
    if not r["name"].strip():
        err(w, "empty name")
    for fig, src in FIG_SRC.items():
        v = r[fig].strip()
        if v:
            if not is_num(v) or float(v) < 0:
                err(w, "%s=%r is not a non-negative number" % (fig, v))
            if not r[src].strip():
                err(w, "%s given without %s" % (fig, src))
    for src in set(FIG_SRC.values()):
        if r[src].strip() and not any(r[f].strip() for f, s in FIG_SRC.items() if s == src):
            err(w, "%s given but no figure uses it" % src)
# parents
for c, r in codes.items():
    w = "resources.csv:%d" % r["_line"]
    p = r["parent"]
    if c.startswith("mat:"):
        body = c[4:]
        want = "mat:" + body.rsplit(".", 1)[0] if "." in body else ""
        if p != want:
            err(w, "parent %r of %s should be %r" % (p, c, want))
    if p and p not in codes:
        err(w, "parent %s does not exist" % p)
    if p and p in codes and (codes[p]["class"], codes[p]["dimension"]) != (r["class"], r["dimension"]):
        err(w, "class/dimension differ from parent %s" % p)
    seen, cur = set(), c
    while cur:
        if cur in seen:
            err(w, "parent chain of %s has a cycle" % c)
            break
        seen.add(cur)
        cur = codes[cur]["parent"] if cur in codes else ""

mat_count = sum(1 for c in codes if c.startswith("mat:"))
for c in ("energy:heat", "energy:steam", "energy:cold", "energy:fuel-gas", "gas:co2", "water:fresh",
          "water:surface", "water:cooling", "water:waste", "water:treated"):
    if c not in codes:
        err("resources.csv", "base code %s missing" % c)
if mat_count < 90:
    err("resources.csv", "only %d mat: codes (need >= 90)" % mat_count)


def dim_of(code):
    if code.startswith("ewc:"):
        return "mass"
    return codes[code]["dimension"] if code in codes else None


def known(code):
    return ewc_ok(code) if code.startswith("ewc:") else code in codes


# ---- scoring.csv ------------------------------------------------------------------------
sc = read("scoring.csv", ["key", "value", "unit", "source"])
keys, assumptions = set(), []
for r in sc:
    w = "scoring.csv:%d" % r["_line"]
    if r["key"] in keys:
        err(w, "duplicate key %s" % r["key"])
    keys.add(r["key"])
    if not is_num(r["value"]):
        err(w, "value %r is not a number" % r["value"])
    if not r["source"].strip():
        err(w, "no source")
    if r["source"].startswith("assumption:"):
        assumptions.append(r["key"])
for k in ("road.detour_factor", "pipe.detour_factor", "road.cost_nok_per_tkm", "road.co2e_kg_per_tkm",
          "pipe.heat.fixed_nok_per_yr", "pipe.heat.nok_per_km_yr", "pipe.heat.loss_per_km",
          "pipe.water.nok_per_km_yr", "pipe.gas.nok_per_km_yr", "class.material.radius_km", "class.energy.radius_km",
          "class.water.radius_km", "class.gas.radius_km", "nok_per_eur"):
    if k not in keys:
        err("scoring.csv", "key %s missing" % k)

# ---- rules.csv ------------------------------------------------------------------------------
RULE_COLS = ["from", "to", "nace", "yield", "source", "from_unit", "to_unit", "support", "note",
             "conditions", "process"]
UNIT_DIM = {"t": "mass", "m3": "volume", "MWh": "energy"}
rules = read("rules.csv", RULE_COLS)
seen_rules = set()
kinds = {"substitution": 0, "sector": 0, "cross-dimension": 0}
for r in rules:
    w = "rules.csv:%d" % r["_line"]
    f, t, n = r["from"], r["to"], r["nace"]
    if not known(f):
        err(w, "unknown from code %s" % f)
    if bool(t) == bool(n):
        err(w, "exactly one of to / nace must be given")
    if t and not known(t):
        err(w, "unknown to code %s" % t)
    if n and n not in nace:
        err(w, "NACE %s is not a valid dotted NACE Rev. 2 division/group/class" % n)
    if not is_num(r["yield"]) or float(r["yield"]) <= 0:
        err(w, "yield %r must be a positive number" % r["yield"])
    if not r["source"].strip():
        err(w, "no source")
    if r["support"].strip():
        err(w, "support must be empty in curated rules")
    # issue 13: a rule from a hazardous entry names it exactly and carries its legal condition
    if f.startswith("ewc:") and f[4:] in ewc_hazardous and not r["conditions"].strip():
        err(w, "rule from hazardous entry %s has no conditions" % f)
    key = (f, t, n)
    if key in seen_rules:
        err(w, "duplicate rule %s -> %s" % (f, t or n))
    seen_rules.add(key)
    if t and f == t:
        err(w, "rule maps a code to itself")
    fu, tu = r["from_unit"], r["to_unit"]
    if fu or tu:
        if fu not in UNIT_DIM or tu not in UNIT_DIM:
            err(w, "from_unit/to_unit must both be one of t, m3, MWh")
        else:
            if known(f) and UNIT_DIM[fu] != dim_of(f):
                err(w, "from_unit %s does not measure %s" % (fu, f))
            if t and known(t) and UNIT_DIM[tu] != dim_of(t):
                err(w, "to_unit %s does not measure %s" % (tu, t))
            if UNIT_DIM[fu] == UNIT_DIM[tu]:
                err(w, "units given for a same-dimension rule")
        kinds["cross-dimension"] += 1
    elif t and known(f) and known(t) and dim_of(f) != dim_of(t):
        err(w, "%s (%s) -> %s (%s) crosses dimensions without from_unit/to_unit" % (f, dim_of(f), t, dim_of(t)))
    kinds["substitution" if t else "sector"] += 1

if os.path.exists(os.path.join(DS, "rules_learned.csv")):
    notes.append("rules_learned.csv present (generated by `symbi learn`, not checked here)")

# ---- exchanges_maestri.csv ---------------------------------------------------------------------
ex = read("exchanges_maestri.csv", ["case_id", "exchange_id", "ewc", "provider_nace", "receiver_nace", "status", "source"])
seen_ex = set()
for r in ex:
    w = "exchanges_maestri.csv:%d" % r["_line"]
    if not re.fullmatch(r"\d{6}", r["ewc"]) or r["ewc"] not in ewc:
        err(w, "EWC %r not a 6-digit code of ewc.csv" % r["ewc"])
    for p in filter(None, r["provider_nace"].split(";")):
        if p not in nace:
            err(w, "provider NACE %s invalid" % p)
    if r["receiver_nace"] and r["receiver_nace"] not in nace:
        err(w, "receiver NACE %s invalid" % r["receiver_nace"])
    if not r["source"].strip() or not r["case_id"].strip():
        err(w, "missing case_id or source")
    k = (r["exchange_id"], r["ewc"], r["receiver_nace"])
    if k in seen_ex:
        err(w, "duplicate row %r" % (k,))
    seen_ex.add(k)

# ---- sources cite the bibliography ----------------------------------------------------------
# Every figure of resources.csv and every row of scoring.csv that is neither an assumption nor fitted
# (its own text says how, bench/RESULTS.md the figures) must name at least one
# reference of the bibliography in SOURCES.md by its short citation, so that a reader can trace it.
bib = set()
src_md = os.path.join(DS, "SOURCES.md")
if os.path.exists(src_md):
    for line in open(src_md, encoding="utf-8"):
        m = re.match(r"^- \*\*(.+?)\*\*: ", line)
        if m:
            bib.add(m.group(1))
if not bib:
    err("SOURCES.md", "no bibliography entries found")
else:
    for r in res:
        for src in set(FIG_SRC.values()):
            t = r[src].strip()
            if t and not t.startswith("assumption:") and not any(b in t for b in bib):
                err("resources.csv:%d" % r["_line"], "%s cites no reference of the SOURCES.md bibliography" % src)
    for r in sc:
        t = r["source"].strip()
        if t and not t.startswith(("assumption:", "fitted:")) and not any(b in t for b in bib):
            err("scoring.csv:%d" % r["_line"], "source cites no reference of the SOURCES.md bibliography")

# ---- report ----------------------------------------------------------------------------------------
for e in errors:
    print("error:", e)
for n_ in notes:
    print("note:", n_)
print("resources.csv: %d codes (%d mat:), %d with figures" % (
    len(codes), mat_count, sum(1 for r in res if any(r[f].strip() for f in FIG_SRC))))
print("scoring.csv: %d keys, %d assumption rows (%s)" % (len(keys), len(assumptions), ", ".join(assumptions)))
print("rules.csv: %d rules: %d substitution (%d cross-dimension), %d sector-potential" % (
    len(rules), kinds["substitution"], kinds["cross-dimension"], kinds["sector"]))
print("exchanges_maestri.csv: %d rows, %d cases" % (len(ex), len({r["case_id"] for r in ex})))
sys.exit(1 if errors else 0)
