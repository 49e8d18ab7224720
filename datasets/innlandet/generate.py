#!/usr/bin/env python3
"""Generate the fictional Innlandet demo dataset of symbi.

    python3 datasets/innlandet/generate.py [--data DIR] [--check-only]

Writes firms.csv, streams.csv and README.md next to this script, then checks
them (unique ids, known firms, valid resource codes, units, NACE codes,
coordinates, and that every planted chain and loop really links up under the
matching rules of SPEC section 4).  Standard library only; fully deterministic:
coordinates are offset from real municipality centroids by an amount derived
from a SHA-256 hash of the firm id, never from a random generator.

DIR holds the reference data (innlandet_municipalities.csv,
norway_municipalities.csv, nace_rev2.csv); by default the script looks for
../shared/data beside the repository, then /work/shared/data.  EWC codes and
the mat: vocabulary are read from the repository's datasets/ewc.csv and
datasets/resources.csv.

The firms are fictional.  Every quantity is derived in this file from a
size parameter (log intake, milk intake, herd size, IT load, ...) and one of
the assumptions A1..A20 documented in README.md.
"""

import argparse
import csv
import hashlib
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DATASETS = os.path.join(REPO, "datasets")

FYLKE = {"34": "Innlandet", "31": "Østfold", "32": "Akershus",
         "33": "Buskerud", "50": "Trøndelag"}

# --------------------------------------------------------------------------
# Assumptions (numbers used below; README.md explains basis and sources)
# --------------------------------------------------------------------------
GREEN_DENSITY = 0.80      # A1: t of green residue per m3 solid wood
SHARE_CHIPS = 0.30        # A1: chips, share of log volume
SHARE_SAWDUST = 0.10      # A1: sawdust + shavings, share of log volume
SHARE_BARK = 0.10         # A1: bark, share of log volume (under bark)
BARK_OWN_USE = 0.60       # A2: share of bark burnt in the mill's own boiler
KILN_MWH_PER_M3_LOG = 0.15  # A2: kiln heat per m3 log (0.3 MWh per m3 sawn)
SAWDUST_PER_PELLET = 1.8  # A3: t green sawdust per t pellets
BARK_PER_PELLET = 0.30    # A3: t bark burnt in the dryer per t pellets
FUEL_T_PER_MWH = 0.44     # A4: t wet chips/bark per MWh heat delivered
ASH_SHARE = 0.01          # A4: ash, share of fuel mass (70 % bottom, 30 % fly)
WHEY_PER_MILK = 0.85      # A5: t whey per t milk made into cheese
MANURE_COW = 20.0         # A6: t slurry per dairy cow place and year
MANURE_PIG = 1.7          # A6: t slurry per finishing-pig place and year
MANURE_BIRD = 0.03        # A6: t manure per broiler place and year
WHEY_PER_PIG = 2.0        # A7: t whey fed per pig place and year
STILLAGE_PER_PIG = 1.5    # A7: t wet stillage fed per pig place and year
CH4_MWH_PER_T = {         # A8: methane energy per t fresh substrate
    "manure": 0.15, "pigslurry": 0.167, "foodwaste": 0.90, "whey": 0.25,
    "abp": 0.60, "sludge": 0.30, "vegetable": 0.60,
}
DIGESTATE_SHARE = 0.90    # A8: t digestate per t substrate
CO2_T_PER_MWH_CH4 = 0.13  # A8: t CO2 separated in upgrading per MWh methane
DC_MWH_PER_MW_IT = 3700   # A9: recoverable heat per MW IT load and year
SPENT_GRAIN_T_PER_HL = 0.02  # A10: t wet spent grain per hl beer
GH_HEAT_KWH_M2 = 250      # A12: greenhouse heat demand, kWh per m2 and year
GH_CO2_KG_M2 = 10         # A12: greenhouse CO2 dosing, kg per m2 and year
GH_RESIDUE_KG_M2 = 8      # A12: greenhouse plant residues, kg per m2 and year
FOODWASTE_KG_CAP = 45     # A14: separately collected food waste, kg/inhabitant
GLASS_KG_CAP = 12         # A14: glass packaging, kg/inhabitant
RESIDUAL_KG_CAP = 170     # A14: residual household waste, kg/inhabitant
GYPSUM_KG_CAP = 3         # A14: gypsum board at recycling stations
WOOD_KG_CAP = 35          # A14: waste wood at recycling stations
GARDEN_KG_CAP = 40        # A14: garden waste
SLUDGE_T_PER_CAP = 0.08   # A15: dewatered sewage sludge, t per inhabitant
DIGESTATE_T_PER_HA = 25   # A16: digestate applied per hectare on receiving fields
ASH_T_PER_HA = 0.1        # A16: wood ash as liming agent, t per ha and year

# Illustrative prices, NOK per unit of the stream's unit (A20; not sourced).
P = {
    "chips_sold": 0, "sawdust_disp": 30, "bark_disp": 80,
    "sawdust_buy": 350, "bark_buy": 220, "biofuel_buy": 320,
    "pellet_buy": 2800, "heat_disp": 20, "heat_buy": 650, "gh_heat_buy": 700,
    "steam_buy": 800, "fuelgas_buy": 900, "co2_buy": 2500, "co2_disp": 0,
    "manure_disp": 40, "manure_buy": 0, "digestate_disp": 60,
    "digestate_buy": 80, "whey_disp": 150, "whey_feed": 80,
    "spentgrain_disp": 100, "spentgrain_feed": 400, "foodwaste_disp": 750,
    "abp_disp": 900, "sludge_disp": 500, "ash_disp": 650, "ash_buy_farm": 150,
    "scm_buy": 900, "al_scrap_buy": 14000, "steel_scrap_buy": 2500,
    "al_scrap_sold": -12000, "steel_scrap_sold": -2000,
    "nonferrous_mixed_sold": -7000, "ferrous_mixed_sold": -1000,
    "gypsum_disp": 1200, "gypsum_buy": 450, "recwood_disp": 450,
    "recwood_buy": 100, "glass_disp": 300, "glass_buy": 600,
    "msw_disp": 1150, "cdw_disp": 1300, "concrete_disp": 150,
    "aggregate_buy": 110, "asphalt_disp": 120, "asphalt_buy": 150,
    "emulsion_disp": 2500, "haz_disp": 3500, "plastic_disp": 900,
    "water_buy": 15, "wastewater_disp": 25,
}

# --------------------------------------------------------------------------
# Substitution rules used to verify the planted chains: datasets/rules.csv when
# it exists (what the engine loads), else this minimal fallback list.
# --------------------------------------------------------------------------
RULES = [
    ("ewc:030105", "mat:biofuel"), ("ewc:030105", "mat:wood.sawdust"),
    ("ewc:100105", "mat:mineral.gypsum"), ("ewc:020106", "mat:substrate.manure"),
    ("ewc:020701", "mat:feed.spent-grain"), ("ewc:020702", "mat:feed.spent-grain"),
    ("ewc:020704", "mat:feed.spent-grain"), ("ewc:020705", "mat:feed.spent-grain"),
    ("ewc:020501", "mat:feed.whey"), ("ewc:020501", "mat:substrate.whey"),
    ("ewc:020502", "mat:feed.whey"), ("ewc:020502", "mat:substrate.whey"),
    ("ewc:190605", "mat:fertiliser.digestate"),
    ("ewc:190606", "mat:fertiliser.digestate"),
    ("ewc:100101", "mat:cement.scm"),
    ("ewc:120101", "mat:metal.steel-scrap"), ("ewc:170405", "mat:metal.steel-scrap"),
    ("ewc:120103", "mat:metal.aluminium-scrap"),
    ("ewc:170402", "mat:metal.aluminium-scrap"),
]

# --------------------------------------------------------------------------
# Model
# --------------------------------------------------------------------------
FIRMS = []        # dicts in output order
BY_KEY = {}
STREAMS = []
_counters = {}


def sig(x, n=3):
    """Round to n significant digits (quantities are estimates)."""
    if x == 0:
        return 0
    d = n - int(math.floor(math.log10(abs(x)))) - 1
    v = round(x, d)
    return int(v) if v == int(v) else v


def fmt(v):
    if v is None or v == "":
        return ""
    if isinstance(v, float):
        s = ("%.6f" % v).rstrip("0").rstrip(".")
        return s
    return str(v)


def firm(key, name, nace, muni, sector, employees, fylke="34", near=None):
    prefix = {"34": "IN", "32": "AK", "33": "BU", "31": "OF", "50": "TR"}[fylke]
    _counters[prefix] = _counters.get(prefix, 0) + 1
    fid = "%s%03d" % (prefix, _counters[prefix])
    f = {"key": key, "firm_id": fid, "name": name, "nace": nace,
         "municipality": muni, "region": FYLKE[fylke], "fylke": fylke,
         "sector": sector, "employees": employees, "near": near, "n": 0}
    assert key not in BY_KEY, key
    FIRMS.append(f)
    BY_KEY[key] = f
    return key


# Animal by-product categories (Regulation (EC) 1069/2009) of the supplies
# that may hold animal material: whey and off-spec milk are milk products,
# category 3 (Art. 10(e)-(f)); the others are given per supply below.
ABP_DEFAULT = {"ewc:020501": 3}


def S(key, direction, resource, qty, unit, temp=None, months=None, cost=None,
      max_km=None, note="", abp=None):
    f = BY_KEY[key]
    if abp is None and direction == "supply":
        abp = ABP_DEFAULT.get(resource)
    f["n"] += 1
    STREAMS.append({
        "stream_id": "%s/%d" % (f["firm_id"], f["n"]), "key": key,
        "firm_id": f["firm_id"], "direction": direction, "resource": resource,
        "quantity": sig(qty), "unit": unit, "temp_c": temp,
        "months": months or "1-12",
        "disposal_cost": cost if direction == "supply" else None,
        "purchase_price": cost if direction == "demand" else None,
        "max_km": max_km, "note": note, "abp_category": abp})


def sup(key, *a, **k):
    S(key, "supply", *a, **k)


def dem(key, *a, **k):
    S(key, "demand", *a, **k)


# --------------------------------------------------------------------------
# Archetypes
# --------------------------------------------------------------------------
def sawmill(key, muni, intake, boiler, employees=None, chips_max_km=None,
            bark_max_km=None):
    firm(key, "Sawmill, %s" % muni, "16.10", muni, "Sawmills", employees
         or max(8, int(intake * 0.0004)))
    sup(key, "ewc:030105", intake * SHARE_CHIPS * GREEN_DENSITY, "t/yr",
        cost=P["chips_sold"], max_km=chips_max_km,
        note="pulp/board-grade chips; A1 (%d m3 logs/yr)" % intake)
    sup(key, "ewc:030105", intake * SHARE_SAWDUST * GREEN_DENSITY, "t/yr",
        cost=P["sawdust_disp"], note="green sawdust and shavings; A1")
    bark = intake * SHARE_BARK * GREEN_DENSITY
    if boiler:
        sup(key, "ewc:030101", bark * (1 - BARK_OWN_USE), "t/yr",
            cost=P["bark_disp"], max_km=bark_max_km,
            note="bark surplus after own kiln boiler; A1, A2")
        if intake >= 150000:
            sup(key, "energy:heat", intake * 0.02, "MWh/yr", temp=85,
                months="5-9", cost=P["heat_disp"],
                note="summer surplus of the kiln boiler; A2 (illustrative)")
    else:
        sup(key, "ewc:030101", bark, "t/yr", cost=P["bark_disp"],
            max_km=bark_max_km, note="all bark (no own boiler); A1")
        dem(key, "energy:heat", intake * KILN_MWH_PER_M3_LOG, "MWh/yr",
            temp=70, cost=P["heat_buy"], note="drying kilns; A2")
    return key


def district_heating(key, muni, gwh, employees, biofuel=True, name=None):
    firm(key, name or "District heating, %s" % muni, "35.30", muni,
         "District heating", employees)
    if biofuel:
        dem(key, "mat:biofuel", gwh * 1000 * FUEL_T_PER_MWH * biofuel, "t/yr",
            cost=P["biofuel_buy"],
            note="chips, sawdust or bark for base-load boilers; A4 (%s GWh/yr delivered)" % fmt(gwh))
    return key


def dh_ash(key, fuel_t):
    sup(key, "ewc:100101", fuel_t * ASH_SHARE * 0.7, "t/yr", cost=P["ash_disp"],
        note="bottom ash from wood-fired boilers; A4")
    sup(key, "ewc:100103", fuel_t * ASH_SHARE * 0.3, "t/yr", cost=P["ash_disp"],
        max_km=100, note="fly ash from untreated wood; A4")


def dairy_farm(key, muni, cows, feed=False, digestate_ha=0, max_km=None):
    firm(key, "Dairy farm, %s" % muni, "01.41", muni, "Agriculture: dairy farms",
         max(1, int(cows / 25)))
    sup(key, "ewc:020106", cows * MANURE_COW, "t/yr", cost=P["manure_disp"],
        max_km=max_km, note="cattle slurry, %d cows; A6" % cows)
    if feed:
        dem(key, "mat:feed.spent-grain", cows * 1.5, "t/yr",
            cost=P["spentgrain_feed"],
            note="wet brewers' grains or stillage as protein feed, ~4 kg/cow/day; A7 (illustrative)")
    else:
        dem(key, "mat:wood.sawdust", cows * 0.8, "t/yr", cost=250,
            note="dry sawdust and shavings as cubicle bedding, about 0.8 t per cow and year; A7 (illustrative)")
    if digestate_ha:
        dem(key, "mat:fertiliser.digestate", digestate_ha * DIGESTATE_T_PER_HA,
            "t/yr", months="4-6,8-9", cost=P["digestate_buy"],
            note="digestate returned on %d ha of grass; A16" % digestate_ha)


def pig_farm(key, muni, places, whey=False, stillage=False, digestate_ha=0,
             heat=False):
    firm(key, "Pig farm, %s" % muni, "01.46", muni, "Agriculture: pig farms",
         max(1, int(places / 600)))
    sup(key, "ewc:020106", places * MANURE_PIG, "t/yr", cost=P["manure_disp"],
        note="pig slurry, %d finishing-pig places; A6" % places)
    if whey:
        dem(key, "mat:feed.whey", places * WHEY_PER_PIG, "t/yr",
            cost=P["whey_feed"], note="liquid feeding with whey; A7")
    if stillage:
        dem(key, "mat:feed.spent-grain", places * STILLAGE_PER_PIG, "t/yr",
            cost=P["spentgrain_feed"], note="liquid feeding with stillage; A7")
    if digestate_ha:
        dem(key, "mat:fertiliser.digestate", digestate_ha * DIGESTATE_T_PER_HA,
            "t/yr", months="4-6,8-9", cost=P["digestate_buy"],
            note="digestate on %d ha of cereals; A16" % digestate_ha)
    if heat:
        dem(key, "energy:heat", places * 0.15, "MWh/yr", temp=35,
            months="1-5,9-12", cost=P["heat_buy"],
            note="floor heating in weaner pens (illustrative)")


def grain_farm(key, muni, ha, digestate_share=0.5, ash="mat", straw=True):
    firm(key, "Grain farm, %s" % muni, "01.11", muni, "Agriculture: grain farms",
         max(1, int(ha / 120)))
    dem(key, "mat:fertiliser.digestate", ha * digestate_share * DIGESTATE_T_PER_HA,
        "t/yr", months="4-6,8-9", cost=P["digestate_buy"],
        note="digestate on %d of %d ha; A16" % (ha * digestate_share, ha))
    if ash == "mat":
        dem(key, "mat:fertiliser.ash", ha * ASH_T_PER_HA, "t/yr", months="4-9",
            cost=P["ash_buy_farm"], note="wood ash as liming agent; A16")
    elif ash == "ewc":
        dem(key, "ewc:100103", ha * ASH_T_PER_HA, "t/yr", months="4-9",
            cost=P["ash_buy_farm"],
            note="fly ash from untreated wood as liming agent; A16")
    if straw:
        sup(key, "ewc:020103", ha * 0.3, "t/yr", months="8-10", cost=20,
            note="screenings and chaff from grain cleaning (illustrative)")


