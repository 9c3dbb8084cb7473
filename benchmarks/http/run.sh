#!/usr/bin/env bash
# The end-to-end HTTP benchmark (issue 12, items 6 and 7; docs/benchmarks.md): for each
# implementation and connection count, a fresh JVM serves the counter servlet (HttpServe), wrk warms
# it up, then measures it; the script prints
#
#   impl=NAME connections=N rps=R p50_ms=A p99_ms=B sessions_created=S max_counter=M checked=K
#     lost_updates=L slots=V
#
# and fails (exit 1) unless every request reused its session: the server must have started at most
# 4x as many sessions as there are connections (one per connection in the warm-up, one in the run;
# none for the baseline), with no errors and every response answering 200. lost_updates counts the
# checked responses whose counter was not the one its session expected (the implementation lost an
# increment); slots, the virtual clients cookies.lua opened (one per connection, normally).
#
# Build first (this script builds nothing):
#   mvn -B -pl benchmarks -am package -DskipTests
# Run it alone on the machine (on a shared one: flock /tmp/bench.lock bash benchmarks/http/run.sh).
# Knobs (environment): IMPLS, CONNECTIONS, WARMUP and DURATION (seconds), THREADS, JAVA_OPTS, and
# JAR (the uber-jar to run, default benchmarks/target/benchmarks.jar).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
jar=${JAR:-"$root/benchmarks/target/benchmarks.jar"}
IMPLS=${IMPLS:-"none jetty spring sojourn spring-redis sojourn-redis"}
CONNECTIONS=${CONNECTIONS:-"16 64"}
WARMUP=${WARMUP:-5}
DURATION=${DURATION:-10}
THREADS=${THREADS:-2}
JAVA_OPTS=${JAVA_OPTS:-"-Xms512m -Xmx512m"}

if [[ ! -f "$jar" ]]; then
  echo "no $jar: build it first with: mvn -B -pl benchmarks -am package -DskipTests" >&2
  exit 1
fi
if ! command -v wrk >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi

work=$(mktemp -d)
pid=""
cleanup() {
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "FAILED: $*" >&2
  exit 1
}

# field NAME LINE: the value of NAME=value in LINE.
field() {
  sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p" <<<"$2"
}

echo "# $(date -u '+%Y-%m-%dT%H:%M:%SZ') $(uname -n); load average:$(uptime | sed 's/.*load average://')"
echo "# $(wrk --version 2>&1 | head -1 | cut -c1-40); java: $(java -version 2>&1 | head -1)"
echo "# JAVA_OPTS=$JAVA_OPTS; wrk -t$THREADS, warm-up ${WARMUP}s, measured ${DURATION}s"

for impl in $IMPLS; do
  for connections in $CONNECTIONS; do
    log="$work/$impl-$connections.out"
    # shellcheck disable=SC2086
    java $JAVA_OPTS -cp "$jar" dev.sojourn.benchmarks.http.HttpServe "impl=$impl" \
      >"$log" 2>"$log.err" &
    pid=$!
    port=""
    for _ in $(seq 600); do
      port=$(sed -n 's/^port=//p' "$log")
      [[ -n "$port" ]] && break
      kill -0 "$pid" 2>/dev/null || fail "HttpServe impl=$impl exited: $(tail -5 "$log.err")"
      sleep 0.1
    done
    [[ -n "$port" ]] || fail "HttpServe impl=$impl printed no port in 60 s"
    url="http://127.0.0.1:$port/"
    wrk -t"$THREADS" -c"$connections" -d"${WARMUP}s" -s "$here/cookies.lua" "$url" \
      >"$work/warmup.txt"
    wrk -t"$THREADS" -c"$connections" -d"${DURATION}s" --latency -s "$here/cookies.lua" "$url" \
      >"$work/run.txt"
    kill -TERM "$pid"
    wait "$pid" || true
    pid=""

    result=$(grep '^result ' "$work/run.txt") || fail "no result from wrk: $(cat "$work/run.txt")"
    stats=$(grep '^requests=' "$log") || fail "impl=$impl reported no counts: $(tail -5 "$log.err")"
    created=$(field sessions_created "$stats")
    echo "impl=$impl connections=$connections rps=$(field rps "$result")" \
      "p50_ms=$(field p50_ms "$result") p99_ms=$(field p99_ms "$result")" \
      "sessions_created=$created max_counter=$(field max_counter "$stats")" \
      "checked=$(field checked "$result") lost_updates=$(field mismatches "$result")" \
      "slots=$(field slots "$result")"

    for check in errors non2xx unknown; do
      value=$(field "$check" "$result")
      [[ "$value" == 0 ]] || fail "impl=$impl connections=$connections: $check=$value ($result)"
    done
    if [[ "$impl" == none ]]; then
      [[ "$created" == 0 ]] || fail "impl=none started $created sessions"
    elif ((created < connections || created > 4 * connections)); then
      fail "impl=$impl connections=$connections: sessions_created=$created, expected about" \
        "$((2 * connections)) (one per connection, warm-up and run): sessions are not reused"
    fi
  done
done
