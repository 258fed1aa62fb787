# shellcheck shell=bash
# shellcheck disable=SC2034  # OTLP_SINK_* are set for the scripts that source this file
# Sourced by the benchmarks: telemetry-testing's OTLP receiver in count-only mode (it counts spans,
# metric points and log records without keeping them, spans straight off the wire, so that this
# stand-in for a gateway on another node takes little of the measured cores), run as a program.
# Needs the repository root as the working directory.

# start_otlp_sink WORK: builds telemetry-testing if needed, starts the sink in the background and
# sets OTLP_SINK_PID and the endpoints OTLP_SINK_GRPC, OTLP_SINK_HTTP and OTLP_SINK_STATUS.
start_otlp_sink() {
  local work=$1
  if [[ ! -f telemetry-testing/target/classes/io/github/oteldemo/testing/otlp/CountingOtlpSink.class ]]; then
    ./mvnw -B -q -pl telemetry-testing -am compile
  fi
  ./mvnw -B -q -pl telemetry-testing dependency:build-classpath \
    -Dmdep.outputFile="$work/otlp-sink.cp" -Dmdep.includeScope=runtime
  java -Xmx256m -cp "telemetry-testing/target/classes:$(cat "$work/otlp-sink.cp")" \
    io.github.oteldemo.testing.otlp.CountingOtlpSink > "$work/otlp-sink.out" 2> "$work/otlp-sink.err" &
  OTLP_SINK_PID=$!
  for _ in $(seq 1 150); do [[ -s "$work/otlp-sink.out" ]] && break; sleep 0.2; done
  if [[ ! -s "$work/otlp-sink.out" ]]; then
    echo "the OTLP sink did not start:" >&2
    cat "$work/otlp-sink.err" >&2
    exit 1
  fi
  local line
  line=$(head -1 "$work/otlp-sink.out")
  OTLP_SINK_GRPC=$(sed -n 's/.*grpc=\([^ ]*\).*/\1/p' <<< "$line")
  OTLP_SINK_HTTP=$(sed -n 's/.*http=\([^ ]*\).*/\1/p' <<< "$line")
  OTLP_SINK_STATUS=$(sed -n 's/.*status=\([^ ]*\).*/\1/p' <<< "$line")
}

# otlp_sink_count NAME: one of the sink's counts (export_requests, spans, metric_points,
# log_records, first_export_epoch_nanos).
otlp_sink_count() {
  curl -fs "$OTLP_SINK_STATUS/counts" | awk -v name="$1" '$1 == name { print $2 }'
}

# otlp_sink_settled: waits (at most 30 s) until the span count stops moving, as the SDKs and
# collectors flush, and prints it.
otlp_sink_settled() {
  local last=-1 now
  for _ in $(seq 1 30); do
    sleep 1
    now=$(otlp_sink_count spans)
    [[ $now == "$last" ]] && break
    last=$now
  done
  echo "$now"
}

# otlp_sink_reset: sets every count back to zero.
otlp_sink_reset() {
  curl -fs -X POST -o /dev/null "$OTLP_SINK_STATUS/reset"
}
