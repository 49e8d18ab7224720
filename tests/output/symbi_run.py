"""What the output checks share (check_exports.py, check_report.py): running
the symbi binary that $SYMBI names."""
import os
import subprocess
import sys

SYMBI = os.environ["SYMBI"]


def run(args):
    """symbi ARGS: its standard output (bytes); a failure ends the check,
    with symbi's stderr and exit status."""
    r = subprocess.run([SYMBI] + args, capture_output=True, timeout=600)
    if r.returncode != 0:
        sys.stderr.write(r.stderr.decode("utf-8", "replace"))
        raise SystemExit("FAIL: symbi %s exited %d" % (" ".join(args), r.returncode))
    return r.stdout
