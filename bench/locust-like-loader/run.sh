#!/usr/bin/env bash
# Throughput of locust-like-loader against a local nginx, next to wrk and Python Locust's
# FastHttpUser measured in the same invocation (same machine, same moment, same target).
#
#   bench/locust-like-loader/run.sh [seconds]      (default 10; needs nginx-light, wrk, python3-locust)
#
# Prints requests/s of each tool, our ratios to wrk and Locust, CPU time per request, and the
# loader's peak heap and RSS.
set -euo pipefail

DURATION="${1:-10}"
USERS=50
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
JAR="$ROOT/locust-like-loader/target/locust-like-loader.jar"
LOCUST=/usr/bin/locust
PYTHON=/usr/bin/python3

for tool in /usr/sbin/nginx /usr/bin/wrk "$LOCUST" "$PYTHON"; do
  [[ -x "$tool" ]] || { echo "missing $tool (apt-get install nginx-light wrk python3-locust)" >&2; exit 2; }
done
[[ -f "$JAR" ]] || { echo "missing $JAR: run ./mvnw -pl locust-like-loader -am package first" >&2; exit 2; }

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
echo "nginx on $TARGET; $USERS connections/users, ${DURATION}s each, $(nproc) cores"

CLK_TCK=$(getconf CLK_TCK)
# CPU seconds (user+system) a process has used so far, from /proc/<pid>/stat.
cpu_seconds() { awk -v tck="$CLK_TCK" '{ printf "%.2f", ($14 + $15) / tck }' "/proc/$1/stat"; }
# CPU seconds of the finished children of a subshell, from bash's `times` (second line).
children_cpu() { awk 'NR == 2 { split($1, u, /[ms]/); split($2, s, /[ms]/); printf "%.2f", u[1] * 60 + u[2] + s[1] * 60 + s[2] }'; }

# --- wrk -t1 -c50 ---------------------------------------------------------------------------
(wrk -t1 -c"$USERS" -d"${DURATION}s" "$TARGET/" >"$WORK/wrk.out"; times >"$WORK/wrk.times")
WRK_RPS=$(awk '/Requests\/sec/ { print $2 }' "$WORK/wrk.out")
WRK_REQS=$(awk '/requests in/ { print $1 }' "$WORK/wrk.out")
WRK_CPU=$(children_cpu <"$WORK/wrk.times")
echo "wrk -t1 -c$USERS:            ${WRK_RPS} req/s"

# --- our loader -------------------------------------------------------------------------------
# All users start at once (-r 1000), as wrk opens its connections at once.
java -Xmx512m -XX:+UseParallelGC -jar "$JAR" --headless -H "$TARGET" -u "$USERS" -r 1000 -t "${DURATION}s" \
  --csv "$WORK/ours" >"$WORK/ours.out" 2>"$WORK/ours.err" &
JPID=$!
PEAK_RSS=0; PEAK_HEAP=0; CPU=0
while kill -0 "$JPID" 2>/dev/null; do
  rss=$(awk '/VmRSS/ { print $2 }' "/proc/$JPID/status" 2>/dev/null || echo 0)
  (( rss > PEAK_RSS )) && PEAK_RSS=$rss
  heap=$(jstat -gc "$JPID" 2>/dev/null | awk 'NR == 2 { printf "%d", $3 + $4 + $6 + $8 }' || echo 0)
  [[ -n "$heap" ]] && (( heap > PEAK_HEAP )) && PEAK_HEAP=$heap
  CPU=$(cpu_seconds "$JPID" 2>/dev/null || echo "$CPU")
  sleep 0.5
done
wait "$JPID" || true
OURS_REQS=$(awk -F, '$2 == "Aggregated" { print $3 }' "$WORK/ours_stats.csv")
OURS_FAILS=$(awk -F, '$2 == "Aggregated" { print $4 }' "$WORK/ours_stats.csv")
OURS_RPS=$(awk -F, '$2 == "Aggregated" { printf "%.0f", $10 }' "$WORK/ours_stats.csv")
echo "locust-like-loader:       ${OURS_RPS} req/s (${OURS_REQS} requests, ${OURS_FAILS} failures)"

# --- Python Locust FastHttpUser, one process -------------------------------------------------
cat > "$WORK/locustfile.py" <<'PY'
from locust import FastHttpUser, task


class WebsiteUser(FastHttpUser):
    @task
    def index(self):
        self.client.get("/")
PY
(cd "$WORK" && "$PYTHON" "$LOCUST" -f locustfile.py --headless -H "$TARGET" -u "$USERS" -r "$USERS" \
  -t "${DURATION}s" --csv "$WORK/locust" --only-summary >"$WORK/locust.out" 2>&1; times >"$WORK/locust.times") || true
LOCUST_RPS=$(awk -F, '$2 == "Aggregated" { printf "%.0f", $10 }' "$WORK/locust_stats.csv")
LOCUST_REQS=$(awk -F, '$2 == "Aggregated" { print $3 }' "$WORK/locust_stats.csv")
LOCUST_CPU=$(children_cpu <"$WORK/locust.times")
echo "Locust FastHttpUser:      ${LOCUST_RPS} req/s"

# --- figures ----------------------------------------------------------------------------------
awk -v ours="$OURS_RPS" -v wrk="$WRK_RPS" -v locust="$LOCUST_RPS" -v cpu="$CPU" -v reqs="$OURS_REQS" \
    -v wrk_cpu="$WRK_CPU" -v wrk_reqs="$WRK_REQS" -v locust_cpu="$LOCUST_CPU" -v locust_reqs="$LOCUST_REQS" \
    -v rss="$PEAK_RSS" -v heap="$PEAK_HEAP" 'BEGIN {
  printf "ratio to wrk:             %.2f (target >= 0.5)\n", ours / wrk
  printf "ratio to Locust:          %.2f (target >= 4)\n", ours / locust
  printf "CPU per request:          loader %.1f us, wrk %.1f us, Locust %.1f us\n", cpu * 1e6 / reqs,
         wrk_cpu * 1e6 / wrk_reqs, locust_cpu * 1e6 / locust_reqs
  printf "loader CPU:               %.2f s for %d requests\n", cpu, reqs
  printf "loader peak heap used:    %.0f MiB, peak RSS %.0f MiB\n", heap / 1024, rss / 1024
}'
