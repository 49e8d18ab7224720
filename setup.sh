#!/usr/bin/env bash
# setup.sh — set up a Debian machine for symbi, build it, and run something.
#
#   ./setup.sh demo   install what is missing, build, run symbi on the demo dataset
#   ./setup.sh test   install what is missing, build, run the whole test suite
#   ./setup.sh build  install what is missing and build
#
# Safe to run again: packages already there are not reinstalled, an existing
# build folder is reused. Installing needs root (or sudo).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
build=${SYMBI_BUILD_DIR:-build}

# What each is for: README, Dependencies. chromium drives the report's browser test;
# clang builds the fuzzing harnesses; openmpi builds and runs symbi-mpi.
packages=(gcc clang meson ninja-build pkg-config libigraph-dev libcsv-dev libcjson-dev libglpk-dev
	libzip-dev libexpat1-dev libxlsxwriter-dev libopenmpi-dev openmpi-bin chromium valgrind python3)

install_packages() {
	local missing=()
	for p in "${packages[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	echo "setup: installing ${missing[*]}" >&2
	local sudo=()
	[ "$(id -u)" -eq 0 ] || sudo=(sudo)
	"${sudo[@]}" apt-get update -qq
	DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

configure_and_build() {
	if [ -f "$build/build.ninja" ]; then
		meson setup --reconfigure "$build" >/dev/null || return 1
	else
		meson setup "$build" >/dev/null || return 1
	fi
	ninja -C "$build" >&2 || return 1
}

action=${1:-demo}
case "$action" in
demo)
	install_packages
	configure_and_build
	echo "== symbi check datasets/innlandet" >&2
	"$build/engine/symbi" check datasets/innlandet
	echo "== symbi match datasets/innlandet --optimize -o $build/innlandet-match.json" >&2
	"$build/engine/symbi" match datasets/innlandet --optimize -o "$build/innlandet-match.json"
	echo "== symbi cluster datasets/innlandet -o $build/innlandet-clusters.json" >&2
	"$build/engine/symbi" cluster datasets/innlandet -o "$build/innlandet-clusters.json"
	echo "== symbi report datasets/innlandet -o $build/innlandet-report.html" >&2
	"$build/engine/symbi" report datasets/innlandet -o "$build/innlandet-report.html"
	echo "setup: results in $build/innlandet-*.json and $build/innlandet-report.html" >&2
	;;
test)
	install_packages
	# A log left by an earlier run must never be counted as this one's.
	log="$build/meson-logs/testlog.json"
	rm -f "$log"
	status=0
	if configure_and_build; then
		meson test -C "$build" --print-errorlogs --num-processes 2 >&2 || status=$?
	else
		echo "setup: the build failed; no test ran" >&2
		status=1
	fi
	python3 tests/count.py --status "$status" "$log" || status=1
	exit $status
	;;
build)
	install_packages
	configure_and_build
	;;
*)
	echo "usage: ./setup.sh demo|test|build" >&2
	exit 2
	;;
esac
