#!/usr/bin/env python3
"""recall.py: leave-one-case-out recall of symbi's sector candidates.

For each case of an exchanges table (datasets/exchanges_maestri.csv and any
other exchanges_*.csv of the knowledge base):

  1. A knowledge base without the case is written to a temporary folder:
     the rules learned by `symbi learn --exclude-case` (the options that made
     datasets/rules_learned.csv), the exchanges tables without the case's
     rows (the evidence estimator reads them), and datasets/rules.csv with
     --curated: `exclude` drops every rule whose source cites the case (one of
     its exchange ids "case,source,n" after "MAESTRI", or its own citation),
     `all` keeps them (an upper bound: those rules were written from the very
     case), `none` keeps only substitution rules.
  2. A dataset is made of the case's firms (one firm per distinct NACE text
     among its providers and receivers; "01.1;01.2" is one firm with two
     activities) and of `--distractors` firms of other sectors: NACE texts of
     the firms of the other cases whose codes share no NACE class with a firm
     of this case. Every firm, case or distractor, is placed uniformly at
     random in the same disc (`--radius-km`), so distance tells nothing;
     firm ids are random, so ties are not broken in the case's favour.
  3. Supply side: each provider declares one supply (100 t/yr) per EWC code it
     gave; nobody declares a demand. `symbi match --sector` is run and, for
     each supply, the distinct receiver firms of its sector candidates in
     output order form its ranking. An exchange is found at k when its
     receiver firm is among the first k.
  4. Demand side: each receiver declares one demand (100 t/yr) per EWC code it
     took; nobody declares a supply. The ranking of a demand is the distinct
     supplier firms of its sector candidates in output order.

The held-out case's exchanges are counted under the codes
exchange_corrections.csv gives them (a known miscoding recoded, a CO2 flow the
MAESTRI processor coded 16 05 04 counted as gas:co2, a plain drop not
counted), as the knowledge base reads the other cases; --raw-codes counts them
as shipped.

An exchange whose provider and receiver are the same firm (same NACE text in
one case) is not counted. Python 3 standard library only; drives the real
binary. Deterministic for a given --seed.
"""
import argparse
import csv
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

# The "region" distractor pool: the urban sector mix of symbi-gen
# (bench/gen.c, `sectors[]`: label, its three NACE picks, urban weight), the
# project's model of the firms of a Norwegian region.
REGION_MIX = [
    ("16.10", "16.10", "16.10", 15), ("16.21", "16.23", "16.24", 15),
    ("16.29", "16.29", "16.29", 2), ("17.11", "17.12", "17.12", 1),
    ("17.21", "17.21", "17.29", 2), ("10.51", "10.51", "10.52", 5),
    ("10.11", "10.12", "10.13", 5), ("10.20", "10.20", "10.20", 12),
    ("10.71", "10.71", "10.72", 30), ("11.05", "11.05", "11.07", 8),
    ("10.91", "10.91", "10.92", 2), ("01.41", "01.41", "01.42", 5),
    ("01.46", "01.47", "01.46", 3), ("01.11", "01.11", "01.13", 5),
    ("01.13", "01.19", "01.30", 6), ("03.21", "03.22", "03.21", 4),
    ("20.13", "20.15", "20.16", 8), ("22.21", "22.22", "22.29", 20),
    ("23.51", "23.51", "23.51", 0.2), ("23.61", "23.63", "23.63", 15),
    ("24.10", "24.20", "24.10", 0.5), ("24.42", "24.42", "24.42", 0.3),
    ("24.51", "24.53", "24.54", 3), ("25.11", "25.62", "25.99", 80),
    ("63.11", "63.11", "63.11", 8), ("35.30", "35.30", "35.30", 15),
    ("35.21", "35.21", "38.21", 3), ("37.00", "37.00", "37.00", 8),
    ("38.11", "38.32", "38.12", 25), ("38.21", "35.11", "38.21", 2),
    ("41.20", "42.11", "43.11", 250), ("55.10", "56.10", "56.10", 150),
    ("47.11", "47.11", "47.21", 160), ("68.20", "68.20", "68.32", 120),
    ("93.11", "93.11", "93.11", 15),
]

