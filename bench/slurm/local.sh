#!/bin/sh
# bench/slurm/local.sh DATASET T OUT [match options...]
# The job array and its merge as a plain shell loop on one machine: the same
# parts and the same output as submit.sh (README "Tiles: beyond one machine").
set -eu
if [ $# -lt 3 ]; then
	echo "usage: $0 DATASET T OUT [match options...]" >&2
	exit 2
fi
DATASET=$1 T=$2 OUT=$3
shift 3
SYMBI=${SYMBI:-symbi}
PARTS=$(mktemp -d "${TMPDIR:-/tmp}/symbi-parts.XXXXXX")
trap 'rm -rf "$PARTS"' EXIT INT TERM
i=0
while [ "$i" -lt $((T * T)) ]; do
	"$SYMBI" match "$DATASET" "$@" --tile "$T" --tile-index "$i" -q -o "$PARTS/part-$i.part"
	i=$((i + 1))
done
"$SYMBI" merge "$PARTS"/part-*.part -q -o "$OUT"
