#!/usr/bin/env python3
"""Print one closing line `N passed, N failed` for meson test logs.

Each meson test counts once, except that a test whose output ends with its
own `N passed, N failed` line (the case-file runner) counts as that many.
Skipped tests are counted apart. Several testlog.json files add up.
"""
import json
import re
import sys

LINE = re.compile(r"^(\d+) passed, (\d+) failed", re.M)


def main():
    passed = failed = skipped = 0
    for path in sys.argv[1:]:
        with open(path, encoding="utf-8") as f:
            for raw in f:
                if not raw.strip():
                    continue
                t = json.loads(raw)
                result = t.get("result", "")
                if result == "SKIP":
                    skipped += 1
                    continue
                counts = LINE.findall(t.get("stdout", "") or "")
                ok = result in ("OK", "EXPECTEDFAIL")
                if counts:
                    p, fl = map(int, counts[-1])
                    passed += p
                    failed += fl
                    if not ok and fl == 0:
                        failed += 1  # the runner itself failed
                elif ok:
                    passed += 1
                else:
                    failed += 1
    tail = ", %d skipped" % skipped if skipped else ""
    print("%d passed, %d failed%s" % (passed, failed, tail))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