CENTRE = (60.80, 11.07)  # Hamar, Norway: the latitude symbi's figures assume
KB_FILES = ("ewc.csv", "resources.csv", "scoring.csv", "exchange_corrections.csv")


def nace_codes(text):
    return [c.strip() for c in text.split(";") if c.strip()]


def nace_class(code):
    """The NACE text up to its class (4 digits) as a comparable key."""
    d = code.replace(".", "")
    return d[:4]


def cites_case(source, case_id, case_cites):
    """Whether a curated rule's source cites the case: an exchange id of the
    case ("16,20,2") in a MAESTRI list, or one of the case's citations."""
    for m in re.finditer(r"MAESTRI[^)]*", source):
        for ex in re.finditer(r"(?<![\d.])(\d+),\s*\d+,\s*\d+", m.group(0)):
            if ex.group(1) == case_id:
                return True
        # "MAESTRI case 16", "MAESTRI 16"
        for ex in re.finditer(r"case[s]?\s+(\d+)", m.group(0)):
            if ex.group(1) == case_id:
                return True
    return any(c and c in source for c in case_cites)


def short_cite(src):
    return re.sub(r"\s*\(via [^()]*\)\s*$", "", src).strip()


def read_exchanges(paths):
    rows = []
    for p in paths:
        with open(p, newline="", encoding="utf-8") as f:
            for r in csv.DictReader(f):
                r["_file"] = os.path.basename(p)
                rows.append(r)
    return rows


def read_corrections(path):
    if not os.path.exists(path):
        return []
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def nace_under(prefix, code):
    """NACE `code` lies under the dotted `prefix` ("20.1" holds "20.13")."""
    p, c = prefix.replace(".", ""), code.replace(".", "")
    return c.startswith(p)


def corrected(corrections, case_id, ewc, receiver):
    """The code an exchange coded `ewc` really is, after the first matching
    correction of exchange_corrections.csv (as `symbi learn --corrections`
    and the evidence estimator apply them): "ewc:..." recoded, the row's
    to_resource for a drop that names one (the flows table holds it under
    that code), or None for a plain drop."""
    for k in corrections:
        if k["ewc"].replace(" ", "") != ewc or (k["case_id"] and k["case_id"] != case_id):
            continue
        if k["receiver_nace"] and not any(nace_under(k["receiver_nace"], c)
                                          for c in nace_codes(receiver)):
            continue
        if k["action"] == "recode":
            return "ewc:" + k["to_ewc"].replace(" ", "")
        return k.get("to_resource") or None
    return "ewc:" + ewc


def write_csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def unit_of(code):
    """A unit of the code's dimension (resources.csv)."""
    if code.startswith("energy:"):
        return "MWh/yr"
    if code.startswith("water:"):
        return "m3/yr"
    return "t/yr"


def point_in_disc(rng, radius_km):
    r = radius_km * math.sqrt(rng.random())
    a = 2 * math.pi * rng.random()
    dlat = r * math.cos(a) / 111.195
    dlon = r * math.sin(a) / (111.195 * math.cos(math.radians(CENTRE[0])))
    return round(CENTRE[0] + dlat, 6), round(CENTRE[1] + dlon, 6)


