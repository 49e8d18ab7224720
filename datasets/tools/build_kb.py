#!/usr/bin/env python3
"""Build the shipped knowledge base of symbi (datasets/*.csv) from the curated
tables in this script and the reference data in ../shared/data.

Usage:  python3 datasets/tools/build_kb.py [--shared /work/shared/data]

Writes datasets/resources.csv (and, in later sections, the other KB files).
Every figure carries a source; an empty figure means "inherit from the parent
code or the class default in scoring.csv".
"""
import csv, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
DS = os.path.dirname(HERE)

RES_COLS = ["code", "parent", "name", "class", "dimension", "radius_km",
            "transport_nok_per_unit_km", "transport_co2e_kg_per_unit_km",
            "avoided_co2e_kg_per_unit", "price_nok_per_unit", "disposal_nok_per_unit",
            "radius_source", "transport_source", "co2e_source", "price_source"]

# ---------------------------------------------------------------- vocabulary
# (code, name) for the fixed base vocabulary of SPEC section 2
BASE = [
    ("energy:heat", "Hot water / low-grade surplus heat", "energy", "energy"),
    ("energy:steam", "Steam", "energy", "energy"),
    ("energy:cold", "Cooling capacity", "energy", "energy"),
    ("energy:fuel-gas", "Fuel gas (refinery gas, biogas, syngas)", "energy", "energy"),
    ("gas:co2", "Carbon dioxide", "gas", "mass"),
    ("water:fresh", "Fresh water of drinking or food-process quality", "water", "volume"),
    ("water:process", "Process water of non-potable quality (boiler feed, cooling, washing outside food contact)", "water", "volume"),
    ("water:surface", "Surface water", "water", "volume"),
    ("water:cooling", "Used cooling water", "water", "volume"),
    ("water:waste", "Untreated waste water", "water", "volume"),
    ("water:treated", "Treated waste water", "water", "volume"),
]

# mat: vocabulary, (code, name); the parent is the dotted prefix
MAT = [
    ("mat:mineral", "Minerals and mineral raw materials"),
    ("mat:mineral.gypsum", "Gypsum (natural or synthetic)"),
    ("mat:mineral.limestone", "Limestone / calcium carbonate"),
    ("mat:mineral.lime", "Lime (quicklime, hydrated lime)"),
    ("mat:mineral.sand", "Sand"),
    ("mat:mineral.aggregate", "Aggregate (crushed rock, gravel)"),
    ("mat:mineral.aggregate.recycled", "Recycled aggregate (crushed concrete, brick, rubble)"),
    ("mat:mineral.clay", "Clay and shale (brick, tile, ceramics raw material)"),
    ("mat:mineral.soil", "Soil and fill material"),
    ("mat:mineral.filler", "Mineral filler"),
    ("mat:cement", "Cement and cement raw materials"),
    ("mat:cement.clinker", "Cement clinker"),
    ("mat:cement.raw-material", "Alternative raw material for clinker (Ca, Si, Al, Fe sources)"),
    ("mat:cement.scm", "Supplementary cementitious material (clinker substitute)"),
    ("mat:cement.scm.fly-ash", "Fly ash for cement and concrete"),
    ("mat:cement.scm.slag", "Ground granulated blast-furnace slag"),
    ("mat:cement.scm.silica-fume", "Silica fume (microsilica)"),
    ("mat:concrete", "Concrete"),
    ("mat:asphalt", "Asphalt"),
    ("mat:asphalt.reclaimed", "Reclaimed asphalt pavement"),
    ("mat:asphalt.bitumen", "Bitumen"),
    ("mat:metal", "Metals"),
    ("mat:metal.steel-scrap", "Steel / iron scrap"),
    ("mat:metal.stainless-scrap", "Stainless steel scrap"),
    ("mat:metal.aluminium-scrap", "Aluminium scrap"),
    ("mat:metal.copper", "Copper and copper scrap"),
    ("mat:metal.iron", "Iron units (ore, pig iron, DRI, mill scale)"),
    ("mat:metal.zinc", "Zinc and zinc-bearing residues"),
    ("mat:metal.lead", "Lead and lead scrap"),
    ("mat:metal.mixed-scrap", "Mixed metal scrap"),
    ("mat:wood", "Wood raw materials"),
    ("mat:wood.chips", "Wood chips (pulp / board grade)"),
    ("mat:wood.sawdust", "Sawdust"),
    ("mat:wood.shavings", "Wood shavings"),
    ("mat:wood.fibre", "Wood fibre"),
    ("mat:wood.timber", "Sawn timber"),
    ("mat:wood.roundwood", "Roundwood / pulpwood"),
    ("mat:wood.recovered", "Recovered (post-consumer) wood"),
    ("mat:biofuel", "Solid biofuels"),
    ("mat:biofuel.pellets", "Wood pellets"),
    ("mat:biofuel.chips", "Fuel chips"),
    ("mat:biofuel.bark", "Bark for fuel"),
    ("mat:biofuel.briquettes", "Briquettes"),
    ("mat:biofuel.sawdust", "Sawdust for fuel"),
    ("mat:biofuel.straw", "Straw and agricultural residues for fuel"),
    ("mat:biofuel.waste-wood", "Waste wood for combustion"),
    ("mat:paper", "Paper and pulp"),
    ("mat:paper.recovered", "Recovered paper and board"),
    ("mat:paper.pulp", "Pulp"),
    ("mat:paper.fibre-sludge", "Fibre sludge / fibre rejects"),
    ("mat:plastic", "Plastics"),
    ("mat:plastic.pe", "Polyethylene (PE)"),
    ("mat:plastic.pp", "Polypropylene (PP)"),
    ("mat:plastic.pet", "Polyethylene terephthalate (PET)"),
    ("mat:plastic.ps", "Polystyrene (PS, EPS)"),
    ("mat:plastic.pvc", "Polyvinyl chloride (PVC)"),
    ("mat:plastic.mixed", "Mixed plastics"),
    ("mat:rubber", "Rubber"),
    ("mat:rubber.granulate", "Rubber granulate (end-of-life tyres)"),
    ("mat:glass", "Glass"),
    ("mat:glass.cullet", "Glass cullet"),
    ("mat:textile", "Textiles"),
    ("mat:textile.fibre", "Textile fibre"),
    ("mat:chemical", "Chemicals"),
    ("mat:chemical.acid", "Acids"),
    ("mat:chemical.acid.sulphuric", "Sulphuric acid"),
    ("mat:chemical.acid.hydrochloric", "Hydrochloric acid"),
    ("mat:chemical.acid.nitric", "Nitric acid"),
    ("mat:chemical.acid.phosphoric", "Phosphoric acid"),
    ("mat:chemical.alkali", "Alkalis"),
    ("mat:chemical.alkali.caustic-soda", "Caustic soda (sodium hydroxide)"),
    ("mat:chemical.alkali.soda-ash", "Soda ash (sodium carbonate)"),
    ("mat:chemical.solvent", "Solvents"),
    ("mat:chemical.methanol", "Methanol"),
    ("mat:chemical.ammonia", "Ammonia"),
    ("mat:chemical.hydrogen", "Hydrogen"),
    ("mat:chemical.sulphur", "Sulphur"),
    ("mat:chemical.coagulant", "Coagulants (iron / aluminium salts)"),
    ("mat:chemical.glycerol", "Glycerol"),
    ("mat:fertiliser", "Fertilisers and soil improvers"),
    ("mat:fertiliser.digestate", "Digestate"),
    ("mat:fertiliser.sludge", "Sewage sludge for land application"),
    ("mat:fertiliser.ash", "Ash as fertiliser / liming agent"),
    ("mat:fertiliser.compost", "Compost"),
    ("mat:fertiliser.manure", "Manure as fertiliser"),
    ("mat:fertiliser.nitrogen", "Nitrogen fertiliser"),
    ("mat:fertiliser.phosphorus", "Phosphorus fertiliser"),
    ("mat:fertiliser.potassium", "Potassium fertiliser"),
    ("mat:fertiliser.lime", "Agricultural liming material"),
    ("mat:feed", "Animal feed"),
    ("mat:feed.grain", "Feed grain"),
    ("mat:feed.spent-grain", "Brewers' / distillers' spent grain"),
    ("mat:feed.whey", "Whey for feed"),
    ("mat:feed.fish-meal", "Fish meal"),
    ("mat:feed.fish-oil", "Fish oil"),
    ("mat:feed.protein", "Protein feed"),
    ("mat:feed.yeast", "Spent yeast"),
    ("mat:feed.former-food", "Former foodstuffs (bakery, confectionery)"),
    ("mat:feed.vegetable", "Vegetable and fruit by-products for feed"),
    ("mat:feed.molasses", "Molasses"),
    ("mat:food", "Food ingredients"),
    ("mat:food.sugar", "Sugar"),
    ("mat:food.starch", "Starch"),
    ("mat:food.flour", "Flour"),
    ("mat:food.fat", "Animal fat"),
    ("mat:food.vegetable-oil", "Vegetable oil"),
    ("mat:food.protein", "Food protein (whey, fish, plant protein)"),
    ("mat:food.fruit-vegetable", "Fruit and vegetables"),
    ("mat:substrate", "Biogas substrates"),
    ("mat:substrate.manure", "Manure and slurry"),
    ("mat:substrate.food-waste", "Food waste"),
    ("mat:substrate.fish-silage", "Fish silage"),
    ("mat:substrate.whey", "Whey"),
    ("mat:substrate.sludge", "Sewage / industrial sludge"),
    ("mat:substrate.slaughter", "Slaughterhouse by-products"),
    ("mat:substrate.crop-residue", "Crop residues and energy crops"),
    ("mat:substrate.fat", "Fat, oil and grease"),
    ("mat:substrate.spent-grain", "Spent grain"),
    ("mat:fuel", "Fuels"),
    ("mat:fuel.oil", "Fuel oil"),
    ("mat:fuel.oil.used", "Used / recovered oil"),
    ("mat:fuel.srf", "Solid recovered fuel / refuse-derived fuel"),
    ("mat:fuel.biodiesel", "Biodiesel"),
    ("mat:fuel.bioethanol", "Bioethanol"),
    ("mat:fuel.coal", "Coal and coke"),
    ("mat:fuel.petcoke", "Petroleum coke"),
    ("mat:fuel.tyres", "Tyre-derived fuel"),
    ("mat:fuel.charcoal", "Charcoal / biochar"),
    # receivers' inputs whose price refers to another form than the supply's: the rules to
    # them carry a dry-matter or nutrient yield with its source
    ("mat:feed.whey-dried", "Dried whey (whey powder)"),
    ("mat:fertiliser.nitrogen-available", "Plant-available nitrogen, in tonnes of N (what mineral nitrogen fertiliser supplies)"),
]

# per-code figures: code -> dict(column -> value). Filled only with sourced
# figures (see FIGURES below, after the reference list).
FIGS = {}


# EWC codes given per-code defaults (FORMATS.md: "A row may also name an EWC code or prefix"):
# (code, class, dimension); the name is the official description, read from ewc.csv, so that
# loading the row leaves the list of waste unchanged.
EWC_ROWS = [("ewc:030101", "material", "mass"), ("ewc:030105", "material", "mass")]


def ewc_description(code):
    want = code[4:6] + " " + code[6:8] + " " + code[8:10]
    for r in csv.DictReader(open(os.path.join(DS, "ewc.csv"), encoding="utf-8")):
        if r["code"].rstrip("*").strip() == want:
            return r["description"]
    raise SystemExit("build_kb.py: %s not in ewc.csv" % code)


def resources_rows():
    rows = []
    for code, name, cls, dim in BASE:
        rows.append(dict(code=code, parent="", name=name, **{"class": cls}, dimension=dim))
    for code, name in MAT:
        body = code[4:]
        parent = "mat:" + body.rsplit(".", 1)[0] if "." in body else ""
        rows.append(dict(code=code, parent=parent, name=name, **{"class": "material"}, dimension="mass"))
    for code, cls, dim in EWC_ROWS:
        rows.append(dict(code=code, parent="", name=ewc_description(code), **{"class": cls}, dimension=dim))
    for r in rows:
        r.update(FIGS.get(r["code"], {}))
    return rows


