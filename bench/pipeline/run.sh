#!/usr/bin/env bash
# No span lost through the real pipeline at the benchmark rate: flask-app-port under
# wrk -t1 -c50 (as fast as it answers) exporting to the real agent collector, with the chart's
# configurations and resource limits (bench/pipeline/collectors.sh), in three set-ups:
#
#   grpc        app --OTLP gRPC--> agent --> counting sink (standing in for the gateway)
#   http        app --OTLP http/protobuf--> agent --> counting sink
#   gateway     app --OTLP gRPC--> agent --> gateway --> counting sink
#
# For each: requests/s, spans that reached the sink against requests the app served (warm-up
# included; the app is stopped, so flushed, before counting), spans the app's batch processor
# dropped, each collector's refused/failed/dropped counters from its own :8888 metrics, and each
# collector's CPU (cores, and against its quota: how often the CFS quota throttled it), peak RSS
# during the measured window and the peak its memory cgroup charged (what the limit counts; RSS
# also counts the binary's shared pages). "sent" adds up every exporter (the agent's debug too).
#
#   bench/pipeline/run.sh                      (from anywhere; builds what it needs)
#   SETUPS="http gateway" WARMUP=10s DURATION=20s bench/pipeline/run.sh
#   LIMITS=none bench/pipeline/run.sh     (collectors without the chart's limits)
#   APP_ENV="OTEL_BSP_MAX_EXPORT_BATCH_SIZE=512" bench/pipeline/run.sh   (app variables)
#
# Needs wrk and the peers otelcol and helm (scripts/peers.sh). The app and the sink take free
# ports; agent on 127.0.18.1, gateway on 127.0.18.2 (4317, 4318, 8888, 13133).
set -euo pipefail
cd "$(dirname "$0")/../.."
SETUPS=${SETUPS:-grpc http gateway}
WARMUP=${WARMUP:-20s}
DURATION=${DURATION:-20s}
LIMITS=${LIMITS:-chart}
read -ra APP_ENV_LIST <<< "${APP_ENV:-}"
APP_JAR=${APP_JAR:-flask-app-port/target/flask-app-port.jar}
AGENT=127.0.18.1
GATEWAY=127.0.18.2
WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  stop_collectors
  wait 2>/dev/null || true
  if [[ -n ${KEEP_WORK:-} ]]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# shellcheck source=bench/otlp-sink.sh
source bench/otlp-sink.sh
# shellcheck source=bench/pipeline/collectors.sh
source bench/pipeline/collectors.sh
for peer in otelcol helm; do
  [[ -x $PEERS_BIN/$peer ]] || { echo "missing peer $peer: scripts/peers.sh $peer" >&2; exit 2; }
done
if [[ $LIMITS == none ]]; then collector_cgroup() { :; }; fi

