#!/usr/bin/env bash
# Runs the whole demo on this machine: the app, metrics-example, and a loader master with one
# worker putting a light load on the app. Ctrl-C stops everything.
#
# Where the real peers are installed (scripts/peers.sh: otelcol, statsd_exporter, helm), the
# demo runs the chart's pipeline too: statsd_exporter with the chart's mapping, the agent and
# gateway collectors with the configurations rendered from the chart (the agent on 127.0.0.2,
# the gateway on 127.0.0.3, each on the chart's ports), and its summary line says what reached
# the gateway, from the gateway's own metrics. Where jaeger and prometheus are installed too
# (scripts/peers.sh jaeger prometheus), the gateway exports to them as the chart's does (Jaeger
# on 127.0.0.4, Prometheus on 127.0.0.5, each with the chart's configuration; Grafana does not
# run here). Otherwise telemetry goes to OTEL_EXPORTER_OTLP_ENDPOINT when it is set, or the
# SDK's console exporter writes the metrics to the programs' logs every 10 s and the summary
# line shows the two custom counters; the app's StatsD packets then go to localhost:9125,
# harmless when nobody listens.
#
# The load is scripts/demo-tasks.yaml: GET / with a 1-2 s pause per user.
# Settings (environment): DEMO_USERS (5), DEMO_SPAWN_RATE (1), DEMO_DIR (target/demo) and the
# ports APP_PORT (8080), ADMIN_PORT (8081), METRICS_EXAMPLE_HEALTH_PORT (8082),
# LOADER_WEB_PORT (8089), LOADER_MASTER_PORT (5557), STATSD_PORT (9125, UDP) and
# STATSD_WEB_PORT (9102).
set -euo pipefail

cd "$(dirname "$0")"
root=$(pwd)

users=${DEMO_USERS:-5}
spawn_rate=${DEMO_SPAWN_RATE:-1}
demo_dir=${DEMO_DIR:-$root/target/demo}
app_port=${APP_PORT:-8080}
admin_port=${ADMIN_PORT:-8081}
health_port=${METRICS_EXAMPLE_HEALTH_PORT:-8082}
web_port=${LOADER_WEB_PORT:-8089}
master_port=${LOADER_MASTER_PORT:-5557}
statsd_port=${STATSD_PORT:-9125}
statsd_web_port=${STATSD_WEB_PORT:-9102}
agent_address=127.0.0.2
gateway_address=127.0.0.3
jaeger_address=127.0.0.4
prometheus_address=127.0.0.5

jars=(flask-app-port/target/flask-app-port.jar
      metrics-example/target/metrics-example.jar
      locust-like-loader/target/locust-like-loader.jar)

die() { echo "demo: $*" >&2; exit 1; }

command -v java >/dev/null || die "java not found: install Java 17 or newer"
command -v curl >/dev/null || die "curl not found: it is used to wait for the programs and to show their state"

