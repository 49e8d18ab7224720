#!/usr/bin/env python3
"""Write tests/data/legal/hazard: every hazardous entry of the List of Waste
(datasets/ewc.csv) offered next to firms of every class the legal gate
protects (README "What symbi will never propose"), which ask for each entry,
its chapter, feed, food, fertiliser, substrate and drinking water, or declare
nothing (sector potential); and next to firms allowed to take hazardous waste
(a hazardous-waste treatment plant, a cement kiln, a refinery), the positive
controls. Run it again after ewc.csv changes."""
import csv, os

HERE = os.path.dirname(os.path.abspath(__file__))
EWC = os.path.join(HERE, "..", "..", "..", "datasets", "ewc.csv")
haz = []
for r in csv.DictReader(open(EWC, encoding="utf-8")):
    if r["hazardous"].strip().lower() == "true":
        haz.append(r["code"].replace(" ", ""))
PROTECTED = [("0111", "01.11", "crop farm"), ("0141", "01.41", "dairy cattle farm"),
             ("0146", "01.46", "pig farm"), ("0210", "02.10", "forestry"),
             ("0322", "03.22", "fish farm"), ("1051", "10.51", "dairy"),
             ("1091", "10.91", "feed mill"), ("1092", "10.92", "pet food plant"),
             ("1105", "11.05", "brewery"), ("2015", "20.15", "fertiliser plant"),
             ("3600", "36.00", "water works"), ("8130", "81.30", "landscaping")]
ALLOWED = [("H3822", "38.22", "hazardous waste treatment"), ("K2351", "23.51", "cement kiln"),
           ("R1920", "19.20", "refinery")]
firms, streams = [], []
lat, lon = 60.80, 10.70


def firm(fid, name, nace, k):
    firms.append([fid, name, "%.5f" % (lat + 0.002 * (k % 10)), "%.5f" % (lon + 0.002 * (k // 10)), nace])


for i in range(4):  # four suppliers, so tiles split them
    firm("S%d" % i, "Hazardous waste producer %d" % i, "38.11", i)
for n, c in enumerate(haz):
    streams.append(["S%d" % (n % 4), "supply", "ewc:" + c, "10", "t", "", ""])
k = 10
for code, nace, name in PROTECTED:
    # P: declares demands for each entry, each chapter and every protected kind
    firm("P" + code, name + " (declared demands)", nace, k)
    k += 1
    for c in haz:
        streams.append(["P" + code, "demand", "ewc:" + c, "5", "t", "", ""])
    for ch in sorted({c[:2] for c in haz} | {c[:4] for c in haz}):
        streams.append(["P" + code, "demand", "ewc:" + ch, "5", "t", "", ""])
    for m in ("mat:feed", "mat:food", "mat:fertiliser", "mat:substrate", "mat:fuel",
              "mat:chemical", "mat:metal"):
        streams.append(["P" + code, "demand", m, "5", "t", "", ""])
    streams.append(["P" + code, "demand", "water:fresh", "5", "m3", "", ""])
    # Q: declares no demand (sector potential only)
    firm("Q" + code, name + " (no demand)", nace, k)
    k += 1
    streams.append(["Q" + code, "supply", "energy:heat", "1", "MWh", "40", ""])
for fid, nace, name in ALLOWED:
    firm(fid, name, nace, k)
    k += 1
streams.append(["H3822", "demand", "ewc:13", "50", "t", "", "a hazardous-waste plant names chapters"])
streams.append(["H3822", "demand", "ewc:16", "50", "t", "", ""])
streams.append(["R1920", "demand", "mat:fuel.oil.used", "50", "t", "", "re-refining"])
os.makedirs(os.path.join(HERE, "hazard"), exist_ok=True)
with open(os.path.join(HERE, "hazard", "firms.csv"), "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["firm_id", "name", "lat", "lon", "nace"])
    w.writerows(firms)
with open(os.path.join(HERE, "hazard", "streams.csv"), "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["firm_id", "direction", "resource", "quantity", "unit", "temp_c", "note"])
    w.writerows(streams)
print(len(haz), "hazardous entries,", len(firms), "firms,", len(streams), "streams")
