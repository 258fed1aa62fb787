#!/usr/bin/env bash
# Installs the real programs the tests talk to, pinned in scripts/peers/versions.env, into a
# cache outside the repository, and links them into one directory:
#   otelcol          the OpenTelemetry Collector, built with the Collector Builder from
#                    scripts/peers/otelcol-builder.yaml (the chart's components)
#   statsd_exporter  the app pod's sidecar
#   helm, ct         Helm and chart-testing (with yamale and yamllint in a venv ct finds)
#   locust           the current Locust from PyPI, in its own venv
#   jaeger           Jaeger v2 (the chart's in-cluster trace backend), built from its module
#   prometheus       Prometheus 3 (the chart's in-cluster metric backend), built from its module
#   kubernetes       kube-apiserver, kube-controller-manager, kube-scheduler and kubectl, built
#                    from k8s.io/kubernetes (scripts/cluster-test.sh's control plane)
#   etcd             the API server's store
#   kwok             simulated nodes and pods for that control plane
#
#   scripts/peers.sh                 install every peer (skips what is already there)
#   scripts/peers.sh otelcol helm    install only these
#   scripts/peers.sh --bin-dir       print the directory that holds them, install nothing
#
# OTEL_DEMO_PEERS_DIR moves the cache (default ${XDG_CACHE_HOME:-~/.cache}/otel-demo/peers).
# Go modules come from GOPROXY, Python packages from pip's index, nothing else.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
peers_dir=${OTEL_DEMO_PEERS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/otel-demo/peers}
bin_dir=$peers_dir/bin
all=(otelcol statsd_exporter helm ct locust jaeger prometheus kubernetes etcd kwok)

usage() {
  echo "usage: scripts/peers.sh [--bin-dir] [${all[*]// /|}]..." >&2
  exit 2
}

wanted=()
for arg in "$@"; do
  case $arg in
    --bin-dir) echo "$bin_dir"; exit 0 ;;
    -h | --help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    otelcol | statsd_exporter | helm | ct | locust | jaeger | prometheus | kubernetes | etcd | kwok) wanted+=("$arg") ;;
    *) echo "peers: unknown peer or option '$arg'" >&2; usage ;;
  esac
