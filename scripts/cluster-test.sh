#!/usr/bin/env bash
# The chart on a real Kubernetes control plane: etcd, kube-apiserver (admission with
# PodSecurity, RBAC), kube-controller-manager and kube-scheduler as processes on a loopback
# address of their own, and three nodes simulated by kwok (pods become Ready with an address
# from their node's podCIDR; no container runs). For every
# charts/otel-demo/ci/*-values.yaml scenario but google-cloud (its gateway needs Google
# credentials): helm install with the real official collector chart into a namespace that
# enforces, warns and audits a Pod Security level (restricted; privileged for agent-hostport,
# whose hostPorts the other levels refuse), wait until every Deployment and the
# agent DaemonSet (on all three nodes) are rolled out, check the agent's RBAC (what its pod
# discovery and k8s_attributes ask for, no more), helm upgrade with changed values and wait
# again, helm uninstall, check that nothing of the release is left. Any warning the API server
# returns (printed by helm), Warning event, or Pod Security audit violation fails the scenario.
# Then, as root (in a network namespace of its own, where the pods' addresses are local), the
# agent phase: the chart's agent configuration as an otelcol process against this API server,
# the real app and statsd_exporter on the app pod's address (see agent() below).
#
#   scripts/cluster-test.sh              every scenario
#   scripts/cluster-test.sh default ...  only these (ci/<name>-values.yaml)
#
# Peers: scripts/peers.sh kubernetes etcd kwok helm otelcol statsd_exporter (in
# OTEL_DEMO_PEERS_BIN when set), and flask-app-port/target/flask-app-port.jar for the agent phase. The official collector chart is
# charts/otel-demo/charts/opentelemetry-collector (helm dependency build), or the directory
# OTEL_COLLECTOR_CHART_DIR names. Everything runs in a temporary directory, removed at exit
# with every process this script started. The last line is the summary; the exit status is 0
# only when every scenario passed (2: a prerequisite is missing).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
bin_dir=${OTEL_DEMO_PEERS_BIN:-$("$repo/scripts/peers.sh" --bin-dir)}
chart_src=$repo/charts/otel-demo
collector_chart=${OTEL_COLLECTOR_CHART_DIR:-$chart_src/charts/opentelemetry-collector}
release=otel-demo
nodes=(node-1 node-2 node-3)
timeout=180s
started=$SECONDS

say() { printf 'cluster-test: %s\n' "$*"; }
indent() { sed 's/^/    /'; }
missing() {
  say "cannot run: $*"
  say "SUMMARY: not run (0 scenarios, 0 nodes, 0 pods, 0 warnings): $*"
  exit 2
}

# --- prerequisites: say what is missing, never skip silently --------------------------------
need=()
for peer in etcd kube-apiserver kube-controller-manager kube-scheduler kubectl kwok kwok-stages.yaml helm; do
  [[ -e $bin_dir/$peer ]] || need+=("$peer")