./mvnw -B -q -pl flask-app-port -am package -DskipTests
start_otlp_sink "$WORK"
PIDS+=("$OTLP_SINK_PID")
SINK=${OTLP_SINK_GRPC#http://}
render_collector_configs "$WORK"
HZ=$(getconf CLK_TCK)
APP_PORT=$(free_port tcp)
ADMIN_PORT=$(free_port tcp)
STATSD_PORT=$(free_port udp)  # nothing listens: StatsD is not what this measures

wait_http() { # url
  for _ in $(seq 1 150); do curl -fs -o /dev/null "$1" && return 0; sleep 0.2; done
  echo "not answering: $1" >&2; exit 1
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
throttled() { # pid -> periods the CFS quota throttled its cgroup so far, or "-"
  local d
  d=/sys/fs/cgroup/cpu$(awk -F: '$2 ~ /(^|,)cpu(,|$)/ {print $3}' "/proc/$1/cgroup")
  if [[ -f $d/cpu.stat && $d != /sys/fs/cgroup/cpu/ ]]; then awk '/^nr_throttled/ {print $2}' "$d/cpu.stat"
  elif [[ -f /sys/fs/cgroup/cgroup.controllers ]]; then
    awk '/^nr_throttled/ {print $2}' "/sys/fs/cgroup$(awk -F: '$1 == "0" {print $3}' "/proc/$1/cgroup")/cpu.stat"
  else echo -; fi
}
mem_peak() { # pid -> the peak memory its cgroup charged (what the limit counts), MiB, or "-"
  local d
  d=/sys/fs/cgroup/memory$(awk -F: '$2 ~ /(^|,)memory(,|$)/ {print $3}' "/proc/$1/cgroup")
  if [[ -f $d/memory.max_usage_in_bytes && $d == */otel-bench-* ]]; then
    awk '{printf "%d", $1 / 1048576}' "$d/memory.max_usage_in_bytes"
  elif [[ -f /sys/fs/cgroup/cgroup.controllers ]]; then
    d=/sys/fs/cgroup$(awk -F: '$1 == "0" {print $3}' "/proc/$1/cgroup")
    if [[ -f $d/memory.peak && $d == */otel-bench-* ]]; then awk '{printf "%d", $1 / 1048576}' "$d/memory.peak"; else echo -; fi
  else echo -; fi
}
served() { curl -fs "http://127.0.0.1:$ADMIN_PORT/metrics" |
  jq -r '.timers["io.dropwizard.jetty.MutableServletContextHandler.requests"].count'; }


RESULTS=()
run_setup() { # setup
  local setup=$1 protocol=grpc endpoint="http://$AGENT:4317" names=() addresses=() pids=()
  COLLECTOR_LIMITS=""
  [[ $setup == http ]] && protocol=http/protobuf endpoint="http://$AGENT:4318"
  if [[ $setup == gateway ]]; then
    # The gateway exports to the sink in place of its debug exporter (the default backend).
    cat > "$WORK/gateway-overlay.yaml" <<YAML
exporters:
  otlp_grpc:
    endpoint: $SINK
    tls:
      insecure: true
service:
  pipelines:
    traces:
      exporters: [otlp_grpc]
    metrics:
      exporters: [otlp_grpc]
    logs:
      exporters: [otlp_grpc]
YAML
    start_collector otel-gateway "$GATEWAY" "$WORK" "$WORK/gateway-overlay.yaml"
    names+=(gateway); addresses+=("$GATEWAY"); pids+=("$COLLECTOR_PID")
    printf 'exporters: {}\n' > "$WORK/agent-overlay.yaml"
  else
    printf 'exporters:\n  otlp_grpc:\n    endpoint: %s\n' "$SINK" > "$WORK/agent-overlay.yaml"
  fi
  start_collector otel-agent "$AGENT" "$WORK" "$WORK/agent-overlay.yaml" GATEWAY_ADDRESS="$GATEWAY" \
    STATSD_EXPORTER_TARGET=127.0.0.1:1 APP_POD_NAME=flask-app APP_POD_NAMESPACE=otel-demo
  names=(agent "${names[@]}"); addresses=("$AGENT" "${addresses[@]}"); pids=("$COLLECTOR_PID" "${pids[@]}")
  otlp_sink_reset

  env PORT="$APP_PORT" ADMIN_PORT="$ADMIN_PORT" STATSD_HOST=127.0.0.1 STATSD_PORT="$STATSD_PORT" OTEL_SERVICE_NAME=flask-app-tutorial \
    OTEL_EXPORTER_OTLP_ENDPOINT="$endpoint" OTEL_EXPORTER_OTLP_PROTOCOL="$protocol" "${APP_ENV_LIST[@]}" \
    java -Xmx512m -XX:+UseParallelGC -jar "$APP_JAR" server > "$WORK/app-$setup.log" 2>&1 &
  local app=$!
  wait_http "http://127.0.0.1:$APP_PORT/"
  echo "$setup: warm-up $WARMUP, then $DURATION measured..." >&2
  wrk -t1 -c50 -d"$WARMUP" "http://127.0.0.1:$APP_PORT/" > /dev/null
  local i cpu0=() thr0=() peak=() app0
  app0=$(cpu_ticks "$app")
  for i in "${!pids[@]}"; do cpu0[i]=$(cpu_ticks "${pids[i]}"); thr0[i]=$(throttled "${pids[i]}"); peak[i]=0; done
  local start=$SECONDS
  wrk -t1 -c50 -d"$DURATION" --latency "http://127.0.0.1:$APP_PORT/" > "$WORK/wrk-$setup.out" &
  local wrk_pid=$!
  while kill -0 "$wrk_pid" 2>/dev/null; do
    for i in "${!pids[@]}"; do
      local kb; kb=$(rss_kb "${pids[i]}"); (( kb > peak[i] )) && peak[i]=$kb
    done
    sleep 1
  done
  wait "$wrk_pid"
  local elapsed=$(( SECONDS - start )) cpu=() thr=() app1 mem=()
  app1=$(cpu_ticks "$app")
  for i in "${!pids[@]}"; do
    cpu[i]=$(awk -v t=$(( $(cpu_ticks "${pids[i]}") - cpu0[i] )) -v hz="$HZ" -v s="$elapsed" 'BEGIN {printf "%.2f", t / hz / s}')
    local t1; t1=$(throttled "${pids[i]}")
    if [[ $t1 == - ]]; then thr[i]=-; else thr[i]=$(( t1 - thr0[i] )); fi
    mem[i]=$(mem_peak "${pids[i]}")
  done
  local total; total=$(served)
  kill -TERM "$app"; wait "$app" || true
  local spans; spans=$(otlp_sink_settled)
  local dropped
  dropped=$({ grep -o 'dropped [0-9]* span' "$WORK/app-$setup.log" || true; } | awk '{n += $2} END {print n + 0}')
  local rps p99 app_us
  rps=$(awk '/Requests\/sec/ {printf "%.0f", $2}' "$WORK/wrk-$setup.out")
  p99=$(awk '/^ +99%/ {print $2}' "$WORK/wrk-$setup.out")
  app_us=$(awk -v t=$(( app1 - app0 )) -v hz="$HZ" '/requests in/ {printf "%.1f", t / hz * 1e6 / $1}' "$WORK/wrk-$setup.out")
  RESULTS+=("$(printf '%-8s %-14s %9s %8s %10s %19s %9s' "$setup" "$protocol" "$rps" "$p99" "$app_us" "$spans/$total" "$dropped")")
  for i in "${!pids[@]}"; do
    local problems; problems=$(collector_problems "${addresses[i]}")
    RESULTS+=("$(printf '           %-8s CPU %s cores (%s periods throttled of %d), peak RSS %d MiB (cgroup peak %s MiB), accepted %s, sent %s; %s' \
      "${names[i]}" "${cpu[i]}" "${thr[i]}" $(( elapsed * 10 )) $(( peak[i] / 1024 )) "${mem[i]}" \
      "$(collector_counters "${addresses[i]}" | awk '$1 == "otelcol_receiver_accepted_spans" {print $2}')" \
      "$(collector_counters "${addresses[i]}" | awk '$1 == "otelcol_exporter_sent_spans" {print $2}')" \
      "${problems:-no span refused, failed or dropped}")")
  done
  stop_collectors
}

for setup in $SETUPS; do run_setup "$setup"; done

echo
printf '%-8s %-14s %9s %8s %10s %19s %9s\n' setup "app protocol" requests/s p99 "app us/req" "spans/served" "app drops"
printf '%s\n' "${RESULTS[@]}"
echo "collectors: $COLLECTOR_LIMITS"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
