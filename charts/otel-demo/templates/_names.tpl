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
