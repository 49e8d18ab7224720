#!/usr/bin/env python3
"""Open the exports of the demo dataset with readers that owe nothing to symbi.

For several sets of matching options, run `symbi match` (the reference: its
JSON partnerships) and `symbi export --format geojson|graphml|csv -o FILE`
with the same options, then:

- GeoJSON, read with the json module: a FeatureCollection; one Point per firm
  of firms.csv at [lon, lat] (RFC 7946 order: checked against the CSV's lat
  and lon, and inside Norway); one LineString per partnership, from the
  supplier's position to the receiver's, with the partnership's id, resource,
  basis and quantity;
- GraphML, read with xml.etree (and networkx when it is installed): one node
  per firm with id, name, lat, lon, nace, region; one edge per partnership
  from supplier to receiver with resource, quantity, value_nok, co2e_t;
- CSV, read with the csv module: the documented header, one row per
  partnership in the order of `symbi match`, the same ids and quantities.

Also: the same command twice gives the same bytes, and -o leaves no
temporary file behind. Exits 1 on the first list of problems.
"""
import csv
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

from symbi_run import run  # beside this file
DATADIR = os.environ["SYMBI_DATADIR"]
DEMO = os.path.join(DATADIR, "innlandet")
GRAPHML_NS = "{http://graphml.graphdrawing.org/xmlns}"

CSV_HEADER = [
    "id", "supplier_firm_id", "supplier_name", "supply_stream_id", "receiver_firm_id",
    "receiver_name", "demand_stream_id", "resource", "receiver_resource", "basis", "quantity",
    "unit", "distance_km", "route_km", "transport_nok", "avoided_disposal_nok",
    "avoided_purchase_nok", "value_nok", "transport_co2e_t", "avoided_co2e_t", "co2e_t",
    "score", "allocated", "mode", "rule_source", "rule_conditions",
]

OPTION_SETS = [
    [],
    ["--sector"],
    ["--optimize"],
    ["--sector", "--optimize", "--objective", "co2", "--top", "3"],
    ["--max-km", "20"],
]

problems = []


def check(cond, what):
    if not cond:
        problems.append(what)
    return cond


def close(a, b, tol=1e-3):
    """Numbers within tol, or both absent (a CO2e that is not estimated)."""
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= tol * max(1.0, abs(a), abs(b))


def num(text):
    """A number cell: None for an empty cell or GraphML's NaN (not estimated)."""
    if text.strip() == "" or text.strip().lower() == "nan":
        return None
    return float(text)


