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
Create chart name and version as used by the chart label.
*/}}
{{- define "otel-demo.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Common labels. Call with (dict "context" $ "component" "flask-app").
*/}}
{{- define "otel-demo.labels" -}}
helm.sh/chart: {{ include "otel-demo.chart" .context }}
{{ include "otel-demo.selectorLabels" . }}
app.kubernetes.io/version: {{ .context.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .context.Release.Service }}
app.kubernetes.io/part-of: {{ include "otel-demo.name" .context }}
{{- end }}

{{/*
Selector labels. Call with (dict "context" $ "component" "flask-app").
The agent's scrape copies app.kubernetes.io/component into the "app" label.
*/}}
{{- define "otel-demo.selectorLabels" -}}
app.kubernetes.io/name: {{ include "otel-demo.name" .context }}
app.kubernetes.io/instance: {{ .context.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/*
Image reference of one of our programs. Call with (dict "context" $ "image" .Values.flaskApp.image).
*/}}
{{- define "otel-demo.image" -}}
{{- $registry := .context.Values.image.registry | trimSuffix "/" }}
{{- $tag := .image.tag | default .context.Values.image.tag | default .context.Chart.AppVersion }}
{{- if $registry }}
{{- printf "%s/%s:%s" $registry .image.repository $tag }}
{{- else }}
{{- printf "%s:%s" .image.repository $tag }}
{{- end }}
{{- end }}

{{/*
Pod-level security context shared by every pod of this chart.
*/}}
{{- define "otel-demo.podSecurityContext" -}}
{{- toYaml .Values.podSecurityContext }}
{{- end }}

{{/*
Container-level security context shared by every container of this chart.
*/}}
{{- define "otel-demo.containerSecurityContext" -}}
{{- toYaml .Values.containerSecurityContext }}
{{- end }}

{{/*
Pod spec fields shared by every pod of this chart.
*/}}
{{- define "otel-demo.podDefaults" -}}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- /* None of our programs talks to the Kubernetes API. */}}
automountServiceAccountToken: false
securityContext:
  {{- include "otel-demo.podSecurityContext" . | nindent 2 }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/*
Where the instrumented programs send OTLP: the agent on their own node, reached either
through the node's IP and the agent's hostPort, or through the agent's Service with
internalTrafficPolicy Local (for clusters whose policy forbids hostPort).
*/}}
{{- define "otel-demo.agentEndpoint" -}}
{{- $port := ternary 4317 4318 (eq .Values.otlp.protocol "grpc") }}
{{- if eq .Values.otlp.agentAccess "hostPort" }}
{{- printf "http://$(NODE_IP):%d" $port }}
{{- else }}
{{- $agent := index .Values "otel-agent" }}
{{- if not (and $agent.enabled ($agent.service).enabled) }}
{{- fail "otlp.agentAccess=service needs the agent's Service: set otel-agent.enabled=true and otel-agent.service.enabled=true" }}
{{- end }}
{{- printf "http://%s-otel-agent:%d" .Release.Name $port }}
{{- end }}
{{- end }}

{{/*
OpenTelemetry SDK environment of one container. Call with
(dict "context" $ "container" "flask-app" "serviceName" "flask-app-tutorial").
The downward API fills the Kubernetes resource attributes, so every span and metric says
which pod, namespace, node and container it came from even before the agent enriches it.
*/}}
{{- define "otel-demo.otelEnv" -}}
{{- $ := .context }}
- name: NODE_IP
  valueFrom:
    fieldRef:
      fieldPath: status.hostIP
- name: K8S_POD_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: K8S_NAMESPACE_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.namespace
- name: K8S_NODE_NAME
  valueFrom:
    fieldRef:
      fieldPath: spec.nodeName
- name: OTEL_SERVICE_NAME
  value: {{ .serviceName | quote }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ include "otel-demo.agentEndpoint" $ | quote }}
- name: OTEL_EXPORTER_OTLP_PROTOCOL
  value: {{ $.Values.otlp.protocol | quote }}
- name: OTEL_METRIC_EXPORT_INTERVAL
  value: {{ $.Values.otlp.metricExportInterval | quote }}
- name: OTEL_RESOURCE_ATTRIBUTES
  value: {{ printf "k8s.pod.name=$(K8S_POD_NAME),k8s.namespace.name=$(K8S_NAMESPACE_NAME),k8s.node.name=$(K8S_NODE_NAME),k8s.container.name=%s,deployment.environment.name=%s" .container $.Values.environment | quote }}
- name: JAVA_TOOL_OPTIONS
  value: {{ $.Values.jvm.toolOptions | quote }}
{{- end }}

{{/*
An Ingress in front of one component's Service. Call with
(dict "context" $ "component" "flask-app" "ingress" .Values.flaskApp.ingress "servicePort" "http").
*/}}
{{- define "otel-demo.ingress" -}}
{{- $ := .context }}
{{- $serviceName := include "otel-demo.componentName" (dict "context" $ "component" .component) }}
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: {{ $serviceName }}
  labels:
    {{- include "otel-demo.labels" (dict "context" $ "component" .component) | nindent 4 }}
  {{- with .ingress.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  {{- with .ingress.className }}
  ingressClassName: {{ . }}
  {{- end }}
  {{- if .ingress.tlsSecretName }}
  tls:
    - secretName: {{ .ingress.tlsSecretName }}
      {{- with .ingress.host }}
      hosts:
        - {{ . | quote }}
      {{- end }}
  {{- end }}
  rules:
    - {{- with .ingress.host }}
      host: {{ . | quote }}
      {{- end }}
      http:
        paths:
          - path: {{ .ingress.path }}
            pathType: Prefix
            backend:
              service:
                name: {{ $serviceName }}
                port:
                  name: {{ .servicePort }}
{{- end }}

{{/*
The URL the load generator drives: the app's Service.
*/}}
{{- define "otel-demo.targetHost" -}}
{{- $service := include "otel-demo.componentName" (dict "context" . "component" "flask-app") }}
{{- if eq (int .Values.flaskApp.service.port) 80 }}
{{- printf "http://%s" $service }}
{{- else }}
{{- printf "http://%s:%d" $service (int .Values.flaskApp.service.port) }}
{{- end }}
{{- end }}

{{/*
The Secret that holds the loader's basic-auth credentials ("user:pass").
*/}}
{{- define "otel-demo.loaderWebAuthSecretName" -}}
{{- .Values.loader.webAuth.existingSecret | default (include "otel-demo.componentName" (dict "context" . "component" "loader-web-auth")) }}
{{- end }}

{{/*
Values the collector overlays in otel-collector-values/ read from `global`. The collectors'
configuration goes through `tpl` inside the subchart, where these helpers are visible; they
keep the overlays' template expressions short, because the subchart's toYaml folds long
lines, which would split an expression in two.
*/}}
{{- define "otel-demo.googleCloudProject" -}}
{{- required "global.googleCloud.project is required by the google-cloud overlay: the project to export to" ((.Values.global).googleCloud).project }}
{{- end }}

{{- define "otel-demo.googleCloudServiceAccount" -}}
{{- ((.Values.global).googleCloud).workloadIdentityServiceAccount | default (printf "otel-collector@%s.iam.gserviceaccount.com" (include "otel-demo.googleCloudProject" .)) }}
{{- end }}

{{- define "otel-demo.otlpBackendEndpoint" -}}
{{- required "global.otlpBackend.endpoint is required by the otlp-backend overlay: the backend host:port" ((.Values.global).otlpBackend).endpoint }}
{{- end }}
