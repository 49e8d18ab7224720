#!/usr/bin/env python3
"""Build datasets/basemap_no.csv, the base map under the firms of `symbi report`.

    python3 datasets/tools/basemap.py NORWAY_DIR COUNTRIES_50M_JSON \
        datasets/tools/lakes_no.geojson > datasets/basemap_no.csv

NORWAY_DIR holds Kartverket's administrative units as GeoJSON (Norge-S,
Fylker-S, Kommuner-S; CC BY 4.0, "(c) Kartverket"); COUNTRIES_50M_JSON is
countries-50m.json of the npm package world-atlas 2.0.2 (Natural Earth
1:50m admin-0 countries, public domain, as TopoJSON); the optional
LAKES_GEOJSON is datasets/tools/lakes_no.geojson, the large lakes (Natural
Earth 1:10m lakes, public domain; each feature names its source). Run once by
hand; the output is committed (datasets/SOURCES.md says where it comes from).

Output, one line per ring or line, columns `layer,name,points`:
  land          a closed ring of land: Norway's coastline and national border
                from Kartverket (name "Norge"), the neighbours' from Natural
                Earth (their English names); holes of a polygon are rings too
                and are drawn with the even-odd rule
  county        a border between two Norwegian counties (2024)
  municipality  a border between two municipalities of the same county
  lake          a closed ring of a large lake (its name, or empty), drawn over
                the land in the colour of water
`points` is "lon lat lon lat ..." in degrees with 4 decimals (about 10 m).

Borders are the edges two municipality polygons share (a shared edge is
drawn once, not once per side), joined into lines and simplified with the
Douglas-Peucker algorithm (Douglas and Peucker, Cartographica 10(2), 1973),
O(n log n) on average, in a plane whose longitudes are scaled by cos(62 deg)
so that the tolerance is about the same distance both ways. Tolerances:
TOL_KM below; they keep the page small while a region map still shows
fjords and bends of a border at a few hundred metres.
Lakes come from Natural Earth's 1:10m lakes layer (public domain); only the
few large Norwegian lakes in datasets/tools/lakes_no.geojson are drawn.
"""
import collections
import csv
import json
import math
import os
import sys

KX = math.cos(math.radians(62.0))
KM_PER_DEG = 111.195
TOL_KM = {"land": 0.25, "county": 0.2, "municipality": 0.3, "neighbour": 1.0, "lake": 0.2}
# The neighbours of Norway drawn from Natural Earth, by ISO 3166 numeric id.
NEIGHBOURS = {"752": "Sweden", "246": "Finland", "643": "Russia", "208": "Denmark",
              "233": "Estonia", "428": "Latvia", "440": "Lithuania", "276": "Germany",
              "826": "United Kingdom", "352": "Iceland", "616": "Poland"}
BOX = (-12.0, 52.0, 45.0, 82.0)  # lon0, lat0, lon1, lat1 of what is kept


def key(p):
    return (round(p[0], 6), round(p[1], 6))


def dp(points, tol_deg):
    """Douglas-Peucker, iterative; keeps the first and last point."""
    n = len(points)
    if n < 3:
        return points
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        a, b = stack.pop()
        ax, ay = points[a][0] * KX, points[a][1]
        bx, by = points[b][0] * KX, points[b][1]
        dx, dy = bx - ax, by - ay
        ll = dx * dx + dy * dy
        best, bi = -1.0, -1
        for i in range(a + 1, b):
            px, py = points[i][0] * KX, points[i][1]
            if ll == 0:
                d = math.hypot(px - ax, py - ay)
            else:
                t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / ll))
                d = math.hypot(px - ax - t * dx, py - ay - t * dy)
            if d > best:
                best, bi = d, i
        if best > tol_deg:
            keep[bi] = True
            stack.append((a, bi))
            stack.append((bi, b))
    return [p for p, k in zip(points, keep) if k]


def simplify_ring(ring, tol_km):
    """A closed ring, simplified; None when it shrinks below a triangle or is
    smaller than the tolerance."""
    if len(ring) < 4:
        return None
    # Split at the point farthest from the first, so that both halves keep
    # their ends and the ring stays closed.
    far = max(range(len(ring)), key=lambda i: (ring[i][0] - ring[0][0]) ** 2 * KX * KX
              + (ring[i][1] - ring[0][1]) ** 2)
    tol = tol_km / KM_PER_DEG
    out = dp(ring[:far + 1], tol)[:-1] + dp(ring[far:], tol)
    if len(out) < 4:
        return None
    xs = [p[0] * KX for p in out]
    ys = [p[1] for p in out]
    if max(max(xs) - min(xs), max(ys) - min(ys)) < 2 * tol:
        return None
    return out


