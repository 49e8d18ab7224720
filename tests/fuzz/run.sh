#!/bin/sh
# Run the libFuzzer harnesses of tests/fuzz for a bounded time each.
#
#   tests/fuzz/run.sh [SECONDS] [HARNESS...]      (default: 30 s, every harness)
#
# Configures a separate clang build folder (build-fuzz, or $SYMBI_FUZZ_BUILD)
# with -Dfuzz=true, builds the harnesses, and runs each for SECONDS with
# -max_total_time, the seed corpus of tests/fuzz/corpus/<harness> and the
# dictionary tests/fuzz/symbi.dict. New inputs go to BUILD/fuzz-corpus/<harness>
# (kept between runs), crashes to BUILD/fuzz-artifacts/<harness>/. $FUZZ_JOBS
# harnesses run at once (default 1). Prints each harness's final statistics
# and exits 1 when any harness found a crash, a leak or a sanitizer report
# (turn each into a case of tests/hostile: see tests/hostile/README notes).
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
secs=${1:-30}
[ $# -gt 0 ] && shift
harnesses=${*:-firms streams rules taxonomy config query workbook xlsx dialects encodings}
build=${SYMBI_FUZZ_BUILD:-$root/build-fuzz}
jobs=${FUZZ_JOBS:-1}

case $secs in
'' | *[!0-9]*) echo "run.sh: SECONDS must be a whole number, not '$secs'" >&2; exit 2 ;;
esac

if [ ! -f "$build/build.ninja" ]; then
	CC=${CC:-clang} meson setup "$build" "$root" -Dfuzz=true -Dbuildtype=debugoptimized \
		>"$build.setup.log" 2>&1 || { cat "$build.setup.log" >&2; exit 1; }
	rm -f "$build.setup.log"
fi
targets=
for h in $harnesses; do targets="$targets tests/fuzz/fuzz_$h"; done
# shellcheck disable=SC2086
ninja -C "$build" $targets >/dev/null || { ninja -C "$build" $targets; exit 1; }

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export SYMBI_DATADIR=${SYMBI_DATADIR:-$root/datasets}
mkdir -p "$build/fuzz-logs"

run_one() {
	h=$1
	work="$build/fuzz-corpus/$h"
	art="$build/fuzz-artifacts/$h"
	mkdir -p "$work" "$art"
	"$build/tests/fuzz/fuzz_$h" -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 \
		-max_len=65536 -dict="$here/symbi.dict" -print_final_stats=1 \
		-artifact_prefix="$art/" "$work" "$here/corpus/$h" \
		>"$build/fuzz-logs/$h.log" 2>&1
	echo $? >"$build/fuzz-logs/$h.rc"
}

running=0
for h in $harnesses; do
	run_one "$h" &
	running=$((running + 1))
	if [ "$running" -ge "$jobs" ]; then
		wait
		running=0
	fi
done
wait

status=0
printf '%-10s %8s %12s %10s %8s %s\n' harness seconds executions exec/s cov result
for h in $harnesses; do
	log="$build/fuzz-logs/$h.log"
	rc=$(cat "$build/fuzz-logs/$h.rc" 2>/dev/null || echo 1)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
	if [ "$rc" = 0 ]; then
		result=ok
	else
		result="FAILED (exit $rc, log $log)"
		status=1
	fi
	printf '%-10s %8s %12s %10s %8s %s\n' "$h" "$secs" "${execs:-?}" "${speed:-?}" "${cov:-?}" "$result"
done
if [ $status -ne 0 ]; then
	echo
	for h in $harnesses; do
		rc=$(cat "$build/fuzz-logs/$h.rc" 2>/dev/null || echo 1)
		[ "$rc" = 0 ] && continue
		echo "== $h: last lines of $build/fuzz-logs/$h.log"
		tail -40 "$build/fuzz-logs/$h.log"
		ls "$build/fuzz-artifacts/$h/" 2>/dev/null | sed "s|^|   artifact: $build/fuzz-artifacts/$h/|"
	done
fi
exit $status
