#!/usr/bin/env bash
# Throughput of flask-app-port with full telemetry, with the SDK disabled, and of the original
# gunicorn/Flask app, under the same wrk load (1 thread, 50 connections, 10 s after a warm-up).
# Prints requests/s, p99, the ratios, spans received against requests served, heap and RSS.
#
#   bench/flask-app-port/run.sh            (from the repository root; builds what it needs)
#   APP_JAR=/tmp/old.jar bench/flask-app-port/run.sh   (another build of the app, for a before/after)
#
# Needs wrk, gunicorn and python3-flask (Debian packages). Ports: 18080/18081 app, 18090
# gunicorn, 18125/udp StatsD sink; the OTLP receiver takes a free loopback port.
set -euo pipefail
cd "$(dirname "$0")/../.."
BENCH=bench/flask-app-port
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-60s}  # the JIT compilers need this long on 2 busy cores; gunicorn needs none
# The original image runs gunicorn with its default of one sync worker.
GUNICORN_WORKERS=${GUNICORN_WORKERS:-1}
HEAP=${HEAP:--Xmx512m}  # the chart gives the container a memory limit; a laptop has no such bound
# The image's collector (flask-app-port/pom.xml); JVM_FLAGS= (empty) runs the JVM's own choice.
JVM_FLAGS=${JVM_FLAGS--XX:+UseParallelGC}
read -ra JVM_FLAG_LIST <<< "$JVM_FLAGS"
APP_JAR=${APP_JAR:-flask-app-port/target/flask-app-port.jar}
WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

./mvnw -B -q -pl flask-app-port -am package -DskipTests
# shellcheck source=bench/otlp-sink.sh
source bench/otlp-sink.sh

