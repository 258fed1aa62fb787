{{/*
Checks that span several values, run once per render from validate.yaml. Each failure names
the values to change.
*/}}
{{- define "otel-demo.validate" -}}
{{- include "otel-demo.validateAgentAccess" . }}
{{- include "otel-demo.validateCollectorNames" . }}
{{- include "otel-demo.validateLoaderExposure" . }}
{{- include "otel-demo.validateBackends" . }}
{{- end }}

{{/*
The collectors' object names come from the release name (see otel-demo.collectorFullname). The
agent's configuration finds the gateway through otel-demo.gatewayEndpoint, which sees only the
agent's values, so the gateway's name may not be overridden; and a release name that contains
both aliases would give both collectors the same name. (The agent's ClusterRole and
ClusterRoleBinding are cluster-wide and named after the release too: for a second release of
the same name in another namespace Helm refuses them as owned by the first; the chart README
says which values rename them.)
*/}}
{{- define "otel-demo.validateCollectorNames" -}}
{{- $gatewayValues := index .Values "otel-gateway" }}
{{- if or $gatewayValues.fullnameOverride $gatewayValues.nameOverride }}
{{- fail "otel-gateway.fullnameOverride and otel-gateway.nameOverride are not supported: the agent's exporter derives the gateway's Service name from the release name" }}
{{- end }}
{{- $agent := include "otel-demo.collectorFullname" (dict "context" . "alias" "otel-agent") }}
{{- $gateway := include "otel-demo.collectorFullname" (dict "context" . "alias" "otel-gateway") }}
{{- if and (index .Values "otel-agent").enabled $gatewayValues.enabled (eq $agent $gateway) }}
{{- fail (printf "release name %q contains both \"otel-agent\" and \"otel-gateway\": both collectors' objects would be named %q; choose another release name" .Release.Name $agent) }}
{{- end }}
{{- end }}

{{/*
The loader's UI and API start load against any URL: published only with basic auth.
*/}}
{{- define "otel-demo.validateLoaderExposure" -}}
{{- if .Values.loader.enabled }}
{{- if and (ne .Values.loader.master.service.type "ClusterIP") (not .Values.loader.webAuth.enabled) }}
{{- fail (printf "loader.master.service.type=%s publishes the loader's UI and API, which start load against any URL: set loader.webAuth.enabled=true (with loader.webAuth.password or loader.webAuth.existingSecret)" .Values.loader.master.service.type) }}
{{- end }}
{{- if and .Values.loader.ingress.enabled (not .Values.loader.webAuth.enabled) }}
{{- fail "loader.ingress.enabled=true publishes the loader's UI and API, which start load against any URL: set loader.webAuth.enabled=true (with loader.webAuth.password or loader.webAuth.existingSecret)" }}
{{- end }}
{{- end }}
{{- end }}
