#!/bin/sh
# recall.sh: leave-one-case-out recall@1/@5/@10 of symbi's sector candidates
# on the documented exchanges (datasets/exchanges_*.csv), supply side (true
# receivers of a supply) and demand side (true suppliers of a demand). The
# design is in bench/recall.py's header; figures in bench/RESULTS.md.
#
# Usage: bench/recall.sh [SYMBI [RECALL.PY OPTIONS...]]
#   SYMBI defaults to $SYMBI, then build/engine/symbi.
#   e.g. bench/recall.sh build/engine/symbi --curated all --cases
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
symbi=${1:-${SYMBI:-$here/build/engine/symbi}}
[ $# -gt 0 ] && shift
exec python3 "$here/bench/recall.py" --symbi "$symbi" "$@"
