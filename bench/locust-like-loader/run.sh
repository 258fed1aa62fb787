#!/usr/bin/env bash
# Throughput of locust-like-loader against a local nginx, next to the current Locust release
# (the `locust` peer, FastHttpUser) and wrk, in the same invocation (same machine, same moment,
# same target, 50 connections/users, no wait time):
#
#   wrk -t1 -c50                     the ceiling: what one client thread gets out of nginx here
#   locust-like-loader               one process (its threads use every core)
#   Locust, one process              the per-process comparison
#   Locust --processes -1            a Locust worker per core plus its master: every core, as ours
#   locust-like-loader --otel        ours again, tracing every request as the chart's workers do:
#                                    OTLP to the real agent collector (the chart's configuration
#                                    and limits, as bench/flask-app-port), whose exporter goes to
#                                    telemetry-testing's counting sink where the gateway would be
#
#   bench/locust-like-loader/run.sh [seconds]      (default 10; needs nginx, wrk, the peers locust,
#                                                   otelcol and helm)
#
# Prints requests/s, CPU time per request (the whole process tree), peak RSS (the tree) and the
# loader's peak heap, and the ratios: ours / Locust per process (target >= 5), ours / Locust on
# every core, ours / wrk (target >= 0.5), and what --otel keeps of ours; with the spans that
# reached the sink against the requests made, and the agent's CPU per request.
set -euo pipefail

DURATION="${1:-10}"
USERS=50
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
JAR="$ROOT/locust-like-loader/target/locust-like-loader.jar"
PEERS_BIN="$("$ROOT/scripts/peers.sh" --bin-dir)"
LOCUST="$PEERS_BIN/locust"
AGENT=127.0.19.1

for tool in /usr/sbin/nginx /usr/bin/wrk "$LOCUST" "$PEERS_BIN/otelcol" "$PEERS_BIN/helm"; do
  [[ -x "$tool" ]] || { echo "missing $tool (apt-get install nginx-light wrk; scripts/peers.sh locust otelcol helm)" >&2; exit 2; }
done
cd "$ROOT"
if [[ ! -f "$JAR" ]]; then ./mvnw -B -q -pl locust-like-loader -am package -DskipTests; fi

