#!/usr/bin/env bash
# flask-app-port against the original flask-app as it was deployed, in one invocation on the
# same cores, under the same load: wrk -t1 -c50, a warm-up, then DURATION measured.
#
#   1. flask-app-port, full telemetry: OTLP gRPC to the node agent, StatsD to statsd_exporter
#   2. flask-app-port, OTEL_SDK_DISABLED=true (StatsD still on)
#   3. the original as deployed: gunicorn --config=config.py (workers 2 x CPUs + 1, threads
#      2 x CPUs), --statsd-host --statsd-prefix=flask_app --log-level=debug --capture-output,
#      every request traced (Flask instrumentation, OTLP gRPC to the same agent), counted in
#      flask_app_hello_requests and logged twice
#   4. the original without telemetry: the same gunicorn configuration and Flask endpoint, no
#      tracing, no counter, no StatsD, no per-request log lines
#
# The two flask-app-port rows run side by side: both apps start and warm up, then ROUNDS (3)
# measured windows of each alternate, full then bare, and each figure is the median of its
# rounds; the ratio is the median of the rounds' own ratios. On a shared virtual machine the
# speed drifts by a third from one minute to the next, and alternating keeps that drift out of
# the comparison. The gunicorn rows run one after the other, once each.
#
# Both sides send to the same receivers: the real agent collector (otelcol from the peers, the
# chart's agent configuration rendered as demo.sh does, the chart's CPU and memory limits; its
# exporter points at telemetry-testing's counting sink, standing in for the gateway) and the real
# statsd_exporter with the chart's mapping. Prints requests/s, p50/p99, CPU per request (the
# server's own, and the agent's), RSS, heap, spans received against requests served, and the
# ratios against the original.
#
#   bench/flask-app-port/run.sh            (from anywhere; builds what it needs)
#   APP_JAR=/tmp/old.jar bench/flask-app-port/run.sh   (another build of the app, before/after)
#   AGENT_LIMITS=none bench/flask-app-port/run.sh      (the agent without the chart's limits)
#   ROUNDS=5 DURATION=20s bench/flask-app-port/run.sh  (more and longer measured windows)
#
# Needs wrk, python3 with venv, the peers otelcol, statsd_exporter and helm (scripts/peers.sh),
# and PyPI for the first run: the original's packages (requirements.txt, pinned) go into a venv
# under ${XDG_CACHE_HOME:-~/.cache}/otel-demo/bench. The programs take free ports; the agent
# listens on 127.0.18.1 (4317, 4318, 8888, 13133).
set -euo pipefail
cd "$(dirname "$0")/../.."
BENCH=bench/flask-app-port
DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-3}
JAVA_WARMUP=${JAVA_WARMUP:-45s}  # the JIT compilers need this long on 2 busy cores
PYTHON_WARMUP=${PYTHON_WARMUP:-5s}
HEAP=${HEAP:--Xmx512m}
# The image's collector (flask-app-port/pom.xml); JVM_FLAGS= (empty) runs the JVM's own choice.
JVM_FLAGS=${JVM_FLAGS--XX:+UseParallelGC}
read -ra JVM_FLAG_LIST <<< "$JVM_FLAGS"
APP_JAR=${APP_JAR:-flask-app-port/target/flask-app-port.jar}
AGENT_LIMITS=${AGENT_LIMITS:-chart}
AGENT=127.0.18.1
PYTHON=${PYTHON:-python3}
VENV_ROOT=${XDG_CACHE_HOME:-$HOME/.cache}/otel-demo/bench
WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  stop_collectors
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# shellcheck source=bench/otlp-sink.sh
source bench/otlp-sink.sh
# shellcheck source=bench/pipeline/collectors.sh
source bench/pipeline/collectors.sh
for peer in otelcol statsd_exporter helm; do
  [[ -x $PEERS_BIN/$peer ]] || { echo "missing peer $peer: scripts/peers.sh $peer" >&2; exit 2; }
done
command -v wrk > /dev/null || { echo "missing wrk (apt-get install wrk)" >&2; exit 2; }

