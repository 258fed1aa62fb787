#!/usr/bin/env bash
# Distributed mode against a local nginx: one standalone loader, then a Java master with two Java
# workers carrying the same users, in the same invocation. Prints requests/s of both, the
# master's CPU per request it merged, and how the master's total compares with the requests
# nginx actually served (1.000 means nothing lost or counted twice).
#
#   bench/locust-like-loader/distributed.sh [seconds]     (default 10; needs nginx-light)
#   JAR=path/to/locust-like-loader.jar bench/locust-like-loader/distributed.sh
set -euo pipefail

DURATION="${1:-10}"
USERS=50
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
JAR="${JAR:-$ROOT/locust-like-loader/target/locust-like-loader.jar}"

[[ -x /usr/sbin/nginx ]] || { echo "missing /usr/sbin/nginx (apt-get install nginx-light)" >&2; exit 2; }
[[ -f "$JAR" ]] || { echo "missing $JAR: run ./mvnw -pl locust-like-loader -am package first" >&2; exit 2; }

WORK="$(mktemp -d)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

# shellcheck source=bench/ports.sh
source "$HERE/../ports.sh"
# shellcheck source=bench/locust-like-loader/nginx-target.sh
source "$HERE/nginx-target.sh"
PORT=$(free_port tcp)
MASTER_PORT=$(free_port tcp)
start_nginx "$WORK" "$PORT" 'log_format hit "1"; access_log '"$WORK"'/nginx/logs/access.log hit buffer=64k flush=1s;'
PIDS+=("$NGINX_PID")
TARGET="http://127.0.0.1:$PORT"
echo "nginx on $TARGET; $USERS users, ${DURATION}s each, $(nproc) cores"

CLK_TCK=$(getconf CLK_TCK)
cpu_seconds() { awk -v tck="$CLK_TCK" '{ printf "%.2f", ($14 + $15) / tck }' "/proc/$1/stat"; }
served() { sleep 1.5; wc -l <"$WORK/nginx/logs/access.log" | tr -d ' '; }
aggregated() { awk -F, -v col="$2" '$2 == "Aggregated" { print $col }' "$1"; }
JAVA=(java -Xmx256m -XX:+UseParallelGC -jar "$JAR")

# --- standalone ---------------------------------------------------------------------------------
BEFORE=$(served)
"${JAVA[@]}" --headless -H "$TARGET" -u "$USERS" -r 1000 -t "${DURATION}s" --stop-timeout 2s \
  --csv "$WORK/alone" >"$WORK/alone.out" 2>&1
ALONE_SERVED=$(( $(served) - BEFORE ))
ALONE_REQS=$(aggregated "$WORK/alone_stats.csv" 3)
ALONE_RPS=$(aggregated "$WORK/alone_stats.csv" 10)
printf "standalone:               %.0f req/s (%d counted, %d served)\n" "$ALONE_RPS" "$ALONE_REQS" "$ALONE_SERVED"

# --- master + 2 workers -------------------------------------------------------------------------
BEFORE=$(served)
for n in 1 2; do
  "${JAVA[@]}" --worker --master-host 127.0.0.1 --master-port "$MASTER_PORT" --stop-timeout 2s \
    >"$WORK/worker$n.out" 2>&1 &
  PIDS+=($!)
done
"${JAVA[@]}" --master --headless --master-bind-host 127.0.0.1 --master-bind-port "$MASTER_PORT" \
  --expect-workers 2 --expect-workers-max-wait 60 -H "$TARGET" -u "$USERS" -r 1000 -t "${DURATION}s" \
  --stop-timeout 2s --csv "$WORK/dist" >"$WORK/master.out" 2>&1 &
MPID=$!
PIDS+=("$MPID")
MASTER_CPU=0
while kill -0 "$MPID" 2>/dev/null; do
  MASTER_CPU=$(cpu_seconds "$MPID" 2>/dev/null || echo "$MASTER_CPU")
  sleep 0.5
done
wait "$MPID" || true
DIST_SERVED=$(( $(served) - BEFORE ))
DIST_REQS=$(aggregated "$WORK/dist_stats.csv" 3)
DIST_RPS=$(aggregated "$WORK/dist_stats.csv" 10)
printf "master + 2 workers:       %.0f req/s (%d counted by the master, %d served)\n" "$DIST_RPS" "$DIST_REQS" "$DIST_SERVED"

awk -v a="$ALONE_RPS" -v d="$DIST_RPS" -v dr="$DIST_REQS" -v ds="$DIST_SERVED" -v ar="$ALONE_REQS" \
    -v as="$ALONE_SERVED" -v cpu="$MASTER_CPU" 'BEGIN {
  printf "distributed / standalone: %.2f (same cores: measures protocol overhead, not scale-out)\n", d / a
  printf "counted / served:         standalone %.4f, distributed %.4f\n", ar / as, dr / ds
  printf "master CPU:               %.2f s, %.2f us per request merged\n", cpu, cpu * 1e6 / dr
}'
