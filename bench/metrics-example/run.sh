#!/usr/bin/env bash
# Memory and start-up of metrics-example: the JVM flags the image sets (read from the module's
# Jib <jvmFlags>) against the JVM's defaults as the baseline, in the same invocation.
#
#   bench/metrics-example/run.sh            # 3 runs per configuration, 10 s steady state
#   RUNS=5 STEADY_SECONDS=30 bench/metrics-example/run.sh
#
# Figures per configuration (medians over the runs):
#   first export  time from launching java to the first OTLP export arriving at a local sink
#   RSS           resident set after STEADY_SECONDS, and its peak (VmHWM)
#   heap          used / committed heap after STEADY_SECONDS (jcmd GC.heap_info)
set -euo pipefail
cd "$(dirname "$0")/../.."

runs=${RUNS:-3}
steady=${STEADY_SECONDS:-10}
jar=metrics-example/target/metrics-example.jar

if [[ ! -f $jar ]]; then
  echo "building $jar"
  ./mvnw -B -q -pl metrics-example -am package -DskipTests
fi

# The image's flags, straight from the POM so the two cannot drift apart.
mapfile -t image_flags < <(sed -n 's:.*<jvmFlag>\(.*\)</jvmFlag>.*:\1:p' metrics-example/pom.xml)

work=$(mktemp -d)
OTLP_SINK_PID=""
app_pid=""
cleanup() {
  if [[ -n $app_pid ]]; then kill "$app_pid" 2>/dev/null || true; fi
  if [[ -n $OTLP_SINK_PID ]]; then kill "$OTLP_SINK_PID" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# shellcheck source=bench/otlp-sink.sh
source bench/otlp-sink.sh
start_otlp_sink "$work"
sink=$OTLP_SINK_HTTP

kib_of() { awk -v key="$1:" '$1 == key { print $2 }' "/proc/$2/status"; }

# One run: prints "first_export_ms rss_kib hwm_kib heap_used_kib heap_committed_kib".
measure() {
  otlp_sink_reset
  local start
  start=$(date +%s%N)
  env -i PATH="$PATH" HOME="$HOME" \
    OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf OTEL_EXPORTER_OTLP_ENDPOINT="$sink" \
    OTEL_METRIC_EXPORT_INTERVAL=100 INCREMENT_INTERVAL=100ms \
    HEALTH_HOST=127.0.0.1 HEALTH_PORT=0 \
    java "$@" -jar "$jar" >"$work/app.log" 2>&1 &
  app_pid=$!
  local arrived=0
  for _ in $(seq 300); do
    arrived=$(otlp_sink_count first_export_epoch_nanos)
    ((arrived > 0)) && break
    sleep 0.05
  done
  if ((arrived == 0)); then
    echo "no export arrived; program output:" >&2
    cat "$work/app.log" >&2
    exit 1
  fi
  local first=$(( (arrived - start) / 1000000 ))
  sleep "$steady"
  local rss hwm heap
  rss=$(kib_of VmRSS "$app_pid")
  hwm=$(kib_of VmHWM "$app_pid")
  # Each collector prints its spaces as "... total 9792K, used 2233K ..." (SerialGC: young and
  # tenured; G1: one heap line); their sum is the heap.
  heap=$(jcmd "$app_pid" GC.heap_info |
    awk '/total [0-9]+K, used [0-9]+K/ {
           for (i = 1; i <= NF; i++) {
             if ($i == "total") { t += $(i + 1) + 0 }
             if ($i == "used") { u += $(i + 1) + 0 }
           }
         }
         END { print u, t }')
  kill -TERM "$app_pid"
  wait "$app_pid" || true
  app_pid=""
  echo "$first $rss $hwm $heap"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

report() {
  local name=$1 file=$2
  printf '%-9s first export %5d ms   RSS %6.1f MiB   peak RSS %6.1f MiB   heap used %5.1f / committed %5.1f MiB\n' \
    "$name" \
    "$(cut -d' ' -f1 "$file" | median)" \
    "$(cut -d' ' -f2 "$file" | median | awk '{ print $1 / 1024 }')" \
    "$(cut -d' ' -f3 "$file" | median | awk '{ print $1 / 1024 }')" \
    "$(cut -d' ' -f4 "$file" | median | awk '{ print $1 / 1024 }')" \
    "$(cut -d' ' -f5 "$file" | median | awk '{ print $1 / 1024 }')"
}

echo "java: $(java -version 2>&1 | head -n1); cpus: $(nproc); runs: $runs; steady state: ${steady}s"
echo "image flags: ${image_flags[*]}"
: >"$work/baseline"
: >"$work/image"
for _ in $(seq "$runs"); do
  measure >>"$work/baseline"
  measure "${image_flags[@]}" >>"$work/image"
done

report baseline "$work/baseline"
report image "$work/image"
awk '
  FNR == 1 { f++ }
  { for (i = 1; i <= 5; i++) s[f, i] += $i }
  END {
    printf "ratio image/baseline (means): first export %.2f  RSS %.2f  peak RSS %.2f  heap used %.2f  heap committed %.2f\n",
      s[2, 1] / s[1, 1], s[2, 2] / s[1, 2], s[2, 3] / s[1, 3], s[2, 4] / s[1, 4], s[2, 5] / s[1, 5]
  }' "$work/baseline" "$work/image"
target_kib=$((96 * 1024))
image_rss=$(cut -d' ' -f2 "$work/image" | median)
if ((image_rss < target_kib)); then
  echo "RSS target (< 96 MiB with the image flags): met"
else
  echo "RSS target (< 96 MiB with the image flags): MISSED"
fi