def build_kb(tmp, args, case_id, case_cites, exchange_paths):
    kb = os.path.join(tmp, "kb")
    os.makedirs(kb)
    for f in KB_FILES:
        if os.path.exists(os.path.join(args.datadir, f)):
            shutil.copy(os.path.join(args.datadir, f), kb)
    if args.factor:
        # --factor KEY=VALUE: the scorer factor replaced (or added) in the
        # copied scoring.csv, to measure a setting without editing datasets/.
        path = os.path.join(kb, "scoring.csv")
        with open(path, newline="", encoding="utf-8") as f:
            rd = csv.reader(f)
            header = next(rd)
            rows = list(rd)
        for kv in args.factor:
            key, _, value = kv.partition("=")
            rows = [r for r in rows if r and r[0] != key]
            rows.append([key, value, "", "recall.py --factor"])
        write_csv(path, header, rows)
    # Curated rules.
    with open(os.path.join(args.datadir, "rules.csv"), newline="", encoding="utf-8") as f:
        rd = csv.reader(f)
        header = next(rd)
        rules = list(rd)
    src = header.index("source")
    nace = header.index("nace")
    kept, dropped = [], 0
    for r in rules:
        sector_rule = len(r) > nace and r[nace].strip() != ""
        if args.curated == "none" and sector_rule:
            dropped += 1
            continue
        if args.curated == "exclude" and cites_case(r[src], case_id, case_cites):
            dropped += 1
            continue
        kept.append(r)
    write_csv(os.path.join(kb, "rules.csv"), header, kept)
    # Exchanges without the case, for the evidence estimator and learning.
    learn_inputs = []
    for p in exchange_paths:
        with open(p, newline="", encoding="utf-8") as f:
            rd = csv.reader(f)
            h = next(rd)
            ci = h.index("case_id")
            rest = [r for r in rd if r and r[ci].strip() != case_id]
        out = os.path.join(kb, os.path.basename(p))
        write_csv(out, h, rest)
        learn_inputs.append(out)
    # Learned rules from the table without the case, as the shipped file is made.
    if args.learned:
        main = os.path.join(kb, os.path.basename(exchange_paths[0]))
        cmd = [args.symbi, "learn", main, "--subchapters", "--source-name",
               "MAESTRI exchanges database", "-q", "-o",
               os.path.join(kb, "rules_learned.csv")]
        corr = os.path.join(args.datadir, "exchange_corrections.csv")
        if os.path.exists(corr):
            cmd += ["--corrections", corr]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return kb, dropped


def run_side(tmp, args, kb, side, firms, streams):
    d = os.path.join(tmp, side)
    os.makedirs(d)
    write_csv(os.path.join(d, "firms.csv"),
              ["firm_id", "name", "lat", "lon", "nace", "region"], firms)
    write_csv(os.path.join(d, "streams.csv"),
              ["stream_id", "firm_id", "direction", "resource", "quantity", "unit",
               "months"], streams)
    out = os.path.join(d, "out.json")
    cmd = [args.symbi, "match", d, "--datadir", kb, "--sector", "--no-explain", "--compact",
           "-o", out] + args.match_opt
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        if os.environ.get("RECALL_KEEP"):
            shutil.copytree(tmp, os.environ["RECALL_KEEP"], dirs_exist_ok=True)
        sys.exit("recall.py: %s failed (%d): %s" % (" ".join(cmd), p.returncode, p.stderr))
    with open(out, encoding="utf-8") as f:
        return json.load(f)["partnerships"]


