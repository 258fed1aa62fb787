{{/*
Expand the name of the chart.
*/}}
{{- define "otel-demo.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Create a default fully qualified app name, truncated at 63 characters because some
Kubernetes name fields are limited to this (by the DNS naming spec). Components append
their own suffix through "otel-demo.componentName", which truncates again.
*/}}
{{- define "otel-demo.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Name of one component's objects, e.g. "otel-demo-flask-app".
Call with (dict "context" $ "component" "flask-app").
*/}}
{{- define "otel-demo.componentName" -}}
{{- printf "%s-%s" (include "otel-demo.fullname" .context) .component | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Name of one collector's objects, as the official chart computes it in its own context (where
.Chart.Name is the alias): "<release>-otel-gateway", or the release name alone when it already
contains the alias. Call with (dict "context" $ "alias" "otel-gateway").
*/}}
{{- define "otel-demo.collectorFullname" -}}
{{- $values := index .context.Values .alias | default dict }}
{{- if $values.fullnameOverride }}
{{- $values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := $values.nameOverride | default .alias }}
{{- if contains $name .context.Release.Name }}
{{- .context.Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .context.Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
The ServiceAccount one component runs as. Call with (dict "context" $ "component" "flask-app").
*/}}
{{- define "otel-demo.serviceAccountName" -}}
{{- if .context.Values.serviceAccount.create }}
{{- include "otel-demo.componentName" . }}
{{- else }}
{{- "default" }}
{{- end }}
{{- end }}