port_in_use() {
  # A successful connect means something already listens there.
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}
for entry in "app:$app_port" "app admin:$admin_port" "metrics-example health:$health_port" \
             "loader web UI:$web_port" "loader master:$master_port"; do
  port=${entry##*:}
  if port_in_use "$port"; then
    die "port $port (${entry%:*}) is already in use; stop what uses it or set the port's variable (see the top of demo.sh)"
  fi
done

peers_bin=$(scripts/peers.sh --bin-dir)
pipeline=false
backends=false
if [[ -n ${OTEL_EXPORTER_OTLP_ENDPOINT:-} ]]; then
  echo "demo: telemetry goes to $OTEL_EXPORTER_OTLP_ENDPOINT"
elif [[ -x $peers_bin/otelcol && -x $peers_bin/statsd_exporter && -x $peers_bin/helm && $(uname -s) == Linux ]]; then
  pipeline=true
  for entry in "statsd_exporter:127.0.0.1:$statsd_web_port" "agent:$agent_address:4317" "gateway:$gateway_address:4317"; do
    address=${entry#*:}
    if (exec 3<>"/dev/tcp/${address%:*}/${address##*:}") 2>/dev/null; then
      die "$address (${entry%%:*}) is already in use; stop what uses it (STATSD_WEB_PORT moves statsd_exporter)"
    fi
  done
  if [[ -x $peers_bin/jaeger && -x $peers_bin/prometheus ]]; then
    backends=true
    for address in "$jaeger_address:4317" "$prometheus_address:9090"; do
      if (exec 3<>"/dev/tcp/${address%:*}/${address##*:}") 2>/dev/null; then
        die "$address (a backend) is already in use; stop what uses it"
      fi
    done
  else
    echo "demo: no backends; run scripts/peers.sh jaeger prometheus once for Jaeger and Prometheus"
  fi
else
  echo "demo: no collector; run scripts/peers.sh once for the full pipeline (agent, gateway, statsd_exporter; Linux)"
fi

# Build when a jar is missing or older than its module's sources or POMs.
needs_build=false
for jar in "${jars[@]}"; do
  module=${jar%%/*}
  if [[ ! -f $jar ]] || [[ -n $(find "$module/src" "$module/pom.xml" pom.xml -newer "$jar" -print -quit 2>/dev/null) ]]; then
    needs_build=true
  fi
done
if $needs_build; then
  echo "demo: building (./mvnw package, tests skipped; run ./mvnw verify for the tests)"
  ./mvnw -B -q -DskipTests -pl flask-app-port,metrics-example,locust-like-loader -am package
fi

mkdir -p "$demo_dir"

if $pipeline; then
  telemetry_env=(OTEL_EXPORTER_OTLP_ENDPOINT="http://$agent_address:4317" OTEL_METRIC_EXPORT_INTERVAL=10000
                 STATSD_PORT="$statsd_port")
elif [[ -n ${OTEL_EXPORTER_OTLP_ENDPOINT:-} ]]; then
  telemetry_env=()
else
  # No collector: no spans (a line per request would drown the console), and metrics written
  # to the logs by the SDK's console exporter, read back for the summary line below.
  telemetry_env=(OTEL_TRACES_EXPORTER=none OTEL_METRICS_EXPORTER=console OTEL_LOGS_EXPORTER=none
                 OTEL_METRIC_EXPORT_INTERVAL=10000)
fi

pids=()
stopping=false
stop_all() {
  $stopping && return
  stopping=true
  trap - INT TERM
  echo
  echo "demo: stopping"
  # Workers first, so the master sees them leave; then the rest. Each handles SIGTERM.
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill -TERM "${pids[i]}" 2>/dev/null || true
  done
  local deadline=$((SECONDS + 20))
  for pid in "${pids[@]}"; do
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  echo "demo: stopped; logs are in $demo_dir"
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap 'stop_all' EXIT

start() {
  local name=$1; shift
  # env -i is not used: the programs need JAVA_HOME/PATH and any OTEL_* the user set.
  env "$@" >"$demo_dir/$name.log" 2>&1 &
  pids+=($!)
}

# shellcheck source=scripts/pipeline/render.sh
source scripts/pipeline/render.sh

# extract_block KEY FILE OUT: the block scalar "  KEY: |" of a rendered ConfigMap, unindented.
extract_block() {
  awk -v key="  $1: |" '
    $0 == key { block = 1; next }
    block && /^    / { print substr($0, 5); next }
    block && /^$/ { print ""; next }
    { block = 0 }
  ' "$2" >"$3"
}

# The collectors' configurations as the chart renders them (scripts/pipeline/), with what a
# cluster would provide replaced (scripts/pipeline/local-values.yaml); with the backends, their
# configurations and Prometheus's arguments too.
render_collector_configs() {
  local chart=$demo_dir/chart
  pipeline_chart "$chart"
  local values=(-f scripts/pipeline/local-values.yaml)
  if ! $backends; then
    # Without them, the gateway's pipelines end in debug alone (the chart refuses the backends
    # off while a pipeline still exports to them).
    values+=(--set backends.enabled=false
             --set 'otel-gateway.alternateConfig.service.pipelines.traces.exporters={debug}'
             --set 'otel-gateway.alternateConfig.service.pipelines.metrics.exporters={debug}')
  fi
  "$peers_bin/helm" template otel-demo "$chart" --namespace otel-demo --kube-version 1.33.0 \
    "${values[@]}" --show-only templates/collector-config-harness.yaml \
    >"$demo_dir/collector-configs.yaml"
  if $backends; then
    local component
    for component in jaeger prometheus; do
      "$peers_bin/helm" template otel-demo "$chart" --namespace otel-demo --kube-version 1.33.0 \
        "${values[@]}" --show-only "templates/backends/$component.yaml" >"$demo_dir/$component-objects.yaml"
    done
    extract_block config.yaml "$demo_dir/jaeger-objects.yaml" "$demo_dir/jaeger.yaml"
    extract_block prometheus.yml "$demo_dir/prometheus-objects.yaml" "$demo_dir/prometheus.yml"
    # The Deployment's one container's arguments, with the pod's paths and address replaced.
    grep -E '^ +- --' "$demo_dir/prometheus-objects.yaml" | sed 's/^ *- //' \
      | sed -e "s|^--config.file=.*|--config.file=$demo_dir/prometheus.yml|" \
            -e "s|^--storage.tsdb.path=.*|--storage.tsdb.path=$demo_dir/prometheus-data|" \
            -e "s|^--web.listen-address=.*|--web.listen-address=$prometheus_address:9090|" \
      >"$demo_dir/prometheus.args"
  fi
  pipeline_split_configs "$demo_dir/collector-configs.yaml" "$demo_dir"
}

if $pipeline; then
  render_collector_configs
  if $backends; then
    start jaeger MY_POD_IP=$jaeger_address "$peers_bin/jaeger" --config "$demo_dir/jaeger.yaml"
    mapfile -t prometheus_args <"$demo_dir/prometheus.args"
    start prometheus "$peers_bin/prometheus" "${prometheus_args[@]}"
  fi
  collector_env=(OTEL_K8S_NODE_NAME=local OTEL_K8S_NAMESPACE=otel-demo)
  start otel-gateway "${collector_env[@]}" MY_POD_IP=$gateway_address OTEL_K8S_POD_IP=$gateway_address \
    OTEL_K8S_NODE_IP=$gateway_address OTEL_K8S_POD_NAME=otel-gateway \
    JAEGER_ADDRESS=$jaeger_address PROMETHEUS_ADDRESS=$prometheus_address \
    "$peers_bin/otelcol" --config="file:$demo_dir/otel-gateway.yaml"
  start otel-agent "${collector_env[@]}" MY_POD_IP=$agent_address OTEL_K8S_POD_IP=$agent_address \
    OTEL_K8S_NODE_IP=$agent_address OTEL_K8S_POD_NAME=otel-agent GATEWAY_ADDRESS=$gateway_address \
    STATSD_EXPORTER_TARGET="127.0.0.1:$statsd_web_port" APP_POD_NAME=flask-app APP_POD_NAMESPACE=otel-demo \
    LOADER_TARGET="127.0.0.1:$web_port" LOADER_POD_NAME=loader-master \
    "$peers_bin/otelcol" --config="file:$demo_dir/otel-agent.yaml"
  start statsd-exporter "$peers_bin/statsd_exporter" \
    --statsd.mapping-config=charts/otel-demo/files/statsd-mapping.yml \
    --statsd.listen-udp="127.0.0.1:$statsd_port" --statsd.listen-tcp= \
    --web.listen-address="127.0.0.1:$statsd_web_port"
fi

start flask-app "${telemetry_env[@]}" PORT="$app_port" ADMIN_PORT="$admin_port" \
  java -jar flask-app-port/target/flask-app-port.jar server
start metrics-example "${telemetry_env[@]}" HEALTH_PORT="$health_port" \
  java -jar metrics-example/target/metrics-example.jar

wait_for() {
  local what=$1 url=$2 log=$3
  for _ in $(seq 1 120); do
    curl -fsS -o /dev/null "$url" 2>/dev/null && return 0
    for pid in "${pids[@]}"; do
      kill -0 "$pid" 2>/dev/null || die "$what exited during start-up; see $demo_dir/$log.log:
$(tail -n 5 "$demo_dir/$log.log")"
    done
    sleep 0.5
  done
  die "$what did not answer $url within 60 s; see $demo_dir/$log.log"
}
wait_for "the app" "http://127.0.0.1:$app_port/" flask-app
if $pipeline; then
  wait_for "the gateway" "http://$gateway_address:13133/" otel-gateway
  wait_for "the agent" "http://$agent_address:13133/" otel-agent
  wait_for "statsd_exporter" "http://127.0.0.1:$statsd_web_port/-/ready" statsd-exporter
fi
if $backends; then
  wait_for "Jaeger" "http://$jaeger_address:13133/status" jaeger
  wait_for "Prometheus" "http://$prometheus_address:9090/-/ready" prometheus
fi

start loader-master LOCUST_MODE=master TARGET_HOST="http://127.0.0.1:$app_port" \
  java -jar locust-like-loader/target/locust-like-loader.jar \
  --master --master-bind-host 127.0.0.1 --master-bind-port "$master_port" \
  --web-host 127.0.0.1 --web-port "$web_port" \
  --expect-workers 1 --autostart -u "$users" -r "$spawn_rate" -f scripts/demo-tasks.yaml
wait_for "the loader master" "http://127.0.0.1:$web_port/healthz" loader-master
start loader-worker LOCUST_MODE=worker \
  java -jar locust-like-loader/target/locust-like-loader.jar \
  --worker --master-host 127.0.0.1 --master-port "$master_port" -f scripts/demo-tasks.yaml
wait_for "metrics-example" "http://127.0.0.1:$health_port/healthz" metrics-example

cat <<EOF

  The demo is running.
    curl http://127.0.0.1:$app_port/            -> Hello World!
    curl http://127.0.0.1:$admin_port/healthcheck  (Dropwizard admin: /metrics, /ping)
    Load generator UI:  http://127.0.0.1:$web_port/   (JSON: /stats/requests)
  Logs: $demo_dir/*.log.  Ctrl-C stops everything.

EOF
if $pipeline; then
  cat <<EOF
  The pipeline: app -> agent ($agent_address:4317) -> gateway ($gateway_address:4317), whose debug
  exporter logs to $demo_dir/otel-gateway.log; app -> statsd_exporter
  (http://127.0.0.1:$statsd_web_port/metrics), scraped by the agent. The collectors' own
  metrics: http://$agent_address:8888/metrics and http://$gateway_address:8888/metrics.

EOF
fi
if $backends; then
  cat <<EOF
  The backends (built from source: their APIs, no web UI):
    Jaeger:     curl 'http://$jaeger_address:16686/api/traces?service=flask-app-tutorial&limit=5'
    Prometheus: curl 'http://$prometheus_address:9090/api/v1/query?query=sum(rate(http_server_request_duration_seconds_count[1m]))'
  The dashboards' queries: charts/otel-demo/files/dashboards/*.json (Grafana runs in the cluster only).

EOF
fi

# The newest value of a counter that the SDK's console exporter logged, or "-".
exported_value() {
  local metric=$1 log=$2 value
  value=$(grep -o "name=$metric,.*" "$demo_dir/$log.log" 2>/dev/null | tail -n 1 | grep -o 'value=[0-9]*' | head -n 1)
  echo "${value#value=}"
}

# otelcol_receiver_accepted_<what> summed over the gateway's receivers, from its own telemetry
# (the names the collector documents), or "-".
gateway_accepted() {
  curl -fsS "http://$gateway_address:8888/metrics" 2>/dev/null \
    | awk -v name="otelcol_receiver_accepted_$1" '$1 ~ "^" name "([{]|$)" { sum += $NF; found = 1 }
        END { if (found) printf "%d", sum; else printf "-" }' || echo -
}

# A line every 10 s from the loader's own stats, instead of a line per request.
while true; do
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    for pid in "${pids[@]}"; do
      kill -0 "$pid" 2>/dev/null || die "a demo process ($pid) exited; see the logs in $demo_dir"
    done
    sleep 1
  done
  summary=$(curl -fsS "http://127.0.0.1:$web_port/stats/requests" 2>/dev/null | tr -d '\n' || true)
  if [[ -n $summary ]]; then
    requests=$(grep -o '"num_requests": *[0-9]*' <<<"$summary" | tail -1 | grep -o '[0-9]*$')
    failures=$(grep -o '"num_failures": *[0-9]*' <<<"$summary" | tail -1 | grep -o '[0-9]*$')
    # Each row carries its own total_rps (as in Locust 2.4x); the Aggregated row comes last.
    rps=$(grep -o '"total_rps": *[0-9.]*' <<<"$summary" | tail -n 1 | grep -o '[0-9.]*$')
    rps=$(printf '%.1f' "${rps:-0}")
    # Workers carry a "state" too; the runner's own comes last.
    state=$(grep -o '"state": *"[a-z]*"' <<<"$summary" | tail -n 1 | grep -o '"[a-z]*"$' | tr -d '"')
    line="demo: loader $state, ${requests:-0} requests, ${failures:-0} failures, ${rps:-0} req/s"
    if $pipeline; then
      line+="; gateway received $(gateway_accepted spans) spans, $(gateway_accepted metric_points) metric points"
    elif [[ -z ${OTEL_EXPORTER_OTLP_ENDPOINT:-} ]]; then
      hellos=$(exported_value flask_app_hello_requests flask-app)
      custom=$(exported_value custom_metric_example metrics-example)
      line+="; exported flask_app_hello_requests=${hellos:--} custom_metric_example=${custom:--}"
    fi
    echo "$line"
  fi
done
