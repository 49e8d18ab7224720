#!/usr/bin/env python3
"""Parts and `symbi merge` (README "Tiles: beyond one machine").

usage: test_parts.py SYMBI-GEN   (env: SYMBI, SYMBI_DATADIR, SYMBI_SOURCE)

On two generated datasets: parts written tile by tile, merged in a shuffled
order, give the bytes of the whole run (with --top, --sector, --optimize,
--no-explain --compact, and two threads); a missing, repeated or foreign part
(another dataset, other options), a dataset changed after the parts were
written, and a damaged part are refused with exit 3 and a message naming
them, writing nothing; the plain shell loop of bench/slurm/local.sh and the
Slurm scripts run by hand give the whole run's bytes too.
"""
import os
import random
import shutil
import subprocess
import sys
import tempfile

GEN = sys.argv[1]
SYMBI = os.environ["SYMBI"]
SRC = os.environ["SYMBI_SOURCE"]
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def run(*args, cwd=None, env=None):
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, cwd=cwd,
                          env=env, timeout=300)


def same(a, b):
    with open(a, "rb") as f, open(b, "rb") as g:
        return f.read() == g.read()


def parts(ds, opts, grid, folder, tiles=None):
    os.makedirs(folder, exist_ok=True)
    out = []
    for i in tiles if tiles is not None else range(grid * grid):
        p = os.path.join(folder, "part-%d.part" % i)
        r = run(SYMBI, "match", ds, *opts, "--tile", grid, "--tile-index", i, "-q", "-o", p)
        if r.returncode != 0:
            raise SystemExit("match --tile-index %d failed: %s" % (i, r.stderr))
        out.append(p)
    return out


