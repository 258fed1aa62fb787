#!/usr/bin/env bash
# Undoes scripts/kind-up.sh: uninstalls the release and, unless KEEP_CLUSTER=true, deletes the
# kind cluster.
set -euo pipefail

cluster=${KIND_CLUSTER:-otel-demo}
namespace=${NAMESPACE:-otel-demo}
release=${RELEASE:-otel-demo}

command -v kind >/dev/null || { echo "kind-down: kind not found on PATH" >&2; exit 1; }
if ! kind get clusters 2>/dev/null | grep -qx "$cluster"; then
  echo "kind-down: no kind cluster '$cluster'; nothing to do"
  exit 0
fi

if [[ ${KEEP_CLUSTER:-false} == true ]]; then
  helm uninstall "$release" --namespace "$namespace" --kube-context "kind-$cluster" --wait || true
  kubectl --context "kind-$cluster" delete namespace "$namespace" --ignore-not-found
else
  kind delete cluster --name "$cluster"
fi