def write_csv(path, cols, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=cols, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({c: r.get(c, "") for c in cols})




# ---------------------------------------------------------------- MAESTRI
import re

EXCH_COLS = ["case_id", "exchange_id", "ewc", "provider_nace", "receiver_nace", "status", "source"]


def short_citation(ref):
    """Short citation of each reference in a MAESTRI `reference` cell
    (several references are joined by '. & '), joined by '; '."""
    parts = re.split(r"(?<=\.)(?<!\.\.\.)\s+&\s+(?=[A-Z])", ref.strip())
    return "; ".join(_short_one(p) for p in parts)


def _short_one(ref):
    """'Notarnicola, B., Tassielli, G., & Renzulli, P. A. (2016). ...' -> 'Notarnicola et al. 2016'."""
    ref = ref.strip()
    m = re.search(r"\((\d{4})[a-z]?[,)]", ref)
    if not m:
        org = ref.split(".")[0].strip()
        return org + " (n.d.)"
    year = m.group(1)
    authors = ref[:m.start()].strip().rstrip(",")
    # surnames are the parts followed by initials ("Surname, A. B.")
    names = re.findall(r"(?:^|,\s*|&\s*)([^,&]+?),\s+(?:[A-Z]\.\s*-?)+(?=,|&|$|\s)", authors)
    names = [n.strip().lstrip("& ").strip() for n in names]
    if not names:
        return authors + " " + year
    if "..." in authors or len(names) > 2:
        return "%s et al. %s" % (names[0], year)
    if len(names) == 2:
        return "%s & %s %s" % (names[0], names[1], year)
    return "%s %s" % (names[0], year)


def maestri_rows(shared):
    proc = list(csv.DictReader(open(os.path.join(shared, "maestri_exchanges.csv"), encoding="utf-8")))
    allr = list(csv.DictReader(open(os.path.join(shared, "maestri_exchanges_all.csv"), encoding="utf-8")))
    extra = [r for r in allr if r["in_processed_sheet"] != "true" and r["ewc"].strip()]
    out = []
    for r in proc + extra:
        ewcs = [e.strip() for e in r["ewc"].split(";") if e.strip()]
        recs = [n.strip() for n in r["receiver_nace"].split(";") if n.strip()] or [""]
        cite = short_citation(r["reference"])
        for e in ewcs:
            for n in recs:
                out.append(dict(case_id=r["case_id"], exchange_id=r["exchange_id"], ewc=e,
                                provider_nace=r["provider_nace"], receiver_nace=n,
                                status=r["status"], source=cite + " (via MAESTRI)"))
    # de-duplicate identical rows, keep order
    seen, res = set(), []
    for o in out:
        k = tuple(o[c] for c in EXCH_COLS)
        if k not in seen:
            seen.add(k)
            res.append(o)
    return res


# ---------------------------------------------------------------- references
# key -> (short citation used in the CSV files, full reference for SOURCES.md)
REFS = {
    # documented symbioses (Kalundborg) and case studies also in MAESTRI
    "JAC06": ("Jacobsen 2006", "Jacobsen, N. B. (2006). Industrial symbiosis in Kalundborg, Denmark: a quantitative assessment of economic and environmental aspects. Journal of Industrial Ecology, 10(1-2), 239-255."),
    "EHR97": ("Ehrenfeld & Gertler 1997", "Ehrenfeld, J., & Gertler, N. (1997). Industrial ecology in practice: the evolution of interdependence at Kalundborg. Journal of Industrial Ecology, 1(1), 67-79."),
    "CHE00": ("Chertow 2000", "Chertow, M. R. (2000). Industrial symbiosis: literature and taxonomy. Annual Review of Energy and the Environment, 25(1), 313-337."),
    "CHE08": ("Chertow et al. 2008", "Chertow, M. R., Ashton, W. S., & Espinosa, J. C. (2008). Industrial symbiosis in Puerto Rico: environmentally related agglomeration economies. Regional Studies, 42(10), 1299-1312."),
    "ASH08": ("Ashton 2008", "Ashton, W. (2008). Understanding the organization of industrial ecosystems: a social network approach. Journal of Industrial Ecology, 12(1), 34-51."),
    "NOT16": ("Notarnicola et al. 2016", "Notarnicola, B., Tassielli, G., & Renzulli, P. A. (2016). Industrial symbiosis in the Taranto industrial district: current level, constraints and potential new synergies. Journal of Cleaner Production, 122, 133-143."),
    "PAK10": ("Pakarinen et al. 2010", "Pakarinen, S., Mattila, T., Melanen, M., Nissinen, A., & Sokka, L. (2010). Sustainability and industrial symbiosis - the evolution of a Finnish forest industry complex. Resources, Conservation and Recycling, 54(12), 1393-1404."),
    "COS10": ("Costa & Ferrão 2010", "Costa, I., & Ferrão, P. (2010). A case study of industrial symbiosis development using a middle-out approach. Journal of Cleaner Production, 18(10-11), 984-992."),
    "MIR04": ("Mirata 2004", "Mirata, M. (2004). Experiences from early stages of a national industrial symbiosis programme in the UK: determinants and coordination challenges. Journal of Cleaner Production, 12(8-10), 967-983."),
    "MIR05": ("Mirata & Emtairah 2005", "Mirata, M., & Emtairah, T. (2005). Industrial symbiosis networks and the contribution to environmental innovation: the case of the Landskrona industrial symbiosis programme. Journal of Cleaner Production, 13(10-11), 993-1002."),
    "VBE07": ("Van Beers et al. 2007", "Van Beers, D., Bossilkov, A., Corder, G., & Van Berkel, R. (2007). Industrial symbiosis in the Australian minerals industry: the cases of Kwinana and Gladstone. Journal of Industrial Ecology, 11(1), 55-72."),
    "YU15": ("Yu et al. 2015", "Yu, F., Han, F., & Cui, Z. (2015). Evolution of industrial symbiosis in an eco-industrial park in China. Journal of Cleaner Production, 87, 339-347."),
    "PAR08": ("Park et al. 2008", "Park, H. S., Rene, E. R., Choi, S. M., & Chiu, A. S. (2008). Strategies for sustainable development of industrial park in Ulsan, South Korea - from spontaneous evolution to systematic expansion of industrial symbiosis. Journal of Environmental Management, 87(1), 1-13."),
    "ZHU07": ("Zhu et al. 2007", "Zhu, Q., Lowe, E. A., Wei, Y. A., & Barnes, D. (2007). Industrial symbiosis in China: a case study of the Guitang Group. Journal of Industrial Ecology, 11(1), 31-42."),
    "ALK14": ("Alkaya et al. 2014", "Alkaya, E., Böğürcü, M., & Ulutaş, F. (2014). Industrial symbiosis in Iskenderun Bay: a journey from pilot applications to a national program in Turkey. Technology Development Foundation of Turkey, 1-8."),
    "VOL15": ("Vollmeier & Castorini 2015", "Vollmeier & Castorini (2015). Case study Spremberg: RDF-fueled CHP plant for a paper mill. In: Experiences of Industrial Symbiosis in Italy, proceedings, ENEA."),
    "YAN08": ("Yang & Feng 2008", "Yang, S., & Feng, N. (2008). A case study of industrial symbiosis: Nanning Sugar Co., Ltd. in China. Resources, Conservation and Recycling, 52(5), 813-820."),
    "BAI10": ("Bain et al. 2010", "Bain, A., Shenoy, M., Ashton, W., & Chertow, M. (2010). Industrial symbiosis and waste recovery in an Indian industrial area. Resources, Conservation and Recycling, 54(12), 1278-1287."),
    "ORB": ("ORB (n.d.)", "Organisation for Responsible Businesses (n.d.). Case study 1: All puffed up with pastry power. http://www.orbuk.org.uk/article/the-national-industrial-symbiosis-programme-nisp"),
    "TAD12": ("Taddeo et al. 2012", "Taddeo, R., Simboli, A., & Morgante, A. (2012). Implementing eco-industrial parks in existing clusters. Findings from a historical Italian chemical site. Journal of Cleaner Production, 33, 22-29."),
    "LAY13": ("Laybourn 2013", "Laybourn, P. (2013, January). Opportunities through industrial symbiosis: UK NISP and global experience. In Industrial Symbiosis Workshop for Development Agencies and Regional Plans (Vol. 31)."),
    "EAR15": ("Earley 2015", "Earley, K. (2015). Industrial symbiosis: harnessing waste energy and materials for mutual benefit. Renewable Energy Focus, 16(4), 75-77."),
    "FAL15": ("Falqui & Cutaia 2015", "Falqui & Cutaia (2015). Plastica Alfa [conference presentation]. International Synergies, Birmingham."),
    "CUT14": ("Cutaia & Scagliarino 2014", "Cutaia, L., & Scagliarino, C. (2014). L'esperienza pilota di Simbiosi Industriale in Emilia Romagna: metodologia e risultati del Progetto Green."),
    "MAR15": ("Martin 2015", "Martin, M. (2015). Quantifying the environmental performance of an industrial symbiosis network of biofuel producers. Journal of Cleaner Production, 102, 202-212."),
    "PEA08": ("Pearce 2008", "Pearce, J. M. (2008). Industrial symbiosis of very large-scale photovoltaic manufacturing. Renewable Energy, 33(5), 1101-1108."),
    "DON13": ("Dong et al. 2013", "Dong, L., Fujita, T., Zhang, H., Dai, M., Fujii, M., Ohnishi, S., ... & Liu, Z. (2013). Promoting low-carbon city through industrial symbiosis: a case in China by applying HPIMO model. Energy Policy, 61, 864-873."),
    "DON14": ("Dong L. et al. 2014", "Dong, L., Gu, F., Fujita, T., Hayashi, Y., & Gao, J. (2014). Uncovering opportunity of low-carbon city promotion with industrial system innovation: case study on industrial symbiosis projects in China. Energy Policy, 65, 388-397."),
    "DONH14": ("Dong H. et al. 2014", "Dong, H., Ohnishi, S., Fujita, T., Geng, Y., Fujii, M., & Dong, L. (2014). Achieving carbon emission reduction through industrial & urban symbiosis: a case of Kawasaki. Energy, 64, 277-286."),
    "DON16": ("Dong et al. 2016", "Dong, L., Fujita, T., Dai, M., Geng, Y., Ren, J., Fujii, M., ... & Ohnishi, S. (2016). Towards preventative eco-industrial development: an industrial and urban symbiosis case in one typical industrial city in China. Journal of Cleaner Production, 114, 387-400."),
    "ZAB15": ("Zabaniotou et al. 2015", "Zabaniotou, A., Rovas, D., Libutti, A., & Monteleone, M. (2015). Boosting circular economy and closing the loop in agriculture: case study of a small-scale pyrolysis-biochar based system integrated in an olive farm in symbiosis with an olive mill. Environmental Development, 14, 22-36."),
    "ROY15": ("Røyne et al. 2015", "Røyne, F., Berlin, J., & Ringström, E. (2015). Life cycle perspective in environmental strategy development on the industry cluster level: a case study of five chemical companies. Journal of Cleaner Production, 86, 125-131."),
    "SIM15": ("Simboli et al. 2015", "Simboli, A., Taddeo, R., & Morgante, A. (2015). The potential of industrial ecology in agri-food clusters (AFCs): a case study based on valorisation of auxiliary materials. Ecological Economics, 111, 65-75."),
    "WEN15": ("Wen & Meng 2015", "Wen, Z., & Meng, X. (2015). Quantitative assessment of industrial symbiosis for the promotion of circular economy: a case study of the printed circuit boards industry in China's Suzhou New District. Journal of Cleaner Production, 90, 211-219."),
    "SHO14": ("Short et al. 2014", "Short, S. W., Bocken, N. M., Barlow, C. Y., & Chertow, M. R. (2014). From refining sugar to growing tomatoes: industrial ecology and business model evolution. Journal of Industrial Ecology, 18(5), 603-618."),
    "INI": ("Invest NI (n.d.)", "Invest Northern Ireland (n.d.). Industrial symbiosis - Improving productivity through efficient resource management - Guide for businesses in Northern Ireland."),
    "AWE18": ("Awe et al. 2018", "Awe, O. W., Zhao, Y., Nzihou, A., Pham Minh, D., & Lyczko, N. (2018). Anaerobic co-digestion of food waste and FOG with sewage sludge - realising its potential in Ireland. International Journal of Environmental Studies, 75(3), 496-517."),
    "PIT06": ("Pitman 2006", "Pitman, R. M. (2006). Wood ash use in forestry - a review of the environmental impacts. Forestry, 79(5), 563-588."),
    # standards
    "EN197": ("EN 197-1:2011", "CEN (2011). EN 197-1:2011 Cement - Part 1: Composition, specifications and conformity criteria for common cements (constituents: granulated blast furnace slag S, silica fume D, siliceous/calcareous fly ash V/W, calcium sulfate as set regulator)."),
    "EN450": ("EN 450-1:2012", "CEN (2012). EN 450-1:2012 Fly ash for concrete - Part 1: Definition, specifications and conformity criteria."),
    "EN15167": ("EN 15167-1:2006", "CEN (2006). EN 15167-1:2006 Ground granulated blast furnace slag for use in concrete, mortar and grout - Part 1: Definitions, specifications and conformity criteria."),
    "EN13263": ("EN 13263-1", "CEN (2009). EN 13263-1:2005+A1:2009 Silica fume for concrete - Part 1: Definitions, requirements and conformity criteria."),
    "EN12620": ("EN 12620", "CEN (2008). EN 12620:2002+A1:2008 Aggregates for concrete (natural, manufactured and recycled aggregates)."),
    "EN13242": ("EN 13242", "CEN (2007). EN 13242:2002+A1:2007 Aggregates for unbound and hydraulically bound materials for use in civil engineering work and road construction (natural, manufactured and recycled aggregates)."),
    "EN13108": ("EN 13108-8", "CEN (2016). EN 13108-8:2016 Bituminous mixtures - Material specifications - Part 8: Reclaimed asphalt."),
    "EN643": ("EN 643:2014", "CEN (2014). EN 643:2014 Paper and board - European list of standard grades of paper and board for recycling."),
    "EN15347": ("EN 15347", "CEN (2007). EN 15347:2007 Plastics - Recycled plastics - Characterisation of plastics wastes."),
    "EN309": ("EN 309", "CEN (2005). EN 309:2005 Particleboards - Definition and classification (boards made from wood particles such as chips, shavings and sawdust)."),
    "ISO17225": ("EN ISO 17225", "ISO (2014/2021). EN ISO 17225 Solid biofuels - Fuel specifications and classes: Part 1 General requirements (origin classes: by-products and residues from the wood processing industry incl. sawdust, shavings and bark; used wood), Part 2 Graded wood pellets, Part 3 Graded wood briquettes, Part 4 Graded wood chips."),
    "EN15359": ("EN 15359", "CEN (2011). EN 15359:2011 Solid recovered fuels - Specifications and classes (now EN ISO 21640:2021)."),
    # EU / Norwegian law
    "R333": ("Reg. (EU) 333/2011", "Council Regulation (EU) No 333/2011 establishing criteria determining when certain types of scrap metal (iron, steel and aluminium scrap) cease to be waste under Directive 2008/98/EC."),
    "R715": ("Reg. (EU) 715/2013", "Commission Regulation (EU) No 715/2013 establishing criteria determining when copper scrap ceases to be waste under Directive 2008/98/EC."),
    "R1179": ("Reg. (EU) 1179/2012", "Commission Regulation (EU) No 1179/2012 establishing criteria determining when glass cullet ceases to be waste under Directive 2008/98/EC."),
    "R1069": ("Reg. (EC) 1069/2009", "Regulation (EC) No 1069/2009 laying down health rules as regards animal by-products and derived products not intended for human consumption (Arts. 8-10: categories 1, 2 and 3; Arts. 12-14: their permitted disposal and uses - category 1 and 2 material is incinerated, co-incinerated, landfilled or, for category 2 such as manure, used for biogas, compost or land, and only category 3 material may be made into feed; Art. 11(1): no feeding of terrestrial animals other than fur animals with processed animal protein from animals of the same species, nor of farmed fish with processed animal protein from farmed fish of the same species, and no catering waste to farmed animals other than fur animals)."),
    "R999": ("Reg. (EC) 999/2001", "Regulation (EC) No 999/2001 laying down rules for the prevention, control and eradication of certain transmissible spongiform encephalopathies, Art. 7(1): the feeding to ruminants of protein derived from animals is prohibited; Annex IV chapter II: derogations incl. milk, milk-based products and colostrum for ruminants."),
    "R183": ("Reg. (EC) 183/2005", "Regulation (EC) No 183/2005 laying down requirements for feed hygiene (feed business operators, including those handling by-products fed to animals, are registered or approved and keep feed safe)."),
    "R231": ("Reg. (EU) 231/2012", "Commission Regulation (EU) No 231/2012 laying down specifications for food additives listed in Annexes II and III to Regulation (EC) No 1333/2008 (E 290 carbon dioxide: purity criteria for CO2 used in food and drink)."),
    "D2010": ("Dir. 2010/75/EU ch. IV", "Directive 2010/75/EU on industrial emissions (recast), Chapter IV special provisions for waste incineration and co-incineration plants: Art. 44 permit application, Art. 45 the permit lists the types and quantities of waste, and for hazardous waste the quantities of its categories and its maximum content of hazardous substances, a plant may treat."),
    "R68": ("Reg. (EU) 68/2013", "Commission Regulation (EU) No 68/2013 on the Catalogue of feed materials (incl. brewers' and distillers' grains, whey, fish meal, former foodstuffs, molasses, fruit and vegetable by-products)."),
    "R1009": ("Reg. (EU) 2019/1009", "Regulation (EU) 2019/1009 laying down rules on the making available on the market of EU fertilising products (Annex II: CMC 3 compost, CMC 4 fresh crop digestate, CMC 5 digestate other than fresh crop digestate)."),
    "D86": ("Dir. 86/278/EEC", "Council Directive 86/278/EEC on the protection of the environment, and in particular of the soil, when sewage sludge is used in agriculture."),
    "D2008": ("Dir. 2008/98/EC", "Directive 2008/98/EC on waste (Waste Framework Directive): Art. 7 and Decision 2000/532/EC the list of waste, whose entries marked * are hazardous; Art. 17 control of hazardous waste from production to final destination; Art. 18 ban on mixing hazardous waste; Art. 21 waste oils (regeneration and other recovery); Art. 23 permits for establishments that treat waste."),
    "RED2": ("Dir. (EU) 2018/2001 Annex IX", "Directive (EU) 2018/2001 on the promotion of the use of energy from renewable sources (RED II), Annex IX: feedstocks for biogas and advanced biofuels - Part A (c) separately collected household biowaste, (d) biomass fraction of industrial waste unfit for food or feed incl. agro-food and fish industry, (f) animal manure and sewage sludge, (o) bark, sawdust, cutter shavings, fibre sludge; Part B (a) used cooking oil, (b) animal fats."),
    "GJV25": ("Gjødselvareforskriften FOR-2025-01-29-116", "Forskrift om produksjon, omsetning og import av gjødselvarer av organisk opphav og visse uorganiske gjødselvarer (gjødselvareforskriften), FOR-2025-01-29-116, in force 1 February 2025: production, placing on the market and import of fertilising products of organic origin (raw materials, quality classes, hygiene). With the gjødselbrukforskriften it replaced FOR-2003-07-04-951 (forskrift om gjødselvarer mv. av organisk opphav) on 1 February 2025 (Mattilsynet, Veileder til gjødselvareforskriften, published 3 February 2025)."),
    "GJB25": ("Gjødselbrukforskriften FOR-2025-01-29-115", "Forskrift om lagring og bruk av gjødsel mv. (gjødselbrukforskriften), FOR-2025-01-29-115, in force 1 February 2025: storage and use on land of manure and other fertilisers, with special conditions for sewage sludge (Mattilsynet, Veileder til gjødselvareforskriften, 2025)."),
    "BREFCLM": ("EC JRC 2013 CLM BREF", "Schorcht, F., Kourti, I., Scalet, B. M., Roudier, S., & Delgado Sancho, L. (2013). Best Available Techniques (BAT) Reference Document for the Production of Cement, Lime and Magnesium Oxide. European Commission JRC (use of wastes as fuels and raw materials in cement kilns)."),
    "BREFENE": ("EC JRC 2009 ENE BREF", "European Commission JRC (2009). Reference Document on Best Available Techniques for Energy Efficiency (ENE BREF), ch. 3.3 heat recovery and 3.11 drying, separation and concentration processes."),
    "NACE": ("Eurostat NACE Rev. 2 notes", "Eurostat (2008). NACE Rev. 2 - Statistical classification of economic activities in the European Community, explanatory notes (class 37.00 sewerage; 38.21 treatment of non-hazardous waste incl. composting and biogas)."),
    # figures
    "FNR12": ("FNR 2012", "FNR - Fachagentur Nachwachsende Rohstoffe (2012). Guide to Biogas: From production to use. Gülzow. Substrate gas yields per tonne of fresh mass (cattle manure 15 m3 CH4/t, 150 kWh/t; pig manure 167 kWh/t; vegetable residues 60 m3 CH4/t, 598 kWh/t; molasses 189 m3 CH4/t, 1884 kWh/t), as tabulated at energypedia.info 'Substrate Types and Management'."),
    "IPCC06V2": ("IPCC 2006 Vol.2 Ch.1", "IPCC (2006). 2006 IPCC Guidelines for National Greenhouse Gas Inventories, Vol. 2 Energy, Ch. 1, Table 1.2 (default net calorific values) and Table 1.4 (default CO2 emission factors for combustion)."),
    "IPCC06V3": ("IPCC 2006 Vol.3 Ch.2", "IPCC (2006). 2006 IPCC Guidelines for National Greenhouse Gas Inventories, Vol. 3 IPPU, Ch. 2 Mineral Industry Emissions, section 2.2.1.2: default clinker emission factor 0.52 t CO2 per tonne clinker (calcination only)."),
    "WSA24": ("worldsteel 2024", "World Steel Association (2024). Blog post on steel scrap by F. Maciel (reported by ScrapMonster, 'Scrap Steel's Crucial Role in Reducing Carbon Emissions', 2024): about 650 Mt of end-of-life scrap a year avoid about 975 Mt of CO2, i.e. 1.5 t CO2 per t of scrap."),
    "WAN24": ("Wang et al. 2024", "Wang, S., Bette, H. M., Schreckenberg, M., & Guhr, T. (2024). How much longer do you have to drive than the crow has to fly? arXiv:2406.06490 (road network distance is typically 1.3 +/- 0.1 times the geodetic distance)."),
    "DEF12": ("Defra/DECC 2012", "Defra/DECC (2012). 2012 Guidelines to Defra/DECC's GHG Conversion Factors for Company Reporting, Annex 7 Freight transport, Table 7e: diesel HGV, ALL HGVs UK average (57% laden): 0.12366 kg CO2e per tonne.km direct (0.14993 incl. indirect/WTT)."),
    "JEN11": ("Jensen et al. 2011", "Jensen, P. D., Basson, L., Hellawell, E. E., Bailey, M. R., & Leach, M. (2011). Quantifying 'geographic proximity': experiences from the United Kingdom's National Industrial Symbiosis Programme. Resources, Conservation and Recycling, 55(7), 703-712 (median distance materials travelled in NISP synergies: 20.4 miles = 32.8 km)."),
    "OEM": ("OpenEnergyMonitor emoncms heat-pump model", "OpenEnergyMonitor (n.d.). emoncms 'dynamic' model, docs/heatpumpmodel.md (github.com/emoncms/dynamic): the practical COP of a heat pump taken as 0.5 x the Carnot COP."),
    "WIKIHP": ("Wikipedia 'Heat pump'", "Wikipedia (n.d.). Heat pump, COP table: ground-source heat pump with water at 0 C, COP 5.0, 3.7 and 2.9 at 35, 45 and 55 C output."),
    "SSBKRAFT": ("SSB table 'Priser på kraft og nettleie uten avgifter, etter forbrukergruppe'", "Statistics Norway - SSB. Table 'Priser på kraft og nettleie uten avgifter, etter forbrukergruppe' (ssb.no/399860), 2018: district heating (Fjernvarme) 57.6 øre/kWh for power and grid rent, excluding taxes."),
    "EI21": ("Energy Informatics 2021", "Energy Informatics (2021). Integrated planning of grids and energy conversion units in municipal multi-energy carrier systems, Table 1: central heat pump 1200 EUR/kW, lifetime 20 years."),
    "NB19": ("Norges Bank via Landbruksdirektoratet 2020", "Landbruksdirektoratet (2020). Indeksert prisutvikling og valuta - august 2020: average NOK per EUR 2017 9.33, 2018 9.60, 2019 9.85 (source: Norges Bank, average of indicative mid rates)."),
    # per-code defaults of resources.csv (avoided CO2e, prices); each value was read in the retrieved text
    "NVE24": ("NVE 2024", "NVE - Norges vassdrags- og energidirektorat (2024, 11 June). Lavt klimagassutslipp knyttet til norsk strømforbruk i 2023 [news on the 'klimadeklarasjon for fysisk levert strøm' 2023]: average emission of electricity used in Norway 15 g CO2e/kWh in 2023 (19 g CO2e/kWh in 2022); imports included, IPCC 2006 emission factors, AR5 GWP100. https://www.nve.no/nytt-fra-nve/nyheter-energi/lavt-klimagassutslipp-knyttet-til-norsk-stroemforbruk-i-2023/"),
    "SSB24": ("SSB 2024", "Statistics Norway - SSB (2024). Fjernvarme og fjernkjøling, updated 13 May 2024, table 'Levert fjernvarme, fjernvarmepris, investeringer' 2023: average district heating price (excl. VAT) 100.4 øre/kWh (-15.8 % from 2022). https://www.ssb.no/energi-og-industri/energi/statistikk/fjernvarme-og-fjernkjoling"),
    "AAC24": ("Australian Aluminium Council 2024", "Australian Aluminium Council (2024, 28 February). Aluminium industry reports decline in greenhouse gas emissions [reporting International Aluminium Institute data]: GHG emissions intensity of primary aluminium production 15.1 t CO2e per t in 2022 (15.8 in 2021). https://aluminium.org.au/news/aluminium-industry-reports-decline-in-greenhouse-gas-emissions/"),
    "IAIGB": ("IAI (n.d.)", "International Aluminium Institute (n.d.). Aluminium for future generations / green building: 'Global improvement' (greenbuilding.world-aluminium.org/facts/global-improvement.html): recycling of aluminium products needs only 5 % of the energy required for primary aluminium production and avoids over 95 % of the emissions."),
    "FEVE13": ("FEVE via Packaging Today 2013", "Packaging Today (2013, 28 March). FEVE: EU glass recycling hits record levels. Based on the life cycle analysis of FEVE (European Container Glass Federation), 2011: more than 11 million t of glass collected in the EU, over 12 Mt of raw materials saved, over 7 Mt of CO2 emissions avoided. http://www.packagingtoday.co.uk/news/newsfeve-eu-glass-recycling-hits-record-levels"),
    "HOP09": ("Hopewell et al. 2009", "Hopewell, J., Dvorak, R., & Kosior, E. (2009). Plastics recycling: challenges and opportunities. Philosophical Transactions of the Royal Society B, 364(1526), 2115-2126, Table 3 (LCI data cradle-to-gate, EU data, from PlasticsEurope 2008): CO2e t/t PET 3.4, HDPE 1.9, PVC 1.9, LDPE 2.1, PP 2.0, PS 3.4; recycled plastics typical 1.4. https://pmc.ncbi.nlm.nih.gov/articles/PMC2873020/"),
    "VAL14": ("Valente et al. 2014", "Valente, C., Spinelli, R., Hillring, B. G., & Solberg, B. (2014). Mountain forest wood fuel supply chains: comparative studies between Norway and Italy (abstract; CNR IRIS record hdl 20.500.14243/261922, and the thesis of C. Valente, Norwegian University of Life Sciences, 2011:57): total GHG emissions of the supply chain from felling to delivered chips 22.9 kg CO2 per m3 solid over bark in the Norwegian case (13.2 in the Italian case), mainly truck transport and chipping."),
    "MDIR": ("Miljødirektoratet (n.d.)", "Miljødirektoratet (n.d.). Tabeller for omregning fra energivarer til kWh (klima- og energiplanlegging): ved og treavfall 1 m3 fast mål = 2330 kWh (table sourced to the Norwegian National Inventory Report 2015); energy content flis (fyrkjel) 2.9 kWh/kg, trepellets 4.8 kWh/kg, trebriketter 4.3 kWh/kg, ved og treavfall 4.7 kWh/kg (table sourced to the National Inventory Report 2021). https://www.miljodirektoratet.no/ansvarsomrader/klima/for-myndigheter/kutte-utslipp-av-klimagasser/klima-og-energiplanlegging/tabeller-for-omregning-fra-energivarer-til-kwh/"),
    "EXTSW": ("eXtension Swine (n.d.)", "eXtension, Swine community of practice (n.d.). What are acid whey and whey powder? https://swine.extension.org/what-are-acid-whey-and-whey-powder/ : dried whey is a by-product of cheese manufacturing and a kilogram contains about the same amount of nutrients as 14 kg of liquid whey."),
    "RB209": ("Defra RB209 2010", "Defra (2010). Fertiliser Manual (RB209), 8th edition, Section 2 (organic manures), table 'Cattle slurry and dirty water - total and available nutrients' (fresh weight basis): cattle slurry of 6 % dry matter (the typical slurry, in bold) 2.6 kg total N/t and 1.2 kg readily available N/t (2 % DM: 1.6 and 0.9; 10 % DM: 3.6 and 1.3). Archived at http://adlib.everysite.co.uk/adlib/defra/content.aspx?id=2RRVTHNXTS.88UF9N65FWLCJ"),
    "NGF": ("Norsk Gartnerforbund (n.d.)", "Norsk Gartnerforbund (n.d.). Det grønne karbonet: fossil gas is 32 % of the energy used in Norwegian greenhouses because burning it gives both heat and CO2 for enrichment; and NGF Energi (n.d.), CO2 fra propan eller naturgass: 1 kg propane burnt gives 3 kg CO2, 1 m3 natural gas 1.88 kg CO2, flue gas led into the greenhouse. https://gartnerforbundet.no/det-gronne-karbonet/ and https://ngfenergi.no/klimastyring/co2/co2-fra-propan-eller-naturgass/"),
    # general technical and regulatory literature behind the sector rules of issue 16 (section
    # "Sector rules from general literature" of SOURCES.md); each value was read in the retrieved text
    "FOEN": ("FOEN (n.d.) cement plants", "Swiss Federal Office for the Environment FOEN/BAFU (n.d.). Cement plants (Waste disposal methods, information for specialists): low-pollution, high-calorific bulk wastes like waste oil, sewage sludge, animal meal/fat, organic solvents, plastic waste, used tyres and waste wood are suitable as replacement fuels; municipal waste and problematic hazardous waste (e.g. paint residues with a high heavy-metal content) are not authorised; low-pollution mineral waste like excavated tunnel material, unpolluted excavated material, contaminated soil and certain fractions from contaminated site rehabilitation are suitable as raw materials. https://www.bafu.admin.ch/bafu/en/home/topics/waste/info-specialists/waste-disposal-methods/cement-plants.html"),
    "ADWO": ("ADWO Art. 24", "Swiss Ordinance on the Avoidance and the Disposal of Waste (Waste Ordinance, ADWO/VVEA) of 4 December 2015, SR 814.600, Art. 24: waste may be used as a raw material, as raw meal corrective substances, as heating fuels or as additives or aggregates in the production of cement and concrete provided it satisfies Annex 4; mixed municipal waste may not be used as a raw material or fuel."),
    "EUROSLAG": ("EUROSLAG 2023", "EUROSLAG and FEhS Building Materials Institute (2023). Slags replace over 1.1 billion t of natural rock (ZKG International; also Steel Times International): of 38.5 Mt of ferrous slag in the EU and UK in 2022, blast furnace slag 21.3 Mt, 82.5 % of it used in cement and concrete and 3.07 Mt in traffic route construction; steelmaking slag 17.0 Mt, 70.2 % to traffic route construction, 2.20 Mt to metallurgical work, 1.57 Mt to fertiliser, 0.67 Mt to cement and concrete; and euroslag.com, Applications (roads, bridges, hydraulic engineering such as locks, river bottoms and bank reinforcement, fertilisers; part of the steel slag is reused in the blast furnace)."),
    "ECOBA": ("ECOBA (n.d.)", "ECOBA - European Coal Combustion Products Association (n.d.). Utilisation (ecoba.com): coal combustion products (fly ash, bottom ash, boiler slag, FGD residues) are used as an addition in concrete as a cement replacement material, as constituent and raw material for cement, as an aggregate or binder in road construction, as mineral fillers and as fertilisers; in the EU 15 about 43 % of fly ash and 46 % of bottom ash were used in construction (2016)."),
    "FHWA": ("FHWA-RD-97-148", "Chesner, W. H., Collins, R. J., MacKay, M. H., & Emery, J. (1998, updated 2008). User Guidelines for Waste and Byproduct Materials in Pavement Construction, FHWA-RD-97-148, US Federal Highway Administration (online edition, Recycled Materials Resource Center, rmrc.wisc.edu/ug-matrix): guidelines for 19 materials in six highway construction applications (asphalt concrete, Portland cement concrete, granular base, embankment or fill, stabilised base, flowable fill) - baghouse fines, blast furnace slag, coal bottom ash/boiler slag, coal fly ash, FGD scrubber material, foundry sand, kiln dusts, mineral processing wastes, MSW combustor ash, nonferrous slags, quarry byproducts, reclaimed asphalt pavement, reclaimed concrete material, roofing shingle scrap, scrap tires, sewage sludge ash, steel slag, sulfate wastes, waste glass; foundry sand, asphalt concrete: ferrous spent foundry sand as fine aggregate in hot mix asphalt (up to 15 %), non-ferrous foundry sands may hold heavy metals that preclude their use."),
    "NAIMA": ("NAIMA via Recycling Today", "North American Insulation Manufacturers Association (NAIMA), annual recycling surveys as reported by Recycling Today ('Insulation manufacturers tout recycling success') and Waste Business Journal (31 October 2002): recycled glass is used in the manufacture of fiber glass insulation (up to 40 % recycled glass; the largest secondary market for recycled glass containers) and blast furnace slag in the manufacture of slag wool insulation."),
    "BRIT": ("Britannica (n.d.) Steel foundry", "Encyclopaedia Britannica (n.d.). Steel - Steel foundry (E. F. Wondris): foundries that cast steel into commercial products mainly employ coreless induction furnaces or electric-arc furnaces for melting scrap."),
    "WMW": ("Waterschoot Metalworks (n.d.)", "Waterschoot Metalworks (n.d.). Techniques: melting (waterschootmetalworks.com): in both an iron foundry and a steel foundry the raw materials (pure scrap) are usually melted in electric induction furnaces; gas-fired drum furnaces and cupola furnaces are also used."),
    "SFBREF": ("EIPPCB SF BREF scope", "European IPPC Bureau (n.d.). Smitheries and Foundries Industry BREF, scope (eippcb.jrc.ec.europa.eu/reference/smitheries-and-foundries-industry): ferrous metal foundries, and non-ferrous metal foundries using alloyed ingots, internal scrap, recovered products (e.g. external scrap) or liquid metal."),
    "EPF": ("European Panel Federation (n.d.)", "European Panel Federation (n.d.). Sustainability (europanels.org/issues/sustainability): only 48 % of the raw wood of the European wood-based panel industry (particleboard, MDF, OSB, hard- and softboard; 2017) is roundwood; the rest is industrial by-products (residues of sawmills and other wood processing) and recovered wood (old furniture, packaging, construction and demolition wood)."),
    "STEW20": ("Stewart & Barron 2020", "Stewart, D. J. C., & Barron, A. R. (2020). Pyrometallurgical removal of zinc from basic oxygen steelmaking dust - a review of best available technology. Resources, Conservation and Recycling, 157, 104746 (abstract: about 20 kg of dusts and sludges per t of liquid steel on the blast furnace/BOF route; many are recycled through the sinter plant or blast furnace, high-zinc dusts are landfilled)."),
    "WAELZ": ("Ponte Nossa (n.d.); Befesa Silvermet (n.d.)", "Ponte Nossa S.p.A. (n.d.), pontenossa-spa.it: electric arc furnace dust, rich in zinc and classified as hazardous waste, is best treated (BAT) by thermal recovery of zinc in the Waelz process; Global Atomic (n.d.), Befesa Silvermet Turkey: a Waelz kiln processes electric arc furnace dust into Waelz oxide, a zinc concentrate sold to zinc smelters."),
    "WFDBIO": ("Dir. 2008/98/EC Art. 3(4)", "Directive 2008/98/EC on waste, Art. 3(4) as amended by Directive (EU) 2018/851: 'bio-waste' means biodegradable garden and park waste, food and kitchen waste from households, offices, restaurants, wholesale, canteens, caterers and retail premises and comparable waste from food processing plants."),
    "EUROSLAG25": ("EUROSLAG 2025", "EUROSLAG (2025), use of ferrous slag in 2024, as reported by Recycling Magazine (recycling-magazine.com, ?p=44670): 21.5 Mt of blast furnace slag used in their entirety, 20.0 Mt of granulated blast furnace slag in cement and 1.5 Mt as aggregate in concrete and road construction; of 16.5 Mt of steelworks slag, 9.0 Mt used in road construction, 2.0 Mt in building construction, 0.8 Mt in fertilisers, 1.6 Mt for metallurgical work and 0.1 Mt for other applications."),
    "HOLMEN": ("Holmen (n.d.) biofuels", "Holmen (n.d.). Holmen's biofuels (holmen.com, wood products): sawdust can be burned or processed into pellets and wood panels; dry chips burned in solid-fuel boilers or made into pellets; wood shavings, extremely dry and absorbent, used as bedding in stables or for pellets; bark almost exclusively burned; yard bark used as fuel in heating plants and as mulch for gardens."),
    "PILKE": ("Tiedekeskus Pilke (n.d.)", "Tiedekeskus Pilke, Finnish forest science centre (n.d.). Biorefinery - from side streams to use: sawdust, a by-product of sawmills and planing mills, is used e.g. to protect seedlings in nurseries; bark can be used as ground cover under bushes in gardens; pellets and briquettes are made of sawdust, cutter shavings and other sawmilling by-products; wood ash can be used as forest fertiliser."),
    "ETRMA": ("ETRMA via Rubber News 2021", "European Tyre and Rubber Manufacturers' Association (ETRMA), end-of-life tyre statistics as reported by Rubber News (2021, 'European scrap tire processing rate remains steady': 2019, 1.88 Mt to material recovery - 1.34 Mt granulated, 458 000 t incorporated in cement through co-processing, 82 300 t civil engineering, minor amounts to pyrolysis, steel mills and foundries; 1.37 Mt to energy recovery) and Tyrepress (2012: energy recovery mainly in the cement industry, 92 %, then urban heating, power plants and boilers, 7 %)."),
    "AP42": ("US EPA AP-42 12.11", "US EPA (1995). AP-42, Compilation of Air Pollutant Emission Factors, section 12.11 Secondary Lead Processing: secondary lead smelters produce lead and lead alloys from lead-bearing scrap material; more than 60 % of all secondary lead is derived from scrap automobile batteries."),
    "WIKIDROSS": ("Wikipedia: Aluminium dross recycling", "Wikipedia (n.d.). Aluminium dross recycling: dross from aluminium melting is crushed and separated into aluminium-rich and oxide-rich particles and the metal-rich particles are melted in a furnace to recover the aluminium; and Schlesinger, M. E. (2013). Aluminum Recycling, 2nd ed., CRC Press, ch. 13 Dross Processing: the furnaces melting recycled aluminium skim dross, whose processing recovers the metal."),
    "VIE16": ("Vieira et al. 2016", "Vieira, C. M. F., Pinheiro, R. M., Sanchez Rodriguez, R. J., Candido, V. S., & Monteiro, S. N. (2016). Clay bricks added with effluent sludge from paper industry: technical, economical and environmental benefits. Applied Clay Science (abstract: the use of the sludge from the treatment of paper-making effluent as raw material for clay bricks is a feasible industrial alternative in Europe; an industrial-scale Brazilian case with 10 wt% sludge)."),
    "WOL15": ("Wolff et al. 2015", "Wolff, E., Schwabe, W. K., & Conceição, S. V. (2015). Utilization of water treatment plant sludge in structural ceramics. Journal of Cleaner Production, 96, 282-289 (sludge of a pulp mill's water treatment plant mixed with wastes from the mill's chemical recovery as a substitute for clay in bricks)."),
    "GOE18": ("Goel & Kalamdhad 2018", "Goel, G., & Kalamdhad, A. S. (2018). Paper mill sludge (PMS) and degraded municipal solid waste (DMSW) blended fired bricks - a review. MOJ Civil Engineering, 4(2), 81-85 (paper mill sludges of primary, biological or de-inking origin as constituents of fired bricks)."),
    "VAS19": ("Vashistha et al. 2019", "Vashistha, P., Kumar, V., Singh, S. K., Dutt, D., Tomar, G., & Yadav, P. (2019). Valorization of paper mill lime sludge via application in building construction materials: a review. Construction and Building Materials, 211, 371-382 (lime sludge in concrete, mortars, fired bricks, ceramics and cement; 10-30 % cement replacement in concrete and mortars)."),
    "TU21": ("SINTEF via Teknisk Ukeblad 2021", "Teknisk Ukeblad (2021). - Vi kan bruke spillvarme til å dyrke avokado i Norge (P. E. Røkke, research director, SINTEF): Norwegian industry has about 20 TWh of unused surplus heat, mostly below 250 C; besides district heating it can serve drying processes for foodstuffs such as fish and fruit, and greenhouse cultivation."),
    "SSB24C": ("SSB 2024 district heating by consumer group", "Statistics Norway - SSB (2024). Fjernvarme og fjernkjøling, updated 13 May 2024, table 'Levert fjernvarme, fjernvarmepris, investeringer' 2023: 7 045 GWh of district heating delivered to consumers, of which services (tjenesteyting) 3 806 GWh (54.0 %), households 1 925 GWh (27.3 %), industry etc. 1 060 GWh (15.0 %), construction 148 GWh (2.1 %). https://www.ssb.no/energi-og-industri/energi/statistikk/fjernvarme-og-fjernkjoling"),
    "BIOVEH": ("NRK 2017; Samfunnsutvikling (n.d.) biogas fuel", "NRK Telemark (2017). Biogass er lovende som drivstoff: public transport and the waste-collection sector are turning to biogas, some buses already run on it, trucks mostly on diesel; and Samfunnsutvikling.com (n.d.), Nå kommer biogass-drivstoff i tungtransporten (H. Wollan, Biokraft; A. F. Lånke, Rambøll): biogas has so far been used compressed in buses and refuse trucks in Trondheim, Oslo, Bergen and smaller towns; liquefied biogas (over 99 % methane) now serves heavy trucks."),
}


def cite(*keys, detail=""):
    s = "; ".join(REFS[k][0] for k in keys)
    return s + (" (" + detail + ")" if detail else "")


# ---------------------------------------------------------------- curated rules
RULE_COLS = ["from", "to", "nace", "yield", "source", "from_unit", "to_unit", "support", "note",
             "conditions", "process"]
RULES = []


def S(frm, to, source, note="", y="1", fu="", tu="", cond="", process=""):
    """Substitution rule: supply `frm` can serve a demand for `to`. `cond`: the permit,
    certificate, category, grade or treatment the exchange needs, with its source;
    `process`: the conversion the receiver must perform itself (see engine/legal.c)."""
    RULES.append({"from": frm, "to": to, "nace": "", "yield": y, "source": source,
                  "from_unit": fu, "to_unit": tu, "support": "", "note": note,
                  "conditions": cond, "process": process})


def P(frm, nace, source, note="", cond=""):
    """Sector-potential rule: supply `frm` can serve firms whose NACE starts with `nace`."""
    RULES.append({"from": frm, "to": "", "nace": nace, "yield": "1", "source": source,
                  "from_unit": "", "to_unit": "", "support": "", "note": note,
                  "conditions": cond})


# Conditions shared by several rules (each names its source).
C_HAZ = ("hazardous waste: consignment tracked to a receiver permitted to treat this entry, "
         "never mixed (Dir. 2008/98/EC Arts. 17, 18, 23)")
C_KILN = ("hazardous waste: the receiver's co-incineration permit lists this waste "
          "(Dir. 2010/75/EU Arts. 44-45; Dir. 2008/98/EC Arts. 17, 18)")
C_FEED = ("fit for feed only: batches the producer keeps safe as feed, through a feed business "
          "registered under Reg. (EC) 183/2005; spoiled or contaminated batches go to biogas")
C_CAT3 = ("animal by-product: category 3 material only, stated as abp_category 3 "
          "(Reg. (EC) 1069/2009 Arts. 10, 14); receiver approved for it")
C_LAND = ("fertiliser product within the quality class and use rules of the gjødselvareforskriften "
          "(FOR-2025-01-29-116) and gjødselbrukforskriften (FOR-2025-01-29-115)")
C_SLUDGE = ("hygienised and stabilised sewage sludge within its heavy-metal class; storage and use "
            "under the gjødselbrukforskriften (FOR-2025-01-29-115) and Dir. 86/278/EEC")
C_AD = "anaerobic digestion at the receiving plant (FNR 2012 gas yields)"
C_EN450 = ("fly ash certified to EN 450-1:2012 (loss on ignition, chloride, sulfate, free lime and "
           "fineness limits) for use in concrete")
C_EN197 = ("siliceous fly ash (V) of the composition EN 197-1:2011 requires of a cement constituent, "
           "shown by the producer's test results")


M = "MAESTRI: "  # prefix for the exchange ids of the documented cases

# --- excess heat (energy:heat) -------------------------------------------------
P("energy:heat", "35.30", cite("JAC06", "NOT16", "DON16", detail=M + "1,12,16; 30,31,4: waste heat to urban district heating"), "surplus heat to district heating networks")
P("energy:heat", "01.13", cite("PEA08", "SHO14", detail=M + "29,13,8; 46,10,5: waste heat to greenhouses"), "greenhouse heating")
P("energy:heat", "01.19", cite("SHO14", detail=M + "46,10,5: sugar factory heat to tomato glasshouse"), "glasshouse crops as coded in MAESTRI")
P("energy:heat", "03.21", cite("YU15", detail=M + "7,33,9: waste hot water to aquaculture"), "marine aquaculture")
P("energy:heat", "03.22", cite("JAC06", "YU15", detail="Kalundborg: Asnaes surplus heat to a fish farm"), "fish farming, e.g. hatcheries")
P("energy:heat", "16.10", cite("BREFENE", detail="3.11: low-temperature heat for drying processes"), "kiln drying of sawn timber")
P("energy:heat", "10.91", cite("BREFENE", detail="3.11: low-temperature heat for drying processes"), "drying in feed production")
P("energy:heat", "35.21", cite("CUT14", detail=M + "26,8,1: heat to anaerobic digestion"), "digester heating")
P("energy:heat", "11.07", cite("ALK14", detail=M + "11,4,1: lime kiln heat to fruit juice concentrate"), "food and beverage process heat")
P("energy:heat", "10.41", cite("ZAB15", detail=M + "33,34,2: waste heat to olive mill"), "food process heat")
P("energy:heat", "35.11", cite("DON16", detail=M + "30,31,1-3: waste heat recovered for power generation"), "waste-heat power generation (high temperature only)")
S("energy:steam", "energy:heat", cite("DON14", "JAC06", detail=M + "32,30,2: steelworks steam used for urban heating"), "steam can meet a hot-water demand")

# --- steam (energy:steam) to process industry ------------------------------------
P("energy:steam", "19.20", cite("JAC06", "NOT16", "VBE07", "CHE08", detail=M + "1,12,1; 16,20,2; 34,19,3"), "process steam to refineries")
P("energy:steam", "21", cite("JAC06", "ASH08", detail="Kalundborg: Asnaes steam to Novo Nordisk; " + M + "9,19,3"), "process steam to pharmaceuticals")
P("energy:steam", "20.11", cite("VBE07", detail=M + "16,20,12; 16,20,14"), "industrial gases, chlor-alkali")
P("energy:steam", "20.12", cite("VBE07", detail=M + "16,20,18"), "pigment production")
P("energy:steam", "20.13", cite("TAD12", "DON14", detail=M + "19,24,1; 31,29,1; 32,30,1"), "inorganic basic chemicals")
P("energy:steam", "20.14", cite("MIR04", detail=M + "5,25,4"), "organic basic chemicals")
P("energy:steam", "10.20", cite("MIR04", detail=M + "5,25,7"), "fish processing")
P("energy:steam", "17.11", cite("VOL15", detail=M + "12,7,3: CHP steam to paper mill"), "pulp")
P("energy:steam", "17.12", cite("PAR08", detail=M + "8,35,7"), "paper and paperboard")
P("energy:steam", "24.10", cite("NOT16", detail=M + "1,12,9"), "iron and steel")
P("energy:steam", "28.1", cite("DON13", detail=M + "31,30,1"), "machinery manufacturing")
P("energy:steam", "01.13", cite("LAY13", "EAR15", detail=M + "22,1,1: steam to greenhouse"), "greenhouse heating")
P("energy:steam", "35.30", cite("DON14", detail=M + "32,30,2"), "steam to district heating")
P("energy:steam", "38.21", cite("MIR04", detail=M + "5,25,8"), "waste treatment (gasifier)")

# --- fuel gas (energy:fuel-gas) to boilers and furnaces ----------------------------
P("energy:fuel-gas", "35.11", cite("JAC06", "NOT16", "VBE07", detail=M + "1,12,4; refinery fuel gas to power plants"), "boiler fuel")
P("energy:fuel-gas", "23.62", cite("JAC06", "EHR97", detail="Kalundborg: Statoil refinery gas to Gyproc plasterboard plant"), "dryer and kiln fuel")
P("energy:fuel-gas", "20.13", cite("ROY15", "DON14", detail="fuel gas, blast furnace and coke oven gas to chemical plants"), "process fuel")
P("energy:fuel-gas", "20.14", cite("ROY15", detail="refinery fuel gas to organic chemical plants"), "process fuel")
P("energy:fuel-gas", "23.61", cite("YAN08", detail=M + "13,14,5: waste gas fuels boilers of block production"), "boiler fuel")

# --- CO2 (gas:co2) ------------------------------------------------------------------
P("gas:co2", "01.13", cite("LAY13", "EAR15", "SHO14", detail="CO2 enrichment of greenhouses"), "greenhouse CO2 fertilisation")
P("gas:co2", "01.19", cite("SHO14", detail="British Sugar Wissington CO2 to tomato glasshouse"), "glasshouse crops as coded in MAESTRI")
P("gas:co2", "11.07", cite("SHO14", "R231", detail="CO2 for carbonated soft drinks"), "beverage carbonation (food-grade purification needed)",
  cond="food-grade CO2 meeting the E 290 purity criteria of Reg. (EU) 231/2012, purified and certified before delivery")
P("gas:co2", "20.11", cite("VBE07", detail="Kwinana: CO2 to industrial gas producer"), "industrial gas producers")
P("gas:co2", "20.14", cite("PAK10", "ZHU07", detail="CO2 to precipitated calcium carbonate plants"), "PCC production")
P("gas:co2", "24.42", cite("VBE07", detail="Kwinana: CO2 to alumina refinery (residue carbonation)"), "alumina refining")
P("gas:co2", "03.22", cite("FAL15", detail="CO2 to algae production"), "algae cultivation")

# --- water -------------------------------------------------------------------------------
S("water:treated", "water:process", cite("JAC06", detail="Kalundborg: treated waste water replaces fresh water at the power station"), "non-potable process water only",
  cond="non-potable: never for drinking water or food contact (a demand for water:fresh is of that quality)")
S("water:cooling", "water:process", cite("JAC06", detail="Kalundborg: used cooling water from the refinery reused at the power station"), "non-potable process water only",
  cond="non-potable: never for drinking water or food contact (a demand for water:fresh is of that quality)")
P("water:treated", "35.11", cite("JAC06", "CHE08", detail=M + "34,19,1-2"), "power plant process water")
P("water:treated", "19.20", cite("VBE07", detail=M + "16,20,4"), "refinery process water")
P("water:treated", "20.15", cite("VBE07", detail=M + "16,20,5-6"), "fertiliser plant process water")
P("water:treated", "24.10", cite("DON14", detail=M + "32,30,13: reclaimed urban waste water to steelworks"), "steelworks process water")
P("water:cooling", "35.11", cite("JAC06", detail="Kalundborg: Statoil cooling water to Asnaes"), "boiler feed / process water")
P("water:cooling", "19.20", cite("NOT16", detail=M + "1,12,3"), "refinery water")
P("water:waste", "17.1", cite("PAK10", detail=M + "2,16,13"), "pulp and paper process water")
P("water:waste", "20.14", cite("PAK10", detail=M + "2,16,15"), "chemical process water")
P("water:waste", "18.12", cite("MIR05", detail=M + "15,17,8"), "printing process water")
P("water:waste", "03.22", cite("FAL15", detail=M + "25,5,4: disposal water to algae production"), "nutrient-rich water for algae")
P("water:waste", "38.21", cite("CHE00", detail=M + "39,18,3: pig farm waste water to digester"), "anaerobic digestion")
P("water:waste", "37.00", cite("NACE", detail="37.00 collection and treatment of waste water"), "waste-water treatment")

# --- FGD gypsum ------------------------------------------------------------------------
S("ewc:100105", "mat:mineral.gypsum", cite("JAC06", "EHR97", detail="Kalundborg: FGD gypsum replaces natural gypsum at Gyproc"), "FGD gypsum, dry basis")
S("ewc:100107", "mat:mineral.gypsum", cite("JAC06", detail="FGD gypsum as plasterboard raw material"), "after dewatering")
P("ewc:100105", "23.62", cite("JAC06", "EHR97", detail="Asnaes power station to Gyproc plasterboard"), "plasterboard")
P("ewc:100107", "23.62", cite("JAC06", detail="FGD gypsum to plasterboard"), "after dewatering")
P("ewc:100105", "23.51", cite("DON14", "EN197", detail=M + "gypsum to cement as set regulator"), "cement set regulator")
P("ewc:100107", "23.51", cite("EN197", detail="calcium sulfate as set regulator"), "after dewatering")
P("mat:mineral.gypsum", "23.62", cite("JAC06", detail="Gyproc plasterboard plant"), "plasterboard")
P("mat:mineral.gypsum", "23.51", cite("EN197", detail="calcium sulfate set regulator"), "cement")

# --- fly ash, slag, SCM --------------------------------------------------------------------
S("ewc:100102", "mat:cement.scm.fly-ash", cite("EN450", "EN197", detail="siliceous fly ash V"), "coal fly ash meeting EN 450-1", cond=C_EN450)
S("ewc:100102", "mat:cement.scm", cite("EN197", "JAC06", detail="Kalundborg: Asnaes fly ash to cement"), "clinker substitute", cond=C_EN197)
P("ewc:100102", "23.51", cite("JAC06", "VBE07", "YU15", "EN197", detail=M + "fly ash to cement production"), "cement", cond=C_EN197)
P("ewc:100102", "23.63", cite("EN450", detail="fly ash as type II addition in concrete"), "ready-mixed concrete", cond=C_EN450)
P("ewc:100102", "23.61", cite("NOT16", detail=M + "coal fly ash to construction materials"), "concrete products and bricks")
P("ewc:100102", "42.11", cite("NOT16", "CHE08", detail=M + "fly ash to road construction"), "road construction")
P("ewc:100117", "23.61", cite("BAI10", detail=M + "fly ash to brick manufacturer"), "bricks")
P("ewc:100101", "23.32", cite("VBE07", detail=M + "bottom ash to brick manufacturer"), "bricks")
S("ewc:100103", "mat:fertiliser.ash", cite("PIT06", detail="wood ash recycling as forest fertiliser and liming agent"), "untreated wood ash only")
P("ewc:100103", "02.10", cite("PIT06", detail="wood ash recycling to forest soils"), "forestry")
S("ewc:100202", "mat:cement.scm.slag", cite("EN15167", "EN197", detail="granulated blast furnace slag S"), "granulated blast-furnace slag only")
S("ewc:100202", "mat:cement.scm", cite("EN197", "DON14", detail="slag to cement"), "clinker substitute")
S("ewc:100201", "mat:cement.scm.slag", cite("EN15167", detail="ground granulated blast furnace slag"), "processed (ground) slag")
S("ewc:100202", "mat:mineral.aggregate", cite("EN13242", "NOT16", detail="slag as manufactured aggregate"), "air-cooled or steel slag")
S("ewc:100201", "mat:mineral.aggregate", cite("EN13242", detail="slag as manufactured aggregate"), "processed slag")
P("ewc:100202", "23.51", cite("NOT16", "VBE07", "DON14", "MIR04", detail=M + "slag to cement production"), "cement")
P("ewc:100202", "42.11", cite("VBE07", "NOT16", detail=M + "steel slag to road construction"), "roads")
P("ewc:100202", "23.61", cite("NOT16", detail=M + "BOF slag as concrete aggregate (planned)"), "concrete products")
P("ewc:100201", "23.51", cite("EN15167", "EN197"), "cement")
P("ewc:100201", "23.63", cite("EN15167", detail="GGBS as type II addition in concrete"), "ready-mixed concrete")
S("ewc:100210", "mat:metal.iron", cite("NOT16", detail=M + "mill scale recycled in steelworks"), "iron units")
S("ewc:100210", "mat:cement.raw-material", cite("NOT16", detail=M + "mill scale as cement raw material"), "iron corrective")
P("ewc:100210", "23.51", cite("NOT16", detail=M + "1,12,10: mill scales to cement"), "cement raw meal")
P("ewc:100210", "24.10", cite("NOT16", detail="mill scales back to steelworks"), "sinter / steelmaking")
P("ewc:101306", "24.10", cite("VBE07", detail=M + "lime kiln dust to pig iron plant"), "fluxing agent")
P("ewc:101306", "20.12", cite("VBE07", detail=M + "lime kiln dust to titanium dioxide producer"), "neutralising agent")
P("ewc:010102", "23.51", cite("VBE07", detail=M + "coal mine overburden to cement"), "cement raw material")
P("ewc:010309", "23.51", cite("VBE07", detail=M + "red mud to cement (planned)"), "cement raw material")
P("ewc:161101", "23.51", cite("VBE07", detail=M + "spent cell linings as alternative fuel and raw material"), "hazardous: permitted kilns only", cond=C_KILN)
P("mat:cement.scm", "23.51", cite("EN197"), "blended cements")
P("mat:cement.scm", "23.63", cite("EN450", "EN15167", "EN13263"), "additions in concrete")
P("mat:cement.scm.silica-fume", "23.63", cite("EN13263"), "silica fume in concrete")
P("mat:cement.scm.silica-fume", "23.51", cite("EN197", detail="silica fume D"), "cement constituent")

# --- construction and demolition minerals ------------------------------------------------
S("ewc:170101", "mat:mineral.aggregate.recycled", cite("EN12620", "EN13242"), "crushed concrete")
S("ewc:170107", "mat:mineral.aggregate.recycled", cite("EN13242"), "mixed mineral C&D waste, crushed")
S("ewc:101314", "mat:mineral.aggregate.recycled", cite("VBE07", "EN12620", detail=M + "concrete waste to block paver producer"), "crushed concrete")
S("ewc:101208", "mat:mineral.aggregate.recycled", cite("NOT16", "EN13242", detail=M + "ceramic and brick waste to roads"), "crushed ceramics")
P("ewc:101314", "23.61", cite("VBE07", detail=M + "concrete waste to block paver producer"), "concrete products")
P("ewc:170101", "42.11", cite("EN13242"), "road sub-base")
P("ewc:101208", "42.11", cite("NOT16", detail=M + "C&D waste to road construction"), "road construction")
S("ewc:170302", "mat:asphalt.reclaimed", cite("EN13108"), "tar-free bituminous mixtures")
P("ewc:170302", "42.11", cite("EN13108"), "road construction")
P("ewc:170302", "23.99", cite("EN13108", detail="reclaimed asphalt in asphalt mixing plants"), "asphalt plants")
S("ewc:020401", "mat:mineral.soil", cite("SHO14", detail="British Sugar soil from beet washing sold as topsoil"), "topsoil")
P("ewc:020401", "81.30", cite("SHO14", detail=M + "soil from beet washing to landscaping"), "landscaping")
S("ewc:020402", "mat:fertiliser.lime", cite("SHO14", detail="British Sugar LimeX agricultural lime"), "liming material")
P("ewc:020402", "01.1", cite("SHO14", detail=M + "calcium carbonate to agriculture"), "agricultural liming")
S("ewc:030309", "mat:mineral.limestone", cite("YU15", detail="white sludge (lime mud, coded 030311 in MAESTRI) used instead of calcium carbonate"), "CaCO3 substitute")
P("ewc:030309", "23.51", cite("YU15", detail="white sludge to cement production"), "cement raw material")
P("ewc:030302", "23.61", cite("YU15", detail="green mud to building material production"), "building materials")

# --- wood, bark and solid biofuels ----------------------------------------------------------
S("ewc:030105", "mat:wood.sawdust", cite("ISO17225", "EN309"), "clean sawdust")
S("ewc:030105", "mat:wood.shavings", cite("ISO17225", "EN309"), "clean shavings")
S("ewc:030105", "mat:wood.chips", cite("ISO17225", "EN309"), "clean offcuts and chips")
S("ewc:030105", "mat:biofuel.sawdust", cite("ISO17225", detail="part 1: residues from the wood processing industry"), "fuel grade")
S("ewc:030105", "mat:biofuel.chips", cite("ISO17225", detail="part 4: graded wood chips"), "fuel grade")
S("ewc:030105", "mat:biofuel", cite("ISO17225", "BAI10", detail=M + "sawdust used for process heat"), "solid biofuel")
S("ewc:030101", "mat:biofuel.bark", cite("ISO17225", "PAK10", detail="bark burnt in the mill power plant"), "bark fuel")
S("ewc:030101", "mat:biofuel", cite("ISO17225", "PAK10"), "solid biofuel")
S("ewc:030301", "mat:biofuel.bark", cite("PAK10", detail=M + "2,16,9: bark to power plant"), "bark fuel")
S("ewc:030301", "mat:biofuel", cite("PAK10", "ISO17225"), "solid biofuel")
S("ewc:020107", "mat:biofuel.chips", cite("MAR15", "ISO17225", detail="forest residue chips to heat plants"), "forest residue chips")
S("ewc:170201", "mat:biofuel.waste-wood", cite("ISO17225", detail="part 1: used wood"), "combustion under waste-incineration rules")
S("ewc:200138", "mat:biofuel.waste-wood", cite("ISO17225", detail="part 1: used wood"), "combustion under waste-incineration rules")
S("ewc:191207", "mat:biofuel.waste-wood", cite("ISO17225", detail="part 1: used wood"), "combustion under waste-incineration rules")
S("ewc:150103", "mat:wood.recovered", cite("SIM15", detail=M + "wood wastes to pellet and plywood producer"), "recovered wood")
S("mat:wood.sawdust", "mat:biofuel.sawdust", cite("ISO17225"), "same material as fuel")
S("mat:wood.chips", "mat:biofuel.chips", cite("ISO17225"), "same material as fuel")
P("ewc:030105", "16.29", cite("ISO17225", "SIM15", detail="part 2: pellets from sawdust and shavings"), "pellet production")
P("ewc:030105", "16.21", cite("EN309"), "particleboard production")
P("ewc:030105", "17.11", cite("YU15", detail=M + "wood residues to pulp mill"), "pulp")
P("ewc:030105", "35.11", cite("PAK10", "ISO17225"), "biomass CHP")
P("ewc:030105", "35.30", cite("PAK10", "ISO17225", detail="wood-processing residues as heat-plant fuel"), "biomass heat plants")
P("ewc:030101", "35.11", cite("PAK10", detail="bark to power plant"), "biomass CHP")
P("ewc:030101", "35.30", cite("PAK10", detail="bark energy to urban heat"), "biomass heat plants")
P("ewc:030301", "35.11", cite("PAK10", detail=M + "bark to power plant"), "biomass CHP")
P("ewc:030301", "35.30", cite("PAK10", detail=M + "bark to urban heat"), "biomass heat plants")
P("ewc:020107", "35.30", cite("MAR15", detail=M + "27,9,2-3: wood chips to urban heat"), "biomass heat plants")
P("ewc:150103", "16.29", cite("SIM15", detail=M + "wood wastes to pellet producer"), "pellets")
P("mat:wood.sawdust", "16.29", cite("ISO17225", detail="part 2: graded wood pellets"), "pellet production")
P("mat:wood.sawdust", "16.21", cite("EN309"), "particleboard")
P("mat:wood.chips", "16.21", cite("EN309"), "particleboard")
P("mat:biofuel", "35.30", cite("PAK10", "ISO17225"), "biomass heat plants")
P("mat:biofuel", "35.11", cite("PAK10", "ISO17225"), "biomass CHP")

# --- paper -----------------------------------------------------------------------------------
S("ewc:150101", "mat:paper.recovered", cite("EN643"), "paper and board for recycling")
S("ewc:200101", "mat:paper.recovered", cite("EN643"), "paper and board for recycling")
S("ewc:191201", "mat:paper.recovered", cite("EN643"), "paper and board for recycling")
S("ewc:030308", "mat:paper.recovered", cite("EN643"), "sorted paper for recycling")
P("ewc:150101", "17.12", cite("SIM15", "EN643", detail=M + "paper and cardboard wastes to paper plant"), "paper mills")
P("ewc:200101", "17.1", cite("DONH14", "EN643", detail=M + "waste paper to pulp and paper industry"), "pulp and paper")
P("ewc:200101", "17.29", cite("PEA08", detail=M + "shredded newspaper to packaging"), "paper products")
P("ewc:191201", "17.12", cite("EN643"), "paper mills")
P("mat:paper.recovered", "17.12", cite("EN643"), "paper mills")
S("ewc:030307", "mat:fuel.srf", cite("VOL15", detail="pulper rejects as RDF"), "rejects from waste-paper pulping")
P("ewc:030307", "35.11", cite("VOL15", detail=M + "pulper rejects to RDF-fuelled CHP"), "waste CHP")
P("ewc:030311", "35.11", cite("PAK10", detail=M + "mill sludge to power plant"), "co-combustion")
P("ewc:030311", "20.15", cite("YU15", detail=M + "mill sludge to fertiliser company"), "fertiliser production")

# --- plastics ----------------------------------------------------------------------------------
for c in ("150102", "200139", "070213", "191204", "020104", "120105", "170203", "160119"):
    S("ewc:" + c, "mat:plastic.mixed", cite("EN15347"), "sorted plastic waste for recycling")
S("ewc:150102", "mat:plastic", cite("EN15347"), "plastic packaging for recycling")
S("ewc:200139", "mat:plastic", cite("EN15347"), "plastics for recycling")
P("ewc:150102", "22.29", cite("MIR04", "CUT14", "INI", detail=M + "plastic packaging to plastic products"), "plastic products")
P("ewc:150102", "22.21", cite("SIM15", detail=M + "plastic wastes to PVC pipe production"), "plastic plates, sheets, tubes")
P("ewc:200139", "22.22", cite("PEA08", detail=M + "plastics to packaging factory"), "plastic packaging")
P("ewc:200139", "24.10", cite("DON14", "DONH14", detail=M + "waste plastic as coke substitute in blast furnace"), "steelmaking reductant")
P("ewc:200139", "23.51", cite("DON14", "DONH14", "BREFCLM", detail="waste plastic substitutes coal in cement kilns"), "cement kiln fuel")
P("ewc:070213", "22.29", cite("MIR04", detail=M + "waste plastics to blast media production"), "plastic products")
P("mat:plastic", "22.2", cite("EN15347"), "plastics converters")

# --- glass ----------------------------------------------------------------------------------------
for c in ("150107", "200102", "101112", "170202", "191205"):
    S("ewc:" + c, "mat:glass.cullet", cite("R1179"), "cullet meeting end-of-waste criteria")
P("ewc:150107", "23.13", cite("R1179"), "container glass")
P("ewc:200102", "23.13", cite("R1179"), "container glass")
P("ewc:191205", "23.13", cite("R1179"), "container glass")
P("ewc:101112", "23.1", cite("R1179"), "glass industry")
P("ewc:101112", "41.20", cite("MIR05", detail=M + "glass waste to construction (feasibility)"), "construction")
P("ewc:101103", "23.14", cite("MIR05", detail=M + "glass waste to glass fibre production"), "glass fibres")
P("mat:glass.cullet", "23.13", cite("R1179"), "container glass")
P("mat:glass.cullet", "23.14", cite("MIR05", detail="glass waste to glass fibre production"), "glass fibres")

# --- metals -------------------------------------------------------------------------------------------
for c in ("120101", "120102", "160117", "170405", "191001", "191202"):
    S("ewc:" + c, "mat:metal.steel-scrap", cite("R333"), "iron and steel scrap")
S("ewc:170402", "mat:metal.aluminium-scrap", cite("R333"), "aluminium scrap")
S("ewc:170401", "mat:metal.copper", cite("R715"), "copper, bronze, brass scrap")
for c in ("120103", "120104", "160118", "191002", "191203", "170407", "150104"):
    S("ewc:" + c, "mat:metal.mixed-scrap", cite("R333", "R715"), "non-ferrous or mixed metal scrap")
S("ewc:200140", "mat:metal.mixed-scrap", cite("DON14", "R333", detail=M + "waste metals to steelworks"), "metals from municipal collection")
P("ewc:120101", "24.10", cite("YU15", "R333", detail=M + "scrap metal to metallurgical enterprises"), "steelworks")
P("ewc:120102", "24.10", cite("R333"), "steelworks")
P("ewc:160117", "24.10", cite("R333"), "steelworks")
P("ewc:160106", "24.10", cite("DONH14", detail=M + "end-of-life vehicles to steelworks"), "steelworks")
P("ewc:170405", "24.10", cite("R333"), "steelworks")
P("ewc:191001", "24.10", cite("R333"), "steelworks")
P("ewc:191202", "24.10", cite("R333"), "steelworks")
P("ewc:200140", "24.10", cite("DON13", "DON14", "DON16", detail=M + "waste steel to steelworks"), "steelworks")
P("ewc:200136", "24.10", cite("DONH14", detail=M + "discarded appliances to steelworks"), "steelworks")
P("ewc:170402", "24.42", cite("R333"), "aluminium remelting")
P("ewc:170401", "24.44", cite("R715"), "copper production")
P("ewc:120103", "24.4", cite("R333", "R715"), "non-ferrous metal production")
P("ewc:160118", "24.4", cite("R333", "R715"), "non-ferrous metal production")
P("ewc:191002", "24.4", cite("R333", "R715"), "non-ferrous metal production")
P("ewc:160214", "24.44", cite("WEN15", detail=M + "waste PCB to copper production"), "copper recovery")
P("mat:metal.steel-scrap", "24.10", cite("R333"), "steelworks")
P("mat:metal.aluminium-scrap", "24.42", cite("R333"), "aluminium remelting")
P("mat:metal.copper", "24.44", cite("R715"), "copper production")

# --- fuels -------------------------------------------------------------------------------------------
S("ewc:191210", "mat:fuel.srf", cite("EN15359"), "refuse-derived fuel")
S("ewc:191212", "mat:fuel.srf", cite("EN15359"), "after processing to SRF specifications")
P("ewc:191210", "35.11", cite("VOL15", detail="RDF-fuelled CHP for a paper mill"), "waste CHP")
P("ewc:191210", "23.51", cite("BREFCLM", "EN15359"), "cement kiln fuel")
P("ewc:191212", "35.11", cite("PAR08", "ASH08", detail=M + "industrial waste to energy production"), "waste CHP")
P("ewc:191212", "19.20", cite("PAR08", detail=M + "8,35,4: industrial waste for process heat"), "process heat")
P("mat:fuel.srf", "23.51", cite("BREFCLM", "EN15359"), "cement kiln fuel")
P("mat:fuel.srf", "35.11", cite("VOL15"), "waste CHP")
# 13 02: every entry is hazardous, so each is named (a sub-chapter rule would admit none).
for c in ("130204", "130205", "130206", "130207", "130208"):
    S("ewc:" + c, "mat:fuel.oil.used", cite("D2008", "VBE07", detail="waste lubricating oils"), "regeneration or recovery", cond=C_HAZ)
for c in ("130204", "130205", "130206", "130207", "130208"):
    P("ewc:" + c, "19.20", cite("D2008", "VBE07", detail=M + "waste lubricants to oil refinery (planned)"), "re-refining", cond=C_HAZ)
for c in ("130204", "130205", "130206", "130207", "130208"):
    P("ewc:" + c, "23.51", cite("BREFCLM", "D2010"), "cement kiln fuel", cond=C_KILN)
P("ewc:130701", "35.11", cite("NOT16", "D2010", detail=M + "1,12,5"), "boiler fuel", cond=C_KILN)
S("ewc:160103", "mat:fuel.tyres", cite("DON13", "BREFCLM", detail="scrap tyres as kiln fuel"), "tyre-derived fuel")
P("ewc:160103", "23.51", cite("DON13", "BREFCLM", detail=M + "scrap tyres to cement (planned)"), "cement kiln fuel")
P("ewc:200113", "23.51", cite("VBE07", "BREFCLM", detail=M + "waste solvents as cement kiln fuel"), "hazardous: permitted kilns only", cond=C_KILN)
S("ewc:070504", "mat:chemical.solvent", cite("ASH08", detail=M + "off-spec solvents to paint manufacture"), "off-spec solvent", cond=C_HAZ)
P("ewc:070504", "20.30", cite("ASH08", "CHE08", detail=M + "off-spec solvents to paint manufacture"), "paints", cond=C_HAZ)
S("ewc:200125", "mat:substrate.fat", cite("RED2", detail="Part B (a) used cooking oil"), "biogas or biodiesel feedstock")
P("ewc:200125", "20.59", cite("RED2", detail="Part B (a) used cooking oil for biodiesel"), "biodiesel production")
P("ewc:200125", "19.20", cite("MIR04", detail=M + "waste edible oils to refinery"), "renewable fuel refining")
S("ewc:190809", "mat:substrate.fat", cite("AWE18", detail="fat, oil and grease co-digested with sewage sludge"), "FOG from grease separators")
P("ewc:190809", "37.00", cite("AWE18", detail="co-digestion at waste-water treatment plants"), "WWTP digesters")
P("mat:chemical.hydrogen", "24.45", cite("VBE07", detail="Kwinana: hydrogen to nickel refinery"), "reducing agent")
P("mat:chemical.hydrogen", "19.20", cite("MIR04", detail=M + "hydrogen to refinery"), "hydrotreating")
P("mat:chemical.hydrogen", "20.11", cite("VBE07", detail="hydrogen to industrial gas producer"), "industrial gases")

# --- chemicals --------------------------------------------------------------------------------------
S("ewc:060101", "mat:chemical.acid.sulphuric", cite("VBE07", detail=M + "sulphuric acid exchanged between chemical plants"), "spent or by-product acid", cond=C_HAZ)
P("ewc:060101", "20.13", cite("VBE07", detail=M + "80% sulphuric acid to inorganic chemical producer"), "inorganic chemicals", cond=C_HAZ)
P("ewc:060101", "20.11", cite("VBE07", detail=M + "98% sulphuric acid to chlor-alkali plant"), "chlor-alkali", cond=C_HAZ)
P("ewc:060101", "24.45", cite("VBE07", detail=M + "sulphuric acid to nickel/cobalt refinery (planned)"), "non-ferrous refining", cond=C_HAZ)
S("ewc:060102", "mat:chemical.acid.hydrochloric", cite("VBE07", "TAD12"), "by-product hydrochloric acid", cond=C_HAZ)
P("ewc:060102", "20.13", cite("VBE07", detail=M + "hydrochloric acid to inorganic chemical producer"), "inorganic chemicals", cond=C_HAZ)
P("ewc:060102", "25.61", cite("TAD12", detail=M + "hydrochloric acid to galvanic treatment (planned)"), "metal treatment", cond=C_HAZ)
S("ewc:060204", "mat:chemical.alkali.caustic-soda", cite("PAK10", "TAD12"), "sodium hydroxide", cond=C_HAZ)
P("ewc:060204", "17.1", cite("PAK10", detail=M + "sodium hydroxide to pulp and paper"), "pulp and paper", cond=C_HAZ)
P("ewc:060204", "35.11", cite("PAK10", "TAD12", detail=M + "sodium hydroxide to power plant"), "water treatment", cond=C_HAZ)
P("ewc:060204", "25.61", cite("TAD12", detail=M + "sodium hydroxide to galvanic treatment (planned)"), "metal treatment", cond=C_HAZ)
S("ewc:050116", "mat:chemical.sulphur", cite("VBE07", "JAC06", detail="refinery sulphur to chemical producers"), "elemental sulphur")
P("ewc:050116", "20.13", cite("VBE07", "JAC06", detail="sulphur to sulphuric acid and inorganic chemicals"), "inorganic chemicals")
P("ewc:050116", "24.45", cite("VBE07", detail=M + "sulphur to nickel refinery"), "non-ferrous refining")

# --- fertilisers: digestate, sludge, compost ----------------------------------------------------------
S("ewc:190606", "mat:fertiliser.digestate", cite("R1009", "MAR15", detail="CMC 5 digestate; Norrkoping digestate to agriculture"), "digestate", cond=C_LAND)
S("ewc:190605", "mat:fertiliser.digestate", cite("R1009", detail="CMC 5 digestate (liquid fraction)"), "liquid digestate", cond=C_LAND)
S("ewc:190604", "mat:fertiliser.digestate", cite("GJV25", "GJB25"), "source-separated biowaste digestate only", cond=C_LAND)
S("ewc:190603", "mat:fertiliser.digestate", cite("GJV25", "GJB25"), "source-separated biowaste digestate only", cond=C_LAND)
P("ewc:190606", "01.1", cite("MAR15", "R1009", detail=M + "digestate to agriculture"), "land application on crop farms", cond=C_LAND)
P("ewc:190606", "01.4", cite("R1009", detail="CMC 5 digestate as fertilising product"), "land application on livestock farms (grassland)", cond=C_LAND)
P("ewc:190605", "01", cite("R1009"), "land application", cond=C_LAND)
P("ewc:190604", "01", cite("GJV25", "GJB25"), "land application within quality class", cond=C_LAND)
S("ewc:190805", "mat:fertiliser.sludge", cite("D86", "GJV25", "GJB25"), "treated sewage sludge", cond=C_SLUDGE)
S("ewc:190805", "mat:substrate.sludge", cite("RED2", detail="Part A (f) sewage sludge"), "digester feedstock")
P("ewc:190805", "01.1", cite("D86", "GJV25", "GJB25"), "land application of treated sludge on arable land", cond=C_SLUDGE)
P("ewc:190805", "35.21", cite("RED2", detail="Part A (f)"), "biogas production")
P("ewc:190805", "38.21", cite("RED2", "NACE"), "biogas or composting plants")
P("ewc:190805", "23.51", cite("DONH14", "BREFCLM", detail=M + "sewage sludge to cement industry (coded 190902 there)"), "cement co-processing")
P("ewc:190902", "01.30", cite("VBE07", detail=M + "bio-sludge to turf farm"), "plant propagation", cond=C_LAND)
P("ewc:070512", "01", cite("JAC06", "EHR97", "GJV25", detail="Kalundborg: Novo Nordisk biomass sludge used as fertiliser on farms"), "fermentation sludge", cond=C_LAND)
S("ewc:200201", "mat:substrate", cite("RED2", detail="Part A (c) biowaste"), "garden and park waste")
P("ewc:200201", "38.21", cite("R1009", "NACE", detail="CMC 3 compost from bio-waste"), "composting")
P("mat:fertiliser.digestate", "01.1", cite("R1009"), "arable farming", cond=C_LAND)
P("mat:fertiliser.sludge", "01.1", cite("D86", "GJV25", "GJB25"), "arable farming", cond=C_SLUDGE)
P("mat:fertiliser.ash", "02.10", cite("PIT06"), "forest fertilisation")

# --- manure, whey, spent grain, food and fish waste: biogas and feed --------------------------------
S("ewc:020106", "mat:substrate.manure", cite("RED2", "R1069", detail="Annex IX Part A (f) animal manure"), "digester feedstock",
  cond="manure (category 2) to a biogas plant approved or registered under Reg. (EC) 1069/2009 (Art. 13(e))")
S("ewc:020106", "mat:fertiliser.manure", cite("R1069", "GJB25", detail="manure may be applied to land"), "land application", cond="storage and spreading under the gjødselbrukforskriften (FOR-2025-01-29-115)")
S("ewc:020106", "energy:fuel-gas", cite("FNR12", detail="cattle manure 15 m3 CH4/t FM = 0.150 MWh/t"), "biogas yield, cattle manure (conservative for pig/poultry manure)", y="0.15", fu="t", tu="MWh", cond=C_AD, process="anaerobic-digestion")
S("mat:substrate.manure", "energy:fuel-gas", cite("FNR12", detail="cattle manure 0.150 MWh/t FM"), "biogas yield", y="0.15", fu="t", tu="MWh", cond=C_AD, process="anaerobic-digestion")
S("mat:substrate.manure", "mat:fertiliser.manure", cite("R1069"), "land application")
P("ewc:020106", "35.21", cite("RED2", "FNR12"), "biogas production")
P("ewc:020106", "38.21", cite("RED2", "NACE"), "biogas or composting plants")
P("ewc:020106", "01.1", cite("R1069", "GJB25"), "land application on crop farms", cond="storage and spreading under the gjødselbrukforskriften (FOR-2025-01-29-115)")
S("ewc:020501", "mat:feed.whey", cite("R68", "R1069", detail="whey as feed material"), "liquid feed", cond=C_CAT3 + "; " + C_FEED)
S("ewc:020501", "mat:substrate.whey", cite("R1069", detail="category 3 milk products to biogas"), "digester feedstock")
P("ewc:020501", "01.46", cite("R68", "R1069"), "pig farming (liquid feed)", cond=C_CAT3 + "; " + C_FEED)
P("ewc:020501", "10.91", cite("R68", "R1069"), "feed production", cond=C_CAT3 + "; " + C_FEED)
P("ewc:020501", "35.21", cite("R1069"), "biogas production")
S("ewc:020502", "mat:substrate.sludge", cite("EAR15", detail=M + "dairy effluent to anaerobic digestion"), "dairy sludge")
P("ewc:020502", "35.21", cite("EAR15", detail=M + "dairy effluent to methane production"), "biogas production")
S("mat:feed.whey", "mat:substrate.whey", cite("R1069"), "whey not used as feed can be digested")
S("ewc:020702", "mat:feed.spent-grain", cite("R68", detail="distillers' grains"), "distillers' grains")
S("ewc:020702", "mat:substrate.spent-grain", cite("MAR15", detail="stillage to biogas"), "digester feedstock")
S("ewc:020704", "mat:feed.spent-grain", cite("R68", "R183", detail="brewers' grains"), "brewers' spent grain", cond=C_FEED)
S("ewc:020704", "mat:substrate.spent-grain", cite("RED2", detail="Part A (d)"), "digester feedstock")
S("mat:substrate.spent-grain", "mat:feed.spent-grain", cite("R68", "R183"), "if fit for feed", cond=C_FEED)
P("ewc:020702", "20.15", cite("ZHU07", detail=M + "alcohol residue to compound fertiliser"), "fertiliser production")
P("ewc:020702", "10.91", cite("R68"), "feed production")
P("ewc:020702", "35.21", cite("MAR15", detail=M + "thin stillage to biogas"), "biogas production")
P("ewc:020704", "10.91", cite("YU15", "R68", "R183", detail=M + "vinasse to feed mill"), "feed production", cond=C_FEED)
P("ewc:020704", "01.4", cite("R68", "R183"), "animal production", cond=C_FEED)
P("ewc:020704", "35.21", cite("RED2"), "biogas production")
P("ewc:020704", "11.01", cite("NOT16", detail=M + "marc and dregs to distilleries"), "distilling")
P("ewc:020704", "20.15", cite("YU15", detail=M + "vinasse to fertiliser company"), "fertiliser production")
P("ewc:020701", "35.21", cite("RED2", detail="Part A (d)"), "biogas production")
P("ewc:020799", "01.13", cite("CHE00", detail=M + "spent grain to mushroom farming"), "mushroom substrate")
P("mat:feed.spent-grain", "01.4", cite("R68", "R183"), "animal production", cond=C_FEED)
S("ewc:200108", "mat:substrate.food-waste", cite("RED2", detail="Part A (c) household biowaste"), "digester feedstock")
S("ewc:200302", "mat:substrate.food-waste", cite("RED2", detail="Part A (c)"), "market waste")
S("ewc:0203", "mat:substrate.food-waste", cite("RED2", detail="Part A (d) agro-food industry waste"), "fruit, vegetable, cereal processing waste")
P("ewc:200108", "35.21", cite("RED2", "R1069"), "biogas production")
P("ewc:200108", "38.21", cite("RED2", "NACE"), "biogas or composting plants")
P("ewc:0203", "35.21", cite("RED2", "CUT14", detail=M + "agro-food wastes to methane production"), "biogas production")
S("ewc:020304", "energy:fuel-gas", cite("FNR12", detail="vegetable residues 60 m3 CH4/t FM = 0.598 MWh/t"), "biogas yield, vegetable residues", y="0.598", fu="t", tu="MWh", cond=C_AD, process="anaerobic-digestion")
S("ewc:020304", "mat:feed.vegetable", cite("R68", "R183", "BAI10", detail="fruit and vegetable by-products as feed"), "if fit for feed", cond=C_FEED)
S("ewc:020301", "mat:feed.vegetable", cite("ALK14", "FAL15", "R183", detail=M + "fruit pulp to animal feed"), "if fit for feed", cond=C_FEED)
P("ewc:020301", "10.91", cite("FAL15", detail=M + "fruit pulp to feed producer"), "feed production")
P("ewc:020301", "01.4", cite("ALK14", detail=M + "fruit pulp to animal raising"), "animal production")
P("ewc:020304", "10.91", cite("BAI10", "R183", detail=M + "residual coconut to cattle feed production"), "feed production", cond=C_FEED)
S("mat:feed.molasses", "energy:fuel-gas", cite("FNR12", detail="molasses 189 m3 CH4/t FM = 1.884 MWh/t"), "biogas yield, molasses", y="1.884", fu="t", tu="MWh", cond=C_AD, process="anaerobic-digestion")
P("mat:feed.molasses", "11.01", cite("ZHU07", "YU15", detail="molasses to alcohol production"), "distilling")
S("ewc:020601", "mat:feed.former-food", cite("R68", "R183", "R1069", detail="former foodstuffs"), "bakery and confectionery surplus",
  cond=C_FEED + "; unpacked, and without meat or fish (Reg. (EC) 1069/2009 Art. 11(1))")
P("ewc:020601", "35.21", cite("ORB", detail=M + "pastry waste to anaerobic digestion"), "biogas production")
P("ewc:020601", "10.91", cite("R68", "R183", "R1069"), "feed production",
  cond=C_FEED + "; unpacked, and without meat or fish (Reg. (EC) 1069/2009 Art. 11(1))")
S("ewc:020202", "mat:substrate.fish-silage", cite("R1069", detail="category 3 aquatic animal material"), "ensiled fish by-products", cond=C_CAT3)
S("ewc:020203", "mat:substrate.food-waste", cite("RED2", detail="Part A (d) fish and meat industry waste"), "digester feedstock")
P("ewc:0202", "35.21", cite("RED2", "R1069", detail="Part A (d); category 3 material to biogas"), "biogas production",
  cond="animal by-products: category 2 and 3 material in a biogas plant approved under Reg. (EC) 1069/2009 (category 2 other than manure after pressure sterilisation, Art. 13)")
P("ewc:020202", "10.20", cite("R1069", "NACE", detail="10.20 includes production of fishmeal"), "fish meal and oil", cond=C_CAT3)
P("ewc:020202", "20.59", cite("MIR04", "R1069", detail=M + "offal to protein extraction"), "protein extraction", cond=C_CAT3)
P("ewc:020299", "10.92", cite("MIR04", "R1069", detail=M + "organic waste to pet food"), "pet food", cond=C_CAT3)
P("mat:substrate", "35.21", cite("RED2"), "biogas production")
P("mat:substrate", "38.21", cite("RED2", "NACE"), "biogas or composting plants")
P("mat:feed.fish-meal", "10.91", cite("R68"), "feed production")
P("mat:feed.whey", "01.46", cite("R68", "R1069"), "pig farming", cond=C_CAT3 + "; " + C_FEED)

# --- other documented exchanges ---------------------------------------------------------------------------
S("ewc:040222", "mat:textile.fibre", cite("YU15", detail=M + "textile leftovers to toy factory"), "textile fibre")
P("ewc:040222", "32.40", cite("YU15", detail=M + "textile leftovers to toy factory"), "toys")
# --- yields where the supplied form differs from what the receiver's price refers to (kept last so
# that the line numbers of the rules above stay put)
S("ewc:020501", "mat:feed.whey-dried", cite("EXTSW", detail="nutrient basis: 1 kg of dried whey holds about the nutrients of 14 kg of liquid whey, yield 1/14 = 0.0714"), "liquid whey fed in place of the dried whey it replaces", y="0.0714", cond=C_CAT3 + "; " + C_FEED)
S("ewc:020106", "mat:fertiliser.nitrogen-available", cite("RB209", "GJB25", detail="cattle slurry of 6 % DM: 1.2 kg readily available N/t, yield 0.0012 t N/t; used for all manure"), "slurry for the mineral nitrogen it replaces (an upper bound: the readily available N, before losses after spreading)", y="0.0012", cond="storage and spreading under the gjødselbrukforskriften (FOR-2025-01-29-115)")


# --- issue 16: sector rules from general technical and regulatory literature (appended last so
# that the line numbers above stay put; SOURCES.md "Sector rules from general literature" says how
# each family was derived: every waste family a source names, coded to the List of Waste, goes to the
# receiving sector the source names, none chosen from the benchmark's misses)
_I16 = len(RULES)  # first rule of this section (SOURCES.md counts its rules per source)
C_USEDWOOD = ("used wood: treated wood (preservatives, coatings; construction and demolition wood in "
              "particular) only to a plant permitted under the waste-incineration rules of Dir. 2010/75/EU "
              "ch. IV; untreated wood waste is biomass (Dir. 2010/75/EU Art. 3(31)(b))")
C_ABPBURN = ("animal by-products: co-incinerated (all categories, Reg. (EC) 1069/2009 Arts. 12-14) in a "
             "plant whose permit lists them; processed animal meal and fat as the law requires for the category")
C_ABPBIO = ("animal by-products: incinerated (any category), or composted or digested (category 3, and "
            "category 2 after pressure sterilisation) in a plant approved under Reg. (EC) 1069/2009 "
            "(Arts. 12-14, 24)")
C_CCP = ("bottom ash or boiler slag from coal firing (the coal combustion products ECOBA reports); ash from "
         "biomass or waste firing only where tests show it meets the receiving product's standard")
C_FERT = ("as a liming material or fertiliser only in a product meeting the fertiliser rules (Reg. (EU) "
          "2019/1009 or the gjødselvareforskriften FOR-2025-01-29-116)")
C_CMC5 = ("digestate meeting CMC 5 of Reg. (EU) 2019/1009 Annex II or the quality class rules of the "
          "gjødselvareforskriften (FOR-2025-01-29-116)")
C_ROAD = ("to a road or civil-engineering project whose specification admits the material (leaching and "
          "grading tested; FHWA-RD-97-148 gives the tests per material)")

# Cement kilns (FOEN; ADWO Art. 24): the fuels and raw materials the FOEN names, coded to every
# entry of the List of Waste that is that material; chlorinated oils, halogenated solvents and PCB
# oils left out (problematic hazardous waste), hazardous entries named one by one with the permit.
for e in ("130110", "130111", "130112", "130113", "130307", "130308", "130309", "130310", "130701", "130703"):
    P("ewc:" + e, "23.51", cite("FOEN", "ADWO", detail="waste oil as replacement fuel"), "cement kiln fuel (waste oil)", cond=C_KILN)
for e in ("140603", "070104", "070204", "070304", "070404", "070504", "070604", "070704"):
    P("ewc:" + e, "23.51", cite("FOEN", "ADWO", detail="organic solvents as replacement fuel"), "cement kiln fuel (non-halogenated solvents)", cond=C_KILN)
for e in ("150102", "070213", "120105", "170203", "191204", "020104", "160119"):
    P("ewc:" + e, "23.51", cite("FOEN", "ADWO", detail="plastic waste as replacement fuel"), "cement kiln fuel (plastics)")
for e in ("030105", "150103", "170201", "200138", "191207"):
    P("ewc:" + e, "23.51", cite("FOEN", "ADWO", detail="waste wood as replacement fuel"), "cement kiln fuel (wood)")
P("ewc:0202", "23.51", cite("FOEN", "R1069", detail="animal meal/fat as replacement fuel; Arts. 12-14 co-incineration"), "cement kiln fuel (animal meal and fat)", cond=C_ABPBURN)
for e in ("170504", "200202"):
    P("ewc:" + e, "23.51", cite("FOEN", "ADWO", detail="unpolluted excavated material as raw material"), "cement raw material (excavated soil and stones)")
P("ewc:170503", "23.51", cite("FOEN", "ADWO", detail="contaminated soil as raw material"), "cement raw material (contaminated soil)", cond=C_KILN)

# Ferrous slag (EUROSLAG 2023 use statistics): the uses other than those already in the table.
P("ewc:100202", "23.63", cite("EUROSLAG", detail="blast furnace slag 82.5 % to cement and concrete"), "concrete (slag cement, slag aggregate)")
P("ewc:100202", "24.10", cite("EUROSLAG", detail="steelmaking slag 2.20 Mt to metallurgical work"), "recycled in iron- and steelmaking")
P("ewc:100202", "20.15", cite("EUROSLAG", detail="steelmaking slag 1.57 Mt to fertiliser"), "converter and ladle slag as liming fertiliser", cond=C_FERT)
P("ewc:100202", "42.91", cite("EUROSLAG", detail="applications: hydraulic engineering"), "waterway and bank construction")
P("ewc:100201", "42.11", cite("EUROSLAG", detail="slag aggregates in traffic route construction"), "processed slag to roads")
P("ewc:100202", "01.1", cite("EUROSLAG25", "EUROSLAG", detail="steelworks slag 0.8 Mt in fertilisers (2024); slag lime"), "liming of arable land (converter lime)", cond=C_FERT)

# Coal combustion products (ECOBA): bottom ash and boiler slag (fly ash and FGD gypsum rules above).
P("ewc:100101", "23.51", cite("ECOBA", detail="CCPs as constituent and raw material for cement"), "cement raw material", cond=C_CCP)
P("ewc:100101", "23.63", cite("ECOBA", detail="CCPs as an addition in concrete"), "concrete", cond=C_CCP)
P("ewc:100101", "42.11", cite("ECOBA", "FHWA", detail="aggregate or binder in road construction; coal bottom ash/boiler slag"), "road construction", cond=C_CCP + "; " + C_ROAD)

# Road construction (FHWA-RD-97-148): ferrous foundry sand to asphalt mixing plants only. The
# guidelines' other materials give no rule to road contractors (42.11): a road project takes them only
# where its owner's specification admits them, so "any road contractor" is no proposal an engineer
# signs (slag and coal ash keep their road rules from EUROSLAG and ECOBA).
for e in ("100906", "100908"):
    P("ewc:" + e, "23.99", cite("FHWA", detail="foundry sand: fine aggregate in hot mix asphalt, up to 15 %"), "asphalt mixing plants (ferrous foundry sand)")

# Mineral wool (NAIMA): glass cullet to glass wool (glass fibres, 23.14), blast furnace slag to slag
# wool (mineral insulating materials, 23.99); and flat glass to container glass (Reg. (EU) 1179/2012).
for e in ("150107", "200102", "191205", "170202", "101112"):
    P("ewc:" + e, "23.14", cite("NAIMA", "R1179", detail="recycled glass in fiber glass insulation"), "glass wool")
P("ewc:100202", "23.99", cite("NAIMA", detail="blast furnace slag in slag wool insulation"), "slag wool")
P("ewc:170202", "23.13", cite("R1179"), "container glass")

# Foundries: steel scrap to steel foundries (Britannica) and iron foundries (Waterschoot), every entry
# of the iron and steel scrap family of Reg. (EU) 333/2011 above; non-ferrous scrap to non-ferrous
# foundries (SF BREF scope: external scrap).
for e in ("ewc:120101", "ewc:120102", "ewc:160117", "ewc:170405", "ewc:191001", "ewc:191202", "mat:metal.steel-scrap"):
    P(e, "24.52", cite("BRIT", "R333", detail="steel foundries melt scrap in induction or electric-arc furnaces"), "steel foundries")
    P(e, "24.51", cite("WMW", "R333", detail="iron foundries melt pure scrap in induction furnaces"), "iron foundries")
for e in ("ewc:170402", "mat:metal.aluminium-scrap", "ewc:120103"):
    P(e, "24.53", cite("SFBREF", detail="non-ferrous foundries using external scrap"), "light-metal foundries")
for e in ("ewc:170401", "mat:metal.copper", "ewc:120103"):
    P(e, "24.54", cite("SFBREF", detail="non-ferrous foundries using external scrap"), "copper-alloy and other non-ferrous foundries")

# Recovered wood (European Panel Federation) to wood-based panels, and used wood as biomass fuel
# (EN ISO 17225-1 origin class used wood) under the waste-incineration rules where it is treated.
for e in ("150103", "170201", "200138", "191207"):
    P("ewc:" + e, "16.21", cite("EPF", "EN309", detail="recovered wood (packaging, furniture, C&D wood) in particleboard"), "wood-based panels")
    P("ewc:" + e, "35.11", cite("ISO17225", "D2010", detail="part 1: used wood"), "biomass or waste CHP", cond=C_USEDWOOD)
    P("ewc:" + e, "35.30", cite("ISO17225", "D2010", detail="part 1: used wood"), "biomass heat plants", cond=C_USEDWOOD)

# Plastics converters (EN 15347): every plastic entry of the List of Waste.
for e in ("150102", "200139", "070213", "120105", "170203", "191204", "020104", "160119"):
    P("ewc:" + e, "22.2", cite("EN15347", detail="characterised plastics waste as recyclate"), "plastics converters")

# Animal by-products (Reg. (EC) 1069/2009 Arts. 12-14): the permitted routes besides feed.
P("ewc:0202", "35.11", cite("R1069", detail="Arts. 12-14: co-incineration of all categories"), "co-incineration", cond=C_ABPBURN)
P("ewc:0202", "38.21", cite("R1069", "NACE", detail="Arts. 13-14: composting or biogas of category 2 and 3 material"), "composting or biogas", cond=C_ABPBIO)
P("ewc:020202", "10.92", cite("R1069", detail="Art. 14: category 3 material to pet food"), "pet food", cond=C_CAT3)

# Bio-waste to composting and biogas (Dir. 2008/98/EC Art. 3(4): comparable waste from food
# processing; Reg. (EU) 2019/1009 CMC 3 compost and CMC 5 digestate; RED II Annex IX Part A (d)):
# the biodegradable entries of chapter 02 and market waste without such a rule above.
for e, nace in (("020103", "35.21"), ("020103", "38.21"), ("020301", "38.21"), ("020304", "38.21"),
                ("020601", "38.21"), ("020603", "35.21"), ("020701", "38.21"), ("020702", "38.21"),
                ("020704", "38.21"), ("020502", "38.21"), ("200302", "35.21"), ("200302", "38.21")):
    P("ewc:" + e, nace, cite("WFDBIO", "R1009", "RED2", detail="CMC 3 compost, CMC 5 digestate; Part A (c), (d)"),
      "biogas production" if nace == "35.21" else "composting or biogas plants")
P("ewc:020501", "38.21", cite("WFDBIO", "R1009", "R1069", detail="CMC 3, CMC 5; milk products, category 3"), "composting or biogas plants", cond=C_ABPBIO)

# Feed (Reg. (EU) 68/2013): by-products the catalogue lists as feed materials to livestock farms.
P("ewc:020304", "01.4", cite("R68", "R183", detail="fruit and vegetable by-products as feed materials"), "animal production", cond=C_FEED)
P("ewc:020601", "01.4", cite("R68", "R183", "R1069", detail="former foodstuffs"), "animal production",
  cond=C_FEED + "; unpacked, and without meat or fish (Reg. (EC) 1069/2009 Art. 11(1))")
P("ewc:020702", "01.4", cite("R68", "R183", detail="distillers' grains"), "animal production", cond=C_FEED)
P("ewc:020501", "01.4", cite("R68", "R1069", "R999", detail="whey; milk products may go to ruminants (Annex IV)"), "animal production", cond=C_CAT3 + "; " + C_FEED)

# Digestate as a component of EU fertilising products (Reg. (EU) 2019/1009 CMC 5).
for e in ("190606", "190605", "190604", "190603"):
    P("ewc:" + e, "20.15", cite("R1009", detail="CMC 5 digestate as component material"), "fertiliser manufacture", cond=C_CMC5)

# Iron and steel dusts (Stewart & Barron 2020) and electric arc furnace dust (Waelz process).
P("ewc:100208", "24.10", cite("STEW20", detail="dusts recycled through the sinter plant or blast furnace"), "sinter plant / blast furnace")
P("ewc:100214", "24.10", cite("STEW20", detail="sludges recycled through the sinter plant or blast furnace"), "sinter plant / blast furnace")
P("ewc:100213", "24.10", cite("STEW20", detail="sludges recycled through the sinter plant or blast furnace"), "sinter plant / blast furnace", cond=C_HAZ)
P("ewc:100207", "24.43", cite("WAELZ", detail="EAF dust to Waelz kilns, zinc oxide to zinc smelters"), "zinc recovery (Waelz process)", cond=C_HAZ)

# Sawmill by-products (Holmen; Tiedekeskus Pilke): bark as mulch. Their shavings-as-bedding and
# sawdust-for-nurseries uses give no rule: ewc:030105 also holds particleboard and veneer dust.
for e in ("030101", "030301"):
    P("ewc:" + e, "81.30", cite("HOLMEN", "PILKE", detail="bark as garden mulch and ground cover"), "landscaping (bark mulch)")

# End-of-life tyres (ETRMA statistics): the material and energy routes besides cement and roads.
C_TYRES = ("end-of-life tyres are waste: the receiver's permit covers them (Dir. 2008/98/EC Art. 23); "
           "burnt only in a plant permitted under the waste-incineration rules of Dir. 2010/75/EU ch. IV")
P("ewc:160103", "38.32", cite("ETRMA", detail="1.34 Mt granulated (2019)"), "tyre granulation (rubber, steel, textile)", cond=C_TYRES)
P("ewc:160103", "24.10", cite("ETRMA", detail="steel mills"), "steelworks (carbon and iron units)", cond=C_TYRES)
P("ewc:160103", "24.5", cite("ETRMA", detail="foundries"), "foundries", cond=C_TYRES)
P("ewc:160103", "35.11", cite("ETRMA", detail="energy recovery in power plants and boilers"), "waste CHP", cond=C_TYRES)
P("ewc:160103", "35.30", cite("ETRMA", detail="energy recovery in urban heating"), "district heating boilers", cond=C_TYRES)

# Secondary lead (AP-42 12.11) and aluminium dross (dross processing) to the smelters that recover them.
P("ewc:160601", "24.43", cite("AP42", detail="secondary lead from scrap automobile batteries"), "secondary lead smelters", cond=C_HAZ)
P("ewc:170403", "24.43", cite("AP42", detail="lead-bearing scrap"), "secondary lead smelters")
P("ewc:100316", "24.42", cite("WIKIDROSS", detail="metal recovered from dross and skimmings"), "secondary aluminium (dross)")
P("ewc:100315", "24.42", cite("WIKIDROSS", detail="metal recovered from dross and skimmings"), "secondary aluminium (dross)", cond=C_HAZ)

# Pulp and paper mill sludges to clay bricks and building materials (the reviews and studies cited).
P("ewc:030311", "23.32", cite("VIE16", "WOL15", detail="effluent-treatment sludge as clay substitute in bricks"), "clay bricks")
P("ewc:030305", "23.32", cite("GOE18", detail="de-inking sludge in fired bricks"), "clay bricks")
P("ewc:030302", "23.32", cite("WOL15", detail="chemical-recovery wastes (green liquor sludge) in bricks"), "clay bricks")
P("ewc:030309", "23.32", cite("VAS19", detail="lime sludge in fired bricks and ceramics"), "clay bricks")
P("ewc:030309", "23.63", cite("VAS19", detail="lime sludge as partial cement replacement in concrete"), "concrete")

# Manure and digestate to every crop-farming group (storage and spreading rules as for 01.1 above).
for g in ("01.2", "01.3", "01.5"):
    P("ewc:020106", g, cite("R1069", "GJB25"), "land application on crop farms", cond="storage and spreading under the gjødselbrukforskriften (FOR-2025-01-29-115)")
    P("ewc:190606", g, cite("R1009", "GJV25", detail="CMC 5 digestate"), "land application on crop farms", cond=C_LAND)

# Surplus heat (SINTEF via Teknisk Ukeblad 2021): drying of fish and fruit (greenhouses and district
# heating were in the table).
P("energy:heat", "10.2", cite("TU21", detail="surplus heat for drying fish"), "fish processing (drying)")
P("energy:heat", "10.3", cite("TU21", detail="surplus heat for drying fruit"), "fruit and vegetable processing (drying)")

# District heating's customers (SSB 2024: 54 % of the heat delivered goes to service buildings): surplus
# heat to the owners and operators of such buildings, through a local heating network.
C_BUILDING = ("to buildings with water-borne heating, through a heating network or a heat exchanger at the "
              "building; the heat's temperature must suit the building's system (a heat pump may lift it)")
for g, what in (("68.2", "letting and operating of real estate (service buildings)"), ("85", "schools and other education buildings"), ("86.1", "hospitals")):
    P("energy:heat", g, cite("SSB24C", detail="services take 54 % of delivered district heating (2023)"), what, cond=C_BUILDING)

# Biogas as vehicle fuel (NRK 2017; Samfunnsutvikling): buses, refuse trucks and heavy trucks.
C_BIOMETHANE = ("biogas only, upgraded to biomethane of vehicle-fuel quality (EN 16723-2) and delivered "
                "compressed or liquefied through a filling station; refinery, coke-oven and other fuel gases "
                "are not vehicle fuel")
for g, what in (("49.31", "urban and suburban bus fleets"), ("49.39", "regional bus fleets"), ("38.11", "refuse collection trucks"), ("49.41", "road freight (liquefied biogas)")):
    P("energy:fuel-gas", g, cite("BIOVEH", detail="biogas fuels buses, refuse trucks and heavy trucks"), what, cond=C_BIOMETHANE)


# ---------------------------------------------------------------- per-code figures
def _co2(code, value, key, detail):
    """key: one REFS key or a tuple of them."""
    keys = key if isinstance(key, tuple) else (key,)
    FIGS.setdefault(code, {}).update(avoided_co2e_kg_per_unit=value, co2e_source=cite(*keys, detail=detail))


_co2("mat:cement.scm", "520", "IPCC06V3",
     "clinker replaced 1:1 by mass; default clinker EF 0.52 t CO2/t, calcination only, fuel CO2 excluded (conservative)")
_co2("mat:metal.steel-scrap", "1500", "WSA24", "975 Mt CO2 avoided / 650 Mt end-of-life scrap = 1.5 t CO2 per t scrap")
_co2("mat:fuel.oil", "3127", "IPCC06V2", "residual fuel oil replaced: NCV 40.4 GJ/t x 77.4 kg CO2/GJ")
_co2("mat:fuel.coal", "2441", "IPCC06V2", "other bituminous coal replaced: NCV 25.8 GJ/t x 94.6 kg CO2/GJ")
_co2("mat:fuel.petcoke", "3169", "IPCC06V2", "petroleum coke replaced: NCV 32.5 GJ/t x 97.5 kg CO2/GJ")
_co2("energy:fuel-gas", "202", "IPCC06V2", "natural gas replaced: 56.1 kg CO2/GJ x 3.6 GJ/MWh (NCV basis)")

# Avoided emissions per unit of the DELIVERED code (the scorer multiplies the
# receiver-side code's figure by the quantity received). Each figure states the
# virgin input it assumes to be displaced; override it for a region with a
# --taxonomy file that repeats the code with another figure and source.
_co2("energy:heat", "15", "NVE24",
     "assumes the heat displaces an electric boiler (efficiency 1) on the physically delivered Norwegian "
     "electricity mix, 15 g CO2e/kWh in 2023; conservative: heat from an oil or gas boiler would avoid "
     "more than ten times as much")
_co2("energy:steam", "15", "NVE24",
     "assumes the steam displaces an electric (electrode) boiler, efficiency 1, on the physically delivered "
     "Norwegian electricity mix, 15 g CO2e/kWh in 2023; conservative")
_co2("mat:metal.aluminium-scrap", "14345", ("AAC24", "IAIGB"),
     "1 t of scrap taken to replace 1 t of primary aluminium (melt loss ignored): 15.1 t CO2e/t (IAI, 2022 "
     "global average) x 95 % of it avoided by recycling")
_co2("mat:glass.cullet", "636", "FEVE13",
     "over 7 Mt CO2 avoided / over 11 Mt glass collected in the EU in 2011 = 0.636 t CO2 per t; per t "
     "collected, so conservative per t of cullet actually remelted")
_co2("mat:plastic.pe", "500", "HOP09",
     "virgin HDPE 1.9 t CO2e/t (the lower of HDPE and LDPE 2.1) minus typical recycled plastics 1.4 t/t")
_co2("mat:plastic.pp", "600", "HOP09", "virgin PP 2.0 t CO2e/t minus typical recycled plastics 1.4 t/t")
_co2("mat:plastic.pet", "2000", "HOP09", "virgin PET 3.4 t CO2e/t minus typical recycled plastics 1.4 t/t")
_co2("mat:plastic.ps", "2000", "HOP09", "virgin PS 3.4 t CO2e/t minus typical recycled plastics 1.4 t/t")
_co2("mat:plastic.pvc", "500", "HOP09", "virgin PVC 1.9 t CO2e/t minus typical recycled plastics 1.4 t/t")
_co2("mat:substrate.manure", "30.3", ("FNR12", "IPCC06V2"),
     "via the biogas it yields: cattle manure 150 kWh/t FM (conservative for pig 167 and poultry 837 kWh/t) "
     "x natural gas replaced 201.96 kg CO2/MWh; a chain that also delivers the gas as energy:fuel-gas "
     "credits the same gas twice")
# Wood: the receivers (district heating boilers, pellet and board mills) use wood already, so a
# tonne of residue displaces a tonne-energy-equivalent of virgin Norwegian forest wood, whose
# avoided emissions are its felling, haulage and chipping (biogenic CO2 cancels out).
_WOOD = "22.9 kg CO2/m3 s.o.b. (Norwegian forest fuel chain) / 2.33 MWh per solid m3 = 9.83 kg CO2/MWh"
_co2("mat:biofuel", "28.5", ("VAL14", "MDIR"),
     "assumes it replaces virgin forest chips of the same energy: " + _WOOD + " x 2.9 MWh/t (fuel chips); "
     "the receiver burns biomass either way, so no fossil fuel is credited")
_co2("mat:biofuel.pellets", "47.2", ("VAL14", "MDIR"),
     "energy-equivalent virgin forest fuel: " + _WOOD + " x 4.8 MWh/t (pellets); drying and pelletising of "
     "virgin pellets not counted (conservative)")
_co2("mat:biofuel.briquettes", "42.3", ("VAL14", "MDIR"),
     "energy-equivalent virgin forest fuel: " + _WOOD + " x 4.3 MWh/t (briquettes); pressing not counted")
_co2("mat:biofuel.waste-wood", "46.2", ("VAL14", "MDIR"),
     "energy-equivalent virgin forest fuel: " + _WOOD + " x 4.7 MWh/t (ved og treavfall)")
_co2("mat:wood", "28.5", ("VAL14", "MDIR"),
     "assumes it replaces virgin roundwood felled, hauled and chipped: " + _WOOD + " x 2.9 MWh/t (chips "
     "at fuel-chip moisture); low for sawn timber (sawing and kiln drying not counted)")
_co2("ewc:030101", "28.5", ("VAL14", "MDIR"),
     "bark taken as fuel replaces virgin forest chips of the same energy: " + _WOOD + " x 2.9 MWh/t")
_co2("ewc:030105", "28.5", ("VAL14", "MDIR"),
     "sawdust, chips and offcuts replace virgin roundwood or forest chips: " + _WOOD + " x 2.9 MWh/t")
_co2("gas:co2", "1000", "NGF",
     "assumes the delivered CO2 replaces CO2 made by burning fossil gas or propane for enrichment: by mass "
     "balance the burner would emit the same 1 t of fossil CO2 (fuel upstream excluded); 0 if the "
     "greenhouse would burn the gas for heat anyway")


def _price(code, value, key, detail, disposal=""):
    f = FIGS.setdefault(code, {})
    f.update(price_nok_per_unit=value, price_source=cite(key, detail=detail))
    if disposal:
        f["disposal_nok_per_unit"] = disposal


_price("energy:heat", "1004", "SSB24",
       "average district heating price to end users 2023, excl. VAT, 100.4 øre/kWh = 1004 NOK/MWh; an upper "
       "bound for surplus heat bought at the fence")


# ---------------------------------------------------------------- scoring factors
SCORING_COLS = ["key", "value", "unit", "source"]
SCORING = [
    ("road.detour_factor", "1.3", "ratio", cite("WAN24", detail="road distance 1.3 +/- 0.1 times the crow-fly distance on large motorway networks")),
    ("road.co2e_kg_per_tkm", "0.12366", "kg CO2e/(t*km)", cite("DEF12", detail="Annex 7 Table 7e, all HGVs UK average 57% laden, direct CO2e")),
    ("nok_per_eur", "9.85", "NOK/EUR", cite("NB19", detail="annual average 2019; override with a current rate via --config")),
    ("is.median_distance_km", "32.8", "km", cite("JEN11", detail="median distance materials travelled in 5 years of UK NISP synergies, 20.4 miles; informative")),
    ("co2e.natural_gas_kg_per_mwh", "201.96", "kg CO2/MWh", cite("IPCC06V2", detail="Table 1.4 natural gas 56 100 kg CO2/TJ x 0.0036 TJ/MWh")),
    ("pipe.detour_factor", "1.3", "ratio", "assumption: pipes are laid along road and utility corridors, so the road circuity of Wang et al. 2024 is reused; documented in datasets/SOURCES.md"),
    ("road.cost_nok_per_tkm", "2.0", "NOK/(t*km)", "assumption: full-load bulk haulage with empty return (about 1.6 NOK/t*km for a 25 t payload), rounded up for loading time; no published Norwegian tariff was verified; documented in datasets/SOURCES.md"),
    ("pipe.heat.nok_per_km_yr", "440000", "NOK/(km*yr)", "assumption: 6 MNOK/km for a buried pre-insulated pipe pair (DN100-200) annualised at 6 %/30 yr (annuity factor 0.0726); documented in datasets/SOURCES.md"),
    ("pipe.heat.fixed_nok_per_yr", "73000", "NOK/yr", "assumption: 1 MNOK for heat exchangers, pumps and metering at both ends annualised at 6 %/30 yr; documented in datasets/SOURCES.md"),
    ("pipe.heat.loss_per_km", "0.02", "fraction/km", "assumption: 2 % of the transported heat lost per km (conservative for small pipes at part load); documented in datasets/SOURCES.md"),
    ("pipe.water.nok_per_km_yr", "145000", "NOK/(km*yr)", "assumption: 2 MNOK/km for a buried PE water main annualised at 6 %/30 yr; documented in datasets/SOURCES.md"),
    ("class.material.radius_km", "100", "km", "assumption: about three times the 32.8 km median distance of UK NISP material synergies (Jensen et al. 2011); documented in datasets/SOURCES.md"),
    ("class.energy.radius_km", "10", "km", "assumption: heat and steam pipelines between neighbouring sites rarely exceed about 10 km; documented in datasets/SOURCES.md"),
    ("class.water.radius_km", "10", "km", "assumption: water moves by pipeline like heat; documented in datasets/SOURCES.md"),
    ("pipe.gas.nok_per_km_yr", "145000", "NOK/(km*yr)", "assumption: the engine pipes gases (gas:co2, energy:fuel-gas); 2 MNOK/km for a buried PE gas pipe annualised at 6 %/30 yr, as for water; documented in datasets/SOURCES.md"),
    ("class.gas.radius_km", "10", "km", "assumption: gases are piped between neighbouring sites like heat and water, rarely more than about 10 km; documented in datasets/SOURCES.md"),
    ('heatpump.carnot_fraction', '0.5', 'ratio', "OpenEnergyMonitor emoncms heat-pump model (github.com/emoncms/dynamic, docs/heatpumpmodel.md: practical COP = 0.5 x Carnot COP); consistent with the COP table of Wikipedia 'Heat pump' (ground-source, water at 0 C: COP 5.0/3.7/2.9 at 35/45/55 C against Carnot 8.8/7.1/6.0, ratios 0.57/0.52/0.48)"),
    ('heatpump.electricity_nok_per_mwh', '576', 'NOK/MWh', "SSB table 'Priser på kraft og nettleie uten avgifter, etter forbrukergruppe' (ssb.no/399860), 2018: district heating (Fjernvarme) 57.6 øre/kWh for power and grid rent, excluding taxes; a 2018 figure (2022: over 140 øre/kWh for industry), override with a current price via --config"),
    ('heatpump.electricity_co2e_kg_per_mwh', '15', 'kg CO2e/MWh', 'NVE 2024 (climate declaration for physically delivered electricity in Norway 2023: 15 g CO2e/kWh), the figure resources.csv uses for heat'),
    ('heatpump.nok_per_mw_yr', '1030521', 'NOK/(MW*yr)', "Energy Informatics 2021, 'Integrated planning of grids and energy conversion units in municipal multi-energy carrier systems', Table 1 (central heat pump 1200 EUR/kW, life 20 yr) x 9.85 NOK/EUR (nok_per_eur) annualised at 6 %/20 yr (annuity 0.08718)"),
    # the evidence estimator's two factors (engine/evidence.c, added with the sector potential)
    ('evidence.alpha', '10', 'exchanges', "fitted: strength of the pull of a resource code's sector likelihoods towards its sub-chapter's and chapter's (engine/evidence.c); 10 gave the best leave-one-case-out recall@5 of 1, 3, 5, 10, 20, 50 on the MAESTRI exchanges (bench/recall.sh, bench/RESULTS.md), so that figure is optimistic"),
    ('evidence.beta', '1', 'exchanges', "assumption: strength of the pull of a NACE class's (group's) likelihood towards an even share of its group's (division's) (engine/evidence.c); recall moved by less than 0.01 between 0.3 and 3"),
]

SOURCES_HEAD = """# datasets/ - sources and licences of the shipped knowledge base

This file is generated by `datasets/tools/build_kb.py` (run `python3 datasets/tools/build_kb.py`,
then `python3 datasets/tools/check_kb.py`). Only data is shipped; no code was copied from any source.

## Shipped files

| file | what | origin | licence |
|---|---|---|---|
| `ewc.csv` | European List of Waste, 842 entries (`code` written `NN NN NN`, hazardous flag) | copied unchanged from the project's reference data: GitHub `DEFRA/waste-movement-external-api`, `src/common/constants/ewc-codes.js`, commit 9404fd7e6d66d47ac048a6168366b20823a7289e, converted to CSV | Open Government Licence v3.0 (c) Defra; the list itself is EU law (Commission Decision 2000/532/EC as amended by Decision 2014/955/EU) and may be freely reused |
| `resources.csv` | the non-EWC vocabulary ({n_res} codes: the 10 base codes of SPEC section 2 and {n_mat} `mat:` codes) with per-code defaults, and {n_ewc} EWC codes with defaults of their own | compiled for symbi; every figure cites its source in the `*_source` column (bibliography below) | same licence as symbi |
| `scoring.csv` | the scorer's factors and class defaults | compiled for symbi; each row cites its source, or is marked `assumption:` (see below) | same licence as symbi |
| `equivalences.csv` | 7 lines saying which EWC entries are exactly a `mat:` material (aluminium, iron and steel, container glass), so that the material's avoided-emission figure reaches them | compiled for symbi from the wording of the List of Waste entries (Commission Decision 2000/532/EC as amended by Decision 2014/955/EU), cited on each line; see "Material equivalences" below | same licence as symbi |
| `rules.csv` | {n_rules} hand-curated rules: {n_sub} substitution rules (supply code -> demand code) and {n_sec} sector-potential rules (supply code -> receiving NACE prefix) | compiled for symbi; each row cites a study, standard, regulation or documented symbiosis (bibliography below); many cite the exchange ids of the MAESTRI database | same licence as symbi |
| `exchanges_maestri.csv` | {n_ex} rows from {n_cases} documented industrial-symbiosis cases: case id, exchange id, EWC code, provider and receiver NACE, status, short citation | derived from the MAESTRI exchanges database (see below) | derived table of classification codes and citations; see the MAESTRI note |
| `exchanges_maestri_flows.csv`, `exchanges_curated.csv` | more documented exchanges for the sector evidence: the energy, water and CO2 rows of the MAESTRI sheet coded from their material text (`tools/flows_maestri.py`), and exchanges of other published cases coded by hand, each row citing its source (see "exchanges_curated.csv" below) | compiled for symbi | same licence as symbi |
| `tools/build_kb.py`, `tools/check_kb.py` | the script that writes the files above and the consistency check | written for symbi | same licence as symbi |

NACE codes used in `rules.csv` and `exchanges_maestri.csv` are NACE Rev. 2 (Source: Eurostat, NACE Rev. 2;
reuse with acknowledgement under Commission Decision 2011/833/EU).

## exchanges_maestri.csv and the MAESTRI database

- Origin: the MAESTRI project (EU Horizon 2020 / SPIRE, "Energy and resource management systems for improved
  efficiency in the process industries", https://maestri-spire.eu/), which compiled a database of
  industrial-symbiosis exchanges from published case studies. Copy used: GitHub `vegetablestabber/internship-one`,
  `data/Exchanges-database Maestri.xlsx` (blob b2bea833e28059ce0239a87819a76bd41afedc91, commit
  c616fe23ac8664b9eb13ab77739d12cd58572b66), converted to CSV in the project's reference data.
- **Licence: none stated.** The repository has no licence file and the workbook states no terms; redistribution
  rights are unclear. Therefore the raw MAESTRI files (company names, activities, material descriptions,
  quantities, narratives) are **not** shipped. Only this derived table of classification codes (EU EWC and
  Eurostat NACE codes), the exchange status and a short citation of the original publication is shipped, and
  MAESTRI and the original papers are cited.
- Derivation: the 300 rows of the processed "MAESTRI" sheet (`maestri_exchanges.csv`; the rows of case 4,
  Kalundborg, are not in the reference data) plus the 12 EWC-coded rows of the original "Exchanges Database"
  sheet that are not in the processed sheet (`maestri_exchanges_all.csv`, `in_processed_sheet` false, `ewc`
  non-empty). Each row is split into one row per (exchange, EWC code, receiver NACE code) where the source
  joins several codes with `;`. `provider_nace` is kept as given (several codes stay joined with `;`).
  `receiver_nace` is empty for {n_norec} exchanges whose receiver the source does not classify. Identical rows are
  written once. `ewc` is written as 6 digits. `source` is "first author(s) year" of each reference in the
  `reference` cell, joined by `; `, followed by "(via MAESTRI)"; a reference without a year is "(n.d.)".
- Caveats carried over from the reference data: on 56 rows the EWC code, on 38 rows the provider NACE and on 5
  rows the receiver NACE were added by the MAESTRI processor where the original had none (mostly "urban
  entity" coded 38.11). In exchanges_maestri.csv "Dong et al. 2014" stands for two different papers (Dong, L.
  et al., Energy Policy 65, cases 31-32; Dong, H. et al., Energy 64, case 43, Kawasaki); rules.csv tells them
  apart as "Dong L. et al. 2014" and "Dong H. et al. 2014". The full references are listed below.

## Knowledge-base review of issue 13: lines mended, gated or removed

A line-by-line review found most citations real but some rules that a regulator would challenge. Every
rule now carries, in the `conditions` column, the permit, certificate, category, grade or treatment it
needs, with its source; `explain` and the CSV export show it. The engine's gates (engine/legal.c,
README "What symbi will never propose") hold whatever a rule says. Line numbers are those of rules.csv
before the review.

- **Removed** 69-70 (`ewc:100117` co-incineration fly ash to crop farms 01.1 and to `mat:fertiliser.ash`):
  the only source (Bain et al. 2010) is an Indian case; ash from co-incineration of waste may carry heavy
  metals and dioxins, and putting it on farmland needs a fertilising product that meets the gjødselvare-
  forskriften (FOR-2025-01-29-116) or Reg. (EU) 2019/1009, which the waste code does not show. Untreated
  wood ash (`ewc:100103`) to forestry stays (Pitman 2006).
- **Narrowed** 275 (`ewc:190805` treated sewage sludge to all of agriculture 01) to arable farming 01.1,
  as the sludge rule next to it already was: the gjødselbrukforskriften restricts where sludge may be
  spread, and livestock farms' land is mostly grass.
- **Removed** 235 (`ewc:130701*` to `mat:fuel.oil`, credited 3127 kg CO2/t as if it replaced fossil fuel oil
  at any firm asking for fuel oil): burning hazardous waste oil is co-incineration and needs a permit that
  lists it (Dir. 2010/75/EU Arts. 44-45). **Gated** 236 (`130701*` to power plants 35.11): kept with that
  permit as its condition.
- **Removed** 261 (`ewc:200115*` alkalines from municipal collection to `mat:chemical.alkali`): Yang & Feng
  (2008) describe alkali recovered inside a sugar and pulp complex, not hazardous municipal alkalines.
- **Expanded** the sub-chapter rules `ewc:1302` (waste engine oils; every entry is hazardous) into the five
  entries 130204*-130208*, each with the control condition (Dir. 2008/98/EC Arts. 17, 18, 21, 23); the
  hazardous gate admits only rules that name the hazardous entry itself. The other hazardous entries with
  rules (060101*, 060102*, 060204*, 070504*, 161101*, 200113*) now carry the same condition or the
  co-incineration permit (cement kilns).
- **Mended** 336, 339-341 (`ewc:020202` animal-tissue waste, `020299`): a waste code does not fix the animal
  by-product category, and only category 3 material may become feed or pet food (Reg. (EC) 1069/2009
  Arts. 8-14). The rule `020202` to `mat:feed.fish-meal` is **removed** (it proposed slaughterhouse waste as
  feed for a dairy herd; fish meal is made from fish, and no animal protein may be fed to ruminants, Reg.
  (EC) 999/2001 Art. 7(1)); the others carry "category 3 only", which the engine enforces through the
  stream's `abp_category`.
- **Mended** 40-41 (`water:treated`, `water:cooling` to `water:fresh`, "non-potable only" stated but not
  enforced): they now serve the new code `water:process` (non-potable process water); a demand for
  `water:fresh` means drinking or food-process quality and never receives treated, waste or cooling water.
- **Gated** the feed rules from codes meaning "materials unsuitable for consumption or processing" (294,
  296, 297, 304, 306, 310, 311, 325, 329, 332, 334 and the spent-grain and whey rules next to them): they
  carry the condition that the batch is fit for feed and handled by a registered feed business (Reg. (EC)
  183/2005); whey (a milk product) also needs `abp_category` 3.
- **Mended** 35 (CO2 to beverages 11.07): condition food-grade CO2 meeting the E 290 criteria of Reg. (EU)
  231/2012.
- **Mended** 267, 268, 272, 273, 275, 280, 284 (land application citing FOR-2003-07-04-951): that regulation
  was replaced on 1 February 2025 by the gjødselvareforskriften (FOR-2025-01-29-116, production and
  placing on the market) and the gjødselbrukforskriften (FOR-2025-01-29-115, storage and use), according
  to Mattilsynet's guide to the gjødselvareforskriften (published 3 February 2025); the rules cite them and
  carry their quality-class and use conditions. The two regulation numbers were read from Lovdata addresses
  quoted in public documents, not from Lovdata itself.
- **Conversions**: the rules that turn a material into fuel gas (manure, vegetable residues, molasses to
  `energy:fuel-gas`) name their process (`process` = `anaerobic-digestion`) and apply only when the
  receiving firm digests (see README); the gas reaches other firms as the next link of a chain.
- `rules_learned.csv` is regenerated by `symbi learn` with `exchange_corrections.csv` (miscodings of the
  exchange table corrected or dropped, each with its reason) and the refusal of any rule that would route
  a hazardous entry to food and drink, agriculture, aquaculture or water supply (10, 11, 01, 03, 36).

## Assumptions (scoring.csv rows whose source starts with `assumption:`)

No published value could be verified for these factors, but the engine needs a number. Each is a
conservative engineering assumption, documented here; override any of them with `--config FILE.json`.

- `pipe.detour_factor` = 1.3: pipes between sites are laid along road and utility corridors, so the road
  circuity factor (Wang et al. 2024) is reused.
- `road.cost_nok_per_tkm` = 2.0 NOK/(t*km): full-load bulk haulage with an empty return trip comes to about
  1.6 NOK/(t*km) for a 25 t payload; rounded up for loading and unloading time. No published Norwegian
  haulage tariff was verified.
- `pipe.heat.nok_per_km_yr` = 440 000 NOK/(km*yr): 6 MNOK per km for a buried pre-insulated steel pipe pair
  (DN100-200, incl. trenching), annualised at 6 % over 30 years (annuity factor 0.0726).
- `pipe.heat.fixed_nok_per_yr` = 73 000 NOK/yr: 1 MNOK for heat exchangers, pumps and metering at both ends,
  annualised the same way.
- `pipe.heat.loss_per_km` = 0.02: 2 % of the transported heat lost per km, deliberately on the high side for
  small pipes at part load.
- `pipe.water.nok_per_km_yr` = 145 000 NOK/(km*yr): 2 MNOK per km for a buried PE water main, annualised at
  6 % over 30 years.
- `class.material.radius_km` = 100 km: about three times the median distance (32.8 km) that materials travelled
  in five years of UK NISP synergies (Jensen et al. 2011), so that most documented exchange distances fit.
- `class.energy.radius_km` = 10 km and `class.water.radius_km` = 10 km: heat, steam and water move by pipeline,
  and inter-site pipelines rarely exceed about 10 km.
- `pipe.gas.nok_per_km_yr` = 145 000 NOK/(km*yr): the engine moves gases (gas:co2, energy:fuel-gas) by pipe;
  2 MNOK per km for a buried PE gas pipe, annualised at 6 % over 30 years, as for water.
- `class.gas.radius_km` = 10 km: gases are piped between neighbouring sites like heat and water.

## How the scorer uses the per-code figures

`engine/score.c` prices each partnership per year. `avoided_co2e_kg_per_unit` and `price_nok_per_unit` are read
from the code DELIVERED to the receiver (the rule's target, else the supply's own code), inherited down the
hierarchy, else from `class.<class>.avoided_co2e_kg_per_unit` / `class.<class>.price_nok_per_unit`, and multiplied
by the quantity received. `disposal_nok_per_unit` is read from the SUPPLY's code and multiplied by the supply
used; a stream's own `disposal_cost` / `purchase_price` wins over the knowledge base. The optional
`class.<class>.disposal_co2e_kg_per_unit` (class of the supply) is added per unit of supply used. A figure that
none of them gives counts as 0 and `explain` says so. A figure is therefore "the emissions avoided when one unit
of this code replaces the input the receiver would otherwise have bought", and each one below names that input.

### Material equivalences (equivalences.csv) and unknown figures

An EWC code takes a `mat:` material's avoided-emission figure only where the List of Waste entry names that
material: 17 04 02 "Aluminium" is aluminium scrap; 17 04 05 "Iron and steel", 19 10 01 "Iron and steel
waste" and the "ferrous metal" entries 12 01 01 (filings and turnings), 16 01 17 and 19 12 02 are steel
scrap (ferrous = iron and steel, the scrap the worldsteel figure counts); 15 01 07 "Glass packaging" is
container glass, the glass the FEVE cullet figure is about. Left out on purpose: 12 01 03/12 01 04
"non-ferrous metal filings/dust" and 19 12 03 "non-ferrous metal" (aluminium, copper, brass or zinc: the
aluminium figure, ten times the steel one, would be a guess), 12 01 02 ferrous dust (not remelted like
scrap), 17 02 02 flat glass and 20 01 02 mixed municipal glass (the container-glass figure is not theirs).

Where no figure applies (neither the delivered code, an equivalence, nor a class default), the partnership's
`co2e_t` is null with its transport emissions still given, totals leave it out and count it apart
(`co2e_not_estimated`), and `--objective co2` counts the unknown part as 0.

### Heat pumps (scoring.csv `heatpump.*`)

Heat colder than a heat demand can be lifted by an electric heat pump at the receiver. COP = `heatpump.carnot_fraction`
x T_demand / (T_demand - T_supply) (kelvin): the Carnot COP times the share real machines reach. 0.5 is the
practical-COP rule of the OpenEnergyMonitor heat-pump model (github.com/emoncms/dynamic, docs/heatpumpmodel.md)
and matches the measured ground-source COPs of the Wikipedia "Heat pump" COP table (water at 0 C: 5.0, 3.7 and
2.9 at 35, 45 and 55 C, against Carnot 8.8, 7.1 and 6.0: ratios 0.57, 0.52, 0.48). Electricity is bought at
`heatpump.electricity_nok_per_mwh` = 576 NOK/MWh: SSB, "Priser på kraft og nettleie uten avgifter, etter
forbrukergruppe" (ssb.no/399860), 2018, district heating 57.6 øre/kWh for power and grid rent without taxes. It is
the latest year of that table found; prices since 2021 have been far higher (SSB reported 143.1 øre/kWh for
industry other than power-intensive in 2022, power alone), so override it with `--config` for a current case. Its
emissions are `heatpump.electricity_co2e_kg_per_mwh` = 15 kg/MWh, NVE's climate declaration for physically
delivered electricity in Norway 2023 (the figure resources.csv uses for heat). The investment,
`heatpump.nok_per_mw_yr` = 1 030 521 NOK per MW and year: 1200 EUR/kW for a central heat pump with a 20-year life
(Energy Informatics 2021, "Integrated planning of grids and energy conversion units in municipal multi-energy
carrier systems", Table 1) x 9.85 NOK/EUR, annualised at 6 %/20 yr (annuity 0.08718; the 6 % of the pipe
assumptions). The capacity is the heat delivered spread evenly over the hours of the months both streams share
(the least capacity that delivers it: an assumption that does not overstate the investment). Heat pumps apply to
`energy:heat` only (not steam): no source for lifting to steam temperatures was verified.

## Per-code figures and the assumptions behind them

- `energy:heat`, `energy:steam`: 15 kg CO2e/MWh: the heat is assumed to displace an electric boiler (efficiency
  1) on the physically delivered Norwegian electricity mix of 2023 (NVE 2024: 15 g CO2e/kWh). Deliberately
  conservative: heat that displaces an oil, LPG or natural gas boiler avoids more than ten times as much
  (heating oil 264.5 and natural gas 201.8 g CO2/kWh of fuel: SSB, KOSTRA key figure "Utslipp av CO2 knyttet
  til energibruk"), but such boilers are being phased out in Norway. Repeat the code in a `--taxonomy` file
  with a local figure and source to change it.
- `energy:heat` price: 1004 NOK/MWh, the average district heating price to end users in 2023 excl. VAT (SSB
  2024; -15.8 % from 2022); an upper bound for surplus heat bought at the fence.
- Wood and solid biofuels: the receivers that ask for them (district heating base-load boilers, pellet and board
  mills) burn or process wood anyway, so a tonne of residue is assumed to replace virgin Norwegian forest wood of
  the same energy content, whose avoided emissions are its felling, haulage and chipping: 22.9 kg CO2 per m3
  solid over bark (Norwegian forest fuel chain, Valente et al. 2014) / 2330 kWh per solid m3 (Miljødirektoratet)
  = 9.83 kg CO2/MWh, times the energy content per tonne (Miljødirektoratet, NIR 2021): `mat:biofuel` (chips,
  sawdust, bark, straw by inheritance) and `mat:wood` 28.5 kg/t (fuel chips, 2.9 MWh/t), `mat:biofuel.pellets`
  47.2 (4.8 MWh/t), `mat:biofuel.briquettes` 42.3 (4.3 MWh/t), `mat:biofuel.waste-wood` 46.2 (4.7 MWh/t), and
  the same 28.5 kg/t on the EWC rows `ewc:030101` (bark) and `ewc:030105` (sawdust, chips, offcuts), which
  price direct matches of those codes. Crediting the heating oil a tonne of chips could replace (2.9 MWh x
  0.26 kg CO2/kWh = 0.75 t CO2, Miljødirektoratet) would overstate the saving for boilers that burn biomass
  anyway. The figure ignores pellet drying and sawing/kiln drying, so it is low for pellets and for
  `mat:wood.timber`, and it credits an ordinary sale of a product (pellets to a heating plant) as if it
  replaced virgin fuel bought elsewhere.
- `mat:metal.aluminium-scrap`: 14 345 kg CO2e/t = 15.1 t CO2e/t primary aluminium (IAI, 2022 global average)
  x 95 % avoided by recycling (IAI), 1 t of scrap taken to replace 1 t of primary metal (melt loss ignored).
- `mat:glass.cullet`: 636 kg CO2/t = over 7 Mt CO2 avoided / over 11 Mt glass collected in the EU in 2011 (FEVE);
  per tonne collected, so conservative per tonne remelted.
- `mat:plastic.pe|pp|pet|ps|pvc`: virgin polymer cradle-to-gate (PlasticsEurope eco-profiles as tabulated by
  Hopewell et al. 2009, Table 3) minus the typical 1.4 t CO2e/t of recycled plastics: PE 500 (HDPE 1.9, the lower
  of HDPE and LDPE), PP 600, PET 2000, PS 2000, PVC 500 kg CO2e/t. No figure for `mat:plastic.mixed`.
- `mat:substrate.manure`: 30.3 kg CO2/t = 150 kWh of methane per t of cattle manure (FNR 2012) x 201.96 kg CO2/MWh
  of natural gas replaced. The receiving biogas plant's gas is credited again if the same chain also delivers
  it as `energy:fuel-gas` (202 kg/MWh): add chain totals with care.
- `gas:co2`: 1000 kg CO2/t: the delivered CO2 is assumed to replace CO2 that the greenhouse would make by
  burning natural gas or propane for enrichment (the usual practice in Norway, Norsk Gartnerforbund), which by
  mass balance releases the same tonne of fossil CO2; fuel upstream excluded. It is 0 where the greenhouse would
  burn the gas for heat anyway, and small where it buys liquefied CO2.
- Fossil fuels replaced (`mat:fuel.oil`, `mat:fuel.coal`, `mat:fuel.petcoke`, `energy:fuel-gas`): IPCC 2006
  default net calorific value x default CO2 emission factor (Vol. 2, Ch. 1, Tables 1.2 and 1.4); per MWh of
  natural gas replaced = 56 100 kg CO2/TJ x 0.0036 TJ/MWh. Combustion only (upstream excluded).
- `mat:cement.scm`: IPCC 2006 default clinker emission factor (0.52 t CO2/t clinker, calcination only), assuming
  1 t of supplementary cementitious material replaces 1 t of clinker.
- `mat:metal.steel-scrap`: 1.5 t CO2/t scrap (worldsteel 2024).
- Cross-dimension rules (t of supply to MWh of energy:fuel-gas) use the FNR (2012) energy yields per tonne of
  fresh mass: cattle manure 150 kWh/t (0.15 MWh/t; used for all manure `ewc:020106`, conservative for pig and
  poultry manure), vegetable residues 598 kWh/t, molasses 1884 kWh/t.
- Yields where the supplied form differs from what the receiver's price refers to (README "Scoring", the
  value model): liquid whey to `mat:feed.whey-dried` 0.0714 t per t (eXtension Swine: 1 kg of dried whey holds
  about the nutrients of 14 kg of liquid whey), and manure to `mat:fertiliser.nitrogen-available` 0.0012 t N
  per t (Defra RB209 2010: cattle slurry of 6 % dry matter, 1.2 kg readily available N/t; an upper bound, as
  part of it is lost after spreading; used for all manure `ewc:020106`). A receiver that prices another form
  than the one delivered (a demand for `mat:feed` at a compound-feed price receiving liquid whey tonne for
  tonne) gets no conversion: no dry-matter content of compound feed and no nutrient content per tonne of a
  mineral fertiliser product was verified, so such a partnership says in `explain.defaulted` that its value
  is not converted. The fuel rules deliver the form they take (sawdust as `mat:biofuel.sawdust`), so only a
  demand for a wider fuel code (`mat:biofuel`) is valued unconverted, and says so.
- The rules of rules.csv by form (issue 14 item 2). Where the form delivered differs from the form supplied,
  the yield converts on an energy or nutrient basis, each sourced: `ewc:020106` and `mat:substrate.manure` ->
  `energy:fuel-gas` 0.15 MWh/t, `ewc:020304` -> `energy:fuel-gas` 0.598 MWh/t, `mat:feed.molasses` ->
  `energy:fuel-gas` 1.884 MWh/t (FNR 2012), `ewc:020501` -> `mat:feed.whey-dried` 0.0714 t/t (eXtension
  Swine), `ewc:020106` -> `mat:fertiliser.nitrogen-available` 0.0012 t N/t (Defra RB209 2010); `energy:steam`
  -> `energy:heat` 1 (MWh for MWh). Every other feed, fertiliser and fuel rule delivers the form it takes,
  tonne for tonne (yield 1): feed `ewc:020501` -> `mat:feed.whey`, `ewc:020702`, `ewc:020704`,
  `mat:substrate.spent-grain` -> `mat:feed.spent-grain`, `ewc:020301`, `ewc:020304` -> `mat:feed.vegetable`,
  `ewc:020601` -> `mat:feed.former-food`; fertiliser `ewc:190603`-`ewc:190606` -> `mat:fertiliser.digestate`,
  `ewc:190805` -> `mat:fertiliser.sludge`, `ewc:020106` and `mat:substrate.manure` -> `mat:fertiliser.manure`,
  `ewc:100103` -> `mat:fertiliser.ash`, `ewc:020402` -> `mat:fertiliser.lime`; fuel the wood entries
  (`ewc:030101`, `ewc:030105`, `ewc:030301`, `ewc:020107`, `ewc:170201`, `ewc:200138`, `ewc:191207`,
  `mat:wood.sawdust`, `mat:wood.chips`) -> `mat:biofuel.sawdust|chips|bark|waste-wood`, and `ewc:030307`,
  `ewc:191210`, `ewc:191212` -> `mat:fuel.srf`, `ewc:130204`-`ewc:130208` -> `mat:fuel.oil.used`, `ewc:160103`
  -> `mat:fuel.tyres`. Their form differs from a receiver's only when the demand names a wider code priced in
  another form (`mat:feed` at a compound-feed price, `mat:fertiliser` at a mineral-fertiliser price,
  `mat:biofuel` at a fuel-chip price): the value is then not converted and the partnership says so
  (`tests/match/data/forms` checks each form). `ewc:030101`, `ewc:030105` and `ewc:030301` -> `mat:biofuel`
  (yield 1) deliver the wide fuel code itself; the match prefers their narrower way (`mat:biofuel.bark`,
  `mat:biofuel.sawdust`), which says it is not converted.

## Figures left empty for lack of a verified source

- Liquefied gas by road (`road.fluid.cost_nok_per_tkm`, `road.fluid.handling_nok_per_t`,
  `road.fluid.co2e_kg_per_tkm`, `road.fluid.radius_km`; README "Scoring"): searched for the cost of trucking
  liquefied CO2 per t*km and of liquefaction per t (ZEP 2011 "The Costs of CO2 Transport", IEAGHG, Element
  Energy, Northern Lights, FfE 2024 "How can CO2 be transported?", Ashkavand et al. 2025 "Techno-economic
  assessment of liquefied CO2 transport via trucking", Int. J. Greenh. Gas Control 147, and a US truck and
  rail cost study); the retrieved texts state that trucking is used and when it pays (below about 400 t/d,
  liquefaction dominating at short distances) but no figure that could be read and cited. The rows are
  left out, so the road is off for gases; a user can add them with a haulier's quote.
  Searched again (session 6) in the stored web pages, documentation, issue threads and public repositories:
  Stolaroff et al. 2021, "Transport Cost for Carbon Removal Projects With Biomass and CO2 Storage", Front.
  Energy Res. 9:639943 (only the abstract was retrieved: US trucking, rail and pipeline costs, totals of
  20-40 USD/t CO2 over hundreds of km; its cost tables were not); Ashkavand et al. 2025, Int. J. Greenh. Gas
  Control 147, 104491 (abstract: 25-1000 t/d, 25-500 km, trucking pays below about 400 t/d, liquefaction
  dominating at short distances); "The cost of CO2 transport by truck and rail in the United States"
  (abstract: labour the main truck cost, trucks cheaper below about 400 miles); Roussanaly et al. 2024,
  "Comparative Assessments of At-Sea and Inland Low- and Medium-Pressure CO2 Transport", Energies 17(23)
  6171 (abstract only); the Danish Energy Agency's "Technology Data for Transport of Energy" (March 2021,
  with CO2 road transport, per PyPSA/technology-data issue #26) and "Technology Data for Carbon Capture,
  Transport and Storage" (datasheet 411, liquefaction for a biogas plant retrofit, 1.33 MEUR per t/h of
  liquid CO2, quoted in PyPSA/technology-data issue #247: an investment, not a cost per t, without its
  energy and O&M), whose data sheets are stored only as spreadsheets that could not be read here;
  PyPSA/technology-data (no CO2 truck row; issue #26 to add DEA's road transport is open); the DOLPHYN
  CO2-truck inputs (example-system inputs without a cited primary source); and a public Python package of
  "container-based CO2 truck and railway cost coefficients" whose defaults (truck 5.58 EUR/t fixed +
  0.15 EUR/(t*km), EUR of 2021) it attributes to Oeuvray et al. 2024, "Multi-criteria assessment of inland
  and offshore carbon dioxide transport options", J. Clean. Prod. (doi:10.1016/j.jclepro.2024.140781), as
  "curves supplied by the user": a fit to the paper's curves, not a figure the paper states (the package says
  the equations are also reproduced in Table 1 of Hörbe Emanuelsson et al. 2025, Int. J. Greenh. Gas Control,
  doi:10.1016/j.ijggc.2025.104442, and that it does not know which of handling, liquefaction, empty return
  or terminals they include); neither paper could be read to check it, so it is not shipped. AdOpT-NET0's
  CO2Truck network template (UU-ER/AdOpT-NET0) carries cost coefficients without a cited source.
  Searched a third time (session 6, issue 14 item 4): one readable table was found and is still not shipped.
  LLNL/systems2atoms, `analyses/hydrogen_networks/inputs/liq_co2_trucking_costs.csv` (commit 97d83fa), holds
  runs of LLNL's Multimodal CO2 Transport Cost model (MuMo-CoCo, github.com/myers79/MuMo-CoCo,
  LLNL-CODE-860116, to be cited as Myers, Li and Markham, "The Cost of CO2 Transport by Truck and Rail in the
  United States", SSRN 4724930): the all-in cost of liquid CO2 by tanker truck in California, USD of 2022, as
  capital, operating and financing cost per t (preconditioning such as liquefaction and trucking, per the
  repository's documentation), for 50 flow sizes from 0.40 to 19.9 kt/yr and distances of 10 to 1000 miles. It
  does not fit the four flow-independent `road.fluid.*` rows: at 10 miles the total is 8,096 USD/t for 0.40
  kt/yr, 809 USD/t for 4.38 kt/yr and 210 USD/t for 19.9 kt/yr, while each further 10 miles adds only about
  1.32 USD/t, with steps near 300, 600 and 900 miles. One `handling_nok_per_t` would have to pick a flow size,
  and any size above a flow's own understates that flow's cost (the demo's greenhouse demands of `gas:co2` are
  60 to 200 t/yr, below the table's smallest size, and pay 2,500 NOK/t); the figures are also Californian
  labour, power and finance, not Norwegian. The model itself (`MuMo-CoCo_v1.xlsm`) and its manual
  (`LLNL-TM-2000315.pdf`) are stored only as binary files, and the SSRN paper was not retrieved. Also read
  without a usable figure: the opening of the full text of Stolaroff et al. 2021 (frontiersin.org; its tables
  lie beyond what could be read); Lemus Perez et al. 2012, "Technico-Economical Evaluation of CO2 Transport in
  an Adsorbed Phase", Low Carbon Economy 3(1) (abstract: compares with liquefied CO2 by truck, no figure
  retrieved); TØI report 1127/2011 "Kostnadsmodeller for transport og logistikk" and TØI 1884/2022 (cost
  models 2021; title pages and summary only: time- and distance-dependent costs by vehicle type; no cost of a
  CO2 tanker or of liquefaction was retrieved); a Scribd copy of ZEP 2011 (contents page only); a public data
  summary of Northern Lights citing the Hafslund Celsio 2025 FEED (the Oslo CCS terminal has a truck unloading
  station with two bays, no truck cost); tube.de (about 20 t of CO2 per lorry, no cost); AdOpT-NET0's Oeuvray
  model (pipelines only); and, for a delivered price of liquid CO2 (`handling`), Norwegian greenhouse pages
  (Norsk Gartnerforbund, NGF energi, Greve Biogass, whose CO2 goes to the greenhouse next door by pipe), Dutch
  pages (Air Liquide delivers over 100,000 t/yr of liquid CO2 to growers; foodlog: growers off the OCAP pipe
  get liquid CO2 by lorry; Wageningen's Energiemonitor 2022 as reported by bpnieuws: 0.7 Mt bought, cheaper
  per kg by central than by local delivery) and gasworld (Twence's first tanker to growers): none gives a
  price per t and what it covers.

- `mat:fertiliser.*` (digestate, compost, ash, sludge): the saving is the mineral N, P and K fertiliser replaced,
  which needs the product's plant-available nutrient content per tonne; only nutrient ratios (NPK 14-1-5 to
  18-1-9 for food-waste digestate: Biogass Norge, "Biogjødsel i landbruket", citing NIBIO) and a best-available-
  technique footprint of ammonium nitrate (3.6 kg CO2e per kg N: Yara, "Carbon footprint of fertilizers") were
  found, not a per-tonne nutrient content, so no figure is given.
- `mat:feed.*` (spent grain, whey): depends on the feed replaced (soya, barley) and the dry-matter basis; no
  per-tonne figure was retrieved. The dry-matter content of compound feed (to value liquid whey against it)
  was searched for (Feedipedia, swine nutrition guides) and not verified: no rule converts to it.
  Regulation (EC) No 767/2009 Annex I point 6 (the moisture contents above which compound feed must declare
  its moisture) was found but its figures were not retrieved, and a declaration threshold bounds the
  moisture of compound feed rather than giving it. Wet brewers' grains are about 26 % dry matter (74 %
  moisture: agproud.com, "Beer-fed beef: considerations for feeding cattle brewers grains"; Feedipedia's
  datasheet "Brewers grains" was found but not its table), a trade article, and no demand in the knowledge
  base prices dried grains: no rule uses it.
- Yields left at 1 where forms differ from a receiver's price (each partnership says `value not converted`;
  `tests/match/data/forms`): whey, brewers' grains and vegetable residues against compound feed (`mat:feed`);
  manure, digestate and sewage sludge against a mineral fertiliser product (`mat:fertiliser`: no nutrient
  content per t of the product); sawdust, bark, demolition and waste wood, pellets and briquettes against a
  fuel-chip price (`mat:biofuel`). The energy per t of pellets (4.8), briquettes (4.3), wood waste (4.7) and
  fuel chips (2.9 MWh/t, Miljødirektoratet) is known, but a demand for `mat:biofuel` does not say which fuel
  its price is for, the match prefers the direct way over a rule for a declared pellet supply (so a
  converting rule would not be taken), and no energy content per t of sawdust or bark was verified; no solid
  fuel is priced per MWh in the knowledge base.
- `mat:paper.recovered`: published savings (e.g. 1.3 t CO2e/t) mix avoided landfill methane with production;
  left empty. `mat:mineral.gypsum`, aggregates, other metals, chemicals: no verified figure.
- `energy:cold` (needs the chillers' COP) and the water codes (energy of water treatment is small on Norwegian
  electricity and no per-m3 figure was verified): empty.
- Biofuels for transport (`mat:fuel.biodiesel`, `mat:fuel.bioethanol`) replace virgin biofuel of the same kind,
  not fossil fuel, so crediting diesel or petrol would be wrong; no production figure was verified.
- All `radius_km`, `transport_*` and `disposal_nok_per_unit` figures, and every price except `energy:heat`
  (the class defaults of scoring.csv apply; streams can give their own `disposal_cost` and `purchase_price`).
  No wood-fuel price per tonne was found in a form that fits (Norwegian prices are quoted per m3 or per kWh).
- scoring.csv: no `class.<class>.price_nok_per_unit`, no disposal-cost default and no
  `class.<class>.disposal_co2e_kg_per_unit`: one value per class would apply to steel scrap and food waste
  alike, and no verified Norwegian disposal-emission figure was at hand.
- Per-EWC default rows: only `ewc:030101` and `ewc:030105` (above); other EWC codes inherit nothing but the
  class defaults.

"""


SOURCES16 = """## Sector rules from general literature (issue 16)

The last {n16} lines of `rules.csv` (from line {first16}) are sector-potential rules taken from general
technical and regulatory sources instead of documented exchanges: each says that firms of a NACE prefix take
a waste family because the source says that sector uses it. They cite no MAESTRI case, so the leave-one-case-out
benchmark (`bench/recall.sh`) keeps them in every fold; the evidence estimator (engine/evidence.c) counts each
as one unit received by its NACE prefix.

How they were derived: each source was read for the waste families it names as used by a sector; every family
was coded to the List of Waste entries that are that material (or to a `mat:` code), and a rule was written
for each entry and receiving NACE class that the table did not have yet. No rule was chosen from the
benchmark's misses. Hazardous entries are named one by one and carry their legal condition (the receiver's
permit: Dir. 2010/75/EU Arts. 44-45, Dir. 2008/98/EC Arts. 17, 18, 23); chlorinated oils, PCB oils and
halogenated solvents are left out of the cement-kiln fuels (the FOEN excludes problematic hazardous waste), and
non-ferrous foundry sand out of the road rules (FHWA: heavy metals). Feed, fertiliser and animal by-product
rules carry the conditions of Reg. (EU) 68/2013, Reg. (EC) 183/2005, Reg. (EC) 1069/2009 and Reg. (EU)
2019/1009 as the rules above them do; the legal gate (engine/legal.c) applies to them as to every rule.

Rules per source (a rule citing two sources counts for both):

{counts}

Families and their codes:

- Cement kilns (FOEN; Swiss Waste Ordinance Art. 24) -> 23.51: waste oil (hydraulic oils 130110-130113,
  insulating oils 130307-130310, fuel oil 130701, other fuels 130703), non-halogenated solvents (140603, the
  070x04 entries), plastics (every plastic entry: 150102, 070213, 120105, 170203, 191204, 020104, 160119),
  waste wood (030105, 150103, 170201, 200138, 191207), animal meal and fat (sub-chapter 0202), excavated soil
  and stones (170504, 200202) and contaminated soil (170503*). Sewage sludge and tyres were in the table.
- Ferrous slag (EUROSLAG 2022 and 2024 use statistics): 100202 to concrete 23.63, metallurgical work 24.10,
  fertiliser 20.15 and liming of arable land 01.1 (with the fertiliser rules as condition), hydraulic
  engineering 42.91; processed slag 100201 to roads 42.11. The 2.0 Mt "in building construction" (2024)
  gives no rule: general building contractors (41.20) buy concrete and aggregates, they do not process slag,
  and the concrete producers that do are 23.63.
- Coal combustion products (ECOBA): bottom ash and boiler slag 100101 to cement, concrete and roads, for coal
  ash (biomass and waste ash only where tests show it meets the product standard).
- Road construction (FHWA-RD-97-148, 19 by-product materials): ferrous foundry sand to asphalt mixing
  plants 23.99. The guidelines' other materials (FGD material, kiln dust, mineral processing and quarry
  wastes, incinerator bottom ash, sewage sludge ash, non-ferrous slags, scrap tyres, mixed C&D minerals,
  waste glass) gave 20 rules to road contractors 42.11 between 74f41a5 and 55ee2cb, removed since: a road
  project takes such material only where its owner's specification admits it, so a generic road
  contractor is no proposal an engineer signs, and each such rule opened its whole chapter to division 42
  through the evidence route (packaging, municipal waste to road contractors); leaving them out also
  raised supply recall @5 by 0.008 (all tables, seed 1). Slag and coal ash keep their road rules
  (EUROSLAG, ECOBA).
- Mineral wool (NAIMA): glass cullet entries to glass wool 23.14, blast furnace slag to slag wool 23.99; flat
  glass 170202 to container glass 23.13 (Reg. (EU) 1179/2012).
- Foundries: iron and steel scrap (the Reg. (EU) 333/2011 family of the table) to steel foundries 24.52
  (Britannica) and iron foundries 24.51 (Waterschoot Metalworks); aluminium, copper and non-ferrous turnings to
  non-ferrous foundries 24.53, 24.54 (SF BREF scope: external scrap).
- Recovered wood (European Panel Federation) to wood-based panels 16.21, and used wood (EN ISO 17225-1) to
  biomass CHP and heat plants 35.11, 35.30 with the waste-incineration condition for treated wood.
- Plastics converters 22.2 (EN 15347): every plastic entry of the List of Waste.
- Animal by-products (Reg. (EC) 1069/2009 Arts. 12-14): sub-chapter 0202 to co-incineration 35.11 and to
  composting, biogas or incineration 38.21; category 3 020202 to pet food 10.92.
- Bio-waste (Dir. 2008/98/EC Art. 3(4); Reg. (EU) 2019/1009 CMC 3 and 5; RED II Annex IX Part A) to
  biogas 35.21 and composting 38.21: the biodegradable entries of chapter 02 and market waste without such a
  rule yet.
- Feed (Reg. (EU) 68/2013): fruit and vegetable by-products, former foodstuffs, distillers' grains and whey to
  livestock farms 01.4, fit-for-feed and animal by-product conditions attached.
- Digestate (Reg. (EU) 2019/1009 CMC 5) to fertiliser manufacture 20.15.
- Iron and steel dusts and sludges (Stewart & Barron 2020) back to the sinter plant or blast furnace 24.10;
  electric arc furnace dust 100207* to Waelz zinc recovery 24.43.
- Bark (030101, 030301) as garden mulch and ground cover, to landscaping 81.30 (Holmen; Tiedekeskus Pilke).
  The same sources' shavings as stable bedding and sawdust for nurseries give no rule: 030105 also holds
  particleboard and veneer dust, which is neither.
- End-of-life tyres (ETRMA statistics): granulation 38.32, steel mills 24.10, foundries 24.5, energy
  recovery in power plants 35.11 and urban heating 35.30, under the permit and waste-incineration rules.
- Lead batteries 160601* and lead scrap to secondary lead smelters 24.43 (US EPA AP-42 12.11); aluminium
  skimmings 100316 and 100315* to secondary aluminium 24.42 (dross processing).
- Pulp and paper mill sludges (effluent 030311, de-inking 030305, green liquor 030302, lime 030309) to clay
  bricks 23.32, and lime sludge to concrete 23.63 (the studies and reviews cited).
- Manure 020106 and digestate 190606 to the crop-farming groups 01.2, 01.3, 01.5, with the storage, spreading
  and product-quality rules the 01.1 lines carry.
- Surplus heat to fish processing 10.2 and fruit and vegetable processing 10.3 for drying (SINTEF, via
  Teknisk Ukeblad 2021), and to the service buildings that take most district heating (SSB 2024): real
  estate 68.2, education 85, hospitals 86.1, through a heating network.
- Biogas, upgraded to vehicle-fuel biomethane, to bus fleets 49.31 and 49.39, refuse collection 38.11 and road
  freight 49.41 (NRK 2017; Samfunnsutvikling): the condition excludes other fuel gases, which share the code.

Searched and not used: the full texts of the CLM (2013), waste treatment (2018), iron and steel (2012),
non-ferrous metals, pulp and paper and food, drink and milk BREFs were not retrievable here (only their scope
pages); the positive lists of the Swiss cement guideline (BUWAL 1998/2005) and the input-material list of
the JRC end-of-waste report on compost and digestate (Saveyn & Eder 2014) only as tables of contents; the
items of CMC 6 (food industry by-products) of Reg. (EU) 2019/1009 could not be read, so no rule rests on
them. The pulp-mill use of sawmill chips (Pulp & Paper Canada 2009) is already line 131.
"""

# ---------------------------------------------------------------- exchanges_curated.csv
# The references of datasets/exchanges_curated.csv (short citation as written in its `source`
# column, full reference with what was read of it). tests/kb/check_exchanges.py checks that
# every citation of the table has its line here.
CURATED_INTRO = """## exchanges_curated.csv: documented exchanges beyond the MAESTRI database

Each row is one exchange that the cited publication states (who gives what to whom), coded by
hand: NACE Rev. 2 codes of the provider and the receiver as precise as the source allows (up to
three joined with `;` where the source names one firm with several activities), the material as an
entry of the List of Waste (`ewc`) or a code of `resources.csv` (`resource`), the status
(`Implemented`, or `Planned` when the source announces it), the citation and a `note` naming the
firms and saying where a code is the project's reading rather than the source's words. Nothing is
added that the text read does not state. Case ids: K1 Kalundborg (MAESTRI's own Kalundborg case
is not in the reference data); N1-N25 Norway; F1-F4 Finland; D1 Aalborg; S1 Sotenäs; IS1 Svartsengi, Iceland; J1
Kitakyushu; U1 United Kingdom (NISP); NL1 IJmuiden; T1 Kaohsiung; R1
Rotterdam; a MAESTRI case id
(27, Norrköping) for further exchanges of a network MAESTRI already has, so that the
leave-one-case-out benchmark (`bench/recall.sh`) holds them out together with that case. The web
pages were read through the project's `search` tool, which stores a page's opening (a few
thousand characters); where only that opening was read, the reference says so.
"""

CURATED_REFS = [
    ("Bigadan (n.d.)", "Bigadan (n.d.). Kalundborg Bioenergy: turning insulin waste into energy [case page]. https://bigadan.com/cases/kalundborg-bioenergy (opening read: yeast cream and fermentation biomass of Novo Nordisk and Novozymes, about 300,000 t/yr, digested; biogas upgraded for the gas network; fertiliser for local agriculture)."),
    ("Bioenergy International (n.d.)", "Bioenergy International (n.d.). Linde and Lantmännen Agroetanol to expand green carbon dioxide plant. https://bioenergyinternational.com/linde-and-lantmannen-agroetanol-to-expand-green-carbon-dioxide-plant/ (Norlic, opened 2014, purifies the CO2 of the adjacent ethanol plant)."),
    ("Biogass Oslofjord (n.d.)", "Biogass Oslofjord (n.d.). Aktører. http://biogassoslofjord.no/aktorer/ (opening read: FREVAR KF's biogas plant on its own sludge and external food waste; Indre Østfold Renovasjon IKS delivers its collected food waste to FREVAR)."),
    ("Borregaard (n.d.)", "Borregaard (n.d., 2007). Borregaard vil bidra med varme til fjernvarmenett i Sarpsborg [news]. https://borregaard.no/Nyheter/Borregaard-vil-bidra-med-varme-til-fjernvarmenett-i-Sarpsborg"),
    ("Cleantech Östergötland (n.d.)", "Cleantech Östergötland (n.d.). Händelökombinatet / The Händelö energy complex. http://cleantechostergotland.se/miljoteknik/system/handelokombinatet/ and http://cleantechostergotland.se/handelokombinatet/?lang=en (openings read: E.ON CHP steam to Lantmännen Agroetanol; draff dried and pelleted as feed; drankvatten at times to Svensk Biogas)."),
    ("Ehrenfeld & Gertler 1997", "Ehrenfeld, J., & Gertler, N. (1997). Industrial ecology in practice: the evolution of interdependence at Kalundborg. Journal of Industrial Ecology, 1(1), 67-79."),
    ("El-Haggar 2007", "El-Haggar, S. M. (2007). Sustainable Industrial Design and Waste Management: Cradle-to-Cradle for Sustainable Development. Elsevier Academic Press; p. 103, Figure 3.3 'Kalundborg industrial symbiosis in 2000 (Saikku, 2006)' and the chronology beside it (page read: 'In 1987, Statoil piped cooling water to Asnaes power station')."),
    ("Elkem (n.d.)", "Elkem (n.d.). Recycling energy for heating [news item]. https://www.elkem.com/news/Recycling-energy-for-heating/ (Mosjøen Fjernvarme to recycle 15 GWh from the foundry of Elkem Aluminium Mosjøen)."),
    ("Fiskeribladet (n.d.)", "Fiskeribladet / Tekfisk (n.d.). Dette anlegget hos Sisomar er helt unikt. https://www.fiskeribladet.no/nyheter/dette-anlegget-hos-sisomar-er-helt-unikt/8-1-63551 (opening read: 30 of Sisomar's 100 m3/min of fresh water go to Elkem Salten, which returns it at 25 °C)."),
    ("Gemini 2006", "Gemini (2006, September). Nasjonalt senter i Sunndal for bruk av spillvarme. https://gemini.no/2006/09/nasjonalt-senter-i-sunndal-for-bruk-av-spillvarme/"),
    ("Hatchery FM 2023", "Hatchery Feed & Management (2023, 12 September). SalMar and Nippon Gases sign waste heat deal. https://www.hatcheryfm.com/news/latest-news/salmar-and-nippon-gases-sign-waste-heat-deal/"),
    ("Herøya Industripark (n.d.)", "Herøya Industripark AS (n.d., 2017). New district heating network at Herøya Industrial Park to provide environmentally-friendly heating of buildings. https://eng.heroya-industripark.no/latest-news/New-district-heating-network-at-Heroeya-Industrial-Park-to-provide-environmentally-friendly-heating-of-buildings (opening read)."),
    ("Innherred 2017", "Innherred (2017, 1 February). God gjødsel går rett i fjorden. http://www.innherred.no/nyheter/2017/02/01/God-gj%C3%B8dsel-g%C3%A5r-rett-i-fjorden-14149222.ece (opening read: Biokraft Skogn's methane from sludge from Norske Skog and fish-farming waste; Ecopro's 12,000 t/yr of dry residue given free to nearby farmers)."),
    ("Interreg Europe 2019", "Interreg Europe (2019, 29 March). From food production to glass wool production [good practice, Forssa, Finland]. https://interregeurope.eu/good-practices/from-food-production-to-glass-wool-production"),
    ("Intrafish (n.d.)", "Intrafish (n.d.). Landbasert anlegg for ørret skal bruke restvarme fra datasenter. https://www.intrafish.no/hendelser/landbasertanlegg-for-orret-skal-bruke-restvarme-fra-datasenter/2-1-1031390 (opening read)."),
    ("Jacobsen 2006", "Jacobsen, N. B. (2006). Industrial symbiosis in Kalundborg, Denmark: a quantitative assessment of economic and environmental aspects. Journal of Industrial Ecology, 10(1-2), 239-255."),
    ("Kalundborg Symbiosis 2022", "Kalundborg Symbiosis (2022, 11 January). Green energy. http://www.symbiosis.dk/en/2022/01/11/gron-energi/ (biogas plant on Novo Nordisk and Novozymes residues, digestate to fields; Kalundborg Utility's heat pump on treated waste water for district heating)."),
    ("Linköping University (n.d.)", "Linköping University (n.d.). Norrköping Industrial Symbiosis Network. http://www.industriellekologi.se/symbiosis/norrkoping.html (also a MAESTRI source of case 27; opening read: the municipality provides the CHP plant with about 25,000 t/yr of household waste as fuel)."),
    ("Mo Industripark 2016", "Mo Industripark AS (2016, 11 October). Biologi og industri i skjønn forening. https://www.mip.no/biologi-og-industri-i-skjonn-forening/ (Ranfjord Fiskeprodukter heats its smolt water with surplus water from Fesil Rana Metall and AGA Norge and with district heat from Mo Fjernvarme)."),
    ("Moestrup 2017", "Moestrup, M. S. (2017, 30 May). Symbiosen strålede i gråvejret. Sjællandske Medier. http://sn.dk/Kalundborg/Symbiosen-straalede-i-graavejret/artikel/658878 (opening read: farmers have for many years used waste products of Novo Nordisk and Novozymes as fertiliser)."),
    ("NCCE (n.d.)", "Norsk senter for sirkulær økonomi (NCCE) (n.d., 2019). Bærekraftig innovasjon gjennom industriell symbiose. https://ncce.no/no/baerekraftig-innovasjon-gjennom-industriell-symbiose/ (opening read: FREVAR steam to Kronos Titan; Kronos Titan's iron sulphate to sewage treatment and to Kemira Chemicals, whose iron chloride FREVAR uses; the text that follows on the sludge was not read)."),
    ("OCAP (n.d.)", "OCAP (n.d.). Factsheet: CO2 voor de tuinbouw. https://paperzz.com/doc/6863055/factsheet (opening read: CO2 from hydrogen production at Shell in the Botlek area and from bio-ethanol production at Abengoa in Europoort supplied to greenhouses)."),
    ("OTI Group (n.d.)", "OTI Group (n.d.). #103 - The Rjukan Model [blog]. https://www.otigroup.co.uk/post/103-the-rjukan-model (Green Mountain data centre and Hima Seafood, 800 m apart, closed-loop warm water, operating since 2025)."),
    ("Orkla 2010", "Orkla (2010). Borregaard and Hafslund build environmentally-sound energy plant. http://www.orkla.com/Sustainability/News/Borregaard-and-Hafslund-build-environmentally-sound-energy-plant"),
    ("Overskuddsenergi.no (n.d.)", "Overskuddsenergi.no (n.d.). Yngler med overskuddsenergi. https://overskuddsenergi.no/innovasjon/yngler-med-overskuddsenergi/ (Mo Fjernvarme takes the surplus heat in the flue gas of Elkem Rana's smelting furnaces and keeps Kvarøy Smolt's start-feeding tanks in Mo Industripark warm)."),
    ("Powered by Telemark (n.d.)", "Powered by Telemark, Magasinet (n.d.). Spillressurser satt i system. https://magasinet.poweredbytelemark.no/spillressurser-satt-i-system/ (opening read: Skagerak Varme heats Porsgrunn and most of the industrial park with waste heat from Yara and other Herøya plants)."),
    ("Randerson 2006", "Randerson, J. (2006, 12 August). Oil refinery gives greenhouses a boost with CO2 pipeline. The Guardian. https://www.theguardian.com/science/2006/aug/12/oilandpetrol.food"),
    ("Sitra (n.d.)", "Sitra (n.d.). The Arctic circular economy experts. https://www.sitra.fi/en/articles/arctic-circular-economy-experts/ (opening read: slag of the Tornio ferrochrome mill made into a quality-certified earthwork product sold to the building and road construction industries)."),
    ("Svineportalen 2019", "Svineportalen (2019, 2 July). Greve Biogass dobler produksjonen. https://svineportalen.no/greve-biogass-dobler-produksjonen/ (opening read)."),
    ("Teknisk Ukeblad 2017", "Teknisk Ukeblad (2017, December). Skal erstatte 1,1 millioner liter diesel med dyregjødsel. https://www.tu.no/artikler/skal-erstatte-1-1-millioner-liter-diesel-med-dyregjodsel/414067 (opening read)."),
    ("Uusi juoni (n.d.)", "Uusi juoni (n.d.). Kohti suljettujen kiertojen yritysverkostoja. http://uusijuoni.fi/ratkaisut/kohti-suljettujen-kiertojen-yritysverkostoja (opening read: at Sybimar in Uusikaupunki the fish farm's nutrient-rich water fertilises the greenhouse)."),
    ("VANytt (n.d.)", "VANytt (n.d.). Lager ferdig fullgjødsel av avløpsvann. https://www.vanytt.no/?p=15107 (opening read: IVAR's central treatment plant SNJ delivers 3 million m3 of methane a year to Lyse Energi)."),
    ("VisitDenmark (n.d.)", "VisitDenmark (n.d.). Kalundborg Symbiosis. http://www.visitdenmark.com/denmark/kalundborg-symbiosis-gdk618031 (Asnæs process steam to the Statoil refinery, Novo Nordisk and Novozymes; cooling water to fish farming)."),
    ("Yara Suomi (n.d.)", "Yara Suomi (n.d.). Kiertotalous Yaran toiminnassa. https://www.yara.fi/tietoa-yarasta/vastuullisuus/kiertotalous/ (gypsum as soil improver; iron oxide cinder to the steel industry; surplus heat to Siilinjärvi's district heating)."),
    ("Östergötlands Näringsliv (n.d.)", "Östergötlands Näringsliv (n.d., 2014). Minskade koldioxidutsläpp. http://www.ostergotlandsnaringsliv.se/minskade-koldioxidutslapp/ (opening read: AGA and Lantmännen Agroetanol open their CO2 plant on Händelö; the ethanol plant's CO2 goes by pipe to it)."),
    ('Aalborg Portland ESG 2022', "Aalborg Portland (n.d., 2023). ESG-rapport 2022: Resource efficiency and circularity. https://issuu.com/aalborgportlanddk/docs/esg_rapport_-_2022/s/22943756 (opening read: the Nordjylland power station cleans its flue gas with Aalborg Portland's chalk slurry and the FGD gypsum goes back to the cement plant; surplus heat to Aalborg Forsyning; district cooling from the chalk lake to Aalborg University Hospital)."),
    ('Arctic Food Arena (n.d.)', 'Arctic Food Arena (n.d.). Learnings from Sotenäs Symbioscentrum: from local partnerships to a circular blue economy. https://www.arcticfoodarena.com/knowledge-hub/case-study-sotenas-symbioscentrum (opening read).'),
    ('Eidsiva Bioenergi 2019', 'Eidsiva Bioenergi (2019, 25 November). Eidsiva Bioenergi vant kontrakt på 350 millioner. https://www.eidsivabioenergi.no/nyheter/vant-kontrakt-pa-350-millioner/ (opening read).'),
    ('Energigas (n.d.)', "Energigas Sverige (n.d.). Tuff kamp för renare hav: nu blir fiskavfall biogas. Tidningen Energigas. https://www.energigas.se/publikationer/tidningen-energigas/tuff-kamp-for-renare-hav-nu-blir-fiskavfall-biogas/ (opening read: Renahav's plant in Kungshamn, 20 GWh/yr of biogas, mainly from the fish waste of Orkla, Lerøy and Marenor Seafood)."),
    ('Eramet 2022', 'Eramet (2022, 15 March). Energizing the local society: how the city of Sauda stays warm thanks to Eramet Norway. https://www.marketscreener.com/quote/stock/ERAMET-4752/news/Energizing-the-local-society-How-the-city-of-Sauda-stays-warm-thanks-to-Eramet-Norway-39766577/'),
    ('Industriavisen 2017', 'Industriavisen (2017). Pioneren Finnfjord gjør om CO2 til fiskefôr [interview with Geir-Henning Wintervoll]. http://industriavisen.no/print.asp?page=10&article=1432 (opening read).'),
    ('NRK (n.d.)', 'NRK Troms og Finnmark (n.d.). Kan denne gørra få ned klimautslippene? https://www.nrk.no/tromsogfinnmark/kan-denne-gorra-fa-ned-klimautslippene_-1.13428600 (opening read: Finnfjord captures microsilica used in the concrete industry; algae grown on its flue gas in a pilot).'),
    ('Sotenäs kommun (n.d.)', "Sotenäs Symbioscentrum, Sotenäs kommun (n.d.). Industriell symbios i Sotenäs. http://www.symbioscentrum.se/symbiosutveckling/industriellsymbios.4.2328e976160ddeefff24828d.html (opening read: Renahav's biogas from the seafood industry's organic waste and water-treatment residues, KRAV bio-fertiliser to Klevs Gård, spent malt from Smögen Ale)."),
    ('State of Green 2021', 'State of Green (2021, 19 October). Surplus heat from industry keeps citizens warm [solution of the Confederation of Danish Industry and Aalborg Portland]. https://stateofgreen.com/en/solutions/surplus-heat-from-industry-keeps-citizens-warm-2/'),
    ('Trelast (n.d.)', 'Trelastindustrien (n.d.). Moelven bygger ny pelletsfabrikk. http://www.trelast.no/aktuelt-fra-medlemmene/moelven-bygger-ny-pelletsfabrikk (short news item, read whole).'),
    ('Vest-Agder Fylkeskommune 2015', 'Torkelsen, J. H. (2015, 4 September). Fylkespolitikere imponert over miljøsatsingen hos Eramet Norway i Kvinesdal. Vest-Agder fylkeskommune. http://vaf.no/arkiv/2015/09/fylkespolitikere-imponert-over-miljoesatsingen-hos-eramet-norway-i-kvinesdal/'),
    ('Heidelberg Materials (n.d.)', "Heidelberg Materials Sement Norge (n.d.). Sirkulær økonomi. https://www.sement.heidelbergmaterials.no/no/circular_economy (opening read: Norcem's subsidiary Renor supplies about 60,000 t/yr of solid and liquid fuel from processed hazardous waste; processed waste fuel (FAB); meat and bone meal from the slaughter industry; used tyres at Kjøpsvik)."),
    ('HeidelbergCement Norge (n.d.)', "HeidelbergCement Norge (n.d.). Avfall som ressurs. http://www.heidelbergcement.no/no/node/2536 (opening read: fly ash from coal-fired power stations in Norcem's FA cements, up to 20 %)."),
    ('Norsk Energi 2020', 'Norsk Energi (2020, 10 February). Fjernvarmen slår ring om Orkanger. https://www.energi.no/fjernvarmen-slar-ring-om-orkanger (opening read: Orkland Energi Varme recovers more heat from Elkem Thamshavn; Norsk Kylling to produce with that district heat from 2021).'),
    ('Herøya Industripark 2025', "Herøya Industripark AS (2025). 2024: a year of optimism and concern [interview with Sverre Gotaas]. https://bygg25.heroya-industripark.no/en/news/2025/2024-a-year-of-optimism-and-concern (opening read: LanzaTech and Eramet have signed an agreement to use Eramet's CO2-bearing exhaust gases in a new factory)."),
    ('Richter 2009', 'Richter, A. (2009, 9 April). Methanol production at Icelandic geothermal plant. ThinkGeoEnergy (copy at jeotermalhaberler.com/methanol-production-at-icelandic-geothermal-plant) (CRI and HS Orka agree a plant making methanol from the CO2 emissions of the Svartsengi power plant).'),
    ('Viðskiptablaðið (n.d.)', "Viðskiptablaðið (n.d.). Ætla að framleiða meira metanól á Reykjanesi. https://www.vb.is/frettir/aetla-ad-framleida-meira-metanol-reykjanesi/97162/ (CRI makes 1.7 million litres of methanol a year from the emissions of HS Orka's plant at Svartsengi)."),
    ('GRC 2013', "Geothermal Resources Council blog (2013, December). Technology [on Carbon Recycling International]. https://geothermalresourcescouncil.blogspot.com/2013/12/technology_2.html (the Svartsengi plant's discharged hot water became a health spa; CRI's adjacent plant converts its CO2 to methanol)."),
    ('GEC 2011', "Global Environment Centre Foundation (2011, November). Waste recycling technologies and recycling promotion initiatives in eco-towns in Japan: Kitakyushu City. http://nett21.gec.jp/Ecotowns/data/et_b-kitakyushu.html (opening read: the medical-waste recycler's RDF and glass sold to cement plants)."),
    ('TINE (n.d.)', 'TINE (n.d., 2019). Første fyllestasjon for biogass. https://medlem.tine.no/aktuelt/nyheter/nyheter/f%C3%B8rste-fyllestasjon-for-biogass (opening read: TINE Meieriet Sem buys biogas from cow manure and waste at Greve Biogass through Skagerak).'),
    ('Næringsliv Norge (n.d.)', 'Næringsliv Norge (n.d.). En kompetansearbeidsplass som er viktig for klimaet [Mjøsanlegget Biogass, sponsored article]. https://www.xn--nringslivnorge-0ib.no/vekst-i-innlandet/en-kompetansearbeidsplass-som-er-viktig-for-klimaet/ (opening read).'),
    ('Hamar Arbeiderblad (n.d.)', 'Hamar Arbeiderblad (n.d.). Tine og Eco-1 samarbeider om fornybar energi. https://www.h-a.no/nyheter/tine-og-eco-1-samarbeider-om-fornybar-energi (TINE Meieriet Brumunddal has since 2012 taken wood-based district heating from the neighbouring Moelven Bioenergi AS).'),
    ('Interreg IVC (n.d.)', "Interreg IVC (n.d.). National Industrial Symbiosis Programme (NISP) [good practice 0542C2]. http://www.interreg4c.eu/good-practices/practice-details/index-practice=374-national-industrial-symbiosis-programme-nisp&.html (opening read: AJ & RG Barber's wooden cheese boxes to Mendip Woodshavings)."),
    ('Bondevennen (n.d.)', 'Bondevennen (n.d., 2018). Biprodukt – ein kjemperessurs. https://www.bondevennen.no/aktuelt/biprodukt-ein-kjemperessurs/ (opening read: a Stavanger dairy farmer takes spent grain from Salikatt Bryggeri and bread from a bakery as supplementary feed).'),
    ('Innovasjon Norge 2021', 'Innovasjon Norge (2021). Lager biogass av fiskeavføring [customer story, annual report 2021: Lerøy Sjøtroll]. https://arsrapport.innovasjonnorge.no/2021/no/kundehistorier/leroy-sjotroll'),
    ('Statkraft 2016', "Statkraft (2016). Innovativ gjenbruk [Stories: Glomfjord]. https://stories.statkraft.no/Arkiv/2016/innovativ-gjenbruk/ (opening read: Fykanvatnet power station's water sold to Marine Harvest's smolt plant after power production, mixed with cooling water from Glomfjord Industripark)."),
    ('Indaver (n.d.)', 'Indaver (n.d.). Regeneration of hydrochloric acid [Indaver ARP at Tata Steel IJmuiden]. https://www.indaver.fr/index.php?id=2887&L=580'),
    ('China Steel (n.d.)', 'China Steel Corporation (n.d.). Acid regeneration plant [ESG: environment]. https://www.csc.com.tw/csc_e/esg/env/env7_2.html (regenerated hydrochloric acid back to pickling; iron oxide powder as a raw material for soft and hard ferrites).'),
    ('Circle Economy (n.d.)', 'Circle Economy Foundation, Knowledge Hub (n.d.). Closed-loop recycling and upcycling of waste pickling liquid in the cold rolling process [China Steel]. https://knowledge-hub.circle-economy.com/article/29354 (iron oxide powder supplied to HIMAG Magnetic Corporation).'),
    ('NRK 2018', "NRK Vestfold og Telemark (2018, June). Gjødselproduksjon gir bobler i ølet. https://www.nrk.no/telemark/gjodselproduksjon-gir-bobler-i-olet-1.14096021 (opening read: carbon dioxide is a by-product of Yara Porsgrunn's ammonia plant and the main CO2 source of Praxair, which owns the CO2 plant at Yara Porsgrunn)."),
    ('ZERO (n.d.)', 'ZERO (n.d.). Yara CCS project. http://www.zeroco2.no/projects/yara-ccs-project (Yara Porsgrunn has captured CO2 at its ammonia plant since 1988; 0.2-0.3 Mt a year is sold, to the food industry among others).'),
]


def curated_section():
    """SOURCES.md's section on exchanges_curated.csv: what it holds and its references."""
    rows = list(csv.DictReader(open(os.path.join(DS, "exchanges_curated.csv"), encoding="utf-8")))
    lines = [CURATED_INTRO]
    lines.append("The table has %d exchanges of %d cases. References (short citation as in its "
                 "`source` column, then the full reference):\n" %
                 (len(rows), len({r["case_id"] for r in rows})))
    for short, full in sorted(CURATED_REFS, key=lambda x: x[0].lower()):
        lines.append("- **%s**: %s" % (short, full))
    return lines


def maestri_references(shared):
    """The distinct full references of the MAESTRI rows that ship (split at '. & ')."""
    refs = set()
    proc = list(csv.DictReader(open(os.path.join(shared, "maestri_exchanges.csv"), encoding="utf-8")))
    allr = list(csv.DictReader(open(os.path.join(shared, "maestri_exchanges_all.csv"), encoding="utf-8")))
    for r in proc + [r for r in allr if r["in_processed_sheet"] != "true" and r["ewc"].strip()]:
        for cell in r["reference"].split(" | "):
            for part in re.split(r"(?<=\.)(?<!\.\.\.)\s+&\s+(?=[A-Z])", cell.strip()):
                refs.add(part.strip())
    return sorted(refs, key=lambda x: x.lower())


def write_sources(shared, ex):
    used = set()
    for text in [r["source"] for r in RULES] + [r[3] for r in SCORING] + \
            [v for f in FIGS.values() for k, v in f.items() if k.endswith("_source")]:
        for k, (short, _) in REFS.items():
            if short in text:
                used.add(k)
    bib = sorted((REFS[k] for k in used), key=lambda x: x[0].lower())
    n_sub = sum(1 for r in RULES if r["to"])
    lines = [SOURCES_HEAD.format(n_ex=len(ex), n_cases=len({r["case_id"] for r in ex}),
                                 n_rules=len(RULES), n_sub=n_sub, n_sec=len(RULES) - n_sub,
                                 n_res=len(BASE) + len(MAT), n_mat=len(MAT), n_ewc=len(EWC_ROWS),
                                 n_norec=sum(1 for r in ex if not r["receiver_nace"]))]
    n16 = len(RULES) - _I16
    per = {}
    for r in RULES[_I16:]:
        found = [short for short, _ in REFS.values() if short in r["source"]]
        for short in found:  # "Dir. 2008/98/EC" inside "Dir. 2008/98/EC Art. 3(4)" is not a citation
            if not any(short != o and short in o for o in found):
                per[short] = per.get(short, 0) + 1
    counts = "\n".join("- %s: %d" % (k, v) for k, v in sorted(per.items(), key=lambda x: (-x[1], x[0].lower())))
    lines.append(SOURCES16.format(n16=n16, first16=_I16 + 2, counts=counts))
    lines.append("## Bibliography of resources.csv, scoring.csv and rules.csv\n")
    lines.append("Short citation as used in the `source` columns, then the full reference.\n")
    for short, full in bib:
        lines.append("- **%s**: %s" % (short, full))
    lines.append("")
    lines += curated_section()
    lines.append("\n## References of the MAESTRI cases behind exchanges_maestri.csv\n")
    lines.append("The `source` column of exchanges_maestri.csv gives these in short form "
                 "(first author, year), followed by \"(via MAESTRI)\".\n")
    for r in maestri_references(shared):
        lines.append("- " + r)
    with open(os.path.join(DS, "SOURCES.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def main():
    shared = "/work/shared/data"
    if "--shared" in sys.argv:
        shared = sys.argv[sys.argv.index("--shared") + 1]
    write_csv(os.path.join(DS, "resources.csv"), RES_COLS, resources_rows())
    write_csv(os.path.join(DS, "scoring.csv"), SCORING_COLS,
              [dict(zip(SCORING_COLS, r)) for r in SCORING])
    write_csv(os.path.join(DS, "rules.csv"), RULE_COLS, RULES)
    ex = maestri_rows(shared)
    write_csv(os.path.join(DS, "exchanges_maestri.csv"), EXCH_COLS, ex)
    write_sources(shared, ex)


if __name__ == "__main__":
    main()