tmp = tempfile.mkdtemp(prefix="symbi-parts-")
try:
    A, B = os.path.join(tmp, "a"), os.path.join(tmp, "b")
    for ds, seed in ((A, 3), (B, 4)):
        subprocess.run([GEN, "--firms", "1500", "--seed", str(seed), "--out", ds], check=True,
                       capture_output=True)
    rng = random.Random(18)

    # ---- Merged parts equal the whole run, in any order.
    cases = [
        (["--top", "3", "--sector", "--threads", "2"], 3),
        (["--optimize", "--top", "5"], 2),
        (["--no-explain", "--compact", "--objective", "co2", "--max-km", "40"], 3),
        (["--top", "2", "--sector", "--optimize"], 1),
    ]
    for n, (opts, grid) in enumerate(cases):
        whole = os.path.join(tmp, "whole%d.json" % n)
        r = run(SYMBI, "match", A, *opts, "-q", "-o", whole)
        check(r.returncode == 0, "whole run %s" % " ".join(opts))
        ps = parts(A, opts, grid, os.path.join(tmp, "p%d" % n))
        rng.shuffle(ps)
        merged = os.path.join(tmp, "merged%d.json" % n)
        r = run(SYMBI, "merge", *ps, "-o", merged)
        check(r.returncode == 0 and same(whole, merged),
              "merge of %d shuffled parts = whole run, %s (%s)" % (len(ps), " ".join(opts),
                                                                  r.stderr.strip()))
        if "--optimize" in opts:
            continue
        # A budget of one byte: the merged partnerships go to disk every
        # 1,024 and come back merged, the same bytes, the folder emptied.
        spill = os.path.join(tmp, "spill%d" % n)
        os.mkdir(spill)
        merged = os.path.join(tmp, "merged%d-spilled.json" % n)
        r = run(SYMBI, "merge", *ps, "--memory-limit", "1", "--spill-dir", spill, "-o", merged)
        check(r.returncode == 0 and same(whole, merged) and os.listdir(spill) == [],
              "merge --memory-limit 1 = whole run, folder emptied: %s (%s)" %
              (" ".join(opts), r.stderr.strip()))
        # It did spill: a folder that cannot be made stops it, nothing written.
        r = run(SYMBI, "merge", *ps, "--memory-limit", "1", "--spill-dir",
                os.path.join(tmp, "none", "such"), "-o", os.path.join(tmp, "nothing.json"))
        check(r.returncode == 1 and "cannot make a folder for spilled candidates" in r.stderr
              and not os.path.exists(os.path.join(tmp, "nothing.json")),
              "merge --memory-limit 1 spills: %s" % " ".join(opts))
    # Run from another working folder, with relative part names.
    r = run(SYMBI, "merge", "part-1.part", "part-0.part", "part-3.part", "part-2.part",
            "-o", "../m.json", cwd=os.path.join(tmp, "p1"))
    check(r.returncode == 0 and same(os.path.join(tmp, "whole1.json"), os.path.join(tmp, "m.json")),
          "merge from another folder with relative names")

    opts0, grid0 = cases[0]
    p0 = sorted(parts(A, opts0, grid0, os.path.join(tmp, "p0")))
    out = os.path.join(tmp, "refused.json")

    def refused(args, needles, what):
        r = run(SYMBI, "merge", *args, "-o", out)
        ok = r.returncode == 3 and all(s in r.stderr for s in needles) and not os.path.exists(out)
        check(ok, "%s: exit 3 naming it, nothing written (exit %d: %s)" %
              (what, r.returncode, r.stderr.strip()[:300]))

    # ---- Missing, repeated, foreign.
    missing = [p for p in p0 if not p.endswith("part-4.part")]
    refused(missing, ["tile 4 of the 3 x 3 grid is missing"], "missing tile 4")
    twin = os.path.join(tmp, "copy-of-part-2.part")
    shutil.copy(os.path.join(tmp, "p0", "part-2.part"), twin)
    refused(p0 + [twin], [twin, "tile 2 repeated", "part-2.part"], "repeated tile 2")
    foreign = parts(B, opts0, grid0, os.path.join(tmp, "pb"), tiles=[5])[0]
    refused([p for p in p0 if not p.endswith("part-5.part")] + [foreign],
            [foreign, "another dataset"], "part of another dataset")
    other = parts(A, ["--top", "4", "--sector", "--threads", "2"], grid0,
                  os.path.join(tmp, "po"), tiles=[6])[0]
    refused([p for p in p0 if not p.endswith("part-6.part")] + [other],
            [other, "other options"], "part written with --top 4 among --top 3")
    grid2 = parts(A, opts0, 2, os.path.join(tmp, "pg"), tiles=[0])[0]
    refused([grid2] + p0, [p0[0], "other options"], "parts of two grids")

    # ---- Damaged parts, and a dataset changed since.
    cut = os.path.join(tmp, "cut.part")
    with open(p0[1], "rb") as f:
        data = f.read()
    with open(cut, "wb") as f:
        f.write(data[: len(data) - 100])
    refused([cut], [cut, "truncated"], "truncated part")
    flip = os.path.join(tmp, "flip.part")
    pos = data.index(b"\n", data.index(b"\n") + 1) + 50
    with open(flip, "wb") as f:
        f.write(data[:pos] + bytes([data[pos] ^ 1]) + data[pos + 1:])
    # Its checksum is checked as its records are merged: among the others.
    refused([flip] + [p for p in p0 if p != p0[1]], [flip, "damaged"], "part with a flipped byte")
    refused([os.path.join(A, "firms.csv")], ["firms.csv", "not a part"], "a CSV given as a part")
    C = os.path.join(tmp, "c")
    shutil.copytree(A, C)
    pc = parts(C, opts0, 1, os.path.join(tmp, "pc"))
    with open(os.path.join(C, "streams.csv"), "a") as f:
        f.write("\n")
    refused(pc, ["changed since the parts were written"], "dataset changed after the parts")

    # ---- The plain loop of the README and the Slurm scripts run by hand.
    env = dict(os.environ, SYMBI=SYMBI)
    loop = os.path.join(tmp, "loop.json")
    r = run("sh", os.path.join(SRC, "bench", "slurm", "local.sh"), A, 3, loop, *opts0, env=env)
    check(r.returncode == 0 and same(os.path.join(tmp, "whole0.json"), loop),
          "bench/slurm/local.sh (the README's loop) = whole run (%s)" % r.stderr.strip())
    env.update(DATASET=A, TILE="2", PARTS=os.path.join(tmp, "slurm-parts"),
               OUT=os.path.join(tmp, "slurm.json"), MATCH_OPTIONS="--optimize --top 5",
               SLURM_CPUS_PER_TASK="2")
    ok = True
    for i in (3, 1, 0, 2):
        env["SLURM_ARRAY_TASK_ID"] = str(i)
        r = run("bash", os.path.join(SRC, "bench", "slurm", "match-array.sbatch"), env=env)
        ok = ok and r.returncode == 0
    r = run("bash", os.path.join(SRC, "bench", "slurm", "merge.sbatch"), env=env)
    check(ok and r.returncode == 0 and same(os.path.join(tmp, "whole1.json"), env["OUT"])
          and not os.path.exists(env["PARTS"]),
          "match-array.sbatch x 4 then merge.sbatch = whole run, parts removed")
finally:
    shutil.rmtree(tmp, ignore_errors=True)

print("%d failed" % len(failures))
sys.exit(1 if failures else 0)
