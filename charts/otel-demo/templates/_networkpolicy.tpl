{{/*
A NetworkPolicy peer: our pods of one component. Call with (dict "context" $ "component" "loader-worker").
*/}}
{{- define "otel-demo.peerComponent" -}}
- podSelector:
    matchLabels:
      {{- include "otel-demo.selectorLabels" . | nindent 6 }}
{{- end }}

{{/*
The pod labels the collector chart gives one collector. Call with (dict "context" $ "alias" "otel-agent").
*/}}
{{- define "otel-demo.collectorSelectorLabels" -}}
app.kubernetes.io/name: {{ (index .context.Values .alias).nameOverride | default .alias }}
app.kubernetes.io/instance: {{ .context.Release.Name }}
{{- end }}

{{/*
A NetworkPolicy that selects some pods and lets in only the listed ports from the listed peers
(no peers: from anywhere). Call with (dict "context" $ "name" "flask-app" "podLabels" "<yaml>"
"rules" (list (dict "ports" (list 8080) "from" "<yaml list of peers>"))).
*/}}
{{- define "otel-demo.networkPolicy" -}}
{{- $ := .context }}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "otel-demo.componentName" (dict "context" $ "component" .name) }}
  labels:
    {{- include "otel-demo.labels" (dict "context" $ "component" .name) | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- .podLabels | nindent 6 }}
  policyTypes: [Ingress]
  {{- if .rules }}
  ingress:
    {{- range .rules }}
    - ports:
        {{- range .ports }}
        - port: {{ . }}
          protocol: TCP
        {{- end }}
      {{- with .from }}
      from:
        {{- . | nindent 8 }}
      {{- end }}
    {{- end }}
  {{- else }}
  ingress: []
  {{- end }}
{{- end }}
