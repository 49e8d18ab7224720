#!/usr/bin/env python3
"""symbi-mpi under mpirun (README "Tiles: beyond one machine").

usage: test_mpi.py SYMBI-GEN SYMBI-MPI MPIRUN   (env: SYMBI, SYMBI_DATADIR)

On a generated dataset: `mpirun -np 1, 2, 3 symbi-mpi match` with --top,
--sector, --optimize and two threads per rank writes the bytes of `symbi
match`; `export` follows the same path; a tile that fails on every rank and
a rank killed mid-run stop the job with a message and leave no output file
(nor a temporary one).
"""
import os
import shutil
import subprocess
import sys
import tempfile

GEN, SYMBI_MPI, MPIRUN = sys.argv[1:4]
SYMBI = os.environ["SYMBI"]
# Open MPI refuses root without these; oversubscribe: more ranks than cores.
# -x: the variables the ranks need (on other nodes they would not have them).
MPI = [MPIRUN, "--allow-run-as-root", "--oversubscribe"]
for var in ("SYMBI_DATADIR", "ASAN_OPTIONS", "LSAN_OPTIONS", "UBSAN_OPTIONS",
            "OMPI_MCA_mca_base_component_disable_dlclose"):
    if var in os.environ:
        MPI += ["-x", var]
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def run(args, env=None):
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, env=env,
                          timeout=300)


def same(a, b):
    with open(a, "rb") as f, open(b, "rb") as g:
        return f.read() == g.read()


tmp = tempfile.mkdtemp(prefix="symbi-mpi-")
try:
    ds = os.path.join(tmp, "ds")
    subprocess.run([GEN, "--firms", "1500", "--seed", "5", "--out", ds], check=True,
                   capture_output=True)
    opts = ["--top", "3", "--sector", "--optimize", "--threads", "2"]
    whole = os.path.join(tmp, "whole.json")
    r = run([SYMBI, "match", ds] + opts + ["-q", "-o", whole])
    check(r.returncode == 0, "symbi match " + " ".join(opts))
    for np in (1, 2, 3):
        out = os.path.join(tmp, "mpi%d.json" % np)
        r = run(MPI + ["-np", np, SYMBI_MPI, "match", ds] + opts + ["--tile", "3", "-q", "-o", out])
        check(r.returncode == 0 and os.path.exists(out) and same(whole, out),
              "mpirun -np %d symbi-mpi match --tile 3 = symbi match (%s)" % (np, r.stderr.strip()[-300:]))
    # Without --tile: the grid is chosen from the number of ranks.
    out = os.path.join(tmp, "auto.json")
    r = run(MPI + ["-np", 2, SYMBI_MPI, "match", ds] + opts + ["-q", "-o", out])
    check(r.returncode == 0 and same(whole, out), "mpirun -np 2 without --tile = symbi match")
    # Rank 0 merges the ranks' sorted candidates in bounded memory: with a
    # budget of one byte what it keeps goes to disk, the same bytes.
    spill = os.path.join(tmp, "spill")
    os.mkdir(spill)
    opts = [o for o in opts if o != "--optimize"]  # the allocation holds everything
    whole = os.path.join(tmp, "whole-noopt.json")
    r = run([SYMBI, "match", ds] + opts + ["-q", "-o", whole])
    check(r.returncode == 0, "symbi match " + " ".join(opts))
    for np in (1, 2):
        out = os.path.join(tmp, "mpi-spilled%d.json" % np)
        r = run(MPI + ["-np", np, SYMBI_MPI, "match", ds] + opts +
                ["--tile", "3", "--memory-limit", "1", "--spill-dir", spill, "-q", "-o", out])
        check(r.returncode == 0 and same(whole, out) and os.listdir(spill) == [],
              "mpirun -np %d symbi-mpi match --memory-limit 1 = symbi match, folder emptied (%s)"
              % (np, r.stderr.strip()[-300:]))
    out = os.path.join(tmp, "mpi-nospill.json")
    r = run(MPI + ["-np", 2, SYMBI_MPI, "match", ds] + opts +
            ["--tile", "3", "--memory-limit", "1", "--spill-dir", os.path.join(tmp, "no", "such"),
             "-q", "-o", out])
    check(r.returncode != 0 and "cannot make a folder for spilled candidates" in r.stderr
          and not os.path.exists(out), "mpirun -np 2 --memory-limit 1 spills on rank 0")

    csv, csv2 = os.path.join(tmp, "whole.csv"), os.path.join(tmp, "mpi.csv")
    run([SYMBI, "export", ds, "--format", "csv", "--top", "3", "--sector", "-q", "-o", csv])
    r = run(MPI + ["-np", 3, SYMBI_MPI, "export", ds, "--format", "csv", "--top", "3", "--sector",
                   "--tile", "2", "-q", "-o", csv2])
    check(r.returncode == 0 and same(csv, csv2), "mpirun -np 3 symbi-mpi export = symbi export")

    def clean(folder):
        return [f for f in os.listdir(folder) if f.startswith("none.json")] == []

    none = os.path.join(tmp, "none.json")
    r = run(MPI + ["-np", 2, SYMBI_MPI, "match", ds, "--max-candidates", "5", "--tile", "2",
                   "-q", "-o", none])
    check(r.returncode == 1 and "symbi-mpi: rank 0, tile" in r.stderr
          and "nothing written" in r.stderr and clean(tmp),
          "a tile over --max-candidates stops the job, no output (exit %d)" % r.returncode)
    env = dict(os.environ, SYMBI_MPI_TEST_KILL_RANK="1")
    r = run(MPI + ["-x", "SYMBI_MPI_TEST_KILL_RANK", "-np", 3, SYMBI_MPI, "match", ds, "--tile",
                   "3", "-q", "-o", none], env=env)
    check(r.returncode != 0 and clean(tmp) and "rank 1" in r.stderr,
          "rank 1 killed after its first tile: job fails, no output (exit %d)" % r.returncode)
    r = run(MPI + ["-np", 2, SYMBI_MPI, "match", ds, "--tile", "2", "--tile-index", "1", "-q",
                   "-o", none])
    check(r.returncode == 2 and "--tile-index" in r.stderr and clean(tmp),
          "--tile-index is refused by symbi-mpi (exit %d)" % r.returncode)
finally:
    shutil.rmtree(tmp, ignore_errors=True)

print("%d failed" % len(failures))
sys.exit(1 if failures else 0)