WORK="$(mktemp -d)"
NGINX_PID=""
OTLP_SINK_PID=""
cleanup() {
  if [[ -n "$NGINX_PID" ]]; then kill "$NGINX_PID" 2>/dev/null || true; fi
  if [[ -n "$OTLP_SINK_PID" ]]; then kill "$OTLP_SINK_PID" 2>/dev/null || true; fi
  stop_collectors
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# shellcheck source=bench/otlp-sink.sh
source bench/otlp-sink.sh
# shellcheck source=bench/pipeline/collectors.sh
source bench/pipeline/collectors.sh

# shellcheck source=bench/locust-like-loader/nginx-target.sh
source "$HERE/nginx-target.sh"
PORT=$(free_port tcp)
start_nginx "$WORK" "$PORT"
TARGET="http://127.0.0.1:$PORT"
echo "nginx on $TARGET; $USERS connections/users, ${DURATION}s each, $(nproc) cores, Locust $("$LOCUST" --version 2>&1 | awk '{print $2; exit}')"

# CPU seconds (user+system) of the finished children of a subshell, from bash's `times`.
children_cpu() { awk 'NR == 2 { split($1, u, /[ms]/); split($2, s, /[ms]/); printf "%.2f", u[1] * 60 + u[2] + s[1] * 60 + s[2] }'; }
# RSS (KiB) of a process and all its descendants.
tree_rss() {
  local kb=0 pid
  for pid in "$1" $(pgrep -P "$1" || true); do
    kb=$(( kb + $(awk '/VmRSS/ { kb = $2 } END { print kb + 0 }' "/proc/$pid/status" 2>/dev/null || echo 0) ))
    for child in $(pgrep -P "$pid" || true); do
      kb=$(( kb + $(awk '/VmRSS/ { kb = $2 } END { print kb + 0 }' "/proc/$child/status" 2>/dev/null || echo 0) ))
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
run_ours() { # label extra-args...
  local label=$1; shift
  (java -Xmx512m -XX:+UseParallelGC -jar "$JAR" --headless -H "$TARGET" -u "$USERS" -r 1000 -t "${DURATION}s" \
    "$@" --csv "$WORK/$label" >"$WORK/$label.out" 2>"$WORK/$label.err"; times >"$WORK/$label.times") &
  local pid=$!
  sleep 0.5
  watch_peak "$pid" java
  wait "$pid"
}
run_ours ours
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

# --- our loader with --otel, through the real agent collector ----------------------------------
start_otlp_sink "$WORK"
render_collector_configs "$WORK"
printf 'exporters:\n  otlp_grpc:\n    endpoint: %s\n' "${OTLP_SINK_GRPC#http://}" > "$WORK/agent-overlay.yaml"
start_collector otel-agent "$AGENT" "$WORK" "$WORK/agent-overlay.yaml" GATEWAY_ADDRESS=unused \
  STATSD_EXPORTER_TARGET=127.0.0.1:9 APP_POD_NAME=flask-app APP_POD_NAMESPACE=otel-demo
agent_ticks() { awk '{ print $14 + $15 }' "/proc/$COLLECTOR_PID/stat"; }
AGENT_TICKS0=$(agent_ticks)
# The workers' environment in the chart: OTLP to the node's agent, service name locust.
OTEL_EXPORTER_OTLP_ENDPOINT="http://$AGENT:4317" run_ours otel --otel
OTEL_SPANS=$(otlp_sink_settled)
AGENT_TICKS1=$(agent_ticks)
OTEL_RSS=$PEAK_RSS; OTEL_HEAP=$PEAK_HEAP
OTEL_REQS=$(aggregated "$WORK/otel_stats.csv" 3)
OTEL_RPS=$(aggregated "$WORK/otel_stats.csv" 10 | awk '{ printf "%.0f", $1 }')
OTEL_CPU=$(children_cpu <"$WORK/otel.times")
OTEL_AGENT_US=$(awk -v t=$(( AGENT_TICKS1 - AGENT_TICKS0 )) -v hz="$(getconf CLK_TCK)" -v n="$OTEL_REQS" \
  'BEGIN { printf "%.1f", t / hz * 1e6 / n }')
OTEL_PROBLEMS=$(collector_problems "$AGENT")

# --- figures ----------------------------------------------------------------------------------
row() { printf '%-30s %11s %11s %12s %9s %10s\n' "$@"; }
per_req() { awk -v c="$1" -v n="$2" 'BEGIN { printf "%.1f", c * 1e6 / n }'; }
echo
row "" requests/s requests "CPU us/req" "RSS MiB" "heap MiB"
row "wrk -t1 -c$USERS (ceiling)" "$WRK_RPS" "$WRK_REQS" "$(per_req "$WRK_CPU" "$WRK_REQS")" - -
row "locust-like-loader" "$OURS_RPS" "$OURS_REQS" "$(per_req "$OURS_CPU" "$OURS_REQS")" $(( OURS_RSS / 1024 )) $(( OURS_HEAP / 1024 ))
row "Locust, 1 process" "$L1_RPS" "$L1_REQS" "$(per_req "$L1_CPU" "$L1_REQS")" $(( L1_RSS / 1024 )) -
row "Locust --processes -1" "$LN_RPS" "$LN_REQS" "$(per_req "$LN_CPU" "$LN_REQS")" $(( LN_RSS / 1024 )) -
row "locust-like-loader --otel" "$OTEL_RPS" "$OTEL_REQS" "$(per_req "$OTEL_CPU" "$OTEL_REQS")" $(( OTEL_RSS / 1024 )) $(( OTEL_HEAP / 1024 ))
echo "loader failures: $OURS_FAILS"
echo "--otel: $OTEL_SPANS spans reached the sink for $OTEL_REQS requests; the agent spent $OTEL_AGENT_US CPU us per request"
echo "agent: $COLLECTOR_LIMITS${OTEL_PROBLEMS:+; its refused/failed/dropped counters: $OTEL_PROBLEMS}"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
awk -v ours="$OURS_RPS" -v wrk="$WRK_RPS" -v l1="$L1_RPS" -v ln="$LN_RPS" \
    -v ocpu="$(per_req "$OURS_CPU" "$OURS_REQS")" -v l1cpu="$(per_req "$L1_CPU" "$L1_REQS")" \
    -v lncpu="$(per_req "$LN_CPU" "$LN_REQS")" -v otel="$OTEL_RPS" \
    -v otelcpu="$(per_req "$OTEL_CPU" "$OTEL_REQS")" 'BEGIN {
  printf "\n%-40s %8s %12s %8s\n", "", "req/s", "CPU/request", "target"
  printf "%-40s %7.1fx %11.1fx %8s\n", "ours / Locust, 1 process", ours / l1, l1cpu / ocpu, ">= 5x"
  printf "%-40s %7.1fx %11.1fx %8s\n", "ours / Locust --processes -1", ours / ln, lncpu / ocpu, ""
  printf "%-40s %8.2f %12s %8s\n", "ours / wrk -t1", ours / wrk, "", ">= 0.5"
  printf "%-40s %8.2f %12.2f %8s\n", "ours --otel / ours", otel / ours, ocpu / otelcpu, ""
}'
