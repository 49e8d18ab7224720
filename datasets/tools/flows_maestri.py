#!/usr/bin/env python3
"""flows_maestri.py: the energy, water and gas exchanges of the MAESTRI
database as a table for symbi's evidence (datasets/exchanges_maestri_flows.csv).

The processed MAESTRI sheet behind exchanges_maestri.csv dropped energy and
water flows (SOURCES-maestri.md); the original "Exchanges Database" sheet
(/work/shared/data/maestri_exchanges_all.csv) keeps them. Each of its rows not
in exchanges_maestri.csv is coded by its `material` text with the table
below, the text kept in `note`; rows whose material has no resource code here
(electricity, air) or is ambiguous are left out, and so named on stderr.
The citation is the case's, as exchanges_maestri.csv writes it.

With --corrections FILE (datasets/exchange_corrections.csv), each row of
exchanges_maestri.csv that a correction with a `to_resource` code matches (its
case, EWC code and receiver NACE prefix, as symbi learn matches them) is written
too, as that resource code with the NACE codes of exchanges_maestri.csv (so that
it stays the same firms of its case) and its material text, after the other
rows: e.g. the CO2 flows coded 16 05 04 and the hydrogen coded 06 01 02 by the
MAESTRI processor, which the original sheet leaves without an EWC code.

Usage: flows_maestri.py ALL.csv exchanges_maestri.csv [--corrections FILE] > exchanges_maestri_flows.csv
"""
import csv
import sys

CODES = {
    "steam": "energy:steam",
    "vapour and demineralised water": "energy:steam",
    "waste heat": "energy:heat",
    "heat": "energy:heat",
    "waste hot water": "energy:heat",
    "waste water": "water:waste",
    "disposal water": "water:waste",
    "bleaching water": "water:waste",
    "white water": "water:waste",
    "reclaimed water": "water:treated",
    "demineralised water": "water:fresh",
    "potable water": "water:fresh",
    "pure water": "water:fresh",
    "reverse osmosis water": "water:fresh",
    "water": "water:fresh",
    "bore water": "water:fresh",
    "condensed water": "water:fresh",
    "condensate water": "water:fresh",
    "co2": "gas:co2",
    "carbon dioxide": "gas:co2",
    "used carbon dioxide": "gas:co2",
}
# Left out, with the reason: no resource code for them in resources.csv.
SKIP = {
    "electricity": "electricity has no resource code (every firm takes it from the grid)",
    "air": "no resource code",
    "waste gas": "ambiguous: fuel gas or flue gas",
    "sea and well water, condensing vapour": "ambiguous: mixed water and steam",
}


def main():
    all_rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
    derived = list(csv.DictReader(open(sys.argv[2], newline="", encoding="utf-8")))
    have = {r["exchange_id"] for r in derived}
    cite = {}
    for r in derived:
        cite.setdefault(r["case_id"], r["source"])
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(["case_id", "exchange_id", "resource", "provider_nace", "receiver_nace",
                "status", "source", "note"])
    for r in all_rows:
        if r["exchange_id"] in have:
            continue
        m = r["material"].strip().lower()
        if m in SKIP or m not in CODES:
            print("left out %s (%s): %s" % (r["exchange_id"], r["material"],
                                            SKIP.get(m, "no code")), file=sys.stderr)
            continue
        if not r["provider_nace"] and not r["receiver_nace"]:
            continue
        w.writerow([r["case_id"], r["exchange_id"], CODES[m], r["provider_nace"],
                    r["receiver_nace"], r["status"], cite[r["case_id"]],
                    "material: " + r["material"].strip()])
    if "--corrections" in sys.argv:
        path = sys.argv[sys.argv.index("--corrections") + 1]
        corr = [c for c in csv.DictReader(open(path, newline="", encoding="utf-8"))
                if c.get("to_resource", "").strip()]
        material = {r["exchange_id"]: r["material"].strip() for r in all_rows}
        for r in derived:
            for c in corr:
                if c["ewc"] != r["ewc"] or (c["case_id"] and c["case_id"] != r["case_id"]) or \
                        not r["receiver_nace"].startswith(c["receiver_nace"]):
                    continue
                e = r["ewc"]
                w.writerow([r["case_id"], r["exchange_id"], c["to_resource"].strip(),
                            r["provider_nace"], r["receiver_nace"], r["status"], r["source"],
                            "material: %s; exchanges_maestri.csv codes it EWC %s %s %s, which "
                            "exchange_corrections.csv %ss" % (material.get(r["exchange_id"], "?"),
                                                              e[:2], e[2:4], e[4:], c["action"])])
                break

if __name__ == "__main__":
    main()
