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
Pod spec fields shared by every pod of this chart. Call with
(dict "context" $ "component" "flask-app" "replicas" 2); replicas above 1 add a topology spread
over nodes and zones.
*/}}
{{- define "otel-demo.podDefaults" -}}
{{- $ := .context }}
serviceAccountName: {{ include "otel-demo.serviceAccountName" (dict "context" $ "component" .component) }}
{{- with $.Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- /* None of our programs talks to the Kubernetes API. */}}
automountServiceAccountToken: false
securityContext:
  {{- include "otel-demo.podSecurityContext" $ | nindent 2 }}
{{- with $.Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $.Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $.Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- if gt (int (.replicas | default 1)) 1 }}
topologySpreadConstraints:
  {{- range $key := list "kubernetes.io/hostname" "topology.kubernetes.io/zone" }}
  - maxSkew: 1
    topologyKey: {{ $key }}
    whenUnsatisfiable: ScheduleAnyway
    labelSelector:
      matchLabels:
        {{- include "otel-demo.selectorLabels" (dict "context" $ "component" $.component) | nindent 8 }}
  {{- end }}
{{- end }}
{{- end }}

{{/*
A PodDisruptionBudget for one of our Deployments, when it runs more than one replica. Call with
(dict "context" $ "component" "flask-app" "replicas" 2).
*/}}
{{- define "otel-demo.podDisruptionBudget" -}}
{{- $ := .context }}
{{- if gt (int .replicas) 1 }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "otel-demo.componentName" (dict "context" $ "component" .component) }}
  labels:
    {{- include "otel-demo.labels" (dict "context" $ "component" .component) | nindent 4 }}
spec:
  maxUnavailable: {{ $.Values.podDisruptionBudget.maxUnavailable }}
  selector:
    matchLabels:
      {{- include "otel-demo.selectorLabels" (dict "context" $ "component" .component) | nindent 6 }}
{{- end }}
{{- end }}

{{/*
The ServiceAccount of one component. Call with (dict "context" $ "component" "flask-app").
*/}}
{{- define "otel-demo.serviceAccount" -}}
{{- $ := .context }}
{{- if $.Values.serviceAccount.create }}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "otel-demo.serviceAccountName" . }}
  labels:
    {{- include "otel-demo.labels" . | nindent 4 }}
  {{- with $.Values.serviceAccount.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
automountServiceAccountToken: false
{{- end }}
{{- end }}
