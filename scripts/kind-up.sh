#!/usr/bin/env bash
# Puts the whole demo on a local kind cluster: builds the three images with Jib into the local
# Docker daemon, loads them into kind, installs the umbrella chart, waits for the rollout and
# runs `helm test`. Needs docker, kind, kubectl and helm on PATH.
#
#   scripts/kind-up.sh             # cluster "otel-demo", namespace "otel-demo"
#   KIND_CLUSTER=dev NAMESPACE=demo scripts/kind-up.sh -f my-values.yaml   # extra args go to helm
set -euo pipefail

cd "$(dirname "$0")/.."

cluster=${KIND_CLUSTER:-otel-demo}
namespace=${NAMESPACE:-otel-demo}
release=${RELEASE:-otel-demo}
modules=(flask-app-port metrics-example locust-like-loader)

die() { echo "kind-up: $*" >&2; exit 1; }
for tool in docker kind kubectl helm; do
  command -v "$tool" >/dev/null || die "$tool not found on PATH"
done
docker info >/dev/null 2>&1 || die "the Docker daemon does not answer (is it running?)"

if kind get clusters 2>/dev/null | grep -qx "$cluster"; then
  echo "kind-up: reusing kind cluster '$cluster'"
else
  kind create cluster --name "$cluster" --wait 120s
fi
kubectl config use-context "kind-$cluster" >/dev/null

version=$(./mvnw -B -q help:evaluate -Dexpression=project.version -DforceStdout)
echo "kind-up: building images otel-demo/{$(IFS=,; echo "${modules[*]}")}:$version with Jib"
./mvnw -B -q -DskipTests install
./mvnw -B -q -DskipTests -pl "$(IFS=,; echo "${modules[*]}")" \
  com.google.cloud.tools:jib-maven-plugin:dockerBuild
for module in "${modules[@]}"; do
  kind load docker-image --name "$cluster" "otel-demo/$module:$version"
done

helm repo add open-telemetry https://open-telemetry.github.io/opentelemetry-helm-charts >/dev/null 2>&1 || true
helm dependency build charts/otel-demo
helm upgrade --install "$release" charts/otel-demo \
  --namespace "$namespace" --create-namespace \
  --set image.pullPolicy=Never \
  --wait --timeout 5m "$@"
helm test "$release" --namespace "$namespace" --logs

cat <<MSG

kind-up: the demo runs in kind cluster '$cluster', namespace '$namespace'.
  kubectl -n $namespace port-forward svc/$release-flask-app 8080:80 &
  curl http://127.0.0.1:8080/
  kubectl -n $namespace port-forward svc/$release-loader-master 8089:8089 &   # loader UI
  kubectl -n $namespace logs deploy/$release-otel-gateway -f                  # telemetry (debug exporter)
Remove it all with scripts/kind-down.sh.
MSG
