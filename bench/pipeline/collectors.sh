# shellcheck shell=bash
# Sourced by the benchmarks: the chart's two collectors (the real otelcol from the peers) run as
# processes with the configurations the chart renders, as demo.sh and the system test run them,
# with the chart's resource limits applied. Needs the repository root as the working directory,
# and the peers otelcol and helm (scripts/peers.sh otelcol helm).
#
#   render_collector_configs WORK    WORK/otel-agent.yaml, WORK/otel-gateway.yaml, and
#                                    WORK/<alias>.limits (cpu and memory limits, GOMEMLIMIT)
#   start_collector ALIAS ADDRESS WORK OVERLAY [ENV...]
#                                    the collector on ADDRESS (its pod IP), with OVERLAY (a
#                                    configuration file merged over the chart's); sets
#                                    COLLECTOR_PID; returns once its health check answers
#   collector_counters ADDRESS       "name value" lines of its own otelcol_* counters (:8888)
#   collector_problems ADDRESS       the refused, failed and dropped counters that are not 0
#   stop_collectors                  stops what start_collector started, removes its cgroups
#
# Limits: the chart gives each collector container resources.limits (values.yaml) and the
# official chart sets GOMEMLIMIT to 80 % of the memory limit (useGOMEMLIMIT, its _pod.tpl).
# Here each collector runs in its own cgroup with the same CPU quota and memory limit where the
# cgroup file system is writable (cgroup v1 or v2, as root), so the memory_limiter processor
# reads the limit a pod would have, and Go derives GOMAXPROCS from the quota as in the pod
# (quota rounded up, at least 2). Where it is not writable, only GOMEMLIMIT applies and
# COLLECTOR_LIMITS says so.

# shellcheck source=scripts/pipeline/render.sh
source scripts/pipeline/render.sh
# shellcheck source=bench/ports.sh
source bench/ports.sh

PEERS_BIN=${PEERS_BIN:-$(scripts/peers.sh --bin-dir)}
COLLECTOR_PIDS=()
COLLECTOR_CGROUPS=()
COLLECTOR_LIMITS=""

render_collector_configs() {
  local work=$1 chart=$1/chart alias
  pipeline_chart "$chart"
  # The resources each collector's container gets, from the same values.
  cat > "$chart/templates/bench-collector-limits.yaml" <<'TPL'
{{- range $alias := list "otel-agent" "otel-gateway" }}
# limits {{ $alias }} {{ (index $.Values $alias).resources.limits | toJson }}
{{- end }}
TPL
  "$PEERS_BIN/helm" template otel-demo "$chart" --namespace otel-demo --kube-version 1.33.0 \
    -f scripts/pipeline/local-values.yaml --show-only templates/collector-config-harness.yaml \
    > "$work/collector-configs.yaml"
  pipeline_split_configs "$work/collector-configs.yaml" "$work"
  "$PEERS_BIN/helm" template otel-demo "$chart" --namespace otel-demo --kube-version 1.33.0 \
    -f scripts/pipeline/local-values.yaml --show-only templates/bench-collector-limits.yaml \
    > "$work/collector-limits.txt"
  for alias in otel-agent otel-gateway; do
    local json cpu memory bytes
    json=$(awk -v a="$alias" '$2 == "limits" && $3 == a { print $4 }' "$work/collector-limits.txt")
    cpu=$(jq -r '.cpu' <<< "$json")
    memory=$(jq -r '.memory' <<< "$json")
    bytes=$(mem_bytes "$memory")
    # The official chart's opentelemetry-collector.gomemlimit: 80 %, whole MiB, rounded down.
    printf 'cpu_millis=%s\nmemory=%s\nmemory_bytes=%s\ngomemlimit=%sMiB\n' \
      "$(cpu_millis "$cpu")" "$memory" "$bytes" $(( bytes * 8 / 10 / 1048576 )) > "$work/$alias.limits"
  done
}

cpu_millis() { # Kubernetes CPU quantity (500m, 1, 1.5) -> millicores
  if [[ $1 == *m ]]; then echo "${1%m}"; else awk -v c="$1" 'BEGIN { printf "%d", c * 1000 }'; fi
}
mem_bytes() { # Kubernetes memory quantity (256Mi, 1Gi, 500M) -> bytes
  local v=${1%%[A-Za-z]*} unit=${1##*[0-9]}
  case $unit in
    Ki) echo $(( v * 1024 )) ;; Mi) echo $(( v * 1048576 )) ;; Gi) echo $(( v * 1073741824 )) ;;
    K | k) echo $(( v * 1000 )) ;; M) echo $(( v * 1000000 )) ;; G) echo $(( v * 1000000000 )) ;;
    *) echo "$v" ;;
  esac
}