./mvnw -B -q -pl flask-app-port -am package -DskipTests
FULL_PORT=$(free_port tcp)
FULL_ADMIN_PORT=$(free_port tcp)
BARE_PORT=$(free_port tcp)
BARE_ADMIN_PORT=$(free_port tcp)
GUNICORN_PORT=$(free_port tcp)
STATSD_PORT=$(free_port udp)
STATSD_WEB_PORT=$(free_port tcp)

# The original's packages, pinned, in a venv keyed by the requirements and the Python version.
VENV=$VENV_ROOT/original-flask-$(cat "$BENCH/requirements.txt" <("$PYTHON" --version) | sha256sum | cut -c1-12)
if [[ ! -f $VENV/.complete ]]; then
  echo "installing the original's packages into $VENV..." >&2
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/pip" install -q --no-deps -r "$BENCH/requirements.txt"
  "$VENV/bin/pip" check > /dev/null
  touch "$VENV/.complete"
fi

wait_http() { # url
  for _ in $(seq 1 150); do curl -fs -o /dev/null "$1" && return 0; sleep 0.2; done
  echo "not answering: $1" >&2; exit 1
}
metric() { # admin-port metric (gauge value or counter/timer count)
  curl -fs "http://127.0.0.1:$1/metrics" | jq -r --arg n "$2" \
    '[.gauges, .counters, .meters, .timers][] | select(has($n)) | .[$n] | (.value // .count)'
}
tree_pids() { echo "$1"; pgrep -P "$1" || true; }
cpu_ticks() { # pid -> CPU clock ticks of the process and its children (gunicorn's workers),
  # leaving out the JIT compiler threads: on busy shared cores they are still compiling after
  # the warm-up, a one-off cost rather than a cost per request.
  local total=0 pid task
  for pid in $(tree_pids "$1"); do
    for task in /proc/"$pid"/task/*; do
      [[ $(cat "$task/comm" 2> /dev/null) == C[12]\ CompilerThre* ]] && continue
      total=$(( total + $(awk '{print $14 + $15}' "$task/stat" 2> /dev/null || echo 0) ))
    done
  done
  echo "$total"
}
rss_mb() { # pid -> RSS of the process and its children, MiB
  local kb=0 pid
  for pid in $(tree_pids "$1"); do kb=$(( kb + $(awk '/VmRSS/ {print $2}' "/proc/$pid/status") )); done
  echo $(( kb / 1024 ))
}
to_ms() { # wrk latency (1.23ms, 850.00us, 1.02s) -> milliseconds
  awk -v v="$1" 'BEGIN { u = v; sub(/^[0-9.]+/, "", u); n = v + 0
    printf "%.2f", n * (u == "us" ? 0.001 : u == "s" ? 1000 : 1) }'
}

# measure LABEL URL PID [ADMIN_PORT] -> "requests/s p50 p99 requests cpu_us rss_mb heap_mb agent_us"
# (heap with an admin port: the Java apps)
measure() {
  local heap=- rss cpu0 cpu1 agent0 agent1
  cpu0=$(cpu_ticks "$3"); agent0=$(cpu_ticks "$AGENT_PID")
  wrk -t1 -c50 -d"$DURATION" --latency "$2" > "$WORK/$1.wrk" &
  local wrk_pid=$!
  sleep 3
  rss=$(rss_mb "$3")
  [[ -n ${4:-} ]] && heap=$(( $(metric "$4" jvm.memory.heap.used) / 1048576 ))
  wait "$wrk_pid"
  cpu1=$(cpu_ticks "$3"); agent1=$(cpu_ticks "$AGENT_PID")
  awk -v ticks=$(( cpu1 - cpu0 )) -v agent=$(( agent1 - agent0 )) -v hz="$(getconf CLK_TCK)" \
      -v rss="$rss" -v heap="$heap" \
    '/requests in/ {n = $1} /Requests\/sec/ {rps = $2} /^ +50%/ {p50 = $2} /^ +99%/ {p99 = $2}
     END {printf "%.0f %s %s %d %.1f %s %s %.1f\n", rps, p50, p99, n, ticks / hz * 1e6 / n, rss, heap,
          agent / hz * 1e6 / n}' "$WORK/$1.wrk"
}
warm() { wrk -t1 -c50 -d"$3" "$2" > "$WORK/$1.warmup"; } # LABEL URL DURATION
wrk_total() { awk '/requests in/ {print $1}' "$WORK/$1.warmup"; }

# spans_after: waits until the sink's span count stops moving (the SDKs and the agent flush),
# prints it and sets it back to zero for the next run.
spans_after() {
  otlp_sink_settled
  otlp_sink_reset
}

# --- the receivers ---------------------------------------------------------------------------
start_otlp_sink "$WORK"
PIDS+=("$OTLP_SINK_PID")
"$PEERS_BIN/statsd_exporter" --statsd.mapping-config=charts/otel-demo/files/statsd-mapping.yml \
  --statsd.listen-udp="127.0.0.1:$STATSD_PORT" --statsd.listen-tcp= --web.listen-address="127.0.0.1:$STATSD_WEB_PORT" \
  > "$WORK/statsd_exporter.log" 2>&1 &
PIDS+=($!)
render_collector_configs "$WORK"
# The agent's exporter goes to the counting sink, where the gateway would be.
printf 'exporters:\n  otlp_grpc:\n    endpoint: %s\n' "${OTLP_SINK_GRPC#http://}" > "$WORK/agent-overlay.yaml"
if [[ $AGENT_LIMITS == none ]]; then collector_cgroup() { :; }; fi  # no quota, no memory limit
start_collector otel-agent "$AGENT" "$WORK" "$WORK/agent-overlay.yaml" GATEWAY_ADDRESS=unused \
  STATSD_EXPORTER_TARGET="127.0.0.1:$STATSD_WEB_PORT" APP_POD_NAME=flask-app APP_POD_NAMESPACE=otel-demo
AGENT_PID=$COLLECTOR_PID
wait_http "http://127.0.0.1:$STATSD_WEB_PORT/-/ready"
TELEMETRY_ENV=(OTEL_EXPORTER_OTLP_ENDPOINT="http://$AGENT:4317" OTEL_SERVICE_NAME=flask-app-tutorial)

# --- flask-app-port --------------------------------------------------------------------------
start_app() { # label port admin-port extra-env...: sets APP_PID once the app answers
  local label=$1 port=$2 admin=$3; shift 3
  env PORT="$port" ADMIN_PORT="$admin" STATSD_HOST=127.0.0.1 STATSD_PORT="$STATSD_PORT" "${TELEMETRY_ENV[@]}" "$@" \
    java "$HEAP" "${JVM_FLAG_LIST[@]}" -jar "$APP_JAR" server > "$WORK/$label.log" 2>&1 &
  APP_PID=$!
  PIDS+=("$APP_PID")
  wait_http "http://127.0.0.1:$port/"
}
run_gunicorn() { # label telemetry(on|off) -> load's fields plus "served"
  local label=$1 flags=()
  [[ $2 == on ]] && flags=(--statsd-host="127.0.0.1:$STATSD_PORT" --statsd-prefix=flask_app --log-level=debug --capture-output)
  (cd "$BENCH" && exec env PYTHONDONTWRITEBYTECODE=1 HOST=127.0.0.1 PORT="$GUNICORN_PORT" ORIGINAL_TELEMETRY="$2" \
    "${TELEMETRY_ENV[@]}" "$VENV/bin/gunicorn" --config=gunicorn_config.py "${flags[@]}" hello_flask:app) \
    > "$WORK/$label.log" 2>&1 &
  local pid=$!
  wait_http "http://127.0.0.1:$GUNICORN_PORT/"
  local fields
  warm "$label" "http://127.0.0.1:$GUNICORN_PORT/" "$PYTHON_WARMUP"
  fields=$(measure "$label" "http://127.0.0.1:$GUNICORN_PORT/" "$pid")
  kill -TERM "$pid"; wait "$pid" || true
  # Requests served: with telemetry, the original's own log line for each; without, the probe,
  # the warm-up's and the measured ones wrk completed (those cut off at its end not counted).
  if [[ $2 == on ]]; then
    echo "$fields $(grep -c 'Received hello request' "$WORK/$label.log")"
  else
    echo "$fields $(( 1 + $(wrk_total "$label") + $(awk '{print $4}' <<< "$fields") ))"
  fi
}

otlp_sink_reset
echo "flask-app-port, full telemetry and OTEL_SDK_DISABLED=true: warming up both..." >&2
start_app full "$FULL_PORT" "$FULL_ADMIN_PORT"
FULL_PID=$APP_PID
start_app bare "$BARE_PORT" "$BARE_ADMIN_PORT" OTEL_SDK_DISABLED=true
BARE_PID=$APP_PID
warm full "http://127.0.0.1:$FULL_PORT/" "$JAVA_WARMUP"
warm bare "http://127.0.0.1:$BARE_PORT/" "$JAVA_WARMUP"
for round in $(seq 1 "$ROUNDS"); do
  echo "flask-app-port, round $round of $ROUNDS: full telemetry, then SDK disabled..." >&2
  measure "full-$round" "http://127.0.0.1:$FULL_PORT/" "$FULL_PID" "$FULL_ADMIN_PORT" >> "$WORK/full.rounds"
  measure "bare-$round" "http://127.0.0.1:$BARE_PORT/" "$BARE_PID" "$BARE_ADMIN_PORT" >> "$WORK/bare.rounds"
done
FULL_SERVED=$(metric "$FULL_ADMIN_PORT" io.dropwizard.jetty.MutableServletContextHandler.requests)
kill -TERM "$FULL_PID" "$BARE_PID"; wait "$FULL_PID" "$BARE_PID" || true
FULL_SPANS=$(spans_after)
# The SDK logs each drop ("BatchSpanProcessor dropped N span(s) ..."): app-side losses.
FULL_DROPPED=$({ grep -o 'dropped [0-9]* span' "$WORK/full.log" || true; } | awk '{n += $2} END {print n + 0}')
# median FILE COLUMN: the median of a column over the rounds (wrk's latencies in milliseconds)
median() {
  awk -v c="$2" '{ v = $c; if (v ~ /(ms|us|s)$/) { u = v; sub(/^[0-9.]+/, "", u); v = v + 0;
                   v = u == "us" ? v / 1000 : u == "s" ? v * 1000 : v; v = sprintf("%.2fms", v) } print v }' "$1" |
    sort -g | awk '{ a[NR] = $0 } END { print (NR % 2) ? a[(NR + 1) / 2] : a[NR / 2] }'
}
read -r FULL_RPS FULL_P50 FULL_P99 FULL_CPU FULL_RSS FULL_HEAP FULL_AGENT < <(
  for c in 1 2 3 5 6 7 8; do median "$WORK/full.rounds" "$c"; done | tr '\n' ' '; echo)
read -r BARE_RPS BARE_P50 BARE_P99 BARE_CPU BARE_RSS BARE_HEAP < <(
  for c in 1 2 3 5 6 7; do median "$WORK/bare.rounds" "$c"; done | tr '\n' ' '; echo)
# Each round's full / bare, by requests/s and by CPU per request; their medians.
paste -d' ' "$WORK/full.rounds" "$WORK/bare.rounds" |
  awk '{ printf "%.3f %.3f\n", $1 / $9, $13 / $5 }' > "$WORK/ratios"
RATIO_RPS=$(median "$WORK/ratios" 1)
RATIO_CPU=$(median "$WORK/ratios" 2)
ROUND_RATIOS=$(awk '{ printf "%s%.2f", (NR > 1 ? ", " : ""), $1 }' "$WORK/ratios")
ROUND_CPU_RATIOS=$(awk '{ printf "%s%.2f", (NR > 1 ? ", " : ""), $2 }' "$WORK/ratios")
echo "the original as deployed (gunicorn, telemetry)..." >&2
read -r ORIG_RPS ORIG_P50 ORIG_P99 _ ORIG_CPU ORIG_RSS _ ORIG_AGENT ORIG_SERVED < <(run_gunicorn original on)
ORIG_SPANS=$(spans_after)
WORKERS=$(grep -c 'Booting worker' "$WORK/original.log" || true)
echo "the original without telemetry..." >&2
read -r PLAIN_RPS PLAIN_P50 PLAIN_P99 _ PLAIN_CPU PLAIN_RSS _ _ _ < <(run_gunicorn plain off)
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)

row() { printf '%-42s %10s %7s %7s %9s %8s %8s %9s %13s\n' "$@"; }
echo
row "wrk -t1 -c50 -d$DURATION" "requests/s" "p50 ms" "p99 ms" "CPU us/r" "RSS MB" "heap MB" "agent us/r" "spans/served"
row "flask-app-port, full telemetry (median)" "$FULL_RPS" "$(to_ms "$FULL_P50")" "$(to_ms "$FULL_P99")" "$FULL_CPU" \
  "$FULL_RSS" "$FULL_HEAP" "$FULL_AGENT" "$FULL_SPANS/$FULL_SERVED"
row "flask-app-port, SDK disabled (median)" "$BARE_RPS" "$(to_ms "$BARE_P50")" "$(to_ms "$BARE_P99")" "$BARE_CPU" \
  "$BARE_RSS" "$BARE_HEAP" - -
row "original as deployed ($WORKERS workers)" "$ORIG_RPS" "$(to_ms "$ORIG_P50")" "$(to_ms "$ORIG_P99")" "$ORIG_CPU" \
  "$ORIG_RSS" - "$ORIG_AGENT" "$ORIG_SPANS/$ORIG_SERVED"
row "original without telemetry" "$PLAIN_RPS" "$(to_ms "$PLAIN_P50")" "$(to_ms "$PLAIN_P99")" "$PLAIN_CPU" \
  "$PLAIN_RSS" - - -
echo "CPU us/r: the server's own CPU time per request (with its workers; JIT threads left out);"
echo "agent us/r: the agent collector's. RSS: the process and its workers. spans/served: spans that"
echo "reached the sink through the agent against requests served (warm-up included). The two"
echo "flask-app-port rows: medians of $ROUNDS alternating rounds. Full / SDK disabled by round:"
echo "requests/s $ROUND_RATIOS; CPU per request $ROUND_CPU_RATIOS."
echo "agent: $COLLECTOR_LIMITS"
echo "load average at the end: $LOAD on $(nproc) cores"
awk -v full="$FULL_RPS" -v ratio_rps="$RATIO_RPS" -v ratio_cpu="$RATIO_CPU" -v orig="$ORIG_RPS" -v plain="$PLAIN_RPS" \
    -v fcpu="$FULL_CPU" -v ocpu="$ORIG_CPU" -v pcpu="$PLAIN_CPU" \
    -v p99="$(to_ms "$FULL_P99")" -v dropped="$FULL_DROPPED" 'BEGIN {
  printf "\n%-44s %8s %14s %8s\n", "", "req/s", "CPU/request", "target"
  printf "%-44s %7.1fx %13.1fx %8s\n", "full telemetry / original as deployed", full / orig, ocpu / fcpu, ">= 10x"
  printf "%-44s %7.1fx %13.1fx %8s\n", "full telemetry / original without telemetry", full / plain, pcpu / fcpu, ">= 3.5x"
  printf "%-44s %8.2f %14.2f %8s\n", "full telemetry / SDK disabled (by round)", ratio_rps, ratio_cpu, ">= 0.90"
  printf "%-44s %8.2f %14s %8s\n", "full telemetry p99 (ms)", p99, "", "< 10"
  printf "the app'"'"'s span processor dropped %d spans\n", dropped
}'