def rings_of(geom):
    polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
    for poly in polys:
        for ring in poly:
            yield ring


def chains(edges):
    """Join undirected edges into lines: each line runs between points where
    the degree is not 2 (or round a cycle). Deterministic: sorted starts."""
    adj = collections.defaultdict(list)
    for a, b in edges:
        adj[a].append(b)
        adj[b].append(a)
    for v in adj:
        adj[v].sort()
    used = set()
    lines = []

    def walk(a, b):
        line = [a, b]
        used.add((min(a, b), max(a, b)))
        while len(adj[b]) == 2:
            nxt = [c for c in adj[b] if (min(b, c), max(b, c)) not in used]
            if not nxt:
                break
            a, b = b, nxt[0]
            used.add((min(a, b), max(a, b)))
            line.append(b)
        return line

    for v in sorted(adj):
        if len(adj[v]) != 2:
            for u in adj[v]:
                if (min(u, v), max(u, v)) not in used:
                    lines.append(walk(v, u))
    for v in sorted(adj):
        for u in adj[v]:
            if (min(u, v), max(u, v)) not in used:
                lines.append(walk(v, u))
    return lines


def topo_rings(topo, obj_geoms):
    """Rings of TopoJSON geometries (quantized, delta-encoded arcs)."""
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)

    def ring(idx):
        out = []
        for i in idx:
            pts = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(pts if not out else pts[1:])
        return out

    for g in obj_geoms:
        polys = g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]]
        for poly in polys:
            for r in poly:
                yield g, ring(r)


def fmt(points):
    return " ".join("%.4f %.4f" % (round(x, 4) + 0.0, round(y, 4) + 0.0) for x, y in points)


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: basemap.py NORWAY_DIR COUNTRIES_50M_JSON [LAKES_GEOJSON] > basemap_no.csv")
    nodir, ne = sys.argv[1], sys.argv[2]
    rows = []
    with open(os.path.join(nodir, "Norge-S.geojson"), encoding="utf-8") as f:
        norge = json.load(f)
    for ft in norge["features"]:
        for ring in rings_of(ft["geometry"]):
            s = simplify_ring(ring, TOL_KM["land"])
            if s:
                rows.append(("land", "Norge", s))
    with open(ne, encoding="utf-8") as f:
        topo = json.load(f)
    geoms = [g for g in topo["objects"]["countries"]["geometries"]
             if str(g.get("id")) in NEIGHBOURS]
    geoms.sort(key=lambda g: str(g["id"]))
    for g, ring in topo_rings(topo, geoms):
        xs = [p[0] for p in ring]
        ys = [p[1] for p in ring]
        if max(xs) < BOX[0] or min(xs) > BOX[2] or max(ys) < BOX[1] or min(ys) > BOX[3]:
            continue
        s = simplify_ring(ring, TOL_KM["neighbour"])
        if s:
            rows.append(("land", NEIGHBOURS[str(g["id"])], s))
    if len(sys.argv) == 4:
        with open(sys.argv[3], encoding="utf-8") as f:
            lakes = json.load(f)
        for ft in lakes["features"]:
            for ring in rings_of(ft["geometry"]):
                s = simplify_ring([tuple(p) for p in ring], TOL_KM["lake"])
                if s:
                    rows.append(("lake", ft["properties"]["name"], s))
    with open(os.path.join(nodir, "Kommuner-S.geojson"), encoding="utf-8") as f:
        kommuner = json.load(f)
    owner = collections.defaultdict(set)  # edge -> municipality numbers
    for ft in kommuner["features"]:
        nr = ft["properties"]["kommunenummer"]
        for ring in rings_of(ft["geometry"]):
            for a, b in zip(ring, ring[1:]):
                a, b = key(a), key(b)
                if a != b:
                    owner[(min(a, b), max(a, b))].add(nr)
    county, muni = [], []
    for e, nrs in owner.items():
        if len(nrs) < 2:
            continue  # coast or national border: the land ring draws it
        (county if len({n[:2] for n in nrs}) > 1 else muni).append(e)
    for layer, edges in (("county", county), ("municipality", muni)):
        for line in chains(edges):
            s = dp(line, TOL_KM[layer] / KM_PER_DEG)
            if len(s) >= 2:
                rows.append((layer, "", s))
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["layer", "name", "points"])
    for layer, name, pts in rows:
        out.writerow([layer, name, fmt(pts)])


if __name__ == "__main__":
    main()
