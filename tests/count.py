#!/usr/bin/env python3
"""Print one closing line `N passed, N failed, N skipped` for the logs of a run.

    count.py [--since STAMP] [--status S] LOG...

Each LOG is a meson testlog.json (one JSON object a line) or a one-line JSON of
the same form written by a step that is not meson (the fuzzing pass). A meson
test counts once, except that a test whose output holds its own closing line
`N passed, N failed[, N skipped]` (the case-file runner, the hostile checks,
valgrind) counts as that many, skips included. A test meson skipped (exit 77)
counts as one skip.

Only logs of this run count:
- a LOG that does not exist is one failure (the step that writes it did not
  get as far as its tests: a failed build, say), named on stderr;
- with --since, a LOG older than the file STAMP (touched when the run began)
  is one failure too, and its contents are not read;
- a LOG that holds no test, or a line that is not JSON, is one failure.
With --status, the exit status of the run so far: when it is not 0 and nothing
above failed, one failure is added, so the line never reads `0 failed` after a
step failed. Exits 1 when anything failed.
"""
import json
import os
import re
import sys

LINE = re.compile(r"^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?\s*$", re.M)


def problem(msg):
    print("count.py: " + msg, file=sys.stderr)
    return 1


def count_log(path, since):
    """(passed, failed, skipped) of one log."""
    if not os.path.isfile(path):
        return 0, problem("%s: missing: the step that writes it did not run its tests" % path), 0
    if since is not None and os.path.getmtime(path) < since:
        return 0, problem("%s: written before this run began: not counted" % path), 0
    passed = failed = skipped = tests = 0
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            if not raw.strip():
                continue
            try:
                t = json.loads(raw)
            except ValueError:
                failed += problem("%s:%d: not a JSON line" % (path, n))
                continue
            tests += 1
            result = t.get("result", "")
            if result == "SKIP":
                skipped += 1
                continue
            ok = result in ("OK", "EXPECTEDFAIL")
            counts = LINE.findall(t.get("stdout", "") or "")
            if counts:
                p, fl, sk = counts[-1]
                passed += int(p)
                failed += int(fl)
                skipped += int(sk or 0)
                if not ok and int(fl) == 0:
                    failed += problem("%s: %s failed without a failing case" % (path, t.get("name")))
            elif ok:
                passed += 1
            else:
                failed += 1
    if tests == 0:
        failed += problem("%s: no test in it" % path)
    return passed, failed, skipped


def main(argv):
    since = status = None
    logs = []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in ("--since", "--status") and i + 1 < len(argv):
            if a == "--since":
                since = os.path.getmtime(argv[i + 1])
            else:
                status = int(argv[i + 1])
            i += 2
            continue
        logs.append(a)
        i += 1
    if not logs:
        print("usage: count.py [--since STAMP] [--status S] LOG...", file=sys.stderr)
        return 2
    passed = failed = skipped = 0
    for path in logs:
        p, f, s = count_log(path, since)
        passed += p
        failed += f
        skipped += s
    if status and not failed:
        failed += problem("a step of this run failed (status %d) without a failing test" % status)
    print("%d passed, %d failed, %d skipped" % (passed, failed, skipped))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
