#!/usr/bin/env bash
# The end-to-end HTTP benchmark (issue 12, items 6 and 7; docs/benchmarks.md): for each
# implementation and connection count, a fresh JVM serves the counter servlet (HttpServe), wrk warms
# it up, then measures it; the script prints
#
#   impl=NAME connections=N rps=R p50_ms=A p99_ms=B sessions_created=S max_counter=M checked=K
#     lost_updates=L slots=V round=I
#
# and fails (exit 1) unless every request reused its session: the server must have started at most
# 4x as many sessions as there are connections (one per connection in the warm-up, one in the run;
# none for the baseline), with no errors and every response answering 200. lost_updates counts the
# checked responses whose counter was not the one its session expected (the implementation lost an
# increment); slots, the virtual clients cookies.lua opened (one per connection, normally).
#
# Rounds: every impl x connections runs once per round, ROUNDS rounds (default 3). The order of the
# impls is rotated from round to round (round r starts r*n/ROUNDS places further on, n impls), so
# that no implementation always runs first or last, on a machine whose speed drifts. After the last
# round it prints, per impl and connections, the median over the rounds (and the spread of rps):
#
#   summary impl=NAME connections=N rounds=R rps_median=X p50_ms_median=A p99_ms_median=B
#     rps_min=L rps_max=H
#
# and the item-7 ratios on the medians, for the impls that ran:
#
#   ratio sojourn/jetty connections=N value=V per_round=R1,R2,..  (also sojourn/spring,
#   ratio sojourn-redis/spring-redis connections=N value=V ...    sojourn-redis/jetty)
#   overhead impl=NAME connections=N value=V              (1 - rps_median / rps_median of none)
#
# PIN=1 pins the server JVM to CPU 0 and wrk to CPU 1 (taskset), so that the load generator does
# not take the server's CPU. What it changes besides: the JVM then sees one CPU (its GC and JIT
# threads and availableProcessors() shrink accordingly; the default JAVA_OPTS name G1, which the JVM
# picks on two CPUs anyway, so that it does not fall back to the serial GC on one), and the
# redis-server a Redis layer starts (a child process of the JVM) inherits the JVM's CPU 0, so
# the Redis rows share one CPU between Jetty and Redis. wrk runs one thread (-t1) on its CPU unless
# THREADS says otherwise.
# Default PIN=0: nothing pinned, the OS schedules all of them on every CPU.
#
# THREADS=conn runs one wrk thread per connection. wrk keeps one Lua state per thread, so with
# fewer threads than connections cookies.lua hands each request whichever virtual client of its
# thread is free, and one keep-alive connection carries different cookies from request to request
# (a browser's carries one). Jetty keeps a per-connection cache of request header fields, the
# Cookie header among them; the churn misses it and overflows it (its clear() took 11% of the
# sampled CPU of the sojourn layer in the profile in docs/benchmarks.md). With THREADS=conn each
# connection keeps its one cookie.
#
# Before/after in one run: BEFORE_JAR=path runs each impl of BEFORE_IMPLS (default "sojourn") a
# second time from that jar, reported as impl=NAME@before and rotated with the others, and prints
# ratio NAME/NAME@before.
#
# Build first (this script builds nothing):
#   mvn -B -pl benchmarks -am package -DskipTests
# Run it alone on the machine (on a shared one: flock /tmp/bench.lock bash benchmarks/http/run.sh).
# Knobs (environment): IMPLS, CONNECTIONS, ROUNDS, WARMUP and DURATION (seconds), THREADS (a number
# or conn; default 2, 1 with PIN=1), PIN,
# JAVA_OPTS, JAR (the uber-jar to run, default benchmarks/target/benchmarks.jar), BEFORE_JAR,
# BEFORE_IMPLS.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
jar=${JAR:-"$root/benchmarks/target/benchmarks.jar"}
IMPLS=${IMPLS:-"none jetty spring sojourn spring-redis sojourn-redis"}
CONNECTIONS=${CONNECTIONS:-"16 64"}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-5}
DURATION=${DURATION:-10}
PIN=${PIN:-0}
JAVA_OPTS=${JAVA_OPTS:-"-Xms512m -Xmx512m -XX:+UseG1GC"}
BEFORE_JAR=${BEFORE_JAR:-}
BEFORE_IMPLS=${BEFORE_IMPLS:-sojourn}
if [[ "$PIN" == 1 ]]; then
  THREADS=${THREADS:-1}
  server_cpu=(taskset -c 0)
  client_cpu=(taskset -c 1)
