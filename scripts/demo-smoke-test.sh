#!/usr/bin/env bash
# Runs ./demo.sh for a short while on spare ports, checks that the app answers, that the loader
# counts requests, and that SIGINT stops every process and frees every port.
# Needs the jars (./mvnw package or verify before it); .ci/run calls it after the tests.
set -euo pipefail
# Job control: without it a background job ignores SIGINT, and the demo could not be
# interrupted the way a user does it with Ctrl-C.
set -m

cd "$(dirname "$0")/.."

export APP_PORT=18480 ADMIN_PORT=18481 METRICS_EXAMPLE_HEALTH_PORT=18482 \
       LOADER_WEB_PORT=18489 LOADER_MASTER_PORT=18557 STATSD_PORT=18525 STATSD_WEB_PORT=18502 \
       DEMO_USERS=3 DEMO_SPAWN_RATE=3
export DEMO_DIR=${DEMO_DIR:-$(mktemp -d)}
ports=("$APP_PORT" "$ADMIN_PORT" "$METRICS_EXAMPLE_HEALTH_PORT" "$LOADER_WEB_PORT" "$LOADER_MASTER_PORT"
       "$STATSD_WEB_PORT" 127.0.0.2:4317 127.0.0.3:4317 127.0.0.4:4317 127.0.0.5:9090)
output=$DEMO_DIR/demo.out

fail() {
  echo "demo smoke test: FAILED: $*" >&2
  echo "--- demo output" >&2; cat "$output" >&2 || true
  for log in "$DEMO_DIR"/*.log; do echo "--- $log" >&2; tail -n 20 "$log" >&2; done
  kill -KILL -- "-$demo_pid" 2>/dev/null || true
  exit 1
}

./demo.sh >"$output" 2>&1 &
demo_pid=$!

requests=0
for _ in $(seq 1 180); do
  kill -0 "$demo_pid" 2>/dev/null || fail "demo.sh exited early"
  json=$(curl -fsS "http://127.0.0.1:$LOADER_WEB_PORT/stats/requests" 2>/dev/null | tr -d '\n' || true)
  requests=$(grep -o '"num_requests": *[0-9]*' <<<"$json" | tail -1 | grep -o '[0-9]*$' || true)
  ((${requests:-0} > 0)) && break
  sleep 1
done
((${requests:-0} > 0)) || fail "the loader reported no requests within 180 s"

body=$(curl -fsS "http://127.0.0.1:$APP_PORT/") || fail "the app did not answer"
[[ $body == "Hello World!" ]] || fail "the app answered '$body'"
grep -q "The demo is running" "$output" || fail "demo.sh did not print where to curl"

# With the peers installed the demo runs the collectors too: spans must reach the gateway.
pipeline=""
if grep -q "The pipeline:" "$output"; then
  for _ in $(seq 1 60); do
    grep -Eq 'gateway received [1-9][0-9]* spans' "$output" && break
    sleep 1
  done
  grep -Eq 'gateway received [1-9][0-9]* spans' "$output" || fail "no span reached the gateway within 60 s"
  pipeline="; $(grep -Eo 'gateway received [0-9]+ spans, [0-9-]+ metric points' "$output" | tail -n 1)"
fi

# With jaeger and prometheus installed too, the gateway exports to them: the app's traces must
# reach Jaeger and its counter Prometheus.
if grep -q "The backends" "$output"; then
  traces="" series=""
  for _ in $(seq 1 60); do
    traces=$(curl -fsS 'http://127.0.0.4:16686/api/traces?service=flask-app-tutorial&limit=1' 2>/dev/null \
      | grep -o '"traceID"' | head -n 1 || true)
    series=$(curl -fsS 'http://127.0.0.5:9090/api/v1/query?query=flask_app_hello_requests_total' 2>/dev/null \
      | grep -o '"__name__":"flask_app_hello_requests_total"' | head -n 1 || true)
    [[ -n $traces && -n $series ]] && break
    sleep 1
  done
  [[ -n $traces ]] || fail "Jaeger returned no trace of flask-app-tutorial within 60 s"
  [[ -n $series ]] || fail "Prometheus had no flask_app_hello_requests_total within 60 s"
  pipeline+="; Jaeger has the app's traces, Prometheus its counter"
fi

children=$(pgrep -g "$demo_pid" -d ' ' || true)
[[ -n $children ]] || fail "no processes in the demo's process group"

kill -INT "$demo_pid"
for _ in $(seq 1 60); do kill -0 "$demo_pid" 2>/dev/null || break; sleep 0.5; done
kill -0 "$demo_pid" 2>/dev/null && fail "demo.sh still runs 30 s after SIGINT"
wait "$demo_pid" 2>/dev/null || true

for pid in $children; do
  kill -0 "$pid" 2>/dev/null && fail "process $pid outlived the demo"
done
for port in "${ports[@]}"; do
  [[ $port == *:* ]] || port=127.0.0.1:$port
  (exec 3<>"/dev/tcp/${port%:*}/${port##*:}") 2>/dev/null && fail "$port still taken after the demo stopped"
done

echo "demo smoke test: passed (loader counted $requests requests; app said '$body'$pipeline; all stopped on SIGINT)"
