#!/usr/bin/env python3
"""Hostile conditions the case files cannot express: signals during a long
run, files without permissions, a full disk, a closed stdout, and an earlier
output file that a failing run must leave byte-identical.

    test_hostile.py [SYMBI_GEN]

Environment (set by meson, see tests/meson.build): SYMBI (the binary),
SYMBI_TESTS (tests/), SYMBI_BUILD (the build folder). SYMBI_GEN, the bench
generator that makes the large dataset of the signal tests, is the argument,
else $SYMBI_GEN, else SYMBI_BUILD/bench/symbi-gen.
Prints one line per check (ok / FAIL / skip with the reason) and exits 1 when
any check failed.
"""
import os
import signal
import subprocess
import sys
import tempfile
import time

SYMBI = os.environ["SYMBI"]
TESTS = os.environ["SYMBI_TESTS"]
BUILD = os.environ.get("SYMBI_BUILD", "")
BASE = os.path.join(TESTS, "hostile", "data", "base")
BAD = os.path.join(TESTS, "hostile", "data", "dup_firm")
SENTINEL = b"earlier output: must survive a failing run\n"


class Skip(Exception):
    pass


class Failed(Exception):
    pass


def expect(cond, msg="check failed"):
    """A check that `python3 -O` cannot remove, unlike `assert`."""
    if not cond:
        raise Failed(msg)


def run(args, **kw):
    kw.setdefault("capture_output", True)
    kw.setdefault("timeout", 300)
    return subprocess.run([SYMBI] + args, **kw)


def no_sanitizer_report(err):
    expect("AddressSanitizer" not in err and "runtime error:" not in err, err[:2000])


def leftovers(folder, keep):
    """Files other than `keep` in the folder: a temporary file left behind."""
    return sorted(set(os.listdir(folder)) - set(keep))


def with_sentinel(tmp):
    out = os.path.join(tmp, "out.json")
    with open(out, "wb") as f:
        f.write(SENTINEL)
    return out


def expect_sentinel(out):
    with open(out, "rb") as f:
        expect(f.read() == SENTINEL, "the earlier output file was changed")


# ---- an earlier output file survives every kind of failure -------------------

def check_sentinel_bad_input(tmp):
    out = with_sentinel(tmp)
    r = run(["match", BAD, "-o", out])
    err = r.stderr.decode("utf-8", "replace")
    expect(r.returncode == 3, "exit %d, expected 3" % r.returncode)
    expect("duplicate firm_id" in err, err)
    expect_sentinel(out)
    expect(leftovers(tmp, ["out.json"]) == [], leftovers(tmp, ["out.json"]))


def check_sentinel_usage_error(tmp):
    out = with_sentinel(tmp)
    r = run(["match", BASE, "--top", "many", "-o", out])
    expect(r.returncode == 2, "exit %d, expected 2" % r.returncode)
    expect(b"--top" in r.stderr, r.stderr)
    expect_sentinel(out)
    expect(leftovers(tmp, ["out.json"]) == [])


def check_sentinel_limit(tmp):
    data = os.path.join(tmp, "d")
    subprocess.run([sys.executable, os.path.join(TESTS, "hostile", "gen_hostile.py"),
                    "same_code", data, "100"], check=True)
    out = with_sentinel(tmp)
    r = run(["match", data, "--max-candidates", "10", "-o", out])
    expect(r.returncode == 1, "exit %d, expected 1" % r.returncode)
    expect(b"max-candidates" in r.stderr, r.stderr)
    expect_sentinel(out)
    expect(leftovers(tmp, ["out.json", "d"]) == [])


def check_success_replaces(tmp):
    """The control: a run that succeeds does replace the file, whole."""
    out = with_sentinel(tmp)
    r = run(["match", BASE, "-o", out])
    expect(r.returncode == 0, r.stderr)
    with open(out, "rb") as f:
        body = f.read()
    expect(body != SENTINEL and body.lstrip().startswith(b"{"), body[:200])
    expect(r.stdout == b"", "stdout must stay empty with -o")
    expect(leftovers(tmp, ["out.json"]) == [])


# ---- signals -----------------------------------------------------------------

def big_dataset(tmp):
    gen = (sys.argv[1] if len(sys.argv) > 1 else os.environ.get("SYMBI_GEN")) \
        or os.path.join(BUILD, "bench", "symbi-gen")
    if not os.path.exists(gen):
        raise Skip("no symbi-gen at %s (build bench/symbi-gen)" % gen)
    data = os.path.join(tmp, "big")
    subprocess.run([gen, "--firms", "200000", "--seed", "7", "--out", data],
                   check=True, capture_output=True)
    return data