def greenhouse(key, muni, crop, m2, nace="01.13", heat_temp=50,
               heat_months="1-5,9-12", co2=True, residues=True, pellets=0,
               near=None, compost=0):
    firm(key, "Greenhouse (%s), %s" % (crop, muni), nace, muni, "Greenhouses",
         max(2, int(m2 / 1500)), near=near)
    dem(key, "energy:heat", m2 * GH_HEAT_KWH_M2 / 1000.0, "MWh/yr",
        temp=heat_temp, months=heat_months, cost=P["gh_heat_buy"],
        note="heating pipes, %d m2; A12" % m2)
    if co2:
        dem(key, "gas:co2", m2 * GH_CO2_KG_M2 / 1000.0, "t/yr", months="1-12",
            cost=P["co2_buy"], note="CO2 enrichment; A12")
    if residues:
        sup(key, "ewc:020103", m2 * GH_RESIDUE_KG_M2 / 1000.0, "t/yr",
            months="6-8,11-12", cost=400,
            note="plant residues at crop change; A12")
    if pellets:
        dem(key, "mat:biofuel.pellets", pellets, "t/yr", months="1-4,10-12",
            cost=P["pellet_buy"], note="own pellet boiler for peak load (illustrative)")
    if compost:
        dem(key, "mat:fertiliser.compost", compost, "t/yr", months="2-4",
            cost=250, note="growing-medium additive (illustrative)")


def data_centre(key, muni, mw, temp, unit="MWh/yr", near=None):
    firm(key, "Data centre, %s" % muni, "63.11", muni, "Data centres",
         int(10 + mw * 4), near=near)
    mwh = mw * DC_MWH_PER_MW_IT
    if unit == "kWh/day":
        # The cost is per unit of the stream: NOK/kWh here, not NOK/MWh.
        sup(key, "energy:heat", mwh * 1000 / 365.0, unit, temp=temp,
            cost=P["heat_disp"] / 1000.0, note="surplus heat from air cooling, %s MW IT; A9" % fmt(mw))
    else:
        sup(key, "energy:heat", mwh, unit, temp=temp, cost=P["heat_disp"],
            note="surplus heat from air cooling, %s MW IT; A9" % fmt(mw))
    sup(key, "ewc:160214", mw * 4, "t/yr", cost=300,
        note="discarded servers and network equipment (illustrative)")


def waste_company(key, muni, served, employees, fw_to=None, glass_km=None):
    pop = sum(POP[m] for m in served)
    firm(key, "Waste management company, %s" % muni, "38.11", muni,
         "Waste management and recycling", employees)
    basis = "A14, %d inhabitants in %s" % (pop, ", ".join(served))
    sup(key, "ewc:200108", pop * FOODWASTE_KG_CAP / 1000.0, "t/yr",
        cost=P["foodwaste_disp"], max_km=fw_to,
        note="source-separated food waste; " + basis)
    sup(key, "ewc:150107", pop * GLASS_KG_CAP / 1000.0, "t/yr",
        cost=P["glass_disp"], max_km=glass_km,
        note="glass packaging; " + basis)
    sup(key, "ewc:200301", pop * RESIDUAL_KG_CAP / 1000.0, "t/yr",
        cost=P["msw_disp"], max_km=120, note="residual household waste; " + basis)
    sup(key, "ewc:200138", pop * WOOD_KG_CAP / 1000.0, "t/yr",
        cost=P["recwood_disp"], note="waste wood from recycling stations; " + basis)
    return pop


# --------------------------------------------------------------------------
# Reference data
# --------------------------------------------------------------------------
def find_data_dir(arg):
    cands = [arg] if arg else []
    cands += [os.path.join(os.path.dirname(REPO), "shared", "data"),
              "/work/shared/data"]
    for c in cands:
        if c and os.path.exists(os.path.join(c, "norway_municipalities.csv")):
            return c
    sys.exit("generate.py: error: reference data not found (use --data DIR)")


MUNI = {}   # (fylke, name) -> row
POP = {}


