#!/bin/sh
# Benchmarks of symbi on generated national-scale datasets.
#
#   bench/run.sh [SIZE...]            (default: 10000 100000 1000000 firms)
#
# For each size, generates the dataset once with symbi-gen (seed 1) under
# $BENCH_DATA (default /tmp/symbi-bench), then times with /usr/bin/time -v:
#   check; match --top 10 (with and without explain); match --top 10 --optimize;
#   cluster --top 10;
#   export --format geojson --top 10; match --top 10 --tile 4 (when the CLI
#   has --tile); each at --threads 1 and --threads 2 (check has no threads).
# Outputs go to files under $BENCH_DATA (written and renamed like any run);
# each command starts after its previous output is removed and a sync, so
# nothing of the command before is still being written back.
# Prints one Markdown table row per run: size, command, threads, wall
# seconds, peak resident memory (MiB), exit status, partnerships written,
# partnerships per second; and the machine (nproc, memory, CPU model, load)
# and date first. $BUILD is the build folder (default build); $BENCH_SKIP
# is a space-separated list of command names to leave out (e.g. "cluster").
# Commands that take longer than $BENCH_TIMEOUT seconds (default 900) are
# stopped and reported as such.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$root/build}
data=${BENCH_DATA:-/tmp/symbi-bench}
skip=${BENCH_SKIP:-}
limit=${BENCH_TIMEOUT:-900}
symbi=$build/engine/symbi
gen=$build/bench/symbi-gen
sizes=${*:-10000 100000 1000000}

[ -x "$symbi" ] || { echo "run.sh: no $symbi: build first (ninja -C $build)" >&2; exit 1; }
[ -x "$gen" ] || { echo "run.sh: no $gen: build first (ninja -C $build)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "run.sh: needs GNU time at /usr/bin/time" >&2; exit 1; }
mkdir -p "$data"

echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: nproc $(nproc); $(free -h | awk '/^Mem:/ {print "memory " $2 " total, " $7 " available"}');" \
	"CPU $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
echo "symbi: $("$symbi" --version) ($(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?') + working tree)"
echo
echo "| firms | command | threads | wall s | peak MiB | exit | partnerships | partnerships/s | load |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|"

has_tile=no
"$symbi" match --help 2>/dev/null | grep -q -- '--tile' && has_tile=yes

# measure SIZE NAME THREADS OUTFILE ARGS...: one timed run, one table row.
measure() {
	n=$1 name=$2 threads=$3 outfile=$4
	shift 4
	case " $skip " in *" $name "*) return ;; esac
	log="$data/time.log"
	# Start with the previous command's output gone and on disk: a 16 GB file
	# still being written back, or dropped at the rename, would slow this one.
	[ -n "$outfile" ] && rm -f "$outfile"
	sync
	load=$(cut -d' ' -f1 /proc/loadavg)
	timeout "$limit" /usr/bin/time -v -o "$log" "$symbi" "$@" -q >/dev/null 2>"$data/stderr.log"
	rc=$?
	wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$log" | awk -F: '
		NF == 3 { printf "%.2f", $1 * 3600 + $2 * 60 + $3; next }
		{ printf "%.2f", $1 * 60 + $2 }')
	rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log" | awk '{ printf "%.0f", $1 / 1024 }')
	[ $rc -eq 124 ] && wall=">$limit" && rc="timeout"
	parts=-
	if [ "$rc" = 0 ] && [ -n "$outfile" ] && [ -f "$outfile" ]; then
		# The summary comes first: read its count without loading the file.
		parts=$(python3 -c '
import re, sys
head = open(sys.argv[1], "rb").read(65536).decode("utf-8", "replace")
m = re.search(r"\"summary\":\s*\{[^}]*?\"partnerships\":\s*(\d+)", head)
print(m.group(1) if m else "-")' "$outfile" 2>/dev/null || echo -)
	fi
	rate=-
	case $parts in
	'' | *[!0-9]*) ;;
	*) rate=$(awk -v p="$parts" -v w="$wall" 'BEGIN { if (w > 0) printf "%.0f", p / w; else print "-" }') ;;
	esac
	echo "| $n | $name | $threads | $wall | $rss | $rc | $parts | $rate | $load |"
	if [ "$rc" != 0 ]; then
		sed 's/^/    stderr: /' "$data/stderr.log" | tail -3 >&2
	fi
}

for n in $sizes; do
	ds="$data/n$n"
	if [ ! -f "$ds/streams.csv" ]; then
		start=$(date +%s.%N)
		"$gen" --firms "$n" --seed 1 --out "$ds" 2>/dev/null || { echo "run.sh: symbi-gen failed" >&2; exit 1; }
		end=$(date +%s.%N)
		echo "| $n | symbi-gen | 1 | $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }') | | 0 | | | |"
	fi
	measure "$n" check 1 "" check "$ds"
	for t in 1 2; do
		out="$data/match-$n-$t.json"
		measure "$n" "match --top 10" "$t" "$out" match "$ds" --top 10 --threads "$t" -o "$out"
		measure "$n" "match --top 10 --no-explain --compact" "$t" "$out" match "$ds" --top 10 \
			--no-explain --compact --threads "$t" -o "$out"
		measure "$n" "match --top 10 --optimize" "$t" "$out" match "$ds" --top 10 --optimize \
			--threads "$t" -o "$out"
		measure "$n" cluster "$t" "" cluster "$ds" --top 10 --threads "$t" -o "$data/cluster-$n-$t.json"
		measure "$n" export "$t" "" export "$ds" --format geojson --top 10 --threads "$t" \
			-o "$data/export-$n-$t.geojson"
		if [ $has_tile = yes ]; then
			measure "$n" "match --top 10 --tile 4" "$t" "$out" match "$ds" --top 10 --tile 4 \
				--threads "$t" -o "$out"
		fi
		rm -f "$out" "$data/cluster-$n-$t.json" "$data/export-$n-$t.geojson"
	done
done