done
((${#need[@]} == 0)) || missing "peers not in $bin_dir: ${need[*]} (scripts/peers.sh kubernetes etcd kwok helm)"
command -v openssl >/dev/null || missing "openssl is not installed"
command -v curl >/dev/null || missing "curl is not installed"
[[ -f $collector_chart/Chart.yaml ]] \
  || missing "the official opentelemetry-collector chart is not in $collector_chart (run helm dependency build charts/otel-demo, or set OTEL_COLLECTOR_CHART_DIR)"
locked=$(sed -n 's/^  version: //p' "$chart_src/Chart.lock" | sort -u)
found=$(sed -n 's/^version: //p' "$collector_chart/Chart.yaml")
[[ $found == "$locked" ]] || missing "$collector_chart is opentelemetry-collector $found, Chart.lock pins $locked"

scenarios=()
if (($#)); then
  for name in "$@"; do
    [[ -f $chart_src/ci/$name-values.yaml ]] || { say "no scenario $chart_src/ci/$name-values.yaml"; exit 2; }
    scenarios+=("$chart_src/ci/$name-values.yaml")
  done
else
  for file in "$chart_src"/ci/*-values.yaml; do
    if [[ $(basename "$file") == google-cloud-values.yaml ]]; then
      say "scenario google-cloud: not installed (its gateway's googleclientauth extension needs Google credentials); rendered and validated by the chart tests"
      continue
    fi
    scenarios+=("$file")
  done
fi

# A network namespace of its own (root only): pod addresses (10.244.0.0/16, routed to the
# namespace's loopback device) become bindable, so the agent phase can run processes on them.
if [[ -z ${CLUSTER_TEST_NETNS:-} ]] && ((EUID == 0)) && command -v unshare >/dev/null; then
  exec unshare --net env CLUSTER_TEST_NETNS=1 "$0" "$@"
fi
agent_phase=no
if [[ -n ${CLUSTER_TEST_NETNS:-} ]]; then
  ip link set lo up
  ip route add local 10.244.0.0/16 dev lo
  agent_phase=yes
fi

PATH=$bin_dir:$PATH
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cluster-test.XXXXXX")
# Every process this script starts, "PID NAME" a line: a file, because the scenarios and the
# agent phase run in subshells.
processes=$tmp/processes
touch "$processes"
# stop: stops every process this script started, the last started first (SIGTERM, then
# SIGKILL after 5 s, said).
stop() {
  local pid name j
  while read -r pid name; do
    kill "$pid" 2>/dev/null || continue
    for ((j = 0; j < 50; j++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      say "$name: still shutting down 5 s after SIGTERM: killed"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
  done < <(tac "$processes")
  : >"$processes"
}
cleanup() {
  [[ ! -f $processes ]] || stop
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start NAME COMMAND...: runs a component in the background, its output in $tmp/NAME.log.
start() {
  local name=$1
  shift
  "$@" >"$tmp/$name.log" 2>&1 &
  echo "$! $name" >>"$processes"
}

# await WHAT SECONDS COMMAND...: repeats COMMAND until it succeeds, or fails after SECONDS.
await() {
  local what=$1 deadline=$((SECONDS + $2))
  shift 2
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      say "timed out waiting for $what"
      return 1
    fi
    sleep 0.5
  done
}

# dump: the last lines of every component's log, for a failure.
dump() {
  local log
  for log in "$tmp"/*.log; do
    echo "--- $(basename "$log" .log)"
    tail -n 15 "$log"
  done >&2
}

# --- the control plane -----------------------------------------------------------------------
# One loopback address per run (127.<a>.0.1) for the control plane, so that two runs on one
# machine never meet on the fixed ports.
for _ in {1..20}; do
  a=$((80 + RANDOM % 40))
  host=127.$a.0.1
  ss -Hltn "src $host" | grep -q . || break
done
etcd_url=http://$host:2379
server=https://$host:6443

pki=$tmp/pki
mkdir -p "$pki"
openssl_quiet() { openssl "$@" 2>/dev/null; }
openssl_quiet req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
  -subj /CN=cluster-test-ca -addext basicConstraints=critical,CA:TRUE \
  -addext keyUsage=critical,keyCertSign,cRLSign -keyout "$pki/ca.key" -out "$pki/ca.crt"
# cert NAME SUBJECT EXTENSIONS: a key and a certificate signed by the CA.
cert() {
  openssl_quiet req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "$2" \
    -keyout "$pki/$1.key" -out "$pki/$1.csr"
  printf '%s\n' "$3" >"$pki/$1.ext"
  openssl_quiet x509 -req -in "$pki/$1.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -CAcreateserial \
    -days 1 -extfile "$pki/$1.ext" -out "$pki/$1.crt"
}
cert apiserver /CN=kube-apiserver "$(printf '%s\n' \
  "subjectAltName=IP:$host,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,IP:10.96.0.1" \
  'extendedKeyUsage=serverAuth')"
cert admin /O=system:masters/CN=cluster-test-admin 'extendedKeyUsage=clientAuth'
# The service-account token signing key.
openssl_quiet genpkey -algorithm EC -pkeyopt ec_paramgen_curve:prime256v1 -out "$pki/sa.key"
openssl_quiet pkey -in "$pki/sa.key" -pubout -out "$pki/sa.pub"

export KUBECONFIG=$tmp/admin.kubeconfig
kubectl config set-cluster cluster-test --server="$server" --certificate-authority="$pki/ca.crt" --embed-certs >/dev/null
kubectl config set-credentials admin --client-certificate="$pki/admin.crt" --client-key="$pki/admin.key" --embed-certs >/dev/null
kubectl config set-context cluster-test --cluster=cluster-test --user=admin >/dev/null
kubectl config use-context cluster-test >/dev/null
chmod 600 "$KUBECONFIG"

# Every request at Metadata level: the PodSecurity admission records its audit-mode
# violations as annotations there.
cat >"$tmp/audit-policy.yaml" <<'EOF'
apiVersion: audit.k8s.io/v1
kind: Policy
rules:
  - level: Metadata
EOF

say "control plane on $host: etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok ($(kube-apiserver --version))"
start etcd etcd --name cluster-test --data-dir "$tmp/etcd" --unsafe-no-fsync --log-level warn \
  --listen-client-urls "$etcd_url" --advertise-client-urls "$etcd_url" \
  --listen-peer-urls "http://$host:2380" --initial-advertise-peer-urls "http://$host:2380" \
  --initial-cluster "cluster-test=http://$host:2380" --listen-metrics-urls "http://$host:2381"
await etcd 60 curl -fsS "$etcd_url/health" || { dump; exit 1; }

start kube-apiserver kube-apiserver --etcd-servers="$etcd_url" \
  --bind-address="$host" --advertise-address="$host" --secure-port=6443 \
  --tls-cert-file="$pki/apiserver.crt" --tls-private-key-file="$pki/apiserver.key" \
  --client-ca-file="$pki/ca.crt" --authorization-mode=Node,RBAC \
  --enable-admission-plugins=NamespaceLifecycle,LimitRanger,ServiceAccount,PodSecurity,DefaultStorageClass,ResourceQuota,Priority,DefaultTolerationSeconds,MutatingAdmissionWebhook,ValidatingAdmissionWebhook,ValidatingAdmissionPolicy \
  --service-account-issuer=https://kubernetes.default.svc.cluster.local \
  --service-account-key-file="$pki/sa.pub" --service-account-signing-key-file="$pki/sa.key" \
  --service-cluster-ip-range=10.96.0.0/16 --allow-privileged=false \
  --audit-policy-file="$tmp/audit-policy.yaml" --audit-log-path="$tmp/audit.jsonl"
await "the API server" 120 kubectl get --raw /readyz || { dump; exit 1; }

start kube-controller-manager kube-controller-manager --kubeconfig="$KUBECONFIG" \
  --authentication-kubeconfig="$KUBECONFIG" --authorization-kubeconfig="$KUBECONFIG" \
  --bind-address="$host" --secure-port=10257 --leader-elect=false \
  --service-account-private-key-file="$pki/sa.key" --root-ca-file="$pki/ca.crt" \
  --use-service-account-credentials=true --allocate-node-cidrs=false \
  --controllers='*'
start kube-scheduler kube-scheduler --kubeconfig="$KUBECONFIG" \
  --authentication-kubeconfig="$KUBECONFIG" --authorization-kubeconfig="$KUBECONFIG" \
  --bind-address="$host" --secure-port=10259 --leader-elect=false

# The nodes, each with a podCIDR (kwok gives pods addresses from it) and the allocatable
# resources of a small real node. The addresses are not on loopback: the API server refuses
# loopback addresses in Endpoints and EndpointSlices ("may not be in the loopback range"), so
# every Service's endpoints would fail to update.
for i in "${!nodes[@]}"; do
  n=$((i + 1))
  cat <<EOF
---
apiVersion: v1
kind: Node
metadata:
  name: ${nodes[i]}
  annotations:
    kwok.x-k8s.io/node: fake
  labels:
    kubernetes.io/hostname: ${nodes[i]}
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    type: kwok
spec:
  podCIDR: 10.244.$n.0/24
  podCIDRs: [10.244.$n.0/24]
status:
  addresses:
    - type: InternalIP
      address: 172.18.0.$((n + 1))
    - type: Hostname
      address: ${nodes[i]}
  allocatable: {cpu: "2", memory: 4Gi, pods: "110"}
  capacity: {cpu: "2", memory: 4Gi, pods: "110"}
EOF
done >"$tmp/nodes.yaml"
kubectl create -f "$tmp/nodes.yaml" >/dev/null
start kwok kwok --kubeconfig="$KUBECONFIG" --config="$bin_dir/kwok-stages.yaml" \
  --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake \
  --server-address="$host:10247" --node-ip=172.18.0.1 --cidr=10.244.0.0/24
await "three Ready nodes" 120 kubectl wait --for=condition=Ready node --all --timeout=1s || { dump; exit 1; }
await "the default ServiceAccount" 60 kubectl get serviceaccount default -n default || { dump; exit 1; }
startup=$((SECONDS - started))
say "control plane and ${#nodes[@]} nodes ready in $startup s"

# --- the chart ---------------------------------------------------------------------------------
# A copy of the chart with the official collector chart as its dependency (the same chart for
# both aliases, as helm dependency build leaves it).
chart=$tmp/chart/otel-demo
mkdir -p "$chart"
(cd "$chart_src" && tar --exclude=./charts -cf - .) | tar -xf - -C "$chart"
mkdir -p "$chart/charts"
cp -r "$collector_chart" "$chart/charts/opentelemetry-collector"
say "official chart: opentelemetry-collector $found from $collector_chart"

# Counters shared with the scenarios' subshells.
echo 0 >"$tmp/pods"
echo 0 >"$tmp/warnings"
add() { echo $(($(cat "$tmp/$1") + $2)) >"$tmp/$1"; }

labels() { echo "app.kubernetes.io/instance=$release"; }

# namespace NAME LEVEL: a namespace that enforces, warns about and audits LEVEL.
namespace() {
  kubectl create namespace "$1" >/dev/null
  kubectl label namespace "$1" >/dev/null \
    "pod-security.kubernetes.io/enforce=$2" "pod-security.kubernetes.io/enforce-version=latest" \
    "pod-security.kubernetes.io/warn=$2" "pod-security.kubernetes.io/warn-version=latest" \
    "pod-security.kubernetes.io/audit=$2" "pod-security.kubernetes.io/audit-version=latest"
  await "the ServiceAccount default in $1" 60 kubectl get serviceaccount default -n "$1"
}

# helm_checked NS STEP ARGS...: runs helm; anything it prints on stderr (the API server's
# warnings among it) fails the step.
helm_checked() {
  local ns=$1 step=$2
  shift 2
  if ! helm "$@" --namespace "$ns" >"$tmp/helm.out" 2>"$tmp/helm.err"; then
    cat "$tmp/helm.out" "$tmp/helm.err" >&2
    say "$step: helm failed"
    return 1
  fi
  if [[ -s $tmp/helm.err ]]; then
    add warnings "$(wc -l <"$tmp/helm.err")"
    indent <"$tmp/helm.err" >&2
    say "$step: helm printed warnings (above)"
    return 1
  fi
}

# all_ready NS: the release has pods, and every one is Ready and not being deleted.
all_ready() {
  local states
  states=$(kubectl get pods -n "$1" -l "$(labels)" \
    -o jsonpath='{range .items[*]}{.metadata.deletionTimestamp}/{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}')
  [[ -n $states ]] && ! grep -qv '^/True$' <<<"$states"
}

# rolled_out NS STEP: every Deployment and DaemonSet of the release rolled out, the agent on
# every node, every pod of the release Ready.
rolled_out() {
  local ns=$1 step=$2 workload
  for workload in $(kubectl get deployments,daemonsets -n "$ns" -l "$(labels)" -o name); do
    if ! kubectl rollout status "$workload" -n "$ns" --timeout="$timeout" >/dev/null; then
      kubectl describe "$workload" -n "$ns" | tail -n 20 >&2
      kubectl get pods -n "$ns" -o wide >&2
      say "$step: $workload not rolled out within $timeout"
      return 1
    fi
  done
  local agent=$release-otel-agent-agent
  local on
  on=$(kubectl get pods -n "$ns" -l app.kubernetes.io/name=otel-agent,component=agent-collector \
    --field-selector=status.phase=Running -o jsonpath='{range .items[*]}{.spec.nodeName}{"\n"}{end}' | sort -u | paste -sd, -)
  if [[ $on != "$(printf '%s\n' "${nodes[@]}" | paste -sd, -)" ]]; then
    kubectl get pods -n "$ns" -o wide >&2
    say "$step: DaemonSet $agent runs on [$on], expected every node"
    return 1
  fi
  await "every pod of the release Ready in $ns" 60 all_ready "$ns" \
    || { kubectl get pods -n "$ns" -o wide >&2; say "$step: pods not Ready"; return 1; }
  kubectl get pods -n "$ns" -l "$(labels)" --no-headers | wc -l >"$tmp/pods.$ns"
  say "$step: $(kubectl get deployments -n "$ns" -l "$(labels)" -o name | wc -l) Deployments and DaemonSet $agent rolled out ($(kubectl get pods -n "$ns" -l "$(labels)" --no-headers | wc -l) pods Ready, agent on $on)"
}

# agent_rbac NS STEP: the agent's ServiceAccount may do what its prometheus receiver (pod
# discovery) and k8s_attributes (pods, namespaces, ReplicaSets) ask the API server for, in
# every namespace, and no more than that (no Secrets, no writes).
agent_rbac() {
  local ns=$1 step=$2 as=system:serviceaccount:$1:$release-otel-agent check verb resource answer
  for check in "list pods" "watch pods" "get pods" "list namespaces" "watch namespaces" \
    "list replicasets.apps" "watch replicasets.apps" "!list secrets" "!create pods" "!delete pods"; do
    verb=${check%% *} resource=${check#* }
    answer=$(kubectl auth can-i "${verb#!}" "$resource" --all-namespaces --as="$as" 2>/dev/null || true)
    if [[ $verb == !* && $answer != no || $verb != !* && $answer != yes ]]; then
      say "$step: the agent's ServiceAccount: can-i ${verb#!} $resource answered '$answer'"
      return 1
    fi
  done
  say "$step: the agent's ServiceAccount may list and watch pods, namespaces and ReplicaSets cluster-wide, and may not read Secrets or write pods"
}

# no_warnings NS STEP: no Warning event in the namespace, no Pod Security audit violation.
no_warnings() {
  local ns=$1 step=$2 events audits repairs
  # The API server's own ClusterIP repair controller now and then reports a Service created
  # moments before as "not allocated; repairing" (ClusterIPNotAllocated; it compares with an
  # IPAddress it has not seen yet): about the control plane, not the chart, so said and not
  # counted.
  events=$(kubectl get events -n "$ns" --field-selector type=Warning,reason!=ClusterIPNotAllocated --no-headers 2>/dev/null || true)
  repairs=$(kubectl get events -n "$ns" --field-selector type=Warning,reason=ClusterIPNotAllocated -o name 2>/dev/null | wc -l)
  ((repairs == 0)) || say "$step: not counted: $repairs ClusterIPNotAllocated event(s) from the API server's ClusterIP repair controller"
  audits=$(grep -F "\"namespace\":\"$ns\"" "$tmp/audit.jsonl" | grep -F 'pod-security.kubernetes.io/audit-violations' || true)
  if [[ -n $events || -n $audits ]]; then
    [[ -z $events ]] || { indent <<<"$events" >&2; add warnings "$(echo "$events" | wc -l)"; }
    [[ -z $audits ]] || { echo "$audits" | grep -o '"pod-security.kubernetes.io/audit-violations":"[^"]*"' | sort -u | indent >&2; add warnings "$(echo "$audits" | wc -l)"; }
    say "$step: warnings in namespace $ns (above)"
    return 1
  fi
}

no_pods() { [[ -z $(kubectl get pods -n "$1" -l "$(labels)" -o name) ]]; }

# nothing_left NS STEP: nothing of the release remains, namespaced or cluster-wide.
nothing_left() {
  local ns=$1 step=$2 left
  await "the release's pods to go" 120 no_pods "$ns" \
    || { kubectl get pods -n "$ns" -o wide >&2; say "$step: pods of the release are left"; return 1; }
  left=$(kubectl get "$(kubectl api-resources --verbs=list --namespaced -o name | paste -sd, -)" \
    -n "$ns" -l "$(labels)" -o name 2>/dev/null || true)
  left+=$(kubectl get "$(kubectl api-resources --verbs=list --namespaced=false -o name | paste -sd, -)" \
    -l "$(labels)" -o name 2>/dev/null || true)
  left+=$(kubectl get secrets -n "$ns" -l owner=helm,name=$release -o name)
  if [[ -n $left ]]; then
    indent <<<"$left" >&2
    say "$step: left behind by helm uninstall (above)"
    return 1
  fi
}

scenario() {
  local file=$1 name ns level
  name=$(basename "$file" -values.yaml)
  # agent-hostport gives the agent hostPorts, which the baseline and restricted levels refuse
  # (the Pod Security check before the scenarios shows a restricted namespace refusing one);
  # every other scenario must pass at restricted.
  case $name in
    agent-hostport) level=privileged ;;
    *) level=restricted ;;
  esac
  ns=ci-$name
  namespace "$ns" "$level"
  say "scenario $name: namespace $ns enforces Pod Security level $level (warn and audit $level)"
  helm_checked "$ns" "$name install" install "$release" "$chart" -f "$file" --timeout "$timeout"
  rolled_out "$ns" "$name install"
  agent_rbac "$ns" "$name install"
  no_warnings "$ns" "$name install"
  local installed
  installed=$(cat "$tmp/pods.$ns")
  # Changed values: another app replica, another environment (a new pod template for the
  # programs) and a larger agent request (a rolling update of the DaemonSet on every node).
  helm_checked "$ns" "$name upgrade" upgrade "$release" "$chart" -f "$file" --timeout "$timeout" \
    --set flaskApp.replicas=2 --set environment=cluster-test-upgrade \
    --set otel-agent.resources.requests.cpu=60m
  rolled_out "$ns" "$name upgrade"
  [[ $(kubectl get deployment "$release-flask-app" -n "$ns" -o jsonpath='{.status.readyReplicas}') == 2 ]] \
    || { say "$name upgrade: the app does not have 2 ready replicas"; return 1; }
  [[ $(kubectl get daemonset "$release-otel-agent-agent" -n "$ns" -o jsonpath='{.spec.template.spec.containers[0].resources.requests.cpu}') == 60m ]] \
    || { say "$name upgrade: the agent's new request is not in its pod template"; return 1; }
  no_warnings "$ns" "$name upgrade"
  add pods "$((installed + $(cat "$tmp/pods.$ns")))"
  helm_checked "$ns" "$name uninstall" uninstall "$release" --wait --timeout "$timeout"
  nothing_left "$ns" "$name uninstall"
  # During the uninstall, Helm deletes the Deployments before the PodDisruptionBudgets (its
  # uninstall order), and the disruption controller may report the pods it briefly finds
  # without a controller (CalculateExpectedPodCountFailed): teardown, said and not counted.
  local teardown
  teardown=$(kubectl get events -n "$ns" --field-selector type=Warning -o jsonpath='{range .items[*]}{.reason}{"\n"}{end}' \
    | sort | uniq -c | awk '{printf "%s%s x%s", sep, $2, $1; sep=", "}')
  [[ -z $teardown ]] || say "$name uninstall: not counted: Warning events while the release was deleted: $teardown"
  kubectl delete namespace "$ns" --wait=false >/dev/null
  say "scenario $name: passed (install, upgrade, uninstall at Pod Security level $level)"
}

# The admission itself: a pod the restricted level forbids is refused in such a namespace.
namespace ci-pod-security restricted
if refusal=$(kubectl create -n ci-pod-security -f - 2>&1 <<'EOF'
apiVersion: v1
kind: Pod
metadata:
  name: forbidden
spec:
  containers:
    - name: c
      image: registry.k8s.io/pause:3.10
      ports: [{containerPort: 4317, hostPort: 4317}]
EOF
); then
  say "SUMMARY: FAILED: a restricted namespace accepted a pod with hostPort, root and no seccomp profile: PodSecurity is not enforced"
  exit 1
fi
grep -q 'violates PodSecurity "restricted:latest"' <<<"$refusal" \
  || { say "SUMMARY: FAILED: unexpected refusal: $refusal"; exit 1; }
kubectl delete namespace ci-pod-security --wait=false >/dev/null
say "Pod Security admission enforces: a namespace at level restricted refused a pod that violates it"

passed=0
failed=()
for file in "${scenarios[@]}"; do
  name=$(basename "$file" -values.yaml)
  set +e
  (set -e; scenario "$file")
  rc=$?
  set -e
  if ((rc == 0)); then
    passed=$((passed + 1))
  else
    failed+=("$name")
    say "scenario $name: FAILED"
    dump
    # The next scenario starts from a clean cluster-wide state.
    helm uninstall "$release" -n "ci-$name" --wait --timeout 60s >/dev/null 2>&1 || true
  fi
done

# --- the agent collector against this API server ------------------------------------------------
# The chart's real agent configuration (from the installed ConfigMap) run as an otelcol process
# on the agent pod's address, with the agent ServiceAccount's token in a kubeconfig instead of
# in-cluster credentials (the only change: k8s_attributes auth_type kubeConfig and the
# prometheus receiver's kubeconfig_file); the real app and statsd_exporter run on the app pod's
# address. The prometheus receiver must discover the app pod through the API server and scrape
# statsd_exporter, and k8s_attributes must add the pod's Deployment to the app's spans; a
# collector with the debug exporter stands in for the gateway.
agent_result="not run"
# received KIND PATTERN...: a block of the stand-in gateway's output (KIND ResourceSpans or
# ResourceMetrics) holds every pattern.
received() {
  python3 - "$tmp/gateway.log" "$@" <<'PY'
import re, sys
log, kind, *patterns = sys.argv[1:]
blocks = re.split(r"(?=Resource(?:Spans|Metrics) #\d+)", open(log).read())
sys.exit(0 if any(b.startswith(kind) and all(p in b for p in patterns) for b in blocks) else 1)
PY
}
agent() {
  local ns=ci-agent jar=$repo/flask-app-port/target/flask-app-port.jar
  for peer in otelcol statsd_exporter; do
    [[ -x $bin_dir/$peer ]] || { say "agent: the peer $peer is missing (scripts/peers.sh $peer)"; return 1; }
  done
  [[ -f $jar ]] || { say "agent: $jar is missing (./mvnw package)"; return 1; }
  namespace "$ns" restricted
  helm_checked "$ns" "agent install" install "$release" "$chart" --timeout "$timeout"
  rolled_out "$ns" "agent install"
  local pod pod_ip node agent_ip
  read -r pod pod_ip node < <(kubectl get pods -n "$ns" -l app.kubernetes.io/component=flask-app \
    -o jsonpath='{.items[0].metadata.name} {.items[0].status.podIP} {.items[0].spec.nodeName}{"\n"}')
  agent_ip=$(kubectl get pods -n "$ns" -l component=agent-collector --field-selector "spec.nodeName=$node" \
    -o jsonpath='{.items[0].status.podIP}')
  say "agent: app pod $pod at $pod_ip on $node, the agent pod there at $agent_ip"

  # The agent's ServiceAccount, through a token, so that RBAC answers its requests.
  local kubeconfig=$tmp/agent.kubeconfig
  KUBECONFIG=$kubeconfig kubectl config set-cluster c --server="$server" --certificate-authority="$pki/ca.crt" --embed-certs >/dev/null
  KUBECONFIG=$kubeconfig kubectl config set-credentials agent --token="$(kubectl create token "$release-otel-agent" -n "$ns" --duration=1h)" >/dev/null
  KUBECONFIG=$kubeconfig kubectl config set-context c --cluster=c --user=agent >/dev/null
  KUBECONFIG=$kubeconfig kubectl config use-context c >/dev/null

  kubectl get configmap "$release-otel-agent-agent" -n "$ns" -o jsonpath='{.data.relay}' >"$tmp/agent-chart.yaml"
  python3 - "$tmp/agent-chart.yaml" "$tmp/agent.yaml" "$kubeconfig" <<'PY'
import sys, yaml
source, target, kubeconfig = sys.argv[1:]
config = yaml.safe_load(open(source))
config["processors"]["k8s_attributes"]["auth_type"] = "kubeConfig"
for job in config["receivers"]["prometheus"]["config"]["scrape_configs"]:
    for sd in job.get("kubernetes_sd_configs", []):
        sd["kubeconfig_file"] = kubeconfig
# The gateway's Service name does not resolve here: the stand-in gateway's address.
config["exporters"]["otlp_grpc"]["endpoint"] = "127.0.0.1:14317"
yaml.safe_dump(config, open(target, "w"))
PY
  cat >"$tmp/gateway.yaml" <<'EOF'
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:14317
exporters:
  debug:
    verbosity: detailed
service:
  telemetry:
    metrics:
      level: none
  pipelines:
    traces: {receivers: [otlp], exporters: [debug]}
    metrics: {receivers: [otlp], exporters: [debug]}
EOF
  start gateway otelcol --config "$tmp/gateway.yaml"
  start agent env KUBECONFIG="$kubeconfig" MY_POD_IP="$agent_ip" OTEL_K8S_NODE_NAME="$node" \
    OTEL_K8S_NAMESPACE="$ns" OTEL_K8S_POD_IP="$agent_ip" otelcol --config "$tmp/agent.yaml"

  kubectl get configmap "$release-statsd-mapping" -n "$ns" -o jsonpath='{.data.statsd-mapping\.yml}' >"$tmp/statsd-mapping.yml"
  local args=()
  mapfile -t args < <(kubectl get deployment "$release-flask-app" -n "$ns" \
    -o jsonpath='{range .spec.template.spec.containers[?(@.name=="statsd-exporter")].args[*]}{@}{"\n"}{end}' \
    | sed "s|=/etc/statsd-exporter/statsd-mapping.yml|=$tmp/statsd-mapping.yml|")
  # The namespace is this script's own: ":9102" and ":9125" are the pod's ports as in the pod.
  start statsd_exporter statsd_exporter "${args[@]}"
  start app env PORT=8080 ADMIN_PORT=8081 STATSD_HOST="$pod_ip" STATSD_PORT=9125 STATSD_INTERVAL=2s \
    OTEL_SERVICE_NAME=flask-app-tutorial OTEL_EXPORTER_OTLP_ENDPOINT="http://$agent_ip:4317" \
    OTEL_RESOURCE_ATTRIBUTES="k8s.pod.name=$pod,k8s.namespace.name=$ns,k8s.node.name=$node,k8s.container.name=flask-app" \
    OTEL_BSP_SCHEDULE_DELAY=1000 OTEL_METRIC_EXPORT_INTERVAL=5000 \
    java -jar "$jar" server
  await "the app on $pod_ip:8080" 120 curl -fsS "http://$pod_ip:8080/" || return 1
  local i
  for i in {1..20}; do curl -fsS -o /dev/null "http://$pod_ip:8080/"; done

  await "the app's spans with the pod's Deployment from k8s_attributes" 90 received ResourceSpans \
    'service.name: Str(flask-app-tutorial)' "k8s.pod.name: Str($pod)" 'k8s.deployment.name: Str(otel-demo-flask-app)' \
    || { tail -n 20 "$tmp/agent.log"; return 1; }
  say "agent: the app's spans arrived with k8s.deployment.name otel-demo-flask-app (k8s_attributes through the API server)"
  await "statsd_exporter's series, scraped from the pod the receiver discovered" 120 received ResourceMetrics \
    'Name: flask_app_' "k8s.pod.name: Str($pod)" "k8s.container.name: Str(statsd-exporter)" 'k8s.deployment.name: Str(otel-demo-flask-app)' \
    || { tail -n 20 "$tmp/agent.log"; return 1; }
  say "agent: flask_app_* series scraped from $pod's statsd-exporter, discovered through the API server, with its Deployment"
}
if [[ $agent_phase == yes ]]; then
  set +e
  (set -e; agent)
  rc=$?
  set -e
  if ((rc == 0)); then
    agent_result=passed
  else
    agent_result=FAILED
    failed+=(agent)
    dump
  fi
else
  say "agent: not run: binding pod addresses needs a network namespace of its own (run as root with unshare)"
fi

stop
summary="${#scenarios[@]} scenarios ($passed passed${failed[*]:+, failed: ${failed[*]}}), ${#nodes[@]} nodes, $(cat "$tmp/pods") pods, $(cat "$tmp/warnings") warnings, agent $agent_result; start-up $startup s, total $((SECONDS - started)) s"
if ((${#failed[@]})); then
  say "SUMMARY: FAILED: $summary"
  exit 1
fi
say "SUMMARY: passed: $summary"
