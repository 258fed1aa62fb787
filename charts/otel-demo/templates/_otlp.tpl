{{/*
Where the instrumented programs send OTLP: the agent on their own node, reached through the
agent's Service with internalTrafficPolicy Local (the default), or through the node's IP and
the agent's hostPort.
*/}}
{{- define "otel-demo.agentEndpoint" -}}
{{- $port := ternary 4317 4318 (eq .Values.otlp.protocol "grpc") }}
{{- if eq .Values.otlp.agentAccess "hostPort" }}
{{- printf "http://$(NODE_IP):%d" $port }}
{{- else }}
{{- printf "http://%s:%d" (include "otel-demo.collectorFullname" (dict "context" . "alias" "otel-agent")) $port }}
{{- end }}
{{- end }}

{{/*
The OTLP port of the agent our programs use: "otlp" (gRPC) or "otlp-http", in the collector
chart's `ports`.
*/}}
{{- define "otel-demo.agentOtlpPortName" -}}
{{- ternary "otlp" "otlp-http" (eq .Values.otlp.protocol "grpc") }}
{{- end }}

{{/*
Stops the render when the agent's values cannot carry otlp.agentAccess: service mode needs the
agent's Service and renders no hostPort at all; hostPort mode needs the hostPort the programs
send to.
*/}}
{{- define "otel-demo.validateAgentAccess" -}}
{{- $agent := index .Values "otel-agent" }}
{{- $portName := include "otel-demo.agentOtlpPortName" . }}
{{- $containerPort := ternary 4317 4318 (eq .Values.otlp.protocol "grpc") }}
{{- if not $agent.enabled }}
{{- fail "otel-agent.enabled=false leaves our programs without their node agent: the chart sends OTLP to it (otlp.agentAccess)" }}
{{- end }}
{{- if eq .Values.otlp.agentAccess "service" }}
{{- if not ($agent.service).enabled }}
{{- fail "otlp.agentAccess=service needs the agent's Service: set otel-agent.service.enabled=true" }}
{{- end }}
{{- range $name, $port := $agent.ports }}
{{- if and (ne (toString $port.enabled) "false") $port.hostPort }}
{{- fail (printf "otlp.agentAccess=service renders no hostPort, but otel-agent.ports.%s.hostPort is %v: set it to 0, or use otlp.agentAccess=hostPort (ci/agent-hostport-values.yaml)" $name $port.hostPort) }}
{{- end }}
{{- end }}
{{- else }}
{{- $port := index ($agent.ports | default dict) $portName | default dict }}
{{- if not (and (ne (toString $port.enabled) "false") (eq (int $port.hostPort) $containerPort)) }}
{{- fail (printf "otlp.agentAccess=hostPort sends to the node's port %d: set otel-agent.ports.%s.enabled=true and otel-agent.ports.%s.hostPort=%d (see ci/agent-hostport-values.yaml)" $containerPort $portName $portName $containerPort) }}
{{- end }}
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