def interrupted_run(tmp, sig):
    data = big_dataset(tmp)
    out = with_sentinel(tmp)
    p = subprocess.Popen([SYMBI, "match", data, "--top", "10", "-o", out],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(0.3)
    if p.poll() is not None:
        raise AssertionError("the run ended before the signal (exit %d): make it longer"
                             % p.returncode)
    p.send_signal(sig)
    try:
        stdout, stderr = p.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        p.kill()
        raise AssertionError("no exit within 120 s of the signal")
    err = stderr.decode("utf-8", "replace")
    no_sanitizer_report(err)
    expect(p.returncode > 0, "exit %d: expected a failure status, not death by the signal" \
        % p.returncode)
    expect("interrupt" in err.lower(), "no clear message: " + err[-500:])
    expect(stdout == b"")
    expect_sentinel(out)
    expect(leftovers(tmp, ["out.json", "big"]) == [], leftovers(tmp, ["out.json", "big"]))


def check_sigterm(tmp):
    interrupted_run(tmp, signal.SIGTERM)


def check_sigint(tmp):
    interrupted_run(tmp, signal.SIGINT)


# ---- permissions ---------------------------------------------------------------

def check_unreadable(tmp):
    if os.geteuid() == 0:
        raise Skip("running as root, which can read a chmod 000 file")
    data = os.path.join(tmp, "d")
    os.mkdir(data)
    for name in ("firms.csv", "streams.csv"):
        with open(os.path.join(BASE, name), "rb") as src, \
                open(os.path.join(data, name), "wb") as dst:
            dst.write(src.read())
    os.chmod(os.path.join(data, "streams.csv"), 0)
    try:
        r = run(["check", data])
    finally:
        os.chmod(os.path.join(data, "streams.csv"), 0o644)
    err = r.stderr.decode("utf-8", "replace")
    expect(r.returncode in (1, 3), "exit %d" % r.returncode)
    expect("streams.csv" in err and "Permission denied" in err, err)


def check_unwritable_folder(tmp):
    if os.geteuid() == 0:
        raise Skip("running as root, which can write in a chmod 555 folder")
    folder = os.path.join(tmp, "ro")
    os.mkdir(folder)
    os.chmod(folder, 0o555)
    try:
        r = run(["match", BASE, "-o", os.path.join(folder, "out.json")])
    finally:
        os.chmod(folder, 0o755)
    err = r.stderr.decode("utf-8", "replace")
    expect(r.returncode == 1, "exit %d, expected 1" % r.returncode)
    expect("cannot write" in err and "Permission denied" in err, err)
    expect(os.listdir(folder) == [])


# ---- full disk and closed stdout ---------------------------------------------------

def check_dev_full(tmp):
    if not os.path.exists("/dev/full"):
        raise Skip("no /dev/full on this system")
    for cmd in (["match", BASE], ["check", BASE], ["check", BASE, "--json"]):
        with open("/dev/full", "wb") as full:
            r = run(cmd, stdout=full, capture_output=False, stderr=subprocess.PIPE)
        err = r.stderr.decode("utf-8", "replace")
        no_sanitizer_report(err)
        expect(r.returncode == 1, "%s > /dev/full: exit %d, expected 1" % (cmd[0], r.returncode))
        expect("No space left on device" in err or "error writing" in err, err)


def check_stdout_closed(tmp):
    for cmd in (["match", BASE], ["check", BASE], ["--version"], ["--help"]):
        r = run(cmd, stdout=None, capture_output=False, stderr=subprocess.PIPE,
                preexec_fn=lambda: os.close(1))
        err = r.stderr.decode("utf-8", "replace")
        no_sanitizer_report(err)
        expect(r.returncode == 1, "%s with stdout closed: exit %d, expected 1" \
            % (cmd[0], r.returncode))
        expect(err.strip(), "%s with stdout closed: no message" % cmd[0])


def check_stdout_pipe_closed(tmp):
    """A reader that goes away (| head -c 1) makes a write error, not a
    silent success nor death by SIGPIPE."""
    data = os.path.join(tmp, "d")
    subprocess.run([sys.executable, os.path.join(TESTS, "hostile", "gen_hostile.py"),
                    "same_point", data, "100"], check=True)
    p = subprocess.Popen([SYMBI, "match", data], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    p.stdout.read(1)
    p.stdout.close()
    err = p.stderr.read().decode("utf-8", "replace")
    p.wait(timeout=120)
    no_sanitizer_report(err)
    expect(p.returncode == 1, "exit %d, expected 1" % p.returncode)
    expect("error writing" in err or "Broken pipe" in err, err)


def check_long_field_memory(tmp):
    """A 400 MB field, streamed through a pipe to a run limited to 256 MB of
    address space, is refused at the field cap (1 MiB) while it is read:
    memory stays bounded by the cap, not by the field."""
    import resource

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (256 << 20, 256 << 20))

    probe = subprocess.run([SYMBI, "--version"], capture_output=True, preexec_fn=limit)
    if probe.returncode != 0:
        raise Skip("this build cannot start in 256 MB of address space (a sanitizer)")
    streams = os.path.join(BASE, "streams.csv")
    p = subprocess.Popen([SYMBI, "check", "--firms", "/dev/stdin", "--streams", streams],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         preexec_fn=limit)
    chunk = b"x" * (1 << 20)
    try:
        p.stdin.write(b"firm_id,name,lat,lon\nF1,")
        for _ in range(400):
            p.stdin.write(chunk)
        p.stdin.close()
    except BrokenPipeError:
        pass
    out, err = p.communicate(timeout=300)
    err = err.decode("utf-8", "replace")
    expect(p.returncode == 3, "exit %d: %s" % (p.returncode, err[-500:]))
    expect("field longer than" in err, err[-500:])


CHECKS = [
    check_success_replaces,
    check_sentinel_bad_input,
    check_sentinel_usage_error,
    check_sentinel_limit,
    check_sigterm,
    check_sigint,
    check_unreadable,
    check_unwritable_folder,
    check_dev_full,
    check_stdout_closed,
    check_stdout_pipe_closed,
    check_long_field_memory,
]


def main():
    failed = passed = skipped = 0
    for check in CHECKS:
        name = check.__name__[len("check_"):]
        with tempfile.TemporaryDirectory(prefix="symbi-hostile-") as tmp:
            try:
                check(tmp)
            except Skip as e:
                skipped += 1
                print("skip %s: %s" % (name, e))
                continue
            except (Failed, subprocess.SubprocessError, OSError) as e:
                failed += 1
                print("FAIL %s: %s" % (name, e))
                continue
        passed += 1
        print("ok   %s" % name)
    print("%d passed, %d failed, %d skipped" % (passed, failed, skipped))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
