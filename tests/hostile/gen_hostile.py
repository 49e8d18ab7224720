#!/usr/bin/env python3
"""Write the hostile inputs that are too big to keep in git.

    gen_hostile.py KIND DIR [N]

KIND is one of:
  wide        firms.csv with a header of 100,000 columns (and one row)
  huge_field  firms.csv whose one name is 10 MB long
  same_point  N firms (default 200) all at the same point, each offering and
              needing heat
  same_code   N suppliers and N receivers (default 300) of the same code at
              one point: N*N candidates, the quadratic corner
  bad_rows    200,000 streams rows each with an error (diagnostics capped)
  long_line   a 50 MB record of commas and no newline
Each writes DIR/firms.csv and DIR/streams.csv (a valid streams.csv when
firms.csv is the hostile one). Output is deterministic.
"""
import os
import sys

GOOD_FIRMS = ("firm_id,name,lat,lon,nace\n"
              "saw,Sawmill,60.8,10.7,16.10\n"
              "heat,Heat,60.79,10.69,35.30\n")
GOOD_STREAMS = ("firm_id,direction,resource,quantity,unit,temp_c\n"
                "saw,supply,energy:heat,100,MWh,80\n"
                "heat,demand,energy:heat,100,MWh,60\n")


def write(path, text):
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    kind, out = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else None
    os.makedirs(out, exist_ok=True)
    firms, streams = os.path.join(out, "firms.csv"), os.path.join(out, "streams.csv")
    if kind == "wide":
        cols = ["firm_id", "name", "lat", "lon"] + ["x%d" % i for i in range(100000 - 4)]
        row = ["saw", "Sawmill", "60.8", "10.7"] + [""] * (100000 - 4)
        write(firms, ",".join(cols) + "\n" + ",".join(row) + "\n")
        write(streams, GOOD_STREAMS.replace("heat,demand", "saw,demand"))
    elif kind == "huge_field":
        write(firms, "firm_id,name,lat,lon\nsaw," + "x" * (10 << 20) + ",60.8,10.7\n"
              "heat,Heat,60.79,10.69\n")
        write(streams, GOOD_STREAMS)
    elif kind == "same_point":
        n = n or 200
        f = ["firm_id,name,lat,lon,nace"]
        s = ["firm_id,stream_id,direction,resource,quantity,unit,temp_c"]
        for i in range(n):
            f.append("f%04d,Firm %d,60.5,10.5,35.30" % (i, i))
            s.append("f%04d,f%04d/s,supply,energy:heat,%d,MWh,80" % (i, i, 100 + i))
            s.append("f%04d,f%04d/d,demand,energy:heat,%d,MWh,60" % (i, i, 100 + i))
        write(firms, "\n".join(f) + "\n")
        write(streams, "\n".join(s) + "\n")
    elif kind == "same_code":
        n = n or 300
        f = ["firm_id,name,lat,lon,nace"]
        s = ["firm_id,stream_id,direction,resource,quantity,unit,disposal_cost,purchase_price"]
        for i in range(n):
            f.append("s%04d,Supplier %d,60.5,10.5,16.10" % (i, i))
            f.append("r%04d,Receiver %d,60.5,10.5,35.30" % (i, i))
            s.append("s%04d,s%04d/1,supply,ewc:030105,%d,t,100," % (i, i, 10 + i))
            s.append("r%04d,r%04d/1,demand,ewc:030105,%d,t,,200" % (i, i, 10 + i))
        write(firms, "\n".join(f) + "\n")
        write(streams, "\n".join(s) + "\n")
    elif kind == "bad_rows":
        write(firms, GOOD_FIRMS)
        rows = ["firm_id,direction,resource,quantity,unit"]
        rows += ["saw,supply,ewc:030105,-%d,t" % (i + 1) for i in range(200000)]
        write(streams, "\n".join(rows) + "\n")
    elif kind == "long_line":
        write(firms, "firm_id,name,lat,lon\n" + "," * (50 << 20))
        write(streams, GOOD_STREAMS)
    else:
        sys.exit("gen_hostile.py: unknown kind '%s'\n%s" % (kind, __doc__))


if __name__ == "__main__":
    main()
