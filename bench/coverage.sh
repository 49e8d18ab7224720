#!/bin/sh
# coverage.sh: leave-one-case-out coverage of the learned sector rules over
# the MAESTRI exchanges (datasets/exchanges_maestri.csv). For each case, the
# rules are learned from the other cases only (the options that made
# datasets/rules_learned.csv), and the case's exchanges whose (EWC code,
# receiver NACE) a rule covers are counted; the second figure adds the
# hand-curated sector rules of datasets/rules.csv. The known miscodings of
# datasets/exchange_corrections.csv are dropped or recoded first, as for the
# shipped rules_learned.csv; a row dropped whole is not counted.
#
# Usage: bench/coverage.sh [SYMBI [EXTRA LEARN OPTIONS...]]
#   SYMBI defaults to $SYMBI, then build/engine/symbi.
# Prints the totals; the per-case table (CSV) too with COVERAGE_CASES=1.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
symbi=${1:-${SYMBI:-$here/build/engine/symbi}}
[ $# -gt 0 ] && shift
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$symbi" learn "$here/datasets/exchanges_maestri.csv" --datadir "$here/datasets" \
	--coverage --subchapters --corrections "$here/datasets/exchange_corrections.csv" \
	-q -o "$out" "$@"
tail -n 1 "$out" | awk -F, '{
	printf "leave-one-case-out coverage, %d exchanges of %d cases:\n", $2, n
	printf "  learned rules only:      %d (%.1f%%)\n", $3, $5
	printf "  learned + curated rules: %d (%.1f%%)\n", $4, $6
	printf "  curated rules only:      %d (%.1f%%)\n", $7, $8
}' n=$(($(wc -l < "$out") - 2))
[ "${COVERAGE_CASES:-0}" = 1 ] && cat "$out"
exit 0