# collector_cgroup ALIAS CPU_MILLIS MEMORY_BYTES -> path(s) of a new cgroup with those limits,
# "" when cgroups cannot be made here. Children of this shell's own cgroups, so whatever
# accounts for this shell still accounts for the collector.
limit_of() { sed -n "s/^$2=//p" "$1"; }

collector_cgroup() {
  local name=otel-bench-$$-$1 cpu=$2 mem=$3 parent dirs=()
  if [[ -f /sys/fs/cgroup/cgroup.controllers ]]; then # v2
    parent=/sys/fs/cgroup$(awk -F: '$1 == "0" { print $3 }' /proc/self/cgroup)
    if mkdir "$parent/$name" 2>/dev/null; then
      echo "$(( cpu * 100 )) 100000" > "$parent/$name/cpu.max" 2>/dev/null &&
        echo "$mem" > "$parent/$name/memory.max" 2>/dev/null &&
        { echo "$parent/$name"; return; }
      rmdir "$parent/$name"
    fi
    return
  fi
  local controller
  for controller in cpu memory; do
    parent=/sys/fs/cgroup/$controller$(awk -F: -v c="$controller" '$2 ~ "(^|,)" c "(,|$)" { print $3 }' /proc/self/cgroup)
    parent=${parent%/}
    mkdir "$parent/$name" 2>/dev/null || break
    dirs+=("$parent/$name")
  done
  if (( ${#dirs[@]} == 2 )) &&
     echo 100000 > "${dirs[0]}/cpu.cfs_period_us" && echo $(( cpu * 100 )) > "${dirs[0]}/cpu.cfs_quota_us" &&
     echo "$mem" > "${dirs[1]}/memory.limit_in_bytes"; then
    echo "${dirs[*]}"
    return
  fi
  local d; for d in "${dirs[@]}"; do rmdir "$d" 2>/dev/null || true; done
}

start_collector() {
  local alias=$1 address=$2 work=$3 overlay=$4
  shift 4
  local cpu_millis memory_bytes gomemlimit cgroups
  cpu_millis=$(limit_of "$work/$alias.limits" cpu_millis)
  memory_bytes=$(limit_of "$work/$alias.limits" memory_bytes)
  gomemlimit=$(limit_of "$work/$alias.limits" gomemlimit)
  cgroups=$(collector_cgroup "$alias" "$cpu_millis" "$memory_bytes")
  if [[ -n $cgroups ]]; then
    COLLECTOR_LIMITS+="$alias: ${cpu_millis}m CPU quota, $(( memory_bytes / 1048576 ))Mi memory limit (cgroup), GOMEMLIMIT=$gomemlimit; "
  else
    COLLECTOR_LIMITS+="$alias: GOMEMLIMIT=$gomemlimit only (no writable cgroup here: no CPU quota, no memory limit); "
  fi
  # A subshell that joins the cgroups first, so the collector starts inside them (its Go runtime
  # reads the quota at start-up).
  (
    local d
    for d in $cgroups; do echo "$BASHPID" > "$d/cgroup.procs"; done
    exec env OTEL_K8S_NODE_NAME=local OTEL_K8S_NAMESPACE=otel-demo MY_POD_IP="$address" \
      OTEL_K8S_POD_IP="$address" OTEL_K8S_NODE_IP="$address" OTEL_K8S_POD_NAME="$alias" \
      GOMEMLIMIT="$gomemlimit" "$@" \
      "$PEERS_BIN/otelcol" --config="file:$work/$alias.yaml" --config="file:$overlay"
  ) > "$work/$alias.log" 2>&1 &
  COLLECTOR_PID=$!
  COLLECTOR_PIDS+=("$COLLECTOR_PID")
  # shellcheck disable=SC2206 # paths without spaces
  COLLECTOR_CGROUPS+=($cgroups)
  for _ in $(seq 1 150); do
    curl -fs -o /dev/null "http://$address:13133/" && return 0
    kill -0 "$COLLECTOR_PID" 2>/dev/null || break
    sleep 0.2
  done
  echo "$alias did not start; its log:" >&2
  tail -20 "$work/$alias.log" >&2
  exit 1
}

collector_counters() {
  curl -fs "http://$1:8888/metrics" | awk '/^otelcol_/ {
    name = $1; sub(/\{.*/, "", name); sum[name] += $NF } END { for (n in sum) printf "%s %.0f\n", n, sum[n] }' | sort
}

collector_problems() {
  collector_counters "$1" | awk '$1 ~ /refused|failed|dropped/ && $2 != 0 { printf "%s=%s ", $1, $2 }'
}

stop_collectors() {
  local pid d
  for pid in "${COLLECTOR_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${COLLECTOR_PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  done
  for d in "${COLLECTOR_CGROUPS[@]}"; do rmdir "$d" 2>/dev/null || true; done
  COLLECTOR_PIDS=()
  COLLECTOR_CGROUPS=()
}
