#!/bin/sh
# Run the main commands under valgrind's memcheck: any invalid access, use of
# uninitialised memory or definite leak fails the test. Skipped (77) when
# valgrind is not installed.
command -v valgrind >/dev/null 2>&1 || { echo "SKIP: valgrind not installed"; exit 77; }
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0 passed=0
run() {
	expect=$1
	shift
	valgrind --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=99 -q \
		"$SYMBI" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" -ne "$expect" ]; then
		echo "FAIL (exit $rc, expected $expect): symbi $*"
		sed 's/^/    /' "$tmp/err" | head -30
		failed=$((failed + 1))
	else
		echo "ok   symbi $*"
		passed=$((passed + 1))
	fi
}
d=$SYMBI_DATADIR/innlandet
run 0 check "$d"
run 0 match "$d" --sector --optimize --top 5 -q -o "$tmp/m.json"
run 0 cluster "$d" -q -o "$tmp/c.json"
run 0 export "$d" --format graphml -q -o "$tmp/g.graphml"
run 0 export "$d" --format geojson --top 3 -q -o "$tmp/g.json"
run 0 report "$d" -q -o "$tmp/r.html"
run 0 learn "$SYMBI_DATADIR/exchanges_maestri.csv" --subchapters -o "$tmp/rules.csv"
run 3 check "$SYMBI_TESTS/data/bad/ten_errors"
run 3 check "$SYMBI_TESTS/data/bad/unclosed_quote"
run 2 match "$d" --region Nowhere
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