def load_municipalities(d):
    with open(os.path.join(d, "norway_municipalities.csv"), encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            MUNI[(r["fylkesnummer"], r["name"])] = r
    with open(os.path.join(d, "innlandet_municipalities.csv"), encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            MUNI[("34", r["name"])] = r
            POP[r["name"]] = int(r["population"])


# --------------------------------------------------------------------------
# The firms
# --------------------------------------------------------------------------
def build():
    # ---- Sawmills (A1, A2): Hedmarken, Solør, Odal, Østerdalen, Valdres,
    # Gudbrandsdalen, Land.  Log intake in m3 solid under bark per year.
    sawmill("saw_valer", "Våler", 350000, True)
    sawmill("saw_loten", "Løten", 250000, True)
    sawmill("saw_elverum", "Elverum", 300000, True)
    sawmill("saw_kongsvinger", "Kongsvinger", 200000, True, chips_max_km=250)
    sawmill("saw_asnes", "Åsnes", 120000, True)
    sawmill("saw_grue", "Grue", 80000, False)
    sawmill("saw_trysil", "Trysil", 90000, True)
    sawmill("saw_amot", "Åmot", 150000, True)
    sawmill("saw_storelvdal", "Stor-Elvdal", 100000, True)
    sawmill("saw_rendalen", "Rendalen", 40000, False)
    sawmill("saw_tynset", "Tynset", 120000, True)
    sawmill("saw_os", "Os", 30000, False, bark_max_km=60)
    sawmill("saw_alvdal", "Alvdal", 40000, False)
    sawmill("saw_nordaurdal", "Nord-Aurdal", 60000, True)
    sawmill("saw_soraurdal", "Sør-Aurdal", 50000, False)
    sawmill("saw_vestreslidre", "Vestre Slidre", 20000, False)
    sawmill("saw_nordfron", "Nord-Fron", 90000, True)
    sawmill("saw_sel", "Sel", 40000, False)
    sawmill("saw_ringebu", "Ringebu", 60000, False)
    sawmill("saw_nordreland", "Nordre Land", 110000, True, chips_max_km=120)
    sawmill("saw_ringsaker", "Ringsaker", 100000, True)
    sawmill("saw_eidskog", "Eidskog", 70000, False)
    sawmill("saw_nordodal", "Nord-Odal", 60000, False)
    sawmill("saw_gausdal", "Gausdal", 25000, False)

    # ---- Wood processing
    k = firm("board_valer", "Particleboard plant, Våler", "16.21", "Våler",
             "Wood processing", 250)
    dem(k, "mat:wood.sawdust", 90000, "t/yr", cost=P["sawdust_buy"],
        note="sawdust and shavings for core layers (illustrative size)")
    dem(k, "ewc:191207", 60000, "t/yr", cost=P["recwood_buy"], max_km=200,
        note="chipped recovered wood, cleaned of metal and fines")
    sup(k, "ewc:030105", 8000, "t/yr", cost=P["sawdust_disp"],
        note="sanding dust and trim (dry); illustrative 5 % of input")
    sup(k, "ewc:100101", 1200, "t/yr", cost=P["ash_disp"],
        note="bottom ash of the rejects-fired dryer furnace; A4")

    k = firm("fibreboard_gjovik", "Wood fibre insulation board plant, Gjøvik",
             "16.21", "Gjøvik", "Wood processing", 120)
    dem(k, "ewc:030105", 60000, "t/yr", cost=400,
        note="fresh sawmill chips for defibration (illustrative size)")
    sup(k, "energy:heat", 8000, "MWh/yr", temp=60, cost=P["heat_disp"],
        note="dryer exhaust heat recovery (illustrative)")
    sup(k, "water:waste", 150000, "m3/yr", cost=P["wastewater_disp"],
        note="process water from defibration (illustrative)")

    k = firm("glulam_ringsaker", "Glulam plant, Ringsaker", "16.23", "Ringsaker",
             "Wood processing", 180)
    sup(k, "ewc:030105", 12000, "t/yr", cost=P["sawdust_disp"],
        note="dry planer shavings and offcuts (illustrative)")
    sup(k, "ewc:080410", 20, "t/yr", cost=2000, note="cured adhesive residues")
    dem(k, "energy:heat", 8000, "MWh/yr", temp=70, cost=P["heat_buy"],
        note="lamella drying and press curing (illustrative)")

    k = firm("loghouse_nordfron", "Log house manufacturer, Nord-Fron", "16.23",
             "Nord-Fron", "Wood processing", 45)
    sup(k, "ewc:030105", 2500, "t/yr", cost=P["sawdust_disp"],
        note="offcuts and shavings from log milling (illustrative)")
    sup(k, "ewc:030101", 600, "t/yr", cost=P["bark_disp"], note="bark from debarking")

    k = firm("loghouse_oystreslidre", "Log house manufacturer, Øystre Slidre",
             "16.23", "Øystre Slidre", "Wood processing", 25)
    sup(k, "ewc:030105", 1200, "t/yr", cost=P["sawdust_disp"],
        note="offcuts and shavings (illustrative)")
    dem(k, "energy:heat", 600, "MWh/yr", temp=65, months="1-5,9-12",
        cost=P["heat_buy"], note="log drying (illustrative)")

    k = firm("windows_ostretoten", "Window and door factory, Østre Toten", "16.23",
             "Østre Toten", "Wood processing", 140)
    sup(k, "ewc:030105", 3000, "t/yr", cost=P["sawdust_disp"],
        note="dry shavings and offcuts, untreated wood")
    sup(k, "ewc:080112", 15, "t/yr", cost=P["haz_disp"], note="water-borne paint residues")
    sup(k, "ewc:150102", 60, "t/yr", cost=P["plastic_disp"], note="plastic packaging film")

    k = firm("planing_stange", "Planing mill, Stange", "16.10", "Stange",
             "Wood processing", 30)
    sup(k, "ewc:030105", 4000, "t/yr", cost=P["sawdust_disp"], note="dry planer shavings")
    dem(k, "energy:heat", 1500, "MWh/yr", temp=60, cost=P["heat_buy"],
        note="re-drying of sawn goods (illustrative)")

    k = firm("pallets_kongsvinger", "Pallet manufacturer, Kongsvinger", "16.24",
             "Kongsvinger", "Wood processing", 35)
    sup(k, "ewc:030105", 1800, "t/yr", cost=P["sawdust_disp"], note="offcuts and sawdust")
    dem(k, "ewc:150103", 2000, "t/yr", cost=200, max_km=150,
        note="used pallets for repair and reuse")

    k = firm("furniture_sorfron", "Furniture factory, Sør-Fron", "31.09",
             "Sør-Fron", "Wood processing", 60)
    sup(k, "ewc:030105", 900, "t/yr", cost=P["sawdust_disp"], note="dry offcuts and dust")
    sup(k, "ewc:080112", 8, "t/yr", cost=P["haz_disp"], note="lacquer residues")

    k = firm("kitchen_gran", "Kitchen cabinet factory, Gran", "31.02", "Gran",
             "Wood processing", 90)
    sup(k, "ewc:030105", 1500, "t/yr", cost=P["sawdust_disp"],
        note="particleboard and MDF offcuts")
    sup(k, "ewc:150102", 40, "t/yr", cost=P["plastic_disp"], note="packaging film")

    k = firm("forestfuel_amot", "Forest fuel terminal, Åmot", "02.40", "Åmot",
             "Wood processing", 12)
    sup(k, "ewc:020107", 30000, "t/yr", cost=0,
        note="chipped logging residues (tops and branches), sold as fuel")

    k = firm("forestfuel_trysil", "Forest fuel terminal, Trysil", "02.40", "Trysil",
             "Wood processing", 8)
    sup(k, "mat:biofuel.chips", 15000, "t/yr", cost=0,
        note="fuel chips from thinnings, sold to heating plants")

    # ---- Pellet and bioenergy plants (A3)
    def pellet(key, name, muni, out, employees, near=None, bark=True,
               product="mat:biofuel.pellets", pellet_km=None, sawdust_km=None):
        firm(key, name, "16.29", muni, "Pellet and bioenergy plants", employees,
             near=near)
        dem(key, "mat:wood.sawdust", out * SAWDUST_PER_PELLET, "t/yr",
            cost=P["sawdust_buy"], max_km=sawdust_km,
            note="green sawdust, %d t/yr output; A3" % out)
        if bark:
            dem(key, "ewc:030101", out * BARK_PER_PELLET, "t/yr",
                cost=P["bark_buy"], note="bark for the dryer furnace; A3")
        sup(key, product, out, "t/yr", cost=0, max_km=pellet_km,
            note="product looking for off-takers; >= 4.6 MWh/t; A3")

    pellet("pellet_elverum", "Pellet plant, Elverum", "Elverum", 40000, 30)
    sup("pellet_elverum", "energy:heat", 8000, "MWh/yr", temp=55,
        cost=P["heat_disp"], note="dryer exhaust condenser (illustrative)")
    pellet("pellet_nordodal", "Pellet plant, Nord-Odal", "Nord-Odal", 25000, 20,
           pellet_km=250)
    pellet("pellet_tynset", "Pellet plant, Tynset", "Tynset", 15000, 14,
           pellet_km=200, sawdust_km=120)
    pellet("pellet_ringebu", "Pellet plant, Ringebu", "Ringebu", 10000, 10)
    pellet("briquette_soraurdal", "Briquette plant, Sør-Aurdal", "Sør-Aurdal",
           3000, 6, bark=False, product="mat:biofuel.briquettes")

    k = firm("biochar_asnes", "Biochar plant, Åsnes", "20.14", "Åsnes",
             "Pellet and bioenergy plants", 15)
    dem(k, "ewc:030101", 20000, "t/yr", cost=P["bark_buy"],
        note="bark as pyrolysis feedstock (illustrative size)")
    sup(k, "mat:fuel.charcoal", 3000, "t/yr", cost=0, note="biochar product")
    sup(k, "energy:heat", 25000, "MWh/yr", temp=85, cost=P["heat_disp"],
        note="pyrolysis gas combustion heat (illustrative)")

    # ---- District heating (A4).  Size = heat delivered, GWh/yr.
    k = district_heating("dh_hamar", "Hamar", 120, 25, biofuel=0.35)
    dem(k, "energy:heat", 60, "GWh/yr", temp=70, cost=P["heat_buy"] * 1000.0,
        note="base load bought from waste-to-energy and industry")
    dem(k, "mat:biofuel.pellets", 2000, "t/yr", months="1-3,11-12",
        cost=P["pellet_buy"], note="peak-load pellet boilers")
    dh_ash(k, 120000 * FUEL_T_PER_MWH * 0.35)

    k = district_heating("dh_lillehammer", "Lillehammer", 90, 20, biofuel=0.75)
    dem(k, "energy:heat", 10000, "MWh/yr", temp=60, cost=P["heat_buy"],
        note="surplus heat from industry and the biogas plant")
    dh_ash(k, 90000 * FUEL_T_PER_MWH * 0.75)

    k = district_heating("dh_gjovik", "Gjøvik", 80, 18, biofuel=0.7)
    dem(k, "energy:heat", 15000, "MWh/yr", temp=30, cost=P["heat_buy"],
        note="low-temperature heat lifted by the plant's heat pump")
    dh_ash(k, 80000 * FUEL_T_PER_MWH * 0.7)

    k = district_heating("dh_elverum", "Elverum", 60, 15, biofuel=0.35)
    dem(k, "ewc:030101", 60000 * FUEL_T_PER_MWH * 0.5, "t/yr",
        cost=P["bark_buy"], note="sawmill bark for the grate boiler; A4")
    dem(k, "mat:biofuel.pellets", 3000, "t/yr", months="1-4,10-12",
        cost=P["pellet_buy"], note="peak-load pellet boiler")
    sup(k, "energy:heat", 4000, "MWh/yr", temp=80, cost=0,
        note="network capacity offered to new large customers")
    dh_ash(k, 60000 * FUEL_T_PER_MWH * 0.85)

    k = district_heating("dh_kongsvinger", "Kongsvinger", 50, 12, biofuel=0.8)
    dem(k, "energy:heat", 6000, "MWh/yr", temp=30, cost=P["heat_buy"],
        note="low-temperature heat via heat pump")
    dh_ash(k, 50000 * FUEL_T_PER_MWH * 0.8)

    k = district_heating("dh_vestretoten", "Vestre Toten", 35, 8, biofuel=0.5)
    dem(k, "energy:heat", 12000, "MWh/yr", temp=70, cost=P["heat_buy"],
        note="industrial surplus heat from the Raufoss industrial park")
    sup(k, "energy:heat", 2500, "MWh/yr", temp=80, cost=0,
        note="network capacity for new large customers")
    dh_ash(k, 35000 * FUEL_T_PER_MWH * 0.5)

    k = district_heating("dh_ringsaker", "Ringsaker", 30, 7, biofuel=0.5)
    dem(k, "ewc:030101", 30000 * FUEL_T_PER_MWH * 0.5, "t/yr", cost=P["bark_buy"],
        note="sawmill bark; A4")
    sup(k, "energy:heat", 5000, "MWh/yr", temp=80, cost=0,
        note="network capacity for new large customers")
    dh_ash(k, 30000 * FUEL_T_PER_MWH)

    k = district_heating("dh_tynset", "Tynset", 25, 5, biofuel=0.85)
    dem(k, "energy:fuel-gas", 2000, "MWh/yr", months="1-4,10-12",
        cost=P["fuelgas_buy"], max_km=40, note="peak boiler, replacing heating oil")
    dh_ash(k, 25000 * FUEL_T_PER_MWH * 0.85)

    k = district_heating("dh_amot", "Åmot", 12, 3, biofuel=0)
    dem(k, "ewc:030101", 12000 * FUEL_T_PER_MWH, "t/yr", cost=P["bark_buy"],
        note="bark from the local sawmill; A4")
    dh_ash(k, 12000 * FUEL_T_PER_MWH)

    k = district_heating("dh_trysil", "Trysil", 20, 4)
    sup(k, "energy:heat", 6000, "MWh/yr", temp=80, cost=0,
        note="network capacity for the resort area")
    dh_ash(k, 20000 * FUEL_T_PER_MWH)

    k = district_heating("dh_nordaurdal", "Nord-Aurdal", 20, 4, biofuel=0.4)
    dem(k, "ewc:030101", 20000 * FUEL_T_PER_MWH * 0.6, "t/yr", cost=P["bark_buy"],
        max_km=80, note="bark from Valdres and Hallingdal sawmills; A4")
    sup(k, "energy:heat", 1500, "MWh/yr", temp=75, cost=0,
        note="network capacity for new customers")
    dh_ash(k, 20000 * FUEL_T_PER_MWH)

    k = district_heating("dh_sel", "Sel", 12, 3)
    sup(k, "energy:heat", 3000, "MWh/yr", temp=80, cost=0,
        note="network capacity for new customers")
    dh_ash(k, 12000 * FUEL_T_PER_MWH)

    k = district_heating("dh_nordreland", "Nordre Land", 10, 2, biofuel=0.3)
    dem(k, "ewc:030101", 10000 * FUEL_T_PER_MWH * 0.7, "t/yr", cost=P["bark_buy"],
        note="bark; A4")
    dh_ash(k, 10000 * FUEL_T_PER_MWH)

    k = district_heating("dh_ostretoten", "Østre Toten", 10, 2)
    dh_ash(k, 10000 * FUEL_T_PER_MWH)

    k = district_heating("dh_stange", "Stange", 8, 2, biofuel=0)
    dem(k, "mat:biofuel.pellets", 8000 * 0.2, "t/yr", cost=P["pellet_buy"],
        note="pellet boilers (0.2 t per MWh at 4.6 MWh/t and 90 % efficiency); A3")
    dem(k, "energy:heat", 3000, "MWh/yr", temp=60, cost=P["heat_buy"],
        note="surplus heat from farms and industry")

    # ---- Dairies (A5)
    def dairy(key, name, muni, milk_ml, cheese, employees, surplus=0.3,
              whey_unit="t/yr", whey_km=None):
        firm(key, name, "10.51", muni, "Dairies", employees)
        milk_t = milk_ml * 1000 * 1.03
        if cheese:
            whey = milk_t * WHEY_PER_MILK * surplus
            if whey_unit == "t/month":
                sup(key, "ewc:020501", whey / 12.0, "t/month", cost=P["whey_disp"],
                    max_km=whey_km,
                    note="surplus whey not used for brown cheese or whey products; A5 (%s M l milk)" % fmt(milk_ml))
            else:
                sup(key, "ewc:020501", whey, "t/yr", cost=P["whey_disp"],
                    max_km=whey_km,
                    note="surplus whey not used for brown cheese or whey products; A5 (%s M l milk)" % fmt(milk_ml))
        else:
            sup(key, "ewc:020501", milk_t * 0.005, "t/yr", cost=P["whey_disp"],
                note="off-spec milk and rinse milk, 0.5 %% of intake; A5 (%s M l milk)" % fmt(milk_ml))
        sup(key, "ewc:020502", milk_t * 0.002, "t/yr", cost=P["sludge_disp"],
            note="sludge from on-site effluent treatment (illustrative)")
        sup(key, "energy:heat", milk_t * 0.02, "MWh/yr", temp=40,
            cost=P["heat_disp"], note="refrigeration condenser heat (illustrative)")

    dairy("dairy_tynset", "Cheese dairy, Tynset", "Tynset", 60, True, 120,
          whey_unit="t/month")
    dem("dairy_tynset", "energy:fuel-gas", 4000, "MWh/yr", cost=P["fuelgas_buy"],
        max_km=40, note="steam boiler fuel, replacing LPG (illustrative)")
    dairy("dairy_sorfron", "Cheese dairy, Sør-Fron", "Sør-Fron", 45, True, 110)
    dairy("dairy_oyer", "Cheese dairy, Øyer", "Øyer", 30, True, 80,
          whey_unit="t/month")
    dairy("dairy_lillehammer", "Dairy, Lillehammer", "Lillehammer", 50, False, 150)
    dairy("dairy_nordaurdal", "Dairy, Nord-Aurdal", "Nord-Aurdal", 15, True, 40)
    dairy("dairy_elverum", "Dairy, Elverum", "Elverum", 40, False, 100)
    k = firm("dairy_lom", "Goat cheese dairy, Lom", "10.51", "Lom", "Dairies", 12)
    sup(k, "ewc:020501", 2000 * 1.03 * WHEY_PER_MILK * 0.2, "t/yr",
        cost=P["whey_disp"], note="whey surplus after brown-cheese boiling; A5 (2 M l goat milk)")
    dem(k, "energy:heat", 900, "MWh/yr", temp=90, cost=P["heat_buy"],
        note="whey evaporation for brown cheese (illustrative)")

    # ---- Meat and food processing
    k = firm("slaughter_ringsaker", "Slaughterhouse, Ringsaker", "10.11",
             "Ringsaker", "Meat processing", 450)
    sup(k, "ewc:020202", 8000 / 52.0, "t/week", cost=P["abp_disp"], max_km=100,
        note="category 3 animal by-products (illustrative)", abp=3)
    sup(k, "ewc:020106", 3000, "t/yr", cost=P["manure_disp"],
        note="stomach and intestinal contents, lairage manure (illustrative)")
    sup(k, "ewc:020204", 1200, "t/yr", cost=P["sludge_disp"],
        note="fat-trap and effluent sludge (illustrative)")
    dem(k, "energy:heat", 12000, "MWh/yr", temp=65, cost=P["heat_buy"],
        note="scalding and wash water (illustrative)")

    k = firm("meat_hamar", "Meat products plant, Hamar", "10.13", "Hamar",
             "Meat processing", 120)
    sup(k, "ewc:020203", 300, "t/yr", cost=P["abp_disp"], note="off-spec products", abp=3)
    sup(k, "ewc:020204", 150, "t/yr", cost=P["sludge_disp"], note="effluent sludge")
    dem(k, "energy:heat", 3000, "MWh/yr", temp=60, cost=P["heat_buy"],
        note="cooking and cleaning (illustrative)")

    k = firm("curedmeat_gausdal", "Cured meat producer, Gausdal", "10.13",
             "Gausdal", "Meat processing", 35)
    sup(k, "ewc:020202", 80, "t/yr", cost=P["abp_disp"], note="trimmings and bones", abp=3)
    sup(k, "ewc:020203", 60, "t/yr", cost=P["abp_disp"], note="off-spec products", abp=3)

    k = firm("slaughter_vaga", "Lamb and game slaughterhouse, Vågå", "10.11",
             "Vågå", "Meat processing", 25)
    sup(k, "ewc:020202", 600, "t/yr", months="8-12", cost=P["abp_disp"],
        max_km=100, abp=1,
        note="animal by-products in the autumn slaughter season, sheep specified risk "
             "material not separated: category 1 (illustrative)")
    sup(k, "ewc:020106", 300, "t/yr", months="8-12", cost=P["manure_disp"],
        note="lairage manure and stomach contents")

    k = firm("poultry_ostretoten", "Poultry processing plant, Østre Toten", "10.12",
             "Østre Toten", "Meat processing", 200)
    sup(k, "ewc:020202", 4000, "t/yr", cost=P["abp_disp"],
        note="feathers excluded; offal and blood (illustrative)", abp=3)
    sup(k, "ewc:020204", 600, "t/yr", cost=P["sludge_disp"], note="effluent sludge")
    sup(k, "energy:heat", 2500, "MWh/yr", temp=35, cost=P["heat_disp"],
        note="chiller condenser heat (illustrative)")
    dem(k, "energy:heat", 5000, "MWh/yr", temp=60, cost=P["heat_buy"],
        note="scalding and cleaning")

    k = firm("sausage_kongsvinger", "Sausage factory, Kongsvinger", "10.13",
             "Kongsvinger", "Meat processing", 70)
    sup(k, "ewc:020203", 150, "t/yr", cost=P["abp_disp"], max_km=80,
        note="off-spec products", abp=3)
    sup(k, "water:waste", 20000, "m3/yr", cost=P["wastewater_disp"],
        note="process waste water")

    k = firm("potato_ringsaker", "Potato processing plant, Ringsaker", "10.31",
             "Ringsaker", "Other food processing", 180)
    sup(k, "ewc:020304", 12000, "t/yr", cost=350,
        note="peel, cut-offs and rejects, 20 % of 60 000 t potatoes (illustrative)")
    sup(k, "ewc:020305", 2000, "t/yr", cost=P["sludge_disp"], note="starch-rich sludge")
    sup(k, "energy:heat", 6000, "MWh/yr", temp=70, cost=P["heat_disp"],
        note="fryer exhaust heat recovery (illustrative)")

    k = firm("veg_stange", "Vegetable processing plant, Stange", "10.39", "Stange",
             "Other food processing", 60)
    sup(k, "ewc:020304", 2500, "t/yr", months="7-12", cost=350,
        note="rejected and trimmed vegetables (illustrative)")
    sup(k, "water:waste", 60000, "m3/yr", cost=P["wastewater_disp"], note="wash water")

    k = firm("bakery_hamar", "Bakery, Hamar", "10.71", "Hamar",
             "Other food processing", 150)
    sup(k, "ewc:020601", 500, "t/yr", cost=400, note="unsold and off-spec bread")
    sup(k, "energy:heat", 1200, "MWh/yr", temp=70, cost=P["heat_disp"],
        note="oven exhaust heat recovery (illustrative)")

    k = firm("bakery_kongsvinger", "Bakery, Kongsvinger", "10.71", "Kongsvinger",
             "Other food processing", 60)
    sup(k, "ewc:020601", 150, "t/yr", cost=400, note="unsold bread")
    sup(k, "energy:heat", 2000, "kWh/day", temp=60, cost=0.02,
        note="oven exhaust heat, about 730 MWh/yr (illustrative)")

    k = firm("feedmill_hamar", "Feed mill, Hamar", "10.91", "Hamar",
             "Other food processing", 50, near="dh_hamar")
    dem(k, "ewc:020601", 3000, "t/yr", cost=1200,
        note="former foodstuffs (bakery) as energy feed ingredient")
    dem(k, "mat:feed.spent-grain", 5000, "t/yr", cost=P["spentgrain_feed"],
        note="distillers' and brewers' grains")
    dem(k, "energy:steam", 6000, "MWh/yr", temp=160, cost=P["steam_buy"],
        note="steam conditioning before pelleting (illustrative)")
    sup(k, "ewc:020304", 800, "t/yr", cost=300, note="grain screenings and dust")

    k = firm("fish_nordaurdal", "Fish processing plant, Nord-Aurdal", "10.20",
             "Nord-Aurdal", "Other food processing", 20)
    sup(k, "ewc:020202", 150, "t/yr", months="9-12", cost=P["abp_disp"],
        max_km=100, note="trout offal from fermented-fish production", abp=3)
    sup(k, "water:waste", 4000, "m3/yr", months="9-12", cost=P["wastewater_disp"],
        note="brine and wash water")

    k = firm("cider_gran", "Cider and juice producer, Gran", "11.03", "Gran",
             "Beverages", 10)
    sup(k, "ewc:020304", 200, "t/yr", months="9-11", cost=300, note="apple pomace")

    # ---- Beverages (A10, A11)
    k = firm("brewery_lillehammer", "Brewery, Lillehammer", "11.05", "Lillehammer",
             "Beverages", 45)
    sup(k, "ewc:020704", 60000 * SPENT_GRAIN_T_PER_HL, "t/yr",
        cost=P["spentgrain_disp"], note="wet spent grain, 60 000 hl/yr; A10")
    sup(k, "water:waste", 60000 * 0.4, "m3/yr", cost=P["wastewater_disp"],
        note="about 4 hl waste water per hl beer (illustrative)")
    dem(k, "energy:heat", 1500, "MWh/yr", temp=80, cost=P["heat_buy"],
        note="mashing and cleaning (illustrative)")

    k = firm("brewery_hamar", "Microbrewery, Hamar", "11.05", "Hamar", "Beverages", 8)
    sup(k, "ewc:020704", 5000 * SPENT_GRAIN_T_PER_HL, "t/yr",
        cost=P["spentgrain_disp"], note="wet spent grain, 5 000 hl/yr; A10")

    k = firm("brewery_vaga", "Microbrewery, Vågå", "11.05", "Vågå", "Beverages", 5)
    sup(k, "ewc:020704", 2000 * SPENT_GRAIN_T_PER_HL, "t/yr",
        cost=P["spentgrain_disp"], note="wet spent grain, 2 000 hl/yr; A10")

    k = firm("distillery_loten", "Distillery, Løten", "11.01", "Løten", "Beverages", 25)
    sup(k, "ewc:020702", 2500, "t/yr", cost=P["spentgrain_disp"],
        note="stillage from potato and grain spirit; A11")
    sup(k, "energy:heat", 900, "MWh/yr", temp=80, cost=P["heat_disp"],
        note="condenser heat from the stills (illustrative)")

    k = firm("distillery_gran", "Craft distillery, Gran", "11.01", "Gran",
             "Beverages", 6)
    sup(k, "ewc:020702", 200, "t/yr", cost=P["spentgrain_disp"],
        note="stillage; A11")

    k = firm("spirit_ostretoten", "Potato spirit and starch plant, Østre Toten",
             "11.01", "Østre Toten", "Beverages", 40)
    dem(k, "ewc:020103", 20000, "t/yr", months="9-12,1-4", cost=300, max_km=20,
        note="off-grade potatoes from local growers")
    sup(k, "ewc:020702", 18000, "t/yr", months="9-12,1-4", cost=P["spentgrain_disp"],
        note="potato stillage, about 0.9 t per t potatoes; A11")
    sup(k, "energy:heat", 2000, "MWh/yr", temp=80, months="9-12,1-4",
        cost=P["heat_disp"], note="condenser heat from distillation (illustrative)")

    # ---- Agriculture (A6, A7, A16)
    dairy_farm("df_stange", "Stange", 60, digestate_ha=20)
    dairy_farm("df_loten", "Løten", 45)
    dairy_farm("df_ringsaker", "Ringsaker", 80, feed=True)
    dairy_farm("df_ostretoten", "Østre Toten", 55, digestate_ha=15)
    dairy_farm("df_gran", "Gran", 70, feed=True, digestate_ha=20)
    dairy_farm("df_gausdal", "Gausdal", 40, feed=True)
    dairy_farm("df_sorfron", "Sør-Fron", 35, feed=True)
    dairy_farm("df_nordfron", "Nord-Fron", 30)
    dairy_farm("df_vaga", "Vågå", 50, feed=True)
    dairy_farm("df_nordaurdal", "Nord-Aurdal", 30)
    dairy_farm("df_tynset", "Tynset", 90, digestate_ha=40)
    dairy_farm("df_tolga", "Tolga", 60, digestate_ha=30)
    dairy_farm("df_oystreslidre", "Øystre Slidre", 25)
    dairy_farm("df_sondreland", "Søndre Land", 40, feed=True)
    dairy_farm("df_lesja", "Lesja", 45)

    pig_farm("pig_stange", "Stange", 2500, digestate_ha=80, heat=True)
    pig_farm("pig_ringsaker", "Ringsaker", 1500, whey=True)
    pig_farm("pig_loten", "Løten", 1200, stillage=True)
    pig_farm("pig_ostretoten", "Østre Toten", 1800, stillage=True, digestate_ha=40)
    pig_farm("pig_hamar", "Hamar", 900, stillage=True)
    pig_farm("pig_os", "Os", 800, whey=True)
    pig_farm("pig_tolga", "Tolga", 600, whey=True)
    pig_farm("pig_sorodal", "Sør-Odal", 1000, digestate_ha=30)

    def poultry(key, muni, birds, heat_temp, near=None):
        firm(key, "Poultry farm, %s" % muni, "01.47", muni,
             "Agriculture: poultry farms", 3, near=near)
        sup(key, "ewc:020106", birds * MANURE_BIRD, "t/yr", cost=P["manure_disp"],
            note="poultry manure with bedding, %d broiler places; A6" % birds)
        dem(key, "energy:heat", birds * 0.04, "MWh/yr", temp=heat_temp,
            cost=P["heat_buy"],
            note="brooding heat, about 40 kWh per bird place and year (illustrative)")

    poultry("poultry_elverum", "Elverum", 40000, 30, near="dc_elverum")
    poultry("poultry_gjovik", "Gjøvik", 30000, 30)
    poultry("poultry_sorodal", "Sør-Odal", 25000, 32)

    grain_farm("gf_stange", "Stange", 300)
    grain_farm("gf_ringsaker", "Ringsaker", 250, ash="ewc")
    grain_farm("gf_hamar", "Hamar", 180)
    grain_farm("gf_ostretoten", "Østre Toten", 220, ash="ewc")
    grain_farm("gf_vestretoten", "Vestre Toten", 150)
    grain_farm("gf_sorodal", "Sør-Odal", 280)
    grain_farm("gf_nordodal", "Nord-Odal", 150, ash=None)
    grain_farm("gf_gran", "Gran", 200)
    grain_farm("gf_loten", "Løten", 160, ash=None)
    grain_farm("gf_asnes", "Åsnes", 200, ash="ewc")

    k = firm("potato_farm_ostretoten", "Potato farm, Østre Toten", "01.13",
             "Østre Toten", "Agriculture: potato and vegetable farms", 4,
             near="spirit_ostretoten")
    sup(k, "ewc:020103", 150 * 35 * 0.15, "t/yr", months="9-12,1-3", cost=150,
        note="off-grade potatoes, 15 % of 35 t/ha on 150 ha (illustrative)")
    dem(k, "mat:fertiliser.digestate", 150 * DIGESTATE_T_PER_HA, "t/yr",
        months="4-6,8-9", cost=P["digestate_buy"], note="digestate on 150 ha; A16")

    k = firm("potato_farm_ringsaker", "Potato farm, Ringsaker", "01.13",
             "Ringsaker", "Agriculture: potato and vegetable farms", 3)
    sup(k, "ewc:020103", 100 * 35 * 0.15, "t/yr", months="9-12,1-3", cost=150,
        note="off-grade potatoes (illustrative)")
    dem(k, "mat:fertiliser.digestate", 100 * DIGESTATE_T_PER_HA * 0.5, "t/yr",
        months="4-6,8-9", cost=P["digestate_buy"], note="digestate on 50 ha; A16")

    k = firm("potato_farm_vestretoten", "Potato farm, Vestre Toten", "01.13",
             "Vestre Toten", "Agriculture: potato and vegetable farms", 3)
    sup(k, "ewc:020103", 80 * 35 * 0.15, "t/yr", months="9-12,1-3", cost=150,
        note="off-grade potatoes (illustrative)")
    dem(k, "mat:fertiliser.compost", 400, "t/yr", months="4-5", cost=250,
        note="compost as soil improver (illustrative)")

    k = firm("veg_farm_hamar", "Vegetable farm, Hamar", "01.13", "Hamar",
             "Agriculture: potato and vegetable farms", 6)
    sup(k, "ewc:020103", 600, "t/yr", months="7-11", cost=150,
        note="field residues and outgraded vegetables (illustrative)")
    dem(k, "mat:fertiliser.compost", 800, "t/yr", months="4-5", cost=250,
        note="compost as soil improver (illustrative)")

    # ---- Greenhouses (A12)
    greenhouse("gh_stange", "Stange", "tomatoes", 20000, near="biogas_stange")
    greenhouse("gh_ringsaker", "Ringsaker", "cucumbers", 15000,
               near="potato_ringsaker")
    greenhouse("gh_vestretoten", "Vestre Toten", "lettuce and herbs", 8000,
               near="dh_vestretoten", heat_temp=45)
    greenhouse("gh_hamar", "Hamar", "flowers", 6000, nace="01.19", heat_temp=55,
               residues=False, compost=300)
    greenhouse("gh_elverum", "Elverum", "tomatoes", 12000, heat_temp=45,
               pellets=500, near="pellet_elverum")
    greenhouse("gh_lillehammer", "Lillehammer", "vegetables", 10000,
               near="biogas_lillehammer")
    greenhouse("gh_gjovik", "Gjøvik", "bedding plants", 5000, nace="01.19",
               heat_months="1-5", co2=False, residues=False, compost=200)
    greenhouse("gh_asnes", "Åsnes", "tomatoes", 10000, near="biochar_asnes")

    # ---- Fish farming (A13)
    def fish(key, name, muni, tonnes, temp, months, employees, near=None,
             heat_mwh=None):
        firm(key, name, "03.22", muni, "Fish farming", employees, near=near)
        dem(key, "energy:heat", heat_mwh or tonnes * 4, "MWh/yr", temp=temp,
            months=months, cost=P["heat_buy"],
            note="warming intake water, %d t fish/yr; A13 (illustrative)" % tonnes)
        sup(key, "ewc:020106", tonnes * 0.6, "t/yr", cost=P["manure_disp"],
            note="fish sludge (faeces and feed residue) from the drum filters; A13")

    fish("fish_hamar", "Land-based fish farm, Hamar", "Hamar", 500, 14, "1-12",
         15, near="dc_hamar")
    sup("fish_hamar", "ewc:020102", 10, "t/yr", cost=P["abp_disp"], abp=2,
        note="dead fish (ensiled): animals not slaughtered for consumption, category 2")
    fish("hatchery_nordaurdal", "Fish hatchery, Nord-Aurdal", "Nord-Aurdal", 80,
         10, "1-5,10-12", 6, near="dh_nordaurdal", heat_mwh=800)
    fish("char_vang", "Arctic char farm, Vang", "Vang", 60, 12, "1-5,10-12", 5,
         heat_mwh=400)
    fish("hatchery_oyer", "Fish hatchery, Øyer", "Øyer", 20, 8, "1-4,11-12", 8,
         heat_mwh=300)
    fish("fish_kongsvinger", "Land-based fish farm, Kongsvinger", "Kongsvinger",
         300, 15, "1-12", 12, near="dc_kongsvinger")

    # ---- Aluminium, automotive and metal (Raufoss industrial park, Gjøvik)
    k = firm("casthouse_vt", "Aluminium extrusion plant and casthouse, Vestre Toten",
             "24.42", "Vestre Toten", "Aluminium, automotive and metal", 600)
    dem(k, "ewc:120103", 10000, "t/yr", cost=P["al_scrap_buy"],
        note="clean aluminium turnings and offcuts from local machining, for remelting (illustrative)")
    dem(k, "mat:metal.aluminium-scrap", 15000, "t/yr", cost=P["al_scrap_buy"],
        note="bought aluminium scrap for remelting (illustrative)")
    dem(k, "ewc:191203", 2000, "t/yr", cost=9000,
        note="sorted non-ferrous scrap (aluminium fraction)")
    dem(k, "energy:fuel-gas", 20000, "MWh/yr", cost=P["fuelgas_buy"], max_km=80,
        note="melting and homogenising furnaces, replacing LPG (illustrative)")
    sup(k, "energy:heat", 30000, "MWh/yr", temp=85, cost=P["heat_disp"],
        note="furnace flue gas and cooling circuits (illustrative)")
    sup(k, "ewc:100316", 1500, "t/yr", cost=800, note="aluminium skimmings (dross)")

    k = firm("autoparts_vt", "Automotive parts plant, Vestre Toten", "29.32",
             "Vestre Toten", "Aluminium, automotive and metal", 450,
             near="casthouse_vt")
    sup(k, "ewc:120103", 6000, "t/yr", cost=P["al_scrap_sold"],
        note="aluminium turnings and offcuts from suspension parts; A17")
    sup(k, "ewc:120109", 400, "t/yr", cost=P["emulsion_disp"],
        note="spent machining emulsions (hazardous)")
    sup(k, "energy:heat", 5000, "MWh/yr", temp=55, cost=P["heat_disp"],
        note="heat-treatment ovens and compressors (illustrative)")
    sup(k, "ewc:150103", 300, "t/yr", cost=300, note="wooden packaging")

    k = firm("crash_vt", "Crash-management systems plant, Vestre Toten", "29.32",
             "Vestre Toten", "Aluminium, automotive and metal", 300,
             near="casthouse_vt")
    sup(k, "ewc:120103", 3500, "t/yr", cost=P["al_scrap_sold"],
        note="aluminium profile offcuts; A17")
    sup(k, "ewc:120101", 500, "t/yr", cost=P["steel_scrap_sold"], note="steel turnings and punchings")
    sup(k, "energy:heat", 3000, "MWh/yr", temp=50, cost=P["heat_disp"],
        note="ageing ovens (illustrative)")

    k = firm("ammo_vt", "Ammunition plant, Vestre Toten", "25.40", "Vestre Toten",
             "Aluminium, automotive and metal", 500)
    sup(k, "ewc:120103", 400, "t/yr", cost=P["al_scrap_sold"], note="brass turnings")
    sup(k, "ewc:120101", 800, "t/yr", cost=P["steel_scrap_sold"], note="steel turnings")
    sup(k, "ewc:110111", 2000, "t/yr", cost=P["haz_disp"],
        note="rinsing liquids from surface treatment (hazardous)")
    dem(k, "energy:steam", 8000, "MWh/yr", temp=160, cost=P["steam_buy"],
        note="process steam (illustrative)")

    k = firm("machining_vt", "Machining workshop, Vestre Toten", "25.62",
             "Vestre Toten", "Aluminium, automotive and metal", 60)
    sup(k, "ewc:120103", 300, "t/yr", cost=P["al_scrap_sold"], note="aluminium turnings")
    sup(k, "ewc:120109", 60, "t/yr", cost=P["emulsion_disp"], note="spent emulsions")

    k = firm("surface_vt", "Surface treatment plant, Vestre Toten", "25.61",
             "Vestre Toten", "Aluminium, automotive and metal", 40,
             near="casthouse_vt")
    sup(k, "ewc:110109", 150, "t/yr", cost=P["haz_disp"],
        note="anodising sludge (hazardous)")
    dem(k, "energy:heat", 1500, "MWh/yr", temp=60, cost=P["heat_buy"],
        note="heated treatment baths (illustrative)")

    k = firm("diecast_gjovik", "Aluminium die-casting foundry, Gjøvik", "24.53",
             "Gjøvik", "Aluminium, automotive and metal", 150, near="dh_gjovik")
    dem(k, "mat:metal.aluminium-scrap", 8000, "t/yr", cost=P["al_scrap_buy"],
        note="returns and clean scrap for remelting")
    sup(k, "ewc:101008", 1200, "t/yr", cost=400, note="used foundry sand")
    sup(k, "energy:heat", 6000, "MWh/yr", temp=80, cost=P["heat_disp"],
        note="melting furnace heat recovery (illustrative)")

    k = firm("hooks_gjovik", "Fish-hook and wire products plant, Gjøvik", "25.93",
             "Gjøvik", "Aluminium, automotive and metal", 150)
    sup(k, "ewc:120101", 300, "t/yr", cost=P["steel_scrap_sold"], note="steel wire scrap")
    sup(k, "ewc:110105", 200, "t/yr", cost=P["haz_disp"],
        note="spent pickling acid (hazardous)")

    k = firm("machining_gjovik", "Machining workshop, Gjøvik", "25.62", "Gjøvik",
             "Aluminium, automotive and metal", 40)
    sup(k, "ewc:120101", 200, "t/yr", cost=P["steel_scrap_sold"], note="steel turnings")
    sup(k, "ewc:120103", 80, "t/yr", cost=P["al_scrap_sold"], note="aluminium turnings")

    k = firm("plastics_ostretoten", "Plastics moulding plant, Østre Toten", "22.29",
             "Østre Toten", "Aluminium, automotive and metal", 70)
    sup(k, "ewc:070213", 250, "t/yr", cost=P["plastic_disp"],
        note="sprues, start-up lumps and rejects")
    sup(k, "energy:heat", 1500, "MWh/yr", temp=45, cost=P["heat_disp"],
        note="mould cooling circuits (illustrative)")

    k = firm("hydraulics_gjovik", "Hydraulic equipment manufacturer, Gjøvik",
             "28.12", "Gjøvik", "Aluminium, automotive and metal", 200)
    sup(k, "ewc:120101", 600, "t/yr", cost=P["steel_scrap_sold"], note="steel turnings")
    sup(k, "ewc:120109", 120, "t/yr", cost=P["emulsion_disp"], note="spent emulsions")

    k = firm("steel_hamar", "Steel structures workshop, Hamar", "25.11", "Hamar",
             "Aluminium, automotive and metal", 80)
    sup(k, "ewc:120101", 400, "t/yr", cost=P["steel_scrap_sold"], note="plate offcuts and punchings")
    sup(k, "ewc:120113", 10, "t/yr", cost=1500, note="welding waste")

    # ---- Kongsvinger industry
    k = firm("plastpack_kongsvinger", "Plastic packaging plant, Kongsvinger",
             "22.22", "Kongsvinger", "Kongsvinger industry", 110)
    dem(k, "ewc:070213", 1500, "t/yr", cost=3000, max_km=150,
        note="clean polyolefin production scrap for regranulation")
    sup(k, "ewc:070213", 200, "t/yr", cost=P["plastic_disp"],
        note="mixed-colour production scrap")
    sup(k, "energy:heat", 2000, "MWh/yr", temp=40, cost=P["heat_disp"],
        note="extruder cooling (illustrative)")

    k = firm("steel_kongsvinger", "Steel structures workshop, Kongsvinger", "25.11",
             "Kongsvinger", "Kongsvinger industry", 60)
    sup(k, "ewc:120101", 300, "t/yr", cost=P["steel_scrap_sold"], note="steel offcuts")

    k = firm("frozenfood_kongsvinger", "Frozen food plant, Kongsvinger", "10.85",
             "Kongsvinger", "Kongsvinger industry", 130)
    sup(k, "ewc:020304", 1500, "t/yr", cost=350, max_km=80,
        note="vegetable and dough rejects")
    sup(k, "energy:heat", 4000, "MWh/yr", temp=35, cost=P["heat_disp"],
        note="freezer condenser heat (illustrative)")
    sup(k, "water:waste", 50000, "m3/yr", cost=P["wastewater_disp"],
        note="process waste water")

    k = firm("machining_kongsvinger", "Machining workshop, Kongsvinger", "25.62",
             "Kongsvinger", "Kongsvinger industry", 30)
    sup(k, "ewc:120101", 150, "t/yr", cost=P["steel_scrap_sold"], note="steel turnings")
    sup(k, "ewc:120109", 20, "t/yr", cost=P["emulsion_disp"], note="spent emulsions")

    # ---- Data centres (A9)
    data_centre("dc_hamar", "Hamar", 6, 32)
    data_centre("dc_elverum", "Elverum", 2, 30, unit="kWh/day")
    data_centre("dc_gjovik", "Gjøvik", 4, 35, near="dh_gjovik")
    data_centre("dc_kongsvinger", "Kongsvinger", 3, 30)

    # ---- Biogas plants (A8)
    def biogas(key, name, muni, inputs, employees, near=None, upgraded=True,
               heat=0, heat_temp=75, co2_share=1.0, fuel_km=80, nace="35.21"):
        firm(key, name, nace, muni, "Biogas plants", employees, near=near)
        total_t = 0
        mwh = 0
        for code, t, kind, note in inputs:
            dem(key, code, t, "t/yr", cost=0, max_km=100 if kind == "abp" else None,
                note=note + "; receives a gate fee or pays nothing today")
            total_t += t
            mwh += t * CH4_MWH_PER_T[kind]
        if upgraded:
            sup(key, "energy:fuel-gas", mwh * 0.9, "MWh/yr", cost=0, max_km=fuel_km,
                note="upgraded biogas (compressed), %d MWh methane/yr less 10 %% own use; A8" % sig(mwh))
            sup(key, "gas:co2", mwh * CO2_T_PER_MWH_CH4 * co2_share, "t/yr",
                cost=P["co2_disp"], note="CO2 separated in upgrading; A8")
        sup(key, "ewc:190606", total_t * DIGESTATE_SHARE, "t/yr",
            cost=P["digestate_disp"], note="digestate, %d t/yr substrate; A8" % total_t)
        if heat:
            sup(key, "energy:heat", heat, "MWh/yr", temp=heat_temp,
                cost=P["heat_disp"], note="surplus heat (illustrative)")
        return mwh

    biogas("biogas_lillehammer", "Biogas plant, Lillehammer", "Lillehammer", [
        ("ewc:200108", 30000, "foodwaste", "source-separated food waste"),
        ("ewc:190805", 8000, "sludge", "dewatered sewage sludge"),
        ("ewc:0202", 3000, "abp", "animal by-products (category 3)"),
    ], 25, heat=3000, heat_temp=70)
    biogas("biogas_stange", "Farm biogas plant, Stange", "Stange", [
        ("mat:substrate.manure", 8000, "manure", "manure and fish sludge"),
        ("ewc:020103", 300, "vegetable", "greenhouse plant residues"),
        ("ewc:0203", 2500, "vegetable", "vegetable processing waste"),
    ], 5, upgraded=False, heat=1200, heat_temp=80)
    # CHP plant: CO2 from the cleaned engine exhaust (A8)
    sup("biogas_stange", "gas:co2", 900, "t/yr", cost=P["co2_disp"],
        note="CO2 from cleaned CHP exhaust, about 0.33 t per MWh methane burnt; A8")
    biogas("biogas_vt", "Biogas plant, Vestre Toten", "Vestre Toten", [
        ("mat:substrate.manure", 20000, "manure", "pig and cattle slurry"),
        ("ewc:0202", 6000, "abp", "slaughterhouse by-products"),
        ("ewc:200108", 5000, "foodwaste", "source-separated food waste"),
        ("ewc:0203", 8000, "vegetable", "potato and vegetable processing waste"),
    ], 12, near="casthouse_vt")
    biogas("biogas_tynset", "Biogas plant, Tynset", "Tynset", [
        ("mat:substrate.manure", 15000, "manure", "cattle and pig slurry"),
        ("mat:substrate.whey", 10000, "whey", "surplus whey"),
        ("ewc:0202", 500, "abp", "animal by-products"),
    ], 6, heat=800, heat_temp=70, fuel_km=40)
    biogas("biogas_gran", "Farm biogas plant, Gran", "Gran", [
        ("mat:substrate.manure", 6000, "manure", "cattle slurry"),
        ("ewc:0203", 200, "vegetable", "fruit pomace"),
        ("ewc:020103", 500, "vegetable", "crop residues"),
    ], 3, upgraded=False, heat=600, heat_temp=80)

    # ---- Waste management, recycling, waste water (A14, A15)
    waste_company("waste_lillehammer", "Lillehammer",
                  ["Lillehammer", "Øyer", "Gausdal"], 90, glass_km=350)
    sup("waste_lillehammer", "ewc:170802",
        sum(POP[m] for m in ["Lillehammer", "Øyer", "Gausdal"]) * GYPSUM_KG_CAP / 1000.0,
        "t/yr", cost=P["gypsum_disp"], note="gypsum board from recycling stations; A14")
    waste_company("waste_hamar", "Hamar", ["Hamar", "Ringsaker", "Stange", "Løten"], 140)
    sup("waste_hamar", "ewc:200201",
        sum(POP[m] for m in ["Hamar", "Ringsaker", "Stange", "Løten"]) * GARDEN_KG_CAP / 1000.0,
        "t/yr", months="4-10", cost=300, note="garden waste; A14")
    waste_company("waste_nordaurdal", "Nord-Aurdal",
                  ["Nord-Aurdal", "Sør-Aurdal", "Etnedal", "Vestre Slidre",
                   "Øystre Slidre", "Vang"], 35)
    waste_company("waste_kongsvinger", "Kongsvinger",
                  ["Kongsvinger", "Sør-Odal", "Nord-Odal", "Eidskog", "Grue"], 60,
                  fw_to=120)

    k = firm("wte_hamar", "Waste-to-energy plant, Hamar", "38.21", "Hamar",
             "Waste management and recycling", 40, near="dh_hamar")
    dem(k, "ewc:200301", 80000, "t/yr", cost=0, max_km=120,
        note="residual municipal waste; receives a gate fee today")
    dem(k, "ewc:191212", 20000, "t/yr", cost=0, max_km=120,
        note="sorting residues from commercial and C&D waste")
    sup(k, "energy:heat", 180, "GWh/yr", temp=90, cost=P["heat_disp"] * 1000.0,
        note="hot water from the energy-recovery boiler, about 1.8 MWh per t waste (illustrative)")
    sup(k, "energy:steam", 15000, "MWh/yr", temp=200, cost=P["heat_disp"],
        note="process steam bleed (illustrative)")
    sup(k, "ewc:190112", 20000, "t/yr", cost=450, note="bottom ash, about 20 % of input")
    sup(k, "ewc:190102", 1500, "t/yr", cost=0, note="ferrous metal from bottom ash")
    sup(k, "ewc:190107", 3000, "t/yr", cost=P["haz_disp"],
        note="flue-gas cleaning residue (hazardous)")

    k = firm("cd_stange", "Construction waste recycling plant, Stange", "38.32",
             "Stange", "Waste management and recycling", 35)
    dem(k, "ewc:1708", 2000, "t/yr", cost=0,
        note="gypsum-based construction waste; receives a gate fee today")
    dem(k, "ewc:170904", 25000, "t/yr", cost=0, note="mixed C&D waste for sorting")
    dem(k, "ewc:200138", 8000, "t/yr", cost=0, note="waste wood for chipping")
    dem(k, "ewc:170201", 7000, "t/yr", cost=0, note="construction wood for chipping")
    sup(k, "ewc:170802", 1800, "t/yr", cost=P["gypsum_disp"], max_km=350,
        note="sorted and cleaned gypsum board waste for recycling")
    sup(k, "ewc:191207", 14000, "t/yr", cost=P["recwood_disp"], max_km=150,
        note="chipped recovered wood, metal removed")
    sup(k, "ewc:191202", 1000, "t/yr", cost=P["ferrous_mixed_sold"], note="ferrous metal from sorting")
    sup(k, "ewc:191212", 6000, "t/yr", cost=P["msw_disp"], note="sorting residues")

    k = firm("cd_kongsvinger", "Construction waste recycling plant, Kongsvinger",
             "38.32", "Kongsvinger", "Waste management and recycling", 20)
    dem(k, "ewc:1708", 1500, "t/yr", cost=0,
        note="gypsum-based construction waste; receives a gate fee today")
    dem(k, "ewc:170904", 12000, "t/yr", cost=0, note="mixed C&D waste for sorting")
    sup(k, "ewc:170802", 1300, "t/yr", cost=P["gypsum_disp"], max_km=350,
        note="sorted and cleaned gypsum board waste for recycling")
    sup(k, "ewc:191212", 3000, "t/yr", cost=P["msw_disp"], note="sorting residues")

    k = firm("metal_gjovik", "Metal recycler, Gjøvik", "38.32", "Gjøvik",
             "Waste management and recycling", 30)
    dem(k, "mat:metal.steel-scrap", 20000, "t/yr", cost=P["steel_scrap_buy"],
        note="turnings, offcuts, demolition steel")
    dem(k, "ewc:190102", 1500, "t/yr", cost=500, note="ferrous metal from incinerator ash")
    dem(k, "ewc:191202", 3000, "t/yr", cost=1500, note="ferrous metal from sorting plants")
    sup(k, "ewc:191203", 2500, "t/yr", cost=P["nonferrous_mixed_sold"], note="sorted non-ferrous fraction")

    k = firm("compost_elverum", "Composting plant, Elverum", "38.21", "Elverum",
             "Waste management and recycling", 6)
    dem(k, "ewc:200201", 6000, "t/yr", months="4-10", cost=0, max_km=80,
        note="garden and park waste")
    sup(k, "mat:fertiliser.compost", 3000, "t/yr", cost=0,
        note="quality-assured compost, about 50 % of input mass (illustrative)")

    def wwtp(key, muni, served, employees):
        pop = sum(POP[m] for m in served)
        firm(key, "Wastewater treatment plant, %s" % muni, "37.00", muni,
             "Waste management and recycling", employees)
        sup(key, "ewc:190805", pop * SLUDGE_T_PER_CAP, "t/yr", cost=P["sludge_disp"],
            note="dewatered sludge; A15, %d inhabitants" % pop)
        sup(key, "water:treated", pop * 0.25, "m3/day", cost=0,
            note="treated effluent, about 250 l per inhabitant and day; A15")

    wwtp("wwtp_hamar", "Hamar", ["Hamar", "Ringsaker", "Stange", "Løten"], 45)
    wwtp("wwtp_lillehammer", "Lillehammer", ["Lillehammer", "Øyer"], 20)

    k = firm("haz_vt", "Hazardous waste treatment facility, Vestre Toten", "38.22",
             "Vestre Toten", "Waste management and recycling", 15)
    dem(k, "ewc:1201", 1500, "t/yr", cost=0,
        note="machining emulsions and oils for splitting")
    dem(k, "ewc:1101", 2500, "t/yr", cost=0, note="surface-treatment wastes")
    sup(k, "ewc:190206", 300, "t/yr", cost=900, note="filter cake from treatment")

    # ---- Concrete and construction (A18, A19)
    def rmc(key, muni, m3, employees, extra=None):
        firm(key, "Ready-mix concrete plant, %s" % muni, "23.63", muni,
             "Concrete and construction", employees)
        dem(key, "mat:cement.scm", m3 * 0.3 * 0.03, "t/yr", cost=P["scm_buy"],
            note="ash as 3 %% of cement, 300 kg cement/m3, %d m3/yr; A18" % m3)
        sup(key, "ewc:101314", m3 * 0.025 * 2.4, "t/yr", cost=P["concrete_disp"],
            note="returned and washed-out concrete, 2.5 % of output; A18")
        dem(key, "water:process", m3 * 0.18, "m3/yr", cost=P["water_buy"],
            note="mixing water, about 180 l/m3; non-potable process water accepted")

    rmc("rmc_hamar", "Hamar", 60000, 30)
    rmc("rmc_gjovik", "Gjøvik", 50000, 25)
    dem("rmc_gjovik", "ewc:010408", 8000, "t/yr", cost=P["aggregate_buy"],
        note="crusher fines as manufactured sand")
    rmc("rmc_lillehammer", "Lillehammer", 40000, 20)

    def concrete_products(key, muni, scm, heat, employees):
        firm(key, "Concrete products plant, %s" % muni, "23.61", muni,
             "Concrete and construction", employees)
        dem(key, "ewc:100101", scm, "t/yr", cost=P["scm_buy"],
            note="bottom ash from wood-fired boilers as filler and partial binder substitute in blocks; A18")
        dem(key, "energy:heat", heat, "MWh/yr", temp=50, cost=P["heat_buy"],
            note="curing chambers (illustrative)")
        sup(key, "ewc:101314", scm * 2.5, "t/yr", cost=P["concrete_disp"],
            note="rejected elements")

    concrete_products("cp_ringsaker", "Ringsaker", 800, 2500, 90)
    concrete_products("cp_elverum", "Elverum", 400, 1200, 40)

    k = firm("gravel_stange", "Gravel pit and crushing plant, Stange", "08.12",
             "Stange", "Concrete and construction", 15)
    dem(k, "ewc:1701", 30000, "t/yr", cost=0,
        note="concrete and brick waste for crushing; receives a gate fee today")
    dem(k, "ewc:101314", 4000, "t/yr", cost=0, note="returned concrete for crushing")
    dem(k, "ewc:170504", 40000, "t/yr", months="4-11", cost=0,
        note="clean excavated soil for pit restoration")
    dem(k, "water:treated", 50000, "m3/yr", months="4-11", cost=P["water_buy"],
        note="aggregate washing water")
    sup(k, "mat:mineral.aggregate.recycled", 25000, "t/yr", cost=0,
        note="crushed concrete aggregate, product for off-takers")

    k = firm("quarry_gran", "Quarry and crushing plant, Gran", "08.12", "Gran",
             "Concrete and construction", 25)
    sup(k, "ewc:010408", 15000, "t/yr", cost=60, note="crusher fines 0-2 mm")
    dem(k, "ewc:170504", 40000, "t/yr", months="4-11", cost=0,
        note="clean excavated soil for quarry restoration")

    def builder(key, name, muni, employees, gyp, mixed, wood, extra):
        firm(key, name, "41.20", muni,
             "Concrete and construction", employees)
        sup(key, "ewc:170802", gyp, "t/yr", cost=P["gypsum_disp"],
            note="gypsum board offcuts from new build (A19)")
        sup(key, "ewc:170904", mixed, "t/yr", cost=P["cdw_disp"],
            note="mixed construction waste (A19)")
        sup(key, "ewc:170201", wood, "t/yr", cost=P["recwood_disp"],
            note="clean construction wood (A19)")
        for e in extra:
            sup(key, *e[:3], cost=e[3], note=e[4])

    builder("builder_hamar", "Building contractor, Hamar", "Hamar", 250, 400, 3000,
            1200, [("ewc:170405", 300, "t/yr", P["steel_scrap_sold"], "rebar and steel offcuts")])
    builder("builder_lillehammer", "Building contractor, Lillehammer",
            "Lillehammer", 180, 250, 2000, 800, [])
    builder("builder_kongsvinger", "Building contractor, Kongsvinger", "Kongsvinger",
            90, 150, 1200, 500, [])
    builder("builder_gjovik", "Building contractor, Gjøvik", "Gjøvik", 150, 200,
            1800, 700, [("ewc:170101", 2500, "t/yr", P["concrete_disp"],
                         "concrete from groundworks")])

    k = firm("road_elverum", "Road contractor, Elverum", "42.11", "Elverum",
             "Concrete and construction", 120)
    sup(k, "ewc:170302", 8000, "t/yr", months="5-10", cost=P["asphalt_disp"],
        max_km=100, note="milled asphalt")
    sup(k, "ewc:170504", 50000, "t/yr", months="5-10", cost=80,
        max_km=60, note="surplus excavated soil and stones")
    dem(k, "mat:mineral.aggregate", 40000, "t/yr", months="5-10",
        cost=P["aggregate_buy"], max_km=60, note="sub-base and base-course aggregate")

    k = firm("demolition_hamar", "Demolition contractor, Hamar", "43.11", "Hamar",
             "Concrete and construction", 40)
    sup(k, "ewc:170101", 15000, "t/yr", cost=P["concrete_disp"], note="demolition concrete")
    sup(k, "ewc:170405", 2000, "t/yr", cost=P["steel_scrap_sold"], note="demolition steel")
    sup(k, "ewc:170201", 1500, "t/yr", cost=P["recwood_disp"], note="demolition wood")
    sup(k, "ewc:170802", 300, "t/yr", cost=P["gypsum_disp"], note="gypsum board")
    sup(k, "ewc:170402", 150, "t/yr", cost=P["al_scrap_sold"], note="aluminium windows and cladding")

    k = firm("asphalt_ringsaker", "Asphalt plant, Ringsaker", "23.99", "Ringsaker",
             "Concrete and construction", 20)
    dem(k, "ewc:170302", 12000, "t/yr", months="4-10", cost=P["asphalt_buy"],
        max_km=100, note="reclaimed asphalt for hot-mix recycling")
    dem(k, "mat:mineral.aggregate", 60000, "t/yr", months="4-10",
        cost=P["aggregate_buy"], note="crushed rock")

    # ---- Hotels and hospitals
    def consumer(key, name, nace, muni, sector, employees, fw, heat, temp, fmonths,
                 hmonths, oil=0):
        firm(key, name, nace, muni, sector, employees)
        sup(key, "ewc:200108", fw, "t/yr", months=fmonths, cost=P["foodwaste_disp"],
            note="kitchen and canteen waste (illustrative)")
        dem(key, "energy:heat", heat, "MWh/yr", temp=temp, months=hmonths,
            cost=P["heat_buy"], note="space heating, hot water, pools (illustrative)")
        if oil:
            sup(key, "ewc:200125", oil, "t/yr", months=fmonths, cost=500,
                note="used frying oil")

    consumer("hotel_trysil", "Hotel and ski resort, Trysil", "55.10", "Trysil",
             "Hotels and hospitals", 300, 180, 6000, 70, "1-4,7-8,12", "1-4,10-12", 8)
    consumer("hotel_oyer", "Hotel and ski resort, Øyer", "55.10", "Øyer",
             "Hotels and hospitals", 200, 120, 4000, 70, "1-4,7-8,12", "1-4,10-12", 5)
    consumer("hotel_lillehammer", "Hotel, Lillehammer", "55.10", "Lillehammer",
             "Hotels and hospitals", 90, 60, 2000, 65, "1-12", "1-5,9-12")
    consumer("hospital_elverum", "Hospital, Elverum", "86.10", "Elverum",
             "Hotels and hospitals", 1500, 250, 12000, 70, "1-12", "1-12")
    consumer("hospital_gjovik", "Hospital, Gjøvik", "86.10", "Gjøvik",
             "Hotels and hospitals", 1300, 220, 10000, 70, "1-12", "1-12")

    # ---- Neighbouring counties --------------------------------------------
    # Akershus (32)
    k = firm("ak_wood_nes", "Waste sorting and wood recovery plant, Nes",
             "38.32", "Nes", "Neighbouring counties", 70, fylke="32")
    sup(k, "ewc:191207", 40000, "t/yr", cost=P["recwood_disp"], max_km=200,
        note="chipped recovered wood, grade suitable for board")
    sup(k, "ewc:191202", 3000, "t/yr", cost=P["ferrous_mixed_sold"], max_km=150, note="ferrous metal")
    dem(k, "ewc:1709", 60000, "t/yr", cost=0, note="mixed C&D waste for sorting")

    biogas("ak_biogas_nes", "Biogas plant, Nes", "Nes", [
        ("ewc:200108", 45000, "foodwaste", "source-separated food waste"),
        ("ewc:0203", 5000, "vegetable", "food industry waste"),
        ("ewc:0202", 2000, "abp", "meat industry by-products"),
        ("mat:substrate.manure", 10000, "manure", "cattle slurry and fish sludge"),
    ], 20)
    _to_county("ak_biogas_nes", "32")

    data_centre("ak_dc_ullensaker", "Ullensaker", 20, 30)
    _to_county("ak_dc_ullensaker", "32")
    k = firm("ak_dh_ullensaker", "District heating, Ullensaker", "35.30",
             "Ullensaker", "Neighbouring counties", 10, fylke="32",
             near="ak_dc_ullensaker")
    dem(k, "energy:heat", 40000, "MWh/yr", temp=70, cost=P["heat_buy"],
        note="network supply at 70 C (illustrative): colder heat needs a heat pump, which symbi prices")
    dem(k, "mat:biofuel", 15000, "t/yr", cost=P["biofuel_buy"], max_km=120,
        note="wood chips; A4")

    sawmill("ak_saw_eidsvoll", "Eidsvoll", 200000, True)
    _to_county("ak_saw_eidsvoll", "32")

    k = firm("ak_brewery_nittedal", "Brewery, Nittedal", "11.05", "Nittedal",
             "Neighbouring counties", 350, fylke="32")
    sup(k, "ewc:020704", 1500000 * SPENT_GRAIN_T_PER_HL, "t/yr",
        cost=P["spentgrain_disp"], max_km=80,
        note="wet spent grain, 1.5 M hl/yr; A10")
    sup(k, "gas:co2", 1500000 * 0.002, "t/yr", cost=P["co2_disp"], max_km=150,
        note="recovered fermentation CO2 beyond own use, 2 kg/hl; A10 (illustrative)")
    sup(k, "water:waste", 1500000 * 0.3, "m3/yr", cost=P["wastewater_disp"],
        note="process waste water")

    # Buskerud (33)
    k = firm("bu_biorefinery_ringerike", "Wood biorefinery, Ringerike", "20.14",
             "Ringerike", "Neighbouring counties", 90, fylke="33")
    dem(k, "ewc:030105", 150000, "t/yr", cost=400, max_km=150,
        note="sawmill chips and sawdust as feedstock (illustrative size)")
    sup(k, "energy:heat", 40000, "MWh/yr", temp=75, cost=P["heat_disp"],
        note="process surplus heat (illustrative)")
    sup(k, "ewc:030311", 3000, "t/yr", cost=P["sludge_disp"],
        note="biosludge from effluent treatment")
    k = firm("bu_dh_ringerike", "District heating, Ringerike", "35.30", "Ringerike",
             "Neighbouring counties", 10, fylke="33", near="bu_biorefinery_ringerike")
    dem(k, "energy:heat", 30000, "MWh/yr", temp=70, cost=P["heat_buy"],
        note="base-load heat from industry")
    dem(k, "mat:biofuel", 8000, "t/yr", cost=P["biofuel_buy"], note="wood chips; A4")
    dh_ash(k, 8000)
    sawmill("bu_saw_gol", "Gol", 80000, True, bark_max_km=80)
    _to_county("bu_saw_gol", "33")

    # Østfold (31)
    k = firm("of_plasterboard", "Plasterboard plant, Indre Østfold",
             "23.62", "Indre Østfold", "Neighbouring counties", 150, fylke="31")
    dem(k, "mat:mineral.gypsum", 150000, "t/yr", cost=P["gypsum_buy"],
        note="natural or FGD gypsum (illustrative size)")
    dem(k, "ewc:170802", 25000, "t/yr", cost=0, max_km=350,
        note="clean gypsum board waste for recycling; receives a gate fee today")
    sup(k, "energy:heat", 20000, "MWh/yr", temp=90, cost=P["heat_disp"],
        note="board dryer exhaust (illustrative)")
    k = firm("of_paper_halden", "Paper mill, Halden", "17.12", "Halden",
             "Neighbouring counties", 300, fylke="31")
    dem(k, "ewc:030105", 250000, "t/yr", cost=420, max_km=250,
        note="fresh sawmill chips for the pulp line (illustrative size)")
    sup(k, "ewc:030311", 15000, "t/yr", cost=P["sludge_disp"],
        note="biosludge from effluent treatment")
    sup(k, "energy:heat", 60000, "MWh/yr", temp=70, cost=P["heat_disp"],
        note="low-grade process heat (illustrative)")
    k = firm("of_glasswool_indreostfold", "Glass wool plant, Indre Østfold", "23.14",
             "Indre Østfold", "Neighbouring counties", 200, fylke="31")
    dem(k, "ewc:150107", 20000, "t/yr", cost=P["glass_buy"], max_km=350,
        note="glass packaging cullet (sorted at a glass recovery plant)")
    dem(k, "mat:glass.cullet", 10000, "t/yr", cost=P["glass_buy"],
        note="processed cullet")

    # Trøndelag (50)
    k = firm("tr_dairy_roros", "Dairy, Røros", "10.51", "Rosse - Røros",
             "Neighbouring counties", 40, fylke="50")
    sup(k, "ewc:020501", 15000 * 1.03 * WHEY_PER_MILK * 0.6, "t/yr",
        cost=P["whey_disp"], max_km=60,
        note="surplus whey from organic cheese; A5 (15 M l milk)")
    sup(k, "ewc:020502", 30, "t/yr", cost=P["sludge_disp"], note="effluent sludge")
    sawmill("tr_saw_holtalen", "Holtålen", 50000, False)
    _to_county("tr_saw_holtalen", "50")
    # its sawdust travels to Tynset
    for s in STREAMS:
        if s["key"] == "tr_saw_holtalen" and "sawdust" in s["note"]:
            s["max_km"] = 120
    k = firm("tr_dh_roros", "District heating, Røros", "35.30", "Rosse - Røros",
             "Neighbouring counties", 4, fylke="50")
    dem(k, "ewc:030101", 3000, "t/yr", cost=P["bark_buy"], max_km=60,
        note="bark from sawmills in Nord-Østerdalen; A4")
    dem(k, "mat:biofuel.pellets", 1500, "t/yr", months="1-4,10-12",
        cost=P["pellet_buy"], max_km=200, note="pellets for the peak boiler")
    dh_ash(k, 3000 + 1500)


def _to_county(key, fylke):
    """Move a firm created by an archetype helper to a neighbouring county."""
    f = BY_KEY[key]
    old = f["firm_id"]
    prefix = {"32": "AK", "33": "BU", "31": "OF", "50": "TR"}[fylke]
    _counters["IN"] -= 1
    _counters[prefix] = _counters.get(prefix, 0) + 1
    f["firm_id"] = "%s%03d" % (prefix, _counters[prefix])
    f["fylke"] = fylke
    f["region"] = FYLKE[fylke]
    f["sector"] = "Neighbouring counties"
    for s in STREAMS:
        if s["firm_id"] == old:
            s["firm_id"] = f["firm_id"]
            s["stream_id"] = f["firm_id"] + s["stream_id"][len(old):]


# --------------------------------------------------------------------------
# Planted chains and loops (verified below)
# --------------------------------------------------------------------------
# Each link: (supplier key, supply resource, receiver key, demand resource)
CHAINS = [
    ("C1", "Sawdust to pellets to district heating and a greenhouse (Elverum)", [
        ("saw_elverum", "ewc:030105", "pellet_elverum", "mat:wood.sawdust", "sawdust"),
        ("pellet_elverum", "mat:biofuel.pellets", "dh_elverum", "mat:biofuel.pellets"),
        ("pellet_elverum", "mat:biofuel.pellets", "gh_elverum", "mat:biofuel.pellets"),
        ("pellet_elverum", "energy:heat", "gh_elverum", "energy:heat"),
        ("dh_elverum", "energy:heat", "cp_elverum", "energy:heat"),
        ("dh_elverum", "ewc:100101", "cp_elverum", "ewc:100101"),
    ]),
    ("C2", "Whey to biogas to digestate and fuel gas (Tynset)", [
        ("dairy_tynset", "ewc:020501", "biogas_tynset", "mat:substrate.whey"),
        ("biogas_tynset", "ewc:190606", "df_tynset", "mat:fertiliser.digestate"),
        ("biogas_tynset", "energy:fuel-gas", "dh_tynset", "energy:fuel-gas"),
    ]),
    ("C3", "Pig manure to farm biogas to heat and CO2 for a greenhouse (Stange)", [
        ("pig_stange", "ewc:020106", "biogas_stange", "mat:substrate.manure"),
        ("biogas_stange", "energy:heat", "gh_stange", "energy:heat"),
        ("biogas_stange", "gas:co2", "gh_stange", "gas:co2"),
    ]),
    ("C4", "Brewers' grains to dairy farm to biogas to grain farm (Nittedal to Gran, crosses Akershus)", [
        ("ak_brewery_nittedal", "ewc:020704", "df_gran", "mat:feed.spent-grain"),
        ("df_gran", "ewc:020106", "biogas_gran", "mat:substrate.manure"),
        ("biogas_gran", "ewc:190606", "gf_gran", "mat:fertiliser.digestate"),
    ]),
    ("C5", "Bark to district heating to ash for concrete and fields (Åmot, Elverum, Åsnes)", [
        ("saw_amot", "ewc:030101", "dh_amot", "ewc:030101"),
        ("dh_amot", "ewc:100101", "cp_elverum", "ewc:100101"),
        ("dh_amot", "ewc:100103", "gf_asnes", "ewc:100103"),
    ]),
    ("C6", "Aluminium scrap to casthouse to surplus heat to district heating to greenhouse (Raufoss)", [
        ("autoparts_vt", "ewc:120103", "casthouse_vt", "ewc:120103"),
        ("casthouse_vt", "energy:heat", "dh_vestretoten", "energy:heat"),
        ("dh_vestretoten", "energy:heat", "gh_vestretoten", "energy:heat"),
    ]),
    ("C7", "Data-centre heat to fish farm to biogas to grain farm (Hamar, Stange)", [
        ("dc_hamar", "energy:heat", "fish_hamar", "energy:heat"),
        ("fish_hamar", "ewc:020106", "biogas_stange", "mat:substrate.manure"),
        ("biogas_stange", "ewc:190606", "gf_stange", "mat:fertiliser.digestate"),
    ]),
    ("C8", "Slaughterhouse by-products to biogas to fuel gas for the casthouse (Ringsaker, Raufoss)", [
        ("slaughter_ringsaker", "ewc:020202", "biogas_vt", "ewc:0202"),
        ("biogas_vt", "energy:fuel-gas", "casthouse_vt", "energy:fuel-gas"),
    ]),
    ("C9", "Gypsum board waste to recycler to plasterboard plant (Kongsvinger to Indre Østfold, crosses Østfold)", [
        ("builder_kongsvinger", "ewc:170802", "cd_kongsvinger", "ewc:1708"),
        ("cd_kongsvinger", "ewc:170802", "of_plasterboard", "ewc:170802"),
    ]),
    ("C10", "Recovered wood to particleboard to pellets to district heating (Nes to Våler and Elverum, crosses Akershus)", [
        ("ak_wood_nes", "ewc:191207", "board_valer", "ewc:191207"),
        ("board_valer", "ewc:030105", "pellet_elverum", "mat:wood.sawdust"),
        ("pellet_elverum", "mat:biofuel.pellets", "dh_elverum", "mat:biofuel.pellets"),
    ]),
    ("C11", "Whey from Røros to pig farm to biogas to dairy farm (crosses Trøndelag)", [
        ("tr_dairy_roros", "ewc:020501", "pig_os", "mat:feed.whey"),
        ("pig_os", "ewc:020106", "biogas_tynset", "mat:substrate.manure"),
        ("biogas_tynset", "ewc:190606", "df_tolga", "mat:fertiliser.digestate"),
    ]),
    ("C12", "Sawdust from Holtålen to pellets in Tynset to district heating in Røros (crosses Trøndelag twice)", [
        ("tr_saw_holtalen", "ewc:030105", "pellet_tynset", "mat:wood.sawdust", "sawdust"),
        ("pellet_tynset", "mat:biofuel.pellets", "tr_dh_roros", "mat:biofuel.pellets"),
    ]),
    ("C13", "Bark from Gol to district heating in Fagernes to fish hatchery (crosses Buskerud)", [
        ("bu_saw_gol", "ewc:030101", "dh_nordaurdal", "ewc:030101"),
        ("dh_nordaurdal", "energy:heat", "hatchery_nordaurdal", "energy:heat"),
    ]),
    ("C14", "Food waste from Kongsvinger to biogas in Nes to grain farm in Sør-Odal (crosses Akershus twice)", [
        ("waste_kongsvinger", "ewc:200108", "ak_biogas_nes", "ewc:200108"),
        ("ak_biogas_nes", "ewc:190606", "gf_sorodal", "mat:fertiliser.digestate"),
    ]),
    ("C15", "Sawmill chips from Nordre Land to biorefinery to district heating in Hønefoss (crosses Buskerud)", [
        ("saw_nordreland", "ewc:030105", "bu_biorefinery_ringerike", "ewc:030105", "chips"),
        ("bu_biorefinery_ringerike", "energy:heat", "bu_dh_ringerike", "energy:heat"),
    ]),
    ("C16", "Waste wood to chipping to particleboard (Hamar, Stange, Våler)", [
        ("waste_hamar", "ewc:200138", "cd_stange", "ewc:200138"),
        ("cd_stange", "ewc:191207", "board_valer", "ewc:191207"),
        ("board_valer", "ewc:100101", "cp_elverum", "ewc:100101"),
    ]),
]

LOOPS = [
    ("L1", "Manure and digestate between pig farm and farm biogas plant (Stange)", [
        ("pig_stange", "ewc:020106", "biogas_stange", "mat:substrate.manure"),
        ("biogas_stange", "ewc:190606", "pig_stange", "mat:fertiliser.digestate"),
    ]),
    ("L2", "Greenhouse residues to biogas, heat and CO2 back to the greenhouse (Stange)", [
        ("gh_stange", "ewc:020103", "biogas_stange", "ewc:020103"),
        ("biogas_stange", "energy:heat", "gh_stange", "energy:heat"),
        ("biogas_stange", "gas:co2", "gh_stange", "gas:co2"),
    ]),
    ("L3", "Potato loop: off-grade potatoes to spirit plant to stillage for pigs to manure to biogas to digestate back on the potato fields (Østre and Vestre Toten)", [
        ("potato_farm_ostretoten", "ewc:020103", "spirit_ostretoten", "ewc:020103"),
        ("spirit_ostretoten", "ewc:020702", "pig_ostretoten", "mat:feed.spent-grain"),
        ("pig_ostretoten", "ewc:020106", "biogas_vt", "mat:substrate.manure"),
        ("biogas_vt", "ewc:190606", "potato_farm_ostretoten", "mat:fertiliser.digestate"),
    ]),
    ("L4", "Dairy whey to biogas, fuel gas back to the dairy's steam boiler (Tynset)", [
        ("dairy_tynset", "ewc:020501", "biogas_tynset", "mat:substrate.whey"),
        ("biogas_tynset", "energy:fuel-gas", "dairy_tynset", "energy:fuel-gas"),
    ]),
    ("L5", "Cattle manure to biogas and digestate back to the same dairy farm (Tynset)", [
        ("df_tynset", "ewc:020106", "biogas_tynset", "mat:substrate.manure"),
        ("biogas_tynset", "ewc:190606", "df_tynset", "mat:fertiliser.digestate"),
    ]),
]

# --------------------------------------------------------------------------
# Geometry
# --------------------------------------------------------------------------
def _hash_unit(fid, salt):
    h = hashlib.sha256((salt + ":" + fid).encode("utf-8")).digest()
    return int.from_bytes(h[:8], "big") / float(2 ** 64)


def _offset(lat, lon, r_km, theta):
    dlat = r_km * math.cos(theta) / 111.32
    dlon = r_km * math.sin(theta) / (111.32 * math.cos(math.radians(lat)))
    return lat + dlat, lon + dlon


def place_firms():
    for f in FIRMS:
        m = MUNI.get((f["fylke"], f["municipality"]))
        if m is None:
            sys.exit("generate.py: error: no municipality %r in fylke %s"
                     % (f["municipality"], f["fylke"]))
        f["centroid"] = (float(m["lat"]), float(m["lon"]))
    # first firms placed freely, then co-located firms next to their anchor
    for f in FIRMS:
        if f["near"]:
            continue
        lat, lon = f["centroid"]
        r = 0.4 + 2.6 * _hash_unit(f["firm_id"], "r")
        t = 2 * math.pi * _hash_unit(f["firm_id"], "t")
        f["lat"], f["lon"] = _offset(lat, lon, r, t)
    for f in FIRMS:
        if not f["near"]:
            continue
        a = BY_KEY[f["near"]]
        assert not a["near"], "anchor %s is itself co-located" % a["key"]
        assert a["municipality"] == f["municipality"], (f["key"], a["key"])
        r = 0.2 + 0.6 * _hash_unit(f["firm_id"], "r")
        t = 2 * math.pi * _hash_unit(f["firm_id"], "t")
        f["lat"], f["lon"] = _offset(a["lat"], a["lon"], r, t)
    for f in FIRMS:
        f["lat"] = round(f["lat"], 5)
        f["lon"] = round(f["lon"], 5)


def km(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (a["lat"], a["lon"], b["lat"], b["lon"]))
    h = (math.sin((la2 - la1) / 2) ** 2
         + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(math.sqrt(h))


# --------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------
FIRM_COLS = ["firm_id", "name", "lat", "lon", "nace", "region", "municipality",
             "org_nr", "employees"]
STREAM_COLS = ["stream_id", "firm_id", "direction", "resource", "quantity", "unit",
               "temp_c", "months", "disposal_cost", "purchase_price", "max_km", "note",
               "abp_category"]


def write_csvs():
    with open(os.path.join(HERE, "firms.csv"), "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(FIRM_COLS)
        for f in FIRMS:
            w.writerow([f["firm_id"], f["name"], "%.5f" % f["lat"], "%.5f" % f["lon"],
                        f["nace"], f["region"], f["municipality"], "", f["employees"]])
    with open(os.path.join(HERE, "streams.csv"), "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(STREAM_COLS)
        for s in STREAMS:
            w.writerow([fmt(s[c]) for c in STREAM_COLS])


# --------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------
UNIT_DIM = {"t": "mass", "kg": "mass", "m3": "volume", "l": "volume",
            "MWh": "energy", "kWh": "energy", "GWh": "energy"}
PERIODS = {"yr", "month", "week", "day", "h"}


def unit_dim(u):
    base, _, per = u.partition("/")
    if base not in UNIT_DIM or (per and per not in PERIODS):
        return None
    return UNIT_DIM[base]


def parse_months(m):
    out = set()
    for part in m.split(","):
        a, _, b = part.partition("-")
        a = int(a)
        b = int(b) if b else a
        if not (1 <= a <= 12 and 1 <= b <= 12):
            raise ValueError(m)
        if a <= b:
            out.update(range(a, b + 1))
        else:
            out.update(list(range(a, 13)) + list(range(1, b + 1)))
    return out


def load_vocab():
    ewc = set()
    with open(os.path.join(DATASETS, "ewc.csv"), encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            ewc.add("ewc:" + r["code"].replace(" ", ""))
    mat = set()
    with open(os.path.join(DATASETS, "resources.csv"), encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            mat.add(r["code"])
    base = {"energy:heat", "energy:steam", "energy:cold", "energy:fuel-gas",
            "gas:co2", "water:fresh", "water:process", "water:surface", "water:cooling",
            "water:waste", "water:treated"}
    return ewc, mat, base


def code_valid(c, ewc, mat, base):
    if c in base or c in mat:
        return True
    if c.startswith("ewc:"):
        d = c[4:]
        if len(d) == 6:
            return c in ewc
        if len(d) in (2, 4) and d.isdigit():
            return any(e.startswith(c) for e in ewc)
    return False


def load_rules():
    """(from, to) pairs of datasets/rules.csv, or the fallback list."""
    path = os.path.join(DATASETS, "rules.csv")
    if not os.path.exists(path):
        return list(RULES), "fallback list in generate.py"
    out = []
    with open(path, encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r.get("to"):
                out.append((r["from"], r["to"]))
    return out, "datasets/rules.csv"


def load_radii():
    """Default transport radius per code: resources.csv radius_km (own or
    inherited), else class.<class>.radius_km of scoring.csv."""
    cls = {"material": 100.0, "energy": 10.0, "water": 10.0, "gas": 10.0}
    path = os.path.join(DATASETS, "scoring.csv")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                k = r["key"]
                if k.startswith("class.") and k.endswith(".radius_km"):
                    cls[k.split(".")[1]] = float(r["value"])
    own = {}
    with open(os.path.join(DATASETS, "resources.csv"), encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r.get("radius_km"):
                own[r["code"]] = float(r["radius_km"])
    return cls, own


def default_radius(code):
    cls, own = RADII
    c = code
    while c:
        if c in own:
            return own[c]
        if c.startswith("ewc:"):
            c = c[:-2] if len(c) > 6 else ""
        else:
            c = c.rsplit(".", 1)[0] if "." in c else ""
    if code.startswith("energy:"):
        return cls["energy"]
    if code.startswith("water:"):
        return cls["water"]
    if code.startswith("gas:"):
        return cls["gas"]
    return cls["material"]


def compatible(s_code, d_code):
    if s_code == d_code:
        return "equal"
    if d_code.startswith("ewc:") and s_code.startswith(d_code):
        return "prefix"
    if s_code.startswith(d_code + "."):
        return "ancestor"
    for a, b in ACTIVE_RULES:
        if s_code.startswith(a) and (b == d_code or b.startswith(d_code + ".")):
            return "rule %s -> %s" % (a, b)
    return None


def find_stream(key, direction, code, hint=None):
    for s in STREAMS:
        if s["key"] == key and s["direction"] == direction and s["resource"] == code \
                and (hint is None or hint in s["note"]):
            return s
    return None


def check_link(link):
    sk, sc, dk, dc = link[:4]
    s = find_stream(sk, "supply", sc, link[4] if len(link) > 4 else None)
    d = find_stream(dk, "demand", dc)
    errs = []
    if s is None:
        errs.append("no supply %s of %s" % (sc, sk))
    if d is None:
        errs.append("no demand %s of %s" % (dc, dk))
    if errs:
        return None, errs
    how = compatible(sc, dc)
    if not how:
        errs.append("codes %s and %s do not match" % (sc, dc))
    if unit_dim(s["unit"]) != unit_dim(d["unit"]):
        errs.append("units %s and %s differ" % (s["unit"], d["unit"]))
    if not (parse_months(s["months"]) & parse_months(d["months"])):
        errs.append("months do not overlap")
    if s["temp_c"] is not None and d["temp_c"] is not None and s["temp_c"] < d["temp_c"]:
        errs.append("supply %s C below demand %s C" % (s["temp_c"], d["temp_c"]))
    dist = km(BY_KEY[sk], BY_KEY[dk])
    # SPEC section 4: the smaller of both streams' max_km and the default
    # radius of the supply's code (the engine reads it the same way).
    limit = min([x for x in (s["max_km"], d["max_km"]) if x] + [default_radius(sc)])
    if dist > limit:
        errs.append("distance %.1f km exceeds %s km" % (dist, fmt(limit)))
    return (s, d, dist, how), errs


def check():
    global ACTIVE_RULES, RULES_SOURCE, RADII
    ACTIVE_RULES, RULES_SOURCE = load_rules()
    RADII = load_radii()
    errors = []
    ewc, mat, base = load_vocab()
    nace = set()
    with open(os.path.join(DATA_DIR, "nace_rev2.csv"), encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r["level"] == "4":
                nace.add(r["code"])
    # read back what was written
    with open(os.path.join(HERE, "firms.csv"), encoding="utf-8") as fh:
        firms = list(csv.DictReader(fh))
    with open(os.path.join(HERE, "streams.csv"), encoding="utf-8") as fh:
        streams = list(csv.DictReader(fh))
    ids = [f["firm_id"] for f in firms]
    if len(ids) != len(set(ids)):
        errors.append("duplicate firm_id")
    names = [f["name"] for f in firms]
    if len(names) != len(set(names)):
        errors.append("duplicate firm names: %s" % sorted(
            n for n in set(names) if names.count(n) > 1))
    byid = {f["firm_id"]: f for f in firms}
    for f in firms:
        lat, lon = float(f["lat"]), float(f["lon"])
        if not (57.9 <= lat <= 71.3 and 4.4 <= lon <= 31.2):
            errors.append("%s: coordinates outside Norway" % f["firm_id"])
        if f["nace"] not in nace:
            errors.append("%s: NACE %s is not a class" % (f["firm_id"], f["nace"]))
        m = next(x for x in FIRMS if x["firm_id"] == f["firm_id"])
        if km(m, {"lat": m["centroid"][0], "lon": m["centroid"][1]}) > 4.0:
            errors.append("%s: more than 4 km from its centroid" % f["firm_id"])
    sids = [s["stream_id"] for s in streams]
    if len(sids) != len(set(sids)):
        errors.append("duplicate stream_id")
    per_firm = {}
    for s in streams:
        if s["firm_id"] not in byid:
            errors.append("%s: unknown firm %s" % (s["stream_id"], s["firm_id"]))
        per_firm[s["firm_id"]] = per_firm.get(s["firm_id"], 0) + 1
        if s["direction"] not in ("supply", "demand"):
            errors.append("%s: bad direction" % s["stream_id"])
        if not code_valid(s["resource"], ewc, mat, base):
            errors.append("%s: unknown resource %s" % (s["stream_id"], s["resource"]))
        if unit_dim(s["unit"]) is None:
            errors.append("%s: bad unit %s" % (s["stream_id"], s["unit"]))
        if float(s["quantity"]) <= 0:
            errors.append("%s: quantity" % s["stream_id"])
        try:
            parse_months(s["months"])
        except ValueError:
            errors.append("%s: months %s" % (s["stream_id"], s["months"]))
        r = s["resource"]
        if r in ("energy:heat", "energy:steam") and not s["temp_c"]:
            errors.append("%s: heat without temp_c" % s["stream_id"])
        if s["unit"] not in ("t/yr", "MWh/yr", "m3/yr", "GWh/yr") and s["months"] != "1-12":
            errors.append("%s: per-period unit with seasonal months" % s["stream_id"])
        if s["direction"] == "supply" and s["disposal_cost"] == "":
            errors.append("%s: supply without disposal_cost" % s["stream_id"])
        if s["direction"] == "demand" and s["purchase_price"] == "":
            errors.append("%s: demand without purchase_price" % s["stream_id"])
        if s["direction"] == "supply" and s["purchase_price"]:
            errors.append("%s: purchase_price on a supply" % s["stream_id"])
        if s["direction"] == "demand" and s["disposal_cost"]:
            errors.append("%s: disposal_cost on a demand" % s["stream_id"])
        # dimension of the resource vs unit
        dim = unit_dim(s["unit"])
        if r.startswith("energy:") and dim != "energy":
            errors.append("%s: energy resource in %s" % (s["stream_id"], s["unit"]))
        if r.startswith("water:") and dim != "volume":
            errors.append("%s: water resource in %s" % (s["stream_id"], s["unit"]))
        if (r.startswith("ewc:") or r.startswith("mat:") or r == "gas:co2") \
                and dim != "mass":
            errors.append("%s: material in %s" % (s["stream_id"], s["unit"]))
    for f in firms:
        if per_firm.get(f["firm_id"], 0) == 0:
            errors.append("%s has no stream" % f["firm_id"])
    for f in firms:
        if re_brand(f["name"]):
            errors.append("%s: name looks like a brand: %s" % (f["firm_id"], f["name"]))
    report = []
    for group in (CHAINS, LOOPS):
        for cid, title, links in group:
            rows = []
            for link in links:
                res, errs = check_link(link)
                for e in errs:
                    errors.append("%s: %s -> %s: %s" % (cid, link[0], link[2], e))
                if res:
                    rows.append((link, res))
            report.append((cid, title, rows))
            if group is LOOPS:
                if links[0][0] != links[-1][2]:
                    errors.append("%s does not close" % cid)
            firms_in = {l[0] for l in links} | {l[2] for l in links}
            if group is CHAINS and len(firms_in) < 3:
                errors.append("%s has fewer than three firms" % cid)
    if errors:
        for e in errors:
            print("generate.py: error: " + e, file=sys.stderr)
        sys.exit(1)
    return report


BRANDS = ["tine", "nortura", "moelven", "hydro", "eidsiva", "glør", "hias",
          "sirkula", "forestia", "hunton", "mustad", "benteler", "nammo",
          "ringnes", "gilde", "hoff", "løiten", "green mountain", "felleskjøpet",
          "norsk gjenvinning", "saint-gobain", "gyproc", "glava", "norske skog",
          "-like"]


def re_brand(name):
    n = name.lower()
    return any(b in n for b in BRANDS)


# --------------------------------------------------------------------------
# README
# --------------------------------------------------------------------------
def counts():
    sectors, regions, dirs = {}, {}, {}
    for f in FIRMS:
        sectors[f["sector"]] = sectors.get(f["sector"], 0) + 1
        regions[f["region"]] = regions.get(f["region"], 0) + 1
    for s in STREAMS:
        dirs[s["direction"]] = dirs.get(s["direction"], 0) + 1
    return sectors, regions, dirs


def id_ranges(ids):
    """IN001, IN002, IN003, IN007 -> 'IN001–IN003, IN007'."""
    out, run = [], []
    for i in ids:
        if run and i[:2] == run[-1][:2] and int(i[2:]) == int(run[-1][2:]) + 1:
            run.append(i)
            continue
        if run:
            out.append(run[0] if len(run) == 1 else "%s–%s" % (run[0], run[-1]))
        run = [i]
    if run:
        out.append(run[0] if len(run) == 1 else "%s–%s" % (run[0], run[-1]))
    return ", ".join(out)


def md_table(header, rows):
    out = ["| " + " | ".join(header) + " |",
           "|" + "|".join("---" for _ in header) + "|"]
    for r in rows:
        out.append("| " + " | ".join(str(x) for x in r) + " |")
    return "\n".join(out)


def write_readme(report):
    sectors, regions, dirs = counts()
    sector_order = []
    for f in FIRMS:
        if f["sector"] not in sector_order:
            sector_order.append(f["sector"])
    sector_rows = []
    for sec in sector_order:
        fs = [f for f in FIRMS if f["sector"] == sec]
        naces = sorted({f["nace"] for f in fs})
        sector_rows.append((sec, len(fs), ", ".join(naces),
                            id_ranges([f["firm_id"] for f in fs])))
    region_rows = [(r, regions[r]) for r in ["Innlandet", "Akershus", "Buskerud",
                                             "Østfold", "Trøndelag"]]
    neigh_rows = [(f["firm_id"], f["name"], f["region"], f["municipality"], f["nace"])
                  for f in FIRMS if f["region"] != "Innlandet"]
    units = {}
    for s in STREAMS:
        units[s["unit"]] = units.get(s["unit"], 0) + 1

    def chain_md(cid, title, rows):
        lines = ["**%s — %s**" % (cid, title), ""]
        trs = []
        for (sk, sc, dk, dc, *_), (s, d, dist, how) in rows:
            a, b = BY_KEY[sk], BY_KEY[dk]
            trs.append(("%s %s" % (a["firm_id"], a["name"]), s["stream_id"], sc,
                        "%s %s" % (b["firm_id"], b["name"]), d["stream_id"], dc,
                        how, "%.1f" % dist))
        lines.append(md_table(["supplier", "supply", "code", "receiver", "demand",
                               "code", "match", "km"], trs))
        fids = []
        for (sk, _, dk, _, *_), _ in rows:
            for k in (sk, dk):
                if BY_KEY[k]["firm_id"] not in fids:
                    fids.append(BY_KEY[k]["firm_id"])
        lines.append("")
        lines.append("Firms involved: " + ", ".join(fids) if cid.startswith("C")
                     else "Firms (closed loop): " + " → ".join(fids + [fids[0]]))
        return "\n".join(lines)

    chains_md = "\n\n".join(chain_md(*r) for r in report if r[0].startswith("C"))
    loops_md = "\n\n".join(chain_md(*r) for r in report if r[0].startswith("L"))

    text = README_TEMPLATE.format(
        n_firms=len(FIRMS), n_in=regions.get("Innlandet", 0),
        n_out=len(FIRMS) - regions.get("Innlandet", 0),
        n_streams=len(STREAMS), n_supply=dirs.get("supply", 0),
        n_demand=dirs.get("demand", 0),
        sector_table=md_table(["sector", "firms", "NACE classes", "ids"], sector_rows),
        region_table=md_table(["region", "firms"], region_rows),
        neigh_table=md_table(["id", "name", "region", "municipality", "NACE"], neigh_rows),
        unit_list=", ".join("`%s` (%d)" % (u, n) for u, n in sorted(units.items())),
        chains=chains_md, loops=loops_md, rules_source="`%s`" % RULES_SOURCE,
    )
    with open(os.path.join(HERE, "README.md"), "w", encoding="utf-8") as fh:
        fh.write(text)


README_TEMPLATE = """# Innlandet demo dataset

A demonstration dataset for symbi: **{n_firms} fictional firms** ({n_in} in Innlandet
county, {n_out} in the neighbouring counties Akershus, Buskerud, Østfold and Trøndelag) with
**{n_streams} resource streams** ({n_supply} supplies, {n_demand} demands).

**The firms are fictional and illustrative.** No row describes a real company; names are
generic ("Sawmill, Elverum", "Cheese dairy, Tynset"), `org_nr` is empty on purpose, and
employee counts are invented. The *mix* of firms is modelled on the county's real
industrial structure (sawmills and wood processing, bioenergy, dairies and meat, farming,
the Raufoss aluminium and automotive cluster, data centres, biogas, district heating,
waste management, concrete and construction), so that the matches the engine finds are
of the kind a regional symbiosis facilitator would look at. Quantities are order-of-
magnitude estimates derived from the assumptions below; they are not measurements.

Files: `firms.csv`, `streams.csv` (format: SPEC sections 1–2), and `generate.py`, which
writes both CSV files and this README deterministically (standard-library Python 3, no
randomness) and checks them. Regenerate with

    python3 datasets/innlandet/generate.py            # reads ../shared/data or --data DIR

## Locations

Every firm sits at the **area-weighted centroid of its real municipality** plus a small
deterministic offset of 0.4–3 km (direction and distance taken from a SHA-256 hash of the
firm id). Firms that share a site in the story (a data centre and a fish farm, a casthouse
and its neighbours, a farm biogas plant and a greenhouse) are placed 0.2–0.8 km from their
anchor firm instead. Centroids are not town centres: in large municipalities a firm may
land in forest or mountains.

Municipality centroids come from `shared/data/norway_municipalities.csv` and
`innlandet_municipalities.csv`: computed by the project from the 2024 municipality
polygons in GitHub `robhop/fylker-og-kommuner` (`Kommuner-M.geojson`), which are based on
Kartverket data, **© Kartverket, CC BY 4.0**. Population figures used for household waste
and sewage sludge come from GitHub `aprestmo/norway-geodata` (MIT). Municipality numbers
are the post-2024 ones (Innlandet = fylke 34).

## Firms

Firms by sector (Innlandet unless the sector says otherwise):

{sector_table}

Firms by region:

{region_table}

The firms in neighbouring counties (ids `AK…`, `BU…`, `OF…`, `TR…`) are there so that
value chains cross the county border:

{neigh_table}

Every `nace` value is a NACE Rev. 2 class checked against `shared/data/nace_rev2.csv`
(Source: Eurostat, NACE Rev. 2).

## Streams

Resource codes are six-digit EWC codes from the European List of Waste (`ewc:DDDDDD`,
checked against `datasets/ewc.csv`), EWC chapter or sub-chapter prefixes on some demands
(`ewc:0202`, `ewc:1708`), the SPEC base codes (`energy:*`, `water:*`, `gas:co2`) and `mat:`
codes from `datasets/resources.csv`. Supplies are mostly EWC codes or energy/water/gas;
demands are mostly `mat:`/energy/water/gas codes or EWC prefixes a recycler accepts. A few
supplies of products (pellets, fuel chips, compost, recycled aggregate, biochar) use
`mat:` codes: they are by-products or products looking for off-takers.

Units used: {unit_list}. Some streams use `t/month`, `t/week`, `kWh/day`, `m3/day` and
`GWh/yr` on purpose, to exercise unit conversion; all of them are available all year
(`months` 1-12), so the per-period figure is unambiguous. Heat and steam streams carry
`temp_c` (supply temperature, or lowest usable temperature on a demand). `months` gives
seasonality: greenhouse heat `1-5,9-12`, fertiliser spreading `4-6,8-9`, the autumn
slaughter season, potato campaigns `9-12,1-4`, ski-resort winters. `disposal_cost` is set
on supplies and `purchase_price` on demands (NOK per unit of the stream's unit). `max_km`
is set on flows whose owner would ship them far (chips to a paper mill, gypsum to a
plasterboard plant, glass cullet, recovered wood, pellets, animal by-products, upgraded
biogas) or would keep them close; SPEC section 4 takes the *smaller* of both streams'
`max_km` and the class default radius, so a `max_km` above the default (100 km for
materials) only takes effect when the default is raised with `--config`. All planted
chains below hold under the defaults. `note` says what the stream is and which
assumption (A1–A20) its quantity comes from.

## Assumptions behind quantities and prices

Where a figure has a published basis the source is named; **where it does not, it is
marked as an illustrative assumption** and should be read as a plausible order of
magnitude only.

| # | assumption | value used | basis |
|---|---|---|---|
| A1 | Sawmill by-products per m3 of log (solid, under bark) | chips 30 %, sawdust and shavings 10 %, bark 10 % of log volume; green residue 0.80 t per m3 solid | Product mix of a typical sawlog: sawn timber 55 %, chips 30 %, sawdust 10 %, bark 3 %, shavings 2 % (James Jones & Sons, "Co-products", jamesjones.co.uk). Western US mills: coarse residue 31 %, sawdust 11 %, planer shavings 9 % of log volume in the 2000s (Blatner, Keegan, Daniels, Morgan, Forest Products Journal, 2012). The 10 % bark share and the 0.80 t/m3 green density (Norway spruce, basic density about 0.40 t/m3 at about 50 % moisture) are illustrative assumptions. Log intakes (20 000–350 000 m3/yr) are illustrative. |
| A2 | Sawmill kilns | 0.15 MWh heat per m3 log (about 0.3 MWh per m3 sawn timber); mills with their own boiler burn 60 % of their bark and have a summer heat surplus of 0.02 MWh per m3 log | Illustrative assumption. |
| A3 | Pellet plants | 1.8 t green sawdust and 0.3 t bark (dryer fuel) per t pellets; pellets ≥ 4.6 MWh/t | 1.8 t follows from the mass balance of drying sawdust at about 50 % moisture to pellets at ≤ 10 % moisture. Net calorific value ≥ 4.6 MWh/t and moisture ≤ 10 % are the ENplus A1 requirements (ISO 17225-2). The bark share is an illustrative assumption. |
| A4 | District heating | 0.44 t of wet chips or bark per MWh delivered (about 2.5 MWh/t at 45 % moisture, 90 % efficiency); ash 1 % of fuel mass, 70 % bottom ash / 30 % fly ash; plant sizes 8–120 GWh/yr | Illustrative assumptions (the calorific value follows from about 19 MJ/kg for dry wood less the water). |
| A5 | Dairies | 0.85 t whey per t milk made into cheese; 1 l milk = 1.03 kg; 20–60 % of the whey is surplus sent off site | About 10 kg milk gives 1 kg cheese and 6–9 kg whey (A. Davidson, The Oxford Companion to Food, entry "whey"). The surplus share is an illustrative assumption: in Norway much whey becomes brown cheese and whey products. Milk intakes (2–60 million l/yr) are illustrative. |
| A6 | Manure | dairy cow 20 t slurry/yr; finishing-pig place 1.7 t/yr; broiler place 0.03 t/yr | Undiluted slurry of 1.61–1.93 m3 per month for a 550–650 kg dairy cow, 0.14 m3 per month for a bacon-pig place (Scottish Government, Guidelines for farmers in nitrate vulnerable zones, 2003, Table F); density taken as 1 t/m3. The poultry figure is an illustrative assumption. Herd sizes (25–90 cows) bracket the Norwegian average of 30.9 dairy cows per herd in 2021 (MatPrat, "Hvordan lever norske kyr?"). |
| A7 | By-products used on livestock farms | whey 2 t per pig place/yr; stillage 1.5 t per pig place/yr; brewers' grains about 1.5 t per cow/yr; sawdust and shavings for bedding 0.8 t per cow/yr | Illustrative assumptions (a few kg per animal and day). |
| A8 | Biogas | methane energy per t fresh substrate: cattle slurry 0.15 MWh, pig slurry 0.167 MWh, vegetable residues 0.60 MWh, food waste 0.90 MWh, whey 0.25 MWh, animal by-products 0.60 MWh, sewage sludge 0.30 MWh; 10 % own use; digestate 90 % of input mass; 0.13 t CO2 separated per MWh methane in upgrading | Cattle manure 150 kWh/t, pig manure 167 kWh/t, vegetable residue 598 kWh/t fresh mass (FNR, Guide to Biogas, 2012, substrate table, as reproduced by energypedia "Substrate Types and Management"). About 900 kWh of liquid biomethane per t of biowaste at Oslo's plant (Sitra, "Biogas from food waste, Oslo"). Whey: COD about 72–77 g/kg (composition table in a Food Technology and Biotechnology review, PMC5434364) times the theoretical 0.35 Nm3 CH4 per kg COD. CO2: stoichiometry of biogas at about 60 % CH4 / 40 % CO2 by volume. CHP exhaust CO2 (0.33 t/MWh burnt) adds the combustion CO2 of methane. Animal by-products and sludge figures, own use and digestate share are illustrative assumptions. |
| A9 | Data centres | 3 700 MWh/yr of recoverable heat per MW IT load, at 30–35 °C | "A midsize data centre with 1 MW IT load releases 3,700 MWh thermal energy per year" (ReUseHeat, EU Horizon 2020 project, reuseheat.eu/data-centres). Air-cooled data centres deliver heat at about 25–40 °C (IRENA, Innovation landscape for smart electrification, "Waste heat recovery from data centres"). IT loads (2–20 MW) are illustrative. |
| A10 | Breweries | 0.02 t wet spent grain per hl beer; recoverable CO2 2 kg/hl beyond own use | 100–130 kg wet spent grain per 100 kg dry grist, 75–80 % water (The Oxford Companion to Beer, entry "spent grain", via beerandbrewing.com). Grist of about 17 kg per hl is an illustrative assumption, as are the CO2 figure and brewery sizes. |
| A11 | Distilleries | stillage about 0.9 t per t potatoes | Illustrative assumption. |
| A12 | Greenhouses | heat 250 kWh/m2/yr, lowest usable supply temperature 45–55 °C, CO2 10 kg/m2/yr, plant residues 8 kg/m2/yr; 5 000–20 000 m2 | Illustrative assumptions. Context: NIBIO's research on energy use, lighting and CO2 enrichment in Norwegian greenhouses (nibio.no, "How to attain emission free greenhouses"). |
| A13 | Land-based fish farms and hatcheries | heat to warm intake water about 4 MWh per t fish (or a fixed 300–800 MWh for hatcheries), at 8–15 °C; sludge 0.6 t per t fish | Illustrative assumptions. |
| A14 | Household waste (waste companies) | per inhabitant and year: food waste 45 kg, glass packaging 12 kg, residual waste 170 kg, waste wood 35 kg, gypsum 3 kg, garden waste 40 kg | Illustrative assumptions, applied to the real municipality populations in `shared/data` (from the 2025 municipality file). |
| A15 | Waste water | dewatered sludge 0.08 t per inhabitant/yr; treated effluent 250 l per inhabitant/day | Illustrative assumptions. |
| A16 | Fields | 25 t digestate per ha on receiving fields; wood ash 0.1 t per ha/yr as liming agent | Illustrative assumptions. |
| A17 | Machining | aluminium turnings and offcuts of 300–6 000 t/yr per plant | Illustrative assumption. |
| A18 | Concrete | 300 kg cement per m3; bottom ash at 3 % of cement; returned concrete 2.5 % of output | Illustrative assumptions. |
| A19 | Construction waste | quantities per contractor (200–3 000 t/yr per fraction) | Illustrative assumptions. |
| A20 | Prices | all `disposal_cost` and `purchase_price` values (e.g. food-waste gate fee 750 NOK/t, residual waste 1 150 NOK/t, gypsum waste 1 200 NOK/t, bark 220 NOK/t, sawdust 350 NOK/t, pellets 2 800 NOK/t, heat 650–700 NOK/MWh, upgraded biogas 900 NOK/MWh, CO2 2 500 NOK/t, aluminium scrap 14 000 NOK/t) | **Illustrative assumptions**, round figures of a plausible order of magnitude for Norway in the mid-2020s; not quotes and not sourced. Metal scrap is sold today, so its supplies carry a negative disposal cost, the price the supplier gets now: non-ferrous turnings and aluminium (aluminium, brass) −12 000 NOK/t, steel turnings, wire and demolition steel −2 000 NOK/t, sorted non-ferrous and ferrous fractions −7 000 and −1 000 NOK/t, the receivers' delivered prices (14 000, 2 500, 9 000 and 1 500 NOK/t) less an illustrative dealer margin and haulage; a local match is then worth the difference in delivered cost, not the receiver's whole price. Other by-products sold today (chips, pellets) carry a disposal cost of 0. Where a receiver pays nothing for an input today (biogas substrates, waste for energy recovery, material for crushing) the purchase price is 0 and the note says so. |

Sizes of firms (log intake, milk intake, herd size, hectares, m2 of glass, IT load, ...)
are written in each stream's `note` and are illustrative.

Supplies that may hold animal by-products state `abp_category` (Regulation (EC) 1069/2009):
whey and off-spec milk 3 (milk products), meat and fish processing by-products 3, the lamb
slaughterhouse of Vågå 1 (sheep specified risk material not separated, illustrative) and the
dead fish of the Hamar fish farm 2. Ready-mix concrete plants ask for `water:process`
(non-potable mixing water), so treated effluent can serve them; `water:fresh` stays drinking
and food-process quality.

## Planted multi-firm chains and closed loops

These exchanges were placed on purpose; tests and readers can look for them. Each link was
checked by `generate.py` against the matching rules of SPEC section 4: the codes match
(equal, EWC prefix, `mat:` ancestor, or a substitution rule of {rules_source} such as
sawdust `030105` → `mat:wood.sawdust`, manure `020106` → `mat:substrate.manure`, whey
`020501` → `mat:feed.whey`/`mat:substrate.whey`, stillage and spent grain
`020702`/`020704` → `mat:feed.spent-grain`, digestate `190606` →
`mat:fertiliser.digestate`), the units measure the same thing, the months overlap, heat is
hot enough, and the distance is within the smaller of both streams' `max_km` and the
default radius of the supply's class in `datasets/scoring.csv` (100 km for materials,
10 km for energy, water and gases when this file was generated). Links that would need a
rule the knowledge base may not carry (bottom ash, aluminium turnings) use the EWC code
on the demand side, so they hold whatever the rules say. `km` is the straight-line
distance between the two sites.

### Chains

{chains}

### Closed loops

{loops}

## Licence and sources

The dataset itself (fictional firms, streams, this text) is part of the symbi project.
It uses: municipality polygons © Kartverket (CC BY 4.0) via `robhop/fylker-og-kommuner`,
with centroids computed by the project; municipality populations from
`aprestmo/norway-geodata` (MIT); the European List of Waste (Commission Decision
2000/532/EC); NACE Rev. 2 (Source: Eurostat). The published figures quoted in the
assumptions table are cited there; everything else is an illustrative assumption.
"""


# --------------------------------------------------------------------------
def main():
    global DATA_DIR
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", help="folder with the municipality and NACE reference CSVs")
    ap.add_argument("--check-only", action="store_true",
                    help="rebuild in memory and check the existing files without writing")
    a = ap.parse_args()
    DATA_DIR = find_data_dir(a.data)
    load_municipalities(DATA_DIR)
    build()
    place_firms()
    if not a.check_only:
        write_csvs()
    report = check()
    if not a.check_only:
        write_readme(report)
    sectors, regions, dirs = counts()
    print("firms: %d (%s)" % (len(FIRMS), ", ".join("%s %d" % kv for kv in sorted(regions.items()))))
    print("streams: %d (%s)" % (len(STREAMS), ", ".join("%s %d" % kv for kv in sorted(dirs.items()))))
    for sec, n in sectors.items():
        print("  %-45s %d" % (sec, n))
    for cid, title, rows in report:
        print("%s %s" % (cid, " ; ".join("%s->%s %.1fkm" % (BY_KEY[l[0]]["firm_id"], BY_KEY[l[2]]["firm_id"], r[2]) for l, r in rows)))


DATA_DIR = None
ACTIVE_RULES = list(RULES)
RULES_SOURCE = ""
RADII = ({"material": 100.0, "energy": 10.0, "water": 10.0, "gas": 10.0}, {})

if __name__ == "__main__":
    main()