done
((${#wanted[@]})) || wanted=("${all[@]}")

# shellcheck source=scripts/peers/versions.env
source "$repo/scripts/peers/versions.env"

mkdir -p "$bin_dir"
# Two runs at once (two checkouts, a test and CI) would build into the same directories.
exec 9>"$peers_dir/.lock"
flock 9

export GOPROXY=${GOPROXY:-https://proxy.golang.org}
export GOFLAGS="${GOFLAGS:+$GOFLAGS }-trimpath"
# The proxy serves these two modules at the collector release, but the checksum database has
# no record of them (a lookup answers 404), so Go cannot verify them there; everything else
# is checked against go.sum and the checksum database as usual.
export GONOSUMDB=github.com/open-telemetry/opentelemetry-collector-contrib/extension/googleclientauthextension,github.com/GoogleCloudPlatform/opentelemetry-operations-go/extension/googleclientauthextension

log() { printf 'peers: %s\n' "$*" >&2; }

# link NAME TARGET: bin/NAME points at TARGET.
link() { ln -sfn "$2" "$bin_dir/$1"; }

# have NAME DIR: the peer is already installed in DIR (and linked).
have() {
  if [[ -e $2/.complete ]]; then
    log "$1: cached in $2"
    return 0
  fi
  rm -rf "$2"
  mkdir -p "$2"
  return 1
}

timed() {
  local name=$1 start=$SECONDS
  shift
  "$@"
  log "$name: built in $((SECONDS - start)) s"
}

go_install() { # DIR MODULE@VERSION [go build flags...]
  local dir=$1 module=$2
  shift 2
  GOBIN=$dir go install "$@" "$module"
}

install_otelcol() {
  local manifest=$repo/scripts/peers/otelcol-builder.yaml
  local hash
  hash=$({ cat "$manifest"; echo "$OTELCOL_VERSION $CONFMAP_VERSION"; } | sha256sum | cut -c1-12)
  local dir=$peers_dir/otelcol-$OTELCOL_VERSION-$hash
  if ! have otelcol "$dir"; then
    go_install "$dir/builder" "go.opentelemetry.io/collector/cmd/builder@v$OTELCOL_VERSION"
    # shellcheck disable=SC2016 # envsubst replaces only these names, literally.
    OUTPUT_PATH=$dir/src OTELCOL_VERSION=$OTELCOL_VERSION CONFMAP_VERSION=$CONFMAP_VERSION \
      envsubst '${OUTPUT_PATH} ${OTELCOL_VERSION} ${CONFMAP_VERSION}' <"$manifest" >"$dir/manifest.yaml"
    timed otelcol "$dir/builder/builder" --config "$dir/manifest.yaml" >"$dir/build.log" 2>&1 \
      || { tail -20 "$dir/build.log" >&2; exit 1; }
    mv "$dir/src/otelcol" "$dir/otelcol"
    rm -rf "$dir/src" "$dir/builder"
    touch "$dir/.complete"
  fi
  link otelcol "$dir/otelcol"
}

install_statsd_exporter() {
  local dir=$peers_dir/statsd_exporter-$STATSD_EXPORTER_VERSION
  if ! have statsd_exporter "$dir"; then
    timed statsd_exporter go_install "$dir" "github.com/prometheus/statsd_exporter@v$STATSD_EXPORTER_VERSION" \
      -ldflags "-X github.com/prometheus/common/version.Version=$STATSD_EXPORTER_VERSION"
    touch "$dir/.complete"
  fi
  link statsd_exporter "$dir/statsd_exporter"
}

install_helm() {
  local dir=$peers_dir/helm-$HELM_VERSION
  if ! have helm "$dir"; then
    timed helm go_install "$dir" "helm.sh/helm/v3/cmd/helm@v$HELM_VERSION" \
      -ldflags "-X helm.sh/helm/v3/internal/version.version=v$HELM_VERSION -X helm.sh/helm/v3/internal/version.gitTreeState=clean"
    touch "$dir/.complete"
  fi
  link helm "$dir/helm"
}

install_ct() {
  local dir=$peers_dir/ct-$CT_VERSION-yamale$YAMALE_VERSION-yamllint$YAMLLINT_VERSION
  if ! have ct "$dir"; then
    local module=github.com/helm/chart-testing/v3
    # `go install ct@version` asks the proxy for the module's version list to look for
    # deprecations, which the proxy refuses for this module; a throwaway module that requires
    # the pinned version builds the same program without that question.
    mkdir -p "$dir/mod"
    (cd "$dir/mod" && go mod init ct-build >/dev/null 2>&1 && go get "$module/ct@v$CT_VERSION" \
      && timed ct go build -o "$dir/ct" -ldflags "-X $module/ct/cmd.Version=v$CT_VERSION" "$module/ct")
    rm -rf "$dir/mod"
    # ct reads its chart schema and lint rules from CT_CONFIG_DIR: take the release's own.
    mkdir -p "$dir/etc"
    cp "$(go env GOMODCACHE)/$module@v$CT_VERSION/etc/"{chart_schema.yaml,lintconf.yaml} "$dir/etc/"
    chmod u+w "$dir/etc/"*
    python3 -m venv "$dir/venv"
    "$dir/venv/bin/pip" install -q --disable-pip-version-check \
      "yamale==$YAMALE_VERSION" "yamllint==$YAMLLINT_VERSION"
    # ct runs helm, yamale and yamllint from PATH; the wrapper gives it ours.
    cat >"$dir/ct-wrapper" <<EOF
#!/bin/sh
CT_CONFIG_DIR='$dir/etc' PATH='$dir/venv/bin:$bin_dir':"\$PATH" exec '$dir/ct' "\$@"
EOF
    chmod +x "$dir/ct-wrapper"
    touch "$dir/.complete"
  fi
  link ct "$dir/ct-wrapper"
}

install_locust() {
  local dir=$peers_dir/locust-$LOCUST_VERSION
  if ! have locust "$dir"; then
    python3 -m venv "$dir/venv"
    timed locust "$dir/venv/bin/pip" install -q --disable-pip-version-check "locust==$LOCUST_VERSION"
    touch "$dir/.complete"
  fi
  link locust "$dir/venv/bin/locust"
}

# go_build_pinned DIR MODULE VERSION PACKAGE OUTPUT [go build flags...]: builds PACKAGE of
# MODULE@VERSION through a throwaway module, for modules whose go.mod has replace directives
# (`go install pkg@version` refuses those). The module's own replace lines are copied, so the
# build resolves the dependencies the release was tested with.
go_build_pinned() {
  local dir=$1 module=$2 version=$3 package=$4 output=$5
  shift 5
  local mod=$dir/mod
  mkdir -p "$mod"
  (
    cd "$mod"
    go mod init "$(basename "$output")-build" >/dev/null 2>&1
    local gomod
    gomod=$(go mod download -json "$module@$version" | sed -n 's/^\t"GoMod": "\(.*\)",$/\1/p')
    # Only single-line replaces: a block would need a parser, and the pinned releases have none.
    grep '^replace ' "$gomod" >>go.mod || true
    go get "$package@$version"
    go build -o "$output" "$@" "$package"
  )
  rm -rf "$mod"
}

install_jaeger() {
  local dir=$peers_dir/jaeger-$JAEGER_VERSION
  if ! have jaeger "$dir"; then
    local module=github.com/jaegertracing/jaeger
    # The v1.x module tag carries the v2 binary in cmd/jaeger; the version it reports is v2's.
    # A source build has no UI assets (the image's build step makes them): the query API,
    # which the tests use, works without them.
    timed jaeger go_build_pinned "$dir" "$module" "v$JAEGER_MODULE_VERSION" "$module/cmd/jaeger" "$dir/jaeger" \
      -ldflags "-X $module/internal/version.latestVersion=v$JAEGER_VERSION"
    touch "$dir/.complete"
  fi
  link jaeger "$dir/jaeger"
}

install_prometheus() {
  local dir=$peers_dir/prometheus-$PROMETHEUS_VERSION
  if ! have prometheus "$dir"; then
    # remove_all_sd leaves out every service discovery (cloud SDKs, Kubernetes client): the
    # tests' Prometheus only receives OTLP, and the build takes a fraction of the time. The web
    # UI's assets are not built in either; the HTTP API is complete.
    timed prometheus go_install "$dir" "github.com/prometheus/prometheus/cmd/prometheus@v$PROMETHEUS_MODULE_VERSION" \
      -tags remove_all_sd \
      -ldflags "-X github.com/prometheus/common/version.Version=$PROMETHEUS_VERSION"
    touch "$dir/.complete"
  fi
  link prometheus "$dir/prometheus"
}

install_kubernetes() {
  local dir=$peers_dir/kubernetes-$KUBERNETES_VERSION
  local programs=(kube-apiserver kube-controller-manager kube-scheduler kubectl)
  if ! have kubernetes "$dir"; then
    # k8s.io/kubernetes requires its staging modules (k8s.io/api, k8s.io/client-go, ...) at
    # v0.0.0 and replaces them with ./staging/src/... paths, which exist only in its own
    # repository: `go install` refuses a module with replacements, and from the module cache
    # they would point nowhere. A throwaway module that requires the release and replaces each
    # staging module with its published version (v0.<minor>.<patch>, the same source) builds
    # the release's programs.
    local staging=v0.${KUBERNETES_VERSION#*.}
    mkdir -p "$dir/mod"
    (
      cd "$dir/mod"
      go mod init kubernetes-build >/dev/null 2>&1
      go mod download "k8s.io/kubernetes@v$KUBERNETES_VERSION"
      {
        echo "require k8s.io/kubernetes v$KUBERNETES_VERSION"
        echo "replace ("
        sed -n 's|^[[:space:]]*\(k8s.io/[a-z0-9-]*\) => ./staging/.*|\t\1 => \1 '"$staging"'|p' \
          "$(go env GOMODCACHE)/cache/download/k8s.io/kubernetes/@v/v$KUBERNETES_VERSION.mod"
        echo ")"
      } >>go.mod
      local program
      for program in "${programs[@]}"; do
        go get "k8s.io/kubernetes/cmd/$program@v$KUBERNETES_VERSION" 2>>"$dir/build.log"
      done
      # What the release's own build (hack/lib/version.sh) stamps: the API server reports
      # this version, and kubectl compares it with its own.
      local ldflags="-s -w" pkg
      for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
        ldflags+=" -X $pkg.gitVersion=v$KUBERNETES_VERSION -X $pkg.gitMajor=${KUBERNETES_VERSION%%.*}"
        ldflags+=" -X $pkg.gitMinor=$(cut -d. -f2 <<<"$KUBERNETES_VERSION") -X $pkg.gitTreeState=clean"
      done
      for program in "${programs[@]}"; do
        CGO_ENABLED=0 timed "$program" go build -o "$dir/$program" -ldflags "$ldflags" "k8s.io/kubernetes/cmd/$program"
      done
    )
    rm -rf "$dir/mod"
    touch "$dir/.complete"
  fi
  for program in "${programs[@]}"; do
    link "$program" "$dir/$program"
  done
}

install_etcd() {
  local dir=$peers_dir/etcd-$ETCD_VERSION
  if ! have etcd "$dir"; then
    # The etcd program is the main package of go.etcd.io/etcd/server/v3, whose go.mod replaces
    # its sibling modules with ../ paths: `go install` refuses it, a throwaway module that
    # requires the release builds it (with the siblings at the versions the release requires).
    mkdir -p "$dir/mod"
    (cd "$dir/mod" && go mod init etcd-build >/dev/null 2>&1 && go get "go.etcd.io/etcd/server/v3@v$ETCD_VERSION" 2>>"$dir/build.log" \
      && CGO_ENABLED=0 timed etcd go build -o "$dir/etcd" -ldflags "-s -w" go.etcd.io/etcd/server/v3)
    rm -rf "$dir/mod"
    touch "$dir/.complete"
  fi
  link etcd "$dir/etcd"
}

install_kwok() {
  local dir=$peers_dir/kwok-$KWOK_VERSION
  if ! have kwok "$dir"; then
    CGO_ENABLED=0 timed kwok go_install "$dir" "sigs.k8s.io/kwok/cmd/kwok@v$KWOK_VERSION" -ldflags "-s -w"
    # kwok alone plays no stages; these are the ones `kwokctl create cluster` gives it by
    # default (nodes become Ready and keep a heartbeat, pods become Ready and get an address
    # from their node's podCIDR, deleted pods go away), from the release's own files.
    local stages file
    stages=$(go env GOMODCACHE)/sigs.k8s.io/kwok@v$KWOK_VERSION/kustomize/stage
    for file in node/fast/node-initialize node/heartbeat/node-heartbeat pod/fast/pod-ready \
      pod/fast/pod-complete pod/fast/pod-delete; do
      echo "---"
      cat "$stages/$file.yaml"
    done >"$dir/stages.yaml"
    touch "$dir/.complete"
  fi
  link kwok "$dir/kwok"
  link kwok-stages.yaml "$dir/stages.yaml"
}

for peer in "${wanted[@]}"; do
  "install_$peer"
done
log "ready in $bin_dir: $(cd "$bin_dir" && echo "${wanted[*]}")"
