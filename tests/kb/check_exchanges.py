#!/usr/bin/env python3
"""check_exchanges.py: the documented-exchange tables of datasets/ are sound.

exchanges_curated.csv (coded by hand from published cases):
  - the columns of datasets/FORMATS.md, in order;
  - every row: a case id, an exchange id unique in the table, exactly one of
    `ewc` (6 digits, an entry of ewc.csv) or `resource` (a code of
    resources.csv), up to three NACE Rev. 2 codes on each side (a receiver is
    required: a row is an exchange, who gives what to whom), status
    Implemented or Planned, a source and a note naming the firms;
  - every citation of `source` (split at '; ') has its reference in
    SOURCES.md (a line '- **CITATION**: ...');
  - a case id made of digits is a MAESTRI case of exchanges_maestri.csv (a
    further exchange of a park MAESTRI has), and no row repeats one of that
    case's MAESTRI rows (same code, provider and receiver).
exchanges_maestri_flows.csv: the same columns (`ewc` may be absent), codes and NACE
  as above, a MAESTRI case id and a source per row.
exchange_corrections.csv: an action drop or recode, a reason, known codes (a
  `to_resource` is a code of resources.csv), and each correction matches at
  least one row of exchanges_maestri.csv.

Usage: check_exchanges.py [DATASETS]   (default: $SYMBI_DATADIR, else datasets)
Prints each problem as FILE:LINE: message and exits 1 when there is one.
"""
import csv
import os
import re
import sys

COLUMNS = ["case_id", "exchange_id", "ewc", "resource", "provider_nace", "receiver_nace",
           "status", "source", "note"]
NACE = re.compile(r"^\d{2}(\.\d{1,2})?$")
problems = []


def problem(where, msg):
    problems.append("%s: %s" % (where, msg))


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        rd = csv.reader(f)
        header = next(rd)
        rows = [(i + 2, dict(zip(header, r))) for i, r in enumerate(rd)]
    return header, rows


def nace_ok(text, required):
    codes = [c.strip() for c in text.split(";")]
    if text.strip() == "":
        return not required
    return 1 <= len(codes) <= 3 and all(NACE.match(c) for c in codes)


def check_codes(where, r, ewcs, resources):
    ewc, res = r.get("ewc", "").strip(), r.get("resource", "").strip()
    if bool(ewc) == bool(res):
        problem(where, "exactly one of ewc and resource is required")
    for c in (x.strip() for x in ewc.split(";") if x.strip()):
        if not re.fullmatch(r"\d{6}", c) or c not in ewcs:
            problem(where, "ewc '%s' is not a 6-digit entry of ewc.csv" % c)
    for c in (x.strip() for x in res.split(";") if x.strip()):
        if c not in resources:
            problem(where, "resource '%s' is not a code of resources.csv" % c)


def main():
    ds = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("SYMBI_DATADIR", "datasets")
    with open(os.path.join(ds, "ewc.csv"), encoding="utf-8") as f:
        ewcs = {r["code"].replace(" ", "") for r in csv.DictReader(f)}
    with open(os.path.join(ds, "resources.csv"), encoding="utf-8") as f:
        resources = {r["code"] for r in csv.DictReader(f)}
    with open(os.path.join(ds, "SOURCES.md"), encoding="utf-8") as f:
        cited = set(re.findall(r"^- \*\*(.+?)\*\*:", f.read(), re.M))
    _, maestri = read(os.path.join(ds, "exchanges_maestri.csv"))
    maestri_rows = {(r["case_id"], r["ewc"], r["provider_nace"], r["receiver_nace"])
                    for _, r in maestri}
    maestri_cases = {r["case_id"] for _, r in maestri}

    # exchanges_curated.csv
    name = "exchanges_curated.csv"
    header, rows = read(os.path.join(ds, name))
    if header != COLUMNS:
        problem(name + ":1", "columns must be " + ",".join(COLUMNS))
    seen = set()
    for line, r in rows:
        where = "%s:%d" % (name, line)
        if not r.get("case_id", "").strip():
            problem(where, "missing case_id")
        eid = r.get("exchange_id", "").strip()
        if not eid or eid in seen:
            problem(where, "exchange_id '%s' missing or repeated" % eid)
        seen.add(eid)
        check_codes(where, r, ewcs, resources)
        if not nace_ok(r.get("provider_nace", ""), True):
            problem(where, "provider_nace '%s' is not 1-3 NACE codes" % r.get("provider_nace"))
        if not nace_ok(r.get("receiver_nace", ""), True):
            problem(where, "receiver_nace '%s' is not 1-3 NACE codes" % r.get("receiver_nace"))
        if r.get("status") not in ("Implemented", "Planned"):
            problem(where, "status '%s' is not Implemented or Planned" % r.get("status"))
        src = r.get("source", "").strip()
        if not src:
            problem(where, "missing source")
        for c in (x.strip() for x in src.split(";") if x.strip()):
            if c not in cited:
                problem(where, "citation '%s' has no reference in SOURCES.md" % c)
        if len(r.get("note", "").strip()) < 20:
            problem(where, "the note must say which firms exchange what")
        case = r.get("case_id", "")
        if case.isdigit():
            if case not in maestri_cases:
                problem(where, "case '%s' is not a MAESTRI case" % case)
            if (case, r.get("ewc", ""), r.get("provider_nace"), r.get("receiver_nace")) in \
                    maestri_rows:
                problem(where, "repeats a row of exchanges_maestri.csv")

    # exchanges_maestri_flows.csv
    name = "exchanges_maestri_flows.csv"
    header, rows = read(os.path.join(ds, name))
    if not set(COLUMNS) - {"ewc"} <= set(header):
        problem(name + ":1", "columns must include " + ",".join(c for c in COLUMNS if c != "ewc"))
    for line, r in rows:
        where = "%s:%d" % (name, line)
        check_codes(where, r, ewcs, resources)
        for k in ("provider_nace", "receiver_nace"):
            if not nace_ok(r.get(k, ""), False):
                problem(where, "%s '%s' is not 1-3 NACE codes" % (k, r.get(k)))
        if r.get("case_id") not in maestri_cases or not r.get("source", "").strip():
            problem(where, "a MAESTRI case id and its source are required")

    # exchange_corrections.csv
    name = "exchange_corrections.csv"
    _, rows = read(os.path.join(ds, name))
    for line, c in rows:
        where = "%s:%d" % (name, line)
        if c.get("action") not in ("drop", "recode"):
            problem(where, "action must be drop or recode")
        if c.get("ewc") not in ewcs:
            problem(where, "ewc '%s' is not an entry of ewc.csv" % c.get("ewc"))
        if c.get("action") == "recode" and c.get("to_ewc") not in ewcs:
            problem(where, "to_ewc '%s' is not an entry of ewc.csv" % c.get("to_ewc"))
        if len(c.get("reason", "").strip()) < 20:
            problem(where, "a correction needs its reason")
        res = c.get("to_resource", "").strip()
        if res and res not in resources:
            problem(where, "to_resource '%s' is not a code of resources.csv" % res)
        hits = [r for _, r in maestri
                if r["ewc"] == c.get("ewc") and (not c.get("case_id") or
                                                 r["case_id"] == c["case_id"]) and
                r["receiver_nace"].startswith(c.get("receiver_nace", ""))]
        if not hits:
            problem(where, "matches no row of exchanges_maestri.csv")

    for p in problems:
        print(p)
    print("%d problem(s)" % len(problems))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
