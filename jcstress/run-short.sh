#!/usr/bin/env bash
# Runs Sojourn's jcstress tests in the short mode (about 2 minutes on 2 CPUs) and exits
# non-zero if any test failed or errored. Extra arguments go to jcstress (for example
# `-t RotateVsLoad` to run one test; a package `knownbugs` holds pins of open bugs, if any).
# The long mode is in docs/concurrency.md.
#
# Short mode: jcstress' "default" effort preset, one JVM configuration (-jvmArgs turns off the
# flag auto-detection), unified compilation of the actors (-sc false), 2 CPUs.
set -euo pipefail
cd "$(dirname "$0")"

jar=target/jcstress.jar
if [[ ! -f "$jar" ]]; then
  echo "== building $jar"
  (cd .. && mvn -B -q -pl jcstress -am package -DskipTests)
fi

# By default, every test but the known-bug pins (package dev.sojourn.jcstress.knownbugs).
selection=(-t '^dev\.sojourn\.jcstress\.[A-Z]')
for arg in "$@"; do
  if [[ "$arg" == "-t" ]]; then selection=(); fi
done

log=target/jcstress-short.log
started=$(date +%s)
set +e
# From target/, where jcstress also drops its binary results file.
(cd target && timeout 420 java -jar jcstress.jar -m default -sc false -c 2 -jvmArgs "-Xmx256m" \
  -v -r jcstress-results "${selection[@]}" "$@") > "$log" 2>&1
status=$?
set -e
elapsed=$(( $(date +%s) - started ))

# The outcome table of every test, then the verdict. jcstress exits non-zero on a forbidden
# outcome; the report is checked as well, so that a run that tested nothing does not pass.
sed -n '/^RUN RESULTS:/,/HTML report generated/p' "$log"
summary=$(grep -E '^\(Results: ' "$log" | tail -1 || true)
echo "${summary:-(no results line)}; ${elapsed} s"

failed=0
if [[ $status -ne 0 ]]; then
  if [[ $status -eq 124 ]]; then echo "jcstress timed out" >&2; else echo "jcstress exited with status $status" >&2; fi
  failed=1
fi
if ! grep -q 'Failed tests: No matches.' "$log" || ! grep -q 'Error tests: No matches.' "$log"; then
  echo "jcstress reported failed or erroneous tests; details in jcstress/$log" >&2
  failed=1
fi
if [[ ! "$summary" =~ ^\(Results:\ ([0-9]+)\ planned\;\ ([0-9]+)\ passed,\ 0\ failed,\ 0\ soft\ errs,\ 0\ hard\ errs\)$ ]] \
    || [[ "${BASH_REMATCH[1]}" != "${BASH_REMATCH[2]}" || "${BASH_REMATCH[1]}" == 0 ]]; then
  echo "jcstress did not pass every planned test: $summary" >&2
  failed=1
fi
if [[ $failed -ne 0 ]]; then
  tail -20 "$log" >&2
  exit 1
fi
echo "jcstress short mode passed (report: jcstress/target/jcstress-results/index.html)"
