#!/usr/bin/env python3
"""Run end-to-end cases of the `symbi` binary from a case file.

A case file holds cases separated by lines of `---`. Each case is a set of
`key: value` lines:

    name: negative quantity is an error
    args: check {tests}/data/bad/negative_quantity
    exit: 3
    stderr-has: streams.csv:3: error:        (repeatable: each must appear)
    stderr-lacks: Segmentation               (repeatable)
    stdout-has: "firms": 3                   (repeatable)
    stdout-file: expected/demo_match.json    (stdout must equal this file, relative to the case file)
    stdout-empty: yes
    json: yes                                (stdout must parse as JSON)
    json-check: data["summary"]["firms"] == 3   (Python expression over `data`; repeatable)
    file-check: {tmp}/out.json exists          (a path that must exist after the run)
    file-absent: {tmp}/out.json                (a path that must not exist)
    setup: cp {tests}/data/x.json {tmp}/out.json (shell run before; repeatable)
    stdin: text                                 (given on standard input)

Placeholders: {symbi} {tests} {build} {tmp} (a fresh folder per case) {datasets}.
`args` is split like a shell would (shlex). Prints one line per case and a
closing `N passed, N failed`; exits non-zero when any case fails.
"""
import json
import os
import shlex
import subprocess
import sys
import tempfile


def parse_cases(path):
    cases, cur = [], {}
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if line.strip() == "---":
                if cur:
                    cases.append(cur)
                cur = {}
                continue
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            key, _, value = line.partition(":")
            key, value = key.strip(), value.strip()
            cur.setdefault(key, []).append(value)
    if cur:
        cases.append(cur)
    return cases


def run_case(case, case_dir, env):
    name = case.get("name", ["(unnamed)"])[0]
    tmp = tempfile.mkdtemp(prefix="symbi-test-")
    subst = {
        "symbi": env["SYMBI"],
        "tests": env["SYMBI_TESTS"],
        "build": env.get("SYMBI_BUILD", ""),
        "datasets": env["SYMBI_DATADIR"],
        "tmp": tmp,
    }

    def fill(s):
        for k, v in subst.items():
            s = s.replace("{" + k + "}", v)
        return s

    problems = []
    for cmd in case.get("setup", []):
        r = subprocess.run(fill(cmd), shell=True, env=env)
        if r.returncode != 0:
            problems.append("setup failed: " + cmd)
    args = [env["SYMBI"]] + shlex.split(fill(case["args"][0])) if "args" in case else []
    stdin = fill(case["stdin"][0]).encode() if "stdin" in case else b""
    r = subprocess.run(args, input=stdin, capture_output=True, env=env, timeout=600)
    out = r.stdout.decode("utf-8", "replace")
    err = r.stderr.decode("utf-8", "replace")
    want = int(case.get("exit", ["0"])[0])
    if r.returncode != want:
        problems.append("exit %d, expected %d" % (r.returncode, want))
    if r.returncode < 0 or "AddressSanitizer" in err or "runtime error:" in err:
        problems.append("crashed or sanitizer report")
    for s in case.get("stderr-has", []):
        if fill(s) not in err:
            problems.append("stderr lacks: " + fill(s))
    for s in case.get("stderr-lacks", []):
        if fill(s) in err:
            problems.append("stderr has: " + fill(s))
    for s in case.get("stdout-has", []):
        if fill(s) not in out:
            problems.append("stdout lacks: " + fill(s))
    for s in case.get("stdout-lacks", []):
        if fill(s) in out:
            problems.append("stdout has: " + fill(s))
    if case.get("stdout-empty", ["no"])[0] == "yes" and out:
        problems.append("stdout is not empty")
    if "stdout-file" in case:
        exp_path = os.path.join(case_dir, fill(case["stdout-file"][0]))
        with open(exp_path, encoding="utf-8") as f:
            if f.read() != out:
                problems.append("stdout differs from " + exp_path)
    data = None
    if case.get("json", ["no"])[0] == "yes" or "json-check" in case:
        try:
            data = json.loads(out)
        except ValueError as e:
            problems.append("stdout is not JSON: %s" % e)
    for expr in case.get("json-check", []):
        if data is None:
            break
        try:
            ok = eval(expr, {"data": data})  # the case files are the project's own
        except Exception as e:  # noqa: BLE001 - report any failure of the expression
            ok = False
            problems.append("json-check raised %r: %s" % (e, expr))
            continue
        if not ok:
            problems.append("json-check failed: " + expr)
    for p in case.get("file-check", []):
        p = fill(p).replace(" exists", "")
        if not os.path.exists(p):
            problems.append("missing file: " + p)
    for p in case.get("file-absent", []):
        if os.path.exists(fill(p)):
            problems.append("file should not exist: " + fill(p))
    subprocess.run(["rm", "-rf", tmp])
    return name, problems, err


def main():
    env = dict(os.environ)
    failed = passed = 0
    for path in sys.argv[1:]:
        case_dir = os.path.dirname(os.path.abspath(path))
        for case in parse_cases(path):
            name, problems, err = run_case(case, case_dir, env)
            if problems:
                failed += 1
                print("FAIL %s: %s" % (os.path.basename(path), name))
                for p in problems:
                    print("    " + p)
                print("    stderr: " + err[:2000].replace("\n", "\n            "))
            else:
                passed += 1
                print("ok   %s: %s" % (os.path.basename(path), name))
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