else
  THREADS=${THREADS:-2}
  server_cpu=()
  client_cpu=()
fi

fail() {
  echo "FAILED: $*" >&2
  exit 1
}

for f in "$jar" ${BEFORE_JAR:+"$BEFORE_JAR"}; do
  [[ -f "$f" ]] || fail "no $f: build it first with: mvn -B -pl benchmarks -am package -DskipTests"
done
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

# field NAME LINE: the value of NAME=value in LINE.
field() {
  sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p" <<<"$2"
}

# start_server IMPL JARFILE: starts HttpServe in the background; sets pid and port.
start_server() {
  local impl=$1 jarfile=$2 log=$3
  # shellcheck disable=SC2086
  "${server_cpu[@]}" java $JAVA_OPTS -cp "$jarfile" dev.sojourn.benchmarks.http.HttpServe \
    "impl=$impl" >"$log" 2>"$log.err" &
  pid=$!
  port=""
  for _ in $(seq 600); do
    port=$(sed -n 's/^port=//p' "$log")
    [[ -n "$port" ]] && return 0
    kill -0 "$pid" 2>/dev/null || fail "HttpServe impl=$impl exited: $(tail -5 "$log.err")"
    sleep 0.1
  done
  fail "HttpServe impl=$impl printed no port in 60 s"
}

# stop_server: SIGTERM, on which HttpServe prints its counts.
stop_server() {
  kill -TERM "$pid"
  wait "$pid" || true
  pid=""
}

# load SECONDS CONNECTIONS URL [wrk options...]: one wrk run with cookies.lua.
load() {
  local seconds=$1 connections=$2 url=$3
  shift 3
  local threads=$THREADS
  [[ "$THREADS" == conn ]] && threads=$connections
  "${client_cpu[@]}" wrk -t"$threads" -c"$connections" -d"${seconds}s" "$@" \
    -s "$here/cookies.lua" "$url"
}

# measure LABEL CONNECTIONS ROUND: one server, warm-up, measured run, checks; prints the row and
# appends "LABEL CONNECTIONS RPS P50 P99" to $work/rows.
measure() {
  local label=$1 connections=$2 round=$3
  local impl=${label%@before} jarfile=$jar log="$work/server.out"
  [[ "$label" == *@before ]] && jarfile=$BEFORE_JAR
  start_server "$impl" "$jarfile" "$log"
  local url="http://127.0.0.1:$port/"
  load "$WARMUP" "$connections" "$url" >"$work/warmup.txt"
  load "$DURATION" "$connections" "$url" --latency >"$work/run.txt"
  stop_server

  local result stats created rps p50 p99
  result=$(grep '^result ' "$work/run.txt") || fail "no result from wrk: $(cat "$work/run.txt")"
  stats=$(grep '^requests=' "$log") || fail "impl=$label reported no counts: $(tail -5 "$log.err")"
  created=$(field sessions_created "$stats")
  rps=$(field rps "$result")
  p50=$(field p50_ms "$result")
  p99=$(field p99_ms "$result")
  echo "impl=$label connections=$connections rps=$rps p50_ms=$p50 p99_ms=$p99" \
    "sessions_created=$created max_counter=$(field max_counter "$stats")" \
    "checked=$(field checked "$result") lost_updates=$(field mismatches "$result")" \
    "slots=$(field slots "$result") round=$round"

  local check value
  for check in errors non2xx unknown; do
    value=$(field "$check" "$result")
    [[ "$value" == 0 ]] || fail "impl=$label connections=$connections: $check=$value ($result)"
  done
  if [[ "$impl" == none ]]; then
    [[ "$created" == 0 ]] || fail "impl=none started $created sessions"
  elif ((created < connections || created > 4 * connections)); then
    fail "impl=$label connections=$connections: sessions_created=$created, expected about" \
      "$((2 * connections)) (one per connection, warm-up and run): sessions are not reused"
  fi
  echo "$label $connections $rps $p50 $p99 $round" >>"$work/rows"
}

