{{/*
The in-cluster backends (backends.*): Jaeger, Prometheus and Grafana, and the names the
gateway's exporters use to reach them.
*/}}

{{- /*
Our chart's fullname as the gateway's configuration can compute it: that configuration goes
through `tpl` in the gateway's context, which shares only the release name with ours (its
.Chart.Name is the alias, its .Values the gateway's). Same rule as otel-demo.fullname without
the overrides; otel-demo.validateBackends refuses a render where the two differ.
*/}}
{{- define "otel-demo.releaseFullname" -}}
{{- if contains "otel-demo" .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-otel-demo" .Release.Name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- /* One backend's object name from the release name alone. Call with (list $ "jaeger"). */}}
{{- define "otel-demo.releaseBackendName" -}}
{{- printf "%s-%s" (include "otel-demo.releaseFullname" (index . 0)) (index . 1) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- /* Jaeger's OTLP/gRPC address, for the gateway's otlp_grpc/jaeger exporter. */}}
{{- define "otel-demo.jaegerOtlpEndpoint" -}}
{{- printf "%s:4317" (include "otel-demo.releaseBackendName" (list . "jaeger")) }}
{{- end }}

{{- /* Prometheus's OTLP receiver, for the gateway's otlp_http/prometheus exporter. */}}
{{- define "otel-demo.prometheusOtlpEndpoint" -}}
{{- printf "http://%s:9090/api/v1/otlp" (include "otel-demo.releaseBackendName" (list . "prometheus")) }}
{{- end }}

{{- /*
The gateway's exporters to the backends, by id, and the backend each needs.
*/}}
{{- define "otel-demo.backendExporters" -}}
otlp_grpc/jaeger: jaeger
otlp_http/prometheus: prometheus
{{- end }}

{{/*
With backends on, the gateway must find them under the names its exporters compute; with
backends off, no gateway pipeline may still export to them (the collector would retry a Service
that does not exist, and the telemetry would pile up in its queue).
*/}}
{{- define "otel-demo.validateBackends" -}}
{{- $gateway := index .Values "otel-gateway" }}
{{- $exporters := include "otel-demo.backendExporters" . | fromYaml }}
{{- if .Values.backends.enabled }}
{{- $prometheus := .Values.backends.prometheus }}
{{- $retention := include "otel-demo.bytes" $prometheus.retentionSize | float64 }}
{{- $limit := include "otel-demo.bytes" $prometheus.storageSizeLimit | float64 }}
{{- if ge $retention $limit }}
{{- fail (printf "backends.prometheus.retentionSize (%s) must stay under backends.prometheus.storageSizeLimit (%s): the kubelet evicts the pod when its emptyDir outgrows the limit, before Prometheus deletes old blocks" $prometheus.retentionSize $prometheus.storageSizeLimit) }}
{{- end }}
{{- range $component := list "jaeger" "prometheus" }}
{{- $ours := include "otel-demo.componentName" (dict "context" $ "component" $component) }}
{{- $seen := include "otel-demo.releaseBackendName" (list $ $component) }}
{{- if ne $ours $seen }}
{{- fail (printf "backends.enabled=true names the %s Service %q (nameOverride/fullnameOverride), but the gateway's exporter, which sees only the release name, sends to %q: unset nameOverride and fullnameOverride, or set backends.enabled=false" $component $ours $seen) }}
{{- end }}
{{- end }}
{{- else if $gateway.enabled }}
{{- range $pipeline, $config := ((($gateway.alternateConfig).service).pipelines | default dict) }}
{{- range $exporter := ($config.exporters | default list) }}
{{- if hasKey $exporters $exporter }}
{{- fail (printf "backends.enabled=false removes %s, but the gateway's %s pipeline still exports to it (%s): use an overlay from otel-collector-values/, or set otel-gateway.alternateConfig.service.pipelines.%s.exporters" (get $exporters $exporter) $pipeline $exporter $pipeline) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Prometheus's configuration: no scrape job, only how OTLP becomes series.
*/}}
{{- define "otel-demo.prometheusConfig" -}}
# How OTLP names become Prometheus names, set explicitly because the dashboards depend on it:
# dots become underscores, and the unit and type suffixes are added (http.server.request.duration
# in seconds is http_server_request_duration_seconds_bucket/_sum/_count, a counter gets _total).
otlp:
  translation_strategy: UnderscoreEscapingWithSuffixes
  # Resource attributes that become labels of every series (the rest are in target_info);
  # service.name is already the job label.
  promote_resource_attributes:
    - k8s.namespace.name
    - k8s.pod.name
    - k8s.container.name
    - k8s.node.name
    - k8s.deployment.name
    - deployment.environment.name
storage:
  tsdb:
    # The agent batches and the gateway retries: accept points up to this much older than
    # the newest of their series.
    out_of_order_time_window: 10m
{{- end }}

{{/*
A size in bytes (printed as a number): a Prometheus size (B, KB, MB, GB, TB, each 1024 times the
last, or the same with KiB...) or a Kubernetes quantity (k, M, G, T powers of 1000; Ki, Mi, Gi,
Ti powers of 1024). The schema admits only these forms.
*/}}
{{- define "otel-demo.bytes" -}}
{{- $number := regexFind "^[0-9]+(\\.[0-9]+)?" . }}
{{- $unit := trimPrefix $number . }}
{{- $factors := dict "" 1.0 "B" 1.0 "k" 1e3 "M" 1e6 "G" 1e9 "T" 1e12 "KB" 1024.0 "MB" 1048576.0 "GB" 1073741824.0 "TB" 1099511627776.0 "Ki" 1024.0 "Mi" 1048576.0 "Gi" 1073741824.0 "Ti" 1099511627776.0 "KiB" 1024.0 "MiB" 1048576.0 "GiB" 1073741824.0 "TiB" 1099511627776.0 }}
{{- mulf (float64 $number) (get $factors $unit) }}
{{- end }}
