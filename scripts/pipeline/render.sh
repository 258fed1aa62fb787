# shellcheck shell=bash
# Sourced by demo.sh and the benchmarks: the chart rendered for one machine, with real Helm,
# the way the tests render it (charts/src/test/.../render/CollectorConfigs.java). Run from the
# repository root.
#
#   pipeline_chart DIR              a copy of charts/otel-demo in DIR that Helm renders without
#                                   the official collector chart: its dependencies removed and
#                                   the harness template added
#   pipeline_split_configs FILE DIR each collector's configuration in a render of the harness
#                                   template (FILE) into DIR/<alias>.yaml

pipeline_chart() {
  local chart=$1
  rm -rf "$chart"
  cp -r charts/otel-demo "$chart"
  # Helm refuses a chart whose declared dependencies are missing; the harness template renders
  # the collectors' configurations from our values itself. Chart.yaml ends with them.
  rm -rf "$chart/charts" "$chart/Chart.lock"
  sed -i '/^dependencies:/,$d' "$chart/Chart.yaml"
  cp scripts/pipeline/collector-config-harness.yaml "$chart/templates/"
}

pipeline_split_configs() {
  # Each ConfigMap's data.relay block, unindented.
  awk -v dir="$2" '
    /^  name: collector-config-harness-/ { alias = substr($2, 26) }
    /^  relay: [|]/ { out = dir "/" alias ".yaml"; printf "" >out; relay = 1; next }
    relay && /^    / { print substr($0, 5) >out; next }
    relay && /^$/ { print "" >out; next }
    { relay = 0 }
  ' "$1"
}
