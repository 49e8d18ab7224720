#!/usr/bin/env python3
"""tests/count.py, the closing line of a run, on logs made here by hand."""
import json
import os
import subprocess
import sys
import tempfile
import time

COUNT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "count.py")
passed = failed = 0


def log(folder, name, tests):
    path = os.path.join(folder, name)
    with open(path, "w") as f:
        for t in tests:
            f.write(json.dumps(t) + "\n")
    return path


def count(*args):
    r = subprocess.run([sys.executable, COUNT] + list(args), capture_output=True, text=True)
    return r.returncode, r.stdout.strip(), r.stderr


def case(name, got, want):
    global passed, failed
    if got == want:
        passed += 1
    else:
        failed += 1
        print("FAIL %s: got %r, want %r" % (name, got, want))


with tempfile.TemporaryDirectory() as d:
    stamp = os.path.join(d, "stamp")
    old = log(d, "old.json", [{"name": "a", "result": "OK", "stdout": "509 passed, 0 failed\n"}])
    past = time.time() - 100
    os.utime(old, (past, past))
    open(stamp, "w").close()
    good = log(d, "good.json", [
        {"name": "unit", "result": "OK", "stdout": ""},
        {"name": "cases", "result": "OK", "stdout": "ok x\n7 passed, 0 failed\n"},
        {"name": "hostile", "result": "OK", "stdout": "5 passed, 0 failed, 2 skipped\n"},
        {"name": "browser", "result": "SKIP", "stdout": "SKIP: no chromium\n"},
    ])
    bad = log(d, "bad.json", [
        {"name": "cases", "result": "FAIL", "stdout": "3 passed, 2 failed\n"},
        {"name": "crash", "result": "FAIL", "stdout": "4 passed, 0 failed\n"},
        {"name": "unit", "result": "ERROR", "stdout": ""},
    ])
    empty = log(d, "empty.json", [])
    missing = os.path.join(d, "missing.json")

    case("good", count(good)[:2], (0, "13 passed, 0 failed, 3 skipped"))
    case("bad", count(bad)[:2], (1, "7 passed, 4 failed, 0 skipped"))
    case("missing log", count(good, missing)[:2], (1, "13 passed, 1 failed, 3 skipped"))
    case("stale log", count("--since", stamp, old, good)[:2], (1, "13 passed, 1 failed, 3 skipped"))
    case("fresh log", count("--since", stamp, good)[:2], (0, "13 passed, 0 failed, 3 skipped"))
    case("empty log", count(empty)[:2], (1, "0 passed, 1 failed, 0 skipped"))
    case("failed step", count("--status", "1", good)[:2], (1, "13 passed, 1 failed, 3 skipped"))
    case("failed step, failure seen", count("--status", "1", bad)[:2], (1, "7 passed, 4 failed, 0 skipped"))
    rc, _, err = count(missing)
    case("missing log named", missing in err and rc == 1, True)

print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
