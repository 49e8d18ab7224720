#!/bin/sh
# bench/slurm/submit.sh DATASET T OUT [match options...]
# Submit the T x T tiles of `symbi match DATASET [match options]` as a Slurm
# job array and the merge as a job that starts when every task succeeded
# (afterok). The parts go to $PARTS (default OUT.parts/), which must be on a
# file system every node sees; the merge removes it. PBS (qsub -J, depend=
# afterok) and LSF (bsub -J "name[1-N]", -w "done(name)") take the same two
# scripts with their own array variable.
set -eu
if [ $# -lt 3 ]; then
	echo "usage: $0 DATASET T OUT [match options...]" >&2
	exit 2
fi
DATASET=$1 TILE=$2 OUT=$3
shift 3
PARTS=${PARTS:-$OUT.parts}
MATCH_OPTIONS="$*"
export DATASET TILE OUT PARTS MATCH_OPTIONS
here=$(cd "$(dirname "$0")" && pwd)
last=$((TILE * TILE - 1))
array=$(sbatch --parsable --export=ALL --array=0-"$last" "$here/match-array.sbatch")
sbatch --parsable --export=ALL --dependency=afterok:"${array%%;*}" "$here/merge.sbatch"