# median LABEL CONNECTIONS COLUMN: the median of a column (3 rps, 4 p50, 5 p99) over the rounds
# (the mean of the two middle values for an even count); "min"/"max" as a 4th argument instead.
median() {
  awk -v l="$1" -v c="$2" -v k="$3" -v what="${4:-median}" '
    $1 == l && $2 == c { v[n++] = $k }
    END {
      if (n == 0) exit
      for (i = 1; i < n; i++) for (j = i; j > 0 && v[j - 1] > v[j]; j--) {
        t = v[j]; v[j] = v[j - 1]; v[j - 1] = t
      }
      if (what == "min") r = v[0]
      else if (what == "max") r = v[n - 1]
      else r = (n % 2) ? v[(n - 1) / 2] : (v[n / 2 - 1] + v[n / 2]) / 2
      printf (k == 3 ? "%.0f\n" : "%.3f\n"), r
    }' "$work/rows"
}

# paired A B CONNECTIONS: A's rps over B's in each round (both ran in it), as r1,r2,...
paired() {
  awk -v a="$1" -v b="$2" -v c="$3" '
    $2 == c && $1 == a { ra[$6] = $3 }
    $2 == c && $1 == b { rb[$6] = $3 }
    END {
      for (r = 1; r in ra || r in rb; r++) if (r in ra && r in rb && rb[r] > 0) {
        out = out (out == "" ? "" : ",") sprintf("%.2f", ra[r] / rb[r])
      }
      print out
    }' "$work/rows"
}

# ratio A B CONNECTIONS: prints "ratio A/B connections=N value=V per_round=..." if both ran: V on
# the medians, per_round the ratio within each round (the two ran minutes apart at most).
ratio() {
  local a b
  a=$(median "$1" "$3" 3)
  b=$(median "$2" "$3" 3)
  [[ -n "$a" && -n "$b" ]] || return 0
  echo "ratio $1/$2 connections=$3 value=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", a / b }')" \
    "per_round=$(paired "$1" "$2" "$3")"
}

summary() {
  local label connections base rps
  for connections in $CONNECTIONS; do
    for label in "${labels[@]}"; do
      rps=$(median "$label" "$connections" 3)
      [[ -n "$rps" ]] || continue
      echo "summary impl=$label connections=$connections rounds=$ROUNDS rps_median=$rps" \
        "p50_ms_median=$(median "$label" "$connections" 4)" \
        "p99_ms_median=$(median "$label" "$connections" 5)" \
        "rps_min=$(median "$label" "$connections" 3 min)" \
        "rps_max=$(median "$label" "$connections" 3 max)"
    done
  done
  for connections in $CONNECTIONS; do
    ratio sojourn jetty "$connections"
    ratio sojourn spring "$connections"
    ratio sojourn-redis spring-redis "$connections"
    ratio sojourn-redis jetty "$connections"
    for label in "${labels[@]}"; do
      [[ "$label" == *@before ]] && ratio "${label%@before}" "$label" "$connections"
    done
    base=$(median none "$connections" 3)
    [[ -n "$base" ]] || continue
    for label in "${labels[@]}"; do
      [[ "$label" == none ]] && continue
      rps=$(median "$label" "$connections" 3)
      [[ -n "$rps" ]] || continue
      echo "overhead impl=$label connections=$connections value=$(awk -v r="$rps" -v b="$base" \
        'BEGIN { printf "%.3f", 1 - r / b }')"
    done
  done
}

labels=()
for impl in $IMPLS; do labels+=("$impl"); done
if [[ -n "$BEFORE_JAR" ]]; then
  for impl in $BEFORE_IMPLS; do labels+=("$impl@before"); done
fi

echo "# $(date -u '+%Y-%m-%dT%H:%M:%SZ') $(uname -n); load average:$(uptime | sed 's/.*load average://')"
echo "# $(wrk --version 2>&1 | head -1 | cut -c1-40); java: $(java -version 2>&1 | head -1)"
echo "# JAVA_OPTS=$JAVA_OPTS; wrk -t$THREADS, warm-up ${WARMUP}s, measured ${DURATION}s;" \
  "rounds $ROUNDS; PIN=$PIN${BEFORE_JAR:+; before: $BEFORE_JAR}"

: >"$work/rows"
n=${#labels[@]}
for ((round = 0; round < ROUNDS; round++)); do
  offset=$((round * n / ROUNDS % n))
  for ((i = 0; i < n; i++)); do
    label=${labels[$(((i + offset) % n))]}
    for connections in $CONNECTIONS; do
      measure "$label" "$connections" "$((round + 1))"
    done
  done
done
echo "# $(date -u '+%Y-%m-%dT%H:%M:%SZ') done; load average:$(uptime | sed 's/.*load average://')"
summary