def main():
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--symbi", default=os.path.join(here, "build", "engine", "symbi"))
    ap.add_argument("--datadir", default=os.path.join(here, "datasets"))
    ap.add_argument("--exchanges", action="append",
                    help="exchanges tables (default: datadir/exchanges_*.csv)")
    ap.add_argument("--distractors", type=int, default=40)
    ap.add_argument("--pool", choices=("region", "cases"), default="region",
                    help="distractor sectors: symbi-gen's urban mix (region) or the "
                         "NACE texts of the other cases' firms (cases, harder)")
    ap.add_argument("--radius-km", type=float, default=5.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--curated", choices=("exclude", "all", "none"), default="exclude")
    ap.add_argument("--no-learned", dest="learned", action="store_false")
    ap.add_argument("--maestri-only", action="store_true",
                    help="evaluate the cases of exchanges_maestri.csv only (all tables still "
                         "feed the evidence)")
    ap.add_argument("--single-nace", action="store_true",
                    help="give a firm only its first NACE code (binaries before multi-NACE)")
    ap.add_argument("--half", choices=("all", "even", "odd"), default="all",
                    help="evaluate only the cases at even (0, 2, ...) or odd positions of the "
                         "case list, to choose a setting on one half and report it on the "
                         "other; the knowledge base still holds every other case")
    ap.add_argument("--factor", action="append", default=[], metavar="KEY=VALUE",
                    help="override a factor of scoring.csv in the leave-one-out knowledge "
                         "base (repeatable)")
    ap.add_argument("--raw-codes", action="store_true",
                    help="count the held-out case's exchanges under their codes as shipped, "
                         "not corrected by exchange_corrections.csv (figures before session 6)")
    ap.add_argument("--cases", action="store_true", help="print the per-case table")
    ap.add_argument("--misses", action="store_true", help="print each missed exchange")
    ap.add_argument("--match-opt", action="append", default=[],
                    help="extra option for symbi match (repeatable)")
    args = ap.parse_args()

    paths = args.exchanges or sorted(
        os.path.join(args.datadir, f) for f in os.listdir(args.datadir)
        if f.startswith("exchanges_") and f.endswith(".csv"))
    # the MAESTRI table first: `symbi learn` is run on it alone, as shipped
    paths.sort(key=lambda p: (not p.endswith("exchanges_maestri.csv"), p))
    rows = read_exchanges(paths)
    corrections = read_corrections(os.path.join(args.datadir, "exchange_corrections.csv"))
    cases = []
    for r in rows:
        if args.maestri_only and r["_file"] != "exchanges_maestri.csv":
            continue
        if r["case_id"] not in cases:
            cases.append(r["case_id"])
    # Each case's random draws depend on the seed and its position only, so
    # that a half gives the same figures as these cases in the whole run.
    rng_master = random.Random(args.seed)
    case_seed = {c: rng_master.randrange(1 << 30) for c in cases}
    if args.half != "all":
        cases = [c for i, c in enumerate(cases) if (i % 2 == 0) == (args.half == "even")]
    all_firm_naces = sorted({r[k] for r in rows for k in ("provider_nace", "receiver_nace")
                             if r[k].strip()})

    ks = (1, 5, 10)
    tot = {s: {"n": 0, **{k: 0 for k in ks}} for s in ("supply", "demand")}
    per_case = []
    for case_id in cases:
        rng = random.Random(case_seed[case_id])
        crow = [r for r in rows if r["case_id"] == case_id and
                (not args.maestri_only or r["_file"] == "exchanges_maestri.csv")]
        cites = sorted({short_cite(r.get("source", "")) for r in crow} - {""})
        firm_naces = sorted({r[k] for r in crow for k in ("provider_nace", "receiver_nace")
                             if r[k].strip()})
        classes = {nace_class(c) for t in firm_naces for c in nace_codes(t)}
        if args.pool == "cases":
            pool = [t for t in all_firm_naces
                    if not any(nace_class(c) in classes for c in nace_codes(t))]
            distract = [rng.choice(pool) for _ in range(args.distractors)] if pool else []
        else:
            mix = [(s[:3], s[3]) for s in REGION_MIX]
            distract = []
            while len(distract) < args.distractors:
                picks = rng.choices([m[0] for m in mix], weights=[m[1] for m in mix])[0]
                t = picks[rng.randrange(3)]
                if nace_class(t) not in classes:
                    distract.append(t)
        texts = firm_naces + distract
        ids = rng.sample(range(10000, 99999), len(texts))
        firms, fid = [], {}
        for i, t in enumerate(texts):
            lat, lon = point_in_disc(rng, args.radius_km)
            f = "F%05d" % ids[i]
            if i < len(firm_naces):
                fid[t] = f
            nace = nace_codes(t)[0] if args.single_nace else ";".join(nace_codes(t)[:3])
            firms.append([f, "firm " + f, lat, lon, nace, "R"])
        # The case's exchanges as (provider firm, ewc, receiver firm).
        atoms = set()
        for r in crow:
            if not r["provider_nace"].strip() or not r["receiver_nace"].strip():
                continue
            pf, rf = fid[r["provider_nace"]], fid[r["receiver_nace"]]
            if pf == rf:
                continue
            codes = ["ewc:" + c.strip() if args.raw_codes else
                     corrected(corrections, case_id, c.strip(), r["receiver_nace"])
                     for c in r.get("ewc", "").split(";") if c.strip()]
            codes = [c for c in codes if c]
            codes += [c.strip() for c in r.get("resource", "").split(";") if c.strip()]
            for code in codes:
                atoms.add((pf, code, rf))
        atoms = sorted(atoms)
        with tempfile.TemporaryDirectory(prefix="symbi-recall-") as tmp:
            kb, dropped = build_kb(tmp, args, case_id, cites, paths)
            res = {}
            for side in ("supply", "demand"):
                keys = sorted({(a[0], a[1]) if side == "supply" else (a[2], a[1])
                               for a in atoms})
                sid = {k: "%s/%d" % (k[0], i) for i, k in enumerate(keys)}
                streams = [[sid[k], k[0], side, k[1], 100, unit_of(k[1]), "1-12"] for k in keys]
                parts = run_side(tmp, args, kb, side, firms, streams)
                rank = {}
                for p in parts:
                    if p.get("basis") != "sector":
                        continue
                    if side == "supply":
                        s, other = p["supplier"].get("stream_id"), p["receiver"]["firm_id"]
                    else:
                        s, other = p["receiver"].get("stream_id"), p["supplier"]["firm_id"]
                    lst = rank.setdefault(s, [])
                    if other not in lst:
                        lst.append(other)
                found = {k: 0 for k in ks}
                for a in atoms:
                    key = (a[0], a[1]) if side == "supply" else (a[2], a[1])
                    want = a[2] if side == "supply" else a[0]
                    lst = rank.get(sid[key], [])
                    pos = lst.index(want) + 1 if want in lst else None
                    for k in ks:
                        found[k] += pos is not None and pos <= k
                    if args.misses and (pos is None or pos > 5):
                        names = {f[0]: f[4] for f in firms}
                        case_firms = set(fid.values())
                        top = " ".join(("*" if f in case_firms else "") + names[f]
                                       for f in lst[:5])
                        print("miss %s case %s %s %s -> %s at %s of %d; top: %s" % (
                            side, case_id, a[1], names[a[0]], names[a[2]], pos, len(lst), top))
                tot[side]["n"] += len(atoms)
                for k in ks:
                    tot[side][k] += found[k]
                res[side] = found
        per_case.append((case_id, len(atoms), dropped, res))
    if args.cases:
        print("case,exchanges,curated_dropped,supply@1,supply@5,supply@10,"
              "demand@1,demand@5,demand@10")
        for c, n, d, res in per_case:
            print(",".join(str(x) for x in [c, n, d] + [res["supply"][k] for k in ks]
                           + [res["demand"][k] for k in ks]))
    print("leave-one-case-out recall, %d cases%s, %d distractors per case (%s pool), disc "
          "%.1f km, curated rules: %s, seed %d%s" % (
              len(cases), "" if args.half == "all" else " (%s half)" % args.half,
              args.distractors, args.pool, args.radius_km, args.curated, args.seed,
              "".join(", " + f for f in args.factor)))
    for side, what in (("supply", "true receivers (supplies given)"),
                       ("demand", "true suppliers (demands given)")):
        t = tot[side]
        n = t["n"] or 1
        print("  %-6s %4d exchanges: recall@1 %.3f  @5 %.3f  @10 %.3f   %s" % (
            side, t["n"], t[1] / n, t[5] / n, t[10] / n, what))


if __name__ == "__main__":
    main()
