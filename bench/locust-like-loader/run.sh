#!/usr/bin/env bash
# Throughput of locust-like-loader against a local nginx, next to the current Locust release
# (the `locust` peer, FastHttpUser) and wrk, in the same invocation (same machine, same moment,
# same target, 50 connections/users, no wait time):
#
#   wrk -t1 -c50                     the ceiling: what one client thread gets out of nginx here
#   locust-like-loader               one process (its threads use every core)
#   Locust, one process              the per-process comparison
#   Locust --processes -1            a Locust worker per core plus its master: every core, as ours
#
#   bench/locust-like-loader/run.sh [seconds]      (default 10; needs nginx, wrk, the locust peer)
#
# Prints requests/s, CPU time per request (the whole process tree), peak RSS (the tree) and the
# loader's peak heap, and the ratios: ours / Locust per process (target >= 5), ours / Locust on
# every core, ours / wrk (target >= 0.5).
set -euo pipefail

DURATION="${1:-10}"
USERS=50
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
JAR="$ROOT/locust-like-loader/target/locust-like-loader.jar"
LOCUST="$("$ROOT/scripts/peers.sh" --bin-dir)/locust"

for tool in /usr/sbin/nginx /usr/bin/wrk "$LOCUST"; do
  [[ -x "$tool" ]] || { echo "missing $tool (apt-get install nginx-light wrk; scripts/peers.sh locust)" >&2; exit 2; }
done
if [[ ! -f "$JAR" ]]; then (cd "$ROOT" && ./mvnw -B -q -pl locust-like-loader -am package -DskipTests); fi

