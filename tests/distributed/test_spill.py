#!/usr/bin/env python3
"""--memory-limit: partnerships past the budget go to disk as sorted runs and
come back merged, byte for byte (README "Memory: spilling to disk").

usage: test_spill.py SYMBI-GEN   (env: SYMBI, SYMBI_DATADIR)

A budget of one byte forces every matching thread to spill every 1,024
partnerships; the output must equal the unlimited run's with --top (ranked
search), --sector, no --top (the full scan), compact and indented, one and
two threads. The temporary folder ($TMPDIR here) must be empty after
success, after a failure (--max-candidates passed after spilling) and after
an interrupt (SIGINT at a random moment of a larger run).
"""
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

GEN = sys.argv[1]
SYMBI = os.environ["SYMBI"]
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


tmp = tempfile.mkdtemp(prefix="symbi-spill-test-")
try:
    ds = os.path.join(tmp, "ds")
    subprocess.run([GEN, "--firms", "1500", "--seed", "9", "--demand-share", "0.5", "--out", ds],
                   check=True, capture_output=True)
    spill = os.path.join(tmp, "spill")
    os.mkdir(spill)
    env = dict(os.environ, TMPDIR=spill)

    def run(args, **kw):
        return subprocess.run([SYMBI] + [str(a) for a in args], capture_output=True, env=env,
                              timeout=300, **kw)

    for opts in (["--top", "3"], ["--top", "5", "--sector", "--threads", "2"],
                 ["--no-explain", "--compact", "--threads", "2"], ["--sector", "--max-km", "15", "--threads", "1"],
                 ["--top", "10", "--no-explain", "--compact", "--objective", "co2"]):
        whole = run(["match", ds, "-q", "--memory-limit", "0"] + opts)
        spilled = run(["match", ds, "-q", "--memory-limit", "1"] + opts)
        check(whole.returncode == 0 and spilled.returncode == 0 and whole.stdout == spilled.stdout
              and len(whole.stdout) > 100000 and os.listdir(spill) == [],
              "--memory-limit 1 = unlimited, folder emptied: %s (%d bytes)" %
              (" ".join(opts), len(whole.stdout)))
        # It did spill: a folder that cannot be made stops the run.
        r = run(["match", ds, "-q", "--memory-limit", "1", "--spill-dir",
                 os.path.join(tmp, "none", "such")] + opts)
        check(r.returncode == 1 and b"cannot make a folder for spilled candidates" in r.stderr,
              "the run spills (no spill folder: exit 1): %s" % " ".join(opts))
    # Through -o too (the atomic file), with --spill-dir.
    own = os.path.join(tmp, "own")
    os.mkdir(own)
    a, b = os.path.join(tmp, "a.json"), os.path.join(tmp, "b.json")
    run(["match", ds, "-q", "--top", "4", "-o", a])
    r = run(["match", ds, "-q", "--top", "4", "--memory-limit", "1K", "--spill-dir", own, "-o", b])
    check(r.returncode == 0 and open(a, "rb").read() == open(b, "rb").read()
          and os.listdir(own) == [], "--memory-limit 1K --spill-dir DIR -o FILE = unlimited")
    r = run(["match", ds, "-q", "--memory-limit", "1", "--max-candidates", "2000"])
    check(r.returncode == 1 and b"more than the limit" in r.stderr and os.listdir(spill) == [],
          "--max-candidates passed after spilling: exit 1, folder emptied")
    r = run(["match", ds, "-q", "--memory-limit", "12Q"])
    check(r.returncode == 2 and b"--memory-limit" in r.stderr, "a bad size is a usage error")
    # An interrupt: whenever it lands (matching, merging, writing), no run is left.
    big = os.path.join(tmp, "big")
    subprocess.run([GEN, "--firms", "20000", "--seed", "9", "--demand-share", "0.5", "--out", big],
                   check=True, capture_output=True)
    for delay in (0.3, 0.8, 1.5):
        p = subprocess.Popen([SYMBI, "match", big, "--sector", "-q", "--memory-limit", "1", "-o",
                              os.path.join(tmp, "int.json")], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        p.send_signal(signal.SIGINT)
        p.wait(timeout=300)
        check(os.listdir(spill) == [] and (p.returncode == 1 or p.returncode == 0),
              "SIGINT after %.1f s: exit %d, folder emptied" % (delay, p.returncode))
finally:
    shutil.rmtree(tmp, ignore_errors=True)

print("%d failed" % len(failures))
sys.exit(1 if failures else 0)
