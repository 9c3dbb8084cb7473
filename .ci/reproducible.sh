#!/usr/bin/env bash
# Reproducible-build check (issue 13): builds the published modules twice (at the same time), each time from a fresh
# copy of the source tree in its own directory (so absolute paths differ too), with the release
# profile (sources, javadoc, SBOM; signing skipped) and no tests (profile no-test-compile: the test
# sources are not compiled either, except the servlet module's, whose test jar is published), then
# compares every jar and SBOM byte for byte (sha256). Exits 1 on any difference, listing the files that differ.
# Usage: bash .ci/reproducible.sh   (extra arguments go to both Maven runs, e.g. -o)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
modules=".,bom,core,testing,redis,jdbc,micrometer,servlet,spring-security,spring-boot"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The two builds run at the same time (each Maven build is mostly one thread; CI has 2 CPUs). By
# now the README's test command has downloaded nearly everything; what is left (the release
# profile's plugins) Maven writes through a temporary file and a rename, so two downloads of one
# artifact cannot leave a half-written file.
build() {
  local n=$1
  mkdir -p "$work/b$n"
  # The tracked and untracked-but-not-ignored files: no target/ directories, no build leftovers.
  (cd "$root" && git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf -) \
    | tar -xf - -C "$work/b$n"
  (cd "$work/b$n" && mvn -B -q -Prelease,no-test-compile -pl "$modules" package -DskipTests \
    -Dspotless.check.skip=true -Dgpg.skip=true -Dsojourn.unsigned.notice.skip=true \
    "${@:2}") \
    > "$work/log$n" 2>&1
  (cd "$work/b$n" && find . -maxdepth 3 -path '*/target/*' \( -name '*.jar' -o -name '*-cyclonedx.json' \) \
    | sort | xargs sha256sum) > "$work/sums$n"
}
echo "== builds 1 and 2 in $work/b1 and $work/b2, in parallel"
build 1 "$@" & first=$!
build 2 "$@" & second=$!
status=0
wait "$first" || { status=1; echo "build 1 failed:" >&2; tail -40 "$work/log1" >&2; }
wait "$second" || { status=1; echo "build 2 failed:" >&2; tail -40 "$work/log2" >&2; }
if [ "$status" -ne 0 ]; then
  exit 1
fi

count="$(wc -l < "$work/sums1")"
if [ "$count" -eq 0 ]; then
  echo "reproducible: FAILED, the build produced no jar" >&2
  exit 1
fi
if diff -u "$work/sums1" "$work/sums2"; then
  echo "reproducible: $count files (jars, sources, javadoc, SBOMs) identical in two clean builds"
else
  echo "reproducible: FAILED, the files above differ between two clean builds" >&2
  exit 1
fi
