#!/usr/bin/env bash
# Puts the whole demo on a local kind cluster: builds the three images with Jib into the local
# Docker daemon as localhost/otel-demo/<module>:<Maven version>, loads them into kind, installs
# the umbrella chart with those images (pull policy Never for them only: the statsd-exporter,
# curl and collector images are pulled as usual), waits for the rollout and runs `helm test`.
# Needs docker, kind, kubectl and helm on PATH.
#
#   scripts/kind-up.sh             # cluster "otel-demo", namespace "otel-demo"
#   KIND_CLUSTER=dev NAMESPACE=demo scripts/kind-up.sh -f my-values.yaml   # extra args go to helm
set -euo pipefail

cd "$(dirname "$0")/.."

cluster=${KIND_CLUSTER:-otel-demo}
namespace=${NAMESPACE:-otel-demo}
release=${RELEASE:-otel-demo}
# A registry name nobody pulls from: the images exist only in the kind nodes.
registry=${IMAGE_REGISTRY:-localhost/otel-demo}
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
echo "kind-up: building images $registry/{$(IFS=,; echo "${modules[*]}")}:$version with Jib"
./mvnw -B -q -DskipTests install
./mvnw -B -q -DskipTests -pl "$(IFS=,; echo "${modules[*]}")" \
  com.google.cloud.tools:jib-maven-plugin:dockerBuild -Dimage.registry="$registry"
for module in "${modules[@]}"; do
  kind load docker-image --name "$cluster" "$registry/$module:$version"
done

helm repo add open-telemetry https://open-telemetry.github.io/opentelemetry-helm-charts >/dev/null 2>&1 || true
helm dependency build charts/otel-demo
helm upgrade --install "$release" charts/otel-demo \
  --namespace "$namespace" --create-namespace \
  --set image.registry="$registry" --set-string image.tag="$version" \
  --set image.pullPolicy=Never \
  --wait --timeout 5m "$@"
# Checks the app, then waits until the gateway and the agent report telemetry (a few minutes).
helm test "$release" --namespace "$namespace" --logs --timeout 10m

# The collector chart's naming rule: a release name that contains "otel-gateway" is used alone.
if [[ $release == *otel-gateway* ]]; then gateway=$release; else gateway=$release-otel-gateway; fi

cat <<MSG

kind-up: the demo runs in kind cluster '$cluster', namespace '$namespace'.
  kubectl -n $namespace port-forward svc/$release-flask-app 8080:80 &
  curl http://127.0.0.1:8080/
  kubectl -n $namespace port-forward svc/$release-loader-master 8089:8089 &   # loader UI
  kubectl -n $namespace logs deploy/$gateway -f                  # telemetry (debug exporter)
Remove it all with scripts/kind-down.sh.
MSG
