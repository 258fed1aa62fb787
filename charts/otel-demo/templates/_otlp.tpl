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