wait_http() { # url
  for _ in $(seq 1 100); do curl -fs -o /dev/null "$1" && return 0; sleep 0.2; done
  echo "not answering: $1" >&2; exit 1
}
metric() { # admin-port metric (gauge value or counter/timer count)
  curl -fs http://127.0.0.1:18081/metrics | /usr/bin/python3 -c '
import json, sys
name = sys.argv[1]
d = json.load(sys.stdin)
for kind in ("gauges", "counters", "meters", "timers"):
    if name in d[kind]:
        m = d[kind][name]
        print(m.get("value", m.get("count")))' "$1"
}
cpu_ticks() { # pid -> CPU time (clock ticks) of the process and its children (gunicorn workers),
  # leaving out the JIT compiler threads: on busy shared cores they are still compiling long
  # after the warm-up, and that is a one-off cost, not a cost per request.
  local total=0 pid task
  for pid in "$1" $(pgrep -P "$1" || true); do
    for task in /proc/"$pid"/task/*; do
      [[ $(cat "$task/comm") == C[12]\ CompilerThre* ]] && continue
      total=$(( total + $(awk '{print $14 + $15}' "$task/stat") ))
    done
  done
  echo "$total"
}
load() { # label url pid [java] -> "requests/s p99 heap_mb rss_mb cpu_us_per_request receiver_cpu_us_per_request"
  local heap_mb=- rss_mb=- cpu_before cpu_after sink_before sink_after
  wrk -t1 -c50 -d"$WARMUP" "$2" > /dev/null
  cpu_before=$(cpu_ticks "$3")
  sink_before=$(cpu_ticks "$SINK")
  wrk -t1 -c50 -d"$DURATION" --latency "$2" > "$WORK/$1.wrk" &
  local wrk_pid=$!
  sleep 5
  if [[ -n "${4:-}" ]]; then
    heap_mb=$(( $(metric jvm.memory.heap.used) / 1048576 ))
    rss_mb=$(( $(awk '/VmRSS/ {print $2}' "/proc/$3/status") / 1024 ))
  fi
  wait "$wrk_pid"
  cpu_after=$(cpu_ticks "$3")
  sink_after=$(cpu_ticks "$SINK")
  # CPU time per request says what a request costs even when other work shares the cores;
  # the receiver's share shows what the collector takes from the same two cores.
  awk -v heap="$heap_mb" -v rss="$rss_mb" -v ticks=$(( cpu_after - cpu_before )) \
      -v sink=$(( sink_after - sink_before )) -v hz="$(getconf CLK_TCK)" \
    '/requests in/ {n=$1} /Requests\/sec/ {rps=$2} /^ +99%/ {p99=$2}
     END {printf "%s %s %s %s %.0f %.0f\n", rps, p99, heap, rss, ticks / hz * 1e6 / n, sink / hz * 1e6 / n}' "$WORK/$1.wrk"
}
to_ms() { # wrk latency (e.g. 1.23ms, 850.00us, 1.02s) -> milliseconds
  /usr/bin/python3 -c '
import re, sys
v, u = re.match(r"([\d.]+)(\w+)", sys.argv[1]).groups()
print(round(float(v) * {"us": 0.001, "ms": 1, "s": 1000}[u], 2))' "$1"
}

# StatsD sink: statsd-exporter's stand-in, so the reporter's datagrams land somewhere.
/usr/bin/python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 18125))
while True: s.recv(65536)' &
PIDS+=($!)

start_otlp_sink "$WORK"
SINK=$OTLP_SINK_PID
PIDS+=("$SINK")
OTLP=$OTLP_SINK_GRPC

run_app() { # label, extra env...
  local label=$1; shift
  env PORT=18080 ADMIN_PORT=18081 STATSD_HOST=127.0.0.1 STATSD_PORT=18125 \
      OTEL_EXPORTER_OTLP_ENDPOINT="$OTLP" "$@" \
      java "$HEAP" "${JVM_FLAG_LIST[@]}" -jar "$APP_JAR" server > "$WORK/$label.log" 2>&1 &
  local pid=$!
  wait_http http://127.0.0.1:18080/
  local rps p99 heap_mb rss_mb cpu sink_cpu served
  read -r rps p99 heap_mb rss_mb cpu sink_cpu < <(load "$label" http://127.0.0.1:18080/ "$pid" java)
  served=$(metric io.dropwizard.jetty.MutableServletContextHandler.requests)
  kill -TERM "$pid"; wait "$pid" || true
  echo "$rps $(to_ms "$p99") $served $heap_mb $rss_mb $cpu $sink_cpu"
}

echo "full telemetry (OTLP gRPC to a local receiver, StatsD to a local port)..." >&2
otlp_sink_reset
read -r FULL_RPS FULL_P99 FULL_SERVED FULL_HEAP FULL_RSS FULL_CPU SINK_CPU < <(run_app full)
SPANS=$(otlp_sink_count spans)
# The SDK logs each drop ("BatchSpanProcessor dropped N span(s) ..."): tells app-side losses
# from a receiver that fell behind.
DROPPED=$({ grep -o 'dropped [0-9]* span' "$WORK/full.log" || true; } | awk '{n += $2} END {print n + 0}')
echo "bare (OTEL_SDK_DISABLED=true)..." >&2
read -r BARE_RPS BARE_P99 _ BARE_HEAP BARE_RSS BARE_CPU _ < <(run_app bare OTEL_SDK_DISABLED=true)

echo "original: gunicorn + Flask, $GUNICORN_WORKERS worker(s)..." >&2
PYTHONDONTWRITEBYTECODE=1 /usr/bin/gunicorn --chdir "$BENCH" -w "$GUNICORN_WORKERS" -b 127.0.0.1:18090 hello_flask:app > "$WORK/gunicorn.log" 2>&1 &
GUNICORN=$!
PIDS+=("$GUNICORN")
wait_http http://127.0.0.1:18090/
read -r FLASK_RPS FLASK_P99 _ _ FLASK_CPU _ < <(load flask http://127.0.0.1:18090/ "$GUNICORN")
FLASK_P99=$(to_ms "$FLASK_P99")

row() { printf '%-32s %11s %8s %12s %8s %8s %14s\n' "$@"; }
echo
row "wrk -t1 -c50 -d$DURATION" "requests/s" "p99 ms" "CPU us/req" "heap MB" "RSS MB" "receiver us/req"
row "flask-app-port, full telemetry" "$FULL_RPS" "$FULL_P99" "$FULL_CPU" "$FULL_HEAP" "$FULL_RSS" "$SINK_CPU"
row "flask-app-port, SDK disabled" "$BARE_RPS" "$BARE_P99" "$BARE_CPU" "$BARE_HEAP" "$BARE_RSS"
row "gunicorn/Flask, $GUNICORN_WORKERS worker(s)" "$FLASK_RPS" "$FLASK_P99" "$FLASK_CPU" - -
echo "load average during the run: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
/usr/bin/python3 - "$FULL_RPS" "$BARE_RPS" "$FLASK_RPS" "$SPANS" "$FULL_SERVED" "$FULL_CPU" "$BARE_CPU" "$FLASK_CPU" "$DROPPED" <<'PY'
import sys
full, bare, flask = map(float, sys.argv[1:4])
spans, served = int(sys.argv[4]), int(sys.argv[5])
full_cpu, bare_cpu, flask_cpu = map(float, sys.argv[6:9])
print(f"\nfull / bare throughput:      {full / bare:.2f}  (target >= 0.85); by CPU per request {bare_cpu / full_cpu:.2f}")
print(f"full telemetry / gunicorn:   {full / flask:.1f}x (target >= 8x); by CPU per request {flask_cpu / full_cpu:.1f}x")
print(f"spans received / served:     {spans} / {served}  ({'no span lost' if spans >= served else f'{served - spans} lost'};"
      f" the app's span processor dropped {sys.argv[9]})")
PY