WORK="$(mktemp -d)"
NGINX_PID=""
cleanup() {
  if [[ -n "$NGINX_PID" ]]; then kill "$NGINX_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# shellcheck source=bench/locust-like-loader/nginx-target.sh
source "$HERE/nginx-target.sh"
PORT=$(free_port)
start_nginx "$WORK" "$PORT"
TARGET="http://127.0.0.1:$PORT"
echo "nginx on $TARGET; $USERS connections/users, ${DURATION}s each, $(nproc) cores, Locust $("$LOCUST" --version 2>&1 | awk '{print $2; exit}')"

# CPU seconds (user+system) of the finished children of a subshell, from bash's `times`.
children_cpu() { awk 'NR == 2 { split($1, u, /[ms]/); split($2, s, /[ms]/); printf "%.2f", u[1] * 60 + u[2] + s[1] * 60 + s[2] }'; }
# RSS (KiB) of a process and all its descendants.
tree_rss() {
  local kb=0 pid
  for pid in "$1" $(pgrep -P "$1" || true); do
    kb=$(( kb + $(awk '/VmRSS/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0) ))
    for child in $(pgrep -P "$pid" || true); do
      kb=$(( kb + $(awk '/VmRSS/ { print $2 }' "/proc/$child/status" 2>/dev/null || echo 0) ))
    done
  done
  echo "$kb"
}
# watch_peak PID [java]: samples the RSS of PID's tree (and the heap of its java child) until PID
# ends; sets PEAK_RSS and PEAK_HEAP (KiB).
watch_peak() {
  PEAK_RSS=0; PEAK_HEAP=0
  local rss heap
  while kill -0 "$1" 2>/dev/null; do
    rss=$(tree_rss "$1"); (( rss > PEAK_RSS )) && PEAK_RSS=$rss
    if [[ ${2:-} == java ]]; then
      heap=$(jstat -gc "$(pgrep -P "$1" java || echo "$1")" 2>/dev/null | awk 'NR == 2 { printf "%d", $3 + $4 + $6 + $8 }' || true)
      [[ -n "$heap" ]] && (( heap > PEAK_HEAP )) && PEAK_HEAP=$heap
    fi
    sleep 0.5
  done
}
aggregated() { awk -F, -v col="$2" '$2 == "Aggregated" { print $col }' "$1"; }

# --- wrk -t1 -c50 ---------------------------------------------------------------------------
(wrk -t1 -c"$USERS" -d"${DURATION}s" "$TARGET/" >"$WORK/wrk.out"; times >"$WORK/wrk.times")
WRK_RPS=$(awk '/Requests\/sec/ { printf "%.0f", $2 }' "$WORK/wrk.out")
WRK_REQS=$(awk '/requests in/ { print $1 }' "$WORK/wrk.out")
WRK_CPU=$(children_cpu <"$WORK/wrk.times")

# --- our loader -------------------------------------------------------------------------------
# All users start at once (-r 1000), as wrk opens its connections at once.
(java -Xmx512m -XX:+UseParallelGC -jar "$JAR" --headless -H "$TARGET" -u "$USERS" -r 1000 -t "${DURATION}s" \
  --csv "$WORK/ours" >"$WORK/ours.out" 2>"$WORK/ours.err"; times >"$WORK/ours.times") &
OURS_PID=$!
sleep 0.5
watch_peak "$OURS_PID" java
wait "$OURS_PID"
OURS_RSS=$PEAK_RSS; OURS_HEAP=$PEAK_HEAP
OURS_REQS=$(aggregated "$WORK/ours_stats.csv" 3)
OURS_FAILS=$(aggregated "$WORK/ours_stats.csv" 4)
OURS_RPS=$(aggregated "$WORK/ours_stats.csv" 10 | awk '{ printf "%.0f", $1 }')
OURS_CPU=$(children_cpu <"$WORK/ours.times")

# --- Locust FastHttpUser: one process, then --processes -1 (a worker per core) -----------------
cat > "$WORK/locustfile.py" <<'PY'
from locust import FastHttpUser, task


class WebsiteUser(FastHttpUser):
    @task
    def index(self):
        self.client.get("/")
PY
run_locust() { # label extra-args...
  local label=$1; shift
  (cd "$WORK" && "$LOCUST" -f locustfile.py --headless -H "$TARGET" -u "$USERS" -r "$USERS" "$@" \
    -t "${DURATION}s" --csv "$WORK/$label" --only-summary >"$WORK/$label.out" 2>&1; times >"$WORK/$label.times") &
  local pid=$!
  watch_peak "$pid"
  wait "$pid"
}
run_locust locust1
L1_RPS=$(aggregated "$WORK/locust1_stats.csv" 10 | awk '{ printf "%.0f", $1 }')
L1_REQS=$(aggregated "$WORK/locust1_stats.csv" 3)
L1_CPU=$(children_cpu <"$WORK/locust1.times")
L1_RSS=$PEAK_RSS
run_locust locustN --processes -1
LN_RPS=$(aggregated "$WORK/locustN_stats.csv" 10 | awk '{ printf "%.0f", $1 }')
LN_REQS=$(aggregated "$WORK/locustN_stats.csv" 3)
LN_CPU=$(children_cpu <"$WORK/locustN.times")
LN_RSS=$PEAK_RSS

# --- figures ----------------------------------------------------------------------------------
row() { printf '%-30s %11s %11s %12s %9s %10s\n' "$@"; }
per_req() { awk -v c="$1" -v n="$2" 'BEGIN { printf "%.1f", c * 1e6 / n }'; }
echo
row "" requests/s requests "CPU us/req" "RSS MiB" "heap MiB"
row "wrk -t1 -c$USERS (ceiling)" "$WRK_RPS" "$WRK_REQS" "$(per_req "$WRK_CPU" "$WRK_REQS")" - -
row "locust-like-loader" "$OURS_RPS" "$OURS_REQS" "$(per_req "$OURS_CPU" "$OURS_REQS")" $(( OURS_RSS / 1024 )) $(( OURS_HEAP / 1024 ))
row "Locust, 1 process" "$L1_RPS" "$L1_REQS" "$(per_req "$L1_CPU" "$L1_REQS")" $(( L1_RSS / 1024 )) -
row "Locust --processes -1" "$LN_RPS" "$LN_REQS" "$(per_req "$LN_CPU" "$LN_REQS")" $(( LN_RSS / 1024 )) -
echo "loader failures: $OURS_FAILS"
echo "not measured: the loader's --otel (client spans) row: this branch's loader has no --otel flag"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
awk -v ours="$OURS_RPS" -v wrk="$WRK_RPS" -v l1="$L1_RPS" -v ln="$LN_RPS" \
    -v ocpu="$(per_req "$OURS_CPU" "$OURS_REQS")" -v l1cpu="$(per_req "$L1_CPU" "$L1_REQS")" \
    -v lncpu="$(per_req "$LN_CPU" "$LN_REQS")" 'BEGIN {
  printf "\n%-40s %8s %12s %8s\n", "", "req/s", "CPU/request", "target"
  printf "%-40s %7.1fx %11.1fx %8s\n", "ours / Locust, 1 process", ours / l1, l1cpu / ocpu, ">= 5x"
  printf "%-40s %7.1fx %11.1fx %8s\n", "ours / Locust --processes -1", ours / ln, lncpu / ocpu, ""
  printf "%-40s %8.2f %12s %8s\n", "ours / wrk -t1", ours / wrk, "", ">= 0.5"
}'