def read_firms():
    with open(os.path.join(DEMO, "firms.csv"), encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    firms = {}
    order = []
    for row in rows:
        row = {k.strip().lower(): v for k, v in row.items()}
        firms[row["firm_id"]] = (float(row["lat"]), float(row["lon"]))
        order.append(row["firm_id"])
    return firms, order


def check_geojson(path, firms, order, parts, tag, optimised):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    check(doc.get("type") == "FeatureCollection", tag + "geojson: not a FeatureCollection")
    feats = doc.get("features", [])
    points = [ft for ft in feats if ft["geometry"]["type"] == "Point"]
    lines = [ft for ft in feats if ft["geometry"]["type"] == "LineString"]
    check(len(points) == len(firms), tag + "geojson: %d points for %d firms" % (len(points), len(firms)))
    check(len(lines) == len(parts), tag + "geojson: %d lines for %d partnerships" % (len(lines), len(parts)))
    check(len(points) + len(lines) == len(feats), tag + "geojson: other geometry types")
    for ft in feats:
        check(ft.get("type") == "Feature", tag + "geojson: a feature without type Feature")
        coords = ft["geometry"]["coordinates"]
        pairs = [coords] if ft["geometry"]["type"] == "Point" else coords
        for lon, lat in pairs:
            check(4.0 <= lon <= 32.0 and 57.5 <= lat <= 71.5,
                  tag + "geojson: [%r, %r] is not [lon, lat] in Norway" % (lon, lat))
    seen = []
    for ft in points:
        p = ft["properties"]
        for key in ("firm_id", "name", "nace", "region", "municipality", "supplies", "demands"):
            check(key in p, tag + "geojson: firm lacks " + key)
        lat, lon = firms.get(p["firm_id"], (None, None))
        check(lat is not None and close(ft["geometry"]["coordinates"][0], lon, 1e-6)
              and close(ft["geometry"]["coordinates"][1], lat, 1e-6),
              tag + "geojson: firm %s not at [lon, lat] of firms.csv" % p["firm_id"])
        seen.append(p["firm_id"])
    check(seen == order, tag + "geojson: firms not one per row of firms.csv in order")
    for ft, ref in zip(lines, parts):
        p = ft["properties"]
        check(p["id"] == ref["id"], tag + "geojson: partnership %s, expected %s" % (p["id"], ref["id"]))
        for key in ("resource", "receiver_resource", "basis", "unit", "basis"):
            check(p.get(key) == ref.get(key), tag + "geojson: %s of %s differs" % (key, ref["id"]))
        for key in ("quantity", "distance_km", "value_nok", "co2e_t", "score"):
            check(close(p[key], ref[key]), tag + "geojson: %s of %s: %r vs %r" % (key, ref["id"], p[key], ref[key]))
        check(("allocated" in p) == optimised, tag + "geojson: allocated present iff optimised")
        a = firms[ref["supplier"]["firm_id"]]
        b = firms[ref["receiver"]["firm_id"]]
        (x1, y1), (x2, y2) = ft["geometry"]["coordinates"]
        check(close(x1, a[1], 1e-6) and close(y1, a[0], 1e-6) and close(x2, b[1], 1e-6)
              and close(y2, b[0], 1e-6), tag + "geojson: line %s not supplier -> receiver" % ref["id"])


def check_graphml(path, firms, order, parts, tag):
    root = ET.parse(path).getroot()
    keys = {}
    for k in root.findall(GRAPHML_NS + "key"):
        keys[k.get("id")] = (k.get("for"), k.get("attr.name"), k.get("attr.type"))
    node_attrs = {v[1] for v in keys.values() if v[0] == "node"}
    edge_attrs = {v[1] for v in keys.values() if v[0] == "edge"}
    for a in ("id", "name", "lat", "lon", "nace", "region"):
        check(a in node_attrs, tag + "graphml: node attribute %s missing" % a)
    for a in ("resource", "quantity", "value_nok", "co2e_t"):
        check(a in edge_attrs, tag + "graphml: edge attribute %s missing" % a)
    graph = root.find(GRAPHML_NS + "graph")
    check(graph is not None and graph.get("edgedefault") == "directed", tag + "graphml: not a directed graph")
    nodes = graph.findall(GRAPHML_NS + "node")
    edges = graph.findall(GRAPHML_NS + "edge")
    check(len(nodes) == len(firms), tag + "graphml: %d nodes for %d firms" % (len(nodes), len(firms)))
    check(len(edges) == len(parts), tag + "graphml: %d edges for %d partnerships" % (len(edges), len(parts)))

    def data(el):
        return {keys[d.get("key")][1]: d.text or "" for d in el.findall(GRAPHML_NS + "data")}

    node_firm = {}
    for n, fid in zip(nodes, order):
        d = data(n)
        check(d.get("id") == fid, tag + "graphml: node %s is %r, expected %r" % (n.get("id"), d.get("id"), fid))
        node_firm[n.get("id")] = d.get("id")
        lat, lon = firms[fid]
        check(close(float(d["lat"]), lat, 1e-6) and close(float(d["lon"]), lon, 1e-6),
              tag + "graphml: node %s position" % fid)
    for e, ref in zip(edges, parts):
        d = data(e)
        check(d.get("id") == ref["id"], tag + "graphml: edge %r, expected %r" % (d.get("id"), ref["id"]))
        check(node_firm.get(e.get("source")) == ref["supplier"]["firm_id"]
              and node_firm.get(e.get("target")) == ref["receiver"]["firm_id"],
              tag + "graphml: edge %s not supplier -> receiver" % ref["id"])
        check(d.get("resource") == ref["resource"], tag + "graphml: resource of " + ref["id"])
        for key in ("quantity", "value_nok", "co2e_t"):
            check(close(num(d.get(key, "")), ref[key]), tag + "graphml: %s of %s" % (key, ref["id"]))
    try:
        import networkx  # optional: a second, independent reader
    except ImportError:
        return
    g = networkx.read_graphml(path)
    check(g.number_of_nodes() == len(firms), tag + "networkx: node count")
    check(g.number_of_edges() == len(parts), tag + "networkx: edge count")


def check_csv(path, parts, tag, optimised):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    check(rows and rows[0] == CSV_HEADER, tag + "csv: header %r" % (rows[0] if rows else None))
    body = [dict(zip(rows[0], r)) for r in rows[1:]]
    check(len(body) == len(parts), tag + "csv: %d rows for %d partnerships" % (len(body), len(parts)))
    check(all(len(r) == len(CSV_HEADER) for r in rows), tag + "csv: ragged rows")
    for row, ref in zip(body, parts):
        check(row["id"] == ref["id"], tag + "csv: row %s, expected %s" % (row["id"], ref["id"]))
        check(row["supplier_firm_id"] == ref["supplier"]["firm_id"], tag + "csv: supplier of " + ref["id"])
        check(row["supplier_name"] == ref["supplier"]["name"], tag + "csv: supplier name of " + ref["id"])
        check(row["receiver_firm_id"] == ref["receiver"]["firm_id"], tag + "csv: receiver of " + ref["id"])
        check(row["basis"] == ref["basis"], tag + "csv: basis of " + ref["id"])
        for key in ("quantity", "distance_km", "value_nok", "co2e_t"):
            check(close(num(row[key]), ref[key]), tag + "csv: %s of %s" % (key, ref["id"]))
        check((row["allocated"] != "") == (optimised and ref["basis"] == "declared"),
              tag + "csv: allocated of %s is %r" % (ref["id"], row["allocated"]))


def main():
    if not os.path.isfile(os.path.join(DEMO, "firms.csv")):
        raise SystemExit("FAIL: demo dataset %s not found" % DEMO)
    firms, order = read_firms()
    tmp = tempfile.mkdtemp(prefix="symbi-exports-")
    total = 0
    for opts in OPTION_SETS:
        tag = "[%s] " % " ".join(opts)
        ref = json.loads(run(["match", DEMO] + opts))
        parts = ref["partnerships"]
        total += len(parts)
        optimised = "--optimize" in opts
        for fmt in ("geojson", "graphml", "csv"):
            path = os.path.join(tmp, "out." + fmt)
            if os.path.exists(path):
                os.remove(path)
            run(["export", DEMO, "--format", fmt, "-o", path] + opts)
            if fmt == "geojson":
                check_geojson(path, firms, order, parts, tag, optimised)
            elif fmt == "graphml":
                check_graphml(path, firms, order, parts, tag)
            else:
                check_csv(path, parts, tag, optimised)
            again = run(["export", DEMO, "--format", fmt] + opts)
            with open(path, "rb") as f:
                check(f.read() == again, tag + fmt + ": -o and stdout, or two runs, differ")
        leftovers = [n for n in os.listdir(tmp) if ".tmp" in n]
        check(not leftovers, tag + "temporary files left: %r" % leftovers)
        print("ok   %-45s %d firms, %d partnerships" % (tag, len(firms), len(parts)))
    check(total > 0, "the demo dataset gave no partnership at all")
    subprocess.run(["rm", "-rf", tmp])
    if problems:
        for p in problems[:60]:
            print("FAIL " + p)
        print("%d problems" % len(problems))
        sys.exit(1)
    print("all exports read back")


if __name__ == "__main__":
    main()
